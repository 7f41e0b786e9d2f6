// The 2021-2023 DCOM hardening rules (see Hardening.h). Source: Microsoft KB5004442, "Manage
// changes for Windows DCOM Server Security Feature Bypass (CVE-2021-26414)".
#include "sim/Hardening.h"

#include <fmt/format.h>

namespace dd::sim {

ServerHardening serverHardening(const model::Host &s) {
  ServerHardening h;
  const auto &os = s.os.value;
  if (os.generation() != model::OsGeneration::VistaPlus) {
    h.why = fmt::format("{} runs {}: the KB5004442 hardening does not exist there", s.name, os.displayName());
    return h;
  }
  const auto &value = s.dcom.requireIntegrityActivationAuthenticationLevel;
  std::string valueText = value ? fmt::format("HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat\\"
                                              "RequireIntegrityActivationAuthenticationLevel = {} ({})",
                                              value->value, value->from.origin())
                                : "RequireIntegrityActivationAuthenticationLevel is not set";
  if (!s.patched && s.patchLevelUnknown) {
    h.why = fmt::format("{}'s patch level is unknown ({}: {}): not taken as patched, so no hardening; if it has the "
                        "2022-06-14 update or later the hardening is on",
                        s.name, s.patchLevelUnknown->from.origin(), s.patchLevelUnknown->value);
    return h;
  }
  if (!s.patched) {
    h.enforced = true;
    h.why = fmt::format("{} has no patch date: taken as up to date, so the hardening is always on (KB5004442, "
                        "since the 2023-03-14 update)",
                        s.name);
    return h;
  }
  const model::Date d = s.patched->value;
  std::string when = fmt::format("{} patched {} ({})", s.name, d.str(), s.patched->from.origin());
  if (d < kHardeningIntroduced) {
    h.why = when + ": before the 2021-06-08 update, no hardening";
  } else if (d < kHardeningDefaultOn) {
    h.enforced = value && value->value == 1;
    h.why = when + ": between 2021-06-08 and 2022-06-14 the hardening is off unless enabled; " + valueText;
  } else if (d < kHardeningAlwaysOn) {
    h.enforced = !(value && value->value == 0);
    h.why = when + ": between 2022-06-14 and 2023-03-14 the hardening is on unless disabled; " + valueText;
  } else {
    h.enforced = true;
    h.why = when + ": from the 2023-03-14 update on the hardening is always on (the value is ignored)";
  }
  return h;
}

ClientRaise clientRaise(const model::Host &c, const model::ClientProgram *program) {
  ClientRaise r;
  if (program && program->stack.value != model::ClientStack::Windows) {
    r.why = fmt::format("client program {} uses a non-Windows DCOM stack ({}): it never raises its level; only a "
                        "newer stack that signs or seals, or a local relay, can fix it",
                        program->name, program->stack.from.origin());
    return r;
  }
  if (c.os.value.generation() != model::OsGeneration::VistaPlus) {
    r.why = fmt::format("{} runs {}: no update raises its activation level", c.name, c.os.value.displayName());
    return r;
  }
  const auto &value = c.dcom.raiseActivationAuthenticationLevel;
  if (!c.patched && c.patchLevelUnknown) {
    r.why = fmt::format("{}'s patch level is unknown ({}: {}): not taken as patched, so it does not raise its "
                        "activation level",
                        c.name, c.patchLevelUnknown->from.origin(), c.patchLevelUnknown->value);
    return r;
  }
  if (c.patched && c.patched->value < kHardeningIntroduced) {
    r.why = fmt::format("{} patched {} ({}), before the 2021-06-08 update: it does not raise its activation level",
                        c.name, c.patched->value.str(), c.patched->from.origin());
    return r;
  }
  if (value) {
    r.level = value->value;
    r.why = fmt::format("{} HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat\\RaiseActivationAuthenticationLevel = {} ({})",
                        c.name, value->value, value->from.origin());
    return r;
  }
  if (!c.patched) {
    r.level = 2;
    r.why = fmt::format("{} has no patch date: taken as up to date, RaiseActivationAuthenticationLevel defaults to 2 "
                        "(since the 2022-11-08 update)",
                        c.name);
    return r;
  }
  r.level = c.patched->value < kClientRaiseExplicit ? 1 : 2;
  r.why = fmt::format("{} patched {} ({}): RaiseActivationAuthenticationLevel defaults to {} ({})", c.name,
                      c.patched->value.str(), c.patched->from.origin(), r.level,
                      r.level == 1 ? "raises the default level only, until the 2022-11-08 update"
                                   : "raises explicit levels too, since the 2022-11-08 update");
  return r;
}

int activationLevel(int defaultLevel, int explicitLevel, int raise) {
  if (explicitLevel > 0) {
    if (raise >= 2 && explicitLevel > 1 && explicitLevel < 5)
      return 5;
    return explicitLevel;
  }
  if (raise >= 1 && defaultLevel > 1 && defaultLevel < 5)
    return 5;
  return defaultLevel;
}

} // namespace dd::sim
