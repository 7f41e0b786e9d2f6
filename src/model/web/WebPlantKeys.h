// The plant file's IIS and COM+ keys of a [[host]] (docs/license.md#the-plant-file): `hotfixes`,
// [host.iis] and [host.complus]. PlantReader calls readWebKeys for each host after its other
// keys; the files they name are read here (relative to the plant file), and a host snapshot's
// iis-MetaBase.xml, iis-applicationHost.config, complus-catalog.txt and systeminfo hotfixes are
// used where the plant file names none.
#pragma once

#include "model/Plant.h"
#include "support/Error.h"

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>

namespace dd::model {

// Reads the keys into host.web. An error names the plant file and line, or the file it names.
// `readFiles` false (PlantReadOptions::applySnapshots false: the fuzzer, quick checks): the keys
// are checked but no file is read.
std::optional<Error> readWebKeys(const toml::table &hostTable, Host &host, const std::string &plantFile,
                                 const std::filesystem::path &baseDir, bool readFiles = true);

} // namespace dd::model
