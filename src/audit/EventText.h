// Reads one event pasted from Event Viewer: the old text form the guide prints ("Event Type: /
// Event Source: / Event Category: / Event ID: / Date: / Time: / User: / Computer: /
// Description:"), the modern copy ("Log Name: / Source: / Date: / Event ID: / Task Category: /
// Level: / Keywords: / User: / Computer: / Description:", optionally followed by "Event Xml:"),
// or the event's XML view (<Event xmlns=...>).
//
// Why a hand-written reader: the text forms are loose, line-oriented "Key: value" dumps
// (with wrapped descriptions, and in the guide even a missing line break before
// "Description:") that no library reads; the XML part goes through pugixml.
#pragma once

#include "audit/EventRecord.h"
#include "support/Result.h"

#include <string>
#include <string_view>

namespace dd::audit {

// Inputs larger than this are refused (a pasted event is a few kilobytes).
inline constexpr size_t MaxEventTextSize = 1 << 20;

// Parses the first event in `text`. `source` names the input in errors ("<stdin>", a file).
Result<EventRecord> parseEventText(std::string_view text, const std::string &source = "<stdin>");

// Parses an <Event> element as Windows renders it (EventData/UserData values by name,
// RenderingInfo/Message when present). `firstLine` is the line the XML starts on in `source`.
Result<EventRecord> parseEventXml(std::string_view xml, const std::string &source = "<stdin>", uint64_t firstLine = 1);

} // namespace dd::audit
