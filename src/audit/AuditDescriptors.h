// The DCOM security descriptors of a host as the audit names them: the Limits (the policy value
// when one exists, since it wins over the Ole value), the machine Defaults and each server's own
// Launch and Access permissions; what one grants a principal, and the change that takes it away.
#pragma once

#include "model/Plant.h"
#include "winsec/ComRights.h"

#include <initializer_list>
#include <string>
#include <vector>

namespace dd::audit {

enum class DescriptorWhich : uint8_t { LaunchLimits, AccessLimits, DefaultLaunch, DefaultAccess, AppLaunch, AppAccess };

// Which descriptor of a host: `server` is the index in host.servers for AppLaunch/AppAccess.
struct DescriptorKey {
  DescriptorWhich which;
  size_t server = 0;
};

struct DescriptorRef {
  DescriptorKey k;
  const model::Descriptor *descriptor = nullptr;
  winsec::com::PermissionKind kind;
  std::string server;  // the server's ProgID, for AppLaunch/AppAccess
  bool policy = false; // the Limits' policy value (HKLM\SOFTWARE\Policies\...\DCOM)

  DescriptorKey key() const { return k; }
  std::string label() const; // "the launch Limits", "Access Permissions of Acme.OPCDA.1"
  std::string where() const; // the registry value: "HKLM\SOFTWARE\Microsoft\Ole\MachineLaunchRestriction"
  std::string
  dcomcnfgPath() const; // "My Computer > Properties > COM Security > Launch and Activation Permissions > Edit Limits"
};

// The descriptors of `host` of the kinds in `which` that exist.
std::vector<DescriptorRef> descriptorsOf(const model::Host &host, std::initializer_list<DescriptorWhich> which);

struct AceGrants {
  uint32_t rights = 0;           // the COM rights of `wanted` that allow ACEs on the SID grant
  std::vector<std::string> aces; // those ACEs, as SDDL, with what they grant
};
AceGrants grantsOf(const model::Descriptor &d, const winsec::Sid &sid, winsec::com::PermissionKind kind,
                   uint32_t wanted);

// Takes `rights` away from every allow ACE on `sid` in the descriptor `key` of host `hostName`
// (dropping ACEs left with no right), as dcomcnfg does when a box is cleared.
void stripGrants(model::Plant &plant, const std::string &hostName, DescriptorKey key, const winsec::Sid &sid,
                 uint32_t rights);

} // namespace dd::audit
