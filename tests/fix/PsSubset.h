// A checker of the PowerShell subset apply.ps1 keeps to (docs/fix.md "The PowerShell subset"):
// Debian has no PowerShell to parse the scripts, so the scripts stay inside a small grammar that
// this checks line by line:
//   script    := { line }            one statement a line; blank lines and # comments
//   statement := 'param([switch]$Name)'          (the first statement only)
//              | lvalue '=' (command | expr)     lvalue: $name, $name['key'], $null
//              | command
//              | 'if (' (command | expr) ') {' | '} else {' | 'try {' | '} catch {' | '}'
//              | 'throw' [expr]
//   command   := Verb-Noun { arg } | '&' name.exe { arg }
//   arg       := -Name | value { ',' value }
//   value     := expr-term | bareword (letters, digits, - _ . / :)
//   expr      := ['-not'] term { op term }   op: + -eq -ne -and -or ,
//   term      := 'single' | "double (with $name only)" | number | $name{['key']}{.Member[(args)]}
//              | '(' (command | expr) ')' {.Member[(args)]} | '@{' name '=' expr { ';' name '=' expr } '}'
// and that braces pair (else after if, catch after try), parentheses and quotes close on their
// line, every variable is assigned before it is used (automatic ones: $true $false $null
// $MyInvocation $LASTEXITCODE, $_ inside catch), and that there are no here-strings, pipelines,
// backticks, $( ) subexpressions or ';' outside @{ }.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dd::test {

// The problems found, "line N: what"; empty when the script keeps to the subset.
std::vector<std::string> checkPsSubset(std::string_view script);

} // namespace dd::test
