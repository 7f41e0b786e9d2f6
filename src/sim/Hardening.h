// The 2021-2023 DCOM hardening (KB5004442, CVE-2021-26414; docs/model.md#hardening): whether
// a server refuses activations below Packet Integrity, and how far a client raises its
// activation authentication level, both from the host's patch date and AppCompat values.
#pragma once

#include "model/Plant.h"

#include <optional>
#include <string>
#include <vector>

namespace dd::sim {

// Update dates of the three phases and of the client-side change.
inline constexpr model::Date kHardeningIntroduced{2021, 6, 8};  // server-side opt-in, client raise = 1
inline constexpr model::Date kHardeningDefaultOn{2022, 6, 14};  // on unless the value is 0
inline constexpr model::Date kClientRaiseExplicit{2022, 11, 8}; // client raise = 2 by default
inline constexpr model::Date kHardeningAlwaysOn{2023, 3, 14};   // always on, the value ignored

// Whether the host's patch level is unknown (its snapshot dates none of its updates, or the plant
// file says so): the rules below take it as unpatched, and the hardening step shows the other
// outcome where a patched host would get another one (docs/model.md#hardening).
bool patchLevelUnknown(const model::Host &host);

struct ServerHardening {
  bool enforced = false;
  std::string why; // in Windows words, with the patch date and the value's provenance
  // Patch level unknown: the first update from which it would enforce (none on XP/2003).
  std::optional<model::Date> enforcedIfPatchedSince;
};
ServerHardening serverHardening(const model::Host &server);

struct ClientRaise {
  int level = 0; // RaiseActivationAuthenticationLevel in effect: 0 never, 1 default, 2 explicit too
  std::string why;
  // Patch level unknown: the level it would raise to with each update that changes it (the
  // 2021-06-08 and 2022-11-08 ones), in date order; empty where no update raises.
  struct IfPatched {
    model::Date since;
    int level = 0;
  };
  std::vector<IfPatched> ifPatched;
};
// `program` may be null (a plain Windows client).
ClientRaise clientRaise(const model::Host &client, const model::ClientProgram *program);

// The level an activation request carries after the client's raise: `explicitLevel` (0 when the
// program sets none) or `defaultLevel`; None (1) is never raised.
int activationLevel(int defaultLevel, int explicitLevel, int raise);

// Whether the server refuses an activation at `level` (after the raise; docs/model.md#hardening).
bool hardeningRefuses(bool enforced, bool anonymous, int level);

// The hardening step's other decision, when it rests on a patch level nobody knows: the patch
// conditions under which it decides the other way (each names a host whose level is unknown).
struct PatchCondition {
  const model::Host *host;
  model::Date update;
  bool installed; // true: that update or a later one is installed; false: it is not
};
struct HardeningDoubt {
  bool refused = false; // the other decision
  std::vector<PatchCondition> when;
};
// `refusedNow`: the decision as taken (unknown levels taken as unpatched). Cheap when both levels
// are known (returns nothing at once).
std::optional<HardeningDoubt> hardeningDoubt(const model::Host &client, const ClientRaise &raise,
                                             const model::Host &server, const ServerHardening &hardening,
                                             int defaultLevel, int explicitLevel, bool anonymous, bool refusedNow);

} // namespace dd::sim
