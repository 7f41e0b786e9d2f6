// Text conversions the registry readers need: UTF-16LE (how Windows stores names and string
// values) to and from UTF-8 (how dcomdoctor holds text), and the single-byte names of hives.
// Internal to dd_registry, and used by dd_model's snapshot text decoder (model/snapshot/TextLines.cpp).
#pragma once

#include "support/Utf.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::registry::text {

inline void appendUtf8(std::string &out, uint32_t cp) {
  char bytes[4];
  out.append(bytes, static_cast<size_t>(utf::putUtf8(bytes, cp) - bytes));
}

// Decodes one code point at s[i] and advances i; invalid bytes decode as U+FFFD (one byte).
inline uint32_t nextCodePoint(std::string_view s, size_t &i) {
  auto b0 = static_cast<uint8_t>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = b0 & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

// UTF-16LE bytes to UTF-8; stops at the first NUL when stopAtNul. Unpaired surrogates and an
// odd last byte become U+FFFD.
inline std::string utf16ToUtf8(std::span<const uint8_t> bytes, bool stopAtNul = false) {
  std::string out;
  out.reserve(bytes.size() / 2);
  const size_t n = bytes.size() / 2;
  for (size_t i = 0; i < n;) {
    const uint32_t cp = utf::nextCodePoint(bytes.data(), n, i);
    if (cp == 0 && stopAtNul)
      return out;
    appendUtf8(out, cp);
  }
  if (bytes.size() % 2 && !stopAtNul)
    appendUtf8(out, 0xFFFD);
  return out;
}

inline void appendUtf16(std::vector<uint8_t> &out, uint32_t cp) {
  auto put = [&](uint32_t u) {
    out.push_back(static_cast<uint8_t>(u & 0xFF));
    out.push_back(static_cast<uint8_t>(u >> 8));
  };
  if (cp >= 0x10000) {
    cp -= 0x10000;
    put(0xD800 + (cp >> 10));
    put(0xDC00 + (cp & 0x3FF));
  } else {
    put(cp);
  }
}

inline void utf8ToUtf16(std::string_view s, std::vector<uint8_t> &out) {
  size_t i = 0;
  while (i < s.size())
    appendUtf16(out, nextCodePoint(s, i));
}

// Windows-1252 (the code page regf "compressed" names and REGEDIT4 files are in) to UTF-8.
inline uint32_t cp1252(uint8_t b) {
  static constexpr uint16_t high[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  return (b >= 0x80 && b < 0xA0) ? high[b - 0x80] : b;
}
inline std::string cp1252ToUtf8(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (uint8_t b : bytes)
    appendUtf8(out, cp1252(b));
  return out;
}

} // namespace dd::registry::text
