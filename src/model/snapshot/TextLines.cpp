// Decoding of redirected command output into numbered lines (see TextLines.h).
// Our own small decoder: the encodings involved are three, and the standard library has no
// UTF-16 conversion that reports where the input went wrong.
#include "model/snapshot/TextLines.h"

#include "model/snapshot/CodePages.h"
#include "registry/Text.h" // appendUtf8, shared with the registry readers

#include <fmt/format.h>

#include <fstream>

namespace dd::model::snapshot {

namespace {

using registry::text::appendUtf8;

// Length of a valid UTF-8 sequence at `p` (1..4), or 0 when it is not valid.
size_t utf8SequenceLength(std::span<const uint8_t> bytes, size_t p) {
  uint8_t b = bytes[p];
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || p + len > bytes.size())
    return 0;
  for (size_t i = 1; i < len; ++i)
    if ((bytes[p + i] & 0xC0) != 0x80)
      return 0;
  if (len == 2 && b < 0xC2)
    return 0; // overlong
  return len;
}

void finishLine(TextFile &file, std::string &current, size_t number) {
  size_t end = current.size();
  while (end > 0 && (current[end - 1] == ' ' || current[end - 1] == '\t' || current[end - 1] == '\r'))
    --end;
  current.resize(end);
  file.lines.push_back(TextLine{number, std::move(current)});
  current.clear();
}

bool isUtf8(std::span<const uint8_t> bytes) {
  for (size_t p = 0; p < bytes.size();) {
    size_t len = utf8SequenceLength(bytes, p);
    if (len == 0)
      return false;
    p += len;
  }
  return true;
}

// UTF-8 whose non-ASCII characters all lie in U+0080..U+00FF: the Latin-1 bytes they stand for
// (the OEM bytes a viewer decoded as Latin-1), else empty.
std::vector<uint8_t> latin1Bytes(std::span<const uint8_t> bytes) {
  std::vector<uint8_t> out;
  bool nonAscii = false;
  for (size_t p = 0; p < bytes.size();) {
    size_t len = utf8SequenceLength(bytes, p);
    if (len == 1) {
      out.push_back(bytes[p]);
    } else if (len == 2 && bytes[p] <= 0xC3) {
      out.push_back(static_cast<uint8_t>(((bytes[p] & 0x1F) << 6) | (bytes[p + 1] & 0x3F)));
      nonAscii = true;
    } else {
      return {};
    }
    p += len;
  }
  return nonAscii ? out : std::vector<uint8_t>{};
}

// The 8-bit text as UTF-8 bytes: itself when it is UTF-8 (repaired when it reads better as OEM
// bytes), else its decoding from the most plausible code page.
std::span<const uint8_t> eightBitAsUtf8(std::span<const uint8_t> body, TextFile &file, std::string &storage) {
  if (!isUtf8(body)) {
    auto oem = decodeOemText(body);
    if (!oem)
      return body; // no candidate decodes it: bytes read as Latin-1 below
    file.codePage = oem->codePage;
    storage = std::move(oem->utf8);
    return {reinterpret_cast<const uint8_t *>(storage.data()), storage.size()};
  }
  auto latin1 = latin1Bytes(body);
  if (latin1.empty())
    return body;
  auto oem = decodeOemText(latin1);
  std::string_view asIs(reinterpret_cast<const char *>(body.data()), body.size());
  if (!oem || textPlausibility(oem->utf8) <= textPlausibility(asIs))
    return body;
  file.codePage = oem->codePage;
  file.repairedMojibake = true;
  storage = std::move(oem->utf8);
  return {reinterpret_cast<const uint8_t *>(storage.data()), storage.size()};
}

} // namespace

Result<TextFile> decodeText(std::span<const uint8_t> bytes, const std::string &source) {
  TextFile file;
  file.source = source;
  size_t start = 0;
  bool utf16 = false;
  if (bytes.size() >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) {
    file.encoding = TextEncoding::Utf16LeBom;
    utf16 = true;
    start = 2;
  } else if (bytes.size() >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
    file.encoding = TextEncoding::Utf8Bom;
    start = 3;
  } else if (bytes.size() >= 2 && bytes[0] != 0 && bytes[1] == 0) {
    // No BOM, but an ASCII character followed by a zero byte: UTF-16LE as `cmd /u` writes it.
    file.encoding = TextEncoding::Utf16Le;
    utf16 = true;
  }

  std::string current;
  size_t line = 1;
  if (utf16) {
    if ((bytes.size() - start) % 2 != 0)
      return Error::atOffset(source, bytes.size() - 1, "UTF-16LE text with an odd number of bytes (truncated file?)");
    for (size_t p = start; p + 1 < bytes.size(); p += 2) {
      uint32_t unit = bytes[p] | (static_cast<uint32_t>(bytes[p + 1]) << 8);
      uint32_t cp = unit;
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        if (p + 3 >= bytes.size())
          return Error::atLine(source, line, "unpaired UTF-16 surrogate at the end of the file");
        uint32_t low = bytes[p + 2] | (static_cast<uint32_t>(bytes[p + 3]) << 8);
        if (low < 0xDC00 || low > 0xDFFF)
          return Error::atLine(source, line, fmt::format("unpaired UTF-16 surrogate 0x{:04x}", unit));
        cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        p += 2;
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        return Error::atLine(source, line, fmt::format("unpaired UTF-16 surrogate 0x{:04x}", unit));
      }
      if (cp == '\n') {
        finishLine(file, current, line++);
      } else if (cp == 0) {
        // A trailing NUL terminator (some tools write one) ends the text.
        if (p + 2 >= bytes.size())
          break;
        return Error::atLine(source, line, "NUL character inside UTF-16 text");
      } else if (cp == 0xFEFF && current.empty() && line == 1) {
        continue; // a second BOM (a redirected file appended to)
      } else {
        appendUtf8(current, cp);
      }
    }
  } else {
    std::string storage;
    bytes = eightBitAsUtf8(bytes.subspan(start), file, storage);
    start = 0;
    for (size_t p = start; p < bytes.size();) {
      uint8_t b = bytes[p];
      if (b == '\n') {
        finishLine(file, current, line++);
        ++p;
        continue;
      }
      if (b == 0) {
        if (p + 1 == bytes.size())
          break;
        return Error::atLine(source, line,
                             "NUL byte in text (a binary file, or UTF-16 without a BOM "
                             "that does not start with an ASCII character?)");
      }
      if (b < 0x80) {
        current.push_back(static_cast<char>(b));
        ++p;
        continue;
      }
      if (size_t len = utf8SequenceLength(bytes, p)) {
        current.append(reinterpret_cast<const char *>(bytes.data() + p), len);
        p += len;
      } else {
        appendUtf8(current, b); // Latin-1
        ++p;
      }
    }
  }
  if (!current.empty())
    finishLine(file, current, line);
  return file;
}

Result<std::vector<uint8_t>> readFileBytes(const std::filesystem::path &path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec)
    return Error{fmt::format("cannot read: {}", ec.message()), path.string(), {}, {}};
  if (size > 64u * 1024 * 1024)
    return Error{
        fmt::format("file of {} bytes is too large for command output (limit 64 MiB)", size), path.string(), {}, {}};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{"cannot open for reading", path.string(), {}, {}};
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  if (size > 0 && !in.read(reinterpret_cast<char *>(bytes.data()), static_cast<std::streamsize>(size)))
    return Error{"read failed", path.string(), {}, {}};
  return bytes;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t'))
    ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
    --e;
  return s.substr(b, e - b);
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

size_t indentOf(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  return i;
}

void splitColumns(std::string_view line, std::string_view &label, std::string_view &value) {
  std::string_view t = trim(line);
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\t' || (t[i] == ' ' && i + 1 < t.size() && t[i + 1] == ' ')) {
      label = trim(t.substr(0, i));
      value = trim(t.substr(i));
      return;
    }
  }
  label = t;
  value = {};
}

std::vector<std::string> splitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos)
      end = s.size();
    auto part = trim(s.substr(start, end - start));
    if (!part.empty())
      out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

bool isDashLine(std::string_view s) {
  s = trim(s);
  if (s.size() < 10)
    return false;
  for (char c : s)
    if (c != '-')
      return false;
  return true;
}

} // namespace dd::model::snapshot
