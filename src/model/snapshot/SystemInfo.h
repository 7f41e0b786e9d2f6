// What `systeminfo` prints (English UI): "Key:<spaces>value" lines with the values in column 28
// (Host Name, OS Name, OS Version "10.0.17763 N/A Build 17763", OS Configuration, Domain, ...),
// and indented continuation lists: "Hotfix(s): N Hotfix(s) Installed." followed by
// "[01]: KB5027222" lines, "Network Card(s): N NIC(s) Installed." followed by each NIC's
// "[01]: name", "Connection Name:", "DHCP Enabled:", "IP address(es)" and "[01]: 10.0.3.10".
// Format: Microsoft's systeminfo documentation (Windows Commands) and its output on Windows 7,
// 10 and Server 2019.
#pragma once

#include "model/snapshot/NetUser.h" // NetField

namespace dd::model::snapshot {

struct Hotfix {
  std::string id;   // "KB5027222" (or what the line says, e.g. "File 1" on old systems)
  size_t line = 0;
};

struct NetworkCard {
  std::string name;
  std::string connectionName;
  std::vector<std::string> addresses; // IPv4 and IPv6, as listed
  size_t line = 0;
};

struct SystemInfo {
  std::string source;
  std::string hostName;
  std::string osName;     // "Microsoft Windows Server 2019 Standard"
  std::string osVersion;  // "10.0.17763 N/A Build 17763"
  std::string domain;     // "WORKGROUP" in a workgroup
  std::string osConfiguration; // "Standalone Server", "Member Workstation", ...
  std::vector<Hotfix> hotfixes;
  std::vector<NetworkCard> networkCards;
  std::vector<NetField> fields; // every top-level field with its line

  const NetField *field(std::string_view key) const;
};

// Errors (file:line): an indented line before any field; a top-level line without "Key:"; no
// "Host Name:" or "OS Name:"; a Hotfix(s) count that differs from the hotfixes listed (a
// cut-off file); a Hotfix or NIC list entry not of the form "[NN]: text".
Result<SystemInfo> parseSystemInfo(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
