// Reader of `netsh advfirewall firewall show rule name=all verbose` (see FirewallRules.h).
// Our own reader: netsh prints a key/value listing for people; we keep each field's line.
#include "model/snapshot/FirewallRules.h"

#include "model/snapshot/Languages.h"
#include "model/snapshot/NetshListing.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

const NetField *FirewallRule::field(std::string_view key) const { return findNetField(fields, key); }

namespace {

Result<void> finishRule(FirewallRule &r, const std::string &source) {
  auto need = [&](std::string_view key) -> const NetField * { return r.field(key); };
  const NetField *enabled = need("Enabled");
  const NetField *direction = need("Direction");
  const NetField *action = need("Action");
  if (!enabled || !direction || !action)
    return Error::atLine(source, r.line,
                         fmt::format("rule \"{}\" lacks {} (cut-off output?)", r.name,
                                     !enabled     ? "Enabled:"
                                     : !direction ? "Direction:"
                                                  : "Action:"));
  if (iequals(enabled->value, "Yes"))
    r.enabled = true;
  else if (iequals(enabled->value, "No"))
    r.enabled = false;
  else
    return Error::atLine(source, enabled->line, fmt::format("Enabled: \"{}\": expected Yes or No", enabled->value));
  if (iequals(direction->value, "In"))
    r.inbound = true;
  else if (iequals(direction->value, "Out"))
    r.inbound = false;
  else
    return Error::atLine(source, direction->line,
                         fmt::format("Direction: \"{}\": expected In or Out", direction->value));
  if (!iequals(action->value, "Allow") && !iequals(action->value, "Block") && !iequals(action->value, "Bypass"))
    return Error::atLine(source, action->line,
                         fmt::format("Action: \"{}\": expected Allow, Block or Bypass", action->value));
  r.action = action->value;
  if (auto *f = r.field("Profiles"))
    r.profiles = splitList(f->value, ',');
  if (auto *f = r.field("Protocol"))
    r.protocol = f->value;
  if (auto *f = r.field("LocalPort"))
    r.localPorts = splitList(f->value, ',');
  if (auto *f = r.field("RemoteIP"))
    r.remoteAddresses = splitList(f->value, ',');
  if (auto *f = r.field("Program"); f && !iequals(f->value, "Any"))
    r.program = f->value;
  if (auto *f = r.field("Service"); f && !iequals(f->value, "Any"))
    r.service = f->value;
  return {};
}

} // namespace

Result<FirewallRules> parseFirewallRules(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  FirewallRules out;
  out.source = source;
  bool noRules = false;
  auto end = readNetshListing(
      *text, source, "\"Rule Name:\"", [&](const TextLine &l, std::string_view t) -> Result<NetshNext> {
        auto fail = [&](std::string m) { return Error::atLine(source, l.number, std::move(m)); };
        if (istartsWith(t, "No rules match the specified criteria")) {
          noRules = true;
          return NetshNext::Trailer;
        }
        if (indentOf(l.text) > 0) { // the ICMP "Type Code" table, or a wrapped value
          if (out.rules.empty() || out.rules.back().fields.empty())
            return fail(fmt::format("indented line before any field: \"{}\"", t));
          out.rules.back().fields.back().value += " " + std::string(t);
          return NetshNext::Line;
        }
        size_t colon = t.find(':');
        if (colon == std::string_view::npos || colon == 0)
          return fail(fmt::format("expected \"Key: value\", found \"{}\"", t));
        std::string_view key = trim(t.substr(0, colon));
        std::string_view value = trim(t.substr(colon + 1));
        if (iequals(key, "Rule Name")) {
          if (!out.rules.empty())
            if (auto r = finishRule(out.rules.back(), source); !r)
              return r.error();
          FirewallRule rule;
          rule.name = std::string(value);
          rule.line = l.number;
          out.rules.push_back(std::move(rule));
          return NetshNext::Dashes;
        }
        if (out.rules.empty())
          return languageError(
              *text, "netsh advfirewall firewall show rule", {},
              "the rules are read in English only; "
              "state the firewall rules in the plant file, or run the command on an English-UI Windows",
              fail(fmt::format("\"{}:\" before any \"Rule Name:\"", key)));
        out.rules.back().fields.push_back({std::string(key), std::string(value), l.number});
        return NetshNext::Line;
      });
  if (!end)
    return end.error();
  size_t lastLine = end->lastLine;
  if (end->expectDashes)
    return Error::atLine(source, lastLine, "output ends after a \"Rule Name:\" line");
  if (!out.rules.empty())
    if (auto r = finishRule(out.rules.back(), source); !r)
      return r.error();
  out.notes = std::move(end->notes);
  if (!end->trailer)
    out.notes.push_back({lastLine, "no \"Ok.\" trailer (cut off, or copied without it?): the rules above are read"});
  if (noRules && !out.rules.empty())
    return Error::atLine(source, lastLine, "\"No rules match\" together with rules");
  return out;
}

} // namespace dd::model::snapshot
