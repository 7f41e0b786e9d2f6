// A snapshot's firewall: the registry stores (firewall-policy.reg, firewall-gpo.reg) when present,
// else netsh's profiles and rules.
#include "model/snapshot/SnapshotParts.h"

#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/FirewallRegistry.h"
#include "model/snapshot/FirewallRules.h"

#include <fmt/format.h>

#include <charconv>

namespace dd::model::snapshot {

namespace {

// "10.0.3.0/255.255.255.0" -> "10.0.3.0/24", "10.0.3.21/32" -> "10.0.3.21"; others unchanged.
std::string normalizeAddress(std::string_view a) {
  size_t slash = a.find('/');
  if (slash == std::string_view::npos)
    return std::string(a);
  std::string_view mask = a.substr(slash + 1);
  std::string base(a.substr(0, slash));
  if (mask.find('.') != std::string_view::npos) {
    uint32_t m = 0;
    int parts = 0;
    for (const std::string &p : splitList(mask, '.')) {
      unsigned v = 0;
      auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
      if (ec != std::errc() || v > 255)
        return std::string(a);
      m = (m << 8) | v;
      ++parts;
    }
    if (parts != 4)
      return std::string(a);
    int prefix = 0;
    while (prefix < 32 && (m & (0x80000000u >> prefix)))
      ++prefix;
    if (prefix < 32 && (m << prefix) != 0)
      return std::string(a); // not a contiguous mask
    return prefix == 32 ? base : fmt::format("{}/{}", base, prefix);
  }
  if (mask == "32")
    return base;
  return std::string(a);
}

// %ProgramFiles% and friends as netsh prints them for rules created with them.
std::string expandProgramPath(std::string path) {
  struct Var {
    std::string_view name, value;
  };
  static constexpr Var kVars[] = {{"%ProgramFiles(x86)%", "C:\\Program Files (x86)"},
                                  {"%ProgramFiles%", "C:\\Program Files"},
                                  {"%SystemRoot%", "C:\\Windows"},
                                  {"%windir%", "C:\\Windows"},
                                  {"%SystemDrive%", "C:"}};
  for (const Var &v : kVars)
    if (istartsWith(path, v.name))
      return std::string(v.value) + path.substr(v.name.size());
  return path;
}

// A rule of either source in the model's form.
model::FirewallRule modelRule(const snapshot::FirewallRule &r, Provenance from) {
  model::FirewallRule m;
  m.name = r.name;
  m.enabled = r.enabled;
  m.allow = !iequals(r.action, "Block");
  m.protocol = r.protocol.empty() ? "Any" : r.protocol;
  for (const std::string &port : r.localPorts) {
    if (iequals(port, "Any"))
      continue;
    if (iequals(port, "RPC-EPMap"))
      m.rpcEndpointMapper = true;
    else if (iequals(port, "RPC"))
      m.rpcDynamic = true;
    else if (auto pr = parsePortRange(port))
      m.ports.push_back(*pr);
    // IPHTTPS, Teredo, PlayToDiscovery ...: not ports DCOM uses; the rule then matches none.
    else
      m.ports.push_back(PortRange{0, 0});
  }
  if (!r.program.empty())
    m.program = expandProgramPath(r.program);
  for (const std::string &a : r.remoteAddresses)
    if (!iequals(a, "Any"))
      m.remote.push_back(normalizeAddress(a));
  m.from = std::move(from);
  return m;
}

// The profile headers of a netsh profiles file, or none when it cannot be read (only the
// current profile's identity is taken from them).
std::vector<NetshProfileHeader> profileHeaders(const Folder &f, const char *file) {
  if (!f.has(file))
    return {};
  auto bytes = readFileBytes(f.dir / file);
  if (!bytes)
    return {};
  auto headers = readNetshProfileHeaders(*bytes, f.display(file));
  return headers ? std::move(*headers) : std::vector<NetshProfileHeader>{};
}

// The profile in force by its netsh header, in any language: currentprofile prints the same
// header as allprofiles does at that profile's place. Empty when the files do not tell.
std::string currentProfileByHeader(const Folder &f) {
  std::vector<NetshProfileHeader> cur = profileHeaders(f, files::FirewallCurrentProfile);
  if (cur.empty())
    return {};
  return currentProfileName(cur.front().text, profileHeaders(f, files::FirewallProfiles)).value_or("");
}

// EnableFirewall of the profile in force; without it, on when any profile is on (the stricter
// reading, as with the netsh files).
void applyEnableFirewall(Host &host, const FirewallStore &local, const FirewallStore *policy,
                         std::optional<size_t> current) {
  std::optional<EffectiveSetting> shown;
  for (size_t p = 0; p < kFirewallProfileNames.size(); ++p)
    if (!current || *current == p)
      if (auto on = effectiveEnableFirewall(local, policy, p); on && (!shown || (on->on && !shown->on)))
        shown = on;
  if (shown)
    host.firewall.enabled = {
        shown->on,
        Provenance::snapshot(shown->store->source, static_cast<uint32_t>(shown->setting->line), shown->setting->where)};
}

// firewall-policy.reg (and firewall-gpo.reg): the state and rules in words Windows does not
// translate. The netsh files only say which profile is in force; their rules are not read.
Result<void> applyFirewallRegistry(Host &host, const Folder &f, const FirewallStore &local) {
  std::optional<FirewallStore> gpo;
  if (f.has(files::FirewallGpoReg)) {
    auto read = f.parse(files::FirewallGpoReg, parseFirewallGpoReg);
    if (!read && !f.skipped(read.error()))
      return read.error();
    if (read)
      gpo = std::move(*read);
  }
  const FirewallStore *policy = gpo ? &*gpo : nullptr;
  std::optional<size_t> current = firewallProfileIndex(currentProfileByHeader(f));
  if (!current && f.has(files::FirewallCurrentProfile))
    f.state->gaps.push_back(Fact<std::string>{
        "the firewall profile in force is not known (its netsh header is not one of firewall-profiles.txt's): "
        "the firewall counts as on when any profile is, and the rules of every profile count",
        at(f, files::FirewallCurrentProfile, 0, files::FirewallCurrentProfile)});
  applyEnableFirewall(host, local, policy, current);
  host.firewall.rules.clear();
  for (const EffectiveRule &e : effectiveRules(local, policy, current))
    if (e.rule->rule.inbound)
      host.firewall.rules.push_back(modelRule(
          e.rule->rule, Provenance::snapshot(e.store->source, static_cast<uint32_t>(e.rule->line), e.rule->where)));
  return {};
}

// The netsh files: today's reading when the registry stores are not in the snapshot.
Result<void> applyFirewallNetsh(Host &host, const Folder &f) {
  std::string currentProfile;
  if (f.has(files::FirewallCurrentProfile)) {
    auto cur = f.parse(files::FirewallCurrentProfile, parseFirewallProfiles);
    if (!cur)
      return cur.error();
    const FirewallProfile &p = cur->profiles.front();
    currentProfile = p.name;
    if (p.namedByPlace) // a header no table knows: its place in allprofiles names it
      currentProfile = currentProfileName(p.header, profileHeaders(f, files::FirewallProfiles)).value_or(p.name);
    host.firewall.enabled = {p.on, at(f, files::FirewallCurrentProfile, p.stateLine,
                                      "netsh advfirewall " + currentProfile + " profile State (current profile)")};
  } else if (f.has(files::FirewallProfiles)) {
    auto all = f.parse(files::FirewallProfiles, parseFirewallProfiles);
    if (!all)
      return all.error();
    // Without the current profile: on when any profile is on (the stricter reading).
    const FirewallProfile *on = nullptr;
    for (const auto &p : all->profiles)
      if (p.on && !on)
        on = &p;
    const FirewallProfile &shown = on ? *on : all->profiles.front();
    host.firewall.enabled = {on != nullptr, at(f, files::FirewallProfiles, shown.stateLine,
                                               "netsh advfirewall " + shown.name + " profile State")};
  }
  if (!f.has(files::FirewallRules))
    return {};
  auto rules = f.parse(files::FirewallRules, parseFirewallRules);
  if (!rules)
    return rules.error();
  host.firewall.rules.clear();
  for (const snapshot::FirewallRule &r : rules->rules) {
    if (!r.inbound)
      continue;
    if (!currentProfile.empty()) {
      bool applies = false;
      for (const std::string &p : r.profiles)
        applies = applies || iequals(p, currentProfile) || iequals(p, "Any");
      if (!applies)
        continue;
    }
    host.firewall.rules.push_back(
        modelRule(r, at(f, files::FirewallRules, r.line, "netsh advfirewall firewall rule \"" + r.name + "\"")));
  }
  return {};
}

} // namespace

// firewall-policy.reg when the snapshot has it (an unreadable one is skipped, unless strict, and
// the netsh files are read instead; so is Windows XP's, which has no rule strings), else the
// netsh files.
Result<void> applyFirewall(Host &host, const Folder &f) {
  if (f.has(files::FirewallPolicyReg)) {
    auto local = f.parse(files::FirewallPolicyReg, parseFirewallPolicyReg);
    if (local && local->hasRulesKey)
      return applyFirewallRegistry(host, f, *local);
    if (!local && !f.skipped(local.error()))
      return local.error();
  }
  return applyFirewallNetsh(host, f);
}

} // namespace dd::model::snapshot
