// The access check of MS-DTYP 2.5.3.2 over a DACL, reporting which ACEs decided each bit.
//
// ACEs are walked in order; each bit of the desired mask is decided by the first ACE that
// matches the token and names the bit: an allow ACE grants it, a deny ACE refuses it, and
// later ACEs no longer change it (that is why canonical order puts deny ACEs first).
#include "winsec/AccessCheck.h"

namespace dd::winsec {

bool Token::matchesForAllow(const Sid &sid) const {
  if (user == sid)
    return true;
  for (const auto &group : groups)
    if (group.enabled() && !group.denyOnly() && group.sid == sid)
      return true;
  return false;
}

bool Token::matchesForDeny(const Sid &sid) const {
  if (user == sid)
    return true;
  for (const auto &group : groups)
    if ((group.enabled() || group.denyOnly()) && group.sid == sid)
      return true;
  return false;
}

AccessCheckResult accessCheck(const SecurityDescriptor &sd, const Token &token, uint32_t desired,
                              uint32_t (*mapMask)(uint32_t)) {
  AccessCheckResult result;
  if (!sd.dacl) {
    // No DACL at all (present-but-NULL, or not present): Windows grants everything.
    result.nullDacl = true;
    result.granted = desired;
    return result;
  }
  const Acl &dacl = *sd.dacl;
  if (dacl.aces.empty()) {
    result.emptyDacl = true;
    return result;
  }
  uint32_t denied = 0;
  for (size_t i = 0; i < dacl.aces.size(); ++i) {
    uint32_t undecided = desired & ~(result.granted | denied);
    if (!undecided)
      break;
    const Ace &ace = dacl.aces[i];
    if (ace.flags & aceflags::InheritOnly)
      continue;
    // Object ACEs with an object type apply only to that property or object class, never to
    // a check of the whole object; without one they behave like the plain ACE.
    if (ace.isObjectAce() && ace.objectType)
      continue;
    const bool allow = ace.type == AceType::AccessAllowed || ace.type == AceType::AccessAllowedObject;
    const bool deny = ace.type == AceType::AccessDenied || ace.type == AceType::AccessDeniedObject;
    if (!allow && !deny)
      continue;
    if (allow ? !token.matchesForAllow(ace.sid) : !token.matchesForDeny(ace.sid))
      continue;
    uint32_t mask = mapMask ? mapMask(ace.mask) : ace.mask;
    uint32_t bits = mask & undecided;
    if (!bits)
      continue;
    if (allow) {
      result.granted |= bits;
      result.allowedBy.push_back(AceEvidence{i, ace, bits});
    } else {
      denied |= bits;
      result.deniedBy.push_back(AceEvidence{i, ace, bits});
    }
  }
  return result;
}

} // namespace dd::winsec
