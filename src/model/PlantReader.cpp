// The plant file reader (see PlantReader.h). toml++ parses the TOML; this file walks the tables,
// checks every key and type, and turns each value into a Fact whose Provenance is the plant
// file's line and the Windows location the key stands for.
#include "model/PlantReader.h"

#include "model/Defaults.h"
#include "model/web/WebPlantKeys.h"
#include "model/Settings.h"
#include "winsec/Sddl.h"

#include "model/snapshot/Snapshot.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <initializer_list>
#include <span>
#include <sstream>

namespace dd::model {

const char *authnLevelName(int level) {
  switch (level) {
  case 0: return "Default";
  case 1: return "None";
  case 2: return "Connect";
  case 3: return "Call";
  case 4: return "Packet";
  case 5: return "Packet Integrity";
  case 6: return "Packet Privacy";
  default: return "unknown";
  }
}

const char *impersonationLevelName(int level) {
  switch (level) {
  case 0: return "Default";
  case 1: return "Anonymous";
  case 2: return "Identify";
  case 3: return "Impersonate";
  case 4: return "Delegate";
  default: return "unknown";
  }
}

bool looksLikeRealPassword(std::string_view label) {
  bool lower = false, upper = false, digit = false, other = false;
  for (char ch : label) {
    auto c = static_cast<unsigned char>(ch);
    lower = lower || std::islower(c);
    upper = upper || std::isupper(c);
    digit = digit || std::isdigit(c);
    other = other || !std::isalnum(c);
  }
  return label.size() >= 8 && int(lower) + int(upper) + int(digit) + int(other) >= 3;
}

namespace {

// A value the plant file may spell several ways, and the one the model keeps.
struct Spelling {
  std::string_view text, value;
};
// Service start types and states: the plant's words and those `sc qc` (START_TYPE) and
// `sc query` (STATE) print, with or without their number ("2   AUTO_START", "4  RUNNING").
constexpr Spelling kStartTypes[] = {
    {"auto", "auto"},       {"automatic", "auto"},      {"AUTO_START", "auto"},     {"demand", "demand"},
    {"manual", "demand"},   {"DEMAND_START", "demand"}, {"disabled", "disabled"},   {"boot", "boot"},
    {"BOOT_START", "boot"}, {"system", "system"},       {"SYSTEM_START", "system"},
};
constexpr Spelling kServiceStates[] = {{"running", "running"}, {"stopped", "stopped"}};

// "2   AUTO_START  (DELAYED)" -> "AUTO_START"; "4  RUNNING" -> "RUNNING"; others unchanged.
std::string_view withoutScNumbers(std::string_view v) {
  while (!v.empty() && (std::isdigit(static_cast<unsigned char>(v.front())) || v.front() == ' '))
    v.remove_prefix(1);
  if (size_t paren = v.find('('); paren != std::string_view::npos)
    v = v.substr(0, paren);
  while (!v.empty() && v.back() == ' ')
    v.remove_suffix(1);
  return v;
}

// A parse failure carried up to the public function; the first one wins.
struct Failed {};

class Reader {
public:
  Reader(std::string source, std::filesystem::path baseDir, PlantReadOptions options)
      : source_(std::move(source)), baseDir_(std::move(baseDir)), options_(options) {}

  Result<Plant> read(const toml::table &root) {
    try {
      readRoot(root);
    } catch (const Failed &) {
      return *error_;
    }
    warnAboutPasswordLikeLabels();
    return std::move(plant_);
  }

private:
  std::string source_;
  std::filesystem::path baseDir_;
  PlantReadOptions options_;
  Plant plant_;
  std::optional<Error> error_;
  std::vector<uint32_t> passwordLikeLines_; // lines of labels that look like real passwords

  // ---------------------------------------------------------------- password labels
  void noteLabel(const toml::node &n, const std::string &label) {
    if (looksLikeRealPassword(label))
      passwordLikeLines_.push_back(lineOf(n));
  }
  // One warning for the whole file, at the first such label; it never quotes a label.
  void warnAboutPasswordLikeLabels() {
    if (passwordLikeLines_.empty())
      return;
    std::string more;
    for (size_t i = 1; i < passwordLikeLines_.size(); ++i)
      more += (more.empty() ? " (also on line " : ", ") + std::to_string(passwordLikeLines_[i]);
    if (!more.empty())
      more += ")";
    plant_.warnings.push_back(Error::atLine(
        source_, passwordLikeLines_.front(),
        "warning: this password label looks like a real password" + more +
            ". A label only says which accounts share a password: write a short one such as \"A\" and keep "
            "passwords out of this file"));
  }

  // ---------------------------------------------------------------- helpers
  uint32_t lineOf(const toml::node &node) const { return static_cast<uint32_t>(node.source().begin.line); }
  [[noreturn]] void fail(const toml::node &node, std::string message) {
    error_ = Error::atLine(source_, lineOf(node), std::move(message));
    throw Failed{};
  }
  Provenance here(const toml::node &node, std::string where) const {
    return Provenance::plantFile(source_, lineOf(node), std::move(where));
  }

  void checkKeys(const toml::table &table, std::initializer_list<std::string_view> allowed,
                 const std::string &context) {
    checkKeys(table, std::span<const std::string_view>(allowed.begin(), allowed.size()), context);
  }
  void checkKeys(const toml::table &table, std::span<const std::string_view> allowed, const std::string &context) {
    for (auto &&[key, value] : table) {
      bool known = std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end();
      if (!known) {
        std::string list;
        for (auto a : allowed)
          list += (list.empty() ? "" : ", ") + std::string(a);
        fail(value,
             "unknown key \"" + std::string(key.str()) + "\" in " + context + " (expected one of: " + list + ")");
      }
    }
  }

  const toml::node *get(const toml::table &t, std::string_view key) const { return t.get(key); }

  std::optional<bool> optBool(const toml::table &t, std::string_view key, const std::string &ctx) {
    const toml::node *n = get(t, key);
    if (!n)
      return std::nullopt;
    if (auto v = n->value_exact<bool>())
      return *v;
    fail(*n, std::string(key) + " in " + ctx + " must be true or false");
  }
  std::optional<int64_t> optInt(const toml::table &t, std::string_view key, const std::string &ctx, int64_t lo,
                                int64_t hi) {
    const toml::node *n = get(t, key);
    if (!n)
      return std::nullopt;
    auto v = n->value_exact<int64_t>();
    if (!v)
      fail(*n, std::string(key) + " in " + ctx + " must be an integer");
    if (*v < lo || *v > hi)
      fail(*n, std::string(key) + " in " + ctx + " is " + std::to_string(*v) + ", expected " + std::to_string(lo) +
                   " to " + std::to_string(hi));
    return *v;
  }
  std::optional<std::string> optString(const toml::table &t, std::string_view key, const std::string &ctx) {
    const toml::node *n = get(t, key);
    if (!n)
      return std::nullopt;
    if (auto v = n->value_exact<std::string>())
      return *v;
    fail(*n, std::string(key) + " in " + ctx + " must be a string");
  }
  std::string reqString(const toml::table &t, std::string_view key, const std::string &ctx) {
    auto v = optString(t, key, ctx);
    if (!v || v->empty())
      fail(t, ctx + " needs " + std::string(key) + " (a non-empty string)");
    return *v;
  }
  std::optional<std::vector<std::string>> optStrings(const toml::table &t, std::string_view key,
                                                     const std::string &ctx) {
    const toml::node *n = get(t, key);
    if (!n)
      return std::nullopt;
    const toml::array *arr = n->as_array();
    if (!arr)
      fail(*n, std::string(key) + " in " + ctx + " must be an array of strings");
    std::vector<std::string> out;
    for (const auto &item : *arr) {
      auto s = item.value_exact<std::string>();
      if (!s)
        fail(item, std::string(key) + " in " + ctx + " must hold only strings");
      out.push_back(*s);
    }
    return out;
  }
  const toml::table *optTable(const toml::table &t, std::string_view key, const std::string &ctx) {
    const toml::node *n = get(t, key);
    if (!n)
      return nullptr;
    if (auto tab = n->as_table())
      return tab;
    fail(*n, std::string(key) + " in " + ctx + " must be a table ([" + std::string(key) + "])");
  }
  // [[key]] entries (an array of tables); empty when absent.
  std::vector<const toml::table *> tables(const toml::table &t, std::string_view key, const std::string &ctx) {
    std::vector<const toml::table *> out;
    const toml::node *n = get(t, key);
    if (!n)
      return out;
    const toml::array *arr = n->as_array();
    if (!arr)
      fail(*n, std::string(key) + " in " + ctx + " must be an array of tables ([[" + std::string(key) + "]])");
    for (const auto &item : *arr) {
      auto tab = item.as_table();
      if (!tab)
        fail(item, "each " + std::string(key) + " in " + ctx + " must be a table");
      out.push_back(tab);
    }
    return out;
  }

  Descriptor sddl(const toml::table &t, std::string_view key, const std::string &ctx,
                  const std::optional<winsec::Sid> &domainSid, std::string where) {
    const toml::node *n = get(t, key);
    std::string text = *optString(t, key, ctx);
    winsec::SddlContext sc;
    sc.domainSid = domainSid;
    auto parsed = winsec::parseSddl(text, sc);
    if (!parsed)
      fail(*n, std::string(key) + " in " + ctx + ": not a valid SDDL security descriptor: " + parsed.error().message);
    return Descriptor{std::move(parsed).value(), text, here(*n, std::move(where))};
  }

  static std::optional<Date> secondTuesday(int year, int month) {
    using namespace std::chrono;
    year_month_weekday ymw{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / Tuesday[2]};
    if (!ymw.ok())
      return std::nullopt;
    year_month_day ymd{sys_days{ymw}};
    return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
  }

  Date date(const toml::node &n, const std::string &ctx) {
    if (auto d = n.value_exact<toml::date>()) {
      Date out{d->year, d->month, d->day};
      using namespace std::chrono;
      if (!year_month_day{std::chrono::year{out.year}, std::chrono::month{static_cast<unsigned>(out.month)},
                          std::chrono::day{static_cast<unsigned>(out.day)}}
               .ok())
        fail(n, "patched in " + ctx + " is not a valid date");
      return out;
    }
    if (auto s = n.value_exact<std::string>()) {
      int y = 0, m = 0, d = 0;
      char extra = 0;
      if (std::sscanf(s->c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        return Date{y, m, d};
      if (std::sscanf(s->c_str(), "%4d-%2d%c", &y, &m, &extra) == 2 && m >= 1 && m <= 12 && y >= 1990) {
        // A month: that month's cumulative update, released on its second Tuesday.
        if (auto t = secondTuesday(y, m))
          return *t;
      }
    }
    fail(n, "patched in " + ctx +
                " must be a date: 2023-06-13 (TOML date), \"2023-05\" (that "
                "month's update) or \"unknown\"");
  }

  static bool validAddressOrCidr(std::string_view s) {
    if (iequals(s, "any") || iequals(s, "LocalSubnet") || iequals(s, "*"))
      return true;
    unsigned a, b, c, d, bits = 32;
    char slash = 0, extra = 0;
    std::string str(s);
    int n = std::sscanf(str.c_str(), "%u.%u.%u.%u%c%u%c", &a, &b, &c, &d, &slash, &bits, &extra);
    if (n == 4)
      return a < 256 && b < 256 && c < 256 && d < 256;
    if (n == 6 && slash == '/')
      return a < 256 && b < 256 && c < 256 && d < 256 && bits <= 32;
    // a range "10.0.0.1-10.0.0.9"
    unsigned e, f, g, h;
    if (std::sscanf(str.c_str(), "%u.%u.%u.%u-%u.%u.%u.%u%c", &a, &b, &c, &d, &e, &f, &g, &h, &extra) == 8)
      return a < 256 && b < 256 && c < 256 && d < 256 && e < 256 && f < 256 && g < 256 && h < 256;
    return false;
  }

  // "135", "5000-5100", "RPC", "RPC-EPMap"; or an integer.
  void port(const toml::node &n, FirewallRule &rule, const std::string &ctx) {
    if (auto i = n.value_exact<int64_t>()) {
      if (*i < 1 || *i > 65535)
        fail(n, "port in " + ctx + " must be 1 to 65535");
      rule.ports.push_back({static_cast<uint16_t>(*i), static_cast<uint16_t>(*i)});
      return;
    }
    auto s = n.value_exact<std::string>();
    if (!s)
      fail(n, "port in " + ctx + " must be a number or a string (\"135\", \"5000-5100\", \"RPC\", \"RPC-EPMap\")");
    if (iequals(*s, "RPC")) {
      rule.rpcDynamic = true;
      return;
    }
    if (iequals(*s, "RPC-EPMap") || iequals(*s, "RPCEPMap")) {
      rule.rpcEndpointMapper = true;
      return;
    }
    if (iequals(*s, "any") || *s == "*")
      return;
    auto range = parsePortRangeText(*s);
    if (!range)
      fail(n, "port in " + ctx + " is \"" + *s + "\", expected a number, \"first-last\", \"RPC\" or \"RPC-EPMap\"");
    rule.ports.push_back(*range);
  }
  // "0x80040202": an HRESULT as `0x` and eight hex digits; errors are reported at `at`.
  uint32_t hresult(const toml::node &n, const toml::node &at, const std::string &what) {
    auto text = n.value_exact<std::string>();
    unsigned long v = 0;
    char extra = 0;
    if (!text || text->size() != 10 || std::sscanf(text->c_str(), "0x%lx%c", &v, &extra) != 1)
      fail(at, what + " must be an HRESULT such as \"0x80040202\"");
    return static_cast<uint32_t>(v);
  }

  // ---------------------------------------------------------------- plant
  void readRoot(const toml::table &root) {
    checkKeys(root, {"plant", "host", "domain", "link", "wants", "unwanted"}, "the plant file");
    if (auto p = optTable(root, "plant", "the plant file")) {
      checkKeys(*p, {"name"}, "[plant]");
      plant_.name = optString(*p, "name", "[plant]").value_or("");
    }
    for (auto *d : tables(root, "domain", "the plant file"))
      readDomain(*d);
    for (auto *h : tables(root, "host", "the plant file"))
      readHost(*h);
    for (auto *l : tables(root, "link", "the plant file"))
      readLink(*l);
    for (auto *w : tables(root, "wants", "the plant file"))
      plant_.wants.push_back(readPair(*w, "[[wants]]"));
    for (auto *w : tables(root, "unwanted", "the plant file"))
      plant_.unwanted.push_back(readPair(*w, "[[unwanted]]"));
    // Cross-checks that need every host. A domain only a member's snapshot names is taken from
    // the snapshot (its accounts matched by name, its SID unknown); one the plant file names must
    // be declared.
    for (auto &host : plant_.hosts) {
      if (host.domain.value.empty() || plant_.findDomain(host.domain.value))
        continue;
      if (host.domain.from.kind != Provenance::Kind::Snapshot)
        failAt(host.domain.from,
               "host \"" + host.name + "\" joins domain \"" + host.domain.value + "\" which no [[domain]] declares");
      plant_.domains.push_back(domainFromSnapshot(host));
    }
  }

  // A [[wants]] or [[unwanted]] pair: its hosts, program and class must exist (a typo never
  // silently names nothing).
  PairSpec readPair(const toml::table &t, const std::string &ctx) {
    checkKeys(t, {"client", "program", "user", "server", "class", "advise"}, ctx);
    PairSpec p;
    p.client = reqString(t, "client", ctx);
    p.program = optString(t, "program", ctx).value_or("");
    p.user = optString(t, "user", ctx).value_or("");
    p.server = reqString(t, "server", ctx);
    p.serverClass = reqString(t, "class", ctx);
    p.advise = optBool(t, "advise", ctx).value_or(false);
    p.from = here(t, ctx);
    const Host *c = plant_.findHost(p.client);
    const Host *s = plant_.findHost(p.server);
    if (!c || !s)
      fail(t, ctx + " names host \"" + (c ? p.server : p.client) + "\" which no [[host]] declares");
    if (!p.program.empty() && !c->findClient(p.program))
      fail(t, ctx + " names client program \"" + p.program + "\" which host \"" + p.client +
                  "\" does not declare ([[host.client]])");
    if (!s->findServer(p.serverClass))
      fail(t, ctx + " names class \"" + p.serverClass + "\" which host \"" + p.server +
                  "\" does not register ([[host.server]] progid or clsid)");
    return p;
  }

  // A domain named by a member's snapshot (systeminfo's Domain) and not by the plant file.
  Domain domainFromSnapshot(Host &member) {
    Domain d;
    d.name = member.domain.value;
    d.sid = derivedMachineSid("domain " + d.name);
    d.sidKnown = false;
    d.from = member.domain.from;
    member.snapshotGaps.push_back(
        Fact<std::string>{"domain " + d.name +
                              " comes from this snapshot only: its SID is unknown and its accounts are told apart by "
                              "name; `whoami /user` run as a domain user on " +
                              member.name +
                              " prints the domain's SID (state it as "
                              "[[domain]] sid = ... in the plant file)",
                          member.domain.from});
    return d;
  }

  [[noreturn]] void snapshotFailed(const Error &e, const toml::node &at, const std::string &ctx) {
    error_ = e.source.empty() ? Error::atLine(source_, lineOf(at), "snapshot of " + ctx + ": " + e.message) : e;
    throw Failed{};
  }

  [[noreturn]] void failAt(const Provenance &p, std::string message) {
    error_ = Error::atLine(source_, p.line, std::move(message));
    throw Failed{};
  }

  static constexpr std::string_view kAccountKeys[] = {
      "name",     "rid", "password", "groups", "enabled", "locked", "password_expired", "password_never_expires",
      "full_name"};

  Account readAccount(const toml::table &t, const std::string &ctx, Account base, bool isNew) {
    checkKeys(t, kAccountKeys, ctx);
    base.name = reqString(t, "name", ctx);
    if (auto rid = optInt(t, "rid", ctx, 1, 0xFFFFFFFFll)) {
      base.rid = static_cast<uint32_t>(*rid);
      base.sidKnown = true; // the plant file states it
    }
    if (auto pw = optString(t, "password", ctx)) {
      base.passwordLabel = *pw;
      base.passwordFrom = here(t, "net user " + base.name);
      noteLabel(*t.get("password"), *pw);
    }
    if (auto g = optStrings(t, "groups", ctx))
      base.groups = *g;
    else if (isNew)
      base.groups = {"Users"}; // `net user NAME * /add` puts a new account in Users
    if (auto b = optBool(t, "enabled", ctx)) {
      base.enabled = *b;
      base.enabledFrom = {}; // the plant file's line below
    }
    if (auto b = optBool(t, "locked", ctx)) {
      base.locked = *b;
      base.lockedFrom = {};
    }
    if (auto b = optBool(t, "password_expired", ctx))
      base.passwordExpired = *b;
    if (auto b = optBool(t, "password_never_expires", ctx))
      base.passwordNeverExpires = *b;
    // An account the snapshot lists keeps the snapshot's file and line as its provenance unless
    // the plant file changes its state (a password label alone is not a Windows fact of it).
    bool statesAccount = t.get("groups") || t.get("enabled") || t.get("locked") || t.get("password_expired") ||
                         t.get("password_never_expires");
    if (isNew || statesAccount || base.from.kind != Provenance::Kind::Snapshot)
      base.from = here(t, "net user " + base.name);
    return base;
  }

  void assignRids(std::vector<Account> &accounts, const std::vector<bool> &ridGiven) {
    uint32_t next = 1000;
    for (size_t i = 0; i < accounts.size(); ++i) {
      if (ridGiven[i])
        continue;
      auto used = [&](uint32_t rid) {
        return std::any_of(accounts.begin(), accounts.end(), [&](const Account &a) { return a.rid == rid; });
      };
      while (used(next))
        ++next;
      accounts[i].rid = next++;
    }
  }

  // ---------------------------------------------------------------- domain
  void readDomain(const toml::table &t) {
    const std::string ctx = "[[domain]]";
    checkKeys(t, {"name", "sid", "trusts", "user", "group"}, ctx);
    Domain d;
    d.name = reqString(t, "name", ctx);
    if (plant_.findDomain(d.name))
      fail(t, "domain \"" + d.name + "\" is declared twice");
    std::string sidText = reqString(t, "sid", ctx + " \"" + d.name + "\"");
    auto sid = winsec::Sid::parse(sidText);
    if (!sid)
      fail(*t.get("sid"), "sid of domain \"" + d.name + "\": " + sid.error().message);
    d.sid = *sid;
    d.trusts = optStrings(t, "trusts", ctx).value_or(std::vector<std::string>{});
    d.from = here(t, "domain " + d.name);
    std::vector<bool> ridGiven;
    for (auto *u : tables(t, "user", ctx)) {
      Account a = readAccount(*u, "[[domain.user]] of " + d.name, Account{}, true);
      a.groups = optStrings(*u, "groups", ctx).value_or(std::vector<std::string>{"Domain Users"});
      if (d.findUser(a.name))
        fail(*u, "domain \"" + d.name + "\" declares user \"" + a.name + "\" twice");
      ridGiven.push_back(u->get("rid") != nullptr);
      a.from = here(*u, "net user " + a.name + " /domain");
      d.users.push_back(std::move(a));
    }
    assignRids(d.users, ridGiven);
    // Domain Users (513) and Domain Admins (512) exist in every domain.
    auto addGroup = [&](const std::string &name, uint32_t rid) {
      Group g;
      g.name = name;
      g.sid = d.sid.withRid(rid);
      g.from = Provenance::windowsDefault("net group \"" + name + "\" /domain", "Active Directory defaults");
      d.groups.push_back(g);
    };
    addGroup("Domain Admins", 512);
    addGroup("Domain Users", 513);
    uint32_t nextGroupRid = 1100;
    for (auto *g : tables(t, "group", ctx)) {
      const std::string gctx = "[[domain.group]] of " + d.name;
      checkKeys(*g, {"name", "rid", "members"}, gctx);
      Group group;
      group.name = reqString(*g, "name", gctx);
      uint32_t rid = static_cast<uint32_t>(optInt(*g, "rid", gctx, 1, 0xFFFFFFFFll).value_or(nextGroupRid++));
      group.sid = d.sid.withRid(rid);
      group.members = optStrings(*g, "members", gctx).value_or(std::vector<std::string>{});
      group.from = here(*g, "net group \"" + group.name + "\" /domain");
      if (auto existing = std::find_if(d.groups.begin(), d.groups.end(),
                                       [&](const Group &x) { return iequals(x.name, group.name); });
          existing != d.groups.end())
        *existing = group;
      else
        d.groups.push_back(std::move(group));
    }
    plant_.domains.push_back(std::move(d));
  }

  // ---------------------------------------------------------------- host
  // A [[host]]: its name; its identity (the plant file over the snapshot over the default), the
  // Windows defaults for that identity and the snapshot's facts; then the plant file's own facts,
  // tables and entries, which win over both.
  void readHost(const toml::table &t) {
    Host host;
    const std::string ctx = readHostName(t, host);
    const HostSnapshot snap = readHostSnapshotIdentity(t, host, ctx);
    setIdentityDefaults(host, snap.identity);
    readIdentityKeys(t, host, ctx);
    applyDefaultsAndSnapshot(t, host, ctx, snap);
    readHostFacts(t, host, ctx);
    const std::optional<winsec::Sid> domainSid = domainSidOf(host);
    readHostTables(t, host, ctx, domainSid);
    readUserRights(t, host, ctx);
    readHostEntries(t, host, ctx, domainSid);
    // A server the plant file declares (and the snapshot's registry export lacks) still gets the
    // snapshot's icacls and sc facts.
    if (snap.folder)
      if (auto r = snapshot::applySnapshotToServers(host, *snap.folder, {options_.strictSnapshots}); !r)
        snapshotFailed(r.error(), *t.get("snapshot"), ctx);
    if (auto e = readWebKeys(t, host, source_, baseDir_, options_.applySnapshots)) { // IIS and COM+ keys: model/web
      error_ = *e;
      throw Failed{};
    }
    plant_.hosts.push_back(std::move(host));
  }

  // The keys of a [[host]] and its name (unique); returns the context of its messages.
  std::string readHostName(const toml::table &t, Host &host) {
    const std::string ctx0 = "[[host]]";
    checkKeys(t,
              withSettingKeys({"name",        "os",       "service_pack", "patched",   "domain", "addresses",
                               "machine_sid", "snapshot", "console_user", "rdp_users", "dcom",   "lsa",
                               "audit",       "firewall", "user_rights",  "user",      "group",  "service",
                               "server",      "client",   "hotfixes",     "iis",       "complus"},
                              ""),
              ctx0);
    host.name = reqString(t, "name", ctx0);
    const std::string ctx = "host \"" + host.name + "\"";
    if (plant_.findHost(host.name))
      fail(t, ctx + " is declared twice");
    host.from = here(t, "host " + host.name);
    return ctx;
  }

  // The snapshot folder the host names and the identity read from it, when snapshots are applied
  // (identity first: the defaults depend on it).
  struct HostSnapshot {
    std::optional<std::filesystem::path> folder;
    std::optional<snapshot::SnapshotIdentity> identity;
  };
  HostSnapshot readHostSnapshotIdentity(const toml::table &t, Host &host, const std::string &ctx) {
    std::optional<std::filesystem::path> snapshotFolder;
    std::optional<snapshot::SnapshotIdentity> snapId;
    if (auto snap = optString(t, "snapshot", ctx)) {
      std::filesystem::path folder = baseDir_ / *snap;
      host.snapshot = folder.generic_string(); // '/' on Windows too, as in the evidence
      if (options_.applySnapshots) {
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec))
          fail(*t.get("snapshot"), "host \"" + host.name + "\" names snapshot \"" + *snap + "\" which does not exist");
        auto id = snapshot::readSnapshotIdentity(folder, {options_.strictSnapshots});
        if (!id)
          snapshotFailed(id.error(), *t.get("snapshot"), ctx);
        snapId = std::move(id).value();
        snapshotFolder = folder;
      }
    }
    return {snapshotFolder, snapId};
  }

  // OS, domain and machine SID: the defaults, then what the snapshot says.
  void setIdentityDefaults(Host &host, const std::optional<snapshot::SnapshotIdentity> &snapId) {
    host.os =
        Fact<OsVersion>{OsVersion{}, Provenance::windowsDefault("systeminfo: OS Name",
                                                                "docs/plant.md: os defaults to windows-server-2019")};
    host.domain = Fact<std::string>{
        "", Provenance::windowsDefault("systeminfo: Domain", "docs/plant.md: a workgroup unless domain is set")};
    host.machineSid =
        Fact<winsec::Sid>{derivedMachineSid(host.name),
                          Provenance::windowsDefault("machine SID", "derived from the host name (docs/plant.md)")};
    if (snapId) {
      if (snapId->os)
        host.os = *snapId->os;
      if (snapId->domain)
        host.domain = *snapId->domain;
      if (snapId->machineSid)
        host.machineSid = *snapId->machineSid;
      if (snapId->patched)
        host.patched = *snapId->patched;
      host.patchLevelUnknown = snapId->patchLevelUnknown;
    }
  }

  // The plant file's identity keys: os, service_pack, patched, domain, machine_sid.
  void readIdentityKeys(const toml::table &t, Host &host, const std::string &ctx) {
    if (const toml::node *n = t.get("os")) {
      auto s = n->value_exact<std::string>();
      if (!s)
        fail(*n, "os of " + ctx + " must be a string such as \"windows-server-2019\"");
      auto os = OsVersion::parse(*s);
      if (!os)
        fail(*n, "os of " + ctx + ": " + os.error().message);
      host.os = Fact<OsVersion>{*os, here(*n, "systeminfo: OS Name")};
    }
    if (auto sp = optInt(t, "service_pack", ctx, 0, 6))
      host.os.value.servicePack = static_cast<int>(*sp);
    if (const toml::node *n = t.get("patched")) {
      if (n->value_exact<std::string>() == "unknown") {
        // The engineer does not know it: taken as unpatched, the other outcome shown where it decides.
        host.patched.reset();
        host.patchLevelUnknown = Fact<std::string>{"the plant file says it is unknown",
                                                   here(*n, "systeminfo: Hotfix(s) / the latest cumulative update")};
      } else {
        host.patched = Fact<Date>{date(*n, ctx), here(*n, "systeminfo: Hotfix(s) / the latest cumulative update")};
        host.patchLevelUnknown.reset();
      }
    }
    if (auto d = optString(t, "domain", ctx)) {
      std::string value = iequals(*d, "WORKGROUP") ? std::string() : *d;
      host.domain = Fact<std::string>{value, here(*t.get("domain"), "systeminfo: Domain")};
    }
    if (auto s = optString(t, "machine_sid", ctx)) {
      auto sid = winsec::Sid::parse(*s);
      if (!sid)
        fail(*t.get("machine_sid"), "machine_sid of " + ctx + ": " + sid.error().message);
      host.machineSid = Fact<winsec::Sid>{*sid, here(*t.get("machine_sid"), "machine SID")};
    }
  }

  // The Windows defaults for the identity, then the snapshot's facts; the plant file's identity
  // keys win over what the snapshot said.
  void applyDefaultsAndSnapshot(const toml::table &t, Host &host, const std::string &ctx, const HostSnapshot &snap) {
    const std::optional<std::filesystem::path> &snapshotFolder = snap.folder;
    const std::optional<snapshot::SnapshotIdentity> &snapId = snap.identity;
    const Fact<OsVersion> plantOs = host.os;
    const std::optional<Fact<Date>> plantPatched = host.patched;
    const std::optional<Fact<std::string>> plantPatchUnknown = host.patchLevelUnknown;
    const Fact<std::string> plantDomain = host.domain;
    const Fact<winsec::Sid> plantSid = host.machineSid;
    applyWindowsDefaults(host);
    host.addresses =
        Fact<std::vector<std::string>>{{}, Provenance::windowsDefault("ipconfig /all", "no address stated")};
    if (snapshotFolder) {
      auto applied = snapshot::applySnapshot(host, *snapshotFolder, {options_.strictSnapshots});
      if (!applied)
        snapshotFailed(applied.error(), *t.get("snapshot"), ctx);
      if (snapId && snapId->addresses && host.addresses.value.empty())
        host.addresses = *snapId->addresses;
      // The plant file's identity keys win over what the snapshot said.
      if (t.get("os") || t.get("service_pack"))
        host.os = plantOs;
      if (t.get("patched")) {
        host.patched = plantPatched;
        host.patchLevelUnknown = plantPatchUnknown;
      }
      if (t.get("domain"))
        host.domain = plantDomain;
      if (t.get("machine_sid"))
        host.machineSid = plantSid;
    }
  }

  // addresses, console_user, rdp_users.
  void readHostFacts(const toml::table &t, Host &host, const std::string &ctx) {
    if (auto a = optStrings(t, "addresses", ctx)) {
      for (size_t i = 0; i < a->size(); ++i)
        if (!validAddressOrCidr((*a)[i]) || (*a)[i].find('/') != std::string::npos)
          fail(*t.get("addresses"), "addresses of " + ctx + ": \"" + (*a)[i] + "\" is not an IPv4 address");
      host.addresses = Fact<std::vector<std::string>>{*a, here(*t.get("addresses"), "ipconfig /all: IPv4 Address")};
    }
    if (auto c = optString(t, "console_user", ctx)) {
      if (!c->empty())
        host.consoleUser = Fact<std::string>{*c, here(*t.get("console_user"), "query user (console session)")};
      else
        host.consoleUser.reset();
    }
    if (auto r = optStrings(t, "rdp_users", ctx))
      host.remoteDesktopUsers = {*r, here(*t.get("rdp_users"), "query user (Remote Desktop sessions)")};
  }

  // The SID of the host's domain, when the plant declares that domain.
  std::optional<winsec::Sid> domainSidOf(const Host &host) {
    std::optional<winsec::Sid> domainSid;
    if (!host.isWorkgroup())
      if (const Domain *d = plant_.findDomain(host.domain.value))
        domainSid = d->sid;
    return domainSid;
  }

  // [host.dcom], [host.lsa], [host.audit], [host.firewall] and the settings keys of the host table.
  void readHostTables(const toml::table &t, Host &host, const std::string &ctx,
                      const std::optional<winsec::Sid> &domainSid) {
    if (auto *d = optTable(t, "dcom", ctx))
      readSettingsTable(*d, "dcom", host, ctx + " [host.dcom]", domainSid);
    if (auto *l = optTable(t, "lsa", ctx))
      readSettingsTable(*l, "lsa", host, ctx + " [host.lsa]", domainSid);
    if (auto *a = optTable(t, "audit", ctx))
      readAudit(*a, host, ctx + " [host.audit]");
    if (auto *f = optTable(t, "firewall", ctx))
      readFirewall(*f, host, ctx + " [host.firewall]");
    readSettings(t, "", host, ctx, domainSid);
  }

  // [host.user_rights]: SeXxx = [accounts and groups], as secedit's [Privilege Rights].
  void readUserRights(const toml::table &t, Host &host, const std::string &ctx) {
    if (auto *r = optTable(t, "user_rights", ctx)) {
      for (auto &&[key, value] : *r) {
        std::string right(key.str());
        if (right.size() < 3 || right.rfind("Se", 0) != 0)
          fail(value,
               "user_rights of " + ctx + ": \"" + right + "\" is not a user right name (e.g. SeDenyNetworkLogonRight)");
        auto list = optStrings(*r, key.str(), ctx + " [host.user_rights]");
        host.userRights[right] =
            Fact<std::vector<std::string>>{*list, here(value, "secedit [Privilege Rights] " + right)};
      }
    }
  }

  // Accounts, groups, services, servers, clients of a [[host]], merged with the snapshot's by name.
  // Snapshot accounts without a SID get a RID of their own below (marked sidKnown = false).
  void readHostEntries(const toml::table &t, Host &host, const std::string &ctx,
                       const std::optional<winsec::Sid> &domainSid) {
    std::vector<bool> ridGiven;
    for (const Account &a : host.users)
      ridGiven.push_back(a.sidKnown || a.rid != 0);
    for (auto *u : tables(t, "user", ctx)) {
      checkKeys(*u, kAccountKeys, ctx + " [[host.user]]");
      std::string name = reqString(*u, "name", ctx + " [[host.user]]");
      Account *existing = host.findUser(name);
      Account a = readAccount(*u, ctx + " [[host.user]] \"" + name + "\"", existing ? *existing : Account{}, !existing);
      if (existing) {
        *existing = std::move(a);
      } else {
        ridGiven.push_back(u->get("rid") != nullptr);
        host.users.push_back(std::move(a));
      }
    }
    ridGiven.resize(host.users.size(), true);
    assignRids(host.users, ridGiven);
    uint32_t nextGroupRid = 1100;
    for (auto *g : tables(t, "group", ctx))
      readGroup(*g, host, ctx, nextGroupRid);
    for (auto *s : tables(t, "service", ctx))
      readService(*s, host, ctx);
    for (auto *s : tables(t, "server", ctx))
      readServer(*s, host, ctx, domainSid);
    for (auto *c : tables(t, "client", ctx))
      readClient(*c, host, ctx, domainSid);
  }

  // The plant keys of the settings table (model/Settings.h) in `plantTable`: "dcom", "lsa", or ""
  // for those of [[host]] itself.
  static std::vector<std::string_view> withSettingKeys(std::initializer_list<std::string_view> keys,
                                                       std::string_view plantTable) {
    std::vector<std::string_view> out(keys);
    for (const Setting &s : settings())
      if (s.plantTable == plantTable)
        out.push_back(s.plantKey);
    return out;
  }

  // [host.dcom] and [host.lsa]: only keys of the settings table.
  void readSettingsTable(const toml::table &t, std::string_view plantTable, Host &host, const std::string &ctx,
                         const std::optional<winsec::Sid> &dsid) {
    checkKeys(t, withSettingKeys({}, plantTable), ctx);
    readSettings(t, plantTable, host, ctx, dsid);
  }

  void readSettings(const toml::table &t, std::string_view plantTable, Host &host, const std::string &ctx,
                    const std::optional<winsec::Sid> &dsid) {
    for (const Setting &s : settings())
      if (s.plantTable == plantTable && t.get(s.plantKey))
        readSetting(t, s, host, ctx, dsid);
  }

  void readSetting(const toml::table &t, const Setting &s, Host &host, const std::string &ctx,
                   const std::optional<winsec::Sid> &dsid) {
    const toml::node &n = *t.get(s.plantKey);
    switch (s.type) {
    case SettingType::YesNo:
    case SettingType::Flag: setNumber(host, s.id, *optBool(t, s.plantKey, ctx) ? 1 : 0, here(n, s.path())); return;
    case SettingType::Number:
      setNumber(host, s.id, *optInt(t, s.plantKey, ctx, s.min, s.max), here(n, s.path()));
      return;
    case SettingType::Descriptor:
    case SettingType::Sddl:
      *std::get<std::optional<Descriptor> *>(slotOf(host, s.id)) = sddl(t, s.plantKey, ctx, dsid, s.path());
      return;
    case SettingType::PortRanges: {
      auto range = parsePortRangeText(*optString(t, s.plantKey, ctx));
      if (!range)
        fail(n, std::string(s.plantKey) + " of " + ctx + " must be \"first-last\", e.g. \"5000-5100\"");
      *std::get<std::optional<Fact<PortRange>> *>(slotOf(host, s.id)) = Fact<PortRange>{*range, here(n, s.path())};
      return;
    }
    }
  }

  void readAudit(const toml::table &t, Host &host, const std::string &ctx) {
    checkKeys(t,
              {"logon_failures", "account_logon_failures", "object_access_failures", "dcom_activation_failures",
               "dcom_call_failures"},
              ctx);
    if (auto b = optBool(t, "logon_failures", ctx)) {
      // The plant format's one switch covers both categories the guide asks to audit.
      host.audit.logonFailures = {*b, here(*t.get("logon_failures"), "auditpol Logon/Logoff: Logon (failure)")};
      if (!t.get("account_logon_failures"))
        host.audit.accountLogonFailures = {*b, here(*t.get("logon_failures"), "auditpol Account Logon (failure)")};
    }
    if (auto b = optBool(t, "account_logon_failures", ctx))
      host.audit.accountLogonFailures = {*b,
                                         here(*t.get("account_logon_failures"), "auditpol Account Logon (failure)")};
    if (auto b = optBool(t, "object_access_failures", ctx))
      host.audit.objectAccessFailures = {*b,
                                         here(*t.get("object_access_failures"), "auditpol Object Access (failure)")};
    if (auto b = optBool(t, "dcom_activation_failures", ctx))
      host.dcom.activationFailureLoggingLevel = {
          *b ? 1 : 2,
          here(*t.get("dcom_activation_failures"), setting(SettingId::ActivationFailureLoggingLevel).path())};
    if (auto b = optBool(t, "dcom_call_failures", ctx))
      host.dcom.callFailureLoggingLevel = {
          *b ? 1 : 2, here(*t.get("dcom_call_failures"), setting(SettingId::CallFailureLoggingLevel).path())};
  }

  void readFirewall(const toml::table &t, Host &host, const std::string &ctx) {
    checkKeys(t, {"enabled", "rule"}, ctx);
    if (auto b = optBool(t, "enabled", ctx))
      host.firewall.enabled = {*b, here(*t.get("enabled"), "netsh advfirewall show allprofiles: State")};
    int index = 0;
    for (auto *r : tables(t, "rule", ctx)) {
      ++index;
      const std::string rctx = ctx + " [[host.firewall.rule]] #" + std::to_string(index);
      checkKeys(*r, {"name", "port", "ports", "program", "remote", "enabled", "action", "protocol"}, rctx);
      FirewallRule rule;
      rule.name = optString(*r, "name", rctx).value_or("plant rule " + std::to_string(index));
      if (auto n = r->get("port"))
        port(*n, rule, rctx);
      if (auto n = r->get("ports")) {
        auto arr = n->as_array();
        if (!arr)
          fail(*n, "ports in " + rctx + " must be an array");
        for (const auto &p : *arr)
          port(p, rule, rctx);
      }
      if (auto p = optString(*r, "program", rctx))
        rule.program = *p;
      if (const toml::node *n = r->get("remote"); n && n->is_string())
        fail(*n, "remote in " + rctx + " is a list of addresses: remote = [\"" + *n->value<std::string>() + "\"]");
      if (auto rem = optStrings(*r, "remote", rctx)) {
        for (const auto &a : *rem)
          if (!validAddressOrCidr(a))
            fail(*r->get("remote"),
                 "remote in " + rctx + ": \"" + a + "\" is not an address, a CIDR range or LocalSubnet");
        rule.remote = *rem;
      }
      if (auto b = optBool(*r, "enabled", rctx))
        rule.enabled = *b;
      if (auto a = optString(*r, "action", rctx)) {
        if (iequals(*a, "allow"))
          rule.allow = true;
        else if (iequals(*a, "block"))
          rule.allow = false;
        else
          fail(*r->get("action"), "action in " + rctx + " must be \"allow\" or \"block\"");
      }
      if (auto p = optString(*r, "protocol", rctx))
        rule.protocol = *p;
      rule.from = here(*r, "netsh advfirewall firewall rule \"" + rule.name + "\"");
      host.firewall.rules.push_back(std::move(rule));
    }
  }

  void readGroup(const toml::table &t, Host &host, const std::string &hctx, uint32_t &nextRid) {
    const std::string ctx = hctx + " [[host.group]]";
    checkKeys(t, {"name", "rid", "members"}, ctx);
    std::string name = reqString(t, "name", ctx);
    Group *existing = host.findGroup(name);
    Group g = existing ? *existing : Group{};
    g.name = name;
    if (!existing) {
      if (uint32_t rid = builtinGroupRid(name)) {
        g.sid = winsec::wellknown::builtin(rid);
        g.builtin = true;
      } else {
        while (std::any_of(host.groups.begin(), host.groups.end(),
                           [&](const Group &x) { return x.sid == host.machineSid.value.withRid(nextRid); }))
          ++nextRid;
        g.sid = host.machineSid.value.withRid(nextRid++);
      }
    }
    if (auto rid = optInt(t, "rid", ctx, 1, 0xFFFFFFFFll)) {
      if (g.builtin)
        fail(*t.get("rid"), ctx + ": \"" + name + "\" is a built-in group (S-1-5-32-" + std::to_string(g.sid.rid()) +
                                "); its RID cannot be changed");
      g.sid = host.machineSid.value.withRid(static_cast<uint32_t>(*rid));
    }
    if (auto m = optStrings(t, "members", ctx))
      g.members = *m;
    g.from = here(t, "net localgroup \"" + name + "\"");
    if (existing)
      *existing = std::move(g);
    else
      host.groups.push_back(std::move(g));
  }

  void readService(const toml::table &t, Host &host, const std::string &hctx) {
    const std::string ctx = hctx + " [[host.service]]";
    checkKeys(t, {"name", "display_name", "logon", "start", "state", "exe"}, ctx);
    std::string name = reqString(t, "name", ctx);
    auto it = std::find_if(host.services.begin(), host.services.end(),
                           [&](const Service &s) { return iequals(s.name, name); });
    Service s = it != host.services.end() ? *it : Service{};
    s.name = name;
    if (auto v = optString(t, "display_name", ctx))
      s.displayName = *v;
    if (auto v = optString(t, "logon", ctx)) {
      checkLogonAccount(*t.get("logon"), *v, host, ctx);
      s.logonAccount = *v;
    }
    if (t.get("start"))
      s.startType = oneOf(t, "start", ctx, kStartTypes);
    if (t.get("state"))
      s.state = oneOf(t, "state", ctx, kServiceStates);
    if (auto v = optString(t, "exe", ctx))
      s.binaryPath = *v;
    s.from = here(t, "sc qc " + name);
    if (it != host.services.end())
      *it = std::move(s);
    else
      host.services.push_back(std::move(s));
  }

  // A key whose value is one of `spellings` (case-insensitive, sc's numbers ignored); the error
  // lists them all.
  template <size_t N>
  std::string oneOf(const toml::table &t, std::string_view key, const std::string &ctx,
                    const Spelling (&spellings)[N]) {
    std::string text = *optString(t, key, ctx);
    for (const Spelling &s : spellings)
      if (iequals(withoutScNumbers(text), s.text))
        return std::string(s.value);
    std::string list;
    for (const Spelling &s : spellings)
      list += (list.empty() ? "" : ", ") + std::string(s.text);
    fail(*t.get(key), std::string(key) + " in " + ctx + " is \"" + text + "\"; expected one of: " + list);
  }

  // A service's Log On account: a built-in service account, or an account the plant knows (a
  // local account of the host, bare or as .\name or HOST\name, or DOMAIN\name of a [[domain]]).
  void checkLogonAccount(const toml::node &n, const std::string &account, const Host &host, const std::string &ctx) {
    if (builtinServiceAccount(account) != BuiltinServiceAccount::None)
      return;
    size_t slash = account.find('\\');
    std::string qualifier = slash == std::string::npos ? "" : account.substr(0, slash);
    std::string bare = slash == std::string::npos ? account : account.substr(slash + 1);
    bool local = qualifier.empty() || qualifier == "." || iequals(qualifier, host.name);
    if (local && host.findUser(bare))
      return;
    const Domain *d = plant_.findDomain(local ? host.domain.value : qualifier);
    if (d && d->findUser(bare))
      return;
    fail(n, "logon in " + ctx + " is \"" + account +
                "\": neither LocalSystem, NT AUTHORITY\\LocalService, NT "
                "AUTHORITY\\NetworkService nor an account of this host or of a [[domain]]");
  }

  RunAs runAs(const toml::node &n, const std::string &value, const std::string &ctx) {
    RunAs r;
    if (iequals(value, "Interactive User"))
      r.kind = RunAs::Kind::InteractiveUser;
    else if (iequals(value, "launching user") || value.empty())
      r.kind = RunAs::Kind::LaunchingUser;
    else if (value.size() >= 8 && iequals(value.substr(0, 8), "service:")) {
      r.kind = RunAs::Kind::Service;
      r.account = value.substr(8);
      if (r.account.empty())
        fail(n, "run_as in " + ctx + ": \"service:\" needs a service name");
    } else {
      r.kind = RunAs::Kind::Account;
      r.account = value;
    }
    return r;
  }

  static std::string normalizeClsid(std::string s) {
    if (!s.empty() && s.front() != '{')
      s = "{" + s + "}";
    return s;
  }
  static bool validClsid(const std::string &s) {
    if (s.size() != 38 || s.front() != '{' || s.back() != '}')
      return false;
    for (size_t i = 1; i < 37; ++i) {
      bool dash = i == 9 || i == 14 || i == 19 || i == 24;
      if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])))
        return false;
    }
    return true;
  }

  // A [[host.server]], merged with the snapshot's server of the same CLSID or ProgID: its ids,
  // what its AppID says about launching and calling it, then what is known about its state.
  void readServer(const toml::table &t, Host &host, const std::string &hctx, const std::optional<winsec::Sid> &dsid) {
    const std::string ctx0 = hctx + " [[host.server]]";
    checkKeys(t,
              {"progid",
               "clsid",
               "appid",
               "exe",
               "run_as",
               "run_as_password",
               "authentication_level",
               "launch_permission",
               "access_permission",
               "endpoint_port",
               "registered",
               "view",
               "exe_present",
               "exe_readers",
               "running",
               "licensed",
               "accepts",
               "own_security",
               "refused_callback",
               "preferred_server_bitness",
               "run_as_password_readable",
               "com_plus_application"},
              ctx0);
    auto progid = optString(t, "progid", ctx0);
    auto clsidText = optString(t, "clsid", ctx0);
    if (!progid && !clsidText)
      fail(t, ctx0 + " needs a clsid (and usually a progid)");
    // Merge with the snapshot's server of the same CLSID or ProgID.
    ComServer *existing = nullptr;
    for (auto &s : host.servers)
      if ((clsidText && iequals(s.clsid.value, normalizeClsid(*clsidText))) ||
          (progid && iequals(s.progid.value, *progid)))
        existing = &s;
    ComServer s = existing ? *existing : newServer(host);
    const std::string name = progid ? *progid : *clsidText;
    const std::string ctx = hctx + " server \"" + name + "\"";
    s.from = here(t, "server " + name);
    readServerIds(t, s, existing != nullptr, ctx, progid, clsidText);
    const std::string clsidKey = clsidKeyOf(s), appidKey = "HKLM\\SOFTWARE\\Classes\\AppID\\" + s.appid.value;
    readServerLaunch(t, host, s, ctx, dsid, clsidKey, appidKey);
    readServerState(t, s, ctx, clsidKey, appidKey);
    if (existing)
      *existing = std::move(s);
    else
      host.servers.push_back(std::move(s));
  }

  static std::string clsidKeyOf(const ComServer &s) { return "HKLM\\SOFTWARE\\Classes\\CLSID\\" + s.clsid.value; }

  // clsid, progid and appid (the AppID defaults to the CLSID).
  void readServerIds(const toml::table &t, ComServer &s, bool existing, const std::string &ctx,
                     const std::optional<std::string> &progid, const std::optional<std::string> &clsidText) {
    if (clsidText) {
      std::string c = normalizeClsid(*clsidText);
      if (!validClsid(c))
        fail(*t.get("clsid"),
             "clsid of " + ctx + " is \"" + *clsidText + "\", expected {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}");
      s.clsid = {c, here(*t.get("clsid"), "HKLM\\SOFTWARE\\Classes\\CLSID\\" + c)};
    } else if (!existing) {
      fail(t, ctx + " needs a clsid");
    }
    const std::string clsidKey = clsidKeyOf(s);
    if (progid)
      s.progid = {*progid, here(*t.get("progid"), clsidKey + "\\ProgID")};
    else if (s.progid.value.empty())
      s.progid = {s.clsid.value, s.clsid.from};
    if (auto a = optString(t, "appid", ctx)) {
      std::string c = normalizeClsid(*a);
      if (!validClsid(c))
        fail(*t.get("appid"), "appid of " + ctx + " is \"" + *a + "\", expected {XXXXXXXX-...}");
      s.appid = {c, here(*t.get("appid"), clsidKey + "\\AppID")};
    } else if (s.appid.value.empty()) {
      s.appid = {s.clsid.value,
                 Provenance::windowsDefault(clsidKey + "\\AppID", "docs/plant.md: the AppID defaults to the CLSID")};
    }
  }

  // exe, run_as and its password, authentication_level, launch_permission, access_permission,
  // endpoint_port.
  void readServerLaunch(const toml::table &t, const Host &host, ComServer &s, const std::string &ctx,
                        const std::optional<winsec::Sid> &dsid, const std::string &clsidKey,
                        const std::string &appidKey) {
    if (auto e = optString(t, "exe", ctx))
      s.exe = {*e, here(*t.get("exe"), clsidKey + "\\LocalServer32")};
    if (const toml::node *n = t.get("run_as")) {
      auto v = n->value_exact<std::string>();
      if (!v)
        fail(*n, "run_as of " + ctx + " must be a string");
      s.runAs = {runAs(*n, *v, ctx), here(*n, appidKey + "\\RunAs")};
      if (s.runAs.value.kind == RunAs::Kind::Service && !host.findService(s.runAs.value.account))
        fail(*n, "run_as of " + ctx + " names service \"" + s.runAs.value.account +
                     "\", which neither a [[host.service]] nor the snapshot's sc qc files declare");
    }
    if (auto p = optString(t, "run_as_password", ctx)) {
      s.runAsPasswordLabel = Fact<std::string>{
          *p, here(*t.get("run_as_password"), "LSA secret SCM:" + s.appid.value + " (the stored RunAs password)")};
      noteLabel(*t.get("run_as_password"), *p);
    }
    if (auto i = optInt(t, "authentication_level", ctx, 0, 6)) {
      if (*i == 0)
        s.authenticationLevel.reset();
      else
        s.authenticationLevel =
            Fact<int>{static_cast<int>(*i), here(*t.get("authentication_level"), appidKey + "\\AuthenticationLevel")};
    }
    if (t.get("launch_permission"))
      s.launchPermission = sddl(t, "launch_permission", ctx, dsid, appidKey + "\\LaunchPermission");
    if (t.get("access_permission"))
      s.accessPermission = sddl(t, "access_permission", ctx, dsid, appidKey + "\\AccessPermission");
    if (auto p = optInt(t, "endpoint_port", ctx, 1, 65535))
      s.endpointPort =
          Fact<uint16_t>{static_cast<uint16_t>(*p), here(*t.get("endpoint_port"), appidKey + "\\Endpoints")};
  }

  // registered, view, preferred_server_bitness, exe_present, exe_readers, running, licensed,
  // accepts, own_security, refused_callback, run_as_password_readable, com_plus_application.
  void readServerState(const toml::table &t, ComServer &s, const std::string &ctx, const std::string &clsidKey,
                       const std::string &appidKey) {
    if (auto b = optBool(t, "registered", ctx))
      s.registered = {*b, here(*t.get("registered"), clsidKey)};
    if (auto v = optString(t, "view", ctx)) {
      if (*v != "64" && *v != "32")
        fail(*t.get("view"), "view of " + ctx + " must be \"64\" or \"32\" (Wow6432Node)");
      s.view = {*v, here(*t.get("view"),
                         *v == "32" ? "HKLM\\SOFTWARE\\Classes\\Wow6432Node\\CLSID\\" + s.clsid.value : clsidKey)};
    }
    if (auto i = optInt(t, "preferred_server_bitness", ctx, 1, 3))
      s.preferredServerBitness = Fact<int>{
          static_cast<int>(*i), here(*t.get("preferred_server_bitness"), appidKey + "\\PreferredServerBitness")};
    if (auto b = optBool(t, "exe_present", ctx))
      s.exePresent = {*b, here(*t.get("exe_present"), "dir \"" + s.exe.value + "\"")};
    if (auto r = optStrings(t, "exe_readers", ctx))
      s.exeReaders = {*r, here(*t.get("exe_readers"), "icacls of the folder of " + s.exe.value)};
    if (auto b = optBool(t, "running", ctx))
      s.running = {*b, here(*t.get("running"), "tasklist / the server process")};
    if (auto b = optBool(t, "licensed", ctx))
      s.licensed = {*b, here(*t.get("licensed"), "the server's license")};
    if (auto a = optString(t, "accepts", ctx)) {
      ConnectionKind k;
      if (iequals(*a, "any"))
        k = ConnectionKind::Any;
      else if (iequals(*a, "local"))
        k = ConnectionKind::Local;
      else if (iequals(*a, "remote"))
        k = ConnectionKind::Remote;
      else
        fail(*t.get("accepts"), "accepts of " + ctx + " must be \"any\", \"local\" or \"remote\"");
      s.accepts = {k, here(*t.get("accepts"), "the server's accepted connection kinds (vendor documentation)")};
    }
    if (auto o = optStrings(t, "own_security", ctx))
      s.ownSecurity = Fact<std::vector<std::string>>{*o, here(*t.get("own_security"), "the server's own user list")};
    if (const toml::node *n = t.get("refused_callback"))
      s.refusedCallback = Fact<uint32_t>{hresult(*n, *n, "refused_callback of " + ctx),
                                         here(*n, "the server's behaviour on a refused callback")};
    if (auto b = optBool(t, "run_as_password_readable", ctx))
      s.runAsPasswordReadable = {*b, here(*t.get("run_as_password_readable"),
                                          "LSA secret SCM:" + s.appid.value + " (the stored RunAs password)")};
    if (auto b = optBool(t, "com_plus_application", ctx))
      s.comPlusApplication = {
          *b, here(*t.get("com_plus_application"), "Component Services > COM+ Applications (a server application)")};
  }

  ComServer newServer(const Host &host) {
    (void)host;
    const char *kFormat = "docs/plant.md, [[host.server]] defaults";
    ComServer s;
    s.runAs = {RunAs{}, Provenance::windowsDefault(
                            "AppID RunAs", "absent RunAs: the launching user (Microsoft, \"RunAs\" AppID value)")};
    s.registered = {true, Provenance::windowsDefault("HKLM\\SOFTWARE\\Classes\\CLSID", kFormat)};
    s.view = {"64", Provenance::windowsDefault("HKLM\\SOFTWARE\\Classes\\CLSID", kFormat)};
    s.exePresent = {true, Provenance::windowsDefault("the server executable", kFormat)};
    s.exeReaders = {{"Users", "Administrators", "SYSTEM"},
                    Provenance::windowsDefault("icacls \"C:\\Program Files\"",
                                               "Program Files' ACL: Users read & execute (docs/plant.md)")};
    s.running = {false, Provenance::windowsDefault("the server process", kFormat)};
    s.licensed = {true, Provenance::windowsDefault("the server's license", kFormat)};
    s.accepts = {ConnectionKind::Any, Provenance::windowsDefault("the server's accepted connection kinds", kFormat)};
    s.comPlusApplication = {false, Provenance::windowsDefault("Component Services > COM+ Applications",
                                                              "a plain COM server (LocalServer32) unless stated")};
    return s;
  }

  void readClient(const toml::table &t, Host &host, const std::string &hctx, const std::optional<winsec::Sid> &dsid) {
    const std::string ctx0 = hctx + " [[host.client]]";
    checkKeys(t,
              {"name", "run_as", "exe", "stack", "authentication_level", "activation_authentication_level",
               "access_permission", "callback_authentication_level", "reports"},
              ctx0);
    ClientProgram c;
    c.name = reqString(t, "name", ctx0);
    const std::string ctx = hctx + " client \"" + c.name + "\"";
    if (host.findClient(c.name))
      fail(t, ctx + " is declared twice");
    c.from = here(t, "client " + c.name);
    c.runAs = {reqString(t, "run_as", ctx), here(*t.get("run_as"), "the account the client runs as")};
    c.exe = {optString(t, "exe", ctx).value_or(""),
             t.get("exe") ? here(*t.get("exe"), "the client executable") : c.from};
    c.stack = {ClientStack::Windows, Provenance::windowsDefault("the client's DCOM stack", "docs/plant.md: windows")};
    if (auto s = optString(t, "stack", ctx)) {
      ClientStack k;
      if (iequals(*s, "windows"))
        k = ClientStack::Windows;
      else if (iequals(*s, "j-interop") || iequals(*s, "utgard"))
        k = ClientStack::JInterop;
      else if (iequals(*s, "node-dcom"))
        k = ClientStack::NodeDcom;
      else if (iequals(*s, "samba"))
        k = ClientStack::Samba;
      else if (iequals(*s, "other"))
        k = ClientStack::Other;
      else
        fail(*t.get("stack"), "stack of " + ctx + " must be windows, j-interop, node-dcom, samba or other");
      c.stack = {k, here(*t.get("stack"), "the client's DCOM stack")};
    }
    if (auto i = optInt(t, "authentication_level", ctx, 1, 6))
      c.authenticationLevel =
          Fact<int>{static_cast<int>(*i),
                    here(*t.get("authentication_level"), "the client's CoInitializeSecurity authentication level")};
    if (auto i = optInt(t, "activation_authentication_level", ctx, 1, 6))
      c.activationAuthenticationLevel =
          Fact<int>{static_cast<int>(*i), here(*t.get("activation_authentication_level"),
                                               "the client's COAUTHINFO activation authentication level")};
    if (t.get("access_permission"))
      c.accessPermission =
          sddl(t, "access_permission", ctx, dsid, "the client's CoInitializeSecurity security descriptor");
    if (auto i = optInt(t, "callback_authentication_level", ctx, 1, 6))
      c.callbackAuthenticationLevel =
          Fact<int>{static_cast<int>(*i), here(*t.get("callback_authentication_level"),
                                               "the authentication level of the client's callback objects (sinks)")};
    c.reports = {{},
                 Provenance::windowsDefault("the HRESULT the program shows", "the one DCOM returns, unless stated")};
    if (auto *r = optTable(t, "reports", ctx)) {
      for (auto &&[key, value] : *r) {
        const std::string what = "reports of " + ctx;
        uint32_t shown = hresult(value, value, what + " (the code shown for " + std::string(key.str()) + ")");
        c.reports.value[hresult(toml::value<std::string>(std::string(key.str())), value, what + " (a key)")] = shown;
      }
      c.reports.from = here(*t.get("reports"), "the HRESULT the program shows for DCOM's");
    }
    host.clients.push_back(std::move(c));
  }

  // ---------------------------------------------------------------- link
  void readLink(const toml::table &t) {
    const std::string ctx = "[[link]]";
    checkKeys(t, {"from", "to", "reachable", "nat", "dns"}, ctx);
    Link l;
    l.from = reqString(t, "from", ctx);
    l.to = reqString(t, "to", ctx);
    for (const auto &name : {l.from, l.to})
      if (!plant_.findHost(name))
        fail(t, "link names host \"" + name + "\" which no [[host]] declares");
    l.from_ = here(t, "link " + l.from + " -> " + l.to);
    l.reachable = {optBool(t, "reachable", ctx).value_or(true),
                   t.get("reachable") ? here(*t.get("reachable"), "network path " + l.from + " -> " + l.to) : l.from_};
    l.nat = {optBool(t, "nat", ctx).value_or(false),
             t.get("nat") ? here(*t.get("nat"), "NAT between " + l.from + " and " + l.to) : l.from_};
    if (auto d = optString(t, "dns", ctx)) {
      if (!validAddressOrCidr(*d) || d->find('/') != std::string::npos)
        fail(*t.get("dns"), "dns in " + ctx + " must be the IPv4 address " + l.from + " resolves " + l.to + " to");
      l.dns = Fact<std::string>{*d, here(*t.get("dns"), "DNS answer on " + l.from + " for " + l.to)};
    }
    if (plant_.findLink(l.from, l.to))
      fail(t, "link " + l.from + " -> " + l.to + " is declared twice");
    plant_.links.push_back(std::move(l));
  }
};

} // namespace

Result<Plant> parsePlant(std::string_view text, const std::string &sourceName, const std::filesystem::path &baseDir,
                         const PlantReadOptions &options) {
  toml::table root;
  try {
    root = toml::parse(text, sourceName);
  } catch (const toml::parse_error &e) {
    return Error::atLine(sourceName, e.source().begin.line, std::string(e.description()));
  } catch (const std::exception &e) {
    return Error::at(sourceName + ": " + e.what());
  }
  Reader reader(sourceName, baseDir, options);
  auto plant = reader.read(root);
  if (plant) {
    plant->file = sourceName;
    if (options.warnings)
      for (const Error &w : plant->warnings)
        *options.warnings << "dcomdoctor: " << w.str() << "\n";
  }
  return plant;
}

Result<Plant> readPlantFile(const std::filesystem::path &file, const PlantReadOptions &options) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return Error::at(file.string() + ": cannot open the plant file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parsePlant(buffer.str(), file.string(), file.parent_path(), options);
}

} // namespace dd::model
