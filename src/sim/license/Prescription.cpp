// The tech note's fixes, modelled on the plant (see Prescription.h). What each fix does to the
// plant:
//  - hotfix: KB934903 among the host's hotfixes.
//  - quick fix (IIS 6): the anonymous account is deleted and iisreset re-creates the account
//    /LM/W3SVC names, enabled, in Guests, with the password kept at /LM/W3SVC (the note: "creates
//    the new IUSR_<MachineName> ... and then sync the passwords automatically"). Lower levels that
//    keep their own AnonymousUserPass keep it.
//  - additional steps: the account moves from Guests to IIS_WPG (IIS 7+: IUSR into IIS_IUSRS),
//    is enabled, unlocked and its password no longer expired.
//  - deep fix (IIS 6): one new password at every level that sets AnonymousUserPass and on the
//    account (adsutil.vbs set .../anonymoususerpass).
//  - role fix: a role naming the OnEnd identity (least privilege), assigned to the component.
#include "sim/license/Prescription.h"

#include "model/web/WebFacts.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim::license {

using model::iequals;

namespace {

constexpr const char *kNewPassword = "dcomdoctor: one new password"; // a label, never shown

model::Host &hostOf(model::Plant &p, const std::string &name) { return *p.findHost(name); }

model::WebFacts &webOf(model::Host &h) {
  auto copy = std::make_shared<model::WebFacts>(*h.web);
  model::WebFacts &w = *copy;
  h.web = std::move(copy);
  return w;
}

model::Account &ensureAccount(model::Host &h, const std::string &name) {
  std::string bare = name.substr(name.find('\\') == std::string::npos ? 0 : name.find('\\') + 1);
  if (model::Account *a = h.findUser(bare))
    return *a;
  uint32_t rid = 1000;
  for (const auto &u : h.users)
    rid = std::max(rid, u.rid + 1);
  model::Account a;
  a.name = bare;
  a.rid = rid;
  a.groups = {"Guests"};
  a.from = model::Provenance::windowsDefault("net user " + bare, "re-created by iisreset (the tech note's quick fix)");
  h.users.push_back(std::move(a));
  return h.users.back();
}

std::string adsutilPath(const std::string &level) { // "/LM/W3SVC/1/ROOT" -> "w3svc/1/ROOT"
  std::string p = level.rfind("/LM/", 0) == 0 ? level.substr(4) : level;
  if (p.size() >= 5 && iequals(p.substr(0, 5), "W3SVC"))
    p = "w3svc" + p.substr(5);
  return p;
}

void applyHotfix(model::Plant &p, const Diagnosis &d, FixResult &f) {
  model::WebFacts &w = webOf(hostOf(p, d.host));
  std::vector<std::string> list = w.hotfixes ? w.hotfixes->value : std::vector<std::string>{};
  list.push_back("KB934903");
  w.hotfixes =
      model::Fact<std::vector<std::string>>{list, model::Provenance::windowsDefault("systeminfo Hotfix(s)", "the fix")};
  f.steps = {"install KB934903 on " + d.host +
             " (https://support.microsoft.com/kb/934903; Windows Server 2003 SP2), "
             "restart if it asks, then verify the release (below)"};
}

void applyQuick(model::Plant &p, const Diagnosis &d, FixResult &f) {
  model::Host &h = hostOf(p, d.host);
  model::WebFacts &w = webOf(h);
  auto &config = *w.iis;
  model::iis::Node *service = config.findNode("/LM/W3SVC");
  std::string name = service && service->anonymousUserName ? service->anonymousUserName->value : d.onEndAccount;
  std::string bare = name.substr(name.find('\\') == std::string::npos ? 0 : name.find('\\') + 1);
  h.users.erase(std::remove_if(h.users.begin(), h.users.end(), [&](const auto &a) { return iequals(a.name, bare); }),
                h.users.end());
  model::Account &a = ensureAccount(h, name);
  std::string label = "dcomdoctor: synchronised by iisreset";
  if (service && service->anonymousUserPass)
    w.anonymousPasswords["/LM/W3SVC"] = model::Fact<std::string>{label, a.from};
  a.passwordLabel = label;
  f.steps = {
      "back up the IIS configuration (IIS Manager: All Tasks > Backup/Restore Configuration; Microsoft KB 324277)",
      "delete " + bare + " and IWAM_" + d.host + " from Local Users and Groups > Users",
      "run iisreset: IIS re-creates the accounts and gives them the password it keeps at /LM/W3SVC"};
}

void applyAdditional(model::Plant &p, const Diagnosis &d, FixResult &f) {
  model::Host &h = hostOf(p, d.host);
  const bool iis6 = d.iis6;
  const std::string group = iis6 ? "IIS_WPG" : "IIS_IUSRS";
  if (!h.findGroup(group) && iis6) {
    model::Group g;
    g.name = group;
    uint32_t rid = 1100;
    for (const auto &x : h.groups)
      if (x.sid.isInDomain(h.machineSid.value))
        rid = std::max(rid, x.sid.rid() + 1);
    g.sid = h.machineSid.value.withRid(rid);
    g.from = model::Provenance::windowsDefault("net localgroup IIS_WPG", "created by IIS 6 setup");
    h.groups.push_back(std::move(g));
  }
  if (!d.onEndAccount.empty()) {
    model::Account &a = ensureAccount(h, d.onEndAccount);
    a.groups.erase(std::remove_if(a.groups.begin(), a.groups.end(), [](const auto &g) { return iequals(g, "Guests"); }),
                   a.groups.end());
    a.groups.push_back(group);
    a.enabled = true;
    a.locked = false;
    a.passwordExpired = false;
    f.steps.push_back("Local Users and Groups: remove " + a.name + (iis6 ? " and IWAM_" + d.host : "") +
                      " from Guests and add " + (iis6 ? "them" : "it") + " to " + group);
    f.steps.push_back("make sure " + a.name + " is not disabled, locked out or expired (net user " + a.name + ")");
  } else if (model::Group *g = h.findGroup(group)) {
    g->members.push_back("IUSR");
    f.steps.push_back("add the built-in IUSR to IIS_IUSRS");
  }
  const auto &rw = h.web->folderReadWrite;
  bool folderOk =
      rw && std::any_of(rw->value.begin(), rw->value.end(), [&](const auto &n) { return iequals(n, group); });
  f.steps.push_back(folderOk
                        ? group + " already has read and write on the application's folder (" + rw->from.origin() + ")"
                        : "give " + group + " read and write on the application's folder (icacls <folder> /grant " +
                              group + ":(OI)(CI)RW)");
}

void applyDeep(model::Plant &p, const Diagnosis &d, FixResult &f) {
  model::Host &h = hostOf(p, d.host);
  model::WebFacts &w = webOf(h);
  f.steps.push_back("cd /d C:\\Inetpub\\AdminScripts && cscript.exe adsutil.vbs find anonymoususername");
  for (auto &n : w.iis->nodes) {
    if (!n.anonymousUserPass)
      continue;
    n.anonymousUserPass->value.digest = 0x5eed;
    w.anonymousPasswords[n.path] =
        model::Fact<std::string>{kNewPassword, model::Provenance::windowsDefault(n.path, "the deep fix")};
    f.steps.push_back("cscript.exe adsutil.vbs set " + adsutilPath(n.path) +
                      "/anonymoususerpass \"<the new password>\"");
  }
  std::string account = d.onEndAccount.empty() ? "IUSR_" + d.host : d.onEndAccount;
  ensureAccount(h, account).passwordLabel = kNewPassword;
  f.steps.push_back("set the same password on " + account + " and IWAM_" + d.host +
                    " (Local Users and Groups > Users > Set Password)");
  f.steps.push_back("iisreset");
}

void applyRole(model::Plant &p, const Diagnosis &d, FixResult &f) {
  model::Host &h = hostOf(p, d.host);
  model::WebFacts &w = webOf(h);
  const std::string &component = w.releaseComponent->value;
  model::complus::Application *app = nullptr;
  for (auto &a : w.complus->applications)
    if (a.findComponent(component))
      app = &a;
  const std::string role = "ReleaseLicense";
  if (!app->findRole(role))
    app->roles.push_back(model::complus::Role{role, {}, 0});
  app->findRole(role)->members.push_back(model::complus::RoleMember{d.onEndIdentity, d.onEndSid, 0});
  app->assignments.push_back(model::complus::RoleAssignment{component, "", "", role, 0});
  f.steps = {"Component Services > COM+ Applications > " + app->name + " > Roles: New > Role \"" + role + "\"",
             "add " + d.onEndIdentity + " to " + role +
                 " > Users (only the identity Session_OnEnd runs as: the least "
                 "privilege; " +
                 std::string(d.iis6 ? "IIS_WPG" : "IIS_IUSRS") + " would also do)",
             "Components > " + component + " > Properties > Security: tick " + role +
                 ", then shut down and restart the "
                 "COM+ application"};
}

struct FixKind {
  const char *key;
  const char *title;
  bool (*applies)(const Diagnosis &);
  void (*apply)(model::Plant &, const Diagnosis &, FixResult &);
};

bool logonFails(const Diagnosis &d) { return d.holds(CauseId::AnonymousLogon) || d.holds(CauseId::LogonRight); }

const FixKind kFixes[] = {
    {"hotfix", "apply Microsoft hotfix KB 934903 first", [](const Diagnosis &d) { return d.holds(CauseId::Hotfix); },
     applyHotfix},
    {"quick", "quick fix: delete the anonymous accounts and run iisreset",
     [](const Diagnosis &d) { return d.iis6 && d.holds(CauseId::AnonymousLogon) && d.onEndAnonymous; }, applyQuick},
    {"additional", "additional steps: IIS_WPG instead of Guests, folder rights, account usable",
     [](const Diagnosis &d) { return logonFails(d) && !d.onEndAccount.empty(); }, applyAdditional},
    {"deep", "deep fix: one password at every level and on the account",
     [](const Diagnosis &d) { return d.iis6 && d.holds(CauseId::AnonymousLogon) && d.onEndAnonymous; }, applyDeep},
    {"role", "role fix: a role that admits the OnEnd identity, assigned to the release component",
     [](const Diagnosis &d) { return d.holds(CauseId::ComPlusRole); }, applyRole},
};

std::vector<std::string> causeKeys(const Diagnosis &d) {
  std::vector<std::string> out;
  for (const auto &c : d.causes)
    out.push_back(causeKey(c.id));
  return out;
}

} // namespace

Result<Prescription> prescribe(const model::Plant &plant, std::string_view host) {
  auto first = diagnose(plant, host);
  if (!first)
    return first.error();
  Prescription out{*first, {}, {}, {}, plant};
  Diagnosis current = *first;
  // The note's order; a fix that a later re-diagnosis calls for (the role check, once the logon
  // works) is still offered in that order, so one pass over the list suffices.
  for (const FixKind &k : kFixes) {
    if (!k.applies(current))
      continue;
    FixResult f{k.key, k.title, {}, false, false, {}};
    k.apply(out.fixedPlant, current, f);
    auto after = diagnose(out.fixedPlant, host);
    if (!after)
      return after.error();
    current = *after;
    f.releaseWorksAfter = current.releaseWorks;
    f.healthyAfter = current.healthy();
    f.remaining = causeKeys(current);
    out.fixes.push_back(std::move(f));
  }
  out.hardening = hardeningAdvice(plant, *first);
  out.verification = verificationSteps(*first);
  return out;
}

} // namespace dd::sim::license
