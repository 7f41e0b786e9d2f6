// XML text of one event record; see XmlWriter.h.
#include "evtx/XmlWriter.h"

namespace dd::evtx {

void XmlWriter::newline(size_t depth) {
  out_.push_back('\n');
  out_.append(2 * depth, ' ');
}

void XmlWriter::open(std::string_view name) {
  finishAttribute();
  if (!stack_.empty()) {
    stack_.back().hasChild = true;
    newline(stack_.size());
  }
  out_.push_back('<');
  out_.append(name);
  stack_.push_back(Level{name, 0, false});
}

void XmlWriter::attribute(std::string_view name) {
  finishAttribute();
  out_.push_back(' ');
  out_.append(name);
  out_ += "=\"";
  inAttribute_ = true;
}

void XmlWriter::finishAttribute() {
  if (inAttribute_)
    out_.push_back('"');
  inAttribute_ = false;
}

void XmlWriter::closeStart() {
  finishAttribute();
  out_.push_back('>');
  if (!stack_.empty())
    stack_.back().contentStart = out_.size();
}

void XmlWriter::closeEmpty() {
  finishAttribute();
  out_ += "/>";
  if (!stack_.empty())
    stack_.pop_back();
}

void XmlWriter::end() {
  if (stack_.empty())
    return;
  const Level level = stack_.back();
  stack_.pop_back();
  if (!level.hasChild && out_.size() == level.contentStart) {
    out_.back() = '/'; // "<Name>" with nothing inside becomes "<Name/>"
    out_.push_back('>');
    return;
  }
  if (level.hasChild)
    newline(stack_.size());
  out_ += "</";
  out_.append(level.name);
  out_.push_back('>');
}

void XmlWriter::escape(std::string_view text) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char *entity = c == '&'                   ? "&amp;"
                         : c == '<'                 ? "&lt;"
                         : c == '>'                 ? "&gt;"
                         : c == '"' && inAttribute_ ? "&quot;"
                                                    : nullptr;
    if (!entity)
      continue;
    out_.append(text.data() + run, i - run);
    out_ += entity;
    run = i + 1;
  }
  out_.append(text.data() + run, text.size() - run);
}

void XmlWriter::cdata(std::string_view text) {
  out_ += "<![CDATA[";
  out_.append(text);
  out_ += "]]>";
}

void XmlWriter::charRef(uint16_t c) {
  out_ += "&#";
  appendUnsigned(out_, c);
  out_.push_back(';');
}

void XmlWriter::entityRef(std::string_view name) {
  out_.push_back('&');
  out_.append(name);
  out_.push_back(';');
}

void XmlWriter::pi(std::string_view target, std::string_view data) {
  out_ += "<?";
  out_.append(target);
  if (!data.empty()) {
    out_.push_back(' ');
    out_.append(data);
  }
  out_ += "?>";
}

void XmlWriter::value(const Value &value) {
  scratch_.clear();
  appendValueText(scratch_, value);
  escape(scratch_);
}

} // namespace dd::evtx
