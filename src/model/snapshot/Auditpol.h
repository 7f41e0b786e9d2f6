// The text `auditpol /get /category:*` prints (Vista and later, English UI): a title, a
// "Category/Subcategory  Setting" header, then each category at the left margin and its
// subcategories indented by two spaces with "No Auditing", "Success", "Failure" or
// "Success and Failure". Format: Microsoft's auditpol get documentation (Windows Commands).
#pragma once

#include "model/snapshot/Languages.h"
#include "support/Result.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

struct AuditSubcategory {
  std::string category; // "Logon/Logoff" (English when known: by place or AuditpolLabels.cpp)
  std::string name;     // "Logon" (English for Logon and Credential Validation, found by place)
  bool success = false;
  bool failure = false;
  std::string setting; // as printed: "Success and Failure", "成功和失败"
  size_t line = 0;
  std::string printedCategory, printedName; // as printed when translated
};

struct AuditPolicy {
  std::string source;
  std::vector<ReadNote> notes;
  std::vector<AuditSubcategory> subcategories;
  const AuditSubcategory *find(std::string_view subcategory) const; // case-insensitive
};

// In any language: the title is the lines before the header, the header the first line with
// two columns ("Category/Subcategory  Setting", "类别/子类别  设置"). Errors (file:line): no
// header; a subcategory before any category; a setting other than the four (in a language with
// a table; the message names the language the file looks like); no subcategory at all.
Result<AuditPolicy> parseAuditpol(std::span<const uint8_t> bytes, const std::string &source);

// AuditpolLabels.cpp: a printed setting or category in English ("成功和失败" -> "Success and Failure").
std::optional<std::string> auditSetting(std::string_view printed);
std::span<const LabelText> auditSettingTable();
std::optional<std::string> auditCategory(std::string_view printed);

} // namespace dd::model::snapshot
