// The firewall decision the simulator makes for TCP 135 and for a program's own port: address
// forms, which rule matches which need, and that a matching block rule wins over allow rules.
#include "sim/Firewall.h"

#include <gtest/gtest.h>

using namespace dd;
using namespace dd::sim;

namespace {

RuleNet parsed(const model::FirewallRule &r, const std::vector<uint32_t> &own = {}) {
  RuleNet n;
  n.rule = &r;
  for (const auto &rem : r.remote)
    if (auto range = parseRange(rem, own); range && !(range->first == 0 && range->last == 0xFFFFFFFFu))
      n.remote.push_back(*range);
  if (r.program) {
    n.program = *r.program;
    for (auto &c : n.program)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return n;
}

const model::PortRange kVistaRpc{49152, 65535};

} // namespace

TEST(Firewall, Ipv4) {
  EXPECT_EQ(parseIpv4("10.0.3.7"), 0x0A000307u);
  EXPECT_EQ(parseIpv4("255.255.255.255"), 0xFFFFFFFFu);
  for (const char *bad : {"", "10.0.3", "10.0.3.256", "10.0.3.7.1", "10.0.3.x", "1000.0.0.1", " 10.0.3.7", "10..3.7"})
    EXPECT_FALSE(parseIpv4(bad)) << bad;
}

TEST(Firewall, RemoteAddressForms) {
  auto r = parseRange("10.0.3.0/24", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 0x0A000300u);
  EXPECT_EQ(r->last, 0x0A0003FFu);
  r = parseRange("10.0.3.5-10.0.3.9", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->last - r->first, 4u);
  r = parseRange("LocalSubnet", {0x0A000315u});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 0x0A000300u);
  EXPECT_FALSE(parseRange("LocalSubnet", {})); // no own address: unknown
  r = parseRange("any", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->last, 0xFFFFFFFFu);
  r = parseRange("10.1.2.3/0", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 0u);
  EXPECT_FALSE(parseRange("10.0.3.0/33", {}));
  EXPECT_FALSE(parseRange("server.example", {}));
}

TEST(Firewall, EndpointMapperAndProgramPorts) {
  model::FirewallRule dcom;
  dcom.name = "DCOM 135";
  dcom.ports = {{135, 135}};
  dcom.remote = {"10.0.3.0/24"};
  model::FirewallRule opc;
  opc.name = "OPC server";
  opc.program = R"(C:\Program Files\Acme\OPCDA.exe)";
  std::vector<RuleNet> rules{parsed(dcom), parsed(opc)};
  const model::FirewallRule *by = nullptr;

  PortNeed epmap{PortNeed::EndpointMapper, {}, {}};
  EXPECT_TRUE(firewallAllows(rules, kVistaRpc, 0x0A000307u, epmap, &by));
  EXPECT_EQ(by, &dcom);
  EXPECT_FALSE(firewallAllows(rules, kVistaRpc, 0x0A000407u, epmap, &by)); // outside 10.0.3.0/24
  EXPECT_EQ(by, nullptr);
  EXPECT_FALSE(firewallAllows(rules, kVistaRpc, std::nullopt, epmap, &by)); // address unknown

  PortNeed server{PortNeed::Server, R"(c:\program files\acme\opcda.exe)", {}};
  EXPECT_TRUE(firewallAllows(rules, kVistaRpc, 0x0A000307u, server, &by));
  EXPECT_EQ(by, &opc);
  PortNeed other{PortNeed::Server, R"(c:\program files\acme\hmi.exe)", {}};
  EXPECT_FALSE(firewallAllows(rules, kVistaRpc, 0x0A000307u, other, &by));
}

TEST(Firewall, PortRulesForDynamicAndFixedPorts) {
  model::FirewallRule range;
  range.name = "RPC range";
  range.ports = {{49152, 65535}};
  model::FirewallRule fixed;
  fixed.name = "OPC 5000";
  fixed.ports = {{5000, 5000}};
  const model::FirewallRule *by = nullptr;
  PortNeed dynamicPort{PortNeed::Server, "x.exe", {}};
  EXPECT_TRUE(firewallAllows({parsed(range)}, kVistaRpc, 1u, dynamicPort, &by));
  EXPECT_FALSE(firewallAllows({parsed(range)}, model::PortRange{1025, 5000}, 1u, dynamicPort, &by)); // XP's range
  EXPECT_FALSE(firewallAllows({parsed(fixed)}, kVistaRpc, 1u, dynamicPort, &by));
  PortNeed endpoints{PortNeed::Server, "x.exe", uint16_t{5000}};
  EXPECT_TRUE(firewallAllows({parsed(fixed)}, kVistaRpc, 1u, endpoints, &by));
  model::FirewallRule rpc;
  rpc.name = "RPC dynamic";
  rpc.rpcDynamic = true;
  EXPECT_TRUE(firewallAllows({parsed(rpc)}, kVistaRpc, 1u, dynamicPort, &by));
  EXPECT_FALSE(firewallAllows({parsed(rpc)}, kVistaRpc, 1u, PortNeed{PortNeed::EndpointMapper, {}, {}}, &by));
}

TEST(Firewall, BlockRuleWins) {
  model::FirewallRule allowAll;
  allowAll.name = "allow all";
  model::FirewallRule block;
  block.name = "block 10.0.9.0/24";
  block.allow = false;
  block.remote = {"10.0.9.0/24"};
  std::vector<RuleNet> rules{parsed(allowAll), parsed(block)};
  const model::FirewallRule *by = nullptr;
  PortNeed epmap{PortNeed::EndpointMapper, {}, {}};
  EXPECT_FALSE(firewallAllows(rules, kVistaRpc, 0x0A000905u, epmap, &by));
  EXPECT_EQ(by, &block);
  EXPECT_TRUE(firewallAllows(rules, kVistaRpc, 0x0A000305u, epmap, &by));
  EXPECT_EQ(by, &allowAll);
  EXPECT_EQ(ruleText(nullptr), "no inbound rule");
  EXPECT_NE(ruleText(&block).find("\"block 10.0.9.0/24\""), std::string::npos);
}
