#include "audit/Diff.h"
#include "support/Text.h"

#include "audit/AuditDescriptors.h"
#include "model/PlantReader.h"
#include "model/snapshot/Snapshot.h"
#include "sim/Matrix.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <sstream>

namespace dd::audit {

namespace com = winsec::com;
using model::Provenance;

namespace {

std::string evidence(const Provenance &p) {
  std::string s = p.origin();
  if (!p.where.empty() && s.find(p.where) == std::string::npos)
    s += " (" + p.where + ")";
  return s;
}

std::string yesNo(bool b) { return b ? "yes" : "no"; }
std::string onOff(bool b) { return b ? "on" : "off"; }
std::string num(int v) { return std::to_string(v); }

std::string joined(const std::vector<std::string> &items) {
  return items.empty() ? "(none)" : fmt::format("{}", fmt::join(items, ", "));
}

// The items of `a` that `b` lacks, compared as Windows compares names (case-insensitively).
std::vector<std::string> missingFrom(const std::vector<std::string> &a, const std::vector<std::string> &b) {
  std::vector<std::string> out;
  for (const auto &x : a)
    if (std::none_of(b.begin(), b.end(), [&](const std::string &y) { return model::iequals(x, y); }))
      out.push_back(x);
  return out;
}

// Collects the differences of one host pair in reading order.
class HostDiff {
public:
  HostDiff(const model::Host &a, const model::Host &b) : a_(a), b_(b) {}

  std::vector<Difference> run() {
    system();
    dcom();
    descriptors();
    servers();
    lsa();
    accounts();
    groups();
    rights();
    firewall();
    services();
    return std::move(out_);
  }

private:
  const model::Host &a_, &b_;
  std::vector<Difference> out_;

  void add(std::string area, std::string what, std::string before, std::string after, const Provenance *pa,
           const Provenance *pb) {
    out_.push_back(Difference{std::move(area), std::move(what), std::move(before), std::move(after),
                              pa ? evidence(*pa) : "", pb ? evidence(*pb) : ""});
  }

  template <class T, class F>
  void fact(const char *area, const std::string &what, const model::Fact<T> &a, const model::Fact<T> &b, F show) {
    if (!(a.value == b.value))
      add(area, what, show(a.value), show(b.value), &a.from, &b.from);
  }

  template <class T, class F>
  void optFact(const char *area, const std::string &what, const std::optional<model::Fact<T>> &a,
               const std::optional<model::Fact<T>> &b, F show, const std::string &absent) {
    if (!a && !b)
      return;
    if (a && b) {
      fact(area, what, *a, *b, show);
      return;
    }
    add(area, what, a ? show(a->value) : absent, b ? show(b->value) : absent, a ? &a->from : nullptr,
        b ? &b->from : nullptr);
  }

  void system();
  void dcom();
  void descriptors();
  void descriptorPair(const DescriptorRef *ra, const DescriptorRef *rb);
  void aces(const DescriptorRef &ra, const DescriptorRef &rb);
  void servers();
  void server(const model::ComServer &a, const model::ComServer &b);
  void lsa();
  void accounts();
  void groups();
  void rights();
  void firewall();
  void services();
};

void HostDiff::system() {
  fact("system", "OS", a_.os, b_.os, [](const model::OsVersion &o) { return o.displayName(); });
  optFact(
      "system", "patch level (newest cumulative update)", a_.patched, b_.patched,
      [](const model::Date &d) { return d.str(); }, "unknown");
  fact("system", "domain", a_.domain, b_.domain, [](const std::string &d) { return d.empty() ? "(workgroup)" : d; });
  fact("system", "IPv4 addresses", a_.addresses, b_.addresses, joined);
  fact("system", "machine SID", a_.machineSid, b_.machineSid, [](const winsec::Sid &s) { return s.str(); });
  optFact(
      "system", "user at the console", a_.consoleUser, b_.consoleUser, [](const std::string &u) { return u; },
      "nobody");
  optFact(
      "network", "RPC dynamic ports (Rpc\\Internet\\Ports)", a_.rpcPortRange, b_.rpcPortRange,
      [](const model::PortRange &r) { return fmt::format("{}-{}", r.first, r.last); }, "Windows' default");
}

void HostDiff::dcom() {
  const auto &a = a_.dcom, &b = b_.dcom;
  auto level = [](int l) { return fmt::format("{} ({})", model::authnLevelName(l), l); };
  auto imp = [](int l) { return fmt::format("{} ({})", model::impersonationLevelName(l), l); };
  fact("DCOM", "EnableDCOM (Enable Distributed COM on this computer)", a.enableDcom, b.enableDcom,
       [](bool v) { return std::string(v ? "Y" : "N"); });
  fact("DCOM", "LegacyAuthenticationLevel (Default Authentication Level)", a.legacyAuthenticationLevel,
       b.legacyAuthenticationLevel, level);
  fact("DCOM", "LegacyImpersonationLevel (Default Impersonation Level)", a.legacyImpersonationLevel,
       b.legacyImpersonationLevel, imp);
  optFact("AppCompat", "RequireIntegrityActivationAuthenticationLevel", a.requireIntegrityActivationAuthenticationLevel,
          b.requireIntegrityActivationAuthenticationLevel, num, "absent (the patch level's default)");
  optFact("AppCompat", "RaiseActivationAuthenticationLevel", a.raiseActivationAuthenticationLevel,
          b.raiseActivationAuthenticationLevel, num, "absent (the patch level's default)");
  fact("DCOM", "ActivationFailureLoggingLevel", a.activationFailureLoggingLevel, b.activationFailureLoggingLevel, num);
  fact("DCOM", "CallFailureLoggingLevel", a.callFailureLoggingLevel, b.callFailureLoggingLevel, num);
  fact("DCOM", "InvalidSecurityDescriptorLoggingLevel", a.invalidSecurityDescriptorLoggingLevel,
       b.invalidSecurityDescriptorLoggingLevel, num);
  fact("audit policy", "failure auditing of logons", a_.audit.logonFailures, b_.audit.logonFailures, onOff);
  fact("audit policy", "failure auditing of account logons", a_.audit.accountLogonFailures,
       b_.audit.accountLogonFailures, onOff);
  fact("audit policy", "failure auditing of object access", a_.audit.objectAccessFailures,
       b_.audit.objectAccessFailures, onOff);
}

const std::initializer_list<DescriptorWhich> AllDescriptors = {
    DescriptorWhich::LaunchLimits,  DescriptorWhich::AccessLimits, DescriptorWhich::DefaultLaunch,
    DescriptorWhich::DefaultAccess, DescriptorWhich::AppLaunch,    DescriptorWhich::AppAccess};

std::string areaOf(const DescriptorRef &r) {
  switch (r.k.which) {
  case DescriptorWhich::LaunchLimits:
  case DescriptorWhich::AccessLimits: return "Limits";
  case DescriptorWhich::DefaultLaunch:
  case DescriptorWhich::DefaultAccess: return "Defaults";
  default: return "AppID " + r.server;
  }
}

void HostDiff::descriptors() {
  auto refsA = descriptorsOf(a_, AllDescriptors), refsB = descriptorsOf(b_, AllDescriptors);
  auto same = [](const DescriptorRef &x, const DescriptorRef &y) {
    return x.k.which == y.k.which && model::iequals(x.server, y.server);
  };
  for (const auto &ra : refsA) {
    auto it = std::find_if(refsB.begin(), refsB.end(), [&](const DescriptorRef &rb) { return same(ra, rb); });
    descriptorPair(&ra, it == refsB.end() ? nullptr : &*it);
  }
  for (const auto &rb : refsB)
    if (std::none_of(refsA.begin(), refsA.end(), [&](const DescriptorRef &ra) { return same(ra, rb); }))
      descriptorPair(nullptr, &rb);
}

void HostDiff::descriptorPair(const DescriptorRef *ra, const DescriptorRef *rb) {
  const DescriptorRef &r = ra ? *ra : *rb;
  std::string what = r.where() + " (" + r.dcomcnfgPath() + ")";
  const char *absent = r.k.which == DescriptorWhich::AppLaunch || r.k.which == DescriptorWhich::AppAccess
                           ? "absent: the machine Default applies"
                           : "absent";
  if (!ra || !rb) {
    add(areaOf(r), what + ": value " + (ra ? "removed" : "added"), ra ? ra->descriptor->sddl : absent,
        rb ? rb->descriptor->sddl : absent, ra ? &ra->descriptor->from : nullptr, rb ? &rb->descriptor->from : nullptr);
    return;
  }
  if (ra->policy != rb->policy)
    add(areaOf(r),
        r.label() + ": the Group Policy value (HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM) " +
            (rb->policy ? "now wins over the Ole value" : "is gone; the Ole value applies"),
        ra->descriptor->sddl, rb->descriptor->sddl, &ra->descriptor->from, &rb->descriptor->from);
  if (ra->descriptor->sd == rb->descriptor->sd)
    return;
  aces(*ra, *rb);
}

// The ACEs of a DACL grouped by (allow or deny, SID): the COM rights they carry and their SDDL.
struct AceGroup {
  uint32_t rights = 0;
  std::vector<std::string> sddl;
};
using AceKey = std::pair<bool, std::string>; // (deny, SID)

std::map<AceKey, AceGroup> aceGroups(const model::Descriptor &d, com::PermissionKind kind) {
  std::map<AceKey, AceGroup> out;
  if (!d.sd.dacl)
    return out;
  for (const winsec::Ace &ace : d.sd.dacl->aces) {
    if (!ace.isAllow() && !ace.isDeny())
      continue;
    AceGroup &g = out[{ace.isDeny(), ace.sid.str()}];
    g.rights |= com::effectiveComRights(ace.mask, kind);
    g.sddl.push_back(winsec::formatSddlAce(ace));
  }
  return out;
}

std::string sidName(const std::string &sid) {
  auto parsed = winsec::parseSddlSid(sid);
  return parsed ? winsec::displayName(*parsed) : sid;
}

void HostDiff::aces(const DescriptorRef &ra, const DescriptorRef &rb) {
  const model::Descriptor &da = *ra.descriptor, &db = *rb.descriptor;
  std::string head = ra.where() + " (" + ra.dcomcnfgPath() + ")";
  size_t before = out_.size();
  if (da.sd.hasNullDacl() != db.sd.hasNullDacl())
    add(areaOf(ra), head + ": NULL DACL (grants everyone everything) " + (db.sd.hasNullDacl() ? "set" : "removed"),
        da.sddl, db.sddl, &da.from, &db.from);
  auto ga = aceGroups(da, ra.kind), gb = aceGroups(db, rb.kind);
  auto right = [&](uint32_t m) { return com::describeComRights(m, ra.kind); };
  auto prefix = [](const AceKey &k) { return std::string(k.first ? "Deny " : "Allow "); };
  for (const auto &[key, g] : ga) {
    auto it = gb.find(key);
    std::string who = sidName(key.second);
    if (it == gb.end()) {
      add(areaOf(ra), fmt::format("{}: ACE removed: {}{}: {}", head, prefix(key), who, right(g.rights)), joined(g.sddl),
          "", &da.from, &db.from);
      continue;
    }
    if (it->second.sddl == g.sddl)
      continue;
    uint32_t added = it->second.rights & ~g.rights, removed = g.rights & ~it->second.rights;
    std::string change;
    if (added)
      change += "added " + right(added);
    if (removed)
      change += std::string(change.empty() ? "" : "; ") + "removed " + right(removed);
    if (change.empty())
      change = "same COM rights, other bits or flags";
    add(areaOf(ra), fmt::format("{}: {}{} rights changed: {}", head, prefix(key), who, change), joined(g.sddl),
        joined(it->second.sddl), &da.from, &db.from);
  }
  for (const auto &[key, g] : gb)
    if (!ga.count(key))
      add(areaOf(ra), fmt::format("{}: ACE added: {}{}: {}", head, prefix(key), sidName(key.second), right(g.rights)),
          "", joined(g.sddl), &da.from, &db.from);
  if (out_.size() == before) // owner, group or the order of the ACEs
    add(areaOf(ra), head + ": descriptor changed (owner, group or ACE order; same grants)", da.sddl, db.sddl, &da.from,
        &db.from);
}

std::string runAsText(const model::RunAs &r) {
  switch (r.kind) {
  case model::RunAs::Kind::LaunchingUser: return "The launching user";
  case model::RunAs::Kind::InteractiveUser: return "The interactive user";
  case model::RunAs::Kind::Account: return "This user: " + r.account;
  case model::RunAs::Kind::Service: return "The system account (service " + r.account + ")";
  }
  return "?";
}

bool sameRunAs(const model::RunAs &x, const model::RunAs &y) {
  return x.kind == y.kind && model::iequals(x.account, y.account);
}

void HostDiff::servers() {
  for (const auto &s : a_.servers) {
    const model::ComServer *t = b_.findServer(s.clsid.value);
    if (!t)
      add("AppID " + s.progid.value, "OPC server removed (or no longer registered)", s.clsid.value, "", &s.from,
          nullptr);
    else
      server(s, *t);
  }
  for (const auto &t : b_.servers)
    if (!a_.findServer(t.clsid.value))
      add("AppID " + t.progid.value, "OPC server added", "", t.clsid.value, nullptr, &t.from);
}

void HostDiff::server(const model::ComServer &a, const model::ComServer &b) {
  const std::string area = "AppID " + a.progid.value;
  auto same = [](const std::string &s) { return s; };
  auto level = [](int l) { return fmt::format("{} ({})", model::authnLevelName(l), l); };
  fact(area.c_str(), "ProgID", a.progid, b.progid, same);
  fact(area.c_str(), "AppID", a.appid, b.appid, same);
  if (!sameRunAs(a.runAs.value, b.runAs.value))
    add(area, "RunAs (Identity tab)", runAsText(a.runAs.value), runAsText(b.runAs.value), &a.runAs.from, &b.runAs.from);
  optFact(area.c_str(), "AuthenticationLevel (General tab)", a.authenticationLevel, b.authenticationLevel, level,
          "Default");
  optFact(
      area.c_str(), "Endpoints (fixed TCP port)", a.endpointPort, b.endpointPort,
      [](uint16_t p) { return std::to_string(p); }, "dynamic");
  fact(area.c_str(), "LocalServer32 executable", a.exe, b.exe, same);
  fact(area.c_str(), "registered", a.registered, b.registered, yesNo);
  fact(area.c_str(), "registry view", a.view, b.view, same);
  fact(area.c_str(), "executable present", a.exePresent, b.exePresent, yesNo);
  fact(area.c_str(), "who may read and execute the executable's folder (icacls)", a.exeReaders, b.exeReaders, joined);
  fact(area.c_str(), "running", a.running, b.running, yesNo);
}

void HostDiff::lsa() {
  const auto &a = a_.lsa, &b = b_.lsa;
  auto bit = [](bool v) { return std::string(v ? "1" : "0"); };
  fact("Lsa", "forceguest (Sharing and security model: 1 = Guest only)", a.forceGuest, b.forceGuest, bit);
  fact("Lsa", "everyoneincludesanonymous", a.everyoneIncludesAnonymous, b.everyoneIncludesAnonymous, bit);
  fact("Lsa", "restrictanonymous", a.restrictAnonymous, b.restrictAnonymous, num);
  fact("UAC", "LocalAccountTokenFilterPolicy", a.localAccountTokenFilterPolicy, b.localAccountTokenFilterPolicy, bit);
  fact("UAC", "FilterAdministratorToken", a.filterAdministratorToken, b.filterAdministratorToken, bit);
}

// An account's state as `net user` shows it. Never the password or its label.
void HostDiff::accounts() {
  for (const auto &u : a_.users) {
    const model::Account *v = b_.findUser(u.name);
    if (!v) {
      add("accounts", "account removed: " + u.name, u.enabled ? "active" : "disabled", "", &u.from, nullptr);
      continue;
    }
    auto flag = [&](const char *what, bool x, bool y, const model::Provenance &xFrom, const model::Provenance &yFrom) {
      if (x != y)
        add("accounts", u.name + ": " + what, yesNo(x), yesNo(y), &xFrom, &yFrom);
    };
    flag("Account active", u.enabled, v->enabled, u.enabledProvenance(), v->enabledProvenance());
    flag("locked out", u.locked, v->locked, u.lockedProvenance(), v->lockedProvenance());
    flag("password expired", u.passwordExpired, v->passwordExpired, u.from, v->from);
    flag("Password expires: never", u.passwordNeverExpires, v->passwordNeverExpires, u.from, v->from);
  }
  for (const auto &v : b_.users)
    if (!a_.findUser(v.name))
      add("accounts", "account added: " + v.name, "", v.enabled ? "active" : "disabled", nullptr, &v.from);
}

void HostDiff::groups() {
  for (const auto &g : a_.groups) {
    const model::Group *h = b_.findGroup(g.name);
    if (!h) {
      add("groups", "local group removed: " + g.name, joined(g.members), "", &g.from, nullptr);
      continue;
    }
    for (const auto &m : missingFrom(g.members, h->members))
      add("groups", g.name + ": member removed: " + m, m, "", &g.from, &h->from);
    for (const auto &m : missingFrom(h->members, g.members))
      add("groups", g.name + ": member added: " + m, "", m, &g.from, &h->from);
  }
  for (const auto &h : b_.groups)
    if (!a_.findGroup(h.name))
      add("groups", "local group added: " + h.name, "", joined(h.members), nullptr, &h.from);
}

void HostDiff::rights() {
  static const std::vector<std::string> none;
  for (const auto &[right, fa] : a_.userRights) {
    auto it = b_.userRights.find(right);
    const auto &vb = it == b_.userRights.end() ? none : it->second.value;
    const Provenance *pb = it == b_.userRights.end() ? nullptr : &it->second.from;
    for (const auto &p : missingFrom(fa.value, vb))
      add("user rights", right + ": principal removed: " + p, joined(fa.value), joined(vb), &fa.from, pb);
    for (const auto &p : missingFrom(vb, fa.value))
      add("user rights", right + ": principal added: " + p, joined(fa.value), joined(vb), &fa.from, pb);
  }
  for (const auto &[right, fb] : b_.userRights)
    if (!a_.userRights.count(right))
      for (const auto &p : fb.value)
        add("user rights", right + ": principal added: " + p, "(none)", joined(fb.value), nullptr, &fb.from);
}

// A firewall rule as `netsh advfirewall firewall show rule` would sum it up.
std::string ruleText(const model::FirewallRule &r) {
  std::vector<std::string> ports;
  if (r.rpcEndpointMapper)
    ports.push_back("RPC-EPMap");
  if (r.rpcDynamic)
    ports.push_back("RPC");
  for (const auto &p : r.ports)
    ports.push_back(p.first == p.last ? std::to_string(p.first) : fmt::format("{}-{}", p.first, p.last));
  return fmt::format(
      "{}, {}, {} {}, program {}, from {}", r.enabled ? "enabled" : "disabled", r.allow ? "allow" : "block", r.protocol,
      ports.empty() ? "any port" : fmt::format("{}", fmt::join(ports, ",")), r.program ? *r.program : "any",
      r.remote.empty() ? "any address" : fmt::format("{}", fmt::join(r.remote, ",")));
}

// Rules by name; Windows allows several rules of one name, told apart here by their order.
std::map<std::string, const model::FirewallRule *> rulesByName(const std::vector<model::FirewallRule> &rules) {
  std::map<std::string, const model::FirewallRule *> out;
  std::map<std::string, int> seen;
  for (const auto &r : rules) {
    int n = ++seen[lower(r.name)];
    out[n == 1 ? lower(r.name) : fmt::format("{} #{}", lower(r.name), n)] = &r;
  }
  return out;
}

void HostDiff::firewall() {
  fact("firewall", "firewall (profile in force)", a_.firewall.enabled, b_.firewall.enabled, onOff);
  auto ra = rulesByName(a_.firewall.rules), rb = rulesByName(b_.firewall.rules);
  for (const auto &[key, r] : ra) {
    auto it = rb.find(key);
    if (it == rb.end())
      add("firewall", "inbound rule removed: " + r->name, ruleText(*r), "", &r->from, nullptr);
    else if (ruleText(*r) != ruleText(*it->second))
      add("firewall", "inbound rule changed: " + r->name, ruleText(*r), ruleText(*it->second), &r->from,
          &it->second->from);
  }
  for (const auto &[key, r] : rb)
    if (!ra.count(key))
      add("firewall", "inbound rule added: " + r->name, "", ruleText(*r), nullptr, &r->from);
}

void HostDiff::services() {
  for (const auto &s : a_.services) {
    const model::Service *t = b_.findService(s.name);
    if (!t) {
      add("services", "service removed: " + s.name, s.startType + ", " + s.state, "", &s.from, nullptr);
      continue;
    }
    auto field = [&](const char *what, const std::string &x, const std::string &y) {
      if (!model::iequals(x, y))
        add("services", s.name + ": " + what, x, y, &s.from, &t->from);
    };
    field("START_TYPE", s.startType, t->startType);
    field("STATE", s.state, t->state);
    field("SERVICE_START_NAME (Log On account)", s.logonAccount, t->logonAccount);
    field("BINARY_PATH_NAME", s.binaryPath, t->binaryPath);
  }
  for (const auto &t : b_.services)
    if (!a_.findService(t.name))
      add("services", "service added: " + t.name, "", t.startType + ", " + t.state, nullptr, &t.from);
}

// A TOML basic string.
std::string tomlString(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string trimmed(std::string_view s) { return std::string(trimSpace(s)); }

// `key = "value"` (or 'value') on a line: the value, or nullopt for another key.
std::optional<std::string> keyValue(const std::string &line, std::string_view key) {
  std::string t = trimmed(line);
  if (t.rfind(key, 0) != 0)
    return std::nullopt;
  std::string rest = trimmed(std::string_view(t).substr(key.size()));
  if (rest.empty() || rest[0] != '=')
    return std::nullopt;
  rest = trimmed(std::string_view(rest).substr(1));
  if (rest.size() < 2 || (rest[0] != '"' && rest[0] != '\''))
    return rest;
  size_t end = rest.find(rest[0], 1);
  return rest.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

std::vector<std::string> splitLines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// Puts `snapshot = FOLDER` into the [[host]] table named `hostName` (replacing its own line, so
// every other line keeps its number). False when the plant file has no such host.
bool setHostSnapshot(std::vector<std::string> &lines, const std::string &hostName, const std::string &folder) {
  std::optional<size_t> nameLine, snapLine;
  bool inHost = false, inHostKeys = false;
  auto finish = [&]() {
    if (!inHost || !nameLine)
      return false;
    if (snapLine)
      lines[*snapLine] = "snapshot = " + tomlString(folder);
    else
      lines.insert(lines.begin() + long(*nameLine) + 1, "snapshot = " + tomlString(folder));
    return true;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string t = trimmed(lines[i]);
    if (!t.empty() && t[0] == '[') {
      bool hostHeader = t.rfind("[[host]]", 0) == 0;
      bool hostSub = t.rfind("[[host.", 0) == 0 || t.rfind("[host.", 0) == 0;
      if (hostHeader || !hostSub) {
        if (finish())
          return true;
        inHost = hostHeader;
        nameLine.reset();
        snapLine.reset();
      }
      inHostKeys = hostHeader;
      continue;
    }
    if (!inHostKeys)
      continue;
    if (auto v = keyValue(lines[i], "name"); v && model::iequals(*v, hostName))
      nameLine = i;
    else if (keyValue(lines[i], "snapshot"))
      snapLine = i;
  }
  return finish();
}

std::string stepText(int8_t step) { return step < 0 ? "" : sim::stepId(sim::Step(step)); }

struct RowCodes {
  uint32_t connect = 0, advise = 0;
  std::string connectStep, adviseStep;
};

std::map<std::vector<std::string>, RowCodes> matrixByName(const model::Plant &plant, int threads) {
  std::map<std::vector<std::string>, RowCodes> rows;
  sim::runMatrix(plant, sim::MatrixOptions{threads, false}, [&](const sim::MatrixRow &r) {
    const model::Host &ch = plant.hosts[size_t(r.clientHost)], &sh = plant.hosts[size_t(r.serverHost)];
    rows[{ch.name, ch.clients[size_t(r.client)].name, sh.name, sh.servers[size_t(r.server)].progid.value}] =
        RowCodes{r.connectHresult, r.adviseHresult, stepText(r.connectStep), stepText(r.adviseStep)};
  });
  return rows;
}

} // namespace

Result<model::Host> loadSnapshotHost(const std::filesystem::path &folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    return Error::at(folder.string() + ": no such snapshot folder (give a folder collect.cmd wrote)");
  auto id = model::snapshot::readSnapshotIdentity(folder);
  if (!id)
    return id.error();
  std::string name = id->hostName ? id->hostName->value : folder.filename().string();
  if (name.empty())
    name = "HOST";
  std::string text = "[[host]]\nname = " + tomlString(name) + "\nsnapshot = " + tomlString(folder.string()) + "\n";
  auto plant = model::parsePlant(text, folder.string(), "");
  if (!plant)
    return plant.error();
  return std::move(plant->hosts.front());
}

std::vector<Difference> diffHosts(const model::Host &a, const model::Host &b) { return HostDiff(a, b).run(); }

Result<model::Plant> plantWithSnapshot(const std::filesystem::path &plantFile, const std::string &hostName,
                                       const std::filesystem::path &folder) {
  std::ifstream in(plantFile, std::ios::binary);
  if (!in)
    return Error::at(plantFile.string() + ": cannot read the plant file");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> lines = splitLines(text.str());
  if (!setHostSnapshot(lines, hostName, std::filesystem::absolute(folder).lexically_normal().string()))
    return Error::at(plantFile.string() + ": no [[host]] named \"" + hostName +
                     "\" (--host names a host of the plant)");
  std::string edited;
  for (const auto &l : lines)
    edited += l + "\n";
  return model::parsePlant(edited, plantFile.string(), plantFile.parent_path());
}

std::vector<PredictionChange> diffPredictions(const model::Plant &a, const model::Plant &b, int threads) {
  auto ra = matrixByName(a, threads), rb = matrixByName(b, threads);
  std::vector<PredictionChange> out;
  auto compare = [&](const std::vector<std::string> &k, const RowCodes *x, const RowCodes *y) {
    RowCodes absent{0, 0, "absent", "absent"};
    const RowCodes &p = x ? *x : absent, &q = y ? *y : absent;
    if (p.connect != q.connect || p.connectStep != q.connectStep)
      out.push_back({k[0], k[1], k[2], k[3], "connect", p.connect, q.connect, p.connectStep, q.connectStep});
    if (p.advise != q.advise || p.adviseStep != q.adviseStep)
      out.push_back({k[0], k[1], k[2], k[3], "advise", p.advise, q.advise, p.adviseStep, q.adviseStep});
  };
  for (const auto &[k, x] : ra) {
    auto it = rb.find(k);
    compare(k, &x, it == rb.end() ? nullptr : &it->second);
  }
  for (const auto &[k, y] : rb)
    if (!ra.count(k))
      compare(k, nullptr, &y);
  return out;
}

void writeDiffText(std::ostream &out, const DiffResult &r) {
  if (r.same()) {
    out << "No DCOM-relevant difference between the snapshots of " << r.hostA << ".\n";
    return;
  }
  if (!model::iequals(r.hostA, r.hostB))
    out << "Note: the snapshots name different hosts: " << r.hostA << " and " << r.hostB << ".\n";
  out << r.differences.size() << " difference(s) between A and B of " << r.hostA << ":\n";
  std::string area;
  for (const auto &d : r.differences) {
    if (d.area != area)
      out << "\n" << (area = d.area) << "\n";
    out << "  " << d.what << "\n";
    out << "    A: " << (d.before.empty() ? "-" : d.before) << (d.evidenceA.empty() ? "" : "   [" + d.evidenceA + "]")
        << "\n";
    out << "    B: " << (d.after.empty() ? "-" : d.after) << (d.evidenceB.empty() ? "" : "   [" + d.evidenceB + "]")
        << "\n";
  }
  if (r.predictions.empty())
    return;
  out << "\n" << r.predictions.size() << " prediction(s) of the plant change:\n";
  auto code = [](uint32_t hr, const std::string &step) {
    return hr == 0 ? std::string("works")
                   : fmt::format("{} {} at {}", sim::hresultHex(hr), sim::hresultSymbol(hr), step);
  };
  for (const auto &p : r.predictions)
    out << fmt::format("  {}\\{} -> {}\\{} {}: A {}; B {}\n", p.clientHost, p.client, p.serverHost, p.server,
                       p.direction, code(p.hresultA, p.stepA), code(p.hresultB, p.stepB));
  out << "Steps: docs/model.md#<step>; run `dcomdoctor simulate` on a pair for its evidence.\n";
}

nlohmann::json diffJson(const DiffResult &r) {
  nlohmann::json j = {{"host_a", r.hostA}, {"host_b", r.hostB}, {"same", r.same()}};
  j["differences"] = nlohmann::json::array();
  for (const auto &d : r.differences)
    j["differences"].push_back({{"area", d.area},
                                {"what", d.what},
                                {"a", d.before},
                                {"b", d.after},
                                {"evidence_a", d.evidenceA},
                                {"evidence_b", d.evidenceB}});
  j["predictions"] = nlohmann::json::array();
  for (const auto &p : r.predictions)
    j["predictions"].push_back({{"client_host", p.clientHost},
                                {"client", p.client},
                                {"server_host", p.serverHost},
                                {"class", p.server},
                                {"direction", p.direction},
                                {"hresult_a", sim::hresultHex(p.hresultA)},
                                {"step_a", p.stepA},
                                {"hresult_b", sim::hresultHex(p.hresultB)},
                                {"step_b", p.stepB}});
  return j;
}

} // namespace dd::audit
