// libFuzzer target: binary security descriptors. Whatever fromBinary accepts must write back
// to bytes that read to the same model, format to SDDL that parses, and survive an access
// check; anything else must be refused with an Error, never a crash or an out-of-bounds read.
#include "winsec/AccessCheck.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <cstdint>
#include <cstdlib>
#include <span>

using namespace dd::winsec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto sd = SecurityDescriptor::fromBinary(std::span<const uint8_t>(data, size));
  if (!sd)
    return 0;
  auto bytes = sd->toBinary();
  auto again = SecurityDescriptor::fromBinary(bytes);
  if (!again || !(*again == *sd))
    std::abort(); // toBinary wrote bytes that do not read back to the same descriptor
  std::string sddl = formatSddl(*sd);
  auto parsed = parseSddl(sddl);
  if (!parsed)
    std::abort(); // formatSddl wrote SDDL that parseSddl refuses
  if (parsed->dacl.has_value() != sd->dacl.has_value() ||
      (sd->dacl && parsed->dacl->aces.size() != sd->dacl->aces.size()))
    std::abort();
  Token token{wellknown::everyone(),
              {TokenGroup{wellknown::anonymousLogon()}, TokenGroup{wellknown::network(), groupattr::UseForDenyOnly}}};
  auto result = accessCheck(*sd, token, 0x1F, &com::effectiveLaunchRights);
  if (result.granted & ~0x1Fu)
    std::abort();
  return 0;
}
