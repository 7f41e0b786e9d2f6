// Secrets: the password labels of a plant are never printed or written (docs/plant.md: a label
// says which accounts share a password; a user may type the real password there). For every
// scenario of examples/scenarios/ (plant.toml and fixed.toml), every password label is replaced
// by a distinctive marker (the same label by the same marker, so the prediction is unchanged),
// and `simulate` (text and --json, fixes included) and `matrix` (text and --json) must not print
// any marker; they must still say "same password" / "different passwords" where labels decide.
#include "support/Conformance.h"
#include "support/Run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace fs = std::filesystem;

namespace {

using dd::test::shellQuote;

std::string run(const std::string &args) {
  std::string cmd = shellQuote(DCOMDOCTOR_BINARY) + " " + args + " 2>&1";
  FILE *pipe = popen(cmd.c_str(), "r");
  if (!pipe)
    return {};
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe))
    out.append(buf, n);
  pclose(pipe);
  return out;
}

// Rewrites every `password = "LABEL"` (and run_as_password) to a marker; returns the markers.
std::string markLabels(const std::string &toml, std::map<std::string, std::string> &markers) {
  static const std::regex kLabel(R"((password\s*=\s*")([^"]*)("))");
  std::string out;
  auto begin = std::sregex_iterator(toml.begin(), toml.end(), kLabel);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch &m = *it;
    std::string label = m[2];
    // Lower-case letters only, so that the reader's "looks like a real password" warning (which
    // names no label) stays out of the way of the check below.
    auto [pos, added] =
        markers.emplace(label, "qqsecretmark" + std::string(1, static_cast<char>('a' + markers.size() % 26)));
    out += toml.substr(last, static_cast<size_t>(m.position(0)) - last);
    out += m.str(1) + pos->second + m.str(3);
    last = static_cast<size_t>(m.position(0) + m.length(0));
  }
  return out + toml.substr(last);
}

struct Request {
  std::string args; // --client ... --server ... --class ... [--user] [--program] [--advise]
};

Request requestOf(const fs::path &scenarioToml) {
  auto t = toml::parse_file(scenarioToml.string());
  auto r = t["request"];
  Request q;
  q.args = "--client " + shellQuote(r["client"].value_or(std::string())) + " --server " +
           shellQuote(r["server"].value_or(std::string())) + " --class " +
           shellQuote(r["class"].value_or(std::string()));
  if (auto u = r["user"].value<std::string>(); u && !u->empty())
    q.args += " --user " + shellQuote(*u);
  if (auto p = r["program"].value<std::string>(); p && !p->empty())
    q.args += " --program " + shellQuote(*p);
  if (r["advise"].value_or(false))
    q.args += " --advise";
  return q;
}

// What one plant of a scenario prints: simulate (text and JSON) and matrix (text and JSON).
struct Printed {
  std::string out;
  std::map<std::string, std::string> markers;
};

Printed printedWithMarkers(const fs::path &scenario, const char *name) {
  Printed p;
  const fs::path src = scenario / name;
  fs::path tmp = fs::temp_directory_path() / ("dd-secrets-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  fs::path plant = tmp / (scenario.filename().string() + "-" + name);
  std::ofstream(plant) << markLabels(dd::test::readFileText(src), p.markers);
  const Request q = requestOf(scenario / "scenario.toml");
  p.out = run("simulate " + shellQuote(plant.string()) + " " + q.args) +
          run("simulate " + shellQuote(plant.string()) + " " + q.args + " --json") +
          run("matrix " + shellQuote(plant.string())) + run("matrix " + shellQuote(plant.string()) + " --json");
  fs::remove_all(tmp);
  return p;
}

bool saysPasswords(const std::string &out) {
  return out.find("same password") != std::string::npos || out.find("different passwords") != std::string::npos;
}

std::vector<fs::path> scenarioDirs() {
  std::vector<fs::path> dirs;
  for (const auto &entry : fs::directory_iterator(fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "scenarios"))
    if (fs::exists(entry.path() / "scenario.toml"))
      dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// One case per scenario, so that the test runner spreads them over the cores.
class SecretsOfScenario : public ::testing::TestWithParam<fs::path> {};

TEST_P(SecretsOfScenario, NoPasswordLabelInAnyOutput) {
  for (const char *name : {"plant.toml", "fixed.toml"}) {
    if (!fs::exists(GetParam() / name))
      continue;
    const Printed p = printedWithMarkers(GetParam(), name);
    for (const auto &[label, marker] : p.markers)
      EXPECT_EQ(p.out.find(marker), std::string::npos)
          << GetParam().filename() << "/" << name << ": password label \"" << label << "\" printed";
    EXPECT_EQ(p.out.find("password label"), std::string::npos) << GetParam().filename() << "/" << name;
  }
}

std::string scenarioName(const ::testing::TestParamInfo<fs::path> &info) {
  std::string name = info.param.filename().string();
  for (char &c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, SecretsOfScenario, ::testing::ValuesIn(scenarioDirs()), scenarioName);

// The set: enough plants are checked, and where labels decide, the comparison is still stated in
// words. The scenarios whose fixes compare passwords say so (two of them suffice to show it).
TEST(Secrets, ComparisonsAreStillStatedInWords) {
  const std::vector<fs::path> dirs = scenarioDirs();
  EXPECT_GE(dirs.size(), 30u);
  int sayPasswords = 0;
  for (const char *scenario : {"0x80070005-bad-password", "0x80070005-unknown-user"})
    sayPasswords += saysPasswords(
        printedWithMarkers(fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "scenarios" / scenario, "plant.toml").out);
  EXPECT_EQ(sayPasswords, 2);
}

} // namespace
