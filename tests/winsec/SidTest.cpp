// SIDs: string and binary forms, domain relations, well-known SIDs, and bad input.
#include "winsec/Sid.h"

#include <gtest/gtest.h>

using dd::winsec::Sid;
namespace wk = dd::winsec::wellknown;

TEST(Sid, ParsesAndFormatsString) {
  auto sid = Sid::parse("S-1-5-21-2457507606-2709100691-398136650-512");
  ASSERT_TRUE(sid.ok()) << sid.error().str();
  EXPECT_EQ(sid->identifierAuthority(), 5u);
  ASSERT_EQ(sid->subAuthorities().size(), 5u);
  EXPECT_EQ(sid->rid(), 512u);
  EXPECT_EQ(sid->str(), "S-1-5-21-2457507606-2709100691-398136650-512");
  EXPECT_EQ(Sid::parse("S-1-1-0")->str(), "S-1-1-0");
  EXPECT_EQ(Sid::parse("S-1-5")->str(), "S-1-5"); // no sub-authorities is allowed
}

TEST(Sid, HexAuthority) {
  auto sid = Sid::parse("S-1-0x500000000-32-579");
  ASSERT_TRUE(sid.ok()) << sid.error().str();
  EXPECT_EQ(sid->identifierAuthority(), 0x500000000ull);
  auto small = Sid::parse("S-1-0x5-32-544");
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->str(), "S-1-5-32-544");
  // Windows writes 2^32 and above as 0x and the hex digits without leading zeros; it reads the
  // 12-digit form of MS-DTYP 2.4.2.1 as well (measured on Windows by the Samba SDDL tests).
  EXPECT_EQ(sid->str(), "S-1-0x500000000-32-579");
  auto padded = Sid::parse("S-1-0x000500000000-32-579");
  ASSERT_TRUE(padded.ok()) << padded.error().str();
  EXPECT_EQ(*padded, *sid);
  EXPECT_FALSE(Sid::parse("S-1-0x0005000000000-32-579").ok()); // 13 hex digits
}

// ConvertStringSidToSid also takes hexadecimal sub-authorities and blanks before the revision
// and the authority (same source as above).
TEST(Sid, HexSubAuthoritiesAndBlanks) {
  auto sid = Sid::parse("S-1-5-21-0x1-0x2-0x3-513");
  ASSERT_TRUE(sid.ok()) << sid.error().str();
  EXPECT_EQ(sid->str(), "S-1-5-21-1-2-3-513");
  EXPECT_EQ(Sid::parse("S-1-3-0xffffffff")->str(), "S-1-3-4294967295");
  EXPECT_EQ(Sid::parse("S- 1- 2-3")->str(), "S-1-2-3");
  EXPECT_FALSE(Sid::parse("S-1-3-0x100000000").ok()); // Windows saturates; we refuse
  EXPECT_FALSE(Sid::parse("S-1-2- 3").ok());          // no blank before a sub-authority
}

TEST(Sid, BinaryRoundTrip) {
  Sid sid = wk::builtinDistributedComUsers();
  std::vector<uint8_t> bytes;
  sid.appendBinary(bytes);
  const std::vector<uint8_t> expected{1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x32, 2, 0, 0};
  EXPECT_EQ(bytes, expected);
  EXPECT_EQ(sid.binarySize(), bytes.size());
  size_t consumed = 0;
  bytes.push_back(0xAA); // trailing data is not part of the SID
  auto back = Sid::fromBinary(bytes, &consumed);
  ASSERT_TRUE(back.ok()) << back.error().str();
  EXPECT_EQ(*back, sid);
  EXPECT_EQ(consumed, 16u);
}

TEST(Sid, RejectsBadStrings) {
  for (const char *bad : {"", "S", "S-", "S-1", "S-1-", "S-2-5", "X-1-5", "S-1-5-", "S-1-5--1", "S-1-5-4294967296",
                          "S-1-281474976710656", "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", "S-1-5-a", "S-1-5 "}) {
    auto sid = Sid::parse(bad);
    EXPECT_FALSE(sid.ok()) << bad;
    if (!sid.ok()) {
      EXPECT_NE(sid.error().message.find("bad SID"), std::string::npos) << sid.error().message;
    }
  }
}

TEST(Sid, RejectsBadBinary) {
  const std::vector<uint8_t> truncated{1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0};
  auto r = Sid::fromBinary(truncated);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("truncated SID"), std::string::npos) << r.error().message;
  const std::vector<uint8_t> tooMany{1, 16, 0, 0, 0, 0, 0, 5};
  r = Sid::fromBinary(tooMany);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("at most 15"), std::string::npos);
  const std::vector<uint8_t> badRevision{2, 0, 0, 0, 0, 0, 0, 5};
  r = Sid::fromBinary(badRevision);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("revision"), std::string::npos);
  EXPECT_FALSE(Sid::fromBinary({}).ok());
}

TEST(Sid, DomainRelations) {
  Sid domain = *Sid::parse("S-1-5-21-1-2-3");
  Sid admin = domain.withRid(500);
  EXPECT_EQ(admin.str(), "S-1-5-21-1-2-3-500");
  EXPECT_TRUE(admin.isInDomain(domain));
  EXPECT_FALSE(domain.isInDomain(domain));
  EXPECT_FALSE(admin.withRid(1).isInDomain(domain));
  EXPECT_FALSE(Sid::parse("S-1-5-21-1-2-4-500")->isInDomain(domain));
}

TEST(Sid, WellKnown) {
  EXPECT_EQ(wk::everyone().str(), "S-1-1-0");
  EXPECT_EQ(wk::local().str(), "S-1-2-0");
  EXPECT_EQ(wk::creatorOwner().str(), "S-1-3-0");
  EXPECT_EQ(wk::network().str(), "S-1-5-2");
  EXPECT_EQ(wk::batch().str(), "S-1-5-3");
  EXPECT_EQ(wk::interactive().str(), "S-1-5-4");
  EXPECT_EQ(wk::service().str(), "S-1-5-6");
  EXPECT_EQ(wk::anonymousLogon().str(), "S-1-5-7");
  EXPECT_EQ(wk::authenticatedUsers().str(), "S-1-5-11");
  EXPECT_EQ(wk::localSystem().str(), "S-1-5-18");
  EXPECT_EQ(wk::localService().str(), "S-1-5-19");
  EXPECT_EQ(wk::networkService().str(), "S-1-5-20");
  EXPECT_EQ(wk::builtinAdministrators().str(), "S-1-5-32-544");
  EXPECT_EQ(wk::builtinUsers().str(), "S-1-5-32-545");
  EXPECT_EQ(wk::builtinGuests().str(), "S-1-5-32-546");
  EXPECT_EQ(wk::builtinPerformanceLogUsers().str(), "S-1-5-32-559");
  EXPECT_EQ(wk::builtinDistributedComUsers().str(), "S-1-5-32-562");
  EXPECT_EQ(wk::builtinIisIusrs().str(), "S-1-5-32-568");
}

TEST(Sid, Ordering) {
  EXPECT_LT(wk::everyone(), wk::anonymousLogon());
  EXPECT_EQ(wk::builtin(544), wk::builtinAdministrators());
}
