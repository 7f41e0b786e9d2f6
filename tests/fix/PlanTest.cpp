// `fix --plan` (sim/Plan.h) on a generated 200-host workgroup with the faults bench/gen_plant.py
// seeds (another opcuser password on every 37th host, early-patched clients with explicit Connect
// activation on every 23rd, no callback rule on every 50th) and a few more: every wanted pair ends
// green, no change grants Everyone or ANONYMOUS LOGON a remote right, no unwanted pair works; and
// a fix that would make an unwanted pair work is refused with the reason.
#include "model/PlantReader.h"
#include "sim/Plan.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <gtest/gtest.h>
#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

using namespace dd;

namespace {

std::string hostName(int h) { return fmt::format("H{:04d}", h); }

// The plant of bench/gen_plant.py (same rules), 2 servers a host, with [[wants]] HMI on each host
// -> class 0 on the next two hosts (connect and advise), and [[unwanted]] pairs to the class 1 of
// host 150, whose AccessPermission grants nobody but administrators (a seeded fault no wanted pair
// needs fixed).
std::string generatedPlant(int hosts, bool wants = true) {
  std::string out = "[plant]\nname = \"plan test\"\n\n";
  for (int h = 0; h < hosts; ++h) {
    std::string addr = fmt::format("10.0.{}.{}", h / 256, h % 256 + (h % 256 == 0 ? 1 : 0));
    out += fmt::format("[[host]]\nname = \"{}\"\nos = \"{}\"\npatched = {}\naddresses = [\"{}\"]\n\n", hostName(h),
                       h % 2 ? "windows-10" : "windows-server-2019", h % 23 == 0 ? "2022-09-13" : "2023-06-13", addr);
    out += "[host.dcom]\ndefault_access_permission = \"O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-"
           "562)\"\n\n";
    out += "[[host.firewall.rule]]\nname = \"DCOM 135\"\nport = 135\nremote = [\"10.0.0.0/8\"]\n\n";
    out += "[[host.firewall.rule]]\nname = \"OPC servers\"\nprogram = 'C:\\Program Files\\Acme\\opcda.exe'\n"
           "remote = [\"10.0.0.0/8\"]\n\n";
    if (h % 50 != 7)
      out += "[[host.firewall.rule]]\nname = \"HMI callbacks\"\nprogram = 'C:\\Program Files\\Acme\\hmi.exe'\n"
             "remote = [\"10.0.0.0/8\"]\n\n";
    out += fmt::format("[[host.user]]\nname = \"opcuser\"\npassword = \"{}\"\ngroups = [\"Users\", \"Distributed COM "
                       "Users\"]\n\n",
                       h % 37 == 5 ? "Z" : "A");
    out += "[[host.user]]\nname = \"opcsvc\"\npassword = \"B\"\ngroups = [\"Users\", \"Distributed COM Users\"]\n\n";
    for (int s = 0; s < 2; ++s) {
      std::string access = h == 150 && s == 1 ? "O:BAG:BAD:(A;;CCDCLC;;;BA)"
                                              : "O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)";
      out += fmt::format("[[host.server]]\nprogid = \"Acme.OPCDA.{}\"\nclsid = \"{{{:08X}-1C4F-4E2A-9B7D-{:012X}}}\"\n"
                         "exe = 'C:\\Program Files\\Acme\\opcda.exe'\nrun_as = \"opcsvc\"\nrun_as_password = \"B\"\n"
                         "launch_permission = \"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;"
                         "S-1-5-32-562)\"\naccess_permission = \"{}\"\n\n",
                         s, h, s, access);
    }
    out += "[[host.client]]\nname = \"HMI\"\nrun_as = \"opcuser\"\nexe = 'C:\\Program Files\\Acme\\hmi.exe'\n";
    if (h % 23 == 0)
      out += "activation_authentication_level = 2\n";
    out += "\n";
  }
  for (int h = 0; h < hosts && wants; ++h)
    for (int d : {1, 2})
      out += fmt::format("[[wants]]\nclient = \"{}\"\nprogram = \"HMI\"\nserver = \"{}\"\nclass = \"Acme.OPCDA.0\"\n"
                         "advise = true\n\n",
                         hostName(h), hostName((h + d) % hosts));
  for (int h : {149, 151, 10})
    if (hosts > 151 && wants)
      out += fmt::format("[[unwanted]]\nclient = \"{}\"\nprogram = \"HMI\"\nserver = \"H0150\"\nclass = "
                         "\"Acme.OPCDA.1\"\n\n",
                         hostName(h));
  return out;
}

// Remote rights Everyone or ANONYMOUS LOGON hold in a descriptor.
uint32_t anonymousRemote(const std::optional<model::Descriptor> &d) {
  uint32_t bits = 0;
  if (d && d->sd.dacl)
    for (const winsec::Ace &a : d->sd.dacl->aces)
      if (a.isAllow() && (a.sid.str() == "S-1-1-0" || a.sid.str() == "S-1-5-7"))
        bits |= a.mask & (winsec::com::ExecuteRemote | winsec::com::ActivateRemote);
  return bits;
}

TEST(Plan, GeneratedPlantOf200Hosts) {
  auto plant =
      model::parsePlant(generatedPlant(200), "generated.toml", ".", model::PlantReadOptions{false, false, nullptr});
  ASSERT_TRUE(plant) << plant.error().str();
  ASSERT_EQ(plant->wants.size(), 400u);
  sim::Plan plan =
      sim::planFixes(*plant, sim::planPairs(*plant, plant->wants), sim::planPairs(*plant, plant->unwanted));
  EXPECT_EQ(plan.wanted, 400u);
  EXPECT_GE(plan.redBefore, 30u) << "the seeded faults";
  EXPECT_EQ(plan.redAfter, 0u);
  for (const sim::PairResult &p : plan.pairs)
    EXPECT_TRUE(p.green) << p.label << ": " << p.after << ": " << p.why;
  for (const sim::PairResult &u : plan.unwanted)
    EXPECT_FALSE(u.green) << u.label;
  EXPECT_GE(plan.fixes.size(), 6u);
  // The hosts without the callback rule (every 50th from 7) get one rule each, for both servers of
  // their wanted pairs, not one rule a server host.
  size_t rules = 0;
  for (const sim::PlannedFix &f : plan.fixes)
    for (const sim::Change &c : f.fix.changes)
      if (c.kind == sim::Change::Kind::FirewallRule) {
        ++rules;
        EXPECT_EQ(c.rule->remote.size(), 2u) << f.fix.summary;
      }
  EXPECT_EQ(rules, 4u);
  std::printf("200 hosts: %zu wanted pairs, %zu red before, %zu red after, %zu fixes\n", plan.wanted, plan.redBefore,
              plan.redAfter, plan.fixes.size());
  for (const sim::PlannedFix &f : plan.fixes)
    for (const sim::Change &c : f.fix.changes)
      EXPECT_EQ(sim::refusal(c), "") << c.describe();
  for (size_t i = 0; i < plant->hosts.size(); ++i) {
    const model::Host &before = plant->hosts[i], &after = plan.after.hosts[i];
    EXPECT_EQ(anonymousRemote(after.dcom.machineLaunchRestriction),
              anonymousRemote(before.dcom.machineLaunchRestriction));
    EXPECT_EQ(anonymousRemote(after.dcom.machineAccessRestriction),
              anonymousRemote(before.dcom.machineAccessRestriction));
    EXPECT_EQ(anonymousRemote(after.dcom.defaultAccessPermission),
              anonymousRemote(before.dcom.defaultAccessPermission));
    EXPECT_EQ(anonymousRemote(after.dcom.defaultLaunchPermission),
              anonymousRemote(before.dcom.defaultLaunchPermission));
    for (size_t s = 0; s < after.servers.size(); ++s)
      EXPECT_EQ(anonymousRemote(after.servers[s].accessPermission),
                anonymousRemote(before.servers[s].accessPermission));
    EXPECT_EQ(after.dcom.legacyAuthenticationLevel.value, before.dcom.legacyAuthenticationLevel.value);
  }
}

// With no [[wants]], every client program x every class is wanted (120 hosts: 28,800 pairs). Hosts
// 5, 42, 79 and 116 share a password that differs from everyone else's: aligning one of them
// first breaks its pairs with the others, and is taken because it makes many more work; the
// others follow. One callback rule on each of hosts 7, 57 and 107 for all the servers; every
// pair ends green.
TEST(Plan, EveryPairOfAPlantWhoseDriftedHostsShareAPassword) {
  auto plant =
      model::parsePlant(generatedPlant(120, false), "every.toml", ".", model::PlantReadOptions{false, false, nullptr});
  ASSERT_TRUE(plant) << plant.error().str();
  sim::PlanOptions options;
  options.everyPair = true;
  std::vector<std::string> progress;
  options.progress = [&](const char *what, size_t, size_t) {
    if (progress.empty() || progress.back() != what)
      progress.push_back(what);
  };
  sim::Plan plan = sim::planFixes(*plant, {}, {}, options);
  EXPECT_EQ(plan.wanted, 120u * 120u * 2u);
  EXPECT_GT(plan.redBefore, sim::kListedPairs);
  EXPECT_GT(plan.redBefore, 1000u);
  EXPECT_EQ(plan.redAfter, 0u);
  size_t passwords = 0, stopping = 0, rules = 0;
  for (const sim::PlannedFix &f : plan.fixes) {
    for (const sim::Change &c : f.fix.changes) {
      EXPECT_EQ(sim::refusal(c), "") << c.describe();
      passwords += c.kind == sim::Change::Kind::Password;
      if (c.kind == sim::Change::Kind::FirewallRule) {
        ++rules;
        EXPECT_TRUE(c.host == "H0007" || c.host == "H0057" || c.host == "H0107") << c.host;
        EXPECT_EQ(c.rule->remote.size(), 118u) << "the other 119 hosts; hosts 0 and 1 share 10.0.0.1";
      }
    }
    stopping += f.stopped > 0;
  }
  EXPECT_EQ(passwords, 4u) << "hosts 5, 42, 79, 116 take the others' password";
  EXPECT_GE(stopping, 1u);
  EXPECT_EQ(rules, 3u);
  EXPECT_EQ(plan.fixes.size(), 4u + 3u + 6u) << "passwords, callback rules, the 6 early-patched clients";
  // A plan of more than kListedPairs pairs lists none that work and counts them by their failure.
  EXPECT_TRUE(plan.pairs.empty());
  size_t counted = 0;
  for (const auto &[before, n] : plan.greenByBefore)
    counted += n;
  EXPECT_GE(counted, plan.redBefore);
  EXPECT_EQ(progress.front(), "simulating the plant: client hosts");
  EXPECT_NE(std::find(progress.begin(), progress.end(), "fixing red pairs"), progress.end());
}

// A wanted pair whose only proven fixes would also make an unwanted pair work stays red, with why.
TEST(Plan, RefusesAFixThatMakesAnUnwantedPairWork) {
  std::string text = generatedPlant(4);
  text += "[[unwanted]]\nclient = \"H0002\"\nprogram = \"HMI\"\nserver = \"H0000\"\nclass = \"Acme.OPCDA.1\"\n\n";
  auto plant = model::parsePlant(text, "small.toml", ".", model::PlantReadOptions{false, false, nullptr});
  ASSERT_TRUE(plant) << plant.error().str();
  // H0000's class 1 lets nobody but administrators call: make it refuse opcuser.
  plant->hosts[0].servers[1].accessPermission =
      model::Descriptor{*winsec::parseSddl("O:BAG:BAD:(A;;CCDCLC;;;BA)"), "O:BAG:BAD:(A;;CCDCLC;;;BA)", {}};
  sim::PlanPair wanted = sim::planPair(*plant, sim::Request{"H0001", "", "HMI", "H0000", "Acme.OPCDA.1", false});
  sim::Plan plan = sim::planFixes(*plant, {wanted}, sim::planPairs(*plant, plant->unwanted));
  ASSERT_EQ(plan.pairs.size(), 1u);
  EXPECT_FALSE(plan.pairs[0].green);
  EXPECT_NE(plan.pairs[0].why.find("would make the unwanted pair"), std::string::npos) << plan.pairs[0].why;
  EXPECT_TRUE(plan.fixes.empty());
  ASSERT_EQ(plan.unwanted.size(), 1u);
  EXPECT_FALSE(plan.unwanted.back().green);
  // Without the unwanted pair, the same wanted pair is fixed.
  sim::Plan free = sim::planFixes(*plant, {wanted}, {});
  EXPECT_EQ(free.redAfter, 0u);
}

TEST(Plan, WantsNamingWhatDoesNotExistFailLoudly) {
  std::string text = generatedPlant(2);
  auto bad = model::parsePlant(text + "[[wants]]\nclient = \"H0000\"\nserver = \"H0001\"\nclass = \"Acme.Nope\"\n",
                               "w.toml", ".", model::PlantReadOptions{false, false, nullptr});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().str().find("Acme.Nope"), std::string::npos) << bad.error().str();
  auto typo = model::parsePlant(text + "[[wants]]\nclient = \"H0000\"\nserver = \"H0001\"\nclas = \"Acme.OPCDA.0\"\n",
                                "w.toml", ".", model::PlantReadOptions{false, false, nullptr});
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().str().find("clas"), std::string::npos);
}

} // namespace
