// File header and chunk decoding; see Chunk.h.
#include "evtx/Chunk.h"

#include "evtx/Crc32.h"
#include "support/ByteReader.h"
#include "support/LittleEndian.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace dd::evtx {
namespace {

constexpr uint32_t RecordSignature = 0x00002a2a;

bool allZero(std::span<const uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

// True when a record with intact framing starts at `pos`: signature, a size that fits, and
// the same size repeated in its last four bytes.
bool recordAt(std::span<const uint8_t> c, size_t pos, size_t limit) {
  if (pos + RecordHeaderSize > limit || loadLE32(c.data() + pos) != RecordSignature)
    return false;
  const uint32_t size = loadLE32(c.data() + pos + 4);
  return size >= RecordHeaderSize + 4 && size <= limit - pos && loadLE32(c.data() + pos + size - 4) == size;
}

// The next intact record at or after `pos` (records are 8-byte aligned), or `limit`.
size_t nextRecord(std::span<const uint8_t> c, size_t pos, size_t limit) {
  pos = (pos + 7) & ~size_t{7};
  for (; pos + RecordHeaderSize <= limit; pos += 8)
    if (recordAt(c, pos, limit))
      return pos;
  return limit;
}

// How many intact records a chunk whose header cannot be used still holds.
uint64_t countRecords(std::span<const uint8_t> c) {
  uint64_t n = 0;
  for (size_t pos = nextRecord(c, 0, c.size()); pos < c.size();
       pos = nextRecord(c, pos + loadLE32(c.data() + pos + 4), c.size()))
    ++n;
  return n;
}

// Templates whose plans a decoder keeps (each some KB: the copied ops and names, up to 16
// shapes); real logs use tens to a few hundred templates. Past that the cache starts over.
constexpr size_t MaxCachedPlans = 256;

// What a field plan is made from (FieldPlan.cpp's PlanBuilder and TemplatePlans::reset): the
// ops without their chunk offsets, and the names and texts.
bool samePlanInput(const Program &a, const Program &b) {
  if (a.ops.size() != b.ops.size() || a.strings.size() != b.strings.size())
    return false;
  for (size_t i = 0; i < a.ops.size(); ++i) {
    const BinXmlOp &x = a.ops[i], &y = b.ops[i];
    if (x.kind != y.kind || x.valueType != y.valueType || x.optional != y.optional || x.index != y.index ||
        x.skip != y.skip || x.nullSub != y.nullSub || x.contentSub != y.contentSub || a.str(x) != b.str(y))
      return false;
  }
  return true;
}

uint64_t planKey(const Program &p, PlanContext context) {
  uint64_t h = 1469598103934665603ull ^ static_cast<uint64_t>(context);
  auto mix = [&](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(p.ops.size());
  for (const BinXmlOp &op : p.ops)
    mix(static_cast<uint64_t>(op.kind) | uint64_t{op.index} << 8 | uint64_t{op.skip} << 24 | uint64_t{op.strLen} << 48);
  // The names and texts 8 bytes at a time (samePlanInput compares them exactly).
  const std::string &s = p.strings;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    mix(v);
  }
  for (; i < s.size(); ++i)
    mix(static_cast<unsigned char>(s[i]));
  return h;
}

} // namespace

Result<FileHeader> parseFileHeader(std::span<const uint8_t> bytes) {
  if (bytes.size() < 128)
    return Error::atOffset("", 0,
                           fmt::format("file of {} bytes is too short for an EVTX file "
                                       "header (4096 bytes)",
                                       bytes.size()));
  if (std::memcmp(bytes.data(), "ElfFile", 8) != 0)
    return Error::atOffset("", 0, "bad signature (expected \"ElfFile\"): not an EVTX file");
  FileHeader h;
  h.firstChunk = loadLE64(bytes.data() + 8);
  h.lastChunk = loadLE64(bytes.data() + 16);
  h.nextRecordId = loadLE64(bytes.data() + 24);
  h.headerSize = loadLE32(bytes.data() + 32);
  h.minorVersion = static_cast<uint16_t>(bytes[36] | bytes[37] << 8);
  h.majorVersion = static_cast<uint16_t>(bytes[38] | bytes[39] << 8);
  h.headerBlockSize = static_cast<uint16_t>(bytes[40] | bytes[41] << 8);
  h.chunkCount = static_cast<uint16_t>(bytes[42] | bytes[43] << 8);
  h.flags = loadLE32(bytes.data() + 120);
  h.checksum = loadLE32(bytes.data() + 124);
  h.computedChecksum = crc32(bytes.data(), 120);
  return h;
}

std::string Problem::str() const {
  std::string s = fmt::format("chunk {} at offset 0x{:x}: ", chunk, chunkOffset);
  if (record)
    s += fmt::format("record {} at offset 0x{:x}: ", *record, offset.value_or(chunkOffset));
  else if (offset && *offset != chunkOffset)
    s += fmt::format("offset 0x{:x}: ", *offset);
  return s + message;
}

void ChunkResult::clear() {
  index = fileOffset = 0;
  bytes = 0;
  empty = damaged = false;
  records = damagedRecords = recordsSkipped = 0;
  plannedRecords = plannedTemplates = unplannedTemplates = 0;
  problems.clear();
  text.clear();
  events.clear();
}

ChunkResult ChunkDecoder::decode(std::span<const uint8_t> c, uint64_t index, uint64_t fileOffset, Output output,
                                 bool recover) {
  ChunkResult r;
  decode(c, index, fileOffset, output, recover, r);
  return r;
}

void ChunkDecoder::decode(std::span<const uint8_t> c, uint64_t index, uint64_t fileOffset, Output output, bool recover,
                          ChunkResult &r) {
  r.clear();
  chunkPlans_.clear(); // the slots in the previous chunk's templates are gone
  uncachedUsed_ = 0;
  if (cache_.size() > MaxCachedPlans)
    cache_.clear();
  r.index = index;
  r.fileOffset = fileOffset;
  r.bytes = c.size();
  auto problem = [&](std::string message, std::optional<uint64_t> record = std::nullopt,
                     std::optional<uint64_t> at = std::nullopt) {
    r.problems.push_back(Problem{index, fileOffset, record, at, std::move(message)});
  };

  if (c.size() < ChunkSize || std::memcmp(c.data(), "ElfChnk", 8) != 0) {
    if (allZero(c)) {
      r.empty = true;
      return;
    }
    if (recover && c.size() == ChunkSize) {
      problem("bad signature (expected \"ElfChnk\"); recovering the records whose framing is "
              "intact");
      context_.reset(c);
      walkRecords(r, output, ChunkSize, true);
      return;
    }
    r.damaged = true;
    r.recordsSkipped = countRecords(c);
    if (c.size() < ChunkSize)
      problem(fmt::format("only {} bytes at the end of the file (a chunk is 65536); {} records "
                          "skipped",
                          c.size(), r.recordsSkipped));
    else
      problem(fmt::format("bad signature (expected \"ElfChnk\"); {} records skipped, reading on", r.recordsSkipped));
    return;
  }

  ChunkHeader h;
  h.firstRecordNumber = loadLE64(c.data() + 8);
  h.lastRecordNumber = loadLE64(c.data() + 16);
  h.firstRecordId = loadLE64(c.data() + 24);
  h.lastRecordId = loadLE64(c.data() + 32);
  h.headerSize = loadLE32(c.data() + 40);
  h.lastRecordOffset = loadLE32(c.data() + 44);
  h.freeSpaceOffset = loadLE32(c.data() + 48);
  h.recordsChecksum = loadLE32(c.data() + 52);
  h.flags = loadLE32(c.data() + 120);
  h.headerChecksum = loadLE32(c.data() + 124);

  const uint32_t headerCrc = crc32(c.data() + 128, ChunkHeaderSize - 128, crc32(c.data(), 120));
  if (headerCrc != h.headerChecksum)
    problem(fmt::format("header checksum 0x{:08x} does not match the header (CRC32 0x{:08x}); "
                        "reading its records anyway",
                        h.headerChecksum, headerCrc));
  size_t limit = h.freeSpaceOffset;
  if (limit < ChunkHeaderSize || limit > ChunkSize) {
    problem(fmt::format("free space offset 0x{:x} is outside the chunk; looking for records "
                        "in all of it",
                        h.freeSpaceOffset));
    limit = ChunkSize;
  } else {
    const uint32_t dataCrc = crc32(c.data() + ChunkHeaderSize, limit - ChunkHeaderSize);
    if (dataCrc != h.recordsChecksum)
      problem(fmt::format("event records checksum 0x{:08x} does not match the records (CRC32 "
                          "0x{:08x}); checking each record",
                          h.recordsChecksum, dataCrc));
  }

  context_.reset(c);
  walkRecords(r, output, limit, recover);

  // Records the header lists but the walk did not reach (zeroed or overwritten space).
  if (h.lastRecordNumber >= h.firstRecordNumber && h.lastRecordNumber - h.firstRecordNumber < ChunkSize / 28) {
    const uint64_t listed = h.lastRecordNumber - h.firstRecordNumber + 1;
    const uint64_t seen = r.records + r.recordsSkipped;
    if (seen < listed) {
      r.recordsSkipped += listed - seen;
      problem(fmt::format("header lists records {}..{} ({}), {} found; {} records lost", h.firstRecordNumber,
                          h.lastRecordNumber, listed, seen, listed - seen));
    }
  }
  return;
}

void ChunkDecoder::walkRecords(ChunkResult &r, Output output, size_t limit, bool recover) {
  const std::span<const uint8_t> c = context_.chunk();
  auto problem = [&](std::string message, std::optional<uint64_t> record, std::optional<uint64_t> at) {
    r.problems.push_back(Problem{r.index, r.fileOffset, record, at, std::move(message)});
  };
  if (output == Output::Events)
    r.events.reserve(128);
  std::string error;
  size_t pos = ChunkHeaderSize;
  while (pos + RecordHeaderSize <= limit) {
    const uint32_t magic = loadLE32(c.data() + pos);
    const uint32_t size = loadLE32(c.data() + pos + 4);
    const uint64_t recordId = loadLE64(c.data() + pos + 8);
    if (magic != RecordSignature || size < RecordHeaderSize + 4 || size > limit - pos) {
      if (allZero(c.subspan(pos, limit - pos)))
        break; // the rest is unused space; a shortfall is reported by the caller
      const std::string what = magic != RecordSignature ? std::string("bad record signature (expected 2a 2a 00 00)")
                                                        : fmt::format("record size {} does not fit the chunk", size);
      const size_t next = nextRecord(c, pos + 8, limit);
      if (!recover) {
        uint64_t intact = 0;
        for (size_t at = next; at < limit; at = nextRecord(c, at + loadLE32(c.data() + at + 4), limit))
          ++intact;
        problem(fmt::format("{}; the records stop here{}", what,
                            intact ? fmt::format(" ({} intact records after it: --recover reads "
                                                 "them)",
                                                 intact)
                                   : std::string()),
                std::nullopt, r.fileOffset + pos);
        break;
      }
      if (next < limit)
        problem(fmt::format("{}; skipped to the next intact record at offset 0x{:x}", what, r.fileOffset + next),
                std::nullopt, r.fileOffset + pos);
      else
        problem(fmt::format("{}; no intact record after it in this chunk", what), std::nullopt, r.fileOffset + pos);
      ++r.recordsSkipped;
      pos = next;
      continue;
    }
    const uint32_t sizeCopy = loadLE32(c.data() + pos + size - 4);
    const bool damaged = sizeCopy != size;
    if (decodeRecord(r, output, static_cast<uint32_t>(pos), size, damaged, error)) {
      ++r.records;
      if (damaged) {
        ++r.damagedRecords;
        problem(fmt::format("size copy at its end is {}, expected {}: the record was overwritten "
                            "or cut short; delivered with what could be read",
                            sizeCopy, size),
                recordId, r.fileOffset + pos);
      }
    } else {
      ++r.recordsSkipped;
      problem(fmt::format("{}; record skipped", error), recordId, r.fileOffset + pos);
    }
    pos += size;
  }
}

// The field plans of the record's template, set up the first time the chunk uses it; null
// when the record is not one template instance or its template cannot have plans.
TemplatePlans *ChunkDecoder::plansFor(const Fragment &fragment, PlanContext context, ChunkResult &r) {
  const Program *program = fragment.program;
  if (!program || !program->isTemplate)
    return nullptr;
  int32_t &slot = program->plans[static_cast<size_t>(context)];
  if (slot == -1) {
    const uint64_t key = planKey(*program, context);
    TemplatePlans *plans = nullptr;
    bool usable = false;
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      auto cached = std::make_unique<CachedPlans>();
      cached->program.ops = program->ops;
      cached->program.strings = program->strings;
      cached->program.isTemplate = true;
      cached->usable = cached->plans.reset(cached->program, context);
      it = cache_.emplace(key, std::move(cached)).first;
    }
    if (samePlanInput(it->second->program, *program)) {
      plans = &it->second->plans;
      usable = it->second->usable;
    } else { // another template with the same key: plans for this chunk only
      if (uncachedUsed_ == uncached_.size())
        uncached_.push_back(std::make_unique<TemplatePlans>());
      plans = uncached_[uncachedUsed_++].get();
      usable = plans->reset(*program, context);
    }
    if (usable) {
      slot = static_cast<int32_t>(chunkPlans_.size());
      chunkPlans_.push_back(plans);
      ++r.plannedTemplates;
    } else {
      slot = -2;
      ++r.unplannedTemplates;
    }
  }
  return slot >= 0 ? chunkPlans_[static_cast<size_t>(slot)] : nullptr;
}

// Fills event_ (Output::Events) or writes the JSON line (Output::Jsonl) from the plans of the
// record's template and of the BinXml value in its hole; false (nothing done) when the record
// has to be walked.
bool ChunkDecoder::fillFromPlans(const Fragment &fragment, Output output, ChunkResult &r) {
  TemplatePlans *plans = plansFor(fragment, PlanContext::Record, r);
  const FieldPlan *plan = plans ? plans->planFor(fragment) : nullptr;
  if (!plan)
    return false;
  const FieldPlan *contentPlan = nullptr;
  Fragment content;
  if (plan->hole() >= 0) {
    const Value value = fragment.value(static_cast<uint32_t>(plan->hole()));
    if (value.type == vt::BinXml && value.size > 0) {
      // Parsed as the walk does (depth 1); a value that does not parse is left to the walk,
      // which reports it.
      const auto start = static_cast<uint32_t>(value.data - context_.chunk().data());
      auto parsed = context_.parse(start, start + value.size, 1);
      if (!parsed)
        return false;
      content = *parsed;
      TemplatePlans *contentPlans = plansFor(content, plan->holeContext(), r);
      contentPlan = contentPlans ? contentPlans->planFor(content) : nullptr;
      if (!contentPlan)
        return false;
    }
  }
  if (output == Output::Jsonl) {
    plan->appendJsonLine(r.text, event_, fragment, contentPlan, content, scratch_);
    return true;
  }
  size_t used = 0;
  plan->fill(fragment, event_, used, scratch_);
  if (contentPlan)
    contentPlan->fillContent(content, event_, used, scratch_);
  event_.data.resize(used);
  return true;
}

bool ChunkDecoder::decodeRecord(ChunkResult &r, Output output, uint32_t pos, uint32_t size, bool damaged,
                                std::string &error) {
  context_.beginRecord();
  const std::span<const uint8_t> c = context_.chunk();
  auto located = [&](const Error &e) {
    return e.offset ? fmt::format("{} (at offset 0x{:x})", e.message, r.fileOffset + *e.offset) : e.message;
  };
  auto fragment = context_.parse(pos + RecordHeaderSize, pos + size - 4);
  if (!fragment) {
    error = located(fragment.error());
    return false;
  }
  if (output == Output::None)
    return true;
  if (output == Output::Xml) {
    const size_t mark = r.text.size();
    XmlWriter writer(r.text);
    if (auto w = context_.walk(*fragment, writer); !w) {
      r.text.resize(mark);
      error = located(w.error());
      return false;
    }
    r.text.push_back('\n');
    return true;
  }
  event_.clear();
  event_.recordId = loadLE64(c.data() + pos + 8);
  event_.writtenTime = loadLE64(c.data() + pos + 16);
  event_.offset = r.fileOffset + pos;
  event_.damaged = damaged;
  if (useFieldPlans_ && fillFromPlans(*fragment, output, r)) {
    ++r.plannedRecords;
    if (output == Output::Jsonl)
      return true; // written straight from the values
  } else {
    builder_.begin(event_);
    if (auto w = context_.walk(*fragment, builder_); !w) {
      error = located(w.error());
      return false;
    }
    builder_.finish();
  }
  if (output == Output::Jsonl)
    appendJsonLine(r.text, event_);
  else
    r.events.push_back(event_);
  return true;
}

} // namespace dd::evtx
