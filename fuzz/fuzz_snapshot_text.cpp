// Fuzz target: the snapshot text readers (model/snapshot). The first byte picks the reader, the
// rest is the file's bytes; every reader must return a value or a located Error, never crash,
// hang or read out of bounds, whatever the encoding (UTF-8, UTF-16LE with or without BOM, any
// OEM code page, Latin-1 mojibake saved as UTF-8) or language. Case 14 runs the decoder and the
// language guess on their own; case 15 is the icacls /save reader; cases 17-20 the firewall's
// registry stores (a `reg export` file), one rule string, and the netsh profile headers; 21
// auditpol's CSV.
#include "model/snapshot/Auditpol.h"
#include "model/snapshot/AuditpolCsv.h"
#include "model/snapshot/FirewallProfiles.h"
#include "model/snapshot/FirewallRegistry.h"
#include "model/snapshot/FirewallRules.h"
#include "model/snapshot/Icacls.h"
#include "model/snapshot/IcaclsSave.h"
#include "model/snapshot/Languages.h"
#include "model/snapshot/NetLocalgroup.h"
#include "model/snapshot/NetUser.h"
#include "model/snapshot/PsCsv.h"
#include "model/snapshot/QueryUser.h"
#include "model/snapshot/ScQc.h"
#include "model/snapshot/ScQuery.h"
#include "model/snapshot/SeceditInf.h"
#include "model/snapshot/SystemInfo.h"
#include "model/snapshot/WmicList.h"

#include <cstddef>
#include <cstdint>
#include <span>

using namespace dd::model::snapshot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  std::span<const uint8_t> bytes(data + 1, size - 1);
  const std::string source = "fuzz.txt";
  switch (data[0] % 22) {
  case 0: (void)parseSeceditInf(bytes, source); break;
  case 1: (void)parseAuditpol(bytes, source); break;
  case 2: (void)parseNetUserList(bytes, source); break;
  case 3: (void)parseNetUserDetails(bytes, source); break;
  case 4: (void)parseNetLocalgroupList(bytes, source); break;
  case 5: (void)parseNetLocalgroupDetails(bytes, source); break;
  case 6: (void)parseFirewallRules(bytes, source); break;
  case 7: (void)parseFirewallProfiles(bytes, source); break;
  case 8: (void)parseScQc(bytes, source); break;
  case 9: (void)parseScQuery(bytes, source); break;
  case 10: (void)parseIcacls(bytes, source); break;
  case 11: (void)parseSystemInfo(bytes, source); break;
  case 12: (void)parseQueryUser(bytes, source); break;
  case 13: (void)parseWmicList(bytes, source); break;
  case 14:
    if (auto text = decodeText(bytes, source)) {
      (void)findLanguageClue(*text);
      for (const TextLine &l : text->lines)
        (void)guessLanguage(l.text);
    }
    break;
  case 15: (void)parseIcaclsSave(bytes, source); break;
  case 16: (void)parsePsCsv(bytes, source); break;
  case 17: (void)parseFirewallPolicyReg(bytes, source); break;
  case 18: (void)parseFirewallGpoReg(bytes, source); break;
  case 19:
    (void)parseFirewallRuleString(std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()));
    break;
  case 20: (void)readNetshProfileHeaders(bytes, source); break;
  case 21: (void)parseAuditpolCsv(bytes, source); break;
  }
  return 0;
}
