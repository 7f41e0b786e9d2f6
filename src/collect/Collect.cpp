#include "collect/Collect.h"

#include "collect/Parts.h"

#include <fmt/format.h>

#include <ctime>
#include <system_error>

namespace dd::collect {
namespace {

std::string computerName() {
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  return GetComputerNameW(name, &size) ? utf8(std::wstring_view(name, size)) : "";
}

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  return text;
}

} // namespace

Result<CollectSummary> collectSnapshot(const CollectOptions &options, std::FILE *progress) {
  const std::filesystem::path folder(wide(options.out));
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (!std::filesystem::is_directory(folder))
    return Error::at(options.out + ": cannot create the folder (" + ec.message() + ")");
  Output out(folder);
  const std::string header =
      fmt::format("dcomdoctor collect on {} at {}", computerName(), utcNow());

  struct Part { const char *label; void (*run)(Output &, const CollectOptions &); };
  const Part parts[] = {
      {"Registry exports", [](Output &o, const CollectOptions &opt) { collectRegistry(o, opt); }},
      {"Security policy", [](Output &o, const CollectOptions &) { collectSecurityPolicy(o); }},
      {"Accounts", [](Output &o, const CollectOptions &) { collectAccounts(o); }},
      {"Firewall", [](Output &o, const CollectOptions &) { collectFirewall(o); }},
      {"Services", [](Output &o, const CollectOptions &opt) { collectServices(o, opt); }},
      {"Folders", [](Output &o, const CollectOptions &opt) { collectFolders(o, opt); }},
      {"Host", [](Output &o, const CollectOptions &) { collectHost(o); }},
      {"COM+ catalog", [](Output &o, const CollectOptions &) { collectComPlus(o); }},
      {"IIS configuration", [](Output &o, const CollectOptions &) { collectIis(o); }},
      {"Event logs", [](Output &o, const CollectOptions &opt) { collectEventLogs(o, opt); }},
  };
  for (const Part &part : parts) {
    const size_t before = out.missingCount();
    part.run(out, options);
    const size_t missed = out.missingCount() - before;
    if (progress) {
      if (missed)
        std::fprintf(progress, "%s... %zu item(s) not recorded (collect-log.txt)\n", part.label, missed);
      else
        std::fprintf(progress, "%s... done\n", part.label);
      std::fflush(progress);
    }
  }
  if (auto written = out.writeLog(header); !written)
    return written.error();
  return CollectSummary{out.files(), out.missingCount()};
}

} // namespace dd::collect
