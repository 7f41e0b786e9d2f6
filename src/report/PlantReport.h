// The plant report (`dcomdoctor report PLANT -o plant.html`, and `--format html` of audit and
// matrix): one self-contained HTML file, no network and no external script. The plant is drawn
// by Graphviz (hosts as boxes holding their client programs and server classes, a connect arrow
// per pair and a dashed advise arrow back, green or red with the HRESULT); a click on an arrow or
// a table row shows that prediction's steps, evidence, events and proven fixes; then the audit's
// findings. A large plant is drawn by host: the host pairs with the most failing predictions.
#pragma once

#include "audit/Audit.h"
#include "model/Plant.h"
#include "support/Result.h"

#include <functional>
#include <string>

namespace dd::report {

struct PlantReportOptions {
  bool audit = true;           // run the audit and show its findings
  int threads = 2;             // for the matrix of a large plant
  size_t detailedPairs = 400;  // pairs up to which every pair is drawn and simulated in detail
  size_t drawnHostPairs = 150; // in the large-plant view, the host pairs drawn
  std::string toolVersion;
  std::function<void(const std::string &)> progress; // "simulating 120/400 pairs" (may be empty)
};

Result<std::string> plantReportHtml(const model::Plant &plant, const PlantReportOptions &options);

} // namespace dd::report
