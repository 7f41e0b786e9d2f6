// The logon steps as units (see Steps.h): authentication, hardening and callback-authentication
// (docs/model.md#authentication, #hardening, #callback-authentication).
#include "sim/Events.h"
#include "sim/FixKit.h"
#include "sim/Steps.h"

#include "model/Defaults.h"

#include <fmt/format.h>

namespace dd::sim {

// ------------------------------------------------------------------------------------------
// authentication (docs/model.md#authentication): the activation's logon at the server.

bool checkAuthentication(StepContext &ctx) {
  Run &run = ctx.run;
  const ClientSpec &client = ctx.client;
  Tokens &tokens = ctx.tokens();
  ctx.who = ctx.local ? &tokens.logon(client.user, ctx.sIdx, LogonKind::Local, false)
                      : &tokens.logon(client.user, ctx.sIdx, LogonKind::Network, ctx.actEffective <= 1,
                                      ctx.unsecuredRetry, !run.detail);
  if (ctx.local)
    return true;
  const Logon &who = *ctx.who;
  run.begin(Step::Authentication);
  EV("activation level: {}{}; {} -> {}; the server host asks for {}: effective {} (the higher one; the guide, "
     "chapter 2 \"Authentication\")",
     ctx.cl.why,
     ctx.explicitAct ? fmt::format("; the program sets {} explicitly on activation", levelText(ctx.explicitAct)) : "",
     ctx.raise->why, levelText(ctx.actLevel), levelText(ctx.s.dcom.legacyAuthenticationLevel.value),
     levelText(ctx.actEffective));
  run.evs(who.evidence);
  if (who.status != 0 && run.detail)
    run.event(events::logonFailure(ctx.s, who, ctx.c.name, ctx.peerAddr));
  if (!who.ok) {
    EV("rule: the guide, chapter 4 \"Unknown User or Bad Password\" and 0x80070005 \"cannot be authenticated by "
       "the server computer\"; docs/model.md#who-the-caller-is");
    return run.fail(Step::Authentication, hr::E_ACCESSDENIED);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// hardening (docs/model.md#hardening): KB5004442, CVE-2021-26414.

namespace {

// What settles a host's unknown patch level (docs/snapshot.md, Patch level).
std::string patchLevelSettledBy(const model::Host &h) {
  return fmt::format(
      "{}'s patch level ({}): its CurrentVersion export (reg export \"HKLM\\SOFTWARE\\Microsoft\\"
      "Windows NT\\CurrentVersion\" currentversion.reg into its snapshot folder; collect.cmd writes "
      "currentversion.csv) or its update list with dates (updates.csv; the Hotfix(s) of systeminfo.txt), "
      "or patched = YYYY-MM-DD for {} in the plant file",
      h.name, h.patchLevelUnknown->from.origin(), h.name);
}

// The rest of the connect walk as if this step passed, without evidence: the outcome of the
// alternative in which a patched client raises its level enough.
void walkOnAsIfPassed(StepContext &ctx, IfPatched &alt) {
  Run &run = ctx.run;
  Outcome taken = std::move(run.out);
  StepResult *current = run.current;
  const bool detail = run.detail;
  run.out = Outcome{};
  run.current = nullptr;
  run.detail = false;
  for (const StepUnit &unit : connectUnits().subspan(static_cast<size_t>(Step::Hardening) + 1))
    if (!unit.check(ctx))
      break;
  alt.hresult = run.out.hresult;
  alt.step = run.out.step;
  alt.hresults = std::move(run.out.hresults);
  run.out = std::move(taken);
  run.current = current;
  run.detail = detail;
}

// The other outcome of a decision that rests on an unknown patch level (docs/model.md#hardening).
IfPatched ifPatched(StepContext &ctx, const HardeningDoubt &doubt) {
  Run &run = ctx.run;
  IfPatched alt;
  for (const PatchCondition &w : doubt.when) {
    alt.when.push_back({w.host->name, w.update, w.installed});
    if (run.detail)
      alt.settledBy.push_back(patchLevelSettledBy(*w.host));
  }
  if (doubt.refused) {
    alt.hresult = hr::E_ACCESSDENIED;
    alt.step = Step::Hardening;
  } else {
    walkOnAsIfPassed(ctx, alt);
  }
  if (doubt.refused)
    EV("if {}: this step refuses the activation ({} {}); the patch level decides (docs/model.md#hardening)",
       ifPatchedCondition(alt), hresultHex(alt.hresult), hresultSymbol(alt.hresult));
  else
    EV("if {}: this step passes, and the request gets {} {}{}; the patch level decides (docs/model.md#hardening)",
       ifPatchedCondition(alt), hresultHex(alt.hresult), hresultSymbol(alt.hresult),
       alt.step ? std::string(" at ") + stepId(*alt.step) : std::string());
  return alt;
}

} // namespace

bool checkHardening(StepContext &ctx) {
  if (ctx.local)
    return true;
  Run &run = ctx.run;
  const model::Host &c = ctx.c, &s = ctx.s;
  const Logon &who = *ctx.who;
  const ClientSpec &client = ctx.client;
  run.begin(Step::Hardening);
  const ServerHardening &sh = ctx.sn.hardening;
  EV("{}", sh.why);
  const bool refused = hardeningRefuses(sh.enforced, who.anonymous, ctx.actLevel);
  // Only where a patch level is unknown and decides: the outcome a patched host would get.
  std::optional<HardeningDoubt> doubt;
  if (patchLevelUnknown(c) || patchLevelUnknown(s))
    doubt = hardeningDoubt(c, *ctx.raise, s, sh, ctx.cl.value, ctx.explicitAct, who.anonymous, refused);
  if (refused) {
    EV("the activation request carries {}, below Packet Integrity (5): refused (KB5004442, CVE-2021-26414; "
       "docs/model.md#hardening-phases)",
       levelText(ctx.actLevel));
    if (run.detail) {
      run.event(events::hardeningRefused(s, who, ctx.peerAddr));
      if (ctx.raise->level > 0 || (client.program && client.program->stack.value == model::ClientStack::Windows &&
                                   c.os.value.generation() == model::OsGeneration::VistaPlus && c.patched &&
                                   !(c.patched->value < kHardeningIntroduced)))
        run.event(events::clientLevelTooLow(
            c, client.programName.empty() ? std::string("(client)") : client.programName,
            ctx.xp ? ctx.xp->clsid.value : ctx.className, s.name, ctx.actLevel, ctx.explicitAct > 0));
    }
    std::optional<IfPatched> alt;
    if (doubt)
      alt = ifPatched(ctx, *doubt);
    run.fail(Step::Hardening, hr::E_ACCESSDENIED);
    run.out.ifPatched = std::move(alt);
    return false;
  }
  EV("activation level {} {}{}", levelText(ctx.actLevel), sh.enforced ? "satisfies the hardening" : "is not checked",
     who.anonymous ? " (anonymous activation is not refused by this rule *(verify)*)" : "");
  if (doubt)
    run.out.ifPatched = ifPatched(ctx, *doubt);
  return true;
}

// ------------------------------------------------------------------------------------------
// callback-authentication (docs/model.md#callback-authentication): the server's process identity
// logs on at the client, at the higher of the two levels.

namespace {

// The principal that calls back: the server's RunAs identity, or the launching user as the
// server host knows it.
Principal callbackIdentity(const StepContext &ctx) {
  const model::ComServer &x = ctx.x();
  if (x.runAs.value.kind != model::RunAs::Kind::LaunchingUser)
    return ctx.identityOf(ctx.sIdx, x);
  Principal launching = ctx.client.user;
  if (launching.kind == Principal::Kind::Local && launching.host == ctx.client.host && !ctx.local) {
    // The launching user's token on S is the account of S with that name.
    Principal onS = ctx.tokens().resolve(ctx.sIdx, ctx.sim.plant().hosts[launching.host].users[launching.account].name);
    if (onS.known())
      launching = onS;
  }
  return launching;
}

std::string identityText(const StepContext &ctx) {
  const model::ComServer &x = ctx.x();
  switch (x.runAs.value.kind) {
  case model::RunAs::Kind::LaunchingUser: return "the server runs as the launching user (no RunAs)";
  case model::RunAs::Kind::InteractiveUser:
    return "the server runs as the interactive user" +
           (ctx.s.consoleUser ? " " + ctx.s.consoleUser->value
            : ctx.s.remoteDesktopUsers.value.empty()
                ? std::string()
                : " " + ctx.s.remoteDesktopUsers.value.front() + " (logged on through Remote Desktop)");
  case model::RunAs::Kind::Service: return "the server runs as service " + x.runAs.value.account;
  case model::RunAs::Kind::Account:
    return fmt::format("the server runs as {} ({})", x.runAs.value.account, x.runAs.from.origin());
  }
  return {};
}

} // namespace

bool refusedCallback(StepContext &ctx, Step step) {
  Run &run = ctx.run;
  const model::ComServer &x = ctx.x();
  if (x.refusedCallback) {
    EV("{} reports a refused callback as {} ({})", x.progid.value, hresultHex(x.refusedCallback->value),
       x.refusedCallback->from.origin());
    return run.fail(step, x.refusedCallback->value);
  }
  EV("the plant does not state how {} reports a refused callback: E_ACCESSDENIED or CONNECT_E_CANNOTCONNECT",
     x.progid.value);
  return run.fail(step, hr::E_ACCESSDENIED, {hr::E_ACCESSDENIED, hr::CONNECT_E_CANNOTCONNECT});
}

namespace {
// The level of the callbacks: the higher of the server's and the client process's; a client program
// whose callback objects (sinks) accept a level of their own gets its callbacks at that level, the
// server lowering them to it as WMI does (None: they arrive as ANONYMOUS LOGON).
int callbackLevel(const StepContext &ctx) {
  const model::ClientProgram *p = ctx.client.program;
  if (!p || !p->callbackAuthenticationLevel)
    return std::max(ctx.cl.value, ctx.sl.value);
  const int sink = p->callbackAuthenticationLevel->value;
  return sink == 1 ? 1 : std::max(sink, ctx.sl.value);
}
} // namespace

bool checkCallbackAuthentication(StepContext &ctx) {
  Run &run = ctx.run;
  const int level = callbackLevel(ctx);
  const Principal id = callbackIdentity(ctx);
  const model::ClientProgram *p = ctx.client.program;
  run.begin(Step::CallbackAuthentication);
  if (p && p->callbackAuthenticationLevel)
    EV("{}; callback level: {}; client program {}'s callback objects accept level {} ({}), and the server lowers its "
       "callbacks to it (Microsoft, \"Setting Security on an Asynchronous Call\": WMI lowers a callback's level until "
       "it "
       "succeeds, down to None): effective {} (docs/model.md#callback-authentication)",
       identityText(ctx), ctx.sl.why, p->name, levelText(p->callbackAuthenticationLevel->value),
       p->callbackAuthenticationLevel->from.origin(), levelText(level));
  else
    EV("{}; callback level: {}; {}: effective {} (docs/model.md#callback-authentication)", identityText(ctx),
       ctx.sl.why, ctx.cl.why, levelText(level));
  Tokens &tokens = ctx.tokens();
  const Logon &who = ctx.local ? tokens.logon(id, ctx.client.host, LogonKind::Local, false)
                               : tokens.logon(id, ctx.client.host, LogonKind::Network, level <= 1, false, !run.detail);
  ctx.callback = &who;
  run.evs(who.evidence);
  if (!ctx.local && who.status != 0 && run.detail)
    run.event(events::logonFailure(ctx.c, who, ctx.s.name, ctx.peerAddr));
  if (!who.ok) {
    EV("rule: {}: \"the account used as the server identity cannot be authenticated\"; identical local accounts on "
       "both computers (the guide, chapter 2 \"Select or Create User Accounts\")",
       kGuide4Advise);
    return refusedCallback(ctx, Step::CallbackAuthentication);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// Fix candidates

void fixAuthentication(const FixContext &f, std::vector<FixCandidate> &out) {
  accountFixes(out, f.plant, f.s.name, f.userOnServer, f.userLabel, f.userHome,
               "NTLM needs the same name and password");
  clientPasswordFix(out, f);
}

void fixHardening(const FixContext &f, std::vector<FixCandidate> &out) {
  std::string cn = f.c.name, sn = f.s.name;
  bool windowsClient = !f.client.program || f.client.program->stack.value == model::ClientStack::Windows;
  if (windowsClient && f.c.os.value.generation() == model::OsGeneration::VistaPlus) {
    out.push_back(
        {Fix{fmt::format("raise explicit activation levels on {} too (RaiseActivationAuthenticationLevel = 2, "
                         "the default since the 2022-11-08 update; or install that update)",
                         cn),
             model::regFileText(model::SettingId::RaiseActivationAuthenticationLevel, 2), "Microsoft KB5004442"},
         [=](model::Plant &p) {
           model::Host *h = host(p, cn);
           h->dcom.raiseActivationAuthenticationLevel =
               model::Fact<int>{2, fixProvenance("RaiseActivationAuthenticationLevel")};
           if (h->patched && h->patched->value < kHardeningIntroduced)
             h->patched->value = kClientRaiseExplicit;
           // An unpatched Windows ignores the value: the fix then includes installing the update.
           if (patchLevelUnknown(*h)) {
             h->patched = model::Fact<model::Date>{kClientRaiseExplicit, fixProvenance("patched")};
             h->patchLevelUnknown.reset();
           }
         },
         FixScope::Cause,
         {settingChange(cn, model::SettingId::RaiseActivationAuthenticationLevel, 2)}});
  }
  if (f.client.program) {
    std::string prog = f.client.program->name;
    out.push_back(
        {Fix{fmt::format("configure client program {} to activate with Packet Integrity (5) or higher", prog),
             "the program's own setting (vendor documentation): the COAUTHINFO / CoInitializeSecurity level",
             "Microsoft KB5004442: \"raise the activation authentication level ... in client application\""},
         [=](model::Plant &p) {
           for (auto &cl : host(p, cn)->clients)
             if (cl.name == prog) {
               cl.activationAuthenticationLevel = model::Fact<int>{5, fixProvenance("activation_authentication_level")};
               if (cl.authenticationLevel && cl.authenticationLevel->value < 5)
                 cl.authenticationLevel->value = 5;
             }
         },
         FixScope::Cause,
         {componentChange(cn, "configure client program " + prog + " to activate with Packet Integrity (5) or higher",
                          "the program's own setting (vendor documentation)")}});
  }
  if (f.s.patched && f.s.patched->value < kHardeningAlwaysOn)
    out.push_back(candidateOf(
        Fix{fmt::format("(temporary, weakens {}) turn the server-side hardening off on {} until the clients "
                        "are fixed: RequireIntegrityActivationAuthenticationLevel = 0; ignored from the "
                        "2023-03-14 update on",
                        sn, sn),
            model::regFileText(model::SettingId::RequireIntegrityActivationAuthenticationLevel, 0),
            "Microsoft KB5004442"},
        {settingChange(sn, model::SettingId::RequireIntegrityActivationAuthenticationLevel, 0)}));
}

void fixCallbackAuthentication(const FixContext &f, std::vector<FixCandidate> &out) {
  if (f.x) {
    // The server's identity must be known at the client: an identical local account. An
    // "Interactive User" server runs as the console user, else a Remote Desktop user.
    std::string ident = f.identity;
    if (ident.empty() && f.x->runAs.value.kind == model::RunAs::Kind::InteractiveUser)
      ident = f.s.consoleUser                        ? f.s.consoleUser->value
              : f.s.remoteDesktopUsers.value.empty() ? std::string()
                                                     : f.s.remoteDesktopUsers.value.front();
    std::string label = f.x->runAsPasswordLabel ? f.x->runAsPasswordLabel->value : std::string();
    if (!ident.empty() && ident.find('\\') == std::string::npos) {
      if (const model::Account *a = f.s.findUser(ident); a && a->passwordLabel)
        label = *a->passwordLabel;
      accountFixes(out, f.plant, f.c.name, ident, label, f.s.name + "\\" + ident,
                   "the server's identity must authenticate at the client for callbacks");
    }
    anonymousFixes(out, f.plant, f.c.name, f.s.name, f.client);
  }
}

} // namespace dd::sim
