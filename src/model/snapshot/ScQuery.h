// What `sc query NAME` prints: "SERVICE_NAME: NAME", then indented "KEY : value" lines (TYPE,
// STATE "4  RUNNING" with a flags line below it, WIN32_EXIT_CODE, SERVICE_EXIT_CODE,
// CHECKPOINT, WAIT_HINT); or "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:" for a
// service that is not installed. Format: Microsoft's sc.exe query documentation.
#pragma once

#include "model/snapshot/NetUser.h" // NetField

namespace dd::model::snapshot {

struct ServiceStatus {
  std::string source;
  bool installed = true;
  size_t line = 0;
  std::string name;
  std::string state; // "RUNNING", "STOPPED", "START_PENDING", ...
  size_t stateLine = 0;
  bool running() const { return state == "RUNNING"; }
};

// Errors (file:line): a FAILED line other than 1060; no SERVICE_NAME; no STATE, or a STATE that
// is not "<number> <NAME>".
Result<ServiceStatus> parseScQuery(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
