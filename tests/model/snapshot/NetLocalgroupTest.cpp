// `net localgroup` and `net localgroup NAME` (English UI): "Aliases for \\HOST", dashes, "*Group"
// lines; "Alias name", "Comment", "Members", dashes, one member a line. Format: Microsoft's
// "net localgroup" page (Windows Commands).
#include "model/snapshot/NetLocalgroup.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

TEST(NetLocalgroup, ReadsTheList) {
  auto l = parseNetLocalgroupList(
      crlf("\nAliases for \\\\HMI1\n\n-------------------------------------------------------------------------------\n"
           "*Administrators\n*Distributed COM Users\n*Users\nThe command completed successfully.\n\n"),
      "net-localgroup.txt");
  ASSERT_TRUE(l.ok()) << l.error().str();
  EXPECT_EQ(l->computer, "HMI1");
  ASSERT_EQ(l->groups.size(), 3u);
  EXPECT_EQ(l->groups[1].name, "Distributed COM Users");
  EXPECT_EQ(l->groups[1].line, 6u);
}

TEST(NetLocalgroup, ListErrors) {
  EXPECT_TRUE(failsAt(parseNetLocalgroupList(crlf("Groups\n"), "g.txt"), "g.txt", 1, "\\\\HOST"));
  // A line without '*' ends the rows: a trailer, noted when it is none net prints.
  auto odd = parseNetLocalgroupList(crlf("Aliases for \\\\X\n------------------------\nUsers\n"), "g.txt");
  ASSERT_TRUE(odd.ok()) << odd.error().str();
  EXPECT_TRUE(odd->groups.empty());
  ASSERT_EQ(odd->notes.size(), 1u);
  EXPECT_EQ(odd->notes[0].line, 3u);
  auto cut = parseNetLocalgroupList(crlf("Aliases for \\\\X\n------------------------\n*Users\n"), "g.txt");
  ASSERT_TRUE(cut.ok()) << cut.error().str();
  EXPECT_EQ(cut->groups.size(), 1u);
  ASSERT_EQ(cut->notes.size(), 1u);
  EXPECT_EQ(cut->notes[0].line, 3u);
}

static const char *kLocalgroupDetails = R"(Alias name     Distributed COM Users
Comment        Members are allowed to launch, activate and use Distributed COM objects on this machine.

Members

-------------------------------------------------------------------------------
opcuser
LINE3\opc
NT AUTHORITY\INTERACTIVE
The command completed successfully.

)";

TEST(NetLocalgroup, ReadsMembers) {
  auto d = parseNetLocalgroupDetails(crlf(kLocalgroupDetails), "g.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_EQ(d->name, "Distributed COM Users");
  ASSERT_EQ(d->members.size(), 3u);
  EXPECT_EQ(d->members[1].name, "LINE3\\opc");
  EXPECT_EQ(d->members[2].line, 9u);
  EXPECT_NE(d->comment.find("launch, activate"), std::string::npos);
}

TEST(NetLocalgroup, DetailsErrors) {
  EXPECT_TRUE(
      failsAt(parseNetLocalgroupDetails(crlf("Group    X\n"), "g.txt"), "g.txt", 1, "not `net localgroup NAME`"));
  EXPECT_TRUE(
      failsAt(parseNetLocalgroupDetails(crlf("Alias name  X\nMembers\nopcuser\n"), "g.txt"), "g.txt", 3, "dashed"));
  EXPECT_TRUE(failsAt(parseNetLocalgroupDetails(crlf("Alias name  X\nComment  y\n"), "g.txt"), "g.txt", 2, "Members"));
  auto cut = parseNetLocalgroupDetails(crlf("Alias name  X\nMembers\n--------------------\nopcuser\n"), "g.txt");
  ASSERT_TRUE(cut.ok()) << cut.error().str();
  EXPECT_EQ(cut->members.size(), 1u);
  ASSERT_EQ(cut->notes.size(), 1u);
  EXPECT_EQ(cut->notes[0].line, 4u);
  EXPECT_TRUE(failsAt(parseNetLocalgroupDetails(crlf("The specified local group does not exist.\n"), "g.txt"), "g.txt",
                      1, "does not exist"));
}
