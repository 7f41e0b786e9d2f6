// Tokens and logons (see Tokens.h). The rules and their sources:
//  - NTLM in a workgroup: the target knows a local account only when it has one with the same
//    name and the same password (the guide, chapter 2 "Select or Create User Accounts").
//  - Failure status codes 0xC0000064 / 0xC000006A (the guide, chapter 4 "Unknown User or Bad
//    Password"), 0xC0000072 / 0xC0000071 / 0xC0000234 / 0xC000015B (Microsoft, event 4625).
//  - After a failed logon an XP/2003 target goes on with ANONYMOUS LOGON (the guide, chapter 4
//    "Anonymous Logon", an XP SP2 example); Vista and later refuse the call instead *(verify)*.
//  - Remote UAC: Microsoft, "Description of User Account Control and remote restrictions".
//  - ForceGuest, level None, EveryoneIncludesAnonymous: docs/model.md#authentication.
#include "sim/Tokens.h"

#include "model/Defaults.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim {

using model::iequals;
namespace wk = winsec::wellknown;

const char *statusText(uint32_t s) {
  switch (s) {
  case status::NoSuchUser: return "the user name does not exist";
  case status::WrongPassword: return "the user name is correct but the password is wrong";
  case status::PasswordExpired: return "the password has expired";
  case status::AccountDisabled: return "the account is disabled";
  case status::AccountLockedOut: return "the account is locked out";
  case status::LogonTypeNotGranted: return "the user has not been granted the network logon type on this computer";
  default: return "logon failure";
  }
}

Tokens::Tokens(const model::Plant &plant) : plant_(plant) {}

int Tokens::hostIndex(std::string_view name) const {
  for (size_t i = 0; i < plant_.hosts.size(); ++i)
    if (iequals(plant_.hosts[i].name, name))
      return static_cast<int>(i);
  return -1;
}

namespace {

int indexOf(const std::vector<model::Account> &users, std::string_view name) {
  for (size_t i = 0; i < users.size(); ++i)
    if (iequals(users[i].name, name))
      return static_cast<int>(i);
  return -1;
}

bool isOneOf(std::string_view n, std::initializer_list<std::string_view> names) {
  for (auto x : names)
    if (iequals(n, x))
      return true;
  return false;
}

void addGroup(winsec::Token &t, const winsec::Sid &sid) {
  for (const auto &g : t.groups)
    if (g.sid == sid)
      return;
  t.groups.push_back(winsec::TokenGroup{sid});
}

// Where the fact behind a failed logon's status was read: the account's Lockout or Disabled, else the account.
const model::Provenance &statusProvenance(const model::Account &a, uint32_t code) {
  if (code == status::AccountLockedOut)
    return a.lockedProvenance();
  if (code == status::AccountDisabled)
    return a.enabledProvenance();
  return a.from;
}

} // namespace

std::string passwordComparison(const model::Account &a, std::string_view aHome, const model::Account &b,
                               std::string_view bHome) {
  if (!a.passwordLabel || !b.passwordLabel)
    return fmt::format("the plant states no password for {}\\{}", !a.passwordLabel ? aHome : bHome,
                       !a.passwordLabel ? a.name : b.name);
  return *a.passwordLabel == *b.passwordLabel ? "the same password" : "different passwords";
}

Principal Tokens::resolve(int home, std::string_view nameIn) const {
  Principal p;
  p.name = std::string(nameIn);
  std::string_view name = nameIn;
  if (isOneOf(name, {"LocalSystem", "SYSTEM", "NT AUTHORITY\\SYSTEM", "Local System"})) {
    p.kind = Principal::Kind::System;
    p.host = home;
    return p;
  }
  if (isOneOf(name, {"NT AUTHORITY\\LocalService", "NT AUTHORITY\\LOCAL SERVICE", "LocalService", "LOCAL SERVICE"})) {
    p.kind = Principal::Kind::LocalService;
    p.host = home;
    return p;
  }
  if (isOneOf(name,
              {"NT AUTHORITY\\NetworkService", "NT AUTHORITY\\NETWORK SERVICE", "NetworkService", "NETWORK SERVICE"})) {
    p.kind = Principal::Kind::NetworkService;
    p.host = home;
    return p;
  }
  if (isOneOf(name, {"ANONYMOUS LOGON", "NT AUTHORITY\\ANONYMOUS LOGON"})) {
    p.kind = Principal::Kind::Anonymous;
    return p;
  }
  std::string_view qualifier, bare = name;
  if (auto pos = name.find('\\'); pos != std::string_view::npos) {
    qualifier = name.substr(0, pos);
    bare = name.substr(pos + 1);
  }
  const model::Host *homeHost = home >= 0 ? &plant_.hosts[home] : nullptr;
  bool local = qualifier.empty() || qualifier == "." || (homeHost && iequals(qualifier, homeHost->name));
  if (local && homeHost) {
    int a = indexOf(homeHost->users, bare);
    if (a >= 0) {
      p.kind = Principal::Kind::Local;
      p.host = home;
      p.account = a;
      return p;
    }
    if (!qualifier.empty() || homeHost->isWorkgroup())
      return p; // Unknown
    // A bare name on a domain member that has no such local account: the domain's.
    qualifier = homeHost->domain.value;
  }
  for (size_t d = 0; d < plant_.domains.size(); ++d) {
    if (!iequals(plant_.domains[d].name, qualifier))
      continue;
    int a = indexOf(plant_.domains[d].users, bare);
    if (a >= 0) {
      p.kind = Principal::Kind::Domain;
      p.domain = static_cast<int>(d);
      p.account = a;
    }
    return p;
  }
  // "OTHERHOST\name": a local account of another host.
  int h = hostIndex(qualifier);
  if (h >= 0) {
    int a = indexOf(plant_.hosts[h].users, bare);
    if (a >= 0) {
      p.kind = Principal::Kind::Local;
      p.host = h;
      p.account = a;
    }
  }
  return p;
}

std::optional<winsec::Sid> Tokens::sidOf(int hostIdx, std::string_view name) const {
  const model::Host &host = plant_.hosts[hostIdx];
  if (name.size() > 4 && (name.substr(0, 4) == "S-1-" || name.substr(0, 4) == "s-1-")) {
    auto sid = winsec::Sid::parse(name);
    if (sid)
      return *sid;
    return std::nullopt;
  }
  if (!name.empty() && name[0] == '*') // secedit writes SIDs as *S-1-...
    return sidOf(hostIdx, name.substr(1));
  struct WellKnown {
    const char *name;
    winsec::Sid (*sid)();
  };
  static const WellKnown names[] = {
      {"Everyone", wk::everyone},
      {"NT AUTHORITY\\Authenticated Users", wk::authenticatedUsers},
      {"Authenticated Users", wk::authenticatedUsers},
      {"NT AUTHORITY\\INTERACTIVE", wk::interactive},
      {"INTERACTIVE", wk::interactive},
      {"NT AUTHORITY\\NETWORK", wk::network},
      {"NETWORK", wk::network},
      {"NT AUTHORITY\\SYSTEM", wk::localSystem},
      {"SYSTEM", wk::localSystem},
      {"LocalSystem", wk::localSystem},
      {"NT AUTHORITY\\ANONYMOUS LOGON", wk::anonymousLogon},
      {"ANONYMOUS LOGON", wk::anonymousLogon},
      {"NT AUTHORITY\\SERVICE", wk::service},
      {"NT AUTHORITY\\BATCH", wk::batch},
      {"NT AUTHORITY\\LOCAL SERVICE", wk::localService},
      {"NT AUTHORITY\\NETWORK SERVICE", wk::networkService},
      {"LOCAL", wk::local},
  };
  for (const auto &w : names)
    if (iequals(w.name, name))
      return w.sid();
  std::string_view qualifier, bare = name;
  if (auto pos = name.find('\\'); pos != std::string_view::npos) {
    qualifier = name.substr(0, pos);
    bare = name.substr(pos + 1);
  }
  if (iequals(qualifier, "BUILTIN")) {
    if (uint32_t rid = model::builtinGroupRid(bare))
      return wk::builtin(rid);
    return std::nullopt;
  }
  if (qualifier.empty() || qualifier == "." || iequals(qualifier, host.name)) {
    if (const model::Account *a = host.findUser(bare))
      return host.machineSid.value.withRid(a->rid);
    if (const model::Group *g = host.findGroup(bare))
      return g->sid;
    if (uint32_t rid = model::builtinGroupRid(bare))
      return wk::builtin(rid);
    if (!qualifier.empty() || host.isWorkgroup())
      return std::nullopt;
    qualifier = host.domain.value;
  }
  if (const model::Domain *d = plant_.findDomain(qualifier)) {
    if (const model::Account *a = d->findUser(bare))
      return d->sid.withRid(a->rid);
    if (const model::Group *g = d->findGroup(bare))
      return g->sid;
  }
  return std::nullopt;
}

const Logon &Tokens::logon(const Principal &who, int target, LogonKind kind, bool levelNone, bool unsecuredRetry,
                           bool shared) {
  // The principal as a dense id; with `shared`, every local account of another host with the
  // same name and password label gets one id (bit 63 marks those keys: Principal::key() leaves
  // it clear).
  const bool canonical =
      shared && kind == LogonKind::Network && who.kind == Principal::Kind::Local && who.host != target;
  const uint64_t pkey = who.key() | (canonical ? uint64_t(1) << 63 : 0);
  const uint32_t *pid = principalIds_.find(pkey);
  if (!pid) {
    uint32_t id = static_cast<uint32_t>(canonicalNames_.size() + principalIds_.size());
    if (canonical) {
      const model::Account &a = plant_.hosts[who.host].users[who.account];
      std::string name;
      for (char ch : a.name)
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      name += '\x1f';
      name += a.passwordLabel ? *a.passwordLabel : std::string("\x1e");
      id = canonicalNames_.emplace(name, id).first->second;
    }
    pid = &principalIds_.insert(pkey, id);
  }
  // Exact: the principal id, the target host (under 2^21 hosts) and the three flags.
  const uint64_t key = (uint64_t(*pid) << 24) | (uint64_t(uint32_t(target)) << 3) | (unsecuredRetry ? 4u : 0u) |
                       (kind == LogonKind::Network ? 2u : 0u) | (levelNone ? 1u : 0u);
  if (const uint32_t *index = cache_.find(key))
    return logons_[*index];
  Logon l = compute(who, target, kind, levelNone, unsecuredRetry);
  l.id = static_cast<uint32_t>(logons_.size());
  logons_.push_back(std::move(l));
  cache_.insert(key, logons_.back().id);
  return logons_.back();
}

Logon Tokens::anonymousLogon(int target, std::string why) const {
  const model::Host &t = plant_.hosts[target];
  Logon l;
  l.anonymous = true;
  l.domainName = "NT AUTHORITY";
  l.userName = "ANONYMOUS LOGON";
  l.sid = "S-1-5-7";
  l.accountHome = "NT AUTHORITY";
  l.token.user = wk::anonymousLogon();
  addGroup(l.token, wk::network());
  const auto &eia = t.lsa.everyoneIncludesAnonymous;
  if (eia.value)
    addGroup(l.token, wk::everyone());
  l.evidence.push_back(
      fmt::format("{}: the caller is NT AUTHORITY\\ANONYMOUS LOGON (S-1-5-7) with NETWORK: {}", t.name, why));
  l.evidence.push_back(fmt::format("{} {} = {} ({}): Everyone {} the anonymous token", t.name, eia.from.where,
                                   eia.value ? 1 : 0, eia.from.origin(), eia.value ? "is in" : "is not in"));
  return l;
}

void Tokens::addLocalGroups(Logon &l, int target, const std::vector<std::string> &accountGroups,
                            const std::vector<winsec::Sid> &principalSids, LogonKind kind) const {
  const model::Host &t = plant_.hosts[target];
  // Well-known groups first: they can be members of local groups (Users has INTERACTIVE and
  // Authenticated Users).
  addGroup(l.token, wk::everyone());
  addGroup(l.token, wk::authenticatedUsers());
  if (kind == LogonKind::Network) {
    addGroup(l.token, wk::network());
  } else {
    addGroup(l.token, wk::interactive());
    addGroup(l.token, wk::local());
  }
  std::vector<winsec::Sid> known = principalSids;
  for (const auto &g : l.token.groups)
    known.push_back(g.sid);
  for (const model::Group &g : t.groups) {
    bool member = std::any_of(accountGroups.begin(), accountGroups.end(),
                              [&](const std::string &n) { return iequals(n, g.name); });
    for (size_t i = 0; !member && i < g.members.size(); ++i) {
      auto sid = sidOf(target, g.members[i]);
      member = sid && std::find(known.begin(), known.end(), *sid) != known.end();
    }
    if (member)
      addGroup(l.token, g.sid);
  }
}

uint32_t Tokens::checkAccount(const model::Account &a, const model::Account *source, bool comparePasswords) const {
  if (a.locked)
    return status::AccountLockedOut;
  if (comparePasswords) {
    bool same = source && a.passwordLabel && source->passwordLabel && *a.passwordLabel == *source->passwordLabel;
    if (!same)
      return status::WrongPassword;
  }
  if (!a.enabled)
    return status::AccountDisabled;
  if (a.passwordExpired)
    return status::PasswordExpired;
  return 0;
}

bool Tokens::deniedNetworkLogon(const Logon &l, int target, std::string &why) const {
  const model::Host &t = plant_.hosts[target];
  auto inToken = [&](const winsec::Sid &sid) {
    if (l.token.user == sid)
      return true;
    return std::any_of(l.token.groups.begin(), l.token.groups.end(), [&](const auto &g) { return g.sid == sid; });
  };
  if (auto it = t.userRights.find("SeDenyNetworkLogonRight"); it != t.userRights.end()) {
    for (const auto &p : it->second.value) {
      auto sid = sidOf(target, p);
      if (sid && inToken(*sid)) {
        why = fmt::format("{} secedit [Privilege Rights] SeDenyNetworkLogonRight ({}) names {}: \"Deny access to this "
                          "computer from the network\"",
                          t.name, it->second.from.origin(), p);
        return true;
      }
    }
  }
  if (auto it = t.userRights.find("SeNetworkLogonRight"); it != t.userRights.end()) {
    bool granted = false;
    for (const auto &p : it->second.value) {
      auto sid = sidOf(target, p);
      granted = granted || (sid && inToken(*sid));
    }
    if (!granted) {
      why = fmt::format("{} secedit [Privilege Rights] SeNetworkLogonRight ({}) names none of the caller's groups: "
                        "\"Access this computer from the network\" is not granted",
                        t.name, it->second.from.origin());
      return true;
    }
  }
  return false;
}

// Well-known service accounts: LocalSystem, LOCAL SERVICE, NETWORK SERVICE. On the network they
// are the computer account (in a common domain) or ANONYMOUS LOGON.
Logon Tokens::serviceAccountLogon(const Principal &who, int target, LogonKind kind) const {
  const model::Host &t = plant_.hosts[target];
  if (kind == LogonKind::Network) {
    if (who.kind == Principal::Kind::LocalService)
      return anonymousLogon(target, "LOCAL SERVICE has no network credentials and calls as ANONYMOUS LOGON");
    const model::Host &home = plant_.hosts[who.host];
    bool sameDomain = !home.isWorkgroup() && iequals(home.domain.value, t.domain.value);
    if (!sameDomain)
      return anonymousLogon(target, fmt::format("{} authenticates on the network as the computer account {}$, "
                                                "which {} does not know (no common domain)",
                                                who.name, home.name, t.name));
    Logon l;
    const model::Domain *d = plant_.findDomain(home.domain.value);
    l.domainName = d->name;
    l.userName = home.name + "$";
    l.token.user = d->sid.withRid(100000 + static_cast<uint32_t>(who.host)); // the computer account
    l.sid = l.token.user.str();
    l.accountHome = d->name;
    addLocalGroups(l, target, {}, {l.token.user}, kind);
    l.evidence.push_back(fmt::format("{} authenticates as the computer account {}\\{} (Kerberos, domain {})", who.name,
                                     d->name, l.userName, d->name));
    return l;
  }
  Logon l;
  l.domainName = "NT AUTHORITY";
  if (who.kind == Principal::Kind::System) {
    l.userName = "SYSTEM";
    l.token.user = wk::localSystem();
    addGroup(l.token, wk::builtinAdministrators());
  } else if (who.kind == Principal::Kind::LocalService) {
    l.userName = "LOCAL SERVICE";
    l.token.user = wk::localService();
  } else {
    l.userName = "NETWORK SERVICE";
    l.token.user = wk::networkService();
  }
  l.sid = l.token.user.str();
  l.accountHome = t.name;
  addGroup(l.token, wk::everyone());
  addGroup(l.token, wk::authenticatedUsers());
  addGroup(l.token, wk::service());
  addGroup(l.token, wk::local());
  addGroup(l.token, wk::builtinUsers());
  l.evidence.push_back(fmt::format("{} runs as NT AUTHORITY\\{}", t.name, l.userName));
  return l;
}

// The account `target` validates for `who` (a local or domain account), and the NTSTATUS of the
// validation: a domain account where the target's domain knows it, else NTLM's local account of
// the same name with the same password.
Tokens::Validated Tokens::validate(const Principal &who, int target, bool network, Logon &l) const {
  const model::Host &t = plant_.hosts[target];
  const model::Account *source = who.kind == Principal::Kind::Local ? &plant_.hosts[who.host].users[who.account]
                                                                    : &plant_.domains[who.domain].users[who.account];
  const std::string sourceName =
      who.kind == Principal::Kind::Local ? plant_.hosts[who.host].name : plant_.domains[who.domain].name;
  Validated v;
  v.source = source;
  if (who.kind == Principal::Kind::Domain) {
    const model::Domain *domain = v.domain = &plant_.domains[who.domain];
    bool trusted = false;
    if (!t.isWorkgroup()) {
      if (iequals(t.domain.value, domain->name)) {
        trusted = true;
      } else if (const model::Domain *td = plant_.findDomain(t.domain.value)) {
        trusted = std::any_of(td->trusts.begin(), td->trusts.end(),
                              [&](const std::string &x) { return iequals(x, domain->name); });
      }
    }
    if (trusted || (!network && who.host < 0)) {
      v.domainAccount = true;
      v.account = source;
      v.status = checkAccount(*source, nullptr, false);
      l.evidence.push_back(fmt::format("{}\\{} is a domain account ({}); {} {} its domain", domain->name, source->name,
                                       source->from.origin(), t.name,
                                       iequals(t.domain.value, domain->name) ? "is a member of" : "trusts"));
    } else {
      // NTLM against a host that does not know the domain: its local account of the same name.
      v.account = t.findUser(source->name);
      l.evidence.push_back(fmt::format("{} is not in domain {} nor in a domain that trusts it: NTLM looks for a local "
                                       "account {} on {}",
                                       t.name, domain->name, source->name, t.name));
      v.status = v.account ? checkAccount(*v.account, source, true) : status::NoSuchUser;
    }
  } else if (!network || who.host == target) {
    v.account = source; // the account's own host
    v.status = checkAccount(*source, nullptr, false);
  } else if (!(v.account = t.findUser(source->name))) {
    v.status = status::NoSuchUser;
    l.evidence.push_back(fmt::format("{} has no local account named {}: NTLM knows a local account on another "
                                     "computer only through an account with the same name and password there "
                                     "(the guide, chapter 2 \"Select or Create User Accounts\")",
                                     t.name, source->name));
  } else {
    v.status = checkAccount(*v.account, source, true);
    // Labels are compared, never printed (they may be real passwords).
    l.evidence.push_back(fmt::format("{}\\{} ({}) and {}\\{} ({}) have the same name and {}", sourceName, source->name,
                                     source->passwordProvenance().origin(), t.name, v.account->name,
                                     v.account->passwordProvenance().origin(),
                                     passwordComparison(*source, sourceName, *v.account, t.name)));
  }
  return v;
}

// A failed logon: refused, or, after an unsecured retry, ANONYMOUS LOGON. The guide's XP SP2
// example: the failure is audited, and the client's DCOM SCM retries the activation without
// security, so the server sees ANONYMOUS LOGON.
Logon Tokens::failedLogon(Logon l, uint32_t st, int target, bool unsecuredRetry, std::string retryWhy) const {
  l.ok = false;
  l.status = st;
  if (!unsecuredRetry)
    return l;
  Logon anon = anonymousLogon(target, std::move(retryWhy));
  anon.fallback = true;
  anon.status = st;
  anon.failedUser = l.userName;
  anon.failedDomain = l.failedDomain;
  anon.evidence.insert(anon.evidence.begin(), l.evidence.begin(), l.evidence.end());
  return anon;
}

// The token of a validated account on `target`: its user SID, its domain groups, the
// well-known and local groups.
void Tokens::buildToken(Logon &l, const Validated &v, int target, LogonKind kind) const {
  const model::Host &t = plant_.hosts[target];
  const model::Account *account = v.account;
  std::vector<winsec::Sid> principalSids;
  std::vector<std::string> accountGroups;
  if (v.domainAccount) {
    const model::Domain *domain = v.domain;
    l.token.user = domain->sid.withRid(account->rid);
    for (const auto &gname : account->groups)
      if (const model::Group *g = domain->findGroup(gname)) {
        addGroup(l.token, g->sid);
        principalSids.push_back(g->sid);
      }
    for (const auto &g : domain->groups)
      if (std::any_of(g.members.begin(), g.members.end(), [&](const std::string &m) {
            return iequals(m, account->name) || iequals(m, domain->name + "\\" + account->name);
          })) {
        addGroup(l.token, g.sid);
        principalSids.push_back(g.sid);
      }
  } else {
    l.token.user = t.machineSid.value.withRid(account->rid);
    accountGroups = account->groups;
  }
  principalSids.push_back(l.token.user);
  l.sid = l.token.user.str();
  addLocalGroups(l, target, accountGroups, principalSids, kind);
}

// Remote UAC (Microsoft, "User Account Control and remote restrictions"): a local
// administrator's network token has Administrators as deny-only, unless
// LocalAccountTokenFilterPolicy = 1 or it is the built-in Administrator.
void Tokens::filterRemoteAdmin(Logon &l, const model::Account &account, int target) const {
  const model::Host &t = plant_.hosts[target];
  bool admin = std::any_of(l.token.groups.begin(), l.token.groups.end(),
                           [](const auto &g) { return g.sid == wk::builtinAdministrators(); });
  if (!admin || t.os.value.generation() != model::OsGeneration::VistaPlus)
    return;
  const auto &latfp = t.lsa.localAccountTokenFilterPolicy;
  const auto &fat = t.lsa.filterAdministratorToken;
  bool builtinAdmin = account.rid == 500 && !fat.value;
  if (!latfp.value && !builtinAdmin) {
    for (auto &g : l.token.groups)
      if (g.sid == wk::builtinAdministrators())
        g.attributes = winsec::groupattr::UseForDenyOnly;
    l.filtered = true;
    l.evidence.push_back(fmt::format("remote UAC: {}\\{} is a local administrator and {} = 0 ({}): its network "
                                     "token has Administrators as deny-only (Microsoft, \"User Account Control "
                                     "and remote restrictions\")",
                                     t.name, account.name, latfp.from.where, latfp.from.origin()));
  } else {
    l.evidence.push_back(fmt::format("remote UAC does not filter {}\\{}: {}", t.name, account.name,
                                     builtinAdmin
                                         ? "it is the built-in Administrator (RID 500) and FilterAdministratorToken = 0"
                                         : latfp.from.where + " = 1 (" + latfp.from.origin() + ")"));
  }
}

Logon Tokens::compute(const Principal &who, int target, LogonKind kind, bool levelNone, bool unsecuredRetry) const {
  const model::Host &t = plant_.hosts[target];
  const bool network = kind == LogonKind::Network;
  if (network && levelNone)
    return anonymousLogon(target, "the effective authentication level is None (docs/model.md#who-the-caller-is; the "
                                  "guide, chapter 4, 0x80070005)");
  if (who.kind == Principal::Kind::Anonymous)
    return anonymousLogon(target, "the account is ANONYMOUS LOGON");
  if (who.kind == Principal::Kind::System || who.kind == Principal::Kind::LocalService ||
      who.kind == Principal::Kind::NetworkService)
    return serviceAccountLogon(who, target, kind);
  if (who.kind == Principal::Kind::Unknown) {
    Logon l;
    l.ok = false;
    l.status = status::NoSuchUser;
    l.userName = who.name;
    l.domainName = t.name;
    l.evidence.push_back(fmt::format("no account \"{}\" is declared in the plant", who.name));
    return l;
  }
  if (network && t.lsa.forceGuest.value && !(who.kind == Principal::Kind::Domain && !t.isWorkgroup()))
    return anonymousLogon(
        target, fmt::format("{} {} = 1 ({}): the \"Guest only\" sharing model (simple file sharing) "
                            "maps network callers with local accounts to anonymous (docs/model.md#who-the-caller-is; "
                            "the guide, chapter 2 \"Configure Local Security Settings\")",
                            t.name, t.lsa.forceGuest.from.where, t.lsa.forceGuest.from.origin()));

  Logon l;
  const Validated v = validate(who, target, network, l);
  l.userName = v.account ? v.account->name : v.source->name;
  l.domainName = v.domainAccount ? v.domain->name : t.name;
  l.accountHome = l.domainName;
  if (v.status != 0) {
    if (v.domainAccount)
      l.failedDomain = v.domain->name; // 4625 names the account's domain, not the client host
    if (v.account && v.status != status::WrongPassword)
      l.evidence.push_back(fmt::format("{}\\{} ({}): {}", l.domainName, v.account->name,
                                       statusProvenance(*v.account, v.status).origin(), statusText(v.status)));
    std::string retryWhy = network && unsecuredRetry
                               ? fmt::format("the logon of {} failed (0x{:08X}); the client's DCOM SCM retries the "
                                             "activation without security, so {} sees ANONYMOUS LOGON (the guide, "
                                             "chapter 4 \"Anonymous Logon\"; Microsoft, DCOMSCMRemoteCallFlags: no "
                                             "unsecured retry when the program passes COAUTHINFO)",
                                             l.userName, v.status, t.name)
                               : std::string();
    return failedLogon(std::move(l), v.status, target, network && unsecuredRetry, std::move(retryWhy));
  }
  buildToken(l, v, target, kind);
  if (network) {
    std::string why;
    if (deniedNetworkLogon(l, target, why)) {
      Logon f;
      f.userName = l.userName;
      f.domainName = l.domainName;
      f.accountHome = l.accountHome;
      f.evidence = l.evidence;
      f.evidence.push_back(why);
      return failedLogon(std::move(f), status::LogonTypeNotGranted, target, unsecuredRetry,
                         "the logon failed and the client's DCOM SCM retried without security");
    }
    if (!v.domainAccount)
      filterRemoteAdmin(l, *v.account, target);
  }
  std::string groups;
  for (const auto &g : l.token.groups)
    groups += (groups.empty() ? "" : ", ") + nameOf(target, g.sid) + (g.denyOnly() ? " (deny only)" : "");
  l.evidence.push_back(fmt::format("{}: {} logon of {}\\{} SID ({}) with groups: {}", t.name,
                                   network ? "network" : "local", l.domainName, l.userName, l.sid, groups));
  return l;
}

std::string Tokens::nameOf(int hostIdx, const winsec::Sid &sid) const {
  const model::Host &h = plant_.hosts[hostIdx];
  for (const auto &g : h.groups)
    if (g.sid == sid)
      return (g.builtin ? std::string("BUILTIN") : h.name) + "\\" + g.name;
  if (sid.isInDomain(h.machineSid.value))
    if (auto it = std::find_if(h.users.begin(), h.users.end(), [&](const auto &a) { return a.rid == sid.rid(); });
        it != h.users.end())
      return h.name + "\\" + it->name;
  for (const auto &d : plant_.domains) {
    if (!sid.isInDomain(d.sid))
      continue;
    for (const auto &g : d.groups)
      if (g.sid == sid)
        return d.name + "\\" + g.name;
    for (const auto &a : d.users)
      if (a.rid == sid.rid())
        return d.name + "\\" + a.name;
  }
  return winsec::displayName(sid);
}

bool Tokens::tokenMatchesAny(const Logon &l, int host, const std::vector<std::string> &names) const {
  for (const auto &n : names) {
    if (iequals(n, l.userName) || iequals(n, l.display()))
      return true;
    auto sid = sidOf(host, n);
    if (!sid)
      continue;
    if (*sid == l.token.user)
      return true;
    for (const auto &g : l.token.groups)
      if (g.sid == *sid && g.enabled() && !g.denyOnly())
        return true;
  }
  return false;
}

} // namespace dd::sim
