// The pseudo-random numbers of the pool simulation, defined here so that a seed gives the same
// numbers on every platform and standard library (std:: distributions do not): splitmix64
// expands the seed into the state of xoshiro256** (Blackman and Vigna, "Scrambled linear
// pseudorandom number generators", 2018); a uniform double is the top 53 bits times 2^-53; an
// exponential variate is -mean * log(1 - u).
#pragma once

#include <cmath>
#include <cstdint>

namespace dd::sim::license {

class Random {
public:
  explicit Random(uint64_t seed) {
    for (auto &s : s_)
      s = splitmix64(seed);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; } // [0, 1)
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }

private:
  uint64_t s_[4];
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t &x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};

} // namespace dd::sim::license
