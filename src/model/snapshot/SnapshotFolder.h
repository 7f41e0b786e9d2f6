// A host snapshot folder as the snapshot readers see it (see Snapshot.h): its files, read
// lazily, and what it could not tell: a file collect.cmd writes that holds nothing or cannot be
// read is noted and skipped (unless strict), so its facts keep the Windows defaults.
#pragma once

#include "model/Plant.h"
#include "model/snapshot/TextLines.h"
#include "support/Result.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dd::model::snapshot {

// What a snapshot folder could not tell: files that hold nothing or cannot be read (skipped,
// unless strict) and files collect.cmd writes that are missing.
struct FolderState {
  std::vector<Fact<std::string>> gaps;
  std::set<std::string> skippedErrors; // Error::str() of each file skipped
  std::set<std::string> blank;         // files that hold nothing
  // The folder's regular files and their sizes, listed once (a host's readers ask often).
  std::optional<std::vector<std::pair<std::string, uintmax_t>>> listing;
};

// The name the model uses for a local account: ".\opcuser" and "HOST\opcuser" (this host) ->
// "opcuser"; "LINE3\opc" (a domain account) as written.
std::string stripLocalPrefix(std::string_view account, std::string_view hostName);

// The name the model uses for a domain (`domain`): the first label of its DNS name in capitals,
// "capsule.corp" -> "CAPSULE" (systeminfo's and wmic's Domain alike).
std::string modelDomainName(std::string_view dnsName);

// The facts a file of the layout gives, for "the defaults stand for ..." notes ("the local accounts").
std::string factsOf(std::string_view file);

// The folder's files, read lazily. A parse error names file:line; unless `strict`, a file that
// holds nothing or cannot be read is noted in `state->gaps` and skipped (its facts keep the
// Windows defaults) instead of stopping the whole host.
struct Folder {
  std::filesystem::path dir;
  bool strict = false;
  std::shared_ptr<FolderState> state = std::make_shared<FolderState>();
  // With '/' on Windows too (not "plant\snapshots/X\ole.reg"): the same evidence on both systems.
  std::string display(const std::string &name) const { return (dir / name).generic_string(); }
  // The regular files of the folder with their sizes.
  const std::vector<std::pair<std::string, uintmax_t>> &files() const;
  bool has(const std::string &name) const {
    for (const auto &f : files())
      if (f.first == name)
        return !state->blank.count(name);
    return false;
  }
  template <class Parser>
  auto parse(const std::string &name, Parser parser) const
      -> decltype(parser(std::span<const uint8_t>{}, std::string{})) {
    auto bytes = readFileBytes(dir / name);
    if (!bytes)
      return bytes.error();
    auto result = parser(*bytes, display(name));
    if (!result && !strict)
      noteSkipped(name, result.error());
    return result;
  }
  // Notes a file that could not be read (once per error).
  void noteSkipped(const std::string &name, const Error &e) const;
  // True when `e` is a file this folder skipped (not strict): the caller goes on without it.
  bool skipped(const Error &e) const { return !strict && state->skippedErrors.count(e.str()); }
  // Notes (or, strict, refuses) the files that hold nothing: a command that printed nothing.
  Result<void> findBlankFiles() const;
  // Files named prefix + X + ".txt", with X.
  std::vector<std::pair<std::string, std::string>> withPrefix(const std::string &prefix) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto &[name, size] : files())
      if (istartsWith(name, prefix) && name.size() > prefix.size() + 4 &&
          iequals(name.substr(name.size() - 4), ".txt") && !state->blank.count(name))
        out.emplace_back(name, name.substr(prefix.size(), name.size() - prefix.size() - 4));
    std::sort(out.begin(), out.end());
    return out;
  }
};

inline Provenance at(const Folder &f, const std::string &file, size_t line, std::string where) {
  return Provenance::snapshot(f.display(file), static_cast<uint32_t>(line), std::move(where));
}

} // namespace dd::model::snapshot
