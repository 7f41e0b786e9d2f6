// The pool simulation (see Pool.h): an event loop over arrivals and a min-heap of release times.
// The random numbers are drawn in a fixed order (for each arrival: the time to it, its active
// time, how it ends), so the same seed gives the same run and the same users with and without
// the fix.
#include "sim/license/Pool.h"

#include "sim/license/Random.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <queue>

namespace dd::sim::license {

std::string checkParams(const PoolParams &p) {
  if (p.pool < 1 || p.pool > 1000000)
    return "--pool must be 1 to 1000000 licenses";
  if (!(p.usersPerHour > 0) || p.usersPerHour > 100000)
    return "--users-per-hour must be more than 0 and at most 100000";
  if (!(p.sessionMinutes > 0) || p.sessionMinutes > 100000)
    return "--session-minutes must be more than 0";
  if (!(p.timeoutMinutes >= 0) || p.timeoutMinutes > 100000)
    return "--timeout must be 0 or more minutes";
  if (p.days < 1 || p.days > 3660)
    return "--days must be 1 to 3660";
  const EndMix &m = p.mix;
  if (m.logoff < 0 || m.close < 0 || m.timeout < 0 || std::fabs(m.logoff + m.close + m.timeout - 1) > 1e-9)
    return "--end-mix fractions must be 0 or more and add up to 1 (logoff=0.2,close=0.5,timeout=0.3)";
  if (p.samplesPerDay < 1 || p.samplesPerDay > 1440)
    return "samples per day must be 1 to 1440";
  return "";
}

std::string dayClock(double minute) {
  auto m = static_cast<long long>(minute);
  return fmt::format("day {} {:02}:{:02}", m / 1440 + 1, (m % 1440) / 60, m % 60);
}

namespace {

// Time-weighted pool use, split at day boundaries and sample times.
class Meter {
public:
  Meter(const PoolParams &p, PoolRun &run) : run_(run), sampleStep_(1440.0 / p.samplesPerDay) {
    run_.days.resize(p.days);
  }
  void advance(double to, uint32_t inUse) {
    while (last_ < to) {
      double dayEnd = (day_ + 1) * 1440.0;
      while (nextSample_ <= to && nextSample_ < dayEnd && nextSample_ < run_.days.size() * 1440.0) {
        run_.samples.push_back(inUse);
        nextSample_ += sampleStep_;
      }
      double end = std::min(to, dayEnd);
      area_ += inUse * (end - last_);
      last_ = end;
      if (end == dayEnd && day_ < run_.days.size()) {
        run_.days[day_].meanInUse = area_ / 1440.0;
        area_ = 0;
        ++day_;
      }
    }
  }
  DayStats &today() { return run_.days[std::min<size_t>(day_, run_.days.size() - 1)]; }

private:
  PoolRun &run_;
  double sampleStep_, nextSample_ = 0, last_ = 0, area_ = 0;
  size_t day_ = 0;
};

void summarise(PoolRun &run) {
  double sum = 0, sq = 0;
  for (const auto &d : run.days)
    sum += d.meanInUse;
  const double n = static_cast<double>(run.days.size());
  run.meanInUse = sum / n;
  for (const auto &d : run.days)
    sq += (d.meanInUse - run.meanInUse) * (d.meanInUse - run.meanInUse);
  run.meanInUseHalfWidth = n > 1 ? 2.576 * std::sqrt(sq / (n - 1) / n) : 0;
}

} // namespace

PoolRun simulatePool(const PoolParams &p) {
  PoolRun run;
  run.releaseWorks = p.releaseWorks;
  Random rng(p.seed);
  Meter meter(p, run);
  std::priority_queue<double, std::vector<double>, std::greater<>> releases;
  const double horizon = p.days * 1440.0, meanGap = 60.0 / p.usersPerHour;
  uint32_t inUse = 0;
  for (double t = rng.exponential(meanGap); t < horizon; t += rng.exponential(meanGap)) {
    while (!releases.empty() && releases.top() <= t) {
      meter.advance(releases.top(), inUse);
      --inUse;
      releases.pop();
    }
    meter.advance(t, inUse);
    DayStats &day = meter.today();
    ++day.arrivals;
    day.peakInUse = std::max(day.peakInUse, inUse);
    // Every arrival draws its session, admitted or not, so that runs with the same seed see the
    // same users (before and after the fix).
    const double active = rng.exponential(p.sessionMinutes), u = rng.uniform();
    if (inUse >= static_cast<uint32_t>(p.pool)) {
      ++day.turnedAway;
      if (!run.dryAtMinute)
        run.dryAtMinute = t;
      continue;
    }
    ++inUse;
    ++day.admitted;
    day.peakInUse = std::max(day.peakInUse, inUse);
    if (u < p.mix.logoff) {
      ++run.logoffs;
      releases.push(t + active);
      continue;
    }
    ++(u < p.mix.logoff + p.mix.close ? run.closes : run.timeouts);
    const double onEnd = t + active + p.timeoutMinutes; // Session_OnEnd
    if (p.releaseWorks)
      releases.push(onEnd);
    else if (onEnd < horizon)
      ++run.days[static_cast<size_t>(onEnd / 1440.0)].leaked;
  }
  while (!releases.empty() && releases.top() < horizon) {
    meter.advance(releases.top(), inUse);
    --inUse;
    releases.pop();
  }
  meter.advance(horizon, inUse);
  for (const auto &d : run.days) {
    run.arrivals += d.arrivals;
    run.admitted += d.admitted;
    run.turnedAway += d.turnedAway;
    run.leaked += d.leaked;
  }
  summarise(run);
  return run;
}

} // namespace dd::sim::license
