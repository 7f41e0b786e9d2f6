// A folder's readers from `icacls FOLDER /save` (sddl-<folder>.txt): the file's layout is
// Microsoft's icacls page (/save writes, for each object, its name and its DACL in SDDL, in
// UTF-16LE); the SDDL strings below are what Windows sets on a folder under Program Files
// (SYSTEM and Administrators full control, Users read and execute, CREATOR OWNER generic all
// inherit-only), written from the SDDL grammar of MS-DTYP 2.5.1. No real capture of /save is in
// ../shared/real-captures.
#include "model/snapshot/FolderAcl.h"
#include "model/snapshot/Snapshot.h"
#include "winsec/Sddl.h"
#include "SnapshotTestUtil.h"

#include <filesystem>
#include <fstream>

namespace dm = dd::model;
namespace ds = dd::model::snapshot;
namespace fs = std::filesystem;

namespace {

dd::winsec::SecurityDescriptor sd(const char *sddl) {
  auto parsed = dd::winsec::parseSddl(sddl);
  EXPECT_TRUE(parsed.ok()) << sddl;
  return parsed ? *parsed : dd::winsec::SecurityDescriptor{};
}

dm::Host host() {
  dm::Host h;
  h.name = "OPCSRV";
  h.os.value.family = dm::OsFamily::WindowsServer2019;
  h.machineSid.value = *dd::winsec::Sid::parse("S-1-5-21-1-2-3");
  dm::applyWindowsDefaults(h);
  dm::Account opcsvc;
  opcsvc.name = "opcsvc";
  opcsvc.rid = 1001;
  h.users.push_back(opcsvc);
  return h;
}

} // namespace

TEST(FolderAcl, ReadersFromSids) {
  const dm::Host h = host();
  auto readers = ds::folderReaders(sd("D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)"
                                      "(A;OICIIO;GA;;;CO)(A;;FR;;;S-1-5-21-1-2-3-1001)"
                                      "(A;OICI;FX;;;S-1-5-21-9-9-9-1104)"),
                                   h);
  // FR has no execute, so opcsvc is not a reader; CREATOR OWNER is inherit-only.
  EXPECT_EQ(readers, (std::vector<std::string>{"SYSTEM", "Administrators", "Users"}));
  readers = ds::folderReaders(sd("D:(A;;0x1200a9;;;S-1-5-21-1-2-3-1001)(A;;0x1200a9;;;S-1-5-21-9-9-9-1104)"), h);
  EXPECT_EQ(readers, (std::vector<std::string>{"opcsvc", "S-1-5-21-9-9-9-1104"}));
}

TEST(FolderAcl, DenyRemovesAndNullDaclGrantsEveryone) {
  const dm::Host h = host();
  EXPECT_EQ(ds::folderReaders(sd("D:(D;;0x20;;;BU)(A;;FA;;;BU)(A;;FA;;;SY)"), h), (std::vector<std::string>{"SYSTEM"}));
  EXPECT_EQ(ds::folderReaders(sd("O:BA"), h), (std::vector<std::string>{"Everyone"}));
}

// The example server's folder with its sddl-<folder>.txt: the readers come from the SIDs, cited
// to the sddl file, over the icacls listing; and a listing the reader cannot take (here a line
// that fits no shape, as a listing in words no table holds would) no longer stops the host.
TEST(FolderAcl, SavedAclWinsOverTheListing) {
  const fs::path dir = dd::test::copyOfExampleSnapshot("OPCSRV", "folder-acl");
  dd::test::writeBytes(dir / "sddl-acme.txt",
                       dd::test::utf16("Acme\nD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;IU)\n", false));
  dm::Host h = dd::test::hostWithDefaults("OPCSRV", dm::OsFamily::WindowsServer2019);
  auto r = ds::applySnapshot(h, dir, ds::SnapshotOptions{true});
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_FALSE(h.servers.empty());
  const dm::ComServer &s = h.servers.front();
  EXPECT_EQ(s.exeReaders.value, (std::vector<std::string>{"SYSTEM", "Administrators", "INTERACTIVE"}));
  EXPECT_NE(s.exeReaders.from.file.find("sddl-acme.txt"), std::string::npos);
  EXPECT_EQ(s.exeReaders.from.line, 2u);

  std::ofstream(dir / "icacls-acme.txt", std::ios::binary | std::ios::trunc) << "no ACL here\r\n";
  dm::Host again = dd::test::hostWithDefaults("OPCSRV", dm::OsFamily::WindowsServer2019);
  auto r2 = ds::applySnapshot(again, dir, ds::SnapshotOptions{true});
  ASSERT_TRUE(r2.ok()) << r2.error().str();
  EXPECT_EQ(again.servers.front().exeReaders.value, s.exeReaders.value);
  ASSERT_FALSE(again.snapshotGaps.empty());
  EXPECT_NE(again.snapshotGaps.back().value.find("sddl-acme.txt gives the folder's ACL"), std::string::npos);
  fs::remove_all(dir);
}
