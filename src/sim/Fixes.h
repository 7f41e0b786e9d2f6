// Fixes (docs/simulate-json.md, "fixes"): for a red prediction, concrete changes to the model, each
// with its Windows wording (.reg, dcomcnfg, net, netsh) and the rule's source, proven by applying
// them to a copy of the plant and simulating again. Only changes (or short chains of changes,
// when a plant has several faults) that turn the prediction green are kept.
#pragma once

#include "model/Plant.h"
#include "sim/Changes.h"
#include "sim/Prediction.h"
#include "sim/Simulator.h"

#include <functional>
#include <vector>

namespace dd::sim {

// A proposed change: its words, its effect on a copy of the plant, how far it opens the host, and
// the concrete changes (Changes.h). Where `changes` says all of it, `apply` is derived from them
// (candidateOf): the words, the files and the proof then come from the same list.
struct FixCandidate {
  Fix fix;
  std::function<void(model::Plant &)> apply;
  FixScope scope = FixScope::Cause;
  std::vector<Change> changes;
  bool derived = false; // `apply` is applyChanges(changes)
};
FixCandidate candidateOf(Fix fix, std::vector<Change> changes, FixScope scope = FixScope::Cause);

// The candidate changes for the failure that decided `outcome` (connect, or advise when
// `adviseDirection`). Exposed for tests: each candidate can be applied and checked alone.
std::vector<FixCandidate> fixCandidates(const model::Plant &plant, const Request &request, const ClientSpec &client,
                                        const Outcome &outcome, bool adviseDirection);

// How far a proven fix opens: its widest scope, the rights its grants add up to (COM rights bits;
// a group the Limits grant counts as every right), the hosts it touches. Fixes are offered in
// this order, narrowest first.
struct FixBreadth {
  FixScope scope = FixScope::Cause;
  int rights = 0;
  int hosts = 0;
};
FixBreadth breadthOf(const Fix &fix);
// True when `changes` both add an account to Distributed COM Users and grant it by name in the
// Limits of the same host (which grant that group): one of the two is enough, and such a fix is
// never offered.
bool grantsTwice(const std::vector<Change> &changes);

// Fills prediction.connect.fixes (and advise's) with the proven fixes.
void proposeFixes(const model::Plant &plant, const Request &request, const ClientSpec &client, Prediction &prediction);

} // namespace dd::sim
