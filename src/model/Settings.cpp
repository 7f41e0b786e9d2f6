// The settings table (see Settings.h). Each row is one registry value as Windows keeps it;
// docs/plant.md shows the same rows (tests/model/SettingsTest.cpp compares them).
#include "model/Settings.h"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <cstdio>

namespace dd::model {
namespace {

// The documents the defaults come from.
constexpr std::string_view kOleDoc = "Microsoft, \"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\" (COM "
                                     "registry reference): absent values and their defaults";
constexpr std::string_view kWin7Export = "a real Windows 7 export of HKLM\\SOFTWARE\\Microsoft\\Ole: the Limits "
                                         "Windows ships, with Distributed COM Users and Performance Log Users";
constexpr std::string_view kXpSp2Doc = "the guide, chapter 2 (COM Security defaults) and Microsoft, "
                                       "\"DCOM security enhancements in Windows XP SP2 and Windows "
                                       "Server 2003 SP1\"";
constexpr std::string_view kComAcl = "Microsoft, \"DefaultAccessPermission\" (COM registry reference): "
                                     "absent, COM lets the server's own identity (SELF) and SYSTEM call";
constexpr std::string_view kPolicyDoc = "Microsoft, \"DCOM: Machine Launch Restrictions / Machine Access "
                                        "Restrictions in Security Descriptor Definition Language (SDDL) "
                                        "syntax\": not defined unless Group Policy sets it";
constexpr std::string_view kHardeningDoc = "Microsoft KB5004442: absent, the host's patch level decides";
constexpr std::string_view kLsaDoc = "Microsoft, \"Network access: Sharing and security model for local "
                                     "accounts\" and \"Let Everyone permissions apply to anonymous users\"";
constexpr std::string_view kUacDoc = "Microsoft, \"Description of User Account Control and remote "
                                     "restrictions\" (LocalAccountTokenFilterPolicy)";
constexpr std::string_view kComPlusDoc = "Microsoft, \"COM+ Network Access and Application Server\": off on a "
                                         "server unless the Application Server role enables it (verify for "
                                         "client editions)";
constexpr std::string_view kRpcDoc = "Microsoft KB929851, \"The default dynamic port range for TCP/IP has "
                                     "changed since Windows Vista and in Windows Server 2008\"";

constexpr std::string_view kOle = "HKLM\\SOFTWARE\\Microsoft\\Ole";
constexpr std::string_view kAppCompat = "HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat";
constexpr std::string_view kDcomPolicy = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM";
constexpr std::string_view kLsa = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
constexpr std::string_view kPoliciesSystem = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";
constexpr std::string_view kRpcInternet = "HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet";
constexpr std::string_view kCom3 = "HKLM\\SOFTWARE\\Microsoft\\COM3";

// --- Defaults, one list per setting (the first whose scope applies wins).
constexpr SettingDefault dYes[] = {{OsScope::Any, "true", kOleDoc}};
constexpr SettingDefault dConnect[] = {{OsScope::Any, "2", kOleDoc}};
constexpr SettingDefault dIdentify[] = {{OsScope::Any, "2", kOleDoc}};
constexpr SettingDefault dLoggingZero[] = {{OsScope::Any, "0", kOleDoc}};
// Windows 7 and later: the values of a real Windows 7 export (Performance Log Users and
// Distributed COM Users in both Limits); Server 2003 SP1 added Distributed COM Users; XP SP2/SP3:
// Administrators launch everything, Everyone local launch; Everyone local and remote access,
// ANONYMOUS LOGON local access (the guide's table of Limits).
constexpr SettingDefault dLaunchLimits[] = {
    {OsScope::VistaPlus,
     "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;S-1-5-32-559)",
     kWin7Export},
    {OsScope::BeforeLimits, "", kXpSp2Doc},
    {OsScope::Server2003, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)", kXpSp2Doc},
    {OsScope::Any, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)", kXpSp2Doc},
};
constexpr SettingDefault dAccessLimits[] = {
    {OsScope::VistaPlus, "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;S-1-5-32-559)",
     kWin7Export},
    {OsScope::BeforeLimits, "", kXpSp2Doc},
    {OsScope::Server2003, "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)", kXpSp2Doc},
    {OsScope::Any, "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)", kXpSp2Doc},
};
// Before the Limits: the old-style Execute ACEs.
constexpr SettingDefault dDefaultLaunch[] = {
    {OsScope::VistaPlus, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)", kWin7Export},
    {OsScope::BeforeLimits, "O:BAG:BAD:(A;;CC;;;BA)(A;;CC;;;IU)(A;;CC;;;SY)", kXpSp2Doc},
    {OsScope::Any, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)", kXpSp2Doc},
};
constexpr SettingDefault dDefaultAccess[] = {{OsScope::Any, "", kComAcl}};
constexpr SettingDefault dPolicy[] = {{OsScope::Any, "", kPolicyDoc}};
constexpr SettingDefault dHardening[] = {{OsScope::Any, "", kHardeningDoc}};
// XP Professional in a workgroup ships with simple file sharing; NT 4.0 and 2000 let Everyone
// include anonymous users.
constexpr SettingDefault dForceGuest[] = {{OsScope::XpWorkgroup, "true", kLsaDoc}, {OsScope::Any, "false", kLsaDoc}};
constexpr SettingDefault dEveryoneAnonymous[] = {{OsScope::Nt, "true", kLsaDoc}, {OsScope::Any, "false", kLsaDoc}};
constexpr SettingDefault dRestrictAnonymous[] = {{OsScope::Any, "0", kLsaDoc}};
constexpr SettingDefault dUacOff[] = {{OsScope::Any, "false", kUacDoc}};
constexpr SettingDefault dComPlusRemoteAccess[] = {{OsScope::Server2003On, "false", kComPlusDoc},
                                                   {OsScope::Any, "true", kComPlusDoc}};
constexpr SettingDefault dRpcPorts[] = {{OsScope::VistaPlus, "49152-65535", kRpcDoc},
                                        {OsScope::Any, "1025-5000", kRpcDoc}};

constexpr std::array<Setting, 21> kSettings{{
    {.id = SettingId::EnableDcom,
     .key = kOle,
     .value = "EnableDCOM",
     .type = SettingType::YesNo,
     .plantTable = "dcom",
     .plantKey = "enable_dcom",
     .field = "Host::dcom.enableDcom",
     .defaults = dYes,
     .ui = "dcomcnfg > My Computer > Properties > Default Properties > Enable Distributed COM on this computer",
     .meaning = "DCOM on (Y) or off (N)"},
    {.id = SettingId::LegacyAuthenticationLevel,
     .key = kOle,
     .value = "LegacyAuthenticationLevel",
     .type = SettingType::Number,
     .plantTable = "dcom",
     .plantKey = "legacy_authentication_level",
     .min = 1,
     .max = 6,
     .field = "Host::dcom.legacyAuthenticationLevel",
     .defaults = dConnect,
     .ui = "dcomcnfg > My Computer > Properties > Default Properties > Default Authentication Level",
     .meaning = "the default authentication level: 1 None .. 6 Packet Privacy"},
    {.id = SettingId::LegacyImpersonationLevel,
     .key = kOle,
     .value = "LegacyImpersonationLevel",
     .type = SettingType::Number,
     .plantTable = "dcom",
     .plantKey = "legacy_impersonation_level",
     .min = 1,
     .max = 4,
     .field = "Host::dcom.legacyImpersonationLevel",
     .defaults = dIdentify,
     .ui = "dcomcnfg > My Computer > Properties > Default Properties > Default Impersonation Level",
     .meaning = "the default impersonation level: 1 Anonymous .. 4 Delegate"},
    {.id = SettingId::MachineLaunchRestriction,
     .key = kOle,
     .value = "MachineLaunchRestriction",
     .type = SettingType::Descriptor,
     .plantTable = "dcom",
     .plantKey = "machine_launch_restriction",
     .field = "Host::dcom.machineLaunchRestriction",
     .defaults = dLaunchLimits,
     .ui = "dcomcnfg > My Computer > Properties > COM Security > Launch and Activation Permissions > Edit Limits",
     .overriddenBy = SettingId::PolicyMachineLaunchRestriction,
     .meaning = "the launch and activation Limits (SDDL)"},
    {.id = SettingId::MachineAccessRestriction,
     .key = kOle,
     .value = "MachineAccessRestriction",
     .type = SettingType::Descriptor,
     .plantTable = "dcom",
     .plantKey = "machine_access_restriction",
     .field = "Host::dcom.machineAccessRestriction",
     .defaults = dAccessLimits,
     .ui = "dcomcnfg > My Computer > Properties > COM Security > Access Permissions > Edit Limits",
     .overriddenBy = SettingId::PolicyMachineAccessRestriction,
     .meaning = "the access Limits (SDDL)"},
    {.id = SettingId::DefaultLaunchPermission,
     .key = kOle,
     .value = "DefaultLaunchPermission",
     .type = SettingType::Descriptor,
     .plantTable = "dcom",
     .plantKey = "default_launch_permission",
     .field = "Host::dcom.defaultLaunchPermission",
     .defaults = dDefaultLaunch,
     .ui = "dcomcnfg > My Computer > Properties > COM Security > Launch and Activation Permissions > Edit Default",
     .meaning = "the launch and activation Defaults (SDDL): servers without a LaunchPermission"},
    {.id = SettingId::DefaultAccessPermission,
     .key = kOle,
     .value = "DefaultAccessPermission",
     .type = SettingType::Descriptor,
     .plantTable = "dcom",
     .plantKey = "default_access_permission",
     .field = "Host::dcom.defaultAccessPermission",
     .defaults = dDefaultAccess,
     .ui = "dcomcnfg > My Computer > Properties > COM Security > Access Permissions > Edit Default",
     .meaning = "the access Defaults (SDDL): servers without an AccessPermission; absent = "
                "`O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)` (SELF and SYSTEM)"},
    {.id = SettingId::PolicyMachineLaunchRestriction,
     .key = kDcomPolicy,
     .value = "MachineLaunchRestriction",
     .type = SettingType::Sddl,
     .plantTable = "dcom",
     .plantKey = "policy_machine_launch_restriction",
     .field = "Host::dcom.policyMachineLaunchRestriction",
     .defaults = dPolicy,
     .ui = "secpol.msc > Local Policies > Security Options > DCOM: Machine Launch Restrictions in Security "
           "Descriptor Definition Language (SDDL) syntax",
     .meaning = "Group Policy's launch Limits (SDDL string): wins over the Ole value"},
    {.id = SettingId::PolicyMachineAccessRestriction,
     .key = kDcomPolicy,
     .value = "MachineAccessRestriction",
     .type = SettingType::Sddl,
     .plantTable = "dcom",
     .plantKey = "policy_machine_access_restriction",
     .field = "Host::dcom.policyMachineAccessRestriction",
     .defaults = dPolicy,
     .ui = "secpol.msc > Local Policies > Security Options > DCOM: Machine Access Restrictions in Security "
           "Descriptor Definition Language (SDDL) syntax",
     .meaning = "Group Policy's access Limits (SDDL string): wins over the Ole value"},
    {.id = SettingId::RequireIntegrityActivationAuthenticationLevel,
     .key = kAppCompat,
     .value = "RequireIntegrityActivationAuthenticationLevel",
     .type = SettingType::Number,
     .plantTable = "dcom",
     .plantKey = "require_integrity_activation_authentication_level",
     .min = 0,
     .max = 1,
     .field = "Host::dcom.requireIntegrityActivationAuthenticationLevel",
     .defaults = dHardening,
     .meaning = "server side of the 2021-2023 hardening: 1 on, 0 off (ignored from 2023-03-14 on)"},
    {.id = SettingId::RaiseActivationAuthenticationLevel,
     .key = kAppCompat,
     .value = "RaiseActivationAuthenticationLevel",
     .type = SettingType::Number,
     .plantTable = "dcom",
     .plantKey = "raise_activation_authentication_level",
     .min = 0,
     .max = 2,
     .field = "Host::dcom.raiseActivationAuthenticationLevel",
     .defaults = dHardening,
     .meaning = "client side of the hardening: 0 never raise, 1 the default level, 2 explicit levels too"},
    {.id = SettingId::ActivationFailureLoggingLevel,
     .key = kOle,
     .value = "ActivationFailureLoggingLevel",
     .type = SettingType::Number,
     .plantTable = "dcom",
     .plantKey = "activation_failure_logging_level",
     .min = 0,
     .max = 2,
     .field = "Host::dcom.activationFailureLoggingLevel",
     .defaults = dLoggingZero,
     .meaning = "0 Windows' default (activation failures are logged), 1 always, 2 never"},
    {.id = SettingId::CallFailureLoggingLevel,
     .key = kOle,
     .value = "CallFailureLoggingLevel",
     .type = SettingType::Number,
     .plantTable = "dcom",
     .plantKey = "call_failure_logging_level",
     .min = 0,
     .max = 2,
     .field = "Host::dcom.callFailureLoggingLevel",
     .defaults = dLoggingZero,
     .meaning = "0 Windows' default (failed calls are not logged), 1 always, 2 never"},
    {.id = SettingId::InvalidSecurityDescriptorLoggingLevel,
     .key = kOle,
     .value = "InvalidSecurityDescriptorLoggingLevel",
     .type = SettingType::Number,
     .plantTable = "dcom",
     .plantKey = "invalid_security_descriptor_logging_level",
     .min = 0,
     .max = 2,
     .field = "Host::dcom.invalidSecurityDescriptorLoggingLevel",
     .defaults = dLoggingZero,
     .meaning = "0 Windows' default, 1 always, 2 never"},
    {.id = SettingId::ForceGuest,
     .key = kLsa,
     .value = "ForceGuest",
     .type = SettingType::Flag,
     .plantTable = "lsa",
     .plantKey = "force_guest",
     .field = "Host::lsa.forceGuest",
     .defaults = dForceGuest,
     .ui = "secpol.msc > Security Options > Network access: Sharing and security model for local accounts",
     .secedit = true,
     .meaning = "\"Guest only\" sharing model (simple file sharing): network callers are Guest"},
    {.id = SettingId::EveryoneIncludesAnonymous,
     .key = kLsa,
     .value = "EveryoneIncludesAnonymous",
     .type = SettingType::Flag,
     .plantTable = "lsa",
     .plantKey = "everyone_includes_anonymous",
     .field = "Host::lsa.everyoneIncludesAnonymous",
     .defaults = dEveryoneAnonymous,
     .ui = "secpol.msc > Security Options > Network access: Let Everyone permissions apply to anonymous users",
     .secedit = true,
     .meaning = "ANONYMOUS LOGON callers are in Everyone"},
    {.id = SettingId::RestrictAnonymous,
     .key = kLsa,
     .value = "RestrictAnonymous",
     .type = SettingType::Number,
     .plantTable = "lsa",
     .plantKey = "restrict_anonymous",
     .min = 0,
     .max = 2,
     .field = "Host::lsa.restrictAnonymous",
     .defaults = dRestrictAnonymous,
     .ui = "secpol.msc > Security Options > Network access: Do not allow anonymous enumeration of SAM accounts "
           "and shares",
     .secedit = true,
     .meaning = "restrictions on anonymous enumeration"},
    {.id = SettingId::LocalAccountTokenFilterPolicy,
     .key = kPoliciesSystem,
     .value = "LocalAccountTokenFilterPolicy",
     .type = SettingType::Flag,
     .plantTable = "lsa",
     .plantKey = "local_account_token_filter_policy",
     .field = "Host::lsa.localAccountTokenFilterPolicy",
     .defaults = dUacOff,
     .secedit = true,
     .meaning = "1: local administrators keep their full token over the network (remote UAC off)"},
    {.id = SettingId::FilterAdministratorToken,
     .key = kPoliciesSystem,
     .value = "FilterAdministratorToken",
     .type = SettingType::Flag,
     .plantTable = "lsa",
     .plantKey = "filter_administrator_token",
     .field = "Host::lsa.filterAdministratorToken",
     .defaults = dUacOff,
     .ui = "secpol.msc > Security Options > User Account Control: Admin Approval Mode for the Built-in "
           "Administrator account",
     .secedit = true,
     .meaning = "1: the built-in Administrator (RID 500) is filtered too"},
    {.id = SettingId::RpcPorts,
     .key = kRpcInternet,
     .value = "Ports",
     .type = SettingType::PortRanges,
     .plantTable = "",
     .plantKey = "rpc_ports",
     .field = "Host::rpcPortRange",
     .defaults = dRpcPorts,
     .meaning = "the dynamic RPC port range, `\"5000-5100\"`"},
    {.id = SettingId::ComPlusRemoteAccess,
     .key = kCom3,
     .value = "RemoteAccessEnabled",
     .type = SettingType::Flag,
     .plantTable = "dcom",
     .plantKey = "com_plus_remote_access",
     .field = "Host::dcom.comPlusRemoteAccess",
     .defaults = dComPlusRemoteAccess,
     .ui = "Server Manager > Application Server role > COM+ Network Access (Windows Server 2003: Add or Remove "
           "Windows Components > Application Server > Enable network COM+ access)",
     .meaning = "COM+ network access: 0 refuses remote calls into COM+ server applications "
                "(`com_plus_application` servers)"},
}};

std::string longKey(std::string_view key) {
  if (key.substr(0, 5) == "HKLM\\")
    return "HKEY_LOCAL_MACHINE\\" + std::string(key.substr(5));
  return std::string(key);
}

} // namespace

bool appliesTo(OsScope scope, const OsVersion &os, bool workgroup) {
  switch (scope) {
  case OsScope::Any: return true;
  case OsScope::VistaPlus: return os.generation() == OsGeneration::VistaPlus;
  case OsScope::BeforeLimits: return !os.hasLimits();
  case OsScope::Server2003: return os.family == OsFamily::WindowsServer2003 && os.hasLimits();
  case OsScope::XpWorkgroup: return os.family == OsFamily::WindowsXP && workgroup;
  case OsScope::Nt: return os.generation() == OsGeneration::Nt;
  case OsScope::Server2003On: return os.isServer() && os.generation() != OsGeneration::Nt;
  }
  return false;
}

std::string_view scopeText(OsScope scope) {
  switch (scope) {
  case OsScope::Any: return "otherwise";
  case OsScope::VistaPlus: return "Vista and later";
  case OsScope::BeforeLimits: return "before XP SP2 / 2003 SP1";
  case OsScope::Server2003: return "Server 2003 SP1 and later";
  case OsScope::XpWorkgroup: return "XP in a workgroup";
  case OsScope::Nt: return "NT 4.0 and 2000";
  case OsScope::Server2003On: return "Server 2003 and later servers";
  }
  return "";
}

std::span<const Setting> settings() { return kSettings; }

const Setting &setting(SettingId id) {
  const Setting &s = kSettings[static_cast<size_t>(id)];
  assert(s.id == id);
  return s;
}

const Setting *findSetting(std::string_view plantTable, std::string_view plantKey) {
  for (const Setting &s : kSettings)
    if (s.plantTable == plantTable && s.plantKey == plantKey)
      return &s;
  return nullptr;
}

const SettingDefault *windowsDefault(const Setting &s, const OsVersion &os, bool workgroup) {
  for (const SettingDefault &d : s.defaults)
    if (appliesTo(d.scope, os, workgroup))
      return d.value.empty() ? nullptr : &d;
  return nullptr;
}

SettingSlot slotOf(Host &h, SettingId id) {
  switch (id) {
  case SettingId::EnableDcom: return &h.dcom.enableDcom;
  case SettingId::LegacyAuthenticationLevel: return &h.dcom.legacyAuthenticationLevel;
  case SettingId::LegacyImpersonationLevel: return &h.dcom.legacyImpersonationLevel;
  case SettingId::MachineLaunchRestriction: return &h.dcom.machineLaunchRestriction;
  case SettingId::MachineAccessRestriction: return &h.dcom.machineAccessRestriction;
  case SettingId::DefaultLaunchPermission: return &h.dcom.defaultLaunchPermission;
  case SettingId::DefaultAccessPermission: return &h.dcom.defaultAccessPermission;
  case SettingId::PolicyMachineLaunchRestriction: return &h.dcom.policyMachineLaunchRestriction;
  case SettingId::PolicyMachineAccessRestriction: return &h.dcom.policyMachineAccessRestriction;
  case SettingId::RequireIntegrityActivationAuthenticationLevel:
    return &h.dcom.requireIntegrityActivationAuthenticationLevel;
  case SettingId::RaiseActivationAuthenticationLevel: return &h.dcom.raiseActivationAuthenticationLevel;
  case SettingId::ActivationFailureLoggingLevel: return &h.dcom.activationFailureLoggingLevel;
  case SettingId::CallFailureLoggingLevel: return &h.dcom.callFailureLoggingLevel;
  case SettingId::InvalidSecurityDescriptorLoggingLevel: return &h.dcom.invalidSecurityDescriptorLoggingLevel;
  case SettingId::ForceGuest: return &h.lsa.forceGuest;
  case SettingId::EveryoneIncludesAnonymous: return &h.lsa.everyoneIncludesAnonymous;
  case SettingId::RestrictAnonymous: return &h.lsa.restrictAnonymous;
  case SettingId::LocalAccountTokenFilterPolicy: return &h.lsa.localAccountTokenFilterPolicy;
  case SettingId::FilterAdministratorToken: return &h.lsa.filterAdministratorToken;
  case SettingId::RpcPorts: return &h.rpcPortRange;
  case SettingId::ComPlusRemoteAccess: return &h.dcom.comPlusRemoteAccess;
  }
  assert(false);
  return &h.dcom.enableDcom;
}

void setNumber(Host &host, SettingId id, int64_t value, Provenance from) {
  const Setting &s = setting(id);
  SettingSlot slot = slotOf(host, id);
  if (auto *b = std::get_if<Fact<bool> *>(&slot))
    **b = {s.type == SettingType::Flag ? value == 1 : value != 0, std::move(from)};
  else if (auto *i = std::get_if<Fact<int> *>(&slot))
    **i = {static_cast<int>(value), std::move(from)};
  else if (auto *o = std::get_if<std::optional<Fact<int>> *>(&slot))
    **o = Fact<int>{static_cast<int>(value), std::move(from)};
  else
    assert(false && "setNumber on a descriptor or port range setting");
}

namespace {
const Descriptor *limits(const std::optional<Descriptor> &policy, const std::optional<Descriptor> &ole) {
  if (policy)
    return &*policy;
  return ole ? &*ole : nullptr;
}
} // namespace

const Descriptor *machineLaunchLimits(const Host &h) {
  return limits(h.dcom.policyMachineLaunchRestriction, h.dcom.machineLaunchRestriction);
}
const Descriptor *machineAccessLimits(const Host &h) {
  return limits(h.dcom.policyMachineAccessRestriction, h.dcom.machineAccessRestriction);
}
std::optional<Descriptor> &machineLaunchLimitsSlot(Host &h) {
  return h.dcom.policyMachineLaunchRestriction ? h.dcom.policyMachineLaunchRestriction
                                               : h.dcom.machineLaunchRestriction;
}
std::optional<Descriptor> &machineAccessLimitsSlot(Host &h) {
  return h.dcom.policyMachineAccessRestriction ? h.dcom.policyMachineAccessRestriction
                                               : h.dcom.machineAccessRestriction;
}

PortRange rpcPortRange(const Host &h) {
  if (h.rpcPortRange)
    return h.rpcPortRange->value;
  const SettingDefault *d = windowsDefault(setting(SettingId::RpcPorts), h.os.value, h.isWorkgroup());
  std::optional<PortRange> r = d ? parsePortRangeText(d->value) : std::nullopt;
  return r.value_or(PortRange{});
}

std::optional<PortRange> parsePortRangeText(std::string_view text) {
  unsigned first = 0, last = 0;
  std::string s(text);
  char extra = 0;
  int n = std::sscanf(s.c_str(), "%u-%u%c", &first, &last, &extra);
  if (n == 1)
    last = first;
  else if (n != 2)
    return std::nullopt;
  if (first < 1 || last > 65535 || first > last)
    return std::nullopt;
  return PortRange{static_cast<uint16_t>(first), static_cast<uint16_t>(last)};
}

std::string regFileText(SettingId id, int64_t value, std::string_view uiValue) {
  const Setting &s = setting(id);
  std::string data = s.type == SettingType::YesNo ? (value ? "\"Y\"" : "\"N\"")
                                                  : fmt::format("dword:{:08x}", static_cast<uint32_t>(value));
  std::string out =
      fmt::format("Windows Registry Editor Version 5.00\n\n[{}]\n\"{}\"={}", longKey(s.key), s.value, data);
  if (!s.ui.empty())
    out += fmt::format("\n({}{}{})", s.ui, uiValue.empty() ? "" : " = ", uiValue);
  return out;
}

std::string regAddCommand(SettingId id, int64_t value) {
  const Setting &s = setting(id);
  return regAddCommand(id, s.type == SettingType::YesNo ? std::string(value ? "Y" : "N") : std::to_string(value));
}

std::string regAddCommand(SettingId id, std::string_view data) {
  const Setting &s = setting(id);
  const char *type = s.type == SettingType::PortRanges                             ? "REG_MULTI_SZ"
                     : s.type == SettingType::YesNo || s.type == SettingType::Sddl ? "REG_SZ"
                     : s.type == SettingType::Descriptor                           ? "REG_BINARY"
                                                                                   : "REG_DWORD";
  bool quote = data.find(' ') != std::string_view::npos || data.find(';') != std::string_view::npos ||
               data.find('(') != std::string_view::npos;
  return fmt::format("reg add \"{}\" /v {} /t {} /d {}{}{} /f", s.key, s.value, type, quote ? "\"" : "", data,
                     quote ? "\"" : "");
}

} // namespace dd::model
