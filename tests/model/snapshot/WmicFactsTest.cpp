// The untranslated facts of collect.cmd's wmic files (WmicFacts.h): wmic-useraccount.txt's
// Disabled and Lockout, wmic-computersystem.txt's DomainRole, PartOfDomain, Domain and UserName
// (Microsoft's Win32_UserAccount and Win32_ComputerSystem pages; wmic /format:list: blank lines
// around "Name=Value" records, properties in name order, UTF-16LE with a BOM when redirected, as
// ../shared/real-captures/wmic/ shows). With them, a host whose `net user NAME`, `query user` and
// systeminfo speak a language without tables still loads; without them it stops on the word,
// naming the language.
#include "model/Defaults.h"
#include "model/snapshot/Snapshot.h"
#include "model/snapshot/WmicFacts.h"
#include "support/Conformance.h"
#include "SnapshotTestUtil.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using dd::model::Account;
using dd::model::Fact;
using dd::model::Host;
using dd::model::OsFamily;
using namespace dd::model::snapshot;
using dd::test::failsAt;
using dd::test::utf16;
namespace fs = std::filesystem;

namespace {

// wmic computersystem get Name,Domain,PartOfDomain,DomainRole,UserName /format:list: lines 1-2
// blank, Domain 3, DomainRole 4, Name 5, PartOfDomain 6, UserName 7.
std::string computerSystemList(std::string_view domain, int role, bool part, std::string_view user) {
  return fmt::format("\n\nDomain={}\nDomainRole={}\nName=OPCSRV\nPartOfDomain={}\nUserName={}\n\n\n", domain, role,
                     part ? "TRUE" : "FALSE", user);
}

dd::Result<ComputerSystem> readCs(const std::string &text) {
  auto list = parseWmicList(utf16(text), "wmic-computersystem.txt");
  if (!list)
    return list.error();
  return readComputerSystem(*list);
}

bool pathEndsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const Fact<std::string> *gapContaining(const Host &h, std::string_view text) {
  for (const auto &g : h.snapshotGaps)
    if (g.value.find(text) != std::string::npos)
      return &g;
  return nullptr;
}

// `net user opcuser` on a Polish Windows, built for this test (no Polish capture was found):
// the layout of the real capture ../shared/real-captures/net-user-details/
// en-thm-wreath-pencer-wrapped-groups.txt (the 20 fields in their order, values in column 30,
// the same blank lines, a group list wrapped onto a second line), with Polish labels and
// values ("Konto aktywne  Tak": "Tak" is in no table) and the Polish trailer of NetLabels.cpp.
// The reader takes the fields by position, so the labels are not what is tested.
constexpr std::string_view kPolishNetUser = "Nazwa użytkownika            opcuser\n"
                                            "Pełna nazwa                  \n"
                                            "Komentarz                    \n"
                                            "Komentarz użytkownika        \n"
                                            "Kod kraju/regionu            000 (Domyślne ustawienie systemu)\n"
                                            "Konto aktywne                Tak\n"
                                            "Konto wygasa                 Nigdy\n"
                                            "\n"
                                            "Hasło ostatnio ustawiono     2023-03-14 09:41:07\n"
                                            "Hasło wygasa                 Nigdy\n"
                                            "Hasło może być zmienione     2023-03-14 09:41:07\n"
                                            "Wymagane hasło               Tak\n"
                                            "Użytkownik może zmienić hasło  Tak\n"
                                            "\n"
                                            "Dozwolone stacje robocze     Wszystkie\n"
                                            "Skrypt logowania             \n"
                                            "Profil użytkownika           \n"
                                            "Katalog macierzysty          \n"
                                            "Ostatnie logowanie           2023-06-20 08:01:12\n"
                                            "\n"
                                            "Dozwolone godziny logowania  Wszystkie\n"
                                            "\n"
                                            "Członkostwa grup lokalnych   *Distributed COM Users\n"
                                            "                             *Użytkownicy          \n"
                                            "Członkostwa grup globalnych  *Brak                 \n"
                                            "Polecenie zostało wykonane pomyślnie.\n";

} // namespace

TEST(WmicFacts, AccountStatesFromTrueAndFalse) {
  // wmic prints TRUE/FALSE; PowerShell's Get-CimInstance (collect.cmd without wmic) True/False.
  auto list = parseWmicList(utf16("\n\nDisabled=FALSE\nLockout=TRUE\nName=opcuser\nSID=S-1-5-21-1-2-3-1001\n\n\n"
                                  "Disabled=True\nLockout=False\nName=Guest\nSID=S-1-5-21-1-2-3-501\n\n\n"
                                  "Name=old\nSID=S-1-5-21-1-2-3-1002\n\n\n"),
                            "wmic-useraccount.txt");
  ASSERT_TRUE(list.ok()) << list.error().str();
  auto states = readWmicAccountStates(*list);
  ASSERT_TRUE(states.ok()) << states.error().str();
  ASSERT_EQ(states->accounts.size(), 2u); // "old" has neither: an older collect.cmd
  const WmicAccountState *opcuser = states->find("OPCUSER");
  ASSERT_NE(opcuser, nullptr);
  EXPECT_FALSE(opcuser->disabled);
  EXPECT_TRUE(opcuser->lockout);
  EXPECT_EQ(opcuser->disabledLine, 3u);
  EXPECT_EQ(opcuser->lockoutLine, 4u);
  EXPECT_TRUE(states->find("Guest")->disabled);
  EXPECT_EQ(states->find("old"), nullptr);

  auto bad = parseWmicList(utf16("\n\nDisabled=Nie\nLockout=FALSE\nName=x\n"), "w.txt");
  ASSERT_TRUE(bad.ok());
  EXPECT_TRUE(failsAt(readWmicAccountStates(*bad), "w.txt", 3, "expected TRUE or FALSE"));
}

TEST(WmicFacts, DomainRoleGivesTheDomain) {
  Folder f{"snap"};
  struct Case {
    int role;
    bool part;
    const char *domain;
    const char *expected;
  };
  // Microsoft's Win32_ComputerSystem: 0 standalone workstation, 1 member workstation,
  // 2 standalone server, 3 member server, 4 backup DC, 5 primary DC.
  for (Case c :
       {Case{0, false, "WORKGROUP", ""}, Case{1, true, "line3.corp", "LINE3"}, Case{2, false, "PLANT", ""},
        Case{3, true, "line3", "LINE3"}, Case{4, true, "Line3.Corp", "LINE3"}, Case{5, true, "line3.corp", "LINE3"}}) {
    auto cs = readCs(computerSystemList(c.domain, c.role, c.part, ""));
    ASSERT_TRUE(cs.ok()) << cs.error().str();
    auto domain = domainOf(f, *cs);
    ASSERT_TRUE(domain.has_value()) << c.role;
    EXPECT_EQ(domain->value, c.expected) << c.role;
    EXPECT_EQ(domain->from.file, "snap/wmic-computersystem.txt");
    EXPECT_EQ(domain->from.line, 4u); // DomainRole
    EXPECT_NE(domain->from.where.find(std::string(domainRoleName(c.role))), std::string::npos) << domain->from.where;
  }
  // Without DomainRole: PartOfDomain.
  auto part = readCs("\n\nDomain=line3.corp\nName=OPCSRV\nPartOfDomain=TRUE\n\n\n");
  ASSERT_TRUE(part.ok());
  EXPECT_EQ(domainOf(f, *part)->value, "LINE3");
  EXPECT_EQ(domainOf(f, *part)->from.line, 5u);
  // Neither (or printed empty): the file does not tell.
  auto neither = readCs("\n\nDomain=line3.corp\nDomainRole=\nName=OPCSRV\nPartOfDomain=\n\n\n");
  ASSERT_TRUE(neither.ok()) << neither.error().str();
  EXPECT_FALSE(domainOf(f, *neither).has_value());

  EXPECT_TRUE(failsAt(readCs(computerSystemList("x", 7, false, "")), "wmic-computersystem.txt", 4, "0 to 5"));
  EXPECT_TRUE(failsAt(readCs("\n\nDomainRole=1\nPartOfDomain=Tak\n"), "wmic-computersystem.txt", 4, "TRUE or FALSE"));
  EXPECT_TRUE(failsAt(readCs("\n\nName=A\n\n\nName=B\n"), "wmic-computersystem.txt", 6, "2 records"));
  EXPECT_TRUE(failsAt(readCs("No Instance(s) Available.\n"), "wmic-computersystem.txt", 1, "0 records"));
}

TEST(WmicFacts, UserNameIsTheConsoleUser) {
  Folder f{"snap"};
  auto local = readCs(computerSystemList("WORKGROUP", 2, false, "OPCSRV\\operator"));
  ASSERT_TRUE(local.ok());
  auto user = consoleUserOf(f, *local, "OPCSRV");
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->value, "operator"); // as the model names a local account
  EXPECT_EQ(user->from.line, 7u);
  EXPECT_EQ(user->from.file, "snap/wmic-computersystem.txt");
  auto domain = readCs(computerSystemList("line3.corp", 3, true, "LINE3\\jdoe"));
  EXPECT_EQ(consoleUserOf(f, *domain, "OPCSRV")->value, "LINE3\\jdoe");
  auto nobody = readCs(computerSystemList("WORKGROUP", 2, false, ""));
  EXPECT_EQ(consoleUserOf(f, *nobody, "OPCSRV")->value, "");
  auto without = readCs("\n\nDomain=WORKGROUP\nDomainRole=2\nName=OPCSRV\nPartOfDomain=FALSE\n\n\n");
  EXPECT_FALSE(consoleUserOf(f, *without, "OPCSRV").has_value()); // then query-user.txt tells
}

TEST(WmicFactsSnapshot, AccountStateComesFromWmic) {
  Host h = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  ASSERT_TRUE(applySnapshot(h, dd::test::sourceDir() / "examples" / "plant" / "snapshots" / "OPCSRV").ok());
  const Account *guest = h.findUser("Guest");
  ASSERT_NE(guest, nullptr);
  EXPECT_FALSE(guest->enabled);
  // Guest is the third record: Disabled on line 15, Lockout on 16.
  EXPECT_TRUE(pathEndsWith(guest->enabledProvenance().file, "wmic-useraccount.txt"));
  EXPECT_EQ(guest->enabledProvenance().line, 15u);
  EXPECT_EQ(guest->enabledProvenance().where, "wmic useraccount Disabled");
  EXPECT_EQ(guest->lockedProvenance().line, 16u);
  EXPECT_EQ(guest->lockedProvenance().where, "wmic useraccount Lockout");
  EXPECT_TRUE(pathEndsWith(guest->from.file, "net-user-Guest.txt")); // the account itself
  EXPECT_TRUE(h.snapshotGaps.empty()) << h.snapshotGaps.front().value;
}

TEST(WmicFactsSnapshot, PolishNetUserLoadsWithWmic) {
  fs::path dir = dd::test::copyOfExampleSnapshot("OPCSRV", "wmic-polish");
  dd::test::writeBytes(dir / "net-user-opcuser.txt", dd::test::crlf(kPolishNetUser));
  Host h = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  auto r = applySnapshot(h, dir, SnapshotOptions{true});
  ASSERT_TRUE(r.ok()) << r.error().str();
  const Account *opcuser = h.findUser("opcuser");
  ASSERT_NE(opcuser, nullptr);
  EXPECT_TRUE(opcuser->enabled);
  EXPECT_FALSE(opcuser->locked);
  EXPECT_TRUE(pathEndsWith(opcuser->enabledProvenance().file, "wmic-useraccount.txt"));
  EXPECT_EQ(opcuser->enabledProvenance().line, 27u); // the fifth record's Disabled
  // The other fields of `net user NAME` are still read.
  EXPECT_TRUE(opcuser->passwordNeverExpires);
  EXPECT_EQ(opcuser->groups, (std::vector<std::string>{"Distributed COM Users", "Użytkownicy"}));
  EXPECT_TRUE(pathEndsWith(opcuser->from.file, "net-user-opcuser.txt"));

  // Without wmic-useraccount.txt the word is needed: --strict stops on it, naming the language.
  fs::remove(dir / "wmic-useraccount.txt");
  Host strict = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  auto stopped = applySnapshot(strict, dir, SnapshotOptions{true});
  EXPECT_TRUE(failsAt(stopped, (dir / "net-user-opcuser.txt").generic_string(), 6, "\"Account active\" is \"Tak\""));
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.error().message.find("looks like Polish output of `net user NAME`"), std::string::npos)
      << stopped.error().message;
  EXPECT_NE(stopped.error().message.find("wmic-useraccount.txt"), std::string::npos) << stopped.error().message;
  // Without --strict the file is skipped with a note that says the same.
  Host lenient = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  ASSERT_TRUE(applySnapshot(lenient, dir).ok());
  EXPECT_NE(gapContaining(lenient, "Polish"), nullptr);
  fs::remove_all(dir);
}

TEST(WmicFactsSnapshot, DisagreementIsNotedAndWmicWins) {
  fs::path dir = dd::test::copyOfExampleSnapshot("OPCSRV", "wmic-disagree");
  // opcuser's record says Disabled=TRUE; net-user-opcuser.txt says "Account active  Yes".
  std::string wmic =
      "\n\nDisabled=TRUE\nLockout=FALSE\nName=opcuser\nSID=S-1-5-21-1111111111-2222222222-3333333333-1001\n"
      "\n\n";
  dd::test::writeBytes(dir / "wmic-useraccount.txt", utf16(wmic));
  Host h = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  ASSERT_TRUE(applySnapshot(h, dir, SnapshotOptions{true}).ok());
  const Account *opcuser = h.findUser("opcuser");
  ASSERT_NE(opcuser, nullptr);
  EXPECT_FALSE(opcuser->enabled);
  EXPECT_EQ(opcuser->enabledProvenance().line, 3u);
  const Fact<std::string> *note = gapContaining(h, "wmic's values are taken");
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->value.find("net-user-opcuser.txt:6 says \"Account active\" Yes for opcuser"), std::string::npos)
      << note->value;
  EXPECT_NE(note->value.find("Disabled=TRUE"), std::string::npos) << note->value;
  EXPECT_TRUE(pathEndsWith(note->from.file, "wmic-useraccount.txt"));
  EXPECT_EQ(note->from.line, 3u);
  // An account wmic does not list keeps net user's word (operator: "Yes").
  EXPECT_TRUE(h.findUser("operator")->enabled);
  EXPECT_TRUE(pathEndsWith(h.findUser("operator")->enabledProvenance().file, "net-user-operator.txt"));
  fs::remove_all(dir);
}

TEST(WmicFactsSnapshot, ConsoleUserAndDomainFromComputerSystem) {
  fs::path dir = dd::test::copyOfExampleSnapshot("OPCSRV", "wmic-computersystem");
  // `query user` with nobody logged on, on a Polish Windows, built for this test (no Polish
  // capture was found): the one line English Windows prints ("No User exists for *", the layout
  // of ../shared/real-captures/query-user's English captures' error case) in Polish words no
  // table has.
  dd::test::writeBytes(dir / "query-user.txt", dd::test::crlf("Brak użytkownika dla *\n"));
  // systeminfo with a Polish "OS Configuration" (no table has it) and a single-label domain: the
  // English example's lines 5 and 31 with those values, so neither the role word nor a dotted
  // Domain tells that OPCSRV is a member.
  std::ifstream in(dir / "systeminfo.txt", std::ios::binary);
  std::string si((std::istreambuf_iterator<char>(in)), {});
  in.close();
  si.replace(si.find("Standalone Server"), 17, "Serwer członkowski");
  si.replace(si.find("WORKGROUP"), 9, "line3");
  dd::test::writeBytes(dir / "systeminfo.txt", std::vector<uint8_t>(si.begin(), si.end()));
  dd::test::writeBytes(dir / "wmic-computersystem.txt", utf16(computerSystemList("line3", 3, true, "LINE3\\jdoe")));

  Host h = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  auto r = applySnapshot(h, dir, SnapshotOptions{true});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(h.domain.value, "LINE3");
  EXPECT_TRUE(pathEndsWith(h.domain.from.file, "wmic-computersystem.txt"));
  EXPECT_EQ(h.domain.from.line, 4u);
  EXPECT_NE(h.domain.from.where.find("Member Server"), std::string::npos) << h.domain.from.where;
  ASSERT_TRUE(h.consoleUser.has_value());
  EXPECT_EQ(h.consoleUser->value, "LINE3\\jdoe");
  EXPECT_TRUE(pathEndsWith(h.consoleUser->from.file, "wmic-computersystem.txt"));
  EXPECT_EQ(h.consoleUser->from.line, 7u);
  EXPECT_EQ(h.os.value.family, OsFamily::WindowsServer2019); // systeminfo is still read

  // query-user.txt is not needed: without it, no gap about it.
  fs::remove(dir / "query-user.txt");
  Host noQuery = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  ASSERT_TRUE(applySnapshot(noQuery, dir).ok());
  EXPECT_EQ(gapContaining(noQuery, "query-user.txt"), nullptr);

  // Nobody at the console: UserName printed empty.
  dd::test::writeBytes(dir / "wmic-computersystem.txt", utf16(computerSystemList("WORKGROUP", 2, false, "")));
  Host nobody = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  nobody.consoleUser = Fact<std::string>{"someone", {}};
  ASSERT_TRUE(applySnapshot(nobody, dir, SnapshotOptions{true}).ok());
  EXPECT_FALSE(nobody.consoleUser.has_value());
  EXPECT_EQ(nobody.domain.value, "");

  // Without wmic-computersystem.txt the Polish query user stops the host, naming the language.
  dd::test::writeBytes(dir / "query-user.txt", dd::test::crlf("Brak użytkownika dla *\n"));
  fs::remove(dir / "wmic-computersystem.txt");
  Host stopped = dd::test::hostWithDefaults("OPCSRV", OsFamily::WindowsServer2019);
  auto s = applySnapshot(stopped, dir, SnapshotOptions{true});
  EXPECT_TRUE(failsAt(s, (dir / "query-user.txt").generic_string(), 1, "looks like Polish output of `query user`"));
  fs::remove_all(dir);
}
