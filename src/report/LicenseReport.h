// The license report as one HTML file: the diagnosis, its evidence, the Application-log event,
// the fixes proven by re-diagnosis, the verification procedure and, from `license simulate`,
// the pool over time before and after the fix as an inline SVG plot.
#pragma once

#include "sim/license/Output.h"

#include <string>

namespace dd::report {

// `pools` may be null (the diagnosis alone).
std::string licenseHtml(const sim::license::Prescription &p, const sim::license::PoolComparison *pools);

} // namespace dd::report
