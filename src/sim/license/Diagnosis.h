// Why a web information server's client licenses are not released (docs/license.md): the
// session's license goes back to the pool when the user logs off, or when IIS runs the ASP
// application's Session_OnEnd (session timed out or abandoned), which calls a COM+ component as
// the IIS anonymous account (or, with AspRunOnEndAnonymously off or IIS 7+'s userName="", the
// worker process identity). The release fails when:
//   anonymous-logon  the anonymous account cannot log on (missing, disabled, locked out, expired,
//                    or the password the configuration keeps at the application's level differs)
//   logon-right      a user right refuses the logon type IIS uses (LogonMethod)
//   complus-role     no COM+ role admits the identity at the release component
// and, reported apart: hotfix (Windows Server 2003 SP2 without KB 934903: whether it is
// installed, nothing more). Each cause carries its evidence with file:line.
#pragma once

#include "model/Plant.h"
#include "support/Result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::sim::license {

enum class CauseId : uint8_t { AnonymousLogon, LogonRight, ComPlusRole, Hotfix };
const char *causeKey(CauseId id); // "anonymous-logon", "logon-right", "complus-role", "hotfix"

struct Cause {
  CauseId id;
  std::string title;
  std::vector<std::string> evidence;
};

// What Windows writes to the Application log when a release fails (or "none").
struct PredictedEvent {
  bool written = false;
  std::string source; // "Active Server Pages"
  std::string text;   // the message; the event id is not confirmed, so none is given
  std::string why;    // why this event (or none), with the setting's file:line
};

struct Diagnosis {
  std::string host;
  std::string iis; // "IIS 6 (MetaBase.xml)", "IIS 7+ (applicationHost.config)"
  bool iis6 = true;
  std::string application;      // the ASP application's path as configured
  std::string aspApplicationId; // "/LM/W3SVC/1/ROOT/Wonderware", as ASP names it in events
  int sessionTimeoutMinutes = 20;
  std::string sessionTimeoutFrom;
  std::string onEndIdentity;               // "WIS01\IUSR_WIS01", "NT AUTHORITY\IUSR", "IIS APPPOOL\WIS"
  std::string onEndAccount;                // the account as configured ("IUSR_WIS01"), "" for the built-ins
  std::string onEndSid;                    // its SID when it is a real account or built-in IUSR
  bool onEndAnonymous = true;              // the anonymous user (not the worker process identity)
  bool logonOk = true;                     // the identity got a token
  bool roleChecked = false;                // the COM+ role check was evaluated
  bool releaseWorks = true;                // no cause that stops the release holds
  std::vector<std::string> facts;          // the chain: settings and who runs OnEnd, with file:line
  std::vector<std::string> passwordLevels; // each level's AnonymousUserPass: "set", "same as ..."
  std::vector<Cause> causes;
  PredictedEvent event;

  bool healthy() const { return causes.empty(); }
  bool holds(CauseId id) const;
};

// Errors: no such host; the host has no IIS configuration ([host.iis]); the application path
// matches no level of it.
Result<Diagnosis> diagnose(const model::Plant &plant, std::string_view host);

} // namespace dd::sim::license
