// Registry reading speed: the conformance SYSTEM hive (11.7 MB, 30,756 keys) read and every key
// and value listed, against the peers regfexport (libregf) and hivexregedit --export measured
// in the same run (each a process run on the same file, output to /dev/null). Also the .reg
// reader and writer on the regedit export. Results and commands: bench/results/registry.md.
#include "registry/Registry.h"
#include "support/Conformance.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <string>

using namespace dd::registry;

namespace {

std::string conformance(const char *rel) {
  auto dir = dd::test::conformanceDir();
  return dir ? (*dir / rel).string() : std::string();
}

// Visits every key and value, touching names and data, as a listing does.
size_t listAll(const Registry &reg, Key top, size_t &bytes) {
  size_t items = 0;
  std::vector<Key> stack{top};
  while (!stack.empty()) {
    Key k = stack.back();
    stack.pop_back();
    ++items;
    bytes += k.name().size() + k.securityDescriptor().size();
    for (Value v : k.values()) {
      ++items;
      bytes += v.name().size() + v.data().size();
    }
    for (Key s : k.subkeys())
      if (!s.isLink())
        stack.push_back(s);
  }
  (void)reg;
  return items;
}

void BM_SystemHiveReadAndList(benchmark::State &state) {
  std::string path = conformance("hives/SYSTEM");
  if (path.empty()) {
    state.SkipWithError("../shared/conformance not found");
    return;
  }
  size_t items = 0;
  for (auto _ : state) {
    Registry reg;
    if (!reg.loadHive(path)) {
      state.SkipWithError("SYSTEM did not load");
      return;
    }
    size_t bytes = 0;
    items = listAll(reg, reg.findKey("HKLM\\SYSTEM"), bytes);
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["keys_and_values"] = static_cast<double>(items);
}
BENCHMARK(BM_SystemHiveReadAndList)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OleRegFileRead(benchmark::State &state) {
  std::string path = conformance("reg/ole-machine-settings-win7.reg");
  if (path.empty()) {
    state.SkipWithError("../shared/conformance not found");
    return;
  }
  auto bytes = dd::test::readFileBytes(path);
  for (auto _ : state) {
    Registry reg;
    benchmark::DoNotOptimize(reg.loadRegText(bytes, "ole.reg").ok());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_OleRegFileRead)->Unit(benchmark::kMicrosecond);

void BM_SystemExportToReg(benchmark::State &state) {
  std::string path = conformance("hives/SYSTEM");
  if (path.empty()) {
    state.SkipWithError("../shared/conformance not found");
    return;
  }
  Registry reg;
  if (!reg.loadHive(path)) {
    state.SkipWithError("SYSTEM did not load");
    return;
  }
  size_t size = 0;
  for (auto _ : state) {
    auto out = exportReg(reg, "HKLM\\SYSTEM");
    size = out ? out->size() : 0;
    benchmark::DoNotOptimize(size);
  }
  state.counters["reg_bytes"] = static_cast<double>(size);
}
BENCHMARK(BM_SystemExportToReg)->Unit(benchmark::kMillisecond)->UseRealTime();

// The peers, each run as a process on the same file (wall time of the whole run).
void runPeer(benchmark::State &state, const std::string &tool, const std::string &args) {
  std::string path = conformance("hives/SYSTEM");
  if (path.empty() || std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) != 0) {
    state.SkipWithError((tool + " or the conformance data not found").c_str());
    return;
  }
  std::string cmd =
      tool + " " + args + " '" + path + "'" + (tool == "hivexregedit" ? " '\\\\'" : "") + " >/dev/null 2>&1";
  for (auto _ : state)
    if (std::system(cmd.c_str()) != 0)
      state.SkipWithError(("failed: " + cmd).c_str());
}
void BM_Peer_regfexport(benchmark::State &state) { runPeer(state, "regfexport", ""); }
void BM_Peer_hivexregedit_export(benchmark::State &state) { runPeer(state, "hivexregedit", "--export"); }
BENCHMARK(BM_Peer_regfexport)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_Peer_hivexregedit_export)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

} // namespace

BENCHMARK_MAIN();
