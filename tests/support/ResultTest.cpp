#include "support/ByteReader.h"
#include "support/Result.h"

#include <gtest/gtest.h>

#include <array>

namespace dd {
namespace {

Result<int> parsePositive(int v) {
  if (v <= 0)
    return Error::atLine("plant.toml", 14, "expected a positive number");
  return v;
}

TEST(Result, CarriesValueOrLocatedError) {
  auto good = parsePositive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  auto bad = parsePositive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().str(), "plant.toml:14: expected a positive number");
}

TEST(Error, FormatsOffsetsInHex) {
  EXPECT_EQ(Error::atOffset("system.evtx", 0x211000, "bad chunk signature").str(),
            "system.evtx: offset 0x211000: bad chunk signature");
  EXPECT_EQ(Error::at("no source").inFile("x.reg").str(), "x.reg: no source");
}

TEST(ByteReader, RefusesReadsPastTheEnd) {
  std::array<uint8_t, 5> bytes{1, 2, 3, 4, 5};
  ByteReader r(bytes);
  EXPECT_EQ(r.u32(0).value(), 0x04030201u);
  EXPECT_EQ(r.u32(1).value(), 0x05040302u);
  EXPECT_FALSE(r.u32(2).has_value());
  EXPECT_FALSE(r.slice(4, 2).has_value());
  EXPECT_FALSE(r.slice(SIZE_MAX, 2).has_value());
}

} // namespace
} // namespace dd
