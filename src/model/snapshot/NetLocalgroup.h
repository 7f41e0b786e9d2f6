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
  std::vector<ReadNote> notes;
};

struct NetLocalgroupDetails {
  std::string source;
  std::string name; // "Alias name"
  size_t nameLine = 0;
  std::string comment;
  std::vector<NamedLine> members;
  std::vector<ReadNote> notes;
};

// Errors (file:line): no header naming \\HOST or no dashed line; a net error message. The rows
// end at the first line without '*' (the trailer in any language); no trailer is a note.
Result<NetLocalgroupList> parseNetLocalgroupList(std::span<const uint8_t> bytes, const std::string &source);
// Read by place, so in any language: the first line's value is the name, the second's the
// comment, the line before the dashes is "Members". Errors (file:line): no dashed line after two
// lines; no name; a net error. No trailer: a note.
Result<NetLocalgroupDetails> parseNetLocalgroupDetails(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
