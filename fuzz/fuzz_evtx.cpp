// libFuzzer target for the EVTX reader: the input is taken as a whole .evtx file and decoded
// in every output form, single-threaded and with recovery on, so the file header, chunk and
// record framing, binary XML, templates and every value type are exercised.
//
// Inputs shorter than a chunk are also tried as the body of a chunk behind a valid chunk
// header, so that the fuzzer reaches the binary XML quickly instead of first having to find
// "ElfFile" and "ElfChnk".
#include "evtx/Chunk.h"
#include "evtx/Reader.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace dd::evtx;
  const std::span<const uint8_t> bytes(data, size);
  for (Output output : {Output::Events, Output::Xml, Output::Jsonl}) {
    ReadOptions options;
    options.threads = 1;
    options.output = output;
    options.recover = output == Output::Jsonl;
    (void)readBytes(bytes, "fuzz.evtx", options, [](ChunkResult &) {});
  }
  if (size <= ChunkSize - ChunkHeaderSize) {
    std::vector<uint8_t> chunk(ChunkSize, 0);
    std::memcpy(chunk.data(), "ElfChnk", 8);
    chunk[8] = 1;  // first record number 1
    chunk[16] = 1; // last record number 1
    const uint32_t freeSpace = static_cast<uint32_t>(ChunkHeaderSize + size);
    std::memcpy(chunk.data() + 48, &freeSpace, 4);
    if (size)
      std::memcpy(chunk.data() + ChunkHeaderSize, data, size);
    ChunkDecoder decoder;
    for (Output output : {Output::Events, Output::Xml})
      for (bool recover : {false, true})
        (void)decoder.decode(chunk, 0, 4096, output, recover);
  }
  return 0;
}
