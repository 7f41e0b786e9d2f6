// Registry: one registry tree built from `reg export` / regedit files and offline hives,
// addressed by the paths Windows uses ("HKLM\SOFTWARE\Microsoft\Ole", "HKEY_CLASSES_ROOT\AppID").
//
// Storage is a flat arena (vectors of nodes linked by index, one pool of names, one pool of
// value bytes) instead of a tree of heap objects, so that a 30,000-key SYSTEM hive is read and
// listable in a few tens of milliseconds. Key and Value are small views (registry pointer plus
// index): they stay valid while the Registry is alive, not moved, and not modified. An empty
// Key or Value (a lookup that found nothing) is safe to use: it has no name, subkeys or values,
// so `reg.findKey("HKLM\\X").subkey("Y").value("Z")` is simply empty when any part is absent.
//
// Roots: HKEY_LOCAL_MACHINE (HKLM), HKEY_USERS (HKU), HKEY_CURRENT_USER (HKCU, only what .reg
// files put there), HKEY_CURRENT_CONFIG (HKCC). HKEY_CLASSES_ROOT (HKCR) is the machine view:
// every HKCR path is HKLM\SOFTWARE\Classes. Names compare case-insensitively as Windows does
// (ASCII and the simple upper-casing of Latin, Greek and Cyrillic letters).
#pragma once

#include "support/Result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::registry {

// Value types as winnt.h numbers them; any other number is kept as it came.
namespace regtype {
constexpr uint32_t None = 0, Sz = 1, ExpandSz = 2, Binary = 3, Dword = 4, DwordBigEndian = 5, Link = 6, MultiSz = 7,
                   ResourceList = 8, FullResourceDescriptor = 9, ResourceRequirementsList = 10, Qword = 11;
}
// "REG_SZ", "REG_DWORD", ...; "REG_0x1234" for a type Windows does not name.
std::string typeName(uint32_t type);

class Registry;

class Value {
public:
  Value() = default;
  explicit operator bool() const { return registry_ != nullptr; }

  std::string_view name() const; // "" for the default value (written @ in .reg files)
  uint32_t type() const;
  std::span<const uint8_t> data() const; // the raw bytes, as stored
  // The 1-based line of the .reg file that set the value (its first line when continued); 0 for
  // a value from a hive or set in code.
  uint32_t line() const;

  // Typed accessors; an Error when the type or the size does not fit.
  Result<std::string> asString() const;                   // REG_SZ, REG_EXPAND_SZ, REG_LINK: UTF-8, up to the first NUL
  Result<std::vector<std::string>> asMultiString() const; // REG_MULTI_SZ
  Result<uint32_t> asDword() const;                       // REG_DWORD (LE), REG_DWORD_BIG_ENDIAN
  Result<uint64_t> asQword() const;                       // REG_QWORD
  // Any of the above: a DWORD or QWORD, or a string holding a decimal or 0x number.
  std::optional<uint64_t> asNumber() const;

private:
  friend class Registry;
  friend class Key;
  Value(const Registry *registry, uint32_t index) : registry_(registry), index_(index) {}
  const Registry *registry_ = nullptr;
  uint32_t index_ = 0;
};

class Key {
public:
  Key() = default;
  explicit operator bool() const { return registry_ != nullptr; }

  std::string_view name() const;
  std::string path() const;                      // "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Ole"
  Key parent() const;                            // empty for a root
  std::optional<uint64_t> lastWriteTime() const; // FILETIME (100 ns since 1601), hives only
  // Self-relative security descriptor bytes of the key (from the hive's sk cell); empty when
  // the key came from a .reg file. Decode with dd::winsec::SecurityDescriptor::fromBinary.
  std::span<const uint8_t> securityDescriptor() const;
  // For a link (HKLM\SYSTEM\CurrentControlSet): the key it stands for. Lookups follow links.
  bool isLink() const;

  Key subkey(std::string_view relativePath) const; // "Microsoft\Ole"; empty when absent
  Value value(std::string_view name) const;        // "" is the default value; empty when absent

  class SubkeyIterator;
  class ValueIterator;
  struct Subkeys {
    const Registry *r;
    uint32_t first;
    SubkeyIterator begin() const;
    SubkeyIterator end() const;
  };
  struct Values {
    const Registry *r;
    uint32_t first;
    ValueIterator begin() const;
    ValueIterator end() const;
  };
  Subkeys subkeys() const; // in stored order (hive order, or .reg file order); links included
  Values values() const;   // in stored order
  size_t subkeyCount() const;
  size_t valueCount() const;

  uint32_t index() const { return index_; }
  friend bool operator==(const Key &a, const Key &b) { return a.registry_ == b.registry_ && a.index_ == b.index_; }

private:
  friend class Registry;
  Key(const Registry *registry, uint32_t index) : registry_(registry), index_(index) {}
  const Registry *registry_ = nullptr;
  uint32_t index_ = 0;
};

class Key::SubkeyIterator {
public:
  Key operator*() const;
  SubkeyIterator &operator++();
  bool operator!=(const SubkeyIterator &o) const { return index_ != o.index_; }
  bool operator==(const SubkeyIterator &o) const { return index_ == o.index_; }
  const Registry *r_;
  uint32_t index_;
};
class Key::ValueIterator {
public:
  Value operator*() const;
  ValueIterator &operator++();
  bool operator!=(const ValueIterator &o) const { return index_ != o.index_; }
  bool operator==(const ValueIterator &o) const { return index_ == o.index_; }
  const Registry *r_;
  uint32_t index_;
};

// What loading a hive found out about it.
struct HiveInfo {
  std::string source;     // file name
  std::string mountPoint; // "HKEY_LOCAL_MACHINE\SYSTEM"
  std::string rootName;   // the hive's own root key name ("ROOT", "CMI-CreateHive{...}")
  uint32_t primarySequence = 0, secondarySequence = 0;
  bool dirty = false;                   // sequences differ: the hive has changes pending in its logs
  std::vector<std::string> logsApplied; // log files whose entries were applied
  size_t keys = 0, values = 0;
};

// Which registry view a lookup wants: 64-bit (native) or the 32-bit (Wow6432Node) view.
enum class View { Native, Wow64_32 };

class Registry {
public:
  Registry();

  // --- loading. Problems inside a file (a bad .reg line, a damaged cell) are collected in
  // diagnostics() and the rest is read; an Error only when the file cannot be used at all.
  Result<void> loadRegFile(const std::filesystem::path &path);
  Result<void> loadRegText(std::span<const uint8_t> bytes, const std::string &sourceName);
  // mountPoint empty: chosen from the file name (see hiveMountPoint). .LOG1/.LOG2 beside a dirty
  // hive are applied.
  Result<void> loadHive(const std::filesystem::path &path, std::string_view mountPoint = {});
  Result<void> loadHiveBytes(std::span<const uint8_t> bytes, const std::string &sourceName, std::string_view mountPoint,
                             std::vector<std::pair<std::string, std::vector<uint8_t>>> logs = {});

  const std::vector<Error> &diagnostics() const { return diagnostics_; }
  const std::vector<HiveInfo> &hives() const { return hives_; }

  // --- lookup. Accepts "HKLM\...", "HKEY_LOCAL_MACHINE\...", "HKCR\..." (machine view),
  // "HKU\...", and the same in any case; trailing backslashes ignored. Follows links.
  Key findKey(std::string_view path, View view = View::Native) const;
  Value findValue(std::string_view keyPath, std::string_view valueName, View view = View::Native) const;
  Key root(std::string_view rootName) const; // "HKLM", "HKEY_USERS", ...

  size_t keyCount() const { return liveKeys_; } // keys reachable from the roots (roots and links excluded)
  size_t valueCount() const { return liveValues_; }

  // --- building (used by the readers, and by tests that assemble a registry by hand).
  Key createKey(std::string_view path); // creates missing parents; empty Key for a bad path
  Key createChild(Key parent, std::string_view name);
  void setValue(Key key, std::string_view name, uint32_t type, std::span<const uint8_t> data);
  bool deleteKey(std::string_view path); // with its subkeys; false when absent
  bool deleteValue(Key key, std::string_view name);
  void setLastWriteTime(Key key, uint64_t filetime);
  void setSecurityDescriptor(Key key, std::span<const uint8_t> sd);
  Key createLink(Key parent, std::string_view name, Key target);

private:
  friend class Key;
  friend class Value;
  friend class Key::SubkeyIterator;
  friend class Key::ValueIterator;
  friend class HiveLoader;
  friend class RegTextLoader;

  static constexpr uint32_t npos = 0xffffffffu;
  struct KeyNode {
    uint32_t parent = npos, firstChild = npos, lastChild = npos, nextSibling = npos;
    uint32_t firstValue = npos, lastValue = npos;
    uint32_t nameOffset = 0, nameLength = 0, nameHash = 0;
    uint32_t security = npos; // index into sds_
    uint32_t link = npos;     // target key for a link
    uint32_t subkeyCount = 0, valueCount = 0;
    uint64_t lastWrite = 0;
    bool deleted = false;
  };
  struct ValueNode {
    uint32_t nextValue = npos;
    uint32_t nameOffset = 0, nameLength = 0;
    uint32_t type = 0;
    uint32_t dataLength = 0;
    uint32_t line = 0; // of the .reg file that set it (fits the padding before dataOffset)
    uint64_t dataOffset = 0;
  };
  struct Blob {
    uint64_t offset;
    uint32_t length;
  };

  std::string_view nameOf(const KeyNode &k) const { return {names_.data() + k.nameOffset, k.nameLength}; }
  std::string_view nameOf(const ValueNode &v) const { return {names_.data() + v.nameOffset, v.nameLength}; }
  uint32_t addName(std::string_view name);
  uint32_t findChild(uint32_t parent, std::string_view name, uint32_t hash) const;
  uint32_t findChild(uint32_t parent, std::string_view name) const;
  uint32_t addChild(uint32_t parent, std::string_view name, uint32_t hash);
  uint32_t resolve(uint32_t key) const { return keys_[key].link != npos ? keys_[key].link : key; }
  uint32_t findValueIndex(uint32_t key, std::string_view name) const;
  void appendValue(uint32_t key, std::string_view name, uint32_t type, std::span<const uint8_t> data);
  void setValueLine(Key key, std::string_view name, uint32_t line); // RegTextLoader, after setValue
  uint32_t addSecurity(std::span<const uint8_t> sd);
  void indexInsert(uint32_t key);
  void growIndex();
  size_t countSubtree(uint32_t key, size_t &values) const;
  // Splits a user path into the root node and the remaining components (HKCR mapped).
  uint32_t walk(std::string_view path, bool create, View view);

  std::vector<KeyNode> keys_;
  std::vector<ValueNode> values_;
  std::string names_;
  std::vector<uint8_t> data_;
  std::vector<Blob> sds_;
  std::vector<uint32_t> index_; // open-addressing table of child keys by (parent, folded name)
  size_t indexUsed_ = 0;
  size_t liveKeys_ = 0, liveValues_ = 0;
  std::vector<Error> diagnostics_;
  std::vector<HiveInfo> hives_;
};

// --- paths
// "HKLM\x" -> "HKEY_LOCAL_MACHINE\x"; roots spelled out, HKCR kept as HKEY_CLASSES_ROOT,
// repeated and trailing backslashes removed. Empty when the root is not a registry root.
std::string canonicalPath(std::string_view path);
// The path of the same key in the 32-bit view: HKLM\SOFTWARE\X -> HKLM\SOFTWARE\Wow6432Node\X,
// HKCR\X -> HKLM\SOFTWARE\Classes\Wow6432Node\X. Paths outside the redirected keys unchanged.
std::string wow64Path(std::string_view path);
// Where a hive file belongs by its name: SOFTWARE -> HKEY_LOCAL_MACHINE\SOFTWARE, SYSTEM,
// SAM, SECURITY likewise, DEFAULT -> HKEY_USERS\.DEFAULT, NTUSER.DAT -> HKEY_USERS\<folder name>,
// UsrClass.dat -> HKEY_USERS\<folder name>_Classes; anything else HKEY_LOCAL_MACHINE\<NAME>.
std::string hiveMountPoint(const std::filesystem::path &file);

// Case-insensitive comparison and hash as the registry compares names.
bool namesEqual(std::string_view a, std::string_view b);
uint32_t nameHash(std::string_view name);

// --- .reg writing (RegFile.cpp)
enum class RegFormat {
  Version5, // "Windows Registry Editor Version 5.00", UTF-16LE with BOM, CRLF (reg export)
  Regedit4, // "REGEDIT4", ANSI (UTF-8 here), CRLF; strings other than REG_SZ written as hex(N)
};
// The bytes `reg export <keyPath> out.reg` writes: the key and all its subkeys. keyPath's root
// is written spelled out; an Error when the key does not exist.
Result<std::vector<uint8_t>> exportReg(const Registry &registry, std::string_view keyPath,
                                       RegFormat format = RegFormat::Version5);

} // namespace dd::registry
