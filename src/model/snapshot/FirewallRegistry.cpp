// Reader of the firewall's registry stores (see FirewallRegistry.h).
#include "model/snapshot/FirewallRegistry.h"

#include "registry/Registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace dd::model::snapshot {

std::optional<size_t> firewallProfileIndex(std::string_view name) {
  for (size_t i = 0; i < kFirewallProfileNames.size(); ++i)
    if (iequals(name, kFirewallProfileNames[i]))
      return i;
  return std::nullopt;
}

namespace {

constexpr std::string_view kLocalKey =
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy";
constexpr std::string_view kPolicyKey = "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall";
// The profile keys of each store, in kFirewallProfileNames' order.
constexpr std::array<std::string_view, 3> kLocalProfileKeys = {"DomainProfile", "StandardProfile", "PublicProfile"};
constexpr std::array<std::string_view, 3> kPolicyProfileKeys = {"DomainProfile", "PrivateProfile", "PublicProfile"};

// --------------------------------------------------------------------------------------------
// Rule strings

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "v2.10": "v", digits, ".", digits.
bool isVersion(std::string_view s) {
  if (s.size() < 4 || (s[0] != 'v' && s[0] != 'V'))
    return false;
  size_t dot = s.find('.');
  return dot != std::string_view::npos && allDigits(s.substr(1, dot - 1)) && allDigits(s.substr(dot + 1));
}

// Protocol=6 -> "TCP" (the names netsh prints), others as the number.
Result<std::string> protocolName(std::string_view value) {
  if (!allDigits(value) || value.size() > 3 || std::stoi(std::string(value)) > 255)
    return Error::at(fmt::format("Protocol \"{}\": expected a protocol number 0 to 255", value));
  switch (std::stoi(std::string(value))) {
  case 1: return std::string("ICMPv4");
  case 6: return std::string("TCP");
  case 17: return std::string("UDP");
  case 58: return std::string("ICMPv6");
  default: return std::string(value);
  }
}

// A value that must be one of `words` (case as the grammar writes it, compared without case):
// the grammar's own spelling.
Result<std::string> oneOf(std::string_view field, std::string_view value,
                          std::initializer_list<std::string_view> words) {
  for (std::string_view w : words)
    if (iequals(value, w))
      return std::string(w);
  std::string expected;
  for (std::string_view w : words)
    expected += (expected.empty() ? "" : ", ") + std::string(w);
  return Error::at(fmt::format("{} \"{}\": expected {}", field, value, expected));
}

// PORT-VAL: "135" or "49152-65535", ports 1 to 65535, the first not above the last.
bool isPortOrRange(std::string_view s) {
  size_t dash = s.find('-');
  std::string_view first = s.substr(0, dash), last = dash == std::string_view::npos ? first : s.substr(dash + 1);
  if (!allDigits(first) || !allDigits(last) || first.size() > 5 || last.size() > 5)
    return false;
  int a = std::stoi(std::string(first)), b = std::stoi(std::string(last));
  return a >= 1 && b <= 65535 && a <= b;
}

// LPort, LPort2_10, LPort2_20, ...: a port, a range, or a keyword (kept as written).
Result<void> addLocalPort(FirewallRule &r, std::string_view value) {
  if (value.empty())
    return Error::at("LPort without a value");
  if (std::isdigit(static_cast<unsigned char>(value.front())) && !isPortOrRange(value))
    return Error::at(fmt::format("LPort \"{}\": expected a port, a range a-b (1 to 65535) or a keyword", value));
  r.localPorts.emplace_back(value);
  return {};
}

// RA4, RA6, RA42, RA62: an address, subnet, range or keyword; LocalSubnet once for both families.
void addRemoteAddress(FirewallRule &r, std::string_view value) {
  if (value.empty() || value == "*")
    return;
  for (const std::string &a : r.remoteAddresses)
    if (iequals(a, value))
      return;
  r.remoteAddresses.emplace_back(value);
}

bool isLocalPortField(std::string_view key) {
  return key == "LPort" || (key.size() > 5 && key.substr(0, 6) == "LPort2");
}
bool isRemoteAddressField(std::string_view key) {
  return key == "RA4" || key == "RA6" || key == "RA42" || key == "RA62";
}

// One "Key=Value" field into the rule; fields the model does not use are skipped.
Result<void> applyField(FirewallRule &r, std::string_view key, std::string_view value) {
  if (key == "Action") {
    auto a = oneOf(key, value, {"Allow", "Block", "ByPass"});
    if (!a)
      return a.error();
    r.action = *a == "ByPass" ? "Bypass" : *a; // netsh's spelling
  } else if (key == "Active") {
    auto a = oneOf(key, value, {"TRUE", "FALSE"});
    if (!a)
      return a.error();
    r.enabled = *a == "TRUE";
  } else if (key == "Dir") {
    auto d = oneOf(key, value, {"In", "Out"});
    if (!d)
      return d.error();
    r.inbound = *d == "In";
  } else if (key == "Protocol") {
    auto p = protocolName(value);
    if (!p)
      return p.error();
    r.protocol = *p;
  } else if (key == "Profile") {
    auto p = oneOf(key, value, {"Domain", "Private", "Public"});
    if (!p)
      return p.error();
    if (std::find(r.profiles.begin(), r.profiles.end(), *p) == r.profiles.end())
      r.profiles.push_back(*p);
  } else if (isLocalPortField(key)) {
    return addLocalPort(r, value);
  } else if (isRemoteAddressField(key)) {
    addRemoteAddress(r, value);
  } else if (key == "App") {
    r.program = std::string(value);
  } else if (key == "Svc") {
    r.service = std::string(value);
  } else if (key == "Name") {
    r.name = std::string(value);
  }
  return {};
}

} // namespace

Result<FirewallRule> parseFirewallRuleString(std::string_view text) {
  FirewallRule r;
  r.protocol = "Any";
  bool first = true, action = false, direction = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t bar = std::min(text.find('|', start), text.size());
    std::string_view field = text.substr(start, bar - start);
    start = bar + 1;
    if (first) {
      if (!isVersion(field))
        return Error::at(fmt::format("starts with \"{}\", not a version such as \"v2.10\"", field.substr(0, 20)));
      first = false;
      continue;
    }
    if (field.empty())
      continue; // the "|" that ends the string
    size_t eq = field.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return Error::at(fmt::format("field \"{}\" is not Key=Value", field.substr(0, 40)));
    std::string_view key = field.substr(0, eq), value = field.substr(eq + 1);
    if (auto f = applyField(r, key, value); !f)
      return f.error();
    action = action || key == "Action";
    direction = direction || key == "Dir";
  }
  if (!action || !direction)
    return Error::at(fmt::format("no {} field", !action ? "Action" : "Dir"));
  if (r.profiles.empty())
    r.profiles.assign(kFirewallProfileNames.begin(), kFirewallProfileNames.end());
  return r;
}

namespace {

// --------------------------------------------------------------------------------------------
// Stores

constexpr std::string_view kWayOut =
    "export the key again (collect.cmd), or delete this value's line from the file to read the other rules";

std::string fullPath(std::string_view keyPath, std::string_view name) {
  return std::string(keyPath) + "\\" + std::string(name);
}

std::optional<StoreSetting> readDword(const registry::Key &key, std::string_view keyPath, std::string_view name) {
  registry::Value v = key.value(name);
  if (!v)
    return std::nullopt;
  auto n = v.asNumber();
  if (!n)
    return std::nullopt; // not a number: Windows ignores it too
  return StoreSetting{static_cast<uint32_t>(*n), v.line(), fullPath(keyPath, name)};
}

void readProfiles(FirewallStore &store, const registry::Key &root, std::string_view rootPath,
                  const std::array<std::string_view, 3> &keys) {
  for (size_t i = 0; i < keys.size(); ++i) {
    registry::Key k = root.subkey(keys[i]);
    std::string path = fullPath(rootPath, keys[i]);
    store.profiles[i].enableFirewall = readDword(k, path, "EnableFirewall");
    if (store.groupPolicy)
      store.profiles[i].allowLocalPolicyMerge = readDword(k, path, "AllowLocalPolicyMerge");
  }
}

Result<void> readRules(FirewallStore &store, const registry::Key &root, std::string_view rootPath) {
  std::string path = fullPath(rootPath, "FirewallRules");
  registry::Key rules = root.subkey("FirewallRules");
  store.hasRulesKey = static_cast<bool>(rules);
  for (registry::Value v : rules.values()) {
    auto fail = [&](const std::string &what) {
      return Error::atLine(store.source, v.line(),
                           fmt::format("FirewallRules value \"{}\": {}; {}", v.name(), what, kWayOut));
    };
    if (v.type() != registry::regtype::Sz && v.type() != registry::regtype::ExpandSz)
      return fail(fmt::format("a {}, not a rule string", registry::typeName(v.type())));
    auto text = v.asString();
    if (!text)
      return fail(text.error().message);
    auto rule = parseFirewallRuleString(*text);
    if (!rule)
      return fail(rule.error().message);
    StoreRule sr{std::string(v.name()), v.line(), fullPath(path, v.name()), std::move(*rule)};
    if (sr.rule.name.empty())
      sr.rule.name = sr.id;
    sr.rule.line = sr.line;
    store.rules.push_back(std::move(sr));
  }
  return {};
}

// The store's key: as named, or for the local store under a numbered control set (an export of
// an offline SYSTEM hive names ControlSet001, the set CurrentControlSet stands for).
registry::Key storeKey(const registry::Registry &reg, bool groupPolicy) {
  if (registry::Key k = reg.findKey(groupPolicy ? kPolicyKey : kLocalKey); k || groupPolicy)
    return k;
  for (registry::Key set : reg.findKey("HKLM\\SYSTEM").subkeys())
    if (istartsWith(set.name(), "ControlSet"))
      if (registry::Key k = set.subkey("Services\\SharedAccess\\Parameters\\FirewallPolicy"))
        return k;
  return {};
}

Result<FirewallStore> parseStore(std::span<const uint8_t> bytes, const std::string &source, bool groupPolicy) {
  registry::Registry reg;
  if (auto r = reg.loadRegText(bytes, source); !r)
    return r.error();
  if (!reg.diagnostics().empty()) // a line reg.exe would not import: a damaged file
    return reg.diagnostics().front();
  std::string_view rootPath = groupPolicy ? kPolicyKey : kLocalKey;
  registry::Key root = storeKey(reg, groupPolicy);
  if (!root)
    return Error::atLine(source, 1,
                         fmt::format("no [{}] key: not a `reg export` of it (collect.cmd writes it)",
                                     registry::canonicalPath(rootPath)));
  FirewallStore store;
  store.source = source;
  store.groupPolicy = groupPolicy;
  readProfiles(store, root, rootPath, groupPolicy ? kPolicyProfileKeys : kLocalProfileKeys);
  if (auto r = readRules(store, root, rootPath); !r)
    return r.error();
  return store;
}

bool namesProfile(const FirewallRule &r, size_t profile) {
  return std::any_of(r.profiles.begin(), r.profiles.end(),
                     [&](const std::string &p) { return iequals(p, kFirewallProfileNames[profile]); });
}

} // namespace

Result<FirewallStore> parseFirewallPolicyReg(std::span<const uint8_t> bytes, const std::string &source) {
  return parseStore(bytes, source, false);
}

Result<FirewallStore> parseFirewallGpoReg(std::span<const uint8_t> bytes, const std::string &source) {
  return parseStore(bytes, source, true);
}

std::optional<EffectiveSetting> effectiveEnableFirewall(const FirewallStore &local, const FirewallStore *policy,
                                                        size_t profile) {
  for (const FirewallStore *store : {policy, &local})
    if (store && store->profiles[profile].enableFirewall) {
      const StoreSetting &s = *store->profiles[profile].enableFirewall;
      return EffectiveSetting{s.value != 0, store, &s};
    }
  return std::nullopt;
}

bool localRulesApply(const FirewallStore *policy, size_t profile) {
  if (!policy)
    return true;
  const auto &merge = policy->profiles[profile].allowLocalPolicyMerge;
  return !merge || merge->value != 0;
}

std::vector<EffectiveRule> effectiveRules(const FirewallStore &local, const FirewallStore *policy,
                                          std::optional<size_t> profile) {
  auto applies = [&](const FirewallStore &store, const FirewallRule &r) {
    for (size_t p = 0; p < kFirewallProfileNames.size(); ++p)
      if ((!profile || *profile == p) && namesProfile(r, p) && (store.groupPolicy || localRulesApply(policy, p)))
        return true;
    return false;
  };
  std::vector<EffectiveRule> out;
  for (const FirewallStore *store : {policy, &local})
    if (store)
      for (const StoreRule &sr : store->rules)
        if (applies(*store, sr.rule))
          out.push_back({store, &sr});
  return out;
}

} // namespace dd::model::snapshot
