#include "report/Graphviz.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

namespace dd::report {

namespace {

// Graphviz keeps its error handling in process-wide state (agseterr, agerrors): one layout at a
// time.
std::mutex &graphvizLock() {
  static std::mutex m;
  return m;
}

struct GvcDeleter {
  void operator()(GVC_t *g) const { gvFreeContext(g); }
};

} // namespace

Result<std::string> layoutSvg(const std::string &dot) {
  std::lock_guard<std::mutex> lock(graphvizLock());
  agseterr(AGMAX); // nothing on stderr; errors come back through agerrors()
  std::unique_ptr<GVC_t, GvcDeleter> gvc(gvContext());
  if (!gvc)
    return Error::at("Graphviz: cannot create a layout context");
  Agraph_t *g = agmemread(dot.c_str());
  if (!g)
    return Error::at("Graphviz: the generated graph does not parse (an internal error; please report it)");
  if (gvLayout(gvc.get(), g, "dot") != 0) {
    agclose(g);
    return Error::at("Graphviz: the dot layout failed");
  }
  char *data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(gvc.get(), g, "svg", &data, &length);
  std::string svg = rc == 0 && data ? std::string(data, length) : std::string();
  gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g);
  agclose(g);
  if (svg.empty())
    return Error::at("Graphviz: rendering SVG failed");
  auto start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

} // namespace dd::report
