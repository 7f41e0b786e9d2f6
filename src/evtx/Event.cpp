// EventBuilder (binary XML walk -> Event) and the JSON line of `evtx dump --jsonl`.
#include "evtx/Event.h"

#include "support/Utf.h"

#include <charconv>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <limits>

namespace dd::evtx {
namespace {

template <class T>
std::optional<T> parseNumber(std::string_view s) {
  const auto v = parseDecimal(s, std::numeric_limits<T>::max());
  if (!v)
    return std::nullopt;
  return static_cast<T>(*v);
}

void appendUtf8(std::string &out, uint32_t c) {
  if (c >= 0xd800 && c <= 0xdfff)
    c = 0xfffd;
  char bytes[4];
  out.append(bytes, static_cast<size_t>(utf::putUtf8(bytes, c) - bytes));
}

} // namespace

const std::string *Event::find(std::string_view name) const {
  for (const auto &item : data)
    if (item.name == name)
      return &item.value;
  return nullptr;
}

void Event::clear() {
  recordId = writtenTime = offset = 0;
  damaged = false;
  provider.clear();
  providerGuid.clear();
  eventSourceName.clear();
  eventId.reset();
  qualifiers.reset();
  version.reset();
  level.reset();
  task.reset();
  opcode.reset();
  keywords.clear();
  timeCreated.reset();
  eventRecordId.reset();
  processId.reset();
  threadId.reset();
  channel.clear();
  computer.clear();
  userSid.clear();
  userData = false;
  // data is cut to size by EventBuilder::finish, which reuses the items' strings
}

// ---- EventBuilder -------------------------------------------------------------------------

void EventBuilder::begin(Event &event) {
  event_ = &event;
  stack_.clear();
  area_ = Area::Other;
  field_ = nullptr;
  item_ = -1;
  dataPosition_ = 0;
  dataUsed_ = 0;
  inAttribute_ = false;
  attributeValue_.clear();
  attributeFileTime_.reset();
  eventIdText_.clear();
  versionText_.clear();
  levelText_.clear();
  taskText_.clear();
  opcodeText_.clear();
  recordIdText_.clear();
}

std::string *EventBuilder::target() {
  if (inAttribute_)
    return &attributeValue_;
  if (item_ >= 0)
    return &event_->data[static_cast<size_t>(item_)].value;
  return field_;
}

void EventBuilder::open(std::string_view name) {
  finishAttribute();
  field_ = nullptr;
  item_ = -1;
  const size_t depth = stack_.size(); // depth of the new element: 0 is <Event>
  if (depth > 0) {
    Level &parent = stack_.back();
    parent.hasChild = true;
    // A UserData element with children is not a leaf: drop the pair opened for it.
    if (area_ == Area::UserData && parent.item >= 0 && static_cast<size_t>(parent.item) + 1 == dataUsed_ &&
        event_->data[dataUsed_ - 1].value.empty()) {
      --dataUsed_;
      parent.item = -1;
    }
  }
  stack_.push_back(Level{name, -1, false});
  if (depth == 1) {
    area_ = name == "System"      ? Area::System
            : name == "EventData" ? Area::EventData
            : name == "UserData"  ? Area::UserData
                                  : Area::Other;
    if (area_ == Area::UserData)
      event_->userData = true;
    return;
  }
  if (depth == 2 && area_ == Area::System) {
    if (name == "EventID")
      field_ = &eventIdText_;
    else if (name == "Level")
      field_ = &levelText_;
    else if (name == "Task")
      field_ = &taskText_;
    else if (name == "Keywords")
      field_ = &event_->keywords;
    else if (name == "Channel")
      field_ = &event_->channel;
    else if (name == "Computer")
      field_ = &event_->computer;
    else if (name == "EventRecordID")
      field_ = &recordIdText_;
    else if (name == "Version")
      field_ = &versionText_;
    else if (name == "Opcode")
      field_ = &opcodeText_;
    return;
  }
  const bool dataItem = (depth == 2 && area_ == Area::EventData) || (depth >= 3 && area_ == Area::UserData);
  if (dataItem) {
    if (dataUsed_ == event_->data.size())
      event_->data.emplace_back();
    DataItem &item = event_->data[dataUsed_++];
    item.name.clear();
    item.value.clear();
    if (area_ == Area::EventData && name == "Data") {
      ++dataPosition_;
      appendUnsigned(item.name, dataPosition_);
    } else {
      item.name.assign(name);
    }
    item_ = static_cast<int32_t>(dataUsed_ - 1);
    stack_.back().item = item_;
  }
}

void EventBuilder::attribute(std::string_view name) {
  finishAttribute();
  inAttribute_ = true;
  attributeName_ = name;
  attributeValue_.clear();
  attributeFileTime_.reset();
}

void EventBuilder::finishAttribute() {
  if (!inAttribute_)
    return;
  inAttribute_ = false;
  if (stack_.empty())
    return;
  const std::string_view element = stack_.back().name;
  const std::string_view attr = attributeName_;
  const size_t depth = stack_.size() - 1;
  if (depth == 2 && area_ == Area::System) {
    Event &e = *event_;
    if (element == "Provider") {
      if (attr == "Name")
        e.provider = attributeValue_;
      else if (attr == "Guid")
        e.providerGuid = attributeValue_;
      else if (attr == "EventSourceName")
        e.eventSourceName = attributeValue_;
    } else if (element == "EventID" && attr == "Qualifiers") {
      e.qualifiers = parseNumber<uint16_t>(attributeValue_);
    } else if (element == "TimeCreated" && attr == "SystemTime") {
      e.timeCreated = attributeFileTime_ ? attributeFileTime_ : parseFileTime(attributeValue_);
    } else if (element == "Security" && attr == "UserID") {
      e.userSid = attributeValue_;
    } else if (element == "Execution") {
      if (attr == "ProcessID")
        e.processId = parseNumber<uint32_t>(attributeValue_);
      else if (attr == "ThreadID")
        e.threadId = parseNumber<uint32_t>(attributeValue_);
    }
  } else if (depth == 2 && area_ == Area::EventData && attr == "Name" && stack_.back().item >= 0) {
    event_->data[static_cast<size_t>(stack_.back().item)].name = attributeValue_;
  }
}

void EventBuilder::pop() {
  if (stack_.empty())
    return;
  stack_.pop_back();
  field_ = nullptr;
  item_ = -1;
  if (stack_.size() == 1)
    area_ = Area::Other;
}

void EventBuilder::closeEmpty() {
  finishAttribute();
  pop();
}

void EventBuilder::end() { pop(); }

void EventBuilder::text(std::string_view text) {
  if (std::string *t = target())
    t->append(text);
}

void EventBuilder::charRef(uint16_t c) {
  if (std::string *t = target())
    appendUtf8(*t, c);
}

void appendEntityText(std::string &out, std::string_view name) {
  if (name == "lt")
    out.push_back('<');
  else if (name == "gt")
    out.push_back('>');
  else if (name == "amp")
    out.push_back('&');
  else if (name == "quot")
    out.push_back('"');
  else if (name == "apos")
    out.push_back('\'');
  else {
    out.push_back('&');
    out.append(name);
    out.push_back(';');
  }
}

void EventBuilder::entityRef(std::string_view name) {
  if (std::string *t = target())
    appendEntityText(*t, name);
}

void EventBuilder::value(const Value &value) {
  std::string *t = target();
  if (!t)
    return;
  if (inAttribute_ && value.type == vt::FileTime)
    attributeFileTime_ = valueAsUnsigned(value);
  appendValueText(*t, value);
}

void EventBuilder::finish() {
  finishAttribute();
  Event &e = *event_;
  e.data.resize(dataUsed_);
  e.eventId = parseNumber<uint32_t>(eventIdText_);
  e.version = parseNumber<uint8_t>(versionText_);
  e.level = parseNumber<uint8_t>(levelText_);
  e.task = parseNumber<uint16_t>(taskText_);
  e.opcode = parseNumber<uint8_t>(opcodeText_);
  e.eventRecordId = parseNumber<uint64_t>(recordIdText_);
}

// ---- JSON ---------------------------------------------------------------------------------

// The length of the prefix of `s` that needs no escaping (no control character, '"' or '\\').
static size_t plainPrefix(std::string_view s) {
  const char *p = s.data();
  const char *const end = p + s.size();
  while (end - p >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    if (!utf::jsonPlainWord(v))
      break;
    p += 8;
  }
  while (p < end && utf::jsonPlain(static_cast<unsigned char>(*p)))
    ++p;
  return static_cast<size_t>(p - s.data());
}

void appendJsonString(std::string &out, std::string_view s) {
  // Most values need no escaping: copy the plain prefix as it is, escape from there on.
  const size_t plain = plainPrefix(s);
  if (plain == s.size()) {
    const size_t at = out.size();
    out.append(s.size() + 2, '"');
    std::memcpy(out.data() + at + 1, s.data(), s.size());
    return;
  }
  out.push_back('"');
  appendJsonEscaped(out, s);
  out.push_back('"');
}

// UTF-16LE straight to JSON-escaped UTF-8: what appendUtf16 then appendJsonEscaped give (only
// ASCII characters are ever escaped, so the two steps can be done unit by unit).
static void appendJsonUtf16(std::string &out, const uint8_t *bytes, size_t units) {
  auto plain = [](uint32_t c) { return c < 0x80 && utf::jsonPlain(c); };
  // Room for one byte a unit first (the usual, plain ASCII text): more only from the first
  // unit that needs more, as in appendUtf16.
  const size_t start = out.size();
  out.resize(start + units);
  char *w = out.data() + start;
  size_t i = 0;
#if defined(__SSE2__)
  // Eight units at a time (SSE2 is part of every x86-64 CPU): all ASCII, none below 0x20, no
  // '"' or '\\': narrowed to bytes in one store. The first unit that is not stops it.
  const __m128i asciiMask = _mm_set1_epi16(static_cast<short>(0xff80)), zero = _mm_setzero_si128();
  const __m128i space = _mm_set1_epi16(0x20), quote = _mm_set1_epi16('"'), backslash = _mm_set1_epi16('\\');
  while (i + 8 <= units) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes + 2 * i));
    const __m128i nonAscii = _mm_xor_si128(_mm_cmpeq_epi16(_mm_and_si128(v, asciiMask), zero), _mm_set1_epi16(-1));
    const __m128i escape =
        _mm_or_si128(_mm_cmplt_epi16(v, space), _mm_or_si128(_mm_cmpeq_epi16(v, quote), _mm_cmpeq_epi16(v, backslash)));
    if (_mm_movemask_epi8(_mm_or_si128(nonAscii, escape)) != 0)
      break;
    _mm_storel_epi64(reinterpret_cast<__m128i *>(w), _mm_packus_epi16(v, v));
    w += 8;
    i += 8;
  }
#endif
  while (i + 4 <= units) {
    uint64_t v;
    std::memcpy(&v, bytes + 2 * i, 8);
    if (v & 0xff80ff80ff80ff80ull)
      break;
    const auto c0 = static_cast<uint32_t>(v & 0x7f), c1 = static_cast<uint32_t>((v >> 16) & 0x7f),
               c2 = static_cast<uint32_t>((v >> 32) & 0x7f), c3 = static_cast<uint32_t>((v >> 48) & 0x7f);
    if (!(plain(c0) && plain(c1) && plain(c2) && plain(c3)))
      break;
    w[0] = static_cast<char>(c0);
    w[1] = static_cast<char>(c1);
    w[2] = static_cast<char>(c2);
    w[3] = static_cast<char>(c3);
    w += 4;
    i += 4;
  }
  for (; i < units && bytes[2 * i + 1] == 0 && plain(bytes[2 * i]); ++i)
    *w++ = static_cast<char>(bytes[2 * i]);
  if (i == units)
    return;
  // The rest: at most 6 bytes a unit ("\\u00XX"; 3 UTF-8 bytes; 4 for a surrogate pair).
  const size_t written = static_cast<size_t>(w - out.data());
  out.resize(written + 6 * (units - i));
  w = out.data() + written;
  while (i < units) {
    const uint32_t c = utf::nextCodePoint(bytes, units, i);
    if (c < 0x80 && !utf::jsonPlain(c))
      w = utf::putJsonEscape(w, c);
    else
      w = utf::putUtf8(w, c);
  }
  out.resize(static_cast<size_t>(w - out.data()));
}

void appendJsonValue(std::string &out, const Value &value, std::string &scratch) {
  if (value.type == vt::String && value.data) {
    // As appendValueText: trailing NULs dropped.
    size_t units = value.size / 2;
    while (units > 0 && value.data[2 * units - 2] == 0 && value.data[2 * units - 1] == 0)
      --units;
    appendJsonUtf16(out, value.data, units);
    return;
  }
  // Only text types can have characters to escape: numbers, GUIDs, times, SIDs, binary (hex)
  // and booleans are plain ASCII letters, digits and punctuation.
  const uint8_t base = value.type & 0x7f;
  if (base != vt::String && base != vt::AnsiString && base != vt::EvtXml) {
    appendValueText(out, value);
    return;
  }
  // The text is written in place; in the rare case it has something to escape, it is moved
  // out and written again escaped.
  const size_t mark = out.size();
  appendValueText(out, value);
  const std::string_view text(out.data() + mark, out.size() - mark);
  if (plainPrefix(text) == text.size())
    return;
  scratch.assign(text);
  out.resize(mark);
  appendJsonEscaped(out, scratch);
}

void appendJsonEscaped(std::string &out, std::string_view s) {
  const size_t plain = plainPrefix(s);
  out.append(s.data(), plain);
  s.remove_prefix(plain);
  if (s.empty())
    return;
  // The rest is written in place: at most 6 bytes ("\\u00XX") for each input byte.
  const size_t start = out.size();
  out.resize(start + 6 * s.size());
  char *w = out.data() + start;
  const char *p = s.data();
  const char *const end = p + s.size();
  while (p < end) {
    // 8 bytes at a time while none is a control character, '"' or '\\'.
    if (end - p >= 8) {
      uint64_t v;
      std::memcpy(&v, p, 8);
      if (utf::jsonPlainWord(v)) {
        std::memcpy(w, p, 8);
        w += 8;
        p += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(*p++);
    if (utf::jsonPlain(c))
      *w++ = static_cast<char>(c);
    else
      w = utf::putJsonEscape(w, c);
  }
  out.resize(static_cast<size_t>(w - out.data()));
}

void appendJsonDataKey(std::string &out, std::string_view name, unsigned seen) {
  if (seen == 1) {
    appendJsonString(out, name);
  } else {
    std::string unique(name);
    unique += '_';
    appendUnsigned(unique, seen);
    appendJsonString(out, unique);
  }
  out.push_back(':');
}

void appendJsonLine(std::string &out, const Event &e) {
  auto key = [&](std::string_view k) { out.append(k); }; // k is ",\"name\":"
  auto optional = [&](std::string_view k, const auto &v) {
    key(k);
    if (v)
      appendUnsigned(out, *v);
    else
      out += "null";
  };
  auto string = [&](std::string_view k, const std::string &v) {
    key(k);
    appendJsonString(out, v);
  };
  out += "{\"record_id\":";
  appendUnsigned(out, e.recordId);
  out += ",\"time\":\"";
  appendFileTime(out, e.time());
  out += "\",\"written_time\":\"";
  appendFileTime(out, e.writtenTime);
  out += '"';
  optional(",\"event_record_id\":", e.eventRecordId);
  string(",\"provider\":", e.provider);
  optional(",\"event_id\":", e.eventId);
  optional(",\"qualifiers\":", e.qualifiers);
  optional(",\"level\":", e.level);
  optional(",\"task\":", e.task);
  string(",\"keywords\":", e.keywords);
  string(",\"channel\":", e.channel);
  string(",\"computer\":", e.computer);
  key(",\"user_sid\":");
  if (e.userSid.empty())
    out += "null";
  else
    appendJsonString(out, e.userSid);
  if (e.damaged)
    out += ",\"damaged\":true";
  out += ",\"data\":{";
  for (size_t i = 0; i < e.data.size(); ++i) {
    if (i)
      out += ',';
    const std::string &name = e.data[i].name;
    unsigned seen = 1;
    for (size_t j = 0; j < i; ++j)
      if (e.data[j].name.size() == name.size() && e.data[j].name == name)
        ++seen;
    appendJsonDataKey(out, name, seen);
    appendJsonString(out, e.data[i].value);
  }
  out += "}}\n";
}

} // namespace dd::evtx
