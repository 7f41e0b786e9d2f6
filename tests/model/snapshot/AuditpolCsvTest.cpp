// auditpol's CSV forms. The /backup file's layout is [MS-GPAC] 2.2 (the advanced audit policy
// file: header, one line per subcategory with its GUID and Setting Value, then the
// "Option:" lines); /r's is the same without Setting Value (Microsoft's "auditpol get" page,
// /r). No real capture of either is in ../shared/real-captures, so the samples here are written
// from those pages; the GUIDs are Ntsecapi.h's Audit_* constants.
#include "model/snapshot/AuditpolCsv.h"
#include "model/snapshot/Snapshot.h"
#include "SnapshotTestUtil.h"

#include <filesystem>
#include <fstream>

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;
namespace fs = std::filesystem;
namespace dm = dd::model;

namespace {

// A backup of an English host; the words of Inclusion Setting are only for people ([MS-GPAC]
// 2.2.1.3.1), so a Polish or Turkish host's file differs only in them and in Subcategory.
const char *kBackup =
    R"(Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value
OPCSRV,System,Security System Extension,{0CCE9211-69AE-11D9-BED3-505054503030},No Auditing,,0
OPCSRV,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},Success,,1
OPCSRV,System,File System,{0CCE921D-69AE-11D9-BED3-505054503030},No Auditing,,0
OPCSRV,System,Other Object Access Events,{0cce9227-69ae-11d9-bed3-505054503030},Failure,,2
OPCSRV,System,Credential Validation,{0CCE923F-69AE-11D9-BED3-505054503030},Success and Failure,,3
,System,Option:CrashOnAuditFail,,Disabled,,0
)";

const char *kReport = R"(Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting
OPCSRV,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},Success and Failure,
OPCSRV,System,Credential Validation,{0CCE923F-69AE-11D9-BED3-505054503030},No Auditing,
)";

} // namespace

TEST(AuditpolCsv, BackupIsReadByGuidAndNumber) {
  auto p = parseAuditpolCsv(crlf(kBackup), "auditpol-backup.csv");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->subcategories.size(), 5u); // the Option: line has no GUID
  const AuditSubcategory *logon = p->find("Logon");
  ASSERT_NE(logon, nullptr);
  EXPECT_EQ(logon->category, "Logon/Logoff");
  EXPECT_TRUE(logon->success);
  EXPECT_FALSE(logon->failure);
  EXPECT_EQ(logon->line, 3u);
  const AuditSubcategory *other = p->find("Other Object Access Events"); // lower-case GUID
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->category, "Object Access");
  EXPECT_TRUE(other->failure);
  EXPECT_TRUE(p->find("Credential Validation")->success);
  EXPECT_TRUE(p->find("Credential Validation")->failure);
  EXPECT_FALSE(p->find("File System")->failure);
  // A subcategory dcomdoctor does not read keeps its printed name and no category.
  EXPECT_EQ(p->find("Security System Extension")->category, "");
}

TEST(AuditpolCsv, NamesDoNotMatterOnlyGuidsAndNumbers) {
  // The same backup with every word replaced: what a Windows in any language writes.
  std::string other = kBackup;
  for (auto [from, to] : {std::pair{"Logon,", "Xyzzy,"}, std::pair{"Success,", "Plugh,"}})
    other.replace(other.find(from), std::string_view(from).size(), to);
  auto p = parseAuditpolCsv(dd::test::utf16(other), "auditpol-backup.csv");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_NE(p->find("Logon"), nullptr);
  EXPECT_EQ(p->find("Logon")->printedName, "Xyzzy");
  EXPECT_TRUE(p->find("Logon")->success);
}

TEST(AuditpolCsv, ReportFormTakesTheWordsOfTheTables) {
  auto p = parseAuditpolCsv(crlf(kReport), "auditpol-r.csv");
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_TRUE(p->find("Logon")->failure);
  EXPECT_FALSE(p->find("Credential Validation")->success);
}

TEST(AuditpolCsv, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseAuditpolCsv(crlf("a,b,c\n1,2,3\n"), "a.csv"), "a.csv", 1, "not auditpol CSV"));
  std::string badGuid = kReport;
  badGuid.replace(badGuid.find("{0CCE9215"), 9, "{0CCE921Z");
  EXPECT_TRUE(failsAt(parseAuditpolCsv(crlf(badGuid), "a.csv"), "a.csv", 2, "not a subcategory GUID"));
  std::string badValue = kBackup;
  badValue.replace(badValue.find(",,1\n"), 4, ",,7\n");
  EXPECT_TRUE(failsAt(parseAuditpolCsv(crlf(badValue), "a.csv"), "a.csv", 3, "not 0-4"));
  std::string unknownWord = kReport;
  unknownWord.replace(unknownWord.find("No Auditing"), 11, "Tak");
  EXPECT_TRUE(failsAt(parseAuditpolCsv(crlf(unknownWord), "a.csv"), "a.csv", 3, "\"Tak\""));
  EXPECT_TRUE(failsAt(parseAuditpolCsv(crlf("Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion "
                                            "Setting,Exclusion Setting,Setting Value\n,,Option:X,,Disabled,,0\n"),
                                       "a.csv"),
                      "a.csv", 2, "no subcategory"));
}

// A host whose auditpol.txt has words no table holds loads from auditpol-backup.csv, and the
// evidence cites the backup's line; without the backup the same folder stops on the word.
TEST(AuditpolCsv, BackupSpareTheHostTheTranslatedListing) {
  const fs::path dir = dd::test::copyOfExampleSnapshot("OPCSRV", "auditpol-backup");
  {
    std::ofstream out(dir / "auditpol.txt", std::ios::binary | std::ios::trunc);
    out << "Zasady inspekcji systemu\r\nKategoria/Podkategoria                   Ustawienie\r\nSystem\r\n"
           "  Logon                                   Tak\r\n";
  }
  auto load = [&](dm::Host &h) { return applySnapshot(h, dir, SnapshotOptions{true}); };
  dm::Host without = dd::test::hostWithDefaults("OPCSRV", dm::OsFamily::WindowsServer2019);
  EXPECT_TRUE(failsAt(load(without), (dir / "auditpol.txt").generic_string(), 4, "\"Tak\""));

  dd::test::writeBytes(dir / "auditpol-backup.csv", crlf(kBackup));
  dm::Host h = dd::test::hostWithDefaults("OPCSRV", dm::OsFamily::WindowsServer2019);
  auto r = load(h);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_FALSE(h.audit.logonFailures.value);
  EXPECT_EQ(h.audit.logonFailures.from.line, 3u);
  EXPECT_NE(h.audit.logonFailures.from.file.find("auditpol-backup.csv"), std::string::npos);
  EXPECT_NE(h.audit.logonFailures.from.where.find("auditpol /backup"), std::string::npos);
  EXPECT_TRUE(h.audit.accountLogonFailures.value);
  EXPECT_TRUE(h.audit.objectAccessFailures.value);
  EXPECT_EQ(h.audit.objectAccessFailures.from.line, 5u);
  fs::remove_all(dir);
}
