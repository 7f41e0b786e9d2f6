// A folder's readers from its saved ACL (see FolderAcl.h).
#include "model/snapshot/FolderAcl.h"

#include "model/snapshot/Icacls.h"
#include "support/Text.h"
#include "winsec/Sddl.h"

#include <algorithm>

namespace dd::model::snapshot {

namespace {

bool listed(const std::vector<std::string> &names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const std::string &n) { return iequals(n, name); });
}

} // namespace

std::string aclPrincipalName(const winsec::Sid &sid, const Host &host) {
  std::string shown = winsec::displayName(sid);
  if (shown != sid.str()) {
    for (std::string_view prefix : {"BUILTIN\\", "NT AUTHORITY\\"})
      if (istartsWith(shown, prefix))
        return shown.substr(prefix.size());
    return shown;
  }
  for (const Group &g : host.groups)
    if (g.sid == sid)
      return g.name;
  if (sid.isInDomain(host.machineSid.value))
    for (const Account &a : host.users)
      if (a.sidKnown && a.rid == sid.rid())
        return a.name;
  return sid.str();
}

std::vector<std::string> folderReaders(const winsec::SecurityDescriptor &sd, const Host &host) {
  if (!sd.dacl)
    return {"Everyone"};
  constexpr uint32_t kReadExecute = filerights::ReadData | filerights::Execute;
  std::vector<std::string> readers, denied;
  for (const winsec::Ace &ace : sd.dacl->aces) {
    if ((ace.flags & winsec::aceflags::InheritOnly) != 0)
      continue; // applies to what the folder holds, not to the folder
    std::string name = aclPrincipalName(ace.sid, host);
    if (ace.isDeny() && (ace.mask & kReadExecute) != 0)
      denied.push_back(std::move(name));
    else if (ace.isAllow() && (ace.mask & kReadExecute) == kReadExecute && !listed(readers, name))
      readers.push_back(std::move(name));
  }
  std::erase_if(readers, [&](const std::string &r) { return listed(denied, r); });
  return readers;
}

} // namespace dd::model::snapshot
