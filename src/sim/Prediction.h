// What a prediction contains (docs/model.md; JSON in docs/simulate-json.md):
// for one client/server pair and one direction, the HRESULT, the deciding step, every step with
// its evidence, the events each host would log, and the fixes that were proven to turn it green.
#pragma once

#include "catalog/Codes.h"
#include "sim/Changes.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dd::sim {

namespace hr = catalog::hr; // the HRESULTs by their winerror.h names (catalog/Codes.h)

// "E_ACCESSDENIED", "RPC_S_SERVER_UNAVAILABLE", ...; "S_OK" for 0; "" for one it does not know
// (the catalogue's names).
const char *hresultSymbol(uint32_t hresult);
std::string hresultHex(uint32_t hresult); // "0x80070005"

// The step ids (the anchors of docs/model.md), in the order the simulator runs them.
enum class Step : uint8_t {
  Local,
  EnableDcom,
  Reachability,
  Authentication,
  Hardening,
  LaunchLimits,
  Registration,
  LaunchPermission,
  LaunchIdentity,
  Executable,
  ExecutableAccess,
  License,
  ConnectionKind,
  Access,
  Interface,
  CallbackReachability,
  CallbackAuthentication,
  CallbackAccess,
};
const char *stepId(Step step); // "launch-limits"

struct StepResult {
  Step step;
  bool ok = true;
  bool skipped = false; // not run (e.g. the network steps of a local activation)
  std::vector<std::string> evidence;
};

struct Event {
  std::string host;
  std::string log;      // "System", "Security"
  std::string source;   // "DCOM", "Security" (XP/2003 names; see provider)
  std::string provider; // "Microsoft-Windows-DistributedCOM", ... (Vista and later)
  int id = 0;
  std::string message;                       // the full message with the real parameters
  std::vector<std::string> insertionStrings; // %1, %2, ... of the message (not printed)
  bool logged = false;                       // whether the host's logging settings record it
  std::string loggedBecause;                 // the setting that decides `logged`
};

struct Fix {
  std::string summary;      // what to change, in Windows words
  std::string howto;        // the .reg / dcomcnfg / netsh / net wording
  std::string source;       // the rule's source (guide section or Microsoft document)
  bool verified = false;    // simulating again with the change applied gives S_OK
  std::string verification; // "simulating again with this change: 0x00000000 (green)"
  // The concrete changes, in order (sim/Changes.h; not in simulate's output), how far they open
  // (the widest of them), and whether `changes` say all of it (none is known only to the fix
  // search's own step): the files `dcomdoctor fix` writes come from them.
  std::vector<Change> changes;
  FixScope scope = FixScope::Cause;
  bool complete = false;
  // The proven effect on a plant (the candidates' apply, in order): applyChanges(changes) when
  // `complete`.
  std::function<void(model::Plant &)> apply;
};

// The hardening step's other outcome, when its decision rests on a patch level the snapshot could
// not tell (docs/model.md#hardening): the prediction takes such a host as unpatched; this is what
// the request gets when the conditions hold instead.
struct IfPatched {
  struct Condition {
    std::string host;   // a host whose patch level is unknown
    model::Date update; // one of the hardening's update dates
    bool installed;     // true: that update or a later one is installed; false: it is not
  };
  std::vector<Condition> when; // all of them
  uint32_t hresult = 0;
  std::optional<Step> step; // nullopt when green
  std::vector<uint32_t> hresults;
  // What settles it, host by host (only in a detailed prediction): the CurrentVersion export or the
  // update list, the collect.cmd file names, or `patched` in the plant file.
  std::vector<std::string> settledBy;
  bool ok() const { return hresult == 0; }
};

// "OPCSRV has the 2022-06-14 update or a later one and HMI1 does not have the 2022-11-08 update".
std::string ifPatchedCondition(const IfPatched &alt);

struct Outcome {
  uint32_t hresult = 0;
  std::vector<uint32_t> hresults; // several when the code depends on the server program
  std::optional<Step> step;       // the deciding step; nullopt when green
  std::vector<StepResult> steps;
  std::vector<Event> events;
  std::vector<Fix> fixes;
  // The code the client program shows for `hresult`, where the plant says it shows another one
  // (its `reports` map: a program that shows 0x800706BA for an access denied); DCOM's code stays
  // `hresult`.
  std::optional<uint32_t> shown;
  std::optional<IfPatched> ifPatched; // connect only; set only when a patch level decides unseen
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
