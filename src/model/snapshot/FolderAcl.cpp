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

void FolderReaders::add(bool deny, bool inheritOnly, uint32_t mask, std::string principal) {
  constexpr uint32_t kReadExecute = filerights::ReadData | filerights::Execute;
  if (inheritOnly)
    return; // applies to what the folder holds, not to the folder
  if (deny && (mask & kReadExecute) != 0)
    denied_.push_back(std::move(principal));
  else if (!deny && (mask & kReadExecute) == kReadExecute && !listed(readers_, principal))
    readers_.push_back(std::move(principal));
}

std::vector<std::string> FolderReaders::result() const {
  std::vector<std::string> out = readers_;
  std::erase_if(out, [&](const std::string &r) { return listed(denied_, r); });
  return out;
}

std::vector<std::string> folderReaders(const winsec::SecurityDescriptor &sd, const Host &host) {
  if (!sd.dacl)
    return {"Everyone"};
  FolderReaders readers;
  for (const winsec::Ace &ace : sd.dacl->aces)
    if (ace.isAllow() || ace.isDeny())
      readers.add(ace.isDeny(), (ace.flags & winsec::aceflags::InheritOnly) != 0, ace.mask,
                  aclPrincipalName(ace.sid, host));
  return readers.result();
}

} // namespace dd::model::snapshot
