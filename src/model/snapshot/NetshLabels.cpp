// What `netsh advfirewall show allprofiles|currentprofile` prints in words, in each language
// with a source: the profile headers, State's ON/OFF and the closing "Ok.". Keys such as
// LocalFirewallRules and the Firewall Policy value (BlockInbound,AllowOutbound) stay English in
// every language; State is the first field of a profile and Firewall Policy the one whose value
// starts with Block or Allow, so those two labels are not needed.
//
// Sources: English from Microsoft's "Netsh AdvFirewall Commands" and Windows' own output; Chinese
// from the output of a Chinese Windows 7 (allprofiles); the French domain header as a French
// Windows prints it ("Paramètres Profil de domaine :"); Japanese from a real `netsh advfirewall
// show allprofiles` of a Japanese Windows 10 Home kept as an example in a public project (the
// three headers, State オン and "OK"; text id 46652260816), and State オフ from the same project's
// parser of that output (text id 46406965123). French State "Actif" from a real `netsh advfirewall
// show allprofiles` pasted in a French tutorial (text id 22534624268). German headers and State
// EIN/AUS from three public programs that read German output: a C# reader of netsh on German
// Windows (text id 39802841677), a Python test whose comment says "Status EIN" was checked on a
// real German Windows 11 and that reads "AUS" as off (text id 56766097947), and a German
// tutorial's example output (text id 14654880863). Spanish headers from two programs that match
// them in the output of Spanish Windows (text ids 53858986531 and 70863996398); their Spanish
// State values disagree (ACTIVAR, DESACTIVADO), so none is listed. Not found in Microsoft
// material or a real capture, so not listed: the profile headers and State values of Italian,
// Portuguese, Korean, Polish, Turkish, Czech and Dutch, French "off" and the other French
// headers, Spanish State. Headers are then taken by place (Domain, Private, Public) with a note;
// a State value in no table stops with a message naming the language and the file that does not
// need words (firewall-policy.reg, see docs/snapshot.md).
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/Languages.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kNetshDocs = "Microsoft Learn, Netsh AdvFirewall Commands";
constexpr std::string_view kNetshOutput = "netsh output of a localized Windows";
constexpr std::string_view kNetshJapanese = "netsh show allprofiles of a Japanese Windows 10 (text id 46652260816)";
constexpr std::string_view kNetshGerman = "readers of German netsh output (text ids 39802841677, 56766097947)";
constexpr std::string_view kNetshSpanish = "readers of Spanish netsh output (text ids 53858986531, 70863996398)";

constexpr std::array<LabelText, 16> kNetshProfiles{{
    {Language::English, "Domain", "Domain Profile Settings:", kNetshDocs},
    {Language::English, "Private", "Private Profile Settings:", kNetshDocs},
    {Language::English, "Public", "Public Profile Settings:", kNetshDocs},
    {Language::ChineseSimplified, "Domain", "域配置文件 设置:", kNetshOutput},
    {Language::ChineseSimplified, "Private", "专用配置文件 设置:", kNetshOutput},
    {Language::ChineseSimplified, "Public", "公用配置文件 设置:", kNetshOutput},
    {Language::French, "Domain", "Paramètres Profil de domaine :", kNetshOutput},
    {Language::German, "Domain", "Domänenprofil-Einstellungen:", kNetshGerman},
    {Language::German, "Private", "Privates Profil-Einstellungen:", kNetshGerman},
    {Language::German, "Public", "Öffentliches Profil-Einstellungen:", kNetshGerman},
    {Language::Spanish, "Domain", "Configuración de Perfil de dominio:", kNetshSpanish},
    {Language::Spanish, "Private", "Configuración de Perfil privado:", kNetshSpanish},
    {Language::Spanish, "Public", "Configuración de Perfil público:", kNetshSpanish},
    {Language::Japanese, "Domain", "ドメイン プロファイル 設定:", kNetshJapanese},
    {Language::Japanese, "Private", "プライベート プロファイル 設定:", kNetshJapanese},
    {Language::Japanese, "Public", "パブリック プロファイル 設定:", kNetshJapanese},
}};

constexpr std::array<LabelText, 8> kNetshState{{
    {Language::English, "ON", "ON", kNetshDocs},
    {Language::English, "OFF", "OFF", kNetshDocs},
    {Language::ChineseSimplified, "ON", "打开", kNetshOutput},
    {Language::French, "ON", "Actif", "netsh show allprofiles of a French Windows in a tutorial (text id 22534624268)"},
    {Language::German, "ON", "EIN", kNetshGerman},
    {Language::German, "OFF", "AUS", kNetshGerman},
    {Language::Japanese, "ON", "オン", kNetshJapanese},
    {Language::Japanese, "OFF", "オフ",
     "a parser of Japanese netsh output, from the same project (text id 46406965123)"},
}};

// German prints "OK." (matched as "Ok." ignoring case), Japanese "OK" without the period (netsh
// output quoted in public projects' tests, text ids 69152863952 and 69496209640; the Japanese
// allprofiles capture above ends the same way).
constexpr std::array<LabelText, 3> kNetshOk{{
    {Language::English, "Ok.", "Ok.", kNetshDocs},
    {Language::ChineseSimplified, "Ok.", "确定。", kNetshOutput},
    {Language::Japanese, "Ok.", "OK", "Japanese netsh output in a public project's tests (text id 69496209640)"},
}};

} // namespace

std::optional<std::string> netshProfileName(std::string_view header) { return matchKey(kNetshProfiles, header); }

std::optional<bool> netshState(std::string_view value) {
  if (const LabelText *l = matchLabel(kNetshState, value))
    return l->key == "ON";
  return std::nullopt;
}

std::span<const LabelText> netshStateTable() { return kNetshState; }

bool isNetshOk(std::string_view line) { return matchLabel(kNetshOk, line) != nullptr; }

} // namespace dd::model::snapshot
