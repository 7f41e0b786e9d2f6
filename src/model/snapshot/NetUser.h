// What `net user` and `net user NAME` print (English UI).
//
// `net user`: "User accounts for \\HOST", a dashed line, the names in three columns of 25
// characters, "The command completed successfully.".
// `net user NAME`: "Label<spaces>value" lines with the values in column 30 ("User name",
// "Account active" Yes/No/Locked, "Password expires" Never or a date, "Local Group
// Memberships" *Group*Group... wrapped onto indented lines, ...), the same trailer. The labels
// are translated in a localized Windows, their order is not: a label that is not English gets
// the English name of its position (NetField::printed keeps it). "Password expires" never is
// a value without a digit (a date has digits in every language).
// Format: Microsoft's net user documentation (Windows Commands) and its output on Windows 7,
// 10 and Server 2019.
#pragma once

#include "model/snapshot/Languages.h"
#include "support/Result.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

struct NamedLine {
  std::string name;
  size_t line = 0;
};

struct NetUserList {
  std::string source;
  std::string computer; // from "User accounts for \\HOST"
  std::vector<NamedLine> users;
  std::vector<ReadNote> notes; // no trailer, text after it
};

struct NetField {
  std::string label; // "Account active" (English, also for a translated listing)
  std::string value; // continuation lines joined with a space
  size_t line = 0;
  std::string printed; // the label as printed when it differs ("Учетная запись активна")
};

// The first field whose label equals `label` ignoring case; nullptr when there is none. The
// lookup behind NetUserDetails::field, FirewallRule::field and SystemInfo::field.
const NetField *findNetField(const std::vector<NetField> &fields, std::string_view label);

struct NetUserDetails {
  std::string source;
  std::string name; // "User name"
  size_t nameLine = 0;
  bool active = true;  // "Account active" Yes (Locked also counts as not usable)
  bool locked = false; // "Account active" Locked
  size_t activeLine = 0;
  std::string activeValue;           // "Account active" as printed ("Tak")
  bool activeKnown = false;          // the value is one NetLabels knows (active and locked are read from it)
  bool passwordNeverExpires = false; // "Password expires" Never
  std::string passwordExpires;       // the date text when it does expire
  size_t passwordExpiresLine = 0;
  std::vector<std::string> localGroups; // "Local Group Memberships" without the '*'
  size_t localGroupsLine = 0;
  std::vector<std::string> globalGroups; // "Global Group memberships" ("None" dropped)
  std::vector<NetField> fields;          // every field, in order (English labels, see below)
  std::vector<ReadNote> notes;

  const NetField *field(std::string_view label) const;
};

// Errors (file:line): no "User accounts for" header or dashed line; no trailer (a cut-off
// file); a `net` error message ("System error 5 has occurred.") instead of the list.
Result<NetUserList> parseNetUserList(std::span<const uint8_t> bytes, const std::string &source);
// Errors (file:line): no "User name" line; "Account active" not Yes/No/Locked (in a language
// NetLabels.cpp knows; the message names the language it looks like); an indented line before
// any label; a `net` error ("The user name could not be found."). No trailer: a note; the
// sentence `/domain` prints first ("The request will be processed at a domain controller ..."):
// skipped with a note.
Result<NetUserDetails> parseNetUserDetails(std::span<const uint8_t> bytes, const std::string &source);
// The same for a caller that knows the account's state from elsewhere (wmic useraccount Disabled
// and Lockout): with `accountActiveNeeded` false, an "Account active" value no table knows is no
// error; it is kept in activeValue with activeKnown false.
struct NetUserDetailsOptions {
  bool accountActiveNeeded = true;
};
Result<NetUserDetails> parseNetUserDetailsWith(std::span<const uint8_t> bytes, const std::string &source,
                                               NetUserDetailsOptions options);

// Shared by the net user / net localgroup readers: the trailer and the error messages net prints.
bool isNetTrailer(std::string_view line);
bool isNetErrorLine(std::string_view line);
// NetLabels.cpp: the trailers in every language with a source, "Account active" values
// ("Sí" -> "Yes"; nullopt when unknown), and the "None" of an empty group list.
std::span<const LabelText> netTrailers();
std::optional<std::string> netAccountActive(std::string_view value);
std::span<const LabelText> netAccountActiveTable();
bool isNetNone(std::string_view name);

} // namespace dd::model::snapshot
