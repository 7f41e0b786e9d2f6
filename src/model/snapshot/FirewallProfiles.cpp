// Reader of `netsh advfirewall show allprofiles` (see FirewallProfiles.h).
#include "model/snapshot/FirewallProfiles.h"

#include "model/snapshot/NetshListing.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

const FirewallProfile *FirewallProfiles::find(std::string_view name) const {
  for (const auto &p : profiles)
    if (iequals(p.name, name))
      return &p;
  return nullptr;
}

namespace {

Result<void> finishProfile(FirewallProfile &p, const std::string &source) {
  for (const NetField &f : p.fields) {
    if (iequals(f.label, "State")) {
      p.stateLine = f.line;
      if (iequals(f.value, "ON"))
        p.on = true;
      else if (iequals(f.value, "OFF"))
        p.on = false;
      else
        return Error::atLine(source, f.line, fmt::format("State \"{}\": expected ON or OFF", f.value));
    } else if (iequals(f.label, "Firewall Policy")) {
      p.policy = f.value;
      p.blocksInbound = istartsWith(f.value, "BlockInbound");
    }
  }
  if (p.stateLine == 0)
    return Error::atLine(source, p.line, fmt::format("{} profile has no State line", p.name));
  return {};
}

} // namespace

Result<FirewallProfiles> parseFirewallProfiles(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  FirewallProfiles out;
  out.source = source;
  bool inLogging = false;
  auto end = readNetshListing(*text, source, "the profile header",
                              [&](const TextLine &l, std::string_view t) -> Result<NetshNext> {
    if (t.size() > 1 && t.back() == ':' && istartsWith(std::string_view(t).substr(t.find(' ') + 1), "Profile Settings")) {
      if (!out.profiles.empty())
        if (auto r = finishProfile(out.profiles.back(), source); !r)
          return r.error();
      FirewallProfile p;
      p.name = std::string(t.substr(0, t.find(' ')));
      p.line = l.number;
      out.profiles.push_back(std::move(p));
      inLogging = false;
      return NetshNext::Dashes;
    }
    if (out.profiles.empty())
      return Error::atLine(source, l.number, fmt::format("\"{}\" before any \"... Profile Settings:\" header", t));
    if (iequals(t, "Logging:")) {
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
  if (end->expectDashes)
    return Error::atLine(source, lastLine, "output ends after a profile header");
  if (out.profiles.empty())
    return Error::atLine(source, lastLine, "no \"... Profile Settings:\" header: not `netsh advfirewall show allprofiles` output");
  if (auto r = finishProfile(out.profiles.back(), source); !r)
    return r.error();
  if (!end->trailer)
    return Error::atLine(source, lastLine, "no \"Ok.\" trailer (cut-off output?)");
  return out;
}

} // namespace dd::model::snapshot
