// What `sc qc NAME` prints: "[SC] QueryServiceConfig SUCCESS", "SERVICE_NAME: NAME", then
// indented "KEY : value" lines (TYPE, START_TYPE "2   AUTO_START", ERROR_CONTROL,
// BINARY_PATH_NAME, LOAD_ORDER_GROUP, TAG, DISPLAY_NAME, DEPENDENCIES (one a line),
// SERVICE_START_NAME); or "[SC] OpenService FAILED 1060:" and "The specified service does not
// exist as an installed service." for a service that is not installed (a fact, not an error).
// Format: Microsoft's sc.exe qc documentation (Windows Commands).
#pragma once

#include "model/snapshot/NetUser.h" // NetField

namespace dd::model::snapshot {

struct ServiceConfig {
  std::string source;
  bool installed = true; // false: "OpenService FAILED 1060"
  size_t line = 0;       // the SERVICE_NAME line (or the FAILED line)
  std::string name;
  std::string startType; // "AUTO_START", "DEMAND_START", "DISABLED", ... (with "(DELAYED)")
  size_t startTypeLine = 0;
  std::string binaryPath;
  size_t binaryPathLine = 0;
  std::string startName; // SERVICE_START_NAME: "LocalSystem", ".\opcsvc", "NT AUTHORITY\LocalService"
  size_t startNameLine = 0;
  std::string displayName;
  std::vector<std::string> dependencies;
  std::vector<NetField> fields;
};

// Errors (file:line): a FAILED line other than 1060 (e.g. 5, access denied: the snapshot is
// incomplete); no SERVICE_NAME; a "KEY : value" line without the colon; no START_TYPE,
// BINARY_PATH_NAME or SERVICE_START_NAME.
Result<ServiceConfig> parseScQc(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
