// The event-log triage (see Triage.h).
#include "audit/Triage.h"
#include "support/Text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "evtx/Reader.h"
#include "evtx/Value.h"

namespace dd::audit {

nlohmann::json assessmentJson(const Assessment &a); // Explain.cpp
nlohmann::json eventFactsJson(const EventFacts &f); // Explain.cpp

namespace {

bool isDcomProvider(std::string_view p) { return iequals(p, "DCOM") || iequals(p, "Microsoft-Windows-DistributedCOM"); }
bool isSecurityProvider(std::string_view p) {
  return iequals(p, "Microsoft-Windows-Security-Auditing") || iequals(p, "Security");
}

bool statusIsFailure(const EventRecord &r, std::string_view name) {
  const std::string *s = r.dataValue(std::string(name));
  if (!s)
    return true; // unknown: keep it
  auto code = parseCode(*s);
  return !code || *code != 0;
}

// Findings are per computer: the same denial on two servers is two findings.
std::string groupKey(const EventFacts &f, const EventRecord &r) {
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", lower(r.computer), f.eventId,
                     f.family == EventFamily::OpcServer ? r.provider : std::string(), f.scope, f.locality, f.right,
                     f.clsid, f.appid, f.server, f.sid.empty() ? f.account() : f.sid, f.status, f.subStatus,
                     f.logonType, f.computer, f.aspApplication,
                     f.family == EventFamily::Security ? f.workstation + f.address : "",
                     f.family == EventFamily::OpcServer ? std::to_string(r.eventId) : "");
}

std::string timeOf(const EventRecord &r) { return !r.timeUtc.empty() ? r.timeUtc : r.timeText; }

// A record's identity across inputs: the same log given twice, or a copy of it.
std::string recordKey(const EventRecord &r) {
  return fmt::format("{}|{}|{}|{}|{}|{}", lower(r.computer), lower(r.channel), lower(r.provider), *r.recordId,
                     r.eventId, r.timeUtc);
}

bool computerMatches(std::string_view computer, std::string_view wanted) {
  if (computer.size() > wanted.size() && computer[wanted.size()] == '.')
    computer = computer.substr(0, wanted.size());
  return iequals(computer, wanted);
}

} // namespace

std::optional<std::string> normaliseTime(std::string_view t) {
  auto digits = [&](size_t from, size_t n) {
    if (from + n > t.size())
      return false;
    for (size_t i = from; i < from + n; ++i)
      if (!std::isdigit(static_cast<unsigned char>(t[i])))
        return false;
    return true;
  };
  if (!t.empty() && (t.back() == 'Z' || t.back() == 'z'))
    t.remove_suffix(1);
  if (!(digits(0, 4) && t.size() >= 10 && t[4] == '-' && digits(5, 2) && t[7] == '-' && digits(8, 2)))
    return std::nullopt;
  std::string out(t.substr(0, 10));
  if (t.size() == 10)
    return out;
  if ((t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !digits(11, 2) || t.size() < 16 || t[13] != ':' ||
      !digits(14, 2))
    return std::nullopt;
  out += 'T';
  out += t.substr(11, 5);
  if (t.size() == 16)
    return out + ":00";
  if (t.size() < 19 || t[16] != ':' || !digits(17, 2))
    return std::nullopt;
  out += t.substr(16, 3);
  if (t.size() > 19 && (t[19] != '.' || !digits(20, t.size() - 20)))
    return std::nullopt;
  return out;
}

std::optional<int> parseLevel(std::string_view t) {
  if (iequals(t, "critical"))
    return 1;
  if (iequals(t, "error"))
    return 2;
  if (iequals(t, "warning"))
    return 3;
  if (iequals(t, "information") || iequals(t, "info"))
    return 4;
  if (iequals(t, "audit"))
    return 0;
  if (t.size() == 1 && t[0] >= '0' && t[0] <= '5')
    return t[0] - '0';
  return std::nullopt;
}

bool TriageFilter::accepts(const EventRecord &r) const {
  if (!ids.empty() && std::find(ids.begin(), ids.end(), r.eventId) == ids.end())
    return false;
  if (!computers.empty() && std::none_of(computers.begin(), computers.end(),
                                         [&](const std::string &c) { return computerMatches(r.computer, c); }))
    return false;
  if (!levels.empty() && (!r.level || std::find(levels.begin(), levels.end(), *r.level) == levels.end()))
    return false;
  if (since.empty() && until.empty())
    return true;
  // Event times are UTC ISO 8601 with fractions: compare as text, `until` through its last second.
  const std::string &t = r.timeUtc;
  if (t.empty())
    return false;
  if (!since.empty() && t < since)
    return false;
  if (!until.empty() && t > until && !t.starts_with(until))
    return false;
  return true;
}

bool eventMatters(const EventRecord &r) {
  if (isDcomProvider(r.provider)) {
    switch (r.eventId) {
    case 10004:
    case 10006:
    case 10009:
    case 10010:
    case 10014:
    case 10015:
    case 10016:
    case 10017:
    case 10018:
    case 10019:
    case 10027:
    case 10028:
    case 10036:
    case 10037:
    case 10038: return true;
    default: return false;
    }
  }
  if (isSecurityProvider(r.provider)) {
    switch (r.eventId) {
    case 4625:
    case 529: return true;
    case 4624: {
      const std::string *type = r.dataValue("LogonType");
      return type && *type == "3";
    }
    case 4776: return statusIsFailure(r, "Status");
    case 680: return !r.data.empty() ? r.data.size() < 4 || statusIsFailure(r, "4") : true;
    default: return false;
    }
  }
  if (icontains(r.provider, "Active Server Pages")) {
    if (icontains(r.message, "impersonate the Anonymous User"))
      return true;
    for (const auto &[name, value] : r.data)
      if (icontains(value, "impersonate the Anonymous User") || icontains(value, "Anonymous User"))
        return true;
    return false;
  }
  if (icontains(r.message, "Failed to impersonate the Anonymous User"))
    return true;
  return isOpcServerError(r);
}

std::string Finding::sentence() const {
  std::string s = fmt::format("{} x {}", count, assessment.what);
  if (!assessment.fix.empty()) {
    std::string fix = assessment.fix;
    // Knowledge-base sentences start with a capital; after a colon they read better without.
    if (fix.size() > 1 && std::isupper(static_cast<unsigned char>(fix[0])) &&
        std::islower(static_cast<unsigned char>(fix[1])))
      fix[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(fix[0])));
    s += ": " + fix;
  }
  return s;
}

bool Triage::add(const EventRecord &r) {
  if (!filter_.accepts(r) || !eventMatters(r))
    return false;
  if (r.recordId && !seen_.insert(recordKey(r)).second) {
    ++duplicates_;
    return false;
  }
  ++matched_;
  EventFacts facts = extractFacts(r);
  std::string key = groupKey(facts, r);
  auto [it, inserted] = groups_.try_emplace(key);
  Finding &f = it->second;
  const std::string when = timeOf(r);
  if (inserted) {
    f.eventId = r.eventId;
    f.provider = r.provider;
    f.log = !r.channel.empty() ? r.channel : facts.info ? std::string(logName(facts.info->log)) : "";
    f.symbol = facts.info ? std::string(facts.info->symbol) : "";
    f.computer = r.computer;
    f.assessment = assess(facts, directory_);
    f.facts = std::move(facts);
    f.firstSeen = f.lastSeen = when;
  } else if (!when.empty()) {
    if (f.firstSeen.empty() || when < f.firstSeen)
      f.firstSeen = when;
    if (f.lastSeen.empty() || when > f.lastSeen)
      f.lastSeen = when;
  }
  ++f.count;
  if (f.evidence.empty() || f.evidence.back().file != r.file)
    f.evidence.push_back({r.file, {}});
  if (r.recordId)
    f.evidence.back().recordIds.push_back(*r.recordId);
  return true;
}

std::vector<Finding> Triage::findings() const {
  std::vector<Finding> out;
  out.reserve(groups_.size());
  for (const auto &[key, f] : groups_)
    out.push_back(f);
  std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
    if (a.assessment.severity != b.assessment.severity)
      return a.assessment.severity > b.assessment.severity;
    if (a.count != b.count)
      return a.count > b.count;
    return a.firstSeen < b.firstSeen;
  });
  return out;
}

Result<InputSummary> triageEvtxFile(const std::string &path, Triage &triage, unsigned threads) {
  InputSummary summary;
  summary.file = path;
  EventRecord record;
  auto read = evtx::readEvents(path, threads, [&](const evtx::Event &e) {
    record = EventRecord{};
    record.file = path;
    record.recordId = e.eventRecordId ? *e.eventRecordId : e.recordId;
    record.timeUtc = evtx::fileTimeText(e.time());
    record.provider = !e.provider.empty() ? e.provider : e.eventSourceName;
    record.channel = e.channel;
    record.eventId = e.eventId.value_or(0);
    if (e.level)
      record.level = *e.level;
    record.computer = e.computer;
    record.userSid = e.userSid;
    record.data.reserve(e.data.size());
    for (const auto &d : e.data)
      record.data.emplace_back(d.name, d.value);
    uint64_t duplicatesBefore = triage.duplicates();
    if (triage.add(record))
      ++summary.matched;
    summary.duplicates += triage.duplicates() - duplicatesBefore;
  });
  if (!read)
    return read.error();
  summary.records = read->records;
  summary.problems = read->problems;
  summary.anythingSkipped = read->anythingSkipped();
  return summary;
}

namespace {

// Per computer: its findings, by severity, and the events they group.
struct HostSummary {
  std::string computer;
  size_t findings = 0, errors = 0, warnings = 0, infos = 0;
  uint64_t events = 0;
};

std::vector<HostSummary> perComputer(const std::vector<Finding> &findings) {
  std::vector<HostSummary> out;
  for (const Finding &f : findings) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const HostSummary &h) { return iequals(h.computer, f.computer); });
    if (it == out.end())
      it = out.insert(out.end(), HostSummary{f.computer});
    ++it->findings;
    it->events += f.count;
    (f.assessment.severity == Severity::Error     ? it->errors
     : f.assessment.severity == Severity::Warning ? it->warnings
                                                  : it->infos)++;
  }
  std::stable_sort(out.begin(), out.end(), [](const HostSummary &a, const HostSummary &b) {
    return a.errors != b.errors ? a.errors > b.errors : a.events > b.events;
  });
  return out;
}

std::string csvField(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
}

std::string evidenceText(const Finding &f) {
  std::string out;
  for (const auto &e : f.evidence) {
    std::string ids;
    for (uint64_t id : e.recordIds)
      ids += fmt::format("{}{}", ids.empty() ? "" : " ", id);
    out += fmt::format("{}{}{}{}", out.empty() ? "" : "; ", e.file, ids.empty() ? "" : ":", ids);
  }
  return out;
}

} // namespace

std::string renderFindingsCsv(const std::vector<Finding> &findings) {
  std::string out = "severity,count,event_id,provider,log,computer,first_seen,last_seen,summary,cause,fix,account,"
                    "server,evidence\r\n";
  for (const Finding &f : findings) {
    const std::string fields[] = {std::string(severityName(f.assessment.severity)),
                                  std::to_string(f.count),
                                  std::to_string(f.eventId),
                                  f.provider,
                                  f.log,
                                  f.computer,
                                  f.firstSeen,
                                  f.lastSeen,
                                  f.sentence(),
                                  f.assessment.cause,
                                  f.assessment.fix,
                                  f.assessment.account,
                                  f.assessment.server,
                                  evidenceText(f)};
    for (size_t i = 0; i < std::size(fields); ++i)
      out += (i ? "," : "") + csvField(fields[i]);
    out += "\r\n";
  }
  return out;
}

nlohmann::json findingsJson(const std::vector<Finding> &findings, const std::vector<InputSummary> &inputs,
                            const Directory &directory) {
  using json = nlohmann::json;
  json out = json::object();
  json files = json::array();
  for (const auto &in : inputs)
    files.push_back(json{{"file", in.file},
                         {"records", in.records},
                         {"matched", in.matched},
                         {"duplicates", in.duplicates},
                         {"problems", in.problems}});
  out["inputs"] = std::move(files);
  json hosts = json::array();
  for (const HostSummary &h : perComputer(findings))
    hosts.push_back(json{{"computer", h.computer},
                         {"findings", h.findings},
                         {"errors", h.errors},
                         {"warnings", h.warnings},
                         {"info", h.infos},
                         {"events", h.events}});
  out["computers"] = std::move(hosts);
  out["resolved_from"] =
      directory.fromPlant() ? "plant " + directory.plantFile() : "the events and Windows' well-known names";
  json list = json::array();
  for (const Finding &f : findings) {
    json evidence = json::array();
    for (const auto &e : f.evidence)
      evidence.push_back(json{{"file", e.file}, {"record_ids", e.recordIds}});
    json params = json::array();
    for (const auto &[name, value] : f.facts.parameters)
      params.push_back(json{{"name", name}, {"value", value}});
    json j{{"event_id", f.eventId},
           {"provider", f.provider},
           {"log", f.log},
           {"symbol", f.symbol},
           {"count", f.count},
           {"first_seen", f.firstSeen},
           {"last_seen", f.lastSeen},
           {"computer", f.computer},
           {"summary", f.sentence()},
           {"facts", eventFactsJson(f.facts)},
           {"parameters", std::move(params)},
           {"evidence", std::move(evidence)}};
    json a = assessmentJson(f.assessment);
    for (auto &[k, v] : a.items())
      j[k] = v;
    list.push_back(std::move(j));
  }
  out["findings"] = std::move(list);
  return out;
}

std::string renderFindings(const std::vector<Finding> &findings, const std::vector<InputSummary> &inputs,
                           const Directory &directory) {
  std::string out;
  uint64_t records = 0, matched = 0;
  for (const auto &in : inputs) {
    records += in.records;
    matched += in.matched;
  }
  uint64_t duplicates = 0;
  for (const auto &in : inputs)
    duplicates += in.duplicates;
  out += fmt::format("{} finding{} from {} of {} events in {} file{} (names from {})\n", findings.size(),
                     findings.size() == 1 ? "" : "s", matched, records, inputs.size(), inputs.size() == 1 ? "" : "s",
                     directory.fromPlant() ? "plant " + directory.plantFile()
                                           : "the events and Windows' well-known names");
  if (duplicates)
    out += fmt::format("{} record{} read twice (the same log given twice, or a copy) counted once\n", duplicates,
                       duplicates == 1 ? "" : "s");
  auto hosts = perComputer(findings);
  if (!hosts.empty()) {
    out += "Findings are grouped per computer:\n";
    for (const HostSummary &h : hosts)
      out += fmt::format("  {}: {} finding{} ({} error{}, {} warning{}, {} info), {} event{}\n",
                         h.computer.empty() ? "(computer not named)" : h.computer, h.findings,
                         h.findings == 1 ? "" : "s", h.errors, h.errors == 1 ? "" : "s", h.warnings,
                         h.warnings == 1 ? "" : "s", h.infos, h.events, h.events == 1 ? "" : "s");
  }
  for (const Finding &f : findings) {
    out += fmt::format("\n[{}] {}\n", severityName(f.assessment.severity), f.sentence());
    out += fmt::format("  event: {} {} ({} log{}), first {}, last {}\n", f.provider, f.eventId, f.log,
                       f.computer.empty() ? "" : " on " + f.computer, f.firstSeen, f.lastSeen);
    if (!f.assessment.cause.empty())
      out += fmt::format("  cause: {}\n", f.assessment.cause);
    if (f.assessment.hresult)
      out += fmt::format("  the client sees: {} {}\n", formatCode(f.assessment.hresult->code),
                         f.assessment.hresult->symbol());
    if (!f.facts.parameters.empty()) {
      std::string params;
      for (const auto &[name, value] : f.facts.parameters) {
        if (params.size() > 400) {
          params += ", ...";
          break;
        }
        params += fmt::format("{}{}={}", params.empty() ? "" : ", ", name, value);
      }
      out += fmt::format("  parameters: {}\n", params);
    }
    for (const auto &e : f.evidence) {
      std::string ids;
      size_t shown = 0;
      for (uint64_t id : e.recordIds) {
        if (shown++ == 20) {
          ids += fmt::format(", ... ({} in all)", e.recordIds.size());
          break;
        }
        ids += fmt::format("{}{}", ids.empty() ? "" : ", ", id);
      }
      out += fmt::format("  evidence: {} record{} {}\n", e.file, e.recordIds.size() == 1 ? "" : "s", ids);
    }
    if (!f.assessment.source.empty())
      out += fmt::format("  source: {}\n", f.assessment.source);
  }
  return out;
}

} // namespace dd::audit
