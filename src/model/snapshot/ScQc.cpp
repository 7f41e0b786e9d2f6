// Readers of `sc qc` and `sc query` output (see ScQc.h, ScQuery.h). Our own readers: sc prints
// an indented "KEY : value" listing; we keep each fact's line for the evidence.
#include "model/snapshot/ScQc.h"
#include "model/snapshot/ScQuery.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

namespace {

struct ScListing {
  bool installed = true;
  size_t line = 0;
  std::string name;
  std::vector<NetField> fields;
};

// "[SC] OpenService FAILED 1060:" or "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:".
Result<ScListing> readScListing(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  ScListing out;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    auto fail = [&](std::string m) { return Error::atLine(source, l.number, std::move(m)); };
    if (startsWith(t, "[SC]")) {
      size_t failed = t.find("FAILED ");
      if (failed != std::string_view::npos) {
        std::string_view code = t.substr(failed + 7);
        if (!code.empty() && code.back() == ':')
          code.remove_suffix(1);
        if (code == "1060") {
          out.installed = false;
          out.line = l.number;
          return out;
        }
        return fail(fmt::format("sc failed with error {} (1060, not installed, is the only failure "
                                "that is a fact; run collect.cmd as an administrator)",
                                code));
      }
      continue; // "[SC] QueryServiceConfig SUCCESS"
    }
    if (startsWith(t, "SERVICE_NAME:")) {
      if (!out.name.empty())
        return fail("a second SERVICE_NAME: one service a file");
      out.name = std::string(trim(t.substr(13)));
      out.line = l.number;
      if (out.name.empty())
        return fail("SERVICE_NAME: with no name");
      continue;
    }
    if (out.name.empty())
      return fail(fmt::format("expected \"SERVICE_NAME: NAME\", found \"{}\"", t));
    size_t colon = t.find(':');
    if (colon == std::string_view::npos) {
      // The flags line below STATE: "(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)".
      if (t.front() == '(' && !out.fields.empty()) {
        out.fields.back().value += " " + std::string(t);
        continue;
      }
      return fail(fmt::format("expected \"KEY : value\", found \"{}\"", t));
    }
    std::string_view key = trim(t.substr(0, colon));
    std::string_view value = trim(t.substr(colon + 1));
    if (key.empty()) { // a further DEPENDENCIES line: "                           : Tcpip"
      if (out.fields.empty())
        return fail("continuation line before any KEY");
      out.fields.back().value += "\n" + std::string(value);
      continue;
    }
    out.fields.push_back({std::string(key), std::string(value), l.number});
  }
  if (out.name.empty())
    return Error::atLine(source, lastLine, "no \"SERVICE_NAME:\" line: not sc output");
  return out;
}

const NetField *findField(const std::vector<NetField> &fields, std::string_view key) {
  for (const auto &f : fields)
    if (f.label == key)
      return &f;
  return nullptr;
}

// "2   AUTO_START  (DELAYED)" -> "AUTO_START (DELAYED)"; "4  RUNNING" -> "RUNNING". Empty when the
// value is not "<number> <NAME>".
std::string afterNumber(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9')
    ++i;
  if (i == 0 || i == v.size())
    return {};
  std::string rest(trim(v.substr(i)));
  // collapse inner runs of spaces
  std::string out;
  for (char c : rest)
    if (!(c == ' ' && !out.empty() && out.back() == ' '))
      out.push_back(c);
  return out;
}

} // namespace

Result<ServiceConfig> parseScQc(std::span<const uint8_t> bytes, const std::string &source) {
  auto listing = readScListing(bytes, source);
  if (!listing)
    return listing.error();
  ServiceConfig c;
  c.source = source;
  c.installed = listing->installed;
  c.line = listing->line;
  c.name = listing->name;
  c.fields = listing->fields;
  if (!c.installed)
    return c;
  const NetField *start = findField(c.fields, "START_TYPE");
  const NetField *binary = findField(c.fields, "BINARY_PATH_NAME");
  const NetField *account = findField(c.fields, "SERVICE_START_NAME");
  if (!start || !binary || !account)
    return Error::atLine(source, c.line,
                         fmt::format("service {} lacks {} (not `sc qc` output, or cut off)", c.name,
                                     !start    ? "START_TYPE"
                                     : !binary ? "BINARY_PATH_NAME"
                                               : "SERVICE_START_NAME"));
  c.startType = afterNumber(start->value);
  if (c.startType.empty())
    return Error::atLine(source, start->line,
                         fmt::format("START_TYPE \"{}\": expected \"<number> <NAME>\"", start->value));
  c.startTypeLine = start->line;
  c.binaryPath = binary->value;
  c.binaryPathLine = binary->line;
  c.startName = account->value;
  c.startNameLine = account->line;
  if (auto *f = findField(c.fields, "DISPLAY_NAME"))
    c.displayName = f->value;
  if (auto *f = findField(c.fields, "DEPENDENCIES"))
    c.dependencies = splitList(f->value, '\n');
  return c;
}

Result<ServiceStatus> parseScQuery(std::span<const uint8_t> bytes, const std::string &source) {
  auto listing = readScListing(bytes, source);
  if (!listing)
    return listing.error();
  ServiceStatus s;
  s.source = source;
  s.installed = listing->installed;
  s.line = listing->line;
  s.name = listing->name;
  if (!s.installed)
    return s;
  const NetField *state = findField(listing->fields, "STATE");
  if (!state)
    return Error::atLine(source, s.line, fmt::format("service {} has no STATE line: not `sc query` output", s.name));
  std::string v = afterNumber(state->value);
  size_t space = v.find(' ');
  s.state = space == std::string::npos ? v : v.substr(0, space);
  s.stateLine = state->line;
  if (s.state.empty())
    return Error::atLine(source, state->line, fmt::format("STATE \"{}\": expected \"<number> <NAME>\"", state->value));
  return s;
}

} // namespace dd::model::snapshot
