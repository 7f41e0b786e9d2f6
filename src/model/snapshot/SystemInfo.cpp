// Reader of `systeminfo` output (see SystemInfo.h). Our own reader: a fixed-column listing for
// people with nested lists; we keep each fact's line for the evidence.
#include "model/snapshot/SystemInfo.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace dd::model::snapshot {

const NetField *SystemInfo::field(std::string_view key) const { return findNetField(fields, key); }

bool SystemInfo::domainMember() const {
  switch (role) {
  case MachineRole::MemberWorkstation:
  case MachineRole::MemberServer:
  case MachineRole::PrimaryDomainController:
  case MachineRole::BackupDomainController: return true;
  case MachineRole::StandaloneWorkstation:
  case MachineRole::StandaloneServer: return false;
  case MachineRole::Unknown: break;
  }
  return domain.find('.') != std::string::npos;
}

namespace {

// The fields in the order systeminfo prints them (XP prints "System Up Time" for the boot time).
constexpr std::array<std::string_view, 33> kFieldOrder{{"Host Name",
                                                        "OS Name",
                                                        "OS Version",
                                                        "OS Manufacturer",
                                                        "OS Configuration",
                                                        "OS Build Type",
                                                        "Registered Owner",
                                                        "Registered Organization",
                                                        "Product ID",
                                                        "Original Install Date",
                                                        "System Boot Time",
                                                        "System Manufacturer",
                                                        "System Model",
                                                        "System Type",
                                                        "Processor(s)",
                                                        "BIOS Version",
                                                        "Windows Directory",
                                                        "System Directory",
                                                        "Boot Device",
                                                        "System Locale",
                                                        "Input Locale",
                                                        "Time Zone",
                                                        "Total Physical Memory",
                                                        "Available Physical Memory",
                                                        "Virtual Memory: Max Size",
                                                        "Virtual Memory: Available",
                                                        "Virtual Memory: In Use",
                                                        "Page File Location(s)",
                                                        "Domain",
                                                        "Logon Server",
                                                        "Hotfix(s)",
                                                        "Network Card(s)",
                                                        "Hyper-V Requirements"}};
constexpr size_t kDomainIndex = 28;

// "[01]: KB5027222" -> "KB5027222"; nullopt when the line is not a numbered entry.
std::optional<std::string_view> numberedEntry(std::string_view t) {
  if (t.size() < 4 || t.front() != '[')
    return std::nullopt;
  size_t close = t.find(']');
  if (close == std::string_view::npos || close < 2)
    return std::nullopt;
  for (size_t i = 1; i < close; ++i)
    if (t[i] < '0' || t[i] > '9')
      return std::nullopt;
  std::string_view rest = trim(t.substr(close + 1)); // "]: x" or the French "] : x"
  if (rest.empty() || rest.front() != ':')
    return std::nullopt;
  return trim(rest.substr(1));
}

// A bare "[246]": where systeminfo stops listing a long hotfix list.
bool isBareNumber(std::string_view t) {
  if (t.size() < 3 || t.front() != '[' || t.back() != ']')
    return false;
  for (size_t i = 1; i + 1 < t.size(); ++i)
    if (t[i] < '0' || t[i] > '9')
      return false;
  return true;
}

// The key of a top-level line: up to the colon that is followed by padding or the end of the
// line, or failing that the last colon followed by a space ("虚拟内存: 最大值: 2,431 MB").
size_t keyColon(std::string_view line) {
  size_t best = std::string_view::npos;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != ':')
      continue;
    if (i + 1 == line.size())
      return i;
    if (line[i + 1] == ' ') {
      best = i;
      if (i + 2 < line.size() && line[i + 2] == ' ')
        return i; // followed by padding: certainly the key's colon
      if (i >= 25)
        return i;
    }
  }
  return best;
}

// The first number in "273 Hotfix(s) Installed." or "安装了 31 个修补程序。".
size_t firstNumber(std::string_view v) {
  size_t i = v.find_first_of("0123456789");
  size_t n = 0;
  if (i != std::string_view::npos)
    std::from_chars(v.data() + i, v.data() + v.size(), n);
  return n;
}

// "Microsoft® Windows Server® 2008 Standard", or as an English console prints it
// "Microsoftr Windows Serverr 2008", "Windows VistaT": the name without the signs.
std::string cleanOsName(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name.substr(i, 2) == "\xC2\xAE" || name.substr(i, 2) == "\xC2\xA9") { // ® ©
      ++i;
      continue;
    }
    if (name.substr(i, 3) == "\xE2\x84\xA2") { // ™
      i += 2;
      continue;
    }
    out.push_back(name[i]);
  }
  for (auto [bad, good] : {std::pair<std::string_view, std::string_view>{"Microsoftr ", "Microsoft "},
                           {"Serverr ", "Server "},
                           {"VistaT ", "Vista "},
                           {"Windowsr ", "Windows "}}) {
    for (size_t at = out.find(bad); at != std::string::npos; at = out.find(bad, at))
      out.replace(at, bad.size(), good);
  }
  if (out.size() > 6 && out.compare(out.size() - 6, 6, "VistaT") == 0)
    out.pop_back();
  return std::string(trim(out));
}

struct NicState {
  size_t indent = 0;  // the column of the NIC entries; addresses sit deeper
  bool named = false; // the current card's connection name was read
};

Result<void> readNicLine(SystemInfo &info, NicState &nic, std::string_view text, const TextLine &l) {
  std::string_view t = trim(text);
  size_t indent = indentOf(text);
  auto entry = numberedEntry(t);
  if (entry && (info.networkCards.empty() || indent <= nic.indent)) {
    if (info.networkCards.empty())
      nic.indent = indent;
    info.networkCards.push_back({std::string(*entry), {}, {}, l.number});
    nic.named = false;
    return {};
  }
  if (info.networkCards.empty())
    return Error::atLine(info.source, l.number,
                         fmt::format("expected a network card entry \"[NN]: name\", found \"{}\"", t));
  if (entry) {
    info.networkCards.back().addresses.emplace_back(*entry);
  } else if (!nic.named && t.find(':') != std::string_view::npos) {
    // "Connection Name: Ethernet0", "连接名:      本地连接": the first field under a card.
    info.networkCards.back().connectionName = std::string(trim(t.substr(t.find(':') + 1)));
    nic.named = true;
  }
  return {};
}

void takeField(SystemInfo &info, const NetField &f) {
  if (f.label == "Host Name")
    info.hostName = f.value;
  else if (f.label == "OS Name")
    info.osName = cleanOsName(f.value);
  else if (f.label == "OS Version")
    info.osVersion = f.value;
  else if (f.label == "Domain")
    info.domain = f.value;
  else if (f.label == "OS Configuration") {
    std::string english;
    info.role = machineRoleOf(f.value, &english);
    info.osConfiguration = english.empty() ? f.value : english;
  }
}

// The English name of the field at `index` printed as `printed`: the English label when it is
// one (whatever its position), else the name of that position.
std::string englishLabel(std::string_view printed, size_t index) {
  for (std::string_view name : kFieldOrder)
    if (iequals(printed, name))
      return std::string(name);
  if (iequals(printed, "System Up Time"))
    return "System Boot Time";
  return index < kFieldOrder.size() ? std::string(kFieldOrder[index]) : std::string(printed);
}

void finishHotfixes(SystemInfo &info, size_t hotfixLine, size_t bareLine) {
  if (hotfixLine == 0 || info.declaredHotfixes == info.hotfixes.size())
    return;
  info.notes.push_back({bareLine ? bareLine : hotfixLine,
                        fmt::format("systeminfo announces {} hotfixes and lists {}: it stops listing after about 245 "
                                    "entries (and a cut file stops early), so the newest updates may be missing; "
                                    "`wmic qfe get HotFixID,InstalledOn` or Get-HotFix lists them all",
                                    info.declaredHotfixes, info.hotfixes.size())});
}

} // namespace

Result<SystemInfo> parseSystemInfo(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  SystemInfo info;
  info.source = source;
  enum class List { None, Hotfixes, Nics, Other } list = List::None;
  size_t hotfixLine = 0, bareLine = 0;
  NicState nic;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    auto fail = [&](std::string m) { return Error::atLine(source, l.number, std::move(m)); };
    if (indentOf(l.text) > 0) {
      if (info.fields.empty())
        return fail(fmt::format("indented line before any field: \"{}\"", t));
      if (list == List::Hotfixes) {
        if (bareLine)
          continue; // after systeminfo's own cut: nothing more is listed
        if (auto entry = numberedEntry(t)) {
          info.hotfixes.push_back({std::string(*entry), l.number});
        } else if (isBareNumber(t)) {
          bareLine = l.number;
        } else {
          return fail(fmt::format("expected a hotfix entry \"[NN]: KBnnnnnnn\", found \"{}\"", t));
        }
      } else if (list == List::Nics) {
        if (auto r = readNicLine(info, nic, l.text, l); !r)
          return r.error();
      } else {
        info.fields.back().value += "\n" + std::string(t);
      }
      continue;
    }
    size_t colon = keyColon(t);
    if (colon == std::string_view::npos || colon == 0)
      return fail(fmt::format("expected \"Key:   value\", found \"{}\"", t));
    std::string printed(trim(t.substr(0, colon)));
    std::string label = englishLabel(printed, info.fields.size());
    info.fields.push_back({label, std::string(trim(t.substr(colon + 1))), l.number, label == printed ? "" : printed});
    list = label == "Hotfix(s)" ? List::Hotfixes : label == "Network Card(s)" ? List::Nics : List::Other;
    if (list == List::Hotfixes) {
      hotfixLine = l.number;
      info.declaredHotfixes = firstNumber(info.fields.back().value);
    }
  }
  if (info.fields.size() < 3)
    return Error::atLine(source, lastLine,
                         fmt::format("{} field(s) only: not systeminfo output (it prints Host Name, OS Name, OS "
                                     "Version ... in this order)",
                                     info.fields.size()));
  for (const NetField &f : info.fields)
    takeField(info, f);
  if (info.fields.size() <= kDomainIndex)
    info.notes.push_back({lastLine, fmt::format("the output ends after \"{}\" (cut off?): no Domain, "
                                                "Hotfix(s) or Network Card(s)",
                                                info.fields.back().printed.empty() ? info.fields.back().label
                                                                                   : info.fields.back().printed)});
  finishHotfixes(info, hotfixLine, bareLine);
  return info;
}

} // namespace dd::model::snapshot
