// Reader of `query user` output (see QueryUser.h): columns are found from the header.
#include "model/snapshot/QueryUser.h"

#include "model/snapshot/Languages.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace dd::model::snapshot {

const UserSession *QueryUser::consoleUser() const {
  for (const auto &s : sessions)
    if (iequals(s.sessionName, "console") && s.active)
      return &s;
  return nullptr;
}

namespace {

// STATE "Active" in each language with a source (English: Microsoft's query user page; Chinese:
// query user output of a Chinese Windows 7; German: real `query user` output of German Windows
// 11 hosts in a public README, text id 41595633631). A session that keeps the name "console" is
// connected to the console, so a console session whose state no table knows is taken as active
// too.
constexpr std::array<LabelText, 3> kActive{{
    {Language::English, "Active", "Active", "Microsoft Learn, Windows Commands: query user"},
    {Language::ChineseSimplified, "Active", "运行中", "query user output of a localized Windows"},
    {Language::German, "Active", "Aktiv", "query user output of German Windows (text id 41595633631)"},
}};

bool isNumber(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A session line of a translated header, whose columns do not line up in characters (CJK labels
// are two cells wide): by its words, around the untranslated numeric ID.
std::optional<UserSession> sessionByWords(std::string_view t) {
  std::vector<std::string> words = splitList(t, ' ');
  size_t id = 1;
  while (id < words.size() && !isNumber(words[id]))
    ++id;
  if (id + 1 >= words.size())
    return std::nullopt;
  UserSession s;
  s.user = words[0];
  for (size_t i = 1; i + 1 < id; ++i)
    s.user += " " + words[i];
  if (id >= 2)
    s.sessionName = words[id - 1];
  if (id == 1 || (id > 2 && s.sessionName != "console" && s.sessionName.find('#') == std::string::npos)) {
    if (id >= 2)
      s.user += " " + s.sessionName;
    s.sessionName.clear();
  }
  if (!s.user.empty() && s.user.front() == '>')
    s.user.erase(0, 1);
  s.state = words[id + 1];
  return s;
}

} // namespace

Result<QueryUser> parseQueryUser(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  QueryUser q;
  q.source = source;
  size_t sessionCol = 0, idCol = 0, stateCol = 0, idleCol = 0;
  bool header = false, byWords = false;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    if (!header) {
      if (istartsWith(t, "No User exists for"))
        return q;
      if (!istartsWith(t, "USERNAME")) {
        auto words = splitList(t, ' ');
        if (words.size() >= 4 && std::find(words.begin(), words.end(), "ID") != words.end()) {
          header = byWords = true; // a translated header: "用户名  会话名  ID  状态 ..."
          continue;
        }
        return languageError(
            *text, "query user", kActive, "or state the console user in the plant file (console_user)",
            Error::atLine(source, l.number,
                          fmt::format("expected the \"USERNAME  SESSIONNAME  ID  STATE\" header, found \"{}\"", t)));
      }
      std::string_view h = l.text;
      sessionCol = h.find("SESSIONNAME");
      idCol = h.find(" ID ");
      stateCol = h.find("STATE");
      idleCol = h.find("IDLE TIME");
      if (sessionCol == std::string_view::npos || idCol == std::string_view::npos ||
          stateCol == std::string_view::npos || idleCol == std::string_view::npos || stateCol > idleCol)
        return Error::atLine(source, l.number, "header lacks SESSIONNAME, ID, STATE or IDLE TIME");
      header = true;
      continue;
    }
    if (byWords) {
      auto s = sessionByWords(t);
      if (!s)
        return Error::atLine(source, l.number, fmt::format("session line without a user, ID or state: \"{}\"", t));
      s->line = l.number;
      s->active = matchLabel(kActive, s->state) != nullptr || iequals(s->sessionName, "console");
      q.sessions.push_back(std::move(*s));
      continue;
    }
    std::string_view line = l.text;
    auto column = [&](size_t from, size_t to) {
      if (from >= line.size())
        return std::string_view{};
      return trim(line.substr(from, to - from));
    };
    UserSession s;
    std::string_view user = column(0, sessionCol);
    if (!user.empty() && user.front() == '>')
      user.remove_prefix(1);
    s.user = std::string(trim(user));
    s.sessionName = std::string(column(sessionCol, idCol + 1));
    // ID is right-aligned under " ID"; STATE starts at its column.
    std::string_view stateAndMore = column(stateCol, idleCol);
    s.state = std::string(stateAndMore);
    s.line = l.number;
    s.active = matchLabel(kActive, s.state) != nullptr;
    if (s.user.empty() || s.state.empty())
      return Error::atLine(source, l.number, fmt::format("session line without a user or state: \"{}\"", t));
    q.sessions.push_back(std::move(s));
  }
  if (!header)
    return Error::atLine(source, lastLine, "empty: expected `query user` output");
  return q;
}

} // namespace dd::model::snapshot
