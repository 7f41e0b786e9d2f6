// One event's sentence, cause and fix (see Assessment.h).
#include "audit/Assessment.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace dd::audit {
namespace {

bool isAnonymous(const EventFacts &f) { return f.sid == "S-1-5-7" || f.user == "ANONYMOUS LOGON"; }

// Windows' own service accounts activating Windows' own classes on the same host: the 10016s
// Microsoft documents as expected (KB 4022522).
bool isWindowsNoise(const EventFacts &f, const Directory &d) {
  bool serviceAccount = f.sid == "S-1-5-18" || f.sid == "S-1-5-19" || f.sid == "S-1-5-20";
  bool known = (!f.clsid.empty() && d.serverByClsid(f.clsid)) || (!f.appid.empty() && d.serverByAppid(f.appid));
  return serviceAccount && f.locality == "Local" && !known;
}

// Classes that attackers launch remotely to run commands (MITRE ATT&CK T1021.003, "Remote
// Services: Distributed Component Object Model"): a remote launch of one is not a plant fault.
struct LateralMovementClass {
  std::string_view clsid;
  std::string_view name;
};
constexpr LateralMovementClass kLateralMovement[] = {
    {"{49B2791A-B1AE-4C90-9B8E-E860BA07F889}", "MMC20.Application"},
    {"{9BA05972-F6A8-11CF-A442-00A0C90A8F39}", "ShellWindows"},
    {"{C08AFD90-F2A1-11D1-8455-00A0C91F3880}", "ShellBrowserWindow"},
};
constexpr std::string_view kMitreDcom =
    "MITRE ATT&CK T1021.003, \"Remote Services: Distributed Component Object Model\"";

const LateralMovementClass *lateralMovementClass(const EventFacts &f) {
  for (const auto &c : kLateralMovement)
    if (f.clsid.size() == c.clsid.size() &&
        std::equal(f.clsid.begin(), f.clsid.end(), c.clsid.begin(),
                   [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; }))
      return &c;
  return nullptr;
}

// An IPv4 or IPv6 address of a private, loopback or link-local network ("" and "-" count as
// unknown, not outside).
bool outsideAddress(std::string_view a) {
  if (a.empty() || a == "-" || a.starts_with("LocalHost"))
    return false;
  if (a.find(':') != std::string_view::npos)
    return !(a == "::1" || a.starts_with("fe80:") || a.starts_with("fc") || a.starts_with("fd") ||
             a.starts_with("::ffff:10.") || a.starts_with("::ffff:192.168."));
  unsigned o1 = 0, o2 = 0;
  if (std::sscanf(std::string(a).c_str(), "%u.%u", &o1, &o2) != 2)
    return false;
  bool privateNet = o1 == 10 || o1 == 127 || (o1 == 172 && o2 >= 16 && o2 <= 31) || (o1 == 192 && o2 == 168) ||
                    (o1 == 169 && o2 == 254);
  return !privateNet;
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
    scope = f.eventId == 10015 || f.eventId == 10019 || f.eventId == 10027 || f.eventId == 10014
                ? "computer-wide limit"
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
                        access ? "access" : "launch", f.appid.empty() ? "of the class" : f.appid, kind,
                        access ? "" : "permission", a.account);
  } else if (scope == "machine-default") {
    by = access ? "the machine-default access permission (DefaultAccessPermission)"
                : "the machine-default launch permission (DefaultLaunchPermission)";
    fix = fmt::format("add {} to My Computer's default {} permissions (Edit Default), or give "
                      "the server its own",
                      who, perm);
    cause = fmt::format("the server has no {} permission of its own and the machine default "
                        "does not grant {} to {}",
                        access ? "access" : "launch", kind, a.account);
  } else {
    by = access ? "the computer-wide access limits (MachineAccessRestriction)"
                : "the computer-wide launch limits (MachineLaunchRestriction)";
    fix = fmt::format("add {} to My Computer's {} Limits (Edit Limits) with {}", who, perm, kind);
    cause =
        fmt::format("the computer-wide {} Limits do not grant {} to {}", access ? "access" : "launch", kind, a.account);
  }
  const std::string server = !a.server.empty()                ? a.server
                             : scope == "computer-wide limit" ? std::string("any COM server")
                                                              : std::string("the server");
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
  // (Unless the plant names the class as one of its servers.)
  if (const LateralMovementClass *c = lateralMovementClass(f);
      c && f.locality == "Remote" && !d.serverByClsid(f.clsid)) {
    a.what = fmt::format("{} of {} denied to {}{}: a known lateral-movement technique (commands run through {} "
                         "over DCOM), not an OPC fault",
                         kind, c->name, who, f.address.empty() ? "" : " (from " + f.address + ")", c->name);
    a.cause = fmt::format("someone on {} tried to run {} on this computer remotely; plant software does not "
                          "do this",
                          f.address.empty() ? "another computer" : f.address, c->name);
    a.fix = fmt::format("do not grant the permission: find out who did this on {} (its logon and process "
                        "logs at that time) and treat it as an intrusion attempt unless it was an administrator",
                        f.address.empty() ? "the calling computer" : f.address);
    a.source = std::string(kMitreDcom);
    a.hresult = nullptr;
    return;
  }
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
    if (!info->causes.empty())
      a.cause = std::string(info->causes.front().text);
    if (!info->fixes.empty())
      a.fix = std::string(info->fixes.front());
  }
  const std::string who = d.shortAccountName(f);

  switch (f.eventId) {
  case 10014:
  case 10015:
  case 10016:
  case 10017:
  case 10018:
  case 10019:
  case 10027:
    if (f.family == EventFamily::Dcom) {
      permissionDenial(a, f, d);
      return a;
    }
    break;
  case 10004:
    a.what = fmt::format(
        "DCOM could not log on {} to run {}{}", a.account.empty() ? "the server's identity" : a.account,
        a.server.empty() ? "the server" : a.server, f.error.empty() ? "" : fmt::format(" (error \"{}\")", f.error));
    return a;
  case 10006: {
    a.what = fmt::format("activation of {} on {} failed with \"{}\"", a.server.empty() ? "a server" : a.server,
                         f.computer.empty() ? "another computer" : f.computer, f.error);
    if (auto code = parseCode(f.error))
      if (const HResultInfo *h = findHResult(*code)) {
        a.hresult = h;
        a.cause = fmt::format("{} ({}): {}", formatCode(h->code), h->symbol(), h->meaning());
        if (!h->fixes.empty())
          a.fix = std::string(h->fixes.front());
      }
    return a;
  }
  case 10009:
  case 10028:
    a.what = fmt::format("DCOM could not communicate with {}", f.computer.empty() ? "a computer" : f.computer);
    return a;
  case 10010:
    a.what = fmt::format("server {} did not register with DCOM within the required timeout",
                         a.server.empty() ? f.server : a.server);
    return a;
  case 10036:
    a.what = fmt::format("activation by {}{} refused by the server-side authentication level policy "
                         "(DCOM hardening, below Packet Integrity)",
                         who, f.address.empty() ? "" : " from " + f.address);
    return a;
  case 10037:
  case 10038:
    a.what = fmt::format("{} (PID {}) activates {} on {} with {} authentication level {} (below 5, "
                         "Packet Integrity)",
                         f.application, f.pid, a.server, f.computer,
                         f.eventId == 10037 ? "an explicitly set" : "the default", f.level);
    a.severity = Severity::Warning;
    return a;
  default: break;
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
    // DCOM logs on over the network (type 3); other logon types are not DCOM, and Remote Desktop
    // (type 10) from outside the plant's networks is typically password guessing.
    if (!f.logonType.empty() && f.logonType != "3" && f.eventId != 4624) {
      std::string code = (!f.subStatus.empty() && f.subStatus != "0x00000000") ? f.subStatus : f.status;
      if (auto c = parseCode(code))
        a.status = findStatus(*c);
      bool rdp = f.logonType == "10";
      bool outside = outsideAddress(f.address);
      a.what = fmt::format("{} logon failure for {}{}{}: not a DCOM connection{}", rdp ? "Remote Desktop" : "local",
                           a.account.empty() ? "an account" : a.account, from.empty() ? "" : " from " + from, typeText,
                           outside ? ", from an address outside private networks" : "");
      a.cause = rdp ? (outside ? "a Remote Desktop logon from the internet failed: typically password guessing"
                               : "a Remote Desktop logon failed (a mistyped or stale password)")
                    : "an interactive, service or batch logon failed on this computer";
      a.fix = rdp && outside
                  ? "do not expose Remote Desktop (TCP 3389) to the internet: allow it only from the "
                    "plant's networks or a VPN, use Network Level Authentication and an account lockout policy"
                  : "nothing for DCOM; correct the password where this logon is configured";
      a.severity = rdp && outside ? Severity::Warning : Severity::Info;
      a.hresult = nullptr;
      return a;
    }
    if (f.eventId == 4624) {
      a.what = fmt::format("network logon as {}{}{}", a.account.empty() ? "an account" : a.account,
                           from.empty() ? "" : " from " + from, typeText);
      a.severity = isAnonymous(f) ? Severity::Warning : Severity::Info;
      a.cause = std::string(info->causes[isAnonymous(f) ? 1 : 0].text);
      a.hresult = nullptr;
      return a;
    }
    // The deciding status: Sub Status says more than 0xC000006D "unknown user name or bad password".
    std::string code = (!f.subStatus.empty() && f.subStatus != "0x00000000") ? f.subStatus : f.status;
    if (auto c = parseCode(code))
      a.status = findStatus(*c);
    std::string statusText = code.empty() ? (f.eventId == 529 ? " (unknown user name or bad password)" : "")
                             : a.status   ? fmt::format(" with {} {} ({})", code, a.status->symbol(), a.status->meaning)
                                          : fmt::format(" with status {}", code);
    a.what = fmt::format("logon failure for {}{}{}{}", a.account.empty() ? "an account" : a.account,
                         from.empty() ? "" : " from " + from, typeText, statusText);
    if (a.status) {
      if (!a.status->causes.empty())
        a.cause = std::string(a.status->causes.front());
      if (!a.status->fixes.empty())
        a.fix = std::string(a.status->fixes.front());
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
  if (!info)
    a.severity = Severity::Info;
  return a;
}

} // namespace dd::audit
