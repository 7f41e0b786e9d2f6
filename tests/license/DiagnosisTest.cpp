// The license release diagnosis on the examples (one plant per cause of the tech note and a
// healthy one): each diagnosed as expected with its evidence and event, its fixes proven, and
// the plant with the fixes applied healthy. Passwords and labels never appear in the output.
#include "model/PlantReader.h"
#include "support/Conformance.h"
#include "model/web/WebFacts.h"
#include "report/LicenseReport.h"
#include "sim/license/Output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <sstream>

namespace {

using namespace dd;
using namespace dd::sim::license;

std::string licenseExample(const std::string &name) {
  return std::string(DCOMDOCTOR_SOURCE_DIR) + "/examples/license/" + name;
}

Prescription prescribed(const std::string &name) {
  auto plant = model::readPlantFile(licenseExample(name + "/plant.toml"));
  EXPECT_TRUE(plant) << (plant ? "" : plant.error().str());
  auto p = prescribe(*plant, "WIS01");
  EXPECT_TRUE(p) << (p ? "" : p.error().str());
  return *p;
}

std::vector<std::string> causes(const Diagnosis &d) {
  std::vector<std::string> out;
  for (const auto &c : d.causes)
    out.push_back(causeKey(c.id));
  return out;
}
std::vector<std::string> fixes(const Prescription &p) {
  std::vector<std::string> out;
  for (const auto &f : p.fixes)
    out.push_back(f.key);
  return out;
}
bool contains(const std::vector<std::string> &lines, const std::string &needle) {
  for (const auto &l : lines)
    if (l.find(needle) != std::string::npos)
      return true;
  return false;
}

struct Expected {
  const char *example;
  std::vector<std::string> causes;
  std::vector<std::string> fixes; // in the note's order; the last one makes it healthy
  const char *evidence;           // a piece of the first cause's evidence
  bool eventWritten;
};

const Expected kExamples[] = {
    {"healthy", {}, {}, "", false},
    {"template-account", {"anonymous-logon"}, {"quick"}, "names IUSR_WISOLD, which is not an account of WIS01", true},
    {"stale-root-password",
     {"anonymous-logon"},
     {"quick", "additional", "deep"},
     "the password kept at /LM/W3SVC/1/ROOT (",
     true},
    {"guests-denied", {"logon-right"}, {"additional"}, "SeDenyNetworkLogonRight", true},
    {"everyone-removed", {"complus-role"}, {"role"}, "no role admits WIS01\\IUSR_WIS01", false},
    {"role-not-assigned", {"complus-role"}, {"role"}, "holds Everyone", false},
    {"iis7-pool-identity", {"complus-role"}, {"role"}, "no role admits IIS APPPOOL\\WIS", false},
    {"onend-not-anonymous", {"complus-role"}, {"role"}, "no role admits NT AUTHORITY\\NETWORK SERVICE", false},
    {"missing-hotfix", {"hotfix"}, {"hotfix"}, "KB934903 is not among its hotfixes", false},
};

TEST(LicenseExamples, EachIsDiagnosedAsExpectedAndItsFixesMakeItHealthy) {
  for (const Expected &x : kExamples) {
    SCOPED_TRACE(x.example);
    Prescription p = prescribed(x.example);
    EXPECT_EQ(causes(p.diagnosis), x.causes);
    EXPECT_EQ(fixes(p), x.fixes);
    if (!x.causes.empty())
      EXPECT_TRUE(contains(p.diagnosis.causes[0].evidence, x.evidence));
    EXPECT_EQ(p.diagnosis.event.written, x.eventWritten);
    for (size_t i = 0; i < p.fixes.size(); ++i)
      EXPECT_EQ(p.fixes[i].healthyAfter, i + 1 == p.fixes.size()) << p.fixes[i].key;
    auto fixed = diagnose(p.fixedPlant, "WIS01");
    ASSERT_TRUE(fixed);
    EXPECT_TRUE(fixed->healthy());
    EXPECT_EQ(p.verification.size(), 5u);
    EXPECT_EQ(!p.hardening.empty(), p.diagnosis.holds(CauseId::ComPlusRole));
  }
}

TEST(LicenseExamples, TheEventIsTheTechNotesTextOrNone) {
  Prescription p = prescribed("stale-root-password");
  EXPECT_EQ(p.diagnosis.event.text, "Failed to impersonate the Anonymous User for ASP Application "
                                    "/LM/W3SVC/1/Root/Wonderware. Global.ASA OnEnd routines will not be executed.");
  Prescription role = prescribed("everyone-removed");
  EXPECT_EQ(role.diagnosis.event.text, "none");
  EXPECT_NE(role.diagnosis.event.why.find("AspErrorsToNTLog = false"), std::string::npos);
}

TEST(LicenseExamples, AspErrorsToNtLogOnWritesTheScriptError) {
  auto plant = model::readPlantFile(licenseExample("everyone-removed/plant.toml"));
  ASSERT_TRUE(plant);
  auto web = std::make_shared<model::WebFacts>(*plant->hosts[0].web);
  web->iis->findNode("/LM/W3SVC")->aspErrorsToNTLog = model::iis::Setting<bool>{true, 12};
  plant->hosts[0].web = web;
  auto d = diagnose(*plant, "WIS01");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->event.written);
  EXPECT_NE(d->event.text.find("Permission denied"), std::string::npos);
}

TEST(LicenseExamples, EveryoneIncludesAnonymousDoesNotChangeTheRoleCheck) {
  Prescription p = prescribed("everyone-removed");
  ASSERT_EQ(p.hardening.size(), 3u);
  EXPECT_NE(p.hardening[1].find("gives the same answer"), std::string::npos);
  EXPECT_NE(p.hardening[2].find("keep EveryoneIncludesAnonymous off"), std::string::npos);
}

TEST(LicenseExamples, ThePasswordLevelsSayEqualOrDifferentNeverTheValue) {
  Prescription p = prescribed("stale-root-password");
  ASSERT_EQ(p.diagnosis.passwordLevels.size(), 2u);
  EXPECT_NE(p.diagnosis.passwordLevels[1].find("differs from /LM/W3SVC"), std::string::npos);
  EXPECT_NE(p.diagnosis.passwordLevels[1].find("used here"), std::string::npos);
}

TEST(LicenseExamples, NoSecretIsPrinted) {
  for (const Expected &x : kExamples) {
    SCOPED_TRACE(x.example);
    Prescription p = prescribed(x.example);
    PoolParams params;
    params.days = 2;
    PoolComparison c = comparePools(p.diagnosis, params);
    std::string all = formatPrescription(p) + prescriptionJson(p).dump() + report::licenseHtml(p, &c);
    for (const char *secret : {"iusr-pw", "iwam-pw", "old-iusr-pw", "4963446270000000240000004000000017f6",
                               "49634462700000002400000040000000a5b4", "dcomdoctor: one new password"})
      EXPECT_EQ(all.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(dd::test::readFileText(licenseExample("stale-root-password/MetaBase.xml"))
                .find("49634462700000002400000040000000a5b4"),
            std::string::npos);
}

// Hand-made plants for the rules the examples do not show.
model::Plant plantFrom(const std::string &toml) {
  auto p = model::parsePlant(toml, licenseExample("healthy/plant.toml"), licenseExample("healthy"));
  EXPECT_TRUE(p) << (p ? "" : p.error().str());
  return *p;
}

const char *kBase = R"(
[[host]]
name = "WIS01"
os = "windows-server-2003"
hotfixes = ["KB934903"]
%RIGHTS%
[[host.user]]
name = "IUSR_WIS01"
password = "iusr-pw"
groups = ["Guests"]
%USER%
[host.iis]
metabase = "MetaBase.xml"
application = "/LM/W3SVC/1/Root/Wonderware"
anonymous_password = { "/LM/W3SVC" = "iusr-pw" }
[host.complus]
catalog = "complus-catalog.txt"
release_component = "WIS.LicenseRelease.1"
)";

std::string with(std::string base, const std::string &rights, const std::string &user) {
  base.replace(base.find("%RIGHTS%"), 8, rights);
  base.replace(base.find("%USER%"), 6, user);
  return base;
}

TEST(LicenseRules, ALockedOutAccountIsCauseOneAndTheAdditionalStepsUnlockIt) {
  auto plant = plantFrom(with(kBase, "", "locked = true"));
  auto p = prescribe(plant, "WIS01");
  ASSERT_TRUE(p);
  EXPECT_EQ(causes(p->diagnosis), std::vector<std::string>{"anonymous-logon"});
  EXPECT_TRUE(contains(p->diagnosis.causes[0].evidence, "0xC0000234"));
  EXPECT_EQ(fixes(*p), (std::vector<std::string>{"quick"})); // iisreset re-creates it unlocked
  EXPECT_TRUE(p->fixes.back().healthyAfter);
}

TEST(LicenseRules, AnAllowRightThatLeavesOutTheAccountRefusesTheLogon) {
  auto plant = plantFrom(with(kBase, "user_rights = { SeNetworkLogonRight = [\"Administrators\"] }", ""));
  auto d = diagnose(plant, "WIS01");
  ASSERT_TRUE(d);
  EXPECT_EQ(causes(*d), std::vector<std::string>{"logon-right"});
  EXPECT_TRUE(contains(d->causes[0].evidence, "SeNetworkLogonRight"));
}

TEST(LicenseRules, ADisabledAccountIsCauseOne) {
  auto d = diagnose(plantFrom(with(kBase, "", "enabled = false")), "WIS01");
  ASSERT_TRUE(d);
  EXPECT_EQ(causes(*d), std::vector<std::string>{"anonymous-logon"});
  EXPECT_TRUE(contains(d->causes[0].evidence, "0xC0000072"));
}

TEST(LicenseRules, TheApplicationDefaultsToTheFirstBelowASiteRootAndAspNamesItByMetabasePath) {
  std::string text = with(kBase, "", "");
  text.erase(text.find("application = "),
             text.find('\n', text.find("application = ")) - text.find("application = ") + 1);
  auto d = diagnose(plantFrom(text), "WIS01");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->application, "/LM/W3SVC/1/ROOT/Wonderware");
  Prescription iis7 = prescribed("iis7-pool-identity");
  EXPECT_EQ(iis7.diagnosis.aspApplicationId, "/LM/W3SVC/1/ROOT/Wonderware");
  EXPECT_EQ(iis7.diagnosis.onEndIdentity, "IIS APPPOOL\\WIS");
}

// A host snapshot folder with collect.cmd's IIS and COM+ files and a real systeminfo capture
// (../shared/real-captures): the IIS configuration, the catalog and the hotfixes come from it.
TEST(LicenseRules, TheSnapshotFolderGivesTheIisComPlusAndHotfixFacts) {
  auto captures = std::filesystem::path(DCOMDOCTOR_SOURCE_DIR) / ".." / "shared" / "real-captures" / "systeminfo";
  auto systeminfo = captures / "en-wesng-srv_2012r2_u1_systeminfo2-156kb.txt";
  if (!std::filesystem::exists(systeminfo))
    GTEST_SKIP() << systeminfo << " not found: skipped";
  auto dir = std::filesystem::temp_directory_path() / ("dd-license-snap-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "snap");
  std::filesystem::copy_file(systeminfo, dir / "snap" / "systeminfo.txt");
  std::filesystem::copy_file(licenseExample("iis7-pool-identity/applicationHost.config"),
                             dir / "snap" / "iis-applicationHost.config");
  std::filesystem::copy_file(licenseExample("iis7-pool-identity/complus-catalog.txt"),
                             dir / "snap" / "complus-catalog.txt");
  auto plant = model::parsePlant("[[host]]\nname = \"WIS01\"\ndomain = \"WORKGROUP\"\nsnapshot = \"snap\"\n"
                                 "[host.iis]\napplication = \"Default Web Site/Wonderware\"\n"
                                 "[host.complus]\nrelease_component = \"WIS.LicenseRelease.1\"\n",
                                 (dir / "plant.toml").string(), dir);
  std::filesystem::path keep = dir;
  ASSERT_TRUE(plant) << plant.error().str();
  const auto &web = *plant->hosts[0].web;
  ASSERT_TRUE(web.iis && web.complus && web.hotfixes);
  EXPECT_FALSE(web.hotfixes->value.empty());
  auto d = diagnose(*plant, "WIS01");
  std::filesystem::remove_all(keep);
  ASSERT_TRUE(d);
  EXPECT_EQ(causes(*d), std::vector<std::string>{"complus-role"});
  EXPECT_EQ(d->onEndIdentity, "IIS APPPOOL\\WIS");
}

TEST(LicenseRules, ErrorsForAMissingHostOrIisConfiguration) {
  auto plant = plantFrom(with(kBase, "", ""));
  auto e = diagnose(plant, "NOPE");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("no host \"NOPE\""), std::string::npos);
  auto bare = model::parsePlant("[[host]]\nname = \"WIS01\"\n", "p.toml", ".");
  ASSERT_TRUE(bare);
  auto e2 = diagnose(*bare, "WIS01");
  ASSERT_FALSE(e2);
  EXPECT_NE(e2.error().message.find("has no IIS configuration"), std::string::npos);
}

TEST(LicenseRules, PlantKeyErrorsNameTheLine) {
  auto e = model::parsePlant("[[host]]\nname = \"WIS01\"\n[host.iis]\nmetabase = \"MetaBase.xml\"\nbogus = 1\n",
                             "p.toml", licenseExample("healthy"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().line, 5u);
  EXPECT_NE(e.error().message.find("unknown key \"bogus\""), std::string::npos);
  auto missing = model::parsePlant("[[host]]\nname = \"WIS01\"\n[host.iis]\nmetabase = \"nope.xml\"\n", "p.toml", ".");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().line, 4u);
}

} // namespace
