// The SDDL conformance corpus: ../shared/conformance/sddl/*.json(.gz), each mapping an SDDL
// string to the self-relative descriptor bytes Windows built from it. Shared by the
// conformance test and bench/bench_winsec.cpp. Gzip files are read through `gzip -dc` (always
// on Debian) so the project needs no zlib dependency for one test.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dd::test {

struct SddlCase {
  std::string file;
  std::string sddl;
  std::vector<uint8_t> bytes;
};

inline std::string readWholeFile(const std::filesystem::path &path) {
  if (path.extension() == ".gz") {
    std::string command = "gzip -dc '" + path.string() + "'";
    std::string out;
    if (FILE *pipe = popen(command.c_str(), "r")) {
      char buffer[65536];
      size_t n;
      while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
      pclose(pipe);
    }
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// All cases of all files in `dir` (sorted by file name, keys in file order).
inline std::vector<SddlCase> loadSddlCorpus(const std::filesystem::path &dir) {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    if (name.ends_with(".json") || name.ends_with(".json.gz"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<SddlCase> cases;
  for (const auto &file : files) {
    auto json = nlohmann::ordered_json::parse(readWholeFile(file), nullptr, false);
    if (!json.is_object())
      continue;
    for (auto it = json.begin(); it != json.end(); ++it) {
      SddlCase c{file.filename().string(), it.key(), {}};
      for (const auto &b : it.value())
        c.bytes.push_back(b.get<uint8_t>());
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

} // namespace dd::test
