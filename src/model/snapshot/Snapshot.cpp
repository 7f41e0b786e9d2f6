// A host snapshot folder into the model's Host (see Snapshot.h, docs/snapshot.md).
//
// Order: identity (systeminfo, wmic SIDs, wmic computersystem's domain), secedit, registry (.reg files or offline hives
// through dd::registry, winning over secedit's copies of the same values), auditpol (auditpol's subcategories are what
// Vista+ applies), accounts and groups (net, wmic), services (sc), firewall (netsh), folder ACLs (icacls), the console
// user (wmic computersystem UserName, else query user). Each fact gets Provenance::snapshot(file, line, where). wmic's
// untranslated facts (WmicFacts.h) win over the translated words of net user, query user and systeminfo.
#include "model/snapshot/Snapshot.h"

#include "model/Defaults.h"
#include "model/snapshot/SnapshotParts.h"
#include "model/snapshot/SystemInfo.h"

#include <fmt/format.h>

#include <charconv>

namespace dd::model::snapshot {

namespace fs = std::filesystem;

namespace {

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
