// The plan of changes for a list of pairs (see Plan.h).
#include "sim/Plan.h"

#include "sim/Matrix.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <fmt/format.h>
#include <memory>

namespace dd::sim {

namespace {

int hostIndex(const model::Plant &plant, std::string_view name) {
  for (size_t i = 0; i < plant.hosts.size(); ++i)
    if (iequals(plant.hosts[i].name, name))
      return static_cast<int>(i);
  return -1;
}

std::string outcomeText(const char *direction, const Outcome &o) {
  return fmt::format("{} {} at {}", direction, hresultHex(o.hresult), stepId(*o.step));
}

// connect and advise of one pair, on the fast path when the pair names a program.
struct Status {
  std::string text; // "green", "connect 0x80070005 at launch-limits; advise ..."
  bool green = false;
};

Status check(Simulator &sim, const model::Plant &plant, const PlanPair &pair) {
  Outcome connect, advise;
  bool advised = pair.request.advise;
  if (pair.client >= 0 && pair.request.user.empty()) {
    ClientSpec spec = sim.clientOf(pair.clientHost, static_cast<size_t>(pair.client));
    const model::ComServer &x = plant.hosts[pair.serverHost].servers[pair.server];
    connect = sim.connect(spec, pair.serverHost, &x, pair.request.serverClass, false);
    if (advised)
      advise = sim.advise(spec, pair.serverHost, x, false);
  } else {
    auto p = sim.predict(pair.request, Options{false, false});
    if (!p)
      return {p.error().message, false};
    connect = p->connect;
    if (p->advise)
      advise = *p->advise;
  }
  Status s;
  s.green = connect.ok() && advise.ok();
  if (s.green)
    s.text = "green";
  if (!connect.ok())
    s.text = outcomeText("connect", connect);
  if (!advise.ok())
    s.text += (s.text.empty() ? "" : "; ") + outcomeText("advise", advise);
  return s;
}

std::vector<std::string> hostsOf(const model::Plant &plant, const PlanPair &pair) {
  return {plant.hosts[pair.clientHost].name, plant.hosts[pair.serverHost].name};
}

bool isEveryoneOrAnonymous(std::string_view who) {
  return iequals(who, "Everyone") || iequals(who, "ANONYMOUS LOGON") || iequals(who, "NT AUTHORITY\\ANONYMOUS LOGON") ||
         who == "S-1-1-0" || who == "S-1-5-7";
}

} // namespace

std::string refusal(const Change &c) {
  if (c.kind == Change::Kind::GroupMember && isEveryoneOrAnonymous(c.account))
    return "it adds " + c.account + " to a group";
  if (c.kind != Change::Kind::RegistryValue)
    return {};
  if (!c.ace.empty()) {
    std::string ace = c.ace;
    if (auto pos = ace.find("%SID%"); pos != std::string::npos)
      ace.replace(pos, 5, "S-1-5-21-1-2-3-1000"); // an account the fix creates: never Everyone
    auto sd = winsec::parseSddl("D:" + ace);
    if (!sd || !sd->dacl || sd->dacl->aces.empty())
      return {};
    const winsec::Ace &a = sd->dacl->aces.front();
    const uint32_t remote = winsec::com::ExecuteRemote | winsec::com::ActivateRemote;
    const std::string sid = a.sid.str();
    if (a.isAllow() && (a.mask & remote) && isEveryoneOrAnonymous(sid))
      return fmt::format("it grants {} a remote right in {}", sid == "S-1-1-0" ? "Everyone" : "ANONYMOUS LOGON",
                         c.valueName);
    return {};
  }
  if ((c.valueName == "LegacyAuthenticationLevel" || c.valueName == "AuthenticationLevel") && c.number == 1)
    return "it sets the authentication level None";
  if (c.setting == model::SettingId::EveryoneIncludesAnonymous && c.number == 1)
    return "it lets Everyone include ANONYMOUS LOGON";
  return {};
}

model::Plant subPlant(const model::Plant &plant, const std::vector<std::string> &hosts) {
  model::Plant sub;
  sub.name = plant.name;
  sub.file = plant.file;
  sub.domains = plant.domains;
  auto wanted = [&](std::string_view n) {
    return std::any_of(hosts.begin(), hosts.end(), [&](const std::string &h) { return iequals(h, n); });
  };
  for (const model::Host &h : plant.hosts)
    if (wanted(h.name))
      sub.hosts.push_back(h);
  for (const model::Link &l : plant.links)
    if (wanted(l.from) && wanted(l.to))
      sub.links.push_back(l);
  return sub;
}

PlanPair planPair(const model::Plant &plant, const Request &request) {
  PlanPair p;
  p.request = request;
  p.clientHost = hostIndex(plant, request.clientHost);
  p.serverHost = hostIndex(plant, request.serverHost);
  if (p.clientHost >= 0 && !request.program.empty()) {
    const auto &clients = plant.hosts[p.clientHost].clients;
    for (size_t i = 0; i < clients.size(); ++i)
      if (iequals(clients[i].name, request.program))
        p.client = static_cast<int>(i);
  }
  if (p.serverHost >= 0) {
    const model::ComServer *x = plant.hosts[p.serverHost].findServer(request.serverClass);
    if (x)
      p.server = static_cast<int>(x - plant.hosts[p.serverHost].servers.data());
  }
  if (p.server < 0)
    p.client = -1; // the slow path reports the unknown class
  std::string who = !request.program.empty() ? request.program : !request.user.empty() ? request.user : "client";
  p.label = fmt::format("{} on {} -> {} on {} ({})", who, request.clientHost, request.serverClass, request.serverHost,
                        request.advise ? "connect and advise" : "connect");
  return p;
}

std::vector<PlanPair> planPairs(const model::Plant &plant, const std::vector<model::PairSpec> &specs) {
  std::vector<PlanPair> out;
  for (const model::PairSpec &s : specs)
    out.push_back(planPair(plant, Request{s.client, s.user, s.program, s.server, s.serverClass, s.advise}));
  return out;
}

namespace {

// The pair of client program `client` on host `ch` and server `si` on host `sh`, connect and advise.
PlanPair matrixPair(const model::Plant &plant, int ch, int client, int sh, int si) {
  const model::Host &c = plant.hosts[ch], &s = plant.hosts[sh];
  PlanPair p;
  p.request = Request{c.name, "", c.clients[client].name, s.name, s.servers[si].progid.value, true};
  p.clientHost = ch;
  p.client = client;
  p.serverHost = sh;
  p.server = si;
  p.label = fmt::format("{} on {} -> {} on {} (connect and advise)", c.clients[client].name, c.name,
                        s.servers[si].progid.value, s.name);
  return p;
}

class Planner {
public:
  Planner(const model::Plant &plant, const std::vector<PlanPair> &wanted, bool every,
          const std::vector<PlanPair> &unwanted)
      : wanted_(wanted), every_(every), unwanted_(unwanted) {
    plan_.after = plant;
  }

  Plan &plan() { return plan_; }

  Simulator &sim() {
    if (!sim_)
      sim_ = std::make_unique<Simulator>(plan_.after);
    return *sim_;
  }

  // Makes `pair` work, a fix at a time (connect first, then advise); false with `why` when it
  // cannot.
  bool fix(const PlanPair &pair, const std::string &before, std::string &why) {
    for (int round = 0; round < 4; ++round) {
      model::Plant sub = subPlant(plan_.after, hostsOf(plan_.after, pair));
      Simulator ssim(sub);
      auto p = ssim.predict(pair.request, Options{true, true});
      if (!p) {
        why = p.error().message;
        return false;
      }
      if (p->ok())
        return true;
      const bool connect = !p->connect.ok();
      const Outcome &o = connect ? p->connect : *p->advise;
      if (o.fixes.empty()) {
        why = "no proven fix for " + outcomeText(connect ? "connect" : "advise", o);
        return false;
      }
      std::vector<std::string> reasons;
      if (!take(pair, o.fixes, before, reasons)) {
        why = "every proven fix is refused: ";
        for (size_t i = 0; i < reasons.size(); ++i)
          why += (i ? "; " : "") + reasons[i];
        return false;
      }
    }
    why = "still red after four fixes";
    return false;
  }

private:
  Plan plan_;
  const std::vector<PlanPair> &wanted_;
  bool every_;
  const std::vector<PlanPair> &unwanted_;
  std::unique_ptr<Simulator> sim_;

  // The wanted pairs with a side on one of `hosts` (plant indices).
  void pairsTouching(const std::vector<int> &hosts, const std::function<void(const PlanPair &)> &fn) {
    const model::Plant &p = plan_.after;
    auto touches = [&](int h) { return std::find(hosts.begin(), hosts.end(), h) != hosts.end(); };
    if (!every_) {
      for (const PlanPair &w : wanted_)
        if (w.clientHost >= 0 && w.serverHost >= 0 && (touches(w.clientHost) || touches(w.serverHost)))
          fn(w);
      return;
    }
    for (int ch = 0; ch < static_cast<int>(p.hosts.size()); ++ch)
      for (int ci = 0; ci < static_cast<int>(p.hosts[ch].clients.size()); ++ci)
        for (int sh = 0; sh < static_cast<int>(p.hosts.size()); ++sh) {
          if (!touches(ch) && !touches(sh))
            continue;
          for (int si = 0; si < static_cast<int>(p.hosts[sh].servers.size()); ++si)
            fn(matrixPair(p, ch, ci, sh, si));
        }
  }

  // How many wanted pairs that work now `f` would break (on a copy of the plant).
  size_t regressions(const Fix &f) {
    std::vector<int> hosts;
    for (const Change &c : f.changes)
      if (int h = hostIndex(plan_.after, c.host); h >= 0 && std::find(hosts.begin(), hosts.end(), h) == hosts.end())
        hosts.push_back(h);
    std::vector<PlanPair> green;
    pairsTouching(hosts, [&](const PlanPair &w) {
      if (check(sim(), plan_.after, w).green)
        green.push_back(w);
    });
    if (green.empty())
      return 0;
    model::Plant trial = plan_.after;
    f.apply(trial);
    Simulator tsim(trial);
    size_t broken = 0;
    for (const PlanPair &w : green)
      broken += check(tsim, trial, w).green ? 0 : 1;
    return broken;
  }

  bool take(const PlanPair &pair, const std::vector<Fix> &fixes, const std::string &before,
            std::vector<std::string> &reasons) {
    for (const Fix &f : fixes) {
      std::string no;
      for (const Change &c : f.changes)
        if (no.empty())
          no = refusal(c);
      if (no.empty())
        no = unwantedMadeGreen(pair, f);
      if (no.empty())
        if (size_t n = regressions(f))
          no = fmt::format("it would break {} wanted pair{} that work{}", n, n == 1 ? "" : "s", n == 1 ? "s" : "");
      if (!no.empty()) {
        reasons.push_back("\"" + f.summary + "\": " + no);
        continue;
      }
      f.apply(plan_.after);
      sim_.reset();
      plan_.fixes.push_back(PlannedFix{f, pair.label, before});
      return true;
    }
    return false;
  }

  // The first unwanted pair, red now, that `f` would make work ("" when none).
  std::string unwantedMadeGreen(const PlanPair &pair, const Fix &f) {
    std::vector<std::string> touched = hostsOf(plan_.after, pair);
    for (const Change &c : f.changes)
      touched.push_back(c.host);
    for (const PlanPair &u : unwanted_) {
      if (u.clientHost < 0 || u.serverHost < 0)
        continue;
      std::vector<std::string> hosts = hostsOf(plan_.after, u);
      bool involved = std::any_of(touched.begin(), touched.end(),
                                  [&](const std::string &t) { return iequals(t, hosts[0]) || iequals(t, hosts[1]); });
      if (!involved || check(sim(), plan_.after, u).green)
        continue;
      hosts.insert(hosts.end(), touched.begin(), touched.end());
      model::Plant trial = subPlant(plan_.after, hosts);
      f.apply(trial);
      Simulator tsim(trial);
      if (check(tsim, trial, planPair(trial, u.request)).green)
        return "it would make the unwanted pair " + u.label + " work";
    }
    return {};
  }
};

// The red pairs of every client program x every class (the matrix), connect and advise.
std::vector<PlanPair> redMatrixPairs(const model::Plant &plant, size_t &total) {
  std::vector<PlanPair> out;
  MatrixSummary summary = runMatrix(plant, MatrixOptions{2, true}, [&](const MatrixRow &r) {
    out.push_back(matrixPair(plant, r.clientHost, r.client, r.serverHost, r.server));
  });
  total = summary.rows;
  return out;
}

} // namespace

Plan planFixes(const model::Plant &plant, const std::vector<PlanPair> &wanted, const std::vector<PlanPair> &unwanted,
               const PlanOptions &options) {
  Planner planner(plant, wanted, options.everyPair, unwanted);
  Plan &plan = planner.plan();
  std::vector<PlanPair> red;
  std::vector<std::string> before;
  if (options.everyPair) {
    red = redMatrixPairs(plant, plan.wanted);
    for (const PlanPair &p : red)
      before.push_back(check(planner.sim(), plan.after, p).text);
  } else {
    plan.wanted = wanted.size();
    for (const PlanPair &p : wanted)
      if (Status s = check(planner.sim(), plan.after, p); !s.green) {
        red.push_back(p);
        before.push_back(s.text);
      }
  }
  plan.redBefore = red.size();
  std::vector<std::string> unwantedBefore;
  for (const PlanPair &u : unwanted)
    unwantedBefore.push_back(check(planner.sim(), plan.after, u).text);
  std::vector<std::string> why(red.size());
  for (size_t i = 0; i < red.size(); ++i) {
    if (options.progress && i % 256 == 0)
      options.progress(i, red.size());
    if (check(planner.sim(), plan.after, red[i]).green)
      continue; // an earlier fix made it work
    planner.fix(red[i], before[i], why[i]);
  }
  for (size_t i = 0; i < red.size(); ++i) {
    Status after = check(planner.sim(), plan.after, red[i]);
    plan.redAfter += after.green ? 0 : 1;
    plan.pairs.push_back(PairResult{red[i].label, before[i], after.text, after.green, after.green ? "" : why[i]});
  }
  for (size_t i = 0; i < unwanted.size(); ++i) {
    Status after = check(planner.sim(), plan.after, unwanted[i]);
    plan.unwanted.push_back(PairResult{unwanted[i].label, unwantedBefore[i], after.text, after.green,
                                       after.green ? "works, although the plant file marks it unwanted" : ""});
  }
  return std::move(plan);
}

} // namespace dd::sim
