// The knowledge base holds the guide's error table and the events the triage reports, each
// with causes, fixes and sources, in the guide's order.
#include "audit/EventFacts.h"
#include "audit/KnowledgeBase.h"

#include <gtest/gtest.h>

#include <string>

using namespace dd::audit;

namespace {
bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }
} // namespace

TEST(KnowledgeBase, HasEveryCodeOfTheGuidesTable) {
  // Chapter 4, "DCOM Errors by Numeric Code", in the guide's order.
  const uint32_t guide[] = {0x80004002, 0x8000401A, 0x80040111, 0x80040112, 0x80040154,
                            0x80040202, 0x80070005, 0x8007007E, 0x800706BA, 0x80080005};
  for (uint32_t code : guide) {
    const HResultInfo *h = findHResult(code);
    ASSERT_NE(h, nullptr) << formatCode(code);
    EXPECT_FALSE(h->symbol().empty());
    EXPECT_FALSE(h->causes.empty()) << h->symbol();
    EXPECT_FALSE(h->fixes.empty()) << h->symbol();
    EXPECT_TRUE(contains(h->guide, "DCOM Errors by Numeric Code")) << h->symbol();
    EXPECT_FALSE(h->microsoft.empty()) << h->symbol();
  }
  for (uint32_t code : {0x8001011Cu, 0x80070721u})
    EXPECT_NE(findHResult(code), nullptr) << formatCode(code);
  EXPECT_EQ(findHResult(0x80004005), nullptr);
}

TEST(KnowledgeBase, SymbolsAreWindowsNames) {
  EXPECT_EQ(findHResult(0x80070005)->symbol(), "E_ACCESSDENIED");
  EXPECT_EQ(findHResult(0x8000401A)->symbol(), "CO_E_RUNAS_LOGON_FAILURE");
  EXPECT_EQ(findHResult(0x800706BA)->symbol(), "RPC_S_SERVER_UNAVAILABLE");
  EXPECT_EQ(findHResult(0x80040202)->symbol(), "CONNECT_E_CANNOTCONNECT");
  EXPECT_EQ(findStatus(0xC000006A)->symbol(), "STATUS_WRONG_PASSWORD");
  EXPECT_EQ(findStatus(0xC0000064)->symbol(), "STATUS_NO_SUCH_USER");
}

TEST(KnowledgeBase, AccessDeniedCausesFollowTheGuidesOrder) {
  const HResultInfo *h = findHResult(0x80070005);
  ASSERT_GE(h->causes.size(), 8u);
  // Connect: permission to activate or launch, remote access in Limits, authentication, None.
  EXPECT_TRUE(contains(h->causes[0].text, "launch or activate"));
  EXPECT_TRUE(contains(h->causes[1].text, "Limits"));
  EXPECT_TRUE(contains(h->causes[2].text, "authenticate"));
  EXPECT_TRUE(contains(h->causes[3].text, "None"));
  EXPECT_TRUE(contains(h->causes[4].text, "Advise"));
  // The troubleshooting procedure: Security log first, then success audits, then System log.
  EXPECT_TRUE(contains(h->fixes[0], "Security log"));
  EXPECT_TRUE(contains(h->fixes[2], "System log"));
}

TEST(KnowledgeBase, CannotConnectListsSecurityBeforeNetwork) {
  const HResultInfo *h = findHResult(0x80040202);
  ASSERT_EQ(h->causes.size(), 6u);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_TRUE(h->causes[i].text.starts_with("Security")) << i;
  for (size_t i = 3; i < 6; ++i)
    EXPECT_TRUE(h->causes[i].text.starts_with("Network")) << i;
}

TEST(KnowledgeBase, HasTheEventsTheTriageReports) {
  for (uint32_t id :
       {10004u, 10006u, 10009u, 10010u, 10014u, 10015u, 10016u, 10017u, 10027u, 10028u, 10036u, 10037u, 10038u}) {
    const EventInfo *e = findEvent(id, "Microsoft-Windows-DistributedCOM");
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(findEvent(id, "DCOM"), e) << "old hosts log as DCOM";
    EXPECT_EQ(e->log, EventLog::System);
    EXPECT_FALSE(e->causes.empty()) << id;
    EXPECT_FALSE(e->fixes.empty()) << id;
    EXPECT_FALSE(e->guide.empty() && e->microsoft.empty()) << id;
  }
  for (uint32_t id : {4625u, 4624u, 529u, 680u, 4776u}) {
    const EventInfo *e = findEvent(id, "Microsoft-Windows-Security-Auditing");
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(e->log, EventLog::Security);
  }
  EXPECT_EQ(findEvent(10016, "Service Control Manager"), nullptr);
  const EventInfo *asp =
      findEventByMessage("Failed to impersonate the Anonymous User for ASP Application /LM/W3SVC/1/Root/Wonderware.");
  ASSERT_NE(asp, nullptr);
  EXPECT_EQ(asp->log, EventLog::Application);
  EXPECT_TRUE(contains(asp->fixes[0], "iisreset"));
  EXPECT_TRUE(contains(asp->guide, "Tech Note 813"));
}

TEST(KnowledgeBase, Dcom10016ParametersAreWindowsInsertionStrings) {
  const EventInfo *e = findEvent(10016);
  ASSERT_EQ(e->params().size(), 11u);
  EXPECT_EQ(e->params()[3], "clsid");
  EXPECT_EQ(e->params()[4], "appid");
  EXPECT_EQ(e->params()[7], "sid");
  EXPECT_EQ(e->hresult, "0x80070005");
}

TEST(KnowledgeBase, StatusCodesOfLogonFailures) {
  for (uint32_t code : {0xC0000064u, 0xC000006Au, 0xC000006Du, 0xC0000072u, 0xC0000071u, 0xC0000234u, 0xC000015Bu}) {
    const StatusInfo *s = findStatus(code);
    ASSERT_NE(s, nullptr) << formatCode(code);
    EXPECT_FALSE(s->causes.empty());
    EXPECT_FALSE(s->fixes.empty());
  }
}

TEST(KnowledgeBase, CodesParseInEveryFormTheyAreWritten) {
  EXPECT_EQ(parseCode("0x80070005"), 0x80070005u);
  EXPECT_EQ(parseCode("0X80070005"), 0x80070005u);
  EXPECT_EQ(parseCode("80070005"), 0x80070005u);
  EXPECT_EQ(parseCode("-2147024891"), 0x80070005u);
  EXPECT_EQ(parseCode("2147942405"), 0x80070005u);
  EXPECT_EQ(parseCode("0xc000006a"), 0xC000006Au);
  EXPECT_EQ(parseCode("0x0"), 0u);
  EXPECT_FALSE(parseCode("10016"));
  EXPECT_FALSE(parseCode("0x"));
  EXPECT_FALSE(parseCode("0x1234567890"));
  EXPECT_FALSE(parseCode("access denied"));
  EXPECT_FALSE(parseCode("-99999999999"));
  EXPECT_EQ(formatCode(0x8007007E), "0x8007007E");
}

TEST(KnowledgeBase, ListsTheParametersOfEveryEventItRecognisesByData) {
  // Security events carry named data (4625: Status at %8, SubStatus at %10); explain lists them
  // in Windows' order, and the launch events list the application container of Windows 8+.
  const EventInfo *e4625 = findEvent(4625);
  ASSERT_EQ(e4625->params().size(), 21u);
  EXPECT_EQ(e4625->params()[7], "status");
  EXPECT_EQ(e4625->params()[9], "sub_status");
  EXPECT_EQ(e4625->params()[13], "workstation");
  EXPECT_EQ(findEvent(4776)->params().size(), 4u);
  EXPECT_EQ(findEvent(4624)->params()[8], "logon_type");
  EXPECT_EQ(findEvent(10014)->params().size(), 5u);
  EXPECT_EQ(findEvent(10015)->params().back(), "container_sid");
}

// 10014 is two events: the Limits on Windows XP SP2 / 2003 (the guide's example) and, from Vista
// on, a COM+ remote activation refused because COM+ network access is off. The message tells them
// apart; without one (explain 10014) the guide's event answers.
TEST(KnowledgeBase, Event10014ByItsMessage) {
  const EventInfo *xp = findEvent(10014, "DCOM",
                                  "The computer wide limit settings do not grant Remote Activation permission for COM "
                                  "Server applications to the user NT AUTHORITY\\ANONYMOUS LOGON SID (S-1-5-7).");
  ASSERT_NE(xp, nullptr);
  EXPECT_EQ(xp->step, "launch-limits");
  EXPECT_EQ(findEvent(10014), xp);
  const EventInfo *comPlus =
      findEvent(10014, "Microsoft-Windows-DistributedCOM",
                "The activation for CLSID {6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00} failed because remote activations "
                "for COM+ are disabled. To enable this functionality use Server Manager to install the COM+ Network "
                "Access feature in the Application Server role.");
  ASSERT_NE(comPlus, nullptr);
  EXPECT_EQ(comPlus->step, "connection-kind");
  EXPECT_EQ(comPlus->hresult, "0x80070005");
}
