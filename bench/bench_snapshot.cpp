// Benchmark of reading host snapshots: a plant of N hosts, each naming a snapshot folder made by
// bench/make_snapshot_plant.py (the bundled example snapshots with real Windows outputs laid over
// them: systeminfo of Windows 7 / 10 / 2008 / 2012 R2, a 504-rule firewall listing on every tenth
// host, sc, icacls and query user outputs). Reads the plant file and every folder, as `simulate`
// and `matrix` do before they predict.
//
//   python3 bench/make_snapshot_plant.py 1000 /tmp/snapplant
//   DD_SNAPSHOT_PLANT=/tmp/snapplant/plant.toml build-*/bench/bench_snapshot
// Results: bench/results/snapshot.md.
#include "model/PlantReader.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

namespace {

void BM_ReadSnapshotPlant(benchmark::State &state) {
  const char *file = std::getenv("DD_SNAPSHOT_PLANT");
  if (!file) {
    state.SkipWithError("set DD_SNAPSHOT_PLANT to the plant.toml bench/make_snapshot_plant.py wrote");
    return;
  }
  size_t hosts = 0, gaps = 0;
  for (auto _ : state) {
    auto plant = dd::model::readPlantFile(file);
    if (!plant.ok()) {
      state.SkipWithError(plant.error().str().c_str());
      return;
    }
    hosts = plant->hosts.size();
    gaps = 0;
    for (const auto &h : plant->hosts)
      gaps += h.snapshotGaps.size();
    benchmark::DoNotOptimize(hosts);
  }
  state.counters["hosts"] = static_cast<double>(hosts);
  state.counters["gaps"] = static_cast<double>(gaps);
}
BENCHMARK(BM_ReadSnapshotPlant)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace

BENCHMARK_MAIN();
