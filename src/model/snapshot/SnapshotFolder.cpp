// A snapshot folder's files and what it could not tell (see SnapshotFolder.h).
#include "model/snapshot/SnapshotFolder.h"

#include "model/snapshot/Snapshot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace dd::model::snapshot {

std::string factsOf(std::string_view file) {
  struct Entry {
    std::string_view prefix, facts;
  };
  static constexpr Entry kFacts[] = {
      {files::SystemInfo, "the OS, the workgroup or domain, the addresses and the patch level"},
      {files::Ole, "the machine-wide DCOM settings (EnableDCOM, the Limits, the Defaults, the AppCompat values)"},
      {files::Clsid, "the registered OPC servers"},
      {files::AppId, "the OPC servers' AppID settings (RunAs, launch and access permissions)"},
      {files::Lsa, "ForceGuest, EveryoneIncludesAnonymous and RestrictAnonymous"},
      {files::PoliciesSystem, "LocalAccountTokenFilterPolicy and FilterAdministratorToken (remote UAC)"},
      {files::Rpc, "the RPC dynamic port range"},
      {files::Secedit, "the user rights (deny network logon ...) and the audit policy categories"},
      {files::Auditpol, "failure auditing (Logon, Credential Validation, Object Access)"},
      {files::AuditpolBackup, "failure auditing (Logon, Credential Validation, Object Access)"},
      {files::AuditpolReport, "failure auditing (Logon, Credential Validation, Object Access)"},
      {"net-user-", "this account's state and groups"},
      {files::NetUser, "the local accounts"},
      {"net-localgroup-", "this group's members"},
      {files::NetLocalgroup, "the local groups and their members"},
      {files::WmicUsers, "the machine SID, the local accounts' SIDs and whether they are disabled or locked out"},
      {files::WmicComputerSystem, "the workgroup or domain and the user at the console"},
      {files::WmicGroups, "the SIDs of the site's local groups"},
      {files::FirewallCurrentProfile, "the firewall profile in force and its state"},
      {files::FirewallProfiles, "the firewall state"},
      {files::FirewallRules, "the inbound firewall rules"},
      {files::FirewallPolicyReg, "the firewall state and the inbound firewall rules"},
      {files::FirewallGpoReg, "Group Policy's firewall settings and rules"},
      {"sc-qc-", "this service's account, start type and program"},
      {"sc-query-", "whether this service runs"},
      {"icacls-", "who may read and run the programs in this folder"},
      {"sddl-", "who may read and run the programs in this folder (its ACL as SIDs)"},
      {files::QueryUser, "the user at the console"},
      {files::CurrentVersionCsv, "the build and UBR (the patch level)"},
      {files::CurrentVersionReg, "the build and UBR (the patch level)"},
      {files::Updates, "the update list (the patch level)"},
  };
  for (const Entry &e : kFacts)
    if (istartsWith(file, e.prefix))
      return std::string(e.facts);
  return "its facts";
}

std::string stripLocalPrefix(std::string_view account, std::string_view hostName) {
  if (startsWith(account, ".\\"))
    return std::string(account.substr(2));
  size_t slash = account.find('\\');
  if (slash != std::string_view::npos && !hostName.empty() && iequals(account.substr(0, slash), hostName))
    return std::string(account.substr(slash + 1));
  return std::string(account);
}

std::string modelDomainName(std::string_view dnsName) {
  std::string label(dnsName.substr(0, dnsName.find('.')));
  std::transform(label.begin(), label.end(), label.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return label;
}

void Folder::noteSkipped(const std::string &name, const Error &e) const {
  if (!state->skippedErrors.insert(e.str()).second)
    return;
  state->gaps.push_back(Fact<std::string>{
      fmt::format("{} could not be read ({}): skipped, the defaults stand for {}", name, e.message, factsOf(name)),
      Provenance::snapshot(display(name), static_cast<uint32_t>(e.line.value_or(0)), name)});
}

const std::vector<std::pair<std::string, uintmax_t>> &Folder::files() const {
  if (!state->listing) {
    state->listing.emplace();
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec))
      if (entry.is_regular_file(ec))
        state->listing->emplace_back(entry.path().filename().string(), entry.file_size(ec));
  }
  return *state->listing;
}

Result<void> Folder::findBlankFiles() const {
  for (const auto &[name, size] : files()) {
    if (size > 3)
      continue;
    auto bytes = readFileBytes(dir / name);
    if (!bytes || !std::all_of(bytes->begin(), bytes->end(), [](uint8_t b) {
          return b == 0xEF || b == 0xBB || b == 0xBF || b == 0xFF || b == 0xFE || b == 0 || b == ' ' || b == '\r' ||
                 b == '\n';
        }))
      continue;
    if (strict)
      return Error{"the file holds nothing (the command printed no output); run collect.cmd again or remove the "
                   "file (--strict)",
                   display(name),
                   {},
                   {}};
    state->blank.insert(name);
    state->gaps.push_back(
        Fact<std::string>{fmt::format("{} holds nothing: skipped, the defaults stand for {}", name, factsOf(name)),
                          Provenance::snapshot(display(name), 0, name)});
  }
  return {};
}

} // namespace dd::model::snapshot
