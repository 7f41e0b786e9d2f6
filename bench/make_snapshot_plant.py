#!/usr/bin/env python3
"""Writes a plant of N hosts, each with a snapshot folder, for the snapshot-reading benchmark
(bench/bench_snapshot.cpp, bench/results/snapshot.md).

    python3 bench/make_snapshot_plant.py 1000 /tmp/snapplant [../shared/real-captures]
    dcomdoctor matrix /tmp/snapplant/plant.toml       # no client programs: reading only

Each folder is one of the bundled example snapshots (examples/plant/snapshots: the .reg exports,
secedit, auditpol, net, wmic, sc, icacls, netsh files of an OPC server and two clients, in turns)
with files that real Windows machines wrote laid over it from the real-captures folder (its
README names the source of each): systeminfo (English captures, in turns, from Windows 7, 10,
Vista and Server 2012 R2, one of them UTF-16 with 203 hotfixes), on every tenth host the 504-rule
firewall listing of a Windows 11 machine, `sc qc` / `sc query` / `icacls` / `query user` outputs
as extra files. Files a reader refuses are skipped and noted, as in real use.
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "examples", "plant", "snapshots")

SYSTEMINFO = [
    "en-wesng-10_21H1_x64_enterprise.txt",
    "en-sk-locale-win7-nbpz41-utf16.txt",
    "en-wesng-10_rtm_x64_pro_en-us.txt",
    "en-wesng-srv_2012r2_u1_systeminfo2-156kb.txt",
    "en-sk-locale-win10-nbpz35-oem.txt",
    "en-wesng-vista_x64_sp1.txt",
]
EXTRA = [  # (capture, file name in the snapshot)
    ("sc-qc/en-mysql-5623-localservice.txt", "sc-qc-MySQL56.txt"),
    ("sc-qc/en-sense-delayed-auto-start.txt", "sc-qc-Sense.txt"),
    ("sc-query/en-remote-dc01-wuauserv-stopped.txt", "sc-query-wuauserv.txt"),
    ("icacls/en-htb-giddy-unifi-video.txt", "icacls-unifi-video.txt"),
    ("icacls/en-htb-ws01-c-users.txt", "icacls-Users.txt"),
]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    hosts, out = int(sys.argv[1]), sys.argv[2]
    captures = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "..", "..", "shared", "real-captures")
    if not os.path.isdir(captures):
        sys.exit("real captures not found: " + captures)
    bases = [os.path.join(EXAMPLES, h) for h in ("OPCSRV", "HMI1", "HMI2")]
    os.makedirs(out, exist_ok=True)
    plant = ["[plant]", 'name = "snapshot bench %d hosts"' % hosts, ""]
    for i in range(hosts):
        name = "H%04d" % i
        folder = os.path.join(out, name)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(bases[i % 3], folder)
        shutil.copyfile(os.path.join(captures, "systeminfo", SYSTEMINFO[i % len(SYSTEMINFO)]),
                        os.path.join(folder, "systeminfo.txt"))
        if i % 10 == 0:
            shutil.copyfile(os.path.join(captures, "firewall-rules", "en-win11-all-rules-nonverbose-504.txt"),
                            os.path.join(folder, "firewall-rules.txt"))
        for capture, target in EXTRA:
            shutil.copyfile(os.path.join(captures, capture), os.path.join(folder, target))
        shutil.copyfile(os.path.join(captures, "query-user", "en-srv2025-github-runner-quser.txt"),
                        os.path.join(folder, "query-user.txt"))
        plant += ["[[host]]", 'name = "%s"' % name, 'snapshot = "%s"' % name, ""]
    with open(os.path.join(out, "plant.toml"), "w") as f:
        f.write("\n".join(plant))


if __name__ == "__main__":
    main()
