// A one-line status on stderr for long work ("simulating pairs: 120/400"): only when stderr is
// a terminal, redrawn at most ten times a second, erased when the work is done. Piped or
// redirected, it prints nothing.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace dd::cli {

class ProgressLine {
public:
  explicit ProgressLine(bool wanted = true) : on_(wanted && ::isatty(2)) {}
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  bool on() const { return on_; }

  void update(const std::string &text) {
    if (!on_)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (width_ && now - last_ < std::chrono::milliseconds(100))
      return;
    last_ = now;
    std::fprintf(stderr, "\r%-*s", static_cast<int>(width_), text.c_str());
    width_ = std::max(width_, text.size());
  }
  void clear() {
    if (on_ && width_)
      std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
    width_ = 0;
  }

private:
  bool on_;
  size_t width_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

} // namespace dd::cli
