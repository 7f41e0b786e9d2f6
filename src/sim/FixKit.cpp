// Fix helpers shared by the step units (see FixKit.h).
#include "sim/FixKit.h"

#include "sim/Steps.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim {

using model::iequals;

model::Host *host(model::Plant &p, const std::string &name) { return p.findHost(name); }

model::ComServer *server(model::Host &h, const std::string &cls) {
  for (auto &s : h.servers)
    if (iequals(s.progid.value, cls) || iequals(s.clsid.value, cls) || iequals(s.clsid.value, "{" + cls + "}"))
      return &s;
  return nullptr;
}

model::Provenance fixProvenance(const std::string &where) {
  return model::Provenance::plantFile("(proposed fix)", 0, where);
}

std::string bareName(const std::string &account) {
  auto pos = account.find('\\');
  return pos == std::string::npos ? account : account.substr(pos + 1);
}

void addAce(std::optional<model::Descriptor> &slot, const std::string &base, const std::string &ace,
            const std::string &where) {
  std::string sddl = slot ? winsec::formatSddl(slot->sd) : base;
  sddl += ace;
  auto parsed = winsec::parseSddl(sddl);
  if (!parsed)
    return;
  slot = model::Descriptor{std::move(parsed).value(), sddl, fixProvenance(where)};
}

std::string userSid(const model::Plant &plant, const std::string &hostName, const std::string &account) {
  Tokens t(plant);
  int h = t.hostIndex(hostName);
  if (h < 0)
    return {};
  auto sid = t.sidOf(h, account);
  return sid ? sid->str() : std::string();
}

std::string firewallHowto(const std::string &name, const std::string &what, const std::string &remote) {
  return fmt::format("netsh advfirewall firewall add rule name=\"{}\" dir=in action=allow protocol=TCP {}{}", name,
                     what, remote.empty() ? "" : " remoteip=" + remote);
}

void accountFixes(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &targetName,
                  const std::string &name, const std::string &label, const std::string &match, const std::string &why) {
  const model::Host *t = plant.findHost(targetName);
  if (!t || name.empty())
    return;
  std::string bare = bareName(name);
  const model::Account *a = t->findUser(bare);
  if (!a) {
    if (label.empty())
      return;
    out.push_back(candidateOf(
        Fix{fmt::format("create the local account {} on {} with the same password as {}, password never "
                        "expires, member of Users and Distributed COM Users ({})",
                        bare, targetName, match, why),
            fmt::format("on {}: net user {} * /add /passwordchg:no /expires:never & net localgroup \"Distributed "
                        "COM Users\" {} /add & wmic useraccount where name='{}' set PasswordExpires=false",
                        targetName, bare, bare, bare),
            "the guide, chapter 2 \"Select or Create User Accounts\" (identical local accounts)"},
        {accountChange(targetName, bare, label, {"Users", "Distributed COM Users"}, match)}));
    return;
  }
  if (a->locked)
    out.push_back(
        {Fix{fmt::format("unlock {}\\{}", targetName, bare),
             fmt::format("on {}: net user {} /active:yes (Local Users and Groups > {} > Properties > clear "
                         "\"Account is locked out\")",
                         targetName, bare, bare),
             "Microsoft, event 4625 status 0xC0000234"},
         [=](model::Plant &p) { host(p, targetName)->findUser(bare)->locked = false; },
         FixScope::Cause,
         {componentChange(targetName, "unlock the account " + bare,
                          "lusrmgr.msc > Users > " + bare + " > Properties > clear \"Account is locked out\"")}});
  if (!label.empty() && (!a->passwordLabel || *a->passwordLabel != label))
    out.push_back(candidateOf(
        Fix{fmt::format("give {}\\{} the same password as {} (now {})", targetName, bare, match,
                        a->passwordLabel ? "different passwords" : "the plant states no password for it"),
            fmt::format("on {}: net user {} *   (type the same password as on the other computer)", targetName, bare),
            "the guide, chapter 2 \"Select or Create User Accounts\" and chapter 4 \"Unknown User or Bad Password\""},
        {passwordChange(targetName, bare, label, match)}));
  if (!a->enabled)
    out.push_back(
        {Fix{fmt::format("enable {}\\{}", targetName, bare),
             fmt::format("on {}: net user {} /active:yes", targetName, bare),
             "Microsoft, event 4625 status 0xC0000072"},
         [=](model::Plant &p) { host(p, targetName)->findUser(bare)->enabled = true; },
         FixScope::Cause,
         {componentChange(targetName, "enable the account " + bare,
                          "lusrmgr.msc > Users > " + bare + " > Properties > clear \"Account is disabled\"")}});
  if (a->passwordExpired)
    out.push_back(
        {Fix{fmt::format("renew the expired password of {}\\{} (same password label) and set it never to expire",
                         targetName, bare),
             fmt::format("on {}: net user {} * & wmic useraccount where name='{}' set PasswordExpires=false",
                         targetName, bare, bare),
             "the guide, chapter 2: \"These service accounts must have password expiration disabled\""},
         [=](model::Plant &p) {
           auto *u = host(p, targetName)->findUser(bare);
           u->passwordExpired = false;
           u->passwordNeverExpires = true;
         },
         FixScope::Cause,
         {componentChange(targetName, "renew the expired password of " + bare + " and set it never to expire",
                          "lusrmgr.msc > Users > " + bare + " > Set Password; Properties > Password never expires")}});
  if (t->userRights.count("SeDenyNetworkLogonRight")) {
    Change right;
    right.kind = Change::Kind::UserRight;
    right.host = targetName;
    right.right = "SeDenyNetworkLogonRight";
    right.account = bare;
    right.ui = "secpol.msc > Local Policies > User Rights Assignment > Deny access to this computer from the network";
    out.push_back(candidateOf(
        Fix{fmt::format("remove {} (and its groups) from \"Deny access to this computer from the network\" on {}", bare,
                        targetName),
            "secpol.msc > Local Policies > User Rights Assignment > Deny access to this computer from the network",
            "Microsoft, event 4625 status 0xC000015B"},
        {std::move(right)}));
  }
}

void anonymousFixes(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &target,
                    const std::string &caller, const ClientSpec &client) {
  const model::Host *t = plant.findHost(target);
  const model::Host *c = plant.findHost(caller);
  if (t && t->lsa.forceGuest.value)
    out.push_back(candidateOf(
        Fix{fmt::format("switch {} to the classic sharing model (ForceGuest = 0): local users authenticate as "
                        "themselves",
                        target),
            model::regFileText(model::SettingId::ForceGuest, 0, "Classic"),
            "the guide, chapter 2 \"Configure Local Security Settings\""},
        {settingChange(target, model::SettingId::ForceGuest, 0)}));
  for (const model::Host *h : {c, t}) {
    if (!h || h->dcom.legacyAuthenticationLevel.value != 1)
      continue;
    std::string n = h->name;
    out.push_back(candidateOf(Fix{fmt::format("set the default authentication level of {} to Connect (it is None)", n),
                                  model::regFileText(model::SettingId::LegacyAuthenticationLevel, 2, "Connect"),
                                  "the guide, chapter 2 \"Authentication\": never None"},
                              {settingChange(n, model::SettingId::LegacyAuthenticationLevel, 2)}));
  }
  for (const model::Host *h : {c, t}) {
    if (!h)
      continue;
    for (const auto &x : h->servers)
      if (x.authenticationLevel && x.authenticationLevel->value == 1) {
        std::string hn = h->name;
        out.push_back(candidateOf(
            Fix{fmt::format("set the Authentication Level of {} on {} to Connect instead of None", x.progid.value, hn),
                "dcomcnfg > DCOM Config > the server > Properties > General > Authentication Level = Connect "
                "(or Default)",
                "the guide, chapter 2 \"Authentication\": never None; chapter 4, 0x80040202"},
            {appIdLevelChange(hn, x.appid.value, 2)}));
      }
  }
  if (client.program && client.program->authenticationLevel && client.program->authenticationLevel->value == 1) {
    std::string prog = client.program->name, ch = plant.hosts[client.host].name;
    out.push_back(
        {Fix{fmt::format("configure client program {} to authenticate (Connect or higher) instead of None", prog),
             "the program's own setting (vendor documentation): CoInitializeSecurity authentication level",
             "the guide, chapter 2 \"Authentication\""},
         [=](model::Plant &p) {
           for (auto &cl : host(p, ch)->clients)
             if (cl.name == prog)
               cl.authenticationLevel = model::Fact<int>{2, fixProvenance("authentication_level")};
         },
         FixScope::Cause,
         {componentChange(ch, "configure client program " + prog + " to authenticate (Connect or higher)",
                          "the program's own setting (vendor documentation)")}});
  }
}

model::Account &addLocalAccount(model::Host &h, const std::string &name, const std::string &label,
                                std::vector<std::string> groups) {
  model::Account acc;
  acc.name = name;
  acc.passwordLabel = label;
  acc.passwordNeverExpires = true;
  acc.groups = std::move(groups);
  acc.from = fixProvenance("net user " + name);
  uint32_t rid = 1000;
  while (std::any_of(h.users.begin(), h.users.end(), [&](const auto &u) { return u.rid == rid; }))
    ++rid;
  acc.rid = rid;
  h.users.push_back(std::move(acc));
  return h.users.back();
}

void clientPasswordFix(std::vector<FixCandidate> &out, const FixContext &f) {
  if (f.client.user.kind != Principal::Kind::Local || &f.c == &f.s)
    return;
  const model::Account &mine = f.plant.hosts[f.client.user.host].users[f.client.user.account];
  const model::Account *theirs = f.s.findUser(mine.name);
  if (!theirs || !theirs->passwordLabel || (mine.passwordLabel && *mine.passwordLabel == *theirs->passwordLabel))
    return;
  std::string home = f.plant.hosts[f.client.user.host].name, name = mine.name, serverName = f.s.name;
  std::string label = *theirs->passwordLabel;
  out.push_back(candidateOf(
      Fix{fmt::format("give {}\\{} the same password as {}\\{} (now {}; every program on {} that runs as {} "
                      "then uses the new password)",
                      home, name, serverName, theirs->name,
                      mine.passwordLabel ? "different passwords" : "the plant states no password for it", home, name),
          fmt::format("on {}: net user {} *   (type the password {}\\{} has)", home, name, serverName, name),
          "the guide, chapter 2 \"Select or Create User Accounts\" and chapter 4 \"Unknown User or Bad Password\""},
      {passwordChange(home, name, label, serverName + "\\" + theirs->name)}));
}

void aclFix(std::vector<FixCandidate> &out, const std::string &account, const std::string &sid, Change target,
            const char *dcomcnfgPath, const char *rights, const char *sddlRights, const std::string &source) {
  if (sid.empty())
    return;
  target.ace = fmt::format("(A;;{};;;{})", sddlRights, sid);
  target.account = account;
  const std::string hostName = target.host, which = target.valueName, ace = target.ace;
  const FixScope scope = !target.appid.empty()          ? FixScope::Application
                         : which.starts_with("Default") ? FixScope::HostDefaults
                                                        : FixScope::Limits;
  const std::string opens =
      scope == FixScope::Limits ? fmt::format("raises the machine-wide ceiling on {} for every COM server", hostName)
      : scope == FixScope::HostDefaults
          ? fmt::format("opens every COM server on {} that has no permission of its own", hostName)
          : std::string("opens this server only");
  out.push_back(candidateOf(
      Fix{fmt::format("grant {} {} in {} on {} ({})", account, rights, which, hostName, opens),
          fmt::format("dcomcnfg > {} > Add {}: Allow {} (adds {} to {})", dcomcnfgPath, account, rights, ace, which),
          source},
      {std::move(target)}, scope));
}

model::SettingId launchLimitsSetting(const model::Host &h) {
  return h.dcom.policyMachineLaunchRestriction ? model::SettingId::PolicyMachineLaunchRestriction
                                               : model::SettingId::MachineLaunchRestriction;
}
model::SettingId accessLimitsSetting(const model::Host &h) {
  return h.dcom.policyMachineAccessRestriction ? model::SettingId::PolicyMachineAccessRestriction
                                               : model::SettingId::MachineAccessRestriction;
}

FixCandidate candidateOf(Fix fix, std::vector<Change> changes, FixScope scope) {
  FixCandidate c{std::move(fix), {}, scope, std::move(changes), true};
  c.apply = [changes = c.changes](model::Plant &p) { applyChanges(p, changes); };
  return c;
}

void groupFix(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &hostName,
              const std::string &account, const std::string &group, const std::string &why) {
  const model::Host *h = plant.findHost(hostName);
  if (!h || !h->findGroup(group))
    return;
  std::string bare = bareName(account);
  if (!h->findUser(bare) && account.find('\\') == std::string::npos)
    return;
  out.push_back(candidateOf(Fix{fmt::format("add {} to {}\\{} ({}; raises the machine-wide ceiling on {} for every COM "
                                            "server)",
                                            account, hostName, group, why, hostName),
                                fmt::format("on {}: net localgroup \"{}\" {} /add", hostName, group, account),
                                std::string(kGuide2) + " (Limits grant Distributed COM Users)"},
                            {groupChange(hostName, account, group)}, FixScope::Limits));
}

} // namespace dd::sim
