// Reading a whole .evtx file: the entry point of dd::evtx.
//
// Why our own reader and not libevtx or a Python tool: speed (plants keep gigabytes of logs;
// templates are compiled once per chunk and the fields are read without building XML), bounded
// memory (the file is read 64 KiB chunk by chunk; at most a few chunks per thread are in
// flight, whatever the file size), and recovery (a damaged chunk or record costs only itself,
// and each one is reported with its offset).
//
// Chunks are decoded on `threads` worker threads; results are handed to the caller on the
// calling thread in file order, so records come out in the order they are stored.
#pragma once

#include "evtx/Chunk.h"
#include "evtx/Event.h"
#include "support/Result.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace dd::evtx {

struct ReadOptions {
  unsigned threads = 0; // 0: one per core
  Output output = Output::Events;
  bool recover = false;   // see ChunkDecoder::decode: read past damage further than the peers do
  bool fieldPlans = true; // false: walk every record's template (tests; FieldPlan.h)
};

struct FileSummary {
  std::string file;
  FileHeader header;
  bool headerOk = false;      // the file header had its signature
  uint64_t bytes = 0;         // bytes read
  uint64_t chunks = 0;        // chunks in the file (including empty and damaged ones)
  uint64_t emptyChunks = 0;   // all zero: not used yet
  uint64_t damagedChunks = 0; // chunks none of whose records could be read
  uint64_t records = 0;       // records delivered
  uint64_t damagedRecords = 0;
  uint64_t recordsSkipped = 0;
  std::vector<std::string> problems; // located, one line each (without "dcomdoctor: file: ")

  // Anything was lost: the caller exits 1 (docs/conventions.md).
  bool anythingSkipped() const { return recordsSkipped > 0 || damagedChunks > 0 || damagedRecords > 0; }
};

// Reads bytes on demand: fills up to `size` bytes at `into`, returns how many (0 at the end).
using ByteSource = std::function<size_t(uint8_t *into, size_t size)>;

// Called on the calling thread with each chunk, in file order.
using ChunkConsumer = std::function<void(ChunkResult &chunk)>;

// Reads an EVTX stream. Errors (exit 2): the stream cannot be read, or it is not EVTX at all
// (neither a file header nor a first chunk). Damage inside is reported in the summary.
Result<FileSummary> readStream(const ByteSource &source, const std::string &name, const ReadOptions &options,
                               const ChunkConsumer &consume);
// The same for a file ("-" is standard input).
Result<FileSummary> readFile(const std::string &path, const ReadOptions &options, const ChunkConsumer &consume);
// The same for bytes in memory (tests, fuzzing).
Result<FileSummary> readBytes(std::span<const uint8_t> bytes, const std::string &name, const ReadOptions &options,
                              const ChunkConsumer &consume);

// Every event of a file, in record order (the triage's entry point).
Result<FileSummary> readEvents(const std::string &path, unsigned threads,
                               const std::function<void(const Event &)> &onEvent);

// The number of worker threads `threads = 0` means: one per core.
unsigned defaultThreads();

} // namespace dd::evtx
