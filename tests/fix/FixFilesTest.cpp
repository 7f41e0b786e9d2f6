// `dcomdoctor fix -o DIR` on every red scenario of examples/scenarios/ (one test case each): the
// built binary writes the folder; then
//   - every changes.reg is UTF-16LE with a BOM and reads back through our reg reader to the
//     values the plan intends (numbers; descriptors decode to the SDDL of the plant with the
//     changes applied, which holds the ACE the change adds),
//   - applying the changes (applyChanges; a change only its fix knows through that fix) to the
//     plant re-simulates green,
//   - the first fix is the narrowest of those proven (scope, then rights, then hosts) and grants
//     no local right for a remote pair,
//   - every apply.ps1 keeps to the PowerShell subset (fix/PsSubset.h), asks for passwords with
//     Read-Host -AsSecureString, and no file holds a password label of the plant.
#include "fix/PsSubset.h"
#include "support/Run.h"

#include "model/PlantReader.h"
#include "registry/Registry.h"
#include "report/FixFiles.h"
#include "sim/Fixes.h"
#include "sim/Plan.h"
#include "winsec/ComRights.h"
#include "winsec/Sddl.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace dd;

namespace {

std::string quote(const std::string &s) { return dd::test::shellQuote(s); }

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Scenario {
  fs::path dir;
  sim::Request request;
};

std::vector<Scenario> scenarios() {
  std::vector<Scenario> out;
  for (const auto &e : fs::directory_iterator(fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples" / "scenarios")) {
    if (!fs::exists(e.path() / "scenario.toml"))
      continue;
    auto t = toml::parse_file((e.path() / "scenario.toml").string());
    auto r = t["request"];
    out.push_back({e.path(), sim::Request{r["client"].value_or(std::string()), r["user"].value_or(std::string()),
                                          r["program"].value_or(std::string()), r["server"].value_or(std::string()),
                                          r["class"].value_or(std::string()), r["advise"].value_or(false)}});
  }
  std::sort(out.begin(), out.end(), [](const Scenario &a, const Scenario &b) { return a.dir < b.dir; });
  return out;
}

int runFix(const Scenario &s, const fs::path &out) {
  const sim::Request &r = s.request;
  std::string cmd = quote(DCOMDOCTOR_BINARY) + " fix " + quote((s.dir / "plant.toml").string()) + " --client " +
                    quote(r.clientHost) + " --server " + quote(r.serverHost) + " --class " + quote(r.serverClass);
  if (!r.user.empty())
    cmd += " --user " + quote(r.user);
  if (!r.program.empty())
    cmd += " --program " + quote(r.program);
  if (r.advise)
    cmd += " --advise";
  cmd += " -o " + quote(out.string()) + " > /dev/null 2>&1";
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The .reg value of `c` in `reg` matches what the plan left in `after`.
void expectRegistryValue(const registry::Registry &reg, const model::Host &after, const sim::Change &c,
                         const std::string &where) {
  registry::Value v = reg.findValue(c.key(), c.valueName);
  ASSERT_TRUE(v) << where << ": " << c.describe() << " is not in changes.reg";
  EXPECT_EQ(v.type(), c.regType()) << where;
  auto intended = sim::registryData(after, c);
  ASSERT_TRUE(intended) << where;
  std::vector<uint8_t> bytes(v.data().begin(), v.data().end());
  EXPECT_EQ(bytes, intended->bytes) << where << ": " << c.describe();
  if (c.ace.empty()) {
    if (v.type() == registry::regtype::Dword) {
      EXPECT_EQ(*v.asDword(), static_cast<uint32_t>(c.number)) << where;
    }
    return;
  }
  std::string sddl;
  if (v.type() == registry::regtype::Binary) {
    auto sd = winsec::SecurityDescriptor::fromBinary(v.data());
    ASSERT_TRUE(sd) << where;
    sddl = winsec::formatSddl(*sd);
  } else {
    sddl = *v.asString();
  }
  EXPECT_EQ(sddl, intended->sddl) << where;
  // The ACE the change adds is in it (SIDs as the SDDL writer spells them).
  auto added = winsec::parseSddl("D:" + c.ace);
  ASSERT_TRUE(added && added->dacl) << where;
  EXPECT_NE(sddl.find(winsec::formatSddlAce(added->dacl->aces.front())), std::string::npos)
      << where << ": " << sddl << " lacks " << c.ace;
}

void checkFolder(const fs::path &out, const sim::Plan &plan, const model::Plant &plant, const std::string &name) {
  for (const auto &e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file())
      continue;
    std::string text = slurp(e.path());
    for (const model::Host &h : plant.hosts)
      for (const model::Account &a : h.users)
        if (a.passwordLabel && a.passwordLabel->size() >= 4) {
          EXPECT_EQ(text.find(*a.passwordLabel), std::string::npos) << name << ": " << e.path() << " holds a label";
        }
    if (e.path().filename() == "apply.ps1") {
      std::string lf;
      for (char c : text)
        if (c != '\r')
          lf += c;
      auto problems = test::checkPsSubset(lf);
      EXPECT_TRUE(problems.empty()) << name << ": " << e.path() << ": " << (problems.empty() ? "" : problems[0]);
    }
  }
  for (const sim::PlannedFix &f : plan.fixes)
    for (const sim::Change &c : f.fix.changes) {
      fs::path folder = out / c.host;
      ASSERT_TRUE(fs::exists(folder / "apply.ps1")) << name << ": " << folder;
      ASSERT_TRUE(fs::exists(folder / "steps.txt")) << name;
      if (c.kind == sim::Change::Kind::Account || c.kind == sim::Change::Kind::Password) {
        EXPECT_NE(slurp(folder / "apply.ps1").find("Read-Host"), std::string::npos) << name;
      }
      if (c.kind != sim::Change::Kind::RegistryValue || c.ace.find("%SID%") != std::string::npos)
        continue;
      std::string reg = slurp(folder / "changes.reg");
      ASSERT_GE(reg.size(), 2u) << name;
      EXPECT_EQ(static_cast<uint8_t>(reg[0]), 0xFF);
      EXPECT_EQ(static_cast<uint8_t>(reg[1]), 0xFE);
      registry::Registry r;
      ASSERT_TRUE(r.loadRegFile(folder / "changes.reg")) << name;
      EXPECT_TRUE(r.diagnostics().empty()) << name << ": " << r.diagnostics().front().str();
      expectRegistryValue(r, *plan.after.findHost(c.host), c, name);
    }
}

// The first fix of the first red direction is the narrowest proven, and grants no local right
// for a remote pair.
void checkFirstFix(const model::Plant &plant, const sim::Request &req, const std::string &name) {
  sim::Simulator s(plant);
  auto p = s.predict(req, sim::Options{true, true});
  ASSERT_TRUE(p);
  const sim::Outcome &o = !p->connect.ok() ? p->connect : *p->advise;
  if (o.fixes.empty())
    return;
  sim::FixBreadth first = sim::breadthOf(o.fixes[0]);
  for (const sim::Fix &f : o.fixes) {
    sim::FixBreadth b = sim::breadthOf(f);
    EXPECT_LE(std::tie(first.scope, first.rights, first.hosts), std::tie(b.scope, b.rights, b.hosts))
        << name << ": " << o.fixes[0].summary << " before the narrower " << f.summary;
  }
  if (iequals(req.clientHost, req.serverHost))
    return;
  for (const sim::Change &c : o.fixes[0].changes) {
    EXPECT_EQ(c.grantedRights() & (winsec::com::ExecuteLocal | winsec::com::ActivateLocal), 0u)
        << name << ": " << c.describe();
  }
}

TEST(FixFiles, EveryRedScenario) {
  int red = 0, green = 0, fromChangesOnly = 0;
  for (const Scenario &s : scenarios()) {
    const std::string name = s.dir.filename().string();
    auto plant = model::readPlantFile(s.dir / "plant.toml", model::PlantReadOptions{true, false, nullptr});
    ASSERT_TRUE(plant) << name;
    sim::Plan plan = sim::planFixes(*plant, {sim::planPair(*plant, s.request)}, {});
    if (plan.redBefore == 0)
      continue;
    ++red;
    fs::path out = fs::temp_directory_path() / ("dd-fix-test-" + name);
    fs::remove_all(out);
    int exit = runFix(s, out);
    EXPECT_EQ(exit, plan.redAfter == 0 ? 0 : 1) << name;
    EXPECT_TRUE(fs::exists(out / "README.txt") && fs::exists(out / "proof.txt")) << name;
    EXPECT_EQ(plan.redAfter, 0u) << name << ": " << plan.pairs.front().why;
    checkFolder(out, plan, *plant, name);
    checkFirstFix(*plant, s.request, name);
    // The changes applied to the plant re-simulate green.
    model::Plant applied = *plant;
    bool onlyChanges = true;
    for (const sim::PlannedFix &f : plan.fixes) {
      onlyChanges = onlyChanges && f.fix.complete;
      if (f.fix.complete)
        EXPECT_TRUE(sim::applyChanges(applied, f.fix.changes)) << name;
      else
        f.fix.apply(applied);
    }
    sim::Simulator again(applied);
    auto p = again.predict(s.request, sim::Options{false, false});
    ASSERT_TRUE(p) << name;
    EXPECT_TRUE(p->ok()) << name << ": not green with the changes applied";
    green += p->ok() ? 1 : 0;
    fromChangesOnly += onlyChanges ? 1 : 0;
    fs::remove_all(out);
  }
  EXPECT_GE(red, 40);
  EXPECT_EQ(green, red);
  EXPECT_GE(fromChangesOnly, 20) << "fixes proven from their changes alone";
  std::printf("red scenarios: %d, green with the changes: %d, from the changes alone: %d\n", red, green,
              fromChangesOnly);
}

} // namespace
