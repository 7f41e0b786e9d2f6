// Offline hive (regf) reader: base block, cells (nk, vk, lf/lh/li/ri subkey lists, sk, db big
// data), dirty-hive detection and .LOG/.LOG1/.LOG2 replay (new format: HvLE entries; old
// format: a DIRT bitmap of pages), and mounting at the hive's place in the registry (SYSTEM at
// HKLM\SYSTEM with CurrentControlSet linked through Select\Current).
//
// Why our own reader and not libregf (the peer we test against): libregf does not give a key's
// security cell as bytes through its API in the form we need (an AppID key's own ACL), and it
// reads SYSTEM about a hundred times slower than the one-pass arena load below (see
// bench/results/registry.md). Layout per the public "Windows registry file format
// specification" (Suhanov) and MS-RRP; every offset read is checked against the hive bins, and
// a bad cell is reported with its file offset while the rest of the hive is read.
#include "registry/Marvin32.h"
#include "registry/Registry.h"

#include "registry/Text.h"
#include "support/LittleEndian.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <unordered_map>

namespace dd::registry {

namespace {

constexpr size_t BaseBlockSize = 4096;
constexpr uint32_t NoCell = 0xffffffffu;
constexpr size_t MaxDiagnostics = 200;
constexpr size_t BigDataSegment = 16344;

inline void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t baseBlockChecksum(const uint8_t *b) {
  uint32_t sum = 0;
  for (int i = 0; i < 127; ++i)
    sum ^= loadLE32(b + 4 * i);
  if (sum == 0xffffffffu)
    sum = 0xfffffffeu;
  if (sum == 0)
    sum = 1;
  return sum;
}

} // namespace

class HiveLoader {
public:
  HiveLoader(Registry &reg, std::string source) : reg_(reg), source_(std::move(source)) {}
  Result<void> load(std::span<const uint8_t> bytes, std::string_view mountPoint,
                    std::vector<std::pair<std::string, std::vector<uint8_t>>> &logs);

private:
  void problem(uint64_t fileOffset, std::string message) {
    ++problems_;
    if (problems_ <= MaxDiagnostics)
      reg_.diagnostics_.push_back(Error::atOffset(source_, fileOffset, std::move(message)));
    else if (problems_ == MaxDiagnostics + 1)
      reg_.diagnostics_.push_back(Error::at(source_ + ": more damage found; further problems not listed"));
  }
  static uint64_t fileOffset(uint32_t cell) { return BaseBlockSize + static_cast<uint64_t>(cell); }
  // The data of the cell at `cell` (relative to the first hive bin), without its size field;
  // empty with a reported problem when the offset or size does not fit in the hive bins.
  std::optional<std::span<const uint8_t>> cell(uint32_t cell, std::string_view what);
  void applyLogs(std::vector<std::pair<std::string, std::vector<uint8_t>>> &logs, HiveInfo &info);
  bool applyOldFormatLog(const std::string &name, const std::vector<uint8_t> &log, HiveInfo &info);
  void readTree(uint32_t rootCell, uint32_t mountKey, HiveInfo &info);
  void readValues(std::span<const uint8_t> nk, uint32_t nkCell, uint32_t key, HiveInfo &info);
  void subkeyList(uint32_t listCell, std::vector<uint32_t> &out, int depth);
  uint32_t security(uint32_t skCell);
  std::string name(const uint8_t *p, size_t length, bool compressed);

  Registry &reg_;
  std::string source_;
  std::vector<uint8_t> patched_; // the hive with log entries applied, when there were any
  std::span<const uint8_t> file_;
  size_t binsEnd_ = 0;
  uint32_t minor_ = 0;
  size_t problems_ = 0;
  std::unordered_map<uint32_t, uint32_t> sdCache_;
  std::vector<bool> visited_;
  std::vector<uint8_t> scratch_;
  size_t dataBudget_ = 0;
};

std::optional<std::span<const uint8_t>> HiveLoader::cell(uint32_t offset, std::string_view what) {
  uint64_t pos = fileOffset(offset);
  if (offset == NoCell || pos + 4 > binsEnd_) {
    problem(pos, fmt::format("{} cell offset 0x{:x} is outside the hive bins (which end at file offset 0x{:x})", what,
                             offset, binsEnd_));
    return std::nullopt;
  }
  auto size = static_cast<int32_t>(loadLE32(file_.data() + pos));
  uint64_t length = size < 0 ? -static_cast<int64_t>(size) : size;
  if (length < 8 || pos + length > binsEnd_) {
    problem(pos, fmt::format("{} cell at 0x{:x} has a bad size {} (expected 8 or more bytes inside the hive bins)",
                             what, offset, size));
    return std::nullopt;
  }
  return file_.subspan(pos + 4, length - 4);
}

std::string HiveLoader::name(const uint8_t *p, size_t length, bool compressed) {
  if (compressed) {
    bool ascii = true;
    for (size_t i = 0; i < length && ascii; ++i)
      ascii = p[i] < 0x80;
    if (ascii)
      return std::string(reinterpret_cast<const char *>(p), length);
    return text::cp1252ToUtf8({p, length});
  }
  return text::utf16ToUtf8({p, length});
}

uint32_t HiveLoader::security(uint32_t skCell) {
  if (skCell == NoCell)
    return Registry::npos;
  if (auto it = sdCache_.find(skCell); it != sdCache_.end())
    return it->second;
  uint32_t index = Registry::npos;
  if (auto sk = cell(skCell, "security (sk)")) {
    if (sk->size() < 20 || (*sk)[0] != 's' || (*sk)[1] != 'k') {
      problem(fileOffset(skCell), "security cell does not start with \"sk\"");
    } else {
      uint32_t size = loadLE32(sk->data() + 16);
      if (size > sk->size() - 20)
        problem(fileOffset(skCell),
                fmt::format("security descriptor of {} bytes does not fit its sk cell of {} bytes", size, sk->size()));
      else
        index = reg_.addSecurity(sk->subspan(20, size));
    }
  }
  sdCache_[skCell] = index;
  return index;
}

void HiveLoader::subkeyList(uint32_t listCell, std::vector<uint32_t> &out, int depth) {
  auto list = cell(listCell, "subkey list");
  if (!list)
    return;
  auto d = *list;
  if (d.size() < 4) {
    problem(fileOffset(listCell), "subkey list cell too small");
    return;
  }
  uint16_t count = loadLE16(d.data() + 2);
  std::string_view sig(reinterpret_cast<const char *>(d.data()), 2);
  size_t stride = (sig == "lf" || sig == "lh") ? 8 : (sig == "li" || sig == "ri") ? 4 : 0;
  if (stride == 0) {
    problem(fileOffset(listCell), fmt::format("subkey list signature \"{}{}\" (expected lf, lh, li or ri)",
                                              static_cast<char>(d[0] >= 32 && d[0] < 127 ? d[0] : '?'),
                                              static_cast<char>(d[1] >= 32 && d[1] < 127 ? d[1] : '?')));
    return;
  }
  if (4 + static_cast<size_t>(count) * stride > d.size()) {
    problem(fileOffset(listCell),
            fmt::format("subkey list of {} entries does not fit its cell of {} bytes", count, d.size()));
    count = static_cast<uint16_t>((d.size() - 4) / stride);
  }
  for (size_t i = 0; i < count; ++i) {
    uint32_t off = loadLE32(d.data() + 4 + i * stride);
    if (sig == "ri") {
      if (depth > 0)
        problem(fileOffset(listCell), "index root (ri) inside an index root");
      else
        subkeyList(off, out, depth + 1);
    } else {
      out.push_back(off);
    }
  }
}

void HiveLoader::readValues(std::span<const uint8_t> nk, uint32_t nkCell, uint32_t key, HiveInfo &info) {
  uint32_t count = loadLE32(nk.data() + 36);
  uint32_t listOff = loadLE32(nk.data() + 40);
  if (count == 0)
    return;
  auto list = cell(listOff, "value list");
  if (!list)
    return;
  if (static_cast<uint64_t>(count) * 4 > list->size()) {
    problem(fileOffset(nkCell), fmt::format("key says {} values but its value list holds {}", count, list->size() / 4));
    count = static_cast<uint32_t>(list->size() / 4);
  }
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t vkOff = loadLE32(list->data() + 4 * i);
    auto vk = cell(vkOff, "value (vk)");
    if (!vk)
      continue;
    if (visited_[vkOff / 8]) {
      problem(fileOffset(vkOff), "value cell listed twice; skipped");
      continue;
    }
    visited_[vkOff / 8] = true;
    auto v = *vk;
    if (v.size() < 20 || v[0] != 'v' || v[1] != 'k') {
      problem(fileOffset(vkOff), "value cell does not start with \"vk\"");
      continue;
    }
    uint16_t nameLength = loadLE16(v.data() + 2);
    uint32_t rawSize = loadLE32(v.data() + 4);
    uint32_t dataOff = loadLE32(v.data() + 8);
    uint32_t type = loadLE32(v.data() + 12);
    uint16_t flags = loadLE16(v.data() + 16);
    if (20u + nameLength > v.size()) {
      problem(fileOffset(vkOff), fmt::format("value name of {} bytes does not fit its vk cell", nameLength));
      continue;
    }
    std::string valueName = name(v.data() + 20, nameLength, flags & 1);
    uint32_t size = rawSize & 0x7fffffffu;
    std::span<const uint8_t> data;
    uint8_t inlineBytes[4];
    if (rawSize & 0x80000000u) {
      // Small data lives in the offset field itself.
      if (size > 4) {
        problem(fileOffset(vkOff),
                fmt::format("value \"{}\": inline data of {} bytes (at most 4 fit)", valueName, size));
        size = 4;
      }
      put32(inlineBytes, dataOff);
      data = std::span<const uint8_t>(inlineBytes, size);
    } else if (size > 0) {
      auto dc = cell(dataOff, "value data");
      if (!dc) {
        continue;
      }
      if (size > BigDataSegment && dc->size() >= 8 && (*dc)[0] == 'd' && (*dc)[1] == 'b' && minor_ >= 4) {
        // Big data: a list of segments of 16,344 bytes each.
        uint16_t segments = loadLE16(dc->data() + 2);
        uint32_t segList = loadLE32(dc->data() + 4);
        auto segs = cell(segList, "big data segment list");
        if (!segs)
          continue;
        if (segments * 4u > segs->size()) {
          problem(fileOffset(segList), "big data segment list too small");
          continue;
        }
        scratch_.clear();
        bool ok = true;
        for (uint16_t s = 0; s < segments && scratch_.size() < size && scratch_.size() <= dataBudget_; ++s) {
          auto seg = cell(loadLE32(segs->data() + 4 * s), "big data segment");
          if (!seg) {
            ok = false;
            break;
          }
          size_t take = std::min<size_t>({seg->size(), BigDataSegment, size - scratch_.size()});
          scratch_.insert(scratch_.end(), seg->begin(), seg->begin() + take);
        }
        if (!ok)
          continue;
        if (scratch_.size() < size)
          problem(fileOffset(dataOff),
                  fmt::format("value \"{}\": big data holds {} of {} bytes", valueName, scratch_.size(), size));
        data = scratch_;
      } else {
        if (size > dc->size()) {
          problem(fileOffset(dataOff), fmt::format("value \"{}\": data of {} bytes does not fit its cell of {} bytes",
                                                   valueName, size, dc->size()));
          size = static_cast<uint32_t>(dc->size());
        }
        data = dc->subspan(0, size);
      }
    }
    // Big data cells can be shared by lying values; what is copied stays within what the file
    // could hold (twice its size), so a small damaged hive cannot ask for gigabytes.
    if (data.size() > dataBudget_) {
      problem(fileOffset(vkOff), fmt::format("value \"{}\": {} bytes of data is more than the file can hold; skipped",
                                             valueName, data.size()));
      continue;
    }
    dataBudget_ -= data.size();
    reg_.appendValue(key, valueName, type, data);
    ++info.values;
  }
}

void HiveLoader::readTree(uint32_t rootCell, uint32_t mountKey, HiveInfo &info) {
  struct Item {
    uint32_t cell;
    uint32_t parent; // registry key index of the parent (npos for the hive root)
    uint16_t depth;
  };
  visited_.assign((binsEnd_ - BaseBlockSize) / 8 + 1, false);
  std::vector<Item> stack{{rootCell, Registry::npos, 0}};
  std::vector<uint32_t> children;
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    auto nkCell = cell(item.cell, "key (nk)");
    if (!nkCell)
      continue;
    size_t slot = item.cell / 8;
    if (visited_[slot]) {
      problem(fileOffset(item.cell), "key cell listed twice (a loop in the subkey lists); skipped");
      continue;
    }
    visited_[slot] = true;
    auto nk = *nkCell;
    if (nk.size() < 76 || nk[0] != 'n' || nk[1] != 'k') {
      problem(fileOffset(item.cell), "key cell does not start with \"nk\"");
      continue;
    }
    uint16_t flags = loadLE16(nk.data() + 2);
    uint16_t nameLength = loadLE16(nk.data() + 72);
    if (76u + nameLength > nk.size()) {
      problem(fileOffset(item.cell), fmt::format("key name of {} bytes does not fit its nk cell", nameLength));
      continue;
    }
    std::string keyName = name(nk.data() + 76, nameLength, flags & 0x20);
    uint32_t key;
    if (item.parent == Registry::npos) {
      key = mountKey;
      info.rootName = keyName;
    } else {
      key = reg_.addChild(item.parent, keyName, nameHash(keyName));
      ++info.keys;
    }
    Registry::KeyNode &node = reg_.keys_[key];
    node.lastWrite = loadLE64(nk.data() + 4);
    node.security = security(loadLE32(nk.data() + 44));
    readValues(nk, item.cell, key, info);

    uint32_t subkeys = loadLE32(nk.data() + 20);
    if (subkeys == 0)
      continue;
    if (item.depth >= 512) {
      problem(fileOffset(item.cell), "keys nested more than 512 deep; deeper keys skipped");
      continue;
    }
    children.clear();
    subkeyList(loadLE32(nk.data() + 28), children, 0);
    if (children.size() != subkeys)
      problem(fileOffset(item.cell),
              fmt::format("key \"{}\" says {} subkeys but its lists hold {}", keyName, subkeys, children.size()));
    for (auto it = children.rbegin(); it != children.rend(); ++it)
      stack.push_back({*it, key, static_cast<uint16_t>(item.depth + 1)});
  }
}

// New-format transaction logs (Windows 8.1 and later): after a 512-byte base block, HvLE
// entries, each a list of dirty pages (offset and size relative to the hive bins) followed by
// the pages. Entries are applied in sequence order from the hive's secondary sequence number
// on, while they are consecutive and well formed. As Windows does, the reading of a log stops at
// the first entry whose Marvin32 hashes (Hash-1 over the page references and pages, Hash-2 over
// the first 32 bytes) or hive bins data size (a multiple of 4096) are wrong: that is where
// the last complete write ended.
void HiveLoader::applyLogs(std::vector<std::pair<std::string, std::vector<uint8_t>>> &logs, HiveInfo &info) {
  struct Entry {
    uint32_t sequence;
    uint32_t binsSize;
    size_t log;
    size_t offset; // of the entry in the log
    size_t size;
    uint32_t pages;
  };
  std::vector<Entry> entries;
  std::vector<size_t> oldFormat; // logs with a DIRT vector
  for (size_t l = 0; l < logs.size(); ++l) {
    const auto &bytes = logs[l].second;
    if (bytes.size() < 512 || std::string_view(reinterpret_cast<const char *>(bytes.data()), 4) != "regf") {
      reg_.diagnostics_.push_back(
          Error::at(fmt::format("{}: not a registry log (no \"regf\" base block); not applied", logs[l].first)));
      continue;
    }
    if (bytes.size() >= 516 && std::string_view(reinterpret_cast<const char *>(bytes.data() + 512), 4) == "DIRT") {
      oldFormat.push_back(l);
      continue;
    }
    size_t pos = 512;
    bool any = false; // an HvLE entry was seen (good or not)
    while (pos + 40 <= bytes.size()) {
      const uint8_t *e = bytes.data() + pos;
      if (std::string_view(reinterpret_cast<const char *>(e), 4) != "HvLE")
        break;
      any = true;
      uint32_t size = loadLE32(e + 4);
      uint32_t pages = loadLE32(e + 20);
      if (size < 40 || size % 512 || pos + size > bytes.size() || 40 + static_cast<uint64_t>(pages) * 8 > size) {
        reg_.diagnostics_.push_back(
            Error::atOffset(logs[l].first, pos, "malformed log entry; later entries not applied"));
        break;
      }
      if (loadLE32(e + 16) % 4096) {
        reg_.diagnostics_.push_back(Error::atOffset(
            logs[l].first, pos,
            fmt::format(
                "log entry's hive bins data size {} is not a multiple of 4096; this and later entries not applied",
                loadLE32(e + 16))));
        break;
      }
      const uint64_t hash1 = marvin32(std::span<const uint8_t>(e + 40, size - 40), kLogEntryMarvinSeed);
      const uint64_t hash2 = marvin32(std::span<const uint8_t>(e, 32), kLogEntryMarvinSeed);
      if (hash1 != loadLE64(e + 24) || hash2 != loadLE64(e + 32)) {
        reg_.diagnostics_.push_back(Error::atOffset(
            logs[l].first, pos,
            fmt::format("log entry (sequence {}) fails its {} check (Marvin32): an incomplete or stale "
                        "write; this and later entries not applied",
                        loadLE32(e + 12), hash2 != loadLE64(e + 32) ? "Hash-2 (header)" : "Hash-1 (pages)")));
        break;
      }
      entries.push_back({loadLE32(e + 12), loadLE32(e + 16), l, pos, size, pages});
      pos += size;
    }
    if (!any && bytes.size() > 512)
      reg_.diagnostics_.push_back(Error::at(
          fmt::format("{}: neither HvLE entries nor a DIRT vector after the base block; not applied", logs[l].first)));
  }
  // Old-format logs (Windows XP to 8): the first one that applies to this hive is used.
  for (size_t l : oldFormat)
    if (applyOldFormatLog(logs[l].first, logs[l].second, info))
      return;
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.sequence < b.sequence; });
  uint32_t expected = info.secondarySequence;
  // A log cannot grow the hive beyond what it could describe: bounds the memory a lying entry asks for.
  size_t logBytes = 0;
  for (const auto &log : logs)
    logBytes += log.second.size();
  const uint64_t limit = 2 * static_cast<uint64_t>(patched_.size()) + logBytes;
  std::vector<bool> usedLog(logs.size(), false);
  size_t applied = 0;
  for (const Entry &entry : entries) {
    if (entry.sequence < expected)
      continue;
    if (entry.sequence != expected)
      break;
    const auto &bytes = logs[entry.log].second;
    const uint8_t *e = bytes.data() + entry.offset;
    size_t dataPos = entry.offset + 40 + static_cast<size_t>(entry.pages) * 8;
    bool ok = true;
    for (uint32_t p = 0; p < entry.pages && ok; ++p) {
      uint32_t off = loadLE32(e + 40 + 8 * p);
      uint32_t size = loadLE32(e + 44 + 8 * p);
      if (size % 4096 || dataPos + size > entry.offset + entry.size ||
          static_cast<uint64_t>(off) + size > entry.binsSize || entry.binsSize > limit) {
        reg_.diagnostics_.push_back(
            Error::atOffset(logs[entry.log].first, entry.offset, "log entry page out of bounds; not applied further"));
        ok = false;
        break;
      }
      size_t target = BaseBlockSize + off;
      if (patched_.size() < target + size)
        patched_.resize(target + size, 0);
      std::copy(bytes.begin() + dataPos, bytes.begin() + dataPos + size, patched_.begin() + target);
      dataPos += size;
    }
    if (!ok)
      break;
    put32(patched_.data() + 40, entry.binsSize);
    usedLog[entry.log] = true;
    ++applied;
    ++expected;
  }
  if (applied) {
    put32(patched_.data() + 4, expected);
    put32(patched_.data() + 8, expected);
    for (size_t l = 0; l < logs.size(); ++l)
      if (usedLog[l])
        info.logsApplied.push_back(logs[l].first);
    reg_.diagnostics_.push_back(Error::at(fmt::format("{}: dirty hive: {} log entries applied from {}", source_,
                                                      applied, fmt::join(info.logsApplied, ", "))));
  }
}

// Old-format transaction logs (Windows XP to 8: SYSTEM.LOG, or .LOG1/.LOG2 before 8.1): a copy of
// the base block's first sector (file type 1, both sequence numbers equal, its own checksum),
// then at offset 512 "DIRT" and a bitmap with one bit (least significant first) per 512-byte
// page of the hive bins, then, from the next sector on, the dirty pages in bitmap order. A log
// applies when its base block is valid and its Last written timestamp equals the hive's.
bool HiveLoader::applyOldFormatLog(const std::string &name, const std::vector<uint8_t> &log, HiveInfo &info) {
  const uint8_t *b = log.data();
  auto refuse = [&](uint64_t offset, std::string why) {
    reg_.diagnostics_.push_back(Error::atOffset(name, offset, why + "; old-format log not applied"));
    return false;
  };
  if (loadLE32(b + 508) != baseBlockChecksum(b))
    return refuse(508, "log base block checksum does not match");
  if (loadLE32(b + 4) != loadLE32(b + 8))
    return refuse(4, fmt::format("log sequence numbers differ ({} != {}): the log itself was not completely written",
                                 loadLE32(b + 4), loadLE32(b + 8)));
  if (loadLE64(b + 12) != loadLE64(patched_.data() + 12))
    return refuse(12, "log's Last written timestamp differs from the hive's: the log belongs to another write");
  const uint32_t binsSize = loadLE32(b + 40);
  if (binsSize % 4096)
    return refuse(40, fmt::format("hive bins data size {} is not a multiple of 4096", binsSize));
  // A log cannot describe more hive than it could hold: bounds what a lying size asks for.
  if (binsSize > 2 * static_cast<uint64_t>(patched_.size()) + log.size())
    return refuse(40, fmt::format("hive bins data size {} is larger than the hive and the log could hold", binsSize));
  const size_t bits = binsSize / 512, bitmapBytes = (bits + 7) / 8;
  const size_t vectorEnd = 512 + 4 + bitmapBytes;
  if (vectorEnd > log.size())
    return refuse(512, fmt::format("the DIRT bitmap of {} bits does not fit in the log", bits));
  size_t page = (vectorEnd + 511) / 512 * 512; // the dirty pages start at the next sector
  const uint8_t *bitmap = b + 516;
  size_t applied = 0;
  for (size_t i = 0; i < bits; ++i) {
    if (!(bitmap[i / 8] & (1u << (i % 8))))
      continue;
    if (page + 512 > log.size()) {
      refuse(page, fmt::format("dirty page {} of the bitmap is missing (the log ends)", applied + 1));
      break; // the pages before it are applied: Windows writes them in order
    }
    const size_t target = BaseBlockSize + 512 * i;
    if (patched_.size() < target + 512)
      patched_.resize(target + 512, 0);
    std::copy(log.begin() + static_cast<ptrdiff_t>(page), log.begin() + static_cast<ptrdiff_t>(page + 512),
              patched_.begin() + static_cast<ptrdiff_t>(target));
    page += 512;
    ++applied;
  }
  put32(patched_.data() + 4, loadLE32(b + 8));
  put32(patched_.data() + 8, loadLE32(b + 8));
  put32(patched_.data() + 40, binsSize);
  info.logsApplied.push_back(name);
  reg_.diagnostics_.push_back(Error::at(fmt::format(
      "{}: dirty hive: {} dirty pages of 512 bytes applied from {} (old-format log)", source_, applied, name)));
  return true;
}

Result<void> HiveLoader::load(std::span<const uint8_t> bytes, std::string_view mountPoint,
                              std::vector<std::pair<std::string, std::vector<uint8_t>>> &logs) {
  if (bytes.size() < BaseBlockSize)
    return Error::atOffset(
        source_, 0, fmt::format("file of {} bytes is too small for a hive (base block is 4096 bytes)", bytes.size()));
  if (std::string_view(reinterpret_cast<const char *>(bytes.data()), 4) != "regf")
    return Error::atOffset(source_, 0, "not a registry hive (expected signature \"regf\")");
  const uint8_t *base = bytes.data();
  HiveInfo info;
  info.source = source_;
  info.primarySequence = loadLE32(base + 4);
  info.secondarySequence = loadLE32(base + 8);
  info.dirty = info.primarySequence != info.secondarySequence;
  minor_ = loadLE32(base + 24);
  if (loadLE32(base + 508) != baseBlockChecksum(base))
    problem(508, "base block checksum does not match (the base block may be damaged)");

  file_ = bytes;
  if (info.dirty) {
    if (logs.empty()) {
      reg_.diagnostics_.push_back(Error::at(fmt::format(
          "{}: dirty hive (primary sequence {} != secondary {}): changes pending in .LOG/.LOG1/.LOG2, which are not "
          "beside it; read as it is",
          source_, info.primarySequence, info.secondarySequence)));
    } else {
      patched_.assign(bytes.begin(), bytes.end());
      applyLogs(logs, info);
      file_ = patched_;
      base = file_.data();
    }
  }

  uint64_t binsSize = loadLE32(base + 40);
  binsEnd_ = static_cast<size_t>(std::min<uint64_t>(BaseBlockSize + binsSize, file_.size()));
  if (BaseBlockSize + binsSize > file_.size())
    problem(40,
            fmt::format(
                "base block says {} bytes of hive bins but the file holds {}; truncated hive read as far as it goes",
                binsSize, file_.size() - BaseBlockSize));
  if (binsEnd_ >= BaseBlockSize + 4 &&
      std::string_view(reinterpret_cast<const char *>(base + BaseBlockSize), 4) != "hbin")
    problem(BaseBlockSize, "first hive bin does not start with \"hbin\"");

  std::string mount = mountPoint.empty() ? hiveMountPoint(source_) : canonicalPath(mountPoint);
  if (mount.empty())
    return Error::at(fmt::format("mount point \"{}\" does not start with a registry root", mountPoint));
  if (canonicalPath(mount).find('\\') == std::string::npos)
    return Error::at(fmt::format("mount point \"{}\" is a root; a hive is mounted below one (HKLM\\SOFTWARE)", mount));
  Key mountKey = reg_.createKey(mount);
  if (!mountKey)
    return Error::at(fmt::format("cannot create the mount point {}", mount));
  if (mountKey.subkeyCount() || mountKey.valueCount())
    return Error::at(fmt::format("{}: {} already holds keys (a hive loaded twice?)", source_, mount));
  info.mountPoint = mountKey.path();

  uint32_t root = loadLE32(base + 36);
  dataBudget_ = 2 * file_.size();
  // Room for what a hive of this size usually holds (SYSTEM: 30,756 keys and 73,456 values in
  // 11.7 MB), so the arena and the name index do not grow and copy while reading.
  size_t expectedKeys = binsEnd_ / 350;
  reg_.keys_.reserve(reg_.keys_.size() + expectedKeys);
  reg_.values_.reserve(reg_.values_.size() + binsEnd_ / 150);
  reg_.names_.reserve(reg_.names_.size() + binsEnd_ / 12);
  reg_.data_.reserve(reg_.data_.size() + binsEnd_);
  while (reg_.index_.size() < 2 * (reg_.indexUsed_ + expectedKeys))
    reg_.growIndex();
  readTree(root, mountKey.index(), info);

  if (namesEqual(mount, "HKEY_LOCAL_MACHINE\\SYSTEM")) {
    // CurrentControlSet is a volatile link Windows makes at boot: Select\Current names it.
    Value current = mountKey.subkey("Select").value("Current");
    if (!mountKey.subkey("Select") || !current || !current.asDword()) {
      reg_.diagnostics_.push_back(
          Error::at(fmt::format("{}: no Select\\Current DWORD; CurrentControlSet not linked", source_)));
    } else {
      std::string set = fmt::format("ControlSet{:03}", *current.asDword());
      Key target = mountKey.subkey(set);
      if (!target)
        reg_.diagnostics_.push_back(Error::at(
            fmt::format("{}: Select\\Current names {}, which is absent; CurrentControlSet not linked", source_, set)));
      else
        reg_.createLink(mountKey, "CurrentControlSet", target);
    }
  }
  reg_.hives_.push_back(std::move(info));
  return {};
}

Result<void> Registry::loadHiveBytes(std::span<const uint8_t> bytes, const std::string &sourceName,
                                     std::string_view mountPoint,
                                     std::vector<std::pair<std::string, std::vector<uint8_t>>> logs) {
  HiveLoader loader(*this, sourceName);
  return loader.load(bytes, mountPoint, logs);
}

Result<void> Registry::loadHive(const std::filesystem::path &path, std::string_view mountPoint) {
  auto readAll = [](const std::filesystem::path &p, std::vector<uint8_t> &out) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
      return false;
    in.seekg(0, std::ios::end);
    auto size = in.tellg();
    in.seekg(0);
    out.resize(static_cast<size_t>(size));
    in.read(reinterpret_cast<char *>(out.data()), size);
    return static_cast<bool>(in);
  };
  std::vector<uint8_t> bytes;
  if (!readAll(path, bytes))
    return Error{"cannot open the file", path.string(), {}, {}};
  std::vector<std::pair<std::string, std::vector<uint8_t>>> logs;
  // .LOG1 / .LOG2 beside the hive, in any case (SYSTEM.LOG1, ntuser.dat.LOG1), and the single
  // .LOG of Windows XP / Server 2003 (SYSTEM.LOG).
  std::error_code ec;
  auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::string stem = path.filename().string();
  for (const char *suffix : {".LOG", ".LOG1", ".LOG2"}) {
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
      std::string candidate = it->path().filename().string();
      if (namesEqual(candidate, stem + suffix)) {
        std::vector<uint8_t> log;
        if (readAll(it->path(), log))
          logs.emplace_back(it->path().string(), std::move(log));
      }
    }
  }
  return loadHiveBytes(bytes, path.string(), mountPoint, std::move(logs));
}

} // namespace dd::registry
