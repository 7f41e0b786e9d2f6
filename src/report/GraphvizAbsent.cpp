// layoutSvg for a build without Graphviz's library: the Windows build (dcomdoctor.exe is one
// static file, and Debian has no mingw-w64 build of libgvc). The plant report then holds every
// pair, its evidence and the audit, without the drawing, and says why (docs/report.md).
#include "report/Graphviz.h"

namespace dd::report {

Result<std::string> layoutSvg(const std::string &) {
  return Error::at("this build of dcomdoctor has no Graphviz library (the Windows build); run `dcomdoctor report` "
                   "on Linux for the drawing");
}

} // namespace dd::report
