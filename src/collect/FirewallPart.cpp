// Firewall profiles and rules through INetFwPolicy2 (the COM API behind the firewall MMC and
// netsh), written as `netsh advfirewall show allprofiles`, `show currentprofile` and
// `firewall show rule name=all verbose` print them (the fields the readers take).
#include "collect/Com.h"
#include "collect/Parts.h"

#include <netfw.h>

#include <fmt/format.h>

namespace dd::collect {
namespace {

const CLSID kNetFwPolicy2 = {0xe2b3c97f, 0x6ae1, 0x41ac, {0x81, 0x7a, 0xf6, 0xf9, 0x21, 0x66, 0xd7, 0xdd}};
const std::string kNetshDashes(70, '-');
constexpr long kAnyProtocol = 256; // NET_FW_IP_PROTOCOL_ANY (icftypes.h of Windows; mingw's lacks it)

struct Profile {
  NET_FW_PROFILE_TYPE2 type;
  const char *name;
};
constexpr Profile kProfiles[] = {
    {NET_FW_PROFILE2_DOMAIN, "Domain"}, {NET_FW_PROFILE2_PRIVATE, "Private"}, {NET_FW_PROFILE2_PUBLIC, "Public"}};

std::string setting(std::string_view key, std::string_view value) { return fmt::format("{:<38}{}\n", key, value); }

std::string profileText(INetFwPolicy2 *policy, const Profile &p) {
  VARIANT_BOOL on = VARIANT_FALSE;
  NET_FW_ACTION in = NET_FW_ACTION_BLOCK, outbound = NET_FW_ACTION_ALLOW;
  policy->get_FirewallEnabled(p.type, &on);
  policy->get_DefaultInboundAction(p.type, &in);
  policy->get_DefaultOutboundAction(p.type, &outbound);
  std::string t = fmt::format("\n{} Profile Settings: \n{}\n", p.name, kNetshDashes);
  t += setting("State", on ? "ON" : "OFF");
  t += setting("Firewall Policy", fmt::format("{}Inbound,{}Outbound", in == NET_FW_ACTION_ALLOW ? "Allow" : "Block",
                                              outbound == NET_FW_ACTION_ALLOW ? "Allow" : "Block"));
  return t;
}

std::string profilesText(INetFwPolicy2 *policy, long types) {
  std::string t;
  for (const Profile &p : kProfiles)
    if (types & p.type)
      t += profileText(policy, p);
  return t + "Ok.\n\n";
}

std::string profileNames(long mask) {
  if (mask == NET_FW_PROFILE2_ALL || (mask & 7) == 7)
    return "Domain,Private,Public";
  std::string names;
  for (const Profile &p : kProfiles)
    if (mask & p.type)
      names += (names.empty() ? "" : ",") + std::string(p.name);
  return names;
}

std::string protocolName(long protocol) {
  switch (protocol) {
  case NET_FW_IP_PROTOCOL_TCP: return "TCP";
  case NET_FW_IP_PROTOCOL_UDP: return "UDP";
  case 1: return "ICMPv4";
  case 58: return "ICMPv6";
  case kAnyProtocol: return "Any";
  default: return std::to_string(protocol);
  }
}

std::string orAny(std::string s) { return s.empty() || s == "*" ? "Any" : s; }

std::string ruleText(INetFwRule *rule) {
  BSTR text = nullptr;
  auto get = [&](HRESULT (STDMETHODCALLTYPE INetFwRule::*getter)(BSTR *)) {
    text = nullptr;
    return SUCCEEDED((rule->*getter)(&text)) ? takeBstr(text) : std::string();
  };
  VARIANT_BOOL enabled = VARIANT_FALSE, edge = VARIANT_FALSE;
  NET_FW_RULE_DIRECTION direction = NET_FW_RULE_DIR_IN;
  NET_FW_ACTION action = NET_FW_ACTION_BLOCK;
  long profiles = 0, protocol = kAnyProtocol;
  rule->get_Enabled(&enabled);
  rule->get_Direction(&direction);
  rule->get_Action(&action);
  rule->get_Profiles(&profiles);
  rule->get_Protocol(&protocol);
  rule->get_EdgeTraversal(&edge);
  std::string t = fmt::format("\n{:<38}{}\n{}\n", "Rule Name:", get(&INetFwRule::get_Name), kNetshDashes);
  auto field = [&](std::string_view key, std::string_view value) {
    t += fmt::format("{:<38}{}\n", std::string(key) + ":", value);
  };
  field("Description", get(&INetFwRule::get_Description));
  field("Enabled", enabled ? "Yes" : "No");
  field("Direction", direction == NET_FW_RULE_DIR_OUT ? "Out" : "In");
  field("Profiles", profileNames(profiles));
  field("Grouping", get(&INetFwRule::get_Grouping));
  field("LocalIP", orAny(get(&INetFwRule::get_LocalAddresses)));
  field("RemoteIP", orAny(get(&INetFwRule::get_RemoteAddresses)));
  field("Protocol", protocolName(protocol));
  if (protocol == NET_FW_IP_PROTOCOL_TCP || protocol == NET_FW_IP_PROTOCOL_UDP) {
    field("LocalPort", orAny(get(&INetFwRule::get_LocalPorts)));
    field("RemotePort", orAny(get(&INetFwRule::get_RemotePorts)));
  }
  field("Edge traversal", edge ? "Yes" : "No");
  if (std::string program = get(&INetFwRule::get_ApplicationName); !program.empty())
    field("Program", program);
  if (std::string service = get(&INetFwRule::get_ServiceName); !service.empty())
    field("Service", service);
  field("InterfaceTypes", orAny(get(&INetFwRule::get_InterfaceTypes)));
  field("Action", action == NET_FW_ACTION_ALLOW ? "Allow" : "Block");
  return t;
}

// Every rule through the rules collection's enumerator; an HRESULT when it cannot be walked.
HRESULT rulesText(INetFwPolicy2 *policy, std::string &t) {
  ComPtr<INetFwRules> rules;
  ComPtr<IUnknown> unknown;
  ComPtr<IEnumVARIANT> items;
  HRESULT hr = policy->get_Rules(rules.out());
  if (SUCCEEDED(hr))
    hr = rules->get__NewEnum(unknown.out());
  if (SUCCEEDED(hr))
    hr = unknown->QueryInterface(__uuidof(IEnumVARIANT), reinterpret_cast<void **>(items.out()));
  if (FAILED(hr))
    return hr;
  size_t count = 0;
  VARIANT item;
  VariantInit(&item);
  while (items->Next(1, &item, nullptr) == S_OK) {
    ComPtr<INetFwRule> rule;
    if (item.vt == VT_DISPATCH && item.pdispVal &&
        SUCCEEDED(item.pdispVal->QueryInterface(__uuidof(INetFwRule), reinterpret_cast<void **>(rule.out())))) {
      t += ruleText(rule.get());
      ++count;
    }
    VariantClear(&item);
  }
  t += count ? "Ok.\n\n" : "\nNo rules match the specified criteria.\n\n";
  return S_OK;
}

} // namespace

void collectFirewall(Output &out) {
  ComApartment com;
  ComPtr<INetFwPolicy2> policy;
  HRESULT hr = CoCreateInstance(kNetFwPolicy2, nullptr, CLSCTX_INPROC_SERVER, __uuidof(INetFwPolicy2),
                                reinterpret_cast<void **>(policy.out()));
  if (FAILED(hr)) {
    out.missing("firewall-profiles.txt, firewall-currentprofile.txt, firewall-rules.txt (INetFwPolicy2)", winError(hr));
    return;
  }
  long current = 0;
  if (SUCCEEDED(hr = policy->get_CurrentProfileTypes(&current)))
    out.writeText("firewall-currentprofile.txt", profilesText(policy.get(), current));
  else
    out.missing("firewall-currentprofile.txt (CurrentProfileTypes)", winError(hr));
  out.writeText("firewall-profiles.txt", profilesText(policy.get(), NET_FW_PROFILE2_ALL));
  std::string rules;
  if (SUCCEEDED(hr = rulesText(policy.get(), rules)))
    out.writeText("firewall-rules.txt", rules);
  else
    out.missing("firewall-rules.txt (INetFwPolicy2::Rules)", winError(hr));
}

} // namespace dd::collect
