// The listing shape the two `netsh advfirewall` outputs share (internal to the snapshot
// readers): blank lines skipped, each section header followed by a dashed line, and "Ok." as
// the trailer with nothing after it. What a line means is up to the caller.
#pragma once

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace dd::model::snapshot {

// What the caller's line handler says comes next.
enum class NetshNext {
  Line,    // any line
  Dashes,  // this line was a section header: a dashed line must follow
  Trailer, // this line ends the output like "Ok." does ("No rules match ...")
};

// Where the read stopped, for the caller's own end-of-output checks.
struct NetshListingEnd {
  size_t lastLine = 1;
  bool trailer = false;        // "Ok." (or a line the handler called a trailer) was seen
  bool expectDashes = false;   // the output ends right after a section header
  std::vector<ReadNote> notes; // text after "Ok." (a prompt, a pasted line): ignored
};

// "Ok." in each language with a source (NetshLabels.cpp).
bool isNetshOk(std::string_view line);

// Whether the next non-blank line after `index` is a dashed line: `index` is a section header.
inline bool beforeDashes(const TextFile &text, size_t index) {
  for (size_t i = index + 1; i < text.lines.size(); ++i) {
    std::string_view t = trim(text.lines[i].text);
    if (!t.empty())
      return isDashLine(t);
  }
  return false;
}

// `dashesAfter` names the header in the dashed-line error ("the profile header").
// The handler may look ahead with beforeDashes(text, index of its line).
// `onLine(const TextLine &line, std::string_view trimmed)` returns Result<NetshNext>; its
// error stops the read. It is not called for blank lines, dashed lines after headers or "Ok.".
template <class OnLine>
Result<NetshListingEnd> readNetshListing(const TextFile &text, const std::string &source, std::string_view dashesAfter,
                                         OnLine &&onLine) {
  NetshListingEnd end;
  for (const TextLine &l : text.lines) {
    end.lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    if (end.trailer) {
      end.notes.push_back({l.number, fmt::format("text after \"Ok.\" ignored: \"{}\"", t)});
      continue;
    }
    if (end.expectDashes) {
      if (!isDashLine(t))
        return Error::atLine(source, l.number,
                             fmt::format("expected a dashed line after {}, found \"{}\"", dashesAfter, t));
      end.expectDashes = false;
      continue;
    }
    if (isNetshOk(t)) {
      end.trailer = true;
      continue;
    }
    auto next = onLine(l, t);
    if (!next)
      return next.error();
    if (*next == NetshNext::Dashes)
      end.expectDashes = true;
    else if (*next == NetshNext::Trailer)
      end.trailer = true;
  }
  return end;
}

} // namespace dd::model::snapshot
