// One event record decoded into the fields the triage and `evtx dump --jsonl` use, without
// building XML text: EventBuilder is a binary XML visitor (see BinXml.h) that picks the
// System fields and the EventData/UserData name/value pairs out of the token walk.
#pragma once

#include "evtx/BinXml.h"
#include "evtx/Value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::evtx {

struct DataItem {
  std::string name;  // Data/@Name; "1", "2", ... (position in EventData) for unnamed Data;
                     // the element name for other EventData children (Binary) and UserData leaves
  std::string value; // text form of the value (Value.h)
};

struct Event {
  // From the record header.
  uint64_t recordId = 0;    // event record identifier
  uint64_t writtenTime = 0; // FILETIME the record was written
  uint64_t offset = 0;      // file offset of the record
  bool damaged = false;     // the record's end was overwritten; its readable values are here

  // From Event/System.
  std::string provider;        // Provider/@Name
  std::string providerGuid;    // Provider/@Guid
  std::string eventSourceName; // Provider/@EventSourceName (classic event sources)
  std::optional<uint32_t> eventId;
  std::optional<uint16_t> qualifiers; // EventID/@Qualifiers
  std::optional<uint8_t> version;
  std::optional<uint8_t> level;
  std::optional<uint16_t> task;
  std::optional<uint8_t> opcode;
  std::string keywords;                // "0x8020000000000000"
  std::optional<uint64_t> timeCreated; // TimeCreated/@SystemTime as FILETIME
  std::optional<uint64_t> eventRecordId;
  std::optional<uint32_t> processId, threadId; // Execution/@ProcessID, @ThreadID
  std::string channel;
  std::string computer;
  std::string userSid; // Security/@UserID, empty when absent

  // EventData/Data (or UserData leaves), in document order.
  std::vector<DataItem> data;
  bool userData = false; // the pairs came from UserData

  // TimeCreated when the event has it, else the record's written time.
  uint64_t time() const { return timeCreated.value_or(writtenTime); }
  // The value of the first data item called `name`, or nullptr.
  const std::string *find(std::string_view name) const;
  void clear(); // keeps string capacity (and the data items' strings) for reuse
};

// Appends one JSON object and a newline (the `evtx dump --jsonl` line; docs/evtx.md).
void appendJsonLine(std::string &out, const Event &event);
// Appends `text` as a JSON string literal (quotes included).
void appendJsonString(std::string &out, std::string_view text);
// The same without the quotes: JSON escaping is byte by byte, so pieces of a string can be
// escaped one after the other.
void appendJsonEscaped(std::string &out, std::string_view text);
// Appends the key of a data item: "name": for the first item of that name, "name_2":,
// "name_3":, ... for the next ones (`seen` counts it), so the object keeps every pair.
void appendJsonDataKey(std::string &out, std::string_view name, unsigned seen);
// Appends the text form of `value` (appendValueText) JSON-escaped, without quotes. `scratch`
// is reused space, needed only when the text has characters to escape.
void appendJsonValue(std::string &out, const Value &value, std::string &scratch);
// Appends the character an entity reference (&lt; ...) stands for; "&name;" when unknown.
void appendEntityText(std::string &out, std::string_view name);

// Binary XML visitor that fills an Event. Reuse one per thread: begin() for each record.
class EventBuilder {
public:
  void begin(Event &event);
  void finish();

  void open(std::string_view name);
  void attribute(std::string_view name);
  void closeStart() { finishAttribute(); }
  void closeEmpty();
  void end();
  void text(std::string_view text);
  void cdata(std::string_view text) { this->text(text); }
  void charRef(uint16_t c);
  void entityRef(std::string_view name);
  void pi(std::string_view, std::string_view) {}
  void value(const Value &value);

private:
  enum class Area : uint8_t { Other, System, EventData, UserData };
  struct Level {
    std::string_view name;
    int32_t item = -1; // data item this element fills
    bool hasChild = false;
  };
  std::string *target();
  void finishAttribute();
  void pop();

  Event *event_ = nullptr;
  std::vector<Level> stack_;
  Area area_ = Area::Other;
  std::string *field_ = nullptr; // System field being filled
  int32_t item_ = -1;            // data item being filled
  uint32_t dataPosition_ = 0;
  size_t dataUsed_ = 0; // items of event_->data in use; the rest are kept for their capacity
  bool inAttribute_ = false;
  std::string_view attributeName_;
  std::string attributeValue_;
  std::optional<uint64_t> attributeFileTime_;
  std::string eventIdText_, versionText_, levelText_, taskText_, opcodeText_, recordIdText_;
};

} // namespace dd::evtx
