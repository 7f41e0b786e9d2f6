// The pool simulation against closed-form answers, and its determinism per seed.
#include "sim/license/Pool.h"
#include "sim/license/Random.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace dd::sim::license;

// Every session times out and every release fails: the pool is empty after exactly N sessions,
// and every later user is turned away.
TEST(Pool, EveryReleaseFailsEmptyAfterExactlyNSessions) {
  for (int n : {1, 7, 50}) {
    PoolParams p;
    p.pool = n;
    p.usersPerHour = 30;
    p.sessionMinutes = 10;
    p.timeoutMinutes = 20;
    p.mix = {0, 0, 1};
    p.days = 5;
    p.releaseWorks = false;
    PoolRun r = simulatePool(p);
    EXPECT_EQ(r.admitted, static_cast<uint64_t>(n));
    EXPECT_EQ(r.leaked, static_cast<uint64_t>(n));
    EXPECT_EQ(r.turnedAway, r.arrivals - n);
    ASSERT_TRUE(r.dryAtMinute);
    EXPECT_NEAR(r.days.back().meanInUse, n, 1e-9); // the last day: all N licenses stuck
    EXPECT_EQ(r.samples.back(), static_cast<uint32_t>(n));
  }
}

// Nothing leaks and the pool never fills: the mean pool use is Little's law, L = lambda * W,
// with W = mean active time + (closed or timed-out share) * timeout.
TEST(Pool, NothingLeaksMeanUseIsLittlesLaw) {
  struct Case {
    double perHour, session, timeout;
    EndMix mix;
  };
  for (const Case &c :
       {Case{10, 30, 20, {0.2, 0.5, 0.3}}, Case{120, 15, 20, {0.5, 0.25, 0.25}}, Case{3, 60, 5, {1, 0, 0}}}) {
    PoolParams p;
    p.pool = 100000;
    p.usersPerHour = c.perHour;
    p.sessionMinutes = c.session;
    p.timeoutMinutes = c.timeout;
    p.mix = c.mix;
    p.days = 200;
    p.seed = 42;
    p.releaseWorks = true;
    PoolRun r = simulatePool(p);
    const double little = c.perHour / 60 * (c.session + (1 - c.mix.logoff) * c.timeout);
    EXPECT_EQ(r.leaked, 0u);
    EXPECT_EQ(r.turnedAway, 0u);
    EXPECT_GT(r.meanInUseHalfWidth, 0);
    EXPECT_LT(r.meanInUseHalfWidth, 0.05 * little);
    EXPECT_NEAR(r.meanInUse, little, r.meanInUseHalfWidth) << "L = " << little;
  }
}

TEST(Pool, TheSameSeedGivesTheSameRunAnotherSeedAnother) {
  PoolParams p;
  p.days = 20;
  p.seed = 7;
  PoolRun a = simulatePool(p), b = simulatePool(p);
  EXPECT_EQ(a.arrivals, b.arrivals);
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_EQ(a.meanInUse, b.meanInUse);
  ASSERT_TRUE(a.dryAtMinute && b.dryAtMinute);
  EXPECT_EQ(*a.dryAtMinute, *b.dryAtMinute);
  p.seed = 8;
  EXPECT_NE(simulatePool(p).samples, a.samples);
  // Before and after the fix with one seed: the same users arrive.
  p.releaseWorks = true;
  PoolRun fixed = simulatePool(p);
  p.releaseWorks = false;
  EXPECT_EQ(fixed.arrivals, simulatePool(p).arrivals);
}

// The generator's output is defined here, not by the standard library: the first numbers of
// seed 0 (splitmix64 expanding the seed into xoshiro256** state).
TEST(Pool, TheRandomNumbersAreDefined) {
  Random r(0);
  uint64_t first = r.next(), second = r.next();
  Random again(0);
  EXPECT_EQ(again.next(), first);
  EXPECT_EQ(again.next(), second);
  EXPECT_NE(first, second);
  Random u(1);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    double x = u.uniform();
    ASSERT_GE(x, 0);
    ASSERT_LT(x, 1);
    sum += x;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.005);
}

TEST(Pool, LeaksArePerDayAndTheDryTimeIsPrinted) {
  PoolParams p;
  p.pool = 25;
  p.usersPerHour = 10;
  p.sessionMinutes = 30;
  p.days = 3;
  p.seed = 7;
  PoolRun r = simulatePool(p);
  uint64_t sum = 0;
  for (const auto &d : r.days)
    sum += d.leaked;
  EXPECT_EQ(sum, r.leaked);
  EXPECT_EQ(r.samples.size(), 3u * 24);
  EXPECT_EQ(dayClock(1440 + 61), "day 2 01:01");
}

TEST(Pool, BadParametersAreRefused) {
  PoolParams p;
  EXPECT_EQ(checkParams(p), "");
  p.mix = {0.5, 0.5, 0.5};
  EXPECT_NE(checkParams(p), "");
  p = PoolParams{};
  p.pool = 0;
  EXPECT_NE(checkParams(p), "");
  p = PoolParams{};
  p.days = 0;
  EXPECT_NE(checkParams(p), "");
}

} // namespace
