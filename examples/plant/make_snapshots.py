#!/usr/bin/env python3
"""Writes examples/plant/snapshots/{OPCSRV,HMI1,HMI2}: the host snapshot folders of the bundled
example plant, in exactly the formats the commands of collect/collect.cmd write (docs/snapshot.md):
.reg files as `reg export` writes them (UTF-16LE with BOM, CRLF, "Windows Registry Editor Version
5.00", hex values wrapped before column 80), secedit's .inf in UTF-16LE with BOM, wmic output in
UTF-16LE with BOM, everything else as cmd.exe redirects an English console (ASCII, CRLF).

The registry exports are trimmed to the keys the example needs (a real HKCR\\CLSID export holds
thousands of classes); every other file is whole. Run it from anywhere:
    python3 examples/plant/make_snapshots.py
Security descriptors are written from the SDDL-like ACE lists below by our own small encoder
(self-relative, DACL then owner then group, as Windows lays them out).
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "snapshots")

# --------------------------------------------------------------------------------------------
# Security descriptors

def sid_bytes(text):
    parts = text.split("-")
    assert parts[0] == "S" and parts[1] == "1"
    auth = int(parts[2])
    subs = [int(p) for p in parts[3:]]
    return struct.pack("<BB", 1, len(subs)) + auth.to_bytes(6, "big") + b"".join(struct.pack("<I", s) for s in subs)

ALIASES = {"BA": "S-1-5-32-544", "SY": "S-1-5-18", "WD": "S-1-1-0", "AN": "S-1-5-7",
           "IU": "S-1-5-4", "PS": "S-1-5-10", "DCOM": "S-1-5-32-562", "PLU": "S-1-5-32-559",
           "AU": "S-1-5-11"}

def sd_bytes(owner, group, aces):
    """aces: [(sid alias or string, mask)] allow ACEs. Self-relative, DACL, owner, group."""
    ace_blobs = []
    for who, mask in aces:
        sid = sid_bytes(ALIASES.get(who, who))
        ace_blobs.append(struct.pack("<BBHI", 0, 0, 8 + len(sid), mask) + sid)
    acl_body = b"".join(ace_blobs)
    acl = struct.pack("<BBHHH", 2, 0, 8 + len(acl_body), len(ace_blobs), 0) + acl_body
    owner_b = sid_bytes(ALIASES.get(owner, owner))
    group_b = sid_bytes(ALIASES.get(group, group))
    dacl_off = 20
    owner_off = dacl_off + len(acl)
    group_off = owner_off + len(owner_b)
    header = struct.pack("<BBHIIII", 1, 0, 0x8004, owner_off, group_off, 0, dacl_off)
    return header + acl + owner_b + group_b

LAUNCH_ALL = 0x1F   # CCDCLCSWRP: Local/Remote Launch + Local/Remote Activation
ACCESS_ALL = 0x7    # CCDCLC: Local + Remote Access

# --------------------------------------------------------------------------------------------
# .reg writing (reg export: UTF-16LE + BOM, CRLF)

def reg_quote(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')

def hex_lines(prefix, data):
    """`"Name"=hex:01,02,...` wrapped as regedit does: a line ends with `,\\` once it reaches
    column 77, continuation lines start with two spaces."""
    out, line = [], prefix
    for i, b in enumerate(data):
        line += "%02x" % b
        if i + 1 < len(data):
            line += ","
            if len(line) > 76:
                out.append(line + "\\")
                line = "  "
    out.append(line)
    return out

def value_lines(name, kind, data):
    n = "@" if name == "" else '"%s"' % reg_quote(name)
    if kind == "sz":
        return ['%s="%s"' % (n, reg_quote(data))]
    if kind == "dword":
        return ["%s=dword:%08x" % (n, data)]
    if kind == "binary":
        return hex_lines(n + "=hex:", data)
    if kind == "multi":
        raw = b"".join(s.encode("utf-16-le") + b"\0\0" for s in data) + b"\0\0"
        return hex_lines(n + "=hex(7):", raw)
    if kind == "expand":
        raw = data.encode("utf-16-le") + b"\0\0"
        return hex_lines(n + "=hex(2):", raw)
    raise ValueError(kind)

def write_reg(path, keys):
    """keys: [(key path, [(name, kind, data)])] in the order reg export walks them."""
    lines = ["Windows Registry Editor Version 5.00", ""]
    for key, values in keys:
        lines.append("[%s]" % key)
        for v in values:
            lines.extend(value_lines(*v))
        lines.append("")
    text = "\r\n".join(lines) + "\r\n"
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + text.encode("utf-16-le"))

def write_text(path, text, utf16=False):
    text = text.replace("\n", "\r\n")
    with open(path, "wb") as f:
        if utf16:
            f.write(b"\xff\xfe" + text.encode("utf-16-le"))
        else:
            f.write(text.encode("ascii"))

# --------------------------------------------------------------------------------------------
# The hosts

HKLM = "HKEY_LOCAL_MACHINE"
ACME_CLSID = "{6A2B9D3E-1C4F-4E2A-9B7D-5F8E3C2A1B00}"
OPCENUM_CLSID = "{13486D51-4821-11D2-A494-3CB306C10000}"
CATID_DA10 = "{63D5F430-CFE4-11D1-B2C8-0060083BA1FB}"
CATID_DA20 = "{63D5F432-CFE4-11D1-B2C8-0060083BA1FB}"

HOSTS = {
    "OPCSRV": dict(sid="S-1-5-21-1111111111-2222222222-3333333333", ip="10.0.3.10",
                   os="Microsoft Windows Server 2019 Standard", ver="10.0.17763 N/A Build 17763",
                   config="Standalone Server", systype="x64-based PC",
                   hotfixes=["KB5005112", "KB5027131", "KB5027222"],
                   users=[("Administrator", 500, True), ("DefaultAccount", 503, False), ("Guest", 501, False),
                          ("opcsvc", 1002, True), ("opcuser", 1001, True), ("operator", 1003, True),
                          ("WDAGUtilityAccount", 504, False)],
                   console="operator"),
    "HMI1": dict(sid="S-1-5-21-2749283011-1938475520-3847562910", ip="10.0.3.21",
                 os="Microsoft Windows 10 Pro", ver="10.0.19045 N/A Build 19045",
                 config="Standalone Workstation", systype="x64-based PC",
                 hotfixes=["KB5011048", "KB5015684", "KB5026361", "KB5026879"],
                 users=[("Administrator", 500, False), ("DefaultAccount", 503, False), ("Guest", 501, False),
                        ("opcsvc", 1002, True), ("opcuser", 1001, True), ("WDAGUtilityAccount", 504, False)],
                 console="opcuser"),
    "HMI2": dict(sid="S-1-5-21-3918273645-1029384756-2837465019", ip="10.0.3.22",
                 os="Microsoft Windows 7 Professional", ver="6.1.7601 Service Pack 1 Build 7601",
                 config="Standalone Workstation", systype="x64-based PC",
                 hotfixes=["KB2534111", "KB2999226", "KB976902"],
                 users=[("Administrator", 500, False), ("Guest", 501, False),
                        ("opcuser", 1001, True), ("operator", 1000, True)],
                 console="operator"),
}

def host_groups(name):
    """(group, comment, members) as net localgroup lists them."""
    dcom = {"OPCSRV": ["opcuser"], "HMI1": ["opcsvc", "opcuser"], "HMI2": []}[name]
    admins = {"OPCSRV": ["Administrator"], "HMI1": ["Administrator", "opcuser"],
              "HMI2": ["Administrator", "operator"]}[name]
    users = {"OPCSRV": ["NT AUTHORITY\\Authenticated Users", "NT AUTHORITY\\INTERACTIVE", "opcsvc", "opcuser", "operator"],
             "HMI1": ["NT AUTHORITY\\Authenticated Users", "NT AUTHORITY\\INTERACTIVE", "opcsvc", "opcuser"],
             "HMI2": ["NT AUTHORITY\\Authenticated Users", "NT AUTHORITY\\INTERACTIVE", "opcuser", "operator"]}[name]
    groups = [
        ("Administrators", "Administrators have complete and unrestricted access to the computer/domain", admins),
        ("Backup Operators", "Backup Operators can override security restrictions for the sole purpose of backing up or restoring files", []),
        ("Distributed COM Users", "Members are allowed to launch, activate and use Distributed COM objects on this machine.", dcom),
        ("Event Log Readers", "Members of this group can read event logs from local machine", []),
        ("Guests", "Guests have the same access as members of the Users group by default, except for the Guest account which is further restricted", ["Guest"]),
        ("Performance Log Users", "Members of this group may schedule logging of performance counters, enable trace providers, and collect event traces both locally and via remote access to this computer", []),
        ("Remote Desktop Users", "Members in this group are granted the right to logon remotely", []),
        ("Users", "Users are prevented from making accidental or intentional system-wide changes and can run most applications", users),
    ]
    return groups

# --------------------------------------------------------------------------------------------
# net, wmic

def net_user_list(host, h):
    names = [u[0] for u in h["users"]]
    rows = []
    for i in range(0, len(names), 3):
        rows.append("".join(n.ljust(25) for n in names[i:i + 3]))
    return ("\nUser accounts for \\\\%s\n\n" % host + "-" * 79 + "\n" + "\n".join(rows) +
            "\nThe command completed successfully.\n\n")

def net_user_details(host, user, rid, active, groups):
    def row(label, value=""):
        return (label.ljust(29) + value).rstrip() + "\n" if not value else label.ljust(29) + value + "\n"
    comment = {"Administrator": "Built-in account for administering the computer/domain",
               "Guest": "Built-in account for guest access to the computer/domain",
               "DefaultAccount": "A user account managed by the system.",
               "WDAGUtilityAccount": "A user account managed and used by the system for Windows Defender Application Guard scenarios."}.get(user, "")
    never = user in ("opcsvc", "opcuser", "Guest", "DefaultAccount")
    local = [g for g, _, members in host_groups(host) if user in members]
    # Local Group Memberships: "*Name" entries padded to 22 columns, two a line.
    cells = ["*" + g for g in local] or ["*None"]
    cells = [c.ljust(22) if len(c) < 22 else c for c in cells]
    group_lines = []
    for i in range(0, len(cells), 2):
        group_lines.append("".join(cells[i:i + 2]).rstrip())
    text = row("User name", user) + row("Full name", "OPC Service Account" if user == "opcsvc" else "")
    text += row("Comment", comment) + row("User's comment") + row("Country/region code", "000 (System Default)")
    text += row("Account active", "Yes" if active else "No") + row("Account expires", "Never") + "\n"
    text += row("Password last set", "3/14/2023 9:41:07 AM")
    text += row("Password expires", "Never" if never else "4/25/2023 9:41:07 AM")
    text += row("Password changeable", "3/14/2023 9:41:07 AM")
    text += row("Password required", "No" if user in ("Guest", "DefaultAccount") else "Yes")
    text += row("User may change password", "No" if user == "opcsvc" else "Yes") + "\n"
    text += row("Workstations allowed", "All") + row("Logon script") + row("User profile") + row("Home directory")
    text += row("Last logon", "Never" if not active else "6/20/2023 8:01:12 AM") + "\n"
    text += row("Logon hours allowed", "All") + "\n"
    text += row("Local Group Memberships", group_lines[0])
    for extra in group_lines[1:]:
        text += " " * 29 + extra + "\n"
    text += row("Global Group memberships", "*None")
    text += "The command completed successfully.\n\n"
    return text

def net_localgroup_list(host):
    names = sorted(g for g, _, _ in host_groups(host))
    return ("\nAliases for \\\\%s\n\n" % host + "-" * 79 + "\n" + "".join("*%s\n" % n for n in names) +
            "The command completed successfully.\n\n")

def net_localgroup_details(group, comment, members):
    return ("Alias name     %s\nComment        %s\n\nMembers\n\n" % (group, comment) + "-" * 79 + "\n" +
            "".join(m + "\n" for m in members) + "The command completed successfully.\n\n")

def wmic_users(host, h):
    out = "\n\n"
    for name, rid, active in h["users"]:
        out += "Disabled=%s\nLockout=FALSE\nName=%s\nSID=%s-%d\n\n\n" % ("FALSE" if active else "TRUE", name, h["sid"], rid)
    return out

def wmic_groups(host, h):
    out = "\n\n"
    for g, _, _ in host_groups(host):
        rid = {"Administrators": 544, "Users": 545, "Guests": 546, "Backup Operators": 551,
               "Remote Desktop Users": 555, "Performance Log Users": 559, "Distributed COM Users": 562,
               "Event Log Readers": 573}[g]
        out += "Name=%s\nSID=S-1-5-32-%d\n\n\n" % (g, rid)
    return out

# --------------------------------------------------------------------------------------------
# systeminfo, ipconfig, query user

def systeminfo(host, h):
    f = lambda k, v: (k + ":").ljust(27) + v + "\n"
    t = "\n" + f("Host Name", host) + f("OS Name", h["os"]) + f("OS Version", h["ver"])
    t += f("OS Manufacturer", "Microsoft Corporation") + f("OS Configuration", h["config"])
    t += f("OS Build Type", "Multiprocessor Free") + f("Registered Owner", "Line 3 Operations")
    t += "Registered Organization:\n" + f("Product ID", "00429-70000-00000-AA535")
    t += f("Original Install Date", "3/2/2021, 9:12:41 AM") + f("System Boot Time", "6/20/2023, 7:55:10 AM")
    t += f("System Manufacturer", "Dell Inc.") + f("System Model", "OptiPlex 7080")
    t += f("System Type", h["systype"]) + f("Processor(s)", "1 Processor(s) Installed.")
    t += " " * 27 + "[01]: Intel64 Family 6 Model 165 Stepping 5 GenuineIntel ~2904 Mhz\n"
    t += f("BIOS Version", "Dell Inc. 1.16.0, 2/15/2022") + f("Windows Directory", "C:\\Windows")
    t += f("System Directory", "C:\\Windows\\system32") + f("Boot Device", "\\Device\\HarddiskVolume1")
    t += f("System Locale", "en-us;English (United States)") + f("Input Locale", "en-us;English (United States)")
    t += f("Time Zone", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
    t += f("Total Physical Memory", "16,108 MB") + f("Available Physical Memory", "11,872 MB")
    t += f("Virtual Memory: Max Size", "18,540 MB") + f("Virtual Memory: Available", "13,911 MB")
    t += f("Virtual Memory: In Use", "4,629 MB") + f("Page File Location(s)", "C:\\pagefile.sys")
    t += f("Domain", "WORKGROUP") + f("Logon Server", "\\\\" + host)
    t += f("Hotfix(s)", "%d Hotfix(s) Installed." % len(h["hotfixes"]))
    for i, kb in enumerate(h["hotfixes"], 1):
        t += " " * 27 + "[%02d]: %s\n" % (i, kb)
    t += f("Network Card(s)", "1 NIC(s) Installed.")
    t += " " * 27 + "[01]: Intel(R) Ethernet Connection (11) I219-LM\n"
    t += " " * 33 + "Connection Name: Ethernet\n" + " " * 33 + "DHCP Enabled:    No\n"
    t += " " * 33 + "IP address(es)\n" + " " * 33 + "[01]: %s\n" % h["ip"]
    t += " " * 33 + "[02]: fe80::5d1c:9a3e:2b7f:41c%d\n" % (len(host) + 7)
    if h["os"].find("Windows 7") < 0:
        t += f("Hyper-V Requirements", "A hypervisor has been detected. Features required for Hyper-V will not be displayed.")
    return t

def ipconfig(host, h):
    dots = lambda label: (" " * 3 + label + " ").ljust(39, ".")[:39]
    t = "\nWindows IP Configuration\n\n"
    t += "   Host Name . . . . . . . . . . . . : %s\n" % host
    t += "   Primary Dns Suffix  . . . . . . . : \n   Node Type . . . . . . . . . . . . : Hybrid\n"
    t += "   IP Routing Enabled. . . . . . . . : No\n   WINS Proxy Enabled. . . . . . . . : No\n\n"
    t += "Ethernet adapter Ethernet:\n\n   Connection-specific DNS Suffix  . : \n"
    t += "   Description . . . . . . . . . . . : Intel(R) Ethernet Connection (11) I219-LM\n"
    t += "   Physical Address. . . . . . . . . : 00-1A-2B-3C-4D-%02X\n" % (int(h["ip"].split(".")[-1]))
    t += "   DHCP Enabled. . . . . . . . . . . : No\n   Autoconfiguration Enabled . . . . : Yes\n"
    t += "   IPv4 Address. . . . . . . . . . . : %s(Preferred) \n" % h["ip"]
    t += "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n"
    t += "   Default Gateway . . . . . . . . . : 10.0.3.1\n"
    t += "   DNS Servers . . . . . . . . . . . : 10.0.3.1\n"
    t += "   NetBIOS over Tcpip. . . . . . . . : Enabled\n"
    return "\n".join(l.rstrip() if not l.endswith(": ") else l for l in t.split("\n"))

def query_user(h):
    return (" USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME\n" +
            ">%-21s %-18s %2d  %-7s %9s  %s\n" % (h["console"], "console", 1, "Active", "none", "6/20/2023 8:01 AM"))

# --------------------------------------------------------------------------------------------
# secedit, auditpol

def secedit(host, h):
    guest_deny = "Guest" if host != "HMI2" else "Guest"
    return """[Unicode]
Unicode=yes
[System Access]
MinimumPasswordAge = 0
MaximumPasswordAge = 42
MinimumPasswordLength = 0
PasswordComplexity = %d
PasswordHistorySize = 0
LockoutBadCount = 0
RequireLogonToChangePassword = 0
ForceLogoffWhenHourExpire = 0
NewAdministratorName = "Administrator"
NewGuestName = "Guest"
ClearTextPassword = 0
LSAAnonymousNameLookup = 0
EnableAdminAccount = %d
EnableGuestAccount = 0
[Event Audit]
AuditSystemEvents = 0
AuditLogonEvents = %d
AuditObjectAccess = 0
AuditPrivilegeUse = 0
AuditPolicyChange = 0
AuditAccountManage = 0
AuditProcessTracking = 0
AuditDSAccess = 0
AuditAccountLogon = %d
[Registry Values]
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\EveryoneIncludesAnonymous=4,0
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\ForceGuest=4,0
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LimitBlankPasswordUse=4,1
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\NoLMHash=4,1
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\RestrictAnonymous=4,0
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\RestrictAnonymousSAM=4,1
MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\ConsentPromptBehaviorAdmin=4,5
MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\EnableLUA=4,1
MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\FilterAdministratorToken=4,0
MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\LegalNoticeCaption=1,""
MACHINE\\System\\CurrentControlSet\\Control\\SecurePipeServers\\Winreg\\AllowedExactPaths\\Machine=7,System\\CurrentControlSet\\Control\\ProductOptions,System\\CurrentControlSet\\Control\\Server Applications,Software\\Microsoft\\Windows NT\\CurrentVersion
[Privilege Rights]
SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551
SeBackupPrivilege = *S-1-5-32-544,*S-1-5-32-551
SeChangeNotifyPrivilege = *S-1-1-0,*S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551
SeBatchLogonRight = *S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559
SeInteractiveLogonRight = %s,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551
SeServiceLogonRight = *S-1-5-80-0
SeDenyNetworkLogonRight = %s
SeDenyInteractiveLogonRight = %s
SeImpersonatePrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6
SeRemoteInteractiveLogonRight = *S-1-5-32-544,*S-1-5-32-555
[Version]
signature="$CHICAGO$"
Revision=1
""" % (1 if host == "OPCSRV" else 0, 1 if host == "OPCSRV" else 0,
       3 if host != "HMI2" else 1, 2 if host == "OPCSRV" else 0,
       guest_deny, guest_deny, guest_deny)

AUDIT_CATEGORIES = [
    ("System", ["Security System Extension", "System Integrity", "IPsec Driver", "Other System Events", "Security State Change"]),
    ("Logon/Logoff", ["Logon", "Logoff", "Account Lockout", "IPsec Main Mode", "IPsec Quick Mode", "IPsec Extended Mode",
                      "Special Logon", "Other Logon/Logoff Events", "Network Policy Server"]),
    ("Object Access", ["File System", "Registry", "Kernel Object", "SAM", "Certification Services", "Application Generated",
                       "Handle Manipulation", "File Share", "Filtering Platform Packet Drop", "Filtering Platform Connection",
                       "Other Object Access Events"]),
    ("Privilege Use", ["Non Sensitive Privilege Use", "Other Privilege Use Events", "Sensitive Privilege Use"]),
    ("Detailed Tracking", ["Process Creation", "Process Termination", "DPAPI Activity", "RPC Events"]),
    ("Policy Change", ["Authentication Policy Change", "Authorization Policy Change", "MPSSVC Rule-Level Policy Change",
                       "Filtering Platform Policy Change", "Other Policy Change Events", "Audit Policy Change"]),
    ("Account Management", ["User Account Management", "Computer Account Management", "Security Group Management",
                            "Distribution Group Management", "Application Group Management", "Other Account Management Events"]),
    ("DS Access", ["Directory Service Changes", "Directory Service Replication", "Detailed Directory Service Replication",
                   "Directory Service Access"]),
    ("Account Logon", ["Kerberos Service Ticket Operations", "Other Account Logon Events", "Kerberos Authentication Service",
                       "Credential Validation"]),
]

def auditpol(host):
    settings = {
        "Security System Extension": "No Auditing", "System Integrity": "Success and Failure",
        "Other System Events": "Success and Failure", "Security State Change": "Success",
        "Logon": "Success and Failure" if host != "HMI2" else "Success", "Logoff": "Success",
        "Account Lockout": "Success", "Special Logon": "Success",
        "Credential Validation": "Success and Failure" if host == "OPCSRV" else "No Auditing",
        "User Account Management": "Success", "Security Group Management": "Success",
        "Audit Policy Change": "Success", "Authentication Policy Change": "Success",
    }
    t = "System audit policy\n" + "Category/Subcategory".ljust(42) + "Setting\n"
    for cat, subs in AUDIT_CATEGORIES:
        t += cat + "\n"
        for s in subs:
            t += ("  " + s).ljust(42) + settings.get(s, "No Auditing") + "\n"
    return t

# --------------------------------------------------------------------------------------------
# netsh

def profiles(states, current=None):
    t = "\n"
    for name in (current and [current]) or ["Domain", "Private", "Public"]:
        t += "%s Profile Settings: \n" % name + "-" * 70 + "\n"
        t += "State".ljust(38) + states[name] + "\n"
        t += "Firewall Policy".ljust(38) + "BlockInbound,AllowOutbound\n"
        t += "LocalFirewallRules".ljust(38) + "N/A (GPO-store only)\n"
        t += "LocalConSecRules".ljust(38) + "N/A (GPO-store only)\n"
        t += "InboundUserNotification".ljust(38) + "Enable\n"
        t += "RemoteManagement".ljust(38) + "Disable\n"
        t += "UnicastResponseToMulticast".ljust(38) + "Enable\n\n"
        t += "Logging:\n"
        t += "LogAllowedConnections".ljust(38) + "Disable\n"
        t += "LogDroppedConnections".ljust(38) + "Disable\n"
        t += "FileName".ljust(38) + "%systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log\n"
        t += "MaxFileSize".ljust(38) + "4096\n\n"
    return t + "Ok.\n\n"

def rule(name, desc, enabled, direction, profiles_, grouping, remote, protocol, lport, rport, program,
         service=None, edge="No", action="Allow", icmp=None):
    f = lambda k, v: (k + ":").ljust(38) + v + "\n"
    t = "\n" + f("Rule Name", name) + "-" * 70 + "\n"
    t += f("Description", desc) + f("Enabled", "Yes" if enabled else "No") + f("Direction", direction)
    t += f("Profiles", profiles_) + f("Grouping", grouping) + f("LocalIP", "Any") + f("RemoteIP", remote)
    t += f("Protocol", protocol)
    if icmp:
        t += " " * 38 + "Type    Code\n" + " " * 38 + "%-7s %s\n" % icmp
    else:
        t += f("LocalPort", lport) + f("RemotePort", rport)
    t += f("Edge traversal", edge)
    if program:
        t += f("Program", program)
    if service:
        t += f("Service", service)
    t += f("InterfaceTypes", "Any") + f("Security", "NotRequired") + f("Rule source", "Local Setting")
    t += f("Action", action)
    return "".join(l.rstrip() + "\n" for l in t.split("\n")[:-1])

def firewall_rules(host):
    rules = []
    # Windows' own rules (a selection of those every install has).
    rules.append(rule("Core Networking - Destination Unreachable (ICMPv6-In)",
                      "Destination Unreachable error messages are sent from any node that a packet traverses which is unable to forward the packet for any reason except congestion.",
                      host != "HMI2", "In", "Domain,Private,Public", "Core Networking", "Any", "ICMPv6", None, None,
                      "System", icmp=("1", "Any")))
    rules.append(rule("File and Printer Sharing (Echo Request - ICMPv4-In)",
                      "Echo Request messages are sent as ping requests to other nodes.", False, "In",
                      "Private,Public", "File and Printer Sharing", "LocalSubnet", "ICMPv4", None, None, None,
                      icmp=("8", "Any")))
    rules.append(rule("File and Printer Sharing (SMB-In)",
                      "Inbound rule for File and Printer Sharing to allow Server Message Block transmission and reception via Named Pipes. [TCP 445]",
                      False, "In", "Private,Public", "File and Printer Sharing", "LocalSubnet", "TCP", "445", "Any", "System"))
    rules.append(rule("Remote Desktop - User Mode (TCP-In)",
                      "Inbound rule for the Remote Desktop service to allow RDP traffic. [TCP 3389]", False, "In",
                      "Domain,Private,Public", "Remote Desktop", "Any", "TCP", "3389", "Any",
                      "%SystemRoot%\\system32\\svchost.exe", service="termservice"))
    rules.append(rule("Core Networking - DNS (UDP-Out)", "Outbound rule to allow DNS requests.", True, "Out",
                      "Domain,Private,Public", "Core Networking", "Any", "UDP", "Any", "53",
                      "%SystemRoot%\\system32\\svchost.exe", service="dnscache"))
    if host == "OPCSRV":
        rules.append(rule("DCOM (TCP 135)", "RPC endpoint mapper for the OPC clients of line 3", True, "In",
                          "Domain,Private,Public", "", "10.0.3.0/255.255.255.0", "TCP", "135", "Any", None))
        rules.append(rule("Acme OPC DA Server", "Acme OPC DA server (dynamic RPC ports)", True, "In",
                          "Domain,Private,Public", "", "10.0.3.0/255.255.255.0", "TCP", "Any", "Any",
                          "C:\\Program Files (x86)\\Acme\\opcda.exe"))
        rules.append(rule("OpcEnum", "OPC server browser", True, "In", "Domain,Private,Public", "",
                          "10.0.3.0/255.255.255.0", "TCP", "Any", "Any", "C:\\Windows\\SysWOW64\\OpcEnum.exe"))
    if host == "HMI1":
        rules.append(rule("DCOM (TCP 135) from OPCSRV", "OPC callbacks from the OPC server", True, "In",
                          "Domain,Private,Public", "", "10.0.3.10/32", "TCP", "135", "Any", None))
        rules.append(rule("Acme HMI callbacks from OPCSRV", "OPC data callbacks into the HMI", True, "In",
                          "Domain,Private,Public", "", "10.0.3.10/32", "TCP", "Any", "Any",
                          "C:\\Program Files\\Acme\\hmi.exe"))
    if host == "HMI2":
        rules.append(rule("Acme HMI", "Added by the HMI installer, disabled by the site", False, "In",
                          "Domain,Private,Public", "", "Any", "TCP", "Any", "Any",
                          "C:\\Program Files\\Acme\\hmi.exe"))
    return "".join(rules) + "Ok.\n\n"

# --------------------------------------------------------------------------------------------
# sc, icacls

def sc_qc(name, type_, start, path, display, deps, account):
    t = "[SC] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: %s\n" % name
    f = lambda k, v: "        " + k.ljust(19) + ": " + v + "\n"
    t += f("TYPE", type_) + f("START_TYPE", start) + f("ERROR_CONTROL", "1   NORMAL")
    t += f("BINARY_PATH_NAME", path) + "        LOAD_ORDER_GROUP   :\n" + f("TAG", "0")
    t += f("DISPLAY_NAME", display)
    t += f("DEPENDENCIES", deps[0]) if deps else "        DEPENDENCIES       :\n"
    for d in deps[1:]:
        t += " " * 27 + ": " + d + "\n"
    t += f("SERVICE_START_NAME", account) + "\n"
    return t

def sc_query(name, type_, state, flags):
    f = lambda k, v: "        " + k.ljust(19) + ": " + v + "\n"
    t = "\nSERVICE_NAME: %s\n" % name + f("TYPE", type_) + f("STATE", state)
    t += " " * 32 + flags + "\n" if flags else ""
    t += f("WIN32_EXIT_CODE", "0  (0x0)" if "RUNNING" in state else "1077  (0x435)")
    t += f("SERVICE_EXIT_CODE", "0  (0x0)") + f("CHECKPOINT", "0x0") + f("WAIT_HINT", "0x0") + "\n"
    return t

def sc_missing(kind):
    prefix = "[SC] OpenService FAILED 1060:" if kind == "qc" else "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:"
    return prefix + "\n\nThe specified service does not exist as an installed service.\n\n"

def icacls(path, aces):
    pad = " " * (len(path) + 1)
    t = path + " " + aces[0] + "\n" + "".join(pad + a + "\n" for a in aces[1:])
    return t + "\nSuccessfully processed 1 files; Failed processing 0 files\n"

PROGRAM_FILES_ACES = ["NT SERVICE\\TrustedInstaller:(I)(F)", "NT SERVICE\\TrustedInstaller:(I)(CI)(IO)(F)",
                      "NT AUTHORITY\\SYSTEM:(I)(M)", "NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(IO)(F)",
                      "BUILTIN\\Administrators:(I)(M)", "BUILTIN\\Administrators:(I)(OI)(CI)(IO)(F)",
                      "BUILTIN\\Users:(I)(RX)", "BUILTIN\\Users:(I)(OI)(CI)(IO)(GR,GE)",
                      "CREATOR OWNER:(I)(OI)(CI)(IO)(F)",
                      "APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES:(I)(RX)",
                      "APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES:(I)(OI)(CI)(IO)(GR,GE)",
                      "APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES:(I)(RX)",
                      "APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES:(I)(OI)(CI)(IO)(GR,GE)"]

# --------------------------------------------------------------------------------------------
# Registry contents

def ole_keys(host, h):
    win7 = host == "HMI2"
    launch_limits = [("BA", LAUNCH_ALL), ("WD", 0xB)] + ([] if win7 else [("DCOM", LAUNCH_ALL), ("PLU", LAUNCH_ALL)])
    access_limits = [("WD", ACCESS_ALL), ("AN", 0x3)] + ([] if win7 else [("DCOM", ACCESS_ALL), ("PLU", ACCESS_ALL)])
    default_launch = [("BA", LAUNCH_ALL), ("IU", LAUNCH_ALL), ("SY", LAUNCH_ALL)]
    values = [("DefaultLaunchPermission", "binary", sd_bytes("BA", "BA", default_launch)),
              ("EnableDCOM", "sz", "Y"),
              ("LegacyImpersonationLevel", "dword", 2),
              ("MachineAccessRestriction", "binary", sd_bytes("BA", "BA", access_limits)),
              ("MachineLaunchRestriction", "binary", sd_bytes("BA", "BA", launch_limits))]
    if host == "OPCSRV":
        values.append(("LegacyAuthenticationLevel", "dword", 2))
        values.append(("ActivationFailureLoggingLevel", "dword", 1))
    if host == "HMI1":
        # The OPC guide's client setting: Default Access lets the server's callbacks in.
        values.append(("DefaultAccessPermission", "binary",
                       sd_bytes("BA", "BA", [("PS", ACCESS_ALL), ("SY", ACCESS_ALL), ("BA", ACCESS_ALL),
                                             ("DCOM", ACCESS_ALL)])))
    keys = [(HKLM + "\\SOFTWARE\\Microsoft\\Ole", values),
            (HKLM + "\\SOFTWARE\\Microsoft\\Ole\\AppCompat", [])]
    if not win7:
        keys.append((HKLM + "\\SOFTWARE\\Microsoft\\Ole\\Extensions", []))
    return keys

def appid_keys(host):
    keys = [(HKLM + "\\SOFTWARE\\Classes\\AppID", [])]
    if host == "OPCSRV":
        keys.append((HKLM + "\\SOFTWARE\\Classes\\AppID\\" + OPCENUM_CLSID,
                     [("", "sz", "OpcEnum"), ("LocalService", "sz", "OpcEnum")]))
        keys.append((HKLM + "\\SOFTWARE\\Classes\\AppID\\" + ACME_CLSID, [
            ("", "sz", "Acme OPC DA Server"),
            ("RunAs", "sz", "opcsvc"),
            ("LaunchPermission", "binary", sd_bytes("BA", "BA", [("BA", LAUNCH_ALL), ("SY", LAUNCH_ALL), ("DCOM", LAUNCH_ALL)])),
            ("AccessPermission", "binary", sd_bytes("BA", "BA", [("BA", ACCESS_ALL), ("SY", ACCESS_ALL), ("DCOM", ACCESS_ALL)])),
        ]))
        keys.append((HKLM + "\\SOFTWARE\\Classes\\AppID\\opcda.exe", [("AppID", "sz", ACME_CLSID)]))
        keys.append((HKLM + "\\SOFTWARE\\Classes\\AppID\\OpcEnum.exe", [("AppID", "sz", OPCENUM_CLSID)]))
    return keys

def clsid_wow_keys(host):
    base = HKLM + "\\SOFTWARE\\Classes\\Wow6432Node\\CLSID"
    keys = [(base, [])]
    if host == "OPCSRV":
        keys.append((base + "\\" + OPCENUM_CLSID, [("", "sz", "OpcEnum Class"), ("AppID", "sz", OPCENUM_CLSID)]))
        keys.append((base + "\\" + OPCENUM_CLSID + "\\LocalServer32", [("", "sz", "C:\\Windows\\SysWOW64\\OpcEnum.exe")]))
        keys.append((base + "\\" + OPCENUM_CLSID + "\\ProgID", [("", "sz", "OPC.ServerList.1")]))
        keys.append((base + "\\" + ACME_CLSID, [("", "sz", "Acme OPC DA Server"), ("AppID", "sz", ACME_CLSID)]))
        keys.append((base + "\\" + ACME_CLSID + "\\Implemented Categories", []))
        keys.append((base + "\\" + ACME_CLSID + "\\Implemented Categories\\" + CATID_DA10, []))
        keys.append((base + "\\" + ACME_CLSID + "\\Implemented Categories\\" + CATID_DA20, []))
        keys.append((base + "\\" + ACME_CLSID + "\\LocalServer32",
                     [("", "sz", "\"C:\\Program Files (x86)\\Acme\\opcda.exe\"")]))
        keys.append((base + "\\" + ACME_CLSID + "\\ProgID", [("", "sz", "Acme.OPCDA.1")]))
        keys.append((base + "\\" + ACME_CLSID + "\\VersionIndependentProgID", [("", "sz", "Acme.OPCDA")]))
    return keys

def lsa_keys(host):
    win7 = host == "HMI2"
    v = [("auditbasedirectories", "dword", 0), ("auditbaseobjects", "dword", 0),
         ("Authentication Packages", "multi", ["msv1_0"]),
         ("Bounds", "binary", bytes([0x00, 0x30, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00])),
         ("crashonauditfail", "dword", 0), ("disabledomaincreds", "dword", 0),
         ("everyoneincludesanonymous", "dword", 0), ("forceguest", "dword", 0),
         ("fullprivilegeauditing", "binary", bytes([0])), ("LimitBlankPasswordUse", "dword", 1),
         ("NoLmHash", "dword", 1), ("Notification Packages", "multi", ["scecli"]),
         ("restrictanonymous", "dword", 0), ("restrictanonymoussam", "dword", 1),
         ("Security Packages", "multi", ['""'] if not win7 else ["kerberos", "msv1_0", "schannel", "wdigest", "tspkg", "pku2u"])]
    if not win7:
        v += [("LsaPid", "dword", 708), ("SecureBoot", "dword", 1), ("ProductType", "dword", 4)]
    base = HKLM + "\\SYSTEM\\CurrentControlSet\\Control\\Lsa"
    return [(base, v), (base + "\\AccessProviders", [("ProviderOrder", "multi", ["Windows NT Access Provider"])]),
            (base + "\\MSV1_0", [("NTLMMinClientSec", "dword", 0x20000000), ("NTLMMinServerSec", "dword", 0x20000000)])]

def rpc_keys(host):
    base = HKLM + "\\SOFTWARE\\Microsoft\\Rpc"
    keys = [(base, [("DCOM Protocols", "multi", ["ncacn_ip_tcp"]), ("UuidSequenceNumber", "dword", 0x1a2b)])]
    if host == "OPCSRV":
        keys.append((base + "\\Internet", [("Ports", "multi", ["5000-5100"]), ("PortsInternetAvailable", "sz", "Y"),
                                           ("UseInternetPorts", "sz", "Y")]))
    keys.append((base + "\\SecurityService", [("DefaultAuthLevel", "dword", 2)] if host != "HMI2" else []))
    return keys

def policies_system_keys(host):
    base = HKLM + "\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System"
    v = [("ConsentPromptBehaviorAdmin", "dword", 5), ("ConsentPromptBehaviorUser", "dword", 3),
         ("EnableInstallerDetection", "dword", 1), ("EnableLUA", "dword", 1),
         ("EnableSecureUIAPaths", "dword", 1), ("EnableUIADesktopToggle", "dword", 0),
         ("EnableVirtualization", "dword", 1), ("FilterAdministratorToken", "dword", 0),
         ("PromptOnSecureDesktop", "dword", 1), ("ValidateAdminCodeSignatures", "dword", 0),
         ("dontdisplaylastusername", "dword", 0), ("legalnoticecaption", "sz", ""), ("legalnoticetext", "sz", ""),
         ("scforceoption", "dword", 0), ("shutdownwithoutlogon", "dword", 0 if host == "OPCSRV" else 1),
         ("undockwithoutlogon", "dword", 1)]
    return [(base, v), (base + "\\Audit", []), (base + "\\UIPI", [])]

# --------------------------------------------------------------------------------------------

def write_host(host, h):
    d = os.path.join(OUT, host)
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(d):
        os.remove(os.path.join(d, name))
    p = lambda n: os.path.join(d, n)
    write_reg(p("ole.reg"), ole_keys(host, h))
    write_reg(p("appid.reg"), appid_keys(host))
    write_reg(p("clsid-wow6432.reg"), clsid_wow_keys(host))
    write_reg(p("clsid.reg"), [(HKLM + "\\SOFTWARE\\Classes\\CLSID", [])])
    write_reg(p("lsa.reg"), lsa_keys(host))
    write_reg(p("rpc.reg"), rpc_keys(host))
    write_reg(p("policies-system.reg"), policies_system_keys(host))
    write_text(p("secedit.inf"), secedit(host, h), utf16=True)
    write_text(p("auditpol.txt"), auditpol(host))
    write_text(p("net-user.txt"), net_user_list(host, h))
    for name, rid, active in h["users"]:
        write_text(p("net-user-%s.txt" % name), net_user_details(host, name, rid, active, None))
    write_text(p("net-localgroup.txt"), net_localgroup_list(host))
    for g, comment, members in host_groups(host):
        write_text(p("net-localgroup-%s.txt" % g), net_localgroup_details(g, comment, members))
    write_text(p("wmic-useraccount.txt"), wmic_users(host, h), utf16=True)
    write_text(p("wmic-group.txt"), wmic_groups(host, h), utf16=True)
    write_text(p("firewall-profiles.txt"), profiles({"Domain": "ON", "Private": "ON", "Public": "ON"}))
    write_text(p("firewall-currentprofile.txt"), profiles({"Domain": "ON", "Private": "ON", "Public": "ON"},
                                                          current="Private" if host != "HMI2" else "Public"))
    write_text(p("firewall-rules.txt"), firewall_rules(host))
    write_text(p("systeminfo.txt"), systeminfo(host, h))
    write_text(p("ipconfig.txt"), ipconfig(host, h))
    write_text(p("query-user.txt"), query_user(h))
    write_text(p("sc-qc-RpcSs.txt"), sc_qc("RpcSs", "20  WIN32_SHARE_PROCESS", "2   AUTO_START",
                                           "C:\\Windows\\system32\\svchost.exe -k rpcss -p" if host != "HMI2" else "C:\\Windows\\system32\\svchost.exe -k rpcss",
                                           "Remote Procedure Call (RPC)", ["RpcEptMapper", "DcomLaunch"],
                                           "NT AUTHORITY\\NetworkService"))
    write_text(p("sc-query-RpcSs.txt"), sc_query("RpcSs", "20  WIN32_SHARE_PROCESS", "4  RUNNING",
                                                 "(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)"))
    if host == "OPCSRV":
        write_text(p("sc-qc-OpcEnum.txt"), sc_qc("OpcEnum", "10  WIN32_OWN_PROCESS", "2   AUTO_START",
                                                 "C:\\Windows\\SysWOW64\\OpcEnum.exe", "OpcEnum", ["RPCSS"], "LocalSystem"))
        write_text(p("sc-query-OpcEnum.txt"), sc_query("OpcEnum", "10  WIN32_OWN_PROCESS", "4  RUNNING",
                                                       "(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)"))
        write_text(p("icacls-acme.txt"), icacls("C:\\Program Files (x86)\\Acme",
                                                ["OPCSRV\\opcsvc:(OI)(CI)(RX)"] + PROGRAM_FILES_ACES))
    else:
        write_text(p("sc-qc-OpcEnum.txt"), sc_missing("qc"))
        write_text(p("sc-query-OpcEnum.txt"), sc_missing("query"))
        write_text(p("icacls-acme.txt"), icacls("C:\\Program Files (x86)\\Acme", PROGRAM_FILES_ACES))

if __name__ == "__main__":
    for host, h in HOSTS.items():
        write_host(host, h)
    print("wrote", ", ".join(os.path.join(OUT, h) for h in HOSTS))
