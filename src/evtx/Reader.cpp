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

} // namespace

unsigned defaultThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

Result<FileSummary> readStream(const ByteSource &source, const std::string &name, const ReadOptions &options,
                               const ChunkConsumer &consume) {
  FileSummary summary;
  summary.file = name;

  // The file header, and the first chunk when the header is not one.
  std::vector<uint8_t> header(FileHeaderSize);
  const size_t headerBytes = fill(source, header.data(), header.size());
  summary.bytes = headerBytes;
  std::vector<uint8_t> pending; // a chunk read ahead of the engine
  auto parsed = parseFileHeader(std::span<const uint8_t>(header.data(), headerBytes));
  if (parsed) {
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
      summary.problems.push_back(
          fmt::format("file header: header block size {} (expected 4096); chunks read from offset 0x1000",
                      parsed->headerBlockSize));
  } else {
    // Perhaps only the header is damaged: carry on if a chunk follows it.
    pending.resize(ChunkSize);
    pending.resize(fill(source, pending.data(), ChunkSize));
    if (headerBytes < FileHeaderSize || pending.size() < 8 || std::memcmp(pending.data(), "ElfChnk", 8) != 0)
      return Error::atOffset(name, 0, parsed.error().message);
    summary.problems.push_back("file header: " + parsed.error().message + "; a chunk follows it, reading on");
  }

  auto nextChunk = [&](std::vector<uint8_t> &buf) -> size_t {
    if (!pending.empty()) {
      buf.swap(pending);
      pending.clear();
      return buf.size();
    }
    buf.resize(ChunkSize);
    const size_t n = fill(source, buf.data(), ChunkSize);
    buf.resize(n);
    return n;
  };
  auto chunkOffset = [](uint64_t i) { return FileHeaderSize + i * ChunkSize; };

  const unsigned threads = options.threads ? options.threads : defaultThreads();
  if (threads <= 1) {
    ChunkDecoder decoder;
    decoder.useFieldPlans(options.fieldPlans);
    std::vector<uint8_t> buf;
    ChunkResult r;
    for (uint64_t i = 0;; ++i) {
      if (nextChunk(buf) == 0)
        break;
      decoder.decode(buf, i, chunkOffset(i), options.output, options.recover, r);
      account(summary, r);
      consume(r);
    }
    return summary;
  }

  // Chunks travel between the reading thread and the workers in batches of a few: one
  // hand-over (a lock, a wake-up) per batch rather than per chunk keeps the threads' switching
  // cost small next to the decoding (with one chunk a hand-over, two threads spent about a
  // quarter more CPU than one). Results come back per batch, in order.
  constexpr size_t Batch = 4;
  struct Slot {
    std::vector<uint8_t> bytes[Batch];
    ChunkResult results[Batch];
    uint64_t first = 0; // index of its first chunk
    size_t count = 0;   // chunks in it
    bool ready = false;
  };
  const size_t window = size_t{threads} * 2; // batches in flight: 8 chunks a thread at most
  std::vector<Slot> slots(window);
  std::mutex mutex;
  std::condition_variable workReady, batchDone;
  std::deque<size_t> queue;
  bool stop = false;

  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      ChunkDecoder decoder;
      decoder.useFieldPlans(options.fieldPlans);
      for (;;) {
        size_t slot;
        {
          std::unique_lock lock(mutex);
          workReady.wait(lock, [&] { return stop || !queue.empty(); });
          if (queue.empty())
            return;
          slot = queue.front();
          queue.pop_front();
        }
        Slot &s = slots[slot]; // the main thread leaves it alone until it is ready
        for (size_t k = 0; k < s.count; ++k)
          decoder.decode(s.bytes[k], s.first + k, chunkOffset(s.first + k), options.output, options.recover,
                         s.results[k]);
        {
          std::lock_guard lock(mutex);
          s.ready = true;
        }
        batchDone.notify_one();
      }
    });
  }

  uint64_t nextRead = 0, nextEmit = 0; // in batches
  uint64_t chunksRead = 0;
  bool eof = false;
  for (;;) {
    while (!eof && nextRead < nextEmit + window) {
      Slot &s = slots[nextRead % window];
      s.first = chunksRead;
      s.count = 0;
      while (s.count < Batch && nextChunk(s.bytes[s.count]) != 0)
        ++s.count;
      if (s.count < Batch)
        eof = true;
      if (s.count == 0)
        break;
      chunksRead += s.count;
      {
        std::lock_guard lock(mutex);
        s.ready = false;
        queue.push_back(nextRead % window);
      }
      workReady.notify_one();
      ++nextRead;
    }
    if (nextEmit == nextRead)
      break;
    Slot &s = slots[nextEmit % window];
    {
      std::unique_lock lock(mutex);
      batchDone.wait(lock, [&] { return s.ready; });
    }
    for (size_t k = 0; k < s.count; ++k) {
      account(summary, s.results[k]);
      consume(s.results[k]);
    }
    ++nextEmit;
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  workReady.notify_all();
  for (auto &w : workers)
    w.join();
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
