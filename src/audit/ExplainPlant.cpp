// `explain CODE --plant` (see ExplainPlant.h).
#include "audit/ExplainPlant.h"
#include "support/Text.h"

#include "audit/EventFacts.h"
#include "audit/Explain.h"
#include "sim/Matrix.h"
#include "sim/Simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace dd::audit {
namespace {

using json = nlohmann::json;

// ---- judging one cause ------------------------------------------------------------------

// Whether `line` shows `sign`: "a&b|c" is a line with both a and b, or a line with c.
bool showsSign(std::string_view sign, std::string_view line) {
  while (true) {
    const size_t bar = sign.find('|');
    std::string_view alternative = sign.substr(0, bar);
    bool all = true;
    while (all) {
      const size_t amp = alternative.find('&');
      all = icontains(line, alternative.substr(0, amp));
      if (amp == std::string_view::npos)
        break;
      alternative.remove_prefix(amp + 1);
    }
    if (all)
      return true;
    if (bar == std::string_view::npos)
      return false;
    sign.remove_prefix(bar + 1);
  }
}

bool isCallbackStep(std::string_view step) { return step.starts_with("callback-"); }

const sim::StepResult *findStep(const sim::Outcome &o, std::string_view id) {
  for (const sim::StepResult &s : o.steps)
    if (sim::stepId(s.step) == id)
      return &s;
  return nullptr;
}

// The verdict of a cause whose step ran (or was skipped) in the prediction.
CauseVerdict judgeRun(const Cause &c, const sim::StepResult &s) {
  CauseVerdict v{&c, Verdict::CannotTell, {}, {}};
  if (s.skipped) {
    v.verdict = Verdict::DoesNotHold;
    v.why = "the step does not apply to this pair";
    v.evidence = s.evidence;
    return v;
  }
  if (c.check == CauseCheck::NotModelled) {
    v.why =
        fmt::format("the model does not check this; the step {} is its nearest evidence", s.ok ? "passes" : "fails");
    v.evidence = s.evidence;
    return v;
  }
  if (!c.sign.empty())
    for (const std::string &line : s.evidence)
      if (showsSign(c.sign, line))
        v.evidence.push_back(line);
  const bool holds = c.sign.empty() ? !s.ok : !v.evidence.empty();
  if (holds) {
    v.verdict = Verdict::Holds;
    v.why = c.sign.empty() ? "the step fails"
            : s.ok         ? "the step's evidence shows it (the step itself passes)"
                           : "the step fails and its evidence shows it";
    if (c.sign.empty())
      v.evidence = s.evidence;
    return v;
  }
  v.evidence = s.evidence;
  if (c.check == CauseCheck::Intermittent) {
    v.why = "the plant's facts do not show it now; an intermittent cause comes and goes: check it while the "
            "failure happens";
    return v;
  }
  v.verdict = Verdict::DoesNotHold;
  v.why = s.ok ? "the step passes" : "the step fails, for another reason";
  return v;
}

CauseVerdict judge(const Cause &c, const sim::Prediction &p) {
  if (c.step.empty())
    return {&c, Verdict::CannotTell, "no step of the model decides this: check it by hand", {}};
  const bool callback = isCallbackStep(c.step);
  if (callback && !p.advise)
    return {&c, Verdict::CannotTell, "the callbacks were not simulated (--advise)", {}};
  const sim::Outcome &o = callback ? *p.advise : p.connect;
  if (const sim::StepResult *s = findStep(o, c.step))
    return judgeRun(c, *s);
  std::string why = o.step ? fmt::format("not reached: the {} stops at step {} first", callback ? "advise" : "connect",
                                         sim::stepId(*o.step))
                           : "the step did not run for this pair";
  return {&c, Verdict::CannotTell, std::move(why), {}};
}

// ---- what the code or event is ----------------------------------------------------------

struct Subject {
  std::string name; // "0x80070005", "event 10016"
  CauseList causes;
  std::optional<uint32_t> hresult;  // the code; for an event, the code that goes with it
  const EventInfo *event = nullptr; // an event id
  bool adviseOnly = false;          // the code is seen on advise only
};

Result<Subject> subjectOf(const json &explained) {
  const std::string kind = explained.value("kind", "");
  Subject s;
  if (kind == "hresult") {
    s.name = explained["code"].get<std::string>();
    s.hresult = parseCode(s.name);
    if (const HResultInfo *h = s.hresult ? findHResult(*s.hresult) : nullptr) {
      s.causes = h->causes;
      s.adviseOnly = h->when == "advise";
    }
    return s;
  }
  if (kind == "event") {
    const auto &providers = explained["providers"];
    s.event =
        findEvent(explained["id"].get<uint32_t>(), providers.empty() ? std::string() : providers[0].get<std::string>());
    if (!s.event)
      return Error::at("event not found in the knowledge base");
    s.name = fmt::format("event {}", s.event->id);
    s.causes = s.event->causes;
    s.hresult = parseCode(s.event->hresult);
    return s;
  }
  return Error::at("no step of the model gives it");
}

bool outcomeGives(const sim::Outcome &o, uint32_t code) {
  return o.hresult == code || std::find(o.hresults.begin(), o.hresults.end(), code) != o.hresults.end();
}

bool gives(const Subject &s, const sim::Prediction &p) {
  if (s.event) {
    for (const sim::Outcome *o : {&p.connect, p.advise ? &*p.advise : nullptr})
      if (o)
        for (const sim::Event &e : o->events)
          if (static_cast<uint32_t>(e.id) == s.event->id && e.log == logName(s.event->log))
            return true;
    return false;
  }
  return s.hresult && (outcomeGives(p.connect, *s.hresult) || (p.advise && outcomeGives(*p.advise, *s.hresult)));
}

bool needsAdvise(const Subject &s) {
  return s.adviseOnly ||
         std::any_of(s.causes.begin(), s.causes.end(), [](const Cause &c) { return isCallbackStep(c.step); });
}

// ---- JSON -------------------------------------------------------------------------------

json outcomeJson(const sim::Outcome &o) {
  json j{{"hresult", sim::hresultHex(o.hresult)}, {"symbol", sim::hresultSymbol(o.hresult)}};
  j["step"] = o.step ? json(sim::stepId(*o.step)) : json(nullptr);
  if (!o.hresults.empty()) {
    json all = json::array();
    for (uint32_t h : o.hresults)
      all.push_back(sim::hresultHex(h));
    j["hresults"] = std::move(all);
  }
  return j;
}

std::string pairLabel(const sim::Prediction &p) {
  return fmt::format("{}/{} ({}) -> {}/{}", p.clientHost, p.clientProgram.empty() ? "-" : p.clientProgram, p.clientUser,
                     p.serverHost, p.serverClass);
}

json causeJson(const CauseVerdict &v) {
  json j{{"cause", std::string(v.cause->text)},
         {"verdict", std::string(verdictName(v.verdict))},
         {"why", v.why},
         {"evidence", v.evidence}};
  if (v.cause->step.empty()) {
    j["step"] = nullptr;
    j["link"] = nullptr;
  } else {
    j["step"] = std::string(v.cause->step);
    j["link"] = fmt::format("docs/model.md#{}", v.cause->step);
  }
  return j;
}

json pairJson(const Subject &s, const sim::Prediction &p) {
  json j{{"pair", pairLabel(p)},
         {"client", {{"host", p.clientHost}, {"user", p.clientUser}, {"program", p.clientProgram}}},
         {"server", {{"host", p.serverHost}, {"class", p.serverClass}}},
         {"connect", outcomeJson(p.connect)},
         {"advise", p.advise ? outcomeJson(*p.advise) : json(nullptr)},
         {"gives", gives(s, p)}};
  json causes = json::array();
  for (const CauseVerdict &v : judgeCauses(s.causes, p))
    causes.push_back(causeJson(v));
  j["causes"] = std::move(causes);
  return j;
}

// Per cause, in how many of the judged pairs it holds, does not, or cannot be told.
json summaryJson(const Subject &s, const json &pairs) {
  json out = json::array();
  for (size_t i = 0; i < s.causes.size(); ++i) {
    std::array<int, 3> n{};
    for (const json &p : pairs) {
      const std::string v = p["causes"][i]["verdict"].get<std::string>();
      n[v == "holds" ? 0 : v == "does not hold" ? 1 : 2]++;
    }
    out.push_back(json{
        {"cause", std::string(s.causes[i].text)}, {"holds", n[0]}, {"does_not_hold", n[1]}, {"cannot_tell", n[2]}});
  }
  return out;
}

// ---- the pairs --------------------------------------------------------------------------

Result<json> namedPair(const Subject &s, const model::Plant &plant, const PlantPair &pair) {
  sim::Simulator simulator(plant);
  sim::Request req{pair.client, pair.user, pair.program, pair.server, pair.cls, pair.advise || needsAdvise(s)};
  auto p = simulator.predict(req, sim::Options{true, false});
  if (!p)
    return p.error();
  json pairs = json::array();
  pairs.push_back(pairJson(s, *p));
  return pairs;
}

bool rowGives(const sim::MatrixRow &r, uint32_t code) {
  return r.connectHresult == code || r.adviseHresult == code || r.adviseAlternative == code;
}

const std::string &className(const model::ComServer &x) {
  return x.progid.value.empty() ? x.clsid.value : x.progid.value;
}

struct Found {
  json pairs = json::array(); // judged cause by cause
  json more = json::array();  // named only
  size_t unnamed = 0;         // beyond those named
  size_t unchecked = 0;       // an event: pairs that get its code but were not predicted in detail
};

// Every pair whose prediction gives the code or event: the matrix finds the candidates (by the
// code), detailed predictions confirm an event and give the evidence.
Found pairsGiving(const Subject &s, const model::Plant &plant, const PlantExplainOptions &o) {
  std::vector<sim::MatrixRow> candidates;
  sim::MatrixOptions matrix{o.threads, s.hresult.has_value()};
  if (o.progress)
    matrix.onHost = [&](size_t done, size_t hosts) {
      o.progress(fmt::format("simulating the matrix: client host {}/{}", done, hosts));
    };
  sim::runMatrix(plant, matrix, [&](const sim::MatrixRow &r) {
    if (!s.hresult || rowGives(r, *s.hresult))
      candidates.push_back(r);
  });
  sim::Simulator simulator(plant);
  Found found;
  size_t done = 0, predicted = 0;
  auto name = [&](std::string label) {
    if (found.more.size() < o.namedPairs)
      found.more.push_back(std::move(label));
    else
      ++found.unnamed;
  };
  for (const sim::MatrixRow &r : candidates) {
    if (o.progress)
      o.progress(fmt::format("judging pairs: {}/{}", ++done, candidates.size()));
    const model::Host &c = plant.hosts[r.clientHost];
    const model::Host &sh = plant.hosts[r.serverHost];
    const model::ClientProgram &program = c.clients[r.client];
    const std::string &cls = className(sh.servers[r.server]);
    if (!s.event && found.pairs.size() >= o.detailedPairs) {
      if (found.more.size() < o.namedPairs)
        name(fmt::format("{}/{} ({}) -> {}/{}", c.name, program.name, program.runAs.value, sh.name, cls));
      else
        ++found.unnamed;
      continue;
    }
    if (predicted++ >= o.eventChecks) {
      ++found.unchecked;
      continue;
    }
    auto p = simulator.predict(sim::Request{c.name, {}, program.name, sh.name, cls, true}, sim::Options{true, false});
    if (!p || !gives(s, *p))
      continue;
    if (found.pairs.size() < o.detailedPairs)
      found.pairs.push_back(pairJson(s, *p));
    else
      name(pairLabel(*p));
  }
  return found;
}

} // namespace

namespace {

std::string outcomeText(const json &o) {
  std::string codes = fmt::format("{} {}", o["hresult"].get<std::string>(), o["symbol"].get<std::string>());
  if (o.contains("hresults")) {
    codes.clear();
    for (const auto &h : o["hresults"])
      codes += (codes.empty() ? "" : " or ") + h.get<std::string>();
  }
  return o["step"].is_null() ? codes : codes + " at " + o["step"].get<std::string>();
}

void pairText(std::string &out, const json &pair, const std::string &subject) {
  out += fmt::format("\n{}: connect {}", pair["pair"].get<std::string>(), outcomeText(pair["connect"]));
  if (!pair["advise"].is_null())
    out += fmt::format("; advise {}", outcomeText(pair["advise"]));
  out += pair["gives"].get<bool>() ? "\n" : fmt::format("\n  (this pair's prediction does not give {})\n", subject);
  int n = 1;
  for (const json &c : pair["causes"]) {
    out += fmt::format("  {}. {}: {}\n", n++, c["verdict"].get<std::string>(), c["cause"].get<std::string>());
    if (c["step"].is_null())
      out += fmt::format("     {}\n", c["why"].get<std::string>());
    else
      out += fmt::format("     step {} ({}): {}\n", c["step"].get<std::string>(), c["link"].get<std::string>(),
                         c["why"].get<std::string>());
    for (const json &line : c["evidence"])
      out += fmt::format("       {}\n", line.get<std::string>());
  }
}

} // namespace

std::string renderPlantVerdicts(const json &plant) {
  const std::string subject = plant["subject"].get<std::string>();
  const json &pairs = plant["pairs"];
  std::string out =
      fmt::format("In the plant \"{}\" ({})", plant["name"].get<std::string>(), plant["file"].get<std::string>());
  if (plant["asked"].get<bool>()) {
    out += ", for the pair asked:\n";
  } else {
    const size_t n = plant["pairs_giving"].get<size_t>();
    out += n == 0 ? fmt::format(": no pair's prediction gives {}.\n", subject)
                  : fmt::format(": {} pair{} give{} {}{}:\n", n, n == 1 ? "" : "s", n == 1 ? "s" : "", subject,
                                pairs.size() < n ? fmt::format(" (the first {} judged cause by cause)", pairs.size())
                                                 : "");
  }
  if (pairs.size() > 1) {
    out += "Over these pairs:\n";
    int i = 1;
    for (const json &c : plant["summary"])
      out += fmt::format("  {}. holds in {}, does not hold in {}, cannot tell in {}: {}\n", i++, c["holds"].get<int>(),
                         c["does_not_hold"].get<int>(), c["cannot_tell"].get<int>(), c["cause"].get<std::string>());
  }
  for (const json &pair : pairs)
    pairText(out, pair, subject);
  const json &more = plant["more_pairs"];
  const size_t unnamed = plant.value("more_pairs_not_named", size_t(0));
  if (!more.empty() || unnamed) {
    const size_t n = more.size() + unnamed;
    out += fmt::format("\n{} more pair{} give{} it:\n", n, n == 1 ? "" : "s", n == 1 ? "s" : "");
    for (const json &m : more)
      out += fmt::format("  {}\n", m.get<std::string>());
    if (unnamed)
      out += fmt::format("  ... and {} more (dcomdoctor matrix lists every pair)\n", unnamed);
    out += "Name one with --client, --server and --class (and --program or --user) to judge its causes.\n";
  }
  if (const size_t unchecked = plant.value("unchecked_pairs", size_t(0)))
    out += fmt::format("\n{} more candidate pair{} (the code that goes with the event, or any pair) {} not predicted "
                       "in detail: name one with --client, --server and --class to see whether it logs {}.\n",
                       unchecked, unchecked == 1 ? "" : "s", unchecked == 1 ? "was" : "were", subject);
  return out;
}

std::string_view verdictName(Verdict v) {
  switch (v) {
  case Verdict::Holds: return "holds";
  case Verdict::DoesNotHold: return "does not hold";
  case Verdict::CannotTell: return "cannot tell";
  }
  return "";
}

std::vector<CauseVerdict> judgeCauses(CauseList causes, const sim::Prediction &prediction) {
  std::vector<CauseVerdict> out;
  out.reserve(causes.size());
  for (const Cause &c : causes)
    out.push_back(judge(c, prediction));
  return out;
}

Result<json> explainInPlant(std::string_view thing, const model::Plant &plant, const PlantExplainOptions &o) {
  auto explained = explainThing(thing);
  if (!explained)
    return explained.error();
  auto subject = subjectOf(*explained);
  if (!subject) {
    // A logon status or an insertion string: no step gives one; the Security events do.
    (*explained)["note"] = "--plant judges the causes of an HRESULT or an event id; a logon status shows in the "
                           "Security events of the plant's predictions: explain 4625 --plant PLANT";
    return explained;
  }
  json section{{"file", o.plantFile}, {"name", plant.name}, {"subject", subject->name}};
  Found found;
  if (o.pair) {
    auto named = namedPair(*subject, plant, *o.pair);
    if (!named)
      return named.error();
    found.pairs = std::move(*named);
    section["asked"] = true;
  } else {
    found = pairsGiving(*subject, plant, o);
    section["asked"] = false;
  }
  section["pairs_giving"] =
      o.pair ? (found.pairs[0]["gives"].get<bool>() ? 1 : 0) : found.pairs.size() + found.more.size() + found.unnamed;
  section["summary"] = summaryJson(*subject, found.pairs);
  section["pairs"] = std::move(found.pairs);
  section["more_pairs"] = std::move(found.more);
  section["more_pairs_not_named"] = found.unnamed;
  section["unchecked_pairs"] = found.unchecked;
  (*explained)["plant"] = std::move(section);
  return explained;
}

} // namespace dd::audit
