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
  auto r = run("sd decode "
               "0100048044000000540000000000000014000000020030000200000000001400070000000101000000000001000000000000140"
               "0030000000101000000000005070000000102000000000005200000002002000001020000000000052000000020020000");
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
  EXPECT_EQ(run("sd encode").status, 2);                     // missing argument
  EXPECT_EQ(run("sd encode --domain-sid X-1 D:").status, 2); // bad domain SID
  EXPECT_EQ(run("sd decode --kind other 0100").status, 2);   // bad --kind
  EXPECT_EQ(run("sd check D: ").status, 2);                  // --sid required
  EXPECT_EQ(run("sd check D: --sid NOTASID").status, 2);
  EXPECT_EQ(run("sd decode zz").status, 2);               // malformed single input
  EXPECT_EQ(run("sd encode 'D:(A;;GA;;;DA)'").status, 2); // DA without --domain-sid
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
  ASSERT_EQ(r.status, 1); // every launch right was asked for; the remote ones are denied
  EXPECT_NE(r.out.find("granted: Local Launch, Local Activation (effective mask 0xb)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not granted: Remote Launch, Remote Activation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ACE 0 (D;;LCRP;;;NU) denies NT AUTHORITY\\NETWORK: Remote Launch, Remote Activation"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ACE 1 (A;;CCDCLCSWRP;;;WD) grants Everyone: Local Launch, Local Activation"), std::string::npos)
      << r.out;
  auto j = run("sd check --json 'D:(A;;CCDC;;;AN)' --sid AN --kind access --want 'Local Access'");
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

// The lines of a value in a regedit export exactly as the file writes them: `"Name"=hex:..,\`
// and its indented continuation lines (the export is ASCII text in UTF-16LE).
std::string regValueLines(const std::filesystem::path &file, const std::string &name) {
  auto raw = dd::test::readFileBytes(file);
  std::string text;
  for (size_t i = 2; i + 1 < raw.size(); i += 2)
    text += raw[i + 1] == 0 ? static_cast<char>(raw[i]) : '?';
  size_t at = text.find("\"" + name + "\"=hex:");
  if (at == std::string::npos)
    return {};
  size_t end = at;
  while ((end = text.find('\n', end)) != std::string::npos && end > 0 &&
         text[end - 1 - (text[end - 1] == '\r')] == '\\')
    ++end;
  return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

TEST(SdCli, CheckTakesAMultiLineValuePastedFromARegFile) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto reg = dir / "reg" / "ole-machine-settings-win7.reg";
  std::string pasted = regValueLines(reg, "MachineLaunchRestriction");
  ASSERT_NE(pasted.find("\\\r\n  "), std::string::npos) << "expected continuation lines: " << pasted;
  // From stdin (what a user pastes after `sd check -`) and as one quoted argument.
  auto in = run("sd check - --sid S-1-5-21-1-2-3-1001 --sid Everyone --sid NETWORK", pasted);
  EXPECT_NE(in.out.find("granted: Local Launch, Local Activation"), std::string::npos) << in.out;
  EXPECT_EQ(in.status, 1) << in.out; // Remote Launch and Remote Activation are denied
  std::string quoted;
  for (char c : pasted)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  auto arg = run("sd check '" + quoted + "' --sid S-1-5-21-1-2-3-1001 --sid Everyone --sid NETWORK");
  EXPECT_EQ(arg.out, in.out);
  auto decoded = run("sd decode '" + quoted + "'");
  EXPECT_EQ(decoded.status, 0) << decoded.out;
}

TEST(SdCli, CheckTakesNamesAsWindowsShowsThem) {
  const std::string sddl = "'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)'";
  auto byName = run("sd check " + sddl +
                    " --sid S-1-5-21-1-2-3-1001 --sid 'Distributed COM Users' "
                    "--sid 'BUILTIN\\Users' --sid 'NT AUTHORITY\\NETWORK' --sid Everyone --json");
  auto bySid = run("sd check " + sddl +
                   " --sid S-1-5-21-1-2-3-1001 --sid S-1-5-32-562 "
                   "--sid BU --sid NU --sid WD --json");
  ASSERT_EQ(byName.status, 0) << byName.out;
  EXPECT_EQ(byName.out, bySid.out);
  auto j = nlohmann::json::parse(byName.out);
  EXPECT_EQ(j["token"][1]["sid"], "S-1-5-32-562");
  EXPECT_EQ(j["token"][2]["sid"], "S-1-5-32-545");
  EXPECT_EQ(j["granted"], "Local Launch, Remote Launch, Local Activation, Remote Activation");
  EXPECT_EQ(j["allowed"], true);
  // Lower case and the name without its authority, as users type them.
  EXPECT_EQ(run("sd check " + sddl + " --sid 'anonymous logon' --sid network --json").status, 1);
  EXPECT_EQ(run("sd check " + sddl + " --sid 'No Such Group'").status, 2);
}

TEST(SdCli, CheckOfAccessRightsAllGrantedSaysNothingIsMissing) {
  auto r = run("sd check 'D:(A;;CCDCLC;;;WD)' --sid WD --kind access");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.find("not granted"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("no ACE grants"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("asked for: Local Access, Remote Access: allowed"), std::string::npos) << r.out;
}

TEST(SdCli, CheckExitsOneWhenTheRightAskedForIsDenied) {
  const std::string sddl = "'O:BAG:BAD:(A;;CCDCSW;;;WD)'"; // Everyone: local launch and activation
  EXPECT_EQ(run("sd check " + sddl + " --sid WD --want 'Local Launch,Local Activation'").status, 0);
  auto denied = run("sd check " + sddl + " --sid WD --want remote-activation");
  EXPECT_EQ(denied.status, 1);
  EXPECT_NE(denied.out.find("asked for: Remote Activation: DENIED"), std::string::npos) << denied.out;
  EXPECT_EQ(run("sd check " + sddl + " --sid WD --want 'Remote Access'").status, 2); // not a launch right
}

// The Windows defaults of absent Ole values, per version (model/Defaults.h; Microsoft,
// "DefaultLaunchPermission" and "DefaultAccessPermission", COM registry reference).
TEST(SdCli, CheckKnowsTheWindowsDefaultOfAnAbsentValue) {
  auto launch = run("sd check --default DefaultLaunchPermission --os windows-7 --sid S-1-5-21-1-2-3-1001 "
                    "--sid INTERACTIVE --sid Everyone");
  EXPECT_EQ(launch.status, 0) << launch.out; // INTERACTIVE may launch locally and remotely
  EXPECT_NE(launch.out.find("from: the Windows 7 default of an absent DefaultLaunchPermission"), std::string::npos)
      << launch.out;
  auto remote = run("sd check --default DefaultLaunchPermission --os windows-7 --sid S-1-5-21-1-2-3-1001 "
                    "--sid NETWORK --sid Everyone --json");
  EXPECT_EQ(remote.status, 1);
  EXPECT_EQ(nlohmann::json::parse(remote.out)["granted"], "none");
  // Before XP SP2 the default held old-style EXECUTE ACEs: all rights for INTERACTIVE.
  auto xp = run("sd check --default DefaultLaunchPermission --os windows-2000 --sid S-1-5-21-1-2-3-1001 "
                "--sid INTERACTIVE");
  EXPECT_EQ(xp.status, 0) << xp.out;
  EXPECT_NE(xp.out.find("(A;;CC;;;IU)"), std::string::npos) << xp.out;
  // No DefaultAccessPermission: only SELF and SYSTEM may call.
  auto access = run("sd check --default DefaultAccessPermission --sid S-1-5-21-1-2-3-1001 --sid Everyone");
  EXPECT_EQ(access.status, 1) << access.out;
  EXPECT_EQ(run("sd check --default DefaultAccessPermission --sid SYSTEM --want 'Local Access'").status, 0);
  EXPECT_EQ(run("sd check --default MachineLaunchRestriction --os windows-2000 --sid WD").status, 2);
  EXPECT_EQ(run("sd check --default NoSuchValue --sid WD").status, 2);
}

// The example `sd decode --help` prints works as printed.
TEST(SdCli, DecodeHelpExampleWorks) {
  auto help = run("sd decode --help");
  size_t at = help.out.find("dcomdoctor sd decode ", help.out.find("Example"));
  ASSERT_NE(at, std::string::npos) << help.out;
  std::string example = help.out.substr(at + 11, help.out.find('\n', at) - at - 11);
  auto r = run(example);
  ASSERT_EQ(r.status, 0) << example;
  EXPECT_EQ(lines(r.out).at(0), "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)");
}
