// The knowledge base's tables (see KnowledgeBase.h). Causes and fixes follow the guide
// (the vendor's "DCOM Security and Configuration Guide" for OPC, Chapter 4 "Troubleshooting") and
// the license tech note (Tech Note 813) in their order; where they are silent, Microsoft's
// documentation, read and restated (the document is named in `microsoft`). Entries marked
// "(verify)" are where the model (docs/model.md) itself is unsure.
#include "audit/KnowledgeBase.h"
#include "support/Text.h"

#include "catalog/Codes.h"
#include "catalog/Events.h"
#include "catalog/Sources.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace dd::audit {
namespace {

using sv = std::string_view;

constexpr sv kGuideByCode = "DCOM Security and Configuration Guide, Chapter 4 "
                            "Troubleshooting, \"DCOM Errors by Numeric Code\"";
constexpr sv kGuideCommon = "DCOM Security and Configuration Guide, Chapter 4 "
                            "Troubleshooting, \"Common DCOM Security Errors\"";
constexpr sv kGuideLogging = "DCOM Security and Configuration Guide, Chapter 4 "
                             "Troubleshooting, \"Logging of DCOM Errors\" and \"Windows Security Auditing\"";
constexpr sv kMsComErrors = "Microsoft Learn, \"COM Error Codes\" (Win32 COM, winerror.h)";
constexpr sv kMsSysErrors = "Microsoft Learn, \"System Error Codes\" (winerror.h)";
constexpr sv kMsDcomEvents = "Microsoft TechNet, \"COM Security Policy Configuration\" and \"COM "
                             "Remote Service Availability\" (Windows Server 2008 R2 event lists)";
using catalog::source::kMsComGeneral;
constexpr sv kMsKb5004442 = "Microsoft KB5004442, \"Manage changes for Windows DCOM Server Security "
                            "Feature Bypass (CVE-2021-26414)\", section \"New DCOM error events\"";
constexpr sv kMs4625 = "Microsoft Learn, \"4625(F): An account failed to log on\" (Advanced security audit policy)";
constexpr sv kMs4624 = "Microsoft Learn, \"4624(S): An account was successfully logged on\"";
using catalog::source::kMs4776;
constexpr sv kMsXpAudit = "Microsoft, Windows Server 2003 security event descriptions (events 529 and 680)";
constexpr sv kMsNtStatus = "Microsoft, [MS-ERREF] 2.3 NTSTATUS values";
constexpr sv kTechNote = "Tech Note 813, \"Scenario: DCOM Error: Failed to impersonate the "
                         "Anonymous User\"";

// ---- HRESULTs ------------------------------------------------------------------------------

constexpr Cause c80004002[] = {
    {"The server does not implement an optional OPC interface the client asked for.", "interface", "",
     CauseCheck::NotModelled},
    {"Some OPC servers do not accept connections from third-party OPC clients and answer this to them.", "interface",
     "", CauseCheck::NotModelled},
    {"The account running the client is not authorized by the server's own security.", "interface"},
    {"The license for the OPC server is not installed correctly.", "license"},
    {"The client computer's default authentication level is None, or simple file sharing is "
     "enabled, so the client arrives as ANONYMOUS LOGON.",
     "authentication", "the caller is NT AUTHORITY\\ANONYMOUS LOGON"}};
constexpr sv f80004002[] = {"Check whether the interface is optional and the server supports it.",
                            "Add the client account to the server's own user list (vendor tool).",
                            "Install the server's license.",
                            "Set Default Authentication Level to Connect or higher and use the classic sharing model "
                            "(ForceGuest = 0) so the caller is authenticated."};

constexpr Cause c8000401A[] = {
    {"The account specified for the server identity does not exist.", "launch-identity",
     "no account&exists on|does not exist on"},
    {"The password of the server identity account is incorrect or expired.", "launch-identity",
     "different passwords|password has expired|cannot be matched"},
    {"The identity is \"Interactive user\" but no user is logged on at the server's console.", "launch-identity",
     "nobody is logged on"}};
constexpr sv f8000401A[] = {
    "Check the identity on the server's Identity tab in dcomcnfg: verify that the account exists "
    "and re-enter its password.",
    "Do not use \"Interactive user\" as the server identity: it needs a user logged on before the "
    "client connects; use \"This user\" with a dedicated account."};

constexpr Cause c80040111[] = {
    {"The OPC server is not registered correctly.", "registration"},
    {"The server does not accept the kind of connection the client asked for: some accept only "
     "local connections, some only remote ones (a node name of localhost or none means local).",
     "connection-kind"}};
constexpr sv f80040111[] = {"Re-register the server.",
                            "If the server accepts only remote connections, run the client with the server node named "
                            "explicitly (for example /server=myopcserver::some.opcserver.1)."};

constexpr Cause c80040112[] = {{"The server's license is not installed: not a DCOM security problem.", "license"}};
constexpr sv f80040112[] = {"Verify that the license for the OPC server is installed."};

constexpr Cause c80040154[] = {
    {"The client cannot obtain the OPC server's information from the registry: the class is not "
     "registered on that computer, or not in the registry view (32/64-bit) that is searched.",
     "registration"},
    {"In some cases the same problem as 0x80040111.", "connection-kind"}};
constexpr sv f80040154[] = {"Register the server on the server computer (for 32-bit servers on 64-bit Windows, check "
                            "HKLM\\SOFTWARE\\Wow6432Node\\Classes\\CLSID).",
                            "See 0x80040111."};

constexpr Cause c80040202[] = {
    {"Security: the client computer's Limits ACL does not allow a connection from the account used "
     "as the server's identity.",
     "callback-access", "MachineAccessRestriction&not granted"},
    {"Security: the server's authentication level is None and the client's Limits ACL does not "
     "allow ANONYMOUS LOGON.",
     "callback-access", "MachineAccessRestriction&ANONYMOUS LOGON needs&not granted"},
    {"Security: simple file sharing is enabled on the server computer.", "callback-authentication", "ForceGuest = 1"},
    {"Network: a firewall prevents the server from opening a connection to the client computer.",
     "callback-reachability", "firewall does not let"},
    {"Network: a firewall between server and client uses network address translation (NAT).", "callback-reachability",
     "NAT between"},
    {"Network: DNS returns a wrong IP address for the client computer.", "callback-reachability", "DNS answers"}};
constexpr sv f80040202[] = {
    "On the client computer, add the server's identity account to the Access Permissions Limits "
    "(Remote Access) and Defaults.",
    "Do not use authentication level None; if unavoidable, the client Limits must allow ANONYMOUS LOGON.",
    "Disable simple file sharing (classic sharing model).",
    "Allow TCP 135 and the client program through the client computer's firewall from the server.",
    "Remove NAT between server and client (DCOM callbacks carry the client's own address).",
    "Fix DNS so the server resolves the client's real address."};

constexpr Cause c80070005[] = {
    {"Connect: the account running the client has no permission to launch or activate the OPC server.",
     "launch-permission"},
    {"Connect: the client account lacks Remote Access in the server computer's system-wide Limits ACL.", "access",
     "MachineAccessRestriction&not granted"},
    {"Connect: the server computer cannot authenticate the account running the client.", "authentication",
     "failed (0x|different passwords|has no local account|is not declared in the plant"},
    {"Connect: the default authentication level of both computers is None, or simple file sharing "
     "is enabled, so the caller is ANONYMOUS LOGON.",
     "authentication", "effective authentication level is None|ForceGuest = 1"},
    {"Advise: the server's identity account lacks permission in the client's default DCOM ACL.", "callback-access",
     "DefaultAccessPermission&not granted"},
    {"Advise: the server's identity account lacks Remote Access in the client's system-wide Limits ACL.",
     "callback-access", "MachineAccessRestriction&not granted"},
    {"Advise: the client computer cannot authenticate the server's identity account.", "callback-authentication",
     "failed (0x|different passwords|has no local account|is not declared in the plant|does not know"},
    {"Advise: the default authentication levels are None, or simple file sharing is enabled.",
     "callback-authentication", "effective authentication level is None|ForceGuest = 1"},
    {"Since the 2021-2023 DCOM hardening: an activation below Packet Integrity is refused (event 10036).", "hardening"},
    {"Connect: the client account (or ANONYMOUS LOGON, when its logon failed) lacks Remote Launch or Remote "
     "Activation in the server computer's system-wide launch Limits ACL (MachineLaunchRestriction; the guide, "
     "chapter 2 \"Configure OPC Client Node DCOM Settings\"; event 10015 or 10027).",
     "launch-limits"}};
constexpr sv f80070005[] = {
    "Find out which account the connection really uses: check the server computer's Security log "
    "(failure auditing on); logon failures mean an unknown user or a bad password.",
    "If no failure is logged, look at the success audits for logons from the client computer; "
    "ANONYMOUS LOGON means the effective authentication level is None or simple file sharing is on.",
    "Then check the System log for DCOM errors: if the client account is not in the default or "
    "server-specific DCOM ACLs, an event (10015/10016/10017) names the user and the permission.",
    "Grant that account the permission the event names (Launch and Activation or Access, Limits "
    "and Defaults or the server's own).",
    "For Advise, do the same on the client computer's logs: there are only the system default ACLs there.",
    "For 10036: raise the client's activation authentication level to Packet Integrity (update the "
    "client or its DCOM stack)."};

constexpr Cause c8007007E[] = {
    {"The OPC server is not installed correctly: its executable cannot be loaded.", "executable"}};
constexpr sv f8007007E[] = {"Reinstall the OPC server, or fix the LocalServer32 path of its class."};

constexpr Cause c800706BA[] = {
    {"Connect: the Remote Procedure Call service (RPCSS) on the server computer is not running or impaired.",
     "reachability", "RpcSs is"},
    {"Connect: a firewall blocks TCP port 135 (or the server's dynamic port).", "reachability",
     "TCP 135 from&no inbound rule|TCP 135 from&blocked by|cannot reach|dynamic port&no inbound rule|dynamic "
     "port&blocked by"},
    {"Advise: the same, on the client computer.", "callback-reachability",
     "TCP 135&no inbound rule|TCP 135&blocked by|RpcSs is not running|cannot reach"},
    {"Intermittent: name resolution (DNS, WINS, a hosts file) sometimes returns another or a stale "
     "address for the other computer.",
     "reachability", "DNS answers", CauseCheck::Intermittent},
    {"Intermittent: network address translation (NAT) between the nodes: DCOM hands out the "
     "computer's own addresses, which the other side cannot reach.",
     "reachability", "NAT between", CauseCheck::Intermittent},
    {"Intermittent: the server has several network cards: it lists all its addresses in its answer "
     "and the client tries one it cannot reach (slow or failed connects).",
     "reachability", "", CauseCheck::NotModelled},
    {"Intermittent: the firewall opens TCP 135 but not the dynamic RPC port range (49152-65535 "
     "by default since Vista, or a range set under HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet), or the "
     "range is exhausted.",
     "reachability", "dynamic port&no inbound rule|dynamic port&blocked by", CauseCheck::Intermittent}};
constexpr sv f800706BA[] = {
    "In the Services control panel, verify that the Remote Procedure Call service runs on the "
    "server; netstat -a shows whether port 135 is listening.",
    "If RPCSS is not running, verify that DCOM is enabled and restart the service.",
    "Otherwise port 135 is blocked: add TCP 135 (and the server program) to the firewall exceptions.",
    "For Advise, do the same on the client computer.",
    "For intermittent failures: check that each computer resolves the other to the address it "
    "really has (nslookup, ping -a, both directions), remove NAT between OPC nodes, bind DCOM to the "
    "plant network card (the server's network card order or the Rpc\\Linkage Bind value), and open "
    "the program itself (not just TCP 135) or the dynamic port range in the firewall."};

constexpr Cause c800706BE[] = {
    {"The connection was made but the call broke off: the server process ended or crashed during "
     "the call, a firewall or the network dropped the connection, or the server refused the call "
     "at a level it does not accept."},
    {"After the 2021-2023 DCOM hardening: a server refusing calls below Packet Integrity can end a "
     "call this way (see event 10036 on the server).",
     "hardening"}};
constexpr sv f800706BE[] = {
    "Look at the server computer's Application and System logs at that time (a crash of the OPC "
    "server, event 10036, 10010).",
    "Check that no firewall or network device drops long-lived TCP connections between the nodes.",
    "Update the client so that its authentication level is Packet Integrity or higher."};

constexpr Cause c80010108[] = {
    {"The client holds a reference to an object whose server process has gone (restarted, crashed, "
     "or was ended), or the connection to it was lost (network, sleep, a restarted RPCSS)."}};
constexpr sv f80010108[] = {
    "Reconnect: the client must release the object and create it again; a well-written OPC client "
    "does so by itself.",
    "Find out why the server process went away (its own log, the Application log) or why the "
    "network dropped (the 0x800706BA causes)."};

constexpr Cause c80070422[] = {
    {"The OPC server runs as a Windows service whose startup type is Disabled, so DCOM cannot start "
     "it (event 10005 on the server).",
     "launch-identity", "service&is disabled"}};
constexpr sv f80070422[] = {
    "Set the service's startup type to Manual (DCOM starts it) or Automatic: sc config NAME start= demand."};

constexpr Cause c80080005[] = {
    {"The OPC server did not register with DCOM before the timeout.", "executable-access"},
    {"Often the account configured as the server's identity cannot read and execute the server's "
     "executable (no file-system access to its folder); the System log then shows event 10010.",
     "executable-access", "is not one of them"}};
constexpr sv f80080005[] = {"Give the identity account access to the folder holding the server's executable (Read & "
                            "Execute, List Folder Contents, Read).",
                            "Consult the OPC server vendor for its settings."};

constexpr Cause c8001011C[] = {
    {"DCOM is disabled on the calling computer (EnableDCOM = N): remote calls are not allowed.", "enable-dcom",
     "client with EnableDCOM = N"}};
constexpr sv f8001011C[] = {"Check \"Enable Distributed COM on this computer\" on the Default Properties tab of My "
                            "Computer in dcomcnfg (HKLM\\SOFTWARE\\Microsoft\\Ole\\EnableDCOM = Y)."};

constexpr Cause c80070721[] = {
    {"The security package (NTLM or Kerberos) failed: typically the caller's account cannot be "
     "authenticated the way the server asks (Kerberos name or time problems, an NTLM restriction, "
     "or an authentication level the other side refuses).",
     "authentication"}};
constexpr sv f80070721[] = {
    "Check the Security log of the server for the logon failure and its status code.",
    "Use a domain account, or identical local accounts with the same password on both computers."};

constexpr Cause c80070776[] = {
    {"The object exporter (the other side's OXID) was not found: a callback or call went to an "
     "address or process that is gone or unreachable, typical of NAT or wrong DNS between the nodes.",
     "callback-reachability", "NAT between|DNS answers"}};
constexpr sv f80070776[] = {
    "Make the computers reach each other by their own addresses (no NAT) and fix name resolution."};

constexpr Cause c8007052E[] = {{"The user name or password is incorrect (ERROR_LOGON_FAILURE).", "authentication",
                                "failed (0x|different passwords|has no local account|is not declared in the plant"}};
constexpr sv f8007052E[] = {
    "Use an account both computers know: a domain account, or identical local accounts with the "
    "same password."};

constexpr HResultInfo kHResults[] = {
    {0x80010108,
     "The object invoked has disconnected from its clients: the server process or the "
     "connection to it is gone.",
     c80010108, f80010108, "connect or advise", "", kMsComErrors},
    {0x800706BE,
     "The remote procedure call failed: the call reached the server but did not "
     "complete.",
     c800706BE, f800706BE, "connect or advise", "", kMsSysErrors},
    {0x80004002,
     "No such interface supported: the client reached the server but "
     "cannot obtain a pointer to a COM interface.",
     c80004002, f80004002, "connect", kGuideByCode, kMsComErrors},
    {0x8000401A,
     "The server process could not be started because the "
     "configured identity is incorrect.",
     c8000401A, f8000401A, "connect", kGuideByCode, kMsComErrors},
    {0x80040111, "", c80040111, f80040111, "connect", kGuideByCode, kMsComErrors},
    {0x80040112, "", c80040112, f80040112, "connect", kGuideByCode, kMsComErrors},
    {0x80040154, "", c80040154, f80040154, "connect", kGuideByCode, kMsComErrors},
    {0x80040202,
     "Connection attempt failed: the server cannot open a "
     "connection back to the client when the client advises a group.",
     c80040202, f80040202, "advise", kGuideByCode, kMsComErrors},
    {0x80070005,
     "General access denied error: the account has no permission for "
     "the requested action, or the other computer cannot authenticate it. The most common DCOM "
     "security error.",
     c80070005, f80070005, "connect or advise", kGuideByCode, kMsSysErrors},
    {0x8007007E, "", c8007007E, f8007007E, "connect", kGuideByCode, kMsSysErrors},
    {0x800706BA,
     "The RPC server is unavailable: no connection to the "
     "other computer's Remote Procedure Call service.",
     c800706BA, f800706BA, "connect or advise", kGuideByCode, kMsSysErrors},
    {0x80070422, "", c80070422, f80070422, "connect", "", kMsSysErrors},
    {0x80080005, "", c80080005, f80080005, "connect", kGuideByCode, kMsComErrors},
    {0x8001011C, "", c8001011C, f8001011C, "connect",
     "DCOM Security and Configuration Guide, Chapter 2, "
     "\"Configure OPC Client Node DCOM Settings\" step 3a",
     kMsComErrors},
    {0x80070721, "", c80070721, f80070721, "connect or advise", "", kMsSysErrors},
    {0x80070776, "", c80070776, f80070776, "advise", "", kMsSysErrors},
    {0x8007052E, "", c8007052E, f8007052E, "connect or advise", "", kMsSysErrors},
};

// ---- NTSTATUS logon status codes ------------------------------------------------------------

constexpr sv cNoUser[] = {"The account name is unknown on the computer that checked it: a local "
                          "account that does not exist there (identical local accounts are needed "
                          "outside a domain), or a misspelt name."};
constexpr sv fNoUser[] = {"Create the same local account (same name and password) on both "
                          "computers, or use a domain account."};
constexpr sv cWrongPw[] = {"The account exists but the password differs: identical local accounts "
                           "whose passwords drifted apart, or a stale stored password."};
constexpr sv fWrongPw[] = {"Set the same password on both computers' accounts (and re-enter it "
                           "where it is stored: dcomcnfg Identity tab, service Log On tab)."};
constexpr sv cLogonFail[] = {"The logon failed: unknown user name or bad password. The Sub Status "
                             "says which."};
constexpr sv fLogonFail[] = {"Look at the Sub Status (0xC0000064 unknown user, 0xC000006A bad password)."};
constexpr sv cDisabled[] = {"The account is disabled."};
constexpr sv fDisabled[] = {"Enable the account (net user NAME /active:yes) or use another one."};
constexpr sv cExpiredPw[] = {"The account's password has expired."};
constexpr sv fExpiredPw[] = {"Set a new password and, for service accounts used by DCOM, disable "
                             "password expiration as the guide requires."};
constexpr sv cLocked[] = {"The account is locked out after too many bad passwords (often a stale "
                          "password retried by a service or an OPC client)."};
constexpr sv fLocked[] = {"Find the process using the old password, fix it, then unlock the account."};
constexpr sv cTypeNotGranted[] = {"The user has not been granted the requested logon type on this "
                                  "computer (for DCOM: \"Access this computer from the network\" is "
                                  "missing, or \"Deny access to this computer from the network\" applies)."};
constexpr sv fTypeNotGranted[] = {"In Local Security Policy > User Rights Assignment, grant network "
                                  "logon to the account and remove it from the deny list."};
constexpr sv cRestriction[] = {"An account restriction applies, for example a blank password used "
                               "over the network."};
constexpr sv fRestriction[] = {"Give the account a password, or lift the restriction."};
constexpr sv cAcctExpired[] = {"The account itself has expired."};
constexpr sv fAcctExpired[] = {"Extend the account's expiry date."};
constexpr sv cMustChange[] = {"The user must change the password at next logon: a network logon cannot."};
constexpr sv fMustChange[] = {"Clear \"User must change password at next logon\" or set the password "
                              "interactively once."};
constexpr sv cNoLogonServers[] = {"No domain controller was available to check the domain account."};
constexpr sv fNoLogonServers[] = {"Restore connectivity to a domain controller (DNS, network)."};
constexpr sv cHours[] = {"The account may not log on at this time of day."};
constexpr sv fHours[] = {"Change the account's logon hours."};
constexpr sv cWorkstation[] = {"The account may not log on from this workstation."};
constexpr sv fWorkstation[] = {"Add the computer to the account's allowed workstations."};

constexpr StatusInfo kStatuses[] = {
    {0xC0000064, "Unknown user name.", cNoUser, fNoUser, kGuideCommon, kMsNtStatus},
    {0xC000006A, "Bad password for a known user name.", cWrongPw, fWrongPw, kGuideCommon, kMsNtStatus},
    {0xC000006D, "Unknown user name or bad password.", cLogonFail, fLogonFail, "", kMsNtStatus},
    {0xC000006E, "Account restriction.", cRestriction, fRestriction, "", kMsNtStatus},
    {0xC000006F, "Outside the account's logon hours.", cHours, fHours, "", kMsNtStatus},
    {0xC0000070, "Workstation not allowed.", cWorkstation, fWorkstation, "", kMsNtStatus},
    {0xC0000071, "The password has expired.", cExpiredPw, fExpiredPw,
     "DCOM Security and Configuration Guide, Chapter 2, \"Select or Create User Accounts\"", kMsNtStatus},
    {0xC0000072, "The account is disabled.", cDisabled, fDisabled, "", kMsNtStatus},
    {0xC000005E, "No logon servers available.", cNoLogonServers, fNoLogonServers, "", kMsNtStatus},
    {0xC000015B, "The requested logon type is not granted.", cTypeNotGranted, fTypeNotGranted, "", kMsNtStatus},
    {0xC0000193, "The account has expired.", cAcctExpired, fAcctExpired, "", kMsNtStatus},
    {0xC0000224, "The password must be changed.", cMustChange, fMustChange, "", kMsNtStatus},
    {0xC0000234, "The account is locked out.", cLocked, fLocked, "", kMsNtStatus},
};

// ---- Events ---------------------------------------------------------------------------------

constexpr sv pDcom[] = {"DCOM", "Microsoft-Windows-DistributedCOM"};
constexpr sv pSecurity[] = {"Security", "Microsoft-Windows-Security-Auditing"};
constexpr sv pAsp[] = {"Active Server Pages", "ASP"};

constexpr Cause c10004[] = {{"The account specified for the server identity does not exist.", "launch-identity",
                             "no account&exists on|does not exist on"},
                            {"The password of the identity account is incorrect or expired.", "launch-identity",
                             "different passwords|password has expired|cannot be matched"},
                            {"The identity is \"Interactive user\" but nobody is logged on at the console.",
                             "launch-identity", "nobody is logged on"}};
constexpr sv f10004[] = {"Check the server's Identity tab in dcomcnfg: the account exists, its password is current "
                         "(re-enter it), and prefer \"This user\" over \"Interactive user\"."};

constexpr Cause c10006[] = {{"The remote computer refused or failed the activation; the error in the message says why "
                             "(access denied: see 0x80070005; the RPC server is unavailable: see 0x800706BA)."}};
constexpr sv f10006[] = {"Explain the error code of the message (dcomdoctor explain CODE) and look "
                         "at the remote computer's System and Security logs at that time."};

constexpr Cause c10009[] = {
    {"The RPC service of the other computer cannot be reached: it is down, or a firewall blocks "
     "TCP 135 or the server's dynamic port.",
     "reachability",
     "RpcSs is|TCP 135 from&no inbound rule|TCP 135 from&blocked by|cannot reach|dynamic port&no inbound rule|dynamic "
     "port&blocked by"},
    {"The name resolves to a wrong address, or NAT hides the computer's own address.", "reachability",
     "DNS answers|NAT between"}};
constexpr sv f10009[] = {"Verify that the Remote Procedure Call service runs on the other computer and that port 135 "
                         "listens (netstat -a).",
                         "Add TCP 135 and the program to the firewall exceptions.",
                         "Fix name resolution; avoid NAT between OPC nodes."};

constexpr Cause c10010[] = {{"The server process started but did not register with DCOM in time: often its identity "
                             "account cannot read and execute the executable's folder.",
                             "executable-access", "is not one of them"}};
constexpr sv f10010[] = {
    "Give the identity account Read & Execute, List Folder Contents and Read on the folder holding "
    "the server's executable.",
    "Consult the OPC server vendor."};

constexpr Cause c10014[] = {
    {"Windows XP SP2 / 2003 SP1: the user is not in the computer-wide Limits ACL; after a failed "
     "logon the caller appears as ANONYMOUS LOGON (the guide's example).",
     "launch-limits"},
    {"On later Windows versions event 10014 reports instead that remote activation for COM+ is "
     "disabled (verify against the logging host's version)."}};
constexpr sv f10014[] = {
    "First check the Security log for the logon failure (unknown user 0xC0000064 or bad password "
    "0xC000006A) and fix the account.",
    "Then add the account to My Computer > COM Security > Launch and Activation Permissions > Edit "
    "Limits with the permission the message names."};

constexpr Cause c10014ComPlus[] = {
    {"Windows Vista and later: the class lives in a COM+ server application and COM+ network "
     "access is off on this computer (HKLM\\SOFTWARE\\Microsoft\\COM3 RemoteAccessEnabled = "
     "0), so remote activations of COM+ applications are refused.",
     "connection-kind", "COM+ network access is off"}};
constexpr sv f10014ComPlus[] = {
    "Turn COM+ network access on: Server Manager > Application Server role > COM+ Network Access, or "
    "RemoteAccessEnabled = 1 under HKLM\\SOFTWARE\\Microsoft\\COM3 (docs/model.md#connection-kind)."};

constexpr Cause c10015[] = {
    {"The computer-wide launch Limits (MachineLaunchRestriction) do not grant the named permission "
     "to the caller's token.",
     "launch-limits"}};
constexpr sv f10015[] = {"Add the user (or a group it belongs to, such as Distributed COM Users) to My Computer > COM "
                         "Security > Launch and Activation Permissions > Edit Limits with the permission named.",
                         "If the user is ANONYMOUS LOGON, fix authentication first (Security log) rather than granting "
                         "anonymous remote launch."};

constexpr Cause c10016[] = {
    {"application-specific: the server's own LaunchPermission (its AppID's Launch and Activation "
     "Permissions) does not grant the named permission to the caller.",
     "launch-permission", "AppID&LaunchPermission&not granted"},
    {"machine-default: the server has no launch permission of its own and DefaultLaunchPermission "
     "(My Computer's Launch and Activation Defaults) does not grant it.",
     "launch-permission", "DefaultLaunchPermission&not granted"},
    {"The caller is ANONYMOUS LOGON: authentication failed or the authentication level is None "
     "(the guide's \"Failed OPC Server Activation\" example).",
     "authentication", "the caller is NT AUTHORITY\\ANONYMOUS LOGON"},
    {"Windows components log 10016 for Local Activation by LOCAL SERVICE or SYSTEM during normal "
     "operation; Microsoft documents these as expected and safe to ignore (KB 4022522)."}};
constexpr sv f10016[] = {"application-specific: in dcomcnfg > DCOM Config > the server > Security, Customize Launch "
                         "and Activation Permissions and add the user with the permission named.",
                         "machine-default: add the user to My Computer > COM Security > Launch and Activation "
                         "Permissions > Edit Default, or give the server its own permission.",
                         "ANONYMOUS LOGON: fix the logon (Security log, authentication level Connect or higher, "
                         "classic sharing model) instead of granting anonymous access.",
                         "The CLSID names the server: search the registry (HKLM\\SOFTWARE\\Classes\\CLSID) or give "
                         "--plant to resolve it."};

constexpr Cause c10017[] = {{"The server's AccessPermission (application-specific) or DefaultAccessPermission "
                             "(machine-default) does not grant the caller Local or Remote Access.",
                             "access", "AccessPermission&not granted"}};
constexpr sv f10017[] = {"Add the user to the server's Access Permissions (dcomcnfg > DCOM Config > server > Security) "
                         "or to My Computer's Access Permissions Defaults."};

constexpr Cause c10019[] = {
    {"The computer-wide access Limits (MachineAccessRestriction) do not grant the caller Local or "
     "Remote Access: every COM server on this computer refuses its calls.",
     "access", "MachineAccessRestriction&not granted"}};
constexpr Cause c10005[] = {
    {"The server runs as a Windows service (its AppID's LocalService) and DCOM could not start it: "
     "the service is disabled (error 1058: the client sees 0x80070422), its logon account or "
     "password is wrong (1069), or it failed while starting.",
     "launch-identity", "no such service is installed|service&is disabled|Log On account&does not exist"}};
constexpr sv f10005[] = {"In Services (services.msc) set the service's startup type to Manual or Automatic, check its "
                         "Log On account and password, and read the Service Control Manager's event at that time."};
constexpr Cause c10027[] = {
    {"Windows 10 / Server 2016 and later: the computer-wide launch Limits (MachineLaunchRestriction) "
     "do not grant the named permission; unlike 10015 the event names no CLSID, because the Limits "
     "apply to every COM server (which version first logs 10027 is not documented: verify).",
     "launch-limits"}};
constexpr sv f10019[] = {"Add the user to My Computer > COM Security > Access Permissions > Edit Limits (Remote Access "
                         "for remote callers; for callbacks on the client computer: the server's identity)."};

constexpr Cause c10036[] = {
    {"The 2021-2023 DCOM hardening (KB5004442) on this server refused an activation below Packet "
     "Integrity: the client is unpatched, sets a low level explicitly, or is a non-Windows DCOM stack.",
     "hardening"}};
constexpr sv f10036[] = {"Update the client computer (a patched Windows client raises its activation level).",
                         "If the client program sets its level explicitly, ask its vendor for Packet Integrity; "
                         "RaiseActivationAuthenticationLevel = 2 on the client raises it.",
                         "Non-Windows DCOM stacks must sign/seal themselves: update them or use a relay."};

constexpr Cause c10037[] = {
    {"The client program explicitly sets an activation authentication level "
     "below Packet Integrity (5).",
     "authentication",
     "sets 1 (None) explicitly|sets 2 (Connect) explicitly|sets 3 (Call) explicitly|sets 4 (Packet) explicitly"}};
constexpr sv f10037[] = {"Ask the vendor to raise the level, or set RaiseActivationAuthenticationLevel "
                         "= 2 in HKLM\\SOFTWARE\\Microsoft\\Ole\\AppCompat on the client."};
constexpr Cause c10038[] = {
    {"The client uses a default activation authentication level below Packet Integrity.", "hardening"}};
constexpr sv f10038[] = {"Install the DCOM hardening updates on the client, or set "
                         "RaiseActivationAuthenticationLevel = 1 (or 2)."};

constexpr Cause cLogonFailure[] = {
    {"The account cannot be authenticated: the Status/Sub Status code says whether the user name "
     "is unknown (0xC0000064) or the password is bad (0xC000006A), or the account is disabled, "
     "expired or locked.",
     "authentication", "failed (0x|different passwords|has no local account|is not declared in the plant"},
    {"Outside a domain, the OPC client and server need identical local accounts (same name and password).",
     "authentication", "has no local account|different passwords"}};
constexpr sv fLogonFailure[] = {
    "Fix the account the code names (create it, synchronise its password, enable or unlock it).",
    "Use a domain account, or identical local accounts on both computers with password expiry disabled."};
constexpr Cause c4624[] = {{"A network logon (type 3) succeeded: it shows which account a DCOM client really uses."},
                           {"If the account is ANONYMOUS LOGON, the effective authentication level might be None, or "
                            "simple file sharing might be enabled on the server computer.",
                            "authentication", "the caller is NT AUTHORITY\\ANONYMOUS LOGON"}};
constexpr sv f4624[] = {"Compare the account with the one you intended; for ANONYMOUS LOGON set the authentication "
                        "level to Connect or higher and disable simple file sharing (ForceGuest = 0)."};
constexpr Cause c529[] = {{"Unknown user name or bad password (Windows 2000/XP/2003 logon failure).", "authentication",
                           "failed (0x|different passwords|has no local account|is not declared in the plant"}};

constexpr Cause cAsp[] = {
    {"IIS 6: the anonymous account's password in the IIS metabase (AnonymousUserPass, at W3SVC or "
     "deeper) differs from the local account's, often because the same IIS template was copied "
     "onto several machines."},
    {"The anonymous account (IUSR_<machine>, IWAM_<machine>) is missing, disabled or expired, or "
     "refused by a policy that restricts the Guests group."},
    {"Without Session_OnEnd the web application's client license is never released."}};
constexpr sv fAsp[] = {"Quick fix: delete IUSR_<machine> and IWAM_<machine> from the local users and run iisreset "
                       "(it recreates them with synchronised passwords).",
                       "Additional steps: move both accounts from Guests to IIS_WPG, give IIS_WPG read and write on "
                       "the application folder, and check the accounts are not disabled or expired.",
                       "Deep fix: set one password with adsutil.vbs set w3svc/anonymoususerpass (and at every level "
                       "where it is set, e.g. w3svc/1/ROOT) and the same on both accounts, then iisreset.",
                       "IIS 7+: make sure the built-in IUSR is in IIS_IUSRS.",
                       "Verify: set the session timeout to 1 minute, open a second session, watch its license leave "
                       "the list, then restore the timeout."};

constexpr Cause cOpc[] = {{"An OPC server logged an error; its text names the problem (often a "
                           "refused client, a license, or a device connection)."}};
constexpr sv fOpc[] = {"Read the message and the OPC server's own log; correlate its time with "
                       "DCOM and logon events."};

constexpr EventInfo kEvents[] = {
    {10004, EventLog::System, pDcom, "dcom-runas-logon-failed",
     "DCOM could not log on the server's configured identity to run it", "0x8000401A", "launch-identity", c10004,
     f10004, kGuideByCode, kMsDcomEvents, "in order to run the server"},
    {10005, EventLog::System, pDcom, "dcom-service-start-failed",
     "DCOM could not start the service that runs the server", "0x80070422", "launch-identity", c10005, f10005, "",
     kMsComGeneral, ""},
    {10006, EventLog::System, pDcom, "dcom-remote-activation-error",
     "DCOM got an error from the remote computer when activating a server", "", "", c10006, f10006, kGuideLogging,
     kMsDcomEvents, "when attempting to activate"},
    {10009, EventLog::System, pDcom, "dcom-unreachable",
     "DCOM could not communicate with the computer using any configured protocol", "0x800706BA", "reachability", c10009,
     f10009, kGuideByCode, kMsDcomEvents, "was unable to communicate with the computer"},
    {10010, EventLog::System, pDcom, "dcom-server-registration-timeout",
     "The server did not register with DCOM within the required timeout", "0x80080005", "executable-access", c10010,
     f10010, kGuideByCode, kMsDcomEvents, "did not register with DCOM"},
    {10014, EventLog::System, pDcom, "dcom-limits-denied-xp",
     "The computer-wide limit settings do not grant the permission (Windows XP SP2 / 2003 SP1)", "0x80070005",
     "launch-limits", c10014, f10014, kGuideCommon, kMsDcomEvents, ""},
    // Vista and later reuse 10014 (netevent.h EVENT_DCOM_COMPLUS_DISABLED); told apart by its message.
    {10014, EventLog::System, pDcom, "dcom-complus-remote-disabled",
     "Remote activations for COM+ are disabled (COM+ network access is off)", "0x80070005", "connection-kind",
     c10014ComPlus, f10014ComPlus, "", "Microsoft, \"COM+ Network Access and Application Server\"",
     "remote activations for COM+ are disabled"},
    {10015, EventLog::System, pDcom, "dcom-launch-limits-denied",
     "The computer-wide launch Limits do not grant Launch/Activation to the user", "0x80070005", "launch-limits",
     c10015, f10015, kGuideByCode, kMsDcomEvents, ""},
    {10016, EventLog::System, pDcom, "dcom-launch-denied",
     "The launch permission (application-specific or machine-default) does not grant "
     "Launch/Activation to the user",
     "0x80070005", "launch-permission", c10016, f10016, kGuideCommon, kMsDcomEvents, ""},
    {10017, EventLog::System, pDcom, "dcom-access-denied",
     "The access permission (application-specific or machine-default) does not grant Access to the user", "0x80070005",
     "access", c10017, f10017, kGuideByCode, kMsDcomEvents, ""},
    {10018, EventLog::System, pDcom, "dcom-app-access-denied",
     "The application-specific access permission does not grant Access to the user", "0x80070005", "access", c10017,
     f10017, kGuideByCode, kMsDcomEvents, ""},
    {10019, EventLog::System, pDcom, "dcom-access-limits-denied",
     "The computer-wide access Limits do not grant Access to the user", "0x80070005", "access", c10019, f10019,
     kGuideByCode, kMsDcomEvents, ""},
    {10027, EventLog::System, pDcom, "dcom-machine-launch-limits-denied",
     "The computer-wide launch Limits do not grant Launch/Activation to the user (Windows 10 / Server "
     "2016 and later: no CLSID)",
     "0x80070005", "launch-limits", c10027, f10015, kGuideByCode, kMsDcomEvents, ""},
    {10028, EventLog::System, pDcom, "dcom-unreachable",
     "DCOM could not communicate with the computer (with the requesting process)", "0x800706BA", "reachability", c10009,
     f10009, kGuideByCode, kMsDcomEvents, "was unable to communicate with the computer"},
    {10036, EventLog::System, pDcom, "dcom-hardening-refused",
     "The server-side authentication level policy refused an activation below Packet Integrity", "0x80070005",
     "hardening", c10036, f10036, "", kMsKb5004442, "server-side authentication level policy"},
    {10037, EventLog::System, pDcom, "dcom-hardening-explicit-level",
     "A client program requests activation with an explicitly set level below Packet Integrity", "0x80070005",
     "hardening", c10037, f10037, "", kMsKb5004442, "explicitly set authentication level"},
    {10038, EventLog::System, pDcom, "dcom-hardening-default-level",
     "A client program requests activation with a default level below Packet Integrity", "0x80070005", "hardening",
     c10038, f10038, "", kMsKb5004442, "default activation authentication level"},
    {4625, EventLog::Security, pSecurity, "logon-failed", "An account failed to log on", "0x80070005", "authentication",
     cLogonFailure, fLogonFailure, kGuideLogging, kMs4625, ""},
    {4624, EventLog::Security, pSecurity, "network-logon",
     "An account was successfully logged on (type 3: from the network)", "", "authentication", c4624, f4624,
     kGuideByCode, kMs4624, ""},
    {4776, EventLog::Security, pSecurity, "credential-validation",
     "The computer attempted to validate the credentials for an account (NTLM)", "0x80070005", "authentication",
     cLogonFailure, fLogonFailure, kGuideLogging, kMs4776, ""},
    {529, EventLog::Security, pSecurity, "logon-failed-legacy",
     "Logon failure: unknown user name or bad password (Windows 2000/XP/2003)", "0x80070005", "authentication", c529,
     fLogonFailure, kGuideLogging, kMsXpAudit, ""},
    {680, EventLog::Security, pSecurity, "account-logon-legacy",
     "Logon attempt by an authentication package: account logon (Windows XP/2003)", "0x80070005", "authentication",
     cLogonFailure, fLogonFailure, kGuideCommon, kMsXpAudit, ""},
    {0, EventLog::Application, pAsp, "asp-anonymous-impersonation-failed",
     "Failed to impersonate the Anonymous User for an ASP application: Global.asa OnEnd routines "
     "(the client-license release) will not run",
     "", "", cAsp, fAsp, kTechNote,
     "Microsoft, \"Identifying the Impersonation Behavior for ASP Applications\" (IIS 6)",
     "failed to impersonate the anonymous user"},
    {0,
     EventLog::Application,
     {},
     "opc-server-error",
     "An OPC server logged an error in the Application log",
     "",
     "",
     cOpc,
     fOpc,
     "",
     "",
     ""},
};

} // namespace

std::string_view HResultInfo::symbol() const { return catalog::hresultSymbol(code); }

std::string_view HResultInfo::meaning() const {
  if (!opcMeaning.empty())
    return opcMeaning;
  const catalog::HResult *h = catalog::findHResult(code);
  return h ? h->message : std::string_view();
}

std::string_view StatusInfo::symbol() const {
  const catalog::NtStatus *s = catalog::findNtStatus(code);
  return s ? s->symbol : std::string_view();
}

TextList EventInfo::params() const {
  const catalog::EventLayout *layout = id ? catalog::newestLayout(id) : nullptr;
  return layout ? layout->params : TextList{};
}

std::string_view logName(EventLog log) {
  switch (log) {
  case EventLog::System: return "System";
  case EventLog::Security: return "Security";
  case EventLog::Application: return "Application";
  }
  return "";
}

const HResultInfo *findHResult(uint32_t code) {
  for (const auto &h : kHResults)
    if (h.code == code)
      return &h;
  return nullptr;
}

const StatusInfo *findStatus(uint32_t code) {
  for (const auto &s : kStatuses)
    if (s.code == code)
      return &s;
  return nullptr;
}

namespace {
bool eventLoggedBy(const EventInfo &e, std::string_view provider) {
  if (provider.empty())
    return true;
  for (auto p : e.providers)
    if (iequals(p, provider))
      return true;
  return false;
}
} // namespace

const EventInfo *findEvent(uint32_t id, std::string_view provider) {
  if (id == 0)
    return nullptr;
  for (const auto &e : kEvents)
    if (e.id == id && eventLoggedBy(e, provider))
      return &e;
  return nullptr;
}

const EventInfo *findEvent(uint32_t id, std::string_view provider, std::string_view message) {
  for (const auto &e : kEvents)
    if (id != 0 && e.id == id && !e.messageKey.empty() && icontains(message, e.messageKey) &&
        eventLoggedBy(e, provider))
      return &e;
  return findEvent(id, provider);
}

const EventInfo *findEventByMessage(std::string_view message) {
  for (const auto &e : kEvents)
    if (e.id == 0 && !e.messageKey.empty() && icontains(message, e.messageKey))
      return &e;
  return nullptr;
}

std::span<const HResultInfo> allHResults() { return kHResults; }
std::span<const StatusInfo> allStatuses() { return kStatuses; }
std::span<const EventInfo> allEvents() { return kEvents; }

std::string_view logonTypeName(uint32_t type) {
  switch (type) {
  case 2: return "Interactive";
  case 3: return "Network";
  case 4: return "Batch";
  case 5: return "Service";
  case 7: return "Unlock";
  case 8: return "NetworkCleartext";
  case 9: return "NewCredentials";
  case 10: return "RemoteInteractive";
  case 11: return "CachedInteractive";
  default: return "";
  }
}

} // namespace dd::audit
