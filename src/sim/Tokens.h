// Who the caller is on the target host (docs/model.md#authentication): resolving an account
// name to a principal, and the logon that turns it into a Windows token on a host: local
// (same host), network (NTLM/Kerberos: same name and password label, domain accounts and
// trusts, failures 0xC0000064/6A/72/71/234/15B, the XP/2003 anonymous fallback, remote UAC), or
// anonymous (level None, ForceGuest). Results are cached per (principal, target, kind): a
// 1,000-host matrix asks the same question millions of times.
#pragma once

#include "catalog/Codes.h"
#include "model/Plant.h"
#include "support/U64Map.h"
#include "winsec/AccessCheck.h"

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace dd::sim {

struct Principal {
  enum class Kind : uint8_t { Local, Domain, System, LocalService, NetworkService, Anonymous, Unknown };
  Kind kind = Kind::Unknown;
  int32_t host = -1;    // Local: index of its home host in plant.hosts
  int32_t domain = -1;  // Domain: index in plant.domains
  int32_t account = -1; // index in the host's or domain's users
  std::string name;     // as written ("opcuser", "LINE3\opc", "LocalSystem")

  uint64_t key() const {
    return (uint64_t(kind) << 56) ^ (uint64_t(uint32_t(host + 1)) << 36) ^ (uint64_t(uint32_t(domain + 1)) << 24) ^
           uint64_t(uint32_t(account + 1));
  }
  bool known() const { return kind != Kind::Unknown; }
};

// NTSTATUS codes of a failed logon, as 4625/680 print them.
namespace status = catalog::status;        // NTSTATUS of failed logons by name (catalog/Codes.h)
const char *statusText(uint32_t ntstatus); // "Unknown user name or bad password." ...

// "the same password", "different passwords" or "the plant states no password for HOST\name":
// how two accounts' password labels compare, in words. Labels are never printed: a user may have
// typed the real password as a label.
std::string passwordComparison(const model::Account &a, std::string_view aHome, const model::Account &b,
                               std::string_view bHome);

enum class LogonKind : uint8_t { Local, Network };

struct Logon {
  uint32_t id = 0;        // index in the cache: the key of access-check results
  bool ok = true;         // the caller has a token (possibly anonymous after a fallback)
  uint32_t status = 0;    // NTSTATUS of the failed logon, 0 when it succeeded
  bool anonymous = false; // the token is ANONYMOUS LOGON
  bool fallback = false;  // the logon failed and the unsecured retry went on as ANONYMOUS LOGON
  bool filtered = false;  // remote UAC: Administrators deny-only
  winsec::Token token;
  std::string domainName;            // as events print it: "OPCSRV", "LINE3", "NT AUTHORITY"
  std::string userName;              // "opcuser", "ANONYMOUS LOGON"
  std::string sid;                   // "S-1-5-21-...-1001"
  std::string accountHome;           // where the account was validated: "OPCSRV", "LINE3"
  std::string failedUser;            // after an unsecured retry: the account whose logon failed
  std::string failedDomain;          // the domain of a domain account whose logon failed (4625 "Account Domain")
  std::vector<std::string> evidence; // why, in Windows words, with provenance
  std::string display() const { return domainName + "\\" + userName; }
};

class Tokens {
public:
  explicit Tokens(const model::Plant &plant);

  // "opcuser" (a local account of `home`), "LINE3\opc", ".\opcuser", "HOST\opcuser",
  // "LocalSystem", "NT AUTHORITY\NetworkService", ... Unknown when no such account exists.
  Principal resolve(int home, std::string_view name) const;

  // The token of `who` on host `target`. Network logons at `levelNone` (effective level None)
  // are anonymous. `unsecuredRetry`: when the logon fails, the caller (a Windows client's DCOM
  // SCM activating without COAUTHINFO) retries without security and goes on as ANONYMOUS LOGON.
  // The reference stays valid for the life of this object.
  // `shared`: the matrix's fast path may share the logon of every local account with the same
  // name and password label at `target` (their tokens there are the same; only the evidence
  // text would name another source host).
  const Logon &logon(const Principal &who, int target, LogonKind kind, bool levelNone, bool unsecuredRetry = false,
                     bool shared = false);

  // The token of the account a server runs as (a batch/service logon on its own host).
  const Logon &processToken(const Principal &who, int host) { return logon(who, host, LogonKind::Local, false); }

  // True when `names` (exe_readers, own_security: group or account names) includes the
  // token's user or one of its enabled groups, resolved on `host`.
  bool tokenMatchesAny(const Logon &logon, int host, const std::vector<std::string> &names) const;

  // The SID `name` stands for on `host` (local account or group, domain principal, well-known
  // name, SID string); nullopt when unknown.
  std::optional<winsec::Sid> sidOf(int host, std::string_view name) const;

  // "BUILTIN\Distributed COM Users", "OPCSRV\OPCUsers", "LINE3\Domain Users", "Everyone".
  std::string nameOf(int host, const winsec::Sid &sid) const;

  const model::Plant &plant() const { return plant_; }
  int hostIndex(std::string_view name) const;

private:
  const model::Plant &plant_;
  std::deque<Logon> logons_;
  U64Map<uint32_t> cache_;                                   // (principal id, target, flags) -> index in logons_
  U64Map<uint32_t> principalIds_;                            // Principal::key() (bit 63: shared) -> dense principal id
  std::unordered_map<std::string, uint32_t> canonicalNames_; // "name\x1flabel" -> shared id

  Logon compute(const Principal &who, int target, LogonKind kind, bool levelNone, bool unsecuredRetry) const;
  Logon serviceAccountLogon(const Principal &who, int target, LogonKind kind) const;
  struct Validated {
    const model::Account *source = nullptr;  // the caller's own account
    const model::Account *account = nullptr; // the account the target validated; null: none
    const model::Domain *domain = nullptr;   // the caller's domain (domain accounts)
    bool domainAccount = false;              // validated as a domain account
    uint32_t status = 0;                     // NTSTATUS, 0 when it succeeded
  };
  Validated validate(const Principal &who, int target, bool network, Logon &logon) const;
  Logon failedLogon(Logon logon, uint32_t status, int target, bool unsecuredRetry, std::string retryWhy) const;
  void buildToken(Logon &logon, const Validated &v, int target, LogonKind kind) const;
  void filterRemoteAdmin(Logon &logon, const model::Account &account, int target) const;
  Logon anonymousLogon(int target, std::string why) const;
  void addLocalGroups(Logon &logon, int target, const std::vector<std::string> &accountGroups,
                      const std::vector<winsec::Sid> &principalSids, LogonKind kind) const;
  uint32_t checkAccount(const model::Account &account, const model::Account *source, bool comparePasswords) const;
  bool deniedNetworkLogon(const Logon &logon, int target, std::string &why) const;
};

} // namespace dd::sim
