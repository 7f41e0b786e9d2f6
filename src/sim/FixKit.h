// What the fix candidates of the step units share (internal to dd_sim): finding a host or
// server in a copy of the plant, the provenance of a proposed change, and the fixes that
// several steps propose (accounts, the causes of an anonymous caller, one ACE, a group).
// Sources of the remedies: the guide, chapters 2 ("Configuring DCOM for OPC") and 4 ("DCOM
// Errors by Numeric Code"); KB5004442 for the hardening.
#pragma once

#include "model/Plant.h"
#include "sim/Fixes.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dd::sim {

struct FixContext; // sim/Steps.h

inline constexpr const char *kGuide2 = "the guide, chapter 2 \"Configuring DCOM for OPC\"";
// dcomcnfg paths of the machine-wide values.
inline constexpr const char *kLimitsLaunchPath =
    "My Computer > Properties > COM Security > Launch and Activation Permissions > Edit Limits";
inline constexpr const char *kLimitsAccessPath =
    "My Computer > Properties > COM Security > Access Permissions > Edit Limits";
inline constexpr const char *kDefaultAccessPath =
    "My Computer > Properties > COM Security > Access Permissions > Edit Default";

model::Host *host(model::Plant &p, const std::string &name);
model::ComServer *server(model::Host &h, const std::string &cls); // by ProgID or CLSID
model::Provenance fixProvenance(const std::string &where);
std::string bareName(const std::string &account); // "LINE3\opc" -> "opc"
// Adds `ace` (SDDL ACE text) to a descriptor slot; when the slot is empty, starts from `base`.
void addAce(std::optional<model::Descriptor> &slot, const std::string &base, const std::string &ace,
            const std::string &where);
// A new local account (password never expires, the first free RID from 1000) on `h`.
model::Account &addLocalAccount(model::Host &h, const std::string &name, const std::string &label,
                                std::vector<std::string> groups);
std::string userSid(const model::Plant &plant, const std::string &hostName, const std::string &account);
std::string firewallHowto(const std::string &name, const std::string &what, const std::string &remote);

// Account fixes on `targetName` for an account `name` that must authenticate there with the
// password of `match` ("HMI1\opcuser"), whose label is `label` (applied to the plant, never printed).
void accountFixes(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &targetName,
                  const std::string &name, const std::string &label, const std::string &match, const std::string &why);
// The client side of a password mismatch: give the client's own local account the password of
// the server's account of the same name (the other way round from accountFixes).
void clientPasswordFix(std::vector<FixCandidate> &out, const FixContext &f);
// Anonymous callers: the causes, not an ACE for ANONYMOUS LOGON (an "allow everything" recipe).
void anonymousFixes(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &target,
                    const std::string &caller, const ClientSpec &client);
// Grants `account` (`sid`) `rights` (`sddlRights`) in the descriptor `target` names: a
// RegistryValue change (aceChange / appIdAceChange) whose ACE this fills in.
void aclFix(std::vector<FixCandidate> &out, const std::string &account, const std::string &sid, Change target,
            const char *dcomcnfgPath, const char *rights, const char *sddlRights, const std::string &source);
// The value a change of the Limits must edit: the DCOM policy value when Group Policy sets one.
model::SettingId launchLimitsSetting(const model::Host &h);
model::SettingId accessLimitsSetting(const model::Host &h);
// Adds `account` to the local group `group` of `hostName`, when both exist.
void groupFix(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &hostName,
              const std::string &account, const std::string &group, const std::string &why);

} // namespace dd::sim
