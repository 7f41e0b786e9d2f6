// auditpol's two CSV forms, read without depending on the system's language:
// - `auditpol /backup /file:auditpol-backup.csv` writes the advanced audit policy file of
//   [MS-GPAC] 2.2: "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,
//   Exclusion Setting,Setting Value", one line per subcategory. Setting Value is a number
//   (1 Success, 2 Failure, 3 Success and Failure, 0 or 4 none; [MS-GPAC] 2.2.1.3.1), and the
//   Inclusion Setting words are "for user readability only".
// - `auditpol /get /category:* /r` writes the first six of those columns; its header, the
//   subcategory names and the Inclusion Setting are in the system's language.
// Columns are taken by place and subcategories by their GUID (Ntsecapi.h's Audit_* constants),
// so only /r's setting words need a table (AuditpolLabels.cpp, the same as auditpol.txt's).
// Lines without a subcategory GUID (the backup's "Option:" and global object access lines) are
// skipped.
#pragma once

#include "model/snapshot/Auditpol.h"

namespace dd::model::snapshot {

// The English category and subcategory a GUID names ("{0CCE9215-69AE-11D9-BED3-505054503030}"
// -> Logon/Logoff, Logon), for the subcategories dcomdoctor reads; nullptr for the others.
struct AuditSubcategoryId {
  std::string_view guid, category, name;
};
const AuditSubcategoryId *auditSubcategoryById(std::string_view guid);

// Errors (file:line): no header; a line whose GUID column is not a GUID; a Setting Value other
// than 0-4; in /r form, a setting word no table has (the message names the language the file
// looks like); no subcategory line.
Result<AuditPolicy> parseAuditpolCsv(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
