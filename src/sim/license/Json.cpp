// The license verb's JSON (see Output.h; fields in docs/license.md#output).
#include "sim/license/Output.h"

namespace dd::sim::license {

using nlohmann::json;

namespace {

json diagnosisJson(const Diagnosis &d) {
  json causes = json::array();
  for (const auto &c : d.causes)
    causes.push_back({{"cause", causeKey(c.id)}, {"title", c.title}, {"evidence", c.evidence}});
  return {{"host", d.host},
          {"iis", d.iis},
          {"application", d.application},
          {"asp_application_id", d.aspApplicationId},
          {"session_timeout_minutes", d.sessionTimeoutMinutes},
          {"session_timeout_from", d.sessionTimeoutFrom},
          {"on_end_identity", d.onEndIdentity},
          {"logon_ok", d.logonOk},
          {"role_checked", d.roleChecked},
          {"release_works", d.releaseWorks},
          {"healthy", d.healthy()},
          {"facts", d.facts},
          {"anonymous_password_levels", d.passwordLevels},
          {"causes", causes},
          {"application_log_event",
           {{"written", d.event.written}, {"source", d.event.source}, {"text", d.event.text}, {"why", d.event.why}}}};
}

json runJson(const PoolRun &r) {
  json days = json::array();
  for (const auto &d : r.days)
    days.push_back({{"arrivals", d.arrivals},
                    {"admitted", d.admitted},
                    {"turned_away", d.turnedAway},
                    {"leaked", d.leaked},
                    {"peak_in_use", d.peakInUse},
                    {"mean_in_use", d.meanInUse}});
  return {{"release_works", r.releaseWorks},
          {"arrivals", r.arrivals},
          {"admitted", r.admitted},
          {"turned_away", r.turnedAway},
          {"leaked", r.leaked},
          {"logoffs", r.logoffs},
          {"closes", r.closes},
          {"timeouts", r.timeouts},
          {"dry_at_minute", r.dryAtMinute ? json(*r.dryAtMinute) : json(nullptr)},
          {"dry_at", r.dryAtMinute ? json(dayClock(*r.dryAtMinute)) : json(nullptr)},
          {"mean_in_use", r.meanInUse},
          {"mean_in_use_ci99_half_width", r.meanInUseHalfWidth},
          {"days", days},
          {"samples", r.samples}};
}

} // namespace

json prescriptionJson(const Prescription &p) {
  json fixes = json::array();
  for (const auto &f : p.fixes)
    fixes.push_back({{"fix", f.key},
                     {"title", f.title},
                     {"steps", f.steps},
                     {"release_works_after", f.releaseWorksAfter},
                     {"healthy_after", f.healthyAfter},
                     {"remaining_causes", f.remaining}});
  json out = diagnosisJson(p.diagnosis);
  out["fixes"] = fixes;
  out["everyone_includes_anonymous"] = p.hardening;
  out["verification"] = p.verification;
  return out;
}

json poolsJson(const PoolComparison &c) {
  const PoolParams &p = c.params;
  return {{"host", c.host},
          {"pool", p.pool},
          {"users_per_hour", p.usersPerHour},
          {"session_minutes", p.sessionMinutes},
          {"timeout_minutes", p.timeoutMinutes},
          {"end_mix", {{"logoff", p.mix.logoff}, {"close", p.mix.close}, {"timeout", p.mix.timeout}}},
          {"days", p.days},
          {"seed", p.seed},
          {"samples_per_day", p.samplesPerDay},
          {"before", runJson(c.before)},
          {"after", runJson(c.after)}};
}

} // namespace dd::sim::license
