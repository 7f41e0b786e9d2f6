// `dcomdoctor sd` through the built binary: single items, the batch contract (one output line
// per input line, "error: ..." for bad ones, exit 1), usage errors (exit 2), --json, and the
// Windows 7 Ole key's binary descriptors decoding to what conformance/README.md says.
#include "support/Conformance.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Run {
  int status = -1;
  std::string out;
};

// Runs the binary with `args` (shell-quoted by the caller) and `input` on stdin.
Run run(const std::string &args, const std::string &input = "") {
  static int counter = 0;
  auto inPath = std::filesystem::temp_directory_path() /
                ("dd-sd-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  {
    std::ofstream in(inPath, std::ios::binary);
    in << input;
  }
  std::string command = std::string(DCOMDOCTOR_BINARY) + " " + args + " < " + inPath.string() + " 2>/dev/null";
  Run result;
  if (FILE *pipe = popen(command.c_str(), "r")) {
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      result.out.append(buffer.data(), n);
    int raw = pclose(pipe);
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  std::filesystem::remove(inPath);
  return result;
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The hex of a binary value in a regedit export (UTF-16LE): a tiny reader of `"Name"=hex:..`
// lines with their backslash continuations, enough for this test (the real .reg reader is
// dd::registry's).
std::string regHexValue(const std::filesystem::path &file, const std::string &name) {
  auto raw = dd::test::readFileBytes(file);
  std::string text;
  for (size_t i = 2; i + 1 < raw.size(); i += 2) // skip the BOM; the file is ASCII in UTF-16LE
    text += raw[i + 1] == 0 ? static_cast<char>(raw[i]) : '?';
  size_t at = text.find("\"" + name + "\"=hex:");
  if (at == std::string::npos)
    return {};
  std::string hex;
  bool continued = false; // a backslash at the end of a line continues the value
  for (size_t i = at + name.size() + 7; i < text.size(); ++i) {
    char c = text[i];
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      hex += static_cast<char>(std::tolower(c));
      continued = false;
    } else if (c == '\\') {
      continued = true;
    } else if (c == ',' || c == ' ') {
      continue;
    } else if ((c == '\r' || c == '\n') && continued) {
      continue;
    } else {
      break;
    }
  }
  return hex;
}

} // namespace

TEST(SdCli, EncodeOne) {
  auto r = run("sd encode 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)'");
  EXPECT_EQ(r.status, 0);
  auto sd = dd::winsec::parseSddl("O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)");
  std::string hex;
  for (uint8_t b : sd->toBinary())
    hex += fmt::format("{:02x}", b);
  EXPECT_EQ(r.out, hex + "\n");
}

TEST(SdCli, DecodeOnePrintsSddlThenTheAceTable) {
  auto r = run("sd decode 01000480440000005400000000000000140000000200300002000000000014000700000001010000000000010000000000001400030000000101000000000005070000000102000000000005200000002002000001020000000000052000000020020000");
  ASSERT_EQ(r.status, 0);
  auto out = lines(r.out);
  ASSERT_GE(out.size(), 3u);
  EXPECT_EQ(out[0], "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)");
  EXPECT_NE(r.out.find("Everyone (WD)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NT AUTHORITY\\ANONYMOUS LOGON (AN)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Local Access, Remote Access"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("COM access permissions"), std::string::npos) << r.out;
}

TEST(SdCli, BatchContractOneLinePerInputLine) {
  const std::string input = "D:(A;;GA;;;WD)\nnot sddl\n\nO:DAG:DU\nD:(A;;QQ;;;WD)\r\n";
  auto r = run("sd encode --domain-sid S-1-5-21-1-2-3 -", input);
  EXPECT_EQ(r.status, 1); // items failed
  auto out = lines(r.out);
  ASSERT_EQ(out.size(), 5u) << r.out;
  EXPECT_EQ(out[0].substr(0, 8), "01000480");
  EXPECT_EQ(out[1].substr(0, 7), "error: ");
  EXPECT_EQ(out[2], "0100008000000000000000000000000000000000"); // empty SDDL: empty descriptor
  EXPECT_EQ(out[3].substr(0, 8), "01000080");
  EXPECT_NE(out[4].find("error: bad SDDL at character 7: unknown right \"QQ\""), std::string::npos) << out[4];

  // Decode's batch prints only the SDDL line per input, so its output feeds encode again.
  auto d = run("sd decode --domain-sid S-1-5-21-1-2-3 -", out[0] + "\nzz\n" + out[3] + "\n0100\n");
  EXPECT_EQ(d.status, 1);
  auto back = lines(d.out);
  ASSERT_EQ(back.size(), 4u) << d.out;
  EXPECT_EQ(back[0], "D:(A;;GA;;;WD)");
  EXPECT_EQ(back[1], "error: bad hex at character 1: 'z' is not a hex digit");
  EXPECT_EQ(back[2], "O:DAG:DU");
  EXPECT_NE(back[3].find("error: "), std::string::npos);
  EXPECT_NE(back[3].find("truncated security descriptor"), std::string::npos) << back[3];

  auto ok = run("sd encode -", "D:\nO:BA\n");
  EXPECT_EQ(ok.status, 0);
  EXPECT_EQ(lines(ok.out).size(), 2u);
}

TEST(SdCli, UsageErrorsExit2) {
  EXPECT_EQ(run("sd encode").status, 2);                         // missing argument
  EXPECT_EQ(run("sd encode --domain-sid X-1 D:").status, 2);     // bad domain SID
  EXPECT_EQ(run("sd decode --kind other 0100").status, 2);       // bad --kind
  EXPECT_EQ(run("sd check D: ").status, 2);                      // --sid required
  EXPECT_EQ(run("sd check D: --sid NOTASID").status, 2);
  EXPECT_EQ(run("sd decode zz").status, 2);                      // malformed single input
  EXPECT_EQ(run("sd encode 'D:(A;;GA;;;DA)'").status, 2);        // DA without --domain-sid
}

TEST(SdCli, JsonOutputs) {
  auto e = run("sd encode --json 'D:(A;;CC;;;WD)'");
  ASSERT_EQ(e.status, 0);
  auto ej = nlohmann::json::parse(e.out);
  EXPECT_EQ(ej["sddl"], "D:(A;;CC;;;WD)");
  auto d = run("sd decode --json --kind launch " + ej["hex"].get<std::string>());
  ASSERT_EQ(d.status, 0) << d.out;
  auto dj = nlohmann::json::parse(d.out);
  EXPECT_EQ(dj["sddl"], "D:(A;;CC;;;WD)");
  EXPECT_EQ(dj["com_kind"], "launch");
  EXPECT_EQ(dj["dacl"]["aces"][0]["principal"]["name"], "Everyone");
  EXPECT_EQ(dj["dacl"]["aces"][0]["com_effective_mask"], 0x1F); // old-style EXECUTE only
  auto b = run("sd encode --json -", "D:\nbad\n");
  EXPECT_EQ(b.status, 1);
  auto bl = lines(b.out);
  ASSERT_EQ(bl.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(bl[1])["line"], 2);
  EXPECT_TRUE(nlohmann::json::parse(bl[1]).contains("error"));
}

TEST(SdCli, CheckPrintsGrantedRightsAndDecidingAces) {
  auto r = run("sd check 'O:BAG:BAD:(D;;LCRP;;;NU)(A;;CCDCLCSWRP;;;WD)' --sid S-1-5-21-1-2-3-1001 "
               "--sid WD --sid NU --kind launch");
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("granted: Local Launch, Local Activation (effective mask 0xb)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not granted: Remote Launch, Remote Activation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ACE 0 (D;;LCRP;;;NU) denies NT AUTHORITY\\NETWORK: Remote Launch, Remote Activation"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ACE 1 (A;;CCDCLCSWRP;;;WD) grants Everyone: Local Launch, Local Activation"),
            std::string::npos) << r.out;
  auto j = run("sd check --json 'D:(A;;CCDC;;;AN)' --sid AN --kind access");
  ASSERT_EQ(j.status, 0);
  auto json = nlohmann::json::parse(j.out);
  EXPECT_EQ(json["granted"], "Local Access");
  EXPECT_EQ(json["allowed_by"][0]["ace"], "(A;;CCDC;;;AN)");
  auto nul = run("sd check D:NO_ACCESS_CONTROL --sid AN");
  EXPECT_NE(nul.out.find("NULL DACL"), std::string::npos) << nul.out;
}

TEST(SdCli, OleMachineSettingsFromWindows7DecodeAsTheReadmeSays) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto reg = dir / "reg" / "ole-machine-settings-win7.reg";
  std::string access = regHexValue(reg, "MachineAccessRestriction");
  std::string launch = regHexValue(reg, "MachineLaunchRestriction");
  std::string defaultLaunch = regHexValue(reg, "DefaultLaunchPermission");
  ASSERT_FALSE(access.empty());
  ASSERT_FALSE(launch.empty());
  ASSERT_FALSE(defaultLaunch.empty());

  // Access Limits: Everyone local+remote access (0x7), ANONYMOUS LOGON local access (0x3).
  auto a = nlohmann::json::parse(run("sd decode --json " + access).out);
  EXPECT_EQ(a["com_kind"], "access");
  bool everyone = false, anonymous = false;
  for (const auto &ace : a["dacl"]["aces"]) {
    if (ace["principal"]["sid"] == "S-1-1-0") {
      everyone = true;
      EXPECT_EQ(ace["mask"], 0x7);
      EXPECT_EQ(ace["com_rights"], "Local Access, Remote Access");
    }
    if (ace["principal"]["sid"] == "S-1-5-7") {
      anonymous = true;
      EXPECT_EQ(ace["mask"], 0x3);
      EXPECT_EQ(ace["principal"]["name"], "NT AUTHORITY\\ANONYMOUS LOGON");
    }
  }
  EXPECT_TRUE(everyone && anonymous) << a.dump();

  // Launch Limits: Everyone local launch + activation (0xb), Administrators everything (0x1f).
  auto l = nlohmann::json::parse(run("sd decode --json " + launch).out);
  EXPECT_EQ(l["com_kind"], "launch");
  bool everyoneLaunch = false, admins = false;
  for (const auto &ace : l["dacl"]["aces"]) {
    if (ace["principal"]["sid"] == "S-1-1-0") {
      everyoneLaunch = true;
      EXPECT_EQ(ace["mask"], 0xB);
      EXPECT_EQ(ace["com_rights"], "Local Launch, Local Activation");
    }
    if (ace["principal"]["sid"] == "S-1-5-32-544") {
      admins = true;
      EXPECT_EQ(ace["mask"], 0x1F);
    }
  }
  EXPECT_TRUE(everyoneLaunch && admins) << l.dump();

  // And the check agrees: a remote Everyone-only caller gets local launch/activation only.
  auto c = run("sd check " + launch + " --sid S-1-5-21-1-2-3-1001 --sid WD --sid NU");
  EXPECT_NE(c.out.find("granted: Local Launch, Local Activation"), std::string::npos) << c.out;

  // Re-encoding gives Windows' bytes back.
  for (const auto &hex : {access, launch, defaultLaunch}) {
    auto sddl = lines(run("sd decode " + hex).out).at(0);
    EXPECT_EQ(run("sd encode '" + sddl + "'").out, hex + "\n") << sddl;
  }
}
