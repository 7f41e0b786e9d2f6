// Who may read the OPC servers' folders: icacls listings and their SDDL twins (icacls /save).
#include "model/snapshot/SnapshotParts.h"

#include "model/snapshot/FolderAcl.h"
#include "model/snapshot/Icacls.h"
#include "model/snapshot/IcaclsSave.h"

#include <fmt/format.h>

#include <algorithm>

namespace dd::model::snapshot {

namespace {

// The name the model uses for an icacls principal: "BUILTIN\Users" -> "Users",
// "NT AUTHORITY\SYSTEM" -> "SYSTEM", "OPCSRV\opcsvc" -> "opcsvc"; others as printed.
std::string principalName(std::string_view p, std::string_view hostName) {
  for (std::string_view prefix : {"BUILTIN\\", "NT AUTHORITY\\"})
    if (istartsWith(p, prefix))
      return std::string(p.substr(prefix.size()));
  return stripLocalPrefix(p, hostName);
}

std::string folderOf(std::string_view exe) {
  size_t slash = exe.rfind('\\');
  return slash == std::string_view::npos ? std::string() : std::string(exe.substr(0, slash));
}

bool samePath(std::string_view a, std::string_view b) {
  while (!a.empty() && a.back() == '\\')
    a.remove_suffix(1);
  while (!b.empty() && b.back() == '\\')
    b.remove_suffix(1);
  return iequals(a, b);
}

} // namespace

Result<void> applyIcacls(Host &host, const Folder &f) {
  for (const auto &[file, label] : f.withPrefix("icacls-")) {
    auto out = f.parse(file, parseIcacls);
    if (!out && f.skipped(out.error()))
      continue;
    if (!out && f.has("sddl-" + label + ".txt")) { // the same ACL in SIDs (applyFolderAcls)
      f.state->gaps.push_back(Fact<std::string>{
          fmt::format("{} not read ({}): sddl-{}.txt gives the folder's ACL", file, out.error().message, label),
          Provenance::snapshot(f.display(file), static_cast<uint32_t>(out.error().line.value_or(0)), "icacls")});
      continue;
    }
    if (!out)
      return out.error();
    for (const IcaclsEntry &e : out->entries) {
      for (ComServer &s : host.servers) {
        bool isFolder = samePath(folderOf(s.exe.value), e.path);
        bool isExe = samePath(s.exe.value, e.path);
        if (!isFolder && !isExe)
          continue;
        if (s.exeReaders.from.kind == Provenance::Kind::PlantFile)
          continue; // the plant file states it ("what if")
        if (e.error) {
          s.exePresent = {false, at(f, file, e.line, "icacls " + e.path + ": " + *e.error)};
          continue;
        }
        FolderReaders readers;
        for (const IcaclsAce &ace : e.aces)
          readers.add(ace.deny, ace.inheritOnly, ace.mask, principalName(ace.principal, host.name));
        s.exeReaders = {readers.result(), at(f, file, e.line, "icacls " + e.path)};
        if (isExe) // icacls of the executable itself: it exists
          s.exePresent = {true, at(f, file, e.line, "icacls " + e.path)};
      }
    }
  }
  return {};
}

// sddl-<label>.txt (icacls FOLDER /save): the readers of each server whose folder it names,
// from SIDs; they win over icacls-<label>.txt's translated names. icacls /save names the folder
// by its last component only, so a server matches by its folder's name.
Result<void> applyFolderAcls(Host &host, const Folder &f) {
  for (const auto &[file, label] : f.withPrefix("sddl-")) {
    auto saved = f.parse(file, parseIcaclsSave);
    if (!saved && f.skipped(saved.error()))
      continue;
    if (!saved)
      return saved.error();
    for (const SavedAcl &acl : saved->entries)
      for (ComServer &s : host.servers) {
        const std::string folder = folderOf(s.exe.value);
        if (!iequals(folder.substr(folder.rfind('\\') + 1), acl.name) ||
            s.exeReaders.from.kind == Provenance::Kind::PlantFile)
          continue;
        s.exeReaders = {folderReaders(acl.descriptor, host),
                        at(f, file, acl.line, "icacls " + folder + " /save (SDDL " + acl.sddl + ")")};
      }
  }
  return {};
}

} // namespace dd::model::snapshot
