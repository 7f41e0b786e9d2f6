// The 2021-2023 DCOM hardening (KB5004442, CVE-2021-26414; docs/model.md#hardening): whether
// a server refuses activations below Packet Integrity, and how far a client raises its
// activation authentication level, both from the host's patch date and AppCompat values.
#pragma once

#include "model/Plant.h"

#include <string>

namespace dd::sim {

// Update dates of the three phases and of the client-side change.
inline constexpr model::Date kHardeningIntroduced{2021, 6, 8};  // server-side opt-in, client raise = 1
inline constexpr model::Date kHardeningDefaultOn{2022, 6, 14};  // on unless the value is 0
inline constexpr model::Date kClientRaiseExplicit{2022, 11, 8}; // client raise = 2 by default
inline constexpr model::Date kHardeningAlwaysOn{2023, 3, 14};   // always on, the value ignored

struct ServerHardening {
  bool enforced = false;
  std::string why; // in Windows words, with the patch date and the value's provenance
};
ServerHardening serverHardening(const model::Host &server);

struct ClientRaise {
  int level = 0; // RaiseActivationAuthenticationLevel in effect: 0 never, 1 default, 2 explicit too
  std::string why;
};
// `program` may be null (a plain Windows client).
ClientRaise clientRaise(const model::Host &client, const model::ClientProgram *program);

// The level an activation request carries after the client's raise: `explicitLevel` (0 when the
// program sets none) or `defaultLevel`; None (1) is never raised.
int activationLevel(int defaultLevel, int explicitLevel, int raise);

} // namespace dd::sim
