// Reading a whole .evtx stream: file header, then chunk after chunk, decoded on worker threads
// and handed back in order; see Reader.h.
//
// The file is read with read(2) in 64 KiB pieces rather than memory-mapped: pages of a mapping
// stay resident and count as the process's memory, which would grow with the file; this way
// at most 8 chunks per thread are held at any time, and pipes ("-") work the same as files.
#include "evtx/Reader.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace dd::evtx {
namespace {

size_t fill(const ByteSource &source, uint8_t *into, size_t size) {
  size_t got = 0;
  while (got < size) {
    const size_t n = source(into + got, size - got);
    if (n == 0)
      break;
    got += n;
  }
  return got;
}

void account(FileSummary &s, const ChunkResult &r) {
  ++s.chunks;
  s.bytes += r.bytes;
  s.emptyChunks += r.empty ? 1 : 0;
  s.damagedChunks += r.damaged ? 1 : 0;
  s.records += r.records;
  s.damagedRecords += r.damagedRecords;
  s.recordsSkipped += r.recordsSkipped;
  for (const Problem &p : r.problems)
    s.problems.push_back(p.str());
}

uint64_t chunkOffset(uint64_t i) { return FileHeaderSize + i * ChunkSize; }

// The chunks of the stream after its header, one at a time; the first may have been read ahead
// (when the header is damaged and a chunk follows it).
struct ChunkSource {
  const ByteSource &source;
  std::vector<uint8_t> pending;

  // The next chunk into `buf` (fewer bytes at the end of the stream); 0 when there is none.
  size_t next(std::vector<uint8_t> &buf) {
    if (!pending.empty()) {
      buf.swap(pending);
      pending.clear();
      return buf.size();
    }
    buf.resize(ChunkSize);
    const size_t n = fill(source, buf.data(), ChunkSize);
    buf.resize(n);
    return n;
  }
};

// The file header into `summary`, and the first chunk into `chunks.pending` when the header is
// not one but a chunk follows it. Errors: a stream that ends inside the header, or neither a
// header nor a chunk.
Result<void> readHeader(ChunkSource &chunks, const std::string &name, FileSummary &summary) {
  std::vector<uint8_t> header(FileHeaderSize);
  const size_t headerBytes = fill(chunks.source, header.data(), header.size());
  summary.bytes = headerBytes;
  auto parsed = parseFileHeader(std::span<const uint8_t>(header.data(), headerBytes));
  if (!parsed) {
    // Perhaps only the header is damaged: carry on if a chunk follows it.
    chunks.pending.resize(ChunkSize);
    chunks.pending.resize(fill(chunks.source, chunks.pending.data(), ChunkSize));
    if (headerBytes < FileHeaderSize || chunks.pending.size() < 8 ||
        std::memcmp(chunks.pending.data(), "ElfChnk", 8) != 0)
      return Error::atOffset(name, 0, parsed.error().message);
    summary.problems.push_back("file header: " + parsed.error().message + "; a chunk follows it, reading on");
    return {};
  }
  summary.header = *parsed;
  summary.headerOk = true;
  if (headerBytes < FileHeaderSize)
    return Error::atOffset(name, headerBytes,
                           fmt::format("file ends after {} bytes, inside its 4096-byte header", headerBytes));
  if (!parsed->checksumOk())
    summary.problems.push_back(
        fmt::format("file header: checksum 0x{:08x} does not match the header (CRC32 0x{:08x}); reading on",
                    parsed->checksum, parsed->computedChecksum));
  if (parsed->headerBlockSize != FileHeaderSize)
    summary.problems.push_back(fmt::format(
        "file header: header block size {} (expected 4096); chunks read from offset 0x1000", parsed->headerBlockSize));
  return {};
}

void readSequential(ChunkSource &chunks, const ReadOptions &options, FileSummary &summary,
                    const ChunkConsumer &consume) {
  ChunkDecoder decoder;
  decoder.useFieldPlans(options.fieldPlans);
  std::vector<uint8_t> buf;
  ChunkResult r;
  for (uint64_t i = 0; chunks.next(buf) != 0; ++i) {
    decoder.decode(buf, i, chunkOffset(i), options.output, options.recover, r);
    account(summary, r);
    consume(r);
  }
}

// Chunks travel between the reading thread and the workers in batches of a few: one hand-over
// (a lock, a wake-up) per batch rather than per chunk keeps the threads' switching cost small
// next to the decoding (with one chunk a hand-over, two threads spent about a quarter more CPU
// than one). Results come back per batch, in order.
class ParallelReader {
public:
  ParallelReader(ChunkSource &chunks, const ReadOptions &options, unsigned threads)
      : chunks_(chunks), options_(options), window_(size_t{threads} * 2), slots_(window_) {
    for (unsigned t = 0; t < threads; ++t)
      workers_.emplace_back([this] { work(); });
  }

  ~ParallelReader() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    workReady_.notify_all();
    for (auto &w : workers_)
      w.join();
  }

  void run(FileSummary &summary, const ChunkConsumer &consume) {
    for (;;) {
      while (!eof_ && nextRead_ < nextEmit_ + window_ && fillBatch())
        ;
      if (nextEmit_ == nextRead_)
        return;
      emitBatch(summary, consume);
    }
  }

private:
  static constexpr size_t Batch = 4;
  struct Slot {
    std::vector<uint8_t> bytes[Batch];
    ChunkResult results[Batch];
    uint64_t first = 0; // index of its first chunk
    size_t count = 0;   // chunks in it
    bool ready = false;
  };

  // A worker: decodes the batches the reading thread queues.
  void work() {
    ChunkDecoder decoder;
    decoder.useFieldPlans(options_.fieldPlans);
    for (;;) {
      size_t slot;
      {
        std::unique_lock lock(mutex_);
        workReady_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty())
          return;
        slot = queue_.front();
        queue_.pop_front();
      }
      Slot &s = slots_[slot]; // the reading thread leaves it alone until it is ready
      for (size_t k = 0; k < s.count; ++k)
        decoder.decode(s.bytes[k], s.first + k, chunkOffset(s.first + k), options_.output, options_.recover,
                       s.results[k]);
      {
        std::lock_guard lock(mutex_);
        s.ready = true;
      }
      batchDone_.notify_one();
    }
  }

  // Reads the next batch of chunks and queues it; false when the stream had none left.
  bool fillBatch() {
    Slot &s = slots_[nextRead_ % window_];
    s.first = chunksRead_;
    s.count = 0;
    while (s.count < Batch && chunks_.next(s.bytes[s.count]) != 0)
      ++s.count;
    eof_ = s.count < Batch;
    if (s.count == 0)
      return false;
    chunksRead_ += s.count;
    {
      std::lock_guard lock(mutex_);
      s.ready = false;
      queue_.push_back(nextRead_ % window_);
    }
    workReady_.notify_one();
    ++nextRead_;
    return true;
  }

  // Waits for the oldest batch in flight and hands its results on, in order.
  void emitBatch(FileSummary &summary, const ChunkConsumer &consume) {
    Slot &s = slots_[nextEmit_ % window_];
    {
      std::unique_lock lock(mutex_);
      batchDone_.wait(lock, [&] { return s.ready; });
    }
    for (size_t k = 0; k < s.count; ++k) {
      account(summary, s.results[k]);
      consume(s.results[k]);
    }
    ++nextEmit_;
  }

  ChunkSource &chunks_;
  const ReadOptions &options_;
  const size_t window_; // batches in flight: 8 chunks a thread at most
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable workReady_, batchDone_;
  std::deque<size_t> queue_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
  uint64_t nextRead_ = 0, nextEmit_ = 0; // in batches
  uint64_t chunksRead_ = 0;
  bool eof_ = false;
};

} // namespace

unsigned defaultThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

Result<FileSummary> readStream(const ByteSource &source, const std::string &name, const ReadOptions &options,
                               const ChunkConsumer &consume) {
  FileSummary summary;
  summary.file = name;
  ChunkSource chunks{source, {}};
  if (auto r = readHeader(chunks, name, summary); !r)
    return r.error();
  const unsigned threads = options.threads ? options.threads : defaultThreads();
  if (threads <= 1)
    readSequential(chunks, options, summary, consume);
  else
    ParallelReader(chunks, options, threads).run(summary, consume);
  return summary;
}

Result<FileSummary> readFile(const std::string &path, const ReadOptions &options, const ChunkConsumer &consume) {
  const bool useStdin = path == "-";
#ifdef _WIN32 // binary mode (no CR LF translation); no close-on-exec or read-ahead advice there
  const int fd = useStdin ? 0 : ::open(path.c_str(), O_RDONLY | O_BINARY);
#else
  const int fd = useStdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
#endif
  if (fd < 0)
    return Error::at(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
#ifndef _WIN32
  if (!useStdin)
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  int readErrno = 0;
  ByteSource source = [&](uint8_t *into, size_t size) -> size_t {
    for (;;) {
      const ssize_t n = ::read(fd, into, size);
      if (n >= 0)
        return static_cast<size_t>(n);
      if (errno == EINTR)
        continue;
      readErrno = errno;
      return 0;
    }
  };
  auto result = readStream(source, useStdin ? "<stdin>" : path, options, consume);
  if (!useStdin)
    ::close(fd);
  if (result && readErrno)
    result->problems.push_back(fmt::format("read error after {} bytes: {}", result->bytes, std::strerror(readErrno)));
  return result;
}

Result<FileSummary> readBytes(std::span<const uint8_t> bytes, const std::string &name, const ReadOptions &options,
                              const ChunkConsumer &consume) {
  size_t at = 0;
  ByteSource source = [&](uint8_t *into, size_t size) -> size_t {
    const size_t n = std::min(size, bytes.size() - at);
    if (n)
      std::memcpy(into, bytes.data() + at, n);
    at += n;
    return n;
  };
  return readStream(source, name, options, consume);
}

Result<FileSummary> readEvents(const std::string &path, unsigned threads,
                               const std::function<void(const Event &)> &onEvent) {
  ReadOptions options;
  options.threads = threads;
  options.output = Output::Events;
  return readFile(path, options, [&](ChunkResult &chunk) {
    for (const Event &e : chunk.events)
      onEvent(e);
  });
}

} // namespace dd::evtx
