// Windows Firewall decisions for the simulator (see Firewall.h).
#include "sim/Firewall.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>

namespace dd::sim {

using model::iequals;

std::optional<uint32_t> parseIpv4(std::string_view s) {
  uint32_t parts[4];
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    if (pos >= s.size() || !std::isdigit(static_cast<unsigned char>(s[pos])))
      return std::nullopt;
    uint32_t v = 0;
    size_t digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) && digits < 4) {
      v = v * 10 + static_cast<uint32_t>(s[pos++] - '0');
      ++digits;
    }
    if (v > 255)
      return std::nullopt;
    parts[i] = v;
    if (i < 3) {
      if (pos >= s.size() || s[pos] != '.')
        return std::nullopt;
      ++pos;
    }
  }
  if (pos != s.size())
    return std::nullopt;
  return (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3];
}

std::optional<AddressRange> parseRange(std::string_view s, const std::vector<uint32_t> &own) {
  if (iequals(s, "any") || s == "*")
    return AddressRange{0, 0xFFFFFFFFu};
  if (iequals(s, "LocalSubnet")) {
    if (own.empty())
      return std::nullopt;
    return AddressRange{own[0] & 0xFFFFFF00u, own[0] | 0xFFu}; // a /24, the common case *(approximation)*
  }
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    auto a = parseIpv4(s.substr(0, dash)), b = parseIpv4(s.substr(dash + 1));
    if (a && b)
      return AddressRange{*a, *b};
    return std::nullopt;
  }
  if (auto slash = s.find('/'); slash != std::string_view::npos) {
    auto a = parseIpv4(s.substr(0, slash));
    int bits = std::atoi(std::string(s.substr(slash + 1)).c_str());
    if (!a || bits < 0 || bits > 32)
      return std::nullopt;
    uint32_t mask = bits == 0 ? 0 : 0xFFFFFFFFu << (32 - bits);
    return AddressRange{*a & mask, (*a & mask) | ~mask};
  }
  if (auto a = parseIpv4(s))
    return AddressRange{*a, *a};
  return std::nullopt;
}

namespace {

bool inRanges(const std::vector<AddressRange> &ranges, std::optional<uint32_t> addr) {
  if (ranges.empty())
    return true;
  if (!addr)
    return false;
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const AddressRange &r) { return *addr >= r.first && *addr <= r.last; });
}

} // namespace

bool firewallAllows(const std::vector<RuleNet> &rules, const model::PortRange &rpcRange, std::optional<uint32_t> from,
                    const PortNeed &need, const model::FirewallRule **by) {
  auto matches = [&](const RuleNet &r) {
    if (!inRanges(r.remote, from))
      return false;
    const model::FirewallRule &fr = *r.rule;
    bool portAny = fr.ports.empty() && !fr.rpcDynamic && !fr.rpcEndpointMapper;
    if (need.kind == PortNeed::EndpointMapper) {
      if (!r.program.empty())
        return r.program.find("svchost.exe") != std::string::npos && (portAny || fr.rpcEndpointMapper);
      return portAny || fr.rpcEndpointMapper ||
             std::any_of(fr.ports.begin(), fr.ports.end(), [](const model::PortRange &p) { return p.contains(135); });
    }
    if (!r.program.empty() && r.program != need.program)
      return false;
    if (portAny || fr.rpcDynamic)
      return true;
    if (need.fixedPort)
      return std::any_of(fr.ports.begin(), fr.ports.end(),
                         [&](const model::PortRange &p) { return p.contains(*need.fixedPort); });
    return std::any_of(fr.ports.begin(), fr.ports.end(),
                       [&](const model::PortRange &p) { return p.first <= rpcRange.first && p.last >= rpcRange.last; });
  };
  const model::FirewallRule *allow = nullptr;
  for (const auto &r : rules) {
    if (!matches(r))
      continue;
    if (!r.rule->allow) {
      *by = r.rule;
      return false; // a block rule wins
    }
    if (!allow)
      allow = r.rule;
  }
  *by = allow;
  return allow != nullptr;
}

std::string ruleText(const model::FirewallRule *r) {
  return r ? fmt::format("rule \"{}\" ({})", r->name, r->from.origin()) : std::string("no inbound rule");
}

} // namespace dd::sim
