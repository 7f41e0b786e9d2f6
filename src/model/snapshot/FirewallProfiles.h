// What `netsh advfirewall show allprofiles` prints (Vista and later, English UI): for each of
// "Domain Profile Settings:", "Private Profile Settings:", "Public Profile Settings:" a dashed
// line and "Key<spaces>value" lines (State ON/OFF, Firewall Policy BlockInbound,AllowOutbound,
// ...), a "Logging:" block, and "Ok." at the end. Format: Microsoft's "Netsh AdvFirewall
// Commands" (show allprofiles).
#pragma once

#include "model/snapshot/NetUser.h" // NetField

namespace dd::model::snapshot {

struct FirewallProfile {
  std::string name;          // "Domain", "Private", "Public"
  std::string header;        // as printed: "Domain Profile Settings:", "Profil de domaine ..."
  bool namedByPlace = false; // no table knows the header: named by its place in allprofiles
  size_t line = 0;
  bool on = false; // State ON
  size_t stateLine = 0;
  std::string policy;        // "BlockInbound,AllowOutbound"
  bool blocksInbound = true; // policy starts with BlockInbound (or BlockInboundAlways)
  std::vector<NetField> fields;
};

struct FirewallProfiles {
  std::string source;
  std::vector<FirewallProfile> profiles;
  std::vector<ReadNote> notes; // no "Ok.", text after it, a profile named by its position
  const FirewallProfile *find(std::string_view name) const;
};

// A profile header is the line before a dashed line, named from NetshLabels.cpp or else by its
// place (allprofiles: Domain, Private, Public); State is its first field. Errors (file:line): a
// setting before any profile header; no dashed line after a header; State not ON/OFF in a
// language with a table (the message names the language the file looks like); no profile. No
// "Ok." trailer, or text after it: a note.
Result<FirewallProfiles> parseFirewallProfiles(std::span<const uint8_t> bytes, const std::string &source);

// The profile headers of `netsh advfirewall show allprofiles` or `show currentprofile` in any
// language, in order: each unindented line followed by a dashed line. Reads no other word, so
// it never fails on a language without a table; errors only for bytes that are not text.
struct NetshProfileHeader {
  std::string text;
  size_t line = 0;
};
Result<std::vector<NetshProfileHeader>> readNetshProfileHeaders(std::span<const uint8_t> bytes,
                                                                const std::string &source);

// The profile `current` (currentprofile's header) is: netsh prints it with the same words as
// allprofiles does, and allprofiles lists Domain, Private, Public in that order, so the header's
// place among `all` names it in any language. Else the name a table (or English) gives it;
// nullopt when neither tells.
std::optional<std::string> currentProfileName(std::string_view current, const std::vector<NetshProfileHeader> &all);

// NetshLabels.cpp: "域配置文件 设置:" -> "Domain"; "打开" -> true; the "Ok." of each language.
std::optional<std::string> netshProfileName(std::string_view header);
std::optional<bool> netshState(std::string_view value);
std::span<const LabelText> netshStateTable();
bool isNetshOk(std::string_view line);

} // namespace dd::model::snapshot
