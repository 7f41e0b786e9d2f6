// What `wmic useraccount where "LocalAccount=TRUE" get Name,SID,Disabled,Lockout /format:list`
// and `wmic group where "LocalAccount=TRUE" get Name,SID /format:list` print: blank-line
// separated records of "Key=Value" lines. wmic writes UTF-16LE when redirected to a file, the
// case TextLines handles. It is the one built-in command of XP to Windows 11 that prints the
// SIDs of local accounts (net user does not): the machine SID and every RID come from here.
// Format: Microsoft's wmic documentation (/format:list).
#pragma once

#include "support/Result.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

struct WmicRecord {
  struct Entry {
    std::string key, value;
    size_t line = 0;
  };
  std::vector<Entry> entries;
  size_t line = 0; // first line of the record
  const Entry *find(std::string_view key) const;
};

struct WmicList {
  std::string source;
  std::vector<WmicRecord> records;
};

// Errors (file:line): a non-empty line without '='; a key that is empty. "No Instance(s)
// Available." is an empty list.
Result<WmicList> parseWmicList(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
