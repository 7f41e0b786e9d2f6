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
// The plan is exact only while the record's values keep the template's shape. A record is
// filled by the plan only when none of its values would change the walk: no BinXml value (it
// would be expanded into more elements), no null value for an optional substitution that
// drops its element or attribute, no array value for an element that would be repeated once
// per item. Other records, and templates the plan cannot describe (nested template instances,
// a UserData element holding both a value and child elements), take the walk: the result is
// the same Event either way, which tests/evtx/FieldPlanTest.cpp checks on every conformance
// file.
#pragma once

#include "evtx/BinXml.h"
#include "evtx/Event.h"
#include "evtx/Value.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dd::evtx {

class FieldPlan {
public:
  // Works out the plan of template `program`. False when a plan cannot describe it exactly:
  // records of that template are then walked.
  bool build(const Program &program);

  // True when the values of this record keep the template's shape (see the header comment).
  bool fits(const Fragment &fragment) const;

  // Fills the System fields, the data items and `userData` of `event` (whose other fields and
  // record-header fields are already set, see Event::clear) as EventBuilder does for a record
  // of this template. `scratch` is reused text space.
  void fill(const Fragment &fragment, Event &event, std::string &scratch) const;

  // A piece of a field's text: literal text (sub < 0) or the text of a substitution value.
  struct Piece {
    int32_t sub = -1;
    std::string text;
  };
  using Text = std::vector<Piece>;

private:
  // A substitution value that must have some property for the plan to hold.
  struct Guard {
    uint16_t index = 0;
    bool notNull = false;  // an optional substitution that drops its element/attribute if null
    bool notArray = false; // the content of an element that an array would repeat
  };
  struct Item {
    Text name, value;
  };

  friend class PlanBuilder;
  std::vector<Guard> guards_; // every substitution of the template (none may be BinXml)
  Text provider_, providerGuid_, eventSourceName_, keywords_, channel_, computer_, userSid_;
  Text eventId_, qualifiers_, version_, level_, task_, opcode_, timeCreated_, eventRecordId_;
  Text processId_, threadId_;
  std::vector<Item> items_;
  bool userData_ = false;
};

} // namespace dd::evtx
