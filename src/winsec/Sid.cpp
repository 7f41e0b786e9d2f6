// Security identifiers: the string form "S-1-5-32-544" and the binary form of MS-DTYP 2.4.2.2.
//
// Our own parser (no library parses SIDs on Linux); every read goes through ByteReader and every
// string number is range-checked, so bad input becomes an Error, never a crash.
#include "winsec/Sid.h"

#include "support/ByteReader.h"

#include <fmt/format.h>

#include <charconv>

namespace dd::winsec {

Sid::Sid(uint64_t identifierAuthority, std::vector<uint32_t> subAuthorities, uint8_t revision)
    : revision_(revision), authority_(identifierAuthority & 0xFFFFFFFFFFFFull),
      subAuthorities_(std::move(subAuthorities)) {}

namespace {

// Reads an unsigned decimal (or 0x-prefixed hex when allowHex) number up to `max` from the start
// of `text`; returns the number of characters used, 0 on failure.
size_t readNumber(std::string_view text, uint64_t max, bool allowHex, uint64_t &value) {
  int base = 10;
  size_t start = 0;
  if (allowHex && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    start = 2;
  }
  const char *first = text.data() + start;
  const char *last = text.data() + text.size();
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(first, last, v, base);
  if (ec != std::errc() || ptr == first || v > max)
    return 0;
  value = v;
  return static_cast<size_t>(ptr - text.data());
}

} // namespace

// The string form as Windows' ConvertStringSidToSid reads it (MS-DTYP 2.4.2.1, "SID String
// Format Syntax", plus what Windows accepts beyond that grammar, measured on Windows by the Samba
// project's SDDL tests): the identifier authority in decimal (up to 2^48 - 1) or "0x" and at most
// 12 hex digits; each sub-authority in decimal or "0x" hex, at most 2^32 - 1; blanks before the
// revision and before the authority ("S- 1- 5-32-544"), none elsewhere. Where Windows saturates an
// overflowing number to 0xFFFFFFFF we refuse it: such a SID is almost surely a typo.
Result<Sid> Sid::parse(std::string_view text) {
  auto fail = [&](std::string_view why) { return Error::at(fmt::format("bad SID \"{}\": {}", text, why)); };
  auto skipBlanks = [](std::string_view &s) {
    while (!s.empty() && (s[0] == ' ' || s[0] == '\t'))
      s.remove_prefix(1);
  };
  if (text.size() < 2 || (text[0] != 'S' && text[0] != 's') || text[1] != '-')
    return fail("expected it to start with \"S-\"");
  std::string_view rest = text.substr(2);
  skipBlanks(rest);
  uint64_t revision = 0;
  size_t used = readNumber(rest, 255, false, revision);
  if (!used)
    return fail("expected a revision number after \"S-\"");
  if (revision != 1)
    return fail("revision must be 1");
  rest.remove_prefix(used);
  if (rest.empty() || rest[0] != '-')
    return fail("expected \"-\" and an identifier authority after the revision");
  rest.remove_prefix(1);
  skipBlanks(rest);
  uint64_t authority = 0;
  used = readNumber(rest, 0xFFFFFFFFFFFFull, true, authority);
  if (!used || (rest.size() > 1 && (rest[1] == 'x' || rest[1] == 'X') && used > 14))
    return fail("expected an identifier authority (a number below 2^48: decimal, or 0x and at "
                "most 12 hex digits)");
  rest.remove_prefix(used);
  std::vector<uint32_t> subs;
  subs.reserve(8);
  while (!rest.empty()) {
    if (rest[0] != '-')
      return fail(fmt::format("unexpected character '{}'", rest[0]));
    rest.remove_prefix(1);
    uint64_t sub = 0;
    used = readNumber(rest, 0xFFFFFFFFull, true, sub);
    if (!used)
      return fail("expected a sub-authority (a number below 2^32, decimal or 0x hex) after \"-\"");
    if (subs.size() == MaxSubAuthorities)
      return fail("more than 15 sub-authorities");
    subs.push_back(static_cast<uint32_t>(sub));
    rest.remove_prefix(used);
  }
  return Sid(authority, std::move(subs), 1);
}

Result<Sid> Sid::fromBinary(std::span<const uint8_t> bytes, size_t *consumed) {
  ByteReader reader(bytes);
  auto revision = reader.u8(0);
  auto count = reader.u8(1);
  if (!revision || !count)
    return Error::atOffset({}, 0, fmt::format("truncated SID: {} bytes, need at least 8", bytes.size()));
  if (*revision != 1)
    return Error::atOffset({}, 0, fmt::format("bad SID revision {} (expected 1)", *revision));
  if (*count > MaxSubAuthorities)
    return Error::atOffset({}, 1, fmt::format("SID has {} sub-authorities (at most 15)", *count));
  size_t size = 8 + 4 * size_t(*count);
  if (!reader.has(0, size))
    return Error::atOffset(
        {}, 0, fmt::format("truncated SID: {} sub-authorities need {} bytes, {} left", *count, size, bytes.size()));
  uint64_t authority = 0;
  for (size_t i = 0; i < 6; ++i) // big-endian 48-bit authority
    authority = (authority << 8) | bytes[2 + i];
  std::vector<uint32_t> subs(*count);
  for (size_t i = 0; i < *count; ++i)
    subs[i] = *reader.u32(8 + 4 * i);
  if (consumed)
    *consumed = size;
  return Sid(authority, std::move(subs), *revision);
}

std::string Sid::str() const {
  std::string out;
  appendString(out);
  return out;
}

void Sid::appendString(std::string &out) const {
  char buffer[24];
  auto number = [&](uint64_t value) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
  };
  out += "S-";
  number(revision_);
  out += '-';
  if (authority_ >= (1ull << 32)) {
    // Windows writes an authority of 2^32 and above as 0x and its upper-case hex digits without
    // leading zeros ("S-1-0x500000000-32-579", measured on Windows; MS-DTYP 2.4.2.1's grammar
    // shows 12 digits, which Windows reads but does not write).
    static constexpr char digits[] = "0123456789ABCDEF";
    out += "0x";
    int shift = 44;
    while (shift > 0 && ((authority_ >> shift) & 0xF) == 0)
      shift -= 4;
    for (; shift >= 0; shift -= 4)
      out += digits[(authority_ >> shift) & 0xF];
  } else {
    number(authority_);
  }
  for (uint32_t sub : subAuthorities_) {
    out += '-';
    number(sub);
  }
}

void Sid::appendBinary(std::vector<uint8_t> &out) const {
  out.push_back(revision_);
  out.push_back(static_cast<uint8_t>(subAuthorities_.size()));
  for (int i = 5; i >= 0; --i)
    out.push_back(static_cast<uint8_t>(authority_ >> (8 * i)));
  for (uint32_t sub : subAuthorities_)
    for (int i = 0; i < 4; ++i)
      out.push_back(static_cast<uint8_t>(sub >> (8 * i)));
}

Sid Sid::withRid(uint32_t rid) const {
  Sid result = *this;
  result.subAuthorities_.push_back(rid);
  return result;
}

bool Sid::isInDomain(const Sid &domain) const {
  if (revision_ != domain.revision_ || authority_ != domain.authority_ ||
      subAuthorities_.size() != domain.subAuthorities_.size() + 1)
    return false;
  for (size_t i = 0; i < domain.subAuthorities_.size(); ++i)
    if (subAuthorities_[i] != domain.subAuthorities_[i])
      return false;
  return true;
}

namespace wellknown {
Sid everyone() { return Sid(1, {0}); }
Sid local() { return Sid(2, {0}); }
Sid creatorOwner() { return Sid(3, {0}); }
Sid network() { return Sid(5, {2}); }
Sid batch() { return Sid(5, {3}); }
Sid interactive() { return Sid(5, {4}); }
Sid service() { return Sid(5, {6}); }
Sid anonymousLogon() { return Sid(5, {7}); }
Sid authenticatedUsers() { return Sid(5, {11}); }
Sid localSystem() { return Sid(5, {18}); }
Sid localService() { return Sid(5, {19}); }
Sid networkService() { return Sid(5, {20}); }
Sid builtin(uint32_t rid) { return Sid(5, {32, rid}); }
Sid builtinAdministrators() { return builtin(544); }
Sid builtinUsers() { return builtin(545); }
Sid builtinGuests() { return builtin(546); }
Sid builtinPerformanceLogUsers() { return builtin(559); }
Sid builtinDistributedComUsers() { return builtin(562); }
Sid builtinIisIusrs() { return builtin(568); }
} // namespace wellknown

} // namespace dd::winsec
