// COM access and launch rights in DCOM security descriptors, named as dcomcnfg names them.
// https://learn.microsoft.com/windows/win32/com/access-control-lists-for-com
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dd::winsec::com {

constexpr uint32_t Execute = 0x1;         // COM_RIGHTS_EXECUTE
constexpr uint32_t ExecuteLocal = 0x2;    // Local Access / Local Launch
constexpr uint32_t ExecuteRemote = 0x4;   // Remote Access / Remote Launch
constexpr uint32_t ActivateLocal = 0x8;   // Local Activation
constexpr uint32_t ActivateRemote = 0x10; // Remote Activation

enum class PermissionKind { Access, Launch };

// Windows treats an ACE that grants EXECUTE and none of the specific bits as granting all of
// them (old-style descriptors written before Windows XP SP2): the effective COM rights.
uint32_t effectiveComRights(uint32_t mask, PermissionKind kind);

// effectiveComRights for one kind, in the shape accessCheck's `mapMask` takes.
uint32_t effectiveAccessRights(uint32_t mask);
uint32_t effectiveLaunchRights(uint32_t mask);

// "Local Launch, Remote Launch, Local Activation" or "Local Access, Remote Access"; dcomcnfg's
// words for the rights in `mask` (after effectiveComRights); "none" when it holds none of them.
std::string describeComRights(uint32_t mask, PermissionKind kind);

// The mask (with EXECUTE) of dcomcnfg's words, comma-separated, for `kind`: "Remote Launch,
// Remote Activation" or "remote-launch,remote-activation" (case, blanks and '-' do not matter);
// nullopt when a word is not one of that kind's.
std::optional<uint32_t> parseComRights(std::string_view words, PermissionKind kind);

// "access" or "launch".
const char *kindName(PermissionKind kind);

} // namespace dd::winsec::com
