// The verb `fix` (docs/fix.md): the changes that make one pair work (--client/--server/--class),
// or every wanted pair of the plant (--plan), written as files, one folder per host
// (report/FixFiles.h), proven by simulating the plant again with them. Exit 0 every pair works
// with the changes (or already did), 1 some pair is still red (proof.txt says why), 2 bad input
// or the folder cannot be written.
#include "cli/Commands.h"
#include "cli/ProgressLine.h"

#include "model/PlantReader.h"
#include "report/FixFiles.h"
#include "sim/Plan.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

namespace dd::cli {
namespace {

struct FixArgs {
  std::string plant, client, user, server, cls, program, out;
  bool advise = false, plan = false, strict = false;
};

int usage(const std::string &message) {
  std::cerr << "dcomdoctor: fix: " << message << "\n";
  return 2;
}

std::string commandLine(const FixArgs &a) {
  if (a.plan)
    return fmt::format("dcomdoctor fix {} --plan -o {}", a.plant, a.out);
  std::string s =
      fmt::format("dcomdoctor fix {} --client {} --server {} --class {}", a.plant, a.client, a.server, a.cls);
  if (!a.user.empty())
    s += " --user " + a.user;
  if (!a.program.empty())
    s += " --program " + a.program;
  return s + (a.advise ? " --advise" : "") + " -o " + a.out;
}

// Writes the files; an error message when the folder cannot be written.
std::string writeFiles(const std::filesystem::path &dir, const std::vector<report::OutputFile> &files) {
  std::error_code ec;
  for (const report::OutputFile &f : files) {
    std::filesystem::path p = dir / f.path;
    std::filesystem::create_directories(p.parent_path(), ec);
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char *>(f.bytes.data()), static_cast<std::streamsize>(f.bytes.size()));
    if (!out)
      return p.string() + ": cannot write it (check the folder given with -o)";
  }
  return {};
}

int runFix(const FixArgs &a) {
  if (a.plan == !a.client.empty() || (!a.plan && (a.server.empty() || a.cls.empty())))
    return usage("give either --plan, or --client, --server and --class (dcomdoctor fix --help)");
  auto plant = model::readPlantFile(a.plant, model::PlantReadOptions{true, a.strict});
  if (!plant)
    return usage(plant.error().inFile(a.plant).str());
  std::vector<sim::PlanPair> wanted;
  sim::PlanOptions options;
  if (a.plan) {
    wanted = sim::planPairs(*plant, plant->wants);
    options.everyPair = plant->wants.empty();
  } else {
    sim::Simulator check(*plant);
    sim::Request req{a.client, a.user, a.program, a.server, a.cls, a.advise};
    if (auto p = check.predict(req, sim::Options{false, false}); !p)
      return usage(p.error().inFile(a.plant).str());
    wanted.push_back(sim::planPair(*plant, req));
  }
  ProgressLine progress;
  if (progress.on())
    options.progress = [&](const char *what, size_t done, size_t total) {
      progress.update(progressCount(std::string("fix: ") + what, done, total));
    };
  sim::Plan plan = sim::planFixes(*plant, wanted, sim::planPairs(*plant, plant->unwanted), options);
  progress.clear();
  if (std::string e = writeFiles(a.out, report::fixFiles(plan, commandLine(a))); !e.empty())
    return usage(e);
  fmt::print("wanted pairs: {}; red before: {}; red after: {}; fixes taken: {}\n", plan.wanted, plan.redBefore,
             plan.redAfter, plan.fixes.size());
  for (const sim::PlannedFix &f : plan.fixes)
    fmt::print("  {}\n    for {}\n", f.fix.summary, f.pair);
  for (const sim::PairResult &p : plan.pairs)
    if (!p.green)
      fmt::print("still red: {}: {} ({})\n", p.label, p.after, p.why);
  for (const sim::PairResult &p : plan.unwanted)
    if (p.green)
      fmt::print("unwanted but works: {}\n", p.label);
  fmt::print("written to {} (README.txt, proof.txt, one folder per host)\n", a.out);
  return plan.redAfter == 0 ? 0 : 1;
}

} // namespace

void addFixCommand(CLI::App &app, int &exitStatus) {
  auto args = std::make_shared<FixArgs>();
  CLI::App *cmd = app.add_subcommand(
      "fix", "Write the changes that make a pair work (or, with --plan, every wanted pair of the plant): per host a "
             ".reg file, a PowerShell script that backs up and can roll back, and the steps by hand; proven by "
             "simulating again (docs/fix.md)");
  cmd->footer(
      "Examples:\n  dcomdoctor fix plant.toml --client HMI1 --server OPCSRV --class Acme.OPCDA.1 --advise -o fix-hmi1\n"
      "  dcomdoctor fix plant.toml --plan -o plan\n"
      "Exit status: 0 every pair works with the changes, 1 some pair is still red (proof.txt says why), "
      "2 bad input or the folder cannot be written.");
  cmd->add_option("plant", args->plant, "the plant file (docs/plant.md)")->required();
  cmd->add_option("--client", args->client, "the client host");
  cmd->add_option("--user", args->user, "the account the client runs as (default: the program's run_as)");
  cmd->add_option("--program", args->program, "the client program ([[host.client]] name)");
  cmd->add_option("--server", args->server, "the server host");
  cmd->add_option("--class", args->cls, "the server class (ProgID or CLSID)");
  cmd->add_flag("--advise", args->advise, "the callbacks too (OPC DA subscriptions)");
  cmd->add_flag("--plan", args->plan,
                "one set of changes for every wanted pair ([[wants]] of the plant file; none: every client program "
                "and every class)");
  cmd->add_option("-o,--output", args->out, "the folder to write (created when missing)")->required();
  cmd->add_flag("--strict", args->strict, "a snapshot file that is missing or unreadable is an error");
  cmd->callback([args, &exitStatus] { exitStatus = runFix(*args); });
}

} // namespace dd::cli
