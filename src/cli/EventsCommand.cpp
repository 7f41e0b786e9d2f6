// Placeholder registration; replaced by the verb's real implementation.
#include "cli/Commands.h"

namespace dd::cli {
void addEventsCommand(CLI::App &, int &) {}
} // namespace dd::cli
