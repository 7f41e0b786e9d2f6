// COM access and launch rights as dcomcnfg shows them, and how Windows reads an old-style
// (pre-XP SP2) ACE that holds only COM_RIGHTS_EXECUTE.
// https://learn.microsoft.com/windows/win32/com/access-control-lists-for-com
#include "winsec/ComRights.h"

namespace dd::winsec::com {

namespace {
constexpr uint32_t SpecificBits = ExecuteLocal | ExecuteRemote | ActivateLocal | ActivateRemote;

struct Word {
  uint32_t bit;
  const char *access;
  const char *launch;
};
// dcomcnfg's words for each bit, in the order it lists them.
constexpr Word Words[] = {
    {ExecuteLocal, "Local Access", "Local Launch"},
    {ExecuteRemote, "Remote Access", "Remote Launch"},
    {ActivateLocal, nullptr, "Local Activation"},
    {ActivateRemote, nullptr, "Remote Activation"},
};

// "remote-launch", "Remote Launch" and "remotelaunch" are the same word.
bool sameWord(std::string_view a, std::string_view b) {
  auto next = [](std::string_view s, size_t &i) -> int {
    while (i < s.size() && (s[i] == ' ' || s[i] == '-' || s[i] == '_'))
      ++i;
    if (i == s.size())
      return -1;
    char c = s[i++];
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
  };
  size_t i = 0, j = 0;
  for (;;) {
    int x = next(a, i), y = next(b, j);
    if (x != y)
      return false;
    if (x < 0)
      return true;
  }
}
} // namespace

uint32_t effectiveComRights(uint32_t mask, PermissionKind kind) {
  // Old format: EXECUTE alone stands for every local and remote right of the kind.
  if ((mask & Execute) && !(mask & SpecificBits))
    return kind == PermissionKind::Access ? (Execute | ExecuteLocal | ExecuteRemote) : (Execute | SpecificBits);
  return mask;
}

uint32_t effectiveAccessRights(uint32_t mask) { return effectiveComRights(mask, PermissionKind::Access); }

uint32_t effectiveLaunchRights(uint32_t mask) { return effectiveComRights(mask, PermissionKind::Launch); }

std::string describeComRights(uint32_t mask, PermissionKind kind) {
  std::string out;
  for (const auto &w : Words) {
    const char *word = kind == PermissionKind::Access ? w.access : w.launch;
    if (!word || !(mask & w.bit))
      continue;
    if (!out.empty())
      out += ", ";
    out += word;
  }
  return out.empty() ? "none" : out;
}

std::optional<uint32_t> parseComRights(std::string_view words, PermissionKind kind) {
  uint32_t mask = Execute;
  while (!words.empty()) {
    size_t comma = words.find(',');
    std::string_view word = words.substr(0, comma);
    words = comma == std::string_view::npos ? std::string_view{} : words.substr(comma + 1);
    bool found = false;
    for (const auto &w : Words) {
      const char *name = kind == PermissionKind::Access ? w.access : w.launch;
      if (name && sameWord(name, word)) {
        mask |= w.bit;
        found = true;
      }
    }
    if (!found)
      return std::nullopt;
  }
  return mask;
}

const char *kindName(PermissionKind kind) { return kind == PermissionKind::Access ? "access" : "launch"; }

} // namespace dd::winsec::com
