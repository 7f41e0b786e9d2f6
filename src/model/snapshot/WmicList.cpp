// Reader of `wmic ... /format:list` output (see WmicList.h).
#include "model/snapshot/WmicList.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

const WmicRecord::Entry *WmicRecord::find(std::string_view key) const {
  for (const auto &e : entries)
    if (iequals(e.key, key))
      return &e;
  return nullptr;
}

Result<WmicList> parseWmicList(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  WmicList list;
  list.source = source;
  bool open = false;
  for (const TextLine &l : text->lines) {
    std::string_view t = trim(l.text);
    if (t.empty()) {
      open = false;
      continue;
    }
    if (istartsWith(t, "No Instance(s) Available"))
      continue;
    size_t eq = t.find('=');
    if (eq == std::string_view::npos)
      return Error::atLine(source, l.number,
                           fmt::format("expected \"Key=Value\" (wmic /format:list), found \"{}\"", t));
    std::string_view key = trim(t.substr(0, eq));
    if (key.empty())
      return Error::atLine(source, l.number, "empty key before '='");
    if (!open) {
      list.records.push_back({{}, l.number});
      open = true;
    }
    list.records.back().entries.push_back({std::string(key), std::string(trim(t.substr(eq + 1))), l.number});
  }
  return list;
}

} // namespace dd::model::snapshot
