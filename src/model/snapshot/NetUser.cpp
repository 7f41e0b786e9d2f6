// Readers of `net user` and `net user NAME` output (see NetUser.h). Our own readers: net prints
// fixed-column text meant for people; we keep each fact's line for the evidence.
#include "model/snapshot/NetUser.h"

#include "model/snapshot/NetListing.h"
#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

bool isNetTrailer(std::string_view line) {
  line = trim(line);
  return istartsWith(line, "The command completed successfully") ||
         istartsWith(line, "The command completed with one or more errors");
}

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

const NetField *NetUserDetails::field(std::string_view label) const {
  return findNetField(fields, label);
}

Result<NetUserList> parseNetUserList(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  NetUserList list;
  list.source = source;
  auto computer = readNetListing(*text, source, "net user", "User accounts for ",
                                 [&](const TextLine &l, std::string_view) -> Result<void> {
                                   // Three columns of 25 characters; a name may contain single spaces.
                                   for (size_t col = 0; col < l.text.size(); col += 25) {
                                     auto name = trim(std::string_view(l.text).substr(col, 25));
                                     if (!name.empty())
                                       list.users.push_back({std::string(name), l.number});
                                   }
                                   return {};
                                 });
  if (!computer)
    return computer.error();
  list.computer = std::move(*computer);
  return list;
}

namespace {

std::vector<std::string> starredNames(std::string_view value) {
  std::vector<std::string> out;
  for (const std::string &part : splitList(value, '*'))
    if (!iequals(part, "None"))
      out.push_back(part);
  return out;
}

} // namespace

Result<NetUserDetails> parseNetUserDetails(std::span<const uint8_t> bytes, const std::string &source) {
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
    if (isNetErrorLine(t))
      return Error::atLine(source, l.number, fmt::format("net user failed: \"{}\"", t));
    if (trailer)
      return Error::atLine(source, l.number, fmt::format("text after the trailer: \"{}\"", t));
    if (isNetTrailer(t)) {
      trailer = true;
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
    d.fields.push_back({std::string(label), std::string(value), l.number});
  }
  for (const NetField &f : d.fields) {
    if (iequals(f.label, "User name")) {
      d.name = f.value;
      d.nameLine = f.line;
    } else if (iequals(f.label, "Account active")) {
      d.activeLine = f.line;
      if (iequals(f.value, "Yes")) {
        d.active = true;
      } else if (iequals(f.value, "No")) {
        d.active = false;
      } else if (iequals(f.value, "Locked")) {
        d.active = true;
        d.locked = true;
      } else {
        return Error::atLine(source, f.line,
                             fmt::format("\"Account active\" is \"{}\": expected Yes, No or Locked", f.value));
      }
    } else if (iequals(f.label, "Password expires")) {
      d.passwordExpiresLine = f.line;
      d.passwordNeverExpires = iequals(f.value, "Never");
      if (!d.passwordNeverExpires)
        d.passwordExpires = f.value;
    } else if (iequals(f.label, "Local Group Memberships")) {
      d.localGroups = starredNames(f.value);
      d.localGroupsLine = f.line;
    } else if (iequals(f.label, "Global Group memberships")) {
      d.globalGroups = starredNames(f.value);
    }
  }
  if (d.nameLine == 0 || d.name.empty())
    return Error::atLine(source, d.fields.empty() ? lastLine : d.fields.front().line,
                         "no \"User name\" line: not `net user NAME` output");
  if (!trailer)
    return Error::atLine(source, lastLine, "no \"The command completed successfully.\" trailer (cut-off output?)");
  return d;
}

} // namespace dd::model::snapshot
