// The security template `secedit /export /cfg FILE` writes (UTF-16LE with BOM; also read as
// UTF-8): [System Access], [Event Audit], [Privilege Rights] and [Registry Values], each entry
// with its line for the evidence. Syntax: MS-GPSB 2.2 (Security Protocol Extension, the
// GptTmpl.inf sections), which is the same file format secedit exports.
#pragma once

#include "support/Result.h"
#include "winsec/Sid.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

struct InfSetting { // "Name = value" in [System Access] or [Event Audit]
  std::string name;
  std::string value; // as written, quotes removed from a quoted string
  size_t line = 0;
};

struct InfPrincipal {             // one entry of a [Privilege Rights] list
  std::string text;               // as written: "*S-1-5-32-544" or "Guest"
  std::optional<winsec::Sid> sid; // for the *S-... form
  std::string name;               // for the name form ("Guest", "OPCSRV\opcsvc")
};

struct InfPrivilege { // "SeDenyNetworkLogonRight = Guest,*S-1-5-32-546"
  std::string right;
  std::vector<InfPrincipal> principals;
  size_t line = 0;
};

struct InfRegistryValue { // "MACHINE\System\CurrentControlSet\Control\Lsa\ForceGuest=4,0"
  std::string keyPath;    // "MACHINE\System\CurrentControlSet\Control\Lsa"
  std::string valueName;  // "ForceGuest"
  uint32_t type = 0;      // 1 REG_SZ, 3 REG_BINARY, 4 REG_DWORD, 7 REG_MULTI_SZ, ...
  std::string data;       // as written after "type,", quotes removed for REG_SZ
  size_t line = 0;
  std::optional<uint32_t> dword() const; // REG_DWORD data as a number
};

struct SeceditInf {
  std::string source;
  std::vector<InfSetting> systemAccess;
  std::vector<InfSetting> eventAudit; // values 0 none, 1 success, 2 failure, 3 both
  std::vector<InfPrivilege> privilegeRights;
  std::vector<InfRegistryValue> registryValues;

  const InfSetting *findSystemAccess(std::string_view name) const;
  const InfSetting *findEventAudit(std::string_view name) const;
  const InfPrivilege *findPrivilege(std::string_view right) const;
  // path: "MACHINE\System\CurrentControlSet\Control\Lsa\ForceGuest" (case-insensitive).
  const InfRegistryValue *findRegistryValue(std::string_view path) const;
};

// Errors (file:line): a line outside any [section]; an unclosed section header; an entry with
// no '=' in one of the four sections; an [Event Audit] value other than 0-3; a registry value
// without "type," or with a type that is not a number; a *S-... entry that is not a SID.
Result<SeceditInf> parseSeceditInf(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
