// The license release diagnosis (see Diagnosis.h). The rules and where they come from:
//  - Session_OnEnd runs as the application's anonymous user when AspRunOnEndAnonymously (IIS 7+:
//    asp@runOnEndAnonymously) is true, the default; otherwise as the worker process identity
//    (IIS 6.0 Metabase Property Reference, AspRunOnEndAnonymously; IIS configuration reference,
//    system.webServer/asp).
//  - IIS logs the anonymous user on with LogonUser, the name and password kept at the
//    application's level (inherited down /LM/W3SVC/n/ROOT/...), with LogonMethod (default 3,
//    network cleartext; IIS 7+ logonMethod, default ClearText).
//  - The logon itself (account missing, disabled, locked, expired; the network logon rights) is
//    sim/Tokens' logon of the account on its own host; interactive and batch logons check their
//    own pair of rights here.
//  - COM+ role checks: ApplicationAccessChecksEnabled, AccessChecksLevel 0 (process: any role of
//    the application) or 1 (component: a role assigned to the component, one of its interfaces
//    or methods) (Microsoft, "COM+ Administration Collections", Applications and Roles).
//  - The built-in IUSR (S-1-5-17) and a real IUSR_<machine> carry Everyone in their tokens;
//    EveryoneIncludesAnonymous only changes ANONYMOUS LOGON (sim/Tokens).
#include "sim/license/Diagnosis.h"

#include "model/web/WebFacts.h"
#include "sim/Tokens.h"
#include "sim/license/Identity.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim::license {

using model::iequals;
namespace iis = model::iis;

const char *causeKey(CauseId id) {
  switch (id) {
  case CauseId::AnonymousLogon: return "anonymous-logon";
  case CauseId::LogonRight: return "logon-right";
  case CauseId::ComPlusRole: return "complus-role";
  case CauseId::Hotfix: return "hotfix";
  }
  return "";
}

bool Diagnosis::holds(CauseId id) const {
  return std::any_of(causes.begin(), causes.end(), [&](const Cause &c) { return c.id == id; });
}

namespace {

constexpr const char *kKb = "KB934903";

Cause &causeOf(Diagnosis &d, CauseId id, const char *title) {
  for (auto &c : d.causes)
    if (c.id == id)
      return c;
  d.causes.push_back(Cause{id, title, {}});
  return d.causes.back();
}

// Without `application` in the plant: IIS 6, the first application below a site's root (a key
// with AppRoot deeper than /LM/W3SVC/n/ROOT), else the first site's root; IIS 7+, the first site.
std::string defaultApplication(const iis::IisConfig &config) {
  if (config.version == iis::IisVersion::Iis7)
    return config.applications.empty() ? std::string("Default Web Site") : config.applications.front().site;
  for (const auto &n : config.nodes)
    if (n.appRoot && std::count(n.path.begin(), n.path.end(), '/') > 4)
      return n.path;
  return "/LM/W3SVC/1/ROOT";
}

// ASP's name of the application in its events: the metabase path (IIS 7+: /LM/W3SVC/<id>/ROOT/...).
std::string aspApplicationId(const iis::IisConfig &config, const std::string &application) {
  if (config.version == iis::IisVersion::Iis6)
    return application;
  std::string site = application.substr(0, application.find('/'));
  std::string rest = application.size() > site.size() ? application.substr(site.size()) : "";
  for (const auto &a : config.applications)
    if (iequals(a.site, site))
      return fmt::format("/LM/W3SVC/{}/ROOT{}", a.siteId, rest);
  return "/LM/W3SVC/1/ROOT" + rest;
}

void sessionFacts(const Settings &s, Diagnosis &d) {
  d.sessionTimeoutMinutes = s.sessionTimeout.value;
  d.sessionTimeoutFrom = s.sessionTimeout.origin;
  d.facts.push_back(fmt::format("session timeout {} minutes ({}): a closed browser's session ends, and its "
                                "Session_OnEnd runs, that long after the last request",
                                s.sessionTimeout.value, s.sessionTimeout.origin));
  d.facts.push_back(fmt::format("{} = {} ({})", d.iis6 ? "AspRunOnEndAnonymously" : "asp runOnEndAnonymously",
                                s.runOnEndAnonymously.value ? "true" : "false", s.runOnEndAnonymously.origin));
}

void hotfixCheck(const model::Host &host, const model::WebFacts &web, Diagnosis &d) {
  const auto &os = host.os.value;
  bool sp2 = os.family == model::OsFamily::WindowsServer2003 && (os.servicePack == -1 || os.servicePack >= 2);
  if (!sp2)
    return;
  if (!web.hotfixes) {
    d.facts.push_back(fmt::format("{} runs Windows Server 2003 SP2 ({}); whether {} is installed is unknown (no "
                                  "hotfix list: state hotfixes = [...] or add the snapshot's systeminfo)",
                                  host.name, host.os.from.origin(), kKb));
    return;
  }
  const auto &list = web.hotfixes->value;
  bool installed = std::any_of(list.begin(), list.end(), [](const std::string &k) { return iequals(k, kKb); });
  if (installed) {
    d.facts.push_back(fmt::format("{} is installed ({})", kKb, web.hotfixes->from.origin()));
    return;
  }
  causeOf(d, CauseId::Hotfix, "Windows Server 2003 SP2 without KB 934903")
      .evidence.push_back(fmt::format("{} runs Windows Server 2003 SP2 ({}) and {} is not among its hotfixes ({}). "
                                      "The tech note asks for it before any other step; its content is not public, "
                                      "so dcomdoctor does not say what it changes",
                                      host.name, host.os.from.origin(), kKb, web.hotfixes->from.origin()));
}

PredictedEvent predictEvent(const Diagnosis &d, const Settings &s, bool noAnonymousUser) {
  PredictedEvent e;
  e.source = "Active Server Pages";
  if (!d.logonOk) {
    e.written = true;
    e.text = fmt::format("Failed to {} for ASP Application {}. Global.ASA OnEnd routines will not be executed.",
                         noAnonymousUser ? "retrieve the Anonymous User Token" : "impersonate the Anonymous User",
                         d.aspApplicationId);
    e.why = "ASP could not get a token for the anonymous user, so it skips Session_OnEnd and logs this warning "
            "(the event id is not confirmed; look for the text)";
    return e;
  }
  if (d.holds(CauseId::ComPlusRole)) {
    e.written = s.errorsToNTLog.value;
    e.text = e.written ? fmt::format("an ASP script error in {}/global.asa Session_OnEnd: Permission denied "
                                     "(0x80070005) calling the release component",
                                     d.aspApplicationId)
                       : "none";
    e.why = fmt::format("{} = {} ({}): {}", d.iis6 ? "AspErrorsToNTLog" : "asp errorsToNTLog",
                        s.errorsToNTLog.value ? "true" : "false", s.errorsToNTLog.origin,
                        e.written ? "ASP writes the script error of Session_OnEnd to the Application log"
                                  : "a COM+ refusal inside Session_OnEnd writes nothing to the Application log");
    return e;
  }
  e.text = "none";
  e.why = "the release runs: nothing is logged";
  return e;
}

} // namespace

Result<Diagnosis> diagnose(const model::Plant &plant, std::string_view hostName) {
  Tokens tokens(plant);
  int hostIndex = tokens.hostIndex(hostName);
  if (hostIndex < 0)
    return Error::at(fmt::format("{}: no host \"{}\" (see the plant's [[host]] names)", plant.file, hostName));
  const model::Host &host = plant.hosts[hostIndex];
  if (!host.web || !host.web->iis)
    return Error::at(fmt::format("{}: host \"{}\" has no IIS configuration: add [host.iis] metabase = "
                                 "\"MetaBase.xml\" (IIS 6) or application_host = \"applicationHost.config\" (IIS 7+) "
                                 "(docs/license.md)",
                                 plant.file, host.name));
  const model::WebFacts &web = *host.web;
  const iis::IisConfig &config = *web.iis;
  Diagnosis d;
  d.host = host.name;
  d.iis6 = config.version == iis::IisVersion::Iis6;
  d.iis = d.iis6 ? "IIS 6 (" + config.source + ")" : "IIS 7+ (" + config.source + ")";
  d.application = web.application ? web.application->value : defaultApplication(config);
  d.aspApplicationId = aspApplicationId(config, d.application);
  Settings s = settingsAt(config, d.application);
  if (s.levels.empty())
    return Error::at(fmt::format("{}: application \"{}\" of host \"{}\" matches no level of {}", plant.file,
                                 d.application, host.name, config.source));
  sessionFacts(s, d);
  Identity id = onEndIdentity(host, web, s, d);
  if (id.kind != Identity::Kind::None)
    logOn(tokens, hostIndex, web, s, id, d);
  else
    d.logonOk = false;
  if (d.logonOk)
    checkRoles(tokens, hostIndex, web, id, d);
  hotfixCheck(host, web, d);
  d.releaseWorks = !d.holds(CauseId::AnonymousLogon) && !d.holds(CauseId::LogonRight) && !d.holds(CauseId::ComPlusRole);
  d.event = predictEvent(d, s, id.kind == Identity::Kind::None);
  return d;
}

} // namespace dd::sim::license
