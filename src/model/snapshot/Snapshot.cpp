// A host snapshot folder into the model's Host (see Snapshot.h, docs/snapshot.md).
//
// Order: identity (systeminfo, wmic SIDs, wmic computersystem's domain), secedit, registry (.reg files or offline hives
// through dd::registry, winning over secedit's copies of the same values), auditpol (auditpol's subcategories are what
// Vista+ applies), accounts and groups (net, wmic), services (sc), firewall (netsh), folder ACLs (icacls), the console
// user (wmic computersystem UserName, else query user). Each fact gets Provenance::snapshot(file, line, where). wmic's
// untranslated facts (WmicFacts.h) win over the translated words of net user, query user and systeminfo.
#include "model/snapshot/Snapshot.h"

#include "model/Defaults.h"
#include "model/Settings.h"
#include "model/snapshot/Auditpol.h"
#include "model/snapshot/AuditpolCsv.h"
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/FirewallRegistry.h"
#include "model/snapshot/FolderAcl.h"
#include "model/snapshot/FirewallRules.h"
#include "model/snapshot/Icacls.h"
#include "model/snapshot/IcaclsSave.h"
#include "model/snapshot/NetLocalgroup.h"
#include "model/snapshot/NetUser.h"
#include "model/snapshot/PatchLevels.h"
#include "model/snapshot/PsCsv.h"
#include "model/snapshot/QueryUser.h"
#include "model/snapshot/ScQc.h"
#include "model/snapshot/ScQuery.h"
#include "model/snapshot/SnapshotFolder.h"
#include "model/snapshot/SeceditInf.h"
#include "model/snapshot/SystemInfo.h"
#include "model/snapshot/TextLines.h"
#include "model/snapshot/WmicFacts.h"
#include "model/snapshot/WmicList.h"
#include "registry/Registry.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>
#include <set>

namespace dd::model::snapshot {

namespace fs = std::filesystem;

namespace {

// The registry keys of the exported files (the settings table names the values in them).
constexpr const char *kOleKey = "HKLM\\SOFTWARE\\Microsoft\\Ole";
constexpr const char *kPolicyKey = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM";
constexpr const char *kLsaKey = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
constexpr const char *kPoliciesSystemKey = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";

// --------------------------------------------------------------------------------------------
// Identity

// What the snapshot says about the host's updates (PatchLevels.h decides the level).
struct PatchInputs {
  std::vector<PatchCandidate> candidates;
  std::vector<ListedUpdate> listed;
  std::string systemInfoFile; // for the evidence of an unknown level
  size_t systemInfoLine = 0;
};

// "10.0.19043 N/A Build 19043" -> 19043; "6.1.7601 Service Pack 1 Build 7601" -> 7601.
std::optional<uint32_t> buildFromOsVersion(std::string_view v) {
  size_t first = v.find('.');
  size_t second = first == std::string_view::npos ? first : v.find('.', first + 1);
  if (second == std::string_view::npos)
    return std::nullopt;
  uint32_t build = 0;
  auto [ptr, ec] = std::from_chars(v.data() + second + 1, v.data() + v.size(), build);
  if (ec != std::errc() || ptr == v.data() + second + 1)
    return std::nullopt;
  return build;
}

std::optional<uint32_t> number(std::string_view text) {
  text = trim(text);
  uint32_t n = 0;
  int base = 10;
  if (istartsWith(text, "0x")) {
    text.remove_prefix(2);
    base = 16;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n, base);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
    return std::nullopt;
  return n;
}

void addBuildCandidate(PatchInputs &patch, uint32_t build, std::optional<uint32_t> ubr, Provenance from) {
  auto level = buildLevel(build, ubr.value_or(0));
  if (!level)
    return;
  from.where += ubr ? fmt::format(": build {}.{} = {} {}", build, *ubr, level->what, level->date.str())
                    : fmt::format(": build {} (no UBR) = {} {}", build, level->what, level->date.str());
  patch.candidates.push_back({level->date, std::move(from)});
}

// currentversion.csv (Get-ItemProperty | Export-Csv) or currentversion.reg (reg export).
Result<void> readCurrentVersion(const Folder &f, PatchInputs &patch) {
  if (f.has(files::CurrentVersionCsv)) {
    auto csv = f.parse(files::CurrentVersionCsv, parsePsCsv);
    if (!csv)
      return csv.error();
    for (const CsvRecord &r : csv->records)
      if (auto build = number(csv->value(r, "CurrentBuild")))
        addBuildCandidate(patch, *build, number(csv->value(r, "UBR")),
                          at(f, files::CurrentVersionCsv, r.line, "CurrentVersion CurrentBuild, UBR"));
  }
  if (f.has(files::CurrentVersionReg)) {
    registry::Registry reg;
    if (auto r = reg.loadRegFile(f.dir / files::CurrentVersionReg); !r)
      return r.error().inFile(f.display(files::CurrentVersionReg));
    constexpr const char *kKey = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    if (registry::Key key = reg.findKey(kKey)) {
      std::optional<uint32_t> build, ubr;
      if (registry::Value v = key.value("CurrentBuild"); v && v.asString())
        build = number(*v.asString());
      if (registry::Value v = key.value("UBR"))
        if (auto n = v.asNumber())
          ubr = static_cast<uint32_t>(*n);
      if (build)
        addBuildCandidate(
            patch, *build, ubr,
            Provenance::snapshot(f.display(files::CurrentVersionReg), 0, std::string(kKey) + "\\CurrentBuild, UBR"));
    }
  }
  return {};
}

// "2023-06-20" (collect.cmd's format), "6/20/2023" or "6/20/2023 12:00:00 AM" (wmic, en-US).
std::optional<Date> installDate(std::string_view text) {
  int a = 0, b = 0, c = 0;
  std::string s(trim(text));
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &a, &b, &c) == 3 && b >= 1 && b <= 12 && c >= 1 && c <= 31)
    return Date{a, b, c};
  if (std::sscanf(s.c_str(), "%2d/%2d/%4d", &a, &b, &c) == 3 && a >= 1 && a <= 12 && b >= 1 && b <= 31 && c > 1990)
    return Date{c, a, b};
  return std::nullopt;
}

// updates.csv: Get-HotFix / Win32_QuickFixEngineering (HotFixID, InstalledOn), the update list
// that also works where wmic is gone (Windows 11) and that systeminfo cuts on long-patched hosts.
Result<void> readUpdateList(const Folder &f, PatchInputs &patch) {
  if (!f.has(files::Updates))
    return {};
  auto csv = f.parse(files::Updates, parsePsCsv);
  if (!csv)
    return csv.error();
  if (csv->column("HotFixID") < 0)
    return Error::atLine(f.display(files::Updates), 1,
                         "no HotFixID column: not the update list collect.cmd writes (Get-HotFix | Export-Csv)");
  for (const CsvRecord &r : csv->records) {
    std::string kb(trim(csv->value(r, "HotFixID")));
    if (kb.empty())
      continue;
    Provenance from = at(f, files::Updates, r.line, "Get-HotFix " + kb);
    std::optional<Date> installed = installDate(csv->value(r, "InstalledOn"));
    if (auto u = updateByKb(kb)) {
      Provenance c = from;
      c.where += fmt::format(": released {}", u->date.str());
      patch.candidates.push_back({u->date, std::move(c)});
    }
    patch.listed.push_back({kb, installed, std::move(from)});
  }
  return {};
}

void decidePatch(const Folder &f, const PatchInputs &patch, SnapshotIdentity &id) {
  PatchLevel level = decidePatchLevel(patch.candidates, patch.listed);
  id.patchNotes = level.notes;
  if (level.level) {
    id.patched = level.level;
    for (const std::string &note : level.notes)
      id.patched->from.where += "; " + note;
    return;
  }
  // Unknown only when the snapshot has something that could have told (otherwise the folder
  // says nothing about updates and the plant file's rule applies).
  if (patch.systemInfoFile.empty() && patch.listed.empty() && !f.has(files::CurrentVersionCsv) &&
      !f.has(files::CurrentVersionReg))
    return;
  std::string file = patch.systemInfoFile.empty() ? std::string(files::Updates) : patch.systemInfoFile;
  std::string why = level.unknownWhy;
  for (const std::string &note : level.notes)
    why += "; " + note;
  id.patchLevelUnknown = Fact<std::string>{why, at(f, file, patch.systemInfoLine, "the host's updates")};
}

// wmic-useraccount.txt: the machine SID (the accounts' SIDs without their RIDs).
Result<void> readMachineSid(const Folder &f, SnapshotIdentity &id) {
  auto list = f.parse(files::WmicUsers, parseWmicList);
  if (!list)
    return list.error();
  for (const WmicRecord &r : list->records) {
    const auto *sidText = r.find("SID");
    if (!sidText)
      continue;
    auto sid = winsec::Sid::parse(sidText->value);
    if (!sid)
      return Error::atLine(f.display(files::WmicUsers), sidText->line,
                           fmt::format("SID \"{}\": {}", sidText->value, sid.error().message));
    const auto &subs = sid->subAuthorities();
    if (sid->identifierAuthority() != 5 || subs.size() != 5 || subs[0] != 21)
      continue; // not a local account SID (S-1-5-21-a-b-c-rid)
    winsec::Sid machine(5, {subs[0], subs[1], subs[2], subs[3]});
    if (id.machineSid && !(id.machineSid->value == machine))
      return Error::atLine(f.display(files::WmicUsers), sidText->line,
                           fmt::format("SID {} is not in the machine SID {} of the accounts above "
                                       "(domain accounts listed? use LocalAccount=TRUE)",
                                       sid->str(), id.machineSid->value.str()));
    if (!id.machineSid)
      id.machineSid = Fact<winsec::Sid>{machine, at(f, files::WmicUsers, sidText->line, "wmic useraccount SID")};
  }
  return {};
}

// systeminfo.txt: host name, OS, domain, addresses, and what it says about updates.
Result<void> readSystemInfo(const Folder &f, SnapshotIdentity &id, PatchInputs &patch) {
  auto si = f.parse(files::SystemInfo, parseSystemInfo);
  if (!si)
    return si.error();
  const std::string file = files::SystemInfo;
  if (const NetField *t = si->field("System Type"))
    id.x86 = istartsWith(t->value, "X86");
  if (auto *h = si->field("Host Name"))
    id.hostName = Fact<std::string>{si->hostName, at(f, file, h->line, "systeminfo Host Name")};
  if (auto *n = si->field("OS Name")) {
    auto os = osFromSystemInfo(si->osName, si->osVersion);
    if (!os)
      return Error::atLine(f.display(file), n->line,
                           fmt::format("OS Name \"{}\" is not a Windows version dcomdoctor knows; state "
                                       "`os = ...` in the plant file",
                                       si->osName));
    id.os = Fact<OsVersion>{*os, at(f, file, n->line, "systeminfo OS Name")};
  }
  if (auto *c = si->field("OS Configuration")) {
    bool member = si->domainMember(); // in any language: the role table, else a dotted Domain value
    std::string domain;
    if (member) {
      domain = si->domain.substr(0, si->domain.find('.'));
      std::transform(domain.begin(), domain.end(), domain.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    }
    const NetField *d = si->field("Domain");
    id.domain = Fact<std::string>{domain, at(f, file, d ? d->line : c->line, "systeminfo OS Configuration / Domain")};
  }
  patch.systemInfoFile = file;
  const NetField *hotfixField = si->field("Hotfix(s)");
  patch.systemInfoLine = hotfixField ? hotfixField->line : 1;
  if (auto *v = si->field("OS Version"))
    if (auto build = buildFromOsVersion(si->osVersion))
      if (buildFirstRelease(*build))
        if (auto level = buildLevel(*build, 0))
          patch.candidates.push_back({level->date, at(f, file, v->line,
                                                      fmt::format("systeminfo OS Version build {}: {} {}", *build,
                                                                  level->what, level->date.str()))});
  for (const Hotfix &h : si->hotfixes) {
    patch.listed.push_back({h.id, std::nullopt, at(f, file, h.line, "systeminfo Hotfix(s) " + h.id)});
    if (auto u = updateByKb(h.id))
      patch.candidates.push_back(
          {u->date, at(f, file, h.line, fmt::format("systeminfo Hotfix(s) {}: released {}", h.id, u->date.str()))});
  }
  std::vector<std::string> addresses;
  size_t nicLine = 0;
  for (const NetworkCard &nic : si->networkCards)
    for (const std::string &a : nic.addresses)
      if (a.find(':') == std::string::npos) { // IPv4 only: what the plant's scopes use
        addresses.push_back(a);
        if (!nicLine)
          nicLine = nic.line;
      }
  if (!addresses.empty())
    id.addresses = Fact<std::vector<std::string>>{addresses, at(f, file, nicLine, "systeminfo Network Card(s)")};
  return {};
}

Result<void> readIdentity(const Folder &f, SnapshotIdentity &id) {
  PatchInputs patch;
  if (f.has(files::SystemInfo))
    if (auto r = readSystemInfo(f, id, patch); !r && !f.skipped(r.error()))
      return r.error();
  if (f.has(files::WmicUsers))
    if (auto r = readMachineSid(f, id); !r && !f.skipped(r.error()))
      return r.error();
  // wmic computersystem's DomainRole and Domain, untranslated, win over systeminfo's words.
  auto cs = readComputerSystemFile(f);
  if (!cs && !f.skipped(cs.error()))
    return cs.error();
  if (cs && *cs)
    if (auto domain = domainOf(f, **cs))
      id.domain = std::move(domain);
  if (auto r = readCurrentVersion(f, patch); !r && !f.skipped(r.error()))
    return r.error();
  if (auto r = readUpdateList(f, patch); !r && !f.skipped(r.error()))
    return r.error();
  decidePatch(f, patch, id);
  return {};
}

// --------------------------------------------------------------------------------------------
// Registry

struct LoadedFile {
  std::string file; // display path
  std::string root; // canonical key path it covers
};

struct RegistrySource {
  registry::Registry reg;
  std::vector<LoadedFile> files;
  // The file that holds `keyPath` (longest covering root).
  std::string fileFor(std::string_view keyPath) const {
    std::string canon = registry::canonicalPath(keyPath);
    const LoadedFile *best = nullptr;
    for (const auto &lf : files)
      if (istartsWith(canon, lf.root) && (canon.size() == lf.root.size() || canon[lf.root.size()] == '\\') &&
          (!best || lf.root.size() > best->root.size()))
        best = &lf;
    return best ? best->file : std::string();
  }
};

Result<void> loadRegistry(const Folder &f, RegistrySource &src, bool &any) {
  struct RegFile {
    const char *name;
    const char *root;
  };
  const RegFile regFiles[] = {
      {files::Ole, kOleKey},
      {files::DcomPolicy, kPolicyKey},
      {files::AppId, "HKLM\\SOFTWARE\\Classes\\AppID"},
      {files::AppIdWow, "HKLM\\SOFTWARE\\Classes\\Wow6432Node\\AppID"},
      {files::Clsid, "HKLM\\SOFTWARE\\Classes\\CLSID"},
      {files::ClsidWow, "HKLM\\SOFTWARE\\Classes\\Wow6432Node\\CLSID"},
      {files::Lsa, kLsaKey},
      {files::Rpc, "HKLM\\SOFTWARE\\Microsoft\\Rpc"},
      {files::PoliciesSystem, kPoliciesSystemKey},
      {files::Com3, "HKLM\\SOFTWARE\\Microsoft\\COM3"},
  };
  // Offline hives first: .reg files present beside them are newer exports and win.
  for (const char *hive : {"SOFTWARE", "SYSTEM", "SAM"}) {
    if (!f.has(hive))
      continue;
    if (auto r = src.reg.loadHive(f.dir / hive); !r)
      return r.error().inFile(f.display(hive));
    src.files.push_back({f.display(hive), registry::canonicalPath(std::string("HKLM\\") + hive)});
    any = true;
  }
  for (const RegFile &rf : regFiles) {
    if (!f.has(rf.name))
      continue;
    if (auto r = src.reg.loadRegFile(f.dir / rf.name); !r)
      return r.error().inFile(f.display(rf.name));
    src.files.push_back({f.display(rf.name), registry::canonicalPath(rf.root)});
    any = true;
  }
  // A .reg line Windows would not have written is a malformed snapshot file.
  if (!src.reg.diagnostics().empty())
    return src.reg.diagnostics().front();
  return {};
}

Provenance regProvenance(const RegistrySource &src, std::string_view keyPath, std::string_view valueName) {
  std::string where = std::string(keyPath) + "\\" + std::string(valueName.empty() ? "(Default)" : valueName);
  return Provenance::snapshot(src.fileFor(keyPath), 0, std::move(where));
}

Result<Descriptor> binaryDescriptor(const RegistrySource &src, const registry::Value &v, std::string_view keyPath) {
  Provenance from = regProvenance(src, keyPath, v.name());
  if (v.type() != registry::regtype::Binary)
    return Error{fmt::format("{}: expected REG_BINARY (a security descriptor), found {}", from.where,
                             registry::typeName(v.type())),
                 from.file,
                 {},
                 {}};
  auto sd = winsec::SecurityDescriptor::fromBinary(v.data());
  if (!sd)
    return Error{
        fmt::format("{}: not a valid security descriptor: {}", from.where, sd.error().message), from.file, {}, {}};
  Descriptor d{*sd, winsec::formatSddl(*sd), std::move(from)};
  return d;
}

Result<Descriptor> sddlDescriptor(const RegistrySource &src, const registry::Value &v, std::string_view keyPath) {
  Provenance from = regProvenance(src, keyPath, v.name());
  auto text = v.asString();
  if (!text)
    return Error{fmt::format("{}: expected an SDDL string: {}", from.where, text.error().message), from.file, {}, {}};
  auto sd = winsec::parseSddl(*text);
  if (!sd)
    return Error{fmt::format("{}: bad SDDL \"{}\": {}", from.where, *text, sd.error().message), from.file, {}, {}};
  return Descriptor{*sd, *text, std::move(from)};
}

std::optional<PortRange> parsePortRange(std::string_view text) {
  text = trim(text);
  size_t dash = text.find('-');
  auto num = [](std::string_view s, uint16_t &out) {
    s = trim(s);
    unsigned v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || v > 65535)
      return false;
    out = static_cast<uint16_t>(v);
    return true;
  };
  PortRange r;
  if (dash == std::string_view::npos) {
    if (!num(text, r.first))
      return std::nullopt;
    r.last = r.first;
  } else if (!num(text.substr(0, dash), r.first) || !num(text.substr(dash + 1), r.last) || r.last < r.first) {
    return std::nullopt;
  }
  return r;
}

std::optional<int> dwordOf(const registry::Key &key, std::string_view name) {
  if (!key)
    return std::nullopt;
  registry::Value v = key.value(name);
  if (!v)
    return std::nullopt;
  auto n = v.asNumber();
  if (!n)
    return std::nullopt;
  return static_cast<int>(*n);
}

// HKLM\SOFTWARE\Microsoft\Rpc\Internet Ports (REG_MULTI_SZ of ranges).
Result<void> applyRpcPorts(Host &host, const RegistrySource &src, const Setting &s, const registry::Value &ports) {
  Provenance from = regProvenance(src, s.key, s.value);
  auto list = ports.asMultiString();
  if (!list)
    return Error{fmt::format("{}: expected REG_MULTI_SZ of port ranges: {}", from.where, list.error().message),
                 from.file,
                 {},
                 {}};
  // The model keeps one range: the span of the listed ones (collect.cmd's sites use one).
  std::optional<PortRange> all;
  for (const std::string &text : *list) {
    if (trim(text).empty())
      continue;
    auto r = parsePortRange(text);
    if (!r)
      return Error{fmt::format("{}: \"{}\" is not a port or port range", from.where, text), from.file, {}, {}};
    if (!all)
      all = r;
    else
      all = PortRange{std::min(all->first, r->first), std::max(all->last, r->last)};
  }
  if (all)
    host.rpcPortRange = Fact<PortRange>{*all, from};
  return {};
}

// One setting of the settings table (model/Settings.h) from the loaded registry. A value the
// exports do not hold keeps the Windows default, except that an exported key without a value
// whose Windows default is "absent" makes it absent (an Ole key without DefaultAccessPermission:
// COM's built-in rule applies, whatever the defaults assumed).
Result<void> applySetting(Host &host, const RegistrySource &src, const Setting &s) {
  registry::Key key = src.reg.findKey(s.key);
  if (!key)
    return {};
  SettingSlot slot = slotOf(host, s.id);
  auto *descriptor = std::get_if<std::optional<Descriptor> *>(&slot);
  registry::Value v = key.value(s.value);
  if (!v) {
    if (descriptor && !windowsDefault(s, host.os.value, host.isWorkgroup()))
      (*descriptor)->reset();
    return {};
  }
  switch (s.type) {
  case SettingType::YesNo: {
    auto text = v.asString();
    if (!text)
      return Error{fmt::format("{}: {}", s.path(), text.error().message), src.fileFor(s.key), {}, {}};
    setNumber(host, s.id, iequals(*text, "Y") ? 1 : 0, regProvenance(src, s.key, s.value));
    return {};
  }
  case SettingType::Flag:
  case SettingType::Number:
    if (auto n = v.asNumber())
      setNumber(host, s.id, static_cast<int>(*n), regProvenance(src, s.key, s.value));
    return {};
  case SettingType::Descriptor:
  case SettingType::Sddl: {
    auto d = s.type == SettingType::Descriptor ? binaryDescriptor(src, v, s.key) : sddlDescriptor(src, v, s.key);
    if (!d)
      return d.error();
    **descriptor = std::move(*d);
    return {};
  }
  case SettingType::PortRanges: return applyRpcPorts(host, src, s, v);
  }
  return {};
}

Result<void> applySettings(Host &host, const RegistrySource &src) {
  for (const Setting &s : settings())
    if (auto r = applySetting(host, src, s); !r)
      return r.error();
  return {};
}

bool isOpcCategoryImpl(std::string_view catid) {
  static constexpr std::string_view kCats[] = {
      "{63D5F430-CFE4-11D1-B2C8-0060083BA1FB}", // CATID_OPCDAServer10
      "{63D5F432-CFE4-11D1-B2C8-0060083BA1FB}", // CATID_OPCDAServer20
      "{CC603642-66D7-48F1-B69A-B625E73652D7}", // CATID_OPCDAServer30
      "{3098EDA4-A006-48B2-A27F-247453959408}", // CATID_XMLDAServer10
      "{58E13251-AC87-11D1-84D5-00608CB8A7E9}", // CATID_OPCAEServer10
      "{7DE5B060-E089-11D2-A5E6-000086339399}", // CATID_OPCHDAServer10
  };
  for (auto c : kCats)
    if (iequals(c, catid))
      return true;
  return false;
}

// `"C:\Program Files (x86)\Acme\opcda.exe" -Service` -> C:\Program Files (x86)\Acme\opcda.exe
std::string exeFromCommandLine(std::string_view cmd) {
  cmd = trim(cmd);
  if (!cmd.empty() && cmd.front() == '"') {
    size_t close = cmd.find('"', 1);
    return std::string(cmd.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  size_t exe = cmd.find(".exe");
  if (exe == std::string_view::npos)
    exe = cmd.find(".EXE");
  if (exe != std::string_view::npos)
    return std::string(cmd.substr(0, exe + 4));
  return std::string(cmd.substr(0, cmd.find(' ')));
}

// RIDs Windows gives the built-in accounts on every machine (Administrator, Guest, DefaultAccount,
// WDAGUtilityAccount): known without reading them.
bool isWellKnownRid(uint32_t rid) { return rid == 500 || rid == 501 || rid == 503 || rid == 504; }

template <class T>
Fact<T> windowsDefault(T value, std::string where) {
  return Fact<T>{std::move(value), Provenance::windowsDefault(std::move(where), "docs/plant.md, defaults")};
}

Result<void> applyServers(Host &host, const RegistrySource &src, bool x86) {
  for (registry::View view : {registry::View::Native, registry::View::Wow64_32}) {
    registry::Key clsids = src.reg.findKey("HKCR\\CLSID", view);
    if (!clsids || (view == registry::View::Wow64_32 && clsids == src.reg.findKey("HKCR\\CLSID")))
      continue;
    for (registry::Key cls : clsids.subkeys()) {
      registry::Key cats = cls.subkey("Implemented Categories");
      bool opc = false;
      if (cats)
        for (registry::Key c : cats.subkeys())
          opc = opc || isOpcCategoryImpl(c.name());
      if (!opc)
        continue;
      const std::string clsPath = cls.path();
      ComServer s;
      s.clsid = {std::string(cls.name()), Provenance::snapshot(src.fileFor(clsPath), 0, clsPath)};
      s.from = s.clsid.from;
      if (registry::Key prog = cls.subkey("ProgID")) {
        if (registry::Value v = prog.value(""); v && v.asString())
          s.progid = {*v.asString(), regProvenance(src, prog.path(), "")};
      }
      if (s.progid.value.empty())
        if (registry::Key prog = cls.subkey("VersionIndependentProgID"))
          if (registry::Value v = prog.value(""); v && v.asString())
            s.progid = {*v.asString(), regProvenance(src, prog.path(), "")};
      s.appid = {s.clsid.value, s.clsid.from};
      if (registry::Value v = cls.value("AppID"); v && v.asString())
        s.appid = {*v.asString(), regProvenance(src, clsPath, "AppID")};
      if (registry::Key ls = cls.subkey("LocalServer32"))
        if (registry::Value v = ls.value(""); v && v.asString())
          s.exe = {exeFromCommandLine(*v.asString()), regProvenance(src, ls.path(), "")};
      s.registered = {true, s.clsid.from};
      bool wow = view == registry::View::Wow64_32;
      s.view = {wow || x86 ? "32" : "64", s.clsid.from};
      s.exePresent = windowsDefault(true, "server executable present");
      s.running = windowsDefault(false, "server not running until activated");
      s.licensed = windowsDefault(true, "server licensed");
      s.accepts = windowsDefault(ConnectionKind::Any, "server accepts any connection");
      s.runAs = {RunAs{}, Provenance::snapshot(src.fileFor("HKCR\\AppID"), 0,
                                               "HKLM\\SOFTWARE\\Classes\\AppID\\" + s.appid.value +
                                                   " (no RunAs: the launching user)")};
      // The AppID: shared between the views from Windows 7 on; the 32-bit copy is read when the
      // native one is missing (Vista / 2008 redirected it).
      registry::Key app = src.reg.findKey("HKCR\\AppID\\" + s.appid.value);
      if (!app)
        app = src.reg.findKey("HKCR\\AppID\\" + s.appid.value, registry::View::Wow64_32);
      if (app) {
        const std::string appPath = app.path();
        s.runAs.from = regProvenance(src, appPath, "RunAs");
        if (registry::Value v = app.value("RunAs"); v && v.asString()) {
          std::string runAs = *v.asString();
          if (iequals(runAs, "Interactive User"))
            s.runAs.value = RunAs{RunAs::Kind::InteractiveUser, {}};
          else
            s.runAs.value = RunAs{RunAs::Kind::Account, stripLocalPrefix(runAs, host.name)};
        } else if (registry::Value ls = app.value("LocalService"); ls && ls.asString()) {
          s.runAs = {RunAs{RunAs::Kind::Service, *ls.asString()}, regProvenance(src, appPath, "LocalService")};
        }
        if (auto n = dwordOf(app, "AuthenticationLevel"))
          s.authenticationLevel = Fact<int>{*n, regProvenance(src, appPath, "AuthenticationLevel")};
        if (registry::Value v = app.value("LaunchPermission")) {
          auto d = binaryDescriptor(src, v, appPath);
          if (!d)
            return d.error();
          s.launchPermission = std::move(*d);
        }
        if (registry::Value v = app.value("AccessPermission")) {
          auto d = binaryDescriptor(src, v, appPath);
          if (!d)
            return d.error();
          s.accessPermission = std::move(*d);
        }
        if (registry::Value v = app.value("Endpoints")) {
          auto endpoints = v.asMultiString();
          for (const std::string &e : endpoints ? *endpoints : std::vector<std::string>{}) {
            auto parts = splitList(e, ',');
            if (parts.size() == 3 && iequals(parts[0], "ncacn_ip_tcp"))
              if (auto p = parsePortRange(parts[2]); p && p->first == p->last)
                s.endpointPort = Fact<uint16_t>{p->first, regProvenance(src, appPath, "Endpoints")};
          }
        }
      }
      // One entry per class: a later view's copy of the same CLSID does not replace the first.
      bool dup = false;
      for (const ComServer &existing : host.servers)
        dup = dup || iequals(existing.clsid.value, s.clsid.value);
      if (!dup)
        host.servers.push_back(std::move(s));
    }
  }
  return {};
}

// --------------------------------------------------------------------------------------------
// secedit, auditpol

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

// --------------------------------------------------------------------------------------------
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

// --------------------------------------------------------------------------------------------
// Services, firewall, icacls, console

std::string startTypeKey(std::string_view scStartType) {
  if (istartsWith(scStartType, "AUTO_START"))
    return "auto";
  if (istartsWith(scStartType, "DEMAND_START"))
    return "demand";
  if (istartsWith(scStartType, "DISABLED"))
    return "disabled";
  if (istartsWith(scStartType, "BOOT_START"))
    return "boot";
  if (istartsWith(scStartType, "SYSTEM_START"))
    return "system";
  return std::string(scStartType);
}

// The sc-query-*.txt files of installed services (unreadable ones skipped unless strict).
Result<std::vector<std::pair<std::string, ServiceStatus>>> readScQueries(const Folder &f) {
  std::vector<std::pair<std::string, ServiceStatus>> out;
  for (const auto &entry : f.withPrefix("sc-query-")) {
    auto q = f.parse(entry.first, parseScQuery);
    if (!q && f.skipped(q.error()))
      continue;
    if (!q)
      return q.error();
    if (q->installed)
      out.emplace_back(entry.first, std::move(*q));
  }
  return out;
}

Result<void> applyServices(Host &host, const Folder &f) {
  for (const auto &entry : f.withPrefix("sc-qc-")) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture those in a lambda.
    const auto &file = entry.first;
    const auto &svc = entry.second;
    auto qc = f.parse(file, parseScQc);
    if (!qc && f.skipped(qc.error()))
      continue;
    if (!qc)
      return qc.error();
    auto it = std::find_if(host.services.begin(), host.services.end(),
                           [&](const Service &s) { return iequals(s.name, svc); });
    if (!qc->installed) {
      if (it != host.services.end())
        host.services.erase(it);
      continue;
    }
    if (it == host.services.end()) {
      host.services.push_back(Service{});
      it = host.services.end() - 1;
    }
    it->name = qc->name;
    it->displayName = qc->displayName;
    it->logonAccount = qc->startName;
    it->startType = startTypeKey(qc->startType);
    it->binaryPath = qc->binaryPath;
    it->from = at(f, file, qc->startNameLine, "sc qc " + qc->name + " SERVICE_START_NAME");
  }
  auto queries = readScQueries(f);
  if (!queries)
    return queries.error();
  for (const auto &[file, q] : *queries)
    for (Service &s : host.services)
      if (iequals(s.name, q.name))
        s.state = q.running() ? "running" : "stopped";
  return {};
}

// A COM server that runs as a service is running when `sc query` says the service is (unless the
// plant file states `running`).
Result<void> applyServerRunning(Host &host, const Folder &f) {
  auto queries = readScQueries(f);
  if (!queries)
    return queries.error();
  for (const auto &[file, q] : *queries)
    for (ComServer &server : host.servers)
      if (server.runAs.value.kind == RunAs::Kind::Service && iequals(server.runAs.value.account, q.name) &&
          server.running.from.kind != Provenance::Kind::PlantFile)
        server.running = {q.running(), at(f, file, q.stateLine, "sc query " + q.name + " STATE")};
  return {};
}

// "10.0.3.0/255.255.255.0" -> "10.0.3.0/24", "10.0.3.21/32" -> "10.0.3.21"; others unchanged.
std::string normalizeAddress(std::string_view a) {
  size_t slash = a.find('/');
  if (slash == std::string_view::npos)
    return std::string(a);
  std::string_view mask = a.substr(slash + 1);
  std::string base(a.substr(0, slash));
  if (mask.find('.') != std::string_view::npos) {
    uint32_t m = 0;
    int parts = 0;
    for (const std::string &p : splitList(mask, '.')) {
      unsigned v = 0;
      auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
      if (ec != std::errc() || v > 255)
        return std::string(a);
      m = (m << 8) | v;
      ++parts;
    }
    if (parts != 4)
      return std::string(a);
    int prefix = 0;
    while (prefix < 32 && (m & (0x80000000u >> prefix)))
      ++prefix;
    if (prefix < 32 && (m << prefix) != 0)
      return std::string(a); // not a contiguous mask
    return prefix == 32 ? base : fmt::format("{}/{}", base, prefix);
  }
  if (mask == "32")
    return base;
  return std::string(a);
}

// %ProgramFiles% and friends as netsh prints them for rules created with them.
std::string expandProgramPath(std::string path) {
  struct Var {
    std::string_view name, value;
  };
  static constexpr Var kVars[] = {{"%ProgramFiles(x86)%", "C:\\Program Files (x86)"},
                                  {"%ProgramFiles%", "C:\\Program Files"},
                                  {"%SystemRoot%", "C:\\Windows"},
                                  {"%windir%", "C:\\Windows"},
                                  {"%SystemDrive%", "C:"}};
  for (const Var &v : kVars)
    if (istartsWith(path, v.name))
      return std::string(v.value) + path.substr(v.name.size());
  return path;
}

// A rule of either source in the model's form.
model::FirewallRule modelRule(const snapshot::FirewallRule &r, Provenance from) {
  model::FirewallRule m;
  m.name = r.name;
  m.enabled = r.enabled;
  m.allow = !iequals(r.action, "Block");
  m.protocol = r.protocol.empty() ? "Any" : r.protocol;
  for (const std::string &port : r.localPorts) {
    if (iequals(port, "Any"))
      continue;
    if (iequals(port, "RPC-EPMap"))
      m.rpcEndpointMapper = true;
    else if (iequals(port, "RPC"))
      m.rpcDynamic = true;
    else if (auto pr = parsePortRange(port))
      m.ports.push_back(*pr);
    // IPHTTPS, Teredo, PlayToDiscovery ...: not ports DCOM uses; the rule then matches none.
    else
      m.ports.push_back(PortRange{0, 0});
  }
  if (!r.program.empty())
    m.program = expandProgramPath(r.program);
  for (const std::string &a : r.remoteAddresses)
    if (!iequals(a, "Any"))
      m.remote.push_back(normalizeAddress(a));
  m.from = std::move(from);
  return m;
}

// The profile headers of a netsh profiles file, or none when it cannot be read (only the
// current profile's identity is taken from them).
std::vector<NetshProfileHeader> profileHeaders(const Folder &f, const char *file) {
  if (!f.has(file))
    return {};
  auto bytes = readFileBytes(f.dir / file);
  if (!bytes)
    return {};
  auto headers = readNetshProfileHeaders(*bytes, f.display(file));
  return headers ? std::move(*headers) : std::vector<NetshProfileHeader>{};
}

// The profile in force by its netsh header, in any language: currentprofile prints the same
// header as allprofiles does at that profile's place. Empty when the files do not tell.
std::string currentProfileByHeader(const Folder &f) {
  std::vector<NetshProfileHeader> cur = profileHeaders(f, files::FirewallCurrentProfile);
  if (cur.empty())
    return {};
  return currentProfileName(cur.front().text, profileHeaders(f, files::FirewallProfiles)).value_or("");
}

// EnableFirewall of the profile in force; without it, on when any profile is on (the stricter
// reading, as with the netsh files).
void applyEnableFirewall(Host &host, const FirewallStore &local, const FirewallStore *policy,
                         std::optional<size_t> current) {
  std::optional<EffectiveSetting> shown;
  for (size_t p = 0; p < kFirewallProfileNames.size(); ++p)
    if (!current || *current == p)
      if (auto on = effectiveEnableFirewall(local, policy, p); on && (!shown || (on->on && !shown->on)))
        shown = on;
  if (shown)
    host.firewall.enabled = {
        shown->on,
        Provenance::snapshot(shown->store->source, static_cast<uint32_t>(shown->setting->line), shown->setting->where)};
}

// firewall-policy.reg (and firewall-gpo.reg): the state and rules in words Windows does not
// translate. The netsh files only say which profile is in force; their rules are not read.
Result<void> applyFirewallRegistry(Host &host, const Folder &f, const FirewallStore &local) {
  std::optional<FirewallStore> gpo;
  if (f.has(files::FirewallGpoReg)) {
    auto read = f.parse(files::FirewallGpoReg, parseFirewallGpoReg);
    if (!read && !f.skipped(read.error()))
      return read.error();
    if (read)
      gpo = std::move(*read);
  }
  const FirewallStore *policy = gpo ? &*gpo : nullptr;
  std::optional<size_t> current = firewallProfileIndex(currentProfileByHeader(f));
  if (!current && f.has(files::FirewallCurrentProfile))
    f.state->gaps.push_back(Fact<std::string>{
        "the firewall profile in force is not known (its netsh header is not one of firewall-profiles.txt's): "
        "the firewall counts as on when any profile is, and the rules of every profile count",
        at(f, files::FirewallCurrentProfile, 0, files::FirewallCurrentProfile)});
  applyEnableFirewall(host, local, policy, current);
  host.firewall.rules.clear();
  for (const EffectiveRule &e : effectiveRules(local, policy, current))
    if (e.rule->rule.inbound)
      host.firewall.rules.push_back(modelRule(
          e.rule->rule, Provenance::snapshot(e.store->source, static_cast<uint32_t>(e.rule->line), e.rule->where)));
  return {};
}

// The netsh files: today's reading when the registry stores are not in the snapshot.
Result<void> applyFirewallNetsh(Host &host, const Folder &f) {
  std::string currentProfile;
  if (f.has(files::FirewallCurrentProfile)) {
    auto cur = f.parse(files::FirewallCurrentProfile, parseFirewallProfiles);
    if (!cur)
      return cur.error();
    const FirewallProfile &p = cur->profiles.front();
    currentProfile = p.name;
    if (p.namedByPlace) // a header no table knows: its place in allprofiles names it
      currentProfile = currentProfileName(p.header, profileHeaders(f, files::FirewallProfiles)).value_or(p.name);
    host.firewall.enabled = {p.on, at(f, files::FirewallCurrentProfile, p.stateLine,
                                      "netsh advfirewall " + currentProfile + " profile State (current profile)")};
  } else if (f.has(files::FirewallProfiles)) {
    auto all = f.parse(files::FirewallProfiles, parseFirewallProfiles);
    if (!all)
      return all.error();
    // Without the current profile: on when any profile is on (the stricter reading).
    const FirewallProfile *on = nullptr;
    for (const auto &p : all->profiles)
      if (p.on && !on)
        on = &p;
    const FirewallProfile &shown = on ? *on : all->profiles.front();
    host.firewall.enabled = {on != nullptr, at(f, files::FirewallProfiles, shown.stateLine,
                                               "netsh advfirewall " + shown.name + " profile State")};
  }
  if (!f.has(files::FirewallRules))
    return {};
  auto rules = f.parse(files::FirewallRules, parseFirewallRules);
  if (!rules)
    return rules.error();
  host.firewall.rules.clear();
  for (const snapshot::FirewallRule &r : rules->rules) {
    if (!r.inbound)
      continue;
    if (!currentProfile.empty()) {
      bool applies = false;
      for (const std::string &p : r.profiles)
        applies = applies || iequals(p, currentProfile) || iequals(p, "Any");
      if (!applies)
        continue;
    }
    host.firewall.rules.push_back(
        modelRule(r, at(f, files::FirewallRules, r.line, "netsh advfirewall firewall rule \"" + r.name + "\"")));
  }
  return {};
}

// firewall-policy.reg when the snapshot has it (an unreadable one is skipped, unless strict, and
// the netsh files are read instead; so is Windows XP's, which has no rule strings), else the
// netsh files.
Result<void> applyFirewall(Host &host, const Folder &f) {
  if (f.has(files::FirewallPolicyReg)) {
    auto local = f.parse(files::FirewallPolicyReg, parseFirewallPolicyReg);
    if (local && local->hasRulesKey)
      return applyFirewallRegistry(host, f, *local);
    if (!local && !f.skipped(local.error()))
      return local.error();
  }
  return applyFirewallNetsh(host, f);
}

// The name the model uses for an icacls principal: "BUILTIN\Users" -> "Users",
// "NT AUTHORITY\SYSTEM" -> "SYSTEM", "OPCSRV\opcsvc" -> "opcsvc"; others as printed.
std::string principalName(std::string_view p, std::string_view hostName) {
  for (std::string_view prefix : {"BUILTIN\\", "NT AUTHORITY\\"})
    if (istartsWith(p, prefix))
      return std::string(p.substr(prefix.size()));
  return stripLocalPrefix(p, hostName);
}

std::string folderOf(std::string_view exe) {
  size_t slash = exe.rfind('\\');
  return slash == std::string_view::npos ? std::string() : std::string(exe.substr(0, slash));
}

bool samePath(std::string_view a, std::string_view b) {
  while (!a.empty() && a.back() == '\\')
    a.remove_suffix(1);
  while (!b.empty() && b.back() == '\\')
    b.remove_suffix(1);
  return iequals(a, b);
}

Result<void> applyIcacls(Host &host, const Folder &f) {
  for (const auto &[file, label] : f.withPrefix("icacls-")) {
    auto out = f.parse(file, parseIcacls);
    if (!out && f.skipped(out.error()))
      continue;
    if (!out && f.has("sddl-" + label + ".txt")) { // the same ACL in SIDs (applyFolderAcls)
      f.state->gaps.push_back(Fact<std::string>{
          fmt::format("{} not read ({}): sddl-{}.txt gives the folder's ACL", file, out.error().message, label),
          Provenance::snapshot(f.display(file), static_cast<uint32_t>(out.error().line.value_or(0)), "icacls")});
      continue;
    }
    if (!out)
      return out.error();
    for (const IcaclsEntry &e : out->entries) {
      for (ComServer &s : host.servers) {
        bool isFolder = samePath(folderOf(s.exe.value), e.path);
        bool isExe = samePath(s.exe.value, e.path);
        if (!isFolder && !isExe)
          continue;
        if (s.exeReaders.from.kind == Provenance::Kind::PlantFile)
          continue; // the plant file states it ("what if")
        if (e.error) {
          s.exePresent = {false, at(f, file, e.line, "icacls " + e.path + ": " + *e.error)};
          continue;
        }
        std::vector<std::string> readers, denied;
        for (const IcaclsAce &ace : e.aces) {
          std::string name = principalName(ace.principal, host.name);
          if (ace.deny && !ace.inheritOnly && (ace.mask & (filerights::ReadData | filerights::Execute)) != 0)
            denied.push_back(name);
          else if (ace.grantsReadExecute() &&
                   std::none_of(readers.begin(), readers.end(), [&](const std::string &r) { return iequals(r, name); }))
            readers.push_back(name);
        }
        std::erase_if(readers, [&](const std::string &r) {
          return std::any_of(denied.begin(), denied.end(), [&](const std::string &d) { return iequals(d, r); });
        });
        s.exeReaders = {readers, at(f, file, e.line, "icacls " + e.path)};
        if (isExe) // icacls of the executable itself: it exists
          s.exePresent = {true, at(f, file, e.line, "icacls " + e.path)};
      }
    }
  }
  return {};
}

// sddl-<label>.txt (icacls FOLDER /save): the readers of each server whose folder it names,
// from SIDs; they win over icacls-<label>.txt's translated names. icacls /save names the folder
// by its last component only, so a server matches by its folder's name.
Result<void> applyFolderAcls(Host &host, const Folder &f) {
  for (const auto &[file, label] : f.withPrefix("sddl-")) {
    auto saved = f.parse(file, parseIcaclsSave);
    if (!saved && f.skipped(saved.error()))
      continue;
    if (!saved)
      return saved.error();
    for (const SavedAcl &acl : saved->entries)
      for (ComServer &s : host.servers) {
        const std::string folder = folderOf(s.exe.value);
        if (!iequals(folder.substr(folder.rfind('\\') + 1), acl.name) ||
            s.exeReaders.from.kind == Provenance::Kind::PlantFile)
          continue;
        s.exeReaders = {folderReaders(acl.descriptor, host),
                        at(f, file, acl.line, "icacls " + folder + " /save (SDDL " + acl.sddl + ")")};
      }
  }
  return {};
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

// The files collect.cmd writes on every host of this Windows version that are not in the folder:
// their facts keep the Windows defaults of the host's version, and the prediction says so.
void noteMissingFiles(const Folder &f, const Host &host) {
  const bool vista = host.os.value.generation() == OsGeneration::VistaPlus;
  struct Expected {
    const char *file;
    bool expected;
  };
  const Expected kExpected[] = {
      {files::SystemInfo, true},
      {files::Ole, true},
      {files::Clsid, true},
      {files::AppId, true},
      {files::Lsa, true},
      {files::PoliciesSystem, vista},
      {files::Secedit, true},
      {files::Auditpol, vista && !f.has(files::AuditpolBackup) && !f.has(files::AuditpolReport)},
      {files::NetUser, true},
      {files::NetLocalgroup, true},
      {files::WmicUsers, true},
      {files::FirewallRules, vista},
      {files::FirewallCurrentProfile, vista},
      {files::QueryUser, !f.has(files::WmicComputerSystem)}, // wmic's UserName tells instead
  };
  const bool hives = f.has("SOFTWARE") || f.has("SYSTEM");
  for (const Expected &e : kExpected) {
    std::string file = e.file;
    bool registryFile = file.size() > 4 && file.substr(file.size() - 4) == ".reg";
    if (!e.expected || f.has(file) || f.state->blank.count(file) || (registryFile && hives))
      continue;
    f.state->gaps.push_back(Fact<std::string>{fmt::format("no {} in the snapshot: {} are the defaults of {}", file,
                                                          factsOf(file), host.os.value.displayName()),
                                              Provenance::snapshot(f.display(file), 0, file)});
  }
}

} // namespace

bool isOpcServerCategory(std::string_view catid) { return isOpcCategoryImpl(catid); }

std::optional<OsVersion> osFromSystemInfo(std::string_view osName, std::string_view osVersion) {
  struct Name {
    std::string_view text;
    OsFamily family;
  };
  // Longer names first: "Server 2008 R2" before "Server 2008", "Windows 8.1" before "Windows 8".
  static constexpr Name kNames[] = {
      {"Server 2025", OsFamily::WindowsServer2025},
      {"Server 2022", OsFamily::WindowsServer2022},
      {"Server 2019", OsFamily::WindowsServer2019},
      {"Server 2016", OsFamily::WindowsServer2016},
      {"Server 2012 R2", OsFamily::WindowsServer2012R2},
      {"Server 2012", OsFamily::WindowsServer2012},
      {"Server 2008 R2", OsFamily::WindowsServer2008R2},
      {"Server 2008", OsFamily::WindowsServer2008},
      {"Server 2003", OsFamily::WindowsServer2003},
      {"Server(R) 2003", OsFamily::WindowsServer2003},
      {"Windows 11", OsFamily::Windows11},
      {"Windows 10", OsFamily::Windows10},
      {"Windows 8.1", OsFamily::Windows81},
      {"Windows 8", OsFamily::Windows8},
      {"Windows 7", OsFamily::Windows7},
      {"Windows Vista", OsFamily::WindowsVista},
      {"Windows XP", OsFamily::WindowsXP},
      {"Windows(R) XP", OsFamily::WindowsXP},
      {"Windows 2000", OsFamily::Windows2000},
  };
  for (const Name &n : kNames) {
    bool found = false;
    for (size_t i = 0; i + n.text.size() <= osName.size() && !found; ++i)
      found = iequals(osName.substr(i, n.text.size()), n.text);
    if (!found)
      continue;
    OsVersion v;
    v.family = n.family;
    size_t sp = osVersion.find("Service Pack ");
    if (sp != std::string_view::npos) {
      int n2 = 0;
      std::string_view num = osVersion.substr(sp + 13);
      std::from_chars(num.data(), num.data() + num.size(), n2);
      v.servicePack = n2;
    } else if (n.family == OsFamily::WindowsXP || n.family == OsFamily::WindowsServer2003 ||
               n.family == OsFamily::WindowsVista || n.family == OsFamily::WindowsServer2008 ||
               n.family == OsFamily::Windows7 || n.family == OsFamily::WindowsServer2008R2 ||
               n.family == OsFamily::Windows2000) {
      v.servicePack = 0; // systeminfo names the service pack when there is one
    }
    return v;
  }
  return std::nullopt;
}

Result<void> applySnapshotToServers(Host &host, const std::filesystem::path &folder, const SnapshotOptions &options) {
  Folder f{folder, options.strict};
  if (auto r = f.findBlankFiles(); !r)
    return r.error();
  if (auto r = applyServerRunning(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (auto r = applyIcacls(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (auto r = applyFolderAcls(host, f); !r && !f.skipped(r.error()))
    return r.error();
  return {};
}

Result<SnapshotIdentity> readSnapshotIdentity(const std::filesystem::path &folder, const SnapshotOptions &options) {
  Folder f{folder, options.strict};
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    return Error{"snapshot folder does not exist", folder.string(), {}, {}};
  if (auto r = f.findBlankFiles(); !r)
    return r.error();
  SnapshotIdentity id;
  if (auto r = readIdentity(f, id); !r)
    return r.error();
  return id;
}

Result<void> applySnapshot(Host &host, const std::filesystem::path &folder, const SnapshotOptions &options) {
  Folder f{folder, options.strict};
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    return Error{"snapshot folder does not exist (expected a folder written by collect.cmd)", folder.string(), {}, {}};
  if (auto r = f.findBlankFiles(); !r)
    return r.error();

  SnapshotIdentity id;
  if (auto r = readIdentity(f, id); !r)
    return r.error();
  bool any = f.has(files::SystemInfo) || f.has(files::WmicUsers) || f.has(files::WmicComputerSystem);
  if (id.os)
    host.os = *id.os;
  if (id.domain)
    host.domain = *id.domain;
  if (id.machineSid)
    host.machineSid = *id.machineSid;
  if (id.patched)
    host.patched = *id.patched;
  if (id.patchLevelUnknown && !id.patched) {
    host.patched.reset();
    host.patchLevelUnknown = id.patchLevelUnknown;
  }
  if (id.addresses)
    host.addresses = *id.addresses;
  const bool x86 = id.x86;

  // secedit first: its [Registry Values] copies of the Lsa and UAC values yield to the .reg files.
  if (f.has(files::Secedit)) {
    any = true;
    if (auto r = applySecedit(host, f); !r && !f.skipped(r.error()))
      return r.error();
  }
  RegistrySource src;
  bool anyRegistry = false;
  if (auto r = loadRegistry(f, src, anyRegistry); !r)
    return r.error();
  if (anyRegistry) {
    any = true;
    if (auto r = applySettings(host, src); !r)
      return r.error();
    if (auto r = applyServers(host, src, x86); !r)
      return r.error();
  }
  if (const char *auditFile = auditpolFile(f)) {
    any = true;
    if (auto r = applyAuditpol(host, f, auditFile); !r && !f.skipped(r.error()))
      return r.error();
  }
  if (f.has(files::NetUser) || f.has(files::NetLocalgroup))
    any = true;
  if (auto r = applyAccounts(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (!f.withPrefix("sc-qc-").empty() || !f.withPrefix("sc-query-").empty())
    any = true;
  if (auto r = applyServices(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (auto r = applyServerRunning(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (f.has(files::FirewallProfiles) || f.has(files::FirewallCurrentProfile) || f.has(files::FirewallRules) ||
      f.has(files::FirewallPolicyReg))
    any = true;
  if (auto r = applyFirewall(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (!f.withPrefix("icacls-").empty() || !f.withPrefix("sddl-").empty())
    any = true;
  if (auto r = applyIcacls(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (auto r = applyFolderAcls(host, f); !r && !f.skipped(r.error()))
    return r.error();
  if (f.has(files::QueryUser) || f.has(files::WmicComputerSystem)) {
    any = true;
    if (auto r = applyConsole(host, f); !r && !f.skipped(r.error()))
      return r.error();
  }
  if (!any)
    return Error{"none of the snapshot files (systeminfo.txt, ole.reg, net-user.txt, ...; see "
                 "docs/snapshot.md) is in this folder",
                 folder.string(),
                 {},
                 {}};
  noteMissingFiles(f, host);
  noteUnknownSids(f, host);
  host.snapshotGaps = f.state->gaps;
  return {};
}

} // namespace dd::model::snapshot
