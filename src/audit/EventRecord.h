// One logged event, as the audit sees it: the fields of the event's System part, its data as
// name/value pairs, and -- when it came as Event Viewer text -- the rendered description.
// Both sources (an .evtx record through dd::evtx, a pasted event through EventText) produce
// this, so facts extraction, `explain` and the triage work the same on either.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dd::audit {

struct EventRecord {
  std::string file; // source file, or "<stdin>"
  std::optional<uint64_t> recordId;
  std::string timeUtc;  // ISO 8601 UTC "2020-02-28T22:35:55.910274Z" when known
  std::string timeText; // date/time as pasted text shows it ("10/16/2012 3:48:09 PM")
  std::string provider; // "Microsoft-Windows-DistributedCOM", "DCOM", "Security", ...
  std::string channel;  // "System", "Security", "Application" when known
  uint32_t eventId = 0;
  std::optional<int> level; // 1 critical, 2 error, 3 warning, 4 information, 0 (audits)
  std::string eventType;    // old form: "Error", "Failure Audit", ...
  std::string computer;
  std::string userSid;                                   // System/Security UserID
  std::string userText;                                  // old/new text form "User:" field ("NT AUTHORITY\SYSTEM")
  std::vector<std::pair<std::string, std::string>> data; // EventData (name may be empty)
  std::string message;                                   // the rendered description, when known

  // The value of the data item named `name` (case-sensitive), if present.
  const std::string *dataValue(std::string_view name) const {
    for (const auto &[n, v] : data)
      if (n == name)
        return &v;
    return nullptr;
  }
};

} // namespace dd::audit
