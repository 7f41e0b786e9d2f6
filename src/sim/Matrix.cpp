// The matrix (see Matrix.h): work is split into blocks of client hosts; each worker thread has
// its own Simulator (and so its own caches); finished hosts are handed to the caller in order,
// and a worker does not run more than a few blocks ahead of the writer, which bounds memory.
#include "sim/Matrix.h"

#include "sim/Simulator.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace dd::sim {

namespace {

struct Unit {
  bool done = false;
  std::vector<MatrixRow> rows;
  MatrixSummary summary;
};

// What a row keeps of an outcome: its code, its deciding step and the other code a refused
// callback may show (copied instead of the whole Outcome and its vectors).
struct Verdict {
  uint32_t hresult = 0, alternative = 0;
  int8_t step = -1;
  bool ok() const { return hresult == 0; }
};
Verdict verdictOf(const Outcome &o) {
  return Verdict{o.hresult, o.hresults.size() > 1 ? o.hresults[1] : 0u,
                 static_cast<int8_t>(o.step ? static_cast<int>(*o.step) : -1)};
}

bool sameCallback(const model::ComServer &a, const model::ComServer &b) {
  auto level = [](const model::ComServer &x) { return x.authenticationLevel ? x.authenticationLevel->value : 0; };
  auto refused = [](const model::ComServer &x) { return x.refusedCallback ? x.refusedCallback->value : 0u; };
  return a.runAs.value.kind == b.runAs.value.kind && a.runAs.value.account == b.runAs.value.account &&
         level(a) == level(b) && refused(a) == refused(b);
}

void add(MatrixSummary &into, const MatrixSummary &from) {
  into.rows += from.rows;
  into.connectOk += from.connectOk;
  into.adviseOk += from.adviseOk;
  into.bothOk += from.bothOk;
  into.connectIfPatched += from.connectIfPatched;
  for (const auto &[k, v] : from.connectFailuresByStep)
    into.connectFailuresByStep[k] += v;
  for (const auto &[k, v] : from.adviseFailuresByStep)
    into.adviseFailuresByStep[k] += v;
  // Units are added in output order: the first one to fail at a step keeps its example.
  into.firstConnectFailureByStep.insert(from.firstConnectFailureByStep.begin(), from.firstConnectFailureByStep.end());
  into.firstAdviseFailureByStep.insert(from.firstAdviseFailureByStep.begin(), from.firstAdviseFailureByStep.end());
}

// The rows of one block of client hosts, server host by server host: each server host's
// servers are read once for all the block's clients (a server's facts span many cache lines; on
// a 1,000-host plant, sweeping all servers for one client at a time missed the cache on most).
// rows[k][ci] holds client ci of host first + k against every server, in output order.
void simulateBlock(Simulator &sim, const model::Plant &plant, size_t first, size_t last,
                   std::vector<std::vector<std::vector<MatrixRow>>> &rows) {
  std::vector<std::pair<const model::ComServer *, Verdict>> reps;
  std::vector<ClientSpec> clients;
  std::vector<int32_t> clientIndex; // in its host's clients
  std::vector<std::vector<MatrixRow> *> out;
  rows.assign(last - first, {});
  for (size_t i = first; i < last; ++i) {
    rows[i - first].resize(plant.hosts[i].clients.size());
    for (size_t ci = 0; ci < plant.hosts[i].clients.size(); ++ci) {
      clients.push_back(sim.clientOf(static_cast<int>(i), ci));
      clientIndex.push_back(static_cast<int32_t>(ci));
      out.push_back(&rows[i - first][ci]);
    }
  }
  for (size_t j = 0; j < plant.hosts.size(); ++j) {
    const model::Host &s = plant.hosts[j];
    for (size_t k = 0; k < clients.size(); ++k) {
      const ClientSpec &client = clients[k];
      reps.clear();
      for (size_t xi = 0; xi < s.servers.size(); ++xi) {
        const model::ComServer &x = s.servers[xi];
        Outcome connected = sim.connect(client, static_cast<int>(j), &x, x.progid.value, false);
        const Verdict con = verdictOf(connected);
        // The callback depends on the server only through its identity, its level and how it
        // reports a refused callback: servers of a host that share them share the result.
        const Verdict *same = nullptr;
        for (const auto &[rx, rv] : reps)
          if (sameCallback(*rx, x)) {
            same = &rv;
            break;
          }
        const Verdict adv = same ? *same : verdictOf(sim.advise(client, static_cast<int>(j), x, false));
        if (!same && reps.size() < 16)
          reps.emplace_back(&x, adv);
        MatrixRow &row = out[k]->emplace_back(MatrixRow{client.host, clientIndex[k], static_cast<int32_t>(j),
                                                        static_cast<int32_t>(xi), con.hresult, adv.hresult, con.step,
                                                        adv.step, adv.alternative});
        if (connected.ifPatched) // another outcome if a host of unknown patch level is patched
          row.connectIfPatched = std::make_shared<const IfPatched>(std::move(*connected.ifPatched));
      }
    }
  }
}

// One client host's unit: its rows (all, or the failing ones) and their summary, in output order.
Unit hostUnit(const std::vector<std::vector<MatrixRow>> &clientRows, const MatrixOptions &options) {
  Unit unit;
  std::vector<uint64_t> connectSteps(32), adviseSteps(32);
  std::vector<MatrixRow> connectFirst(32), adviseFirst(32); // valid where the count is not 0
  for (const auto &rows : clientRows)
    for (const MatrixRow &row : rows) {
      const bool connectOk = row.connectHresult == 0, adviseOk = row.adviseHresult == 0;
      ++unit.summary.rows;
      unit.summary.connectOk += connectOk;
      unit.summary.adviseOk += adviseOk;
      unit.summary.bothOk += connectOk && adviseOk;
      if (row.connectStep >= 0 && connectSteps[static_cast<size_t>(row.connectStep)]++ == 0)
        connectFirst[static_cast<size_t>(row.connectStep)] = row;
      if (row.adviseStep >= 0 && adviseSteps[static_cast<size_t>(row.adviseStep)]++ == 0)
        adviseFirst[static_cast<size_t>(row.adviseStep)] = row;
      unit.summary.connectIfPatched += row.connectIfPatched != nullptr;
      if (!options.failingOnly || !row.ok() || row.connectIfPatched)
        unit.rows.push_back(row);
    }
  for (size_t k = 0; k < connectSteps.size(); ++k) {
    if (connectSteps[k]) {
      unit.summary.connectFailuresByStep[stepId(static_cast<Step>(k))] += connectSteps[k];
      unit.summary.firstConnectFailureByStep.emplace(stepId(static_cast<Step>(k)), connectFirst[k]);
    }
    if (adviseSteps[k]) {
      unit.summary.adviseFailuresByStep[stepId(static_cast<Step>(k))] += adviseSteps[k];
      unit.summary.firstAdviseFailureByStep.emplace(stepId(static_cast<Step>(k)), adviseFirst[k]);
    }
  }
  unit.done = true;
  return unit;
}

} // namespace

MatrixSummary runMatrix(const model::Plant &plant, const MatrixOptions &options,
                        const std::function<void(const MatrixRow &)> &onRow) {
  const size_t hosts = plant.hosts.size();
  const int threads = std::max(1, options.threads);
  std::vector<Unit> units(hosts);
  std::mutex mutex;
  std::condition_variable cv;
  std::atomic<size_t> next{0};
  size_t written = 0;
  const size_t block = 8;                                           // client hosts simulated together
  const size_t window = block * (static_cast<size_t>(threads) + 1); // how far ahead of the writer

  auto work = [&] {
    Simulator sim(plant);
    std::vector<std::vector<std::vector<MatrixRow>>> rows;
    for (;;) {
      const size_t first = next.fetch_add(block);
      if (first >= hosts)
        return;
      const size_t last = std::min(hosts, first + block);
      {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return last <= written + window; });
      }
      simulateBlock(sim, plant, first, last, rows);
      for (size_t i = first; i < last; ++i) {
        Unit unit = hostUnit(rows[i - first], options);
        std::lock_guard lock(mutex);
        units[i] = std::move(unit);
      }
      cv.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back(work);

  MatrixSummary total;
  for (size_t i = 0; i < hosts; ++i) {
    Unit unit;
    {
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return units[i].done; });
      unit = std::move(units[i]);
      units[i] = Unit{};
    }
    for (const auto &row : unit.rows)
      onRow(row);
    add(total, unit.summary);
    if (options.onHost)
      options.onHost(i + 1, hosts);
    {
      std::lock_guard lock(mutex);
      written = i + 1;
    }
    cv.notify_all();
  }
  for (auto &t : pool)
    t.join();
  return total;
}

} // namespace dd::sim
