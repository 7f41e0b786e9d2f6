// Names for what events only identify by number: a CLSID or AppID becomes the server's ProgID
// and host, a SID becomes an account name. From the plant when one is given (its hosts'
// servers, local accounts and groups, its domains' accounts); otherwise Windows' well-known
// names (dd::winsec::displayName) and the names the event itself carries.
#pragma once

#include "audit/EventFacts.h"
#include "support/Result.h"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace dd::audit {

struct ServerEntry {
  std::string progid; // "Acme.OPCDA.1"
  std::string host;   // "OPCSRV"
  std::string clsid;
  std::string appid;
  std::string where; // evidence: "plant.toml:41"
};

struct AccountEntry {
  std::string name; // "OPCSRV\opcuser", "LINE3\opc"
  std::string where;
};

class Directory {
public:
  void addServer(ServerEntry server);
  void addAccount(std::string_view sid, AccountEntry account);
  bool fromPlant() const { return !plantFile_.empty(); }
  const std::string &plantFile() const { return plantFile_; }
  void setPlantFile(std::string file) { plantFile_ = std::move(file); }

  const ServerEntry *serverByClsid(std::string_view clsid) const;
  const ServerEntry *serverByAppid(std::string_view appid) const;
  const AccountEntry *accountBySid(std::string_view sid) const;

  // The server an event concerns, as a person would name it: the plant's ProgID ("Acme.OPCDA.1
  // on OPCSRV"), a class name the event logs itself (WinRT), or "CLSID {...}".
  std::string serverName(const EventFacts &facts) const;
  // The account: the plant's name, the event's DOMAIN\user, Windows' well-known name, or the SID.
  std::string accountName(const EventFacts &facts) const;
  // The short name for a sentence: "OPCUSER" rather than "OPCSRV\OPCUSER".
  std::string shortAccountName(const EventFacts &facts) const;

private:
  std::map<std::string, ServerEntry> byClsid_, byAppid_; // keys: upper case, braces
  std::map<std::string, AccountEntry> bySid_;            // keys: upper case
  std::string plantFile_;
};

// "{6a2b...}" / "6A2B..." -> "{6A2B...}"; other text unchanged (upper-cased).
std::string normaliseGuid(std::string_view text);
bool looksLikeGuid(std::string_view text);

// Reads the plant file with dd::model and fills a Directory; an error when the plant cannot be
// read, or when this build has no plant reader.
Result<Directory> directoryFromPlant(const std::filesystem::path &plantFile);

} // namespace dd::audit
