// `net user` and `net user NAME` as an English Windows prints them: the list in three columns of
// 25 characters between a dashed line and "The command completed successfully."; the details as
// "Label<spaces>value" in column 30, group memberships as "*Name" cells wrapped onto indented
// lines. Format: Microsoft's "net user" page (Windows Commands) and its output on Windows 10.
#include "model/snapshot/NetUser.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

static const char *kList = R"(
User accounts for \\OPCSRV

-------------------------------------------------------------------------------
Administrator            DefaultAccount           Guest                    
opc user 2               opcsvc                   opcuser                  
WDAGUtilityAccount       
The command completed successfully.

)";

TEST(NetUser, ReadsTheList) {
  auto l = parseNetUserList(crlf(kList), "net-user.txt");
  ASSERT_TRUE(l.ok()) << l.error().str();
  EXPECT_EQ(l->computer, "OPCSRV");
  ASSERT_EQ(l->users.size(), 7u);
  EXPECT_EQ(l->users[3].name, "opc user 2"); // a name with spaces stays whole
  EXPECT_EQ(l->users[3].line, 6u);
  EXPECT_EQ(l->users[6].name, "WDAGUtilityAccount");
}

TEST(NetUser, ListErrors) {
  EXPECT_TRUE(failsAt(parseNetUserList(crlf("Accounts\n"), "u.txt"), "u.txt", 1, "\\\\HOST"));
  EXPECT_TRUE(
      failsAt(parseNetUserList(crlf("User accounts for \\\\X\nAdministrator\n"), "u.txt"), "u.txt", 2, "dashed line"));
  auto cut = parseNetUserList(crlf("User accounts for \\\\X\n----------------------\nAdministrator\n"), "u.txt");
  ASSERT_TRUE(cut.ok()) << cut.error().str(); // no trailer: read, with a note
  EXPECT_EQ(cut->users.size(), 1u);
  ASSERT_EQ(cut->notes.size(), 1u);
  EXPECT_EQ(cut->notes[0].line, 3u);
  EXPECT_TRUE(failsAt(parseNetUserList(crlf("System error 5 has occurred.\n\nAccess is denied.\n"), "u.txt"), "u.txt",
                      1, "System error 5"));
}

static const char *kUserDetails = R"(User name                    opcuser
Full name                    OPC User
Comment                      
User's comment               
Country/region code          000 (System Default)
Account active               Yes
Account expires              Never

Password last set            3/14/2023 9:41:07 AM
Password expires             4/25/2023 9:41:07 AM
Password changeable          3/14/2023 9:41:07 AM
Password required            Yes
User may change password     Yes

Workstations allowed         All
Logon script                 
User profile                 
Home directory               
Last logon                   6/20/2023 8:01:12 AM

Logon hours allowed          All

Local Group Memberships      *Administrators       *Distributed COM Users
                             *Remote Desktop Users *Users
Global Group memberships     *None
The command completed successfully.

)";

TEST(NetUser, ReadsDetailsWithWrappedGroups) {
  auto d = parseNetUserDetails(crlf(kUserDetails), "net-user-opcuser.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_EQ(d->name, "opcuser");
  EXPECT_EQ(d->nameLine, 1u);
  EXPECT_TRUE(d->active);
  EXPECT_FALSE(d->locked);
  EXPECT_EQ(d->activeLine, 6u);
  EXPECT_FALSE(d->passwordNeverExpires);
  EXPECT_EQ(d->passwordExpires, "4/25/2023 9:41:07 AM");
  EXPECT_EQ(d->localGroups,
            (std::vector<std::string>{"Administrators", "Distributed COM Users", "Remote Desktop Users", "Users"}));
  EXPECT_EQ(d->localGroupsLine, 23u);
  EXPECT_TRUE(d->globalGroups.empty());
  ASSERT_NE(d->field("Full name"), nullptr);
  EXPECT_EQ(d->field("Full name")->value, "OPC User");
}

TEST(NetUser, DisabledLockedAndNeverExpires) {
  std::string text = kUserDetails;
  text.replace(text.find("Yes\nAccount expires"), 3, "No ");
  text.replace(text.find("4/25/2023 9:41:07 AM"), 20, "Never");
  auto d = parseNetUserDetails(crlf(text), "n.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_FALSE(d->active);
  EXPECT_TRUE(d->passwordNeverExpires);
  std::string locked = kUserDetails;
  locked.replace(locked.find("Yes\nAccount expires"), 3, "Locked");
  auto l = parseNetUserDetails(crlf(locked), "n.txt");
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(l->locked);
}

TEST(NetUser, DetailsErrors) {
  std::string bad = kUserDetails;
  bad.replace(bad.find("Yes\nAccount expires"), 3, "Maybe");
  EXPECT_TRUE(failsAt(parseNetUserDetails(crlf(bad), "n.txt"), "n.txt", 6, "Account active"));
  EXPECT_TRUE(failsAt(parseNetUserDetails(crlf("   *Users\n"), "n.txt"), "n.txt", 1, "before any label"));
  EXPECT_TRUE(failsAt(parseNetUserDetails(crlf("Full name   X\nThe command completed successfully.\n"), "n.txt"),
                      "n.txt", 1, "User name"));
  std::string cut = kUserDetails;
  cut.resize(cut.find("The command"));
  auto cutRead = parseNetUserDetails(crlf(cut), "n.txt");
  ASSERT_TRUE(cutRead.ok()) << cutRead.error().str();
  ASSERT_EQ(cutRead->notes.size(), 1u);
  EXPECT_EQ(cutRead->notes[0].line, 25u);
  EXPECT_TRUE(failsAt(
      parseNetUserDetails(
          crlf("The user name could not be found.\n\nMore help is available by typing NET HELPMSG 2221.\n"), "n.txt"),
      "n.txt", 1, "could not be found"));
}
