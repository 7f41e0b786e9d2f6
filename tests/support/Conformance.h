// Where the shared conformance data (real Windows output) lives, if it is here at all.
// Tests that need it call DD_REQUIRE_CONFORMANCE(dir) and are reported SKIPPED without it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dd::test {

inline std::optional<std::filesystem::path> conformanceDir() {
  if (const char *env = std::getenv("DCOMDOCTOR_CONFORMANCE_DIR"); env && *env) {
    if (std::filesystem::is_directory(env))
      return std::filesystem::path(env);
    return std::nullopt;
  }
  auto candidate = std::filesystem::path(DCOMDOCTOR_SOURCE_DIR) / ".." / "shared" / "conformance";
  if (std::filesystem::is_directory(candidate))
    return std::filesystem::weakly_canonical(candidate);
  return std::nullopt;
}

inline std::filesystem::path sourceDir() { return DCOMDOCTOR_SOURCE_DIR; }

inline std::vector<uint8_t> readFileBytes(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string readFileText(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace dd::test

// Declares `dir` (a std::filesystem::path) or skips the test, saying why.
#define DD_REQUIRE_CONFORMANCE(dir)                                                                                    \
  auto dd_conformance_opt_ = ::dd::test::conformanceDir();                                                             \
  if (!dd_conformance_opt_)                                                                                            \
    GTEST_SKIP() << "../shared/conformance not found (set DCOMDOCTOR_CONFORMANCE_DIR): skipped";                       \
  const std::filesystem::path dir = *dd_conformance_opt_
