// The Windows oracle: every case of ../shared/conformance/sddl/ must encode to Windows' bytes
// exactly, and decode -> formatSddl -> parseSddl -> toBinary must give the same bytes back.
#include "support/Conformance.h"
#include "winsec/Sddl.h"
#include "winsec/SddlCorpus.h"

#include <fmt/format.h>

using namespace dd::winsec;

namespace {
std::string hex(const std::vector<uint8_t> &bytes) {
  std::string out;
  for (uint8_t b : bytes)
    out += fmt::format("{:02x}", b);
  return out;
}
} // namespace

TEST(SddlConformance, AllCasesBothWays) {
  DD_REQUIRE_CONFORMANCE(dir);
  auto cases = dd::test::loadSddlCorpus(dir / "sddl");
  ASSERT_EQ(cases.size(), 7277u) << "the corpus README promises 7,277 cases";
  SddlContext context{*Sid::parse("S-1-5-21-2457507606-2709100691-398136650")};
  size_t encodeOk = 0, roundTripOk = 0;
  std::vector<std::string> failures;
  for (const auto &c : cases) {
    auto sd = parseSddl(c.sddl, context);
    bool encoded = sd.ok() && sd->toBinary() == c.bytes;
    if (encoded)
      ++encodeOk;
    else if (failures.size() < 10)
      failures.push_back(fmt::format("encode {} {}\n  got:  {}\n  want: {}", c.file, c.sddl,
                                     sd.ok() ? hex(sd->toBinary()) : "error: " + sd.error().str(), hex(c.bytes)));
    auto decoded = SecurityDescriptor::fromBinary(c.bytes);
    std::string text = decoded.ok() ? formatSddl(*decoded, context) : "";
    auto again = decoded.ok() ? parseSddl(text, context) : dd::Result<SecurityDescriptor>(decoded.error());
    bool roundTrip = again.ok() && again->toBinary() == c.bytes;
    if (roundTrip)
      ++roundTripOk;
    else if (failures.size() < 10)
      failures.push_back(fmt::format("round trip {} {}\n  formatted: {}\n  {}", c.file, c.sddl, text,
                                     again.ok() ? "got: " + hex(again->toBinary()) : "error: " + again.error().str()));
    // Decoding must also give back the same model as parsing, byte for byte.
    if (decoded.ok() && encoded) {
      EXPECT_EQ(decoded->toBinary(), c.bytes) << c.sddl;
    }
  }
  std::printf("SDDL conformance: encode byte-exact %zu/%zu, decode+format+parse+encode %zu/%zu\n", encodeOk,
              cases.size(), roundTripOk, cases.size());
  for (const auto &f : failures)
    ADD_FAILURE() << f;
  EXPECT_EQ(encodeOk, cases.size());
  EXPECT_EQ(roundTripOk, cases.size());
}
