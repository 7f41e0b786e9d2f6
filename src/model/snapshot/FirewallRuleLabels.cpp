// What `netsh advfirewall firewall show rule name=all [verbose]` prints in words, in each language
// with a source: the field names the reader uses, the values it needs in English (Yes/No, In/Out,
// Allow/Block/Bypass, Any, the profile names) and the line that says no rule matched. The rule
// header is also found by its place (the line before a dashed line), so a listing in a language
// without a table is read up to the first field it must understand, and stops there naming the
// language (FirewallRules.cpp).
//
// Sources:
// - English: Microsoft's "Netsh AdvFirewall Firewall Commands" (show rule) and Windows' own output.
// - German: netsh output quoted verbatim in a public project's tests (a verbose listing of one
//   rule, its "Keine Regeln ..." answer and "OK."; public GitHub file, text id 69152863952).
// - Japanese: netsh output quoted in a public project's tests (one rule enabled/disabled,
//   allow/block, its "OK" and the answer when no rule matches; public GitHub file, text id
//   69496209640); the other field names and 出力 (Out), 任意 (Any), ドメイン, プライベート,
//   パブリック from a real `netsh advfirewall firewall show rule name=all verbose` of a Japanese
//   Windows 10 Home kept as an example by another public project (text id 46769196813).
// Not found in Microsoft material or a real capture, so not listed: French, Spanish, Russian,
// Chinese, Italian, Portuguese, Korean, Polish, Turkish, Czech and Dutch. Those listings stop
// with a message naming the language; `Get-NetFirewallRule` piped to Export-Csv (property names
// are never translated) or the plant file's firewall rules are the way out.
#include "model/snapshot/FirewallRules.h"
#include "model/snapshot/Languages.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kRuleDocs = "Microsoft Learn, Netsh AdvFirewall Firewall Commands (show rule)";
constexpr std::string_view kRuleGerman = "German netsh output in a public project's tests (text id 69152863952)";
constexpr std::string_view kRuleJapanese = "Japanese netsh output in a public project's tests (text id 69496209640)";
constexpr std::string_view kRuleJapaneseCapture =
    "netsh show rule name=all verbose of a Japanese Windows 10 (text id 46769196813)";

// Field names: key = the English name the reader uses.
constexpr std::array<LabelText, 40> kRuleKeys{{
    {Language::English, "Rule Name", "Rule Name", kRuleDocs},
    {Language::English, "Enabled", "Enabled", kRuleDocs},
    {Language::English, "Direction", "Direction", kRuleDocs},
    {Language::English, "Profiles", "Profiles", kRuleDocs},
    {Language::English, "Protocol", "Protocol", kRuleDocs},
    {Language::English, "LocalPort", "LocalPort", kRuleDocs},
    {Language::English, "RemoteIP", "RemoteIP", kRuleDocs},
    {Language::English, "Program", "Program", kRuleDocs},
    {Language::English, "Service", "Service", kRuleDocs},
    {Language::English, "Action", "Action", kRuleDocs},
    {Language::German, "Rule Name", "Regelname", kRuleGerman},
    {Language::German, "Enabled", "Aktiviert", kRuleGerman},
    {Language::German, "Direction", "Richtung", kRuleGerman},
    {Language::German, "Profiles", "Profile", kRuleGerman},
    {Language::German, "Grouping", "Gruppierung", kRuleGerman},
    {Language::German, "LocalIP", "LokaleIP", kRuleGerman},
    {Language::German, "RemoteIP", "RemoteIP", kRuleGerman},
    {Language::German, "Protocol", "Protokoll", kRuleGerman},
    {Language::German, "Edge traversal", "Edgeausnahme", kRuleGerman},
    {Language::German, "Program", "Programm", kRuleGerman},
    {Language::German, "InterfaceTypes", "Schnittstellentypen", kRuleGerman},
    {Language::German, "Security", "Sicherheit", kRuleGerman},
    {Language::German, "Rule source", "Regelquelle", kRuleGerman},
    {Language::German, "Action", "Aktion", kRuleGerman},
    {Language::Japanese, "Rule Name", "規則名", kRuleJapanese},
    {Language::Japanese, "Enabled", "有効", kRuleJapanese},
    {Language::Japanese, "Direction", "方向", kRuleJapanese},
    {Language::Japanese, "Protocol", "プロトコル", kRuleJapanese},
    {Language::Japanese, "LocalPort", "ローカル ポート", kRuleJapanese},
    {Language::Japanese, "Action", "操作", kRuleJapanese},
    {Language::Japanese, "Profiles", "プロファイル", kRuleJapaneseCapture},
    {Language::Japanese, "Grouping", "グループ", kRuleJapaneseCapture},
    {Language::Japanese, "LocalIP", "ローカル IP", kRuleJapaneseCapture},
    {Language::Japanese, "RemoteIP", "リモート IP", kRuleJapaneseCapture},
    {Language::Japanese, "Edge traversal", "エッジ トラバーサル", kRuleJapaneseCapture},
    {Language::Japanese, "Program", "プログラム", kRuleJapaneseCapture},
    {Language::Japanese, "Service", "サービス", kRuleJapaneseCapture},
    {Language::Japanese, "InterfaceTypes", "インターフェイスの種類", kRuleJapaneseCapture},
    {Language::Japanese, "Security", "セキュリティ", kRuleJapaneseCapture},
    {Language::Japanese, "Rule source", "規則のソース", kRuleJapaneseCapture},
}};

// Values: key = the English value.
constexpr std::array<LabelText, 28> kRuleValues{{
    {Language::English, "Yes", "Yes", kRuleDocs},
    {Language::English, "No", "No", kRuleDocs},
    {Language::English, "In", "In", kRuleDocs},
    {Language::English, "Out", "Out", kRuleDocs},
    {Language::English, "Allow", "Allow", kRuleDocs},
    {Language::English, "Block", "Block", kRuleDocs},
    {Language::English, "Bypass", "Bypass", kRuleDocs},
    {Language::English, "Any", "Any", kRuleDocs},
    {Language::English, "Domain", "Domain", kRuleDocs},
    {Language::English, "Private", "Private", kRuleDocs},
    {Language::English, "Public", "Public", kRuleDocs},
    {Language::German, "Yes", "Ja", kRuleGerman},
    {Language::German, "In", "Eingehend", kRuleGerman},
    {Language::German, "Allow", "Zulassen", kRuleGerman},
    {Language::German, "Any", "Beliebig", kRuleGerman},
    {Language::German, "Domain", "Domäne", kRuleGerman},
    {Language::German, "Private", "Privat", kRuleGerman},
    {Language::German, "Public", "Öffentlich", kRuleGerman},
    {Language::Japanese, "Yes", "はい", kRuleJapanese},
    {Language::Japanese, "No", "いいえ", kRuleJapanese},
    {Language::Japanese, "In", "入力", kRuleJapanese},
    {Language::Japanese, "Allow", "許可", kRuleJapanese},
    {Language::Japanese, "Block", "ブロック", kRuleJapanese},
    {Language::Japanese, "Out", "出力", kRuleJapaneseCapture},
    {Language::Japanese, "Any", "任意", kRuleJapaneseCapture},
    {Language::Japanese, "Domain", "ドメイン", kRuleJapaneseCapture},
    {Language::Japanese, "Private", "プライベート", kRuleJapaneseCapture},
    {Language::Japanese, "Public", "パブリック", kRuleJapaneseCapture},
}};

constexpr std::array<LabelText, 3> kNoRuleLines{{
    {Language::English, "No rules", "No rules match the specified criteria.", kRuleDocs},
    {Language::German, "No rules", "Keine Regeln stimmen mit den angegebenen Kriterien überein.", kRuleGerman},
    {Language::Japanese, "No rules", "指定された条件に一致する規則はありません。", kRuleJapanese},
}};

} // namespace

std::optional<std::string> firewallRuleKey(std::string_view printed) { return matchKey(kRuleKeys, printed); }

std::optional<std::string> firewallRuleValue(std::string_view printed) { return matchKey(kRuleValues, printed); }

std::span<const LabelText> firewallRuleKeyTable() { return kRuleKeys; }

bool isNoRulesLine(std::string_view line) { return matchLabelPrefix(kNoRuleLines, line) != nullptr; }

} // namespace dd::model::snapshot
