// Helpers for the snapshot reader tests: command output as the bytes a redirected file holds.
// Fixtures are written inline in each test, in the exact layout the command prints (each test
// file says where the format comes from); CRLF line ends as cmd.exe writes them.
#pragma once

#include "model/Defaults.h"
#include "model/Plant.h"
#include "support/Conformance.h"
#include "support/Error.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace dd::test {

// "a\nb" -> bytes of "a\r\nb" (ASCII, as cmd.exe redirects an English console).
inline std::vector<uint8_t> crlf(std::string_view text) {
  std::vector<uint8_t> out;
  for (char c : text) {
    if (c == '\n')
      out.push_back('\r');
    out.push_back(static_cast<uint8_t>(c));
  }
  return out;
}

// The same text in UTF-16LE with a BOM and CRLF (secedit, reg export, wmic, cmd /u).
inline std::vector<uint8_t> utf16(std::string_view text, bool bom = true) {
  std::vector<uint8_t> out;
  if (bom) {
    out.push_back(0xFF);
    out.push_back(0xFE);
  }
  for (uint8_t b : crlf(text)) {
    out.push_back(b);
    out.push_back(0);
  }
  return out;
}

// Asserts that `result` failed with `source:line` and a message containing `fragment`.
template <class R>
::testing::AssertionResult failsAt(const R &result, const std::string &source, uint64_t line,
                                   std::string_view fragment = {}) {
  if (result.ok())
    return ::testing::AssertionFailure() << "expected an error at " << source << ":" << line << ", got success";
  const Error &e = result.error();
  if (e.source != source || !e.line || *e.line != line)
    return ::testing::AssertionFailure() << "expected " << source << ":" << line << ", got " << e.str();
  if (!fragment.empty() && e.message.find(fragment) == std::string::npos)
    return ::testing::AssertionFailure() << "message \"" << e.message << "\" lacks \"" << fragment << "\"";
  return ::testing::AssertionSuccess();
}

// A fresh copy of the example plant's snapshot folder of `host` (examples/plant/snapshots) in
// the temporary directory, for a test that changes or adds a file; `tag` keeps tests apart.
inline std::filesystem::path copyOfExampleSnapshot(const std::string &host, const std::string &tag) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("dd-snapshot-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto &entry : fs::directory_iterator(sourceDir() / "examples" / "plant" / "snapshots" / host))
    fs::copy_file(entry.path(), dir / entry.path().filename());
  return dir;
}

// Writes `bytes` to `file`, replacing it.
inline void writeBytes(const std::filesystem::path &file, const std::vector<uint8_t> &bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A host as the plant reader makes it before its snapshot is applied: its name, its OS's Windows
// defaults and the machine SID dcomdoctor derives from the name.
inline model::Host hostWithDefaults(const std::string &name, model::OsFamily family) {
  model::Host h;
  h.name = name;
  h.os.value.family = family;
  h.machineSid.value = model::derivedMachineSid(name);
  model::applyWindowsDefaults(h);
  return h;
}

} // namespace dd::test
