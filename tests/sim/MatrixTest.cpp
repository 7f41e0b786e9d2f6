// The matrix's fast path (no evidence, shared tokens and cached access checks, callbacks shared
// between servers of one identity) must give, row for row, what the detailed prediction of
// `simulate` gives. Checked on every scenario plant and its fixed twin, the example plant, and a
// 24-host plant written by bench/gen_plant.py (tests/sim/data/bench-24x3.toml: every kind of
// fault that generator sprinkles in: another password, an unpatched client, a missing rule).
#include "model/PlantReader.h"
#include "sim/Matrix.h"
#include "sim/Simulator.h"
#include "support/Conformance.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

using namespace dd;
using namespace dd::sim;
namespace fs = std::filesystem;

namespace {

struct Checked {
  size_t rows = 0, red = 0;
};

// Runs the matrix on `file` (every row) and compares each row with Simulator::predict.
Checked expectMatrixAgrees(const fs::path &file, int threads) {
  Checked checked;
  auto plant = model::readPlantFile(file);
  EXPECT_TRUE(plant.ok()) << file << ": " << (plant.ok() ? "" : plant.error().str());
  if (!plant.ok())
    return checked;
  std::vector<MatrixRow> rows;
  MatrixSummary sum = runMatrix(*plant, MatrixOptions{threads, false}, [&](const MatrixRow &r) { rows.push_back(r); });
  EXPECT_EQ(sum.rows, rows.size()) << file;
  Simulator sim(*plant);
  uint64_t connectOk = 0, adviseOk = 0;
  for (const MatrixRow &r : rows) {
    const model::Host &c = plant->hosts[r.clientHost];
    const model::Host &s = plant->hosts[r.serverHost];
    const model::ClientProgram &cp = c.clients[r.client];
    const model::ComServer &x = s.servers[r.server];
    Request request{c.name, "", cp.name, s.name, x.progid.value, true};
    auto p = sim.predict(request, Options{true, false});
    EXPECT_TRUE(p.ok()) << file << ": " << (p.ok() ? "" : p.error().str());
    if (!p.ok())
      continue;
    const std::string where = file.string() + ": " + c.name + "/" + cp.name + " -> " + s.name + "/" + x.progid.value;
    EXPECT_EQ(p->connect.hresult, r.connectHresult) << where;
    EXPECT_EQ(p->connect.step ? static_cast<int8_t>(*p->connect.step) : int8_t(-1), r.connectStep) << where;
    EXPECT_EQ(p->advise->hresult, r.adviseHresult) << where;
    EXPECT_EQ(p->advise->step ? static_cast<int8_t>(*p->advise->step) : int8_t(-1), r.adviseStep) << where;
    EXPECT_EQ(p->advise->hresults.size() > 1 ? p->advise->hresults[1] : 0u, r.adviseAlternative) << where;
    connectOk += p->connect.ok();
    adviseOk += p->advise->ok();
    ++checked.rows;
    checked.red += !r.ok();
  }
  EXPECT_EQ(sum.connectOk, connectOk) << file;
  EXPECT_EQ(sum.adviseOk, adviseOk) << file;
  // The summary's example of each failing step is the first row, in output order, failing there.
  for (const MatrixRow &r : rows) {
    auto check = [&](int8_t step, const std::map<std::string, MatrixRow> &first) {
      if (step < 0)
        return;
      auto it = first.find(stepId(static_cast<Step>(step)));
      ASSERT_NE(it, first.end()) << file << ": no example for " << stepId(static_cast<Step>(step));
      const MatrixRow &e = it->second;
      const MatrixRow *firstThere = nullptr;
      for (const MatrixRow &x : rows)
        if ((&first == &sum.firstConnectFailureByStep ? x.connectStep : x.adviseStep) == step) {
          firstThere = &x;
          break;
        }
      ASSERT_NE(firstThere, nullptr);
      EXPECT_EQ(std::tie(e.clientHost, e.client, e.serverHost, e.server),
                std::tie(firstThere->clientHost, firstThere->client, firstThere->serverHost, firstThere->server))
          << file << ": " << stepId(static_cast<Step>(step));
    };
    check(r.connectStep, sum.firstConnectFailureByStep);
    check(r.adviseStep, sum.firstAdviseFailureByStep);
  }
  EXPECT_EQ(sum.firstConnectFailureByStep.size(), sum.connectFailuresByStep.size()) << file;
  EXPECT_EQ(sum.firstAdviseFailureByStep.size(), sum.adviseFailuresByStep.size()) << file;
  return checked;
}

TEST(Matrix, AgreesWithPredictOnEveryScenario) {
  fs::path scenarios = test::sourceDir() / "examples" / "scenarios";
  size_t plants = 0, rows = 0, red = 0;
  for (const auto &entry : fs::directory_iterator(scenarios)) {
    for (const char *name : {"plant.toml", "fixed.toml"}) {
      fs::path file = entry.path() / name;
      if (!fs::exists(file))
        continue;
      Checked c = expectMatrixAgrees(file, 2);
      ++plants;
      rows += c.rows;
      red += c.red;
    }
  }
  EXPECT_GE(plants, 80u); // 44 scenarios, each with its fixed twin
  EXPECT_GT(red, 40u);    // the comparison covers failing rows, not only green ones
  EXPECT_GT(rows, red);
}

TEST(Matrix, AgreesWithPredictOnTheExamplePlant) {
  Checked c = expectMatrixAgrees(test::sourceDir() / "examples" / "plant" / "plant.toml", 1);
  EXPECT_EQ(c.rows, 3u);
  EXPECT_EQ(c.red, 2u);
}

TEST(Matrix, AgreesWithPredictOnAGeneratedPlant) {
  // 24 hosts x 3 servers x 24 clients = 1,728 rows; one thread and two give the same rows.
  fs::path file = test::sourceDir() / "tests" / "sim" / "data" / "bench-24x3.toml";
  Checked one = expectMatrixAgrees(file, 1);
  Checked two = expectMatrixAgrees(file, 2);
  EXPECT_EQ(one.rows, 24u * 24u * 3u);
  EXPECT_EQ(two.rows, one.rows);
  EXPECT_EQ(two.red, one.red);
  EXPECT_GT(one.red, 100u);
}

// The text summary names, for each failing step, the `simulate` command of its first row; that
// command, run as printed, predicts the same failure at the same step.
std::string runCommand(const std::string &command, int &status) {
  std::string out;
  FILE *pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe)
    return out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
    out.append(buf.data(), n);
  int rc = pclose(pipe);
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

void expectEvidenceCommandsWork(const std::string &plant);

TEST(Matrix, SummaryPointsToTheEvidenceOfEachFailingStep) {
  expectEvidenceCommandsWork((test::sourceDir() / "tests" / "sim" / "data" / "bench-24x3.toml").string());
}

TEST(Matrix, EvidenceCommandsQuoteNamesTheShellWouldSplit) {
  // The same plant with a client program called `HMI $PATH "A" {1,2}`: the printed command must
  // still name it exactly when a shell runs it.
  std::ifstream in(test::sourceDir() / "tests" / "sim" / "data" / "bench-24x3.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "name = \"HMI\"", to = "name = 'HMI $PATH \"A\" {1,2}'";
  size_t replaced = 0;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
    ++replaced;
  }
  ASSERT_EQ(replaced, 24u);
  fs::path plant = fs::temp_directory_path() / ("dd_matrix_quoting_" + std::to_string(::getpid()) + ".toml");
  std::ofstream(plant) << text;
  expectEvidenceCommandsWork(plant.string());
  fs::remove(plant);
}

void expectEvidenceCommandsWork(const std::string &plant) {
  const std::string bin = DCOMDOCTOR_BINARY;
  int status = -1;
  std::string out = runCommand("'" + bin + "' matrix '" + plant + "'", status);
  EXPECT_EQ(status, 1); // some rows are red
  std::regex failing(
      "#   (connect|advise) fails at ([a-z-]+): [0-9]+\n#     evidence of the first: dcomdoctor simulate (.*)\n");
  size_t steps = 0;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), failing); it != std::sregex_iterator(); ++it) {
    ++steps;
    const std::string direction = (*it)[1], step = (*it)[2], args = (*it)[3];
    int simStatus = -1;
    std::string text = runCommand("'" + bin + "' simulate " + args, simStatus);
    text.insert(text.begin(), '\n'); // so that the first line also starts after a newline
    EXPECT_EQ(simStatus, 1) << args;
    // "connect: 0x... SYMBOL -- fails at step STEP", or "advise (callbacks ...): 0x... -- fails at step STEP".
    std::regex decided((direction == "connect" ? "\nconnect: " : "\nadvise \\(callbacks") +
                       std::string("[^\n]*-- fails at step ") + step + "\n");
    EXPECT_TRUE(std::regex_search(text, decided)) << direction << " at " << step << ": " << args << "\n"
                                                  << text.substr(0, 600);
  }
  EXPECT_GE(steps, 3u); // the generated plant fails at several steps
}

} // namespace
