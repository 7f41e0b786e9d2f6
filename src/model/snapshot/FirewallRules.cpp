// Reader of `netsh advfirewall firewall show rule name=all verbose` (see FirewallRules.h).
// Our own reader: netsh prints a key/value listing for people; we keep each field's line.
#include "model/snapshot/FirewallRules.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

const NetField *FirewallRule::field(std::string_view key) const {
  return findNetField(fields, key);
}

namespace {

Result<void> finishRule(FirewallRule &r, const std::string &source) {
  auto need = [&](std::string_view key) -> const NetField * { return r.field(key); };
  const NetField *enabled = need("Enabled");
  const NetField *direction = need("Direction");
  const NetField *action = need("Action");
  if (!enabled || !direction || !action)
    return Error::atLine(source, r.line,
                         fmt::format("rule \"{}\" lacks {} (cut-off output?)", r.name,
                                     !enabled ? "Enabled:" : !direction ? "Direction:" : "Action:"));
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
  bool expectDashes = false, trailer = false, noRules = false;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    auto fail = [&](std::string m) { return Error::atLine(source, l.number, std::move(m)); };
    if (trailer)
      return fail(fmt::format("text after \"Ok.\": \"{}\"", t));
    if (expectDashes) {
      if (!isDashLine(t))
        return fail(fmt::format("expected a dashed line after \"Rule Name:\", found \"{}\"", t));
      expectDashes = false;
      continue;
    }
    if (iequals(t, "Ok.")) {
      trailer = true;
      continue;
    }
    if (istartsWith(t, "No rules match the specified criteria")) {
      noRules = true;
      trailer = true;
      continue;
    }
    if (indentOf(l.text) > 0) { // the ICMP "Type Code" table, or a wrapped value
      if (out.rules.empty() || out.rules.back().fields.empty())
        return fail(fmt::format("indented line before any field: \"{}\"", t));
      out.rules.back().fields.back().value += " " + std::string(t);
      continue;
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
      expectDashes = true;
      continue;
    }
    if (out.rules.empty())
      return fail(fmt::format("\"{}:\" before any \"Rule Name:\"", key));
    out.rules.back().fields.push_back({std::string(key), std::string(value), l.number});
  }
  if (expectDashes)
    return Error::atLine(source, lastLine, "output ends after a \"Rule Name:\" line");
  if (!out.rules.empty())
    if (auto r = finishRule(out.rules.back(), source); !r)
      return r.error();
  if (!trailer)
    return Error::atLine(source, lastLine, "no \"Ok.\" trailer (cut-off output?)");
  if (noRules && !out.rules.empty())
    return Error::atLine(source, lastLine, "\"No rules match\" together with rules");
  return out;
}

} // namespace dd::model::snapshot
