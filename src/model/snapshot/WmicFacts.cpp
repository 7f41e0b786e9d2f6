// The untranslated facts of collect.cmd's wmic files (see WmicFacts.h).
#include "model/snapshot/WmicFacts.h"

#include "model/snapshot/Snapshot.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <array>
#include <filesystem>

namespace dd::model::snapshot {

namespace {

// TRUE/FALSE (wmic) or True/False (PowerShell); nullopt for anything else.
std::optional<bool> wmicBoolean(std::string_view value) {
  if (iequals(value, "TRUE"))
    return true;
  if (iequals(value, "FALSE"))
    return false;
  return std::nullopt;
}

Result<bool> booleanEntry(const WmicList &list, const WmicRecord::Entry &e) {
  if (auto b = wmicBoolean(e.value))
    return *b;
  return Error::atLine(list.source, e.line, fmt::format("{} is \"{}\": expected TRUE or FALSE", e.key, e.value));
}

std::optional<WmicRecord::Entry> entryOf(const WmicRecord &r, std::string_view key) {
  if (const WmicRecord::Entry *e = r.find(key))
    return *e;
  return std::nullopt;
}

bool isMemberRole(int domainRole) { return domainRole == 1 || domainRole >= 3; }

} // namespace

const WmicAccountState *WmicAccountStates::find(std::string_view name) const {
  for (const WmicAccountState &a : accounts)
    if (iequals(a.name, name))
      return &a;
  return nullptr;
}

Result<WmicAccountStates> readWmicAccountStates(const WmicList &list) {
  WmicAccountStates states;
  for (const WmicRecord &r : list.records) {
    const WmicRecord::Entry *name = r.find("Name");
    const WmicRecord::Entry *disabled = r.find("Disabled");
    const WmicRecord::Entry *lockout = r.find("Lockout");
    if (!name || !disabled || !lockout)
      continue;
    auto d = booleanEntry(list, *disabled);
    if (!d)
      return d.error();
    auto l = booleanEntry(list, *lockout);
    if (!l)
      return l.error();
    states.accounts.push_back({name->value, *d, *l, disabled->line, lockout->line});
  }
  return states;
}

Result<WmicAccountStates> readWmicAccountStatesFile(const Folder &f) {
  if (!f.has(files::WmicUsers))
    return WmicAccountStates{};
  auto list = f.parse(files::WmicUsers, parseWmicList);
  if (!list)
    return list.error();
  return readWmicAccountStates(*list);
}

namespace {

// Whether `net user NAME`'s "Account active" (Yes, No, Locked) says what wmic's values say.
bool netAgrees(const NetUserDetails &net, const WmicAccountState &s) {
  if (net.locked)
    return s.lockout;
  return net.active ? !s.disabled && !s.lockout : s.disabled;
}

void noteDisagreement(const Folder &f, const Account &a, const WmicAccountState &s, const NetUserDetails &net) {
  f.state->gaps.push_back(Fact<std::string>{
      fmt::format("{}:{} says \"Account active\" {} for {}, {} says Disabled={}, Lockout={}: wmic's values are "
                  "taken (the account's state may have changed between the two commands)",
                  std::filesystem::path(net.source).filename().string(), net.activeLine, net.activeValue, a.name,
                  files::WmicUsers, s.disabled ? "TRUE" : "FALSE", s.lockout ? "TRUE" : "FALSE"),
      at(f, files::WmicUsers, s.disabledLine, "wmic useraccount Disabled, Lockout")});
}

} // namespace

void takeAccountState(const Folder &f, Account &a, const WmicAccountState &s, const NetUserDetails *net) {
  a.enabled = !s.disabled;
  a.locked = s.lockout;
  a.enabledFrom = at(f, files::WmicUsers, s.disabledLine, "wmic useraccount Disabled");
  a.lockedFrom = at(f, files::WmicUsers, s.lockoutLine, "wmic useraccount Lockout");
  if (net && net->activeKnown && !netAgrees(*net, s))
    noteDisagreement(f, a, s, *net);
}

Result<ComputerSystem> readComputerSystem(const WmicList &list) {
  if (list.records.size() != 1)
    return Error::atLine(
        list.source, list.records.empty() ? 1 : list.records[1].line,
        fmt::format("{} records: expected the one of this computer (wmic computersystem)", list.records.size()));
  const WmicRecord &r = list.records.front();
  ComputerSystem cs;
  cs.name = entryOf(r, "Name");
  cs.domain = entryOf(r, "Domain");
  cs.userName = entryOf(r, "UserName");
  // An empty value (NULL: what WMI did not fill in) is as good as absent.
  if (const WmicRecord::Entry *role = r.find("DomainRole"); role && !role->value.empty()) {
    std::string_view v = trim(role->value);
    if (v.size() != 1 || v[0] < '0' || v[0] > '5')
      return Error::atLine(list.source, role->line,
                           fmt::format("DomainRole is \"{}\": expected 0 to 5 (Win32_ComputerSystem)", role->value));
    cs.domainRole = v[0] - '0';
    cs.domainRoleLine = role->line;
  }
  if (const WmicRecord::Entry *part = r.find("PartOfDomain"); part && !part->value.empty()) {
    auto b = booleanEntry(list, *part);
    if (!b)
      return b.error();
    cs.partOfDomain = *b;
    cs.partOfDomainLine = part->line;
  }
  return cs;
}

std::string_view domainRoleName(int domainRole) {
  static constexpr std::array<std::string_view, 6> kRoles{{"Standalone Workstation", "Member Workstation",
                                                           "Standalone Server", "Member Server",
                                                           "Backup Domain Controller", "Primary Domain Controller"}};
  return domainRole >= 0 && domainRole < 6 ? kRoles[static_cast<size_t>(domainRole)] : std::string_view("unknown");
}

std::optional<Fact<std::string>> domainOf(const Folder &f, const ComputerSystem &cs) {
  if (!cs.domainRole && !cs.partOfDomain)
    return std::nullopt;
  const bool member = cs.domainRole ? isMemberRole(*cs.domainRole) : *cs.partOfDomain;
  if (member && (!cs.domain || cs.domain->value.empty()))
    return std::nullopt;
  std::string where = cs.domainRole ? fmt::format("wmic computersystem DomainRole {} ({})", *cs.domainRole,
                                                  domainRoleName(*cs.domainRole))
                                    : fmt::format("wmic computersystem PartOfDomain {}", member ? "TRUE" : "FALSE");
  if (cs.domain)
    where += fmt::format(", Domain {}", cs.domain->value);
  const size_t line = cs.domainRole ? cs.domainRoleLine : cs.partOfDomainLine;
  return Fact<std::string>{member ? modelDomainName(cs.domain->value) : std::string(),
                           at(f, files::WmicComputerSystem, line, std::move(where))};
}

std::optional<Fact<std::string>> consoleUserOf(const Folder &f, const ComputerSystem &cs, std::string_view hostName) {
  if (!cs.userName)
    return std::nullopt;
  std::string user(trim(cs.userName->value));
  if (cs.name && !cs.name->value.empty())
    user = stripLocalPrefix(user, cs.name->value);
  user = stripLocalPrefix(user, hostName);
  return Fact<std::string>{user, at(f, files::WmicComputerSystem, cs.userName->line,
                                    "wmic computersystem UserName (the user at the console)")};
}

Result<std::optional<ComputerSystem>> readComputerSystemFile(const Folder &f) {
  if (!f.has(files::WmicComputerSystem))
    return std::optional<ComputerSystem>{};
  auto list = f.parse(files::WmicComputerSystem, parseWmicList);
  if (!list)
    return list.error();
  auto cs = readComputerSystem(*list);
  if (!cs) {
    if (!f.strict)
      f.noteSkipped(files::WmicComputerSystem, cs.error());
    return cs.error();
  }
  return std::optional<ComputerSystem>{std::move(*cs)};
}

} // namespace dd::model::snapshot
