// applySnapshot on the example plant's snapshot folders (examples/plant/snapshots, written by
// examples/plant/make_snapshots.py in the formats of collect/collect.cmd's commands), and its
// errors for a missing folder, an empty one and a malformed file.
#include "model/Defaults.h"
#include "model/snapshot/Snapshot.h"
#include "registry/Registry.h"
#include "support/Conformance.h"
#include "SnapshotTestUtil.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace dd::model;
using namespace dd::model::snapshot;
namespace fs = std::filesystem;

namespace {

fs::path exampleFolder(const std::string &host) {
  return dd::test::sourceDir() / "examples" / "plant" / "snapshots" / host;
}

Host defaultHost(const std::string &name, OsFamily family) {
  Host h;
  h.name = name;
  h.os.value.family = family;
  h.machineSid.value = derivedMachineSid(name);
  applyWindowsDefaults(h);
  return h;
}

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool hasAce(const Descriptor &d, const dd::winsec::Sid &sid, uint32_t mask) {
  if (!d.sd.dacl)
    return false;
  return std::any_of(d.sd.dacl->aces.begin(), d.sd.dacl->aces.end(),
                     [&](const dd::winsec::Ace &a) { return a.sid == sid && a.mask == mask && a.isAllow(); });
}

bool contains(const std::vector<std::string> &v, const std::string &s) {
  return std::any_of(v.begin(), v.end(), [&](const std::string &x) { return iequals(x, s); });
}

} // namespace

TEST(Snapshot, OpcServerHost) {
  Host h = defaultHost("OPCSRV", OsFamily::WindowsServer2016);
  auto r = applySnapshot(h, exampleFolder("OPCSRV"));
  ASSERT_TRUE(r.ok()) << r.error().str();

  // Identity: systeminfo and wmic.
  EXPECT_EQ(h.os.value.family, OsFamily::WindowsServer2019);
  EXPECT_TRUE(endsWith(h.os.from.file, "systeminfo.txt"));
  EXPECT_EQ(h.os.from.line, 3u);
  ASSERT_TRUE(h.patched.has_value());
  EXPECT_EQ(h.patched->value.str(), "2023-06-13");
  EXPECT_NE(h.patched->from.where.find("KB5027222"), std::string::npos);
  EXPECT_TRUE(h.isWorkgroup());
  EXPECT_EQ(h.addresses.value, (std::vector<std::string>{"10.0.3.10"}));
  EXPECT_EQ(h.machineSid.value.str(), "S-1-5-21-1111111111-2222222222-3333333333");

  // Machine DCOM settings from ole.reg.
  EXPECT_TRUE(h.dcom.enableDcom.value);
  EXPECT_TRUE(endsWith(h.dcom.enableDcom.from.file, "ole.reg"));
  EXPECT_EQ(h.dcom.enableDcom.from.where, "HKLM\\SOFTWARE\\Microsoft\\Ole\\EnableDCOM");
  EXPECT_EQ(h.dcom.legacyAuthenticationLevel.value, 2);
  ASSERT_TRUE(h.dcom.machineLaunchRestriction.has_value());
  EXPECT_TRUE(hasAce(*h.dcom.machineLaunchRestriction, dd::winsec::wellknown::builtinDistributedComUsers(), 0x1f));
  EXPECT_TRUE(hasAce(*h.dcom.machineLaunchRestriction, dd::winsec::wellknown::everyone(), 0xb));
  EXPECT_FALSE(h.dcom.machineLaunchRestriction->sddl.empty());
  EXPECT_FALSE(h.dcom.defaultAccessPermission.has_value()); // not in the export: COM's built-in rule
  EXPECT_FALSE(h.dcom.policyMachineLaunchRestriction.has_value());
  ASSERT_TRUE(h.rpcPortRange.has_value());
  EXPECT_EQ(h.rpcPortRange->value, (PortRange{5000, 5100}));
  EXPECT_TRUE(endsWith(h.rpcPortRange->from.file, "rpc.reg"));

  // The OPC server: CLSID in the 32-bit view, its AppID.
  ASSERT_EQ(h.servers.size(), 1u);
  const ComServer &s = h.servers[0];
  EXPECT_EQ(s.progid.value, "Acme.OPCDA.1");
  EXPECT_EQ(s.clsid.value, "{6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}");
  EXPECT_EQ(s.view.value, "32");
  EXPECT_TRUE(endsWith(s.clsid.from.file, "clsid-wow6432.reg"));
  EXPECT_EQ(s.exe.value, "C:\\Program Files (x86)\\Acme\\opcda.exe");
  EXPECT_EQ(s.runAs.value.kind, RunAs::Kind::Account);
  EXPECT_EQ(s.runAs.value.account, "opcsvc");
  EXPECT_TRUE(endsWith(s.runAs.from.file, "appid.reg"));
  ASSERT_TRUE(s.launchPermission.has_value());
  EXPECT_TRUE(hasAce(*s.launchPermission, dd::winsec::wellknown::builtinAdministrators(), 0x1f));
  EXPECT_TRUE(hasAce(*s.launchPermission, dd::winsec::wellknown::builtinDistributedComUsers(), 0x1f));
  ASSERT_TRUE(s.accessPermission.has_value());
  EXPECT_TRUE(hasAce(*s.accessPermission, dd::winsec::wellknown::builtinDistributedComUsers(), 0x7));
  EXPECT_TRUE(contains(s.exeReaders.value, "opcsvc"));
  EXPECT_TRUE(contains(s.exeReaders.value, "Users"));
  EXPECT_TRUE(contains(s.exeReaders.value, "SYSTEM"));
  EXPECT_TRUE(endsWith(s.exeReaders.from.file, "icacls-acme.txt"));

  // Accounts and groups.
  const Account *opcuser = h.findUser("opcuser");
  ASSERT_NE(opcuser, nullptr);
  EXPECT_EQ(opcuser->rid, 1001u);
  EXPECT_TRUE(contains(opcuser->groups, "Distributed COM Users"));
  EXPECT_TRUE(opcuser->passwordNeverExpires);
  EXPECT_TRUE(endsWith(opcuser->from.file, "net-user-opcuser.txt"));
  ASSERT_NE(h.findUser("opcsvc"), nullptr);
  ASSERT_NE(h.findUser("Guest"), nullptr);
  EXPECT_FALSE(h.findUser("Guest")->enabled);
  EXPECT_EQ(h.findUser("Administrator")->rid, 500u);
  const Group *dcomUsers = h.findGroup("Distributed COM Users");
  ASSERT_NE(dcomUsers, nullptr);
  EXPECT_TRUE(dcomUsers->builtin);
  EXPECT_EQ(dcomUsers->sid, dd::winsec::wellknown::builtinDistributedComUsers());
  EXPECT_EQ(dcomUsers->members, (std::vector<std::string>{"opcuser"}));

  // Services, firewall, audit, console.
  const Service *opcEnum = h.findService("OpcEnum");
  ASSERT_NE(opcEnum, nullptr);
  EXPECT_EQ(opcEnum->state, "running");
  EXPECT_EQ(opcEnum->startType, "auto");
  EXPECT_EQ(opcEnum->logonAccount, "LocalSystem");
  EXPECT_TRUE(h.firewall.enabled.value);
  EXPECT_TRUE(endsWith(h.firewall.enabled.from.file, "firewall-currentprofile.txt"));
  auto rule = std::find_if(h.firewall.rules.begin(), h.firewall.rules.end(),
                           [](const dd::model::FirewallRule &r) { return r.name == "DCOM (TCP 135)"; });
  ASSERT_NE(rule, h.firewall.rules.end());
  EXPECT_TRUE(rule->enabled);
  ASSERT_EQ(rule->ports.size(), 1u);
  EXPECT_EQ(rule->ports[0], (PortRange{135, 135}));
  EXPECT_EQ(rule->remote, (std::vector<std::string>{"10.0.3.0/24"}));
  EXPECT_GT(rule->from.line, 0u);
  auto program = std::find_if(h.firewall.rules.begin(), h.firewall.rules.end(), [](const dd::model::FirewallRule &r) {
    return r.program && r.program->find("opcda.exe") != std::string::npos;
  });
  ASSERT_NE(program, h.firewall.rules.end());
  EXPECT_TRUE(program->ports.empty());
  for (const dd::model::FirewallRule &r : h.firewall.rules)
    EXPECT_NE(r.name, "Core Networking - DNS (UDP-Out)"); // outbound rules are not kept
  auto rdp = std::find_if(h.firewall.rules.begin(), h.firewall.rules.end(),
                          [](const dd::model::FirewallRule &r) { return r.name.rfind("Remote Desktop", 0) == 0; });
  ASSERT_NE(rdp, h.firewall.rules.end());
  EXPECT_EQ(*rdp->program, "C:\\Windows\\system32\\svchost.exe"); // %SystemRoot% expanded
  EXPECT_TRUE(h.audit.logonFailures.value);
  EXPECT_TRUE(endsWith(h.audit.logonFailures.from.file, "auditpol.txt"));
  EXPECT_TRUE(h.audit.accountLogonFailures.value);
  ASSERT_TRUE(h.consoleUser.has_value());
  EXPECT_EQ(h.consoleUser->value, "operator");
  ASSERT_TRUE(h.userRights.count("SeDenyNetworkLogonRight"));
  EXPECT_EQ(h.userRights["SeDenyNetworkLogonRight"].value, (std::vector<std::string>{"Guest"}));
  EXPECT_FALSE(h.lsa.forceGuest.value);
  EXPECT_TRUE(endsWith(h.lsa.forceGuest.from.file, "lsa.reg"));
}

TEST(Snapshot, WorkingClientHost) {
  Host h = defaultHost("HMI1", OsFamily::Windows10);
  auto r = applySnapshot(h, exampleFolder("HMI1"));
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(h.os.value.family, OsFamily::Windows10);
  ASSERT_TRUE(h.patched.has_value());
  EXPECT_EQ(h.patched->value.str(), "2023-05-09"); // KB5026361, the newest known update listed
  ASSERT_NE(h.findUser("opcsvc"), nullptr);
  ASSERT_NE(h.findUser("opcuser"), nullptr);
  EXPECT_TRUE(h.servers.empty());
  ASSERT_TRUE(h.dcom.defaultAccessPermission.has_value());
  EXPECT_TRUE(hasAce(*h.dcom.defaultAccessPermission, dd::winsec::wellknown::builtinDistributedComUsers(), 0x7));
  EXPECT_TRUE(contains(h.findUser("opcsvc")->groups, "Distributed COM Users"));
  EXPECT_EQ(h.findService("OpcEnum"), nullptr); // sc says 1060: not installed
  size_t open = 0;
  for (const dd::model::FirewallRule &fr : h.firewall.rules)
    if (fr.enabled && fr.allow && fr.remote == std::vector<std::string>{"10.0.3.10"})
      ++open;
  EXPECT_EQ(open, 2u); // TCP 135 and the HMI program, from OPCSRV only
  EXPECT_EQ(h.consoleUser->value, "opcuser");
}

TEST(Snapshot, FailingClientHost) {
  Host h = defaultHost("HMI2", OsFamily::Windows10);
  auto before = h.patched;
  auto r = applySnapshot(h, exampleFolder("HMI2"));
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(h.os.value.family, OsFamily::Windows7);
  EXPECT_EQ(h.os.value.servicePack, 1);
  EXPECT_EQ(h.patched.has_value(), before.has_value()); // no known cumulative update: left to the plant
  EXPECT_NE(h.findUser("opcuser"), nullptr);
  EXPECT_NE(h.findUser("operator"), nullptr);
  EXPECT_EQ(h.findUser("opcsvc"), nullptr);
  EXPECT_FALSE(h.dcom.defaultAccessPermission.has_value());
  EXPECT_TRUE(h.firewall.enabled.value);
  for (const dd::model::FirewallRule &fr : h.firewall.rules)
    EXPECT_FALSE(fr.enabled && fr.allow) << fr.name << " is open inbound";
  EXPECT_FALSE(h.audit.logonFailures.value);
}

TEST(Snapshot, RegExportsAreByteExact) {
  // The example .reg files are what reg export writes: reading and writing them back through
  // dd::registry gives the same bytes.
  for (const char *host : {"OPCSRV", "HMI1", "HMI2"}) {
    for (auto [file, key] : {std::pair{"ole.reg", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole"},
                             std::pair{"lsa.reg", "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa"}}) {
      dd::registry::Registry reg;
      fs::path path = exampleFolder(host) / file;
      ASSERT_TRUE(reg.loadRegFile(path).ok()) << path;
      EXPECT_TRUE(reg.diagnostics().empty()) << path << ": " << reg.diagnostics().front().str();
      auto bytes = dd::registry::exportReg(reg, key);
      ASSERT_TRUE(bytes.ok()) << bytes.error().str();
      EXPECT_EQ(*bytes, dd::test::readFileBytes(path)) << path;
    }
  }
}

TEST(Snapshot, Errors) {
  Host h = defaultHost("X", OsFamily::Windows10);
  auto missing = applySnapshot(h, "/nonexistent/snapshot");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos);

  fs::path dir = fs::temp_directory_path() / ("dd-snapshot-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto empty = applySnapshot(h, dir);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("none of the snapshot files"), std::string::npos);

  // A copy of OPCSRV with one malformed line: the error names that file and line.
  for (const auto &entry : fs::directory_iterator(exampleFolder("OPCSRV")))
    fs::copy_file(entry.path(), dir / entry.path().filename());
  {
    std::ofstream out(dir / "auditpol.txt", std::ios::binary | std::ios::trunc);
    out << "System audit policy\r\nCategory/Subcategory    Setting\r\nSystem\r\n  System Integrity   Sometimes\r\n";
  }
  Host h2 = defaultHost("OPCSRV", OsFamily::WindowsServer2019);
  auto bad = applySnapshot(h2, dir, SnapshotOptions{true});
  EXPECT_TRUE(dd::test::failsAt(bad, (dir / "auditpol.txt").generic_string(), 4, "Sometimes"));
  // Without --strict the file is skipped: its facts keep the defaults and the gap says why.
  Host h2b = defaultHost("OPCSRV", OsFamily::WindowsServer2019);
  ASSERT_TRUE(applySnapshot(h2b, dir).ok());
  ASSERT_EQ(h2b.snapshotGaps.size(), 1u);
  EXPECT_NE(h2b.snapshotGaps[0].value.find("Sometimes"), std::string::npos) << h2b.snapshotGaps[0].value;
  EXPECT_NE(h2b.snapshotGaps[0].value.find("failure auditing"), std::string::npos);
  EXPECT_EQ(h2b.snapshotGaps[0].from.line, 4u);
  EXPECT_TRUE(endsWith(h2b.audit.logonFailures.from.file, "secedit.inf")); // the category, as before auditpol
  EXPECT_GT(h2b.users.size(), 2u);                                         // the other files were read

  {
    std::ofstream out(dir / "auditpol.txt", std::ios::binary | std::ios::trunc);
    out << "System audit policy\r\nCategory/Subcategory    Setting\r\nSystem\r\n  System Integrity   Success\r\n";
    std::ofstream sc(dir / "sc-qc-OpcEnum.txt", std::ios::binary | std::ios::trunc);
    sc << "[SC] OpenService FAILED 5:\r\n\r\nAccess is denied.\r\n";
  }
  Host h3 = defaultHost("OPCSRV", OsFamily::WindowsServer2019);
  EXPECT_TRUE(dd::test::failsAt(applySnapshot(h3, dir, SnapshotOptions{true}),
                                (dir / "sc-qc-OpcEnum.txt").generic_string(), 1, "error 5"));
  fs::remove_all(dir);
}

namespace {

fs::path copyOfExample(const std::string &host, const std::string &tag) {
  fs::path dir = fs::temp_directory_path() / ("dd-snapshot-gaps-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto &entry : fs::directory_iterator(exampleFolder(host)))
    fs::copy_file(entry.path(), dir / entry.path().filename());
  return dir;
}

const Fact<std::string> *gapAbout(const Host &h, const std::string &file) {
  for (const auto &g : h.snapshotGaps)
    if (endsWith(g.from.file, file))
      return &g;
  return nullptr;
}

} // namespace

TEST(SnapshotGaps, CompleteFolderHasNone) {
  Host h = defaultHost("OPCSRV", OsFamily::WindowsServer2019);
  ASSERT_TRUE(applySnapshot(h, exampleFolder("OPCSRV")).ok());
  EXPECT_TRUE(h.snapshotGaps.empty()) << h.snapshotGaps.front().value;
}

TEST(SnapshotGaps, MissingOleRegFallsBackToTheVersionsDefaults) {
  fs::path dir = copyOfExample("OPCSRV", "ole");
  fs::remove(dir / "ole.reg");
  Host h = defaultHost("OPCSRV", OsFamily::WindowsServer2016);
  ASSERT_TRUE(applySnapshot(h, dir).ok());
  const Fact<std::string> *gap = gapAbout(h, "ole.reg");
  ASSERT_NE(gap, nullptr);
  // systeminfo says Server 2019: the defaults named are that version's.
  EXPECT_NE(gap->value.find("Windows Server 2019"), std::string::npos) << gap->value;
  EXPECT_NE(gap->value.find("EnableDCOM"), std::string::npos);
  EXPECT_EQ(h.dcom.enableDcom.from.kind, Provenance::Kind::Default);
  fs::remove_all(dir);
}

TEST(SnapshotGaps, UsageTextAndEmptyFileAreSkippedUnlessStrict) {
  fs::path dir = copyOfExample("OPCSRV", "usage");
  {
    // What `net user` prints when its arguments are wrong (Microsoft's "net user" syntax):
    // its usage, not the account list.
    std::ofstream out(dir / "net-user.txt", std::ios::binary | std::ios::trunc);
    out << "The syntax of this command is:\r\n\r\nNET USER\r\n[username [password | *] [options]] [/DOMAIN]\r\n"
           "         username {password | *} /ADD [options] [/DOMAIN]\r\n"
           "         username [/DELETE] [/DOMAIN]\r\n";
    std::ofstream(dir / "query-user.txt", std::ios::binary | std::ios::trunc); // a command that printed nothing
  }
  Host h = defaultHost("OPCSRV", OsFamily::WindowsServer2019);
  ASSERT_TRUE(applySnapshot(h, dir).ok());
  const Fact<std::string> *usage = gapAbout(h, "net-user.txt");
  ASSERT_NE(usage, nullptr);
  EXPECT_NE(usage->value.find("the local accounts"), std::string::npos) << usage->value;
  const Fact<std::string> *empty = gapAbout(h, "query-user.txt");
  ASSERT_NE(empty, nullptr);
  EXPECT_NE(empty->value.find("holds nothing"), std::string::npos) << empty->value;
  EXPECT_NE(h.findUser("Administrator"), nullptr); // the default accounts

  Host strict = defaultHost("OPCSRV", OsFamily::WindowsServer2019);
  auto r = applySnapshot(strict, dir, SnapshotOptions{true});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().str().find("query-user.txt"), std::string::npos) << r.error().str();
  fs::remove(dir / "query-user.txt");
  Host strict2 = defaultHost("OPCSRV", OsFamily::WindowsServer2019);
  auto r2 = applySnapshot(strict2, dir, SnapshotOptions{true});
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.error().source.find("net-user.txt"), std::string::npos) << r2.error().str();
  fs::remove_all(dir);
}

TEST(Snapshot, RealWindows7OleExport) {
  // A real `HKLM\SOFTWARE\Microsoft\Ole` export (shared/conformance/reg, UTF-16LE as regedit
  // writes it) as a snapshot's ole.reg: the Limits decode to what conformance/README.md states.
  DD_REQUIRE_CONFORMANCE(conformance);
  fs::path dir = fs::temp_directory_path() / ("dd-snapshot-real-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(conformance / "reg" / "ole-machine-settings-win7.reg", dir / "ole.reg");
  fs::permissions(dir / "ole.reg", fs::perms::owner_write,
                  fs::perm_options::add); // ../shared is read-only; Windows keeps the bit
  Host h = defaultHost("WIN7", OsFamily::Windows7);
  auto r = applySnapshot(h, dir);
  fs::remove_all(dir);
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_TRUE(h.dcom.machineAccessRestriction.has_value());
  EXPECT_TRUE(hasAce(*h.dcom.machineAccessRestriction, dd::winsec::wellknown::everyone(), 0x7));
  EXPECT_TRUE(hasAce(*h.dcom.machineAccessRestriction, dd::winsec::wellknown::anonymousLogon(), 0x3));
  ASSERT_TRUE(h.dcom.machineLaunchRestriction.has_value());
  EXPECT_TRUE(hasAce(*h.dcom.machineLaunchRestriction, dd::winsec::wellknown::everyone(), 0xb));
  EXPECT_TRUE(hasAce(*h.dcom.machineLaunchRestriction, dd::winsec::wellknown::builtinAdministrators(), 0x1f));
  EXPECT_EQ(h.dcom.machineLaunchRestriction->from.where, "HKLM\\SOFTWARE\\Microsoft\\Ole\\MachineLaunchRestriction");
  EXPECT_TRUE(endsWith(h.dcom.machineLaunchRestriction->from.file, "ole.reg"));
  EXPECT_TRUE(h.dcom.enableDcom.value);
  EXPECT_EQ(h.dcom.legacyAuthenticationLevel.value, 2);
}

TEST(Snapshot, RealSystemHive) {
  // A real offline SYSTEM hive (shared/conformance/hives) standing in for lsa.reg: the Lsa values
  // are read through CurrentControlSet, with the hive file as their provenance.
  DD_REQUIRE_CONFORMANCE(conformance);
  dd::registry::Registry probe;
  ASSERT_TRUE(probe.loadHive(conformance / "hives" / "SYSTEM").ok());
  dd::registry::Key lsa = probe.findKey("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa");
  ASSERT_TRUE(lsa) << "the conformance SYSTEM hive has an Lsa key";
  fs::path dir = fs::temp_directory_path() / ("dd-snapshot-hive-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(conformance / "hives" / "SYSTEM", dir / "SYSTEM");
  fs::permissions(dir / "SYSTEM", fs::perms::owner_write,
                  fs::perm_options::add); // ../shared is read-only; Windows keeps the bit
  Host h = defaultHost("HIVE", OsFamily::Windows10);
  auto r = applySnapshot(h, dir);
  fs::remove_all(dir);
  ASSERT_TRUE(r.ok()) << r.error().str();
  if (dd::registry::Value v = lsa.value("everyoneincludesanonymous")) {
    EXPECT_EQ(h.lsa.everyoneIncludesAnonymous.value, v.asNumber().value_or(0) == 1);
    EXPECT_TRUE(endsWith(h.lsa.everyoneIncludesAnonymous.from.file, "SYSTEM"));
    EXPECT_EQ(h.lsa.everyoneIncludesAnonymous.from.where,
              "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\EveryoneIncludesAnonymous");
  } else {
    GTEST_SKIP() << "the hive's Lsa key has no EveryoneIncludesAnonymous value";
  }
}
