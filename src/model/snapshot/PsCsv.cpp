// PowerShell / wmic CSV (see PsCsv.h).
#include "model/snapshot/PsCsv.h"

#include "model/snapshot/TextLines.h"

#include <fmt/format.h>

namespace dd::model::snapshot {

namespace {

// Splits one CSV line; false on an unterminated quote.
bool splitCsvLine(std::string_view line, std::vector<std::string> &out) {
  out.clear();
  std::string field;
  bool quoted = false, inQuotes = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (inQuotes) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        inQuotes = false;
      } else {
        field += c;
      }
    } else if (c == '"' && !quoted && trim(field).empty()) {
      inQuotes = quoted = true;
      field.clear();
    } else if (c == ',') {
      out.push_back(quoted ? field : std::string(trim(field)));
      field.clear();
      quoted = false;
    } else {
      field += c;
    }
  }
  if (inQuotes)
    return false;
  out.push_back(quoted ? field : std::string(trim(field)));
  return true;
}

} // namespace

int PsCsv::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (iequals(header[i], name))
      return static_cast<int>(i);
  return -1;
}

std::string_view PsCsv::value(const CsvRecord &r, std::string_view name) const {
  int c = column(name);
  if (c < 0 || static_cast<size_t>(c) >= r.values.size())
    return {};
  return r.values[static_cast<size_t>(c)];
}

Result<PsCsv> parsePsCsv(std::span<const uint8_t> bytes, const std::string &source) {
  auto text = decodeText(bytes, source);
  if (!text)
    return text.error();
  PsCsv out;
  out.source = source;
  std::vector<std::string> fields;
  for (const TextLine &l : text->lines) {
    if (trim(l.text).empty() || (out.header.empty() && startsWith(l.text, "#TYPE")))
      continue;
    if (!splitCsvLine(l.text, fields))
      return Error::atLine(source, l.number, "a quoted field is not closed: not the CSV Export-Csv writes");
    if (out.header.empty()) {
      out.header = fields;
      continue;
    }
    if (fields.size() > out.header.size())
      return Error::atLine(source, l.number,
                           fmt::format("{} fields where the header names {}: not the CSV Export-Csv writes",
                                       fields.size(), out.header.size()));
    out.records.push_back(CsvRecord{fields, l.number});
  }
  if (out.header.empty())
    return Error::atLine(source, 1, "no header line: the file holds no CSV (run collect.cmd again)");
  return out;
}

} // namespace dd::model::snapshot
