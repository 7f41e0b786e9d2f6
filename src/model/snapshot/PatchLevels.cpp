// Known cumulative updates and their release dates (see PatchLevels.h).
#include "model/snapshot/PatchLevels.h"

#include "model/snapshot/TextLines.h"

#include <array>

namespace dd::model::snapshot {

namespace {

struct KnownUpdate {
  std::string_view kb;
  Date date;
};

// Patch Tuesday cumulative updates, by OS: 1809 = Windows 10 1809 / Server 2019 (build 17763),
// 21H2/22H2 = Windows 10 (builds 19044/19045), 1607 = Server 2016 (14393), 2022 = Server 2022
// (20348).
constexpr std::array<KnownUpdate, 20> kUpdates{{
    {"KB5003646", {2021, 6, 8}},   // 1809
    {"KB5003638", {2021, 6, 8}},   // 1607
    {"KB5003637", {2021, 6, 8}},   // Windows 10 2004/20H2/21H1
    {"KB5014692", {2022, 6, 14}},  // 1809
    {"KB5014702", {2022, 6, 14}},  // 1607
    {"KB5014699", {2022, 6, 14}},  // Windows 10 21H2
    {"KB5014678", {2022, 6, 14}},  // Server 2022
    {"KB5019966", {2022, 11, 8}},  // 1809
    {"KB5019964", {2022, 11, 8}},  // 1607
    {"KB5019959", {2022, 11, 8}},  // Windows 10 21H2/22H2
    {"KB5019081", {2022, 11, 8}},  // Server 2022
    {"KB5023702", {2023, 3, 14}},  // 1809
    {"KB5023697", {2023, 3, 14}},  // 1607
    {"KB5023696", {2023, 3, 14}},  // Windows 10 21H2/22H2
    {"KB5023705", {2023, 3, 14}},  // Server 2022
    {"KB5026361", {2023, 5, 9}},   // Windows 10 21H2/22H2
    {"KB5027222", {2023, 6, 13}},  // 1809
    {"KB5027219", {2023, 6, 13}},  // 1607
    {"KB5027215", {2023, 6, 13}},  // Windows 10 21H2/22H2
    {"KB5027225", {2023, 6, 13}},  // Server 2022
}};

} // namespace

std::optional<Date> cumulativeUpdateDate(std::string_view kb) {
  for (const auto &u : kUpdates)
    if (iequals(u.kb, kb))
      return u.date;
  return std::nullopt;
}

} // namespace dd::model::snapshot
