// Marvin32, the keyed checksum Windows writes into every entry of a new-format registry
// transaction log (.LOG1/.LOG2, HvLE entries: Hash-1 over the dirty page references and pages,
// Hash-2 over the first 32 bytes of the entry). A replay that trusted the "HvLE" signature
// alone would apply stale or torn entries: a log file is reused, not truncated, so the bytes
// after the last real entry are an older generation's.
//
// The algorithm is Microsoft's Marvin32 (as in .NET's System.Marvin): two 32-bit registers
// seeded from the 64-bit seed (low half first), each 4-byte little-endian word added and mixed
// by four add-rotate-xor rounds, a tail padded with 0x80, two final rounds; the 64-bit result is
// (high register << 32) | low register, which is how the log stores it (little-endian).
#pragma once

#include <cstdint>
#include <span>

namespace dd::registry {

// The seed of log entry hashes: bytes 82 EF 4D 88 7A 4E 55 C5 taken as one number, as the regf
// specification's author's own reader (yarp) uses it.
constexpr uint64_t kLogEntryMarvinSeed = 0x82EF4D887A4E55C5ull;

uint64_t marvin32(std::span<const uint8_t> data, uint64_t seed);

} // namespace dd::registry
