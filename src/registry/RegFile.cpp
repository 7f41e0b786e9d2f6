// .reg files: the reader (regedit / `reg import` syntax) and the writer (`reg export` bytes).
//
// Reader rules follow what Windows' reg.exe accepts and rejects (Wine's reg import tests list
// the cases): a header of exactly "Windows Registry Editor Version 5.00" or "REGEDIT4"; comment
// lines start with ';' or '#'; after a value only ';' may start a comment; dword: takes 1-8 hex
// digits; hex(N): takes N of 1-8 hex digits; hex bytes are 1-2 hex digits separated by commas,
// continued on the next line by a backslash after a comma (blank and ';' lines in between are
// skipped, a '#' line breaks the value); strings end on their own line; "name"=- deletes a value,
// [-KEY] a key. A bad line is reported with its number and skipped, and reading goes on, as
// Windows skips it. A bad key line makes the values under it skipped until the next key.
#include "registry/Registry.h"

#include "registry/Text.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

namespace dd::registry {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t'; }
int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}
std::string_view trimLeft(std::string_view s) {
  while (!s.empty() && isSpace(s.front()))
    s.remove_prefix(1);
  return s;
}
std::string_view trimRight(std::string_view s) {
  while (!s.empty() && isSpace(s.back()))
    s.remove_suffix(1);
  return s;
}
// True when what is left is nothing, or blanks then a ';' comment.
bool onlyComment(std::string_view rest) {
  rest = trimLeft(rest);
  return rest.empty() || rest.front() == ';';
}
bool validUtf8(std::span<const uint8_t> b) {
  size_t i = 0;
  while (i < b.size()) {
    uint8_t c = b[i];
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || i + len > b.size())
      return false;
    for (int k = 1; k < len; ++k)
      if ((b[i + k] & 0xC0) != 0x80)
        return false;
    i += len;
  }
  return true;
}

// Reads a quoted string starting after the opening quote; handles \\ and \" (any other
// backslash is kept as it is, as regedit does). Returns the position after the closing quote,
// or npos when the line ends first.
size_t readQuoted(std::string_view line, size_t pos, std::string &out) {
  while (pos < line.size()) {
    char c = line[pos];
    if (c == '\\' && pos + 1 < line.size() && (line[pos + 1] == '\\' || line[pos + 1] == '"')) {
      out.push_back(line[pos + 1]);
      pos += 2;
      continue;
    }
    if (c == '"')
      return pos + 1;
    out.push_back(c);
    ++pos;
  }
  return std::string_view::npos;
}

} // namespace

class RegTextLoader {
public:
  RegTextLoader(Registry &registry, const std::string &source) : reg_(registry), source_(source) {}

  Result<void> load(std::span<const uint8_t> bytes);

private:
  void error(size_t line, std::string message) {
    reg_.diagnostics_.push_back(Error::atLine(source_, line, std::move(message)));
  }
  bool nextLine(std::string_view &line);
  void keyLine(std::string_view line);
  void valueLine(std::string_view line);
  // setValue, and the line the value starts on (Value::line).
  void store(std::string_view name, uint32_t type, std::span<const uint8_t> data, size_t line) {
    reg_.setValue(key_, name, type, data);
    reg_.setValueLine(key_, name, static_cast<uint32_t>(line));
  }
  bool hexData(std::string_view rest, std::vector<uint8_t> &out, std::string &problem);

  Registry &reg_;
  std::string source_;
  std::string text_;
  size_t pos_ = 0;
  size_t lineNo_ = 0;
  bool regedit4_ = false;
  enum class KeyState { None, Open, Deleted, Invalid } state_ = KeyState::None;
  Key key_;
};

bool RegTextLoader::nextLine(std::string_view &line) {
  if (pos_ >= text_.size())
    return false;
  size_t end = text_.find_first_of("\r\n", pos_);
  if (end == std::string::npos)
    end = text_.size();
  line = std::string_view(text_).substr(pos_, end - pos_);
  pos_ = end;
  if (pos_ < text_.size() && text_[pos_] == '\r')
    ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n')
    ++pos_;
  ++lineNo_;
  return true;
}

Result<void> RegTextLoader::load(std::span<const uint8_t> bytes) {
  if (bytes.size() >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) {
    text_ = text::utf16ToUtf8(bytes.subspan(2));
  } else if (bytes.size() >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
    text_.assign(bytes.begin() + 3, bytes.end());
  } else if (validUtf8(bytes)) {
    text_.assign(bytes.begin(), bytes.end());
  } else {
    text_ = text::cp1252ToUtf8(bytes); // an ANSI REGEDIT4 file
  }

  std::string_view header;
  if (!nextLine(header))
    return Error::atLine(source_, 1, "empty file (expected \"Windows Registry Editor Version 5.00\" or \"REGEDIT4\")");
  header = trimRight(header);
  if (header == "REGEDIT4") {
    regedit4_ = true;
  } else if (header != "Windows Registry Editor Version 5.00") {
    if (header.substr(0, 7) == "REGEDIT") {
      // reg.exe accepts such a header and imports nothing.
      error(1, fmt::format("header \"{}\" is not REGEDIT4: nothing imported", header));
      return {};
    }
    return Error::atLine(source_, 1,
                         fmt::format("not a .reg file: header \"{}\" (expected "
                                     "\"Windows Registry Editor Version 5.00\" or \"REGEDIT4\")",
                                     header.substr(0, 60)));
  }

  std::string_view line;
  while (nextLine(line)) {
    std::string_view t = trimLeft(line);
    if (t.empty() || t.front() == ';' || t.front() == '#')
      continue;
    if (t.front() == '[') {
      keyLine(t);
    } else if (t.front() == '"' || t.front() == '@') {
      if (state_ == KeyState::Open)
        valueLine(t);
      else if (state_ == KeyState::None)
        error(lineNo_, "value before any [key] line; skipped");
      // under a deleted or invalid key: skipped, as Windows does
    } else {
      error(lineNo_,
            fmt::format("unexpected text \"{}\" (expected [key], \"name\"=data, @=data or a ; comment); line skipped",
                        t.substr(0, 40)));
    }
  }
  return {};
}

void RegTextLoader::keyLine(std::string_view line) {
  size_t close = line.rfind(']');
  if (close == std::string_view::npos) {
    error(lineNo_, "key line without closing ']'; values under it skipped");
    state_ = KeyState::Invalid;
    return;
  }
  std::string_view path = line.substr(1, close - 1);
  bool remove = !path.empty() && path.front() == '-';
  if (remove)
    path.remove_prefix(1);
  if (path.empty() || isSpace(path.front())) {
    error(lineNo_, "key path is empty or starts with a blank (expected [HKEY_...\\path]); values under it skipped");
    state_ = KeyState::Invalid;
    return;
  }
  std::string canon = canonicalPath(path);
  if (canon.empty()) {
    size_t slash = path.find('\\');
    error(lineNo_, fmt::format("\"{}\" is not a registry root (expected HKEY_LOCAL_MACHINE, HKEY_USERS, "
                               "HKEY_CLASSES_ROOT, HKEY_CURRENT_USER or HKEY_CURRENT_CONFIG); values under it skipped",
                               path.substr(0, slash)));
    state_ = KeyState::Invalid;
    return;
  }
  if (remove) {
    reg_.deleteKey(path);
    state_ = KeyState::Deleted;
    return;
  }
  key_ = reg_.createKey(path);
  state_ = key_ ? KeyState::Open : KeyState::Invalid;
}

bool RegTextLoader::hexData(std::string_view rest, std::vector<uint8_t> &out, std::string &problem) {
  bool expectByte = true;
  size_t i = 0;
  for (;;) {
    while (i < rest.size() && isSpace(rest[i]))
      ++i;
    if (i == rest.size() || rest[i] == ';')
      return true;
    char c = rest[i];
    if (c == '\\') {
      if (!expectByte) {
        problem = "a continuation backslash must follow a comma";
        return false;
      }
      if (!onlyComment(rest.substr(i + 1))) {
        problem = "text after the continuation backslash";
        return false;
      }
      // The data goes on with the next line that is not blank and not a ';' comment.
      std::string_view next;
      for (;;) {
        if (!nextLine(next)) {
          problem = "the file ends after a continuation backslash";
          return false;
        }
        next = trimLeft(next);
        if (next.empty() || next.front() == ';')
          continue;
        break;
      }
      if (next.front() == '#') {
        problem = "a '#' comment line inside continued hex data";
        return false;
      }
      rest = next;
      i = 0;
      continue;
    }
    if (expectByte) {
      int h1 = hexDigit(c);
      if (h1 < 0) {
        problem = fmt::format("'{}' is not a hex byte", c);
        return false;
      }
      int value = h1;
      ++i;
      if (i < rest.size() && hexDigit(rest[i]) >= 0) {
        value = value * 16 + hexDigit(rest[i]);
        ++i;
        if (i < rest.size() && hexDigit(rest[i]) >= 0) {
          problem = "a hex byte has more than two digits";
          return false;
        }
      }
      out.push_back(static_cast<uint8_t>(value));
      expectByte = false;
      continue;
    }
    if (c != ',') {
      problem = fmt::format("expected ',' between hex bytes, found '{}'", c);
      return false;
    }
    expectByte = true;
    ++i;
  }
}

void RegTextLoader::valueLine(std::string_view line) {
  size_t startLine = lineNo_;
  std::string name;
  size_t pos;
  if (line.front() == '@') {
    pos = 1;
  } else {
    pos = readQuoted(line, 1, name);
    if (pos == std::string_view::npos) {
      error(startLine, "value name without closing quote; line skipped");
      return;
    }
  }
  std::string_view rest = trimLeft(line.substr(pos));
  if (rest.empty() || rest.front() != '=') {
    error(startLine, fmt::format("expected '=' after the value name \"{}\"; line skipped", name));
    return;
  }
  rest = trimLeft(rest.substr(1));
  auto bad = [&](std::string why) { error(lineNo_, fmt::format("value \"{}\": {}; line skipped", name, why)); };

  if (!rest.empty() && rest.front() == '-') {
    if (!onlyComment(rest.substr(1)))
      return bad("text after '-' (expected \"name\"=- to delete a value)");
    reg_.deleteValue(key_, name);
    return;
  }
  if (!rest.empty() && rest.front() == '"') {
    std::string value;
    size_t end = readQuoted(rest, 1, value);
    if (end == std::string_view::npos)
      return bad("string without closing quote (strings end on their line)");
    if (!onlyComment(rest.substr(end)))
      return bad("text after the closing quote (only a ; comment may follow)");
    std::vector<uint8_t> data;
    text::utf8ToUtf16(value, data);
    data.push_back(0);
    data.push_back(0);
    store(name, regtype::Sz, data, startLine);
    return;
  }
  if (rest.substr(0, 6) == "dword:") {
    std::string_view digits = rest.substr(6);
    size_t n = 0;
    uint32_t v = 0;
    while (n < digits.size() && hexDigit(digits[n]) >= 0) {
      v = (v << 4) | static_cast<uint32_t>(hexDigit(digits[n]));
      ++n;
    }
    if (n == 0 || n > 8 || !onlyComment(digits.substr(n)))
      return bad(fmt::format("bad dword data \"{}\" (expected dword: and 1 to 8 hex digits)", trimRight(digits)));
    uint8_t data[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
                       static_cast<uint8_t>(v >> 24)};
    store(name, regtype::Dword, data, startLine);
    return;
  }
  uint32_t type;
  if (rest.substr(0, 4) == "hex:") {
    type = regtype::Binary;
    rest.remove_prefix(4);
  } else if (rest.substr(0, 4) == "hex(") {
    size_t close = rest.find(')');
    std::string_view num = close == std::string_view::npos ? std::string_view() : rest.substr(4, close - 4);
    bool ok = !num.empty() && num.size() <= 8 && close + 1 < rest.size() && rest[close + 1] == ':';
    uint32_t t = 0;
    for (char c : num) {
      ok = ok && hexDigit(c) >= 0;
      if (ok)
        t = (t << 4) | static_cast<uint32_t>(hexDigit(c));
    }
    if (!ok)
      return bad("bad hex(N): type (expected 1 to 8 hex digits, as in hex(7):)");
    type = t;
    rest.remove_prefix(close + 2);
  } else {
    return bad(
        fmt::format("unknown data \"{}\" (expected \"string\", dword:, hex:, hex(N): or -)", rest.substr(0, 20)));
  }
  std::vector<uint8_t> data;
  std::string problem;
  if (!hexData(rest, data, problem))
    return bad(problem);
  if (regedit4_ && (type == regtype::Sz || type == regtype::ExpandSz || type == regtype::MultiSz)) {
    // REGEDIT4 files hold these strings in the ANSI code page; the registry holds UTF-16.
    std::vector<uint8_t> wide;
    for (uint8_t b : data)
      text::appendUtf16(wide, text::cp1252(b));
    data.swap(wide);
  }
  store(name, type, data, startLine);
}

Result<void> Registry::loadRegText(std::span<const uint8_t> bytes, const std::string &sourceName) {
  RegTextLoader loader(*this, sourceName);
  return loader.load(bytes);
}

Result<void> Registry::loadRegFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{"cannot open the file", path.string(), {}, {}};
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return loadRegText(bytes, path.string());
}

// ---------------------------------------------------------------- writer

namespace {

class RegWriter {
public:
  explicit RegWriter(RegFormat format) : format_(format) {}

  void line(std::string_view s) {
    text_.append(s);
    text_.append("\r\n");
  }
  void key(const std::string &path, Key key);
  std::vector<uint8_t> bytes() const;

private:
  void value(Value v);
  static std::string escape(std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c == '\\' || c == '"')
        out.push_back('\\');
      out.push_back(c);
    }
    return out;
  }
  RegFormat format_;
  std::string text_;
};

// Characters as Windows counts them for the 80-column wrap (UTF-16 units).
size_t columns(std::string_view s) {
  size_t n = 0, i = 0;
  while (i < s.size())
    n += text::nextCodePoint(s, i) >= 0x10000 ? 2 : 1;
  return n;
}

// A REG_SZ regedit writes as "text": UTF-16 with one terminating NUL and no other NUL.
bool plainString(std::span<const uint8_t> d) {
  if (d.size() < 2 || d.size() % 2 || d[d.size() - 1] || d[d.size() - 2])
    return false;
  for (size_t i = 0; i + 2 < d.size(); i += 2)
    if (!d[i] && !d[i + 1])
      return false;
  return true;
}

void RegWriter::value(Value v) {
  std::string out = v.name().empty() ? std::string("@=") : "\"" + escape(v.name()) + "\"=";
  auto d = v.data();
  uint32_t type = v.type();
  if (type == regtype::Sz && plainString(d)) {
    out += "\"" + escape(text::utf16ToUtf8(d, true)) + "\"";
    line(out);
    return;
  }
  if (type == regtype::Dword && d.size() == 4) {
    out += fmt::format("dword:{:02x}{:02x}{:02x}{:02x}", d[3], d[2], d[1], d[0]);
    line(out);
    return;
  }
  std::vector<uint8_t> converted;
  if (format_ == RegFormat::Regedit4 &&
      (type == regtype::Sz || type == regtype::ExpandSz || type == regtype::MultiSz)) {
    std::string narrow = text::utf16ToUtf8(d);
    converted.assign(narrow.begin(), narrow.end());
    d = converted;
  }
  out += type == regtype::Binary ? std::string("hex:") : fmt::format("hex({:x}):", type);
  // reg export wraps after the comma that takes the line past 76 characters, and indents the
  // continuation with two blanks.
  size_t col = columns(out);
  static constexpr char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < d.size(); ++i) {
    out.push_back(digits[d[i] >> 4]);
    out.push_back(digits[d[i] & 15]);
    col += 2;
    if (i + 1 < d.size()) {
      out.push_back(',');
      ++col;
      if (col > 76) {
        out.append("\\\r\n  ");
        col = 2;
      }
    }
  }
  line(out);
}

void RegWriter::key(const std::string &path, Key key) {
  line("[" + path + "]");
  for (Value v : key.values())
    value(v);
  line("");
  for (Key sub : key.subkeys()) {
    if (sub.isLink())
      continue;
    this->key(path + "\\" + std::string(sub.name()), sub);
  }
}

std::vector<uint8_t> RegWriter::bytes() const {
  std::vector<uint8_t> out;
  if (format_ == RegFormat::Regedit4) {
    out.assign(text_.begin(), text_.end());
    return out;
  }
  out.reserve(text_.size() * 2 + 2);
  out.push_back(0xFF);
  out.push_back(0xFE);
  text::utf8ToUtf16(text_, out);
  return out;
}

} // namespace

Result<std::vector<uint8_t>> exportReg(const Registry &registry, std::string_view keyPath, RegFormat format) {
  std::string canon = canonicalPath(keyPath);
  if (canon.empty())
    return Error::at(
        fmt::format("\"{}\" does not start with a registry root (HKEY_LOCAL_MACHINE, HKLM, ...)", keyPath));
  Key key = registry.findKey(canon);
  if (!key)
    return Error::at(fmt::format("key {} not found", canon));
  // The top key is written as asked (root spelled out, HKCR kept), with the stored case of
  // the names below the root; its subkeys with their stored names.
  std::string top = key.path();
  if (canon.starts_with("HKEY_CLASSES_ROOT")) {
    std::string_view classes = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes";
    top = "HKEY_CLASSES_ROOT" + top.substr(std::min(top.size(), classes.size()));
  }
  RegWriter writer(format);
  writer.line(format == RegFormat::Regedit4 ? "REGEDIT4" : "Windows Registry Editor Version 5.00");
  writer.line("");
  writer.key(top, key);
  return writer.bytes();
}

} // namespace dd::registry
