// Every client x server x class of a plant (`dcomdoctor matrix`): connect and advise for each
// client program on each host against each COM server on each host, on several threads, rows
// handed back in a fixed order so the output streams. Per-row work is the simulator's fast path
// (no evidence), with tokens and access checks cached per thread.
#pragma once

#include "model/Plant.h"
#include "sim/Prediction.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace dd::sim {

struct MatrixRow {
  int32_t clientHost = 0, client = 0, serverHost = 0, server = 0; // indices into the plant
  uint32_t connectHresult = 0, adviseHresult = 0;
  int8_t connectStep = -1, adviseStep = -1; // Step, or -1 when green
  uint32_t adviseAlternative = 0;           // a second possible advise code (docs/model.md), or 0
  // Connect's other outcome where the hardening rests on a patch level nobody knows (rare: null
  // for every row whose hosts' levels are known).
  std::shared_ptr<const IfPatched> connectIfPatched;
  bool ok() const { return connectHresult == 0 && adviseHresult == 0; }
};

struct MatrixSummary {
  uint64_t rows = 0, connectOk = 0, adviseOk = 0, bothOk = 0;
  uint64_t connectIfPatched = 0; // rows whose connect has another outcome if a host is patched
  std::map<std::string, uint64_t> connectFailuresByStep, adviseFailuresByStep;
  // The first row (in output order) that fails at each step: the one to run `simulate` on for
  // the evidence.
  std::map<std::string, MatrixRow> firstConnectFailureByStep, firstAdviseFailureByStep;
};

struct MatrixOptions {
  int threads = 2;
  bool failingOnly = true; // hand back only rows with a red connect or advise, or an if-patched one
  // Called from the calling thread after the rows of each client host (a progress line).
  std::function<void(size_t hostsDone, size_t hosts)> onHost = {};
};

// Calls `onRow` from the calling thread, in order of (client host, client, server host, server).
MatrixSummary runMatrix(const model::Plant &plant, const MatrixOptions &options,
                        const std::function<void(const MatrixRow &)> &onRow);

} // namespace dd::sim
