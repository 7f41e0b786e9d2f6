// A hash map from 64-bit keys to small values, for the simulator's per-thread caches (tokens,
// access checks, identities): open addressing with linear probing in one flat array, so a
// lookup is one multiply and usually one cache line, where std::unordered_map chases a pointer
// to a separately allocated node. The matrix of a 1,000-host plant does tens of millions of these
// lookups, which is why we keep our own instead of the standard container.
//
// Keys are any uint64_t; the table grows (doubling) when it is half full; values are copied in
// and stay where they are until the next insert (which may move them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace dd {

template <class V>
class U64Map {
public:
  explicit U64Map(size_t expected = 16) { rehash(capacityFor(expected)); }

  // The value of `key`, or nullptr.
  const V *find(uint64_t key) const {
    for (size_t i = slotOf(key);; i = (i + 1) & mask_) {
      const Slot &s = slots_[i];
      if (!s.used)
        return nullptr;
      if (s.key == key)
        return &s.value;
    }
  }
  V *find(uint64_t key) { return const_cast<V *>(std::as_const(*this).find(key)); }

  // Inserts `value` for `key` unless the key is present; returns the value held for `key`.
  V &insert(uint64_t key, V value) {
    if ((size_ + 1) * 2 > slots_.size())
      rehash(slots_.size() * 2);
    for (size_t i = slotOf(key);; i = (i + 1) & mask_) {
      Slot &s = slots_[i];
      if (!s.used) {
        s.used = true;
        s.key = key;
        s.value = std::move(value);
        ++size_;
        return s.value;
      }
      if (s.key == key)
        return s.value;
    }
  }

  // Empties the table and keeps its capacity (a per-chunk cache reused chunk after chunk).
  void clear() {
    if (size_ == 0)
      return;
    for (Slot &s : slots_)
      s = Slot{};
    size_ = 0;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

private:
  struct Slot {
    uint64_t key = 0;
    V value{};
    bool used = false;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0, size_ = 0;

  static size_t capacityFor(size_t expected) {
    size_t c = 16;
    while (c < expected * 2)
      c *= 2;
    return c;
  }
  // Fibonacci hashing: the high bits of key * 2^64/phi spread even sequential keys.
  size_t slotOf(uint64_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask_; }
  void rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    size_ = 0;
    for (Slot &s : old)
      if (s.used)
        insert(s.key, std::move(s.value));
  }
};

} // namespace dd
