#include "audit/AuditDescriptors.h"

#include "model/Settings.h"
#include "winsec/Sddl.h"

#include <fmt/format.h>

namespace dd::audit {

namespace com = winsec::com;

namespace {

std::optional<model::Descriptor> *mutableDescriptor(model::Host &h, DescriptorKey key) {
  auto &d = h.dcom;
  switch (key.which) {
  case DescriptorWhich::LaunchLimits: return &model::machineLaunchLimitsSlot(h);
  case DescriptorWhich::AccessLimits: return &model::machineAccessLimitsSlot(h);
  case DescriptorWhich::DefaultLaunch: return &d.defaultLaunchPermission;
  case DescriptorWhich::DefaultAccess: return &d.defaultAccessPermission;
  case DescriptorWhich::AppLaunch:
    return key.server < h.servers.size() ? &h.servers[key.server].launchPermission : nullptr;
  case DescriptorWhich::AppAccess:
    return key.server < h.servers.size() ? &h.servers[key.server].accessPermission : nullptr;
  }
  return nullptr;
}

bool isLaunch(DescriptorWhich w) {
  return w == DescriptorWhich::LaunchLimits || w == DescriptorWhich::DefaultLaunch || w == DescriptorWhich::AppLaunch;
}

} // namespace

std::string DescriptorRef::label() const {
  switch (k.which) {
  case DescriptorWhich::LaunchLimits: return policy ? "the launch Limits (policy)" : "the launch Limits";
  case DescriptorWhich::AccessLimits: return policy ? "the access Limits (policy)" : "the access Limits";
  case DescriptorWhich::DefaultLaunch: return "the default Launch and Activation Permissions";
  case DescriptorWhich::DefaultAccess: return "the default Access Permissions";
  case DescriptorWhich::AppLaunch: return "the Launch and Activation Permissions of " + server;
  case DescriptorWhich::AppAccess: return "the Access Permissions of " + server;
  }
  return "?";
}

std::string DescriptorRef::where() const {
  const char *ole = "HKLM\\SOFTWARE\\Microsoft\\Ole\\",
             *pol = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\\";
  switch (k.which) {
  case DescriptorWhich::LaunchLimits: return std::string(policy ? pol : ole) + "MachineLaunchRestriction";
  case DescriptorWhich::AccessLimits: return std::string(policy ? pol : ole) + "MachineAccessRestriction";
  case DescriptorWhich::DefaultLaunch: return std::string(ole) + "DefaultLaunchPermission";
  case DescriptorWhich::DefaultAccess: return std::string(ole) + "DefaultAccessPermission";
  case DescriptorWhich::AppLaunch:
  case DescriptorWhich::AppAccess:
    return descriptor && !descriptor->from.where.empty()
               ? descriptor->from.where
               : fmt::format("AppID of {} {}", server, isLaunch(k.which) ? "LaunchPermission" : "AccessPermission");
  }
  return "?";
}

std::string DescriptorRef::dcomcnfgPath() const {
  const char *computer = "My Computer > Properties > COM Security > ";
  switch (k.which) {
  case DescriptorWhich::LaunchLimits:
    return policy ? "Group Policy: DCOM: Machine Launch Restrictions in SDDL syntax"
                  : std::string(computer) + "Launch and Activation Permissions > Edit Limits";
  case DescriptorWhich::AccessLimits:
    return policy ? "Group Policy: DCOM: Machine Access Restrictions in SDDL syntax"
                  : std::string(computer) + "Access Permissions > Edit Limits";
  case DescriptorWhich::DefaultLaunch:
    return std::string(computer) + "Launch and Activation Permissions > Edit Default";
  case DescriptorWhich::DefaultAccess: return std::string(computer) + "Access Permissions > Edit Default";
  case DescriptorWhich::AppLaunch:
    return "DCOM Config > " + server + " > Properties > Security > Launch and Activation Permissions";
  case DescriptorWhich::AppAccess: return "DCOM Config > " + server + " > Properties > Security > Access Permissions";
  }
  return "?";
}

std::vector<DescriptorRef> descriptorsOf(const model::Host &h, std::initializer_list<DescriptorWhich> which) {
  std::vector<DescriptorRef> out;
  for (DescriptorWhich w : which) {
    com::PermissionKind kind = isLaunch(w) ? com::PermissionKind::Launch : com::PermissionKind::Access;
    bool policy = false;
    const model::Descriptor *d = nullptr;
    switch (w) {
    case DescriptorWhich::LaunchLimits:
      d = model::machineLaunchLimits(h);
      policy = h.dcom.policyMachineLaunchRestriction.has_value();
      break;
    case DescriptorWhich::AccessLimits:
      d = model::machineAccessLimits(h);
      policy = h.dcom.policyMachineAccessRestriction.has_value();
      break;
    case DescriptorWhich::DefaultLaunch:
      d = h.dcom.defaultLaunchPermission ? &*h.dcom.defaultLaunchPermission : nullptr;
      break;
    case DescriptorWhich::DefaultAccess:
      d = h.dcom.defaultAccessPermission ? &*h.dcom.defaultAccessPermission : nullptr;
      break;
    case DescriptorWhich::AppLaunch:
    case DescriptorWhich::AppAccess:
      for (size_t i = 0; i < h.servers.size(); ++i) {
        const auto &x = h.servers[i];
        const auto &own = w == DescriptorWhich::AppLaunch ? x.launchPermission : x.accessPermission;
        if (own)
          out.push_back(DescriptorRef{{w, i}, &*own, kind, x.progid.value, false});
      }
      continue;
    }
    if (d)
      out.push_back(DescriptorRef{{w, 0}, d, kind, {}, policy});
  }
  return out;
}

AceGrants grantsOf(const model::Descriptor &d, const winsec::Sid &sid, com::PermissionKind kind, uint32_t wanted) {
  AceGrants g;
  if (!d.sd.dacl)
    return g;
  for (const winsec::Ace &ace : d.sd.dacl->aces) {
    if (!ace.isAllow() || ace.sid != sid || (ace.flags & winsec::aceflags::InheritOnly))
      continue;
    uint32_t rights = com::effectiveComRights(ace.mask, kind) & wanted;
    if (!rights)
      continue;
    g.rights |= rights;
    g.aces.push_back(fmt::format("{} grants {}", winsec::formatSddlAce(ace), com::describeComRights(rights, kind)));
  }
  return g;
}

void stripGrants(model::Plant &plant, const std::string &hostName, DescriptorKey key, const winsec::Sid &sid,
                 uint32_t rights) {
  model::Host *h = plant.findHost(hostName);
  if (!h)
    return;
  std::optional<model::Descriptor> *slot = mutableDescriptor(*h, key);
  if (!slot || !*slot || !(*slot)->sd.dacl)
    return;
  model::Descriptor &d = **slot;
  com::PermissionKind kind = isLaunch(key.which) ? com::PermissionKind::Launch : com::PermissionKind::Access;
  auto &aces = d.sd.dacl->aces;
  for (auto it = aces.begin(); it != aces.end();) {
    if (it->isAllow() && it->sid == sid) {
      // Old-style EXECUTE-only ACEs grant everything: spell the rights out before clearing some.
      it->mask = (com::effectiveComRights(it->mask, kind) | (it->mask & ~uint32_t(0x1F))) & ~rights;
      if (!(it->mask & 0x1F) || it->mask == com::Execute) {
        it = aces.erase(it);
        continue;
      }
    }
    ++it;
  }
  d.sddl = winsec::formatSddl(d.sd);
  d.from = model::Provenance::plantFile("audit fix", 0, d.from.where);
}

} // namespace dd::audit
