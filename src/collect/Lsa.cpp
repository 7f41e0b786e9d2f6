#include "collect/Lsa.h"

#include "collect/Output.h"

#include <sddl.h>

namespace dd::collect {
namespace {

std::string lsaText(const LSA_UNICODE_STRING &s) {
  return s.Buffer ? utf8(std::wstring_view(s.Buffer, s.Length / sizeof(wchar_t))) : std::string();
}

} // namespace

std::string sidString(PSID sid) {
  wchar_t *text = nullptr;
  if (!sid || !ConvertSidToStringSidW(sid, &text))
    return {};
  std::string out = utf8(text);
  LocalFree(text);
  return out;
}

std::optional<std::string> accountOfSid(PSID sid) {
  wchar_t name[256], domain[256];
  DWORD nameSize = 256, domainSize = 256;
  SID_NAME_USE use;
  if (!LookupAccountSidW(nullptr, sid, name, &nameSize, domain, &domainSize, &use))
    return std::nullopt;
  return domainSize ? utf8(domain) + "\\" + utf8(name) : utf8(name);
}

std::string sidOfAccount(const std::string &name) {
  BYTE sid[SECURITY_MAX_SID_SIZE];
  DWORD sidSize = sizeof sid;
  wchar_t domain[256];
  DWORD domainSize = 256;
  SID_NAME_USE use;
  if (!LookupAccountNameW(nullptr, wide(name).c_str(), sid, &sidSize, domain, &domainSize, &use))
    return {};
  return sidString(sid);
}

LsaPolicy::LsaPolicy(ACCESS_MASK access) {
  LSA_OBJECT_ATTRIBUTES attributes{};
  const NTSTATUS rc = LsaOpenPolicy(nullptr, &attributes, access, &handle_);
  if (rc != 0) {
    handle_ = nullptr;
    status_ = LsaNtStatusToWinError(rc);
  }
}

LsaPolicy::~LsaPolicy() {
  if (handle_)
    LsaClose(handle_);
}

bool enablePrivilege(const wchar_t *name) {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
    return false;
  TOKEN_PRIVILEGES privileges{};
  privileges.PrivilegeCount = 1;
  privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
  const bool ok = LookupPrivilegeValueW(nullptr, name, &privileges.Privileges[0].Luid) &&
                  AdjustTokenPrivileges(token, FALSE, &privileges, 0, nullptr, nullptr) &&
                  GetLastError() == ERROR_SUCCESS;
  CloseHandle(token);
  return ok;
}

std::optional<DomainInfo> queryDomainInfo(std::string &why) {
  LsaPolicy policy(POLICY_VIEW_LOCAL_INFORMATION);
  if (!policy) {
    why = "LsaOpenPolicy: " + winError(policy.status());
    return std::nullopt;
  }
  DomainInfo info;
  void *buffer = nullptr;
  NTSTATUS rc = LsaQueryInformationPolicy(policy.handle(), PolicyAccountDomainInformation, &buffer);
  if (rc != 0) {
    why = "LsaQueryInformationPolicy(PolicyAccountDomainInformation): " + winError(LsaNtStatusToWinError(rc));
    return std::nullopt;
  }
  info.machineSid = sidString(static_cast<POLICY_ACCOUNT_DOMAIN_INFO *>(buffer)->DomainSid);
  LsaFreeMemory(buffer);
  if (LsaQueryInformationPolicy(policy.handle(), PolicyPrimaryDomainInformation, &buffer) == 0) {
    auto *primary = static_cast<POLICY_PRIMARY_DOMAIN_INFO *>(buffer);
    info.domainName = lsaText(primary->Name);
    info.domainSid = sidString(primary->Sid);
    LsaFreeMemory(buffer);
  }
  if (LsaQueryInformationPolicy(policy.handle(), PolicyDnsDomainInformation, &buffer) == 0) {
    info.dnsDomain = lsaText(static_cast<POLICY_DNS_DOMAIN_INFO *>(buffer)->DnsDomainName);
    LsaFreeMemory(buffer);
  }
  return info;
}

} // namespace dd::collect
