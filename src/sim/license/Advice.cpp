// The tech note's verification procedure and its EveryoneIncludesAnonymous advice set against
// hardening (see Prescription.h).
#include "sim/license/Prescription.h"

#include <fmt/format.h>

namespace dd::sim::license {

std::vector<std::string> verificationSteps(const Diagnosis &d) {
  std::string where = d.iis6 ? "IIS Manager > Web Sites > Default Web Site > Properties > Home Directory > "
                               "Configuration > Options > Session timeout"
                             : "IIS Manager > the site > ASP > Session Properties > Time-out";
  return {
      fmt::format("set the session timeout to 1 minute ({})", where),
      "log on to the web information server from another machine: the license manager's client license list shows "
      "a second line",
      "close that browser, wait about a minute and refresh the list (F5): when the second line is gone the release "
      "works",
      "recycle the licenses already lost by restarting the license manager service",
      fmt::format("set the session timeout back to {} minutes ({})", d.sessionTimeoutMinutes, d.sessionTimeoutFrom),
  };
}

std::vector<std::string> hardeningAdvice(const model::Plant &plant, const Diagnosis &d) {
  if (!d.holds(CauseId::ComPlusRole))
    return {};
  const model::Host &host = *plant.findHost(d.host);
  const auto &eia = host.lsa.everyoneIncludesAnonymous;
  std::vector<std::string> out;
  out.push_back(fmt::format("the tech note suggests enabling \"Network access: Let Everyone permissions apply to "
                            "anonymous users\" (EveryoneIncludesAnonymous = 1) so that the anonymous account \"is the "
                            "same as Everyone\"; hardening baselines want it off (now {}: {})",
                            eia.value ? 1 : 0, eia.from.origin()));
  model::Plant on = plant;
  on.findHost(d.host)->lsa.everyoneIncludesAnonymous.value = true;
  auto again = diagnose(on, d.host);
  bool same = again && again->holds(CauseId::ComPlusRole) == d.holds(CauseId::ComPlusRole);
  out.push_back(fmt::format("it only changes the ANONYMOUS LOGON token (S-1-5-7), not the token of {} that "
                            "Session_OnEnd uses: re-diagnosed with it on, the COM+ role check {}",
                            d.onEndIdentity.empty() ? std::string("the anonymous account") : d.onEndIdentity,
                            same ? "gives the same answer" : "changes"));
  out.push_back("keep EveryoneIncludesAnonymous off and use the role fix: a role that names " +
                (d.onEndIdentity.empty() ? std::string("the anonymous account") : d.onEndIdentity) + " (or " +
                (d.iis6 ? "IIS_WPG" : "IIS_IUSRS") + "), assigned to the release component");
  return out;
}

} // namespace dd::sim::license
