// netsh advfirewall: `firewall show rule name=all verbose` (per rule "Rule Name:", dashes,
// "Key:" in column 39, an indented ICMP "Type Code" table, "Ok." at the end) and `show
// allprofiles` ("<Name> Profile Settings:", dashes, "State ON", a "Logging:" block, "Ok.").
// Format: Microsoft's "Netsh AdvFirewall Firewall Commands" / "Netsh AdvFirewall Commands"
// pages and their output on Windows 10.
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/FirewallRules.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

static const char *kRules = R"(
Rule Name:                            DCOM (TCP 135)
----------------------------------------------------------------------
Description:                          RPC endpoint mapper
Enabled:                              Yes
Direction:                            In
Profiles:                             Domain,Private,Public
Grouping:
LocalIP:                              Any
RemoteIP:                             10.0.3.0/255.255.255.0,10.0.4.7/32
Protocol:                             TCP
LocalPort:                            135
RemotePort:                           Any
Edge traversal:                       No
InterfaceTypes:                       Any
Security:                             NotRequired
Rule source:                          Local Setting
Action:                               Allow

Rule Name:                            File and Printer Sharing (Echo Request - ICMPv4-In)
----------------------------------------------------------------------
Enabled:                              No
Direction:                            In
Profiles:                             Private,Public
Grouping:                             File and Printer Sharing
LocalIP:                              Any
RemoteIP:                             LocalSubnet
Protocol:                             ICMPv4
                                      Type    Code
                                      8       Any
Edge traversal:                       No
Program:                              C:\Program Files (x86)\Acme\opcda.exe
Action:                               Block
Ok.

)";

TEST(FirewallRules, ReadsRules) {
  auto r = parseFirewallRules(crlf(kRules), "firewall-rules.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->rules.size(), 2u);
  const FirewallRule &dcom = r->rules[0];
  EXPECT_EQ(dcom.name, "DCOM (TCP 135)");
  EXPECT_EQ(dcom.line, 2u);
  EXPECT_TRUE(dcom.enabled);
  EXPECT_TRUE(dcom.inbound);
  EXPECT_EQ(dcom.action, "Allow");
  EXPECT_EQ(dcom.localPorts, (std::vector<std::string>{"135"}));
  EXPECT_EQ(dcom.remoteAddresses, (std::vector<std::string>{"10.0.3.0/255.255.255.0", "10.0.4.7/32"}));
  EXPECT_EQ(dcom.profiles.size(), 3u);
  EXPECT_TRUE(dcom.program.empty());
  EXPECT_EQ(dcom.field("RemoteIP")->line, 10u);
  const FirewallRule &icmp = r->rules[1];
  EXPECT_FALSE(icmp.enabled);
  EXPECT_EQ(icmp.action, "Block");
  EXPECT_EQ(icmp.protocol.substr(0, 6), "ICMPv4");
  EXPECT_EQ(icmp.program, "C:\\Program Files (x86)\\Acme\\opcda.exe");
}

TEST(FirewallRules, NoRulesMatch) {
  auto r = parseFirewallRules(crlf("\nNo rules match the specified criteria.\n\n"), "f.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_TRUE(r->rules.empty());
}

TEST(FirewallRules, MalformedInputIsLocated) {
  EXPECT_TRUE(
      failsAt(parseFirewallRules(crlf("Enabled:   Yes\nOk.\n"), "f.txt"), "f.txt", 1, "before any \"Rule Name:\""));
  EXPECT_TRUE(failsAt(parseFirewallRules(crlf("Rule Name:  X\nEnabled:  Yes\n"), "f.txt"), "f.txt", 2, "dashed line"));
  EXPECT_TRUE(
      failsAt(parseFirewallRules(crlf("Rule Name:  X\n--------------------------\nGarbage line\nOk.\n"), "f.txt"),
              "f.txt", 3, "Key: value"));
  EXPECT_TRUE(failsAt(
      parseFirewallRules(
          crlf("Rule Name:  X\n--------------------------\nEnabled:  Perhaps\nDirection: In\nAction: Allow\nOk.\n"),
          "f.txt"),
      "f.txt", 3, "Yes or No"));
  EXPECT_TRUE(failsAt(
      parseFirewallRules(
          crlf("Rule Name:  X\n--------------------------\nEnabled:  Yes\nDirection: Sideways\nAction: Allow\nOk.\n"),
          "f.txt"),
      "f.txt", 4, "In or Out"));
  EXPECT_TRUE(
      failsAt(parseFirewallRules(
                  crlf("Rule Name:  X\n--------------------------\nEnabled:  Yes\nDirection: In\nAction: Maybe\nOk.\n"),
                  "f.txt"),
              "f.txt", 5, "Allow, Block"));
  EXPECT_TRUE(
      failsAt(parseFirewallRules(crlf("Rule Name:  X\n--------------------------\nEnabled:  Yes\nDirection: In\nOk.\n"),
                                 "f.txt"),
              "f.txt", 1, "lacks Action"));
  auto noOk = parseFirewallRules(
      crlf("Rule Name:  X\n--------------------------\nEnabled:  Yes\nDirection: In\nAction: Allow\n"), "f.txt");
  ASSERT_TRUE(noOk.ok()) << noOk.error().str(); // no "Ok.": read, with a note
  ASSERT_EQ(noOk->notes.size(), 1u);
  EXPECT_EQ(noOk->notes[0].line, 5u);
}

static const char *kProfiles = R"(
Domain Profile Settings: 
----------------------------------------------------------------------
State                                 ON
Firewall Policy                       BlockInbound,AllowOutbound
LocalFirewallRules                    N/A (GPO-store only)

Logging:
LogAllowedConnections                 Disable
MaxFileSize                           4096

Private Profile Settings: 
----------------------------------------------------------------------
State                                 OFF
Firewall Policy                       AllowInbound,AllowOutbound

Public Profile Settings: 
----------------------------------------------------------------------
State                                 ON
Firewall Policy                       BlockInbound,AllowOutbound
Ok.

)";

TEST(FirewallProfiles, ReadsStates) {
  auto p = parseFirewallProfiles(crlf(kProfiles), "firewall-profiles.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->profiles.size(), 3u);
  EXPECT_TRUE(p->find("Domain")->on);
  EXPECT_EQ(p->find("Domain")->stateLine, 4u);
  EXPECT_FALSE(p->find("Private")->on);
  EXPECT_FALSE(p->find("Private")->blocksInbound);
  EXPECT_TRUE(p->find("Public")->blocksInbound);
}

TEST(FirewallProfiles, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseFirewallProfiles(crlf("State   ON\nOk.\n"), "p.txt"), "p.txt", 1, "before any"));
  EXPECT_TRUE(
      failsAt(parseFirewallProfiles(crlf("Domain Profile Settings:\nState  ON\n"), "p.txt"), "p.txt", 2, "dashed"));
  EXPECT_TRUE(failsAt(
      parseFirewallProfiles(crlf("Domain Profile Settings:\n----------------------\nState  MAYBE\nOk.\n"), "p.txt"),
      "p.txt", 3, "ON or OFF"));
  EXPECT_TRUE(failsAt(parseFirewallProfiles(
                          crlf("Domain Profile Settings:\n----------------------\nFirewall Policy  X\nOk.\n"), "p.txt"),
                      "p.txt", 1, "no State"));
  auto noOk = parseFirewallProfiles(crlf("Domain Profile Settings:\n----------------------\nState  ON\n"), "p.txt");
  ASSERT_TRUE(noOk.ok()) << noOk.error().str();
  ASSERT_EQ(noOk->notes.size(), 1u);
  EXPECT_EQ(noOk->notes[0].line, 3u);
  EXPECT_TRUE(failsAt(parseFirewallProfiles(crlf("\n\n"), "p.txt"), "p.txt", 2, "Profile Settings"));
}
