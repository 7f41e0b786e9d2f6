// The concrete changes a fix makes, one per host and Windows object (docs/fix.md): a registry
// value, an account created or its password set, a group membership, a user right, a firewall
// rule, a service's logon account, a component-services setting. A fix's text, the files
// `dcomdoctor fix` writes and the proof by re-simulation all come from the same list: a change
// is applied to a copy of the plant by applyChange, and the registry data a file writes is read
// back from that plant (registryData), so that they cannot drift apart.
#pragma once

#include "model/Plant.h"
#include "model/Settings.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dd::sim {

// How far a permission fix opens the host, narrowest first: fixes are offered in this order.
enum class FixScope : uint8_t {
  Cause,        // not a grant: fixes the cause (a password, a setting, the network)
  Application,  // this server's own AppID permission
  HostDefaults, // the host's Default permissions: every COM server without its own
  Limits,       // the machine-wide Limits (or a group they grant): the ceiling for every COM server
};

struct Change {
  enum class Kind : uint8_t {
    RegistryValue,    // key, valueName, regType; a setting of the table, or an AppID value
    Account,          // a local account created (password asked for, never written)
    Password,         // an account's password set to the one another host's account has
    GroupMember,      // account added to the local group `group`
    UserRight,        // right (SeDenyNetworkLogonRight...) removed from every principal
    FirewallRule,     // an inbound allow rule
    ServiceLogon,     // service runs as account
    ComponentSetting, // a setting of a COM server or client program only its UI or vendor writes
  };
  Kind kind = Kind::ComponentSetting;
  std::string host;
  // RegistryValue. A setting of model/Settings.h (setting set), or an AppID value of a server
  // (appid set: LaunchPermission, AccessPermission). A number for YesNo/Flag/Number settings; an
  // ACE added (SDDL text) to a descriptor that starts from `base` when the value is absent; in
  // `ace`, "%SID%" stands for the SID `account` has on the host when the change is applied (an
  // account the same fix creates).
  std::optional<model::SettingId> setting;
  std::string appid, valueName;
  int64_t number = 0;
  std::string ace, base;
  // Account, Password, GroupMember, ServiceLogon, UserRight
  std::string account, group, service, right;
  std::string passwordLabel;               // the plant's label of the password (never written to a file)
  std::vector<std::string> groups;         // Account: the groups it joins
  std::string passwordOf;                  // Password/Account: "HMI1\\opcuser": whose password to type
  std::optional<model::FirewallRule> rule; // FirewallRule
  std::string what;                        // ComponentSetting: the words of the change
  std::string ui;                          // where an administrator makes it by hand (dcomcnfg, secpol.msc...)

  // The registry key (HKLM\...) of a RegistryValue.
  std::string key() const;
  // The REG_ type number of a RegistryValue (registry::regtype).
  uint32_t regType() const;
  // The rights an ACE grants (COM rights bits), 0 for anything else.
  uint32_t grantedRights() const;
  // One line for a person: "OPCSRV: HKLM\...\MachineLaunchRestriction: add (A;;CCRP;;;S-1-...)".
  std::string describe() const;
};

// Constructors of the common changes.
Change settingChange(const std::string &host, model::SettingId id, int64_t value);
Change aceChange(const std::string &host, model::SettingId id, const std::string &ace, const std::string &base);
Change appIdAceChange(const std::string &host, const std::string &appid, const char *valueName, const std::string &ace,
                      const std::string &base);
// An AppID's AuthenticationLevel (REG_DWORD).
Change appIdLevelChange(const std::string &host, const std::string &appid, int level);
Change groupChange(const std::string &host, const std::string &account, const std::string &group);
Change accountChange(const std::string &host, const std::string &account, const std::string &label,
                     std::vector<std::string> groups, const std::string &passwordOf);
Change passwordChange(const std::string &host, const std::string &account, const std::string &label,
                      const std::string &passwordOf);
Change firewallChange(const std::string &host, model::FirewallRule rule);
Change serviceLogonChange(const std::string &host, const std::string &service, const std::string &account);
Change componentChange(const std::string &host, const std::string &what, const std::string &ui);

// Applies `c` to the plant; false when it cannot be applied there (its host, server or account is
// missing, or it is a ComponentSetting, whose effect only the fix that proposed it knows).
bool applyChange(model::Plant &plant, const Change &c);
bool applyChanges(model::Plant &plant, const std::vector<Change> &changes);

// The value a RegistryValue change leaves in `host` (after applyChange): its REG_ type, the bytes
// a .reg file writes (descriptors self-relative, as Windows stores them), and for descriptors the
// SDDL; nullopt when the value is absent there.
struct RegistryData {
  uint32_t type = 0;
  std::vector<uint8_t> bytes;
  std::string sddl;
};
std::optional<RegistryData> registryData(const model::Host &host, const Change &c);

} // namespace dd::sim
