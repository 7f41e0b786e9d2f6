// The IIS configuration readers (see IisConfig.h). pugixml parses the XML; this file walks the
// elements IIS uses for anonymous access and ASP and turns each attribute into a Setting with its
// line. Sources of the property names, values and defaults:
//  - IIS 6: "Metabase Property Reference" (IIS 6.0 Technical Reference): AnonymousUserName,
//    AnonymousUserPass, AuthFlags, AspSessionTimeout, AspRunOnEndAnonymously, AspErrorsToNTLog,
//    LogonMethod, AppPoolId, AppRoot, AppPoolIdentityType, WAMUserName.
//  - IIS 7+: the configuration reference on learn.microsoft.com: system.webServer/security/
//    authentication/anonymousAuthentication (userName, password, logonMethod),
//    system.webServer/asp (runOnEndAnonymously, errorsToNTLog, <session timeout>),
//    system.applicationHost/applicationPools (<processModel identityType userName>), sites.
#include "model/iis/IisConfig.h"

#include "model/snapshot/TextLines.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>

namespace dd::model::iis {

using snapshot::iequals;

const char *logonMethodName(LogonMethod m) {
  switch (m) {
  case LogonMethod::Interactive: return "interactive (0)";
  case LogonMethod::Batch: return "batch (1)";
  case LogonMethod::Network: return "network (2)";
  case LogonMethod::NetworkCleartext: return "network cleartext (3)";
  }
  return "unknown";
}

namespace {

// The file as UTF-8 text with '\n' line ends, and the offset of each line for pugixml offsets.
struct XmlText {
  std::string text;
  std::vector<size_t> lineStarts;
  uint32_t lineAt(ptrdiff_t offset) const {
    auto it =
        std::upper_bound(lineStarts.begin(), lineStarts.end(), static_cast<size_t>(std::max<ptrdiff_t>(offset, 0)));
    return static_cast<uint32_t>(it - lineStarts.begin());
  }
};

// The file decoded (UTF-8 or UTF-16 with a BOM, as snapshot::decodeText reads) and parsed.
struct XmlFile {
  XmlText x;
  pugi::xml_document doc;
};

Result<std::unique_ptr<XmlFile>> load(std::span<const uint8_t> bytes, const std::string &source) {
  auto file = snapshot::decodeText(bytes, source);
  if (!file)
    return file.error();
  auto out = std::make_unique<XmlFile>();
  for (const auto &l : file->lines) {
    out->x.lineStarts.push_back(out->x.text.size());
    out->x.text += l.text;
    out->x.text += '\n';
  }
  auto parsed = out->doc.load_buffer(out->x.text.data(), out->x.text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed)
    return Error::atLine(source, out->x.lineAt(parsed.offset),
                         std::string("not well-formed XML: ") + parsed.description());
  return out;
}

// One element's view with the file and its line, for errors.
class Reader {
public:
  Reader(const XmlText &x, const std::string &source) : x_(x), source_(source) {}
  uint32_t line(const pugi::xml_node &n) const { return x_.lineAt(n.offset_debug()); }
  Error error(const pugi::xml_node &n, std::string message) const {
    return Error::atLine(source_, line(n), std::move(message));
  }

private:
  const XmlText &x_;
  const std::string &source_;
};

std::optional<bool> parseBool(std::string_view v) {
  if (iequals(v, "TRUE") || v == "1")
    return true;
  if (iequals(v, "FALSE") || v == "0")
    return false;
  return std::nullopt;
}

std::optional<long long> parseInt(std::string_view v) {
  long long out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty())
    return std::nullopt;
  return out;
}

uint64_t digestOf(std::string_view s) { // FNV-1a: equal blobs give equal digests
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::optional<LogonMethod> parseLogonMethod(std::string_view v) {
  if (auto i = parseInt(v)) {
    if (*i >= 0 && *i <= 3)
      return static_cast<LogonMethod>(*i);
    return std::nullopt;
  }
  if (iequals(v, "Interactive"))
    return LogonMethod::Interactive;
  if (iequals(v, "Batch"))
    return LogonMethod::Batch;
  if (iequals(v, "Network"))
    return LogonMethod::Network;
  if (iequals(v, "ClearText") || iequals(v, "NetworkCleartext"))
    return LogonMethod::NetworkCleartext;
  return std::nullopt;
}

// AuthFlags: "AuthAnonymous | AuthNTLM" or a number; true when AuthAnonymous (1) is on.
std::optional<bool> authAnonymous(std::string_view v) {
  if (auto i = parseInt(v))
    return (*i & 1) != 0;
  static constexpr std::string_view known[] = {"AuthAnonymous", "AuthBasic", "AuthNTLM", "AuthMD5", "AuthPassport"};
  bool anonymous = false;
  size_t start = 0;
  while (start <= v.size()) {
    size_t bar = v.find('|', start);
    std::string_view word =
        snapshot::trim(v.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (!word.empty()) {
      if (std::find_if(std::begin(known), std::end(known), [&](auto k) { return iequals(k, word); }) == std::end(known))
        return std::nullopt;
      anonymous = anonymous || iequals(word, "AuthAnonymous");
    }
    if (bar == std::string_view::npos)
      break;
    start = bar + 1;
  }
  return anonymous;
}

// One IIS 6 property (an attribute, or a <Custom Name= Value=> child) into the node.
Result<void> metabaseProperty(const Reader &r, const pugi::xml_node &at, std::string_view name, std::string_view value,
                              Node &node) {
  const uint32_t line = r.line(at);
  auto bad = [&](const char *expected) {
    return r.error(at,
                   std::string(name) + "=\"" + std::string(value) + "\" at " + node.path + ": expected " + expected);
  };
  auto boolean = [&](std::optional<Setting<bool>> &slot) -> Result<void> {
    auto b = parseBool(value);
    if (!b)
      return bad("TRUE or FALSE");
    slot = Setting<bool>{*b, line};
    return {};
  };
  if (iequals(name, "AnonymousUserName")) {
    node.anonymousUserName = Setting<std::string>{std::string(value), line};
  } else if (iequals(name, "AnonymousUserPass")) {
    node.anonymousUserPass = Setting<PasswordBlob>{PasswordBlob{digestOf(value), value.empty()}, line};
  } else if (iequals(name, "AuthFlags")) {
    auto a = authAnonymous(value);
    if (!a)
      return bad("AuthFlags words (AuthAnonymous | AuthBasic | AuthNTLM | AuthMD5 | AuthPassport) or a number");
    node.anonymousEnabled = Setting<bool>{*a, line};
  } else if (iequals(name, "AspSessionTimeout")) {
    auto i = parseInt(value);
    if (!i || *i < 1 || *i > 2000000)
      return bad("a number of minutes");
    node.aspSessionTimeout = Setting<int>{static_cast<int>(*i), line};
  } else if (iequals(name, "AspRunOnEndAnonymously")) {
    return boolean(node.aspRunOnEndAnonymously);
  } else if (iequals(name, "AspErrorsToNTLog")) {
    return boolean(node.aspErrorsToNTLog);
  } else if (iequals(name, "LogonMethod")) {
    auto m = parseLogonMethod(value);
    if (!m)
      return bad("0 (interactive), 1 (batch), 2 (network) or 3 (network cleartext)");
    node.logonMethod = Setting<LogonMethod>{*m, line};
  } else if (iequals(name, "AppPoolId")) {
    node.appPoolId = Setting<std::string>{std::string(value), line};
  } else if (iequals(name, "AppRoot")) {
    node.appRoot = Setting<std::string>{std::string(value), line};
  } else if (iequals(name, "Path")) {
    node.physicalPath = Setting<std::string>{std::string(value), line};
  }
  return {};
}

std::string poolIdentityName(long long type) {
  switch (type) {
  case 0: return "LocalSystem";
  case 1: return "LocalService";
  case 2: return "NetworkService";
  case 3: return "SpecificUser";
  default: return "";
  }
}

Result<void> metabaseKey(const Reader &r, const pugi::xml_node &e, IisConfig &out) {
  Node node;
  node.path = e.attribute("Location").value();
  node.keyType = e.name();
  node.line = r.line(e);
  for (const auto &a : e.attributes()) {
    if (auto ok = metabaseProperty(r, e, a.name(), a.value(), node); !ok)
      return ok.error();
  }
  for (const auto &c : e.children("Custom")) {
    if (auto ok = metabaseProperty(r, c, c.attribute("Name").value(), c.attribute("Value").value(), node); !ok)
      return ok.error();
  }
  if (iequals(node.keyType, "IIsApplicationPool")) {
    AppPool pool;
    std::string_view p = node.path;
    pool.name = std::string(p.substr(p.rfind('/') + 1));
    pool.line = node.line;
    pool.identityType = "NetworkService"; // AppPoolIdentityType default 2 (IIS 6.0 reference)
    if (auto t = e.attribute("AppPoolIdentityType"); !t.empty()) {
      auto i = parseInt(t.value());
      if (!i || poolIdentityName(*i).empty())
        return r.error(e, "AppPoolIdentityType=\"" + std::string(t.value()) + "\" at " + node.path +
                              ": expected 0 (LocalSystem), 1 (LocalService), 2 (NetworkService) or 3 (WAMUserName)");
      pool.identityType = poolIdentityName(*i);
    }
    pool.userName = e.attribute("WAMUserName").value();
    out.pools.push_back(std::move(pool));
  }
  out.nodes.push_back(std::move(node));
  return {};
}

} // namespace

std::vector<const Node *> IisConfig::chain(std::string_view path) const {
  std::vector<const Node *> out;
  auto isPrefix = [&](std::string_view p) {
    if (p.empty())
      return true;
    if (p.size() > path.size() || !iequals(p, path.substr(0, p.size())))
      return false;
    return p.size() == path.size() || path[p.size()] == '/' || p.back() == '/';
  };
  for (const auto &n : nodes)
    if (isPrefix(n.path))
      out.push_back(&n);
  std::stable_sort(out.begin(), out.end(),
                   [](const Node *a, const Node *b) { return a->path.size() < b->path.size(); });
  return out;
}

const AppPool *IisConfig::findPool(std::string_view name) const {
  for (const auto &p : pools)
    if (iequals(p.name, name))
      return &p;
  return nullptr;
}

Node *IisConfig::findNode(std::string_view path) {
  for (auto &n : nodes)
    if (iequals(n.path, path))
      return &n;
  return nullptr;
}

Result<IisConfig> parseMetabase(std::span<const uint8_t> bytes, const std::string &source) {
  auto file = load(bytes, source);
  if (!file)
    return file.error();
  Reader r((*file)->x, source);
  pugi::xml_node root = (*file)->doc.document_element();
  if (std::string_view(root.name()) != "configuration" || !root.child("MBProperty"))
    return Error::atLine(source, r.line(root),
                         "not an IIS 6 metabase: expected <configuration> with <MBProperty> "
                         "(%windir%\\system32\\inetsrv\\MetaBase.xml)");
  IisConfig out;
  out.version = IisVersion::Iis6;
  out.source = source;
  for (const auto &mb : root.children("MBProperty"))
    for (const auto &e : mb.children())
      if (e.type() == pugi::node_element && !e.attribute("Location").empty())
        if (auto ok = metabaseKey(r, e, out); !ok)
          return ok.error();
  return out;
}

// ------------------------------------------------------------------------------------------ IIS 7+

namespace {

// "00:20:00" (hh:mm:ss, optionally d.hh:mm:ss) -> minutes, rounded down, at least 0.
std::optional<int> timespanMinutes(std::string_view v) {
  long long days = 0;
  if (auto dot = v.find('.'); dot != std::string_view::npos && dot < v.find(':')) {
    auto d = parseInt(v.substr(0, dot));
    if (!d)
      return std::nullopt;
    days = *d;
    v = v.substr(dot + 1);
  }
  size_t c1 = v.find(':'), c2 = v.rfind(':');
  if (c1 == std::string_view::npos || c1 == c2)
    return std::nullopt;
  auto h = parseInt(v.substr(0, c1)), m = parseInt(v.substr(c1 + 1, c2 - c1 - 1)), s = parseInt(v.substr(c2 + 1));
  if (!h || !m || !s || *m > 59 || *s > 59 || *h < 0 || *m < 0 || *s < 0)
    return std::nullopt;
  return static_cast<int>(days * 1440 + *h * 60 + *m);
}

// system.webServer of the server level or of one <location>.
Result<void> webServer(const Reader &r, const pugi::xml_node &ws, Node &node) {
  if (auto anon = ws.child("security").child("authentication").child("anonymousAuthentication")) {
    const uint32_t line = r.line(anon);
    if (auto a = anon.attribute("enabled"); !a.empty()) {
      auto b = parseBool(a.value());
      if (!b)
        return r.error(anon,
                       "anonymousAuthentication enabled=\"" + std::string(a.value()) + "\": expected true or false");
      node.anonymousEnabled = Setting<bool>{*b, line};
    }
    if (auto a = anon.attribute("userName"); !a.empty())
      node.anonymousUserName = Setting<std::string>{a.value(), line};
    if (auto a = anon.attribute("password"); !a.empty())
      node.anonymousUserPass = Setting<PasswordBlob>{PasswordBlob{digestOf(a.value()), *a.value() == 0}, line};
    if (auto a = anon.attribute("logonMethod"); !a.empty()) {
      auto m = parseLogonMethod(a.value());
      if (!m)
        return r.error(anon, "anonymousAuthentication logonMethod=\"" + std::string(a.value()) +
                                 "\": expected Interactive, Batch, Network or ClearText");
      node.logonMethod = Setting<LogonMethod>{*m, line};
    }
  }
  if (auto asp = ws.child("asp")) {
    const uint32_t line = r.line(asp);
    auto boolean = [&](const char *name, std::optional<Setting<bool>> &slot) -> Result<void> {
      if (auto a = asp.attribute(name); !a.empty()) {
        auto b = parseBool(a.value());
        if (!b)
          return r.error(asp, std::string("asp ") + name + "=\"" + a.value() + "\": expected true or false");
        slot = Setting<bool>{*b, line};
      }
      return {};
    };
    if (auto ok = boolean("runOnEndAnonymously", node.aspRunOnEndAnonymously); !ok)
      return ok;
    if (auto ok = boolean("errorsToNTLog", node.aspErrorsToNTLog); !ok)
      return ok;
    if (auto session = asp.child("session")) {
      if (auto a = session.attribute("timeout"); !a.empty()) {
        auto m = timespanMinutes(a.value());
        if (!m)
          return r.error(session, "asp session timeout=\"" + std::string(a.value()) + "\": expected hh:mm:ss");
        node.aspSessionTimeout = Setting<int>{*m, r.line(session)};
      }
    }
  }
  return {};
}

void applicationPools(const Reader &r, const pugi::xml_node &pools, IisConfig &out) {
  out.defaultPoolIdentityType = "ApplicationPoolIdentity"; // IIS 7.5+ default (IIS 7.0: NetworkService)
  if (auto d = pools.child("applicationPoolDefaults").child("processModel"); !d.attribute("identityType").empty())
    out.defaultPoolIdentityType = d.attribute("identityType").value();
  for (const auto &add : pools.children("add")) {
    AppPool p;
    p.name = add.attribute("name").value();
    p.line = r.line(add);
    auto pm = add.child("processModel");
    p.identityType =
        pm.attribute("identityType").empty() ? out.defaultPoolIdentityType : pm.attribute("identityType").value();
    p.userName = pm.attribute("userName").value();
    out.pools.push_back(std::move(p));
  }
}

void sites(const Reader &r, const pugi::xml_node &sites, IisConfig &out) {
  out.defaultPool = sites.child("applicationDefaults").attribute("applicationPool").value();
  for (const auto &site : sites.children("site")) {
    std::string pool = site.child("applicationDefaults").attribute("applicationPool").value();
    for (const auto &app : site.children("application")) {
      Application a;
      a.site = site.attribute("name").value();
      a.siteId = static_cast<uint32_t>(site.attribute("id").as_uint());
      a.path = app.attribute("path").value();
      a.pool = app.attribute("applicationPool").empty() ? pool : app.attribute("applicationPool").value();
      a.line = r.line(app);
      out.applications.push_back(std::move(a));
    }
  }
}

} // namespace

Result<IisConfig> parseApplicationHost(std::span<const uint8_t> bytes, const std::string &source) {
  auto file = load(bytes, source);
  if (!file)
    return file.error();
  Reader r((*file)->x, source);
  pugi::xml_node root = (*file)->doc.document_element();
  if (std::string_view(root.name()) != "configuration")
    return Error::atLine(source, r.line(root),
                         "not an IIS configuration file: expected <configuration> "
                         "(%windir%\\system32\\inetsrv\\config\\applicationHost.config)");
  IisConfig out;
  out.version = IisVersion::Iis7;
  out.source = source;
  applicationPools(r, root.child("system.applicationHost").child("applicationPools"), out);
  sites(r, root.child("system.applicationHost").child("sites"), out);
  Node server;
  server.keyType = "system.webServer";
  if (auto ws = root.child("system.webServer")) {
    server.line = r.line(ws);
    if (auto ok = webServer(r, ws, server); !ok)
      return ok.error();
  }
  out.nodes.push_back(std::move(server));
  for (const auto &loc : root.children("location")) {
    Node node;
    node.path = loc.attribute("path").value();
    while (!node.path.empty() && node.path.back() == '/')
      node.path.pop_back();
    node.keyType = "location";
    node.line = r.line(loc);
    if (auto ok = webServer(r, loc.child("system.webServer"), node); !ok)
      return ok.error();
    out.nodes.push_back(std::move(node));
  }
  return out;
}

} // namespace dd::model::iis
