// The verb `diff` (audit/Diff.h): what changed between two snapshots of one host, and with
// --plant which predictions of the plant change with it. Exit 0 nothing differs, 1 something
// does, 2 bad input. Output: docs/diff.md.
#include "cli/Commands.h"

#include "audit/Diff.h"

#include <iostream>
#include <optional>

namespace dd::cli {
namespace {

struct DiffArgs {
  std::string a, b, plant, host;
  bool json = false;
  int threads = 2;
};

int fail(const Error &e) {
  std::cerr << "dcomdoctor: diff: " << e.str() << "\n";
  return 2;
}

// Fills result.predictions from the plant with the host as A and as B; an error message otherwise.
std::optional<Error> predictions(const DiffArgs &a, audit::DiffResult &result) {
  auto plantA = audit::plantWithSnapshot(a.plant, a.host, a.a);
  if (!plantA)
    return plantA.error().inFile(a.plant);
  auto plantB = audit::plantWithSnapshot(a.plant, a.host, a.b);
  if (!plantB)
    return plantB.error().inFile(a.plant);
  result.predictions = audit::diffPredictions(*plantA, *plantB, a.threads);
  return std::nullopt;
}

int runDiff(const DiffArgs &a) {
  if (a.plant.empty() != a.host.empty()) {
    std::cerr
        << "dcomdoctor: diff: --plant and --host go together (the plant file and the host the snapshots are of)\n";
    return 2;
  }
  auto hostA = audit::loadSnapshotHost(a.a);
  if (!hostA)
    return fail(hostA.error());
  auto hostB = audit::loadSnapshotHost(a.b);
  if (!hostB)
    return fail(hostB.error());
  audit::DiffResult result{hostA->name, hostB->name, audit::diffHosts(*hostA, *hostB), {}};
  if (!a.plant.empty())
    if (auto error = predictions(a, result))
      return fail(*error);
  if (a.json)
    std::cout << audit::diffJson(result).dump(2) << "\n";
  else
    audit::writeDiffText(std::cout, result);
  return result.same() ? 0 : 1;
}

} // namespace

void addDiffCommand(CLI::App &app, int &exitStatus) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App *cmd = app.add_subcommand(
      "diff", "What changed between two snapshots of a host (descriptors ACE by ACE, accounts, groups, rights, "
              "firewall, services, patch level) and, with --plant, which predictions change (docs/diff.md)");
  cmd->footer("Examples:\n  dcomdoctor diff snapshots/OPCSRV-monday snapshots/OPCSRV\n"
              "  dcomdoctor diff snapshots/OPCSRV-monday snapshots/OPCSRV --plant plant.toml --host OPCSRV\n"
              "Exit status: 0 nothing differs, 1 something does, 2 bad input.");
  cmd->add_option("snapshot_a", args->a, "the earlier snapshot folder (when it worked)")->required();
  cmd->add_option("snapshot_b", args->b, "the later snapshot folder")->required();
  cmd->add_option("--plant", args->plant, "a plant file: also list the predictions that change (docs/plant.md)");
  cmd->add_option("--host", args->host, "with --plant: the host of the plant the snapshots are of");
  cmd->add_option("--threads", args->threads, "threads for the matrix (default 2)")->check(CLI::Range(1, 256));
  cmd->add_flag("--json", args->json, "JSON output (docs/diff.md)");
  cmd->callback([args, &exitStatus] { exitStatus = runDiff(*args); });
}

} // namespace dd::cli
