// The listing shape `net user` and `net localgroup` share (internal to the snapshot readers):
//
//   User accounts for \\HOST          <- header: a fixed prefix, then the computer
//   ------------------------------    <- dashed line
//   rows...                           <- handed to the caller, one line at a time
//   The command completed successfully.
//
// Blank lines are skipped anywhere; a net error line ("System error 5 ...") or text after the
// trailer is an error naming its line.
#pragma once

#include "model/snapshot/NetUser.h" // isNetTrailer, isNetErrorLine
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace dd::model::snapshot {

// Reads `text` as the listing above and returns the computer named in the header ("\\" removed).
// `command` ("net user") names the command in errors; `headerPrefix` ("User accounts for ") is
// the header without the computer. `onRow(const TextLine &line, std::string_view trimmed)`
// returns Result<void>; its error stops the read.
template <class OnRow>
Result<std::string> readNetListing(const TextFile &text, const std::string &source, std::string_view command,
                                   std::string_view headerPrefix, OnRow &&onRow) {
  std::string computer;
  enum { Header, Dashes, Rows, Done } state = Header;
  size_t lastLine = 1;
  for (const TextLine &l : text.lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    if (isNetErrorLine(t))
      return Error::atLine(source, l.number, fmt::format("{} failed: \"{}\"", command, t));
    switch (state) {
    case Header:
      if (!istartsWith(t, headerPrefix))
        return Error::atLine(source, l.number,
                             fmt::format("expected \"{}\\\\HOST\", found \"{}\"", headerPrefix, t));
      computer = std::string(trim(t.substr(headerPrefix.size())));
      if (startsWith(computer, "\\\\"))
        computer = computer.substr(2);
      state = Dashes;
      break;
    case Dashes:
      if (!isDashLine(t))
        return Error::atLine(source, l.number, fmt::format("expected a dashed line, found \"{}\"", t));
      state = Rows;
      break;
    case Rows:
      if (isNetTrailer(t)) {
        state = Done;
        break;
      }
      if (auto r = onRow(l, t); !r)
        return r.error();
      break;
    case Done:
      return Error::atLine(source, l.number, fmt::format("text after the trailer: \"{}\"", t));
    }
  }
  if (state != Done)
    return Error::atLine(source, lastLine,
                         state == Header ? fmt::format("empty: expected \"{}\\\\HOST\"", headerPrefix)
                                         : std::string("no \"The command completed successfully.\" trailer "
                                                       "(cut-off output?)"));
  return computer;
}

} // namespace dd::model::snapshot
