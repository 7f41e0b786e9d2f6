#include "collect/Output.h"

#include <fmt/format.h>

#include <fstream>

namespace dd::collect {

std::string utf8(std::wstring_view w) {
  if (w.empty())
    return {};
  const int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, nullptr);
  std::string out(n > 0 ? n : 0, '\0');
  if (n > 0)
    WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), out.data(), n, nullptr, nullptr);
  return out;
}

std::wstring wide(std::string_view s) {
  if (s.empty())
    return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring out(n > 0 ? n : 0, L'\0');
  if (n > 0)
    MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n);
  return out;
}

std::string computerName() {
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  return GetComputerNameW(name, &size) ? utf8(std::wstring_view(name, size)) : "";
}

std::string winError(unsigned long code) {
  wchar_t *text = nullptr;
  const DWORD n =
      FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                     nullptr, code, 0, reinterpret_cast<wchar_t *>(&text), 0, nullptr);
  std::string words = n ? utf8(std::wstring_view(text, n)) : std::string();
  if (text)
    LocalFree(text);
  while (!words.empty() && (words.back() == '\n' || words.back() == '\r' || words.back() == ' '))
    words.pop_back();
  const std::string number = code > 0xffff ? fmt::format("0x{:08X}", code) : std::to_string(code);
  return words.empty() ? "error " + number : "error " + number + ": " + words;
}

std::string crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '\n')
      out += '\r';
    out += c;
  }
  return out;
}

bool Output::writeBytes(const std::string &name, std::string_view bytes) {
  std::ofstream file(folder_ / wide(name), std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) {
    missing(name, "cannot write the file");
    return false;
  }
  ++files_;
  return true;
}

bool Output::writeText(const std::string &name, std::string_view text) { return writeBytes(name, crlf(text)); }

bool Output::writeUtf16Text(const std::string &name, std::string_view text) {
  const std::wstring w = wide(crlf(text));
  std::string bytes = "\xFF\xFE";
  for (wchar_t c : w) {
    bytes += static_cast<char>(c & 0xff);
    bytes += static_cast<char>((c >> 8) & 0xff);
  }
  return writeBytes(name, bytes);
}

void Output::missing(std::string_view what, std::string_view why) { log_.push_back(fmt::format("{}: {}", what, why)); }

Result<void> Output::writeLog(std::string_view header) {
  std::string text = std::string(header) + "\n";
  for (const std::string &line : log_)
    text += line + "\n";
  std::ofstream file(folder_ / "collect-log.txt", std::ios::binary | std::ios::trunc);
  const std::string bytes = crlf(text);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file)
    return Error::at(utf8((folder_ / "collect-log.txt").wstring()) + ": cannot write the file");
  ++files_;
  return {};
}

} // namespace dd::collect
