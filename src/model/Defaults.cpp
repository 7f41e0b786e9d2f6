// Windows defaults by OS (see Defaults.h and docs/plant.md, which lists each one and its source).
#include "model/Defaults.h"

#include "winsec/Sddl.h"

#include <array>
#include <cctype>

namespace dd::model {
namespace {

constexpr const char *kWin7Export = "the Windows 7 export of HKLM\\SOFTWARE\\Microsoft\\Ole in "
                                    "shared/conformance/reg/ole-machine-settings-win7.reg";
constexpr const char *kXpSp2Doc = "the guide, chapter 2 (COM Security defaults) and Microsoft, "
                                  "\"DCOM security enhancements in Windows XP SP2 and Windows "
                                  "Server 2003 SP1\"";
constexpr const char *kComAcl = "Microsoft, \"DefaultAccessPermission\" (COM registry reference)";
constexpr const char *kLsaDoc = "Microsoft, \"Network access: Sharing and security model for local "
                                "accounts\" and \"Let Everyone permissions apply to anonymous users\"";
constexpr const char *kUacDoc = "Microsoft, \"Description of User Account Control and remote "
                                "restrictions\" (LocalAccountTokenFilterPolicy)";
constexpr const char *kAuditDoc = "Microsoft, \"Advanced security audit policy settings\" (defaults: "
                                  "Logon success and failure from Windows 7 on; no auditing on XP)";
constexpr const char *kOleDoc = "Microsoft, \"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\" (COM "
                                "registry reference): absent values and their defaults";
constexpr const char *kFirewallDoc = "Microsoft, Windows Firewall defaults (on since XP SP2 and "
                                     "Vista; off on Server 2003; inbound blocked unless a rule allows)";

const char *kOle = "HKLM\\SOFTWARE\\Microsoft\\Ole\\";

struct BuiltinGroup {
  const char *name;
  uint32_t rid;
};
constexpr std::array<BuiltinGroup, 18> kBuiltinGroups{{
    {"Administrators", 544},
    {"Users", 545},
    {"Guests", 546},
    {"Power Users", 547},
    {"Account Operators", 548},
    {"Server Operators", 549},
    {"Print Operators", 550},
    {"Backup Operators", 551},
    {"Replicator", 552},
    {"Remote Desktop Users", 555},
    {"Network Configuration Operators", 556},
    {"Performance Monitor Users", 558},
    {"Performance Log Users", 559},
    {"Distributed COM Users", 562},
    {"IIS_IUSRS", 568},
    {"Cryptographic Operators", 569},
    {"Event Log Readers", 573},
    {"Remote Management Users", 580},
}};

Descriptor makeDescriptor(const char *sddl, const Host &host, Provenance from) {
  Descriptor d;
  d.sddl = sddl;
  d.from = std::move(from);
  winsec::SddlContext ctx;
  auto parsed = winsec::parseSddl(sddl, ctx);
  if (parsed)
    d.sd = std::move(parsed).value();
  (void)host;
  return d;
}

template <class T> Fact<T> def(T value, std::string where, const char *source) {
  return Fact<T>{std::move(value), Provenance::windowsDefault(std::move(where), source)};
}

uint64_t fnv1a(std::string_view text, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (char c : text) {
    h ^= static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(c)));
    h *= 1099511628211ull;
  }
  return h;
}

} // namespace

DefaultDescriptors defaultDescriptors(const OsVersion &os) {
  // Windows 7 and later: the values of a real Windows 7 export (Performance Log Users and
  // Distributed COM Users added to both Limits).
  if (os.generation() == OsGeneration::VistaPlus)
    return {"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
            "(A;;CCDCLCSWRP;;;S-1-5-32-559)",
            "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)"
            "(A;;CCDCLC;;;S-1-5-32-559)",
            "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)", kWin7Export};
  if (!os.hasLimits()) // NT 4.0, 2000, XP before SP2, 2003 before SP1: old-style Execute ACEs
    return {nullptr, nullptr, "O:BAG:BAD:(A;;CC;;;BA)(A;;CC;;;IU)(A;;CC;;;SY)", kXpSp2Doc};
  if (os.family == OsFamily::WindowsServer2003) // SP1 added Distributed COM Users
    return {"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)",
            "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)",
            "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)", kXpSp2Doc};
  // XP SP2/SP3: Administrators launch everything, Everyone local launch; Everyone local and
  // remote access, ANONYMOUS LOGON local access (the guide's table of Limits).
  return {"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)",
          "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)",
          "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)", kXpSp2Doc};
}

uint32_t builtinGroupRid(std::string_view name) {
  for (const auto &g : kBuiltinGroups)
    if (iequals(g.name, name))
      return g.rid;
  return 0;
}

winsec::Sid derivedMachineSid(std::string_view hostName) {
  auto part = [&](uint64_t seed) {
    return static_cast<uint32_t>(fnv1a(hostName, seed) % 4000000000u) + 100000000u;
  };
  return winsec::Sid(5, {21, part(1), part(2), part(3)});
}

void applyWindowsDefaults(Host &host) {
  const OsVersion &os = host.os.value;
  const OsGeneration gen = os.generation();
  const bool vista = gen == OsGeneration::VistaPlus;

  // --- HKLM\SOFTWARE\Microsoft\Ole
  auto &d = host.dcom;
  d.enableDcom = def(true, std::string(kOle) + "EnableDCOM", kOleDoc);
  d.legacyAuthenticationLevel = def(2, std::string(kOle) + "LegacyAuthenticationLevel", kOleDoc);
  d.legacyImpersonationLevel = def(2, std::string(kOle) + "LegacyImpersonationLevel", kOleDoc);
  DefaultDescriptors dd = defaultDescriptors(os);
  auto prov = [&](const char *value) {
    return Provenance::windowsDefault(std::string(kOle) + value, dd.source);
  };
  d.machineLaunchRestriction.reset();
  d.machineAccessRestriction.reset();
  if (dd.machineLaunchRestriction)
    d.machineLaunchRestriction = makeDescriptor(dd.machineLaunchRestriction, host, prov("MachineLaunchRestriction"));
  if (dd.machineAccessRestriction)
    d.machineAccessRestriction = makeDescriptor(dd.machineAccessRestriction, host, prov("MachineAccessRestriction"));
  d.defaultLaunchPermission = makeDescriptor(dd.defaultLaunchPermission, host, prov("DefaultLaunchPermission"));
  d.defaultAccessPermission.reset(); // absent: SELF and SYSTEM (kComBuiltinAccessSddl)
  d.policyMachineLaunchRestriction.reset();
  d.policyMachineAccessRestriction.reset();
  d.requireIntegrityActivationAuthenticationLevel.reset();
  d.raiseActivationAuthenticationLevel.reset();
  d.activationFailureLoggingLevel = def(0, std::string(kOle) + "ActivationFailureLoggingLevel", kOleDoc);
  d.callFailureLoggingLevel = def(0, std::string(kOle) + "CallFailureLoggingLevel", kOleDoc);
  d.invalidSecurityDescriptorLoggingLevel =
      def(0, std::string(kOle) + "InvalidSecurityDescriptorLoggingLevel", kOleDoc);

  // --- LSA. XP Professional in a workgroup ships with simple file sharing (ForceGuest = 1);
  // Windows 2000 and earlier let Everyone include anonymous users.
  const char *lsa = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\";
  host.lsa.forceGuest = def(os.family == OsFamily::WindowsXP && host.isWorkgroup(),
                            std::string(lsa) + "ForceGuest", kLsaDoc);
  host.lsa.everyoneIncludesAnonymous =
      def(gen == OsGeneration::Nt, std::string(lsa) + "EveryoneIncludesAnonymous", kLsaDoc);
  host.lsa.restrictAnonymous = def(0, std::string(lsa) + "RestrictAnonymous", kLsaDoc);
  const char *pol = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\";
  host.lsa.localAccountTokenFilterPolicy = def(false, std::string(pol) + "LocalAccountTokenFilterPolicy", kUacDoc);
  host.lsa.filterAdministratorToken = def(false, std::string(pol) + "FilterAdministratorToken", kUacDoc);

  // --- Audit policy
  host.audit.logonFailures = def(vista, "auditpol Logon/Logoff: Logon", kAuditDoc);
  host.audit.accountLogonFailures = def(false, "auditpol Account Logon: Credential Validation", kAuditDoc);
  host.audit.objectAccessFailures = def(false, "auditpol Object Access", kAuditDoc);

  // --- Firewall
  bool firewallOn = vista || (os.family == OsFamily::WindowsXP && os.hasLimits());
  host.firewall.enabled = def(firewallOn, "netsh advfirewall show allprofiles: State", kFirewallDoc);
  host.firewall.rules.clear();
  host.rpcPortRange.reset();

  // --- Built-in accounts: Administrator is disabled on client Windows from Vista on.
  host.users.clear();
  const char *kSam = "Microsoft, \"Local Accounts\" (built-in Administrator and Guest)";
  Account admin;
  admin.name = "Administrator";
  admin.rid = 500;
  admin.enabled = !(vista && !os.isServer());
  admin.groups = {"Administrators"};
  admin.from = Provenance::windowsDefault("net user Administrator", kSam);
  host.users.push_back(admin);
  Account guest;
  guest.name = "Guest";
  guest.rid = 501;
  guest.enabled = false;
  guest.groups = {"Guests"};
  guest.from = Provenance::windowsDefault("net user Guest", kSam);
  host.users.push_back(guest);

  // --- Built-in groups. Authenticated Users and INTERACTIVE are members of Users, as Windows
  // ships it; a domain member adds Domain Users to Users and Domain Admins to Administrators.
  host.groups.clear();
  const char *kGroups = "Microsoft, \"Active Directory security groups\" (built-in local groups)";
  for (const auto &g : kBuiltinGroups) {
    if (g.rid == 562 && !(vista || os.family == OsFamily::WindowsServer2003))
      continue; // Distributed COM Users exists from Server 2003 SP1 and Vista on
    Group group;
    group.name = g.name;
    group.sid = winsec::wellknown::builtin(g.rid);
    group.builtin = true;
    group.from = Provenance::windowsDefault("net localgroup \"" + std::string(g.name) + "\"", kGroups);
    if (g.rid == 545) {
      group.members = {"NT AUTHORITY\\INTERACTIVE", "NT AUTHORITY\\Authenticated Users"};
      if (!host.isWorkgroup())
        group.members.push_back(host.domain.value + "\\Domain Users");
    }
    if (g.rid == 544 && !host.isWorkgroup())
      group.members.push_back(host.domain.value + "\\Domain Admins");
    host.groups.push_back(std::move(group));
  }

  // --- Services: the RPC endpoint mapper runs everywhere DCOM works.
  host.services.clear();
  Service rpcss;
  rpcss.name = "RpcSs";
  rpcss.displayName = "Remote Procedure Call (RPC)";
  rpcss.logonAccount = vista ? "NT AUTHORITY\\NetworkService" : "NT AUTHORITY\\NetworkService";
  rpcss.startType = "auto";
  rpcss.state = "running";
  rpcss.binaryPath = "C:\\Windows\\system32\\svchost.exe -k rpcss";
  rpcss.from = Provenance::windowsDefault("sc qc RpcSs", "Windows services defaults");
  host.services.push_back(rpcss);

  host.consoleUser.reset();
  host.userRights.clear();
}

} // namespace dd::model
