// The checker of the PowerShell subset (fix/PsSubset.h) accepts what apply.ps1 writes and refuses
// each thing outside the subset; the scripts themselves are checked in FixFilesTest.cpp.
#include "fix/PsSubset.h"

#include <gtest/gtest.h>

namespace {

using dd::test::checkPsSubset;

constexpr const char *kGood = R"(# a comment
param([switch]$Rollback)
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent -Path $MyInvocation.MyCommand.Path
$file = Join-Path -Path $here -ChildPath 'backup.xml'
if ($Rollback) {
  $state = Import-Clixml -Path $file
  if ($null -eq $state['c1']) {
    Remove-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Ole' -Name 'X' -ErrorAction SilentlyContinue
  } else {
    Set-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Ole' -Name 'X' -Value $state['c1'].X
  }
} else {
  $state = @{}
  $state['c1'] = (Get-CimInstance -ClassName Win32_Service -Filter "Name='It''s'").StartName
  try {
    & reg.exe import (Join-Path -Path $here -ChildPath 'changes.reg')
    if ($LASTEXITCODE -ne 0) {
      throw 'reg import failed'
    }
    $pw = Read-Host -Prompt 'Password for opcuser' -AsSecureString
    $cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList '.\opc', $pw
    $null = Invoke-CimMethod -InputObject $state -MethodName Change -Arguments @{ StartName = '.\opc'; StartPassword = $cred.GetNetworkCredential().Password }
    $null = New-NetFirewallRule -DisplayName 'DCOM' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 135,136 -RemoteAddress '10.0.0.1', '10.0.0.2'
  } catch {
    Write-Warning -Message ('failed: ' + $_.Exception.Message)
    throw
  }
}
)";

TEST(PsSubset, AcceptsTheScriptsForms) {
  auto problems = checkPsSubset(kGood);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
}

void expectRefused(const std::string &script, const std::string &fragment) {
  auto problems = checkPsSubset(script);
  ASSERT_FALSE(problems.empty()) << script;
  bool found = false;
  for (const auto &p : problems)
    found = found || p.find(fragment) != std::string::npos;
  EXPECT_TRUE(found) << problems.front() << " (wanted: " << fragment << ")";
}

TEST(PsSubset, RefusesWhatIsOutside) {
  expectRefused("$a = 1\nif ($a) {\n  Write-Host -Object 'x'\n", "not closed");
  expectRefused("}\n", "without an open block");
  expectRefused("$a = 'open\n", "not closed on its line");
  expectRefused("$a = \"open\n", "not closed on its line");
  expectRefused("Write-Host -Object $b\n", "$b is used before it is assigned");
  expectRefused("$a = $a\n", "$a is used before it is assigned");
  expectRefused("$a = \"x $c\"\n", "$c is used before it is assigned");
  expectRefused("$a = @'\nx\n'@\n", "here-strings");
  expectRefused("Get-LocalUser -Name 'x' | Remove-LocalUser\n", "pipelines");
  expectRefused("$a = 1\nif ($a) {\n} catch {\n}\n", "catch after a if block");
  expectRefused("try {\n}\n", "try without catch");
  expectRefused("Write-Host -Object $_\n", "$_ outside a catch block");
  expectRefused("Format-Volume -DriveLetter C\n", "not a statement");
  expectRefused("& reg import x\n", "name.exe");
  expectRefused("$a = 1; $b = 2\n", "unexpected");
  expectRefused("$a = 1\nparam([switch]$X)\n", "first statement");
  expectRefused("$a = $(Get-Date)\n", "outside the subset");
  expectRefused("$a = (Get-Date\n", "expected ')'");
  expectRefused("$a = `\n", "backticks");
}

} // namespace
