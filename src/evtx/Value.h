// Typed values of Windows binary XML (MS-EVEN6 2.2.x, "BinXmlValueType") and their text form.
//
// A Value is a view into the chunk it was read from: its type byte, its size and a pointer to
// its bytes. appendValueText renders it the way Event Viewer and libevtx (evtxexport) do, so
// that our output can be compared with theirs value by value:
//   strings        UTF-8 (UTF-16LE converted by hand; trailing NULs dropped)
//   integers       decimal; HexInt32 "0x%08x", HexInt64 and 64-bit SizeT "0x%016x"
//   GUID           "{6B3B8D23-FA8D-40B9-8DBD-B950333E2C52}"
//   FILETIME       "2017-07-12T17:16:28.2141616Z" (UTC, 7 fractional digits: FILETIME's 100 ns)
//   SYSTEMTIME     "2017-07-12T17:16:28.2140000Z"
//   SID            "S-1-5-18"; binary: upper-case hex; bool: "true"/"false"
//   arrays (0x80)  the items joined by ", "
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::evtx {

namespace vt { // value type bytes
inline constexpr uint8_t Null = 0x00, String = 0x01, AnsiString = 0x02, Int8 = 0x03, UInt8 = 0x04, Int16 = 0x05,
                         UInt16 = 0x06, Int32 = 0x07, UInt32 = 0x08, Int64 = 0x09, UInt64 = 0x0a, Real32 = 0x0b,
                         Real64 = 0x0c, Bool = 0x0d, Binary = 0x0e, Guid = 0x0f, SizeT = 0x10, FileTime = 0x11,
                         SysTime = 0x12, Sid = 0x13, HexInt32 = 0x14, HexInt64 = 0x15, EvtHandle = 0x20, BinXml = 0x21,
                         EvtXml = 0x23, ArrayFlag = 0x80;
} // namespace vt

// The name Windows gives a value type ("UInt16", "Array of String", ...), for messages.
std::string valueTypeName(uint8_t type);

struct Value {
  uint8_t type = vt::Null;
  uint32_t size = 0;
  const uint8_t *data = nullptr;

  bool isNull() const { return type == vt::Null; }
  std::span<const uint8_t> bytes() const { return {data, size}; }
};

// Appends the text form of `value` (see the header comment) as UTF-8, unescaped.
// BinXml values are not rendered here (the binary XML walker expands them).
void appendValueText(std::string &out, const Value &value);

// The items of an array value (type with vt::ArrayFlag), each a Value of the base type:
// NUL-separated strings, fixed-size numbers, GUIDs and times, SIDs one after the other.
void splitArray(const Value &array, std::vector<Value> &items);
// The elements an array substitution repeats its element for: splitArray's items, or one
// empty value of the array's type when it has none (an empty array still gives one element).
void arrayElements(const Value &array, std::vector<Value> &items);

// The integer in a numeric value (Int8..UInt64, HexInt32/64, SizeT, Bool), if it is one.
std::optional<uint64_t> valueAsUnsigned(const Value &value);

// UTF-16LE code units (`units` of them at `bytes`) to UTF-8; lone surrogates become U+FFFD.
void appendUtf16(std::string &out, const uint8_t *bytes, size_t units);

// FILETIME (100 ns since 1601-01-01 UTC) as "YYYY-MM-DDTHH:MM:SS.fffffffZ", by hand:
// no locale or time-zone calls.
void appendFileTime(std::string &out, uint64_t filetime);
std::string fileTimeText(uint64_t filetime);
// Parses the text appendFileTime writes (fewer fractional digits accepted) back to a FILETIME.
std::optional<uint64_t> parseFileTime(std::string_view text);

// The decimal number at the start of `text` (after blanks), if there is one and it is at most
// `max` ("12abc" gives 12; "", "abc", "-1" and numbers above `max` give nothing).
std::optional<uint64_t> parseDecimal(std::string_view text, uint64_t max);

void appendUnsigned(std::string &out, uint64_t value);
void appendSigned(std::string &out, int64_t value);
void appendHex(std::string &out, uint64_t value, int digits); // "0x" + lower-case, zero-padded

} // namespace dd::evtx
