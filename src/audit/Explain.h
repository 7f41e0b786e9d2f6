// `dcomdoctor explain THING`: what an HRESULT, an NTSTATUS, an event id, or a pasted event
// means, its causes and fixes from the knowledge base, and its sources. The result is JSON
// (docs/events.md lists the fields) with a text rendering of the same content.
#pragma once

#include "audit/Directory.h"
#include "support/Result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace dd::audit {

// THING: "0x80070005", "80070005", "-2147024891", "0xC000006A", "10016", "DCOM 10016",
// "Security 4625", "event 4625". Errors: unrecognised form, or not in the knowledge base.
Result<nlohmann::json> explainThing(std::string_view thing);

// An event pasted as Event Viewer text or XML (EventText.h), explained with its own
// parameters, names resolved through `directory`.
Result<nlohmann::json> explainEventText(std::string_view text, const std::string &source, const Directory &directory);

// The text a person reads: the same content as the JSON.
std::string renderExplanation(const nlohmann::json &explanation);

} // namespace dd::audit
