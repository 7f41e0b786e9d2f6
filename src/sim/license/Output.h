// The license verb's text and JSON (docs/license.md#output): the diagnosis with its fixes, and
// the pool over time before and after the fix.
#pragma once

#include "sim/license/Pool.h"
#include "sim/license/Prescription.h"

#include <nlohmann/json.hpp>
#include <string>

namespace dd::sim::license {

// The pool before the fix (the release as diagnosed) and after it (the release works).
struct PoolComparison {
  std::string host;
  PoolParams params;
  PoolRun before, after;
};
PoolComparison comparePools(const Diagnosis &d, const PoolParams &params);

std::string formatPrescription(const Prescription &p);
std::string formatPools(const PoolComparison &c);
nlohmann::json prescriptionJson(const Prescription &p);
nlohmann::json poolsJson(const PoolComparison &c);

} // namespace dd::sim::license
