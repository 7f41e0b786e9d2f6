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

// The name Windows shows: "Everyone", "NT AUTHORITY\ANONYMOUS LOGON",
// "BUILTIN\Distributed COM Users"; the SID string for one it does not know.
std::string displayName(const Sid &sid);

} // namespace dd::winsec
