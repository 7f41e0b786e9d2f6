// The events a prediction says each host would log: ids, logs, sources and full messages with
// the real parameters, in the wording of the host's Windows generation (680 vs 4625, 10014 vs
// 10015/10016), and whether the host's logging settings record them.
#pragma once

#include "model/Plant.h"
#include "sim/Prediction.h"
#include "sim/Tokens.h"

#include <optional>
#include <string>

namespace dd::sim::events {

// Security log: a failed logon of `logon` at `target` from `source` (workstation and address).
Event logonFailure(const model::Host &target, const Logon &logon, const std::string &workstation,
                   const std::string &address);

// DCOM launch/activation denials. `remote` picks Remote vs Local; `launch` Launch vs Activation.
// The Limits refusal is 10014 (XP/2003), 10015 (Vista to 8.1) or 10027 (10 / Server 2016 on).
Event launchLimits(const model::Host &server, const Logon &who, const std::string &clsid, bool remote, bool launch,
                   const std::string &address);
Event launchPermission(const model::Host &server, const Logon &who, const std::string &clsid, const std::string &appid,
                       bool applicationSpecific, bool remote, bool launch, const std::string &address);
// Access denials on a call: the Limits (10019) or the access permission
// (10017 machine-default / 10018 application-specific).
Event accessLimits(const model::Host &host, const Logon &who, const std::string &application, bool remote,
                   const std::string &address);
Event accessPermission(const model::Host &host, const Logon &who, const std::string &application,
                       bool applicationSpecific, bool remote, const std::string &address);

Event runAsLogonFailure(const model::Host &server, const std::string &domain, const std::string &user,
                        uint32_t win32Error, const std::string &clsid);
Event serverDidNotRegister(const model::Host &server, const std::string &clsid);
// 10014 of Vista and later: a remote activation of a COM+ server application refused because COM+
// network access is off; nullopt on Windows 2000 / XP / 2003, whose 10014 is the Limits event.
std::optional<Event> comPlusRemoteDisabled(const model::Host &server, const std::string &clsid);
Event hardeningRefused(const model::Host &server, const Logon &who, const std::string &address);
Event clientLevelTooLow(const model::Host &client, const std::string &program, const std::string &clsid,
                        const std::string &serverHost, int level, bool explicitLevel);

} // namespace dd::sim::events
