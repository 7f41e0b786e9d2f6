// Windows versions as the DCOM model distinguishes them: the family (for names and event
// wording), the generation (NT/2000, XP/2003, Vista and later differ in defaults, events and
// token rules) and the service pack (the Limits exist from XP SP2 / Server 2003 SP1 on).
#pragma once

#include "support/Result.h"

#include <string>
#include <string_view>

namespace dd::model {

enum class OsFamily : uint8_t {
  WindowsNT4,
  Windows2000,
  WindowsXP,
  WindowsServer2003,
  WindowsVista,
  WindowsServer2008,
  Windows7,
  WindowsServer2008R2,
  Windows8,
  WindowsServer2012,
  Windows81,
  WindowsServer2012R2,
  Windows10,
  WindowsServer2016,
  WindowsServer2019,
  Windows11,
  WindowsServer2022,
  WindowsServer2025,
};

enum class OsGeneration : uint8_t {
  Nt,        // NT 4.0 / 2000: no Limits, no firewall, no remote UAC
  Xp2003,    // XP / Server 2003: Limits from XP SP2 / 2003 SP1, events 680 / 10014
  VistaPlus, // Vista / 2008 and later: remote UAC, events 4625 / 10015 / 10016 with address
};

struct OsVersion {
  OsFamily family = OsFamily::WindowsServer2019;
  int servicePack = -1; // -1: the latest one (XP SP3, 2003 SP2, Vista/2008 SP2, 7/2008 R2 SP1)

  OsGeneration generation() const;
  bool isServer() const;
  // True from XP SP2 / Server 2003 SP1 on: MachineLaunchRestriction/MachineAccessRestriction.
  bool hasLimits() const;
  // 10016 and friends name "running in the application container ..." from Windows 8 on.
  bool hasAppContainers() const;
  // "windows-server-2019", as the plant file spells it.
  std::string key() const;
  // "Windows Server 2019", "Windows XP SP2".
  std::string displayName() const;

  // Reads "windows-xp", "windows-server-2003", "windows-7", "windows-10", "windows-server-2019",
  // ... (also "xp", "2003", "win10", "server-2019"); the message lists the accepted names.
  static Result<OsVersion> parse(std::string_view text);
  friend bool operator==(const OsVersion &, const OsVersion &) = default;
};

} // namespace dd::model
