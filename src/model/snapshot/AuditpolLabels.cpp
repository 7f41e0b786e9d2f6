// What `auditpol /get` prints in words, in each language with a source: the four settings and
// the category names a single-category listing needs. The category order of /category:* is the
// same in every language and version (System, Logon/Logoff, Object Access, Privilege Use,
// Detailed Tracking, Policy Change, Account Management, DS Access, Account Logon), Logon is the
// first subcategory of Logon/Logoff and Credential Validation the last of Account Logon, so
// those are found by place (Auditpol.cpp).
//
// Sources: English from Microsoft's auditpol get documentation and Windows' own output; Chinese
// from `auditpol /get /category:*` of a Chinese domain controller (2008 R2 era; "失败" alone is
// the Failure of its "成功和失败"); German from `auditpol /get /subcategory:` of a German Windows
// 10 (No Auditing, Failure, the category Object Access).
#include "model/snapshot/Auditpol.h"
#include "model/snapshot/Languages.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kAuditpolDocs = "Microsoft Learn, Windows Commands: auditpol get";
constexpr std::string_view kAuditpolOutput = "auditpol output of a localized Windows";

constexpr std::array<LabelText, 10> kSettings{{
    {Language::English, "No Auditing", "No Auditing", kAuditpolDocs},
    {Language::English, "Success", "Success", kAuditpolDocs},
    {Language::English, "Failure", "Failure", kAuditpolDocs},
    {Language::English, "Success and Failure", "Success and Failure", kAuditpolDocs},
    {Language::ChineseSimplified, "No Auditing", "无审核", kAuditpolOutput},
    {Language::ChineseSimplified, "Success", "成功", kAuditpolOutput},
    {Language::ChineseSimplified, "Failure", "失败", kAuditpolOutput},
    {Language::ChineseSimplified, "Success and Failure", "成功和失败", kAuditpolOutput},
    {Language::German, "No Auditing", "Keine Überwachung", kAuditpolOutput},
    {Language::German, "Failure", "Fehler", kAuditpolOutput},
}};

constexpr std::array<LabelText, 1> kCategories{{
    {Language::German, "Object Access", "Objektzugriff", kAuditpolOutput},
}};

} // namespace

std::optional<std::string> auditSetting(std::string_view printed) {
  if (const LabelText *l = matchLabel(kSettings, printed))
    return std::string(l->key);
  return std::nullopt;
}

std::span<const LabelText> auditSettingTable() { return kSettings; }

std::optional<std::string> auditCategory(std::string_view printed) {
  if (const LabelText *l = matchLabel(kCategories, printed))
    return std::string(l->key);
  return std::nullopt;
}

} // namespace dd::model::snapshot
