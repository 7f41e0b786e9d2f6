// Benchmark of `dcomdoctor matrix`: a generated plant of N hosts, each running 10 OPC servers and
// one client program that is a client of every server of every host (N x N x 10 predictions,
// connect and advise each). The plant is the one bench/gen_plant.py writes (same rules, kept in
// step): identical local accounts with faults sprinkled in (another password on every 37th host,
// a client patched before 2022-11-08 that sets Connect explicitly on every 23rd, a firewall
// without the callback rule on every 50th), so every kind of step is exercised.
//
//   build-*/bench/bench_matrix --benchmark_filter='BM_Matrix/100'
//   build-*/bench/bench_matrix --benchmark_filter='BM_Matrix/1000'   # 10 million predictions
//   build-*/bench/bench_matrix --benchmark_filter='BM_Plan/1000'     # fix --plan, every pair wanted
// Results and the CLI measurement with /usr/bin/time -v: bench/results/sim.md.
#include "model/PlantReader.h"
#include "sim/Matrix.h"
#include "sim/Plan.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>

namespace {

std::string generatePlant(int hosts, int servers) {
  fmt::memory_buffer out;
  auto w = [&](fmt::string_view format, auto &&...args) {
    fmt::vformat_to(std::back_inserter(out), format, fmt::make_format_args(args...));
  };
  w("[plant]\nname = \"bench {} x {}\"\n\n", hosts, servers);
  for (int h = 0; h < hosts; ++h) {
    w("[[host]]\nname = \"H{:04}\"\nos = \"{}\"\npatched = {}\naddresses = [\"10.{}.{}.{}\"]\n\n", h,
      h % 2 == 0 ? "windows-server-2019" : "windows-10", h % 23 == 0 ? "2022-09-13" : "2023-06-13", h / 65536,
      (h / 256) % 256, h % 256 + (h % 256 == 0 ? 1 : 0));
    w("[host.dcom]\ndefault_access_permission = "
      "\"O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)\"\n\n");
    w("[[host.firewall.rule]]\nname = \"DCOM 135\"\nport = 135\nremote = [\"10.0.0.0/8\"]\n\n");
    w("[[host.firewall.rule]]\nname = \"OPC servers\"\nprogram = 'C:\\Program Files\\Acme\\opcda.exe'\nremote = "
      "[\"10.0.0.0/8\"]\n\n");
    if (h % 50 != 7)
      w("[[host.firewall.rule]]\nname = \"HMI callbacks\"\nprogram = 'C:\\Program Files\\Acme\\hmi.exe'\nremote = "
        "[\"10.0.0.0/8\"]\n\n");
    w("[[host.user]]\nname = \"opcuser\"\npassword = \"{}\"\ngroups = [\"Users\", \"Distributed COM Users\"]\n\n",
      h % 37 == 5 ? "Z" : "A");
    w("[[host.user]]\nname = \"opcsvc\"\npassword = \"B\"\ngroups = [\"Users\", \"Distributed COM Users\"]\n\n");
    for (int s = 0; s < servers; ++s)
      w("[[host.server]]\nprogid = \"Acme.OPCDA.{}\"\nclsid = \"{{{:08X}-1C4F-4E2A-9B7D-{:012X}}}\"\n"
        "exe = 'C:\\Program Files\\Acme\\opcda.exe'\nrun_as = \"opcsvc\"\nrun_as_password = \"B\"\n"
        "launch_permission = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;S-1-5-32-562)\"\n"
        "access_permission = \"O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)\"\n\n",
        s, h, s);
    w("[[host.client]]\nname = \"HMI\"\nrun_as = \"opcuser\"\nexe = 'C:\\Program Files\\Acme\\hmi.exe'\n");
    if (h % 23 == 0)
      w("activation_authentication_level = 2\n");
    w("\n");
  }
  return fmt::to_string(out);
}

void BM_Matrix(benchmark::State &state) {
  const int hosts = static_cast<int>(state.range(0));
  auto plant = dd::model::parsePlant(generatePlant(hosts, 10), "bench.toml", ".", {false});
  if (!plant.ok()) {
    state.SkipWithError(plant.error().str().c_str());
    return;
  }
  uint64_t rows = 0, failing = 0;
  for (auto _ : state) {
    auto sum =
        dd::sim::runMatrix(*plant, dd::sim::MatrixOptions{2, true}, [&](const dd::sim::MatrixRow &) { ++failing; });
    rows = sum.rows;
    benchmark::DoNotOptimize(sum);
  }
  state.counters["predictions"] = static_cast<double>(rows);
  state.counters["failing_rows"] = static_cast<double>(failing / std::max<uint64_t>(1, state.iterations()));
  state.SetItemsProcessed(static_cast<int64_t>(rows) * state.iterations());
}

// `fix --plan` with no [[wants]]: every client program x every class wanted (10 M pairs on 1,000
// hosts, 1.13 M of them red before), the plan found and checked, no files written.
void BM_Plan(benchmark::State &state) {
  const int hosts = static_cast<int>(state.range(0));
  auto plant = dd::model::parsePlant(generatePlant(hosts, 10), "bench.toml", ".", {false});
  if (!plant.ok()) {
    state.SkipWithError(plant.error().str().c_str());
    return;
  }
  dd::sim::PlanOptions options;
  options.everyPair = true;
  size_t red = 0, fixes = 0, after = 0;
  for (auto _ : state) {
    dd::sim::Plan plan = dd::sim::planFixes(*plant, {}, {}, options);
    red = plan.redBefore;
    fixes = plan.fixes.size();
    after = plan.redAfter;
    benchmark::DoNotOptimize(plan);
  }
  state.counters["red_before"] = static_cast<double>(red);
  state.counters["fixes"] = static_cast<double>(fixes);
  state.counters["red_after"] = static_cast<double>(after);
}

void BM_ReadPlant(benchmark::State &state) {
  std::string text = generatePlant(static_cast<int>(state.range(0)), 10);
  for (auto _ : state) {
    auto plant = dd::model::parsePlant(text, "bench.toml", ".", {false});
    benchmark::DoNotOptimize(plant);
  }
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}

} // namespace

BENCHMARK(BM_Matrix)->Arg(100)->Arg(300)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Matrix)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Plan)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Plan)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReadPlant)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
