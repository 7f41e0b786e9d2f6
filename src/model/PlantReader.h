// Reads a plant file (TOML; every key in docs/plant.md) into a Plant.
//
// For each host: the Windows defaults of its OS (model/Defaults), then its snapshot folder if it
// names one (model/snapshot's applySnapshot), then the plant file's own keys over both, so the
// plant file answers "what if". Errors name the file and line (toml++'s source regions):
//   plant.toml:14: host "OPCSRV" names snapshot "snap/opcsrv" which does not exist
// Unknown keys are errors too: a typo must not silently become a Windows default.
#pragma once

#include "model/Plant.h"
#include "support/Result.h"

#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

namespace dd::model {

struct PlantReadOptions {
  bool applySnapshots = true;   // false: ignore `snapshot = ...` (the fuzzer, quick checks)
  bool strictSnapshots = false; // a snapshot file that holds nothing or cannot be read is an error
                                // (`--strict`), not a note with the Windows defaults
  // Where the reader's warnings (Plant::warnings) are printed as "dcomdoctor: file:line:
  // warning: ..."; nullptr: not printed.
  std::ostream *warnings = &std::cerr;
};

// True for a password label that looks like a real password: 8 characters or more from at least
// three of lower case, upper case, digits and other characters ("Summer2023!"). Labels only say
// which accounts share a password; the reader warns once and suggests a short one.
bool looksLikeRealPassword(std::string_view label);

Result<Plant> readPlantFile(const std::filesystem::path &file, const PlantReadOptions &options = {});

// `sourceName` is used in errors and provenance; `baseDir` resolves relative snapshot folders.
Result<Plant> parsePlant(std::string_view text, const std::string &sourceName, const std::filesystem::path &baseDir,
                         const PlantReadOptions &options = {});

// Authentication level names: 1 "None", 2 "Connect", 3 "Call", 4 "Packet",
// 5 "Packet Integrity", 6 "Packet Privacy" (0 "Default").
const char *authnLevelName(int level);
const char *impersonationLevelName(int level);

} // namespace dd::model
