// Code page detection and decoding of console output (see CodePages.h).
#include "model/snapshot/CodePages.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <iconv.h>
#endif

#include <array>
#include <cerrno>

namespace dd::model::snapshot {

namespace {

struct Candidate {
  unsigned codePage;
  const char *iconvName;
};

// Single-byte pages first (the common case of a Western or Cyrillic console), then the DBCS ones.
constexpr std::array<Candidate, 10> kCandidates{{{437, "CP437"},
                                                 {850, "CP850"},
                                                 {852, "CP852"},
                                                 {857, "CP857"},
                                                 {866, "CP866"},
                                                 {1252, "CP1252"},
                                                 {936, "GBK"},
                                                 {932, "CP932"},
                                                 {949, "CP949"},
                                                 {950, "BIG5"}}};

#ifdef _WIN32
// On Windows the code pages are the system's own: MultiByteToWideChar refuses bytes that have no
// character in the page (MB_ERR_INVALID_CHARS), as iconv does below.
std::optional<std::string> convert(std::span<const uint8_t> bytes, size_t candidate) {
  if (bytes.empty())
    return std::string();
  const UINT page = kCandidates[candidate].codePage;
  const char *in = reinterpret_cast<const char *>(bytes.data());
  const int inSize = static_cast<int>(bytes.size());
  int wide = MultiByteToWideChar(page, MB_ERR_INVALID_CHARS, in, inSize, nullptr, 0);
  if (wide <= 0)
    return std::nullopt;
  std::wstring w(static_cast<size_t>(wide), L'\0');
  MultiByteToWideChar(page, MB_ERR_INVALID_CHARS, in, inSize, w.data(), wide);
  int size = WideCharToMultiByte(CP_UTF8, 0, w.data(), wide, nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<size_t>(size), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w.data(), wide, out.data(), size, nullptr, nullptr);
  return out;
}
#else
// One conversion descriptor per code page and thread, opened on first use: iconv_open reads
// glibc's module configuration and costs milliseconds, the conversion itself microseconds.
struct Converters {
  std::array<iconv_t, kCandidates.size()> cd;
  Converters() { cd.fill(reinterpret_cast<iconv_t>(-1)); }
  ~Converters() {
    for (iconv_t c : cd)
      if (c != reinterpret_cast<iconv_t>(-1))
        iconv_close(c);
  }
  Converters(const Converters &) = delete;
  Converters &operator=(const Converters &) = delete;
};

std::optional<std::string> convert(std::span<const uint8_t> bytes, size_t candidate) {
  thread_local Converters converters;
  iconv_t &cd = converters.cd[candidate];
  if (cd == reinterpret_cast<iconv_t>(-1))
    cd = iconv_open("UTF-8", kCandidates[candidate].iconvName);
  if (cd == reinterpret_cast<iconv_t>(-1))
    return std::nullopt;
  iconv(cd, nullptr, nullptr, nullptr, nullptr); // reset the shift state
  std::string out(bytes.size() * 4 + 16, '\0');
  char *in = const_cast<char *>(reinterpret_cast<const char *>(bytes.data()));
  size_t inLeft = bytes.size();
  char *dst = out.data();
  size_t outLeft = out.size();
  size_t r = iconv(cd, &in, &inLeft, &dst, &outLeft);
  if (r == static_cast<size_t>(-1) || inLeft != 0)
    return std::nullopt;
  out.resize(out.size() - outLeft);
  return out;
}
#endif

enum class Script { Ascii, Latin, Greek, Cyrillic, Han, Kana, Hangul, HalfwidthKana, Neutral, Symbol };

Script scriptOf(uint32_t cp) {
  if (cp < 0x80)
    return Script::Ascii;
  // × ÷, and the ƒ and ÿ that CP437/850 put where CP852 and CP857 have letters (č, ş, ś): no
  // Windows message in the languages read uses them as letters.
  if (cp == 0xD7 || cp == 0xF7 || cp == 0x192 || cp == 0xFF)
    return Script::Symbol;
  if (cp >= 0xC0 && cp <= 0x24F)
    return Script::Latin;
  if (cp >= 0x370 && cp <= 0x3FF)
    return Script::Greek;
  if (cp >= 0x400 && cp <= 0x4FF)
    return Script::Cyrillic;
  if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
    return Script::Han;
  if (cp >= 0x3040 && cp <= 0x30FF)
    return Script::Kana;
  if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F))
    return Script::Hangul;
  if (cp >= 0xFF61 && cp <= 0xFF9F)
    return Script::HalfwidthKana;
  // Typographic punctuation (’ “ ” – …), CJK punctuation and full-width forms, no-break space.
  if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      cp == 0xA0 || cp == 0xAE || cp == 0x2122 || cp == 0xA9)
    return Script::Neutral;
  return Script::Symbol;
}

// Letter case of Latin and Cyrillic letters: 1 upper, -1 lower, 0 neither or not known.
int caseOf(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') ? 1 : (cp >= 'a' && cp <= 'z') ? -1 : 0;
  if (cp >= 0xC0 && cp <= 0xDE)
    return 1;
  if (cp >= 0xDF && cp <= 0xFF)
    return -1;
  if (cp >= 0x100 && cp <= 0x17F) {
    bool oddUpper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    return ((cp % 2 == 1) == oddUpper) ? 1 : -1;
  }
  if (cp >= 0x400 && cp <= 0x42F)
    return 1;
  if (cp >= 0x430 && cp <= 0x45F)
    return -1;
  return 0;
}

long wordScore(std::string_view word) {
  long nonAscii = 0;
  bool symbol = false;
  bool mixedCase = false; // an upper-case letter after a lower-case one: "JŘrg", "InvitÚ"
  int lastCase = 0;
  bool innerUpper = false;    // the last letter was a non-ASCII capital inside the word
  bool nonAsciiLower = false; // the last letter was a non-ASCII small letter (not ß)
  bool asciiLetter = false, sawKana = false;
  unsigned scripts = 0;
  for (size_t i = 0; i < word.size();) {
    uint32_t cp = nextUtf8CodePoint(word, i);
    Script s = scriptOf(cp);
    int c = caseOf(cp);
    // A capital after a small letter, where one of the two is not ASCII: "JŘrg", and the
    // "ZARZñDZANIE" a CP850 reading makes of CP852 "ZARZĄDZANIE".
    if ((c == 1 && lastCase == -1 && (cp >= 0x80 || nonAsciiLower)) || (c == -1 && innerUpper))
      mixedCase = true;
    innerUpper = c == 1 && cp >= 0x80 && lastCase != 0;
    if (c != 0)
      nonAsciiLower = c == -1 && cp >= 0x80 && cp != 0xDF;
    if (c != 0)
      lastCase = c;
    else if (cp < 0x80)
      lastCase = 0; // punctuation or a digit starts a new word part: "Privat,Öffentlich"
    if (s == Script::Ascii) {
      asciiLetter |= (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
      continue;
    }
    ++nonAscii;
    sawKana |= s == Script::Kana;
    if (s == Script::Symbol || s == Script::HalfwidthKana)
      symbol = true;
    else if (s != Script::Neutral)
      scripts |= 1u << static_cast<unsigned>(s);
  }
  if (nonAscii == 0)
    return 0;
  // Han with kana (Japanese) is one script; Latin letters beside ASCII letters are one word.
  unsigned han = 1u << static_cast<unsigned>(Script::Han), kana = 1u << static_cast<unsigned>(Script::Kana);
  if ((scripts & (han | kana)) == scripts && scripts != 0)
    scripts = han;
  bool oneScript = scripts != 0 && (scripts & (scripts - 1)) == 0;
  bool latin = scripts == (1u << static_cast<unsigned>(Script::Latin));
  if (symbol || mixedCase || (!oneScript && scripts != 0))
    return -2 * nonAscii;
  if (asciiLetter && scripts != 0 && !latin && scripts != han)
    return -nonAscii; // "Versiбn": ASCII letters around a Cyrillic one
  // Kana and Hangul count double: ideographs come out of any double-byte misreading, words of
  // kana or Hangul only out of the right code page.
  unsigned hangul = 1u << static_cast<unsigned>(Script::Hangul);
  if (scripts == hangul || (scripts == han && sawKana))
    return 2 * nonAscii;
  return nonAscii;
}

} // namespace

uint32_t nextUtf8CodePoint(std::string_view s, size_t &i) {
  auto b = static_cast<uint8_t>(s[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
  uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < len && i + k < s.size(); ++k)
    cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

long textPlausibility(std::string_view utf8) {
  long score = 0;
  size_t start = 0;
  for (size_t i = 0; i <= utf8.size(); ++i) {
    if (i == utf8.size() || utf8[i] == ' ' || utf8[i] == '\t' || utf8[i] == '\n' || utf8[i] == '\r') {
      if (i > start)
        score += wordScore(utf8.substr(start, i - start));
      start = i + 1;
    }
  }
  return score;
}

std::optional<CodePageText> decodeOemText(std::span<const uint8_t> bytes) {
  std::optional<CodePageText> best;
  long bestScore = 0;
  for (size_t i = 0; i < kCandidates.size(); ++i) {
    auto text = convert(bytes, i);
    if (!text)
      continue;
    long score = textPlausibility(*text);
    if (!best || score > bestScore) {
      best = CodePageText{kCandidates[i].codePage, std::move(*text)};
      bestScore = score;
    }
  }
  return best;
}

} // namespace dd::model::snapshot
