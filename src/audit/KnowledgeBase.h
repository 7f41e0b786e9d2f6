// The knowledge base: what an HRESULT, an NTSTATUS logon status, or a logged event means for
// DCOM between an OPC client and server, what causes it and how to fix it -- in the order and,
// where it speaks, the words of the product's source documents (the DCOM security and
// configuration guide; the client-license tech note, Tech Note 813), with Microsoft's
// documentation where the guide is silent. Each entry names its sources so a reader can check.
//
// The data are constexpr tables compiled into dd_audit (KnowledgeBase.cpp); lookups return
// pointers into them (nullptr when unknown). Nothing here allocates or reads files.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace dd::audit {

using TextList = std::span<const std::string_view>;

// How the simulator decides whether a cause holds in a plant (`explain CODE --plant`, ExplainPlant.h).
enum class CauseCheck : uint8_t {
  Step,         // holds when its step fails, or, with a sign, when the step's evidence shows the sign
  Intermittent, // as Step, but without the sign the plant's facts cannot rule it out: it comes and goes
  NotModelled,  // no step decides it; the step named (if any) holds the evidence to look at
};

// One cause of a code or an event: its text, in the guide's words and order, and the step of the
// simulator that decides it (the step id is the anchor in docs/model.md). Several causes of one
// step are told apart by a sign: phrases of the step's evidence, "a&b|c" meaning a line with both
// a and b, or a line with c (case-insensitive).
struct Cause {
  std::string_view text;
  std::string_view step = {}; // "launch-limits"; empty: no step of the model
  std::string_view sign = {};
  CauseCheck check = CauseCheck::Step;
};
using CauseList = std::span<const Cause>;

// A COM/Win32 error code as the OPC client sees it (CoCreateInstanceEx, Advise, ...).
struct HResultInfo {
  uint32_t code = 0;
  std::string_view opcMeaning;      // the system's text and what it means for OPC; empty: the system's text
  std::string_view symbol() const;  // "E_ACCESSDENIED" (the catalogue's name)
  std::string_view meaning() const; // opcMeaning, or the catalogue's system text
  CauseList causes;                 // in the guide's order
  TextList fixes;                   // in the guide's order
  std::string_view when;            // "connect", "advise", "connect or advise"
  std::string_view guide;           // the guide's chapter and section, empty when it is silent
  std::string_view microsoft;       // the Microsoft document
};

// An NTSTATUS as the Security log records it for a failed logon (Status / Sub Status /
// Error Code fields of 4625, 529, 680, 4776).
struct StatusInfo {
  uint32_t code = 0;
  std::string_view meaning;
  TextList causes;
  TextList fixes;
  std::string_view guide;
  std::string_view microsoft;
  std::string_view symbol() const; // "STATUS_WRONG_PASSWORD" (the catalogue's name)
};

enum class EventLog { System, Security, Application };
std::string_view logName(EventLog log);

// One event the triage and `explain` know.
struct EventInfo {
  uint32_t id = 0; // 0 for an event recognised by its message only (ASP)
  EventLog log = EventLog::System;
  TextList providers;       // provider / source names that log it, old and new
  std::string_view symbol;  // short stable name: "dcom-launch-denied"
  std::string_view title;   // what the event says, in one line
  std::string_view hresult; // what the client typically sees, "0x80070005", or empty
  std::string_view step;    // the simulator's step id (docs/model.md)
  CauseList causes;
  TextList fixes;
  std::string_view guide;
  std::string_view microsoft;
  std::string_view messageKey; // a phrase that identifies the event in its message text
  // Names of the event's insertion strings %1, %2, ... in order, as the newest Windows writes
  // them (the catalogue's layout; catalog/Events.h has every version's).
  TextList params() const;
};

const HResultInfo *findHResult(uint32_t code);
const StatusInfo *findStatus(uint32_t code);
// `provider` disambiguates ids that several providers use; empty matches any provider.
const EventInfo *findEvent(uint32_t id, std::string_view provider = {});
// The same, told apart by the message where Windows versions use one id for two events (10014:
// the XP Limits, the Vista-and-later COM+ refusal): the entry whose messageKey the message holds.
const EventInfo *findEvent(uint32_t id, std::string_view provider, std::string_view message);
// The event whose message contains its messageKey (ASP "Failed to impersonate..."), if any.
const EventInfo *findEventByMessage(std::string_view message);

std::span<const HResultInfo> allHResults();
std::span<const StatusInfo> allStatuses();
std::span<const EventInfo> allEvents();

// The text of a Security-log logon type ("3" -> "Network").
std::string_view logonTypeName(uint32_t type);

} // namespace dd::audit
