// The reader on small hand-built logs: templates and substitutions, the template cache,
// optional and array substitutions, nested binary XML, UserData, XML text, and damage of
// every kind (each reported with its offset, the good records still read, no hang).
#include "evtx/Reader.h"

#include "evtx/EvtxBuilder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace dd::evtx {
namespace {

using namespace test;

constexpr uint64_t T0 = 131443533882141616ull; // 2017-07-12T17:16:28.2141616Z

// <Event xmlns=...><System>... %0..%8 ...</System>%9</Event>
void systemTemplate(ChunkWriter &w) {
  w.open("Event", true);
  w.attribute("xmlns");
  w.text("http://schemas.microsoft.com/win/2004/08/events/event");
  w.closeStart();
  w.open("System");
  w.closeStart();
  w.open("Provider", true);
  w.attribute("Name");
  w.sub(0, vt::String, true);
  w.closeEmpty();
  w.open("EventID", true);
  w.attribute("Qualifiers");
  w.sub(1, vt::UInt16, true);
  w.closeStart();
  w.sub(2, vt::UInt16);
  w.end();
  w.element("Level", 3, vt::UInt8);
  w.open("TimeCreated", true);
  w.attribute("SystemTime");
  w.sub(4, vt::FileTime, true);
  w.closeEmpty();
  w.element("EventRecordID", 5, vt::UInt64, true);
  w.element("Channel", 6, vt::String, true);
  w.element("Computer", 7, vt::String);
  w.open("Security", true);
  w.attribute("UserID");
  w.sub(8, vt::Sid, true);
  w.closeEmpty();
  w.end(); // System
  w.sub(9, vt::BinXml, true);
  w.end(); // Event
}

std::vector<uint8_t> sidBytes() { // S-1-5-21-1-2-3-1002
  std::vector<uint8_t> b{1, 5, 0, 0, 0, 0, 0, 5};
  for (uint32_t v : {21u, 1u, 2u, 3u, 1002u}) {
    auto x = le(v);
    b.insert(b.end(), x.begin(), x.end());
  }
  return b;
}

// Writes one record with the system template and an EventData fragment as value 9.
// Writes one record with the system template (values 0..8 from `system`) and, as value 9,
// the binary XML `eventDataFragment` writes. Names and templates inside value 9 must sit at
// their final chunk offsets, so the record is first written with an empty value 9 into a
// copy of the writer, which tells where value 9 will start (it is the last value).
void record(ChunkWriter &w, uint64_t id, const std::vector<TestValue> &system,
            const std::function<void(ChunkWriter &)> &eventDataFragment) {
  const uint32_t start = w.beginRecord(id, T0 + id);
  w.fragmentHeader();
  std::vector<TestValue> values = system;
  values.resize(9);
  if (eventDataFragment) {
    ChunkWriter probe = w;
    TestValue placeholder{vt::BinXml, {}};
    auto v = values;
    v.push_back(placeholder);
    probe.instance(
        "system", [&] { systemTemplate(probe); }, v);
    // probe.pos() is where value 9's bytes begin (it is last and empty).
    ChunkWriter frag = probe;
    const uint32_t begin = frag.pos();
    eventDataFragment(frag);
    TestValue nine{vt::BinXml, std::vector<uint8_t>(frag.c.begin() + begin, frag.c.end())};
    values.push_back(nine);
    w.instance(
        "system", [&] { systemTemplate(w); }, values);
    // Keep the names and templates the fragment defined known to later records.
    w.adopt(frag);
  } else {
    values.push_back(null());
    w.instance(
        "system", [&] { systemTemplate(w); }, values);
  }
  w.eof();
  w.endRecord(start);
}

std::vector<TestValue> systemValues(uint16_t eventId, uint64_t recordId, bool withUser = true) {
  return {str("Microsoft-Windows-DistributedCOM"),
          u16v(0),
          u16v(eventId),
          u8v(2),
          filetime(T0),
          {vt::UInt64, le<uint64_t>(recordId)},
          str("System"),
          str("OPCSRV"),
          withUser ? sid(sidBytes()) : null()};
}

// <EventData><Data Name="param1">%0</Data><Data>%1</Data></EventData>
void dcomEventData(ChunkWriter &f, const std::vector<TestValue> &values) {
  f.fragmentHeader();
  f.instance(
      "eventdata",
      [&] {
        f.open("EventData");
        f.closeStart();
        f.open("Data", true);
        f.attribute("Name");
        f.text("param1");
        f.closeStart();
        f.sub(0, vt::String);
        f.end();
        f.open("Data");
        f.closeStart();
        f.sub(1, vt::String);
        f.end();
        f.end();
      },
      values);
  f.eof();
}

struct Decoded {
  Result<FileSummary> summary = Error::at("not read");
  std::vector<Event> events;
  std::string xml;
};

Decoded decode(const std::vector<uint8_t> &file, Output output = Output::Events, unsigned threads = 1,
               bool recover = false) {
  Decoded d;
  ReadOptions o;
  o.threads = threads;
  o.output = output;
  o.recover = recover;
  d.summary = readBytes(file, "test.evtx", o, [&](ChunkResult &c) {
    d.events.insert(d.events.end(), c.events.begin(), c.events.end());
    d.xml += c.text;
  });
  return d;
}

bool mentions(const FileSummary &s, const std::string &what) {
  return std::any_of(s.problems.begin(), s.problems.end(),
                     [&](const std::string &p) { return p.find(what) != std::string::npos; });
}

ChunkWriter twoDcomRecords() {
  ChunkWriter w;
  record(w, 1, systemValues(10016, 101), [](ChunkWriter &f) {
    dcomEventData(f, {str("application-specific"), str("Remote")});
  });
  record(w, 2, systemValues(10016, 102, false), [](ChunkWriter &f) {
    dcomEventData(f, {str("machine-default"), str("Local")});
  });
  return w;
}

TEST(EvtxReader, TemplatesSubstitutionsAndTheTemplateCache) {
  ChunkWriter w = twoDcomRecords();
  auto d = decode(evtxFile({w.finish(1)}));
  ASSERT_TRUE(d.summary.ok()) << d.summary.error().str();
  EXPECT_TRUE(d.summary->problems.empty()) << d.summary->problems.front();
  EXPECT_FALSE(d.summary->anythingSkipped());
  ASSERT_EQ(d.events.size(), 2u);
  const Event &e = d.events[0];
  EXPECT_EQ(e.recordId, 1u);
  EXPECT_EQ(e.writtenTime, T0 + 1);
  EXPECT_EQ(e.provider, "Microsoft-Windows-DistributedCOM");
  EXPECT_EQ(e.eventId, 10016u);
  EXPECT_EQ(e.qualifiers, 0u);
  EXPECT_EQ(e.level, 2u);
  EXPECT_EQ(e.timeCreated, T0);
  EXPECT_EQ(e.eventRecordId, 101u);
  EXPECT_EQ(e.channel, "System");
  EXPECT_EQ(e.computer, "OPCSRV");
  EXPECT_EQ(e.userSid, "S-1-5-21-1-2-3-1002");
  ASSERT_EQ(e.data.size(), 2u);
  EXPECT_EQ(e.data[0].name, "param1");
  EXPECT_EQ(e.data[0].value, "application-specific");
  EXPECT_EQ(e.data[1].name, "2"); // unnamed Data: its position
  EXPECT_EQ(e.data[1].value, "Remote");
  // The second record names both templates by offset (the cache) and has no user.
  const Event &f = d.events[1];
  EXPECT_EQ(f.eventRecordId, 102u);
  EXPECT_EQ(f.userSid, "");
  EXPECT_EQ(*f.find("param1"), "machine-default");
}

TEST(EvtxReader, XmlText) {
  ChunkWriter w = twoDcomRecords();
  auto d = decode(evtxFile({w.finish(1)}), Output::Xml);
  ASSERT_TRUE(d.summary.ok());
  const std::string first = d.xml.substr(0, d.xml.find("\n<Event", 1));
  EXPECT_EQ(first, "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
                   "  <System>\n"
                   "    <Provider Name=\"Microsoft-Windows-DistributedCOM\"/>\n"
                   "    <EventID Qualifiers=\"0\">10016</EventID>\n"
                   "    <Level>2</Level>\n"
                   "    <TimeCreated SystemTime=\"2017-07-12T17:16:28.2141616Z\"/>\n"
                   "    <EventRecordID>101</EventRecordID>\n"
                   "    <Channel>System</Channel>\n"
                   "    <Computer>OPCSRV</Computer>\n"
                   "    <Security UserID=\"S-1-5-21-1-2-3-1002\"/>\n"
                   "  </System>\n"
                   "  <EventData>\n"
                   "    <Data Name=\"param1\">application-specific</Data>\n"
                   "    <Data>Remote</Data>\n"
                   "  </EventData>\n"
                   "</Event>");
  // Record 2: the optional UserID is null, so the attribute is left out.
  EXPECT_NE(d.xml.find("<Security/>"), std::string::npos);
}

TEST(EvtxReader, OptionalNullsAndEscaping) {
  ChunkWriter w;
  auto values = systemValues(7036, 5);
  values[0] = null();             // Provider/@Name: attribute dropped
  values[6] = null();             // <Channel>: element dropped
  values[7] = str("A&B <\"x\">"); // escaped in XML
  record(w, 5, values, nullptr);
  auto file = evtxFile({w.finish(5)});
  auto x = decode(file, Output::Xml);
  ASSERT_TRUE(x.summary.ok());
  EXPECT_NE(x.xml.find("<Provider/>"), std::string::npos) << x.xml;
  EXPECT_EQ(x.xml.find("<Channel"), std::string::npos) << x.xml;
  EXPECT_NE(x.xml.find("<Computer>A&amp;B &lt;\"x\"&gt;</Computer>"), std::string::npos) << x.xml;
  auto e = decode(file);
  ASSERT_EQ(e.events.size(), 1u);
  EXPECT_EQ(e.events[0].provider, "");
  EXPECT_EQ(e.events[0].channel, "");
  EXPECT_EQ(e.events[0].computer, "A&B <\"x\">");
  EXPECT_TRUE(e.events[0].data.empty());
  std::string json;
  appendJsonLine(json, e.events[0]);
  EXPECT_NE(json.find("\"computer\":\"A&B <\\\"x\\\">\""), std::string::npos) << json;
  EXPECT_EQ(json.back(), '\n');
}

TEST(EvtxReader, ArraySubstitutionRepeatsTheElement) {
  ChunkWriter w;
  auto arrayData = [](const TestValue &array) {
    return [array](ChunkWriter &f) {
      f.fragmentHeader();
      f.instance("array",
                 [&] {
                   f.open("EventData");
                   f.closeStart();
                   f.element("Data", 0, vt::String | vt::ArrayFlag);
                   f.end();
                 },
                 {array});
      f.eof();
    };
  };
  std::vector<uint8_t> three;
  for (const char *s : {"10.00.", "", "Multiprocessor Free"}) {
    auto b = utf16(std::string(s));
    three.insert(three.end(), b.begin(), b.end());
    three.push_back(0);
    three.push_back(0);
  }
  record(w, 1, systemValues(6009, 1), arrayData({vt::String | vt::ArrayFlag, three}));
  record(w, 2, systemValues(6009, 2), arrayData({vt::String | vt::ArrayFlag, {}}));
  auto d = decode(evtxFile({w.finish(1)}));
  ASSERT_EQ(d.events.size(), 2u);
  ASSERT_EQ(d.events[0].data.size(), 3u);
  EXPECT_EQ(d.events[0].data[0].name, "1");
  EXPECT_EQ(d.events[0].data[0].value, "10.00.");
  EXPECT_EQ(d.events[0].data[1].value, "");
  EXPECT_EQ(d.events[0].data[2].name, "3");
  EXPECT_EQ(d.events[0].data[2].value, "Multiprocessor Free");
  ASSERT_EQ(d.events[1].data.size(), 1u); // an empty array: one empty element
  EXPECT_EQ(d.events[1].data[0].value, "");
}

TEST(EvtxReader, UserDataLeaves) {
  ChunkWriter w;
  record(w, 1, systemValues(1102, 1), [](ChunkWriter &f) {
    f.fragmentHeader();
    f.open("UserData");
    f.closeStart();
    f.open("LogFileCleared");
    f.closeStart();
    f.open("SubjectUserName");
    f.closeStart();
    f.text("OPCUSER");
    f.end();
    f.open("Inner");
    f.closeStart();
    f.open("Leaf");
    f.closeStart();
    f.text("x");
    f.charRef(0x41);
    f.entityRef("amp");
    f.end();
    f.end();
    f.end();
    f.end();
    f.eof();
  });
  auto d = decode(evtxFile({w.finish(1)}));
  ASSERT_EQ(d.events.size(), 1u) << d.summary->problems.size();
  const Event &e = d.events[0];
  EXPECT_TRUE(e.userData);
  ASSERT_EQ(e.data.size(), 2u);
  EXPECT_EQ(e.data[0].name, "SubjectUserName");
  EXPECT_EQ(e.data[0].value, "OPCUSER");
  EXPECT_EQ(e.data[1].name, "Leaf");
  EXPECT_EQ(e.data[1].value, "xA&");
}

// ---- damage ---------------------------------------------------------------------------------

TEST(EvtxReader, NotAnEvtxFile) {
  std::vector<uint8_t> junk(70000, 'x');
  auto d = decode(junk);
  ASSERT_FALSE(d.summary.ok());
  EXPECT_NE(d.summary.error().message.find("expected \"ElfFile\""), std::string::npos);
  auto empty = decode({});
  EXPECT_FALSE(empty.summary.ok());
}

TEST(EvtxReader, BadChunkSignatureIsReportedAndTheOtherChunksRead) {
  ChunkWriter a = twoDcomRecords();
  ChunkWriter b = twoDcomRecords();
  auto bad = b.finish(3);
  std::memcpy(bad.data(), "XXXXXXXX", 8);
  std::vector<uint8_t> unused(65536, 0);
  auto file = evtxFile({a.finish(1), bad, unused, twoDcomRecords().finish(5)});
  for (unsigned threads : {1u, 3u}) {
    auto d = decode(file, Output::Events, threads);
    ASSERT_TRUE(d.summary.ok());
    EXPECT_EQ(d.events.size(), 4u);
    EXPECT_EQ(d.events[2].offset, 4096u + 3 * 65536 + 512); // in order, past the damage
    EXPECT_EQ(d.summary->damagedChunks, 1u);
    EXPECT_EQ(d.summary->emptyChunks, 1u);
    EXPECT_EQ(d.summary->recordsSkipped, 2u);
    EXPECT_TRUE(d.summary->anythingSkipped());
    EXPECT_TRUE(mentions(*d.summary, "chunk 1 at offset 0x11000: bad signature (expected "
                                     "\"ElfChnk\"); 2 records skipped, reading on"))
        << d.summary->problems.front();
  }
  // --recover reads the records of the chunk whose header is unusable.
  auto r = decode(file, Output::Events, 1, true);
  EXPECT_EQ(r.events.size(), 6u);
}

TEST(EvtxReader, ChecksumsAreVerified) {
  auto chunk = twoDcomRecords().finish(1);
  chunk[8] ^= 1;   // header field: header CRC no longer matches
  chunk[600] ^= 0; // (no change)
  auto file = evtxFile({chunk});
  file[124] ^= 0xff; // file header CRC
  auto d = decode(file);
  ASSERT_TRUE(d.summary.ok());
  EXPECT_TRUE(mentions(*d.summary, "file header: checksum"));
  EXPECT_TRUE(mentions(*d.summary, "chunk 0 at offset 0x1000: header checksum"));
  EXPECT_EQ(d.events.size(), 2u); // checksums are reported, records still read
}

TEST(EvtxReader, OverwrittenRecordEndIsDeliveredAndReported) {
  ChunkWriter w = twoDcomRecords();
  auto chunk = w.finish(1);
  // Zero the size copy of record 2 (like sample_with_a_bad_chunk_magic.evtx).
  const uint32_t second = 512 + (chunk[516] | chunk[517] << 8);
  const uint32_t size = chunk[second + 4] | chunk[second + 5] << 8;
  std::memset(chunk.data() + second + size - 4, 0, 4);
  auto d = decode(evtxFile({chunk}));
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_TRUE(d.events[1].damaged);
  EXPECT_EQ(d.summary->damagedRecords, 1u);
  EXPECT_TRUE(mentions(*d.summary, "record 2 at offset 0x"));
  EXPECT_TRUE(mentions(*d.summary, "event records checksum"));
}

TEST(EvtxReader, UndecodableRecordIsSkippedAndTheNextOneRead) {
  ChunkWriter w;
  record(w, 1, systemValues(1, 1), nullptr);
  const uint32_t start = w.beginRecord(2, T0);
  w.fragmentHeader();
  w.u8(0x3f); // no such token
  w.eof();
  w.endRecord(start);
  record(w, 3, systemValues(3, 3), nullptr);
  auto d = decode(evtxFile({w.finish(1)}));
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[1].recordId, 3u);
  EXPECT_EQ(d.summary->recordsSkipped, 1u);
  EXPECT_TRUE(mentions(*d.summary, "unknown binary XML token 0x3f"));
}

TEST(EvtxReader, BrokenFramingStopsTheWalkUnlessRecovering) {
  ChunkWriter w;
  record(w, 1, systemValues(1, 1), nullptr);
  const uint32_t junk = w.pos();
  for (int i = 0; i < 16; ++i)
    w.u8(0x55); // garbage where a record should start
  record(w, 2, systemValues(2, 2), nullptr);
  auto chunk = w.finish(1);
  // The header counts 2 records; the garbage is between them.
  auto d = decode(evtxFile({chunk}));
  EXPECT_EQ(d.events.size(), 1u);
  EXPECT_TRUE(mentions(*d.summary, fmt::format("offset 0x{:x}: bad record signature", 4096 + junk)));
  EXPECT_TRUE(mentions(*d.summary, "1 intact records after it: --recover reads them"));
  auto r = decode(evtxFile({chunk}), Output::Events, 1, true);
  EXPECT_EQ(r.events.size(), 2u);
}

TEST(EvtxReader, TemplateThatIncludesItselfIsAnErrorNotAHang) {
  ChunkWriter w;
  const uint32_t start = w.beginRecord(1, T0);
  w.fragmentHeader();
  // Template instance whose definition contains an instance of the same definition.
  w.u8(0x0c);
  w.u8(1);
  w.u32(1);
  const uint32_t def = w.pos() + 4;
  w.u32(def);
  w.u32(0);
  w.append(std::vector<uint8_t>(16, 0));
  const uint32_t sizeAt = w.pos();
  w.u32(0);
  const uint32_t body = w.pos();
  w.fragmentHeader();
  w.u8(0x0c);
  w.u8(1);
  w.u32(1);
  w.u32(def); // itself
  w.u32(0);   // no values
  w.eof();
  w.patch32(sizeAt, w.pos() - body);
  w.u32(0);
  w.eof();
  w.endRecord(start);
  auto d = decode(evtxFile({w.finish(1)}));
  ASSERT_TRUE(d.summary.ok());
  EXPECT_EQ(d.events.size(), 0u);
  EXPECT_TRUE(mentions(*d.summary, "refers to itself"));
}

TEST(EvtxReader, DeeplyNestedBinXmlIsAnErrorNotACrash) {
  // Value 0 of each level is a BinXml fragment holding the next level, 40 deep.
  ChunkWriter w;
  const uint32_t start = w.beginRecord(1, T0);
  std::function<void(int)> level = [&](int depth) {
    w.fragmentHeader();
    if (depth == 0) {
      w.open("Event");
      w.closeEmpty();
    } else {
      ChunkWriter probe = w;
      probe.instance("nest", [&] { probe.sub(0, vt::BinXml); }, {{vt::BinXml, {}}});
      ChunkWriter inner = probe;
      const uint32_t begin = inner.pos();
      std::swap(w, inner);
      level(depth - 1);
      std::swap(w, inner);
      TestValue v{vt::BinXml, std::vector<uint8_t>(inner.c.begin() + begin, inner.c.end())};
      w.instance("nest", [&] { w.sub(0, vt::BinXml); }, {v});
      w.adopt(inner);
    }
    w.eof();
  };
  level(40);
  w.endRecord(start);
  auto d = decode(evtxFile({w.finish(1)}));
  ASSERT_TRUE(d.summary.ok());
  EXPECT_EQ(d.events.size(), 0u);
  EXPECT_TRUE(mentions(*d.summary, "nested too deeply"))
      << (d.summary->problems.empty() ? "" : d.summary->problems.front());
}

TEST(EvtxReader, TruncatedFileAndPartialChunk) {
  auto file = evtxFile({twoDcomRecords().finish(1), twoDcomRecords().finish(3)});
  file.resize(file.size() - 40000);
  auto d = decode(file);
  ASSERT_TRUE(d.summary.ok());
  EXPECT_EQ(d.events.size(), 2u);
  EXPECT_TRUE(mentions(*d.summary, "bytes at the end of the file"));
  EXPECT_TRUE(d.summary->anythingSkipped());
  std::vector<uint8_t> headerOnly(file.begin(), file.begin() + 2000);
  EXPECT_FALSE(decode(headerOnly).summary.ok());
}

TEST(EvtxReader, ThreadsGiveTheSameOutputInTheSameOrder) {
  std::vector<std::vector<uint8_t>> chunks;
  for (int i = 0; i < 12; ++i)
    chunks.push_back(twoDcomRecords().finish(1 + 2 * i));
  auto file = evtxFile(chunks);
  auto one = decode(file, Output::Jsonl, 1);
  auto four = decode(file, Output::Jsonl, 4);
  ASSERT_TRUE(one.summary.ok() && four.summary.ok());
  EXPECT_EQ(one.xml, four.xml);
  EXPECT_EQ(std::count(one.xml.begin(), one.xml.end(), '\n'), 24);
}

TEST(EvtxReader, ThreadsHandChunksOverInBatchesAndKeepTheOrder) {
  // Chunks go to the workers a few at a time: counts around the batch size (4) and the number
  // of batches in flight (2 a thread), including a last batch that is not full.
  for (int count : {1, 3, 4, 5, 8, 9, 13, 17, 33}) {
    std::vector<std::vector<uint8_t>> chunks;
    for (int i = 0; i < count; ++i)
      chunks.push_back(twoDcomRecords().finish(1 + 2 * static_cast<uint64_t>(i)));
    auto file = evtxFile(chunks);
    auto one = decode(file, Output::Jsonl, 1);
    ASSERT_TRUE(one.summary.ok());
    EXPECT_EQ(one.summary->chunks, static_cast<uint64_t>(count));
    EXPECT_EQ(std::count(one.xml.begin(), one.xml.end(), '\n'), 2 * count);
    for (unsigned threads : {2u, 3u}) {
      auto many = decode(file, Output::Jsonl, threads);
      ASSERT_TRUE(many.summary.ok());
      EXPECT_EQ(many.summary->chunks, one.summary->chunks) << count << " chunks, " << threads << " threads";
      EXPECT_EQ(many.summary->records, one.summary->records) << count << " chunks, " << threads << " threads";
      EXPECT_EQ(many.xml, one.xml) << count << " chunks, " << threads << " threads";
    }
  }
}

} // namespace
} // namespace dd::evtx
