// The patch level of a host (model/snapshot/PatchLevels.h): the update tables, and hosts given
// only their real `systeminfo` output (../shared/real-captures) and a CurrentVersion export,
// whose dates must give the hardening phase of KB5004442 (sim/Hardening.h). Also what a plant
// reads from snapshots beyond one host: a missing file named in the prediction, --strict, a
// domain member loaded from its snapshot alone, accounts without SIDs, and the provenance of
// facts the plant file names too.
//
// The CurrentVersion exports are written here as `reg export` writes them (UTF-16LE with a BOM,
// "Windows Registry Editor Version 5.00", REG_SZ as "name"="value", REG_DWORD as dword:8 hex
// digits; Microsoft's "reg export" and "How to add, modify, or delete registry subkeys and
// values by using a .reg file" pages), trimmed to the values collect.cmd records; the build in
// each is the one the host's own systeminfo prints ("OS Version: 10.0.19043 N/A Build 19043"),
// the UBR that of the newest update its hotfix list names (KB5004945 is 19043.1083).
#include "model/Defaults.h"
#include "model/PlantReader.h"
#include "model/snapshot/PatchLevels.h"
#include "model/snapshot/Snapshot.h"
#include "sim/Hardening.h"
#include "sim/Simulator.h"
#include "support/Conformance.h"
#include "SnapshotTestUtil.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

using namespace dd::model;
using namespace dd::model::snapshot;
namespace fs = std::filesystem;

namespace {

std::optional<fs::path> realCaptures() {
  auto dir = dd::test::sourceDir() / ".." / "shared" / "real-captures";
  if (fs::is_directory(dir))
    return fs::weakly_canonical(dir);
  return std::nullopt;
}

#define REQUIRE_REAL_CAPTURES(dir)                                                                                     \
  auto dir##_opt_ = realCaptures();                                                                                    \
  if (!dir##_opt_)                                                                                                     \
    GTEST_SKIP() << "../shared/real-captures not found: skipped";                                                      \
  const fs::path dir = *dir##_opt_

void writeBytes(const fs::path &p, const std::vector<uint8_t> &bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A copy the test may delete: the real captures are read-only files, and Windows (the Wine run of
// this suite) refuses to delete a read-only file.
void copyWritable(const fs::path &from, const fs::path &to) {
  fs::copy_file(from, to);
  fs::permissions(to, fs::perms::owner_write, fs::perm_options::add);
}

// A fresh folder under the test's temporary directory.
fs::path freshFolder(const std::string &name) {
  fs::path dir = fs::temp_directory_path() / ("dd-patchlevel-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string currentVersionReg(const std::string &product, const std::string &build, std::optional<uint32_t> ubr,
                              const std::string &displayVersion, const std::string &edition,
                              const std::string &installationType) {
  std::string text = "Windows Registry Editor Version 5.00\n\n"
                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n";
  text += "\"ProductName\"=\"" + product + "\"\n";
  text += "\"EditionID\"=\"" + edition + "\"\n";
  text += "\"InstallationType\"=\"" + installationType + "\"\n";
  text += "\"CurrentBuild\"=\"" + build + "\"\n";
  if (ubr) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", *ubr);
    text += std::string("\"UBR\"=dword:") + hex + "\n";
  }
  if (!displayVersion.empty())
    text += "\"DisplayVersion\"=\"" + displayVersion + "\"\n";
  return text + "\n";
}

// A host as the plant reader builds it from a snapshot identity.
Host hostFrom(const SnapshotIdentity &id, const std::string &name) {
  Host h;
  h.name = name;
  if (id.os)
    h.os = *id.os;
  h.machineSid.value = derivedMachineSid(name);
  applyWindowsDefaults(h);
  h.patched = id.patched;
  h.patchLevelUnknown = id.patchLevelUnknown;
  return h;
}

SnapshotIdentity readHost(const fs::path &folder) {
  auto id = readSnapshotIdentity(folder);
  EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().str());
  return id.ok() ? *id : SnapshotIdentity{};
}

// A folder holding a real systeminfo capture and, when given, a CurrentVersion export.
fs::path hostFolder(const std::string &tag, const fs::path &systeminfo, const std::string &currentVersion = "") {
  fs::path folder = freshFolder(tag);
  copyWritable(systeminfo, folder / files::SystemInfo);
  if (!currentVersion.empty())
    writeBytes(folder / files::CurrentVersionReg, dd::test::utf16(currentVersion));
  return folder;
}

} // namespace

// ------------------------------------------------------------------------------------------------
// The tables

TEST(PatchLevelTables, KbAndBuildLookups) {
  // Microsoft's update history: "June 13, 2023—KB5027215 (OS Builds 19044.3086 and 19045.3086)".
  auto kb = updateByKb("KB5027215");
  ASSERT_TRUE(kb.has_value());
  EXPECT_EQ(kb->date.str(), "2023-06-13");
  EXPECT_EQ(updateByKb("kb5027215")->kb, 5027215u);
  // "March 12, 2019—KB4489878 (Monthly Rollup)" (Windows 7 SP1 / Server 2008 R2 SP1).
  ASSERT_TRUE(updateByKb("KB4489878").has_value());
  EXPECT_EQ(updateByKb("KB4489878")->date.str(), "2019-03-12");
  EXPECT_EQ(updateByKb("KB4489878")->kind, UpdateKind::Rollup);
  EXPECT_FALSE(updateByKb("KB4021701").has_value()); // a Windows Update client update: no date
  EXPECT_FALSE(updateByKb("File 1").has_value());

  auto exact = buildLevel(19045, 3086);
  ASSERT_TRUE(exact.has_value());
  EXPECT_TRUE(exact->exact);
  EXPECT_EQ(exact->date.str(), "2023-06-13");
  // A UBR between two known releases: the lower one's date (never a later one).
  auto between = buildLevel(19045, 3087);
  ASSERT_TRUE(between.has_value());
  EXPECT_FALSE(between->exact);
  EXPECT_EQ(between->date.str(), "2023-06-13");
  // Below every listed update: the build's first release.
  auto rtm = buildLevel(10240, 16384);
  ASSERT_TRUE(rtm.has_value());
  EXPECT_EQ(rtm->date.str(), "2015-07-29");
  EXPECT_FALSE(buildLevel(12345, 1).has_value());
}

TEST(PatchLevelTables, EveryHardeningDateIsAReleaseOfEveryServicedVersion) {
  // The four dates of KB5004442 must each be the release of a monthly update of every version
  // serviced then, by KB (rollups) or by build.UBR (Windows 10 and later).
  const Date dates[] = {{2021, 6, 8}, {2022, 6, 14}, {2022, 11, 8}, {2023, 3, 14}};
  struct Version {
    uint32_t build;
    Date from, to; // the dates it was serviced between (its release, the end of its table)
  };
  const Version versions[] = {{7601, {2011, 2, 22}, {2024, 1, 9}},   {9600, {2013, 10, 17}, {2023, 10, 10}},
                              {9200, {2012, 9, 4}, {2023, 10, 10}},  {14393, {2016, 8, 2}, {2026, 1, 1}},
                              {17763, {2018, 11, 13}, {2026, 1, 1}}, {19044, {2021, 11, 16}, {2026, 1, 1}},
                              {20348, {2021, 8, 18}, {2026, 1, 1}},  {22000, {2021, 10, 4}, {2023, 10, 10}},
                              {6003, {2009, 4, 28}, {2022, 10, 11}}};
  for (const Version &v : versions)
    for (const Date &d : dates) {
      if (d < v.from || d > v.to)
        continue;
      bool found = false;
      for (const UpdateRelease &u : updateReleases())
        found = found ||
                (u.build == v.build && u.date == d && (u.kind == UpdateKind::Monthly || u.kind == UpdateKind::Rollup) &&
                 updateByKb("KB" + std::to_string(u.kb)).has_value());
      EXPECT_TRUE(found) << "build " << v.build << " has no monthly update dated " << d.str();
    }
}

TEST(PatchLevelTables, LegacyRowsCheckedAgainstTheirSources) {
  // Each update's own Microsoft support page (Windows 7 SP1 / Server 2008 R2 SP1 ESU): its
  // "Release Date" and "Version" (Monthly Rollup or Security-only update); sources in PatchLevels.cpp.
  struct Row {
    const char *kb, *date;
    UpdateKind kind;
  };
  const Row rows[] = {{"KB5012649", "2022-04-12", UpdateKind::SecurityOnly},
                      {"KB5014012", "2022-05-10", UpdateKind::Rollup},
                      {"KB5018454", "2022-10-11", UpdateKind::Rollup},
                      {"KB5020000", "2022-11-08", UpdateKind::Rollup},
                      {"KB5021288", "2022-12-13", UpdateKind::SecurityOnly},
                      // March 2020: "Apply Security Only update KB4541500 or Cumulative Update
                      // KB4540688" (Tenable's plugin citing Microsoft's two KB pages).
                      {"KB4540688", "2020-03-10", UpdateKind::Rollup},
                      {"KB4541500", "2020-03-10", UpdateKind::SecurityOnly}};
  for (const Row &r : rows) {
    auto u = updateByKb(r.kb);
    ASSERT_TRUE(u.has_value()) << r.kb;
    EXPECT_EQ(u->date.str(), r.date) << r.kb;
    EXPECT_EQ(u->kind, r.kind) << r.kb;
    EXPECT_EQ(u->build, 7601u) << r.kb;
  }
  // No source names this one: it was the March 2020 Security-only row by mistake.
  EXPECT_FALSE(updateByKb("KB4541503").has_value());
  // Each legacy KB is listed once.
  std::map<uint32_t, int> seen;
  for (const UpdateRelease &u : updateReleases())
    if (u.build == 7601 || u.build == 9200 || u.build == 9600)
      EXPECT_EQ(++seen[u.kb], 1) << "KB" << u.kb;
}

TEST(PatchLevelTables, RollupsComplete2019To2023) {
  // Every month from January 2019 to January 2023 has a Monthly Rollup and a Security-only update
  // of Windows 7, 8.1 and Server 2012, released on its second Tuesday.
  for (uint32_t build : {7601u, 9600u, 9200u})
    for (int y = 2019; y <= 2023; ++y)
      for (int m = 1; m <= 12 && (y < 2023 || m == 1); ++m) {
        int rollups = 0, securityOnly = 0;
        for (const UpdateRelease &u : updateReleases())
          if (u.build == build && u.date.year == y && u.date.month == m) {
            EXPECT_GE(u.date.day, 8);
            EXPECT_LE(u.date.day, 14);
            rollups += u.kind == UpdateKind::Rollup;
            securityOnly += u.kind == UpdateKind::SecurityOnly;
          }
        EXPECT_EQ(rollups, 1) << build << " " << y << "-" << m;
        EXPECT_EQ(securityOnly, 1) << build << " " << y << "-" << m;
      }
}

TEST(PatchLevelTables, UnknownKbNeverRaisesTheLevel) {
  std::vector<PatchCandidate> none;
  std::vector<ListedUpdate> listed{{"KB9999999", Date{2024, 1, 20}, {}}};
  PatchLevel level = decidePatchLevel(none, listed);
  EXPECT_FALSE(level.level.has_value());
  EXPECT_NE(level.unknownWhy.find("patched = "), std::string::npos);
  ASSERT_EQ(level.notes.size(), 2u);
  EXPECT_NE(level.notes[0].find("KB9999999"), std::string::npos);
  EXPECT_NE(level.notes[1].find("2024-01-20"), std::string::npos); // the install date bounds it from above
}

// ------------------------------------------------------------------------------------------------
// Real hosts: systeminfo + CurrentVersion -> date -> hardening phase

TEST(PatchLevelRealHosts, Windows7Patched2019HasNoHardening) {
  REQUIRE_REAL_CAPTURES(captures);
  // Windows 7 keeps no UBR: the level comes from the hotfix list (203 entries, the newest rollup
  // KB4486563 of 2019-02-12).
  fs::path folder =
      hostFolder("win7-2019", captures / "systeminfo" / "en-sk-locale-win7-nbpz41-utf16.txt",
                 currentVersionReg("Windows 7 Enterprise", "7601", std::nullopt, "", "Enterprise", "Client"));
  SnapshotIdentity id = readHost(folder);
  ASSERT_TRUE(id.patched.has_value());
  EXPECT_EQ(id.patched->value.str(), "2019-02-12");
  // KB4486563 (Monthly Rollup) or KB4486564 (Security-only), both of 2019-02-12.
  EXPECT_NE(id.patched->from.where.find("KB448656"), std::string::npos) << id.patched->from.where;
  EXPECT_GT(id.patched->from.line, 0u);
  Host h = hostFrom(id, "NBPZ41");
  EXPECT_FALSE(dd::sim::serverHardening(h).enforced);
  EXPECT_EQ(dd::sim::clientRaise(h, nullptr).level, 0);
}

TEST(PatchLevelRealHosts, Server2012R2Patched2019HasNoHardening) {
  REQUIRE_REAL_CAPTURES(captures);
  fs::path folder = hostFolder("2012r2-2019", captures / "systeminfo" / "en-wesng-srv_2012r2_u1_systeminfo2-156kb.txt");
  SnapshotIdentity id = readHost(folder);
  ASSERT_TRUE(id.patched.has_value());
  EXPECT_EQ(id.patched->value.str(), "2019-03-12"); // KB4489881, the March 2019 Monthly Rollup
  EXPECT_FALSE(dd::sim::serverHardening(hostFrom(id, "SRV")).enforced);
}

TEST(PatchLevelRealHosts, Windows10Patched2021IsInTheOptInPhase) {
  REQUIRE_REAL_CAPTURES(captures);
  fs::path folder =
      hostFolder("win10-2021", captures / "systeminfo" / "en-wesng-10_21H1_x64_enterprise.txt",
                 currentVersionReg("Windows 10 Enterprise", "19043", 1083, "21H1", "Enterprise", "Client"));
  SnapshotIdentity id = readHost(folder);
  ASSERT_TRUE(id.patched.has_value());
  // 19043.1083 is KB5004945, the out-of-band update of July 6, 2021 (also in the hotfix list).
  EXPECT_EQ(id.patched->value.str(), "2021-07-06");
  Host h = hostFrom(id, "DESKTOP-92B51CV");
  // Between 2021-06-08 and 2022-06-14: off unless enabled; clients raise the default level only.
  EXPECT_FALSE(dd::sim::serverHardening(h).enforced);
  h.dcom.requireIntegrityActivationAuthenticationLevel = Fact<int>{1, {}};
  EXPECT_TRUE(dd::sim::serverHardening(h).enforced);
  EXPECT_EQ(dd::sim::clientRaise(h, nullptr).level, 1);
}

TEST(PatchLevelRealHosts, Windows10RtmUnpatchedHasNoHardening) {
  REQUIRE_REAL_CAPTURES(captures);
  fs::path folder = hostFolder("win10-rtm", captures / "systeminfo" / "en-wesng-10_rtm_x64_pro_en-us.txt",
                               currentVersionReg("Windows 10 Pro", "10240", 16384, "", "Professional", "Client"));
  SnapshotIdentity id = readHost(folder);
  ASSERT_TRUE(id.patched.has_value());
  EXPECT_EQ(id.patched->value.str(), "2015-07-29"); // the first release of build 10240
  EXPECT_NE(id.patched->from.where.find("KB3074665"), std::string::npos) << "undated hotfixes are named";
  Host h = hostFrom(id, "DESKTOP-J4ED1CA");
  EXPECT_FALSE(dd::sim::serverHardening(h).enforced);
  EXPECT_EQ(dd::sim::clientRaise(h, nullptr).level, 0);
}

TEST(PatchLevelRealHosts, UndatableHostIsUnknownAndNotTakenAsPatched) {
  REQUIRE_REAL_CAPTURES(captures);
  // Vista SP1 with 174 hotfixes, none of them an update dcomdoctor can date, no CurrentVersion
  // export (Vista predates UBR and the tables' rollups).
  fs::path folder = hostFolder("vista-unknown", captures / "systeminfo" / "en-wesng-vista_x64_sp1.txt");
  SnapshotIdentity id = readHost(folder);
  EXPECT_FALSE(id.patched.has_value());
  ASSERT_TRUE(id.patchLevelUnknown.has_value());
  EXPECT_NE(id.patchLevelUnknown->value.find("currentversion"), std::string::npos);
  EXPECT_NE(id.patchLevelUnknown->from.file.find("systeminfo.txt"), std::string::npos);
  Host h = hostFrom(id, "VISTA");
  auto server = dd::sim::serverHardening(h);
  EXPECT_FALSE(server.enforced);
  EXPECT_NE(server.why.find("unknown"), std::string::npos) << server.why;
  EXPECT_EQ(dd::sim::clientRaise(h, nullptr).level, 0);
}

TEST(PatchLevelRealHosts, PowerShellExportsOfCurrentVersionAndUpdates) {
  // What collect.cmd writes with PowerShell (Export-Csv -NoTypeInformation, UTF-8 with a BOM):
  // a Windows 10 22H2 host on 19045.3086 (2023-06-13) whose update list also names an undated
  // servicing stack update installed later.
  fs::path folder = freshFolder("csv-2023");
  std::string bom = "\xEF\xBB\xBF";
  std::ofstream(folder / files::CurrentVersionCsv, std::ios::binary)
      << bom << "\"ProductName\",\"CurrentBuild\",\"UBR\",\"DisplayVersion\",\"EditionID\",\"InstallationType\"\r\n"
      << "\"Windows 10 Pro\",\"19045\",\"3086\",\"22H2\",\"Professional\",\"Client\"\r\n";
  std::ofstream(folder / files::Updates, std::ios::binary) << bom << "\"HotFixID\",\"Description\",\"InstalledOn\"\r\n"
                                                           << "\"KB5027215\",\"Security Update\",\"2023-06-20\"\r\n"
                                                           << "\"KB5028318\",\"Update\",\"2023-07-02\"\r\n";
  SnapshotIdentity id = readHost(folder);
  ASSERT_TRUE(id.patched.has_value());
  EXPECT_EQ(id.patched->value.str(), "2023-06-13");
  EXPECT_NE(id.patched->from.file.find("currentversion.csv"), std::string::npos);
  EXPECT_EQ(id.patched->from.line, 2u);
  EXPECT_NE(id.patched->from.where.find("2023-07-02"), std::string::npos) << id.patched->from.where;
  Host h = hostFrom(id, "HMI9");
  EXPECT_TRUE(dd::sim::serverHardening(h).enforced);
  EXPECT_EQ(dd::sim::clientRaise(h, nullptr).level, 2);
}

// ------------------------------------------------------------------------------------------------
// The prediction names the facts that fell back to defaults because a snapshot file is missing.

TEST(SnapshotGapsInPrediction, MissingOleRegIsNamedInTheFirstStep) {
  fs::path dir = freshFolder("plant-gaps");
  fs::copy(dd::test::sourceDir() / "examples" / "plant", dir, fs::copy_options::recursive);
  fs::remove(dir / "snapshots" / "OPCSRV" / "ole.reg");
  auto plant = readPlantFile(dir / "plant.toml");
  ASSERT_TRUE(plant.ok()) << plant.error().str();
  dd::sim::Simulator simulator(*plant);
  auto p = simulator.predict(dd::sim::Request{"HMI1", "opcuser", "", "OPCSRV", "Acme.OPCDA.1", false},
                             dd::sim::Options{true, false});
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_FALSE(p->connect.steps.empty());
  bool named = false;
  for (const std::string &e : p->connect.steps.front().evidence)
    named = named || (e.find("OPCSRV snapshot: no ole.reg") != std::string::npos &&
                      e.find("defaults of Windows Server 2019") != std::string::npos);
  EXPECT_TRUE(named);

  // --strict does not make a missing file an error, only an empty or unreadable one.
  std::ofstream(dir / "snapshots" / "HMI1" / "systeminfo.txt", std::ios::binary | std::ios::trunc);
  EXPECT_TRUE(readPlantFile(dir / "plant.toml").ok());
  auto strict = readPlantFile(dir / "plant.toml", PlantReadOptions{true, true});
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.error().str().find("systeminfo.txt"), std::string::npos) << strict.error().str();
  fs::remove_all(dir);
}

// ------------------------------------------------------------------------------------------------
// Domain members and accounts whose SID no file states.

TEST(SnapshotDomainMember, LoadsFromItsSnapshotAlone) {
  REQUIRE_REAL_CAPTURES(captures);
  fs::path dir = freshFolder("domain-member");
  fs::create_directories(dir / "NBPZ41");
  // A Windows 7 member of ad.tatrabanka.sk ("OS Configuration: Member Workstation").
  copyWritable(captures / "systeminfo" / "en-sk-locale-win7-nbpz41-utf16.txt", dir / "NBPZ41" / files::SystemInfo);
  std::ofstream(dir / "plant.toml") << "[[host]]\nname = \"NBPZ41\"\nsnapshot = \"NBPZ41\"\n";
  auto plant = readPlantFile(dir / "plant.toml");
  ASSERT_TRUE(plant.ok()) << plant.error().str();
  const Domain *d = plant->findDomain("AD");
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->sidKnown);
  EXPECT_NE(d->from.file.find("systeminfo.txt"), std::string::npos);
  const Host *h = plant->findHost("NBPZ41");
  ASSERT_NE(h, nullptr);
  bool noted = false;
  for (const auto &g : h->snapshotGaps)
    noted =
        noted || (g.value.find("domain AD") != std::string::npos && g.value.find("whoami /user") != std::string::npos);
  EXPECT_TRUE(noted);
  // The plant file naming a domain it does not declare is still an error.
  std::ofstream(dir / "plant.toml", std::ios::trunc) << "[[host]]\nname = \"X\"\ndomain = \"LINE3\"\n";
  EXPECT_FALSE(readPlantFile(dir / "plant.toml").ok());
  fs::remove_all(dir);
}

TEST(SnapshotDomainMember, AccountsWithoutWmicHaveUnknownDistinctSids) {
  fs::path dir = freshFolder("no-wmic");
  fs::copy(dd::test::sourceDir() / "examples" / "plant", dir, fs::copy_options::recursive);
  fs::remove(dir / "snapshots" / "OPCSRV" / "wmic-useraccount.txt"); // wmic is gone from Windows 11
  auto plant = readPlantFile(dir / "plant.toml");
  ASSERT_TRUE(plant.ok()) << plant.error().str();
  const Host *h = plant->findHost("OPCSRV");
  ASSERT_NE(h, nullptr);
  const Account *opcuser = h->findUser("opcuser");
  const Account *opcsvc = h->findUser("opcsvc");
  ASSERT_TRUE(opcuser && opcsvc);
  EXPECT_FALSE(opcuser->sidKnown);
  EXPECT_NE(opcuser->rid, 0u);
  EXPECT_NE(opcuser->rid, opcsvc->rid); // never one SID for two accounts
  EXPECT_TRUE(h->findUser("Administrator")->sidKnown);
  bool noted = false;
  for (const auto &g : h->snapshotGaps)
    noted =
        noted || (g.value.find("SID unknown for") != std::string::npos &&
                  g.value.find("opcuser") != std::string::npos && g.value.find("Get-LocalUser") != std::string::npos);
  EXPECT_TRUE(noted);
  // The plant names opcuser (with a password label only): the account's provenance stays the
  // snapshot's net user file.
  EXPECT_NE(opcuser->from.file.find("net-user-opcuser.txt"), std::string::npos) << opcuser->from.origin();
  fs::remove_all(dir);
}

TEST(SnapshotProvenance, PlantOnlyServerGetsTheSnapshotsIcaclsFacts) {
  fs::path dir = freshFolder("plant-only-server");
  fs::copy(dd::test::sourceDir() / "examples" / "plant", dir, fs::copy_options::recursive);
  // A second server the snapshot's clsid.reg does not register (no OPC category there), in the
  // folder OPCSRV's icacls-acme.txt lists; and one whose readers the plant file states.
  std::ofstream(dir / "plant.toml", std::ios::app)
      << "\n[[host]]\nname = \"OPCSRV2\"\nsnapshot = \"snapshots/OPCSRV\"\n\n"
         "[[host.server]]\nprogid = \"Acme.Other.1\"\nclsid = \"{11111111-2222-3333-4444-555555555555}\"\n"
         "exe = 'C:\\Program Files (x86)\\Acme\\other.exe'\n\n"
         "[[host.server]]\nprogid = \"Acme.Stated.1\"\nclsid = \"{11111111-2222-3333-4444-666666666666}\"\n"
         "exe = 'C:\\Program Files (x86)\\Acme\\stated.exe'\nexe_readers = [\"Administrators\"]\n";
  auto plant = readPlantFile(dir / "plant.toml");
  ASSERT_TRUE(plant.ok()) << plant.error().str();
  const Host *h = plant->findHost("OPCSRV2");
  ASSERT_NE(h, nullptr);
  const ComServer *other = h->findServer("Acme.Other.1");
  ASSERT_NE(other, nullptr);
  EXPECT_NE(other->exeReaders.from.file.find("icacls-acme.txt"), std::string::npos) << other->exeReaders.from.origin();
  EXPECT_GT(other->exeReaders.from.line, 0u);
  const ComServer *stated = h->findServer("Acme.Stated.1");
  ASSERT_NE(stated, nullptr);
  EXPECT_EQ(stated->exeReaders.value, std::vector<std::string>{"Administrators"});
  EXPECT_EQ(stated->exeReaders.from.kind, Provenance::Kind::PlantFile);
  // The accounts the plant names with a password label only cite the snapshot's net user file;
  // the label itself cites the plant file.
  const Account *opcsvc = plant->findHost("OPCSRV")->findUser("opcsvc");
  ASSERT_NE(opcsvc, nullptr);
  EXPECT_NE(opcsvc->from.file.find("net-user-opcsvc.txt"), std::string::npos) << opcsvc->from.origin();
  EXPECT_EQ(opcsvc->passwordProvenance().kind, Provenance::Kind::PlantFile);
  fs::remove_all(dir);
}
