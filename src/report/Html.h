// Small pieces of the HTML reports: escaping, a page around a body, and a line chart as inline
// SVG (no scripts, no external files: the report opens anywhere, offline).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dd::report {

std::string escape(std::string_view text); // & < > " '
std::string page(std::string_view title, std::string_view body);
std::string list(const std::vector<std::string> &items); // <ul> of escaped items

struct Series {
  std::string name;
  std::string color;          // CSS colour
  std::vector<double> values; // one per x step
  bool dashed = false;
};

struct Chart {
  std::string title;
  std::string xLabel, yLabel;
  double xStep = 1; // x value of one step (e.g. 1/24 day)
  double yMax = 0;  // 0: the largest value
  std::vector<Series> series;
};

// An <svg> line chart, 960 x 360, with axes, ticks, a legend and a <title> per series.
std::string lineChart(const Chart &chart);

} // namespace dd::report
