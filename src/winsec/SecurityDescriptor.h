// ACEs, ACLs and self-relative security descriptors (MS-DTYP 2.4.4-2.4.6), byte-exact with
// Windows: written as SACL, DACL, owner, group; ACL revision 2 unless an ACE needs 4; an ACL's
// declared size kept when Windows padded it.
#pragma once

#include "support/Result.h"
#include "winsec/Sid.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace dd::winsec {

using Guid = std::array<uint8_t, 16>; // as stored on disk (little-endian Data1..Data3)

enum class AceType : uint8_t {
  AccessAllowed = 0x00,
  AccessDenied = 0x01,
  SystemAudit = 0x02,
  SystemAlarm = 0x03,
  AccessAllowedCompound = 0x04,
  AccessAllowedObject = 0x05,
  AccessDeniedObject = 0x06,
  SystemAuditObject = 0x07,
  SystemAlarmObject = 0x08,
  AccessAllowedCallback = 0x09,
  AccessDeniedCallback = 0x0A,
  AccessAllowedCallbackObject = 0x0B,
  AccessDeniedCallbackObject = 0x0C,
  SystemAuditCallback = 0x0D,
  SystemAlarmCallback = 0x0E,
  SystemAuditCallbackObject = 0x0F,
  SystemAlarmCallbackObject = 0x10,
  SystemMandatoryLabel = 0x11,
  SystemResourceAttribute = 0x12,
  SystemScopedPolicyId = 0x13,
};

namespace aceflags {
constexpr uint8_t ObjectInherit = 0x01, ContainerInherit = 0x02, NoPropagateInherit = 0x04, InheritOnly = 0x08,
                  Inherited = 0x10, SuccessfulAccess = 0x40, FailedAccess = 0x80;
}

struct Ace {
  AceType type = AceType::AccessAllowed;
  uint8_t flags = 0;
  uint32_t mask = 0;
  Sid sid;
  // Object ACEs only: which of the two GUIDs are present is given by these.
  std::optional<Guid> objectType;
  std::optional<Guid> inheritedObjectType;
  // Bytes after the SID inside the ACE (callback application data, trailing padding).
  std::vector<uint8_t> trailing;

  bool isAllow() const;
  bool isDeny() const;
  bool isObjectAce() const;
  size_t binarySize() const;
  friend bool operator==(const Ace &, const Ace &) = default;
};

struct Acl {
  uint8_t revision = 2; // 2, or 4 when an object ACE is present
  std::vector<Ace> aces;
  std::optional<uint16_t> declaredSize; // when larger than the ACEs need (Windows padding)
  friend bool operator==(const Acl &, const Acl &) = default;
};

namespace sdcontrol {
constexpr uint16_t OwnerDefaulted = 0x0001, GroupDefaulted = 0x0002, DaclPresent = 0x0004, DaclDefaulted = 0x0008,
                   SaclPresent = 0x0010, SaclDefaulted = 0x0020, DaclTrusted = 0x0040, ServerSecurity = 0x0080,
                   DaclAutoInheritReq = 0x0100, SaclAutoInheritReq = 0x0200, DaclAutoInherited = 0x0400,
                   SaclAutoInherited = 0x0800, DaclProtected = 0x1000, SaclProtected = 0x2000, RmControlValid = 0x4000,
                   SelfRelative = 0x8000;
}

struct SecurityDescriptor {
  uint8_t revision = 1;
  uint8_t sbz1 = 0;
  uint16_t control = sdcontrol::SelfRelative;
  std::optional<Sid> owner;
  std::optional<Sid> group;
  std::optional<Acl> sacl; // absent: no SACL; present with no ACEs: empty SACL
  std::optional<Acl> dacl; // absent with DaclPresent set: NULL DACL (grants everything)

  bool hasNullDacl() const { return (control & sdcontrol::DaclPresent) && !dacl; }

  // Parses a self-relative descriptor; every offset and count is checked.
  static Result<SecurityDescriptor> fromBinary(std::span<const uint8_t> bytes);
  // Self-relative bytes in Windows' layout.
  std::vector<uint8_t> toBinary() const;

  friend bool operator==(const SecurityDescriptor &, const SecurityDescriptor &) = default;
};

} // namespace dd::winsec
