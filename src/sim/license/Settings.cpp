// The IIS settings in force at an application's level (see Identity.h). Defaults: IIS 6.0
// Metabase Property Reference (AspSessionTimeout 20, AspRunOnEndAnonymously TRUE,
// AspErrorsToNTLog FALSE, LogonMethod 3, AppPoolId DefaultAppPool); IIS configuration
// reference (asp session timeout 00:20:00, runOnEndAnonymously true, errorsToNTLog false,
// anonymousAuthentication userName IUSR, logonMethod ClearText).
#include "sim/license/Identity.h"

#include <filesystem>
#include <fmt/format.h>

namespace dd::sim::license {

namespace iis = model::iis;
using model::iequals;

namespace {

std::string fileName(const std::string &path) { return std::filesystem::path(path).filename().string(); }

template <class T, class Member>
Effective<T> effective(const std::vector<const iis::Node *> &levels, Member member, const std::string &source,
                       T fallback, const char *defaultSource) {
  for (auto it = levels.rbegin(); it != levels.rend(); ++it)
    if (const auto &slot = (*it)->*member) {
      std::string where = (*it)->path.empty() ? std::string("server level") : (*it)->path;
      return Effective<T>{slot->value, fmt::format("{}:{} ({})", fileName(source), slot->line, where), *it};
    }
  return Effective<T>{fallback, std::string("IIS default (") + defaultSource + ")", nullptr};
}

std::string iis7Pool(const iis::IisConfig &config, const std::string &application) {
  std::string site = application.substr(0, application.find('/'));
  std::string path = application.size() > site.size() ? application.substr(site.size()) : "/";
  const iis::Application *best = nullptr;
  for (const auto &a : config.applications) {
    if (!iequals(a.site, site))
      continue;
    bool prefix = a.path == "/" || (path.size() >= a.path.size() && iequals(path.substr(0, a.path.size()), a.path));
    if (prefix && (!best || a.path.size() > best->path.size()))
      best = &a;
  }
  if (best && !best->pool.empty())
    return best->pool;
  return config.defaultPool.empty() ? "DefaultAppPool" : config.defaultPool;
}

} // namespace

Settings settingsAt(const iis::IisConfig &config, const std::string &application) {
  Settings s;
  s.levels = config.chain(application);
  const bool v6 = config.version == iis::IisVersion::Iis6;
  const char *ref = v6 ? "IIS 6.0 Metabase Property Reference" : "IIS configuration reference, system.webServer";
  const std::string &src = config.source;
  s.sessionTimeout = effective(s.levels, &iis::Node::aspSessionTimeout, src, 20, ref);
  s.runOnEndAnonymously = effective(s.levels, &iis::Node::aspRunOnEndAnonymously, src, true, ref);
  s.errorsToNTLog = effective(s.levels, &iis::Node::aspErrorsToNTLog, src, false, ref);
  s.logonMethod = effective(s.levels, &iis::Node::logonMethod, src, iis::LogonMethod::NetworkCleartext, ref);
  auto name = effective(s.levels, &iis::Node::anonymousUserName, src, std::string(v6 ? "" : "IUSR"), ref);
  if (name.level || !v6)
    s.anonymousUserName = name;
  for (auto it = s.levels.rbegin(); it != s.levels.rend() && !s.passwordLevel; ++it)
    if ((*it)->anonymousUserPass)
      s.passwordLevel = *it;
  if (v6)
    s.appPool = effective(s.levels, &iis::Node::appPoolId, src, std::string("DefaultAppPool"), ref).value;
  else
    s.appPool = iis7Pool(config, application);
  return s;
}

} // namespace dd::sim::license
