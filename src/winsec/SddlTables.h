// The fixed vocabulary of SDDL (MS-DTYP 2.5.1) as constexpr tables: SID aliases, ACE types,
// ACE flags, access-right letters, and the names Windows shows for well-known SIDs.
// Internal to dd_winsec (Sddl.cpp and the display names); not part of the public API.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace dd::winsec::sddltables {

// A SID alias: either a fixed SID (authority + sub-authorities) or, when domainRid is set, the
// caller's domain SID plus that RID (DA = domain + 512, ...).
struct SidAlias {
  std::string_view code;
  uint64_t authority;
  uint8_t count;
  std::array<uint32_t, 6> subs;
  int64_t domainRid; // -1: a fixed SID
};

// Every alias Windows 10/11 knows. Windows formats a SID as its alias whenever it has one.
inline constexpr SidAlias SidAliases[] = {
    {"AA", 5, 2, {32, 579}, -1},           // Access Control Assistance Operators
    {"AC", 15, 2, {2, 1}, -1},             // ALL APPLICATION PACKAGES
    {"AN", 5, 1, {7}, -1},                 // ANONYMOUS LOGON
    {"AO", 5, 2, {32, 548}, -1},           // Account Operators
    {"AP", 5, 0, {}, 525},                 // Protected Users
    {"AS", 18, 1, {1}, -1},                // Authentication authority asserted identity
    {"AU", 5, 1, {11}, -1},                // Authenticated Users
    {"BA", 5, 2, {32, 544}, -1},           // Administrators
    {"BG", 5, 2, {32, 546}, -1},           // Guests
    {"BO", 5, 2, {32, 551}, -1},           // Backup Operators
    {"BU", 5, 2, {32, 545}, -1},           // Users
    {"CA", 5, 0, {}, 517},                 // Cert Publishers
    {"CD", 5, 2, {32, 574}, -1},           // Certificate Service DCOM Access
    {"CG", 3, 1, {1}, -1},                 // CREATOR GROUP
    {"CN", 5, 0, {}, 522},                 // Cloneable Domain Controllers
    {"CO", 3, 1, {0}, -1},                 // CREATOR OWNER
    {"CY", 5, 2, {32, 569}, -1},           // Cryptographic Operators
    {"DA", 5, 0, {}, 512},                 // Domain Admins
    {"DC", 5, 0, {}, 515},                 // Domain Computers
    {"DD", 5, 0, {}, 516},                 // Domain Controllers
    {"DG", 5, 0, {}, 514},                 // Domain Guests
    {"DU", 5, 0, {}, 513},                 // Domain Users
    {"EA", 5, 0, {}, 519},                 // Enterprise Admins
    {"ED", 5, 1, {9}, -1},                 // ENTERPRISE DOMAIN CONTROLLERS
    {"EK", 5, 0, {}, 527},                 // Enterprise Key Admins
    {"ER", 5, 2, {32, 573}, -1},           // Event Log Readers
    {"ES", 5, 2, {32, 576}, -1},           // RDS Endpoint Servers
    {"HA", 5, 2, {32, 578}, -1},           // Hyper-V Administrators
    {"HI", 16, 1, {12288}, -1},            // High Mandatory Level
    {"IS", 5, 2, {32, 568}, -1},           // IIS_IUSRS
    {"IU", 5, 1, {4}, -1},                 // INTERACTIVE
    {"KA", 5, 0, {}, 526},                 // Key Admins
    {"LA", 5, 0, {}, 500},                 // Administrator (the account)
    {"LG", 5, 0, {}, 501},                 // Guest (the account)
    {"LS", 5, 1, {19}, -1},                // LOCAL SERVICE
    {"LU", 5, 2, {32, 559}, -1},           // Performance Log Users
    {"LW", 16, 1, {4096}, -1},             // Low Mandatory Level
    {"ME", 16, 1, {8192}, -1},             // Medium Mandatory Level
    {"MP", 16, 1, {8448}, -1},             // Medium Plus Mandatory Level
    {"MS", 5, 2, {32, 577}, -1},           // RDS Management Servers
    {"MU", 5, 2, {32, 558}, -1},           // Performance Monitor Users
    {"NO", 5, 2, {32, 556}, -1},           // Network Configuration Operators
    {"NS", 5, 1, {20}, -1},                // NETWORK SERVICE
    {"NU", 5, 1, {2}, -1},                 // NETWORK
    {"OW", 3, 1, {4}, -1},                 // OWNER RIGHTS
    {"PA", 5, 0, {}, 520},                 // Group Policy Creator Owners
    {"PO", 5, 2, {32, 550}, -1},           // Print Operators
    {"PS", 5, 1, {10}, -1},                // SELF (principal self)
    {"PU", 5, 2, {32, 547}, -1},           // Power Users
    {"RA", 5, 2, {32, 575}, -1},           // RDS Remote Access Servers
    {"RC", 5, 1, {12}, -1},                // RESTRICTED
    {"RD", 5, 2, {32, 555}, -1},           // Remote Desktop Users
    {"RE", 5, 2, {32, 552}, -1},           // Replicator
    {"RM", 5, 2, {32, 580}, -1},           // Remote Management Users
    {"RO", 5, 0, {}, 498},                 // Enterprise Read-only Domain Controllers
    {"RS", 5, 0, {}, 553},                 // RAS and IAS Servers
    {"RU", 5, 2, {32, 554}, -1},           // Pre-Windows 2000 Compatible Access
    {"SA", 5, 0, {}, 518},                 // Schema Admins
    {"SI", 16, 1, {16384}, -1},            // System Mandatory Level
    {"SO", 5, 2, {32, 549}, -1},           // Server Operators
    {"SS", 18, 1, {2}, -1},                // Service asserted identity
    {"SU", 5, 1, {6}, -1},                 // SERVICE
    {"SY", 5, 1, {18}, -1},                // SYSTEM
    {"UD", 5, 6, {84, 0, 0, 0, 0, 0}, -1}, // USER MODE DRIVERS
    {"WD", 1, 1, {0}, -1},                 // Everyone
    {"WR", 5, 1, {33}, -1},                // WRITE RESTRICTED
};

struct AceTypeName {
  std::string_view code;
  uint8_t type;
};
// The ACE types SDDL writes. XA/XD/ZA/XU (conditional) and RA (resource attribute) are
// recognised only to refuse them with a clear message.
inline constexpr AceTypeName AceTypes[] = {
    {"A", 0x00},  {"D", 0x01},  {"AU", 0x02}, {"AL", 0x03}, {"OA", 0x05},
    {"OD", 0x06}, {"OU", 0x07}, {"OL", 0x08}, {"ML", 0x11}, {"SP", 0x13},
};
inline constexpr std::string_view RefusedAceTypes[] = {"XA", "XD", "ZA", "XU", "ZU", "RA"};

struct FlagName {
  std::string_view code;
  uint8_t bit;
};
// Written in this order (ascending bits), as Windows does: "OICIIO", "CIID".
inline constexpr FlagName AceFlags[] = {
    {"OI", 0x01}, {"CI", 0x02}, {"NP", 0x04}, {"IO", 0x08}, {"ID", 0x10}, {"CR", 0x20}, {"SA", 0x40}, {"FA", 0x80},
};

struct RightName {
  std::string_view code;
  uint32_t mask;
};
// Letters for whole masks, tried first when formatting (a mask equal to one of these is written
// as that pair), then single-bit letters in ascending bit order; a mask with any bit that has no
// letter is written in hex ("0x1200a9"), as ConvertSecurityDescriptorToStringSecurityDescriptor
// does. KX has the same value as KR, so KR is what is written.
inline constexpr RightName WholeMaskRights[] = {
    {"FA", 0x001F01FF}, {"FR", 0x00120089}, {"FW", 0x00120116}, {"FX", 0x001200A0},
    {"KA", 0x000F003F}, {"KR", 0x00020019}, {"KW", 0x00020006}, {"KX", 0x00020019},
};
inline constexpr RightName BitRights[] = {
    {"CC", 0x00000001}, {"DC", 0x00000002}, {"LC", 0x00000004}, {"SW", 0x00000008}, {"RP", 0x00000010},
    {"WP", 0x00000020}, {"DT", 0x00000040}, {"LO", 0x00000080}, {"CR", 0x00000100}, {"SD", 0x00010000},
    {"RC", 0x00020000}, {"WD", 0x00040000}, {"WO", 0x00080000}, {"GA", 0x10000000}, {"GX", 0x20000000},
    {"GW", 0x40000000}, {"GR", 0x80000000},
};
// Mandatory label ACEs use their own letters for the same low bits.
inline constexpr RightName LabelRights[] = {
    {"NW", 0x1},
    {"NR", 0x2},
    {"NX", 0x4},
};

// The names Windows shows (LookupAccountSid, "DOMAIN\name") for well-known SIDs.
struct SidName {
  uint64_t authority;
  uint8_t count;
  std::array<uint32_t, 6> subs;
  std::string_view name;
};
inline constexpr SidName WellKnownNames[] = {
    {0, 1, {0}, "NULL SID"},
    {1, 1, {0}, "Everyone"},
    {2, 1, {0}, "LOCAL"},
    {2, 1, {1}, "CONSOLE LOGON"},
    {3, 1, {0}, "CREATOR OWNER"},
    {3, 1, {1}, "CREATOR GROUP"},
    {3, 1, {2}, "CREATOR OWNER SERVER"},
    {3, 1, {3}, "CREATOR GROUP SERVER"},
    {3, 1, {4}, "OWNER RIGHTS"},
    {5, 1, {1}, "NT AUTHORITY\\DIALUP"},
    {5, 1, {2}, "NT AUTHORITY\\NETWORK"},
    {5, 1, {3}, "NT AUTHORITY\\BATCH"},
    {5, 1, {4}, "NT AUTHORITY\\INTERACTIVE"},
    {5, 1, {6}, "NT AUTHORITY\\SERVICE"},
    {5, 1, {7}, "NT AUTHORITY\\ANONYMOUS LOGON"},
    {5, 1, {8}, "NT AUTHORITY\\PROXY"},
    {5, 1, {9}, "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS"},
    {5, 1, {10}, "NT AUTHORITY\\SELF"},
    {5, 1, {11}, "NT AUTHORITY\\Authenticated Users"},
    {5, 1, {12}, "NT AUTHORITY\\RESTRICTED"},
    {5, 1, {13}, "NT AUTHORITY\\TERMINAL SERVER USER"},
    {5, 1, {14}, "NT AUTHORITY\\REMOTE INTERACTIVE LOGON"},
    {5, 1, {15}, "NT AUTHORITY\\This Organization"},
    {5, 1, {17}, "NT AUTHORITY\\IUSR"},
    {5, 1, {18}, "NT AUTHORITY\\SYSTEM"},
    {5, 1, {19}, "NT AUTHORITY\\LOCAL SERVICE"},
    {5, 1, {20}, "NT AUTHORITY\\NETWORK SERVICE"},
    {5, 1, {33}, "NT AUTHORITY\\WRITE RESTRICTED"},
    {5, 1, {1000}, "NT AUTHORITY\\Other Organization"},
    {5, 2, {64, 10}, "NT AUTHORITY\\NTLM Authentication"},
    {5, 2, {64, 14}, "NT AUTHORITY\\SChannel Authentication"},
    {5, 2, {64, 21}, "NT AUTHORITY\\Digest Authentication"},
    {5, 1, {113}, "NT AUTHORITY\\Local account"},
    {5, 1, {114}, "NT AUTHORITY\\Local account and member of Administrators group"},
    {5, 6, {84, 0, 0, 0, 0, 0}, "NT AUTHORITY\\USER MODE DRIVERS"},
    {5, 2, {80, 0}, "NT SERVICE\\ALL SERVICES"},
    {5, 2, {32, 544}, "BUILTIN\\Administrators"},
    {5, 2, {32, 545}, "BUILTIN\\Users"},
    {5, 2, {32, 546}, "BUILTIN\\Guests"},
    {5, 2, {32, 547}, "BUILTIN\\Power Users"},
    {5, 2, {32, 548}, "BUILTIN\\Account Operators"},
    {5, 2, {32, 549}, "BUILTIN\\Server Operators"},
    {5, 2, {32, 550}, "BUILTIN\\Print Operators"},
    {5, 2, {32, 551}, "BUILTIN\\Backup Operators"},
    {5, 2, {32, 552}, "BUILTIN\\Replicator"},
    {5, 2, {32, 554}, "BUILTIN\\Pre-Windows 2000 Compatible Access"},
    {5, 2, {32, 555}, "BUILTIN\\Remote Desktop Users"},
    {5, 2, {32, 556}, "BUILTIN\\Network Configuration Operators"},
    {5, 2, {32, 557}, "BUILTIN\\Incoming Forest Trust Builders"},
    {5, 2, {32, 558}, "BUILTIN\\Performance Monitor Users"},
    {5, 2, {32, 559}, "BUILTIN\\Performance Log Users"},
    {5, 2, {32, 560}, "BUILTIN\\Windows Authorization Access Group"},
    {5, 2, {32, 561}, "BUILTIN\\Terminal Server License Servers"},
    {5, 2, {32, 562}, "BUILTIN\\Distributed COM Users"},
    {5, 2, {32, 568}, "BUILTIN\\IIS_IUSRS"},
    {5, 2, {32, 569}, "BUILTIN\\Cryptographic Operators"},
    {5, 2, {32, 573}, "BUILTIN\\Event Log Readers"},
    {5, 2, {32, 574}, "BUILTIN\\Certificate Service DCOM Access"},
    {5, 2, {32, 575}, "BUILTIN\\RDS Remote Access Servers"},
    {5, 2, {32, 576}, "BUILTIN\\RDS Endpoint Servers"},
    {5, 2, {32, 577}, "BUILTIN\\RDS Management Servers"},
    {5, 2, {32, 578}, "BUILTIN\\Hyper-V Administrators"},
    {5, 2, {32, 579}, "BUILTIN\\Access Control Assistance Operators"},
    {5, 2, {32, 580}, "BUILTIN\\Remote Management Users"},
    {15, 2, {2, 1}, "APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES"},
    {15, 2, {2, 2}, "APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES"},
    {16, 1, {0}, "Mandatory Label\\Untrusted Mandatory Level"},
    {16, 1, {4096}, "Mandatory Label\\Low Mandatory Level"},
    {16, 1, {8192}, "Mandatory Label\\Medium Mandatory Level"},
    {16, 1, {8448}, "Mandatory Label\\Medium Plus Mandatory Level"},
    {16, 1, {12288}, "Mandatory Label\\High Mandatory Level"},
    {16, 1, {16384}, "Mandatory Label\\System Mandatory Level"},
    {16, 1, {20480}, "Mandatory Label\\Protected Process Mandatory Level"},
    {18, 1, {1}, "Authentication authority asserted identity"},
    {18, 1, {2}, "Service asserted identity"},
};

// Accounts and groups of a domain (or a machine's account domain), by RID, for names like
// "<domain>\Domain Admins" when the domain is known only by its SID.
struct RidName {
  uint32_t rid;
  std::string_view name;
};
inline constexpr RidName DomainRidNames[] = {
    {498, "Enterprise Read-only Domain Controllers"},
    {500, "Administrator"},
    {501, "Guest"},
    {502, "krbtgt"},
    {512, "Domain Admins"},
    {513, "Domain Users"},
    {514, "Domain Guests"},
    {515, "Domain Computers"},
    {516, "Domain Controllers"},
    {517, "Cert Publishers"},
    {518, "Schema Admins"},
    {519, "Enterprise Admins"},
    {520, "Group Policy Creator Owners"},
    {521, "Read-only Domain Controllers"},
    {522, "Cloneable Domain Controllers"},
    {525, "Protected Users"},
    {526, "Key Admins"},
    {527, "Enterprise Key Admins"},
    {553, "RAS and IAS Servers"},
};

} // namespace dd::winsec::sddltables
