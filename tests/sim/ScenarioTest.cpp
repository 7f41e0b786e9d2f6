// The scenarios of examples/scenarios/: one small plant per row of the guide's error table, per
// event example and per hardening case (docs/scenarios.md). Each folder holds plant.toml (one
// fault), fixed.toml (the same plant with that fault fixed) and scenario.toml (the request and
// the expected prediction). Each folder is one test case: it runs the built binary
//   dcomdoctor simulate PLANT --client C --user U --server S --class X [--program P] [--advise] --json
// and checks the JSON (docs/plant.md "What simulate --json prints") against scenario.toml:
// the HRESULT, the deciding step, the events with their message fragments; then runs the same
// request on fixed.toml and checks that it is green.
#include "support/Run.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- what a scenario.toml says ------------------------------------------------------------

struct ExpectedEvent {
  std::string host;
  std::string log;
  int64_t id = 0;
  std::vector<std::string> contains; // fragments the message must contain (case-insensitive)
  std::optional<bool> logged;        // whether the host's logging settings record it
};

// The other outcome a patched host would get, where an unknown patch level decides the hardening
// (docs/model.md#hardening): `if_patched` of the JSON.
struct ExpectedIfPatched {
  std::string hresult;
  std::string step;           // "" when green
  std::set<std::string> when; // "HOST UPDATE installed|not installed"
};

struct Scenario {
  std::string name; // the folder's name
  fs::path dir;
  std::string description;
  std::string source;
  std::string fix; // what fixed.toml changes
  // request
  std::string client, user, server, cls, program;
  bool advise = false;
  // expected
  std::string direction; // "connect" or "advise"
  std::string hresult;
  std::vector<std::string> hresults; // the possible codes when the server program decides
  std::string shown;                 // the code the client program shows for it (its `reports` map)
  std::string step;
  std::vector<ExpectedEvent> events;
  std::optional<ExpectedIfPatched> ifPatched;
};

const std::vector<std::string> kConnectSteps = {
    "local",           "enable-dcom",   "reachability",      "authentication",
    "hardening",       "launch-limits", "registration",      "launch-permission",
    "launch-identity", "executable",    "executable-access", "license",
    "connection-kind", "access",        "interface"};
const std::vector<std::string> kAdviseSteps = {"callback-reachability", "callback-authentication", "callback-access"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string conditionKey(const std::string &host, const std::string &update, bool installed) {
  return lower(host) + " " + update + (installed ? " installed" : " not installed");
}

bool containsNoCase(const std::string &haystack, const std::string &needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

// Reads scenario.toml; on a missing or mistyped key, returns the reason in `error`.
std::optional<Scenario> readScenario(const fs::path &dir, std::string &error) {
  Scenario s;
  s.name = dir.filename().string();
  s.dir = dir;
  toml::table t;
  try {
    t = toml::parse_file((dir / "scenario.toml").string());
  } catch (const toml::parse_error &e) {
    std::ostringstream out;
    out << (dir / "scenario.toml").string() << ":" << e.source().begin.line << ": " << e.description();
    error = out.str();
    return std::nullopt;
  }
  auto need = [&](toml::node_view<toml::node> node, const char *what) -> std::optional<std::string> {
    if (auto v = node.value<std::string>())
      return *v;
    error = (dir / "scenario.toml").string() + ": missing string " + what;
    return std::nullopt;
  };
  auto description = need(t["description"], "description");
  auto source = need(t["source"], "source");
  auto client = need(t["request"]["client"], "request.client");
  auto user = need(t["request"]["user"], "request.user");
  auto server = need(t["request"]["server"], "request.server");
  auto cls = need(t["request"]["class"], "request.class");
  auto direction = need(t["expected"]["direction"], "expected.direction");
  auto hresult = need(t["expected"]["hresult"], "expected.hresult");
  auto step = need(t["expected"]["step"], "expected.step");
  if (!description || !source || !client || !user || !server || !cls || !direction || !hresult || !step)
    return std::nullopt;
  s.description = *description;
  s.source = *source;
  s.client = *client;
  s.user = *user;
  s.server = *server;
  s.cls = *cls;
  s.fix = t["fix"].value_or(std::string{});
  s.program = t["request"]["program"].value_or(std::string{});
  s.advise = t["request"]["advise"].value_or(false);
  s.direction = *direction;
  s.hresult = *hresult;
  s.step = *step;
  s.shown = t["expected"]["shown"].value_or(std::string{});
  if (auto *arr = t["expected"]["hresults"].as_array())
    for (auto &v : *arr)
      if (auto str = v.value<std::string>())
        s.hresults.push_back(*str);
  if (auto *alt = t["expected"]["if_patched"].as_table()) {
    ExpectedIfPatched x;
    x.hresult = (*alt)["hresult"].value_or(std::string{});
    x.step = (*alt)["step"].value_or(std::string{});
    if (auto *when = (*alt)["when"].as_array())
      for (auto &node : *when)
        if (auto *c = node.as_table())
          x.when.insert(conditionKey((*c)["host"].value_or(std::string{}), (*c)["update"].value_or(std::string{}),
                                     (*c)["installed"].value_or(true)));
    if (x.hresult.empty() || x.when.empty()) {
      error = (dir / "scenario.toml").string() + ": expected.if_patched lacks hresult or when";
      return std::nullopt;
    }
    s.ifPatched = std::move(x);
  }
  if (auto *events = t["expected"]["event"].as_array()) {
    for (auto &node : *events) {
      auto *e = node.as_table();
      if (!e) {
        error = (dir / "scenario.toml").string() + ": expected.event must be tables";
        return std::nullopt;
      }
      ExpectedEvent ev;
      ev.host = (*e)["host"].value_or(std::string{});
      ev.log = (*e)["log"].value_or(std::string{});
      ev.id = (*e)["id"].value_or(int64_t{0});
      if (auto *frags = (*e)["contains"].as_array())
        for (auto &f : *frags)
          if (auto str = f.value<std::string>())
            ev.contains.push_back(*str);
      if (auto logged = (*e)["logged"].value<bool>())
        ev.logged = *logged;
      if (ev.host.empty() || ev.log.empty() || ev.id == 0) {
        error = (dir / "scenario.toml").string() + ": an expected.event lacks host, log or id";
        return std::nullopt;
      }
      s.events.push_back(std::move(ev));
    }
  }
  return s;
}

fs::path scenariosDir() { return fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "scenarios"; }

std::vector<fs::path> scenarioDirs() {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (auto &entry : fs::directory_iterator(scenariosDir(), ec))
    if (entry.is_directory() && fs::exists(entry.path() / "scenario.toml"))
      dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// ---- running the binary ---------------------------------------------------------------------

using dd::test::shellQuote;

struct SimRun {
  std::string command;
  int status = -1; // exit status
  std::string out;
  std::string err;
};

SimRun simulate(const Scenario &s, const fs::path &plant) {
  SimRun run;
  std::string cmd = shellQuote(DCOMDOCTOR_BINARY) + " simulate " + shellQuote(plant.string()) + " --client " +
                    shellQuote(s.client) + " --user " + shellQuote(s.user) + " --server " + shellQuote(s.server) +
                    " --class " + shellQuote(s.cls);
  if (!s.program.empty())
    cmd += " --program " + shellQuote(s.program);
  if (s.advise)
    cmd += " --advise";
  cmd += " --json";
  run.command = cmd;
  fs::path errFile = fs::temp_directory_path() / ("dd_scenario_" + s.name + "_" + plant.stem().string() + ".stderr");
  std::string full = cmd + " 2>" + shellQuote(errFile.string());
  FILE *pipe = popen(full.c_str(), "r");
  if (!pipe)
    return run;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
    run.out.append(buf.data(), n);
  int rc = pclose(pipe);
  run.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::ifstream errIn(errFile);
  std::stringstream ss;
  ss << errIn.rdbuf();
  run.err = ss.str();
  fs::remove(errFile);
  return run;
}

std::string describe(const SimRun &run) {
  return "\n  command: " + run.command + "\n  exit status: " + std::to_string(run.status) +
         "\n  stderr: " + run.err.substr(0, 2000) + "\n  stdout: " + run.out.substr(0, 4000);
}

// Parses stdout as JSON, or fails the test saying what came back.
std::optional<json> parseJson(const SimRun &run) {
  try {
    return json::parse(run.out);
  } catch (const json::exception &e) {
    ADD_FAILURE() << "stdout is not JSON (" << e.what() << ")" << describe(run);
    return std::nullopt;
  }
}

std::string str(const json &j, const char *key) {
  if (j.contains(key) && j[key].is_string())
    return j[key].get<std::string>();
  return {};
}

// HRESULTs compare case-insensitively: "0x8007000E" and "0x8007000e" are equal.
std::string normHr(const std::string &h) { return lower(h); }

// The other outcome where an unknown patch level decides (docs/model.md#hardening); absent for
// every scenario whose hosts' levels are known.
void checkIfPatched(const Scenario &s, const json &verdict, const SimRun &run) {
  if (!s.ifPatched) {
    EXPECT_FALSE(verdict.contains("if_patched")) << describe(run);
    return;
  }
  ASSERT_TRUE(verdict.contains("if_patched") && verdict["if_patched"].is_object()) << describe(run);
  const json &alt = verdict["if_patched"];
  EXPECT_EQ(normHr(str(alt, "hresult")), normHr(s.ifPatched->hresult)) << "if_patched.hresult" << describe(run);
  if (s.ifPatched->step.empty())
    EXPECT_TRUE(alt.contains("step") && alt["step"].is_null()) << "if_patched.step" << describe(run);
  else
    EXPECT_EQ(str(alt, "step"), s.ifPatched->step) << "if_patched.step" << describe(run);
  std::set<std::string> when;
  if (alt.contains("when") && alt["when"].is_array())
    for (const auto &c : alt["when"])
      when.insert(conditionKey(str(c, "host"), str(c, "update"), c.value("installed", true)));
  EXPECT_EQ(when, s.ifPatched->when) << "if_patched.when" << describe(run);
  // What settles it: the CurrentVersion export of each host named.
  ASSERT_TRUE(alt.contains("settled_by") && alt["settled_by"].is_array()) << describe(run);
  EXPECT_EQ(alt["settled_by"].size(), when.size()) << describe(run);
  for (const auto &fact : alt["settled_by"])
    EXPECT_TRUE(fact.is_string() && containsNoCase(fact.get<std::string>(), "CurrentVersion")) << describe(run);
}

// Checks one direction's verdict against the expected failure.
void checkFailure(const Scenario &s, const json &verdict, const SimRun &run) {
  SCOPED_TRACE("direction " + s.direction);
  ASSERT_TRUE(verdict.is_object()) << "no \"" << s.direction << "\" object" << describe(run);
  EXPECT_EQ(verdict.value("ok", true), false) << describe(run);
  EXPECT_EQ(normHr(str(verdict, "hresult")), normHr(s.hresult)) << "hresult (" << s.source << ")" << describe(run);
  // The possible codes: as the scenario lists them, or the hresult alone.
  std::set<std::string> want;
  for (auto &h : s.hresults)
    want.insert(normHr(h));
  if (verdict.contains("hresults") && verdict["hresults"].is_array()) {
    std::set<std::string> got;
    for (auto &h : verdict["hresults"])
      if (h.is_string())
        got.insert(normHr(h.get<std::string>()));
    if (want.empty())
      want.insert(normHr(s.hresult));
    EXPECT_EQ(got, want) << "hresults" << describe(run);
  } else {
    EXPECT_LE(want.size(), 1u) << "the scenario expects the possible codes listed in \"hresults\"" << describe(run);
  }
  EXPECT_TRUE(verdict.contains("step") && verdict["step"].is_string() && verdict["step"].get<std::string>() == s.step)
      << "deciding step: expected \"" << s.step << "\"" << describe(run);
  // DCOM's code stays `hresult`; the code the program shows comes beside it, only when it differs.
  if (s.shown.empty())
    EXPECT_FALSE(verdict.contains("shown_hresult")) << describe(run);
  else
    EXPECT_EQ(normHr(str(verdict, "shown_hresult")), normHr(s.shown)) << "shown_hresult" << describe(run);

  checkIfPatched(s, verdict, run);

  // The trace: the deciding step failed with its evidence, and every step before it passed
  // (docs/model.md: "the first that fails decides the result").
  if (verdict.contains("steps") && verdict["steps"].is_array()) {
    bool seen = false;
    for (const auto &st : verdict["steps"]) {
      std::string id = str(st, "step");
      bool ok = st.value("ok", true);
      if (id == s.step) {
        seen = true;
        EXPECT_FALSE(ok) << "step \"" << id << "\" is listed as passed" << describe(run);
        EXPECT_TRUE(st.contains("evidence") && st["evidence"].is_array() && !st["evidence"].empty())
            << "the deciding step carries no evidence" << describe(run);
        break;
      }
      EXPECT_TRUE(ok) << "step \"" << id << "\" failed before the deciding step \"" << s.step << "\"" << describe(run);
    }
    EXPECT_TRUE(seen) << "the steps do not list \"" << s.step << "\"" << describe(run);
  } else {
    ADD_FAILURE() << "no \"steps\" array" << describe(run);
  }

  // Spec section 7: a red prediction names the fixes that would turn it green, each proven by
  // simulating again (the scenario's fixed.toml is one such fix, so one exists).
  EXPECT_TRUE(verdict.contains("fixes") && verdict["fixes"].is_array() && !verdict["fixes"].empty())
      << "no fix proposed (the scenario's fix: " << s.fix << ")" << describe(run);

  const json events = verdict.contains("events") && verdict["events"].is_array() ? verdict["events"] : json::array();
  for (const auto &want : s.events) {
    bool found = false;
    std::string near; // the messages of events with the same host, log and id, for the report
    for (const auto &e : events) {
      if (!e.is_object() || lower(str(e, "host")) != lower(want.host) || lower(str(e, "log")) != lower(want.log) ||
          !e.contains("id") || !e["id"].is_number_integer() || e["id"].get<int64_t>() != want.id)
        continue;
      std::string message = str(e, "message");
      bool all = std::all_of(want.contains.begin(), want.contains.end(),
                             [&](const std::string &f) { return containsNoCase(message, f); });
      if (all && want.logged &&
          (!e.contains("logged") || !e["logged"].is_boolean() || e["logged"].get<bool>() != *want.logged)) {
        near += "\n    (logged is not " + std::string(*want.logged ? "true" : "false") + ") " + message;
        continue;
      }
      if (all) {
        found = true;
        break;
      }
      near += "\n    " + message;
    }
    std::string fragments;
    for (auto &f : want.contains)
      fragments += " \"" + f + "\"";
    EXPECT_TRUE(found) << "event " << want.host << " " << want.log << " " << want.id << " with" << fragments
                       << " not predicted" << (near.empty() ? "" : "; same id, other message:" + near) << describe(run);
  }
}

void checkGreen(const json &verdict, const char *direction, const SimRun &run) {
  SCOPED_TRACE(std::string("fixed.toml, direction ") + direction);
  ASSERT_TRUE(verdict.is_object()) << "no \"" << direction << "\" object" << describe(run);
  EXPECT_EQ(verdict.value("ok", false), true) << describe(run);
  EXPECT_EQ(normHr(str(verdict, "hresult")), "0x00000000") << describe(run);
  EXPECT_TRUE(verdict.contains("step") && verdict["step"].is_null())
      << "a green result has \"step\": null" << describe(run);
  EXPECT_FALSE(verdict.contains("if_patched")) << "fixed.toml's patch levels are known" << describe(run);
}

// ---- the tests ------------------------------------------------------------------------------

class ScenarioTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioTest, PredictsTheGuidesResultAndTheFixTurnsItGreen) {
  std::string error;
  auto scenario = readScenario(GetParam(), error);
  ASSERT_TRUE(scenario) << error;
  const Scenario &s = *scenario;
  SCOPED_TRACE("scenario " + s.name + ": " + s.description);

  // The scenario file itself: known direction and step id, a fixed plant that differs.
  ASSERT_TRUE(s.direction == "connect" || s.direction == "advise") << s.direction;
  const auto &steps = s.direction == "connect" ? kConnectSteps : kAdviseSteps;
  ASSERT_NE(std::find(steps.begin(), steps.end(), s.step), steps.end())
      << "\"" << s.step << "\" is not a " << s.direction << " step id of plant-format.md";
  ASSERT_TRUE(s.direction == "connect" || s.advise) << "an advise scenario must ask --advise";
  ASSERT_TRUE(fs::exists(s.dir / "plant.toml"));
  ASSERT_TRUE(fs::exists(s.dir / "fixed.toml"));

  // The faulty plant.
  SimRun run = simulate(s, s.dir / "plant.toml");
  auto j = parseJson(run);
  ASSERT_TRUE(j) << "simulate did not answer";
  EXPECT_EQ(run.status, 1) << "a red prediction exits 1 (docs/conventions.md)" << describe(run);
  if (s.direction == "advise") {
    // The callback is only attempted once the connect worked.
    ASSERT_TRUE(j->contains("connect")) << describe(run);
    EXPECT_EQ((*j)["connect"].value("ok", false), true)
        << "connect must work before an advise can fail" << describe(run);
    ASSERT_TRUE(j->contains("advise")) << "--advise given, no \"advise\" object" << describe(run);
    checkFailure(s, (*j)["advise"], run);
  } else {
    ASSERT_TRUE(j->contains("connect")) << describe(run);
    checkFailure(s, (*j)["connect"], run);
  }

  // The same request on the fixed plant is green.
  SimRun fixed = simulate(s, s.dir / "fixed.toml");
  auto g = parseJson(fixed);
  ASSERT_TRUE(g) << "simulate did not answer on fixed.toml";
  EXPECT_EQ(fixed.status, 0) << "a green prediction exits 0" << describe(fixed);
  checkGreen(g->value("connect", json()), "connect", fixed);
  if (s.advise)
    checkGreen(g->value("advise", json()), "advise", fixed);
}

std::string nameOf(const ::testing::TestParamInfo<fs::path> &info) {
  std::string name = info.param.filename().string();
  for (char &c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(scenarioDirs()), nameOf);

// The set itself: every row of the guide's error table and every event example has a scenario,
// and every scenario.toml reads.
TEST(ScenarioSet, CoversTheGuidesErrorTableAndEventExamples) {
  auto dirs = scenarioDirs();
  ASSERT_GE(dirs.size(), 30u) << "scenarios in " << scenariosDir();
  std::set<std::string> hresults, eventIds;
  std::set<std::string> stepsSeen;
  for (auto &dir : dirs) {
    std::string error;
    auto s = readScenario(dir, error);
    ASSERT_TRUE(s) << error;
    hresults.insert(normHr(s->hresult));
    for (auto &h : s->hresults)
      hresults.insert(normHr(h));
    for (auto &e : s->events)
      eventIds.insert(std::to_string(e.id));
    stepsSeen.insert(s->step);
  }
  for (const char *row : {"0x80004002", "0x8000401a", "0x80040111", "0x80040112", "0x80040154", "0x80040202",
                          "0x80070005", "0x8007007e", "0x800706ba", "0x80080005"})
    EXPECT_TRUE(hresults.count(row)) << "no scenario for the guide's row " << row;
  for (const char *id : {"680", "4625", "10014", "10015", "10016", "10010", "10036", "10004"})
    EXPECT_TRUE(eventIds.count(id)) << "no scenario expects event " << id;
  EXPECT_GE(stepsSeen.size(), 14u) << "the scenarios should exercise most deciding steps";
}

} // namespace
