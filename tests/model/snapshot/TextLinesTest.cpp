// Decoding of redirected command output: UTF-8 (with and without BOM), UTF-16LE with and without
// a BOM, CRLF, trailing blanks, Latin-1 bytes, and the errors for broken UTF-16 and binary data.
#include "model/snapshot/TextLines.h"
#include "SnapshotTestUtil.h"

using namespace dd::model::snapshot;
using dd::test::crlf;
using dd::test::utf16;

TEST(TextLines, SplitsCrlfAndTrimsTrailingBlanks) {
  auto t = decodeText(crlf("first   \nsecond\t\n\nlast"), "f.txt");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->lines.size(), 4u);
  EXPECT_EQ(t->lines[0].text, "first");
  EXPECT_EQ(t->lines[1].text, "second");
  EXPECT_EQ(t->lines[2].text, "");
  EXPECT_EQ(t->lines[3].text, "last");
  EXPECT_EQ(t->lines[3].number, 4u);
  EXPECT_EQ(t->encoding, TextEncoding::Utf8);
}

TEST(TextLines, DecodesUtf16WithAndWithoutBom) {
  auto a = decodeText(utf16("Host Name:  X\nOS"), "a.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->encoding, TextEncoding::Utf16LeBom);
  ASSERT_EQ(a->lines.size(), 2u);
  EXPECT_EQ(a->lines[0].text, "Host Name:  X");
  auto b = decodeText(utf16("abc\ndef", false), "b.txt");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->encoding, TextEncoding::Utf16Le);
  EXPECT_EQ(b->lines[1].text, "def");
}

TEST(TextLines, Utf16NonAsciiAndSurrogates) {
  // "Ä" (U+00C4) and U+1F600 as a surrogate pair.
  std::vector<uint8_t> bytes{0xFF, 0xFE, 0xC4, 0x00, 0x3D, 0xD8, 0x00, 0xDE};
  auto t = decodeText(bytes, "s.txt");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->lines[0].text, "\xC3\x84\xF0\x9F\x98\x80");
}

TEST(TextLines, Utf8BomAndLatin1Fallback) {
  std::vector<uint8_t> bytes{0xEF, 0xBB, 0xBF, 'J', 0xFC, 'r', 'g'}; // "Jürg" in a single-byte code page
  auto t = decodeText(bytes, "l.txt");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->encoding, TextEncoding::Utf8Bom);
  EXPECT_EQ(t->lines[0].text, "J\xC3\xBCrg");
}

TEST(TextLines, RejectsBrokenUtf16AndBinary) {
  std::vector<uint8_t> odd{0xFF, 0xFE, 'a', 0, 'b'};
  auto e1 = decodeText(odd, "odd.txt");
  ASSERT_FALSE(e1.ok());
  EXPECT_EQ(e1.error().source, "odd.txt");
  EXPECT_TRUE(e1.error().offset.has_value());

  std::vector<uint8_t> lone{0xFF, 0xFE, 'a', 0, '\n', 0, 0x00, 0xDC}; // low surrogate alone on line 2
  EXPECT_TRUE(dd::test::failsAt(decodeText(lone, "lone.txt"), "lone.txt", 2, "surrogate"));

  std::vector<uint8_t> bin{'a', '\n', 'b', 0, 'c'};
  EXPECT_TRUE(dd::test::failsAt(decodeText(bin, "bin.txt"), "bin.txt", 2, "NUL"));
}

TEST(TextLines, Helpers) {
  std::string_view label, value;
  splitColumns("Account active               Yes", label, value);
  EXPECT_EQ(label, "Account active");
  EXPECT_EQ(value, "Yes");
  splitColumns("Full name", label, value);
  EXPECT_EQ(label, "Full name");
  EXPECT_EQ(value, "");
  EXPECT_EQ(splitList(" a, b ,,c ", ','), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(isDashLine("----------------------------------------"));
  EXPECT_FALSE(isDashLine("---"));
  EXPECT_TRUE(iequals("ForceGuest", "forceguest"));
}
