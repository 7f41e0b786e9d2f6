// The files of `dcomdoctor fix` (see FixFiles.h). apply.ps1 keeps to the PowerShell subset of
// docs/fix.md (one statement a line; assignments, cmdlet calls with named parameters, `& x.exe`,
// if/else, try/catch, throw; no pipelines, no here-strings), which tests/fix checks.
#include "report/FixFiles.h"

#include "registry/Registry.h"
#include "registry/Text.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace dd::report {

namespace {

// One change on one host, with the fix and the pair it is for.
struct HostChange {
  const sim::Change *change;
  size_t fix; // index in plan.fixes
};

std::vector<uint8_t> bytesOf(const std::string &text) { return {text.begin(), text.end()}; }

// CRLF line ends, as Windows tools expect in a text file.
std::string crlf(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += '\r';
    out += c;
  }
  return out;
}

std::string psRegistryPath(const std::string &key) { // HKLM\X -> HKLM:\X
  auto pos = key.find('\\');
  return pos == std::string::npos ? key + ":" : key.substr(0, pos) + ":" + key.substr(pos);
}

bool needsSidAtRunTime(const sim::Change &c) { return c.ace.find("%SID%") != std::string::npos; }

// The parts of apply.ps1 for one change: the backup, the change, its undo.
struct PsParts {
  std::vector<std::string> backup, apply;
  std::vector<std::vector<std::string>> rollback; // one block a change, undone in reverse order
};

void registryParts(PsParts &ps, const sim::Change &c, const std::string &id) {
  ps.rollback.emplace_back();
  std::string path = psQuote(psRegistryPath(c.key())), name = psQuote(c.valueName);
  ps.backup.push_back(
      fmt::format("$state['{}'] = Get-ItemProperty -Path {} -Name {} -ErrorAction SilentlyContinue", id, path, name));
  if (needsSidAtRunTime(c))
    ps.apply.push_back(fmt::format("Write-Warning -Message {}",
                                   psQuote("by hand, once the account exists: " + c.describe() + " (steps.txt)")));
  ps.rollback.back().push_back(fmt::format("if ($null -eq $state['{}']) {{", id));
  ps.rollback.back().push_back(
      fmt::format("  Remove-ItemProperty -Path {} -Name {} -ErrorAction SilentlyContinue", path, name));
  ps.rollback.back().push_back("} else {");
  ps.rollback.back().push_back(
      fmt::format("  Set-ItemProperty -Path {} -Name {} -Value $state['{}'].{}", path, name, id, c.valueName));
  ps.rollback.back().push_back("}");
}

void accountParts(PsParts &ps, const sim::Change &c, const std::string &id) {
  ps.rollback.emplace_back();
  std::string name = psQuote(c.account);
  ps.backup.push_back(fmt::format("$state['{}'] = Get-LocalUser -Name {} -ErrorAction SilentlyContinue", id, name));
  ps.apply.push_back(fmt::format("$password{} = Read-Host -Prompt {} -AsSecureString", id,
                                 psQuote(fmt::format("Password for {} (the same as {})", c.account, c.passwordOf))));
  if (c.kind == sim::Change::Kind::Password) {
    ps.apply.push_back(fmt::format("Set-LocalUser -Name {} -Password $password{}", name, id));
  } else {
    ps.apply.push_back(fmt::format("if ($null -eq $state['{}']) {{", id));
    ps.apply.push_back(
        fmt::format("  $null = New-LocalUser -Name {} -Password $password{} -PasswordNeverExpires", name, id));
    for (const std::string &g : c.groups)
      ps.apply.push_back(fmt::format("  Add-LocalGroupMember -Group {} -Member {}", psQuote(g), name));
    ps.apply.push_back("} else {");
    ps.apply.push_back(fmt::format("  Set-LocalUser -Name {} -Password $password{}", name, id));
    ps.apply.push_back("}");
    ps.rollback.back().push_back(fmt::format("if ($null -eq $state['{}']) {{", id));
    ps.rollback.back().push_back(fmt::format("  Remove-LocalUser -Name {}", name));
    ps.rollback.back().push_back("}");
  }
  ps.rollback.back().push_back(
      fmt::format("Write-Warning -Message {}", psQuote("a password that was changed cannot be restored: if " +
                                                       c.account + " existed, set its password by hand")));
}

void groupParts(PsParts &ps, const sim::Change &c, const std::string &id) {
  ps.rollback.emplace_back();
  std::string group = psQuote(c.group), member = psQuote(c.account);
  ps.backup.push_back(fmt::format(
      "$state['{}'] = Get-LocalGroupMember -Group {} -Member {} -ErrorAction SilentlyContinue", id, group, member));
  ps.apply.push_back(fmt::format("if ($null -eq $state['{}']) {{", id));
  ps.apply.push_back(fmt::format("  Add-LocalGroupMember -Group {} -Member {}", group, member));
  ps.apply.push_back("}");
  ps.rollback.back().push_back(fmt::format("if ($null -eq $state['{}']) {{", id));
  ps.rollback.back().push_back(
      fmt::format("  Remove-LocalGroupMember -Group {} -Member {} -ErrorAction SilentlyContinue", group, member));
  ps.rollback.back().push_back("}");
}

void rightParts(PsParts &ps) {
  ps.rollback.emplace_back();
  std::string backup = "(Join-Path -Path $here -ChildPath 'backup-user-rights.inf')";
  std::string db = "(Join-Path -Path $here -ChildPath 'secedit.sdb')";
  ps.backup.push_back("& secedit.exe /export /cfg " + backup + " /areas USER_RIGHTS");
  ps.apply.push_back("& secedit.exe /configure /db " + db +
                     " /cfg (Join-Path -Path $here -ChildPath 'user-rights.inf') /areas USER_RIGHTS");
  ps.rollback.back().push_back("& secedit.exe /configure /db " + db + " /cfg " + backup + " /areas USER_RIGHTS");
}

void firewallParts(PsParts &ps, const sim::Change &c, const std::string &id) {
  ps.rollback.emplace_back();
  const model::FirewallRule &r = *c.rule;
  std::string name = psQuote(r.name);
  ps.backup.push_back(
      fmt::format("$state['{}'] = Get-NetFirewallRule -DisplayName {} -ErrorAction SilentlyContinue", id, name));
  std::string args = fmt::format("-DisplayName {} -Direction Inbound -Action Allow -Protocol {}", name, r.protocol);
  if (r.rpcDynamic)
    args += " -LocalPort RPC";
  else if (r.rpcEndpointMapper)
    args += " -LocalPort RPC-EPMap";
  for (size_t i = 0; i < r.ports.size(); ++i)
    args += (i ? "," : " -LocalPort ") + (r.ports[i].first == r.ports[i].last
                                              ? std::to_string(r.ports[i].first)
                                              : fmt::format("'{}-{}'", r.ports[i].first, r.ports[i].last));
  if (r.program)
    args += " -Program " + psQuote(*r.program);
  for (size_t i = 0; i < r.remote.size(); ++i)
    args += (i ? ", " : " -RemoteAddress ") + psQuote(r.remote[i]);
  ps.apply.push_back(fmt::format("if ($null -eq $state['{}']) {{", id));
  ps.apply.push_back("  $null = New-NetFirewallRule " + args);
  ps.apply.push_back("}");
  ps.rollback.back().push_back(fmt::format("if ($null -eq $state['{}']) {{", id));
  ps.rollback.back().push_back(
      fmt::format("  Remove-NetFirewallRule -DisplayName {} -ErrorAction SilentlyContinue", name));
  ps.rollback.back().push_back("}");
}

void serviceParts(PsParts &ps, const sim::Change &c, const std::string &id) {
  ps.rollback.emplace_back();
  std::string filter = "\"Name='" + c.service + "'\"";
  std::string account = ".\\" + c.account;
  ps.backup.push_back(
      fmt::format("$state['{}'] = (Get-CimInstance -ClassName Win32_Service -Filter {}).StartName", id, filter));
  ps.apply.push_back(fmt::format("$password{} = Read-Host -Prompt {} -AsSecureString", id,
                                 psQuote("Password of " + account + " for the service " + c.service)));
  ps.apply.push_back(fmt::format("$credential{} = New-Object -TypeName System.Management.Automation.PSCredential "
                                 "-ArgumentList {}, $password{}",
                                 id, psQuote(account), id));
  ps.apply.push_back(fmt::format("$service{} = Get-CimInstance -ClassName Win32_Service -Filter {}", id, filter));
  ps.apply.push_back(fmt::format("$null = Invoke-CimMethod -InputObject $service{} -MethodName Change -Arguments @{{ "
                                 "StartName = {}; StartPassword = $credential{}.GetNetworkCredential().Password }}",
                                 id, psQuote(account), id));
  ps.rollback.back().push_back(
      fmt::format("$service{} = Get-CimInstance -ClassName Win32_Service -Filter {}", id, filter));
  ps.rollback.back().push_back(
      fmt::format("$null = Invoke-CimMethod -InputObject $service{} -MethodName Change -Arguments "
                  "@{{ StartName = $state['{}']; StartPassword = '' }}",
                  id, id));
}

std::string applyScript(const std::string &host, const std::vector<HostChange> &changes, bool hasReg) {
  PsParts ps;
  size_t n = 0;
  bool right = false;
  for (const HostChange &hc : changes) {
    const sim::Change &c = *hc.change;
    std::string id = fmt::format("c{}", ++n);
    switch (c.kind) {
    case sim::Change::Kind::RegistryValue: registryParts(ps, c, id); break;
    case sim::Change::Kind::Account:
    case sim::Change::Kind::Password: accountParts(ps, c, id); break;
    case sim::Change::Kind::GroupMember: groupParts(ps, c, id); break;
    case sim::Change::Kind::UserRight:
      if (!right)
        rightParts(ps);
      right = true;
      break;
    case sim::Change::Kind::FirewallRule: firewallParts(ps, c, id); break;
    case sim::Change::Kind::ServiceLogon: serviceParts(ps, c, id); break;
    case sim::Change::Kind::ComponentSetting:
      ps.apply.push_back("Write-Warning -Message " + psQuote("by hand: " + c.what + " (steps.txt)"));
      break;
    }
  }
  if (hasReg) {
    ps.apply.insert(ps.apply.begin(), {"& reg.exe import (Join-Path -Path $here -ChildPath 'changes.reg')",
                                       "if ($LASTEXITCODE -ne 0) {", "  throw 'reg import changes.reg failed'", "}"});
  }
  std::string out =
      fmt::format("# dcomdoctor fix: the changes for {}, made by dcomdoctor (see steps.txt and ..\\README.txt).\n"
                  "# Run in an elevated PowerShell on {}:  .\\apply.ps1      undo:  .\\apply.ps1 -Rollback\n"
                  "# It first saves what it changes to backup.xml beside it; -Rollback restores from there.\n"
                  "# It asks for passwords (Read-Host -AsSecureString) and never holds one in this file.\n",
                  host, host);
  out += "param([switch]$Rollback)\n$ErrorActionPreference = 'Stop'\n";
  out += "$here = Split-Path -Parent -Path $MyInvocation.MyCommand.Path\n";
  out += "$backupFile = Join-Path -Path $here -ChildPath 'backup.xml'\n";
  out += "if ($Rollback) {\n  $state = Import-Clixml -Path $backupFile\n";
  for (auto block = ps.rollback.rbegin(); block != ps.rollback.rend(); ++block)
    for (const std::string &l : *block)
      out += "  " + l + "\n";
  out += "  Remove-Item -Path $backupFile\n  Write-Host -Object 'rolled back'\n} else {\n";
  out += "  if (Test-Path -Path $backupFile) {\n"
         "    throw 'backup.xml exists: these changes were applied already (.\\apply.ps1 -Rollback first)'\n  }\n";
  out += "  $state = @{}\n";
  for (const std::string &l : ps.backup)
    out += "  " + l + "\n";
  out += "  Export-Clixml -Path $backupFile -InputObject $state\n  try {\n";
  for (const std::string &l : ps.apply)
    out += "    " + l + "\n";
  out += "  } catch {\n"
         "    Write-Warning -Message ('a change failed; undo what was made with .\\apply.ps1 -Rollback: ' + "
         "$_.Exception.Message)\n    throw\n  }\n";
  out += "  Write-Host -Object 'applied'\n}\n";
  return out;
}

std::string userRightsInf(const std::vector<HostChange> &changes) {
  std::string out = "[Unicode]\nUnicode=yes\n[Version]\nsignature=\"$CHICAGO$\"\nRevision=1\n[Privilege Rights]\n";
  for (const HostChange &hc : changes)
    if (hc.change->kind == sim::Change::Kind::UserRight)
      out += hc.change->right + " = \n";
  return out;
}

std::vector<uint8_t> utf16File(const std::string &text) {
  std::vector<uint8_t> out{0xFF, 0xFE};
  registry::text::utf8ToUtf16(crlf(text), out);
  return out;
}

std::string stepsText(const sim::Plan &plan, const std::string &host, const std::vector<HostChange> &changes) {
  std::string out = fmt::format("The changes on {} by hand, in the order apply.ps1 makes them.\n\n", host);
  size_t n = 0;
  for (const HostChange &hc : changes) {
    const sim::Change &c = *hc.change;
    out += fmt::format("{}. {}\n", ++n, c.describe());
    if (!c.ui.empty())
      out += fmt::format("   where: {}\n", c.ui);
    out += fmt::format("   for: {}\n", plan.fixes[hc.fix].pair);
  }
  out += "\nThe fixes these changes belong to, with their source:\n";
  std::vector<size_t> fixes;
  for (const HostChange &hc : changes)
    if (std::find(fixes.begin(), fixes.end(), hc.fix) == fixes.end())
      fixes.push_back(hc.fix);
  for (size_t f : fixes) {
    const sim::Fix &fix = plan.fixes[f].fix;
    out += fmt::format("- {}\n  how: {}\n  source: {}\n", fix.summary, fix.howto, fix.source);
  }
  return out;
}

std::string proofText(const sim::Plan &plan) {
  std::string out = fmt::format("Proof: the plant with these changes applied, simulated again.\n\n"
                                "wanted pairs: {}; red before: {}; red after: {}\n\n",
                                plan.wanted, plan.redBefore, plan.redAfter);
  for (const sim::PairResult &p : plan.pairs) {
    out += fmt::format("{}\n  before: {}\n  after:  {}\n", p.label, p.before, p.after);
    if (!p.green)
      out += fmt::format("  why it is still red: {}\n", p.why);
  }
  if (plan.redNotListed)
    out += fmt::format("... and {} more pairs still red\n", plan.redNotListed);
  if (!plan.greenByBefore.empty())
    out += "\npairs that were red and work with these changes, by how they failed before:\n";
  for (const auto &[before, count] : plan.greenByBefore)
    out += fmt::format("  {} pair{}: {}\n", count, count == 1 ? "" : "s", before);
  if (!plan.unwanted.empty())
    out += "\nunwanted pairs (must not work):\n";
  for (const sim::PairResult &p : plan.unwanted)
    out += fmt::format("{}\n  before: {}\n  after:  {}{}\n", p.label, p.before, p.after,
                       p.green ? " (" + p.why + ")" : "");
  out += "\nThe fixes taken, each proven on the plant as it was when it was taken:\n";
  for (size_t i = 0; i < plan.fixes.size(); ++i) {
    const sim::PlannedFix &f = plan.fixes[i];
    out += fmt::format("{}. for {} ({}):\n   {}\n   {}\n", i + 1, f.pair, f.before, f.fix.summary, f.fix.verification);
    for (const sim::Change &c : f.fix.changes)
      out += fmt::format("   - {}\n", c.describe());
  }
  return out;
}

} // namespace

std::string psQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::vector<uint8_t> regFileOf(const model::Host &after, const std::vector<sim::Change> &changes) {
  registry::Registry reg;
  std::vector<std::string> keys;
  for (const sim::Change &c : changes) {
    if (c.kind != sim::Change::Kind::RegistryValue || needsSidAtRunTime(c) || !iequals(c.host, after.name))
      continue;
    auto data = sim::registryData(after, c);
    if (!data)
      continue;
    registry::Key k = reg.createKey(c.key());
    reg.setValue(k, c.valueName, data->type, data->bytes);
    std::string path = k.path();
    if (std::find(keys.begin(), keys.end(), path) == keys.end())
      keys.push_back(path);
  }
  std::sort(keys.begin(), keys.end());
  std::vector<uint8_t> out;
  const std::string header = "Windows Registry Editor Version 5.00\r\n\r\n";
  const size_t headerBytes = 2 + header.size() * 2; // BOM and UTF-16 units (ASCII)
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i && keys[i].starts_with(keys[i - 1] + "\\")) // exported with its parent
      continue;
    auto bytes = registry::exportReg(reg, keys[i]);
    if (!bytes)
      continue;
    out.insert(out.end(), bytes->begin() + static_cast<long>(out.empty() ? 0 : headerBytes), bytes->end());
  }
  return out;
}

std::vector<OutputFile> fixFiles(const sim::Plan &plan, const std::string &command) {
  std::vector<std::string> hosts;
  std::map<std::string, std::vector<HostChange>> byHost;
  for (size_t f = 0; f < plan.fixes.size(); ++f)
    for (const sim::Change &c : plan.fixes[f].fix.changes) {
      if (!byHost.count(c.host))
        hosts.push_back(c.host);
      byHost[c.host].push_back(HostChange{&c, f});
    }
  std::vector<OutputFile> out;
  std::string readme = fmt::format("dcomdoctor fix: the changes that make these pairs work.\n\ncommand: {}\n\n"
                                   "One folder per host. On each host, in an elevated PowerShell, run apply.ps1 from "
                                   "its folder (it backs up what it changes to backup.xml, then applies; "
                                   "apply.ps1 -Rollback restores), or import changes.reg and follow steps.txt by "
                                   "hand. proof.txt shows each pair before and after.\n\n",
                                   command);
  for (const std::string &h : hosts) {
    const std::vector<HostChange> &changes = byHost[h];
    std::vector<sim::Change> list;
    bool right = false;
    for (const HostChange &hc : changes) {
      list.push_back(*hc.change);
      right = right || hc.change->kind == sim::Change::Kind::UserRight;
    }
    const model::Host *after = plan.after.findHost(h);
    std::vector<uint8_t> reg = after ? regFileOf(*after, list) : std::vector<uint8_t>{};
    readme += fmt::format("{}/: {} change{}\n", h, changes.size(), changes.size() == 1 ? "" : "s");
    if (!reg.empty())
      out.push_back({h + "/changes.reg", std::move(reg)});
    out.push_back({h + "/apply.ps1",
                   bytesOf(crlf(applyScript(h, changes, !out.empty() && out.back().path == h + "/changes.reg")))});
    if (right)
      out.push_back({h + "/user-rights.inf", utf16File(userRightsInf(changes))});
    out.push_back({h + "/steps.txt", bytesOf(crlf(stepsText(plan, h, changes)))});
  }
  if (hosts.empty())
    readme += "No change is needed or none was found (proof.txt says which).\n";
  out.push_back({"README.txt", bytesOf(crlf(readme))});
  out.push_back({"proof.txt", bytesOf(crlf(proofText(plan)))});
  return out;
}

} // namespace dd::report
