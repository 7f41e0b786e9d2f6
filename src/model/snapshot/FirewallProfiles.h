// What `netsh advfirewall show allprofiles` prints (Vista and later, English UI): for each of
// "Domain Profile Settings:", "Private Profile Settings:", "Public Profile Settings:" a dashed
// line and "Key<spaces>value" lines (State ON/OFF, Firewall Policy BlockInbound,AllowOutbound,
// ...), a "Logging:" block, and "Ok." at the end. Format: Microsoft's "Netsh AdvFirewall
// Commands" (show allprofiles).
#pragma once

#include "model/snapshot/NetUser.h" // NetField

namespace dd::model::snapshot {

struct FirewallProfile {
  std::string name; // "Domain", "Private", "Public"
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

// NetshLabels.cpp: "域配置文件 设置:" -> "Domain"; "打开" -> true; the "Ok." of each language.
std::optional<std::string> netshProfileName(std::string_view header);
std::optional<bool> netshState(std::string_view value);
std::span<const LabelText> netshStateTable();
bool isNetshOk(std::string_view line);

} // namespace dd::model::snapshot
