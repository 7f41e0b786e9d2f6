// Reader of `auditpol /get /category:*` output (see Auditpol.h). Our own reader: the output is
// a fixed two-column table; we keep each subcategory's line for the evidence.
#include "model/snapshot/Auditpol.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace dd::model::snapshot {

const AuditSubcategory *AuditPolicy::find(std::string_view subcategory) const {
  for (const auto &s : subcategories)
    if (iequals(s.name, subcategory))
      return &s;
  return nullptr;
}

namespace {

// The categories of /category:* in the order every Windows prints them.
constexpr std::array<std::string_view, 9> kCategoryOrder{{"System", "Logon/Logoff", "Object Access", "Privilege Use",
                                                          "Detailed Tracking", "Policy Change", "Account Management",
                                                          "DS Access", "Account Logon"}};

// English names for a translated listing: categories by place when all nine are listed (else
// from the table), Logon as the first subcategory of Logon/Logoff and Credential Validation as
// the last of Account Logon.
void nameInEnglish(AuditPolicy &policy, size_t categories) {
  std::string previous;
  size_t index = 0;
  for (size_t i = 0; i < policy.subcategories.size(); ++i) {
    AuditSubcategory &s = policy.subcategories[i];
    bool first = i == 0 || s.printedCategory != policy.subcategories[i - 1].printedCategory;
    if (first && i > 0)
      ++index;
    bool last =
        i + 1 == policy.subcategories.size() || policy.subcategories[i + 1].printedCategory != s.printedCategory;
    if (categories == kCategoryOrder.size())
      s.category = std::string(kCategoryOrder[index]);
    else if (auto c = auditCategory(s.printedCategory))
      s.category = *c;
    if (categories == kCategoryOrder.size() && s.category == "Logon/Logoff" && first)
      s.name = "Logon";
    if (categories == kCategoryOrder.size() && s.category == "Account Logon" && last)
      s.name = "Credential Validation";
  }
}

bool isEnglishCategory(std::string_view c) {
  return std::any_of(kCategoryOrder.begin(), kCategoryOrder.end(), [&](std::string_view e) { return iequals(e, c); });
}

} // namespace

Result<AuditPolicy> parseAuditpol(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  AuditPolicy policy;
  policy.source = source;
  bool header = false, translated = false;
  std::string category;
  size_t lastLine = 1, categories = 0;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view line = l.text;
    if (trim(line).empty())
      continue;
    if (!header) {
      std::string_view label, value;
      splitColumns(line, label, value);
      if (indentOf(line) == 0 && !value.empty())
        header = true; // "Category/Subcategory   Setting" in any language
      else if (indentOf(line) > 0)
        return Error::atLine(source, l.number,
                             fmt::format("expected the \"System audit policy\" title or the "
                                         "\"Category/Subcategory  Setting\" header, found \"{}\"",
                                         trim(line)));
      continue;
    }
    if (indentOf(line) == 0) {
      category = std::string(trim(line));
      ++categories;
      translated |= !isEnglishCategory(category);
      continue;
    }
    if (category.empty())
      return Error::atLine(source, l.number, "subcategory before any category");
    std::string_view name, setting;
    splitColumns(line, name, setting);
    AuditSubcategory s{category, std::string(name), false, false, std::string(setting), l.number,
                       category, std::string(name)};
    auto english = auditSetting(setting);
    if (!english)
      return languageError(
          *text, "auditpol /get /category:*", auditSettingTable(),
          "or add `auditpol /backup /file:auditpol-backup.csv` to the folder (collect.cmd writes it; its "
          "settings are numbers in every language), or state `audit.*` in the plant file",
          Error::atLine(source, l.number,
                        fmt::format("subcategory \"{}\": setting \"{}\" is not one of \"No Auditing\", "
                                    "\"Success\", \"Failure\", \"Success and Failure\"",
                                    name, setting)));
    s.success = *english == "Success" || *english == "Success and Failure";
    s.failure = *english == "Failure" || *english == "Success and Failure";
    policy.subcategories.push_back(std::move(s));
  }
  if (!header)
    return Error::atLine(source, lastLine, "no \"Category/Subcategory\" header: not auditpol /get output");
  if (policy.subcategories.empty())
    return Error::atLine(source, lastLine, "no subcategories listed");
  if (translated) {
    nameInEnglish(policy, categories);
  } else {
    for (AuditSubcategory &s : policy.subcategories) {
      s.printedCategory.clear();
      s.printedName.clear();
    }
  }
  return policy;
}

} // namespace dd::model::snapshot
