// The reader against real Windows logs (../shared/conformance/evtx) and against the peers:
// evtxexport (libevtx-utils) and evtx_dump.py (python3-evtx) when they are installed. For
// every file the records must agree: count, record ids, event ids, times and data values.
// A peer that is not installed is reported SKIPPED, never silently passed.
#include "evtx/Reader.h"
#include "evtx/Value.h"

#include "support/Conformance.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

namespace dd::evtx {
namespace {

namespace fs = std::filesystem;

const char *const Files[] = {"system.evtx", "security.evtx", "Security_short_selected.evtx",
                             "dcom-10016-remote-launch.evtx", "sample_with_a_bad_chunk_magic.evtx"};

struct Command {
  std::string out;
  int status = -1;
};

Command run(const std::string &command) {
  Command r;
  FILE *p = ::popen(command.c_str(), "r");
  if (!p)
    return r;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  const int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string quote(const fs::path &p) { return "'" + p.string() + "'"; }

struct PeerEvent {
  std::string recordId; // EventRecordID
  std::string eventId;
  std::string time; // TimeCreated/@SystemTime
  std::vector<std::string> data;
};

void leaves(const pugi::xml_node &n, std::vector<std::string> &out) {
  bool child = false;
  for (auto c : n.children())
    if (c.type() == pugi::node_element) {
      child = true;
      leaves(c, out);
    }
  if (!child)
    out.push_back(n.child_value());
}

std::vector<PeerEvent> parsePeerXml(const std::string &text) {
  std::string xml = text;
  if (auto events = xml.find("<Events>"); events != std::string::npos) {
    xml = xml.substr(events);
  } else {
    auto first = xml.find("<Event ");
    xml = "<Events>" + (first == std::string::npos ? std::string() : xml.substr(first)) + "</Events>";
  }
  pugi::xml_document doc;
  doc.load_buffer(xml.data(), xml.size());
  std::vector<PeerEvent> out;
  for (auto ev : doc.child("Events").children("Event")) {
    PeerEvent p;
    auto sys = ev.child("System");
    p.recordId = sys.child_value("EventRecordID");
    p.eventId = sys.child_value("EventID");
    p.time = sys.child("TimeCreated").attribute("SystemTime").value();
    for (auto d : ev.child("EventData").children())
      if (d.type() == pugi::node_element)
        p.data.push_back(d.child_value());
    for (auto wrapper : ev.child("UserData").children())
      for (auto c : wrapper.children())
        if (c.type() == pugi::node_element)
          leaves(c, p.data);
    out.push_back(std::move(p));
  }
  return out;
}

std::string lower(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')
      continue; // XML parsers turn CR LF into LF
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
  }
  return out;
}

std::string hexOfBase64(const std::string &b64) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z')
      return c - 'A';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 26;
    if (c >= '0' && c <= '9')
      return c - '0' + 52;
    if (c == '+')
      return 62;
    if (c == '/')
      return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : b64) {
    const int v = val(c);
    if (v < 0)
      continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += fmt::format("{:02X}", (acc >> bits) & 0xff);
    }
  }
  return out;
}

// Same value, allowing for the peers' renderings: time precision (libevtx 9 digits, python
// microseconds computed through a float: within 10 us), python's base64 for binary.
bool sameValue(const std::string &ours, const std::string &peer, bool python) {
  if (lower(ours) == lower(peer))
    return true;
  auto a = parseFileTime(ours), b = parseFileTime(peer);
  if (a && b)
    return python ? (*a > *b ? *a - *b : *b - *a) <= 100 : *a == *b;
  return python && !ours.empty() && hexOfBase64(peer) == ours;
}

struct Ours {
  std::vector<Event> events;
  FileSummary summary;
};

Ours readOurs(const fs::path &file, unsigned threads = 0) {
  Ours o;
  auto s = readEvents(file.string(), threads, [&](const Event &e) { o.events.push_back(e); });
  EXPECT_TRUE(s.ok()) << file;
  if (s.ok())
    o.summary = *s;
  return o;
}

// Compares our events with a peer's, matched by EventRecordID; returns how many matched.
size_t compareWithPeer(const std::string &name, const Ours &ours, const std::vector<PeerEvent> &peer, bool python) {
  std::map<uint64_t, const Event *> byId;
  for (const Event &e : ours.events)
    if (e.eventRecordId)
      byId[*e.eventRecordId] = &e;
  size_t matched = 0, dataCompared = 0;
  for (const PeerEvent &p : peer) {
    if (p.recordId.empty())
      continue; // python's rendering of an overwritten record (checked by count)
    auto it = byId.find(std::stoull(p.recordId));
    if (it == byId.end()) {
      ADD_FAILURE() << name << ": peer record " << p.recordId << " missing from ours";
      continue;
    }
    ++matched;
    const Event &e = *it->second;
    EXPECT_EQ(e.eventId ? std::to_string(*e.eventId) : "", p.eventId) << name << " " << p.recordId;
    EXPECT_TRUE(sameValue(fileTimeText(e.time()), p.time, python))
        << name << " " << p.recordId << ": " << fileTimeText(e.time()) << " vs " << p.time;
    std::vector<std::string> ourData, peerData;
    for (const auto &d : e.data)
      ourData.push_back(d.value);
    peerData = p.data;
    if (python) {
      // python-evtx prints string arrays as <string> lists, keeps elements whose optional
      // value is null and drops control characters; compare the values that are there.
      if (std::any_of(peerData.begin(), peerData.end(),
                      [](const std::string &v) { return v.find("<string>") != std::string::npos; }))
        continue;
      auto drop = [](std::vector<std::string> &v) {
        v.erase(std::remove_if(v.begin(), v.end(),
                               [](const std::string &s) {
                                 return std::all_of(s.begin(), s.end(),
                                                    [](char c) { return static_cast<unsigned char>(c) < 0x20; });
                               }),
                v.end());
      };
      drop(ourData);
      drop(peerData);
    }
    ++dataCompared;
    if (ourData.size() != peerData.size()) {
      ADD_FAILURE() << name << " " << p.recordId << ": " << ourData.size() << " values vs " << peerData.size();
      continue;
    }
    for (size_t i = 0; i < ourData.size(); ++i)
      EXPECT_TRUE(sameValue(ourData[i], peerData[i], python)) << name << " record " << p.recordId << " value " << i + 1
                                                              << ": '" << ourData[i] << "' vs '" << peerData[i] << "'";
  }
  EXPECT_GT(dataCompared, 0u) << name;
  return matched;
}

TEST(EvtxConformance, CountsAndDamageReports) {
  DD_REQUIRE_CONFORMANCE(dir);
  const std::map<std::string, size_t> counts = {{"system.evtx", 1881},
                                                {"security.evtx", 2261},
                                                {"Security_short_selected.evtx", 7},
                                                {"dcom-10016-remote-launch.evtx", 4},
                                                {"sample_with_a_bad_chunk_magic.evtx", 270}};
  for (const char *name : Files) {
    const Ours o = readOurs(dir / "evtx" / name);
    EXPECT_EQ(o.events.size(), counts.at(name)) << name;
    const bool damaged = std::string(name) == "sample_with_a_bad_chunk_magic.evtx";
    EXPECT_EQ(o.summary.anythingSkipped(), damaged) << name;
    if (!damaged) {
      EXPECT_TRUE(o.summary.problems.empty()) << name << ": " << o.summary.problems.front();
    }
  }
  const Ours bad = readOurs(dir / "evtx" / "sample_with_a_bad_chunk_magic.evtx");
  auto has = [&](const std::string &what) {
    return std::any_of(bad.summary.problems.begin(), bad.summary.problems.end(),
                       [&](const std::string &p) { return p.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(has("chunk 6 at offset 0x61000: bad signature (expected \"ElfChnk\"); 15 records "
                  "skipped, reading on"));
  EXPECT_TRUE(has("chunk 10 at offset 0xa1000: bad signature"));
  EXPECT_TRUE(has("chunk 0 at offset 0x1000: record 46741 at offset 0x2fc0: size copy"));
  EXPECT_EQ(bad.summary.damagedChunks, 2u);
  EXPECT_EQ(bad.summary.damagedRecords, 3u);
}

TEST(EvtxConformance, SameRecordsAsEvtxexport) {
  DD_REQUIRE_CONFORMANCE(dir);
  if (::access("/usr/bin/evtxexport", X_OK) != 0)
    GTEST_SKIP() << "evtxexport (libevtx-utils) not installed: comparison skipped";
  for (const char *name : Files) {
    const fs::path file = dir / "evtx" / name;
    const Ours ours = readOurs(file);
    // Record numbers from the text export ("Event number"), fields from the XML export.
    const Command text = run("/usr/bin/evtxexport " + quote(file) + " 2>/dev/null");
    std::vector<uint64_t> numbers;
    std::istringstream lines(text.out);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("Event number", 0) == 0)
        numbers.push_back(std::stoull(line.substr(line.find(':') + 1)));
    const Command xml = run("/usr/bin/evtxexport -f xml " + quote(file) + " 2>/dev/null");
    const auto peer = parsePeerXml(xml.out);
    ASSERT_EQ(peer.size(), numbers.size()) << name;
    if (std::string(name) == "sample_with_a_bad_chunk_magic.evtx") {
      EXPECT_EQ(peer.size(), 267u);
      EXPECT_GE(ours.events.size(), peer.size()); // at least what libevtx recovers
    } else {
      ASSERT_EQ(ours.events.size(), peer.size()) << name;
      for (size_t i = 0; i < numbers.size(); ++i)
        EXPECT_EQ(ours.events[i].recordId, numbers[i]) << name << " record " << i;
    }
    std::set<uint64_t> ourIds;
    for (const auto &e : ours.events)
      ourIds.insert(e.recordId);
    for (uint64_t n : numbers)
      EXPECT_TRUE(ourIds.count(n)) << name << ": record " << n << " of evtxexport missing";
    EXPECT_EQ(compareWithPeer(name, ours, peer, false), peer.size()) << name;
  }
}

TEST(EvtxConformance, SameRecordsAsPythonEvtx) {
  DD_REQUIRE_CONFORMANCE(dir);
  if (::access("/usr/bin/evtx_dump.py", R_OK) != 0 || ::access("/usr/bin/python3", X_OK) != 0)
    GTEST_SKIP() << "evtx_dump.py (python3-evtx) not installed: comparison skipped";
  for (const char *name : Files) {
    const fs::path file = dir / "evtx" / name;
    const Ours ours = readOurs(file);
    const Command py = run("/usr/bin/python3 /usr/bin/evtx_dump.py " + quote(file) + " 2>/dev/null");
    ASSERT_EQ(py.status, 0) << name;
    const auto peer = parsePeerXml(py.out);
    EXPECT_EQ(ours.events.size(), peer.size()) << name;
    const size_t withId = static_cast<size_t>(
        std::count_if(peer.begin(), peer.end(), [](const PeerEvent &p) { return !p.recordId.empty(); }));
    EXPECT_EQ(compareWithPeer(name, ours, peer, true), withId) << name;
  }
}

TEST(EvtxConformance, ThreadCountDoesNotChangeTheOutput) {
  DD_REQUIRE_CONFORMANCE(dir);
  for (const char *name : {"system.evtx", "sample_with_a_bad_chunk_magic.evtx"}) {
    std::string one, three;
    for (auto [threads, out] : {std::pair{1u, &one}, std::pair{3u, &three}}) {
      ReadOptions o;
      o.threads = threads;
      o.output = Output::Jsonl;
      auto s = readFile((dir / "evtx" / name).string(), o, [&, out = out](ChunkResult &c) { *out += c.text; });
      ASSERT_TRUE(s.ok());
    }
    EXPECT_EQ(one, three) << name;
  }
}

TEST(EvtxConformance, DcomEventFields) {
  DD_REQUIRE_CONFORMANCE(dir);
  const Ours o = readOurs(dir / "evtx" / "dcom-10016-remote-launch.evtx");
  size_t remoteLaunch = 0;
  for (const Event &e : o.events) {
    EXPECT_EQ(e.eventId, 10016u);
    EXPECT_EQ(e.channel, "System");
    ASSERT_TRUE(e.find("param1") != nullptr);
    if (*e.find("param2") == "Remote" && *e.find("param3") == "Launch") {
      ++remoteLaunch;
      EXPECT_EQ(e.find("param8")->rfind("S-1-5-", 0), 0u);
      EXPECT_EQ(e.find("param4")->front(), '{'); // CLSID
    }
  }
  EXPECT_GE(remoteLaunch, 1u);
}

// ---- the command line ---------------------------------------------------------------------

TEST(EvtxCli, DumpJsonlXmlAndExitStatus) {
  DD_REQUIRE_CONFORMANCE(dir);
  const std::string bin = DCOMDOCTOR_BINARY;
  const fs::path system = dir / "evtx" / "system.evtx";
  const Command jsonl = run(bin + " evtx dump --jsonl " + quote(system));
  EXPECT_EQ(jsonl.status, 0);
  std::istringstream lines(jsonl.out);
  size_t n = 0, dcom = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    const auto j = nlohmann::json::parse(line);
    for (const char *key :
         {"record_id", "time", "provider", "event_id", "level", "computer", "channel", "user_sid", "data"})
      ASSERT_TRUE(j.contains(key)) << key;
    if (j["event_id"] == 10016 && j["provider"] == "Microsoft-Windows-DistributedCOM")
      ++dcom;
  }
  EXPECT_EQ(n, 1881u);
  EXPECT_EQ(dcom, 16u);

  const Command xml = run(bin + " evtx dump --xml --threads 2 " + quote(system));
  EXPECT_EQ(xml.status, 0);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_buffer(xml.out.data(), xml.out.size()));
  EXPECT_EQ(std::distance(doc.child("Events").children("Event").begin(), doc.child("Events").children("Event").end()),
            1881);

  const fs::path bad = dir / "evtx" / "sample_with_a_bad_chunk_magic.evtx";
  const Command damaged = run(bin + " evtx dump --jsonl " + quote(bad) + " 2>&1 >/dev/null");
  EXPECT_EQ(damaged.status, 1);
  EXPECT_NE(damaged.out.find("dcomdoctor: " + bad.string() +
                             ": chunk 6 at offset 0x61000: bad signature (expected \"ElfChnk\")"),
            std::string::npos)
      << damaged.out;
  const Command missing = run(bin + " evtx dump /nonexistent.evtx 2>&1");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("cannot open"), std::string::npos);
}

// Text mode keeps one record a line: security.evtx holds 467 records whose values have line
// feeds or tabs (4624's and 4672's lists), system.evtx 6; each must still be one line, the same
// number of lines as --jsonl, with the characters escaped.
TEST(EvtxCli, TextDumpIsOneLineARecord) {
  DD_REQUIRE_CONFORMANCE(dir);
  const std::string bin = DCOMDOCTOR_BINARY;
  for (const char *name : {"security.evtx", "system.evtx"}) {
    const fs::path file = dir / "evtx" / name;
    const Command text = run(bin + " evtx dump " + quote(file));
    const Command jsonl = run(bin + " evtx dump --jsonl " + quote(file));
    ASSERT_EQ(text.status, 0) << name;
    size_t withNewline = 0;
    std::istringstream j(jsonl.out);
    for (std::string line; std::getline(j, line);) {
      const auto record = nlohmann::json::parse(line);
      for (const auto &value : record["data"])
        if (value.is_string() && value.get<std::string>().find_first_of("\n\t") != std::string::npos) {
          ++withNewline;
          break;
        }
    }
    EXPECT_GT(withNewline, 0u) << name; // the file does exercise the escaping
    EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'), std::count(jsonl.out.begin(), jsonl.out.end(), '\n'))
        << name;
    EXPECT_EQ(text.out.find('\t'), std::string::npos) << name;
    EXPECT_NE(text.out.find("\\n"), std::string::npos) << name;
  }
}

// Every record number `events` cites as evidence is found as "#N " in `evtx dump`'s text: in the
// two logs saved from a filtered view (their record headers are renumbered from 1) as in the
// others.
TEST(EvtxCli, RecordsEventsCitesAreFoundInTheTextDump) {
  DD_REQUIRE_CONFORMANCE(dir);
  const std::string bin = DCOMDOCTOR_BINARY;
  size_t cited = 0;
  for (const char *name :
       {"Security_short_selected.evtx", "dcom-10016-remote-launch.evtx", "security.evtx", "system.evtx"}) {
    const fs::path file = dir / "evtx" / name;
    const Command events = run(bin + " events --json " + quote(file));
    const Command text = run(bin + " evtx dump " + quote(file));
    ASSERT_EQ(text.status, 0) << name;
    const auto triage = nlohmann::json::parse(events.out);
    for (const auto &finding : triage["findings"])
      for (const auto &evidence : finding["evidence"])
        for (const auto &id : evidence["record_ids"]) {
          ++cited;
          EXPECT_NE(text.out.find(fmt::format(" #{} ", id.get<uint64_t>())), std::string::npos)
              << name << ": record " << id;
        }
  }
  EXPECT_GE(cited, 40u);
  const Command filtered = run(bin + " evtx dump " + quote(dir / "evtx" / "dcom-10016-remote-launch.evtx"));
  EXPECT_NE(filtered.out.find(" #4451 file_record="), std::string::npos) << filtered.out;
}

} // namespace
} // namespace dd::evtx
