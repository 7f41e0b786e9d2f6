// The simulation steps as units (internal to dd_sim). Each step of docs/model.md (anchors are the
// step ids: `local` ... `callback-access`) is one unit: its check, which records the step's
// evidence and events and decides on failure, and its fix candidates. The simulator walks the
// connect table or the advise table over one shared StepContext; the fix search asks the unit of
// the failing step for its candidates (sim/Fixes).
#pragma once

#include "model/Plant.h"
#include "model/Settings.h"
#include "sim/Firewall.h"
#include "sim/Fixes.h"
#include "sim/Hardening.h"
#include "sim/Prediction.h"
#include "sim/Simulator.h"
#include "sim/Tokens.h"
#include "winsec/ComRights.h"

#include <fmt/format.h>
#include <span>
#include <string>
#include <vector>

namespace dd::sim {

// Evidence lines: the arguments are only evaluated when the prediction wants evidence (the
// matrix's fast path does not). Both expect a `Run &run` in scope.
#define EV(...)                                                                                                        \
  do {                                                                                                                 \
    if (run.detail)                                                                                                    \
      run.ev(__VA_ARGS__);                                                                                             \
  } while (0)
// A step skipped, with the reason; likewise only evaluated for a detailed prediction.
#define SKIP(step, ...)                                                                                                \
  do {                                                                                                                 \
    if (run.detail)                                                                                                    \
      run.skip(step, fmt::format(__VA_ARGS__));                                                                        \
  } while (0)

// Network facts of a host, parsed once (addresses, firewall rules: sim/Firewall.h).
struct HostNet {
  std::vector<uint32_t> addresses;
  std::vector<std::string> serverExe, clientExe; // lower case, by index in host.servers/clients
  std::vector<RuleNet> rules;
  model::PortRange rpcRange;
  uint32_t serverBase = 0; // the number in the plant of this host's first server
  bool rpcss = true;
  ServerHardening hardening;
};

// Records steps and evidence; the first failure decides the outcome.
struct Run {
  bool detail;
  Outcome out;
  StepResult *current = nullptr;

  void begin(Step s) {
    if (detail) {
      out.steps.push_back(StepResult{s, true, false, {}});
      current = &out.steps.back();
    }
  }
  template <class... A>
  void ev(fmt::format_string<A...> f, A &&...args) {
    if (detail && current)
      current->evidence.push_back(fmt::format(f, std::forward<A>(args)...));
  }
  void evs(const std::vector<std::string> &lines) {
    if (detail && current)
      current->evidence.insert(current->evidence.end(), lines.begin(), lines.end());
  }
  void skip(Step s, std::string why) {
    if (detail) {
      out.steps.push_back(StepResult{s, true, true, {std::move(why)}});
      current = nullptr;
    }
  }
  // Decides the outcome; returns false, so that a unit can `return run.fail(...)`.
  bool fail(Step s, uint32_t hresult, std::vector<uint32_t> alternatives = {}) {
    out.hresult = hresult;
    out.step = s;
    out.hresults = std::move(alternatives);
    if (detail && current)
      current->ok = false;
    return false;
  }
  void event(Event e) {
    if (detail)
      out.events.push_back(std::move(e));
  }
};

// The authentication level a side asks for, and why (docs/model.md#authentication).
struct Levels {
  int value;
  std::string why;
};
Levels clientLevel(const model::Host &c, const model::ClientProgram *p, bool detail);
Levels serverLevel(const model::Host &s, const model::ComServer &x, bool detail);
std::string levelText(int level); // "2 (Connect)"

// The machine-wide Limits in effect: the policy value wins over the Ole value.
// The built-in default access descriptor (SELF and SYSTEM) used when DefaultAccessPermission is absent.
const model::Descriptor &comBuiltinAccess();
// The rights `d` grants `caller` when the caller is the COM object's own identity: its token
// gains PRINCIPAL_SELF (S-1-5-10) for the check.
uint32_t grantedAsSelf(const model::Descriptor &d, const Logon &caller, uint32_t needed);
std::string firstAddress(const model::Host &h);

inline constexpr const char *kGuide4Codes = "the guide, chapter 4 \"DCOM Errors by Numeric Code\"";
inline constexpr const char *kGuide4Advise = "the guide, chapter 4, 0x80040202 and 0x80070005 (Advise)";

// What one simulation (connect or advise) shares between its steps. The first block is set
// before the walk; the steps fill in the rest as they pass.
struct StepContext {
  Simulator &sim;
  Run &run;
  const ClientSpec &client;
  int sIdx;
  const model::Host &c, &s;
  const HostNet &cn, &sn;
  const model::ComServer *xp; // null: no such class on the server (connect's registration step)
  const std::string &className;
  bool local;
  std::string peerAddr; // connect: the client's address as the server sees it; advise: the server's
  Levels cl, sl;        // what the client and the server ask for

  // connect (docs/model.md#authentication ... #interface)
  int callLevel = 0, explicitAct = 0, actLevel = 0, actEffective = 0;
  const ClientRaise *raise = nullptr;
  bool unsecuredRetry = false;
  const Logon *who = nullptr;      // the activation's token on the server
  const Logon *identity = nullptr; // the server's process token, when it is launched
  const Logon *caller = nullptr;   // the first call's token on the server
  bool running = false;
  uint32_t activate = 0, neededLaunch = 0;

  // advise (docs/model.md#callback-authentication): the identity that calls back, its token at the client
  const Logon *callback = nullptr;

  // The simulator's caches, for the units (the small ones inline: every prediction asks them).
  Tokens &tokens() const { return sim.tokens_; }
  uint32_t granted(const model::Descriptor &d, const Logon &who, uint32_t desired, bool launch) const {
    return sim.granted(d, who, desired, launch);
  }
  // The same for a host's launch (`launch`) or access Limits `d`, and for the LaunchPermission or
  // AccessPermission `d` in effect for server `x` of the server host: their ids are kept per host
  // and per server.
  uint32_t grantedLimits(int host, const model::Descriptor &d, const Logon &who, uint32_t desired, bool launch) const {
    auto &ids = sim.hostDescriptorIds_[host];
    return sim.granted(d, launch ? ids.launch : ids.access, who, desired, launch);
  }
  uint32_t grantedServer(const model::ComServer &x, const model::Descriptor &d, const Logon &who, uint32_t desired,
                         bool launch) const {
    auto &ids = sim.serverDescriptorIds_[sn.serverBase + static_cast<uint32_t>(&x - s.servers.data())];
    return sim.granted(d, launch ? ids.launch : ids.access, who, desired, launch);
  }
  const Principal &identityOf(int host, const model::ComServer &x) const;
  const model::Link *link(int from, int to) const {
    if (sim.links_.empty())
      return nullptr;
    const model::Link *const *l = sim.links_.find((uint64_t(uint32_t(from)) << 32) | uint32_t(to));
    return l ? *l : nullptr;
  }
  const std::string &lowerExe(int host, const model::ComServer &x) const {
    return net(host).serverExe[static_cast<size_t>(&x - sim.plant_.hosts[host].servers.data())];
  }
  const std::string &lowerExe(int host, const model::ClientProgram &c) const {
    return net(host).clientExe[static_cast<size_t>(&c - sim.plant_.hosts[host].clients.data())];
  }
  bool exeReadable(const model::ComServer &x, const Logon &identity) const;
  const HostNet &net(int host) const { return (*sim.net_)[host]; }
  ReachMemo &reachMemo() const { return *sim.reachMemo_; }
  bool detail() const { return run.detail; }
  const model::ComServer &x() const { return *xp; }
};

// Evidence of a COM access check: which value, which ACEs named the caller and what they grant,
// and what was needed.
void describeCheckDetail(Run &run, Tokens &tokens, int host, const model::Descriptor &d, const char *valueName,
                         const Logon &who, uint32_t needed, uint32_t grantedBits, winsec::com::PermissionKind kind,
                         std::string_view rule, std::string_view ruleMore);
// Only a detailed prediction gets it (the matrix's fast path does not make the call).
inline void describeCheck(Run &run, Tokens &tokens, int host, const model::Descriptor &d, const char *valueName,
                          const Logon &who, uint32_t needed, uint32_t grantedBits, winsec::com::PermissionKind kind,
                          std::string_view rule, std::string_view ruleMore = {}) {
  if (run.detail)
    describeCheckDetail(run, tokens, host, d, valueName, who, needed, grantedBits, kind, rule, ruleMore);
}

// Whether a TCP path from one host to another gets through (docs/model.md#reachability and
// #callback-reachability), in this order: the network path, (callbacks: NAT), RPCSS at the target,
// the source's DNS answer for the target, the target's firewall for TCP 135 and the port of the
// program called, (activations: NAT; object references carry the target's own addresses). One
// function for both directions.
struct Reach {
  enum class Refused : uint8_t { None, Path, Rpcss, Dns, Firewall135, FirewallPort, Nat };
  Refused refused = Refused::None;
  const model::Link *path = nullptr; // the link from the source to the target, if the plant states one
  const model::Link *nat = nullptr;  // the link whose NAT decided
  bool firewallOn = false, portChecked = false, ok135 = true, okPort = true;
  const model::FirewallRule *by135 = nullptr, *byPort = nullptr;
};
struct ReachRequest {
  int from, to;
  const std::string *program;        // the lower-case exe called at the target; null: not known (no such class).
                                     // It outlives the Simulator (HostNet's strings): reach() keeps it.
  std::optional<uint16_t> fixedPort; // its Endpoints port, when it has one
  bool callback;                     // the server calls the client back (NAT on either link breaks it)
};
Reach reach(const StepContext &ctx, const ReachRequest &request);
// The last answer of reach() in each direction: the matrix asks the same question for every
// server of a host, and the answer depends only on the request (the plant does not change).
struct ReachMemo {
  struct Slot {
    bool valid = false;
    ReachRequest request{};
    Reach answer;
  };
  Slot slots[2]; // connect, callback
};
// "allowed by rule ...", "blocked by rule ...", "no inbound rule allows it".
std::string firewallVerdict(bool ok, const model::FirewallRule *by);

// What the fix search knows about the failing prediction (names as the plant spells them).
struct FixContext {
  const model::Plant &plant;
  const Request &req;
  const ClientSpec &client;
  const model::Host &c, &s;
  const model::ComServer *x; // null: no such class on the server
  bool adviseDir;
  std::string user, userBare, userLabel, userOnServer, serverExe, clientExe;
  std::string userHome; // the client's account where it lives: "HMI1\\opcuser", "LINE3\\opc"
  std::string identity; // the server's RunAs account, when it is one
};

// A callback Windows refused: the code the client sees depends on the server program
// (docs/model.md#callback-access); records it and returns false.
bool refusedCallback(StepContext &ctx, Step step);

// After the walk: the code the client program shows for DCOM's, from its `reports` map
// (docs/model.md#what-the-program-shows); recorded in the outcome and the deciding step's evidence.
void programShows(StepContext &ctx);

using CheckFn = bool (*)(StepContext &);
using FixFn = void (*)(const FixContext &, std::vector<FixCandidate> &);
struct StepUnit {
  Step step;
  CheckFn check; // records the step; false when it decided the outcome
  FixFn fixes;   // the candidate changes when it failed; may be null
};

std::span<const StepUnit> connectUnits();
std::span<const StepUnit> adviseUnits();
const StepUnit &unitOf(Step step);

// The units, by family (StepsNetwork.cpp, StepsLogon.cpp, StepsLaunch.cpp, StepsAccess.cpp).
bool checkLocal(StepContext &), checkEnableDcom(StepContext &), checkReachability(StepContext &),
    checkCallbackReachability(StepContext &);
void fixEnableDcom(const FixContext &, std::vector<FixCandidate> &),
    fixReachability(const FixContext &, std::vector<FixCandidate> &);
bool checkAuthentication(StepContext &), checkHardening(StepContext &), checkCallbackAuthentication(StepContext &);
void fixAuthentication(const FixContext &, std::vector<FixCandidate> &),
    fixHardening(const FixContext &, std::vector<FixCandidate> &),
    fixCallbackAuthentication(const FixContext &, std::vector<FixCandidate> &);
bool checkLaunchLimits(StepContext &), checkRegistration(StepContext &), checkLaunchPermission(StepContext &),
    checkLaunchIdentity(StepContext &), checkExecutable(StepContext &), checkExecutableAccess(StepContext &),
    checkLicense(StepContext &), checkConnectionKind(StepContext &);
void fixLaunchLimits(const FixContext &, std::vector<FixCandidate> &),
    fixRegistration(const FixContext &, std::vector<FixCandidate> &),
    fixLaunchPermission(const FixContext &, std::vector<FixCandidate> &),
    fixLaunchIdentity(const FixContext &, std::vector<FixCandidate> &),
    fixExecutable(const FixContext &, std::vector<FixCandidate> &),
    fixExecutableAccess(const FixContext &, std::vector<FixCandidate> &),
    fixLicense(const FixContext &, std::vector<FixCandidate> &),
    fixConnectionKind(const FixContext &, std::vector<FixCandidate> &);
bool checkAccess(StepContext &), checkInterface(StepContext &), checkCallbackAccess(StepContext &);
void fixAccess(const FixContext &, std::vector<FixCandidate> &),
    fixInterface(const FixContext &, std::vector<FixCandidate> &),
    fixCallbackAccess(const FixContext &, std::vector<FixCandidate> &);

} // namespace dd::sim
