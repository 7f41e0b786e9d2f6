// Fidelity cases that need a variant of a scenario plant: the same plant with one client fact
// changed, run through the built binary (`simulate --json`).
#include "support/Conformance.h"
#include "support/Run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

nlohmann::json simulate(const std::string &plantText, const std::string &args) {
  fs::path plant = fs::temp_directory_path() / ("dd-fidelity-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(plant) << plantText;
  std::string cmd = std::string("'") + DCOMDOCTOR_BINARY + "' simulate '" + plant.string() + "' " + args + " --json";
  std::string out = dd::test::runCommand(cmd);
  fs::remove(plant);
  return nlohmann::json::parse(out, nullptr, false);
}

// Activation and calls authenticate separately (docs/model.md#access): the activation falls back
// to ANONYMOUS LOGON after the failed NTLM logon, but the first call uses the client's own level.
// At Connect (the Windows default) it fails at `access`; with the client program at level None the
// call is anonymous, the AppID's level is None, and the same program works.
TEST(Fidelity, FirstCallAuthenticatesAtTheClientsOwnLevel) {
  fs::path dir =
      fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples/scenarios/0x80070005-first-call-after-anonymous-activation";
  std::string plant = dd::test::readFileText(dir / "plant.toml");
  ASSERT_FALSE(plant.empty());
  const std::string args = "--client HMI1 --user opcuser --server OPCSRV --class Acme.OPCDA.1 --program HMI";

  nlohmann::json connectLevel = simulate(plant, args);
  ASSERT_FALSE(connectLevel.is_discarded());
  EXPECT_EQ(connectLevel["connect"]["hresult"], "0x80070005");
  EXPECT_EQ(connectLevel["connect"]["step"], "access");
  std::string evidence = connectLevel["connect"].dump();
  EXPECT_NE(evidence.find("QueryInterface"), std::string::npos) << "the prediction names the call that fails";
  EXPECT_NE(evidence.find("never retried without security"), std::string::npos);

  const std::string exe = "exe = 'C:\\Program Files\\Acme\\hmi.exe'";
  auto at = plant.rfind(exe);
  ASSERT_NE(at, std::string::npos);
  std::string levelNone = plant;
  levelNone.insert(at + exe.size(), "\nauthentication_level = 1");
  nlohmann::json none = simulate(levelNone, args);
  ASSERT_FALSE(none.is_discarded());
  EXPECT_EQ(none["connect"]["hresult"], "0x00000000") << none["connect"].dump(2);
}

// A LocalSystem service's callbacks reach a workgroup client as ANONYMOUS LOGON. The fix search
// finds the least-privilege fix (a named account on both hosts with the same password, granted
// Remote Access on the client), proves it, and says why ANONYMOUS LOGON is not granted.
TEST(Fidelity, LocalSystemServiceCallbackGetsANamedAccountFix) {
  fs::path dir = fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples/scenarios/0x80070005-advise-localsystem-service-workgroup";
  nlohmann::json j =
      simulate(dd::test::readFileText(dir / "plant.toml"),
               "--client HMI1 --user opcuser --server OPCSRV --class Acme.OPCDA.1 --program HMI --advise");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["advise"]["step"], "callback-access");
  ASSERT_FALSE(j["advise"]["fixes"].empty()) << j["advise"].dump(2);
  const std::string first = j["advise"]["fixes"][0].get<std::string>();
  EXPECT_NE(first.find("named account opcsvc"), std::string::npos) << first;
  EXPECT_NE(first.find("same password"), std::string::npos) << first;
  EXPECT_NE(first.find("not offered: granting ANONYMOUS LOGON"), std::string::npos) << first;
  EXPECT_NE(first.find("(green)"), std::string::npos) << first;
  for (const auto &fix : j["advise"]["fixes"])
    EXPECT_EQ(fix.get<std::string>().find("grant ANONYMOUS LOGON"), std::string::npos) << fix;
}

// The account the named-account fix picks comes from the plant: opcsvc, which both hosts have
// with the same password and which no client program runs as; opcsvc with another password on
// the client (its password set there too); no usable account on both hosts (opcsvc removed, or an
// administrator on the server; opcuser is the HMI's own identity): a new account named after the
// service, said to be a proposal. Each is proven green.
TEST(Fidelity, NamedAccountFixChoosesItsAccountFromThePlant) {
  fs::path dir = fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples/scenarios/0x80070005-advise-localsystem-service-workgroup";
  const std::string plant = dd::test::readFileText(dir / "plant.toml");
  const std::string onServer = "name = \"opcsvc\"\nrid = 1002\npassword = \"B\"\ngroups = [\"Users\"]";
  const std::string onClient =
      "name = \"opcsvc\"\nrid = 1002\npassword = \"B\"\ngroups = [\"Users\", \"Distributed COM Users\"]";
  ASSERT_NE(plant.find(onServer), std::string::npos);
  ASSERT_NE(plant.find(onClient), std::string::npos);
  auto edited = [&](const std::string &server, const std::string &client) {
    std::string text = plant;
    text.replace(text.find(onServer), onServer.size(), server);
    text.replace(text.find(onClient), onClient.size(), client);
    return text;
  };
  auto firstFix = [](const std::string &text) {
    nlohmann::json j =
        simulate(text, "--client HMI1 --user opcuser --server OPCSRV --class Acme.OPCDA.1 --program HMI --advise");
    if (j.is_discarded() || j["advise"]["fixes"].empty())
      return std::string("(no fix)");
    return j["advise"]["fixes"][0].get<std::string>();
  };
  std::string fix = firstFix(plant);
  EXPECT_NE(fix.find("as a named account opcsvc that exists on OPCSRV and HMI1 with the same password"),
            std::string::npos)
      << fix;
  EXPECT_EQ(fix.find("net user"), std::string::npos) << "no account to create or password to set: " << fix;
  EXPECT_NE(fix.find("(green)"), std::string::npos) << fix;

  fix = firstFix(edited(onServer, "name = \"opcsvc\"\nrid = 1002\npassword = \"C\"\ngroups = [\"Users\"]"));
  EXPECT_NE(fix.find("give HMI1\\opcsvc the same password as OPCSRV\\opcsvc"), std::string::npos) << fix;
  EXPECT_NE(fix.find("(green)"), std::string::npos) << fix;

  for (const std::string &server :
       {std::string("name = \"svcadmin\"\nrid = 1003\npassword = \"B\"\ngroups = [\"Users\"]"),
        onServer.substr(0, onServer.find("groups")) + "groups = [\"Users\", \"Administrators\"]"}) {
    fix = firstFix(edited(server, "name = \"other\"\nrid = 1002\npassword = \"B\"\ngroups = [\"Users\"]"));
    EXPECT_EQ(fix.find("as a named account opcuser"), std::string::npos) << "the HMI's own account: " << fix;
    fix = firstFix(edited(server, onClient));
    EXPECT_NE(fix.find("as a named account AcmeOPC-svc (a proposed name"), std::string::npos) << fix;
    EXPECT_NE(fix.find("created on OPCSRV and HMI1 with the same password"), std::string::npos) << fix;
    EXPECT_NE(fix.find("(green)"), std::string::npos) << fix;
  }
}

} // namespace
