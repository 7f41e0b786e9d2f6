#include "support/Error.h"

#include <fmt/format.h>

namespace dd {

Error Error::inFile(const std::string &file) const {
  Error copy = *this;
  if (copy.source.empty())
    copy.source = file;
  return copy;
}

std::string Error::str() const {
  std::string where = source;
  if (line)
    where += fmt::format("{}{}", where.empty() ? "line " : ":", *line);
  if (offset)
    where += fmt::format("{}offset 0x{:x}", where.empty() ? "" : ": ", *offset);
  if (where.empty())
    return message;
  return where + ": " + message;
}

} // namespace dd
