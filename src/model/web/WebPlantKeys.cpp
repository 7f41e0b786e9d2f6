// The plant file's IIS and COM+ keys (see WebPlantKeys.h and docs/license.md).
#include "model/web/WebPlantKeys.h"

#include "model/snapshot/SystemInfo.h"
#include "model/snapshot/TextLines.h"
#include "model/web/WebFacts.h"

#include <initializer_list>

namespace dd::model {

namespace {

// Snapshot files (collect.cmd's IIS and COM+ section).
constexpr const char *kSnapshotMetabase = "iis-MetaBase.xml";
constexpr const char *kSnapshotApplicationHost = "iis-applicationHost.config";
constexpr const char *kSnapshotComPlus = "complus-catalog.txt";
constexpr const char *kSnapshotSystemInfo = "systeminfo.txt";

struct Failed {
  Error error;
};

class WebKeys {
public:
  WebKeys(const std::string &plantFile, const std::filesystem::path &baseDir, bool readFiles)
      : file_(plantFile), base_(baseDir), readFiles_(readFiles) {}

  void read(const toml::table &t, Host &host, WebFacts &web) {
    const std::string ctx = "host \"" + host.name + "\"";
    if (auto *n = t.get("hotfixes"))
      web.hotfixes =
          Fact<std::vector<std::string>>{strings(*n, "hotfixes of " + ctx), here(*n, "systeminfo Hotfix(s)")};
    if (auto *n = t.get("iis"))
      readIis(table(*n, "iis", ctx), web, ctx + " [host.iis]");
    if (auto *n = t.get("complus"))
      readComPlus(table(*n, "complus", ctx), web, ctx + " [host.complus]");
    if (!host.snapshot.empty() && readFiles_)
      fromSnapshot(host.snapshot, web);
  }

private:
  std::string file_;
  std::filesystem::path base_;
  bool readFiles_;

  [[noreturn]] void fail(const toml::node &n, std::string message) {
    throw Failed{Error::atLine(file_, n.source().begin.line, std::move(message))};
  }
  Provenance here(const toml::node &n, std::string where) const {
    return Provenance::plantFile(file_, n.source().begin.line, std::move(where));
  }
  const toml::table &table(const toml::node &n, const char *key, const std::string &ctx) {
    if (auto *t = n.as_table())
      return *t;
    fail(n, std::string(key) + " of " + ctx + " must be a table ([host." + key + "])");
  }
  std::string string(const toml::node &n, const std::string &ctx) {
    if (auto s = n.value_exact<std::string>())
      return *s;
    fail(n, ctx + " must be a string");
  }
  std::vector<std::string> strings(const toml::node &n, const std::string &ctx) {
    const toml::array *a = n.as_array();
    if (!a)
      fail(n, ctx + " must be an array of strings");
    std::vector<std::string> out;
    for (const auto &item : *a)
      out.push_back(string(item, ctx));
    return out;
  }
  void checkKeys(const toml::table &t, std::initializer_list<std::string_view> allowed, const std::string &ctx) {
    for (auto &&[key, value] : t) {
      bool known = false;
      std::string list;
      for (auto a : allowed) {
        known = known || a == key.str();
        list += (list.empty() ? "" : ", ") + std::string(a);
      }
      if (!known)
        fail(value, "unknown key \"" + std::string(key.str()) + "\" in " + ctx + " (expected one of: " + list + ")");
    }
  }

  template <class Parse>
  auto load(const toml::node &n, const std::string &name, Parse parse)
      -> std::optional<std::remove_cvref_t<decltype(*parse(std::span<const uint8_t>(), std::string()))>> {
    if (!readFiles_)
      return std::nullopt;
    std::filesystem::path path = base_ / name;
    auto bytes = snapshot::readFileBytes(path);
    if (!bytes)
      fail(n, "cannot read \"" + name + "\" (" + bytes.error().message + ")");
    auto parsed = parse(*bytes, path.string());
    if (!parsed)
      throw Failed{parsed.error()};
    return std::move(parsed).value();
  }

  void readIis(const toml::table &t, WebFacts &web, const std::string &ctx) {
    checkKeys(t, {"metabase", "application_host", "application", "anonymous_password", "folder_read_write"}, ctx);
    if (t.get("metabase") && t.get("application_host"))
      fail(*t.get("application_host"), ctx + " names both metabase (IIS 6) and application_host (IIS 7+): keep one");
    if (auto *n = t.get("metabase"))
      web.iis = load(*n, string(*n, "metabase of " + ctx), iis::parseMetabase);
    if (auto *n = t.get("application_host"))
      web.iis = load(*n, string(*n, "application_host of " + ctx), iis::parseApplicationHost);
    if (auto *n = t.get("application"))
      web.application = Fact<std::string>{string(*n, "application of " + ctx), here(*n, "the ASP application's path")};
    if (auto *n = t.get("anonymous_password")) {
      const toml::table *levels = n->as_table();
      if (!levels)
        fail(*n, "anonymous_password of " + ctx + " must be a table: { \"/LM/W3SVC\" = \"label\", ... }");
      for (auto &&[level, label] : *levels)
        web.anonymousPasswords[std::string(level.str())] =
            Fact<std::string>{string(label, "anonymous_password \"" + std::string(level.str()) + "\" of " + ctx),
                              here(label, "AnonymousUserPass at " + std::string(level.str()))};
    }
    if (auto *n = t.get("folder_read_write"))
      web.folderReadWrite = Fact<std::vector<std::string>>{strings(*n, "folder_read_write of " + ctx),
                                                           here(*n, "icacls of the application's folder")};
  }

  void readComPlus(const toml::table &t, WebFacts &web, const std::string &ctx) {
    checkKeys(t, {"catalog", "release_component"}, ctx);
    if (auto *n = t.get("catalog"))
      web.complus = load(*n, string(*n, "catalog of " + ctx), complus::parseComPlusCatalog);
    if (auto *n = t.get("release_component"))
      web.releaseComponent = Fact<std::string>{string(*n, "release_component of " + ctx),
                                               here(*n, "the COM+ component Session_OnEnd calls")};
  }

  // The snapshot's files where the plant file names none.
  void fromSnapshot(const std::filesystem::path &folder, WebFacts &web) {
    auto read = [&](const char *name, auto parse, auto &slot) {
      std::error_code ec;
      if (slot || !std::filesystem::exists(folder / name, ec))
        return;
      auto bytes = snapshot::readFileBytes(folder / name);
      if (!bytes)
        throw Failed{bytes.error()};
      auto parsed = parse(*bytes, (folder / name).string());
      if (!parsed)
        throw Failed{parsed.error()};
      slot = std::move(parsed).value();
    };
    read(kSnapshotMetabase, iis::parseMetabase, web.iis);
    read(kSnapshotApplicationHost, iis::parseApplicationHost, web.iis);
    read(kSnapshotComPlus, complus::parseComPlusCatalog, web.complus);
    // The hotfix list of systeminfo.txt. A file the snapshot reader could not read is already
    // noted there (or refused with --strict): here it only means the list is unknown.
    std::optional<snapshot::SystemInfo> si;
    std::error_code ec;
    if (!web.hotfixes && std::filesystem::exists(folder / kSnapshotSystemInfo, ec))
      if (auto bytes = snapshot::readFileBytes(folder / kSnapshotSystemInfo))
        if (auto parsed = snapshot::parseSystemInfo(*bytes, (folder / kSnapshotSystemInfo).generic_string()))
          si = std::move(parsed).value();
    if (si && !web.hotfixes) {
      std::vector<std::string> ids;
      for (const auto &h : si->hotfixes)
        ids.push_back(h.id);
      web.hotfixes = Fact<std::vector<std::string>>{ids, Provenance::snapshot(si->source, 0, "systeminfo Hotfix(s)")};
    }
  }
};

} // namespace

std::optional<Error> readWebKeys(const toml::table &hostTable, Host &host, const std::string &plantFile,
                                 const std::filesystem::path &baseDir, bool readFiles) {
  auto web = std::make_shared<WebFacts>();
  try {
    WebKeys(plantFile, baseDir, readFiles).read(hostTable, host, *web);
  } catch (const Failed &f) {
    return f.error;
  }
  if (web->iis || web->complus || web->hotfixes || web->application || web->releaseComponent)
    host.web = std::move(web);
  return std::nullopt;
}

} // namespace dd::model
