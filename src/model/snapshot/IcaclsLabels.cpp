// Well-known principals as a localized Windows names them in icacls output, and their English
// names (the SIDs are the same: S-1-1-0 Everyone, S-1-5-18 SYSTEM, S-1-5-32-544 Administrators).
// Chinese, like English, prints them untranslated ("BUILTIN\Administrators" on a Chinese Windows).
//
// Source: icacls output of Russian Windows 11 and of a Russian Windows of the Windows 7 era
// ("система" in lower case). Other languages: not yet seen; an untranslated name is kept as
// printed, and `icacls DIR /save FILE` (collect.cmd records it) gives the SIDs instead.
#include "model/snapshot/Icacls.h"
#include "model/snapshot/Languages.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kIcaclsOutput = "icacls output of a localized Windows";

constexpr std::array<LabelText, 4> kPrincipals{{
    {Language::Russian, "Everyone", "Все", kIcaclsOutput},
    {Language::Russian, "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\СИСТЕМА", kIcaclsOutput},
    {Language::Russian, "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\система", kIcaclsOutput},
    {Language::Russian, "BUILTIN\\Administrators", "BUILTIN\\Администраторы", kIcaclsOutput},
}};

} // namespace

std::string_view englishPrincipal(std::string_view printed) {
  for (const LabelText &l : kPrincipals)
    if (l.text == printed)
      return l.key;
  return {};
}

} // namespace dd::model::snapshot
