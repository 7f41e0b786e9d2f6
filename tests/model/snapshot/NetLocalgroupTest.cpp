// `net localgroup` and `net localgroup NAME` (English UI): "Aliases for \\HOST", dashes, "*Group"
// lines; "Alias name", "Comment", "Members", dashes, one member a line. Format: Microsoft's
// "net localgroup" page (Windows Commands).
#include "model/snapshot/NetLocalgroup.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

TEST(NetLocalgroup, ReadsTheList) {
  auto l = parseNetLocalgroupList(crlf("\nAliases for \\\\HMI1\n\n-------------------------------------------------------------------------------\n"
                                       "*Administrators\n*Distributed COM Users\n*Users\nThe command completed successfully.\n\n"),
                                  "net-localgroup.txt");
  ASSERT_TRUE(l.ok()) << l.error().str();
  EXPECT_EQ(l->computer, "HMI1");
  ASSERT_EQ(l->groups.size(), 3u);
  EXPECT_EQ(l->groups[1].name, "Distributed COM Users");
  EXPECT_EQ(l->groups[1].line, 6u);
}

TEST(NetLocalgroup, ListErrors) {
  EXPECT_TRUE(failsAt(parseNetLocalgroupList(crlf("Groups\n"), "g.txt"), "g.txt", 1, "Aliases for"));
  EXPECT_TRUE(failsAt(parseNetLocalgroupList(crlf("Aliases for \\\\X\n------------------------\nUsers\n"), "g.txt"), "g.txt", 3,
                      "*Group name"));
  EXPECT_TRUE(failsAt(parseNetLocalgroupList(crlf("Aliases for \\\\X\n------------------------\n*Users\n"), "g.txt"), "g.txt", 3,
                      "trailer"));
}

static const char *kDetails = R"(Alias name     Distributed COM Users
Comment        Members are allowed to launch, activate and use Distributed COM objects on this machine.

Members

-------------------------------------------------------------------------------
opcuser
LINE3\opc
NT AUTHORITY\INTERACTIVE
The command completed successfully.

)";

TEST(NetLocalgroup, ReadsMembers) {
  auto d = parseNetLocalgroupDetails(crlf(kDetails), "g.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_EQ(d->name, "Distributed COM Users");
  ASSERT_EQ(d->members.size(), 3u);
  EXPECT_EQ(d->members[1].name, "LINE3\\opc");
  EXPECT_EQ(d->members[2].line, 9u);
  EXPECT_NE(d->comment.find("launch, activate"), std::string::npos);
}

TEST(NetLocalgroup, DetailsErrors) {
  EXPECT_TRUE(failsAt(parseNetLocalgroupDetails(crlf("Group    X\n"), "g.txt"), "g.txt", 1, "Alias name"));
  EXPECT_TRUE(failsAt(parseNetLocalgroupDetails(crlf("Alias name  X\nMembers\nopcuser\n"), "g.txt"), "g.txt", 3, "dashed"));
  EXPECT_TRUE(failsAt(parseNetLocalgroupDetails(crlf("Alias name  X\nComment  y\n"), "g.txt"), "g.txt", 2, "Members"));
  EXPECT_TRUE(failsAt(parseNetLocalgroupDetails(crlf("Alias name  X\nMembers\n--------------------\nopcuser\n"), "g.txt"), "g.txt", 4,
                      "trailer"));
  EXPECT_TRUE(failsAt(parseNetLocalgroupDetails(crlf("The specified local group does not exist.\n"), "g.txt"), "g.txt", 1,
                      "does not exist"));
}
