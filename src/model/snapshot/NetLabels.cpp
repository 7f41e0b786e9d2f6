// What `net user`, `net user NAME`, `net localgroup` and `net localgroup NAME` print in words, in
// each language the readers have a source for. Everything else is read by its place: the header
// holds the computer after "\\", a dashed line opens the list, `net user NAME` prints its fields
// in a fixed order (see NetUser.h), group lines start with '*'.
//
// Sources: English from Microsoft's net user / net localgroup documentation and Windows' own
// output; the others from real output of localized Windows: Spanish (Windows Server 2012 R2,
// 2019, Windows 10), French (Windows 10), Russian (Windows 7, 11), Chinese (Windows 7, 10). On
// Russian and Chinese Windows the Yes/No values stay English.
#include "model/snapshot/Languages.h"
#include "model/snapshot/NetUser.h"

#include <array>

namespace dd::model::snapshot {

namespace {

constexpr std::string_view kNetDocs = "Microsoft Learn, Windows Commands: net user, net localgroup";
constexpr std::string_view kNetOutput = "net output of a localized Windows";

constexpr std::array<LabelText, 7> kTrailers{{
    {Language::English, "completed", "The command completed successfully.", kNetDocs},
    {Language::English, "completed with errors", "The command completed with one or more errors.", kNetDocs},
    {Language::Spanish, "completed", "Se ha completado el comando correctamente.", kNetOutput},
    {Language::French, "completed", "La commande s\u2019est terminée correctement.", kNetOutput},
    {Language::French, "completed", "La commande s'est terminée correctement.", kNetOutput},
    {Language::Russian, "completed", "Команда выполнена успешно.", kNetOutput},
    {Language::ChineseSimplified, "completed", "命令成功完成。", kNetOutput},
}};

// "Account active".
constexpr std::array<LabelText, 5> kActive{{
    {Language::English, "Yes", "Yes", kNetDocs},
    {Language::English, "No", "No", kNetDocs},
    {Language::English, "Locked", "Locked", kNetDocs},
    {Language::Spanish, "Yes", "Sí", kNetOutput},
    {Language::Spanish, "No", "No", kNetOutput},
}};

// The one entry of an empty group list ("*None").
constexpr std::array<LabelText, 3> kNone{{
    {Language::English, "None", "None", kNetDocs},
    {Language::Russian, "None", "Отсутствует", kNetOutput},
    {Language::Spanish, "None", "Ninguno", kNetOutput},
}};

} // namespace

std::span<const LabelText> netTrailers() { return kTrailers; }

bool isNetTrailer(std::string_view line) { return matchLabel(kTrailers, line) != nullptr; }

std::optional<std::string> netAccountActive(std::string_view value) {
  if (const LabelText *l = matchLabel(kActive, value))
    return std::string(l->key);
  return std::nullopt;
}

bool isNetNone(std::string_view name) { return matchLabel(kNone, name) != nullptr; }

} // namespace dd::model::snapshot
