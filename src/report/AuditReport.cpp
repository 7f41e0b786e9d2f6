#include "report/AuditReport.h"

#include <cstring>
#include <fmt/format.h>

namespace dd::report {

using audit::AuditFinding;
using audit::Risk;

namespace {

const char *colourOf(Risk s) {
  switch (s) {
  case Risk::Critical: return "\033[1;35m";
  case Risk::High: return "\033[1;31m";
  case Risk::Medium: return "\033[33m";
  case Risk::Low: return "\033[36m";
  }
  return "";
}

std::string upper(const char *s) {
  std::string out(s);
  for (char &c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string countLine(const audit::AuditResult &r) {
  std::vector<std::string> parts;
  for (Risk s : {Risk::Critical, Risk::High, Risk::Medium, Risk::Low})
    if (size_t n = r.count(s))
      parts.push_back(fmt::format("{} {}", n, audit::riskName(s)));
  return parts.empty() ? std::string("none") : fmt::format("{}", fmt::join(parts, ", "));
}

std::string brokenText(const audit::BrokenPair &b) {
  return fmt::format("{} -> {} {}: {} at {}", b.client, b.server, b.direction, b.hresult, b.step);
}

void writeFinding(std::ostream &out, const AuditFinding &f, bool colour) {
  const audit::AuditRule *rule = audit::findRule(f.rule);
  const char *on = colour ? colourOf(f.severity) : "", *off = colour ? "\033[0m" : "";
  out << fmt::format("  {}{}{} {}: {}\n", on, upper(audit::riskName(f.severity)), off, f.rule, f.message);
  for (const std::string &e : f.evidence)
    out << "    evidence: " << e << "\n";
  out << "    fix: " << f.fix << "\n";
  if (f.impactChecked && f.wouldBreak.empty())
    out << "    impact: simulated with the fix applied, no pair of the plant turns red\n";
  for (const audit::BrokenPair &b : f.wouldBreak) {
    out << "    would break: " << brokenText(b) << "\n";
    out << "      keep it working: " << (b.keepWorking.empty() ? "no single proven change found" : b.keepWorking)
        << "\n";
  }
  out << "    source: " << (rule ? rule->source : "") << "; docs/audit.md#" << f.rule << "\n";
}

} // namespace

void writeAuditText(std::ostream &out, const model::Plant &plant, const audit::AuditResult &r, bool colour) {
  out << fmt::format("audit of {}: {} finding{} on {} host{} ({})\n", plant.name.empty() ? plant.file : plant.name,
                     r.findings.size(), r.findings.size() == 1 ? "" : "s", r.hosts, r.hosts == 1 ? "" : "s",
                     countLine(r));
  std::string host;
  for (const AuditFinding &f : r.findings) {
    if (f.host != host) {
      host = f.host;
      out << "\n" << host << "\n";
    }
    writeFinding(out, f, colour);
  }
  if (r.pairsSimulated)
    out << fmt::format("\nimpact of the fixes: {} predictions simulated\n", r.pairsSimulated);
}

namespace {

nlohmann::json findingJson(const AuditFinding &f) {
  nlohmann::json j{{"rule", f.rule},
                   {"severity", audit::riskName(f.severity)},
                   {"host", f.host},
                   {"message", f.message},
                   {"evidence", f.evidence},
                   {"fix", f.fix},
                   {"docs", "docs/audit.md#" + f.rule}};
  nlohmann::json locations = nlohmann::json::array();
  for (const model::Provenance &p : f.locations)
    locations.push_back({{"origin", p.origin()}, {"where", p.where}});
  j["locations"] = locations;
  if (f.impactChecked) {
    nlohmann::json broken = nlohmann::json::array();
    for (const audit::BrokenPair &b : f.wouldBreak)
      broken.push_back({{"client", b.client},
                        {"server", b.server},
                        {"direction", b.direction},
                        {"hresult", b.hresult},
                        {"step", b.step},
                        {"keep_working", b.keepWorking}});
    j["would_break"] = broken;
  }
  return j;
}

} // namespace

nlohmann::json auditJson(const model::Plant &plant, const audit::AuditResult &r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const AuditFinding &f : r.findings)
    findings.push_back(findingJson(f));
  nlohmann::json counts;
  for (Risk s : {Risk::Critical, Risk::High, Risk::Medium, Risk::Low})
    counts[audit::riskName(s)] = r.count(s);
  return {{"plant", plant.name}, {"file", plant.file},   {"hosts", r.hosts},
          {"counts", counts},    {"findings", findings}, {"predictions_simulated", r.pairsSimulated}};
}

namespace {

// SARIF levels: error for critical and high, warning for medium, note for low; GitHub code
// scanning reads "security-severity" (a CVSS-like score) for its own severity.
const char *sarifLevel(Risk s) { return s >= Risk::High ? "error" : s == Risk::Medium ? "warning" : "note"; }
const char *securitySeverity(Risk s) {
  switch (s) {
  case Risk::Critical: return "9.5";
  case Risk::High: return "8.0";
  case Risk::Medium: return "5.5";
  case Risk::Low: return "3.0";
  }
  return "0.0";
}

// "limits-anonymous-remote" -> "LimitsAnonymousRemote": SARIF wants a rule's name to differ from
// its id and to read as an identifier.
std::string ruleName(const char *id) {
  std::string out;
  bool up = true;
  for (const char *c = id; *c; ++c) {
    if (*c == '-') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(*c))) : *c;
    up = false;
  }
  return out;
}

nlohmann::json sarifRules() {
  nlohmann::json rules = nlohmann::json::array();
  for (const audit::AuditRule &r : audit::rules())
    rules.push_back(
        {{"id", r.id},
         {"name", ruleName(r.id)},
         {"shortDescription", {{"text", r.title}}},
         {"fullDescription", {{"text", std::string(r.title) + ": " + r.why}}},
         {"help", {{"text", fmt::format("{}. Source: {}. See docs/audit.md#{}", r.why, r.source, r.id)}}},
         {"defaultConfiguration", {{"level", sarifLevel(r.severity)}}},
         {"properties", {{"security-severity", securitySeverity(r.severity)}, {"tags", {"security", "dcom"}}}}});
  return rules;
}

size_t ruleIndex(const std::string &id) {
  const auto &all = audit::rules();
  for (size_t i = 0; i < all.size(); ++i)
    if (id == all[i].id)
      return i;
  return 0;
}

// A file as SARIF wants it (an RFC 3986 URI reference): a relative path stays relative, with '/'
// between folders; an absolute one becomes a file: URI; bytes outside the unreserved set are %XX.
std::string artifactUri(const std::string &path) {
  std::string out;
  bool absolute = !path.empty() && (path[0] == '/' || (path.size() > 2 && path[1] == ':'));
  if (absolute)
    out = path[0] == '/' ? "file://" : "file:///";
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::strchr("-._~/:", c))
      out += static_cast<char>(c);
    else if (c == '\\')
      out += '/';
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

nlohmann::json sarifLocation(const model::Provenance &p) {
  nlohmann::json physical{{"artifactLocation", {{"uri", artifactUri(p.file)}}}};
  if (p.line > 0)
    physical["region"] = {{"startLine", p.line}};
  nlohmann::json loc{{"physicalLocation", physical}};
  if (!p.where.empty())
    loc["message"] = {{"text", p.where}};
  return loc;
}

nlohmann::json sarifResult(const model::Plant &plant, const AuditFinding &f) {
  nlohmann::json locations = nlohmann::json::array();
  for (const model::Provenance &p : f.locations)
    if (p.kind != model::Provenance::Kind::Default && !p.file.empty())
      locations.push_back(sarifLocation(p));
  if (locations.empty() && !plant.file.empty())
    locations.push_back({{"physicalLocation", {{"artifactLocation", {{"uri", artifactUri(plant.file)}}}}}});
  std::string text = fmt::format("{}: {}. Fix: {}", f.host, f.message, f.fix);
  nlohmann::json j{
      {"ruleId", f.rule},
      {"ruleIndex", ruleIndex(f.rule)},
      {"level", sarifLevel(f.severity)},
      {"message", {{"text", text}}},
      {"locations", locations},
      {"properties", {{"host", f.host}, {"severity", audit::riskName(f.severity)}, {"evidence", f.evidence}}}};
  if (f.impactChecked) {
    std::vector<std::string> broken;
    for (const audit::BrokenPair &b : f.wouldBreak)
      broken.push_back(brokenText(b));
    j["properties"]["wouldBreak"] = broken;
  }
  return j;
}

} // namespace

nlohmann::json auditSarif(const model::Plant &plant, const audit::AuditResult &r, const std::string &toolVersion) {
  nlohmann::json results = nlohmann::json::array();
  for (const AuditFinding &f : r.findings)
    results.push_back(sarifResult(plant, f));
  nlohmann::json driver{{"name", "dcomdoctor"}, {"version", toolVersion}, {"rules", sarifRules()}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", {{{"tool", {{"driver", driver}}}, {"results", results}, {"columnKind", "unicodeCodePoints"}}}}};
}

} // namespace dd::report
