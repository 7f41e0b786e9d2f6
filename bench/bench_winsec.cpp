// Benchmarks of the Windows security core over the whole SDDL conformance set (7,277 cases of
// ../shared/conformance/sddl): SDDL parse + encode, binary decode + SDDL format, and the full
// round trip decode -> format -> parse -> encode. Each iteration processes every case once.
#include "winsec/AccessCheck.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"
#include "winsec/SddlCorpus.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

using namespace dd::winsec;

namespace {

const std::vector<dd::test::SddlCase> &corpus() {
  static const std::vector<dd::test::SddlCase> cases = [] {
    std::filesystem::path dir;
    if (const char *env = std::getenv("DCOMDOCTOR_CONFORMANCE_DIR"); env && *env)
      dir = env;
    else
      dir = std::filesystem::path(DCOMDOCTOR_SOURCE_DIR) / ".." / "shared" / "conformance";
    dir /= "sddl";
    if (!std::filesystem::is_directory(dir))
      return std::vector<dd::test::SddlCase>{};
    return dd::test::loadSddlCorpus(dir);
  }();
  return cases;
}

const SddlContext &context() {
  static const SddlContext c{*Sid::parse("S-1-5-21-2457507606-2709100691-398136650")};
  return c;
}

bool haveCorpus(benchmark::State &state) {
  if (corpus().empty()) {
    state.SkipWithError("../shared/conformance/sddl not found (set DCOMDOCTOR_CONFORMANCE_DIR)");
    return false;
  }
  return true;
}

void BM_SddlParseEncodeAll(benchmark::State &state) {
  if (!haveCorpus(state))
    return;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto &c : corpus()) {
      auto sd = parseSddl(c.sddl, context());
      auto out = sd->toBinary();
      bytes += out.size();
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.counters["cases"] = static_cast<double>(corpus().size());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus().size()));
  benchmark::DoNotOptimize(bytes);
}

void BM_BinaryDecodeFormatAll(benchmark::State &state) {
  if (!haveCorpus(state))
    return;
  for (auto _ : state) {
    for (const auto &c : corpus()) {
      auto sd = SecurityDescriptor::fromBinary(c.bytes);
      std::string text = formatSddl(*sd, context());
      benchmark::DoNotOptimize(text.data());
    }
  }
  state.counters["cases"] = static_cast<double>(corpus().size());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus().size()));
}

void BM_RoundTripAll(benchmark::State &state) {
  if (!haveCorpus(state))
    return;
  size_t mismatches = 0;
  for (auto _ : state) {
    for (const auto &c : corpus()) {
      auto sd = SecurityDescriptor::fromBinary(c.bytes);
      auto again = parseSddl(formatSddl(*sd, context()), context());
      if (again->toBinary() != c.bytes)
        ++mismatches;
    }
  }
  if (mismatches)
    state.SkipWithError("round trip mismatches: the conformance test should be failing too");
  state.counters["cases"] = static_cast<double>(corpus().size());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus().size()));
}

void BM_ComAccessCheck(benchmark::State &state) {
  auto sd = *parseSddl("O:BAG:BAD:(D;;LCRP;;;NU)(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)"
                       "(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)");
  Token token{*Sid::parse("S-1-5-21-1-2-3-1001"),
              {TokenGroup{wellknown::everyone()}, TokenGroup{wellknown::authenticatedUsers()},
               TokenGroup{wellknown::network()}, TokenGroup{wellknown::builtinUsers()}}};
  for (auto _ : state) {
    auto r = accessCheck(sd, token, 0x1F, &com::effectiveLaunchRights);
    benchmark::DoNotOptimize(r.granted);
  }
}

} // namespace

BENCHMARK(BM_SddlParseEncodeAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BinaryDecodeFormatAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RoundTripAll)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ComAccessCheck);

BENCHMARK_MAIN();
