// The hardening audit (`dcomdoctor audit`): the guide's checklist (chapters 2 and 3), the
// 2021-2023 DCOM hardening (KB5004442) and the "allow everything" recipes found in the field,
// judged host by host over a plant. Every rule has a stable id (docs/audit.md#<id>), a severity,
// the evidence (value, ACE, file:line), the least-privilege fix in Windows words, and its source.
//
// A finding whose fix is a change to the plant also says which client/server pairs that change
// would break (green now, red with it applied), and for each the change that keeps it working,
// both found by simulating the plant again (audit/AuditImpact.cpp).
#pragma once

#include "model/Plant.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::audit {

enum class Risk : uint8_t { Low, Medium, High, Critical };
const char *riskName(Risk s); // "low" ... "critical"
std::optional<Risk> parseRisk(std::string_view name);

// A pair that a finding's fix would turn red, and the proven change that keeps it green.
struct BrokenPair {
  std::string client;      // "HMI1 HMI (opcuser)"
  std::string server;      // "OPCSRV Acme.OPCDA.1"
  std::string direction;   // "connect" or "advise"
  std::string hresult;     // what it would fail with: "0x80070005"
  std::string step;        // the deciding step id
  std::string keepWorking; // a verified fix of the pair after the change, "" when none was found
};

struct AuditFinding {
  std::string rule; // the rule id, "limits-anonymous-remote"
  Risk severity = Risk::Low;
  std::string host;
  std::string message;                      // one line: what is wrong on this host
  std::vector<std::string> evidence;        // value, ACE, where (file:line) each
  std::vector<model::Provenance> locations; // the files and lines the evidence cites
  std::string fix;                          // the least-privilege fix, in Windows words
  // The fix as a change to the plant, when it is one the simulator can judge; empty otherwise.
  std::function<void(model::Plant &)> apply;
  std::vector<BrokenPair> wouldBreak; // filled by runAudit when impact analysis is on
  bool impactChecked = false;
};

struct AuditRule {
  const char *id;
  Risk severity;
  const char *title;  // the rule, one line
  const char *why;    // what an attacker or a failure gets from it
  const char *source; // the guide's chapter, or the Microsoft document
  void (*check)(const model::Plant &plant, const model::Host &host, const AuditRule &rule,
                std::vector<AuditFinding> &out);
};

// Every rule, in the order docs/audit.md lists them.
const std::vector<AuditRule> &rules();
const AuditRule *findRule(std::string_view id);

struct AuditOptions {
  bool impact = true;                                     // simulate each fix to find the pairs it would break
  std::function<void(const std::string &)> progress = {}; // "auditing: impact of finding 3/40" (may be empty)
};

struct AuditResult {
  std::vector<AuditFinding> findings; // by host (plant order), then rule order
  size_t hosts = 0;
  size_t pairsSimulated = 0; // predictions made for the impact analysis
  std::optional<Risk> highest() const;
  size_t count(Risk s) const;
};

AuditResult runAudit(const model::Plant &plant, const AuditOptions &options = {});

// The pairs (client program x server class) whose connect or advise is green in `before` and red
// in `after`, restricted to pairs that involve `host` (as client or server host); each with a
// proven fix found on `after`. Exposed for tests.
std::vector<BrokenPair> pairsBroken(const model::Plant &before, const model::Plant &after, const std::string &host,
                                    size_t *predictions = nullptr);

} // namespace dd::audit
