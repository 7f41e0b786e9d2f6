// The IIS and COM+ facts of a host (the web information server of docs/license.md): its IIS
// configuration, its COM+ catalog, and what the plant file states that no file shows (which
// password each metabase level holds, as a label; the application and its release component).
// A Host holds them as `std::shared_ptr<const WebFacts> web` (null: no IIS facts), so copying a
// plant to apply a fix shares them until the fix changes them.
#pragma once

#include "model/Plant.h"
#include "model/complus/ComPlusCatalog.h"
#include "model/iis/IisConfig.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dd::model {

struct WebFacts {
  std::optional<iis::IisConfig> iis;       // [host.iis] metabase / application_host
  std::optional<complus::Catalog> complus; // [host.complus] catalog
  // The ASP application whose Session_OnEnd releases the license: "/LM/W3SVC/1/ROOT/Wonderware"
  // (IIS 6 metabase path) or "Default Web Site/Wonderware" (IIS 7+ site/path).
  std::optional<Fact<std::string>> application;
  // The COM+ component Session_OnEnd calls to release the license (ProgID or CLSID).
  std::optional<Fact<std::string>> releaseComponent;
  // Which password each level's AnonymousUserPass holds, as a password label compared with the
  // account's `password` label (only a logon on the live machine can test it; offline the user
  // states it). Key: the level's path as in the configuration file.
  std::map<std::string, Fact<std::string>> anonymousPasswords;
  // Principals with read and write on the application's folder (icacls), for the note's check.
  std::optional<Fact<std::vector<std::string>>> folderReadWrite;
  // Installed hotfixes ("KB934903"): the plant's `hotfixes`, else the snapshot's systeminfo.
  std::optional<Fact<std::vector<std::string>>> hotfixes;
};

} // namespace dd::model
