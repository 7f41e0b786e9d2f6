// sc qc NAME / sc query NAME: "SERVICE_NAME: X" then indented "KEY : value" (DEPENDENCIES
// continued on ": value" lines, the STATE flags on their own line), or "[SC] ... FAILED 1060:"
// for a service that is not installed. Format: Microsoft's "sc.exe qc" and "sc.exe query" pages.
#include "model/snapshot/ScQc.h"
#include "model/snapshot/ScQuery.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

static const char *kQc = R"([SC] QueryServiceConfig SUCCESS

SERVICE_NAME: AcmeOPC
        TYPE               : 10  WIN32_OWN_PROCESS
        START_TYPE         : 2   AUTO_START  (DELAYED)
        ERROR_CONTROL      : 1   NORMAL
        BINARY_PATH_NAME   : "C:\Program Files (x86)\Acme\opcda.exe" -Service
        LOAD_ORDER_GROUP   :
        TAG                : 0
        DISPLAY_NAME       : Acme OPC DA Server
        DEPENDENCIES       : RPCSS
                           : Tcpip
        SERVICE_START_NAME : .\opcsvc

)";

TEST(ScQc, ReadsTheConfiguration) {
  auto c = parseScQc(crlf(kQc), "sc-qc-AcmeOPC.txt");
  ASSERT_TRUE(c.ok()) << c.error().str();
  EXPECT_TRUE(c->installed);
  EXPECT_EQ(c->name, "AcmeOPC");
  EXPECT_EQ(c->startType, "AUTO_START (DELAYED)");
  EXPECT_EQ(c->binaryPath, "\"C:\\Program Files (x86)\\Acme\\opcda.exe\" -Service");
  EXPECT_EQ(c->startName, ".\\opcsvc");
  EXPECT_EQ(c->startNameLine, 13u);
  EXPECT_EQ(c->dependencies, (std::vector<std::string>{"RPCSS", "Tcpip"}));
  EXPECT_EQ(c->displayName, "Acme OPC DA Server");
}

TEST(ScQc, NotInstalledIsAFact) {
  auto c = parseScQc(
      crlf("[SC] OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n"),
      "s.txt");
  ASSERT_TRUE(c.ok()) << c.error().str();
  EXPECT_FALSE(c->installed);
  EXPECT_EQ(c->line, 1u);
}

TEST(ScQc, MalformedInputIsLocated) {
  EXPECT_TRUE(
      failsAt(parseScQc(crlf("[SC] OpenService FAILED 5:\n\nAccess is denied.\n"), "s.txt"), "s.txt", 1, "error 5"));
  EXPECT_TRUE(
      failsAt(parseScQc(crlf("        TYPE   : 10  WIN32_OWN_PROCESS\n"), "s.txt"), "s.txt", 1, "SERVICE_NAME"));
  EXPECT_TRUE(failsAt(parseScQc(crlf("SERVICE_NAME: X\n        TYPE 10\n"), "s.txt"), "s.txt", 2, "KEY : value"));
  EXPECT_TRUE(failsAt(parseScQc(crlf("SERVICE_NAME: X\n        START_TYPE : 2 AUTO_START\n"), "s.txt"), "s.txt", 1,
                      "BINARY_PATH_NAME"));
  EXPECT_TRUE(failsAt(parseScQc(crlf("SERVICE_NAME: X\n        START_TYPE : AUTO\n        BINARY_PATH_NAME : x.exe\n   "
                                     "     SERVICE_START_NAME : LocalSystem\n"),
                                "s.txt"),
                      "s.txt", 2, "<number> <NAME>"));
  EXPECT_TRUE(failsAt(parseScQc(crlf("\n\n"), "s.txt"), "s.txt", 2, "SERVICE_NAME"));
}

static const char *kQuery = R"(
SERVICE_NAME: OpcEnum
        TYPE               : 10  WIN32_OWN_PROCESS
        STATE              : 4  RUNNING
                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
        WIN32_EXIT_CODE    : 0  (0x0)
        SERVICE_EXIT_CODE  : 0  (0x0)
        CHECKPOINT         : 0x0
        WAIT_HINT          : 0x0

)";

TEST(ScQuery, ReadsTheState) {
  auto s = parseScQuery(crlf(kQuery), "sc-query-OpcEnum.txt");
  ASSERT_TRUE(s.ok()) << s.error().str();
  EXPECT_EQ(s->name, "OpcEnum");
  EXPECT_EQ(s->state, "RUNNING");
  EXPECT_TRUE(s->running());
  EXPECT_EQ(s->stateLine, 4u);
  std::string stopped = kQuery;
  stopped.replace(stopped.find("4  RUNNING"), 10, "1  STOPPED");
  auto t = parseScQuery(crlf(stopped), "q.txt");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->running());
  auto missing = parseScQuery(crlf("[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service "
                                   "does not exist as an installed service.\n"),
                              "q.txt");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->installed);
}

TEST(ScQuery, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseScQuery(crlf("SERVICE_NAME: X\n        TYPE : 10  WIN32_OWN_PROCESS\n"), "q.txt"), "q.txt",
                      1, "no STATE"));
  EXPECT_TRUE(failsAt(parseScQuery(crlf("SERVICE_NAME: X\n        STATE : RUNNING\n"), "q.txt"), "q.txt", 2,
                      "<number> <NAME>"));
  EXPECT_TRUE(failsAt(parseScQuery(crlf("SERVICE_NAME: X\nSERVICE_NAME: Y\n"), "q.txt"), "q.txt", 2, "one service"));
}
