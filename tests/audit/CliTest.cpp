// The `events` and `explain` verbs through the built binary: exit statuses, JSON, diagnostics.
#include "support/Conformance.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

namespace {

struct RunResult {
  int status = -1;
  std::string out, err;
};

// Runs dcomdoctor with `args` (shell-quoted by the caller) and optional stdin text.
RunResult run(const std::string &args, const std::string &input = {}) {
  auto dir = std::filesystem::temp_directory_path() / ("dd-audit-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string in = (dir / "in").string(), out = (dir / "out").string(), err = (dir / "err").string();
  std::ofstream(in, std::ios::binary) << input;
  std::string cmd =
      std::string("'") + DCOMDOCTOR_BINARY + "' " + args + " <'" + in + "' >'" + out + "' 2>'" + err + "'";
  int raw = std::system(cmd.c_str());
  RunResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = dd::test::readFileText(out);
  r.err = dd::test::readFileText(err);
  std::filesystem::remove_all(dir);
  return r;
}

std::string fixture(const std::string &name) {
  return dd::test::readFileText(std::filesystem::path(DD_AUDIT_FIXTURES) / name);
}

} // namespace

TEST(Cli, ExplainCodes) {
  RunResult r = run("explain 0x80070005");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("E_ACCESSDENIED"), std::string::npos);
  EXPECT_NE(r.out.find("DCOM Errors by Numeric Code"), std::string::npos) << "sources are printed";

  RunResult neg = run("explain -2147024891 --json");
  ASSERT_EQ(neg.status, 0) << neg.err;
  EXPECT_EQ(nlohmann::json::parse(neg.out)["symbol"], "E_ACCESSDENIED");

  RunResult unknown = run("explain 0x80004005");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_EQ(unknown.err.rfind("dcomdoctor: ", 0), 0u) << unknown.err;
}

TEST(Cli, ExplainPastedEvent) {
  RunResult r = run("explain - --json", fixture("guide-10014-anonymous-logon.txt"));
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["event"]["id"], 10014);
  EXPECT_EQ(j["facts"]["sid"], "S-1-5-7");
  EXPECT_EQ(j["facts"]["right"], "Activation");

  RunResult text = run("explain -", fixture("guide-680-unknown-user.txt"));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("0xC0000064 STATUS_NO_SUCH_USER"), std::string::npos) << text.out;
}

TEST(Cli, MalformedPastedTextIsExit2WithALocatedMessage) {
  RunResult r = run("explain -", "Event Type: Error\nEvent Source: DCOM\nEvent ID: ten thousand\nDescription:\nx\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err.rfind("dcomdoctor: <stdin>:3: Event ID \"ten thousand\" is not an event id", 0), 0u) << r.err;

  RunResult empty = run("explain -", "");
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("empty input"), std::string::npos);
}

TEST(Cli, EventsExitsOneWithFindingsAndPrintsJson) {
  DD_REQUIRE_CONFORMANCE(dir);
  std::string file = (dir / "evtx" / "dcom-10016-remote-launch.evtx").string();
  RunResult r = run("events '" + file + "' --json");
  EXPECT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["findings"].size(), 4u);
  EXPECT_EQ(j["findings"][0]["severity"], "error");

  RunResult text = run("events '" + file + "'");
  EXPECT_EQ(text.status, 1);
  EXPECT_NE(text.out.find("1 x Remote Launch of ShellBrowserWindow denied to IEUser"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("evidence: " + file + " record 4451"), std::string::npos) << text.out;
}

TEST(Cli, EventsWithNothingReadableIsExit2) {
  auto bad = std::filesystem::temp_directory_path() / "dd-audit-not-evtx.evtx";
  std::ofstream(bad) << "this is not an event log\n";
  RunResult r = run("events '" + bad.string() + "'");
  std::filesystem::remove(bad);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.rfind("dcomdoctor: ", 0), 0u) << r.err;
}

TEST(Cli, ExplainInThePlant) {
  const std::string plant = std::string("'") + DCOMDOCTOR_SOURCE_DIR + "/examples/plant/plant.toml'";
  RunResult all = run("explain 0x80070005 --plant " + plant + " --json");
  ASSERT_EQ(all.status, 0) << all.err;
  nlohmann::json j = nlohmann::json::parse(all.out);
  EXPECT_EQ(j["plant"]["pairs_giving"], 2) << "HMI2's HMI and Historian fail with 0x80070005";
  EXPECT_EQ(j["plant"]["pairs"][0]["causes"][0]["link"], "docs/model.md#launch-permission");

  RunResult pair = run("explain 0x80070005 --plant " + plant +
                       " --client HMI2 --program Historian --server OPCSRV --class Acme.OPCDA.1");
  ASSERT_EQ(pair.status, 0) << pair.err;
  EXPECT_NE(pair.out.find("holds: Since the 2021-2023 DCOM hardening"), std::string::npos) << pair.out;
  EXPECT_NE(pair.out.find("step hardening (docs/model.md#hardening): the step fails"), std::string::npos) << pair.out;
  EXPECT_TRUE(pair.err.empty()) << pair.err;

  // A typo fails loudly and names the hosts that exist.
  RunResult typo =
      run("explain 0x80070005 --plant " + plant + " --client HMI3 --program HMI --server OPCSRV --class Acme.OPCDA.1");
  EXPECT_EQ(typo.status, 2);
  EXPECT_TRUE(typo.out.empty()) << typo.out;
  EXPECT_NE(typo.err.find("\"HMI3\" is not in the plant (its hosts: OPCSRV, HMI1, HMI2)"), std::string::npos)
      << typo.err;

  RunResult half = run("explain 0x80070005 --plant " + plant + " --client HMI2");
  EXPECT_EQ(half.status, 2);
  EXPECT_NE(half.err.find("--client, --server and --class"), std::string::npos) << half.err;
  RunResult noPlant = run("explain 0x80070005 --client HMI2 --server OPCSRV --class Acme.OPCDA.1");
  EXPECT_EQ(noPlant.status, 2);
}

// The worked example of docs/events.md ("explain a code in the plant") says these lines.
TEST(Cli, ExplainInThePlantWorkedExampleOfTheDocs) {
  const std::string plant = std::string("'") + DCOMDOCTOR_SOURCE_DIR + "/examples/plant/plant.toml'";
  RunResult r =
      run("explain 0x80070005 --plant " + plant + " --client HMI2 --program HMI --server OPCSRV --class Acme.OPCDA.1");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char *line :
       {"HMI2/HMI (operator) -> OPCSRV/Acme.OPCDA.1: connect 0x80070005 E_ACCESSDENIED at launch-limits; advise "
        "0x80040202 or 0x800706BA at callback-reachability",
        "  1. cannot tell: Connect: the account running the client has no permission to launch or activate",
        "  3. holds: Connect: the server computer cannot authenticate the account running the client.",
        "  4. does not hold: Connect: the default authentication level of both computers is None",
        "  9. does not hold: Since the 2021-2023 DCOM hardening",
        "  10. holds: Connect: the client account (or ANONYMOUS LOGON, when its logon failed) lacks Remote Launch",
        "     step launch-limits (docs/model.md#launch-limits): the step fails"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line;
  RunResult every = run("explain 0x800706BA --plant " + plant);
  ASSERT_EQ(every.status, 0) << every.err;
  EXPECT_NE(every.out.find("2 pairs give 0x800706BA"), std::string::npos) << every.out;
  EXPECT_NE(every.out.find("3. holds in 2, does not hold in 0, cannot tell in 0: Advise: the same"), std::string::npos);
  EXPECT_NE(every.out.find("cannot tell in 2: Intermittent: the server has several network cards"), std::string::npos);
}
