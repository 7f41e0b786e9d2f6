// `dcomdoctor show` through the built binary: the bundled example plant's server host, the same
// host from its snapshot folder, a real Windows 7 export of the Ole key, --json, and bad input.
#include "support/Conformance.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Run {
  int status = -1;
  std::string out;
};

Run run(const std::string &args) {
  Run r;
  const std::string command = std::string(DCOMDOCTOR_BINARY) + " " + args + " 2>&1";
  if (FILE *pipe = ::popen(command.c_str(), "r")) {
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      r.out.append(buffer.data(), n);
    const int raw = ::pclose(pipe);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  return r;
}

std::string example(const std::string &relative) {
  return "'" + (dd::test::sourceDir() / "examples" / "plant" / relative).string() + "'";
}

bool has(const std::string &text, const std::string &what) { return text.find(what) != std::string::npos; }

// The line of `text` that starts (after blanks) with `start`.
std::string lineWith(const std::string &text, const std::string &start) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    std::string line = text.substr(at, end - at);
    if (line.find_first_not_of(' ') != std::string::npos && line.substr(line.find_first_not_of(' ')).starts_with(start))
      return line;
    if (end == std::string::npos)
      break;
    at = end + 1;
  }
  return {};
}

// OPCSRV of the example plant: its snapshot (examples/plant/snapshots/OPCSRV) sets the Limits and
// the DefaultLaunchPermission, leaves DefaultAccessPermission absent, and registers
// Acme.OPCDA.1 under AppID {6A2B9D3E-...} "Acme OPC DA Server" with RunAs opcsvc and its own
// LaunchPermission and AccessPermission.
TEST(ShowCli, PlantHostInDcomcnfgsWords) {
  auto r = run("show " + example("plant.toml") + " --host OPCSRV");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(has(r.out, "Host OPCSRV (Windows Server 2019)")) << r.out;
  EXPECT_TRUE(has(r.out, "Enable Distributed COM on this computer: yes")) << r.out;
  EXPECT_TRUE(has(r.out, "Default Authentication Level: Connect")) << r.out;
  EXPECT_TRUE(has(r.out, "Default Impersonation Level: Identify")) << r.out;
  EXPECT_TRUE(has(r.out, "Access Permissions > Edit Limits (MachineAccessRestriction, ")) << r.out;
  EXPECT_TRUE(has(r.out, "Access Permissions > Edit Default (DefaultAccessPermission): not set")) << r.out;
  // The Limits' rows: Everyone may access locally and remotely; ANONYMOUS LOGON locally only.
  std::string everyone = lineWith(r.out, "Everyone ");
  EXPECT_TRUE(has(everyone, "Allow")) << r.out;
  std::string anonymous = lineWith(r.out, "NT AUTHORITY\\ANONYMOUS LOGON");
  EXPECT_TRUE(has(anonymous, "Allow") && has(anonymous, " -")) << anonymous;
  EXPECT_TRUE(has(r.out, "Acme OPC DA Server {6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}")) << r.out;
  EXPECT_TRUE(has(r.out, "Acme.OPCDA.1")) << r.out;
  EXPECT_TRUE(has(r.out, "Identity: This user: opcsvc")) << r.out;
  EXPECT_TRUE(has(r.out, "Security > Launch and Activation Permissions: Customize (LaunchPermission")) << r.out;
  EXPECT_TRUE(has(r.out, "Security > Access Permissions: Customize (AccessPermission")) << r.out;
  // DefaultAccessPermission absent: the table of what Windows uses instead.
  EXPECT_TRUE(has(lineWith(r.out, "NT AUTHORITY\\SELF"), "Allow")) << r.out;
  EXPECT_EQ(r.out.find(" \n"), std::string::npos) << "trailing blanks";
}

TEST(ShowCli, SnapshotFolderGivesTheSameSettings) {
  auto plant = run("show " + example("plant.toml") + " --host OPCSRV --json");
  auto folder = run("show " + example("snapshots/OPCSRV") + " --json");
  ASSERT_EQ(plant.status, 0) << plant.out;
  ASSERT_EQ(folder.status, 0) << folder.out;
  auto a = nlohmann::json::parse(plant.out), b = nlohmann::json::parse(folder.out);
  EXPECT_EQ(b["host"], "OPCSRV");
  for (const char *key :
       {"os", "enable_dcom", "default_authentication_level", "default_impersonation_level", "servers"})
    EXPECT_EQ(a[key], b[key]) << key;
  ASSERT_EQ(a["com_security"].size(), b["com_security"].size());
  for (size_t i = 0; i < a["com_security"].size(); ++i)
    EXPECT_EQ(a["com_security"][i]["principals"], b["com_security"][i]["principals"]) << i;
  const auto &server = a["servers"][0];
  EXPECT_EQ(server["name"], "Acme OPC DA Server");
  EXPECT_EQ(server["classes"][0]["progid"], "Acme.OPCDA.1");
  EXPECT_EQ(server["launch_permission"]["set"], true);
  EXPECT_EQ(server["access_permission"]["principals"][2]["principal"], "BUILTIN\\Distributed COM Users");
  EXPECT_EQ(server["authentication_level"], "default");
}

// A real export of HKLM\SOFTWARE\Microsoft\Ole from Windows 7 (conformance/reg): the Limits
// and DefaultLaunchPermission of conformance/README.md, no DefaultAccessPermission.
TEST(ShowCli, RegExportFromWindows7) {
  DD_REQUIRE_CONFORMANCE(dir);
  const auto reg = dir / "reg" / "ole-machine-settings-win7.reg";
  auto r = run("show '" + reg.string() + "' --os windows-7 --json");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["os"], "windows-7");
  EXPECT_EQ(j["os_assumed"], false);
  std::map<std::string, nlohmann::json> byValue;
  for (const auto &d : j["com_security"])
    byValue[d["value"]] = d;
  const auto &access = byValue["MachineAccessRestriction"];
  ASSERT_EQ(access["set"], true) << r.out;
  EXPECT_EQ(access["from"].get<std::string>().find(reg.string()), 0u) << access["from"]; // not a temporary path
  bool anonymous = false;
  for (const auto &p : access["principals"])
    if (p["sid"] == "S-1-5-7") {
      anonymous = true;
      EXPECT_EQ(p["rights"]["Local Access"], "Allow");
      EXPECT_TRUE(p["rights"]["Remote Access"].is_null());
    }
  EXPECT_TRUE(anonymous) << access.dump();
  EXPECT_EQ(byValue["DefaultAccessPermission"]["set"], false);
  EXPECT_EQ(byValue["DefaultLaunchPermission"]["set"], true);
  EXPECT_TRUE(j["servers"].empty());
  auto text = run("show '" + reg.string() + "'");
  EXPECT_TRUE(has(text.out, "Windows version assumed")) << text.out;
}

// An AppID with neither permission of its own: dcomcnfg's "Use Default"; its own authentication
// level and identity in dcomcnfg's words.
TEST(ShowCli, AppIdWithoutPermissionsUsesTheDefaults) {
  const auto file = std::filesystem::temp_directory_path() / ("dd-show-" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream out(file);
    out << "[[host]]\nname = \"SRV\"\nos = \"windows-10\"\n\n[[host.server]]\nprogid = \"X.Server.1\"\n"
           "clsid = \"{11111111-2222-3333-4444-555555555555}\"\nrun_as = \"Interactive User\"\n"
           "authentication_level = 6\n";
  }
  auto r = run("show '" + file.string() + "'");
  std::filesystem::remove(file);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(has(r.out, "Host SRV (Windows 10)")) << r.out;
  EXPECT_TRUE(has(r.out, "General > Authentication Level: Packet Privacy")) << r.out;
  EXPECT_TRUE(has(r.out, "Identity: The interactive user")) << r.out;
  EXPECT_TRUE(has(r.out, "Security > Launch and Activation Permissions: Use Default (no LaunchPermission")) << r.out;
  EXPECT_TRUE(has(r.out, "Security > Access Permissions: Use Default (no AccessPermission")) << r.out;
  EXPECT_TRUE(has(r.out, "(AppID has no name) {11111111-2222-3333-4444-555555555555}")) << r.out;
}

TEST(ShowCli, BadInputExitsTwoWithAMessage) {
  auto missing = run("show /nonexistent/plant.toml");
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(has(missing.out, "no such file or folder")) << missing.out;
  auto twoHosts = run("show " + example("plant.toml"));
  EXPECT_EQ(twoHosts.status, 2);
  EXPECT_TRUE(has(twoHosts.out, "--host")) << twoHosts.out;
  auto noHost = run("show " + example("plant.toml") + " --host NOPE");
  EXPECT_EQ(noHost.status, 2);
}

} // namespace
