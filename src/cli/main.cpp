// dcomdoctor: why DCOM lets an OPC client and server talk or not, offline, from files Windows
// writes. This file only wires the verbs together; each verb is in its own *Command.cpp.
#include "cli/Commands.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#ifdef _WIN32
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <shellapi.h>
#endif

#ifndef DCOMDOCTOR_VERSION
#define DCOMDOCTOR_VERSION "0.0.0"
#endif

namespace {

// On Windows: output in UTF-8 whatever the console's code page (the console is switched to
// UTF-8 for this process), bytes written as they are (no CR added: the same bytes as on Linux,
// which Windows' consoles and editors read), and the arguments taken from the wide command
// line as UTF-8 (the narrow argv holds '?' for characters outside the ANSI code page). File
// names in UTF-8 open on Windows 10 1903 and later, where the manifest (dcomdoctor.manifest)
// makes UTF-8 the process's ANSI code page.
std::vector<std::string> utf8Arguments(int argc, char **argv) {
#ifdef _WIN32
  SetConsoleOutputCP(CP_UTF8);
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  int count = 0;
  if (wchar_t **wide = CommandLineToArgvW(GetCommandLineW(), &count)) {
    std::vector<std::string> args;
    for (int i = 0; i < count; ++i) {
      const int n = WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, nullptr, 0, nullptr, nullptr);
      std::string arg(n > 0 ? n - 1 : 0, '\0');
      if (n > 1)
        WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, arg.data(), n, nullptr, nullptr);
      args.push_back(std::move(arg));
    }
    LocalFree(wide);
    return args;
  }
#endif
  return std::vector<std::string>(argv, argv + argc);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args = utf8Arguments(argc, argv);
  std::vector<char *> argPointers;
  for (std::string &arg : args)
    argPointers.push_back(arg.data());
  CLI::App app{"dcomdoctor: predicts and explains Windows DCOM/COM+ security for OPC clients and "
               "servers, offline, from files Windows writes."};
  app.name("dcomdoctor");
  app.set_version_flag("--version", DCOMDOCTOR_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  app.allow_windows_style_options(false); // "/x" is a path (wine's Z:), as on Linux

  int exitStatus = 0;
  dd::cli::addSdCommand(app, exitStatus);
  dd::cli::addRegCommand(app, exitStatus);
  dd::cli::addEvtxCommand(app, exitStatus);
  dd::cli::addEventsCommand(app, exitStatus);
  dd::cli::addSimulateCommand(app, exitStatus);
  dd::cli::addAuditCommand(app, exitStatus);
  dd::cli::addDiffCommand(app, exitStatus);
  dd::cli::addFixCommand(app, exitStatus);
  dd::cli::addShowCommand(app, exitStatus);
  dd::cli::addLicenseCommand(app, exitStatus);
#ifdef _WIN32
  dd::cli::addCollectCommand(app, exitStatus);
#endif

  try {
    app.parse(static_cast<int>(argPointers.size()), argPointers.data());
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
