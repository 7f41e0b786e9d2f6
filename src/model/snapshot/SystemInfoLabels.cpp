// systeminfo's "OS Configuration" values in each language the reader has a source for (the labels
// themselves are not needed: fields are taken by their position, see SystemInfo.h).
//
// Sources: English from Microsoft's systeminfo documentation and Windows' own output; the other
// languages from real output of localized Windows (systeminfo of a French Windows 10 22H2
// domain member, a Spanish Windows 10 1809 workstation, Chinese Windows 7 / 10 / Server 2012 R2
// hosts), Japanese (a Windows 7 Professional workstation, public notes, text id 21363154445),
// Korean (Windows 10 Pro and Home workstations, text ids 36747948991 and 28724865998),
// Portuguese (Brazil) (a Windows 11 Pro workstation, text id 11381332716); the Japanese member
// workstation from a public write-up listing what `systeminfo` showed on a domain-joined Japanese
// Windows client ("OS 構成：メンバー ワークステーション", "ドメイン：ad.lan", "ログオン サーバー：
// \\DC1"; text id 38443585137). Not found in Microsoft material or a real capture, so not listed:
// Italian, Portuguese (Portugal), Polish, Turkish, Czech and Dutch values, the server values of
// Japanese, and the member/server values of Korean and Portuguese. A
// value not listed here leaves the role Unknown: SystemInfo::domainMember then decides from the
// Domain value.
#include "model/snapshot/Languages.h"
#include "model/snapshot/SystemInfo.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kSystemInfoDocs = "Microsoft Learn, Windows Commands: systeminfo";
constexpr std::string_view kSystemInfoOutput = "systeminfo output of a localized Windows";

constexpr std::array<LabelText, 15> kSystemInfoRoles{{
    {Language::English, "Standalone Workstation", "Standalone Workstation", kSystemInfoDocs},
    {Language::English, "Member Workstation", "Member Workstation", kSystemInfoDocs},
    {Language::English, "Standalone Server", "Standalone Server", kSystemInfoDocs},
    {Language::English, "Member Server", "Member Server", kSystemInfoDocs},
    {Language::English, "Primary Domain Controller", "Primary Domain Controller", kSystemInfoDocs},
    {Language::English, "Backup Domain Controller", "Backup Domain Controller", kSystemInfoDocs},
    {Language::French, "Member Workstation", "Station de travail membre", kSystemInfoOutput},
    {Language::Spanish, "Standalone Workstation", "Estación de trabajo independiente", kSystemInfoOutput},
    {Language::ChineseSimplified, "Member Workstation", "成员工作站", kSystemInfoOutput},
    {Language::ChineseSimplified, "Member Server", "成员服务器", kSystemInfoOutput},
    {Language::ChineseSimplified, "Standalone Workstation", "独立工作站", kSystemInfoOutput},
    {Language::Japanese, "Standalone Workstation", "スタンドアロン ワークステーション",
     "systeminfo of a Japanese Windows 7 (text id 21363154445)"},
    {Language::Japanese, "Member Workstation", "メンバー ワークステーション",
     "systeminfo of a domain-joined Japanese Windows, in a public write-up (text id 38443585137)"},
    {Language::Korean, "Standalone Workstation", "독립 실행형 워크스테이션",
     "systeminfo of Korean Windows 10 (text ids 36747948991, 28724865998)"},
    {Language::Portuguese, "Standalone Workstation", "Estação de trabalho autônoma",
     "systeminfo of a Portuguese (Brazil) Windows 11 (text id 11381332716)"},
}};

} // namespace

MachineRole machineRoleOf(std::string_view printedValue, std::string *english) {
  const LabelText *l = matchLabel(kSystemInfoRoles, printedValue);
  if (!l)
    return MachineRole::Unknown;
  if (english)
    *english = std::string(l->key);
  if (l->key == "Standalone Workstation")
    return MachineRole::StandaloneWorkstation;
  if (l->key == "Member Workstation")
    return MachineRole::MemberWorkstation;
  if (l->key == "Standalone Server")
    return MachineRole::StandaloneServer;
  if (l->key == "Member Server")
    return MachineRole::MemberServer;
  if (l->key == "Primary Domain Controller")
    return MachineRole::PrimaryDomainController;
  return MachineRole::BackupDomainController;
}

} // namespace dd::model::snapshot
