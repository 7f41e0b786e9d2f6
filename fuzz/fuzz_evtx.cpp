// libFuzzer target for the EVTX reader: the input is taken as a whole .evtx file and decoded
// in every output form, single-threaded and with recovery on, so the file header, chunk and
// record framing, binary XML, templates and every value type are exercised.
//
// Inputs shorter than a chunk are also tried as the body of a chunk behind a valid chunk
// header, so that the fuzzer reaches the binary XML quickly instead of first having to find
// "ElfFile" and "ElfChnk".
//
// Events and JSON lines are made twice, with the per-template field plans and with the plain
// walk of every template (src/evtx/FieldPlan.h); any difference aborts: the plans must give
// exactly what the walk gives, whatever the input.
#include "evtx/Chunk.h"
#include "evtx/Reader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace dd::evtx;

// Every field of the events of a chunk (the JSON line and the fields it leaves out).
std::string describe(const ChunkResult &r) {
  std::string s = r.text;
  for (const Event &e : r.events) {
    appendJsonLine(s, e);
    s += e.providerGuid + "|" + e.eventSourceName + "|" + (e.userData ? "u" : "-");
    for (const auto &v : {e.version, e.opcode})
      s += v ? std::to_string(*v) : "-";
    for (const auto &v : {e.processId, e.threadId})
      s += v ? std::to_string(*v) : "-";
    s += e.timeCreated ? std::to_string(*e.timeCreated) : "-";
    for (const DataItem &item : e.data)
      s += "|" + item.name + "=" + item.value;
    s += '\n';
  }
  for (const Problem &p : r.problems)
    s += p.str() + "\n";
  return s;
}

std::string readAll(std::span<const uint8_t> bytes, Output output, bool recover, bool plans) {
  ReadOptions options;
  options.threads = 1;
  options.output = output;
  options.recover = recover;
  options.fieldPlans = plans;
  std::string all;
  auto summary = readBytes(bytes, "fuzz.evtx", options, [&](ChunkResult &r) { all += describe(r); });
  if (!summary)
    all += "error: " + summary.error().message;
  return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  (void)readAll(bytes, Output::Xml, false, true);
  for (Output output : {Output::Events, Output::Jsonl}) {
    const bool recover = output == Output::Jsonl;
    if (readAll(bytes, output, recover, true) != readAll(bytes, output, recover, false))
      std::abort(); // the field plans and the walk disagree
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
    ChunkDecoder decoder, walker;
    walker.useFieldPlans(false);
    (void)decoder.decode(chunk, 0, 4096, Output::Xml, false);
    for (Output output : {Output::Events, Output::Jsonl})
      for (bool recover : {false, true})
        if (describe(decoder.decode(chunk, 0, 4096, output, recover)) !=
            describe(walker.decode(chunk, 0, 4096, output, recover)))
          std::abort(); // the field plans and the walk disagree
  }
  return 0;
}
