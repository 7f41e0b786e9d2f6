// `diff`: two snapshot folders of OPCSRV, the second a copy of examples/plant/snapshots/OPCSRV
// edited as an admin's change would edit it (an ACE taken out of the launch Limits, an account
// disabled: its net user NAME and wmic useraccount record, a firewall rule deleted); each
// difference is found with the evidence of both sides, and with the example plant the prediction
// that turns red is named.
#include "audit/Diff.h"
#include "support/Conformance.h"
#include "model/PlantReader.h"
#include "registry/Text.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <span>
#include <sys/wait.h>
#include <unistd.h>

using namespace dd;
namespace fs = std::filesystem;

namespace {

const fs::path kExample = fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "plant";

void spit(const fs::path &p, const std::string &text) { std::ofstream(p, std::ios::binary) << text; }

// Two copies of the example's OPCSRV snapshot in a fresh temp folder: a (as it was) and b (to edit).
class SnapshotPair : public ::testing::Test {
protected:
  fs::path dir, a, b;
  void SetUp() override {
    dir = fs::temp_directory_path() / ("dd-diff-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    a = dir / "OPCSRV-a";
    b = dir / "OPCSRV-b";
    fs::create_directories(dir);
    fs::copy(kExample / "snapshots" / "OPCSRV", a, fs::copy_options::recursive);
    fs::copy(kExample / "snapshots" / "OPCSRV", b, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir); }

  void replaceIn(const std::string &file, const std::string &from, const std::string &to) {
    std::string text = dd::test::readFileText(b / file);
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    spit(b / file, text.replace(at, from.size(), to));
  }

  // `net user opcuser /active:no` as both files show it: net user NAME's "Account active" and
  // wmic's Disabled (the one the reader takes; written back in UTF-8, which the reader takes too).
  void disableOpcuser() {
    replaceIn("net-user-opcuser.txt", "Account active               Yes", "Account active               No");
    std::string raw = dd::test::readFileText(b / "wmic-useraccount.txt");
    std::string text = registry::text::utf16ToUtf8(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(raw.data()) + 2, raw.size() - 2));
    const std::string record = "Disabled=FALSE\r\nLockout=FALSE\r\nName=opcuser\r\n";
    size_t at = text.find(record);
    ASSERT_NE(at, std::string::npos);
    spit(b / "wmic-useraccount.txt",
         text.replace(at, record.size(), "Disabled=TRUE\r\nLockout=FALSE\r\nName=opcuser\r\n"));
  }

  std::vector<audit::Difference> differences() {
    auto ha = audit::loadSnapshotHost(a);
    auto hb = audit::loadSnapshotHost(b);
    EXPECT_TRUE(ha) << ha.error().str();
    EXPECT_TRUE(hb) << hb.error().str();
    return ha && hb ? audit::diffHosts(*ha, *hb) : std::vector<audit::Difference>{};
  }

  std::vector<audit::PredictionChange> predictions() {
    auto pa = audit::plantWithSnapshot(kExample / "plant.toml", "OPCSRV", a);
    auto pb = audit::plantWithSnapshot(kExample / "plant.toml", "OPCSRV", b);
    EXPECT_TRUE(pa) << pa.error().str();
    EXPECT_TRUE(pb) << pb.error().str();
    return pa && pb ? audit::diffPredictions(*pa, *pb) : std::vector<audit::PredictionChange>{};
  }

  // ole.reg of b with MachineLaunchRestriction rewritten without the ACEs on `sid` (written as
  // reg export writes a binary value, in UTF-8: the reader takes either encoding).
  void dropLimitsAce(const std::string &sid) {
    auto host = audit::loadSnapshotHost(a);
    ASSERT_TRUE(host) << host.error().str();
    winsec::SecurityDescriptor sd = host->dcom.machineLaunchRestriction->sd;
    auto &aces = sd.dacl->aces;
    size_t before = aces.size();
    aces.erase(std::remove_if(aces.begin(), aces.end(), [&](const winsec::Ace &x) { return x.sid.str() == sid; }),
               aces.end());
    ASSERT_EQ(aces.size() + 1, before);
    std::string hex;
    for (uint8_t byte : sd.toBinary())
      hex += (hex.empty() ? "" : ",") + fmt::format("{:02x}", byte);
    std::string raw = dd::test::readFileText(b / "ole.reg");
    std::string text = registry::text::utf16ToUtf8(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(raw.data()) + 2, raw.size() - 2));
    size_t start = text.find("\"MachineLaunchRestriction\"=hex:");
    ASSERT_NE(start, std::string::npos);
    size_t end = start;
    while (true) { // the value's continuation lines end in a backslash
      size_t eol = text.find('\n', end);
      bool more = eol != std::string::npos && eol > 0 && text[eol - (text[eol - 1] == '\r' ? 2 : 1)] == '\\';
      end = eol == std::string::npos ? text.size() : eol + 1;
      if (!more)
        break;
    }
    spit(b / "ole.reg", text.replace(start, end - start, "\"MachineLaunchRestriction\"=hex:" + hex + "\r\n"));
  }
};

const audit::Difference *find(const std::vector<audit::Difference> &d, const std::string &what) {
  for (const auto &x : d)
    if (x.what.find(what) != std::string::npos)
      return &x;
  return nullptr;
}

const audit::PredictionChange *findChange(const std::vector<audit::PredictionChange> &p, const std::string &clientHost,
                                          const std::string &direction) {
  for (const auto &x : p)
    if (x.clientHost == clientHost && x.serverHost == "OPCSRV" && x.direction == direction)
      return &x;
  return nullptr;
}

std::string describe(const std::vector<audit::Difference> &d) {
  std::string s;
  for (const auto &x : d)
    s += x.area + " | " + x.what + " | " + x.before + " -> " + x.after + "\n";
  return s;
}

TEST_F(SnapshotPair, SameSnapshotsDiffer_InNothing) {
  EXPECT_TRUE(differences().empty()) << describe(differences());
  EXPECT_TRUE(predictions().empty());
}

TEST_F(SnapshotPair, AceRemovedFromLaunchLimits_IsNamedAndTurnsTheConnectRed) {
  dropLimitsAce("S-1-5-32-562"); // BUILTIN\Distributed COM Users
  auto d = differences();
  ASSERT_EQ(d.size(), 1u) << describe(d);
  EXPECT_EQ(d[0].area, "Limits");
  EXPECT_NE(d[0].what.find("MachineLaunchRestriction"), std::string::npos) << d[0].what;
  EXPECT_NE(d[0].what.find("Edit Limits"), std::string::npos) << d[0].what;
  EXPECT_NE(d[0].what.find("ACE removed: Allow BUILTIN\\Distributed COM Users"), std::string::npos) << d[0].what;
  EXPECT_NE(d[0].what.find("Remote Launch"), std::string::npos) << d[0].what;
  EXPECT_NE(d[0].before.find("S-1-5-32-562"), std::string::npos) << d[0].before;
  EXPECT_EQ(d[0].after, "");
  EXPECT_NE(d[0].evidenceA.find("OPCSRV-a/ole.reg"), std::string::npos) << d[0].evidenceA;
  EXPECT_NE(d[0].evidenceB.find("OPCSRV-b/ole.reg"), std::string::npos) << d[0].evidenceB;

  // HMI1's HMI runs as opcuser, a member of Distributed COM Users only: its connect was green.
  auto p = predictions();
  const auto *c = findChange(p, "HMI1", "connect");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->hresultA, 0u);
  EXPECT_EQ(c->hresultB, 0x80070005u);
  EXPECT_EQ(c->stepA, "");
  EXPECT_EQ(c->stepB, "launch-limits");
}

TEST_F(SnapshotPair, AccountDisabled_IsNamedWithTheWmicRecord) {
  disableOpcuser();
  auto d = differences();
  ASSERT_EQ(d.size(), 1u) << describe(d);
  EXPECT_EQ(d[0].area, "accounts");
  EXPECT_EQ(d[0].what, "opcuser: Account active");
  EXPECT_EQ(d[0].before, "yes");
  EXPECT_EQ(d[0].after, "no");
  EXPECT_NE(d[0].evidenceB.find("OPCSRV-b/wmic-useraccount.txt:27"), std::string::npos) << d[0].evidenceB;

  auto changes = predictions(); // kept: findChange points into it
  const auto *c = findChange(changes, "HMI1", "connect");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->hresultA, 0u);
  EXPECT_NE(c->hresultB, 0u);
}

TEST_F(SnapshotPair, FirewallRuleRemoved_IsNamedWithItsLine) {
  std::string text = dd::test::readFileText(b / "firewall-rules.txt");
  size_t start = text.find("Rule Name:                            Acme OPC DA Server");
  size_t end = text.find("Rule Name:", start + 10);
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  spit(b / "firewall-rules.txt", text.erase(start, end - start));
  auto d = differences();
  ASSERT_EQ(d.size(), 1u) << describe(d);
  EXPECT_EQ(d[0].area, "firewall");
  EXPECT_EQ(d[0].what, "inbound rule removed: Acme OPC DA Server");
  EXPECT_NE(d[0].before.find("allow"), std::string::npos) << d[0].before;
  EXPECT_NE(d[0].evidenceA.find("OPCSRV-a/firewall-rules.txt:116"), std::string::npos) << d[0].evidenceA;

  auto changes = predictions(); // kept: findChange points into it
  const auto *c = findChange(changes, "HMI1", "connect");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->hresultA, 0u);
  EXPECT_NE(c->hresultB, 0u);
}

TEST_F(SnapshotPair, GroupMemberRemoved_AndServiceStopped) {
  replaceIn("net-localgroup-Distributed COM Users.txt", "-\r\nopcuser\r\n", "-\r\n");
  replaceIn("sc-query-OpcEnum.txt", "RUNNING", "STOPPED");
  auto d = differences();
  const auto *g = find(d, "Distributed COM Users: member removed: opcuser");
  ASSERT_NE(g, nullptr) << describe(d);
  EXPECT_NE(g->evidenceB.find("net-localgroup-Distributed COM Users.txt"), std::string::npos) << g->evidenceB;
  const auto *s = find(d, "OpcEnum: STATE");
  ASSERT_NE(s, nullptr) << describe(d);
  EXPECT_EQ(s->before, "running");
  EXPECT_EQ(s->after, "stopped");
}

// appid.reg as reg export writes it (UTF-16LE with a BOM): the Identity tab set to the interactive user.
TEST_F(SnapshotPair, IdentityChanged_IsNamedInTheIdentityTabsWords) {
  std::string raw = dd::test::readFileText(b / "appid.reg");
  std::string text = registry::text::utf16ToUtf8(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(raw.data()) + 2, raw.size() - 2));
  size_t at = text.find("\"RunAs\"=\"opcsvc\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 16, "\"RunAs\"=\"Interactive User\"");
  std::vector<uint8_t> out = {0xff, 0xfe};
  registry::text::utf8ToUtf16(text, out);
  spit(b / "appid.reg", std::string(out.begin(), out.end()));
  auto d = differences();
  const auto *r = find(d, "RunAs (Identity tab)");
  ASSERT_NE(r, nullptr) << describe(d);
  EXPECT_EQ(r->area, "AppID Acme.OPCDA.1");
  EXPECT_EQ(r->before, "This user: opcsvc");
  EXPECT_EQ(r->after, "The interactive user");
  EXPECT_NE(r->evidenceB.find("OPCSRV-b/appid.reg"), std::string::npos) << r->evidenceB;
}

TEST(Diff, PlantWithSnapshot_KeepsTheLinesOfThePlantFile) {
  auto original = model::readPlantFile(kExample / "plant.toml");
  auto edited = audit::plantWithSnapshot(kExample / "plant.toml", "hmi1", kExample / "snapshots" / "HMI1");
  ASSERT_TRUE(original) << original.error().str();
  ASSERT_TRUE(edited) << edited.error().str();
  const model::Host *h0 = original->findHost("HMI1"), *h1 = edited->findHost("HMI1");
  ASSERT_TRUE(h0 && h1);
  EXPECT_EQ(h1->patched->from.line, h0->patched->from.line);
  EXPECT_EQ(h1->users.size(), h0->users.size());
  EXPECT_TRUE(audit::diffPredictions(*original, *edited).empty());
  auto missing = audit::plantWithSnapshot(kExample / "plant.toml", "NOSUCH", kExample / "snapshots" / "HMI1");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().str().find("NOSUCH"), std::string::npos);
}

int runCli(const std::string &args, std::string *out = nullptr) {
  fs::path o = fs::temp_directory_path() / ("dd-diff-cli-" + std::to_string(::getpid()));
  int raw =
      std::system((std::string("'") + DCOMDOCTOR_BINARY + "' diff " + args + " >'" + o.string() + "' 2>&1").c_str());
  if (out)
    *out = dd::test::readFileText(o);
  fs::remove(o);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

TEST_F(SnapshotPair, Cli_ExitStatusAndJson) {
  std::string out;
  EXPECT_EQ(runCli("'" + a.string() + "' '" + b.string() + "'", &out), 0) << out;
  EXPECT_NE(out.find("No DCOM-relevant difference"), std::string::npos) << out;
  disableOpcuser();
  std::string plant = (kExample / "plant.toml").string();
  EXPECT_EQ(runCli("'" + a.string() + "' '" + b.string() + "' --plant '" + plant + "' --host OPCSRV --json", &out), 1)
      << out;
  auto j = nlohmann::json::parse(out);
  EXPECT_FALSE(j["same"].get<bool>());
  EXPECT_EQ(j["differences"][0]["what"], "opcuser: Account active");
  EXPECT_FALSE(j["predictions"].empty());
  EXPECT_EQ(out.find("\"A\""), std::string::npos); // no password label of the plant file
  EXPECT_EQ(runCli("'" + a.string() + "' '" + (dir / "nowhere").string() + "'", &out), 2) << out;
  EXPECT_NE(out.find("nowhere"), std::string::npos) << out;
  EXPECT_EQ(runCli("'" + a.string() + "' '" + b.string() + "' --plant '" + plant + "'", &out), 2) << out;
  EXPECT_EQ(runCli("'" + a.string() + "' '" + b.string() + "' --plant '" + plant + "' --host NOSUCH", &out), 2) << out;
}

} // namespace
