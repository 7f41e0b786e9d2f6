// Marvin32 (see Marvin32.h). Written here rather than taken from a library: no Debian package
// provides it, and it is twenty lines.
#include "registry/Marvin32.h"

#include "support/LittleEndian.h"

namespace dd::registry {

namespace {

constexpr uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

void marvinMix(uint32_t &lo, uint32_t &hi) {
  hi ^= lo;
  lo = rotl(lo, 20) + hi;
  hi = rotl(hi, 9) ^ lo;
  lo = rotl(lo, 27) + hi;
  hi = rotl(hi, 19);
}

} // namespace

uint64_t marvin32(std::span<const uint8_t> data, uint64_t seed) {
  uint32_t lo = static_cast<uint32_t>(seed), hi = static_cast<uint32_t>(seed >> 32);
  size_t i = 0;
  for (; i + 4 <= data.size(); i += 4) {
    lo += loadLE32(data.data() + i);
    marvinMix(lo, hi);
  }
  // The last 0-3 bytes, then the 0x80 end marker, in one little-endian word.
  uint32_t last = 0x80u << (8 * (data.size() - i));
  for (size_t k = 0; i + k < data.size(); ++k)
    last |= static_cast<uint32_t>(data[i + k]) << (8 * k);
  lo += last;
  marvinMix(lo, hi);
  marvinMix(lo, hi);
  return static_cast<uint64_t>(hi) << 32 | lo;
}

} // namespace dd::registry
