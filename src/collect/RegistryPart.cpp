// Registry keys read with RegEnumKeyExW / RegEnumValueW (the 64-bit view, as collect.cmd's
// `reg export /reg:64`; the 32-bit view by its Wow6432Node path), copied into a dd::registry
// tree in enumeration order and written with exportReg: the bytes `reg export` writes.
#include "collect/Lsa.h"
#include "collect/Parts.h"

#include "registry/Registry.h"

#include <fmt/format.h>

namespace dd::collect {
namespace {

struct Export {
  const char *key; // under HKEY_LOCAL_MACHINE
  const char *file;
  bool optional = false; // normally absent (a key only a policy writes): no log line then
};

// The keys of collect.cmd, in its order.
constexpr Export kExports[] = {
    {"SOFTWARE\\Microsoft\\Ole", "ole.reg"},
    {"SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM", "dcom-policy.reg"},
    {"SOFTWARE\\Classes\\AppID", "appid.reg"},
    {"SOFTWARE\\Classes\\Wow6432Node\\AppID", "appid-wow6432.reg"},
    {"SOFTWARE\\Classes\\CLSID", "clsid.reg"},
    {"SOFTWARE\\Classes\\Wow6432Node\\CLSID", "clsid-wow6432.reg"},
    {"SYSTEM\\CurrentControlSet\\Control\\Lsa", "lsa.reg"},
    {"SOFTWARE\\Microsoft\\Rpc", "rpc.reg"},
    {"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System", "policies-system.reg"},
    // collect.cmd exports these two after netsh advfirewall: the firewall in untranslated words.
    {"SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy", "firewall-policy.reg"},
    {"SOFTWARE\\Policies\\Microsoft\\WindowsFirewall", "firewall-gpo.reg", true},
};

class KeyCopier {
public:
  KeyCopier(registry::Registry &reg, Output &out) : reg_(reg), out_(out) {}

  void copy(HKEY key, registry::Key into, const std::string &path) {
    DWORD subkeys = 0, maxSubkey = 0, values = 0, maxValueName = 0, maxData = 0;
    LONG rc = RegQueryInfoKeyW(key, nullptr, nullptr, nullptr, &subkeys, &maxSubkey, nullptr, &values, &maxValueName,
                               &maxData, nullptr, nullptr);
    if (rc != ERROR_SUCCESS) {
      out_.missing(path, winError(rc));
      return;
    }
    copyValues(key, into, path, values, maxValueName, maxData);
    std::wstring name(maxSubkey + 2, L'\0');
    for (DWORD i = 0; i < subkeys; ++i) {
      DWORD length = static_cast<DWORD>(name.size());
      if (RegEnumKeyExW(key, i, name.data(), &length, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS)
        continue; // removed while we read
      const std::wstring child(name.data(), length);
      const std::string childPath = path + "\\" + utf8(child);
      HKEY handle = nullptr;
      rc = RegOpenKeyExW(key, child.c_str(), 0, KEY_READ | KEY_WOW64_64KEY, &handle);
      if (rc != ERROR_SUCCESS) {
        out_.missing(childPath, winError(rc));
        continue;
      }
      copy(handle, reg_.createChild(into, utf8(child)), childPath);
      RegCloseKey(handle);
    }
  }

private:
  void copyValues(HKEY key, registry::Key into, const std::string &path, DWORD values, DWORD maxName, DWORD maxData) {
    std::wstring name(maxName + 2, L'\0');
    std::vector<uint8_t> data(maxData + 2);
    for (DWORD i = 0; i < values; ++i) {
      DWORD nameLength = static_cast<DWORD>(name.size()), type = 0, size = static_cast<DWORD>(data.size());
      LONG rc = RegEnumValueW(key, i, name.data(), &nameLength, nullptr, &type, data.data(), &size);
      if (rc == ERROR_MORE_DATA) { // grew while we read
        data.resize(size + 2);
        nameLength = static_cast<DWORD>(name.size());
        size = static_cast<DWORD>(data.size());
        rc = RegEnumValueW(key, i, name.data(), &nameLength, nullptr, &type, data.data(), &size);
      }
      if (rc == ERROR_NO_MORE_ITEMS)
        break;
      if (rc != ERROR_SUCCESS) {
        out_.missing(fmt::format("{} value {}", path, i), winError(rc));
        continue;
      }
      reg_.setValue(into, utf8(std::wstring_view(name.data(), nameLength)), type,
                    std::span<const uint8_t>(data.data(), size));
    }
  }

  registry::Registry &reg_;
  Output &out_;
};

void exportKey(Output &out, const Export &e) {
  const std::string path = std::string("HKEY_LOCAL_MACHINE\\") + e.key;
  HKEY handle = nullptr;
  const LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, wide(e.key).c_str(), 0, KEY_READ | KEY_WOW64_64KEY, &handle);
  if (rc == ERROR_FILE_NOT_FOUND) {
    if (!e.optional)
      out.missing(path, fmt::format("not present (no {})", e.file));
    return;
  }
  if (rc != ERROR_SUCCESS) {
    out.missing(path, winError(rc) + fmt::format(" (no {})", e.file));
    return;
  }
  registry::Registry reg;
  KeyCopier(reg, out).copy(handle, reg.createKey(path), path);
  RegCloseKey(handle);
  auto bytes = registry::exportReg(reg, path);
  if (!bytes) {
    out.missing(path, bytes.error().str());
    return;
  }
  out.writeBytes(e.file, std::string_view(reinterpret_cast<const char *>(bytes->data()), bytes->size()));
}

void saveHive(Output &out, const char *name) {
  const std::filesystem::path file = out.folder() / name;
  std::error_code ec;
  std::filesystem::remove(file, ec);
  HKEY handle = nullptr;
  LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, wide(name).c_str(), 0, KEY_READ, &handle);
  if (rc == ERROR_SUCCESS) {
    rc = RegSaveKeyExW(handle, file.wstring().c_str(), nullptr, REG_LATEST_FORMAT);
    RegCloseKey(handle);
  }
  if (rc != ERROR_SUCCESS)
    out.missing(fmt::format("reg save HKLM\\{}", name), winError(rc));
}

} // namespace

void collectRegistry(Output &out, const CollectOptions &options) {
  for (const Export &e : kExports)
    exportKey(out, e);
  if (!options.hives)
    return;
  if (!enablePrivilege(L"SeBackupPrivilege")) { // RegSaveKeyExW needs it
    out.missing("hives", "SeBackupPrivilege could not be enabled (run as administrator)");
    return;
  }
  // Not SAM (collect.cmd's /hives saves it): it holds the accounts' password hashes.
  for (const char *hive : {"SOFTWARE", "SYSTEM"})
    saveHive(out, hive);
}

} // namespace dd::collect
