// The plan of changes for a list of pairs (see Plan.h).
#include "sim/Plan.h"

#include "sim/Matrix.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace dd::sim {

namespace {

int hostIndex(const model::Plant &plant, std::string_view name) {
  for (size_t i = 0; i < plant.hosts.size(); ++i)
    if (iequals(plant.hosts[i].name, name))
      return static_cast<int>(i);
  return -1;
}

// One pair's result, small enough to keep for a million pairs: each direction's HRESULT and the
// step that decided it (-1: green, or not known).
struct PairState {
  uint32_t connectHr = 0, adviseHr = 0;
  int8_t connectStep = -1, adviseStep = -1;
  bool error = false; // the request cannot be simulated (bad names)
  bool green() const { return !error && connectHr == 0 && adviseHr == 0; }
  // Directions that work: a fix should not lower it for any pair it touches.
  uint8_t score() const { return error ? 0 : static_cast<uint8_t>((connectHr == 0) + (adviseHr == 0)); }
};

int8_t stepIndex(const Outcome &o) { return o.ok() || !o.step ? int8_t(-1) : static_cast<int8_t>(*o.step); }

PairState stateOf(const Outcome &connect, const Outcome &advise) {
  return PairState{connect.hresult, advise.hresult, stepIndex(connect), stepIndex(advise)};
}

std::string directionText(const char *direction, uint32_t hr, int8_t step) {
  if (step < 0)
    return fmt::format("{} {}", direction, hresultHex(hr));
  return fmt::format("{} {} at {}", direction, hresultHex(hr), stepId(static_cast<Step>(step)));
}

// "green", "connect 0x80070005 at launch-limits; advise ..."
std::string stateText(const PairState &s) {
  if (s.error)
    return "cannot be simulated";
  if (s.green())
    return "green";
  std::string text;
  if (s.connectHr)
    text = directionText("connect", s.connectHr, s.connectStep);
  if (s.adviseHr)
    text += (text.empty() ? "" : "; ") + directionText("advise", s.adviseHr, s.adviseStep);
  return text;
}

std::string outcomeText(const char *direction, const Outcome &o) {
  return directionText(direction, o.hresult, stepIndex(o));
}

// connect and advise of one pair, on the fast path when the pair names a program.
PairState check(Simulator &sim, const model::Plant &plant, const PlanPair &pair) {
  if (pair.client >= 0 && pair.request.user.empty()) {
    ClientSpec spec = sim.clientOf(pair.clientHost, static_cast<size_t>(pair.client));
    const model::ComServer &x = plant.hosts[pair.serverHost].servers[pair.server];
    Outcome connect = sim.connect(spec, pair.serverHost, &x, pair.request.serverClass, false);
    return stateOf(connect, pair.request.advise ? sim.advise(spec, pair.serverHost, x, false) : Outcome{});
  }
  auto p = sim.predict(pair.request, Options{false, false});
  if (!p) {
    PairState s;
    s.error = true;
    return s;
  }
  return stateOf(p->connect, p->advise ? *p->advise : Outcome{});
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

// A wanted pair: `wanted` indexes the list, or (every pair) it is -1 and the pair is the matrix's
// client program `ci` on host `ch` with server `si` on host `sh`.
struct PairRef {
  int32_t ch = 0, ci = 0, sh = 0, si = 0;
  int32_t wanted = -1;
  uint64_t key() const {
    if (wanted >= 0)
      return (uint64_t{1} << 63) | static_cast<uint32_t>(wanted);
    return (uint64_t(uint16_t(ch)) << 48) | (uint64_t(uint16_t(ci)) << 32) | (uint64_t(uint16_t(sh)) << 16) |
           uint16_t(si);
  }
};

// A red pair to fix and its state when it was queued. `again`: queued a second time because a fix
// taken for another pair made fewer of its directions work (`againScore` of them worked before).
struct Queued {
  PairRef ref;
  PairState before;
  bool again = false;
  uint8_t againScore = 0;
};

std::string beforeText(const Queued &q) {
  if (!q.again)
    return stateText(q.before);
  return q.againScore == 2 ? "green (until a fix taken for another pair)"
                           : "one direction working (until a fix taken for another pair)";
}

// Where each wanted pair's score is kept: at the index of the wanted pair, or (every pair) at the
// matrix pair's place among every client program x every server of the plant.
class PairIndex {
public:
  PairIndex(const model::Plant &plant, bool every, size_t wanted) : size_(wanted) {
    if (!every)
      return;
    size_t clients = 0;
    for (const model::Host &h : plant.hosts) {
      clientBase_.push_back(clients);
      serverBase_.push_back(servers_);
      clients += h.clients.size();
      servers_ += h.servers.size();
    }
    size_ = clients * servers_;
  }
  size_t size() const { return size_; }
  size_t operator()(const PairRef &r) const {
    if (r.wanted >= 0)
      return static_cast<size_t>(r.wanted);
    return (clientBase_[r.ch] + static_cast<size_t>(r.ci)) * servers_ + serverBase_[r.sh] + static_cast<size_t>(r.si);
  }

private:
  std::vector<size_t> clientBase_, serverBase_;
  size_t servers_ = 0, size_ = 0;
};

// A fix applied to the plan's plant in place: the hosts it changes (and how they were, to undo
// it), the wanted pairs with a side on them and their scores with it.
struct Trial {
  std::vector<int> hosts;
  std::vector<std::pair<int, model::Host>> saved;
  std::vector<PairRef> touched;
  std::vector<uint8_t> after;
  std::vector<Queued> lowered; // pairs in which fewer directions work than before
  long gain = 0;               // directions that work, after minus before, over the touched pairs
  std::string unwanted;        // an unwanted pair it makes work
};

std::string refusalOf(const Fix &f) {
  for (const Change &c : f.changes)
    if (std::string no = refusal(c); !no.empty())
      return no;
  return {};
}

class Planner {
public:
  Planner(const model::Plant &plant, const std::vector<PlanPair> &wanted, const std::vector<PlanPair> &unwanted,
          const PlanOptions &options)
      : wanted_(wanted), every_(options.everyPair), unwanted_(unwanted), threads_(std::max(1, options.threads)),
        index_(plant, options.everyPair, wanted.size()), score_(index_.size(), 2), changed_(plant.hosts.size(), 0) {
    plan_.after = plant;
  }

  Plan &plan() { return plan_; }
  std::vector<Queued> &queue() { return queue_; }
  bool changed(int host) const { return host >= 0 && changed_[static_cast<size_t>(host)]; }

  Simulator &sim() {
    if (!sim_)
      sim_ = std::make_unique<Simulator>(plan_.after);
    return *sim_;
  }

  PlanPair pairOf(const PairRef &r) const {
    return r.wanted >= 0 ? wanted_[static_cast<size_t>(r.wanted)] : matrixPair(plan_.after, r.ch, r.ci, r.sh, r.si);
  }

  void setState(const PairRef &r, const PairState &s) { score_[index_(r)] = s.score(); }
  bool green(const PairRef &r) const { return score_[index_(r)] == 2; }

  // The pairs simulated on the plan's plant, on `threads_` threads for a long list.
  std::vector<PairState> states(const std::vector<PairRef> &refs) {
    std::vector<PairState> out(refs.size());
    const size_t n = refs.size(), threads = std::min<size_t>(static_cast<size_t>(threads_), n / 4096 + 1);
    auto run = [&](Simulator &s, size_t t) {
      ClientSpec client; // of the previous pair: the pairs come client by client
      for (size_t i = n * t / threads; i < n * (t + 1) / threads; ++i)
        out[i] = state(s, refs[i], client);
    };
    Simulator &first = sim();
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t)
      pool.emplace_back([&, t] {
        Simulator s(plan_.after);
        run(s, t);
      });
    run(first, 0);
    for (std::thread &t : pool)
      t.join();
    return out;
  }

  // The wanted pairs with a side on one of `hosts` (plant indices).
  void forEachWanted(const std::vector<int> &hosts, const std::function<void(const PairRef &)> &fn) const {
    std::vector<char> near(plan_.after.hosts.size(), 0);
    for (int h : hosts)
      if (h >= 0)
        near[static_cast<size_t>(h)] = 1;
    auto touches = [&](int h) { return h >= 0 && near[static_cast<size_t>(h)]; };
    if (!every_) {
      for (size_t i = 0; i < wanted_.size(); ++i) {
        const PlanPair &w = wanted_[i];
        if (touches(w.clientHost) || touches(w.serverHost))
          fn(PairRef{w.clientHost, w.client, w.serverHost, w.server, static_cast<int32_t>(i)});
      }
      return;
    }
    const model::Plant &p = plan_.after;
    const int n = static_cast<int>(p.hosts.size());
    for (int ch = 0; ch < n; ++ch)
      for (int ci = 0; ci < static_cast<int>(p.hosts[ch].clients.size()); ++ci)
        for (int sh = 0; sh < n; ++sh)
          if (touches(ch) || touches(sh))
            for (int si = 0; si < static_cast<int>(p.hosts[sh].servers.size()); ++si)
              fn(PairRef{ch, ci, sh, si, -1});
  }

  std::vector<int> changedHosts() const {
    std::vector<int> out;
    for (size_t h = 0; h < changed_.size(); ++h)
      if (changed_[h])
        out.push_back(static_cast<int>(h));
    return out;
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
      std::vector<Fix> fixes = withWidened(pair, o.fixes, !connect);
      // The same fixes, refused since the last fix taken, are refused again for the same reasons.
      std::string key;
      for (const Fix &f : fixes)
        key += f.summary + '\n';
      if (auto it = refused_.find(key); it != refused_.end()) {
        why = it->second;
        return false;
      }
      std::vector<std::string> reasons;
      if (!take(pair, fixes, before, reasons)) {
        why = "every proven fix is refused: ";
        for (size_t i = 0; i < reasons.size(); ++i)
          why += (i ? "; " : "") + reasons[i];
        refused_.emplace(key, why);
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
  int threads_;
  PairIndex index_;
  std::vector<uint8_t> score_; // per wanted pair: the directions that work on the plan's plant
  std::vector<char> changed_;  // per host: a fix taken changes it
  std::unique_ptr<Simulator> sim_;
  std::vector<Queued> queue_;
  std::unordered_map<std::string, std::string> refused_; // fixes (summaries) -> why, since the last fix taken

  // `client`: the previous pair's client, taken again when it is the same program.
  PairState state(Simulator &s, const PairRef &r, ClientSpec &client) const {
    if (r.wanted >= 0)
      return check(s, plan_.after, wanted_[static_cast<size_t>(r.wanted)]);
    if (client.host != r.ch || client.program != &plan_.after.hosts[r.ch].clients[r.ci])
      client = s.clientOf(r.ch, static_cast<size_t>(r.ci));
    const model::ComServer &x = plan_.after.hosts[r.sh].servers[r.si];
    return stateOf(s.connect(client, r.sh, &x, x.progid.value, false), s.advise(client, r.sh, x, false));
  }

  // The unwanted pairs with a side on `hosts` that do not work now.
  std::vector<size_t> redUnwanted(const std::vector<int> &hosts) {
    std::vector<size_t> out;
    for (size_t u = 0; u < unwanted_.size(); ++u) {
      const PlanPair &x = unwanted_[u];
      const bool near = std::find(hosts.begin(), hosts.end(), x.clientHost) != hosts.end() ||
                        std::find(hosts.begin(), hosts.end(), x.serverHost) != hosts.end();
      if (near && !check(sim(), plan_.after, x).green())
        out.push_back(u);
    }
    return out;
  }

  // Applies `f` to the plan's plant and simulates again every wanted pair with a side on a host
  // it changes, and the unwanted pairs there. The hosts a fix changes are those its changes name
  // (a change known only to its own step names the host it is made on; the pair's two hosts
  // when none is named). undo() takes it back.
  Trial tryFix(const PlanPair &pair, const Fix &f) {
    Trial t;
    auto add = [&](int h) {
      if (h >= 0 && std::find(t.hosts.begin(), t.hosts.end(), h) == t.hosts.end())
        t.hosts.push_back(h);
    };
    for (const Change &c : f.changes)
      add(hostIndex(plan_.after, c.host));
    if (t.hosts.empty()) {
      add(pair.clientHost);
      add(pair.serverHost);
    }
    forEachWanted(t.hosts, [&](const PairRef &r) { t.touched.push_back(r); });
    std::vector<size_t> unwantedRed = redUnwanted(t.hosts);
    for (int h : t.hosts)
      t.saved.emplace_back(h, plan_.after.hosts[h]);
    if (f.apply)
      f.apply(plan_.after);
    else
      applyChanges(plan_.after, f.changes);
    sim_.reset();
    std::vector<PairState> now = states(t.touched);
    for (size_t i = 0; i < now.size(); ++i) {
      const uint8_t before = score_[index_(t.touched[i])], after = now[i].score();
      t.after.push_back(after);
      t.gain += long{after} - long{before};
      if (after < before)
        t.lowered.push_back(Queued{t.touched[i], PairState{}, true, before});
    }
    for (size_t u : unwantedRed)
      if (t.unwanted.empty() && check(sim(), plan_.after, unwanted_[u]).green())
        t.unwanted = unwanted_[u].label;
    return t;
  }

  // Takes `t` back; with `redo`, keeps the hosts as `t` left them in `redo->saved`, to take it
  // again without simulating again.
  void undo(Trial &t, Trial *redo = nullptr) {
    for (auto &[h, host] : t.saved) {
      if (redo)
        redo->saved.emplace_back(h, std::move(plan_.after.hosts[h]));
      plan_.after.hosts[h] = std::move(host);
    }
    sim_.reset();
  }

  void keep(const PlanPair &pair, const Fix &f, const std::string &before, const Trial &t) {
    plan_.fixes.push_back(PlannedFix{f, pair.label, before, t.lowered.size()});
    for (size_t i = 0; i < t.touched.size(); ++i)
      score_[index_(t.touched[i])] = t.after[i];
    for (int h : t.hosts)
      changed_[static_cast<size_t>(h)] = 1;
    queue_.insert(queue_.end(), t.lowered.begin(), t.lowered.end());
    refused_.clear();
  }

  // Takes the first fix that is not refused and lowers no wanted pair; failing that, the one that
  // makes the most directions work in all while lowering some (those pairs are queued again).
  bool take(const PlanPair &pair, const std::vector<Fix> &fixes, const std::string &before,
            std::vector<std::string> &reasons) {
    const Fix *best = nullptr;
    Trial bestTrial; // its `saved`: the hosts as the fix leaves them
    for (const Fix &f : fixes) {
      std::string no = refusalOf(f);
      if (no.empty()) {
        Trial t = tryFix(pair, f);
        if (!t.unwanted.empty()) {
          no = "it would make the unwanted pair " + t.unwanted + " work";
        } else if (t.lowered.empty()) {
          keep(pair, f, before, t);
          return true;
        } else {
          const size_t n = t.lowered.size();
          no = fmt::format("it would break {} wanted pair{} that work{}", n, n == 1 ? "" : "s", n == 1 ? "s" : "");
        }
        const bool better = t.unwanted.empty() && t.gain > (best ? bestTrial.gain : 0);
        Trial redo;
        undo(t, better ? &redo : nullptr);
        if (better) {
          best = &f;
          bestTrial = std::move(t);
          bestTrial.saved = std::move(redo.saved);
        }
      }
      reasons.push_back("\"" + f.summary + "\": " + no);
    }
    if (!best)
      return false;
    for (auto &[h, host] : bestTrial.saved)
      plan_.after.hosts[h] = std::move(host);
    sim_.reset();
    keep(pair, *best, before, bestTrial);
    return true;
  }

  // The hosts on the other side of the wanted pairs of `host`: the servers its clients call
  // (`callbacks`: they call back), or the clients that call its servers.
  std::vector<int> peersOf(int host, bool callbacks) const {
    const model::Plant &p = plan_.after;
    std::vector<char> peer(p.hosts.size(), 0);
    for (size_t h = 0; every_ && h < p.hosts.size(); ++h)
      peer[h] = callbacks ? !p.hosts[h].servers.empty() : !p.hosts[h].clients.empty();
    for (const PlanPair &w : every_ ? std::vector<PlanPair>{} : wanted_) {
      if (callbacks && w.clientHost == host && w.serverHost >= 0 && w.request.advise)
        peer[static_cast<size_t>(w.serverHost)] = 1;
      if (!callbacks && w.serverHost == host && w.clientHost >= 0)
        peer[static_cast<size_t>(w.clientHost)] = 1;
    }
    std::vector<int> out;
    for (size_t h = 0; h < peer.size(); ++h)
      if (peer[h] && static_cast<int>(h) != host)
        out.push_back(static_cast<int>(h));
    return out;
  }

  // A firewall rule proven for one peer, widened to every peer of the host's wanted pairs: one
  // rule where there would be one fix a peer (nullopt when it would not be wider).
  std::optional<Fix> widened(const PlanPair &pair, const Fix &f, bool callbacks) const {
    if (f.changes.size() != 1 || f.changes[0].kind != Change::Kind::FirewallRule || !f.changes[0].rule ||
        f.changes[0].rule->remote.size() != 1)
      return std::nullopt;
    const Change &c = f.changes[0];
    const int target = hostIndex(plan_.after, c.host);
    if (target < 0 || target != (callbacks ? pair.clientHost : pair.serverHost))
      return std::nullopt;
    std::vector<std::string> addresses;
    for (int h : peersOf(target, callbacks))
      if (const auto &a = plan_.after.hosts[h].addresses.value;
          !a.empty() && std::find(addresses.begin(), addresses.end(), a.front()) == addresses.end())
        addresses.push_back(a.front());
    if (addresses.size() < 2)
      return std::nullopt;
    Change wide = c;
    model::FirewallRule &r = *wide.rule;
    const std::string one = r.remote.front();
    r.remote = addresses;
    if (auto pos = r.name.find(" from "); pos != std::string::npos)
      r.name = r.name.substr(0, pos) + (callbacks ? " from OPC servers" : " from OPC clients");
    const std::string what = r.program ? *r.program : r.rpcDynamic ? "the RPC dynamic ports" : "TCP 135";
    Fix w = f;
    w.summary = fmt::format("allow {} into {} from the {} {} of its wanted pairs (one rule for all of them)", what,
                            c.host, addresses.size(), callbacks ? "servers" : "clients");
    std::string list;
    for (const std::string &a : addresses)
      list += (list.empty() ? "" : ",") + a;
    if (auto pos = w.howto.find(one); pos != std::string::npos)
      w.howto.replace(pos, one.size(), list);
    w.verification = "proven: every wanted pair with a side on " + c.host + " simulated again with it";
    w.changes = {wide};
    w.complete = true;
    w.apply = [wide](model::Plant &plant) { applyChange(plant, wide); };
    return w;
  }

  std::vector<Fix> withWidened(const PlanPair &pair, const std::vector<Fix> &fixes, bool callbacks) const {
    std::vector<Fix> out;
    for (const Fix &f : fixes) {
      if (auto w = widened(pair, f, callbacks))
        out.push_back(std::move(*w));
      out.push_back(f);
    }
    return out;
  }
};

// The plan's list of pairs: each queued pair once (with the state it was first queued with) and
// its state `after`; all of them on a small plan, else those still red (at most kListedPairs) and
// the others counted by their state before.
void listPairs(Planner &planner, const std::function<PairState(const Queued &)> &after,
               const std::unordered_map<uint64_t, std::string> &why) {
  Plan &plan = planner.plan();
  const std::vector<Queued> &queue = planner.queue();
  std::unordered_set<uint64_t> again, listed;
  for (const Queued &q : queue)
    if (q.again)
      again.insert(q.ref.key());
  size_t unique = 0;
  for (const Queued &q : queue)
    unique += !again.count(q.ref.key()) || listed.insert(q.ref.key()).second;
  listed.clear();
  const bool all = unique <= kListedPairs;
  std::map<std::string, size_t> greens;
  size_t redListed = 0;
  for (const Queued &q : queue) {
    const uint64_t key = q.ref.key();
    if (again.count(key) && !listed.insert(key).second)
      continue;
    const PairState now = after(q);
    if (!all && now.green()) {
      ++greens[beforeText(q)];
      continue;
    }
    if (!all && redListed >= kListedPairs) {
      ++plan.redNotListed;
      continue;
    }
    redListed += now.green() ? 0 : 1;
    auto w = why.find(key);
    plan.pairs.push_back(PairResult{planner.pairOf(q.ref).label, beforeText(q), stateText(now), now.green(),
                                    now.green() || w == why.end() ? "" : w->second});
  }
  plan.greenByBefore.assign(greens.begin(), greens.end());
  std::stable_sort(plan.greenByBefore.begin(), plan.greenByBefore.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
}

// The red wanted pairs of the plant, queued, with every pair's score kept.
void queueRed(Planner &planner, const std::vector<PlanPair> &wanted, const PlanOptions &options) {
  Plan &plan = planner.plan();
  std::vector<Queued> &queue = planner.queue();
  if (options.everyPair) {
    MatrixOptions m{options.threads, true, [&](size_t done, size_t total) {
                      if (options.progress)
                        options.progress("simulating the plant: client hosts", done, total);
                    }};
    plan.wanted = runMatrix(plan.after, m, [&](const MatrixRow &r) {
                    PairState s{r.connectHresult, r.adviseHresult, r.connectStep, r.adviseStep};
                    queue.push_back(Queued{PairRef{r.clientHost, r.client, r.serverHost, r.server, -1}, s});
                    planner.setState(queue.back().ref, s);
                  }).rows;
    return;
  }
  plan.wanted = wanted.size();
  std::vector<PairRef> refs;
  for (size_t i = 0; i < wanted.size(); ++i)
    refs.push_back(PairRef{wanted[i].clientHost, wanted[i].client, wanted[i].serverHost, wanted[i].server,
                           static_cast<int32_t>(i)});
  std::vector<PairState> now = planner.states(refs);
  for (size_t i = 0; i < refs.size(); ++i) {
    planner.setState(refs[i], now[i]);
    if (!now[i].green())
      queue.push_back(Queued{refs[i], now[i]});
  }
}

// The proof: every wanted pair with a side on a host the plan changes, simulated again on the
// plant with every fix applied (the others are as they were); the pairs listed.
void checkPlan(Planner &planner, const std::unordered_map<uint64_t, std::string> &why, const PlanOptions &options) {
  Plan &plan = planner.plan();
  std::vector<PairRef> touched;
  planner.forEachWanted(planner.changedHosts(), [&](const PairRef &r) { touched.push_back(r); });
  if (options.progress)
    options.progress("checking the plan: pairs to simulate again", touched.size(), 0);
  std::vector<PairState> now = planner.states(touched);
  std::unordered_map<uint64_t, PairState> red;
  for (size_t i = 0; i < touched.size(); ++i)
    if (!now[i].green())
      red.emplace(touched[i].key(), now[i]);
  plan.redAfter = red.size();
  for (const Queued &q : planner.queue())
    plan.redAfter += !q.again && !planner.changed(q.ref.ch) && !planner.changed(q.ref.sh);
  listPairs(
      planner,
      [&](const Queued &q) {
        if (!planner.changed(q.ref.ch) && !planner.changed(q.ref.sh))
          return q.before;
        auto it = red.find(q.ref.key());
        return it == red.end() ? PairState{} : it->second;
      },
      why);
}

} // namespace

Plan planFixes(const model::Plant &plant, const std::vector<PlanPair> &wanted, const std::vector<PlanPair> &unwanted,
               const PlanOptions &options) {
  Planner planner(plant, wanted, unwanted, options);
  Plan &plan = planner.plan();
  queueRed(planner, wanted, options);
  plan.redBefore = planner.queue().size();
  std::vector<PairState> unwantedBefore;
  for (const PlanPair &u : unwanted)
    unwantedBefore.push_back(check(planner.sim(), plan.after, u));
  std::unordered_map<uint64_t, std::string> why;
  for (size_t i = 0; i < planner.queue().size(); ++i) {
    if (options.progress && i % 256 == 0)
      options.progress("fixing red pairs", i, planner.queue().size());
    const Queued q = planner.queue()[i]; // fix() may queue more pairs
    if (planner.green(q.ref))
      continue;
    std::string w;
    if (!planner.fix(planner.pairOf(q.ref), beforeText(q), w))
      why[q.ref.key()] = w;
  }
  checkPlan(planner, why, options);
  for (size_t i = 0; i < unwanted.size(); ++i) {
    PairState after = check(planner.sim(), plan.after, unwanted[i]);
    plan.unwanted.push_back(PairResult{unwanted[i].label, stateText(unwantedBefore[i]), stateText(after), after.green(),
                                       after.green() ? "works, although the plant file marks it unwanted" : ""});
  }
  return std::move(plan);
}

} // namespace dd::sim
