// Who runs Session_OnEnd and whether it gets a token (see Identity.h and Diagnosis.cpp for the
// rules and their sources).
#include "sim/license/Identity.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim::license {

namespace iis = model::iis;
namespace wk = winsec::wellknown;
using model::iequals;

namespace {

void addGroup(winsec::Token &t, const winsec::Sid &sid) {
  if (std::none_of(t.groups.begin(), t.groups.end(), [&](const auto &g) { return g.sid == sid; }))
    t.groups.push_back(winsec::TokenGroup{sid});
}

// Local groups of the host that list one of `names` as a member (the built-in IUSR and the
// pool identities are not accounts of the plant, so Tokens does not place them).
void addNamedGroups(const model::Host &host, const std::vector<std::string> &names, winsec::Token &t) {
  for (const auto &g : host.groups)
    for (const auto &m : g.members)
      if (std::any_of(names.begin(), names.end(), [&](const std::string &n) { return iequals(n, m); }))
        addGroup(t, g.sid);
}

Identity poolIdentity(const model::Host &host, const model::WebFacts &web, const Settings &s, Diagnosis &d,
                      const std::string &why) {
  const iis::IisConfig &config = *web.iis;
  const iis::AppPool *pool = config.findPool(s.appPool);
  std::string type =
      pool ? pool->identityType
           : (config.version == iis::IisVersion::Iis6 ? "NetworkService" : config.defaultPoolIdentityType);
  Identity id;
  if (iequals(type, "ApplicationPoolIdentity")) {
    id.kind = Identity::Kind::PoolIdentity;
    id.name = id.display = "IIS APPPOOL\\" + s.appPool;
    id.names = {id.display};
    id.token.user = *winsec::Sid::parse("S-1-5-82-0"); // a virtual account: COM+ members name it
    for (const auto &sid :
         {wk::everyone(), wk::authenticatedUsers(), wk::builtinUsers(), wk::builtinIisIusrs(), wk::service()})
      addGroup(id.token, sid);
    addNamedGroups(host, id.names, id.token);
  } else if (iequals(type, "SpecificUser")) {
    id.kind = Identity::Kind::Account;
    id.name = pool ? pool->userName : "";
    id.display = id.name;
  } else {
    id.kind = Identity::Kind::Service;
    id.name = "NT AUTHORITY\\" + type;
    id.display = iequals(type, "LocalSystem")    ? "NT AUTHORITY\\SYSTEM"
                 : iequals(type, "LocalService") ? "NT AUTHORITY\\LOCAL SERVICE"
                                                 : "NT AUTHORITY\\NETWORK SERVICE";
  }
  d.facts.push_back(fmt::format("{}: Session_OnEnd runs as the worker process identity, application pool \"{}\" "
                                "({}{}): {}",
                                why, s.appPool, type, pool ? fmt::format(", {}:{}", config.source, pool->line) : "",
                                id.display));
  return id;
}

} // namespace

Identity onEndIdentity(const model::Host &host, const model::WebFacts &web, const Settings &s, Diagnosis &d) {
  const bool v6 = web.iis->version == iis::IisVersion::Iis6;
  if (!s.runOnEndAnonymously.value)
    return poolIdentity(host, web, s, d,
                        fmt::format("{} is false ({})", v6 ? "AspRunOnEndAnonymously" : "runOnEndAnonymously",
                                    s.runOnEndAnonymously.origin));
  Identity id;
  id.anonymous = true;
  if (!s.anonymousUserName || (v6 && s.anonymousUserName->value.empty())) {
    d.facts.push_back("no AnonymousUserName applies at " + d.application +
                      ": ASP has no anonymous user for Session_OnEnd");
    Cause c{CauseId::AnonymousLogon, "the anonymous account cannot log on", {}};
    c.evidence.push_back(
        fmt::format("no level of {} from /LM/W3SVC down to {} sets AnonymousUserName", web.iis->source, d.application));
    d.causes.push_back(std::move(c));
    return id; // Kind::None
  }
  const auto &name = *s.anonymousUserName;
  if (!v6 && name.value.empty())
    return poolIdentity(host, web, s, d, fmt::format("anonymousAuthentication userName=\"\" ({})", name.origin));
  if (!v6 && (iequals(name.value, "IUSR") || iequals(name.value, "NT AUTHORITY\\IUSR"))) {
    id.kind = Identity::Kind::BuiltinIusr;
    id.name = name.value;
    id.display = "NT AUTHORITY\\IUSR";
    id.names = {"IUSR", "NT AUTHORITY\\IUSR", "S-1-5-17"};
    id.token.user = *winsec::Sid::parse("S-1-5-17");
    addGroup(id.token, wk::everyone()); // the built-in IUSR's token carries Everyone
    addNamedGroups(host, id.names, id.token);
  } else {
    id.kind = Identity::Kind::Account;
    id.name = name.value;
    id.display = name.value.find('\\') == std::string::npos ? host.name + "\\" + name.value : name.value;
  }
  d.facts.push_back(fmt::format("Session_OnEnd runs as the anonymous user {} ({} = {}, {})", id.display,
                                v6 ? "AnonymousUserName" : "anonymousAuthentication userName", name.value,
                                name.origin));
  return id;
}

namespace {

// Each level's AnonymousUserPass: set or not, and whether its encrypted value equals the first.
void passwordLevels(const Settings &s, const std::string &source, Diagnosis &d) {
  const iis::Node *first = nullptr;
  for (const iis::Node *n : s.levels) {
    if (!n->anonymousUserPass)
      continue;
    std::string where = n->path.empty() ? "server level" : n->path;
    std::string state = n->anonymousUserPass->value.empty ? "set to an empty value" : "set";
    if (first && !n->anonymousUserPass->value.empty)
      state += first->anonymousUserPass->value.digest == n->anonymousUserPass->value.digest
                   ? fmt::format(", same encrypted value as {} (probably the same password)", first->path)
                   : fmt::format(", differs from {} (probably another password)", first->path);
    d.passwordLevels.push_back(fmt::format("{}: AnonymousUserPass {} ({}:{}){}", where, state, source,
                                           n->anonymousUserPass->line, n == s.passwordLevel ? ", used here" : ""));
    if (!first)
      first = n;
  }
}

const model::Fact<std::string> *statedPassword(const model::WebFacts &web, const std::string &path) {
  for (const auto &[level, label] : web.anonymousPasswords)
    if (iequals(level, path))
      return &label;
  return nullptr;
}

// The password kept at the level in use against the account's (both as plant labels).
bool passwordMatches(const model::Account &account, const model::WebFacts &web, const Settings &s, Diagnosis &d) {
  if (!s.passwordLevel) {
    d.facts.push_back("no level sets AnonymousUserPass: IIS has no password for the anonymous user");
    return true;
  }
  const model::Fact<std::string> *stated = statedPassword(web, s.passwordLevel->path);
  if (!stated || !account.passwordLabel) {
    d.facts.push_back(fmt::format("whether the password kept at {} matches {}'s is not known offline (a logon on the "
                                  "machine tests it): state it with [host.iis] anonymous_password",
                                  s.passwordLevel->path, account.name));
    return true;
  }
  if (*account.passwordLabel == stated->value) {
    d.facts.push_back(fmt::format("the password kept at {} ({}) is the account {}'s ({}): same password",
                                  s.passwordLevel->path, stated->from.origin(), account.name, account.from.origin()));
    return true;
  }
  Cause c{CauseId::AnonymousLogon, "the anonymous account cannot log on", {}};
  c.evidence.push_back(fmt::format("the password kept at {} ({}:{}; stated {}) and the account {}'s ({}) are different "
                                   "passwords: LogonUser fails with 0xC000006A ({}); a level that sets its own "
                                   "AnonymousUserPass is used even where it is stale",
                                   s.passwordLevel->path, web.iis->source, s.passwordLevel->anonymousUserPass->line,
                                   stated->from.origin(), account.name, account.from.origin(),
                                   statusText(status::WrongPassword)));
  d.causes.push_back(std::move(c));
  return false;
}

void addCause(Diagnosis &d, CauseId id, std::string evidence) {
  const char *title =
      id == CauseId::LogonRight ? "a user right refuses the anonymous logon" : "the anonymous account cannot log on";
  for (auto &c : d.causes)
    if (c.id == id) {
      c.evidence.push_back(std::move(evidence));
      return;
    }
  d.causes.push_back(Cause{id, title, {std::move(evidence)}});
}

// Interactive and batch logons: the matching pair of rights (Tokens checks the network pair).
bool localLogonRight(Tokens &tokens, int host, const Logon &l, iis::LogonMethod m, Diagnosis &d) {
  const model::Host &h = tokens.plant().hosts[host];
  bool batch = m == iis::LogonMethod::Batch;
  std::string deny = batch ? "SeDenyBatchLogonRight" : "SeDenyInteractiveLogonRight";
  std::string allow = batch ? "SeBatchLogonRight" : "SeInteractiveLogonRight";
  if (auto it = h.userRights.find(deny);
      it != h.userRights.end() && tokens.tokenMatchesAny(l, host, it->second.value)) {
    addCause(d, CauseId::LogonRight,
             fmt::format("secedit [Privilege Rights] {} ({}) names the account or one of its groups", deny,
                         it->second.from.origin()));
    return false;
  }
  if (auto it = h.userRights.find(allow);
      it != h.userRights.end() && !tokens.tokenMatchesAny(l, host, it->second.value)) {
    addCause(d, CauseId::LogonRight,
             fmt::format("secedit [Privilege Rights] {} ({}) names none of the account's groups", allow,
                         it->second.from.origin()));
    return false;
  }
  return true;
}

} // namespace

void logOn(Tokens &tokens, int host, const model::WebFacts &web, const Settings &s, Identity &id, Diagnosis &d) {
  d.onEndIdentity = id.display;
  d.onEndAnonymous = id.anonymous;
  d.onEndAccount = id.kind == Identity::Kind::Account ? id.name : "";
  if (id.kind == Identity::Kind::BuiltinIusr)
    d.onEndSid = id.token.user.str();
  if (id.kind == Identity::Kind::BuiltinIusr || id.kind == Identity::Kind::PoolIdentity) {
    d.facts.push_back(id.display + " needs no password: IIS builds its token itself");
    return;
  }
  const Principal who = tokens.resolve(host, id.name);
  const model::Host &h = tokens.plant().hosts[host];
  if (id.kind == Identity::Kind::Account && !who.known()) {
    d.logonOk = false;
    addCause(d, CauseId::AnonymousLogon,
             fmt::format("{} names {}, which is not an account of {} (net user): LogonUser fails with 0x{:08X} ({}); a "
                         "configuration copied from another machine carries that machine's IUSR_<name>",
                         id.anonymous ? "AnonymousUserName" : "the pool identity", id.name, h.name, status::NoSuchUser,
                         statusText(status::NoSuchUser)));
    return;
  }
  bool passwordOk = true;
  if (id.anonymous && who.kind == Principal::Kind::Local) {
    passwordLevels(s, web.iis->source, d);
    passwordOk = passwordMatches(h.users[who.account], web, s, d);
  }
  const bool network = s.logonMethod.value >= iis::LogonMethod::Network || !id.anonymous;
  d.facts.push_back(
      fmt::format("LogonMethod {} ({}): {}", iis::logonMethodName(s.logonMethod.value), s.logonMethod.origin,
                  network ? "the network logon rights apply" : "the interactive or batch logon rights apply"));
  const Logon &l = tokens.logon(who, host, (network && id.anonymous) ? LogonKind::Network : LogonKind::Local, false);
  if (!l.ok) {
    CauseId cause = l.status == status::LogonTypeNotGranted ? CauseId::LogonRight : CauseId::AnonymousLogon;
    addCause(d, cause,
             fmt::format("{}: LogonUser fails with 0x{:08X} ({}): {}", id.display, l.status, statusText(l.status),
                         l.evidence.empty() ? "" : l.evidence.back()));
    d.logonOk = false;
    return;
  }
  bool rightsOk = network || localLogonRight(tokens, host, l, s.logonMethod.value, d);
  d.logonOk = passwordOk && rightsOk;
  id.token = l.token;
  id.names = {l.userName, l.display()};
  d.onEndSid = l.sid.empty() ? l.token.user.str() : l.sid;
  if (d.logonOk && !l.evidence.empty())
    d.facts.push_back(l.evidence.back());
}

} // namespace dd::sim::license
