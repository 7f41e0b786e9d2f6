// U64Map, the simulator's flat cache: it must behave like std::map for any keys, including the
// ones a packing of ids produces (0, all ones, keys that differ only in high bits and so land
// in the same slot), through every growth.
#include "support/U64Map.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>

using dd::U64Map;

TEST(U64Map, EmptyFindsNothing) {
  U64Map<int> m;
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(0), nullptr);
  EXPECT_EQ(m.find(~uint64_t(0)), nullptr);
}

TEST(U64Map, InsertKeepsTheFirstValue) {
  U64Map<std::string> m;
  EXPECT_EQ(m.insert(7, "first"), "first");
  EXPECT_EQ(m.insert(7, "second"), "first");
  EXPECT_EQ(m.size(), 1u);
  ASSERT_NE(m.find(7), nullptr);
  EXPECT_EQ(*m.find(7), "first");
}

TEST(U64Map, ExtremeAndHighBitKeys) {
  U64Map<uint64_t> m(4);
  // Keys that differ only above bit 38: the access-check cache's descriptor ids.
  for (uint64_t d = 0; d < 300; ++d)
    m.insert(d << 38, d);
  m.insert(0, 12345); // already present (d = 0): keeps 0
  m.insert(~uint64_t(0), 99);
  EXPECT_EQ(m.size(), 301u);
  for (uint64_t d = 0; d < 300; ++d) {
    ASSERT_NE(m.find(d << 38), nullptr) << d;
    EXPECT_EQ(*m.find(d << 38), d);
  }
  EXPECT_EQ(*m.find(~uint64_t(0)), 99u);
  EXPECT_EQ(m.find(1), nullptr);
  EXPECT_EQ(m.find(uint64_t(300) << 38), nullptr);
}

TEST(U64Map, AgreesWithStdMapThroughGrowth) {
  std::mt19937_64 random(20261123);
  U64Map<uint32_t> m;
  std::map<uint64_t, uint32_t> reference;
  for (uint32_t i = 0; i < 200000; ++i) {
    // Half random keys, half from a small range so that repeats happen.
    uint64_t key = (i % 2) ? random() : random() % 5000;
    uint32_t &held = m.insert(key, i);
    auto [it, added] = reference.emplace(key, i);
    ASSERT_EQ(held, it->second) << key;
    if (i % 997 == 0) {
      uint64_t probe = random();
      const uint32_t *found = m.find(probe);
      auto r = reference.find(probe);
      ASSERT_EQ(found != nullptr, r != reference.end());
    }
  }
  EXPECT_EQ(m.size(), reference.size());
  for (const auto &[key, value] : reference) {
    const uint32_t *found = m.find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value);
  }
}

TEST(U64Map, ClearEmptiesAndStaysUsable) {
  U64Map<int> m;
  for (int i = 0; i < 1000; ++i)
    m.insert(static_cast<uint64_t>(i) * 7919, i);
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.find(7919), nullptr);
  EXPECT_EQ(m.insert(7919, 5), 5); // a new value, not the one before clear()
  EXPECT_EQ(m.size(), 1u);
}
