#include "report/PlantReport.h"

#include "report/AuditReport.h"
#include "report/Graphviz.h"
#include "report/PlantReportPage.h"
#include "sim/Json.h"
#include "sim/Matrix.h"
#include "sim/Simulator.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace dd::report {

namespace {

// One drawn prediction: a client program of one host against a server class of another.
struct DrawnPair {
  int clientHost;
  size_t client;
  int serverHost;
  size_t server;
  bool connectOk = false, adviseOk = false;
  std::string connectCode, adviseCode; // "S_OK", "0x80070005"
  nlohmann::ordered_json detail;       // simulate --json of the pair
  size_t failing = 0;                  // large view: failing predictions of this host pair
  size_t total = 0;
};

std::string codeText(const sim::Outcome &o) { return o.ok() ? "S_OK" : sim::hresultHex(o.hresult); }

DrawnPair predictPair(sim::Simulator &simulator, const model::Plant &plant, int c, size_t ci, int s, size_t si,
                      bool fixes) {
  DrawnPair p{c, ci, s, si};
  const model::Host &ch = plant.hosts[c];
  const model::ClientProgram &program = ch.clients[ci];
  const model::ComServer &x = plant.hosts[s].servers[si];
  sim::Request request{ch.name, program.runAs.value, program.name, plant.hosts[s].name, x.progid.value, true};
  auto prediction = simulator.predict(request, sim::Options{true, fixes});
  if (!prediction) {
    p.detail = {{"error", prediction.error().str()}};
    return p;
  }
  p.connectOk = prediction->connect.ok();
  p.connectCode = codeText(prediction->connect);
  p.adviseOk = prediction->advise && prediction->advise->ok();
  p.adviseCode = prediction->advise ? codeText(*prediction->advise) : "";
  p.detail = sim::predictionToJson(*prediction);
  return p;
}

size_t pairCount(const model::Plant &plant) {
  size_t clients = 0, servers = 0;
  for (const model::Host &h : plant.hosts) {
    clients += h.clients.size();
    servers += h.servers.size();
  }
  return clients * servers;
}

// Every pair, in detail, with proven fixes.
std::vector<DrawnPair> everyPair(const model::Plant &plant, const PlantReportOptions &o) {
  std::vector<DrawnPair> pairs;
  sim::Simulator simulator(plant);
  const size_t total = pairCount(plant);
  for (int c = 0; c < static_cast<int>(plant.hosts.size()); ++c)
    for (size_t ci = 0; ci < plant.hosts[c].clients.size(); ++ci)
      for (int s = 0; s < static_cast<int>(plant.hosts.size()); ++s)
        for (size_t si = 0; si < plant.hosts[s].servers.size(); ++si) {
          pairs.push_back(predictPair(simulator, plant, c, ci, s, si, true));
          if (o.progress && pairs.size() % 20 == 0)
            o.progress(fmt::format("simulating pairs: {}/{}", pairs.size(), total));
        }
  return pairs;
}

// A large plant: the matrix on the fast path, failures counted per host pair; the host pairs
// with the most failing predictions are drawn, each with its first failing pair in detail.
std::vector<DrawnPair> worstHostPairs(const model::Plant &plant, const PlantReportOptions &o,
                                      sim::MatrixSummary *summary) {
  std::map<std::pair<int, int>, DrawnPair> byHosts;
  if (o.progress)
    o.progress(fmt::format("simulating the matrix of {} pairs", pairCount(plant)));
  sim::MatrixOptions matrix{o.threads, true};
  if (o.progress)
    matrix.onHost = [&](size_t done, size_t hosts) {
      o.progress(fmt::format("simulating the matrix of {} pairs: client host {}/{}", pairCount(plant), done, hosts));
    };
  *summary = sim::runMatrix(plant, matrix, [&](const sim::MatrixRow &r) {
    auto [it, added] = byHosts.try_emplace({r.clientHost, r.serverHost},
                                           DrawnPair{r.clientHost, size_t(r.client), r.serverHost, size_t(r.server)});
    ++it->second.failing;
  });
  std::vector<DrawnPair> worst;
  for (auto &[key, p] : byHosts)
    worst.push_back(std::move(p));
  std::stable_sort(worst.begin(), worst.end(),
                   [](const DrawnPair &a, const DrawnPair &b) { return a.failing > b.failing; });
  if (worst.size() > o.drawnHostPairs)
    worst.resize(o.drawnHostPairs);
  sim::Simulator simulator(plant);
  for (DrawnPair &p : worst) {
    size_t failing = p.failing;
    p = predictPair(simulator, plant, p.clientHost, p.client, p.serverHost, p.server, false);
    p.failing = failing;
    p.total = plant.hosts[p.clientHost].clients.size() * plant.hosts[p.serverHost].servers.size();
  }
  return worst;
}

// --- the graph ----------------------------------------------------------------------------

const char *kGreen = "#2e7d32", *kRed = "#c62828";

std::string hostLabel(const model::Host &h) {
  return fmt::format("{}\n{}{}", h.name, h.addresses.value.empty() ? "" : h.addresses.value[0] + " · ",
                     h.os.value.displayName());
}

std::string dotHeader() {
  return "digraph plant {\n"
         "  graph [rankdir=LR, fontname=\"DejaVu Sans\", fontsize=11, nodesep=0.35, ranksep=1.6, bgcolor=\"white\"];\n"
         "  node [fontname=\"DejaVu Sans\", fontsize=10, style=\"rounded,filled\", fillcolor=\"#f4f6f8\", "
         "color=\"#546e7a\"];\n"
         "  edge [fontname=\"DejaVu Sans\", fontsize=9, penwidth=1.6];\n";
}

std::string dotEverything(const model::Plant &plant, const std::vector<DrawnPair> &pairs) {
  std::string dot = dotHeader();
  for (size_t h = 0; h < plant.hosts.size(); ++h) {
    const model::Host &host = plant.hosts[h];
    if (host.clients.empty() && host.servers.empty()) {
      dot += fmt::format("  h{} [id=\"host_{}\", shape=box, label={}];\n", h, h, dotQuote(hostLabel(host)));
      continue;
    }
    dot +=
        fmt::format("  subgraph cluster_{} {{\n    id=\"host_{}\"; label={}; style=\"rounded\"; color=\"#90a4ae\";\n",
                    h, h, dotQuote(hostLabel(host)));
    for (size_t i = 0; i < host.clients.size(); ++i)
      dot += fmt::format("    c{}_{} [id=\"client_{}_{}\", shape=ellipse, label={}];\n", h, i, h, i,
                         dotQuote(host.clients[i].name + "\n(" + host.clients[i].runAs.value + ")"));
    for (size_t i = 0; i < host.servers.size(); ++i)
      dot += fmt::format("    s{}_{} [id=\"server_{}_{}\", shape=box, fillcolor=\"#e3f2fd\", label={}];\n", h, i, h, i,
                         dotQuote(host.servers[i].progid.value));
    dot += "  }\n";
  }
  for (size_t i = 0; i < pairs.size(); ++i) {
    const DrawnPair &p = pairs[i];
    dot +=
        fmt::format("  c{}_{} -> s{}_{} [id=\"pair_{}\", color=\"{}\", fontcolor=\"{}\", label={}, tooltip={}];\n",
                    p.clientHost, p.client, p.serverHost, p.server, i, p.connectOk ? kGreen : kRed,
                    p.connectOk ? kGreen : kRed, dotQuote(p.connectCode), dotQuote("connect: click for the evidence"));
    dot += fmt::format("  s{}_{} -> c{}_{} [id=\"advise_{}\", style=dashed, color=\"{}\", fontcolor=\"{}\", "
                       "label={}, tooltip={}, constraint=false];\n",
                       p.serverHost, p.server, p.clientHost, p.client, i, p.adviseOk ? kGreen : kRed,
                       p.adviseOk ? kGreen : kRed, dotQuote("advise " + p.adviseCode),
                       dotQuote("advise (callbacks): click for the evidence"));
  }
  return dot + "}\n";
}

std::string dotByHost(const model::Plant &plant, const std::vector<DrawnPair> &pairs) {
  std::string dot = dotHeader();
  std::vector<bool> drawn(plant.hosts.size());
  for (const DrawnPair &p : pairs)
    drawn[p.clientHost] = drawn[p.serverHost] = true;
  for (size_t h = 0; h < plant.hosts.size(); ++h)
    if (drawn[h])
      dot += fmt::format("  h{} [id=\"host_{}\", shape=box, label={}];\n", h, h, dotQuote(hostLabel(plant.hosts[h])));
  for (size_t i = 0; i < pairs.size(); ++i) {
    const DrawnPair &p = pairs[i];
    dot += fmt::format("  h{} -> h{} [id=\"pair_{}\", color=\"{}\", fontcolor=\"{}\", label={}, tooltip={}];\n",
                       p.clientHost, p.serverHost, i, kRed, kRed,
                       dotQuote(fmt::format("{} of {} fail", p.failing, p.total)),
                       dotQuote("click for the first failing pair's evidence"));
  }
  return dot + "}\n";
}

// --- the data the page's script reads ---------------------------------------------------------

nlohmann::json pairsJson(const model::Plant &plant, const std::vector<DrawnPair> &pairs, bool byHost) {
  nlohmann::json out = nlohmann::json::array();
  for (const DrawnPair &p : pairs) {
    const model::Host &c = plant.hosts[p.clientHost], &s = plant.hosts[p.serverHost];
    nlohmann::json j{
        {"client", fmt::format("{} / {} ({})", c.name, c.clients[p.client].name, c.clients[p.client].runAs.value)},
        {"server", fmt::format("{} / {}", s.name, s.servers[p.server].progid.value)},
        {"connect", p.connectCode},
        {"advise", p.adviseCode},
        {"ok", p.connectOk && p.adviseOk},
        {"detail", p.detail}};
    if (byHost)
      j["failing"] =
          fmt::format("{} of {} client x server pairs between {} and {} fail", p.failing, p.total, c.name, s.name);
    out.push_back(std::move(j));
  }
  return out;
}

} // namespace

Result<std::string> plantReportHtml(const model::Plant &plant, const PlantReportOptions &o) {
  const bool small = pairCount(plant) <= o.detailedPairs && plant.hosts.size() <= 80;
  sim::MatrixSummary summary;
  std::vector<DrawnPair> pairs = small ? everyPair(plant, o) : worstHostPairs(plant, o, &summary);
  if (small) {
    summary.rows = pairs.size();
    for (const DrawnPair &p : pairs) {
      summary.connectOk += p.connectOk;
      summary.adviseOk += p.adviseOk;
      summary.bothOk += p.connectOk && p.adviseOk;
    }
  }
  if (o.progress)
    o.progress("laying out the graph");
  auto svg = layoutSvg(small ? dotEverything(plant, pairs) : dotByHost(plant, pairs));
  PageContent page;
  page.title = plant.name.empty() ? plant.file : plant.name;
  // Without the drawing the page still holds every pair, its evidence and the audit.
  if (svg)
    page.svg = *svg;
  else
    page.noDrawing = svg.error().message;
  page.pairs = pairsJson(plant, pairs, !small);
  page.byHost = !small;
  page.summary = {{"hosts", plant.hosts.size()},   {"pairs", summary.rows},     {"connect_ok", summary.connectOk},
                  {"advise_ok", summary.adviseOk}, {"both_ok", summary.bothOk}, {"drawn", pairs.size()}};
  if (o.audit) {
    if (o.progress)
      o.progress("auditing");
    audit::AuditResult result = audit::runAudit(plant, audit::AuditOptions{small});
    page.audit = auditJson(plant, result);
  }
  page.toolVersion = o.toolVersion;
  return renderPage(page);
}

} // namespace dd::report
