// The fixes of the tech note, in its order (hotfix, quick fix, additional steps, deep fix, then
// the COM+ role fix), each applied to a copy of the plant on top of the previous ones and proven
// by re-running the diagnosis; where the note's advice and hardening pull apart
// (EveryoneIncludesAnonymous), what re-running with it on shows; and the note's verification
// procedure.
#pragma once

#include "sim/license/Diagnosis.h"

#include <optional>
#include <string>
#include <vector>

namespace dd::sim::license {

struct FixResult {
  std::string key; // "hotfix", "quick", "additional", "deep", "role"
  std::string title;
  std::vector<std::string> steps; // what to do, as an administrator types or clicks it
  bool releaseWorksAfter = false; // re-diagnosed with this fix and the ones before it applied
  bool healthyAfter = false;
  std::vector<std::string> remaining; // cause keys that still hold
};

struct Prescription {
  Diagnosis diagnosis;
  std::vector<FixResult> fixes;
  std::vector<std::string> hardening;    // EveryoneIncludesAnonymous: the note vs hardening
  std::vector<std::string> verification; // the note's procedure, with this plant's timeout
  model::Plant fixedPlant;               // the plant with every fix applied
};

Result<Prescription> prescribe(const model::Plant &plant, std::string_view host);

// The parts of a prescription (Advice.cpp): the note's verification procedure with the plant's
// session timeout, and the EveryoneIncludesAnonymous advice (empty unless the role check fails).
std::vector<std::string> verificationSteps(const Diagnosis &d);
std::vector<std::string> hardeningAdvice(const model::Plant &plant, const Diagnosis &d);

} // namespace dd::sim::license
