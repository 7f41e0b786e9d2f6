// Whether a TCP connection gets through a host's Windows Firewall, as the simulator asks it:
// TCP 135 (the endpoint mapper, RpcSs in svchost.exe) and the server's (or, for callbacks, the
// client's) own port, dynamic in the RPC range or fixed by an Endpoints entry. A host's inbound
// rules are parsed once (addresses and ranges to numbers, program paths to lower case); a block
// rule that matches wins over any allow rule, as in Windows Firewall.
#pragma once

#include "model/Plant.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::sim {

struct AddressRange {
  uint32_t first = 0, last = 0;
};

// "10.0.3.7" as a number; nullopt unless it is a dotted IPv4 address.
std::optional<uint32_t> parseIpv4(std::string_view s);
// A rule's remote address: "any", "*", "LocalSubnet" (a /24 around `own[0]`), "a-b", "a/n", "a".
std::optional<AddressRange> parseRange(std::string_view s, const std::vector<uint32_t> &own);

// An enabled inbound TCP rule, parsed.
struct RuleNet {
  const model::FirewallRule *rule = nullptr;
  std::vector<AddressRange> remote; // empty: any
  std::string program;              // lower case; empty: any program
};

// What a connection needs to get through a host's firewall.
struct PortNeed {
  enum Kind { EndpointMapper, Server } kind = EndpointMapper;
  std::string_view program;          // lower case exe (Server)
  std::optional<uint16_t> fixedPort; // Endpoints (Server)
};

// Whether `need` gets through `rules` from address `from` (nullopt: unknown); `by` receives the
// deciding rule (the block rule, or the first allow rule), or null when no rule matches.
bool firewallAllows(const std::vector<RuleNet> &rules, const model::PortRange &rpcRange, std::optional<uint32_t> from,
                    const PortNeed &need, const model::FirewallRule **by);

// "rule \"NAME\" (source)", or "no inbound rule" for null: the evidence of a firewall decision.
std::string ruleText(const model::FirewallRule *r);

} // namespace dd::sim
