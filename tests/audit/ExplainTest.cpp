// `explain` on codes, event ids and pasted events.
#include "Fixtures.h"

#include "audit/Explain.h"

#include <gtest/gtest.h>

using namespace dd::audit;
using dd::test::auditFixture;

TEST(Explain, HResultInEveryForm) {
  for (const char *form : {"0x80070005", "80070005", "-2147024891", " 0x80070005 "}) {
    auto j = explainThing(form);
    ASSERT_TRUE(j.ok()) << form << ": " << j.error().str();
    EXPECT_EQ((*j)["kind"], "hresult");
    EXPECT_EQ((*j)["code"], "0x80070005");
    EXPECT_EQ((*j)["symbol"], "E_ACCESSDENIED");
    EXPECT_GE((*j)["causes"].size(), 8u);
  }
  auto j = explainThing("0x80080005");
  ASSERT_TRUE(j.ok());
  // Server execution failed goes with event 10010 (the guide names it).
  bool has10010 = false;
  for (const auto &e : (*j)["events"])
    has10010 = has10010 || e["id"] == 10010;
  EXPECT_TRUE(has10010);
}

TEST(Explain, NtStatusAndEventIds) {
  auto s = explainThing("0xC000006A");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)["kind"], "ntstatus");
  EXPECT_EQ((*s)["symbol"], "STATUS_WRONG_PASSWORD");

  for (const char *form : {"10016", "DCOM 10016", "Microsoft-Windows-DistributedCOM 10016", "event 10016"}) {
    auto e = explainThing(form);
    ASSERT_TRUE(e.ok()) << form;
    EXPECT_EQ((*e)["kind"], "event");
    EXPECT_EQ((*e)["id"], 10016);
    EXPECT_EQ((*e)["hresult"]["code"], "0x80070005");
    EXPECT_EQ((*e)["step"], "launch-permission");
  }
  auto sec = explainThing("Security 4625");
  ASSERT_TRUE(sec.ok());
  EXPECT_EQ((*sec)["log"], "Security");
  EXPECT_FALSE(explainThing("Security 10016").ok());
}

TEST(Explain, UnknownOrMalformedThings) {
  for (const char *bad : {"", "hello", "0xZZ", "12345", "0x80004005", "0xC0001234", "Foo 10016", "DCOM abc"}) {
    auto r = explainThing(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  auto win32 = explainThing("0x80070002");
  ASSERT_FALSE(win32.ok());
  EXPECT_NE(win32.error().message.find("Win32 error 2"), std::string::npos);
}

TEST(Explain, PastedGuideEventGivesIdsParametersAndTheFinding) {
  auto j = explainEventText(auditFixture("guide-10016-failed-activation.txt"), "<stdin>", Directory{});
  ASSERT_TRUE(j.ok()) << j.error().str();
  EXPECT_EQ((*j)["event"]["id"], 10016);
  EXPECT_EQ((*j)["event"]["provider"], "DCOM");
  EXPECT_EQ((*j)["event"]["computer"], "OPCLAND");
  EXPECT_EQ((*j)["symbol"], "dcom-launch-denied");
  EXPECT_EQ((*j)["facts"]["clsid"], "{13486D51-4821-11D2-A494-3CB306C10000}");
  EXPECT_EQ((*j)["facts"]["sid"], "S-1-5-7");
  EXPECT_EQ((*j)["facts"]["locality"], "Remote");
  EXPECT_EQ((*j)["facts"]["right"], "Activation");
  const std::string what = (*j)["finding"]["what"];
  EXPECT_NE(what.find("Remote Activation denied to ANONYMOUS LOGON"), std::string::npos) << what;
  // ANONYMOUS LOGON: the fix is the logon, not a grant to anonymous.
  const std::string fix = (*j)["finding"]["fix"];
  EXPECT_NE(fix.find("do not grant ANONYMOUS LOGON"), std::string::npos) << fix;
  EXPECT_EQ((*j)["finding"]["hresult"]["code"], "0x80070005");

  auto logon = explainEventText(auditFixture("guide-680-unknown-user.txt"), "<stdin>", Directory{});
  ASSERT_TRUE(logon.ok());
  EXPECT_EQ((*logon)["finding"]["status"]["code"], "0xC0000064");
  EXPECT_EQ((*logon)["status_explained"]["symbol"], "STATUS_NO_SUCH_USER");
  EXPECT_FALSE(renderExplanation(*logon).empty());
}

TEST(Explain, DirectoryNamesTheServerAndTheAccount) {
  Directory d;
  d.addServer({"OSIsoft.OPCDA.1", "OPCSRV", "{13486D51-4821-11D2-A494-3CB306C10000}", "", "plant.toml:20"});
  d.addAccount("S-1-5-21-1-2-3-1001", {"OPCSRV\\OPCUSER", "plant.toml:12"});
  std::string text = auditFixture("modern-10016-remote-launch.txt");
  // The same event for a plant's server and user.
  auto replaceAll = [&](const std::string &from, const std::string &to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  replaceAll("{C08AFD90-F2A1-11D1-8455-00A0C91F3880}", "{13486d51-4821-11d2-a494-3cb306c10000}");
  replaceAll("S-1-5-21-3461203602-4096304019-2269080069-1000", "S-1-5-21-1-2-3-1001");
  auto j = explainEventText(text, "<stdin>", d);
  ASSERT_TRUE(j.ok()) << j.error().str();
  const std::string what = (*j)["finding"]["what"];
  EXPECT_NE(what.find("Remote Launch denied to OPCUSER for OSIsoft.OPCDA.1 on OPCSRV by the "
                      "application-specific launch permission"),
            std::string::npos)
      << what;
  EXPECT_EQ((*j)["finding"]["fix"], "add OPCUSER to its Launch and Activation permissions");
}
