// Fixes (spec/dcom-model.md section 7): for a red prediction, concrete changes to the model, each
// with its Windows wording (.reg, dcomcnfg, net, netsh) and the rule's source, proven by applying
// them to a copy of the plant and simulating again. Only changes (or short chains of changes,
// when a plant has several faults) that turn the prediction green are kept.
#pragma once

#include "model/Plant.h"
#include "sim/Prediction.h"
#include "sim/Simulator.h"

#include <functional>
#include <vector>

namespace dd::sim {

struct FixCandidate {
  Fix fix;
  std::function<void(model::Plant &)> apply;
};

// The candidate changes for the failure that decided `outcome` (connect, or advise when
// `adviseDirection`). Exposed for tests: each candidate can be applied and checked alone.
std::vector<FixCandidate> fixCandidates(const model::Plant &plant, const Request &request, const ClientSpec &client,
                                        const Outcome &outcome, bool adviseDirection);

// Fills prediction.connect.fixes (and advise's) with the proven fixes.
void proposeFixes(const model::Plant &plant, const Request &request, const ClientSpec &client, Prediction &prediction);

} // namespace dd::sim
