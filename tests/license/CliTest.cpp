// The `license` and `license simulate` verbs through the built binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct RunResult {
  int status = -1;
  std::string out, err;
};

RunResult run(const std::string &args) {
  auto dir = std::filesystem::temp_directory_path() / ("dd-license-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string out = (dir / "out").string(), err = (dir / "err").string();
  std::string cmd = "cd '" + std::string(DCOMDOCTOR_SOURCE_DIR) + "' && '" + DCOMDOCTOR_BINARY + "' " + args + " >'" +
                    out + "' 2>'" + err + "'";
  int raw = std::system(cmd.c_str());
  RunResult r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, dd::test::readFileText(out), dd::test::readFileText(err)};
  std::filesystem::remove_all(dir);
  return r;
}

const std::string kSim = "license simulate examples/license/guests-denied/plant.toml --host WIS01 --pool 25 "
                         "--users-per-hour 10 --session-minutes 30 --timeout 20m "
                         "--end-mix logoff=0.2,close=0.5,timeout=0.3 --days 30 --seed 7";

TEST(LicenseCli, DiagnosisExitStatusAndJson) {
  RunResult healthy = run("license examples/license/healthy/plant.toml --host WIS01");
  EXPECT_EQ(healthy.status, 0) << healthy.err;
  EXPECT_NE(healthy.out.find("healthy"), std::string::npos);
  RunResult bad = run("license examples/license/guests-denied/plant.toml --host WIS01 --json");
  EXPECT_EQ(bad.status, 1) << bad.err;
  auto j = nlohmann::json::parse(bad.out);
  EXPECT_EQ(j["causes"][0]["cause"], "logon-right");
  EXPECT_EQ(j["fixes"][0]["fix"], "additional");
  EXPECT_TRUE(j["fixes"][0]["healthy_after"].get<bool>());
  EXPECT_TRUE(j["application_log_event"]["written"].get<bool>());
}

TEST(LicenseCli, SimulateIsDeterministicAndShowsBeforeAndAfter) {
  RunResult a = run(kSim + " --json"), b = run(kSim + " --json");
  ASSERT_EQ(a.status, 1) << a.err;
  EXPECT_EQ(a.out, b.out);
  auto j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["before"]["leaked"], 25);
  EXPECT_FALSE(j["before"]["dry_at"].is_null());
  EXPECT_EQ(j["after"]["leaked"], 0);
  EXPECT_EQ(j["after"]["turned_away"], 0);
  EXPECT_EQ(j["before"]["arrivals"], j["after"]["arrivals"]);
  EXPECT_EQ(j["before"]["days"].size(), 30u);
}

TEST(LicenseCli, HtmlReportWithAnInlineSvgPlot) {
  auto file = std::filesystem::temp_directory_path() / ("dd-license-" + std::to_string(::getpid()) + ".html");
  RunResult r = run(kSim + " --format html -o '" + file.string() + "'");
  EXPECT_EQ(r.status, 1) << r.err;
  std::string html = dd::test::readFileText(file);
  std::filesystem::remove(file);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Failed to impersonate the Anonymous User"), std::string::npos);
}

TEST(LicenseCli, BadInputIsOneLineAndExitTwo) {
  RunResult noHost = run("license examples/license/healthy/plant.toml");
  EXPECT_EQ(noHost.status, 2);
  RunResult mix = run("license simulate examples/license/healthy/plant.toml --host WIS01 --pool 5 --users-per-hour 1 "
                      "--session-minutes 5 --days 1 --end-mix logoff=0.9,close=0.9");
  EXPECT_EQ(mix.status, 2);
  EXPECT_NE(mix.err.find("--end-mix"), std::string::npos);
  RunResult timeout =
      run("license simulate examples/license/healthy/plant.toml --host WIS01 --pool 5 --users-per-hour 1 "
          "--session-minutes 5 --days 1 --timeout soon");
  EXPECT_EQ(timeout.status, 2);
  RunResult missing = run("license nope.toml --host WIS01");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);
}

} // namespace
