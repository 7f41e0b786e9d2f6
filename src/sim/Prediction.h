// What a prediction contains (docs/model.md; JSON in docs/simulate-json.md):
// for one client/server pair and one direction, the HRESULT, the deciding step, every step with
// its evidence, the events each host would log, and the fixes that were proven to turn it green.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dd::sim {

namespace hr {
constexpr uint32_t S_OK_ = 0x00000000;
constexpr uint32_t E_NOINTERFACE = 0x80004002;
constexpr uint32_t CO_E_RUNAS_LOGON_FAILURE = 0x8000401A;
constexpr uint32_t RPC_E_REMOTE_DISABLED = 0x8001011C;
constexpr uint32_t CLASS_E_CLASSNOTAVAILABLE = 0x80040111;
constexpr uint32_t CLASS_E_NOTLICENSED = 0x80040112;
constexpr uint32_t REGDB_E_CLASSNOTREG = 0x80040154;
constexpr uint32_t CONNECT_E_CANNOTCONNECT = 0x80040202;
constexpr uint32_t E_ACCESSDENIED = 0x80070005;
constexpr uint32_t ERROR_MOD_NOT_FOUND = 0x8007007E;
constexpr uint32_t ERROR_SERVICE_DISABLED = 0x80070422;
constexpr uint32_t RPC_S_SERVER_UNAVAILABLE = 0x800706BA;
constexpr uint32_t CO_E_SERVER_EXEC_FAILURE = 0x80080005;
} // namespace hr

// "E_ACCESSDENIED", "RPC_S_SERVER_UNAVAILABLE", ...; "S_OK" for 0; "" for one it does not know.
const char *hresultSymbol(uint32_t hresult);
std::string hresultHex(uint32_t hresult); // "0x80070005"

// The step ids (the anchors of docs/model.md), in the order the simulator runs them.
enum class Step : uint8_t {
  Local, EnableDcom, Reachability, Authentication, Hardening, LaunchLimits, Registration,
  LaunchPermission, LaunchIdentity, Executable, ExecutableAccess, License, ConnectionKind, Access,
  Interface,
  CallbackReachability, CallbackAuthentication, CallbackAccess,
};
const char *stepId(Step step); // "launch-limits"

struct StepResult {
  Step step;
  bool ok = true;
  bool skipped = false;        // not run (e.g. the network steps of a local activation)
  std::vector<std::string> evidence;
};

struct Event {
  std::string host;
  std::string log;             // "System", "Security"
  std::string source;          // "DCOM", "Security" (XP/2003 names; see provider)
  std::string provider;        // "Microsoft-Windows-DistributedCOM", ... (Vista and later)
  int id = 0;
  std::string message;         // the full message with the real parameters
  bool logged = false;         // whether the host's logging settings record it
  std::string loggedBecause;   // the setting that decides `logged`
};

struct Fix {
  std::string summary;         // what to change, in Windows words
  std::string howto;           // the .reg / dcomcnfg / netsh / net wording
  std::string source;          // the rule's source (guide section or Microsoft document)
  bool verified = false;       // simulating again with the change applied gives S_OK
  std::string verification;    // "simulating again with this change: 0x00000000 (green)"
};

struct Outcome {
  uint32_t hresult = 0;
  std::vector<uint32_t> hresults; // several when the code depends on the server program
  std::optional<Step> step;       // the deciding step; nullopt when green
  std::vector<StepResult> steps;
  std::vector<Event> events;
  std::vector<Fix> fixes;
  bool ok() const { return hresult == 0; }
};

struct Prediction {
  std::string clientHost, clientUser, clientProgram;
  std::string serverHost, serverClass; // the class as the request named it
  Outcome connect;
  std::optional<Outcome> advise;
  bool ok() const { return connect.ok() && (!advise || advise->ok()); }
};

} // namespace dd::sim
