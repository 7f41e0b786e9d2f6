#include "collect/Com.h"

#include "collect/Output.h"

namespace dd::collect {

ComApartment::ComApartment() : status_(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED)) {
  if (SUCCEEDED(status_))
    CoInitializeSecurity(nullptr, -1, nullptr, nullptr, RPC_C_AUTHN_LEVEL_DEFAULT, RPC_C_IMP_LEVEL_IMPERSONATE, nullptr,
                         EOAC_NONE, nullptr);
}

ComApartment::~ComApartment() {
  if (SUCCEEDED(status_))
    CoUninitialize();
}

std::string takeBstr(BSTR text) {
  if (!text)
    return {};
  std::string out = utf8(std::wstring_view(text, SysStringLen(text)));
  SysFreeString(text);
  return out;
}

} // namespace dd::collect
