// The parts of a snapshot, one function each (one file each), in the order collect runs them.
// Each writes its files into `out` and logs in collect-log.txt what it could not read.
#pragma once

#include "collect/Collect.h"
#include "collect/Output.h"

namespace dd::collect {

void collectRegistry(Output &out, const CollectOptions &options);  // RegistryPart.cpp
void collectSecurityPolicy(Output &out);                           // PolicyPart.cpp
void collectAccounts(Output &out);                                 // AccountsPart.cpp
void collectFirewall(Output &out);                                 // FirewallPart.cpp
void collectServices(Output &out, const CollectOptions &options);  // ServicesPart.cpp
void collectFolders(Output &out, const CollectOptions &options);   // FoldersPart.cpp
void collectHost(Output &out);                                     // HostPart.cpp
void collectIis(Output &out);                                      // HostPart.cpp
void collectComPlus(Output &out);                                  // ComPlusPart.cpp
void collectEventLogs(Output &out, const CollectOptions &options); // EventLogPart.cpp

} // namespace dd::collect
