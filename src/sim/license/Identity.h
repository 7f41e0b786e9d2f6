// The steps of the license release diagnosis (Diagnosis.cpp runs them in order): the settings
// in force at the application's level, who runs Session_OnEnd, its logon, and the COM+ role
// check at the release component.
#pragma once

#include "model/iis/IisConfig.h"
#include "model/web/WebFacts.h"
#include "sim/Tokens.h"
#include "sim/license/Diagnosis.h"

#include <string>
#include <vector>

namespace dd::sim::license {

// A setting in force at the application's level: the deepest level that sets it, or IIS's
// default. `origin` is "MetaBase.xml:12 (/LM/W3SVC)" or "IIS default (document)".
template <class T>
struct Effective {
  T value{};
  std::string origin;
  const model::iis::Node *level = nullptr; // null: the default
};

struct Settings {
  std::vector<const model::iis::Node *> levels; // outermost first
  Effective<int> sessionTimeout;
  Effective<bool> runOnEndAnonymously;
  Effective<bool> errorsToNTLog;
  Effective<model::iis::LogonMethod> logonMethod;
  std::optional<Effective<std::string>> anonymousUserName; // IIS 7+: userName (default "IUSR")
  const model::iis::Node *passwordLevel = nullptr;         // the deepest level with a password
  std::string appPool;                                     // the application's pool
};
Settings settingsAt(const model::iis::IisConfig &config, const std::string &application);

struct Identity {
  enum class Kind : uint8_t { None, Account, BuiltinIusr, PoolIdentity, Service };
  Kind kind = Kind::None;
  std::string name;       // as configured: "IUSR_WIS01", "NetworkService"
  std::string display;    // "WIS01\IUSR_WIS01", "NT AUTHORITY\IUSR", "IIS APPPOOL\WIS"
  bool anonymous = false; // the anonymous user (the password and rights checks apply)
  winsec::Token token;
  std::vector<std::string> names; // the names a COM+ role member may use for it
};
Identity onEndIdentity(const model::Host &host, const model::WebFacts &web, const Settings &s, Diagnosis &d);

// The identity's logon: sets d.logonOk, adds anonymous-logon / logon-right causes, fills id.token.
void logOn(Tokens &tokens, int host, const model::WebFacts &web, const Settings &s, Identity &id, Diagnosis &d);

// The COM+ role check at the release component: adds the complus-role cause when no role admits.
void checkRoles(Tokens &tokens, int host, const model::WebFacts &web, const Identity &id, Diagnosis &d);

} // namespace dd::sim::license
