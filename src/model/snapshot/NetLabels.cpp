// What `net user`, `net user NAME`, `net localgroup` and `net localgroup NAME` print in words, in
// each language the readers have a source for. Everything else is read by its place: the header
// holds the computer after "\\", a dashed line opens the list, `net user NAME` prints its fields
// in a fixed order (see NetUser.h), group lines start with '*'.
//
// Sources, each entry naming its own (public material is cited by its GitHub file text id where
// it has no stable address):
// - English: Microsoft's net user / net localgroup documentation and Windows' own output.
// - Spanish (Windows Server 2012 R2, 2019, Windows 10), French (Windows 10), Russian (Windows 7,
//   11), Chinese (Windows 7, 10): real output of localized Windows. On Russian and Chinese
//   Windows the Yes/No values stay English.
// - Italian: `net user NAME /domain` of an Italian domain member (public notes, text id
//   44358299344): "Account attivo  Sì", trailer "Esecuzione comando riuscita." (the same trailer
//   after `net use` in an Italian Windows 10 session, text id 1406023510).
// - Korean: `net user`, `net localgroup` and `net localgroup administrators` of a Korean Windows
//   10 (public notes, text id 6713022543) for the trailer; "활성 계정" ... "예" (Account active
//   Yes) as a Korean security-check script matches it (text id 16024214572).
// - Japanese: the trailer after `net use` on a Japanese Windows 11 (text id 61393253830).
// - Portuguese (Brazil): `net user /domain` of a Portuguese (Brazil) domain member (text id
//   6997535837); `net user`, `net user NAME` ("Conta ativa  Sim", "Senha requerida  Não") and
//   `net localgroup Administradores` of a Portuguese (Brazil) Windows (text id 60360714748).
// - Czech: the trailer of a real `net view` on a Czech Windows quoted in a project's tests (text
//   id 55515215000); Polish: of a Polish `net view` quoted in a project's tests (text id
//   63494262380); Turkish: `net user NAME` on Turkish Windows ("Hesap etkin  Evet", "Parola
//   gerekli  Hayır", the trailer; public notes, text ids 24275281220 and 24317977335), also the
//   trailer a Turkish security-check tool looks for (text id 68759679413). Microsoft's .NET documentation in those
//   languages
//   ("Replace the WCF URL reservation with a restricted reservation") quotes the same sentences,
//   but its pages are machine-translated (ms.translationtype: MT) and are not a source on their
//   own: the Italian and Portuguese pages give sentences Windows does not print.
// Not found in Microsoft material or a real capture, so not listed: Dutch and Portuguese
// (Portugal) words; "Account active" Yes/No in Japanese, Polish, Czech; the
// "None" of an empty group list beyond English, Russian and Spanish. A trailer in no table is
// still taken as the last sentence of the listing, with a note.
#include "model/snapshot/Languages.h"
#include "model/snapshot/NetUser.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kNetDocs = "Microsoft Learn, Windows Commands: net user, net localgroup";
constexpr std::string_view kNetOutput = "net output of a localized Windows";

constexpr std::string_view kNetItalian = "net user NAME of an Italian domain member (text id 44358299344)";
constexpr std::string_view kNetKorean = "net user / net localgroup of a Korean Windows 10 (text id 6713022543)";
constexpr std::string_view kNetJapanese = "net use on a Japanese Windows 11 (text id 61393253830)";
constexpr std::string_view kNetBrazilUser = "net user NAME of a Portuguese (Brazil) Windows (text id 60360714748)";
constexpr std::string_view kNetBrazil = "net user /domain of a Portuguese (Brazil) domain member (text id 6997535837)";
constexpr std::string_view kNetPolish = "Polish net view output in a project's tests (text id 63494262380)";
constexpr std::string_view kNetCzech = "Czech net view output in a project's tests (text id 55515215000)";
constexpr std::string_view kNetTurkish = "net user NAME on Turkish Windows (text ids 24275281220, 24317977335)";

constexpr std::array<LabelText, 14> kNetTrailers{{
    {Language::English, "completed", "The command completed successfully.", kNetDocs},
    {Language::English, "completed with errors", "The command completed with one or more errors.", kNetDocs},
    {Language::Spanish, "completed", "Se ha completado el comando correctamente.", kNetOutput},
    {Language::French, "completed", "La commande s\u2019est terminée correctement.", kNetOutput},
    {Language::French, "completed", "La commande s'est terminée correctement.", kNetOutput},
    {Language::Russian, "completed", "Команда выполнена успешно.", kNetOutput},
    {Language::ChineseSimplified, "completed", "命令成功完成。", kNetOutput},
    {Language::Italian, "completed", "Esecuzione comando riuscita.", kNetItalian},
    {Language::Korean, "completed", "명령을 잘 실행했습니다.", kNetKorean},
    {Language::Japanese, "completed", "コマンドは正常に終了しました。", kNetJapanese},
    {Language::Portuguese, "completed", "Comando concluído com êxito.", kNetBrazil},
    {Language::Polish, "completed", "Polecenie zostało wykonane pomyślnie.", kNetPolish},
    {Language::Czech, "completed", "Příkaz byl úspěšně dokončen.", kNetCzech},
    {Language::Turkish, "completed", "Komut başarıyla tamamlandı.", kNetTurkish},
}};

// "Account active".
// Russian and Chinese Windows print the English words (listed so that messages name them).
constexpr std::array<LabelText, 15> kNetActive{{
    {Language::English, "Yes", "Yes", kNetDocs},
    {Language::English, "No", "No", kNetDocs},
    {Language::English, "Locked", "Locked", kNetDocs},
    {Language::Spanish, "Yes", "Sí", kNetOutput},
    {Language::Spanish, "No", "No", kNetOutput},
    {Language::Russian, "Yes", "Yes", kNetOutput},
    {Language::Russian, "No", "No", kNetOutput},
    {Language::ChineseSimplified, "Yes", "Yes", kNetOutput},
    {Language::ChineseSimplified, "No", "No", kNetOutput},
    {Language::Italian, "Yes", "Sì", kNetItalian},
    {Language::Korean, "Yes", "예", "Korean security-check script reading net user (text id 16024214572)"},
    {Language::Portuguese, "Yes", "Sim", kNetBrazilUser},
    {Language::Portuguese, "No", "Não", kNetBrazilUser},
    {Language::Turkish, "Yes", "Evet", kNetTurkish},
    {Language::Turkish, "No", "Hayır", kNetTurkish},
}};

// The one entry of an empty group list ("*None").
constexpr std::array<LabelText, 3> kNetNone{{
    {Language::English, "None", "None", kNetDocs},
    {Language::Russian, "None", "Отсутствует", kNetOutput},
    {Language::Spanish, "None", "Ninguno", kNetOutput},
}};

} // namespace

std::span<const LabelText> netTrailers() { return kNetTrailers; }

bool isNetTrailer(std::string_view line) { return matchLabel(kNetTrailers, line) != nullptr; }

std::optional<std::string> netAccountActive(std::string_view value) { return matchKey(kNetActive, value); }

std::span<const LabelText> netAccountActiveTable() { return kNetActive; }

bool isNetNone(std::string_view name) { return matchLabel(kNetNone, name) != nullptr; }

} // namespace dd::model::snapshot
