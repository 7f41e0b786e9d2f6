// Throughput of the EVTX reader on the conformance logs (system.evtx, security.evtx), read from
// memory on one thread: parsing only (templates and values), events (the triage's fast path),
// JSON lines and XML; "_walk": the same without field plans (every record's template walked,
// see src/evtx/FieldPlan.h). Bytes/s is the input rate. The peers' numbers on the same files and the
// large-file runs are in bench/evtx-peers.sh and bench/results/evtx.md.
#include "evtx/Reader.h"

#include "support/Conformance.h"

#include <benchmark/benchmark.h>

namespace {

std::vector<uint8_t> load(const char *name) {
  auto dir = dd::test::conformanceDir();
  if (!dir)
    return {};
  return dd::test::readFileBytes(*dir / "evtx" / name);
}

void readLog(benchmark::State &state, const char *name, dd::evtx::Output output, bool fieldPlans = true) {
  const std::vector<uint8_t> bytes = load(name);
  if (bytes.empty()) {
    state.SkipWithError("../shared/conformance/evtx not found");
    return;
  }
  dd::evtx::ReadOptions options;
  options.threads = 1;
  options.output = output;
  options.fieldPlans = fieldPlans;
  uint64_t records = 0;
  for (auto _ : state) {
    size_t out = 0;
    auto s = dd::evtx::readBytes(bytes, name, options,
                                 [&](dd::evtx::ChunkResult &c) { out += c.text.size() + c.events.size(); });
    records = s ? s->records : 0;
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  state.counters["records"] = static_cast<double>(records);
}

} // namespace

BENCHMARK_CAPTURE(readLog, system_parse, "system.evtx", dd::evtx::Output::None);
BENCHMARK_CAPTURE(readLog, system_events, "system.evtx", dd::evtx::Output::Events);
BENCHMARK_CAPTURE(readLog, system_events_walk, "system.evtx", dd::evtx::Output::Events, false);
BENCHMARK_CAPTURE(readLog, system_jsonl, "system.evtx", dd::evtx::Output::Jsonl);
BENCHMARK_CAPTURE(readLog, system_jsonl_walk, "system.evtx", dd::evtx::Output::Jsonl, false);
BENCHMARK_CAPTURE(readLog, system_xml, "system.evtx", dd::evtx::Output::Xml);
BENCHMARK_CAPTURE(readLog, security_parse, "security.evtx", dd::evtx::Output::None);
BENCHMARK_CAPTURE(readLog, security_events, "security.evtx", dd::evtx::Output::Events);
BENCHMARK_CAPTURE(readLog, security_events_walk, "security.evtx", dd::evtx::Output::Events, false);
BENCHMARK_CAPTURE(readLog, security_jsonl, "security.evtx", dd::evtx::Output::Jsonl);
BENCHMARK_CAPTURE(readLog, security_jsonl_walk, "security.evtx", dd::evtx::Output::Jsonl, false);
BENCHMARK_CAPTURE(readLog, security_xml, "security.evtx", dd::evtx::Output::Xml);

BENCHMARK_MAIN();
