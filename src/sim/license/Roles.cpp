// The COM+ role check at the release component (see Identity.h, Diagnosis.cpp).
#include "sim/license/Identity.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

namespace dd::sim::license {

namespace complus = model::complus;
using model::iequals;

namespace {

bool inToken(const winsec::Token &t, const winsec::Sid &sid) {
  return t.user == sid ||
         std::any_of(t.groups.begin(), t.groups.end(), [&](const auto &g) { return g.sid == sid && g.enabled(); });
}

// Whether a role member designates the identity: by its SID (as exported, or resolved on the
// host), or by name for the identities that are not accounts of the plant.
std::optional<std::string> admits(Tokens &tokens, int host, const complus::RoleMember &m, const Identity &id) {
  std::optional<winsec::Sid> sid;
  if (!m.sid.empty())
    if (auto parsed = winsec::Sid::parse(m.sid))
      sid = *parsed;
  if (!sid)
    sid = tokens.sidOf(host, m.name);
  if (sid && inToken(id.token, *sid))
    return *sid == id.token.user ? std::string("it is the identity itself")
                                 : fmt::format("{} ({}) is in its token", tokens.nameOf(host, *sid), sid->str());
  for (const auto &n : id.names)
    if (iequals(n, m.name))
      return std::string("it names the identity");
  return std::nullopt;
}

bool assigned(const complus::Application &app, const std::string &component, const std::string &role) {
  const complus::Component *c = app.findComponent(component);
  return std::any_of(app.assignments.begin(), app.assignments.end(), [&](const complus::RoleAssignment &a) {
    return iequals(a.role, role) && c && (iequals(a.component, c->progId) || iequals(a.component, c->clsid));
  });
}

std::string memberList(const complus::Role &r) {
  std::string out;
  for (const auto &m : r.members)
    out += (out.empty() ? "" : ", ") + m.name + (m.sid.empty() ? " (no SID in the export)" : " (" + m.sid + ")");
  return out.empty() ? "no members" : out;
}

} // namespace

void checkRoles(Tokens &tokens, int host, const model::WebFacts &web, const Identity &id, Diagnosis &d) {
  if (!web.complus || !web.releaseComponent) {
    d.facts.push_back("COM+ role check not evaluated: state [host.complus] catalog and release_component");
    return;
  }
  const std::string &component = web.releaseComponent->value;
  const complus::Catalog &catalog = *web.complus;
  const std::string file = std::filesystem::path(catalog.source).filename().string();
  const complus::Application *app = catalog.applicationOf(component);
  if (!app) {
    d.facts.push_back(fmt::format("COM+ role check not evaluated: no application of {} holds {} ({})", catalog.source,
                                  component, web.releaseComponent->from.origin()));
    return;
  }
  d.roleChecked = true;
  auto at = [&](uint32_t line) { return line ? fmt::format("{}:{}", file, line) : std::string("COMAdmin default"); };
  if (!app->accessChecksEnabled.value) {
    d.facts.push_back(
        fmt::format("COM+ application \"{}\": ApplicationAccessChecksEnabled = False ({}): no role is needed",
                    app->name, at(app->accessChecksEnabled.line)));
    return;
  }
  const bool componentLevel = app->accessChecksLevel.value == 1;
  std::vector<std::string> evidence;
  evidence.push_back(fmt::format(
      "COM+ application \"{}\" ({}) checks access (ApplicationAccessChecksEnabled = True, {}) "
      "at the {} level (AccessChecksLevel = {}, {}){}",
      app->name, at(app->line), at(app->accessChecksEnabled.line), componentLevel ? "component" : "process",
      app->accessChecksLevel.value, at(app->accessChecksLevel.line),
      componentLevel
          ? ": a role must hold the caller and be assigned to " + component + ", one of its interfaces or methods"
          : ": any role of the application will do"));
  for (const auto &r : app->roles) {
    bool counts = !componentLevel || assigned(*app, component, r.name);
    for (const auto &m : r.members) {
      auto why = admits(tokens, host, m, id);
      if (!why)
        continue;
      if (counts) {
        d.facts.push_back(fmt::format("COM+ role \"{}\" of \"{}\" ({}) admits {}: member {} ({}): {}", r.name,
                                      app->name, at(r.line), id.display, m.name, at(m.line), *why));
        return;
      }
      evidence.push_back(fmt::format("role \"{}\" ({}) holds {} ({}: {}) but is not assigned to {}, its interfaces "
                                     "or methods",
                                     r.name, at(r.line), m.name, at(m.line), *why, component));
    }
    if (counts)
      evidence.push_back(fmt::format("role \"{}\" ({}) {}: {}", r.name, at(r.line),
                                     componentLevel ? "is assigned to " + component : "counts", memberList(r)));
  }
  evidence.push_back(fmt::format("no role admits {}: the call to {} in Session_OnEnd is refused (E_ACCESSDENIED) and "
                                 "the license stays taken",
                                 id.display, component));
  d.causes.push_back(Cause{CauseId::ComPlusRole, "no COM+ role admits the caller", std::move(evidence)});
}

} // namespace dd::sim::license
