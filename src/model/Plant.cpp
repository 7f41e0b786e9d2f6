// Lookups and small formatting helpers of the plant's value types (model/Plant.h).
#include "model/Plant.h"

#include <cctype>
#include <fmt/format.h>

namespace dd::model {

std::string Provenance::origin() const {
  switch (kind) {
  case Kind::Default: return file.empty() ? std::string("Windows default") : "Windows default (" + file + ")";
  case Kind::PlantFile:
  case Kind::Snapshot: return line ? fmt::format("{}:{}", file, line) : file;
  }
  return file;
}

std::string Date::str() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

BuiltinServiceAccount builtinServiceAccount(std::string_view name) {
  struct Name {
    std::string_view text;
    BuiltinServiceAccount account;
  };
  static constexpr Name kNames[] = {
      {"LocalSystem", BuiltinServiceAccount::LocalSystem},
      {"SYSTEM", BuiltinServiceAccount::LocalSystem},
      {"NT AUTHORITY\\SYSTEM", BuiltinServiceAccount::LocalSystem},
      {"Local System", BuiltinServiceAccount::LocalSystem},
      {"NT AUTHORITY\\LocalService", BuiltinServiceAccount::LocalService},
      {"NT AUTHORITY\\LOCAL SERVICE", BuiltinServiceAccount::LocalService},
      {"LocalService", BuiltinServiceAccount::LocalService},
      {"LOCAL SERVICE", BuiltinServiceAccount::LocalService},
      {"NT AUTHORITY\\NetworkService", BuiltinServiceAccount::NetworkService},
      {"NT AUTHORITY\\NETWORK SERVICE", BuiltinServiceAccount::NetworkService},
      {"NetworkService", BuiltinServiceAccount::NetworkService},
      {"NETWORK SERVICE", BuiltinServiceAccount::NetworkService},
  };
  for (const Name &n : kNames)
    if (iequals(n.text, name))
      return n.account;
  return BuiltinServiceAccount::None;
}

namespace {
template <class V, class F>
auto findIn(V &items, F &&match) -> decltype(&items[0]) {
  for (auto &item : items)
    if (match(item))
      return &item;
  return nullptr;
}
std::string_view stripBraces(std::string_view s) {
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}')
    return s.substr(1, s.size() - 2);
  return s;
}
} // namespace

const Account *Host::findUser(std::string_view n) const {
  return findIn(users, [&](const Account &a) { return iequals(a.name, n); });
}
Account *Host::findUser(std::string_view n) {
  return findIn(users, [&](const Account &a) { return iequals(a.name, n); });
}
const Group *Host::findGroup(std::string_view n) const {
  return findIn(groups, [&](const Group &g) { return iequals(g.name, n); });
}
Group *Host::findGroup(std::string_view n) {
  return findIn(groups, [&](const Group &g) { return iequals(g.name, n); });
}
const Service *Host::findService(std::string_view n) const {
  return findIn(services, [&](const Service &s) { return iequals(s.name, n); });
}
const ComServer *Host::findServer(std::string_view key) const {
  return findIn(servers, [&](const ComServer &s) {
    return iequals(s.progid.value, key) || iequals(stripBraces(s.clsid.value), stripBraces(key));
  });
}
const ClientProgram *Host::findClient(std::string_view n) const {
  return findIn(clients, [&](const ClientProgram &c) { return iequals(c.name, n); });
}

const Account *Domain::findUser(std::string_view n) const {
  return findIn(users, [&](const Account &a) { return iequals(a.name, n); });
}
const Group *Domain::findGroup(std::string_view n) const {
  return findIn(groups, [&](const Group &g) { return iequals(g.name, n); });
}

const Host *Plant::findHost(std::string_view n) const {
  return findIn(hosts, [&](const Host &h) { return iequals(h.name, n); });
}
Host *Plant::findHost(std::string_view n) {
  return findIn(hosts, [&](const Host &h) { return iequals(h.name, n); });
}
const Domain *Plant::findDomain(std::string_view n) const {
  return findIn(domains, [&](const Domain &d) { return iequals(d.name, n); });
}
const Link *Plant::findLink(std::string_view from, std::string_view to) const {
  return findIn(links, [&](const Link &l) { return iequals(l.from, from) && iequals(l.to, to); });
}

} // namespace dd::model
