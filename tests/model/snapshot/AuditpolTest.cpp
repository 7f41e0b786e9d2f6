// auditpol /get /category:* (Vista and later, English UI): title, "Category/Subcategory  Setting"
// header, categories at the margin, subcategories indented two spaces. Format: Microsoft's
// "auditpol get" page (Windows Commands) and the subcategory names of "Advanced security audit
// policy settings".
#include "model/snapshot/Auditpol.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

static const char *kAuditpol = R"(System audit policy
Category/Subcategory                      Setting
System
  Security System Extension               No Auditing
  System Integrity                        Success and Failure
Logon/Logoff
  Logon                                   Success and Failure
  Logoff                                  Success
Object Access
  File System                             Failure
Account Logon
  Credential Validation                   No Auditing
)";

TEST(Auditpol, ReadsSubcategories) {
  auto p = parseAuditpol(crlf(kAuditpol), "auditpol.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->subcategories.size(), 6u);
  const AuditSubcategory *logon = p->find("Logon");
  ASSERT_NE(logon, nullptr);
  EXPECT_EQ(logon->category, "Logon/Logoff");
  EXPECT_TRUE(logon->success);
  EXPECT_TRUE(logon->failure);
  EXPECT_EQ(logon->line, 7u);
  EXPECT_FALSE(p->find("Logoff")->failure);
  EXPECT_TRUE(p->find("File System")->failure);
  EXPECT_FALSE(p->find("File System")->success);
  EXPECT_FALSE(p->find("Credential Validation")->success);
  EXPECT_EQ(p->find("nonexistent"), nullptr);
}

TEST(Auditpol, ReadsUtf16) {
  auto p = parseAuditpol(dd::test::utf16(kAuditpol), "auditpol.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  EXPECT_EQ(p->subcategories.size(), 6u);
}

TEST(Auditpol, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseAuditpol(crlf("Something else\n"), "a.txt"), "a.txt", 1, "not auditpol"));
  EXPECT_TRUE(
      failsAt(parseAuditpol(crlf("System audit policy\nCategory/Subcategory   Setting\n  Logon    Success\n"), "a.txt"),
              "a.txt", 3, "before any category"));
  EXPECT_TRUE(failsAt(
      parseAuditpol(crlf("System audit policy\nCategory/Subcategory   Setting\nLogon/Logoff\n  Logon   Sometimes\n"),
                    "a.txt"),
      "a.txt", 4, "Sometimes"));
  EXPECT_TRUE(
      failsAt(parseAuditpol(crlf("System audit policy\n"), "a.txt"), "a.txt", 1, "no \"Category/Subcategory\""));
  EXPECT_TRUE(failsAt(parseAuditpol(crlf("System audit policy\nCategory/Subcategory   Setting\nSystem\n"), "a.txt"),
                      "a.txt", 3, "no subcategories"));
}
