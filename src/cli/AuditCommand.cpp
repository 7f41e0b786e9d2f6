// The verbs `audit` (the hardening checklist over a plant, audit/Audit.h: text, JSON, SARIF or
// the HTML report; exit 1 when a finding reaches --fail-on) and `report` (the plant drawn, every
// prediction and the audit in one HTML file). Rules and fields: docs/audit.md, docs/report.md.
#include "cli/Commands.h"

#include "audit/Audit.h"
#include "cli/ProgressLine.h"
#include "model/PlantReader.h"
#include "report/AuditReport.h"
#include "report/PlantReport.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <unistd.h>

#ifndef DCOMDOCTOR_VERSION
#define DCOMDOCTOR_VERSION "0.0.0"
#endif

namespace dd::cli {
namespace {

struct AuditArgs {
  std::string plant, format = "text", failOn = "low", output;
  bool noImpact = false;
};

struct ReportArgs {
  std::string plant, output;
  bool noAudit = false;
  int threads = 2;
};

bool colourWanted(FILE *stream) { return isatty(fileno(stream)) && !std::getenv("NO_COLOR"); }

std::optional<model::Plant> loadPlant(const std::string &file) {
  auto plant = model::readPlantFile(file);
  if (!plant) {
    std::cerr << "dcomdoctor: " << plant.error().inFile(file).str() << "\n";
    return std::nullopt;
  }
  return std::move(*plant);
}

// Writes `text` to `file`, or to standard output when `file` is empty; false on failure.
bool writeOut(const std::string &file, const std::string &text) {
  if (file.empty()) {
    std::cout << text;
    std::cout.flush();
    return bool(std::cout);
  }
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out)
    std::cerr << "dcomdoctor: cannot write " << file << "\n";
  return bool(out);
}

int writeReport(const model::Plant &plant, const std::string &output, bool audit, int threads) {
  ProgressLine progress;
  report::PlantReportOptions o;
  o.audit = audit;
  o.threads = threads;
  o.toolVersion = DCOMDOCTOR_VERSION;
  o.progress = [&](const std::string &text) { progress.update(text); };
  auto html = report::plantReportHtml(plant, o);
  progress.clear();
  if (!html) {
    std::cerr << "dcomdoctor: " << html.error().str() << "\n";
    return 2;
  }
  if (!writeOut(output, *html))
    return 2;
  if (!output.empty())
    std::cerr << "dcomdoctor: wrote " << output << "\n";
  return 0;
}

int runAudit(const AuditArgs &a) {
  auto failOn = audit::parseRisk(a.failOn);
  if (!failOn) {
    std::cerr << "dcomdoctor: audit: --fail-on takes low, medium, high or critical, not \"" << a.failOn << "\"\n";
    return 2;
  }
  auto plant = loadPlant(a.plant);
  if (!plant)
    return 2;
  ProgressLine progress;
  progress.update("auditing " + std::to_string(plant->hosts.size()) + " hosts");
  audit::AuditOptions options{!a.noImpact};
  if (progress.on())
    options.progress = [&](const std::string &text) { progress.update(text); };
  audit::AuditResult result = audit::runAudit(*plant, options);
  progress.clear();
  if (a.format == "html") {
    if (int rc = writeReport(*plant, a.output, true, 2); rc != 0)
      return rc;
  } else if (a.format == "text" && a.output.empty()) {
    report::writeAuditText(std::cout, *plant, result, colourWanted(stdout));
  } else {
    std::string text;
    if (a.format == "json")
      text = report::auditJson(*plant, result).dump(2) + "\n";
    else if (a.format == "sarif")
      text = report::auditSarif(*plant, result, DCOMDOCTOR_VERSION).dump(2) + "\n";
    else {
      std::ostringstream out;
      report::writeAuditText(out, *plant, result, false);
      text = out.str();
    }
    if (!writeOut(a.output, text))
      return 2;
  }
  auto top = result.highest();
  return top && *top >= *failOn ? 1 : 0;
}

int runReport(const ReportArgs &a) {
  auto plant = loadPlant(a.plant);
  if (!plant)
    return 2;
  return writeReport(*plant, a.output, !a.noAudit, a.threads);
}

} // namespace

void addAuditCommand(CLI::App &app, int &exitStatus) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App *cmd = app.add_subcommand(
      "audit", "The hardening checklist over a plant: each finding with its evidence, the least-privilege fix, the "
               "pairs that fix would break and how to keep them working (docs/audit.md)");
  cmd->footer("Examples:\n  dcomdoctor audit examples/plant/plant.toml\n"
              "  dcomdoctor audit examples/plant/plant.toml --format sarif -o audit.sarif --fail-on high\n"
              "  dcomdoctor audit examples/plant/plant.toml --format html -o plant.html\n"
              "Exit status: 0 nothing at or above --fail-on, 1 a finding at or above it, 2 bad input.");
  cmd->add_option("plant", args->plant, "the plant file (docs/plant.md)")->required();
  cmd->add_option("--format", args->format, "text (default), json, sarif, or html (the plant report)")
      ->check(CLI::IsMember({"text", "json", "sarif", "html"}));
  cmd->add_option("--fail-on", args->failOn,
                  "exit 1 when a finding is at or above: low (default), medium, high, critical");
  cmd->add_option("-o,--output", args->output, "write to this file instead of standard output");
  cmd->add_flag("--no-impact", args->noImpact, "do not simulate the fixes to find the pairs they would break");
  cmd->callback([args, &exitStatus] { exitStatus = runAudit(*args); });

  auto r = std::make_shared<ReportArgs>();
  CLI::App *rep = app.add_subcommand(
      "report", "One self-contained HTML file: the plant drawn with every connect and advise arrow, a click shows "
                "the evidence, then the audit (docs/report.md)");
  rep->footer("Example:\n  dcomdoctor report examples/plant/plant.toml -o plant.html");
  rep->add_option("plant", r->plant, "the plant file (docs/plant.md)")->required();
  rep->add_option("-o,--output", r->output, "the HTML file to write (default: standard output)");
  rep->add_flag("--no-audit", r->noAudit, "leave the audit out");
  rep->add_option("--threads", r->threads, "threads for the matrix of a large plant (default 2)")
      ->check(CLI::Range(1, 256));
  rep->callback([r, &exitStatus] { exitStatus = runReport(*r); });
}

} // namespace dd::cli
