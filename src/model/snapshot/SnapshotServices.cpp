// A snapshot's services (sc qc, sc query) and whether a LocalService server runs.
#include "model/snapshot/SnapshotParts.h"

#include "model/snapshot/ScQc.h"
#include "model/snapshot/ScQuery.h"

#include <fmt/format.h>

#include <algorithm>

namespace dd::model::snapshot {

namespace {

std::string startTypeKey(std::string_view scStartType) {
  if (istartsWith(scStartType, "AUTO_START"))
    return "auto";
  if (istartsWith(scStartType, "DEMAND_START"))
    return "demand";
  if (istartsWith(scStartType, "DISABLED"))
    return "disabled";
  if (istartsWith(scStartType, "BOOT_START"))
    return "boot";
  if (istartsWith(scStartType, "SYSTEM_START"))
    return "system";
  return std::string(scStartType);
}

// The sc-query-*.txt files of installed services (unreadable ones skipped unless strict).
Result<std::vector<std::pair<std::string, ServiceStatus>>> readScQueries(const Folder &f) {
  std::vector<std::pair<std::string, ServiceStatus>> out;
  for (const auto &entry : f.withPrefix("sc-query-")) {
    auto q = f.parse(entry.first, parseScQuery);
    if (!q && f.skipped(q.error()))
      continue;
    if (!q)
      return q.error();
    if (q->installed)
      out.emplace_back(entry.first, std::move(*q));
  }
  return out;
}

} // namespace

Result<void> applyServices(Host &host, const Folder &f) {
  for (const auto &entry : f.withPrefix("sc-qc-")) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture those in a lambda.
    const auto &file = entry.first;
    const auto &svc = entry.second;
    auto qc = f.parse(file, parseScQc);
    if (!qc && f.skipped(qc.error()))
      continue;
    if (!qc)
      return qc.error();
    auto it = std::find_if(host.services.begin(), host.services.end(),
                           [&](const Service &s) { return iequals(s.name, svc); });
    if (!qc->installed) {
      if (it != host.services.end())
        host.services.erase(it);
      continue;
    }
    if (it == host.services.end()) {
      host.services.push_back(Service{});
      it = host.services.end() - 1;
    }
    it->name = qc->name;
    it->displayName = qc->displayName;
    it->logonAccount = qc->startName;
    it->startType = startTypeKey(qc->startType);
    it->binaryPath = qc->binaryPath;
    it->from = at(f, file, qc->startNameLine, "sc qc " + qc->name + " SERVICE_START_NAME");
  }
  auto queries = readScQueries(f);
  if (!queries)
    return queries.error();
  for (const auto &[file, q] : *queries)
    for (Service &s : host.services)
      if (iequals(s.name, q.name))
        s.state = q.running() ? "running" : "stopped";
  return {};
}

// A COM server that runs as a service is running when `sc query` says the service is (unless the
// plant file states `running`).
Result<void> applyServerRunning(Host &host, const Folder &f) {
  auto queries = readScQueries(f);
  if (!queries)
    return queries.error();
  for (const auto &[file, q] : *queries)
    for (ComServer &server : host.servers)
      if (server.runAs.value.kind == RunAs::Kind::Service && iequals(server.runAs.value.account, q.name) &&
          server.running.from.kind != Provenance::Kind::PlantFile)
        server.running = {q.running(), at(f, file, q.stateLine, "sc query " + q.name + " STATE")};
  return {};
}

} // namespace dd::model::snapshot
