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
  std::string symbol;          // the knowledge base's name of the event
  size_t count = 0;
  std::string firstSeen, lastSeen; // UTC ISO 8601 (as the events give them)
  std::string computer;        // where it was logged (the first event's)
  EventFacts facts;            // of the first event of the group
  Assessment assessment;
  std::vector<Evidence> evidence;
  std::string sentence() const; // "16 x <what>: <fix>"
};

// True for an event the triage reports (see docs/events.md).
bool eventMatters(const EventRecord &record);

class Triage {
public:
  explicit Triage(Directory directory) : directory_(std::move(directory)) {}

  // Considers one event; returns true when it joined a finding.
  bool add(const EventRecord &record);
  // Findings: errors before warnings before information, then by count.
  std::vector<Finding> findings() const;
  uint64_t eventsMatched() const { return matched_; }
  const Directory &directory() const { return directory_; }

private:
  Directory directory_;
  std::map<std::string, Finding> groups_; // by grouping key
  uint64_t matched_ = 0;
};

// What reading the inputs gave, for the report.
struct InputSummary {
  std::string file;
  uint64_t records = 0;
  uint64_t matched = 0;
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

} // namespace dd::audit
