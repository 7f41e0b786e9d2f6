// The host itself: OS version (RtlGetVersion; the product name, build and UBR from
// HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion), installed updates with their dates (WMI
// Win32_QuickFixEngineering, what systeminfo lists), domain (LsaQueryInformationPolicy), network
// addresses (GetAdaptersAddresses), written as systeminfo.txt plus host.json; the sessions
// (WTSEnumerateSessionsW) as query-user.txt; the domain role and the console user (WMI
// Win32_ComputerSystem) as wmic-computersystem.txt; the IIS configuration files when present.
#include <winsock2.h> // before windows.h (which the collect headers include)
#include <ws2tcpip.h>

#include "collect/Com.h"
#include "collect/Lsa.h"
#include "collect/Parts.h"

#include <iphlpapi.h>
#include <wbemcli.h>
#include <wtsapi32.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dd::collect {
namespace {

using nlohmann::ordered_json;

struct OsInfo {
  std::string productName, servicePack;
  DWORD major = 0, minor = 0, build = 0, ubr = 0, productType = 0;
};

struct Hotfix {
  std::string id, installedOn, description;
};

std::string regString(HKEY key, const wchar_t *name) {
  wchar_t buffer[512];
  DWORD size = sizeof buffer;
  if (RegGetValueW(key, nullptr, name, RRF_RT_REG_SZ, nullptr, buffer, &size) != ERROR_SUCCESS)
    return {};
  return utf8(buffer);
}

OsInfo readOs() {
  OsInfo os;
  RTL_OSVERSIONINFOEXW v{};
  v.dwOSVersionInfoSize = sizeof v;
  using RtlGetVersionFn = LONG(WINAPI *)(RTL_OSVERSIONINFOEXW *);
  if (auto fn = reinterpret_cast<RtlGetVersionFn>(
          reinterpret_cast<void *>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion"))))
    fn(&v);
  os.major = v.dwMajorVersion;
  os.minor = v.dwMinorVersion;
  os.build = v.dwBuildNumber;
  os.productType = v.wProductType;
  os.servicePack = utf8(v.szCSDVersion);
  HKEY key = nullptr;
  if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", 0,
                    KEY_READ | KEY_WOW64_64KEY, &key) == ERROR_SUCCESS) {
    os.productName = regString(key, L"ProductName");
    DWORD size = sizeof os.ubr;
    RegGetValueW(key, nullptr, L"UBR", RRF_RT_REG_DWORD, nullptr, &os.ubr, &size);
    RegCloseKey(key);
  }
  // systeminfo's "OS Name": "Microsoft " and the product name; Windows 11 keeps "Windows 10" there.
  if (os.productName.rfind("Microsoft", 0) != 0)
    os.productName = "Microsoft " + os.productName;
  if (const auto at = os.productName.find("Windows 10"); os.build >= 22000 && at != std::string::npos)
    os.productName.replace(at, 10, "Windows 11");
  return os;
}

// A WQL query of ROOT\CIMV2 (`services` keeps the connection the rows come from).
HRESULT wmiQuery(const wchar_t *query, ComPtr<IWbemServices> &services, ComPtr<IEnumWbemClassObject> &rows) {
  const CLSID kWbemLocator = {0x4590f811, 0x1d3a, 0x11d0, {0x89, 0x1f, 0x00, 0xaa, 0x00, 0x4b, 0x2e, 0x24}};
  ComPtr<IWbemLocator> locator;
  HRESULT hr = CoCreateInstance(kWbemLocator, nullptr, CLSCTX_INPROC_SERVER, __uuidof(IWbemLocator),
                                reinterpret_cast<void **>(locator.out()));
  BSTR ns = SysAllocString(L"ROOT\\CIMV2"), wql = SysAllocString(L"WQL"), text = SysAllocString(query);
  if (SUCCEEDED(hr))
    hr = locator->ConnectServer(ns, nullptr, nullptr, nullptr, 0, nullptr, nullptr, services.out());
  if (SUCCEEDED(hr))
    hr = services->ExecQuery(wql, text, WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY, nullptr, rows.out());
  SysFreeString(ns);
  SysFreeString(wql);
  SysFreeString(text);
  return hr;
}

// A property as wmic prints it: text, TRUE/FALSE, a number in decimal; "" for NULL.
std::string wmiText(IWbemClassObject *row, const wchar_t *name) {
  VARIANT v;
  VariantInit(&v);
  std::string s;
  if (SUCCEEDED(row->Get(name, 0, &v, nullptr, nullptr))) {
    if (v.vt == VT_BSTR && v.bstrVal)
      s = utf8(v.bstrVal);
    else if (v.vt == VT_BOOL)
      s = v.boolVal ? "TRUE" : "FALSE";
    else if (v.vt == VT_I4 || v.vt == VT_I2 || v.vt == VT_UI1 || v.vt == VT_UI2 || v.vt == VT_UI4) {
      VARIANT n;
      VariantInit(&n);
      if (SUCCEEDED(VariantChangeType(&n, &v, 0, VT_I4)))
        s = std::to_string(n.lVal);
      VariantClear(&n);
    }
  }
  VariantClear(&v);
  return s;
}

// Win32_QuickFixEngineering through WMI; an error text when WMI cannot be asked.
std::optional<std::vector<Hotfix>> readHotfixes(std::string &why) {
  ComPtr<IWbemServices> services;
  ComPtr<IEnumWbemClassObject> rows;
  const HRESULT hr =
      wmiQuery(L"SELECT HotFixID, InstalledOn, Description FROM Win32_QuickFixEngineering", services, rows);
  if (FAILED(hr)) {
    why = "WMI Win32_QuickFixEngineering: " + winError(hr);
    return std::nullopt;
  }
  std::vector<Hotfix> list;
  ComPtr<IWbemClassObject> row;
  ULONG returned = 0;
  while (rows->Next(WBEM_INFINITE, 1, row.out(), &returned) == S_OK && returned)
    list.push_back(
        {wmiText(row.get(), L"HotFixID"), wmiText(row.get(), L"InstalledOn"), wmiText(row.get(), L"Description")});
  return list;
}

// `wmic computersystem get Name,Domain,PartOfDomain,DomainRole,UserName /format:list` (what
// collect.cmd writes): the one Win32_ComputerSystem record, its properties in name order as wmic
// prints them, UTF-16LE. UserName is the user at the console ("" for nobody); DomainRole 0-5.
std::optional<std::string> computerSystemText(std::string &why) {
  ComPtr<IWbemServices> services;
  ComPtr<IEnumWbemClassObject> rows;
  HRESULT hr =
      wmiQuery(L"SELECT Domain, DomainRole, Name, PartOfDomain, UserName FROM Win32_ComputerSystem", services, rows);
  ComPtr<IWbemClassObject> row;
  ULONG returned = 0;
  if (SUCCEEDED(hr) && (rows->Next(WBEM_INFINITE, 1, row.out(), &returned) != S_OK || !returned))
    hr = E_UNEXPECTED; // no instance
  if (FAILED(hr)) {
    why = "WMI Win32_ComputerSystem: " + winError(hr);
    return std::nullopt;
  }
  std::string t = "\n\n";
  for (const wchar_t *name : {L"Domain", L"DomainRole", L"Name", L"PartOfDomain", L"UserName"})
    t += utf8(name) + "=" + wmiText(row.get(), name) + "\n";
  return t + "\n\n";
}

struct Nic {
  std::string description, connection;
  bool dhcp;
  std::vector<std::string> addresses;
};

std::vector<Nic> readNics() {
  ULONG size = 16 * 1024;
  std::vector<BYTE> buffer(size);
  auto *first = reinterpret_cast<IP_ADAPTER_ADDRESSES *>(buffer.data());
  ULONG rc = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                                  nullptr, first, &size);
  if (rc == ERROR_BUFFER_OVERFLOW) {
    buffer.resize(size);
    first = reinterpret_cast<IP_ADAPTER_ADDRESSES *>(buffer.data());
    rc = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                              nullptr, first, &size);
  }
  std::vector<Nic> nics;
  for (auto *a = rc == NO_ERROR ? first : nullptr; a; a = a->Next) {
    if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK)
      continue;
    Nic nic{utf8(a->Description ? a->Description : L""),
            utf8(a->FriendlyName ? a->FriendlyName : L""),
            (a->Flags & IP_ADAPTER_DHCP_ENABLED) != 0,
            {}};
    for (auto *u = a->FirstUnicastAddress; u; u = u->Next) {
      char text[INET6_ADDRSTRLEN] = "";
      const sockaddr *sa = u->Address.lpSockaddr;
      const void *raw = sa->sa_family == AF_INET
                            ? static_cast<const void *>(&reinterpret_cast<const sockaddr_in *>(sa)->sin_addr)
                            : static_cast<const void *>(&reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr);
      if (inet_ntop(sa->sa_family, raw, text, sizeof text))
        nic.addresses.push_back(text);
    }
    nics.push_back(std::move(nic));
  }
  return nics;
}

std::string osConfiguration(const OsInfo &os, bool member) {
  if (os.productType == VER_NT_DOMAIN_CONTROLLER)
    return "Primary Domain Controller";
  return fmt::format("{} {}", member ? "Member" : "Standalone",
                     os.productType == VER_NT_WORKSTATION ? "Workstation" : "Server");
}

std::string systemInfoText(const std::string &host, const OsInfo &os, const std::optional<DomainInfo> &domain,
                           const std::optional<std::vector<Hotfix>> &hotfixes, const std::vector<Nic> &nics) {
  auto field = [](std::string_view key, std::string_view value) {
    return fmt::format("{:<27}{}\n", std::string(key) + ":", value);
  };
  const bool member = domain && !domain->domainSid.empty();
  const std::string pad(27, ' ');
  std::string t = "\n" + field("Host Name", host) + field("OS Name", os.productName);
  t += field("OS Version", fmt::format("{}.{}.{} {} Build {}", os.major, os.minor, os.build,
                                       os.servicePack.empty() ? "N/A" : os.servicePack, os.build));
  t += field("OS Configuration", osConfiguration(os, member));
  t += field("Domain", member ? (domain->dnsDomain.empty() ? domain->domainName : domain->dnsDomain)
                              : (domain ? domain->domainName : ""));
  if (hotfixes) {
    t += field("Hotfix(s)", fmt::format("{} Hotfix(s) Installed.", hotfixes->size()));
    for (size_t i = 0; i < hotfixes->size(); ++i)
      t += fmt::format("{}[{:02}]: {}\n", pad, i + 1, (*hotfixes)[i].id);
  }
  t += field("Network Card(s)", fmt::format("{} NIC(s) Installed.", nics.size()));
  for (size_t i = 0; i < nics.size(); ++i) {
    const std::string inner(33, ' ');
    t += fmt::format("{}[{:02}]: {}\n", pad, i + 1, nics[i].description);
    t += fmt::format("{}Connection Name: {}\n{}DHCP Enabled:    {}\n{}IP address(es)\n", inner, nics[i].connection,
                     inner, nics[i].dhcp ? "Yes" : "No", inner);
    for (size_t k = 0; k < nics[i].addresses.size(); ++k)
      t += fmt::format("{}[{:02}]: {}\n", inner, k + 1, nics[i].addresses[k]);
  }
  return t;
}

ordered_json hostJson(const std::string &host, const OsInfo &os, const std::optional<std::vector<Hotfix>> &hotfixes) {
  ordered_json j;
  j["computer"] = host;
  j["os"] = {{"name", os.productName},
             {"version", fmt::format("{}.{}", os.major, os.minor)},
             {"build", os.build},
             {"ubr", os.ubr},
             {"build_ubr", fmt::format("{}.{}", os.build, os.ubr)},
             {"service_pack", os.servicePack},
             {"product_type", os.productType}};
  ordered_json list = ordered_json::array();
  for (const Hotfix &h : hotfixes ? *hotfixes : std::vector<Hotfix>{})
    list.push_back({{"id", h.id}, {"installed_on", h.installedOn}, {"description", h.description}});
  j["hotfixes"] = std::move(list);
  return j;
}

// `query user`: one line a session with a user, '>' at this process's session.
std::string queryUserText(Output &out) {
  WTS_SESSION_INFOW *sessions = nullptr;
  DWORD count = 0;
  if (!WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &sessions, &count)) {
    out.missing("query-user.txt (WTSEnumerateSessions)", winError(GetLastError()));
    return {};
  }
  DWORD mine = 0;
  ProcessIdToSessionId(GetCurrentProcessId(), &mine);
  std::string lines;
  for (DWORD i = 0; i < count; ++i) {
    wchar_t *user = nullptr;
    DWORD bytes = 0;
    if (!WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, sessions[i].SessionId, WTSUserName, &user, &bytes))
      continue;
    const std::string name = utf8(user);
    WTSFreeMemory(user);
    if (name.empty())
      continue;
    const bool active = sessions[i].State == WTSActive;
    std::string station = active ? utf8(sessions[i].pWinStationName) : "";
    for (char &c : station)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    lines += fmt::format("{}{:<22}{:<19}{:>2}  {:<7}{:>10}\n", sessions[i].SessionId == mine ? '>' : ' ', name, station,
                         sessions[i].SessionId, active ? "Active" : "Disc", "none");
  }
  WTSFreeMemory(sessions);
  if (lines.empty())
    return "No User exists for *\n";
  return " USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME\n" + lines;
}

} // namespace

void collectHost(Output &out) {
  ComApartment com;
  const std::string host = computerName();
  const OsInfo os = readOs();
  std::string why;
  const auto domain = queryDomainInfo(why);
  if (!domain)
    out.missing("domain (systeminfo.txt Domain)", why);
  const auto hotfixes = readHotfixes(why);
  if (!hotfixes)
    out.missing("installed updates (systeminfo.txt Hotfix(s))", why);
  out.writeText("systeminfo.txt", systemInfoText(host, os, domain, hotfixes, readNics()));
  out.writeText("host.json", hostJson(host, os, hotfixes).dump(2) + "\n");
  if (std::string users = queryUserText(out); !users.empty())
    out.writeText("query-user.txt", users);
  if (const auto cs = computerSystemText(why))
    out.writeUtf16Text("wmic-computersystem.txt", *cs);
  else
    out.missing("wmic-computersystem.txt", why);
}

void collectIis(Output &out) {
  wchar_t windows[MAX_PATH];
  const UINT n = GetSystemWindowsDirectoryW(windows, MAX_PATH);
  const std::filesystem::path config = std::filesystem::path(std::wstring(windows, n)) / L"System32\\inetsrv\\config";
  std::error_code ec;
  if (!std::filesystem::is_directory(config, ec)) {
    out.missing("IIS configuration", "not installed (no " + utf8(config.wstring()) + ")");
    return;
  }
  std::filesystem::create_directories(out.folder() / "iis", ec);
  for (const wchar_t *file : {L"applicationHost.config", L"administration.config", L"redirection.config"}) {
    std::filesystem::copy_file(config / file, out.folder() / "iis" / file,
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec && std::filesystem::exists(config / file))
      out.missing("IIS " + utf8(file), ec.message());
  }
}

} // namespace dd::collect
