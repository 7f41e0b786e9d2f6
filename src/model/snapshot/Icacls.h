// What `icacls PATH` prints: the path, a space and its first ACE on the first line, each further
// ACE on its own line indented to line up under the first, "PRINCIPAL:(flags)...(rights)" with
// inheritance flags (OI)(CI)(IO)(NP)(I), (DENY), and either a simple right (F, M, RX, R, W, D, N)
// or a comma list of specific rights (RD,WD,AD,REA,WEA,X,DC,RA,WA,DE,RC,WDAC,WO,S,AS,MA,GR,GW,
// GE,GA); a blank line; "Successfully processed N files; Failed processing M files". A path that
// cannot be read prints "PATH: The system cannot find the file specified." instead of ACEs.
// Format: Microsoft's icacls documentation (Windows Commands).
#pragma once

#include "model/snapshot/TextLines.h" // ReadNote
#include "support/Result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dd::model::snapshot {

namespace filerights {
// Access masks (winnt.h) of the simple rights as icacls shows them.
constexpr uint32_t Full = 0x1F01FF, Modify = 0x1301BF, ReadExecute = 0x1200A9, Read = 0x120089, Write = 0x100116;
constexpr uint32_t ReadData = 0x1, Execute = 0x20;
} // namespace filerights

struct IcaclsAce {
  std::string principal;        // "BUILTIN\Users", "NT AUTHORITY\SYSTEM", "OPCSRV\opcsvc", "Everyone"
                                // (English for the well-known names IcaclsLabels.cpp translates)
  std::string printedPrincipal; // as printed when translated: "BUILTIN\Администраторы"
  bool deny = false;
  bool inherited = false;          // (I)
  bool inheritOnly = false;        // (IO): not applied to the folder itself
  std::vector<std::string> flags;  // "OI", "CI", "IO", "NP", "I"
  std::vector<std::string> rights; // "RX" or "RD","X",...
  uint32_t mask = 0;
  std::string text; // the ACE as printed
  size_t line = 0;
  // Read + execute (traverse) on the object itself: what a server's identity needs on its folder.
  bool grantsReadExecute() const {
    return !deny && !inheritOnly &&
           (mask & (filerights::ReadData | filerights::Execute)) == (filerights::ReadData | filerights::Execute);
  }
};

struct IcaclsEntry {
  std::string path;
  size_t line = 0;
  std::optional<std::string> error; // "The system cannot find the file specified."
  std::vector<IcaclsAce> aces;
};

struct IcaclsOutput {
  std::string source;
  std::vector<IcaclsEntry> entries;
  size_t processed = 0, failed = 0;
  std::vector<ReadNote> notes; // no trailer, text after it
};

// IcaclsLabels.cpp: the English name of a translated well-known principal ("Все" -> "Everyone"),
// empty when `printed` is not one.
std::string_view englishPrincipal(std::string_view printed);
// Whether `s` starts with a translated well-known principal ("AUTORIDADE NT\SISTEMA:(F)").
bool startsWithTranslatedPrincipal(std::string_view s);

// Errors (file:line): an ACE without ":(" or with unbalanced parentheses; an unknown right or
// flag; an indented line before any path; no path at all. A missing trailer or text after it is
// a note. The trailer is read in any language (a line with ';' and two numbers).
Result<IcaclsOutput> parseIcacls(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
