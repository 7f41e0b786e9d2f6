@echo off
rem collect.cmd - writes a dcomdoctor host snapshot folder using built-in Windows commands only.
rem
rem   collect.cmd OUTDIR [/svc:SERVICE ...] ["/dir:C:\folder" ...] [/hives]
rem
rem OUTDIR   the folder to write (created; files in it are overwritten). Name it after the host.
rem /svc:X   also record `sc qc X` and `sc query X` (RpcSs, OpcEnum, RemoteRegistry and
rem          LanmanServer are always recorded). Give the OPC server's service name when it runs as one.
rem /dir:D   record `icacls D` (the folder of an OPC server's or client's executable). Quote the
rem          whole option when the folder has spaces: "/dir:C:\Program Files (x86)\Acme".
rem /hives   also save the SOFTWARE and SYSTEM hives (reg save) beside the .reg files; never SAM
rem           or SECURITY, which hold password hashes and LSA secrets.
rem
rem Run it in a command prompt opened with "Run as administrator": secedit, auditpol and some
rem registry keys need it. Nothing is changed on the host; passwords are never read.
rem The file names are fixed (see collect\README.md and docs\snapshot.md); dcomdoctor reads
rem whichever of them are present. Works on Windows XP / Server 2003 and later; commands a
rem version lacks (auditpol, netsh advfirewall on XP) are skipped and logged.

setlocal EnableExtensions DisableDelayedExpansion

if "%~1"=="" goto :usage
if "%~1"=="/?" goto :usage
set "OUT=%~f1"
shift

set "SVCS=RpcSs OpcEnum RemoteRegistry LanmanServer"
set "NDIRS=0"
set "HIVES="

:args
if "%~1"=="" goto :argsdone
set "ARG=%~1"
if /i "%ARG:~0,5%"=="/svc:" goto :argsvc
if /i "%ARG:~0,5%"=="/dir:" goto :argdir
if /i "%ARG%"=="/hives" goto :arghives
echo collect.cmd: unknown option "%ARG%" 1>&2
goto :usage
:argsvc
set "SVCS=%SVCS% %ARG:~5%"
shift
goto :args
:argdir
set /a NDIRS+=1
set "V=%ARG:~5%"
rem quotes inside the option (/dir:"C:\x y") are dropped
set "V=%V:"=%"
set "DIR%NDIRS%=%V%"
shift
goto :args
:arghives
set "HIVES=1"
shift
goto :args
:argsdone

if not exist "%OUT%" mkdir "%OUT%"
if not exist "%OUT%" (
  echo collect.cmd: cannot create the output folder 1>&2
  exit /b 2
)
set "LOG=%OUT%\collect-log.txt"
echo dcomdoctor collect.cmd on %COMPUTERNAME% at %DATE% %TIME%> "%LOG%"
ver>> "%LOG%"

net session >nul 2>&1
if errorlevel 1 (
  echo collect.cmd: not running as administrator: secedit, auditpol and some keys will be missing 1>&2
  echo WARNING: not run as administrator>> "%LOG%"
)

echo Registry exports...
call :export "HKLM\SOFTWARE\Microsoft\Ole" ole.reg
call :export "HKLM\SOFTWARE\Policies\Microsoft\Windows NT\DCOM" dcom-policy.reg
call :export "HKLM\SOFTWARE\Classes\AppID" appid.reg
call :export "HKLM\SOFTWARE\Classes\Wow6432Node\AppID" appid-wow6432.reg
call :export "HKLM\SOFTWARE\Classes\CLSID" clsid.reg
call :export "HKLM\SOFTWARE\Classes\Wow6432Node\CLSID" clsid-wow6432.reg
call :export "HKLM\SYSTEM\CurrentControlSet\Control\Lsa" lsa.reg
call :export "HKLM\SOFTWARE\Microsoft\Rpc" rpc.reg
call :export "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System" policies-system.reg
if defined HIVES (
  call :savehive SOFTWARE
  call :savehive SYSTEM
)

echo Security policy...
if exist "%OUT%\secedit.inf" del "%OUT%\secedit.inf"
secedit /export /cfg "%OUT%\secedit.inf" /areas SECURITYPOLICY USER_RIGHTS /quiet >nul 2>&1
if not exist "%OUT%\secedit.inf" echo secedit /export failed>> "%LOG%"
auditpol /get /category:* > "%OUT%\auditpol.txt" 2>nul
if errorlevel 1 call :failed auditpol.txt "auditpol /get"
rem The same as CSV with each subcategory's GUID (names and settings are still translated).
auditpol /get /category:* /r > "%OUT%\auditpol-r.csv" 2>nul
if errorlevel 1 call :failed auditpol-r.csv "auditpol /get /r"
rem The same as numbers: /backup writes each subcategory's GUID and Setting Value (1 Success,
rem 2 Failure, 3 both; MS-GPAC 2.2), which no language translates. It will not overwrite a file.
if exist "%OUT%\auditpol-backup.csv" del "%OUT%\auditpol-backup.csv"
auditpol /backup /file:"%OUT%\auditpol-backup.csv" >nul 2>&1
if errorlevel 1 call :failed auditpol-backup.csv "auditpol /backup"

echo Accounts...
net user > "%OUT%\net-user.txt" 2>&1
net localgroup > "%OUT%\net-localgroup.txt" 2>&1
rem wmic writes UTF-16LE when redirected; it prints account SIDs and property names that no
rem language translates. Where wmic is gone (Windows 11 24H2 and later), PowerShell writes the
rem same "Name=Value" records (call :cim).
call :cim wmic-useraccount.txt useraccount Win32_UserAccount "LocalAccount=TRUE" "Name,SID,Disabled,Lockout"
call :cim wmic-group.txt group Win32_Group "LocalAccount=TRUE" "Name,SID"
call :cim wmic-computersystem.txt computersystem Win32_ComputerSystem "" "Name,Domain,PartOfDomain,DomainRole,UserName"
set "INLIST="
for /f "usebackq delims=" %%L in (`net user`) do call :userline "%%L"
for /f "usebackq tokens=* delims=*" %%G in (`net localgroup ^| findstr /b /l "*"`) do call :group "%%G"

echo Firewall...
netsh advfirewall show allprofiles > "%OUT%\firewall-profiles.txt" 2>nul
if errorlevel 1 call :failed firewall-profiles.txt "netsh advfirewall show allprofiles"
netsh advfirewall show currentprofile > "%OUT%\firewall-currentprofile.txt" 2>nul
if errorlevel 1 call :failed firewall-currentprofile.txt "netsh advfirewall show currentprofile"
netsh advfirewall firewall show rule name=all verbose > "%OUT%\firewall-rules.txt" 2>nul
if errorlevel 1 findstr /c:"No rules match" "%OUT%\firewall-rules.txt" >nul 2>&1
if errorlevel 1 call :failed firewall-rules.txt "netsh advfirewall firewall show rule"
rem The same facts in words no language translates: the local store and Group Policy's (absent
rem when no policy sets the firewall, which is normal and not logged).
call :export "HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy" firewall-policy.reg
call :export "HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall" firewall-gpo.reg optional

echo Services...
for %%S in (%SVCS%) do call :service %%S

echo Folders...
set "I=0"
:dirloop
if %I% geq %NDIRS% goto :dirsdone
set /a I+=1
call set "D=%%DIR%I%%%"
call :icacls "%D%"
goto :dirloop
:dirsdone

echo Host...
systeminfo > "%OUT%\systeminfo.txt" 2>nul
if errorlevel 1 call :failed systeminfo.txt systeminfo
ipconfig /all > "%OUT%\ipconfig.txt" 2>nul

echo Updates...
rem The patch level: CurrentBuild and UBR (the build's revision, which names the installed
rem cumulative update) and the update list with install dates. systeminfo cuts its hotfix list
rem on long-patched hosts and wmic is gone from current Windows 11, so PowerShell writes both as
rem CSV (property names are never translated; dates as yyyy-MM-dd whatever the locale).
if exist "%OUT%\currentversion.csv" del "%OUT%\currentversion.csv"
if exist "%OUT%\updates.csv" del "%OUT%\updates.csv"
powershell -NoProfile -NonInteractive -Command "Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' | Select-Object ProductName,CurrentBuild,UBR,DisplayVersion,EditionID,InstallationType,CurrentVersion | Export-Csv -NoTypeInformation -Encoding UTF8 -Path '%OUT%\currentversion.csv'" >nul 2>&1
if not exist "%OUT%\currentversion.csv" call :failed currentversion.csv "PowerShell Get-ItemProperty CurrentVersion"
powershell -NoProfile -NonInteractive -Command "Get-CimInstance Win32_QuickFixEngineering | Select-Object HotFixID,Description,@{n='InstalledOn';e={if ($_.InstalledOn) { ([datetime]$_.InstalledOn).ToString('yyyy-MM-dd') }}} | Export-Csv -NoTypeInformation -Encoding UTF8 -Path '%OUT%\updates.csv'" >nul 2>&1
if not exist "%OUT%\updates.csv" powershell -NoProfile -NonInteractive -Command "Get-HotFix | Select-Object HotFixID,Description,@{n='InstalledOn';e={if ($_.InstalledOn) { $_.InstalledOn.ToString('yyyy-MM-dd') }}} | Export-Csv -NoTypeInformation -Encoding UTF8 -Path '%OUT%\updates.csv'" >nul 2>&1
rem Without PowerShell (XP / 2003): wmic, whose InstalledOn is the M/D/YYYY text the update wrote.
if not exist "%OUT%\updates.csv" wmic qfe get HotFixID,Description,InstalledOn /format:csv > "%OUT%\updates.csv" 2>nul
if not exist "%OUT%\updates.csv" call :failed updates.csv "Get-HotFix / wmic qfe"
rem "No User exists for *" (nobody logged on) comes on stderr with errorlevel 1: kept.
query user > "%OUT%\query-user.txt" 2>&1
if errorlevel 9009 call :failed query-user.txt "query user (not on this edition)"

call :iiscomplus "%~dp0"

echo Done: %OUT%
echo See collect-log.txt there for anything that could not be recorded.
exit /b 0

rem ---------------------------------------------------------------------------------------------
:usage
echo Usage: collect.cmd OUTDIR [/svc:SERVICE ...] ["/dir:C:\folder" ...] [/hives]
echo   e.g. collect.cmd D:\snapshots\%COMPUTERNAME% /svc:AcmeOPC "/dir:C:\Program Files (x86)\Acme"
exit /b 2

rem :export KEY FILE [optional] - reg export in the native (64-bit) view; the 32-bit view is exported
rem by its real path (Wow6432Node) so each key's view shows in the file. /reg:64 and /y do not exist
rem on XP's reg.exe: retried without them. A key that does not exist leaves no file and a log line
rem (none with "optional": a key that is normally absent).
:export
if exist "%OUT%\%~2" del "%OUT%\%~2"
reg export "%~1" "%OUT%\%~2" /y /reg:64 >nul 2>&1
if not exist "%OUT%\%~2" reg export "%~1" "%OUT%\%~2" /y >nul 2>&1
if not exist "%OUT%\%~2" reg export "%~1" "%OUT%\%~2" >nul 2>&1
if not exist "%OUT%\%~2" if /i not "%~3"=="optional" echo %~1: not present (no %~2)>> "%LOG%"
exit /b 0

:savehive
if exist "%OUT%\%~1" del "%OUT%\%~1"
reg save "HKLM\%~1" "%OUT%\%~1" /y >nul 2>&1
if not exist "%OUT%\%~1" echo reg save HKLM\%~1 failed>> "%LOG%"
exit /b 0

rem :failed FILE WHAT - a command this Windows lacks or that failed: no file, a line in the log.
:failed
del "%OUT%\%~1" 2>nul
echo %~2: failed, %~1 not written>> "%LOG%"
exit /b 0

rem :userline "LINE" - the names of `net user`, three columns of 25 characters between the
rem dashed line and the trailer.
:userline
set "L=%~1"
if "%L:~0,4%"=="----" (
  set "INLIST=1"
  exit /b 0
)
if not defined INLIST exit /b 0
if "%L:~0,12%"=="The command " (
  set "INLIST="
  exit /b 0
)
call :user "%L:~0,25%"
call :user "%L:~25,25%"
call :user "%L:~50,25%"
exit /b 0

:user
set "N=%~1"
call :trim N
if not defined N exit /b 0
net user "%N%" > "%OUT%\net-user-%N%.txt" 2>&1
exit /b 0

:group
set "N=%~1"
call :trim N
if not defined N exit /b 0
net localgroup "%N%" > "%OUT%\net-localgroup-%N%.txt" 2>&1
exit /b 0

:service
sc qc "%~1" > "%OUT%\sc-qc-%~1.txt" 2>&1
sc query "%~1" > "%OUT%\sc-query-%~1.txt" 2>&1
exit /b 0

:icacls
rem icacls-<folder name>.txt, e.g. icacls-Acme.txt for "C:\Program Files (x86)\Acme"; and the
rem folder's ACL as SDDL (SIDs, never translated) in sddl-<folder name>.txt (not icacls-*: another format).
icacls "%~1" > "%OUT%\icacls-%~nx1.txt" 2>&1
if errorlevel 9009 call :failed "icacls-%~nx1.txt" "icacls (not on this Windows)"
icacls "%~1" /save "%OUT%\sddl-%~nx1.txt" >nul 2>&1
if errorlevel 1 echo icacls /save "%~1": failed, sddl-%~nx1.txt not written>> "%LOG%"
exit /b 0

rem :cim FILE ALIAS CLASS FILTER PROPS - `wmic ALIAS [where FILTER] get PROPS /format:list` into
rem FILE; without wmic, the same records from PowerShell's Get-CimInstance (UTF-8).
:cim
set "CIMWHERE="
if not "%~4"=="" set "CIMWHERE=where "%~4""
wmic %~2 %CIMWHERE% get %~5 /format:list > "%OUT%\%~1" 2>nul
if not errorlevel 1 exit /b 0
set "CIMFILTER="
if not "%~4"=="" set "CIMFILTER=-Filter '%~4'"
powershell -NoProfile -Command "$p='%~5'.Split(','); Get-CimInstance %~3 %CIMFILTER% | ForEach-Object { $o=$_; ''; foreach($n in $p){ $n + '=' + $o.$n } } | Out-File -Encoding utf8 '%OUT%\%~1'" >nul 2>&1
if errorlevel 1 call :failed %~1 "wmic %~2 and Get-CimInstance %~3"
exit /b 0

rem :trim VAR - removes trailing spaces from the variable named VAR.
:trim
call set "T=%%%1%%"
:trimloop
if not defined T goto :trimdone
if not "%T:~-1%"==" " goto :trimdone
set "T=%T:~0,-1%"
goto :trimloop
:trimdone
set "%1=%T%"
exit /b 0

rem =============================================================================================
rem IIS and COM+ (dcomdoctor license, docs/license.md): the web server's configuration as IIS
rem keeps it and the COM+ catalog. Copies and reads only.
rem   iis-MetaBase.xml            IIS 6: %SystemRoot%\system32\inetsrv\MetaBase.xml (as IIS last
rem                               saved it; IIS writes its changes there within minutes)
rem   iis-applicationHost.config  IIS 7+: %SystemRoot%\system32\inetsrv\config\applicationHost.config
rem   complus-catalog.txt         complus-export.ps1 (PowerShell over COMAdmin.COMAdminCatalog)
rem A machine without IIS, COM+ applications or PowerShell gets a line in collect-log.txt.
rem =============================================================================================
:iiscomplus
rem %1: the folder of collect.cmd (inside a subroutine %~dp0 would be the current folder).
echo IIS and COM+...
set "INETSRV=%SystemRoot%\system32\inetsrv"
rem A 32-bit prompt on 64-bit Windows sees a redirected system32: sysnative is the real one.
if exist "%SystemRoot%\sysnative\inetsrv" set "INETSRV=%SystemRoot%\sysnative\inetsrv"
if exist "%INETSRV%\MetaBase.xml" (copy /y "%INETSRV%\MetaBase.xml" "%OUT%\iis-MetaBase.xml" >nul) else echo IIS 6 MetaBase.xml: not present>> "%LOG%"
if exist "%INETSRV%\config\applicationHost.config" (copy /y "%INETSRV%\config\applicationHost.config" "%OUT%\iis-applicationHost.config" >nul) else echo IIS 7+ applicationHost.config: not present>> "%LOG%"
powershell -NoProfile -ExecutionPolicy Bypass -File "%~1complus-export.ps1" "%OUT%\complus-catalog.txt" >nul 2>&1
if errorlevel 1 call :failed complus-catalog.txt "complus-export.ps1 (PowerShell and COMAdmin.COMAdminCatalog)"
exit /b 0
