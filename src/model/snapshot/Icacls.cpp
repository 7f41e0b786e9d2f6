// Reader of `icacls PATH` output (see Icacls.h). Our own reader: icacls prints for people; the
// only subtle part is where the path ends on the first line, since both the path and the
// principal may contain spaces. The further ACE lines are indented exactly to the first ACE's
// column, so that column separates them; with a single ACE we look for the principal's start.
#include "model/snapshot/Icacls.h"

#include "model/snapshot/Languages.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace dd::model::snapshot {

namespace {

struct RightName {
  std::string_view name;
  uint32_t mask;
};

constexpr std::array<RightName, 7> kSimple{{{"F", filerights::Full},
                                            {"M", filerights::Modify},
                                            {"RX", filerights::ReadExecute},
                                            {"R", filerights::Read},
                                            {"W", filerights::Write},
                                            {"D", 0x10000},
                                            {"N", 0}}};
// Inside a list icacls prints DELETE as "D" (its help says DE) and READ_CONTROL as "Rc" (RC).
constexpr std::array<RightName, 21> kSpecific{
    {{"RD", 0x1},       {"WD", 0x2},       {"AD", 0x4},         {"REA", 0x8},       {"WEA", 0x10},
     {"X", 0x20},       {"DC", 0x40},      {"RA", 0x80},        {"WA", 0x100},      {"DE", 0x10000},
     {"D", 0x10000},    {"RC", 0x20000},   {"WDAC", 0x40000},   {"WO", 0x80000},    {"S", 0x100000},
     {"AS", 0x1000000}, {"MA", 0x2000000}, {"GR", 0x80000000u}, {"GW", 0x40000000}, {"GE", 0x20000000},
     {"GA", 0x10000000}}};

std::optional<uint32_t> lookup(std::string_view token, bool simple) {
  if (simple) {
    for (const auto &r : kSimple)
      if (r.name == token)
        return r.mask;
  } else {
    for (const auto &r : kSpecific)
      if (iequals(r.name, token))
        return r.mask;
    for (const auto &r : kSimple) // "(R,W)": simple rights inside a list
      if (r.name == token && r.name != "N")
        return r.mask;
  }
  return std::nullopt;
}

bool isFlag(std::string_view t) { return t == "OI" || t == "CI" || t == "IO" || t == "NP" || t == "I"; }

// "BUILTIN\Users:(OI)(CI)(RX)" -> IcaclsAce.
Result<IcaclsAce> parseAce(std::string_view text, const std::string &source, size_t line) {
  IcaclsAce ace;
  ace.text = std::string(text);
  ace.line = line;
  size_t sep = text.rfind(":(");
  if (sep == std::string_view::npos || sep == 0)
    return Error::atLine(source, line, fmt::format("ACE \"{}\": expected PRINCIPAL:(rights)", text));
  ace.principal = std::string(trim(text.substr(0, sep)));
  if (std::string_view english = englishPrincipal(ace.principal); !english.empty()) {
    ace.printedPrincipal = ace.principal;
    ace.principal = std::string(english);
  }
  std::string_view rest = text.substr(sep + 1);
  bool haveRights = false;
  while (!rest.empty()) {
    if (rest.front() != '(')
      return Error::atLine(source, line, fmt::format("ACE \"{}\": expected '(' at \"{}\"", text, rest));
    size_t close = rest.find(')');
    if (close == std::string_view::npos)
      return Error::atLine(source, line, fmt::format("ACE \"{}\": unbalanced parenthesis", text));
    std::string_view token = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    if (isFlag(token)) {
      ace.flags.emplace_back(token);
      if (token == "I")
        ace.inherited = true;
      if (token == "IO")
        ace.inheritOnly = true;
      continue;
    }
    if (token == "DENY") {
      ace.deny = true;
      continue;
    }
    if (token.find(',') != std::string_view::npos || !lookup(token, true)) {
      // A specific-rights list "RD,X,RA" (or one specific right), or a raw mask "0x1200a9".
      for (const std::string &r : splitList(token, ',')) {
        if (r.size() > 2 && r[0] == '0' && (r[1] == 'x' || r[1] == 'X')) {
          uint32_t v = 0;
          auto [ptr, ec] = std::from_chars(r.data() + 2, r.data() + r.size(), v, 16);
          if (ec != std::errc() || ptr != r.data() + r.size())
            return Error::atLine(source, line, fmt::format("ACE \"{}\": bad mask \"{}\"", text, r));
          ace.mask |= v;
        } else if (auto m = lookup(r, false)) {
          ace.mask |= *m;
        } else {
          return Error::atLine(source, line,
                               fmt::format("ACE \"{}\": unknown right \"{}\" (expected F, M, RX, R, W, D, N "
                                           "or specific rights such as RD,X,RA)",
                                           text, r));
        }
        ace.rights.push_back(r);
      }
    } else {
      ace.mask |= *lookup(token, true);
      ace.rights.emplace_back(token);
    }
    haveRights = true;
  }
  if (!haveRights)
    return Error::atLine(source, line, fmt::format("ACE \"{}\": no rights", text));
  return ace;
}

bool knownPrincipalStart(std::string_view s) {
  for (std::string_view p : {"NT AUTHORITY\\", "BUILTIN\\", "NT SERVICE\\", "APPLICATION PACKAGE AUTHORITY\\",
                             "Everyone:", "CREATOR OWNER:", "CREATOR GROUP:", "S-1-", "Mandatory Label\\"})
    if (istartsWith(s, p))
      return true;
  return startsWithTranslatedPrincipal(s);
}

// Where the first ACE starts on a path line: at `column` when the next line told us, else at the
// last space before a well-known principal, else at the last space.
size_t firstAceStart(std::string_view line, size_t column) {
  if (column > 0 && column < line.size() && line[column - 1] == ' ')
    return column;
  size_t sep = line.rfind(":(");
  if (sep == std::string_view::npos)
    return std::string_view::npos;
  std::string_view head = line.substr(0, sep);
  for (size_t i = head.size(); i-- > 0;)
    if (head[i] == ' ' && knownPrincipalStart(line.substr(i + 1)))
      return i + 1;
  size_t space = head.rfind(' ');
  return space == std::string_view::npos ? std::string_view::npos : space + 1;
}

// "Successfully processed 1 files; Failed processing 0 files", "已成功处理 1 个文件; 处理 0 个文件时失败",
// "Успешно обработано 1 файлов; не удалось обработать 0 файлов": in every language the trailer is
// a line with a ';' and two numbers, processed first.
bool parseTrailer(std::string_view t, size_t &processed, size_t &failed) {
  if (t.find(":(") != std::string_view::npos || t.find(';') == std::string_view::npos)
    return false;
  size_t numbers[2];
  size_t found = 0;
  for (size_t i = 0; i < t.size() && found < 3;) {
    if (t[i] < '0' || t[i] > '9') {
      ++i;
      continue;
    }
    size_t v = 0;
    auto [ptr, ec] = std::from_chars(t.data() + i, t.data() + t.size(), v);
    if (ec != std::errc())
      return false;
    if (found < 2)
      numbers[found] = v;
    ++found;
    i = static_cast<size_t>(ptr - t.data());
  }
  if (found != 2)
    return false;
  processed = numbers[0];
  failed = numbers[1];
  return true;
}

} // namespace

Result<IcaclsOutput> parseIcacls(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  IcaclsOutput out;
  out.source = source;
  bool trailer = false;
  const auto &lines = text->lines;
  size_t lastLine = 1;
  for (size_t i = 0; i < lines.size(); ++i) {
    const TextLine &l = lines[i];
    lastLine = l.number;
    std::string_view t = l.text;
    if (trim(t).empty())
      continue;
    auto fail = [&](std::string m) { return Error::atLine(source, l.number, std::move(m)); };
    if (trailer) { // a prompt or text pasted after the output
      out.notes.push_back({l.number, fmt::format("text after the trailer ignored: \"{}\"", trim(t))});
      continue;
    }
    if (parseTrailer(trim(t), out.processed, out.failed)) {
      trailer = true;
      continue;
    }
    if (indentOf(t) > 0) {
      if (out.entries.empty() || out.entries.back().error)
        return fail(fmt::format("indented ACE line before any path: \"{}\"", trim(t)));
      auto ace = parseAce(trim(t), source, l.number);
      if (!ace)
        return ace.error();
      out.entries.back().aces.push_back(std::move(*ace));
      continue;
    }
    // A path line: "PATH ACE" or "PATH: error message".
    size_t column = 0;
    if (i + 1 < lines.size() && indentOf(lines[i + 1].text) > 0)
      column = indentOf(lines[i + 1].text);
    size_t start = firstAceStart(t, column);
    if (start == std::string_view::npos) {
      // "C:\Missing: The system cannot find the file specified."
      size_t colon = t.find(": ", 2);
      if (colon == std::string_view::npos)
        return fail(fmt::format("expected \"PATH PRINCIPAL:(rights)\" or \"PATH: error\", found \"{}\"", t));
      out.entries.push_back({std::string(t.substr(0, colon)), l.number, std::string(trim(t.substr(colon + 2))), {}});
      continue;
    }
    IcaclsEntry entry;
    entry.path = std::string(trim(t.substr(0, start)));
    entry.line = l.number;
    auto ace = parseAce(trim(t.substr(start)), source, l.number);
    if (!ace)
      return ace.error();
    entry.aces.push_back(std::move(*ace));
    out.entries.push_back(std::move(entry));
  }
  if (out.entries.empty())
    return Error::atLine(source, lastLine, "no path with ACEs: not icacls output");
  if (!trailer)
    out.notes.push_back({lastLine, "no \"Successfully processed N files; Failed processing M files\" trailer "
                                   "(cut off or copied without it?): the ACEs above are read"});
  return out;
}

} // namespace dd::model::snapshot
