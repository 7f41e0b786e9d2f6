// Building a template's field plan (PlanBuilder) and filling Events from it; see FieldPlan.h.
#include "evtx/FieldPlan.h"

#include <cstdint>
#include <functional>
#include <limits>

namespace dd::evtx {
namespace {

using Text = FieldPlan::Text;

void appendText(std::string &out, const Text &text, const Fragment &f) {
  for (const FieldPlan::Piece &piece : text) {
    if (piece.sub < 0) {
      out.append(piece.text);
      continue;
    }
    const Value v = f.value(static_cast<uint32_t>(piece.sub));
    if (!v.isNull())
      appendValueText(out, v);
  }
}

// What parseDecimal(text of `text`) gives, without writing the text when it is one unsigned
// integer value (the usual EventID, Level, Task...: their decimal text reads back as the value).
std::optional<uint64_t> number(const Text &text, const Fragment &f, uint64_t max, std::string &scratch) {
  if (text.empty())
    return std::nullopt;
  if (text.size() == 1 && text[0].sub >= 0) {
    const Value v = f.value(static_cast<uint32_t>(text[0].sub));
    if (v.type == vt::UInt8 || v.type == vt::UInt16 || v.type == vt::UInt32 || v.type == vt::UInt64) {
      const auto n = valueAsUnsigned(v);
      if (!n || *n > max)
        return std::nullopt;
      return n;
    }
  }
  scratch.clear();
  appendText(scratch, text, f);
  return parseDecimal(scratch, max);
}

// `text` JSON-escaped, without quotes.
void appendJsonText(std::string &out, const Text &text, const Fragment &f, PlanScratch &s) {
  for (const FieldPlan::Piece &piece : text) {
    if (piece.sub < 0) {
      out.append(piece.json);
      continue;
    }
    const Value v = f.value(static_cast<uint32_t>(piece.sub));
    if (!v.isNull())
      appendJsonValue(out, v, s.escape);
  }
}

// The key of data item `count` (its name in s.names[count]) as appendJsonLine writes it: a
// repeated name gets "_2", "_3", ...
void appendJsonKey(std::string &out, size_t count, PlanScratch &s) {
  if (count)
    out.push_back(',');
  const std::string &name = s.names[count];
  unsigned seen = 1;
  for (size_t j = 0; j < count; ++j)
    if (s.names[j].size() == name.size() && s.names[j] == name)
      ++seen;
  appendJsonDataKey(out, name, seen);
}

std::string &nameSlot(PlanScratch &s, size_t count) {
  if (count == s.names.size())
    s.names.emplace_back();
  std::string &name = s.names[count];
  name.clear();
  return name;
}

template <class T>
void setNumber(std::optional<T> &field, const Text &text, const Fragment &f, std::string &scratch) {
  const auto n = number(text, f, std::numeric_limits<T>::max(), scratch);
  if (n)
    field = static_cast<T>(*n);
  else
    field.reset();
}

} // namespace

// Runs EventBuilder's rules (Event.cpp) over a template once, with pieces of text in place of
// text: the same areas, the same element and attribute names, the same data item numbering.
// Any change to EventBuilder must be made here too; FieldPlanTest compares the two.
class PlanBuilder {
public:
  // Plans `plans`' template for the shape whose null optional substitutions are `nulls`.
  PlanBuilder(const TemplatePlans &plans, uint64_t bits, FieldPlan &plan)
      : plans_(plans), p_(*plans.program_), plan_(plan), bits_(bits) {}

  bool run() {
    const auto &ops = p_.ops;
    // A hole's content starts inside the elements that hold the hole.
    const PlanContext context = plans_.context_;
    if (context != PlanContext::Record)
      stack_.push_back(Level{"Event", -1});
    if (context == PlanContext::InEventData) {
      stack_.push_back(Level{"EventData", -1});
      area_ = Area::EventData;
    } else if (context == PlanContext::InUserData) {
      stack_.push_back(Level{"UserData", -1});
      area_ = Area::UserData;
    }
    for (size_t i = 0; i < ops.size(); ++i) {
      const BinXmlOp &op = ops[i];
      // The walk's rule (BinXml.h): a null optional value drops the element or attribute.
      if ((op.kind == OpKind::Open || op.kind == OpKind::Attr) && op.nullSub >= 0 &&
          isNull(static_cast<uint32_t>(op.nullSub))) {
        if (op.skip <= i || op.skip > ops.size())
          return false;
        i = op.skip - 1;
        continue;
      }
      if (op.kind == OpKind::Open && op.contentSub >= 0 && isArray(static_cast<uint32_t>(op.contentSub))) {
        if (!repeat(i))
          return false;
        i = op.skip - 1;
        continue;
      }
      switch (op.kind) {
      case OpKind::Open:
        if (!open(p_.str(op)))
          return false;
        break;
      case OpKind::Attr:
        finishAttribute();
        inAttribute_ = true;
        attributeName_ = p_.str(op);
        attributeValue_.clear();
        break;
      case OpKind::CloseStart: finishAttribute(); break;
      case OpKind::CloseEmpty:
        finishAttribute();
        pop();
        break;
      case OpKind::End: pop(); break;
      case OpKind::Text:
      case OpKind::CData: literal(p_.str(op)); break;
      case OpKind::CharRef: {
        const uint8_t unit[2] = {static_cast<uint8_t>(op.index), static_cast<uint8_t>(op.index >> 8)};
        std::string c;
        appendUtf16(c, unit, 1);
        literal(c);
        break;
      }
      case OpKind::EntityRef: {
        std::string c;
        appendEntityText(c, p_.str(op));
        literal(c);
        break;
      }
      case OpKind::PI: break;
      case OpKind::Sub:
        if (guard(op.index).hole) {
          // The EventData/UserData: the last content of <Event> (or of its EventData or
          // UserData), with nothing pending.
          if (context != PlanContext::Record || plan_.hole_ >= 0 || inAttribute_ || item_ >= 0 || field_ ||
              dataPosition_ != 0 || !positionsKnown_)
            return false;
          if (stack_.size() == 1)
            plan_.holeContext_ = PlanContext::InEvent;
          else if (stack_.size() == 2 && area_ == Area::EventData)
            plan_.holeContext_ = PlanContext::InEventData;
          else if (stack_.size() == 2 && area_ == Area::UserData)
            plan_.holeContext_ = PlanContext::InUserData;
          else
            return false;
          for (size_t j = i + 1; j < ops.size(); ++j)
            if (ops[j].kind != OpKind::End)
              return false;
          plan_.hole_ = op.index;
          break;
        }
        if (Text *t = target())
          t->push_back(FieldPlan::Piece{op.index, {}});
        break;
      case OpKind::Instance: return false; // a template inside the template: walked
      }
    }
    finishAttribute();
    plan_.escapeLiterals();
    return true;
  }

private:
  enum class Area : uint8_t { Other, System, EventData, UserData };
  struct Level {
    std::string_view name;
    int32_t item = -1;
  };

  Text *target() {
    if (inAttribute_)
      return &attributeValue_;
    if (item_ >= 0)
      return &plan_.items_[static_cast<size_t>(item_)].value;
    return field_;
  }

  void literal(std::string_view text) {
    Text *t = target();
    if (!t)
      return;
    if (t->empty() || t->back().sub >= 0)
      t->push_back(FieldPlan::Piece{-1, {}});
    t->back().text.append(text);
  }

  bool open(std::string_view name) {
    finishAttribute();
    field_ = nullptr;
    item_ = -1;
    const size_t depth = stack_.size();
    if (depth > 0) {
      Level &parent = stack_.back();
      // EventBuilder drops a UserData pair whose element turns out to have children, if its
      // value is still empty then: decidable here only when that value has no substitution.
      if (area_ == Area::UserData && parent.item >= 0 && static_cast<size_t>(parent.item) + 1 == plan_.items_.size()) {
        size_t length = 0;
        for (const auto &piece : plan_.items_.back().value) {
          if (piece.sub >= 0)
            return false; // mixed content: walked
          length += piece.text.size();
        }
        if (length == 0) {
          plan_.items_.pop_back();
          parent.item = -1;
        }
      }
    }
    stack_.push_back(Level{name, -1});
    if (depth == 1) {
      if (plans_.context_ != PlanContext::Record && name == "System")
        return false; // System fields inside a BinXml value: walked
      area_ = name == "System"      ? Area::System
              : name == "EventData" ? Area::EventData
              : name == "UserData"  ? Area::UserData
                                    : Area::Other;
      if (area_ == Area::UserData)
        plan_.userData_ = true;
      return true;
    }
    if (depth == 2 && area_ == Area::System) {
      if (name == "EventID")
        field_ = &plan_.eventId_;
      else if (name == "Level")
        field_ = &plan_.level_;
      else if (name == "Task")
        field_ = &plan_.task_;
      else if (name == "Keywords")
        field_ = &plan_.keywords_;
      else if (name == "Channel")
        field_ = &plan_.channel_;
      else if (name == "Computer")
        field_ = &plan_.computer_;
      else if (name == "EventRecordID")
        field_ = &plan_.eventRecordId_;
      else if (name == "Version")
        field_ = &plan_.version_;
      else if (name == "Opcode")
        field_ = &plan_.opcode_;
      return true;
    }
    const bool dataItem = (depth == 2 && area_ == Area::EventData) || (depth >= 3 && area_ == Area::UserData);
    if (dataItem) {
      if (area_ == Area::EventData && name == "Data" && !positionsKnown_)
        return false; // numbered after an array: positions known only per record
      FieldPlan::Item &item = plan_.items_.emplace_back();
      std::string itemName;
      if (area_ == Area::EventData && name == "Data")
        appendUnsigned(itemName, ++dataPosition_);
      else
        itemName.assign(name);
      item.name.push_back(FieldPlan::Piece{-1, std::move(itemName)});
      item_ = static_cast<int32_t>(plan_.items_.size() - 1);
      stack_.back().item = item_;
    }
    return true;
  }

  void finishAttribute() {
    if (!inAttribute_)
      return;
    inAttribute_ = false;
    if (stack_.empty())
      return;
    const std::string_view element = stack_.back().name;
    const std::string_view attr = attributeName_;
    const size_t depth = stack_.size() - 1;
    FieldPlan &e = plan_;
    if (depth == 2 && area_ == Area::System) {
      if (element == "Provider") {
        if (attr == "Name")
          e.provider_ = attributeValue_;
        else if (attr == "Guid")
          e.providerGuid_ = attributeValue_;
        else if (attr == "EventSourceName")
          e.eventSourceName_ = attributeValue_;
      } else if (element == "EventID" && attr == "Qualifiers") {
        e.qualifiers_ = attributeValue_;
      } else if (element == "TimeCreated" && attr == "SystemTime") {
        e.timeCreated_ = attributeValue_;
      } else if (element == "Security" && attr == "UserID") {
        e.userSid_ = attributeValue_;
      } else if (element == "Execution") {
        if (attr == "ProcessID")
          e.processId_ = attributeValue_;
        else if (attr == "ThreadID")
          e.threadId_ = attributeValue_;
      }
    } else if (depth == 2 && area_ == Area::EventData && attr == "Name" && stack_.back().item >= 0) {
      e.items_[static_cast<size_t>(stack_.back().item)].name = attributeValue_;
    }
  }

  void pop() {
    if (stack_.empty())
      return;
    stack_.pop_back();
    field_ = nullptr;
    item_ = -1;
    if (stack_.size() == 1)
      area_ = Area::Other;
  }

  const TemplatePlans::Guard &guard(uint32_t index) const {
    for (const auto &g : plans_.guards_)
      if (g.index == index)
        return g;
    static const TemplatePlans::Guard none;
    return none;
  }
  bool isNull(uint32_t index) const {
    const auto &g = guard(index);
    return g.nullBit >= 0 && ((bits_ >> g.nullBit) & 1) != 0;
  }
  bool isArray(uint32_t index) const {
    const auto &g = guard(index);
    return g.arrayBit >= 0 && ((bits_ >> g.arrayBit) & 1) != 0;
  }

  // The walk writes element ops[i] once for each item of its array content. Planned only for
  // the plain case: <Name>%n</Name> as a child of EventData, once per plan.
  bool repeat(size_t i) {
    const auto &ops = p_.ops;
    const BinXmlOp &op = ops[i];
    if (stack_.size() != 2 || area_ != Area::EventData || repeated_ || op.skip != i + 4 ||
        ops[i + 1].kind != OpKind::CloseStart || ops[i + 2].kind != OpKind::Sub ||
        static_cast<int32_t>(ops[i + 2].index) != op.contentSub || ops[i + 3].kind != OpKind::End)
      return false;
    finishAttribute();
    const std::string_view name = p_.str(op);
    FieldPlan::Item &item = plan_.items_.emplace_back();
    item.repeat = op.contentSub;
    item.numbered = name == "Data";
    item.position = dataPosition_ + 1;
    if (!item.numbered)
      item.name.push_back(FieldPlan::Piece{-1, std::string(name)});
    repeated_ = true;
    positionsKnown_ = !item.numbered;
    field_ = nullptr; // as after the element's end
    item_ = -1;
    return true;
  }

  const TemplatePlans &plans_;
  const Program &p_;
  FieldPlan &plan_;
  uint64_t bits_;
  bool repeated_ = false;
  bool positionsKnown_ = true; // false after a repeated unnamed Data
  std::vector<Level> stack_;
  Area area_ = Area::Other;
  Text *field_ = nullptr;
  int32_t item_ = -1;
  uint32_t dataPosition_ = 0;
  bool inAttribute_ = false;
  std::string_view attributeName_;
  Text attributeValue_;
};

bool TemplatePlans::reset(const Program &program, PlanContext context) {
  program_ = &program;
  context_ = context;
  usable_ = false;
  guards_.clear();
  shapes_.clear();
  auto guard = [&](uint32_t index) -> Guard & {
    for (auto &g : guards_)
      if (g.index == index)
        return g;
    return guards_.emplace_back(Guard{static_cast<uint16_t>(index)});
  };
  int bits = 0;
  for (const BinXmlOp &op : program.ops) {
    if (op.kind == OpKind::Instance)
      return false; // a template inside the template: walked
    if (op.kind == OpKind::Sub) {
      Guard &g = guard(op.index);
      if (op.valueType == vt::BinXml)
        g.hole = true;
    }
    if ((op.kind == OpKind::Open || op.kind == OpKind::Attr) && op.nullSub >= 0) {
      Guard &g = guard(static_cast<uint32_t>(op.nullSub));
      if (g.nullBit < 0) {
        if (bits == 64)
          return false;
        g.nullBit = static_cast<int8_t>(bits++);
      }
    }
    if (op.kind == OpKind::Open && op.contentSub >= 0) {
      Guard &g = guard(static_cast<uint32_t>(op.contentSub));
      if (g.arrayBit < 0) {
        if (bits == 64)
          return false;
        g.arrayBit = static_cast<int8_t>(bits++);
      }
    }
  }
  usable_ = true;
  return true;
}

const FieldPlan *TemplatePlans::planFor(const Fragment &f) {
  if (!usable_)
    return nullptr;
  uint64_t bits = 0;
  for (const Guard &g : guards_) {
    const Value v = f.value(g.index);
    if (g.hole ? !(v.type == vt::BinXml || v.isNull()) : v.type == vt::BinXml)
      return nullptr;
    if (g.nullBit >= 0 && v.isNull())
      bits |= uint64_t{1} << g.nullBit;
    // The walk's test for an element to repeat (BinXml.h).
    if (g.arrayBit >= 0 && (v.type & vt::ArrayFlag) && (v.type & 0x7f) != vt::BinXml)
      bits |= uint64_t{1} << g.arrayBit;
  }
  for (const Shape &shape : shapes_)
    if (shape.bits == bits)
      return shape.plan.get();
  if (shapes_.size() == MaxShapes)
    return nullptr;
  auto plan = std::make_unique<FieldPlan>();
  PlanBuilder builder(*this, bits, *plan);
  if (!builder.run())
    plan.reset();
  shapes_.push_back(Shape{bits, std::move(plan)});
  return shapes_.back().plan.get();
}

void FieldPlan::fill(const Fragment &f, Event &e, size_t &used, PlanScratch &scratch) const {
  std::string &text = scratch.text;
  appendText(e.provider, provider_, f);
  appendText(e.providerGuid, providerGuid_, f);
  appendText(e.eventSourceName, eventSourceName_, f);
  appendText(e.keywords, keywords_, f);
  appendText(e.channel, channel_, f);
  appendText(e.computer, computer_, f);
  appendText(e.userSid, userSid_, f);
  setNumber(e.eventId, eventId_, f, text);
  setNumber(e.qualifiers, qualifiers_, f, text);
  setNumber(e.version, version_, f, text);
  setNumber(e.level, level_, f, text);
  setNumber(e.task, task_, f, text);
  setNumber(e.opcode, opcode_, f, text);
  setNumber(e.eventRecordId, eventRecordId_, f, text);
  setNumber(e.processId, processId_, f, text);
  setNumber(e.threadId, threadId_, f, text);

  e.timeCreated = timeCreated(f, text);
  e.userData = userData_;
  fillItems(f, e, used, scratch);
}

void FieldPlan::escapeLiterals() {
  for (Text *text : {&provider_, &providerGuid_, &eventSourceName_, &keywords_, &channel_, &computer_, &userSid_})
    for (Piece &piece : *text)
      appendJsonEscaped(piece.json, piece.text);
  for (Item &item : items_)
    for (Text *text : {&item.name, &item.value})
      for (Piece &piece : *text)
        appendJsonEscaped(piece.json, piece.text);
  // Data keys written as they are: every item has its own literal name, no two alike (so no
  // "_2" suffix can arise among them).
  plainKeys_ = true;
  for (size_t i = 0; i < items_.size() && plainKeys_; ++i) {
    const Item &item = items_[i];
    if (item.repeat >= 0 || item.name.size() != 1 || item.name[0].sub >= 0) {
      plainKeys_ = false;
      break;
    }
    for (size_t j = 0; j < i; ++j)
      if (items_[j].name[0].text == item.name[0].text)
        plainKeys_ = false;
  }
  for (Item &item : items_) {
    item.key.clear();
    if (plainKeys_) {
      appendJsonString(item.key, item.name[0].text);
      item.key.push_back(':');
    }
  }
}

// TimeCreated: the last FILETIME value in the attribute, else its text read back.
std::optional<uint64_t> FieldPlan::timeCreated(const Fragment &f, std::string &text) const {
  if (timeCreated_.empty())
    return std::nullopt;
  std::optional<uint64_t> fileTime;
  for (const Piece &piece : timeCreated_) {
    if (piece.sub < 0)
      continue;
    const Value v = f.value(static_cast<uint32_t>(piece.sub));
    if (v.type == vt::FileTime)
      fileTime = valueAsUnsigned(v);
  }
  if (fileTime)
    return fileTime;
  text.clear();
  appendText(text, timeCreated_, f);
  return parseFileTime(text);
}

void FieldPlan::fillContent(const Fragment &f, Event &e, size_t &used, PlanScratch &scratch) const {
  if (userData_)
    e.userData = true;
  fillItems(f, e, used, scratch);
}

void FieldPlan::fillItems(const Fragment &f, Event &e, size_t &used, PlanScratch &scratch) const {
  auto next = [&]() -> DataItem & {
    if (used == e.data.size())
      e.data.emplace_back();
    DataItem &item = e.data[used++];
    item.name.clear();
    item.value.clear();
    return item;
  };
  for (const Item &planned : items_) {
    if (planned.repeat < 0) {
      DataItem &item = next();
      appendText(item.name, planned.name, f);
      appendText(item.value, planned.value, f);
      continue;
    }
    arrayElements(f.value(static_cast<uint32_t>(planned.repeat)), scratch.items);
    uint32_t position = planned.position;
    for (const Value &one : scratch.items) {
      DataItem &item = next();
      if (planned.numbered)
        appendUnsigned(item.name, position++);
      else
        appendText(item.name, planned.name, f);
      if (!one.isNull())
        appendValueText(item.value, one);
    }
  }
}

void FieldPlan::appendJsonLine(std::string &out, const Event &h, const Fragment &f, const FieldPlan *content,
                               const Fragment &cf, PlanScratch &s) const {
  std::string &text = s.text;
  auto optional = [&](std::string_view key, std::optional<uint64_t> v) {
    out += key;
    if (v)
      appendUnsigned(out, *v);
    else
      out += "null";
  };
  auto string = [&](std::string_view key, const Text &t) {
    out += key;
    out.push_back('"');
    appendJsonText(out, t, f, s);
    out.push_back('"');
  };
  out += "{\"record_id\":";
  appendUnsigned(out, h.recordId);
  out += ",\"time\":\"";
  appendFileTime(out, timeCreated(f, text).value_or(h.writtenTime));
  out += "\",\"written_time\":\"";
  appendFileTime(out, h.writtenTime);
  out += '"';
  optional(",\"event_record_id\":", number(eventRecordId_, f, UINT64_MAX, text));
  string(",\"provider\":", provider_);
  optional(",\"event_id\":", number(eventId_, f, UINT32_MAX, text));
  optional(",\"qualifiers\":", number(qualifiers_, f, UINT16_MAX, text));
  optional(",\"level\":", number(level_, f, UINT8_MAX, text));
  optional(",\"task\":", number(task_, f, UINT16_MAX, text));
  string(",\"keywords\":", keywords_);
  string(",\"channel\":", channel_);
  string(",\"computer\":", computer_);
  out += ",\"user_sid\":";
  const size_t mark = out.size();
  out.push_back('"');
  appendJsonText(out, userSid_, f, s);
  if (out.size() == mark + 1) {
    out.resize(mark);
    out += "null";
  } else {
    out.push_back('"');
  }
  if (h.damaged)
    out += ",\"damaged\":true";
  out += ",\"data\":{";
  // The usual record: all the items in one plan, with distinct literal names.
  const FieldPlan *only = content == nullptr ? this : items_.empty() ? content : nullptr;
  if (only && only->plainKeys_) {
    const Fragment &of = only == this ? f : cf;
    for (size_t i = 0; i < only->items_.size(); ++i) {
      if (i)
        out.push_back(',');
      const Item &item = only->items_[i];
      out += item.key;
      out.push_back('"');
      appendJsonText(out, item.value, of, s);
      out.push_back('"');
    }
    out += "}}\n";
    return;
  }
  size_t count = 0;
  appendJsonItems(out, f, count, s);
  if (content)
    content->appendJsonItems(out, cf, count, s);
  out += "}}\n";
}

void FieldPlan::appendJsonItems(std::string &out, const Fragment &f, size_t &count, PlanScratch &s) const {
  for (const Item &planned : items_) {
    if (planned.repeat < 0) {
      appendText(nameSlot(s, count), planned.name, f);
      appendJsonKey(out, count++, s);
      out.push_back('"');
      appendJsonText(out, planned.value, f, s);
      out.push_back('"');
      continue;
    }
    arrayElements(f.value(static_cast<uint32_t>(planned.repeat)), s.items);
    uint32_t position = planned.position;
    for (const Value &one : s.items) {
      std::string &name = nameSlot(s, count);
      if (planned.numbered)
        appendUnsigned(name, position++);
      else
        appendText(name, planned.name, f);
      appendJsonKey(out, count++, s);
      out.push_back('"');
      if (!one.isNull())
        appendJsonValue(out, one, s.escape);
      out.push_back('"');
    }
  }
}

} // namespace dd::evtx
