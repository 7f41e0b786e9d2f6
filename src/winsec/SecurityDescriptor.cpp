// Self-relative security descriptors, ACLs and ACEs (MS-DTYP 2.4.4-2.4.6), read and written
// byte-exact with Windows.
//
// Our own parser (there is no Linux library for Windows descriptors); every offset, size and
// count read from the buffer is checked through ByteReader before use, so a lying header becomes
// an Error naming the byte offset, never an out-of-bounds read.
#include "winsec/SecurityDescriptor.h"

#include "support/ByteReader.h"

#include <fmt/format.h>

namespace dd::winsec {

namespace {

constexpr size_t HeaderSize = 20;   // SECURITY_DESCRIPTOR_RELATIVE
constexpr size_t AclHeaderSize = 8; // ACL
constexpr uint32_t ObjectTypePresent = 0x1, InheritedObjectTypePresent = 0x2;

bool isObjectType(AceType type) {
  switch (type) {
  case AceType::AccessAllowedObject:
  case AceType::AccessDeniedObject:
  case AceType::SystemAuditObject:
  case AceType::SystemAlarmObject:
  case AceType::AccessAllowedCallbackObject:
  case AceType::AccessDeniedCallbackObject:
  case AceType::SystemAuditCallbackObject:
  case AceType::SystemAlarmCallbackObject: return true;
  default: return false;
  }
}

// The ACE types we read: the ordinary ones with a mask and a SID (and GUIDs for object ACEs).
// Compound ACEs (an obsolete server/client SID pair) and the conditional (callback) and
// resource-attribute ACEs, whose application data is an expression language of its own, are
// refused with a clear message rather than half-understood.
const char *unsupportedTypeReason(uint8_t type) {
  switch (type) {
  case 0x04: return "compound ACEs (type 0x04) are not supported";
  case 0x09:
  case 0x0A:
  case 0x0B:
  case 0x0C:
  case 0x0D:
  case 0x0E:
  case 0x0F:
  case 0x10: return "conditional (callback) ACEs are not supported";
  case 0x12: return "resource attribute ACEs are not supported";
  default: return type > 0x13 ? "unknown ACE type" : nullptr;
  }
}

void putU16(std::vector<uint8_t> &out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
void putU32(std::vector<uint8_t> &out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void setU32(std::vector<uint8_t> &out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

// Reads the ACL at `offset` of the whole descriptor `bytes`; `what` is "DACL" or "SACL".
Result<Acl> readAcl(std::span<const uint8_t> bytes, size_t offset, const char *what) {
  ByteReader reader(bytes);
  if (!reader.has(offset, AclHeaderSize))
    return Error::atOffset({}, offset,
                           fmt::format("{} offset {} is past the end of the {}-byte descriptor "
                                       "(an ACL header needs 8 bytes)",
                                       what, offset, bytes.size()));
  Acl acl;
  acl.revision = *reader.u8(offset);
  uint16_t size = *reader.u16(offset + 2);
  uint16_t count = *reader.u16(offset + 4);
  if (acl.revision < 2 || acl.revision > 4)
    return Error::atOffset({}, offset, fmt::format("{} has revision {} (expected 2 or 4)", what, acl.revision));
  if (size < AclHeaderSize)
    return Error::atOffset({}, offset + 2,
                           fmt::format("{} declares size {} (smaller than its 8-byte header)", what, size));
  if (!reader.has(offset, size))
    return Error::atOffset(
        {}, offset + 2,
        fmt::format("{} declares {} bytes but only {} remain in the descriptor", what, size, bytes.size() - offset));
  auto aclBytes = bytes.subspan(offset, size);
  ByteReader in(aclBytes);
  size_t pos = AclHeaderSize;
  acl.aces.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const size_t at = offset + pos; // for messages: offset in the whole descriptor
    if (!in.has(pos, 4))
      return Error::atOffset({}, at,
                             fmt::format("{} declares {} ACEs but ACE {} starts past the ACL's end "
                                         "(ACL size {})",
                                         what, count, i, size));
    uint8_t type = *in.u8(pos);
    uint8_t flags = *in.u8(pos + 1);
    uint16_t aceSize = *in.u16(pos + 2);
    if (const char *why = unsupportedTypeReason(type))
      return Error::atOffset({}, at, fmt::format("{} ACE {}: {} (type 0x{:02x})", what, i, why, type));
    Ace ace;
    ace.type = static_cast<AceType>(type);
    ace.flags = flags;
    size_t minSize = 8 + 8 + (isObjectType(ace.type) ? 4 : 0);
    if (aceSize < minSize)
      return Error::atOffset({}, at + 2,
                             fmt::format("{} ACE {} declares size {} (at least {} needed)", what, i, aceSize, minSize));
    if (!in.has(pos, aceSize))
      return Error::atOffset({}, at + 2,
                             fmt::format("{} ACE {} declares size {} but only {} bytes of the ACL "
                                         "remain",
                                         what, i, aceSize, size - pos));
    auto aceBytes = aclBytes.subspan(pos, aceSize);
    ByteReader a(aceBytes);
    ace.mask = *a.u32(4);
    size_t p = 8;
    if (isObjectType(ace.type)) {
      uint32_t objectFlags = *a.u32(p);
      p += 4;
      if (objectFlags & ~(ObjectTypePresent | InheritedObjectTypePresent))
        return Error::atOffset({}, at + 8,
                               fmt::format("{} ACE {} has unknown object flags 0x{:x}", what, i, objectFlags));
      for (uint32_t bit : {ObjectTypePresent, InheritedObjectTypePresent}) {
        if (!(objectFlags & bit))
          continue;
        auto guid = a.slice(p, 16);
        if (!guid)
          return Error::atOffset({}, at + p,
                                 fmt::format("{} ACE {}: object GUID runs past the ACE's {} bytes", what, i, aceSize));
        Guid g;
        std::copy(guid->begin(), guid->end(), g.begin());
        (bit == ObjectTypePresent ? ace.objectType : ace.inheritedObjectType) = g;
        p += 16;
      }
    }
    size_t sidSize = 0;
    auto sid = Sid::fromBinary(aceBytes.subspan(std::min(p, aceBytes.size())), &sidSize);
    if (!sid)
      return Error::atOffset(
          {}, at + p + sid.error().offset.value_or(0),
          fmt::format("{} ACE {}: {} (inside an ACE of {} bytes)", what, i, sid.error().message, aceSize));
    ace.sid = std::move(*sid);
    p += sidSize;
    ace.trailing.assign(aceBytes.begin() + p, aceBytes.end());
    acl.aces.push_back(std::move(ace));
    pos += aceSize;
  }
  if (pos < size)
    acl.declaredSize = size; // Windows' zero padding, kept for a byte-exact rewrite
  return acl;
}

size_t aclBinarySize(const Acl &acl) {
  size_t size = AclHeaderSize;
  for (const Ace &ace : acl.aces)
    size += ace.binarySize();
  if (acl.declaredSize && *acl.declaredSize > size)
    size = *acl.declaredSize;
  return size;
}

void appendAce(std::vector<uint8_t> &out, const Ace &ace) {
  out.push_back(static_cast<uint8_t>(ace.type));
  out.push_back(ace.flags);
  putU16(out, static_cast<uint16_t>(ace.binarySize()));
  putU32(out, ace.mask);
  if (ace.isObjectAce()) {
    uint32_t objectFlags =
        (ace.objectType ? ObjectTypePresent : 0) | (ace.inheritedObjectType ? InheritedObjectTypePresent : 0);
    putU32(out, objectFlags);
    if (ace.objectType)
      out.insert(out.end(), ace.objectType->begin(), ace.objectType->end());
    if (ace.inheritedObjectType)
      out.insert(out.end(), ace.inheritedObjectType->begin(), ace.inheritedObjectType->end());
  }
  ace.sid.appendBinary(out);
  out.insert(out.end(), ace.trailing.begin(), ace.trailing.end());
}

void appendAcl(std::vector<uint8_t> &out, const Acl &acl) {
  size_t start = out.size();
  size_t size = aclBinarySize(acl);
  out.push_back(acl.revision);
  out.push_back(0);
  putU16(out, static_cast<uint16_t>(size));
  putU16(out, static_cast<uint16_t>(acl.aces.size()));
  putU16(out, 0);
  for (const Ace &ace : acl.aces)
    appendAce(out, ace);
  out.resize(start + size, 0); // Windows' padding of an oversize ACL is zeros
}

} // namespace

bool Ace::isAllow() const {
  return type == AceType::AccessAllowed || type == AceType::AccessAllowedObject ||
         type == AceType::AccessAllowedCallback || type == AceType::AccessAllowedCallbackObject;
}

bool Ace::isDeny() const {
  return type == AceType::AccessDenied || type == AceType::AccessDeniedObject ||
         type == AceType::AccessDeniedCallback || type == AceType::AccessDeniedCallbackObject;
}

bool Ace::isObjectAce() const { return isObjectType(type); }

size_t Ace::binarySize() const {
  size_t size = 8 + sid.binarySize() + trailing.size();
  if (isObjectAce())
    size += 4 + (objectType ? 16 : 0) + (inheritedObjectType ? 16 : 0);
  return size;
}

Result<SecurityDescriptor> SecurityDescriptor::fromBinary(std::span<const uint8_t> bytes) {
  ByteReader reader(bytes);
  if (!reader.has(0, HeaderSize))
    return Error::atOffset({}, 0,
                           fmt::format("truncated security descriptor: {} bytes, the header alone "
                                       "needs 20",
                                       bytes.size()));
  SecurityDescriptor sd;
  sd.revision = *reader.u8(0);
  sd.sbz1 = *reader.u8(1);
  sd.control = *reader.u16(2);
  if (sd.revision != 1)
    return Error::atOffset({}, 0, fmt::format("security descriptor revision {} (expected 1)", sd.revision));
  if (!(sd.control & sdcontrol::SelfRelative))
    return Error::atOffset({}, 2,
                           fmt::format("control 0x{:04x} lacks SE_SELF_RELATIVE (0x8000): an "
                                       "absolute descriptor holds pointers, not offsets",
                                       sd.control));
  uint32_t ownerOffset = *reader.u32(4), groupOffset = *reader.u32(8);
  uint32_t saclOffset = *reader.u32(12), daclOffset = *reader.u32(16);

  auto readSid = [&](uint32_t offset, const char *what) -> Result<Sid> {
    if (offset >= bytes.size())
      return Error::atOffset(
          {}, offset,
          fmt::format("{} offset {} is past the end of the {}-byte descriptor", what, offset, bytes.size()));
    auto sid = Sid::fromBinary(bytes.subspan(offset));
    if (!sid)
      return Error::atOffset({}, offset + sid.error().offset.value_or(0),
                             fmt::format("{}: {}", what, sid.error().message));
    return sid;
  };
  if (ownerOffset) {
    auto owner = readSid(ownerOffset, "owner");
    if (!owner)
      return owner.error();
    sd.owner = std::move(*owner);
  }
  if (groupOffset) {
    auto group = readSid(groupOffset, "group");
    if (!group)
      return group.error();
    sd.group = std::move(*group);
  }
  // An ACL is there only when its "present" bit says so; present with offset 0 is a NULL ACL.
  if ((sd.control & sdcontrol::SaclPresent) && saclOffset) {
    auto sacl = readAcl(bytes, saclOffset, "SACL");
    if (!sacl)
      return sacl.error();
    sd.sacl = std::move(*sacl);
  }
  if ((sd.control & sdcontrol::DaclPresent) && daclOffset) {
    auto dacl = readAcl(bytes, daclOffset, "DACL");
    if (!dacl)
      return dacl.error();
    sd.dacl = std::move(*dacl);
  }
  return sd;
}

std::vector<uint8_t> SecurityDescriptor::toBinary() const {
  std::vector<uint8_t> out;
  size_t total = HeaderSize + (sacl ? aclBinarySize(*sacl) : 0) + (dacl ? aclBinarySize(*dacl) : 0) +
                 (owner ? owner->binarySize() : 0) + (group ? group->binarySize() : 0);
  out.reserve(total);
  out.push_back(revision);
  out.push_back(sbz1);
  uint16_t ctl = control | sdcontrol::SelfRelative;
  if (sacl)
    ctl |= sdcontrol::SaclPresent;
  if (dacl)
    ctl |= sdcontrol::DaclPresent;
  putU16(out, ctl);
  out.resize(HeaderSize, 0);
  // Windows' order: SACL, DACL, owner, group.
  if (sacl) {
    setU32(out, 12, static_cast<uint32_t>(out.size()));
    appendAcl(out, *sacl);
  }
  if (dacl) {
    setU32(out, 16, static_cast<uint32_t>(out.size()));
    appendAcl(out, *dacl);
  }
  if (owner) {
    setU32(out, 4, static_cast<uint32_t>(out.size()));
    owner->appendBinary(out);
  }
  if (group) {
    setU32(out, 8, static_cast<uint32_t>(out.size()));
    group->appendBinary(out);
  }
  return out;
}

} // namespace dd::winsec
