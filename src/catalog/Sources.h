// Titles of the Microsoft documents that both the catalogue of codes and events and the
// knowledge base (audit/KnowledgeBase.cpp) cite: one spelling of each.
#pragma once

#include <string_view>

namespace dd::catalog::source {

inline constexpr std::string_view kMsComGeneral =
    "Microsoft TechNet, \"COM General Functionality\" (Windows Server 2008 R2 event list)";
inline constexpr std::string_view kMs4776 =
    "Microsoft Learn, \"4776(S, F): The computer attempted to validate the credentials for an account\"";

} // namespace dd::catalog::source
