// COM for the parts that read through it (firewall, installed updates): the apartment of the
// calling thread, BSTR text, and an owning interface pointer.
#pragma once

#include <windows.h>
#include <oleauto.h>

#include <string>

namespace dd::collect {

class ComApartment {
public:
  ComApartment();
  ~ComApartment();
  ComApartment(const ComApartment &) = delete;
  ComApartment &operator=(const ComApartment &) = delete;
  HRESULT status() const { return status_; }

private:
  HRESULT status_;
};

template <class T>
class ComPtr {
public:
  ComPtr() = default;
  ~ComPtr() { reset(); }
  ComPtr(const ComPtr &) = delete;
  ComPtr &operator=(const ComPtr &) = delete;
  T *operator->() const { return p_; }
  T *get() const { return p_; }
  T **out() {
    reset();
    return &p_;
  }
  explicit operator bool() const { return p_ != nullptr; }
  void reset() {
    if (p_)
      p_->Release();
    p_ = nullptr;
  }

private:
  T *p_ = nullptr;
};

// The text of a BSTR an API returned (freed here); "" for null.
std::string takeBstr(BSTR text);

} // namespace dd::collect
