// `dcomdoctor explain CODE|EVENT-ID --plant PLANT [--client H --server S --class C]`: of the
// causes the knowledge base lists for a code or an event, which hold in this plant, which do not,
// and why. The simulator decides: each cause names the step of docs/model.md that decides it
// (KnowledgeBase.h, `Cause`), and the step's evidence in the prediction says whether the cause
// holds. For one named pair, or for every pair of the plant whose prediction gives the code or
// the event. The JSON is explainThing's with a "plant" object (docs/events.md).
#pragma once

#include "audit/KnowledgeBase.h"
#include "model/Plant.h"
#include "sim/Prediction.h"
#include "support/Result.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::audit {

enum class Verdict : uint8_t { Holds, DoesNotHold, CannotTell };
std::string_view verdictName(Verdict v); // "holds", "does not hold", "cannot tell"

struct CauseVerdict {
  const Cause *cause = nullptr;
  Verdict verdict = Verdict::CannotTell;
  std::string why;                   // one line: which step said so
  std::vector<std::string> evidence; // the step's lines (value, ACE, file:line)
};

// The causes judged against one prediction (its connect and, when simulated, its advise).
std::vector<CauseVerdict> judgeCauses(CauseList causes, const sim::Prediction &prediction);

// The pair named on the command line.
struct PlantPair {
  std::string client, user, program, server, cls;
  bool advise = false; // also when a cause of the entry is a callback step
};

struct PlantExplainOptions {
  std::string plantFile;         // as the user named it, for the output
  std::optional<PlantPair> pair; // none: every pair whose prediction gives the code or event
  size_t detailedPairs = 10;     // pairs judged cause by cause; the others are named
  size_t namedPairs = 50;        // pairs named beyond those; the rest are counted
  size_t eventChecks = 2000;     // an event: detailed predictions made to find the pairs that log it
  int threads = 2;
  std::function<void(const std::string &)> progress; // "simulating: client host 12/400"
};

// `thing` as explainThing takes it (an HRESULT or an event id). Errors: what explainThing
// refuses, an NTSTATUS or insertion string (no step gives one), and the simulator's errors for
// a named pair (an unknown host, program or account: the message names what exists).
Result<nlohmann::json> explainInPlant(std::string_view thing, const model::Plant &plant,
                                      const PlantExplainOptions &options);

// The text of explainInPlant's "plant" object.
std::string renderPlantVerdicts(const nlohmann::json &plantSection);

} // namespace dd::audit
