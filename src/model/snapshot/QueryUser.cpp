// Reader of `query user` output (see QueryUser.h): columns are found from the header.
#include "model/snapshot/QueryUser.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

const UserSession *QueryUser::consoleUser() const {
  for (const auto &s : sessions)
    if (iequals(s.sessionName, "console") && iequals(s.state, "Active"))
      return &s;
  return nullptr;
}

Result<QueryUser> parseQueryUser(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  QueryUser q;
  q.source = source;
  size_t sessionCol = 0, idCol = 0, stateCol = 0, idleCol = 0;
  bool header = false;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    if (!header) {
      if (istartsWith(t, "No User exists for"))
        return q;
      if (!istartsWith(t, "USERNAME"))
        return Error::atLine(source, l.number,
                             fmt::format("expected the \"USERNAME  SESSIONNAME  ID  STATE\" header, found \"{}\"", t));
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
    if (s.user.empty() || s.state.empty())
      return Error::atLine(source, l.number, fmt::format("session line without a user or state: \"{}\"", t));
    q.sessions.push_back(std::move(s));
  }
  if (!header)
    return Error::atLine(source, lastLine, "empty: expected `query user` output");
  return q;
}

} // namespace dd::model::snapshot
