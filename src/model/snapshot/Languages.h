// The UI languages of Windows whose command output the snapshot readers meet, the label tables
// each reader matches (one table per command, in <Command>Labels.cpp beside its reader, each
// entry with the source it was taken from), and the message for a file in a language a reader
// has no table for.
//
// The readers prefer what Windows never translates: sc's keys, wmic/PowerShell property names,
// SIDs, and the position of a field in a fixed-order listing (systeminfo, net user NAME). Labels
// are matched only where nothing else tells the fields apart.
#pragma once

#include "model/snapshot/TextLines.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dd::model::snapshot {

enum class Language {
  English,
  German,
  French,
  Spanish,
  Italian,
  Portuguese,
  Russian,
  ChineseSimplified,
  Japanese,
  Korean,
  Polish,
  Turkish,
  Czech,
  Dutch,
};

std::string_view languageName(Language language);

// One translated text: a label, a value or a trailer, with where it was taken from.
struct LabelText {
  Language language;
  std::string_view key;  // what it means, in the English the reader uses ("Yes", "Domain Profile")
  std::string_view text; // as Windows prints it in that language
  std::string_view source;
};

// The entry of `table` whose text `s` equals (ignoring ASCII case), or nullptr.
const LabelText *matchLabel(std::span<const LabelText> table, std::string_view s);
// The entry whose text `s` starts with (ignoring ASCII case), or nullptr.
const LabelText *matchLabelPrefix(std::span<const LabelText> table, std::string_view s);
// The key (English meaning) of the entry whose text `s` equals, or nullopt.
std::optional<std::string> matchKey(std::span<const LabelText> table, std::string_view s);
// The languages of `table`, for "reads English, French, ..." in messages.
std::string languagesOf(std::span<const LabelText> table);

// The language a line of text looks like: by its script (Cyrillic: Russian; Han without kana:
// Chinese; kana: Japanese; Hangul: Korean) or by letters and words only one of the Latin-script
// languages above uses. nullopt for plain English or no clue.
std::optional<Language> guessLanguage(std::string_view utf8Line);

// The first line of `text` that looks like a language other than English, with that language.
struct LanguageClue {
  Language language;
  size_t line = 0;
  std::string text;
};
std::optional<LanguageClue> findLanguageClue(const TextFile &text);

// `plain` (the reader's own error, at its line) with, when the file shows another language:
// "; the file looks like Polish output of `net user` (line 2: "Konta użytkowników dla \\PC"),
// and dcomdoctor reads `net user` in English, French, ...; <wayOut>".
Error languageError(const TextFile &text, std::string_view command, std::span<const LabelText> table,
                    std::string_view wayOut, Error plain);

} // namespace dd::model::snapshot
