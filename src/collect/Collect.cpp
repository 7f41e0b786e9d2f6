#include "collect/Collect.h"

#include "collect/Parts.h"

#include <fmt/format.h>

#include <ctime>
#include <fstream>
#include <system_error>

namespace dd::collect {
namespace {

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  return text;
}

} // namespace

namespace {

struct Part {
  const char *label;
  const char *files; // named in collect-log.txt when the part stops
  void (*run)(Output &, const CollectOptions &);
};
constexpr Part kParts[] = {
    {"Registry exports", "*.reg", [](Output &o, const CollectOptions &opt) { collectRegistry(o, opt); }},
    {"Security policy", "secedit.inf, auditpol.txt, auditpol-backup.csv",
     [](Output &o, const CollectOptions &) { collectSecurityPolicy(o); }},
    {"Accounts", "net-user*.txt, net-localgroup*.txt, wmic-*.txt, accounts.json",
     [](Output &o, const CollectOptions &) { collectAccounts(o); }},
    {"Firewall", "firewall-*.txt", [](Output &o, const CollectOptions &) { collectFirewall(o); }},
    {"Services", "sc-*.txt", [](Output &o, const CollectOptions &opt) { collectServices(o, opt); }},
    {"Folders", "icacls-*.txt, sddl-*.txt", [](Output &o, const CollectOptions &opt) { collectFolders(o, opt); }},
    {"Host", "systeminfo.txt, host.json, query-user.txt, wmic-computersystem.txt",
     [](Output &o, const CollectOptions &) { collectHost(o); }},
    {"COM+ catalog", "complus.json", [](Output &o, const CollectOptions &) { collectComPlus(o); }},
    {"IIS configuration", "iis", [](Output &o, const CollectOptions &) { collectIis(o); }},
    {"Event logs", "*.evtx", [](Output &o, const CollectOptions &opt) { collectEventLogs(o, opt); }},
};
constexpr const wchar_t *kPartLog = L".collect-part.txt"; // a child's log lines, read by the parent

// An unhandled exception in a part's child (a stub API) ends it with the exception code, with
// no error box or debugger.
LONG WINAPI endPart(EXCEPTION_POINTERS *e) { ExitProcess(e->ExceptionRecord->ExceptionCode); }

// One argument as CommandLineToArgvW reads it back: quoted, backslashes before a quote doubled.
std::wstring quoteArgument(const std::string &arg) {
  std::wstring out = L"\"";
  size_t backslashes = 0;
  for (wchar_t c : wide(arg)) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    out.append(c == L'"' ? 2 * backslashes + 1 : backslashes, L'\\');
    backslashes = 0;
    out += c;
  }
  out.append(2 * backslashes, L'\\');
  return out + L"\"";
}

std::wstring childCommandLine(const std::wstring &exe, const CollectOptions &options, int part) {
  std::wstring line = L"\"" + exe + L"\" collect " + quoteArgument(options.out) + L" --part " + std::to_wstring(part) +
                      L" --days " + std::to_wstring(options.days);
  if (options.hives)
    line += L" --hives";
  for (const std::string &s : options.services)
    line += L" --service " + quoteArgument(s);
  for (const std::string &d : options.folders)
    line += L" --dir " + quoteArgument(d);
  return line;
}

// Runs part `index` in a child process; its log lines are added to `out`.
void runPartInChild(Output &out, const CollectOptions &options, int index) {
  wchar_t exe[MAX_PATH];
  GetModuleFileNameW(nullptr, exe, MAX_PATH);
  std::wstring line = childCommandLine(exe, options, index);
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION process{};
  if (!CreateProcessW(exe, line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup, &process)) {
    out.missing(fmt::format("{} ({})", kParts[index].files, kParts[index].label),
                "cannot start it: " + winError(GetLastError()));
    return;
  }
  WaitForSingleObject(process.hProcess, INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(process.hProcess, &code);
  CloseHandle(process.hProcess);
  CloseHandle(process.hThread);
  const std::filesystem::path log = out.folder() / kPartLog;
  std::ifstream in(log, std::ios::binary);
  for (std::string text; std::getline(in, text);)
    out.missingLine(text);
  in.close();
  std::error_code ec;
  std::filesystem::remove(log, ec);
  if (code != 0)
    out.missing(fmt::format("{} ({})", kParts[index].files, kParts[index].label),
                fmt::format("stopped by exception 0x{:08X} (an API this Windows has only as a "
                            "stub); what it wrote before is kept",
                            code));
}

size_t countFiles(const std::filesystem::path &folder) {
  std::error_code ec;
  size_t n = 0;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(folder, ec))
    n += entry.is_regular_file(ec);
  return n;
}

} // namespace

Result<CollectSummary> collectSnapshot(const CollectOptions &options, std::FILE *progress) {
  const std::filesystem::path folder(wide(options.out));
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (!std::filesystem::is_directory(folder))
    return Error::at(options.out + ": cannot create the folder (" + ec.message() + ")");
  Output out(folder);
  if (options.part >= 0 && options.part < static_cast<int>(std::size(kParts))) { // the child of one part
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    SetUnhandledExceptionFilter(endPart);
    kParts[options.part].run(out, options);
    std::string lines;
    for (const std::string &line : out.missingLines())
      lines += line + "\n";
    std::ofstream(folder / kPartLog, std::ios::binary) << lines;
    return CollectSummary{out.files(), out.missingCount()};
  }
  const std::string header = fmt::format("dcomdoctor collect on {} at {}", computerName(), utcNow());
  for (int i = 0; i < static_cast<int>(std::size(kParts)); ++i) {
    const size_t before = out.missingCount();
    runPartInChild(out, options, i);
    const size_t missed = out.missingCount() - before;
    if (progress) {
      if (missed)
        std::fprintf(progress, "%s... %zu item(s) not recorded (collect-log.txt)\n", kParts[i].label, missed);
      else
        std::fprintf(progress, "%s... done\n", kParts[i].label);
      std::fflush(progress);
    }
  }
  if (auto written = out.writeLog(header); !written)
    return written.error();
  return CollectSummary{countFiles(folder), out.missingCount()};
}

} // namespace dd::collect
