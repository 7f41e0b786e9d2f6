// The license report (see LicenseReport.h).
#include "report/LicenseReport.h"

#include "report/Html.h"

#include <fmt/format.h>

namespace dd::report {

namespace lic = sim::license;

namespace {

std::string diagnosisHtml(const lic::Diagnosis &d) {
  std::string out = fmt::format("<h1>Client license release on {}</h1>\n<p>ASP application <code>{}</code>, {}.</p>\n",
                                escape(d.host), escape(d.application), escape(d.iis));
  out += d.healthy()      ? "<p class=\"ok\">Healthy: a session's license is released when the session ends.</p>\n"
         : d.releaseWorks ? "<p class=\"ok\">The release works; one finding below.</p>\n"
                          : "<p class=\"bad\">Licenses leak: a session that times out or whose browser is closed "
                            "never gives its license back.</p>\n";
  out += "<h2>Causes</h2>\n";
  if (d.causes.empty())
    out += "<p>None.</p>\n";
  for (const auto &c : d.causes)
    out += fmt::format("<div class=\"cause\"><b>{}</b> <code>{}</code>\n{}</div>\n", escape(c.title),
                       lic::causeKey(c.id), list(c.evidence));
  out += fmt::format("<h2>Application log</h2>\n<p>{}: <b>{}</b></p>\n<p>{}</p>\n", escape(d.event.source),
                     escape(d.event.written ? d.event.text : "none"), escape(d.event.why));
  out += "<h2>Facts</h2>\n" + list(d.facts);
  if (!d.passwordLevels.empty())
    out += "<h3>Anonymous password by level (never shown)</h3>\n" + list(d.passwordLevels);
  return out;
}

std::string fixesHtml(const lic::Prescription &p) {
  std::string out;
  if (!p.fixes.empty()) {
    out += "<h2>Fixes, in the tech note's order</h2>\n<p>Each is proven by re-running the diagnosis with it and the "
           "ones above it applied.</p>\n";
    for (const auto &f : p.fixes) {
      std::string left;
      for (const auto &r : f.remaining)
        left += (left.empty() ? "" : ", ") + r;
      out += fmt::format("<div class=\"fix\"><b>{}</b>\n{}<p>After: <span class=\"{}\">{}</span></p></div>\n",
                         escape(f.title), list(f.steps), f.healthyAfter ? "ok" : "bad",
                         escape(f.healthyAfter ? "healthy" : "still: " + left));
    }
  }
  if (!p.hardening.empty())
    out += "<h2>EveryoneIncludesAnonymous: the tech note and hardening disagree</h2>\n" + list(p.hardening);
  out += "<h2>Verify the release</h2>\n<ol>\n";
  for (const auto &v : p.verification)
    out += "<li>" + escape(v) + "</li>\n";
  return out + "</ol>\n";
}

std::vector<double> values(const std::vector<uint32_t> &samples) { return {samples.begin(), samples.end()}; }

std::string poolsHtml(const lic::PoolComparison &c) {
  const auto &p = c.params;
  std::string out =
      fmt::format("<h2>The license pool over {} days</h2>\n<p>{} licenses; {} users per hour; sessions of "
                  "{} minutes on average; session timeout {} minutes; sessions end by log off {}, closed "
                  "browser {}, walking away {}; seed {}.</p>\n",
                  p.days, p.pool, p.usersPerHour, p.sessionMinutes, p.timeoutMinutes, p.mix.logoff, p.mix.close,
                  p.mix.timeout, p.seed);
  Chart chart{"Licenses in use", "day", "licenses in use", 1.0 / p.samplesPerDay, static_cast<double>(p.pool), {}};
  chart.series.push_back({"pool size", "#888888", std::vector<double>(c.before.samples.size(), p.pool), true});
  chart.series.push_back({"as it is", "#b42318", values(c.before.samples), false});
  chart.series.push_back({"after the fix", "#1a7f37", values(c.after.samples), false});
  out += lineChart(chart);
  out += "<table>\n<tr><th></th><th>arrived</th><th>got a license</th><th>turned away</th><th>leaked</th><th>runs "
         "dry</th><th>mean use</th></tr>\n";
  for (const auto *r : {&c.before, &c.after})
    out +=
        fmt::format("<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2f} &plusmn; "
                    "{:.2f}</td></tr>\n",
                    r == &c.before ? "as it is" : "after the fix", r->arrivals, r->admitted, r->turnedAway, r->leaked,
                    r->dryAtMinute ? lic::dayClock(*r->dryAtMinute) : "never", r->meanInUse, r->meanInUseHalfWidth);
  return out + "</table>\n";
}

} // namespace

std::string licenseHtml(const lic::Prescription &p, const lic::PoolComparison *pools) {
  std::string body = diagnosisHtml(p.diagnosis);
  if (pools)
    body += poolsHtml(*pools);
  body += fixesHtml(p);
  return page("dcomdoctor: client license release on " + p.diagnosis.host, body);
}

} // namespace dd::report
