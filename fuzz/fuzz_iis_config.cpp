// Fuzz target: the IIS configuration readers (model/iis): the first byte picks IIS 6
// MetaBase.xml or IIS 7+ applicationHost.config, the rest is the file. Each must return a value
// or a located Error, never crash, hang or read out of bounds; the chain of a path must hold.
#include "model/iis/IisConfig.h"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  std::span<const uint8_t> bytes(data + 1, size - 1);
  auto parsed = data[0] % 2 ? dd::model::iis::parseApplicationHost(bytes, "applicationHost.config")
                            : dd::model::iis::parseMetabase(bytes, "MetaBase.xml");
  if (parsed)
    for (const auto &n : parsed->nodes)
      (void)parsed->chain(n.path + "/x");
  return 0;
}
