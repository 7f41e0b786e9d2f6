// The EVTX container: the file header and the 64 KiB chunks, each decoded on its own.
//
// A chunk ("ElfChnk") holds a 512-byte header, event records ("**\0\0", size, record id,
// written FILETIME, binary XML, size again) and the templates and names those records share;
// nothing in a chunk refers outside it, which is what lets chunks be decoded in parallel and
// lets a damaged chunk cost only its own records. ChunkDecoder checks the header and records
// checksums and every record's framing, decodes the good records and describes each problem
// with its file offset.
#pragma once

#include "evtx/BinXml.h"
#include "evtx/Event.h"
#include "evtx/FieldPlan.h"
#include "evtx/XmlWriter.h"
#include "support/Result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace dd::evtx {

inline constexpr size_t FileHeaderSize = 4096;
inline constexpr size_t ChunkSize = 65536;
inline constexpr size_t ChunkHeaderSize = 512;
inline constexpr size_t RecordHeaderSize = 24;

struct FileHeader {
  uint64_t firstChunk = 0, lastChunk = 0, nextRecordId = 0;
  uint32_t headerSize = 0;
  uint16_t minorVersion = 0, majorVersion = 0, headerBlockSize = 0, chunkCount = 0;
  uint32_t flags = 0, checksum = 0;
  uint32_t computedChecksum = 0; // CRC32 of the first 120 bytes
  bool checksumOk() const { return checksum == computedChecksum; }
  bool dirty() const { return flags & 1; }
  bool full() const { return flags & 2; }
};

// Reads the file header ("ElfFile"); an Error when the signature is not there.
Result<FileHeader> parseFileHeader(std::span<const uint8_t> bytes);

struct ChunkHeader {
  uint64_t firstRecordNumber = 0, lastRecordNumber = 0, firstRecordId = 0, lastRecordId = 0;
  uint32_t headerSize = 0, lastRecordOffset = 0, freeSpaceOffset = 0, recordsChecksum = 0;
  uint32_t flags = 0, headerChecksum = 0;
};

// One problem met while reading, located in the file.
struct Problem {
  uint64_t chunk = 0;             // chunk number, 0 for the first chunk after the file header
  uint64_t chunkOffset = 0;       // file offset of that chunk
  std::optional<uint64_t> record; // record id, when the problem is one record
  std::optional<uint64_t> offset; // file offset of that record or structure
  std::string message;
  // "chunk 3 at offset 0x31000: <message>" or
  // "chunk 3 at offset 0x31000: record 1234 at offset 0x31a28: <message>"
  std::string str() const;
};

enum class Output { None, Events, Jsonl, Xml };

// What one chunk gave.
struct ChunkResult {
  uint64_t index = 0;
  uint64_t fileOffset = 0;
  size_t bytes = 0;            // bytes of the file this chunk covered
  bool empty = false;          // all zero: a chunk Windows has not used yet
  bool damaged = false;        // its header could not be used: no record was read from it
  uint64_t records = 0;        // records delivered (including damaged ones)
  uint64_t damagedRecords = 0; // delivered from records whose end was overwritten
  uint64_t recordsSkipped = 0; // records lost: undecodable, or listed but not found
  // Output::Events / Jsonl: records filled by their template's field plan (the others were
  // walked), and the templates of this chunk that have a plan or not (FieldPlan.h).
  uint64_t plannedRecords = 0, plannedTemplates = 0, unplannedTemplates = 0;
  std::vector<Problem> problems;
  std::string text;          // Output::Jsonl / Output::Xml
  std::vector<Event> events; // Output::Events

  void clear(); // empties it, keeping the buffers' capacity
};

// Decodes chunks; one per thread (it owns the template cache and the scratch space).
class ChunkDecoder {
public:
  // `recover`: besides what the peers read, look past damage inside a chunk for records whose
  // framing is intact, and read the records of chunks whose header is unusable.
  ChunkResult decode(std::span<const uint8_t> bytes, uint64_t index, uint64_t fileOffset, Output output,
                     bool recover = false);
  // The same into `result`, whose buffers are reused (their capacity kept).
  void decode(std::span<const uint8_t> bytes, uint64_t index, uint64_t fileOffset, Output output, bool recover,
              ChunkResult &result);

  // For tests and tools: the binary XML state of the chunk last decoded.
  ChunkContext &context() { return context_; }

  // Off: every record is walked, no field plans (tests compare the two; see FieldPlan.h).
  void useFieldPlans(bool on) { useFieldPlans_ = on; }

private:
  TemplatePlans *plansFor(const Fragment &fragment, PlanContext context, ChunkResult &result);
  bool fillFromPlans(const Fragment &fragment, Output output, ChunkResult &result);
  void walkRecords(ChunkResult &result, Output output, size_t limit, bool recover);
  bool decodeRecord(ChunkResult &result, Output output, uint32_t pos, uint32_t size, bool damaged, std::string &error);

  ChunkContext context_;
  EventBuilder builder_;
  Event event_;
  bool useFieldPlans_ = true;
  // Plans outlive their chunk: the same template (same ops and names) comes back in chunk
  // after chunk, so its plans are kept by the content of its Program, which is copied.
  struct CachedPlans {
    Program program; // the ops and strings the plans were made from
    TemplatePlans plans;
    bool usable = false;
  };
  std::unordered_map<uint64_t, std::unique_ptr<CachedPlans>> cache_; // by planKey
  std::vector<TemplatePlans *> chunkPlans_;                          // the plans of this chunk's templates
  std::vector<std::unique_ptr<TemplatePlans>> uncached_;             // key collisions: this chunk only
  size_t uncachedUsed_ = 0;
  PlanScratch scratch_;
};

} // namespace dd::evtx
