// libFuzzer target: SDDL parse -> format -> parse must be consistent. Whatever parses must
// format to SDDL that parses again to the same bytes, and formatting is a fixed point.
#include "winsec/Sddl.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace dd::winsec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const SddlContext context{Sid(5, {21, 2457507606u, 2709100691u, 398136650u})};
  std::string_view text(reinterpret_cast<const char *>(data), size);
  auto sd = parseSddl(text, context);
  if (!sd)
    return 0;
  auto bytes = sd->toBinary();
  std::string formatted = formatSddl(*sd, context);
  auto again = parseSddl(formatted, context);
  if (!again)
    std::abort(); // formatSddl wrote something parseSddl refuses
  if (again->toBinary() != bytes)
    std::abort(); // the round trip changed the descriptor
  if (formatSddl(*again, context) != formatted)
    std::abort(); // formatting is not a fixed point
  auto decoded = SecurityDescriptor::fromBinary(bytes);
  if (!decoded || decoded->toBinary() != bytes)
    std::abort(); // our own bytes do not read back
  return 0;
}
