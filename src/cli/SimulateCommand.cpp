// Placeholder registration; replaced by the verb's real implementation.
#include "cli/Commands.h"

namespace dd::cli {
void addSimulateCommand(CLI::App &, int &) {}
} // namespace dd::cli
