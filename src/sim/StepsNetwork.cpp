// The network steps as units (see Steps.h): local, enable-dcom, reachability and
// callback-reachability (docs/model.md#local, #enable-dcom, #reachability, #callback-reachability).
#include "sim/FixKit.h"
#include "sim/Steps.h"

#include "model/Defaults.h"

#include <fmt/format.h>

namespace dd::sim {

using model::iequals;

namespace {
const std::string kEmpty;
} // namespace

// ------------------------------------------------------------------------------------------
// local (docs/model.md#local)

bool checkLocal(StepContext &ctx) {
  Run &run = ctx.run;
  run.begin(Step::Local);
  // What the hosts' snapshots could not tell (a missing or unreadable file): those facts are defaults.
  for (const model::Host *h : {&ctx.c, &ctx.s})
    if (h == &ctx.c || !ctx.local)
      for (const auto &gap : h->snapshotGaps)
        EV("{} snapshot: {} ({})", h->name, gap.value, gap.from.origin());
  if (ctx.local)
    EV("client and server are both on {}: local activation over LRPC; the local rights (Local Launch, Local "
       "Activation, Local Access) are checked and the network steps are skipped",
       ctx.s.name);
  else
    EV("client on {}, server on {}: remote activation (DCOM over TCP)", ctx.c.name, ctx.s.name);
  return true;
}

// ------------------------------------------------------------------------------------------
// enable-dcom (docs/model.md#enable-dcom)

bool checkEnableDcom(StepContext &ctx) {
  Run &run = ctx.run;
  if (ctx.local) {
    SKIP(Step::EnableDcom, "skipped: local activation");
    return true;
  }
  run.begin(Step::EnableDcom);
  const auto &ce = ctx.c.dcom.enableDcom, &se = ctx.s.dcom.enableDcom;
  EV("{} {} = {} ({})", ctx.c.name, ce.from.where, ce.value ? "Y" : "N", ce.from.origin());
  EV("{} {} = {} ({})", ctx.s.name, se.from.where, se.value ? "Y" : "N", se.from.origin());
  if (!ce.value) {
    EV("rule: a client with EnableDCOM = N cannot call out (docs/model.md#enable-dcom)");
    return run.fail(Step::EnableDcom, hr::RPC_E_REMOTE_DISABLED);
  }
  if (!se.value) {
    EV("rule: a server with EnableDCOM = N refuses remote activation (docs/model.md#enable-dcom *(verify)*)");
    return run.fail(Step::EnableDcom, hr::E_ACCESSDENIED);
  }
  return true;
}

// ------------------------------------------------------------------------------------------
// reachability (docs/model.md#reachability): the client reaches the server's TCP 135 and the
// server's port, at an address the server advertises.

bool checkReachability(StepContext &ctx) {
  Run &run = ctx.run;
  if (ctx.local) {
    SKIP(Step::Reachability, "skipped: local activation");
    return true;
  }
  run.begin(Step::Reachability);
  const model::Host &c = ctx.c, &s = ctx.s;
  const model::ComServer *xp = ctx.xp;
  std::optional<uint16_t> fixedPort;
  if (xp && xp->endpointPort)
    fixedPort = xp->endpointPort->value;
  const Reach r = reach(
      ctx, ReachRequest{ctx.client.host, ctx.sIdx, xp ? &ctx.lowerExe(ctx.sIdx, *xp) : nullptr, fixedPort, false});
  const model::Link *l = r.path;
  using R = Reach::Refused;
  switch (r.refused) {
  case R::Path:
    EV("{} cannot reach {} over TCP ({} = false, {})", c.name, s.name, l->reachable.from.where,
       l->reachable.from.origin());
    EV("rule: {}, 0x800706BA", kGuide4Codes);
    return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
  case R::Rpcss: {
    const model::Service *rs = s.findService("RpcSs");
    EV("{} service RpcSs is {} ({}): nothing listens on TCP 135", s.name, rs->state, rs->from.origin());
    EV("rule: {}, 0x800706BA (RPCSS must run)", kGuide4Codes);
    return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
  }
  case R::Dns:
    EV("{}'s DNS answers {} for {} ({}), which is not one of {}'s addresses", c.name, l->dns->value, s.name,
       l->dns->from.origin(), s.name);
    EV("rule: {}, 0x800706BA", kGuide4Codes);
    return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
  default: break;
  }
  if (r.firewallOn) {
    EV("{} firewall is on ({}); TCP 135 from {} ({}): {}", s.name, s.firewall.enabled.from.origin(), c.name,
       ctx.peerAddr.empty() ? "address unknown" : ctx.peerAddr, firewallVerdict(r.ok135, r.by135));
    if (!r.ok135) {
      EV("rule: {}, 0x800706BA: \"add TCP port 135 to the firewall exception list\"; the guide, chapter 2 "
         "\"Configure Windows Firewall Settings\"",
         kGuide4Codes);
      return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
    }
    if (r.portChecked) {
      EV("{} firewall: the server's dynamic port ({}{}) from {}: {}", s.name, xp->exe.value,
         xp->endpointPort ? fmt::format(", Endpoints port {}", xp->endpointPort->value)
                          : fmt::format(", RPC ports {}-{}", ctx.sn.rpcRange.first, ctx.sn.rpcRange.last),
         c.name, firewallVerdict(r.okPort, r.byPort));
      if (!r.okPort) {
        EV("rule: the guide, chapter 2 \"Configure Windows Firewall Settings\": an exception for the OPC server "
           "executable; {}, 0x800706BA",
           kGuide4Codes);
        return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
      }
    }
  } else {
    EV("{} firewall is off ({})", s.name, s.firewall.enabled.from.origin());
  }
  if (r.refused == R::Nat) {
    // NAT only on the way back breaks the callbacks, not the connect.
    EV("NAT between {} and {} ({}): the object reference carries {}'s own addresses, which {} cannot reach", c.name,
       s.name, r.nat->nat.from.origin(), s.name, c.name);
    EV("rule: docs/model.md#reachability; the guide, chapter 4, 0x80040202 \"NAT\"");
    return run.fail(Step::Reachability, hr::RPC_S_SERVER_UNAVAILABLE);
  }
  EV("{} reaches {} on TCP 135 and the server's port; no NAT{}", c.name, s.name,
     l ? " (" + l->from_.origin() + ")" : " (the default: reachable, no NAT)");
  return true;
}

// ------------------------------------------------------------------------------------------
// callback-reachability (docs/model.md#callback-reachability): the same check from the server
// to the client program's port.

bool checkCallbackReachability(StepContext &ctx) {
  Run &run = ctx.run;
  const model::Host &c = ctx.c, &s = ctx.s;
  run.begin(Step::CallbackReachability);
  if (ctx.local) {
    EV("server and client are both on {}: the callback is local", c.name);
    return true;
  }
  const model::ClientProgram *program = ctx.client.program;
  const Reach r = reach(
      ctx,
      ReachRequest{ctx.sIdx, ctx.client.host, program ? &ctx.lowerExe(ctx.client.host, *program) : &kEmpty, {}, true});
  auto fail = [&](std::string why) {
    EV("{}", why);
    EV("rule: {} (\"Network\": a firewall, NAT, or a wrong DNS answer for the client)", kGuide4Advise);
    return run.fail(Step::CallbackReachability, hr::CONNECT_E_CANNOTCONNECT);
  };
  const model::Link *l = r.path;
  using R = Reach::Refused;
  switch (r.refused) {
  case R::Path:
    return fail(fmt::format("{} cannot reach {} over TCP ({})", s.name, c.name, l->reachable.from.origin()));
  case R::Rpcss: return fail(fmt::format("{} service RpcSs is not running", c.name));
  case R::Nat:
    return fail(fmt::format("NAT between {} and {} ({}): the client's object reference carries {}'s own address, which "
                            "{} cannot reach",
                            s.name, c.name, r.nat->nat.from.origin(), c.name, s.name));
  case R::Dns:
    return fail(fmt::format("{}'s DNS answers {} for {} ({}), not {}'s address", s.name, l->dns->value, c.name,
                            l->dns->from.origin(), c.name));
  default: break;
  }
  if (r.firewallOn) {
    EV("{} firewall is on ({}); TCP 135 from {}: {}", c.name, c.firewall.enabled.from.origin(), s.name,
       firewallVerdict(r.ok135, r.by135));
    if (!r.ok135) {
      // Nothing answers on 135: the server sees RPC_S_SERVER_UNAVAILABLE, which it may pass on.
      EV("{}'s firewall does not let {} in on TCP 135", c.name, s.name);
      EV("rule: {} and 0x800706BA (Advise: \"the same steps ... on the client computer\")", kGuide4Advise);
      return run.fail(Step::CallbackReachability, hr::CONNECT_E_CANNOTCONNECT,
                      {hr::CONNECT_E_CANNOTCONNECT, hr::RPC_S_SERVER_UNAVAILABLE});
    }
    const std::string &exe = program ? program->exe.value : kEmpty;
    EV("{} firewall: the client's callback port ({}, RPC ports {}-{}) from {}: {}", c.name,
       exe.empty() ? "the client program" : exe, ctx.cn.rpcRange.first, ctx.cn.rpcRange.last, s.name,
       firewallVerdict(r.okPort, r.byPort));
    if (!r.okPort)
      return fail(fmt::format("{}'s firewall does not let {} reach the client program", c.name, s.name));
  } else {
    EV("{} firewall is off ({})", c.name, c.firewall.enabled.from.origin());
  }
  EV("{} reaches {} on TCP 135 and the client's port; no NAT", s.name, c.name);
  return true;
}

// ------------------------------------------------------------------------------------------
// Fix candidates

void fixEnableDcom(const FixContext &f, std::vector<FixCandidate> &out) {
  for (const model::Host *h : {&f.c, &f.s})
    if (!h->dcom.enableDcom.value) {
      std::string name = h->name;
      out.push_back(
          candidateOf(Fix{fmt::format("enable DCOM on {}", name), model::regFileText(model::SettingId::EnableDcom, 1),
                          std::string(kGuide2) + " \"Configure OPC Client Node DCOM Settings\" step 3a"},
                      {settingChange(name, model::SettingId::EnableDcom, 1)}));
    }
}

void fixReachability(const FixContext &f, std::vector<FixCandidate> &out) {
  const model::Host &target = f.adviseDir ? f.c : f.s;
  const model::Host &from = f.adviseDir ? f.s : f.c;
  std::string tn = target.name, fn = from.name;
  std::string fromAddr = from.addresses.value.empty() ? "" : from.addresses.value[0];
  std::string exe = f.adviseDir ? f.clientExe : f.serverExe;
  model::FirewallRule r135;
  r135.name = "DCOM TCP 135 from " + fn;
  r135.ports.push_back({135, 135});
  if (!fromAddr.empty())
    r135.remote = {fromAddr};
  out.push_back(candidateOf(
      Fix{fmt::format("allow TCP 135 into {} from {}{}", tn, fn, fromAddr.empty() ? "" : " (" + fromAddr + ")"),
          firewallHowto(r135.name, "localport=135", fromAddr),
          std::string(kGuide2) + " \"Configure Windows Firewall Settings\""},
      {firewallChange(tn, r135)}));
  std::string what = exe.empty() ? std::string("the RPC dynamic ports") : exe;
  model::FirewallRule rProgram;
  rProgram.name = exe.empty() ? "DCOM dynamic ports from " + fn : "OPC " + exe;
  if (exe.empty())
    rProgram.rpcDynamic = true;
  else
    rProgram.program = exe;
  if (!fromAddr.empty())
    rProgram.remote = {fromAddr};
  out.push_back(candidateOf(Fix{fmt::format("allow {} into {} from {} (a program exception)", what, tn, fn),
                                exe.empty() ? firewallHowto(rProgram.name, "localport=RPC", fromAddr)
                                            : firewallHowto(rProgram.name, "program=\"" + exe + "\"", fromAddr),
                                std::string(kGuide2) + " \"Configure Windows Firewall Settings\""},
                            {firewallChange(tn, rProgram)}));
  for (const model::Link &l : f.plant.links) {
    bool ours = (iequals(l.from, f.c.name) && iequals(l.to, f.s.name)) ||
                (iequals(l.from, f.s.name) && iequals(l.to, f.c.name));
    if (!ours)
      continue;
    std::string lf = l.from, lt = l.to;
    if (l.nat.value)
      out.push_back({Fix{fmt::format("remove the NAT between {} and {} (route them directly or through a VPN)", lf, lt),
                         "network change: DCOM object references carry the hosts' own addresses",
                         std::string(kGuide4Codes) + ", 0x80040202 \"NAT\""},
                     [=](model::Plant &p) {
                       for (auto &x2 : p.links)
                         if (iequals(x2.from, lf) && iequals(x2.to, lt))
                           x2.nat.value = false;
                     }});
    if (!l.reachable.value)
      out.push_back({Fix{fmt::format("restore the network path {} -> {}", lf, lt),
                         "network change (routing, external firewall)", kGuide4Codes},
                     [=](model::Plant &p) {
                       for (auto &x2 : p.links)
                         if (iequals(x2.from, lf) && iequals(x2.to, lt))
                           x2.reachable.value = true;
                     }});
    if (l.dns) {
      const model::Host *to = f.plant.findHost(lt);
      if (to && !to->addresses.value.empty()) {
        std::string addr = to->addresses.value[0];
        out.push_back(
            {Fix{fmt::format("make {}'s DNS answer {}'s real address {} for {}", lf, lt, addr, lt),
                 fmt::format("fix the DNS record of {} (or add \"{} {}\" to {}'s hosts file)", lt, addr, lt, lf),
                 std::string(kGuide4Codes) + ", 0x80040202 \"The DNS server ... incorrect IP address\""},
             [=](model::Plant &p) {
               for (auto &x2 : p.links)
                 if (iequals(x2.from, lf) && iequals(x2.to, lt))
                   x2.dns->value = addr;
             }});
      }
    }
  }
  const model::Service *rpcss = target.findService("RpcSs");
  if (rpcss && !iequals(rpcss->state, "running"))
    out.push_back({Fix{fmt::format("start the Remote Procedure Call (RPC) service on {}", tn), "sc start RpcSs",
                       std::string(kGuide4Codes) + ", 0x800706BA"},
                   [=](model::Plant &p) {
                     for (auto &sv : host(p, tn)->services)
                       if (iequals(sv.name, "RpcSs"))
                         sv.state = "running";
                   }});
}

} // namespace dd::sim
