// JSON form of a prediction (see Json.h and docs/simulate-json.md).
#include "sim/Json.h"

namespace dd::sim {

namespace {
// ["0x80040202", "0x800706BA"]
nlohmann::ordered_json hresultListJson(const std::vector<uint32_t> &hresults) {
  auto arr = nlohmann::ordered_json::array();
  for (uint32_t h : hresults)
    arr.push_back(hresultHex(h));
  return arr;
}
} // namespace

nlohmann::ordered_json ifPatchedToJson(const IfPatched &alt) {
  nlohmann::ordered_json j;
  j["if"] = ifPatchedCondition(alt);
  auto when = nlohmann::ordered_json::array();
  for (const IfPatched::Condition &w : alt.when)
    when.push_back({{"host", w.host}, {"update", w.update.str()}, {"installed", w.installed}});
  j["when"] = std::move(when);
  j["hresult"] = hresultHex(alt.hresult);
  j["symbol"] = hresultSymbol(alt.hresult);
  j["ok"] = alt.ok();
  j["step"] = alt.step ? nlohmann::ordered_json(stepId(*alt.step)) : nlohmann::ordered_json(nullptr);
  if (!alt.hresults.empty())
    j["hresults"] = hresultListJson(alt.hresults);
  if (!alt.settledBy.empty())
    j["settled_by"] = alt.settledBy;
  return j;
}

nlohmann::ordered_json outcomeToJson(const Outcome &o) {
  nlohmann::ordered_json j;
  j["hresult"] = hresultHex(o.hresult);
  j["symbol"] = hresultSymbol(o.hresult);
  j["ok"] = o.ok();
  j["step"] = o.step ? nlohmann::ordered_json(stepId(*o.step)) : nlohmann::ordered_json(nullptr);
  if (o.shown) {
    j["shown_hresult"] = hresultHex(*o.shown);
    j["shown_symbol"] = hresultSymbol(*o.shown);
  }
  if (!o.hresults.empty())
    j["hresults"] = hresultListJson(o.hresults);
  if (o.ifPatched)
    j["if_patched"] = ifPatchedToJson(*o.ifPatched);
  auto steps = nlohmann::ordered_json::array();
  for (const auto &s : o.steps) {
    nlohmann::ordered_json js;
    js["step"] = stepId(s.step);
    js["ok"] = s.ok;
    if (s.skipped)
      js["skipped"] = true;
    js["evidence"] = s.evidence;
    steps.push_back(std::move(js));
  }
  j["steps"] = std::move(steps);
  auto events = nlohmann::ordered_json::array();
  for (const auto &e : o.events) {
    nlohmann::ordered_json je;
    je["host"] = e.host;
    je["log"] = e.log;
    je["source"] = e.source;
    je["provider"] = e.provider;
    je["id"] = e.id;
    je["message"] = e.message;
    je["logged"] = e.logged;
    je["logged_because"] = e.loggedBecause;
    events.push_back(std::move(je));
  }
  j["events"] = std::move(events);
  auto fixes = nlohmann::ordered_json::array();
  auto details = nlohmann::ordered_json::array();
  for (const auto &f : o.fixes) {
    fixes.push_back(f.summary + " (" + f.verification + ")");
    details.push_back({{"summary", f.summary},
                       {"howto", f.howto},
                       {"source", f.source},
                       {"verified", f.verified},
                       {"verification", f.verification}});
  }
  j["fixes"] = std::move(fixes);
  j["fix_details"] = std::move(details);
  return j;
}

nlohmann::ordered_json predictionToJson(const Prediction &p) {
  nlohmann::ordered_json j;
  j["client"] = {{"host", p.clientHost}, {"user", p.clientUser}, {"program", p.clientProgram}};
  j["server"] = {{"host", p.serverHost}, {"class", p.serverClass}};
  j["connect"] = outcomeToJson(p.connect);
  if (p.advise)
    j["advise"] = outcomeToJson(*p.advise);
  return j;
}

} // namespace dd::sim
