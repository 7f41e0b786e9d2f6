// What one event means in a sentence: "Remote Launch denied to OPCUSER for OSIsoft.OPCDA.1 by
// the application-specific launch permission", the fix for exactly that ("add OPCUSER to its
// Launch and Activation permissions"), the cause, and the related codes. Shared by `explain`
// (one event) and the triage (a group of like events, prefixed with their count).
#pragma once

#include "audit/Directory.h"
#include "audit/EventFacts.h"
#include "audit/KnowledgeBase.h"

#include <string>

namespace dd::audit {

enum class Severity { Info, Warning, Error };
std::string_view severityName(Severity s); // "info", "warning", "error"

struct Assessment {
  Severity severity = Severity::Error;
  std::string what;                     // the sentence, without a count
  std::string cause;                    // the cause that applies to these facts
  std::string fix;                      // the fix for these facts
  std::string server;                   // resolved server name ("" when the event names none)
  std::string account;                  // resolved account name ("" when the event names none)
  const HResultInfo *hresult = nullptr; // what the client sees, when known
  const StatusInfo *status = nullptr;   // the deciding logon status (Sub Status over Status)
  std::string source;                   // the guide's section and/or the Microsoft document
};

Assessment assess(const EventFacts &facts, const Directory &directory);

} // namespace dd::audit
