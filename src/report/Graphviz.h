// Lays out a graph written in the DOT language with Graphviz's library (libgvc, the `dot`
// engine) and renders it as SVG, in memory: the plant report draws with it. One call, one
// context; Graphviz's own messages (warnings about the input) are kept off the terminal.
#pragma once

#include "support/Result.h"

#include <string>

namespace dd::report {

// "<svg ...>...</svg>" without the XML prologue and DOCTYPE, ready to put inline in HTML; an error
// in a build without Graphviz (GraphvizAbsent.cpp: the Windows build).
Result<std::string> layoutSvg(const std::string &dot);

// A DOT string literal: "..." with quotes, backslashes and newlines escaped.
std::string dotQuote(std::string_view text);

} // namespace dd::report
