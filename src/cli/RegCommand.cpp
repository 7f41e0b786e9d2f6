// `dcomdoctor reg dump|export`: .reg files and offline hives read into one registry tree
// (dd::registry), listed in a stable text or JSON form, or written back as `reg export` bytes.
// The forms are documented in docs/registry.md.
#include "cli/Commands.h"

#include "registry/Registry.h"
#include "winsec/Sddl.h"
#include "winsec/SecurityDescriptor.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

namespace dd::cli {

namespace {

using namespace dd::registry;
using nlohmann::ordered_json;

struct RegOptions {
  std::vector<std::string> files;
  std::string key;
  std::string mount;
  std::string output;
  bool json = false;
  bool regedit4 = false;
};

void diagnose(const std::string &message) { std::cerr << "dcomdoctor: " << message << "\n"; }

// Loads every file (a hive when it starts with "regf", a .reg file otherwise; "-" is stdin).
// Returns false when a file could not be used at all.
bool loadAll(Registry &reg, const RegOptions &options) {
  size_t hives = 0;
  bool ok = true;
  for (const std::string &file : options.files) {
    std::vector<uint8_t> bytes;
    if (file == "-") {
      bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        diagnose(file + ": cannot open the file");
        ok = false;
        continue;
      }
      char magic[4] = {};
      in.read(magic, 4);
      if (in.gcount() == 4 && std::string_view(magic, 4) == "regf") {
        if (++hives > 1 && !options.mount.empty()) {
          diagnose("--mount names one place, but more than one hive was given");
          return false;
        }
        auto r = reg.loadHive(file, options.mount);
        if (!r) {
          diagnose(r.error().inFile(file).str());
          ok = false;
        }
        continue;
      }
      in.clear();
      in.seekg(0);
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    auto r = reg.loadRegText(bytes, file == "-" ? "<stdin>" : file);
    if (!r) {
      diagnose(r.error().inFile(file).str());
      ok = false;
    }
  }
  return ok;
}

std::string isoTime(uint64_t filetime) {
  int64_t seconds = static_cast<int64_t>(filetime / 10000000ULL) - 11644473600LL;
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
#ifdef _WIN32
  if (gmtime_s(&tm, &t) != 0) // Windows' thread-safe gmtime, arguments the other way round
#else
  if (!gmtime_r(&t, &tm))
#endif
    return fmt::format("FILETIME 0x{:016x}", filetime);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

// SDDL of bytes that parse as a self-relative security descriptor (revision 1, SE_SELF_RELATIVE).
std::optional<std::string> sddlOf(std::span<const uint8_t> bytes) {
  if (bytes.size() < 20 || bytes[0] != 1 || !(bytes[3] & 0x80))
    return std::nullopt;
  auto sd = winsec::SecurityDescriptor::fromBinary(bytes);
  if (!sd)
    return std::nullopt;
  return winsec::formatSddl(*sd);
}

std::string quotedText(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string hexBytes(std::span<const uint8_t> d, char sep) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(d.size() * 3);
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && sep)
      out += sep;
    out += digits[d[i] >> 4];
    out += digits[d[i] & 15];
  }
  return out;
}

// The data part of a value line in the text form.
std::string valueText(Value v, std::optional<std::string> &sddl) {
  uint32_t t = v.type();
  auto d = v.data();
  if ((t == regtype::Sz || t == regtype::ExpandSz || t == regtype::Link) && d.size() % 2 == 0)
    return quotedText(*v.asString());
  if (t == regtype::MultiSz && d.size() % 2 == 0) {
    std::string out = "[";
    auto list = *v.asMultiString();
    for (size_t i = 0; i < list.size(); ++i)
      out += (i ? ", " : "") + quotedText(list[i]);
    return out + "]";
  }
  if (auto dw = v.asDword())
    return fmt::format("0x{:08x} ({})", *dw, *dw);
  if (auto qw = v.asQword())
    return fmt::format("0x{:016x} ({})", *qw, *qw);
  if (t == regtype::Binary || t == regtype::None)
    sddl = sddlOf(d);
  return fmt::format("{} bytes: {}", d.size(), hexBytes(d, ' '));
}

void dumpText(Key top, std::string &out) {
  std::vector<Key> stack{top};
  while (!stack.empty()) {
    Key k = stack.back();
    stack.pop_back();
    out += "[" + k.path() + "]\n";
    if (k.isLink()) {
      out += "  link: " + k.subkey("").path() + "\n\n";
      continue;
    }
    if (auto t = k.lastWriteTime())
      out += "  last_write: " + isoTime(*t) + "\n";
    if (auto sd = k.securityDescriptor(); !sd.empty()) {
      auto sddl = sddlOf(sd);
      out += "  key_security: " + (sddl ? *sddl : "(not a valid descriptor) " + hexBytes(sd, ' ')) + "\n";
    }
    for (Value v : k.values()) {
      std::optional<std::string> sddl;
      std::string data = valueText(v, sddl);
      out += fmt::format("  {} {}: {}\n", v.name().empty() ? std::string("@") : quotedText(v.name()),
                         typeName(v.type()), data);
      if (sddl)
        out += "    sddl: " + *sddl + "\n";
    }
    out += "\n";
    std::vector<Key> children;
    for (Key s : k.subkeys())
      children.push_back(s);
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
}

ordered_json valueJson(Value v) {
  ordered_json j;
  j["name"] = std::string(v.name());
  j["type"] = typeName(v.type());
  j["type_code"] = v.type();
  j["size"] = v.data().size();
  j["data_hex"] = hexBytes(v.data(), 0);
  uint32_t t = v.type();
  if ((t == regtype::Sz || t == regtype::ExpandSz || t == regtype::Link) && v.data().size() % 2 == 0)
    j["string"] = *v.asString();
  else if (t == regtype::MultiSz && v.data().size() % 2 == 0)
    j["strings"] = *v.asMultiString();
  else if (auto dw = v.asDword())
    j["number"] = *dw;
  else if (auto qw = v.asQword())
    j["number"] = *qw;
  else if (t == regtype::Binary || t == regtype::None)
    if (auto sddl = sddlOf(v.data()))
      j["sddl"] = *sddl;
  return j;
}

ordered_json dumpJson(Key top) {
  ordered_json keys = ordered_json::array();
  std::vector<Key> stack{top};
  while (!stack.empty()) {
    Key k = stack.back();
    stack.pop_back();
    ordered_json j;
    j["path"] = k.path();
    if (k.isLink()) {
      j["link"] = k.subkey("").path();
      keys.push_back(std::move(j));
      continue;
    }
    j["last_write"] = k.lastWriteTime() ? ordered_json(isoTime(*k.lastWriteTime())) : ordered_json(nullptr);
    auto sd = k.securityDescriptor();
    j["key_security"] = sd.empty() ? ordered_json(nullptr) : ordered_json(sddlOf(sd).value_or(hexBytes(sd, 0)));
    ordered_json values = ordered_json::array();
    for (Value v : k.values())
      values.push_back(valueJson(v));
    j["values"] = std::move(values);
    keys.push_back(std::move(j));
    std::vector<Key> children;
    for (Key s : k.subkeys())
      children.push_back(s);
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return keys;
}

int printDiagnostics(const Registry &reg) {
  for (const Error &e : reg.diagnostics())
    diagnose(e.str());
  return reg.diagnostics().empty() ? 0 : 1;
}

int runDump(const RegOptions &options) {
  Registry reg;
  if (!loadAll(reg, options)) {
    printDiagnostics(reg);
    return 2;
  }
  std::vector<Key> tops;
  if (!options.key.empty()) {
    Key k = reg.findKey(options.key);
    if (!k) {
      printDiagnostics(reg);
      diagnose(fmt::format("key {} not found in {}", options.key, fmt::join(options.files, ", ")));
      return 2;
    }
    tops.push_back(k);
  } else {
    for (const char *root : {"HKEY_LOCAL_MACHINE", "HKEY_USERS", "HKEY_CURRENT_USER", "HKEY_CURRENT_CONFIG"})
      for (Key k : reg.root(root).subkeys())
        tops.push_back(k);
  }
  int status = printDiagnostics(reg);
  if (options.json) {
    ordered_json j;
    j["files"] = options.files;
    ordered_json hives = ordered_json::array();
    for (const HiveInfo &h : reg.hives())
      hives.push_back({{"file", h.source},
                       {"mount_point", h.mountPoint},
                       {"root_name", h.rootName},
                       {"dirty", h.dirty},
                       {"primary_sequence", h.primarySequence},
                       {"secondary_sequence", h.secondarySequence},
                       {"logs_applied", h.logsApplied}});
    j["hives"] = std::move(hives);
    ordered_json keys = ordered_json::array();
    for (Key k : tops)
      for (auto &e : dumpJson(k))
        keys.push_back(std::move(e));
    j["keys"] = std::move(keys);
    ordered_json diags = ordered_json::array();
    for (const Error &e : reg.diagnostics())
      diags.push_back(e.str());
    j["diagnostics"] = std::move(diags);
    std::cout << j.dump(2) << "\n";
    return status;
  }
  std::string out;
  for (Key k : tops)
    dumpText(k, out);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return status;
}

int runExport(const RegOptions &options) {
  Registry reg;
  if (!loadAll(reg, options)) {
    printDiagnostics(reg);
    return 2;
  }
  int status = printDiagnostics(reg);
  auto bytes = exportReg(reg, options.key, options.regedit4 ? RegFormat::Regedit4 : RegFormat::Version5);
  if (!bytes) {
    diagnose(bytes.error().str());
    return 2;
  }
  if (options.output == "-") {
    std::fwrite(bytes->data(), 1, bytes->size(), stdout);
    return status;
  }
  std::ofstream out(options.output, std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
  if (!out) {
    diagnose(options.output + ": cannot write the file");
    return 2;
  }
  return status;
}

} // namespace

void addRegCommand(CLI::App &app, int &exitStatus) {
  auto options = std::make_shared<RegOptions>();
  auto *reg =
      app.add_subcommand("reg", "Read .reg files and offline hives (SOFTWARE, SYSTEM, SAM, SECURITY, "
                                "NTUSER.DAT) into one registry tree; list it or export a key as reg export does");
  reg->require_subcommand(1);

  auto *dump = reg->add_subcommand("dump", "List keys and values (descriptors also as SDDL)");
  dump->add_option("files", options->files, "Hive files or .reg files ('-' reads a .reg file from stdin)")->required();
  dump->add_option("--key", options->key,
                   "Only this key and its subkeys (HKLM\\SOFTWARE\\Microsoft\\Ole, HKCR\\AppID, ...)");
  dump->add_option("--mount", options->mount,
                   "Where a hive goes (default from its file name: SYSTEM -> HKLM\\SYSTEM, "
                   "NTUSER.DAT -> HKU\\<folder>)");
  dump->add_flag("--json", options->json, "JSON output (fields in docs/registry.md)");
  dump->footer("Example:\n  dcomdoctor reg dump snap/SOFTWARE --key 'HKLM\\SOFTWARE\\Microsoft\\Ole'\n"
               "  dcomdoctor reg dump ole.reg --json\n");
  dump->callback([options, &exitStatus] { exitStatus = runDump(*options); });

  auto *exp = reg->add_subcommand("export", "Write a key and its subkeys as `reg export` does (UTF-16LE, CRLF)");
  exp->add_option("files", options->files, "Hive files or .reg files")->required();
  exp->add_option("--key", options->key, "The key to export (HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole)")
      ->required();
  exp->add_option("-o,--output", options->output, "The .reg file to write ('-' for stdout)")->required();
  exp->add_option("--mount", options->mount, "Where a hive goes (default from its file name)");
  exp->add_flag("--regedit4", options->regedit4, "Write the REGEDIT4 form (ANSI) instead of Version 5.00");
  exp->footer("Example:\n  dcomdoctor reg export snap/SOFTWARE --key 'HKLM\\SOFTWARE\\Microsoft\\Ole' -o ole.reg\n");
  exp->callback([options, &exitStatus] { exitStatus = runExport(*options); });
}

} // namespace dd::cli
