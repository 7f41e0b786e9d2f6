// Who may read and run the programs in a folder, from its ACL as SIDs (`icacls FOLDER /save`,
// sddl-<folder>.txt): the same rule as the icacls listing (an allow ACE on the folder itself,
// not inherit-only, with read data and execute; principals denied either removed), but with
// nothing translated, so a German "VORDEFINIERT\Benutzer" or a Polish "ZARZĄDZANIE NT\SYSTEM"
// needs no table.
#pragma once

#include "model/Plant.h"
#include "winsec/SecurityDescriptor.h"

#include <string>
#include <vector>

namespace dd::model::snapshot {

// The rule both readers of a folder's ACL apply (the icacls listing and its SDDL), ACE by ACE:
// an allow ACE on the folder itself (not inherit-only) with read data and execute makes its
// principal a reader; a deny ACE on the folder with either takes it out, wherever it stands.
class FolderReaders {
public:
  void add(bool deny, bool inheritOnly, uint32_t mask, std::string principal);
  std::vector<std::string> result() const;

private:
  std::vector<std::string> readers_, denied_;
};

// The name the model gives a SID of a folder's ACL: a well-known one as Windows shows it in
// English without BUILTIN\ or NT AUTHORITY\ ("Users", "SYSTEM", "Everyone"), a local account or
// group of `host` by its name, anything else as the SID string (which the simulator reads too).
std::string aclPrincipalName(const winsec::Sid &sid, const Host &host);

// The principals the DACL lets read and execute the folder itself, named by aclPrincipalName.
// A descriptor without a DACL grants everyone (Windows' NULL DACL): {"Everyone"}.
std::vector<std::string> folderReaders(const winsec::SecurityDescriptor &sd, const Host &host);

} // namespace dd::model::snapshot
