// The audit: a clean plant breaks no rule; for every rule a variant of it that breaks that rule
// (and, where the fix is a plant change, the fix applied makes the finding go away); the impact
// analysis names the pair a fix would break and a proven way to keep it; docs/audit.md lists
// every rule; SARIF and JSON carry every finding.
#include "audit/Audit.h"
#include "model/PlantReader.h"
#include "report/AuditReport.h"
#include "support/Conformance.h"

#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>

using namespace dd;

namespace {

// Two hosts of a workgroup, configured as the guide's checklist asks; HMI1's client reads
// OPCSRV's server and gets callbacks. Markers (#...) are where a test puts its variation.
const char *kClean = R"TOML([plant]
name = "clean"

[[host]]
name = "OPCSRV"
os = "windows-server-2019"
patched = 2023-06-13
addresses = ["10.0.3.10"]
#OPCSRV
[host.dcom]
legacy_authentication_level = 5
default_access_permission = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"
#OPCSRV.dcom
[host.lsa]
#OPCSRV.lsa
[host.audit]
logon_failures = true
dcom_call_failures = true
[[host.firewall.rule]]
name = "DCOM 135"
port = 135
remote = ["10.0.3.0/24"]
[[host.firewall.rule]]
name = "Acme OPC"
program = 'C:\Program Files\Acme\opcda.exe'
remote = ["10.0.3.0/24"]
#OPCSRV.rules
[[host.user]]
name = "opcuser"
password = "A"
password_never_expires = true
groups = ["Users", "Distributed COM Users"]
[[host.user]]
name = "opcsvc"
password = "B"
password_never_expires = true
groups = ["Users"]
#OPCSRV.users
[[host.server]]
progid = "Acme.OPCDA.1"
clsid = "{6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}"
exe = 'C:\Program Files\Acme\opcda.exe'
run_as = "opcsvc"
run_as_password = "B"
launch_permission = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
access_permission = "O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"
#server

[[host]]
name = "HMI1"
os = "windows-10"
patched = 2023-06-13
addresses = ["10.0.3.21"]
[host.dcom]
default_access_permission = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"
[host.audit]
logon_failures = true
dcom_call_failures = true
[[host.firewall.rule]]
name = "DCOM 135"
port = 135
remote = ["10.0.3.0/24"]
[[host.firewall.rule]]
name = "HMI callbacks"
program = 'C:\Program Files\Acme\hmi.exe'
remote = ["10.0.3.0/24"]
[[host.user]]
name = "opcuser"
password = "A"
password_never_expires = true
groups = ["Users", "Distributed COM Users"]
[[host.user]]
name = "opcsvc"
password = "B"
password_never_expires = true
groups = ["Users", "Distributed COM Users"]
[[host.client]]
name = "HMI"
run_as = "opcuser"
exe = 'C:\Program Files\Acme\hmi.exe'
#HMI1
)TOML";

std::string variant(std::map<std::string, std::string> edits) {
  std::string text = kClean;
  for (const auto &[marker, add] : edits) {
    auto at = text.find("#" + marker + "\n");
    EXPECT_NE(at, std::string::npos) << marker;
    if (at != std::string::npos)
      text.insert(at, add + "\n");
  }
  return text;
}

model::Plant plantOf(const std::string &text) {
  auto p = model::parsePlant(text, "plant.toml", ".");
  EXPECT_TRUE(p) << (p ? "" : p.error().str());
  return p ? *p : model::Plant{};
}

struct Case {
  const char *rule;
  std::map<std::string, std::string> edits;
  const char *host;
  std::string replaceFrom = {}, replaceTo = {}; // a line of the clean plant changed first
};

// One variant per rule: each breaks its rule on `host`.
const std::vector<Case> &cases() {
  static const std::vector<Case> all = {
      {"limits-anonymous-remote",
       {{"OPCSRV.dcom", "machine_access_restriction = \"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)\""}},
       "OPCSRV"},
      {"limits-everyone-remote-launch",
       {{"OPCSRV.dcom", "machine_launch_restriction = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;WD)\""}},
       "OPCSRV"},
      {"permissions-anonymous-remote",
       {{"OPCSRV.dcom", "default_launch_permission = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;AN)\""}},
       "OPCSRV"},
      {"permissions-everyone-remote-launch",
       {{"OPCSRV.dcom", "default_launch_permission = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;WD)\""}},
       "OPCSRV"},
      {"limits-missing-administrators",
       {{"OPCSRV.dcom", "machine_launch_restriction = \"O:BAG:BAD:(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)\""}},
       "OPCSRV"},
      {"authentication-none", {{"server", "authentication_level = 1"}}, "OPCSRV"},
      {"authentication-below-integrity", {}, "OPCSRV"}, // replaced below: level 2
      {"impersonation-not-identify", {{"OPCSRV.dcom", "legacy_impersonation_level = 4"}}, "OPCSRV"},
      {"force-guest", {{"OPCSRV.lsa", "force_guest = true"}}, "OPCSRV"},
      {"everyone-includes-anonymous", {{"OPCSRV.lsa", "everyone_includes_anonymous = true"}}, "OPCSRV"},
      {"token-filter-off", {{"OPCSRV.lsa", "local_account_token_filter_policy = true"}}, "OPCSRV"},
      {"guest-enabled", {{"OPCSRV.users", "[[host.user]]\nname = \"Guest\"\nrid = 501\nenabled = true"}}, "OPCSRV"},
      {"runas-interactive-user", {}, "OPCSRV", "run_as = \"opcsvc\"", "run_as = \"Interactive User\""},
      {"identity-administrator",
       {
           {"OPCSRV.users", "[[host.user]]\nname = \"opcadmin\"\npassword = \"C\"\npassword_never_expires = "
                            "true\ngroups = [\"Administrators\"]"},
       },
       "OPCSRV",
       "run_as = \"opcsvc\"\nrun_as_password = \"B\"",
       "run_as = \"opcadmin\"\nrun_as_password = \"C\""},
      {"identity-password-expires",
       {
           {"OPCSRV.users", "[[host.user]]\nname = \"opcsvc2\"\npassword = \"D\"\ngroups = [\"Users\"]"},
       },
       "OPCSRV",
       "run_as = \"opcsvc\"\nrun_as_password = \"B\"",
       "run_as = \"opcsvc2\"\nrun_as_password = \"D\""},
      {"firewall-off", {{"OPCSRV", "[host.firewall]\nenabled = false"}}, "OPCSRV"},
      {"firewall-wide-open", {{"OPCSRV.rules", "[[host.firewall.rule]]\nname = \"all\""}}, "OPCSRV"},
      {"firewall-rule-unscoped",
       {{"OPCSRV.rules", "[[host.firewall.rule]]\nname = \"DCOM any\"\nport = 135"}},
       "OPCSRV"},
      {"logon-failure-auditing-off", {{"HMI1", "[host.audit]\nlogon_failures = false\ndcom_call_failures = true"}}, ""},
      {"dcom-failure-logging-off", {{"OPCSRV.dcom", "activation_failure_logging_level = 2"}}, "OPCSRV"},
      {"hardening-not-enforced", {}, "OPCSRV"}, // replaced below: patch date
      {"legacy-os", {}, "OPCSRV"},              // replaced below: os
      {"needless-services",
       {{"OPCSRV.users", "[[host.service]]\nname = \"OpcEnum\"\nstart = \"auto\"\nstate = \"running\""}},
       "OPCSRV"},
      {"identical-accounts-expire",
       {{"OPCSRV.users", "[[host.user]]\nname = \"operator\"\npassword = \"E\""},
        {"HMI1", "[[host.user]]\nname = \"operator\"\npassword = \"E\""}},
       "OPCSRV"},
      {"dcom-enabled-local-only", {}, "OPCSRV"}, // replaced below: one host
  };
  return all;
}

// The plant text of a case (a few need more than an insertion).
std::string caseText(const Case &c) {
  std::string rule = c.rule;
  if (rule == "hardening-not-enforced") {
    std::string t = kClean;
    t.replace(t.find("patched = 2023-06-13"), 20, "patched = 2021-01-12");
    return t;
  }
  if (rule == "authentication-below-integrity") {
    std::string t = kClean;
    t.replace(t.find("legacy_authentication_level = 5"), 31, "legacy_authentication_level = 2");
    return t;
  }
  if (rule == "legacy-os") {
    std::string t = kClean;
    t.replace(t.find("os = \"windows-server-2019\""), 26, "os = \"windows-server-2003\"");
    return t;
  }
  if (rule == "dcom-enabled-local-only") {
    std::string t = kClean;
    return t.substr(0, t.find("[[host]]\nname = \"HMI1\""));
  }
  if (rule == "logon-failure-auditing-off") {
    std::string t = kClean;
    auto at = t.find("logon_failures = true", t.find("name = \"HMI1\""));
    t.replace(at, 21, "logon_failures = false");
    return t;
  }
  std::string t = variant(c.edits);
  if (!c.replaceFrom.empty()) {
    auto at = t.find(c.replaceFrom);
    EXPECT_NE(at, std::string::npos) << c.replaceFrom;
    if (at != std::string::npos)
      t.replace(at, c.replaceFrom.size(), c.replaceTo);
  }
  return t;
}

} // namespace

TEST(Audit, CleanPlantBreaksNoRuleAndItsPairWorks) {
  model::Plant plant = plantOf(kClean);
  audit::AuditResult r = audit::runAudit(plant);
  for (const auto &f : r.findings)
    ADD_FAILURE() << f.rule << " on " << f.host << ": " << f.message;
  EXPECT_EQ(r.hosts, 2u);
}

TEST(Audit, EveryRuleHasACaseAndACaseBreaksIt) {
  std::set<std::string> covered;
  for (const Case &c : cases()) {
    SCOPED_TRACE(c.rule);
    covered.insert(c.rule);
    ASSERT_NE(audit::findRule(c.rule), nullptr);
    model::Plant plant = plantOf(caseText(c));
    audit::AuditResult r = audit::runAudit(plant, audit::AuditOptions{false});
    const audit::AuditFinding *hit = nullptr;
    for (const auto &f : r.findings)
      if (f.rule == c.rule && !hit)
        hit = &f;
    ASSERT_NE(hit, nullptr) << "the rule did not fire; findings: " << r.findings.size();
    if (*c.host)
      EXPECT_EQ(hit->host, c.host);
    EXPECT_FALSE(hit->evidence.empty());
    EXPECT_FALSE(hit->fix.empty());
    // A fix that is a plant change makes its finding go away.
    if (hit->apply) {
      model::Plant fixed = plant;
      hit->apply(fixed);
      audit::AuditResult again = audit::runAudit(fixed, audit::AuditOptions{false});
      size_t before = 0, after = 0;
      for (const auto &f : r.findings)
        before += f.rule == c.rule;
      for (const auto &f : again.findings)
        after += f.rule == c.rule;
      EXPECT_LT(after, before) << "applying the fix left the finding";
    }
  }
  for (const audit::AuditRule &rule : audit::rules())
    EXPECT_TRUE(covered.count(rule.id)) << "no test case breaks rule " << rule.id;
}

// HMI2's operator has no account on OPCSRV; its program and the server's AppID are at level None,
// so activation and calls arrive as ANONYMOUS LOGON, which the Limits and the server's
// permissions admit. Removing ANONYMOUS LOGON from the Limits is
// right, and the audit says it breaks that pair and how to keep it (the account on OPCSRV).
TEST(Audit, ImpactNamesThePairAFixBreaksAndHowToKeepIt) {
  std::string text =
      variant({{"OPCSRV.dcom", "machine_access_restriction = \"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)\"\n"
                               "machine_launch_restriction = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)"
                               "(A;;CCDCLCSWRP;;;AN)(A;;CCDCLCSWRP;;;S-1-5-32-562)\""},
               {"server", "authentication_level = 1"}});
  // The server admits ANONYMOUS LOGON too; HMI2's operator exists only on HMI2.
  auto replaceOnce = [&](const std::string &from, const std::string &to) {
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replaceOnce("launch_permission = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)",
              "launch_permission = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;AN)(A;;CCDCLCSWRP;;;BA)");
  replaceOnce("access_permission = \"O:BAG:BAD:(A;;CCDCLC;;;BA)",
              "access_permission = \"O:BAG:BAD:(A;;CCDCLC;;;AN)(A;;CCDCLC;;;BA)");
  text += R"TOML(
[[host]]
name = "HMI2"
os = "windows-10"
patched = 2023-06-13
addresses = ["10.0.3.22"]
[host.firewall]
enabled = false
[[host.user]]
name = "operator"
password = "Z"
password_never_expires = true
[[host.client]]
name = "HMI"
run_as = "operator"
exe = 'C:\Program Files\Acme\hmi.exe'
authentication_level = 1
)TOML";
  model::Plant plant = plantOf(text);
  audit::AuditResult r = audit::runAudit(plant);
  const audit::AuditFinding *limits = nullptr;
  for (const auto &f : r.findings)
    if (f.rule == "limits-anonymous-remote" && f.message.find("launch") != std::string::npos)
      limits = &f;
  ASSERT_NE(limits, nullptr);
  ASSERT_TRUE(limits->impactChecked);
  ASSERT_FALSE(limits->wouldBreak.empty());
  const audit::BrokenPair &b = limits->wouldBreak.front();
  EXPECT_NE(b.client.find("HMI2"), std::string::npos) << b.client;
  EXPECT_EQ(b.direction, "connect");
  EXPECT_EQ(b.hresult, "0x80070005");
  EXPECT_EQ(b.step, "launch-limits");
  EXPECT_NE(b.keepWorking.find("operator"), std::string::npos) << b.keepWorking;

  EXPECT_EQ(b.keepWorking.find("grant ANONYMOUS"), std::string::npos) << b.keepWorking;
  EXPECT_GT(r.pairsSimulated, 0u);
}

TEST(Audit, DocsListEveryRuleWithItsSeverity) {
  std::ifstream in(test::sourceDir() / "docs" / "audit.md");
  ASSERT_TRUE(in) << "docs/audit.md";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string docs = ss.str();
  for (const audit::AuditRule &rule : audit::rules()) {
    std::string anchor = std::string("<a id=\"") + rule.id + "\"></a>";
    auto at = docs.find(anchor);
    ASSERT_NE(at, std::string::npos) << rule.id;
    auto section = docs.substr(at, docs.find("<a id=", at + anchor.size()) - at);
    EXPECT_NE(section.find(std::string("**") + audit::riskName(rule.severity) + "**"), std::string::npos)
        << rule.id << " should say its severity";
  }
}

TEST(Audit, JsonAndSarifCarryEveryFinding) {
  model::Plant plant = plantOf(caseText(cases()[0]));
  audit::AuditResult r = audit::runAudit(plant);
  ASSERT_FALSE(r.findings.empty());
  auto j = report::auditJson(plant, r);
  EXPECT_EQ(j["findings"].size(), r.findings.size());
  EXPECT_EQ(j["findings"][0]["rule"], r.findings[0].rule);
  auto s = report::auditSarif(plant, r, "1.0");
  EXPECT_EQ(s["version"], "2.1.0");
  const auto &run = s["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), audit::rules().size());
  ASSERT_EQ(run["results"].size(), r.findings.size());
  for (const auto &res : run["results"]) {
    size_t index = res["ruleIndex"];
    EXPECT_EQ(run["tool"]["driver"]["rules"][index]["id"], res["ruleId"]);
    EXPECT_FALSE(res["locations"].empty());
  }
  // The finding cites the plant file line of the value.
  const auto &loc = run["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "plant.toml");
  EXPECT_GT(loc["region"]["startLine"].get<int>(), 0);
}
