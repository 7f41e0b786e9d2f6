// Well-known principals as a localized Windows names them in icacls output, and their English
// names (the SIDs are the same: S-1-1-0 Everyone, S-1-5-18 SYSTEM, S-1-5-32-544 Administrators).
// Chinese, like English, prints them untranslated ("BUILTIN\Administrators" on a Chinese Windows).
//
// Sources: icacls output of Russian Windows 11 and of a Russian Windows of the Windows 7 era
// ("система" in lower case); Spanish from `icacls 'C:\Important Documents'` on a Spanish Windows
// (a public writeup of the HTB machine Mailing, text id 48456893051); Portuguese (Brazil) from
// `icacls "arquivo 2.txt"` quoted in Brazilian command notes (text id 2400582992) and from
// `whoami /groups` of a Portuguese (Brazil) Windows, which prints each name beside its SID
// (Todos S-1-1-0, BUILTIN\Usuários S-1-5-32-545, AUTORIDADE NT\INTERATIVO S-1-5-4, AUTORIDADE
// NT\Usuários autenticados S-1-5-11; text id 60360714748). From developers' notes written for a
// localized Windows: Polish ZARZĄDZANIE NT\SYSTEM (installer and service notes for Polish
// Windows, text ids 71097031647 and 37307286697), Turkish BUILTIN\Yöneticiler (a comment naming
// it as S-1-5-32-544 on tr-TR, text id 57550695419), Dutch Iedereen (an `icacls /grant` for a
// Dutch Windows, text id 37218360413), and NETWORK SERVICE in Dutch, Italian, Polish and
// Portuguese (a SQL Server script's list of its localized names, text id 18475145218). Other
// languages and names: not found; a name in no table is kept as printed, and `icacls DIR /save
// FILE` (collect.cmd records it) gives the SIDs instead.
#include "model/snapshot/Icacls.h"
#include "model/snapshot/Languages.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kIcaclsOutput = "icacls output of a localized Windows";

constexpr std::string_view kIcaclsSpanish = "icacls on a Spanish Windows (HTB Mailing writeup, text id 48456893051)";
constexpr std::string_view kIcaclsBrazilSids = "whoami /groups of a Portuguese (Brazil) Windows (text id 60360714748)";
constexpr std::string_view kIcaclsPolishNotes = "notes for Polish Windows (text ids 71097031647, 37307286697)";
constexpr std::string_view kIcaclsTurkishNote = "comment on tr-TR Windows naming S-1-5-32-544 (text id 57550695419)";
constexpr std::string_view kIcaclsDutchNote = "icacls /grant for a Dutch Windows (text id 37218360413)";
constexpr std::string_view kIcaclsServiceNames =
    "SQL Server script's localized NETWORK SERVICE names (text id 18475145218)";
constexpr std::string_view kIcaclsBrazil = "icacls in Brazilian command notes (text id 2400582992)";

constexpr std::array<LabelText, 21> kIcaclsPrincipals{{
    {Language::Russian, "Everyone", "Все", kIcaclsOutput},
    {Language::Russian, "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\СИСТЕМА", kIcaclsOutput},
    {Language::Russian, "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\система", kIcaclsOutput},
    {Language::Russian, "BUILTIN\\Administrators", "BUILTIN\\Администраторы", kIcaclsOutput},
    {Language::Spanish, "BUILTIN\\Administrators", "BUILTIN\\Administradores", kIcaclsSpanish},
    {Language::Spanish, "BUILTIN\\Users", "BUILTIN\\Usuarios", kIcaclsSpanish},
    {Language::Spanish, "NT AUTHORITY\\Authenticated Users", "NT AUTHORITY\\Usuarios autentificados", kIcaclsSpanish},
    {Language::Portuguese, "NT AUTHORITY\\SYSTEM", "AUTORIDADE NT\\SISTEMA", kIcaclsBrazil},
    {Language::Portuguese, "BUILTIN\\Administrators", "BUILTIN\\Administradores", kIcaclsBrazil},
    {Language::Portuguese, "Everyone", "Todos", kIcaclsBrazilSids},
    {Language::Portuguese, "BUILTIN\\Users", "BUILTIN\\Usuários", kIcaclsBrazilSids},
    {Language::Portuguese, "NT AUTHORITY\\INTERACTIVE", "AUTORIDADE NT\\INTERATIVO", kIcaclsBrazilSids},
    {Language::Portuguese, "NT AUTHORITY\\Authenticated Users", "AUTORIDADE NT\\Usuários autenticados",
     kIcaclsBrazilSids},
    {Language::Polish, "NT AUTHORITY\\SYSTEM", "ZARZĄDZANIE NT\\SYSTEM", kIcaclsPolishNotes},
    {Language::Turkish, "BUILTIN\\Administrators", "BUILTIN\\Yöneticiler", kIcaclsTurkishNote},
    {Language::Dutch, "Everyone", "Iedereen", kIcaclsDutchNote},
    {Language::Dutch, "NT AUTHORITY\\NETWORK SERVICE", "NT AUTHORITY\\Netwerkservice", kIcaclsServiceNames},
    {Language::Italian, "NT AUTHORITY\\NETWORK SERVICE", "NT AUTHORITY\\SERVIZIO DI RETE", kIcaclsServiceNames},
    {Language::Polish, "NT AUTHORITY\\NETWORK SERVICE", "ZARZĄDZANIE NT\\USŁUGA SIECIOWA", kIcaclsServiceNames},
    {Language::Portuguese, "NT AUTHORITY\\NETWORK SERVICE", "NT AUTHORITY\\Serviço de rede", kIcaclsServiceNames},
    {Language::Portuguese, "NT AUTHORITY\\NETWORK SERVICE", "AUTORIDADE NT\\NETWORK SERVICE", kIcaclsServiceNames},
}};

} // namespace

bool startsWithTranslatedPrincipal(std::string_view s) {
  for (const LabelText &l : kIcaclsPrincipals)
    if (s.substr(0, l.text.size()) == l.text)
      return true;
  return false;
}

std::string_view englishPrincipal(std::string_view printed) {
  for (const LabelText &l : kIcaclsPrincipals)
    if (l.text == printed)
      return l.key;
  return {};
}

} // namespace dd::model::snapshot
