// systeminfo on every real capture in ../shared/real-captures/systeminfo (English, English UI with
// Slovak locale in OEM code page and UTF-16, French, Spanish saved as mojibake UTF-8, Chinese):
// each one reads, and the facts the snapshot takes from it are asserted per file.
#include "model/snapshot/SystemInfo.h"
#include "RealCaptures.h"

#include <functional>
#include <map>

using namespace dd::model::snapshot;

namespace {

struct Expected {
  std::string host, osStart, domain;
  bool member;
  size_t hotfixes, declared;
  bool noted; // a note about a short list or a cut file
  std::string firstIPv4;
};

const std::map<std::string, Expected> &expectations() {
  static const std::map<std::string, Expected> m{
      {"en-sk-locale-win10-nbpz35-oem.txt",
       {"", "Microsoft Windows 10 Enterprise", "ad.tatrabanka.sk", true, 3, 3, false, ""}},
      {"en-wesng-7_sp1_x64_enterprise_en-us_20190305-273kb.txt",
       {"", "Microsoft Windows 7 Enterprise", "WORKGROUP", false, 245, 273, true, ""}},
      {"en-wesng-7_sp1_x64_enterprise_en-us_B-271kb.txt",
       {"", "Microsoft Windows 7 Enterprise", "WORKGROUP", false, 245, 271, true, ""}},
      {"en-wesng-srv_2008_rtm_x86_standard_en-us.txt",
       {"", "Microsoft Windows Server 2008 Standard", "WORKGROUP", false, 1, 1, false, ""}},
      {"en-wesng-vista_x64_sp1.txt",
       {"", "Microsoft Windows Vista Enterprise", "WORKGROUP", false, 174, 174, false, ""}},
      {"en-wesng-srv_2012r2_u1_systeminfo2-156kb.txt",
       {"", "Microsoft Windows Server 2012 R2 Standard", "nuggetlab.com", true, 156, 156, false, ""}},
      {"en-sk-locale-win7-nbpz41-utf16.txt", {"", "Microsoft Windows 7 Enterprise", "", true, 203, 203, false, ""}},
      {"es-es-win10-1809-proeducation.txt", {"", "Microsoft Windows 10 Pro Education", "", false, 11, 11, false, ""}},
      {"fr-fr-win10-22h2-pc99-capsule-corp.txt",
       {"PC99", "Microsoft Windows 10 Professionnel", "capsule.corp", true, 8, 8, false, ""}},
      {"zh-cn-srv2012r2-srv-web-kit.txt",
       {"SRV-WEB-KIT", "Microsoft Windows Server 2012 R2 Datacenter", "rootkit.org", true, 31, 31, false,
        "192.168.3.73"}},
      {"zh-cn-win10-1507-cut-by-author.txt", {"xxx-PC", "Microsoft Windows 10", "", false, 0, 0, true, ""}},
      {"zh-cn-win7-vulnstack-stu1-webshell.txt",
       {"STU1", "Microsoft Windows 7", "god.org", true, 4, 4, false, "192.168.52.143"}},
  };
  return m;
}

} // namespace

TEST(RealSystemInfo, EveryCaptureReads) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  size_t checked = 0;
  for (const auto &path : dd::test::realCaptures(dir, "systeminfo")) {
    SCOPED_TRACE(path.filename().string());
    auto si = parseSystemInfo(dd::test::readFileBytes(path), path.filename().string());
    ASSERT_TRUE(si.ok()) << si.error().str();
    EXPECT_FALSE(si->osName.empty());
    EXPECT_EQ(si->osName.find("\xC2\xAE"), std::string::npos);
    EXPECT_NE(si->osVersion.find_first_of("0123456789"), std::string::npos) << si->osVersion;
    // The list is as long as announced, or a note says why not.
    if (si->hotfixes.size() != si->declaredHotfixes)
      EXPECT_FALSE(si->notes.empty());
    auto it = expectations().find(path.filename().string());
    if (it == expectations().end())
      continue;
    const Expected &e = it->second;
    ++checked;
    if (!e.host.empty())
      EXPECT_EQ(si->hostName, e.host);
    EXPECT_EQ(si->osName.substr(0, e.osStart.size()), e.osStart);
    if (!e.domain.empty())
      EXPECT_EQ(si->domain, e.domain);
    EXPECT_EQ(si->domainMember(), e.member) << si->osConfiguration;
    EXPECT_EQ(si->hotfixes.size(), e.hotfixes);
    EXPECT_EQ(si->declaredHotfixes, e.declared);
    EXPECT_EQ(!si->notes.empty(), e.noted);
    if (!e.firstIPv4.empty()) {
      ASSERT_FALSE(si->networkCards.empty());
      ASSERT_FALSE(si->networkCards[0].addresses.empty());
      EXPECT_EQ(si->networkCards[0].addresses[0], e.firstIPv4);
      EXPECT_FALSE(si->networkCards[0].connectionName.empty());
    }
  }
  EXPECT_GT(checked, 0u);
}

// The French capture: every label translated, the fields still found by position.
TEST(RealSystemInfo, FrenchFieldsByPosition) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto path = dir / "systeminfo" / "fr-fr-win10-22h2-pc99-capsule-corp.txt";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << path << " not present";
  auto si = parseSystemInfo(dd::test::readFileBytes(path), "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->osConfiguration, "Member Workstation");
  EXPECT_EQ(si->role, MachineRole::MemberWorkstation);
  const NetField *d = si->field("Domain");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->printed, "Domaine");
  EXPECT_EQ(d->line, 31u);
  EXPECT_EQ(si->hotfixes.back().id, "KB5029709");
}

// The Spanish capture was CP850 console bytes shown as Latin-1 and saved as UTF-8; the reader
// reads the bytes back as CP850.
TEST(RealSystemInfo, SpanishMojibakeRepaired) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto path = dir / "systeminfo" / "es-es-win10-1809-proeducation.txt";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << path << " not present";
  auto si = parseSystemInfo(dd::test::readFileBytes(path), "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->field("OS Configuration")->printed, "Configuración del sistema operativo");
  EXPECT_EQ(si->role, MachineRole::StandaloneWorkstation);
  EXPECT_EQ(si->osVersion, "10.0.17763 N/D Compilación 17763");
}
