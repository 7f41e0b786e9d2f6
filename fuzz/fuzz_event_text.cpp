// Fuzz target: the Event Viewer text/XML reader of `explain -` (audit/EventText) and the facts
// and assessment built on what it accepts. Any input must parse or fail with a message; never
// crash, hang or read out of bounds.
#include "audit/Assessment.h"
#include "audit/EventFacts.h"
#include "audit/EventText.h"
#include "audit/Explain.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  auto record = dd::audit::parseEventText(text, "<fuzz>");
  if (!record) {
    if (record.error().message.empty())
      __builtin_trap();
    return 0;
  }
  dd::audit::EventFacts facts = dd::audit::extractFacts(*record);
  dd::audit::Directory directory;
  dd::audit::Assessment a = dd::audit::assess(facts, directory);
  (void)a;
  auto j = dd::audit::explainEventText(text, "<fuzz>", directory);
  if (j) {
    (void)dd::audit::renderExplanation(*j);
    (void)j->dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return 0;
}
