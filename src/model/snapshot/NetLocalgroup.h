// What `net localgroup` and `net localgroup NAME` print (English UI).
//
// `net localgroup`: "Aliases for \\HOST", a dashed line, one "*Group name" a line, the trailer.
// `net localgroup NAME`: "Alias name     NAME", "Comment        ...", "Members", a dashed line,
// one member a line (local accounts bare, others DOMAIN\name or NT AUTHORITY\...), the trailer.
// Format: Microsoft's net localgroup documentation (Windows Commands).
#pragma once

#include "model/snapshot/NetUser.h"

namespace dd::model::snapshot {

struct NetLocalgroupList {
  std::string source;
  std::string computer;
  std::vector<NamedLine> groups; // without the '*'
};

struct NetLocalgroupDetails {
  std::string source;
  std::string name;              // "Alias name"
  size_t nameLine = 0;
  std::string comment;
  std::vector<NamedLine> members;
};

// Errors (file:line): no "Aliases for" header or dashed line; a group line without '*'; no
// trailer; a net error message.
Result<NetLocalgroupList> parseNetLocalgroupList(std::span<const uint8_t> bytes, const std::string &source);
// Errors (file:line): no "Alias name"; no "Members" and dashed line; no trailer; a net error.
Result<NetLocalgroupDetails> parseNetLocalgroupDetails(std::span<const uint8_t> bytes,
                                                       const std::string &source);

} // namespace dd::model::snapshot
