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

constexpr std::string_view kRulesCommand = "netsh advfirewall firewall show rule";
constexpr std::string_view kRulesWayOut =
    "state the firewall rules in the plant file, or export them with `Get-NetFirewallRule | "
    "Export-Csv` (PowerShell property names are never translated)";

// An error about a rule, naming the language when the file looks translated.
Error ruleError(const TextFile &text, size_t line, std::string message) {
  return languageError(text, kRulesCommand, firewallRuleKeyTable(), kRulesWayOut,
                       Error::atLine(text.source, line, std::move(message)));
}

// The English value of a field ("Ja" -> "Yes"), or the value as printed.
std::string englishValue(std::string_view printed) { return firewallRuleValue(printed).value_or(std::string(printed)); }

// "Domäne,Privat" -> {"Domain", "Private"}.
std::vector<std::string> englishList(std::string_view printed) {
  std::vector<std::string> out;
  for (const std::string &item : splitList(printed, ','))
    out.push_back(englishValue(item));
  return out;
}

Result<void> finishRule(FirewallRule &r, const TextFile &text) {
  const NetField *enabled = r.field("Enabled");
  const NetField *direction = r.field("Direction");
  const NetField *action = r.field("Action");
  if (!enabled || !direction || !action)
    return ruleError(text, r.line,
                     fmt::format("rule \"{}\" lacks {} (cut-off output?)", r.name,
                                 !enabled     ? "Enabled:"
                                 : !direction ? "Direction:"
                                              : "Action:"));
  std::string on = englishValue(enabled->value);
  if (on != "Yes" && on != "No")
    return ruleError(text, enabled->line, fmt::format("Enabled: \"{}\": expected Yes or No", enabled->value));
  r.enabled = on == "Yes";
  std::string dir = englishValue(direction->value);
  if (dir != "In" && dir != "Out")
    return ruleError(text, direction->line, fmt::format("Direction: \"{}\": expected In or Out", direction->value));
  r.inbound = dir == "In";
  r.action = englishValue(action->value);
  if (r.action != "Allow" && r.action != "Block" && r.action != "Bypass")
    return ruleError(text, action->line, fmt::format("Action: \"{}\": expected Allow, Block or Bypass", action->value));
  if (auto *f = r.field("Profiles"))
    r.profiles = englishList(f->value);
  if (auto *f = r.field("Protocol"))
    r.protocol = englishValue(f->value);
  if (auto *f = r.field("LocalPort"))
    r.localPorts = englishList(f->value);
  if (auto *f = r.field("RemoteIP"))
    r.remoteAddresses = englishList(f->value);
  if (auto *f = r.field("Program"); f && englishValue(f->value) != "Any")
    r.program = f->value;
  if (auto *f = r.field("Service"); f && englishValue(f->value) != "Any")
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
        if (isNoRulesLine(t)) {
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
        std::string english = firewallRuleKey(key).value_or(std::string(key));
        // The rule header: "Rule Name:" in a language with a table, else the line before dashes.
        if (english == "Rule Name" || beforeDashes(*text, static_cast<size_t>(&l - text->lines.data()))) {
          if (!out.rules.empty())
            if (auto r = finishRule(out.rules.back(), *text); !r)
              return r.error();
          FirewallRule rule;
          rule.name = std::string(value);
          rule.line = l.number;
          out.rules.push_back(std::move(rule));
          return NetshNext::Dashes;
        }
        if (out.rules.empty())
          return ruleError(*text, l.number, fmt::format("\"{}:\" before any \"Rule Name:\"", key));
        out.rules.back().fields.push_back(
            {english, std::string(value), l.number, english == key ? "" : std::string(key)});
        return NetshNext::Line;
      });
  if (!end)
    return end.error();
  size_t lastLine = end->lastLine;
  if (end->expectDashes)
    return Error::atLine(source, lastLine, "output ends after a \"Rule Name:\" line");
  if (!out.rules.empty())
    if (auto r = finishRule(out.rules.back(), *text); !r)
      return r.error();
  out.notes = std::move(end->notes);
  if (!end->trailer)
    out.notes.push_back({lastLine, "no \"Ok.\" trailer (cut off, or copied without it?): the rules above are read"});
  if (noRules && !out.rules.empty())
    return Error::atLine(source, lastLine, "\"No rules match\" together with rules");
  return out;
}

} // namespace dd::model::snapshot
