// Binary XML visitor that writes XML text, laid out like evtxexport and Event Viewer's XML view:
// one element a line, two spaces of indent a level, empty elements as <Name/>, an optional
// substitution without a value leaving out its attribute or element.
#pragma once

#include "evtx/Value.h"

#include <string>
#include <string_view>
#include <vector>

namespace dd::evtx {

class XmlWriter {
public:
  explicit XmlWriter(std::string &out) : out_(out) {}

  void open(std::string_view name);
  void attribute(std::string_view name);
  void closeStart();
  void closeEmpty();
  void end();
  void text(std::string_view text) { escape(text); }
  void cdata(std::string_view text);
  void charRef(uint16_t c);
  void entityRef(std::string_view name);
  void pi(std::string_view target, std::string_view data);
  void value(const Value &value);

private:
  struct Level {
    std::string_view name;
    size_t contentStart = 0;
    bool hasChild = false;
  };
  void finishAttribute();
  void escape(std::string_view text);
  void newline(size_t depth);

  std::string &out_;
  std::vector<Level> stack_;
  bool inAttribute_ = false;
  std::string scratch_;
};

} // namespace dd::evtx
