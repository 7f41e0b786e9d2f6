// Little-endian loads from bytes the caller has already bounds-checked (a record whose size was
// validated, a fixed-size block). Where the offset comes from the input itself, use ByteReader.
#pragma once

#include <cstdint>

namespace dd {

inline uint16_t loadLE16(const uint8_t *p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
inline uint32_t loadLE32(const uint8_t *p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}
inline uint64_t loadLE64(const uint8_t *p) { return loadLE32(p) | static_cast<uint64_t>(loadLE32(p + 4)) << 32; }

} // namespace dd
