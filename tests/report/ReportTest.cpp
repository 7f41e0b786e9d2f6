// The plant report's HTML without a browser (tests/tools/check-report.mjs opens it in chromium):
// a box per host and an arrow per pair in the SVG, the pairs' evidence in the page's data, names
// escaped, the large-plant view by host; Graphviz's layout of a tiny graph.
#include "model/PlantReader.h"
#include "report/Graphviz.h"
#include "report/Html.h"
#include "report/PlantReport.h"
#include "report/PlantReportPage.h"
#include "support/Conformance.h"

#include <gtest/gtest.h>
#include <regex>

using namespace dd;

namespace {

size_t count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

model::Plant examplePlant() {
  auto p = model::readPlantFile(test::sourceDir() / "examples" / "plant" / "plant.toml");
  EXPECT_TRUE(p) << (p ? "" : p.error().str());
  return p ? *p : model::Plant{};
}

} // namespace

TEST(Graphviz, LaysOutATinyGraphAsInlineSvg) {
  auto svg = report::layoutSvg("digraph { a [id=\"node_a\"]; a -> b [id=\"edge_1\"]; }");
  ASSERT_TRUE(svg) << svg.error().str();
  EXPECT_EQ(svg->rfind("<svg", 0), 0u);
  EXPECT_NE(svg->find("id=\"node_a\""), std::string::npos);
  EXPECT_NE(svg->find("id=\"edge_1\""), std::string::npos);
  EXPECT_EQ(svg->find("<?xml"), std::string::npos);
}

TEST(Graphviz, RefusesAGraphThatDoesNotParse) { EXPECT_FALSE(report::layoutSvg("digraph { a -> ")); }

TEST(Graphviz, QuotesDotStrings) { EXPECT_EQ(report::dotQuote("a \"b\"\\\nc"), "\"a \\\"b\\\"\\\\\\nc\""); }

TEST(PlantReport, ExampleHasABoxPerHostAndAnArrowPerPair) {
  model::Plant plant = examplePlant();
  report::PlantReportOptions o;
  o.toolVersion = "test";
  auto html = report::plantReportHtml(plant, o);
  ASSERT_TRUE(html) << html.error().str();
  for (size_t h = 0; h < plant.hosts.size(); ++h)
    EXPECT_EQ(count(*html, "id=\"host_" + std::to_string(h) + "\""), 1u) << h;
  size_t pairs = 0;
  for (const auto &c : plant.hosts)
    for (const auto &s : plant.hosts)
      pairs += c.clients.size() * s.servers.size();
  ASSERT_GT(pairs, 0u);
  for (size_t i = 0; i < pairs; ++i) {
    EXPECT_EQ(count(*html, "id=\"pair_" + std::to_string(i) + "\""), 1u) << i;
    EXPECT_EQ(count(*html, "id=\"advise_" + std::to_string(i) + "\""), 1u) << i;
  }
  EXPECT_EQ(count(*html, "id=\"pair_" + std::to_string(pairs) + "\""), 0u);
  // The data holds each prediction's steps; the red pair's deciding step and its evidence.
  EXPECT_NE(html->find("\"step\":\"launch-limits\""), std::string::npos);
  EXPECT_NE(html->find("ANONYMOUS LOGON"), std::string::npos);
  // Self-contained: no external script, style or font.
  EXPECT_EQ(html->find("src=\"http"), std::string::npos);
  EXPECT_EQ(html->find("href=\"http"), std::string::npos);
  EXPECT_EQ(count(*html, "</script>"), 3u);
}

TEST(PlantReport, EscapesNamesInTextAndData) {
  model::Plant plant = examplePlant();
  plant.name = "<script>alert(1)</script> & co";
  for (auto &h : plant.hosts)
    for (auto &c : h.clients)
      c.name = "</script><b>x";
  report::PlantReportOptions o;
  o.audit = false;
  auto html = report::plantReportHtml(plant, o);
  ASSERT_TRUE(html) << html.error().str();
  EXPECT_NE(html->find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(html->find("<script>alert"), std::string::npos);
  EXPECT_EQ(count(*html, "</script>"), 3u) << "a name closed a script element";
}

TEST(PlantReport, LargePlantIsDrawnByHostPair) {
  model::Plant plant = examplePlant();
  report::PlantReportOptions o;
  o.detailedPairs = 0; // as if the plant were large
  o.audit = false;
  auto html = report::plantReportHtml(plant, o);
  ASSERT_TRUE(html) << html.error().str();
  // HMI2's two programs fail against OPCSRV: one arrow HMI2 -> OPCSRV with its count.
  EXPECT_EQ(count(*html, "id=\"pair_"), 1u);
  EXPECT_EQ(count(*html, "id=\"advise_"), 0u);
  EXPECT_NE(html->find("2 of 2 client x server pairs between HMI2 and OPCSRV fail"), std::string::npos);
}

TEST(PlantReport, HtmlEscape) {
  EXPECT_EQ(report::escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

// A build without Graphviz (the Windows one) writes the page without the drawing: the note says
// why, and the pairs, their evidence and the audit are all there.
TEST(PlantReport, WithoutADrawingThePageSaysWhyAndKeepsThePairs) {
  report::PageContent page;
  page.title = "Line 3";
  page.noDrawing = "this build of dcomdoctor has no Graphviz library";
  page.pairs = nlohmann::json::array({{{"client", "HMI1"}, {"server", "OPCSRV"}, {"connect", "0x80070005"}}});
  page.summary = {{"hosts", 2}, {"pairs", 1}, {"connect_ok", 0}, {"advise_ok", 0}, {"both_ok", 0}, {"drawn", 1}};
  page.audit = nullptr;
  std::string html = report::renderPage(page);
  EXPECT_NE(html.find("The plant is not drawn: this build of dcomdoctor has no Graphviz library"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("\"client\":\"HMI1\""), std::string::npos);
  EXPECT_EQ(html.find("Solid arrows"), std::string::npos); // the drawing's legend is not shown
}
