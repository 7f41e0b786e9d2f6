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
// 10 (No Auditing, Failure, the category Object Access); Korean from a Korean security-check tool
// that reads `auditpol /get /category:*` and matches "감사 안 함", "성공" and "실패" (public GitHub
// file, text id 57415163023). Not found in Microsoft material or a real capture, so not listed:
// Korean "Success and Failure" (a listing that has it stops naming Korean), and every setting of
// Italian, Portuguese, Japanese, Polish, Turkish, Czech and Dutch. (Two public scripts match
// Dutch "Geslaagd", "Mislukt", "Geslaagd en mislukt", "Geen controle" - text ids 70693288329 and
// 56470526595 - but the first says its Dutch words are not yet verified, so they are not taken.)
#include "model/snapshot/Auditpol.h"
#include "model/snapshot/Languages.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kAuditDocs = "Microsoft Learn, Windows Commands: auditpol get";
constexpr std::string_view kAuditOutput = "auditpol output of a localized Windows";
constexpr std::string_view kAuditKorean = "Korean security-check tool matching auditpol /get (text id 57415163023)";

constexpr std::array<LabelText, 13> kAuditSettings{{
    {Language::English, "No Auditing", "No Auditing", kAuditDocs},
    {Language::English, "Success", "Success", kAuditDocs},
    {Language::English, "Failure", "Failure", kAuditDocs},
    {Language::English, "Success and Failure", "Success and Failure", kAuditDocs},
    {Language::ChineseSimplified, "No Auditing", "无审核", kAuditOutput},
    {Language::ChineseSimplified, "Success", "成功", kAuditOutput},
    {Language::ChineseSimplified, "Failure", "失败", kAuditOutput},
    {Language::ChineseSimplified, "Success and Failure", "成功和失败", kAuditOutput},
    {Language::German, "No Auditing", "Keine Überwachung", kAuditOutput},
    {Language::German, "Failure", "Fehler", kAuditOutput},
    {Language::Korean, "No Auditing", "감사 안 함", kAuditKorean},
    {Language::Korean, "Success", "성공", kAuditKorean},
    {Language::Korean, "Failure", "실패", kAuditKorean},
}};

constexpr std::array<LabelText, 1> kAuditCategories{{
    {Language::German, "Object Access", "Objektzugriff", kAuditOutput},
}};

} // namespace

std::optional<std::string> auditSetting(std::string_view printed) { return matchKey(kAuditSettings, printed); }

std::span<const LabelText> auditSettingTable() { return kAuditSettings; }

std::optional<std::string> auditCategory(std::string_view printed) { return matchKey(kAuditCategories, printed); }

} // namespace dd::model::snapshot
