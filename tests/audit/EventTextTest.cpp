// Events pasted from Event Viewer -- the guide's printed ones, the modern text, the XML view --
// parse into the right ids and parameters; malformed text gives a located, clear error.
#include "Fixtures.h"

#include "audit/EventFacts.h"
#include "audit/EventText.h"

#include <gtest/gtest.h>

#include <random>

using namespace dd::audit;
using dd::test::auditFixture;

namespace {
EventFacts factsOf(const std::string &fixture) {
  auto r = parseEventText(auditFixture(fixture), fixture);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().str());
  return r.ok() ? extractFacts(*r) : EventFacts{};
}
} // namespace

TEST(EventText, GuideUnknownUser680) {
  auto r = parseEventText(auditFixture("guide-680-unknown-user.txt"));
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->eventId, 680u);
  EXPECT_EQ(r->provider, "Security");
  EXPECT_EQ(r->eventType, "Failure Audit");
  // The guide prints "Computer: OPCLANDDescription:" without a line break.
  EXPECT_EQ(r->computer, "OPCLAND");
  EXPECT_EQ(r->timeText, "10/16/2012 5:20:48 PM");
  EventFacts f = extractFacts(*r);
  ASSERT_NE(f.info, nullptr);
  EXPECT_EQ(f.family, EventFamily::Security);
  EXPECT_EQ(f.user, "opcaccount");
  EXPECT_EQ(f.workstation, "ONELOVE");
  EXPECT_EQ(f.status, "0xC0000064");
  EXPECT_EQ(f.package, "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0");
}

TEST(EventText, GuideAnonymousLogon10014) {
  EventFacts f = factsOf("guide-10014-anonymous-logon.txt");
  EXPECT_EQ(f.eventId, 10014u);
  EXPECT_EQ(f.family, EventFamily::Dcom);
  EXPECT_EQ(f.scope, "computer-wide limit");
  EXPECT_EQ(f.locality, "Remote");
  EXPECT_EQ(f.right, "Activation");
  EXPECT_EQ(f.domain, "NT AUTHORITY");
  EXPECT_EQ(f.user, "ANONYMOUS LOGON");
  EXPECT_EQ(f.sid, "S-1-5-7");
  EXPECT_TRUE(f.clsid.empty());
}

TEST(EventText, GuideFailedActivation10016) {
  EventFacts f = factsOf("guide-10016-failed-activation.txt");
  EXPECT_EQ(f.eventId, 10016u);
  EXPECT_EQ(f.scope, "application-specific");
  EXPECT_EQ(f.locality, "Remote");
  EXPECT_EQ(f.right, "Activation");
  EXPECT_EQ(f.clsid, "{13486D51-4821-11D2-A494-3CB306C10000}");
  EXPECT_TRUE(f.appid.empty()); // the XP-era message names no AppID
  EXPECT_EQ(f.account(), "NT AUTHORITY\\ANONYMOUS LOGON");
  EXPECT_EQ(f.sid, "S-1-5-7");
}

TEST(EventText, ModernTextXmlViewAndBothGiveTheSameFacts) {
  for (const char *fixture :
       {"modern-10016-remote-launch.txt", "dcom-10016-remote-launch-4451.xml", "modern-10016-with-xml.txt"}) {
    SCOPED_TRACE(fixture);
    EventFacts f = factsOf(fixture);
    EXPECT_EQ(f.eventId, 10016u);
    EXPECT_EQ(f.scope, "application-specific");
    EXPECT_EQ(f.locality, "Remote");
    EXPECT_EQ(f.right, "Launch");
    EXPECT_EQ(f.clsid, "{C08AFD90-F2A1-11D1-8455-00A0C91F3880}");
    EXPECT_EQ(f.appid, "{C08AFD90-F2A1-11D1-8455-00A0C91F3880}");
    EXPECT_EQ(f.account(), "MSEDGEWIN10\\IEUser");
    EXPECT_EQ(f.sid, "S-1-5-21-3461203602-4096304019-2269080069-1000");
    EXPECT_EQ(f.address, "10.0.2.17");
  }
  auto xml = parseEventText(auditFixture("modern-10016-with-xml.txt"));
  ASSERT_TRUE(xml.ok());
  EXPECT_EQ(xml->recordId, 4451u);
  EXPECT_EQ(xml->timeUtc, "2020-02-28T22:35:55.910274100Z");
  EXPECT_EQ(xml->channel, "System");
  EXPECT_EQ(xml->data.size(), 11u);
}

TEST(EventText, Modern4625GivesStatusAndSubStatus) {
  EventFacts f = factsOf("modern-4625-bad-password.txt");
  EXPECT_EQ(f.eventId, 4625u);
  EXPECT_EQ(f.user, "Administrator"); // the account that failed, not the Subject
  EXPECT_EQ(f.domain, "TEMPORAL");
  EXPECT_EQ(f.status, "0xC000006D");
  EXPECT_EQ(f.subStatus, "0xC000006A");
  EXPECT_EQ(f.logonType, "10");
  EXPECT_EQ(f.address, "23.94.153.202");
  EXPECT_TRUE(f.sid.empty()); // NULL SID is not an account
}

TEST(EventText, AspAnonymousImpersonation) {
  EventFacts f = factsOf("asp-anonymous-impersonation.txt");
  ASSERT_NE(f.info, nullptr);
  EXPECT_EQ(f.family, EventFamily::Asp);
  EXPECT_EQ(f.info->symbol, "asp-anonymous-impersonation-failed");
  EXPECT_EQ(f.aspApplication, "/LM/W3SVC/1/Root/Wonderware");
}

TEST(EventText, DataByPositionWhenUnnamed) {
  // dd::evtx names unnamed Data by position ("1", "2", ...).
  EventRecord r;
  r.provider = "DCOM";
  r.eventId = 10016;
  const char *values[] = {"machine-default",
                          "Remote",
                          "Activation",
                          "{11111111-2222-3333-4444-555555555555}",
                          "{66666666-7777-8888-9999-000000000000}",
                          "PLANT",
                          "opcuser",
                          "S-1-5-21-1-2-3-1001",
                          "10.0.3.21",
                          "Unavailable",
                          "Unavailable"};
  for (int i = 0; i < 11; ++i)
    r.data.emplace_back(std::to_string(i + 1), values[i]);
  EventFacts f = extractFacts(r);
  EXPECT_EQ(f.scope, "machine-default");
  EXPECT_EQ(f.clsid, "{11111111-2222-3333-4444-555555555555}");
  EXPECT_EQ(f.appid, "{66666666-7777-8888-9999-000000000000}");
  EXPECT_EQ(f.account(), "PLANT\\opcuser");
  EXPECT_EQ(f.address, "10.0.3.21");
}

TEST(EventText, MalformedInputIsALocatedError) {
  struct Case {
    const char *text;
    uint64_t line;
    const char *says;
  };
  const Case cases[] = {
      {"", 1, "empty input"},
      {"   \n\n  ", 1, "empty input"},
      {"hello world\n", 1, "unrecognised line"},
      {"Event Type: Error\nEvent Source: DCOM\nEvent ID: ten\nDescription:\nx\n", 3, "is not an event id"},
      {"Event Type: Error\nEvent Source: DCOM\nEvent ID: 99999999\nDescription:\nx\n", 3, "is not an event id"},
      {"Event Type: Error\nEvent Source: DCOM\nDescription:\nThe server did not register\n", 1, "no \"Event ID:\""},
      {"Event Type: Error\nEvent ID: 10010\nDescription:\nThe server x did not register\n", 1, "no \"Source:\""},
      {"Event Source: DCOM\nEvent ID: 10010\n", 2, "no \"Description:\""},
      {"<Event><System><EventID>10016</EventID>\n<Provider Name='x'>\n</Event>", 3, "malformed"},
      {"<Event><System><EventID>abc</EventID></System></Event>", 1, "is not an event id"},
      {"<Foo/>", 1, "without an <Event>"},
      {"<Event><Data/></Event>", 1, "no <System>"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.text);
    auto r = parseEventText(c.text, "paste.txt");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().source, "paste.txt");
    EXPECT_EQ(r.error().line, c.line) << r.error().str();
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().str();
  }
  // The text and its XML disagree.
  std::string mixed = auditFixture("modern-10016-with-xml.txt");
  const std::string original = "Event ID:      10016";
  mixed.replace(mixed.find(original), original.size(), "Event ID:      10015");
  auto r = parseEventText(mixed);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("its XML says 10016"), std::string::npos) << r.error().str();
}

TEST(EventText, OversizedInputIsRefused) {
  std::string big(MaxEventTextSize + 1, 'x');
  auto r = parseEventText(big);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("bytes"), std::string::npos);
}

TEST(EventText, RandomMutationsNeverCrash) {
  // A quick in-test version of fuzz/fuzz_event_text.cpp: mutated fixtures parse or fail cleanly.
  std::mt19937 rng(6);
  const char *fixtures[] = {"guide-10016-failed-activation.txt", "modern-10016-with-xml.txt",
                            "modern-4625-bad-password.txt", "guide-680-unknown-user.txt"};
  size_t parsed = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text = auditFixture(fixtures[round % 4]);
    for (int k = 0; k < 1 + round % 8; ++k) {
      size_t at = rng() % text.size();
      switch (rng() % 3) {
      case 0: text[at] = static_cast<char>(rng()); break;
      case 1: text.erase(at, rng() % 16); break;
      default: text.insert(at, std::string(1 + rng() % 4, static_cast<char>(rng()))); break;
      }
      if (text.empty())
        text = "x";
    }
    auto r = parseEventText(text);
    if (r.ok()) {
      ++parsed;
      (void)extractFacts(*r);
    } else {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  EXPECT_GT(parsed, 0u);
}

TEST(EventText, Utf16WithByteOrderMark) {
  // Notepad's "Unicode" (UTF-16LE with BOM), as a pasted event is often saved.
  std::string utf8 = auditFixture("guide-10016-failed-activation.txt");
  std::string utf16 = "\xFF\xFE";
  for (char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  auto r = parseEventText(utf16);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EventFacts f = extractFacts(*r);
  EXPECT_EQ(f.eventId, 10016u);
  EXPECT_EQ(f.clsid, "{13486D51-4821-11D2-A494-3CB306C10000}");
}
