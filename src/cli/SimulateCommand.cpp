// The verbs `simulate` (one client/server prediction, docs/model.md#fixes) and `matrix`
// (every client x server x class of a plant). JSON fields: docs/simulate-json.md.
#include "cli/Commands.h"
#include "cli/ProgressLine.h"

#include "model/PlantReader.h"
#include "sim/Json.h"
#include "sim/Matrix.h"
#include "sim/Simulator.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

namespace dd::cli {
namespace {

struct SimulateArgs {
  std::string plant, client, user, server, cls, program;
  bool advise = false, json = false, noFixes = false, strict = false;
};

struct MatrixArgs {
  std::string plant;
  bool json = false, all = false, strict = false;
  int threads = 2;
};

void printError(const Error &e) { std::cerr << "dcomdoctor: " << e.str() << "\n"; }

// A word for a shell command line: as it is when it is plain (letters, digits, ._-/:), else in
// double quotes (a CLSID's braces too, which a shell could expand, and backslashes).
std::string shellWord(std::string_view w) {
  bool plain = !w.empty() && std::all_of(w.begin(), w.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || (ch != '\0' && std::strchr("._-/:", ch));
  });
  if (plain)
    return std::string(w);
  std::string q = "\"";
  for (char ch : w) {
    if (ch == '"' || ch == '\\' || ch == '$' || ch == '`')
      q += '\\';
    q += ch;
  }
  return q + "\"";
}

// The `simulate` command that shows the evidence of one matrix row.
std::string simulateCommand(const std::string &plantFile, const model::Plant &p, const sim::MatrixRow &r) {
  const model::Host &c = p.hosts[r.clientHost];
  const model::Host &s = p.hosts[r.serverHost];
  return fmt::format("dcomdoctor simulate {} --client {} --program {} --server {} --class {} --advise",
                     shellWord(plantFile), shellWord(c.name), shellWord(c.clients[r.client].name), shellWord(s.name),
                     shellWord(s.servers[r.server].progid.value));
}

// "0x80070005 E_ACCESSDENIED -- fails at step launch-limits" (every code when several are possible).
std::string verdictOf(uint32_t hresult, const std::vector<uint32_t> &hresults, std::optional<sim::Step> step) {
  std::string codes = sim::hresultHex(hresult) + " " + sim::hresultSymbol(hresult);
  if (!hresults.empty()) {
    codes.clear();
    for (size_t i = 0; i < hresults.size(); ++i)
      codes += (i ? " or " : "") + sim::hresultHex(hresults[i]) + " " + sim::hresultSymbol(hresults[i]);
    codes += " (either, depending on the server program and the failure)";
  }
  return codes + " -- " + (step ? fmt::format("fails at step {}", sim::stepId(*step)) : std::string("works"));
}

void printOutcome(const char *direction, const sim::Outcome &o) {
  fmt::print("{}: {}\n", direction, verdictOf(o.hresult, o.hresults, o.step));
  if (o.shown)
    fmt::print("  the client program shows {} {} for it (docs/model.md#what-the-program-shows)\n",
               sim::hresultHex(*o.shown), sim::hresultSymbol(*o.shown));
  if (o.ifPatched) {
    const sim::IfPatched &alt = *o.ifPatched;
    fmt::print("  if {}: {}\n", sim::ifPatchedCondition(alt), verdictOf(alt.hresult, alt.hresults, alt.step));
    std::string hosts;
    for (const sim::IfPatched::Condition &w : alt.when)
      hosts += (hosts.empty() ? "" : " and ") + w.host;
    fmt::print("    (the prediction above takes {} as unpatched: patch level unknown; docs/model.md#hardening)\n",
               hosts);
    for (const std::string &fact : alt.settledBy)
      fmt::print("    settled by {}\n", fact);
  }
  for (const auto &s : o.steps) {
    fmt::print("  [{}] {}\n", s.skipped ? "skip" : s.ok ? " ok " : "FAIL", sim::stepId(s.step));
    for (const auto &e : s.evidence)
      fmt::print("         {}\n", e);
  }
  if (!o.events.empty()) {
    fmt::print("  events:\n");
    for (const auto &e : o.events)
      fmt::print("    {} {} log, {} event {} ({}: {}):\n      {}\n", e.host, e.log, e.source, e.id,
                 e.logged ? "logged" : "NOT logged", e.loggedBecause, e.message);
  }
  if (!o.ok()) {
    if (o.fixes.empty()) {
      fmt::print("  fixes: no single change or short chain of changes found that turns this green\n");
    } else {
      fmt::print("  fixes (each proven by simulating again):\n");
      int i = 0;
      for (const auto &f : o.fixes) {
        fmt::print("    {}. {}\n", ++i,
                   f.summary.rfind("1) ", 0) == 0 ? "several changes together: " + f.summary : f.summary);
        std::string how = f.howto;
        for (size_t pos = 0; (pos = how.find('\n', pos)) != std::string::npos; pos += 9)
          how.replace(pos, 1, "\n        ");
        fmt::print("       how: {}\n       source: {}\n       {}\n", how, f.source, f.verification);
      }
    }
  }
}

int runSimulate(const SimulateArgs &a) {
  auto plant = model::readPlantFile(a.plant, model::PlantReadOptions{true, a.strict});
  if (!plant) {
    printError(plant.error().inFile(a.plant));
    return 2;
  }
  sim::Simulator simulator(*plant);
  sim::Request req{a.client, a.user, a.program, a.server, a.cls, a.advise};
  auto p = simulator.predict(req, sim::Options{true, !a.noFixes});
  if (!p) {
    printError(p.error().inFile(a.plant));
    return 2;
  }
  if (a.json) {
    std::cout << sim::predictionToJson(*p).dump(2) << "\n";
  } else {
    fmt::print("{}{} as {} on {} -> {} on {}\n", p->clientProgram.empty() ? "client" : "client program ",
               p->clientProgram, p->clientUser, p->clientHost, p->serverClass, p->serverHost);
    printOutcome("connect", p->connect);
    if (p->advise) {
      fmt::print("\n");
      printOutcome("advise (callbacks from the server into the client; evaluated as if connect worked)", *p->advise);
    }
  }
  return p->ok() ? 0 : 1;
}

// A buffered stdout writer for the matrix's possibly millions of lines.
struct Out {
  fmt::memory_buffer buf;
  void flush() {
    std::fwrite(buf.data(), 1, buf.size(), stdout);
    buf.clear();
  }
  ~Out() { flush(); }
};

// One matrix row as a text line or a JSON line, appended to `out` without temporaries: a big
// plant prints a million rows from the writer thread while the workers simulate.
class MatrixRowWriter {
public:
  MatrixRowWriter(const model::Plant &plant, bool json, Out &out) : plant_(plant), json_(json), out_(out) {}

  void write(const sim::MatrixRow &r) {
    if (json_)
      writeJson(r);
    else
      writeText(r);
  }

private:
  void append(std::string_view text) { out_.buf.append(text.data(), text.data() + text.size()); }

  // "0x80070005 E_ACCESSDENIED"
  void appendCode(uint32_t h) {
    char hex[10] = {'0', 'x'};
    for (int i = 0; i < 8; ++i)
      hex[2 + i] = "0123456789ABCDEF"[(h >> (28 - 4 * i)) & 0xF];
    append({hex, sizeof hex});
    append(" ");
    append(sim::hresultSymbol(h));
  }

  // "0x80070005 E_ACCESSDENIED[ or 0x... SYMBOL] at step"
  void appendOutcome(uint32_t h, int8_t step, uint32_t alternative) {
    appendCode(h);
    if (alternative) {
      append(" or ");
      appendCode(alternative);
    }
    if (step >= 0) {
      append(" at ");
      append(sim::stepId(static_cast<sim::Step>(step)));
    }
  }

  // host/program (account) -> host/class: connect ...; advise ...[; if ...: connect ... (...)]
  void writeText(const sim::MatrixRow &r) {
    const model::Host &c = plant_.hosts[r.clientHost];
    const model::Host &s = plant_.hosts[r.serverHost];
    const model::ClientProgram &cp = c.clients[r.client];
    for (std::string_view part :
         {std::string_view(c.name), std::string_view("/"), std::string_view(cp.name), std::string_view(" ("),
          std::string_view(cp.runAs.value), std::string_view(") -> "), std::string_view(s.name), std::string_view("/"),
          std::string_view(s.servers[r.server].progid.value), std::string_view(": connect ")})
      append(part);
    appendOutcome(r.connectHresult, r.connectStep, 0);
    append("; advise ");
    appendOutcome(r.adviseHresult, r.adviseStep, r.adviseAlternative);
    if (r.connectIfPatched)
      appendIfPatched(*r.connectIfPatched);
    append("\n");
  }

  void appendIfPatched(const sim::IfPatched &alt) {
    append("; if ");
    append(sim::ifPatchedCondition(alt));
    append(": connect ");
    appendOutcome(alt.hresult, alt.step ? static_cast<int8_t>(*alt.step) : int8_t(-1),
                  alt.hresults.size() > 1 ? alt.hresults[1] : 0u);
    append(" (");
    for (size_t i = 0; i < alt.when.size(); ++i) {
      append(i ? " and " : "");
      append(alt.when[i].host);
      append("'s");
    }
    append(" patch level unknown: its CurrentVersion export or dated update list settles it)");
  }

  static nlohmann::ordered_json outcomeJson(uint32_t h, int8_t step, uint32_t alternative) {
    nlohmann::ordered_json j;
    j["hresult"] = sim::hresultHex(h);
    j["symbol"] = sim::hresultSymbol(h);
    j["ok"] = h == 0;
    j["step"] =
        step < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(sim::stepId(static_cast<sim::Step>(step)));
    if (alternative)
      j["hresults"] = {sim::hresultHex(h), sim::hresultHex(alternative)};
    return j;
  }

  void writeJson(const sim::MatrixRow &r) {
    const model::Host &c = plant_.hosts[r.clientHost];
    const model::Host &s = plant_.hosts[r.serverHost];
    const model::ClientProgram &cp = c.clients[r.client];
    nlohmann::ordered_json j;
    j["client"] = {{"host", c.name}, {"user", cp.runAs.value}, {"program", cp.name}};
    j["server"] = {{"host", s.name}, {"class", s.servers[r.server].progid.value}};
    j["connect"] = outcomeJson(r.connectHresult, r.connectStep, 0);
    if (r.connectIfPatched)
      j["connect"]["if_patched"] = sim::ifPatchedToJson(*r.connectIfPatched);
    j["advise"] = outcomeJson(r.adviseHresult, r.adviseStep, r.adviseAlternative);
    fmt::format_to(std::back_inserter(out_.buf), "{}\n", j.dump());
  }

  const model::Plant &plant_;
  bool json_;
  Out &out_;
};

// For each step where rows fail: the first such row and the command that prints its evidence.
nlohmann::ordered_json failureExamples(const std::string &plantFile, const model::Plant &p,
                                       const std::map<std::string, sim::MatrixRow> &first) {
  nlohmann::ordered_json e = nlohmann::ordered_json::object();
  for (const auto &[step, r] : first)
    e[step] = {
        {"client", {{"host", p.hosts[r.clientHost].name}, {"program", p.hosts[r.clientHost].clients[r.client].name}}},
        {"server",
         {{"host", p.hosts[r.serverHost].name}, {"class", p.hosts[r.serverHost].servers[r.server].progid.value}}},
        {"simulate", simulateCommand(plantFile, p, r)}};
  return e;
}

void writeSummaryJson(const std::string &plantFile, const model::Plant &p, const sim::MatrixSummary &sum, Out &out) {
  nlohmann::ordered_json j;
  j["summary"] = {{"rows", sum.rows},
                  {"connect_ok", sum.connectOk},
                  {"advise_ok", sum.adviseOk},
                  {"both_ok", sum.bothOk},
                  {"connect_failures_by_step", sum.connectFailuresByStep},
                  {"advise_failures_by_step", sum.adviseFailuresByStep},
                  {"connect_failure_examples", failureExamples(plantFile, p, sum.firstConnectFailureByStep)},
                  {"advise_failure_examples", failureExamples(plantFile, p, sum.firstAdviseFailureByStep)}};
  if (sum.connectIfPatched)
    j["summary"]["connect_if_patched"] = sum.connectIfPatched;
  fmt::format_to(std::back_inserter(out.buf), "{}\n", j.dump());
}

void writeSummaryText(const std::string &plantFile, const model::Plant &p, const sim::MatrixSummary &sum, Out &out) {
  fmt::format_to(std::back_inserter(out.buf), "# summary: {} rows; connect green {}; advise green {}; both green {}\n",
                 sum.rows, sum.connectOk, sum.adviseOk, sum.bothOk);
  if (sum.connectIfPatched)
    fmt::format_to(std::back_inserter(out.buf),
                   "#   connect differs if a host whose patch level is unknown is patched: {} (each such row "
                   "names its other outcome; docs/model.md#hardening)\n",
                   sum.connectIfPatched);
  auto list = [&](const char *direction, const std::map<std::string, uint64_t> &counts,
                  const std::map<std::string, sim::MatrixRow> &first) {
    for (const auto &[step, n] : counts) {
      fmt::format_to(std::back_inserter(out.buf), "#   {} fails at {}: {}\n", direction, step, n);
      if (auto it = first.find(step); it != first.end())
        fmt::format_to(std::back_inserter(out.buf), "#     evidence of the first: {}\n",
                       simulateCommand(plantFile, p, it->second));
    }
  };
  list("connect", sum.connectFailuresByStep, sum.firstConnectFailureByStep);
  list("advise", sum.adviseFailuresByStep, sum.firstAdviseFailureByStep);
}

int runMatrix(const MatrixArgs &a) {
  auto plant = model::readPlantFile(a.plant, model::PlantReadOptions{true, a.strict});
  if (!plant) {
    printError(plant.error().inFile(a.plant));
    return 2;
  }
  const model::Plant &p = *plant;
  uint64_t expected = 0, servers = 0;
  for (const auto &h : p.hosts)
    servers += h.servers.size();
  for (const auto &h : p.hosts)
    expected += h.clients.size() * servers;
  const bool all = a.all || expected <= 2000; // small plants: every row; big ones: the failing rows
  // On a terminal, a progress line on stderr; rows written to the same terminal erase it first.
  ProgressLine progress;
  const bool rowsToTerminal = ::isatty(1);
  Out out;
  MatrixRowWriter rows(p, a.json, out);
  if (!a.json)
    fmt::format_to(std::back_inserter(out.buf), "# {} rows ({} client programs x {} server classes){}\n", expected,
                   servers ? expected / servers : 0, servers, all ? "" : "; only the failing rows are listed");
  auto onRow = [&](const sim::MatrixRow &r) {
    rows.write(r);
    if (out.buf.size() > (1 << 20)) {
      progress.clear();
      out.flush();
    }
  };
  sim::MatrixOptions options{a.threads, !all};
  if (progress.on())
    options.onHost = [&](size_t done, size_t hosts) {
      if (rowsToTerminal && out.buf.size() > 0) {
        progress.clear();
        out.flush();
        std::fflush(stdout);
      }
      progress.update(progressCount("matrix: client hosts", done, hosts));
    };
  sim::MatrixSummary sum = sim::runMatrix(p, options, onRow);
  progress.clear();
  if (a.json)
    writeSummaryJson(a.plant, p, sum, out);
  else
    writeSummaryText(a.plant, p, sum, out);
  return sum.bothOk == sum.rows ? 0 : 1;
}

} // namespace

void addSimulateCommand(CLI::App &app, int &exitStatus) {
  auto sa = std::make_shared<SimulateArgs>();
  CLI::App *sim =
      app.add_subcommand("simulate", "Predict what an OPC client gets when it connects to a server (and when the "
                                     "server calls back), which step decides it, the events, and proven fixes");
  sim->footer("Example:\n  dcomdoctor simulate examples/plant/plant.toml --client HMI2 --user operator --server OPCSRV "
              "--class Acme.OPCDA.1 --advise\nExit status: 0 green, 1 red, 2 bad input.");
  sim->add_option("plant", sa->plant, "the plant file (TOML)")->required();
  sim->add_option("--client", sa->client, "the client host")->required();
  sim->add_option("--user", sa->user, "the account the client runs as (bare name: local; DOMAIN\\name)");
  sim->add_option("--server", sa->server, "the server host")->required();
  sim->add_option("--class", sa->cls, "the server's ProgID or CLSID")->required();
  sim->add_option("--program", sa->program, "a [[host.client]] program of the client host");
  sim->add_flag("--advise", sa->advise, "also predict the callbacks (IConnectionPoint::Advise, IOPCDataCallback)");
  sim->add_flag("--json", sa->json, "print the prediction as JSON (docs/simulate-json.md)");
  sim->add_flag("--no-fixes", sa->noFixes, "do not search for fixes");
  sim->add_flag("--strict", sa->strict,
                "a snapshot file that holds nothing or cannot be read is an error (default: "
                "it is skipped and its facts keep the Windows defaults, as the evidence says)");
  sim->callback([sa, &exitStatus] { exitStatus = runSimulate(*sa); });

  auto ma = std::make_shared<MatrixArgs>();
  CLI::App *mat =
      app.add_subcommand("matrix", "Every client program x server host x class of a plant, with its connect and "
                                   "advise result");
  mat->footer(
      "Example:\n  dcomdoctor matrix examples/plant/plant.toml\nPlants of more than 2,000 rows list only the failing "
      "rows (all with --all) and a summary. Exit status: 0 all green, 1 some red, 2 bad input.");
  mat->add_option("plant", ma->plant, "the plant file (TOML)")->required();
  mat->add_flag("--json", ma->json, "JSON Lines: one object per row, then {\"summary\": ...}");
  mat->add_flag("--all", ma->all, "list every row, not only the failing ones");
  mat->add_flag("--strict", ma->strict, "a snapshot file that holds nothing or cannot be read is an error");
  mat->add_option("--threads", ma->threads, "worker threads (default 2)")->check(CLI::Range(1, 64));
  mat->callback([ma, &exitStatus] { exitStatus = runMatrix(*ma); });
}

} // namespace dd::cli
