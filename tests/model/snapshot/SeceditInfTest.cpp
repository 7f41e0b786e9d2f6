// secedit /export /cfg: the template as secedit writes it (UTF-16LE with BOM, CRLF). Layout of
// the sections: MS-GPSB 2.2 (Security Protocol Extension: [System Access], [Event Audit],
// [Registry Values] "path=type,data", [Privilege Rights] "Right = *SID,name"), and secedit's
// own [Unicode] / [Version] sections.
#include "model/snapshot/SeceditInf.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::failsAt;
using dd::test::utf16;

static const char *kInf = R"([Unicode]
Unicode=yes
[System Access]
MinimumPasswordAge = 0
NewGuestName = "Guest"
EnableGuestAccount = 0
[Event Audit]
AuditLogonEvents = 3
AuditAccountLogon = 2
AuditObjectAccess = 0
[Registry Values]
MACHINE\System\CurrentControlSet\Control\Lsa\ForceGuest=4,0
MACHINE\System\CurrentControlSet\Control\Lsa\EveryoneIncludesAnonymous=4,1
MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Winlogon\LegalNoticeCaption=1,"Line 3"
MACHINE\System\CurrentControlSet\Control\SecurePipeServers\Winreg\AllowedExactPaths\Machine=7,System\CurrentControlSet\Control\ProductOptions,Software\Microsoft\Windows NT\CurrentVersion
[Privilege Rights]
SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545
SeDenyNetworkLogonRight = Guest,OPCSRV\opcsvc
[Version]
signature="$CHICAGO$"
Revision=1
)";

TEST(SeceditInf, ReadsTheFourSections) {
  auto inf = parseSeceditInf(utf16(kInf), "secedit.inf");
  ASSERT_TRUE(inf.ok()) << inf.error().str();
  ASSERT_NE(inf->findSystemAccess("NewGuestName"), nullptr);
  EXPECT_EQ(inf->findSystemAccess("NewGuestName")->value, "Guest");
  EXPECT_EQ(inf->findSystemAccess("EnableGuestAccount")->line, 6u);
  ASSERT_NE(inf->findEventAudit("AuditLogonEvents"), nullptr);
  EXPECT_EQ(inf->findEventAudit("AuditLogonEvents")->value, "3");
  EXPECT_EQ(inf->findEventAudit("AuditAccountLogon")->line, 9u);

  auto *fg = inf->findRegistryValue("machine\\system\\currentcontrolset\\control\\lsa\\forceguest");
  ASSERT_NE(fg, nullptr);
  EXPECT_EQ(fg->type, 4u);
  EXPECT_EQ(fg->dword(), 0u);
  EXPECT_EQ(fg->line, 12u);
  EXPECT_EQ(
      inf->findRegistryValue("MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\EveryoneIncludesAnonymous")->dword(),
      1u);
  auto *caption =
      inf->findRegistryValue("MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\LegalNoticeCaption");
  ASSERT_NE(caption, nullptr);
  EXPECT_EQ(caption->data, "Line 3");
  EXPECT_FALSE(caption->dword().has_value());

  auto *net = inf->findPrivilege("SeNetworkLogonRight");
  ASSERT_NE(net, nullptr);
  ASSERT_EQ(net->principals.size(), 3u);
  EXPECT_EQ(net->principals[1].sid->str(), "S-1-5-32-544");
  auto *deny = inf->findPrivilege("SeDenyNetworkLogonRight");
  ASSERT_NE(deny, nullptr);
  EXPECT_FALSE(deny->principals[0].sid.has_value());
  EXPECT_EQ(deny->principals[1].name, "OPCSRV\\opcsvc");
  EXPECT_EQ(deny->line, 18u);
}

TEST(SeceditInf, AlsoReadsUtf8) {
  auto inf = parseSeceditInf(dd::test::crlf(kInf), "secedit.inf");
  ASSERT_TRUE(inf.ok()) << inf.error().str();
  EXPECT_EQ(inf->privilegeRights.size(), 2u);
}

TEST(SeceditInf, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseSeceditInf(utf16("MinimumPasswordAge = 0\n"), "s.inf"), "s.inf", 1, "before any [section]"));
  EXPECT_TRUE(
      failsAt(parseSeceditInf(utf16("[Unicode]\nUnicode=yes\n[System Access\n"), "s.inf"), "s.inf", 3, "closing ']'"));
  EXPECT_TRUE(
      failsAt(parseSeceditInf(utf16("[System Access]\nMinimumPasswordAge\n"), "s.inf"), "s.inf", 2, "Name = value"));
  EXPECT_TRUE(
      failsAt(parseSeceditInf(utf16("[Event Audit]\nAuditLogonEvents = 7\n"), "s.inf"), "s.inf", 2, "0 (none)"));
  EXPECT_TRUE(
      failsAt(parseSeceditInf(utf16("[Registry Values]\nMACHINE\\X\\Y=zero\n"), "s.inf"), "s.inf", 2, "type,data"));
  EXPECT_TRUE(failsAt(parseSeceditInf(utf16("[Registry Values]\nForceGuest=4,0\n"), "s.inf"), "s.inf", 2, "KEY\\PATH"));
  EXPECT_TRUE(
      failsAt(parseSeceditInf(utf16("[Registry Values]\nMACHINE\\X\\Y=4,abc\n"), "s.inf"), "s.inf", 2, "REG_DWORD"));
  EXPECT_TRUE(failsAt(parseSeceditInf(utf16("[Privilege Rights]\nSeNetworkLogonRight = *S-1-x\n"), "s.inf"), "s.inf", 2,
                      "not a SID"));
  EXPECT_TRUE(failsAt(parseSeceditInf(utf16("; only a comment\n"), "s.inf"), "s.inf", 1, "no [section]"));
}
