// The plant facts real cases need (docs/plant.md, docs/model.md): a client program's callback
// level, Remote Desktop sessions for RunAs "Interactive User", COM+ network access and the code a
// program shows. Each test takes a scenario plant of examples/scenarios/, changes one fact and
// runs the built binary (`simulate`), so that the rule is checked from both sides.
#include "support/Run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string scenarioPlant(const std::string &scenario, const char *file = "plant.toml") {
  std::ifstream in(fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples/scenarios" / scenario / file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `text` with `what` replaced by `with` (the test fails when `what` is not there).
std::string replaced(std::string text, const std::string &what, const std::string &with) {
  auto at = text.find(what);
  EXPECT_NE(at, std::string::npos) << "no \"" << what << "\" in the plant";
  if (at != std::string::npos)
    text.replace(at, what.size(), with);
  return text;
}

std::string run(const std::string &plantText, const std::string &args) {
  fs::path plant = fs::temp_directory_path() / ("dd-plantfacts-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(plant) << plantText;
  std::string out =
      dd::test::runCommand(std::string("'") + DCOMDOCTOR_BINARY + "' simulate '" + plant.string() + "' " + args);
  fs::remove(plant);
  return out;
}

nlohmann::json simulate(const std::string &plantText, const std::string &args) {
  return nlohmann::json::parse(run(plantText, args + " --json"), nullptr, false);
}

const std::string kRequest = "--client HMI1 --user opcuser --server OPCSRV --class Acme.OPCDA.1 --program HMI";

bool hasEvent(const nlohmann::json &outcome, int id, const std::string &fragment) {
  for (const auto &e : outcome["events"])
    if (e["id"] == id && e["message"].get<std::string>().find(fragment) != std::string::npos)
      return true;
  return false;
}

// A sink at level None gets the callbacks as ANONYMOUS LOGON: green where the client's access
// Limits and DefaultAccessPermission grant ANONYMOUS LOGON Remote Access; refused at the first
// that does not, with its event (10019 Limits, 10017 the machine default).
TEST(PlantFacts, SinkAtLevelNoneIsCheckedAsAnonymousLogon) {
  const std::string plant = scenarioPlant("0x80070005-advise-sink-level-none-anonymous-callback");
  ASSERT_FALSE(plant.empty());
  const std::string defaults =
      "default_access_permission = \"O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)";
  const std::string limits = "machine_access_restriction = "
                             "\"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)\"\n";

  std::string limitsOnly = replaced(plant, "[host.dcom]\n", "[host.dcom]\n" + limits);
  nlohmann::json j = simulate(limitsOnly, kRequest + " --advise");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["advise"]["hresult"], "0x80070005");
  EXPECT_EQ(j["advise"]["step"], "callback-access");
  EXPECT_TRUE(hasEvent(j["advise"], 10017, "ANONYMOUS LOGON")) << j["advise"]["events"].dump(2);

  std::string both = replaced(limitsOnly, defaults, defaults + "(A;;CCDCLC;;;AN)");
  j = simulate(both, kRequest + " --advise");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["advise"]["hresult"], "0x00000000") << j["advise"].dump(2);
  EXPECT_NE(j["advise"].dump().find("ANONYMOUS LOGON"), std::string::npos) << "the callback is anonymous";
}

// RunAs "Interactive User": the console user when there is one, else a connected Remote Desktop
// session's user; nobody at all: 0x8000401A at launch-identity.
TEST(PlantFacts, InteractiveUserIsTheConsoleUserElseARemoteDesktopUser) {
  const std::string plant = scenarioPlant("0x80070005-advise-interactive-user-rdp-session");
  ASSERT_FALSE(plant.empty());
  const std::string rdp = "rdp_users = [\"operator\"]";

  nlohmann::json j = simulate(plant, kRequest + " --advise");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["connect"]["hresult"], "0x00000000");
  EXPECT_NE(j["connect"].dump().find("logged on through Remote Desktop"), std::string::npos);

  // opcsvc at the console: the server runs as opcsvc, which HMI1 knows and grants.
  j = simulate(replaced(plant, rdp, rdp + "\nconsole_user = \"opcsvc\""), kRequest + " --advise");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["advise"]["hresult"], "0x00000000") << j["advise"].dump(2);

  j = simulate(replaced(plant, rdp, ""), kRequest + " --advise");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["connect"]["hresult"], "0x8000401A");
  EXPECT_EQ(j["connect"]["step"], "launch-identity");
}

// COM+ network access refuses remote activations only: a local client of the same COM+ server
// application works.
TEST(PlantFacts, ComPlusNetworkAccessRefusesRemoteActivationsOnly) {
  const std::string plant = scenarioPlant("0x80070005-com-plus-network-access-off");
  ASSERT_FALSE(plant.empty());
  nlohmann::json local = simulate(plant, "--client OPCSRV --user opcuser --server OPCSRV --class Acme.OPCDA.1");
  ASSERT_FALSE(local.is_discarded());
  EXPECT_EQ(local["connect"]["hresult"], "0x00000000") << local["connect"].dump(2);

  // Not in a COM+ application: the same switch does not matter.
  nlohmann::json plain = simulate(replaced(plant, "com_plus_application = true", ""), kRequest);
  ASSERT_FALSE(plain.is_discarded());
  EXPECT_EQ(plain["connect"]["hresult"], "0x00000000") << plain["connect"].dump(2);
}

// The code a program shows comes beside DCOM's, in JSON and text, only when the program maps that
// code; DCOM's code stays the prediction.
TEST(PlantFacts, TheCodeTheProgramShowsComesBesideDcoms) {
  const std::string plant = scenarioPlant("0x80070005-program-shows-0x800706ba");
  ASSERT_FALSE(plant.empty());
  nlohmann::json j = simulate(plant, kRequest);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["connect"]["hresult"], "0x80070005");
  EXPECT_EQ(j["connect"]["shown_hresult"], "0x800706BA");
  EXPECT_EQ(j["connect"]["shown_symbol"], "RPC_S_SERVER_UNAVAILABLE");
  std::string text = run(plant, kRequest);
  EXPECT_NE(text.find("connect: 0x80070005 E_ACCESSDENIED"), std::string::npos) << text;
  EXPECT_NE(text.find("the client program shows 0x800706BA RPC_S_SERVER_UNAVAILABLE"), std::string::npos) << text;

  // Another code mapped: nothing shown beside 0x80070005.
  j = simulate(replaced(plant, "reports = { \"0x80070005\"", "reports = { \"0x80040154\""), kRequest);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_FALSE(j["connect"].contains("shown_hresult"));
  // Green: nothing shown.
  j = simulate(scenarioPlant("0x80070005-program-shows-0x800706ba", "fixed.toml"), kRequest);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["connect"]["hresult"], "0x00000000");
  EXPECT_FALSE(j["connect"].contains("shown_hresult"));
}

} // namespace
