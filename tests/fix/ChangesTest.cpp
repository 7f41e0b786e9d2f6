// The changes of a fix (sim/Changes.h): each kind applied to a plant, the registry data it leaves,
// the .reg file of a host read back; the ranking of proven fixes (scope, then rights, then hosts),
// the refusal of a fix that adds an account to Distributed COM Users and grants it by name in the
// Limits, and the changes a plan never makes (Everyone / ANONYMOUS LOGON remote, None).
#include "model/Defaults.h"
#include "model/PlantReader.h"
#include "registry/Registry.h"
#include "report/FixFiles.h"
#include "sim/Fixes.h"
#include "sim/Plan.h"
#include "winsec/Sddl.h"

#include <gtest/gtest.h>

using namespace dd;

namespace {

model::Plant smallPlant() {
  auto p = model::parsePlant(R"toml(
[[host]]
name = "OPCSRV"
os = "windows-server-2019"
addresses = ["10.0.3.10"]
[[host.user]]
name = "opcuser"
password = "A"
groups = ["Users"]
[[host.service]]
name = "AcmeOPC"
logon = "LocalSystem"
[[host.server]]
progid = "Acme.OPCDA.1"
clsid = "{6A2B9D3E-1C4F-4E2A-9B7D-0123456789AB}"
exe = 'C:\Acme\opc.exe'
access_permission = "O:BAG:BAD:(A;;CCDCLC;;;BA)"
)toml",
                             "small.toml", ".", model::PlantReadOptions{false, false, nullptr});
  EXPECT_TRUE(p) << (p ? "" : p.error().str());
  return *p;
}

TEST(Changes, EachKindAppliesToThePlant) {
  model::Plant p = smallPlant();
  const std::string sid = "S-1-5-21-1-2-3-1000";
  EXPECT_TRUE(sim::applyChange(p, sim::settingChange("OPCSRV", model::SettingId::LegacyAuthenticationLevel, 4)));
  EXPECT_EQ(p.hosts[0].dcom.legacyAuthenticationLevel.value, 4);
  EXPECT_TRUE(sim::applyChange(p, sim::settingChange("OPCSRV", model::SettingId::EnableDcom, 0)));
  EXPECT_FALSE(p.hosts[0].dcom.enableDcom.value);
  EXPECT_TRUE(sim::applyChange(p, sim::aceChange("OPCSRV", model::SettingId::MachineAccessRestriction,
                                                 "(A;;CCLC;;;" + sid + ")", "O:BAG:BAD:")));
  EXPECT_NE(p.hosts[0].dcom.machineAccessRestriction->sddl.find(sid), std::string::npos);
  std::string appid = p.hosts[0].servers[0].appid.value;
  EXPECT_TRUE(sim::applyChange(
      p, sim::appIdAceChange("OPCSRV", appid, "AccessPermission", "(A;;CCLC;;;" + sid + ")", "O:BAG:BAD:")));
  EXPECT_NE(p.hosts[0].servers[0].accessPermission->sddl.find(sid), std::string::npos);
  EXPECT_TRUE(sim::applyChange(p, sim::appIdLevelChange("OPCSRV", appid, 2)));
  EXPECT_EQ(p.hosts[0].servers[0].authenticationLevel->value, 2);
  EXPECT_TRUE(sim::applyChange(p, sim::groupChange("OPCSRV", "opcuser", "Distributed COM Users")));
  EXPECT_EQ(p.hosts[0].findUser("opcuser")->groups.back(), "Distributed COM Users");
  EXPECT_TRUE(sim::applyChange(p, sim::passwordChange("OPCSRV", "opcuser", "B", "HMI1\\opcuser")));
  EXPECT_EQ(*p.hosts[0].findUser("opcuser")->passwordLabel, "B");
  EXPECT_TRUE(sim::applyChange(p, sim::accountChange("OPCSRV", "opcsvc", "C", {"Users"}, "HMI1\\opcsvc")));
  ASSERT_TRUE(p.hosts[0].findUser("opcsvc"));
  EXPECT_TRUE(p.hosts[0].findUser("opcsvc")->passwordNeverExpires);
  model::FirewallRule r;
  r.name = "DCOM 135";
  r.ports.push_back({135, 135});
  EXPECT_TRUE(sim::applyChange(p, sim::firewallChange("OPCSRV", r)));
  EXPECT_EQ(p.hosts[0].firewall.rules.back().name, "DCOM 135");
  EXPECT_TRUE(sim::applyChange(p, sim::serviceLogonChange("OPCSRV", "AcmeOPC", "opcsvc")));
  EXPECT_EQ(p.hosts[0].findService("AcmeOPC")->logonAccount, "opcsvc");
  // An ACE for an account the same fix creates: its SID is looked up when applied.
  sim::Change later = sim::aceChange("OPCSRV", model::SettingId::DefaultAccessPermission, "(A;;CCLC;;;%SID%)",
                                     model::kComBuiltinAccessSddl);
  later.account = "opcsvc";
  EXPECT_TRUE(sim::applyChange(p, later));
  EXPECT_NE(p.hosts[0].dcom.defaultAccessPermission->sddl.find(
                p.hosts[0].machineSid.value.withRid(p.hosts[0].findUser("opcsvc")->rid).str()),
            std::string::npos);
  EXPECT_FALSE(sim::applyChange(p, sim::componentChange("OPCSRV", "install the license", "vendor tool")));
  EXPECT_FALSE(sim::applyChange(p, sim::groupChange("NOHOST", "opcuser", "Users")));
}

TEST(Changes, RegFileReadsBackByteExact) {
  model::Plant p = smallPlant();
  std::vector<sim::Change> changes{
      sim::settingChange("OPCSRV", model::SettingId::LegacyAuthenticationLevel, 2),
      sim::settingChange("OPCSRV", model::SettingId::EnableDcom, 1),
      sim::settingChange("OPCSRV", model::SettingId::RaiseActivationAuthenticationLevel, 2),
      sim::aceChange("OPCSRV", model::SettingId::MachineLaunchRestriction, "(A;;CCRP;;;S-1-5-21-1-2-3-1000)",
                     "O:BAG:BAD:"),
      sim::settingChange("OPCSRV", model::SettingId::ForceGuest, 0)};
  ASSERT_TRUE(sim::applyChanges(p, changes));
  std::vector<uint8_t> reg = report::regFileOf(p.hosts[0], changes);
  registry::Registry r;
  ASSERT_TRUE(r.loadRegText(reg, "changes.reg"));
  EXPECT_TRUE(r.diagnostics().empty());
  EXPECT_EQ(*r.findValue("HKLM\\SOFTWARE\\Microsoft\\Ole", "LegacyAuthenticationLevel").asDword(), 2u);
  EXPECT_EQ(*r.findValue("HKLM\\SOFTWARE\\Microsoft\\Ole", "EnableDCOM").asString(), "Y");
  EXPECT_EQ(*r.findValue("HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat", "RaiseActivationAuthenticationLevel").asDword(),
            2u);
  EXPECT_EQ(*r.findValue("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa", "ForceGuest").asDword(), 0u);
  registry::Value limits = r.findValue("HKLM\\SOFTWARE\\Microsoft\\Ole", "MachineLaunchRestriction");
  ASSERT_EQ(limits.type(), registry::regtype::Binary);
  auto sd = winsec::SecurityDescriptor::fromBinary(limits.data());
  ASSERT_TRUE(sd);
  EXPECT_EQ(*sd, p.hosts[0].dcom.machineLaunchRestriction->sd);
  EXPECT_NE(winsec::formatSddl(*sd).find("(A;;CCRP;;;S-1-5-21-1-2-3-1000)"), std::string::npos);
  // One header, Ole before its subkey AppCompat, as reg export orders keys.
  std::string narrow;
  for (size_t i = 2; i + 1 < reg.size(); i += 2)
    narrow += static_cast<char>(reg[i]);
  EXPECT_EQ(narrow.find("Windows Registry Editor"), 0u);
  EXPECT_EQ(narrow.find("Windows Registry Editor", 1), std::string::npos);
  EXPECT_LT(narrow.find("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole]"),
            narrow.find("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\\AppCompat]"));
}

sim::Fix fixOf(std::vector<sim::Change> changes, sim::FixScope scope) {
  sim::Fix f;
  f.changes = std::move(changes);
  f.scope = scope;
  return f;
}

TEST(Changes, BreadthRanksScopeThenRightsThenHosts) {
  const std::string ace = "(A;;CCRP;;;S-1-5-21-1-2-3-1000)", all = "(A;;CCDCLCSWRP;;;S-1-5-21-1-2-3-1000)";
  auto remoteActivation =
      fixOf({sim::aceChange("S", model::SettingId::DefaultLaunchPermission, ace, "")}, sim::FixScope::HostDefaults);
  auto allLaunch =
      fixOf({sim::aceChange("S", model::SettingId::DefaultLaunchPermission, all, "")}, sim::FixScope::HostDefaults);
  auto app = fixOf({sim::appIdAceChange("S", "{X}", "LaunchPermission", all, "")}, sim::FixScope::Application);
  auto limits =
      fixOf({sim::aceChange("S", model::SettingId::MachineLaunchRestriction, ace, "")}, sim::FixScope::Limits);
  auto twoHosts = fixOf({sim::aceChange("S", model::SettingId::DefaultLaunchPermission, ace, ""),
                         sim::aceChange("C", model::SettingId::DefaultAccessPermission, "", "")},
                        sim::FixScope::HostDefaults);
  auto key = [](const sim::Fix &f) {
    sim::FixBreadth b = sim::breadthOf(f);
    return std::tuple(b.scope, b.rights, b.hosts);
  };
  EXPECT_LT(key(app), key(remoteActivation));
  EXPECT_LT(key(remoteActivation), key(allLaunch));
  EXPECT_LT(key(remoteActivation), key(twoHosts));
  EXPECT_LT(key(allLaunch), key(limits));
  EXPECT_EQ(sim::breadthOf(remoteActivation).rights, 2);
  EXPECT_EQ(sim::breadthOf(twoHosts).hosts, 2);
}

TEST(Changes, NeverDistributedComUsersAndByNameInTheLimits) {
  sim::Change byName =
      sim::aceChange("S", model::SettingId::MachineLaunchRestriction, "(A;;CCRP;;;S-1-5-21-1-2-3-1000)", "");
  byName.account = "opcuser";
  sim::Change dcu = sim::groupChange("S", "opcuser", "Distributed COM Users");
  EXPECT_TRUE(sim::grantsTwice({dcu, byName}));
  EXPECT_TRUE(
      sim::grantsTwice({sim::accountChange("S", "opcuser", "A", {"Users", "Distributed COM Users"}, "C\\x"), byName}));
  EXPECT_FALSE(sim::grantsTwice({dcu}));
  EXPECT_FALSE(sim::grantsTwice({byName}));
  sim::Change defaults = byName;
  defaults.valueName = "DefaultAccessPermission"; // another descriptor than the Limits: both needed
  EXPECT_FALSE(sim::grantsTwice({dcu, defaults}));
  sim::Change otherHost = byName;
  otherHost.host = "C";
  EXPECT_FALSE(sim::grantsTwice({dcu, otherHost}));
}

TEST(Changes, PlanRefusesEveryoneAnonymousAndNone) {
  EXPECT_NE(sim::refusal(sim::aceChange("S", model::SettingId::MachineAccessRestriction, "(A;;CCDCLC;;;WD)", "")), "");
  EXPECT_NE(sim::refusal(sim::aceChange("S", model::SettingId::MachineLaunchRestriction, "(A;;CCRP;;;AN)", "")), "");
  EXPECT_EQ(sim::refusal(sim::aceChange("S", model::SettingId::MachineAccessRestriction, "(A;;CCDC;;;AN)", "")), "")
      << "a local right only";
  EXPECT_NE(sim::refusal(sim::settingChange("S", model::SettingId::LegacyAuthenticationLevel, 1)), "");
  EXPECT_NE(sim::refusal(sim::appIdLevelChange("S", "{X}", 1)), "");
  EXPECT_NE(sim::refusal(sim::settingChange("S", model::SettingId::EveryoneIncludesAnonymous, 1)), "");
  EXPECT_NE(sim::refusal(sim::groupChange("S", "ANONYMOUS LOGON", "Distributed COM Users")), "");
  EXPECT_EQ(sim::refusal(sim::groupChange("S", "opcuser", "Distributed COM Users")), "");
  EXPECT_EQ(sim::refusal(sim::settingChange("S", model::SettingId::LegacyAuthenticationLevel, 2)), "");
}

TEST(Changes, PsQuoteDoublesQuotes) {
  EXPECT_EQ(report::psQuote("it's"), "'it''s'");
  EXPECT_EQ(report::psQuote("C:\\a b"), "'C:\\a b'");
}

} // namespace
