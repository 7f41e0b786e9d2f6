// The client license pool over time (docs/license.md#the-pool-over-time): browser sessions
// arrive at random (a Poisson process of `usersPerHour`), each takes a license if one is free
// (else the user is turned away), stays active for an exponential time of mean `sessionMinutes`,
// and ends by Log off (the license comes back at once), by closing the browser or by walking
// away (the session times out `timeoutMinutes` later and Session_OnEnd releases the license, or
// leaks it for good when the release fails). Deterministic per seed (sim/license/Random.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dd::sim::license {

struct EndMix {
  double logoff = 0.2, close = 0.5, timeout = 0.3; // fractions; they must add up to 1
};

struct PoolParams {
  int pool = 25;
  double usersPerHour = 10;
  double sessionMinutes = 30;
  double timeoutMinutes = 20;
  EndMix mix;
  int days = 30;
  uint64_t seed = 1;
  bool releaseWorks = false; // whether Session_OnEnd releases the license (the diagnosis)
  int samplesPerDay = 24;    // pool use sampled this many times a day (the report's plot)
};

struct DayStats {
  uint64_t arrivals = 0, admitted = 0, turnedAway = 0, leaked = 0;
  uint32_t peakInUse = 0;
  double meanInUse = 0; // time average over the day
};

struct PoolRun {
  bool releaseWorks = false;
  std::vector<DayStats> days;
  std::optional<double> dryAtMinute; // the first arrival that found no free license
  uint64_t arrivals = 0, admitted = 0, turnedAway = 0, leaked = 0;
  uint64_t logoffs = 0, closes = 0, timeouts = 0;
  double meanInUse = 0;          // over the run
  double meanInUseHalfWidth = 0; // 99% confidence half-width from the per-day means
  std::vector<uint32_t> samples; // licenses in use at each sample time
};

// Checks the parameters: a message saying what is wrong, or "" when they are fine.
std::string checkParams(const PoolParams &p);
PoolRun simulatePool(const PoolParams &p);

// "day 3 14:05" for a minute of the run.
std::string dayClock(double minute);

} // namespace dd::sim::license
