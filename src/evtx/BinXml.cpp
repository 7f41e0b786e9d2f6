// Compiling binary XML token streams of one chunk into Programs; see BinXml.h.
#include "evtx/BinXml.h"

#include "support/LittleEndian.h"

#include <fmt/format.h>

namespace dd::evtx {
namespace {

namespace tok {
inline constexpr uint8_t Eof = 0x00, OpenStart = 0x01, CloseStart = 0x02, CloseEmpty = 0x03, End = 0x04, Value = 0x05,
                         Attribute = 0x06, CData = 0x07, CharRef = 0x08, EntityRef = 0x09, PITarget = 0x0a,
                         PIData = 0x0b, TemplateInstance = 0x0c, NormalSub = 0x0d, OptionalSub = 0x0e,
                         FragmentHeader = 0x0f, HasMore = 0x40;
} // namespace tok

} // namespace

void Program::clear() {
  ops.clear();
  strings.clear();
  children.clear();
  childValuesUsed = 0;
  compiling = false;
  isTemplate = false;
  definitionOffset = 0;
  for (int32_t &slot : plans)
    slot = -1;
}

void ChunkContext::reset(std::span<const uint8_t> chunk) {
  chunk_ = chunk;
  templates_.clear();
  programsUsed_ = 0;
  names_.clear();
  nameText_.clear();
  beginRecord();
}

void ChunkContext::beginRecord() { scratchUsed_ = 0; }

Program &ChunkContext::scratch() {
  if (scratchUsed_ == scratch_.size())
    scratch_.push_back(std::make_unique<Program>());
  Program &p = *scratch_[scratchUsed_++];
  p.clear();
  return p;
}

Error ChunkContext::error(uint32_t offset, std::string message) const {
  return Error::atOffset("", offset, std::move(message));
}

Result<void> ChunkContext::readName(uint32_t nameOffset, uint32_t &pos, uint32_t end, Program &out, uint32_t &str,
                                    uint32_t &len) {
  // A name is [4 unknown][2 hash][2 character count][UTF-16 characters][NUL]. It is stored
  // inline the first time the chunk uses it (offset == where it would start) and referred to
  // by offset afterwards.
  const uint64_t *known = names_.find(nameOffset);
  uint64_t where;
  if (known) {
    where = *known;
  } else {
    const size_t size = chunk_.size();
    if (nameOffset > size || size - nameOffset < 8)
      return error(pos, fmt::format("name offset 0x{:x} is outside the chunk", nameOffset));
    const uint32_t chars = loadLE16(chunk_.data() + nameOffset + 6);
    if (size - nameOffset - 8 < 2u * chars)
      return error(nameOffset, fmt::format("name of {} characters runs past the chunk", chars));
    const size_t start = nameText_.size();
    appendUtf16(nameText_, chunk_.data() + nameOffset + 8, chars);
    where = (uint64_t(start) << 32) | (nameText_.size() - start);
    names_.insert(nameOffset, where);
  }
  if (nameOffset == pos) { // inline: step over it
    const uint32_t chars = loadLE16(chunk_.data() + nameOffset + 6);
    const uint64_t total = 8 + 2ull * chars + 2;
    if (total > end - pos)
      return error(pos, "inline name runs past the end of its binary XML");
    pos += static_cast<uint32_t>(total);
  }
  str = static_cast<uint32_t>(out.strings.size());
  len = static_cast<uint32_t>(where & 0xffffffffu);
  out.strings.append(nameText_, static_cast<size_t>(where >> 32), len);
  return Result<void>();
}

Result<Fragment> ChunkContext::parse(uint32_t pos, uint32_t end, uint32_t depth) {
  if (depth > MaxFragmentDepth)
    return error(pos, "binary XML nested too deeply");
  if (end > chunk_.size() || pos > end)
    return error(pos, "binary XML runs past the end of the chunk");
  Program &p = scratch();
  p.definitionOffset = pos;
  // The usual record, read directly: fragment header, one template instance, then the end of
  // the stream (or of the bytes). Anything else takes the general compile below, which reads
  // these same tokens the same way.
  if (end - pos >= 5 && chunk_[pos] == tok::FragmentHeader && chunk_[pos + 4] == tok::TemplateInstance) {
    uint32_t at = pos + 4;
    Fragment fragment;
    auto t = templateInstance(at, end, p, depth, fragment);
    if (!t)
      return t.error();
    if (at == end || chunk_[at] == tok::Eof)
      return fragment;
    p.clear();
    p.definitionOffset = pos;
  }
  if (auto r = compile(pos, end, p, depth); !r)
    return r.error();
  // The usual record: fragment header, one template instance, end of stream.
  if (p.ops.size() == 1 && p.ops[0].kind == OpKind::Instance)
    return p.children[0];
  return Fragment{&p, nullptr, 0};
}

Result<const Program *> ChunkContext::templateAt(uint32_t defOffset, uint32_t depth) {
  Program *const *known = templates_.find(defOffset);
  if (known && *known) {
    if ((*known)->compiling)
      return error(defOffset, "template definition refers to itself");
    return static_cast<const Program *>(*known);
  }
  if (depth > MaxFragmentDepth)
    return error(defOffset, "template definitions nested too deeply");
  // Definition: [4 next definition offset][16 GUID][4 data size][data: fragment, EOF]
  const size_t size = chunk_.size();
  if (defOffset > size || size - defOffset < 24)
    return error(defOffset, "template definition is outside the chunk");
  const uint32_t dataSize = loadLE32(chunk_.data() + defOffset + 20);
  const uint32_t start = defOffset + 24;
  if (dataSize > size - start)
    return error(defOffset, fmt::format("template definition of {} bytes runs past the chunk", dataSize));
  if (programsUsed_ == programPool_.size())
    programPool_.push_back(std::make_unique<Program>());
  Program *p = programPool_[programsUsed_++].get();
  p->clear();
  p->definitionOffset = defOffset;
  p->isTemplate = true;
  p->compiling = true;
  if (Program **slot = templates_.find(defOffset))
    *slot = p; // an earlier compilation of it failed
  else
    templates_.insert(defOffset, p);
  uint32_t pos = start;
  auto r = compile(pos, start + dataSize, *p, depth + 1);
  p->compiling = false;
  if (!r) {
    *templates_.find(defOffset) = nullptr; // its Program stays taken until the next chunk
    return r.error();
  }
  return static_cast<const Program *>(p);
}

Result<const Program *> ChunkContext::templateInstance(uint32_t &pos, uint32_t end, Program &out, uint32_t depth,
                                                       Fragment &fragment) {
  // [0x0c][1 unknown][4 template id][4 definition offset] ([definition] if it is here)
  // [4 value count][count x (2 size, 1 type, 1 unused)][values]
  const uint32_t at = pos;
  if (end - pos < 10)
    return error(at, "template instance header runs past the end of its binary XML");
  const uint32_t defOffset = loadLE32(chunk_.data() + pos + 6);
  pos += 10;
  const Program *program = nullptr;
  if (defOffset == pos) {
    if (end - pos < 24)
      return error(pos, "template definition header runs past the end of its binary XML");
    const uint32_t dataSize = loadLE32(chunk_.data() + pos + 20);
    if (dataSize > end - pos - 24)
      return error(pos, fmt::format("template definition of {} bytes runs past the end of its "
                                    "record",
                                    dataSize));
    auto t = templateAt(defOffset, depth);
    if (!t)
      return t.error();
    program = *t;
    pos += 24 + dataSize;
  } else {
    auto t = templateAt(defOffset, depth);
    if (!t)
      return t.error();
    program = *t;
  }
  if (end - pos < 4)
    return error(pos, "template instance value count runs past the end of its binary XML");
  const uint32_t count = loadLE32(chunk_.data() + pos);
  pos += 4;
  if (count > (end - pos) / 4)
    return error(pos - 4, fmt::format("template instance claims {} values, more than its record "
                                      "can hold",
                                      count));
  const uint32_t descriptors = pos;
  pos += 4 * count;
  if (out.childValuesUsed == out.childValues.size())
    out.childValues.emplace_back();
  std::vector<Value> &values = out.childValues[out.childValuesUsed++];
  values.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint16_t size = loadLE16(chunk_.data() + descriptors + 4 * i);
    const uint8_t type = chunk_[descriptors + 4 * i + 2];
    if (size > end - pos)
      return error(descriptors + 4 * i, fmt::format("substitution value {} ({}, {} bytes) runs past the end of its "
                                                    "record",
                                                    i, valueTypeName(type), size));
    values[i] = Value{type, size, chunk_.data() + pos};
    pos += size;
  }
  fragment = Fragment{program, values.data(), count};
  return program;
}

// One binary XML stream compiled into a Program ([MS-EVEN6] 3.1.4.7 tokens): the elements still
// open, the attribute whose value is being read, and one member per token, each reading its
// bytes at pos_ and checking them against end_.
class BinXmlCompiler {
public:
  BinXmlCompiler(ChunkContext &ctx, uint32_t &pos, uint32_t end, Program &out, uint32_t depth)
      : ctx_(ctx), pos_(pos), end_(end), out_(out), depth_(depth) {}

  Result<void> run() {
    while (pos_ < end_) {
      const uint32_t at = pos_;
      const uint8_t token = ctx_.chunk_[pos_];
      // Tokens 0x00-0x09 may carry the "more data" flag (0x40); the others are as they are.
      const uint8_t base = (token & 0x0f) <= 0x09 ? static_cast<uint8_t>(token & ~tok::HasMore) : token;
      if (base == tok::Eof)
        return eof(at);
      if (auto r = step(token, base, at); !r)
        return r;
    }
    if (!stack_.empty())
      return unclosed(pos_);
    closeAttr();
    return Result<void>();
  }

private:
  struct Open {
    uint32_t op;
    bool started;         // CloseStart seen: substitutions now are element content
    uint32_t content = 0; // pieces of content (elements, texts, substitutions) so far
  };

  const uint8_t *bytes() const { return ctx_.chunk_.data(); }
  Error error(uint32_t offset, std::string message) const { return ctx_.error(offset, std::move(message)); }
  Error unclosed(uint32_t at) const {
    return error(at, fmt::format("binary XML ends inside element <{}>", out_.str(out_.ops[stack_.back().op])));
  }
  bool inContent() const { return attr_ < 0 && !stack_.empty() && stack_.back().started; }

  Result<void> need(uint32_t n, const char *what) const {
    if (end_ - pos_ < n)
      return error(pos_, fmt::format("{} runs past the end of its binary XML", what));
    return Result<void>();
  }

  void closeAttr() {
    if (attr_ >= 0)
      out_.ops[static_cast<size_t>(attr_)].skip = static_cast<uint32_t>(out_.ops.size());
    attr_ = -1;
  }

  BinXmlOp &push(OpKind kind, uint32_t at) {
    const bool content = kind == OpKind::Text || kind == OpKind::CData || kind == OpKind::CharRef ||
                         kind == OpKind::EntityRef || kind == OpKind::PI || kind == OpKind::Instance ||
                         kind == OpKind::Sub;
    if (content && inContent())
      ++stack_.back().content;
    BinXmlOp &op = out_.ops.emplace_back();
    op.kind = kind;
    op.offset = at;
    return op;
  }

  // [2 character count][UTF-16 characters] at `at`, into the program's strings.
  Result<void> readText(uint32_t at, uint32_t &str, uint32_t &len) {
    if (end_ - at < 2)
      return error(at, "text length runs past the end of its binary XML");
    const uint32_t chars = loadLE16(bytes() + at);
    if (2ull * chars > end_ - at - 2)
      return error(at, fmt::format("text of {} characters runs past the end of its binary XML", chars));
    str = static_cast<uint32_t>(out_.strings.size());
    appendUtf16(out_.strings, bytes() + at + 2, chars);
    len = static_cast<uint32_t>(out_.strings.size()) - str;
    pos_ = at + 2 + 2 * chars;
    return Result<void>();
  }

  // An op that names something: its name read from the chunk's name at `nameOffset`.
  Result<BinXmlOp *> pushNamed(OpKind kind, uint32_t at, uint32_t nameOffset) {
    uint32_t str = 0, len = 0;
    if (auto r = ctx_.readName(nameOffset, pos_, end_, out_, str, len); !r)
      return r.error();
    BinXmlOp &op = push(kind, at);
    op.str = str;
    op.strLen = len;
    return &op;
  }

  Result<void> closeElement(const char *what) {
    if (stack_.empty())
      return error(pos_, fmt::format("{} without an open element", what));
    BinXmlOp &open = out_.ops[stack_.back().op];
    open.skip = static_cast<uint32_t>(out_.ops.size());
    // A null optional value drops the element only when it is all the element holds.
    if (stack_.back().content != 1)
      open.nullSub = -1;
    stack_.pop_back();
    return Result<void>();
  }

  Result<void> eof(uint32_t at) {
    ++pos_;
    if (!stack_.empty())
      return unclosed(at);
    return Result<void>();
  }

  Result<void> step(uint8_t token, uint8_t base, uint32_t at) {
    switch (base) {
    case tok::FragmentHeader: {
      auto r = need(4, "fragment header");
      if (r)
        pos_ += 4;
      return r;
    }
    case tok::OpenStart: return openStart(token, at);
    case tok::Attribute: return attribute(at);
    case tok::CloseStart: return closeStart(at);
    case tok::CloseEmpty: return closeEmpty(at);
    case tok::End: return endTag(at);
    case tok::Value: return value(at);
    case tok::CData: return cdata(at);
    case tok::CharRef: return charRef(at);
    case tok::EntityRef: return entityRef(at);
    case tok::PITarget: return processingInstruction(at);
    case tok::TemplateInstance: return templateInstance(at);
    case tok::NormalSub:
    case tok::OptionalSub: return substitution(token, at);
    default: return error(at, fmt::format("unknown binary XML token 0x{:02x}", token));
    }
  }

  // [token][2 dependency id][4 data size][4 name offset](name)([4 attribute list size])
  Result<void> openStart(uint8_t token, uint32_t at) {
    if (auto r = need(11, "element start"); !r)
      return r;
    if (stack_.size() >= MaxNesting)
      return error(at, fmt::format("elements nested more than {} deep", MaxNesting));
    closeAttr();
    const uint32_t nameOffset = loadLE32(bytes() + pos_ + 7);
    pos_ += 11;
    uint32_t str = 0, len = 0;
    if (auto r = ctx_.readName(nameOffset, pos_, end_, out_, str, len); !r)
      return r;
    if (token & tok::HasMore) {
      if (auto r = need(4, "attribute list size"); !r)
        return r;
      pos_ += 4;
    }
    if (!stack_.empty())
      ++stack_.back().content;
    BinXmlOp &op = push(OpKind::Open, at);
    op.str = str;
    op.strLen = len;
    stack_.push_back({static_cast<uint32_t>(out_.ops.size() - 1), false, 0});
    return Result<void>();
  }

  Result<void> attribute(uint32_t at) {
    if (auto r = need(5, "attribute"); !r)
      return r;
    if (stack_.empty() || stack_.back().started)
      return error(at, "attribute outside an element start tag");
    closeAttr();
    const uint32_t nameOffset = loadLE32(bytes() + pos_ + 1);
    pos_ += 5;
    auto op = pushNamed(OpKind::Attr, at, nameOffset);
    if (!op)
      return op.error();
    attr_ = static_cast<int64_t>(out_.ops.size() - 1);
    return Result<void>();
  }

  Result<void> closeStart(uint32_t at) {
    if (stack_.empty() || stack_.back().started)
      return error(at, "'>' without an element start tag");
    closeAttr();
    ++pos_;
    push(OpKind::CloseStart, at);
    stack_.back().started = true;
    return Result<void>();
  }

  Result<void> closeEmpty(uint32_t at) {
    if (stack_.empty() || stack_.back().started)
      return error(at, "'/>' without an element start tag");
    closeAttr();
    ++pos_;
    push(OpKind::CloseEmpty, at);
    return closeElement("'/>'");
  }

  Result<void> endTag(uint32_t at) {
    if (stack_.empty() || !stack_.back().started)
      return error(at, "end tag without an open element");
    ++pos_;
    push(OpKind::End, at);
    return closeElement("end tag");
  }

  Result<void> value(uint32_t at) {
    if (auto r = need(2, "value"); !r)
      return r;
    const uint8_t type = bytes()[pos_ + 1];
    if (type != vt::String)
      return error(at, fmt::format("value token of type {} (expected String)", valueTypeName(type)));
    return pushText(OpKind::Text, at, pos_ + 2);
  }

  Result<void> cdata(uint32_t at) { return pushText(OpKind::CData, at, pos_ + 1); }

  Result<void> pushText(OpKind kind, uint32_t at, uint32_t textAt) {
    uint32_t str = 0, len = 0;
    if (auto r = readText(textAt, str, len); !r)
      return r;
    BinXmlOp &op = push(kind, at);
    op.str = str;
    op.strLen = len;
    return Result<void>();
  }

  Result<void> charRef(uint32_t at) {
    if (auto r = need(3, "character reference"); !r)
      return r;
    BinXmlOp &op = push(OpKind::CharRef, at);
    op.index = loadLE16(bytes() + pos_ + 1);
    pos_ += 3;
    return Result<void>();
  }

  Result<void> entityRef(uint32_t at) {
    if (auto r = need(5, "entity reference"); !r)
      return r;
    const uint32_t nameOffset = loadLE32(bytes() + pos_ + 1);
    pos_ += 5;
    auto op = pushNamed(OpKind::EntityRef, at, nameOffset);
    return op ? Result<void>() : Result<void>(op.error());
  }

  // A PI target name, then its data when a PIData token follows.
  Result<void> processingInstruction(uint32_t at) {
    if (auto r = need(5, "processing instruction"); !r)
      return r;
    const uint32_t nameOffset = loadLE32(bytes() + pos_ + 1);
    pos_ += 5;
    uint32_t str = 0, len = 0, str2 = 0, len2 = 0;
    if (auto r = ctx_.readName(nameOffset, pos_, end_, out_, str, len); !r)
      return r;
    if (pos_ < end_ && bytes()[pos_] == tok::PIData)
      if (auto r = readText(pos_ + 1, str2, len2); !r)
        return r;
    BinXmlOp &op = push(OpKind::PI, at);
    op.str = str;
    op.strLen = len;
    op.str2 = str2;
    op.str2Len = len2;
    return Result<void>();
  }

  Result<void> templateInstance(uint32_t at) {
    Fragment fragment;
    auto t = ctx_.templateInstance(pos_, end_, out_, depth_, fragment);
    if (!t)
      return t.error();
    out_.children.push_back(fragment);
    BinXmlOp &op = push(OpKind::Instance, at);
    op.child = static_cast<uint32_t>(out_.children.size() - 1);
    return Result<void>();
  }

  // [token][2 index][1 value type]. The first substitution of an element's content is the one a
  // null value may drop; an optional one's index is kept on its attribute or element.
  Result<void> substitution(uint8_t token, uint32_t at) {
    if (auto r = need(4, "substitution"); !r)
      return r;
    BinXmlOp &op = push(OpKind::Sub, at);
    op.index = loadLE16(bytes() + pos_ + 1);
    op.valueType = bytes()[pos_ + 3];
    op.optional = token == tok::OptionalSub;
    pos_ += 4;
    if (inContent()) {
      BinXmlOp &e = out_.ops[stack_.back().op];
      if (e.contentSub < 0)
        e.contentSub = static_cast<int32_t>(op.index);
    }
    if (!op.optional)
      return Result<void>();
    const auto index = static_cast<int32_t>(op.index);
    if (attr_ >= 0) {
      BinXmlOp &a = out_.ops[static_cast<size_t>(attr_)];
      if (a.nullSub < 0)
        a.nullSub = index;
    } else if (inContent()) {
      BinXmlOp &e = out_.ops[stack_.back().op];
      if (e.nullSub < 0)
        e.nullSub = index;
    }
    return Result<void>();
  }

  ChunkContext &ctx_;
  uint32_t &pos_;
  const uint32_t end_;
  Program &out_;
  const uint32_t depth_;
  std::vector<Open> stack_;
  int64_t attr_ = -1; // the attribute whose value is being read
};

Result<void> ChunkContext::compile(uint32_t &pos, uint32_t end, Program &out, uint32_t depth) {
  return BinXmlCompiler(*this, pos, end, out, depth).run();
}

} // namespace dd::evtx
