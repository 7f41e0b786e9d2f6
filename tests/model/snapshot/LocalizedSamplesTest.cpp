// The readers on output of Windows in Italian, Portuguese (Brazil), Japanese, Korean, Polish,
// Turkish, Czech and German, where ../shared/real-captures has no sample. Each sample below is
// the output as public material shows it (cited by its GitHub file text id, as
// ../shared/real-captures does), written back in the console code page `cmd > file` uses for
// that language (850, 852, 857, 932, 949), so the code page detection is tested too. Where the
// author of the material elided lines, the test says so and leaves them out.
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/FirewallRules.h"
#include "model/snapshot/Icacls.h"
#include "model/snapshot/NetLocalgroup.h"
#include "model/snapshot/NetUser.h"
#include "model/snapshot/QueryUser.h"
#include "model/snapshot/SystemInfo.h"
#include "model/snapshot/TextLines.h"
#include "SnapshotTestUtil.h"

#ifdef _WIN32
#include <windows.h>
#include <cstdlib>
#else
#include <iconv.h>
#endif

using namespace dd::model::snapshot;

namespace {

// UTF-8 `text` with CRLF line ends, converted to the code page `iconvName` ("CP850"): by iconv,
// or on Windows (the Wine run of this suite) by the system's own code page tables.
std::vector<uint8_t> inCodePage(std::string_view text, const char *iconvName) {
  std::vector<uint8_t> utf8 = dd::test::crlf(text);
#ifdef _WIN32
  const UINT page = static_cast<UINT>(std::atoi(iconvName + 2)); // "CP850" -> 850
  const char *in = reinterpret_cast<const char *>(utf8.data());
  const int inSize = static_cast<int>(utf8.size());
  std::wstring wide(utf8.size() + 1, L'\0');
  int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, in, inSize, wide.data(), static_cast<int>(wide.size()));
  EXPECT_GT(n, 0) << iconvName;
  std::vector<uint8_t> out(utf8.size() * 2 + 16);
  BOOL lossy = FALSE;
  int m = WideCharToMultiByte(page, 0, wide.data(), n, reinterpret_cast<char *>(out.data()),
                              static_cast<int>(out.size()), nullptr, &lossy);
  EXPECT_GT(m, 0) << iconvName;
  EXPECT_FALSE(lossy) << iconvName;
  out.resize(static_cast<size_t>(m > 0 ? m : 0));
  return out;
#else
  iconv_t cd = iconv_open(iconvName, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << iconvName;
  std::vector<uint8_t> out(utf8.size() * 2 + 16);
  char *in = reinterpret_cast<char *>(utf8.data());
  size_t inLeft = utf8.size();
  char *dst = reinterpret_cast<char *>(out.data());
  size_t outLeft = out.size();
  EXPECT_NE(iconv(cd, &in, &inLeft, &dst, &outLeft), static_cast<size_t>(-1)) << iconvName;
  iconv_close(cd);
  out.resize(out.size() - outLeft);
  return out;
#endif
}

unsigned codePageOf(const std::vector<uint8_t> &bytes) {
  auto t = decodeText(bytes, "x.txt");
  return t.ok() ? t->codePage : 0;
}

} // namespace

// systeminfo of a Portuguese (Brazil) Windows 11 Pro (public notes, text id 11381332716; the
// PowerShell prompt lines left out).
static const char *kSysteminfoPtBr = R"(
Nome do host:                              AERO-DO-LG
Nome do sistema operacional:               Microsoft Windows 11 Pro
Versão do sistema operacional:             10.0.22621 N/A compilação 22621
Fabricante do sistema operacional:         Microsoft Corporation
Configuração do SO:                        Estação de trabalho autônoma
Tipo de compilação do sistema operacional: Multiprocessor Free
Proprietário registrado:                   lgp1985@outlook.com
Organização registrada:                    N/A
Identificação do produto:                  00330-81483-80974-AA534
Data da instalação original:               21/10/2022, 11:03:21
Tempo de Inicialização do Sistema:         26/10/2022, 09:33:39
Fabricante do sistema:                     GIGABYTE
Modelo do sistema:                         AERO 16 XE5
Tipo de sistema:                           x64-based PC
Processador(es):                           1 processador(es) instalado(s).
                                           [01]: Intel64 Family 6 Model 154 Stepping 3 GenuineIntel ~2300 Mhz
Versão do BIOS:                            American Megatrends International, LLC. FB0A, 13/09/2022
Pasta do Windows:                          C:\WINDOWS
Pasta do sistema:                          C:\WINDOWS\system32
Inicializar dispositivo:                   \Device\HarddiskVolume1
Localidade do sistema:                     pt-br;Português (Brasil)
Localidade de entrada:                     en-us;Inglês (Estados Unidos)
Fuso horário:                              (UTC-03:00) Brasília
Memória física total:                      65.197 MB
Memória física disponível:                 48.257 MB
Memória Virtual: Tamanho Máximo:           74.925 MB
Memória Virtual: Disponível:               55.866 MB
Memória Virtual: Em Uso:                   19.059 MB
Local(is) de arquivo de paginação:         C:\pagefile.sys
Domínio:                                   WORKGROUP
Servidor de Logon:                         \\AERO-DO-LG
Hotfix(es):                                3 hotfix(es) instalado(s).
                                           [01]: KB5017271
                                           [02]: KB5019509
                                           [03]: KB5017233
Placa(s) de Rede:                          4 NIC(s) instalado(s).
                                           [01]: Xbox Wireless Adapter for Windows
                                                 Nome da conexão: Ethernet
                                                 DHCP ativado:    Não
                                                 Endereço(es) IP
                                           [02]: Realtek USB GbE Family Controller
                                                 Nome da conexão: Ethernet 2
                                                 Status:          Mídia desconectada
                                           [03]: Intel(R) Wi-Fi 6E AX210 160MHz
                                                 Nome da conexão: Wi-Fi
                                                 DHCP ativado:    Sim
                                                 Servidor DHCP:   192.168.1.1
                                                 Endereço(es) IP
                                                 [01]: 192.168.1.81
                                                 [02]: fe80::97e9:b7ce:b2c4:ea13
                                                 [03]: 2001:1284:f013:3278:306d:90d9:9bca:91cb
                                                 [04]: 2001:1284:f013:3278:1bd7:f5b1:ccf7:ae3a
                                           [04]: Bluetooth Device (Personal Area Network)
                                                 Nome da conexão: Conexão de Rede Bluetooth
                                                 Status:          Mídia desconectada
Requisitos do Hyper-V:                     Hipervisor detectado. Recursos necessários para o Hyper-V não serão exibidos.
)";

TEST(LocalizedSamples, SysteminfoPortugueseBrazil) {
  auto bytes = inCodePage(kSysteminfoPtBr, "CP850");
  EXPECT_EQ(codePageOf(bytes), 850u);
  auto si = parseSystemInfo(bytes, "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->hostName, "AERO-DO-LG");
  EXPECT_EQ(si->osName, "Microsoft Windows 11 Pro");
  EXPECT_EQ(si->osVersion, "10.0.22621 N/A compilação 22621");
  EXPECT_EQ(si->role, MachineRole::StandaloneWorkstation);
  EXPECT_EQ(si->osConfiguration, "Standalone Workstation");
  EXPECT_EQ(si->domain, "WORKGROUP");
  EXPECT_FALSE(si->domainMember());
  ASSERT_EQ(si->hotfixes.size(), 3u);
  EXPECT_EQ(si->declaredHotfixes, 3u);
  EXPECT_EQ(si->hotfixes[1].id, "KB5019509");
  ASSERT_EQ(si->networkCards.size(), 4u);
  EXPECT_EQ(si->networkCards[2].connectionName, "Wi-Fi");
  ASSERT_EQ(si->networkCards[2].addresses.size(), 4u);
  EXPECT_EQ(si->networkCards[2].addresses[0], "192.168.1.81");
  ASSERT_NE(si->field("Virtual Memory: Max Size"), nullptr);
  EXPECT_EQ(si->field("Virtual Memory: Max Size")->value, "74.925 MB");
  EXPECT_TRUE(si->notes.empty());
}

// systeminfo of a Japanese Windows 7 Professional (public notes, text id 21363154445). The author
// elided the hotfix list between [01] and [245] (a "....." line) and cut a "[24" line after it;
// both are left out, so the 294 announced hotfixes are listed as 2, with the note a cut list gets.
static const char *kSysteminfoJa = R"(
ホスト名:               MyCowin7
OS 名:                  Microsoft Windows 7 Professional 
OS バージョン:          6.1.7601 Service Pack 1 ビルド 7601
OS 製造元:              Microsoft Corporation
OS 構成:                スタンドアロン ワークステーション
OS ビルドの種類:        Multiprocessor Free
登録されている所有者:   mycom
登録されている組織:     
プロダクト ID:          00821-OEM-8993981-00496
最初のインストール日付: 2014/05/15, 14:44:59
システム起動時間:       2015/06/01, 12:37:13
システム製造元:         Dell Inc.
システム モデル:        OptiPlex 990
システムの種類:         x64-based PC
プロセッサ:             1 プロセッサインストール済みです。
                        [01]: Intel64 Family 6 Model 42 Stepping 7 GenuineIntel ~2574 Mhz
BIOS バージョン:        Dell Inc. A10, 2011/11/24
Windows ディレクトリ:   C:\Windows
システム ディレクトリ:  C:\Windows\system32
起動デバイス:           \Device\HarddiskVolume1
システム ロケール:      ja;日本語
入力ロケール:           ja;日本語
タイム ゾーン:          (UTC+09:00) 大阪、札幌、東京
物理メモリの合計:       16,265 MB
利用できる物理メモリ:   10,833 MB
仮想メモリ: 最大サイズ: 32,528 MB
仮想メモリ: 利用可能:   26,395 MB
仮想メモリ: 使用中:     6,133 MB
ページ ファイルの場所:  C:\pagefile.sys
ドメイン:               WORKGROUP
ログオン サーバー:      \\MyCowin7
ホットフィックス:       294 ホットフィックスがインストールされています。
                        [01]: KB2849697
                        [245]: KB3020369
ネットワーク カード:    4 NIC(s) インストール済みです。
                        [01]: Intel(R) 82579LM Gigabit Network Connection
                              接続名:		ローカル エリア接続
                              DHCP が有効:	はい
                              DHCP サーバー:	192.168.1.254
                              IP アドレス
                              [01]: 192.168.1.101
                              [02]: fe60::80ec:a40c:c4aa:24d4
)";

TEST(LocalizedSamples, SysteminfoJapanese) {
  auto bytes = inCodePage(kSysteminfoJa, "CP932");
  EXPECT_EQ(codePageOf(bytes), 932u);
  auto si = parseSystemInfo(bytes, "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->hostName, "MyCowin7");
  EXPECT_EQ(si->osName, "Microsoft Windows 7 Professional");
  EXPECT_EQ(si->osVersion, "6.1.7601 Service Pack 1 ビルド 7601");
  EXPECT_EQ(si->role, MachineRole::StandaloneWorkstation);
  EXPECT_EQ(si->domain, "WORKGROUP");
  EXPECT_EQ(si->declaredHotfixes, 294u);
  ASSERT_EQ(si->hotfixes.size(), 2u);
  EXPECT_EQ(si->hotfixes[1].id, "KB3020369");
  ASSERT_EQ(si->notes.size(), 1u); // 294 announced, 2 listed
  EXPECT_NE(si->notes[0].text.find("294"), std::string::npos);
  ASSERT_EQ(si->networkCards.size(), 1u);
  EXPECT_EQ(si->networkCards[0].connectionName, "ローカル エリア接続");
  ASSERT_EQ(si->networkCards[0].addresses.size(), 2u);
  EXPECT_EQ(si->networkCards[0].addresses[0], "192.168.1.101");
  ASSERT_NE(si->field("Hotfix(s)"), nullptr);
  EXPECT_EQ(si->field("Hotfix(s)")->printed, "ホットフィックス");
}

// A domain-joined Japanese Windows client: a public write-up lists what its systeminfo showed,
// "OS 構成：メンバー ワークステーション", "ドメイン：ad.lan" and "ログオン サーバー：\\DC1" (text id
// 38443585137). Those three values put into the Windows 7 capture above, whose labels they share.
TEST(LocalizedSamples, SysteminfoJapaneseMember) {
  std::string text(kSysteminfoJa);
  auto put = [&text](std::string_view from, std::string_view to) {
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  put("スタンドアロン ワークステーション", "メンバー ワークステーション");
  put("WORKGROUP", "ad.lan");
  put("\\\\MyCowin7", "\\\\DC1");
  auto si = parseSystemInfo(inCodePage(text, "CP932"), "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->role, MachineRole::MemberWorkstation);
  EXPECT_EQ(si->domain, "ad.lan");
  EXPECT_TRUE(si->domainMember());
}

// systeminfo of a Korean Windows 10 Pro as a public note quotes it: its first five lines only
// (text id 36747948991). Read as far as it goes, with the note a cut file gets.
TEST(LocalizedSamples, SysteminfoKoreanFirstLines) {
  auto bytes = inCodePage("\n"
                          "호스트 이름:             LAPTOP-V14DM3GL\n"
                          "OS 이름:                 Microsoft Windows 10 Pro\n"
                          "OS 버전:                 10.0.19045 N/A 빌드 19045\n"
                          "OS 제조업체:             Microsoft Corporation\n"
                          "OS 구성:                 독립 실행형 워크스테이션\n",
                          "CP949");
  EXPECT_EQ(codePageOf(bytes), 949u);
  auto si = parseSystemInfo(bytes, "systeminfo.txt");
  ASSERT_TRUE(si.ok()) << si.error().str();
  EXPECT_EQ(si->hostName, "LAPTOP-V14DM3GL");
  EXPECT_EQ(si->osName, "Microsoft Windows 10 Pro");
  EXPECT_EQ(si->osVersion, "10.0.19045 N/A 빌드 19045");
  EXPECT_EQ(si->role, MachineRole::StandaloneWorkstation);
  ASSERT_EQ(si->notes.size(), 1u);
  EXPECT_NE(si->notes[0].text.find("cut off"), std::string::npos);
}

// `net user XXXX /domain` on an Italian domain member (public notes, text id 44358299344; the
// account name is anonymised as "XXXX" in the source). Trailing blanks as shown.
static const char *kNetUserIt = R"(Nome utente                           XXXX 
Nome completo                         XXXX YYYYY
Commento
Commento utente
Codice paese/area geografica          000 (Predefinito del sistema)
Account attivo                        Sì
Scadenza account                      Mai

Ultima impostazione password          09/01/2023 10:27:32
Scadenza password                     08/07/2023 10:27:32
Password cambiabile                   09/01/2023 10:27:32
Password richiesta                    Sì
L'utente può cambiare la password     Sì

Workstation consentite                Tutti
Script di accesso
Profilo utente
Home directory
Ultimo accesso                        21/06/2023 11:09:14

Ore di accesso consentito             Tutti

Appartenenze al gruppo locale         *SapBO_user
Appartenenze al gruppo globale        *Utenti Amministrazion
                                      *Domain Users
                                      *Utenti VPN 
                                      *Utenti x
Esecuzione comando riuscita.
)";

TEST(LocalizedSamples, NetUserDetailsItalian) {
  // ì and ù are the same bytes in CP437 and CP850: either reading gives the same text.
  auto bytes = inCodePage(kNetUserIt, "CP850");
  EXPECT_NE(codePageOf(bytes), 0u);
  auto d = parseNetUserDetails(bytes, "net-user-XXXX.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_EQ(d->name, "XXXX");
  EXPECT_TRUE(d->active);
  EXPECT_FALSE(d->locked);
  EXPECT_EQ(d->activeLine, 6u);
  EXPECT_FALSE(d->passwordNeverExpires);
  EXPECT_EQ(d->passwordExpires, "08/07/2023 10:27:32");
  EXPECT_EQ(d->localGroups, std::vector<std::string>{"SapBO_user"});
  EXPECT_EQ(d->globalGroups,
            (std::vector<std::string>{"Utenti Amministrazion", "Domain Users", "Utenti VPN", "Utenti x"}));
  ASSERT_NE(d->field("Account active"), nullptr);
  EXPECT_EQ(d->field("Account active")->printed, "Account attivo");
  EXPECT_TRUE(d->notes.empty()); // the Italian trailer is known
}

// `net user`, `net localgroup` and `net localgroup administrators` on a Korean Windows 10
// (public notes, text id 6713022543; the prompt lines left out).
static const char *kNetUserKo = R"(
\\M1304INS에 대한 사용자 계정

-------------------------------------------------------------------------------
Administrator            DefaultAccount           Guest
myanj                    student                  WDAGUtilityAccount
명령을 잘 실행했습니다.
)";

static const char *kNetLocalgroupKo = R"(
\\M1304INS에 대한 별칭

-------------------------------------------------------------------------------
*__vmware__
*Access Control Assistance Operators
*Administrators
*Backup Operators
*Cryptographic Operators
*Device Owners
*Distributed COM Users
*Event Log Readers
*Guests
*Hyper-V Administrators
*IIS_IUSRS
*Network Configuration Operators
*Performance Log Users
*Performance Monitor Users
*Power Users
*Remote Desktop Users
*Remote Management Users
*Replicator
*System Managed Accounts Group
*Users
명령을 잘 실행했습니다.
)";

static const char *kNetAdministratorsKo = R"(별칭     administrators
설명     컴퓨터 도메인에 모든 액세스 권한을 가진 관리자입니다.

구성원

-------------------------------------------------------------------------------
Administrator
myanj
명령을 잘 실행했습니다.
)";

TEST(LocalizedSamples, NetListingsKorean) {
  auto users = parseNetUserList(inCodePage(kNetUserKo, "CP949"), "net-user.txt");
  ASSERT_TRUE(users.ok()) << users.error().str();
  EXPECT_EQ(users->computer, "M1304INS에");
  ASSERT_EQ(users->users.size(), 6u);
  EXPECT_EQ(users->users[3].name, "myanj");
  EXPECT_TRUE(users->notes.empty()); // the Korean trailer is known

  auto groups = parseNetLocalgroupList(inCodePage(kNetLocalgroupKo, "CP949"), "net-localgroup.txt");
  ASSERT_TRUE(groups.ok()) << groups.error().str();
  ASSERT_EQ(groups->groups.size(), 20u);
  EXPECT_EQ(groups->groups[6].name, "Distributed COM Users");
  EXPECT_TRUE(groups->notes.empty());

  auto admins = parseNetLocalgroupDetails(inCodePage(kNetAdministratorsKo, "CP949"), "administrators.txt");
  ASSERT_TRUE(admins.ok()) << admins.error().str();
  EXPECT_EQ(admins->name, "administrators");
  EXPECT_EQ(admins->comment, "컴퓨터 도메인에 모든 액세스 권한을 가진 관리자입니다.");
  ASSERT_EQ(admins->members.size(), 2u);
  EXPECT_EQ(admins->members[1].name, "myanj");
  EXPECT_TRUE(admins->notes.empty());
}

// `net user /domain` on a Portuguese (Brazil) domain member (public notes, text id 6997535837):
// the sentence naming the domain controller comes before the header.
static const char *kNetUserPtBr = R"(
A solicitação será processada em um controlador de domínio para o domínio laboratorio.local.


Contas de usuário para \\SRVLAB.laboratorio.local

-------------------------------------------------------------------------------
Administrador            andrey                   sshd
backup                   Convidado                cyg_server
diogo                    eduardohenrique          fernandamel
flavia                   gabriel                  krbtgt
marcio                   marco                    misael
paulo                    pneto                    rodrigo
root                     sousa                    squid

Comando concluído com êxito.

)";

TEST(LocalizedSamples, NetUserListPortugueseBrazilDomain) {
  auto bytes = inCodePage(kNetUserPtBr, "CP850");
  EXPECT_EQ(codePageOf(bytes), 850u);
  auto users = parseNetUserList(bytes, "net-user.txt");
  ASSERT_TRUE(users.ok()) << users.error().str();
  EXPECT_EQ(users->computer, "SRVLAB.laboratorio.local");
  ASSERT_EQ(users->users.size(), 21u);
  EXPECT_EQ(users->users[4].name, "Convidado");
  ASSERT_EQ(users->notes.size(), 1u); // the domain controller sentence, skipped
  EXPECT_EQ(users->notes[0].line, 2u);
}

// The trailers of Polish, Czech and Turkish (sources in NetLabels.cpp: `net view` output quoted in
// projects' tests, the sentence a Turkish tool looks for) close a listing in the console code
// page of the language; the other words of the listing are placeholders ("Xxx"), as no sample of
// them was found.
TEST(LocalizedSamples, NetTrailersInTheirCodePages) {
  struct Case {
    const char *trailer;
    const char *codePage;
    unsigned expected;
  };
  for (const Case &c :
       {Case{"Polecenie zostało wykonane pomyślnie.", "CP852", 852u},
        Case{"Příkaz byl úspěšně dokončen.", "CP852", 852u}, Case{"Komut başarıyla tamamlandı.", "CP857", 857u}}) {
    SCOPED_TRACE(c.trailer);
    auto bytes = inCodePage(std::string("Xxx \\\\HMI7\n\n---------------------------\nopcuser\n") + c.trailer + "\n",
                            c.codePage);
    EXPECT_EQ(codePageOf(bytes), c.expected);
    auto l = parseNetUserList(bytes, "net-user.txt");
    ASSERT_TRUE(l.ok()) << l.error().str();
    ASSERT_EQ(l->users.size(), 1u);
    EXPECT_TRUE(l->notes.empty()); // a known trailer, not one taken as the last sentence
  }
}

// netsh advfirewall firewall show rule in German (verbose) and Japanese, as public projects'
// tests quote them (text ids 69152863952 and 69496209640).
static const char *kRuleDe =
    "\n"
    "Regelname:                            StonkAgents Agent\n"
    "----------------------------------------------------------------------\n"
    "Aktiviert:                            Ja\n"
    "Richtung:                             Eingehend\n"
    "Profile:                              Domäne,Privat,Öffentlich\n"
    "Gruppierung:                          \n"
    "LokaleIP:                             Beliebig\n"
    "RemoteIP:                             Beliebig\n"
    "Protokoll:                            Beliebig\n"
    "Edgeausnahme:                         Benutzer zurückstellen\n"
    "Programm:                             C:\\Program Files\\StonkAgents\\stonkagents-daemon.exe\n"
    "Schnittstellentypen:                  Beliebig\n"
    "Sicherheit:                           Nicht erforderlich\n"
    "Regelquelle:                          Lokale Einstellung\n"
    "Aktion:                               Zulassen\n"
    "OK.\n";

TEST(LocalizedSamples, FirewallRulesGerman) {
  auto r = parseFirewallRules(inCodePage(kRuleDe, "CP850"), "rules.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->rules.size(), 1u);
  const FirewallRule &rule = r->rules[0];
  EXPECT_EQ(rule.name, "StonkAgents Agent");
  EXPECT_TRUE(rule.enabled);
  EXPECT_TRUE(rule.inbound);
  EXPECT_EQ(rule.action, "Allow");
  EXPECT_EQ(rule.profiles, (std::vector<std::string>{"Domain", "Private", "Public"}));
  EXPECT_EQ(rule.protocol, "Any");
  EXPECT_EQ(rule.remoteAddresses, std::vector<std::string>{"Any"});
  EXPECT_EQ(rule.program, "C:\\Program Files\\StonkAgents\\stonkagents-daemon.exe");
  ASSERT_NE(rule.field("Action"), nullptr);
  EXPECT_EQ(rule.field("Action")->printed, "Aktion");
  EXPECT_TRUE(r->notes.empty());

  auto none = parseFirewallRules(inCodePage("\nKeine Regeln stimmen mit den angegebenen Kriterien überein.\n", "CP850"),
                                 "rules.txt");
  ASSERT_TRUE(none.ok()) << none.error().str();
  EXPECT_TRUE(none->rules.empty());
  EXPECT_TRUE(none->notes.empty());
}

static const char *kRuleJa = "\n"
                             "規則名:                               NetBelt - SFTP Server (TCP/2222)\n"
                             "----------------------------------------------------------------------\n"
                             "有効:                                 はい\n"
                             "方向:                                 入力\n"
                             "プロトコル:                           TCP\n"
                             "ローカル ポート:                      2222\n"
                             "操作:                                 許可\n"
                             "OK\n";

TEST(LocalizedSamples, FirewallRulesJapanese) {
  auto r = parseFirewallRules(inCodePage(kRuleJa, "CP932"), "rules.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->rules.size(), 1u);
  EXPECT_EQ(r->rules[0].name, "NetBelt - SFTP Server (TCP/2222)");
  EXPECT_TRUE(r->rules[0].enabled);
  EXPECT_TRUE(r->rules[0].inbound);
  EXPECT_EQ(r->rules[0].action, "Allow");
  EXPECT_EQ(r->rules[0].protocol, "TCP");
  EXPECT_EQ(r->rules[0].localPorts, std::vector<std::string>{"2222"});
  EXPECT_TRUE(r->notes.empty());

  // The same rule disabled, and blocking (the project's other two samples).
  std::string disabled(kRuleJa), blocking(kRuleJa);
  disabled.replace(disabled.find("はい"), std::string("はい").size(), "いいえ");
  blocking.replace(blocking.find("許可"), std::string("許可").size(), "ブロック");
  auto d = parseFirewallRules(inCodePage(disabled, "CP932"), "rules.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_FALSE(d->rules[0].enabled);
  auto b = parseFirewallRules(inCodePage(blocking, "CP932"), "rules.txt");
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_EQ(b->rules[0].action, "Block");
}

// netsh advfirewall firewall show rule name=all verbose of a Japanese Windows 10 Home just after
// `netsh advfirewall reset`, kept verbatim as an example by a public project (text id
// 46769196813): its first rule, and its closing "OK" (the listing's last line).
static const char *kRulesJaVerbose =
    "\n"
    "規則名:                               SNMP トラップ サービス (UDP 受信)\n"
    "----------------------------------------------------------------------\n"
    "説明:                                 SNMP トラップを許可する SNMP トラップ サービスの受信規則です。[UDP 162]\n"
    "有効:                                 いいえ\n"
    "方向:                                 入力\n"
    "プロファイル:                         プライベート,パブリック\n"
    "グループ:                             SNMP Trap\n"
    "ローカル IP:                          任意\n"
    "リモート IP:                          LocalSubnet\n"
    "プロトコル:                           UDP\n"
    "ローカル ポート:                      162\n"
    "リモート ポート:                      任意\n"
    "エッジ トラバーサル:                  いいえ\n"
    "プログラム:                           C:\\Windows\\system32\\snmptrap.exe\n"
    "サービス:                             SNMPTRAP\n"
    "インターフェイスの種類:               任意\n"
    "セキュリティ:                         NotRequired\n"
    "規則のソース:                          ローカル設定\n"
    "操作:                                 許可\n"
    "OK\n";

// The same capture's sixth rule, an outbound one, with the closing "OK".
static const char *kRuleJaOut =
    "\n"
    "規則名:                               WFD ドライバーのみ (TCP 送信)\n"
    "----------------------------------------------------------------------\n"
    "説明:                                 ドライバーが WFD 経由で通信するための受信規則 (TCP 送信)\n"
    "有効:                                 はい\n"
    "方向:                                 出力\n"
    "プロファイル:                         ドメイン,プライベート,パブリック\n"
    "グループ:                             WLAN サービス - WFD サービス カーネル モード ドライバー規則\n"
    "ローカル IP:                          任意\n"
    "リモート IP:                          任意\n"
    "プロトコル:                           TCP\n"
    "ローカル ポート:                      任意\n"
    "リモート ポート:                      任意\n"
    "エッジ トラバーサル:                  いいえ\n"
    "プログラム:                           System\n"
    "インターフェイスの種類:               任意\n"
    "セキュリティ:                         NotRequired\n"
    "規則のソース:                          ローカル設定\n"
    "操作:                                 許可\n"
    "OK\n";

TEST(LocalizedSamples, FirewallRulesJapaneseVerbose) {
  auto r = parseFirewallRules(inCodePage(kRulesJaVerbose, "CP932"), "rules.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->rules.size(), 1u);
  const FirewallRule &first = r->rules[0];
  EXPECT_EQ(first.name, "SNMP トラップ サービス (UDP 受信)");
  EXPECT_FALSE(first.enabled);
  EXPECT_TRUE(first.inbound);
  EXPECT_EQ(first.action, "Allow");
  EXPECT_EQ(first.profiles, (std::vector<std::string>{"Private", "Public"}));
  EXPECT_EQ(first.protocol, "UDP");
  EXPECT_EQ(first.localPorts, std::vector<std::string>{"162"});
  EXPECT_EQ(first.remoteAddresses, std::vector<std::string>{"LocalSubnet"});
  EXPECT_EQ(first.program, "C:\\Windows\\system32\\snmptrap.exe");
  EXPECT_EQ(first.service, "SNMPTRAP");
  ASSERT_NE(first.field("Edge traversal"), nullptr);
  EXPECT_EQ(first.field("Edge traversal")->printed, "エッジ トラバーサル");
  EXPECT_TRUE(r->notes.empty());

  auto out = parseFirewallRules(inCodePage(kRuleJaOut, "CP932"), "rules.txt");
  ASSERT_TRUE(out.ok()) << out.error().str();
  ASSERT_EQ(out->rules.size(), 1u);
  EXPECT_TRUE(out->rules[0].enabled);
  EXPECT_FALSE(out->rules[0].inbound);
  EXPECT_EQ(out->rules[0].profiles, (std::vector<std::string>{"Domain", "Private", "Public"}));
  EXPECT_EQ(out->rules[0].localPorts, std::vector<std::string>{"Any"});
  EXPECT_EQ(out->rules[0].remoteAddresses, std::vector<std::string>{"Any"});
  EXPECT_EQ(out->rules[0].program, "System");

  // The answer when no rule matches, as the first project's tests quote it (text id 69496209640).
  auto none = parseFirewallRules(inCodePage("\n指定された条件に一致する規則はありません。\n\n", "CP932"), "rules.txt");
  ASSERT_TRUE(none.ok()) << none.error().str();
  EXPECT_TRUE(none->rules.empty());
  EXPECT_TRUE(none->notes.empty());
}

// netsh advfirewall show allprofiles of a Japanese Windows 10 Home just after
// `netsh advfirewall reset`, kept verbatim as an example by a public project (text id
// 46652260816; its headers end in ": ").
// The capture's three profiles print the same fields, so the body is written once here.
static const char *kProfileBodyJa = "----------------------------------------------------------------------\n"
                                    "State                                 オン\n"
                                    "Firewall Policy                       BlockInbound,AllowOutbound\n"
                                    "LocalFirewallRules                    N/A (GPO ストアのみ)\n"
                                    "LocalConSecRules                      N/A (GPO ストアのみ)\n"
                                    "InboundUserNotification               有効\n"
                                    "RemoteManagement                      無効\n"
                                    "UnicastResponseToMulticast            有効\n"
                                    "\n"
                                    "ログ:\n"
                                    "LogAllowedConnections                 無効\n"
                                    "LogDroppedConnections                 無効\n"
                                    "FileName                              "
                                    "%systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log\n"
                                    "MaxFileSize                           4096\n";

static const std::string kProfilesJa = std::string("\nドメイン プロファイル 設定: \n") + kProfileBodyJa +
                                       "\n\nプライベート プロファイル 設定: \n" + kProfileBodyJa +
                                       "\n\nパブリック プロファイル 設定: \n" + kProfileBodyJa + "\nOK\n\n";

TEST(LocalizedSamples, FirewallProfilesJapanese) {
  auto p = parseFirewallProfiles(inCodePage(kProfilesJa, "CP932"), "firewall-profiles.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->profiles.size(), 3u);
  for (const char *name : {"Domain", "Private", "Public"}) {
    const FirewallProfile *profile = p->find(name);
    ASSERT_NE(profile, nullptr) << name;
    EXPECT_TRUE(profile->on) << name;
    EXPECT_TRUE(profile->blocksInbound) << name;
  }
  EXPECT_EQ(p->profiles[1].name, "Private");
  EXPECT_EQ(p->profiles[1].line, 19u);
  EXPECT_TRUE(p->notes.empty()); // headers by their words, and the closing "OK"

  // The public profile turned off: "オフ", the word the same project's parser reads for OFF.
  std::string off = kProfilesJa;
  const size_t publicState = off.find("オン", off.find("パブリック"));
  off.replace(publicState, std::string("オン").size(), "オフ");
  auto q = parseFirewallProfiles(inCodePage(off, "CP932"), "firewall-profiles.txt");
  ASSERT_TRUE(q.ok()) << q.error().str();
  EXPECT_TRUE(q->find("Private")->on);
  EXPECT_FALSE(q->find("Public")->on);
}

// netsh advfirewall show allprofiles on a French Windows, pasted in a tutorial (text id
// 22534624268): the author kept the domain profile only, and the PowerShell prompt after it is
// left out here.
static const char *kProfilesFr =
    "Paramètres Profil de domaine :\n"
    "----------------------------------------------------------------------\n"
    "État                                  Actif\n"
    "Stratégie de pare-feu                 BlockInbound,AllowOutbound\n"
    "LocalFirewallRules                    N/A (magasin d'objets de stratégie de groupe "
    "uniquement)\n"
    "LocalConSecRules                      N/A (magasin d'objets de stratégie de groupe "
    "uniquement)\n"
    "InboundUserNotification               Activer\n"
    "RemoteManagement                      Désactiver\n"
    "UnicastResponseToMulticast            Activer\n"
    "\n"
    "Journalisation :\n"
    "LogAllowedConnections                 Désactiver\n"
    "LogDroppedConnections                 Désactiver\n"
    "FileName                              %systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log\n"
    "MaxFileSize                           4096\n";

TEST(LocalizedSamples, FirewallProfilesFrench) {
  auto p = parseFirewallProfiles(inCodePage(kProfilesFr, "CP850"), "firewall-profiles.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->profiles.size(), 1u);
  EXPECT_EQ(p->profiles[0].name, "Domain"); // by its words, not its place
  EXPECT_TRUE(p->profiles[0].on);
  EXPECT_EQ(p->profiles[0].stateLine, 3u);
  EXPECT_TRUE(p->profiles[0].blocksInbound);
}

// German: the headers and State EIN/AUS as three public programs read German netsh output (text
// ids 39802841677, 56766097947, 14654880863); none quotes a whole listing, so the layout around
// the words is netsh's own (a dashed line under each header, "OK." at the end).
TEST(LocalizedSamples, FirewallProfilesGerman) {
  std::string text;
  for (auto [header, state] :
       {std::pair{"Domänenprofil-Einstellungen:", "EIN"}, std::pair{"Privates Profil-Einstellungen:", "EIN"},
        std::pair{"Öffentliches Profil-Einstellungen:", "AUS"}})
    text += std::string("\n") + header +
            "\n----------------------------------------------------------------------\n"
            "Status                                " +
            state + "\nFirewallrichtlinie                    BlockInbound,AllowOutbound\n";
  text += "OK.\n";
  auto p = parseFirewallProfiles(inCodePage(text, "CP850"), "firewall-profiles.txt");
  ASSERT_TRUE(p.ok()) << p.error().str();
  ASSERT_EQ(p->profiles.size(), 3u);
  EXPECT_TRUE(p->find("Domain")->on);
  EXPECT_TRUE(p->find("Private")->on);
  EXPECT_FALSE(p->find("Public")->on);
  EXPECT_TRUE(p->notes.empty()); // every header by its words
}

// query user on a German Windows, as a public README shows it (text id 41595633631): the
// translated header is read by its words, the console session's user and state.
TEST(LocalizedSamples, QueryUserGerman) {
  auto q =
      parseQueryUser(inCodePage(" BENUTZERNAME          SITZUNGSNAME       ID  STATUS  LEERLAUF   ANMELDEZEIT\n"
                                " manfred               console             4  Aktiv       Kein   28.04.2025 12:03\n",
                                "CP850"),
                     "query-user.txt");
  ASSERT_TRUE(q.ok()) << q.error().str();
  ASSERT_EQ(q->sessions.size(), 1u);
  EXPECT_EQ(q->sessions[0].state, "Aktiv");
  EXPECT_TRUE(q->sessions[0].active);
  ASSERT_NE(q->consoleUser(), nullptr);
  EXPECT_EQ(q->consoleUser()->user, "manfred");
  EXPECT_EQ(q->consoleUser()->line, 2u);
}

// A rule listing in a language without a table (Korean here; the labels are placeholders, the
// rule name is the user's own): the header is found by its place, and the first field the reader
// must understand stops it with the language, the line and the way out.
TEST(LocalizedSamples, FirewallRulesInAnotherLanguageSayWhich) {
  auto r = parseFirewallRules(inCodePage("\n"
                                         "Xxx:                                  OPC 서버\n"
                                         "----------------------------------------------------------------------\n"
                                         "Xxx1:                                 Xxx\n"
                                         "Xxx2:                                 Xxx\n"
                                         "OK.\n",
                                         "CP949"),
                              "rules.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*r.error().line, 2u);
  const std::string &m = r.error().message;
  EXPECT_NE(m.find("lacks Enabled"), std::string::npos) << m;
  EXPECT_NE(m.find("looks like Korean"), std::string::npos) << m;
  EXPECT_NE(m.find("English, German, Japanese"), std::string::npos) << m;
  EXPECT_NE(m.find("Get-NetFirewallRule"), std::string::npos) << m;
}

// icacls on a Spanish Windows (a public writeup of the HTB machine Mailing, text id 48456893051;
// the PowerShell prompt left out). The trailer is as the writeup shows it.
static const char *kIcaclsEs = R"(C:\Important Documents MAILING\maya:(OI)(CI)(M)
                       BUILTIN\Administradores:(I)(OI)(CI)(F)
                       NT AUTHORITY\SYSTEM:(I)(OI)(CI)(F)
                       BUILTIN\Usuarios:(I)(OI)(CI)(RX)
                       NT AUTHORITY\Usuarios autentificados:(I)(M)
                       NT AUTHORITY\Usuarios autentificados:(I)(OI)(CI)(IO)(M)

Successfully processed 1 files; Failed processing 0 files
)";

TEST(LocalizedSamples, IcaclsSpanish) {
  auto r = parseIcacls(inCodePage(kIcaclsEs, "CP850"), "icacls.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].path, "C:\\Important Documents");
  const auto &aces = r->entries[0].aces;
  ASSERT_EQ(aces.size(), 6u);
  EXPECT_EQ(aces[0].principal, "MAILING\\maya");
  EXPECT_EQ(aces[1].principal, "BUILTIN\\Administrators");
  EXPECT_EQ(aces[1].printedPrincipal, "BUILTIN\\Administradores");
  EXPECT_EQ(aces[3].principal, "BUILTIN\\Users");
  EXPECT_EQ(aces[4].principal, "NT AUTHORITY\\Authenticated Users");
  EXPECT_TRUE(aces[4].inherited);
  EXPECT_TRUE(aces[5].inheritOnly);
  EXPECT_EQ(r->processed, 1u);
}

// icacls on a Portuguese (Brazil) Windows as Brazilian command notes quote it (text id
// 2400582992; the author's "-- SYSTEM" remarks after each line left out). The first ACE alone on
// the path line is found by its translated name, as a one-ACE listing needs.
TEST(LocalizedSamples, IcaclsPortugueseBrazil) {
  auto r = parseIcacls(inCodePage("arquivo 2.txt AUTORIDADE NT\\SISTEMA:(I)(F)\n"
                                  "              BUILTIN\\Administradores:(I)(F)\n"
                                  "              DESKTOP-JPMQF3L\\aluno:(I)(F)\n",
                                  "CP850"),
                       "icacls.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].path, "arquivo 2.txt");
  ASSERT_EQ(r->entries[0].aces.size(), 3u);
  EXPECT_EQ(r->entries[0].aces[0].principal, "NT AUTHORITY\\SYSTEM");
  EXPECT_EQ(r->entries[0].aces[1].principal, "BUILTIN\\Administrators");
  EXPECT_EQ(r->entries[0].aces[2].principal, "DESKTOP-JPMQF3L\\aluno");
  auto one = parseIcacls(inCodePage("arquivo 2.txt AUTORIDADE NT\\SISTEMA:(I)(F)\n", "CP850"), "icacls.txt");
  ASSERT_TRUE(one.ok()) << one.error().str();
  EXPECT_EQ(one->entries[0].path, "arquivo 2.txt");
  EXPECT_EQ(one->entries[0].aces[0].principal, "NT AUTHORITY\\SYSTEM");
}

// `net user`, `net user NAME` and `net localgroup Administradores` on a Portuguese (Brazil)
// Windows (public capture, text id 60360714748; the prompt lines and the whoami output between
// them left out).
static const char *kNetUserListPtBrLocal = R"(
Contas de usuário para \\PAVILIONHPVS

-------------------------------------------------------------------------------
Administrador            Convidado                DefaultAccount
Sant'Ana                 WDAGUtilityAccount
Comando concluído com êxito.
)";

static const char *kNetUserDetailsPtBr = R"(Nome de usuário                     Sant'Ana
Nome completo
Comentário
Comentário do usuário
Código do país/região               000 (Padrão do sistema)
Conta ativa                         Sim
Conta expira em                     Nunca

Última definição de senha           21/08/2024 21:41:08
A senha expira                      Nunca
Alteração de senha                  21/08/2024 21:41:08
Senha requerida                     Não
O usuário pode alterar a senha      Sim

Estações de trabalho permitidas     Todos
Script de logon
Perfil do usuário
Pasta base
Último logon                        08/06/2026 19:44:31

Horário de logon permitido          Todos

Associações de Grupo Local          *Administradores
Associações de Grupo Global         *None
Comando concluído com êxito.
)";

static const char *kNetAdministratorsPtBr = R"(Nome de alias      Administradores
Comentário         Os administradores têm acesso completo e irrestrito ao computador/domínio

Membros

-------------------------------------------------------------------------------
Administrador
Sant'Ana
Comando concluído com êxito.
)";

TEST(LocalizedSamples, NetPortugueseBrazil) {
  auto users = parseNetUserList(inCodePage(kNetUserListPtBrLocal, "CP850"), "net-user.txt");
  ASSERT_TRUE(users.ok()) << users.error().str();
  EXPECT_EQ(users->computer, "PAVILIONHPVS");
  ASSERT_EQ(users->users.size(), 5u);
  EXPECT_EQ(users->users[3].name, "Sant'Ana");
  EXPECT_TRUE(users->notes.empty());

  auto d = parseNetUserDetails(inCodePage(kNetUserDetailsPtBr, "CP850"), "net-user-santana.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_EQ(d->name, "Sant'Ana");
  EXPECT_TRUE(d->active);
  EXPECT_TRUE(d->passwordNeverExpires); // "Nunca": no digit
  EXPECT_EQ(d->localGroups, std::vector<std::string>{"Administradores"});
  EXPECT_TRUE(d->globalGroups.empty()); // "*None" stays English here
  EXPECT_EQ(d->field("Account active")->printed, "Conta ativa");
  EXPECT_TRUE(d->notes.empty());

  auto admins = parseNetLocalgroupDetails(inCodePage(kNetAdministratorsPtBr, "CP850"), "administrators.txt");
  ASSERT_TRUE(admins.ok()) << admins.error().str();
  EXPECT_EQ(admins->name, "Administradores");
  ASSERT_EQ(admins->members.size(), 2u);
  EXPECT_EQ(admins->members[1].name, "Sant'Ana");
  EXPECT_TRUE(admins->notes.empty());
}

// The names whoami /groups prints beside their SIDs on the same Portuguese (Brazil) Windows, as
// icacls prints them (ACE lines built from those names; the rights are placeholders of our own).
TEST(LocalizedSamples, IcaclsPortugueseBrazilNamesFromWhoami) {
  auto r = parseIcacls(inCodePage("C:\\OPC Todos:(RX)\n"
                                  "       BUILTIN\\Usuários:(RX)\n"
                                  "       AUTORIDADE NT\\INTERATIVO:(RX)\n"
                                  "       AUTORIDADE NT\\Usuários autenticados:(M)\n",
                                  "CP850"),
                       "icacls.txt");
  ASSERT_TRUE(r.ok()) << r.error().str();
  const auto &aces = r->entries[0].aces;
  ASSERT_EQ(aces.size(), 4u);
  EXPECT_EQ(r->entries[0].path, "C:\\OPC");
  EXPECT_EQ(aces[0].principal, "Everyone");
  EXPECT_EQ(aces[1].principal, "BUILTIN\\Users");
  EXPECT_EQ(aces[2].principal, "NT AUTHORITY\\INTERACTIVE");
  EXPECT_EQ(aces[3].principal, "NT AUTHORITY\\Authenticated Users");
}

// Principal names found in notes written for Polish, Turkish, Dutch and Italian Windows (sources
// in IcaclsLabels.cpp), in ACE lines of our own (the paths and rights are placeholders), each in
// its console code page.
TEST(LocalizedSamples, IcaclsNamesOfOtherLanguages) {
  struct Case {
    const char *principal;
    const char *english;
    const char *codePage;
  };
  for (const Case &c :
       {Case{"ZARZĄDZANIE NT\\SYSTEM", "NT AUTHORITY\\SYSTEM", "CP852"},
        Case{"ZARZĄDZANIE NT\\USŁUGA SIECIOWA", "NT AUTHORITY\\NETWORK SERVICE", "CP852"},
        Case{"BUILTIN\\Yöneticiler", "BUILTIN\\Administrators", "CP857"}, Case{"Iedereen", "Everyone", "CP850"},
        Case{"NT AUTHORITY\\Netwerkservice", "NT AUTHORITY\\NETWORK SERVICE", "CP850"},
        Case{"NT AUTHORITY\\SERVIZIO DI RETE", "NT AUTHORITY\\NETWORK SERVICE", "CP850"}}) {
    SCOPED_TRACE(c.principal);
    // One ACE alone on the path line: the translated name also marks where the ACE starts.
    auto r = parseIcacls(inCodePage(std::string("C:\\OPC Data ") + c.principal + ":(OI)(CI)(F)\n", c.codePage),
                         "icacls.txt");
    ASSERT_TRUE(r.ok()) << r.error().str();
    EXPECT_EQ(r->entries[0].path, "C:\\OPC Data");
    ASSERT_EQ(r->entries[0].aces.size(), 1u);
    EXPECT_EQ(r->entries[0].aces[0].principal, c.english);
    EXPECT_EQ(r->entries[0].aces[0].printedPrincipal, c.principal);
  }
}

// `net user win7` on a Turkish Windows (public notes, text id 24275281220; the markdown's leading
// tab of each line taken off, the tabs before the wrapped "*Users" kept as shown).
static const char *kNetUserTr = "Kullanıcı adı                         win7\n"
                                "Tam ad\n"
                                "Açıklama\n"
                                "Kullanıcı açıklaması\n"
                                "Ülke kodu                             (null)\n"
                                "Hesap etkin                           Evet\n"
                                "Hesap zaman aşımı                     Asla\n"
                                "\n"
                                "Parolanın son ayarlanmadı             12.08.2021 23:35:30\n"
                                "Parola süre sonu                      23.09.2021 23:35:30\n"
                                "Değişebilir parola                    13.08.2021 23:35:30\n"
                                "Parola gerekli                        Hayır\n"
                                "Kullanıcı parolayı değiştirebilir     Evet\n"
                                "\n"
                                "İzin verilen iş istasyonları          Tümü\n"
                                "Oturum açma kodu\n"
                                "Kullanıcı profili\n"
                                "Ana dizin\n"
                                "Son oturum açma                       14.08.2021 13:08:24\n"
                                "\n"
                                "İzin verilen oturum açma saatleri     Tümü\n"
                                "\n"
                                "Yerel Grup Üyeliği                    *Administrators\n"
                                "\t\t\t\t\t\t\t\t\t  *Users\n"
                                "Genel Grup üyeliği                    *None\n"
                                "Komut başarıyla tamamlandı.\n";

TEST(LocalizedSamples, NetUserDetailsTurkish) {
  auto bytes = inCodePage(kNetUserTr, "CP857");
  EXPECT_EQ(codePageOf(bytes), 857u);
  auto d = parseNetUserDetails(bytes, "net-user-win7.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_EQ(d->name, "win7");
  EXPECT_TRUE(d->active);
  EXPECT_EQ(d->activeLine, 6u);
  EXPECT_FALSE(d->passwordNeverExpires);
  EXPECT_EQ(d->passwordExpires, "23.09.2021 23:35:30");
  EXPECT_EQ(d->localGroups, (std::vector<std::string>{"Administrators", "Users"}));
  EXPECT_TRUE(d->globalGroups.empty());
  EXPECT_TRUE(d->notes.empty()); // the Turkish trailer is known

  // The same account disabled: "Hayır" is the No of "Parola gerekli" on the same host.
  std::string disabled(kNetUserTr);
  disabled.replace(disabled.find("Evet"), 4, "Hayır");
  auto off = parseNetUserDetails(inCodePage(disabled, "CP857"), "net-user-win7.txt");
  ASSERT_TRUE(off.ok()) << off.error().str();
  EXPECT_FALSE(off->active);
}

// `net user dontmindme /domain` on a Turkish domain member (public notes, text id 24317977335; the
// markdown's leading tab taken off): the sentence naming the domain controller comes first, an
// empty "Yerel Grup Üyeliği", and "Parola süre sonu  Asla" (never).
TEST(LocalizedSamples, NetUserDetailsTurkishDomain) {
  auto d = parseNetUserDetails(inCodePage("İstek, valhalla.local etki alanının denetleyicisinde işlenecek.\n"
                                          "\n"
                                          "Kullanıcı adı                         dontmindme\n"
                                          "Tam ad                                dontmindme\n"
                                          "Açıklama\n"
                                          "Kullanıcı açıklaması\n"
                                          "Ülke kodu                             000 (Sistem Varsayılan değer)\n"
                                          "Hesap etkin                           Evet\n"
                                          "Hesap zaman aşımı                     Asla\n"
                                          "\n"
                                          "Parolanın son ayarlanmadı             14.08.2021 17:59:27\n"
                                          "Parola süre sonu                      Asla\n"
                                          "Değişebilir parola                    15.08.2021 17:59:27\n"
                                          "Parola gerekli                        Evet\n"
                                          "Kullanıcı parolayı değiştirebilir     Evet\n"
                                          "\n"
                                          "İzin verilen iş istasyonları          Tümü\n"
                                          "Oturum açma kodu\n"
                                          "Kullanıcı profili\n"
                                          "Ana dizin\n"
                                          "Son oturum açma                       14.08.2021 18:03:51\n"
                                          "\n"
                                          "İzin verilen oturum açma saatleri     Tümü\n"
                                          "\n"
                                          "Yerel Grup Üyeliği\n"
                                          "Genel Grup üyeliği                    *Domain Users\n"
                                          "Komut başarıyla tamamlandı.\n",
                                          "CP857"),
                               "net-user-dontmindme.txt");
  ASSERT_TRUE(d.ok()) << d.error().str();
  EXPECT_EQ(d->name, "dontmindme");
  EXPECT_EQ(d->nameLine, 3u);
  EXPECT_TRUE(d->active);
  EXPECT_TRUE(d->passwordNeverExpires);
  EXPECT_TRUE(d->localGroups.empty());
  EXPECT_EQ(d->globalGroups, std::vector<std::string>{"Domain Users"});
  ASSERT_EQ(d->notes.size(), 1u); // the domain controller sentence, skipped
  EXPECT_EQ(d->notes[0].line, 1u);
}
