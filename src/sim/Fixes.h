// Fixes (docs/simulate-json.md, "fixes"): for a red prediction, concrete changes to the model, each
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

// How far a permission fix opens the host, narrowest first: fixes are offered in this order.
enum class FixScope : uint8_t {
  Cause,        // not a grant: fixes the cause (a password, a setting, the network)
  Application,  // this server's own AppID permission
  HostDefaults, // the host's Default permissions: every COM server without its own
  Limits,       // the machine-wide Limits (or a group they grant): the ceiling for every COM server
};

struct FixCandidate {
  Fix fix;
  std::function<void(model::Plant &)> apply;
  FixScope scope = FixScope::Cause;
};

// The candidate changes for the failure that decided `outcome` (connect, or advise when
// `adviseDirection`). Exposed for tests: each candidate can be applied and checked alone.
std::vector<FixCandidate> fixCandidates(const model::Plant &plant, const Request &request, const ClientSpec &client,
                                        const Outcome &outcome, bool adviseDirection);

// Fills prediction.connect.fixes (and advise's) with the proven fixes.
void proposeFixes(const model::Plant &plant, const Request &request, const ClientSpec &client, Prediction &prediction);

} // namespace dd::sim
