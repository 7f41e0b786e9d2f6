// The fix search (see Fixes.h): the unit of the failing step proposes candidates (sim/Steps.h);
// each is applied to a copy of the plant and proven by simulating again; chains of up to four
// changes are searched breadth first and minimised once green.
#include "sim/Fixes.h"

#include "sim/FixKit.h"
#include "sim/Steps.h"

#include <algorithm>
#include <bit>
#include <tuple>
#include <fmt/format.h>

namespace dd::sim {

namespace {

// What the fix search knows about the failing prediction, names as the plant spells them.
std::optional<FixContext> fixContext(const model::Plant &plant, const Request &req, const ClientSpec &client,
                                     bool adviseDir) {
  const model::Host &c = plant.hosts[client.host];
  const model::Host *s = plant.findHost(req.serverHost);
  if (!s)
    return std::nullopt;
  const model::ComServer *x = s->findServer(req.serverClass);
  FixContext f{plant, req, client, c, *s, x, adviseDir};
  f.user = client.userName;
  f.userBare = bareName(client.userName);
  // The account on the server that the client's user maps to.
  f.userOnServer = client.user.kind == Principal::Kind::Local ? f.userBare : f.user;
  f.userHome = f.user;
  if (client.user.kind == Principal::Kind::Local) {
    const model::Host &home = plant.hosts[client.user.host];
    f.userLabel = home.users[client.user.account].passwordLabel.value_or("");
    f.userHome = home.name + "\\" + home.users[client.user.account].name;
  }
  f.clientExe = client.program ? client.program->exe.value : "";
  if (x) {
    f.serverExe = x->exe.value;
    if (x->runAs.value.kind == model::RunAs::Kind::Account)
      f.identity = x->runAs.value.account;
  }
  return f;
}

} // namespace

std::vector<FixCandidate> fixCandidates(const model::Plant &plant, const Request &req, const ClientSpec &client,
                                        const Outcome &o, bool adviseDir) {
  std::vector<FixCandidate> out;
  if (o.ok() || !o.step)
    return out;
  const StepUnit &unit = unitOf(*o.step);
  if (!unit.fixes)
    return out;
  auto f = fixContext(plant, req, client, adviseDir);
  if (!f)
    return out;
  unit.fixes(*f, out);
  // A change only the proposing step knows how to make (a registration, a network path): one
  // change in words, on the host whose side failed.
  const std::string &side = adviseDir ? f->c.name : f->s.name;
  for (FixCandidate &c : out)
    if (c.changes.empty())
      c.changes.push_back(componentChange(side, c.fix.summary, c.fix.howto));
  return out;
}

namespace {

struct Node {
  model::Plant plant;
  std::vector<FixCandidate> chain; // the changes applied, in order
  Outcome outcome;
};

} // namespace

FixBreadth breadthOf(const Fix &fix) {
  FixBreadth b;
  b.scope = fix.scope;
  std::vector<std::string> hosts;
  for (const Change &c : fix.changes) {
    uint32_t rights = c.grantedRights();
    if (c.kind == Change::Kind::GroupMember)
      rights = 0x1F; // a group the Limits grant: every launch and access right
    b.rights += std::popcount(rights);
    if (std::none_of(hosts.begin(), hosts.end(), [&](const std::string &h) { return iequals(h, c.host); }))
      hosts.push_back(c.host);
  }
  b.hosts = static_cast<int>(hosts.size());
  return b;
}

bool grantsTwice(const std::vector<Change> &changes) {
  auto inDcu = [](const Change &c) {
    if (c.kind == Change::Kind::GroupMember)
      return iequals(c.group, "Distributed COM Users");
    return c.kind == Change::Kind::Account && std::any_of(c.groups.begin(), c.groups.end(), [](const std::string &g) {
             return iequals(g, "Distributed COM Users");
           });
  };
  for (const Change &g : changes) {
    if (!inDcu(g))
      continue;
    for (const Change &a : changes)
      if (a.kind == Change::Kind::RegistryValue && !a.ace.empty() && a.valueName.starts_with("Machine") &&
          iequals(a.host, g.host) && iequals(bareName(a.account), bareName(g.account)))
        return true;
  }
  return false;
}

namespace {

// Narrowest first: by scope (the cause < this AppID < this host's Defaults < Limits), then by the
// rights granted (Remote Activation only < every launch right), then by the hosts touched; the
// search order otherwise.
void rankNarrowestFirst(std::vector<Fix> &proven) {
  std::stable_sort(proven.begin(), proven.end(), [](const Fix &a, const Fix &b) {
    FixBreadth x = breadthOf(a), y = breadthOf(b);
    return std::tie(x.scope, x.rights, x.hosts) < std::tie(y.scope, y.rights, y.hosts);
  });
}

// One fix of the changes of `chain` (numbered when there are several).
Fix provenFix(const std::vector<FixCandidate> &chain) {
  Fix f;
  f.complete = true;
  for (size_t i = 0; i < chain.size(); ++i) {
    const Fix &step = chain[i].fix;
    std::string prefix = chain.size() > 1 ? fmt::format("{}) ", i + 1) : "";
    f.summary += (i ? "; " : "") + prefix + step.summary;
    f.howto += (i ? "\n" : "") + prefix + step.howto;
    f.source += (i ? "; " : "") + step.source;
    f.changes.insert(f.changes.end(), chain[i].changes.begin(), chain[i].changes.end());
    f.scope = std::max(f.scope, chain[i].scope);
    f.complete = f.complete && chain[i].derived;
  }
  std::vector<std::function<void(model::Plant &)>> applies;
  for (const FixCandidate &c : chain)
    applies.push_back(c.apply);
  f.apply = [applies](model::Plant &p) {
    for (const auto &a : applies)
      a(p);
  };
  f.verified = true;
  f.verification = fmt::format("proven: simulating again with {} gives {} (green)",
                               chain.size() > 1 ? "these changes" : "this change", hresultHex(0));
  return f;
}

std::optional<Outcome> simulateOn(const model::Plant &plant, const Request &req, bool adviseDir) {
  Simulator sim(plant);
  Request r = req;
  r.advise = adviseDir;
  auto p = sim.predict(r, Options{false, false});
  if (!p)
    return std::nullopt;
  return adviseDir ? *p->advise : p->connect;
}

std::vector<Fix> prove(const model::Plant &plant, const Request &req, const ClientSpec &client, const Outcome &start,
                       bool adviseDir) {
  std::vector<Fix> proven;
  std::vector<std::vector<std::string>> seen; // the sets of changes already reported
  std::vector<Node> frontier;
  frontier.push_back(Node{plant, {}, start});
  int budget = 80; // simulations
  for (int depth = 1; depth <= 4 && proven.empty() && !frontier.empty(); ++depth) {
    std::vector<Node> next;
    for (const Node &node : frontier) {
      Simulator sim(node.plant);
      // Re-resolve the client in this plant (indices are the same; pointers are not).
      ClientSpec cs = client;
      if (client.program) {
        const model::Host &ch = node.plant.hosts[client.host];
        cs.program = ch.findClient(client.program->name);
      }
      cs.user = sim.tokens().resolve(client.host, client.userName);
      for (FixCandidate &cand : fixCandidates(node.plant, req, cs, node.outcome, adviseDir)) {
        if (--budget < 0)
          break;
        Node child{node.plant, node.chain, {}};
        cand.apply(child.plant);
        auto o = simulateOn(child.plant, req, adviseDir);
        if (!o)
          continue;
        child.chain.push_back(std::move(cand));
        child.outcome = *o;
        if (o->ok()) {
          // Minimise: drop each change that is not needed for green.
          for (size_t drop = 0; child.chain.size() > 1 && drop < child.chain.size();) {
            model::Plant trial = plant;
            for (size_t k = 0; k < child.chain.size(); ++k)
              if (k != drop)
                child.chain[k].apply(trial);
            auto t = simulateOn(trial, req, adviseDir);
            if (t && t->ok())
              child.chain.erase(child.chain.begin() + static_cast<long>(drop));
            else
              ++drop;
          }
          std::vector<std::string> key;
          for (const auto &c : child.chain)
            key.push_back(c.fix.summary);
          std::sort(key.begin(), key.end());
          if (std::find(seen.begin(), seen.end(), key) != seen.end())
            continue;
          seen.push_back(key);
          Fix f = provenFix(child.chain);
          if (grantsTwice(f.changes)) // an account in Distributed COM Users and granted by name
            continue;
          proven.push_back(std::move(f));
          if (proven.size() >= 4) {
            rankNarrowestFirst(proven);
            return proven;
          }
        } else if (o->step && node.outcome.step && *o->step >= *node.outcome.step) {
          // Progress, or a partial fix of the same step (a firewall needs two rules): go on
          // from there; chains are minimised once green.
          if (next.size() < 8)
            next.push_back(std::move(child));
        }
      }
    }
    frontier = std::move(next);
  }
  rankNarrowestFirst(proven);
  return proven;
}

} // namespace

void proposeFixes(const model::Plant &plant, const Request &req, const ClientSpec &client, Prediction &p) {
  if (!p.connect.ok())
    p.connect.fixes = prove(plant, req, client, p.connect, false);
  if (p.advise && !p.advise->ok())
    p.advise->fixes = prove(plant, req, client, *p.advise, true);
}

} // namespace dd::sim
