// Offline hives: every key and value of the conformance SAM, SECURITY and SYSTEM hives equals
// what the peer tools list (hivexregedit --export: byte-equal values; regfexport: counts), the
// services' Security descriptors decode, CurrentControlSet resolves, each key has its own
// security descriptor, and damaged or dirty hives are reported with offsets while the rest is read.
#include "registry/Marvin32.h"
#include "registry/Registry.h"
#include "support/Conformance.h"
#include "winsec/SecurityDescriptor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <unistd.h>

using namespace dd::registry;

namespace {

bool toolPresent(const char *tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::filesystem::path tempPath(const std::string &name) {
  auto dir = std::filesystem::temp_directory_path() / ("dd-registry-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

// Walks `a` and checks every key and value exists in `b` with the same type and bytes; returns
// the number of values compared.
size_t compareTrees(Key a, Key b, size_t &mismatches) {
  size_t compared = 0;
  if (a.valueCount() != b.valueCount()) {
    ADD_FAILURE() << a.path() << ": " << a.valueCount() << " values, peer lists " << b.valueCount();
    ++mismatches;
  }
  for (Value v : a.values()) {
    Value w = b.value(v.name());
    if (!w) {
      ADD_FAILURE() << a.path() << " value \"" << v.name() << "\" missing in the peer's listing";
      ++mismatches;
      continue;
    }
    ++compared;
    if (v.type() != w.type() || !std::equal(v.data().begin(), v.data().end(), w.data().begin(), w.data().end())) {
      if (++mismatches < 10)
        ADD_FAILURE() << a.path() << " value \"" << v.name() << "\" differs: type " << v.type() << " vs " << w.type()
                      << ", " << v.data().size() << " vs " << w.data().size() << " bytes";
    }
  }
  size_t subkeys = 0; // links (CurrentControlSet) are ours, not the hive's
  for (Key sub : a.subkeys())
    subkeys += sub.isLink() ? 0 : 1;
  if (subkeys != b.subkeyCount()) {
    ADD_FAILURE() << a.path() << ": " << subkeys << " subkeys, peer lists " << b.subkeyCount();
    ++mismatches;
  }
  for (Key sub : a.subkeys()) {
    if (sub.isLink())
      continue;
    Key other = b.subkey(sub.name());
    if (!other) {
      ADD_FAILURE() << sub.path() << " missing in the peer's listing";
      ++mismatches;
      continue;
    }
    compared += compareTrees(sub, other, mismatches);
  }
  return compared;
}

// hivexregedit --export writes a .reg file (values as hex(N), paths from "\"); we read it with
// our .reg reader under the same mount point and compare the trees.
void compareWithHivex(const std::filesystem::path &hive, const std::string &mount) {
  if (!toolPresent("hivexregedit")) {
    std::printf("[  SKIPPED ] hivexregedit not installed: byte comparison of %s skipped\n", hive.c_str());
    return;
  }
  auto out = tempPath(hive.filename().string() + ".hivex.reg");
  std::string cmd = "hivexregedit --export '" + hive.string() + "' '\\' > '" + out.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string text = dd::test::readFileText(out);
  std::string rewritten;
  rewritten.reserve(text.size() + 1024);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    if (line.starts_with("[\\]"))
      rewritten += "[" + mount + "]";
    else if (line.starts_with("[\\"))
      rewritten += "[" + mount + "\\" + std::string(line.substr(2));
    else
      rewritten += line;
    rewritten += '\n';
    pos = end + 1;
  }
  Registry peer;
  ASSERT_TRUE(
      peer.loadRegText(std::span(reinterpret_cast<const uint8_t *>(rewritten.data()), rewritten.size()), "hivex"));
  EXPECT_TRUE(peer.diagnostics().empty()) << peer.diagnostics().front().str();

  Registry ours;
  ASSERT_TRUE(ours.loadHive(hive, mount));
  EXPECT_EQ(ours.keyCount(), peer.keyCount());
  EXPECT_EQ(ours.valueCount(), peer.valueCount());
  size_t mismatches = 0;
  size_t compared = compareTrees(ours.findKey(mount), peer.findKey(mount), mismatches);
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(compared, ours.valueCount());
  std::filesystem::remove(out);
}

// regfexport (libregf) lists "Key path:" and "Value:" lines; the counts must agree.
void compareCountsWithRegfexport(const std::filesystem::path &hive) {
  if (!toolPresent("regfexport")) {
    std::printf("[  SKIPPED ] regfexport not installed: count comparison of %s skipped\n", hive.c_str());
    return;
  }
  auto out = tempPath(hive.filename().string() + ".regfexport.txt");
  std::string cmd = "regfexport '" + hive.string() + "' > '" + out.string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(out);
  size_t keys = 0, values = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("Key path: "))
      ++keys;
    else if (line.starts_with("Value: "))
      ++values;
  }
  Registry ours;
  ASSERT_TRUE(ours.loadHive(hive, "HKLM\\PEER"));
  EXPECT_EQ(ours.keyCount(), keys); // the hive root is the mount key itself, counted once
  EXPECT_EQ(ours.valueCount(), values);
  std::filesystem::remove(out);
}

// Byte helpers for the tests that write hives and logs by hand.
uint32_t le32(const std::vector<uint8_t> &b, size_t o) {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (static_cast<uint32_t>(b[o + 3]) << 24);
}
void put32(std::vector<uint8_t> &b, size_t o, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[o + i] = static_cast<uint8_t>(v >> (8 * i));
}
// The base block checksum (XOR of the first 127 dwords, 0 and -1 remapped) at offset 508.
void fixChecksum(std::vector<uint8_t> &b) {
  uint32_t sum = 0;
  for (int i = 0; i < 127; ++i)
    sum ^= le32(b, 4 * i);
  put32(b, 508, sum == 0 ? 1 : sum == 0xffffffffu ? 0xfffffffeu : sum);
}

} // namespace

TEST(Hive, SamEqualsPeers) {
  DD_REQUIRE_CONFORMANCE(dir);
  compareWithHivex(dir / "hives" / "SAM", "HKEY_LOCAL_MACHINE\\SAM");
  compareCountsWithRegfexport(dir / "hives" / "SAM");
}

TEST(Hive, SecurityEqualsPeers) {
  DD_REQUIRE_CONFORMANCE(dir);
  compareWithHivex(dir / "hives" / "SECURITY", "HKEY_LOCAL_MACHINE\\SECURITY");
  compareCountsWithRegfexport(dir / "hives" / "SECURITY");
}

TEST(Hive, SystemEqualsPeers) {
  DD_REQUIRE_CONFORMANCE(dir);
  compareWithHivex(dir / "hives" / "SYSTEM", "HKEY_LOCAL_MACHINE\\SYSTEM");
  compareCountsWithRegfexport(dir / "hives" / "SYSTEM");
}

TEST(Hive, SystemMountsWithCurrentControlSet) {
  DD_REQUIRE_CONFORMANCE(dir);
  Registry reg;
  ASSERT_TRUE(reg.loadHive(dir / "hives" / "SYSTEM")); // mount point from the file name
  ASSERT_EQ(reg.hives().size(), 1u);
  const HiveInfo &info = reg.hives()[0];
  EXPECT_EQ(info.mountPoint, "HKEY_LOCAL_MACHINE\\SYSTEM");
  EXPECT_FALSE(info.dirty);
  EXPECT_EQ(reg.keyCount(), 30756u); // the count: every key of SYSTEM, its root included
  uint32_t current = *reg.findValue("HKLM\\SYSTEM\\Select", "Current").asDword();
  char set[32];
  std::snprintf(set, sizeof set, "ControlSet%03u", current);
  Key viaLink = reg.findKey("HKLM\\SYSTEM\\CurrentControlSet\\Services");
  Key direct = reg.findKey(std::string("HKLM\\SYSTEM\\") + set + "\\Services");
  ASSERT_TRUE(viaLink);
  EXPECT_EQ(viaLink, direct);
  EXPECT_TRUE(reg.findKey("hklm\\system\\currentcontrolset\\control\\lsa"));
  EXPECT_TRUE(reg.findKey("HKLM\\SYSTEM\\CurrentControlSet").isLink() == false); // lookups resolve the link
  // Hive keys carry their last-write time and their own security descriptor.
  EXPECT_TRUE(viaLink.lastWriteTime().has_value());
  auto sd = dd::winsec::SecurityDescriptor::fromBinary(viaLink.securityDescriptor());
  ASSERT_TRUE(sd) << sd.error().str();
  EXPECT_TRUE(sd->owner.has_value());
}

TEST(Hive, SecurityValuesDecode) {
  DD_REQUIRE_CONFORMANCE(dir);
  Registry reg;
  ASSERT_TRUE(reg.loadHive(dir / "hives" / "SYSTEM"));
  // The hive holds 234 binary "Security" values: services' (ControlSet00n\Services\X\Security)
  // and devices' (Enum, Control\Class). Two of them (CryptSvc in both control sets) hold only
  // the 5 bytes "00 00 0e 00 01" in the file, as regfexport and hivexregedit also list them:
  // those cannot decode, and must say why.
  size_t found = 0, decoded = 0, stubs = 0;
  std::vector<Key> stack{reg.findKey("HKLM\\SYSTEM")};
  while (!stack.empty()) {
    Key k = stack.back();
    stack.pop_back();
    for (Key s : k.subkeys())
      if (!s.isLink())
        stack.push_back(s);
    Value v = k.value("Security");
    if (!v || v.type() != regtype::Binary)
      continue;
    ++found;
    auto sd = dd::winsec::SecurityDescriptor::fromBinary(v.data());
    if (sd) {
      ++decoded;
      EXPECT_TRUE(sd->dacl.has_value()) << k.path();
    } else if (v.data().size() == 5 && k.path().find("\\CryptSvc\\") != std::string::npos) {
      ++stubs;
      EXPECT_NE(sd.error().str().find("truncated"), std::string::npos) << sd.error().str();
    } else {
      ADD_FAILURE() << k.path() << ": " << sd.error().str();
    }
  }
  EXPECT_EQ(found, 234u);
  EXPECT_EQ(stubs, 2u);
  EXPECT_EQ(decoded, found - stubs);
}

TEST(Hive, EveryKeySecurityDescriptorDecodes) {
  DD_REQUIRE_CONFORMANCE(dir);
  for (const char *name : {"SAM", "SECURITY"}) {
    Registry reg;
    ASSERT_TRUE(reg.loadHive(dir / "hives" / name));
    std::vector<Key> stack{reg.findKey(std::string("HKLM\\") + name)};
    size_t keys = 0;
    while (!stack.empty()) {
      Key k = stack.back();
      stack.pop_back();
      ++keys;
      auto sd = dd::winsec::SecurityDescriptor::fromBinary(k.securityDescriptor());
      EXPECT_TRUE(sd) << k.path();
      for (Key s : k.subkeys())
        stack.push_back(s);
    }
    EXPECT_EQ(keys, reg.keyCount());
  }
}

TEST(Hive, DamagedHiveReportsOffsetsAndReadsTheRest) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto bytes = dd::test::readFileBytes(dir / "hives" / "SECURITY");
  Registry good;
  ASSERT_TRUE(good.loadHiveBytes(bytes, "SECURITY", "HKLM\\SECURITY"));
  // The conformance SECURITY hive is itself dirty (primary sequence 107, secondary 106) and has
  // no logs beside it: that is reported, and nothing else.
  ASSERT_EQ(good.diagnostics().size(), 1u);
  EXPECT_NE(good.diagnostics()[0].str().find("dirty hive (primary sequence 107 != secondary 106)"), std::string::npos);
  EXPECT_TRUE(good.hives()[0].dirty);

  // Point the first value-list entry of the key "Policy" somewhere outside the hive.
  Key policy = good.findKey("HKLM\\SECURITY\\Policy");
  ASSERT_TRUE(policy);
  auto damaged = bytes;
  // Find the nk cell of "Policy" by its name and break its subkey-list offset.
  std::string needle = "Policy";
  size_t at = 0;
  for (size_t i = 4096; i + 76 + needle.size() < damaged.size(); ++i) {
    if (damaged[i] == 'n' && damaged[i + 1] == 'k' && damaged[i + 72] == needle.size() && damaged[i + 73] == 0 &&
        std::equal(needle.begin(), needle.end(), damaged.begin() + i + 76)) {
      at = i;
      break;
    }
  }
  ASSERT_NE(at, 0u);
  for (int k = 0; k < 4; ++k)
    damaged[at + 28 + k] = 0x7f; // subkey list offset 0x7f7f7f7f
  Registry reg;
  ASSERT_TRUE(reg.loadHiveBytes(damaged, "SECURITY", "HKLM\\SECURITY"));
  ASSERT_FALSE(reg.diagnostics().empty());
  const dd::Error &e = reg.diagnostics()[1];
  ASSERT_TRUE(e.offset.has_value());
  EXPECT_NE(e.str().find("outside the hive bins"), std::string::npos) << e.str();
  EXPECT_NE(e.str().find("SECURITY: offset 0x"), std::string::npos) << e.str();
  // Everything outside Policy's subtree is still there.
  EXPECT_TRUE(reg.findKey("HKLM\\SECURITY\\Cache"));
  EXPECT_TRUE(reg.findKey("HKLM\\SECURITY\\Policy"));
  EXPECT_LT(reg.keyCount(), good.keyCount());
  EXPECT_EQ(reg.findKey("HKLM\\SECURITY\\Cache").valueCount(), good.findKey("HKLM\\SECURITY\\Cache").valueCount());

  // A truncated hive: read as far as it goes.
  std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + 4096 + 8192);
  Registry part;
  ASSERT_TRUE(part.loadHiveBytes(truncated, "SECURITY", "HKLM\\SECURITY"));
  EXPECT_FALSE(part.diagnostics().empty());

  // Not a hive at all: an Error at offset 0.
  std::vector<uint8_t> junk(8192, 'x');
  auto r = part.loadHiveBytes(junk, "junk", "HKLM\\JUNK");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().offset, 0u);
}

TEST(Hive, DirtyHiveIsDetectedAndLogApplied) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto bytes = dd::test::readFileBytes(dir / "hives" / "SECURITY");
  uint32_t secondary = le32(bytes, 8);
  auto consistent = bytes; // equal sequence numbers: a clean hive
  put32(consistent, 4, secondary);
  fixChecksum(consistent);
  Registry cleanHive;
  ASSERT_TRUE(cleanHive.loadHiveBytes(consistent, "SECURITY", "HKLM\\SECURITY"));
  EXPECT_FALSE(cleanHive.hives()[0].dirty);
  EXPECT_TRUE(cleanHive.diagnostics().empty());

  auto dirty = bytes;
  put32(dirty, 4, secondary + 1); // primary sequence ahead: a write was not completed
  fixChecksum(dirty);

  Registry noLogs;
  ASSERT_TRUE(noLogs.loadHiveBytes(dirty, "SECURITY", "HKLM\\SECURITY"));
  ASSERT_EQ(noLogs.hives().size(), 1u);
  EXPECT_TRUE(noLogs.hives()[0].dirty);
  bool reported = false;
  for (const auto &e : noLogs.diagnostics())
    reported = reported || e.str().find("dirty hive") != std::string::npos;
  EXPECT_TRUE(reported);
  EXPECT_GT(noLogs.keyCount(), 10u); // still read as it is

  // A new-format log (written here by hand in the layout of the regf specification: 512-byte
  // base block, then an HvLE entry with one dirty page) that rewrites the first hive bin with a
  // change: the NL$Control value's data byte. Applying it must show the change.
  Registry clean;
  ASSERT_TRUE(clean.loadHiveBytes(bytes, "SECURITY", "HKLM\\SECURITY"));
  auto control = clean.findValue("HKLM\\SECURITY\\Cache", "NL$Control");
  ASSERT_TRUE(control);
  std::vector<uint8_t> want(control.data().begin(), control.data().end());
  ASSERT_FALSE(want.empty());
  // Locate the data in the file to patch the page copy.
  auto it = std::search(bytes.begin() + 4096, bytes.end(), want.begin(), want.end());
  ASSERT_NE(it, bytes.end());
  size_t fileOff = static_cast<size_t>(it - bytes.begin());
  size_t pageStart = (fileOff - 4096) / 4096 * 4096;
  std::vector<uint8_t> page(bytes.begin() + 4096 + pageStart, bytes.begin() + 4096 + pageStart + 4096);
  page[fileOff - 4096 - pageStart] ^= 0xff;

  std::vector<uint8_t> log(512, 0);
  std::copy_n("regf", 4, log.begin());
  std::vector<uint8_t> entry(512, 0);
  std::copy_n("HvLE", 4, entry.begin());
  put32(entry, 12, secondary);       // sequence number
  put32(entry, 16, le32(bytes, 40)); // hive bins data size
  put32(entry, 20, 1);               // one dirty page
  put32(entry, 40, static_cast<uint32_t>(pageStart));
  put32(entry, 44, 4096);
  entry.resize(48);
  entry.insert(entry.end(), page.begin(), page.end());
  entry.resize((entry.size() + 511) / 512 * 512, 0);
  put32(entry, 4, static_cast<uint32_t>(entry.size()));
  // Hash-1 over the references and pages, then Hash-2 over the first 32 bytes (which hold Hash-1).
  auto put64 = [&](std::vector<uint8_t> &b, size_t o, uint64_t v) {
    put32(b, o, static_cast<uint32_t>(v));
    put32(b, o + 4, static_cast<uint32_t>(v >> 32));
  };
  auto sign = [&](std::vector<uint8_t> &e) {
    put64(e, 24, marvin32(std::span<const uint8_t>(e).subspan(40), kLogEntryMarvinSeed));
    put64(e, 32, marvin32(std::span<const uint8_t>(e).first(32), kLogEntryMarvinSeed));
  };
  sign(entry);
  auto withEntry = [&](const std::vector<uint8_t> &e) {
    std::vector<uint8_t> l = log;
    l.insert(l.end(), e.begin(), e.end());
    return l;
  };

  Registry replayed;
  ASSERT_TRUE(replayed.loadHiveBytes(dirty, "SECURITY", "HKLM\\SECURITY", {{"SECURITY.LOG1", withEntry(entry)}}));
  ASSERT_EQ(replayed.hives()[0].logsApplied.size(), 1u);
  auto changed = replayed.findValue("HKLM\\SECURITY\\Cache", "NL$Control");
  ASSERT_TRUE(changed);
  std::vector<uint8_t> got(changed.data().begin(), changed.data().end());
  ASSERT_EQ(got.size(), want.size());
  EXPECT_NE(got, want);
  EXPECT_EQ(got[0], want[0] ^ 0xff);

  // A torn entry: one byte of its page differs from what Hash-1 covers. Windows stops there; so
  // do we, and say why and where (the entry is at offset 512 = 0x200 of the log).
  auto expectRefused = [&](const std::vector<uint8_t> &bad, const std::string &check) {
    Registry r;
    ASSERT_TRUE(r.loadHiveBytes(dirty, "SECURITY", "HKLM\\SECURITY", {{"SECURITY.LOG1", withEntry(bad)}}));
    EXPECT_TRUE(r.hives()[0].logsApplied.empty()) << check;
    auto unchanged = r.findValue("HKLM\\SECURITY\\Cache", "NL$Control");
    ASSERT_TRUE(unchanged);
    EXPECT_EQ(std::vector<uint8_t>(unchanged.data().begin(), unchanged.data().end()), want) << check;
    bool said = false;
    for (const auto &e : r.diagnostics())
      said = said || (e.str().find(check) != std::string::npos && e.str().find("offset 0x200") != std::string::npos);
    EXPECT_TRUE(said) << check;
  };
  auto torn = entry;
  torn[48 + 100] ^= 0x01;
  expectRefused(torn, "Hash-1 (pages)");
  auto badHeader = entry;
  badHeader[8] ^= 0x01; // the flags field: covered by Hash-2 only
  expectRefused(badHeader, "Hash-2 (header)");
  auto badSize = entry;
  put32(badSize, 16, le32(bytes, 40) + 512);
  sign(badSize); // even with good hashes, a bins size that is not a multiple of 4096 stops replay
  expectRefused(badSize, "not a multiple of 4096");
}

TEST(Marvin32, PublishedVectors) {
  // The test vectors published with Marvin32 (seed 0x004FB61A001BDBCC and two others), as used
  // by the .NET runtime's and other implementations' tests: every tail length 0-7.
  struct Vector {
    uint64_t seed;
    std::vector<uint8_t> data;
    uint64_t hash;
  };
  const uint64_t seed0 = 0x004fb61a001bdbccull;
  const std::vector<Vector> vectors = {
      {seed0, {}, 0x30ed35c100cd3c7dull},
      {seed0, {0xaf}, 0x48e73fc77d75ddc1ull},
      {seed0, {0xe7, 0x0f}, 0xb5f6e1fc485dbff8ull},
      {seed0, {0x37, 0xf4, 0x95}, 0xf0b07c789b8cf7e8ull},
      {seed0, {0x86, 0x42, 0xdc, 0x59}, 0x7008f2e87e9cf556ull},
      {seed0, {0x15, 0x3f, 0xb7, 0x98, 0x26}, 0xe6c08c6da2afa997ull},
      {seed0, {0x09, 0x32, 0xe6, 0x24, 0x6c, 0x47}, 0x6f04bf1a5ea24060ull},
      {seed0, {0xab, 0x42, 0x7e, 0xa8, 0xd1, 0x0f, 0xc7}, 0xe11847e4f0678c41ull},
      {0xd53cd9cecd0893b7ull, {'a', 'b', 'c'}, 0x22c74339492769bfull},
  };
  for (const auto &v : vectors)
    EXPECT_EQ(marvin32(v.data, v.seed), v.hash) << v.data.size() << " bytes";
  std::string alphabet = "abcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(marvin32(std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(alphabet.data()), alphabet.size()),
                     0xddddeeeeffff000ull),
            0xa128eb7e7260aca2ull);
}

TEST(Hive, OldFormatLogIsApplied) {
  // An old-format log (Windows XP to 8), written here in the layout of the regf specification:
  // a copy of the base block's first sector (file type 1, sequence numbers equal, checksum), then
  // "DIRT" and a bitmap with a bit per 512-byte page of the hive bins, then the dirty pages. As
  // XP names it: SECURITY.LOG beside SECURITY, found by loadHive.
  DD_REQUIRE_CONFORMANCE(dir);
  auto bytes = dd::test::readFileBytes(dir / "hives" / "SECURITY");
  const uint32_t secondary = le32(bytes, 8), binsSize = le32(bytes, 40);
  auto dirty = bytes;
  put32(dirty, 4, secondary + 1);
  fixChecksum(dirty);

  Registry clean;
  ASSERT_TRUE(clean.loadHiveBytes(bytes, "SECURITY", "HKLM\\SECURITY"));
  auto control = clean.findValue("HKLM\\SECURITY\\Cache", "NL$Control");
  ASSERT_TRUE(control);
  std::vector<uint8_t> want(control.data().begin(), control.data().end());
  auto it = std::search(bytes.begin() + 4096, bytes.end(), want.begin(), want.end());
  ASSERT_NE(it, bytes.end());
  const size_t binsOffset = static_cast<size_t>(it - bytes.begin()) - 4096;
  const size_t sector = binsOffset / 512; // the 512-byte page holding the value's first byte

  auto makeLog = [&](uint64_t timestampDelta) {
    std::vector<uint8_t> log(dirty.begin(), dirty.begin() + 512);
    put32(log, 4, secondary + 1);
    put32(log, 8, secondary + 1);
    put32(log, 28, 1); // transaction log
    put32(log, 12, le32(log, 12) + static_cast<uint32_t>(timestampDelta));
    fixChecksum(log);
    std::vector<uint8_t> bitmap((binsSize / 512 + 7) / 8, 0);
    bitmap[sector / 8] |= static_cast<uint8_t>(1u << (sector % 8));
    log.insert(log.end(), {'D', 'I', 'R', 'T'});
    log.insert(log.end(), bitmap.begin(), bitmap.end());
    log.resize((log.size() + 511) / 512 * 512, 0);
    std::vector<uint8_t> page(bytes.begin() + 4096 + sector * 512, bytes.begin() + 4096 + sector * 512 + 512);
    page[binsOffset % 512] ^= 0xff;
    log.insert(log.end(), page.begin(), page.end());
    return log;
  };

  auto tmp = std::filesystem::temp_directory_path() / ("dd_oldlog_" + std::to_string(getpid()));
  std::filesystem::create_directories(tmp);
  auto write = [&](const std::filesystem::path &p, const std::vector<uint8_t> &b) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char *>(b.data()), static_cast<std::streamsize>(b.size()));
  };
  write(tmp / "SECURITY", dirty);
  write(tmp / "SECURITY.LOG", makeLog(0));
  Registry replayed;
  ASSERT_TRUE(replayed.loadHive(tmp / "SECURITY", "HKLM\\SECURITY"));
  ASSERT_EQ(replayed.hives()[0].logsApplied.size(), 1u);
  EXPECT_NE(replayed.hives()[0].logsApplied[0].find("SECURITY.LOG"), std::string::npos);
  auto changed = replayed.findValue("HKLM\\SECURITY\\Cache", "NL$Control");
  ASSERT_TRUE(changed);
  std::vector<uint8_t> got(changed.data().begin(), changed.data().end());
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(got[0], want[0] ^ 0xff);
  EXPECT_EQ(std::vector<uint8_t>(got.begin() + 1, got.end()), std::vector<uint8_t>(want.begin() + 1, want.end()));

  // A log of another write (its Last written timestamp differs) is not applied, and we say why.
  write(tmp / "SECURITY.LOG", makeLog(1));
  Registry other;
  ASSERT_TRUE(other.loadHive(tmp / "SECURITY", "HKLM\\SECURITY"));
  EXPECT_TRUE(other.hives()[0].logsApplied.empty());
  auto same = other.findValue("HKLM\\SECURITY\\Cache", "NL$Control");
  ASSERT_TRUE(same);
  EXPECT_EQ(std::vector<uint8_t>(same.data().begin(), same.data().end()), want);
  bool said = false;
  for (const auto &e : other.diagnostics())
    said = said || e.str().find("timestamp differs") != std::string::npos;
  EXPECT_TRUE(said);
  std::filesystem::remove_all(tmp);
}
