// The text `auditpol /get /category:*` prints (Vista and later, English UI): a title, a
// "Category/Subcategory  Setting" header, then each category at the left margin and its
// subcategories indented by two spaces with "No Auditing", "Success", "Failure" or
// "Success and Failure". Format: Microsoft's auditpol get documentation (Windows Commands).
#pragma once

#include "support/Result.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

struct AuditSubcategory {
  std::string category;  // "Logon/Logoff"
  std::string name;      // "Logon"
  bool success = false;
  bool failure = false;
  std::string setting;   // as printed: "Success and Failure"
  size_t line = 0;
};

struct AuditPolicy {
  std::string source;
  std::vector<AuditSubcategory> subcategories;
  const AuditSubcategory *find(std::string_view subcategory) const; // case-insensitive
};

// Errors (file:line): no "Category/Subcategory" header; a subcategory before any category; a
// subcategory line without a setting or with a setting other than the four above; no
// subcategory at all.
Result<AuditPolicy> parseAuditpol(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
