// Text forms of binary XML values; see Value.h for the format of each type.
#include "evtx/Value.h"

#include "support/Utf.h"
#include "winsec/Sid.h"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace dd::evtx {
namespace {

template <class T>
T loadLE(const uint8_t *p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    v |= static_cast<T>(static_cast<T>(p[i]) << (8 * i));
  return v;
}

constexpr char HexUpper[] = "0123456789ABCDEF";
constexpr char HexLower[] = "0123456789abcdef";

void append2(std::string &out, unsigned v) {
  out.push_back(static_cast<char>('0' + (v / 10) % 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

void appendPadded(std::string &out, uint64_t v, int digits) {
  char buf[24];
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<size_t>(digits));
}

// Calendar date of a day count since 1970-01-01 (proleptic Gregorian), by the era/day-of-era
// method: 400-year eras of 146097 days, years counted from March so leap days fall last.
void civilFromDays(int64_t days, int64_t &year, unsigned &month, unsigned &day) {
  days += 719468; // days from 0000-03-01 to 1970-01-01
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto dayOfEra = static_cast<unsigned>(days - era * 146097);
  const unsigned yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const unsigned monthFromMarch = (5 * dayOfYear + 2) / 153;
  day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
  month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  year = static_cast<int64_t>(yearOfEra) + era * 400 + (month <= 2 ? 1 : 0);
}

int64_t daysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yearOfEra = static_cast<unsigned>(year - era * 400);
  const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + static_cast<int64_t>(dayOfEra) - 719468;
}

constexpr int64_t DaysFrom1601To1970 = 134774;
constexpr uint64_t TicksPerSecond = 10'000'000;

void appendGuid(std::string &out, const uint8_t *p) {
  // "{00112233-4455-6677-8899-AABBCCDDEEFF}" written into place, then appended at once.
  char b[38];
  char *w = b;
  auto hex = [&](uint8_t v) {
    *w++ = HexUpper[v >> 4];
    *w++ = HexUpper[v & 15];
  };
  *w++ = '{';
  for (int i = 3; i >= 0; --i)
    hex(p[i]);
  *w++ = '-';
  hex(p[5]);
  hex(p[4]);
  *w++ = '-';
  hex(p[7]);
  hex(p[6]);
  *w++ = '-';
  hex(p[8]);
  hex(p[9]);
  *w++ = '-';
  for (int i = 10; i < 16; ++i)
    hex(p[i]);
  *w++ = '}';
  out.append(b, sizeof b);
}

void appendSystemTime(std::string &out, const uint8_t *p) {
  const unsigned year = loadLE<uint16_t>(p), month = loadLE<uint16_t>(p + 2), day = loadLE<uint16_t>(p + 6),
                 hour = loadLE<uint16_t>(p + 8), minute = loadLE<uint16_t>(p + 10), second = loadLE<uint16_t>(p + 12),
                 millis = loadLE<uint16_t>(p + 14);
  appendPadded(out, year, 4);
  out.push_back('-');
  append2(out, month);
  out.push_back('-');
  append2(out, day);
  out.push_back('T');
  append2(out, hour);
  out.push_back(':');
  append2(out, minute);
  out.push_back(':');
  append2(out, second);
  out.push_back('.');
  appendPadded(out, millis % 1000, 3);
  out.append("0000Z");
}

// One item of an array value or a whole scalar value: `type` without the array flag.
void appendScalar(std::string &out, uint8_t type, const uint8_t *p, size_t size) {
  switch (type) {
  case vt::Null: return;
  case vt::String:
  case vt::EvtXml: {
    size_t units = size / 2;
    while (units > 0 && p[2 * units - 2] == 0 && p[2 * units - 1] == 0)
      --units;
    appendUtf16(out, p, units);
    return;
  }
  case vt::AnsiString: {
    // Windows-1252 is the usual code page; Latin-1 agrees with it outside 0x80-0x9f.
    while (size > 0 && p[size - 1] == 0)
      --size;
    for (size_t i = 0; i < size; ++i) {
      const uint8_t c = p[i];
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back(static_cast<char>(0xc0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
      }
    }
    return;
  }
  case vt::Int8:
    if (size >= 1)
      appendSigned(out, static_cast<int8_t>(p[0]));
    return;
  case vt::UInt8:
    if (size >= 1)
      appendUnsigned(out, p[0]);
    return;
  case vt::Int16:
    if (size >= 2)
      appendSigned(out, static_cast<int16_t>(loadLE<uint16_t>(p)));
    return;
  case vt::UInt16:
    if (size >= 2)
      appendUnsigned(out, loadLE<uint16_t>(p));
    return;
  case vt::Int32:
    if (size >= 4)
      appendSigned(out, static_cast<int32_t>(loadLE<uint32_t>(p)));
    return;
  case vt::UInt32:
    if (size >= 4)
      appendUnsigned(out, loadLE<uint32_t>(p));
    return;
  case vt::Int64:
    if (size >= 8)
      appendSigned(out, static_cast<int64_t>(loadLE<uint64_t>(p)));
    return;
  case vt::UInt64:
    if (size >= 8)
      appendUnsigned(out, loadLE<uint64_t>(p));
    return;
  case vt::Real32:
    if (size >= 4) {
      float f;
      const uint32_t bits = loadLE<uint32_t>(p);
      std::memcpy(&f, &bits, 4);
      out += fmt::format("{}", f);
    }
    return;
  case vt::Real64:
    if (size >= 8) {
      double d;
      const uint64_t bits = loadLE<uint64_t>(p);
      std::memcpy(&d, &bits, 8);
      out += fmt::format("{}", d);
    }
    return;
  case vt::Bool:
    if (size >= 1) {
      uint32_t v = 0;
      for (size_t i = 0; i < size && i < 4; ++i)
        v |= static_cast<uint32_t>(p[i]) << (8 * i);
      out += v ? "true" : "false";
    }
    return;
  case vt::Guid:
    if (size >= 16)
      appendGuid(out, p);
    return;
  case vt::SizeT:
  case vt::EvtHandle:
    if (size == 4)
      appendHex(out, loadLE<uint32_t>(p), 8);
    else if (size >= 8)
      appendHex(out, loadLE<uint64_t>(p), 16);
    return;
  case vt::HexInt32:
    if (size >= 4)
      appendHex(out, loadLE<uint32_t>(p), 8);
    return;
  case vt::HexInt64:
    if (size >= 8)
      appendHex(out, loadLE<uint64_t>(p), 16);
    return;
  case vt::FileTime:
    if (size >= 8)
      appendFileTime(out, loadLE<uint64_t>(p));
    return;
  case vt::SysTime:
    if (size >= 16)
      appendSystemTime(out, p);
    return;
  case vt::Sid: {
    auto sid = winsec::Sid::fromBinary(std::span<const uint8_t>(p, size));
    if (sid.ok()) {
      sid->appendString(out);
      return;
    }
    [[fallthrough]]; // an unreadable SID is shown as its bytes
  }
  case vt::Binary:
  default: {
    const size_t at = out.size();
    out.resize(at + 2 * size);
    char *w = out.data() + at;
    for (size_t i = 0; i < size; ++i) {
      *w++ = HexUpper[p[i] >> 4];
      *w++ = HexUpper[p[i] & 15];
    }
    return;
  }
  }
}

// Size of one item of a fixed-size array type, or 0 for variable-size items.
size_t itemSize(uint8_t type) {
  switch (type) {
  case vt::Int8:
  case vt::UInt8: return 1;
  case vt::Int16:
  case vt::UInt16: return 2;
  case vt::Int32:
  case vt::UInt32:
  case vt::Real32:
  case vt::Bool:
  case vt::HexInt32: return 4;
  case vt::Int64:
  case vt::UInt64:
  case vt::Real64:
  case vt::FileTime:
  case vt::HexInt64: return 8;
  case vt::Guid:
  case vt::SysTime: return 16;
  default: return 0;
  }
}

} // namespace

std::string valueTypeName(uint8_t type) {
  static constexpr const char *Names[] = {"Null",    "String",  "AnsiString", "SByte",   "Byte",   "Int16",
                                          "UInt16",  "Int32",   "UInt32",     "Int64",   "UInt64", "Single",
                                          "Double",  "Boolean", "Binary",     "Guid",    "SizeT",  "FileTime",
                                          "SysTime", "Sid",     "HexInt32",   "HexInt64"};
  const uint8_t base = type & 0x7f;
  std::string name;
  if (base < std::size(Names))
    name = Names[base];
  else if (base == vt::EvtHandle)
    name = "EvtHandle";
  else if (base == vt::BinXml)
    name = "BinXml";
  else if (base == vt::EvtXml)
    name = "EvtXml";
  else
    name = fmt::format("unknown type 0x{:02x}", base);
  return (type & vt::ArrayFlag) ? "Array of " + name : name;
}

void appendUtf16(std::string &out, const uint8_t *bytes, size_t units) {
  // Most text is ASCII: room for one byte per unit first, so the usual string costs one
  // small fill; more room (at most 3 UTF-8 bytes per UTF-16 unit, a surrogate pair: 4 bytes
  // for 2 units) only from the first unit that is not ASCII.
  const size_t start = out.size();
  out.resize(start + units);
  char *w = out.data() + start;
  size_t i = 0;
  // ASCII runs: 4 units at a time while every high byte is 0 and every low byte < 0x80.
  while (i + 4 <= units) {
    uint64_t v;
    std::memcpy(&v, bytes + 2 * i, 8);
    if (v & 0xff80ff80ff80ff80ull)
      break;
    w[0] = static_cast<char>(v);
    w[1] = static_cast<char>(v >> 16);
    w[2] = static_cast<char>(v >> 32);
    w[3] = static_cast<char>(v >> 48);
    w += 4;
    i += 4;
  }
  for (; i < units && bytes[2 * i + 1] == 0 && bytes[2 * i] < 0x80; ++i)
    *w++ = static_cast<char>(bytes[2 * i]);
  if (i == units)
    return;
  const size_t written = static_cast<size_t>(w - out.data());
  out.resize(written + 3 * (units - i));
  w = out.data() + written;
  while (i < units)
    w = utf::putUtf8(w, utf::nextCodePoint(bytes, units, i));
  out.resize(static_cast<size_t>(w - out.data()));
}

std::optional<uint64_t> parseDecimal(std::string_view s, uint64_t max) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr == s.data() || v > max)
    return std::nullopt;
  return v;
}

void appendUnsigned(std::string &out, uint64_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void appendSigned(std::string &out, int64_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void appendHex(std::string &out, uint64_t value, int digits) {
  char buf[18];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = digits - 1; i >= 0; --i) {
    buf[2 + i] = HexLower[value & 15];
    value >>= 4;
  }
  out.append(buf, static_cast<size_t>(digits) + 2);
}

void appendFileTime(std::string &out, uint64_t filetime) {
  const uint64_t seconds = filetime / TicksPerSecond;
  uint64_t ticks = filetime % TicksPerSecond;
  const int64_t days = static_cast<int64_t>(seconds / 86400) - DaysFrom1601To1970;
  const auto secondOfDay = static_cast<unsigned>(seconds % 86400);
  int64_t year;
  unsigned month, day;
  civilFromDays(days, year, month, day);
  const bool bigYear = year > 9999; // FILETIME reaches year 60056
  if (bigYear)
    appendUnsigned(out, static_cast<uint64_t>(year));
  // "YYYY-MM-DDTHH:MM:SS.fffffffZ" written into place
  char b[28] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':',
                '0', '0', ':', '0', '0', '.', '0', '0', '0', '0', '0', '0', '0', 'Z'};
  auto put2 = [&](int at, unsigned v) {
    b[at] = static_cast<char>('0' + v / 10);
    b[at + 1] = static_cast<char>('0' + v % 10);
  };
  const auto y = static_cast<unsigned>(year);
  put2(0, y / 100 % 100);
  put2(2, y % 100);
  put2(5, month);
  put2(8, day);
  put2(11, secondOfDay / 3600);
  put2(14, secondOfDay / 60 % 60);
  put2(17, secondOfDay % 60);
  for (int i = 26; i >= 20; --i) {
    b[i] = static_cast<char>('0' + ticks % 10);
    ticks /= 10;
  }
  if (bigYear)
    out.append(b + 4, 24); // the year is written already
  else
    out.append(b, 28);
}

std::string fileTimeText(uint64_t filetime) {
  std::string s;
  appendFileTime(s, filetime);
  return s;
}

std::optional<uint64_t> parseFileTime(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.f...]Z (a space instead of 'T' and a missing 'Z' are accepted)
  auto num = [&](size_t at, size_t len) -> std::optional<unsigned> {
    if (at + len > t.size())
      return std::nullopt;
    unsigned v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (t[i] < '0' || t[i] > '9')
        return std::nullopt;
      v = v * 10 + static_cast<unsigned>(t[i] - '0');
    }
    return v;
  };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *y < 1601 || *mo < 1 || *mo > 12 || *d < 1 || *d > 31)
    return std::nullopt;
  uint64_t ticks = 0;
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    ++i;
    uint64_t scale = TicksPerSecond / 10;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      ticks += static_cast<uint64_t>(t[i] - '0') * scale;
      scale /= 10;
    }
  }
  const int64_t days = daysFromCivil(*y, *mo, *d) + DaysFrom1601To1970;
  const uint64_t seconds = static_cast<uint64_t>(days) * 86400 + *h * 3600u + *mi * 60u + *s;
  return seconds * TicksPerSecond + ticks;
}

void appendValueText(std::string &out, const Value &value) {
  if (!value.data && value.size)
    return;
  const uint8_t base = value.type & 0x7f;
  if (!(value.type & vt::ArrayFlag)) {
    appendScalar(out, base, value.data, value.size);
    return;
  }
  std::vector<Value> items;
  splitArray(value, items);
  for (size_t i = 0; i < items.size(); ++i) {
    if (i)
      out += ", ";
    appendScalar(out, items[i].type, items[i].data, items[i].size);
  }
}

void arrayElements(const Value &array, std::vector<Value> &items) {
  splitArray(array, items);
  if (items.empty())
    items.push_back(Value{static_cast<uint8_t>(array.type & 0x7f), 0, array.data});
}

void splitArray(const Value &value, std::vector<Value> &items) {
  items.clear();
  const uint8_t base = value.type & 0x7f;
  const uint8_t *p = value.data;
  const uint8_t *end = p + value.size;
  if (!p)
    return;
  auto add = [&](uint8_t type, const uint8_t *from, const uint8_t *to) {
    items.push_back(Value{type, static_cast<uint32_t>(to - from), from});
  };
  if (base == vt::String) { // NUL-terminated UTF-16 strings
    const uint8_t *start = p;
    for (; p + 1 < end; p += 2) {
      if (p[0] == 0 && p[1] == 0) {
        add(vt::String, start, p);
        start = p + 2;
      }
    }
    if (start + 1 < end)
      add(vt::String, start, end);
    return;
  }
  if (base == vt::AnsiString) {
    const uint8_t *start = p;
    for (; p < end; ++p) {
      if (*p == 0) {
        add(vt::AnsiString, start, p);
        start = p + 1;
      }
    }
    if (start < end)
      add(vt::AnsiString, start, end);
    return;
  }
  if (base == vt::Sid) {
    while (p < end) {
      size_t used = 0;
      auto sid = winsec::Sid::fromBinary(std::span<const uint8_t>(p, static_cast<size_t>(end - p)), &used);
      if (!sid.ok() || used == 0)
        break;
      add(vt::Sid, p, p + used);
      p += used;
    }
    return;
  }
  size_t item = itemSize(base);
  uint8_t type = base;
  if (base == vt::SizeT || base == vt::EvtHandle) {
    item = 8;
    type = vt::HexInt64;
  }
  if (item == 0) { // no item boundaries known (binary): one item of all the bytes
    add(vt::Binary, p, end);
    return;
  }
  for (; p + item <= end; p += item)
    add(type, p, p + item);
}

std::optional<uint64_t> valueAsUnsigned(const Value &v) {
  if (!v.data)
    return std::nullopt;
  switch (v.type) {
  case vt::Int8:
  case vt::UInt8:
    if (v.size >= 1)
      return v.data[0];
    break;
  case vt::Int16:
  case vt::UInt16:
    if (v.size >= 2)
      return loadLE<uint16_t>(v.data);
    break;
  case vt::Int32:
  case vt::UInt32:
  case vt::HexInt32:
  case vt::Bool:
    if (v.size >= 4)
      return loadLE<uint32_t>(v.data);
    break;
  case vt::Int64:
  case vt::UInt64:
  case vt::HexInt64:
  case vt::FileTime:
    if (v.size >= 8)
      return loadLE<uint64_t>(v.data);
    break;
  case vt::SizeT:
    if (v.size == 4)
      return loadLE<uint32_t>(v.data);
    if (v.size >= 8)
      return loadLE<uint64_t>(v.data);
    break;
  default: break;
  }
  return std::nullopt;
}

} // namespace dd::evtx
