// Hand-built EVTX bytes for the unit tests: a chunk writer that lays out binary XML tokens,
// names, template definitions and records at known offsets, fills in the chunk header and
// its checksums, and a file writer that puts a header in front of chunks.
#pragma once

#include "evtx/Crc32.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dd::evtx::test {

struct TestValue {
  uint8_t type;
  std::vector<uint8_t> bytes;
};

inline std::vector<uint8_t> utf16(const std::u16string &s) {
  std::vector<uint8_t> out;
  for (char16_t c : s) {
    out.push_back(static_cast<uint8_t>(c & 0xff));
    out.push_back(static_cast<uint8_t>(c >> 8));
  }
  return out;
}
inline std::vector<uint8_t> utf16(const std::string &ascii) {
  return utf16(std::u16string(ascii.begin(), ascii.end()));
}
template <class T>
std::vector<uint8_t> le(T v) {
  std::vector<uint8_t> out(sizeof(T));
  for (size_t i = 0; i < sizeof(T); ++i)
    out[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i));
  return out;
}
inline TestValue str(const std::string &s) { return {0x01, utf16(s)}; }
inline TestValue u16v(uint16_t v) { return {0x06, le(v)}; }
inline TestValue u8v(uint8_t v) { return {0x04, le(v)}; }
inline TestValue hex64(uint64_t v) { return {0x15, le(v)}; }
inline TestValue filetime(uint64_t v) { return {0x11, le(v)}; }
inline TestValue null() { return {0x00, {}}; }
inline TestValue sid(std::vector<uint8_t> b) { return {0x13, std::move(b)}; }

class ChunkWriter {
public:
  ChunkWriter() : c(512, 0) {}

  std::vector<uint8_t> c;

  uint32_t pos() const { return static_cast<uint32_t>(c.size()); }
  void u8(uint8_t v) { c.push_back(v); }
  void u16(uint16_t v) { append(le(v)); }
  void u32(uint32_t v) { append(le(v)); }
  void u64(uint64_t v) { append(le(v)); }
  void append(const std::vector<uint8_t> &b) { c.insert(c.end(), b.begin(), b.end()); }
  void patch32(uint32_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i)
      c[at + i] = static_cast<uint8_t>(v >> (8 * i));
  }

  // Binary XML tokens.
  void fragmentHeader() { append({0x0f, 0x01, 0x01, 0x00}); }
  void name(const std::string &n) {
    if (auto it = names_.find(n); it != names_.end()) {
      u32(it->second);
      return;
    }
    const uint32_t at = pos() + 4;
    names_[n] = at;
    u32(at);
    u32(0); // next name offset
    u16(0); // hash (not checked)
    u16(static_cast<uint16_t>(n.size()));
    append(utf16(n));
    u16(0);
  }
  void open(const std::string &n, bool attributes = false) {
    u8(attributes ? 0x41 : 0x01);
    u16(0xffff);
    u32(0); // data size (not needed by readers that follow the tokens)
    name(n);
    if (attributes)
      u32(0); // attribute list size
  }
  void attribute(const std::string &n) {
    u8(0x06);
    name(n);
  }
  void closeStart() { u8(0x02); }
  void closeEmpty() { u8(0x03); }
  void end() { u8(0x04); }
  void text(const std::string &s) {
    u8(0x05);
    u8(0x01);
    u16(static_cast<uint16_t>(s.size()));
    append(utf16(s));
  }
  void sub(uint16_t index, uint8_t type, bool optional = false) {
    u8(optional ? 0x0e : 0x0d);
    u16(index);
    u8(type);
  }
  void eof() { u8(0x00); }
  void charRef(uint16_t c) {
    u8(0x08);
    u16(c);
  }
  void entityRef(const std::string &n) {
    u8(0x09);
    name(n);
  }
  // Takes over the names and templates `other` (a copy of this writer that went further)
  // defined, after its bytes were copied here.
  void adopt(const ChunkWriter &other) {
    names_ = other.names_;
    templates_ = other.templates_;
  }

  // <name>%index</name>
  void element(const std::string &n, uint16_t index, uint8_t type, bool optional = false) {
    open(n);
    closeStart();
    sub(index, type, optional);
    end();
  }

  // A template instance. The first use of `key` writes the definition inline (its body by
  // `body`); later uses refer to it by offset. Then the values.
  void instance(const std::string &key, const std::function<void()> &body, const std::vector<TestValue> &values) {
    u8(0x0c);
    u8(0x01);
    u32(0x1234); // template id
    if (auto it = templates_.find(key); it != templates_.end()) {
      u32(it->second);
    } else {
      const uint32_t def = pos() + 4;
      templates_[key] = def;
      u32(def);
      u32(0);                                 // next definition
      append(std::vector<uint8_t>(16, 0xab)); // GUID
      const uint32_t sizeAt = pos();
      u32(0);
      const uint32_t start = pos();
      fragmentHeader();
      body();
      eof();
      patch32(sizeAt, pos() - start);
    }
    u32(static_cast<uint32_t>(values.size()));
    for (const auto &v : values) {
      u16(static_cast<uint16_t>(v.bytes.size()));
      u8(v.type);
      u8(0);
    }
    for (const auto &v : values)
      append(v.bytes);
  }

  // Records: [2a 2a 00 00][size][id][FILETIME] binary XML [size]
  uint32_t beginRecord(uint64_t id, uint64_t written) {
    const uint32_t start = pos();
    u32(0x2a2a);
    u32(0);
    u64(id);
    u64(written);
    return start;
  }
  void endRecord(uint32_t start) {
    while ((pos() + 4 - start) % 8)
      u8(0); // records are 8-byte aligned
    const uint32_t size = pos() + 4 - start;
    u32(size);
    patch32(start + 4, size);
    ++records_;
    if (!first_)
      first_ = start;
  }

  // Header fields and checksums; pads to 64 KiB.
  std::vector<uint8_t> finish(uint64_t firstRecord) {
    std::vector<uint8_t> out = c;
    const uint32_t freeSpace = static_cast<uint32_t>(out.size());
    out.resize(65536, 0);
    std::memcpy(out.data(), "ElfChnk", 8);
    auto put64 = [&](size_t at, uint64_t v) {
      for (int i = 0; i < 8; ++i)
        out[at + i] = static_cast<uint8_t>(v >> (8 * i));
    };
    auto put32 = [&](size_t at, uint32_t v) {
      for (int i = 0; i < 4; ++i)
        out[at + i] = static_cast<uint8_t>(v >> (8 * i));
    };
    const uint64_t last = firstRecord + (records_ ? records_ - 1 : 0);
    put64(8, firstRecord);
    put64(16, last);
    put64(24, firstRecord);
    put64(32, last);
    put32(40, 128);
    put32(44, first_);
    put32(48, freeSpace);
    put32(52, crc32(out.data() + 512, freeSpace - 512));
    put32(124, crc32(out.data() + 128, 384, crc32(out.data(), 120)));
    return out;
  }

private:
  std::map<std::string, uint32_t> names_;
  std::map<std::string, uint32_t> templates_;
  uint64_t records_ = 0;
  uint32_t first_ = 0;
};

// File header (with its CRC) followed by the chunks.
inline std::vector<uint8_t> evtxFile(const std::vector<std::vector<uint8_t>> &chunks) {
  std::vector<uint8_t> out(4096, 0);
  std::memcpy(out.data(), "ElfFile", 8);
  auto put16 = [&](size_t at, uint16_t v) {
    out[at] = static_cast<uint8_t>(v);
    out[at + 1] = static_cast<uint8_t>(v >> 8);
  };
  out[32] = 128;
  put16(36, 1);
  put16(38, 3);
  put16(40, 4096);
  put16(42, static_cast<uint16_t>(chunks.size()));
  const uint32_t crc = crc32(out.data(), 120);
  for (int i = 0; i < 4; ++i)
    out[124 + i] = static_cast<uint8_t>(crc >> (8 * i));
  for (const auto &c : chunks)
    out.insert(out.end(), c.begin(), c.end());
  return out;
}

} // namespace dd::evtx::test
