// The `events` verb as an administrator uses it (issue "the first hour of a real user"): findings
// per computer with a per-host summary, a record counted once when a log is given twice,
// filters, CSV, a missing file reported while the rest is read, and failures that are not DCOM
// (Remote Desktop logons, DCOM lateral movement) reported as what they are.
#include "support/Conformance.h"

#include "audit/Assessment.h"
#include "audit/Triage.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>

using namespace dd::audit;

namespace {

// A 10016 as Windows 10 logs it (numbered data), on `computer`, record `id`.
EventRecord launchDenied(const std::string &computer, uint64_t id, const std::string &time,
                         const std::string &clsid = "{6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}") {
  EventRecord r;
  r.file = "System.evtx";
  r.recordId = id;
  r.timeUtc = time;
  r.provider = "Microsoft-Windows-DistributedCOM";
  r.channel = "System";
  r.eventId = 10016;
  r.level = 2;
  r.computer = computer;
  for (const char *v : {"application-specific", "Remote", "Launch"})
    r.data.emplace_back("", v);
  r.data.emplace_back("", clsid);
  for (const char *v : {"{0F8C4A8B-0000-0000-0000-000000000001}", "PLANT", "opcuser", "S-1-5-21-1-2-3-1104",
                        "10.0.3.21", "Unavailable", "Unavailable"})
    r.data.emplace_back("", v);
  for (size_t i = 0; i < r.data.size(); ++i)
    r.data[i].first = "param" + std::to_string(i + 1);
  return r;
}

// A 4625 with named data.
EventRecord logonFailed(const std::string &logonType, const std::string &address) {
  EventRecord r;
  r.file = "Security.evtx";
  r.recordId = 77;
  r.timeUtc = "2024-05-02T08:00:00.000000Z";
  r.provider = "Microsoft-Windows-Security-Auditing";
  r.channel = "Security";
  r.eventId = 4625;
  r.level = 0;
  r.computer = "OPCSRV";
  r.data = {{"TargetUserName", "administrator"},
            {"TargetDomainName", "OPCSRV"},
            {"Status", "0xc000006d"},
            {"FailureReason", "%%2313"},
            {"SubStatus", "0xc000006a"},
            {"LogonType", logonType},
            {"WorkstationName", "-"},
            {"IpAddress", address}};
  return r;
}

} // namespace

TEST(EventsVerb, FindingsArePerComputerWithASummary) {
  Triage t{Directory{}};
  EXPECT_TRUE(t.add(launchDenied("OPCSRV1", 1, "2024-05-01T10:00:00Z")));
  EXPECT_TRUE(t.add(launchDenied("OPCSRV2", 1, "2024-05-01T10:00:00Z")));
  EXPECT_TRUE(t.add(launchDenied("OPCSRV2", 2, "2024-05-01T11:00:00Z")));
  auto findings = t.findings();
  ASSERT_EQ(findings.size(), 2u); // before: one finding naming only OPCSRV1
  EXPECT_EQ(findings[0].computer, "OPCSRV2");
  EXPECT_EQ(findings[0].count, 2u);
  InputSummary in{"System.evtx", 3, 3};
  std::string text = renderFindings(findings, {in}, t.directory());
  EXPECT_NE(text.find("grouped per computer"), std::string::npos) << text;
  EXPECT_NE(text.find("  OPCSRV2: 1 finding (1 error, 0 warnings, 0 info), 2 events"), std::string::npos) << text;
  auto j = findingsJson(findings, {in}, t.directory());
  ASSERT_EQ(j["computers"].size(), 2u);
  EXPECT_EQ(j["computers"][1]["computer"], "OPCSRV1");
}

TEST(EventsVerb, ARecordReadTwiceCountsOnce) {
  Triage t{Directory{}};
  EXPECT_TRUE(t.add(launchDenied("OPCSRV", 5, "2024-05-01T10:00:00Z")));
  EventRecord copy = launchDenied("OPCSRV", 5, "2024-05-01T10:00:00Z");
  copy.file = "copy-of-System.evtx";
  EXPECT_FALSE(t.add(copy));
  EXPECT_EQ(t.duplicates(), 1u);
  EXPECT_EQ(t.findings().at(0).count, 1u);
}

TEST(EventsVerb, Filters) {
  TriageFilter f;
  f.since = *normaliseTime("2024-05-01");
  f.until = *normaliseTime("2024-05-01T10:30Z");
  EXPECT_TRUE(f.accepts(launchDenied("OPCSRV", 1, "2024-05-01T10:00:00.1234567Z")));
  EXPECT_TRUE(f.accepts(launchDenied("OPCSRV", 1, "2024-05-01T10:30:00.9Z"))); // through its last second
  EXPECT_FALSE(f.accepts(launchDenied("OPCSRV", 1, "2024-05-01T10:31:00Z")));
  EXPECT_FALSE(f.accepts(launchDenied("OPCSRV", 1, "2024-04-30T23:59:59Z")));
  TriageFilter byHost;
  byHost.computers = {"opcsrv"};
  EXPECT_TRUE(byHost.accepts(launchDenied("OPCSRV.plant.local", 1, "")));
  EXPECT_FALSE(byHost.accepts(launchDenied("OPCSRV2", 1, "")));
  TriageFilter byId;
  byId.ids = {4625};
  EXPECT_FALSE(byId.accepts(launchDenied("OPCSRV", 1, "")));
  TriageFilter byLevel;
  byLevel.levels = {*parseLevel("audit")};
  EXPECT_TRUE(byLevel.accepts(logonFailed("3", "10.0.3.21")));
  EXPECT_FALSE(byLevel.accepts(launchDenied("OPCSRV", 1, "")));
  EXPECT_FALSE(normaliseTime("yesterday"));
  EXPECT_FALSE(normaliseTime("2024-05-01T25"));
  EXPECT_FALSE(parseLevel("loud"));
}

TEST(EventsVerb, CsvHasOneLinePerFinding) {
  Triage t{Directory{}};
  t.add(launchDenied("OPCSRV", 1, "2024-05-01T10:00:00Z"));
  std::string csv = renderFindingsCsv(t.findings());
  EXPECT_EQ(csv.rfind("severity,count,event_id,provider,log,computer,", 0), 0u);
  EXPECT_NE(csv.find("\r\nerror,1,10016,Microsoft-Windows-DistributedCOM,System,OPCSRV,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("System.evtx:1"), std::string::npos) << csv;
}

TEST(EventsVerb, RemoteDesktopLogonFailureIsNotDcom) {
  Triage t{Directory{}};
  t.add(logonFailed("10", "203.0.113.9"));
  const auto findings = t.findings();
  const Finding &f = findings.at(0);
  EXPECT_EQ(f.assessment.hresult, nullptr); // before: "the client sees 0x80070005"
  EXPECT_NE(f.assessment.what.find("Remote Desktop"), std::string::npos) << f.assessment.what;
  EXPECT_NE(f.assessment.what.find("not a DCOM connection"), std::string::npos) << f.assessment.what;
  EXPECT_NE(f.assessment.fix.find("3389"), std::string::npos) << f.assessment.fix;
  // A network logon (type 3) stays a DCOM candidate.
  Triage n{Directory{}};
  n.add(logonFailed("3", "10.0.3.21"));
  const auto network = n.findings();
  ASSERT_NE(network.at(0).assessment.hresult, nullptr);
  // %%2313 is translated in the parameters.
  bool translated = false;
  for (const auto &[name, value] : network.at(0).facts.parameters)
    translated = translated || (name == "FailureReason" && value == "Unknown user name or bad password.");
  EXPECT_TRUE(translated);
}

TEST(EventsVerb, RemoteLaunchOfShellWindowsIsLateralMovement) {
  Triage t{Directory{}};
  t.add(launchDenied("OPCSRV", 1, "2024-05-01T10:00:00Z", "{9BA05972-F6A8-11CF-A442-00A0C90A8F39}"));
  const auto findings = t.findings();
  const Finding &f = findings.at(0);
  EXPECT_NE(f.assessment.what.find("ShellWindows"), std::string::npos) << f.assessment.what;
  EXPECT_NE(f.assessment.what.find("lateral-movement"), std::string::npos) << f.assessment.what;
  EXPECT_EQ(f.assessment.fix.find("add "), std::string::npos) << f.assessment.fix; // not "grant launch"
  EXPECT_NE(f.assessment.source.find("T1021.003"), std::string::npos);
}

TEST(EventsVerb, MissingFileIsReportedAndTheRestRead) {
  DD_REQUIRE_CONFORMANCE(dir);
  std::string file = (dir / "evtx" / "dcom-10016-remote-launch.evtx").string();
  auto out = std::filesystem::temp_directory_path() / ("dd-events-" + std::to_string(::getpid()));
  std::string cmd = std::string("'") + DCOMDOCTOR_BINARY + "' events /nonexistent/System.evtx '" + file + "' '" + file +
                    "' --csv >'" + out.string() + ".out' 2>'" + out.string() + ".err'";
  int raw = std::system(cmd.c_str());
  std::ifstream o(out.string() + ".out"), e(out.string() + ".err");
  std::string stdoutText((std::istreambuf_iterator<char>(o)), std::istreambuf_iterator<char>());
  std::string stderrText((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
  std::filesystem::remove(out.string() + ".out");
  std::filesystem::remove(out.string() + ".err");
  EXPECT_EQ(WEXITSTATUS(raw), 1) << stderrText; // before: exit 2, nothing read
  EXPECT_NE(stderrText.find("dcomdoctor: /nonexistent/System.evtx: cannot open"), std::string::npos) << stderrText;
  EXPECT_NE(stdoutText.find("error,1,10016,"), std::string::npos) << stdoutText; // the same file twice: once
}
