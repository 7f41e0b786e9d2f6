// The verbs `events` (triage of .evtx logs into findings) and `explain` (an HRESULT, an
// NTSTATUS, an event id, or an event pasted from Event Viewer). Both read the knowledge base
// of dd::audit; docs/events.md documents them and their JSON.
#include "cli/Commands.h"

#include "audit/Directory.h"
#include "audit/EventText.h"
#include "audit/Explain.h"
#include "audit/ExplainPlant.h"
#include "cli/ProgressLine.h"
#include "model/PlantReader.h"
#include "audit/Triage.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace dd::cli {
namespace {

void diagnose(const Error &error) { std::cerr << "dcomdoctor: " << error.str() << "\n"; }

std::optional<audit::Directory> loadDirectory(const std::string &plant) {
  if (plant.empty())
    return audit::Directory{};
  auto directory = audit::directoryFromPlant(plant);
  if (!directory) {
    diagnose(directory.error().inFile(plant));
    return std::nullopt;
  }
  return std::move(*directory);
}

struct EventsOptions {
  std::vector<std::string> files;
  std::string plant;
  bool json = false;
  bool csv = false;
  unsigned threads = 0;
  std::string since, until;
  std::vector<uint32_t> ids;
  std::vector<std::string> computers, levels;
};

// The filter of --since/--until/--id/--computer/--level; an error names the option and the value.
Result<audit::TriageFilter> makeFilter(const EventsOptions &o) {
  audit::TriageFilter f;
  for (auto [option, text, into] :
       {std::tuple{"--since", &o.since, &f.since}, std::tuple{"--until", &o.until, &f.until}}) {
    if (text->empty())
      continue;
    auto t = audit::normaliseTime(*text);
    if (!t)
      return Error::at(fmt::format("{} \"{}\": expected a UTC date or time such as 2024-05-01 or "
                                   "2024-05-01T12:30:00",
                                   option, *text));
    *into = *t;
  }
  f.ids = o.ids;
  f.computers = o.computers;
  for (const std::string &l : o.levels) {
    auto level = audit::parseLevel(l);
    if (!level)
      return Error::at(fmt::format("--level \"{}\": expected critical, error, warning, information, audit "
                                   "(Security audits) or 0-5",
                                   l));
    f.levels.push_back(*level);
  }
  return f;
}

int runEvents(const EventsOptions &o) {
  auto directory = loadDirectory(o.plant);
  if (!directory)
    return 2;
  auto filter = makeFilter(o);
  if (!filter) {
    diagnose(filter.error());
    return 2;
  }
  audit::Triage triage(*directory, std::move(*filter));
  std::vector<audit::InputSummary> inputs;
  bool failedItem = false;
  ProgressLine progress(o.files.size() > 1);
  size_t done = 0;
  for (const std::string &file : o.files) {
    if (progress.on())
      progress.update(progressCount("reading logs", ++done, o.files.size()) + ": " + file);
    auto summary = audit::triageEvtxFile(file, triage, o.threads);
    if (!summary) {
      // The EVTX reader's message may already start with the path ("X: cannot open: ...").
      const Error &e = summary.error();
      progress.clear();
      diagnose(e.source.empty() && e.message.starts_with(file + ":") ? e : e.inFile(file));
      failedItem = true;
      continue;
    }
    if (!summary->problems.empty())
      progress.clear();
    for (const std::string &problem : summary->problems)
      std::cerr << "dcomdoctor: " << file << ": " << problem << "\n";
    failedItem = failedItem || summary->anythingSkipped;
    inputs.push_back(std::move(*summary));
  }
  progress.clear();
  if (inputs.empty())
    return 2;
  auto findings = triage.findings();
  if (o.json)
    std::cout << audit::findingsJson(findings, inputs, triage.directory())
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  else if (o.csv)
    std::cout << audit::renderFindingsCsv(findings);
  else
    std::cout << audit::renderFindings(findings, inputs, triage.directory());
  return (!findings.empty() || failedItem) ? 1 : 0;
}

struct ExplainOptions {
  std::string thing;
  std::string plant;
  std::string client, user, program, server, cls;
  bool advise = false;
  bool json = false;
  int threads = 2;
};

// A code or an event id judged in the plant: for the pair named, or every pair that gives it.
Result<nlohmann::json> explainInPlant(const ExplainOptions &o) {
  const bool named = !o.client.empty() || !o.server.empty() || !o.cls.empty();
  if (named && (o.client.empty() || o.server.empty() || o.cls.empty()))
    return Error::at("--client, --server and --class name a pair together: give all three (or none, for every pair "
                     "of the plant that gives it)");
  auto plant = model::readPlantFile(o.plant);
  if (!plant)
    return plant.error().inFile(o.plant);
  ProgressLine progress;
  audit::PlantExplainOptions options;
  options.plantFile = o.plant;
  options.threads = o.threads;
  if (named)
    options.pair = audit::PlantPair{o.client, o.user, o.program, o.server, o.cls, o.advise};
  if (progress.on())
    options.progress = [&](const std::string &text) { progress.update(text); };
  auto explanation = audit::explainInPlant(o.thing, *plant, options);
  progress.clear();
  if (!explanation && named)
    return explanation.error().inFile(o.plant);
  return explanation;
}

int runExplain(const ExplainOptions &o) {
  Result<nlohmann::json> explanation = Error::at("");
  const bool pairOptions =
      !o.client.empty() || !o.server.empty() || !o.cls.empty() || !o.user.empty() || !o.program.empty() || o.advise;
  if (pairOptions && (o.plant.empty() || o.thing == "-")) {
    diagnose(Error::at("--client, --server, --class, --user, --program and --advise take a code or an event id and "
                       "--plant PLANT"));
    return 2;
  }
  if (o.thing == "-") {
    auto directory = loadDirectory(o.plant);
    if (!directory)
      return 2;
    std::string text;
    text.reserve(8192);
    char buffer[8192];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      text.append(buffer, static_cast<size_t>(std::cin.gcount()));
      if (text.size() > audit::MaxEventTextSize)
        break;
    }
    explanation = audit::explainEventText(text, "<stdin>", *directory);
  } else if (!o.plant.empty()) {
    explanation = explainInPlant(o);
  } else {
    explanation = audit::explainThing(o.thing);
  }
  if (!explanation) {
    diagnose(explanation.error());
    return 2;
  }
  if (o.json)
    std::cout << explanation->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else
    std::cout << audit::renderExplanation(*explanation);
  return 0;
}

} // namespace

void addEventsCommand(CLI::App &app, int &exitStatus) {
  auto events = std::make_shared<EventsOptions>();
  CLI::App *ev =
      app.add_subcommand("events", "Triage of event logs: the DCOM, logon, ASP and OPC server events that matter, "
                                   "grouped into findings with their cause, fix and evidence");
  ev->add_option("FILE", events->files, ".evtx files (System, Security, Application logs)")->required();
  ev->add_option("--plant", events->plant, "plant file: names CLSIDs/AppIDs and SIDs from it");
  auto *jsonFlag = ev->add_flag("--json", events->json, "print the findings as JSON (docs/events.md)");
  ev->add_flag("--csv", events->csv, "print the findings as CSV, one line each")->excludes(jsonFlag);
  ev->add_option("--since", events->since, "only events at or after this UTC time (2024-05-01, 2024-05-01T12:30:00)");
  ev->add_option("--until", events->until, "only events up to this UTC time (inclusive)");
  ev->add_option("--id", events->ids, "only these event ids (10016,4625)")->delimiter(',');
  ev->add_option("--computer", events->computers, "only events logged by these computers")->delimiter(',');
  ev->add_option("--level", events->levels,
                 "only these levels: critical, error, warning, information, audit (Security audits)")
      ->delimiter(',');
  ev->add_option("--threads", events->threads, "threads for reading .evtx (default: all cores)");
  ev->footer("Examples:\n  dcomdoctor events System.evtx Security.evtx --plant plant.toml\n"
             "  dcomdoctor events *.evtx --since 2024-05-01 --id 10016,4625 --computer OPCSRV --csv\n"
             "Findings are grouped per computer. Exit status: 0 nothing found, 1 findings (or a file was "
             "missing, damaged or unreadable while others were read), 2 nothing could be read.");
  ev->callback([events, &exitStatus] { exitStatus = runEvents(*events); });

  auto explain = std::make_shared<ExplainOptions>();
  CLI::App *ex =
      app.add_subcommand("explain", "What an HRESULT, a logon status, an event id or a pasted event means, its causes "
                                    "and fixes in the guide's order, and the sources");
  ex->add_option("THING", explain->thing,
                 "0x80070005 | 80070005 | -2147024891 | 0xC000006A | 10016 | \"DCOM 10016\" | "
                 "4625 | - (an event pasted from Event Viewer on stdin: text or XML)")
      ->required()
      ->allow_extra_args(false);
  ex->add_option("--plant", explain->plant,
                 "plant file: which causes hold in it (decided by the simulator), or, for a pasted event, the "
                 "names of its CLSID/AppID and SID");
  ex->add_option("--client", explain->client, "with --plant: the client host of the pair to judge");
  ex->add_option("--server", explain->server, "with --plant: the server host of the pair");
  ex->add_option("--class", explain->cls, "with --plant: the server's ProgID or CLSID");
  ex->add_option("--user", explain->user, "with --plant: the account the client runs as");
  ex->add_option("--program", explain->program, "with --plant: a [[host.client]] program of the client host");
  ex->add_flag("--advise", explain->advise,
               "with --plant: also simulate the callbacks (always done for causes "
               "that are callbacks)");
  ex->add_option("--threads", explain->threads, "with --plant and no pair: threads for the matrix (default 2)")
      ->check(CLI::Range(1, 64));
  ex->add_flag("--json", explain->json, "print the explanation as JSON (docs/events.md)");
  ex->footer("Examples:\n  dcomdoctor explain 0x80070005\n  dcomdoctor explain \"DCOM 10016\"\n"
             "  dcomdoctor explain 0x80070005 --plant examples/plant/plant.toml\n"
             "  dcomdoctor explain 0x80070005 --plant examples/plant/plant.toml --client HMI2 --program HMI "
             "--server OPCSRV --class Acme.OPCDA.1\n"
             "  dcomdoctor explain - --plant plant.toml < event.txt\n"
             "With --plant, each cause is judged: holds, does not hold, or cannot tell, with the evidence of the "
             "simulator's step that decides it (docs/model.md#<step>).\n"
             "Exit status: 0 explained, 2 not understood (unknown code, malformed event text, a host, program or "
             "account the plant does not have).");
  ex->callback([explain, &exitStatus] { exitStatus = runExplain(*explain); });
}

} // namespace dd::cli
