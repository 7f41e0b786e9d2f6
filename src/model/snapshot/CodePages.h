// The code page of redirected console output (internal to TextLines).
//
// `cmd > file` writes the console's OEM code page: 437 (US), 850 (Western Europe, also Italian,
// Portuguese and Dutch), 852 (Central Europe: Polish, Czech), 857 (Turkish), 866 (Cyrillic), 932
// (Japanese), 936 (Simplified Chinese), 949 (Korean), 950 (Traditional Chinese); some tools
// write the ANSI page 1252. The file does not say which. Each candidate that decodes the bytes
// without error is scored by its words: a word whose non-ASCII characters are letters of one
// script (Latin, Cyrillic, Greek, CJK, kana, Hangul) counts for it, a word that mixes scripts or
// holds symbols (box drawing, ¢ ¡ ¤, half-width katakana among ideographs) counts against it.
// The best score wins; on a tie the earlier candidate.
// Decoding itself is glibc's iconv (the code page tables are Windows' own, as published by
// Microsoft at unicode.org/Public/MAPPINGS/VENDORS/MICSFT).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dd::model::snapshot {

struct CodePageText {
  unsigned codePage = 0;
  std::string utf8;
};

// The most plausible decoding of 8-bit bytes; nullopt when no candidate decodes them.
std::optional<CodePageText> decodeOemText(std::span<const uint8_t> bytes);

// The code point at `i` of valid UTF-8 (decoded or checked text); advances `i` past it.
uint32_t nextUtf8CodePoint(std::string_view s, size_t &i);

// How plausible UTF-8 `text` is as natural-language output (the score described above).
long textPlausibility(std::string_view utf8);

} // namespace dd::model::snapshot
