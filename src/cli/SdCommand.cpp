// `dcomdoctor sd encode|decode|check`: security descriptors between SDDL and Windows' binary
// form, and which COM rights a token gets from one (with the ACEs that decided it).
//
// Batch mode (`-` instead of the argument) reads one item per stdin line and writes exactly
// one line per input line ("error: <why>" for a bad one), so outputs can be pasted next to
// inputs; the exit status is then 1 if any item failed.
#include "cli/Commands.h"

#include "model/Defaults.h"
#include "model/Os.h"
#include "winsec/AccessCheck.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>
#include <memory>
#include <string>

namespace dd::cli {

namespace {

using namespace dd::winsec;
using nlohmann::ordered_json;

struct SdOptions {
  std::string input;
  std::string domainSid;
  std::string kind; // "", "access", "launch"
  std::vector<std::string> sids;
  std::string defaultOf; // check: the Windows default of this Ole value instead of DESCRIPTOR
  std::string os = "windows-server-2019";
  std::string want; // check: the rights asked for, dcomcnfg's words; "" = all of the kind
  bool json = false;
};

void diagnose(const std::string &where, const std::string &message) {
  if (where.empty())
    std::cerr << "dcomdoctor: " << message << "\n";
  else
    std::cerr << "dcomdoctor: " << where << ": " << message << "\n";
}

std::optional<SddlContext> makeContext(const SdOptions &options) {
  SddlContext context;
  if (options.domainSid.empty())
    return context;
  auto sid = Sid::parse(options.domainSid);
  if (!sid) {
    diagnose("--domain-sid", sid.error().message);
    return std::nullopt;
  }
  context.domainSid = *sid;
  return context;
}

std::string toHex(const std::vector<uint8_t> &bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xF];
  }
  return out;
}

// Hex digits, optionally as regedit writes them: `hex:01,00,04,80,...,\` with the value's name
// before it (`"DefaultLaunchPermission"=hex:...`) and the continuation lines of a .reg file.
Result<std::vector<uint8_t>> fromHex(std::string_view text) {
  if (size_t at = text.find("=hex:"); at != std::string_view::npos && text.starts_with('"'))
    text.remove_prefix(at + 1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  if (text.starts_with("hex:"))
    text.remove_prefix(4);
  std::vector<uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  int high = -1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    int v = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (v < 0) {
      if (c == ',' || c == ' ' || c == '\t' || c == '\\' || c == '\r' || c == '\n')
        continue;
      return Error::at(fmt::format("bad hex at character {}: '{}' is not a hex digit", i + 1, c));
    }
    if (high < 0) {
      high = v;
    } else {
      bytes.push_back(static_cast<uint8_t>(high * 16 + v));
      high = -1;
    }
  }
  if (high >= 0)
    return Error::at("bad hex: odd number of hex digits");
  if (bytes.empty())
    return Error::at("no hex digits (expected the descriptor's bytes in hex)");
  return bytes;
}

// SDDL always has a ':' (or is empty); hex never does, except in regedit's `hex:` form.
Result<SecurityDescriptor> readDescriptor(std::string_view text, const SddlContext &context) {
  if (text.empty() || text.find(':') != std::string_view::npos) {
    if (text.find("hex:") != std::string_view::npos) {
      auto bytes = fromHex(text);
      if (!bytes)
        return bytes.error();
      return SecurityDescriptor::fromBinary(*bytes);
    }
    return parseSddl(text, context);
  }
  auto bytes = fromHex(text);
  if (!bytes)
    return bytes.error();
  return SecurityDescriptor::fromBinary(*bytes);
}

std::string errorText(const Error &error) {
  return error.offset ? fmt::format("offset 0x{:x}: {}", *error.offset, error.message) : error.message;
}

// Runs `one` on the argument or, for "-", on every stdin line; returns the exit status.
template <class Fn>
int forEachItem(const std::string &input, bool json, Fn one) {
  if (input != "-") {
    auto line = one(input);
    if (!line) {
      diagnose("", errorText(line.error()));
      return 2;
    }
    std::cout << *line << "\n";
    return 0;
  }
  int status = 0;
  std::string text;
  uint64_t number = 0;
  while (std::getline(std::cin, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r')
      text.pop_back();
    auto line = one(text);
    if (line) {
      std::cout << *line << "\n";
      continue;
    }
    status = 1;
    std::string why = errorText(line.error());
    diagnose(fmt::format("<stdin>:{}", number), why);
    if (json)
      std::cout << ordered_json{{"line", number}, {"error", why}}.dump() << "\n";
    else
      std::cout << "error: " << why << "\n";
  }
  return status;
}

// Which COM permission a descriptor holds, when the user did not say: COM ACE masks use only
// the five COM bits (with EXECUTE); activation bits mean launch permissions.
std::optional<com::PermissionKind> comKind(const SecurityDescriptor &sd, const std::string &option) {
  if (option == "access")
    return com::PermissionKind::Access;
  if (option == "launch")
    return com::PermissionKind::Launch;
  if (!sd.dacl || sd.dacl->aces.empty())
    return std::nullopt;
  bool activation = false;
  for (const Ace &ace : sd.dacl->aces) {
    if (!(ace.mask & com::Execute) || (ace.mask & ~0x1Fu))
      return std::nullopt;
    activation = activation || (ace.mask & (com::ActivateLocal | com::ActivateRemote));
  }
  return activation ? com::PermissionKind::Launch : com::PermissionKind::Access;
}

std::string principal(const Sid &sid) {
  std::string name = displayName(sid);
  if (name == sid.str()) {
    auto rid = wellKnownRidName(sid.rid());
    if (!rid.empty() && sid.subAuthorities().size() >= 2 && sid.identifierAuthority() == 5 &&
        sid.subAuthorities()[0] == 21)
      return fmt::format(
          "{} of domain/machine {}", rid,
          Sid(5, std::vector<uint32_t>(sid.subAuthorities().begin(), sid.subAuthorities().end() - 1)).str());
  }
  return name;
}

const char *aceTypeWord(const Ace &ace) {
  switch (ace.type) {
  case AceType::AccessAllowed: return "allow";
  case AceType::AccessDenied: return "deny";
  case AceType::SystemAudit: return "audit";
  case AceType::SystemAlarm: return "alarm";
  case AceType::AccessAllowedObject: return "allow-object";
  case AceType::AccessDeniedObject: return "deny-object";
  case AceType::SystemAuditObject: return "audit-object";
  case AceType::SystemAlarmObject: return "alarm-object";
  case AceType::SystemMandatoryLabel: return "label";
  case AceType::SystemScopedPolicyId: return "scoped-policy";
  default: return "other";
  }
}

std::string aceFlagsText(uint8_t flags) {
  // The SDDL flag letters of this ACE, taken from its SDDL form: "(A;OICI;...)" -> "OICI".
  Ace probe;
  probe.flags = flags;
  std::string sddl = formatSddlAce(probe);
  size_t a = sddl.find(';'), b = sddl.find(';', a + 1);
  return sddl.substr(a + 1, b - a - 1);
}

std::string rightsText(const Ace &ace, std::optional<com::PermissionKind> kind) {
  std::string letters = formatSddlRights(ace.mask, ace.type);
  std::string raw = letters.empty() ? "0x0" : letters;
  if (letters.empty() || letters.starts_with("0x"))
    raw = fmt::format("0x{:x}", ace.mask);
  else
    raw = fmt::format("{} = 0x{:x}", letters, ace.mask);
  if (!kind)
    return raw;
  uint32_t effective = com::effectiveComRights(ace.mask, *kind);
  std::string words = com::describeComRights(effective, *kind);
  if (effective != ace.mask)
    return fmt::format("{} ({}; EXECUTE alone, old-style: all rights)", words, raw);
  return fmt::format("{} ({})", words, raw);
}

ordered_json sidJson(const Sid &sid, const SddlContext &context) {
  return ordered_json{{"sid", sid.str()}, {"sddl", formatSddlSid(sid, context)}, {"name", principal(sid)}};
}

ordered_json aclJson(const std::optional<Acl> &acl, bool present, std::optional<com::PermissionKind> kind,
                     const SddlContext &context) {
  if (!present && !acl)
    return nullptr;
  ordered_json out;
  out["null"] = !acl.has_value();
  if (!acl)
    return out;
  out["revision"] = acl->revision;
  if (acl->declaredSize)
    out["declared_size"] = *acl->declaredSize;
  ordered_json aces = ordered_json::array();
  for (const Ace &ace : acl->aces) {
    ordered_json a;
    a["sddl"] = formatSddlAce(ace, context);
    a["type"] = aceTypeWord(ace);
    a["flags"] = aceFlagsText(ace.flags);
    a["mask"] = ace.mask;
    a["rights"] = formatSddlRights(ace.mask, ace.type);
    a["principal"] = sidJson(ace.sid, context);
    if (kind) {
      uint32_t effective = com::effectiveComRights(ace.mask, *kind);
      a["com_rights"] = com::describeComRights(effective, *kind);
      a["com_effective_mask"] = effective;
    }
    aces.push_back(std::move(a));
  }
  out["aces"] = std::move(aces);
  return out;
}

std::string decodeText(const SecurityDescriptor &sd, const SdOptions &options, const SddlContext &context) {
  auto kind = comKind(sd, options.kind);
  std::string out = formatSddl(sd, context);
  if (sd.owner)
    out += fmt::format("\nowner: {} ({})", principal(*sd.owner), sd.owner->str());
  if (sd.group)
    out += fmt::format("\ngroup: {} ({})", principal(*sd.group), sd.group->str());
  if (kind)
    out += fmt::format("\nrights read as COM {} permissions{}", com::kindName(*kind),
                       options.kind.empty() ? " (guessed from the masks; --kind to choose)" : "");
  auto table = [&](const char *name, const std::optional<Acl> &acl, bool present,
                   std::optional<com::PermissionKind> k) {
    if (!present && !acl)
      return;
    if (!acl) {
      out += fmt::format("\n{}: NULL (no {}: {})", name, name,
                         name[0] == 'D' ? "everyone is granted everything" : "no auditing");
      return;
    }
    if (acl->aces.empty()) {
      out += fmt::format("\n{}: empty{}", name, name[0] == 'D' ? " (grants nothing to anyone)" : "");
      return;
    }
    out += fmt::format("\n{}:\n  {:>3}  {:<12} {:<8} {:<48} {}", name, "#", "type", "flags", "principal", "rights");
    for (size_t i = 0; i < acl->aces.size(); ++i) {
      const Ace &ace = acl->aces[i];
      std::string who = fmt::format("{} ({})", principal(ace.sid), formatSddlSid(ace.sid, context));
      out += fmt::format("\n  {:>3}  {:<12} {:<8} {:<48} {}", i, aceTypeWord(ace), aceFlagsText(ace.flags), who,
                         rightsText(ace, k));
    }
  };
  table("DACL", sd.dacl, sd.control & sdcontrol::DaclPresent, kind);
  table("SACL", sd.sacl, sd.control & sdcontrol::SaclPresent, std::nullopt);
  return out;
}

ordered_json decodeJson(const SecurityDescriptor &sd, const SdOptions &options, const SddlContext &context) {
  auto kind = comKind(sd, options.kind);
  ordered_json out;
  out["sddl"] = formatSddl(sd, context);
  out["hex"] = toHex(sd.toBinary());
  out["control"] = sd.control;
  out["owner"] = sd.owner ? sidJson(*sd.owner, context) : ordered_json(nullptr);
  out["group"] = sd.group ? sidJson(*sd.group, context) : ordered_json(nullptr);
  out["com_kind"] = kind ? ordered_json(com::kindName(*kind)) : ordered_json(nullptr);
  out["dacl"] = aclJson(sd.dacl, sd.control & sdcontrol::DaclPresent, kind, context);
  out["sacl"] = aclJson(sd.sacl, sd.control & sdcontrol::SaclPresent, std::nullopt, context);
  return out;
}

int runEncode(const SdOptions &options) {
  auto context = makeContext(options);
  if (!context)
    return 2;
  return forEachItem(options.input, options.json, [&](const std::string &sddl) -> Result<std::string> {
    auto sd = parseSddl(sddl, *context);
    if (!sd)
      return sd.error();
    std::string hex = toHex(sd->toBinary());
    if (options.json)
      return ordered_json{{"sddl", sddl}, {"hex", hex}}.dump();
    return hex;
  });
}

int runDecode(const SdOptions &options) {
  auto context = makeContext(options);
  if (!context)
    return 2;
  const bool batch = options.input == "-";
  return forEachItem(options.input, options.json, [&](const std::string &hex) -> Result<std::string> {
    auto bytes = fromHex(hex);
    if (!bytes)
      return bytes.error();
    auto sd = SecurityDescriptor::fromBinary(*bytes);
    if (!sd)
      return sd.error();
    if (options.json)
      return decodeJson(*sd, options, *context).dump(batch ? -1 : 2);
    // In batch mode one line per input: the SDDL only.
    return batch ? formatSddl(*sd, *context) : decodeText(*sd, options, *context);
  });
}

// A --sid: an SDDL alias, a SID string, or a name as Windows shows it ("Distributed COM Users",
// "BUILTIN\Users", "NT AUTHORITY\NETWORK", "Everyone").
Result<Sid> principalSid(const std::string &text, const SddlContext &context) {
  if (auto sid = parseSddlSid(text, context))
    return sid;
  if (auto sid = sidOfName(text, context))
    return *sid;
  return Error::at(
      fmt::format("unknown principal \"{}\": give a SID (S-1-5-21-...-1001), an SDDL alias (WD, AU, NU, BA) or a "
                  "name Windows shows (Everyone, NT AUTHORITY\\NETWORK, BUILTIN\\Distributed COM Users; "
                  "Domain Users with --domain-sid); a local or domain user needs its SID",
                  text));
}

// The Windows default of an absent HKLM\SOFTWARE\Microsoft\Ole value on `os` (model/Defaults.h),
// with the document it comes from and the kind of permission it holds.
struct OleDefault {
  std::string sddl;
  std::string source;
  com::PermissionKind kind;
};
Result<OleDefault> oleDefault(std::string_view value, std::string_view osText) {
  auto os = model::OsVersion::parse(osText);
  if (!os)
    return Error::at("--os: " + os.error().message);
  const auto defaults = model::defaultDescriptors(*os);
  // The SDDL is the simulator's (model/Defaults); the source named is Microsoft's page for the
  // value (COM registry reference, https://learn.microsoft.com/windows/win32/com/<value>).
  struct Known {
    const char *name;
    const char *sddl;
    com::PermissionKind kind;
  };
  const Known known[] = {
      {"DefaultLaunchPermission", defaults.defaultLaunchPermission, com::PermissionKind::Launch},
      {"DefaultAccessPermission", model::kComBuiltinAccessSddl, com::PermissionKind::Access},
      {"MachineLaunchRestriction", defaults.machineLaunchRestriction, com::PermissionKind::Launch},
      {"MachineAccessRestriction", defaults.machineAccessRestriction, com::PermissionKind::Access},
  };
  for (const Known &k : known) {
    if (!model::iequals(k.name, value))
      continue;
    if (!k.sddl)
      return Error::at(fmt::format("--default {}: {} has no such value (the Limits exist from "
                                   "Windows XP SP2 and Server 2003 SP1 on)",
                                   k.name, os->displayName()));
    std::string source = fmt::format("Microsoft, \"{}\" (COM registry reference)", k.name);
    if (!os->hasLimits())
      source += "; before XP SP2 and Server 2003 SP1 old-style EXECUTE ACEs (Microsoft, \"DCOM "
                "security enhancements in Windows XP SP2 and Windows Server 2003 SP1\")";
    return OleDefault{k.sddl, fmt::format("the {} default of an absent {} ({})", os->displayName(), k.name, source),
                      k.kind};
  }
  return Error::at(fmt::format("--default {}: expected DefaultLaunchPermission, "
                               "DefaultAccessPermission, MachineLaunchRestriction or "
                               "MachineAccessRestriction",
                               value));
}

// What `sd check` decided, for the text and JSON writers.
struct CheckOutcome {
  SecurityDescriptor sd;
  Token token;
  com::PermissionKind kind = com::PermissionKind::Access;
  bool kindGuessed = false;
  std::string origin; // where the descriptor came from when it is a Windows default
  uint32_t all = 0;   // every right of the kind, with EXECUTE
  uint32_t wanted = 0;
  AccessCheckResult result;
  uint32_t missing() const { return wanted & ~result.granted; }
  uint32_t notGranted() const { return all & ~result.granted & ~com::Execute; }
};

std::string readStdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

Result<CheckOutcome> decideCheck(const SdOptions &options, const SddlContext &context) {
  CheckOutcome c;
  for (size_t i = 0; i < options.sids.size(); ++i) {
    auto sid = principalSid(options.sids[i], context);
    if (!sid)
      return Error::at("--sid: " + sid.error().message);
    if (i == 0)
      c.token.user = *sid;
    else
      c.token.groups.push_back(TokenGroup{*sid});
  }
  std::optional<com::PermissionKind> defaultKind;
  Result<SecurityDescriptor> sd = Error::at("");
  if (!options.defaultOf.empty()) {
    auto d = oleDefault(options.defaultOf, options.os);
    if (!d)
      return d.error();
    c.origin = d->source;
    defaultKind = d->kind;
    sd = parseSddl(d->sddl, context);
  } else {
    std::string text = options.input == "-" ? readStdin() : options.input;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
      text.pop_back();
    sd = readDescriptor(text, context);
  }
  if (!sd)
    return Error::at(errorText(sd.error()));
  c.sd = std::move(*sd);
  c.kindGuessed = options.kind.empty() && !defaultKind;
  c.kind = defaultKind && options.kind.empty() ? *defaultKind
                                               : comKind(c.sd, options.kind).value_or(com::PermissionKind::Access);
  c.all = c.kind == com::PermissionKind::Access
              ? (com::Execute | com::ExecuteLocal | com::ExecuteRemote)
              : (com::Execute | com::ExecuteLocal | com::ExecuteRemote | com::ActivateLocal | com::ActivateRemote);
  const uint32_t all = c.all;
  c.wanted = all;
  if (!options.want.empty()) {
    auto wanted = com::parseComRights(options.want, c.kind);
    if (!wanted)
      return Error::at(fmt::format("--want {}: expected {} rights in dcomcnfg's words, "
                                   "comma-separated: {}",
                                   options.want, com::kindName(c.kind), com::describeComRights(all, c.kind)));
    c.wanted = *wanted;
  }
  auto mapper = c.kind == com::PermissionKind::Access ? &com::effectiveAccessRights : &com::effectiveLaunchRights;
  c.result = accessCheck(c.sd, c.token, all, mapper);
  return c;
}

std::vector<const Sid *> tokenSids(const Token &token) {
  std::vector<const Sid *> out{&token.user};
  for (const auto &g : token.groups)
    out.push_back(&g.sid);
  return out;
}

void printCheckJson(const CheckOutcome &c, const SddlContext &context) {
  ordered_json out;
  out["sddl"] = formatSddl(c.sd, context);
  out["origin"] = c.origin.empty() ? ordered_json(nullptr) : ordered_json(c.origin);
  out["kind"] = com::kindName(c.kind);
  out["kind_guessed"] = c.kindGuessed;
  ordered_json tok = ordered_json::array();
  for (const Sid *sid : tokenSids(c.token))
    tok.push_back(sidJson(*sid, context));
  out["token"] = std::move(tok);
  out["null_dacl"] = c.result.nullDacl;
  out["empty_dacl"] = c.result.emptyDacl;
  out["granted_mask"] = c.result.granted;
  out["granted"] = com::describeComRights(c.result.granted, c.kind);
  out["not_granted"] = com::describeComRights(c.notGranted(), c.kind);
  out["wanted"] = com::describeComRights(c.wanted, c.kind);
  out["allowed"] = (c.missing() & ~com::Execute) == 0;
  auto evidence = [&](const std::vector<AceEvidence> &list) {
    ordered_json arr = ordered_json::array();
    for (const auto &e : list)
      arr.push_back(ordered_json{{"index", e.index},
                                 {"ace", formatSddlAce(e.ace, context)},
                                 {"principal", sidJson(e.ace.sid, context)},
                                 {"bits", e.bitsDecided},
                                 {"rights", com::describeComRights(e.bitsDecided, c.kind)}});
    return arr;
  };
  out["allowed_by"] = evidence(c.result.allowedBy);
  out["denied_by"] = evidence(c.result.deniedBy);
  std::cout << out.dump(2) << "\n";
}

void printCheckText(const CheckOutcome &c, const SddlContext &context) {
  const auto &result = c.result;
  const uint32_t notGranted = c.notGranted();
  std::cout << "descriptor: " << formatSddl(c.sd, context) << "\n";
  if (!c.origin.empty())
    std::cout << "from: " << c.origin << "\n";
  std::cout << "token:";
  bool first = true;
  for (const Sid *sid : tokenSids(c.token)) {
    std::cout << (first ? " " : ", ") << principal(*sid) << " (" << sid->str() << ")";
    first = false;
  }
  std::cout << "\n";
  std::cout << fmt::format("kind: COM {} permissions{}\n", com::kindName(c.kind),
                           c.kindGuessed ? " (guessed from the ACE masks; --kind to choose)" : "");
  std::cout << fmt::format("granted: {} (effective mask 0x{:x})\n", com::describeComRights(result.granted, c.kind),
                           result.granted);
  if (notGranted)
    std::cout << "not granted: " << com::describeComRights(notGranted, c.kind) << "\n";
  if (result.nullDacl)
    std::cout << "because: the descriptor has a NULL DACL, which grants everything to everyone\n";
  if (result.emptyDacl)
    std::cout << "because: the DACL is empty, which grants nothing to anyone\n";
  for (const auto &e : result.deniedBy)
    std::cout << fmt::format("because: ACE {} {} denies {}: {}\n", e.index, formatSddlAce(e.ace, context),
                             principal(e.ace.sid), com::describeComRights(e.bitsDecided, c.kind));
  for (const auto &e : result.allowedBy)
    std::cout << fmt::format("because: ACE {} {} grants {}: {}\n", e.index, formatSddlAce(e.ace, context),
                             principal(e.ace.sid), com::describeComRights(e.bitsDecided, c.kind));
  uint32_t undecided = notGranted;
  for (const auto &e : result.deniedBy)
    undecided &= ~e.bitsDecided;
  if (undecided && !result.emptyDacl)
    std::cout << "because: no ACE grants this token " << com::describeComRights(undecided, c.kind) << "\n";
  const uint32_t missing = c.missing() & ~com::Execute;
  std::cout << fmt::format("asked for: {}: {}\n", com::describeComRights(c.wanted, c.kind),
                           missing ? "DENIED (" + com::describeComRights(missing, c.kind) + " not granted)"
                                   : "allowed");
}

int runCheck(const SdOptions &options) {
  auto context = makeContext(options);
  if (!context)
    return 2;
  if (options.sids.empty()) {
    diagnose("sd check", "give the token's SIDs with --sid (the user first, then its groups)");
    return 2;
  }
  if (options.input.empty() == options.defaultOf.empty()) {
    diagnose("sd check", "give either a DESCRIPTOR or --default VALUE (not both)");
    return 2;
  }
  auto outcome = decideCheck(options, *context);
  if (!outcome) {
    diagnose("", outcome.error().message);
    return 2;
  }
  if (options.json)
    printCheckJson(*outcome, *context);
  else
    printCheckText(*outcome, *context);
  return (outcome->missing() & ~com::Execute) ? 1 : 0;
}

} // namespace

// The hex of `sd decode --help`'s example (tests/winsec/SdCliTest.cpp runs it).
constexpr const char *kDecodeExample =
    "010004807400000084000000000000001400000002006000040000000000140007000000010100000000000100"
    "000000000014000300000001010000000000050700000000001800070000000102000000000005200000003202"
    "000000001800070000000102000000000005200000002f020000010200000000000520000000200200000102"
    "0000000000052000000020020000";

void addSdCommand(CLI::App &app, int &exitStatus) {
  auto *sd = app.add_subcommand("sd", "Security descriptors: SDDL <-> Windows bytes, and COM rights "
                                      "a token gets");
  sd->require_subcommand(1);
  auto options = std::make_shared<SdOptions>();

  auto *encode = sd->add_subcommand("encode", "Print the lowercase hex of the self-relative "
                                              "descriptor Windows builds from SDDL");
  encode->add_option("SDDL", options->input, "SDDL string, or - to read one per stdin line")->required();
  encode->add_option("--domain-sid", options->domainSid, "Domain SID for DA, DU, LA, ... aliases");
  encode->add_flag("--json", options->json, "JSON output (JSON Lines in batch mode)");
  encode->footer("Example:\n  dcomdoctor sd encode 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)'\n"
                 "  dcomdoctor sd encode --domain-sid S-1-5-21-1-2-3 - < sddl-lines.txt");
  encode->callback([options, &exitStatus] { exitStatus = runEncode(*options); });

  auto *decode = sd->add_subcommand("decode", "Print the canonical SDDL of a binary descriptor, "
                                              "then its ACEs with names and COM rights");
  decode
      ->add_option("HEX", options->input,
                   "Descriptor bytes in hex (regedit's hex:01,00,... "
                   "too), or - to read one per stdin line")
      ->required();
  decode->add_option("--domain-sid", options->domainSid, "Domain SID: its SIDs are written as DA, DU, ...");
  decode->add_option("--kind", options->kind, "Read ACE masks as COM access or launch rights")
      ->check(CLI::IsMember({"access", "launch"}));
  decode->add_flag("--json", options->json, "JSON output (JSON Lines in batch mode)");
  decode->footer("Example (the Windows 7 MachineAccessRestriction):\n  dcomdoctor sd decode " +
                 std::string(kDecodeExample) +
                 "\n"
                 "  dcomdoctor sd decode - < hex-lines.txt    (batch: one SDDL line per input line)");
  decode->callback([options, &exitStatus] { exitStatus = runDecode(*options); });

  auto *check = sd->add_subcommand("check", "Which COM rights a token gets from a descriptor, "
                                            "and the ACEs that decide it; exit 1 when a right "
                                            "asked for is not granted");
  check->add_option("DESCRIPTOR", options->input,
                    "SDDL or hex (regedit's hex:01,00,... with its "
                    "continuation lines too), or - to read it from "
                    "stdin");
  check
      ->add_option("--sid", options->sids,
                   "A principal of the token: SID, SDDL alias (WD, NU) "
                   "or name (Everyone, \"Distributed COM Users\", "
                   "BUILTIN\\Users); the user first, then its groups; "
                   "repeat")
      ->required();
  check->add_option("--default", options->defaultOf,
                    "Check the Windows default of an absent HKLM\\SOFTWARE\\Microsoft\\Ole value "
                    "instead of a DESCRIPTOR: DefaultLaunchPermission, DefaultAccessPermission, "
                    "MachineLaunchRestriction, MachineAccessRestriction");
  check
      ->add_option("--os", options->os,
                   "Windows version for --default (windows-xp, "
                   "windows-server-2003, windows-7, windows-10, "
                   "windows-server-2019, ...)")
      ->capture_default_str();
  check->add_option("--want", options->want,
                    "The rights asked for, comma-separated, in "
                    "dcomcnfg's words (\"Remote Launch,Remote "
                    "Activation\"); default: every right of the kind");
  check
      ->add_option("--kind", options->kind,
                   "COM access or launch permissions (guessed from the "
                   "masks if not given)")
      ->check(CLI::IsMember({"access", "launch"}));
  check->add_option("--domain-sid", options->domainSid, "Domain SID for DA, DU, LA, ... aliases");
  check->add_flag("--json", options->json, "JSON output");
  check->footer("Examples:\n  dcomdoctor sd check 'O:BAG:BAD:(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;BA)' "
                "--sid S-1-5-21-1-2-3-1001 --sid Everyone --sid \"Authenticated Users\" --sid "
                "NETWORK --kind launch --want \"Remote Launch,Remote Activation\"\n"
                "  dcomdoctor sd check --default DefaultLaunchPermission --os windows-7 --sid "
                "S-1-5-21-1-2-3-1001 --sid INTERACTIVE --sid Everyone");
  check->callback([options, &exitStatus] { exitStatus = runCheck(*options); });
}

} // namespace dd::cli
