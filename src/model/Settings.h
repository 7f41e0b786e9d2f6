// The DCOM-relevant registry settings of a host, as one table: for each, the registry key and
// value (and the policy value that wins over it), the plant file key, the model field, the
// Windows default per OS version with the document it comes from, and how a fix writes it.
//
// Everything that knows one of these settings asks this table: the Windows defaults
// (model/Defaults.cpp), the snapshot reader (model/snapshot/SnapshotRegistry.cpp: .reg exports, offline
// hives; SnapshotAccounts.cpp: secedit's [Registry Values]), the plant reader (model/PlantReader.cpp), the fix text
// (regFileText / regAddCommand below) and the tables of docs/plant.md (a test compares them).
#pragma once

#include "model/Plant.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace dd::model {

enum class SettingId : uint8_t {
  EnableDcom,
  LegacyAuthenticationLevel,
  LegacyImpersonationLevel,
  MachineLaunchRestriction,
  MachineAccessRestriction,
  DefaultLaunchPermission,
  DefaultAccessPermission,
  PolicyMachineLaunchRestriction,
  PolicyMachineAccessRestriction,
  RequireIntegrityActivationAuthenticationLevel,
  RaiseActivationAuthenticationLevel,
  ActivationFailureLoggingLevel,
  CallFailureLoggingLevel,
  InvalidSecurityDescriptorLoggingLevel,
  ForceGuest,
  EveryoneIncludesAnonymous,
  RestrictAnonymous,
  LocalAccountTokenFilterPolicy,
  FilterAdministratorToken,
  RpcPorts,
  ComPlusRemoteAccess,
};

// How the registry holds the value and how the plant file writes it.
enum class SettingType : uint8_t {
  YesNo,      // REG_SZ "Y" / "N"; plant: true / false
  Flag,       // REG_DWORD, 1 = on; plant: true / false
  Number,     // REG_DWORD; plant: an integer in [min, max]
  Descriptor, // REG_BINARY security descriptor; plant: SDDL
  Sddl,       // REG_SZ SDDL (the DCOM policy key); plant: SDDL
  PortRanges, // REG_MULTI_SZ of "first-last"; plant: "first-last"
};

// Which hosts a default applies to (the first matching one of a setting wins).
enum class OsScope : uint8_t {
  Any,          // every host (the fallback)
  VistaPlus,    // Windows Vista / Server 2008 and later
  BeforeLimits, // NT 4.0, 2000, XP before SP2, Server 2003 before SP1
  Server2003,   // Server 2003 SP1 and later
  XpWorkgroup,  // Windows XP in a workgroup
  Nt,           // NT 4.0 and 2000
  Server2003On, // a server edition from Windows Server 2003 on
};
bool appliesTo(OsScope scope, const OsVersion &os, bool workgroup);
std::string_view scopeText(OsScope scope); // "Vista and later", ...

struct SettingDefault {
  OsScope scope;
  std::string_view value;  // as the plant file writes it: "true", "2", an SDDL, "49152-65535";
                           // "" = the value is absent
  std::string_view source; // the document that states it
};

struct Setting {
  SettingId id;
  std::string_view key;   // "HKLM\\SOFTWARE\\Microsoft\\Ole"
  std::string_view value; // "MachineLaunchRestriction"
  SettingType type;
  std::string_view plantTable;              // "dcom", "lsa"; "" = the [[host]] table itself
  std::string_view plantKey;                // "machine_launch_restriction"
  int min = 0, max = 0;                     // Number: the values the plant file accepts
  std::string_view field;                   // the model field: "Host::dcom.machineLaunchRestriction"
  std::span<const SettingDefault> defaults; // the first that applies; none: absent
  std::string_view ui;                      // where an admin sets it (dcomcnfg, secpol.msc); "" = regedit only
  std::optional<SettingId> overriddenBy;    // a policy value that wins over this one when present
  bool secedit = false;                     // `secedit /export` lists it under [Registry Values]
  std::string_view meaning;                 // one line for docs/plant.md

  std::string path() const { return std::string(key) + "\\" + std::string(value); }
};

// Every setting, in SettingId order.
std::span<const Setting> settings();
const Setting &setting(SettingId id);
// The setting a plant key stands for in `plantTable` ("dcom", "lsa", "" for [[host]]).
const Setting *findSetting(std::string_view plantTable, std::string_view plantKey);

// The Windows default of `s` on a host of this OS (nullptr: the value is absent).
const SettingDefault *windowsDefault(const Setting &s, const OsVersion &os, bool workgroup);

// The model field a setting fills.
using SettingSlot = std::variant<Fact<bool> *, Fact<int> *, std::optional<Fact<int>> *, std::optional<Descriptor> *,
                                 std::optional<Fact<PortRange>> *>;
SettingSlot slotOf(Host &host, SettingId id);

// Sets a YesNo, Flag or Number setting from a registry number (Flag: 1 = on; YesNo: non-zero = Y).
void setNumber(Host &host, SettingId id, int64_t value, Provenance from);

// "5000-5100" or "135" (1 to 65535, first <= last); nullopt otherwise.
std::optional<PortRange> parsePortRangeText(std::string_view text);

// The Limits in force: the DCOM policy value when Group Policy sets one, else the Ole value
// (nullptr: none, before XP SP2 / 2003 SP1). The one place that rule is coded.
const Descriptor *machineLaunchLimits(const Host &host);
const Descriptor *machineAccessLimits(const Host &host);
// The slot a change of the Limits must edit (the policy value when present, else the Ole one).
std::optional<Descriptor> &machineLaunchLimitsSlot(Host &host);
std::optional<Descriptor> &machineAccessLimitsSlot(Host &host);

// The RPC dynamic port range in force (HKLM\SOFTWARE\Microsoft\Rpc\Internet Ports, else the
// Windows default of the host's OS).
PortRange rpcPortRange(const Host &host);

// How a fix writes a YesNo, Flag or Number setting: the .reg file text, then the UI path in
// parentheses when the setting has one (" = uiValue" appended when given):
//   Windows Registry Editor Version 5.00
//
//   [HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Ole]
//   "LegacyAuthenticationLevel"=dword:00000002
//   (dcomcnfg > My Computer > Properties > Default Properties > Default Authentication Level = Connect)
std::string regFileText(SettingId id, int64_t value, std::string_view uiValue = {});
// The same as one command: reg add "HKLM\SOFTWARE\Microsoft\Ole" /v LegacyAuthenticationLevel
// /t REG_DWORD /d 2 /f
std::string regAddCommand(SettingId id, int64_t value);
// With the data as reg.exe takes it: "Y", "2", an SDDL string, "5000-5100" (REG_MULTI_SZ).
// A REG_BINARY descriptor would need its hex bytes: its fix is better written with `ui`.
std::string regAddCommand(SettingId id, std::string_view data);

} // namespace dd::model
