// What one event says, as named facts: which permission was denied to whom for which server
// (DCOM), which account failed to log on and why (Security), which ASP application could not
// impersonate its anonymous user (Application). Read from the event's data by position/name
// when it has them (.evtx, XML view), else from its rendered description (pasted text), so
// the guide's printed events and real log records give the same facts.
#pragma once

#include "audit/EventRecord.h"
#include "audit/KnowledgeBase.h"

#include <string>
#include <utility>
#include <vector>

namespace dd::audit {

enum class EventFamily { Dcom, Security, Asp, OpcServer, Other };

struct EventFacts {
  const EventInfo *info = nullptr; // nullptr: an event the knowledge base does not know
  EventFamily family = EventFamily::Other;
  uint32_t eventId = 0;

  // DCOM launch/activation/access denials.
  std::string scope;    // "application-specific", "machine-default", "computer-wide limit"
  std::string locality; // "Local", "Remote"
  std::string right;    // "Launch", "Activation", "Access"
  std::string clsid;    // "{...}" or a class name (WinRT classes log their name)
  std::string appid;
  std::string server; // 10010/10004/10006/10017: the server as the event names it
  std::string domain; // of the user
  std::string user;
  std::string sid;
  std::string address;                 // "10.0.2.17", "LocalHost (Using LRPC)"
  std::string computer;                // 10006/10009/10028/10037: the other computer
  std::string error;                   // 10004/10006: the error the event quotes
  std::string application, pid, level; // 10037/10038
  // Security logons.
  std::string status; // "0xC000006D" (normalised: 0x + 8 upper-case hex digits)
  std::string subStatus;
  std::string logonType; // "3"
  std::string workstation;
  std::string package;
  // ASP.
  std::string aspApplication; // "/LM/W3SVC/1/Root/Wonderware"

  // The event's own parameters as it carries them (name, value), for evidence.
  std::vector<std::pair<std::string, std::string>> parameters;

  std::string account() const; // "DOMAIN\user", "user", or "" when unknown
};

EventFacts extractFacts(const EventRecord &record);

// True for Application-log errors logged by an OPC server: level Critical/Error (or the old
// "Error" type) and a provider whose name contains "OPC", or a message that mentions OPC as a
// word. See docs/events.md.
bool isOpcServerError(const EventRecord &record);

// "0x80070005" for the forms an HRESULT/NTSTATUS is written in: 0x80070005, 80070005,
// -2147024891, 2147942405. nullopt when the text is none of these.
std::optional<uint32_t> parseCode(std::string_view text);
std::string formatCode(uint32_t code); // "0x80070005"

} // namespace dd::audit
