// The code tables (see Codes.h). Sources: Microsoft Learn, "COM Error Codes" and "System Error
// Codes" (winerror.h symbols and texts); [MS-ERREF] 2.3 "NTSTATUS Values"; Microsoft Learn,
// "4625(F): An account failed to log on" (the Failure Reason strings %%2304-%%2313 and the
// statuses they go with) and "4624(S)" (%%1832-%%1843).
#include "catalog/Codes.h"
#include "support/Text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace dd::catalog {
namespace {

constexpr HResult kHResults[] = {
    {hr::E_NOINTERFACE, "E_NOINTERFACE", "No such interface supported"},
    {hr::CO_E_RUNAS_LOGON_FAILURE, "CO_E_RUNAS_LOGON_FAILURE",
     "The server process could not be started because the configured identity is incorrect. "
     "Check the user name and password."},
    {hr::RPC_E_DISCONNECTED, "RPC_E_DISCONNECTED", "The object invoked has disconnected from its clients."},
    {hr::RPC_E_REMOTE_DISABLED, "RPC_E_REMOTE_DISABLED", "Remote calls are not allowed for this process."},
    {hr::CLASS_E_CLASSNOTAVAILABLE, "CLASS_E_CLASSNOTAVAILABLE", "ClassFactory cannot supply requested class."},
    {hr::CLASS_E_NOTLICENSED, "CLASS_E_NOTLICENSED", "Class is not licensed for use."},
    {hr::REGDB_E_CLASSNOTREG, "REGDB_E_CLASSNOTREG", "Class not registered."},
    {hr::CONNECT_E_CANNOTCONNECT, "CONNECT_E_CANNOTCONNECT", ""}, // olectl.h: no system text
    {hr::E_ACCESSDENIED, "E_ACCESSDENIED", "Access is denied."},
    {hr::ERROR_MOD_NOT_FOUND, "ERROR_MOD_NOT_FOUND", "The specified module could not be found."},
    {hr::ERROR_SERVICE_DISABLED, "ERROR_SERVICE_DISABLED",
     "The service cannot be started, either because it is disabled or because it has no enabled "
     "devices associated with it."},
    {hr::ERROR_LOGON_FAILURE, "ERROR_LOGON_FAILURE", "The user name or password is incorrect."},
    {hr::RPC_S_SERVER_UNAVAILABLE, "RPC_S_SERVER_UNAVAILABLE", "The RPC server is unavailable."},
    {hr::RPC_S_CALL_FAILED, "RPC_S_CALL_FAILED", "The remote procedure call failed."},
    {hr::RPC_S_SEC_PKG_ERROR, "RPC_S_SEC_PKG_ERROR", "A security package specific error occurred."},
    {hr::OR_INVALID_OXID, "OR_INVALID_OXID", "The object exporter specified was not found."},
    {hr::CO_E_SERVER_EXEC_FAILURE, "CO_E_SERVER_EXEC_FAILURE", "Server execution failed."},
};

// Failure Reason strings of 4625 (msobjs.dll).
constexpr uint32_t kErrorDuringLogon = 2304, kLockedOut = 2307, kTypeNotGranted = 2308, kPasswordExpired = 2309,
                   kDisabled = 2310, kLogonHours = 2311, kWorkstation = 2312, kBadNameOrPassword = 2313,
                   kAccountExpired = 2305;

constexpr NtStatus kStatuses[] = {
    {status::NoLogonServers, "STATUS_NO_LOGON_SERVERS", kErrorDuringLogon},
    {status::NoSuchUser, "STATUS_NO_SUCH_USER", kBadNameOrPassword},
    {status::WrongPassword, "STATUS_WRONG_PASSWORD", kBadNameOrPassword},
    {status::LogonFailure, "STATUS_LOGON_FAILURE", kBadNameOrPassword},
    {status::AccountRestriction, "STATUS_ACCOUNT_RESTRICTION", kErrorDuringLogon},
    {0xC000006F, "STATUS_INVALID_LOGON_HOURS", kLogonHours},
    {0xC0000070, "STATUS_INVALID_WORKSTATION", kWorkstation},
    {status::PasswordExpired, "STATUS_PASSWORD_EXPIRED", kPasswordExpired},
    {status::AccountDisabled, "STATUS_ACCOUNT_DISABLED", kDisabled},
    {status::LogonTypeNotGranted, "STATUS_LOGON_TYPE_NOT_GRANTED", kTypeNotGranted},
    {0xC0000193, "STATUS_ACCOUNT_EXPIRED", kAccountExpired},
    {0xC0000224, "STATUS_PASSWORD_MUST_CHANGE", kErrorDuringLogon},
    {status::AccountLockedOut, "STATUS_ACCOUNT_LOCKED_OUT", kLockedOut},
};

constexpr Win32Error kWin32[] = {
    {5, "ERROR_ACCESS_DENIED", "Access is denied."},
    {126, "ERROR_MOD_NOT_FOUND", "The specified module could not be found."},
    {1058, "ERROR_SERVICE_DISABLED",
     "The service cannot be started, either because it is disabled or because it has no enabled "
     "devices associated with it."},
    {1326, "ERROR_LOGON_FAILURE", "The user name or password is incorrect."},
    {1330, "ERROR_PASSWORD_EXPIRED", "The password for this account has expired."},
    {1331, "ERROR_ACCOUNT_DISABLED", "This user can't sign in because this account is currently disabled."},
    {1722, "RPC_S_SERVER_UNAVAILABLE", "The RPC server is unavailable."},
    {1726, "RPC_S_CALL_FAILED", "The remote procedure call failed."},
    {1825, "RPC_S_SEC_PKG_ERROR", "A security package specific error occurred."},
    {1909, "ERROR_ACCOUNT_LOCKED_OUT", "The referenced account is currently locked out and may not be logged on to."},
    {1910, "OR_INVALID_OXID", "The object exporter specified was not found."},
};

constexpr InsertionString kInsertions[] = {
    {1832, "Identification"},
    {1833, "Impersonation"},
    {1840, "Delegation"},
    {1842, "Yes"},
    {1843, "No"},
    {kErrorDuringLogon, "An Error occured during Logon."},
    {kAccountExpired, "The specified user account has expired."},
    {2306, "The NetLogon component is not active."},
    {kLockedOut, "Account locked out."},
    {kTypeNotGranted, "The user has not been granted the requested logon type at this machine."},
    {kPasswordExpired, "The specified account's password has expired."},
    {kDisabled, "Account currently disabled."},
    {kLogonHours, "Account logon time restriction violation."},
    {kWorkstation, "User not allowed to logon at this computer."},
    {kBadNameOrPassword, "Unknown user name or bad password."},
};

template <class T, class Key, class Get>
const T *find(std::span<const T> table, Key key, Get get) {
  for (const T &row : table)
    if (get(row) == key)
      return &row;
  return nullptr;
}

template <class T>
const T *findSymbol(std::span<const T> table, std::string_view symbol) {
  for (const T &row : table)
    if (iequals(row.symbol, symbol))
      return &row;
  return nullptr;
}

} // namespace

std::optional<uint32_t> HResult::win32() const {
  if ((code & 0xFFFF0000u) == 0x80070000u)
    return code & 0xFFFFu;
  return std::nullopt;
}

const HResult *findHResult(uint32_t code) {
  return find<HResult>(kHResults, code, [](const HResult &h) { return h.code; });
}
const HResult *findHResult(std::string_view symbol) { return findSymbol<HResult>(kHResults, symbol); }
const NtStatus *findNtStatus(uint32_t code) {
  return find<NtStatus>(kStatuses, code, [](const NtStatus &s) { return s.code; });
}
const NtStatus *findNtStatus(std::string_view symbol) { return findSymbol<NtStatus>(kStatuses, symbol); }
const Win32Error *findWin32(uint32_t number) {
  return find<Win32Error>(kWin32, number, [](const Win32Error &w) { return w.number; });
}
const Win32Error *findWin32(std::string_view symbol) { return findSymbol<Win32Error>(kWin32, symbol); }
const InsertionString *findInsertionString(uint32_t id) {
  return find<InsertionString>(kInsertions, id, [](const InsertionString &s) { return s.id; });
}

std::span<const HResult> allHResults() { return kHResults; }
std::span<const NtStatus> allNtStatuses() { return kStatuses; }
std::span<const Win32Error> allWin32Errors() { return kWin32; }

std::string_view hresultSymbol(uint32_t code) {
  if (code == 0)
    return "S_OK";
  const HResult *h = findHResult(code);
  return h ? h->symbol : std::string_view(""); // a literal: data() is a C string
}

LogonStatus logonFailureStatus(uint32_t s) {
  uint32_t shown = (s == status::AccountDisabled || s == status::PasswordExpired)        ? status::AccountRestriction
                   : (s == status::AccountLockedOut || s == status::LogonTypeNotGranted) ? s
                                                                                         : status::LogonFailure;
  return {shown, shown == s ? 0 : s};
}

std::string_view failureReasonText(uint32_t s) {
  const NtStatus *n = findNtStatus(s);
  const InsertionString *text = findInsertionString(n ? n->failureReason : kErrorDuringLogon);
  return text ? text->text : std::string_view();
}

std::string hex(uint32_t code) { return fmt::format("0x{:08X}", code); }

std::optional<std::string_view> insertionText(std::string_view token) {
  if (token.starts_with("%%"))
    token.remove_prefix(2);
  uint32_t id = 0;
  auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), id);
  if (ec != std::errc() || p != token.data() + token.size() || token.empty())
    return std::nullopt;
  const InsertionString *s = findInsertionString(id);
  if (!s)
    return std::nullopt;
  return s->text;
}

std::string translateInsertions(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t at = text.find("%%", i);
    if (at == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, at - i));
    size_t end = at + 2;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
      ++end;
    auto translated = insertionText(text.substr(at, end - at));
    out.append(translated ? *translated : text.substr(at, end - at));
    i = end;
  }
  return out;
}

} // namespace dd::catalog
