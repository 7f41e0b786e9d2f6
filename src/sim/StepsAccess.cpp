// The call steps as units (see Steps.h): access, interface and callback-access
// (docs/model.md#access, #interface, #callback-access).
#include "sim/Events.h"
#include "sim/FixKit.h"
#include "sim/Steps.h"

#include "model/Defaults.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace dd::sim {

namespace com = winsec::com;

// ------------------------------------------------------------------------------------------
// access (docs/model.md#access): the first call. The access Limits, then the AppID's
// AccessPermission (else DefaultAccessPermission, else SELF and SYSTEM); skipped when the
// AppID's level is None.

namespace {

// The server's own process token, for SELF: the launch identity, or the RunAs account of a
// server that is already running.
const Logon *serverSelf(StepContext &ctx) {
  const model::ComServer &x = ctx.x();
  if (ctx.identity || x.runAs.value.kind != model::RunAs::Kind::Account)
    return ctx.identity;
  const Principal &id = ctx.identityOf(ctx.sIdx, x);
  return id.known() ? &ctx.tokens().processToken(id, ctx.sIdx) : nullptr;
}

bool checkCallAccess(StepContext &ctx, const Logon &caller) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer &x = ctx.x();
  const uint32_t needed = ctx.local ? com::ExecuteLocal : com::ExecuteRemote;
  if (const model::Descriptor *lim = model::machineAccessLimits(s)) {
    uint32_t g = ctx.grantedLimits(ctx.sIdx, *lim, caller, needed, false);
    describeCheck(run, ctx.tokens(), ctx.sIdx, *lim, "MachineAccessRestriction", caller, needed, g,
                  com::PermissionKind::Access,
                  "docs/model.md#access; the guide, chapter 4, 0x80070005 \"remote access permission in the "
                  "system-wide Limits\"");
    if (!(g & needed)) {
      if (run.detail)
        run.event(events::accessLimits(s, caller, x.clsid.value, !ctx.local, ctx.peerAddr));
      return run.fail(Step::Access, hr::E_ACCESSDENIED);
    }
  }
  const bool appSpecific = x.accessPermission.has_value();
  const model::Descriptor &ap = appSpecific                      ? *x.accessPermission
                                : s.dcom.defaultAccessPermission ? *s.dcom.defaultAccessPermission
                                                                 : comBuiltinAccess();
  const Logon *self = serverSelf(ctx);
  const bool isSelf = self && self->token.user == caller.token.user;
  const uint32_t g = isSelf ? grantedAsSelf(ap, caller, needed) : ctx.grantedServer(x, ap, caller, needed, false);
  describeCheck(run, ctx.tokens(), ctx.sIdx, ap, appSpecific ? "AccessPermission" : "DefaultAccessPermission", caller,
                needed, g, com::PermissionKind::Access, "docs/model.md#access",
                appSpecific ? "" : "; the AppID has no AccessPermission, so the machine default applies");
  if (!(g & needed)) {
    if (run.detail)
      run.event(events::accessPermission(s, caller, x.clsid.value, appSpecific, !ctx.local, ctx.peerAddr));
    return run.fail(Step::Access, hr::E_ACCESSDENIED);
  }
  return true;
}

} // namespace

// Activation and calls authenticate separately (docs/model.md#access): the client's SCM may
// retry a failed activation without security (it then succeeds as ANONYMOUS LOGON), but the calls
// that follow (QueryInterface, the first OPC call) use the client process's own level and
// identity and are never retried without security. A logon that fails at Connect or above fails
// the first call with 0x80070005, even where the AppID's level is None; at level None the call is
// anonymous and goes through.
bool checkAccess(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer &x = ctx.x();
  run.begin(Step::Access);
  const Logon &caller = ctx.local ? *ctx.who
                                  : ctx.tokens().logon(ctx.client.user, ctx.sIdx, LogonKind::Network,
                                                       ctx.callLevel <= 1, false, !run.detail);
  ctx.caller = &caller;
  const bool appLevelNone = x.authenticationLevel && x.authenticationLevel->value == 1;
  if (appLevelNone && caller.ok) {
    EV("{} {} = 1 (None) ({}): the server does not check access", s.name, x.authenticationLevel->from.where,
       x.authenticationLevel->from.origin());
    return true;
  }
  EV("call level: {}; {}: effective {}", ctx.cl.why, ctx.sl.why, levelText(ctx.callLevel));
  if (!ctx.local && caller.id != ctx.who->id)
    run.evs(caller.evidence);
  if (!caller.ok) {
    if (run.detail && caller.status)
      run.event(events::logonFailure(s, caller, ctx.c.name, ctx.peerAddr));
    if (ctx.who->fallback)
      EV("the activation went through as ANONYMOUS LOGON after the client's SCM retried it without security, but the "
         "first call on the object (QueryInterface for the OPC interface) authenticates as {} at level {} and is never "
         "retried without security: it fails with 0x80070005{} (Microsoft, DCOMSCMRemoteCallFlags; the guide, chapter "
         "4 "
         "\"Unknown User or Bad Password\")",
         ctx.client.userName, levelText(ctx.callLevel),
         appLevelNone ? ", although the AppID's AuthenticationLevel is None" : "");
    return run.fail(Step::Access, hr::E_ACCESSDENIED);
  }
  return checkCallAccess(ctx, caller);
}

// ------------------------------------------------------------------------------------------
// interface (docs/model.md#interface): servers with their own security answer E_NOINTERFACE to
// unauthorised or anonymous callers.

bool checkInterface(StepContext &ctx) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  const Logon &caller = *ctx.caller;
  run.begin(Step::Interface);
  if (!x.ownSecurity) {
    EV("{} has no security of its own; the OPC interfaces are supported", x.progid.value);
    return true;
  }
  bool accepted = !caller.anonymous && ctx.tokens().tokenMatchesAny(caller, ctx.sIdx, x.ownSecurity->value);
  EV("{} has its own security ({}), accepting {}; the caller is {}", x.progid.value, x.ownSecurity->from.origin(),
     fmt::join(x.ownSecurity->value, ", "), caller.display());
  if (!accepted) {
    EV("rule: {}, 0x80004002: servers with their own security answer E_NOINTERFACE to unauthorised or anonymous "
       "callers",
       kGuide4Codes);
    return run.fail(Step::Interface, hr::E_NOINTERFACE);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// callback-access (docs/model.md#callback-access): the client's access Limits and its
// DefaultAccessPermission (or the client program's own security) grant the calling identity.

bool checkCallbackAccess(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &c = ctx.c;
  const ClientSpec &client = ctx.client;
  const Logon &who = *ctx.callback;
  run.begin(Step::CallbackAccess);
  const uint32_t needed = ctx.local ? com::ExecuteLocal : com::ExecuteRemote;
  if (const model::Descriptor *lim = model::machineAccessLimits(c)) {
    uint32_t g = ctx.grantedLimits(client.host, *lim, who, needed, false);
    describeCheck(
        run, ctx.tokens(), client.host, *lim, "MachineAccessRestriction", who, needed, g, com::PermissionKind::Access,
        "the guide, chapter 4, 0x80040202: \"The client Limits ACL does not allow a connection from the account "
        "used as the server's identity\"");
    if (!(g & needed)) {
      if (run.detail)
        run.event(events::accessLimits(c, who, client.programName.empty() ? "(client)" : client.programName, !ctx.local,
                                       ctx.peerAddr));
      return refusedCallback(ctx, Step::CallbackAccess);
    }
  }
  const bool own = client.program && client.program->accessPermission;
  const model::Descriptor &ap = own                              ? *client.program->accessPermission
                                : c.dcom.defaultAccessPermission ? *c.dcom.defaultAccessPermission
                                                                 : comBuiltinAccess();
  // SELF: the client's own identity.
  const Logon &clientSelf = ctx.tokens().logon(client.user, client.host, LogonKind::Local, false);
  const bool isSelf = clientSelf.ok && clientSelf.token.user == who.token.user;
  const uint32_t g = isSelf ? grantedAsSelf(ap, who, needed) : ctx.granted(ap, who, needed, false);
  describeCheck(
      run, ctx.tokens(), client.host, ap, own ? "the client's own security" : "DefaultAccessPermission", who, needed, g,
      com::PermissionKind::Access,
      "the guide, chapter 4, 0x80070005 (Advise): \"there are no DCOM ACLs specific to the client process, only "
      "the system default ACLs\"");
  if (!(g & needed)) {
    if (run.detail)
      run.event(events::accessPermission(c, who, client.programName.empty() ? "(client)" : client.programName, false,
                                         !ctx.local, ctx.peerAddr));
    return refusedCallback(ctx, Step::CallbackAccess);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// Fix candidates

void fixAccess(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    std::string sn = f.s.name;
    // The first call authenticates as the client's own account, never retried without security.
    accountFixes(out, f.plant, sn, f.userOnServer, f.userLabel, f.userHome,
                 "the calls authenticate as the client's account");
    clientPasswordFix(out, f);
    anonymousFixes(out, f.plant, sn, f.c.name, f.client);
    std::string sid = userSid(f.plant, sn, f.userOnServer);
    groupFix(out, f.plant, sn, f.userOnServer, "Distributed COM Users", "the Limits grant it Remote Access");
    const bool local = &f.c == &f.s;
    const char *rights = local ? "Local Access" : "Remote Access", *sddl = local ? "CCDC" : "CCLC";
    aclFix(out, f.userOnServer, sid, aceChange(sn, accessLimitsSetting(f.s), "", "O:BAG:BAD:"), kLimitsAccessPath,
           rights, sddl, std::string(kGuide4Codes) + ", 0x80070005 (Limits)");
    bool app = f.x->accessPermission.has_value();
    aclFix(out, f.userOnServer, sid,
           app ? appIdAceChange(sn, f.x->appid.value, "AccessPermission", "", model::kComBuiltinAccessSddl)
               : aceChange(sn, model::SettingId::DefaultAccessPermission, "", model::kComBuiltinAccessSddl),
           app ? "DCOM Config > the server > Properties > Security > Access Permissions > Edit" : kDefaultAccessPath,
           rights, sddl, std::string(kGuide2) + " \"Configure OPC Server Node DCOM Settings\" (Access)");
  }
}

void fixInterface(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    std::string sn = f.s.name, cls = f.req.serverClass, user = f.userOnServer;
    anonymousFixes(out, f.plant, sn, f.c.name, f.client);
    if (f.x->ownSecurity)
      out.push_back({Fix{fmt::format("add {} to {}'s own user list", f.userOnServer, cls),
                         "the OPC server's own security configuration", std::string(kGuide4Codes) + ", 0x80004002"},
                     [=](model::Plant &p) { server(*host(p, sn), cls)->ownSecurity->value.push_back(user); }});
  }
}

namespace {

// Whether `a` may serve as a service's identity for callbacks: enabled, not locked, no
// administrator (the audit flags a RunAs administrator) and not a built-in account.
bool mayRunService(const model::Account &a) {
  if (!a.enabled || a.locked || iequals(a.name, "Administrator") || iequals(a.name, "Guest") ||
      iequals(a.name, "DefaultAccount") || iequals(a.name, "WDAGUtilityAccount"))
    return false;
  return std::none_of(a.groups.begin(), a.groups.end(),
                      [](const std::string &g) { return iequals(g, "Administrators"); });
}

// Whether `name` is someone's own identity on `h`: a client program's run_as or the console user.
bool personalIdentity(const model::Host &h, const std::string &name) {
  if (h.consoleUser && iequals(h.consoleUser->value, name))
    return true;
  return std::any_of(h.clients.begin(), h.clients.end(),
                     [&](const model::ClientProgram &c) { return iequals(c.runAs.value, name); });
}

// An existing local account of both hosts for a service on `s` to call back into `c` as: one
// that may run a service, whose password on `s` the plant labels, and that is no one's own
// identity on either host; the same password on both first, then by name. nullptr when none.
const model::Account *sharedServiceAccount(const model::Host &s, const model::Host &c) {
  const model::Account *best = nullptr;
  bool bestSame = false;
  for (const model::Account &a : s.users) {
    const model::Account *other = c.findUser(a.name);
    if (!other || !a.passwordLabel || !mayRunService(a) || !mayRunService(*other) || personalIdentity(s, a.name) ||
        personalIdentity(c, a.name))
      continue;
    const bool same = other->passwordLabel == a.passwordLabel;
    if (!best || (same && !bestSame) || (same == bestSame && a.name < best->name)) {
      best = &a;
      bestSame = same;
    }
  }
  return best;
}

// A name for a new account derived from the service's: its letters and digits with "-svc"
// appended, at most 20 characters (Windows' limit for a user name).
std::string proposedAccountName(const std::string &service) {
  std::string base;
  for (char ch : service)
    if (std::isalnum(static_cast<unsigned char>(ch)))
      base += ch;
  if (base.empty())
    base = "opc";
  return base.substr(0, 16) + "-svc";
}

// A server running as a service under a machine account (LocalSystem, NETWORK SERVICE, LOCAL
// SERVICE) calls back as ANONYMOUS LOGON where the two hosts share no domain. The least-privilege
// fix: run the service as a named account present on both hosts with the same password, granted
// Remote Access on the client: an account both hosts have (sharedServiceAccount), else a new one
// whose name is a proposal. Granting ANONYMOUS LOGON is not offered (see the summary).
void namedServiceAccountFix(const FixContext &f, std::vector<FixCandidate> &out) {
  if (!f.x || f.x->runAs.value.kind != model::RunAs::Kind::Service || &f.c == &f.s)
    return;
  const model::Service *svc = f.s.findService(f.x->runAs.value.account);
  if (!svc)
    return;
  Tokens tokens(f.plant);
  int sIdx = tokens.hostIndex(f.s.name);
  Principal::Kind kind = tokens.resolve(sIdx, svc->logonAccount).kind;
  if (kind != Principal::Kind::System && kind != Principal::Kind::NetworkService &&
      kind != Principal::Kind::LocalService)
    return;
  const std::string sn = f.s.name, cn = f.c.name, service = svc->name;
  const model::Account *existing = sharedServiceAccount(f.s, f.c);
  const std::string account = existing ? existing->name : proposedAccountName(service);
  std::vector<Change> changes;
  std::string which, accounts;
  if (!existing) {
    const std::string label = account + "-shared";
    changes = {accountChange(sn, account, label, {"Users"}, sn + "\\" + account),
               accountChange(cn, account, label, {"Users"}, sn + "\\" + account)};
    which = fmt::format("a named account {} (a proposed name: any name will do, the same on both hosts) created on "
                        "{} and {} with the same password (password never expires)",
                        account, sn, cn);
    accounts =
        fmt::format("on {} and {}: net user {} * /add /expires:never (the same password on both); ", sn, cn, account);
  } else if (f.c.findUser(account)->passwordLabel != existing->passwordLabel) {
    changes = {passwordChange(cn, account, *existing->passwordLabel, sn + "\\" + account)};
    which = fmt::format("a named account {} that exists on {} and {} (give {}\\{} the same password as {}\\{})",
                        account, sn, cn, cn, account, sn, account);
    accounts = fmt::format("on {}: net user {} * (the password of {}\\{}); ", cn, account, sn, account);
  } else {
    which = fmt::format("a named account {} that exists on {} and {} with the same password", account, sn, cn);
  }
  // The ACE names the account's SID where the client's account is known (the .reg file can then
  // carry it); else the SID it will have, looked up when the change is made.
  const model::Account *onClient = existing ? f.c.findUser(account) : nullptr;
  const std::string sid = onClient && onClient->sidKnown ? userSid(f.plant, cn, account) : std::string();
  Change ace =
      aceChange(cn, model::SettingId::DefaultAccessPermission,
                "(A;;CCLC;;;" + (sid.empty() ? std::string("%SID%") : sid) + ")", model::kComBuiltinAccessSddl);
  ace.account = account;
  changes.push_back(serviceLogonChange(sn, service, account));
  changes.push_back(std::move(ace));
  Fix fix{
      fmt::format("run service {} on {} as {}, granted Remote Access in DefaultAccessPermission on {} (opens the "
                  "client's COM objects to that one account); not offered: granting ANONYMOUS LOGON Remote Access "
                  "on {}, which would let any unauthenticated caller on the network call into every COM object on "
                  "{}",
                  service, sn, which, cn, cn, cn),
      fmt::format("{}on {}: sc config {} obj= .\\{} password= *; on {}: dcomcnfg > {} > Add {}: Allow Remote Access",
                  accounts, sn, service, account, cn, kDefaultAccessPath, account),
      "the guide, chapter 2 \"Select or Create User Accounts\" and \"Windows Services\"; chapter 4, "
      "0x80040202 (Advise)"};
  out.push_back(candidateOf(std::move(fix), std::move(changes), FixScope::HostDefaults));
}

// A client program whose callback objects accept None gets its callbacks as ANONYMOUS LOGON: let
// them authenticate instead (docs/model.md#callback-authentication).
void callbackSinkLevelFix(const FixContext &f, std::vector<FixCandidate> &out) {
  const model::ClientProgram *p = f.client.program;
  if (!p || !p->callbackAuthenticationLevel || p->callbackAuthenticationLevel->value != 1)
    return;
  std::string prog = p->name, cn = f.c.name;
  out.push_back(
      {Fix{fmt::format("configure client program {} so that its callback objects accept authenticated "
                       "callbacks (Connect) instead of None: the server's callbacks then arrive as its "
                       "identity, not as ANONYMOUS LOGON",
                       prog),
           "the program's own setting (vendor documentation): the authentication level of its sink / "
           "callback objects (for WMI: IWbemUnsecuredApartment::CreateSinkStub, UnsecAppAccessControlDefault)",
           "Microsoft, \"Setting Security on an Asynchronous Call\"; docs/model.md#callback-authentication"},
       [=](model::Plant &pl) {
         for (auto &cl : host(pl, cn)->clients)
           if (cl.name == prog)
             cl.callbackAuthenticationLevel = model::Fact<int>{2, fixProvenance("callback_authentication_level")};
       }});
}

} // namespace

void fixCallbackAccess(const FixContext &f, std::vector<FixCandidate> &out) {
  callbackSinkLevelFix(f, out);
  anonymousFixes(out, f.plant, f.c.name, f.s.name, f.client);
  namedServiceAccountFix(f, out);
  if (f.x) {
    std::string cn = f.c.name;
    std::string ident = f.identity.empty() ? f.userOnServer : f.identity;
    std::string sid = userSid(f.plant, cn, ident);
    groupFix(out, f.plant, cn, ident, "Distributed COM Users", "the Limits grant it Remote Access");
    const bool local = &f.c == &f.s;
    const char *rights = local ? "Local Access" : "Remote Access", *sddl = local ? "CCDC" : "CCLC";
    aclFix(out, ident, sid, aceChange(cn, accessLimitsSetting(f.c), "", "O:BAG:BAD:"), kLimitsAccessPath, rights, sddl,
           std::string(kGuide4Codes) + ", 0x80040202 (the client Limits)");
    aclFix(out, ident, sid, aceChange(cn, model::SettingId::DefaultAccessPermission, "", model::kComBuiltinAccessSddl),
           kDefaultAccessPath, rights, sddl,
           std::string(kGuide4Codes) + ", 0x80070005 (Advise): the system default ACL");
  }
}

} // namespace dd::sim
