// The COM+ catalog export reader (see ComPlusCatalog.h; the format is docs/license.md). Property
// names and values are COMAdminCatalog's (Microsoft, "COM+ Administration Collections":
// Applications, Roles, UsersInRole, Components, RolesForComponent, InterfacesForComponent,
// RolesForInterface, MethodsForInterface, RolesForMethod).
#include "model/complus/ComPlusCatalog.h"

#include "model/snapshot/TextLines.h"
#include "winsec/Sid.h"

#include <algorithm>
#include <charconv>

namespace dd::model::complus {

using snapshot::iequals;

Role *Application::findRole(std::string_view name) {
  for (auto &r : roles)
    if (iequals(r.name, name))
      return &r;
  return nullptr;
}
const Role *Application::findRole(std::string_view name) const {
  return const_cast<Application *>(this)->findRole(name);
}
const Component *Application::findComponent(std::string_view id) const {
  for (const auto &c : components)
    if (iequals(c.progId, id) || (!c.clsid.empty() && iequals(c.clsid, id)))
      return &c;
  return nullptr;
}
Application *Catalog::findApplication(std::string_view name) {
  for (auto &a : applications)
    if (iequals(a.name, name))
      return &a;
  return nullptr;
}
const Application *Catalog::findApplication(std::string_view name) const {
  return const_cast<Catalog *>(this)->findApplication(name);
}
const Application *Catalog::applicationOf(std::string_view id) const {
  for (const auto &a : applications)
    if (a.findComponent(id))
      return &a;
  return nullptr;
}

namespace {

std::vector<std::string> fields(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = line.find('|', start);
    out.emplace_back(
        snapshot::trim(line.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start)));
    if (bar == std::string_view::npos)
      return out;
    start = bar + 1;
  }
}

class Parser {
public:
  explicit Parser(const std::string &source) { catalog_.source = source; }

  Result<void> line(const std::vector<std::string> &f, uint32_t number) {
    line_ = number;
    const std::string &kind = f[0];
    if (kind == "application")
      return application(f);
    if (kind == "role")
      return role(f);
    if (kind == "member")
      return member(f);
    if (kind == "component")
      return component(f);
    if (kind == "component-role")
      return assignment(f, 4);
    if (kind == "interface-role")
      return assignment(f, 5);
    if (kind == "method-role")
      return assignment(f, 6);
    return fail("unknown fact \"" + kind +
                "\" (expected application, role, member, component, component-role, "
                "interface-role or method-role)");
  }
  Catalog take() { return std::move(catalog_); }

private:
  Catalog catalog_;
  uint32_t line_ = 0;

  Error fail(std::string message) const { return Error::atLine(catalog_.source, line_, std::move(message)); }
  Result<void> count(const std::vector<std::string> &f, size_t n, const char *shape) const {
    if (f.size() != n)
      return fail(f[0] + " has " + std::to_string(f.size()) + " fields, expected " + std::to_string(n) + ": " + shape);
    return {};
  }
  Result<Application *> app(const std::string &name) {
    Application *a = catalog_.findApplication(name);
    if (!a)
      return fail("application \"" + name + "\" is not declared on an earlier line (application | NAME | ...)");
    return a;
  }

  Result<void> application(const std::vector<std::string> &f) {
    if (f.size() == 2)
      return declare(f[1]).ok() ? Result<void>{} : Result<void>{fail("empty application name")};
    if (auto ok = count(f, 4, "application | NAME | PROPERTY | VALUE"); !ok)
      return ok;
    auto a = declare(f[1]);
    if (!a)
      return a.error();
    return property(**a, f[2], f[3]);
  }
  Result<Application *> declare(const std::string &name) {
    if (name.empty())
      return fail("empty application name");
    if (Application *a = catalog_.findApplication(name))
      return a;
    Application a;
    a.name = name;
    a.line = line_;
    catalog_.applications.push_back(std::move(a));
    return &catalog_.applications.back();
  }

  Result<void> property(Application &a, const std::string &name, const std::string &value) {
    auto integer = [&](Value<int> &slot, int lo, int hi) -> Result<void> {
      int v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || p != value.data() + value.size() || v < lo || v > hi)
        return fail(name + " is \"" + value + "\", expected " + std::to_string(lo) + " to " + std::to_string(hi));
      slot = Value<int>{v, line_};
      return {};
    };
    if (iequals(name, "ApplicationAccessChecksEnabled")) {
      if (iequals(value, "True") || value == "1")
        a.accessChecksEnabled = {true, line_};
      else if (iequals(value, "False") || value == "0")
        a.accessChecksEnabled = {false, line_};
      else
        return fail("ApplicationAccessChecksEnabled is \"" + value + "\", expected True or False");
      return {};
    }
    if (iequals(name, "AccessChecksLevel"))
      return integer(a.accessChecksLevel, 0, 1);
    if (iequals(name, "Activation"))
      return integer(a.activation, 0, 1);
    if (iequals(name, "Authentication"))
      return integer(a.authentication, 0, 6);
    if (iequals(name, "ImpersonationLevel"))
      return integer(a.impersonationLevel, 1, 4);
    if (iequals(name, "Identity")) {
      a.identity = {value, line_};
      return {};
    }
    return {}; // other COMAdmin properties are kept out of the model
  }

  Result<void> role(const std::vector<std::string> &f) {
    if (auto ok = count(f, 3, "role | APPLICATION | ROLE"); !ok)
      return ok;
    auto a = app(f[1]);
    if (!a)
      return a.error();
    if (f[2].empty())
      return fail("empty role name");
    if (!(*a)->findRole(f[2]))
      (*a)->roles.push_back(Role{f[2], {}, line_});
    return {};
  }

  Result<void> member(const std::vector<std::string> &f) {
    if (f.size() == 4) // no SID column: the export could not translate the name
      return member({f[0], f[1], f[2], f[3], ""});
    if (auto ok = count(f, 5, "member | APPLICATION | ROLE | NAME | SID"); !ok)
      return ok;
    auto a = app(f[1]);
    if (!a)
      return a.error();
    Role *r = (*a)->findRole(f[2]);
    if (!r)
      return fail("role \"" + f[2] + "\" of \"" + f[1] + "\" is not declared on an earlier line (role | APP | ROLE)");
    if (!f[4].empty() && !winsec::Sid::parse(f[4]))
      return fail("member \"" + f[3] + "\": \"" + f[4] + "\" is not a SID (S-1-...)");
    r->members.push_back(RoleMember{f[3], f[4], line_});
    return {};
  }

  Result<void> component(const std::vector<std::string> &f) {
    if (f.size() == 3)
      return component({f[0], f[1], f[2], ""});
    if (auto ok = count(f, 4, "component | APPLICATION | PROGID | CLSID"); !ok)
      return ok;
    auto a = app(f[1]);
    if (!a)
      return a.error();
    if (f[2].empty())
      return fail("empty component name");
    (*a)->components.push_back(Component{f[2], f[3], line_});
    return {};
  }

  Result<void> assignment(const std::vector<std::string> &f, size_t n) {
    static const char *shapes[] = {"component-role | APPLICATION | PROGID | ROLE",
                                   "interface-role | APPLICATION | PROGID | INTERFACE | ROLE",
                                   "method-role | APPLICATION | PROGID | INTERFACE | METHOD | ROLE"};
    if (auto ok = count(f, n, shapes[n - 4]); !ok)
      return ok;
    auto a = app(f[1]);
    if (!a)
      return a.error();
    if (!(*a)->findComponent(f[2]))
      return fail("component \"" + f[2] + "\" of \"" + f[1] + "\" is not declared on an earlier line");
    if (!(*a)->findRole(f.back()))
      return fail("role \"" + f.back() + "\" of \"" + f[1] + "\" is not declared on an earlier line");
    RoleAssignment r{f[2], n >= 5 ? f[3] : "", n == 6 ? f[4] : "", f.back(), line_};
    (*a)->assignments.push_back(std::move(r));
    return {};
  }
};

} // namespace

Result<Catalog> parseComPlusCatalog(std::span<const uint8_t> bytes, const std::string &source) {
  auto file = snapshot::decodeText(bytes, source);
  if (!file)
    return file.error();
  Parser p(source);
  for (const auto &l : file->lines) {
    std::string_view text = snapshot::trim(l.text);
    if (text.empty() || text[0] == '#')
      continue;
    if (auto ok = p.line(fields(text), static_cast<uint32_t>(l.number)); !ok)
      return ok.error();
  }
  return p.take();
}

} // namespace dd::model::complus
