// Fuzz target: the .reg reader (UTF-16/UTF-8/REGEDIT4, continuation lines, deletions) and the
// writer on whatever it accepted. Any input must load or fail with a located message; never
// crash, hang or read out of bounds; what is read must export and read back the same.
#include "registry/Registry.h"

#include <cstddef>
#include <cstdint>
#include <span>

using namespace dd::registry;

namespace {
void walk(Key k, size_t &keys, size_t &values) {
  ++keys;
  for (Value v : k.values()) {
    ++values;
    (void)v.asString();
    (void)v.asMultiString();
    (void)v.asDword();
    (void)v.asQword();
    (void)v.asNumber();
  }
  for (Key s : k.subkeys())
    if (!s.isLink())
      walk(s, keys, values);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Registry reg;
  auto r = reg.loadRegText(std::span<const uint8_t>(data, size), "fuzz.reg");
  if (!r) {
    if (r.error().message.empty() || !r.error().line)
      __builtin_trap();
    return 0;
  }
  for (const auto &e : reg.diagnostics())
    if (e.message.empty())
      __builtin_trap();
  for (const char *root : {"HKEY_LOCAL_MACHINE", "HKEY_USERS", "HKEY_CURRENT_USER", "HKEY_CURRENT_CONFIG"}) {
    Key k = reg.root(root);
    size_t keys = 0, values = 0;
    walk(k, keys, values);
    if (k.subkeyCount() == 0)
      continue;
    // Round trip: what we write, we read back with the same keys and values.
    auto out = exportReg(reg, root);
    if (!out)
      __builtin_trap();
    Registry back;
    if (!back.loadRegText(*out, "back.reg") || !back.diagnostics().empty())
      __builtin_trap();
    size_t keys2 = 0, values2 = 0;
    walk(back.root(root), keys2, values2);
    if (keys2 != keys || values2 != values)
      __builtin_trap();
  }
  return 0;
}
