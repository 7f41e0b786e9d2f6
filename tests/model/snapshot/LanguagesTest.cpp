// Placeholder tests: where no sample of a language's words was found (see the *Labels.cpp files
// for what was found and where; tests/model/snapshot/LocalizedSamplesTest.cpp reads the public
// samples), these tests do NOT quote Windows' words in that language. They check the two things
// that hold whatever the words are: the readers that go by place read a listing whose labels are
// unknown (the labels below are placeholders, "Xxx"), and a file a reader cannot read names the
// language it looks like, the line, and what to run instead.
#include "model/snapshot/Auditpol.h"
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/Languages.h"
#include "model/snapshot/NetLocalgroup.h"
#include "model/snapshot/NetUser.h"
#include "model/snapshot/QueryUser.h"
#include "model/snapshot/SystemInfo.h"
#include "SnapshotTestUtil.h"

#include <fmt/format.h>

using namespace dd::model::snapshot;
using dd::test::crlf;

TEST(Languages, GuessByScriptAndLetters) {
  EXPECT_EQ(guessLanguage("Учетная запись активна"), Language::Russian);
  EXPECT_EQ(guessLanguage("帐户启用"), Language::ChineseSimplified);
  EXPECT_EQ(guessLanguage("アカウント"), Language::Japanese);
  EXPECT_EQ(guessLanguage("계정"), Language::Korean);
  EXPECT_EQ(guessLanguage("Zażółć"), Language::Polish);
  EXPECT_EQ(guessLanguage("Kullanıcı"), Language::Turkish);
  EXPECT_EQ(guessLanguage("Příklad"), Language::Czech);
  EXPECT_EQ(guessLanguage("Straße"), Language::German);
  EXPECT_EQ(guessLanguage("voor de gebruiker"), Language::Dutch);
  EXPECT_EQ(guessLanguage("Distributed COM Users"), std::nullopt);
  EXPECT_EQ(guessLanguage("User name                    opcuser"), std::nullopt);
}

// A `net user` list whose header and trailer are in no table: the computer after "\\", the rows
// between the dashes and the sentence at the end.
TEST(Languages, NetUserListByPlace) {
  auto l = parseNetUserList(
      crlf("\nXxxxx xxxx \\\\HMI7\n\n-------------------------------------------------------------------------------\n"
           "Administrator            Guest                    opcuser\nXxx xxxxx xxxxxxx.\n"),
      "u.txt");
  ASSERT_TRUE(l.ok()) << l.error().str();
  EXPECT_EQ(l->computer, "HMI7");
  ASSERT_EQ(l->users.size(), 3u);
  EXPECT_EQ(l->users[2].name, "opcuser");
  ASSERT_EQ(l->notes.size(), 1u); // the unknown trailer is named
  EXPECT_EQ(l->notes[0].line, 6u);
}

// `net user NAME` with every label unknown: the fields by position; "Account active" in a
// language without a table stops with the language and the way out.
TEST(Languages, NetUserDetailsUnknownValueNamesTheLanguage) {
  std::string text;
  const char *values[] = {
      "opcuser", "",    "", "", "000", "Tak", "Xxx", "1.1.2023 10:00:00", "Xxx", "1.1.2023 10:00:00", "Tak",
      "Tak",     "Xxx", "", "", "",    "Xxx", "Xxx", "*Użytkownicy",      "*Xxx"};
  for (size_t i = 0; i < 20; ++i)
    text += fmt::format("Xxx{:<27}{}\n", i, values[i]);
  text += "Xxx xxx.\n";
  auto d = parseNetUserDetails(crlf(text), "n.txt");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(*d.error().line, 6u);
  EXPECT_NE(d.error().message.find("looks like Polish"), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find("line 19"), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find("collect.cmd"), std::string::npos) << d.error().message;
  // The languages named are those whose "Account active" words are known: not Polish, whose
  // trailer is.
  EXPECT_NE(d.error().message.find(
                "in English, Spanish, Russian, Chinese (Simplified), Italian, Korean, Portuguese, Turkish;"),
            std::string::npos)
      << d.error().message;
}

// systeminfo with every label unknown: Host Name, OS Name, OS Version and Domain by position; a
// Domain with a dot makes a member when OS Configuration's value is in no table.
TEST(Languages, SystemInfoByPosition) {
  std::string text;
  for (size_t i = 0; i < 29; ++i) {
    std::string value = i == 0    ? "HMI7"
                        : i == 1  ? "Microsoft Windows 10 Xxx"
                        : i == 2  ? "10.0.19045 N/A Xxx 19045"
                        : i == 4  ? "Xxx xxx"
                        : i == 28 ? "plant.example"
                                  : "x";
    text += fmt::format("Xxx {:<20}: {}\n", i, value);
  }
  text += "Xxx 29:                   1 Xxx.\n                           [01]: KB5034441\n";
  auto si = parseSystemInfo(crlf(text), "s.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->hostName, "HMI7");
  EXPECT_EQ(si->osVersion, "10.0.19045 N/A Xxx 19045");
  EXPECT_EQ(si->domain, "plant.example");
  EXPECT_EQ(si->role, MachineRole::Unknown);
  EXPECT_TRUE(si->domainMember());
  // The 30th field is Logon Server by position, not Hotfix(s): a hotfix list needs its place.
  EXPECT_TRUE(si->hotfixes.empty());
}

// A profile listing whose State label is plain ASCII in its language (as Italian "Stato" would
// be): State is the first field of a profile, by place.
TEST(Languages, FirewallProfileStateByPlace) {
  auto p = parseFirewallProfiles(crlf("Xxx Xxx xxx:\n----------------------\nXxxxx                 ON\n"
                                      "Xxx Xxxxx             BlockInbound,AllowOutbound\n\n"
                                      "Xxx Xxx xxx 2:\n----------------------\nXxxxx                 OFF\nOk.\n"),
                                 "p.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->profiles.size(), 2u);
  EXPECT_TRUE(p->profiles[0].on);
  EXPECT_EQ(p->profiles[0].stateLine, 3u);
  EXPECT_TRUE(p->profiles[0].blocksInbound);
  EXPECT_EQ(p->profiles[1].name, "Private"); // by place, with a note
  EXPECT_FALSE(p->profiles[1].on);
}

// auditpol in Korean: the three settings a Korean tool matches are read; a setting in no table
// (here a placeholder where "Success and Failure" would be) names Korean and the way out.
TEST(Languages, AuditpolKoreanSettingsAndTheOneMissing) {
  std::string listing = "Xxx xxx\nXxx/Xxx                                 Xxx\nXxx\n"
                        "  Xxx1                                  감사 안 함\n"
                        "  Xxx2                                  성공\n"
                        "  Xxx3                                  실패\n";
  auto p = parseAuditpol(crlf(listing), "a.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->subcategories.size(), 3u);
  EXPECT_FALSE(p->subcategories[0].success || p->subcategories[0].failure);
  EXPECT_TRUE(p->subcategories[1].success && !p->subcategories[1].failure);
  EXPECT_TRUE(!p->subcategories[2].success && p->subcategories[2].failure);
  auto bad = parseAuditpol(crlf(listing + "  Xxx4                                  Xxx\n"), "a.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(*bad.error().line, 7u);
  EXPECT_NE(bad.error().message.find("looks like Korean"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("audit."), std::string::npos) << bad.error().message;
}
