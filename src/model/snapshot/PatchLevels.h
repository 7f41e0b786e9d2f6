// The date of a host's latest cumulative update, from the KB numbers `systeminfo` lists.
//
// Only the monthly cumulative updates that matter to the 2021-2023 DCOM hardening
// (KB5004442: 2021-06-08 introduced, 2022-06-14 on by default, 2022-11-08 clients raise
// explicit levels, 2023-03-14 always on) and a few later ones (May and June 2023) are known here, for the Windows
// versions the example plant and most OPC sites run (Windows 10 1809 / Server 2019, Windows 10
// 21H2/22H2, Server 2016, Server 2022). A host whose hotfix list names none of them keeps the
// patch date of its plant file (the plant file states it: `patched = 2023-06-13`).
// Source: Microsoft's "Windows 10 update history" and "Windows Server 2019 update history" pages
// (one page per KB, "<date>—KBnnnnnnn (OS Build nnnnn.nnnn)").
#pragma once

#include "model/Plant.h"

#include <optional>
#include <string_view>

namespace dd::model::snapshot {

// The release date of a known cumulative update ("KB5027222" -> 2023-06-13), or nullopt.
std::optional<Date> cumulativeUpdateDate(std::string_view kb);

} // namespace dd::model::snapshot
