// Release dates of Windows updates by KB and by build.UBR (see PatchLevels.h).
//
// Sources of UpdateReleases.inc:
//   - Windows 10 / 11 / Server 2016-2025 rows: Microsoft's update history pages, one entry per
//     release ("June 13, 2023—KB5027215 (OS Builds 19044.3086 and 19045.3086)"):
//     https://support.microsoft.com/help/4464619 (Windows 10), https://aka.ms/Windows11UpdateHistory,
//     the "Windows 10 and Windows Server 2016 / 2019 update history" pages and the "Windows Server
//     2022 / 2025 update history" pages, and Microsoft's release information pages
//     (https://learn.microsoft.com/windows/release-health/release-information). The rows were
//     taken from the public DataForGeeks collection of those pages
//     (github.com/altrhombus/DataForGeeks, content/ms/win and content/ms/mswin buildnumbers.json,
//     commit 6846a6a, August 2026); where a build.UBR has two KBs (a re-release), the earlier
//     date is kept.
//   - Windows 7 / 8.1 / Server 2008 R2 / 2012 / 2012 R2 rows: the "Windows 7 SP1 and Windows
//     Server 2008 R2 SP1 update history", "Windows 8.1 and Windows Server 2012 R2 update history"
//     and "Windows Server 2012 update history" pages ("June 14, 2022—KB5014748 (Monthly
//     Rollup)"); each month's rollup and security-only update are released on its second
//     Tuesday. Rows marked "checked" are also named, with that date, by Microsoft's own
//     DC_HotfixRollups.ps1 (the support diagnostics package psSDP, October 2022 release), as are
//     the Server 2008 SP2 rows.
//   - Checked in December 2026, Windows 7 / 8.1 / 2008 R2 / 2012 / 2012 R2 rows of 2019-2024:
//     Microsoft's three update history pages themselves could not be consulted (no stored copy was
//     reachable), so each row was checked where a source could be found:
//       * "KB page": the update's own Microsoft support page states its release date and kind:
//         KB5012649 ("Release Date: 4/12/2022, Version: Security-only update", en-us),
//         KB5014012 ("2022/05/10, 月例ロールアップ", ja-jp), KB5018454 ("2022/10/11, 月例ロールアップ",
//         ja-jp), KB5020000 ("08/11/2022, Aggiornamento cumulativo mensile", it-it), KB5021288
//         ("13.12.2022, Reines Sicherheitsupdate", de-de), all Windows 7 SP1 / 2008 R2 SP1 ESU.
//       * "Tenable MS20-03": March 2020 for Windows 7 / 2008 R2. Tenable's plugin
//         smb_nt_ms20_mar_4540688.nasl cites Microsoft's KB4540688 and KB4541500 pages: "Apply
//         Security Only update KB4541500 or Cumulative Update KB4540688", patch date 2020/03/10.
//         The table had KB4541500 as the Monthly Rollup and a KB4541503 that no source names as
//         the Security-only update; fixed.
//       * Every row of these builds: one Monthly Rollup and one Security-only update a month, on
//         its second Tuesday, each KB once, KB numbers rising month by month, and the six KBs of a
//         month within a few dozen numbers of each other (two months are wider and were left as
//         they are: February 2019, and March 2020 with Server 2012's KB4540694).
//     Rows of Windows 8.1 / 2012 R2 and Server 2012 outside the "checked" range have no such
//     second source yet.
#include "model/snapshot/PatchLevels.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <span>

namespace dd::model::snapshot {

namespace {

using K = UpdateKind;
constexpr UpdateRelease kReleases[] = {
#include "model/snapshot/UpdateReleases.inc"
};

// The first release of each Windows 10 / 11 / Server build (Microsoft's release information:
// "Availability date" of the version's initial build).
struct FirstRelease {
  uint32_t build;
  Date date;
};
constexpr FirstRelease kFirstReleases[] = {
    {10240, {2015, 7, 29}},  {10586, {2015, 11, 10}}, {14393, {2016, 8, 2}},   {15063, {2017, 4, 11}},
    {16299, {2017, 10, 17}}, {17134, {2018, 4, 30}},  {17763, {2018, 11, 13}}, {18362, {2019, 5, 21}},
    {18363, {2019, 11, 12}}, {19041, {2020, 5, 27}},  {19042, {2020, 10, 20}}, {19043, {2021, 5, 18}},
    {19044, {2021, 11, 16}}, {19045, {2022, 10, 18}}, {20348, {2021, 8, 18}},  {22000, {2021, 10, 4}},
    {22621, {2022, 9, 20}},  {22631, {2023, 10, 31}}, {26100, {2024, 10, 1}},
};

std::optional<uint32_t> kbNumber(std::string_view kb) {
  kb = trim(kb);
  if (istartsWith(kb, "KB"))
    kb.remove_prefix(2);
  uint32_t n = 0;
  auto [ptr, ec] = std::from_chars(kb.data(), kb.data() + kb.size(), n);
  if (ec != std::errc() || ptr != kb.data() + kb.size() || kb.empty())
    return std::nullopt;
  return n;
}

// Row indices sorted by KB number (built once; the table itself is sorted by build and UBR).
const std::vector<uint32_t> &byKb() {
  static const std::vector<uint32_t> index = [] {
    std::vector<uint32_t> v(std::size(kReleases));
    for (uint32_t i = 0; i < v.size(); ++i)
      v[i] = i;
    std::stable_sort(v.begin(), v.end(), [](uint32_t a, uint32_t b) { return kReleases[a].kb < kReleases[b].kb; });
    return v;
  }();
  return index;
}

} // namespace

std::span<const UpdateRelease> updateReleases() { return kReleases; }

std::optional<UpdateRelease> updateByKb(std::string_view kb) {
  auto n = kbNumber(kb);
  if (!n)
    return std::nullopt;
  const auto &index = byKb();
  auto it = std::lower_bound(index.begin(), index.end(), *n,
                             [](uint32_t i, uint32_t value) { return kReleases[i].kb < value; });
  if (it == index.end() || kReleases[*it].kb != *n)
    return std::nullopt;
  return kReleases[*it];
}

std::optional<Date> buildFirstRelease(uint32_t build) {
  for (const FirstRelease &f : kFirstReleases)
    if (f.build == build)
      return f.date;
  return std::nullopt;
}

std::optional<BuildLevel> buildLevel(uint32_t build, uint32_t ubr) {
  std::span<const UpdateRelease> all(kReleases);
  // The rows of this build with a UBR (the rollup rows have none), sorted by UBR.
  auto first = std::lower_bound(all.begin(), all.end(), build, [](const UpdateRelease &r, uint32_t b) {
    return r.build < b || (r.build == b && r.ubr == 0);
  });
  auto last = std::upper_bound(first, all.end(), build, [](uint32_t b, const UpdateRelease &r) { return b < r.build; });
  auto above = std::upper_bound(first, last, ubr, [](uint32_t u, const UpdateRelease &r) { return u < r.ubr; });
  if (above != first) {
    const UpdateRelease &r = *(above - 1);
    BuildLevel out{r.date, fmt::format("KB{} ({}.{})", r.kb, r.build, r.ubr), r.ubr == ubr};
    if (!out.exact)
      out.what += fmt::format(", the newest release dcomdoctor knows at or below {}.{}", build, ubr);
    return out;
  }
  if (auto d = buildFirstRelease(build))
    return BuildLevel{*d, fmt::format("the first release of build {}", build), ubr == 0};
  return std::nullopt;
}

Date newestKnownRelease() {
  Date newest;
  for (const UpdateRelease &r : kReleases)
    newest = std::max(newest, r.date);
  return newest;
}

PatchLevel decidePatchLevel(const std::vector<PatchCandidate> &candidates, const std::vector<ListedUpdate> &listed) {
  PatchLevel out;
  const PatchCandidate *best = nullptr;
  for (const PatchCandidate &c : candidates)
    if (!best || c.date > best->date)
      best = &c;
  if (best)
    out.level = Fact<Date>{best->date, best->from};
  std::vector<std::string> undated;
  std::optional<Date> newestInstall;
  for (const ListedUpdate &u : listed) {
    if (!updateByKb(u.kb))
      undated.push_back(u.kb);
    if (u.installed && (!newestInstall || *u.installed > *newestInstall))
      newestInstall = u.installed;
  }
  if (!undated.empty()) {
    std::string list;
    for (size_t i = 0; i < undated.size() && i < 8; ++i)
      list += (i ? ", " : "") + undated[i];
    if (undated.size() > 8)
      list += fmt::format(" and {} more", undated.size() - 8);
    out.notes.push_back(fmt::format("{} listed update(s) dcomdoctor cannot date (not a monthly cumulative or rollup "
                                    "update it knows, or newer than {}): {}",
                                    undated.size(), newestKnownRelease().str(), list));
  }
  if (newestInstall && (!out.level || *newestInstall > out.level->value))
    out.notes.push_back(
        fmt::format("the newest update was installed on {}: the level is at most that date", newestInstall->str()));
  if (!out.level)
    out.unknownWhy = "no update of this host can be dated: the snapshot has no CurrentBuild/UBR "
                     "(currentversion.csv or currentversion.reg, which collect.cmd writes) and lists no monthly "
                     "cumulative or rollup update dcomdoctor knows; state `patched = YYYY-MM-DD` in the plant "
                     "file, or collect again with collect.cmd";
  return out;
}

} // namespace dd::model::snapshot
