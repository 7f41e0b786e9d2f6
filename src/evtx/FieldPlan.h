// The field plan of a template: what EventBuilder would put in each Event field for ANY record
// of that template, worked out once when the template is first used in a chunk.
//
// Walking a template's Program for every record (60-100 operations, a visitor call each, name
// comparisons at every element and attribute) costs about five times the parsing itself. But a
// template is fixed: only its substitution values change from record to record. So the plan
// records, for each System field (Provider Name/Guid/EventSourceName, EventID and Qualifiers,
// Version, Level, Task, Opcode, Keywords, TimeCreated SystemTime, EventRecordID, Execution
// ProcessID/ThreadID, Channel, Computer, Security UserID) and for each EventData/UserData item
// (name and value), the pieces its text is made of: literal text from the template, or "the
// text of substitution value N". Filling an Event is then one pass over the plan.
//
// The usual record is two templates: the System one, whose last substitution is a BinXml
// value holding the EventData or UserData, itself a template instance. So a plan may have one
// "hole": a BinXml substitution that is the last content of the root <Event> element. Its
// value is parsed as the walk would, and its own template's "content" plan (planned as if
// inside <Event>, which may only add data items) fills the rest.
//
// The plan depends on which optional substitutions are null: a null one drops the element or
// attribute that holds it (an absent Correlation ActivityID, say). So a template has one plan
// for each such "shape" its records come in, each worked out with the walk's own skipping
// rules the first time a record of that shape is met (TemplatePlans). A record is walked
// instead when one of its values would change the walk in a way a plan does not describe: a
// BinXml value anywhere but in the hole, an array value for an element that is repeated once
// per item; and so are the records of templates a plan cannot describe (nested template
// instances, a UserData element holding both a value and child elements, System fields inside
// a BinXml value). The Event is the same either way, which tests/evtx/FieldPlanTest.cpp checks
// on every conformance file.
#pragma once

#include "evtx/BinXml.h"
#include "evtx/Event.h"
#include "evtx/Value.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dd::evtx {

// Where a template is used: as the record itself, or as the BinXml value in a plan's hole,
// which is the last content of <Event>, of <Event><EventData> or of <Event><UserData>.
enum class PlanContext : uint8_t { Record, InEvent, InEventData, InUserData };

// Reused space for filling.
struct PlanScratch {
  std::string text, escape;
  std::vector<Value> items;
  std::vector<std::string> names; // the data item names of the JSON line so far
};

// The plan of one template for one shape of its records: which optional substitutions are
// null (and so drop their element or attribute), which element contents are arrays (and so
// repeat their element). Built by TemplatePlans.
class FieldPlan {
public:
  // Fills the System fields, the data items from `used` on (`used` is advanced; the caller
  // cuts event.data to it) and `userData` of `event` (whose other fields and record-header
  // fields are already set, see Event::clear) as EventBuilder does for a record of this
  // template and shape.
  void fill(const Fragment &fragment, Event &event, size_t &used, PlanScratch &scratch) const;
  // The same for a plan of a hole's content (context other than Record): data items only.
  void fillContent(const Fragment &fragment, Event &event, size_t &used, PlanScratch &scratch) const;

  // Appends the JSON line of the record (appendJsonLine's format, byte for byte) straight from
  // the values, without filling an Event: `header` holds the record header fields (recordId,
  // writtenTime, damaged); `content` is the plan of the BinXml value in the hole, if any.
  void appendJsonLine(std::string &out, const Event &header, const Fragment &fragment, const FieldPlan *content,
                      const Fragment &contentFragment, PlanScratch &scratch) const;

  // The substitution whose BinXml value the walk would expand here, or -1, and where it is.
  int32_t hole() const { return hole_; }
  PlanContext holeContext() const { return holeContext_; }

  // A piece of a field's text: literal text (sub < 0) or the text of a substitution value.
  struct Piece {
    int32_t sub = -1;
    std::string text;
    std::string json; // `text` JSON-escaped (set when the plan is complete)
  };
  using Text = std::vector<Piece>;

private:
  struct Item {
    Text name, value;
    // An EventData child whose content is an array: one item for each array element, named
    // by its position from `position` on (unnamed Data) or by `name`.
    int32_t repeat = -1;
    bool numbered = false;
    uint32_t position = 0;
    std::string key; // "name": when the plan has plainKeys_
  };
  void fillItems(const Fragment &f, Event &e, size_t &used, PlanScratch &scratch) const;
  void escapeLiterals();
  void appendJsonItems(std::string &out, const Fragment &f, size_t &count, PlanScratch &scratch) const;
  std::optional<uint64_t> timeCreated(const Fragment &f, std::string &text) const;

  friend class PlanBuilder;
  Text provider_, providerGuid_, eventSourceName_, keywords_, channel_, computer_, userSid_;
  Text eventId_, qualifiers_, version_, level_, task_, opcode_, timeCreated_, eventRecordId_;
  Text processId_, threadId_;
  std::vector<Item> items_;
  bool userData_ = false;
  bool plainKeys_ = false; // every item has its own literal name: keys written as they are
  int32_t hole_ = -1;
  PlanContext holeContext_ = PlanContext::Record;
};

// The plans of one template, one for each shape its records come in (usually one or two: an
// optional ActivityID present or not, say), each worked out the first time a record of that
// shape is met.
class TemplatePlans {
public:
  // Starts over for `program` (a template of the current chunk), used in `context`. False when
  // no plan can describe it (a template instance inside it, too many optional substitutions).
  bool reset(const Program &program, PlanContext context);

  // The plan for this record of the template, or nullptr: walk the record (a BinXml value
  // outside the hole, a shape the plan cannot describe, too many shapes).
  const FieldPlan *planFor(const Fragment &fragment);

private:
  // A substitution whose value can change the shape of the record.
  struct Guard {
    uint16_t index = 0;
    int8_t nullBit = -1;  // an optional substitution whose null value drops an element or
                          // attribute: its bit in the shape mask
    int8_t arrayBit = -1; // the content of an element an array value repeats: its bit
    bool hole = false;    // declared BinXml: its value may be BinXml (or null), nothing else
  };
  struct Shape {
    uint64_t bits = 0;               // the guards' null and array bits
    std::unique_ptr<FieldPlan> plan; // nullptr: records of this shape are walked
  };
  static constexpr size_t MaxShapes = 16;

  friend class PlanBuilder;
  const Program *program_ = nullptr;
  PlanContext context_ = PlanContext::Record;
  bool usable_ = false;
  std::vector<Guard> guards_; // every substitution of the template
  std::vector<Shape> shapes_;
};

} // namespace dd::evtx
