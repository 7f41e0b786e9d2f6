// The round trip of issue "one catalogue of codes and events": every event the simulator
// predicts for the scenarios of examples/scenarios, rendered as Windows renders it (the XML view
// with its EventData and rendered message for Vista and later; the old "Event Type: / Event
// Source: ..." text for Windows 2000/XP/2003, which have no XML view; and the modern "Copy details
// as text" form), is read back by the event text reader and `explain -` to the same user, SID,
// CLSID/AppID, and to the step that decided the prediction.
#include "audit/EventFacts.h"
#include "audit/EventText.h"
#include "audit/Explain.h"
#include "catalog/Events.h"
#include "model/PlantReader.h"
#include "sim/Simulator.h"
#include "support/Conformance.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace dd;

namespace {

std::string xmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

// The layout an event was rendered with: the one of its id with as many parameters.
const catalog::EventLayout *layoutOf(const sim::Event &e) {
  return catalog::layoutWithParams(static_cast<uint32_t>(e.id), e.insertionStrings.size());
}

std::string windowsMessage(const sim::Event &e) { return catalog::render(*layoutOf(e), e.insertionStrings); }

// The XML view, as Event Viewer shows it (EventData names from the layout, param1.. for DCOM).
std::string xmlView(const sim::Event &e) {
  const catalog::EventLayout *l = layoutOf(e);
  std::string data;
  for (size_t i = 0; i < e.insertionStrings.size(); ++i) {
    std::string name = l->dataNames.empty() ? "param" + std::to_string(i + 1) : std::string(l->dataNames[i]);
    data += "<Data Name=\"" + name + "\">" + xmlEscape(e.insertionStrings[i]) + "</Data>";
  }
  return "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider Name=\"" +
         e.provider + "\"/><EventID>" + std::to_string(e.id) + "</EventID><Level>2</Level><Channel>" + e.log +
         "</Channel><Computer>" + e.host + "</Computer></System><EventData>" + data +
         "</EventData><RenderingInfo Culture=\"en-US\"><Message>" + xmlEscape(windowsMessage(e)) +
         "</Message></RenderingInfo></Event>";
}

std::string modernText(const sim::Event &e) {
  return "Log Name:      " + e.log + "\nSource:        " + e.provider +
         "\nDate:          12/7/2026 3:48:09 AM\n"
         "Event ID:      " +
         std::to_string(e.id) +
         "\nTask Category: None\nLevel:         Error\n"
         "Keywords:      Classic\nUser:          N/A\nComputer:      " +
         e.host + "\nDescription:\n" + windowsMessage(e) + "\n";
}

std::string oldText(const sim::Event &e) {
  return "Event Type:\tError\nEvent Source:\t" + e.source + "\nEvent Category:\tNone\nEvent ID:\t" +
         std::to_string(e.id) + "\nDate:\t\t12/7/2026\nTime:\t\t3:48:09 AM\nUser:\t\tN/A\nComputer:\t" + e.host +
         "\nDescription:\n" + windowsMessage(e) + "\n";
}

std::string field(const audit::EventFacts &f, std::string_view name) {
  if (name == "user")
    return f.user;
  if (name == "domain")
    return f.domain;
  if (name == "sid")
    return f.sid;
  if (name == "clsid")
    return f.clsid;
  if (name == "appid")
    return f.appid;
  return {};
}

struct RoundTripCase {
  std::string scenario;
  std::vector<sim::Event> events;
  std::string step; // the deciding step
};

std::vector<RoundTripCase> predictedEvents() {
  std::vector<RoundTripCase> out;
  fs::path root = test::sourceDir() / "examples" / "scenarios";
  for (const auto &dir : fs::directory_iterator(root)) {
    if (!fs::exists(dir.path() / "scenario.toml"))
      continue;
    toml::table t = toml::parse_file((dir.path() / "scenario.toml").string());
    auto r = *t["request"].as_table();
    sim::Request req{r["client"].value_or(std::string()),  r["user"].value_or(std::string()),
                     r["program"].value_or(std::string()), r["server"].value_or(std::string()),
                     r["class"].value_or(std::string()),   r["advise"].value_or(false)};
    auto plant = model::readPlantFile(dir.path() / "plant.toml");
    if (!plant) {
      ADD_FAILURE() << dir.path() << ": " << plant.error().str();
      continue;
    }
    sim::Simulator simulator(*plant);
    auto p = simulator.predict(req, sim::Options{true, false});
    if (!p) {
      ADD_FAILURE() << dir.path() << ": " << p.error().str();
      continue;
    }
    auto add = [&](const sim::Outcome &o) {
      out.push_back({dir.path().filename().string(), o.events, o.step ? sim::stepId(*o.step) : ""});
    };
    add(p->connect);
    if (p->advise)
      add(*p->advise);
  }
  return out;
}

// The step an event names, as the prediction's deciding step: the callback steps are the
// connect steps' events logged on the client.
bool sameStep(std::string_view eventStep, const std::string &decided) {
  return eventStep == decided || "callback-" + std::string(eventStep) == decided;
}

} // namespace

TEST(RoundTrip, EveryPredictedEventReadsBackToItsUserSidClassAndStep) {
  size_t checked = 0;
  for (const RoundTripCase &c : predictedEvents()) {
    for (const sim::Event &e : c.events) {
      SCOPED_TRACE(c.scenario + ": event " + std::to_string(e.id));
      const catalog::EventLayout *layout = layoutOf(e);
      ASSERT_NE(layout, nullptr);
      ASSERT_EQ(layout->params.size(), e.insertionStrings.size());
      // The one-line message the prediction prints is the Windows rendering, folded.
      EXPECT_EQ(e.message, catalog::renderOneLine(*layout, e.insertionStrings));

      // Windows 2000/XP/2003 name the source where later versions name the provider.
      bool xp = e.provider == e.source && e.source != "Microsoft-Windows-Security-Auditing";
      std::vector<std::string> forms = {oldText(e)};
      if (!xp) {
        forms.push_back(modernText(e));
        forms.push_back(xmlView(e));
      }
      for (const std::string &form : forms) {
        auto record = audit::parseEventText(form);
        ASSERT_TRUE(record.ok()) << record.error().str() << "\n" << form;
        audit::EventFacts f = audit::extractFacts(*record);
        ASSERT_NE(f.info, nullptr) << form;
        for (std::string_view name : {"user", "domain", "sid", "clsid", "appid"}) {
          int i = layout->paramIndex(name);
          if (i < 0 || e.insertionStrings[i].empty() || e.insertionStrings[i] == "NULL SID")
            continue;
          EXPECT_EQ(field(f, name), e.insertionStrings[i]) << name << " from\n" << form;
        }
        if (!f.info->step.empty() && !c.step.empty() && e.id != 4625 && e.id != 680)
          EXPECT_TRUE(sameStep(f.info->step, c.step)) << f.info->step << " vs " << c.step;
        // explain - gives the same facts.
        auto explained = audit::explainEventText(form, "<stdin>", audit::Directory{});
        ASSERT_TRUE(explained.ok());
        EXPECT_TRUE((*explained)["known"].get<bool>());
        int u = layout->paramIndex("user");
        if (u >= 0)
          EXPECT_EQ((*explained)["facts"].value("user", ""), e.insertionStrings[u]);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 40u); // the scenarios predict dozens of events
}
