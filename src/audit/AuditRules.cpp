// The audit's rules (audit/Audit.h): one small check per rule, over one host of the plant. The
// table at the end is the one list of rules; docs/audit.md describes each under its id, and a
// test checks that the two agree.
#include "audit/Audit.h"

#include "audit/AuditDescriptors.h"
#include "sim/Hardening.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace dd::audit {

namespace com = winsec::com;
namespace wk = winsec::wellknown;
using model::iequals;

namespace {

const char *kGuide2Client = "the guide, chapter 2 \"Configure OPC Client Node DCOM Settings\"";
const char *kGuide2Server = "the guide, chapter 2 \"Configure OPC Server Node DCOM Settings\"";
const char *kGuide3 = "the guide, chapter 3 \"Checklist for Hardening OPC Security\"";

AuditFinding finding(const AuditRule &rule, const model::Host &host, std::string message) {
  AuditFinding f;
  f.rule = rule.id;
  f.severity = rule.severity;
  f.host = host.name;
  f.message = std::move(message);
  return f;
}

void cite(AuditFinding &f, const model::Provenance &from, std::string line) {
  f.evidence.push_back(fmt::format("{} ({})", line, from.origin()));
  f.locations.push_back(from);
}

// --- descriptors: grants to a well-known principal ---------------------------------------

// Reports every descriptor of `host` (of `which`) whose allow ACEs give `sid` one of `rights`,
// with the fix that strips those rights from those ACEs.
void grantsTo(const AuditRule &rule, const model::Host &host, std::initializer_list<DescriptorWhich> which,
              const winsec::Sid &sid, uint32_t rights, std::vector<AuditFinding> &out) {
  for (const DescriptorRef &ref : descriptorsOf(host, which)) {
    AceGrants g = grantsOf(*ref.descriptor, sid, ref.kind, rights);
    if (!g.rights)
      continue;
    AuditFinding f = finding(rule, host,
                             fmt::format("{} grants {} {}", ref.label(), winsec::displayName(sid),
                                         com::describeComRights(g.rights, ref.kind)));
    for (const std::string &ace : g.aces)
      cite(f, ref.descriptor->from, fmt::format("{} {}: {}", host.name, ref.where(), ace));
    f.fix = fmt::format("on {}, remove {} from {} for {} (dcomcnfg: {})", host.name,
                        com::describeComRights(g.rights, ref.kind), ref.label(), winsec::displayName(sid),
                        ref.dcomcnfgPath());
    f.apply = [hostName = host.name, ref = ref.key(), sid, rights](model::Plant &p) {
      stripGrants(p, hostName, ref, sid, rights);
    };
    out.push_back(std::move(f));
  }
}

constexpr uint32_t kRemote = com::ExecuteRemote | com::ActivateRemote;

void limitsAnonymousRemote(const model::Plant &, const model::Host &h, const AuditRule &r,
                           std::vector<AuditFinding> &out) {
  grantsTo(r, h, {DescriptorWhich::LaunchLimits, DescriptorWhich::AccessLimits}, wk::anonymousLogon(), kRemote, out);
}

void limitsEveryoneRemoteLaunch(const model::Plant &, const model::Host &h, const AuditRule &r,
                                std::vector<AuditFinding> &out) {
  grantsTo(r, h, {DescriptorWhich::LaunchLimits}, wk::everyone(), com::ExecuteRemote, out);
}

void permissionsAnonymousRemote(const model::Plant &, const model::Host &h, const AuditRule &r,
                                std::vector<AuditFinding> &out) {
  grantsTo(r, h,
           {DescriptorWhich::DefaultLaunch, DescriptorWhich::DefaultAccess, DescriptorWhich::AppLaunch,
            DescriptorWhich::AppAccess},
           wk::anonymousLogon(), kRemote, out);
}

void permissionsEveryoneRemoteLaunch(const model::Plant &, const model::Host &h, const AuditRule &r,
                                     std::vector<AuditFinding> &out) {
  grantsTo(r, h, {DescriptorWhich::DefaultLaunch, DescriptorWhich::AppLaunch}, wk::everyone(), com::ExecuteRemote, out);
}

void limitsMissingAdministrators(const model::Plant &, const model::Host &h, const AuditRule &r,
                                 std::vector<AuditFinding> &out) {
  for (const DescriptorRef &ref : descriptorsOf(h, {DescriptorWhich::LaunchLimits})) {
    if (grantsOf(*ref.descriptor, wk::builtinAdministrators(), ref.kind, com::ExecuteLocal | com::ActivateLocal).rights)
      continue;
    AuditFinding f = finding(
        r, h, fmt::format("{} no longer grants BUILTIN\\Administrators Local Launch and Activation", ref.label()));
    cite(f, ref.descriptor->from, fmt::format("{} {}: {}", h.name, ref.where(), ref.descriptor->sddl));
    f.fix = fmt::format("on {}, restore Administrators with Local Launch, Remote Launch, Local Activation, Remote "
                        "Activation in {} (dcomcnfg: {})",
                        h.name, ref.label(), ref.dcomcnfgPath());
    out.push_back(std::move(f));
  }
}

// --- levels -----------------------------------------------------------------------------

void authenticationNone(const model::Plant &, const model::Host &h, const AuditRule &r,
                        std::vector<AuditFinding> &out) {
  const auto &level = h.dcom.legacyAuthenticationLevel;
  if (level.value == 1) {
    AuditFinding f =
        finding(r, h, "the default authentication level is None: any caller is ANONYMOUS LOGON, unaudited");
    cite(f, level.from, fmt::format("{} {} = 1 (None)", h.name, level.from.where));
    f.fix = fmt::format("on {}, set the Default Authentication Level to Connect at least, Packet Integrity where the "
                        "clients allow (dcomcnfg: My Computer > Properties > Default Properties; "
                        "HKLM\\SOFTWARE\\Microsoft\\Ole LegacyAuthenticationLevel)",
                        h.name);
    f.apply = [name = h.name](model::Plant &p) {
      model::Host *x = p.findHost(name);
      x->dcom.legacyAuthenticationLevel.value = 2;
      x->dcom.legacyAuthenticationLevel.from =
          model::Provenance::plantFile("audit fix", 0, "LegacyAuthenticationLevel");
    };
    out.push_back(std::move(f));
  }
  for (size_t i = 0; i < h.servers.size(); ++i) {
    const model::ComServer &x = h.servers[i];
    if (!x.authenticationLevel || x.authenticationLevel->value != 1)
      continue;
    AuditFinding f = finding(
        r, h, fmt::format("{}'s AppID sets Authentication Level None: its access check is off", x.progid.value));
    cite(f, x.authenticationLevel->from, fmt::format("{} {} = 1 (None)", h.name, x.authenticationLevel->from.where));
    f.fix = fmt::format("on {}, set the Authentication Level of {} to Default (dcomcnfg: DCOM Config > {} > "
                        "Properties > General)",
                        h.name, x.progid.value, x.progid.value);
    f.apply = [name = h.name, i](model::Plant &p) { p.findHost(name)->servers[i].authenticationLevel.reset(); };
    out.push_back(std::move(f));
  }
  for (const model::ClientProgram &c : h.clients) {
    if (!c.authenticationLevel || c.authenticationLevel->value != 1)
      continue;
    AuditFinding f = finding(r, h, fmt::format("client program {} calls with authentication level None", c.name));
    cite(f, c.authenticationLevel->from, fmt::format("{} client {} authentication level = 1 (None)", h.name, c.name));
    f.fix = fmt::format("configure {} to authenticate at Connect or higher (the vendor's setting: dcomcnfg cannot "
                        "change a level the program sets itself)",
                        c.name);
    out.push_back(std::move(f));
  }
}

void authenticationBelowIntegrity(const model::Plant &, const model::Host &h, const AuditRule &r,
                                  std::vector<AuditFinding> &out) {
  const auto &level = h.dcom.legacyAuthenticationLevel;
  if (h.servers.empty() || level.value == 1 || level.value >= 5)
    return;
  AuditFinding f = finding(
      r, h,
      fmt::format("the default authentication level is {}, below Packet Integrity", level.value == 2   ? "Connect"
                                                                                    : level.value == 3 ? "Call"
                                                                                                       : "Packet"));
  cite(f, level.from, fmt::format("{} {} = {}", h.name, level.from.where, level.value));
  f.fix = fmt::format("on {}, set the Default Authentication Level to Packet Integrity once the scan classes are "
                      "checked for the overhead (HKLM\\SOFTWARE\\Microsoft\\Ole LegacyAuthenticationLevel = 5)",
                      h.name);
  out.push_back(std::move(f));
}

void impersonationNotIdentify(const model::Plant &, const model::Host &h, const AuditRule &r,
                              std::vector<AuditFinding> &out) {
  const auto &level = h.dcom.legacyImpersonationLevel;
  if (level.value == 2)
    return;
  static const char *names[] = {"Default", "Anonymous", "Identify", "Impersonate", "Delegate"};
  AuditFinding f = finding(r, h,
                           fmt::format("the default impersonation level is {}, not Identify",
                                       level.value >= 0 && level.value <= 4 ? names[level.value] : "unknown"));
  cite(f, level.from, fmt::format("{} {} = {}", h.name, level.from.where, level.value));
  f.fix = fmt::format("on {}, set the Default Impersonation Level to Identify (HKLM\\SOFTWARE\\Microsoft\\Ole "
                      "LegacyImpersonationLevel = 2)",
                      h.name);
  out.push_back(std::move(f));
}

// --- LSA ----------------------------------------------------------------------------------

void forceGuest(const model::Plant &, const model::Host &h, const AuditRule &r, std::vector<AuditFinding> &out) {
  if (!h.lsa.forceGuest.value)
    return;
  AuditFinding f = finding(r, h,
                           "the \"Guest only\" sharing model maps every network caller with a local account to Guest "
                           "(ANONYMOUS LOGON for DCOM)");
  cite(f, h.lsa.forceGuest.from, fmt::format("{} {} = 1", h.name, h.lsa.forceGuest.from.where));
  f.fix = fmt::format("on {}, set \"Network access: Sharing and security model for local accounts\" to Classic "
                      "(HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa ForceGuest = 0)",
                      h.name);
  f.apply = [name = h.name](model::Plant &p) { p.findHost(name)->lsa.forceGuest.value = false; };
  out.push_back(std::move(f));
}

void everyoneIncludesAnonymous(const model::Plant &, const model::Host &h, const AuditRule &r,
                               std::vector<AuditFinding> &out) {
  if (!h.lsa.everyoneIncludesAnonymous.value)
    return;
  AuditFinding f = finding(r, h,
                           "Everyone includes ANONYMOUS LOGON: every grant to Everyone is a grant to unauthenticated "
                           "callers");
  cite(f, h.lsa.everyoneIncludesAnonymous.from,
       fmt::format("{} {} = 1", h.name, h.lsa.everyoneIncludesAnonymous.from.where));
  f.fix = fmt::format("on {}, disable \"Network access: Let Everyone permissions apply to anonymous users\" "
                      "(HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa EveryoneIncludesAnonymous = 0)",
                      h.name);
  f.apply = [name = h.name](model::Plant &p) { p.findHost(name)->lsa.everyoneIncludesAnonymous.value = false; };
  out.push_back(std::move(f));
}

bool isDcomAccount(const model::Plant &plant, const model::Host &h, const model::Account &a) {
  for (const model::Host &other : plant.hosts)
    for (const model::ClientProgram &c : other.clients)
      if (iequals(c.runAs.value, a.name))
        return true;
  for (const model::ComServer &x : h.servers)
    if (x.runAs.value.kind == model::RunAs::Kind::Account && iequals(x.runAs.value.account, a.name))
      return true;
  return false;
}

bool inGroup(const model::Host &h, const model::Account &a, std::string_view group) {
  if (std::any_of(a.groups.begin(), a.groups.end(), [&](const std::string &g) { return iequals(g, group); }))
    return true;
  const model::Group *g = h.findGroup(group);
  return g &&
         std::any_of(g->members.begin(), g->members.end(), [&](const std::string &m) { return iequals(m, a.name); });
}

void tokenFilterOff(const model::Plant &plant, const model::Host &h, const AuditRule &r,
                    std::vector<AuditFinding> &out) {
  const auto &latfp = h.lsa.localAccountTokenFilterPolicy;
  if (!latfp.value)
    return;
  std::vector<std::string> admins;
  for (const model::Account &a : h.users)
    if (a.enabled && inGroup(h, a, "Administrators") && isDcomAccount(plant, h, a))
      admins.push_back(a.name);
  AuditFinding f = finding(
      r, h,
      admins.empty() ? std::string("remote UAC is off: local administrators keep their full token over the network")
                     : fmt::format("remote UAC is off and the DCOM account(s) {} are local administrators: they "
                                   "keep full administrator rights over the network",
                                   fmt::join(admins, ", ")));
  cite(f, latfp.from, fmt::format("{} {} = 1", h.name, latfp.from.where));
  f.fix =
      fmt::format("on {}, set LocalAccountTokenFilterPolicy = 0 (HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
                  "Policies\\System) and grant the DCOM accounts what they need through Distributed COM Users",
                  h.name);
  f.apply = [name = h.name](model::Plant &p) { p.findHost(name)->lsa.localAccountTokenFilterPolicy.value = false; };
  out.push_back(std::move(f));
}

void guestEnabled(const model::Plant &, const model::Host &h, const AuditRule &r, std::vector<AuditFinding> &out) {
  const model::Account *g = nullptr;
  for (const model::Account &a : h.users)
    if (a.rid == 501)
      g = &a;
  if (!g || !g->enabled)
    return;
  AuditFinding f = finding(r, h, fmt::format("the Guest account ({}) is enabled", g->name));
  cite(f, g->from, fmt::format("{}\\{}: enabled", h.name, g->name));
  f.fix = fmt::format("on {}, disable Guest: net user {} /active:no", h.name, g->name);
  f.apply = [name = h.name](model::Plant &p) {
    for (model::Account &a : p.findHost(name)->users)
      if (a.rid == 501)
        a.enabled = false;
  };
  out.push_back(std::move(f));
}

// --- server identity ------------------------------------------------------------------------

// The account a server runs as on its host, when it is a named account of that host.
const model::Account *identityAccount(const model::Host &h, const model::ComServer &x, std::string *how) {
  const model::RunAs &ra = x.runAs.value;
  if (ra.kind == model::RunAs::Kind::Account) {
    *how = "RunAs";
    return h.findUser(ra.account);
  }
  if (ra.kind == model::RunAs::Kind::Service)
    if (const model::Service *svc = h.findService(ra.account)) {
      *how = "service " + svc->name + " Log On";
      std::string_view acct = svc->logonAccount;
      if (auto p = acct.find('\\');
          p != std::string_view::npos && (acct.substr(0, p) == "." || iequals(acct.substr(0, p), h.name)))
        acct = acct.substr(p + 1);
      return h.findUser(acct);
    }
  return nullptr;
}

void runAsInteractiveUser(const model::Plant &, const model::Host &h, const AuditRule &r,
                          std::vector<AuditFinding> &out) {
  for (const model::ComServer &x : h.servers) {
    if (x.runAs.value.kind != model::RunAs::Kind::InteractiveUser)
      continue;
    AuditFinding f = finding(r, h,
                             fmt::format("{} runs as the Interactive User: whoever is logged on at the console, with "
                                         "their rights, and nobody when nobody is",
                                         x.progid.value));
    cite(f, x.runAs.from, fmt::format("{} {} = Interactive User", h.name, x.runAs.from.where));
    f.fix = fmt::format("on {}, set the Identity of {} to \"This user\" with a dedicated low-privilege OPC account "
                        "(dcomcnfg: DCOM Config > {} > Properties > Identity)",
                        h.name, x.progid.value, x.progid.value);
    out.push_back(std::move(f));
  }
}

void identityAdministrator(const model::Plant &, const model::Host &h, const AuditRule &r,
                           std::vector<AuditFinding> &out) {
  for (const model::ComServer &x : h.servers) {
    std::string how;
    const model::Account *a = identityAccount(h, x, &how);
    if (!a || !inGroup(h, *a, "Administrators"))
      continue;
    AuditFinding f =
        finding(r, h, fmt::format("{} runs as {} ({}), a member of Administrators", x.progid.value, a->name, how));
    cite(f, x.runAs.from, fmt::format("{} {} of {} = {}", h.name, how, x.progid.value, a->name));
    cite(f, a->from, fmt::format("{}\\{}: a member of Administrators", h.name, a->name));
    f.fix = fmt::format("on {}, run {} as a dedicated account that is not an administrator (a member of the OPC users "
                        "group only), with Read & Execute on the server's folder",
                        h.name, x.progid.value);
    out.push_back(std::move(f));
  }
}

void identityPasswordExpires(const model::Plant &, const model::Host &h, const AuditRule &r,
                             std::vector<AuditFinding> &out) {
  for (const model::ComServer &x : h.servers) {
    std::string how;
    const model::Account *a = identityAccount(h, x, &how);
    if (!a || a->passwordNeverExpires)
      continue;
    AuditFinding f = finding(r, h,
                             fmt::format("{} runs as {} ({}), whose password expires: the server stops launching "
                                         "(0x8000401A) the day it does",
                                         x.progid.value, a->name, how));
    cite(f, a->from,
         fmt::format("{}\\{}: the password expires (\"Password never expires\" is not set)", h.name, a->name));
    f.fix =
        fmt::format("on {}, set the password of {} never to expire (net user {} /expires:never and \"Password never "
                    "expires\" in lusrmgr.msc), or plan its change with the Identity tab",
                    h.name, a->name, a->name);
    out.push_back(std::move(f));
  }
}

// --- network ------------------------------------------------------------------------------

bool usesDcom(const model::Host &h) { return !h.servers.empty() || !h.clients.empty(); }

void firewallOff(const model::Plant &, const model::Host &h, const AuditRule &r, std::vector<AuditFinding> &out) {
  if (!usesDcom(h) || h.firewall.enabled.value)
    return;
  AuditFinding f = finding(r, h, "the firewall is off on a host that runs OPC servers or clients");
  cite(f, h.firewall.enabled.from, fmt::format("{} firewall: off", h.name));
  f.fix = fmt::format("on {}, turn the firewall on and allow TCP 135 and the OPC programs from the OPC hosts' "
                      "addresses only (netsh advfirewall set allprofiles state on)",
                      h.name);
  out.push_back(std::move(f));
}

bool anyRemote(const model::FirewallRule &rule) {
  return rule.remote.empty() || std::any_of(rule.remote.begin(), rule.remote.end(), [](const std::string &a) {
           return iequals(a, "any") || a == "*" || a == "0.0.0.0/0";
         });
}

void firewallWideOpen(const model::Plant &, const model::Host &h, const AuditRule &r, std::vector<AuditFinding> &out) {
  if (!h.firewall.enabled.value)
    return;
  for (const model::FirewallRule &rule : h.firewall.rules) {
    bool everyPort = rule.ports.empty() && !rule.rpcEndpointMapper && !rule.rpcDynamic && !rule.program;
    bool wideRange = std::any_of(rule.ports.begin(), rule.ports.end(),
                                 [](const model::PortRange &p) { return p.last - p.first >= 10000; });
    if (!rule.enabled || !rule.allow || !anyRemote(rule) || !(everyPort || wideRange || rule.rpcDynamic))
      continue;
    AuditFinding f = finding(r, h,
                             fmt::format("firewall rule \"{}\" lets any address in on {}", rule.name,
                                         everyPort ? "every TCP port" : "the whole RPC dynamic port range"));
    cite(f, rule.from, fmt::format("{} firewall rule \"{}\": allow, remote any", h.name, rule.name));
    f.fix = fmt::format("on {}, scope rule \"{}\" to the OPC hosts' addresses and to the programs that need it (an "
                        "exception for the OPC server executable instead of a port range)",
                        h.name, rule.name);
    out.push_back(std::move(f));
  }
}

// A program rule's program is one of the host's OPC servers or clients.
bool isOpcProgram(const model::Host &h, const std::string &program) {
  return std::any_of(h.servers.begin(), h.servers.end(),
                     [&](const model::ComServer &x) { return iequals(x.exe.value, program); }) ||
         std::any_of(h.clients.begin(), h.clients.end(),
                     [&](const model::ClientProgram &c) { return iequals(c.exe.value, program); });
}

void firewallUnscoped(const model::Plant &, const model::Host &h, const AuditRule &r, std::vector<AuditFinding> &out) {
  if (!h.firewall.enabled.value)
    return;
  for (const model::FirewallRule &rule : h.firewall.rules) {
    bool dcom =
        rule.rpcEndpointMapper || (rule.program && isOpcProgram(h, *rule.program)) ||
        std::any_of(rule.ports.begin(), rule.ports.end(), [](const model::PortRange &p) { return p.contains(135); });
    bool wide = rule.ports.empty() && !rule.rpcEndpointMapper && !rule.rpcDynamic && !rule.program;
    if (!rule.enabled || !rule.allow || !dcom || wide || !anyRemote(rule))
      continue;
    AuditFinding f = finding(r, h,
                             fmt::format("firewall rule \"{}\" ({}) accepts any remote address", rule.name,
                                         rule.program ? *rule.program : std::string("TCP 135")));
    cite(f, rule.from, fmt::format("{} firewall rule \"{}\": remote any", h.name, rule.name));
    f.fix =
        fmt::format("on {}, set the scope of rule \"{}\" to the OPC hosts' addresses (netsh advfirewall firewall set "
                    "rule name=\"{}\" new remoteip=...)",
                    h.name, rule.name, rule.name);
    out.push_back(std::move(f));
  }
}

// --- logging --------------------------------------------------------------------------------

void logonFailureAuditingOff(const model::Plant &, const model::Host &h, const AuditRule &r,
                             std::vector<AuditFinding> &out) {
  if (!usesDcom(h) || h.audit.logonFailures.value)
    return;
  AuditFinding f = finding(r, h, "failed logons are not audited: an authentication failure leaves no Security event");
  cite(f, h.audit.logonFailures.from, fmt::format("{} audit policy Logon failures: off", h.name));
  f.fix = fmt::format("on {}, audit logon failures: auditpol /set /subcategory:\"Logon\" /failure:enable (XP/2003: "
                      "Audit logon events: Failure)",
                      h.name);
  out.push_back(std::move(f));
}

void dcomFailureLoggingOff(const model::Plant &, const model::Host &h, const AuditRule &r,
                           std::vector<AuditFinding> &out) {
  if (!usesDcom(h))
    return;
  const auto &act = h.dcom.activationFailureLoggingLevel, &call = h.dcom.callFailureLoggingLevel;
  if (act.value != 2 && call.value == 1)
    return;
  AuditFinding f =
      finding(r, h,
              act.value == 2 ? "DCOM activation failures are never logged"
                             : "DCOM call failures are not logged (access denials on calls leave no event)");
  cite(f, act.from, fmt::format("{} {} = {}", h.name, act.from.where, act.value));
  cite(f, call.from, fmt::format("{} {} = {}", h.name, call.from.where, call.value));
  f.fix = fmt::format("on {}, set HKLM\\SOFTWARE\\Microsoft\\Ole ActivationFailureLoggingLevel = 1 and "
                      "CallFailureLoggingLevel = 1",
                      h.name);
  out.push_back(std::move(f));
}

// --- versions and hardening -----------------------------------------------------------------

void hardeningNotEnforced(const model::Plant &, const model::Host &h, const AuditRule &r,
                          std::vector<AuditFinding> &out) {
  if (h.servers.empty() || h.os.value.generation() != model::OsGeneration::VistaPlus)
    return;
  sim::ServerHardening sh = sim::serverHardening(h);
  if (sh.enforced)
    return;
  AuditFinding f =
      finding(r, h, "the server does not enforce the DCOM activation hardening (KB5004442, CVE-2021-26414)");
  f.evidence.push_back(sh.why);
  if (h.patched)
    f.locations.push_back(h.patched->from);
  f.fix = fmt::format("on {}, install a cumulative update of 2023-03-14 or later (the hardening is then always on); "
                      "until then set HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat "
                      "RequireIntegrityActivationAuthenticationLevel = 1 once the clients activate at Packet Integrity",
                      h.name);
  out.push_back(std::move(f));
}

void legacyOs(const model::Plant &, const model::Host &h, const AuditRule &r, std::vector<AuditFinding> &out) {
  if (h.os.value.generation() == model::OsGeneration::VistaPlus)
    return;
  AuditFinding f = finding(r, h,
                           fmt::format("{} is out of support and cannot take the DCOM hardening (no Limits before XP "
                                       "SP2 / 2003 SP1, no activation authentication level checks)",
                                       h.os.value.displayName()));
  cite(f, h.os.from, fmt::format("{} OS: {}", h.name, h.os.value.displayName()));
  f.fix = fmt::format("replace or upgrade {}; until then isolate it behind a firewall that admits only its OPC peers",
                      h.name);
  f.severity = h.os.value.generation() == model::OsGeneration::Nt ? Risk::Critical : r.severity;
  out.push_back(std::move(f));
}

// --- services and accounts ------------------------------------------------------------------

void needlessServices(const model::Plant &, const model::Host &h, const AuditRule &r, std::vector<AuditFinding> &out) {
  for (const model::Service &s : h.services) {
    bool opcEnum = iequals(s.name, "OpcEnum"), remoteRegistry = iequals(s.name, "RemoteRegistry");
    if (!(opcEnum || remoteRegistry) || iequals(s.startType, "disabled"))
      continue;
    AuditFinding f = finding(r, h, fmt::format("service {} is not disabled ({}, {})", s.name, s.startType, s.state));
    cite(f, s.from, fmt::format("{} sc qc {}: START_TYPE {}", h.name, s.name, s.startType));
    f.fix = fmt::format("on {}, sc config {} start= disabled{}", h.name, s.name,
                        opcEnum ? " (clients that browse for servers then need the server's CLSID or ProgID)" : "");
    out.push_back(std::move(f));
  }
}

void identicalAccountsExpire(const model::Plant &plant, const model::Host &h, const AuditRule &r,
                             std::vector<AuditFinding> &out) {
  for (const model::Account &a : h.users) {
    if (a.rid < 1000 || a.passwordNeverExpires || !a.enabled)
      continue;
    std::vector<std::string> twins;
    for (const model::Host &other : plant.hosts)
      if (&other != &h && other.isWorkgroup())
        if (const model::Account *b = other.findUser(a.name); b && b->enabled)
          twins.push_back(other.name);
    if (twins.empty() || !h.isWorkgroup())
      continue;
    AuditFinding f = finding(r, h,
                             fmt::format("{} is one of identical local accounts (also on {}) and its password expires: "
                                         "the copies drift apart and NTLM fails (0xC000006A)",
                                         a.name, fmt::join(twins, ", ")));
    cite(f, a.from,
         fmt::format("{}\\{}: the password expires (\"Password never expires\" is not set)", h.name, a.name));
    f.fix = fmt::format("set the password of {} never to expire on {} and every host that shares it, and change them "
                        "together; better, a domain account",
                        a.name, h.name);
    out.push_back(std::move(f));
  }
}

void dcomEnabledLocalOnly(const model::Plant &plant, const model::Host &h, const AuditRule &r,
                          std::vector<AuditFinding> &out) {
  if (h.servers.empty() || !h.dcom.enableDcom.value)
    return;
  for (const model::Host &other : plant.hosts)
    if (&other != &h && (!other.clients.empty() || !other.servers.empty()))
      return;
  AuditFinding f = finding(r, h, "OPC clients and servers of this plant run only on this host, yet DCOM is enabled");
  cite(f, h.dcom.enableDcom.from, fmt::format("{} {} = Y", h.name, h.dcom.enableDcom.from.where));
  f.fix = fmt::format("on {}, clear \"Enable Distributed COM on this computer\" (HKLM\\SOFTWARE\\Microsoft\\Ole "
                      "EnableDCOM = N) if no remote management needs it",
                      h.name);
  f.apply = [name = h.name](model::Plant &p) { p.findHost(name)->dcom.enableDcom.value = false; };
  out.push_back(std::move(f));
}

} // namespace

// The rules, in the order docs/audit.md lists them.
const std::vector<AuditRule> &rules() {
  static const std::vector<AuditRule> table = {
      {"limits-anonymous-remote", Risk::Critical, "the machine-wide Limits grant ANONYMOUS LOGON a remote right",
       "any unauthenticated host on the network passes the Limits; only per-server ACLs stand in the way",
       "the guide, chapter 2 (Limits: ANONYMOUS LOGON Local Access only); Microsoft, \"Security in COM\"",
       limitsAnonymousRemote},
      {"limits-everyone-remote-launch", Risk::High, "the launch Limits grant Everyone Remote Launch",
       "any authenticated account may start COM servers remotely wherever a per-server ACL allows it",
       "the guide, chapter 2 (Launch Limits: Everyone Local Launch and Local Activation)", limitsEveryoneRemoteLaunch},
      {"permissions-anonymous-remote", Risk::High,
       "a launch or access permission (machine Defaults or a server's own) grants ANONYMOUS LOGON a remote right",
       "unauthenticated callers reach the server", kGuide3, permissionsAnonymousRemote},
      {"permissions-everyone-remote-launch", Risk::Medium,
       "a launch permission (Defaults or a server's own) grants Everyone Remote Launch",
       "every account may start the server remotely; the guide grants the OPC users and administrators only", kGuide3,
       permissionsEveryoneRemoteLaunch},
      {"limits-missing-administrators", Risk::Low,
       "the launch Limits no longer name Administrators (a Windows default principal)",
       "administration tools that need DCOM stop working, and the change is a sign of hand editing", kGuide2Client,
       limitsMissingAdministrators},
      {"authentication-none", Risk::Critical, "an authentication level is None",
       "callers are not authenticated and not audited; every call arrives as ANONYMOUS LOGON",
       "the guide, chapter 2 \"Authentication\" (\"Never enable unauthenticated communication\")", authenticationNone},
      {"authentication-below-integrity", Risk::Low,
       "the default authentication level of an OPC server host is below Packet Integrity",
       "calls can be altered in transit; the 2021-2023 hardening asks Packet Integrity of activations",
       "the guide, chapter 3 (\"minimum authentication level to Packet integrity\"); KB5004442",
       authenticationBelowIntegrity},
      {"impersonation-not-identify", Risk::Low, "the default impersonation level is not Identify",
       "Impersonate and Delegate let servers act as the caller; Anonymous hides the caller",
       "the guide, chapter 2 \"Impersonation\" (Identify recommended)", impersonationNotIdentify},
      {"force-guest", Risk::High, "the \"Guest only\" sharing model (simple file sharing, ForceGuest = 1) is on",
       "network callers with local accounts lose their identity; DCOM then needs ANONYMOUS LOGON grants to work",
       "the guide, chapter 2 \"Configure Local Security Settings\"", forceGuest},
      {"everyone-includes-anonymous", Risk::High, "EveryoneIncludesAnonymous is on",
       "grants to Everyone reach unauthenticated callers",
       "Microsoft, \"Network access: Let Everyone permissions apply to anonymous users\"", everyoneIncludesAnonymous},
      {"token-filter-off", Risk::Medium, "remote UAC is off (LocalAccountTokenFilterPolicy = 1)",
       "a stolen local administrator password gives full remote control of the host",
       "Microsoft, \"User Account Control and remote restrictions\"", tokenFilterOff},
      {"guest-enabled", Risk::Medium, "the Guest account is enabled", "anyone can log on without a password", kGuide3,
       guestEnabled},
      {"runas-interactive-user", Risk::Medium, "an OPC server runs as the Interactive User",
       "the server gets the rights of whoever is logged on, and fails when nobody is (0x8000401A)", kGuide2Server,
       runAsInteractiveUser},
      {"identity-administrator", Risk::High, "an OPC server runs as a member of Administrators",
       "a flaw in the server gives its callers administrator rights on the host",
       "the guide, chapter 3 (\"Identity: Member of opcuser group\")", identityAdministrator},
      {"identity-password-expires", Risk::Medium,
       "an OPC server's identity (RunAs or service Log On) has a password that expires",
       "the server stops launching on the day the password expires (0x8000401A, event 10004)",
       "the guide, chapter 4, 0x8000401A (\"the password is incorrect or expired\")", identityPasswordExpires},
      {"firewall-off", Risk::High, "the firewall of an OPC host is off", "every port of the host is reachable",
       "the guide, chapter 2 \"Configure Windows Firewall Settings\"; chapter 3", firewallOff},
      {"firewall-wide-open", Risk::Medium,
       "a firewall rule admits any address on every port or on the whole RPC dynamic range",
       "the firewall no longer limits DCOM to the OPC hosts", kGuide3, firewallWideOpen},
      {"firewall-rule-unscoped", Risk::Low, "a DCOM firewall rule (TCP 135 or an OPC program) accepts any address",
       "any host may reach the endpoint mapper or the OPC server",
       "the guide, chapter 2 \"Configure Windows Firewall Settings\" (\"restrict the source ... to the OPC client "
       "node\")",
       firewallUnscoped},
      {"logon-failure-auditing-off", Risk::Medium, "failed logons are not audited",
       "authentication failures (the usual cause of 0x80070005) leave no trace",
       "the guide, chapter 4 (\"security auditing must be enabled\")", logonFailureAuditingOff},
      {"dcom-failure-logging-off", Risk::Low, "DCOM activation or call failures are not logged",
       "access denials leave no event 10015-10018 to diagnose them by",
       "Microsoft, Ole registry values "
       "ActivationFailureLoggingLevel and CallFailureLoggingLevel",
       dcomFailureLoggingOff},
      {"hardening-not-enforced", Risk::Medium, "an OPC server host does not enforce the DCOM activation hardening",
       "activations at levels below Packet Integrity stay open to CVE-2021-26414", "KB5004442", hardeningNotEnforced},
      {"legacy-os", Risk::High, "the host runs a Windows version without DCOM hardening (XP/2003 and older)",
       "no security updates; NT 4.0/2000 have no Limits at all", "Microsoft lifecycle; the guide, chapter 3", legacyOs},
      {"needless-services", Risk::Low, "OPCEnum or Remote Registry is not disabled",
       "services that are not needed for OPC operation widen what the network can reach", kGuide3, needlessServices},
      {"identical-accounts-expire", Risk::Low, "identical local accounts across a workgroup have passwords that expire",
       "a password changed on one host and not on another breaks NTLM between them",
       "the guide, chapter 2 \"Select or Create User Accounts\"", identicalAccountsExpire},
      {"dcom-enabled-local-only", Risk::Low, "DCOM is enabled where OPC clients and servers share one host",
       "remote activation is open though nothing needs it",
       "the guide, chapter 2 (\"DCOM can be disabled if the client and server run on the same computer\"); chapter 3",
       dcomEnabledLocalOnly},
  };
  return table;
}

const AuditRule *findRule(std::string_view id) {
  for (const AuditRule &r : rules())
    if (id == r.id)
      return &r;
  return nullptr;
}

const char *riskName(Risk s) {
  switch (s) {
  case Risk::Low: return "low";
  case Risk::Medium: return "medium";
  case Risk::High: return "high";
  case Risk::Critical: return "critical";
  }
  return "?";
}

std::optional<Risk> parseRisk(std::string_view name) {
  for (Risk s : {Risk::Low, Risk::Medium, Risk::High, Risk::Critical})
    if (iequals(name, riskName(s)))
      return s;
  return std::nullopt;
}

} // namespace dd::audit
