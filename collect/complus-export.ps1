# complus-export.ps1 OUTFILE - writes the COM+ catalog export dcomdoctor reads (docs/license.md,
# "The COM+ catalog export"): UTF-8, one fact per line, fields separated by " | ". It only reads
# the catalog (COMAdmin.COMAdminCatalog: Applications, Roles, UsersInRole, Components,
# RolesForComponent, InterfacesForComponent, RolesForInterface, MethodsForInterface,
# RolesForMethod). collect.cmd runs it; it also runs alone in an elevated PowerShell:
#   powershell -NoProfile -ExecutionPolicy Bypass -File complus-export.ps1 D:\snapshots\WIS01\complus-catalog.txt
param([Parameter(Mandatory = $true)][string]$OutFile)
$ErrorActionPreference = 'Stop'

$catalog = New-Object -ComObject COMAdmin.COMAdminCatalog
$lines = New-Object System.Collections.Generic.List[string]
$lines.Add('# dcomdoctor COM+ catalog export 1')

# A field: no separator inside, no surrounding spaces.
function Field([object]$value) { ([string]$value -replace '\|', '/').Trim() }

# The SID of a role member's name, or '' when Windows cannot translate it (an account of another
# machine, a deleted account).
function SidOf([string]$name) {
    try { (New-Object System.Security.Principal.NTAccount($name)).Translate([System.Security.Principal.SecurityIdentifier]).Value }
    catch { '' }
}

function Items($parent, [string]$name, $key) {
    $c = $parent.GetCollection($name, $key)
    $c.Populate()
    return , $c
}

$apps = $catalog.GetCollection('Applications')
$apps.Populate()
foreach ($app in $apps) {
    $a = Field $app.Name
    $lines.Add("application | $a")
    foreach ($p in 'ApplicationAccessChecksEnabled', 'AccessChecksLevel', 'Activation', 'Authentication', 'ImpersonationLevel', 'Identity') {
        $lines.Add("application | $a | $p | $(Field $app.Value($p))")
    }
    $roles = Items $apps 'Roles' $app.Key
    foreach ($role in $roles) {
        $r = Field $role.Name
        $lines.Add("role | $a | $r")
        foreach ($user in (Items $roles 'UsersInRole' $role.Key)) {
            $n = Field $user.Name
            $lines.Add("member | $a | $r | $n | $(SidOf $n)")
        }
    }
    $components = Items $apps 'Components' $app.Key
    foreach ($component in $components) {
        $c = Field $component.Name
        $lines.Add("component | $a | $c | $(Field $component.Key)")
        foreach ($x in (Items $components 'RolesForComponent' $component.Key)) {
            $lines.Add("component-role | $a | $c | $(Field $x.Name)")
        }
        $interfaces = Items $components 'InterfacesForComponent' $component.Key
        foreach ($interface in $interfaces) {
            $i = Field $interface.Name
            foreach ($x in (Items $interfaces 'RolesForInterface' $interface.Key)) {
                $lines.Add("interface-role | $a | $c | $i | $(Field $x.Name)")
            }
            $methods = Items $interfaces 'MethodsForInterface' $interface.Key
            foreach ($method in $methods) {
                foreach ($x in (Items $methods 'RolesForMethod' $method.Key)) {
                    $lines.Add("method-role | $a | $c | $i | $(Field $method.Name) | $(Field $x.Name)")
                }
            }
        }
    }
}
[System.IO.File]::WriteAllLines($OutFile, $lines, (New-Object System.Text.UTF8Encoding($false)))
