// Connect and advise, step by step (see Simulator.h). The order and the failure codes are those
// of spec/dcom-model.md sections 4 and 5; each step cites the rule's source.
#include "sim/Simulator.h"

#include "model/Defaults.h"
#include "model/PlantReader.h"
#include "sim/Events.h"
#include "sim/Firewall.h"
#include "sim/Fixes.h"
#include "sim/Hardening.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim {

// Evidence lines: the arguments are only evaluated when the prediction wants evidence (the
// matrix's fast path does not).
#define EV(...)                                                                                  \
  do {                                                                                           \
    if (run.detail)                                                                              \
      run.ev(__VA_ARGS__);                                                                       \
  } while (0)
// A step skipped, with the reason; likewise only evaluated for a detailed prediction.
#define SKIP(step, ...)                                                                          \
  do {                                                                                           \
    if (run.detail)                                                                              \
      run.skip(step, fmt::format(__VA_ARGS__));                                                  \
  } while (0)

using model::iequals;
namespace com = winsec::com;

// ------------------------------------------------------------------------------------------
// Network facts, parsed once per host (addresses, firewall rules: sim/Firewall.h)

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto &c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

} // namespace

struct Simulator::HostNet {
  std::vector<uint32_t> addresses;
  std::vector<std::string> serverExe, clientExe; // lower case, by index in host.servers/clients
  std::vector<RuleNet> rules;
  model::PortRange rpcRange;
  uint32_t serverBase = 0; // the number in the plant of this host's first server
  bool rpcss = true;
  ServerHardening hardening;
};

const std::string &Simulator::lowerExe(int host, const model::ComServer &x) const {
  const model::Host &h = plant_.hosts[host];
  return (*net_)[host].serverExe[static_cast<size_t>(&x - h.servers.data())];
}
const std::string &Simulator::lowerExe(int host, const model::ClientProgram &c) const {
  const model::Host &h = plant_.hosts[host];
  return (*net_)[host].clientExe[static_cast<size_t>(&c - h.clients.data())];
}

const ClientRaise &Simulator::raiseOf(const ClientSpec &client) {
  // A program by its address (aligned, so never odd), a plain client by its host (odd keys).
  uint64_t key = client.program ? reinterpret_cast<uintptr_t>(client.program) : (uint64_t(client.host) << 1) | 1;
  if (const uint32_t *index = raiseIndex_.find(key))
    return raises_[*index];
  raises_.push_back(clientRaise(plant_.hosts[client.host], client.program));
  raiseIndex_.insert(key, static_cast<uint32_t>(raises_.size() - 1));
  return raises_.back();
}

const Principal &Simulator::identityOf(int host, const model::ComServer &x) {
  const model::Host &s = plant_.hosts[host];
  Identity &slot = identities_[host][static_cast<size_t>(&x - s.servers.data())];
  if (slot.resolved)
    return slot.principal;
  Principal &id = slot.principal;
  switch (x.runAs.value.kind) {
  case model::RunAs::Kind::LaunchingUser:
    break;
  case model::RunAs::Kind::InteractiveUser:
    if (s.consoleUser)
      id = tokens_.resolve(host, s.consoleUser->value);
    break;
  case model::RunAs::Kind::Service:
    if (const model::Service *svc = s.findService(x.runAs.value.account))
      id = tokens_.resolve(host, svc->logonAccount);
    break;
  case model::RunAs::Kind::Account:
    id = tokens_.resolve(host, x.runAs.value.account);
    break;
  }
  slot.resolved = true;
  return id;
}

Simulator::Simulator(const model::Plant &plant) : plant_(plant), tokens_(plant) {
  netStorage_ = std::make_shared<std::vector<HostNet>>();
  net_ = netStorage_.get();
  net_->resize(plant.hosts.size());
  identities_.resize(plant.hosts.size());
  uint32_t serverCount = 0;
  for (size_t i = 0; i < plant.hosts.size(); ++i) {
    const model::Host &h = plant.hosts[i];
    HostNet &n = (*net_)[i];
    for (const auto &a : h.addresses.value)
      if (auto v = parseIpv4(a))
        n.addresses.push_back(*v);
    for (const auto &r : h.firewall.rules) {
      if (!r.enabled || (!iequals(r.protocol, "TCP") && !iequals(r.protocol, "any")))
        continue;
      RuleNet rn;
      rn.rule = &r;
      for (const auto &rem : r.remote) {
        auto range = parseRange(rem, n.addresses);
        if (range && !(range->first == 0 && range->last == 0xFFFFFFFFu))
          rn.remote.push_back(*range);
        else if (range) {
          rn.remote.clear();
          break;
        }
      }
      if (r.program)
        rn.program = lower(*r.program);
      n.rules.push_back(std::move(rn));
    }
    for (const auto &x : h.servers)
      n.serverExe.push_back(lower(x.exe.value));
    identities_[i].resize(h.servers.size());
    n.serverBase = serverCount;
    serverCount += static_cast<uint32_t>(h.servers.size());
    for (const auto &c : h.clients)
      n.clientExe.push_back(lower(c.exe.value));
    n.hardening = serverHardening(h);
    bool vista = h.os.value.generation() == model::OsGeneration::VistaPlus;
    n.rpcRange = h.rpcPortRange ? h.rpcPortRange->value : vista ? model::PortRange{49152, 65535} : model::PortRange{1025, 5000};
    if (const model::Service *rpcss = h.findService("RpcSs"))
      n.rpcss = iequals(rpcss->state, "running");
  }
  for (const auto &l : plant.links) {
    int a = tokens_.hostIndex(l.from), b = tokens_.hostIndex(l.to);
    if (a >= 0 && b >= 0)
      links_.insert((uint64_t(uint32_t(a)) << 32) | uint32_t(b), &l);
  }
}

const model::Link *Simulator::link(int from, int to) const {
  if (links_.empty())
    return nullptr;
  const model::Link *const *l = links_.find((uint64_t(uint32_t(from)) << 32) | uint32_t(to));
  return l ? *l : nullptr;
}

namespace {
const std::string kEmpty;
uint32_t mapLaunch(uint32_t m) { return com::effectiveComRights(m, com::PermissionKind::Launch); }
uint32_t mapAccess(uint32_t m) { return com::effectiveComRights(m, com::PermissionKind::Access); }
} // namespace

uint32_t Simulator::descriptorId(const model::Descriptor &d) {
  if (const uint32_t *id = descriptorIds_.find(reinterpret_cast<uintptr_t>(&d)))
    return *id;
  std::vector<uint8_t> bytes = d.sd.toBinary();
  auto [it, added] = descriptorsByContent_.emplace(std::string(bytes.begin(), bytes.end()),
                                                   static_cast<uint32_t>(descriptorsByContent_.size()));
  return descriptorIds_.insert(reinterpret_cast<uintptr_t>(&d), it->second);
}

uint32_t Simulator::granted(const model::Descriptor &d, const Logon &who, uint32_t desired, bool launch) {
  // Exact key: descriptor id (under 2^26), logon id (32 bits), the COM rights asked (5 bits), launch.
  const uint64_t key = (uint64_t(descriptorId(d)) << 38) | (uint64_t(who.id) << 6) | (uint64_t(desired & 0x1F) << 1) |
                       (launch ? 1 : 0);
  if (const uint32_t *g = accessCache_.find(key))
    return *g;
  auto r = winsec::accessCheck(d.sd, who.token, desired, launch ? mapLaunch : mapAccess);
  accessCache_.insert(key, r.granted);
  return r.granted;
}

// ------------------------------------------------------------------------------------------
// The step runner: records steps and evidence, decides on the first failure.

namespace {

struct Run {
  bool detail;
  Outcome out;
  StepResult *current = nullptr;

  void begin(Step s) {
    if (detail) {
      out.steps.push_back(StepResult{s, true, false, {}});
      current = &out.steps.back();
    }
  }
  template <class... A> void ev(fmt::format_string<A...> f, A &&...args) {
    if (detail && current)
      current->evidence.push_back(fmt::format(f, std::forward<A>(args)...));
  }
  void evs(const std::vector<std::string> &lines) {
    if (detail && current)
      current->evidence.insert(current->evidence.end(), lines.begin(), lines.end());
  }
  void skip(Step s, std::string why) {
    if (detail) {
      out.steps.push_back(StepResult{s, true, true, {std::move(why)}});
      current = nullptr;
    }
  }
  // Decides the outcome; returns the outcome for `return run.fail(...)`.
  Outcome fail(Step s, uint32_t hresult, std::vector<uint32_t> alternatives = {}) {
    out.hresult = hresult;
    out.step = s;
    out.hresults = std::move(alternatives);
    if (detail && current)
      current->ok = false;
    return std::move(out);
  }
  void event(Event e) {
    if (detail)
      out.events.push_back(std::move(e));
  }
};

std::string levelText(int level) { return fmt::format("{} ({})", level, model::authnLevelName(level)); }

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

// Evidence of a COM access check, as conventions.md asks: which value, which ACEs named the
// caller and what they grant, and what was needed.
void describeCheck(Run &run, Tokens &tokens, int host, const model::Descriptor &d, const char *valueName,
                   const Logon &who, uint32_t needed, uint32_t grantedBits, com::PermissionKind kind,
                   std::string_view rule, std::string_view ruleMore = {}) {
  if (!run.detail)
    return;
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

} // namespace

// ------------------------------------------------------------------------------------------
// Clients

ClientSpec Simulator::clientOf(int host, size_t clientIndex) {
  ClientSpec c;
  c.host = host;
  c.program = &plant_.hosts[host].clients[clientIndex];
  c.programName = c.program->name;
  c.userName = c.program->runAs.value;
  c.user = tokens_.resolve(host, c.userName);
  return c;
}

namespace {

struct Levels {
  int value;
  std::string why;
};

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

const model::Descriptor *launchLimitsOf(const model::Host &h) {
  if (h.dcom.policyMachineLaunchRestriction)
    return &*h.dcom.policyMachineLaunchRestriction;
  return h.dcom.machineLaunchRestriction ? &*h.dcom.machineLaunchRestriction : nullptr;
}
const model::Descriptor *accessLimitsOf(const model::Host &h) {
  if (h.dcom.policyMachineAccessRestriction)
    return &*h.dcom.policyMachineAccessRestriction;
  return h.dcom.machineAccessRestriction ? &*h.dcom.machineAccessRestriction : nullptr;
}

// The built-in default access descriptor (SELF and SYSTEM), one per process.
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

std::string firstAddress(const model::Host &h) { return h.addresses.value.empty() ? std::string() : h.addresses.value[0]; }

} // namespace

// ------------------------------------------------------------------------------------------
// Connect (section 4)

Outcome Simulator::connect(const ClientSpec &client, int sIdx, const model::ComServer *xp, const std::string &className,
                           bool detail) {
  Run run{detail, {}, nullptr};
  const model::Host &c = plant_.hosts[client.host];
  const model::Host &s = plant_.hosts[sIdx];
  const HostNet &cn = (*net_)[client.host];
  const HostNet &sn = (*net_)[sIdx];
  const bool local = client.host == sIdx;
  const std::string cAddr = !detail ? std::string() : local ? std::string("LocalHost (Using LRPC)") : firstAddress(c);
  const char *kGuide4 = "the guide, chapter 4 \"DCOM Errors by Numeric Code\"";

  // Levels (section 3).
  Levels cl = clientLevel(c, client.program, detail);
  Levels sl = xp ? serverLevel(s, *xp, detail) : Levels{s.dcom.legacyAuthenticationLevel.value, std::string()};
  const int callLevel = std::max(cl.value, sl.value);
  const int explicitAct = client.program && client.program->activationAuthenticationLevel
                              ? client.program->activationAuthenticationLevel->value
                              : 0;
  const ClientRaise &raise = raiseOf(client);
  const int actLevel = activationLevel(cl.value, explicitAct, raise.level);
  const int actEffective = std::max(actLevel, s.dcom.legacyAuthenticationLevel.value);

  // 1. local
  run.begin(Step::Local);
  // What the hosts' snapshots could not tell (a missing or unreadable file): those facts are defaults.
  for (const model::Host *h : {&c, &s})
    if (h == &c || &s != &c)
      for (const auto &gap : h->snapshotGaps)
        EV("{} snapshot: {} ({})", h->name, gap.value, gap.from.origin());
  if (local) {
    EV("client and server are both on {}: local activation over LRPC; the local rights (Local Launch, Local "
           "Activation, Local Access) are checked and the network steps are skipped",
           s.name);
    SKIP(Step::EnableDcom, "skipped: local activation");
    SKIP(Step::Reachability, "skipped: local activation");
  } else {
    EV("client on {}, server on {}: remote activation (DCOM over TCP)", c.name, s.name);

    // 2. enable-dcom
    run.begin(Step::EnableDcom);
    const auto &ce = c.dcom.enableDcom, &se = s.dcom.enableDcom;
    EV("{} {} = {} ({})", c.name, ce.from.where, ce.value ? "Y" : "N", ce.from.origin());
    EV("{} {} = {} ({})", s.name, se.from.where, se.value ? "Y" : "N", se.from.origin());
    if (!ce.value) {
      EV("rule: a client with EnableDCOM = N cannot call out (spec section 4, step 2)");
      return run.fail(Step::EnableDcom, hr::RPC_E_REMOTE_DISABLED);
    }
    if (!se.value) {
      EV("rule: a server with EnableDCOM = N refuses remote activation (spec section 4, step 2 *(verify)*)");
      return run.fail(Step::EnableDcom, hr::E_ACCESSDENIED);
    }

    // 3. reachability
    run.begin(Step::Reachability);
    const model::Link *l = link(client.host, sIdx);
    const model::Link *back = link(sIdx, client.host);
    if (l && !l->reachable.value) {
      EV("{} cannot reach {} over TCP ({} = false, {})", c.name, s.name, l->reachable.from.where, l->reachable.from.origin());
      EV("rule: {}, 0x800706BA", kGuide4);
      return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
    }
    if (!sn.rpcss) {
      const model::Service *rs = s.findService("RpcSs");
      EV("{} service RpcSs is {} ({}): nothing listens on TCP 135", s.name, rs->state, rs->from.origin());
      EV("rule: {}, 0x800706BA (RPCSS must run)", kGuide4);
      return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
    }
    if (l && l->dns) {
      auto answer = parseIpv4(l->dns->value);
      if (!answer || std::find(sn.addresses.begin(), sn.addresses.end(), *answer) == sn.addresses.end()) {
        EV("{}'s DNS answers {} for {} ({}), which is not one of {}'s addresses", c.name, l->dns->value, s.name,
               l->dns->from.origin(), s.name);
        EV("rule: {}, 0x800706BA", kGuide4);
        return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
      }
    }
    std::optional<uint32_t> from = cn.addresses.empty() ? std::nullopt : std::optional<uint32_t>(cn.addresses[0]);
    if (s.firewall.enabled.value) {
      const model::FirewallRule *by = nullptr;
      bool ok135 = firewallAllows(sn.rules, sn.rpcRange, from, PortNeed{PortNeed::EndpointMapper, {}, {}}, &by);
      EV("{} firewall is on ({}); TCP 135 from {} ({}): {}", s.name, s.firewall.enabled.from.origin(), c.name,
             cAddr.empty() ? "address unknown" : cAddr, ok135 ? "allowed by " + ruleText(by) : (by ? "blocked by " + ruleText(by) : "no inbound rule allows it"));
      if (!ok135) {
        EV("rule: {}, 0x800706BA: \"add TCP port 135 to the firewall exception list\"; the guide, chapter 2 "
               "\"Configure Windows Firewall Settings\"", kGuide4);
        return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
      }
      if (xp) {
        PortNeed need{PortNeed::Server, lowerExe(sIdx, *xp), {}};
        if (xp->endpointPort)
          need.fixedPort = xp->endpointPort->value;
        bool okPort = firewallAllows(sn.rules, sn.rpcRange, from, need, &by);
        EV("{} firewall: the server's dynamic port ({}{}) from {}: {}", s.name, xp->exe.value,
               xp->endpointPort ? fmt::format(", Endpoints port {}", xp->endpointPort->value)
                                : fmt::format(", RPC ports {}-{}", sn.rpcRange.first, sn.rpcRange.last),
               c.name, okPort ? "allowed by " + ruleText(by) : (by ? "blocked by " + ruleText(by) : "no inbound rule allows it"));
        if (!okPort) {
          EV("rule: the guide, chapter 2 \"Configure Windows Firewall Settings\": an exception for the OPC server "
                 "executable; {}, 0x800706BA", kGuide4);
          return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
        }
      }
    } else {
      EV("{} firewall is off ({})", s.name, s.firewall.enabled.from.origin());
    }
    // NAT on the way from C to S: S's object reference carries addresses C cannot reach. (NAT
    // only on the way back breaks the callbacks, not the connect.)
    (void)back;
    bool nat = l && l->nat.value;
    if (nat) {
      const model::Link *nl = l;
      EV("NAT between {} and {} ({}): the object reference carries {}'s own addresses, which {} cannot reach",
             c.name, s.name, nl->nat.from.origin(), s.name, c.name);
      EV("rule: spec section 4, step 3; the guide, chapter 4, 0x80040202 \"NAT\"");
      return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
    }
    EV("{} reaches {} on TCP 135 and the server's port; no NAT{}", c.name, s.name, l ? " (" + l->from_.origin() + ")" : " (the default: reachable, no NAT)");
  }

  // 4. authentication
  // A Windows client's DCOM SCM retries a refused activation without security unless the program
  // passed its own activation security (COAUTHINFO); non-Windows stacks do not retry.
  const bool windowsStack = !client.program || client.program->stack.value == model::ClientStack::Windows;
  const bool unsecuredRetry = windowsStack && explicitAct == 0;
  const Logon &who = local ? tokens_.logon(client.user, sIdx, LogonKind::Local, false)
                           : tokens_.logon(client.user, sIdx, LogonKind::Network, actEffective <= 1, unsecuredRetry, !detail);
  if (!local) {
    run.begin(Step::Authentication);
    EV("activation level: {}{}; {} -> {}; the server host asks for {}: effective {} (the higher one; the guide, "
           "chapter 2 \"Authentication\")",
           cl.why, explicitAct ? fmt::format("; the program sets {} explicitly on activation", levelText(explicitAct)) : "",
           raise.why, levelText(actLevel), levelText(s.dcom.legacyAuthenticationLevel.value), levelText(actEffective));
    run.evs(who.evidence);
    if (who.status != 0 && detail)
      run.event(events::logonFailure(s, who, c.name, cAddr));
    if (!who.ok) {
      EV("rule: the guide, chapter 4 \"Unknown User or Bad Password\" and 0x80070005 \"cannot be authenticated by "
             "the server computer\"; spec section 2");
      return run.fail(Step::Authentication, hr::E_ACCESSDENIED);
    }

    // 5. hardening
    run.begin(Step::Hardening);
    const ServerHardening &sh = sn.hardening;
    EV("{}", sh.why);
    if (sh.enforced && !who.anonymous && actLevel > 1 && actLevel < 5) {
      EV("the activation request carries {}, below Packet Integrity (5): refused (KB5004442, CVE-2021-26414; spec "
             "section 6)",
             levelText(actLevel));
      if (detail) {
        run.event(events::hardeningRefused(s, who, cAddr));
        if (raise.level > 0 || (client.program && client.program->stack.value == model::ClientStack::Windows &&
                                c.os.value.generation() == model::OsGeneration::VistaPlus && c.patched &&
                                !(c.patched->value < kHardeningIntroduced)))
          run.event(events::clientLevelTooLow(c, client.programName.empty() ? std::string("(client)") : client.programName,
                                              xp ? xp->clsid.value : className, s.name, actLevel, explicitAct > 0));
      }
      return run.fail(Step::Hardening, hr::E_ACCESSDENIED);
    }
    EV("activation level {} {}{}", levelText(actLevel),
           sh.enforced ? "satisfies the hardening" : "is not checked", who.anonymous ? " (anonymous activation is not refused by this rule *(verify)*)" : "");
  }

  // 6. launch-limits
  run.begin(Step::LaunchLimits);
  const bool running = xp && xp->running.value;
  const uint32_t activate = local ? com::ActivateLocal : com::ActivateRemote;
  const uint32_t launchBit = local ? com::ExecuteLocal : com::ExecuteRemote;
  const uint32_t neededLaunch = running ? activate : (activate | launchBit);
  if (const model::Descriptor *lim = launchLimitsOf(s)) {
    uint32_t g = granted(*lim, who, neededLaunch, true);
    describeCheck(run, tokens_, sIdx, *lim, "MachineLaunchRestriction", who, neededLaunch, g, com::PermissionKind::Launch,
                  "spec section 4, step 6; the guide, chapter 2 \"Configure OPC Client Node DCOM Settings\" (Launch and "
                  "Activation Limits)");
    if ((g & neededLaunch) != neededLaunch) {
      bool activationMissing = !(g & activate);
      if (detail)
        run.event(events::launchLimits(s, who, xp ? xp->clsid.value : className, !local, !activationMissing, cAddr));
      return run.fail(Step::LaunchLimits, hr::E_ACCESSDENIED);
    }
  } else {
    EV("{} runs {}: no machine-wide Limits exist before XP SP2 / Server 2003 SP1", s.name, s.os.value.displayName());
  }

  // 7. registration
  run.begin(Step::Registration);
  if (!xp || !xp->registered.value) {
    if (xp)
      EV("{} {} is not registered ({})", s.name, xp->registered.from.where, xp->registered.from.origin());
    else
      EV("no class {} is registered on {} (the plant declares no such [[host.server]] there)", className, s.name);
    EV("rule: {}, 0x80040154", kGuide4);
    return run.fail(Step::Registration, hr::REGDB_E_CLASSNOTREG);
  }
  const model::ComServer &x = *xp;
  if (x.preferredServerBitness && x.preferredServerBitness->value >= 2 &&
      (x.preferredServerBitness->value == 2) != (x.view.value == "32")) {
    EV("{} {} = {} ({}) asks for the {}-bit server, but {} is registered only in the {}-bit view ({})", s.name,
           x.preferredServerBitness->from.where, x.preferredServerBitness->value, x.preferredServerBitness->from.origin(),
           x.preferredServerBitness->value == 2 ? "32" : "64", x.progid.value, x.view.value, x.view.from.origin());
    EV("rule: {}, 0x80040154; Microsoft, PreferredServerBitness", kGuide4);
    return run.fail(Step::Registration, hr::REGDB_E_CLASSNOTREG);
  }
  EV("{} {} ({}) is registered in the {}-bit view ({}), AppID {}", s.name, x.progid.value, x.clsid.value,
         x.view.value, x.registered.from.origin(), x.appid.value);

  // 8. launch-permission
  run.begin(Step::LaunchPermission);
  {
    const bool appSpecific = x.launchPermission.has_value();
    const model::Descriptor *lp = appSpecific ? &*x.launchPermission : s.dcom.defaultLaunchPermission ? &*s.dcom.defaultLaunchPermission : nullptr;
    if (lp) {
      uint32_t g = granted(*lp, who, neededLaunch, true);
      describeCheck(run, tokens_, sIdx, *lp, appSpecific ? "LaunchPermission" : "DefaultLaunchPermission", who, neededLaunch, g,
                    com::PermissionKind::Launch,
                    "spec section 4, step 8; the guide, chapter 4 \"Failed OPC Server Activation\"",
                    appSpecific ? "" : "; the AppID has no LaunchPermission, so DefaultLaunchPermission applies");
      if ((g & neededLaunch) != neededLaunch) {
        bool activationMissing = !(g & activate);
        if (detail)
          run.event(events::launchPermission(s, who, x.clsid.value, x.appid.value, appSpecific, !local, !activationMissing, cAddr));
        return run.fail(Step::LaunchPermission, hr::E_ACCESSDENIED);
      }
    }
  }

  // The server's process identity (9-11 and the advise direction).
  const Logon *identity = nullptr;
  if (running) {
    SKIP(Step::LaunchIdentity, "skipped: the server is already running ({}), no launch", x.running.from.origin());
    SKIP(Step::Executable, "skipped: no launch");
    SKIP(Step::ExecutableAccess, "skipped: no launch");
  } else {
    // 9. launch-identity
    run.begin(Step::LaunchIdentity);
    const model::RunAs &ra = x.runAs.value;
    Principal id;
    switch (ra.kind) {
    case model::RunAs::Kind::LaunchingUser:
      EV("{} {} is absent: the server runs as the launching user ({})", s.name, x.runAs.from.where, x.runAs.from.origin());
      identity = &who;
      break;
    case model::RunAs::Kind::InteractiveUser:
      if (!s.consoleUser) {
        EV("{} RunAs = \"Interactive User\" ({}) and nobody is logged on at {}'s console", s.name, x.runAs.from.origin(), s.name);
        EV("rule: {}, 0x8000401A: \"configured with an identity of Interactive user, but no user is logged on\"", kGuide4);
        return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
      }
      id = tokens_.resolve(sIdx, s.consoleUser->value);
      EV("{} RunAs = \"Interactive User\" ({}): {} is logged on at the console ({})", s.name, x.runAs.from.origin(),
             s.consoleUser->value, s.consoleUser->from.origin());
      identity = &tokens_.processToken(id, sIdx);
      break;
    case model::RunAs::Kind::Service: {
      const model::Service *svc = s.findService(ra.account);
      if (!svc) {
        EV("{} LocalService = {} ({}) but no such service is installed", s.name, ra.account, x.runAs.from.origin());
        return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
      }
      if (iequals(svc->startType, "disabled")) {
        EV("{} service {} is disabled ({})", s.name, svc->name, svc->from.origin());
        return run.fail(Step::LaunchIdentity, hr::ERROR_SERVICE_DISABLED);
      }
      id = tokens_.resolve(sIdx, svc->logonAccount);
      EV("{} runs as service {} whose Log On account is {} ({}); the guide, chapter 2 \"Windows Services\": the Identity "
             "must equal the Log On account",
             x.progid.value, svc->name, svc->logonAccount, svc->from.origin());
      if (!id.known()) {
        EV("the Log On account {} does not exist on {}", svc->logonAccount, s.name);
        return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
      }
      identity = &tokens_.processToken(id, sIdx);
      break;
    }
    case model::RunAs::Kind::Account: {
      const Principal &acctId = identityOf(sIdx, x);
      EV("{} {} = {} ({})", s.name, x.runAs.from.where, ra.account, x.runAs.from.origin());
      const model::Account *acct = nullptr;
      std::string_view dom = s.name;
      if (acctId.kind == Principal::Kind::Local)
        acct = &plant_.hosts[acctId.host].users[acctId.account];
      else if (acctId.kind == Principal::Kind::Domain) {
        acct = &plant_.domains[acctId.domain].users[acctId.account];
        dom = plant_.domains[acctId.domain].name;
      }
      uint32_t err = 0;
      if (!acct) {
        err = 1326;
        EV("no account {} exists on {}", ra.account, s.name);
      } else if (acct->locked) {
        err = 1909;
        EV("{}\\{} is locked out ({})", dom, acct->name, acct->from.origin());
      } else if (!x.runAsPasswordLabel || !acct->passwordLabel || x.runAsPasswordLabel->value != *acct->passwordLabel) {
        err = 1326;
        EV("the password stored for RunAs ({}) {} the account's ({}, {})",
               x.runAsPasswordLabel ? "label \"" + x.runAsPasswordLabel->value + "\", " + x.runAsPasswordLabel->from.origin() : "not stated",
               x.runAsPasswordLabel && acct->passwordLabel ? "differs from" : "cannot be matched with",
               acct->passwordLabel ? "label \"" + *acct->passwordLabel + "\"" : "label not set",
               acct->passwordProvenance().origin());
      } else if (!acct->enabled) {
        err = 1331;
        EV("{}\\{} is disabled ({})", dom, acct->name, acct->from.origin());
      } else if (acct->passwordExpired) {
        err = 1330;
        EV("{}\\{}'s password has expired ({})", dom, acct->name, acct->from.origin());
      } else {
        EV("{}\\{} exists, is enabled, and the stored RunAs password has the same label (\"{}\")", dom, acct->name,
               *acct->passwordLabel);
      }
      if (err) {
        EV("rule: {}, 0x8000401A: \"the account does not exist\" / \"the password is incorrect or expired\"", kGuide4);
        if (detail)
          run.event(events::runAsLogonFailure(s, std::string(dom), acct ? acct->name : ra.account, err, x.clsid.value));
        return run.fail(Step::LaunchIdentity, hr::CO_E_RUNAS_LOGON_FAILURE);
      }
      identity = &tokens_.processToken(acctId, sIdx);
      break;
    }
    }

    // 10. executable
    run.begin(Step::Executable);
    if (!x.exePresent.value) {
      EV("{} {} does not exist ({})", s.name, x.exe.value, x.exePresent.from.origin());
      EV("rule: {}, 0x8007007E \"the executable file for the OPC server cannot be loaded\"", kGuide4);
      return run.fail(Step::Executable, hr::ERROR_MOD_NOT_FOUND);
    }
    EV("{} {} exists ({})", s.name, x.exe.value.empty() ? "(the server executable)" : x.exe.value, x.exePresent.from.origin());

    // 11. executable-access
    run.begin(Step::ExecutableAccess);
    // Exact key: the server's number in the plant and the identity's logon id.
    const uint64_t readKey = (uint64_t(sn.serverBase + static_cast<uint32_t>(&x - s.servers.data())) << 32) | identity->id;
    const bool *cached = exeReadCache_.find(readKey);
    const bool canRead = cached ? *cached : exeReadCache_.insert(readKey, tokens_.tokenMatchesAny(*identity, sIdx, x.exeReaders.value));
    EV("the folder of {} grants read & execute to {} ({}); the server's identity {} {} one of them", x.exe.value,
           fmt::join(x.exeReaders.value, ", "), x.exeReaders.from.origin(), identity->display(), canRead ? "is" : "is not");
    if (!canRead) {
      EV("rule: {}, 0x80080005 and the guide, chapter 2 \"Set Permissions for Directories containing OPC Executables\"", kGuide4);
      if (detail)
        run.event(events::serverDidNotRegister(s, x.clsid.value));
      return run.fail(Step::ExecutableAccess, hr::CO_E_SERVER_EXEC_FAILURE);
    }
  }

  // 12. license
  run.begin(Step::License);
  if (!x.licensed.value) {
    EV("{}'s license is not installed ({})", x.progid.value, x.licensed.from.origin());
    EV("rule: {}, 0x80040112 (not a DCOM security problem)", kGuide4);
    return run.fail(Step::License, hr::CLASS_E_NOTLICENSED);
  }
  EV("{} is licensed ({})", x.progid.value, x.licensed.from.origin());

  // 13. connection-kind
  run.begin(Step::ConnectionKind);
  {
    auto k = x.accepts.value;
    bool ok = k == model::ConnectionKind::Any || (k == model::ConnectionKind::Local) == local;
    const char *kinds = k == model::ConnectionKind::Any ? "any" : k == model::ConnectionKind::Local ? "local only" : "remote only";
    EV("{} accepts {} connections ({}); this one is {}", x.progid.value, kinds, x.accepts.from.origin(), local ? "local" : "remote");
    if (!ok) {
      EV("rule: {}, 0x80040111: \"the server does not accept the type of connection requested\"", kGuide4);
      return run.fail(Step::ConnectionKind, hr::CLASS_E_CLASSNOTAVAILABLE);
    }
  }

  // 14. access (the first call)
  run.begin(Step::Access);
  const Logon &caller = local ? who : tokens_.logon(client.user, sIdx, LogonKind::Network, callLevel <= 1, unsecuredRetry, !detail);
  if (x.authenticationLevel && x.authenticationLevel->value == 1) {
    EV("{} {} = 1 (None) ({}): the server does not check access", s.name, x.authenticationLevel->from.where,
           x.authenticationLevel->from.origin());
  } else {
    EV("call level: {}; {}: effective {}", cl.why, sl.why, levelText(callLevel));
    if (!local && caller.id != who.id)
      run.evs(caller.evidence);
    if (!caller.ok) {
      if (detail && caller.status)
        run.event(events::logonFailure(s, caller, c.name, cAddr));
      return run.fail(Step::Access, hr::E_ACCESSDENIED);
    }
    const uint32_t needed = local ? com::ExecuteLocal : com::ExecuteRemote;
    if (const model::Descriptor *lim = accessLimitsOf(s)) {
      uint32_t g = granted(*lim, caller, needed, false);
      describeCheck(run, tokens_, sIdx, *lim, "MachineAccessRestriction", caller, needed, g, com::PermissionKind::Access,
                    "spec section 4, step 14; the guide, chapter 4, 0x80070005 \"remote access permission in the "
                    "system-wide Limits\"");
      if (!(g & needed)) {
        if (detail)
          run.event(events::accessLimits(s, caller, x.clsid.value, !local, cAddr));
        return run.fail(Step::Access, hr::E_ACCESSDENIED);
      }
    }
    const bool appSpecific = x.accessPermission.has_value();
    const model::Descriptor &ap = appSpecific ? *x.accessPermission
                                  : s.dcom.defaultAccessPermission ? *s.dcom.defaultAccessPermission
                                                                   : comBuiltinAccess();
    // SELF (PS) is the server's own identity.
    const Logon *self = identity;
    if (!self && x.runAs.value.kind == model::RunAs::Kind::Account) {
      const Principal &id = identityOf(sIdx, x);
      if (id.known())
        self = &tokens_.processToken(id, sIdx);
    }
    bool isSelf = self && self->token.user == caller.token.user;
    uint32_t g;
    if (isSelf) {
      winsec::Token t = caller.token;
      t.groups.push_back(winsec::TokenGroup{winsec::Sid(5, {10})}); // PRINCIPAL_SELF
      g = winsec::accessCheck(ap.sd, t, needed, mapAccess).granted;
    } else {
      g = granted(ap, caller, needed, false);
    }
    describeCheck(run, tokens_, sIdx, ap, appSpecific ? "AccessPermission" : "DefaultAccessPermission", caller, needed, g,
                  com::PermissionKind::Access,
                  "spec section 4, step 14",
                  appSpecific ? "" : "; the AppID has no AccessPermission, so the machine default applies");
    if (!(g & needed)) {
      if (detail)
        run.event(events::accessPermission(s, caller, x.clsid.value, appSpecific, !local, cAddr));
      return run.fail(Step::Access, hr::E_ACCESSDENIED);
    }
  }

  // 15. interface
  run.begin(Step::Interface);
  if (x.ownSecurity) {
    bool accepted = !caller.anonymous && tokens_.tokenMatchesAny(caller, sIdx, x.ownSecurity->value);
    EV("{} has its own security ({}), accepting {}; the caller is {}", x.progid.value, x.ownSecurity->from.origin(),
           fmt::join(x.ownSecurity->value, ", "), caller.display());
    if (!accepted) {
      EV("rule: {}, 0x80004002: servers with their own security answer E_NOINTERFACE to unauthorised or anonymous callers",
             kGuide4);
      return run.fail(Step::Interface, hr::E_NOINTERFACE);
    }
  } else {
    EV("{} has no security of its own; the OPC interfaces are supported", x.progid.value);
  }
  return std::move(run.out);
}

// ------------------------------------------------------------------------------------------
// Advise (section 5)

Outcome Simulator::advise(const ClientSpec &client, int sIdx, const model::ComServer &x, bool detail) {
  Run run{detail, {}, nullptr};
  const model::Host &c = plant_.hosts[client.host];
  const model::Host &s = plant_.hosts[sIdx];
  const HostNet &cn = (*net_)[client.host];
  const HostNet &sn = (*net_)[sIdx];
  const bool local = client.host == sIdx;
  const std::string sAddr = !detail ? std::string() : local ? std::string("LocalHost (Using LRPC)") : firstAddress(s);
  const char *kGuide4 = "the guide, chapter 4, 0x80040202 and 0x80070005 (Advise)";
  // A refused callback: the code depends on the server program (spec section 5).
  auto refused = [&](Step st) {
    if (x.refusedCallback) {
      EV("{} reports a refused callback as {} ({})", x.progid.value, hresultHex(x.refusedCallback->value),
             x.refusedCallback->from.origin());
      return run.fail(st, x.refusedCallback->value);
    }
    EV("the plant does not state how {} reports a refused callback: E_ACCESSDENIED or CONNECT_E_CANNOTCONNECT",
           x.progid.value);
    return run.fail(st, hr::E_ACCESSDENIED, {hr::E_ACCESSDENIED, hr::CONNECT_E_CANNOTCONNECT});
  };

  // 1. callback-reachability
  run.begin(Step::CallbackReachability);
  if (local) {
    EV("server and client are both on {}: the callback is local", c.name);
  } else {
    const model::Link *l = link(sIdx, client.host);
    const model::Link *fwd = link(client.host, sIdx);
    auto fail = [&](std::string why) {
      EV("{}", why);
      EV("rule: {} (\"Network\": a firewall, NAT, or a wrong DNS answer for the client)", kGuide4);
      return run.fail(Step::CallbackReachability, hr::CONNECT_E_CANNOTCONNECT);
    };
    if (l && !l->reachable.value)
      return fail(fmt::format("{} cannot reach {} over TCP ({})", s.name, c.name, l->reachable.from.origin()));
    if ((l && l->nat.value) || (fwd && fwd->nat.value))
      return fail(fmt::format("NAT between {} and {} ({}): the client's object reference carries {}'s own address, which "
                              "{} cannot reach",
                              s.name, c.name, (l && l->nat.value ? l : fwd)->nat.from.origin(), c.name, s.name));
    if (l && l->dns) {
      auto answer = parseIpv4(l->dns->value);
      if (!answer || std::find(cn.addresses.begin(), cn.addresses.end(), *answer) == cn.addresses.end())
        return fail(fmt::format("{}'s DNS answers {} for {} ({}), not {}'s address", s.name, l->dns->value, c.name,
                                l->dns->from.origin(), c.name));
    }
    if (!cn.rpcss)
      return fail(fmt::format("{} service RpcSs is not running", c.name));
    std::optional<uint32_t> from = sn.addresses.empty() ? std::nullopt : std::optional<uint32_t>(sn.addresses[0]);
    if (c.firewall.enabled.value) {
      const model::FirewallRule *by = nullptr;
      bool ok135 = firewallAllows(cn.rules, cn.rpcRange, from, PortNeed{PortNeed::EndpointMapper, {}, {}}, &by);
      EV("{} firewall is on ({}); TCP 135 from {}: {}", c.name, c.firewall.enabled.from.origin(), s.name,
             ok135 ? "allowed by " + ruleText(by) : (by ? "blocked by " + ruleText(by) : "no inbound rule allows it"));
      if (!ok135) {
        // Nothing answers on 135: the server sees RPC_S_SERVER_UNAVAILABLE, which it may pass on.
        EV("{}'s firewall does not let {} in on TCP 135", c.name, s.name);
        EV("rule: {} and 0x800706BA (Advise: \"the same steps ... on the client computer\")", kGuide4);
        return run.fail(Step::CallbackReachability, hr::CONNECT_E_CANNOTCONNECT,
                        {hr::CONNECT_E_CANNOTCONNECT, hr::RPC_S_SERVER_UNAVAILABLE});
      }
      const std::string &exe = client.program ? client.program->exe.value : kEmpty;
      bool okPort = firewallAllows(cn.rules, cn.rpcRange, from,
                                   PortNeed{PortNeed::Server, client.program ? lowerExe(client.host, *client.program) : kEmpty, {}}, &by);
      EV("{} firewall: the client's callback port ({}, RPC ports {}-{}) from {}: {}", c.name,
             exe.empty() ? "the client program" : exe, cn.rpcRange.first, cn.rpcRange.last, s.name,
             okPort ? "allowed by " + ruleText(by) : (by ? "blocked by " + ruleText(by) : "no inbound rule allows it"));
      if (!okPort)
        return fail(fmt::format("{}'s firewall does not let {} reach the client program", c.name, s.name));
    } else {
      EV("{} firewall is off ({})", c.name, c.firewall.enabled.from.origin());
    }
    EV("{} reaches {} on TCP 135 and the client's port; no NAT", s.name, c.name);
  }

  // 2. the identity that calls back, and its level
  Levels cl = clientLevel(c, client.program, detail);
  Levels sl = serverLevel(s, x, detail);
  const int level = std::max(cl.value, sl.value);
  Principal launching;
  std::string idWhy;
  const Principal *idp = &launching;
  if (x.runAs.value.kind == model::RunAs::Kind::LaunchingUser) {
    launching = client.user;
    if (launching.kind == Principal::Kind::Local && launching.host == client.host && !local) {
      // The launching user's token on S is the account of S with that name.
      Principal onS = tokens_.resolve(sIdx, plant_.hosts[launching.host].users[launching.account].name);
      if (onS.known())
        launching = onS;
    }
  } else {
    idp = &identityOf(sIdx, x);
  }
  const Principal &id = *idp;
  if (detail) {
    switch (x.runAs.value.kind) {
    case model::RunAs::Kind::LaunchingUser:
      idWhy = "the server runs as the launching user (no RunAs)";
      break;
    case model::RunAs::Kind::InteractiveUser:
      idWhy = "the server runs as the interactive user" + (s.consoleUser ? " " + s.consoleUser->value : std::string());
      break;
    case model::RunAs::Kind::Service:
      idWhy = "the server runs as service " + x.runAs.value.account;
      break;
    case model::RunAs::Kind::Account:
      idWhy = fmt::format("the server runs as {} ({})", x.runAs.value.account, x.runAs.from.origin());
      break;
    }
  }

  // 3. callback-authentication
  run.begin(Step::CallbackAuthentication);
  EV("{}; callback level: {}; {}: effective {} (spec section 5, step 2)", idWhy, sl.why, cl.why, levelText(level));
  const Logon &who = local ? tokens_.logon(id, client.host, LogonKind::Local, false)
                           : tokens_.logon(id, client.host, LogonKind::Network, level <= 1, false, !detail);
  run.evs(who.evidence);
  if (!local && who.status != 0 && detail)
    run.event(events::logonFailure(c, who, s.name, sAddr));
  if (!who.ok) {
    EV("rule: {}: \"the account used as the server identity cannot be authenticated\"; identical local accounts on "
           "both computers (the guide, chapter 2 \"Select or Create User Accounts\")",
           kGuide4);
    return refused(Step::CallbackAuthentication);
  }

  // 4. callback-access
  run.begin(Step::CallbackAccess);
  const uint32_t needed = local ? com::ExecuteLocal : com::ExecuteRemote;
  if (const model::Descriptor *lim = accessLimitsOf(c)) {
    uint32_t g = granted(*lim, who, needed, false);
    describeCheck(run, tokens_, client.host, *lim, "MachineAccessRestriction", who, needed, g, com::PermissionKind::Access,
                  "the guide, chapter 4, 0x80040202: \"The client Limits ACL does not allow a connection from the account "
                  "used as the server's identity\"");
    if (!(g & needed)) {
      if (detail)
        run.event(events::accessLimits(c, who, client.programName.empty() ? "(client)" : client.programName, !local, sAddr));
      return refused(Step::CallbackAccess);
    }
  }
  const bool own = client.program && client.program->accessPermission;
  const model::Descriptor &ap = own ? *client.program->accessPermission
                                : c.dcom.defaultAccessPermission ? *c.dcom.defaultAccessPermission : comBuiltinAccess();
  const Logon &clientSelf = tokens_.logon(client.user, client.host, LogonKind::Local, false);
  uint32_t g;
  if (clientSelf.ok && clientSelf.token.user == who.token.user) {
    winsec::Token t = who.token;
    t.groups.push_back(winsec::TokenGroup{winsec::Sid(5, {10})}); // SELF: the client's own identity
    g = winsec::accessCheck(ap.sd, t, needed, mapAccess).granted;
  } else {
    g = granted(ap, who, needed, false);
  }
  describeCheck(run, tokens_, client.host, ap, own ? "the client's own security" : "DefaultAccessPermission", who, needed, g,
                com::PermissionKind::Access,
                "the guide, chapter 4, 0x80070005 (Advise): \"there are no DCOM ACLs specific to the client process, only "
                "the system default ACLs\"");
  if (!(g & needed)) {
    if (detail)
      run.event(events::accessPermission(c, who, client.programName.empty() ? "(client)" : client.programName, false, !local, sAddr));
    return refused(Step::CallbackAccess);
  }
  return std::move(run.out);
}

// ------------------------------------------------------------------------------------------
// predict: names to indices, then connect / advise, then fixes

Result<Prediction> Simulator::predict(const Request &req, const Options &options) {
  int cIdx = tokens_.hostIndex(req.clientHost);
  if (cIdx < 0)
    return Error::at("client host \"" + req.clientHost + "\" is not in the plant");
  int sIdx = tokens_.hostIndex(req.serverHost);
  if (sIdx < 0)
    return Error::at("server host \"" + req.serverHost + "\" is not in the plant");
  const model::Host &c = plant_.hosts[cIdx];
  const model::Host &s = plant_.hosts[sIdx];

  ClientSpec client;
  client.host = cIdx;
  if (!req.program.empty()) {
    client.program = c.findClient(req.program);
    if (!client.program)
      return Error::at("host \"" + c.name + "\" has no client program \"" + req.program + "\"");
  } else if (!req.user.empty()) {
    for (const auto &p : c.clients)
      if (iequals(p.runAs.value, req.user)) {
        client.program = &p;
        break;
      }
  } else if (c.clients.size() == 1) {
    client.program = &c.clients[0];
  }
  if (req.user.empty() && !client.program)
    return Error::at("say which account the client runs as (--user) or which program (--program) on " + c.name);
  client.userName = req.user.empty() ? client.program->runAs.value : req.user;
  client.programName = client.program ? client.program->name : std::string();
  client.user = tokens_.resolve(cIdx, client.userName);
  if (!client.user.known())
    return Error::at("account \"" + client.userName + "\" does not exist on " + c.name +
                     " (a local account of the client host, or DOMAIN\\name of a declared domain)");

  const model::ComServer *x = s.findServer(req.serverClass);
  Prediction p;
  p.clientHost = c.name;
  p.clientUser = client.userName;
  p.clientProgram = client.programName;
  p.serverHost = s.name;
  p.serverClass = req.serverClass;
  bool detail = options.detail || options.fixes;
  p.connect = connect(client, sIdx, x, req.serverClass, detail);
  if (req.advise) {
    if (x)
      p.advise = advise(client, sIdx, *x, detail);
    else {
      Outcome o;
      o.hresult = hr::REGDB_E_CLASSNOTREG;
      o.step = Step::CallbackReachability;
      o.steps.push_back(StepResult{Step::CallbackReachability, false, false,
                                   {"no class " + req.serverClass + " on " + s.name + ": nothing to call back from"}});
      p.advise = o;
    }
  }
  if (options.fixes) {
    proposeFixes(plant_, req, client, p);
  }
  return p;
}

} // namespace dd::sim
