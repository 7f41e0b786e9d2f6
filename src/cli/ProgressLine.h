// A one-line status on stderr for long work ("matrix: client host 120/400"): only when stderr is
// a terminal, redrawn at most ten times a second, erased when the work is done. Piped or
// redirected, it prints nothing. The texts it writes are built by the functions below (tested
// directly); every verb that shows progress uses this one class (evtx dump, matrix, audit,
// report, events, explain --plant).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unistd.h>

namespace dd::cli {

// "what: 120/400" (no total: "what: 120").
inline std::string progressCount(std::string_view what, uint64_t done, uint64_t total = 0) {
  std::string out(what);
  out += ": " + std::to_string(done);
  if (total)
    out += "/" + std::to_string(total);
  return out;
}

// "[#######                       ]  25%": a bar `cells` wide for `done` of `total`.
inline std::string progressBar(uint64_t done, uint64_t total, unsigned cells = 30) {
  const uint64_t d = total ? std::min(done, total) : 0;
  const auto filled = static_cast<unsigned>(total ? cells * d / total : 0);
  const auto percent = static_cast<unsigned>(total ? 100 * d / total : 0);
  std::string pct = std::to_string(percent);
  return "[" + std::string(filled, '#') + std::string(cells - filled, ' ') + "] " +
         std::string(3 - std::min<size_t>(3, pct.size()), ' ') + pct + "%";
}

// What a redraw writes over a line `width` characters wide: a carriage return, then the text,
// padded with blanks where the previous text was longer.
inline std::string progressFrame(std::string_view text, size_t width) {
  std::string out = "\r";
  out += text;
  if (text.size() < width)
    out.append(width - text.size(), ' ');
  return out;
}

// What erasing writes: blanks over the line, and the cursor back at its start.
inline std::string progressErase(size_t width) { return width ? "\r" + std::string(width, ' ') + "\r" : ""; }

class ProgressLine {
public:
  explicit ProgressLine(bool wanted = true) : on_(wanted && ::isatty(2)) {}
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  // False when stderr is not a terminal: callers skip building the text.
  bool on() const { return on_; }

  void update(const std::string &text) {
    if (!on_)
      return;
    const auto now = std::chrono::steady_clock::now();
    if (width_ && now - last_ < std::chrono::milliseconds(100))
      return;
    last_ = now;
    std::fputs(progressFrame(text, width_).c_str(), stderr);
    std::fflush(stderr);
    width_ = std::max(width_, text.size());
  }
  void clear() {
    if (on_ && width_)
      std::fputs(progressErase(width_).c_str(), stderr);
    width_ = 0;
  }

private:
  bool on_;
  size_t width_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

} // namespace dd::cli
