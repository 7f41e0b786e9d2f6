// One set of changes for a list of client/server pairs (`dcomdoctor fix`, docs/fix.md): for each
// red pair, in order, the narrowest proven fix (sim/Fixes) is applied to the plant, and the pairs
// it can affect (those with a side on a host it changes) are simulated again with it. A fix is
// refused when one of its changes grants Everyone or ANONYMOUS LOGON a remote right or sets an
// authentication level of None, or when it would make an unwanted pair work; the next proven fix
// is tried. A fix that would stop wanted pairs that work is taken only when no other fix of the
// pair is clean and it makes more pair directions work than it stops (the passwords of a few
// hosts that drifted together: aligning one breaks its pairs with the others until they follow);
// the pairs it stops are fixed in their turn. A firewall rule proven for one peer is first tried
// for every host the wanted pairs bring to that host (one rule instead of one per peer). Pairs
// left red are listed with why.
#pragma once

#include "model/Plant.h"
#include "sim/Prediction.h"
#include "sim/Simulator.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dd::sim {

// A pair to make work (or to keep from working): the request, its plant indices for the fast
// path when it names a program (-1 otherwise), and a label for people.
struct PlanPair {
  Request request;
  int clientHost = -1, client = -1, serverHost = -1, server = -1;
  std::string label; // "HMI on HMI1 -> Acme.OPCDA.1 on OPCSRV (connect and advise)"
};
// The pairs of the plant's [[wants]] / [[unwanted]], with names resolved.
std::vector<PlanPair> planPairs(const model::Plant &plant, const std::vector<model::PairSpec> &specs);
PlanPair planPair(const model::Plant &plant, const Request &request);

// A fix taken, and the pairs it was taken for.
struct PlannedFix {
  Fix fix;
  std::string pair;   // the pair it was proven for
  std::string before; // that pair's prediction before it: "connect 0x80070005 at launch-limits"
  size_t stopped = 0; // wanted pairs that worked and stop with it (to be fixed by later fixes)
};

struct PairResult {
  std::string label;
  std::string before; // "connect 0x80070005 at launch-limits", "green"
  std::string after;
  bool green = false;
  std::string why; // when it is still red: no proven fix, or which fixes were refused and why
};

struct Plan {
  model::Plant after;            // the plant with every fix applied
  std::vector<PlannedFix> fixes; // in the order they were taken
  // Every wanted pair that was red before (or that a fix stopped for a while); on a plan of more
  // than kListedPairs such pairs, only those still red (at most kListedPairs), and the others
  // counted in greenByBefore.
  std::vector<PairResult> pairs;
  std::vector<std::pair<std::string, size_t>> greenByBefore; // before text -> pairs now green
  size_t redNotListed = 0;                                   // pairs still red beyond `pairs`
  std::vector<PairResult> unwanted;
  size_t wanted = 0, redBefore = 0, redAfter = 0;
};
inline constexpr size_t kListedPairs = 2000;

// Why a change is never part of a plan ("" when it may be): Everyone or ANONYMOUS LOGON granted a
// remote right, or an authentication level of None.
std::string refusal(const Change &change);

struct PlanOptions {
  // Every client program x every class, connect and advise, when `wanted` is empty (the matrix).
  bool everyPair = false;
  int threads = 2; // for the matrix before and after (everyPair)
  // Called now and then from the calling thread ("simulating", "fixing red pairs", "checking");
  // may be empty.
  std::function<void(const char *what, size_t done, size_t total)> progress;
};

Plan planFixes(const model::Plant &plant, const std::vector<PlanPair> &wanted, const std::vector<PlanPair> &unwanted,
               const PlanOptions &options = {});

// The plant with only the named hosts (and the domains, and the links between those hosts): a
// pair's prediction depends on its two hosts only, so fixes are proven on this small copy.
model::Plant subPlant(const model::Plant &plant, const std::vector<std::string> &hosts);

} // namespace dd::sim
