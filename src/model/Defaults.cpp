// Windows defaults by OS (see Defaults.h and docs/plant.md, which lists each one and its source).
#include "model/Defaults.h"

#include "model/Settings.h"
#include "winsec/Sddl.h"

#include <array>
#include <cctype>
#include <string>
#include <variant>

namespace dd::model {
namespace {

constexpr const char *kAuditDoc = "Microsoft, \"Advanced security audit policy settings\" (defaults: "
                                  "Logon success and failure from Windows 7 on; no auditing on XP)";
constexpr const char *kFirewallDoc = "Microsoft, Windows Firewall defaults (on since XP SP2 and "
                                     "Vista; off on Server 2003; inbound blocked unless a rule allows)";

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

Descriptor makeDescriptor(std::string_view sddl, Provenance from) {
  Descriptor d;
  d.sddl = std::string(sddl);
  d.from = std::move(from);
  winsec::SddlContext ctx;
  auto parsed = winsec::parseSddl(d.sddl, ctx);
  if (parsed)
    d.sd = std::move(parsed).value();
  return d;
}

// Sets one setting of the settings table to its Windows default for the host (or absent).
void applyDefault(Host &host, const Setting &s) {
  const SettingDefault *d = windowsDefault(s, host.os.value, host.isWorkgroup());
  SettingSlot slot = slotOf(host, s.id);
  if (!d) {
    if (auto *sd = std::get_if<std::optional<Descriptor> *>(&slot))
      (*sd)->reset();
    else if (auto *n = std::get_if<std::optional<Fact<int>> *>(&slot))
      (*n)->reset();
    else if (auto *r = std::get_if<std::optional<Fact<PortRange>> *>(&slot))
      (*r)->reset();
    return;
  }
  Provenance from = Provenance::windowsDefault(s.path(), std::string(d->source));
  if (auto *sd = std::get_if<std::optional<Descriptor> *>(&slot)) {
    **sd = makeDescriptor(d->value, std::move(from));
  } else if (auto *r = std::get_if<std::optional<Fact<PortRange>> *>(&slot)) {
    if (auto range = parsePortRangeText(d->value))
      **r = Fact<PortRange>{*range, std::move(from)};
  } else {
    int64_t n = d->value == "true" ? 1 : d->value == "false" ? 0 : std::stoll(std::string(d->value));
    setNumber(host, s.id, n, std::move(from));
  }
}

template <class T>
Fact<T> def(T value, std::string where, const char *source) {
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
  auto sddl = [&](SettingId id) -> const char * {
    // The table's values are string literals: data() is NUL-terminated.
    const SettingDefault *d = windowsDefault(setting(id), os, false);
    return d ? d->value.data() : nullptr;
  };
  const SettingDefault *launch = windowsDefault(setting(SettingId::DefaultLaunchPermission), os, false);
  return {sddl(SettingId::MachineLaunchRestriction), sddl(SettingId::MachineAccessRestriction),
          sddl(SettingId::DefaultLaunchPermission), launch ? launch->source.data() : ""};
}

uint32_t builtinGroupRid(std::string_view name) {
  for (const auto &g : kBuiltinGroups)
    if (iequals(g.name, name))
      return g.rid;
  return 0;
}

winsec::Sid derivedMachineSid(std::string_view hostName) {
  auto part = [&](uint64_t seed) { return static_cast<uint32_t>(fnv1a(hostName, seed) % 4000000000u) + 100000000u; };
  return winsec::Sid(5, {21, part(1), part(2), part(3)});
}

void applyWindowsDefaults(Host &host) {
  const OsVersion &os = host.os.value;
  const OsGeneration gen = os.generation();
  const bool vista = gen == OsGeneration::VistaPlus;

  // --- The registry settings of the settings table (model/Settings.cpp): Ole, AppCompat, the
  // DCOM policy key, Lsa, the UAC policy key and the RPC port range.
  for (const Setting &s : settings())
    applyDefault(host, s);

  // --- Audit policy
  host.audit.logonFailures = def(vista, "auditpol Logon/Logoff: Logon", kAuditDoc);
  host.audit.accountLogonFailures = def(false, "auditpol Account Logon: Credential Validation", kAuditDoc);
  host.audit.objectAccessFailures = def(false, "auditpol Object Access", kAuditDoc);

  // --- Firewall
  bool firewallOn = vista || (os.family == OsFamily::WindowsXP && os.hasLimits());
  host.firewall.enabled = def(firewallOn, "netsh advfirewall show allprofiles: State", kFirewallDoc);
  host.firewall.rules.clear();

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
  host.remoteDesktopUsers =
      def(std::vector<std::string>{}, "query user (Remote Desktop sessions)", "nobody unless stated");
  host.userRights.clear();
}

} // namespace dd::model
