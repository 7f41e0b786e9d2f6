// The triage of event logs: picks out the events that matter for DCOM between OPC clients and
// servers (docs/events.md lists them and the rule for OPC servers' own errors), groups like
// events into findings -- "16 x Remote Launch denied to OPCUSER for OSIsoft.OPCDA.1 by the
// application-specific launch permission: add OPCUSER to its Launch and Activation
// permissions" -- each with its count, first and last time, the cause and fix from the
// knowledge base, and its evidence (files, record ids, the event's own parameters).
#pragma once

#include "audit/Assessment.h"
#include "audit/Directory.h"
#include "audit/EventFacts.h"
#include "audit/EventRecord.h"
#include "support/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_set>
#include <string>
#include <vector>

namespace dd::audit {

struct Evidence {
  std::string file;
  std::vector<uint64_t> recordIds;
};

struct Finding {
  uint32_t eventId = 0;
  std::string provider;
  std::string log;
  std::string symbol; // the knowledge base's name of the event
  size_t count = 0;
  std::string firstSeen, lastSeen; // UTC ISO 8601 (as the events give them)
  std::string computer;            // where it was logged (findings are per computer)
  EventFacts facts;                // of the first event of the group
  Assessment assessment;
  std::vector<Evidence> evidence;
  std::string sentence() const; // "16 x <what>: <fix>"
};

// True for an event the triage reports (see docs/events.md).
bool eventMatters(const EventRecord &record);

// Which events to consider at all: the `events` verb's --since/--until/--id/--computer/--level.
struct TriageFilter {
  std::string since, until;           // UTC, "2024-05-01" or "2024-05-01T12:30:00": inclusive
  std::vector<uint32_t> ids;          // empty: every id
  std::vector<std::string> computers; // case-insensitive; "OPCSRV" also matches "OPCSRV.plant.local"
  std::vector<int> levels;            // 1 critical, 2 error, 3 warning, 4 information, 0 audit
  bool accepts(const EventRecord &record) const;
};
// "2024-05-01", "2024-05-01T12:30", "2024-05-01 12:30:00Z" -> "2024-05-01T12:30:00"; nullopt
// for anything else.
std::optional<std::string> normaliseTime(std::string_view text);
// "error" -> 2, "warning" -> 3, "information"/"info" -> 4, "critical" -> 1, "audit" -> 0, or a digit.
std::optional<int> parseLevel(std::string_view text);

class Triage {
public:
  explicit Triage(Directory directory, TriageFilter filter = {})
      : directory_(std::move(directory)), filter_(std::move(filter)) {}

  // Considers one event; returns true when it joined a finding.
  bool add(const EventRecord &record);
  // Findings: errors before warnings before information, then by count.
  std::vector<Finding> findings() const;
  uint64_t eventsMatched() const { return matched_; }
  // Records seen before (the same log given twice, or two copies of it): counted once.
  uint64_t duplicates() const { return duplicates_; }
  const Directory &directory() const { return directory_; }

private:
  Directory directory_;
  TriageFilter filter_;
  std::map<std::string, Finding> groups_; // by grouping key
  std::unordered_set<std::string> seen_;  // computer, log, record id, event id, time of each record
  uint64_t matched_ = 0;
  uint64_t duplicates_ = 0;
};

// What reading the inputs gave, for the report.
struct InputSummary {
  std::string file;
  uint64_t records = 0;
  uint64_t matched = 0;
  uint64_t duplicates = 0;           // matched records already read from another input
  std::vector<std::string> problems; // damaged chunks/records, located
  bool anythingSkipped = false;
};

// Reads one .evtx file through dd::evtx into the triage (an error when the file cannot be
// read at all or this build has no EVTX reader).
Result<InputSummary> triageEvtxFile(const std::string &path, Triage &triage, unsigned threads = 0);

nlohmann::json findingsJson(const std::vector<Finding> &findings, const std::vector<InputSummary> &inputs,
                            const Directory &directory);
std::string renderFindings(const std::vector<Finding> &findings, const std::vector<InputSummary> &inputs,
                           const Directory &directory);
// One line per finding: severity, count, event id, provider, log, computer, first and last time,
// the sentence, cause, fix, account, server, and the evidence (file:record ids).
std::string renderFindingsCsv(const std::vector<Finding> &findings);

} // namespace dd::audit
