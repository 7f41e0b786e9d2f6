// The registry files of a snapshot (.reg exports or offline hives) into the host: the settings
// table's values and the OPC servers' CLSID and AppID keys.
#include "model/snapshot/SnapshotParts.h"

#include "model/Defaults.h"
#include "model/Settings.h"
#include "registry/Registry.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>

#include <charconv>
#include <algorithm>

namespace dd::model::snapshot {

namespace {

// The registry keys of the exported files (the settings table names the values in them).
constexpr const char *kOleKey = "HKLM\\SOFTWARE\\Microsoft\\Ole";
constexpr const char *kPolicyKey = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM";
constexpr const char *kLsaKey = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
constexpr const char *kPoliciesSystemKey = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";

// Where a value was read: the file, the line of the .reg file that set it (0 for a hive) and the
// key path an admin looks up ("HKLM\SOFTWARE\Microsoft\Ole\EnableDCOM").
Provenance regProvenance(const RegistrySource &src, std::string_view keyPath, std::string_view valueName,
                         uint32_t line) {
  std::string where = std::string(keyPath) + "\\" + std::string(valueName.empty() ? "(Default)" : valueName);
  return Provenance::snapshot(src.fileFor(keyPath), line, std::move(where));
}

Provenance regProvenance(const RegistrySource &src, std::string_view keyPath, const registry::Value &v) {
  return regProvenance(src, keyPath, v.name(), v.line());
}

Result<Descriptor> binaryDescriptor(const RegistrySource &src, const registry::Value &v, std::string_view keyPath) {
  Provenance from = regProvenance(src, keyPath, v);
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
  Provenance from = regProvenance(src, keyPath, v);
  auto text = v.asString();
  if (!text)
    return Error{fmt::format("{}: expected an SDDL string: {}", from.where, text.error().message), from.file, {}, {}};
  auto sd = winsec::parseSddl(*text);
  if (!sd)
    return Error{fmt::format("{}: bad SDDL \"{}\": {}", from.where, *text, sd.error().message), from.file, {}, {}};
  return Descriptor{*sd, *text, std::move(from)};
}

// HKLM\SOFTWARE\Microsoft\Rpc\Internet Ports (REG_MULTI_SZ of ranges).
Result<void> applyRpcPorts(Host &host, const RegistrySource &src, const Setting &s, const registry::Value &ports) {
  Provenance from = regProvenance(src, s.key, s.value, ports.line());
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
    setNumber(host, s.id, iequals(*text, "Y") ? 1 : 0, regProvenance(src, s.key, s.value, v.line()));
    return {};
  }
  case SettingType::Flag:
  case SettingType::Number:
    if (auto n = v.asNumber())
      setNumber(host, s.id, static_cast<int>(*n), regProvenance(src, s.key, s.value, v.line()));
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

template <class T>
Fact<T> windowsDefault(T value, std::string where) {
  return Fact<T>{std::move(value), Provenance::windowsDefault(std::move(where), "docs/plant.md, defaults")};
}

} // namespace

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

// RIDs Windows gives the built-in accounts on every machine (Administrator, Guest, DefaultAccount,
// WDAGUtilityAccount): known without reading them.
bool isWellKnownRid(uint32_t rid) { return rid == 500 || rid == 501 || rid == 503 || rid == 504; }

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
          s.progid = {*v.asString(), regProvenance(src, prog.path(), v)};
      }
      if (s.progid.value.empty())
        if (registry::Key prog = cls.subkey("VersionIndependentProgID"))
          if (registry::Value v = prog.value(""); v && v.asString())
            s.progid = {*v.asString(), regProvenance(src, prog.path(), v)};
      s.appid = {s.clsid.value, s.clsid.from};
      if (registry::Value v = cls.value("AppID"); v && v.asString())
        s.appid = {*v.asString(), regProvenance(src, clsPath, v)};
      if (registry::Key ls = cls.subkey("LocalServer32"))
        if (registry::Value v = ls.value(""); v && v.asString())
          s.exe = {exeFromCommandLine(*v.asString()), regProvenance(src, ls.path(), v)};
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
        s.runAs.from = regProvenance(src, appPath, "RunAs", 0);
        if (registry::Value v = app.value("RunAs"); v && v.asString()) {
          s.runAs.from = regProvenance(src, appPath, v);
          std::string runAs = *v.asString();
          if (iequals(runAs, "Interactive User"))
            s.runAs.value = RunAs{RunAs::Kind::InteractiveUser, {}};
          else
            s.runAs.value = RunAs{RunAs::Kind::Account, stripLocalPrefix(runAs, host.name)};
        } else if (registry::Value ls = app.value("LocalService"); ls && ls.asString()) {
          s.runAs = {RunAs{RunAs::Kind::Service, *ls.asString()}, regProvenance(src, appPath, ls)};
        }
        if (registry::Value v = app.value("AuthenticationLevel"); v && v.asNumber())
          s.authenticationLevel = Fact<int>{static_cast<int>(*v.asNumber()), regProvenance(src, appPath, v)};
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
                s.endpointPort = Fact<uint16_t>{p->first, regProvenance(src, appPath, v)};
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

} // namespace dd::model::snapshot
