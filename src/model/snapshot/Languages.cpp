// Language names, label lookup and the language guess of a line (see Languages.h).
#include "model/snapshot/Languages.h"

#include "model/snapshot/CodePages.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

namespace dd::model::snapshot {

std::string_view languageName(Language language) {
  switch (language) {
  case Language::English: return "English";
  case Language::German: return "German";
  case Language::French: return "French";
  case Language::Spanish: return "Spanish";
  case Language::Italian: return "Italian";
  case Language::Portuguese: return "Portuguese";
  case Language::Russian: return "Russian";
  case Language::ChineseSimplified: return "Chinese (Simplified)";
  case Language::Japanese: return "Japanese";
  case Language::Korean: return "Korean";
  case Language::Polish: return "Polish";
  case Language::Turkish: return "Turkish";
  case Language::Czech: return "Czech";
  case Language::Dutch: return "Dutch";
  }
  return "?";
}

const LabelText *matchLabel(std::span<const LabelText> table, std::string_view s) {
  s = trim(s);
  for (const LabelText &l : table)
    if (iequals(l.text, s))
      return &l;
  return nullptr;
}

const LabelText *matchLabelPrefix(std::span<const LabelText> table, std::string_view s) {
  s = trim(s);
  for (const LabelText &l : table)
    if (istartsWith(s, l.text))
      return &l;
  return nullptr;
}

std::optional<std::string> matchKey(std::span<const LabelText> table, std::string_view s) {
  if (const LabelText *l = matchLabel(table, s))
    return std::string(l->key);
  return std::nullopt;
}

std::string languagesOf(std::span<const LabelText> table) {
  std::vector<Language> seen;
  for (const LabelText &l : table)
    if (std::find(seen.begin(), seen.end(), l.language) == seen.end())
      seen.push_back(l.language);
  std::string out;
  for (Language l : seen)
    out += (out.empty() ? "" : ", ") + std::string(languageName(l));
  return out;
}

namespace {

struct LetterClue {
  uint32_t letter;
  Language language;
};

// Letters that, in Windows' own messages, only one of the languages above uses.
constexpr std::array<LetterClue, 26> kLetters{{
    {0x00DF, Language::German},     {0x00E4, Language::German},  {0x00FC, Language::German},
    {0x0131, Language::Turkish},    {0x015F, Language::Turkish}, {0x011F, Language::Turkish},
    {0x0130, Language::Turkish},    {0x0105, Language::Polish},  {0x0119, Language::Polish},
    {0x0142, Language::Polish},     {0x015B, Language::Polish},  {0x017C, Language::Polish},
    {0x017A, Language::Polish},     {0x0144, Language::Polish},  {0x0159, Language::Czech},
    {0x011B, Language::Czech},      {0x016F, Language::Czech},   {0x010D, Language::Czech},
    {0x00F1, Language::Spanish},    {0x00BF, Language::Spanish}, {0x00E3, Language::Portuguese},
    {0x00F5, Language::Portuguese}, {0x00E8, Language::French},  {0x00E7, Language::French},
    {0x00EA, Language::French},     {0x00F2, Language::Italian},
}};

// Whole words, for Latin-script lines without a telling letter.
struct WordClue {
  std::string_view word;
  Language language;
};
constexpr std::array<WordClue, 16> kWords{{
    {"der", Language::German},
    {"wurde", Language::German},
    {"les", Language::French},
    {"commande", Language::French},
    {"del", Language::Spanish},
    {"comando", Language::Spanish},
    {"utente", Language::Italian},
    {"della", Language::Italian},
    {"usuário", Language::Portuguese},
    {"êxito", Language::Portuguese},
    {"voor", Language::Dutch},
    {"het", Language::Dutch},
    {"opdracht", Language::Dutch},
    {"dla", Language::Polish},
    {"uživatel", Language::Czech},
    {"kullanıcı", Language::Turkish},
}};

} // namespace

std::optional<Language> guessLanguage(std::string_view line) {
  bool han = false, kana = false, hangul = false, cyrillic = false;
  std::optional<Language> byLetter;
  for (size_t i = 0; i < line.size();) {
    uint32_t cp = nextUtf8CodePoint(line, i);
    if (cp >= 0x400 && cp <= 0x4FF)
      cyrillic = true;
    else if (cp >= 0x3040 && cp <= 0x30FF)
      kana = true;
    else if (cp >= 0x4E00 && cp <= 0x9FFF)
      han = true;
    else if (cp >= 0xAC00 && cp <= 0xD7AF)
      hangul = true;
    for (const LetterClue &c : kLetters)
      if (!byLetter && (cp == c.letter || (cp < 0x100 && cp + 0x20 == c.letter)))
        byLetter = c.language;
  }
  if (kana)
    return Language::Japanese;
  if (hangul)
    return Language::Korean;
  if (han)
    return Language::ChineseSimplified;
  if (cyrillic)
    return Language::Russian;
  if (byLetter)
    return byLetter;
  for (const std::string &w : splitList(line, ' ')) {
    for (const WordClue &c : kWords)
      if (iequals(w, c.word))
        return c.language;
  }
  return std::nullopt;
}

std::optional<LanguageClue> findLanguageClue(const TextFile &text) {
  for (const TextLine &l : text.lines)
    if (auto lang = guessLanguage(l.text); lang && *lang != Language::English)
      return LanguageClue{*lang, l.number, std::string(trim(l.text))};
  return std::nullopt;
}

Error languageError(const TextFile &text, std::string_view command, std::span<const LabelText> table,
                    std::string_view wayOut, Error plain) {
  auto clue = findLanguageClue(text);
  if (!clue)
    return plain;
  plain.message = fmt::format("{}; the file looks like {} output of `{}` (line {}: \"{}\"), and dcomdoctor reads "
                              "`{}` in {}; {}",
                              plain.message, languageName(clue->language), command, clue->line, clue->text, command,
                              table.empty() ? std::string("English") : languagesOf(table), wayOut);
  return plain;
}

} // namespace dd::model::snapshot
