// Reader of auditpol's CSV forms (see AuditpolCsv.h).
#include "model/snapshot/AuditpolCsv.h"

#include "model/snapshot/PsCsv.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace dd::model::snapshot {

namespace {

// The subcategories the model reads (SnapshotAccounts.cpp, applyAuditpol): GUIDs from Ntsecapi.h
// (Audit_Logon_Logon, Audit_AccountLogon_CredentialValidation, Audit_ObjectAccess_*) and
// [MS-GPAC] 2.2.1.2; names as auditpol prints them on an English Windows.
constexpr std::array<AuditSubcategoryId, 16> kSubcategories{{
    {"{0CCE9215-69AE-11D9-BED3-505054503030}", "Logon/Logoff", "Logon"},
    {"{0CCE923F-69AE-11D9-BED3-505054503030}", "Account Logon", "Credential Validation"},
    {"{0CCE921D-69AE-11D9-BED3-505054503030}", "Object Access", "File System"},
    {"{0CCE921E-69AE-11D9-BED3-505054503030}", "Object Access", "Registry"},
    {"{0CCE921F-69AE-11D9-BED3-505054503030}", "Object Access", "Kernel Object"},
    {"{0CCE9220-69AE-11D9-BED3-505054503030}", "Object Access", "SAM"},
    {"{0CCE9221-69AE-11D9-BED3-505054503030}", "Object Access", "Certification Services"},
    {"{0CCE9222-69AE-11D9-BED3-505054503030}", "Object Access", "Application Generated"},
    {"{0CCE9223-69AE-11D9-BED3-505054503030}", "Object Access", "Handle Manipulation"},
    {"{0CCE9224-69AE-11D9-BED3-505054503030}", "Object Access", "File Share"},
    {"{0CCE9225-69AE-11D9-BED3-505054503030}", "Object Access", "Filtering Platform Packet Drop"},
    {"{0CCE9226-69AE-11D9-BED3-505054503030}", "Object Access", "Filtering Platform Connection"},
    {"{0CCE9227-69AE-11D9-BED3-505054503030}", "Object Access", "Other Object Access Events"},
    {"{0CCE9244-69AE-11D9-BED3-505054503030}", "Object Access", "Detailed File Share"},
    {"{0CCE9245-69AE-11D9-BED3-505054503030}", "Object Access", "Removable Storage"},
    {"{0CCE9246-69AE-11D9-BED3-505054503030}", "Object Access", "Central Policy Staging"},
}};

// The columns, by place ([MS-GPAC] 2.2; /r stops before Setting Value).
enum Column : size_t { kSubcategory = 2, kGuid = 3, kInclusion = 4, kSettingValue = 6 };

bool isGuid(std::string_view s) {
  if (s.size() != 38 || s.front() != '{' || s.back() != '}')
    return false;
  for (size_t i = 1; i < 37; ++i) {
    const char c = s[i];
    const bool dash = i == 9 || i == 14 || i == 19 || i == 24;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return true;
}

// Setting Value ([MS-GPAC] 2.2.1.3.1) into success/failure; false when it is not 0-4.
bool applySettingValue(std::string_view value, AuditSubcategory &s) {
  if (value.size() != 1 || value[0] < '0' || value[0] > '4')
    return false;
  const int v = value[0] - '0';
  s.success = v == 1 || v == 3;
  s.failure = v == 2 || v == 3;
  s.setting = std::string(value);
  return true;
}

Error unknownSetting(std::span<const uint8_t> bytes, const std::string &source, const AuditSubcategory &s) {
  Error plain = Error::atLine(source, s.line,
                              fmt::format("subcategory \"{}\": setting \"{}\" is not one of \"No Auditing\", "
                                          "\"Success\", \"Failure\", \"Success and Failure\"",
                                          s.printedName, s.setting));
  auto text = decodeText(bytes, source);
  if (!text)
    return plain;
  return languageError(*text, "auditpol /get /category:* /r", auditSettingTable(),
                       "or run `auditpol /backup /file:auditpol-backup.csv` (numbers, in every language)",
                       std::move(plain));
}

} // namespace

const AuditSubcategoryId *auditSubcategoryById(std::string_view guid) {
  for (const AuditSubcategoryId &s : kSubcategories)
    if (iequals(s.guid, guid))
      return &s;
  return nullptr;
}

Result<AuditPolicy> parseAuditpolCsv(std::span<const uint8_t> bytes, const std::string &source) {
  auto csv = parsePsCsv(bytes, source);
  if (!csv)
    return csv.error();
  if (csv->header.size() < kInclusion + 2)
    return Error::atLine(source, 1,
                         fmt::format("{} columns where auditpol's CSV has 6 (/get /r) or 7 (/backup): not "
                                     "auditpol CSV output",
                                     csv->header.size()));
  AuditPolicy policy;
  policy.source = source;
  for (const CsvRecord &r : csv->records) {
    if (r.values.size() <= kGuid || r.values[kGuid].empty())
      continue; // the backup's Option: and global object access lines
    if (!isGuid(r.values[kGuid]))
      return Error::atLine(source, r.line,
                           fmt::format("\"{}\" is not a subcategory GUID ({{0CCE9215-69AE-11D9-BED3-505054503030}} "
                                       "is Logon)",
                                       r.values[kGuid]));
    AuditSubcategory s;
    s.line = r.line;
    s.printedName = r.values[kSubcategory];
    s.name = s.printedName;
    if (const AuditSubcategoryId *id = auditSubcategoryById(r.values[kGuid])) {
      s.category = std::string(id->category);
      s.name = std::string(id->name);
    }
    const bool numeric = r.values.size() > kSettingValue && !r.values[kSettingValue].empty();
    if (numeric && !applySettingValue(r.values[kSettingValue], s))
      return Error::atLine(source, r.line,
                           fmt::format("Setting Value \"{}\" of \"{}\" is not 0-4 (1 Success, 2 Failure, 3 both, "
                                       "0 or 4 none)",
                                       r.values[kSettingValue], s.printedName));
    if (!numeric) {
      const std::string_view printed =
          r.values.size() > kInclusion ? std::string_view(r.values[kInclusion]) : std::string_view();
      s.setting = std::string(printed);
      auto english = auditSetting(printed);
      if (!english)
        return unknownSetting(bytes, source, s);
      s.success = *english == "Success" || *english == "Success and Failure";
      s.failure = *english == "Failure" || *english == "Success and Failure";
    }
    policy.subcategories.push_back(std::move(s));
  }
  if (policy.subcategories.empty())
    return Error::atLine(source, csv->records.empty() ? 1 : csv->records.back().line,
                         "no subcategory line (Subcategory GUID column empty everywhere)");
  return policy;
}

} // namespace dd::model::snapshot
