// `dcomdoctor reg dump|export` through the built binary: the acceptance round trip, SDDL shown
// for descriptors, the JSON form, located diagnostics on stderr and the exit statuses.
#include "support/Conformance.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <sys/wait.h>

namespace {

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::filesystem::path scratch(const std::string &name) {
  auto dir = std::filesystem::temp_directory_path() / ("dd-regcmd-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

Outcome run(const std::string &args) {
  auto errFile = scratch("stderr.txt");
  std::string cmd = std::string(DCOMDOCTOR_BINARY) + " " + args + " 2>'" + errFile.string() + "'";
  Outcome r;
  FILE *p = popen(cmd.c_str(), "r");
  if (!p)
    return r;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream in(errFile);
  r.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return r;
}

std::string q(const std::filesystem::path &p) { return "'" + p.string() + "'"; }

} // namespace

TEST(RegCommand, ExportRoundTripsAndDumpShowsSddl) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto src = dir / "reg" / "ole-machine-settings-win7.reg";
  auto out = scratch("out.reg");
  Outcome e = run("reg export " + q(src) + " --key 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole' -o " + q(out));
  EXPECT_EQ(e.status, 0) << e.err;
  EXPECT_EQ(dd::test::readFileBytes(out), dd::test::readFileBytes(src));

  Outcome d = run("reg dump " + q(src) + " --key 'HKLM\\SOFTWARE\\Microsoft\\Ole\\Eventlog'");
  EXPECT_EQ(d.status, 0) << d.err;
  EXPECT_EQ(d.out, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\\Eventlog]\n"
                   "  \"SuppressDuplicateDuration\" REG_DWORD: 0x00015180 (86400)\n\n");
  Outcome all = run("reg dump " + q(src));
  EXPECT_NE(
      all.out.find("    sddl: O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)\n"),
      std::string::npos);
}

TEST(RegCommand, JsonForm) {
  DD_REQUIRE_CONFORMANCE(dir);
  Outcome d = run("reg dump --json " + q(dir / "reg" / "ole-machine-settings-win7.reg") +
                  " --key HKLM\\\\SOFTWARE\\\\Microsoft\\\\Ole");
  ASSERT_EQ(d.status, 0) << d.err;
  auto j = nlohmann::json::parse(d.out);
  ASSERT_EQ(j["keys"].size(), 6u);
  auto &ole = j["keys"][0];
  EXPECT_EQ(ole["path"], "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole");
  EXPECT_TRUE(ole["last_write"].is_null());
  bool sawLimits = false;
  for (auto &v : ole["values"]) {
    if (v["name"] == "EnableDCOM") {
      EXPECT_EQ(v["string"], "Y");
      EXPECT_EQ(v["type"], "REG_SZ");
    }
    if (v["name"] == "MachineLaunchRestriction") {
      sawLimits = true;
      EXPECT_EQ(v["size"], 152);
      EXPECT_EQ(v["sddl"].get<std::string>().rfind("O:BAG:BAD:", 0), 0u);
    }
  }
  EXPECT_TRUE(sawLimits);
  EXPECT_TRUE(j["diagnostics"].empty());
}

TEST(RegCommand, HiveDumpHasKeySecurityAndLink) {
  DD_REQUIRE_CONFORMANCE(dir);
  Outcome d =
      run("reg dump " + q(dir / "hives" / "SYSTEM") + " --key 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\RpcSs'");
  ASSERT_EQ(d.status, 0) << d.err;
  EXPECT_TRUE(d.out.starts_with("[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet00")) << d.out.substr(0, 200);
  EXPECT_NE(d.out.find("  last_write: 20"), std::string::npos);
  EXPECT_NE(d.out.find("  key_security: O:"), std::string::npos);
  EXPECT_NE(d.out.find("\"Security\" REG_BINARY: "), std::string::npos);
}

TEST(RegCommand, DiagnosticsAndExitStatus) {
  auto bad = scratch("bad.reg");
  {
    std::ofstream f(bad, std::ios::binary);
    f << "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\T]\r\n"
         "\"good\"=dword:00000001\r\n\"bad\"=dword:xyz\r\n";
  }
  Outcome d = run("reg dump " + q(bad));
  EXPECT_EQ(d.status, 1); // worked, and found something
  EXPECT_NE(d.err.find("dcomdoctor: " + bad.string() + ":5: value \"bad\": bad dword data"), std::string::npos)
      << d.err;
  EXPECT_NE(d.out.find("\"good\" REG_DWORD: 0x00000001 (1)"), std::string::npos);

  Outcome missing = run("reg dump " + q(scratch("does-not-exist.reg")));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);

  Outcome noKey = run("reg export " + q(bad) + " --key 'HKLM\\SOFTWARE\\Nope' -o " + q(scratch("x.reg")));
  EXPECT_EQ(noKey.status, 2);
  EXPECT_NE(noKey.err.find("not found"), std::string::npos) << noKey.err;
}
