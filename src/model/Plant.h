// The plant as value types: hosts, domains and the network links between them, with the facts
// of docs/plant.md (identity, accounts, machine DCOM, classes, services, LSA, firewall) that the
// simulator (src/sim) and the audit reason about.
//
// Every fact carries a Provenance: where its value came from (a plant.toml line, a snapshot file
// and the registry value or command output line in it, or the Windows default and the document
// that states it), so that each step of a prediction can cite its evidence the way a Windows admin
// would check it by hand.
//
// Who fills what:
//   - model/PlantReader reads plant.toml, sets the Windows defaults for the host's OS
//     (docs/plant.md lists each default and its source), calls model/snapshot's applySnapshot()
//     for a host with `snapshot = ...`, then applies the plant file's keys over it ("what if").
//   - model/snapshot (applySnapshot) overwrites facts from the files of a host snapshot folder.
// Names are kept as Windows spells them; comparisons of account, group and host names are
// case-insensitive, as Windows does (see iequals below).
#pragma once

#include "model/Os.h"
#include "support/Text.h"
#include "support/Error.h"
#include "winsec/SecurityDescriptor.h"
#include "winsec/Sid.h"

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model {

struct WebFacts; // IIS and COM+ facts of a host: model/web/WebFacts.h

// Where a fact came from.
struct Provenance {
  enum class Kind : uint8_t {
    Default,   // Windows' default for the host's OS; `file` names the document that says so
    PlantFile, // a key of the plant file: `file`:`line`
    Snapshot,  // a file of the host's snapshot folder: `file`:`line` (0 when not line-based)
  };
  Kind kind = Kind::Default;
  std::string file;  // plant.toml path, snapshot file path, or the source document of a default
  uint32_t line = 0; // 1-based; 0 when unknown or not applicable
  // The Windows location of the value, as an admin would look it up:
  // "HKLM\SOFTWARE\Microsoft\Ole\MachineLaunchRestriction", "secedit [Privilege Rights]
  // SeDenyNetworkLogonRight", "net user opcuser", "netsh advfirewall rule \"DCOM\"".
  std::string where;

  static Provenance windowsDefault(std::string where, std::string sourceDocument) {
    return Provenance{Kind::Default, std::move(sourceDocument), 0, std::move(where)};
  }
  static Provenance plantFile(std::string file, uint32_t line, std::string where) {
    return Provenance{Kind::PlantFile, std::move(file), line, std::move(where)};
  }
  static Provenance snapshot(std::string file, uint32_t line, std::string where) {
    return Provenance{Kind::Snapshot, std::move(file), line, std::move(where)};
  }

  // "plant.toml:14", "snapshots/OPCSRV/ole.reg:12", "Windows default (source)".
  std::string origin() const;
};

// A value and where it came from.
template <class T>
struct Fact {
  T value{};
  Provenance from;
};

// A calendar date (the patch date of a host).
struct Date {
  int year = 0, month = 0, day = 0;
  friend auto operator<=>(const Date &, const Date &) = default;
  friend bool operator==(const Date &, const Date &) = default;
  std::string str() const; // "2023-06-13"
};

// A security descriptor as the model keeps it: the parsed descriptor, its SDDL text for evidence
// (as written in the plant file, or formatted from the binary value of a snapshot), and where.
struct Descriptor {
  winsec::SecurityDescriptor sd;
  std::string sddl;
  Provenance from;
};

// Case-insensitive ASCII comparison of names (accounts, groups, hosts, ProgIDs, CLSIDs).
using ::dd::iequals;

// The built-in service accounts as a service's Log On account names them (sc qc's
// SERVICE_START_NAME, the Services console): "LocalSystem", "NT AUTHORITY\LocalService", ...
enum class BuiltinServiceAccount : uint8_t { None, LocalSystem, LocalService, NetworkService };
BuiltinServiceAccount builtinServiceAccount(std::string_view name);

// ---------------------------------------------------------------------------------------------
// Accounts and groups

struct Account {
  std::string name;                         // "opcuser", "Administrator"
  uint32_t rid = 0;                         // SID = machine (or domain) SID + rid
  std::optional<std::string> passwordLabel; // accounts with the same label share a password;
                                            // absent: unknown (matches nothing)
  bool enabled = true;
  bool locked = false;
  bool passwordExpired = false;
  bool passwordNeverExpires = false;
  std::vector<std::string> groups; // group names: built-in English names or local groups
  Provenance from;
  // Where the password label was stated (a plant file key); empty: `from`. An account the
  // snapshot lists keeps the snapshot's file as `from` when the plant file only labels its password.
  Provenance passwordFrom;
  const Provenance &passwordProvenance() const { return passwordFrom.file.empty() ? from : passwordFrom; }
  // Where `enabled` and `locked` were read when not from `from` (a snapshot's wmic useraccount
  // Disabled and Lockout); empty: `from`.
  Provenance enabledFrom, lockedFrom;
  const Provenance &enabledProvenance() const { return enabledFrom.file.empty() ? from : enabledFrom; }
  const Provenance &lockedProvenance() const { return lockedFrom.file.empty() ? from : lockedFrom; }
  // False when no file states the account's SID (a snapshot without `wmic useraccount`): the
  // model then gives it a RID of its own so that no two accounts share a SID, but that RID is
  // not Windows' and must not be shown as a fact.
  bool sidKnown = true;
};

struct Group {
  std::string name; // "Distributed COM Users", "OPCUsers"
  winsec::Sid sid;  // S-1-5-32-562 for a built-in group; machine SID + rid for a local one
  bool builtin = false;
  // Members by name: a local account ("opcuser"), a domain principal ("LINE3\opc"), a
  // well-known one ("NT AUTHORITY\INTERACTIVE", "Everyone"), or a SID string.
  std::vector<std::string> members;
  Provenance from;
};

// ---------------------------------------------------------------------------------------------
// Machine DCOM settings: HKLM\SOFTWARE\Microsoft\Ole, ...\Ole\AppCompat and the DCOM policy key.

struct DcomSettings {
  Fact<bool> enableDcom;               // EnableDCOM "Y"/"N"
  Fact<int> legacyAuthenticationLevel; // 1 None .. 6 Packet Privacy; absent = 2 Connect
  Fact<int> legacyImpersonationLevel;  // 1 Anonymous .. 4 Delegate; absent = 2 Identify
  // The Limits; absent before Windows XP SP2 / Server 2003 SP1 (no such check existed).
  std::optional<Descriptor> machineLaunchRestriction;
  std::optional<Descriptor> machineAccessRestriction;
  // The Defaults. DefaultLaunchPermission is always there on XP SP2 and later; without
  // DefaultAccessPermission COM lets only the server's own identity (SELF) and SYSTEM call.
  std::optional<Descriptor> defaultLaunchPermission;
  std::optional<Descriptor> defaultAccessPermission;
  // HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DCOM (SDDL strings): win over the Ole values.
  std::optional<Descriptor> policyMachineLaunchRestriction;
  std::optional<Descriptor> policyMachineAccessRestriction;
  // ...\Ole\AppCompat; absent: the default of the host's patch level (src/sim/Hardening).
  std::optional<Fact<int>> requireIntegrityActivationAuthenticationLevel;
  std::optional<Fact<int>> raiseActivationAuthenticationLevel;
  // Logging levels: 0 (absent) = Windows' default, 1 = always log, 2 = never log.
  Fact<int> activationFailureLoggingLevel;
  Fact<int> callFailureLoggingLevel;
  Fact<int> invalidSecurityDescriptorLoggingLevel;
  // HKLM\SOFTWARE\Microsoft\COM3 RemoteAccessEnabled: COM+ network access (COM+ server
  // applications only; see ComServer::comPlusApplication).
  Fact<bool> comPlusRemoteAccess;
};

// HKLM\SYSTEM\CurrentControlSet\Control\Lsa and the UAC policy key.
struct LsaSettings {
  Fact<bool> forceGuest; // 1 = "Guest only" sharing model (simple file sharing)
  Fact<bool> everyoneIncludesAnonymous;
  Fact<int> restrictAnonymous;
  // HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System
  Fact<bool> localAccountTokenFilterPolicy;
  Fact<bool> filterAdministratorToken;
};

// Audit policy (auditpol / secedit [Event Audit]): failure auditing that makes 680/4625 appear.
struct AuditSettings {
  Fact<bool> logonFailures;        // Logon/Logoff: Logon (4625; 529 on XP/2003)
  Fact<bool> accountLogonFailures; // Account Logon: Credential Validation (680 on XP/2003, 4776)
  Fact<bool> objectAccessFailures;
};

// ---------------------------------------------------------------------------------------------
// Network: firewall, RPC ports

struct PortRange {
  uint16_t first = 0, last = 0;
  bool contains(uint16_t port) const { return port >= first && port <= last; }
  friend bool operator==(const PortRange &, const PortRange &) = default;
};

struct FirewallRule {
  std::string name;
  bool enabled = true;
  bool allow = true; // false: a block rule
  std::string protocol = "TCP";
  std::vector<PortRange> ports;       // local ports; empty with no keyword = any port
  bool rpcEndpointMapper = false;     // LocalPort "RPC-EPMap" (135)
  bool rpcDynamic = false;            // LocalPort "RPC" (the dynamic RPC ports)
  std::optional<std::string> program; // program path; absent = any program
  std::vector<std::string> remote;    // remote addresses: "10.0.3.0/24", "10.0.3.21",
                                      // "LocalSubnet"; empty = any address
  Provenance from;
};

struct Firewall {
  Fact<bool> enabled;
  std::vector<FirewallRule> rules; // inbound rules
};

// ---------------------------------------------------------------------------------------------
// Services, COM servers, client programs

struct Service {
  std::string name; // "RpcSs", "OPCEnum", "AcmeOPC"
  std::string displayName;
  std::string logonAccount = "LocalSystem"; // SERVICE_START_NAME as sc qc prints it
  std::string startType = "demand";         // "auto", "demand", "disabled", "boot", "system"
  std::string state = "stopped";            // "running", "stopped"
  std::string binaryPath;
  Provenance from;
};

// The Identity of a COM server (the AppID's RunAs / LocalService).
struct RunAs {
  enum class Kind : uint8_t { LaunchingUser, InteractiveUser, Account, Service };
  Kind kind = Kind::LaunchingUser;
  std::string account; // Kind::Account: "opcsvc" or "LINE3\opcsvc"; Kind::Service: service name
};

enum class ConnectionKind : uint8_t { Any, Local, Remote };

struct ComServer {
  Fact<std::string> progid;
  Fact<std::string> clsid; // "{6A2B9D3E-...}" (braces, as the registry writes it)
  Fact<std::string> appid; // defaults to the CLSID
  Fact<std::string> exe;   // LocalServer32 path
  Fact<RunAs> runAs;
  std::optional<Fact<std::string>> runAsPasswordLabel; // the label of the password stored for RunAs
  // False: a RunAs password is stored but the SCM cannot read it (its LSA secret is damaged or was
  // written for another machine): the launch fails with 0x8000401A and event 10004.
  Fact<bool> runAsPasswordReadable{true,
                                   Provenance::windowsDefault("the stored RunAs password", "readable unless stated")};
  std::optional<Fact<int>> authenticationLevel;    // the AppID's AuthenticationLevel
  std::optional<Descriptor> launchPermission;      // the AppID's; absent: DefaultLaunchPermission
  std::optional<Descriptor> accessPermission;      // the AppID's; absent: DefaultAccessPermission
  std::optional<Fact<uint16_t>> endpointPort;      // AppID Endpoints ncacn_ip_tcp,0,<port>
  Fact<bool> registered;                           // CLSID key present in the view below
  Fact<std::string> view;                          // "64" or "32" (Wow6432Node)
  std::optional<Fact<int>> preferredServerBitness; // AppID PreferredServerBitness: 1 match, 2 32-bit, 3 64-bit
  Fact<bool> exePresent;
  Fact<std::vector<std::string>> exeReaders; // who may read & execute the exe's folder
  Fact<bool> running;                        // already running (activation without launch)
  Fact<bool> licensed;
  Fact<ConnectionKind> accepts;
  Fact<bool> comPlusApplication;                             // the class is in a COM+ server application (dllhost.exe)
  std::optional<Fact<std::vector<std::string>>> ownSecurity; // the server's own user list
  std::optional<Fact<uint32_t>> refusedCallback;             // the HRESULT it reports for a refused callback
  Provenance from;                                           // where the server as a whole was declared
};

enum class ClientStack : uint8_t { Windows, JInterop, NodeDcom, Samba, Other };

struct ClientProgram {
  std::string name;        // "HMI"
  Fact<std::string> runAs; // the account it runs as: "opcuser" or "LINE3\opc"
  Fact<std::string> exe;   // matched against firewall program rules (callbacks)
  Fact<ClientStack> stack;
  std::optional<Fact<int>> authenticationLevel;           // its CoInitializeSecurity level
  std::optional<Fact<int>> activationAuthenticationLevel; // explicit COAUTHINFO level
  std::optional<Descriptor> accessPermission;             // its CoInitializeSecurity descriptor, if it sets one
  // The level the program's callback objects (sinks) accept calls at, when it lowers it for them
  // (WMI-style sinks set None: the server's callbacks then arrive as ANONYMOUS LOGON).
  std::optional<Fact<int>> callbackAuthenticationLevel;
  // The HRESULT the program shows for the one DCOM returns, where they differ (a program that
  // reports 0x800706BA for 0x80070005): DCOM's code -> the program's.
  Fact<std::map<uint32_t, uint32_t>> reports;
  Provenance from;
};

// ---------------------------------------------------------------------------------------------
// Host, domain, link, plant

struct Host {
  std::string name; // NetBIOS name, as `systeminfo` prints it
  Fact<OsVersion> os;
  std::optional<Fact<Date>> patched; // date of the latest cumulative update
  // Set when the host's snapshot dates none of its updates (and the plant file states no
  // `patched`): why, and what would settle it. The simulator does not take such a host as
  // patched; a host with neither this nor `patched` is up to date (docs/plant.md).
  std::optional<Fact<std::string>> patchLevelUnknown;
  Fact<std::string> domain; // "" = workgroup
  Fact<std::vector<std::string>> addresses;
  Fact<winsec::Sid> machineSid;                 // local accounts are this + RID
  std::optional<Fact<std::string>> consoleUser; // who is logged on at the console
  // Who is logged on through Remote Desktop (query user: SESSIONNAME rdp-tcp#N). Such a session
  // is not the console session, whose user RunAs "Interactive User" runs as.
  Fact<std::vector<std::string>> remoteDesktopUsers;
  std::string snapshot; // the snapshot folder, resolved against the plant file
  // What the snapshot could not tell: a file collect.cmd writes that is missing, holds nothing or
  // could not be read, and which facts therefore keep the Windows defaults of the host's version.
  std::vector<Fact<std::string>> snapshotGaps;

  DcomSettings dcom;
  LsaSettings lsa;
  AuditSettings audit;
  // secedit [Privilege Rights]: right name -> principals ("*S-1-5-32-546", "Guest", ...)
  std::map<std::string, Fact<std::vector<std::string>>> userRights;
  Firewall firewall;
  std::optional<Fact<PortRange>> rpcPortRange; // HKLM\SOFTWARE\Microsoft\Rpc\Internet Ports

  std::vector<Account> users;
  std::vector<Group> groups; // built-in groups and the site's own local groups
  std::vector<Service> services;
  std::vector<ComServer> servers;
  std::vector<ClientProgram> clients;
  std::shared_ptr<const WebFacts> web; // IIS and COM+ facts (model/web), null when none
  Provenance from;                     // where the host was declared

  const Account *findUser(std::string_view name) const;
  Account *findUser(std::string_view name);
  const Group *findGroup(std::string_view name) const;
  Group *findGroup(std::string_view name);
  const Service *findService(std::string_view name) const;
  // By ProgID or CLSID (with or without braces), case-insensitive.
  const ComServer *findServer(std::string_view progidOrClsid) const;
  const ClientProgram *findClient(std::string_view name) const;
  bool isWorkgroup() const { return domain.value.empty(); }
};

struct Domain {
  std::string name; // NetBIOS name: "LINE3"
  winsec::Sid sid;
  // False for a domain only a member's snapshot names: its SID is a stand-in derived from the
  // name, its accounts are matched by name (docs/snapshot.md, Domain members).
  bool sidKnown = true;
  std::vector<std::string> trusts; // domains whose accounts this domain accepts
  std::vector<Account> users;
  std::vector<Group> groups;
  Provenance from;

  const Account *findUser(std::string_view name) const;
  const Group *findGroup(std::string_view name) const;
};

// Network facts between two hosts, in one direction (`from` connects to `to`).
struct Link {
  std::string from, to;
  Fact<bool> reachable;                 // TCP reaches at all (routing, external firewalls)
  Fact<bool> nat;                       // NAT between them: object references carry addresses
                                        // the other side cannot reach
  std::optional<Fact<std::string>> dns; // the address `from` resolves `to` to
  Provenance from_;
};

// A connection the plant file says is wanted (or unwanted): a client program (or account) on one
// host to a class on another, connect and, when `advise`, callbacks (docs/plant.md, [[wants]]).
struct PairSpec {
  std::string client, program, user, server, serverClass;
  bool advise = false;
  Provenance from;
};

struct Plant {
  std::string name;
  // [[wants]] and [[unwanted]] (docs/plant.md); no [[wants]]: every client program and every class.
  std::vector<PairSpec> wants, unwanted;
  std::string file; // the plant file it was read from
  // Located warnings of the reader (a password label that looks like a real password); they
  // never quote a label.
  std::vector<Error> warnings;
  std::vector<Host> hosts;
  std::vector<Domain> domains;
  std::vector<Link> links;

  const Host *findHost(std::string_view name) const;
  Host *findHost(std::string_view name);
  const Domain *findDomain(std::string_view name) const;
  // The link `from` -> `to`, or nullptr for the default (reachable, no NAT, DNS right).
  const Link *findLink(std::string_view from, std::string_view to) const;
};

} // namespace dd::model
