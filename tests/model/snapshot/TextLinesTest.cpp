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

// Console output in an OEM code page: the page is found from the text itself. The samples are
// sentences in each script (not quotes of Windows messages), encoded with each code page.
TEST(TextLines, OemCodePagesDetected) {
  struct Case {
    const char *bytes;
    unsigned codePage;
    const char *utf8;
  };
  for (const Case &c : {
           Case{"\x8A\xAE\xAC\xA0\xAD\xA4\xA0 \xA2\xEB\xAF\xAE\xAB\xAD\xA5\xAD\xA0 \xE3\xE1\xAF\xA5\xE8\xAD\xAE.", 866,
                "Команда выполнена успешно."},
           Case{"\xC3\xFC\xC1\xEE\xB3\xC9\xB9\xA6\xCD\xEA\xB3\xC9\xA1\xA3", 936, "命令成功完成。"},
           Case{"\x83R\x83}"
                "\x83\x93\x83h\x82\xCD\x90\xB3\x8F\xED\x82\xC9\x8FI\x97\xB9\x82\xB5\x82\xDC\x82\xB5\x82\xBD\x81"
                "B",
                932, "コマンドは正常に終了しました。"},
           Case{"\xB8\xED\xB7\xC9\xC0\xBB \xC0\xDF \xBD\xC7\xC7\xE0\xC7\xDF\xBD\xC0\xB4\xCF\xB4\xD9.", 949,
                "명령을 잘 실행했습니다."},
           Case{"Der Befehl wurde erfolgreich ausgef\x81hrt.", 437, "Der Befehl wurde erfolgreich ausgeführt."},
       }) {
    SCOPED_TRACE(c.utf8);
    std::string_view b(c.bytes);
    auto t = decodeText(std::span(reinterpret_cast<const uint8_t *>(b.data()), b.size()), "x.txt");
    ASSERT_TRUE(t.ok()) << t.error().str();
    EXPECT_EQ(t->codePage, c.codePage);
    ASSERT_EQ(t->lines.size(), 1u);
    EXPECT_EQ(t->lines[0].text, c.utf8);
  }
}

// OEM bytes a viewer showed as Latin-1 and saved as UTF-8 ("Versi¢n" for CP850 "Versión") are
// read back as the OEM bytes; Latin-1-range UTF-8 that reads well as it is stays as it is.
TEST(TextLines, MojibakeRepairedOnlyWhenItReadsBetter) {
  std::string bad = "Versi\xC2\xA2n del sistema operativo: 10.0 Compilaci\xC2\xA2n";
  auto t = decodeText(std::span(reinterpret_cast<const uint8_t *>(bad.data()), bad.size()), "x.txt");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->repairedMojibake);
  EXPECT_EQ(t->lines[0].text, "Versión del sistema operativo: 10.0 Compilación");
  std::string good = "Invit\xC3\xA9 Administrateur";
  auto g = decodeText(std::span(reinterpret_cast<const uint8_t *>(good.data()), good.size()), "x.txt");
  ASSERT_TRUE(g.ok());
  EXPECT_FALSE(g->repairedMojibake);
  EXPECT_EQ(g->lines[0].text, good);
}
