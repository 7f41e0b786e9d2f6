// EventRecord -> EventFacts (see EventFacts.h). Data and descriptions are read by the
// catalogue's layouts (catalog/Events.h: parameter order and template per Windows version); a
// description no template matches (wrapped differently, an older wording) is read by phrases of
// Windows' English message texts (Microsoft's DCOM event list for Windows Server 2008 R2,
// KB5004442, the Security audit event pages, and the events printed in the guide); a
// localised description yields fewer facts, never an error. Plain string scanning, no
// std::regex: its recursive matcher can exhaust the stack on long pasted input.
#include "audit/EventFacts.h"
#include "support/Text.h"

#include "catalog/Codes.h"
#include "catalog/Events.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace dd::audit {
namespace {

using sv = std::string_view;
constexpr size_t npos = sv::npos;

sv trimPunct(sv s) {
  s = trimSpace(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';'))
    s.remove_suffix(1);
  return s;
}

// All runs of whitespace as one space: wrapped descriptions read as one line.
std::string collapse(sv s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty())
      out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The token right after `phrase` (up to the next space), or "" when absent.
sv tokenAfter(sv text, sv phrase) {
  size_t at = ifind(text, phrase);
  if (at == npos)
    return {};
  sv rest = trimSpace(text.substr(at + phrase.size()));
  size_t end = rest.find(' ');
  return trimPunct(rest.substr(0, end));
}

// The text between `phrase` and the first of `ends` that follows it (or the end).
sv between(sv text, sv phrase, std::initializer_list<sv> ends) {
  size_t at = ifind(text, phrase);
  if (at == npos)
    return {};
  sv rest = text.substr(at + phrase.size());
  size_t cut = rest.size();
  for (sv e : ends)
    if (size_t p = ifind(rest, e); p != npos)
      cut = std::min(cut, p);
  return trimSpace(rest.substr(0, cut));
}

void setIfEmpty(std::string &field, sv value) {
  if (field.empty() && !value.empty())
    field = std::string(value);
}

void splitAccount(sv account, std::string &domain, std::string &user) {
  account = trimSpace(account);
  if (account.empty())
    return;
  if (size_t bs = account.find('\\'); bs != npos) {
    setIfEmpty(domain, trimSpace(account.substr(0, bs)));
    setIfEmpty(user, trimSpace(account.substr(bs + 1)));
  } else {
    setIfEmpty(user, account);
  }
}

std::string normaliseCode(sv text) {
  if (auto c = parseCode(trimSpace(text)))
    return formatCode(*c);
  return std::string(trimSpace(text));
}

// Assigns one named parameter (from the knowledge base's parameter list) to its field.
void assign(EventFacts &f, sv name, sv value) {
  value = trimSpace(value);
  if (value.empty() || value == "-")
    return;
  if (name == "scope")
    setIfEmpty(f.scope, value);
  else if (name == "locality")
    setIfEmpty(f.locality, value);
  else if (name == "right")
    setIfEmpty(f.right, value);
  else if (name == "clsid")
    setIfEmpty(f.clsid, value);
  else if (name == "appid")
    setIfEmpty(f.appid, value);
  else if (name == "server")
    setIfEmpty(f.server, value);
  else if (name == "domain")
    setIfEmpty(f.domain, value);
  else if (name == "user")
    setIfEmpty(f.user, value);
  else if (name == "sid")
    setIfEmpty(f.sid, value);
  else if (name == "address")
    setIfEmpty(f.address, value);
  else if (name == "computer")
    setIfEmpty(f.computer, value);
  else if (name == "error")
    setIfEmpty(f.error, value);
  else if (name == "application")
    setIfEmpty(f.application, value);
  else if (name == "pid")
    setIfEmpty(f.pid, value);
  else if (name == "level")
    setIfEmpty(f.level, value);
  else if (name == "status")
    setIfEmpty(f.status, normaliseCode(value));
  else if (name == "sub_status")
    setIfEmpty(f.subStatus, normaliseCode(value));
  else if (name == "logon_type")
    setIfEmpty(f.logonType, value);
  else if (name == "workstation")
    setIfEmpty(f.workstation, value);
  else if (name == "package")
    setIfEmpty(f.package, value);
}

// Index of "param7" (or "7", how dd::evtx names unnamed Data) -> 6; nullopt for other names.
std::optional<size_t> paramIndex(sv name) {
  if (name.size() >= 6 && iequals(name.substr(0, 5), "param"))
    name.remove_prefix(5);
  if (name.empty() || name.size() > 2)
    return std::nullopt;
  size_t n = 0;
  auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), n);
  if (ec != std::errc() || p != name.data() + name.size() || n == 0)
    return std::nullopt;
  return n - 1;
}

// One parameter of a layout; 4625 logs the NULL SID for an account it could not map: no SID.
void assignParam(EventFacts &f, sv field, sv value) {
  if (field == "sid" && (value == "S-1-0-0" || value == "NULL SID"))
    return;
  assign(f, field, value);
}

// The event's data by the catalogue's layouts: named data (Security events) by the layout that
// names them, numbered insertion strings (DCOM's param1.. or unnamed) by the layout with as many
// parameters (Windows Server 2008 R2's 10016 has 8, without APPID; Windows 8's has 11).
void fromData(EventFacts &f, const EventRecord &r) {
  bool named = false;
  for (const auto &[name, value] : r.data) {
    const catalog::EventLayout *layout = name.empty() ? nullptr : catalog::layoutWithData(r.eventId, name);
    if (!layout)
      continue;
    named = true;
    for (size_t i = 0; i < layout->dataNames.size(); ++i) {
      if (layout->dataNames[i] != name)
        continue;
      assignParam(f, layout->params[i], value);
    }
  }
  if (named || !f.info)
    return;
  const catalog::EventLayout *layout = catalog::layoutWithParams(r.eventId, r.data.size());
  if (!layout)
    return;
  for (size_t i = 0; i < r.data.size(); ++i) {
    size_t index = paramIndex(r.data[i].first).value_or(i);
    if (index < layout->params.size())
      assign(f, layout->params[index], r.data[i].second);
  }
}

// The description read back by the event's template (any Windows version's layout); fills what
// the data did not give.
void fromTemplate(EventFacts &f, const EventRecord &r) {
  if (r.message.empty())
    return;
  auto parsed = catalog::parseAny(r.eventId, r.message);
  if (!parsed)
    return;
  for (size_t i = 0; i < parsed->layout->params.size(); ++i)
    assignParam(f, parsed->layout->params[i], parsed->values[i]);
}

// "Key: value" lines of a Security description, with the section ("Subject", "New Logon",
// "Account For Which Logon Failed", ...) they are under.
struct KeyValue {
  std::string section;
  std::string key;
  std::string value;
};

std::vector<KeyValue> keyValues(sv message) {
  std::vector<KeyValue> out;
  std::string section;
  size_t start = 0;
  while (start < message.size()) {
    size_t end = message.find('\n', start);
    if (end == npos)
      end = message.size();
    sv line = trimSpace(message.substr(start, end - start));
    start = end + 1;
    size_t colon = line.find(':');
    if (colon == npos || colon == 0)
      continue;
    sv key = trimSpace(line.substr(0, colon));
    sv value = trimSpace(line.substr(colon + 1));
    if (value.empty()) {
      section = std::string(key);
      continue;
    }
    out.push_back({section, std::string(key), std::string(value)});
  }
  return out;
}

sv lookup(const std::vector<KeyValue> &kvs, sv key, sv section = {}) {
  sv fallback;
  for (const auto &kv : kvs) {
    if (!iequals(kv.key, key))
      continue;
    if (section.empty() || iequals(kv.section, section))
      return kv.value;
    fallback = kv.value;
  }
  return section.empty() ? sv{} : fallback;
}

void securityFromText(EventFacts &f, sv message) {
  auto kvs = keyValues(message);
  sv accountSection = f.eventId == 4625 ? "Account For Which Logon Failed" : "New Logon";
  switch (f.eventId) {
  case 4625:
  case 4624:
    setIfEmpty(f.user, lookup(kvs, "Account Name", accountSection));
    setIfEmpty(f.domain, lookup(kvs, "Account Domain", accountSection));
    if (sv sid = lookup(kvs, "Security ID", accountSection); sid.starts_with("S-1-") && sid != "S-1-0-0")
      setIfEmpty(f.sid, sid);
    if (sv s = lookup(kvs, "Status"); !s.empty())
      setIfEmpty(f.status, normaliseCode(s));
    if (sv s = lookup(kvs, "Sub Status"); !s.empty())
      setIfEmpty(f.subStatus, normaliseCode(s));
    setIfEmpty(f.logonType, lookup(kvs, "Logon Type"));
    setIfEmpty(f.workstation, lookup(kvs, "Workstation Name"));
    setIfEmpty(f.address, lookup(kvs, "Source Network Address"));
    setIfEmpty(f.package, lookup(kvs, "Authentication Package"));
    break;
  case 4776:
  case 680:
    splitAccount(lookup(kvs, "Logon Account"), f.domain, f.user);
    setIfEmpty(f.workstation, lookup(kvs, "Source Workstation"));
    if (sv s = lookup(kvs, "Error Code"); !s.empty())
      setIfEmpty(f.status, normaliseCode(s));
    setIfEmpty(f.package, lookup(kvs, "Logon attempt by"));
    setIfEmpty(f.package, lookup(kvs, "Authentication Package"));
    break;
  case 529:
    setIfEmpty(f.user, lookup(kvs, "User Name"));
    setIfEmpty(f.domain, lookup(kvs, "Domain"));
    setIfEmpty(f.logonType, lookup(kvs, "Logon Type"));
    setIfEmpty(f.workstation, lookup(kvs, "Workstation Name"));
    setIfEmpty(f.address, lookup(kvs, "Source Network Address"));
    setIfEmpty(f.package, lookup(kvs, "Authentication Package"));
    break;
  default: break;
  }
  for (const auto &kv : kvs)
    f.parameters.emplace_back(kv.section.empty() ? kv.key : kv.section + "/" + kv.key, kv.value);
}

void dcomFromText(EventFacts &f, sv m) {
  if (ifind(m, "application-specific") != npos)
    setIfEmpty(f.scope, "application-specific");
  else if (ifind(m, "machine-default") != npos)
    setIfEmpty(f.scope, "machine-default");
  else if (ifind(m, "computer-wide limit") != npos || ifind(m, "computer wide limit") != npos ||
           ifind(m, "machine wide limit") != npos || ifind(m, "machine-wide limit") != npos)
    setIfEmpty(f.scope, "computer-wide limit");

  if (size_t at = ifind(m, "do not grant "); at != npos) {
    sv rest = m.substr(at + 13);
    size_t sp = rest.find(' ');
    sv first = rest.substr(0, sp);
    sv second;
    if (sp != npos) {
      sv r2 = trimSpace(rest.substr(sp));
      second = r2.substr(0, r2.find(' '));
    }
    if (iequals(first, "Local") || iequals(first, "Remote"))
      setIfEmpty(f.locality, iequals(first, "Local") ? "Local" : "Remote");
    if (iequals(second, "Launch"))
      setIfEmpty(f.right, "Launch");
    else if (iequals(second, "Activation"))
      setIfEmpty(f.right, "Activation");
    else if (iequals(second, "Access"))
      setIfEmpty(f.right, "Access");
  }
  setIfEmpty(f.clsid, tokenAfter(m, "CLSID "));
  setIfEmpty(f.appid, tokenAfter(m, "APPID "));
  sv account;
  if (ifind(m, " SID (") != npos) {
    account = between(m, "to the user ", {" SID ("});
    if (account.empty())
      account = between(m, "allow the user ", {" SID ("});
    sv sid = between(m, "SID (", {")"});
    if (sid.starts_with("S-1-") || sid.starts_with("s-1-"))
      setIfEmpty(f.sid, sid);
  } else {
    account = between(m, "to the user ", {" from address", ". This"});
  }
  splitAccount(account, f.domain, f.user);
  setIfEmpty(f.address, trimPunct(between(m, "from address ", {" running in", " to activate", ". This"})));
  if (f.eventId == 10010)
    setIfEmpty(f.server, between(m, "The server ", {" did not register"}));
  if (f.eventId == 10009 || f.eventId == 10028)
    setIfEmpty(f.computer, between(m, "with the computer ", {" using"}));
  if (f.eventId == 10004 || f.eventId == 10006) {
    setIfEmpty(f.error, between(m, "error \"", {"\""}));
    if (f.eventId == 10006) {
      setIfEmpty(f.computer, between(m, "from the computer ", {" when"}));
      setIfEmpty(f.server, trimPunct(between(m, "server:", {" with file"})));
    } else {
      sv acct = between(m, "unable to logon ", {" in order"});
      if (acct.empty())
        acct = between(m, "could not log on ", {" in order"});
      splitAccount(acct, f.domain, f.user);
      setIfEmpty(f.server, trimPunct(between(m, "run the server:", {})));
    }
  }
  if (f.eventId == 10017)
    setIfEmpty(f.server, between(m, "COM Server application ", {" to the user"}));
  if (f.eventId == 10037 || f.eventId == 10038) {
    setIfEmpty(f.application, between(m, "Application ", {" with PID"}));
    setIfEmpty(f.pid, tokenAfter(m, "with PID "));
    setIfEmpty(f.clsid, tokenAfter(m, "activate CLSID "));
    setIfEmpty(f.computer, tokenAfter(m, "on computer "));
    setIfEmpty(f.level, tokenAfter(m, "level at "));
  }
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool mentionsOpc(sv text) {
  for (size_t at = ifind(text, "OPC"); at != npos; at = ifind(text, "OPC", at + 1)) {
    bool startOk = at == 0 || !isWordChar(text[at - 1]);
    // "OPCServer", "OPCEnum", "OPC DA": OPC followed by upper case or a non-letter counts.
    bool endOk = at + 3 >= text.size() || !std::islower(static_cast<unsigned char>(text[at + 3]));
    if (startOk && endOk)
      return true;
  }
  return false;
}

const EventInfo *findBySymbol(sv symbol) {
  for (const auto &e : allEvents())
    if (e.symbol == symbol)
      return &e;
  return nullptr;
}

} // namespace

std::optional<uint32_t> parseCode(std::string_view text) {
  text = trimSpace(text);
  if (text.empty() || text.size() > 20)
    return std::nullopt;
  auto hex = [](sv digits) -> std::optional<uint32_t> {
    if (digits.empty() || digits.size() > 8)
      return std::nullopt;
    uint32_t v = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, 16);
    if (ec != std::errc() || p != digits.data() + digits.size())
      return std::nullopt;
    return v;
  };
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    return hex(text.substr(2));
  if (text.size() == 8 &&
      std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
    return hex(text);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 10);
  if (ec != std::errc() || p != text.data() + text.size())
    return std::nullopt;
  if (v < 0 && v >= INT32_MIN)
    return static_cast<uint32_t>(static_cast<int32_t>(v));
  if (v >= 0x80000000LL && v <= 0xFFFFFFFFLL)
    return static_cast<uint32_t>(v);
  return std::nullopt;
}

std::string formatCode(uint32_t code) { return fmt::format("0x{:08X}", code); }

std::string EventFacts::account() const {
  if (user.empty())
    return {};
  return domain.empty() ? user : domain + "\\" + user;
}

bool isOpcServerError(const EventRecord &r) {
  bool isError = (r.level && (*r.level == 1 || *r.level == 2)) || iequals(r.eventType, "Error");
  if (!isError)
    return false;
  if (!r.channel.empty() && !iequals(r.channel, "Application"))
    return false;
  if (mentionsOpc(r.provider) || mentionsOpc(r.message))
    return true;
  for (const auto &[name, value] : r.data)
    if (mentionsOpc(value))
      return true;
  return false;
}

EventFacts extractFacts(const EventRecord &r) {
  EventFacts f;
  f.eventId = r.eventId;
  f.info = findEvent(r.eventId, r.provider, r.message);
  if (!f.info && (ifind(r.provider, "Active Server Pages") != npos || ifind(r.provider, "ASP") == 0))
    f.info = findEventByMessage(r.message.empty() && !r.data.empty() ? r.data.front().second : r.message);
  if (!f.info)
    f.info = findEventByMessage(r.message);
  if (!f.info && isOpcServerError(r))
    f.info = findBySymbol("opc-server-error");

  if (f.info) {
    if (f.info->symbol == "opc-server-error")
      f.family = EventFamily::OpcServer;
    else if (f.info->log == EventLog::Security)
      f.family = EventFamily::Security;
    else if (f.info->log == EventLog::Application)
      f.family = EventFamily::Asp;
    else
      f.family = EventFamily::Dcom;
  }

  // The parameters as Windows shows them: "%%2313" is "Unknown user name or bad password.".
  for (size_t i = 0; i < r.data.size(); ++i)
    f.parameters.emplace_back(r.data[i].first.empty() ? fmt::format("param{}", i + 1) : r.data[i].first,
                              catalog::translateInsertions(r.data[i].second));
  fromData(f, r);
  if (f.family == EventFamily::Dcom || f.family == EventFamily::Security)
    fromTemplate(f, r);

  const std::string m = collapse(r.message);
  switch (f.family) {
  case EventFamily::Dcom: dcomFromText(f, m); break;
  case EventFamily::Security: securityFromText(f, r.message); break;
  case EventFamily::Asp: {
    sv app = tokenAfter(m, "ASP Application ");
    if (app.empty())
      for (const auto &[name, value] : r.data)
        if (sv v = trimSpace(value); v.starts_with("/LM/"))
          app = v;
    setIfEmpty(f.aspApplication, app);
    break;
  }
  default: break;
  }
  // The old text form names the user in its header ("User: NT AUTHORITY\ANONYMOUS LOGON").
  if (f.family == EventFamily::Dcom && f.user.empty())
    splitAccount(r.userText, f.domain, f.user);
  if (f.family == EventFamily::Dcom && f.sid.empty() && !r.userSid.empty() &&
      (f.eventId == 10015 || f.eventId == 10016 || f.eventId == 10017 || f.eventId == 10018 || f.eventId == 10019 ||
       f.eventId == 10027 || f.eventId == 10036))
    f.sid = r.userSid;
  // "Unavailable" is how DCOM writes an APPID or container it does not know.
  if (iequals(f.appid, "Unavailable"))
    f.appid.clear();
  if (f.family == EventFamily::Dcom && !f.right.empty()) {
    f.right[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(f.right[0])));
    for (size_t i = 1; i < f.right.size(); ++i)
      f.right[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(f.right[i])));
  }
  if (!f.locality.empty()) {
    if (iequals(f.locality, "local"))
      f.locality = "Local";
    else if (iequals(f.locality, "remote"))
      f.locality = "Remote";
  }
  return f;
}

} // namespace dd::audit
