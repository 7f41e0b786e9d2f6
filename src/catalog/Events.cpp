// The event layouts (see Events.h). Sources, named in each row:
// - kGuide: the DCOM security and configuration guide, chapter 4, which prints 680, 10014 and
//   10016 as Windows XP SP2 / Server 2003 SP1 write them;
// - kMsComSecurity: Microsoft TechNet, "COM Security Policy Configuration" (Windows Server 2008 R2
//   event list: 10004, 10015, 10016, 10017, 10018, 10019) and "COM General Functionality" (10005,
//   10010);
// - kMsRemoteAvailability: Microsoft TechNet, "COM Remote Service Availability" (10006, 10009);
// - kMs4625 / kMs4624 / kMs4776: Microsoft Learn, the Advanced security audit policy event pages;
// - kMsXpAudit: Microsoft, Windows Server 2003 security event descriptions (529, 680);
// - kMsKb5004442: Microsoft KB5004442 "Manage changes for Windows DCOM Server Security Feature
//   Bypass (CVE-2021-26414)", "New DCOM error events" (10036, 10037, 10038);
// - kMsDcomManifest: the messages of the Microsoft-Windows-DistributedCOM provider of Vista and
//   later (`wevtutil gp Microsoft-Windows-DistributedCOM /ge /gm`): 10014 "remote activations for
//   COM+ are disabled" (netevent.h: EVENT_DCOM_COMPLUS_DISABLED).
// Windows 8 and later append "running in the application container %N SID (%N)" to the address
// of the launch events (seen in the events Windows 8 and later log). The trailing explanation
// paragraph of the Security events is left out: predictions print the message up to it.
#include "catalog/Events.h"
#include "catalog/Sources.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace dd::catalog {
namespace {

using sv = std::string_view;
using W = Windows;

constexpr sv kDcom = "DCOM", kDcomProvider = "Microsoft-Windows-DistributedCOM";
constexpr sv kSecurity = "Security", kSecurityProvider = "Microsoft-Windows-Security-Auditing";

constexpr sv kGuide =
    "DCOM Security and Configuration Guide, chapter 4 (events as Windows XP SP2 / 2003 SP1 print them)";
constexpr sv kMsComSecurity =
    "Microsoft TechNet, \"COM Security Policy Configuration\" (Windows Server 2008 R2 event list)";
using source::kMsComGeneral;
constexpr sv kMsRemoteAvailability =
    "Microsoft TechNet, \"COM Remote Service Availability\" (Windows Server 2008 R2 event list)";
constexpr sv kMs4625 = "Microsoft Learn, \"4625(F): An account failed to log on\"";
constexpr sv kMs4624 = "Microsoft Learn, \"4624(S): An account was successfully logged on\" (version 0, Vista / 2008)";
using source::kMs4776;
constexpr sv kMsXpAudit = "Microsoft, Windows Server 2003 security event descriptions (529, 680)";
constexpr sv kMsKb5004442 = "Microsoft KB5004442, \"New DCOM error events\"";
constexpr sv kMsDcomManifest = "Microsoft-Windows-DistributedCOM provider messages (Vista and later; "
                               "netevent.h EVENT_DCOM_COMPLUS_DISABLED)";
// 10027: the machine-wide launch Limits refusing a remote activation on a current Windows Server,
// as a capture Microsoft published shows it (no CLSID: the Limits apply to every COM server).
// Which version first wrote 10027 instead of 10015 is not documented: 10015 is Microsoft's
// Windows Server 2008 R2 list; Windows 8 / 2012 (R2) are taken to write 10015 and Windows 10 /
// Server 2016 and later 10027 (verify). The access Limits are 10019 on every version (the 2008
// R2 list; verify on current versions); a local refusal uses the same ids with "Local" (verify).
constexpr sv kCurrentServerCapture = "Microsoft, a capture of a current Windows Server's System log "
                                     "(10027, machine-wide launch Limits) (verify: first version)";

#define MODIFY " This security permission can be modified using the Component Services administrative tool."
#define CONTAINER " running in the application container %8 SID (%9)"

// Parameter names, in the order of each layout.
constexpr sv pLogonFailure[] = {
    "subject_sid", "subject_user",  "subject_domain", "subject_logon_id", "sid",
    "user",        "domain",        "status",         "failure_reason",   "sub_status",
    "logon_type",  "logon_process", "package",        "workstation",      "transited_services",
    "lm_package",  "key_length",    "process_id",     "process_name",     "address",
    "port"};
constexpr sv d4625[] = {"SubjectUserSid",
                        "SubjectUserName",
                        "SubjectDomainName",
                        "SubjectLogonId",
                        "TargetUserSid",
                        "TargetUserName",
                        "TargetDomainName",
                        "Status",
                        "FailureReason",
                        "SubStatus",
                        "LogonType",
                        "LogonProcessName",
                        "AuthenticationPackageName",
                        "WorkstationName",
                        "TransmittedServices",
                        "LmPackageName",
                        "KeyLength",
                        "ProcessId",
                        "ProcessName",
                        "IpAddress",
                        "IpPort"};
constexpr sv p4624[] = {"subject_sid",
                        "subject_user",
                        "subject_domain",
                        "subject_logon_id",
                        "sid",
                        "user",
                        "domain",
                        "logon_id",
                        "logon_type",
                        "logon_process",
                        "package",
                        "workstation",
                        "logon_guid",
                        "transited_services",
                        "lm_package",
                        "key_length",
                        "process_id",
                        "process_name",
                        "address",
                        "port"};
constexpr sv d4624[] = {"SubjectUserSid",
                        "SubjectUserName",
                        "SubjectDomainName",
                        "SubjectLogonId",
                        "TargetUserSid",
                        "TargetUserName",
                        "TargetDomainName",
                        "TargetLogonId",
                        "LogonType",
                        "LogonProcessName",
                        "AuthenticationPackageName",
                        "WorkstationName",
                        "LogonGuid",
                        "TransmittedServices",
                        "LmPackageName",
                        "KeyLength",
                        "ProcessId",
                        "ProcessName",
                        "IpAddress",
                        "IpPort"};
constexpr sv p4776[] = {"package", "user", "workstation", "status"};
constexpr sv d4776[] = {"PackageName", "TargetUserName", "Workstation", "Status"};
constexpr sv p529[] = {
    "user",          "domain",          "logon_type", "logon_process",      "package", "workstation", "caller_user",
    "caller_domain", "caller_logon_id", "caller_pid", "transited_services", "address", "port"};
constexpr sv p680[] = {"package", "user", "workstation", "status"};

constexpr sv p10004[] = {"error", "domain", "user", "server"};
constexpr sv p10005[] = {"error", "service", "arguments", "server"};
constexpr sv p10006[] = {"error", "computer", "server"};
constexpr sv p10009[] = {"computer"};
constexpr sv p10010[] = {"server"};
constexpr sv p10014[] = {"locality", "right", "domain", "user", "sid"};
constexpr sv p10014ComPlus[] = {"clsid"};
constexpr sv p10015[] = {"locality", "right",   "clsid",     "domain",       "user",
                         "sid",      "address", "container", "container_sid"};
constexpr sv p10016Xp[] = {"scope", "locality", "right", "clsid", "domain", "user", "sid"};
constexpr sv p10016List[] = {"scope", "locality", "right", "clsid", "domain", "user", "sid", "address"};
constexpr sv p10016[] = {"scope", "locality", "right",   "clsid",     "appid",        "domain",
                         "user",  "sid",      "address", "container", "container_sid"};
constexpr sv p10017[] = {"scope", "locality", "server", "domain", "user", "sid", "address"};
constexpr sv p10018[] = {"locality", "server", "domain", "user", "sid", "address"};
constexpr sv p10027[] = {"locality", "right", "domain", "user", "sid", "address"};
constexpr sv p10028[] = {"computer", "pid", "process", "clsid"};
constexpr sv p10036[] = {"domain", "user", "sid", "address"};
constexpr sv p10037[] = {"application", "pid", "clsid", "computer", "level"};

constexpr std::span<const sv> first(std::span<const sv> s, size_t n) { return s.first(n); }

// Rows of one id are consecutive, oldest Windows first (one exception: 10014, see there).
constexpr EventLayout kLayouts[] = {
    // Security log.
    {529,
     Log::Security,
     kSecurity,
     kSecurity,
     W::Nt5,
     W::Nt5,
     p529,
     {},
     "Logon Failure:\n\tReason:\t\tUnknown user name or bad password\n\tUser Name:\t%1\n\tDomain:\t\t%2\n"
     "\tLogon Type:\t%3\n\tLogon Process:\t%4\n\tAuthentication Package:\t%5\n\tWorkstation Name:\t%6\n"
     "\tCaller User Name:\t%7\n\tCaller Domain:\t%8\n\tCaller Logon ID:\t%9\n\tCaller Process ID:\t%10\n"
     "\tTransited Services:\t%11\n\tSource Network Address:\t%12\n\tSource Port:\t%13",
     kMsXpAudit,
     false},
    {680,
     Log::Security,
     kSecurity,
     kSecurity,
     W::Nt5,
     W::Nt5,
     p680,
     {},
     "Logon attempt by:\t%1\n\nLogon account:\t%2\n\nSource Workstation:\t%3\n\nError Code:\t%4",
     kGuide},
    {4624, Log::Security, kSecurityProvider, kSecurityProvider, W::Vista, W::Win10, p4624, d4624,
     "An account was successfully logged on.\n\nSubject:\n\tSecurity ID:\t\t%1\n\tAccount Name:\t\t%2\n"
     "\tAccount Domain:\t\t%3\n\tLogon ID:\t\t%4\n\nLogon Type:\t\t\t%9\n\nNew Logon:\n\tSecurity ID:\t\t%5\n"
     "\tAccount Name:\t\t%6\n\tAccount Domain:\t\t%7\n\tLogon ID:\t\t%8\n\tLogon GUID:\t\t%13\n\n"
     "Process Information:\n\tProcess ID:\t\t%17\n\tProcess Name:\t\t%18\n\nNetwork Information:\n"
     "\tWorkstation Name:\t%12\n\tSource Network Address:\t%19\n\tSource Port:\t\t%20\n\n"
     "Detailed Authentication Information:\n\tLogon Process:\t\t%10\n\tAuthentication Package:\t%11\n"
     "\tTransited Services:\t%14\n\tPackage Name (NTLM only):\t%15\n\tKey Length:\t\t%16",
     kMs4624, false},
    {4625, Log::Security, kSecurityProvider, kSecurityProvider, W::Vista, W::Win10, pLogonFailure, d4625,
     "An account failed to log on.\n\nSubject:\n\tSecurity ID:\t\t%1\n\tAccount Name:\t\t%2\n"
     "\tAccount Domain:\t\t%3\n\tLogon ID:\t\t%4\n\nLogon Type:\t\t\t%11\n\n"
     "Account For Which Logon Failed:\n\tSecurity ID:\t\t%5\n\tAccount Name:\t\t%6\n\tAccount Domain:\t\t%7\n\n"
     "Failure Information:\n\tFailure Reason:\t\t%9\n\tStatus:\t\t\t%8\n\tSub Status:\t\t%10\n\n"
     "Process Information:\n\tCaller Process ID:\t%18\n\tCaller Process Name:\t%19\n\n"
     "Network Information:\n\tWorkstation Name:\t%14\n\tSource Network Address:\t%20\n\tSource Port:\t\t%21\n\n"
     "Detailed Authentication Information:\n\tLogon Process:\t\t%12\n\tAuthentication Package:\t%13\n"
     "\tTransited Services:\t%15\n\tPackage Name (NTLM only):\t%16\n\tKey Length:\t\t%17",
     kMs4625},
    {4776, Log::Security, kSecurityProvider, kSecurityProvider, W::Vista, W::Win10, p4776, d4776,
     "The computer attempted to validate the credentials for an account.\n\nAuthentication Package:\t%1\n"
     "Logon Account:\t%2\nSource Workstation:\t%3\nError Code:\t%4",
     kMs4776, false},
    // System log, DCOM.
    {10004,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10004,
     {},
     "DCOM received error \"%1\" and could not log on %2\\%3 in order to run the server:\n%4",
     kMsComSecurity},
    {10005,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10005,
     {},
     "DCOM received error \"%1\" during the attempt to start the service %2 with arguments \"%3\" in order to "
     "run the following server:\n%4",
     kMsComGeneral,
     false},
    {10006,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10006,
     {},
     "DCOM got error \"%1\" from the computer %2 when attempting to activate the server:\n%3",
     kMsRemoteAvailability,
     false},
    {10009,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10009,
     {},
     "DCOM was unable to communicate with the computer %1 using any of the configured protocols.",
     kMsRemoteAvailability,
     false},
    {10010,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10010,
     {},
     "The server %1 did not register with DCOM within the required timeout.",
     kMsComGeneral},
    // 10014 has two meanings: Vista and later write it for a COM+ remote activation refused; XP SP2 /
    // 2003 wrote it for the Limits (the guide's example). The Vista row comes first, against the
    // oldest-first order, so that the guide's layout stays the id's reference (newestLayout): the one
    // the triage and `explain 10014` describe.
    {10014,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Vista,
     W::Win10,
     p10014ComPlus,
     {},
     "The activation for CLSID %1 failed because remote activations for COM+ are disabled. To enable this "
     "functionality use Server Manager to install the COM+ Network Access feature in the Application Server role.",
     kMsDcomManifest},
    {10014,
     Log::System,
     kDcom,
     kDcom,
     W::Nt5,
     W::Nt5,
     p10014,
     {},
     "The computer wide limit settings do not grant %1 %2 permission for COM Server applications to the "
     "user %3\\%4 SID (%5)." MODIFY,
     kGuide},
    {10015,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Vista,
     W::Vista,
     first(p10015, 7),
     {},
     "The computer-wide limit settings do not grant %1 %2 permission for the COM Server application with "
     "CLSID\n%3\nto the user %4\\%5 SID (%6) from address %7." MODIFY,
     kMsComSecurity},
    {10015,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Win8,
     W::Win8,
     p10015,
     {},
     "The computer-wide limit settings do not grant %1 %2 permission for the COM Server application with "
     "CLSID\n%3\nto the user %4\\%5 SID (%6) from address %7" CONTAINER "." MODIFY,
     kMsComSecurity},
    {10016,
     Log::System,
     kDcom,
     kDcom,
     W::Nt5,
     W::Nt5,
     p10016Xp,
     {},
     "The %1 permission settings do not grant %2 %3 permission for the COM Server application with CLSID\n%4\n"
     "to the user %5\\%6 SID (%7)." MODIFY,
     kGuide},
    {10016,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Vista,
     W::Vista,
     p10016List,
     {},
     "The %1 permission settings do not grant %2 %3 permission for the COM Server application with CLSID\n%4\n"
     "to the user %5\\%6 SID (%7) from address %8. This security permission can be modified using the "
     "Component Services snap-in.",
     kMsComSecurity,
     false},
    {10016,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Vista,
     W::Vista,
     first(p10016, 9),
     {},
     "The %1 permission settings do not grant %2 %3 permission for the COM Server application with CLSID\n%4\n"
     "and APPID\n%5\nto the user %6\\%7 SID (%8) from address %9." MODIFY,
     kMsComSecurity},
    {10016,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Win8,
     W::Win10,
     p10016,
     {},
     "The %1 permission settings do not grant %2 %3 permission for the COM Server application with CLSID\n%4\n"
     "and APPID\n%5\nto the user %6\\%7 SID (%8) from address %9 running in the application container %10 "
     "SID (%11)." MODIFY,
     kMsComSecurity},
    {10017,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10017,
     {},
     "The %1 permission settings do not grant %2 Access permission to the COM Server application %3 to the "
     "user %4\\%5 SID (%6) from address %7." MODIFY,
     kMsComSecurity},
    {10018,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10018,
     {},
     "The application-specific permission settings do not grant %1 Access permission to the COM Server "
     "application %2 to the user %3\\%4 SID (%5) from address %6." MODIFY,
     kMsComSecurity},
    {10019,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Nt5,
     W::Win10,
     p10018,
     {},
     "The machine wide limit settings do not grant %1 Access permission to the COM Server application %2 "
     "to the user %3\\%4 SID (%5) from address %6." MODIFY,
     kMsComSecurity},
    {10027,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Win10,
     W::Win10,
     p10027,
     {},
     "The machine wide limit settings do not grant %1 %2 permission for COM Server applications to the "
     "user %3\\%4 SID (%5) from address %6." MODIFY,
     kCurrentServerCapture},
    {10028,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Win8,
     W::Win10,
     p10028,
     {},
     "DCOM was unable to communicate with the computer %1 using any of the configured protocols; requested "
     "by PID %2 (%3), while activating CLSID %4.",
     kMsRemoteAvailability,
     false},
    {10036,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Vista,
     W::Win10,
     p10036,
     {},
     "The server-side authentication level policy does not allow the user %1\\%2 SID (%3) from address %4 "
     "to activate DCOM server. Please raise the activation authentication level at least to "
     "RPC_C_AUTHN_LEVEL_PKT_INTEGRITY in client application.",
     kMsKb5004442},
    {10037,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Vista,
     W::Win10,
     p10037,
     {},
     "Application %1 with PID %2 is requesting to activate CLSID %3 on computer %4 with explicitly set "
     "authentication level at %5. The lowest activation authentication level required by DCOM is "
     "5(RPC_C_AUTHN_LEVEL_PKT_INTEGRITY). To raise the activation authentication level, please contact the "
     "application vendor.",
     kMsKb5004442},
    {10038,
     Log::System,
     kDcom,
     kDcomProvider,
     W::Vista,
     W::Win10,
     p10037,
     {},
     "Application %1 with PID %2 is requesting to activate CLSID %3 on computer %4 with default set "
     "authentication level at %5. The lowest activation authentication level required by DCOM is "
     "5(RPC_C_AUTHN_LEVEL_PKT_INTEGRITY). To raise the activation authentication level, please contact the "
     "application vendor.",
     kMsKb5004442},
};

#undef MODIFY
#undef CONTAINER

// Replaces %N in `text` by values[N-1]; `oneLine` first folds the template's white space runs.
std::string substitute(sv text, std::span<const std::string> values, bool oneLine) {
  std::string out;
  out.reserve(text.size() + 128);
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (oneLine && std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    if (c != '%' || i + 1 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      out += c;
      continue;
    }
    size_t end = i + 1;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
      ++end;
    size_t n = 0;
    std::from_chars(text.data() + i + 1, text.data() + end, n);
    if (n >= 1 && n <= values.size())
      out += values[n - 1];
    else
      out.append(text.substr(i, end - i));
    i = end - 1;
  }
  return out;
}

// Runs of white space as one blank, trimmed.
std::string fold(sv text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space)
      out += ' ';
    space = false;
    out += c;
  }
  return out;
}

sv trimmed(sv s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

// The template as literal pieces and parameter numbers: literal[0] %n[0] literal[1] %n[1] ...
struct Pieces {
  std::vector<std::string> literals;
  std::vector<size_t> params;
};

Pieces split(sv folded) {
  Pieces p;
  std::string literal;
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == '%' && i + 1 < folded.size() && std::isdigit(static_cast<unsigned char>(folded[i + 1]))) {
      size_t end = i + 1;
      while (end < folded.size() && std::isdigit(static_cast<unsigned char>(folded[end])))
        ++end;
      size_t n = 0;
      std::from_chars(folded.data() + i + 1, folded.data() + end, n);
      p.literals.push_back(std::move(literal));
      literal.clear();
      p.params.push_back(n);
      i = end - 1;
      continue;
    }
    literal += folded[i];
  }
  p.literals.push_back(std::move(literal));
  return p;
}

} // namespace

std::optional<std::vector<std::string>> parse(const EventLayout &layout, std::string_view message) {
  const std::string text = fold(message);
  const Pieces pieces = split(fold(layout.text));
  sv rest = text;
  // A blank at a piece's edge may be missing next to an empty value: compare without them.
  auto eat = [&rest](sv literal) {
    sv lit = trimmed(literal);
    rest = trimmed(rest);
    if (!rest.starts_with(lit))
      return false;
    rest.remove_prefix(lit.size());
    return true;
  };
  if (!eat(pieces.literals.front()))
    return std::nullopt;
  std::vector<std::string> values(layout.params.size());
  for (size_t i = 0; i < pieces.params.size(); ++i) {
    sv next = trimmed(pieces.literals[i + 1]);
    rest = trimmed(rest);
    size_t at = 0;
    if (!next.empty())
      at = rest.find(next);
    else if (i + 1 == pieces.params.size())
      at = rest.size();
    else // "%1 %2": the value is one word
      at = std::min(rest.find(' '), rest.size());
    if (at == std::string_view::npos)
      return std::nullopt;
    size_t n = pieces.params[i];
    if (n >= 1 && n <= values.size())
      values[n - 1] = std::string(trimmed(rest.substr(0, at)));
    rest.remove_prefix(at);
    if (!eat(next))
      return std::nullopt;
  }
  return values;
}

std::optional<Parsed> parseAny(uint32_t id, std::string_view message) {
  auto all = layoutsOf(id);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (auto values = parse(*it, message))
      return Parsed{&*it, std::move(*values)};
  return std::nullopt;
}

std::string_view logName(Log log) {
  switch (log) {
  case Log::System: return "System";
  case Log::Security: return "Security";
  case Log::Application: return "Application";
  }
  return "";
}

int EventLayout::paramIndex(std::string_view name) const {
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i] == name)
      return static_cast<int>(i);
  return -1;
}

std::span<const EventLayout> layoutsOf(uint32_t id) {
  const EventLayout *begin =
      std::find_if(std::begin(kLayouts), std::end(kLayouts), [id](const EventLayout &l) { return l.id == id; });
  const EventLayout *end = std::find_if(begin, std::end(kLayouts), [id](const EventLayout &l) { return l.id != id; });
  return {begin, end};
}

const EventLayout *layoutFor(uint32_t id, Windows windows) {
  const EventLayout *found = nullptr;
  for (const EventLayout &l : layoutsOf(id))
    if (l.writtenBy(windows) && (!found || (l.simulated && !found->simulated)))
      found = &l;
  return found;
}

const EventLayout *newestLayout(uint32_t id) {
  auto all = layoutsOf(id);
  return all.empty() ? nullptr : &all.back();
}

const EventLayout *layoutWithParams(uint32_t id, size_t count) {
  auto all = layoutsOf(id);
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (it->params.size() == count)
      return &*it;
  return newestLayout(id);
}

const EventLayout *layoutWithData(uint32_t id, std::string_view dataName) {
  for (const EventLayout &l : layoutsOf(id))
    for (sv d : l.dataNames)
      if (d == dataName)
        return &l;
  return nullptr;
}

std::span<const EventLayout> allLayouts() { return kLayouts; }

std::string render(const EventLayout &layout, std::span<const std::string> values) {
  return substitute(layout.text, values, false);
}

std::string renderOneLine(const EventLayout &layout, std::span<const std::string> values) {
  return substitute(layout.text, values, true);
}

} // namespace dd::catalog
