// A prediction as JSON: the contract of docs/simulate-json.md,
// extended with the fields docs/simulate-json.md lists (skipped, provider, logged_because,
// fix_details). The scenario tests read this through `dcomdoctor simulate --json`.
#pragma once

#include "sim/Prediction.h"

#include <nlohmann/json.hpp>

namespace dd::sim {

nlohmann::ordered_json outcomeToJson(const Outcome &outcome);
// The `if_patched` object of an outcome (docs/simulate-json.md).
nlohmann::ordered_json ifPatchedToJson(const IfPatched &alt);
nlohmann::ordered_json predictionToJson(const Prediction &prediction);

} // namespace dd::sim
