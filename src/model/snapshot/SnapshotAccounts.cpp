// A snapshot's security policy (secedit, auditpol), local accounts and groups (net, wmic) and
// the user at the console (wmic computersystem, query user).
#include "model/snapshot/SnapshotParts.h"

#include "model/Defaults.h"
#include "model/Settings.h"
#include "model/snapshot/Auditpol.h"
#include "model/snapshot/AuditpolCsv.h"
#include "model/snapshot/NetLocalgroup.h"
#include "model/snapshot/NetUser.h"
#include "model/snapshot/QueryUser.h"
#include "model/snapshot/SeceditInf.h"
#include "model/snapshot/WmicFacts.h"
#include "model/snapshot/WmicList.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

namespace {

// Accounts and groups

struct SidTable {
  std::vector<std::pair<std::string, winsec::Sid>> byName;
  const winsec::Sid *find(std::string_view name) const {
    for (const auto &[n, s] : byName)
      if (iequals(n, name))
        return &s;
    return nullptr;
  }
};

Result<SidTable> readWmicSids(const Folder &f, const char *file) {
  SidTable t;
  if (!f.has(file))
    return t;
  auto list = f.parse(file, parseWmicList);
  if (!list)
    return list.error();
  for (const WmicRecord &r : list->records) {
    const auto *name = r.find("Name");
    const auto *sid = r.find("SID");
    if (!name || !sid)
      return Error::atLine(f.display(file), r.line, "record without Name= and SID=");
    auto parsed = winsec::Sid::parse(sid->value);
    if (!parsed)
      return Error::atLine(f.display(file), sid->line,
                           fmt::format("SID \"{}\": {}", sid->value, parsed.error().message));
    t.byName.emplace_back(name->value, *parsed);
  }
  return t;
}

} // namespace

Result<void> applySecedit(Host &host, const Folder &f) {
  auto inf = f.parse(files::Secedit, parseSeceditInf);
  if (!inf)
    return inf.error();
  const std::string file = files::Secedit;
  for (const InfPrivilege &p : inf->privilegeRights) {
    std::vector<std::string> principals;
    for (const InfPrincipal &pr : p.principals)
      principals.push_back(pr.text);
    host.userRights[p.right] = {principals, at(f, file, p.line, "secedit [Privilege Rights] " + p.right)};
  }
  auto audit = [&](Fact<bool> &fact, std::string_view name) {
    if (const InfSetting *s = inf->findEventAudit(name)) {
      int v = std::atoi(s->value.c_str());
      fact = {(v & 2) != 0, at(f, file, s->line, "secedit [Event Audit] " + s->name)};
    }
  };
  audit(host.audit.logonFailures, "AuditLogonEvents");
  audit(host.audit.accountLogonFailures, "AuditAccountLogon");
  audit(host.audit.objectAccessFailures, "AuditObjectAccess");
  // The settings of the table that secedit lists under [Registry Values] (Security Options).
  for (const Setting &setting : settings()) {
    if (!setting.secedit)
      continue;
    std::string path = "MACHINE\\" + std::string(setting.key.substr(5)) + "\\" + std::string(setting.value);
    if (const InfRegistryValue *r = inf->findRegistryValue(path); r && r->dword())
      setNumber(host, setting.id, static_cast<int>(*r->dword()),
                at(f, file, r->line, "secedit [Registry Values] " + r->keyPath + "\\" + r->valueName));
  }
  return {};
}

// The audit policy's file: auditpol /backup's numbers (any language) before auditpol.txt's words,
// and /r's CSV (the same words) only without either.
const char *auditpolFile(const Folder &f) {
  for (const char *file : {files::AuditpolBackup, files::Auditpol, files::AuditpolReport})
    if (f.has(file))
      return file;
  return nullptr;
}

Result<void> applyAuditpol(Host &host, const Folder &f, const char *file) {
  auto policy =
      file == std::string_view(files::Auditpol) ? f.parse(file, parseAuditpol) : f.parse(file, parseAuditpolCsv);
  if (!policy)
    return policy.error();
  const std::string where = file == std::string_view(files::AuditpolBackup) ? "auditpol /backup " : "auditpol ";
  if (const auto *s = policy->find("Logon"))
    host.audit.logonFailures = {s->failure, at(f, file, s->line, where + "Logon/Logoff: Logon")};
  if (const auto *s = policy->find("Credential Validation"))
    host.audit.accountLogonFailures = {s->failure,
                                       at(f, file, s->line, where + "Account Logon: Credential Validation")};
  const AuditSubcategory *objectAccess = nullptr;
  for (const auto &s : policy->subcategories)
    if (iequals(s.category, "Object Access") && (!objectAccess || (s.failure && !objectAccess->failure)))
      objectAccess = &s;
  if (objectAccess)
    host.audit.objectAccessFailures = {objectAccess->failure,
                                       at(f, file, objectAccess->line, where + "Object Access: " + objectAccess->name)};
  return {};
}

Result<void> applyAccounts(Host &host, const Folder &f) {
  auto userSids = readWmicSids(f, files::WmicUsers);
  if (!userSids)
    return userSids.error();
  auto groupSids = readWmicSids(f, files::WmicGroups);
  if (!groupSids)
    return groupSids.error();
  auto states = readWmicAccountStatesFile(f);
  if (!states)
    return states.error();

  if (f.has(files::NetUser)) {
    auto list = f.parse(files::NetUser, parseNetUserList);
    if (!list)
      return list.error();
    std::vector<Account> users;
    for (const NamedLine &u : list->users) {
      Account a;
      if (const Account *old = host.findUser(u.name))
        a = *old; // keeps a password label and a default RID (500, 501)
      a.name = u.name;
      a.from = at(f, files::NetUser, u.line, "net user");
      if (const winsec::Sid *sid = userSids->find(u.name)) {
        a.rid = sid->rid();
        a.sidKnown = true;
      } else if (!isWellKnownRid(a.rid)) {
        a.rid = 0; // the plant reader gives it a RID of its own, marked as not Windows'
        a.sidKnown = false;
      }
      std::string details = "net-user-" + u.name + ".txt";
      const WmicAccountState *state = states->find(u.name); // then "Account active" is not needed
      auto parseDetails = [&](std::span<const uint8_t> bytes, const std::string &source) {
        return parseNetUserDetailsWith(bytes, source, {.accountActiveNeeded = state == nullptr});
      };
      auto d = f.has(details) ? f.parse(details, parseDetails) : Result<NetUserDetails>(Error{});
      if (f.has(details) && !d && !f.skipped(d.error()))
        return d.error();
      if (d) {
        if (!iequals(d->name, u.name))
          return Error::atLine(f.display(details), d->nameLine,
                               fmt::format("User name \"{}\" in the file for \"{}\"", d->name, u.name));
        a.enabled = d->active;
        a.locked = d->locked;
        a.enabledFrom = a.lockedFrom = {};
        a.passwordNeverExpires = d->passwordNeverExpires;
        a.groups = d->localGroups;
        a.from = at(f, details, d->nameLine, "net user " + u.name);
      }
      if (state)
        takeAccountState(f, a, *state, d ? &*d : nullptr);
      users.push_back(std::move(a));
    }
    host.users = std::move(users);
  }

  if (f.has(files::NetLocalgroup)) {
    auto list = f.parse(files::NetLocalgroup, parseNetLocalgroupList);
    if (!list)
      return list.error();
    std::vector<Group> groups;
    for (const NamedLine &g : list->groups) {
      Group group;
      if (const Group *old = host.findGroup(g.name))
        group = *old;
      group.name = g.name;
      group.from = at(f, files::NetLocalgroup, g.line, "net localgroup");
      if (uint32_t rid = builtinGroupRid(g.name)) {
        group.sid = winsec::wellknown::builtin(rid);
        group.builtin = true;
      } else if (const winsec::Sid *sid = groupSids->find(g.name)) {
        group.sid = *sid;
        group.builtin = false;
      }
      std::string details = "net-localgroup-" + g.name + ".txt";
      auto d = f.has(details) ? f.parse(details, parseNetLocalgroupDetails) : Result<NetLocalgroupDetails>(Error{});
      if (f.has(details) && !d && !f.skipped(d.error()))
        return d.error();
      if (d) {
        if (!iequals(d->name, g.name))
          return Error::atLine(f.display(details), d->nameLine,
                               fmt::format("Alias name \"{}\" in the file for \"{}\"", d->name, g.name));
        group.members.clear();
        for (const NamedLine &m : d->members)
          group.members.push_back(stripLocalPrefix(m.name, host.name));
        group.from = at(f, details, d->nameLine, "net localgroup \"" + g.name + "\"");
      }
      groups.push_back(std::move(group));
    }
    host.groups = std::move(groups);
    // A user's groups: from `net user NAME` when that file exists, else from the members lists.
    for (Account &a : host.users) {
      if (f.has("net-user-" + a.name + ".txt"))
        continue;
      a.groups.clear();
      for (const Group &g : host.groups)
        for (const std::string &m : g.members)
          if (iequals(m, a.name))
            a.groups.push_back(g.name);
    }
  }
  return {};
}

// The accounts whose SID no file states: one note naming them and the command that records it.
void noteUnknownSids(const Folder &f, const Host &host) {
  std::string names;
  for (const Account &a : host.users)
    if (!a.sidKnown)
      names += (names.empty() ? "" : ", ") + a.name;
  if (names.empty())
    return;
  f.state->gaps.push_back(Fact<std::string>{
      fmt::format("SID unknown for {}: {} does not list them, so they are told apart by name only; `wmic useraccount "
                  "where \"LocalAccount=TRUE\" get Name,SID` (or PowerShell `Get-LocalUser | Select-Object Name,SID` "
                  "where wmic is gone) records their SIDs",
                  names, files::WmicUsers),
      Provenance::snapshot(f.display(files::WmicUsers), 0, "wmic useraccount SID")});
}

Result<void> applyConsole(Host &host, const Folder &f) {
  // wmic computersystem's UserName, untranslated; query user's STATE only when it is not there.
  auto cs = readComputerSystemFile(f);
  if (!cs && !f.skipped(cs.error()))
    return cs.error();
  if (cs && *cs)
    if (auto user = consoleUserOf(f, **cs, host.name)) {
      if (user->value.empty())
        host.consoleUser.reset();
      else
        host.consoleUser = std::move(*user);
      return {};
    }
  if (!f.has(files::QueryUser))
    return {};
  auto q = f.parse(files::QueryUser, parseQueryUser);
  if (!q)
    return q.error();
  if (const UserSession *s = q->consoleUser())
    host.consoleUser = Fact<std::string>{s->user, at(f, files::QueryUser, s->line, "query user (console session)")};
  else
    host.consoleUser.reset();
  return {};
}

} // namespace dd::model::snapshot
