// The catalogue of codes and events: every layout's parameters match its template, templates
// render as Windows renders them and read back to the same values, codes are found by number and
// by name, and the Security log's %%NNNN strings translate.
#include "catalog/Codes.h"
#include "catalog/Events.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

using namespace dd::catalog;

namespace {

// The %N numbers a template uses.
std::set<size_t> placeholders(std::string_view text) {
  std::set<size_t> out;
  for (size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '%' && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      size_t n = 0, j = i + 1;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
        n = n * 10 + static_cast<size_t>(text[j++] - '0');
      out.insert(n);
    }
  return out;
}

} // namespace

TEST(Catalog, EveryLayoutNamesEachOfItsParametersOnce) {
  for (const EventLayout &l : allLayouts()) {
    SCOPED_TRACE(std::to_string(l.id) + " " + std::string(l.text.substr(0, 40)));
    std::set<size_t> used = placeholders(l.text);
    ASSERT_FALSE(used.empty());
    EXPECT_EQ(*used.rbegin(), l.params.size()) << "the highest %N is the number of parameters";
    EXPECT_TRUE(l.dataNames.empty() || l.dataNames.size() == l.params.size());
    std::set<std::string_view> names(l.params.begin(), l.params.end());
    EXPECT_EQ(names.size(), l.params.size()) << "parameter names are unique";
    EXPECT_LE(l.from, l.until);
    EXPECT_FALSE(l.source_doc.empty());
  }
}

TEST(Catalog, LayoutsOfOneIdAreTogetherAndEachVersionSimulatesOne) {
  std::set<uint32_t> seen;
  uint32_t last = 0;
  for (const EventLayout &l : allLayouts()) {
    if (l.id != last)
      EXPECT_TRUE(seen.insert(l.id).second) << l.id << " appears in two places";
    last = l.id;
  }
  for (uint32_t id : seen)
    for (Windows w : {Windows::Nt5, Windows::Vista, Windows::Win8, Windows::Win10}) {
      int simulated = 0;
      for (const EventLayout &l : layoutsOf(id))
        simulated += l.writtenBy(w) && l.simulated;
      EXPECT_LE(simulated, 1) << id;
    }
}

TEST(Catalog, RendersThe10016OfWindows10AsWindowsDoes) {
  // A 10016 as Windows 10 logs it (the message is public in many forum posts; Windows breaks the
  // line around the CLSID and APPID).
  const EventLayout *l = layoutFor(10016, Windows::Win10);
  ASSERT_NE(l, nullptr);
  std::vector<std::string> v{"application-specific",
                             "Local",
                             "Activation",
                             "{D63B10C5-BB46-4990-A94F-E40B9D520160}",
                             "{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}",
                             "NT AUTHORITY",
                             "SYSTEM",
                             "S-1-5-18",
                             "LocalHost (Using LRPC)",
                             "Unavailable",
                             "Unavailable"};
  EXPECT_EQ(render(*l, v),
            "The application-specific permission settings do not grant Local Activation permission for the COM "
            "Server application with CLSID\n{D63B10C5-BB46-4990-A94F-E40B9D520160}\nand APPID\n"
            "{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}\nto the user NT AUTHORITY\\SYSTEM SID (S-1-5-18) from address "
            "LocalHost (Using LRPC) running in the application container Unavailable SID (Unavailable). This "
            "security permission can be modified using the Component Services administrative tool.");
  EXPECT_EQ(renderOneLine(*l, v).find('\n'), std::string::npos);
  // Windows 2000/XP/2003 write the classic source where later versions write the provider.
  EXPECT_EQ(layoutFor(10016, Windows::Nt5)->providerOn(Windows::Nt5), "DCOM");
  EXPECT_EQ(l->providerOn(Windows::Win10), "Microsoft-Windows-DistributedCOM");
}

TEST(Catalog, EveryTemplateReadsBackToItsValues) {
  for (const EventLayout &l : allLayouts()) {
    std::vector<std::string> v;
    for (size_t i = 0; i < l.params.size(); ++i)
      v.push_back("v" + std::to_string(i + 1)); // (values with blanks: the round trip of tests/audit)
    for (const std::string &message : {render(l, v), renderOneLine(l, v)}) {
      auto back = parse(l, message);
      ASSERT_TRUE(back.has_value()) << l.id << ": " << message;
      EXPECT_EQ(*back, v) << l.id;
    }
  }
  EXPECT_FALSE(parse(*layoutFor(10016, Windows::Win10), "DCOM was unable to communicate").has_value());
}

TEST(Catalog, EventVersionsDiffer) {
  EXPECT_EQ(layoutFor(680, Windows::Nt5)->log, Log::Security);
  EXPECT_EQ(layoutFor(680, Windows::Vista), nullptr);
  EXPECT_EQ(layoutFor(4625, Windows::Nt5), nullptr);
  EXPECT_NE(layoutFor(10014, Windows::Nt5), nullptr);
  EXPECT_EQ(layoutFor(10015, Windows::Nt5), nullptr);
  EXPECT_EQ(layoutFor(10015, Windows::Vista)->params.size(), 7u);
  EXPECT_EQ(layoutFor(10015, Windows::Win8)->params.size(), 9u);
  // Windows Server 2008 R2's published 10016 has no APPID: read, not simulated.
  EXPECT_EQ(layoutWithParams(10016, 8)->paramIndex("appid"), -1);
  EXPECT_EQ(layoutFor(10016, Windows::Vista)->paramIndex("appid"), 4);
  EXPECT_EQ(layoutWithData(4625, "SubStatus")->params[9], "sub_status");
}

TEST(Catalog, CodesByNumberAndByName) {
  EXPECT_EQ(hresultSymbol(0x80070005), "E_ACCESSDENIED");
  EXPECT_EQ(hresultSymbol(0), "S_OK");
  EXPECT_STREQ(hresultSymbol(0x80004005).data(), "");
  EXPECT_EQ(findHResult("e_accessdenied")->code, 0x80070005u);
  EXPECT_EQ(findHResult(0x800706BA)->win32(), 1722u);
  EXPECT_FALSE(findHResult(0x80040154)->win32().has_value());
  EXPECT_EQ(findWin32(1722)->symbol, "RPC_S_SERVER_UNAVAILABLE");
  EXPECT_EQ(fromWin32(1722), 0x800706BAu);
  EXPECT_EQ(findNtStatus(0xC000006A)->symbol, "STATUS_WRONG_PASSWORD");
  EXPECT_EQ(findNtStatus("STATUS_NO_SUCH_USER")->code, 0xC0000064u);
  EXPECT_EQ(hex(0x8000401A), "0x8000401A");
  // Every FACILITY_WIN32 HRESULT has its Win32 error, with the same name and text.
  for (const HResult &h : allHResults())
    if (auto n = h.win32()) {
      const Win32Error *w = findWin32(*n);
      ASSERT_NE(w, nullptr) << h.symbol;
      EXPECT_EQ(w->message, h.message) << h.symbol;
      if (h.code != hr::E_ACCESSDENIED)
        EXPECT_EQ(w->symbol, h.symbol);
    }
}

TEST(Catalog, LogonFailureStatusAndReasonAs4625WritesThem) {
  EXPECT_EQ(logonFailureStatus(status::WrongPassword).status, status::LogonFailure);
  EXPECT_EQ(logonFailureStatus(status::WrongPassword).subStatus, status::WrongPassword);
  EXPECT_EQ(logonFailureStatus(status::AccountDisabled).status, status::AccountRestriction);
  EXPECT_EQ(logonFailureStatus(status::AccountLockedOut).subStatus, 0u);
  EXPECT_EQ(failureReasonText(status::NoSuchUser), "Unknown user name or bad password.");
  EXPECT_EQ(failureReasonText(status::AccountDisabled), "Account currently disabled.");
  EXPECT_EQ(translateInsertions("Failure Reason: %%2313 Elevated: %%1843 odd %%9999 %%"),
            "Failure Reason: Unknown user name or bad password. Elevated: No odd %%9999 %%");
  EXPECT_EQ(insertionText("2308"), "The user has not been granted the requested logon type at this machine.");
}
