// Fix candidates per deciding step, and their proof by simulation (see Fixes.h). Sources of the
// remedies: the guide, chapters 2 ("Configuring DCOM for OPC") and 4 ("DCOM Errors by Numeric
// Code"); KB5004442 for the hardening.
#include "sim/Fixes.h"

#include "model/Defaults.h"
#include "winsec/Sddl.h"

#include <algorithm>
#include <fmt/format.h>

namespace dd::sim {

using model::iequals;

namespace {

constexpr const char *kGuide2 = "the guide, chapter 2 \"Configuring DCOM for OPC\"";
constexpr const char *kGuide4 = "the guide, chapter 4 \"DCOM Errors by Numeric Code\"";

model::Host *host(model::Plant &p, const std::string &name) { return p.findHost(name); }

model::ComServer *server(model::Host &h, const std::string &cls) {
  for (auto &s : h.servers)
    if (iequals(s.progid.value, cls) || iequals(s.clsid.value, cls) ||
        iequals(s.clsid.value, "{" + cls + "}"))
      return &s;
  return nullptr;
}

model::Provenance fixProvenance(const std::string &where) {
  return model::Provenance::plantFile("(proposed fix)", 0, where);
}

std::string bareName(const std::string &account) {
  auto pos = account.find('\\');
  return pos == std::string::npos ? account : account.substr(pos + 1);
}

// Adds `ace` (SDDL ACE text) to a descriptor slot; when the slot is empty, starts from `base`.
void addAce(std::optional<model::Descriptor> &slot, const std::string &base, const std::string &ace,
            const std::string &where) {
  std::string sddl = slot ? winsec::formatSddl(slot->sd) : base;
  sddl += ace;
  auto parsed = winsec::parseSddl(sddl);
  if (!parsed)
    return;
  slot = model::Descriptor{std::move(parsed).value(), sddl, fixProvenance(where)};
}

std::string userSid(const model::Plant &plant, const std::string &hostName, const std::string &account) {
  Tokens t(plant);
  int h = t.hostIndex(hostName);
  if (h < 0)
    return {};
  auto sid = t.sidOf(h, account);
  return sid ? sid->str() : std::string();
}

std::string firewallHowto(const std::string &name, const std::string &what, const std::string &remote) {
  return fmt::format("netsh advfirewall firewall add rule name=\"{}\" dir=in action=allow protocol=TCP {}{}", name, what,
                     remote.empty() ? "" : " remoteip=" + remote);
}

// The account a client runs as, as the plant names it on its own host.
struct Names {
  std::string clientHost, serverHost, cls, user, userBare, userLabel, serverExe, clientExe, clientAddr, serverAddr;
  std::string identity; // the server's RunAs account, when it is one
  bool userIsLocal = true;
};

Names namesOf(const model::Plant &plant, const Request &req, const ClientSpec &client) {
  Names n;
  const model::Host &c = plant.hosts[client.host];
  const model::Host *s = plant.findHost(req.serverHost);
  n.clientHost = c.name;
  n.serverHost = s ? s->name : req.serverHost;
  n.cls = req.serverClass;
  n.user = client.userName;
  n.userBare = bareName(client.userName);
  n.userIsLocal = client.user.kind == Principal::Kind::Local;
  if (client.user.kind == Principal::Kind::Local) {
    const auto &a = plant.hosts[client.user.host].users[client.user.account];
    n.userLabel = a.passwordLabel.value_or("");
  }
  n.clientExe = client.program ? client.program->exe.value : "";
  n.clientAddr = c.addresses.value.empty() ? "" : c.addresses.value[0];
  if (s) {
    n.serverAddr = s->addresses.value.empty() ? "" : s->addresses.value[0];
    if (const model::ComServer *x = s->findServer(req.serverClass)) {
      n.serverExe = x->exe.value;
      if (x->runAs.value.kind == model::RunAs::Kind::Account)
        n.identity = x->runAs.value.account;
    }
  }
  return n;
}

// Account fixes on `target` for an account `name` that must authenticate there with `label`.
void accountFixes(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &targetName,
                  const std::string &name, const std::string &label, const std::string &why) {
  const model::Host *t = plant.findHost(targetName);
  if (!t || name.empty())
    return;
  std::string bare = bareName(name);
  const model::Account *a = t->findUser(bare);
  if (!a) {
    if (label.empty())
      return;
    out.push_back({Fix{fmt::format("create the local account {} on {} with the same password as on the other computer "
                                   "(password label \"{}\"), password never expires, member of Users and Distributed COM "
                                   "Users ({})",
                                   bare, targetName, label, why),
                       fmt::format("on {}: net user {} * /add /passwordchg:no /expires:never & net localgroup \"Distributed "
                                   "COM Users\" {} /add & wmic useraccount where name='{}' set PasswordExpires=false",
                                   targetName, bare, bare, bare),
                       "the guide, chapter 2 \"Select or Create User Accounts\" (identical local accounts)"},
                   [=](model::Plant &p) {
                     model::Host *h = host(p, targetName);
                     model::Account acc;
                     acc.name = bare;
                     acc.passwordLabel = label;
                     acc.passwordNeverExpires = true;
                     acc.groups = {"Users", "Distributed COM Users"};
                     acc.from = fixProvenance("net user " + bare);
                     uint32_t rid = 1000;
                     while (std::any_of(h->users.begin(), h->users.end(), [&](const auto &u) { return u.rid == rid; }))
                       ++rid;
                     acc.rid = rid;
                     h->users.push_back(acc);
                   }});
    return;
  }
  if (a->locked)
    out.push_back({Fix{fmt::format("unlock {}\\{}", targetName, bare),
                       fmt::format("on {}: net user {} /active:yes (Local Users and Groups > {} > Properties > clear "
                                   "\"Account is locked out\")",
                                   targetName, bare, bare),
                       "Microsoft, event 4625 status 0xC0000234"},
                   [=](model::Plant &p) { host(p, targetName)->findUser(bare)->locked = false; }});
  if (!label.empty() && (!a->passwordLabel || *a->passwordLabel != label))
    out.push_back({Fix{fmt::format("give {}\\{} the same password as the account it must match (password label \"{}\"; "
                                   "now {})",
                                   targetName, bare, label, a->passwordLabel ? "\"" + *a->passwordLabel + "\"" : "not set"),
                       fmt::format("on {}: net user {} *   (type the same password as on the other computer)", targetName, bare),
                       "the guide, chapter 2 \"Select or Create User Accounts\" and chapter 4 \"Unknown User or Bad Password\""},
                   [=](model::Plant &p) { host(p, targetName)->findUser(bare)->passwordLabel = label; }});
  if (!a->enabled)
    out.push_back({Fix{fmt::format("enable {}\\{}", targetName, bare),
                       fmt::format("on {}: net user {} /active:yes", targetName, bare), "Microsoft, event 4625 status 0xC0000072"},
                   [=](model::Plant &p) { host(p, targetName)->findUser(bare)->enabled = true; }});
  if (a->passwordExpired)
    out.push_back({Fix{fmt::format("renew the expired password of {}\\{} (same password label) and set it never to expire",
                                   targetName, bare),
                       fmt::format("on {}: net user {} * & wmic useraccount where name='{}' set PasswordExpires=false",
                                   targetName, bare, bare),
                       "the guide, chapter 2: \"These service accounts must have password expiration disabled\""},
                   [=](model::Plant &p) {
                     auto *u = host(p, targetName)->findUser(bare);
                     u->passwordExpired = false;
                     u->passwordNeverExpires = true;
                   }});
  if (t->userRights.count("SeDenyNetworkLogonRight"))
    out.push_back({Fix{fmt::format("remove {} (and its groups) from \"Deny access to this computer from the network\" on {}",
                                   bare, targetName),
                       "secpol.msc > Local Policies > User Rights Assignment > Deny access to this computer from the network",
                       "Microsoft, event 4625 status 0xC000015B"},
                   [=](model::Plant &p) { host(p, targetName)->userRights.erase("SeDenyNetworkLogonRight"); }});
}

// Anonymous callers: the causes, not an ACE for ANONYMOUS LOGON (an "allow everything" recipe).
void anonymousFixes(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &target,
                    const std::string &caller, const ClientSpec &client) {
  const model::Host *t = plant.findHost(target);
  const model::Host *c = plant.findHost(caller);
  if (t && t->lsa.forceGuest.value)
    out.push_back({Fix{fmt::format("switch {} to the classic sharing model (ForceGuest = 0): local users authenticate as "
                                   "themselves",
                                   target),
                       "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa]\n"
                       "\"forceguest\"=dword:00000000\n(secpol.msc > Security Options > Network access: Sharing and security "
                       "model for local accounts = Classic)",
                       "the guide, chapter 2 \"Configure Local Security Settings\""},
                   [=](model::Plant &p) { host(p, target)->lsa.forceGuest = {false, fixProvenance("ForceGuest")}; }});
  for (const model::Host *h : {c, t}) {
    if (!h || h->dcom.legacyAuthenticationLevel.value != 1)
      continue;
    std::string n = h->name;
    out.push_back({Fix{fmt::format("set the default authentication level of {} to Connect (it is None)", n),
                       "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole]\n"
                       "\"LegacyAuthenticationLevel\"=dword:00000002\n(dcomcnfg > My Computer > Properties > Default "
                       "Properties > Default Authentication Level = Connect)",
                       "the guide, chapter 2 \"Authentication\": never None"},
                   [=](model::Plant &p) {
                     host(p, n)->dcom.legacyAuthenticationLevel = {2, fixProvenance("LegacyAuthenticationLevel")};
                   }});
  }
  for (const model::Host *h : {c, t}) {
    if (!h)
      continue;
    for (const auto &x : h->servers)
      if (x.authenticationLevel && x.authenticationLevel->value == 1) {
        std::string hn = h->name, cls = x.clsid.value;
        out.push_back({Fix{fmt::format("set the Authentication Level of {} on {} to Connect instead of None", x.progid.value, hn),
                           "dcomcnfg > DCOM Config > the server > Properties > General > Authentication Level = Connect "
                           "(or Default)",
                           "the guide, chapter 2 \"Authentication\": never None; chapter 4, 0x80040202"},
                       [=](model::Plant &p) { server(*host(p, hn), cls)->authenticationLevel->value = 2; }});
      }
  }
  if (client.program && client.program->authenticationLevel && client.program->authenticationLevel->value == 1) {
    std::string prog = client.program->name, ch = plant.hosts[client.host].name;
    out.push_back({Fix{fmt::format("configure client program {} to authenticate (Connect or higher) instead of None", prog),
                       "the program's own setting (vendor documentation): CoInitializeSecurity authentication level",
                       "the guide, chapter 2 \"Authentication\""},
                   [=](model::Plant &p) {
                     for (auto &cl : host(p, ch)->clients)
                       if (cl.name == prog)
                         cl.authenticationLevel = model::Fact<int>{2, fixProvenance("authentication_level")};
                   }});
  }
}

void aclFix(std::vector<FixCandidate> &out, const std::string &hostName, const std::string &account,
            const std::string &sid, const char *which, const char *dcomcnfgPath, const char *rights, const char *sddlRights,
            std::function<std::optional<model::Descriptor> &(model::Host &)> slot, const std::string &base,
            const std::string &source) {
  if (sid.empty())
    return;
  std::string ace = fmt::format("(A;;{};;;{})", sddlRights, sid);
  out.push_back({Fix{fmt::format("grant {} {} in {} on {}", account, rights, which, hostName),
                     fmt::format("dcomcnfg > {} > Add {}: Allow {} (adds {} to {})", dcomcnfgPath, account, rights, ace, which),
                     source},
                 [=](model::Plant &p) { addAce(slot(*host(p, hostName)), base, ace, which); }});
}

void groupFix(std::vector<FixCandidate> &out, const model::Plant &plant, const std::string &hostName,
              const std::string &account, const std::string &group, const std::string &why) {
  const model::Host *h = plant.findHost(hostName);
  if (!h || !h->findGroup(group))
    return;
  std::string bare = bareName(account);
  if (!h->findUser(bare) && account.find('\\') == std::string::npos)
    return;
  out.push_back({Fix{fmt::format("add {} to {}\\{} ({})", account, hostName, group, why),
                     fmt::format("on {}: net localgroup \"{}\" {} /add", hostName, group, account),
                     std::string(kGuide2) + " (Limits grant Distributed COM Users)"},
                 [=](model::Plant &p) {
                   model::Host *hh = host(p, hostName);
                   if (model::Account *a = hh->findUser(account))
                     a->groups.push_back(group);
                   else
                     hh->findGroup(group)->members.push_back(account);
                 }});
}

} // namespace

std::vector<FixCandidate> fixCandidates(const model::Plant &plant, const Request &req, const ClientSpec &client,
                                        const Outcome &o, bool adviseDir) {
  std::vector<FixCandidate> out;
  if (o.ok() || !o.step)
    return out;
  Names n = namesOf(plant, req, client);
  const model::Host *c = plant.findHost(n.clientHost);
  const model::Host *s = plant.findHost(n.serverHost);
  if (!c || !s)
    return out;
  const model::ComServer *x = s->findServer(req.serverClass);
  // The account on the server that the client's user maps to.
  std::string userOnServer = n.userIsLocal ? n.userBare : n.user;
  const std::string limitsLaunch = "My Computer > Properties > COM Security > Launch and Activation Permissions > Edit Limits";
  const std::string limitsAccess = "My Computer > Properties > COM Security > Access Permissions > Edit Limits";
  const std::string defaultAccess = "My Computer > Properties > COM Security > Access Permissions > Edit Default";

  switch (*o.step) {
  case Step::Local:
    break;
  case Step::EnableDcom:
    for (const model::Host *h : {c, s})
      if (!h->dcom.enableDcom.value) {
        std::string name = h->name;
        out.push_back({Fix{fmt::format("enable DCOM on {}", name),
                           "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole]\n"
                           "\"EnableDCOM\"=\"Y\"\n(dcomcnfg > My Computer > Properties > Default Properties > Enable "
                           "Distributed COM on this computer)",
                           std::string(kGuide2) + " \"Configure OPC Client Node DCOM Settings\" step 3a"},
                       [=](model::Plant &p) { host(p, name)->dcom.enableDcom = {true, fixProvenance("EnableDCOM")}; }});
      }
    break;
  case Step::Reachability:
  case Step::CallbackReachability: {
    const model::Host &target = adviseDir ? *c : *s;
    const model::Host &from = adviseDir ? *s : *c;
    std::string tn = target.name, fn = from.name;
    std::string fromAddr = from.addresses.value.empty() ? "" : from.addresses.value[0];
    std::string exe = adviseDir ? n.clientExe : n.serverExe;
    out.push_back({Fix{fmt::format("allow TCP 135 into {} from {}{}", tn, fn, fromAddr.empty() ? "" : " (" + fromAddr + ")"),
                       firewallHowto("DCOM TCP 135 from " + fn, "localport=135", fromAddr),
                       std::string(kGuide2) + " \"Configure Windows Firewall Settings\""},
                   [=](model::Plant &p) {
                     model::FirewallRule r;
                     r.name = "DCOM TCP 135 from " + fn;
                     r.ports.push_back({135, 135});
                     if (!fromAddr.empty())
                       r.remote = {fromAddr};
                     r.from = fixProvenance("firewall rule");
                     host(p, tn)->firewall.rules.push_back(r);
                   }});
    std::string what = exe.empty() ? std::string("the RPC dynamic ports") : exe;
    out.push_back({Fix{fmt::format("allow {} into {} from {} (a program exception)", what, tn, fn),
                       exe.empty() ? firewallHowto("DCOM dynamic ports from " + fn, "localport=RPC", fromAddr)
                                   : firewallHowto("OPC " + exe, "program=\"" + exe + "\"", fromAddr),
                       std::string(kGuide2) + " \"Configure Windows Firewall Settings\""},
                   [=](model::Plant &p) {
                     model::FirewallRule r;
                     r.name = "DCOM program from " + fn;
                     if (exe.empty())
                       r.rpcDynamic = true;
                     else
                       r.program = exe;
                     if (!fromAddr.empty())
                       r.remote = {fromAddr};
                     r.from = fixProvenance("firewall rule");
                     host(p, tn)->firewall.rules.push_back(r);
                   }});
    for (const model::Link &l : plant.links) {
      bool ours = (iequals(l.from, c->name) && iequals(l.to, s->name)) || (iequals(l.from, s->name) && iequals(l.to, c->name));
      if (!ours)
        continue;
      std::string lf = l.from, lt = l.to;
      if (l.nat.value)
        out.push_back({Fix{fmt::format("remove the NAT between {} and {} (route them directly or through a VPN)", lf, lt),
                           "network change: DCOM object references carry the hosts' own addresses",
                           std::string(kGuide4) + ", 0x80040202 \"NAT\""},
                       [=](model::Plant &p) {
                         for (auto &x2 : p.links)
                           if (iequals(x2.from, lf) && iequals(x2.to, lt))
                             x2.nat.value = false;
                       }});
      if (!l.reachable.value)
        out.push_back({Fix{fmt::format("restore the network path {} -> {}", lf, lt), "network change (routing, external firewall)", kGuide4},
                       [=](model::Plant &p) {
                         for (auto &x2 : p.links)
                           if (iequals(x2.from, lf) && iequals(x2.to, lt))
                             x2.reachable.value = true;
                       }});
      if (l.dns) {
        const model::Host *to = plant.findHost(lt);
        if (to && !to->addresses.value.empty()) {
          std::string addr = to->addresses.value[0];
          out.push_back({Fix{fmt::format("make {}'s DNS answer {}'s real address {} for {}", lf, lt, addr, lt),
                             fmt::format("fix the DNS record of {} (or add \"{} {}\" to {}'s hosts file)", lt, addr, lt, lf),
                             std::string(kGuide4) + ", 0x80040202 \"The DNS server ... incorrect IP address\""},
                         [=](model::Plant &p) {
                           for (auto &x2 : p.links)
                             if (iequals(x2.from, lf) && iequals(x2.to, lt))
                               x2.dns->value = addr;
                         }});
        }
      }
    }
    const model::Service *rpcss = target.findService("RpcSs");
    if (rpcss && !iequals(rpcss->state, "running"))
      out.push_back({Fix{fmt::format("start the Remote Procedure Call (RPC) service on {}", tn), "sc start RpcSs",
                         std::string(kGuide4) + ", 0x800706BA"},
                     [=](model::Plant &p) {
                       for (auto &sv : host(p, tn)->services)
                         if (iequals(sv.name, "RpcSs"))
                           sv.state = "running";
                     }});
    break;
  }
  case Step::Authentication:
    accountFixes(out, plant, s->name, userOnServer, n.userLabel, "NTLM needs the same name and password");
    break;
  case Step::Hardening: {
    std::string cn = c->name, sn = s->name;
    bool windowsClient = !client.program || client.program->stack.value == model::ClientStack::Windows;
    if (windowsClient && c->os.value.generation() == model::OsGeneration::VistaPlus) {
      out.push_back({Fix{fmt::format("raise explicit activation levels on {} too (RaiseActivationAuthenticationLevel = 2, "
                                     "the default since the 2022-11-08 update; or install that update)",
                                     cn),
                         "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\\AppCompat]\n"
                         "\"RaiseActivationAuthenticationLevel\"=dword:00000002",
                         "Microsoft KB5004442"},
                     [=](model::Plant &p) {
                       model::Host *h = host(p, cn);
                       h->dcom.raiseActivationAuthenticationLevel = model::Fact<int>{2, fixProvenance("RaiseActivationAuthenticationLevel")};
                       if (h->patched && h->patched->value < model::Date{2021, 6, 8})
                         h->patched->value = model::Date{2022, 11, 8};
                     }});
    }
    if (client.program) {
      std::string prog = client.program->name;
      out.push_back({Fix{fmt::format("configure client program {} to activate with Packet Integrity (5) or higher", prog),
                         "the program's own setting (vendor documentation): the COAUTHINFO / CoInitializeSecurity level",
                         "Microsoft KB5004442: \"raise the activation authentication level ... in client application\""},
                     [=](model::Plant &p) {
                       for (auto &cl : host(p, cn)->clients)
                         if (cl.name == prog) {
                           cl.activationAuthenticationLevel = model::Fact<int>{5, fixProvenance("activation_authentication_level")};
                           if (cl.authenticationLevel && cl.authenticationLevel->value < 5)
                             cl.authenticationLevel->value = 5;
                         }
                     }});
    }
    if (s->patched && s->patched->value < model::Date{2023, 3, 14})
      out.push_back({Fix{fmt::format("(temporary, weakens {}) turn the server-side hardening off on {} until the clients "
                                     "are fixed: RequireIntegrityActivationAuthenticationLevel = 0; ignored from the "
                                     "2023-03-14 update on",
                                     sn, sn),
                         "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole\\AppCompat]\n"
                         "\"RequireIntegrityActivationAuthenticationLevel\"=dword:00000000",
                         "Microsoft KB5004442"},
                     [=](model::Plant &p) {
                       host(p, sn)->dcom.requireIntegrityActivationAuthenticationLevel =
                           model::Fact<int>{0, fixProvenance("RequireIntegrityActivationAuthenticationLevel")};
                     }});
    break;
  }
  case Step::LaunchLimits: {
    anonymousFixes(out, plant, s->name, c->name, client);
    accountFixes(out, plant, s->name, userOnServer, n.userLabel, "the logon failed, so the caller became ANONYMOUS LOGON");
    std::string sn = s->name;
    if (s->lsa.localAccountTokenFilterPolicy.value == false && s->os.value.generation() == model::OsGeneration::VistaPlus)
      out.push_back({Fix{fmt::format("(weakens remote UAC) let local administrators keep their full token over the network "
                                     "on {}: LocalAccountTokenFilterPolicy = 1; better: use a non-administrator account in "
                                     "Distributed COM Users",
                                     sn),
                         "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\"
                         "CurrentVersion\\Policies\\System]\n\"LocalAccountTokenFilterPolicy\"=dword:00000001",
                         "Microsoft, \"User Account Control and remote restrictions\""},
                     [=](model::Plant &p) {
                       host(p, sn)->lsa.localAccountTokenFilterPolicy = {true, fixProvenance("LocalAccountTokenFilterPolicy")};
                     }});
    groupFix(out, plant, sn, userOnServer, "Distributed COM Users", "the Limits grant it Remote Launch and Activation");
    aclFix(out, sn, userOnServer, userSid(plant, sn, userOnServer), "MachineLaunchRestriction", limitsLaunch.c_str(),
           "Remote Launch and Remote Activation", "CCDCLCSWRP",
           [](model::Host &h) -> std::optional<model::Descriptor> & {
             return h.dcom.policyMachineLaunchRestriction ? h.dcom.policyMachineLaunchRestriction : h.dcom.machineLaunchRestriction;
           },
           model::defaultDescriptors(s->os.value).machineLaunchRestriction ? model::defaultDescriptors(s->os.value).machineLaunchRestriction : "O:BAG:BAD:",
           std::string(kGuide2) + " \"Configure OPC Client Node DCOM Settings\" step 4 (Limits)");
    break;
  }
  case Step::Registration:
    if (x) {
      std::string sn = s->name, cls = req.serverClass, exe = x->exe.value;
      if (x->preferredServerBitness)
        out.push_back({Fix{fmt::format("remove PreferredServerBitness from the AppID of {} on {} (or register the {}-bit "
                                       "server it asks for)",
                                       cls, sn, x->preferredServerBitness->value == 2 ? "32" : "64"),
                           fmt::format("reg delete \"HKLM\\SOFTWARE\\Classes\\AppID\\{}\" /v PreferredServerBitness /f",
                                       x->appid.value),
                           "Microsoft, PreferredServerBitness; " + std::string(kGuide4) + ", 0x80040154"},
                       [=](model::Plant &p) { server(*host(p, sn), cls)->preferredServerBitness.reset(); }});
      out.push_back({Fix{fmt::format("register {} on {} (in the {}-bit view)", cls, sn, x->view.value),
                         fmt::format("on {}: \"{}\" /RegServer (or reinstall the server)", sn, exe), std::string(kGuide4) + ", 0x80040154"},
                     [=](model::Plant &p) { server(*host(p, sn), cls)->registered.value = true; }});
    }
    break;
  case Step::LaunchPermission:
    anonymousFixes(out, plant, s->name, c->name, client);
    accountFixes(out, plant, s->name, userOnServer, n.userLabel, "the logon failed, so the caller became ANONYMOUS LOGON");
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      bool app = x->launchPermission.has_value();
      aclFix(out, sn, userOnServer, userSid(plant, sn, userOnServer), app ? "LaunchPermission" : "DefaultLaunchPermission",
             app ? "DCOM Config > the server > Properties > Security > Launch and Activation Permissions > Edit"
                 : "My Computer > Properties > COM Security > Launch and Activation Permissions > Edit Default",
             "Remote Launch and Remote Activation", "CCDCLCSWRP",
             [app, cls](model::Host &h) -> std::optional<model::Descriptor> & {
               return app ? server(h, cls)->launchPermission : h.dcom.defaultLaunchPermission;
             },
             model::defaultDescriptors(s->os.value).defaultLaunchPermission,
             std::string(kGuide2) + " \"Configure OPC Server Node DCOM Settings\" and chapter 4 \"Failed OPC Server Activation\"");
    }
    break;
  case Step::LaunchIdentity:
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      if (x->runAs.value.kind == model::RunAs::Kind::InteractiveUser) {
        out.push_back({Fix{fmt::format("set the Identity of {} to \"This user\" with a dedicated OPC account instead of "
                                       "\"Interactive User\" (or keep someone logged on at {}'s console)",
                                       cls, sn),
                           "dcomcnfg > DCOM Config > the server > Properties > Identity > This user",
                           std::string(kGuide4) + ", 0x8000401A"},
                       [=](model::Plant &p) {
                         model::Host *h = host(p, sn);
                         h->consoleUser = model::Fact<std::string>{"Administrator", fixProvenance("console user")};
                       }});
      } else if (x->runAs.value.kind == model::RunAs::Kind::Account) {
        std::string acct = x->runAs.value.account;
        const model::Account *a = s->findUser(bareName(acct));
        if (a && a->passwordLabel && (!x->runAsPasswordLabel || x->runAsPasswordLabel->value != *a->passwordLabel)) {
          std::string label = *a->passwordLabel;
          out.push_back({Fix{fmt::format("enter {}'s current password on the Identity tab of {}", acct, cls),
                             "dcomcnfg > DCOM Config > the server > Properties > Identity > This user: password",
                             std::string(kGuide2) + " \"Configure OPC Server Node DCOM Settings\" step 6"},
                         [=](model::Plant &p) {
                           server(*host(p, sn), cls)->runAsPasswordLabel = model::Fact<std::string>{label, fixProvenance("RunAs password")};
                         }});
        }
        std::string label = x->runAsPasswordLabel ? x->runAsPasswordLabel->value : std::string("identity");
        accountFixes(out, plant, sn, acct, label, "the server's Identity");
        if (!x->runAsPasswordLabel && !a)
          out.push_back({Fix{fmt::format("create {} on {} and enter its password on the Identity tab of {}", acct, sn, cls),
                             fmt::format("on {}: net user {} * /add; dcomcnfg > the server > Identity > This user", sn, acct), kGuide2},
                         [=](model::Plant &p) {
                           model::Host *h = host(p, sn);
                           model::Account acc;
                           acc.name = bareName(acct);
                           acc.passwordLabel = "identity";
                           acc.groups = {"Users"};
                           acc.rid = 1900;
                           h->users.push_back(acc);
                           server(*h, cls)->runAsPasswordLabel = model::Fact<std::string>{"identity", fixProvenance("RunAs password")};
                         }});
      }
    }
    break;
  case Step::Executable:
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      out.push_back({Fix{fmt::format("reinstall {} on {} so that {} exists", cls, sn, x->exe.value), "the vendor's installer",
                         std::string(kGuide4) + ", 0x8007007E"},
                     [=](model::Plant &p) { server(*host(p, sn), cls)->exePresent.value = true; }});
    }
    break;
  case Step::ExecutableAccess:
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      std::string who = x->runAs.value.kind == model::RunAs::Kind::Account ? x->runAs.value.account
                        : x->runAs.value.kind == model::RunAs::Kind::LaunchingUser ? userOnServer
                                                                                    : std::string("Users");
      std::string folder = x->exe.value;
      if (auto pos = folder.find_last_of('\\'); pos != std::string::npos)
        folder = folder.substr(0, pos);
      out.push_back({Fix{fmt::format("grant {} Read & Execute on the folder {}", who, folder),
                         fmt::format("icacls \"{}\" /grant {}:(OI)(CI)RX", folder, who),
                         std::string(kGuide2) + " \"Set Permissions for Directories containing OPC Executables\"; chapter 4, 0x80080005"},
                     [=](model::Plant &p) { server(*host(p, sn), cls)->exeReaders.value.push_back(who); }});
    }
    break;
  case Step::License:
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      out.push_back({Fix{fmt::format("install the license of {} on {}", cls, sn), "the vendor's license tool",
                         std::string(kGuide4) + ", 0x80040112"},
                     [=](model::Plant &p) { server(*host(p, sn), cls)->licensed.value = true; }});
    }
    break;
  case Step::ConnectionKind:
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      out.push_back({Fix{fmt::format("connect to {} the way it accepts ({}), e.g. name the node explicitly "
                                     "(/server=node::{}), or configure the server to accept both",
                                     cls, x->accepts.value == model::ConnectionKind::Local ? "local only" : "remote only", cls),
                         "the client's server node setting or the server's vendor configuration", std::string(kGuide4) + ", 0x80040111"},
                     [=](model::Plant &p) { server(*host(p, sn), cls)->accepts.value = model::ConnectionKind::Any; }});
    }
    break;
  case Step::Access:
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      anonymousFixes(out, plant, sn, c->name, client);
      std::string sid = userSid(plant, sn, userOnServer);
      groupFix(out, plant, sn, userOnServer, "Distributed COM Users", "the Limits grant it Remote Access");
      aclFix(out, sn, userOnServer, sid, "MachineAccessRestriction", limitsAccess.c_str(), "Remote Access", "CCDCLC",
             [](model::Host &h) -> std::optional<model::Descriptor> & {
               return h.dcom.policyMachineAccessRestriction ? h.dcom.policyMachineAccessRestriction : h.dcom.machineAccessRestriction;
             },
             "O:BAG:BAD:", std::string(kGuide4) + ", 0x80070005 (Limits)");
      bool app = x->accessPermission.has_value();
      aclFix(out, sn, userOnServer, sid, app ? "AccessPermission" : "DefaultAccessPermission",
             app ? "DCOM Config > the server > Properties > Security > Access Permissions > Edit" : defaultAccess.c_str(),
             "Local and Remote Access", "CCDCLC",
             [app, cls](model::Host &h) -> std::optional<model::Descriptor> & {
               return app ? server(h, cls)->accessPermission : h.dcom.defaultAccessPermission;
             },
             model::kComBuiltinAccessSddl, std::string(kGuide2) + " \"Configure OPC Server Node DCOM Settings\" (Access)");
    }
    break;
  case Step::Interface:
    if (x) {
      std::string sn = s->name, cls = req.serverClass;
      anonymousFixes(out, plant, sn, c->name, client);
      if (x->ownSecurity)
        out.push_back({Fix{fmt::format("add {} to {}'s own user list", userOnServer, cls), "the OPC server's own security configuration",
                           std::string(kGuide4) + ", 0x80004002"},
                       [=](model::Plant &p) { server(*host(p, sn), cls)->ownSecurity->value.push_back(userOnServer); }});
    }
    break;
  case Step::CallbackAuthentication:
    if (x) {
      // The server's identity must be known at the client: an identical local account.
      std::string ident = n.identity;
      std::string label = x->runAsPasswordLabel ? x->runAsPasswordLabel->value : std::string();
      if (!ident.empty() && ident.find('\\') == std::string::npos) {
        if (const model::Account *a = s->findUser(ident); a && a->passwordLabel)
          label = *a->passwordLabel;
        accountFixes(out, plant, c->name, ident, label, "the server's identity must authenticate at the client for callbacks");
      }
      anonymousFixes(out, plant, c->name, s->name, client);
    }
    break;
  case Step::CallbackAccess:
    anonymousFixes(out, plant, c->name, s->name, client);
    if (x) {
      std::string cn = c->name;
      std::string ident = n.identity.empty() ? userOnServer : n.identity;
      std::string sid = userSid(plant, cn, ident);
      groupFix(out, plant, cn, ident, "Distributed COM Users", "the Limits grant it Remote Access");
      aclFix(out, cn, ident, sid, "MachineAccessRestriction", limitsAccess.c_str(), "Remote Access", "CCDCLC",
             [](model::Host &h) -> std::optional<model::Descriptor> & {
               return h.dcom.policyMachineAccessRestriction ? h.dcom.policyMachineAccessRestriction : h.dcom.machineAccessRestriction;
             },
             "O:BAG:BAD:", std::string(kGuide4) + ", 0x80040202 (the client Limits)");
      aclFix(out, cn, ident, sid, "DefaultAccessPermission", defaultAccess.c_str(), "Local and Remote Access", "CCDCLC",
             [](model::Host &h) -> std::optional<model::Descriptor> & { return h.dcom.defaultAccessPermission; },
             model::kComBuiltinAccessSddl, std::string(kGuide4) + ", 0x80070005 (Advise): the system default ACL");
    }
    break;
  }
  return out;
}

namespace {

struct Node {
  model::Plant plant;
  std::vector<Fix> chain;
  std::vector<std::function<void(model::Plant &)>> applied; // the changes of `chain`, in order
  Outcome outcome;
};

std::optional<Outcome> simulateOn(const model::Plant &plant, const Request &req, bool adviseDir) {
  Simulator sim(plant);
  Request r = req;
  r.advise = adviseDir;
  auto p = sim.predict(r, Options{false, false});
  if (!p)
    return std::nullopt;
  return adviseDir ? *p->advise : p->connect;
}

std::vector<Fix> prove(const model::Plant &plant, const Request &req, const ClientSpec &client, const Outcome &start,
                       bool adviseDir) {
  std::vector<Fix> proven;
  std::vector<std::vector<std::string>> seen; // the sets of changes already reported
  std::vector<Node> frontier;
  frontier.push_back(Node{plant, {}, {}, start});
  int budget = 80; // simulations
  for (int depth = 1; depth <= 4 && proven.empty() && !frontier.empty(); ++depth) {
    std::vector<Node> next;
    for (const Node &node : frontier) {
      Simulator sim(node.plant);
      // Re-resolve the client in this plant (indices are the same; pointers are not).
      ClientSpec cs = client;
      if (client.program) {
        const model::Host &ch = node.plant.hosts[client.host];
        cs.program = ch.findClient(client.program->name);
      }
      cs.user = sim.tokens().resolve(client.host, client.userName);
      for (FixCandidate &cand : fixCandidates(node.plant, req, cs, node.outcome, adviseDir)) {
        if (--budget < 0)
          break;
        Node child{node.plant, node.chain, node.applied, {}};
        cand.apply(child.plant);
        child.applied.push_back(cand.apply);
        auto o = simulateOn(child.plant, req, adviseDir);
        if (!o)
          continue;
        child.chain.push_back(cand.fix);
        child.outcome = *o;
        if (o->ok()) {
          // Minimise: drop each change that is not needed for green.
          for (size_t drop = 0; child.chain.size() > 1 && drop < child.chain.size();) {
            model::Plant trial = plant;
            std::vector<size_t> keep;
            for (size_t k = 0; k < child.applied.size(); ++k)
              if (k != drop)
                keep.push_back(k);
            for (size_t k : keep)
              child.applied[k](trial);
            auto t = simulateOn(trial, req, adviseDir);
            if (t && t->ok()) {
              child.chain.erase(child.chain.begin() + static_cast<long>(drop));
              child.applied.erase(child.applied.begin() + static_cast<long>(drop));
            } else {
              ++drop;
            }
          }
          std::vector<std::string> key;
          for (const auto &f2 : child.chain)
            key.push_back(f2.summary);
          std::sort(key.begin(), key.end());
          if (std::find(seen.begin(), seen.end(), key) != seen.end())
            continue;
          seen.push_back(key);
          Fix f;
          for (size_t i = 0; i < child.chain.size(); ++i) {
            const Fix &step = child.chain[i];
            std::string prefix = child.chain.size() > 1 ? fmt::format("{}) ", i + 1) : "";
            f.summary += (i ? "; " : "") + prefix + step.summary;
            f.howto += (i ? "\n" : "") + prefix + step.howto;
            f.source += (i ? "; " : "") + step.source;
          }
          f.verified = true;
          f.verification = fmt::format("proven: simulating again with {} gives {} (green)",
                                       child.chain.size() > 1 ? "these changes" : "this change", hresultHex(0));
          proven.push_back(std::move(f));
          if (proven.size() >= 4)
            return proven;
        } else if (o->step && node.outcome.step && *o->step >= *node.outcome.step) {
          // Progress, or a partial fix of the same step (a firewall needs two rules): go on
          // from there; chains are minimised once green.
          if (next.size() < 8)
            next.push_back(std::move(child));
        }
      }
    }
    frontier = std::move(next);
  }
  return proven;
}

} // namespace

void proposeFixes(const model::Plant &plant, const Request &req, const ClientSpec &client, Prediction &p) {
  if (!p.connect.ok())
    p.connect.fixes = prove(plant, req, client, p.connect, false);
  if (p.advise && !p.advise->ok())
    p.advise->fixes = prove(plant, req, client, *p.advise, true);
}

} // namespace dd::sim
