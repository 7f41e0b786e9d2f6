// The files `dcomdoctor fix -o DIR` writes (docs/fix.md): one folder per host a change touches,
// with changes.reg (the registry values as `reg export` writes them: UTF-16LE with BOM,
// descriptors as their self-relative bytes), apply.ps1 (backs up, applies, and with -Rollback
// restores; it asks for passwords and never holds one), user-rights.inf when a user right changes,
// and steps.txt (the same changes by hand: dcomcnfg, secpol.msc, lusrmgr.msc, the firewall);
// then README.txt and proof.txt at the top: the pairs before and after, each change and the pair
// it is for. The registry data is read from the plant with the changes applied (sim/Changes.h),
// so the files say what the proof simulated.
#pragma once

#include "sim/Plan.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dd::report {

struct OutputFile {
  std::string path; // relative to DIR: "OPCSRV/changes.reg", "README.txt"
  std::vector<uint8_t> bytes;
};

// `command` is the command line that made the plan (for README.txt).
std::vector<OutputFile> fixFiles(const sim::Plan &plan, const std::string &command);

// The .reg text of one host's registry changes (empty when it has none); exposed for tests.
std::vector<uint8_t> regFileOf(const model::Host &after, const std::vector<sim::Change> &changes);

// The PowerShell string literal of `text`: single quotes, a quote doubled.
std::string psQuote(std::string_view text);

} // namespace dd::report
