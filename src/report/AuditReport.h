// The audit's result as people and tools read it: text (colour on a terminal), JSON
// (docs/audit.md), and SARIF 2.1.0 for code-scanning tools (OASIS "Static Analysis Results
// Interchange Format Version 2.1.0": rules in tool.driver.rules, one result a finding, locations
// at the snapshot or plant file and line that the evidence cites).
#pragma once

#include "audit/Audit.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace dd::report {

void writeAuditText(std::ostream &out, const model::Plant &plant, const audit::AuditResult &result, bool colour);
nlohmann::json auditJson(const model::Plant &plant, const audit::AuditResult &result);
nlohmann::json auditSarif(const model::Plant &plant, const audit::AuditResult &result, const std::string &toolVersion);

} // namespace dd::report
