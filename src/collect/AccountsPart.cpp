// Local users and groups through NetAPI (NetUserEnum, NetUserGetInfo, NetUserGetLocalGroups,
// NetLocalGroupEnum, NetLocalGroupGetMembers) and their SIDs (LookupAccountNameW), written as
// the files collect.cmd writes with `net user`, `net localgroup` and `wmic` (so the readers of
// docs/snapshot.md load them), and accounts.json with the SIDs and flags as numbers. No
// password, hash or password date is read but the expiry Windows computes ("Password expires").
#include "collect/Lsa.h"
#include "collect/Parts.h"

#include <lm.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dd::collect {
namespace {

using nlohmann::ordered_json;

constexpr const char *kTrailer = "The command completed successfully.\n";
const std::string kNetDashes(79, '-');

struct LocalUser {
  std::string name, fullName, comment, sid;
  DWORD flags = 0, rid = 0;
  std::string passwordExpires; // "Never" or the date
  std::vector<std::string> groups;
};

struct LocalGroup {
  std::string name, comment, sid;
  struct Member {
    std::string name, sid;
    int kind;
  };
  std::vector<Member> members;
};

// "Password expires": Never, or the date Windows computes (last set + the maximum age).
std::string passwordExpires(const std::string &name, DWORD flags) {
  if (flags & UF_DONT_EXPIRE_PASSWD)
    return "Never";
  USER_MODALS_INFO_0 *modals = nullptr;
  USER_INFO_3 *info = nullptr;
  std::string text = "Never";
  if (NetUserModalsGet(nullptr, 0, reinterpret_cast<BYTE **>(&modals)) == NERR_Success &&
      modals->usrmod0_max_passwd_age != TIMEQ_FOREVER &&
      NetUserGetInfo(nullptr, wide(name).c_str(), 3, reinterpret_cast<BYTE **>(&info)) == NERR_Success) {
    const long long left = static_cast<long long>(modals->usrmod0_max_passwd_age) - info->usri3_password_age;
    const time_t when = time(nullptr) + left;
    char date[40];
    const tm *local = localtime(&when);
    if (local && std::strftime(date, sizeof date, "%m/%d/%Y %I:%M:%S %p", local))
      text = date;
  }
  if (modals)
    NetApiBufferFree(modals);
  if (info)
    NetApiBufferFree(info);
  return text;
}

std::vector<std::string> localGroupsOf(const std::string &name) {
  LOCALGROUP_USERS_INFO_0 *groups = nullptr;
  DWORD read = 0, total = 0;
  std::vector<std::string> out;
  if (NetUserGetLocalGroups(nullptr, wide(name).c_str(), 0, LG_INCLUDE_INDIRECT, reinterpret_cast<BYTE **>(&groups),
                            MAX_PREFERRED_LENGTH, &read, &total) == NERR_Success)
    for (DWORD i = 0; i < read; ++i)
      out.push_back(utf8(groups[i].lgrui0_name));
  if (groups)
    NetApiBufferFree(groups);
  return out;
}

std::optional<std::vector<LocalUser>> readUsers(Output &out) {
  USER_INFO_20 *users = nullptr;
  DWORD read = 0, total = 0;
  const NET_API_STATUS rc = NetUserEnum(nullptr, 20, FILTER_NORMAL_ACCOUNT, reinterpret_cast<BYTE **>(&users),
                                        MAX_PREFERRED_LENGTH, &read, &total, nullptr);
  if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
    out.missing("net-user.txt, net-user-NAME.txt, wmic-useraccount.txt (NetUserEnum)", winError(rc));
    return std::nullopt;
  }
  std::vector<LocalUser> list;
  for (DWORD i = 0; i < read; ++i) {
    LocalUser u;
    u.name = utf8(users[i].usri20_name);
    u.fullName = users[i].usri20_full_name ? utf8(users[i].usri20_full_name) : "";
    u.comment = users[i].usri20_comment ? utf8(users[i].usri20_comment) : "";
    u.flags = users[i].usri20_flags;
    u.rid = users[i].usri20_user_id;
    u.sid = sidOfAccount(u.name);
    u.passwordExpires = passwordExpires(u.name, u.flags);
    u.groups = localGroupsOf(u.name);
    list.push_back(std::move(u));
  }
  if (users)
    NetApiBufferFree(users);
  if (rc == ERROR_MORE_DATA)
    out.missing("net-user.txt (NetUserEnum)", fmt::format("only {} of {} users read", read, total));
  return list;
}

std::vector<LocalGroup::Member> membersOf(Output &out, const std::string &group, const std::string &host) {
  LOCALGROUP_MEMBERS_INFO_2 *members = nullptr;
  DWORD read = 0, total = 0;
  std::vector<LocalGroup::Member> list;
  const NET_API_STATUS rc =
      NetLocalGroupGetMembers(nullptr, wide(group).c_str(), 2, reinterpret_cast<BYTE **>(&members),
                              MAX_PREFERRED_LENGTH, &read, &total, nullptr);
  if (rc != NERR_Success) {
    out.missing(fmt::format("members in net-localgroup-{}.txt (NetLocalGroupGetMembers)", group), winError(rc));
    return list;
  }
  for (DWORD i = 0; i < read; ++i) {
    std::string name = members[i].lgrmi2_domainandname ? utf8(members[i].lgrmi2_domainandname) : "";
    if (name.size() > host.size() + 1 && _strnicmp(name.c_str(), (host + "\\").c_str(), host.size() + 1) == 0)
      name = name.substr(host.size() + 1); // net localgroup prints local accounts without the host
    list.push_back({name, sidString(members[i].lgrmi2_sid), static_cast<int>(members[i].lgrmi2_sidusage)});
  }
  NetApiBufferFree(members);
  return list;
}

std::optional<std::vector<LocalGroup>> readGroups(Output &out, const std::string &host) {
  LOCALGROUP_INFO_1 *groups = nullptr;
  DWORD read = 0, total = 0;
  const NET_API_STATUS rc =
      NetLocalGroupEnum(nullptr, 1, reinterpret_cast<BYTE **>(&groups), MAX_PREFERRED_LENGTH, &read, &total, nullptr);
  if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
    out.missing("net-localgroup.txt, net-localgroup-NAME.txt, wmic-group.txt (NetLocalGroupEnum)", winError(rc));
    return std::nullopt;
  }
  std::vector<LocalGroup> list;
  for (DWORD i = 0; i < read; ++i) {
    LocalGroup g;
    g.name = utf8(groups[i].lgrpi1_name);
    g.comment = groups[i].lgrpi1_comment ? utf8(groups[i].lgrpi1_comment) : "";
    g.sid = sidOfAccount(g.name);
    g.members = membersOf(out, g.name, host);
    list.push_back(std::move(g));
  }
  if (groups)
    NetApiBufferFree(groups);
  return list;
}

std::string field(std::string_view label, std::string_view value) { return fmt::format("{:<29}{}\n", label, value); }

// `net user NAME`.
std::string netUserText(const LocalUser &u) {
  const bool locked = u.flags & UF_LOCKOUT;
  std::string groups;
  for (const std::string &g : u.groups)
    groups += "*" + g;
  std::string t = field("User name", u.name) + field("Full name", u.fullName) + field("Comment", u.comment);
  t += field("Account active", locked ? "Locked" : (u.flags & UF_ACCOUNTDISABLE) ? "No" : "Yes");
  t += "\n" + field("Password expires", u.passwordExpires);
  t += field("Password required", (u.flags & UF_PASSWD_NOTREQD) ? "No" : "Yes");
  t += field("User may change password", (u.flags & UF_PASSWD_CANT_CHANGE) ? "No" : "Yes");
  t += "\n" + field("Local Group Memberships", groups.empty() ? "*None" : groups);
  return t + kTrailer;
}

// `net user` (three columns of 25) and `net localgroup` (one "*name" a line).
std::string netListText(const std::string &title, const std::vector<std::string> &names, bool columns) {
  std::string t = "\n" + title + "\n\n" + kNetDashes + "\n";
  for (size_t i = 0; i < names.size(); ++i) {
    if (!columns) {
      t += "*" + names[i] + "\n";
      continue;
    }
    t += fmt::format("{:<25}", names[i]);
    if (i % 3 == 2 || i + 1 == names.size())
      t += "\n";
  }
  return t + kTrailer;
}

std::string netLocalgroupText(const LocalGroup &g) {
  std::string t =
      fmt::format("{:<15}{}\n{:<15}{}\n\nMembers\n\n{}\n", "Alias name", g.name, "Comment", g.comment, kNetDashes);
  for (const auto &m : g.members)
    t += m.name + "\n";
  return t + kTrailer;
}

// `wmic ... get ... /format:list`: a blank pair of lines, then Property=value in name order.
std::string wmicRecord(std::initializer_list<std::pair<const char *, std::string>> properties) {
  std::string t = "\n\n";
  for (const auto &[name, value] : properties)
    t += std::string(name) + "=" + value + "\n";
  return t;
}

void writeUsers(Output &out, const std::vector<LocalUser> &users, const std::string &host) {
  std::vector<std::string> names;
  std::string wmic;
  for (const LocalUser &u : users) {
    names.push_back(u.name);
    out.writeText("net-user-" + u.name + ".txt", netUserText(u));
    wmic += wmicRecord({{"Disabled", (u.flags & UF_ACCOUNTDISABLE) ? "TRUE" : "FALSE"},
                        {"Lockout", (u.flags & UF_LOCKOUT) ? "TRUE" : "FALSE"},
                        {"Name", u.name},
                        {"SID", u.sid}});
  }
  out.writeText("net-user.txt", netListText("User accounts for \\\\" + host, names, true));
  out.writeUtf16Text("wmic-useraccount.txt", wmic + "\n\n");
}

void writeGroups(Output &out, const std::vector<LocalGroup> &groups, const std::string &host) {
  std::vector<std::string> names;
  std::string wmic;
  for (const LocalGroup &g : groups) {
    names.push_back(g.name);
    out.writeText("net-localgroup-" + g.name + ".txt", netLocalgroupText(g));
    wmic += wmicRecord({{"Name", g.name}, {"SID", g.sid}});
  }
  out.writeText("net-localgroup.txt", netListText("Aliases for \\\\" + host, names, false));
  out.writeUtf16Text("wmic-group.txt", wmic + "\n\n");
}

ordered_json accountsJson(const std::vector<LocalUser> &users, const std::vector<LocalGroup> &groups,
                          const std::optional<DomainInfo> &domain, const std::string &host) {
  ordered_json j;
  j["computer"] = host;
  j["machine_sid"] = domain ? domain->machineSid : "";
  j["domain"] = {{"name", domain ? domain->domainName : ""},
                 {"sid", domain ? domain->domainSid : ""},
                 {"dns_name", domain ? domain->dnsDomain : ""}};
  j["users"] = ordered_json::array();
  for (const LocalUser &u : users)
    j["users"].push_back({{"name", u.name},
                          {"sid", u.sid},
                          {"rid", u.rid},
                          {"flags", u.flags},
                          {"disabled", bool(u.flags & UF_ACCOUNTDISABLE)},
                          {"locked", bool(u.flags & UF_LOCKOUT)},
                          {"password_never_expires", bool(u.flags & UF_DONT_EXPIRE_PASSWD)},
                          {"local_groups", u.groups}});
  j["groups"] = ordered_json::array();
  for (const LocalGroup &g : groups) {
    ordered_json members = ordered_json::array();
    for (const auto &m : g.members)
      members.push_back({{"name", m.name}, {"sid", m.sid}, {"sid_type", m.kind}});
    j["groups"].push_back({{"name", g.name}, {"sid", g.sid}, {"members", std::move(members)}});
  }
  return j;
}

} // namespace

void collectAccounts(Output &out) {
  const std::string host = computerName();
  std::string why;
  const auto domain = queryDomainInfo(why);
  if (!domain)
    out.missing("machine and domain SIDs in accounts.json", why);
  const auto users = readUsers(out);
  const auto groups = readGroups(out, host);
  if (users)
    writeUsers(out, *users, host);
  if (groups)
    writeGroups(out, *groups, host);
  out.writeText("accounts.json", accountsJson(users ? *users : std::vector<LocalUser>{},
                                              groups ? *groups : std::vector<LocalGroup>{}, domain, host)
                                         .dump(2) +
                                     "\n");
}

} // namespace dd::collect
