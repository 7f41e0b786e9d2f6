// Reader of `secedit /export /cfg` security templates (see SeceditInf.h). Our own reader: the
// file is an INF dialect with a handful of value forms, and we need every entry's line.
#include "model/snapshot/SeceditInf.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <charconv>

namespace dd::model::snapshot {

namespace {

enum class Section { None, SystemAccess, EventAudit, PrivilegeRights, RegistryValues, Other };

Section sectionOf(std::string_view name) {
  if (iequals(name, "System Access"))
    return Section::SystemAccess;
  if (iequals(name, "Event Audit"))
    return Section::EventAudit;
  if (iequals(name, "Privilege Rights"))
    return Section::PrivilegeRights;
  if (iequals(name, "Registry Values"))
    return Section::RegistryValues;
  return Section::Other;
}

std::string unquote(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
    return std::string(v.substr(1, v.size() - 2));
  return std::string(v);
}

std::optional<uint32_t> parseU32(std::string_view s) {
  s = trim(s);
  uint32_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
    return std::nullopt;
  return v;
}

} // namespace

std::optional<uint32_t> InfRegistryValue::dword() const {
  if (type != 4)
    return std::nullopt;
  return parseU32(data);
}

const InfSetting *SeceditInf::findSystemAccess(std::string_view name) const {
  for (const auto &s : systemAccess)
    if (iequals(s.name, name))
      return &s;
  return nullptr;
}
const InfSetting *SeceditInf::findEventAudit(std::string_view name) const {
  for (const auto &s : eventAudit)
    if (iequals(s.name, name))
      return &s;
  return nullptr;
}
const InfPrivilege *SeceditInf::findPrivilege(std::string_view right) const {
  for (const auto &p : privilegeRights)
    if (iequals(p.right, right))
      return &p;
  return nullptr;
}
const InfRegistryValue *SeceditInf::findRegistryValue(std::string_view path) const {
  for (const auto &r : registryValues)
    if (iequals(r.keyPath + "\\" + r.valueName, path))
      return &r;
  return nullptr;
}

Result<SeceditInf> parseSeceditInf(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  SeceditInf inf;
  inf.source = source;
  Section section = Section::None;
  bool sawSection = false;
  for (const TextLine &l : text->lines) {
    std::string_view line = trim(l.text);
    if (line.empty() || line.front() == ';')
      continue;
    auto fail = [&](std::string message) { return Error::atLine(source, l.number, std::move(message)); };
    if (line.front() == '[') {
      if (line.back() != ']')
        return fail(fmt::format("section header \"{}\" has no closing ']'", line));
      section = sectionOf(trim(line.substr(1, line.size() - 2)));
      sawSection = true;
      continue;
    }
    if (!sawSection)
      return fail(fmt::format("\"{}\" before any [section] (expected a secedit template starting "
                              "with [Unicode] or [System Access])",
                              line));
    if (section == Section::Other)
      continue; // [Unicode], [Version], [Service General Setting], ...: not used here
    size_t eq = line.find('=');
    if (eq == std::string_view::npos)
      return fail(fmt::format("expected \"Name = value\", found \"{}\"", line));
    std::string_view name = trim(line.substr(0, eq));
    std::string_view value = trim(line.substr(eq + 1));
    if (name.empty())
      return fail("entry with an empty name before '='");
    switch (section) {
    case Section::SystemAccess: inf.systemAccess.push_back({std::string(name), unquote(value), l.number}); break;
    case Section::EventAudit: {
      auto v = parseU32(value);
      if (!v || *v > 3)
        return fail(fmt::format("[Event Audit] {} = \"{}\": expected 0 (none), 1 (success), "
                                "2 (failure) or 3 (both)",
                                name, value));
      inf.eventAudit.push_back({std::string(name), std::string(value), l.number});
      break;
    }
    case Section::PrivilegeRights: {
      InfPrivilege p{std::string(name), {}, l.number};
      for (const std::string &entry : splitList(value, ',')) {
        InfPrincipal principal{entry, std::nullopt, {}};
        if (entry.front() == '*') {
          auto sid = winsec::Sid::parse(std::string_view(entry).substr(1));
          if (!sid)
            return fail(fmt::format("{}: \"{}\" is not a SID: {}", name, entry, sid.error().message));
          principal.sid = *sid;
        } else {
          principal.name = entry;
        }
        p.principals.push_back(std::move(principal));
      }
      inf.privilegeRights.push_back(std::move(p));
      break;
    }
    case Section::RegistryValues: {
      size_t slash = name.rfind('\\');
      if (slash == std::string_view::npos || slash == 0 || slash + 1 == name.size())
        return fail(fmt::format("registry value \"{}\": expected KEY\\PATH\\ValueName", name));
      size_t comma = value.find(',');
      std::string_view typeText = comma == std::string_view::npos ? value : value.substr(0, comma);
      auto type = parseU32(typeText);
      if (comma == std::string_view::npos || !type)
        return fail(fmt::format("registry value \"{}\" = \"{}\": expected \"type,data\" with a numeric "
                                "type (1 REG_SZ, 3 REG_BINARY, 4 REG_DWORD, 7 REG_MULTI_SZ)",
                                name, value));
      InfRegistryValue r;
      r.keyPath = std::string(name.substr(0, slash));
      r.valueName = std::string(name.substr(slash + 1));
      r.type = *type;
      std::string_view data = trim(value.substr(comma + 1));
      r.data = *type == 1 ? unquote(data) : std::string(data);
      r.line = l.number;
      if (*type == 4 && !r.dword())
        return fail(fmt::format("registry value \"{}\": REG_DWORD data \"{}\" is not a number", name, data));
      inf.registryValues.push_back(std::move(r));
      break;
    }
    default: break;
    }
  }
  if (!sawSection)
    return Error::atLine(source, text->lines.empty() ? 1 : text->lines.back().number,
                         "no [section] found: not a secedit /export template");
  return inf;
}

} // namespace dd::model::snapshot
