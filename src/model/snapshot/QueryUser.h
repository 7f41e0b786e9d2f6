// What `query user` prints: a header " USERNAME  SESSIONNAME  ID  STATE  IDLE TIME  LOGON TIME"
// and one line a session, the current one marked '>' ("No User exists for *" when nobody is
// logged on, which collect.cmd captures from stderr). Columns line up under the header.
// Format: Microsoft's query user documentation (Windows Commands).
#pragma once

#include "support/Result.h"

#include <span>
#include <string>
#include <vector>

namespace dd::model::snapshot {

struct UserSession {
  std::string user;
  std::string sessionName; // "console", "rdp-tcp#0", "" for a disconnected session
  std::string state;       // as printed: "Active", "Disc", "运行中"
  bool active = false;     // Active in any language with a source
  size_t line = 0;
};

struct QueryUser {
  std::string source;
  std::vector<UserSession> sessions;
  // The user at the console (session "console", Active); nullptr for nobody.
  const UserSession *consoleUser() const;
};

// A translated header (any first line with the untranslated "ID" among four or more words) is
// read by words around the numeric ID. Errors (file:line): no header (and not "No User
// exists"), naming the language the file looks like; a session line with no state.
Result<QueryUser> parseQueryUser(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
