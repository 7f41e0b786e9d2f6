// query user (Microsoft's "query user" page: a header with USERNAME, SESSIONNAME, ID, STATE,
// IDLE TIME, LOGON TIME and one line a session, '>' on the current one; "No User exists for *"
// when nobody is logged on) and wmic /format:list (Microsoft's wmic page: "Key=Value" records
// separated by blank lines; UTF-16LE when redirected).
#include "model/snapshot/QueryUser.h"
#include "model/snapshot/WmicList.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

TEST(QueryUser, FindsTheConsoleUser) {
  auto q = parseQueryUser(crlf(" USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME\n"
                               " engineer              rdp-tcp#3           2  Active          5  6/20/2023 9:12 AM\n"
                               ">operator              console             1  Active      none   6/20/2023 8:01 AM\n"
                               " opcuser                                   3  Disc         1:02  6/19/2023 4:40 PM\n"),
                          "query-user.txt");
  ASSERT_TRUE(q.ok()) << q.error().str();
  ASSERT_EQ(q->sessions.size(), 3u);
  ASSERT_NE(q->consoleUser(), nullptr);
  EXPECT_EQ(q->consoleUser()->user, "operator");
  EXPECT_EQ(q->consoleUser()->line, 3u);
  EXPECT_EQ(q->sessions[2].sessionName, "");
  EXPECT_EQ(q->sessions[2].state, "Disc");
}

TEST(QueryUser, NobodyLoggedOn) {
  auto q = parseQueryUser(crlf("No User exists for *\n"), "q.txt");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->consoleUser(), nullptr);
}

TEST(QueryUser, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseQueryUser(crlf("operator console 1 Active\n"), "q.txt"), "q.txt", 1, "USERNAME"));
  EXPECT_TRUE(failsAt(parseQueryUser(crlf(" USERNAME SESSIONNAME\n"), "q.txt"), "q.txt", 1, "lacks"));
  EXPECT_TRUE(
      failsAt(parseQueryUser(crlf(" USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME\n"
                                  ">operator\n"),
                             "q.txt"),
              "q.txt", 2, "without a user or state"));
  EXPECT_TRUE(failsAt(parseQueryUser(crlf(""), "q.txt"), "q.txt", 1, "empty"));
}

TEST(WmicList, ReadsRecordsFromUtf16) {
  auto l = parseWmicList(dd::test::utf16("\n\nDisabled=FALSE\nName=opcuser\nSID=S-1-5-21-1-2-3-1001\n\n\n"
                                         "Disabled=TRUE\nName=Guest\nSID=S-1-5-21-1-2-3-501\n\n\n"),
                         "wmic-useraccount.txt");
  ASSERT_TRUE(l.ok()) << l.error().str();
  ASSERT_EQ(l->records.size(), 2u);
  EXPECT_EQ(l->records[0].find("Name")->value, "opcuser");
  EXPECT_EQ(l->records[1].find("sid")->value, "S-1-5-21-1-2-3-501");
  EXPECT_EQ(l->records[1].find("SID")->line, 10u);
}

TEST(WmicList, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseWmicList(crlf("Name=x\nGarbage\n"), "w.txt"), "w.txt", 2, "Key=Value"));
  EXPECT_TRUE(failsAt(parseWmicList(crlf("=x\n"), "w.txt"), "w.txt", 1, "empty key"));
  auto none = parseWmicList(crlf("No Instance(s) Available.\n"), "w.txt");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->records.empty());
}
