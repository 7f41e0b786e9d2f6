#include "report/PlantReportPage.h"

#include "report/Html.h"

#include <fmt/format.h>

namespace dd::report {

namespace {

// JSON inside <script type="application/json">: "</" written as "<\/" (the same JSON string) so
// that no value can close the script element.
std::string scriptJson(const nlohmann::json &j) {
  std::string s = j.dump();
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/')
      out += '\\';
  }
  return out;
}

const char *kStyle = R"CSS(
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; color: #1b2631; background: #fafbfc; }
header { background: #263238; color: #eceff1; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; font-size: 12px; color: #b0bec5; }
main { padding: 16px 24px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
.card { background: white; border: 1px solid #d5dbe0; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 20px; }
.card.red b { color: #c62828; } .card.green b { color: #2e7d32; }
section { background: white; border: 1px solid #d5dbe0; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
h2 { font-size: 16px; margin: 0 0 8px; }
#graph { overflow: auto; max-height: 70vh; }
#graph svg { max-width: none; }
#graph g.edge { cursor: pointer; }
#graph g.edge:hover path { stroke-width: 3.5; }
#graph g.edge.selected path { stroke-width: 4; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border-bottom: 1px solid #e5e8eb; padding: 4px 6px; text-align: left; vertical-align: top; }
tr.pair { cursor: pointer; } tr.pair:hover { background: #f1f8ff; }
.ok { color: #2e7d32; font-weight: bold; } .bad { color: #c62828; font-weight: bold; }
.sev-critical { color: #6a1b9a; font-weight: bold; } .sev-high { color: #c62828; font-weight: bold; }
.sev-medium { color: #ef6c00; font-weight: bold; } .sev-low { color: #00838f; }
#details .step { margin: 4px 0; } #details .step b { display: inline-block; min-width: 44px; }
#details ul { margin: 2px 0 6px 18px; padding: 0; font-size: 12px; }
#details .event, #details .fix { font-size: 12px; margin: 4px 0; padding: 4px 8px; background: #f7f9fa; border-left: 3px solid #90a4ae; }
.muted { color: #607d8b; font-size: 12px; }
)CSS";

const char *kScript = R"JS(
"use strict";
const data = id => JSON.parse(document.getElementById(id).textContent);
const pairs = data("pairs-data"), audit = data("audit-data");
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function outcome(title, o) {
  const box = el("div");
  if (!o) return box;
  const head = el("h3", null, title + ": " + o.hresult + " " + (o.symbol || ""));
  head.className = o.ok ? "ok" : "bad";
  box.appendChild(head);
  if (!o.ok && o.step) box.appendChild(el("div", "muted", "decided at step " + o.step + " (docs/model.md#" + o.step + ")"));
  for (const s of o.steps || []) {
    const d = el("div", "step");
    d.appendChild(el("b", s.skipped ? "muted" : s.ok ? "ok" : "bad", s.skipped ? "skip" : s.ok ? "ok" : "FAIL"));
    d.appendChild(document.createTextNode(" " + s.step));
    const ul = el("ul");
    for (const line of s.evidence || []) ul.appendChild(el("li", null, line));
    d.appendChild(ul);
    box.appendChild(d);
  }
  for (const e of o.events || [])
    box.appendChild(el("div", "event", e.host + " " + e.log + " event " + e.id + (e.logged ? " (logged)" : " (not logged)") + ": " + e.message));
  for (const f of o.fix_details || [])
    box.appendChild(el("div", "fix", "fix" + (f.verified ? " (proven by simulating again)" : "") + ": " + f.summary + (f.howto ? " — how: " + f.howto : "")));
  return box;
}
function show(i) {
  const p = pairs[i], box = document.getElementById("details");
  box.replaceChildren();
  box.appendChild(el("h2", null, p.client + " → " + p.server));
  if (p.failing) box.appendChild(el("div", "muted", p.failing + "; the first failing pair is shown"));
  if (p.detail.error) { box.appendChild(el("div", "bad", p.detail.error)); return; }
  box.appendChild(outcome("connect", p.detail.connect));
  box.appendChild(outcome("advise", p.detail.advise));
  document.querySelectorAll("#graph g.edge.selected").forEach(g => g.classList.remove("selected"));
  for (const id of ["pair_" + i, "advise_" + i]) {
    const g = document.getElementById(id);
    if (g) g.classList.add("selected");
  }
  box.scrollIntoView({block: "nearest"});
}
document.querySelectorAll("#graph g.edge").forEach(g => {
  const m = /^(?:pair|advise)_(\d+)$/.exec(g.id);
  if (m) g.addEventListener("click", () => show(Number(m[1])));
});
const rows = document.getElementById("pairs");
pairs.forEach((p, i) => {
  const tr = el("tr", "pair");
  tr.dataset.pair = i;
  tr.appendChild(el("td", null, p.client));
  tr.appendChild(el("td", null, p.server));
  tr.appendChild(el("td", p.connect === "S_OK" ? "ok" : "bad", p.connect));
  tr.appendChild(el("td", p.advise === "S_OK" ? "ok" : "bad", p.advise));
  tr.addEventListener("click", () => show(i));
  rows.appendChild(tr);
});
const findings = document.getElementById("findings");
if (audit && audit.findings) {
  document.getElementById("audit-count").textContent = audit.findings.length + " findings";
  for (const f of audit.findings) {
    const tr = el("tr");
    tr.appendChild(el("td", "sev-" + f.severity, f.severity));
    tr.appendChild(el("td", null, f.host));
    const what = el("td");
    what.appendChild(el("div", null, f.rule + ": " + f.message));
    const ul = el("ul");
    for (const e of f.evidence) ul.appendChild(el("li", "muted", e));
    what.appendChild(ul);
    tr.appendChild(what);
    const fix = el("td", null, f.fix);
    for (const b of f.would_break || [])
      fix.appendChild(el("div", "bad", "would break " + b.client + " → " + b.server + " " + b.direction + " (" + b.hresult + " at " + b.step + "); keep it working: " + (b.keep_working || "no single proven change found")));
    tr.appendChild(fix);
    findings.appendChild(tr);
  }
} else {
  document.getElementById("audit-section").hidden = true;
}
)JS";

std::string card(const std::string &label, uint64_t value, const char *cls) {
  return fmt::format("<div class=\"card {}\"><b>{}</b>{}</div>", cls, value, escape(label));
}

} // namespace

std::string renderPage(const PageContent &p) {
  const auto &s = p.summary;
  uint64_t pairs = s.value("pairs", 0), both = s.value("both_ok", 0);
  std::string cards = card("hosts", s.value("hosts", 0), "") + card("client x server pairs", pairs, "") +
                      card("connect and advise work", both, "green") +
                      card("fail", pairs - both, pairs > both ? "red" : "");
  std::string graphNote =
      p.byHost
          ? fmt::format("A large plant: the {} host pairs with the most failing predictions are drawn (an arrow per "
                        "client host and server host); a click shows the first failing pair's evidence.",
                        s.value("drawn", 0))
          : std::string("Solid arrows: connect (client program to server class); dashed: advise (the server's "
                        "callbacks). Green works, red fails with the HRESULT shown. Click an arrow for the steps, "
                        "evidence, events and proven fixes.");
  if (!p.noDrawing.empty())
    graphNote = "The plant is not drawn: " + p.noDrawing + ". Click a row of the pairs below for its evidence.";
  return fmt::format(
      R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>dcomdoctor: {title}</title>
<style>{style}</style>
</head>
<body>
<header><h1>{title}</h1><p>dcomdoctor {version}: DCOM predictions and audit, simulated offline from the plant's facts</p></header>
<main>
<div class="cards">{cards}</div>
<section><h2>The plant</h2><p class="muted">{note}</p><div id="graph">{svg}</div></section>
<section><h2>Details</h2><div id="details"><p class="muted">Click an arrow or a row.</p></div></section>
<section><h2>Pairs</h2><table><thead><tr><th>client</th><th>server</th><th>connect</th><th>advise</th></tr></thead><tbody id="pairs"></tbody></table></section>
<section id="audit-section"><h2>Audit <span id="audit-count" class="muted"></span></h2><p class="muted">Rules: docs/audit.md</p>
<table><thead><tr><th>severity</th><th>host</th><th>finding and evidence</th><th>fix</th></tr></thead><tbody id="findings"></tbody></table></section>
</main>
<script type="application/json" id="pairs-data">{pairs}</script>
<script type="application/json" id="audit-data">{audit}</script>
<script>{script}</script>
</body>
</html>
)HTML",
      fmt::arg("title", escape(p.title)), fmt::arg("style", kStyle), fmt::arg("version", escape(p.toolVersion)),
      fmt::arg("cards", cards), fmt::arg("note", escape(graphNote)), fmt::arg("svg", p.svg),
      fmt::arg("pairs", scriptJson(p.pairs)), fmt::arg("audit", scriptJson(p.audit)), fmt::arg("script", kScript));
}

} // namespace dd::report
