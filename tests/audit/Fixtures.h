// Reads a fixture of tests/audit/fixtures (see its README for where each came from).
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace dd::test {

inline std::string auditFixture(const std::string &name) {
  std::ifstream in(std::filesystem::path(DD_AUDIT_FIXTURES) / name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace dd::test
