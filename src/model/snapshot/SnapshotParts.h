// The parts of the snapshot reader (Snapshot.cpp calls them in order; see Snapshot.h and
// docs/snapshot.md). Internal to model/snapshot: each part reads the files of one concern into
// the host and cites each fact with Provenance::snapshot(file, line, where).
#pragma once

#include "model/Plant.h"
#include "model/snapshot/Snapshot.h"
#include "model/snapshot/SnapshotFolder.h"
#include "registry/Registry.h"
#include "support/Text.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

// SnapshotIdentity.cpp: systeminfo, wmic (machine SID, domain), the patch level.
Result<void> readIdentity(const Folder &f, SnapshotIdentity &id);

// SnapshotRegistry.cpp: the .reg files (or offline hives) as one registry, and what it gives.
struct LoadedFile {
  std::string file; // display path
  std::string root; // canonical key path it covers
};

struct RegistrySource {
  registry::Registry reg;
  std::vector<LoadedFile> files;
  // The file that holds `keyPath` (longest covering root).
  std::string fileFor(std::string_view keyPath) const {
    std::string canon = registry::canonicalPath(keyPath);
    const LoadedFile *best = nullptr;
    for (const auto &lf : files)
      if (istartsWith(canon, lf.root) && (canon.size() == lf.root.size() || canon[lf.root.size()] == '\\') &&
          (!best || lf.root.size() > best->root.size()))
        best = &lf;
    return best ? best->file : std::string();
  }
};

Result<void> loadRegistry(const Folder &f, RegistrySource &src, bool &any);
Result<void> applySettings(Host &host, const RegistrySource &src);
Result<void> applyServers(Host &host, const RegistrySource &src, bool x86);
bool isOpcCategoryImpl(std::string_view catid);
// "5000-5100" or "135" -> a range; nullopt otherwise (also used for firewall ports).
std::optional<PortRange> parsePortRange(std::string_view text);
bool isWellKnownRid(uint32_t rid);

// SnapshotAccounts.cpp: secedit, auditpol, net user / localgroup with wmic, the console user.
Result<void> applySecedit(Host &host, const Folder &f);
const char *auditpolFile(const Folder &f);
Result<void> applyAuditpol(Host &host, const Folder &f, const char *file);
Result<void> applyAccounts(Host &host, const Folder &f);
void noteUnknownSids(const Folder &f, const Host &host);
Result<void> applyConsole(Host &host, const Folder &f);

// SnapshotServices.cpp: sc qc / sc query.
Result<void> applyServices(Host &host, const Folder &f);
Result<void> applyServerRunning(Host &host, const Folder &f);

// SnapshotFirewall.cpp: the firewall's registry stores, else netsh.
Result<void> applyFirewall(Host &host, const Folder &f);

// SnapshotFolderAcls.cpp: icacls listings and icacls /save's SDDL.
Result<void> applyIcacls(Host &host, const Folder &f);
Result<void> applyFolderAcls(Host &host, const Folder &f);

} // namespace dd::model::snapshot
