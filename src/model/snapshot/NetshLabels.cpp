// What `netsh advfirewall show allprofiles|currentprofile` prints in words, in each language
// with a source: the profile headers, State's ON/OFF and the closing "Ok.". Keys such as
// LocalFirewallRules and the Firewall Policy value (BlockInbound,AllowOutbound) stay English in
// every language; State is the first field of a profile and Firewall Policy the one whose value
// starts with Block or Allow, so those two labels are not needed.
//
// Sources: English from Microsoft's "Netsh AdvFirewall Commands" and Windows' own output; Chinese
// from the output of a Chinese Windows 7 (allprofiles); the French domain header as a French
// Windows prints it ("Paramètres Profil de domaine :"). Not found in Microsoft material or a real
// capture, so not listed: the profile headers and State values of Italian, Portuguese, Japanese,
// Korean, Polish, Turkish, Czech and Dutch. Their headers are taken by place (Domain, Private,
// Public) with a note; a State value in no table stops with a message naming the language.
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/Languages.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kDocs = "Microsoft Learn, Netsh AdvFirewall Commands";
constexpr std::string_view kOutput = "netsh output of a localized Windows";

constexpr std::array<LabelText, 7> kProfiles{{
    {Language::English, "Domain", "Domain Profile Settings:", kDocs},
    {Language::English, "Private", "Private Profile Settings:", kDocs},
    {Language::English, "Public", "Public Profile Settings:", kDocs},
    {Language::ChineseSimplified, "Domain", "域配置文件 设置:", kOutput},
    {Language::ChineseSimplified, "Private", "专用配置文件 设置:", kOutput},
    {Language::ChineseSimplified, "Public", "公用配置文件 设置:", kOutput},
    {Language::French, "Domain", "Paramètres Profil de domaine :", kOutput},
}};

constexpr std::array<LabelText, 3> kState{{
    {Language::English, "ON", "ON", kDocs},
    {Language::English, "OFF", "OFF", kDocs},
    {Language::ChineseSimplified, "ON", "打开", kOutput},
}};

// German prints "OK." (matched as "Ok." ignoring case), Japanese "OK" without the period (netsh
// output quoted in public projects' tests, text ids 69152863952 and 69496209640).
constexpr std::array<LabelText, 3> kOk{{
    {Language::English, "Ok.", "Ok.", kDocs},
    {Language::ChineseSimplified, "Ok.", "确定。", kOutput},
    {Language::Japanese, "Ok.", "OK", "Japanese netsh output in a public project's tests (text id 69496209640)"},
}};

} // namespace

std::optional<std::string> netshProfileName(std::string_view header) {
  if (const LabelText *l = matchLabel(kProfiles, header))
    return std::string(l->key);
  return std::nullopt;
}

std::optional<bool> netshState(std::string_view value) {
  if (const LabelText *l = matchLabel(kState, value))
    return l->key == "ON";
  return std::nullopt;
}

std::span<const LabelText> netshStateTable() { return kState; }

bool isNetshOk(std::string_view line) { return matchLabel(kOk, line) != nullptr; }

} // namespace dd::model::snapshot
