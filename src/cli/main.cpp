// dcomdoctor: why DCOM lets an OPC client and server talk or not, offline, from files Windows
// writes. This file only wires the verbs together; each verb is in its own *Command.cpp.
#include "cli/Commands.h"

#include <cstdio>
#include <iostream>

#ifndef DCOMDOCTOR_VERSION
#define DCOMDOCTOR_VERSION "0.0.0"
#endif

int main(int argc, char **argv) {
  CLI::App app{"dcomdoctor: predicts and explains Windows DCOM/COM+ security for OPC clients and "
               "servers, offline, from files Windows writes."};
  app.name("dcomdoctor");
  app.set_version_flag("--version", DCOMDOCTOR_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  int exitStatus = 0;
  dd::cli::addSdCommand(app, exitStatus);
  dd::cli::addRegCommand(app, exitStatus);
  dd::cli::addEvtxCommand(app, exitStatus);
  dd::cli::addEventsCommand(app, exitStatus);
  dd::cli::addSimulateCommand(app, exitStatus);
  dd::cli::addAuditCommand(app, exitStatus);
  dd::cli::addDiffCommand(app, exitStatus);
  dd::cli::addShowCommand(app, exitStatus);
  dd::cli::addLicenseCommand(app, exitStatus);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    std::cerr << "dcomdoctor: " << e.what() << "\n";
    std::cerr << "Run 'dcomdoctor --help' for the verbs and 'dcomdoctor VERB --help' for one.\n";
    return 2;
  }
  std::fflush(stdout);
  return exitStatus;
}
