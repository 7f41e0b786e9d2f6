// Fuzz target: the regf hive reader (base block, cells, subkey lists, big data, sk cells) and
// the HvLE log replay. Any input must load or fail with a message carrying an offset; never
// crash, hang or read out of bounds. Inputs: a hive, or (when it holds the marker "\nLOG\n")
// a hive followed by a log.
#include "registry/Registry.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

using namespace dd::registry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view all(reinterpret_cast<const char *>(data), size);
  std::span<const uint8_t> hive(data, size);
  std::vector<std::pair<std::string, std::vector<uint8_t>>> logs;
  if (size_t cut = all.find("\nLOG\n"); cut != std::string_view::npos) {
    hive = std::span<const uint8_t>(data, cut);
    logs.emplace_back("fuzz.LOG1", std::vector<uint8_t>(data + cut + 5, data + size));
  }
  Registry reg;
  auto r = reg.loadHiveBytes(hive, "fuzz", "HKLM\\SYSTEM", std::move(logs));
  if (!r) {
    if (r.error().message.empty())
      __builtin_trap();
    return 0;
  }
  size_t keys = 0;
  std::vector<Key> stack{reg.findKey("HKLM\\SYSTEM")};
  while (!stack.empty()) {
    Key k = stack.back();
    stack.pop_back();
    ++keys;
    (void)k.path();
    (void)k.securityDescriptor();
    for (Value v : k.values()) {
      (void)v.asString();
      (void)v.asMultiString();
      (void)v.asNumber();
    }
    for (Key s : k.subkeys())
      if (!s.isLink())
        stack.push_back(s);
  }
  if (keys != reg.keyCount()) // HKLM\SYSTEM (the mount key) and every key read below it
    __builtin_trap();
  (void)exportReg(reg, "HKLM\\SYSTEM");
  return 0;
}
