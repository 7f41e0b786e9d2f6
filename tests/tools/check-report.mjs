// Opens a plant report in Debian's headless chromium (puppeteer-core drives it; it downloads no
// browser) and checks what a person would: the page renders with no console error and no network
// request, the graph has a box per host and an arrow per pair, a click on an arrow shows that
// prediction's evidence, and the audit table is filled. Writes a screenshot.
//   node check-report.mjs REPORT.html SCREENSHOT.png HOSTS ARROWS [FINDINGS]   (HOSTS "-": at least one)
// Exit 0: all hold; 1: one does not (printed); 77: no chromium or puppeteer-core here (skipped).
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [html, screenshot, hostsWanted, arrowsWanted, findingsWanted] = process.argv.slice(2);
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
let puppeteer;
try {
  puppeteer = (await import("puppeteer-core")).default;
} catch {
  console.log("SKIP: puppeteer-core is not installed (run: npm ci --prefix tests/tools)");
  process.exit(77);
}
if (!chromium) {
  console.log("SKIP: no chromium (apt-get install chromium)");
  process.exit(77);
}

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const browser = await puppeteer.launch({ executablePath: chromium, headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const errors = [], requests = [];
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", e => errors.push(e.message));
  page.on("request", r => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(html).href, { waitUntil: "load", timeout: 60000 });

  const hosts = await page.$$eval("#graph svg g[id^='host_']", e => e.length);
  const arrows = await page.$$eval("#graph svg g[id^='pair_']", e => e.length);
  check(hostsWanted === "-" ? hosts > 0 : hosts === Number(hostsWanted), `hosts drawn: ${hosts}, expected ${hostsWanted}`);
  check(arrows === Number(arrowsWanted), `arrows drawn: ${arrows}, expected ${arrowsWanted}`);
  const rows = await page.$$eval("#pairs tr", e => e.length);
  check(rows === Number(arrowsWanted), `table rows: ${rows}, expected ${arrowsWanted}`);

  // A click on a red arrow (else the first) shows its steps and evidence.
  const target = await page.$$eval("#graph svg g[id^='pair_']", gs => {
    const red = gs.find(g => (g.querySelector("path")?.getAttribute("stroke") || "").toLowerCase() === "#c62828");
    return (red || gs[0])?.id;
  });
  check(Boolean(target), "no arrow to click");
  if (target) {
    await page.click(`#graph svg g[id='${target}'] text`);
    const details = await page.$eval("#details", d => d.textContent);
    check(/connect: 0x[0-9A-F]{8}/.test(details), `the details after a click show no connect HRESULT: ${details.slice(0, 200)}`);
    check(/FAIL|ok/.test(details) && details.length > 200, "the details show no steps and evidence");
    const selected = await page.$$eval("#graph g.edge.selected", e => e.length);
    check(selected >= 1, "the clicked arrow is not highlighted");
  }
  if (findingsWanted !== undefined) {
    const findings = await page.$$eval("#findings tr", e => e.length);
    check(findings === Number(findingsWanted), `audit rows: ${findings}, expected ${findingsWanted}`);
  }
  check(errors.length === 0, `console errors: ${errors.join(" | ")}`);
  check(requests.length === 0, `network requests: ${requests.join(" ")}`);
  await page.screenshot({ path: screenshot, fullPage: false });
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.log("FAIL: " + f);
  process.exit(1);
}
console.log(`ok: ${html} renders, ${hostsWanted} hosts, ${arrowsWanted} arrows, a click shows the evidence; screenshot ${screenshot}`);
