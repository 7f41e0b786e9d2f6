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

#include <filesystem>
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
  EXPECT_GE(plants, 80u);  // 44 scenarios, each with its fixed twin
  EXPECT_GT(red, 40u);     // the comparison covers failing rows, not only green ones
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

} // namespace
