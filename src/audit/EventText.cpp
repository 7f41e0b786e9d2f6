// Event Viewer text and XML -> EventRecord (see EventText.h).
#include "audit/EventText.h"
#include "support/Text.h"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace dd::audit {
namespace {

// A decimal event id; the text forms print it plainly, the XML view may carry Qualifiers.
std::optional<uint32_t> parseEventId(std::string_view s) {
  s = trimSpace(s);
  if (s.empty() || s.size() > 10)
    return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v > 0xFFFF)
    return std::nullopt;
  return static_cast<uint32_t>(v);
}

struct Line {
  std::string_view text;
  uint64_t number; // 1-based
};

std::vector<Line> splitLines(std::string_view text) {
  std::vector<Line> lines;
  uint64_t n = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    lines.push_back({line, n++});
    if (end == text.size())
      break;
    start = end + 1;
  }
  return lines;
}

uint64_t lineOfOffset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(offset), '\n'));
}

// The header keys of the two text forms, and where they go.
enum class Key {
  EventType,
  Source,
  Category,
  EventId,
  Date,
  Time,
  User,
  Computer,
  LogName,
  Level,
  Keywords,
  TaskCategory,
  OpCode
};
struct KeyName {
  std::string_view name;
  Key key;
};
constexpr std::array<KeyName, 14> kKeys = {{
    {"Event Type", Key::EventType},
    {"Event Source", Key::Source},
    {"Source", Key::Source},
    {"Event Category", Key::Category},
    {"Event ID", Key::EventId},
    {"Date", Key::Date},
    {"Time", Key::Time},
    {"User", Key::User},
    {"Computer", Key::Computer},
    {"Log Name", Key::LogName},
    {"Level", Key::Level},
    {"Keywords", Key::Keywords},
    {"Task Category", Key::TaskCategory},
    {"OpCode", Key::OpCode},
}};

std::optional<int> levelFromText(std::string_view s) {
  s = trimSpace(s);
  if (iequals(s, "Critical"))
    return 1;
  if (iequals(s, "Error"))
    return 2;
  if (iequals(s, "Warning"))
    return 3;
  if (iequals(s, "Information"))
    return 4;
  if (iequals(s, "Verbose"))
    return 5;
  return std::nullopt;
}

// UTF-16LE to UTF-8; an unpaired surrogate becomes U+FFFD, an odd last byte is dropped.
std::string utf16leToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() / 2);
  auto unit = [&](size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8);
  };
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// The offset of the first <Event> or <Event ...> element (not <Events>, <EventData>, ...).
size_t firstEventElement(std::string_view text) {
  for (size_t at = text.find("<Event"); at != std::string_view::npos; at = text.find("<Event", at + 1)) {
    char next = at + 6 < text.size() ? text[at + 6] : '\0';
    if (next == '>' || next == ' ' || next == '\t' || next == '\r' || next == '\n')
      return at;
  }
  return std::string_view::npos;
}

// Fills the fields XML carries but the text form lacks (record id, UTC time, data, SID).
void mergeXml(EventRecord &into, EventRecord &&xml) {
  if (!into.recordId)
    into.recordId = xml.recordId;
  if (into.timeUtc.empty())
    into.timeUtc = std::move(xml.timeUtc);
  if (into.provider.empty())
    into.provider = std::move(xml.provider);
  if (into.channel.empty())
    into.channel = std::move(xml.channel);
  if (!into.level)
    into.level = xml.level;
  if (into.computer.empty())
    into.computer = std::move(xml.computer);
  if (into.userSid.empty())
    into.userSid = std::move(xml.userSid);
  if (into.data.empty())
    into.data = std::move(xml.data);
  if (into.message.empty())
    into.message = std::move(xml.message);
}

} // namespace

Result<EventRecord> parseEventXml(std::string_view xml, const std::string &source, uint64_t firstLine) {
  pugi::xml_document doc;
  // One event: from the first <Event> (inside the <Events> that `evtx dump --xml` and wevtutil
  // write, or alone) to its </Event>; Event Viewer's copy may have text after the XML, a dump
  // more events.
  if (size_t start = firstEventElement(xml); start != std::string_view::npos) {
    firstLine += lineOfOffset(xml, start) - 1;
    xml = xml.substr(start);
  }
  if (size_t end = xml.find("</Event>"); end != std::string_view::npos)
    xml = xml.substr(0, end + 8);
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed)
    return Error::atLine(source, firstLine - 1 + lineOfOffset(xml, static_cast<size_t>(parsed.offset)),
                         fmt::format("event XML is malformed: {} (expected the <Event> element "
                                     "of Event Viewer's XML view)",
                                     parsed.description()));
  pugi::xml_node event = doc.child("Event");
  if (!event)
    event = doc.child("Events").child("Event");
  if (!event)
    return Error::atLine(source, firstLine, "no <Event> element found (expected Event Viewer's XML view)");
  pugi::xml_node system = event.child("System");
  if (!system)
    return Error::atLine(source, firstLine, "<Event> has no <System> element");

  EventRecord r;
  r.file = source;
  pugi::xml_node provider = system.child("Provider");
  r.provider = provider.attribute("Name").as_string();
  if (r.provider.empty())
    r.provider = provider.attribute("EventSourceName").as_string();
  auto id = parseEventId(system.child_value("EventID"));
  if (!id)
    return Error::atLine(source, firstLine,
                         fmt::format("<EventID> \"{}\" is not an event id (expected a decimal "
                                     "number 0-65535)",
                                     system.child_value("EventID")));
  r.eventId = *id;
  if (pugi::xml_node level = system.child("Level"))
    r.level = level.text().as_int();
  r.timeUtc = system.child("TimeCreated").attribute("SystemTime").as_string();
  std::string_view rid = trimSpace(system.child_value("EventRecordID"));
  uint64_t ridValue = 0;
  if (!rid.empty()) {
    auto [p, ec] = std::from_chars(rid.data(), rid.data() + rid.size(), ridValue);
    if (ec == std::errc() && p == rid.data() + rid.size())
      r.recordId = ridValue;
  }
  r.channel = system.child_value("Channel");
  r.computer = system.child_value("Computer");
  r.userSid = system.child("Security").attribute("UserID").as_string();

  if (pugi::xml_node eventData = event.child("EventData")) {
    for (pugi::xml_node d : eventData.children()) {
      if (d.type() != pugi::node_element)
        continue;
      r.data.emplace_back(d.attribute("Name").as_string(), d.text().as_string());
    }
  } else if (pugi::xml_node userData = event.child("UserData")) {
    // UserData holds one provider-specific element whose children are the values.
    for (pugi::xml_node d : userData.first_child().children())
      if (d.type() == pugi::node_element)
        r.data.emplace_back(d.name(), d.text().as_string());
  }
  r.message = event.child("RenderingInfo").child_value("Message");
  return r;
}

// What the header lines give besides the record's own fields.
struct HeaderState {
  bool sawEventId = false;
  std::string date, time;
};

// One known "Key: value" header line into the record; an error for an Event ID that is not one.
Result<void> setHeaderField(EventRecord &r, HeaderState &header, Key key, std::string_view value,
                            const std::string &source, uint64_t line) {
  switch (key) {
  case Key::EventType:
    r.eventType = value;
    if (iequals(value, "Error"))
      r.level = 2;
    else if (iequals(value, "Warning"))
      r.level = 3;
    else if (iequals(value, "Information"))
      r.level = 4;
    else if (iequals(value, "Failure Audit") || iequals(value, "Success Audit"))
      r.level = 0;
    break;
  case Key::Source: r.provider = value; break;
  case Key::EventId: {
    auto id = parseEventId(value);
    if (!id)
      return Error::atLine(source, line,
                           fmt::format("Event ID \"{}\" is not an event id (expected a decimal "
                                       "number 0-65535)",
                                       value.substr(0, 40)));
    r.eventId = *id;
    header.sawEventId = true;
    break;
  }
  case Key::Date: header.date = value; break;
  case Key::Time: header.time = value; break;
  case Key::User: r.userText = value; break;
  case Key::Computer: r.computer = value; break;
  case Key::LogName: r.channel = value; break;
  case Key::Level:
    if (auto l = levelFromText(value))
      r.level = l;
    r.eventType = value;
    break;
  case Key::Keywords:
    if (value.find("Audit Failure") != std::string_view::npos) {
      r.eventType = "Failure Audit";
      r.level = 0;
    }
    if (value.find("Audit Success") != std::string_view::npos) {
      r.eventType = "Success Audit";
      r.level = 0;
    }
    break;
  case Key::Category:
  case Key::TaskCategory:
  case Key::OpCode: break;
  }
  return {};
}

// What a pasted event must have: an event id, a provider and a description (or its XML data).
Result<void> checkComplete(const EventRecord &r, bool sawEventId, bool inDescription, const std::vector<Line> &lines,
                           uint64_t firstLine, const std::string &source) {
  if (!sawEventId)
    return Error::atLine(source, firstLine,
                         "no \"Event ID:\" line found (expected an event as Event Viewer shows "
                         "it: \"Event ID: ...\" with \"Description:\", or its XML view; from an Event "
                         "Viewer in another language, paste the XML view: Details tab, XML View)");
  if (r.provider.empty())
    return Error::atLine(source, firstLine,
                         "no \"Source:\" or \"Event Source:\" line found (expected the provider "
                         "that logged the event, e.g. \"DCOM\" or \"Security\")");
  size_t lastUsed = lines.size() - 1;
  while (lastUsed > 0 && trimSpace(lines[lastUsed].text).empty())
    --lastUsed;
  if (!inDescription && r.data.empty() && r.message.empty())
    return Error::atLine(source, lines[lastUsed].number,
                         "no \"Description:\" found (expected the event's description after "
                         "its header lines)");
  return {};
}

Result<EventRecord> parseEventText(std::string_view text, const std::string &source) {
  if (text.size() > MaxEventTextSize)
    return Error::atLine(source, 1,
                         fmt::format("input is {} bytes; a pasted event is expected to "
                                     "be under {} bytes",
                                     text.size(), MaxEventTextSize));
  // Saved from Notepad or PowerShell as "Unicode": UTF-16LE with a byte order mark.
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE)
    return parseEventText(utf16leToUtf8(text.substr(2)), source);
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  if (trimSpace(text).empty())
    return Error::atLine(source, 1,
                         "empty input: expected an event as Event Viewer shows it "
                         "(\"Event ID: ...\" text, or its XML view)");

  const std::vector<Line> lines = splitLines(text);
  size_t firstUsed = 0;
  while (firstUsed < lines.size() && trimSpace(lines[firstUsed].text).empty())
    ++firstUsed;

  // The XML view alone.
  if (trimSpace(lines[firstUsed].text).starts_with("<")) {
    size_t at = firstEventElement(text);
    if (at == std::string_view::npos)
      return Error::atLine(source, lines[firstUsed].number,
                           "XML input without an <Event> element (expected Event Viewer's XML view)");
    return parseEventXml(text.substr(at), source, lineOfOffset(text, at));
  }

  EventRecord r;
  r.file = source;
  HeaderState header;
  bool inDescription = false;
  std::string description;
  size_t xmlOffset = std::string_view::npos;
  uint64_t xmlLine = 0;
  size_t lineOffset = 0; // offset of the current line in `text`
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line &line = lines[i];
    lineOffset = static_cast<size_t>(line.text.data() - text.data());
    std::string_view t = trimSpace(line.text);
    if (iequals(t, "Event Xml:") || t.starts_with("<Event")) {
      size_t at = firstEventElement(text.substr(lineOffset));
      at = at == std::string_view::npos ? at : at + lineOffset;
      if (at != std::string_view::npos) {
        xmlOffset = at;
        xmlLine = lineOfOffset(text, at);
      }
      break;
    }
    if (inDescription) {
      if (!description.empty())
        description += '\n';
      description += t;
      continue;
    }
    if (t.empty())
      continue;
    // "Computer: OPCLANDDescription:" (as printed in the guide): the description starts mid-line.
    std::string_view rest;
    if (size_t d = ifind(t, "Description:"); d != std::string_view::npos) {
      rest = trimSpace(t.substr(d + 12));
      t = trimSpace(t.substr(0, d));
      inDescription = true;
      description = std::string(rest);
      if (t.empty())
        continue;
    }
    size_t colon = t.find(':');
    if (colon == std::string_view::npos) {
      if (inDescription)
        continue;
      return Error::atLine(source, line.number,
                           fmt::format("unrecognised line \"{}\" before \"Description:\" (expected "
                                       "\"Key: value\" lines such as \"Event ID: 10016\"; from an Event "
                                       "Viewer in another language, paste the XML view instead)",
                                       t.substr(0, 60)));
    }
    std::string_view key = trimSpace(t.substr(0, colon));
    std::string_view value = trimSpace(t.substr(colon + 1));
    const KeyName *known = nullptr;
    for (const auto &k : kKeys)
      if (iequals(k.name, key))
        known = &k;
    if (!known) {
      // "Time: 5:20:48 PM" has colons in its value but a known key; an unknown key before the
      // description is tolerated (localised or extra fields), not fatal.
      continue;
    }
    if (auto set = setHeaderField(r, header, known->key, value, source, line.number); !set)
      return set.error();
  }
  if (!header.date.empty())
    r.timeText = header.time.empty() ? header.date : header.date + " " + header.time;
  r.message = std::string(trimSpace(description));

  if (xmlOffset != std::string_view::npos) {
    auto xml = parseEventXml(text.substr(xmlOffset), source, xmlLine);
    if (!xml)
      return xml.error();
    if (header.sawEventId && xml->eventId != r.eventId)
      return Error::atLine(source, xmlLine,
                           fmt::format("the text says Event ID {} but its XML says {}", r.eventId, xml->eventId));
    if (!header.sawEventId) {
      r.eventId = xml->eventId;
      header.sawEventId = true;
    }
    mergeXml(r, std::move(*xml));
  }
  if (auto complete = checkComplete(r, header.sawEventId, inDescription, lines, lines[firstUsed].number, source);
      !complete)
    return complete.error();
  return r;
}

} // namespace dd::audit
