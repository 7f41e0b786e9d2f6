// The settings table (model/Settings.h): its rows are consistent, the plant reader and the
// defaults follow it, the policy value wins over the Ole value, the fix text is what regedit and
// reg.exe take, and docs/plant.md shows every row with the defaults it states.
#include "model/PlantReader.h"
#include "model/Settings.h"
#include "support/Conformance.h"
#include "winsec/Sddl.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

using namespace dd::model;

namespace {

Host hostOf(const std::string &toml) {
  auto p = parsePlant(toml, "plant.toml", ".", PlantReadOptions{false});
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().str());
  return p.ok() ? p->hosts.at(0) : Host{};
}

std::vector<OsVersion> everyOs() {
  std::vector<OsVersion> out;
  for (int f = 0; f <= static_cast<int>(OsFamily::WindowsServer2025); ++f)
    for (int sp : {-1, 0, 1}) {
      OsVersion v;
      v.family = static_cast<OsFamily>(f);
      v.servicePack = sp;
      out.push_back(v);
    }
  return out;
}

// --- docs/plant.md's tables, as the settings table gives them.
std::string defaultCell(const Setting &s) {
  std::string out, sources;
  for (const SettingDefault &d : s.defaults) {
    std::string value = d.value.empty() ? "absent" : "`" + std::string(d.value) + "`";
    if (s.defaults.size() > 1)
      value = std::string(scopeText(d.scope)) + ": " + value;
    out += (out.empty() ? "" : "; ") + value;
    if (sources.find(d.source) == std::string::npos)
      sources += (sources.empty() ? "" : "; ") + std::string(d.source);
  }
  return out + " (" + sources + ")";
}

std::string exampleData(const Setting &s) {
  switch (s.type) {
  case SettingType::YesNo: return "Y";
  case SettingType::Flag: return "1";
  case SettingType::Number: return std::to_string(s.min);
  case SettingType::Sddl: return "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)";
  case SettingType::PortRanges: return "5000-5100";
  case SettingType::Descriptor: return "";
  }
  return "";
}

std::string fixCell(const Setting &s) {
  std::string out = s.ui.empty() ? std::string() : std::string(s.ui);
  if (s.type != SettingType::Descriptor)
    out += (out.empty() ? "`" : "; `") + regAddCommand(s.id, exampleData(s)) + "`";
  return out;
}

std::string markdownTable(std::string_view plantTable) {
  std::string out =
      "| key | registry value | meaning | model field | Windows default (source) | how a fix writes it |\n"
      "|---|---|---|---|---|---|\n";
  for (const Setting &s : settings()) {
    if (s.plantTable != plantTable)
      continue;
    std::string path = "`" + s.path() + "`";
    if (s.overriddenBy)
      path += "; `" + setting(*s.overriddenBy).path() + "` wins when present";
    out += "| `" + std::string(s.plantKey) + "` | " + path + " | " + std::string(s.meaning) + " | `" +
           std::string(s.field) + "` | " + defaultCell(s) + " | " + fixCell(s) + " |\n";
  }
  return out;
}

} // namespace

TEST(Settings, RowsAreConsistent) {
  std::set<std::string> keys, paths;
  for (const Setting &s : settings()) {
    EXPECT_EQ(&setting(s.id), &s);
    EXPECT_TRUE(keys.insert(std::string(s.plantTable) + "." + std::string(s.plantKey)).second) << s.plantKey;
    EXPECT_TRUE(paths.insert(s.path()).second) << s.path();
    EXPECT_EQ(s.key.substr(0, 5), "HKLM\\") << s.path();
    EXPECT_FALSE(s.defaults.empty()) << s.path() << ": a default (even \"absent\") needs its source";
    EXPECT_EQ(s.defaults.back().scope, OsScope::Any) << s.path() << ": the last default is the fallback";
    if (s.type == SettingType::Number)
      EXPECT_LT(s.min, s.max) << s.path();
    if (s.overriddenBy) {
      const Setting &policy = setting(*s.overriddenBy);
      EXPECT_EQ(policy.value, s.value);
      EXPECT_EQ(policy.type, SettingType::Sddl);
    }
    for (const SettingDefault &d : s.defaults)
      if (!d.value.empty() && (s.type == SettingType::Descriptor || s.type == SettingType::Sddl))
        EXPECT_TRUE(dd::winsec::parseSddl(std::string(d.value)).ok()) << d.value;
  }
}

TEST(Settings, EveryFactThatIsNeverAbsentHasADefaultOnEveryOs) {
  Host h;
  for (const Setting &s : settings()) {
    SettingSlot slot = slotOf(h, s.id);
    bool required = std::holds_alternative<Fact<bool> *>(slot) || std::holds_alternative<Fact<int> *>(slot);
    for (const OsVersion &os : everyOs())
      for (bool workgroup : {true, false})
        if (required)
          EXPECT_TRUE(windowsDefault(s, os, workgroup)) << s.path() << " on " << os.displayName();
  }
}

TEST(Settings, DefaultsAppliedAreTheTablesWithTheirSource) {
  for (const char *os : {"windows-xp", "windows-server-2003", "windows-2000", "windows-10", "windows-server-2019"}) {
    Host h = hostOf(std::string("[[host]]\nname = \"A\"\nos = \"") + os + "\"\n");
    for (const Setting &s : settings()) {
      const SettingDefault *d = windowsDefault(s, h.os.value, h.isWorkgroup());
      std::visit(
          [&](auto *field) {
            using F = std::remove_pointer_t<decltype(field)>;
            if constexpr (std::is_same_v<F, std::optional<Descriptor>>) {
              ASSERT_EQ(field->has_value(), d != nullptr) << s.path() << " " << os;
              if (d) {
                EXPECT_EQ((*field)->sddl, d->value);
                EXPECT_EQ((*field)->from.where, s.path());
                EXPECT_EQ((*field)->from.file, d->source);
              }
            } else if constexpr (std::is_same_v<F, std::optional<Fact<int>>> ||
                                 std::is_same_v<F, std::optional<Fact<PortRange>>>) {
              ASSERT_EQ(field->has_value(), d != nullptr) << s.path() << " " << os;
              if (d)
                EXPECT_EQ((*field)->from.where, s.path());
            } else {
              ASSERT_TRUE(d) << s.path();
              EXPECT_EQ(field->from.where, s.path());
              EXPECT_EQ(field->from.file, d->source);
            }
          },
          slotOf(h, s.id));
    }
  }
}

TEST(Settings, TheForceGuestAndRpcPortDefaultsFollowTheOs) {
  Host xp = hostOf("[[host]]\nname = \"A\"\nos = \"windows-xp\"\n");
  EXPECT_TRUE(xp.lsa.forceGuest.value);
  EXPECT_EQ(rpcPortRange(xp), (PortRange{1025, 5000}));
  Host w10 = hostOf("[[host]]\nname = \"A\"\nos = \"windows-10\"\n");
  EXPECT_FALSE(w10.lsa.forceGuest.value);
  EXPECT_EQ(rpcPortRange(w10), (PortRange{49152, 65535}));
  Host nt = hostOf("[[host]]\nname = \"A\"\nos = \"windows-2000\"\n");
  EXPECT_TRUE(nt.lsa.everyoneIncludesAnonymous.value);
  EXPECT_FALSE(nt.dcom.machineLaunchRestriction);
  Host ports = hostOf("[[host]]\nname = \"A\"\nrpc_ports = \"5000-5100\"\n");
  EXPECT_EQ(rpcPortRange(ports), (PortRange{5000, 5100}));
  EXPECT_EQ(ports.rpcPortRange->from.where, "HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet\\Ports");
}

TEST(Settings, ThePolicyValueWinsOverTheOleValue) {
  Host h =
      hostOf("[[host]]\nname = \"A\"\n[host.dcom]\nmachine_launch_restriction = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)\"\n");
  ASSERT_TRUE(machineLaunchLimits(h));
  EXPECT_EQ(machineLaunchLimits(h)->from.where, "HKLM\\SOFTWARE\\Microsoft\\Ole\\MachineLaunchRestriction");
  EXPECT_EQ(&machineLaunchLimitsSlot(h), &h.dcom.machineLaunchRestriction);
  Host p =
      hostOf("[[host]]\nname = \"A\"\n[host.dcom]\nmachine_launch_restriction = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)\"\n"
             "policy_machine_launch_restriction = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)\"\n"
             "policy_machine_access_restriction = \"O:BAG:BAD:(A;;CCDCLC;;;WD)\"\n");
  ASSERT_TRUE(machineLaunchLimits(p));
  EXPECT_EQ(machineLaunchLimits(p)->sddl, "O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)");
  EXPECT_EQ(machineLaunchLimits(p)->from.where,
            "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\\MachineLaunchRestriction");
  EXPECT_EQ(&machineLaunchLimitsSlot(p), &p.dcom.policyMachineLaunchRestriction);
  EXPECT_EQ(machineAccessLimits(p)->sddl, "O:BAG:BAD:(A;;CCDCLC;;;WD)");
  Host old = hostOf("[[host]]\nname = \"A\"\nos = \"windows-xp\"\nservice_pack = 1\n");
  EXPECT_EQ(machineLaunchLimits(old), nullptr); // no Limits before XP SP2
}

// The .reg text is byte for byte what the fix search prints today (src/sim/Fixes.cpp), so that
// it can call regFileText without changing its output.
TEST(Settings, RegFileTextIsTheRegEditFormat) {
  EXPECT_EQ(regFileText(SettingId::EnableDcom, 1),
            "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole]\n"
            "\"EnableDCOM\"=\"Y\"\n(dcomcnfg > My Computer > Properties > Default Properties > Enable "
            "Distributed COM on this computer)");
  EXPECT_EQ(regFileText(SettingId::LegacyAuthenticationLevel, 2, "Connect"),
            "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole]\n"
            "\"LegacyAuthenticationLevel\"=dword:00000002\n(dcomcnfg > My Computer > Properties > Default "
            "Properties > Default Authentication Level = Connect)");
  EXPECT_EQ(regFileText(SettingId::RaiseActivationAuthenticationLevel, 2),
            "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\\AppCompat]\n"
            "\"RaiseActivationAuthenticationLevel\"=dword:00000002");
  EXPECT_EQ(regFileText(SettingId::RequireIntegrityActivationAuthenticationLevel, 0),
            "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\\AppCompat]\n"
            "\"RequireIntegrityActivationAuthenticationLevel\"=dword:00000000");
  EXPECT_EQ(regFileText(SettingId::LocalAccountTokenFilterPolicy, 1),
            "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\"
            "CurrentVersion\\Policies\\System]\n\"LocalAccountTokenFilterPolicy\"=dword:00000001");
  EXPECT_EQ(regFileText(SettingId::ForceGuest, 0, "Classic"),
            "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa]\n"
            "\"ForceGuest\"=dword:00000000\n(secpol.msc > Security Options > Network access: Sharing and security "
            "model for local accounts = Classic)");
}

TEST(Settings, RegAddCommandIsWhatRegExeTakes) {
  EXPECT_EQ(regAddCommand(SettingId::EnableDcom, 1),
            "reg add \"HKLM\\SOFTWARE\\Microsoft\\Ole\" /v EnableDCOM /t REG_SZ /d Y /f");
  EXPECT_EQ(regAddCommand(SettingId::LegacyAuthenticationLevel, 2),
            "reg add \"HKLM\\SOFTWARE\\Microsoft\\Ole\" /v LegacyAuthenticationLevel /t REG_DWORD /d 2 /f");
  EXPECT_EQ(regAddCommand(SettingId::RpcPorts, "5000-5100"),
            "reg add \"HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet\" /v Ports /t REG_MULTI_SZ /d 5000-5100 /f");
  EXPECT_EQ(regAddCommand(SettingId::PolicyMachineLaunchRestriction, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)"),
            "reg add \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\" /v MachineLaunchRestriction /t REG_SZ "
            "/d \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)\" /f");
}

TEST(Settings, EveryPlantKeyIsReadIntoItsField) {
  for (const Setting &s : settings()) {
    std::string value = s.type == SettingType::YesNo || s.type == SettingType::Flag ? "true"
                        : s.type == SettingType::Number                             ? std::to_string(s.max)
                        : s.type == SettingType::PortRanges                         ? "\"5000-5100\""
                                                                                    : "\"O:BAG:BAD:(A;;CC;;;WD)\"";
    std::string toml = "[[host]]\nname = \"A\"\n";
    if (!s.plantTable.empty())
      toml += "[host." + std::string(s.plantTable) + "]\n";
    toml += std::string(s.plantKey) + " = " + value + "\n";
    Host h = hostOf(toml);
    std::visit(
        [&](auto *field) {
          using F = std::remove_pointer_t<decltype(field)>;
          if constexpr (std::is_same_v<F, Fact<bool>> || std::is_same_v<F, Fact<int>>) {
            EXPECT_EQ(field->from.kind, Provenance::Kind::PlantFile) << s.plantKey;
            EXPECT_EQ(field->from.where, s.path());
          } else {
            ASSERT_TRUE(field->has_value()) << s.plantKey;
            EXPECT_EQ((*field)->from.kind, Provenance::Kind::PlantFile) << s.plantKey;
            EXPECT_EQ((*field)->from.where, s.path());
          }
        },
        slotOf(h, s.id));
  }
}

// Each table sits between "<!-- settings: NAME -->" and "<!-- end settings -->" (NAME: host, dcom,
// lsa). DD_UPDATE_DOCS=1 rewrites them from the table.
TEST(Settings, DocsPlantMdShowsEveryRow) {
  const auto path = dd::test::sourceDir() / "docs" / "plant.md";
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string doc = buffer.str();
  const bool update = std::getenv("DD_UPDATE_DOCS") != nullptr;
  for (std::string_view table : {"", "dcom", "lsa"}) {
    std::string begin = "<!-- settings: " + std::string(table.empty() ? "host" : table) + " -->\n";
    size_t from = doc.find(begin);
    ASSERT_NE(from, std::string::npos) << "docs/plant.md lacks the marker " << begin;
    from += begin.size();
    size_t to = doc.find("<!-- end settings -->", from);
    ASSERT_NE(to, std::string::npos);
    std::string expected = markdownTable(table);
    if (update)
      doc.replace(from, to - from, expected);
    else
      EXPECT_EQ(doc.substr(from, to - from), expected)
          << "docs/plant.md's settings of [host." << table << "] differ from the settings table (DD_UPDATE_DOCS=1 "
          << "rewrites them)";
  }
  if (update)
    std::ofstream(path, std::ios::binary) << doc;
}

// What users read cites documents they have: no default names a file outside the repository.
TEST(Settings, DefaultSourcesCiteNothingUsersDoNotHave) {
  for (const Setting &s : settings())
    for (const SettingDefault &d : s.defaults)
      for (const char *absent : {"shared/", "spec/", "plant-format", "conformance/"})
        EXPECT_EQ(d.source.find(absent), std::string_view::npos) << s.path() << ": " << d.source;
  auto p = parsePlant("[[host]]\nname = \"S\"\n[[host.server]]\nclsid = \"6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00\"\n"
                      "[[host.client]]\nname = \"HMI\"\nrun_as = \"x\"\n",
                      "plant.toml", ".", PlantReadOptions{.applySnapshots = false, .warnings = nullptr});
  ASSERT_TRUE(p.ok()) << p.error().str();
  const Host &h = p->hosts[0];
  const ComServer &x = h.servers[0];
  for (const Provenance *from : {&h.os.from, &h.domain.from, &x.appid.from, &x.registered.from, &x.exeReaders.from,
                                 &x.running.from, &h.clients[0].stack.from, &h.dcom.machineLaunchRestriction->from})
    for (const char *absent : {"shared/", "spec/", "plant-format"})
      EXPECT_EQ(from->origin().find(absent), std::string::npos) << from->origin();
}
