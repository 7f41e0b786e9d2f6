// Fuzz target: plant file text (TOML) -> the plant reader, and a prediction on what it read.
// The reader must return a located error or a plant, never crash, hang or read out of bounds.
#include "model/PlantReader.h"
#include "sim/Simulator.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  auto plant = dd::model::parsePlant(text, "fuzz.toml", ".",
                                     dd::model::PlantReadOptions{.applySnapshots = false, .warnings = nullptr});
  if (!plant.ok())
    return 0;
  // Exercise the simulator on the first client program and server, if any (small plants only).
  if (plant->hosts.size() > 8)
    return 0;
  dd::sim::Simulator sim(*plant);
  for (const auto &c : plant->hosts)
    for (const auto &prog : c.clients)
      for (const auto &s : plant->hosts)
        for (const auto &x : s.servers) {
          auto p = sim.predict(dd::sim::Request{c.name, "", prog.name, s.name, x.progid.value, true},
                               dd::sim::Options{true, false});
          (void)p;
        }
  return 0;
}
