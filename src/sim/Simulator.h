// The DCOM simulator: connect (docs/model.md#local to #interface, in order, the first failure
// decides) and advise (docs/model.md#callback-reachability to #callback-access), with the
// negotiation of authentication levels and the 2021-2023 hardening (docs/model.md#hardening).
// Each step is one unit (sim/Steps.h) that records its evidence; the events each host would log
// are built with their full messages; fixes are proven by simulating again (sim/Fixes).
//
// One Simulator per thread: it caches tokens per (account, host) and access-check results per
// (descriptor, token), so that the matrix of a 1,000-host plant costs a few hash lookups per
// prediction. `detail = false` skips evidence and events (the matrix's fast path).
#pragma once

#include "model/Plant.h"
#include "sim/Hardening.h"
#include "sim/Prediction.h"
#include "sim/Tokens.h"
#include "support/Result.h"
#include "support/U64Map.h"

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace dd::sim {

struct HostNet;     // sim/Steps.h
struct ReachMemo;   // sim/Steps.h
struct StepContext; // sim/Steps.h
struct Run;         // sim/Steps.h

struct Request {
  std::string clientHost;
  std::string user;    // the account the client runs as; empty: the program's run_as
  std::string program; // a [[host.client]] name; empty: the one running as `user`, else a
                       // plain Windows client with the host's defaults
  std::string serverHost;
  std::string serverClass; // ProgID or CLSID
  bool advise = false;
};

struct Options {
  bool detail = true; // evidence and events
  bool fixes = true;  // propose fixes and prove them (implies detail)
};

// A client as the simulator sees it: the host, the account, the program's own settings.
struct ClientSpec {
  int host = -1;
  const model::ClientProgram *program = nullptr; // may be null: a plain Windows client
  Principal user;
  std::string userName; // as requested
  std::string programName;
};

class Simulator {
public:
  explicit Simulator(const model::Plant &plant);
  Simulator(const Simulator &) = delete; // its caches are its own thread's
  Simulator &operator=(const Simulator &) = delete;

  // Resolves the names of `request` (errors for unknown hosts, accounts, programs: bad input)
  // and predicts connect, and advise when asked.
  Result<Prediction> predict(const Request &request, const Options &options = {});

  // The matrix's entry points: indices into plant.hosts / host.clients / host.servers.
  ClientSpec clientOf(int host, size_t clientIndex);
  Outcome connect(const ClientSpec &client, int serverHost, const model::ComServer *server,
                  const std::string &className, bool detail);
  Outcome advise(const ClientSpec &client, int serverHost, const model::ComServer &server, bool detail);

  const model::Plant &plant() const { return plant_; }
  Tokens &tokens() { return tokens_; }

private:
  friend struct StepContext; // the step units use the caches below
  const model::Plant &plant_;
  Tokens tokens_;
  std::vector<HostNet> *net_ = nullptr; // parsed addresses and firewall rules per host
  std::shared_ptr<std::vector<HostNet>> netStorage_;
  std::shared_ptr<ReachMemo> reachMemo_; // the last reachability answers
  // Descriptors interned by content: the id of each descriptor of the plant (by address), so
  // that servers with the same LaunchPermission share their access-check results.
  U64Map<uint32_t> descriptorIds_;
  std::unordered_map<std::string, uint32_t> descriptorsByContent_; // binary descriptor -> id
  U64Map<uint32_t> accessCache_; // (descriptor id, logon id, desired, launch) -> granted
  // The ids of the descriptors the steps check, filled on first use (0: not yet, else id + 1):
  // per host its launch and access Limits, per server (by its number in the plant) the
  // LaunchPermission and AccessPermission in effect. The matrix reads them in plant order, so
  // they stay in the processor's cache where the lookup by address did not.
  struct DescriptorIds {
    uint32_t launch = 0, access = 0;
  };
  std::vector<DescriptorIds> hostDescriptorIds_, serverDescriptorIds_;
  U64Map<const model::Link *> links_;

  U64Map<uint32_t> raiseIndex_; // client program (or host) -> index in raises_
  std::deque<ClientRaise> raises_;
  struct Identity {
    bool resolved = false;
    Principal principal;
  };
  std::vector<std::vector<Identity>> identities_; // per host, per server: RunAs resolved
  U64Map<bool> exeReadCache_;                     // (server, identity logon) -> the identity may read the folder

  uint32_t descriptorId(const model::Descriptor &d);
  uint32_t granted(const model::Descriptor &d, const Logon &who, uint32_t desired, bool launch);
  uint32_t granted(const model::Descriptor &d, uint32_t &idSlot, const Logon &who, uint32_t desired, bool launch);
  const ClientRaise &raiseOf(const ClientSpec &client);
  StepContext context(Run &run, const ClientSpec &client, int sIdx, const model::ComServer *xp,
                      const std::string &className, const model::Host &peer);
  const Principal &identityOf(int host, const model::ComServer &x);
};

} // namespace dd::sim
