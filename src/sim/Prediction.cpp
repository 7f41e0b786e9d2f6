// The names a prediction prints: HRESULT symbols as the guide and winerror.h spell them, and the
// step ids of spec/dcom-model.md sections 4 and 5.
#include "sim/Prediction.h"

#include <fmt/format.h>

namespace dd::sim {

const char *hresultSymbol(uint32_t h) {
  switch (h) {
  case 0: return "S_OK";
  case hr::E_NOINTERFACE: return "E_NOINTERFACE";
  case hr::CO_E_RUNAS_LOGON_FAILURE: return "CO_E_RUNAS_LOGON_FAILURE";
  case hr::RPC_E_REMOTE_DISABLED: return "RPC_E_REMOTE_DISABLED";
  case hr::CLASS_E_CLASSNOTAVAILABLE: return "CLASS_E_CLASSNOTAVAILABLE";
  case hr::CLASS_E_NOTLICENSED: return "CLASS_E_NOTLICENSED";
  case hr::REGDB_E_CLASSNOTREG: return "REGDB_E_CLASSNOTREG";
  case hr::CONNECT_E_CANNOTCONNECT: return "CONNECT_E_CANNOTCONNECT";
  case hr::E_ACCESSDENIED: return "E_ACCESSDENIED";
  case hr::ERROR_MOD_NOT_FOUND: return "ERROR_MOD_NOT_FOUND";
  case hr::ERROR_SERVICE_DISABLED: return "ERROR_SERVICE_DISABLED";
  case hr::RPC_S_SERVER_UNAVAILABLE: return "RPC_S_SERVER_UNAVAILABLE";
  case hr::CO_E_SERVER_EXEC_FAILURE: return "CO_E_SERVER_EXEC_FAILURE";
  default: return "";
  }
}

std::string hresultHex(uint32_t h) { return fmt::format("0x{:08X}", h); }

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
