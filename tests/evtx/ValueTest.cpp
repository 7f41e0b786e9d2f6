// Text forms of every binary XML value type, UTF-16 conversion, FILETIME and CRC-32.
#include "evtx/Crc32.h"
#include "evtx/Event.h"
#include "evtx/Value.h"

#include "evtx/EvtxBuilder.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace dd::evtx {
namespace {

using test::le;

std::string text(uint8_t type, const std::vector<uint8_t> &bytes) {
  std::string out;
  appendValueText(out, Value{type, static_cast<uint32_t>(bytes.size()), bytes.data()});
  return out;
}

std::vector<uint8_t> cat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto &p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(EvtxValue, Strings) {
  EXPECT_EQ(text(vt::String, test::utf16("OPCUSER")), "OPCUSER");
  // Trailing NULs are not part of the text.
  EXPECT_EQ(text(vt::String, cat({test::utf16("abc"), {0, 0, 0, 0}})), "abc");
  // Non-ASCII: é (U+00E9), € (U+20AC), and a surrogate pair (U+1F600).
  EXPECT_EQ(text(vt::String, test::utf16(u"\u00e9\u20ac\U0001F600")), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  // A lone surrogate becomes U+FFFD.
  EXPECT_EQ(text(vt::String, {0x00, 0xd8, 0x41, 0x00}), "\xef\xbf\xbd"
                                                        "A");
  EXPECT_EQ(text(vt::AnsiString, {'O', 'P', 'C', 0xe9, 0}), "OPC\xc3\xa9");
}

TEST(EvtxValue, Integers) {
  EXPECT_EQ(text(vt::Int8, {0xfb}), "-5");
  EXPECT_EQ(text(vt::UInt8, {0xfb}), "251");
  EXPECT_EQ(text(vt::Int16, le<uint16_t>(0xffff)), "-1");
  EXPECT_EQ(text(vt::UInt16, le<uint16_t>(10016)), "10016");
  EXPECT_EQ(text(vt::Int32, le<uint32_t>(0x80000000u)), "-2147483648");
  EXPECT_EQ(text(vt::UInt32, le<uint32_t>(4294967295u)), "4294967295");
  EXPECT_EQ(text(vt::Int64, le<uint64_t>(~0ull)), "-1");
  EXPECT_EQ(text(vt::UInt64, le<uint64_t>(18446744073709551615ull)), "18446744073709551615");
  EXPECT_EQ(text(vt::HexInt32, le<uint32_t>(0xc000006d)), "0xc000006d");
  EXPECT_EQ(text(vt::HexInt64, le<uint64_t>(0x3e7)), "0x00000000000003e7");
  EXPECT_EQ(text(vt::SizeT, le<uint32_t>(0x10)), "0x00000010");
  EXPECT_EQ(text(vt::SizeT, le<uint64_t>(0x10)), "0x0000000000000010");
  EXPECT_EQ(text(vt::EvtHandle, le<uint64_t>(0xabc)), "0x0000000000000abc");
  // A value shorter than its type needs is shown as nothing rather than read past its end.
  EXPECT_EQ(text(vt::UInt32, {1, 2}), "");
}

TEST(EvtxValue, RealsBoolsBinaryGuid) {
  float f = 1.5f;
  uint32_t fb;
  std::memcpy(&fb, &f, 4);
  EXPECT_EQ(text(vt::Real32, le(fb)), "1.5");
  double d = -0.25;
  uint64_t db;
  std::memcpy(&db, &d, 8);
  EXPECT_EQ(text(vt::Real64, le(db)), "-0.25");
  EXPECT_EQ(text(vt::Bool, le<uint32_t>(1)), "true");
  EXPECT_EQ(text(vt::Bool, le<uint32_t>(0)), "false");
  EXPECT_EQ(text(vt::Binary, {0xe1, 0x07, 0x0a}), "E1070A");
  // {6B3B8D23-FA8D-40B9-8DBD-B950333E2C52}: first three groups little-endian.
  EXPECT_EQ(
      text(vt::Guid, {0x23, 0x8d, 0x3b, 0x6b, 0x8d, 0xfa, 0xb9, 0x40, 0x8d, 0xbd, 0xb9, 0x50, 0x33, 0x3e, 0x2c, 0x52}),
      "{6B3B8D23-FA8D-40B9-8DBD-B950333E2C52}");
}

TEST(EvtxValue, TimesAndSids) {
  EXPECT_EQ(text(vt::FileTime, le<uint64_t>(0)), "1601-01-01T00:00:00.0000000Z");
  // 2017-07-12T17:16:28.2141616Z is record 1 of the conformance system.evtx.
  EXPECT_EQ(text(vt::FileTime, le<uint64_t>(131443533882141616ull)), "2017-07-12T17:16:28.2141616Z");
  EXPECT_EQ(text(vt::FileTime, le<uint64_t>(116444736000000000ull)), "1970-01-01T00:00:00.0000000Z");
  // Leap day.
  EXPECT_EQ(fileTimeText(*parseFileTime("2016-02-29T23:59:59.9999999Z")), "2016-02-29T23:59:59.9999999Z");
  EXPECT_EQ(parseFileTime("2017-07-12T17:16:28.2141616Z"), 131443533882141616ull);
  EXPECT_EQ(parseFileTime("2017-07-12 17:16:28.214161"), 131443533882141610ull);
  EXPECT_FALSE(parseFileTime("not a time"));
  // SYSTEMTIME: 2020-02-28 (Friday) 22:35:57.043
  auto st = cat({le<uint16_t>(2020), le<uint16_t>(2), le<uint16_t>(5), le<uint16_t>(28), le<uint16_t>(22),
                 le<uint16_t>(35), le<uint16_t>(57), le<uint16_t>(43)});
  EXPECT_EQ(text(vt::SysTime, st), "2020-02-28T22:35:57.0430000Z");
  // S-1-5-21-1-2-3-1002
  auto sid = cat({{1, 5, 0, 0, 0, 0, 0, 5},
                  le<uint32_t>(21),
                  le<uint32_t>(1),
                  le<uint32_t>(2),
                  le<uint32_t>(3),
                  le<uint32_t>(1002)});
  EXPECT_EQ(text(vt::Sid, sid), "S-1-5-21-1-2-3-1002");
  // A SID whose sub-authority count lies is shown as bytes, not read past its end.
  EXPECT_EQ(text(vt::Sid, {1, 9, 0, 0, 0, 0, 0, 5}), "0109000000000005");
}

TEST(EvtxValue, Arrays) {
  const uint8_t stringArray = vt::String | vt::ArrayFlag;
  EXPECT_EQ(text(stringArray, cat({test::utf16("a"), {0, 0}, test::utf16("bc"), {0, 0}})), "a, bc");
  EXPECT_EQ(text(vt::UInt16 | vt::ArrayFlag, cat({le<uint16_t>(1), le<uint16_t>(65535)})), "1, 65535");
  EXPECT_EQ(text(vt::HexInt32 | vt::ArrayFlag, cat({le<uint32_t>(1), le<uint32_t>(2)})), "0x00000001, 0x00000002");
  std::vector<Value> items;
  auto bytes = cat({test::utf16("x"), {0, 0}, {0, 0}, test::utf16("y"), {0, 0}});
  splitArray(Value{stringArray, static_cast<uint32_t>(bytes.size()), bytes.data()}, items);
  ASSERT_EQ(items.size(), 3u); // an empty string in the middle is an item
  EXPECT_EQ(items[1].size, 0u);
  EXPECT_EQ(valueTypeName(stringArray), "Array of String");
}

TEST(EvtxValue, Crc32) {
  const std::string check = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t *>(check.data()), check.size()), 0xCBF43926u);
  // Continuing a CRC over two pieces gives the CRC of the whole.
  const auto *p = reinterpret_cast<const uint8_t *>(check.data());
  EXPECT_EQ(crc32(p + 4, 5, crc32(p, 4)), 0xCBF43926u);
  EXPECT_EQ(crc32(p, 0), 0u);
}

// appendUtf16 writes an ASCII prefix first and makes room for multi-byte characters only from
// the first unit that is not ASCII: every split point must give the same UTF-8, after text
// already in the string.
TEST(EvtxValue, Utf16AfterAsciiPrefixOfAnyLength) {
  const std::u16string tails[] = {u"\u00e9", u"\u20ac!", u"\U0001F600", u"\xd800"};
  const std::string tailsUtf8[] = {"\xc3\xa9", "\xe2\x82\xac!", "\xf0\x9f\x98\x80", "\xef\xbf\xbd"};
  for (size_t prefix = 0; prefix <= 13; ++prefix) {
    for (size_t t = 0; t < 4; ++t) {
      const std::u16string s = std::u16string(prefix, u'a') + tails[t] + u"bcdefghij";
      std::vector<uint8_t> bytes;
      for (const char16_t c : s) {
        bytes.push_back(static_cast<uint8_t>(c & 0xff));
        bytes.push_back(static_cast<uint8_t>(c >> 8));
      }
      std::string out = "x";
      appendUtf16(out, bytes.data(), s.size());
      EXPECT_EQ(out, "x" + std::string(prefix, 'a') + tailsUtf8[t] + "bcdefghij")
          << "prefix " << prefix << " tail " << t;
    }
  }
  std::string ascii = "x";
  appendUtf16(ascii, test::utf16("plain ASCII text").data(), 16);
  EXPECT_EQ(ascii, "xplain ASCII text");
}

// appendJsonString copies the plain prefix of a string as it is and escapes the rest: the
// result must equal a byte-by-byte escaper wherever the first special byte falls (inside or
// after an 8-byte block, or at the very end) and for bytes >= 0x80 (UTF-8, copied unchanged).
TEST(EvtxJson, StringEscapingMatchesByteByByteReference) {
  auto reference = [](std::string_view s) {
    std::string out = "\"";
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"')
        out += "\\\"";
      else if (c == '\\')
        out += "\\\\";
      else if (c == '\n')
        out += "\\n";
      else if (c == '\r')
        out += "\\r";
      else if (c == '\t')
        out += "\\t";
      else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else
        out += ch;
    }
    return out + "\"";
  };
  const std::string specials[] = {"\"", "\\", "\n", "\r", "\t", std::string(1, '\0'), "\x1f", "\x7f", "\xc3\xa9",
                                  " ",  "!",  "#",  "[",  "]"};
  for (size_t prefix = 0; prefix <= 19; ++prefix) {
    for (const std::string &special : specials) {
      for (size_t suffix : {0, 1, 9}) {
        const std::string s = std::string(prefix, 'a') + special + std::string(suffix, 'z') + (suffix ? special : "");
        std::string out = "x";
        appendJsonString(out, s);
        EXPECT_EQ(out, "x" + reference(s)) << "prefix " << prefix << " suffix " << suffix;
      }
    }
  }
  std::string empty;
  appendJsonString(empty, "");
  EXPECT_EQ(empty, "\"\"");
}

} // namespace
} // namespace dd::evtx
