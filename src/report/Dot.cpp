// DOT string literals (see Graphviz.h): used by every build, with or without Graphviz.
#include "report/Graphviz.h"

namespace dd::report {

std::string dotQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out + "\"";
}

} // namespace dd::report
