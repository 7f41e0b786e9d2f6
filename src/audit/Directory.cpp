// Name resolution for the audit (see Directory.h).
#include "audit/Directory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "winsec/Sddl.h"
#include "winsec/Sid.h"
#include "model/Plant.h"
#include "model/PlantReader.h"

namespace dd::audit {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool isWellKnownPrefix(std::string_view sid) {
  // Machine and domain accounts (S-1-5-21-...) are site-specific: Windows has no fixed name.
  return !sid.starts_with("S-1-5-21-");
}

} // namespace

bool looksLikeGuid(std::string_view t) {
  if (t.size() == 38 && t.front() == '{' && t.back() == '}')
    t = t.substr(1, 36);
  if (t.size() != 36)
    return false;
  for (size_t i = 0; i < t.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? t[i] != '-' : !std::isxdigit(static_cast<unsigned char>(t[i])))
      return false;
  }
  return true;
}

std::string normaliseGuid(std::string_view text) {
  if (!looksLikeGuid(text))
    return upper(text);
  if (text.front() == '{')
    return upper(text);
  return "{" + upper(text) + "}";
}

void Directory::addServer(ServerEntry server) {
  if (!server.clsid.empty())
    byClsid_[normaliseGuid(server.clsid)] = server;
  if (!server.appid.empty())
    byAppid_[normaliseGuid(server.appid)] = server;
}

void Directory::addAccount(std::string_view sid, AccountEntry account) { bySid_[upper(sid)] = std::move(account); }

const ServerEntry *Directory::serverByClsid(std::string_view clsid) const {
  auto it = byClsid_.find(normaliseGuid(clsid));
  return it == byClsid_.end() ? nullptr : &it->second;
}

const ServerEntry *Directory::serverByAppid(std::string_view appid) const {
  auto it = byAppid_.find(normaliseGuid(appid));
  return it == byAppid_.end() ? nullptr : &it->second;
}

const AccountEntry *Directory::accountBySid(std::string_view sid) const {
  auto it = bySid_.find(upper(sid));
  return it == bySid_.end() ? nullptr : &it->second;
}

std::string Directory::serverName(const EventFacts &f) const {
  const ServerEntry *s = nullptr;
  if (!f.clsid.empty())
    s = serverByClsid(f.clsid);
  if (!s && !f.appid.empty())
    s = serverByAppid(f.appid);
  if (!s && !f.server.empty())
    s = serverByClsid(f.server);
  if (s)
    return s->host.empty() ? s->progid : fmt::format("{} on {}", s->progid, s->host);
  std::string_view id = !f.clsid.empty() ? std::string_view(f.clsid) : std::string_view(f.server);
  if (id.empty())
    return f.appid.empty() ? "an unnamed server" : fmt::format("AppID {}", f.appid);
  if (looksLikeGuid(id))
    return fmt::format("CLSID {}", id);
  return std::string(id); // a class name, as WinRT activations log it
}

std::string Directory::accountName(const EventFacts &f) const {
  if (!f.sid.empty())
    if (const AccountEntry *a = accountBySid(f.sid))
      return a->name;
  if (!f.user.empty())
    return f.account();
  if (!f.sid.empty() && isWellKnownPrefix(f.sid))
    if (auto sid = winsec::Sid::parse(f.sid))
      return winsec::displayName(*sid);
  return f.sid.empty() ? "an unnamed account" : f.sid;
}

std::string Directory::shortAccountName(const EventFacts &f) const {
  std::string full = accountName(f);
  if (full.starts_with("S-1-"))
    return full;
  size_t bs = full.rfind('\\');
  return bs == std::string::npos ? full : full.substr(bs + 1);
}

Result<Directory> directoryFromPlant(const std::filesystem::path &plantFile) {
  auto plant = model::readPlantFile(plantFile);
  if (!plant)
    return plant.error();
  Directory d;
  d.setPlantFile(plantFile.string());
  for (const model::Host &host : plant->hosts) {
    for (const model::ComServer &s : host.servers)
      d.addServer({s.progid.value, host.name, s.clsid.value, s.appid.value, s.from.origin()});
    for (const model::Account &a : host.users)
      d.addAccount(host.machineSid.value.withRid(a.rid).str(), {host.name + "\\" + a.name, a.from.origin()});
    for (const model::Group &g : host.groups)
      if (!g.builtin)
        d.addAccount(g.sid.str(), {host.name + "\\" + g.name, g.from.origin()});
  }
  for (const model::Domain &dom : plant->domains) {
    for (const model::Account &a : dom.users)
      d.addAccount(dom.sid.withRid(a.rid).str(), {dom.name + "\\" + a.name, a.from.origin()});
    for (const model::Group &g : dom.groups)
      d.addAccount(g.sid.str(), {dom.name + "\\" + g.name, g.from.origin()});
  }
  return d;
}

} // namespace dd::audit
