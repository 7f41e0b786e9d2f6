// SDDL parse and format: every alias, rights letters and Windows' letters-vs-hex choice, ACE
// flags and types, object GUIDs, NULL vs empty ACLs, the oversize-ACL quirk, and bad syntax.
#include "winsec/Sddl.h"

#include <gtest/gtest.h>

using namespace dd::winsec;

namespace {

const Sid Domain = *Sid::parse("S-1-5-21-2457507606-2709100691-398136650");
const SddlContext WithDomain{Domain};

std::string roundTrip(const std::string &sddl, const SddlContext &context = WithDomain) {
  auto sd = parseSddl(sddl, context);
  if (!sd)
    return "error: " + sd.error().message;
  auto back = SecurityDescriptor::fromBinary(sd->toBinary());
  if (!back)
    return "binary error: " + back.error().message;
  return formatSddl(*back, context);
}

std::string sddlErrorOf(const std::string &sddl, const SddlContext &context = {}) {
  auto sd = parseSddl(sddl, context);
  return sd ? std::string("no error") : sd.error().message;
}

} // namespace

TEST(SddlAliases, FixedAliasesResolveAndFormatBack) {
  const std::pair<const char *, const char *> fixed[] = {
      {"AA", "S-1-5-32-579"},
      {"AC", "S-1-15-2-1"},
      {"AN", "S-1-5-7"},
      {"AO", "S-1-5-32-548"},
      {"AS", "S-1-18-1"},
      {"AU", "S-1-5-11"},
      {"BA", "S-1-5-32-544"},
      {"BG", "S-1-5-32-546"},
      {"BO", "S-1-5-32-551"},
      {"BU", "S-1-5-32-545"},
      {"CD", "S-1-5-32-574"},
      {"CG", "S-1-3-1"},
      {"CO", "S-1-3-0"},
      {"CY", "S-1-5-32-569"},
      {"ED", "S-1-5-9"},
      {"ER", "S-1-5-32-573"},
      {"ES", "S-1-5-32-576"},
      {"HA", "S-1-5-32-578"},
      {"HI", "S-1-16-12288"},
      {"IS", "S-1-5-32-568"},
      {"IU", "S-1-5-4"},
      {"LS", "S-1-5-19"},
      {"LU", "S-1-5-32-559"},
      {"LW", "S-1-16-4096"},
      {"ME", "S-1-16-8192"},
      {"MP", "S-1-16-8448"},
      {"MS", "S-1-5-32-577"},
      {"MU", "S-1-5-32-558"},
      {"NO", "S-1-5-32-556"},
      {"NS", "S-1-5-20"},
      {"NU", "S-1-5-2"},
      {"OW", "S-1-3-4"},
      {"PO", "S-1-5-32-550"},
      {"PS", "S-1-5-10"},
      {"PU", "S-1-5-32-547"},
      {"RA", "S-1-5-32-575"},
      {"RC", "S-1-5-12"},
      {"RD", "S-1-5-32-555"},
      {"RE", "S-1-5-32-552"},
      {"RM", "S-1-5-32-580"},
      {"RU", "S-1-5-32-554"},
      {"SI", "S-1-16-16384"},
      {"SO", "S-1-5-32-549"},
      {"SS", "S-1-18-2"},
      {"SU", "S-1-5-6"},
      {"SY", "S-1-5-18"},
      {"UD", "S-1-5-84-0-0-0-0-0"},
      {"WD", "S-1-1-0"},
      {"WR", "S-1-5-33"},
  };
  for (auto [alias, sid] : fixed) {
    auto parsed = parseSddlSid(alias);
    ASSERT_TRUE(parsed.ok()) << alias << ": " << parsed.error().message;
    EXPECT_EQ(parsed->str(), sid) << alias;
    EXPECT_EQ(formatSddlSid(*parsed), alias) << sid;
    // And inside a descriptor, as owner and as an ACE's SID.
    std::string sddl = std::string("O:") + alias + "D:(A;;GA;;;" + alias + ")";
    EXPECT_EQ(roundTrip(sddl, {}), sddl);
  }
}

TEST(SddlAliases, DomainRelativeAliasesNeedTheDomain) {
  const std::pair<const char *, uint32_t> relative[] = {
      {"AP", 525}, {"CA", 517}, {"CN", 522}, {"DA", 512}, {"DC", 515}, {"DD", 516},
      {"DG", 514}, {"DU", 513}, {"EA", 519}, {"EK", 527}, {"KA", 526}, {"LA", 500},
      {"LG", 501}, {"PA", 520}, {"RO", 498}, {"RS", 553}, {"SA", 518},
  };
  for (auto [alias, rid] : relative) {
    auto parsed = parseSddlSid(alias, WithDomain);
    ASSERT_TRUE(parsed.ok()) << alias;
    EXPECT_EQ(*parsed, Domain.withRid(rid)) << alias;
    EXPECT_EQ(formatSddlSid(*parsed, WithDomain), alias);
    // Without the domain they cannot be resolved, and the SID is written as a SID string.
    auto missing = parseSddlSid(alias);
    ASSERT_FALSE(missing.ok()) << alias;
    EXPECT_NE(missing.error().message.find("--domain-sid"), std::string::npos);
    EXPECT_EQ(formatSddlSid(*parsed), parsed->str());
    EXPECT_NE(sddlErrorOf(std::string("D:(A;;GA;;;") + alias + ")").find("relative to a domain"), std::string::npos);
  }
  // A SID of another domain stays a SID string.
  auto other = *Sid::parse("S-1-5-21-1-2-3-512");
  EXPECT_EQ(formatSddlSid(other, WithDomain), "S-1-5-21-1-2-3-512");
}

TEST(SddlAliases, UnknownAliasIsAnError) {
  EXPECT_NE(sddlErrorOf("O:XY").find("unknown SID \"XY\""), std::string::npos) << sddlErrorOf("O:XY");
  EXPECT_FALSE(parseSddlSid("ZZ").ok());
  EXPECT_FALSE(parseSddlSid("").ok());
}

TEST(SddlDisplayNames, AsWindowsWritesThem) {
  EXPECT_EQ(displayName(*parseSddlSid("WD")), "Everyone");
  EXPECT_EQ(displayName(*parseSddlSid("AN")), "NT AUTHORITY\\ANONYMOUS LOGON");
  EXPECT_EQ(displayName(*parseSddlSid("AU")), "NT AUTHORITY\\Authenticated Users");
  EXPECT_EQ(displayName(*parseSddlSid("SY")), "NT AUTHORITY\\SYSTEM");
  EXPECT_EQ(displayName(*parseSddlSid("NS")), "NT AUTHORITY\\NETWORK SERVICE");
  EXPECT_EQ(displayName(*parseSddlSid("IU")), "NT AUTHORITY\\INTERACTIVE");
  EXPECT_EQ(displayName(*parseSddlSid("BA")), "BUILTIN\\Administrators");
  EXPECT_EQ(displayName(*Sid::parse("S-1-5-32-562")), "BUILTIN\\Distributed COM Users");
  EXPECT_EQ(displayName(*parseSddlSid("LU")), "BUILTIN\\Performance Log Users");
  EXPECT_EQ(displayName(*parseSddlSid("CO")), "CREATOR OWNER");
  EXPECT_EQ(displayName(*parseSddlSid("ME")), "Mandatory Label\\Medium Mandatory Level");
  EXPECT_EQ(displayName(*Sid::parse("S-1-5-21-1-2-3-1001")), "S-1-5-21-1-2-3-1001");
  EXPECT_EQ(wellKnownRidName(512), "Domain Admins");
  EXPECT_EQ(wellKnownRidName(1001), "");
}

TEST(SddlRights, LettersParse) {
  const std::pair<const char *, uint32_t> rights[] = {
      {"GA", 0x10000000}, {"GR", 0x80000000}, {"GW", 0x40000000}, {"GX", 0x20000000}, {"RC", 0x20000}, {"SD", 0x10000},
      {"WD", 0x40000},    {"WO", 0x80000},    {"CC", 0x1},        {"DC", 0x2},        {"LC", 0x4},     {"SW", 0x8},
      {"RP", 0x10},       {"WP", 0x20},       {"DT", 0x40},       {"LO", 0x80},       {"CR", 0x100},   {"FA", 0x1F01FF},
      {"FR", 0x120089},   {"FW", 0x120116},   {"FX", 0x1200A0},   {"KA", 0xF003F},    {"KR", 0x20019}, {"KW", 0x20006},
      {"KX", 0x20019},    {"NW", 0x1},        {"NR", 0x2},        {"NX", 0x4},
  };
  for (auto [letters, mask] : rights) {
    auto sd = parseSddl(std::string("D:(A;;") + letters + ";;;WD)");
    ASSERT_TRUE(sd.ok()) << letters << ": " << sd.error().message;
    EXPECT_EQ(sd->dacl->aces.at(0).mask, mask) << letters;
  }
  EXPECT_EQ(parseSddl("D:(A;;0x1200a9;;;WD)")->dacl->aces[0].mask, 0x1200A9u);
  EXPECT_EQ(parseSddl("D:(A;;0X1F;;;WD)")->dacl->aces[0].mask, 0x1Fu);
  EXPECT_EQ(parseSddl("D:(A;;31;;;WD)")->dacl->aces[0].mask, 31u);
  EXPECT_EQ(parseSddl("D:(A;;037;;;WD)")->dacl->aces[0].mask, 037u);
  EXPECT_EQ(parseSddl("D:(A;;CCDCLCSWRP;;;WD)")->dacl->aces[0].mask, 0x1Fu);
}

TEST(SddlRights, WindowsChoiceOfLettersOrHex) {
  // Whole-mask names first.
  EXPECT_EQ(formatSddlRights(0x1F01FF), "FA");
  EXPECT_EQ(formatSddlRights(0x120089), "FR");
  EXPECT_EQ(formatSddlRights(0x120116), "FW");
  EXPECT_EQ(formatSddlRights(0x1200A0), "FX");
  EXPECT_EQ(formatSddlRights(0xF003F), "KA");
  EXPECT_EQ(formatSddlRights(0x20019), "KR"); // KX has the same value; KR is written
  EXPECT_EQ(formatSddlRights(0x20006), "KW");
  // Then single-bit letters in ascending bit order.
  EXPECT_EQ(formatSddlRights(0x1F), "CCDCLCSWRP");
  EXPECT_EQ(formatSddlRights(0xB), "CCDCSW");
  EXPECT_EQ(formatSddlRights(0xA0000000), "GXGR");
  EXPECT_EQ(formatSddlRights(0x10000000), "GA");
  EXPECT_EQ(formatSddlRights(0xF01FF), "CCDCLCSWRPWPDTLOCRSDRCWDWO");
  // Any bit without a letter: hex, lowercase.
  EXPECT_EQ(formatSddlRights(0x1200A9), "0x1200a9");
  EXPECT_EQ(formatSddlRights(0x100000), "0x100000");
  EXPECT_EQ(formatSddlRights(0x201F01FF), "0x201f01ff");
  EXPECT_EQ(formatSddlRights(0), "");
  // Mandatory labels use NW/NR/NX.
  EXPECT_EQ(formatSddlRights(0x1, AceType::SystemMandatoryLabel), "NW");
  EXPECT_EQ(formatSddlRights(0x3, AceType::SystemMandatoryLabel), "NWNR");
}

TEST(SddlRights, BadRights) {
  EXPECT_NE(sddlErrorOf("D:(A;;QQ;;;WD)").find("unknown right \"QQ\""), std::string::npos);
  EXPECT_NE(sddlErrorOf("D:(A;;C;;;WD)").find("unknown right \"C\""), std::string::npos);
  EXPECT_NE(sddlErrorOf("D:(A;;0x1ffffffff;;;WD)").find("bad access mask"), std::string::npos);
  EXPECT_NE(sddlErrorOf("D:(A;;0xZZ;;;WD)").find("bad access mask"), std::string::npos);
  EXPECT_NE(sddlErrorOf("D:(A;;08;;;WD)").find("bad access mask"), std::string::npos);
}

TEST(SddlAces, TypesRoundTrip) {
  for (const char *sddl :
       {"D:(A;;GA;;;WD)", "D:(D;;GA;;;WD)", "S:(AU;SA;GA;;;WD)", "S:(AL;FA;GA;;;WD)", "S:(ML;;NW;;;LW)",
        "S:(SP;;;;;S-1-17-1)", "D:(OA;;RP;bf967a7f-0de6-11d0-a285-00aa003049e2;;WD)",
        "D:(OD;;WP;;bf967a86-0de6-11d0-a285-00aa003049e2;WD)",
        "S:(OU;SA;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;bf967a86-0de6-11d0-a285-00aa003049e2;WD)",
        "S:(OL;FA;CR;;;WD)"}) {
    EXPECT_EQ(roundTrip(sddl), sddl);
  }
  auto sd = parseSddl(
      "D:(A;;GA;;;WD)(D;;GA;;;AN)(OA;;RP;bf967a7f-0de6-11d0-a285-00aa003049e2;;WD)S:(AU;FA;GA;;;WD)(ML;;NW;;;HI)");
  ASSERT_TRUE(sd.ok()) << sd.error().message;
  EXPECT_EQ(sd->dacl->aces[0].type, AceType::AccessAllowed);
  EXPECT_EQ(sd->dacl->aces[1].type, AceType::AccessDenied);
  EXPECT_EQ(sd->dacl->aces[2].type, AceType::AccessAllowedObject);
  EXPECT_EQ(sd->sacl->aces[0].type, AceType::SystemAudit);
  EXPECT_EQ(sd->sacl->aces[1].type, AceType::SystemMandatoryLabel);
  EXPECT_EQ(sd->dacl->revision, 4); // an object ACE needs ACL_REVISION_DS
  EXPECT_EQ(sd->sacl->revision, 2);
  // GUID stored little-endian in its first three groups.
  const Guid expected{0x7f, 0x7a, 0x96, 0xbf, 0xe6, 0x0d, 0xd0, 0x11, 0xa2, 0x85, 0x00, 0xaa, 0x00, 0x30, 0x49, 0xe2};
  EXPECT_EQ(sd->dacl->aces[2].objectType, expected);
  EXPECT_FALSE(sd->dacl->aces[2].inheritedObjectType);
}

TEST(SddlAces, FlagsInWindowsOrder) {
  auto sd = parseSddl("D:(A;IDIOCIOINP;GA;;;WD)S:(AU;FASA;GA;;;WD)");
  ASSERT_TRUE(sd.ok()) << sd.error().message;
  EXPECT_EQ(sd->dacl->aces[0].flags, 0x1F);
  EXPECT_EQ(sd->sacl->aces[0].flags, 0xC0);
  EXPECT_EQ(formatSddl(*sd), "D:(A;OICINPIOID;GA;;;WD)S:(AU;SAFA;GA;;;WD)");
  EXPECT_NE(sddlErrorOf("D:(A;XX;GA;;;WD)").find("unknown ACE flag \"XX\""), std::string::npos);
}

TEST(SddlAces, ConditionalAndResourceAttributeAcesAreRefused) {
  for (const char *sddl : {"D:(XA;;FX;;;WD;(Member_of {SID(BA)}))", "D:(XD;;FX;;;WD;(x))", "D:(ZA;;FX;;;WD;(x))",
                           "S:(XU;SA;FX;;;WD;(x))", "S:(RA;;;;;WD;(\"Project\",TS,0,\"Windows\"))"}) {
    std::string why = sddlErrorOf(sddl);
    EXPECT_TRUE(why.find("not supported") != std::string::npos) << sddl << ": " << why;
  }
  // A seventh field on an ordinary ACE too.
  EXPECT_NE(sddlErrorOf("D:(A;;GA;;;WD;x)").find("more than 6 fields"), std::string::npos);
}

TEST(SddlAcls, NullVersusEmptyDacl) {
  auto null = parseSddl("D:NO_ACCESS_CONTROL");
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->hasNullDacl());
  EXPECT_FALSE(null->dacl);
  EXPECT_EQ(formatSddl(*null), "D:NO_ACCESS_CONTROL");
  auto bytes = null->toBinary();
  EXPECT_EQ(bytes.size(), 20u);
  EXPECT_EQ(bytes[2], 0x04); // SE_DACL_PRESENT with offset 0
  EXPECT_EQ(roundTrip("D:NO_ACCESS_CONTROL"), "D:NO_ACCESS_CONTROL");

  auto empty = parseSddl("D:");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->hasNullDacl());
  ASSERT_TRUE(empty->dacl);
  EXPECT_TRUE(empty->dacl->aces.empty());
  EXPECT_EQ(empty->toBinary().size(), 28u);
  EXPECT_EQ(roundTrip("D:"), "D:");

  auto none = parseSddl("O:BA");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->control & sdcontrol::DaclPresent);
  EXPECT_EQ(roundTrip(""), "");
  EXPECT_NE(sddlErrorOf("D:NO_ACCESS_CONTROL(A;;GA;;;WD)").find("NULL ACL"), std::string::npos);
}

TEST(SddlAcls, ControlFlags) {
  auto sd = parseSddl("D:PARAI(A;;GA;;;WD)S:PARAI");
  ASSERT_TRUE(sd.ok());
  EXPECT_EQ(sd->control, sdcontrol::SelfRelative | sdcontrol::DaclPresent | sdcontrol::SaclPresent |
                             sdcontrol::DaclProtected | sdcontrol::DaclAutoInheritReq | sdcontrol::DaclAutoInherited |
                             sdcontrol::SaclProtected | sdcontrol::SaclAutoInheritReq | sdcontrol::SaclAutoInherited);
  EXPECT_EQ(roundTrip("D:AIARP(A;;GA;;;WD)"), "D:PARAI(A;;GA;;;WD)");
  EXPECT_EQ(roundTrip("S:AI(AU;SA;GA;;;WD)D:(A;;GA;;;WD)G:SYO:BA"), "O:BAG:SYD:(A;;GA;;;WD)S:AI(AU;SA;GA;;;WD)");
}

TEST(SddlAcls, WindowsPadsAnEmptyMaskAceNextToItsTwin) {
  // oversize-acls.json: Windows reserves 4 more bytes per such ACE and marks the ACL revision 4.
  auto sd = parseSddl("D:P(D;;;;;MP)(D;;;;;MP)");
  ASSERT_TRUE(sd.ok());
  EXPECT_EQ(sd->dacl->revision, 4);
  ASSERT_TRUE(sd->dacl->declaredSize);
  EXPECT_EQ(*sd->dacl->declaredSize, 8 + 2 * 20 + 2 * 4);
  auto bytes = sd->toBinary();
  EXPECT_EQ(bytes.size(), 20u + 56u);
  EXPECT_EQ(bytes.back(), 0);
  // Decoding keeps the declared size, so the bytes come back the same.
  auto back = SecurityDescriptor::fromBinary(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->toBinary(), bytes);
  // No twin, or a non-empty mask: no padding, revision 2.
  for (const char *plain : {"D:(D;;;;;MP)", "D:(D;;;;;MP)(D;;;;;ME)", "D:(D;;GA;;;MP)(D;;GA;;;MP)",
                            "D:(D;;;;;MP)(A;;;;;MP)", "D:(D;CI;;;;MP)(D;;;;;MP)"}) {
    auto p = parseSddl(plain);
    ASSERT_TRUE(p.ok());
    EXPECT_FALSE(p->dacl->declaredSize) << plain;
    EXPECT_EQ(p->dacl->revision, 2) << plain;
  }
}

TEST(SddlSyntax, ClearErrors) {
  const std::pair<const char *, const char *> bad[] = {
      {"X:BA", "expected \"O:\", \"G:\", \"D:\" or \"S:\""},
      {"O:", "expected the owner SID"},
      {"O:BAO:BA", "\"O:\" appears twice"},
      {"D:(A;;GA;;;WD", "no closing \")\""},
      {"D:(A;;GA;;WD)", "ACE has 5 fields"},
      {"D:(Q;;GA;;;WD)", "unknown ACE type \"Q\""},
      {"D:(A;;GA;;;)", "ACE has no SID"},
      {"D:(A;;GA;;;S-1-5-)", "bad SID"},
      {"D:(A;;GA;;;S-1-99999999999999999)", "bad SID"},
      {"D:(OA;;GA;not-a-guid;;WD)", "bad GUID"},
      {"D:(A;;GA;bf967a7f-0de6-11d0-a285-00aa003049e2;;WD)", "takes no object GUID"},
      {"D:(A;;GA;;;WD)x", "expected \"O:\", \"G:\", \"D:\" or \"S:\""},
      {"D:(A;(;GA;;;WD)", "unexpected \"(\""},
      {"O:S-1-5-21-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", "more than 15 sub-authorities"},
  };
  for (auto [sddl, why] : bad) {
    std::string message = sddlErrorOf(sddl);
    EXPECT_NE(message.find(why), std::string::npos) << sddl << " -> " << message;
    EXPECT_NE(message.find("at character"), std::string::npos) << message;
  }
}

TEST(SddlSyntax, OwnerSidStringEndsWhereTheNextPartBegins) {
  auto sd = parseSddl("O:S-1-5-21-1-2-3-500G:S-1-5-21-1-2-3-513D:(A;;GA;;;S-1-5-21-1-2-3-500)");
  ASSERT_TRUE(sd.ok()) << sd.error().message;
  EXPECT_EQ(sd->owner->str(), "S-1-5-21-1-2-3-500");
  EXPECT_EQ(sd->group->str(), "S-1-5-21-1-2-3-513");
  auto hex = parseSddl("O:S-1-0x500000000-32-579D:");
  ASSERT_TRUE(hex.ok()) << hex.error().message;
  EXPECT_EQ(hex->owner->identifierAuthority(), 0x500000000ull);
  // Found by fuzz_sddl: an authority written in hex ending in D must not swallow "D:".
  auto big = parseSddl("O:BAG:S-1-5798146233D:(A;;FR;;;BA)");
  ASSERT_TRUE(big.ok()) << big.error().message;
  std::string formatted = formatSddl(*big);
  EXPECT_EQ(formatted, "O:BAG:S-1-0x15998B0B9D:(A;;FR;;;BA)");
  auto again = parseSddl(formatted);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->toBinary(), big->toBinary());
}

TEST(SddlLayout, WindowsOrderSaclDaclOwnerGroup) {
  auto sd = parseSddl("O:BAG:SYD:(A;;GA;;;WD)S:(AU;SA;GA;;;WD)");
  ASSERT_TRUE(sd.ok());
  auto b = sd->toBinary();
  auto u32 = [&](size_t at) { return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | uint32_t(b[at + 3]) << 24; };
  uint32_t owner = u32(4), group = u32(8), sacl = u32(12), dacl = u32(16);
  EXPECT_EQ(sacl, 20u);
  EXPECT_LT(sacl, dacl);
  EXPECT_LT(dacl, owner);
  EXPECT_LT(owner, group);
  EXPECT_EQ(group + 12, b.size()); // SY is 12 bytes and ends the descriptor
}

// SDDL as Windows' ConvertStringSecurityDescriptorToSecurityDescriptorW accepts it beyond the
// grammar of MS-DTYP 2.5.1.1 and 2.4.2.1, and the canonical form ConvertSecurityDescriptorTo-
// StringSecurityDescriptorW writes back. Each pair was run on Windows by the Samba project
// (python/samba/tests/sddl.py, classes SddlNonCanonical and SddlWindowsIsLessFussy, checked with
// libcli/security/tests/windows/windows-sddl-tests.c against advapi32).
TEST(SddlAsWindowsReadsIt, LowerCaseBlanksAndHexNumbers) {
  const std::pair<const char *, const char *> cases[] = {
      // letters of ACE types, rights and SID aliases in either case
      {"D:(a;;GA;;;LG)", "D:(A;;GA;;;LG)"},
      {"D:(A;;GA;;;lg)", "D:(A;;GA;;;LG)"},
      {"D:(A;;ga;;;LG)", "D:(A;;GA;;;LG)"},
      {"O:ba", "O:BA"},
      // blanks between and around the parts, the ACL flags and the ACEs
      {"  O:AA G:WD ", "O:AAG:WD"},
      {"D: S:", "D:S:"},
      {"D: P(A;;GA;;;LG)", "D:P(A;;GA;;;LG)"},
      {"D:P (A;;GA;;;LG)", "D:P(A;;GA;;;LG)"},
      {"D:P(A;;GA;;;LG) (A;;GX;;;AA)", "D:P(A;;GA;;;LG)(A;;GX;;;AA)"},
      // blanks inside an ACE: before flags, rights and SID, after an alias, a blank GUID field
      {"D:(A; ;GA;;;LG)", "D:(A;;GA;;;LG)"},
      {"D:(A;; GA;;;LG)", "D:(A;;GA;;;LG)"},
      {"D:(A;;GA;;; WD)", "D:(A;;GA;;;WD)"},
      {"D:(A;;GA;;;WD )", "D:(A;;GA;;;WD)"},
      {"D:(A;;GA;;; S-1-3-4)", "D:(A;;GA;;;OW)"},
      {"D:(A;;GA; ;;S-1-333-4)", "D:(A;;GA;;;S-1-333-4)"},
      // blanks inside a SID string, before the revision and the authority
      {"O:S- 1- 2-3", "O:S-1-2-3"},
      // hexadecimal sub-authorities and authorities; an authority of 2^32 or more written as 0x
      // and its hex digits without leading zeros
      {"D:(A;;GA;;;S-1-5-21-0x1-0x2-0x3-513)", "D:(A;;GA;;;S-1-5-21-1-2-3-513)"},
      {"D:(A;;GA;;;S-1-3-0x00000002-3-4)", "D:(A;;GA;;;S-1-3-2-3-4)"},
      {"D:(A;;GA;;;S-1-3-0xffffffff-3-4)", "D:(A;;GA;;;S-1-3-4294967295-3-4)"},
      {"D:(A;;GA;;;S-1-0x20-3-4)", "D:(A;;GA;;;S-1-32-3-4)"},
      {"D:(A;;CC;;;S-1-21474836480-32-579)", "D:(A;;CC;;;S-1-0x500000000-32-579)"},
      {"D:(A;;GA;;;S-1-5000000000-30-40)", "D:(A;;GA;;;S-1-0x12A05F200-30-40)"},
      // a 'D' followed by ':' ends a hex number: it starts the DACL
      {"O:S-1-2-0x200D:", "O:S-1-2-512D:"},
      {"O:S-1-2-0x2D:(A;;GA;;;LG)", "O:S-1-2-2D:(A;;GA;;;LG)"},
  };
  for (auto [input, canonical] : cases) {
    EXPECT_EQ(roundTrip(input), canonical) << input;
    auto a = parseSddl(input, WithDomain), b = parseSddl(canonical, WithDomain);
    ASSERT_TRUE(a.ok() && b.ok()) << input;
    EXPECT_EQ(a->toBinary(), b->toBinary()) << input; // the same bytes as the canonical form
  }
}

// What Windows refuses (same source: class SddlShouldFail), and the overflowing numbers that
// Windows saturates to 0xFFFFFFFF (class SddlWindowsIsWeird), which we refuse as typos.
TEST(SddlAsWindowsReadsIt, RefusesWhatWindowsRefusesAndOverflows) {
  for (const char *bad :
       {"d:(A;;GA;;;LG)", "D :S:", "D:(A;;GA ;;;LG)", "D:(A;;123456789 ;;;LG)", "D:(A;;GA;;;S-1-3-4 )",
        "D:(A;;GA;;;S-1-0x1313131313131-513)", "D:(A;;GA; f30e3bbf-9ff0-11d1-b603-0000f80367c1;;WD)",
        "D:(A;;GA;;f30e3bbf-9ff0-11d1-b603-0000f80367c1 ;WD)", "D:(A;;GA;;;S-1-3-4294967296-3-4)",
        "D:(A;;GA;;;S-1-3-0x100000000-3-4)", "D:(A;;0x123456789;;;LG)"}) {
    EXPECT_NE(sddlErrorOf(bad, WithDomain), "no error") << bad;
  }
}

TEST(SddlAsWindowsWritesIt, HexAuthorityWithoutLeadingZeros) {
  EXPECT_EQ(Sid(0x500000000ull, {32, 579}).str(), "S-1-0x500000000-32-579");
  EXPECT_EQ(Sid(0xFFFFFFFFFFFFull, {1}).str(), "S-1-0xFFFFFFFFFFFF-1");
  EXPECT_EQ(Sid(0xFFFFFFFFull, {1}).str(), "S-1-4294967295-1"); // below 2^32: decimal
}
