// `explain CODE|EVENT --plant`: each cause the knowledge base lists is judged by the simulator in
// the plant. The scenarios of examples/scenarios/ are the plants: plant.toml has the fault (the
// cause must hold) and fixed.toml has it fixed (the cause must not hold), for the request of
// scenario.toml.
#include "audit/ExplainPlant.h"
#include "model/PlantReader.h"
#include "sim/Simulator.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace dd::audit;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "scenarios";

dd::model::Plant readPlant(const fs::path &file) {
  auto plant = dd::model::readPlantFile(file);
  EXPECT_TRUE(plant) << file << ": " << (plant ? "" : plant.error().str());
  return plant ? std::move(*plant) : dd::model::Plant{};
}

PlantPair requestOf(const fs::path &scenario) {
  auto t = toml::parse_file((scenario / "scenario.toml").string());
  auto r = t["request"];
  return PlantPair{r["client"].value_or(std::string()),  r["user"].value_or(std::string()),
                   r["program"].value_or(std::string()), r["server"].value_or(std::string()),
                   r["class"].value_or(std::string()),   r["advise"].value_or(false)};
}

// explain THING --plant SCENARIO/FILE for the scenario's own pair.
json explainPair(const std::string &thing, const std::string &scenario, const char *file = "plant.toml") {
  const fs::path dir = kScenarios / scenario;
  dd::model::Plant plant = readPlant(dir / file);
  PlantExplainOptions o;
  o.plantFile = (dir / file).string();
  o.pair = requestOf(dir);
  auto j = explainInPlant(thing, plant, o);
  EXPECT_TRUE(j) << (j ? "" : j.error().str());
  return j ? *j : json();
}

// explain THING --plant FILE without a pair: every pair that gives it.
json explainEvery(const std::string &thing, const fs::path &file) {
  dd::model::Plant plant = readPlant(file);
  PlantExplainOptions o;
  o.plantFile = file.filename().string();
  auto j = explainInPlant(thing, plant, o);
  EXPECT_TRUE(j) << (j ? "" : j.error().str());
  return j ? *j : json();
}

// The verdict of the cause whose text contains `cause`, for the (only) pair judged.
std::string verdict(const json &j, const std::string &cause) {
  for (const json &c : j["plant"]["pairs"][0]["causes"])
    if (c["cause"].get<std::string>().find(cause) != std::string::npos)
      return c["verdict"].get<std::string>();
  ADD_FAILURE() << "no cause containing \"" << cause << "\"";
  return "";
}

// ---- plants changed for one cause (where no scenario has it) --------------------------------

const fs::path kGreen = kScenarios / "0x800706ba-firewall-blocks-135" / "fixed.toml"; // a working pair

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string replaced(std::string text, const std::string &from, const std::string &to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

// The working plant with one change: OPCSRV's own settings go before its first user.
struct Variant {
  const char *name;
  std::string text;
};

std::vector<Variant> variants() {
  const std::string green = slurp(kGreen);
  const std::string opcsrv = "[[host.user]]\nname = \"opcuser\"";
  return {
      {"RpcSs stopped",
       replaced(green, opcsrv, "[[host.service]]\nname = \"RpcSs\"\nstate = \"stopped\"\n\n" + opcsrv)},
      {"wrong DNS answer for the server",
       green + "\n[[link]]\nfrom = \"HMI1\"\nto = \"OPCSRV\"\nreachable = true\ndns = \"10.0.3.99\"\n"},
      {"NAT to the server", green + "\n[[link]]\nfrom = \"HMI1\"\nto = \"OPCSRV\"\nreachable = true\nnat = true\n"},
      {"dynamic port closed",
       replaced(green, "[[host.firewall.rule]]\nprogram = 'C:\\Program Files\\Acme\\opcda.exe'", "")},
      {"service disabled",
       replaced(
           replaced(green, opcsrv,
                    "[[host.service]]\nname = \"AcmeOPC\"\nstart = \"disabled\"\nstate = \"stopped\"\n\n" + opcsrv),
           "run_as = \"opcsvc\"\nrun_as_password = \"B\"", "run_as = \"service:AcmeOPC\"")},
      {"machine-default launch permission",
       replaced(
           replaced(green,
                    "launch_permission = "
                    "\"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;S-1-5-32-562)\"\n",
                    ""),
           "[[host]]\nname = \"HMI1\"",
           "[host.dcom]\ndefault_launch_permission = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)\"\n\n[[host]]\nname = \"HMI1\"")},
      {"application access permission",
       replaced(green, "access_permission = \"O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)\"",
                "access_permission = \"O:BAG:BAD:(A;;CCDCLC;;;BA)\"")},
  };
}

dd::model::Plant parseVariant(const Variant &v) {
  auto plant = dd::model::parsePlant(v.text, std::string(v.name) + ".toml", kGreen.parent_path());
  EXPECT_TRUE(plant) << v.name << ": " << (plant ? "" : plant.error().str());
  return plant ? std::move(*plant) : dd::model::Plant{};
}

json explainVariant(const std::string &thing, const char *name) {
  for (const Variant &v : variants())
    if (std::string(v.name) == name) {
      dd::model::Plant plant = parseVariant(v);
      PlantExplainOptions o;
      o.plantFile = name;
      o.pair = requestOf(kGreen.parent_path());
      auto j = explainInPlant(thing, plant, o);
      EXPECT_TRUE(j) << (j ? "" : j.error().str());
      return j ? *j : json();
    }
  ADD_FAILURE() << "no variant " << name;
  return json();
}

struct CauseCase {
  const char *thing, *scenario, *cause;
};

// Each: in the scenario's plant the cause holds, in its fixed plant it does not.
const CauseCase kCauseCases[] = {
    {"0x80070005", "0x80070005-application-launch-permission", "no permission to launch or activate"},
    {"0x80070005", "0x80070005-remote-access-limits", "lacks Remote Access in the server computer's"},
    {"0x80070005", "0x80070005-bad-password", "server computer cannot authenticate"},
    {"0x80070005", "0x80070005-authentication-level-none", "default authentication level of both"},
    {"0x80070005", "0x80070005-advise-identity-lacks-client-default-access", "client's default DCOM ACL"},
    {"0x80070005", "0x80070005-advise-identity-lacks-client-limits", "Remote Access in the client's system-wide"},
    {"0x80070005", "hardening-client-2022-09-explicit-connect", "below Packet Integrity is refused"},
    {"0x80070005", "0x80070005-launch-limits", "system-wide launch Limits ACL"},
    {"0x800706BA", "0x800706ba-firewall-blocks-135", "a firewall blocks TCP port 135"},
    {"0x800706BA", "0x800706ba-advise-client-firewall-blocks-135", "Advise: the same"},
    {"0x80040202", "0x80040202-dns-wrong-client-address", "DNS returns a wrong IP address"},
    {"0x80040202", "0x80040202-nat-between-server-and-client", "network address translation"},
    {"0x80040202", "0x80040202-client-firewall-blocks-callback", "firewall prevents the server"},
    {"0x80040202", "0x80040202-server-identity-not-in-client-limits", "Limits ACL does not allow a connection"},
    {"0x8000401A", "0x8000401a-runas-account-missing", "does not exist"},
    {"0x8000401A", "0x8000401a-runas-password-changed", "password of the server identity"},
    {"0x8000401A", "0x8000401a-interactive-user-nobody-logged-on", "no user is logged on"},
    {"10016", "event-10016-running-service-remote-activation", "application-specific"},
    {"10016", "event-10016-application-specific-anonymous-xp", "The caller is ANONYMOUS LOGON"},
    {"10015", "0x80070005-launch-limits", "computer-wide launch Limits"},
    {"0x80080005", "0x80080005-identity-cannot-read-exe-folder", "cannot read and execute"},
};

} // namespace

TEST(ExplainPlant, EachCauseHoldsWithTheFaultAndNotWhenFixed) {
  for (const CauseCase &c : kCauseCases) {
    SCOPED_TRACE(std::string(c.thing) + " " + c.scenario);
    json broken = explainPair(c.thing, c.scenario);
    ASSERT_TRUE(broken.contains("plant"));
    EXPECT_EQ(verdict(broken, c.cause), "holds");
    json fixed = explainPair(c.thing, c.scenario, "fixed.toml");
    EXPECT_EQ(verdict(fixed, c.cause), "does not hold");
  }
}

TEST(ExplainPlant, CausesOfOtherStepsDoNotHoldOrAreNotReached) {
  json j = explainPair("0x8000401A", "0x8000401a-runas-account-missing");
  EXPECT_EQ(verdict(j, "password of the server identity"), "does not hold");
  EXPECT_EQ(verdict(j, "no user is logged on"), "does not hold");
  EXPECT_TRUE(j["plant"]["pairs"][0]["gives"].get<bool>());

  // The connect stops at launch-limits: the launch permission after it is not reached.
  json limits = explainPair("0x80070005", "0x80070005-launch-limits");
  EXPECT_EQ(verdict(limits, "no permission to launch or activate"), "cannot tell");
  const json &first = limits["plant"]["pairs"][0]["causes"][0];
  EXPECT_NE(first["why"].get<std::string>().find("launch-limits"), std::string::npos) << first.dump();
}

TEST(ExplainPlant, EvidenceAndLinkComeFromTheDecidingStep) {
  json j = explainPair("0x80040202", "0x80040202-dns-wrong-client-address");
  for (const json &c : j["plant"]["pairs"][0]["causes"]) {
    if (c["cause"].get<std::string>().find("DNS") == std::string::npos)
      continue;
    EXPECT_EQ(c["step"], "callback-reachability");
    EXPECT_EQ(c["link"], "docs/model.md#callback-reachability");
    ASSERT_EQ(c["evidence"].size(), 1u) << c.dump();
    const std::string line = c["evidence"][0].get<std::string>();
    EXPECT_NE(line.find("10.0.3.99"), std::string::npos) << line;   // the value
    EXPECT_NE(line.find("plant.toml:"), std::string::npos) << line; // file:line
    return;
  }
  FAIL() << "no DNS cause";
}

TEST(ExplainPlant, IntermittentCausesAreNotRuledOutByAWorkingPlant) {
  // 0x800706BA's intermittent causes: DNS, NAT, several network cards, the dynamic port range.
  json fixed = explainPair("0x800706BA", "0x800706ba-firewall-blocks-135", "fixed.toml");
  for (const char *cause :
       {"name resolution (DNS", "network address translation", "several network cards", "dynamic RPC port range"})
    EXPECT_EQ(verdict(fixed, cause), "cannot tell") << cause;
  EXPECT_EQ(verdict(fixed, "a firewall blocks TCP port 135"), "does not hold");
}

TEST(ExplainPlant, WithoutAPairEveryPairThatGivesItIsNamed) {
  const fs::path dir = kScenarios / "0x80070005-launch-limits";
  const json j = explainEvery("0x80070005", dir / "plant.toml");
  const json &plant = j["plant"];
  ASSERT_GE(plant["pairs_giving"].get<int>(), 1);
  bool named = false;
  for (const json &p : plant["pairs"])
    named = named || (p["client"]["host"] == "HMI1" && p["server"]["host"] == "OPCSRV" && p["gives"].get<bool>());
  EXPECT_TRUE(named) << plant.dump(1);
  EXPECT_EQ(plant["summary"].size(), plant["pairs"][0]["causes"].size());

  const json none = explainEvery("0x80070005", dir / "fixed.toml");
  EXPECT_EQ(none["plant"]["pairs_giving"], 0);
  EXPECT_NE(renderPlantVerdicts(none["plant"]).find("no pair's prediction gives 0x80070005"), std::string::npos);
}

TEST(ExplainPlant, AnEventIsFoundAmongThePredictedEvents) {
  const fs::path file = kScenarios / "event-10016-running-service-remote-activation" / "plant.toml";
  const json j = explainEvery("10016", file);
  ASSERT_GE(j["plant"]["pairs_giving"].get<int>(), 1);
  EXPECT_EQ(j["plant"]["subject"], "event 10016");
  // 10015 (launch Limits) is not what this plant's pair logs.
  EXPECT_EQ(explainEvery("10015", file)["plant"]["pairs_giving"], 0);
}

TEST(ExplainPlant, AMisspeltHostNamesTheHostsThatExist) {
  dd::model::Plant plant = readPlant(kScenarios / "0x80070005-launch-limits" / "plant.toml");
  PlantExplainOptions o;
  o.pair = PlantPair{"HMX1", "", "HMI", "OPCSRV", "Acme.OPCDA.1", false};
  auto j = explainInPlant("0x80070005", plant, o);
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().str().find("HMX1"), std::string::npos) << j.error().str();
  EXPECT_NE(j.error().str().find("OPCSRV, HMI1"), std::string::npos) << j.error().str();
}

TEST(ExplainPlant, CausesNoScenarioHasHoldInAPlantChangedForThem) {
  struct {
    const char *variant, *thing, *cause;
  } cases[] = {
      {"RpcSs stopped", "0x800706BA", "Remote Procedure Call service (RPCSS)"},
      {"wrong DNS answer for the server", "0x800706BA", "name resolution (DNS"},
      {"wrong DNS answer for the server", "10009", "resolves to a wrong address"},
      {"NAT to the server", "0x800706BA", "network address translation (NAT)"},
      {"dynamic port closed", "0x800706BA", "dynamic RPC port range"},
      {"dynamic port closed", "0x800706BA", "a firewall blocks TCP port 135"},
      {"service disabled", "0x80070422", "startup type is Disabled"},
      {"service disabled", "10005", "DCOM could not start it"},
      {"machine-default launch permission", "10016", "machine-default"},
      {"application access permission", "10017", "AccessPermission (application-specific)"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(std::string(c.variant) + ": " + c.thing);
    EXPECT_EQ(verdict(explainVariant(c.thing, c.variant), c.cause), "holds");
    EXPECT_EQ(verdict(explainPair(c.thing, "0x800706ba-firewall-blocks-135", "fixed.toml"), c.cause),
              c.thing == std::string("0x800706BA") && std::string(c.cause).find("RPCSS") == std::string::npos &&
                      std::string(c.cause).find("firewall blocks") == std::string::npos
                  ? "cannot tell" // intermittent: a working plant does not rule it out
                  : "does not hold");
  }
  // Told apart within one step: the machine default is not the server's own permission.
  EXPECT_EQ(verdict(explainVariant("10016", "machine-default launch permission"), "application-specific"),
            "does not hold");
}

// Every cause that names a step and a way to decide it holds in at least one scenario: its sign
// matches what the simulator writes. A cause listed here has no scenario yet.
TEST(ExplainPlant, EveryDecidableCauseHoldsInSomeScenario) {
  const std::set<std::string> noScenario = {
      "Some OPC servers do not accept", // not modelled
  };
  std::map<const Cause *, bool> held;
  auto note = [&](CauseList causes) {
    for (const Cause &c : causes)
      if (!c.step.empty() && c.check != CauseCheck::NotModelled)
        held.emplace(&c, false);
  };
  for (const HResultInfo &h : allHResults())
    note(h.causes);
  for (const EventInfo &e : allEvents())
    note(e.causes);
  std::vector<std::pair<dd::model::Plant, PlantPair>> plants;
  for (const auto &entry : fs::directory_iterator(kScenarios))
    if (fs::exists(entry.path() / "scenario.toml"))
      plants.emplace_back(readPlant(entry.path() / "plant.toml"), requestOf(entry.path()));
  for (const Variant &v : variants())
    plants.emplace_back(parseVariant(v), requestOf(kGreen.parent_path()));
  for (const auto &[plant, r] : plants) {
    dd::sim::Simulator simulator(plant);
    auto p = simulator.predict(dd::sim::Request{r.client, r.user, r.program, r.server, r.cls, true},
                               dd::sim::Options{true, false});
    ASSERT_TRUE(p) << plant.name;
    for (auto &[cause, yes] : held) {
      CauseList one(cause, 1);
      if (judgeCauses(one, *p)[0].verdict == Verdict::Holds)
        yes = true;
    }
  }
  for (const auto &[cause, yes] : held) {
    bool excused = false;
    for (const std::string &prefix : noScenario)
      excused = excused || std::string(cause->text).find(prefix) != std::string::npos;
    if (!excused)
      EXPECT_TRUE(yes) << "no scenario where this cause holds (step " << cause->step << ", sign \"" << cause->sign
                       << "\"): " << cause->text;
  }
}

TEST(ExplainPlant, ALargePlantIsJudgedForTheFirstPairsAndCountedForTheRest) {
  dd::model::Plant plant = readPlant(fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "plant" / "plant.toml");
  PlantExplainOptions o;
  o.detailedPairs = 1;
  o.namedPairs = 0;
  auto j = explainInPlant("0x80070005", plant, o); // HMI2's HMI and Historian get it
  ASSERT_TRUE(j) << j.error().str();
  const json &p = (*j)["plant"];
  EXPECT_EQ(p["pairs_giving"], 2);
  EXPECT_EQ(p["pairs"].size(), 1u);
  EXPECT_TRUE(p["more_pairs"].empty());
  EXPECT_EQ(p["more_pairs_not_named"], 1);
  EXPECT_NE(renderPlantVerdicts(p).find("... and 1 more"), std::string::npos);

  o.eventChecks = 1; // event 10015 goes with 0x80070005: one candidate predicted, one not
  auto e = explainInPlant("10015", plant, o);
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["plant"]["unchecked_pairs"], 1);
  EXPECT_NE(renderPlantVerdicts((*e)["plant"]).find("1 more candidate pair"), std::string::npos);
}
