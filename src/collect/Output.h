// The snapshot folder being written: its files, and collect-log.txt of what could not be read.
// Text files are written with CRLF as Windows' commands write them; the wide-text helpers turn
// the UTF-16 of the Windows APIs into the UTF-8 the rest of dcomdoctor uses.
#pragma once

#include "support/Result.h"

#include <windows.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dd::collect {

std::string utf8(std::wstring_view wide);
std::wstring wide(std::string_view utf8);
std::string computerName(); // GetComputerNameW: the NetBIOS name, as `net` and systeminfo print it
// "error 5: Access is denied." from a Win32 error code or HRESULT (FormatMessage's words).
std::string winError(unsigned long code);

class Output {
public:
  explicit Output(std::filesystem::path folder) : folder_(std::move(folder)) {}

  const std::filesystem::path &folder() const { return folder_; }
  // Writes `name` in the folder; a failure is logged. Text: "\n" becomes CRLF.
  bool writeBytes(const std::string &name, std::string_view bytes);
  bool writeText(const std::string &name, std::string_view text);      // UTF-8, no BOM
  bool writeUtf16Text(const std::string &name, std::string_view text); // UTF-16LE with BOM (wmic, secedit)
  // A line of collect-log.txt: what was not recorded, and why.
  void missing(std::string_view what, std::string_view why);
  void missingLine(std::string line) { log_.push_back(std::move(line)); }
  Result<void> writeLog(std::string_view header);

  size_t files() const { return files_; }
  size_t missingCount() const { return log_.size(); }
  const std::vector<std::string> &missingLines() const { return log_; }

private:
  std::filesystem::path folder_;
  std::vector<std::string> log_;
  size_t files_ = 0;
};

std::string crlf(std::string_view text);

} // namespace dd::collect
