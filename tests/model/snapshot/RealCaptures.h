// The real Windows outputs in ../shared/real-captures/<kind>/ (many languages, each file's
// source in the README there). Tests read every file of a kind, so captures added later are
// read too; they skip themselves, saying so, when the folder is absent.
#pragma once

#include "support/Conformance.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dd::test {

inline std::optional<std::filesystem::path> realCapturesDir() {
  if (const char *env = std::getenv("DCOMDOCTOR_REAL_CAPTURES_DIR"); env && *env)
    return std::filesystem::is_directory(env) ? std::optional<std::filesystem::path>(env) : std::nullopt;
  auto candidate = std::filesystem::path(DCOMDOCTOR_SOURCE_DIR) / ".." / "shared" / "real-captures";
  if (std::filesystem::is_directory(candidate))
    return std::filesystem::weakly_canonical(candidate);
  return std::nullopt;
}

// The files of one kind ("systeminfo"), sorted by name.
inline std::vector<std::filesystem::path> realCaptures(const std::filesystem::path &dir, const std::string &kind) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto &e : std::filesystem::directory_iterator(dir / kind, ec))
    if (e.is_regular_file())
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace dd::test

#define DD_REQUIRE_REAL_CAPTURES(dir)                                                                                  \
  auto dd_real_opt_ = ::dd::test::realCapturesDir();                                                                   \
  if (!dd_real_opt_)                                                                                                   \
    GTEST_SKIP() << "../shared/real-captures not found (set DCOMDOCTOR_REAL_CAPTURES_DIR): skipped";                   \
  const std::filesystem::path dir = *dd_real_opt_
