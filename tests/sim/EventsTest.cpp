// The events a prediction names, as each Windows version writes them (catalog/Events.h).
#include "model/PlantReader.h"
#include "sim/Simulator.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

using namespace dd;
using namespace dd::sim;

namespace {

// A domain LINE3 with the account opc, a server S and a client C in the domain; `extra` goes
// after opc's keys (to disable it) and `serverOs` is the server's Windows.
model::Plant plant(const std::string &extra, const std::string &serverOs = "windows-server-2019",
                   const std::string &serverDcom = "") {
  std::string text = R"TOML([[domain]]
name = "LINE3"
sid = "S-1-5-21-9-8-7"
[[domain.user]]
name = "opc"
password = "P"
)TOML" + extra + R"TOML(
[[host]]
name = "S"
os = ")TOML" + serverOs +
                     R"TOML("
domain = "LINE3"
addresses = ["10.0.0.1"]
[host.firewall]
enabled = false
)TOML" + serverDcom + R"TOML(
[[host.server]]
progid = "X.1"
clsid = "{00000000-0000-0000-0000-000000000001}"
launch_permission = "O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)"
access_permission = "O:BAG:BAD:(A;;CCDCLC;;;WD)"
[[host]]
name = "C"
domain = "LINE3"
addresses = ["10.0.0.2"]
)TOML";
  auto p = model::parsePlant(text, "events.toml", ".", {false});
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().str());
  return std::move(p).value();
}

const Event *find(const Outcome &o, int id) {
  for (const Event &e : o.events)
    if (e.id == id)
      return &e;
  return nullptr;
}

Prediction run(const model::Plant &p, const std::string &user) {
  Simulator sim(p);
  auto out = sim.predict(Request{"C", user, "", "S", "X.1", false}, Options{true, false});
  EXPECT_TRUE(out.ok());
  return std::move(out).value();
}

} // namespace

TEST(Events, LaunchLimitsRefusalIsWordedAsTheServersWindowsWritesIt) {
  // The machine-wide launch Limits grant remote launch to Administrators only: LINE3\opc is
  // refused. Windows Server 2008 R2 logs 10015 with the CLSID (Microsoft's 2008 R2 event list);
  // a current Windows Server logs 10027 "for COM Server applications", without CLSID (a capture
  // Microsoft published); Server 2003 logs 10014 (the guide). Before: 10015 on 2019 too.
  const std::string limits = "[host.dcom]\nmachine_launch_restriction = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)\"\n";
  struct Case {
    const char *os;
    int id;
    bool clsid;
  };
  for (Case c : {Case{"windows-server-2019", 10027, false}, Case{"windows-server-2016", 10027, false},
                 Case{"windows-server-2012r2", 10015, true}, Case{"windows-server-2008r2", 10015, true},
                 Case{"windows-server-2003", 10014, false}}) {
    SCOPED_TRACE(c.os);
    auto p = run(plant("", c.os, limits), "LINE3\\opc");
    ASSERT_EQ(p.connect.step, std::optional<Step>(Step::LaunchLimits));
    const Event *e = find(p.connect, c.id);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->message.find("{00000000-0000-0000-0000-000000000001}") != std::string::npos, c.clsid) << e->message;
    EXPECT_NE(e->message.find("LINE3\\opc"), std::string::npos) << e->message;
    if (c.id == 10027)
      EXPECT_EQ(e->message.rfind("The machine wide limit settings do not grant Remote ", 0), 0u) << e->message;
    if (c.id == 10027)
      EXPECT_NE(e->message.find(" permission for COM Server applications to the user LINE3\\opc SID (S-1-5-21-9-8-7-"),
                std::string::npos)
          << e->message;
  }
}

TEST(Events, LogonFailureOfADomainAccountNamesItsDomainAndTheClient) {
  // Microsoft, 4625: "Account Domain" is the account's domain; the client computer is
  // "Workstation Name". Before: the client computer in both.
  auto p = run(plant("enabled = false\n"), "LINE3\\opc");
  const Event *e = find(p.connect, 4625);
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->message.find("Account For Which Logon Failed: Security ID: NULL SID Account Name: opc Account "
                            "Domain: LINE3 "),
            std::string::npos)
      << e->message;
  EXPECT_NE(e->message.find("Workstation Name: C "), std::string::npos) << e->message;
  EXPECT_NE(e->message.find("Sub Status: 0xC0000072"), std::string::npos) << e->message;
}
