// A snapshot's identity: systeminfo, the wmic SIDs and domain, and the patch level from the
// build, the update list and systeminfo's hotfixes (see Snapshot.h, SnapshotIdentity).
#include "model/snapshot/SnapshotParts.h"

#include "model/snapshot/PatchLevels.h"
#include "model/snapshot/PsCsv.h"
#include "model/snapshot/SystemInfo.h"
#include "model/snapshot/TextLines.h"
#include "model/snapshot/WmicFacts.h"
#include "model/snapshot/WmicList.h"
#include "registry/Registry.h"

#include <fmt/format.h>

#include <charconv>

namespace dd::model::snapshot {

namespace {

// What the snapshot says about the host's updates (PatchLevels.h decides the level).
struct PatchInputs {
  std::vector<PatchCandidate> candidates;
  std::vector<ListedUpdate> listed;
  std::string systemInfoFile; // for the evidence of an unknown level
  size_t systemInfoLine = 0;
};

// "10.0.19043 N/A Build 19043" -> 19043; "6.1.7601 Service Pack 1 Build 7601" -> 7601.
std::optional<uint32_t> buildFromOsVersion(std::string_view v) {
  size_t first = v.find('.');
  size_t second = first == std::string_view::npos ? first : v.find('.', first + 1);
  if (second == std::string_view::npos)
    return std::nullopt;
  uint32_t build = 0;
  auto [ptr, ec] = std::from_chars(v.data() + second + 1, v.data() + v.size(), build);
  if (ec != std::errc() || ptr == v.data() + second + 1)
    return std::nullopt;
  return build;
}

std::optional<uint32_t> number(std::string_view text) {
  text = trim(text);
  uint32_t n = 0;
  int base = 10;
  if (istartsWith(text, "0x")) {
    text.remove_prefix(2);
    base = 16;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n, base);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty())
    return std::nullopt;
  return n;
}

void addBuildCandidate(PatchInputs &patch, uint32_t build, std::optional<uint32_t> ubr, Provenance from) {
  auto level = buildLevel(build, ubr.value_or(0));
  if (!level)
    return;
  from.where += ubr ? fmt::format(": build {}.{} = {} {}", build, *ubr, level->what, level->date.str())
                    : fmt::format(": build {} (no UBR) = {} {}", build, level->what, level->date.str());
  patch.candidates.push_back({level->date, std::move(from)});
}

// currentversion.csv (Get-ItemProperty | Export-Csv) or currentversion.reg (reg export).
Result<void> readCurrentVersion(const Folder &f, PatchInputs &patch) {
  if (f.has(files::CurrentVersionCsv)) {
    auto csv = f.parse(files::CurrentVersionCsv, parsePsCsv);
    if (!csv)
      return csv.error();
    for (const CsvRecord &r : csv->records)
      if (auto build = number(csv->value(r, "CurrentBuild")))
        addBuildCandidate(patch, *build, number(csv->value(r, "UBR")),
                          at(f, files::CurrentVersionCsv, r.line, "CurrentVersion CurrentBuild, UBR"));
  }
  if (f.has(files::CurrentVersionReg)) {
    registry::Registry reg;
    if (auto r = reg.loadRegFile(f.dir / files::CurrentVersionReg); !r)
      return r.error().inFile(f.display(files::CurrentVersionReg));
    constexpr const char *kKey = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    if (registry::Key key = reg.findKey(kKey)) {
      std::optional<uint32_t> build, ubr;
      if (registry::Value v = key.value("CurrentBuild"); v && v.asString())
        build = number(*v.asString());
      if (registry::Value v = key.value("UBR"))
        if (auto n = v.asNumber())
          ubr = static_cast<uint32_t>(*n);
      if (build)
        addBuildCandidate(
            patch, *build, ubr,
            Provenance::snapshot(f.display(files::CurrentVersionReg), 0, std::string(kKey) + "\\CurrentBuild, UBR"));
    }
  }
  return {};
}

// "2023-06-20" (collect.cmd's format), "6/20/2023" or "6/20/2023 12:00:00 AM" (wmic, en-US).
std::optional<Date> installDate(std::string_view text) {
  int a = 0, b = 0, c = 0;
  std::string s(trim(text));
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &a, &b, &c) == 3 && b >= 1 && b <= 12 && c >= 1 && c <= 31)
    return Date{a, b, c};
  if (std::sscanf(s.c_str(), "%2d/%2d/%4d", &a, &b, &c) == 3 && a >= 1 && a <= 12 && b >= 1 && b <= 31 && c > 1990)
    return Date{c, a, b};
  return std::nullopt;
}

// updates.csv: Get-HotFix / Win32_QuickFixEngineering (HotFixID, InstalledOn), the update list
// that also works where wmic is gone (Windows 11) and that systeminfo cuts on long-patched hosts.
Result<void> readUpdateList(const Folder &f, PatchInputs &patch) {
  if (!f.has(files::Updates))
    return {};
  auto csv = f.parse(files::Updates, parsePsCsv);
  if (!csv)
    return csv.error();
  if (csv->column("HotFixID") < 0)
    return Error::atLine(f.display(files::Updates), 1,
                         "no HotFixID column: not the update list collect.cmd writes (Get-HotFix | Export-Csv)");
  for (const CsvRecord &r : csv->records) {
    std::string kb(trim(csv->value(r, "HotFixID")));
    if (kb.empty())
      continue;
    Provenance from = at(f, files::Updates, r.line, "Get-HotFix " + kb);
    std::optional<Date> installed = installDate(csv->value(r, "InstalledOn"));
    if (auto u = updateByKb(kb)) {
      Provenance c = from;
      c.where += fmt::format(": released {}", u->date.str());
      patch.candidates.push_back({u->date, std::move(c)});
    }
    patch.listed.push_back({kb, installed, std::move(from)});
  }
  return {};
}

void decidePatch(const Folder &f, const PatchInputs &patch, SnapshotIdentity &id) {
  PatchLevel level = decidePatchLevel(patch.candidates, patch.listed);
  id.patchNotes = level.notes;
  if (level.level) {
    id.patched = level.level;
    for (const std::string &note : level.notes)
      id.patched->from.where += "; " + note;
    return;
  }
  // Unknown only when the snapshot has something that could have told (otherwise the folder
  // says nothing about updates and the plant file's rule applies).
  if (patch.systemInfoFile.empty() && patch.listed.empty() && !f.has(files::CurrentVersionCsv) &&
      !f.has(files::CurrentVersionReg))
    return;
  std::string file = patch.systemInfoFile.empty() ? std::string(files::Updates) : patch.systemInfoFile;
  std::string why = level.unknownWhy;
  for (const std::string &note : level.notes)
    why += "; " + note;
  id.patchLevelUnknown = Fact<std::string>{why, at(f, file, patch.systemInfoLine, "the host's updates")};
}

// wmic-useraccount.txt: the machine SID (the accounts' SIDs without their RIDs).
Result<void> readMachineSid(const Folder &f, SnapshotIdentity &id) {
  auto list = f.parse(files::WmicUsers, parseWmicList);
  if (!list)
    return list.error();
  for (const WmicRecord &r : list->records) {
    const auto *sidText = r.find("SID");
    if (!sidText)
      continue;
    auto sid = winsec::Sid::parse(sidText->value);
    if (!sid)
      return Error::atLine(f.display(files::WmicUsers), sidText->line,
                           fmt::format("SID \"{}\": {}", sidText->value, sid.error().message));
    const auto &subs = sid->subAuthorities();
    if (sid->identifierAuthority() != 5 || subs.size() != 5 || subs[0] != 21)
      continue; // not a local account SID (S-1-5-21-a-b-c-rid)
    winsec::Sid machine(5, {subs[0], subs[1], subs[2], subs[3]});
    if (id.machineSid && !(id.machineSid->value == machine))
      return Error::atLine(f.display(files::WmicUsers), sidText->line,
                           fmt::format("SID {} is not in the machine SID {} of the accounts above "
                                       "(domain accounts listed? use LocalAccount=TRUE)",
                                       sid->str(), id.machineSid->value.str()));
    if (!id.machineSid)
      id.machineSid = Fact<winsec::Sid>{machine, at(f, files::WmicUsers, sidText->line, "wmic useraccount SID")};
  }
  return {};
}

// systeminfo.txt: host name, OS, domain, addresses, and what it says about updates.
Result<void> readSystemInfo(const Folder &f, SnapshotIdentity &id, PatchInputs &patch) {
  auto si = f.parse(files::SystemInfo, parseSystemInfo);
  if (!si)
    return si.error();
  const std::string file = files::SystemInfo;
  if (const NetField *t = si->field("System Type"))
    id.x86 = istartsWith(t->value, "X86");
  if (auto *h = si->field("Host Name"))
    id.hostName = Fact<std::string>{si->hostName, at(f, file, h->line, "systeminfo Host Name")};
  if (auto *n = si->field("OS Name")) {
    auto os = osFromSystemInfo(si->osName, si->osVersion);
    if (!os)
      return Error::atLine(f.display(file), n->line,
                           fmt::format("OS Name \"{}\" is not a Windows version dcomdoctor knows; state "
                                       "`os = ...` in the plant file",
                                       si->osName));
    id.os = Fact<OsVersion>{*os, at(f, file, n->line, "systeminfo OS Name")};
  }
  if (auto *c = si->field("OS Configuration")) {
    bool member = si->domainMember(); // in any language: the role table, else a dotted Domain value
    const std::string domain = member ? modelDomainName(si->domain) : std::string();
    const NetField *d = si->field("Domain");
    id.domain = Fact<std::string>{domain, at(f, file, d ? d->line : c->line, "systeminfo OS Configuration / Domain")};
  }
  patch.systemInfoFile = file;
  const NetField *hotfixField = si->field("Hotfix(s)");
  patch.systemInfoLine = hotfixField ? hotfixField->line : 1;
  if (auto *v = si->field("OS Version"))
    if (auto build = buildFromOsVersion(si->osVersion))
      if (buildFirstRelease(*build))
        if (auto level = buildLevel(*build, 0))
          patch.candidates.push_back({level->date, at(f, file, v->line,
                                                      fmt::format("systeminfo OS Version build {}: {} {}", *build,
                                                                  level->what, level->date.str()))});
  for (const Hotfix &h : si->hotfixes) {
    patch.listed.push_back({h.id, std::nullopt, at(f, file, h.line, "systeminfo Hotfix(s) " + h.id)});
    if (auto u = updateByKb(h.id))
      patch.candidates.push_back(
          {u->date, at(f, file, h.line, fmt::format("systeminfo Hotfix(s) {}: released {}", h.id, u->date.str()))});
  }
  std::vector<std::string> addresses;
  size_t nicLine = 0;
  for (const NetworkCard &nic : si->networkCards)
    for (const std::string &a : nic.addresses)
      if (a.find(':') == std::string::npos) { // IPv4 only: what the plant's scopes use
        addresses.push_back(a);
        if (!nicLine)
          nicLine = nic.line;
      }
  if (!addresses.empty())
    id.addresses = Fact<std::vector<std::string>>{addresses, at(f, file, nicLine, "systeminfo Network Card(s)")};
  return {};
}

} // namespace

Result<void> readIdentity(const Folder &f, SnapshotIdentity &id) {
  PatchInputs patch;
  if (f.has(files::SystemInfo))
    if (auto r = readSystemInfo(f, id, patch); !r && !f.skipped(r.error()))
      return r.error();
  if (f.has(files::WmicUsers))
    if (auto r = readMachineSid(f, id); !r && !f.skipped(r.error()))
      return r.error();
  // wmic computersystem's DomainRole and Domain, untranslated, win over systeminfo's words.
  auto cs = readComputerSystemFile(f);
  if (!cs && !f.skipped(cs.error()))
    return cs.error();
  if (cs && *cs)
    if (auto domain = domainOf(f, **cs))
      id.domain = std::move(domain);
  if (auto r = readCurrentVersion(f, patch); !r && !f.skipped(r.error()))
    return r.error();
  if (auto r = readUpdateList(f, patch); !r && !f.skipped(r.error()))
    return r.error();
  decidePatch(f, patch, id);
  return {};
}

} // namespace dd::model::snapshot
