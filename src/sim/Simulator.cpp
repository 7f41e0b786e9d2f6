// The simulator's set-up, caches and the walk over the step units (see Simulator.h, Steps.h).
#include "sim/Simulator.h"
#include "support/Text.h"

#include "model/Defaults.h"
#include "model/PlantReader.h"
#include "model/Settings.h"
#include "sim/Firewall.h"
#include "sim/Fixes.h"
#include "sim/Hardening.h"
#include "sim/Steps.h"
#include "winsec/ComRights.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim {

using model::iequals;
namespace com = winsec::com;

namespace {} // namespace

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
  case model::RunAs::Kind::LaunchingUser: break;
  // "Interactive User": the console user, else a Remote Desktop user (docs/model.md#launch-identity).
  case model::RunAs::Kind::InteractiveUser:
    if (s.consoleUser)
      id = tokens_.resolve(host, s.consoleUser->value);
    else if (!s.remoteDesktopUsers.value.empty())
      id = tokens_.resolve(host, s.remoteDesktopUsers.value.front());
    break;
  case model::RunAs::Kind::Service:
    if (const model::Service *svc = s.findService(x.runAs.value.account))
      id = tokens_.resolve(host, svc->logonAccount);
    break;
  case model::RunAs::Kind::Account: id = tokens_.resolve(host, x.runAs.value.account); break;
  }
  slot.resolved = true;
  return id;
}

Simulator::Simulator(const model::Plant &plant) : plant_(plant), tokens_(plant) {
  netStorage_ = std::make_shared<std::vector<HostNet>>();
  net_ = netStorage_.get();
  reachMemo_ = std::make_shared<ReachMemo>();
  net_->resize(plant.hosts.size());
  identities_.resize(plant.hosts.size());
  hostDescriptorIds_.resize(plant.hosts.size());
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
    n.rpcRange = model::rpcPortRange(h); // the host's Rpc\Internet Ports, else its Windows default
    if (const model::Service *rpcss = h.findService("RpcSs"))
      n.rpcss = iequals(rpcss->state, "running");
  }
  serverDescriptorIds_.resize(serverCount);
  for (const auto &l : plant.links) {
    int a = tokens_.hostIndex(l.from), b = tokens_.hostIndex(l.to);
    if (a >= 0 && b >= 0)
      links_.insert((uint64_t(uint32_t(a)) << 32) | uint32_t(b), &l);
  }
}

namespace {
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
  uint32_t idSlot = 0;
  return granted(d, idSlot, who, desired, launch);
}

uint32_t Simulator::granted(const model::Descriptor &d, uint32_t &idSlot, const Logon &who, uint32_t desired,
                            bool launch) {
  if (idSlot == 0)
    idSlot = descriptorId(d) + 1;
  // Exact key: descriptor id (under 2^26), logon id (32 bits), the COM rights asked (5 bits), launch.
  const uint64_t key =
      (uint64_t(idSlot - 1) << 38) | (uint64_t(who.id) << 6) | (uint64_t(desired & 0x1F) << 1) | (launch ? 1 : 0);
  if (const uint32_t *g = accessCache_.find(key))
    return *g;
  auto r = winsec::accessCheck(d.sd, who.token, desired, launch ? mapLaunch : mapAccess);
  accessCache_.insert(key, r.granted);
  return r.granted;
}

// ------------------------------------------------------------------------------------------
// What the units ask of the simulator (Steps.h)

const Principal &StepContext::identityOf(int host, const model::ComServer &x) const { return sim.identityOf(host, x); }

bool StepContext::exeReadable(const model::ComServer &x, const Logon &id) const {
  // Exact key: the server's number in the plant and the identity's logon id.
  const uint64_t readKey = (uint64_t(sn.serverBase + static_cast<uint32_t>(&x - s.servers.data())) << 32) | id.id;
  if (const bool *cached = sim.exeReadCache_.find(readKey))
    return *cached;
  return sim.exeReadCache_.insert(readKey, sim.tokens_.tokenMatchesAny(id, sIdx, x.exeReaders.value));
}

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

// ------------------------------------------------------------------------------------------
// Connect (docs/model.md#local to #interface) and advise (#callback-reachability to
// #callback-access): set up the shared context, walk the units; the first failure decides.

// What connect and advise share before the walk: the hosts and their network facts, the levels
// each side asks for (a class the server lacks: the host's level), and, for a detailed prediction,
// the address the events name: `peer`'s (the caller's; LRPC when local).
StepContext Simulator::context(Run &run, const ClientSpec &client, int sIdx, const model::ComServer *xp,
                               const std::string &className, const model::Host &peer) {
  const model::Host &c = plant_.hosts[client.host];
  const model::Host &s = plant_.hosts[sIdx];
  const bool local = client.host == sIdx;
  return StepContext{*this,
                     run,
                     client,
                     sIdx,
                     c,
                     s,
                     (*net_)[client.host],
                     (*net_)[sIdx],
                     xp,
                     className,
                     local,
                     !run.detail ? std::string()
                     : local     ? std::string("LocalHost (Using LRPC)")
                                 : firstAddress(peer),
                     clientLevel(c, client.program, run.detail),
                     xp ? serverLevel(s, *xp, run.detail)
                        : Levels{s.dcom.legacyAuthenticationLevel.value, std::string()}};
}

namespace {
void walk(StepContext &ctx, std::span<const StepUnit> units) {
  for (const StepUnit &unit : units)
    if (!unit.check(ctx))
      return;
}
} // namespace

Outcome Simulator::connect(const ClientSpec &client, int sIdx, const model::ComServer *xp, const std::string &className,
                           bool detail) {
  Run run{detail, {}, nullptr};
  StepContext ctx = context(run, client, sIdx, xp, className, plant_.hosts[client.host]);
  // Levels (docs/model.md#authentication): a call gets the higher of the two; an activation
  // carries the client's level after its hardening raise (docs/model.md#hardening).
  ctx.callLevel = std::max(ctx.cl.value, ctx.sl.value);
  ctx.explicitAct = client.program && client.program->activationAuthenticationLevel
                        ? client.program->activationAuthenticationLevel->value
                        : 0;
  ctx.raise = &raiseOf(client);
  ctx.actLevel = activationLevel(ctx.cl.value, ctx.explicitAct, ctx.raise->level);
  ctx.actEffective = std::max(ctx.actLevel, ctx.s.dcom.legacyAuthenticationLevel.value);
  // A Windows client's DCOM SCM retries a refused activation without security unless the program
  // passed its own activation security (COAUTHINFO); non-Windows stacks do not retry.
  const bool windowsStack = !client.program || client.program->stack.value == model::ClientStack::Windows;
  ctx.unsecuredRetry = windowsStack && ctx.explicitAct == 0;
  walk(ctx, connectUnits());
  programShows(ctx);
  return std::move(run.out);
}

Outcome Simulator::advise(const ClientSpec &client, int sIdx, const model::ComServer &x, bool detail) {
  Run run{detail, {}, nullptr};
  StepContext ctx = context(run, client, sIdx, &x, x.progid.value, plant_.hosts[sIdx]);
  walk(ctx, adviseUnits());
  programShows(ctx);
  return std::move(run.out);
}

// ------------------------------------------------------------------------------------------
// predict: names to indices, then connect / advise, then fixes

namespace {

// "OPCSRV, HMI1, HMI2" (the first ten, then how many more): what a misspelt name could have been.
template <class Items, class NameOf>
std::string namesOf(const Items &items, NameOf nameOf) {
  std::string out;
  size_t n = 0;
  for (const auto &item : items) {
    if (n++ == 10) {
      out += fmt::format(" and {} more", items.size() - 10);
      break;
    }
    out += (out.empty() ? "" : ", ") + nameOf(item);
  }
  return out.empty() ? "none" : out;
}

std::string hostNames(const model::Plant &p) {
  return namesOf(p.hosts, [](const model::Host &h) { return h.name; });
}

} // namespace

Result<Prediction> Simulator::predict(const Request &req, const Options &options) {
  int cIdx = tokens_.hostIndex(req.clientHost);
  if (cIdx < 0)
    return Error::at("client host \"" + req.clientHost + "\" is not in the plant (its hosts: " + hostNames(plant_) +
                     ")");
  int sIdx = tokens_.hostIndex(req.serverHost);
  if (sIdx < 0)
    return Error::at("server host \"" + req.serverHost + "\" is not in the plant (its hosts: " + hostNames(plant_) +
                     ")");
  const model::Host &c = plant_.hosts[cIdx];
  const model::Host &s = plant_.hosts[sIdx];

  ClientSpec client;
  client.host = cIdx;
  if (!req.program.empty()) {
    client.program = c.findClient(req.program);
    if (!client.program)
      return Error::at("host \"" + c.name + "\" has no client program \"" + req.program + "\" (its programs: " +
                       namesOf(c.clients, [](const model::ClientProgram &p) { return p.name; }) + ")");
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
      o.steps.push_back(StepResult{Step::CallbackReachability,
                                   false,
                                   false,
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
