// The names a prediction prints: HRESULT symbols (from the catalogue, catalog/Codes.h) and the
// step ids of docs/model.md sections 4 and 5.
#include "sim/Prediction.h"

#include <fmt/format.h>

namespace dd::sim {

const char *hresultSymbol(uint32_t h) { return catalog::hresultSymbol(h).data(); }

std::string hresultHex(uint32_t h) { return catalog::hex(h); }

std::string ifPatchedCondition(const IfPatched &alt) {
  std::string out;
  for (const IfPatched::Condition &w : alt.when)
    out += fmt::format("{}{} {} the {} update{}", out.empty() ? "" : " and ", w.host,
                       w.installed ? "has" : "does not have", w.update.str(), w.installed ? " or a later one" : "");
  return out;
}

const char *stepId(Step s) {
  switch (s) {
  case Step::Local: return "local";
  case Step::EnableDcom: return "enable-dcom";
  case Step::Reachability: return "reachability";
  case Step::Authentication: return "authentication";
  case Step::Hardening: return "hardening";
  case Step::LaunchLimits: return "launch-limits";
  case Step::Registration: return "registration";
  case Step::LaunchPermission: return "launch-permission";
  case Step::LaunchIdentity: return "launch-identity";
  case Step::Executable: return "executable";
  case Step::ExecutableAccess: return "executable-access";
  case Step::License: return "license";
  case Step::ConnectionKind: return "connection-kind";
  case Step::Access: return "access";
  case Step::Interface: return "interface";
  case Step::CallbackReachability: return "callback-reachability";
  case Step::CallbackAuthentication: return "callback-authentication";
  case Step::CallbackAccess: return "callback-access";
  }
  return "?";
}

} // namespace dd::sim
