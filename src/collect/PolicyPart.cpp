// User rights and audit policy through the LSA: LsaEnumerateAccountsWithUserRight for each
// right (secedit.inf's [Privilege Rights], accounts as *SID), LsaQueryInformationPolicy for the
// category auditing ([Event Audit]), and AuditQuerySystemPolicy for each subcategory
// (auditpol.txt, as `auditpol /get /category:*` prints it, names in the system's language; and
// auditpol-backup.csv, as `auditpol /backup` writes it: GUIDs and Setting Values, [MS-GPAC] 2.2).
#include "collect/Lsa.h"
#include "collect/Parts.h"

#include <fmt/format.h>

namespace dd::collect {
namespace {

// The rights and privileges secedit exports (Microsoft, "User Rights Assignment" constants).
constexpr const wchar_t *kRights[] = {
    L"SeNetworkLogonRight",
    L"SeInteractiveLogonRight",
    L"SeRemoteInteractiveLogonRight",
    L"SeBatchLogonRight",
    L"SeServiceLogonRight",
    L"SeDenyNetworkLogonRight",
    L"SeDenyInteractiveLogonRight",
    L"SeDenyRemoteInteractiveLogonRight",
    L"SeDenyBatchLogonRight",
    L"SeDenyServiceLogonRight",
    L"SeImpersonatePrivilege",
    L"SeChangeNotifyPrivilege",
    L"SeBackupPrivilege",
    L"SeRestorePrivilege",
    L"SeDebugPrivilege",
    L"SeTcbPrivilege",
    L"SeAssignPrimaryTokenPrivilege",
    L"SeIncreaseQuotaPrivilege",
    L"SeSecurityPrivilege",
    L"SeTakeOwnershipPrivilege",
    L"SeLoadDriverPrivilege",
    L"SeSystemtimePrivilege",
    L"SeShutdownPrivilege",
    L"SeRemoteShutdownPrivilege",
    L"SeCreateGlobalPrivilege",
    L"SeAuditPrivilege",
    L"SeIncreaseBasePriorityPrivilege",
    L"SeCreatePagefilePrivilege",
    L"SeSystemProfilePrivilege",
    L"SeProfileSingleProcessPrivilege",
    L"SeUndockPrivilege",
    L"SeManageVolumePrivilege",
    L"SeTimeZonePrivilege",
    L"SeCreateSymbolicLinkPrivilege",
    L"SeIncreaseWorkingSetPrivilege",
    L"SeDelegateSessionUserImpersonatePrivilege",
    L"SeEnableDelegationPrivilege",
    L"SeMachineAccountPrivilege",
    L"SeCreateTokenPrivilege",
    L"SeCreatePermanentPrivilege",
    L"SeLockMemoryPrivilege",
    L"SeSystemEnvironmentPrivilege",
};

// POLICY_AUDIT_EVENT_TYPE order, with secedit's key for each category.
constexpr const char *kAuditCategories[] = {"AuditSystemEvents",  "AuditLogonEvents",     "AuditObjectAccess",
                                            "AuditPrivilegeUse",  "AuditProcessTracking", "AuditPolicyChange",
                                            "AuditAccountManage", "AuditDSAccess",        "AuditAccountLogon"};

std::optional<std::string> privilegeRights(Output &out, LSA_HANDLE policy) {
  std::string section;
  for (const wchar_t *right : kRights) {
    LSA_UNICODE_STRING name{static_cast<USHORT>(wcslen(right) * sizeof(wchar_t)),
                            static_cast<USHORT>((wcslen(right) + 1) * sizeof(wchar_t)), const_cast<wchar_t *>(right)};
    LSA_ENUMERATION_INFORMATION *accounts = nullptr;
    ULONG count = 0;
    const NTSTATUS rc = LsaEnumerateAccountsWithUserRight(policy, &name, reinterpret_cast<void **>(&accounts), &count);
    const ULONG error = LsaNtStatusToWinError(rc);
    if (error == ERROR_NO_MORE_ITEMS || error == ERROR_NO_SUCH_PRIVILEGE)
      continue; // nobody holds it, or this Windows does not know it
    if (rc != 0) {
      out.missing(fmt::format("user right {} (LsaEnumerateAccountsWithUserRight)", utf8(right)), winError(error));
      if (error == ERROR_ACCESS_DENIED)
        return std::nullopt;
      continue;
    }
    std::string list;
    for (ULONG i = 0; i < count; ++i)
      list += (i ? ",*" : "*") + sidString(accounts[i].Sid);
    LsaFreeMemory(accounts);
    section += utf8(right) + " = " + list + "\n";
  }
  return section;
}

std::string eventAudit(Output &out, LSA_HANDLE policy) {
  void *buffer = nullptr;
  const NTSTATUS rc = LsaQueryInformationPolicy(policy, PolicyAuditEventsInformation, &buffer);
  if (rc != 0) {
    out.missing("[Event Audit] (LsaQueryInformationPolicy)", winError(LsaNtStatusToWinError(rc)));
    return {};
  }
  const auto *info = static_cast<POLICY_AUDIT_EVENTS_INFO *>(buffer);
  std::string section = "[Event Audit]\n";
  for (ULONG i = 0; i < std::size(kAuditCategories); ++i) {
    const ULONG options = info->AuditingMode && i < info->MaximumAuditEventCount ? info->EventAuditingOptions[i] : 0;
    section += fmt::format("{} = {}\n", kAuditCategories[i],
                           options & (POLICY_AUDIT_EVENT_SUCCESS | POLICY_AUDIT_EVENT_FAILURE));
  }
  LsaFreeMemory(buffer);
  return section;
}

void writeSecedit(Output &out) {
  LsaPolicy policy(POLICY_VIEW_LOCAL_INFORMATION | POLICY_VIEW_AUDIT_INFORMATION | POLICY_LOOKUP_NAMES);
  if (!policy) {
    out.missing("secedit.inf (LsaOpenPolicy)", winError(policy.status()));
    return;
  }
  const auto rights = privilegeRights(out, policy.handle());
  if (!rights)
    return;
  out.writeUtf16Text("secedit.inf", "[Unicode]\nUnicode=yes\n" + eventAudit(out, policy.handle()) +
                                        "[Privilege Rights]\n" + *rights +
                                        "[Version]\nsignature=\"$CHICAGO$\"\nRevision=1\n");
}

const char *auditSetting(ULONG bits) {
  switch (bits & (POLICY_AUDIT_EVENT_SUCCESS | POLICY_AUDIT_EVENT_FAILURE)) {
  case POLICY_AUDIT_EVENT_SUCCESS: return "Success";
  case POLICY_AUDIT_EVENT_FAILURE: return "Failure";
  case POLICY_AUDIT_EVENT_SUCCESS | POLICY_AUDIT_EVENT_FAILURE: return "Success and Failure";
  default: return "No Auditing";
  }
}

// "{0CCE9215-69AE-11D9-BED3-505054503030}", as auditpol /backup writes a subcategory's GUID.
std::string guidText(const GUID &g) {
  return fmt::format("{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}", g.Data1, g.Data2,
                     g.Data3, g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6],
                     g.Data4[7]);
}

// [MS-GPAC] 2.2.1.3.1: 1 Success, 2 Failure, 3 both, 0 none (auditpol /backup's numbers).
int settingValue(ULONG bits) {
  return ((bits & POLICY_AUDIT_EVENT_SUCCESS) ? 1 : 0) | ((bits & POLICY_AUDIT_EVENT_FAILURE) ? 2 : 0);
}

// The two files' text, one category at a time.
struct AuditText {
  std::string machine; // the computer name, auditpol /backup's first column
  std::string listing = fmt::format("System audit policy\n{:<42}{}\n", "Category/Subcategory", "Setting");
  std::string backup = "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion "
                       "Setting,Setting Value\n";
};

// One category's lines of auditpol.txt and auditpol-backup.csv; false (and `error`) when its
// policy cannot be read.
bool auditCategory(const GUID &category, AuditText &out, DWORD &error) {
  wchar_t *name = nullptr;
  GUID *subs = nullptr;
  ULONG count = 0;
  if (!AuditLookupCategoryNameW(&category, &name) || !AuditEnumerateSubCategories(&category, FALSE, &subs, &count)) {
    error = GetLastError();
    if (name)
      AuditFree(name);
    return false;
  }
  out.listing += utf8(name) + "\n";
  AuditFree(name);
  AUDIT_POLICY_INFORMATION *policies = nullptr;
  if (!AuditQuerySystemPolicy(subs, count, &policies)) {
    error = GetLastError();
    AuditFree(subs);
    return false;
  }
  for (ULONG i = 0; i < count; ++i) {
    wchar_t *sub = nullptr;
    if (!AuditLookupSubCategoryNameW(&subs[i], &sub))
      continue;
    const ULONG bits = policies[i].AuditingInformation;
    out.listing += fmt::format("  {:<40}{}\n", utf8(sub), auditSetting(bits));
    out.backup += fmt::format("{},System,{},{},{},,{}\n", out.machine, utf8(sub), guidText(subs[i]), auditSetting(bits),
                              settingValue(bits));
    AuditFree(sub);
  }
  AuditFree(policies);
  AuditFree(subs);
  return true;
}

std::string computerName() {
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  return GetComputerNameW(name, &size) ? utf8(name) : std::string();
}

void writeAuditpol(Output &out) {
  enablePrivilege(L"SeSecurityPrivilege"); // AuditQuerySystemPolicy needs it (administrators hold it)
  GUID *categories = nullptr;
  ULONG count = 0;
  if (!AuditEnumerateCategories(&categories, &count)) {
    const DWORD error = GetLastError();
    out.missing("auditpol.txt (AuditEnumerateCategories)", winError(error));
    out.missing("auditpol-backup.csv (AuditEnumerateCategories)", winError(error));
    return;
  }
  AuditText text{computerName()};
  DWORD error = 0;
  for (ULONG i = 0; i < count; ++i) {
    if (!auditCategory(categories[i], text, error)) {
      out.missing("auditpol.txt (AuditQuerySystemPolicy)", winError(error));
      out.missing("auditpol-backup.csv (AuditQuerySystemPolicy)", winError(error));
      AuditFree(categories);
      return;
    }
  }
  AuditFree(categories);
  out.writeText("auditpol.txt", text.listing);
  out.writeText("auditpol-backup.csv", text.backup);
}

} // namespace

void collectSecurityPolicy(Output &out) {
  writeSecedit(out);
  writeAuditpol(out);
}

} // namespace dd::collect
