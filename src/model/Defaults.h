// Windows defaults for a host, by OS and patch level: what a fact is when neither a snapshot
// nor the plant file states it. Each value carries a Provenance of Kind::Default naming the
// document it comes from; docs/plant.md lists them all.
#pragma once

#include "model/Plant.h"

namespace dd::model {

// The SDDL Windows ships for the machine-wide descriptors of HKLM\SOFTWARE\Microsoft\Ole (the
// defaults of the settings table, model/Settings.h).
struct DefaultDescriptors {
  const char *machineLaunchRestriction; // nullptr: none before XP SP2 / 2003 SP1
  const char *machineAccessRestriction;
  const char *defaultLaunchPermission;
  const char *source; // the document the values come from
};
DefaultDescriptors defaultDescriptors(const OsVersion &os);

// DefaultAccessPermission absent: COM lets the server's own identity (SELF) and SYSTEM call.
inline constexpr const char *kComBuiltinAccessSddl = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)";

// Sets every fact of `host` that has a Windows default (the registry settings from the settings
// table, model/Settings.h), from host.os, host.domain and
// host.machineSid (which must be set first). Adds the built-in accounts (Administrator 500,
// Guest 501), the built-in groups and the RpcSs service.
void applyWindowsDefaults(Host &host);

// The built-in groups by English name: "Administrators" -> 544, ...; 0 when not built in.
uint32_t builtinGroupRid(std::string_view name);

// A machine SID derived from the host name (S-1-5-21-a-b-c), stable across runs, for plants
// that do not state one.
winsec::Sid derivedMachineSid(std::string_view hostName);

} // namespace dd::model
