// Command output as numbered lines: the common first step of every snapshot text parser.
//
// Windows commands redirected to a file write the console's code page (English UI: ASCII),
// UTF-16LE (`cmd /u`, PowerShell's `>`, secedit's .inf, reg export) with or without a BOM, or
// UTF-8 with a BOM. This decodes any of those to UTF-8, splits on CRLF/LF, strips the CR and
// trailing blanks, and keeps each line's 1-based number for the evidence and the errors.
// An 8-bit file that is not valid UTF-8 was written in the console's OEM code page; which one is
// not recorded, so each candidate (437, 850, 852, 866, 1252, 936, 932, 949, 950) is tried and the
// decoding whose words are made of letters of one script wins (see CodePages.h). UTF-8 text whose
// non-ASCII characters all lie in U+0080..U+00FF and read better as OEM bytes (console output
// decoded as Latin-1 and saved again as UTF-8, "Versi¢n") is repaired the same way.
#pragma once

#include "support/Result.h"
#include "support/Text.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

struct TextLine {
  size_t number = 0; // 1-based
  std::string text;  // UTF-8, no CR/LF, no trailing spaces or tabs
};

enum class TextEncoding { Utf8, Utf8Bom, Utf16LeBom, Utf16Le };

// Something a reader accepted but the user should know (a cut list, a missing trailer), with
// the line it is about.
struct ReadNote {
  size_t line = 0;
  std::string text;
};

struct TextFile {
  std::string source; // file name for errors and evidence
  TextEncoding encoding = TextEncoding::Utf8;
  unsigned codePage = 0;         // the OEM/ANSI code page an 8-bit file was decoded from; 0 = UTF
  bool repairedMojibake = false; // UTF-8 text re-read as the OEM bytes it was mis-decoded from
  std::vector<TextLine> lines;
};

// Decodes and splits. Errors: an odd byte count or an unpaired surrogate in UTF-16, a NUL byte
// in 8-bit text (not a text file), each with its line.
Result<TextFile> decodeText(std::span<const uint8_t> bytes, const std::string &source);

// Reads a whole file (an Error naming it when it cannot be read; files over 64 MiB refused).
Result<std::vector<uint8_t>> readFileBytes(const std::filesystem::path &path);

// Small helpers the parsers share.
std::string_view trim(std::string_view s);
bool startsWith(std::string_view s, std::string_view prefix);
using ::dd::iequals;
using ::dd::istartsWith;
// Leading spaces/tabs of a line (its indentation).
size_t indentOf(std::string_view s);
// Splits "Label     value" where the label ends at the first run of two or more spaces (or a
// tab); value empty when there is none.
void splitColumns(std::string_view line, std::string_view &label, std::string_view &value);
// Splits on `sep`, trimming each part and dropping empty ones.
std::vector<std::string> splitList(std::string_view s, char sep);
// A dashed separator line ("-----...") of at least 10 dashes and nothing else.
bool isDashLine(std::string_view s);

} // namespace dd::model::snapshot
