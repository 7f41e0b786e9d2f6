// Changes of a fix (see Changes.h): what each one is, how it is applied to the plant, and the
// registry data it leaves.
#include "sim/Changes.h"

#include "registry/Registry.h"
#include "registry/Text.h"
#include "sim/FixKit.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>

namespace dd::sim {

namespace {

constexpr const char *kAppIdKey = "HKLM\\SOFTWARE\\Classes\\AppID\\";

std::vector<uint8_t> utf16z(std::string_view s) {
  std::vector<uint8_t> out;
  registry::text::utf8ToUtf16(s, out);
  out.push_back(0);
  out.push_back(0);
  return out;
}

// The descriptor slot a RegistryValue change of a machine setting edits; null when it edits none.
std::optional<model::Descriptor> *settingDescriptorSlot(model::Host &h, const Change &c) {
  if (!c.setting)
    return nullptr;
  model::SettingSlot slot = model::slotOf(h, *c.setting);
  auto *d = std::get_if<std::optional<model::Descriptor> *>(&slot);
  return d ? *d : nullptr;
}
std::optional<model::Descriptor> &appIdSlot(model::ComServer &x, const Change &c) {
  return c.valueName == "LaunchPermission" ? x.launchPermission : x.accessPermission;
}

bool applyRegistryValue(model::Plant &plant, model::Host &h, const Change &c) {
  std::string ace = c.ace;
  if (auto pos = ace.find("%SID%"); pos != std::string::npos) {
    std::string sid = userSid(plant, h.name, c.account);
    if (sid.empty())
      return false;
    ace.replace(pos, 5, sid);
  }
  if (!c.appid.empty()) { // every class of the AppID shares its values
    bool any = false;
    for (auto &x : h.servers)
      if (iequals(x.appid.value, c.appid)) {
        any = true;
        if (!ace.empty())
          addAce(appIdSlot(x, c), c.base, ace, c.valueName);
        else
          x.authenticationLevel = model::Fact<int>{static_cast<int>(c.number), fixProvenance(c.valueName)};
      }
    return any;
  }
  if (!ace.empty()) {
    std::optional<model::Descriptor> *slot = settingDescriptorSlot(h, c);
    if (!slot)
      return false;
    addAce(*slot, c.base, ace, c.valueName);
    return true;
  }
  if (!c.setting)
    return false;
  model::setNumber(h, *c.setting, c.number, fixProvenance(c.valueName));
  return true;
}

bool applyGroupMember(model::Host &h, const Change &c) {
  if (model::Account *a = h.findUser(c.account)) {
    a->groups.push_back(c.group);
    return true;
  }
  model::Group *g = h.findGroup(c.group);
  if (!g)
    return false;
  g->members.push_back(c.account);
  return true;
}

bool applyAccount(model::Host &h, const Change &c) {
  if (model::Account *a = h.findUser(c.account)) {
    a->passwordLabel = c.passwordLabel;
    return true;
  }
  addLocalAccount(h, c.account, c.passwordLabel, c.groups);
  return true;
}

} // namespace

std::string Change::key() const {
  if (!appid.empty())
    return kAppIdKey + appid;
  return setting ? std::string(model::setting(*setting).key) : std::string();
}

uint32_t Change::regType() const {
  using namespace registry::regtype;
  if (!appid.empty())
    return ace.empty() ? Dword : Binary;
  if (!setting)
    return None;
  switch (model::setting(*setting).type) {
  case model::SettingType::YesNo:
  case model::SettingType::Sddl: return Sz;
  case model::SettingType::Flag:
  case model::SettingType::Number: return Dword;
  case model::SettingType::Descriptor: return Binary;
  case model::SettingType::PortRanges: return MultiSz;
  }
  return None;
}

uint32_t Change::grantedRights() const {
  if (ace.empty())
    return 0;
  auto sd = winsec::parseSddl("D:" + ace);
  if (!sd || !sd->dacl || sd->dacl->aces.empty())
    return 0;
  return sd->dacl->aces.front().mask;
}

std::string Change::describe() const {
  switch (kind) {
  case Kind::RegistryValue:
    if (!ace.empty())
      return fmt::format("{}: {}\\{}: add {}", host, key(), valueName, ace);
    return fmt::format("{}: {}\\{} = {}", host, key(), valueName, number);
  case Kind::Account:
    return fmt::format("{}: create the local account {} (password: the same as {}; never expires)", host, account,
                       passwordOf);
  case Kind::Password: return fmt::format("{}: set the password of {} to the one {} has", host, account, passwordOf);
  case Kind::GroupMember: return fmt::format("{}: add {} to the local group \"{}\"", host, account, group);
  case Kind::UserRight: return fmt::format("{}: remove every principal from the user right {}", host, right);
  case Kind::FirewallRule: return fmt::format("{}: add the inbound firewall rule \"{}\"", host, rule->name);
  case Kind::ServiceLogon: return fmt::format("{}: run service {} as {}", host, service, account);
  case Kind::ComponentSetting: return fmt::format("{}: {}", host, what);
  }
  return host;
}

Change settingChange(const std::string &host, model::SettingId id, int64_t value) {
  Change c;
  c.kind = Change::Kind::RegistryValue;
  c.host = host;
  c.setting = id;
  c.valueName = model::setting(id).value;
  c.number = value;
  c.ui = model::setting(id).ui;
  return c;
}

Change aceChange(const std::string &host, model::SettingId id, const std::string &ace, const std::string &base) {
  Change c = settingChange(host, id, 0);
  c.ace = ace;
  c.base = base;
  return c;
}

Change appIdAceChange(const std::string &host, const std::string &appid, const char *valueName, const std::string &ace,
                      const std::string &base) {
  Change c;
  c.kind = Change::Kind::RegistryValue;
  c.host = host;
  c.appid = appid;
  c.valueName = valueName;
  c.ace = ace;
  c.base = base;
  c.ui = fmt::format("dcomcnfg > DCOM Config > the server of AppID {} > Properties > Security > {}", appid,
                     c.valueName == "LaunchPermission" ? "Launch and Activation Permissions > Edit"
                                                       : "Access Permissions > Edit");
  return c;
}

Change appIdLevelChange(const std::string &host, const std::string &appid, int level) {
  Change c;
  c.kind = Change::Kind::RegistryValue;
  c.host = host;
  c.appid = appid;
  c.valueName = "AuthenticationLevel";
  c.number = level;
  c.ui = fmt::format("dcomcnfg > DCOM Config > the server of AppID {} > Properties > General > Authentication Level",
                     appid);
  return c;
}

Change groupChange(const std::string &host, const std::string &account, const std::string &group) {
  Change c;
  c.kind = Change::Kind::GroupMember;
  c.host = host;
  c.account = account;
  c.group = group;
  c.ui = fmt::format("lusrmgr.msc > Groups > {} > Add to Group > Add: {}", group, account);
  return c;
}

Change accountChange(const std::string &host, const std::string &account, const std::string &label,
                     std::vector<std::string> groups, const std::string &passwordOf) {
  Change c;
  c.kind = Change::Kind::Account;
  c.host = host;
  c.account = account;
  c.passwordLabel = label;
  c.groups = std::move(groups);
  c.passwordOf = passwordOf;
  c.ui = fmt::format("lusrmgr.msc > Users > New User: {} (the same password as {}; clear \"User must change "
                     "password at next logon\", check \"Password never expires\")",
                     account, passwordOf);
  return c;
}

Change passwordChange(const std::string &host, const std::string &account, const std::string &label,
                      const std::string &passwordOf) {
  Change c;
  c.kind = Change::Kind::Password;
  c.host = host;
  c.account = account;
  c.passwordLabel = label;
  c.passwordOf = passwordOf;
  c.ui = fmt::format("lusrmgr.msc > Users > {} > Set Password (the same password as {})", account, passwordOf);
  return c;
}

Change firewallChange(const std::string &host, model::FirewallRule rule) {
  Change c;
  c.kind = Change::Kind::FirewallRule;
  c.host = host;
  c.ui = fmt::format("wf.msc > Inbound Rules > New Rule: \"{}\"", rule.name);
  rule.from = fixProvenance("firewall rule");
  c.rule = std::move(rule);
  return c;
}

Change serviceLogonChange(const std::string &host, const std::string &service, const std::string &account) {
  Change c;
  c.kind = Change::Kind::ServiceLogon;
  c.host = host;
  c.service = service;
  c.account = account;
  c.ui = fmt::format("services.msc > {} > Properties > Log On > This account: .\\{}", service, account);
  return c;
}

Change componentChange(const std::string &host, const std::string &what, const std::string &ui) {
  Change c;
  c.kind = Change::Kind::ComponentSetting;
  c.host = host;
  c.what = what;
  c.ui = ui;
  return c;
}

bool applyChange(model::Plant &plant, const Change &c) {
  model::Host *h = plant.findHost(c.host);
  if (!h)
    return false;
  switch (c.kind) {
  case Change::Kind::RegistryValue: return applyRegistryValue(plant, *h, c);
  case Change::Kind::Account: return applyAccount(*h, c);
  case Change::Kind::Password:
    if (model::Account *a = h->findUser(c.account)) {
      a->passwordLabel = c.passwordLabel;
      return true;
    }
    return false;
  case Change::Kind::GroupMember: return applyGroupMember(*h, c);
  case Change::Kind::UserRight: return h->userRights.erase(c.right) > 0;
  case Change::Kind::FirewallRule: h->firewall.rules.push_back(*c.rule); return true;
  case Change::Kind::ServiceLogon:
    for (auto &sv : h->services)
      if (iequals(sv.name, c.service)) {
        sv.logonAccount = c.account;
        return true;
      }
    return false;
  case Change::Kind::ComponentSetting: return false;
  }
  return false;
}

bool applyChanges(model::Plant &plant, const std::vector<Change> &changes) {
  bool all = true;
  for (const Change &c : changes)
    all = applyChange(plant, c) && all;
  return all;
}

std::optional<RegistryData> registryData(const model::Host &host, const Change &c) {
  if (c.kind != Change::Kind::RegistryValue)
    return std::nullopt;
  model::Host h = host; // slotOf takes a mutable host
  RegistryData out;
  out.type = c.regType();
  const std::optional<model::Descriptor> *slot = settingDescriptorSlot(h, c);
  std::optional<int64_t> number;
  if (!c.appid.empty()) {
    model::ComServer *x = nullptr;
    for (auto &s : h.servers)
      if (!x && iequals(s.appid.value, c.appid))
        x = &s;
    if (!x)
      return std::nullopt;
    if (!c.ace.empty())
      slot = &appIdSlot(*x, c);
    else if (x->authenticationLevel)
      number = x->authenticationLevel->value;
  } else if (c.setting && !slot) {
    model::SettingSlot s = model::slotOf(h, *c.setting);
    if (auto *b = std::get_if<model::Fact<bool> *>(&s))
      number = (*b)->value ? 1 : 0;
    else if (auto *i = std::get_if<model::Fact<int> *>(&s))
      number = (*i)->value;
    else if (auto *o = std::get_if<std::optional<model::Fact<int>> *>(&s); o && **o)
      number = (**o)->value;
  }
  if (slot) {
    if (!*slot)
      return std::nullopt;
    out.sddl = winsec::formatSddl((*slot)->sd);
    out.bytes = out.type == registry::regtype::Sz ? utf16z(out.sddl) : (*slot)->sd.toBinary();
    return out;
  }
  if (!number)
    return std::nullopt;
  if (out.type == registry::regtype::Sz) {
    out.bytes = utf16z(*number ? "Y" : "N");
    return out;
  }
  auto u = static_cast<uint32_t>(*number);
  out.bytes = {static_cast<uint8_t>(u), static_cast<uint8_t>(u >> 8), static_cast<uint8_t>(u >> 16),
               static_cast<uint8_t>(u >> 24)};
  return out;
}

} // namespace dd::sim
