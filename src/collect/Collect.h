// `dcomdoctor collect OUTDIR` (Windows only): the host snapshot that collect/collect.cmd writes,
// read through the APIs Windows' own tools use instead of their printed text, and written in
// the same layout (docs/snapshot.md, "Written by collect.cmd or dcomdoctor collect"), so the
// readers of dd::model::snapshot load either. Read-only; never a password or a hash.
#pragma once

#include "support/Result.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace dd::collect {

struct CollectOptions {
  std::string out;                   // the snapshot folder (UTF-8; created)
  std::vector<std::string> services; // besides RpcSs, OpcEnum, RemoteRegistry, LanmanServer
  std::vector<std::string> folders;  // folders of server executables: their ACLs
  unsigned days = 7;                 // event logs: the last N days (0: no logs)
  bool hives = false;                // also RegSaveKeyEx SOFTWARE and SYSTEM (never SAM)
  int part = -1;                     // internal: run only this part (the child process of one part)
};

struct CollectSummary {
  size_t files = 0;   // files written
  size_t missing = 0; // lines in collect-log.txt: what could not be read
};

// Writes the snapshot, a progress line per part on `progress`. An Error only when the folder
// cannot be written; everything else that fails is a line of collect-log.txt. Each part runs in
// a child process of this executable (`collect OUTDIR --part N`), so that an API this Windows
// (or Wine) has only as a stub that raises an exception ends that part, logged, not the rest.
Result<CollectSummary> collectSnapshot(const CollectOptions &options, std::FILE *progress);

} // namespace dd::collect
