// The listing shape `net user` and `net localgroup` share (internal to the snapshot readers):
//
//   The request will be processed...  <- only with /domain: a sentence before the header, skipped
//   User accounts for \\HOST          <- header: the computer after "\\" (in any language:
//   ------------------------------       "\\HOST 的用户帐户", "Cuentas de usuario de \\HOST")
//   rows...                           <- handed to the caller, one line at a time
//   The command completed successfully.
//
// Blank lines are skipped anywhere. The trailer is a line NetLabels.cpp knows, or the caller's
// `isRow` says where the rows end (a `net localgroup` row starts with '*'); a last line that is
// no row and ends like a sentence ('.', '。') is a trailer in a language without a table. A
// missing trailer and text after it are notes. A net error line ("System error 5 ...") or a
// first line without "\\" is an error naming its line (and the language, when it is not English).
#pragma once

#include "model/snapshot/NetUser.h" // isNetTrailer, isNetErrorLine
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace dd::model::snapshot {

struct NetListingRead {
  std::string computer;
  std::vector<ReadNote> notes;
};

inline bool endsLikeSentence(std::string_view t) {
  return !t.empty() && (t.back() == '.' || (t.size() >= 3 && t.substr(t.size() - 3) == "\xE3\x80\x82")); // 。
}

// `command` ("net user") names the command in errors. `isRow(trimmed)` says whether a line can be
// a row; `onRow(const TextLine &line, std::string_view trimmed)` returns Result<void>.
template <class IsRow, class OnRow>
Result<NetListingRead> readNetListing(const TextFile &text, const std::string &source, std::string_view command,
                                      IsRow &&isRow, OnRow &&onRow) {
  NetListingRead out;
  enum { Header, Dashes, Rows, Done } state = Header;
  size_t lastLine = 1, lastNonBlank = 0;
  for (const TextLine &l : text.lines)
    if (!trim(l.text).empty())
      lastNonBlank = l.number;
  for (const TextLine &l : text.lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    if (state != Done && isNetErrorLine(t))
      return Error::atLine(source, l.number, fmt::format("{} failed: \"{}\"", command, t));
    switch (state) {
    case Header: {
      size_t bs = t.find("\\\\");
      if (bs == std::string_view::npos && endsLikeSentence(t)) {
        // `net user /domain` first says which domain controller answers.
        out.notes.push_back({l.number, fmt::format("\"{}\" before the header skipped", t)});
        break;
      }
      if (bs == std::string_view::npos)
        return languageError(
            text, command, netTrailers(),
            "or record the accounts with collect.cmd (its wmic/PowerShell files are read in any language)",
            Error::atLine(source, l.number,
                          fmt::format("expected a header naming the computer as \\\\HOST, found \"{}\"", t)));
      std::string_view rest = t.substr(bs + 2);
      out.computer = std::string(rest.substr(0, rest.find(' ')));
      state = Dashes;
      break;
    }
    case Dashes:
      if (!isDashLine(t))
        return Error::atLine(source, l.number, fmt::format("expected a dashed line, found \"{}\"", t));
      state = Rows;
      break;
    case Rows:
      if (isNetTrailer(t) || !isRow(t) || (l.number == lastNonBlank && endsLikeSentence(t))) {
        if (!isNetTrailer(t))
          out.notes.push_back({l.number, fmt::format("\"{}\" taken as the trailer (not one in the tables of {})", t,
                                                     languagesOf(netTrailers()))});
        state = Done;
        break;
      }
      if (auto r = onRow(l, t); !r)
        return r.error();
      break;
    case Done: out.notes.push_back({l.number, fmt::format("text after the trailer ignored: \"{}\"", t)}); break;
    }
  }
  if (state == Header || state == Dashes)
    return Error::atLine(source, lastLine,
                         state == Header ? fmt::format("empty: not `{}` output", command)
                                         : std::string("no dashed line: not a net listing"));
  if (state != Done)
    out.notes.push_back({lastLine, "no \"The command completed successfully.\" trailer (cut off, or copied "
                                   "without it?): the rows above are read"});
  return out;
}

} // namespace dd::model::snapshot
