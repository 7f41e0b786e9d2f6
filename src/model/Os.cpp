// Windows versions: parsing the plant file's names and the properties the model needs.
#include "model/Os.h"

#include <array>
#include <cctype>

namespace dd::model {
namespace {

struct OsName {
  OsFamily family;
  const char *key;
  const char *display;
  bool server;
};

constexpr std::array<OsName, 18> kNames{{
    {OsFamily::WindowsNT4, "windows-nt4", "Windows NT 4.0", false},
    {OsFamily::Windows2000, "windows-2000", "Windows 2000", false},
    {OsFamily::WindowsXP, "windows-xp", "Windows XP", false},
    {OsFamily::WindowsServer2003, "windows-server-2003", "Windows Server 2003", true},
    {OsFamily::WindowsVista, "windows-vista", "Windows Vista", false},
    {OsFamily::WindowsServer2008, "windows-server-2008", "Windows Server 2008", true},
    {OsFamily::Windows7, "windows-7", "Windows 7", false},
    {OsFamily::WindowsServer2008R2, "windows-server-2008r2", "Windows Server 2008 R2", true},
    {OsFamily::Windows8, "windows-8", "Windows 8", false},
    {OsFamily::WindowsServer2012, "windows-server-2012", "Windows Server 2012", true},
    {OsFamily::Windows81, "windows-8.1", "Windows 8.1", false},
    {OsFamily::WindowsServer2012R2, "windows-server-2012r2", "Windows Server 2012 R2", true},
    {OsFamily::Windows10, "windows-10", "Windows 10", false},
    {OsFamily::WindowsServer2016, "windows-server-2016", "Windows Server 2016", true},
    {OsFamily::WindowsServer2019, "windows-server-2019", "Windows Server 2019", true},
    {OsFamily::Windows11, "windows-11", "Windows 11", false},
    {OsFamily::WindowsServer2022, "windows-server-2022", "Windows Server 2022", true},
    {OsFamily::WindowsServer2025, "windows-server-2025", "Windows Server 2025", true},
}};

const OsName &entry(OsFamily f) {
  for (const auto &n : kNames)
    if (n.family == f)
      return n;
  return kNames[0];
}

std::string normalize(std::string_view text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '_')
      out += '-';
    else
      out += static_cast<char>(std::tolower(u));
  }
  return out;
}

} // namespace

OsGeneration OsVersion::generation() const {
  switch (family) {
  case OsFamily::WindowsNT4:
  case OsFamily::Windows2000: return OsGeneration::Nt;
  case OsFamily::WindowsXP:
  case OsFamily::WindowsServer2003: return OsGeneration::Xp2003;
  default: return OsGeneration::VistaPlus;
  }
}

bool OsVersion::isServer() const { return entry(family).server; }

bool OsVersion::hasLimits() const {
  switch (family) {
  case OsFamily::WindowsNT4:
  case OsFamily::Windows2000: return false;
  case OsFamily::WindowsXP: return servicePack < 0 || servicePack >= 2;
  case OsFamily::WindowsServer2003: return servicePack < 0 || servicePack >= 1;
  default: return true;
  }
}

bool OsVersion::hasAppContainers() const {
  return generation() == OsGeneration::VistaPlus && family != OsFamily::WindowsVista &&
         family != OsFamily::WindowsServer2008 && family != OsFamily::Windows7 &&
         family != OsFamily::WindowsServer2008R2;
}

std::string OsVersion::key() const { return entry(family).key; }

std::string OsVersion::displayName() const {
  std::string name = entry(family).display;
  if (servicePack > 0)
    name += " SP" + std::to_string(servicePack);
  return name;
}

Result<OsVersion> OsVersion::parse(std::string_view text) {
  std::string n = normalize(text);
  // Short forms users write: "xp", "2003", "win10", "server-2019", "windows-2008-r2".
  auto strip = [&](std::string_view prefix) {
    if (n.rfind(prefix, 0) == 0)
      n = n.substr(prefix.size());
  };
  int sp = -1;
  if (auto pos = n.find("-sp"); pos != std::string::npos) {
    std::string digits = n.substr(pos + 3);
    if (!digits.empty() && digits.size() <= 2 && std::isdigit(static_cast<unsigned char>(digits[0])) &&
        (digits.size() == 1 || std::isdigit(static_cast<unsigned char>(digits[1])))) {
      sp = std::stoi(digits);
      n = n.substr(0, pos);
    }
  }
  strip("microsoft-");
  strip("windows-");
  strip("win");
  if (!n.empty() && n[0] == '-')
    n = n.substr(1);
  bool server = false;
  if (n.rfind("server-", 0) == 0) {
    server = true;
    n = n.substr(7);
  }
  std::string compact;
  for (char c : n)
    if (c != '-')
      compact += c;
  for (const auto &e : kNames) {
    std::string key = e.key;
    key = key.substr(8); // after "windows-"
    bool keyServer = key.rfind("server-", 0) == 0;
    if (keyServer)
      key = key.substr(7);
    std::string keyCompact;
    for (char c : key)
      if (c != '-')
        keyCompact += c;
    if (keyCompact == compact &&
        (keyServer == server || (!server && keyServer && (compact == "2003" || compact.rfind("20", 0) == 0)))) {
      OsVersion v;
      v.family = e.family;
      v.servicePack = sp;
      return v;
    }
  }
  std::string accepted;
  for (const auto &e : kNames)
    accepted += (accepted.empty() ? "" : ", ") + std::string(e.key);
  return Error::at("unknown os \"" + std::string(text) + "\" (expected one of: " + accepted +
                   "; a service pack as \"-sp2\")");
}

} // namespace dd::model
