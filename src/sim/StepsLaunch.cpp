// The launch steps as units (see Steps.h): launch-limits, registration, launch-permission,
// launch-identity, executable, executable-access, license and connection-kind
// (docs/model.md#launch-limits ... #connection-kind).
#include "sim/Events.h"
#include "sim/FixKit.h"
#include "sim/Steps.h"

#include "model/Defaults.h"

#include <fmt/format.h>

namespace dd::sim {

using model::iequals;
namespace com = winsec::com;

namespace {
// The service a server runs as, when `sc query` says it is running: the server is then already
// running, and an activation needs Remote Activation only (docs/model.md#launch-permission).
const model::Service *runningService(const model::Host &s, const model::ComServer &x) {
  if (x.runAs.value.kind != model::RunAs::Kind::Service)
    return nullptr;
  const model::Service *svc = s.findService(x.runAs.value.account);
  return svc && iequals(svc->state, "running") ? svc : nullptr;
}
// The launch rights a fix grants: only what the activation needs (docs/model.md#launch-permission):
// activation alone for a running server, launch too otherwise; local or remote.
struct LaunchRights {
  const char *words, *sddl;
};
LaunchRights launchRightsNeeded(const FixContext &f) {
  const bool local = &f.c == &f.s;
  const bool running = f.x && (f.x->running.value || runningService(f.s, *f.x));
  if (local)
    return running ? LaunchRights{"Local Activation", "CCSW"}
                   : LaunchRights{"Local Launch and Local Activation", "CCDCSW"};
  return running ? LaunchRights{"Remote Activation", "CCRP"}
                 : LaunchRights{"Remote Launch and Remote Activation", "CCLCRP"};
}
} // namespace

// ------------------------------------------------------------------------------------------
// launch-limits (docs/model.md#launch-limits): the machine-wide launch Limits grant Remote
// Activation, and Remote Launch when the server must be started.

bool checkLaunchLimits(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const Logon &who = *ctx.who;
  run.begin(Step::LaunchLimits);
  ctx.running = ctx.xp && (ctx.xp->running.value || runningService(s, *ctx.xp));
  ctx.activate = ctx.local ? com::ActivateLocal : com::ActivateRemote;
  const uint32_t launchBit = ctx.local ? com::ExecuteLocal : com::ExecuteRemote;
  ctx.neededLaunch = ctx.running ? ctx.activate : (ctx.activate | launchBit);
  const model::Descriptor *lim = model::machineLaunchLimits(s);
  if (!lim) {
    EV("{} runs {}: no machine-wide Limits exist before XP SP2 / Server 2003 SP1", s.name, s.os.value.displayName());
    return true;
  }
  uint32_t g = ctx.grantedLimits(ctx.sIdx, *lim, who, ctx.neededLaunch, true);
  describeCheck(
      run, ctx.tokens(), ctx.sIdx, *lim, "MachineLaunchRestriction", who, ctx.neededLaunch, g,
      com::PermissionKind::Launch,
      "docs/model.md#launch-limits; the guide, chapter 2 \"Configure OPC Client Node DCOM Settings\" (Launch and "
      "Activation Limits)");
  if ((g & ctx.neededLaunch) != ctx.neededLaunch) {
    bool activationMissing = !(g & ctx.activate);
    if (run.detail)
      run.event(events::launchLimits(s, who, ctx.xp ? ctx.xp->clsid.value : ctx.className, !ctx.local,
                                     !activationMissing, ctx.peerAddr));
    return run.fail(Step::LaunchLimits, hr::E_ACCESSDENIED);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// registration (docs/model.md#registration): the class is registered in the view asked for.

bool checkRegistration(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer *xp = ctx.xp;
  run.begin(Step::Registration);
  if (!xp || !xp->registered.value) {
    if (xp)
      EV("{} {} is not registered ({})", s.name, xp->registered.from.where, xp->registered.from.origin());
    else
      EV("no class {} is registered on {} (the plant declares no such [[host.server]] there)", ctx.className, s.name);
    EV("rule: {}, 0x80040154", kGuide4Codes);
    return run.fail(Step::Registration, hr::REGDB_E_CLASSNOTREG);
  }
  const model::ComServer &x = *xp;
  if (x.preferredServerBitness && x.preferredServerBitness->value >= 2 &&
      (x.preferredServerBitness->value == 2) != (x.view.value == "32")) {
    EV("{} {} = {} ({}) asks for the {}-bit server, but {} is registered only in the {}-bit view ({})", s.name,
       x.preferredServerBitness->from.where, x.preferredServerBitness->value, x.preferredServerBitness->from.origin(),
       x.preferredServerBitness->value == 2 ? "32" : "64", x.progid.value, x.view.value, x.view.from.origin());
    EV("rule: {}, 0x80040154; Microsoft, PreferredServerBitness", kGuide4Codes);
    return run.fail(Step::Registration, hr::REGDB_E_CLASSNOTREG);
  }
  EV("{} {} ({}) is registered in the {}-bit view ({}), AppID {}", s.name, x.progid.value, x.clsid.value, x.view.value,
     x.registered.from.origin(), x.appid.value);
  return true;
}

// ------------------------------------------------------------------------------------------
// launch-permission (docs/model.md#launch-permission): the AppID's LaunchPermission, else
// DefaultLaunchPermission.

bool checkLaunchPermission(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer &x = ctx.x();
  const Logon &who = *ctx.who;
  run.begin(Step::LaunchPermission);
  const bool appSpecific = x.launchPermission.has_value();
  const model::Descriptor *lp = appSpecific                      ? &*x.launchPermission
                                : s.dcom.defaultLaunchPermission ? &*s.dcom.defaultLaunchPermission
                                                                 : nullptr;
  if (!lp)
    return true;
  uint32_t g = ctx.grantedServer(x, *lp, who, ctx.neededLaunch, true);
  describeCheck(run, ctx.tokens(), ctx.sIdx, *lp, appSpecific ? "LaunchPermission" : "DefaultLaunchPermission", who,
                ctx.neededLaunch, g, com::PermissionKind::Launch,
                "docs/model.md#launch-permission; the guide, chapter 4 \"Failed OPC Server Activation\"",
                appSpecific ? "" : "; the AppID has no LaunchPermission, so DefaultLaunchPermission applies");
  if ((g & ctx.neededLaunch) != ctx.neededLaunch) {
    bool activationMissing = !(g & ctx.activate);
    if (run.detail)
      run.event(events::launchPermission(s, who, x.clsid.value, x.appid.value, appSpecific, !ctx.local,
                                         !activationMissing, ctx.peerAddr));
    return run.fail(Step::LaunchPermission, hr::E_ACCESSDENIED);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// launch-identity (docs/model.md#launch-identity): the identity the server is started as.

namespace {

bool launchAsService(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer &x = ctx.x();
  const model::Service *svc = s.findService(x.runAs.value.account);
  if (!svc) {
    EV("{} LocalService = {} ({}) but no such service is installed", s.name, x.runAs.value.account,
       x.runAs.from.origin());
    return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
  }
  if (iequals(svc->startType, "disabled")) {
    EV("{} service {} is disabled ({})", s.name, svc->name, svc->from.origin());
    return run.fail(Step::LaunchIdentity, hr::ERROR_SERVICE_DISABLED);
  }
  Principal id = ctx.tokens().resolve(ctx.sIdx, svc->logonAccount);
  EV("{} runs as service {} whose Log On account is {} ({}); the guide, chapter 2 \"Windows Services\": the Identity "
     "must equal the Log On account",
     x.progid.value, svc->name, svc->logonAccount, svc->from.origin());
  if (!id.known()) {
    EV("the Log On account {} does not exist on {}", svc->logonAccount, s.name);
    return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
  }
  ctx.identity = &ctx.tokens().processToken(id, ctx.sIdx);
  return true;
}

// The Win32 error of logging on the RunAs account with its stored password (0 when it works),
// with its evidence.
uint32_t runAsLogonError(StepContext &ctx, const model::Account *acct, std::string_view dom) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  if (!x.runAsPasswordReadable.value) {
    // The SCM reads the stored password (an LSA secret) before it logs the account on.
    EV("a password is stored for RunAs but the SCM cannot read it ({}): its LSA secret is damaged or was written on "
       "another machine, so the logon of {} fails whatever the account's password is (docs/model.md#launch-identity)",
       x.runAsPasswordReadable.from.origin(), x.runAs.value.account);
    return 1326;
  }
  if (!acct) {
    EV("no account {} exists on {}", x.runAs.value.account, ctx.s.name);
    return 1326;
  }
  if (acct->locked) {
    EV("{}\\{} is locked out ({})", dom, acct->name, acct->lockedProvenance().origin());
    return 1909;
  }
  if (!x.runAsPasswordLabel || !acct->passwordLabel || x.runAsPasswordLabel->value != *acct->passwordLabel) {
    // Labels are compared, never printed (they may be real passwords).
    if (!x.runAsPasswordLabel)
      EV("the plant states no password stored for RunAs; it cannot be matched with {}\\{}'s ({})", dom, acct->name,
         acct->from.origin());
    else if (!acct->passwordLabel)
      EV("the plant states no password for {}\\{} ({}); the password stored for RunAs ({}) cannot be matched with it",
         dom, acct->name, acct->from.origin(), x.runAsPasswordLabel->from.origin());
    else
      EV("the password stored for RunAs ({}) and {}\\{}'s password ({}) are different passwords",
         x.runAsPasswordLabel->from.origin(), dom, acct->name, acct->from.origin());
    return 1326;
  }
  if (!acct->enabled) {
    EV("{}\\{} is disabled ({})", dom, acct->name, acct->enabledProvenance().origin());
    return 1331;
  }
  if (acct->passwordExpired) {
    EV("{}\\{}'s password has expired ({})", dom, acct->name, acct->from.origin());
    return 1330;
  }
  EV("{}\\{} exists, is enabled, and the password stored for RunAs is the same password", dom, acct->name);
  return 0;
}

bool launchAsAccount(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer &x = ctx.x();
  const model::Plant &plant = ctx.sim.plant();
  const Principal &acctId = ctx.identityOf(ctx.sIdx, x);
  EV("{} {} = {} ({})", s.name, x.runAs.from.where, x.runAs.value.account, x.runAs.from.origin());
  const model::Account *acct = nullptr;
  std::string_view dom = s.name;
  if (acctId.kind == Principal::Kind::Local)
    acct = &plant.hosts[acctId.host].users[acctId.account];
  else if (acctId.kind == Principal::Kind::Domain) {
    acct = &plant.domains[acctId.domain].users[acctId.account];
    dom = plant.domains[acctId.domain].name;
  }
  if (uint32_t err = runAsLogonError(ctx, acct, dom)) {
    EV("rule: {}, 0x8000401A: \"the account does not exist\" / \"the password is incorrect or expired\"", kGuide4Codes);
    if (run.detail)
      run.event(events::runAsLogonFailure(s, std::string(dom), acct ? acct->name : x.runAs.value.account, err,
                                          x.clsid.value));
    return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
  }
  ctx.identity = &ctx.tokens().processToken(acctId, ctx.sIdx);
  return true;
}

// RunAs "Interactive User": the user of the console session, else of a connected Remote Desktop
// session (docs/model.md#launch-identity); nobody logged on: 0x8000401A.
bool launchAsInteractiveUser(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer &x = ctx.x();
  const auto &rdp = s.remoteDesktopUsers;
  if (!s.consoleUser && rdp.value.empty()) {
    EV("{} RunAs = \"Interactive User\" ({}) and nobody is logged on at {}'s console", s.name, x.runAs.from.origin(),
       s.name);
    EV("rule: {}, 0x8000401A: \"configured with an identity of Interactive user, but no user is logged on\"",
       kGuide4Codes);
    return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
  }
  if (s.consoleUser)
    EV("{} RunAs = \"Interactive User\" ({}): {} is logged on at the console ({})", s.name, x.runAs.from.origin(),
       s.consoleUser->value, s.consoleUser->from.origin());
  else
    EV("{} RunAs = \"Interactive User\" ({}): nobody is logged on at the console; {} is logged on through Remote "
       "Desktop ({}), a connected session the server runs in (Microsoft, \"Interactive User\" and \"COM client failing "
       "with error 8000401a\"; docs/model.md#launch-identity *(verify)*)",
       s.name, x.runAs.from.origin(), fmt::join(rdp.value, ", "), rdp.from.origin());
  const Principal &id = ctx.identityOf(ctx.sIdx, x);
  ctx.identity = &ctx.tokens().processToken(id, ctx.sIdx);
  return true;
}

} // namespace

bool checkLaunchIdentity(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &s = ctx.s;
  const model::ComServer &x = ctx.x();
  if (ctx.running) {
    const model::Service *svc = x.running.value ? nullptr : runningService(s, x);
    SKIP(Step::LaunchIdentity, "skipped: the server is already running ({}), no launch",
         svc ? fmt::format("service {} is running, {}", svc->name, svc->from.origin()) : x.running.from.origin());
    return true;
  }
  run.begin(Step::LaunchIdentity);
  switch (x.runAs.value.kind) {
  case model::RunAs::Kind::LaunchingUser:
    EV("{} {} is absent: the server runs as the launching user ({})", s.name, x.runAs.from.where,
       x.runAs.from.origin());
    ctx.identity = ctx.who;
    return true;
  case model::RunAs::Kind::InteractiveUser: return launchAsInteractiveUser(ctx);
  case model::RunAs::Kind::Service: return launchAsService(ctx);
  case model::RunAs::Kind::Account: return launchAsAccount(ctx);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// executable and executable-access (docs/model.md#executable, #executable-access)

bool checkExecutable(StepContext &ctx) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  if (ctx.running) {
    SKIP(Step::Executable, "skipped: no launch");
    return true;
  }
  run.begin(Step::Executable);
  if (!x.exePresent.value) {
    EV("{} {} does not exist ({})", ctx.s.name, x.exe.value, x.exePresent.from.origin());
    EV("rule: {}, 0x8007007E \"the executable file for the OPC server cannot be loaded\"", kGuide4Codes);
    return run.fail(Step::Executable, hr::ERROR_MOD_NOT_FOUND);
  }
  EV("{} {} exists ({})", ctx.s.name, x.exe.value.empty() ? "(the server executable)" : x.exe.value,
     x.exePresent.from.origin());
  return true;
}

bool checkExecutableAccess(StepContext &ctx) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  if (ctx.running) {
    SKIP(Step::ExecutableAccess, "skipped: no launch");
    return true;
  }
  run.begin(Step::ExecutableAccess);
  const Logon &identity = *ctx.identity;
  const bool canRead = ctx.exeReadable(x, identity);
  EV("the folder of {} grants read & execute to {} ({}); the server's identity {} {} one of them", x.exe.value,
     fmt::join(x.exeReaders.value, ", "), x.exeReaders.from.origin(), identity.display(), canRead ? "is" : "is not");
  if (!canRead) {
    EV("rule: {}, 0x80080005 and the guide, chapter 2 \"Set Permissions for Directories containing OPC Executables\"",
       kGuide4Codes);
    if (run.detail)
      run.event(events::serverDidNotRegister(ctx.s, x.clsid.value));
    return run.fail(Step::ExecutableAccess, hr::CO_E_SERVER_EXEC_FAILURE);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// license and connection-kind (docs/model.md#license, #connection-kind)

bool checkLicense(StepContext &ctx) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  run.begin(Step::License);
  if (!x.licensed.value) {
    EV("{}'s license is not installed ({})", x.progid.value, x.licensed.from.origin());
    EV("rule: {}, 0x80040112 (not a DCOM security problem)", kGuide4Codes);
    return run.fail(Step::License, hr::CLASS_E_NOTLICENSED);
  }
  EV("{} is licensed ({})", x.progid.value, x.licensed.from.origin());
  return true;
}

namespace {
// A COM+ server application (dllhost.exe) takes remote activations only with COM+ network access
// on (HKLM\SOFTWARE\Microsoft\COM3 RemoteAccessEnabled); docs/model.md#connection-kind.
bool comPlusNetworkAccess(StepContext &ctx) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  const auto &access = ctx.s.dcom.comPlusRemoteAccess;
  EV("{} is in a COM+ server application ({}); {} {} = {} ({})", x.progid.value, x.comPlusApplication.from.origin(),
     ctx.s.name, access.from.where, access.value ? 1 : 0, access.from.origin());
  if (ctx.local || access.value)
    return true;
  EV("rule: COM+ network access is off, so the remote activation of a COM+ application is refused (event 10014 "
     "\"remote activations for COM+ are disabled\"; Microsoft, \"COM+ Network Access and Application Server\"); the "
     "client gets 0x80070005 (docs/model.md#connection-kind *(verify)*)");
  if (run.detail)
    if (auto e = events::comPlusRemoteDisabled(ctx.s, x.clsid.value))
      run.event(std::move(*e));
  return run.fail(Step::ConnectionKind, hr::E_ACCESSDENIED);
}
} // namespace

bool checkConnectionKind(StepContext &ctx) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  run.begin(Step::ConnectionKind);
  auto k = x.accepts.value;
  bool ok = k == model::ConnectionKind::Any || (k == model::ConnectionKind::Local) == ctx.local;
  const char *kinds = k == model::ConnectionKind::Any     ? "any"
                      : k == model::ConnectionKind::Local ? "local only"
                                                          : "remote only";
  EV("{} accepts {} connections ({}); this one is {}", x.progid.value, kinds, x.accepts.from.origin(),
     ctx.local ? "local" : "remote");
  if (!ok) {
    EV("rule: {}, 0x80040111: \"the server does not accept the type of connection requested\"", kGuide4Codes);
    return run.fail(Step::ConnectionKind, hr::CLASS_E_CLASSNOTAVAILABLE);
  }
  return x.comPlusApplication.value ? comPlusNetworkAccess(ctx) : true;
}

// ------------------------------------------------------------------------------------------
// Fix candidates

void fixLaunchLimits(const FixContext &f, std::vector<FixCandidate> &out) {
  anonymousFixes(out, f.plant, f.s.name, f.c.name, f.client);
  accountFixes(out, f.plant, f.s.name, f.userOnServer, f.userLabel, f.userHome,
               "the logon failed, so the caller became ANONYMOUS LOGON");
  clientPasswordFix(out, f);
  std::string sn = f.s.name;
  if (f.s.lsa.localAccountTokenFilterPolicy.value == false &&
      f.s.os.value.generation() == model::OsGeneration::VistaPlus)
    out.push_back(candidateOf(
        Fix{fmt::format("(weakens remote UAC) let local administrators keep their full token over the network "
                        "on {}: LocalAccountTokenFilterPolicy = 1; better: use a non-administrator account in "
                        "Distributed COM Users",
                        sn),
            model::regFileText(model::SettingId::LocalAccountTokenFilterPolicy, 1),
            "Microsoft, \"User Account Control and remote restrictions\""},
        {settingChange(sn, model::SettingId::LocalAccountTokenFilterPolicy, 1)}));
  groupFix(out, f.plant, sn, f.userOnServer, "Distributed COM Users",
           "the Limits grant it Remote Launch and Activation");
  const LaunchRights rights = launchRightsNeeded(f);
  const char *base = model::defaultDescriptors(f.s.os.value).machineLaunchRestriction;
  aclFix(out, f.userOnServer, userSid(f.plant, sn, f.userOnServer),
         aceChange(sn, launchLimitsSetting(f.s), "", base ? base : "O:BAG:BAD:"), kLimitsLaunchPath, rights.words,
         rights.sddl, std::string(kGuide2) + " \"Configure OPC Client Node DCOM Settings\" step 4 (Limits)");
}

void fixRegistration(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    std::string sn = f.s.name, cls = f.req.serverClass, exe = f.x->exe.value;
    if (f.x->preferredServerBitness)
      out.push_back({Fix{fmt::format("remove PreferredServerBitness from the AppID of {} on {} (or register the {}-bit "
                                     "server it asks for)",
                                     cls, sn, f.x->preferredServerBitness->value == 2 ? "32" : "64"),
                         fmt::format("reg delete \"HKLM\\SOFTWARE\\Classes\\AppID\\{}\" /v PreferredServerBitness /f",
                                     f.x->appid.value),
                         "Microsoft, PreferredServerBitness; " + std::string(kGuide4Codes) + ", 0x80040154"},
                     [=](model::Plant &p) { server(*host(p, sn), cls)->preferredServerBitness.reset(); }});
    out.push_back({Fix{fmt::format("register {} on {} (in the {}-bit view)", cls, sn, f.x->view.value),
                       fmt::format("on {}: \"{}\" /RegServer (or reinstall the server)", sn, exe),
                       std::string(kGuide4Codes) + ", 0x80040154"},
                   [=](model::Plant &p) { server(*host(p, sn), cls)->registered.value = true; }});
  }
}

void fixLaunchPermission(const FixContext &f, std::vector<FixCandidate> &out) {
  anonymousFixes(out, f.plant, f.s.name, f.c.name, f.client);
  accountFixes(out, f.plant, f.s.name, f.userOnServer, f.userLabel, f.userHome,
               "the logon failed, so the caller became ANONYMOUS LOGON");
  clientPasswordFix(out, f);
  if (f.x) {
    std::string sn = f.s.name;
    bool app = f.x->launchPermission.has_value();
    const LaunchRights rights = launchRightsNeeded(f);
    const std::string base = model::defaultDescriptors(f.s.os.value).defaultLaunchPermission;
    aclFix(out, f.userOnServer, userSid(f.plant, sn, f.userOnServer),
           app ? appIdAceChange(sn, f.x->appid.value, "LaunchPermission", "", base)
               : aceChange(sn, model::SettingId::DefaultLaunchPermission, "", base),
           app ? "DCOM Config > the server > Properties > Security > Launch and Activation Permissions > Edit"
               : "My Computer > Properties > COM Security > Launch and Activation Permissions > Edit Default",
           rights.words, rights.sddl,
           std::string(kGuide2) +
               " \"Configure OPC Server Node DCOM Settings\" and chapter 4 \"Failed OPC Server Activation\"");
  }
}

void fixLaunchIdentity(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    std::string sn = f.s.name, cls = f.req.serverClass;
    if (f.x->runAs.value.kind == model::RunAs::Kind::InteractiveUser) {
      out.push_back({Fix{fmt::format("set the Identity of {} to \"This user\" with a dedicated OPC account instead of "
                                     "\"Interactive User\" (or keep someone logged on at {}'s console)",
                                     cls, sn),
                         "dcomcnfg > DCOM Config > the server > Properties > Identity > This user",
                         std::string(kGuide4Codes) + ", 0x8000401A"},
                     [=](model::Plant &p) {
                       model::Host *h = host(p, sn);
                       h->consoleUser = model::Fact<std::string>{"Administrator", fixProvenance("console user")};
                     }});
    } else if (f.x->runAs.value.kind == model::RunAs::Kind::Account) {
      std::string acct = f.x->runAs.value.account;
      const model::Account *current = f.s.findUser(bareName(acct));
      const std::optional<std::string> currentLabel = current ? current->passwordLabel : std::nullopt;
      if (!f.x->runAsPasswordReadable.value)
        out.push_back(
            {Fix{fmt::format("enter {}'s password again on the Identity tab of {} (the stored one cannot be "
                             "read)",
                             acct, cls),
                 "dcomcnfg > DCOM Config > the server > Properties > Identity > This user: password",
                 std::string(kGuide2) + " \"Configure OPC Server Node DCOM Settings\" step 6; "
                                        "docs/model.md#launch-identity"},
             [=](model::Plant &p) {
               model::ComServer *x = server(*host(p, sn), cls);
               x->runAsPasswordReadable = {true, fixProvenance("RunAs password")};
               if (currentLabel)
                 x->runAsPasswordLabel = model::Fact<std::string>{*currentLabel, fixProvenance("RunAs password")};
             }});
      const model::Account *a = f.s.findUser(bareName(acct));
      if (a && a->passwordLabel && (!f.x->runAsPasswordLabel || f.x->runAsPasswordLabel->value != *a->passwordLabel)) {
        std::string label = *a->passwordLabel;
        out.push_back({Fix{fmt::format("enter {}'s current password on the Identity tab of {}", acct, cls),
                           "dcomcnfg > DCOM Config > the server > Properties > Identity > This user: password",
                           std::string(kGuide2) + " \"Configure OPC Server Node DCOM Settings\" step 6"},
                       [=](model::Plant &p) {
                         server(*host(p, sn), cls)->runAsPasswordLabel =
                             model::Fact<std::string>{label, fixProvenance("RunAs password")};
                       }});
      }
      std::string label = f.x->runAsPasswordLabel ? f.x->runAsPasswordLabel->value : std::string("identity");
      accountFixes(out, f.plant, sn, acct, label, "the password stored on the Identity tab of " + cls,
                   "the server's Identity");
      if (!f.x->runAsPasswordLabel && !a)
        out.push_back(
            {Fix{fmt::format("create {} on {} and enter its password on the Identity tab of {}", acct, sn, cls),
                 fmt::format("on {}: net user {} * /add; dcomcnfg > the server > Identity > This user", sn, acct),
                 kGuide2},
             [=](model::Plant &p) {
               model::Host *h = host(p, sn);
               model::Account acc;
               acc.name = bareName(acct);
               acc.passwordLabel = "identity";
               acc.groups = {"Users"};
               acc.rid = 1900;
               h->users.push_back(acc);
               server(*h, cls)->runAsPasswordLabel =
                   model::Fact<std::string>{"identity", fixProvenance("RunAs password")};
             }});
    }
  }
}

void fixExecutable(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    std::string sn = f.s.name, cls = f.req.serverClass;
    out.push_back({Fix{fmt::format("reinstall {} on {} so that {} exists", cls, sn, f.x->exe.value),
                       "the vendor's installer", std::string(kGuide4Codes) + ", 0x8007007E"},
                   [=](model::Plant &p) { server(*host(p, sn), cls)->exePresent.value = true; }});
  }
}

void fixExecutableAccess(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    std::string sn = f.s.name, cls = f.req.serverClass;
    std::string who = f.x->runAs.value.kind == model::RunAs::Kind::Account         ? f.x->runAs.value.account
                      : f.x->runAs.value.kind == model::RunAs::Kind::LaunchingUser ? f.userOnServer
                                                                                   : std::string("Users");
    std::string folder = f.x->exe.value;
    if (auto pos = folder.find_last_of('\\'); pos != std::string::npos)
      folder = folder.substr(0, pos);
    out.push_back({Fix{fmt::format("grant {} Read & Execute on the folder {}", who, folder),
                       fmt::format("icacls \"{}\" /grant {}:(OI)(CI)RX", folder, who),
                       std::string(kGuide2) +
                           " \"Set Permissions for Directories containing OPC Executables\"; chapter 4, 0x80080005"},
                   [=](model::Plant &p) { server(*host(p, sn), cls)->exeReaders.value.push_back(who); }});
  }
}

void fixLicense(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    std::string sn = f.s.name, cls = f.req.serverClass;
    out.push_back({Fix{fmt::format("install the license of {} on {}", cls, sn), "the vendor's license tool",
                       std::string(kGuide4Codes) + ", 0x80040112"},
                   [=](model::Plant &p) { server(*host(p, sn), cls)->licensed.value = true; }});
  }
}

void fixConnectionKind(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x && f.x->comPlusApplication.value && !f.s.dcom.comPlusRemoteAccess.value && &f.c != &f.s) {
    std::string sn = f.s.name;
    out.push_back({Fix{fmt::format("turn COM+ network access on on {} (RemoteAccessEnabled = 1): {} is in a COM+ "
                                   "server application",
                                   sn, f.req.serverClass),
                       model::regFileText(model::SettingId::ComPlusRemoteAccess, 1),
                       "Microsoft, \"COM+ Network Access and Application Server\"; docs/model.md#connection-kind"},
                   [=](model::Plant &p) {
                     model::setNumber(*host(p, sn), model::SettingId::ComPlusRemoteAccess, 1,
                                      fixProvenance("RemoteAccessEnabled"));
                   }});
  }
  if (f.x) {
    std::string sn = f.s.name, cls = f.req.serverClass;
    out.push_back(
        {Fix{fmt::format("connect to {} the way it accepts ({}), e.g. name the node explicitly "
                         "(/server=node::{}), or configure the server to accept both",
                         cls, f.x->accepts.value == model::ConnectionKind::Local ? "local only" : "remote only", cls),
             "the client's server node setting or the server's vendor configuration",
             std::string(kGuide4Codes) + ", 0x80040111"},
         [=](model::Plant &p) { server(*host(p, sn), cls)->accepts.value = model::ConnectionKind::Any; }});
  }
}

} // namespace dd::sim
