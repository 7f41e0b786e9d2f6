// The tables of step units and what the units share (see Steps.h): levels, the Limits in
// effect, the evidence of an access check, and the one reachability check of both directions.
#include "sim/Steps.h"

#include "model/Defaults.h"
#include "model/PlantReader.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <array>

namespace dd::sim {

namespace com = winsec::com;

// ------------------------------------------------------------------------------------------
// The tables: connect runs the first fifteen units in order, advise the last three.

namespace {
constexpr std::array<StepUnit, 18> kUnits{{
    {Step::Local, checkLocal, nullptr},
    {Step::EnableDcom, checkEnableDcom, fixEnableDcom},
    {Step::Reachability, checkReachability, fixReachability},
    {Step::Authentication, checkAuthentication, fixAuthentication},
    {Step::Hardening, checkHardening, fixHardening},
    {Step::LaunchLimits, checkLaunchLimits, fixLaunchLimits},
    {Step::Registration, checkRegistration, fixRegistration},
    {Step::LaunchPermission, checkLaunchPermission, fixLaunchPermission},
    {Step::LaunchIdentity, checkLaunchIdentity, fixLaunchIdentity},
    {Step::Executable, checkExecutable, fixExecutable},
    {Step::ExecutableAccess, checkExecutableAccess, fixExecutableAccess},
    {Step::License, checkLicense, fixLicense},
    {Step::ConnectionKind, checkConnectionKind, fixConnectionKind},
    {Step::Access, checkAccess, fixAccess},
    {Step::Interface, checkInterface, fixInterface},
    {Step::CallbackReachability, checkCallbackReachability, fixReachability},
    {Step::CallbackAuthentication, checkCallbackAuthentication, fixCallbackAuthentication},
    {Step::CallbackAccess, checkCallbackAccess, fixCallbackAccess},
}};
constexpr size_t kFirstAdvise = static_cast<size_t>(Step::CallbackReachability);

constexpr bool inEnumOrder() {
  for (size_t i = 0; i < kUnits.size(); ++i)
    if (static_cast<size_t>(kUnits[i].step) != i)
      return false;
  return true;
}
static_assert(inEnumOrder(), "kUnits is indexed by Step");
} // namespace

std::span<const StepUnit> connectUnits() { return std::span<const StepUnit>(kUnits).first(kFirstAdvise); }
std::span<const StepUnit> adviseUnits() { return std::span<const StepUnit>(kUnits).subspan(kFirstAdvise); }
const StepUnit &unitOf(Step step) { return kUnits[static_cast<size_t>(step)]; }

// ------------------------------------------------------------------------------------------
// Levels (docs/model.md#authentication)

std::string levelText(int level) { return fmt::format("{} ({})", level, model::authnLevelName(level)); }

Levels clientLevel(const model::Host &c, const model::ClientProgram *p, bool detail) {
  if (p && p->authenticationLevel)
    return {p->authenticationLevel->value,
            detail ? fmt::format("client program {} sets authentication level {} itself ({})", p->name,
                                 levelText(p->authenticationLevel->value), p->authenticationLevel->from.origin())
                   : std::string()};
  const auto &f = c.dcom.legacyAuthenticationLevel;
  return {f.value, detail ? fmt::format("{} {} = {} ({})", c.name, f.from.where, levelText(f.value), f.from.origin())
                          : std::string()};
}

Levels serverLevel(const model::Host &s, const model::ComServer &x, bool detail) {
  if (x.authenticationLevel)
    return {x.authenticationLevel->value,
            detail ? fmt::format("{} {} = {} ({})", s.name, x.authenticationLevel->from.where,
                                 levelText(x.authenticationLevel->value), x.authenticationLevel->from.origin())
                   : std::string()};
  const auto &f = s.dcom.legacyAuthenticationLevel;
  return {f.value, detail ? fmt::format("{} {} = {} ({}); the AppID sets no AuthenticationLevel", s.name, f.from.where,
                                        levelText(f.value), f.from.origin())
                          : std::string()};
}

// ------------------------------------------------------------------------------------------
// Descriptors in effect (docs/model.md#launch-limits, #access)

const model::Descriptor &comBuiltinAccess() {
  static const model::Descriptor d = [] {
    model::Descriptor x;
    x.sddl = model::kComBuiltinAccessSddl;
    auto parsed = winsec::parseSddl(x.sddl);
    if (parsed)
      x.sd = *parsed;
    x.from = model::Provenance::windowsDefault("HKLM\\SOFTWARE\\Microsoft\\Ole\\DefaultAccessPermission (absent)",
                                               "Microsoft, DefaultAccessPermission: without it COM allows the "
                                               "server's identity (SELF) and SYSTEM");
    return x;
  }();
  return d;
}

uint32_t grantedAsSelf(const model::Descriptor &d, const Logon &caller, uint32_t needed) {
  winsec::Token t = caller.token;
  t.groups.push_back(winsec::TokenGroup{winsec::Sid(5, {10})}); // PRINCIPAL_SELF
  auto mapAccess = [](uint32_t m) { return com::effectiveComRights(m, com::PermissionKind::Access); };
  return winsec::accessCheck(d.sd, t, needed, mapAccess).granted;
}

std::string firstAddress(const model::Host &h) {
  return h.addresses.value.empty() ? std::string() : h.addresses.value[0];
}

// ------------------------------------------------------------------------------------------
// The evidence of an access check

namespace {
std::string aceText(const winsec::Ace &ace) {
  winsec::SecurityDescriptor one;
  one.control = winsec::sdcontrol::SelfRelative | winsec::sdcontrol::DaclPresent;
  one.dacl = winsec::Acl{};
  one.dacl->aces.push_back(ace);
  std::string s = winsec::formatSddl(one);
  if (auto p = s.find("D:"); p != std::string::npos)
    s = s.substr(p + 2);
  return s;
}
} // namespace

void describeCheckDetail(Run &run, Tokens &tokens, int host, const model::Descriptor &d, const char *valueName,
                         const Logon &who, uint32_t needed, uint32_t grantedBits, com::PermissionKind kind,
                         std::string_view rule, std::string_view ruleMore) {
  const model::Host &h = tokens.plant().hosts[host];
  std::string where = d.from.where.empty() ? std::string(valueName) : d.from.where;
  std::vector<std::string> parts;
  if (d.sd.hasNullDacl()) {
    parts.push_back("a NULL DACL grants everything");
  } else if (d.sd.dacl) {
    for (const auto &ace : d.sd.dacl->aces) {
      if (ace.flags & winsec::aceflags::InheritOnly)
        continue;
      bool allow = ace.isAllow(), deny = ace.isDeny();
      if (!(allow && who.token.matchesForAllow(ace.sid)) && !(deny && who.token.matchesForDeny(ace.sid)))
        continue;
      uint32_t rights = com::effectiveComRights(ace.mask, kind);
      parts.push_back(fmt::format("{} {} {} {}", aceText(ace), deny ? "denies" : "grants", tokens.nameOf(host, ace.sid),
                                  com::describeComRights(rights, kind)));
    }
  }
  std::string aces = parts.empty() ? fmt::format("no ACE names {} or a group of its token", who.display())
                                   : fmt::format("{}", fmt::join(parts, "; "));
  bool ok = (grantedBits & needed) == needed;
  EV("{} {} ({}): {}; {} needs {}: {}", h.name, where, d.from.origin(), aces, who.display(),
     com::describeComRights(needed, kind), ok ? "granted" : "not granted");
  EV("rule: {}{}", rule, ruleMore);
}

// ------------------------------------------------------------------------------------------
// What the client program shows (docs/model.md#what-the-program-shows)

void programShows(StepContext &ctx) {
  Run &run = ctx.run;
  const model::ClientProgram *p = ctx.client.program;
  if (!p || run.out.ok() || p->reports.value.empty())
    return;
  auto it = p->reports.value.find(run.out.hresult);
  if (it == p->reports.value.end())
    return;
  run.out.shown = it->second;
  EV("client program {} shows DCOM's {} as {} {} ({}): look up DCOM's code, not the one on the screen", p->name,
     hresultHex(run.out.hresult), hresultHex(it->second), hresultSymbol(it->second), p->reports.from.origin());
}

// ------------------------------------------------------------------------------------------
// Reachability, both directions (docs/model.md#reachability, #callback-reachability)

namespace {
Reach reachUncached(const StepContext &ctx, const ReachRequest &q) {
  Reach r;
  const HostNet &src = ctx.net(q.from), &dst = ctx.net(q.to);
  auto refused = [&](Reach::Refused why) {
    r.refused = why;
    return r;
  };
  // NAT: the object reference carries the target's own addresses, which the source cannot reach.
  // A callback fails on NAT on either link; an activation only on NAT on the way there.
  auto natted = [&] {
    const model::Link *back = q.callback ? ctx.link(q.to, q.from) : nullptr;
    r.nat = r.path && r.path->nat.value ? r.path : back && back->nat.value ? back : nullptr;
    return r.nat != nullptr;
  };
  r.path = ctx.link(q.from, q.to);
  if (r.path && !r.path->reachable.value)
    return refused(Reach::Refused::Path);
  if (q.callback && natted())
    return refused(Reach::Refused::Nat);
  if (!dst.rpcss)
    return refused(Reach::Refused::Rpcss); // nothing listens on TCP 135
  if (r.path && r.path->dns) {
    auto answer = parseIpv4(r.path->dns->value);
    if (!answer || std::find(dst.addresses.begin(), dst.addresses.end(), *answer) == dst.addresses.end())
      return refused(Reach::Refused::Dns);
  }
  const model::Host &target = ctx.sim.plant().hosts[q.to];
  r.firewallOn = target.firewall.enabled.value;
  if (r.firewallOn) {
    std::optional<uint32_t> from = src.addresses.empty() ? std::nullopt : std::optional<uint32_t>(src.addresses[0]);
    r.ok135 = firewallAllows(dst.rules, dst.rpcRange, from, PortNeed{PortNeed::EndpointMapper, {}, {}}, &r.by135);
    if (!r.ok135)
      return refused(Reach::Refused::Firewall135);
    if (q.program) {
      r.portChecked = true;
      r.okPort =
          firewallAllows(dst.rules, dst.rpcRange, from, PortNeed{PortNeed::Server, *q.program, q.fixedPort}, &r.byPort);
      if (!r.okPort)
        return refused(Reach::Refused::FirewallPort);
    }
  }
  if (!q.callback && natted())
    return refused(Reach::Refused::Nat);
  return r;
}

bool sameRequest(const ReachRequest &a, const ReachRequest &b) {
  const bool sameProgram = a.program == b.program || (a.program && b.program && *a.program == *b.program);
  return a.from == b.from && a.to == b.to && sameProgram && a.fixedPort == b.fixedPort && a.callback == b.callback;
}
} // namespace

Reach reach(const StepContext &ctx, const ReachRequest &q) {
  ReachMemo::Slot &memo = ctx.reachMemo().slots[q.callback ? 1 : 0];
  if (!memo.valid || !sameRequest(memo.request, q))
    memo = ReachMemo::Slot{true, q, reachUncached(ctx, q)};
  return memo.answer;
}

std::string firewallVerdict(bool ok, const model::FirewallRule *by) {
  return ok ? "allowed by " + ruleText(by) : (by ? "blocked by " + ruleText(by) : "no inbound rule allows it");
}

} // namespace dd::sim
