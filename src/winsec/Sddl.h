// SDDL (MS-DTYP 2.5.1): parse into a SecurityDescriptor and format as Windows'
// ConvertSecurityDescriptorToStringSecurityDescriptorW does (aliases, rights letters).
#pragma once

#include "support/Result.h"
#include "winsec/SecurityDescriptor.h"

#include <optional>
#include <string>
#include <string_view>

namespace dd::winsec {

struct SddlContext {
  // Resolves and produces domain-relative aliases (DA, DU, DG, DC, DD, CA, SA, EA, PA, RS, ...).
  std::optional<Sid> domainSid;
};

Result<SecurityDescriptor> parseSddl(std::string_view sddl, const SddlContext &context = {});
std::string formatSddl(const SecurityDescriptor &sd, const SddlContext &context = {});

// One SID token as SDDL writes it: "WD", "BA", "S-1-5-21-...". Accepts aliases and SID strings.
Result<Sid> parseSddlSid(std::string_view token, const SddlContext &context = {});
std::string formatSddlSid(const Sid &sid, const SddlContext &context = {});

// One ACE as SDDL writes it: "(A;;CCDCSW;;;WD)".
std::string formatSddlAce(const Ace &ace, const SddlContext &context = {});
// An access mask as SDDL writes it for an ACE of `type`: "CCDCLCSWRP", "FA", "0x1200a9", "".
std::string formatSddlRights(uint32_t mask, AceType type = AceType::AccessAllowed);

// The name of a well-known RID of a domain or machine account domain ("Domain Admins" for 512,
// "Administrator" for 500); empty when the RID has none.
std::string_view wellKnownRidName(uint32_t rid);

// The name Windows shows: "Everyone", "NT AUTHORITY\ANONYMOUS LOGON",
// "BUILTIN\Distributed COM Users"; the SID string for one it does not know.
std::string displayName(const Sid &sid);

// The SID of a name as Windows shows it, the inverse of displayName: "Everyone",
// "NT AUTHORITY\NETWORK", "BUILTIN\Users", or the name without its authority ("NETWORK",
// "Distributed COM Users", "ANONYMOUS LOGON"); with context.domainSid also the well-known
// accounts and groups of that domain ("Domain Users", "Administrator"). Case-insensitive;
// nullopt for a name it does not know (a user or group of the plant's own).
std::optional<Sid> sidOfName(std::string_view name, const SddlContext &context = {});

} // namespace dd::winsec
