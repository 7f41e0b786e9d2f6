// `explain` (see Explain.h).
#include "audit/Explain.h"
#include "support/Text.h"

#include "audit/Assessment.h"
#include "audit/EventText.h"
#include "audit/ExplainPlant.h"
#include "catalog/Codes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace dd::audit {
namespace {

using json = nlohmann::json;

json list(TextList items) {
  json out = json::array();
  for (auto s : items)
    out.push_back(std::string(s));
  return out;
}

json list(CauseList causes) {
  json out = json::array();
  for (const Cause &c : causes)
    out.push_back(std::string(c.text));
  return out;
}

json sources(std::string_view guide, std::string_view microsoft) {
  json s = json::object();
  if (!guide.empty())
    s["guide"] = std::string(guide);
  if (!microsoft.empty())
    s["microsoft"] = std::string(microsoft);
  return s;
}

json hresultJson(const HResultInfo &h) {
  json j{{"kind", "hresult"},
         {"code", formatCode(h.code)},
         {"symbol", std::string(h.symbol())},
         {"meaning", std::string(h.meaning())},
         {"when", std::string(h.when)},
         {"causes", list(h.causes)},
         {"fixes", list(h.fixes)},
         {"sources", sources(h.guide, h.microsoft)}};
  json events = json::array();
  for (const EventInfo &e : allEvents())
    if (!e.hresult.empty() && parseCode(e.hresult) == h.code && e.id != 0)
      events.push_back(json{{"id", e.id}, {"log", std::string(logName(e.log))}, {"title", std::string(e.title)}});
  j["events"] = std::move(events);
  if ((h.code & 0xFFFF0000u) == 0x80070000u) {
    const catalog::Win32Error *w = catalog::findWin32(h.code & 0xFFFFu);
    j["win32"] = json{{"number", h.code & 0xFFFFu}, {"symbol", w ? std::string(w->symbol) : std::string()}};
  }
  return j;
}

json statusJson(const StatusInfo &s) {
  return json{{"kind", "ntstatus"},
              {"code", formatCode(s.code)},
              {"symbol", std::string(s.symbol())},
              {"meaning", std::string(s.meaning)},
              {"causes", list(s.causes)},
              {"fixes", list(s.fixes)},
              {"sources", sources(s.guide, s.microsoft)}};
}

json eventJson(const EventInfo &e) {
  json j{{"kind", "event"},
         {"id", e.id},
         {"log", std::string(logName(e.log))},
         {"providers", list(e.providers)},
         {"symbol", std::string(e.symbol)},
         {"title", std::string(e.title)},
         {"parameters", list(e.params())},
         {"causes", list(e.causes)},
         {"fixes", list(e.fixes)},
         {"sources", sources(e.guide, e.microsoft)}};
  if (!e.step.empty())
    j["step"] = std::string(e.step);
  if (auto code = parseCode(e.hresult))
    if (const HResultInfo *h = findHResult(*code))
      j["hresult"] = json{{"code", formatCode(h->code)}, {"symbol", std::string(h->symbol())}};
  return j;
}

void put(json &facts, const char *name, const std::string &value) {
  if (!value.empty())
    facts[name] = value;
}

json factsJson(const EventFacts &f) {
  json j = json::object();
  put(j, "scope", f.scope);
  put(j, "locality", f.locality);
  put(j, "right", f.right);
  put(j, "clsid", f.clsid);
  put(j, "appid", f.appid);
  put(j, "server", f.server);
  put(j, "domain", f.domain);
  put(j, "user", f.user);
  put(j, "sid", f.sid);
  put(j, "address", f.address);
  put(j, "computer", f.computer);
  put(j, "error", f.error);
  put(j, "application", f.application);
  put(j, "pid", f.pid);
  put(j, "level", f.level);
  put(j, "status", f.status);
  put(j, "sub_status", f.subStatus);
  put(j, "logon_type", f.logonType);
  put(j, "workstation", f.workstation);
  put(j, "package", f.package);
  put(j, "asp_application", f.aspApplication);
  return j;
}

} // namespace

json assessmentJson(const Assessment &a); // shared with Triage.cpp

json assessmentJson(const Assessment &a) {
  json j{{"severity", std::string(severityName(a.severity))},
         {"what", a.what},
         {"cause", a.cause},
         {"fix", a.fix},
         {"source", a.source}};
  if (!a.server.empty())
    j["server"] = a.server;
  if (!a.account.empty())
    j["account"] = a.account;
  if (a.hresult)
    j["hresult"] = json{{"code", formatCode(a.hresult->code)}, {"symbol", std::string(a.hresult->symbol())}};
  if (a.status)
    j["status"] = json{{"code", formatCode(a.status->code)},
                       {"symbol", std::string(a.status->symbol())},
                       {"meaning", std::string(a.status->meaning)}};
  return j;
}

json eventFactsJson(const EventFacts &f) { return factsJson(f); }

namespace {

// A code the catalogue names but the knowledge base has no causes for: its name and system text.
json catalogueOnly(const catalog::HResult &h) {
  json j{{"kind", "hresult"},
         {"code", formatCode(h.code)},
         {"symbol", std::string(h.symbol)},
         {"meaning", std::string(h.message)},
         {"when", ""},
         {"causes", json::array()},
         {"fixes", json::array()},
         {"sources", json{{"microsoft", "Microsoft Learn, \"System Error Codes\" (winerror.h)"}}},
         {"events", json::array()}};
  if (auto n = h.win32())
    if (const catalog::Win32Error *w = catalog::findWin32(*n))
      j["win32"] = json{{"number", *n}, {"symbol", std::string(w->symbol)}};
  return j;
}

Result<json> explainCode(uint32_t code) {
  if ((code & 0xF0000000u) == 0xC0000000u) {
    if (const StatusInfo *s = findStatus(code))
      return statusJson(*s);
    return Error::at(fmt::format("NTSTATUS {} is not in the knowledge base", formatCode(code)));
  }
  if (const HResultInfo *h = findHResult(code))
    return hresultJson(*h);
  if (const catalog::HResult *h = catalog::findHResult(code))
    return catalogueOnly(*h);
  if ((code & 0xFFFF0000u) == 0x80070000u)
    return Error::at(
        fmt::format("HRESULT {} (Win32 error {}) is not in the knowledge base", formatCode(code), code & 0xFFFFu));
  return Error::at(fmt::format("HRESULT {} is not in the knowledge base", formatCode(code)));
}

// "E_ACCESSDENIED", "RPC_S_SERVER_UNAVAILABLE", "STATUS_WRONG_PASSWORD", "ERROR_LOGON_FAILURE".
std::optional<uint32_t> codeByName(std::string_view name) {
  if (const catalog::HResult *h = catalog::findHResult(name))
    return h->code;
  if (const catalog::NtStatus *st = catalog::findNtStatus(name))
    return st->code;
  if (const catalog::Win32Error *w = catalog::findWin32(name))
    return catalog::fromWin32(w->number);
  return std::nullopt;
}

std::string knownEvents() {
  std::string dcom, security;
  for (const EventInfo &e : allEvents()) {
    if (e.id == 0)
      continue;
    std::string &list = e.log == EventLog::Security ? security : dcom;
    list += fmt::format("{}{}", list.empty() ? "" : ", ", e.id);
  }
  return fmt::format("known: DCOM {}; Security {}", dcom, security);
}

const char *kForms = "expected an HRESULT (0x80070005, 80070005, -2147024891, E_ACCESSDENIED), an NTSTATUS "
                     "(0xC000006A), a Win32 error (1722, \"win32 1722\"), an event id (10016, \"DCOM 10016\"), "
                     "a %%NNNN insertion string, or - for a pasted event";

} // namespace

Result<json> explainThing(std::string_view thing) {
  std::string_view t = trimSpace(thing);
  if (t.starts_with("%%")) {
    if (auto text = catalog::insertionText(t))
      return json{{"kind", "insertion_string"},
                  {"code", std::string(t)},
                  {"text", std::string(*text)},
                  {"sources", json{{"microsoft", "Microsoft Learn, \"4625(F): An account failed to log on\" and "
                                                 "\"4624(S)\" (the Security log's insertion strings)"}}}};
    return Error::at(fmt::format("\"{}\" is not an insertion string the knowledge base knows", std::string(t)));
  }
  if (auto code = codeByName(t))
    return explainCode(*code);
  std::string provider;
  bool win32 = false;
  // "DCOM 10016", "Security 4625", "event 10016", "EventID 10016", "win32 1722", "error 1722"
  if (size_t sp = t.rfind(' '); sp != std::string_view::npos) {
    std::string prefix = lower(trimSpace(t.substr(0, sp)));
    if (prefix == "dcom" || prefix == "distributedcom" || prefix == "microsoft-windows-distributedcom")
      provider = "DCOM";
    else if (prefix == "security" || prefix == "microsoft-windows-security-auditing")
      provider = "Security";
    else if (prefix == "win32" || prefix == "error" || prefix == "win32 error")
      win32 = true;
    else if (prefix != "event" && prefix != "eventid" && prefix != "event id")
      return Error::at(fmt::format("\"{}\": {}", std::string(thing), kForms));
    t = trimSpace(t.substr(sp + 1));
  }
  // A plain decimal up to 65535: an event id, else a Win32 error number.
  if (!t.empty() && t.size() <= 5 &&
      std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    uint32_t id = 0;
    std::from_chars(t.data(), t.data() + t.size(), id);
    if (!win32)
      if (const EventInfo *e = findEvent(id, provider))
        return eventJson(*e);
    if (provider.empty() && catalog::findWin32(id))
      return explainCode(catalog::fromWin32(id));
    if (win32)
      return Error::at(fmt::format("Win32 error {} is not in the knowledge base", id));
    return Error::at(fmt::format("event {}{} is not in the knowledge base ({})", provider.empty() ? "" : provider + " ",
                                 id, knownEvents()));
  }
  if (!provider.empty() || win32)
    return Error::at(
        fmt::format("\"{}\": expected a number after \"{}\"", std::string(thing), win32 ? "win32" : provider));
  auto code = parseCode(t);
  if (!code)
    return Error::at(fmt::format("\"{}\": {}", std::string(thing), kForms));
  return explainCode(*code);
}

namespace {

// A known DCOM or Security event given as text only whose description neither a template nor the
// English phrases could read (a localized Event Viewer).
bool unreadDescription(const EventRecord &r, const EventFacts &f) {
  if (!f.info || !r.data.empty() || r.message.empty())
    return false;
  if (f.family != EventFamily::Dcom && f.family != EventFamily::Security)
    return false;
  return f.user.empty() && f.sid.empty() && f.clsid.empty() && f.computer.empty() && f.server.empty() &&
         f.status.empty();
}

} // namespace

Result<json> explainEventText(std::string_view text, const std::string &source, const Directory &directory) {
  auto record = parseEventText(text, source);
  if (!record)
    return record.error();
  EventFacts f = extractFacts(*record);
  Assessment a = assess(f, directory);
  json event{{"id", record->eventId}, {"provider", record->provider}};
  if (!record->channel.empty())
    event["log"] = record->channel;
  else if (f.info)
    event["log"] = std::string(logName(f.info->log));
  if (record->recordId)
    event["record_id"] = *record->recordId;
  if (!record->timeUtc.empty())
    event["time"] = record->timeUtc;
  else if (!record->timeText.empty())
    event["time"] = record->timeText;
  if (!record->computer.empty())
    event["computer"] = record->computer;
  if (!record->userSid.empty())
    event["user_sid"] = record->userSid;
  if (!record->userText.empty())
    event["user"] = record->userText;
  if (!record->eventType.empty())
    event["type"] = record->eventType;

  json j{{"kind", "pasted_event"}, {"event", event}, {"known", f.info != nullptr}};
  if (f.info) {
    j["symbol"] = std::string(f.info->symbol);
    j["title"] = std::string(f.info->title);
  }
  j["facts"] = factsJson(f);
  json params = json::array();
  for (const auto &[name, value] : f.parameters)
    params.push_back(json{{"name", name}, {"value", value}});
  j["parameters"] = std::move(params);
  if (unreadDescription(*record, f))
    j["note"] = "The description is not worded as Windows' English message (another language?): its facts "
                "could not be read. In Event Viewer open the event's Details tab, choose XML View, and paste "
                "that instead: the XML carries the same values in every language.";
  j["finding"] = assessmentJson(a);
  j["resolved_from"] =
      directory.fromPlant() ? "plant " + directory.plantFile() : "the event and Windows' well-known names";
  if (f.info) {
    j["causes"] = list(f.info->causes);
    j["fixes"] = list(f.info->fixes);
    j["sources"] = sources(f.info->guide, f.info->microsoft);
  }
  if (a.status)
    j["status_explained"] = statusJson(*a.status);
  if (a.hresult)
    j["hresult_explained"] = json{{"code", formatCode(a.hresult->code)},
                                  {"symbol", std::string(a.hresult->symbol())},
                                  {"meaning", std::string(a.hresult->meaning())}};
  return j;
}

namespace {

void numbered(std::string &out, const char *title, const json &items) {
  if (!items.is_array() || items.empty())
    return;
  out += fmt::format("{}:\n", title);
  int n = 1;
  for (const auto &item : items)
    out += fmt::format("  {}. {}\n", n++, item.get<std::string>());
}

void sourcesText(std::string &out, const json &s) {
  if (!s.is_object() || s.empty())
    return;
  out += "Sources:\n";
  if (s.contains("guide"))
    out += fmt::format("  - {}\n", s["guide"].get<std::string>());
  if (s.contains("microsoft"))
    out += fmt::format("  - {}\n", s["microsoft"].get<std::string>());
}

// The causes as the knowledge base lists them, or, with --plant, judged in the plant.
void plantOrCauses(std::string &out, const json &j) {
  if (!j.contains("plant")) {
    numbered(out, "Causes", j["causes"]);
    return;
  }
  out += renderPlantVerdicts(j["plant"]);
  out += "\n";
}

} // namespace

std::string renderExplanation(const json &j) {
  std::string out;
  const std::string kind = j.value("kind", "");
  if (kind == "hresult" || kind == "ntstatus") {
    out += fmt::format("{} {}: {}\n", j["code"].get<std::string>(), j["symbol"].get<std::string>(),
                       j["meaning"].get<std::string>());
    if (j.contains("win32") && j["win32"].is_object())
      out += fmt::format("Win32 error: {} {}\n", j["win32"]["number"].get<uint32_t>(),
                         j["win32"]["symbol"].get<std::string>());
    if (j.contains("when") && !j["when"].get<std::string>().empty())
      out += fmt::format("Seen on: {}\n", j["when"].get<std::string>());
    plantOrCauses(out, j);
    numbered(out, "Fixes", j["fixes"]);
    if (j.contains("note"))
      out += fmt::format("Note: {}\n", j["note"].get<std::string>());
    if (j.contains("events") && !j["events"].empty()) {
      out += "Events that go with it:\n";
      for (const auto &e : j["events"])
        out += fmt::format("  - {} {}: {}\n", e["log"].get<std::string>(), e["id"].get<int>(),
                           e["title"].get<std::string>());
    }
    sourcesText(out, j["sources"]);
    return out;
  }
  if (kind == "insertion_string") {
    out += fmt::format("{}: \"{}\" (a text the Security log writes in place of a number)\n",
                       j["code"].get<std::string>(), j["text"].get<std::string>());
    if (j.contains("note"))
      out += fmt::format("Note: {}\n", j["note"].get<std::string>());
    sourcesText(out, j["sources"]);
    return out;
  }
  if (kind == "event") {
    out += fmt::format("{} event {} ({}): {}\n", j["log"].get<std::string>(), j["id"].get<int>(),
                       j["symbol"].get<std::string>(), j["title"].get<std::string>());
    std::string providers;
    for (const auto &p : j["providers"])
      providers += (providers.empty() ? "" : ", ") + p.get<std::string>();
    if (!providers.empty())
      out += fmt::format("Logged by: {}\n", providers);
    if (!j["parameters"].empty()) {
      std::string params;
      int n = 1;
      for (const auto &p : j["parameters"])
        params += fmt::format("{}%{} {}", params.empty() ? "" : ", ", n++, p.get<std::string>());
      out += fmt::format("Parameters: {}\n", params);
    }
    if (j.contains("hresult"))
      out += fmt::format("The client sees: {} {}\n", j["hresult"]["code"].get<std::string>(),
                         j["hresult"]["symbol"].get<std::string>());
    plantOrCauses(out, j);
    numbered(out, "Fixes", j["fixes"]);
    sourcesText(out, j["sources"]);
    return out;
  }
  // pasted_event
  const json &e = j["event"];
  out += fmt::format("Event {} from {}", e["id"].get<int>(), e["provider"].get<std::string>());
  if (e.contains("log"))
    out += fmt::format(" ({} log)", e["log"].get<std::string>());
  if (e.contains("computer"))
    out += fmt::format(" on {}", e["computer"].get<std::string>());
  if (e.contains("time"))
    out += fmt::format(" at {}", e["time"].get<std::string>());
  out += "\n";
  if (j.value("known", false))
    out += fmt::format("Identified as: {} ({})\n", j["title"].get<std::string>(), j["symbol"].get<std::string>());
  else
    out += "Not an event the knowledge base knows.\n";
  const json &finding = j["finding"];
  out += fmt::format("Finding [{}]: {}\n", finding["severity"].get<std::string>(), finding["what"].get<std::string>());
  if (!finding["cause"].get<std::string>().empty())
    out += fmt::format("Cause: {}\n", finding["cause"].get<std::string>());
  if (!finding["fix"].get<std::string>().empty())
    out += fmt::format("Fix: {}\n", finding["fix"].get<std::string>());
  if (finding.contains("hresult"))
    out += fmt::format("The client sees: {} {}\n", finding["hresult"]["code"].get<std::string>(),
                       finding["hresult"]["symbol"].get<std::string>());
  out += fmt::format("Names resolved from {}\n", j["resolved_from"].get<std::string>());
  if (!j["facts"].empty()) {
    out += "Evidence (the event's own parameters):\n";
    for (const auto &[k, v] : j["facts"].items())
      out += fmt::format("  {}: {}\n", k, v.get<std::string>());
  }
  if (j.contains("status_explained")) {
    const json &s = j["status_explained"];
    out += fmt::format("Status {} {}: {}\n", s["code"].get<std::string>(), s["symbol"].get<std::string>(),
                       s["meaning"].get<std::string>());
  }
  if (j.contains("note"))
    out += fmt::format("Note: {}\n", j["note"].get<std::string>());
  numbered(out, "All causes the knowledge base lists", j.value("causes", json::array()));
  numbered(out, "All fixes", j.value("fixes", json::array()));
  sourcesText(out, j.value("sources", json::object()));
  return out;
}

} // namespace dd::audit
