// The System, Security and Application logs of the last N days, exported with EvtExportLog
// (what `wevtutil epl` does) as System.evtx, Security.evtx, Application.evtx, which `dcomdoctor
// events` reads. The Security log needs SeSecurityPrivilege (an elevated administrator).
#include "collect/Lsa.h"
#include "collect/Parts.h"

#include <winevt.h>

#include <fmt/format.h>

namespace dd::collect {

void collectEventLogs(Output &out, const CollectOptions &options) {
  if (options.days == 0)
    return;
  enablePrivilege(L"SeSecurityPrivilege");
  const std::wstring query = wide(fmt::format("*[System[TimeCreated[timediff(@SystemTime) <= {}]]]",
                                              static_cast<unsigned long long>(options.days) * 86400000ull));
  for (const wchar_t *log : {L"System", L"Security", L"Application"}) {
    const std::filesystem::path file = out.folder() / (std::wstring(log) + L".evtx");
    std::error_code ec;
    std::filesystem::remove(file, ec); // EvtExportLog does not overwrite
    if (EvtExportLog(nullptr, log, query.c_str(), file.wstring().c_str(), EvtExportLogChannelPath))
      continue;
    out.missing(fmt::format("{}.evtx (EvtExportLog, last {} days)", utf8(log), options.days), winError(GetLastError()));
  }
}

} // namespace dd::collect
