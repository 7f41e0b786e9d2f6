// Event messages (see Events.h). Sources: the guide, chapter 4 (680, 10014 and 10016 as XP SP2
// writes them; 10010); Microsoft, "COM Security Policy Configuration" event list for Windows
// Server 2008 R2 (10004, 10015, 10016, 10017, 10018); Microsoft, event 4625; KB5004442 (10036,
// 10037, 10038). Message texts are one line each; Windows breaks some of them around the CLSID.
#include "sim/Events.h"

#include "model/PlantReader.h"

#include <fmt/format.h>

namespace dd::sim::events {
namespace {

bool vista(const model::Host &h) { return h.os.value.generation() == model::OsGeneration::VistaPlus; }

Event dcomEvent(const model::Host &h, int id, std::string message) {
  Event e;
  e.host = h.name;
  e.log = "System";
  e.source = "DCOM";
  e.provider = vista(h) ? "Microsoft-Windows-DistributedCOM" : "DCOM";
  e.id = id;
  e.message = std::move(message);
  return e;
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

std::string fromAddress(const model::Host &h, const std::string &address) {
  std::string text = " from address " + (address.empty() ? std::string("(unknown)") : address);
  if (h.os.value.hasAppContainers())
    text += " running in the application container Unavailable SID (Unavailable)";
  return text;
}

const char *kModify = "This security permission can be modified using the Component Services administrative tool.";

} // namespace

Event logonFailure(const model::Host &t, const Logon &l, const std::string &workstation, const std::string &address) {
  const std::string &user = l.failedUser.empty() ? l.userName : l.failedUser;
  Event e;
  e.host = t.name;
  e.log = "Security";
  if (vista(t)) {
    uint32_t statusCode = (l.status == status::AccountDisabled || l.status == status::PasswordExpired)
                              ? status::AccountRestriction
                          : l.status == status::AccountLockedOut || l.status == status::LogonTypeNotGranted
                              ? l.status
                              : status::LogonFailure;
    uint32_t sub = statusCode == l.status ? 0 : l.status;
    const char *reason = l.status == status::NoSuchUser || l.status == status::WrongPassword
                             ? "Unknown user name or bad password."
                         : l.status == status::AccountDisabled ? "Account currently disabled."
                         : l.status == status::PasswordExpired ? "The specified account's password has expired."
                         : l.status == status::AccountLockedOut ? "Account locked out."
                         : l.status == status::LogonTypeNotGranted
                             ? "The user has not been granted the requested logon type at this machine."
                             : "An Error occured during Logon.";
    e.source = "Microsoft-Windows-Security-Auditing";
    e.provider = e.source;
    e.id = 4625;
    e.message = fmt::format(
        "An account failed to log on. Subject: Security ID: NULL SID Account Name: - Account Domain: - Logon ID: 0x0 "
        "Logon Type: 3 Account For Which Logon Failed: Security ID: NULL SID Account Name: {} Account Domain: {} "
        "Failure Information: Failure Reason: {} Status: {:#X} Sub Status: {:#X} Process Information: Caller Process "
        "ID: 0x0 Caller Process Name: - Network Information: Workstation Name: {} Source Network Address: {} Source "
        "Port: - Detailed Authentication Information: Logon Process: NtLmSsp Authentication Package: NTLM Transited "
        "Services: - Package Name (NTLM only): - Key Length: 0",
        user, workstation, reason, statusCode, sub, workstation, address.empty() ? "-" : address);
    e.logged = t.audit.logonFailures.value;
    e.loggedBecause = fmt::format("{} failure auditing {} ({})", t.audit.logonFailures.from.where,
                                  e.logged ? "on" : "off", t.audit.logonFailures.from.origin());
  } else {
    e.source = "Security";
    e.provider = "Security";
    e.id = 680;
    e.message = fmt::format("Logon attempt by: MICROSOFT_AUTHENTICATION_PACKAGE_V1_0 Logon account: {} Source "
                            "Workstation: {} Error Code: {:#010X}",
                            user, workstation, l.status);
    e.logged = t.audit.accountLogonFailures.value;
    e.loggedBecause = fmt::format("{} failure auditing {} ({})", t.audit.accountLogonFailures.from.where,
                                  e.logged ? "on" : "off", t.audit.accountLogonFailures.from.origin());
  }
  // fmt's {:#X} prints 0XC000006D; Windows prints 0xC000006D.
  for (size_t pos = e.message.find("0X"); pos != std::string::npos; pos = e.message.find("0X", pos))
    e.message[pos + 1] = 'x';
  return e;
}

Event launchLimits(const model::Host &s, const Logon &who, const std::string &clsid, bool remote, bool launch,
                   const std::string &address) {
  const char *where = remote ? "Remote" : "Local";
  const char *what = launch ? "Launch" : "Activation";
  Event e;
  if (vista(s)) {
    e = dcomEvent(s, 10015,
                  fmt::format("The computer-wide limit settings do not grant {} {} permission for the COM Server "
                              "application with CLSID {} to the user {} SID ({}){}. {}",
                              where, what, clsid, who.display(), who.sid, fromAddress(s, address), kModify));
  } else {
    e = dcomEvent(s, 10014,
                  fmt::format("The computer wide limit settings do not grant {} {} permission for COM Server "
                              "applications to the user {} SID ({}). {}",
                              where, what, who.display(), who.sid, kModify));
  }
  activationLogged(e, s);
  return e;
}

Event launchPermission(const model::Host &s, const Logon &who, const std::string &clsid, const std::string &appid,
                       bool appSpecific, bool remote, bool launch, const std::string &address) {
  const char *kind = appSpecific ? "application-specific" : "machine-default";
  const char *where = remote ? "Remote" : "Local";
  const char *what = launch ? "Launch" : "Activation";
  Event e;
  if (vista(s))
    e = dcomEvent(s, 10016,
                  fmt::format("The {} permission settings do not grant {} {} permission for the COM Server "
                              "application with CLSID {} and APPID {} to the user {} SID ({}){}. {}",
                              kind, where, what, clsid, appid, who.display(), who.sid, fromAddress(s, address), kModify));
  else
    e = dcomEvent(s, 10016,
                  fmt::format("The {} permission settings do not grant {} {} permission for the COM Server "
                              "application with CLSID {} to the user {} SID ({}). {}",
                              kind, where, what, clsid, who.display(), who.sid, kModify));
  activationLogged(e, s);
  return e;
}

Event accessLimits(const model::Host &h, const Logon &who, const std::string &application, bool remote,
                   const std::string &address) {
  Event e = dcomEvent(h, 10019,
                      fmt::format("The machine wide limit settings do not grant {} Access permission to the COM "
                                  "Server application {} to the user {} SID ({}) from address {}. {}",
                                  remote ? "Remote" : "Local", application, who.display(), who.sid,
                                  address.empty() ? "(unknown)" : address, kModify));
  callLogged(e, h);
  return e;
}

Event accessPermission(const model::Host &h, const Logon &who, const std::string &application, bool appSpecific,
                       bool remote, const std::string &address) {
  Event e;
  if (appSpecific)
    e = dcomEvent(h, 10018,
                  fmt::format("The application-specific permission settings do not grant {} Access permission to "
                              "the COM Server application {} to the user {} SID ({}) from address {}. {}",
                              remote ? "Remote" : "Local", application, who.display(), who.sid,
                              address.empty() ? "(unknown)" : address, kModify));
  else
    e = dcomEvent(h, 10017,
                  fmt::format("The machine-default permission settings do not grant {} Access permission to the "
                              "COM Server application {} to the user {} SID ({}) from address {}. {}",
                              remote ? "Remote" : "Local", application, who.display(), who.sid,
                              address.empty() ? "(unknown)" : address, kModify));
  callLogged(e, h);
  return e;
}

Event runAsLogonFailure(const model::Host &s, const std::string &domain, const std::string &user, uint32_t err,
                        const std::string &clsid) {
  const char *text = err == 1326   ? "The user name or password is incorrect."
                     : err == 1331 ? "This user can't sign in because this account is currently disabled."
                     : err == 1330 ? "The password for this account has expired."
                     : err == 1909 ? "The referenced account is currently locked out and may not be logged on to."
                                   : "Logon failure.";
  Event e = dcomEvent(s, 10004,
                      fmt::format("DCOM received error \"{}\" and could not log on {}\\{} in order to run the server: {}",
                                  text, domain, user, clsid));
  activationLogged(e, s);
  return e;
}

Event serverDidNotRegister(const model::Host &s, const std::string &clsid) {
  Event e = dcomEvent(s, 10010, fmt::format("The server {} did not register with DCOM within the required timeout.", clsid));
  activationLogged(e, s);
  return e;
}

Event hardeningRefused(const model::Host &s, const Logon &who, const std::string &address) {
  Event e = dcomEvent(s, 10036,
                      fmt::format("The server-side authentication level policy does not allow the user {} SID ({}) "
                                  "from address {} to activate DCOM server. Please raise the activation "
                                  "authentication level at least to RPC_C_AUTHN_LEVEL_PKT_INTEGRITY in client application.",
                                  who.display(), who.sid, address.empty() ? "(unknown)" : address));
  e.logged = true;
  e.loggedBecause = "KB5004442: 10036 is always logged by a hardened server";
  return e;
}

Event clientLevelTooLow(const model::Host &c, const std::string &program, const std::string &clsid,
                        const std::string &serverHost, int level, bool explicitLevel) {
  Event e = dcomEvent(c, explicitLevel ? 10037 : 10038,
                      fmt::format("Application {} with PID (pid) is requesting to activate CLSID {} on computer {} with "
                                  "{} set authentication level at {}. The lowest activation authentication level "
                                  "required by DCOM is 5(RPC_C_AUTHN_LEVEL_PKT_INTEGRITY). To raise the activation "
                                  "authentication level, please contact the application vendor.",
                                  program, clsid, serverHost, explicitLevel ? "explicitly" : "default", level));
  e.logged = true;
  e.loggedBecause = "KB5004442: logged by a patched Windows client whose activation level is below Packet Integrity *(verify when)*";
  return e;
}

} // namespace dd::sim::events
