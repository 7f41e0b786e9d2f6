// systeminfo's "OS Configuration" values in each language the reader has a source for (the labels
// themselves are not needed: fields are taken by their position, see SystemInfo.h).
//
// Sources: English from Microsoft's systeminfo documentation and Windows' own output; the other
// languages from real output of localized Windows (systeminfo of a French Windows 10 22H2
// domain member, a Spanish Windows 10 1809 workstation, Chinese Windows 7 / 10 / Server 2012 R2
// hosts). A value not listed here leaves the role Unknown: SystemInfo::domainMember then decides
// from the Domain value.
#include "model/snapshot/Languages.h"
#include "model/snapshot/SystemInfo.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kSystemInfoDocs = "Microsoft Learn, Windows Commands: systeminfo";
constexpr std::string_view kSystemInfoOutput = "systeminfo output of a localized Windows";

constexpr std::array<LabelText, 11> kRoles{{
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
}};

} // namespace

MachineRole machineRoleOf(std::string_view printedValue, std::string *english) {
  const LabelText *l = matchLabel(kRoles, printedValue);
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
