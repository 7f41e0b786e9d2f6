// What PowerShell's Export-Csv / ConvertTo-Csv and `wmic ... /format:csv` write: a header line
// of property names (never translated), then one line per object, fields separated by commas,
// quoted with '"' (a quote inside doubled). Export-Csv of Windows PowerShell 5.1 and older
// starts with a "#TYPE ..." line unless -NoTypeInformation is given; wmic starts with a blank
// line and quotes nothing. collect.cmd writes `updates.csv` (Get-HotFix / Win32_QuickFixEngineering)
// and `currentversion.csv` (Get-ItemProperty of HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion)
// this way. Format: Microsoft's Export-Csv documentation (Microsoft.PowerShell.Utility).
#pragma once

#include "support/Result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::model::snapshot {

struct CsvRecord {
  std::vector<std::string> values; // in the header's order
  size_t line = 0;
};

struct PsCsv {
  std::string source;
  std::vector<std::string> header;
  std::vector<CsvRecord> records;

  // The column of `name` (case-insensitive), or -1.
  int column(std::string_view name) const;
  // The value of `name` in `r`, "" when the column is absent.
  std::string_view value(const CsvRecord &r, std::string_view name) const;
};

// Errors (file:line): no header line; an unterminated quote; a record with more fields than the
// header.
Result<PsCsv> parsePsCsv(std::span<const uint8_t> bytes, const std::string &source);

} // namespace dd::model::snapshot
