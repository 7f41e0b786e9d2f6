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
  auto computer = readNetListing(*text, source, "net localgroup", "Aliases for ",
                                 [&](const TextLine &l, std::string_view t) -> Result<void> {
                                   if (t.front() != '*' || trim(t.substr(1)).empty())
                                     return Error::atLine(source, l.number,
                                                          fmt::format("expected \"*Group name\", found \"{}\"", t));
                                   list.groups.push_back({std::string(trim(t.substr(1))), l.number});
                                   return {};
                                 });
  if (!computer)
    return computer.error();
  list.computer = std::move(*computer);
  return list;
}

Result<NetLocalgroupDetails> parseNetLocalgroupDetails(std::span<const uint8_t> bytes,
                                                       const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  NetLocalgroupDetails d;
  d.source = source;
  enum { Fields, Dashes, Members, Done } state = Fields;
  bool sawMembers = false;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    if (isNetErrorLine(t))
      return Error::atLine(source, l.number, fmt::format("net localgroup failed: \"{}\"", t));
    switch (state) {
    case Fields: {
      if (iequals(t, "Members")) {
        sawMembers = true;
        state = Dashes;
        break;
      }
      if (indentOf(l.text) > 0 && d.nameLine != 0) { // a wrapped comment
        d.comment += " " + std::string(t);
        break;
      }
      std::string_view label, value;
      splitColumns(l.text, label, value);
      if (iequals(label, "Alias name")) {
        d.name = std::string(value);
        d.nameLine = l.number;
      } else if (iequals(label, "Comment")) {
        d.comment = std::string(value);
      } else {
        return Error::atLine(source, l.number,
                             fmt::format("expected \"Alias name\", \"Comment\" or \"Members\", found \"{}\"", t));
      }
      break;
    }
    case Dashes:
      if (!isDashLine(t))
        return Error::atLine(source, l.number, fmt::format("expected a dashed line after \"Members\", found \"{}\"", t));
      state = Members;
      break;
    case Members:
      if (isNetTrailer(t)) {
        state = Done;
        break;
      }
      d.members.push_back({std::string(t), l.number});
      break;
    case Done:
      return Error::atLine(source, l.number, fmt::format("text after the trailer: \"{}\"", t));
    }
  }
  if (d.nameLine == 0 || d.name.empty())
    return Error::atLine(source, lastLine, "no \"Alias name\" line: not `net localgroup NAME` output");
  if (!sawMembers)
    return Error::atLine(source, lastLine, "no \"Members\" section");
  if (state != Done)
    return Error::atLine(source, lastLine, "no \"The command completed successfully.\" trailer (cut-off output?)");
  return d;
}

} // namespace dd::model::snapshot
