// A host snapshot folder (collect/collect.cmd writes it; docs/snapshot.md lists the files) read
// into the model's Host: every file that is present overwrites the facts it knows, each with
// its Provenance (the file and line, or the file and the registry path and value name).
//
// The PlantReader calls applySnapshot() after the Windows defaults and before the plant file's
// own keys, so the plant file can still override any fact ("what if").
#pragma once

#include "model/Plant.h"
#include "support/Result.h"

#include <filesystem>
#include <optional>
#include <string>

namespace dd::model::snapshot {

// The fixed file names of the layout (docs/snapshot.md).
namespace files {
inline constexpr const char *Ole = "ole.reg";                        // HKLM\SOFTWARE\Microsoft\Ole
inline constexpr const char *DcomPolicy = "dcom-policy.reg";         // HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DCOM
inline constexpr const char *AppId = "appid.reg";                    // HKLM\SOFTWARE\Classes\AppID
inline constexpr const char *AppIdWow = "appid-wow6432.reg";         // HKLM\SOFTWARE\Classes\Wow6432Node\AppID
inline constexpr const char *Clsid = "clsid.reg";                    // HKLM\SOFTWARE\Classes\CLSID
inline constexpr const char *ClsidWow = "clsid-wow6432.reg";         // HKLM\SOFTWARE\Classes\Wow6432Node\CLSID
inline constexpr const char *Lsa = "lsa.reg";                        // HKLM\SYSTEM\CurrentControlSet\Control\Lsa
inline constexpr const char *Rpc = "rpc.reg";                        // HKLM\SOFTWARE\Microsoft\Rpc
inline constexpr const char *PoliciesSystem = "policies-system.reg"; // ...\CurrentVersion\Policies\System
inline constexpr const char *Com3 = "com3.reg";                      // HKLM\SOFTWARE\Microsoft\COM3
inline constexpr const char *Secedit = "secedit.inf";
inline constexpr const char *Auditpol = "auditpol.txt";
inline constexpr const char *AuditpolBackup = "auditpol-backup.csv"; // auditpol /backup: numbers, any language
inline constexpr const char *AuditpolReport = "auditpol-r.csv";      // auditpol /get /category:* /r
inline constexpr const char *NetUser = "net-user.txt";               // + net-user-<NAME>.txt
inline constexpr const char *NetLocalgroup = "net-localgroup.txt";   // + net-localgroup-<NAME>.txt
inline constexpr const char *WmicUsers = "wmic-useraccount.txt";
inline constexpr const char *WmicGroups = "wmic-group.txt";
inline constexpr const char *WmicComputerSystem = "wmic-computersystem.txt"; // Domain, DomainRole, UserName, ...
inline constexpr const char *FirewallProfiles = "firewall-profiles.txt";
inline constexpr const char *FirewallCurrentProfile = "firewall-currentprofile.txt";
inline constexpr const char *FirewallRules = "firewall-rules.txt";
// HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy
inline constexpr const char *FirewallPolicyReg = "firewall-policy.reg";
inline constexpr const char *FirewallGpoReg = "firewall-gpo.reg"; // HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall
inline constexpr const char *SystemInfo = "systeminfo.txt";
inline constexpr const char *Ipconfig = "ipconfig.txt";
inline constexpr const char *QueryUser = "query-user.txt";
// HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion: ProductName, CurrentBuild, UBR, ...
inline constexpr const char *CurrentVersionCsv = "currentversion.csv"; // Get-ItemProperty | Export-Csv
inline constexpr const char *CurrentVersionReg = "currentversion.reg"; // reg export
inline constexpr const char *Updates = "updates.csv"; // Get-HotFix | Export-Csv (HotFixID, InstalledOn)
// sc-qc-<service>.txt, sc-query-<service>.txt, icacls-<label>.txt; offline hives SOFTWARE,
// SYSTEM, SAM (used instead of the .reg files when present).
} // namespace files

// What a snapshot says about the host's identity, readable before the defaults are applied (the
// defaults depend on the OS and the machine SID). Each field is absent when no file states it.
struct SnapshotIdentity {
  std::optional<Fact<std::string>> hostName;
  std::optional<Fact<OsVersion>> os;
  std::optional<Fact<std::string>> domain; // "" for a workgroup
  std::optional<Fact<winsec::Sid>> machineSid;
  std::optional<Fact<Date>> patched;
  std::optional<Fact<std::string>> patchLevelUnknown; // no update could be dated: why
  std::vector<std::string> patchNotes;                // undated updates, late install dates
  std::optional<Fact<std::vector<std::string>>> addresses;
  bool x86 = false; // systeminfo System Type X86-based PC: every class is in the 32-bit view
};
// strict: a file that holds nothing or cannot be read stops the host (`--strict`); otherwise it
// is skipped, its facts keep the Windows defaults and Host::snapshotGaps says so.
struct SnapshotOptions {
  bool strict = false;
};

Result<SnapshotIdentity> readSnapshotIdentity(const std::filesystem::path &folder, const SnapshotOptions &options = {});

// Reads whichever files of the layout are present in `folder` and fills `host`. Errors: the
// folder is missing or holds none of the layout's files; with `strict`, a present text file
// holds nothing or is malformed (file:line) (without it, such a file is skipped and noted in
// host.snapshotGaps, as is each file collect.cmd writes that is missing); a .reg file or a
// security descriptor in the registry cannot be decoded (file: registry path).
Result<void> applySnapshot(Host &host, const std::filesystem::path &folder, const SnapshotOptions &options = {});

// The server facts of the folder (icacls-*.txt: who may read and run the executable; sc-query-*:
// whether a service server runs) for the host's servers as they are after the plant file's own
// [[host.server]] entries, so a server declared only in the plant gets them too. Facts the plant
// file states are kept.
Result<void> applySnapshotToServers(Host &host, const std::filesystem::path &folder,
                                    const SnapshotOptions &options = {});

// "Microsoft Windows Server 2019 Standard" + "10.0.17763 N/A Build 17763" -> Windows Server
// 2019; nullopt for a name it does not know.
std::optional<OsVersion> osFromSystemInfo(std::string_view osName, std::string_view osVersion);

// OPC component categories (HKCR\CLSID\{...}\Implemented Categories) that make a class an OPC
// server the model lists: DA 1.0/2.0/3.0, A&E, HDA, Batch, XMLDA wrappers.
bool isOpcServerCategory(std::string_view catid);

} // namespace dd::model::snapshot
