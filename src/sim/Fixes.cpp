// The fix search (see Fixes.h): the unit of the failing step proposes candidates (sim/Steps.h);
// each is applied to a copy of the plant and proven by simulating again; chains of up to four
// changes are searched breadth first and minimised once green.
#include "sim/Fixes.h"

#include "sim/FixKit.h"
#include "sim/Steps.h"

#include <algorithm>
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
  if (auto f = fixContext(plant, req, client, adviseDir))
    unit.fixes(*f, out);
  return out;
}

namespace {

struct Node {
  model::Plant plant;
  std::vector<Fix> chain;
  std::vector<std::function<void(model::Plant &)>> applied; // the changes of `chain`, in order
  std::vector<FixScope> scopes;                             // how far each change opens the host
  Outcome outcome;
};

// Narrowest first (this AppID < this host's Defaults < Limits); the search order otherwise.
void rankNarrowestFirst(std::vector<Fix> &proven, std::vector<FixScope> &scopes) {
  std::vector<size_t> order(proven.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scopes[a] < scopes[b]; });
  std::vector<Fix> sorted;
  for (size_t i : order)
    sorted.push_back(std::move(proven[i]));
  proven = std::move(sorted);
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
  std::vector<FixScope> provenScopes;         // the widest scope of each proven fix's changes
  std::vector<std::vector<std::string>> seen; // the sets of changes already reported
  std::vector<Node> frontier;
  frontier.push_back(Node{plant, {}, {}, {}, start});
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
        Node child{node.plant, node.chain, node.applied, node.scopes, {}};
        cand.apply(child.plant);
        child.applied.push_back(cand.apply);
        child.scopes.push_back(cand.scope);
        auto o = simulateOn(child.plant, req, adviseDir);
        if (!o)
          continue;
        child.chain.push_back(cand.fix);
        child.outcome = *o;
        if (o->ok()) {
          // Minimise: drop each change that is not needed for green.
          for (size_t drop = 0; child.chain.size() > 1 && drop < child.chain.size();) {
            model::Plant trial = plant;
            std::vector<size_t> keep;
            for (size_t k = 0; k < child.applied.size(); ++k)
              if (k != drop)
                keep.push_back(k);
            for (size_t k : keep)
              child.applied[k](trial);
            auto t = simulateOn(trial, req, adviseDir);
            if (t && t->ok()) {
              child.chain.erase(child.chain.begin() + static_cast<long>(drop));
              child.applied.erase(child.applied.begin() + static_cast<long>(drop));
              child.scopes.erase(child.scopes.begin() + static_cast<long>(drop));
            } else {
              ++drop;
            }
          }
          std::vector<std::string> key;
          for (const auto &f2 : child.chain)
            key.push_back(f2.summary);
          std::sort(key.begin(), key.end());
          if (std::find(seen.begin(), seen.end(), key) != seen.end())
            continue;
          seen.push_back(key);
          Fix f;
          for (size_t i = 0; i < child.chain.size(); ++i) {
            const Fix &step = child.chain[i];
            std::string prefix = child.chain.size() > 1 ? fmt::format("{}) ", i + 1) : "";
            f.summary += (i ? "; " : "") + prefix + step.summary;
            f.howto += (i ? "\n" : "") + prefix + step.howto;
            f.source += (i ? "; " : "") + step.source;
          }
          f.verified = true;
          f.verification = fmt::format("proven: simulating again with {} gives {} (green)",
                                       child.chain.size() > 1 ? "these changes" : "this change", hresultHex(0));
          proven.push_back(std::move(f));
          provenScopes.push_back(*std::max_element(child.scopes.begin(), child.scopes.end()));
          if (proven.size() >= 4) {
            rankNarrowestFirst(proven, provenScopes);
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
  rankNarrowestFirst(proven, provenScopes);
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
