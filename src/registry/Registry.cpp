// The registry tree: flat arena of keys and values, case-insensitive name index, roots and
// paths (HKCR as HKLM\SOFTWARE\Classes, the Wow6432Node view), typed value accessors.
#include "registry/Registry.h"

#include "registry/Text.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace dd::registry {

// ---------------------------------------------------------------- names and case folding

namespace {

// Windows compares key and value names after upper-casing them (RtlUpcaseUnicodeChar). We fold
// ASCII and the simple one-to-one cases of Latin-1, Latin Extended-A, Greek, Cyrillic and the
// full-width Latin letters, which covers the names found in real hives.
uint32_t foldCodePoint(uint32_t c) {
  if (c < 0x80)
    return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
    return c - 32;
  if (c == 0xFF)
    return 0x178;
  if (c >= 0x100 && c < 0x138 && c != 0x130 && c != 0x131 && (c & 1))
    return c - 1;
  if (c >= 0x139 && c <= 0x148 && !(c & 1))
    return c - 1;
  if (c >= 0x14A && c <= 0x177 && (c & 1))
    return c - 1;
  if (c >= 0x179 && c <= 0x17E && !(c & 1))
    return c - 1;
  if (c == 0x3C2)
    return 0x3A3;
  if (c >= 0x3B1 && c <= 0x3CB)
    return c - 32;
  if (c >= 0x430 && c <= 0x44F)
    return c - 32;
  if (c >= 0x450 && c <= 0x45F)
    return c - 80;
  if (c >= 0xFF41 && c <= 0xFF5A)
    return c - 32;
  return c;
}

constexpr uint8_t upperAscii(uint8_t c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }

uint32_t mix(uint32_t parent, uint32_t hash) {
  uint64_t x = (static_cast<uint64_t>(parent) << 32) ^ hash;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<uint32_t>(x);
}

struct RootName {
  std::string_view longName, shortName;
};
constexpr RootName rootNames[] = {
    {"HKEY_LOCAL_MACHINE", "HKLM"},  {"HKEY_USERS", "HKU"},         {"HKEY_CURRENT_USER", "HKCU"},
    {"HKEY_CURRENT_CONFIG", "HKCC"}, {"HKEY_CLASSES_ROOT", "HKCR"}, // not a stored root: HKLM\SOFTWARE\Classes
};
constexpr uint32_t classesRoot = 4;

// Index in rootNames of a root spelled either way, or -1.
int rootIndex(std::string_view name) {
  for (int i = 0; i < 5; ++i)
    if (namesEqual(name, rootNames[i].longName) || namesEqual(name, rootNames[i].shortName))
      return i;
  return -1;
}

// Splits on backslashes, dropping empty components (repeated and trailing backslashes).
template <class F>
void forEachComponent(std::string_view path, F &&f) {
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('\\', i);
    if (j == std::string_view::npos)
      j = path.size();
    if (j > i)
      if (!f(path.substr(i, j - i)))
        return;
    i = j + 1;
  }
}

} // namespace

bool namesEqual(std::string_view a, std::string_view b) {
  if (a.size() == b.size()) {
    size_t i = 0;
    for (; i < a.size(); ++i) {
      auto x = static_cast<uint8_t>(a[i]), y = static_cast<uint8_t>(b[i]);
      if ((x | y) & 0x80)
        break;
      if (upperAscii(x) != upperAscii(y))
        return false;
    }
    if (i == a.size())
      return true;
  }
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (foldCodePoint(text::nextCodePoint(a, i)) != foldCodePoint(text::nextCodePoint(b, j)))
      return false;
  }
  return i == a.size() && j == b.size();
}

uint32_t nameHash(std::string_view name) {
  uint32_t h = 2166136261u;
  size_t i = 0;
  while (i < name.size()) {
    auto c = static_cast<uint8_t>(name[i]);
    uint32_t cp;
    if (c < 0x80) {
      cp = upperAscii(c);
      ++i;
    } else {
      cp = foldCodePoint(text::nextCodePoint(name, i));
    }
    h = (h ^ cp) * 16777619u;
  }
  return h;
}

std::string typeName(uint32_t type) {
  static constexpr std::string_view names[] = {"REG_NONE",
                                               "REG_SZ",
                                               "REG_EXPAND_SZ",
                                               "REG_BINARY",
                                               "REG_DWORD",
                                               "REG_DWORD_BIG_ENDIAN",
                                               "REG_LINK",
                                               "REG_MULTI_SZ",
                                               "REG_RESOURCE_LIST",
                                               "REG_FULL_RESOURCE_DESCRIPTOR",
                                               "REG_RESOURCE_REQUIREMENTS_LIST",
                                               "REG_QWORD"};
  if (type < std::size(names))
    return std::string(names[type]);
  return fmt::format("REG_0x{:x}", type);
}

// ---------------------------------------------------------------- paths

std::string canonicalPath(std::string_view path) {
  std::string out;
  bool first = true, bad = false;
  forEachComponent(path, [&](std::string_view c) {
    if (first) {
      int r = rootIndex(c);
      if (r < 0) {
        bad = true;
        return false;
      }
      out = rootNames[r].longName;
      first = false;
    } else {
      out += '\\';
      out += c;
    }
    return true;
  });
  return bad ? std::string() : out;
}

std::string wow64Path(std::string_view path) {
  std::string canon = canonicalPath(path);
  if (canon.empty())
    return canon;
  std::vector<std::string_view> parts;
  forEachComponent(canon, [&](std::string_view c) {
    parts.push_back(c);
    return true;
  });
  auto join = [&](std::vector<std::string_view> p) {
    std::string s;
    for (size_t i = 0; i < p.size(); ++i)
      s += (i ? "\\" : "") + std::string(p[i]);
    return s;
  };
  if (namesEqual(parts[0], "HKEY_CLASSES_ROOT")) {
    parts.erase(parts.begin());
    parts.insert(parts.begin(), {"HKEY_LOCAL_MACHINE", "SOFTWARE", "Classes"});
  }
  if (parts.size() >= 3 && namesEqual(parts[0], "HKEY_LOCAL_MACHINE") && namesEqual(parts[1], "SOFTWARE")) {
    size_t at = namesEqual(parts[2], "Classes") ? 3 : 2;
    if (parts.size() > at && !namesEqual(parts[at], "Wow6432Node"))
      parts.insert(parts.begin() + at, "Wow6432Node");
  }
  return join(parts);
}

std::string hiveMountPoint(const std::filesystem::path &file) {
  std::string base = file.filename().string();
  std::string upper = base;
  for (char &c : upper)
    c = static_cast<char>(upperAscii(static_cast<uint8_t>(c)));
  std::string folder = file.parent_path().filename().string();
  if (folder.empty())
    folder = "user";
  if (upper == "SOFTWARE" || upper == "SYSTEM" || upper == "SAM" || upper == "SECURITY" || upper == "COMPONENTS" ||
      upper == "DRIVERS" || upper == "BCD")
    return "HKEY_LOCAL_MACHINE\\" + upper;
  if (upper == "DEFAULT")
    return "HKEY_USERS\\.DEFAULT";
  if (upper == "NTUSER.DAT")
    return "HKEY_USERS\\" + folder;
  if (upper == "USRCLASS.DAT")
    return "HKEY_USERS\\" + folder + "_Classes";
  return "HKEY_LOCAL_MACHINE\\" + upper;
}

// ---------------------------------------------------------------- Registry: storage

Registry::Registry() {
  for (int i = 0; i < 4; ++i) {
    KeyNode node;
    node.nameOffset = addName(rootNames[i].longName);
    node.nameLength = static_cast<uint32_t>(rootNames[i].longName.size());
    node.nameHash = nameHash(rootNames[i].longName);
    keys_.push_back(node);
  }
  index_.assign(1024, npos);
}

uint32_t Registry::addName(std::string_view name) {
  auto off = static_cast<uint32_t>(names_.size());
  names_.append(name);
  return off;
}

void Registry::growIndex() {
  std::vector<uint32_t> old(index_.size() * 2, npos);
  old.swap(index_);
  indexUsed_ = 0;
  for (uint32_t k : old)
    if (k != npos)
      indexInsert(k);
}

void Registry::indexInsert(uint32_t key) {
  if ((indexUsed_ + 1) * 2 > index_.size())
    growIndex();
  size_t mask = index_.size() - 1;
  size_t slot = mix(keys_[key].parent, keys_[key].nameHash) & mask;
  while (index_[slot] != npos)
    slot = (slot + 1) & mask;
  index_[slot] = key;
  ++indexUsed_;
}

uint32_t Registry::findChild(uint32_t parent, std::string_view name, uint32_t hash) const {
  size_t mask = index_.size() - 1;
  size_t slot = mix(parent, hash) & mask;
  while (index_[slot] != npos) {
    const KeyNode &k = keys_[index_[slot]];
    if (k.parent == parent && k.nameHash == hash && !k.deleted && namesEqual(nameOf(k), name))
      return index_[slot];
    slot = (slot + 1) & mask;
  }
  return npos;
}

uint32_t Registry::findChild(uint32_t parent, std::string_view name) const {
  return findChild(parent, name, nameHash(name));
}

namespace {
// Subkeys and values are singly linked lists kept as (first, last) in their key, in the order
// they were added (the order `reg export` and the hive give). `nextOf(i)` is node i's link;
// `none` (Registry::npos) ends a list.
template <class NextOf>
void appendToList(uint32_t &first, uint32_t &last, uint32_t index, uint32_t none, NextOf nextOf) {
  if (last == none)
    first = index;
  else
    nextOf(last) = index;
  last = index;
}
} // namespace

uint32_t Registry::addChild(uint32_t parent, std::string_view name, uint32_t hash) {
  auto index = static_cast<uint32_t>(keys_.size());
  KeyNode node;
  node.parent = parent;
  node.nameOffset = addName(name);
  node.nameLength = static_cast<uint32_t>(name.size());
  node.nameHash = hash;
  keys_.push_back(node);
  KeyNode &p = keys_[parent];
  appendToList(p.firstChild, p.lastChild, index, npos,
               [&](uint32_t last) -> uint32_t & { return keys_[last].nextSibling; });
  ++p.subkeyCount;
  indexInsert(index);
  ++liveKeys_;
  return index;
}

uint32_t Registry::findValueIndex(uint32_t key, std::string_view name) const {
  for (uint32_t v = keys_[key].firstValue; v != npos; v = values_[v].nextValue)
    if (namesEqual(nameOf(values_[v]), name))
      return v;
  return npos;
}

void Registry::appendValue(uint32_t key, std::string_view name, uint32_t type, std::span<const uint8_t> data) {
  auto index = static_cast<uint32_t>(values_.size());
  ValueNode v;
  v.nameOffset = addName(name);
  v.nameLength = static_cast<uint32_t>(name.size());
  v.type = type;
  v.dataOffset = data_.size();
  v.dataLength = static_cast<uint32_t>(data.size());
  data_.insert(data_.end(), data.begin(), data.end());
  values_.push_back(v);
  KeyNode &k = keys_[key];
  appendToList(k.firstValue, k.lastValue, index, npos,
               [&](uint32_t last) -> uint32_t & { return values_[last].nextValue; });
  ++k.valueCount;
  ++liveValues_;
}

uint32_t Registry::addSecurity(std::span<const uint8_t> sd) {
  auto index = static_cast<uint32_t>(sds_.size());
  sds_.push_back(Blob{data_.size(), static_cast<uint32_t>(sd.size())});
  data_.insert(data_.end(), sd.begin(), sd.end());
  return index;
}

// Walks a user path to a key index; with `create`, missing keys are made. npos when absent or
// when the root is not a registry root.
uint32_t Registry::walk(std::string_view path, bool create, View view) {
  std::string redirected;
  if (view == View::Wow64_32) {
    redirected = wow64Path(path);
    path = redirected;
  }
  uint32_t cur = npos;
  bool ok = true, first = true;
  forEachComponent(path, [&](std::string_view c) {
    if (first) {
      first = false;
      int r = rootIndex(c);
      if (r < 0) {
        ok = false;
        return false;
      }
      if (static_cast<uint32_t>(r) == classesRoot) {
        cur = 0;
        for (std::string_view part : {std::string_view("SOFTWARE"), std::string_view("Classes")}) {
          uint32_t next = findChild(cur, part);
          if (next == npos) {
            if (!create) {
              ok = false;
              return false;
            }
            next = addChild(cur, part, nameHash(part));
          }
          cur = resolve(next);
        }
      } else {
        cur = static_cast<uint32_t>(r);
      }
      return true;
    }
    uint32_t hash = nameHash(c);
    uint32_t next = findChild(cur, c, hash);
    if (next == npos) {
      if (!create) {
        ok = false;
        return false;
      }
      next = addChild(cur, c, hash);
    }
    cur = resolve(next);
    return true;
  });
  return ok ? cur : npos;
}

// ---------------------------------------------------------------- Registry: public

Key Registry::findKey(std::string_view path, View view) const {
  uint32_t k = const_cast<Registry *>(this)->walk(path, false, view);
  if (k == npos && view == View::Wow64_32) // a shared key: the 32-bit view sees the native one
    k = const_cast<Registry *>(this)->walk(path, false, View::Native);
  return k == npos ? Key() : Key(this, k);
}

Value Registry::findValue(std::string_view keyPath, std::string_view valueName, View view) const {
  Key k = findKey(keyPath, view);
  return k ? k.value(valueName) : Value();
}

Key Registry::root(std::string_view rootName) const { return findKey(rootName); }

Key Registry::createKey(std::string_view path) {
  uint32_t k = walk(path, true, View::Native);
  return k == npos ? Key() : Key(this, k);
}

Key Registry::createChild(Key parent, std::string_view name) {
  if (!parent || parent.registry_ != this)
    return {};
  uint32_t p = resolve(parent.index_);
  uint32_t hash = nameHash(name);
  uint32_t k = findChild(p, name, hash);
  if (k == npos)
    k = addChild(p, name, hash);
  return Key(this, resolve(k));
}

void Registry::setValue(Key key, std::string_view name, uint32_t type, std::span<const uint8_t> data) {
  if (!key || key.registry_ != this)
    return;
  uint32_t k = resolve(key.index_);
  uint32_t v = findValueIndex(k, name);
  if (v == npos) {
    appendValue(k, name, type, data);
    return;
  }
  ValueNode &node = values_[v];
  node.type = type;
  node.line = 0;
  node.dataOffset = data_.size();
  node.dataLength = static_cast<uint32_t>(data.size());
  data_.insert(data_.end(), data.begin(), data.end());
}

void Registry::setValueLine(Key key, std::string_view name, uint32_t line) {
  if (!key || key.registry_ != this)
    return;
  if (uint32_t v = findValueIndex(resolve(key.index_), name); v != npos)
    values_[v].line = line;
}

size_t Registry::countSubtree(uint32_t key, size_t &values) const {
  size_t keys = 0;
  std::vector<uint32_t> stack{key};
  while (!stack.empty()) {
    uint32_t k = stack.back();
    stack.pop_back();
    if (keys_[k].link != npos)
      continue;
    ++keys;
    values += keys_[k].valueCount;
    for (uint32_t c = keys_[k].firstChild; c != npos; c = keys_[c].nextSibling)
      stack.push_back(c);
  }
  return keys;
}

bool Registry::deleteKey(std::string_view path) {
  uint32_t k = walk(path, false, View::Native);
  if (k == npos || keys_[k].parent == npos)
    return false; // absent, or a root
  size_t values = 0;
  size_t keys = countSubtree(k, values);
  liveKeys_ -= keys;
  liveValues_ -= values;
  KeyNode &p = keys_[keys_[k].parent];
  uint32_t prev = npos;
  for (uint32_t c = p.firstChild; c != npos; prev = c, c = keys_[c].nextSibling) {
    if (c != k)
      continue;
    if (prev == npos)
      p.firstChild = keys_[c].nextSibling;
    else
      keys_[prev].nextSibling = keys_[c].nextSibling;
    if (p.lastChild == c)
      p.lastChild = prev;
    --p.subkeyCount;
    break;
  }
  keys_[k].deleted = true;
  return true;
}

bool Registry::deleteValue(Key key, std::string_view name) {
  if (!key || key.registry_ != this)
    return false;
  KeyNode &k = keys_[resolve(key.index_)];
  uint32_t prev = npos;
  for (uint32_t v = k.firstValue; v != npos; prev = v, v = values_[v].nextValue) {
    if (!namesEqual(nameOf(values_[v]), name))
      continue;
    if (prev == npos)
      k.firstValue = values_[v].nextValue;
    else
      values_[prev].nextValue = values_[v].nextValue;
    if (k.lastValue == v)
      k.lastValue = prev;
    --k.valueCount;
    --liveValues_;
    return true;
  }
  return false;
}

void Registry::setLastWriteTime(Key key, uint64_t filetime) {
  if (key && key.registry_ == this)
    keys_[key.index_].lastWrite = filetime;
}

void Registry::setSecurityDescriptor(Key key, std::span<const uint8_t> sd) {
  if (key && key.registry_ == this)
    keys_[key.index_].security = addSecurity(sd);
}

Key Registry::createLink(Key parent, std::string_view name, Key target) {
  if (!parent || !target || parent.registry_ != this || target.registry_ != this)
    return {};
  uint32_t p = resolve(parent.index_);
  uint32_t hash = nameHash(name);
  if (uint32_t existing = findChild(p, name, hash); existing != npos)
    return Key(this, existing);
  uint32_t k = addChild(p, name, hash);
  --liveKeys_; // a link is not a key of its own
  keys_[k].link = resolve(target.index_);
  return Key(this, k);
}

// ---------------------------------------------------------------- Key

std::string_view Key::name() const {
  if (!registry_)
    return {};
  return registry_->nameOf(registry_->keys_[index_]);
}

std::string Key::path() const {
  if (!registry_)
    return {};

  std::vector<uint32_t> chain;
  for (uint32_t k = index_; k != Registry::npos; k = registry_->keys_[k].parent)
    chain.push_back(k);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty())
      out += '\\';
    out += registry_->nameOf(registry_->keys_[*it]);
  }
  return out;
}

Key Key::parent() const {
  if (!registry_)
    return {};

  uint32_t p = registry_->keys_[index_].parent;
  return p == Registry::npos ? Key() : Key(registry_, p);
}

std::optional<uint64_t> Key::lastWriteTime() const {
  if (!registry_)
    return std::nullopt;

  uint64_t t = registry_->keys_[registry_->resolve(index_)].lastWrite;
  return t ? std::optional<uint64_t>(t) : std::nullopt;
}

std::span<const uint8_t> Key::securityDescriptor() const {
  if (!registry_)
    return {};

  uint32_t s = registry_->keys_[registry_->resolve(index_)].security;
  if (s == Registry::npos)
    return {};
  const auto &blob = registry_->sds_[s];
  return {registry_->data_.data() + blob.offset, blob.length};
}

bool Key::isLink() const { return registry_ && registry_->keys_[index_].link != Registry::npos; }

Key Key::subkey(std::string_view relativePath) const {
  if (!registry_)
    return {};

  uint32_t cur = registry_->resolve(index_);
  bool ok = true;
  forEachComponent(relativePath, [&](std::string_view c) {
    uint32_t next = registry_->findChild(cur, c);
    if (next == Registry::npos) {
      ok = false;
      return false;
    }
    cur = registry_->resolve(next);
    return true;
  });
  return ok ? Key(registry_, cur) : Key();
}

Value Key::value(std::string_view name) const {
  if (!registry_)
    return {};

  uint32_t v = registry_->findValueIndex(registry_->resolve(index_), name);
  return v == Registry::npos ? Value() : Value(registry_, v);
}

// An empty Key has no subkeys and no values.
Key::Subkeys Key::subkeys() const {
  return {registry_, registry_ ? registry_->keys_[registry_->resolve(index_)].firstChild : Registry::npos};
}
Key::Values Key::values() const {
  return {registry_, registry_ ? registry_->keys_[registry_->resolve(index_)].firstValue : Registry::npos};
}
size_t Key::subkeyCount() const { return registry_ ? registry_->keys_[registry_->resolve(index_)].subkeyCount : 0; }
size_t Key::valueCount() const { return registry_ ? registry_->keys_[registry_->resolve(index_)].valueCount : 0; }

Key::SubkeyIterator Key::Subkeys::begin() const { return {r, first}; }
Key::SubkeyIterator Key::Subkeys::end() const { return {r, Registry::npos}; }
Key::ValueIterator Key::Values::begin() const { return {r, first}; }
Key::ValueIterator Key::Values::end() const { return {r, Registry::npos}; }
Key Key::SubkeyIterator::operator*() const { return Key(r_, index_); }
Key::SubkeyIterator &Key::SubkeyIterator::operator++() {
  index_ = r_->keys_[index_].nextSibling;
  return *this;
}
Value Key::ValueIterator::operator*() const { return Value(r_, index_); }
Key::ValueIterator &Key::ValueIterator::operator++() {
  index_ = r_->values_[index_].nextValue;
  return *this;
}

// ---------------------------------------------------------------- Value

std::string_view Value::name() const {
  if (!registry_)
    return {};
  return registry_->nameOf(registry_->values_[index_]);
}
uint32_t Value::type() const {
  if (!registry_)
    return 0;
  return registry_->values_[index_].type;
}
uint32_t Value::line() const { return registry_ ? registry_->values_[index_].line : 0; }
std::span<const uint8_t> Value::data() const {
  if (!registry_)
    return {};

  const auto &v = registry_->values_[index_];
  return {registry_->data_.data() + v.dataOffset, v.dataLength};
}

Result<std::string> Value::asString() const {
  uint32_t t = type();
  if (t != regtype::Sz && t != regtype::ExpandSz && t != regtype::Link)
    return Error::at(fmt::format("value \"{}\" is {}, not a string", name(), typeName(t)));
  return text::utf16ToUtf8(data(), true);
}

Result<std::vector<std::string>> Value::asMultiString() const {
  if (type() != regtype::MultiSz)
    return Error::at(fmt::format("value \"{}\" is {}, not REG_MULTI_SZ", name(), typeName(type())));
  std::vector<std::string> out;
  auto d = data();
  size_t start = 0, n = d.size() / 2;
  for (size_t i = 0; i <= n; ++i) {
    bool end = i == n || (d[2 * i] == 0 && d[2 * i + 1] == 0);
    if (!end)
      continue;
    if (i == start) // an empty string ends the list (as does the end of the data)
      break;
    out.push_back(text::utf16ToUtf8(d.subspan(2 * start, 2 * (i - start))));
    start = i + 1;
  }
  return out;
}

Result<uint32_t> Value::asDword() const {
  auto d = data();
  if (type() == regtype::Dword && d.size() == 4)
    return static_cast<uint32_t>(d[0] | (d[1] << 8) | (d[2] << 16) | (static_cast<uint32_t>(d[3]) << 24));
  if (type() == regtype::DwordBigEndian && d.size() == 4)
    return static_cast<uint32_t>(d[3] | (d[2] << 8) | (d[1] << 16) | (static_cast<uint32_t>(d[0]) << 24));
  return Error::at(
      fmt::format("value \"{}\" is {} of {} bytes, not a 4-byte REG_DWORD", name(), typeName(type()), d.size()));
}

Result<uint64_t> Value::asQword() const {
  auto d = data();
  if (type() == regtype::Qword && d.size() == 8) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
      v = (v << 8) | d[i];
    return v;
  }
  return Error::at(
      fmt::format("value \"{}\" is {} of {} bytes, not an 8-byte REG_QWORD", name(), typeName(type()), d.size()));
}

std::optional<uint64_t> Value::asNumber() const {
  if (auto d = asDword())
    return *d;
  if (auto q = asQword())
    return *q;
  if (auto s = asString()) {
    std::string_view t = *s;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
      t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
      t.remove_suffix(1);
    int base = 10;
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
      base = 16;
      t.remove_prefix(2);
    }
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v, base);
    if (ec == std::errc() && p == t.data() + t.size() && !t.empty())
      return v;
  }
  return std::nullopt;
}

} // namespace dd::registry
