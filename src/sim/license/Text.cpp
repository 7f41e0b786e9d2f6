// The license verb's text output (see Output.h).
#include "sim/license/Output.h"

#include <fmt/format.h>

namespace dd::sim::license {

PoolComparison comparePools(const Diagnosis &d, const PoolParams &params) {
  PoolComparison c{d.host, params, {}, {}};
  PoolParams before = params, after = params;
  before.releaseWorks = d.releaseWorks;
  after.releaseWorks = true;
  c.before = simulatePool(before);
  c.after = simulatePool(after);
  return c;
}

namespace {

void list(std::string &out, const std::vector<std::string> &lines, const char *indent = "  ") {
  for (const auto &l : lines)
    out += fmt::format("{}- {}\n", indent, l);
}

void diagnosisText(std::string &out, const Diagnosis &d) {
  out += fmt::format("{}: client license release of ASP application {} ({})\n", d.host, d.application, d.iis);
  out += fmt::format("result: {}\n\n", d.healthy()      ? "healthy: the license is released when a session ends"
                                       : d.releaseWorks ? "the release works; see the finding below"
                                                        : "LICENSES LEAK: a session that times out or whose "
                                                          "browser is closed never gives its license back");
  out += "facts:\n";
  list(out, d.facts);
  if (!d.passwordLevels.empty()) {
    out += "anonymous password by level (never shown):\n";
    list(out, d.passwordLevels);
  }
  out += "\ncauses:\n";
  if (d.causes.empty())
    out += "  none\n";
  for (const auto &c : d.causes) {
    out += fmt::format("  [{}] {}\n", causeKey(c.id), c.title);
    list(out, c.evidence, "    ");
  }
  out += fmt::format("\nApplication log ({}): {}\n", d.event.source, d.event.written ? d.event.text : "none");
  out += fmt::format("  why: {}\n", d.event.why);
}

} // namespace

std::string formatPrescription(const Prescription &p) {
  std::string out;
  diagnosisText(out, p.diagnosis);
  if (!p.fixes.empty()) {
    out += "\nfixes, in the tech note's order (each re-diagnosed with it and the ones above applied):\n";
    int n = 0;
    for (const auto &f : p.fixes) {
      out += fmt::format("  {}. [{}] {}\n", ++n, f.key, f.title);
      list(out, f.steps, "     ");
      std::string left;
      for (const auto &r : f.remaining)
        left += (left.empty() ? "" : ", ") + r;
      out += fmt::format("     => {}\n", f.healthyAfter        ? "healthy"
                                         : f.releaseWorksAfter ? "the release works; still: " + left
                                                               : "still failing: " + left);
    }
  }
  if (!p.hardening.empty()) {
    out += "\nEveryoneIncludesAnonymous (the tech note and hardening disagree):\n";
    list(out, p.hardening);
  }
  out += "\nverify the release (the tech note's procedure):\n";
  int n = 0;
  for (const auto &v : p.verification)
    out += fmt::format("  {}. {}\n", ++n, v);
  return out;
}

namespace {

void runText(std::string &out, const char *label, const PoolRun &r, int pool) {
  out += fmt::format("{}: {} users arrived, {} got a license, {} turned away, {} licenses leaked\n", label, r.arrivals,
                     r.admitted, r.turnedAway, r.leaked);
  out += fmt::format("  pool of {}: {}; mean use {:.2f} licenses (99% CI +/- {:.2f})\n", pool,
                     r.dryAtMinute ? "runs dry at " + dayClock(*r.dryAtMinute) : std::string("never runs dry"),
                     r.meanInUse, r.meanInUseHalfWidth);
  out += "  day  arrived  admitted  turned-away  leaked  peak  mean-use\n";
  for (size_t i = 0; i < r.days.size(); ++i) {
    const auto &d = r.days[i];
    if (r.days.size() > 14 && i >= 7 && i + 7 < r.days.size()) {
      if (i == 7)
        out += "  ...\n";
      continue;
    }
    out += fmt::format("  {:>3}  {:>7}  {:>8}  {:>11}  {:>6}  {:>4}  {:>8.2f}\n", i + 1, d.arrivals, d.admitted,
                       d.turnedAway, d.leaked, d.peakInUse, d.meanInUse);
  }
}

} // namespace

std::string formatPools(const PoolComparison &c) {
  const PoolParams &p = c.params;
  std::string out =
      fmt::format("{}: license pool of {} over {} days, {} users/hour, sessions {} min (mean), timeout {} "
                  "min, ends logoff={} close={} timeout={}, seed {}\n\n",
                  c.host, p.pool, p.days, p.usersPerHour, p.sessionMinutes, p.timeoutMinutes, p.mix.logoff, p.mix.close,
                  p.mix.timeout, p.seed);
  runText(out, c.before.releaseWorks ? "as it is (the release works)" : "as it is (Session_OnEnd does not release)",
          c.before, p.pool);
  out += "\n";
  runText(out, "after the fix (every ended session releases its license)", c.after, p.pool);
  return out;
}

} // namespace dd::sim::license
