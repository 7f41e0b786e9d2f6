// The codes Windows reports, as Windows names and words them: HRESULTs (winerror.h), NTSTATUS
// values of the Security log's logon failures ([MS-ERREF] 2.3), Win32 error numbers (System
// Error Codes), and the %%NNNN insertion strings the Security log writes in place of a text
// (msobjs.dll). One table each; everything else that names or words a code asks here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dd::catalog {

struct HResult {
  uint32_t code = 0;
  std::string_view symbol;  // "E_ACCESSDENIED"
  std::string_view message; // the system's text ("Access is denied."); empty when it has none
  // The Win32 error number of a FACILITY_WIN32 HRESULT (0x8007xxxx), else nullopt.
  std::optional<uint32_t> win32() const;
};

struct NtStatus {
  uint32_t code = 0;
  std::string_view symbol;    // "STATUS_WRONG_PASSWORD"
  uint32_t failureReason = 0; // the %%NNNN "Failure Reason" 4625 writes for it (2313)
};

struct Win32Error {
  uint32_t number = 0;
  std::string_view symbol;  // "ERROR_LOGON_FAILURE"
  std::string_view message; // "The user name or password is incorrect."
};

// A %%NNNN insertion string of the Security log (msobjs.dll) and its English text.
struct InsertionString {
  uint32_t id = 0;
  std::string_view text;
};

namespace hr {
constexpr uint32_t S_OK_ = 0x00000000;
constexpr uint32_t E_NOINTERFACE = 0x80004002;
constexpr uint32_t CO_E_RUNAS_LOGON_FAILURE = 0x8000401A;
constexpr uint32_t RPC_E_DISCONNECTED = 0x80010108;
constexpr uint32_t RPC_E_REMOTE_DISABLED = 0x8001011C;
constexpr uint32_t CLASS_E_CLASSNOTAVAILABLE = 0x80040111;
constexpr uint32_t CLASS_E_NOTLICENSED = 0x80040112;
constexpr uint32_t REGDB_E_CLASSNOTREG = 0x80040154;
constexpr uint32_t CONNECT_E_CANNOTCONNECT = 0x80040202;
constexpr uint32_t E_ACCESSDENIED = 0x80070005;
constexpr uint32_t ERROR_MOD_NOT_FOUND = 0x8007007E;
constexpr uint32_t ERROR_SERVICE_DISABLED = 0x80070422;
constexpr uint32_t ERROR_LOGON_FAILURE = 0x8007052E;
constexpr uint32_t RPC_S_SERVER_UNAVAILABLE = 0x800706BA;
constexpr uint32_t RPC_S_CALL_FAILED = 0x800706BE;
constexpr uint32_t RPC_S_SEC_PKG_ERROR = 0x80070721;
constexpr uint32_t OR_INVALID_OXID = 0x80070776;
constexpr uint32_t CO_E_SERVER_EXEC_FAILURE = 0x80080005;
} // namespace hr

namespace status {
constexpr uint32_t NoLogonServers = 0xC000005E;
constexpr uint32_t NoSuchUser = 0xC0000064;
constexpr uint32_t WrongPassword = 0xC000006A;
constexpr uint32_t LogonFailure = 0xC000006D;
constexpr uint32_t AccountRestriction = 0xC000006E;
constexpr uint32_t PasswordExpired = 0xC0000071;
constexpr uint32_t AccountDisabled = 0xC0000072;
constexpr uint32_t LogonTypeNotGranted = 0xC000015B;
constexpr uint32_t AccountLockedOut = 0xC0000234;
} // namespace status

const HResult *findHResult(uint32_t code);
const HResult *findHResult(std::string_view symbol); // case-insensitive: "e_accessdenied"
const NtStatus *findNtStatus(uint32_t code);
const NtStatus *findNtStatus(std::string_view symbol);
const Win32Error *findWin32(uint32_t number);
const Win32Error *findWin32(std::string_view symbol);
const InsertionString *findInsertionString(uint32_t id);

std::span<const HResult> allHResults();
std::span<const NtStatus> allNtStatuses();
std::span<const Win32Error> allWin32Errors();

// "E_ACCESSDENIED", "S_OK" for 0, "" for a code the catalogue does not know; data() is always a
// C string.
std::string_view hresultSymbol(uint32_t code);
// "0x80070005": 0x and eight upper-case hex digits, as Windows prints an HRESULT or NTSTATUS.
std::string hex(uint32_t code);
// HRESULT_FROM_WIN32: 0x80070000 | number (0 stays 0).
constexpr uint32_t fromWin32(uint32_t number) { return number == 0 ? 0 : 0x80070000u | (number & 0xFFFFu); }
// How 4625 writes a failed logon's NTSTATUS: the Status field and the Sub Status field (0 when
// Status says it all). A disabled account or an expired password is Status 0xC000006E (account
// restriction) with the reason in Sub Status; a locked-out account or a logon type not granted
// is the Status itself; any other failure is 0xC000006D with the reason in Sub Status.
struct LogonStatus {
  uint32_t status = 0;
  uint32_t subStatus = 0;
};
LogonStatus logonFailureStatus(uint32_t ntstatus);
// The 4625 Failure Reason text of a failed logon's NTSTATUS ("Unknown user name or bad password.").
std::string_view failureReasonText(uint32_t ntstatus);
// The text of "%%2313" (or "2313"); nullopt when it is not one the catalogue knows.
std::optional<std::string_view> insertionText(std::string_view token);
// `text` with every %%NNNN the catalogue knows replaced by its English text.
std::string translateInsertions(std::string_view text);

} // namespace dd::catalog
