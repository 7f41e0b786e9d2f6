// Event messages (see Events.h): each event is rendered from its layout in the catalogue
// (catalog/Events.h: id, log, source, provider, template and parameter order per Windows
// version, with their sources); this file chooses the event, fills in its parameters, and says
// whether the host's logging settings record it. Messages are one line each; Windows breaks
// some of them around the CLSID (catalog::render gives that layout).
#include "sim/Events.h"

#include "catalog/Codes.h"
#include "catalog/Events.h"
#include "model/PlantReader.h"

#include <fmt/format.h>

namespace dd::sim::events {
namespace {

catalog::Windows windowsOf(const model::Host &h) {
  const model::OsVersion &os = h.os.value;
  if (os.generation() != model::OsGeneration::VistaPlus)
    return catalog::Windows::Nt5;
  if (!os.hasAppContainers())
    return catalog::Windows::Vista;
  return os.family < model::OsFamily::Windows10 ? catalog::Windows::Win8 : catalog::Windows::Win10;
}

// The event `id` as host `h` writes it, with parameters %1, %2, ... = `values`.
Event render(const model::Host &h, uint32_t id, std::vector<std::string> values) {
  const catalog::EventLayout *layout = catalog::layoutFor(id, windowsOf(h));
  Event e;
  e.host = h.name;
  e.id = static_cast<int>(id);
  if (!layout) { // a layout the catalogue lacks for this version: a bug, shown rather than hidden
    e.message = fmt::format("(event {} has no message for {})", id, h.os.value.displayName());
    return e;
  }
  e.log = std::string(catalog::logName(layout->log));
  e.source = std::string(layout->source);
  e.provider = std::string(layout->providerOn(windowsOf(h)));
  e.message = catalog::renderOneLine(*layout, values);
  e.insertionStrings = std::move(values);
  return e;
}

// The parameters naming the user of a DCOM event: domain, user, SID.
void addUser(std::vector<std::string> &v, const Logon &who) {
  v.push_back(who.domainName);
  v.push_back(who.userName);
  v.push_back(who.sid);
}

std::string addressText(const std::string &address) { return address.empty() ? "(unknown)" : address; }

// "from address X" and, from Windows 8 on, the application container (Unavailable for a remote
// caller): the parameters the launch layouts of this host have.
void addAddress(std::vector<std::string> &v, const model::Host &h, const std::string &address) {
  v.push_back(addressText(address));
  if (windowsOf(h) >= catalog::Windows::Win8) {
    v.emplace_back("Unavailable");
    v.emplace_back("Unavailable");
  }
}

// ActivationFailureLoggingLevel: 0 (absent) = Windows logs activation failures; 1 always; 2 never.
void activationLogged(Event &e, const model::Host &h) {
  const auto &v = h.dcom.activationFailureLoggingLevel;
  e.logged = v.value != 2;
  e.loggedBecause = fmt::format("{} = {} ({})", v.from.where, v.value, v.from.origin());
}
// CallFailureLoggingLevel: only 1 logs failed calls.
void callLogged(Event &e, const model::Host &h) {
  const auto &v = h.dcom.callFailureLoggingLevel;
  e.logged = v.value == 1;
  e.loggedBecause = fmt::format("{} = {} ({})", v.from.where, v.value, v.from.origin());
}

void auditLogged(Event &e, const model::Fact<bool> &setting) {
  e.logged = setting.value;
  e.loggedBecause =
      fmt::format("{} failure auditing {} ({})", setting.from.where, e.logged ? "on" : "off", setting.from.origin());
}

} // namespace

Event logonFailure(const model::Host &t, const Logon &l, const std::string &workstation, const std::string &address) {
  const std::string &user = l.failedUser.empty() ? l.userName : l.failedUser;
  // "Account Domain" is the domain the client named: a domain account's domain, or for a local
  // account the client computer itself (NTLM names the account's own computer).
  const std::string &domain = l.failedDomain.empty() ? workstation : l.failedDomain;
  if (windowsOf(t) == catalog::Windows::Nt5) {
    Event e = render(t, 680, {"MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", user, workstation, catalog::hex(l.status)});
    auditLogged(e, t.audit.accountLogonFailures);
    return e;
  }
  auto [status, sub] = catalog::logonFailureStatus(l.status);
  Event e = render(t, 4625,
                   {"NULL SID",
                    "-",
                    "-",
                    "0x0",
                    "NULL SID",
                    user,
                    domain,
                    fmt::format("0x{:X}", status),
                    std::string(catalog::failureReasonText(l.status)),
                    fmt::format("0x{:X}", sub),
                    "3",
                    "NtLmSsp",
                    "NTLM",
                    workstation,
                    "-",
                    "-",
                    "0",
                    "0x0",
                    "-",
                    address.empty() ? "-" : address,
                    "-"});
  auditLogged(e, t.audit.logonFailures);
  return e;
}

Event launchLimits(const model::Host &s, const Logon &who, const std::string &clsid, bool remote, bool launch,
                   const std::string &address) {
  // Windows 2000/XP/2003: 10014 without address; Vista to 8.1: 10015 with the CLSID; Windows 10 /
  // Server 2016 and later: 10027, no CLSID (the Limits are machine-wide) (catalog/Events.cpp).
  const catalog::Windows w = windowsOf(s);
  const uint32_t id = w == catalog::Windows::Nt5 ? 10014 : w == catalog::Windows::Win10 ? 10027 : 10015;
  std::vector<std::string> v{remote ? "Remote" : "Local", launch ? "Launch" : "Activation"};
  if (id == 10015)
    v.push_back(clsid);
  addUser(v, who);
  if (id == 10015)
    addAddress(v, s, address);
  else if (id == 10027)
    v.push_back(addressText(address));
  Event e = render(s, id, std::move(v));
  activationLogged(e, s);
  return e;
}

Event launchPermission(const model::Host &s, const Logon &who, const std::string &clsid, const std::string &appid,
                       bool appSpecific, bool remote, bool launch, const std::string &address) {
  std::vector<std::string> v{appSpecific ? "application-specific" : "machine-default", remote ? "Remote" : "Local",
                             launch ? "Launch" : "Activation", clsid};
  bool xp = windowsOf(s) == catalog::Windows::Nt5;
  if (!xp)
    v.push_back(appid);
  addUser(v, who);
  if (!xp)
    addAddress(v, s, address);
  Event e = render(s, 10016, std::move(v));
  activationLogged(e, s);
  return e;
}

Event accessLimits(const model::Host &h, const Logon &who, const std::string &application, bool remote,
                   const std::string &address) {
  std::vector<std::string> v{remote ? "Remote" : "Local", application};
  addUser(v, who);
  v.push_back(addressText(address));
  Event e = render(h, 10019, std::move(v));
  callLogged(e, h);
  return e;
}

Event accessPermission(const model::Host &h, const Logon &who, const std::string &application, bool appSpecific,
                       bool remote, const std::string &address) {
  std::vector<std::string> v;
  if (!appSpecific)
    v.emplace_back("machine-default");
  v.emplace_back(remote ? "Remote" : "Local");
  v.push_back(application);
  addUser(v, who);
  v.push_back(addressText(address));
  Event e = render(h, appSpecific ? 10018 : 10017, std::move(v));
  callLogged(e, h);
  return e;
}

Event runAsLogonFailure(const model::Host &s, const std::string &domain, const std::string &user, uint32_t err,
                        const std::string &clsid) {
  const catalog::Win32Error *w = catalog::findWin32(err);
  Event e = render(s, 10004, {w ? std::string(w->message) : std::string("Logon failure."), domain, user, clsid});
  activationLogged(e, s);
  return e;
}

Event serverDidNotRegister(const model::Host &s, const std::string &clsid) {
  Event e = render(s, 10010, {clsid});
  activationLogged(e, s);
  return e;
}

std::optional<Event> comPlusRemoteDisabled(const model::Host &s, const std::string &clsid) {
  if (windowsOf(s) == catalog::Windows::Nt5)
    return std::nullopt;
  Event e = render(s, 10014, {clsid});
  activationLogged(e, s);
  return e;
}

Event hardeningRefused(const model::Host &s, const Logon &who, const std::string &address) {
  std::vector<std::string> v;
  addUser(v, who);
  v.push_back(addressText(address));
  Event e = render(s, 10036, std::move(v));
  e.logged = true;
  e.loggedBecause = "KB5004442: 10036 is always logged by a hardened server";
  return e;
}

Event clientLevelTooLow(const model::Host &c, const std::string &program, const std::string &clsid,
                        const std::string &serverHost, int level, bool explicitLevel) {
  Event e = render(c, explicitLevel ? 10037 : 10038, {program, "(pid)", clsid, serverHost, std::to_string(level)});
  e.logged = true;
  e.loggedBecause =
      "KB5004442: logged by a patched Windows client whose activation level is below Packet Integrity *(verify when)*";
  return e;
}

} // namespace dd::sim::events
