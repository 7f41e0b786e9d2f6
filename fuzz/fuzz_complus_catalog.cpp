// Fuzz target: the COM+ catalog export reader (model/complus): a value or a located Error,
// never a crash, hang or out-of-bounds read, whatever the encoding.
#include "model/complus/ComPlusCatalog.h"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto parsed = dd::model::complus::parseComPlusCatalog(std::span<const uint8_t>(data, size), "complus-catalog.txt");
  if (parsed)
    for (const auto &a : parsed->applications)
      for (const auto &c : a.components)
        (void)parsed->applicationOf(c.progId);
  return 0;
}
