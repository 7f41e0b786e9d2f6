// What `netsh advfirewall firewall show rule name=all verbose` prints (Vista and later, English
// UI): per rule "Rule Name:" and a dashed line, then "Key:<spaces>value" lines in column 39
// (Description, Enabled, Direction, Profiles, Grouping, LocalIP, RemoteIP, Protocol, LocalPort,
// RemotePort, Edge traversal, Program, Service, InterfaceTypes, Security, Rule source, Action;
// ICMP rules add an indented "Type Code" table), and "Ok." at the end; "No rules match the
// specified criteria." when there are none. Format: Microsoft's "Netsh AdvFirewall Firewall
// Commands" (show rule) and its output on Windows 7, 10 and Server 2019.
//
// A localized Windows translates the field names and the values; FirewallRuleLabels.cpp holds
// them for each language with a source. The rule header is the line before a dashed line in any
// language; fields keep their English name in NetField::label and the printed one in
// NetField::printed, and values the reader needs are turned into English.
#pragma once

#include "model/snapshot/NetUser.h" // NetField

namespace dd::model::snapshot {

struct FirewallRule {
  std::string name;
  size_t line = 0; // the "Rule Name:" line
  bool enabled = false;
  bool inbound = true;                      // Direction In / Out
  std::string action;                       // "Allow", "Block", "Bypass"
  std::vector<std::string> profiles;        // "Domain", "Private", "Public"
  std::string protocol;                     // "TCP", "UDP", "Any", "ICMPv4", a number
  std::vector<std::string> localPorts;      // "135", "49152-65535", "RPC", "RPC-EPMap", "Any"
  std::vector<std::string> remoteAddresses; // "Any", "LocalSubnet", "10.0.3.0/255.255.255.0", ...
  std::string program;                      // "" when the rule names none (Any)
  std::string service;
  std::vector<NetField> fields; // every field with its line

  const NetField *field(std::string_view key) const;
  bool allowsAnyProfile() const { return !profiles.empty(); }
};

struct FirewallRules {
  std::string source;
  std::vector<FirewallRule> rules;
  std::vector<ReadNote> notes; // no "Ok.", text after it
};

// Errors (file:line): a field before any "Rule Name:"; no dashed line after "Rule Name:"; a line
// that is not "Key: value"; Enabled not Yes/No; Direction not In/Out; Action not
// Allow/Block/Bypass; a rule without Enabled, Direction or Action (a file in a language without
// a table names the language it looks like and the way out). No "Ok.": a note.
Result<FirewallRules> parseFirewallRules(std::span<const uint8_t> bytes, const std::string &source);

// FirewallRuleLabels.cpp: "Aktiviert" -> "Enabled"; "Ja" -> "Yes", "Domäne" -> "Domain"; the
// "No rules match ..." line of each language with a source.
std::optional<std::string> firewallRuleKey(std::string_view printed);
std::optional<std::string> firewallRuleValue(std::string_view printed);
std::span<const LabelText> firewallRuleKeyTable();
bool isNoRulesLine(std::string_view line);

} // namespace dd::model::snapshot
