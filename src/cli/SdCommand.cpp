// `dcomdoctor sd encode|decode|check`: security descriptors between SDDL and Windows' binary
// form, and which COM rights a token gets from one (with the ACEs that decided it).
//
// Batch mode (`-` instead of the argument) reads one item per stdin line and writes exactly
// one line per input line ("error: <why>" for a bad one), so outputs can be pasted next to
// inputs; the exit status is then 1 if any item failed.
#include "cli/Commands.h"

#include "winsec/AccessCheck.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
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

// Hex digits, optionally as regedit writes them ("hex:01,00,04,80,..." with spaces or "\").
Result<std::vector<uint8_t>> fromHex(std::string_view text) {
  if (text.starts_with("hex:"))
    text.remove_prefix(4);
  std::vector<uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  int high = -1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    int v = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (v < 0) {
      if (c == ',' || c == ' ' || c == '\t' || c == '\\')
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

// SDDL always has a ':' (or is empty); hex never does.
Result<SecurityDescriptor> readDescriptor(std::string_view text, const SddlContext &context) {
  if (text.empty() || text.find(':') != std::string_view::npos) {
    if (text.starts_with("hex:")) {
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
template <class Fn> int forEachItem(const std::string &input, bool json, Fn one) {
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
      return fmt::format("{} of domain/machine {}", rid,
                         Sid(5, std::vector<uint32_t>(sid.subAuthorities().begin(),
                                                      sid.subAuthorities().end() - 1))
                             .str());
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
  return ordered_json{{"sid", sid.str()}, {"sddl", formatSddlSid(sid, context)},
                      {"name", principal(sid)}};
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
    out += fmt::format("\n{}:\n  {:>3}  {:<12} {:<8} {:<48} {}", name, "#", "type", "flags",
                       "principal", "rights");
    for (size_t i = 0; i < acl->aces.size(); ++i) {
      const Ace &ace = acl->aces[i];
      std::string who = fmt::format("{} ({})", principal(ace.sid), formatSddlSid(ace.sid, context));
      out += fmt::format("\n  {:>3}  {:<12} {:<8} {:<48} {}", i, aceTypeWord(ace),
                         aceFlagsText(ace.flags), who, rightsText(ace, k));
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

int runCheck(const SdOptions &options) {
  auto context = makeContext(options);
  if (!context)
    return 2;
  if (options.sids.empty()) {
    diagnose("sd check", "give the token's SIDs with --sid (the user first, then its groups)");
    return 2;
  }
  Token token;
  for (size_t i = 0; i < options.sids.size(); ++i) {
    auto sid = parseSddlSid(options.sids[i], *context);
    if (!sid) {
      diagnose("--sid", sid.error().message);
      return 2;
    }
    if (i == 0)
      token.user = *sid;
    else
      token.groups.push_back(TokenGroup{*sid});
  }
  auto sd = readDescriptor(options.input, *context);
  if (!sd) {
    diagnose("", errorText(sd.error()));
    return 2;
  }
  auto kind = comKind(*sd, options.kind).value_or(com::PermissionKind::Access);
  const bool guessed = options.kind.empty();
  const uint32_t desired = kind == com::PermissionKind::Access
                               ? (com::Execute | com::ExecuteLocal | com::ExecuteRemote)
                               : (com::Execute | com::ExecuteLocal | com::ExecuteRemote |
                                  com::ActivateLocal | com::ActivateRemote);
  auto mapper = kind == com::PermissionKind::Access ? &com::effectiveAccessRights
                                                    : &com::effectiveLaunchRights;
  auto result = accessCheck(*sd, token, desired, mapper);
  const uint32_t missing = desired & ~result.granted;

  if (options.json) {
    ordered_json out;
    out["sddl"] = formatSddl(*sd, *context);
    out["kind"] = com::kindName(kind);
    out["kind_guessed"] = guessed;
    ordered_json tok = ordered_json::array();
    for (const auto &s : options.sids) {
      auto sid = parseSddlSid(s, *context);
      tok.push_back(sidJson(*sid, *context));
    }
    out["token"] = std::move(tok);
    out["null_dacl"] = result.nullDacl;
    out["empty_dacl"] = result.emptyDacl;
    out["granted_mask"] = result.granted;
    out["granted"] = com::describeComRights(result.granted, kind);
    out["not_granted"] = missing & ~com::Execute ? com::describeComRights(missing, kind) : "none";
    auto evidence = [&](const std::vector<AceEvidence> &list) {
      ordered_json arr = ordered_json::array();
      for (const auto &e : list)
        arr.push_back(ordered_json{{"index", e.index},
                                   {"ace", formatSddlAce(e.ace, *context)},
                                   {"principal", sidJson(e.ace.sid, *context)},
                                   {"bits", e.bitsDecided},
                                   {"rights", com::describeComRights(e.bitsDecided, kind)}});
      return arr;
    };
    out["allowed_by"] = evidence(result.allowedBy);
    out["denied_by"] = evidence(result.deniedBy);
    std::cout << out.dump(2) << "\n";
    return 0;
  }

  std::cout << "descriptor: " << formatSddl(*sd, *context) << "\n";
  std::cout << "token:";
  for (size_t i = 0; i < options.sids.size(); ++i) {
    const Sid &sid = i == 0 ? token.user : token.groups[i - 1].sid;
    std::cout << (i ? ", " : " ") << principal(sid) << " (" << sid.str() << ")";
  }
  std::cout << "\n";
  std::cout << fmt::format("kind: COM {} permissions{}\n", com::kindName(kind),
                           guessed ? " (guessed from the ACE masks; --kind to choose)" : "");
  std::cout << fmt::format("granted: {} (effective mask 0x{:x})\n",
                           com::describeComRights(result.granted, kind), result.granted);
  if (missing & ~com::Execute)
    std::cout << "not granted: " << com::describeComRights(missing, kind) << "\n";
  if (result.nullDacl)
    std::cout << "because: the descriptor has a NULL DACL, which grants everything to everyone\n";
  if (result.emptyDacl)
    std::cout << "because: the DACL is empty, which grants nothing to anyone\n";
  for (const auto &e : result.deniedBy)
    std::cout << fmt::format("because: ACE {} {} denies {}: {}\n", e.index,
                             formatSddlAce(e.ace, *context), principal(e.ace.sid),
                             com::describeComRights(e.bitsDecided, kind));
  for (const auto &e : result.allowedBy)
    std::cout << fmt::format("because: ACE {} {} grants {}: {}\n", e.index,
                             formatSddlAce(e.ace, *context), principal(e.ace.sid),
                             com::describeComRights(e.bitsDecided, kind));
  uint32_t undecided = missing;
  for (const auto &e : result.deniedBy)
    undecided &= ~e.bitsDecided;
  if ((undecided & ~com::Execute) && !result.emptyDacl)
    std::cout << "because: no ACE grants this token " << com::describeComRights(undecided, kind) << "\n";
  return 0;
}

} // namespace

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
  decode->add_option("HEX", options->input, "Descriptor bytes in hex (regedit's hex:01,00,... "
                                            "too), or - to read one per stdin line")
      ->required();
  decode->add_option("--domain-sid", options->domainSid, "Domain SID: its SIDs are written as DA, DU, ...");
  decode->add_option("--kind", options->kind, "Read ACE masks as COM access or launch rights")
      ->check(CLI::IsMember({"access", "launch"}));
  decode->add_flag("--json", options->json, "JSON output (JSON Lines in batch mode)");
  decode->footer("Example:\n  dcomdoctor sd decode 010004804800000058000000000000001400000002003400020000000000140007000000010100000000000101000000000000140003000000010100000000000507000000010200000000000520000000200200000102000000000005200000002002000\n"
                 "  dcomdoctor sd decode - < hex-lines.txt    (batch: one SDDL line per input line)");
  decode->callback([options, &exitStatus] { exitStatus = runDecode(*options); });

  auto *check = sd->add_subcommand("check", "Which COM rights a token gets from a descriptor, "
                                            "and the ACEs that decide it");
  check->add_option("DESCRIPTOR", options->input, "SDDL or hex")->required();
  check->add_option("--sid", options->sids, "A SID of the token (alias or S-1-...): the user "
                                            "first, then its groups; repeat")
      ->required();
  check->add_option("--kind", options->kind, "COM access or launch permissions (guessed from the "
                                             "masks if not given)")
      ->check(CLI::IsMember({"access", "launch"}));
  check->add_option("--domain-sid", options->domainSid, "Domain SID for DA, DU, LA, ... aliases");
  check->add_flag("--json", options->json, "JSON output");
  check->footer("Example:\n  dcomdoctor sd check 'O:BAG:BAD:(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;BA)' "
                "--sid S-1-5-21-1-2-3-1001 --sid WD --sid AU --sid NU --kind launch");
  check->callback([options, &exitStatus] { exitStatus = runCheck(*options); });
}

} // namespace dd::cli
