// The character-level pieces shared by every reader that turns Windows text into ours:
// UTF-16LE code points to UTF-8 (registry names and strings, registry/Text.h; EVTX values,
// evtx/Value.cpp) and to JSON-escaped UTF-8 (evtx/Event.cpp's JSON writers). Each writes into
// space its caller has already made (at most 4 bytes a character, 6 for a JSON escape), so the
// hot loops stay free of per-character bounds checks.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dd::utf {

// The code point at unit `i` of `units` UTF-16LE units, moving `i` past it: two units for a
// surrogate pair, one otherwise; a lone surrogate is U+FFFD, as Windows shows it.
inline uint32_t nextCodePoint(const uint8_t *bytes, size_t units, size_t &i) {
  auto unit = [&](size_t k) {
    return static_cast<uint32_t>(bytes[2 * k]) | (static_cast<uint32_t>(bytes[2 * k + 1]) << 8);
  };
  uint32_t c = unit(i++);
  if (c < 0xd800 || c > 0xdfff)
    return c;
  const uint32_t low = c <= 0xdbff && i < units ? unit(i) : 0;
  if (low < 0xdc00 || low > 0xdfff)
    return 0xfffd;
  ++i;
  return 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
}

// Writes `c` as UTF-8 at `w` (1 to 4 bytes); returns the end.
inline char *putUtf8(char *w, uint32_t c) {
  if (c < 0x80) {
    *w++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *w++ = static_cast<char>(0xc0 | (c >> 6));
    *w++ = static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    *w++ = static_cast<char>(0xe0 | (c >> 12));
    *w++ = static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    *w++ = static_cast<char>(0x80 | (c & 0x3f));
  } else {
    *w++ = static_cast<char>(0xf0 | (c >> 18));
    *w++ = static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    *w++ = static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    *w++ = static_cast<char>(0x80 | (c & 0x3f));
  }
  return w;
}

// True when the ASCII character `c` goes into a JSON string as it is.
inline bool jsonPlain(uint32_t c) { return c >= 0x20 && c != '"' && c != '\\'; }

// Writes the JSON escape of an ASCII character that needs one ('"', '\\' or a control
// character: \n, \r, \t, else \u00XX); returns the end.
inline char *putJsonEscape(char *w, uint32_t c) {
  static constexpr char Hex[] = "0123456789abcdef";
  *w++ = '\\';
  switch (c) {
  case '"': *w++ = '"'; break;
  case '\\': *w++ = '\\'; break;
  case '\n': *w++ = 'n'; break;
  case '\r': *w++ = 'r'; break;
  case '\t': *w++ = 't'; break;
  default:
    *w++ = 'u';
    *w++ = '0';
    *w++ = '0';
    *w++ = Hex[(c >> 4) & 15];
    *w++ = Hex[c & 15];
  }
  return w;
}

// True when none of the 8 bytes of `v` needs escaping in JSON (no control character, '"' or
// '\\'; bytes of 0x80 and above are UTF-8 and go as they are).
inline bool jsonPlainWord(uint64_t v) {
  constexpr uint64_t Ones = 0x0101010101010101ull, Highs = 0x8080808080808080ull;
  auto zeroByte = [](uint64_t x) { return (x - Ones) & ~x & Highs; };
  const uint64_t control = (v - 0x2020202020202020ull) & ~v & Highs;
  return !(control | zeroByte(v ^ (Ones * '"')) | zeroByte(v ^ (Ones * '\\')));
}

} // namespace dd::utf
