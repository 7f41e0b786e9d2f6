// ByteReader: bounds-checked little-endian reads over a byte span.
//
// Binary parsers (security descriptors, hives, EVTX) read through this so that a lying
// length or offset becomes an Error with the offset, never an out-of-bounds read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace dd {

class ByteReader {
public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  size_t size() const { return bytes_.size(); }
  bool has(size_t offset, size_t count) const { return offset <= bytes_.size() && count <= bytes_.size() - offset; }

  template <class T>
  std::optional<T> readLE(size_t offset) const {
    if (!has(offset, sizeof(T)))
      return std::nullopt;
    T value = 0;
    for (size_t i = 0; i < sizeof(T); ++i)
      value |= static_cast<T>(static_cast<T>(bytes_[offset + i]) << (8 * i));
    return value;
  }
  std::optional<uint8_t> u8(size_t offset) const { return readLE<uint8_t>(offset); }
  std::optional<uint16_t> u16(size_t offset) const { return readLE<uint16_t>(offset); }
  std::optional<uint32_t> u32(size_t offset) const { return readLE<uint32_t>(offset); }
  std::optional<uint64_t> u64(size_t offset) const { return readLE<uint64_t>(offset); }

  std::optional<std::span<const uint8_t>> slice(size_t offset, size_t count) const {
    if (!has(offset, count))
      return std::nullopt;
    return bytes_.subspan(offset, count);
  }

private:
  std::span<const uint8_t> bytes_;
};

} // namespace dd
