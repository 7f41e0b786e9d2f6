// icacls PATH: the path and its first ACE on one line, further ACEs indented under the first,
// "PRINCIPAL:(flags)(rights)", a blank line, "Successfully processed N files; Failed processing M
// files". Format: Microsoft's "icacls" page (Windows Commands: simple rights F/M/RX/R/W/D/N,
// specific rights RD,WD,..., inheritance flags OI/CI/IO/NP/I) and its output on Windows 10.
#include "model/snapshot/Icacls.h"
#include "model/snapshot/IcaclsSave.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

static const char *kAcme = R"(C:\Program Files (x86)\Acme OPCSRV\opcsvc:(OI)(CI)(RX)
                            Everyone:(DENY)(W)
                            NT AUTHORITY\SYSTEM:(I)(M)
                            BUILTIN\Users:(I)(RX)
                            BUILTIN\Users:(I)(OI)(CI)(IO)(GR,GE)
                            CREATOR OWNER:(I)(OI)(CI)(IO)(F)

Successfully processed 1 files; Failed processing 0 files
)";

TEST(Icacls, ReadsAces) {
  auto out = parseIcacls(crlf(kAcme), "icacls-acme.txt");
  ASSERT_TRUE(out.ok()) << out.error().str();
  ASSERT_EQ(out->entries.size(), 1u);
  const IcaclsEntry &e = out->entries[0];
  EXPECT_EQ(e.path, "C:\\Program Files (x86)\\Acme");
  ASSERT_EQ(e.aces.size(), 6u);
  EXPECT_EQ(e.aces[0].principal, "OPCSRV\\opcsvc");
  EXPECT_TRUE(e.aces[0].grantsReadExecute());
  EXPECT_EQ(e.aces[0].mask, filerights::ReadExecute);
  EXPECT_TRUE(e.aces[1].deny);
  EXPECT_FALSE(e.aces[1].grantsReadExecute());
  EXPECT_EQ(e.aces[2].principal, "NT AUTHORITY\\SYSTEM");
  EXPECT_TRUE(e.aces[2].inherited);
  EXPECT_TRUE(e.aces[2].grantsReadExecute()); // M includes read and execute
  EXPECT_EQ(e.aces[3].line, 4u);
  EXPECT_TRUE(e.aces[4].inheritOnly);
  EXPECT_FALSE(e.aces[4].grantsReadExecute()); // inherit-only: not the folder itself
  EXPECT_EQ(e.aces[4].mask, 0x80000000u | 0x20000000u);
  EXPECT_EQ(out->processed, 1u);
  EXPECT_EQ(out->failed, 0u);
}

TEST(Icacls, SingleAceAndSpecificRights) {
  auto out = parseIcacls(crlf("C:\\Acme Files\\bin BUILTIN\\Users:(RD,X,RA)\n\nSuccessfully processed 1 files; Failed "
                              "processing 0 files\n"),
                         "i.txt");
  ASSERT_TRUE(out.ok()) << out.error().str();
  ASSERT_EQ(out->entries.size(), 1u);
  EXPECT_EQ(out->entries[0].path, "C:\\Acme Files\\bin");
  EXPECT_EQ(out->entries[0].aces[0].principal, "BUILTIN\\Users");
  EXPECT_EQ(out->entries[0].aces[0].mask, 0x1u | 0x20u | 0x80u);
  EXPECT_TRUE(out->entries[0].aces[0].grantsReadExecute());
}

TEST(Icacls, MissingPathIsAFact) {
  auto out = parseIcacls(crlf("C:\\Program Files\\Gone: The system cannot find the file specified.\nSuccessfully "
                              "processed 0 files; Failed processing 1 files\n"),
                         "i.txt");
  ASSERT_TRUE(out.ok()) << out.error().str();
  ASSERT_EQ(out->entries.size(), 1u);
  EXPECT_EQ(out->entries[0].path, "C:\\Program Files\\Gone");
  ASSERT_TRUE(out->entries[0].error.has_value());
  EXPECT_EQ(out->failed, 1u);
}

TEST(Icacls, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseIcacls(crlf("C:\\A BUILTIN\\Users:(RX)\n      BUILTIN\\Guests-RX\n"), "i.txt"), "i.txt", 2,
                      "PRINCIPAL:(rights)"));
  EXPECT_TRUE(failsAt(parseIcacls(crlf("C:\\A BUILTIN\\Users:(RX\n"), "i.txt"), "i.txt", 1, "unbalanced"));
  EXPECT_TRUE(failsAt(parseIcacls(crlf("C:\\A BUILTIN\\Users:(QQ)\n"), "i.txt"), "i.txt", 1, "unknown right"));
  EXPECT_TRUE(failsAt(parseIcacls(crlf("C:\\A BUILTIN\\Users:(OI)(CI)\n"), "i.txt"), "i.txt", 1, "no rights"));
  EXPECT_TRUE(failsAt(parseIcacls(crlf("    BUILTIN\\Users:(RX)\n"), "i.txt"), "i.txt", 1, "before any path"));
  EXPECT_TRUE(failsAt(parseIcacls(crlf("nonsense\n"), "i.txt"), "i.txt", 1, "PATH"));
}

// A missing trailer (a copy without it) and text after it are notes, not errors.
TEST(Icacls, TrailerProblemsAreNotes) {
  auto cut = parseIcacls(crlf("C:\\A BUILTIN\\Users:(RX)\n"), "i.txt");
  ASSERT_TRUE(cut.ok()) << cut.error().str();
  ASSERT_EQ(cut->notes.size(), 1u);
  EXPECT_EQ(cut->notes[0].line, 1u);
  auto after = parseIcacls(
      crlf("C:\\A BUILTIN\\Users:(RX)\n\nSuccessfully processed 1 files; Failed processing 0 files\nC:\\>\n"), "i.txt");
  ASSERT_TRUE(after.ok()) << after.error().str();
  ASSERT_EQ(after->notes.size(), 1u);
  EXPECT_EQ(after->notes[0].line, 4u);
  EXPECT_EQ(after->processed, 1u);
}

// Inside a specific-rights list icacls prints DELETE as D and READ_CONTROL as Rc, and a list may
// hold simple rights ("(R,W)"). Microsoft's icacls page lists DE and RC; Windows prints D and Rc.
TEST(Icacls, EveryRightTokenInLists) {
  auto r =
      parseIcacls(crlf("C:\\A BUILTIN\\Users:(D,Rc,WDAC,WO,S,AS,MA)\n"
                       "     BUILTIN\\Guests:(R,W)\n\nSuccessfully processed 1 files; Failed processing 0 files\n"),
                  "i.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->entries[0].aces.size(), 2u);
  EXPECT_EQ(r->entries[0].aces[0].mask,
            0x10000u | 0x20000u | 0x40000u | 0x80000u | 0x100000u | 0x1000000u | 0x2000000u);
  EXPECT_EQ(r->entries[0].aces[1].mask, filerights::Read | filerights::Write);
}

// icacls /save: a name line and an SDDL line per object, UTF-16LE (Microsoft's icacls page:
// /save stores the DACLs in a file for /restore). The SDDL here is a typical program folder's.
TEST(IcaclsSave, NameAndSddlPairs) {
  auto r = parseIcaclsSave(dd::test::utf16("Acme\nD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)\n"),
                           "sddl-Acme.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].name, "Acme");
  EXPECT_EQ(r->entries[0].line, 2u);
  EXPECT_TRUE(failsAt(parseIcaclsSave(dd::test::utf16("Acme\n"), "s.txt"), "s.txt", 1, "no SDDL"));
  EXPECT_TRUE(
      failsAt(parseIcaclsSave(dd::test::utf16("Acme\nnot sddl at all\n"), "s.txt"), "s.txt", 2, "SDDL expected"));
}
