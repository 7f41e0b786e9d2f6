// What `netsh advfirewall show allprofiles` prints (Vista and later, English UI): for each of
// "Domain Profile Settings:", "Private Profile Settings:", "Public Profile Settings:" a dashed
// line and "Key<spaces>value" lines (State ON/OFF, Firewall Policy BlockInbound,AllowOutbound,
// ...), a "Logging:" block, and "Ok." at the end. Format: Microsoft's "Netsh AdvFirewall
// Commands" (show allprofiles).
#pragma once

#include "model/snapshot/NetUser.h" // NetField

namespace dd::model::snapshot {

struct FirewallProfile {
  std::string name;            // "Domain", "Private", "Public"
  size_t line = 0;
  bool on = false;             // State ON
  size_t stateLine = 0;
  std::string policy;          // "BlockInbound,AllowOutbound"
  bool blocksInbound = true;   // policy starts with BlockInbound (or BlockInboundAlways)
  std::vector<NetField> fields;
};

struct FirewallProfiles {
  std::string source;
  std::vector<FirewallProfile> profiles;
  const FirewallProfile *find(std::string_view name) const;
};

// Errors (file:line): a setting before any profile header; no dashed line after a header; State
// not ON/OFF; a profile without State; no profile; no "Ok." trailer.
Result<FirewallProfiles> parseFirewallProfiles(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
