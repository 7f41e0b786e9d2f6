// The first fix offered for every scenario of examples/scenarios/ grants no more than the failing
// step needs: no local rights for a remote request (nor remote ones for a local one), no Launch
// right when the server is already running, and no wider scope (this host's Defaults, the Limits)
// when a fix on the server's own AppID was proven too. Fixes are read from `simulate --json`.
#include "support/Run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string quote(const std::string &s) { return dd::test::shellQuote(s); }

nlohmann::json simulate(const fs::path &plant, const std::string &args) {
  std::string cmd = quote(DCOMDOCTOR_BINARY) + " simulate " + quote(plant.string()) + " " + args + " --json";
  std::string out = dd::test::runCommand(cmd);
  return nlohmann::json::parse(out, nullptr, false);
}

int scopeOf(const std::string &fix) { // 0 cause, 1 this AppID, 2 host defaults, 3 Limits
  if (fix.find("raises the machine-wide ceiling") != std::string::npos)
    return 3;
  if (fix.find("opens every COM server") != std::string::npos)
    return 2;
  if (fix.find("opens this server only") != std::string::npos)
    return 1;
  return 0;
}

TEST(FixScope, FirstFixOfEveryScenarioIsTheNarrowest) {
  fs::path root = fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "scenarios";
  int checked = 0, grants = 0;
  for (const auto &entry : fs::directory_iterator(root)) {
    if (!fs::exists(entry.path() / "scenario.toml"))
      continue;
    auto t = toml::parse_file((entry.path() / "scenario.toml").string());
    auto r = t["request"];
    std::string args = "--client " + quote(r["client"].value_or(std::string())) + " --server " +
                       quote(r["server"].value_or(std::string())) + " --class " +
                       quote(r["class"].value_or(std::string()));
    if (auto u = r["user"].value<std::string>(); u && !u->empty())
      args += " --user " + quote(*u);
    if (auto p = r["program"].value<std::string>(); p && !p->empty())
      args += " --program " + quote(*p);
    if (r["advise"].value_or(false))
      args += " --advise";
    const bool local = r["client"].value_or(std::string()) == r["server"].value_or(std::string());
    nlohmann::json j = simulate(entry.path() / "plant.toml", args);
    ASSERT_FALSE(j.is_discarded()) << entry.path();
    for (const char *direction : {"connect", "advise"}) {
      if (!j.contains(direction) || j[direction].is_null() || j[direction]["fixes"].empty())
        continue;
      const auto &fixes = j[direction]["fixes"];
      const std::string first = fixes[0].get<std::string>();
      const std::string where = entry.path().filename().string() + " " + direction + ": " + first;
      ++checked;
      if (scopeOf(first) > 0)
        ++grants;
      if (!local)
        EXPECT_EQ(first.find("grant") == 0 && first.find("Local") != std::string::npos, false) << where;
      else
        EXPECT_EQ(first.find("grant") == 0 && first.find("Remote") != std::string::npos, false) << where;
      if (j[direction].dump().find("the server is already running") != std::string::npos)
        EXPECT_EQ(first.find("Launch"), std::string::npos) << where;
      for (const auto &other : fixes)
        if (int s = scopeOf(other.get<std::string>()); s > 0)
          EXPECT_LE(scopeOf(first), s) << where << " before the narrower " << other;
    }
  }
  EXPECT_GE(checked, 30);
  EXPECT_GE(grants, 5);
}

} // namespace
