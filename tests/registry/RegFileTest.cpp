// .reg reading and writing: the real regedit export round-trips byte for byte, the syntax
// reg.exe accepts is read (strings, dword:, hex:, hex(N):, continuation, comments, deletions,
// @), what it rejects is reported with the line number while the rest is read.
//
// The inline fixtures below are written by hand in the syntax regedit and `reg export` write
// (see the conformance file ole-machine-settings-win7.reg); the accept/reject cases follow the
// behaviour of Windows' reg.exe as Wine's reg import tests document it.
#include "registry/Registry.h"
#include "support/Conformance.h"
#include "winsec/SecurityDescriptor.h"

#include <gtest/gtest.h>

#include <string>

using namespace dd::registry;

namespace {

std::vector<uint8_t> bytesOf(std::string_view s) { return {s.begin(), s.end()}; }

// The same text as UTF-16LE with a BOM, as regedit writes it.
std::vector<uint8_t> utf16(std::string_view s) {
  std::vector<uint8_t> out{0xFF, 0xFE};
  for (unsigned char c : s) { // fixtures are ASCII
    out.push_back(c);
    out.push_back(0);
  }
  return out;
}

std::vector<uint8_t> wide(std::string_view s, bool nul = true) {
  std::vector<uint8_t> out;
  for (unsigned char c : s) {
    out.push_back(c);
    out.push_back(0);
  }
  if (nul) {
    out.push_back(0);
    out.push_back(0);
  }
  return out;
}

std::vector<uint8_t> dataOf(const Registry &reg, std::string_view key, std::string_view name) {
  Value v = reg.findValue(key, name);
  if (!v)
    return {};
  return {v.data().begin(), v.data().end()};
}

bool hasDiagnosticAtLine(const Registry &reg, uint64_t line) {
  for (const auto &e : reg.diagnostics())
    if (e.line && *e.line == line)
      return true;
  return false;
}

constexpr std::string_view K = "HKEY_CURRENT_USER\\Software\\Test";

} // namespace

TEST(RegFile, ConformanceExportRoundTripsByteForByte) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto file = dir / "reg" / "ole-machine-settings-win7.reg";
  auto original = dd::test::readFileBytes(file);
  Registry reg;
  ASSERT_TRUE(reg.loadRegFile(file));
  EXPECT_TRUE(reg.diagnostics().empty());
  auto out = exportReg(reg, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole");
  ASSERT_TRUE(out) << out.error().str();
  EXPECT_EQ(out->size(), original.size());
  EXPECT_TRUE(*out == original) << "re-export differs from the regedit file";
  // Asking with the short root and another case names the same key and gives the same bytes.
  auto again = exportReg(reg, "hklm\\software\\microsoft\\OLE");
  ASSERT_TRUE(again);
  EXPECT_TRUE(*again == original);
}

TEST(RegFile, ConformanceValuesDecode) {
  DD_REQUIRE_CONFORMANCE(dir);
  Registry reg;
  ASSERT_TRUE(reg.loadRegFile(dir / "reg" / "ole-machine-settings-win7.reg"));
  Key ole = reg.findKey("HKLM\\SOFTWARE\\Microsoft\\Ole");
  ASSERT_TRUE(ole);
  EXPECT_EQ(ole.valueCount(), 6u);
  EXPECT_EQ(ole.subkeyCount(), 4u);
  EXPECT_EQ(*ole.value("EnableDCOM").asString(), "Y");
  EXPECT_EQ(*ole.value("legacyimpersonationlevel").asDword(), 2u);
  EXPECT_EQ(*reg.findValue("HKLM\\SOFTWARE\\Microsoft\\Ole\\Eventlog", "SuppressDuplicateDuration").asDword(),
            0x15180u);
  EXPECT_EQ(*reg.findValue("HKLM\\SOFTWARE\\Microsoft\\Ole\\Instrumentation", "InstrumentationLogFileDir").asString(),
            "C:\\Windows\\system32\\com");
  Value mar = ole.value("MachineAccessRestriction");
  ASSERT_TRUE(mar);
  EXPECT_EQ(mar.type(), regtype::Binary);
  auto sd = dd::winsec::SecurityDescriptor::fromBinary(mar.data());
  ASSERT_TRUE(sd) << sd.error().str();
  ASSERT_TRUE(sd->dacl);
  EXPECT_EQ(sd->dacl->aces.size(), 4u);
  EXPECT_EQ(sd->dacl->aces[0].mask, 7u); // Everyone: local + remote access
  // SOFTWARE, Microsoft, Ole, AppCompat, ActivationSecurityCheckExemptionList, Eventlog,
  // Instrumentation, NONREDIST (roots are not counted).
  EXPECT_EQ(reg.keyCount(), 8u);
}

TEST(RegFile, Utf8AndUtf16AndRegedit4ReadAlike) {
  std::string body = "\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n\"S\"=\"a \\\"q\\\" \\\\ b\"\r\n"
                     "@=\"default\"\r\n\"D\"=dword:0000ff01\r\n\"E\"=hex(2):25,00,41,00,25,00,00,00\r\n";
  Registry a, b, c;
  ASSERT_TRUE(a.loadRegText(bytesOf("Windows Registry Editor Version 5.00\r\n" + body), "a.reg"));
  ASSERT_TRUE(b.loadRegText(utf16("Windows Registry Editor Version 5.00\r\n" + body), "b.reg"));
  ASSERT_TRUE(c.loadRegText(bytesOf("REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\"S\"=\"a \\\"q\\\" \\\\ b\"\n"
                                    "@=\"default\"\n\"D\"=dword:0000ff01\n\"E\"=hex(2):25,41,25,00\n"),
                            "c.reg"));
  for (Registry *r : {&a, &b, &c}) {
    EXPECT_TRUE(r->diagnostics().empty());
    EXPECT_EQ(*r->findValue("HKLM\\SOFTWARE\\X", "S").asString(), "a \"q\" \\ b");
    EXPECT_EQ(*r->findValue("HKLM\\SOFTWARE\\X", "").asString(), "default");
    EXPECT_EQ(*r->findValue("HKLM\\SOFTWARE\\X", "D").asDword(), 0xff01u);
    Value e = r->findValue("HKLM\\SOFTWARE\\X", "E");
    EXPECT_EQ(e.type(), regtype::ExpandSz);
    EXPECT_EQ(*e.asString(), "%A%"); // REGEDIT4's ANSI hex(2) becomes UTF-16 like the 5.00 one
    EXPECT_EQ(dataOf(*r, "HKLM\\SOFTWARE\\X", "E"), wide("%A%"));
  }
}

TEST(RegFile, HeaderRules) {
  Registry reg;
  auto bad = reg.loadRegText(bytesOf("Windows Registry Editor Version 4.00\n[HKEY_CURRENT_USER\\A]\n"), "h.reg");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().line, 1u);
  EXPECT_FALSE(reg.loadRegText(bytesOf("regedit4\n"), "h.reg"));
  EXPECT_FALSE(reg.loadRegText(bytesOf(""), "h.reg"));
  // "REGEDIT5" is accepted by reg.exe but nothing is imported.
  EXPECT_TRUE(reg.loadRegText(bytesOf("REGEDIT5\n\n[HKEY_CURRENT_USER\\A]\n\"v\"=\"x\"\n"), "h.reg"));
  EXPECT_FALSE(reg.findKey("HKCU\\A"));
  EXPECT_EQ(reg.diagnostics().size(), 1u);
}

TEST(RegFile, DwordRules) {
  std::string text = std::string("REGEDIT4\n[") + std::string(K) +
                     "]\n"
                     "\"a\"=dword:1\n"             // 3 ok
                     "\"b\"=dword:\n"              // 4 bad: no digits
                     "\"c\"=dword:123456789\n"     // 5 bad: nine digits
                     "\"d\"=dword:0x123\n"         // 6 bad: 0x
                     "\"e\"=dword:1234 ;comment\n" // 7 ok
                     "\"f\"=dword:1234 #comment\n" // 8 bad: only ; starts a comment after data
                     "\"g\"=dword:12345678abc\n"   // 9 bad
                     "\"h\"=dword:1234;5678\n";    // 10 ok
  Registry reg;
  ASSERT_TRUE(reg.loadRegText(bytesOf(text), "d.reg"));
  EXPECT_EQ(*reg.findValue(K, "a").asDword(), 1u);
  EXPECT_EQ(*reg.findValue(K, "e").asDword(), 0x1234u);
  EXPECT_EQ(*reg.findValue(K, "h").asDword(), 0x1234u);
  EXPECT_EQ(reg.findValue(K, "h").line(), 10u);
  for (const char *n : {"b", "c", "d", "f", "g"})
    EXPECT_FALSE(reg.findValue(K, n)) << n;
  for (uint64_t line : {4, 5, 6, 8, 9})
    EXPECT_TRUE(hasDiagnosticAtLine(reg, line)) << "line " << line;
  EXPECT_EQ(reg.diagnostics().size(), 5u);
  EXPECT_NE(reg.diagnostics()[0].str().find("d.reg:4:"), std::string::npos) << reg.diagnostics()[0].str();
}

TEST(RegFile, StringRules) {
  std::string text = std::string("Windows Registry Editor Version 5.00\n[") + std::string(K) +
                     "]\n"
                     "\"a\"=\"Value 1\"#comment\n"                    // 3 bad
                     "\"b\"=\"Value 2\";comment\n"                    // 4 ok
                     "\"c\"=\"Value;not comment\"\n"                  // 5 ok
                     "\"d\"=\"foo\"bar\"\n"                           // 6 bad
                     "\"e\"=\"no end\n"                               // 7 bad
                     "\"f\"=noquotes\n"                               // 8 bad
                     "\"g\"=\"\"\n"                                   // 9 ok: empty string
                     "\"\"=\"default by empty name\"\n"               // 10 ok
                     "\"double\\\"quote\"=\"valid \\\"or\\\" not\"\n" // 11 ok
                     "\"h\"  =  \"spaced\"\n";                        // 12 ok
  Registry reg;
  ASSERT_TRUE(reg.loadRegText(bytesOf(text), "s.reg"));
  EXPECT_FALSE(reg.findValue(K, "a"));
  EXPECT_EQ(*reg.findValue(K, "b").asString(), "Value 2");
  EXPECT_EQ(*reg.findValue(K, "c").asString(), "Value;not comment");
  EXPECT_FALSE(reg.findValue(K, "d"));
  EXPECT_FALSE(reg.findValue(K, "e"));
  EXPECT_FALSE(reg.findValue(K, "f"));
  EXPECT_EQ(dataOf(reg, K, "g"), wide(""));
  EXPECT_EQ(*reg.findValue(K, "").asString(), "default by empty name");
  EXPECT_EQ(*reg.findValue(K, "double\"quote").asString(), "valid \"or\" not");
  EXPECT_EQ(*reg.findValue(K, "h").asString(), "spaced");
  for (uint64_t line : {3, 6, 7, 8})
    EXPECT_TRUE(hasDiagnosticAtLine(reg, line)) << "line " << line;
  EXPECT_EQ(reg.diagnostics().size(), 4u);
}

TEST(RegFile, HexRulesAndContinuation) {
  std::string text = std::string("REGEDIT4\n\n[") + std::string(K) +
                     "]\n"
                     "\"a\"=hex:11,22,33,44,\\\n"             // 4
                     "  55,66\n"                              // 5: a = 6 bytes
                     "\"b\"=hex:11,22\\\n"                    // 6 bad: backslash without comma
                     "\"c\"=hex(0):01,\\;comment\n"           // 7
                     "\n"                                     // 8: blank lines are skipped
                     "  ;comment line\n"                      // 9: and ; lines
                     "  02,03\n"                              // 10: c = 3 bytes
                     "\"d\"=hex:01,\\\n"                      // 11
                     "  #comment\n"                           // 12 bad: # inside continuation
                     "  02\n"                                 // 13 bad: stray data line
                     "\"e\"=hex:01,02,;comment\n"             // 14 ok: trailing comma then comment
                     "\"f\"=hex:01,100\n"                     // 15 bad: three digits
                     "\"g\"=hex(ffffffff):aa\n"               // 16 ok: any type
                     "\"h\"=hex(100000000):aa\n"              // 17 bad: type of 9 digits
                     "\"i\"=hex(0x2):aa\n"                    // 18 bad
                     "\"j\"=hex:\n"                           // 19 ok: empty
                     "\"k\"=hex(7):41,00,42,00,00,00,00,00\n" // 20 ok: multi-string
                     "\"l\"=hex(b):01,00,00,00,00,00,00,80\n" // 21 ok: qword
                     "\"m\"=hex(5):00,00,01,02\n";            // 22 ok: big-endian dword
  Registry reg;
  ASSERT_TRUE(reg.loadRegText(bytesOf(text), "x.reg"));
  EXPECT_EQ(dataOf(reg, K, "a"), (std::vector<uint8_t>{0x11, 0x22, 0x33, 0x44, 0x55, 0x66}));
  EXPECT_FALSE(reg.findValue(K, "b"));
  EXPECT_EQ(dataOf(reg, K, "c"), (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_EQ(reg.findValue(K, "c").type(), regtype::None);
  EXPECT_FALSE(reg.findValue(K, "d"));
  EXPECT_EQ(dataOf(reg, K, "e"), (std::vector<uint8_t>{1, 2}));
  EXPECT_FALSE(reg.findValue(K, "f"));
  EXPECT_EQ(reg.findValue(K, "g").type(), 0xffffffffu);
  EXPECT_FALSE(reg.findValue(K, "h"));
  EXPECT_FALSE(reg.findValue(K, "i"));
  ASSERT_TRUE(reg.findValue(K, "j"));
  EXPECT_TRUE(reg.findValue(K, "j").data().empty());
  EXPECT_EQ(*reg.findValue(K, "k").asMultiString(), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(*reg.findValue(K, "l").asQword(), 0x8000000000000001ull);
  EXPECT_EQ(*reg.findValue(K, "m").asDword(), 0x00000102u);
  for (uint64_t line : {6, 12, 13, 15, 17, 18})
    EXPECT_TRUE(hasDiagnosticAtLine(reg, line)) << "line " << line;
  EXPECT_EQ(reg.diagnostics().size(), 6u);
  // Each value keeps the line it starts on (the evidence of a fact read from it).
  EXPECT_EQ(reg.findValue(K, "a").line(), 4u);
  EXPECT_EQ(reg.findValue(K, "c").line(), 7u);
  EXPECT_EQ(reg.findValue(K, "m").line(), 22u);
  reg.setValue(reg.findKey(K), "a", regtype::Dword, std::vector<uint8_t>{1, 0, 0, 0});
  EXPECT_EQ(reg.findValue(K, "a").line(), 0u); // set in code: no line
  EXPECT_EQ(Value().line(), 0u);
}

TEST(RegFile, KeyLinesAndDeletions) {
  Registry reg;
  ASSERT_TRUE(reg.loadRegText(bytesOf("REGEDIT4\n"
                                      "[HKEY_CURRENT_USER\\T\\A]\n\"v1\"=\"1\"\n\"v2\"=\"2\"\n"
                                      "[HKEY_CURRENT_USER\\T\\B\\C]\n\"w\"=dword:1\n"
                                      "[HKEY_CURRENT_USER\\T\\Trailing\\]\n\"t\"=\"x\"\n"),
                              "k1.reg"));
  EXPECT_TRUE(reg.diagnostics().empty());
  EXPECT_TRUE(reg.findKey("HKCU\\T\\Trailing"));
  ASSERT_TRUE(reg.findKey("HKCU\\T\\B\\C"));
  EXPECT_EQ(reg.keyCount(), 5u); // T, A, B, C, Trailing
  ASSERT_TRUE(reg.loadRegText(bytesOf("REGEDIT4\n"
                                      "[-hkey_current_user\\t\\b]\n"          // 2 deletes B and C
                                      "\"ignored\"=\"under a deleted key\"\n" // 3 skipped silently
                                      "[HKEY_CURRENT_USER\\T\\A]\n"
                                      "\"v1\"=-\n"                       // 5 deletes v1
                                      "\"v2\"=- #x\n"                    // 6 bad
                                      "[HKEY_CURRENT_USERS\\T\\Z]\n"     // 7 bad root
                                      "\"z\"=\"skipped\"\n"              // 8 skipped
                                      "[ HKEY_CURRENT_USER\\T\\Y]\n"     // 9 bad: blank
                                      "[HKEY_CURRENT_USER\\T\\NoClose\n" // 10 bad
                                      "garbage line\n"),                 // 11 bad
                              "k2.reg"));
  EXPECT_FALSE(reg.findKey("HKCU\\T\\B"));
  EXPECT_FALSE(reg.findKey("HKCU\\T\\B\\C"));
  EXPECT_FALSE(reg.findValue("HKCU\\T\\A", "v1"));
  EXPECT_TRUE(reg.findValue("HKCU\\T\\A", "v2"));
  EXPECT_FALSE(reg.findKey("HKCU\\T\\Z"));
  EXPECT_FALSE(reg.findKey("HKCU\\T\\Y"));
  EXPECT_EQ(reg.keyCount(), 3u); // T, A, Trailing
  for (uint64_t line : {6, 7, 9, 10, 11})
    EXPECT_TRUE(hasDiagnosticAtLine(reg, line)) << "line " << line;
  EXPECT_EQ(reg.diagnostics().size(), 5u);
}

TEST(RegFile, ClassesRootIsMachineClassesAndWow64View) {
  Registry reg;
  ASSERT_TRUE(reg.loadRegText(bytesOf("REGEDIT4\n[HKEY_CLASSES_ROOT\\AppID\\{11111111-2222-3333-4444-555555555555}]\n"
                                      "\"RunAs\"=\"Interactive User\"\n"
                                      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Vendor]\n\"Bits\"=\"32\"\n"
                                      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor]\n\"Bits\"=\"64\"\n"),
                              "c.reg"));
  Key k = reg.findKey("HKLM\\Software\\Classes\\AppID\\{11111111-2222-3333-4444-555555555555}");
  ASSERT_TRUE(k);
  EXPECT_EQ(k, reg.findKey("HKCR\\APPID\\{11111111-2222-3333-4444-555555555555}"));
  EXPECT_EQ(k.path(), "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\{11111111-2222-3333-4444-555555555555}");
  EXPECT_EQ(*reg.findValue("HKLM\\SOFTWARE\\Vendor", "Bits", View::Wow64_32).asString(), "32");
  EXPECT_EQ(*reg.findValue("HKLM\\SOFTWARE\\Vendor", "Bits").asString(), "64");
  EXPECT_EQ(wow64Path("HKCR\\CLSID\\{X}"), "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Wow6432Node\\CLSID\\{X}");
  EXPECT_EQ(wow64Path("HKLM\\SOFTWARE\\Vendor\\App"), "HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Vendor\\App");
  EXPECT_EQ(wow64Path("HKLM\\SYSTEM\\X"), "HKEY_LOCAL_MACHINE\\SYSTEM\\X");
  // Exporting through HKCR writes HKCR paths.
  auto out = exportReg(reg, "HKCR\\AppID", RegFormat::Regedit4);
  ASSERT_TRUE(out);
  std::string text(out->begin(), out->end());
  EXPECT_EQ(text, "REGEDIT4\r\n\r\n[HKEY_CLASSES_ROOT\\AppID]\r\n\r\n"
                  "[HKEY_CLASSES_ROOT\\AppID\\{11111111-2222-3333-4444-555555555555}]\r\n"
                  "\"RunAs\"=\"Interactive User\"\r\n\r\n");
}

TEST(RegFile, CaseInsensitiveNamesBeyondAscii) {
  EXPECT_TRUE(namesEqual("Ole", "OLE"));
  EXPECT_TRUE(namesEqual("\xC3\xA9t\xC3\xA9", "\xC3\x89T\xC3\x89")); // été / ÉTÉ
  EXPECT_TRUE(namesEqual("\xD0\xB4", "\xD0\x94"));                   // д / Д
  EXPECT_FALSE(namesEqual("Ole", "Ole2"));
  EXPECT_EQ(nameHash("MachineLaunchRestriction"), nameHash("machinelaunchrestriction"));
  EXPECT_EQ(canonicalPath("hklm\\\\SOFTWARE\\"), "HKEY_LOCAL_MACHINE\\SOFTWARE");
  EXPECT_EQ(canonicalPath("HKEY_NOPE\\X"), "");
}

TEST(RegFile, WriterFormsEveryType) {
  Registry reg;
  Key k = reg.createKey("HKLM\\SOFTWARE\\W");
  auto sz = wide("C:\\dir \"q\"");
  reg.setValue(k, "", regtype::Sz, sz);
  uint8_t dw[4] = {0x78, 0x56, 0x34, 0x12};
  reg.setValue(k, "dw", regtype::Dword, dw);
  uint8_t shortDw[2] = {1, 2};
  reg.setValue(k, "dw2", regtype::Dword, shortDw);
  reg.setValue(k, "unterminated", regtype::Sz, wide("ab", false));
  std::vector<uint8_t> big(40, 0xab);
  reg.setValue(k, "a name long enough to wrap early", regtype::Binary, big);
  auto out = exportReg(reg, "HKLM\\SOFTWARE\\W");
  ASSERT_TRUE(out);
  Registry back;
  ASSERT_TRUE(back.loadRegText(*out, "w.reg"));
  EXPECT_TRUE(back.diagnostics().empty());
  for (Value v : k.values()) {
    Value w = back.findValue("HKLM\\SOFTWARE\\W", v.name());
    ASSERT_TRUE(w) << v.name();
    EXPECT_EQ(w.type(), v.type());
    EXPECT_TRUE(std::equal(w.data().begin(), w.data().end(), v.data().begin(), v.data().end())) << v.name();
  }
  // Each hex line stays within 80 columns.
  std::string narrow;
  for (size_t i = 2; i + 1 < out->size(); i += 2)
    narrow.push_back(static_cast<char>((*out)[i]));
  size_t start = 0;
  while (start < narrow.size()) {
    size_t end = narrow.find("\r\n", start);
    if (end == std::string::npos)
      end = narrow.size();
    EXPECT_LE(end - start, 80u) << narrow.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_NE(narrow.find("\"dw\"=dword:12345678\r\n"), std::string::npos);
  EXPECT_NE(narrow.find("\"dw2\"=hex(4):01,02\r\n"), std::string::npos);
  EXPECT_NE(narrow.find("\"unterminated\"=hex(1):61,00,62,00\r\n"), std::string::npos);
  EXPECT_NE(narrow.find("@=\"C:\\\\dir \\\"q\\\"\"\r\n"), std::string::npos);
}

TEST(RegFile, EmptyHandlesAreSafe) {
  Registry reg;
  Key none = reg.findKey("HKLM\\SOFTWARE\\Absent");
  EXPECT_FALSE(none);
  EXPECT_FALSE(none.subkey("Deeper"));
  EXPECT_FALSE(none.value("X"));
  EXPECT_EQ(none.subkeyCount(), 0u);
  EXPECT_EQ(none.path(), "");
  EXPECT_TRUE(none.securityDescriptor().empty());
  size_t n = 0;
  for (Key k : none.subkeys()) {
    (void)k;
    ++n;
  }
  for (Value v : none.values()) {
    (void)v;
    ++n;
  }
  EXPECT_EQ(n, 0u);
  Value v = none.value("X");
  EXPECT_FALSE(v.asString());
  EXPECT_FALSE(v.asDword());
  EXPECT_FALSE(v.asNumber());
  EXPECT_FALSE(reg.findKey("NOTAROOT\\X"));
}
