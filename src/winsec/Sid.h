// Security identifiers (MS-DTYP 2.4.2): string form "S-1-5-32-544" and the binary form
// Windows stores in descriptors, tokens and event records.
#pragma once

#include "support/Result.h"

#include <array>
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::winsec {

class Sid {
public:
  static constexpr size_t MaxSubAuthorities = 15;

  Sid() = default;
  Sid(uint64_t identifierAuthority, std::vector<uint32_t> subAuthorities, uint8_t revision = 1);

  // "S-1-5-21-1-2-3-500"; also the hex authority form "S-1-0x123456789ABC-...". Not aliases:
  // those are SDDL (see Sddl.h).
  static Result<Sid> parse(std::string_view text);
  // Reads one SID at the start of `bytes`; `consumed` (if given) receives its length.
  static Result<Sid> fromBinary(std::span<const uint8_t> bytes, size_t *consumed = nullptr);

  std::string str() const;                   // "S-1-5-32-544"
  void appendString(std::string &out) const; // str() appended to `out`, without a temporary
  size_t binarySize() const { return 8 + 4 * subAuthorities_.size(); }
  void appendBinary(std::vector<uint8_t> &out) const;

  uint8_t revision() const { return revision_; }
  uint64_t identifierAuthority() const { return authority_; }
  const std::vector<uint32_t> &subAuthorities() const { return subAuthorities_; }
  uint32_t rid() const { return subAuthorities_.empty() ? 0 : subAuthorities_.back(); }

  // The SID with `rid` appended: a machine or domain SID plus a RID gives an account SID.
  Sid withRid(uint32_t rid) const;
  // True when this SID is `domain` plus exactly one more sub-authority.
  bool isInDomain(const Sid &domain) const;

  friend bool operator==(const Sid &, const Sid &) = default;
  friend auto operator<=>(const Sid &, const Sid &) = default;

private:
  uint8_t revision_ = 1;
  uint64_t authority_ = 0; // 48 bits
  std::vector<uint32_t> subAuthorities_;
};

// Well-known SIDs the DCOM model uses by name.
namespace wellknown {
Sid everyone();                   // S-1-1-0
Sid local();                      // S-1-2-0
Sid creatorOwner();               // S-1-3-0
Sid network();                    // S-1-5-2
Sid batch();                      // S-1-5-3
Sid interactive();                // S-1-5-4
Sid service();                    // S-1-5-6
Sid anonymousLogon();             // S-1-5-7
Sid authenticatedUsers();         // S-1-5-11
Sid localSystem();                // S-1-5-18
Sid localService();               // S-1-5-19
Sid networkService();             // S-1-5-20
Sid builtinAdministrators();      // S-1-5-32-544
Sid builtinUsers();               // S-1-5-32-545
Sid builtinGuests();              // S-1-5-32-546
Sid builtinPerformanceLogUsers(); // S-1-5-32-559
Sid builtinDistributedComUsers(); // S-1-5-32-562
Sid builtinIisIusrs();            // S-1-5-32-568
Sid builtin(uint32_t rid);        // S-1-5-32-<rid>
} // namespace wellknown

} // namespace dd::winsec
