// Readers of `net localgroup` and `net localgroup NAME` output (see NetLocalgroup.h).
#include "model/snapshot/NetLocalgroup.h"

#include "model/snapshot/NetListing.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

Result<NetLocalgroupList> parseNetLocalgroupList(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  NetLocalgroupList list;
  list.source = source;
  auto read = readNetListing(
      *text, source, "net localgroup", [](std::string_view t) { return t.front() == '*'; },
      [&](const TextLine &l, std::string_view t) -> Result<void> {
        if (trim(t.substr(1)).empty())
          return Error::atLine(source, l.number, "\"*\" without a group name");
        list.groups.push_back({std::string(trim(t.substr(1))), l.number});
        return {};
      });
  if (!read)
    return read.error();
  list.computer = std::move(read->computer);
  list.notes = std::move(read->notes);
  return list;
}

Result<NetLocalgroupDetails> parseNetLocalgroupDetails(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  NetLocalgroupDetails d;
  d.source = source;
  // "Alias name  NAME", "Comment  text" (the labels translated: the first field is the name, the
  // second the comment), "Members" (translated too: the line before the dashes), the dashes, one
  // member a line, the trailer.
  std::vector<const TextLine *> lines;
  for (const TextLine &l : text->lines)
    if (!trim(l.text).empty())
      lines.push_back(&l);
  size_t dashes = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = trim(lines[i]->text);
    if (isNetErrorLine(t))
      return Error::atLine(source, lines[i]->number, fmt::format("net localgroup failed: \"{}\"", t));
    if (isDashLine(t)) {
      dashes = i;
      break;
    }
  }
  size_t lastLine = text->lines.empty() ? 1 : text->lines.back().number;
  if (dashes == lines.size() || dashes < 2)
    return languageError(
        *text, "net localgroup NAME", netTrailers(), "or record the groups with collect.cmd",
        Error::atLine(source, lastLine,
                      "no \"Alias name\", \"Members\" and dashed line: not `net localgroup NAME` output"));
  for (size_t i = 0; i + 1 < dashes; ++i) {
    const TextLine &l = *lines[i];
    std::string_view label, value;
    splitColumns(l.text, label, value);
    if (i == 0) {
      d.name = std::string(value);
      d.nameLine = l.number;
    } else if (i == 1 && indentOf(l.text) == 0) {
      d.comment = std::string(value);
    } else { // a wrapped comment
      d.comment += " " + std::string(trim(l.text));
    }
  }
  if (d.name.empty())
    return Error::atLine(source, lines[0]->number, "no group name on the first line (\"Alias name  NAME\")");
  bool trailer = false;
  for (size_t i = dashes + 1; i < lines.size(); ++i) {
    const TextLine &l = *lines[i];
    std::string_view t = trim(l.text);
    if (trailer) {
      d.notes.push_back({l.number, fmt::format("text after the trailer ignored: \"{}\"", t)});
      continue;
    }
    if (isNetTrailer(t) || (i + 1 == lines.size() && endsLikeSentence(t))) {
      trailer = true;
      continue;
    }
    d.members.push_back({std::string(t), l.number});
  }
  if (!trailer)
    d.notes.push_back({lastLine, "no \"The command completed successfully.\" trailer (cut off, or copied without "
                                 "it?): the members above are read"});
  return d;
}

} // namespace dd::model::snapshot
