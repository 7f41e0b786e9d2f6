// `explain` knows every code and event the tool itself prints and the forms users paste: Win32
// numbers, names, %%NNNN strings, the <Events> XML of `evtx dump --xml`; a localized Event Viewer
// text is answered with "paste the XML view".
#include "Fixtures.h"

#include "audit/EventFacts.h"
#include "audit/Explain.h"
#include "audit/KnowledgeBase.h"
#include "catalog/Codes.h"
#include "catalog/Events.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace dd::audit;
using dd::test::auditFixture;

TEST(ExplainCatalog, KnowsEveryEventAndCodeTheSimulatorWrites) {
  for (const dd::catalog::EventLayout &l : dd::catalog::allLayouts())
    if (l.simulated) {
      auto j = explainThing(std::to_string(l.id));
      EXPECT_TRUE(j.ok()) << l.id << ": " << (j.ok() ? "" : j.error().str()); // 10019 failed before
    }
  for (const dd::catalog::HResult &h : dd::catalog::allHResults()) {
    auto j = explainThing(dd::catalog::hex(h.code));
    ASSERT_TRUE(j.ok()) << h.symbol;
    EXPECT_EQ((*j)["symbol"], std::string(h.symbol));
  }
  for (const char *common : {"0x80010108", "0x800706BE", "10005"}) {
    auto j = explainThing(common);
    ASSERT_TRUE(j.ok()) << common;
    EXPECT_FALSE((*j)["causes"].empty()) << common;
  }
}

TEST(ExplainCatalog, Win32NumbersNamesAndInsertionStrings) {
  auto n = explainThing("1722");
  ASSERT_TRUE(n.ok()) << n.error().str();
  EXPECT_EQ((*n)["code"], "0x800706BA");
  EXPECT_EQ((*n)["win32"]["number"], 1722);
  EXPECT_NE(renderExplanation(*n).find("Win32 error: 1722 RPC_S_SERVER_UNAVAILABLE"), std::string::npos);
  EXPECT_EQ((*explainThing("win32 5"))["code"], "0x80070005");
  EXPECT_EQ((*explainThing("E_ACCESSDENIED"))["code"], "0x80070005");
  EXPECT_EQ((*explainThing("rpc_s_server_unavailable"))["code"], "0x800706BA");
  EXPECT_EQ((*explainThing("STATUS_WRONG_PASSWORD"))["code"], "0xC000006A");
  EXPECT_EQ((*explainThing("ERROR_LOGON_FAILURE"))["code"], "0x8007052E");
  auto s = explainThing("%%2313");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)["text"], "Unknown user name or bad password.");
  EXPECT_FALSE(explainThing("%%1").ok());
  EXPECT_TRUE(explainThing("10016").ok()); // an event id still wins over Win32 error 10016
  EXPECT_EQ((*explainThing("10016"))["kind"], "event");
}

TEST(ExplainCatalog, RpcServerUnavailableCoversIntermittentCauses) {
  auto j = explainThing("0x800706BA");
  ASSERT_TRUE(j.ok());
  std::string causes = (*j)["causes"].dump();
  for (const char *cause : {"DNS", "NAT", "several network cards", "dynamic RPC port range"})
    EXPECT_NE(causes.find(cause), std::string::npos) << cause;
}

TEST(ExplainCatalog, EventsXmlOfEvtxDump) {
  // `dcomdoctor evtx dump --xml` (and wevtutil qe /f:xml with a root) write <Events><Event>...;
  // before, the reader cut after the last </Event> and rejected the unclosed <Events>.
  std::string event = auditFixture("dcom-10016-remote-launch-4451.xml");
  std::string dump = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n" + event + "\n" + event + "\n</Events>\n";
  auto j = explainEventText(dump, "<stdin>", Directory{});
  ASSERT_TRUE(j.ok()) << j.error().str();
  EXPECT_EQ((*j)["event"]["record_id"], 4451);
  EXPECT_EQ((*j)["facts"]["user"], "IEUser");
}

TEST(ExplainCatalog, LocalizedTextAsksForTheXmlView) {
  // A German Event Viewer copy: the header keys are not English.
  const char *german = "Protokollname: System\nQuelle:        Microsoft-Windows-DistributedCOM\n"
                       "Ereignis-ID:   10016\nBeschreibung:\nDie anwendungsspezifischen Berechtigungseinstellungen "
                       "erteilen keine Berechtigung.\n";
  auto g = explainEventText(german, "<stdin>", Directory{});
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().str().find("XML view"), std::string::npos) << g.error().str();
  // English headers but a localized description: explained, with the note.
  const char *mixed = "Log Name: System\nSource: Microsoft-Windows-DistributedCOM\nEvent ID: 10016\n"
                      "Level: Error\nComputer: OPCSRV\nDescription:\nDie anwendungsspezifischen "
                      "Berechtigungseinstellungen erteilen keine Remote Aktivierung.\n";
  auto m = explainEventText(mixed, "<stdin>", Directory{});
  ASSERT_TRUE(m.ok()) << m.error().str();
  ASSERT_TRUE(m->contains("note"));
  EXPECT_NE(renderExplanation(*m).find("XML View"), std::string::npos);
}

TEST(ExplainCatalog, ALogonsCallerProcessIsNotAnActivatingProgram) {
  // 4625's Caller Process ID is not the PID of a program activating a class (10037's "pid" fact);
  // before, the template reading filed it there.
  auto j = explainEventText(auditFixture("modern-4625-bad-password.txt"), "<stdin>", Directory{});
  ASSERT_TRUE(j.ok()) << j.error().str();
  EXPECT_FALSE((*j)["facts"].contains("pid")) << (*j)["facts"].dump();
  EXPECT_EQ((*j)["facts"]["user"], "Administrator");
}

TEST(ExplainCatalog, NothingUsersReadCitesFilesTheyDoNotHave) {
  // Users have the guide and the tech note, not this project's seeds/ and spec/ folders.
  std::vector<std::string> things;
  for (const EventInfo &e : allEvents())
    if (e.id)
      things.push_back(std::to_string(e.id));
  for (const HResultInfo &h : allHResults())
    things.push_back(formatCode(h.code));
  for (const StatusInfo &s : allStatuses())
    things.push_back(formatCode(s.code));
  for (const std::string &t : things) {
    auto j = explainThing(t);
    ASSERT_TRUE(j.ok()) << t;
    std::string all = j->dump() + renderExplanation(*j);
    EXPECT_EQ(all.find("seeds/"), std::string::npos) << t;
    EXPECT_EQ(all.find("spec/"), std::string::npos) << t;
  }
  auto asp = explainEventText(auditFixture("asp-anonymous-impersonation.txt"), "<stdin>", Directory{});
  ASSERT_TRUE(asp.ok());
  EXPECT_EQ(asp->dump().find("spec/"), std::string::npos);
}
