// The local security authority as collect reads it: SIDs as text, account names of SIDs, and
// the LSA policy handle (closed when it goes out of scope).
#pragma once

#include <windows.h>
#include <ntsecapi.h>

#include <optional>
#include <string>

namespace dd::collect {

std::string sidString(PSID sid); // "S-1-5-32-544"; "" when it cannot be converted
// "DOMAIN\name" of a SID (LookupAccountSidW); nullopt when it has none here.
std::optional<std::string> accountOfSid(PSID sid);
// The SID of an account name (LookupAccountNameW), as text; "" when unknown.
std::string sidOfAccount(const std::string &name);

// Enables a privilege the process's token holds (SeBackupPrivilege, SeSecurityPrivilege: an
// elevated administrator has them, disabled); false when it does not hold it.
bool enablePrivilege(const wchar_t *name);

class LsaPolicy {
public:
  explicit LsaPolicy(ACCESS_MASK access);
  ~LsaPolicy();
  LsaPolicy(const LsaPolicy &) = delete;
  LsaPolicy &operator=(const LsaPolicy &) = delete;
  LSA_HANDLE handle() const { return handle_; }
  unsigned long status() const { return status_; } // a Win32 error code; 0 when open
  explicit operator bool() const { return handle_ != nullptr; }

private:
  LSA_HANDLE handle_ = nullptr;
  unsigned long status_ = 0;
};

struct DomainInfo {
  std::string machineSid; // the account domain (this host's SAM)
  std::string domainName; // the primary domain or workgroup's name
  std::string domainSid;  // "" in a workgroup
  std::string dnsDomain;  // "" in a workgroup
};
// LsaQueryInformationPolicy (account, primary and DNS domain); an error text when it fails.
std::optional<DomainInfo> queryDomainInfo(std::string &why);

} // namespace dd::collect
