// One event's sentence, cause and fix (see Assessment.h).
#include "audit/Assessment.h"

#include <fmt/format.h>

namespace dd::audit {
namespace {

bool isAnonymous(const EventFacts &f) {
  return f.sid == "S-1-5-7" || f.user == "ANONYMOUS LOGON";
}

// Windows' own service accounts activating Windows' own classes on the same host: the 10016s
// Microsoft documents as expected (KB 4022522).
bool isWindowsNoise(const EventFacts &f, const Directory &d) {
  bool serviceAccount = f.sid == "S-1-5-18" || f.sid == "S-1-5-19" || f.sid == "S-1-5-20";
  bool known = (!f.clsid.empty() && d.serverByClsid(f.clsid)) || (!f.appid.empty() && d.serverByAppid(f.appid));
  return serviceAccount && f.locality == "Local" && !known;
}

std::string joinSources(const EventInfo *info) {
  if (!info)
    return {};
  if (info->guide.empty())
    return std::string(info->microsoft);
  if (info->microsoft.empty())
    return std::string(info->guide);
  return fmt::format("{}; {}", info->guide, info->microsoft);
}

void permissionDenial(Assessment &a, const EventFacts &f, const Directory &d) {
  const bool access = f.right == "Access" || f.eventId == 10017 || f.eventId == 10018 || f.eventId == 10019;
  std::string scope = f.scope;
  if (scope.empty())
    scope = f.eventId == 10015 || f.eventId == 10019 || f.eventId == 10027 || f.eventId == 10014 ? "computer-wide limit"
                                                                                                  : "application-specific";
  std::string kind = fmt::format("{}{}{}", f.locality, f.locality.empty() ? "" : " ",
                                 f.right.empty() ? (access ? "Access" : "Launch/Activation") : f.right);
  std::string who = d.shortAccountName(f);
  std::string by, fix, cause;
  const char *perm = access ? "Access" : "Launch and Activation";
  if (scope == "application-specific") {
    by = access ? "the application-specific access permission (its AppID's AccessPermission)"
                : "the application-specific launch permission";
    fix = fmt::format("add {} to its {} permissions", who, perm);
    cause = fmt::format("the server's own {} permission (AppID {}) does not grant {} {} to {}",
                        access ? "access" : "launch", f.appid.empty() ? "of the class" : f.appid,
                        kind, access ? "" : "permission", a.account);
  } else if (scope == "machine-default") {
    by = access ? "the machine-default access permission (DefaultAccessPermission)"
                : "the machine-default launch permission (DefaultLaunchPermission)";
    fix = fmt::format("add {} to My Computer's default {} permissions (Edit Default), or give "
                      "the server its own", who, perm);
    cause = fmt::format("the server has no {} permission of its own and the machine default "
                        "does not grant {} to {}", access ? "access" : "launch", kind, a.account);
  } else {
    by = access ? "the computer-wide access limits (MachineAccessRestriction)"
                : "the computer-wide launch limits (MachineLaunchRestriction)";
    fix = fmt::format("add {} to My Computer's {} Limits (Edit Limits) with {}", who, perm, kind);
    cause = fmt::format("the computer-wide {} Limits do not grant {} to {}",
                        access ? "access" : "launch", kind, a.account);
  }
  const std::string server = !a.server.empty() ? a.server
                             : scope == "computer-wide limit" ? std::string("any COM server") : std::string("the server");
  a.what = fmt::format("{} denied to {} for {} by {}", kind, who, server, by);
  a.cause = std::move(cause);
  a.fix = std::move(fix);
  if (isAnonymous(f)) {
    a.cause += "; the caller arrived as ANONYMOUS LOGON: its logon failed, or the authentication "
               "level is None, or simple file sharing is on";
    a.fix = "do not grant ANONYMOUS LOGON: find the failed logon in the server's Security log "
            "(4625/529/680), fix the account, and set the authentication level to Connect or higher";
  }
  if (!f.address.empty())
    a.what += fmt::format(" (from {})", f.address);
  if (isWindowsNoise(f, d)) {
    a.severity = Severity::Info;
    a.fix += "; Windows' own components log this during normal operation (Microsoft KB 4022522): "
             "act only if the class is an OPC server or a program you need";
  }
}

} // namespace

std::string_view severityName(Severity s) {
  switch (s) {
  case Severity::Info: return "info";
  case Severity::Warning: return "warning";
  case Severity::Error: return "error";
  }
  return "";
}

Assessment assess(const EventFacts &f, const Directory &d) {
  Assessment a;
  const EventInfo *info = f.info;
  a.source = joinSources(info);
  if (info && !info->hresult.empty())
    if (auto code = parseCode(info->hresult))
      a.hresult = findHResult(*code);
  if (!f.clsid.empty() || !f.appid.empty() || !f.server.empty())
    a.server = d.serverName(f);
  if (!f.user.empty() || !f.sid.empty())
    a.account = d.accountName(f);
  if (info) {
    if (!info->causes.empty()) a.cause = std::string(info->causes.front());
    if (!info->fixes.empty()) a.fix = std::string(info->fixes.front());
  }
  const std::string who = d.shortAccountName(f);

  switch (f.eventId) {
  case 10014: case 10015: case 10016: case 10017: case 10018: case 10019: case 10027:
    if (f.family == EventFamily::Dcom) {
      permissionDenial(a, f, d);
      return a;
    }
    break;
  case 10004:
    a.what = fmt::format("DCOM could not log on {} to run {}{}", a.account.empty() ? "the server's identity" : a.account,
                         a.server.empty() ? "the server" : a.server,
                         f.error.empty() ? "" : fmt::format(" (error \"{}\")", f.error));
    return a;
  case 10006: {
    a.what = fmt::format("activation of {} on {} failed with \"{}\"", a.server.empty() ? "a server" : a.server,
                         f.computer.empty() ? "another computer" : f.computer, f.error);
    if (auto code = parseCode(f.error))
      if (const HResultInfo *h = findHResult(*code)) {
        a.hresult = h;
        a.cause = fmt::format("{} ({}): {}", formatCode(h->code), h->symbol(), h->meaning());
        if (!h->fixes.empty()) a.fix = std::string(h->fixes.front());
      }
    return a;
  }
  case 10009: case 10028:
    a.what = fmt::format("DCOM could not communicate with {}", f.computer.empty() ? "a computer" : f.computer);
    return a;
  case 10010:
    a.what = fmt::format("server {} did not register with DCOM within the required timeout",
                         a.server.empty() ? f.server : a.server);
    return a;
  case 10036:
    a.what = fmt::format("activation by {}{} refused by the server-side authentication level policy "
                         "(DCOM hardening, below Packet Integrity)", who,
                         f.address.empty() ? "" : " from " + f.address);
    return a;
  case 10037: case 10038:
    a.what = fmt::format("{} (PID {}) activates {} on {} with {} authentication level {} (below 5, "
                         "Packet Integrity)", f.application, f.pid, a.server, f.computer,
                         f.eventId == 10037 ? "an explicitly set" : "the default", f.level);
    a.severity = Severity::Warning;
    return a;
  default:
    break;
  }

  if (f.family == EventFamily::Security) {
    std::string from = !f.workstation.empty() ? f.workstation : f.address;
    if (!f.workstation.empty() && !f.address.empty() && f.address != f.workstation)
      from = fmt::format("{} ({})", f.workstation, f.address);
    std::string typeText;
    if (!f.logonType.empty()) {
      uint32_t t = static_cast<uint32_t>(std::atoi(f.logonType.c_str()));
      std::string_view name = logonTypeName(t);
      typeText = name.empty() ? fmt::format(", logon type {}", f.logonType)
                              : fmt::format(", logon type {} {}", f.logonType, name);
    }
    if (f.eventId == 4624) {
      a.what = fmt::format("network logon as {}{}{}", a.account.empty() ? "an account" : a.account,
                           from.empty() ? "" : " from " + from, typeText);
      a.severity = isAnonymous(f) ? Severity::Warning : Severity::Info;
      a.cause = std::string(info->causes[isAnonymous(f) ? 1 : 0]);
      a.hresult = nullptr;
      return a;
    }
    // The deciding status: Sub Status says more than 0xC000006D "unknown user name or bad password".
    std::string code = (!f.subStatus.empty() && f.subStatus != "0x00000000") ? f.subStatus : f.status;
    if (auto c = parseCode(code))
      a.status = findStatus(*c);
    std::string statusText = code.empty() ? (f.eventId == 529 ? " (unknown user name or bad password)" : "")
                             : a.status ? fmt::format(" with {} {} ({})", code, a.status->symbol(), a.status->meaning)
                                        : fmt::format(" with status {}", code);
    a.what = fmt::format("logon failure for {}{}{}{}", a.account.empty() ? "an account" : a.account,
                         from.empty() ? "" : " from " + from, typeText, statusText);
    if (a.status) {
      if (!a.status->causes.empty()) a.cause = std::string(a.status->causes.front());
      if (!a.status->fixes.empty()) a.fix = std::string(a.status->fixes.front());
    }
    return a;
  }
  if (f.family == EventFamily::Asp) {
    a.what = fmt::format("ASP application {} could not impersonate its anonymous user: Global.asa "
                         "Session_OnEnd (the client-license release) does not run",
                         f.aspApplication.empty() ? "(unnamed)" : f.aspApplication);
    return a;
  }
  if (f.family == EventFamily::OpcServer) {
    a.what = fmt::format("error logged by an OPC server (event {})", f.eventId);
    a.severity = Severity::Warning;
    return a;
  }
  a.what = info ? std::string(info->title) : fmt::format("event {} (not in the knowledge base)", f.eventId);
  if (!info) a.severity = Severity::Info;
  return a;
}

} // namespace dd::audit
