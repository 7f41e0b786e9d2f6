// The verb `license`: why a web information server's client licenses are not released, and
// `license simulate`: the license pool over time before and after the fix (docs/license.md).
#include "cli/Commands.h"

#include "model/PlantReader.h"
#include "report/LicenseReport.h"
#include "sim/license/Output.h"

#include <charconv>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

namespace dd::cli {
namespace {

namespace lic = sim::license;

struct LicenseArgs {
  std::string plant, host, format = "text", output;
  bool json = false;
};

struct LicenseSimulateArgs {
  std::string timeout, endMix = "logoff=0.2,close=0.5,timeout=0.3";
  lic::PoolParams params;
};

int fail(const std::string &message) {
  std::cerr << "dcomdoctor: " << message << "\n";
  return 2;
}

// "20m", "20", "1h", "90s" -> minutes.
std::optional<double> minutes(std::string_view text) {
  double scale = 1;
  if (!text.empty() && (text.back() == 'm' || text.back() == 'h' || text.back() == 's')) {
    scale = text.back() == 'h' ? 60 : text.back() == 's' ? 1.0 / 60 : 1;
    text.remove_suffix(1);
  }
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0)
    return std::nullopt;
  return v * scale;
}

// "logoff=0.2,close=0.5,timeout=0.3".
std::optional<lic::EndMix> endMix(std::string_view text) {
  lic::EndMix m{0, 0, 0};
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos)
      return std::nullopt;
    std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    double v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || p != value.data() + value.size())
      return std::nullopt;
    double *slot = key == "logoff" ? &m.logoff : key == "close" ? &m.close : key == "timeout" ? &m.timeout : nullptr;
    if (!slot)
      return std::nullopt;
    *slot = v;
  }
  return m;
}

int write(const LicenseArgs &a, const std::string &text) {
  if (a.output.empty() || a.output == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream out(a.output, std::ios::binary);
  out << text;
  if (!out)
    return fail(a.output + ": cannot write the report");
  return 0;
}

Result<lic::Prescription> diagnosePlant(const LicenseArgs &a) {
  auto plant = model::readPlantFile(a.plant);
  if (!plant)
    return plant.error();
  return lic::prescribe(*plant, a.host);
}

int runDiagnosis(const LicenseArgs &a) {
  auto p = diagnosePlant(a);
  if (!p)
    return fail(p.error().str());
  int found = p->diagnosis.healthy() ? 0 : 1;
  if (a.format == "html")
    return write(a, report::licenseHtml(*p, nullptr)) ? 2 : found;
  if (a.json || a.format == "json")
    return write(a, lic::prescriptionJson(*p).dump(2) + "\n") ? 2 : found;
  return write(a, lic::formatPrescription(*p)) ? 2 : found;
}

int runSimulation(const LicenseArgs &a, LicenseSimulateArgs s) {
  auto p = diagnosePlant(a);
  if (!p)
    return fail(p.error().str());
  auto mix = endMix(s.endMix);
  if (!mix)
    return fail("--end-mix \"" + s.endMix + "\": expected logoff=F,close=F,timeout=F (fractions adding up to 1)");
  s.params.mix = *mix;
  s.params.timeoutMinutes = p->diagnosis.sessionTimeoutMinutes;
  if (!s.timeout.empty()) {
    auto t = minutes(s.timeout);
    if (!t)
      return fail("--timeout \"" + s.timeout + "\": expected minutes such as 20m, 1h or 90s");
    s.params.timeoutMinutes = *t;
  }
  if (std::string bad = lic::checkParams(s.params); !bad.empty())
    return fail(bad);
  lic::PoolComparison c = lic::comparePools(p->diagnosis, s.params);
  int found = (c.before.leaked || c.before.turnedAway) ? 1 : 0;
  if (a.format == "html")
    return write(a, report::licenseHtml(*p, &c)) ? 2 : found;
  if (a.json || a.format == "json")
    return write(a, lic::poolsJson(c).dump(2) + "\n") ? 2 : found;
  return write(a, lic::formatPools(c)) ? 2 : found;
}

void commonOptions(CLI::App &cmd, LicenseArgs &a) {
  cmd.add_option("--host", a.host, "the web information server's host in the plant");
  cmd.add_flag("--json", a.json, "JSON instead of text (docs/license.md#output)");
  cmd.add_option("--format", a.format, "text, json or html")->check(CLI::IsMember({"text", "json", "html"}));
  cmd.add_option("-o,--output", a.output, "write the report to this file instead of standard output");
}

} // namespace

void addLicenseCommand(CLI::App &app, int &exitStatus) {
  auto args = std::make_shared<LicenseArgs>();
  auto simArgs = std::make_shared<LicenseSimulateArgs>();
  auto simArgsLicense = std::make_shared<LicenseArgs>();
  CLI::App *cmd = app.add_subcommand("license", "why a web information server's client licenses are not released "
                                                "(IIS anonymous account, user rights, COM+ roles), with the fixes");
  cmd->add_option("PLANT", args->plant, "plant file (TOML)");
  commonOptions(*cmd, *args);
  cmd->require_subcommand(0, 1);

  CLI::App *sim = cmd->add_subcommand("simulate", "the license pool over time, before and after the fix");
  sim->add_option("PLANT", simArgsLicense->plant, "plant file (TOML)")->required();
  commonOptions(*sim, *simArgsLicense);
  auto &p = simArgs->params;
  sim->add_option("--pool", p.pool, "licenses in the pool")->required();
  sim->add_option("--users-per-hour", p.usersPerHour, "browser sessions starting per hour (Poisson arrivals)")
      ->required();
  sim->add_option("--session-minutes", p.sessionMinutes, "mean active time of a session (exponential)")->required();
  sim->add_option("--timeout", simArgs->timeout, "session timeout (20m, 1h; default: the IIS setting)");
  sim->add_option("--end-mix", simArgs->endMix, "how sessions end: logoff=F,close=F,timeout=F");
  sim->add_option("--days", p.days, "days to simulate")->required();
  sim->add_option("--seed", p.seed, "random seed (the same seed gives the same numbers)");

  sim->callback([simArgs, simArgsLicense, &exitStatus] {
    exitStatus = simArgsLicense->host.empty() ? fail("license simulate: --host is required")
                                              : runSimulation(*simArgsLicense, *simArgs);
  });
  cmd->callback([cmd, sim, args, &exitStatus] {
    if (sim->parsed())
      return;
    if (args->plant.empty() || args->host.empty())
      exitStatus = fail("license: give the plant file and the host: dcomdoctor license PLANT --host HOST");
    else
      exitStatus = runDiagnosis(*args);
  });
}

} // namespace dd::cli
