// The ACLs of the folders of the server executables (--dir), read with GetNamedSecurityInfoW:
// written as `icacls FOLDER` prints them (icacls-<name>.txt, which the readers take) and as the
// its DACL in SDDL as `icacls FOLDER /save` writes it (sddl-<name>.txt, SIDs in every language;
// ConvertSecurityDescriptorToStringSecurityDescriptorW).
#include "collect/Lsa.h"
#include "collect/Parts.h"

#include "model/snapshot/Icacls.h"

#include <aclapi.h>
#include <sddl.h>

#include <fmt/format.h>

namespace dd::collect {
namespace {

namespace fr = model::snapshot::filerights;

// icacls's words for an access mask: a simple right when the mask is one, else the specific
// rights (the names icacls documents; model/snapshot/Icacls.cpp reads the same words back).
std::string icaclsRights(uint32_t mask) {
  struct Simple {
    const char *name;
    uint32_t mask;
  };
  for (const Simple &s :
       {Simple{"F", fr::Full}, {"M", fr::Modify}, {"RX", fr::ReadExecute}, {"R", fr::Read}, {"W", fr::Write}})
    if (mask == s.mask)
      return s.name;
  struct Specific {
    const char *name;
    uint32_t bit;
  };
  constexpr Specific kSpecific[] = {{"GR", 0x80000000u}, {"GW", 0x40000000}, {"GE", 0x20000000}, {"GA", 0x10000000},
                                    {"RD", 0x1},         {"WD", 0x2},        {"AD", 0x4},        {"REA", 0x8},
                                    {"WEA", 0x10},       {"X", 0x20},        {"DC", 0x40},       {"RA", 0x80},
                                    {"WA", 0x100},       {"DE", 0x10000},    {"RC", 0x20000},    {"WDAC", 0x40000},
                                    {"WO", 0x80000},     {"S", 0x100000},    {"AS", 0x1000000},  {"MA", 0x2000000}};
  std::string list;
  for (const Specific &s : kSpecific)
    if (mask & s.bit)
      list += (list.empty() ? "" : ",") + std::string(s.name);
  return list.empty() ? "N" : list;
}

std::string aceText(const ACE_HEADER *header) {
  const bool deny = header->AceType == ACCESS_DENIED_ACE_TYPE;
  const auto *ace = reinterpret_cast<const ACCESS_ALLOWED_ACE *>(header); // same layout for deny
  PSID sid = const_cast<DWORD *>(&ace->SidStart);
  std::string text = accountOfSid(sid).value_or(sidString(sid)) + ":";
  if (deny)
    text += "(DENY)";
  if (header->AceFlags & INHERITED_ACE)
    text += "(I)";
  if (header->AceFlags & OBJECT_INHERIT_ACE)
    text += "(OI)";
  if (header->AceFlags & CONTAINER_INHERIT_ACE)
    text += "(CI)";
  if (header->AceFlags & INHERIT_ONLY_ACE)
    text += "(IO)";
  if (header->AceFlags & NO_PROPAGATE_INHERIT_ACE)
    text += "(NP)";
  const std::string rights = icaclsRights(ace->Mask);
  return text + "(" + rights + ")";
}

void recordFolder(Output &out, const std::string &folder) {
  const std::filesystem::path path(wide(folder));
  std::string name = utf8(path.filename().wstring());
  if (name.empty()) // "C:\Acme\"
    name = utf8(path.parent_path().filename().wstring());
  const std::string icacls = "icacls-" + name + ".txt";
  PSECURITY_DESCRIPTOR sd = nullptr;
  PACL dacl = nullptr;
  const DWORD rc =
      GetNamedSecurityInfoW(wide(folder).c_str(), SE_FILE_OBJECT,
                            OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                            nullptr, nullptr, &dacl, nullptr, &sd);
  if (rc == ERROR_FILE_NOT_FOUND || rc == ERROR_PATH_NOT_FOUND) { // as icacls prints it: a fact
    out.writeText(icacls, folder + ": The system cannot find the file specified.\n"
                                   "Successfully processed 0 files; Failed processing 1 files\n");
    return;
  }
  if (rc != ERROR_SUCCESS) {
    out.missing("ACL of " + folder, winError(rc));
    return;
  }
  std::string text;
  const std::string indent(folder.size() + 1, ' ');
  for (DWORD i = 0; dacl && i < dacl->AceCount; ++i) {
    ACE_HEADER *header = nullptr;
    if (!GetAce(dacl, i, reinterpret_cast<void **>(&header)) ||
        (header->AceType != ACCESS_ALLOWED_ACE_TYPE && header->AceType != ACCESS_DENIED_ACE_TYPE))
      continue;
    text += (text.empty() ? folder + " " : indent) + aceText(header) + "\n";
  }
  out.writeText(icacls, text + "\nSuccessfully processed 1 files; Failed processing 0 files\n");
  // As `icacls FOLDER /save` writes it: the folder's last name, then its DACL in SDDL (UTF-16LE).
  wchar_t *sddl = nullptr;
  if (ConvertSecurityDescriptorToStringSecurityDescriptorW(sd, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &sddl,
                                                           nullptr)) {
    out.writeUtf16Text("sddl-" + name + ".txt", name + "\n" + utf8(sddl) + "\n");
    LocalFree(sddl);
  }
  LocalFree(sd);
}

} // namespace

void collectFolders(Output &out, const CollectOptions &options) {
  for (const std::string &folder : options.folders)
    recordFolder(out, folder);
}

} // namespace dd::collect
