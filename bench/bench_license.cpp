// The license pool simulation: a year of a 500-user plant on one core (aim: under 1 s).
//   500 users/hour: 500 browser sessions start every hour (4.4 million sessions a year), pool of
//   500, sessions of 30 minutes, 20-minute timeout, the default end mix; with the release
//   failing (the pool runs dry and stays dry) and working (the pool never fills).
//   500 users/day: the same plant with 500 sessions a day.
#include "sim/license/Pool.h"

#include <benchmark/benchmark.h>

namespace {

using dd::sim::license::PoolParams;

PoolParams yearOf(double usersPerHour, bool releaseWorks) {
  PoolParams p;
  p.pool = 500;
  p.usersPerHour = usersPerHour;
  p.sessionMinutes = 30;
  p.timeoutMinutes = 20;
  p.days = 365;
  p.seed = 1;
  p.releaseWorks = releaseWorks;
  return p;
}

void BM_Year500PerHour(benchmark::State &state) {
  PoolParams p = yearOf(500, state.range(0) != 0);
  for (auto _ : state) {
    auto run = dd::sim::license::simulatePool(p);
    benchmark::DoNotOptimize(run.admitted);
    state.counters["sessions"] = static_cast<double>(run.arrivals);
  }
}
BENCHMARK(BM_Year500PerHour)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_Year500PerDay(benchmark::State &state) {
  PoolParams p = yearOf(500.0 / 24, state.range(0) != 0);
  for (auto _ : state) {
    auto run = dd::sim::license::simulatePool(p);
    benchmark::DoNotOptimize(run.admitted);
    state.counters["sessions"] = static_cast<double>(run.arrivals);
  }
}
BENCHMARK(BM_Year500PerDay)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
