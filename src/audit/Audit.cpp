// runAudit: every rule over every host, then, for each finding whose fix is a change to the
// plant, the pairs that change would break: the client programs and server classes that involve
// the host are simulated with and without it (the simulator's fast path), and each pair that
// turns red is simulated again in detail for the proven fix that keeps it working.
#include "audit/Audit.h"

#include "sim/Prediction.h"
#include "sim/Simulator.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::audit {

namespace {

// At most this many broken pairs of one finding get a detailed fix search (each is a few
// simulations of the whole request); the others are listed without one.
constexpr size_t kFixSearchesPerFinding = 8;

struct PairResult {
  int clientHost;
  size_t client;
  int serverHost;
  size_t server;
  uint32_t connect = 0, advise = 0;
  int8_t connectStep = -1, adviseStep = -1;
};

// Connect and advise of every client program against every server class where `host` is the
// client's or the server's host.
std::vector<PairResult> pairsOf(const model::Plant &plant, int host) {
  std::vector<PairResult> pairs;
  for (int c = 0; c < static_cast<int>(plant.hosts.size()); ++c)
    for (size_t ci = 0; ci < plant.hosts[c].clients.size(); ++ci)
      for (int s = 0; s < static_cast<int>(plant.hosts.size()); ++s) {
        if (c != host && s != host)
          continue;
        for (size_t si = 0; si < plant.hosts[s].servers.size(); ++si)
          pairs.push_back(PairResult{c, ci, s, si});
      }
  return pairs;
}

void simulate(const model::Plant &plant, std::vector<PairResult> &pairs) {
  sim::Simulator simulator(plant);
  for (PairResult &p : pairs) {
    sim::ClientSpec client = simulator.clientOf(p.clientHost, p.client);
    const model::ComServer &x = plant.hosts[p.serverHost].servers[p.server];
    sim::Outcome connect = simulator.connect(client, p.serverHost, &x, x.progid.value, false);
    p.connect = connect.hresult;
    p.connectStep = connect.step ? static_cast<int8_t>(*connect.step) : -1;
    if (connect.ok()) {
      sim::Outcome advise = simulator.advise(client, p.serverHost, x, false);
      p.advise = advise.hresult;
      p.adviseStep = advise.step ? static_cast<int8_t>(*advise.step) : -1;
    }
  }
}

// Fixes that would undo what the audit asks for are not offered as the way to keep a pair: a
// grant to ANONYMOUS LOGON or Everyone, a level of None, simple file sharing, and the changes the
// simulator itself marks as weakening or temporary.
bool weakens(const sim::Fix &fix) {
  const std::string &s = fix.summary;
  for (const char *prefix : {"(weakens", "(temporary"})
    if (s.rfind(prefix, 0) == 0)
      return true;
  for (const char *grant : {"grant ANONYMOUS LOGON", "grant Everyone", "grant NT AUTHORITY\\ANONYMOUS LOGON", "to None",
                            "ForceGuest = 1", "EveryoneIncludesAnonymous = 1"})
    if (s.find(grant) != std::string::npos)
      return true;
  return false;
}

std::string keepWorking(const model::Plant &after, const PairResult &p, bool advise) {
  const model::Host &c = after.hosts[p.clientHost];
  const model::ClientProgram &program = c.clients[p.client];
  const model::ComServer &x = after.hosts[p.serverHost].servers[p.server];
  sim::Simulator simulator(after);
  sim::Request request{c.name, program.runAs.value, program.name, after.hosts[p.serverHost].name, x.progid.value,
                       advise};
  auto prediction = simulator.predict(request, sim::Options{true, true});
  if (!prediction)
    return {};
  const sim::Outcome &o = advise && prediction->advise ? *prediction->advise : prediction->connect;
  for (const sim::Fix &fix : o.fixes)
    if (fix.verified && !weakens(fix))
      return fix.summary;
  return {};
}

} // namespace

std::vector<BrokenPair> pairsBroken(const model::Plant &before, const model::Plant &after, const std::string &hostName,
                                    size_t *predictions) {
  int host = -1;
  for (size_t i = 0; i < before.hosts.size(); ++i)
    if (model::iequals(before.hosts[i].name, hostName))
      host = static_cast<int>(i);
  std::vector<BrokenPair> out;
  if (host < 0)
    return out;
  std::vector<PairResult> was = pairsOf(before, host), now = was;
  simulate(before, was);
  simulate(after, now);
  if (predictions)
    *predictions += 2 * was.size();
  for (size_t i = 0; i < was.size(); ++i) {
    const PairResult &a = was[i], &b = now[i];
    bool connectBroken = a.connect == 0 && b.connect != 0;
    bool adviseBroken = a.connect == 0 && a.advise == 0 && b.connect == 0 && b.advise != 0;
    if (!connectBroken && !adviseBroken)
      continue;
    const model::Host &c = after.hosts[b.clientHost];
    const model::ClientProgram &program = c.clients[b.client];
    const model::ComServer &x = after.hosts[b.serverHost].servers[b.server];
    BrokenPair bp;
    bp.client = fmt::format("{} {} ({})", c.name, program.name, program.runAs.value);
    bp.server = fmt::format("{} {}", after.hosts[b.serverHost].name, x.progid.value);
    bp.direction = connectBroken ? "connect" : "advise";
    bp.hresult = sim::hresultHex(connectBroken ? b.connect : b.advise);
    bp.step = sim::stepId(static_cast<sim::Step>(connectBroken ? b.connectStep : b.adviseStep));
    if (out.size() < kFixSearchesPerFinding)
      bp.keepWorking = keepWorking(after, b, !connectBroken);
    out.push_back(std::move(bp));
  }
  return out;
}

AuditResult runAudit(const model::Plant &plant, const AuditOptions &options) {
  AuditResult result;
  result.hosts = plant.hosts.size();
  for (const model::Host &h : plant.hosts)
    for (const AuditRule &rule : rules())
      rule.check(plant, h, rule, result.findings);
  if (!options.impact)
    return result;
  size_t done = 0;
  for (AuditFinding &f : result.findings) {
    ++done;
    if (!f.apply)
      continue;
    if (options.progress)
      options.progress(
          fmt::format("auditing: what the fix of finding {}/{} would break", done, result.findings.size()));
    model::Plant after = plant;
    f.apply(after);
    f.wouldBreak = pairsBroken(plant, after, f.host, &result.pairsSimulated);
    f.impactChecked = true;
  }
  return result;
}

std::optional<Risk> AuditResult::highest() const {
  std::optional<Risk> top;
  for (const AuditFinding &f : findings)
    if (!top || f.severity > *top)
      top = f.severity;
  return top;
}

size_t AuditResult::count(Risk s) const {
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(), [s](const AuditFinding &f) { return f.severity == s; }));
}

} // namespace dd::audit
