// What IIS keeps about anonymous access and ASP sessions, read from its own configuration files:
// the IIS 6 metabase (%windir%\system32\inetsrv\MetaBase.xml) and the IIS 7+ configuration
// (%windir%\system32\inetsrv\config\applicationHost.config). Both become one tree of nodes
// (a metabase key such as /LM/W3SVC/1/ROOT, or a <location path="Site/app"> block; "" is the
// server level of applicationHost.config) whose values inherit down the path, as IIS does.
//
// A password is never kept as text: a node only records that AnonymousUserPass (IIS 6) or the
// anonymousAuthentication password (IIS 7+) is set, and a digest of the encrypted value so that
// two levels can be compared ("same as level X", "differs"). docs/license.md lists every value
// read, its default and the Microsoft document that states it.
#pragma once

#include "support/Result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::iis {

enum class IisVersion : uint8_t { Iis6, Iis7 };

// LogonMethod (IIS 6 metabase numbers; IIS 7+ names Interactive, Batch, Network, ClearText).
enum class LogonMethod : uint8_t { Interactive = 0, Batch = 1, Network = 2, NetworkCleartext = 3 };
const char *logonMethodName(LogonMethod m); // "interactive (0)", ..., "network cleartext (3)"

template <class T>
struct Setting {
  T value{};
  uint32_t line = 0; // the line of the element that sets it
};

// The encrypted password of one level: set or not, and a digest of the encrypted blob (never the
// blob). Equal digests within one file mean, as far as anyone can tell offline, the same password.
struct PasswordBlob {
  uint64_t digest = 0;
  bool empty = false; // the attribute is there but empty
};

struct Node {
  std::string path;    // "/LM/W3SVC/1/ROOT", "Default Web Site/WIS", "" (IIS 7+ server level)
  std::string keyType; // "IIsWebVirtualDir", "location", "system.webServer"
  uint32_t line = 0;
  std::optional<Setting<std::string>> anonymousUserName;
  std::optional<Setting<PasswordBlob>> anonymousUserPass;
  std::optional<Setting<bool>> anonymousEnabled; // AuthFlags AuthAnonymous / enabled=
  std::optional<Setting<int>> aspSessionTimeout; // minutes
  std::optional<Setting<bool>> aspRunOnEndAnonymously;
  std::optional<Setting<bool>> aspErrorsToNTLog;
  std::optional<Setting<LogonMethod>> logonMethod;
  std::optional<Setting<std::string>> appPoolId;    // IIS 6 AppPoolId
  std::optional<Setting<std::string>> appRoot;      // IIS 6 AppRoot: the key is an application
  std::optional<Setting<std::string>> physicalPath; // IIS 6 Path
};

// An application pool: IIS 6 IIsApplicationPool (AppPoolIdentityType 0 LocalSystem, 1
// LocalService, 2 NetworkService, 3 the WAMUserName account) or IIS 7+ <add name=...> with
// <processModel identityType=... userName=...>.
struct AppPool {
  std::string name;
  std::string identityType; // "LocalSystem", "LocalService", "NetworkService", "SpecificUser",
                            // "ApplicationPoolIdentity"
  std::string userName;     // SpecificUser: the account
  uint32_t line = 0;
};

// IIS 7+ <site><application path=...>: which pool runs an application.
struct Application {
  std::string site;
  uint32_t siteId = 0;
  std::string path; // "/", "/WIS"
  std::string pool; // "" = the application defaults' pool
  uint32_t line = 0;
};

struct IisConfig {
  IisVersion version = IisVersion::Iis6;
  std::string source;      // the file it was read from
  std::vector<Node> nodes; // in file order
  std::vector<AppPool> pools;
  std::vector<Application> applications; // IIS 7+
  std::string defaultPool;               // IIS 7+ <applicationDefaults applicationPool=>
  std::string defaultPoolIdentityType;   // IIS 7+ <applicationPoolDefaults><processModel>

  // The nodes that apply at `path`, outermost first: each whose path is a prefix of `path` at a
  // '/' boundary (case-insensitive), the IIS 7+ server level ("") first.
  std::vector<const Node *> chain(std::string_view path) const;
  const AppPool *findPool(std::string_view name) const;
  Node *findNode(std::string_view path);
};

// Errors (file:line): not XML; an IIS 6 file whose root is not <configuration> with <MBProperty>;
// a value that is not what the property holds (AspSessionTimeout="abc", LogonMethod="7",
// an AuthFlags word IIS does not know, a boolean other than TRUE/FALSE/1/0).
Result<IisConfig> parseMetabase(std::span<const uint8_t> bytes, const std::string &source);
// Errors (file:line): not XML; no <configuration> root; a value IIS would refuse (session
// timeout not hh:mm:ss, logonMethod not Interactive/Batch/Network/ClearText, a bad boolean).
Result<IisConfig> parseApplicationHost(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::iis
