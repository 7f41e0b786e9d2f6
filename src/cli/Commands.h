// The verbs of the dcomdoctor command. Each verb lives in its own file and registers itself
// on the application; its callback stores the process exit status in `exitStatus`:
// 0 success, 1 the command worked and found something, 2 it could not do its job
// (docs/conventions.md).
#pragma once

#include <CLI/CLI.hpp>

namespace dd::cli {

void addSdCommand(CLI::App &app, int &exitStatus);       // sd encode|decode|check
void addRegCommand(CLI::App &app, int &exitStatus);      // reg dump|export
void addEvtxCommand(CLI::App &app, int &exitStatus);     // evtx dump
void addEventsCommand(CLI::App &app, int &exitStatus);   // events (triage), explain
void addSimulateCommand(CLI::App &app, int &exitStatus); // simulate, matrix
void addAuditCommand(CLI::App &app, int &exitStatus);    // audit
void addShowCommand(CLI::App &app, int &exitStatus);     // show
void addLicenseCommand(CLI::App &app, int &exitStatus);  // license, license simulate
void addDiffCommand(CLI::App &app, int &exitStatus);     // diff
void addFixCommand(CLI::App &app, int &exitStatus);      // fix
#ifdef _WIN32
void addCollectCommand(CLI::App &app, int &exitStatus); // collect (Windows only)
#endif

} // namespace dd::cli
