// Windows binary XML (MS-EVEN6 2.2.12, libyal's "Windows XML Event Log (EVTX)" notes) as it
// appears inside one EVTX chunk.
//
// A token stream is compiled once into a Program: a flat list of operations (open element,
// attribute, text, substitution, ...). Template definitions are compiled the first time a
// chunk uses them and cached by their offset in the chunk, so every later record that names
// the template costs only the reading of its substitution values. Walking a Fragment (a
// program plus the values of one template instance) drives a visitor: the XML writer and the
// event-field extractor are two such visitors, so the fast path never builds XML text.
//
// All offsets are relative to the start of the chunk; every read is bounds-checked, nesting
// and template recursion are limited, so a hostile chunk yields an Error, never a crash or a
// hang.
#pragma once

#include "evtx/Value.h"
#include "support/Result.h"
#include "support/U64Map.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dd::evtx {

enum class OpKind : uint8_t {
  Open,       // <name      (then Attr..., then CloseStart or CloseEmpty)
  Attr,       // name="     (its value is the following Text/Sub/CharRef/EntityRef ops)
  CloseStart, // >
  CloseEmpty, // />
  End,        // </name>
  Text,       // literal character data
  CData,      // <![CDATA[...]]>
  CharRef,    // &#N;
  EntityRef,  // &name;
  PI,         // <?target data?>
  Sub,        // substitution: value `index` of the template instance
  Instance,   // a nested template instance: Program::children[child]
};

struct BinXmlOp {
  OpKind kind{};
  uint8_t valueType = 0;          // Sub: declared value type
  bool optional = false;          // Sub: optional substitution (null value drops what holds it)
  uint16_t index = 0;             // Sub: value index; CharRef: the character
  uint32_t str = 0, strLen = 0;   // name (Open, Attr, EntityRef, PI target) or text (Text, CData)
  uint32_t str2 = 0, str2Len = 0; // PI data
  uint32_t skip = 0;              // Open: op after the element; Attr: op after the attribute's value
  int32_t nullSub = -1;           // Open/Attr: optional substitution whose null value drops it
  int32_t contentSub = -1;        // Open: first substitution of its content (an array repeats the element)
  uint32_t child = 0;             // Instance: index into Program::children
  uint32_t offset = 0;            // chunk offset of the token, for messages
};

struct Program;

// A compiled program and the substitution values it is applied to.
struct Fragment {
  const Program *program = nullptr;
  const Value *values = nullptr;
  uint32_t count = 0;

  Value value(uint32_t i) const { return i < count ? values[i] : Value{}; }
};

struct Program {
  std::vector<BinXmlOp> ops;
  std::string strings; // UTF-8 names and texts the ops point into
  std::vector<Fragment> children;
  std::vector<std::vector<Value>> childValues; // storage for children's values (reused)
  size_t childValuesUsed = 0;
  bool compiling = false;  // set while its definition is being compiled (catches self-reference)
  bool isTemplate = false; // a template definition (cached for the chunk), not a record's own
  uint32_t definitionOffset = 0;
  // The template's field plans in each context it is used in (FieldPlan.h: PlanContext), for
  // the ChunkDecoder that owns this chunk's plans: -1 not set up yet, -2 none (walked), else
  // an index into its plans.
  mutable int32_t plans[4] = {-1, -1, -1, -1};

  std::string_view str(const BinXmlOp &op) const { return {strings.data() + op.str, op.strLen}; }
  std::string_view str2(const BinXmlOp &op) const { return {strings.data() + op.str2, op.str2Len}; }
  void clear();
};

// Limits that keep a hostile file from exhausting the stack or the CPU.
inline constexpr uint32_t MaxNesting = 64;          // element nesting inside one program
inline constexpr uint32_t MaxFragmentDepth = 16;    // templates and BinXml values inside each other
inline constexpr uint64_t MaxWalkSteps = 1'000'000; // operations visited for one record

// The binary XML state of one chunk: its bytes, its template and name caches and the scratch
// space of the record being decoded. One per thread; reset() for each chunk.
class ChunkContext {
public:
  void reset(std::span<const uint8_t> chunk);
  void beginRecord(); // releases the previous record's scratch space

  // Parses the binary XML at chunk offsets [pos, end): fragment header, then a template
  // instance or elements. The result stays valid until the next beginRecord() or reset().
  Result<Fragment> parse(uint32_t pos, uint32_t end, uint32_t depth = 0);

  // Drives `visitor` through the fragment (see XmlWriter and EventBuilder for the interface).
  template <class Visitor>
  Result<void> walk(const Fragment &fragment, Visitor &visitor) {
    steps_ = 0;
    return walkFragment(fragment, visitor, 0);
  }

  std::span<const uint8_t> chunk() const { return chunk_; }

private:
  friend class BinXmlCompiler; // the token stream reader of compile() (BinXml.cpp)
  Result<void> compile(uint32_t &pos, uint32_t end, Program &out, uint32_t depth);
  Result<const Program *> templateInstance(uint32_t &pos, uint32_t end, Program &out, uint32_t depth,
                                           Fragment &fragment);
  Result<const Program *> templateAt(uint32_t defOffset, uint32_t depth);
  Result<void> readName(uint32_t nameOffset, uint32_t &pos, uint32_t end, Program &out, uint32_t &str, uint32_t &len);
  Program &scratch();
  Error error(uint32_t offset, std::string message) const;

  struct ArrayItem {
    uint32_t index;
    Value value;
  };
  template <class Visitor>
  Result<void> walkFragment(const Fragment &f, Visitor &v, uint32_t depth);
  template <class Visitor>
  Result<void> walkOps(const Fragment &f, Visitor &v, uint32_t depth, size_t begin, size_t end, const ArrayItem *item);

  std::span<const uint8_t> chunk_;
  U64Map<Program *> templates_; // by definition offset; null: its compilation failed
  std::vector<std::unique_ptr<Program>> programPool_;
  size_t programsUsed_ = 0;
  std::vector<std::unique_ptr<Program>> scratch_;
  size_t scratchUsed_ = 0;
  // UTF-8 names by offset: (start << 32 | length) in nameText_, both kept from chunk to chunk.
  U64Map<uint64_t> names_;
  std::string nameText_;
  uint64_t steps_ = 0;
};

template <class Visitor>
Result<void> ChunkContext::walkFragment(const Fragment &f, Visitor &v, uint32_t depth) {
  if (!f.program)
    return Result<void>();
  if (depth > MaxFragmentDepth)
    return error(f.program->definitionOffset, "binary XML nested too deeply (templates or "
                                              "BinXml values inside each other)");
  return walkOps(f, v, depth, 0, f.program->ops.size(), nullptr);
}

// Walks ops [begin, end) of `f`. `item` (when set) replaces the value of the substitution
// that made an element repeat once for each item of an array.
template <class Visitor>
Result<void> ChunkContext::walkOps(const Fragment &f, Visitor &v, uint32_t depth, size_t begin, size_t end,
                                   const ArrayItem *item) {
  const Program &p = *f.program;
  auto valueOf = [&](uint32_t index) { return item && item->index == index ? item->value : f.value(index); };
  for (size_t i = begin; i < end;) {
    if (++steps_ > MaxWalkSteps)
      return error(p.ops[i].offset, "record expands to too many XML nodes (template loop?)");
    const BinXmlOp &op = p.ops[i];
    switch (op.kind) {
    case OpKind::Open: {
      if (op.nullSub >= 0 && valueOf(static_cast<uint32_t>(op.nullSub)).isNull()) {
        i = op.skip;
        continue;
      }
      // An element whose content is an array substitution is written once for each item
      // (an empty array gives one empty element).
      if (op.contentSub >= 0 && !(item && i == begin)) {
        const auto index = static_cast<uint32_t>(op.contentSub);
        const Value array = valueOf(index);
        if ((array.type & vt::ArrayFlag) && (array.type & 0x7f) != vt::BinXml) {
          std::vector<Value> items;
          arrayElements(array, items);
          for (const Value &one : items) {
            const ArrayItem each{index, one};
            if (auto r = walkOps(f, v, depth, i, op.skip, &each); !r)
              return r;
          }
          i = op.skip;
          continue;
        }
      }
      v.open(p.str(op));
      break;
    }
    case OpKind::Attr:
      if (op.nullSub >= 0 && valueOf(static_cast<uint32_t>(op.nullSub)).isNull()) {
        i = op.skip;
        continue;
      }
      v.attribute(p.str(op));
      break;
    case OpKind::CloseStart: v.closeStart(); break;
    case OpKind::CloseEmpty: v.closeEmpty(); break;
    case OpKind::End: v.end(); break;
    case OpKind::Text: v.text(p.str(op)); break;
    case OpKind::CData: v.cdata(p.str(op)); break;
    case OpKind::CharRef: v.charRef(op.index); break;
    case OpKind::EntityRef: v.entityRef(p.str(op)); break;
    case OpKind::PI: v.pi(p.str(op), p.str2(op)); break;
    case OpKind::Sub: {
      const Value value = valueOf(op.index);
      if (value.type == vt::BinXml) {
        if (value.size == 0)
          break;
        const auto start = static_cast<uint32_t>(value.data - chunk_.data());
        auto inner = parse(start, start + value.size, depth + 1);
        if (!inner)
          return inner.error();
        if (auto r = walkFragment(*inner, v, depth + 1); !r)
          return r;
      } else if (!value.isNull()) {
        v.value(value);
      }
      break;
    }
    case OpKind::Instance:
      if (auto r = walkFragment(p.children[op.child], v, depth + 1); !r)
        return r;
      break;
    }
    ++i;
  }
  return Result<void>();
}

} // namespace dd::evtx
