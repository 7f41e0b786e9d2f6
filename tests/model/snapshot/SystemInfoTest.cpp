// systeminfo (English UI): "Key:" padded to column 28, indented "[NN]: ..." lists under
// Hotfix(s) and Network Card(s) (each NIC with Connection Name, DHCP Enabled, IP address(es)).
// Format: Microsoft's "systeminfo" page (Windows Commands) and its output on Windows 7 and
// Server 2019.
#include "model/snapshot/SystemInfo.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::failsAt;

static const char *kInfo = R"(
Host Name:                 HMI2
OS Name:                   Microsoft Windows 7 Professional 
OS Version:                6.1.7601 Service Pack 1 Build 7601
OS Configuration:          Standalone Workstation
System Type:               x64-based PC
Processor(s):              1 Processor(s) Installed.
                           [01]: Intel64 Family 6 Model 58 Stepping 9 GenuineIntel ~3392 Mhz
Virtual Memory: Max Size:  8,143 MB
Domain:                    WORKGROUP
Hotfix(s):                 2 Hotfix(s) Installed.
                           [01]: KB2534111
                           [02]: KB976902
Network Card(s):           2 NIC(s) Installed.
                           [01]: Intel(R) 82579LM Gigabit Network Connection
                                 Connection Name: Local Area Connection
                                 DHCP Enabled:    No
                                 IP address(es)
                                 [01]: 10.0.3.22
                                 [02]: fe80::1c2d:3e4f:5a6b:7c8d
                           [02]: Realtek PCIe GBE Family Controller
                                 Connection Name: Plant Network
                                 DHCP Enabled:    Yes
                                 DHCP Server:     192.168.1.1
                                 IP address(es)
                                 [01]: 192.168.1.50
)";

TEST(SystemInfo, ReadsIdentityHotfixesAndNics) {
  auto si = parseSystemInfo(crlf(kInfo), "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->hostName, "HMI2");
  EXPECT_EQ(si->osName, "Microsoft Windows 7 Professional");
  EXPECT_EQ(si->osVersion, "6.1.7601 Service Pack 1 Build 7601");
  EXPECT_EQ(si->osConfiguration, "Standalone Workstation");
  EXPECT_EQ(si->domain, "WORKGROUP");
  ASSERT_NE(si->field("Virtual Memory: Max Size"), nullptr);
  EXPECT_EQ(si->field("Virtual Memory: Max Size")->value, "8,143 MB");
  ASSERT_EQ(si->hotfixes.size(), 2u);
  EXPECT_EQ(si->hotfixes[1].id, "KB976902");
  EXPECT_EQ(si->hotfixes[1].line, 13u);
  ASSERT_EQ(si->networkCards.size(), 2u);
  EXPECT_EQ(si->networkCards[0].connectionName, "Local Area Connection");
  EXPECT_EQ(si->networkCards[0].addresses, (std::vector<std::string>{"10.0.3.22", "fe80::1c2d:3e4f:5a6b:7c8d"}));
  EXPECT_EQ(si->networkCards[1].name, "Realtek PCIe GBE Family Controller");
  EXPECT_EQ(si->networkCards[1].addresses, (std::vector<std::string>{"192.168.1.50"}));
}

TEST(SystemInfo, ReadsUtf16) {
  auto si = parseSystemInfo(dd::test::utf16(kInfo), "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->hostName, "HMI2");
}

TEST(SystemInfo, MalformedInputIsLocated) {
  EXPECT_TRUE(failsAt(parseSystemInfo(crlf("   [01]: KB1\n"), "s.txt"), "s.txt", 1, "before any field"));
  EXPECT_TRUE(failsAt(parseSystemInfo(crlf("Host Name:   X\nno colon here\n"), "s.txt"), "s.txt", 2, "Key:"));
  EXPECT_TRUE(failsAt(parseSystemInfo(crlf("Host Name:   X\nDomain:    W\n"), "s.txt"), "s.txt", 2, "not systeminfo"));
  EXPECT_TRUE(failsAt(
      parseSystemInfo(crlf("Host Name:   X\nOS Name:   W\nHotfix(s):   1 Hotfix(s) Installed.\n             KB1\n"),
                      "s.txt"),
      "s.txt", 4, "[NN]"));
}

// A hotfix list shorter than announced (a cut file, or systeminfo's own stop after about 245
// entries with a bare "[246]") is read as far as it goes, with a note on its line.
TEST(SystemInfo, ShortHotfixListIsANote) {
  auto si = parseSystemInfo(
      crlf("Host Name:   X\nOS Name:   Microsoft Windows 10 Pro\nOS Version:  10.0.19045 N/A Build 19045\n"
           "Hotfix(s):   3 Hotfix(s) Installed.\n             [01]: KB1\n             [02]: KB2\n"
           "             [3]\nNetwork Card(s): 1 NIC(s) Installed.\n             [01]: Intel\n"),
      "s.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->hotfixes.size(), 2u);
  EXPECT_EQ(si->declaredHotfixes, 3u);
  ASSERT_EQ(si->notes.size(), 2u); // the short list, and the fields missing after Network Card(s)
  EXPECT_EQ(si->notes[1].line, 7u);
  EXPECT_NE(si->notes[1].text.find("announces 3 hotfixes and lists 2"), std::string::npos);
  EXPECT_EQ(si->networkCards.size(), 1u);
}

// The OEM code page's trademark signs: an English console (437) prints "Microsoftr Windows
// Serverr 2008", a Western European one (850) the ® as byte 0xA9.
TEST(SystemInfo, TrademarkSignsDropped) {
  auto r437 = parseSystemInfo(
      crlf("Host Name:  A\nOS Name:    Microsoftr Windows Serverr 2008 Standard \nOS Version: 6.0.6001\n"), "s.txt");
  ASSERT_TRUE(r437.ok()) << r437.error().str();
  EXPECT_EQ(r437->osName, "Microsoft Windows Server 2008 Standard");
  std::vector<uint8_t> cp850 =
      crlf("Host Name:  A\nOS Name:    Microsoft\xA9 Windows Server\xA9 2008 Standard\nOS Version: 6.0.6001\n");
  auto r850 = parseSystemInfo(cp850, "s.txt");
  ASSERT_TRUE(r850.ok()) << r850.error().str();
  EXPECT_EQ(r850->osName, "Microsoft Windows Server 2008 Standard");
}
