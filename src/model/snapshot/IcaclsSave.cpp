// Reader of `icacls /save` files (see IcaclsSave.h): name and SDDL lines in pairs.
#include "model/snapshot/IcaclsSave.h"

#include "winsec/Sddl.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

Result<IcaclsSave> parseIcaclsSave(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  IcaclsSave out;
  out.source = source;
  const TextLine *name = nullptr;
  for (const TextLine &l : text->lines) {
    if (trim(l.text).empty())
      continue;
    if (!name) {
      name = &l;
      continue;
    }
    std::string_view sddl = trim(l.text);
    auto sd = winsec::parseSddl(sddl);
    if (!sd)
      return Error::atLine(
          source, l.number,
          fmt::format("\"{}\": SDDL expected after the name \"{}\": {}", sddl, trim(name->text), sd.error().message));
    out.entries.push_back({std::string(trim(name->text)), std::move(*sd), std::string(sddl), l.number});
    name = nullptr;
  }
  if (name)
    return Error::atLine(source, name->number,
                         fmt::format("\"{}\" has no SDDL line after it (cut off?)", trim(name->text)));
  return out;
}

} // namespace dd::model::snapshot
