// SDDL (MS-DTYP 2.5.1) to and from SecurityDescriptor, reproducing what Windows'
// ConvertStringSecurityDescriptorToSecurityDescriptorW builds and what
// ConvertSecurityDescriptorToStringSecurityDescriptorW writes.
//
// Our own parser: SDDL has no Linux library, and matching Windows byte for byte needs its
// quirks (see kZeroMaskNeighbourPadding) that a general grammar would not have. The parser walks
// a string_view with an index; every failure names the character offset and what was expected.
#include "winsec/Sddl.h"

#include "winsec/SddlTables.h"

#include <fmt/format.h>

#include <charconv>

namespace dd::winsec {

namespace st = sddltables;

namespace {

bool sidMatches(const Sid &sid, uint64_t authority, uint8_t count, const std::array<uint32_t, 6> &subs) {
  if (sid.identifierAuthority() != authority || sid.subAuthorities().size() != count || sid.revision() != 1)
    return false;
  for (size_t i = 0; i < count; ++i)
    if (sid.subAuthorities()[i] != subs[i])
      return false;
  return true;
}

inline char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Whether the input `text` is the table's `code` (or name), in either case: Windows reads the
// letters of ACE types, flags, rights and SID aliases in either case ("(a;;ga;;;lg)" =
// "(A;;GA;;;LG)"); only the part letters O: G: D: S: must be upper case. Compared inline.
inline bool sameCode(std::string_view code, std::string_view text) {
  if (code.size() != text.size())
    return false;
  for (size_t i = 0; i < code.size(); ++i)
    if (upper(code[i]) != upper(text[i]))
      return false;
  return true;
}

const st::SidAlias *findAlias(std::string_view code) {
  if (code.size() != 2)
    return nullptr;
  const char a = upper(code[0]), b = upper(code[1]);
  for (const auto &alias : st::SidAliases)
    if (alias.code[0] == a && alias.code[1] == b)
      return &alias;
  return nullptr;
}

Result<Sid> aliasSid(const st::SidAlias &alias, const SddlContext &context) {
  if (alias.domainRid >= 0) {
    if (!context.domainSid)
      return Error::at(fmt::format("SID alias \"{}\" is relative to a domain; give the domain SID "
                                   "(--domain-sid S-1-5-21-...) to resolve it",
                                   alias.code));
    return context.domainSid->withRid(static_cast<uint32_t>(alias.domainRid));
  }
  return Sid(alias.authority, std::vector<uint32_t>(alias.subs.begin(), alias.subs.begin() + alias.count));
}

bool isLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isSidString(std::string_view text) {
  return text.size() >= 2 && (text[0] == 'S' || text[0] == 's') && text[1] == '-';
}

std::string_view trimLeadingBlanks(std::string_view text) {
  while (!text.empty() && isBlank(text.front()))
    text.remove_prefix(1);
  return text;
}

// Length of the SID string at the start of `text` ("S-1-5-21-...", numbers in decimal or 0x hex,
// blanks where Sid::parse takes them), so that "O:S-1-5-32-544G:BA" splits where the SID ends.
// A 'D' followed by ':' starts the DACL, not a hex digit: Windows reads "O:S-1-2-0x200D:" as
// owner S-1-2-512 and an empty DACL.
size_t sidStringLength(std::string_view text) {
  size_t i = 2; // "S-"
  auto blanks = [&] {
    while (i < text.size() && isBlank(text[i]))
      ++i;
  };
  auto number = [&] {
    if (i + 1 < text.size() && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      for (i += 2; i < text.size() && isHex(text[i]); ++i)
        if (text[i] == 'D' && i + 1 < text.size() && text[i + 1] == ':')
          break;
    } else {
      while (i < text.size() && isDigit(text[i]))
        ++i;
    }
  };
  blanks();
  number(); // revision
  if (i < text.size() && text[i] == '-') {
    ++i;
    blanks();
    number(); // identifier authority
    while (i < text.size() && text[i] == '-') {
      ++i;
      number(); // sub-authority
    }
  }
  return i;
}

// Parses "0x1f01ff", "0777" or "2032127" as Windows' wcstoul(..., 0) would, refusing overflow.
std::optional<uint32_t> parseNumber(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    text.remove_prefix(1);
  }
  uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || ptr != text.data() + text.size())
    return std::nullopt;
  return value;
}

std::optional<Guid> parseGuid(std::string_view text) {
  // 8-4-4-4-12 hex digits; stored little-endian for the first three groups.
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
    return std::nullopt;
  auto hexByte = [&](size_t at) -> int {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9')
        return c - '0';
      if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
      if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
      return -1;
    };
    int hi = nibble(text[at]), lo = nibble(text[at + 1]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  };
  // Text position of each stored byte.
  static constexpr size_t positions[16] = {6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34};
  Guid guid;
  for (size_t i = 0; i < 16; ++i) {
    int b = hexByte(positions[i]);
    if (b < 0)
      return std::nullopt;
    guid[i] = static_cast<uint8_t>(b);
  }
  return guid;
}

constexpr char HexDigits[] = "0123456789abcdef";

void appendGuid(std::string &out, const Guid &g) {
  // Text order of the stored bytes: Data1..Data3 are little-endian on disk.
  static constexpr uint8_t order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out += '-';
    uint8_t b = g[order[i]];
    out += HexDigits[b >> 4];
    out += HexDigits[b & 0xF];
  }
}

void appendHex(std::string &out, uint32_t value) {
  out += "0x";
  int shift = 28;
  while (shift > 0 && ((value >> shift) & 0xF) == 0)
    shift -= 4;
  for (; shift >= 0; shift -= 4)
    out += HexDigits[(value >> shift) & 0xF];
}

class Parser {
public:
  Parser(std::string_view text, const SddlContext &context) : text_(text), context_(context) {}

  Result<SecurityDescriptor> run() {
    SecurityDescriptor sd;
    bool seen[4] = {false, false, false, false};
    skipSpace();
    while (pos_ < text_.size()) {
      size_t start = pos_;
      char c = text_[pos_];
      int which = c == 'O' ? 0 : c == 'G' ? 1 : c == 'D' ? 2 : c == 'S' ? 3 : -1;
      if (which < 0 || pos_ + 1 >= text_.size() || text_[pos_ + 1] != ':')
        return fail(start, "expected \"O:\", \"G:\", \"D:\" or \"S:\"");
      if (seen[which])
        return fail(start, fmt::format("\"{}:\" appears twice", c));
      seen[which] = true;
      pos_ += 2;
      if (which < 2) {
        auto sid = ownerOrGroupSid(which == 0 ? "owner" : "group");
        if (!sid)
          return sid.error();
        (which == 0 ? sd.owner : sd.group) = std::move(*sid);
      } else {
        auto r = acl(sd, which == 2);
        if (!r)
          return r.error();
      }
      skipSpace();
    }
    return sd;
  }

private:
  Error fail(size_t at, std::string_view why) const {
    return Error::at(fmt::format("bad SDDL at character {}: {}", at + 1, why));
  }
  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
      ++pos_;
  }

  Result<Sid> sidToken(std::string_view token, size_t at) {
    if (isSidString(token)) {
      auto sid = Sid::parse(token);
      if (!sid)
        return fail(at, sid.error().message);
      return sid;
    }
    if (token.size() == 2) {
      if (const auto *alias = findAlias(token)) {
        auto sid = aliasSid(*alias, context_);
        if (!sid)
          return fail(at, sid.error().message);
        return sid;
      }
    }
    return fail(at, fmt::format("unknown SID \"{}\" (expected a two-letter alias such as BA or "
                                "WD, or a SID string S-1-...)",
                                token));
  }

  Result<Sid> ownerOrGroupSid(const char *what) {
    skipSpace();
    size_t start = pos_;
    std::string_view rest = text_.substr(pos_);
    size_t length = 0;
    if (isSidString(rest))
      length = sidStringLength(rest);
    else if (rest.size() >= 2 && isLetter(rest[0]) && isLetter(rest[1]))
      length = 2;
    else
      return fail(start, fmt::format("expected the {} SID (an alias such as BA or a SID string)", what));
    pos_ += length;
    return sidToken(rest.substr(0, length), start);
  }

  Result<void> acl(SecurityDescriptor &sd, bool isDacl) {
    const uint16_t protectedBit = isDacl ? sdcontrol::DaclProtected : sdcontrol::SaclProtected;
    const uint16_t reqBit = isDacl ? sdcontrol::DaclAutoInheritReq : sdcontrol::SaclAutoInheritReq;
    const uint16_t inheritedBit = isDacl ? sdcontrol::DaclAutoInherited : sdcontrol::SaclAutoInherited;
    bool nullAcl = false;
    for (;;) {
      skipSpace(); // Windows takes blanks around the flags and between ACEs: "D: P (A;;GA;;;LG)"
      std::string_view rest = text_.substr(pos_);
      if (rest.starts_with("NO_ACCESS_CONTROL")) {
        nullAcl = true;
        pos_ += 17;
      } else if (rest.starts_with("AR")) {
        sd.control |= reqBit;
        pos_ += 2;
      } else if (rest.starts_with("AI")) {
        sd.control |= inheritedBit;
        pos_ += 2;
      } else if (rest.starts_with("P")) {
        sd.control |= protectedBit;
        pos_ += 1;
      } else {
        break;
      }
    }
    sd.control |= isDacl ? sdcontrol::DaclPresent : sdcontrol::SaclPresent;
    Acl list;
    list.aces.reserve(8);
    while (pos_ < text_.size() && text_[pos_] == '(') {
      auto ace = this->ace(isDacl);
      if (!ace)
        return ace.error();
      list.aces.push_back(std::move(*ace));
      skipSpace();
    }
    if (nullAcl && !list.aces.empty())
      return fail(pos_, "NO_ACCESS_CONTROL (a NULL ACL) cannot be followed by ACEs");
    if (!nullAcl) {
      auto r = finishAcl(list);
      if (!r)
        return r;
      (isDacl ? sd.dacl : sd.sacl) = std::move(list);
    }
    return {};
  }

  // ACL revision and size as Windows chooses them: revision 4 when an ACE needs it (object
  // ACEs), else 2. And a quirk measured on the conformance data (oversize-acls.json): an ACE
  // with an empty mask next to an ACE of the same type, flags and SID makes Windows reserve 4
  // bytes more for the ACL (left as zeros at its end) and mark it revision 4.
  Result<void> finishAcl(Acl &list) {
    size_t size = 8, padding = 0;
    bool needsDs = false;
    for (size_t i = 0; i < list.aces.size(); ++i) {
      const Ace &ace = list.aces[i];
      size += ace.binarySize();
      needsDs = needsDs || ace.isObjectAce();
      if (ace.mask != 0)
        continue;
      auto same = [&](size_t j) {
        const Ace &other = list.aces[j];
        return other.type == ace.type && other.flags == ace.flags && other.sid == ace.sid;
      };
      if ((i > 0 && same(i - 1)) || (i + 1 < list.aces.size() && same(i + 1)))
        padding += 4;
    }
    if (size + padding > 0xFFFF)
      return fail(pos_, fmt::format("the ACL would be {} bytes (at most 65535)", size + padding));
    list.revision = (needsDs || padding) ? 4 : 2;
    if (padding)
      list.declaredSize = static_cast<uint16_t>(size + padding);
    return {};
  }

  Result<Ace> ace(bool isDacl) {
    const size_t open = pos_;
    ++pos_; // '('
    std::string_view fields[6];
    size_t starts[6];
    size_t count = 0;
    size_t fieldStart = pos_;
    for (;;) {
      if (pos_ >= text_.size())
        return fail(open, "ACE has no closing \")\"");
      char c = text_[pos_];
      if (c == ';' || c == ')') {
        if (count == 6) {
          // A seventh field is a condition or a resource attribute.
          return fail(fieldStart, "conditional expressions and resource attributes are not "
                                  "supported (ACE has more than 6 fields)");
        }
        starts[count] = fieldStart;
        fields[count++] = text_.substr(fieldStart, pos_ - fieldStart);
        ++pos_;
        fieldStart = pos_;
        if (c == ')')
          break;
      } else if (c == '(') {
        return fail(pos_, "unexpected \"(\" inside an ACE (conditional ACEs are not supported)");
      } else {
        ++pos_;
      }
    }
    if (count != 6)
      return fail(open, fmt::format("ACE has {} fields; expected 6: "
                                    "type;flags;rights;object-guid;inherit-object-guid;sid",
                                    count));
    auto blanks = trimFields(fields, starts);
    if (!blanks)
      return blanks.error();
    Ace ace;
    // type
    bool known = false;
    for (const auto &t : st::AceTypes)
      if (sameCode(t.code, fields[0])) {
        ace.type = static_cast<AceType>(t.type);
        known = true;
        break;
      }
    if (!known) {
      for (auto refused : st::RefusedAceTypes)
        if (sameCode(refused, fields[0]))
          return fail(starts[0], fmt::format("ACE type \"{}\" (conditional or resource attribute "
                                             "ACE) is not supported",
                                             fields[0]));
      return fail(starts[0], fmt::format("unknown ACE type \"{}\" (expected A, D, OA, OD, AU, AL, "
                                         "OU, OL, ML or SP)",
                                         fields[0]));
    }
    (void)isDacl;
    // flags
    std::string_view flags = fields[1];
    for (size_t i = 0; i < flags.size(); i += 2) {
      std::string_view code = flags.substr(i, 2);
      bool found = false;
      for (const auto &f : st::AceFlags)
        if (sameCode(f.code, code)) {
          ace.flags |= f.bit;
          found = true;
          break;
        }
      if (!found)
        return fail(starts[1] + i, fmt::format("unknown ACE flag \"{}\" (expected OI, CI, NP, IO, "
                                               "ID, SA, FA or CR)",
                                               code));
    }
    // rights
    auto mask = rights(fields[2], starts[2]);
    if (!mask)
      return mask.error();
    ace.mask = *mask;
    // object GUIDs
    for (int g = 0; g < 2; ++g) {
      std::string_view field = fields[3 + g];
      if (field.empty())
        continue;
      if (!ace.isObjectAce())
        return fail(starts[3 + g], fmt::format("ACE type \"{}\" takes no object GUID (only OA, OD, "
                                               "OU, OL do)",
                                               fields[0]));
      auto guid = parseGuid(field);
      if (!guid)
        return fail(starts[3 + g], fmt::format("bad GUID \"{}\" (expected "
                                               "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
                                               field));
      (g == 0 ? ace.objectType : ace.inheritedObjectType) = *guid;
    }
    // SID
    if (fields[5].empty())
      return fail(starts[5], "ACE has no SID");
    auto sid = sidToken(fields[5], starts[5]);
    if (!sid)
      return sid.error();
    ace.sid = std::move(*sid);
    return ace;
  }

  // Blanks in an ACE as Windows takes them (measured on Windows by the Samba project's SDDL
  // tests): before the type, the flags, the rights and the SID ("(A;; GA;;; LG)"); after a SID
  // alias ("WD )") but not after a SID string or the rights; a GUID field of blanks only is
  // empty, a GUID with blanks around it is refused.
  Result<void> trimFields(std::string_view (&fields)[6], size_t (&starts)[6]) {
    for (int f : {0, 1, 2, 5}) {
      std::string_view trimmed = trimLeadingBlanks(fields[f]);
      starts[f] += fields[f].size() - trimmed.size();
      fields[f] = trimmed;
    }
    for (int g : {3, 4})
      if (trimLeadingBlanks(fields[g]).empty())
        fields[g] = {};
    std::string_view sid = fields[5];
    size_t end = sid.size();
    while (end > 0 && isBlank(sid[end - 1]))
      --end;
    if (end != sid.size()) {
      if (isSidString(sid))
        return fail(starts[5] + end, "blank after the SID string (Windows takes blanks after a "
                                     "two-letter alias only)");
      fields[5] = sid.substr(0, end);
    }
    return {};
  }

  Result<uint32_t> rights(std::string_view field, size_t at) {
    if (field.empty())
      return uint32_t{0};
    if (isDigit(field[0])) {
      auto number = parseNumber(field);
      if (!number)
        return fail(at, fmt::format("bad access mask \"{}\" (expected a number below 2^32 such as "
                                    "0x1f01ff, or rights letters)",
                                    field));
      return *number;
    }
    uint32_t mask = 0;
    for (size_t i = 0; i < field.size(); i += 2) {
      std::string_view code = field.substr(i, 2);
      bool found = false;
      for (const auto &r : st::WholeMaskRights)
        if (sameCode(r.code, code)) {
          mask |= r.mask;
          found = true;
          break;
        }
      if (!found)
        for (const auto &r : st::BitRights)
          if (sameCode(r.code, code)) {
            mask |= r.mask;
            found = true;
            break;
          }
      if (!found)
        for (const auto &r : st::LabelRights)
          if (sameCode(r.code, code)) {
            mask |= r.mask;
            found = true;
            break;
          }
      if (!found)
        return fail(at + i, fmt::format("unknown right \"{}\" (expected letters such as GA, RC, "
                                        "CC, FA, KR, or a number)",
                                        code));
    }
    return mask;
  }

  std::string_view text_;
  const SddlContext &context_;
  size_t pos_ = 0;
};

void appendSid(std::string &out, const Sid &sid, const SddlContext &context) {
  for (const auto &alias : st::SidAliases) {
    if (alias.domainRid < 0) {
      if (sidMatches(sid, alias.authority, alias.count, alias.subs)) {
        out += alias.code;
        return;
      }
    } else if (context.domainSid && sid.rid() == static_cast<uint32_t>(alias.domainRid) &&
               sid.isInDomain(*context.domainSid)) {
      out += alias.code;
      return;
    }
  }
  sid.appendString(out);
}

void appendRights(std::string &out, uint32_t mask, AceType type) {
  if (mask == 0)
    return;
  if (type == AceType::SystemMandatoryLabel && (mask & ~0x7u) == 0) {
    for (const auto &r : st::LabelRights)
      if (mask & r.mask)
        out += r.code;
    return;
  }
  for (const auto &r : st::WholeMaskRights)
    if (mask == r.mask) {
      out += r.code;
      return;
    }
  constexpr uint32_t lettered = [] {
    uint32_t bits = 0;
    for (const auto &r : st::BitRights)
      bits |= r.mask;
    return bits;
  }();
  if (mask & ~lettered) {
    appendHex(out, mask);
    return;
  }
  for (const auto &r : st::BitRights)
    if (mask & r.mask)
      out += r.code;
}

void appendAce(std::string &out, const Ace &ace, const SddlContext &context) {
  out += '(';
  bool named = false;
  for (const auto &t : st::AceTypes)
    if (t.type == static_cast<uint8_t>(ace.type)) {
      out += t.code;
      named = true;
      break;
    }
  if (!named) // not produced by our parsers; written so that a reader sees what it was
    fmt::format_to(std::back_inserter(out), "0x{:02x}", static_cast<uint8_t>(ace.type));
  out += ';';
  for (const auto &f : st::AceFlags)
    if (ace.flags & f.bit)
      out += f.code;
  out += ';';
  appendRights(out, ace.mask, ace.type);
  out += ';';
  if (ace.objectType)
    appendGuid(out, *ace.objectType);
  out += ';';
  if (ace.inheritedObjectType)
    appendGuid(out, *ace.inheritedObjectType);
  out += ';';
  appendSid(out, ace.sid, context);
  out += ')';
}

void appendAcl(std::string &out, char letter, const std::optional<Acl> &acl, uint16_t control, bool isDacl,
               const SddlContext &context) {
  const uint16_t present = isDacl ? sdcontrol::DaclPresent : sdcontrol::SaclPresent;
  const uint16_t protectedBit = isDacl ? sdcontrol::DaclProtected : sdcontrol::SaclProtected;
  const uint16_t reqBit = isDacl ? sdcontrol::DaclAutoInheritReq : sdcontrol::SaclAutoInheritReq;
  const uint16_t inheritedBit = isDacl ? sdcontrol::DaclAutoInherited : sdcontrol::SaclAutoInherited;
  if (!(control & present) && !acl)
    return;
  out += letter;
  out += ':';
  if (control & protectedBit)
    out += 'P';
  if (control & reqBit)
    out += "AR";
  if (control & inheritedBit)
    out += "AI";
  if (!acl) {
    out += "NO_ACCESS_CONTROL";
    return;
  }
  for (const Ace &ace : acl->aces)
    appendAce(out, ace, context);
}

} // namespace

Result<SecurityDescriptor> parseSddl(std::string_view sddl, const SddlContext &context) {
  return Parser(sddl, context).run();
}

std::string formatSddl(const SecurityDescriptor &sd, const SddlContext &context) {
  std::string out;
  out.reserve(64 + (sd.dacl ? sd.dacl->aces.size() * 40 : 0));
  if (sd.owner) {
    out += "O:";
    appendSid(out, *sd.owner, context);
  }
  if (sd.group) {
    out += "G:";
    appendSid(out, *sd.group, context);
  }
  appendAcl(out, 'D', sd.dacl, sd.control, true, context);
  appendAcl(out, 'S', sd.sacl, sd.control, false, context);
  return out;
}

Result<Sid> parseSddlSid(std::string_view token, const SddlContext &context) {
  if (isSidString(token))
    return Sid::parse(token);
  if (const auto *alias = findAlias(token))
    return aliasSid(*alias, context);
  return Error::at(fmt::format("unknown SID \"{}\" (expected a two-letter SDDL alias such as BA, "
                               "WD, AN, or a SID string S-1-...)",
                               token));
}

std::string formatSddlSid(const Sid &sid, const SddlContext &context) {
  std::string out;
  appendSid(out, sid, context);
  return out;
}

std::string formatSddlAce(const Ace &ace, const SddlContext &context) {
  std::string out;
  appendAce(out, ace, context);
  return out;
}

std::string formatSddlRights(uint32_t mask, AceType type) {
  std::string out;
  appendRights(out, mask, type);
  return out;
}

std::string_view wellKnownRidName(uint32_t rid) {
  for (const auto &r : st::DomainRidNames)
    if (r.rid == rid)
      return r.name;
  return {};
}

std::string displayName(const Sid &sid) {
  for (const auto &n : st::WellKnownNames)
    if (sidMatches(sid, n.authority, n.count, n.subs))
      return std::string(n.name);
  return sid.str();
}

std::optional<Sid> sidOfName(std::string_view name, const SddlContext &context) {
  auto bare = [](std::string_view full) {
    size_t slash = full.rfind('\\');
    return slash == std::string_view::npos ? full : full.substr(slash + 1);
  };
  const bool qualified = name.find('\\') != std::string_view::npos;
  for (const auto &n : st::WellKnownNames)
    if (sameCode(n.name, name) || (!qualified && sameCode(bare(n.name), name)))
      return Sid(n.authority, std::vector<uint32_t>(n.subs.begin(), n.subs.begin() + n.count));
  if (context.domainSid)
    for (const auto &r : st::DomainRidNames)
      if (sameCode(r.name, bare(name)))
        return context.domainSid->withRid(r.rid);
  return std::nullopt;
}

} // namespace dd::winsec
