// The triage of the conformance logs, computed through dd::evtx and dd::audit. Expected values
// were read from the files with evtxexport (libevtx) when this test was written.
#include "support/Conformance.h"

#include "audit/Triage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

using namespace dd::audit;

namespace {

const Finding *findingWith(const std::vector<Finding> &findings, uint32_t id, const std::string &clsid) {
  for (const Finding &f : findings)
    if (f.eventId == id && f.facts.clsid == clsid)
      return &f;
  return nullptr;
}

} // namespace

TEST(Triage, RemoteLaunchDenialsOfDcom10016File) {
  DD_REQUIRE_CONFORMANCE(dir);
  Triage triage{Directory{}};
  auto summary = triageEvtxFile((dir / "evtx" / "dcom-10016-remote-launch.evtx").string(), triage, 1);
  ASSERT_TRUE(summary.ok()) << summary.error().str();
  EXPECT_EQ(summary->records, 4u);
  EXPECT_EQ(summary->matched, 4u);
  auto findings = triage.findings();
  ASSERT_EQ(findings.size(), 4u);

  const Finding *f = findingWith(findings, 10016, "{C08AFD90-F2A1-11D1-8455-00A0C91F3880}");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->count, 1u);
  EXPECT_EQ(f->facts.appid, "{C08AFD90-F2A1-11D1-8455-00A0C91F3880}");
  EXPECT_EQ(f->facts.scope, "application-specific");
  EXPECT_EQ(f->facts.locality, "Remote");
  EXPECT_EQ(f->facts.right, "Launch");
  EXPECT_EQ(f->facts.account(), "MSEDGEWIN10\\IEUser");
  EXPECT_EQ(f->facts.sid, "S-1-5-21-3461203602-4096304019-2269080069-1000");
  EXPECT_EQ(f->facts.address, "10.0.2.17");
  ASSERT_EQ(f->evidence.size(), 1u);
  EXPECT_EQ(f->evidence[0].recordIds, std::vector<uint64_t>{4451});
  EXPECT_EQ(f->firstSeen.substr(0, 19), "2020-02-28T22:35:55");
  EXPECT_EQ(f->assessment.severity, Severity::Error);
  // ShellBrowserWindow launched remotely: DCOM lateral movement (the sample is one), not a
  // permission to grant.
  EXPECT_EQ(f->sentence().rfind("1 x Remote Launch of ShellBrowserWindow denied to IEUser (from 10.0.2.17)", 0), 0u)
      << f->sentence();
  EXPECT_NE(f->sentence().find("lateral-movement"), std::string::npos);

  const Finding *g = findingWith(findings, 10016, "{49B2791A-B1AE-4C90-9B8E-E860BA07F889}");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->facts.appid, "{7E0423CD-1119-0928-900C-E6D4A52A0715}");
  EXPECT_EQ(g->evidence[0].recordIds, std::vector<uint64_t>{4454});

  // The two Local Launch denials to SYSTEM of Windows' own WinRT classes are information.
  const Finding *w = findingWith(findings, 10016, "Windows.SecurityCenter.WscBrokerManager");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->facts.locality, "Local");
  EXPECT_EQ(w->facts.sid, "S-1-5-18");
  EXPECT_TRUE(w->facts.appid.empty()); // logged as "Unavailable"
  EXPECT_EQ(w->assessment.severity, Severity::Info);
  // Errors come first.
  EXPECT_EQ(findings.front().assessment.severity, Severity::Error);
}

TEST(Triage, SystemLogGroups10016sAndFinds10010) {
  DD_REQUIRE_CONFORMANCE(dir);
  Triage triage{Directory{}};
  auto summary = triageEvtxFile((dir / "evtx" / "system.evtx").string(), triage);
  ASSERT_TRUE(summary.ok()) << summary.error().str();
  EXPECT_EQ(summary->records, 1881u);
  auto findings = triage.findings();
  size_t dcom10016 = 0;
  for (const Finding &f : findings)
    if (f.eventId == 10016)
      dcom10016 += f.count;
  EXPECT_EQ(dcom10016, 16u);

  const Finding *ls = findingWith(findings, 10016, "{6B3B8D23-FA8D-40B9-8DBD-B950333E2C52}");
  ASSERT_NE(ls, nullptr);
  EXPECT_EQ(ls->count, 10u);
  EXPECT_EQ(ls->facts.appid, "{4839DDB7-58C2-48F5-8283-E1D1807D0D7D}");
  EXPECT_EQ(ls->facts.account(), "NT AUTHORITY\\LOCAL SERVICE");
  EXPECT_EQ(ls->facts.sid, "S-1-5-19");
  EXPECT_EQ(ls->facts.locality, "Local");
  EXPECT_EQ(ls->facts.right, "Activation");
  EXPECT_EQ(ls->evidence[0].recordIds, (std::vector<uint64_t>{229, 230, 248, 249, 351, 352, 354, 356, 395, 397}));
  EXPECT_EQ(ls->firstSeen.substr(0, 19), "2017-07-12T07:18:30");
  EXPECT_EQ(ls->lastSeen.substr(0, 19), "2017-07-20T08:35:38");

  const Finding *md = findingWith(findings, 10016, "{C2F03A33-21F5-47FA-B4BB-156362A2F239}");
  ASSERT_NE(md, nullptr);
  EXPECT_EQ(md->count, 2u);
  EXPECT_EQ(md->facts.scope, "machine-default");
  EXPECT_NE(md->sentence().find("machine-default launch permission"), std::string::npos);

  const Finding *sys = findingWith(findings, 10016, "{D63B10C5-BB46-4990-A94F-E40B9D520160}");
  ASSERT_NE(sys, nullptr);
  EXPECT_EQ(sys->count, 4u);
  EXPECT_EQ(sys->facts.sid, "S-1-5-18");

  bool found10010 = false;
  for (const Finding &f : findings)
    if (f.eventId == 10010) {
      found10010 = true;
      EXPECT_EQ(f.facts.server, "{260EB9DE-5CBE-4BFF-A99A-3710AF55BF1E}");
      EXPECT_EQ(f.evidence[0].recordIds, std::vector<uint64_t>{383});
      ASSERT_NE(f.assessment.hresult, nullptr);
      EXPECT_EQ(f.assessment.hresult->code, 0x80080005u);
    }
  EXPECT_TRUE(found10010);
  // 10005 (a service failed to start) is not one of the events that matter.
  for (const Finding &f : findings)
    EXPECT_NE(f.eventId, 10005u);
}

TEST(Triage, Security4625WithItsStatus) {
  DD_REQUIRE_CONFORMANCE(dir);
  Triage triage{Directory{}};
  auto summary = triageEvtxFile((dir / "evtx" / "Security_short_selected.evtx").string(), triage);
  ASSERT_TRUE(summary.ok()) << summary.error().str();
  auto findings = triage.findings();
  const Finding *logon = nullptr;
  for (const Finding &f : findings)
    if (f.eventId == 4625)
      logon = &f;
  ASSERT_NE(logon, nullptr);
  EXPECT_EQ(logon->count, 1u);
  EXPECT_EQ(logon->facts.status, "0xC000006D");
  EXPECT_EQ(logon->facts.subStatus, "0xC000006A");
  EXPECT_EQ(logon->facts.user, "Administrator");
  EXPECT_EQ(logon->facts.logonType, "10");
  EXPECT_EQ(logon->facts.address, "23.94.153.202");
  EXPECT_EQ(logon->evidence[0].recordIds, std::vector<uint64_t>{319457832});
  ASSERT_NE(logon->assessment.status, nullptr);
  EXPECT_EQ(logon->assessment.status->symbol(), "STATUS_WRONG_PASSWORD");
}

TEST(Triage, MultipleFilesAndJson) {
  DD_REQUIRE_CONFORMANCE(dir);
  Triage triage{Directory{}};
  std::vector<InputSummary> inputs;
  for (const char *name : {"dcom-10016-remote-launch.evtx", "Security_short_selected.evtx"}) {
    auto s = triageEvtxFile((dir / "evtx" / name).string(), triage);
    ASSERT_TRUE(s.ok());
    inputs.push_back(*s);
  }
  auto findings = triage.findings();
  auto j = findingsJson(findings, inputs, triage.directory());
  ASSERT_EQ(j["inputs"].size(), 2u);
  EXPECT_EQ(j["findings"].size(), findings.size());
  bool sawLaunch = false;
  for (const auto &f : j["findings"]) {
    EXPECT_TRUE(f.contains("summary"));
    EXPECT_TRUE(f.contains("evidence"));
    EXPECT_FALSE(f["evidence"][0]["record_ids"].empty());
    if (f["event_id"] == 10016 && f["facts"]["locality"] == "Remote") {
      sawLaunch = true;
      EXPECT_EQ(f["facts"]["right"], "Launch");
      EXPECT_EQ(f["severity"], "error");
    }
  }
  EXPECT_TRUE(sawLaunch);
}

TEST(Triage, UnreadableFileIsAnError) {
  Triage triage{Directory{}};
  auto s = triageEvtxFile("/nonexistent/System.evtx", triage);
  EXPECT_FALSE(s.ok());
}

TEST(Triage, PlantResolvesServerAndAccount) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto plantFile = std::filesystem::temp_directory_path() / "dd-audit-triage-plant.toml";
  {
    std::ofstream out(plantFile);
    out << "[plant]\nname = \"Test\"\n\n[[host]]\nname = \"MSEDGEWIN10\"\nos = \"windows-10\"\n"
           "machine_sid = \"S-1-5-21-3461203602-4096304019-2269080069\"\n\n"
           "[[host.user]]\nname = \"OPCUSER\"\nrid = 1000\npassword = \"A\"\n\n"
           "[[host.server]]\nprogid = \"OSIsoft.OPCDA.1\"\n"
           "clsid = \"{C08AFD90-F2A1-11D1-8455-00A0C91F3880}\"\n"
           "appid = \"{C08AFD90-F2A1-11D1-8455-00A0C91F3880}\"\n";
  }
  auto directory = directoryFromPlant(plantFile);
  std::filesystem::remove(plantFile);
  ASSERT_TRUE(directory.ok()) << directory.error().str();
  Triage triage(*directory);
  ASSERT_TRUE(triageEvtxFile((dir / "evtx" / "dcom-10016-remote-launch.evtx").string(), triage).ok());
  auto findings = triage.findings();
  const Finding *f = findingWith(findings, 10016, "{C08AFD90-F2A1-11D1-8455-00A0C91F3880}");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->sentence(), "1 x Remote Launch denied to OPCUSER for OSIsoft.OPCDA.1 on MSEDGEWIN10 by the "
                           "application-specific launch permission (from 10.0.2.17): add OPCUSER to its Launch "
                           "and Activation permissions");
  EXPECT_EQ(f->assessment.account, "MSEDGEWIN10\\OPCUSER");
}
