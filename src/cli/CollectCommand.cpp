// `dcomdoctor collect OUTDIR` (Windows only): this host's snapshot, read through Windows' APIs
// and written in collect.cmd's layout (dd::collect, docs/snapshot.md).
#include "cli/Commands.h"

#include "collect/Collect.h"

#include <iostream>
#include <memory>

namespace dd::cli {

void addCollectCommand(CLI::App &app, int &exitStatus) {
  auto options = std::make_shared<collect::CollectOptions>();
  auto *cmd = app.add_subcommand("collect", "Write this host's snapshot folder (the layout collect.cmd writes), "
                                            "read through Windows' APIs; read-only, no password or hash");
  cmd->add_option("outdir", options->out,
                  "The folder to write (created; its files are overwritten). Name it after the host")
      ->required();
  cmd->add_option("--service", options->services,
                  "Also record this service (RpcSs, OpcEnum, RemoteRegistry, LanmanServer always are)");
  cmd->add_option("--dir", options->folders, "Record the ACL of this folder (an OPC server's or client's executable)");
  cmd->add_option("--days", options->days,
                  "Export the System, Security and Application logs of the last N days "
                  "(0: none)")
      ->capture_default_str();
  cmd->add_flag("--hives", options->hives, "Also save the SOFTWARE and SYSTEM hives (never SAM)");
  cmd->add_option("--part", options->part, "(internal: run one part, in the child process collect starts for it)")
      ->group("");
  cmd->footer("Run it in a prompt opened with \"Run as administrator\" (the security policy, the Security log and\n"
              "some keys need it). What could not be read is listed in OUTDIR\\collect-log.txt.\n"
              "Example:\n  dcomdoctor collect D:\\snapshots\\OPCSRV --service AcmeOPC --dir \"C:\\Program Files "
              "(x86)\\Acme\"\n");
  cmd->callback([options, &exitStatus] {
    auto summary = collect::collectSnapshot(*options, stdout);
    if (summary && options->part >= 0)
      return; // a part's child: its parent reports
    if (!summary) {
      std::cerr << "dcomdoctor: " << summary.error().str() << "\n";
      exitStatus = 2;
      return;
    }
    std::cout << "Done: " << options->out << " (" << summary->files << " files; " << summary->missing
              << " item(s) not recorded, see collect-log.txt)\n";
    exitStatus = 0;
  });
}

} // namespace dd::cli
