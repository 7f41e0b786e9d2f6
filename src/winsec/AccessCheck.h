// Tokens and the access check of MS-DTYP 2.5.3.2, returning the granted rights together with
// the ACEs that decided them: the evidence of every prediction.
#pragma once

#include "winsec/SecurityDescriptor.h"

#include <cstdint>
#include <vector>

namespace dd::winsec {

namespace groupattr {
constexpr uint32_t Mandatory = 0x1, EnabledByDefault = 0x2, Enabled = 0x4, Owner = 0x8, UseForDenyOnly = 0x10,
                   Integrity = 0x20, IntegrityEnabled = 0x40, LogonId = 0xC0000000;
}

struct TokenGroup {
  Sid sid;
  uint32_t attributes = groupattr::Enabled | groupattr::EnabledByDefault | groupattr::Mandatory;
  bool enabled() const { return attributes & groupattr::Enabled; }
  bool denyOnly() const { return attributes & groupattr::UseForDenyOnly; }
};

struct Token {
  Sid user;
  std::vector<TokenGroup> groups;

  // Matches an allow ACE: the user or an enabled (not deny-only) group.
  bool matchesForAllow(const Sid &sid) const;
  // Matches a deny ACE: the user, or any group, enabled or deny-only.
  bool matchesForDeny(const Sid &sid) const;
};

struct AceEvidence {
  size_t index = 0; // position in the DACL
  Ace ace;
  uint32_t bitsDecided = 0; // the bits of the desired mask this ACE granted or denied
};

struct AccessCheckResult {
  uint32_t granted = 0;   // of the desired bits, those granted
  bool nullDacl = false;  // no DACL: everything granted
  bool emptyDacl = false; // a DACL with no ACEs: nothing granted
  std::vector<AceEvidence> allowedBy;
  std::vector<AceEvidence> deniedBy;
  bool allows(uint32_t bits) const { return (granted & bits) == bits; }
};

// Which of the `desired` bits the DACL of `sd` grants `token` (inherit-only ACEs skipped; deny
// ACEs take bits away only if not yet granted, as Windows does when walking in order).
// `mapMask` (if given) maps each ACE's mask before use, e.g. to COM's effective rights.
AccessCheckResult accessCheck(const SecurityDescriptor &sd, const Token &token, uint32_t desired,
                              uint32_t (*mapMask)(uint32_t) = nullptr);

} // namespace dd::winsec
