// Reader of `systeminfo` output (see SystemInfo.h). Our own reader: a fixed-column listing for
// people with nested lists; we keep each fact's line for the evidence.
#include "model/snapshot/SystemInfo.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <charconv>

namespace dd::model::snapshot {

const NetField *SystemInfo::field(std::string_view key) const {
  return findNetField(fields, key);
}

namespace {

// "[01]: KB5027222" -> "KB5027222"; nullopt when the line is not a numbered entry.
std::optional<std::string_view> numberedEntry(std::string_view t) {
  if (t.size() < 4 || t.front() != '[')
    return std::nullopt;
  size_t close = t.find("]:");
  if (close == std::string_view::npos || close < 2)
    return std::nullopt;
  for (size_t i = 1; i < close; ++i)
    if (t[i] < '0' || t[i] > '9')
      return std::nullopt;
  return trim(t.substr(close + 2));
}

// The key of a top-level line: up to the colon that is followed by spaces up to column 27 (or by
// the end of the line). "Virtual Memory: Max Size:  9,471 MB" has its key colon second.
size_t keyColon(std::string_view line) {
  size_t best = std::string_view::npos;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != ':')
      continue;
    if (i + 1 == line.size() || line[i + 1] == ' ') {
      best = i;
      if (i + 2 < line.size() && line[i + 1] == ' ' && line[i + 2] == ' ')
        return i; // followed by padding: certainly the key's colon
      if (i >= 25)
        return i;
    }
  }
  return best;
}

} // namespace

Result<SystemInfo> parseSystemInfo(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  SystemInfo info;
  info.source = source;
  enum class List { None, Hotfixes, Nics, Other } list = List::None;
  size_t declaredHotfixes = 0, hotfixLine = 0;
  bool inNicAddresses = false;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    auto fail = [&](std::string m) { return Error::atLine(source, l.number, std::move(m)); };
    if (indentOf(l.text) > 0) {
      if (info.fields.empty())
        return fail(fmt::format("indented line before any field: \"{}\"", t));
      if (list == List::Hotfixes) {
        auto entry = numberedEntry(t);
        if (!entry)
          return fail(fmt::format("expected a hotfix entry \"[NN]: KBnnnnnnn\", found \"{}\"", t));
        info.hotfixes.push_back({std::string(*entry), l.number});
      } else if (list == List::Nics) {
        auto entry = numberedEntry(t);
        // NIC entries are less indented (27) than their addresses (33).
        if (entry && !inNicAddresses) {
          info.networkCards.push_back({std::string(*entry), {}, {}, l.number});
        } else if (entry && inNicAddresses) {
          if (info.networkCards.empty())
            return fail("IP address before any network card");
          // A new card starts at the NIC column; addresses sit deeper.
          if (indentOf(l.text) <= 28) {
            inNicAddresses = false;
            info.networkCards.push_back({std::string(*entry), {}, {}, l.number});
          } else {
            info.networkCards.back().addresses.emplace_back(*entry);
          }
        } else if (info.networkCards.empty()) {
          return fail(fmt::format("expected a network card entry \"[NN]: name\", found \"{}\"", t));
        } else if (iequals(t, "IP address(es)")) {
          inNicAddresses = true;
        } else if (istartsWith(t, "Connection Name:")) {
          info.networkCards.back().connectionName = std::string(trim(t.substr(16)));
          inNicAddresses = false;
        }
        // DHCP Enabled:, DHCP Server:, Status: ... are not needed.
      } else {
        info.fields.back().value += "\n" + std::string(t);
      }
      continue;
    }
    size_t colon = keyColon(t);
    if (colon == std::string_view::npos || colon == 0)
      return fail(fmt::format("expected \"Key:   value\", found \"{}\"", t));
    std::string key(trim(t.substr(0, colon)));
    std::string value(trim(t.substr(colon + 1)));
    info.fields.push_back({key, value, l.number});
    list = List::Other;
    inNicAddresses = false;
    if (iequals(key, "Host Name"))
      info.hostName = value;
    else if (iequals(key, "OS Name"))
      info.osName = value;
    else if (iequals(key, "OS Version"))
      info.osVersion = value;
    else if (iequals(key, "Domain"))
      info.domain = value;
    else if (iequals(key, "OS Configuration"))
      info.osConfiguration = value;
    else if (iequals(key, "Hotfix(s)")) {
      list = List::Hotfixes;
      hotfixLine = l.number;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), declaredHotfixes);
      if (ec != std::errc())
        return fail(fmt::format("Hotfix(s): \"{}\": expected \"N Hotfix(s) Installed.\"", value));
    } else if (iequals(key, "Network Card(s)")) {
      list = List::Nics;
    }
  }
  if (info.hostName.empty() || info.osName.empty())
    return Error::atLine(source, lastLine,
                         fmt::format("no \"{}:\" line: not systeminfo output", info.hostName.empty() ? "Host Name" : "OS Name"));
  if (hotfixLine != 0 && declaredHotfixes != info.hotfixes.size())
    return Error::atLine(source, hotfixLine,
                         fmt::format("Hotfix(s) says {} installed but {} are listed (cut-off output?)",
                                     declaredHotfixes, info.hotfixes.size()));
  return info;
}

} // namespace dd::model::snapshot
