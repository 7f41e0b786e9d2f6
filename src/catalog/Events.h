// The events of DCOM and of the Security log as each Windows version writes them: id, log,
// source (the classic event source) and provider (the manifest name, Vista and later), the
// message template with its %1, %2, ... insertion strings in Windows' line layout, and what each
// insertion string holds. The simulator renders its predicted events from these templates; the
// audit reads real events back by the same parameter order. Where versions differ (680 vs 4625,
// 10014 vs 10015, 10016 without and with APPID and application container), each version's layout
// is a row of its own.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dd::catalog {

// The Windows versions whose events are worded differently.
enum class Windows : uint8_t {
  Nt5,   // Windows 2000, XP, Server 2003: event source names, 680 / 529, 10014 / 10016
  Vista, // Vista, 7, Server 2008 / 2008 R2: providers, 4625, 10015 / 10016 with address and APPID
  Win8,  // Windows 8 / 8.1, Server 2012 / 2012 R2: "running in the application container"
  Win10, // Windows 10 / 11, Server 2016 and later
};

enum class Log : uint8_t { System, Security, Application };
std::string_view logName(Log log); // "System"

struct EventLayout {
  uint32_t id = 0;
  Log log = Log::System;
  std::string_view source;     // "DCOM", "Security" (the classic source name)
  std::string_view provider;   // "Microsoft-Windows-DistributedCOM" (Vista and later); = source before
  Windows from = Windows::Nt5; // the versions that write this layout, inclusive
  Windows until = Windows::Win10;
  // The parameters %1, %2, ... in order, by the names the audit gives them ("scope", "user").
  std::span<const std::string_view> params;
  // The EventData names Windows gives them, for events with named data (Security); empty for
  // events whose data are numbered (DCOM's param1, param2, ...).
  std::span<const std::string_view> dataNames;
  std::string_view text;       // the message, %N for parameter N, '\n' and '\t' as Windows lays it out
  std::string_view source_doc; // where the template comes from
  bool simulated = true;       // false: a layout only read (e.g. as a published list prints it)

  bool writtenBy(Windows w) const { return from <= w && w <= until; }
  // Windows 2000/XP/2003 name the classic source where later versions name the provider.
  std::string_view providerOn(Windows w) const { return w == Windows::Nt5 ? source : provider; }
  // Index of the parameter named `name`, or -1.
  int paramIndex(std::string_view name) const;
};

// The layout `windows` writes for event `id` (the simulated one when several match); nullptr
// when that version does not write it or the catalogue does not know it.
const EventLayout *layoutFor(uint32_t id, Windows windows);
// Every layout of event `id`, oldest first (empty when unknown).
std::span<const EventLayout> layoutsOf(uint32_t id);
// The layout of the newest Windows that writes event `id`; nullptr when unknown.
const EventLayout *newestLayout(uint32_t id);
// Of the layouts of `id`, the one with exactly `count` parameters (the newest when several), else
// the newest layout; nullptr when unknown.
const EventLayout *layoutWithParams(uint32_t id, size_t count);
// The layout one of whose dataNames is `dataName` (Security events), or nullptr.
const EventLayout *layoutWithData(uint32_t id, std::string_view dataName);

std::span<const EventLayout> allLayouts();

// Reads a rendered message back into its parameters by the layout's template: the template's
// text between the %N must appear in that order (white space runs count as one blank, so the
// one-line and the Windows layout both match); text after the template's end is allowed (the
// Security events' explanation paragraph). nullopt when the message is not this layout's.
std::optional<std::vector<std::string>> parse(const EventLayout &layout, std::string_view message);
// The first layout of `id` (newest first) whose template `message` matches, with the values.
struct Parsed {
  const EventLayout *layout = nullptr;
  std::vector<std::string> values;
};
std::optional<Parsed> parseAny(uint32_t id, std::string_view message);

// The message with %N replaced by values[N-1] (a missing value stays "%N"), as Windows lays it
// out (line breaks and tabs).
std::string render(const EventLayout &layout, std::span<const std::string> values);
// The same on one line: every run of white space one blank (how predictions print messages).
std::string renderOneLine(const EventLayout &layout, std::span<const std::string> values);

} // namespace dd::catalog
