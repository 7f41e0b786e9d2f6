// Reader of `auditpol /get /category:*` output (see Auditpol.h). Our own reader: the output is
// a fixed two-column table; we keep each subcategory's line for the evidence.
#include "model/snapshot/Auditpol.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

const AuditSubcategory *AuditPolicy::find(std::string_view subcategory) const {
  for (const auto &s : subcategories)
    if (iequals(s.name, subcategory))
      return &s;
  return nullptr;
}

Result<AuditPolicy> parseAuditpol(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  AuditPolicy policy;
  policy.source = source;
  bool header = false;
  std::string category;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view line = l.text;
    if (trim(line).empty())
      continue;
    if (!header) {
      if (istartsWith(trim(line), "Category/Subcategory"))
        header = true;
      else if (!iequals(trim(line), "System audit policy"))
        return Error::atLine(source, l.number,
                             fmt::format("expected the \"System audit policy\" title or the "
                                         "\"Category/Subcategory  Setting\" header, found \"{}\"", trim(line)));
      continue;
    }
    if (indentOf(line) == 0) {
      category = std::string(trim(line));
      continue;
    }
    if (category.empty())
      return Error::atLine(source, l.number, "subcategory before any category");
    std::string_view name, setting;
    splitColumns(line, name, setting);
    AuditSubcategory s{category, std::string(name), false, false, std::string(setting), l.number};
    if (iequals(setting, "No Auditing")) {
    } else if (iequals(setting, "Success")) {
      s.success = true;
    } else if (iequals(setting, "Failure")) {
      s.failure = true;
    } else if (iequals(setting, "Success and Failure")) {
      s.success = s.failure = true;
    } else {
      return Error::atLine(source, l.number,
                           fmt::format("subcategory \"{}\": setting \"{}\" is not one of \"No Auditing\", "
                                       "\"Success\", \"Failure\", \"Success and Failure\"", name, setting));
    }
    policy.subcategories.push_back(std::move(s));
  }
  if (!header)
    return Error::atLine(source, lastLine, "no \"Category/Subcategory\" header: not auditpol /get output");
  if (policy.subcategories.empty())
    return Error::atLine(source, lastLine, "no subcategories listed");
  return policy;
}

} // namespace dd::model::snapshot
