// The facts of collect.cmd's wmic files that no language translates, as the snapshot reader
// takes them: an account's Disabled and Lockout (`wmic useraccount`), and the computer's domain
// membership and console user (`wmic computersystem`: Domain, DomainRole, PartOfDomain,
// UserName). Where they are present, the translated words of `net user NAME` ("Account active"),
// `query user` (STATE) and systeminfo ("OS Configuration") are not needed (docs/snapshot.md,
// Languages).
//
// Values: wmic prints booleans as TRUE/FALSE, PowerShell's Get-CimInstance (collect.cmd where
// wmic is gone) as True/False; DomainRole is Win32_ComputerSystem's number (Microsoft's
// Win32_ComputerSystem documentation): 0 standalone workstation, 1 member workstation,
// 2 standalone server, 3 member server, 4 backup domain controller, 5 primary domain controller.
#pragma once

#include "model/Plant.h"
#include "model/snapshot/NetUser.h"
#include "model/snapshot/SnapshotFolder.h"
#include "model/snapshot/WmicList.h"
#include "support/Result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

// One account's Disabled and Lockout, with their lines.
struct WmicAccountState {
  std::string name;
  bool disabled = false;
  bool lockout = false;
  size_t disabledLine = 0;
  size_t lockoutLine = 0;
};

// The accounts of wmic-useraccount.txt whose record has both Disabled and Lockout (a file
// written without them, by an older collect.cmd, gives none).
struct WmicAccountStates {
  std::vector<WmicAccountState> accounts;
  const WmicAccountState *find(std::string_view name) const;
};

// Errors (file:line): Disabled or Lockout neither TRUE nor FALSE.
Result<WmicAccountStates> readWmicAccountStates(const WmicList &list);
// Those of wmic-useraccount.txt (none when the folder lacks it).
Result<WmicAccountStates> readWmicAccountStatesFile(const Folder &f);

// The account's enabled (not Disabled) and locked (Lockout) from wmic, with their lines. They win
// over `net user NAME`'s "Account active" (`net`, when read and known): a disagreement is noted
// in the folder's gaps.
void takeAccountState(const Folder &f, Account &a, const WmicAccountState &s, const NetUserDetails *net);

// What wmic-computersystem.txt says. A property the file lacks (or DomainRole, PartOfDomain
// printed empty) is absent; UserName present and empty is nobody at the console.
struct ComputerSystem {
  std::optional<WmicRecord::Entry> name;
  std::optional<WmicRecord::Entry> domain;
  std::optional<WmicRecord::Entry> userName;
  std::optional<int> domainRole; // 0-5
  size_t domainRoleLine = 0;
  std::optional<bool> partOfDomain;
  size_t partOfDomainLine = 0;
};

// Errors (file:line): no record, or more than one; DomainRole not 0-5; PartOfDomain neither TRUE
// nor FALSE.
Result<ComputerSystem> readComputerSystem(const WmicList &list);

// "Standalone Workstation", ... "Primary Domain Controller" (systeminfo's English words).
std::string_view domainRoleName(int domainRole);

// The model's `domain` from wmic-computersystem.txt: "" when the computer is in a workgroup,
// else the first label of Domain in capitals ("capsule.corp" -> "CAPSULE"). Membership from
// DomainRole (1, 3, 4, 5), else PartOfDomain; nullopt when the file has neither (or no Domain
// for a member).
std::optional<Fact<std::string>> domainOf(const Folder &f, const ComputerSystem &cs);

// The console user from UserName: "" for nobody; "HOST\name" (this computer) shortened to
// "name" as the model names local accounts; "DOMAIN\name" kept. nullopt when the file has no
// UserName property (then query-user.txt tells).
std::optional<Fact<std::string>> consoleUserOf(const Folder &f, const ComputerSystem &cs, std::string_view hostName);

// wmic-computersystem.txt when the folder has it, read (nullopt when it is not there).
Result<std::optional<ComputerSystem>> readComputerSystemFile(const Folder &f);

} // namespace dd::model::snapshot
