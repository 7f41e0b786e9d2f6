// The access check: ACE order, deny before allow, inherit-only ACEs, NULL and empty DACLs,
// deny-only and disabled groups, and the evidence of the deciding ACEs.
#include "winsec/AccessCheck.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <gtest/gtest.h>

using namespace dd::winsec;

namespace {

SecurityDescriptor sd(const char *sddl) {
  auto parsed = parseSddl(sddl);
  EXPECT_TRUE(parsed.ok()) << sddl << ": " << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : SecurityDescriptor{};
}

const Sid User = *Sid::parse("S-1-5-21-1-2-3-1001");

Token tokenWith(std::initializer_list<Sid> groups) {
  Token token{User, {}};
  for (const Sid &g : groups)
    token.groups.push_back(TokenGroup{g});
  return token;
}

} // namespace

TEST(AccessCheck, NullDaclGrantsEverything) {
  auto r = accessCheck(sd("D:NO_ACCESS_CONTROL"), tokenWith({}), 0x1F);
  EXPECT_TRUE(r.nullDacl);
  EXPECT_EQ(r.granted, 0x1Fu);
  EXPECT_TRUE(r.allowedBy.empty());
  // No DACL at all behaves the same.
  EXPECT_EQ(accessCheck(sd("O:BA"), tokenWith({}), 0x7).granted, 0x7u);
}

TEST(AccessCheck, EmptyDaclGrantsNothing) {
  auto r = accessCheck(sd("D:"), tokenWith({wellknown::everyone()}), 0x1F);
  EXPECT_TRUE(r.emptyDacl);
  EXPECT_EQ(r.granted, 0u);
}

TEST(AccessCheck, AllowAcesAddUpWithEvidence) {
  auto r = accessCheck(sd("D:(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;BA)(A;;CCLC;;;AU)"),
                       tokenWith({wellknown::everyone(), wellknown::authenticatedUsers()}), 0x1F);
  EXPECT_EQ(r.granted, 0xFu); // 0xb from WD, then LC (0x4) from AU; BA does not match
  ASSERT_EQ(r.allowedBy.size(), 2u);
  EXPECT_EQ(r.allowedBy[0].index, 0u);
  EXPECT_EQ(r.allowedBy[0].bitsDecided, 0xBu);
  EXPECT_EQ(r.allowedBy[1].index, 2u);
  EXPECT_EQ(r.allowedBy[1].bitsDecided, 0x4u); // CC was already granted
  EXPECT_TRUE(r.allows(0xB));
  EXPECT_FALSE(r.allows(0x10));
}

TEST(AccessCheck, DenyOrderMatters) {
  const Token token = tokenWith({wellknown::everyone(), wellknown::network()});
  // Deny first: the network user loses remote bits even though Everyone is granted all.
  auto denyFirst = accessCheck(sd("D:(D;;LCRP;;;NU)(A;;CCDCLCSWRP;;;WD)"), token, 0x1F);
  EXPECT_EQ(denyFirst.granted, 0xBu);
  ASSERT_EQ(denyFirst.deniedBy.size(), 1u);
  EXPECT_EQ(denyFirst.deniedBy[0].bitsDecided, 0x14u);
  // Deny after the allow: the bits are already granted and stay granted (non-canonical order).
  auto denyLast = accessCheck(sd("D:(A;;CCDCLCSWRP;;;WD)(D;;LCRP;;;NU)"), token, 0x1F);
  EXPECT_EQ(denyLast.granted, 0x1Fu);
  EXPECT_TRUE(denyLast.deniedBy.empty());
}

TEST(AccessCheck, InheritOnlyAcesAreSkipped) {
  auto r = accessCheck(sd("D:(A;OICIIO;CCDCLCSWRP;;;WD)(A;CI;CCDC;;;WD)"), tokenWith({wellknown::everyone()}), 0x1F);
  EXPECT_EQ(r.granted, 0x3u);
  ASSERT_EQ(r.allowedBy.size(), 1u);
  EXPECT_EQ(r.allowedBy[0].index, 1u);
}

TEST(AccessCheck, DenyOnlyGroupsMatchOnlyDenyAces) {
  Token token{User, {TokenGroup{wellknown::builtinAdministrators(), groupattr::UseForDenyOnly}}};
  EXPECT_FALSE(token.matchesForAllow(wellknown::builtinAdministrators()));
  EXPECT_TRUE(token.matchesForDeny(wellknown::builtinAdministrators()));
  EXPECT_EQ(accessCheck(sd("D:(A;;CCDCLCSWRP;;;BA)"), token, 0x1F).granted, 0u);
  auto denied = accessCheck(sd("D:(D;;CC;;;BA)(A;;CCDC;;;S-1-5-21-1-2-3-1001)"), token, 0x3);
  EXPECT_EQ(denied.granted, 0x2u);
  EXPECT_EQ(denied.deniedBy.size(), 1u);
}

TEST(AccessCheck, DisabledGroupsMatchNothing) {
  Token token{User, {TokenGroup{wellknown::everyone(), 0}}};
  EXPECT_FALSE(token.matchesForAllow(wellknown::everyone()));
  EXPECT_FALSE(token.matchesForDeny(wellknown::everyone()));
  EXPECT_EQ(accessCheck(sd("D:(A;;CC;;;WD)"), token, 0x1).granted, 0u);
}

TEST(AccessCheck, UserSidMatches) {
  auto r = accessCheck(sd("D:(A;;CCDC;;;S-1-5-21-1-2-3-1001)"), tokenWith({}), 0x1F);
  EXPECT_EQ(r.granted, 0x3u);
}

TEST(AccessCheck, OldStyleComAceThroughTheMapper) {
  const auto descriptor = sd("D:(A;;CC;;;WD)");
  const Token token = tokenWith({wellknown::everyone()});
  EXPECT_EQ(accessCheck(descriptor, token, 0x1F).granted, 0x1u); // raw mask: EXECUTE only
  auto launch = accessCheck(descriptor, token, 0x1F, &com::effectiveLaunchRights);
  EXPECT_EQ(launch.granted, 0x1Fu);
  auto access = accessCheck(descriptor, token, 0x7, &com::effectiveAccessRights);
  EXPECT_EQ(access.granted, 0x7u);
  EXPECT_EQ(access.allowedBy.at(0).bitsDecided, 0x7u);
}

TEST(AccessCheck, ObjectAcesWithATypeDoNotApplyToTheWholeObject) {
  auto r = accessCheck(sd("D:(OA;;CC;bf967a7f-0de6-11d0-a285-00aa003049e2;;WD)(OA;;DC;;;WD)"),
                       tokenWith({wellknown::everyone()}), 0x3);
  EXPECT_EQ(r.granted, 0x2u);
}
