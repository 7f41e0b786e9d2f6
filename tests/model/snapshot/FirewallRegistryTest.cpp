// The firewall's registry stores: firewall-policy.reg (`reg export` of
// HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy) and
// firewall-gpo.reg (of HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall).
//
// Formats: the rule strings follow Microsoft's [MS-GPFAS] 2.2.2.19 "Firewall Rule and the
// Firewall Rule Grammar Rule" (fields), 2.2.2.13 (address keywords) and [MS-FASP] 2.2.14
// (port keywords); the profile values [MS-GPFAS] 2.2.3.1 (EnableFirewall) and 2.2.3.13
// (AllowLocalPolicyMerge, [MS-FASP] 2.2.38 for what it does). The rule strings of Windows'
// built-in rules (FPS-RPCSS-In-TCP-NoScope, RemoteTask-In-TCP, CoreNet-IPv6-In, ...) are written
// as they appear in a public export of the FirewallRules key (public GitHub file, text id
// 27258961070), some with Active changed for the case at hand. No real `reg export` file of
// these keys was found: the fixture files around the strings are built here in the layout
// `reg export` writes (UTF-16LE with a BOM, CRLF, one [key] line per key, strings with `\\`), as
// tests/registry's fixtures are. Real data: the local store of the conformance SYSTEM hive
// (324 rules Windows wrote), exported by dd::registry's `reg export` writer.
#include "model/Defaults.h"
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/FirewallRegistry.h"
#include "model/snapshot/Snapshot.h"
#include "model/snapshot/TextLines.h"
#include "registry/Registry.h"
#include "support/Conformance.h"
#include "SnapshotTestUtil.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

// Qualified names and helpers of their own: the unity build puts the snapshot tests in one file.
using namespace dd::model::snapshot;
using dd::test::failsAt;
namespace fs = std::filesystem;

namespace {

dd::Result<FirewallRule> regRule(std::string_view text) { return parseFirewallRuleString(text); }

std::vector<std::string> strings(std::initializer_list<const char *> items) { return {items.begin(), items.end()}; }

// The local store. Line numbers matter: the tests check them.
const char *kLocalReg = R"(Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy]
"PolicyVersion"=dword:00000221

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\DomainProfile]
"EnableFirewall"=dword:00000001
"DefaultInboundAction"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules]
"FPS-RPCSS-In-TCP-NoScope"="v2.33|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=RPC-EPMap|App=%SystemRoot%\\system32\\svchost.exe|Svc=Rpcss|Name=@FirewallAPI.dll,-28539|Desc=@FirewallAPI.dll,-28542|EmbedCtxt=@FirewallAPI.dll,-28502|"
"RemoteTask-In-TCP"="v2.33|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Private|Profile=Public|LPort=RPC|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=schedule|Name=@FirewallAPI.dll,-33253|Desc=@FirewallAPI.dll,-33256|EmbedCtxt=@FirewallAPI.dll,-33252|"
"{6F3A4C2E-1B7D-4E55-9A0C-3D2B8E1F7A64}"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|LPort2_10=49152-65535|RA4=10.0.3.0/255.255.255.0|RA4=10.0.4.7|App=C:\\Program Files (x86)\\Acme\\opcda.exe|Name=Acme OPC DA|"
"CoreNet-IPv6-In"="v2.33|Action=Block|Active=TRUE|Dir=In|Protocol=41|App=System|Name=@FirewallAPI.dll,-25351|Desc=@FirewallAPI.dll,-25357|EmbedCtxt=@FirewallAPI.dll,-25000|"
"CoreNet-DHCP-Out"="v2.33|Action=Allow|Active=TRUE|Dir=Out|Protocol=17|LPort=68|RPort=67|App=%SystemRoot%\\system32\\svchost.exe|Svc=dhcp|Name=@FirewallAPI.dll,-25302|Desc=@FirewallAPI.dll,-25303|EmbedCtxt=@FirewallAPI.dll,-25000|"
"RemoteEventLogSvc-In-TCP"="v2.33|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Private|Profile=Public|LPort=RPC|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=Eventlog|Name=@FirewallAPI.dll,-29253|Desc=@FirewallAPI.dll,-29256|EmbedCtxt=@FirewallAPI.dll,-29252|"

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\PublicProfile]
"EnableFirewall"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\StandardProfile]
"EnableFirewall"=dword:00000001

)";
constexpr size_t kRpcssLine = 11, kRemoteTaskLine = 12, kOpcLine = 13, kIpv6Line = 14, kStandardEnableLine = 22;

// Group Policy's store: the Domain profile takes no local rule, the Private profile is off.
const char *kGpoReg = R"(Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall]
"PolicyVersion"=dword:0000021f

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile]
"EnableFirewall"=dword:00000001
"AllowLocalPolicyMerge"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\FirewallRules]
"{9E4F0B52-7C1A-4D3E-8B6F-2A5C9D0E1F37}"="v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=135|RA4=10.0.3.10|Name=Plant DCOM from the HMI|"

[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\WindowsFirewall\PrivateProfile]
"EnableFirewall"=dword:00000000

)";
constexpr size_t kGpoRuleLine = 11, kGpoPrivateEnableLine = 14;

FirewallStore localStore() {
  auto s = parseFirewallPolicyReg(dd::test::utf16(kLocalReg), "firewall-policy.reg");
  EXPECT_TRUE(s.ok()) << s.error().str();
  return s.ok() ? *s : FirewallStore{};
}

FirewallStore gpoStore() {
  auto s = parseFirewallGpoReg(dd::test::utf16(kGpoReg), "firewall-gpo.reg");
  EXPECT_TRUE(s.ok()) << s.error().str();
  return s.ok() ? *s : FirewallStore{};
}

std::vector<std::string> ruleIds(const std::vector<EffectiveRule> &rules) {
  std::vector<std::string> out;
  for (const EffectiveRule &e : rules)
    out.push_back(e.rule->id);
  return out;
}

} // namespace

// [MS-GPFAS] 2.2.2.19: RULE = "v" VERSION "|" 1*FIELD, FIELD = TYPE-VALUE "|".
TEST(FirewallRuleString, ReadsEachFieldKind) {
  // Action, Active, Dir, Protocol, Profile (repeated), LPort keyword, App, Svc, Name (an indirect
  // string, kept as it is).
  auto r = regRule("v2.33|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|Profile=Private|LPort=RPC-EPMap|"
                   "App=%SystemRoot%\\system32\\svchost.exe|Svc=Rpcss|Name=@FirewallAPI.dll,-28539|"
                   "Desc=@FirewallAPI.dll,-28542|EmbedCtxt=@FirewallAPI.dll,-28502|");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->action, "Allow");
  EXPECT_TRUE(r->enabled);
  EXPECT_TRUE(r->inbound);
  EXPECT_EQ(r->protocol, "TCP");
  EXPECT_EQ(r->profiles, strings({"Domain", "Private"}));
  EXPECT_EQ(r->localPorts, strings({"RPC-EPMap"}));
  EXPECT_EQ(r->program, "%SystemRoot%\\system32\\svchost.exe");
  EXPECT_EQ(r->service, "Rpcss");
  EXPECT_EQ(r->name, "@FirewallAPI.dll,-28539");
  EXPECT_TRUE(r->remoteAddresses.empty()); // no RA4/RA6: any address

  // Ports: LPort (PORT-VAL or RPC, RPC-EPMap, Teredo) and the versioned LPort2_10 (ranges,
  // IPHTTPSIn, IPTLSIn), LPort2_20 (Ply2Disc), LPort2_24 (mDNS): kept as written.
  auto ports = regRule("v2.30|Action=Block|Active=FALSE|Dir=Out|Protocol=17|LPort=135|LPort2_10=49152-65535|"
                       "LPort=RPC|LPort2_10=IPHTTPSIn|LPort2_20=Ply2Disc|LPort2_24=mDNS|Name=x|");
  ASSERT_TRUE(ports.ok()) << ports.error().str();
  EXPECT_EQ(ports->localPorts, strings({"135", "49152-65535", "RPC", "IPHTTPSIn", "Ply2Disc", "mDNS"}));
  EXPECT_EQ(ports->action, "Block");
  EXPECT_FALSE(ports->enabled);
  EXPECT_FALSE(ports->inbound);
  EXPECT_EQ(ports->protocol, "UDP");

  // Remote addresses (2.2.2.9-2.2.2.13): a subnet by mask or prefix, an address, a range, the
  // keywords of RA4/RA6 and of the versioned RA42/RA62; LocalSubnet once for both families.
  auto ra = regRule("v2.30|Action=Allow|Active=TRUE|Dir=In|RA4=10.0.3.0/255.255.255.0|RA4=10.0.4.7|"
                    "RA4=10.0.5.1-10.0.5.9|RA4=LocalSubnet|RA6=LocalSubnet|RA6=fe80::/64|RA42=IntrAnet|Name=x|");
  ASSERT_TRUE(ra.ok()) << ra.error().str();
  EXPECT_EQ(ra->remoteAddresses, strings({"10.0.3.0/255.255.255.0", "10.0.4.7", "10.0.5.1-10.0.5.9", "LocalSubnet",
                                          "fe80::/64", "IntrAnet"}));
  EXPECT_EQ(ra->protocol, "Any");                                    // no Protocol field
  EXPECT_EQ(ra->profiles, strings({"Domain", "Private", "Public"})); // no Profile field: all three

  // Protocol numbers: the names netsh prints for 1 and 58, the number for the others.
  EXPECT_EQ(regRule("v2.10|Action=Allow|Dir=In|Protocol=1|")->protocol, "ICMPv4");
  EXPECT_EQ(regRule("v2.10|Action=Allow|Dir=In|Protocol=58|")->protocol, "ICMPv6");
  EXPECT_EQ(regRule("v2.10|Action=Allow|Dir=In|Protocol=47|")->protocol, "47");
  // ACTION-VAL ByPass, in netsh's spelling.
  EXPECT_EQ(regRule("v2.10|Action=ByPass|Dir=In|")->action, "Bypass");
}

TEST(FirewallRuleString, SkipsFieldsItDoesNotUse) {
  // Fields of later versions and the ones the model has no use for are skipped; a rule without
  // Active (Vista's manifests write "v2.0" rules so) is not active; no Name: empty (the store
  // reader then names it by its value).
  auto r = regRule("v2.0|Action=Allow|Dir=In|Protocol=6|LPort=RPC|RPort=5000|LA4=10.0.3.1|IFType=Lan|Edge=TRUE|"
                   "Defer=App|ICMP4=8:*|Security=Authenticate|Platform=2:6:2|Platform2=GTEQ|TTK2_27=UPnP|"
                   "RMauth=D:(A;;CC;;;WD)|LSM=TRUE|Future2_99=whatever|");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_FALSE(r->enabled);
  EXPECT_EQ(r->localPorts, strings({"RPC"}));
  EXPECT_TRUE(r->name.empty());
}

TEST(FirewallRuleString, ErrorsSayWhatIsWrong) {
  auto says = [](std::string_view text, std::string_view fragment) {
    auto r = regRule(text);
    if (r.ok())
      return ::testing::AssertionFailure() << "accepted " << text;
    if (r.error().message.find(fragment) == std::string::npos)
      return ::testing::AssertionFailure() << "\"" << r.error().message << "\" lacks \"" << fragment << "\"";
    return ::testing::AssertionSuccess();
  };
  EXPECT_TRUE(says("2.10|Action=Allow|Dir=In|", "version"));
  EXPECT_TRUE(says("", "version"));
  EXPECT_TRUE(says("v2.10|Action=Maybe|Dir=In|", "Action \"Maybe\": expected Allow, Block, ByPass"));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=Sideways|", "Dir \"Sideways\""));
  EXPECT_TRUE(says("v2.10|Action=Allow|Active=YES|Dir=In|", "Active \"YES\": expected TRUE, FALSE"));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=In|Protocol=TCP|", "Protocol \"TCP\""));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=In|Protocol=300|", "0 to 255"));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=In|Profile=Home|", "Profile \"Home\""));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=In|LPort=13a|", "LPort \"13a\""));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=In|LPort=70000|", "LPort \"70000\""));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=In|LPort2_10=200-100|", "200-100"));
  EXPECT_TRUE(says("v2.10|Action=Allow|Dir=In|Name|", "not Key=Value"));
  EXPECT_TRUE(says("v2.10|Dir=In|", "no Action"));
  EXPECT_TRUE(says("v2.10|Action=Allow|", "no Dir"));
}

TEST(FirewallStore, ReadsTheLocalStore) {
  FirewallStore s = localStore();
  EXPECT_FALSE(s.groupPolicy);
  ASSERT_TRUE(s.profiles[0].enableFirewall);
  EXPECT_EQ(s.profiles[0].enableFirewall->value, 1u);
  EXPECT_EQ(s.profiles[0].enableFirewall->line, 7u);
  // StandardProfile is the Private profile.
  ASSERT_TRUE(s.profiles[1].enableFirewall);
  EXPECT_EQ(s.profiles[1].enableFirewall->line, kStandardEnableLine);
  EXPECT_EQ(s.profiles[1].enableFirewall->where,
            "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\StandardProfile\\"
            "EnableFirewall");
  EXPECT_FALSE(s.profiles[1].allowLocalPolicyMerge); // a Group Policy value only
  ASSERT_EQ(s.rules.size(), 6u);
  const StoreRule &opc = s.rules[2];
  EXPECT_EQ(opc.id, "{6F3A4C2E-1B7D-4E55-9A0C-3D2B8E1F7A64}");
  EXPECT_EQ(opc.line, kOpcLine);
  EXPECT_EQ(opc.rule.line, kOpcLine);
  EXPECT_EQ(opc.rule.name, "Acme OPC DA");
  EXPECT_EQ(opc.rule.program, "C:\\Program Files (x86)\\Acme\\opcda.exe"); // the .reg's \\ read as one
  EXPECT_EQ(opc.where, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\"
                       "FirewallRules\\{6F3A4C2E-1B7D-4E55-9A0C-3D2B8E1F7A64}");
  EXPECT_EQ(s.rules[0].line, kRpcssLine);
  EXPECT_EQ(s.rules[3].line, kIpv6Line);

  // The same export as UTF-8 (REGEDIT4 or a re-saved file) reads the same.
  std::string text = kLocalReg;
  auto utf8 = parseFirewallPolicyReg(std::vector<uint8_t>(text.begin(), text.end()), "f.reg");
  ASSERT_TRUE(utf8.ok()) << utf8.error().str();
  EXPECT_EQ(utf8->rules.size(), 6u);
}

TEST(FirewallStore, RealWindowsStoreFromAnOfflineHive) {
  // The FirewallPolicy key of a real offline SYSTEM hive (shared/conformance/hives, regipy's test
  // data; its rules are "v2.10" strings, Windows 7 / Server 2008 R2), written as `reg export`
  // writes it by dd::registry's writer: every rule string Windows wrote there is read.
  DD_REQUIRE_CONFORMANCE(conformance);
  dd::registry::Registry hive;
  ASSERT_TRUE(hive.loadHive(conformance / "hives" / "SYSTEM").ok());
  const std::string key = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy";
  dd::registry::Key policy = hive.findKey(key);
  ASSERT_TRUE(policy) << "the conformance SYSTEM hive has the firewall's local store";
  auto bytes = dd::registry::exportReg(hive, key);
  ASSERT_TRUE(bytes.ok()) << bytes.error().str();
  auto store = parseFirewallPolicyReg(*bytes, "firewall-policy.reg");
  ASSERT_TRUE(store.ok()) << store.error().str();
  EXPECT_TRUE(store->hasRulesKey);
  size_t inbound = 0;
  for (dd::registry::Value v : policy.subkey("FirewallRules").values())
    inbound += v.asString()->find("|Dir=In|") != std::string::npos;
  ASSERT_EQ(store->rules.size(), policy.subkey("FirewallRules").valueCount());
  EXPECT_GT(store->rules.size(), 300u);
  EXPECT_EQ(std::count_if(store->rules.begin(), store->rules.end(), [](const StoreRule &r) { return r.rule.inbound; }),
            static_cast<long>(inbound));
  for (size_t p = 0; p < 3; ++p) {
    const char *profileKey[] = {"DomainProfile", "StandardProfile", "PublicProfile"};
    ASSERT_TRUE(store->profiles[p].enableFirewall) << profileKey[p];
    EXPECT_EQ(store->profiles[p].enableFirewall->value,
              *policy.subkey(profileKey[p]).value("EnableFirewall").asNumber());
  }
  auto rpcss = std::find_if(store->rules.begin(), store->rules.end(),
                            [](const StoreRule &r) { return r.id == "FPS-RPCSS-In-TCP-NoScope"; });
  ASSERT_NE(rpcss, store->rules.end());
  EXPECT_TRUE(rpcss->rule.inbound);
  EXPECT_EQ(rpcss->rule.localPorts, strings({"RPC-EPMap"}));
  EXPECT_EQ(rpcss->rule.profiles, strings({"Domain"}));
  EXPECT_EQ(rpcss->rule.service, "Rpcss");
  EXPECT_TRUE(rpcss->rule.program.empty()); // the rule names a service, no program
  EXPECT_EQ(rpcss->rule.name, "@FirewallAPI.dll,-28539");
  // Each rule's line is its value's line in the export.
  auto text = decodeText(*bytes, "firewall-policy.reg");
  ASSERT_TRUE(text.ok());
  for (const StoreRule &r : store->rules)
    ASSERT_EQ(text->lines.at(r.line - 1).text.rfind("\"" + r.id + "\"=", 0), 0u) << r.id << " at line " << r.line;
}

TEST(FirewallStore, ErrorsAreLocated) {
  // A malformed rule string: its value's line, which field, what to do.
  std::string bad = kLocalReg;
  bad.replace(bad.find("Action=Block"), 12, "Action=Deny");
  auto r = parseFirewallPolicyReg(dd::test::utf16(bad), "firewall-policy.reg");
  EXPECT_TRUE(failsAt(r, "firewall-policy.reg", kIpv6Line, "\"CoreNet-IPv6-In\": Action \"Deny\""));
  EXPECT_NE(r.error().message.find("export the key again"), std::string::npos) << r.error().message;

  // A rule value that is not a string.
  std::string dword = kLocalReg;
  dword.insert(dword.find("\"CoreNet-IPv6-In\""), "\"Odd\"=dword:00000001\n");
  EXPECT_TRUE(failsAt(parseFirewallPolicyReg(dd::test::utf16(dword), "p.reg"), "p.reg", kIpv6Line, "REG_DWORD"));

  // Another key's export, or Group Policy's file given as the local one.
  EXPECT_TRUE(failsAt(parseFirewallPolicyReg(dd::test::utf16(kGpoReg), "p.reg"), "p.reg", 1, "FirewallPolicy]"));
  // A line reg.exe would not import.
  EXPECT_TRUE(
      failsAt(parseFirewallGpoReg(dd::test::utf16(std::string(kGpoReg) + "\"x\"=dword:zz\n"), "g.reg"), "g.reg", 16));
  EXPECT_FALSE(parseFirewallGpoReg(dd::test::crlf("not a reg file\n"), "g.reg").ok());
}

TEST(FirewallStore, GroupPolicyWinsAndMergeDecidesLocalRules) {
  FirewallStore local = localStore(), gpo = gpoStore();
  ASSERT_EQ(gpo.rules.size(), 1u);
  EXPECT_EQ(gpo.rules[0].line, kGpoRuleLine);

  // EnableFirewall: the policy's where it sets one (Domain on, Private off), else the local
  // store's (Public).
  auto domain = effectiveEnableFirewall(local, &gpo, 0);
  ASSERT_TRUE(domain);
  EXPECT_TRUE(domain->on);
  EXPECT_EQ(domain->store, &gpo);
  auto priv = effectiveEnableFirewall(local, &gpo, 1);
  ASSERT_TRUE(priv);
  EXPECT_FALSE(priv->on); // the local StandardProfile says 1; the policy's 0 wins
  EXPECT_EQ(priv->setting->line, kGpoPrivateEnableLine);
  auto pub = effectiveEnableFirewall(local, &gpo, 2);
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->store, &local);
  EXPECT_TRUE(effectiveEnableFirewall(local, nullptr, 1)->on); // without the policy: the local value

  // AllowLocalPolicyMerge=0 in the Domain profile: only the policy's rules apply there.
  EXPECT_FALSE(localRulesApply(&gpo, 0));
  EXPECT_TRUE(localRulesApply(&gpo, 1)); // not set: merged
  EXPECT_TRUE(localRulesApply(nullptr, 0));
  EXPECT_EQ(ruleIds(effectiveRules(local, &gpo, 0)), strings({"{9E4F0B52-7C1A-4D3E-8B6F-2A5C9D0E1F37}"}));
  // Private: the local rules naming Private (or no profile), none of the policy's Domain rule.
  EXPECT_EQ(ruleIds(effectiveRules(local, &gpo, 1)),
            strings({"RemoteTask-In-TCP", "{6F3A4C2E-1B7D-4E55-9A0C-3D2B8E1F7A64}", "CoreNet-IPv6-In",
                     "CoreNet-DHCP-Out", "RemoteEventLogSvc-In-TCP"}));
  // Without the policy the Domain profile takes the local Domain rules.
  EXPECT_EQ(ruleIds(effectiveRules(local, nullptr, 0)),
            strings({"FPS-RPCSS-In-TCP-NoScope", "{6F3A4C2E-1B7D-4E55-9A0C-3D2B8E1F7A64}", "CoreNet-IPv6-In",
                     "CoreNet-DHCP-Out"}));
  // Profile unknown: every rule that applies in some profile (the local Domain-only rule does
  // not: merge is off there).
  EXPECT_EQ(ruleIds(effectiveRules(local, &gpo, std::nullopt)).size(), 6u);
}

TEST(FirewallProfiles, CurrentProfileByItsHeaderInAnyLanguage) {
  // allprofiles prints Domain, Private, Public; currentprofile prints one of the same headers.
  // The headers are stand-ins for a language no table knows (not real output).
  const char *all = "\nProfil A ustawienia:\n-----------------------------\nStan   WLACZONE\n\n"
                    "Profil B ustawienia:\n-----------------------------\nStan   WYLACZONE\n\n"
                    "Profil C ustawienia:\n-----------------------------\nStan   WLACZONE\nOK.\n";
  auto headers = readNetshProfileHeaders(dd::test::crlf(all), "a.txt");
  ASSERT_TRUE(headers.ok()) << headers.error().str();
  ASSERT_EQ(headers->size(), 3u);
  EXPECT_EQ((*headers)[1].text, "Profil B ustawienia:");
  EXPECT_EQ((*headers)[1].line, 6u);
  EXPECT_EQ(currentProfileName("Profil B ustawienia:", *headers), "Private");
  EXPECT_EQ(currentProfileName("Profil C ustawienia:", *headers), "Public");
  EXPECT_EQ(currentProfileName("Profil D ustawienia:", *headers), std::nullopt);
  // Without allprofiles: the tables (and English) still name a header.
  EXPECT_EQ(currentProfileName("Public Profile Settings:", {}), "Public");
  EXPECT_EQ(currentProfileName("Profil B ustawienia:", {}), std::nullopt);
}

// --------------------------------------------------------------------------------------------
// A host folder: netsh files in words no table knows, with the registry stores beside them.

namespace {

// Stand-ins for the netsh output of a language without a table (the layout netsh prints; the
// words are not real French or Polish output): the readers of these files stop on them.
const char *kAllProfiles =
    "\r\nParamètres du profil A :\r\n----------------------------------------------------------"
    "------------\r\nÉtat                                  Actif\r\n\r\nParamètres du profil B :\r\n"
    "----------------------------------------------------------------------\r\n"
    "État                                  Inactif\r\n\r\nParamètres du profil C :\r\n"
    "----------------------------------------------------------------------\r\n"
    "État                                  Actif\r\nOk.\r\n";
const char *kCurrentProfile = "\r\nParamètres du profil B :\r\n-------------------------------------------------------"
                              "---------------\r\nÉtat                                  Inactif\r\nOk.\r\n";
const char *kRulesPolish = "\r\nNazwa reguły:                         Acme OPC DA\r\n"
                           "----------------------------------------------------------------------\r\n"
                           "Włączone:                             Tak\r\nKierunek:                             "
                           "Przychodzący\r\nAkcja:                                Zezwalaj\r\nOK.\r\n";

void fwWrite(const fs::path &path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void writeReg(const fs::path &path, const std::string &text) {
  std::vector<uint8_t> bytes = dd::test::utf16(text);
  fwWrite(path, std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()));
}

fs::path fwFolder(const std::string &tag) {
  fs::path dir = fs::temp_directory_path() / ("dd-fwreg-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fwWrite(dir / "firewall-profiles.txt", kAllProfiles);
  fwWrite(dir / "firewall-currentprofile.txt", kCurrentProfile);
  fwWrite(dir / "firewall-rules.txt", kRulesPolish);
  return dir;
}

dd::model::Host fwHost() {
  dd::model::Host h;
  h.name = "HMI7";
  h.os.value.family = dd::model::OsFamily::Windows10;
  h.machineSid.value = dd::model::derivedMachineSid(h.name);
  dd::model::applyWindowsDefaults(h);
  return h;
}

const dd::model::FirewallRule *fwRule(const dd::model::Host &h, std::string_view name) {
  auto it = std::find_if(h.firewall.rules.begin(), h.firewall.rules.end(),
                         [&](const dd::model::FirewallRule &r) { return r.name == name; });
  return it == h.firewall.rules.end() ? nullptr : &*it;
}

// The snapshot's note that says `fragment` (the folder lacks the other files: those notes too).
const dd::model::Fact<std::string> *gapSaying(const dd::model::Host &h, std::string_view fragment) {
  for (const dd::model::Fact<std::string> &g : h.snapshotGaps)
    if (g.value.find(fragment) != std::string::npos)
      return &g;
  return nullptr;
}

bool fwEndsWith(const std::string &s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

TEST(FirewallRegistrySnapshot, UnknownNetshWordsDoNotStopTheHost) {
  fs::path dir = fwFolder("words");
  // Without the registry stores the netsh words stop the host (--strict).
  dd::model::Host netshOnly = fwHost();
  EXPECT_FALSE(applySnapshot(netshOnly, dir, SnapshotOptions{true}).ok());

  writeReg(dir / "firewall-policy.reg", kLocalReg);
  dd::model::Host h = fwHost();
  auto r = applySnapshot(h, dir, SnapshotOptions{true});
  ASSERT_TRUE(r.ok()) << r.error().str();
  // The current profile is the second header of allprofiles: Private (StandardProfile).
  EXPECT_TRUE(h.firewall.enabled.value);
  EXPECT_TRUE(fwEndsWith(h.firewall.enabled.from.file, "firewall-policy.reg"));
  EXPECT_EQ(h.firewall.enabled.from.line, kStandardEnableLine);
  EXPECT_TRUE(fwEndsWith(h.firewall.enabled.from.where, "StandardProfile\\EnableFirewall"));
  // Inbound rules of the Private profile from the store; the netsh rules file is not read.
  EXPECT_EQ(fwRule(h, "@FirewallAPI.dll,-28539"), nullptr); // Domain only
  const dd::model::FirewallRule *task = fwRule(h, "@FirewallAPI.dll,-33253");
  ASSERT_NE(task, nullptr);
  EXPECT_TRUE(task->rpcDynamic);
  EXPECT_EQ(task->remote, strings({"LocalSubnet"}));
  EXPECT_EQ(task->program, "C:\\Windows\\system32\\svchost.exe");
  const dd::model::FirewallRule *opc = fwRule(h, "Acme OPC DA");
  ASSERT_NE(opc, nullptr);
  EXPECT_TRUE(opc->enabled && opc->allow);
  EXPECT_EQ(opc->protocol, "TCP");
  EXPECT_EQ(opc->ports, (std::vector<dd::model::PortRange>{{135, 135}, {49152, 65535}}));
  EXPECT_EQ(opc->remote, strings({"10.0.3.0/24", "10.0.4.7"}));
  EXPECT_TRUE(fwEndsWith(opc->from.file, "firewall-policy.reg"));
  EXPECT_EQ(opc->from.line, kOpcLine);
  const dd::model::FirewallRule *ipv6 = fwRule(h, "@FirewallAPI.dll,-25351");
  ASSERT_NE(ipv6, nullptr);
  EXPECT_FALSE(ipv6->allow);
  EXPECT_EQ(ipv6->protocol, "41");
  EXPECT_EQ(fwRule(h, "@FirewallAPI.dll,-25302"), nullptr); // outbound
  const dd::model::FirewallRule *off = fwRule(h, "@FirewallAPI.dll,-29253");
  ASSERT_NE(off, nullptr);
  EXPECT_FALSE(off->enabled);
  EXPECT_EQ(h.firewall.rules.size(), 4u);
  EXPECT_EQ(gapSaying(h, "firewall"), nullptr) << gapSaying(h, "firewall")->value;

  // Group Policy's store beside it: Private is off by policy; its rules apply in Domain only.
  writeReg(dir / "firewall-gpo.reg", kGpoReg);
  dd::model::Host gp = fwHost();
  ASSERT_TRUE(applySnapshot(gp, dir, SnapshotOptions{true}).ok());
  EXPECT_FALSE(gp.firewall.enabled.value);
  EXPECT_TRUE(fwEndsWith(gp.firewall.enabled.from.file, "firewall-gpo.reg"));
  EXPECT_EQ(gp.firewall.enabled.from.line, kGpoPrivateEnableLine);
  EXPECT_EQ(fwRule(gp, "Plant DCOM from the HMI"), nullptr);
  EXPECT_EQ(gp.firewall.rules.size(), 4u);
  fs::remove_all(dir);
}

TEST(FirewallRegistrySnapshot, ProfileUnknownAndMalformedStore) {
  fs::path dir = fwFolder("unknown");
  writeReg(dir / "firewall-policy.reg", kLocalReg);
  writeReg(dir / "firewall-gpo.reg", kGpoReg);
  // currentprofile's header is not one of allprofiles': every profile counts, and a gap says so.
  fwWrite(dir / "firewall-currentprofile.txt",
          "\r\nAutre profil :\r\n------------------------------\r\nÉtat  Allumé\r\n");
  dd::model::Host h = fwHost();
  ASSERT_TRUE(applySnapshot(h, dir).ok());
  EXPECT_TRUE(h.firewall.enabled.value); // Domain is on (by policy)
  EXPECT_TRUE(fwEndsWith(h.firewall.enabled.from.file, "firewall-gpo.reg"));
  EXPECT_NE(fwRule(h, "Plant DCOM from the HMI"), nullptr);
  EXPECT_EQ(fwRule(h, "@FirewallAPI.dll,-28539"), nullptr); // local, Domain only, merge off there
  const dd::model::Fact<std::string> *gap = gapSaying(h, "profile in force is not known");
  ASSERT_NE(gap, nullptr);
  EXPECT_TRUE(fwEndsWith(gap->from.file, "firewall-currentprofile.txt"));

  // A malformed rule: file:line with --strict; without it the store is skipped, the netsh files
  // are read instead (and, in words no table knows, skipped in turn), and the gaps say so.
  std::string bad = kLocalReg;
  bad.replace(bad.find("Dir=In|Protocol=41"), 6, "Dir=Up");
  writeReg(dir / "firewall-policy.reg", bad);
  dd::model::Host strict = fwHost();
  EXPECT_TRUE(failsAt(applySnapshot(strict, dir, SnapshotOptions{true}), (dir / "firewall-policy.reg").generic_string(),
                      kIpv6Line, "Dir \"Up\""));
  dd::model::Host lenient = fwHost();
  ASSERT_TRUE(applySnapshot(lenient, dir).ok());
  const dd::model::Fact<std::string> *skipped = gapSaying(lenient, "firewall-policy.reg could not be read");
  ASSERT_NE(skipped, nullptr);
  EXPECT_NE(skipped->value.find("Dir \"Up\""), std::string::npos) << skipped->value;
  EXPECT_EQ(skipped->from.line, kIpv6Line);
  EXPECT_NE(gapSaying(lenient, "firewall-currentprofile.txt could not be read"), nullptr);
  fs::remove_all(dir);
}

TEST(FirewallRegistrySnapshot, WindowsXpStoreLeavesTheNetshFiles) {
  // Windows XP's FirewallPolicy key has profile keys but no FirewallRules (its exceptions live in
  // other keys this reader does not take): the netsh files are read as without the export.
  fs::path dir = fwFolder("xp");
  fwWrite(dir / "firewall-currentprofile.txt",
          "\r\nPrivate Profile Settings:\r\n----------------------------------------------------------------------\r\n"
          "State                                 ON\r\nOk.\r\n");
  fs::remove(dir / "firewall-rules.txt");
  writeReg(dir / "firewall-policy.reg",
           "Windows Registry Editor Version 5.00\n\n"
           "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy]\n\n"
           "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\"
           "StandardProfile]\n\"EnableFirewall\"=dword:00000000\n\n");
  dd::model::Host h = fwHost();
  auto r = applySnapshot(h, dir, SnapshotOptions{true});
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_TRUE(h.firewall.enabled.value);
  EXPECT_TRUE(fwEndsWith(h.firewall.enabled.from.file, "firewall-currentprofile.txt"));
  fs::remove_all(dir);
}
