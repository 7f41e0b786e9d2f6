// Services through the service control manager (QueryServiceConfigW, QueryServiceStatusEx),
// written as `sc qc NAME` and `sc query NAME` print them (sc-qc-NAME.txt, sc-query-NAME.txt),
// for the services collect.cmd always records and those given with --service.
#include "collect/Parts.h"

#include <fmt/format.h>

#include <algorithm>

namespace dd::collect {
namespace {

const char *serviceTypeName(DWORD type) {
  switch (type & 0xff) {
  case SERVICE_KERNEL_DRIVER: return "KERNEL_DRIVER";
  case SERVICE_FILE_SYSTEM_DRIVER: return "FILE_SYSTEM_DRIVER";
  case SERVICE_WIN32_OWN_PROCESS: return "WIN32_OWN_PROCESS";
  case SERVICE_WIN32_SHARE_PROCESS: return "WIN32_SHARE_PROCESS";
  default: return "WIN32";
  }
}

const char *startTypeName(DWORD start) {
  constexpr const char *names[] = {"BOOT_START", "SYSTEM_START", "AUTO_START", "DEMAND_START", "DISABLED"};
  return start < 5 ? names[start] : "UNKNOWN";
}

const char *stateName(DWORD state) {
  constexpr const char *names[] = {"UNKNOWN", "STOPPED",          "START_PENDING", "STOP_PENDING",
                                   "RUNNING", "CONTINUE_PENDING", "PAUSE_PENDING", "PAUSED"};
  return state < 8 ? names[state] : "UNKNOWN";
}

std::string line(std::string_view key, std::string_view value) {
  return fmt::format("        {:<19}: {}\n", key, value);
}

bool isDelayedAutoStart(SC_HANDLE service) {
  SERVICE_DELAYED_AUTO_START_INFO info{};
  DWORD needed = 0;
  return QueryServiceConfig2W(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, reinterpret_cast<BYTE *>(&info),
                              sizeof info, &needed) &&
         info.fDelayedAutostart;
}

std::string scQcText(const std::string &name, SC_HANDLE service, const QUERY_SERVICE_CONFIGW &c) {
  std::string start = fmt::format("{:<3} {}", c.dwStartType, startTypeName(c.dwStartType));
  if (c.dwStartType == SERVICE_AUTO_START && isDelayedAutoStart(service))
    start += "  (DELAYED)";
  std::string t = "[SC] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: " + name + "\n";
  t += line("TYPE", fmt::format("{:<3x} {}", c.dwServiceType, serviceTypeName(c.dwServiceType)));
  t += line("START_TYPE", start);
  t += line("ERROR_CONTROL", fmt::format("{:<3} {}", c.dwErrorControl,
                                         c.dwErrorControl == 0   ? "IGNORE"
                                         : c.dwErrorControl == 1 ? "NORMAL"
                                                                 : "SEVERE"));
  t += line("BINARY_PATH_NAME", c.lpBinaryPathName ? utf8(c.lpBinaryPathName) : "");
  t += line("LOAD_ORDER_GROUP", c.lpLoadOrderGroup ? utf8(c.lpLoadOrderGroup) : "");
  t += line("TAG", std::to_string(c.dwTagId));
  t += line("DISPLAY_NAME", c.lpDisplayName ? utf8(c.lpDisplayName) : "");
  // Dependencies: a double-NUL-terminated list, one a line under the first; groups start with '+'.
  std::vector<std::string> dependencies;
  for (const wchar_t *d = c.lpDependencies; d && *d; d += wcslen(d) + 1)
    dependencies.push_back(utf8(d[0] == SC_GROUP_IDENTIFIERW ? d + 1 : d));
  t += line("DEPENDENCIES", dependencies.empty() ? "" : dependencies[0]);
  for (size_t i = 1; i < dependencies.size(); ++i)
    t += fmt::format("{:<29}: {}\n", "", dependencies[i]);
  t += line("SERVICE_START_NAME", c.lpServiceStartName ? utf8(c.lpServiceStartName) : "");
  return t + "\n";
}

std::string scQueryText(const std::string &name, const SERVICE_STATUS_PROCESS &s) {
  std::string flags =
      fmt::format("({}, {}, {})", (s.dwControlsAccepted & SERVICE_ACCEPT_STOP) ? "STOPPABLE" : "NOT_STOPPABLE",
                  (s.dwControlsAccepted & SERVICE_ACCEPT_PAUSE_CONTINUE) ? "PAUSABLE" : "NOT_PAUSABLE",
                  (s.dwControlsAccepted & SERVICE_ACCEPT_SHUTDOWN) ? "ACCEPTS_SHUTDOWN" : "IGNORES_SHUTDOWN");
  std::string t = "\nSERVICE_NAME: " + name + "\n";
  t += line("TYPE", fmt::format("{:<3x} {}", s.dwServiceType, serviceTypeName(s.dwServiceType)));
  t += line("STATE", fmt::format("{}  {}", s.dwCurrentState, stateName(s.dwCurrentState)));
  t += fmt::format("{:<32}{}\n", "", flags);
  t += line("WIN32_EXIT_CODE", fmt::format("{}  (0x{:x})", s.dwWin32ExitCode, s.dwWin32ExitCode));
  t += line("SERVICE_EXIT_CODE", fmt::format("{}  (0x{:x})", s.dwServiceSpecificExitCode, s.dwServiceSpecificExitCode));
  t += line("CHECKPOINT", fmt::format("0x{:x}", s.dwCheckPoint));
  t += line("WAIT_HINT", fmt::format("0x{:x}", s.dwWaitHint));
  return t + "\n";
}

void recordService(Output &out, SC_HANDLE manager, const std::string &name) {
  const std::string qc = "sc-qc-" + name + ".txt", query = "sc-query-" + name + ".txt";
  SC_HANDLE service = OpenServiceW(manager, wide(name).c_str(), SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS);
  if (!service) {
    const DWORD rc = GetLastError();
    if (rc == ERROR_SERVICE_DOES_NOT_EXIST) { // as sc prints it: a fact the readers take
      const std::string words = "The specified service does not exist as an installed service.\n\n";
      out.writeText(qc, "[SC] OpenService FAILED 1060:\n\n" + words);
      out.writeText(query, "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\n" + words);
    } else {
      out.missing(qc + ", " + query + " (OpenService)", winError(rc));
    }
    return;
  }
  DWORD needed = 0;
  QueryServiceConfigW(service, nullptr, 0, &needed);
  std::vector<BYTE> buffer(needed ? needed : sizeof(QUERY_SERVICE_CONFIGW));
  auto *config = reinterpret_cast<QUERY_SERVICE_CONFIGW *>(buffer.data());
  if (QueryServiceConfigW(service, config, static_cast<DWORD>(buffer.size()), &needed))
    out.writeText(qc, scQcText(name, service, *config));
  else
    out.missing(qc + " (QueryServiceConfig)", winError(GetLastError()));
  SERVICE_STATUS_PROCESS status{};
  if (QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE *>(&status), sizeof status, &needed))
    out.writeText(query, scQueryText(name, status));
  else
    out.missing(query + " (QueryServiceStatusEx)", winError(GetLastError()));
  CloseServiceHandle(service);
}

} // namespace

void collectServices(Output &out, const CollectOptions &options) {
  std::vector<std::string> names = {"RpcSs", "OpcEnum", "RemoteRegistry", "LanmanServer"};
  for (const std::string &s : options.services)
    if (std::find_if(names.begin(), names.end(),
                     [&](const std::string &n) { return _stricmp(n.c_str(), s.c_str()) == 0; }) == names.end())
      names.push_back(s);
  SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
  const DWORD error = manager ? 0 : GetLastError();
  for (const std::string &name : names) {
    if (manager)
      recordService(out, manager, name);
    else
      out.missing("sc-qc-" + name + ".txt, sc-query-" + name + ".txt (OpenSCManager)", winError(error));
  }
  if (manager)
    CloseServiceHandle(manager);
}

} // namespace dd::collect
