// What `systeminfo` prints: "Key:<spaces>value" lines in a fixed order (Host Name, OS Name, OS
// Version "10.0.17763 N/A Build 17763", OS Manufacturer, OS Configuration, ... Domain, Logon
// Server, Hotfix(s), Network Card(s)) with indented continuation lists: "Hotfix(s): N Hotfix(s)
// Installed." followed by "[01]: KB5027222" lines, "Network Card(s): N NIC(s) Installed."
// followed by each NIC's "[01]: name", its connection name, DHCP lines and its addresses
// "[01]: 10.0.3.10" indented deeper than the NIC.
//
// The labels are translated in a localized Windows ("Nom de l'hôte:", "主机名:"), the order and
// the indentation are not: the reader takes each field by its position (XP to Server 2025 print
// the same 33 fields in the same order) and English labels where it finds them, and returns the
// English name in NetField::label with the printed one in NetField::printed. Values Windows
// translates and the reader needs (OS Configuration) come from SystemInfoLabels.cpp.
// Format: Microsoft's systeminfo documentation (Windows Commands) and its output on Windows XP,
// 7, 10 and Server 2008-2019 in English, French, Spanish and Chinese.
#pragma once

#include "model/snapshot/NetUser.h"   // NetField
#include "model/snapshot/TextLines.h" // ReadNote

namespace dd::model::snapshot {

struct Hotfix {
  std::string id; // "KB5027222" (or what the line says, e.g. "File 1" on old systems)
  size_t line = 0;
};

struct NetworkCard {
  std::string name;
  std::string connectionName;
  std::vector<std::string> addresses; // IPv4 and IPv6, as listed
  size_t line = 0;
};

// OS Configuration, whatever the language.
enum class MachineRole {
  Unknown,
  StandaloneWorkstation,
  MemberWorkstation,
  StandaloneServer,
  MemberServer,
  PrimaryDomainController,
  BackupDomainController,
};

struct SystemInfo {
  std::string source;
  std::string hostName;
  std::string osName;          // "Microsoft Windows Server 2008 Standard": ® and ™ (and the "r"/"T"
                               // an English console prints for them) dropped
  std::string osVersion;       // "10.0.17763 N/A Build 17763"
  std::string domain;          // "WORKGROUP" in a workgroup, the DNS name of a domain ("capsule.corp")
  std::string osConfiguration; // "Standalone Server", "Member Workstation", ... (English when the
                               // printed value is one SystemInfoLabels knows, else as printed)
  MachineRole role = MachineRole::Unknown;
  std::vector<Hotfix> hotfixes;
  size_t declaredHotfixes = 0; // the N of "N Hotfix(s) Installed."
  std::vector<NetworkCard> networkCards;
  std::vector<NetField> fields; // every top-level field with its line (English label)
  std::vector<ReadNote> notes;  // a cut hotfix list, a file that ends early, ...

  const NetField *field(std::string_view key) const;
  // Member of a domain or its controller: from the role, else (a value no table knows) from a
  // Domain with a dot in it, as a domain's DNS name has and a workgroup's name has not.
  bool domainMember() const;
};

// Errors (file:line): an indented line before any field; a top-level line without "Key:"; no
// field at all; a file with fewer than three fields (not systeminfo output). A hotfix list
// shorter than announced, a bare "[NNN]" where systeminfo stopped listing, and a file that ends
// before Domain are read as far as they go, with a note.
Result<SystemInfo> parseSystemInfo(std::span<const uint8_t> bytes, const std::string &source);

// SystemInfoLabels.cpp: the OS Configuration values of each language, with their source.
MachineRole machineRoleOf(std::string_view printedValue, std::string *english = nullptr);

} // namespace dd::model::snapshot
