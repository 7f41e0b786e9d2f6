// CRC-32 against a bit-by-bit reference: every length around the folding steps (the
// carry-less multiplication path handles multiples of 16 from 64 bytes on, the tables the
// rest), unaligned starts, chained calls, and the standard check value.
#include "evtx/Crc32.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace dd::evtx {
namespace {

uint32_t reference(const uint8_t *p, size_t size, uint32_t crc = 0) {
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k)
      crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
  }
  return ~crc;
}

TEST(EvtxCrc32, CheckValue) {
  const char *text = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t *>(text), 9), 0xCBF43926u);
}

TEST(EvtxCrc32, AgreesWithTheBitByBitReferenceOnEveryLengthAndAlignment) {
  std::mt19937 random(42);
  std::vector<uint8_t> bytes(65536 + 64);
  for (auto &b : bytes)
    b = static_cast<uint8_t>(random());
  for (size_t offset : {0, 1, 3, 8, 13})
    for (size_t size = 0; size <= 300; ++size)
      ASSERT_EQ(crc32(bytes.data() + offset, size), reference(bytes.data() + offset, size))
          << "offset " << offset << " size " << size;
  for (size_t size : {65024u, 65536u, 64999u, 4096u, 1000u})
    EXPECT_EQ(crc32(bytes.data() + 7, size), reference(bytes.data() + 7, size)) << size;
  // Chained, as the chunk header's CRC is (bytes 0-119, then 128-511).
  EXPECT_EQ(crc32(bytes.data() + 128, 384, crc32(bytes.data(), 120)),
            reference(bytes.data() + 128, 384, reference(bytes.data(), 120)));
  std::vector<uint8_t> zeros(65536, 0), ones(65536, 0xff);
  EXPECT_EQ(crc32(zeros.data(), zeros.size()), reference(zeros.data(), zeros.size()));
  EXPECT_EQ(crc32(ones.data(), ones.size()), reference(ones.data(), ones.size()));
}

} // namespace
} // namespace dd::evtx
