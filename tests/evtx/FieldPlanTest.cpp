// The field plan (FieldPlan.h) against the template walk it replaces: on every conformance
// file (with and without --recover) and on hand-built records: null optional values dropping
// an element or attribute (a plan for each shape), and the ones that must fall back to the
// walk (an array repeating an element, a BinXml value, UserData mixed content), reading with plans and without must
// give the same Events, field by field, and the same JSON lines; and the plans must actually be used.
#include "evtx/Reader.h"

#include "evtx/EvtxBuilder.h"
#include "support/Conformance.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>

namespace dd::evtx {
namespace {

using namespace test;

constexpr uint64_t kPlanT0 = 131443533882141616ull; // 2017-07-12T17:16:28.2141616Z

// Every field of an Event, the ones the JSON line leaves out included.
std::string describe(const Event &e) {
  auto opt = [](const auto &v) { return v ? std::to_string(*v) : std::string("-"); };
  std::string s = fmt::format("record {} written {} offset {} damaged {} provider [{}] guid [{}] source [{}] id {} "
                              "qualifiers {} version {} level {} task {} opcode {} keywords [{}] created {} "
                              "recordid {} pid {} tid {} channel [{}] computer [{}] user [{}] userdata {}",
                              e.recordId, e.writtenTime, e.offset, e.damaged, e.provider, e.providerGuid,
                              e.eventSourceName, opt(e.eventId), opt(e.qualifiers), opt(e.version), opt(e.level),
                              opt(e.task), opt(e.opcode), e.keywords, opt(e.timeCreated), opt(e.eventRecordId),
                              opt(e.processId), opt(e.threadId), e.channel, e.computer, e.userSid, e.userData);
  for (const auto &item : e.data)
    s += fmt::format(" | [{}]=[{}]", item.name, item.value);
  return s;
}

struct Read {
  Result<FileSummary> summary = Error::at("not read");
  std::vector<std::string> events; // describe() of each
  std::string text;                // Output::Jsonl
  uint64_t plannedRecords = 0, plannedTemplates = 0, unplannedTemplates = 0;
};

Read read(std::span<const uint8_t> bytes, Output output, bool plans, bool recover, unsigned threads = 1) {
  Read r;
  ReadOptions o;
  o.threads = threads;
  o.output = output;
  o.recover = recover;
  o.fieldPlans = plans;
  r.summary = readBytes(bytes, "test.evtx", o, [&](ChunkResult &c) {
    for (const Event &e : c.events)
      r.events.push_back(describe(e));
    r.text += c.text;
    r.plannedRecords += c.plannedRecords;
    r.plannedTemplates += c.plannedTemplates;
    r.unplannedTemplates += c.unplannedTemplates;
  });
  return r;
}

// Reads `bytes` with and without plans (Events and JSON lines) and expects the same; returns
// the planned read of Events.
Read expectSameWithAndWithoutPlans(std::span<const uint8_t> bytes, bool recover, const std::string &what) {
  Read planned = read(bytes, Output::Events, true, recover);
  Read walked = read(bytes, Output::Events, false, recover);
  EXPECT_EQ(planned.summary.ok(), walked.summary.ok()) << what;
  if (planned.summary.ok() && walked.summary.ok()) {
    EXPECT_EQ(planned.summary->records, walked.summary->records) << what;
    EXPECT_EQ(planned.summary->recordsSkipped, walked.summary->recordsSkipped) << what;
    EXPECT_EQ(planned.summary->problems, walked.summary->problems) << what;
  }
  EXPECT_EQ(walked.plannedRecords, 0u) << what;
  EXPECT_EQ(planned.events.size(), walked.events.size()) << what;
  for (size_t i = 0; i < std::min(planned.events.size(), walked.events.size()); ++i)
    EXPECT_EQ(planned.events[i], walked.events[i]) << what << ", event " << i;
  Read plannedJson = read(bytes, Output::Jsonl, true, recover);
  Read walkedJson = read(bytes, Output::Jsonl, false, recover);
  EXPECT_EQ(plannedJson.text, walkedJson.text) << what;
  EXPECT_FALSE(plannedJson.text.empty()) << what;
  // Several threads: each worker keeps its own plans.
  Read threaded = read(bytes, Output::Jsonl, true, recover, 3);
  EXPECT_EQ(threaded.text, walkedJson.text) << what;
  return planned;
}

TEST(EvtxFieldPlan, ConformanceFilesGiveTheSameEventsWithAndWithoutPlans) {
  DD_REQUIRE_CONFORMANCE(dir);
  uint64_t records = 0, planned = 0;
  for (const char *name : {"system.evtx", "security.evtx", "Security_short_selected.evtx",
                           "dcom-10016-remote-launch.evtx", "sample_with_a_bad_chunk_magic.evtx"}) {
    const auto bytes = dd::test::readFileBytes(dir / "evtx" / name);
    ASSERT_FALSE(bytes.empty()) << name;
    for (bool recover : {false, true}) {
      const std::string what = fmt::format("{}{}", name, recover ? " --recover" : "");
      Read r = expectSameWithAndWithoutPlans(bytes, recover, what);
      ASSERT_TRUE(r.summary.ok()) << what;
      std::cout << fmt::format("[ plans    ] {}: {} records, {} filled by a plan, {} walked; "
                               "templates (per chunk): {} planned, {} walked\n",
                               what, r.summary->records, r.plannedRecords, r.summary->records - r.plannedRecords,
                               r.plannedTemplates, r.unplannedTemplates);
      records += r.summary->records;
      planned += r.plannedRecords;
    }
  }
  // The plans must carry most of the work, or this test compares the walk with itself.
  EXPECT_GT(planned, records / 2);
}

// <Event><System>...</System><EventData>...</EventData></Event> in ONE template (the way
// Security logs are written), with optional substitutions and an array-capable <Data>:
//   %0 Provider/@Name (optional)  %1 EventID  %2 Level  %3 TimeCreated/@SystemTime
//   %4 EventRecordID  %5 Channel (optional element)  %6 Computer  %7 Security/@UserID (optional)
//   %8 Data Name="SubjectUserName"  %9 unnamed Data (an array repeats it)
//   %10 Data Name="Extra": "[" %10 "]" with literal text, a char ref and an entity around it
//   %11 Execution/@ProcessID  %12 <Binary> (declared Binary; a BinXml value there is walked)
void inlineTemplate(ChunkWriter &w) {
  w.open("Event", true);
  w.attribute("xmlns");
  w.text("http://schemas.microsoft.com/win/2004/08/events/event");
  w.closeStart();
  w.open("System");
  w.closeStart();
  w.open("Provider", true);
  w.attribute("Name");
  w.sub(0, vt::String, true);
  w.attribute("Guid");
  w.text("{54849625-5478-4994-A5BA-3E3B0328C30D}");
  w.closeEmpty();
  w.element("EventID", 1, vt::UInt16);
  w.element("Level", 2, vt::UInt8);
  w.open("TimeCreated", true);
  w.attribute("SystemTime");
  w.sub(3, vt::FileTime);
  w.closeEmpty();
  w.element("EventRecordID", 4, vt::UInt64);
  w.open("Execution", true);
  w.attribute("ProcessID");
  w.sub(11, vt::UInt32);
  w.closeEmpty();
  w.element("Channel", 5, vt::String, true);
  w.element("Computer", 6, vt::String);
  w.open("Security", true);
  w.attribute("UserID");
  w.sub(7, vt::Sid, true);
  w.closeEmpty();
  w.end(); // System
  w.open("EventData");
  w.closeStart();
  w.open("Data", true);
  w.attribute("Name");
  w.text("SubjectUserName");
  w.closeStart();
  w.sub(8, vt::String);
  w.end();
  w.element("Data", 9, vt::String);
  w.open("Data", true);
  w.attribute("Name");
  w.text("Extra");
  w.closeStart();
  w.text("[");
  w.sub(10, vt::String);
  w.charRef(0xe9);
  w.entityRef("amp");
  w.text("]");
  w.end();
  w.element("Binary", 12, vt::Binary);
  w.end(); // EventData
  w.end(); // Event
}

std::vector<TestValue> inlineValues(uint64_t id) {
  return {str("Microsoft-Windows-Security-Auditing"),
          u16v(4624),
          u8v(0),
          filetime(kPlanT0 + id),
          {vt::UInt64, le<uint64_t>(id)},
          str("Security"),
          str("DC01"),
          sid({1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}),
          str("alice"),
          str("ninth"),
          str("x\"y"),
          {vt::UInt32, le<uint32_t>(4242)},
          null()};
}

void inlineRecord(ChunkWriter &w, uint64_t id, const std::vector<TestValue> &values) {
  const uint32_t start = w.beginRecord(id, kPlanT0 + id);
  w.fragmentHeader();
  w.instance(
      "inline", [&] { inlineTemplate(w); }, values);
  w.eof();
  w.endRecord(start);
}

TEST(EvtxFieldPlan, NullOptionalValuesGetAPlanOfTheirShapeArraysAndBinXmlAreWalked) {
  ChunkWriter w;
  inlineRecord(w, 1, inlineValues(1)); // planned
  auto noChannel = inlineValues(2);
  noChannel[5] = null(); // the optional <Channel> is dropped
  inlineRecord(w, 2, noChannel);
  auto noUser = inlineValues(3);
  noUser[7] = null(); // the optional UserID attribute is dropped
  inlineRecord(w, 3, noUser);
  auto array = inlineValues(4);
  std::vector<uint8_t> two = utf16(std::string("one"));
  two.insert(two.end(), {0, 0});
  auto b = utf16(std::string("two"));
  two.insert(two.end(), b.begin(), b.end());
  two.insert(two.end(), {0, 0});
  array[9] = {vt::String | vt::ArrayFlag, two}; // <Data> written once for each item
  inlineRecord(w, 4, array);
  auto binxml = inlineValues(5);
  binxml[12] = {vt::BinXml, {}}; // a BinXml value (empty: nothing to expand)
  inlineRecord(w, 5, binxml);
  auto nullName = inlineValues(6);
  nullName[0] = null(); // the optional Provider/@Name is dropped
  inlineRecord(w, 6, nullName);
  auto plain = inlineValues(7);
  plain[8] = null();                       // a null value that drops nothing: planned, empty text
  plain[3] = u16v(7);                      // TimeCreated from a value that is not a FILETIME: read back from text
  plain[1] = {vt::Int32, le<int32_t>(-5)}; // EventID: signed, negative: no number
  plain[2] = str(" 4");                    // Level from text
  inlineRecord(w, 7, plain);
  auto escapes = inlineValues(8);
  // JSON escapes, non-ASCII, a surrogate pair, a lone surrogate, trailing NULs (dropped).
  escapes[10] = {vt::String, utf16(std::u16string(u"a\\b\t\x01\"\u00e9\u20ac\xd83d\xde00\xd800z\0\0", 14))};
  escapes[6] = {vt::String, utf16(std::u16string(u"PC\\01\n"))};
  inlineRecord(w, 8, escapes);

  const auto file = evtxFile({w.finish(1)});
  Read r = expectSameWithAndWithoutPlans(file, false, "hand-built");
  ASSERT_TRUE(r.summary.ok()) << r.summary.error().str();
  ASSERT_EQ(r.events.size(), 8u);
  EXPECT_EQ(r.plannedTemplates, 1u);
  // All but the array (record 4) and the BinXml value (record 5): the records with a dropped
  // Channel, UserID or Provider Name each have the plan of their own shape.
  EXPECT_EQ(r.plannedRecords, 6u);
  // A few fields by value, so the comparison is not between two wrong readings.
  Read events = read(file, Output::Events, true, false);
  EXPECT_NE(events.events[0].find("provider [Microsoft-Windows-Security-Auditing] guid "
                                  "[{54849625-5478-4994-A5BA-3E3B0328C30D}]"),
            std::string::npos)
      << events.events[0];
  EXPECT_NE(events.events[0].find("id 4624 qualifiers - version - level 0"), std::string::npos);
  EXPECT_NE(events.events[0].find("pid 4242"), std::string::npos);
  EXPECT_NE(events.events[0].find("user [S-1-5-18]"), std::string::npos);
  EXPECT_NE(events.events[0].find("| [SubjectUserName]=[alice] | [2]=[ninth] | "
                                  "[Extra]=[[x\"y\xc3\xa9&]] | [Binary]=[]"),
            std::string::npos)
      << events.events[0];
  EXPECT_NE(events.events[1].find("channel [] computer [DC01]"), std::string::npos);
  EXPECT_NE(events.events[3].find("| [2]=[one] | [3]=[two] |"), std::string::npos) << events.events[3];
  EXPECT_NE(events.events[6].find("id - qualifiers - version - level 4"), std::string::npos) << events.events[6];
  EXPECT_NE(events.events[6].find("[SubjectUserName]=[] "), std::string::npos);
  Read json = read(file, Output::Jsonl, true, false);
  EXPECT_NE(json.text.find("\"computer\":\"PC\\\\01\\n\""), std::string::npos) << json.text;
  EXPECT_NE(json.text.find("\"Extra\":\"[a\\\\b\\t\\u0001\\\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbdz"
                           "\xc3\xa9&]\""),
            std::string::npos)
      << json.text;
}

TEST(EvtxFieldPlan, UserDataWithMixedContentIsWalked) {
  // <Event><UserData><Wrapper><Outer>%0<Leaf>%1</Leaf></Outer><Plain><A>%2</A></Plain>
  // </Wrapper></UserData></Event>: the pairs are the elements under Wrapper and deeper.
  auto body = [](ChunkWriter &w) {
    w.open("Event");
    w.closeStart();
    w.open("UserData");
    w.closeStart();
    w.open("Wrapper");
    w.closeStart();
    w.open("Outer");
    w.closeStart();
    w.sub(0, vt::String, true);
    w.element("Leaf", 1, vt::String);
    w.end();
    w.open("Plain");
    w.closeStart();
    w.element("A", 2, vt::String);
    w.end();
    w.end();
    w.end();
    w.end();
  };
  ChunkWriter w;
  for (uint64_t id : {1, 2}) {
    const uint32_t start = w.beginRecord(id, kPlanT0 + id);
    w.fragmentHeader();
    w.instance("userdata", [&] { body(w); }, {id == 1 ? str("kept") : str(""), str("leaf"), str("a")});
    w.eof();
    w.endRecord(start);
  }
  const auto file = evtxFile({w.finish(1)});
  Read r = expectSameWithAndWithoutPlans(file, false, "UserData");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.plannedRecords, 0u);
  // An Outer with text keeps its pair; an empty one is dropped for its child.
  EXPECT_NE(r.events[0].find("| [Outer]=[kept] | [Leaf]=[leaf] | [A]=[a]"), std::string::npos) << r.events[0];
  EXPECT_NE(r.events[1].find("userdata true | [Leaf]=[leaf] | [A]=[a]"), std::string::npos) << r.events[1];
}

} // namespace
} // namespace dd::evtx
