// The 2021-2023 DCOM hardening rules (see Hardening.h). Source: Microsoft KB5004442, "Manage
// changes for Windows DCOM Server Security Feature Bypass (CVE-2021-26414)".
#include "sim/Hardening.h"

#include <fmt/format.h>

namespace dd::sim {

namespace {

// The updates that change what the hardening does, in date order.
constexpr model::Date kHardeningDates[] = {kHardeningIntroduced, kHardeningDefaultOn, kClientRaiseExplicit,
                                           kHardeningAlwaysOn};

// Whether a server patched on `d` enforces, given its RequireIntegrityActivationAuthenticationLevel.
bool enforcedOn(model::Date d, const std::optional<model::Fact<int>> &value) {
  if (d < kHardeningIntroduced)
    return false;
  if (d < kHardeningDefaultOn)
    return value && value->value == 1;
  if (d < kHardeningAlwaysOn)
    return !(value && value->value == 0);
  return true;
}

// RaiseActivationAuthenticationLevel in effect on a Windows client patched on `d`.
int raiseOn(model::Date d, const std::optional<model::Fact<int>> &value) {
  if (d < kHardeningIntroduced)
    return 0;
  if (value)
    return value->value;
  return d < kClientRaiseExplicit ? 1 : 2;
}

} // namespace

bool patchLevelUnknown(const model::Host &h) { return !h.patched && h.patchLevelUnknown; }

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
  if (patchLevelUnknown(s)) {
    for (model::Date d : kHardeningDates)
      if (enforcedOn(d, value)) {
        h.enforcedIfPatchedSince = d;
        break;
      }
    h.why = fmt::format("{}'s patch level is unknown ({}: {}): not taken as patched, so no hardening; if it has the "
                        "{} update or a later one the hardening is on ({})",
                        s.name, s.patchLevelUnknown->from.origin(), s.patchLevelUnknown->value,
                        h.enforcedIfPatchedSince->str(), valueText);
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
    h.why = when + ": between 2021-06-08 and 2022-06-14 the hardening is off unless enabled; " + valueText;
  } else if (d < kHardeningAlwaysOn) {
    h.why = when + ": between 2022-06-14 and 2023-03-14 the hardening is on unless disabled; " + valueText;
  } else {
    h.why = when + ": from the 2023-03-14 update on the hardening is always on (the value is ignored)";
  }
  h.enforced = enforcedOn(d, value);
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
  if (patchLevelUnknown(c)) {
    for (model::Date d : {kHardeningIntroduced, kClientRaiseExplicit})
      if (int level = raiseOn(d, value); r.ifPatched.empty() || r.ifPatched.back().level != level)
        r.ifPatched.push_back({d, level});
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
  r.level = raiseOn(c.patched->value, std::nullopt);
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

bool hardeningRefuses(bool enforced, bool anonymous, int level) {
  return enforced && !anonymous && level > 1 && level < 5;
}

std::optional<HardeningDoubt> hardeningDoubt(const model::Host &c, const ClientRaise &raise, const model::Host &s,
                                             const ServerHardening &sh, int defaultLevel, int explicitLevel,
                                             bool anonymous, bool refusedNow) {
  const bool serverUnknown = patchLevelUnknown(s), clientUnknown = !raise.ifPatched.empty();
  if ((!serverUnknown && !clientUnknown) || anonymous)
    return std::nullopt;
  auto refusedAt = [&](int raiseLevel) {
    return hardeningRefuses(true, false, activationLevel(defaultLevel, explicitLevel, raiseLevel));
  };
  // The first update from which the client's raised level passes (none: no update raises it enough).
  std::optional<model::Date> clientPassesSince;
  for (const ClientRaise::IfPatched &p : raise.ifPatched)
    if (!refusedAt(p.level)) {
      clientPassesSince = p.since;
      break;
    }
  HardeningDoubt doubt;
  if (refusedNow) { // a known server that enforces: a patched client may raise its level enough
    if (!clientPassesSince)
      return std::nullopt;
    doubt.when.push_back({&c, *clientPassesSince, true});
    return doubt;
  }
  // Passed: a patched server may enforce, and refuse a level that no update of the client raised.
  if (!serverUnknown || !sh.enforcedIfPatchedSince || !refusedAt(raise.level))
    return std::nullopt;
  doubt.refused = true;
  doubt.when.push_back({&s, *sh.enforcedIfPatchedSince, true});
  if (clientPassesSince)
    doubt.when.push_back({&c, *clientPassesSince, false});
  return doubt;
}

} // namespace dd::sim
