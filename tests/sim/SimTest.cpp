// The simulator: each connect and advise step passing and failing, the token rules, the
// hardening dates, the events, the JSON contract, and fixes that turn predictions green.
#include "model/PlantReader.h"
#include "sim/Fixes.h"
#include "sim/Hardening.h"
#include "sim/Json.h"
#include "sim/Matrix.h"
#include "sim/Simulator.h"
#include "support/Conformance.h"
#include "model/Defaults.h"
#include "model/Settings.h"
#include "winsec/Sddl.h"

#include <functional>
#include <gtest/gtest.h>

using namespace dd;
using namespace dd::sim;

namespace {

// A workgroup where everything works: OPCSRV (Server 2019, patched), HMI1 (Windows 10) running
// client HMI as opcuser, identical accounts, firewalls open to each other, DCOM Users everywhere.
const char *kBase = R"TOML([[host]]
name = "OPCSRV"
os = "windows-server-2019"
patched = 2023-06-13
addresses = ["10.0.3.10"]
[host.dcom]
default_access_permission = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"
[host.audit]
logon_failures = true
dcom_call_failures = true
[[host.firewall.rule]]
port = 135
[[host.firewall.rule]]
program = 'C:\Program Files\Acme\opcda.exe'
remote = ["10.0.3.0/24"]
[[host.user]]
name = "opcuser"
password = "A"
groups = ["Users", "Distributed COM Users"]
[[host.user]]
name = "opcsvc"
password = "B"
groups = ["Users"]
[[host.user]]
name = "admin"
password = "C"
groups = ["Administrators"]
[[host.server]]
progid = "Acme.OPCDA.1"
clsid = "{6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}"
exe = 'C:\Program Files\Acme\opcda.exe'
run_as = "opcsvc"
run_as_password = "B"
launch_permission = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
access_permission = "O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"

[[host]]
name = "HMI1"
os = "windows-10"
patched = 2023-06-13
addresses = ["10.0.3.21"]
[host.dcom]
default_access_permission = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"
[host.audit]
logon_failures = true
[[host.firewall.rule]]
port = 135
[[host.firewall.rule]]
program = 'C:\Program Files\Acme\hmi.exe'
[[host.user]]
name = "opcuser"
password = "A"
[[host.user]]
name = "opcsvc"
password = "B"
groups = ["Users", "Distributed COM Users"]
[[host.user]]
name = "admin"
password = "C"
groups = ["Administrators"]
[[host.client]]
name = "HMI"
run_as = "opcuser"
exe = 'C:\Program Files\Acme\hmi.exe'
)TOML";

model::Plant base() {
  auto p = model::parsePlant(kBase, "base.toml", ".", model::PlantReadOptions{false});
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().str());
  return std::move(p).value();
}

model::Host &host(model::Plant &p, const char *name) { return *p.findHost(name); }
model::ComServer &server(model::Plant &p) { return p.findHost("OPCSRV")->servers[0]; }

Request req(const char *user = "opcuser", const char *client = "HMI1", const char *program = "") {
  return Request{client, user, program, "OPCSRV", "Acme.OPCDA.1", true};
}

Prediction run(const model::Plant &p, const Request &r = req(), bool fixes = false) {
  Simulator sim(p);
  auto out = sim.predict(r, Options{true, fixes});
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().str());
  return std::move(out).value();
}

const Event *findEvent(const Outcome &o, int id) {
  for (const auto &e : o.events)
    if (e.id == id)
      return &e;
  return nullptr;
}

void setSddl(std::optional<model::Descriptor> &slot, const std::string &sddl) {
  auto sd = winsec::parseSddl(sddl);
  ASSERT_TRUE(sd.ok());
  slot = model::Descriptor{*sd, sddl, {}};
}

void expectConnect(const Prediction &p, uint32_t hresult, Step step) {
  EXPECT_EQ(hresultHex(p.connect.hresult), hresultHex(hresult));
  ASSERT_TRUE(p.connect.step);
  EXPECT_STREQ(stepId(*p.connect.step), stepId(step));
  ASSERT_FALSE(p.connect.steps.empty());
  EXPECT_FALSE(p.connect.steps.back().ok);
  EXPECT_FALSE(p.connect.steps.back().evidence.empty());
}

} // namespace

TEST(Connect, BasePlantIsGreenBothWays) {
  auto p = run(base());
  EXPECT_TRUE(p.connect.ok());
  EXPECT_FALSE(p.connect.step);
  ASSERT_TRUE(p.advise);
  EXPECT_TRUE(p.advise->ok());
  EXPECT_TRUE(p.connect.events.empty());
  EXPECT_EQ(p.connect.steps.size(), 15u); // every step of section 4 ran
}

TEST(Connect, LocalActivationSkipsTheNetworkSteps) {
  auto plant = base();
  host(plant, "OPCSRV").clients.push_back(host(plant, "HMI1").clients[0]);
  auto p = run(plant, Request{"OPCSRV", "opcuser", "", "OPCSRV", "Acme.OPCDA.1", false});
  EXPECT_TRUE(p.connect.ok()) << (p.connect.step ? stepId(*p.connect.step) : "");
  EXPECT_TRUE(p.connect.steps[1].skipped);
}

TEST(Connect, EnableDcom) {
  auto plant = base();
  host(plant, "HMI1").dcom.enableDcom.value = false;
  expectConnect(run(plant), hr::RPC_E_REMOTE_DISABLED, Step::EnableDcom);
  plant = base();
  host(plant, "OPCSRV").dcom.enableDcom.value = false;
  expectConnect(run(plant), hr::E_ACCESSDENIED, Step::EnableDcom);
}

TEST(Connect, ReachabilityFirewall135) {
  auto plant = base();
  host(plant, "OPCSRV").firewall.rules.erase(host(plant, "OPCSRV").firewall.rules.begin());
  expectConnect(run(plant), hr::RPC_S_SERVER_UNAVAILABLE, Step::Reachability);
  host(plant, "OPCSRV").firewall.enabled.value = false;
  EXPECT_TRUE(run(plant).connect.ok());
}

TEST(Connect, ReachabilityServerProgramRuleAndScope) {
  auto plant = base();
  host(plant, "OPCSRV").firewall.rules[1].remote = {"10.0.4.0/24"}; // wrong scope
  expectConnect(run(plant), hr::RPC_S_SERVER_UNAVAILABLE, Step::Reachability);
  plant = base();
  host(plant, "OPCSRV").firewall.rules[1].program = "C:\\other.exe";
  expectConnect(run(plant), hr::RPC_S_SERVER_UNAVAILABLE, Step::Reachability);
}

TEST(Connect, ReachabilityNatDnsPathRpcss) {
  auto mk = [](std::function<void(model::Link &)> f) {
    auto plant = base();
    model::Link l;
    l.from = "HMI1";
    l.to = "OPCSRV";
    l.reachable.value = true;
    f(l);
    plant.links.push_back(l);
    return plant;
  };
  expectConnect(run(mk([](model::Link &l) { l.nat.value = true; })), hr::RPC_S_SERVER_UNAVAILABLE, Step::Reachability);
  expectConnect(run(mk([](model::Link &l) { l.reachable.value = false; })), hr::RPC_S_SERVER_UNAVAILABLE,
                Step::Reachability);
  expectConnect(run(mk([](model::Link &l) {
                  l.dns = model::Fact<std::string>{"10.9.9.9", {}};
                })),
                hr::RPC_S_SERVER_UNAVAILABLE, Step::Reachability);
  EXPECT_TRUE(run(mk([](model::Link &l) { l.dns = model::Fact<std::string>{"10.0.3.10", {}}; })).connect.ok());
  auto plant = base();
  host(plant, "OPCSRV").services[0].state = "stopped";
  expectConnect(run(plant), hr::RPC_S_SERVER_UNAVAILABLE, Step::Reachability);
}

TEST(Tokens, WrongPasswordFallsBackToAnonymousAndIsRefusedByTheLimits) {
  auto plant = base();
  host(plant, "OPCSRV").findUser("opcuser")->passwordLabel = "Z";
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::LaunchLimits);
  const Event *e4625 = findEvent(p.connect, 4625);
  ASSERT_TRUE(e4625);
  EXPECT_EQ(e4625->host, "OPCSRV");
  EXPECT_EQ(e4625->log, "Security");
  EXPECT_NE(e4625->message.find("0xC000006A"), std::string::npos);
  EXPECT_NE(e4625->message.find("opcuser"), std::string::npos);
  EXPECT_TRUE(e4625->logged);
  const Event *e10027 = findEvent(p.connect, 10027); // Server 2019: 10027, no CLSID (10015 before 2016)
  ASSERT_TRUE(e10027);
  EXPECT_NE(e10027->message.find("NT AUTHORITY\\ANONYMOUS LOGON SID (S-1-5-7)"), std::string::npos);
  EXPECT_EQ(e10027->message.find("{6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}"), std::string::npos);
  EXPECT_NE(e10027->message.find("10.0.3.21"), std::string::npos);
}

TEST(Tokens, ExplicitActivationSecurityHasNoUnsecuredRetry) {
  auto plant = base();
  host(plant, "OPCSRV").findUser("opcuser")->passwordLabel = "Z";
  host(plant, "HMI1").clients[0].activationAuthenticationLevel = model::Fact<int>{5, {}};
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::Authentication);
  EXPECT_TRUE(findEvent(p.connect, 4625));
  EXPECT_FALSE(findEvent(p.connect, 10015) || findEvent(p.connect, 10027));
}

TEST(Tokens, FailureStatusCodes) {
  struct Case {
    std::function<void(model::Account &)> change;
    const char *status;
  } cases[] = {
      {[](model::Account &a) { a.name = "someoneelse"; }, "0xC0000064"},
      {[](model::Account &a) { a.enabled = false; }, "0xC0000072"},
      {[](model::Account &a) { a.passwordExpired = true; }, "0xC0000071"},
      {[](model::Account &a) { a.locked = true; }, "0xC0000234"},
  };
  for (const auto &c : cases) {
    auto plant = base();
    c.change(*host(plant, "OPCSRV").findUser("opcuser"));
    host(plant, "HMI1").clients[0].activationAuthenticationLevel = model::Fact<int>{5, {}};
    auto p = run(plant);
    expectConnect(p, hr::E_ACCESSDENIED, Step::Authentication);
    const Event *e = findEvent(p.connect, 4625);
    ASSERT_TRUE(e) << c.status;
    EXPECT_NE(e->message.find(c.status), std::string::npos) << e->message;
  }
}

TEST(Tokens, DenyNetworkLogonRight) {
  auto plant = base();
  host(plant, "OPCSRV").userRights["SeDenyNetworkLogonRight"] = model::Fact<std::vector<std::string>>{{"opcuser"}, {}};
  host(plant, "HMI1").clients[0].activationAuthenticationLevel = model::Fact<int>{5, {}};
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::Authentication);
  EXPECT_NE(findEvent(p.connect, 4625)->message.find("0xC000015B"), std::string::npos);
}

TEST(Tokens, Xp2003LogsEvent680And10014) {
  auto plant = base();
  auto &s = host(plant, "OPCSRV");
  s.os.value = *model::OsVersion::parse("windows-server-2003");
  model::applyWindowsDefaults(s);
  s.audit.accountLogonFailures.value = true;
  s.users.push_back(model::Account{"opcuser", 1000, "Z", true, false, false, false, {"Users"}, {}});
  s.firewall.enabled.value = false;
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::LaunchLimits);
  const Event *e680 = findEvent(p.connect, 680);
  ASSERT_TRUE(e680);
  EXPECT_NE(e680->message.find("Logon account: opcuser"), std::string::npos);
  EXPECT_NE(e680->message.find("Error Code: 0xC000006A"), std::string::npos);
  const Event *e10014 = findEvent(p.connect, 10014);
  ASSERT_TRUE(e10014);
  EXPECT_NE(e10014->message.find("The computer wide limit settings do not grant Remote Activation permission for COM "
                                 "Server applications to the user NT AUTHORITY\\ANONYMOUS LOGON SID (S-1-5-7)"),
            std::string::npos);
}

TEST(Tokens, RemoteUacFiltersLocalAdministrators) {
  auto plant = base();
  // Limits that grant only Administrators remote launch: the filtered admin is refused.
  setSddl(host(plant, "OPCSRV").dcom.machineLaunchRestriction, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)");
  host(plant, "HMI1").clients[0].runAs.value = "admin";
  auto p = run(plant, req("admin"));
  expectConnect(p, hr::E_ACCESSDENIED, Step::LaunchLimits);
  bool sawDenyOnly = false;
  for (const auto &s : p.connect.steps)
    for (const auto &e : s.evidence)
      sawDenyOnly = sawDenyOnly || e.find("Administrators (deny only)") != std::string::npos;
  EXPECT_TRUE(sawDenyOnly);
  host(plant, "OPCSRV").lsa.localAccountTokenFilterPolicy.value = true;
  EXPECT_NE(run(plant, req("admin")).connect.step, std::optional<Step>(Step::LaunchLimits));
}

TEST(Tokens, BuiltinAdministratorIsNotFiltered) {
  auto plant = base();
  setSddl(host(plant, "OPCSRV").dcom.machineLaunchRestriction, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)");
  for (const char *h : {"OPCSRV", "HMI1"}) {
    auto *a = host(plant, h).findUser("Administrator");
    a->enabled = true;
    a->passwordLabel = "X";
  }
  auto p = run(plant, req("Administrator"));
  EXPECT_NE(p.connect.step, std::optional<Step>(Step::LaunchLimits));
  host(plant, "OPCSRV").lsa.filterAdministratorToken.value = true;
  EXPECT_EQ(run(plant, req("Administrator")).connect.step, std::optional<Step>(Step::LaunchLimits));
}

TEST(Tokens, ForceGuestAndLevelNoneMakeTheCallerAnonymous) {
  auto plant = base();
  host(plant, "OPCSRV").lsa.forceGuest.value = true;
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::LaunchLimits);
  EXPECT_NE(findEvent(p.connect, 10027)->message.find("ANONYMOUS LOGON"), std::string::npos);

  plant = base();
  host(plant, "HMI1").dcom.legacyAuthenticationLevel.value = 1;
  host(plant, "OPCSRV").dcom.legacyAuthenticationLevel.value = 1;
  expectConnect(run(plant), hr::E_ACCESSDENIED, Step::LaunchLimits);
}

// The fix text of a setting is the settings table's .reg text: ForceGuest as the table (and
// Microsoft's "Network access: Sharing and security model for local accounts") spells it.
TEST(Fixes, ForceGuestFixWritesTheSettingsTableRegText) {
  auto plant = base();
  host(plant, "OPCSRV").lsa.forceGuest.value = true;
  auto p = run(plant, req(), true);
  ASSERT_FALSE(p.connect.ok());
  Simulator sim(plant);
  const std::string expected = model::regFileText(model::SettingId::ForceGuest, 0, "Classic");
  EXPECT_NE(
      expected.find("[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa]\n\"ForceGuest\"=dword:00000000"),
      std::string::npos);
  EXPECT_NE(expected.find("Sharing and security model for local accounts = Classic"), std::string::npos);
  bool found = false;
  for (const auto &cand : fixCandidates(plant, req(), sim.clientOf(1, 0), p.connect, false))
    if (cand.fix.summary.find("ForceGuest = 0") != std::string::npos) {
      EXPECT_EQ(cand.fix.howto, expected);
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST(Tokens, EveryoneIncludesAnonymousOnlyWhenSet) {
  auto plant = base();
  auto &s = host(plant, "OPCSRV");
  s.lsa.forceGuest.value = true;
  setSddl(s.dcom.machineLaunchRestriction, "O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)");
  setSddl(server(plant).launchPermission, "O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)");
  auto p = run(plant);
  EXPECT_EQ(p.connect.step, std::optional<Step>(Step::LaunchLimits));
  s.lsa.everyoneIncludesAnonymous.value = true;
  EXPECT_GT(static_cast<int>(*run(plant).connect.step), static_cast<int>(Step::LaunchPermission));
}

TEST(Tokens, DomainAccountsAreKnownWhereTheDomainIsTrusted) {
  const char *text = R"TOML([[domain]]
name = "LINE3"
sid = "S-1-5-21-9-8-7"
[[domain.user]]
name = "opc"
password = "P"
[[domain.group]]
name = "OPC Users"
members = ["opc"]
[[host]]
name = "S"
domain = "LINE3"
[host.firewall]
enabled = false
[[host.group]]
name = "Distributed COM Users"
members = ["LINE3\\OPC Users"]
[[host.server]]
progid = "X.1"
clsid = "{00000000-0000-0000-0000-000000000001}"
launch_permission = "O:BAG:BAD:(A;;CCDCLCSWRP;;;S-1-5-32-562)"
access_permission = "O:BAG:BAD:(A;;CCDCLC;;;S-1-5-32-562)"
[[host]]
name = "C"
domain = "LINE3"
)TOML";
  auto plant = model::parsePlant(text, "d.toml", ".", {false});
  ASSERT_TRUE(plant.ok()) << plant.error().str();
  auto p = run(*plant, Request{"C", "LINE3\\opc", "", "S", "X.1", false});
  EXPECT_TRUE(p.connect.ok()) << (p.connect.step ? stepId(*p.connect.step) : "");
}

TEST(Hardening, PhasesByPatchDate) {
  model::Host s;
  s.name = "S";
  s.os.value = *model::OsVersion::parse("windows-server-2019");
  auto at = [&](model::Date d, std::optional<int> value) {
    s.patched = model::Fact<model::Date>{d, {}};
    s.dcom.requireIntegrityActivationAuthenticationLevel.reset();
    if (value)
      s.dcom.requireIntegrityActivationAuthenticationLevel = model::Fact<int>{*value, {}};
    return serverHardening(s).enforced;
  };
  EXPECT_FALSE(at({2021, 5, 11}, 1));
  EXPECT_FALSE(at({2021, 9, 14}, std::nullopt));
  EXPECT_TRUE(at({2021, 9, 14}, 1));
  EXPECT_TRUE(at({2022, 9, 13}, std::nullopt));
  EXPECT_FALSE(at({2022, 9, 13}, 0));
  EXPECT_TRUE(at({2023, 3, 14}, 0));
  s.os.value = *model::OsVersion::parse("windows-server-2003");
  EXPECT_FALSE(at({2023, 6, 13}, 1));

  EXPECT_EQ(activationLevel(2, 0, 1), 5); // default level raised
  EXPECT_EQ(activationLevel(2, 2, 1), 2); // explicit level kept with 1
  EXPECT_EQ(activationLevel(2, 2, 2), 5); // raised with 2
  EXPECT_EQ(activationLevel(1, 0, 2), 1); // None never raised
  EXPECT_EQ(activationLevel(2, 0, 0), 2);
}

TEST(Connect, HardeningRefusesAnExplicitConnectFromAClientPatchedBeforeNovember2022) {
  auto plant = base();
  host(plant, "HMI1").patched->value = {2022, 9, 13};
  host(plant, "HMI1").clients[0].activationAuthenticationLevel = model::Fact<int>{2, {}};
  auto p = run(plant, req(), true);
  expectConnect(p, hr::E_ACCESSDENIED, Step::Hardening);
  const Event *e = findEvent(p.connect, 10036);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("OPCSRV\\opcuser"), std::string::npos);
  EXPECT_NE(e->message.find("from address 10.0.3.21"), std::string::npos);
  EXPECT_TRUE(findEvent(p.connect, 10037));
  ASSERT_FALSE(p.connect.fixes.empty());
  for (const auto &f : p.connect.fixes)
    EXPECT_TRUE(f.verified);
  host(plant, "HMI1").patched->value = {2022, 11, 8};
  EXPECT_TRUE(run(plant).connect.ok());
}

TEST(Connect, HardeningNonWindowsStackNeverRaises) {
  auto plant = base();
  host(plant, "HMI1").clients[0].stack.value = model::ClientStack::JInterop;
  host(plant, "HMI1").clients[0].authenticationLevel = model::Fact<int>{2, {}};
  expectConnect(run(plant), hr::E_ACCESSDENIED, Step::Hardening);
  host(plant, "OPCSRV").patched->value = {2021, 1, 12};
  EXPECT_TRUE(run(plant).connect.ok());
}

// ------------------------------------------------------------------------------------------
// An unknown patch level where the hardening decides (docs/model.md#hardening): the prediction
// takes the host as unpatched and carries the outcome a patched host would get.

namespace {
void unknownPatchLevel(model::Host &h) {
  h.patched.reset();
  h.patchLevelUnknown = model::Fact<std::string>{"no update of this host can be dated",
                                                 model::Provenance::snapshot("snapshots/X/systeminfo.txt", 12, "")};
}
std::string conditionsOf(const IfPatched &alt) {
  std::string out;
  for (const auto &w : alt.when)
    out += w.host + " " + w.update.str() + (w.installed ? " installed;" : " not installed;");
  return out;
}
} // namespace

TEST(IfPatched, KnownLevelsCarryNoAlternative) {
  auto plant = base();
  host(plant, "HMI1").clients[0].stack.value = model::ClientStack::JInterop;
  host(plant, "HMI1").clients[0].authenticationLevel = model::Fact<int>{2, {}};
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::Hardening);
  EXPECT_FALSE(p.connect.ifPatched);
  EXPECT_FALSE(predictionToJson(p)["connect"].contains("if_patched"));
  // An unknown level that does not decide: a client that raises nothing either way.
  unknownPatchLevel(host(plant, "HMI1"));
  expectConnect(run(plant), hr::E_ACCESSDENIED, Step::Hardening);
  EXPECT_FALSE(run(plant).connect.ifPatched);
}

TEST(IfPatched, UnknownServerShowsTheRefusalAPatchedServerGives) {
  auto plant = base();
  host(plant, "HMI1").clients[0].stack.value = model::ClientStack::JInterop; // never raises
  host(plant, "HMI1").clients[0].authenticationLevel = model::Fact<int>{2, {}};
  unknownPatchLevel(host(plant, "OPCSRV"));
  auto p = run(plant);
  EXPECT_TRUE(p.connect.ok()); // taken as unpatched: no hardening
  ASSERT_TRUE(p.connect.ifPatched);
  const IfPatched &alt = *p.connect.ifPatched;
  EXPECT_EQ(hresultHex(alt.hresult), "0x80070005");
  ASSERT_TRUE(alt.step);
  EXPECT_EQ(*alt.step, Step::Hardening);
  EXPECT_EQ(conditionsOf(alt), "OPCSRV 2022-06-14 installed;"); // on by default from then
  ASSERT_EQ(alt.settledBy.size(), 1u);
  EXPECT_NE(alt.settledBy[0].find("CurrentVersion"), std::string::npos) << alt.settledBy[0];
  EXPECT_NE(alt.settledBy[0].find("snapshots/X/systeminfo.txt:12"), std::string::npos) << alt.settledBy[0];
  EXPECT_EQ(ifPatchedCondition(alt), "OPCSRV has the 2022-06-14 update or a later one");
  // The server's own value moves the date: opted in from 2021-06-08, opted out until 2023-03-14.
  host(plant, "OPCSRV").dcom.requireIntegrityActivationAuthenticationLevel = model::Fact<int>{1, {}};
  EXPECT_EQ(conditionsOf(*run(plant).connect.ifPatched), "OPCSRV 2021-06-08 installed;");
  host(plant, "OPCSRV").dcom.requireIntegrityActivationAuthenticationLevel = model::Fact<int>{0, {}};
  EXPECT_EQ(conditionsOf(*run(plant).connect.ifPatched), "OPCSRV 2023-03-14 installed;");
  // XP/2003 has no hardening whatever its updates.
  host(plant, "OPCSRV").os.value = *model::OsVersion::parse("windows-server-2003");
  EXPECT_FALSE(run(plant).connect.ifPatched);
}

TEST(IfPatched, UnknownClientShowsWhatARaisedLevelGetsFurtherOn) {
  auto plant = base();
  unknownPatchLevel(host(plant, "HMI1"));
  auto p = run(plant, req("opcuser", "HMI1", "HMI"), true);
  expectConnect(p, hr::E_ACCESSDENIED, Step::Hardening); // Connect, not raised, refused
  ASSERT_TRUE(p.connect.ifPatched);
  EXPECT_TRUE(p.connect.ifPatched->ok());
  EXPECT_FALSE(p.connect.ifPatched->step);
  EXPECT_EQ(conditionsOf(*p.connect.ifPatched), "HMI1 2021-06-08 installed;"); // the default level raised
  // The fixes stay those of the prediction, each proven (the raise includes installing the update).
  bool raiseOffered = false;
  for (const auto &f : p.connect.fixes) {
    EXPECT_TRUE(f.verified) << f.summary;
    raiseOffered |= f.summary.find("RaiseActivationAuthenticationLevel") != std::string::npos;
  }
  EXPECT_TRUE(raiseOffered);
  // An explicit level is raised only from 2022-11-08; past the hardening the walk goes on, and a
  // later step decides the other outcome.
  host(plant, "HMI1").clients[0].activationAuthenticationLevel = model::Fact<int>{2, {}};
  host(plant, "OPCSRV").findUser("opcuser")->groups = {"Users"};
  auto q = run(plant, req("opcuser", "HMI1", "HMI"));
  expectConnect(q, hr::E_ACCESSDENIED, Step::Hardening);
  ASSERT_TRUE(q.connect.ifPatched);
  EXPECT_EQ(conditionsOf(*q.connect.ifPatched), "HMI1 2022-11-08 installed;");
  ASSERT_TRUE(q.connect.ifPatched->step);
  EXPECT_EQ(*q.connect.ifPatched->step, Step::LaunchLimits);
  // The trace of the prediction itself stops at the hardening, with the other outcome in its evidence.
  EXPECT_EQ(q.connect.steps.back().step, Step::Hardening);
  EXPECT_NE(q.connect.steps.back().evidence.back().find("launch-limits"), std::string::npos);
}

TEST(IfPatched, BothUnknownNameBothConditions) {
  auto plant = base();
  unknownPatchLevel(host(plant, "HMI1"));
  unknownPatchLevel(host(plant, "OPCSRV"));
  auto p = run(plant, req("opcuser", "HMI1", "HMI"));
  EXPECT_TRUE(p.connect.ok());
  ASSERT_TRUE(p.connect.ifPatched);
  EXPECT_EQ(conditionsOf(*p.connect.ifPatched), "OPCSRV 2022-06-14 installed;HMI1 2021-06-08 not installed;");
  EXPECT_EQ(ifPatchedCondition(*p.connect.ifPatched),
            "OPCSRV has the 2022-06-14 update or a later one and HMI1 does not have the 2021-06-08 update");
  auto j = predictionToJson(p)["connect"]["if_patched"];
  EXPECT_EQ(j["hresult"], "0x80070005");
  EXPECT_EQ(j["step"], "hardening");
  EXPECT_EQ(j["ok"], false);
  ASSERT_EQ(j["when"].size(), 2u);
  EXPECT_EQ(j["when"][1]["host"], "HMI1");
  EXPECT_EQ(j["when"][1]["update"], "2021-06-08");
  EXPECT_EQ(j["when"][1]["installed"], false);
  EXPECT_EQ(j["settled_by"].size(), 2u);
  // A local activation skips the hardening: nothing to show.
  auto local = run(plant, Request{"OPCSRV", "opcuser", "", "OPCSRV", "Acme.OPCDA.1", false});
  EXPECT_FALSE(local.connect.ifPatched);
}

TEST(IfPatched, MatrixRowsCarryTheSameAlternative) {
  auto plant = base();
  unknownPatchLevel(host(plant, "OPCSRV"));
  host(plant, "HMI1").clients[0].activationAuthenticationLevel = model::Fact<int>{2, {}};
  host(plant, "HMI1").patched->value = {2022, 9, 13}; // raises the default level only
  std::vector<MatrixRow> rows;
  // failingOnly: the green row is listed because it has another outcome.
  auto sum = runMatrix(plant, MatrixOptions{1, true}, [&](const MatrixRow &r) { rows.push_back(r); });
  EXPECT_EQ(sum.connectIfPatched, 1u);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].connectHresult, 0u);
  ASSERT_TRUE(rows[0].connectIfPatched);
  auto p = run(plant, req("opcuser", "HMI1", "HMI"));
  ASSERT_TRUE(p.connect.ifPatched);
  EXPECT_EQ(rows[0].connectIfPatched->hresult, p.connect.ifPatched->hresult);
  EXPECT_EQ(rows[0].connectIfPatched->step, p.connect.ifPatched->step);
  EXPECT_EQ(conditionsOf(*rows[0].connectIfPatched), conditionsOf(*p.connect.ifPatched));
  EXPECT_TRUE(rows[0].connectIfPatched->settledBy.empty()); // the fast path formats no evidence
}

TEST(IfPatched, PlantFileCanSayUnknown) {
  std::string text = kBase;
  text.replace(text.find("patched = 2023-06-13"), 20, "patched = \"unknown\"");
  auto plant = model::parsePlant(text, "unknown.toml", ".", model::PlantReadOptions{false});
  ASSERT_TRUE(plant.ok()) << plant.error().str();
  const model::Host &s = *plant->findHost("OPCSRV");
  EXPECT_FALSE(s.patched);
  ASSERT_TRUE(s.patchLevelUnknown);
  EXPECT_EQ(s.patchLevelUnknown->from.origin(), "unknown.toml:4");
  EXPECT_TRUE(patchLevelUnknown(s));
  text.replace(text.find("patched = \"unknown\""), 19, "patched = \"someday\"");
  auto bad = model::parsePlant(text, "bad.toml", ".", model::PlantReadOptions{false});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().str().find("\"unknown\""), std::string::npos) << bad.error().str();
}

TEST(Connect, LaunchLimits) {
  auto plant = base();
  host(plant, "OPCSRV").findUser("opcuser")->groups = {"Users"};
  auto p = run(plant, req(), true);
  expectConnect(p, hr::E_ACCESSDENIED, Step::LaunchLimits);
  const Event *e = findEvent(p.connect, 10027); // Server 2019 (10015 before Windows 10 / 2016)
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("OPCSRV\\opcuser"), std::string::npos);
  EXPECT_TRUE(e->logged);
  bool cites = false;
  for (const auto &ev : p.connect.steps.back().evidence)
    cites = cites || ev.find("MachineLaunchRestriction") != std::string::npos;
  EXPECT_TRUE(cites);
  ASSERT_FALSE(p.connect.fixes.empty());
}

TEST(Connect, RegistrationAndBitness) {
  auto plant = base();
  server(plant).registered.value = false;
  expectConnect(run(plant), hr::REGDB_E_CLASSNOTREG, Step::Registration);
  auto p = run(base(), Request{"HMI1", "opcuser", "", "OPCSRV", "No.Such.Class", false});
  expectConnect(p, hr::REGDB_E_CLASSNOTREG, Step::Registration);
  plant = base();
  server(plant).view.value = "32";
  server(plant).preferredServerBitness = model::Fact<int>{3, {}};
  expectConnect(run(plant), hr::REGDB_E_CLASSNOTREG, Step::Registration);
}

TEST(Connect, LaunchPermissionApplicationSpecificAndDefault) {
  auto plant = base();
  setSddl(server(plant).launchPermission, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)");
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::LaunchPermission);
  const Event *e = findEvent(p.connect, 10016);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("application-specific"), std::string::npos);
  EXPECT_NE(e->message.find("APPID {6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}"), std::string::npos);
  server(plant).launchPermission.reset(); // the machine default: BA, IU, SY
  p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::LaunchPermission);
  EXPECT_NE(findEvent(p.connect, 10016)->message.find("machine-default"), std::string::npos);
}

TEST(Connect, LaunchIdentity) {
  auto plant = base();
  server(plant).runAs.value = model::RunAs{model::RunAs::Kind::InteractiveUser, ""};
  expectConnect(run(plant), hr::CO_E_RUNAS_LOGON_FAILURE, Step::LaunchIdentity);
  host(plant, "OPCSRV").consoleUser = model::Fact<std::string>{"opcsvc", {}};
  EXPECT_TRUE(run(plant).connect.ok());

  plant = base();
  server(plant).runAsPasswordLabel->value = "old";
  auto p = run(plant);
  expectConnect(p, hr::CO_E_RUNAS_LOGON_FAILURE, Step::LaunchIdentity);
  const Event *e = findEvent(p.connect, 10004);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("could not log on OPCSRV\\opcsvc"), std::string::npos);
  server(plant).running.value = true; // no launch, no identity check
  EXPECT_TRUE(run(plant).connect.ok());
}

TEST(Connect, ExecutableLicenseConnectionKind) {
  auto plant = base();
  server(plant).exePresent.value = false;
  expectConnect(run(plant), hr::ERROR_MOD_NOT_FOUND, Step::Executable);
  plant = base();
  server(plant).exeReaders.value = {"Administrators"};
  auto p = run(plant);
  expectConnect(p, hr::CO_E_SERVER_EXEC_FAILURE, Step::ExecutableAccess);
  ASSERT_TRUE(findEvent(p.connect, 10010));
  EXPECT_EQ(
      findEvent(p.connect, 10010)->message,
      "The server {6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00} did not register with DCOM within the required timeout.");
  plant = base();
  server(plant).licensed.value = false;
  expectConnect(run(plant), hr::CLASS_E_NOTLICENSED, Step::License);
  plant = base();
  server(plant).accepts.value = model::ConnectionKind::Local;
  expectConnect(run(plant), hr::CLASS_E_CLASSNOTAVAILABLE, Step::ConnectionKind);
}

TEST(Connect, AccessLimitsAndPermission) {
  auto plant = base();
  setSddl(host(plant, "OPCSRV").dcom.machineAccessRestriction, "O:BAG:BAD:(A;;CCDCLC;;;BA)");
  auto p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::Access);
  ASSERT_TRUE(findEvent(p.connect, 10019));
  EXPECT_TRUE(findEvent(p.connect, 10019)->logged); // CallFailureLoggingLevel = 1 in the base plant
  plant = base();
  setSddl(server(plant).accessPermission, "O:BAG:BAD:(A;;CCDCLC;;;BA)");
  p = run(plant);
  expectConnect(p, hr::E_ACCESSDENIED, Step::Access);
  ASSERT_TRUE(findEvent(p.connect, 10018));
  server(plant).authenticationLevel = model::Fact<int>{1, {}}; // None: no access check
  EXPECT_TRUE(run(plant).connect.ok());
}

TEST(Connect, InterfaceOwnSecurity) {
  auto plant = base();
  server(plant).ownSecurity = model::Fact<std::vector<std::string>>{{"operator"}, {}};
  expectConnect(run(plant), hr::E_NOINTERFACE, Step::Interface);
  server(plant).ownSecurity->value.push_back("opcuser");
  EXPECT_TRUE(run(plant).connect.ok());
}

TEST(Advise, ReachabilityAuthenticationAccess) {
  auto plant = base();
  host(plant, "HMI1").firewall.rules.pop_back(); // no rule for hmi.exe
  auto p = run(plant);
  EXPECT_TRUE(p.connect.ok());
  EXPECT_EQ(p.advise->step, std::optional<Step>(Step::CallbackReachability));
  EXPECT_EQ(p.advise->hresult, hr::CONNECT_E_CANNOTCONNECT);

  plant = base();
  host(plant, "HMI1").findUser("opcsvc")->passwordLabel = "other";
  p = run(plant);
  EXPECT_EQ(p.advise->step, std::optional<Step>(Step::CallbackAuthentication));
  EXPECT_EQ(p.advise->hresults, (std::vector<uint32_t>{hr::E_ACCESSDENIED, hr::CONNECT_E_CANNOTCONNECT}));
  ASSERT_TRUE(findEvent(*p.advise, 4625));
  EXPECT_EQ(findEvent(*p.advise, 4625)->host, "HMI1");
  server(plant).refusedCallback = model::Fact<uint32_t>{hr::CONNECT_E_CANNOTCONNECT, {}};
  p = run(plant);
  EXPECT_EQ(p.advise->hresult, hr::CONNECT_E_CANNOTCONNECT);
  EXPECT_TRUE(p.advise->hresults.empty());

  plant = base();
  host(plant, "HMI1").findUser("opcsvc")->groups = {"Users"};
  p = run(plant);
  EXPECT_EQ(p.advise->step, std::optional<Step>(Step::CallbackAccess));
}

TEST(Fixes, EveryProposedFixIsProvenAndEachCandidateThatClaimsGreenIsGreen) {
  std::vector<std::function<void(model::Plant &)>> faults = {
      [](model::Plant &p) { host(p, "OPCSRV").findUser("opcuser")->passwordLabel = "Z"; },
      [](model::Plant &p) { host(p, "OPCSRV").findUser("opcuser")->groups = {"Users"}; },
      [](model::Plant &p) { host(p, "OPCSRV").firewall.rules.clear(); },
      [](model::Plant &p) { setSddl(server(p).launchPermission, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)"); },
      [](model::Plant &p) { server(p).exeReaders.value = {"Administrators"}; },
      [](model::Plant &p) { host(p, "HMI1").dcom.enableDcom.value = false; },
      [](model::Plant &p) { host(p, "HMI1").firewall.rules.clear(); },
      [](model::Plant &p) {
        host(p, "HMI1").users.pop_back(), host(p, "HMI1").users.erase(host(p, "HMI1").users.begin() + 3);
      },
  };
  for (size_t i = 0; i < faults.size(); ++i) {
    auto plant = base();
    faults[i](plant);
    auto p = run(plant, req(), true);
    ASSERT_FALSE(p.ok()) << "fault " << i;
    const Outcome &red = p.connect.ok() ? *p.advise : p.connect;
    ASSERT_FALSE(red.fixes.empty()) << "fault " << i;
    for (const auto &f : red.fixes) {
      EXPECT_TRUE(f.verified);
      EXPECT_FALSE(f.howto.empty());
      EXPECT_FALSE(f.source.empty());
    }
    // Independently: some single candidate or the proven chain applies and turns it green.
    Simulator sim(plant);
    ClientSpec client = sim.clientOf(1, 0);
    bool anyGreen = false;
    for (auto &cand : fixCandidates(plant, req(), client, red, !p.connect.ok() ? false : true)) {
      model::Plant copy = plant;
      cand.apply(copy);
      auto again = run(copy);
      anyGreen = anyGreen || (p.connect.ok() ? again.advise->ok() : again.connect.ok());
    }
    if (red.fixes.size() == 1 && red.fixes[0].summary.find("1) ") == std::string::npos) {
      EXPECT_TRUE(anyGreen) << "fault " << i;
    }
  }
}

TEST(Json, ContractFieldsAndStepIds) {
  auto plant = base();
  host(plant, "OPCSRV").findUser("opcuser")->groups = {"Users"};
  host(plant, "HMI1").firewall.rules.clear();
  auto j = predictionToJson(run(plant, req(), true));
  EXPECT_EQ(j["client"]["host"], "HMI1");
  EXPECT_EQ(j["client"]["user"], "opcuser");
  EXPECT_EQ(j["client"]["program"], "HMI");
  EXPECT_EQ(j["server"]["host"], "OPCSRV");
  EXPECT_EQ(j["server"]["class"], "Acme.OPCDA.1");
  const auto &c = j["connect"];
  EXPECT_EQ(c["hresult"], "0x80070005");
  EXPECT_EQ(c["symbol"], "E_ACCESSDENIED");
  EXPECT_EQ(c["ok"], false);
  EXPECT_EQ(c["step"], "launch-limits");
  std::vector<std::string> ids;
  for (const auto &s : c["steps"]) {
    ids.push_back(s["step"]);
    EXPECT_TRUE(s["evidence"].is_array());
    EXPECT_TRUE(s["ok"].is_boolean());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"local", "enable-dcom", "reachability", "authentication", "hardening",
                                           "launch-limits"}));
  ASSERT_FALSE(c["events"].empty());
  for (const char *k : {"host", "log", "source", "id", "message", "logged"})
    EXPECT_TRUE(c["events"][0].contains(k)) << k;
  EXPECT_TRUE(c["fixes"].is_array());
  EXPECT_FALSE(c["fixes"].empty());
  const auto &a = j["advise"];
  EXPECT_EQ(a["step"], "callback-reachability");
  EXPECT_EQ(a["hresult"], "0x80040202");
  auto green = predictionToJson(run(base()));
  EXPECT_EQ(green["connect"]["hresult"], "0x00000000");
  EXPECT_TRUE(green["connect"]["step"].is_null());
  EXPECT_FALSE(green["connect"].contains("hresults"));
}

TEST(Matrix, ExamplePlant) {
  auto plant = model::readPlantFile(test::sourceDir() / "examples" / "plant" / "plant.toml");
  ASSERT_TRUE(plant.ok()) << plant.error().str();
  std::vector<MatrixRow> rows;
  auto sum = runMatrix(*plant, MatrixOptions{2, false}, [&](const MatrixRow &r) { rows.push_back(r); });
  ASSERT_EQ(sum.rows, 3u);
  EXPECT_EQ(sum.bothOk, 1u);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_TRUE(rows[0].ok()); // HMI1
  EXPECT_EQ(rows[1].connectHresult, hr::E_ACCESSDENIED);
  EXPECT_EQ(rows[2].connectStep, static_cast<int8_t>(Step::Hardening));
  // The matrix's fast path agrees with the detailed prediction.
  Simulator sim(*plant);
  auto p = sim.predict(Request{"HMI2", "operator", "HMI", "OPCSRV", "Acme.OPCDA.1", true}, Options{true, false});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->connect.hresult, rows[1].connectHresult);
  EXPECT_EQ(static_cast<int8_t>(*p->connect.step), rows[1].connectStep);
  EXPECT_EQ(p->advise->hresult, rows[1].adviseHresult);
}
