// The command readers on every real capture in ../shared/real-captures (icacls, net user, net
// localgroup, query user, netsh advfirewall, auditpol, sc, wmic) in the languages there: each
// file reads, and the facts the snapshot takes are asserted for the files named here. A file
// added later is read too (it must read or fail with a located message naming its language).
#include "model/snapshot/Icacls.h"
#include "RealCaptures.h"

using namespace dd::model::snapshot;

namespace {

template <class Parse>
void readAll(const std::filesystem::path &dir, const std::string &kind, Parse parse) {
  auto files = dd::test::realCaptures(dir, kind);
  EXPECT_FALSE(files.empty()) << kind;
  for (const auto &path : files) {
    SCOPED_TRACE(path.filename().string());
    auto r = parse(dd::test::readFileBytes(path), path.filename().string());
    EXPECT_TRUE(r.ok()) << r.error().str();
  }
}

template <class Parse>
auto readOne(const std::filesystem::path &dir, const std::string &rel, Parse parse) {
  return parse(dd::test::readFileBytes(dir / rel), rel);
}

} // namespace

TEST(RealIcacls, EveryCaptureReads) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  readAll(dir, "icacls", parseIcacls);
}

TEST(RealIcacls, RussianNamesAndTrailer) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto r = readOne(dir, "icacls/ru-ru-win11-screen-everyone.txt", parseIcacls);
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].path, "screen");
  ASSERT_EQ(r->entries[0].aces.size(), 4u);
  EXPECT_EQ(r->entries[0].aces[0].principal, "Everyone");
  EXPECT_EQ(r->entries[0].aces[0].printedPrincipal, "Все");
  EXPECT_EQ(r->entries[0].aces[1].principal, "NT AUTHORITY\\SYSTEM");
  EXPECT_EQ(r->entries[0].aces[2].principal, "BUILTIN\\Administrators");
  EXPECT_EQ(r->processed, 1u);
  EXPECT_EQ(r->failed, 0u);
  auto rw = readOne(dir, "icacls/ru-ru-win11-nmapres-explicit-and-inherited.txt", parseIcacls);
  ASSERT_TRUE(rw.ok()) << rw.error().str();
  EXPECT_EQ(rw->entries[0].aces[1].principal, "RAM\\smallman");
  EXPECT_EQ(rw->entries[0].aces[1].mask, filerights::Read | filerights::Write);
  auto zorya = readOne(dir, "icacls/ru-ru-zorya-d-root.txt", parseIcacls);
  ASSERT_TRUE(zorya.ok()) << zorya.error().str();
  EXPECT_EQ(zorya->entries[0].aces[2].principal, "ZORYA\\Отдел 11 - все");
  EXPECT_TRUE(zorya->entries[0].aces[2].grantsReadExecute());
}

TEST(RealIcacls, ChineseTrailerAndGenericRights) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto r = readOne(dir, "icacls/zh-cn-d-log-folder.txt", parseIcacls);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->entries[0].path, "D:\\log");
  ASSERT_EQ(r->entries[0].aces.size(), 8u);
  EXPECT_TRUE(r->entries[0].aces[7].inheritOnly);
  EXPECT_EQ(r->entries[0].aces[7].mask, 0x80000000u | 0x20000000u);
  EXPECT_EQ(r->processed, 1u);
  EXPECT_TRUE(r->notes.empty());
  auto giddy = readOne(dir, "icacls/en-htb-giddy-unifi-video.txt", parseIcacls);
  ASSERT_TRUE(giddy.ok()) << giddy.error().str();
  EXPECT_FALSE(giddy->entries.empty());
}
