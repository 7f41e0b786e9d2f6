#!/usr/bin/env python3
"""Writes a big plant file for the matrix benchmark (bench/bench_matrix.cpp and bench/results/sim.md).

    python3 bench/gen_plant.py HOSTS SERVERS_PER_HOST > /tmp/plant-1000.toml
    dcomdoctor matrix /tmp/plant-1000.toml --threads 2 > /dev/null

Every host runs SERVERS_PER_HOST OPC servers and one client program that is a client of every
server of every host: HOSTS x HOSTS x SERVERS_PER_HOST predictions (1000 x 1000 x 10 = 10 million).
A workgroup of identical local accounts, with faults sprinkled in so that every kind of step is
exercised: some hosts have another opcuser password, some clients are patched before 2022-11-08
with a program that sets Connect explicitly, some firewalls lack the callback rule.
bench_matrix.cpp generates the same plant in memory (same rules); keep them in step.

    python3 bench/gen_plant.py 1000 10 --wants > /tmp/plant-1000-wants.toml
    dcomdoctor fix /tmp/plant-1000-wants.toml --plan -o /tmp/plan-out

--wants adds [[wants]] (the HMI of each host -> Acme.OPCDA.0 on the next two hosts, connect and
advise) and [[unwanted]] pairs (the HMIs of hosts 10, 149 and 151 -> Acme.OPCDA.1 on host 150,
whose AccessPermission then grants only administrators):
the plant of tests/fix/PlanTest.cpp, for `fix --plan` with a wants list. Without it, `fix --plan`
wants every pair (the matrix).
"""
import sys

def plant(hosts, servers, unwanted=False):
    out = ['[plant]', 'name = "bench %d x %d"' % (hosts, servers), '']
    for h in range(hosts):
        name = "H%04d" % h
        addr = "10.%d.%d.%d" % (h // 65536, (h // 256) % 256, h % 256 + (1 if h % 256 == 0 else 0))
        os_ = "windows-server-2019" if h % 2 == 0 else "windows-10"
        patched = "2022-09-13" if h % 23 == 0 else "2023-06-13"
        out += ['[[host]]', 'name = "%s"' % name, 'os = "%s"' % os_, 'patched = %s' % patched,
                'addresses = ["%s"]' % addr, '',
                '[host.dcom]', 'default_access_permission = "O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"', '']
        out += ['[[host.firewall.rule]]', 'name = "DCOM 135"', 'port = 135', 'remote = ["10.0.0.0/8"]', '']
        out += ['[[host.firewall.rule]]', 'name = "OPC servers"', 'program = \'C:\\Program Files\\Acme\\opcda.exe\'',
                'remote = ["10.0.0.0/8"]', '']
        if h % 50 != 7:
            out += ['[[host.firewall.rule]]', 'name = "HMI callbacks"', 'program = \'C:\\Program Files\\Acme\\hmi.exe\'',
                    'remote = ["10.0.0.0/8"]', '']
        label = "Z" if h % 37 == 5 else "A"
        out += ['[[host.user]]', 'name = "opcuser"', 'password = "%s"' % label,
                'groups = ["Users", "Distributed COM Users"]', '']
        out += ['[[host.user]]', 'name = "opcsvc"', 'password = "B"', 'groups = ["Users", "Distributed COM Users"]', '']
        for s in range(servers):
            clsid = "{%08X-1C4F-4E2A-9B7D-%012X}" % (h, s)
            out += ['[[host.server]]', 'progid = "Acme.OPCDA.%d"' % s, 'clsid = "%s"' % clsid,
                    'exe = \'C:\\Program Files\\Acme\\opcda.exe\'', 'run_as = "opcsvc"', 'run_as_password = "B"',
                    'launch_permission = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)(A;;CCDCLCSWRP;;;S-1-5-32-562)"',
                    'access_permission = "%s"' % access(h, s, unwanted), '']
        out += ['[[host.client]]', 'name = "HMI"', 'run_as = "opcuser"', 'exe = \'C:\\Program Files\\Acme\\hmi.exe\'']
        if h % 23 == 0:
            out += ['activation_authentication_level = 2']
        out += ['']
    return "\n".join(out) + "\n"

def access(h, s, unwanted):
    if unwanted and h == 150 and s == 1:  # only administrators: the [[unwanted]] pairs stay red
        return "O:BAG:BAD:(A;;CCDCLC;;;BA)"
    return "O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;SY)(A;;CCDCLC;;;S-1-5-32-562)"

def wants(hosts):
    out = []
    for h in range(hosts):
        for d in (1, 2):
            out += ['[[wants]]', 'client = "H%04d"' % h, 'program = "HMI"', 'server = "H%04d"' % ((h + d) % hosts),
                    'class = "Acme.OPCDA.0"', 'advise = true', '']
    if hosts > 151:
        for h in (149, 151, 10):
            out += ['[[unwanted]]', 'client = "H%04d"' % h, 'program = "HMI"', 'server = "H0150"',
                    'class = "Acme.OPCDA.1"', '']
    return "\n".join(out) + "\n"

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--wants"]
    hosts = int(args[0]) if len(args) > 0 else 1000
    servers = int(args[1]) if len(args) > 1 else 10
    sys.stdout.write(plant(hosts, servers, "--wants" in sys.argv[1:]))
    if "--wants" in sys.argv[1:]:
        sys.stdout.write(wants(hosts))
