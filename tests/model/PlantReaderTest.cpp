// The plant reader: keys and their Windows defaults, the plant file winning over defaults and
// snapshots, and located errors for bad input.
#include "model/Defaults.h"
#include "model/PlantReader.h"
#include "support/Conformance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>

using namespace dd::model;

namespace {
dd::Result<Plant> parse(const std::string &text) {
  return parsePlant(text, "plant.toml", ".", PlantReadOptions{false});
}
} // namespace

TEST(PlantReader, VistaDefaultsAreTheWindows7Values) {
  auto p = parse("[[host]]\nname = \"A\"\nos = \"windows-10\"\n");
  ASSERT_TRUE(p.ok()) << p.error().str();
  const Host &h = p->hosts[0];
  EXPECT_TRUE(h.dcom.enableDcom.value);
  EXPECT_EQ(h.dcom.legacyAuthenticationLevel.value, 2);
  EXPECT_EQ(h.dcom.legacyImpersonationLevel.value, 2);
  ASSERT_TRUE(h.dcom.machineLaunchRestriction);
  EXPECT_NE(h.dcom.machineLaunchRestriction->sddl.find("(A;;CCDCSW;;;WD)"), std::string::npos);
  EXPECT_EQ(h.dcom.machineLaunchRestriction->from.kind, Provenance::Kind::Default);
  EXPECT_FALSE(h.dcom.defaultAccessPermission); // absent: SELF and SYSTEM
  EXPECT_FALSE(h.lsa.forceGuest.value);
  EXPECT_TRUE(h.firewall.enabled.value);
  EXPECT_TRUE(h.audit.logonFailures.value);
  ASSERT_TRUE(h.findUser("Administrator"));
  EXPECT_FALSE(h.findUser("Administrator")->enabled); // client Windows from Vista on
  EXPECT_TRUE(h.findGroup("Distributed COM Users"));
}

TEST(PlantReader, XpDefaultsDiffer) {
  auto p = parse("[[host]]\nname = \"A\"\nos = \"windows-xp\"\n");
  ASSERT_TRUE(p.ok()) << p.error().str();
  const Host &h = p->hosts[0];
  EXPECT_TRUE(h.lsa.forceGuest.value); // XP Professional in a workgroup: simple file sharing
  EXPECT_FALSE(h.audit.logonFailures.value);
  EXPECT_FALSE(h.findGroup("Distributed COM Users"));
  ASSERT_TRUE(h.dcom.machineAccessRestriction);
  EXPECT_EQ(h.dcom.machineAccessRestriction->sddl, "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)");
  auto old = parse("[[host]]\nname = \"A\"\nos = \"windows-xp\"\nservice_pack = 1\n");
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->hosts[0].dcom.machineLaunchRestriction); // no Limits before SP2
}

TEST(PlantReader, KeysOverrideDefaultsWithTheirLine) {
  auto p = parse("[[host]]\nname = \"A\"\nos = \"windows-server-2019\"\n\n[host.dcom]\nenable_dcom = false\n"
                 "legacy_authentication_level = 5\nmachine_launch_restriction = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)\"\n"
                 "[host.lsa]\nforce_guest = true\n");
  ASSERT_TRUE(p.ok()) << p.error().str();
  const Host &h = p->hosts[0];
  EXPECT_FALSE(h.dcom.enableDcom.value);
  EXPECT_EQ(h.dcom.enableDcom.from.line, 6u);
  EXPECT_EQ(h.dcom.enableDcom.from.origin(), "plant.toml:6");
  EXPECT_EQ(h.dcom.enableDcom.from.where, "HKLM\\SOFTWARE\\Microsoft\\Ole\\EnableDCOM");
  EXPECT_EQ(h.dcom.legacyAuthenticationLevel.value, 5);
  EXPECT_EQ(h.dcom.machineLaunchRestriction->sddl, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)");
  EXPECT_TRUE(h.lsa.forceGuest.value);
}

TEST(PlantReader, PatchedMonthIsThatMonthsUpdate) {
  auto p = parse("[[host]]\nname = \"A\"\npatched = \"2023-05\"\n[[host]]\nname = \"B\"\npatched = 2022-09-13\n");
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_EQ(p->hosts[0].patched->value, (Date{2023, 5, 9})); // second Tuesday
  EXPECT_EQ(p->hosts[1].patched->value, (Date{2022, 9, 13}));
}

TEST(PlantReader, AccountsServersClientsAndLinks) {
  auto p = parse(R"([[host]]
name = "S"
machine_sid = "S-1-5-21-1-2-3"
[[host.user]]
name = "opcuser"
password = "A"
groups = ["Users", "Distributed COM Users"]
[[host.user]]
name = "other"
[[host.server]]
progid = "Acme.OPCDA.1"
clsid = "6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00"
run_as = "Interactive User"
accepts = "remote"
[[host]]
name = "C"
[[host.client]]
name = "HMI"
run_as = "opcuser"
stack = "j-interop"
[[link]]
from = "C"
to = "S"
nat = true
)");
  ASSERT_TRUE(p.ok()) << p.error().str();
  const Host &s = p->hosts[0];
  EXPECT_EQ(s.findUser("opcuser")->rid, 1000u);
  EXPECT_EQ(s.findUser("other")->rid, 1001u);
  EXPECT_EQ(s.findUser("other")->groups, std::vector<std::string>{"Users"});
  EXPECT_EQ(*s.findUser("OPCUSER")->passwordLabel, "A");
  const ComServer *x = s.findServer("{6a2b9d3e-1c4f-4e2a-9b7d-5f8e3c2a1b00}");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->appid.value, "{6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}");
  EXPECT_EQ(x->runAs.value.kind, RunAs::Kind::InteractiveUser);
  EXPECT_EQ(x->accepts.value, ConnectionKind::Remote);
  EXPECT_TRUE(x->registered.value);
  EXPECT_FALSE(x->running.value);
  EXPECT_EQ(p->hosts[1].clients[0].stack.value, ClientStack::JInterop);
  ASSERT_TRUE(p->findLink("C", "S"));
  EXPECT_TRUE(p->findLink("C", "S")->nat.value);
  EXPECT_TRUE(p->findLink("C", "S")->reachable.value);
}

TEST(PlantReader, ErrorsNameTheLine) {
  struct Case {
    const char *text;
    uint64_t line;
    const char *contains;
  } cases[] = {
      {"[[host]]\nname = \"A\"\n\nbogus = 1\n", 4, "unknown key \"bogus\""},
      {"[[host]]\nname = \"A\"\n[host.dcom]\nlegacy_authentication_level = 9\n", 4, "expected 1 to 6"},
      {"[[host]]\nname = \"A\"\n[host.dcom]\nmachine_launch_restriction = \"O:BAD:(A;;ZZ;;;WD)\"\n", 4, "SDDL"},
      {"[[host]]\nname = \"A\"\nos = \"windows-95\"\n", 3, "unknown os"},
      {"[[host]]\nname = \"A\"\n[[host]]\nname = \"A\"\n", 3, "declared twice"},
      {"[[host]]\nname = \"A\"\ndomain = \"NOPE\"\n", 3, "no [[domain]]"},
      {"[[link]]\nfrom = \"A\"\nto = \"B\"\n", 1, "no [[host]]"},
      {"[[host]]\nname = \"A\"\n[[host.server]]\nclsid = \"not-a-clsid\"\n", 4, "expected {"},
      {"[[host]\nname = 1\n", 1, ""},
  };
  for (const auto &c : cases) {
    auto p = parse(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.error().source, "plant.toml");
    EXPECT_EQ(p.error().line.value_or(0), c.line) << c.text << " -> " << p.error().str();
    EXPECT_NE(p.error().message.find(c.contains), std::string::npos) << p.error().str();
  }
}

TEST(PlantReader, MissingSnapshotFolderIsALocatedError) {
  auto p = parsePlant("[[host]]\nname = \"OPCSRV\"\nsnapshot = \"snap/opcsrv\"\n", "plant.toml", "/nonexistent");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().line.value_or(0), 3u);
  EXPECT_NE(p.error().message.find("names snapshot \"snap/opcsrv\" which does not exist"), std::string::npos);
}

TEST(PlantReader, ExamplePlantReadsItsSnapshotsAndThePlantFileWins) {
  auto p = readPlantFile(dd::test::sourceDir() / "examples" / "plant" / "plant.toml");
  ASSERT_TRUE(p.ok()) << p.error().str();
  const Host *s = p->findHost("OPCSRV");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->os.value.family, OsFamily::WindowsServer2019);
  ASSERT_TRUE(s->patched);
  EXPECT_EQ(s->patched->value, (Date{2023, 6, 13}));
  EXPECT_EQ(s->patched->from.kind, Provenance::Kind::PlantFile); // the plant file wins over systeminfo
  ASSERT_TRUE(s->findUser("operator"));
  EXPECT_EQ(*s->findUser("operator")->passwordLabel, "D");
  const ComServer *x = s->findServer("Acme.OPCDA.1");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->runAs.value.account, "opcsvc");
  EXPECT_EQ(x->runAs.from.kind, Provenance::Kind::Snapshot);
}

// The facts real cases need that no Windows command exports (docs/plant.md): a sink's own
// callback level, Remote Desktop users, an unreadable stored RunAs password, COM+ network access
// and the code a program shows instead of DCOM's.
TEST(PlantReader, FactsOfRealCases) {
  auto p = parse(R"([[host]]
name = "S"
os = "windows-server-2019"
rdp_users = ["operator"]
[host.dcom]
com_plus_remote_access = true
[[host.server]]
clsid = "6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00"
run_as = "opcsvc"
run_as_password = "B"
run_as_password_readable = false
com_plus_application = true
[[host]]
name = "C"
os = "windows-10"
[[host.client]]
name = "HMI"
run_as = "opcuser"
callback_authentication_level = 1
reports = { "0x80070005" = "0x800706BA" }
)");
  ASSERT_TRUE(p.ok()) << p.error().str();
  const Host &s = p->hosts[0];
  EXPECT_EQ(s.remoteDesktopUsers.value, std::vector<std::string>{"operator"});
  EXPECT_EQ(s.remoteDesktopUsers.from.line, 4u);
  EXPECT_FALSE(s.consoleUser); // an RDP user is not at the console
  EXPECT_TRUE(s.dcom.comPlusRemoteAccess.value);
  EXPECT_EQ(s.dcom.comPlusRemoteAccess.from.where, "HKLM\\SOFTWARE\\Microsoft\\COM3\\RemoteAccessEnabled");
  const ComServer &x = s.servers[0];
  EXPECT_FALSE(x.runAsPasswordReadable.value);
  EXPECT_EQ(x.runAsPasswordReadable.from.line, 11u);
  EXPECT_TRUE(x.comPlusApplication.value);
  const ClientProgram &c = p->hosts[1].clients[0];
  ASSERT_TRUE(c.callbackAuthenticationLevel);
  EXPECT_EQ(c.callbackAuthenticationLevel->value, 1);
  EXPECT_EQ(c.reports.value.at(0x80070005u), 0x800706BAu);
  EXPECT_EQ(c.reports.from.line, 20u);

  // Unstated: the Windows default (COM+ network access off on a server, on elsewhere), a readable
  // password, no COM+ application, the same code, nobody over RDP.
  EXPECT_FALSE(p->hosts[1].remoteDesktopUsers.value.size());
  EXPECT_TRUE(p->hosts[1].dcom.comPlusRemoteAccess.value);
  auto d = parse("[[host]]\nname = \"S\"\nos = \"windows-server-2019\"\n[[host.server]]\nclsid = "
                 "\"6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00\"\n[[host.client]]\nname = \"HMI\"\nrun_as = \"x\"\n");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_FALSE(d->hosts[0].dcom.comPlusRemoteAccess.value);
  EXPECT_EQ(d->hosts[0].dcom.comPlusRemoteAccess.from.kind, Provenance::Kind::Default);
  EXPECT_TRUE(d->hosts[0].servers[0].runAsPasswordReadable.value);
  EXPECT_FALSE(d->hosts[0].servers[0].comPlusApplication.value);
  EXPECT_TRUE(d->hosts[0].clients[0].reports.value.empty());
  EXPECT_FALSE(d->hosts[0].clients[0].callbackAuthenticationLevel);

  for (const char *bad : {"reports = { \"0x80070005\" = \"access denied\" }", "reports = { \"5\" = \"0x800706BA\" }",
                          "callback_authentication_level = 7"}) {
    auto e =
        parse(std::string("[[host]]\nname = \"C\"\n[[host.client]]\nname = \"HMI\"\nrun_as = \"x\"\n") + bad + "\n");
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().line.value_or(0), 6u) << e.error().str();
  }
}

// Typos fail loudly: enum values with the allowed list, sc's own spellings accepted.
TEST(PlantReader, ServiceValuesTakeScSpellingsAndRefuseTypos) {
  const std::string head =
      "[[host]]\nname = \"S\"\n[[host.user]]\nname = \"opcsvc\"\n[[host.service]]\nname = \"AcmeOPC\"\n";
  struct Ok {
    const char *line;
    std::string Service::*field;
    const char *value;
  } oks[] = {
      {"start = \"AUTO_START\"", &Service::startType, "auto"},
      {"start = \"2   AUTO_START  (DELAYED)\"", &Service::startType, "auto"},
      {"start = \"manual\"", &Service::startType, "demand"},
      {"start = \"DEMAND_START\"", &Service::startType, "demand"},
      {"start = \"Disabled\"", &Service::startType, "disabled"},
      {"state = \"RUNNING\"", &Service::state, "running"},
      {"state = \"4  RUNNING\"", &Service::state, "running"},
      {"state = \"1  STOPPED\"", &Service::state, "stopped"},
      {"logon = \"LocalSystem\"", &Service::logonAccount, "LocalSystem"},
      {"logon = \"NT AUTHORITY\\\\NetworkService\"", &Service::logonAccount, "NT AUTHORITY\\NetworkService"},
      {"logon = \".\\\\opcsvc\"", &Service::logonAccount, ".\\opcsvc"},
      {"logon = \"S\\\\opcsvc\"", &Service::logonAccount, "S\\opcsvc"},
  };
  for (const Ok &c : oks) {
    auto p = parse(head + c.line + "\n");
    ASSERT_TRUE(p.ok()) << c.line << ": " << p.error().str();
    EXPECT_EQ(p->hosts[0].findService("AcmeOPC")->*c.field, c.value) << c.line;
  }
  struct Bad {
    const char *line;
    const char *contains;
  } bads[] = {
      {"start = \"autostart\"",
       "start in host \"S\" [[host.service]] is \"autostart\"; expected one of: auto, automatic, AUTO_START"},
      {"state = \"started\"", "expected one of: running, stopped"},
      {"logon = \"LocalSytem\"", "logon in host \"S\" [[host.service]] is \"LocalSytem\": neither LocalSystem"},
      {"logon = \"LINE3\\\\opcsvc\"", "nor an account of this host or of a [[domain]]"},
  };
  for (const Bad &c : bads) {
    auto p = parse(head + c.line + "\n");
    ASSERT_FALSE(p.ok()) << c.line;
    EXPECT_EQ(p.error().line.value_or(0), 7u) << p.error().str();
    EXPECT_NE(p.error().message.find(c.contains), std::string::npos) << p.error().str();
  }
}

TEST(PlantReader, RunAsServiceMustNameADeclaredService) {
  const std::string server =
      "[[host.server]]\nclsid = \"6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00\"\nrun_as = \"service:AcmeOPC\"\n";
  auto missing = parse("[[host]]\nname = \"S\"\n" + server);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().line.value_or(0), 5u);
  EXPECT_NE(missing.error().message.find("names service \"AcmeOPC\", which neither a [[host.service]]"),
            std::string::npos)
      << missing.error().str();
  auto declared = parse("[[host]]\nname = \"S\"\n[[host.service]]\nname = \"acmeopc\"\nstate = \"running\"\n" + server);
  ASSERT_TRUE(declared.ok()) << declared.error().str();
  EXPECT_EQ(declared->hosts[0].servers[0].runAs.value.kind, RunAs::Kind::Service);
  auto empty = parse("[[host]]\nname = \"S\"\n[[host.server]]\nclsid = \"6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00\"\n"
                     "run_as = \"service:\"\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("needs a service name"), std::string::npos) << empty.error().str();
}

TEST(PlantReader, FirewallRemoteIsAList) {
  auto p = parse("[[host]]\nname = \"S\"\n[[host.firewall.rule]]\nport = 135\nremote = \"10.0.3.0/24\"\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().line.value_or(0), 5u);
  EXPECT_NE(p.error().message.find("is a list of addresses: remote = [\"10.0.3.0/24\"]"), std::string::npos)
      << p.error().str();
  auto ok =
      parse("[[host]]\nname = \"S\"\n[[host.firewall.rule]]\nport = 135\nremote = [\"10.0.3.0/24\", \"10.0.4.9\"]\n");
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  EXPECT_EQ(ok->hosts[0].firewall.rules[0].remote.size(), 2u);
}

// Every table of the plant file refuses a key it does not know, at that key's line.
TEST(PlantReader, EveryTableRefusesUnknownKeys) {
  const char *tables[] = {
      "[plant]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[host.dcom]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[host.lsa]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[host.audit]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[host.firewall]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[[host.firewall.rule]]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[[host.user]]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[[host.group]]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[[host.service]]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[[host.server]]\nbogus = 1\n",
      "[[host]]\nname = \"S\"\n[[host.client]]\nbogus = 1\n",
      "[[domain]]\nname = \"D\"\nsid = \"S-1-5-21-1-2-3\"\nbogus = 1\n",
      "[[domain]]\nname = \"D\"\nsid = \"S-1-5-21-1-2-3\"\n[[domain.user]]\nbogus = 1\n",
      "[[domain]]\nname = \"D\"\nsid = \"S-1-5-21-1-2-3\"\n[[domain.group]]\nbogus = 1\n",
      "[[link]]\nbogus = 1\n",
  };
  for (const char *text : tables) {
    auto p = parse(text);
    ASSERT_FALSE(p.ok()) << text;
    EXPECT_NE(p.error().message.find("unknown key \"bogus\""), std::string::npos) << text << " -> " << p.error().str();
    size_t lines = std::count(text, text + std::strlen(text), '\n');
    EXPECT_EQ(p.error().line.value_or(0), lines) << text;
  }
}

// Secrets: a label that looks like a real password gets one warning, at its line, that never
// quotes it; short labels get none.
TEST(PlantReader, PasswordLikeLabelsGetOneWarningWithoutTheValue) {
  EXPECT_TRUE(looksLikeRealPassword("Summer2023!"));
  EXPECT_TRUE(looksLikeRealPassword("P@ssw0rd"));
  EXPECT_TRUE(looksLikeRealPassword("Abcdefg1"));
  EXPECT_FALSE(looksLikeRealPassword("A"));
  EXPECT_FALSE(looksLikeRealPassword("opcsvc-pw")); // two classes
  EXPECT_FALSE(looksLikeRealPassword("ABCDEFGH1")); // two classes
  EXPECT_FALSE(looksLikeRealPassword("Ab1!"));      // short

  const std::string text = "[[host]]\nname = \"S\"\n[[host.user]]\nname = \"opcuser\"\npassword = \"Summer2023!\"\n"
                           "[[host.server]]\nclsid = \"6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00\"\nrun_as = \"opcuser\"\n"
                           "run_as_password = \"Tr0ub4dor&3\"\n";
  std::ostringstream err;
  auto p = parsePlant(text, "plant.toml", ".", PlantReadOptions{.applySnapshots = false, .warnings = &err});
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_EQ(*p->hosts[0].findUser("opcuser")->passwordLabel, "Summer2023!"); // still a label
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_EQ(p->warnings[0].line.value_or(0), 5u);
  EXPECT_NE(p->warnings[0].message.find("also on line 9"), std::string::npos) << p->warnings[0].str();
  EXPECT_NE(p->warnings[0].message.find("short one"), std::string::npos);
  const std::string printed = err.str();
  EXPECT_EQ(printed.rfind("dcomdoctor: plant.toml:5: warning: this password label looks like a real password", 0), 0u)
      << printed;
  EXPECT_EQ(std::count(printed.begin(), printed.end(), '\n'), 1);
  for (const char *secret : {"Summer2023!", "Tr0ub4dor&3", "Summer", "Tr0ub"})
    EXPECT_EQ(printed.find(secret), std::string::npos) << secret;

  std::ostringstream quiet;
  auto q = parsePlant("[[host]]\nname = \"S\"\n[[host.user]]\nname = \"opcuser\"\npassword = \"A\"\n", "plant.toml",
                      ".", PlantReadOptions{.applySnapshots = false, .warnings = &quiet});
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->warnings.empty());
  EXPECT_TRUE(quiet.str().empty());
}
