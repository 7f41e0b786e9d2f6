// COM access and launch rights as dcomcnfg shows them, and how Windows reads an old-style
// (pre-XP SP2) ACE that holds only COM_RIGHTS_EXECUTE.
// https://learn.microsoft.com/windows/win32/com/access-control-lists-for-com
#include "winsec/ComRights.h"

namespace dd::winsec::com {

namespace {
constexpr uint32_t SpecificBits = ExecuteLocal | ExecuteRemote | ActivateLocal | ActivateRemote;
}

uint32_t effectiveComRights(uint32_t mask, PermissionKind kind) {
  // Old format: EXECUTE alone stands for every local and remote right of the kind.
  if ((mask & Execute) && !(mask & SpecificBits))
    return kind == PermissionKind::Access ? (Execute | ExecuteLocal | ExecuteRemote)
                                          : (Execute | SpecificBits);
  return mask;
}

uint32_t effectiveAccessRights(uint32_t mask) {
  return effectiveComRights(mask, PermissionKind::Access);
}

uint32_t effectiveLaunchRights(uint32_t mask) {
  return effectiveComRights(mask, PermissionKind::Launch);
}

std::string describeComRights(uint32_t mask, PermissionKind kind) {
  struct Word {
    uint32_t bit;
    const char *access;
    const char *launch;
  };
  static constexpr Word words[] = {
      {ExecuteLocal, "Local Access", "Local Launch"},
      {ExecuteRemote, "Remote Access", "Remote Launch"},
      {ActivateLocal, nullptr, "Local Activation"},
      {ActivateRemote, nullptr, "Remote Activation"},
  };
  std::string out;
  for (const auto &w : words) {
    const char *word = kind == PermissionKind::Access ? w.access : w.launch;
    if (!word || !(mask & w.bit))
      continue;
    if (!out.empty())
      out += ", ";
    out += word;
  }
  return out.empty() ? "none" : out;
}

const char *kindName(PermissionKind kind) {
  return kind == PermissionKind::Access ? "access" : "launch";
}

} // namespace dd::winsec::com
