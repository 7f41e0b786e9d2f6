// HTML pieces of the reports (see Html.h).
#include "report/Html.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace dd::report {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string page(std::string_view title, std::string_view body) {
  return fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; line-height: 1.4; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }}
.ok {{ color: #1a7f37; font-weight: bold; }} .bad {{ color: #b42318; font-weight: bold; }}
.cause {{ border-left: 4px solid #b42318; padding: 0.2em 0.8em; margin: 0.6em 0; background: #fdf3f2; }}
.fix {{ border-left: 4px solid #1f6feb; padding: 0.2em 0.8em; margin: 0.6em 0; background: #f3f7fd; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 2px 8px; text-align: right; }}
code {{ background: #f3f3f3; padding: 0 3px; }}
</style></head>
<body>
{}
</body></html>
)",
                     escape(title), body);
}

std::string list(const std::vector<std::string> &items) {
  std::string out = "<ul>\n";
  for (const auto &i : items)
    out += "<li>" + escape(i) + "</li>\n";
  return out + "</ul>\n";
}

namespace {

constexpr double W = 960, H = 360, L = 60, R = 20, T = 40, B = 50;

double niceStep(double range, int ticks) {
  double raw = range / ticks, mag = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag)
      return m * mag;
  return 10 * mag;
}

std::string axes(const Chart &c, size_t steps, double yMax) {
  std::string out = fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#444"/>)"
                                R"(<line x1="{0}" y1="{3}" x2="{0}" y2="{1}" stroke="#444"/>)",
                                L, H - B, W - R, T);
  const double xMax = std::max<double>(1, steps) * c.xStep, xs = niceStep(xMax, 10), ys = niceStep(yMax, 6);
  for (double x = 0; x <= xMax + 1e-9; x += xs) {
    double px = L + (W - L - R) * x / xMax;
    out += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#444"/><text x="{0:.1f}" y="{3}" )"
                       R"(font-size="11" text-anchor="middle">{4:g}</text>)",
                       px, H - B, H - B + 5, H - B + 18, x);
  }
  for (double y = 0; y <= yMax + 1e-9; y += ys) {
    double py = (H - B) - (H - B - T) * y / yMax;
    out += fmt::format(R"(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="#eee"/><text x="{3}" y="{4:.1f}" )"
                       R"(font-size="11" text-anchor="end">{5:g}</text>)",
                       L, py, W - R, L - 6, py + 4, y);
  }
  out += fmt::format(R"(<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>)", (L + W - R) / 2, H - 12,
                     escape(c.xLabel));
  out += fmt::format(
      R"svg(<text x="16" y="{}" font-size="12" text-anchor="middle" transform="rotate(-90 16 {})">{}</text>)svg",
      (T + H - B) / 2, (T + H - B) / 2, escape(c.yLabel));
  return out;
}

} // namespace

std::string lineChart(const Chart &c) {
  size_t steps = 0;
  double yMax = c.yMax;
  for (const auto &s : c.series) {
    steps = std::max(steps, s.values.size());
    for (double v : s.values)
      yMax = std::max(yMax, v);
  }
  yMax = std::max(yMax * 1.05, 1.0);
  std::string out = fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" )"
                                R"(role="img"><title>{}</title><rect width="100%" height="100%" fill="white"/>)",
                                W, H, W, H, escape(c.title));
  out += fmt::format(R"(<text x="{}" y="22" font-size="14" font-weight="bold">{}</text>)", L, escape(c.title));
  out += axes(c, steps, yMax);
  const double xMax = std::max<double>(1, steps) * c.xStep;
  double legendX = W - R - 10;
  for (auto it = c.series.rbegin(); it != c.series.rend(); ++it) {
    std::string points;
    for (size_t i = 0; i < it->values.size(); ++i)
      points += fmt::format("{:.1f},{:.1f} ", L + (W - L - R) * (i * c.xStep) / xMax,
                            (H - B) - (H - B - T) * it->values[i] / yMax);
    out += fmt::format(
        R"(<polyline fill="none" stroke="{}" stroke-width="1.6"{} points="{}"><title>{}</title></polyline>)", it->color,
        it->dashed ? R"( stroke-dasharray="6 4")" : "", points, escape(it->name));
    legendX -= 8.0 * it->name.size() + 30;
    out += fmt::format(R"(<line x1="{0:.0f}" y1="30" x2="{1:.0f}" y2="30" stroke="{2}" stroke-width="2"{3}/>)"
                       R"(<text x="{4:.0f}" y="34" font-size="12">{5}</text>)",
                       legendX, legendX + 20, it->color, it->dashed ? R"( stroke-dasharray="6 4")" : "", legendX + 24,
                       escape(it->name));
  }
  return out + "</svg>\n";
}

} // namespace dd::report
