// The page of the plant report: its HTML, CSS and script in one self-contained file. The script
// renders a prediction's details (the JSON of `simulate --json`, docs/simulate-json.md) when an
// arrow or a row is clicked, and the audit's findings (the JSON of `audit --format json`).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace dd::report {

struct PageContent {
  std::string title;
  std::string svg;        // the plant drawn by Graphviz; empty when it could not be drawn
  std::string noDrawing;  // why there is no drawing (shown instead of it); empty when there is one
  nlohmann::json pairs;   // one element per drawn arrow: client, server, connect, advise, ok, detail
  bool byHost = false;    // arrows are host pairs (a large plant), not client x server pairs
  nlohmann::json summary; // hosts, pairs, connect_ok, advise_ok, both_ok, drawn
  nlohmann::json audit;   // audit JSON, or null
  std::string toolVersion;
};

std::string renderPage(const PageContent &page);

} // namespace dd::report
