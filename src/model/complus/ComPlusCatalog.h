// The COM+ catalog export: the applications, roles, role members and role assignments that
// decide whether a caller may call a COM+ component. Windows has no command that writes them to
// a file, so dcomdoctor defines one (docs/license.md#the-com-catalog-export): UTF-8 text, one fact
// per line, fields separated by " | ", written by collect/complus-export.ps1 over
// COMAdmin.COMAdminCatalog (collect.cmd runs it) or by hand:
//
//   # dcomdoctor COM+ catalog export 1
//   application | Wonderware SuiteVoyager | ApplicationAccessChecksEnabled | True
//   application | Wonderware SuiteVoyager | AccessChecksLevel | 1
//   role | Wonderware SuiteVoyager | Read Only User
//   member | Wonderware SuiteVoyager | Read Only User | Everyone | S-1-1-0
//   component | Wonderware SuiteVoyager | WWLicense.Release.1 | {CLSID}
//   component-role | Wonderware SuiteVoyager | WWLicense.Release.1 | Read Only User
//   interface-role | APP | PROGID | INTERFACE | ROLE
//   method-role | APP | PROGID | INTERFACE | METHOD | ROLE
#pragma once

#include "support/Result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::complus {

template <class T>
struct Value {
  T value{};
  uint32_t line = 0; // 0: the COMAdmin default (never written)
};

struct RoleMember {
  std::string name; // as the catalog keeps it: "Everyone", "WIS01\IUSR_WIS01"
  std::string sid;  // "S-1-1-0"; "" when the export could not translate the name
  uint32_t line = 0;
};

struct Role {
  std::string name;
  std::vector<RoleMember> members;
  uint32_t line = 0;
};

// A role assigned to a component, to one of its interfaces, or to one of its methods.
struct RoleAssignment {
  std::string component;  // ProgID (or CLSID) as exported
  std::string interface_; // "" for the component
  std::string method;     // "" for the component or the interface
  std::string role;
  uint32_t line = 0;
};

struct Component {
  std::string progId;
  std::string clsid;
  uint32_t line = 0;
};

struct Application {
  std::string name;
  uint32_t line = 0;
  // COMAdminCatalog Applications collection properties, with COMAdmin's defaults.
  Value<bool> accessChecksEnabled{true};           // ApplicationAccessChecksEnabled
  Value<int> accessChecksLevel{1};                 // AccessChecksLevel: 0 process, 1 component (default)
  Value<int> activation{1};                        // Activation: 0 library (Inproc), 1 server (Local)
  Value<int> authentication{6};                    // Authentication: 0 default .. 6 packet privacy (COMAdmin default 6)
  Value<int> impersonationLevel{3};                // ImpersonationLevel: 1 anonymous .. 4 delegate (default 3)
  Value<std::string> identity{"Interactive User"}; // Identity
  std::vector<Role> roles;
  std::vector<Component> components;
  std::vector<RoleAssignment> assignments;

  Role *findRole(std::string_view name);
  const Role *findRole(std::string_view name) const;
  const Component *findComponent(std::string_view progIdOrClsid) const;
};

struct Catalog {
  std::string source;
  std::vector<Application> applications;

  Application *findApplication(std::string_view name);
  const Application *findApplication(std::string_view name) const;
  // The application holding the component (ProgID or CLSID), or nullptr.
  const Application *applicationOf(std::string_view progIdOrClsid) const;
};

// Errors (file:line): an unknown fact kind; a fact with the wrong number of fields; a value
// that is not what the property holds (AccessChecksLevel 2, ApplicationAccessChecksEnabled
// "maybe"); a role, member, component or assignment naming an application, role or component
// not declared on an earlier line; a member SID that is not a SID.
Result<Catalog> parseComPlusCatalog(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::complus
