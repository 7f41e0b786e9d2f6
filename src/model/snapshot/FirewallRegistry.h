// The firewall as Windows keeps it in the registry, where nothing is translated: `reg export`
// of the local store (firewall-policy.reg:
// HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy) and of Group
// Policy's (firewall-gpo.reg: HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall; absent when no
// policy sets the firewall).
//
// Each store has a key per profile with the DWORD EnableFirewall (the local store names the
// Private profile StandardProfile; Group Policy's PrivateProfile, and adds AllowLocalPolicyMerge),
// and a FirewallRules key whose REG_SZ values are rule strings:
//   "v2.10|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|App=%SystemRoot%\system32\svchost.exe|
//    Svc=RpcSs|Name=@FirewallAPI.dll,-28539|Desc=...|EmbedCtxt=...|"
// Format: Microsoft's [MS-GPFAS] (Group Policy: Firewall and Advanced Security Data Structure)
// 2.2.2.19 "Firewall Rule and the Firewall Rule Grammar Rule" (the local store writes the same
// strings), 2.2.2.13 (address keywords), 2.2.3.1 (EnableFirewall), 2.2.3.13
// (AllowLocalPolicyMerge); [MS-FASP] 2.2.37 FW_RULE and 2.2.38 FW_PROFILE_CONFIG for what each
// field and setting means.
#pragma once

#include "model/snapshot/FirewallRules.h" // FirewallRule

#include <array>
#include <optional>

namespace dd::model::snapshot {

// The three profiles in the order netsh lists them ("Domain", "Private", "Public").
inline constexpr std::array<std::string_view, 3> kFirewallProfileNames = {"Domain", "Private", "Public"};
// "Private" -> 1; nullopt for a name that is not a profile (case-insensitive).
std::optional<size_t> firewallProfileIndex(std::string_view name);

// One rule string. Fields the reader takes: Action (Allow, Block, ByPass), Active (TRUE, FALSE;
// absent = not active, as FW_RULE_FLAGS_ACTIVE is then unset), Dir (In, Out), Protocol (a number:
// 6 "TCP", 17 "UDP", 1 "ICMPv4", 58 "ICMPv6", others as the number; absent "Any"), Profile
// (repeatable; absent = all three), LPort and its versioned forms LPort2_10, LPort2_20, ...
// (a port, a range a-b, or a keyword: RPC, RPC-EPMap, IPHTTPSIn, Ply2Disc, ... kept as written),
// RA4, RA6, RA42, RA62 (remote addresses: a.b.c.d, a.b.c.d/m, a-b, LocalSubnet and the other
// keywords, kept as written), App, Svc, Name (an indirect string "@FirewallAPI.dll,-28539" is
// kept as it is). Other fields are skipped: the grammar grows with each version.
// Errors (the message says what is wrong, the caller adds where): no "v<major>.<minor>" first; a
// field without '='; a value of Action, Active, Dir, Protocol or Profile outside the grammar; a
// port that starts with a digit and is not a port or range; no Action or no Dir.
Result<FirewallRule> parseFirewallRuleString(std::string_view text);

// A DWORD of a profile key and where it was read.
struct StoreSetting {
  uint32_t value = 0;
  size_t line = 0;   // of the value in the .reg file
  std::string where; // "HKLM\SYSTEM\...\FirewallPolicy\StandardProfile\EnableFirewall"
};

struct StoreProfile {
  std::optional<StoreSetting> enableFirewall;
  std::optional<StoreSetting> allowLocalPolicyMerge; // Group Policy's store only
};

struct StoreRule {
  std::string id;    // the value's name ("RemoteDesktop-UserMode-In-TCP", "{5B1F...}")
  size_t line = 0;   // of the value in the .reg file
  std::string where; // "HKLM\...\FirewallRules\<id>"
  FirewallRule rule; // line = the value's line; fields empty
};

// One exported store.
struct FirewallStore {
  std::string source;
  bool groupPolicy = false;
  // The store has a FirewallRules key (Vista and later; Windows XP's firewall keeps its
  // exceptions in other keys, which this reader does not take).
  bool hasRulesKey = false;
  std::array<StoreProfile, 3> profiles; // Domain, Private, Public
  std::vector<StoreRule> rules;         // in the file's order
};

// firewall-policy.reg (the local store) and firewall-gpo.reg (Group Policy's). Errors
// (file:line): not a .reg file, or a line of it reg.exe would not import; the store's key
// missing (file:1); a FirewallRules value that is not a string or not a rule string (its line;
// the message says which field and what to do).
Result<FirewallStore> parseFirewallPolicyReg(std::span<const uint8_t> bytes, const std::string &source);
Result<FirewallStore> parseFirewallGpoReg(std::span<const uint8_t> bytes, const std::string &source);

// What the two stores give together. Group Policy wins: a profile's EnableFirewall is the
// policy's when it sets one, else the local store's ([MS-FASP] 2.2.38: a setting of the policy
// store overrides the local one). The local store's rules apply in a profile only when the
// policy's AllowLocalPolicyMerge is not 0 there ([MS-GPFAS] 2.2.3.13, [MS-FASP] 2.2.38
// FW_PROFILE_CONFIG_ALLOW_LOCAL_POLICY_MERGE: when off, local rules are ignored).
struct EffectiveSetting {
  bool on = false;
  const FirewallStore *store = nullptr;
  const StoreSetting *setting = nullptr;
};
std::optional<EffectiveSetting> effectiveEnableFirewall(const FirewallStore &local, const FirewallStore *policy,
                                                        size_t profile);
bool localRulesApply(const FirewallStore *policy, size_t profile);

struct EffectiveRule {
  const FirewallStore *store = nullptr;
  const StoreRule *rule = nullptr;
};
// The rules of both stores (the policy's first) that apply in `profile` (nullopt: in any
// profile): the rule names the profile, and is the policy's or local rules apply there.
std::vector<EffectiveRule> effectiveRules(const FirewallStore &local, const FirewallStore *policy,
                                          std::optional<size_t> profile);

} // namespace dd::model::snapshot
