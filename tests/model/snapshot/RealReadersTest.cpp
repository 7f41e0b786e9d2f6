// The command readers on every real capture in ../shared/real-captures (icacls, net user, net
// localgroup, query user, netsh advfirewall, auditpol, sc, wmic) in the languages there: each
// file reads, and the facts the snapshot takes are asserted for the files named here. A file
// added later is read too (it must read or fail with a located message naming its language).
#include "model/snapshot/Auditpol.h"
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/FirewallRules.h"
#include "model/snapshot/Icacls.h"
#include "model/snapshot/QueryUser.h"
#include "model/snapshot/ScQc.h"
#include "model/snapshot/ScQuery.h"
#include "model/snapshot/SeceditInf.h"
#include "model/snapshot/WmicFacts.h"
#include "model/snapshot/WmicList.h"
#include "model/snapshot/NetLocalgroup.h"
#include "model/snapshot/NetUser.h"
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

TEST(RealNet, EveryCaptureReads) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  readAll(dir, "net-user", parseNetUserList);
  readAll(dir, "net-user-details", parseNetUserDetails);
  readAll(dir, "net-localgroup", parseNetLocalgroupList);
  readAll(dir, "net-localgroup-details", parseNetLocalgroupDetails);
}

TEST(RealNet, UserListsInFiveLanguages) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  struct Case {
    const char *file, *computer;
    size_t users;
    const char *last;
  };
  for (const Case &c : {Case{"net-user/zh-cn-win10-desktop-5t90749.txt", "DESKTOP-5T90749", 5, "wuhui"},
                        Case{"net-user/ru-ru-win7-rogers.txt", "ROGERS", 7, "Гость"},
                        Case{"net-user/fr-fr-win10-kogaye.txt", "KOGAYE", 5, "WDAGUtilityAccount"},
                        Case{"net-user/es-es-srv2012r2-win-9mdmn4hipb4.txt", "WIN-9MDMN4HIPB4", 2, "Invitado"},
                        Case{"net-user/en-reverse-shell-empty-host-with-errors.txt", "", 4, "haris"}}) {
    SCOPED_TRACE(c.file);
    auto l = readOne(dir, c.file, parseNetUserList);
    ASSERT_TRUE(l.ok()) << l.error().str();
    EXPECT_EQ(l->computer, c.computer);
    ASSERT_EQ(l->users.size(), c.users);
    EXPECT_EQ(l->users.back().name, c.last);
    EXPECT_TRUE(l->notes.empty()) << l->notes[0].text;
  }
}

TEST(RealNet, UserDetailsByPosition) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto ru = readOne(dir, "net-user-details/ru-ru-win11-user-ram.txt", parseNetUserDetails);
  ASSERT_TRUE(ru.ok()) << ru.error().str();
  EXPECT_EQ(ru->name, "user");
  EXPECT_TRUE(ru->active);
  EXPECT_TRUE(ru->passwordNeverExpires);
  EXPECT_EQ(ru->localGroups, (std::vector<std::string>{"Администраторы"}));
  EXPECT_TRUE(ru->globalGroups.empty());
  EXPECT_EQ(ru->field("Account active")->printed, "Учетная запись активна");
  auto zh = readOne(dir, "net-user-details/zh-cn-win10-john-rdp-admin.txt", parseNetUserDetails);
  ASSERT_TRUE(zh.ok()) << zh.error().str();
  EXPECT_EQ(zh->name, "John");
  EXPECT_TRUE(zh->passwordNeverExpires);
  EXPECT_EQ(zh->localGroups, (std::vector<std::string>{"Administrators", "Remote Desktop Users", "Users"}));
  auto es = readOne(dir, "net-user-details/es-es-srv2019-nica-cp850-as-cp437.txt", parseNetUserDetails);
  ASSERT_TRUE(es.ok()) << es.error().str();
  EXPECT_EQ(es->name, "nica");
  EXPECT_TRUE(es->active); // "Sí", shown as "S¡" by a CP437 terminal
  EXPECT_TRUE(es->passwordNeverExpires);
  EXPECT_EQ(es->localGroups, (std::vector<std::string>{"Usuarios", "Usuarios de administr"}));
  EXPECT_TRUE(es->globalGroups.empty());
  auto hector = readOne(dir, "net-user-details/en-htb-hector-truncated-group-columns.txt", parseNetUserDetails);
  ASSERT_TRUE(hector.ok()) << hector.error().str();
  EXPECT_EQ(hector->localGroups, (std::vector<std::string>{"Remote Management Use", "Users"}));
}

TEST(RealNet, LocalgroupsByPlace) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto zh = readOne(dir, "net-localgroup-details/zh-cn-win7-administrators-hacke.txt", parseNetLocalgroupDetails);
  ASSERT_TRUE(zh.ok()) << zh.error().str();
  EXPECT_EQ(zh->name, "administrators");
  ASSERT_EQ(zh->members.size(), 2u);
  EXPECT_EQ(zh->members[1].name, "HACKE\\Domain Admins");
  auto es = readOne(dir, "net-localgroup-details/es-es-srv2019-renamed-administrators.txt", parseNetLocalgroupDetails);
  ASSERT_TRUE(es.ok()) << es.error().str();
  EXPECT_EQ(es->name, "Idministritirs");
  ASSERT_EQ(es->members.size(), 1u);
  EXPECT_EQ(es->members[0].name, "akanksha");
  auto list = readOne(dir, "net-localgroup/zh-cn-win10-desktop-5t90749.txt", parseNetLocalgroupList);
  ASSERT_TRUE(list.ok()) << list.error().str();
  EXPECT_EQ(list->computer, "DESKTOP-5T90749");
  EXPECT_EQ(list->groups.size(), 19u);
  auto cut = readOne(dir, "net-localgroup/en-win10-desktop-in9l9r6-no-trailer.txt", parseNetLocalgroupList);
  ASSERT_TRUE(cut.ok()) << cut.error().str();
  EXPECT_EQ(cut->notes.size(), 1u); // no trailer in the source
}

TEST(RealOther, EveryCaptureReads) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  readAll(dir, "query-user", parseQueryUser);
  readAll(dir, "firewall-profiles", parseFirewallProfiles);
  readAll(dir, "firewall-rules", parseFirewallRules);
  readAll(dir, "auditpol", parseAuditpol);
  readAll(dir, "sc-qc", parseScQc);
  readAll(dir, "sc-query", parseScQuery);
  readAll(dir, "wmic", parseWmicList);
  readAll(dir, "secedit", parseSeceditInf);
}

TEST(RealOther, ChineseQueryUserAndFirewall) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto q = readOne(dir, "query-user/zh-cn-win7-testuser-console.txt", parseQueryUser);
  ASSERT_TRUE(q.ok()) << q.error().str();
  ASSERT_NE(q->consoleUser(), nullptr);
  EXPECT_EQ(q->consoleUser()->user, "testuser");
  EXPECT_EQ(q->consoleUser()->state, "运行中");
  auto en = readOne(dir, "query-user/en-srv2025-github-runner-quser.txt", parseQueryUser);
  ASSERT_TRUE(en.ok()) << en.error().str();
  ASSERT_NE(en->consoleUser(), nullptr);
  EXPECT_EQ(en->consoleUser()->user, "runneradmin");
  auto fw = readOne(dir, "firewall-profiles/zh-cn-win7-vulnstack-stu1-allprofiles.txt", parseFirewallProfiles);
  ASSERT_TRUE(fw.ok()) << fw.error().str();
  ASSERT_EQ(fw->profiles.size(), 3u);
  for (const char *name : {"Domain", "Private", "Public"}) {
    ASSERT_NE(fw->find(name), nullptr) << name;
    EXPECT_TRUE(fw->find(name)->on);
    EXPECT_TRUE(fw->find(name)->blocksInbound);
  }
  EXPECT_TRUE(fw->notes.empty());
  auto off = readOne(dir, "firewall-profiles/en-server1-domainprofile-state-off.txt", parseFirewallProfiles);
  ASSERT_TRUE(off.ok()) << off.error().str();
  ASSERT_NE(off->find("Domain"), nullptr);
  EXPECT_FALSE(off->find("Domain")->on);
  auto rules = readOne(dir, "firewall-rules/en-win11-all-rules-nonverbose-504.txt", parseFirewallRules);
  ASSERT_TRUE(rules.ok()) << rules.error().str();
  EXPECT_EQ(rules->rules.size(), 504u);
}

TEST(RealAuditpol, ChineseAndGerman) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto zh = readOne(dir, "auditpol/zh-cn-dc-2008r2-era-category-all.txt", parseAuditpol);
  ASSERT_TRUE(zh.ok()) << zh.error().str();
  const AuditSubcategory *logon = zh->find("Logon");
  ASSERT_NE(logon, nullptr);
  EXPECT_EQ(logon->printedName, "登录");
  EXPECT_EQ(logon->category, "Logon/Logoff");
  EXPECT_TRUE(logon->success);
  EXPECT_TRUE(logon->failure);
  const AuditSubcategory *cred = zh->find("Credential Validation");
  ASSERT_NE(cred, nullptr);
  EXPECT_EQ(cred->printedName, "凭据验证");
  EXPECT_TRUE(cred->failure);
  size_t objectAccess = 0;
  for (const auto &s : zh->subcategories)
    if (s.category == "Object Access") {
      ++objectAccess;
      EXPECT_FALSE(s.failure) << s.printedName; // all 无审核
    }
  EXPECT_EQ(objectAccess, 12u);
  auto de = readOne(dir, "auditpol/de-de-subcategory-filterplattformverbindung-fehler.txt", parseAuditpol);
  ASSERT_TRUE(de.ok()) << de.error().str();
  ASSERT_EQ(de->subcategories.size(), 1u);
  EXPECT_EQ(de->subcategories[0].category, "Object Access");
  EXPECT_TRUE(de->subcategories[0].failure);
  EXPECT_FALSE(de->subcategories[0].success);
}

// sc prints its keys untranslated on every Windows ("[SC] QueryServiceConfig 成功" is the only
// translated line); wmic's property names likewise.
TEST(RealOther, ScAndWmicKeys) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto bits = readOne(dir, "sc-qc/zh-cn-win10-bits-powershell.txt", parseScQc);
  ASSERT_TRUE(bits.ok()) << bits.error().str();
  EXPECT_EQ(bits->name, "bits");
  EXPECT_EQ(bits->startType, "DEMAND_START");
  EXPECT_EQ(bits->startName, "LocalSystem");
  EXPECT_EQ(bits->dependencies, (std::vector<std::string>{"RpcSs"}));
  auto usb = readOne(dir, "sc-qc/zh-cn-usbhub-disabled.txt", parseScQc);
  ASSERT_TRUE(usb.ok()) << usb.error().str();
  EXPECT_EQ(usb->startType, "DISABLED");
  auto sense = readOne(dir, "sc-qc/en-sense-delayed-auto-start.txt", parseScQc);
  ASSERT_TRUE(sense.ok()) << sense.error().str();
  EXPECT_EQ(sense->startType, "AUTO_START (DELAYED)");
  auto running = readOne(dir, "sc-query/zh-cn-nssm-python-service-running.txt", parseScQuery);
  ASSERT_TRUE(running.ok()) << running.error().str();
  EXPECT_TRUE(running->running());
  auto stopped = readOne(dir, "sc-query/en-pipeserver-stopped-1067.txt", parseScQuery);
  ASSERT_TRUE(stopped.ok()) << stopped.error().str();
  EXPECT_EQ(stopped->state, "STOPPED");
  auto wmic = readOne(dir, "wmic/en-win2008-dc-useraccount-list-full.txt", parseWmicList);
  ASSERT_TRUE(wmic.ok()) << wmic.error().str();
  ASSERT_EQ(wmic->records.size(), 3u);
  ASSERT_NE(wmic->records[0].find("SID"), nullptr);
  EXPECT_EQ(wmic->records[0].find("SID")->value.substr(0, 9), "S-1-5-21-");
}

// The accounts' state as the snapshot takes it from wmic (WmicFacts.h), on the real capture of
// a Windows Server 2008 domain controller: Administrator and johndoe enabled, krbtgt disabled
// (as Windows creates it), none locked out, each with its line.
TEST(RealOther, WmicAccountStates) {
  DD_REQUIRE_REAL_CAPTURES(dir);
  auto wmic = readOne(dir, "wmic/en-win2008-dc-useraccount-list-full.txt", parseWmicList);
  ASSERT_TRUE(wmic.ok()) << wmic.error().str();
  auto states = readWmicAccountStates(*wmic);
  ASSERT_TRUE(states.ok()) << states.error().str();
  ASSERT_EQ(states->accounts.size(), 3u);
  const WmicAccountState *admin = states->find("Administrator");
  const WmicAccountState *krbtgt = states->find("krbtgt");
  const WmicAccountState *john = states->find("johndoe");
  ASSERT_TRUE(admin && krbtgt && john);
  EXPECT_FALSE(admin->disabled);
  EXPECT_TRUE(krbtgt->disabled);
  EXPECT_FALSE(john->disabled);
  EXPECT_FALSE(admin->lockout || krbtgt->lockout || john->lockout);
  EXPECT_EQ(admin->disabledLine, 5u);
  EXPECT_EQ(admin->lockoutLine, 10u);
  EXPECT_EQ(krbtgt->disabledLine, 22u);
}
