// The patch level of a host: the release date of the newest update it is known to run.
//
// Two tables, kept as data in UpdateReleases.inc (sources in PatchLevels.cpp):
//   - every Windows 10 / 11 / Server 2016-2025 release by build and UBR (the revision
//     `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion` records as CurrentBuild and UBR), with
//     its KB and release date (monthly, preview, out-of-band and hotpatch releases);
//   - the Monthly Rollups and Security-only updates of Windows 7 / Server 2008 R2, Windows 8.1 /
//     Server 2012 R2 and Server 2012 from January 2019 (Windows 7: to January 2024, 8.1 / 2012 R2 /
//     2012: to October 2023), and the Server 2008 SP2 Monthly Rollups of December 2020 to October
//     2022.
// The hardening dates of KB5004442 (2021-06-08, 2022-06-14, 2022-11-08, 2023-03-14) fall inside
// both, so a host listing any of these updates gets a decidable hardening phase.
//
// A KB the tables do not hold is never taken as "up to date": it is an update dcomdoctor cannot
// date (a servicing stack, .NET, Internet Explorer or Defender update, or one newer than the
// tables). The level is the newest date known from the build and UBR, the KBs it can date, and
// the build's first release; with none of them, the level is unknown (see PatchLevel).
#pragma once

#include "model/Plant.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

enum class UpdateKind : uint8_t {
  Monthly,      // Windows 10/11/Server: the Patch Tuesday cumulative update
  Preview,      // the optional non-security preview of the next month's update
  OutOfBand,    // released outside the monthly schedule
  Hotpatch,     // Server Azure Edition / Windows 11 Enterprise hotpatch
  Rollup,       // Windows 7 / 8.1 / 2008 / 2012: Security Monthly Quality Rollup
  SecurityOnly, // Windows 7 / 8.1 / 2012: Security Only Quality Update
};

struct UpdateRelease {
  uint32_t kb = 0;    // 5027215 for KB5027215
  uint32_t build = 0; // 19045; 7601, 9200, 9600, 6003 for the rollups
  uint32_t ubr = 0;   // 3086; 0 for the rollups (those builds keep no UBR)
  Date date;
  UpdateKind kind = UpdateKind::Monthly;
};

// Every row of the tables, sorted by build, UBR and date.
std::span<const UpdateRelease> updateReleases();

// "KB5027215", "kb5027215" or "5027215" -> its release (the first row of that KB), or nullopt.
std::optional<UpdateRelease> updateByKb(std::string_view kb);

// The release at or below build.UBR: exact when that UBR is in the table, else the newest
// listed one below it, else the build's first release (Windows 10 and later). nullopt for a
// build the table does not hold.
struct BuildLevel {
  Date date;
  std::string what; // "KB5027215 (19045.3086)", "the first release of build 19045"
  bool exact = false;
};
std::optional<BuildLevel> buildLevel(uint32_t build, uint32_t ubr);
// The first release of a Windows 10 / 11 / Server 2016-2025 build (its availability date).
std::optional<Date> buildFirstRelease(uint32_t build);

// The newest release date the tables hold: a level is only decidable up to it.
Date newestKnownRelease();

// One fact a patch level may come from.
struct PatchCandidate {
  Date date;
  Provenance from; // file:line and what was found ("systeminfo Hotfix(s) KB4489878: 2019-03-12")
};

// The host's patch level from everything a snapshot says about its updates.
struct PatchLevel {
  std::optional<Fact<Date>> level; // the newest candidate
  std::string unknownWhy;          // when there is no candidate: why, and what would settle it
  std::vector<std::string> notes;  // updates that could not be dated, install dates after the level
};

// An installed update as a snapshot lists it; `installed` is its install date when known.
struct ListedUpdate {
  std::string kb;
  std::optional<Date> installed;
  Provenance from;
};

// Decides the level from the candidates (build, UBR, KBs the tables date) and the listed
// updates (the undated ones and late install dates become notes).
PatchLevel decidePatchLevel(const std::vector<PatchCandidate> &candidates, const std::vector<ListedUpdate> &listed);

} // namespace dd::model::snapshot
