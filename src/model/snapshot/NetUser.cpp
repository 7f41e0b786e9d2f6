// Readers of `net user` and `net user NAME` output (see NetUser.h). Our own readers: net prints
// fixed-column text meant for people; we keep each fact's line for the evidence.
#include "model/snapshot/NetUser.h"

#include "model/snapshot/NetListing.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace dd::model::snapshot {

bool isNetErrorLine(std::string_view line) {
  line = trim(line);
  return istartsWith(line, "System error ") || istartsWith(line, "The user name could not be found") ||
         istartsWith(line, "The specified local group does not exist") ||
         istartsWith(line, "More help is available by typing NET HELPMSG") ||
         istartsWith(line, "The syntax of this command is");
}

const NetField *findNetField(const std::vector<NetField> &fields, std::string_view label) {
  for (const auto &f : fields)
    if (iequals(f.label, label))
      return &f;
  return nullptr;
}

const NetField *NetUserDetails::field(std::string_view label) const { return findNetField(fields, label); }

Result<NetUserList> parseNetUserList(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  NetUserList list;
  list.source = source;
  auto read = readNetListing(
      *text, source, "net user", [](std::string_view) { return true; },
      [&](const TextLine &l, std::string_view) -> Result<void> {
        // Three columns of 25 characters (not bytes: "Администратор");
        // a name may contain single spaces.
        std::vector<size_t> starts; // byte offset of each character
        for (size_t i = 0; i < l.text.size(); ++i)
          if ((static_cast<uint8_t>(l.text[i]) & 0xC0) != 0x80)
            starts.push_back(i);
        for (size_t col = 0; col < starts.size(); col += 25) {
          size_t from = starts[col];
          size_t to = col + 25 < starts.size() ? starts[col + 25] : l.text.size();
          auto name = trim(std::string_view(l.text).substr(from, to - from));
          if (!name.empty())
            list.users.push_back({std::string(name), l.number});
        }
        return {};
      });
  if (!read)
    return read.error();
  list.computer = std::move(read->computer);
  list.notes = std::move(read->notes);
  return list;
}

namespace {

// The fields of `net user NAME` in the order every Windows prints them.
constexpr std::array<std::string_view, 20> kDetailOrder{{"User name",
                                                         "Full Name",
                                                         "Comment",
                                                         "User's comment",
                                                         "Country/region code",
                                                         "Account active",
                                                         "Account expires",
                                                         "Password last set",
                                                         "Password expires",
                                                         "Password changeable",
                                                         "Password required",
                                                         "User may change password",
                                                         "Workstations allowed",
                                                         "Logon script",
                                                         "User profile",
                                                         "Home directory",
                                                         "Last logon",
                                                         "Logon hours allowed",
                                                         "Local Group Memberships",
                                                         "Global Group memberships"}};

std::string detailLabel(std::string_view printed, size_t index) {
  for (std::string_view name : kDetailOrder)
    if (iequals(printed, name))
      return std::string(name);
  if (iequals(printed, "Country code"))
    return "Country/region code";
  return index < kDetailOrder.size() ? std::string(kDetailOrder[index]) : std::string(printed);
}

std::vector<std::string> starredNames(std::string_view value) {
  std::vector<std::string> out;
  for (const std::string &part : splitList(value, '*'))
    if (!isNetNone(part))
      out.push_back(part);
  return out;
}

bool hasDigit(std::string_view s) { return s.find_first_of("0123456789") != std::string_view::npos; }

// "Account active": Yes, No or Locked in a language NetLabels knows; another value is an error
// only when the caller needs it.
Result<void> takeAccountActive(NetUserDetails &d, const NetField &f, const TextFile &text, bool needed) {
  d.activeLine = f.line;
  d.activeValue = f.value;
  auto v = netAccountActive(f.value);
  if (!v && !needed)
    return {};
  if (!v)
    return languageError(
        text, "net user NAME", netAccountActiveTable(),
        "or add collect.cmd's wmic-useraccount.txt (Disabled and Lockout, never translated) to the folder",
        Error::atLine(text.source, f.line,
                      fmt::format("\"Account active\" is \"{}\": expected Yes, No or Locked", f.value)));
  d.active = *v != "No";
  d.locked = *v == "Locked";
  d.activeKnown = true;
  return {};
}

Result<void> takeDetail(NetUserDetails &d, const NetField &f, const TextFile &text, bool activeNeeded) {
  if (f.label == "User name") {
    d.name = f.value;
    d.nameLine = f.line;
  } else if (f.label == "Account active") {
    return takeAccountActive(d, f, text, activeNeeded);
  } else if (f.label == "Password expires") {
    d.passwordExpiresLine = f.line;
    d.passwordNeverExpires = !hasDigit(f.value);
    if (!d.passwordNeverExpires)
      d.passwordExpires = f.value;
  } else if (f.label == "Local Group Memberships") {
    d.localGroups = starredNames(f.value);
    d.localGroupsLine = f.line;
  } else if (f.label == "Global Group memberships") {
    d.globalGroups = starredNames(f.value);
  }
  return {};
}

} // namespace

Result<NetUserDetails> parseNetUserDetails(std::span<const uint8_t> bytes, const std::string &source) {
  return parseNetUserDetailsWith(bytes, source, NetUserDetailsOptions{});
}

Result<NetUserDetails> parseNetUserDetailsWith(std::span<const uint8_t> bytes, const std::string &source,
                                               NetUserDetailsOptions options) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  NetUserDetails d;
  d.source = source;
  bool trailer = false;
  size_t lastLine = 1;
  for (const TextLine &l : text->lines) {
    lastLine = l.number;
    std::string_view t = trim(l.text);
    if (t.empty())
      continue;
    if (!trailer && isNetErrorLine(t))
      return Error::atLine(source, l.number, fmt::format("net user failed: \"{}\"", t));
    if (trailer) {
      d.notes.push_back({l.number, fmt::format("text after the trailer ignored: \"{}\"", t)});
      continue;
    }
    if (isNetTrailer(t) || (d.fields.size() >= kDetailOrder.size() && endsLikeSentence(t) && t.front() != '*')) {
      trailer = true;
      continue;
    }
    if (d.fields.empty() && endsLikeSentence(t) && t.find("  ") == std::string_view::npos) {
      // `net user NAME /domain` first says which domain controller answers.
      d.notes.push_back({l.number, fmt::format("\"{}\" before the fields skipped", t)});
      continue;
    }
    if (indentOf(l.text) > 0) {
      if (d.fields.empty())
        return Error::atLine(source, l.number, fmt::format("indented line before any label: \"{}\"", t));
      NetField &f = d.fields.back();
      f.value += f.value.empty() || t.front() == '*' ? std::string(t) : " " + std::string(t);
      continue;
    }
    std::string_view label, value;
    splitColumns(l.text, label, value);
    std::string english = detailLabel(label, d.fields.size());
    d.fields.push_back({english, std::string(value), l.number, english == label ? "" : std::string(label)});
  }
  for (const NetField &f : d.fields)
    if (auto r = takeDetail(d, f, *text, options.accountActiveNeeded); !r)
      return r.error();
  if (d.nameLine == 0 || d.name.empty())
    return Error::atLine(source, d.fields.empty() ? lastLine : d.fields.front().line,
                         "no \"User name\" line: not `net user NAME` output");
  if (!trailer)
    d.notes.push_back({lastLine, "no \"The command completed successfully.\" trailer (cut off, or copied without "
                                 "it?): the fields above are read"});
  return d;
}

} // namespace dd::model::snapshot
