// What `icacls FOLDER /save FILE` writes (collect.cmd: sddl-<folder>.txt): UTF-16LE, for each
// object a line with its name and a line with its security descriptor in SDDL
// ("D:PAI(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)"). Nothing in it is translated: principals are
// SIDs, rights are masks or SDDL letters, so it reads the same from every language of Windows.
// Format: Microsoft's icacls documentation (/save, /restore).
#pragma once

#include "model/snapshot/TextLines.h"
#include "support/Result.h"
#include "winsec/SecurityDescriptor.h"

#include <span>
#include <string>
#include <vector>

namespace dd::model::snapshot {

struct SavedAcl {
  std::string name; // "Acme" (the object as icacls named it)
  winsec::SecurityDescriptor descriptor;
  std::string sddl; // as written
  size_t line = 0;  // the SDDL line
};

struct IcaclsSave {
  std::string source;
  std::vector<SavedAcl> entries;
};

// Errors (file:line): a name without an SDDL line after it; an SDDL line that does not parse.
Result<IcaclsSave> parseIcaclsSave(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
