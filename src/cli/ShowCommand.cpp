// `dcomdoctor show`: one host's DCOM settings in dcomcnfg's words (Component Services > My
// Computer > Properties, and DCOM Config for each OPC server), from a plant file, a snapshot
// folder or a .reg export. The host is read by the plant and snapshot loaders (model/PlantReader,
// model/snapshot), so `show` prints exactly the facts `simulate` reasons about; only the names
// dcomcnfg lists the AppIDs and classes under are read here, from the same registry files.
#include "cli/Commands.h"

#include "model/Defaults.h"
#include "model/PlantReader.h"
#include "model/snapshot/Snapshot.h"
#include "registry/Registry.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

namespace dd::cli {
namespace {

namespace fs = std::filesystem;
using model::Descriptor;
using model::Host;
using nlohmann::ordered_json;
using winsec::com::PermissionKind;

struct ShowOptions {
  std::string input;
  std::string host;
  std::string os;
  bool json = false;
};

// A folder removed when the command ends (the snapshot folder `show FILE.reg` makes).
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty())
      fs::remove_all(path, ec);
  }
};

// The host read through the loaders, and what the output names its sources by.
struct Loaded {
  model::Plant plant;
  size_t hostIndex = 0;
  const Host &host() const { return plant.hosts[hostIndex]; }
  std::string source;             // what the user gave: plant file, snapshot folder or .reg
  std::vector<fs::path> registry; // registry files holding the AppID and CLSID names
  std::string tempPrefix;         // the temporary folder's path, replaced by `source` in output
};

std::string hostNameFor(const fs::path &input) {
  std::string name;
  for (char c : input.stem().string())
    name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
  return name.empty() ? std::string("HOST") : name;
}

// The folder as the user wrote it, so that evidence names "snap/OPCSRV/ole.reg", ending in its
// own name ("snap/OPCSRV/" -> "snap/OPCSRV", "." -> the absolute path).
fs::path namedFolder(const fs::path &folder) {
  fs::path path = folder.lexically_normal();
  if (!path.has_filename())
    path = path.parent_path();
  if (path.empty() || path.filename() == "." || path.filename() == "..")
    path = fs::absolute(path).lexically_normal();
  return path;
}

// A one-host plant over `folder`: the defaults of its Windows version, then the snapshot.
Result<model::Plant> plantOverSnapshot(const fs::path &folder, std::string name, const std::string &os,
                                       const std::string &sourceName) {
  if (auto id = model::snapshot::readSnapshotIdentity(folder); id && id->hostName)
    name = id->hostName->value;
  const fs::path path = namedFolder(folder);
  std::string toml = fmt::format("[plant]\nname = \"show\"\n\n[[host]]\nname = \"{}\"\nsnapshot = '{}'\n", name,
                                 path.filename().string());
  if (!os.empty())
    toml += fmt::format("os = \"{}\"\n", os);
  return model::parsePlant(toml, sourceName, path.parent_path());
}

std::vector<fs::path> registryFilesOf(const fs::path &folder) {
  namespace f = model::snapshot::files;
  std::vector<fs::path> out;
  for (const char *name : {"SOFTWARE", f::AppId, f::AppIdWow, f::Clsid, f::ClsidWow}) {
    std::error_code ec;
    if (fs::is_regular_file(folder / name, ec))
      out.push_back(folder / name);
  }
  return out;
}

Result<Loaded> loadHost(const ShowOptions &o, TempDir &temp) {
  Loaded l;
  l.source = o.input;
  std::error_code ec;
  const fs::path input(o.input);
  if (!fs::exists(input, ec))
    return Error::at(fmt::format("{}: no such file or folder (expected a plant file, a snapshot "
                                 "folder or a .reg export)",
                                 o.input));
  Result<model::Plant> plant = Error::at("");
  if (fs::is_directory(input, ec)) {
    plant = plantOverSnapshot(input, hostNameFor(namedFolder(input).filename()), o.os, o.input);
    l.registry = registryFilesOf(input);
  } else if (input.extension() == ".reg" || input.extension() == ".REG") {
    // A .reg export (of HKLM\SOFTWARE\Microsoft\Ole, of the whole of HKLM\SOFTWARE, ...) read as
    // a snapshot folder that holds only it: the loader looks keys up by path, whatever the file.
    temp.path = fs::temp_directory_path() / fmt::format("dcomdoctor-show-{}", ::getpid());
    fs::create_directories(temp.path, ec);
    fs::create_symlink(fs::absolute(input), temp.path / model::snapshot::files::Ole, ec);
    if (ec)
      return Error::at(fmt::format("{}: cannot prepare it for reading: {}", o.input, ec.message()));
    l.tempPrefix = (temp.path / model::snapshot::files::Ole).string();
    plant = plantOverSnapshot(temp.path, hostNameFor(input), o.os, o.input);
    l.registry = {input};
  } else {
    plant = model::readPlantFile(input);
  }
  if (!plant)
    return plant.error();
  l.plant = std::move(*plant);
  if (o.host.empty() && l.plant.hosts.size() != 1)
    return Error::at(
        fmt::format("{}: the plant has {} hosts: say which one with --host", o.input, l.plant.hosts.size()));
  if (!o.host.empty()) {
    const Host *h = l.plant.findHost(o.host);
    if (!h)
      return Error::at(fmt::format("--host {}: no such host in {}", o.host, o.input));
    l.hostIndex = static_cast<size_t>(h - l.plant.hosts.data());
  }
  if (l.registry.empty() && !l.host().snapshot.empty())
    l.registry = registryFilesOf(l.host().snapshot);
  return l;
}

// The names dcomcnfg lists AppIDs and classes under: the default value of HKCR\AppID\{...} and
// of HKCR\CLSID\{...}, in either registry view.
class Names {
public:
  explicit Names(const std::vector<fs::path> &files) {
    // The snapshot loader has already read (and reported) these files; names are only labels.
    for (const auto &f : files) {
      if (f.filename() == "SOFTWARE")
        (void)reg_.loadHive(f);
      else
        (void)reg_.loadRegFile(f);
    }
  }
  std::string appid(const std::string &id) const { return name("HKCR\\AppID\\" + id); }
  std::string clsid(const std::string &id) const { return name("HKCR\\CLSID\\" + id); }

private:
  std::string name(const std::string &path) const {
    for (auto view : {registry::View::Native, registry::View::Wow64_32})
      if (registry::Key k = reg_.findKey(path, view))
        if (registry::Value v = k.value(""); v && v.asString() && !v.asString()->empty())
          return *v.asString();
    return {};
  }
  registry::Registry reg_;
};

// A principal as dcomcnfg lists it: "Everyone", "BUILTIN\Distributed COM Users",
// "OPCSRV\opcuser" for an account of the host, or the SID.
std::string principalName(const winsec::Sid &sid, const Host &host) {
  std::string name = winsec::displayName(sid);
  if (name != sid.str())
    return name;
  if (sid.isInDomain(host.machineSid.value)) {
    for (const auto &u : host.users)
      if (u.rid == sid.rid())
        return host.name + "\\" + u.name;
    for (const auto &g : host.groups)
      if (g.sid == sid)
        return host.name + "\\" + g.name;
    if (auto rid = winsec::wellKnownRidName(sid.rid()); !rid.empty())
      return host.name + "\\" + std::string(rid);
  }
  return name;
}

// One principal's line of the permission dialog: the rights allowed and denied.
struct PrincipalRights {
  winsec::Sid sid;
  std::string name;
  uint32_t allow = 0, deny = 0;
};

std::vector<PrincipalRights> principalRights(const winsec::SecurityDescriptor &sd, PermissionKind kind,
                                             const Host &host) {
  std::vector<PrincipalRights> rows;
  if (!sd.dacl)
    return rows;
  for (const auto &ace : sd.dacl->aces) {
    const bool allow = ace.type == winsec::AceType::AccessAllowed;
    if (!allow && ace.type != winsec::AceType::AccessDenied)
      continue;
    const uint32_t bits = winsec::com::effectiveComRights(ace.mask, kind) & ~winsec::com::Execute;
    auto it = std::find_if(rows.begin(), rows.end(), [&](const auto &r) { return r.sid == ace.sid; });
    if (it == rows.end()) {
      rows.push_back({ace.sid, principalName(ace.sid, host)});
      it = rows.end() - 1;
    }
    (allow ? it->allow : it->deny) |= bits;
  }
  return rows;
}

// The rights of one kind in dcomcnfg's column order.
std::vector<std::pair<uint32_t, std::string>> columns(PermissionKind kind) {
  namespace com = winsec::com;
  std::vector<std::pair<uint32_t, std::string>> out;
  for (uint32_t bit : {com::ExecuteLocal, com::ExecuteRemote, com::ActivateLocal, com::ActivateRemote}) {
    std::string word = com::describeComRights(bit, kind);
    if (word != "none")
      out.push_back({bit, word});
  }
  return out;
}

std::string cell(const PrincipalRights &r, uint32_t bit) {
  return (r.deny & bit) ? "Deny" : (r.allow & bit) ? "Allow" : "-";
}

// A descriptor as shown: the model's value, or Windows' own when the value is absent.
struct Shown {
  std::string value; // the registry value's name
  PermissionKind kind;
  const Descriptor *set;  // nullptr: absent
  std::string absentSddl; // what applies when absent ("" = nothing: no such check)
  std::string absentText;
};

std::string originText(const model::Provenance &p, const Loaded &l) {
  std::string text = p.origin();
  if (!l.tempPrefix.empty())
    if (size_t at = text.find(l.tempPrefix); at != std::string::npos)
      text.replace(at, l.tempPrefix.size(), l.source);
  return text;
}

void printTable(std::string &out, const winsec::SecurityDescriptor &sd, PermissionKind kind, const Host &host,
                const std::string &indent) {
  auto rows = principalRights(sd, kind, host);
  if (!sd.dacl) {
    out += indent + "NULL DACL: everyone has every right\n";
    return;
  }
  if (rows.empty()) {
    out += indent + "(no principal: nobody has any right)\n";
    return;
  }
  auto cols = columns(kind);
  auto line = [&](const std::string &name, auto text) {
    std::string l = fmt::format("{}{:<46}", indent, name);
    for (const auto &c : cols)
      l += fmt::format(" {:<17}", text(c));
    l.erase(l.find_last_not_of(' ') + 1);
    out += l + '\n';
  };
  line("Group or user name", [](const auto &c) { return c.second; });
  for (const auto &r : rows)
    line(r.name, [&](const auto &c) { return cell(r, c.first); });
}

void printShown(std::string &out, const std::string &title, const Shown &s, const Loaded &l,
                const std::string &indent) {
  if (s.set) {
    out += fmt::format("{}{} ({}, {}):\n", indent, title, s.value, originText(s.set->from, l));
    printTable(out, s.set->sd, s.kind, l.host(), indent + "  ");
    return;
  }
  out += fmt::format("{}{} ({}): {}\n", indent, title, s.value, s.absentText);
  if (s.absentSddl.empty())
    return;
  if (auto sd = winsec::parseSddl(s.absentSddl))
    printTable(out, *sd, s.kind, l.host(), indent + "  ");
}

std::vector<std::pair<std::string, Shown>> machineDescriptors(const Host &h) {
  const auto &d = h.dcom;
  const auto defaults = model::defaultDescriptors(h.os.value);
  auto opt = [](const std::optional<Descriptor> &x) { return x ? &*x : nullptr; };
  std::vector<std::pair<std::string, Shown>> out{
      {"Access Permissions > Edit Limits",
       {"MachineAccessRestriction", PermissionKind::Access, opt(d.machineAccessRestriction), "",
        "not set: no limit (Windows before XP SP2 and Server 2003 SP1 has none)"}},
      {"Access Permissions > Edit Default",
       {"DefaultAccessPermission", PermissionKind::Access, opt(d.defaultAccessPermission), model::kComBuiltinAccessSddl,
        "not set: Windows lets the server's own identity (SELF) and SYSTEM call"}},
      {"Launch and Activation Permissions > Edit Limits",
       {"MachineLaunchRestriction", PermissionKind::Launch, opt(d.machineLaunchRestriction), "",
        "not set: no limit (Windows before XP SP2 and Server 2003 SP1 has none)"}},
      {"Launch and Activation Permissions > Edit Default",
       {"DefaultLaunchPermission", PermissionKind::Launch, opt(d.defaultLaunchPermission),
        defaults.defaultLaunchPermission, fmt::format("not set: the {} default", h.os.value.displayName())}},
  };
  if (d.policyMachineAccessRestriction)
    out.push_back({"Group Policy: Machine Access Restrictions (wins over the Limits above)",
                   {"DCOM policy MachineAccessRestriction", PermissionKind::Access,
                    opt(d.policyMachineAccessRestriction), "", ""}});
  if (d.policyMachineLaunchRestriction)
    out.push_back({"Group Policy: Machine Launch Restrictions (wins over the Limits above)",
                   {"DCOM policy MachineLaunchRestriction", PermissionKind::Launch,
                    opt(d.policyMachineLaunchRestriction), "", ""}});
  return out;
}

// The servers grouped by AppID, as DCOM Config lists them.
std::map<std::string, std::vector<const model::ComServer *>> serversByAppId(const Host &h) {
  std::map<std::string, std::vector<const model::ComServer *>> out;
  for (const auto &s : h.servers) {
    std::string key = s.appid.value;
    for (auto &c : key)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out[key].push_back(&s);
  }
  return out;
}

std::string identityText(const model::RunAs &r, const Host &h) {
  switch (r.kind) {
  case model::RunAs::Kind::LaunchingUser: return "The launching user";
  case model::RunAs::Kind::InteractiveUser: return "The interactive user";
  case model::RunAs::Kind::Account: return "This user: " + r.account;
  case model::RunAs::Kind::Service: {
    const model::Service *svc = h.findService(r.account);
    return fmt::format("The system account (services): service {}{}", r.account,
                       svc ? " logs on as " + svc->logonAccount : " (not in the snapshot)");
  }
  }
  return "";
}

std::string authnText(const model::ComServer &s) {
  return s.authenticationLevel ? model::authnLevelName(s.authenticationLevel->value)
                               : "Default (no AuthenticationLevel: the host's default)";
}

void printServers(std::string &out, const Loaded &l, const Names &names) {
  const Host &h = l.host();
  out += "\nDCOM Config (OPC servers)\n";
  if (h.servers.empty())
    out += "  none found (no class registers an OPC category)\n";
  for (const auto &[appid, servers] : serversByAppId(h)) {
    const model::ComServer &first = *servers.front();
    std::string name = names.appid(first.appid.value);
    out += fmt::format("  {} {}\n", name.empty() ? "(AppID has no name)" : name, first.appid.value);
    for (const auto *s : servers) {
      std::string cls = names.clsid(s->clsid.value);
      out += fmt::format(
          "    class {} {}{} ({}-bit){}\n", s->clsid.value, s->progid.value.empty() ? "(no ProgID)" : s->progid.value,
          cls.empty() ? "" : " \"" + cls + "\"", s->view.value, s->exe.value.empty() ? "" : ", " + s->exe.value);
    }
    out += fmt::format("    General > Authentication Level: {}\n", authnText(first));
    out += fmt::format("    Identity: {}\n", identityText(first.runAs.value, h));
    auto perm = [&](const char *title, const char *value, const std::optional<Descriptor> &d, PermissionKind kind) {
      if (!d) {
        out += fmt::format("    Security > {}: Use Default (no {} on the AppID: {})\n", title, value,
                           kind == PermissionKind::Launch ? "DefaultLaunchPermission applies"
                                                          : "DefaultAccessPermission applies");
        return;
      }
      out += fmt::format("    Security > {}: Customize ({}, {}):\n", title, value, originText(d->from, l));
      printTable(out, d->sd, kind, h, "      ");
    };
    perm("Launch and Activation Permissions", "LaunchPermission", first.launchPermission, PermissionKind::Launch);
    perm("Access Permissions", "AccessPermission", first.accessPermission, PermissionKind::Access);
  }
}

std::string showText(const Loaded &l, const Names &names) {
  const Host &h = l.host();
  std::string out = fmt::format("Host {} ({}), from {}\n", h.name, h.os.value.displayName(), l.source);
  if (h.os.from.kind == model::Provenance::Kind::Default)
    out += "  (Windows version assumed: no systeminfo.txt says it; --os to choose)\n";
  out += "\nMy Computer > Properties > Default Properties\n";
  out += fmt::format("  Enable Distributed COM on this computer: {} ({})\n", h.dcom.enableDcom.value ? "yes" : "no",
                     originText(h.dcom.enableDcom.from, l));
  out += fmt::format("  Default Authentication Level: {} ({})\n",
                     model::authnLevelName(h.dcom.legacyAuthenticationLevel.value),
                     originText(h.dcom.legacyAuthenticationLevel.from, l));
  out += fmt::format("  Default Impersonation Level: {} ({})\n",
                     model::impersonationLevelName(h.dcom.legacyImpersonationLevel.value),
                     originText(h.dcom.legacyImpersonationLevel.from, l));
  out += "\nMy Computer > Properties > COM Security\n";
  for (const auto &[title, shown] : machineDescriptors(h))
    printShown(out, title, shown, l, "  ");
  printServers(out, l, names);
  return out;
}

ordered_json tableJson(const winsec::SecurityDescriptor &sd, PermissionKind kind, const Host &host) {
  ordered_json rows = ordered_json::array();
  for (const auto &r : principalRights(sd, kind, host)) {
    ordered_json rights;
    for (const auto &c : columns(kind))
      rights[c.second] = cell(r, c.first) == "-" ? ordered_json(nullptr) : ordered_json(cell(r, c.first));
    rows.push_back({{"principal", r.name}, {"sid", r.sid.str()}, {"rights", rights}});
  }
  return rows;
}

ordered_json shownJson(const Shown &s, const Loaded &l) {
  ordered_json out{{"value", s.value}, {"kind", winsec::com::kindName(s.kind)}, {"set", s.set != nullptr}};
  if (s.set) {
    out["sddl"] = s.set->sddl.empty() ? winsec::formatSddl(s.set->sd) : s.set->sddl;
    out["from"] = originText(s.set->from, l);
    out["null_dacl"] = !s.set->sd.dacl.has_value();
    out["principals"] = tableJson(s.set->sd, s.kind, l.host());
    return out;
  }
  out["absent"] = s.absentText;
  auto sd = winsec::parseSddl(s.absentSddl);
  out["sddl"] = s.absentSddl.empty() || !sd ? ordered_json(nullptr) : ordered_json(s.absentSddl);
  out["principals"] = s.absentSddl.empty() || !sd ? ordered_json::array() : tableJson(*sd, s.kind, l.host());
  return out;
}

ordered_json serversJson(const Loaded &l, const Names &names) {
  const Host &h = l.host();
  ordered_json out = ordered_json::array();
  for (const auto &[appid, servers] : serversByAppId(h)) {
    const model::ComServer &first = *servers.front();
    ordered_json classes = ordered_json::array();
    for (const auto *s : servers)
      classes.push_back({{"clsid", s->clsid.value},
                         {"progid", s->progid.value},
                         {"name", names.clsid(s->clsid.value)},
                         {"bitness", s->view.value},
                         {"exe", s->exe.value}});
    auto perm = [&](const char *value, const std::optional<Descriptor> &d, PermissionKind kind) {
      Shown s{value, kind, d ? &*d : nullptr, "", "default"};
      return d ? shownJson(s, l) : ordered_json("default");
    };
    std::string name = names.appid(first.appid.value);
    out.push_back({{"appid", first.appid.value},
                   {"name", name.empty() ? ordered_json(nullptr) : ordered_json(name)},
                   {"classes", classes},
                   {"authentication_level", first.authenticationLevel
                                                ? ordered_json(model::authnLevelName(first.authenticationLevel->value))
                                                : ordered_json("default")},
                   {"identity", identityText(first.runAs.value, h)},
                   {"launch_permission", perm("LaunchPermission", first.launchPermission, PermissionKind::Launch)},
                   {"access_permission", perm("AccessPermission", first.accessPermission, PermissionKind::Access)}});
  }
  return out;
}

ordered_json showJson(const Loaded &l, const Names &names) {
  const Host &h = l.host();
  ordered_json out;
  out["host"] = h.name;
  out["os"] = h.os.value.key();
  out["os_assumed"] = h.os.from.kind == model::Provenance::Kind::Default;
  out["source"] = l.source;
  out["enable_dcom"] = h.dcom.enableDcom.value;
  out["default_authentication_level"] = model::authnLevelName(h.dcom.legacyAuthenticationLevel.value);
  out["default_impersonation_level"] = model::impersonationLevelName(h.dcom.legacyImpersonationLevel.value);
  ordered_json security = ordered_json::array();
  for (const auto &[title, shown] : machineDescriptors(h))
    security.push_back(shownJson(shown, l));
  out["com_security"] = std::move(security);
  out["servers"] = serversJson(l, names);
  return out;
}

int runShow(const ShowOptions &o) {
  TempDir temp;
  auto loaded = loadHost(o, temp);
  if (!loaded) {
    std::string message = loaded.error().str();
    if (!temp.path.empty())
      if (size_t at = message.find((temp.path / model::snapshot::files::Ole).string()); at != std::string::npos)
        message.replace(at, (temp.path / model::snapshot::files::Ole).string().size(), o.input);
    std::cerr << "dcomdoctor: " << message << "\n";
    return 2;
  }
  Names names(loaded->registry);
  if (o.json)
    std::cout << showJson(*loaded, names).dump(2) << "\n";
  else
    std::cout << showText(*loaded, names);
  return 0;
}

} // namespace

void addShowCommand(CLI::App &app, int &exitStatus) {
  auto options = std::make_shared<ShowOptions>();
  auto *show = app.add_subcommand("show", "A host's DCOM settings in dcomcnfg's words: Default "
                                          "Properties, COM Security (Limits and Defaults per "
                                          "principal) and each OPC server's AppID");
  show->add_option("INPUT", options->input,
                   "A plant file (with --host), a snapshot folder "
                   "written by collect.cmd, or a .reg export")
      ->required();
  show->add_option("--host", options->host, "The host of the plant file to show");
  show->add_option("--os", options->os,
                   "The Windows version of a snapshot or .reg that does "
                   "not say it (windows-7, windows-server-2019, ...)");
  show->add_flag("--json", options->json, "JSON output (docs/show.md)");
  show->footer("Examples:\n  dcomdoctor show examples/plant/plant.toml --host OPCSRV\n"
               "  dcomdoctor show D:\\snapshots\\OPCSRV\n"
               "  dcomdoctor show ole.reg --os windows-7");
  show->callback([options, &exitStatus] { exitStatus = runShow(*options); });
}

} // namespace dd::cli
