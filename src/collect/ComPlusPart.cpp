// The COM+ catalog through COMAdmin (COMAdminCatalog, the API of the Component Services MMC):
// each application with its identity, authentication, impersonation and access-check settings,
// and its roles with their members, written as complus.json. The "Password" property is never
// read.
#include "collect/Com.h"
#include "collect/Parts.h"

#include <comadmin.h>

#include <nlohmann/json.hpp>

namespace dd::collect {
namespace {

using nlohmann::ordered_json;

const CLSID kComAdminCatalog = {0xF618C514, 0xDFB8, 0x11d1, {0xA2, 0xCF, 0x00, 0x80, 0x5F, 0xC7, 0x92, 0x35}};

// The application properties collect records (COMAdmin "Applications" collection).
constexpr const wchar_t *kApplicationProperties[] = {L"ID",
                                                     L"Identity",
                                                     L"Activation",
                                                     L"Authentication",
                                                     L"ImpersonationLevel",
                                                     L"AuthenticationCapability",
                                                     L"ApplicationAccessChecksEnabled",
                                                     L"AccessChecksLevel",
                                                     L"IsSystem",
                                                     L"IsEnabled"};

ordered_json variantJson(VARIANT &v) {
  VARIANT text;
  VariantInit(&text);
  ordered_json j;
  if (v.vt == VT_BOOL)
    j = v.boolVal != VARIANT_FALSE;
  else if (v.vt == VT_I4 || v.vt == VT_I2 || v.vt == VT_UI4 || v.vt == VT_INT)
    j = static_cast<long long>(v.vt == VT_I2 ? v.iVal : v.vt == VT_UI4 ? v.ulVal : v.lVal);
  else if (SUCCEEDED(VariantChangeType(&text, &v, 0, VT_BSTR)) && text.bstrVal)
    j = utf8(text.bstrVal);
  VariantClear(&text);
  return j;
}

ordered_json property(ICatalogObject *object, const wchar_t *name) {
  VARIANT v;
  VariantInit(&v);
  BSTR property = SysAllocString(name);
  ordered_json j = SUCCEEDED(object->get_Value(property, &v)) ? variantJson(v) : ordered_json();
  SysFreeString(property);
  VariantClear(&v);
  return j;
}

// A collection (of the catalog, or under an object's key), populated; null on failure.
HRESULT openCollection(ICOMAdminCatalog *catalog, ICatalogCollection *parent, ICatalogObject *owner,
                       const wchar_t *name, ComPtr<ICatalogCollection> &out) {
  ComPtr<IDispatch> dispatch;
  BSTR collection = SysAllocString(name);
  HRESULT hr;
  if (parent) {
    VARIANT key;
    VariantInit(&key);
    hr = owner->get_Key(&key);
    if (SUCCEEDED(hr))
      hr = parent->GetCollection(collection, key, dispatch.out());
    VariantClear(&key);
  } else {
    hr = catalog->GetCollection(collection, dispatch.out());
  }
  SysFreeString(collection);
  if (SUCCEEDED(hr))
    hr = dispatch->QueryInterface(__uuidof(ICatalogCollection), reinterpret_cast<void **>(out.out()));
  if (SUCCEEDED(hr))
    hr = out->Populate();
  return hr;
}

template <class Visit>
HRESULT forEachObject(ICatalogCollection *collection, Visit visit) {
  LONG count = 0;
  HRESULT hr = collection->get_Count(&count);
  for (LONG i = 0; SUCCEEDED(hr) && i < count; ++i) {
    ComPtr<IDispatch> dispatch;
    ComPtr<ICatalogObject> object;
    if (SUCCEEDED(collection->get_Item(i, dispatch.out())) &&
        SUCCEEDED(dispatch->QueryInterface(__uuidof(ICatalogObject), reinterpret_cast<void **>(object.out()))))
      visit(object.get());
  }
  return hr;
}

ordered_json objectName(ICatalogObject *object) {
  VARIANT v;
  VariantInit(&v);
  ordered_json j = SUCCEEDED(object->get_Name(&v)) ? variantJson(v) : ordered_json();
  VariantClear(&v);
  return j;
}

ordered_json rolesJson(ICOMAdminCatalog *catalog, ICatalogCollection *applications, ICatalogObject *app) {
  ordered_json roles = ordered_json::array();
  ComPtr<ICatalogCollection> roleList;
  if (FAILED(openCollection(catalog, applications, app, L"Roles", roleList)))
    return roles;
  forEachObject(roleList.get(), [&](ICatalogObject *role) {
    ordered_json users = ordered_json::array();
    ComPtr<ICatalogCollection> members;
    if (SUCCEEDED(openCollection(catalog, roleList.get(), role, L"UsersInRole", members)))
      forEachObject(members.get(), [&](ICatalogObject *user) { users.push_back(property(user, L"User")); });
    roles.push_back({{"name", objectName(role)}, {"users", std::move(users)}});
  });
  return roles;
}

} // namespace

void collectComPlus(Output &out) {
  ComApartment com;
  ComPtr<ICOMAdminCatalog> catalog;
  HRESULT hr = CoCreateInstance(kComAdminCatalog, nullptr, CLSCTX_INPROC_SERVER, __uuidof(ICOMAdminCatalog),
                                reinterpret_cast<void **>(catalog.out()));
  ComPtr<ICatalogCollection> applications;
  if (SUCCEEDED(hr))
    hr = openCollection(catalog.get(), nullptr, nullptr, L"Applications", applications);
  if (FAILED(hr)) {
    out.missing("complus.json (COMAdminCatalog Applications)", winError(hr));
    return;
  }
  ordered_json list = ordered_json::array();
  forEachObject(applications.get(), [&](ICatalogObject *app) {
    ordered_json j;
    j["name"] = objectName(app);
    for (const wchar_t *name : kApplicationProperties)
      j[utf8(name)] = property(app, name);
    j["roles"] = rolesJson(catalog.get(), applications.get(), app);
    list.push_back(std::move(j));
  });
  out.writeText("complus.json", ordered_json{{"applications", std::move(list)}}.dump(2) + "\n");
}

} // namespace dd::collect
