// Reader of `netsh advfirewall show allprofiles` (see FirewallProfiles.h).
#include "model/snapshot/FirewallProfiles.h"

#include "model/snapshot/NetshListing.h"
#include "model/snapshot/Languages.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <algorithm>

namespace dd::model::snapshot {

const FirewallProfile *FirewallProfiles::find(std::string_view name) const {
  for (const auto &p : profiles)
    if (iequals(p.name, name))
      return &p;
  return nullptr;
}

namespace {

// The Firewall Policy value ("BlockInbound,AllowOutbound"), which no language translates.
bool isPolicyValue(std::string_view v) { return istartsWith(v, "Block") || istartsWith(v, "Allow"); }

// The two labels of a profile a localized Windows translates, in English (the others, such as
// LocalFirewallRules, stay English in every language).
bool isEnglishProfileLabel(std::string_view label) {
  return iequals(label, "State") || iequals(label, "Firewall Policy");
}

Result<void> finishProfile(FirewallProfile &p, const TextFile &text) {
  bool english =
      std::any_of(p.fields.begin(), p.fields.end(), [](const NetField &f) { return isEnglishProfileLabel(f.label); });
  for (size_t i = 0; i < p.fields.size(); ++i) {
    const NetField &f = p.fields[i];
    // State is the first field of a profile in every language ("状态", "Stato", "Status"); in
    // English it is found by its name.
    if (english ? iequals(f.label, "State") : (i == 0 && !isPolicyValue(f.value))) {
      p.stateLine = f.line;
      auto on = netshState(f.value);
      if (!on)
        return languageError(
            text, "netsh advfirewall show allprofiles", netshStateTable(),
            "or state `firewall.enabled` in the plant file",
            Error::atLine(text.source, f.line, fmt::format("State \"{}\": expected ON or OFF", f.value)));
      p.on = *on;
    } else if (isPolicyValue(f.value)) {
      p.policy = f.value; // "Firewall Policy", translated in some languages; its value is not
      p.blocksInbound = istartsWith(f.value, "BlockInbound");
    }
  }
  if (p.stateLine == 0)
    return Error::atLine(text.source, p.line, fmt::format("{} profile has no State line", p.name));
  return {};
}

// "Domain Profile Settings:" -> "Domain", "域配置文件 设置:" -> "Domain"; nullopt for a header
// no table knows.
std::optional<std::string> knownProfileName(std::string_view header) {
  if (auto name = netshProfileName(header))
    return name;
  if (size_t space = header.find(' ');
      space != std::string_view::npos && istartsWith(header.substr(space + 1), "Profile Settings"))
    return std::string(header.substr(0, space));
  return std::nullopt;
}

// The profile's name; a header no table knows takes the name of its place in allprofiles' order.
std::string profileName(std::string_view header, size_t index, FirewallProfiles &out, size_t line) {
  if (auto name = knownProfileName(header))
    return *name;
  static constexpr std::string_view kOrder[] = {"Domain", "Private", "Public"};
  std::string name(index < 3 ? kOrder[index] : header);
  out.notes.push_back({line, fmt::format("profile header \"{}\" taken as {} by its place (allprofiles prints "
                                         "Domain, Private, Public)",
                                         header, name)});
  return name;
}

} // namespace

Result<FirewallProfiles> parseFirewallProfiles(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  FirewallProfiles out;
  out.source = source;
  bool inLogging = false;
  size_t index = 0;
  auto end = readNetshListing(
      *text, source, "the profile header", [&](const TextLine &l, std::string_view t) -> Result<NetshNext> {
        while (index < text->lines.size() && text->lines[index].number != l.number)
          ++index;
        bool header = netshProfileName(t) || (t.back() == ':' && t.find("Profile Settings") != std::string_view::npos);
        if (indentOf(l.text) == 0 && t.size() > 1 && (header || beforeDashes(*text, index))) {
          if (!out.profiles.empty())
            if (auto r = finishProfile(out.profiles.back(), *text); !r)
              return r.error();
          FirewallProfile p;
          p.name = profileName(t, out.profiles.size(), out, l.number);
          p.header = std::string(t);
          p.namedByPlace = !knownProfileName(t);
          p.line = l.number;
          out.profiles.push_back(std::move(p));
          inLogging = false;
          return NetshNext::Dashes;
        }
        if (out.profiles.empty())
          return Error::atLine(source, l.number, fmt::format("\"{}\" before any \"... Profile Settings:\" header", t));
        if (t.back() == ':' && t.find("  ") == std::string_view::npos) { // "Logging:", "日志:"
          inLogging = true;
          return NetshNext::Line;
        }
        std::string_view label, value;
        splitColumns(l.text, label, value);
        out.profiles.back().fields.push_back(
            {inLogging ? "Logging " + std::string(label) : std::string(label), std::string(value), l.number});
        return NetshNext::Line;
      });
  if (!end)
    return end.error();
  size_t lastLine = end->lastLine;
  for (ReadNote &n : end->notes)
    out.notes.push_back(std::move(n));
  if (end->expectDashes)
    return Error::atLine(source, lastLine, "output ends after a profile header");
  if (out.profiles.empty())
    return Error::atLine(source, lastLine,
                         "no \"... Profile Settings:\" header: not `netsh advfirewall show allprofiles` output");
  if (auto r = finishProfile(out.profiles.back(), *text); !r)
    return r.error();
  if (!end->trailer)
    out.notes.push_back({lastLine, "no \"Ok.\" trailer (cut off, or copied without it?): the profiles above are read"});
  return out;
}

Result<std::vector<NetshProfileHeader>> readNetshProfileHeaders(std::span<const uint8_t> bytes,
                                                                const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  std::vector<NetshProfileHeader> out;
  for (size_t i = 0; i < text->lines.size(); ++i) {
    const TextLine &l = text->lines[i];
    std::string_view t = trim(l.text);
    if (!t.empty() && indentOf(l.text) == 0 && !isDashLine(t) && beforeDashes(*text, i))
      out.push_back({std::string(t), l.number});
  }
  return out;
}

std::optional<std::string> currentProfileName(std::string_view current, const std::vector<NetshProfileHeader> &all) {
  static constexpr std::string_view kOrder[] = {"Domain", "Private", "Public"};
  if (all.size() == 3)
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i].text == current)
        return std::string(kOrder[i]);
  return knownProfileName(current);
}

} // namespace dd::model::snapshot
