// Binary self-relative descriptors: layout, NULL vs empty DACL, Windows' ACL padding, and
// malformed input (truncated buffers, offsets past the end, lying counts and sizes), each with
// a clear located error and never a read out of bounds.
#include "winsec/Sddl.h"
#include "winsec/SecurityDescriptor.h"

#include <gtest/gtest.h>

using namespace dd::winsec;

namespace {

std::vector<uint8_t> bytesOf(const char *sddl) {
  auto sd = parseSddl(sddl);
  EXPECT_TRUE(sd.ok()) << sddl;
  return sd->toBinary();
}

void setU16(std::vector<uint8_t> &b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v);
  b[at + 1] = static_cast<uint8_t>(v >> 8);
}
void setU32(std::vector<uint8_t> &b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

std::string errorOf(const std::vector<uint8_t> &bytes) {
  auto sd = SecurityDescriptor::fromBinary(bytes);
  return sd ? std::string("no error") : sd.error().str();
}

} // namespace

TEST(SecurityDescriptorBinary, KnownBytes) {
  // MachineAccessRestriction as Windows 7 writes it (../shared/conformance/reg).
  const std::vector<uint8_t> bytes = bytesOf("O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)");
  const std::vector<uint8_t> expected{
      1, 0, 4,    0x80, 0x44, 0, 0, 0, 0x54, 0, 0, 0, 0,    0, 0, 0, 0x14, 0, 0, 0, // header
      2, 0, 0x30, 0,    2,    0, 0, 0,                                              // DACL
      0, 0, 0x14, 0,    7,    0, 0, 0, 1,    1, 0, 0, 0,    0, 0, 1, 0,    0, 0, 0, // (A;;0x7;;;WD)
      0, 0, 0x14, 0,    3,    0, 0, 0, 1,    1, 0, 0, 0,    0, 0, 5, 7,    0, 0, 0, // (A;;0x3;;;AN)
      1, 2, 0,    0,    0,    0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0,                // owner BA
      1, 2, 0,    0,    0,    0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0};               // group BA
  EXPECT_EQ(bytes, expected);
  auto sd = SecurityDescriptor::fromBinary(expected);
  ASSERT_TRUE(sd.ok()) << sd.error().str();
  EXPECT_EQ(formatSddl(*sd), "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)");
  EXPECT_EQ(sd->dacl->aces.size(), 2u);
  EXPECT_TRUE(sd->dacl->aces[0].isAllow());
  EXPECT_FALSE(sd->dacl->aces[0].isDeny());
}

TEST(SecurityDescriptorBinary, NullAndEmptyDacl) {
  auto null = SecurityDescriptor::fromBinary(bytesOf("D:NO_ACCESS_CONTROL"));
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->hasNullDacl());
  auto empty = SecurityDescriptor::fromBinary(bytesOf("D:"));
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->hasNullDacl());
  ASSERT_TRUE(empty->dacl);
  EXPECT_TRUE(empty->dacl->aces.empty());
}

TEST(SecurityDescriptorBinary, PaddedAclKeepsItsDeclaredSize) {
  auto bytes = bytesOf("D:(A;;GA;;;WD)");
  // Make the ACL 8 bytes larger, zero-filled, as Windows sometimes does.
  setU16(bytes, 20 + 2, static_cast<uint16_t>(8 + 20 + 8));
  bytes.insert(bytes.end(), 8, 0);
  auto sd = SecurityDescriptor::fromBinary(bytes);
  ASSERT_TRUE(sd.ok()) << sd.error().str();
  ASSERT_TRUE(sd->dacl->declaredSize);
  EXPECT_EQ(*sd->dacl->declaredSize, 36);
  EXPECT_EQ(sd->toBinary(), bytes);
}

TEST(SecurityDescriptorBinary, ObjectAceAndTrailingBytes) {
  auto bytes = bytesOf("D:(OA;CI;RPWP;bf967a7f-0de6-11d0-a285-00aa003049e2;bf967a86-0de6-11d0-a285-00aa003049e2;PS)");
  auto sd = SecurityDescriptor::fromBinary(bytes);
  ASSERT_TRUE(sd.ok());
  const Ace &ace = sd->dacl->aces[0];
  EXPECT_TRUE(ace.isObjectAce());
  EXPECT_TRUE(ace.objectType && ace.inheritedObjectType);
  EXPECT_EQ(ace.binarySize(), 8u + 4 + 32 + 12);
  EXPECT_EQ(sd->dacl->revision, 4);
  EXPECT_EQ(sd->toBinary(), bytes);
}

TEST(SecurityDescriptorBinary, TruncatedBuffers) {
  const auto full = bytesOf("O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)");
  // Every prefix of a valid descriptor is refused with a message, never read past its end.
  for (size_t n = 0; n < full.size(); ++n) {
    std::vector<uint8_t> prefix(full.begin(), full.begin() + n);
    auto sd = SecurityDescriptor::fromBinary(prefix);
    EXPECT_FALSE(sd.ok()) << "prefix of " << n << " bytes";
    if (!sd.ok()) {
      EXPECT_FALSE(sd.error().message.empty());
    }
  }
  EXPECT_NE(errorOf({1, 0, 4}).find("truncated security descriptor: 3 bytes"), std::string::npos);
}

TEST(SecurityDescriptorBinary, OffsetsPastTheEnd) {
  auto bytes = bytesOf("O:BAD:(A;;GA;;;WD)");
  auto owner = bytes;
  setU32(owner, 4, 1000);
  EXPECT_NE(errorOf(owner).find("owner offset 1000 is past the end"), std::string::npos) << errorOf(owner);
  auto dacl = bytes;
  setU32(dacl, 16, 0xFFFFFFF0u);
  EXPECT_NE(errorOf(dacl).find("DACL offset 4294967280 is past the end"), std::string::npos) << errorOf(dacl);
  auto sid = bytes;
  setU32(sid, 4, static_cast<uint32_t>(bytes.size() - 4)); // a SID that claims 5 sub-authorities
  sid[sid.size() - 4] = 1;                                 // in the last 4 bytes
  sid[sid.size() - 3] = 5;
  EXPECT_NE(errorOf(sid).find("owner: truncated SID"), std::string::npos) << errorOf(sid);
}

TEST(SecurityDescriptorBinary, AceCountThatLies) {
  auto bytes = bytesOf("D:(A;;GA;;;WD)");
  setU16(bytes, 20 + 4, 3); // says 3 ACEs, holds 1
  std::string why = errorOf(bytes);
  EXPECT_NE(why.find("declares 3 ACEs but ACE 1 starts past the ACL's end"), std::string::npos) << why;
  EXPECT_NE(why.find("offset 0x"), std::string::npos) << why; // located
}

TEST(SecurityDescriptorBinary, SizesThatLie) {
  auto bytes = bytesOf("D:(A;;GA;;;WD)");
  auto aclTooBig = bytes;
  setU16(aclTooBig, 22, 200);
  EXPECT_NE(errorOf(aclTooBig).find("declares 200 bytes but only 28 remain"), std::string::npos) << errorOf(aclTooBig);
  auto aclTooSmall = bytes;
  setU16(aclTooSmall, 22, 4);
  EXPECT_NE(errorOf(aclTooSmall).find("smaller than its 8-byte header"), std::string::npos);
  auto aceTooBig = bytes;
  setU16(aceTooBig, 28 + 2, 60);
  EXPECT_NE(errorOf(aceTooBig).find("ACE 0 declares size 60 but only 20 bytes"), std::string::npos)
      << errorOf(aceTooBig);
  auto aceTooSmall = bytes;
  setU16(aceTooSmall, 28 + 2, 6);
  EXPECT_NE(errorOf(aceTooSmall).find("ACE 0 declares size 6 (at least 16 needed)"), std::string::npos)
      << errorOf(aceTooSmall);
  auto sidTooLong = bytes;
  sidTooLong[28 + 8 + 1] = 5; // the SID claims 5 sub-authorities inside a 20-byte ACE
  EXPECT_NE(errorOf(sidTooLong).find("truncated SID"), std::string::npos) << errorOf(sidTooLong);
}

TEST(SecurityDescriptorBinary, HeaderChecks) {
  auto bytes = bytesOf("D:");
  auto revision = bytes;
  revision[0] = 2;
  EXPECT_NE(errorOf(revision).find("revision 2 (expected 1)"), std::string::npos);
  auto absolute = bytes;
  absolute[3] = 0;
  EXPECT_NE(errorOf(absolute).find("lacks SE_SELF_RELATIVE"), std::string::npos);
  auto aclRevision = bytes;
  aclRevision[20] = 9;
  EXPECT_NE(errorOf(aclRevision).find("revision 9 (expected 2 or 4)"), std::string::npos);
}

TEST(SecurityDescriptorBinary, UnsupportedAceTypesAreRefused) {
  auto bytes = bytesOf("D:(A;;GA;;;WD)");
  for (uint8_t type : {0x04, 0x09, 0x0B, 0x12, 0x14, 0xFF}) {
    auto b = bytes;
    b[28] = type;
    std::string why = errorOf(b);
    EXPECT_TRUE(why.find("not supported") != std::string::npos || why.find("unknown ACE type") != std::string::npos)
        << int(type) << ": " << why;
  }
}
