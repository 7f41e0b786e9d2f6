// CRC-32 (IEEE 802.3 / RFC 1952, reflected polynomial 0xEDB88320, initial value 0) as EVTX uses
// it for the file header, the chunk header and the event records of a chunk.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dd::evtx {

// CRC of `size` bytes at `data`, continuing from `crc` (0 to start).
uint32_t crc32(const uint8_t *data, size_t size, uint32_t crc = 0);

} // namespace dd::evtx
