// User rights and audit policy through the LSA: LsaEnumerateAccountsWithUserRight for each
// right (secedit.inf's [Privilege Rights], accounts as *SID), LsaQueryInformationPolicy for the
// category auditing ([Event Audit]), and AuditQuerySystemPolicy for each subcategory
// (auditpol.txt, as `auditpol /get /category:*` prints it; names in the system's language).
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

// One category's lines of auditpol.txt; nullopt when its policy cannot be read.
std::optional<std::string> auditCategory(const GUID &category, DWORD &error) {
  wchar_t *name = nullptr;
  GUID *subs = nullptr;
  ULONG count = 0;
  if (!AuditLookupCategoryNameW(&category, &name) || !AuditEnumerateSubCategories(&category, FALSE, &subs, &count)) {
    error = GetLastError();
    if (name)
      AuditFree(name);
    return std::nullopt;
  }
  std::string text = utf8(name) + "\n";
  AuditFree(name);
  AUDIT_POLICY_INFORMATION *policies = nullptr;
  if (!AuditQuerySystemPolicy(subs, count, &policies)) {
    error = GetLastError();
    AuditFree(subs);
    return std::nullopt;
  }
  for (ULONG i = 0; i < count; ++i) {
    wchar_t *sub = nullptr;
    if (AuditLookupSubCategoryNameW(&subs[i], &sub)) {
      text += fmt::format("  {:<40}{}\n", utf8(sub), auditSetting(policies[i].AuditingInformation));
      AuditFree(sub);
    }
  }
  AuditFree(policies);
  AuditFree(subs);
  return text;
}

void writeAuditpol(Output &out) {
  enablePrivilege(L"SeSecurityPrivilege"); // AuditQuerySystemPolicy needs it (administrators hold it)
  GUID *categories = nullptr;
  ULONG count = 0;
  if (!AuditEnumerateCategories(&categories, &count)) {
    out.missing("auditpol.txt (AuditEnumerateCategories)", winError(GetLastError()));
    return;
  }
  std::string text = fmt::format("System audit policy\n{:<42}{}\n", "Category/Subcategory", "Setting");
  DWORD error = 0;
  for (ULONG i = 0; i < count; ++i) {
    const auto category = auditCategory(categories[i], error);
    if (!category) {
      out.missing("auditpol.txt (AuditQuerySystemPolicy)", winError(error));
      AuditFree(categories);
      return;
    }
    text += *category;
  }
  AuditFree(categories);
  out.writeText("auditpol.txt", text);
}

} // namespace

void collectSecurityPolicy(Output &out) {
  writeSecedit(out);
  writeAuditpol(out);
}

} // namespace dd::collect
