// An error as a value: what went wrong, and where (file, line or byte offset).
//
// Every reader in dcomdoctor reports bad input through this type instead of throwing or
// crashing, so the CLI can print one located line per problem (see docs/conventions.md):
//   dcomdoctor: plant.toml:14: host "OPCSRV" names snapshot "snap/opcsrv" which does not exist
//   dcomdoctor: system.evtx: offset 0x211000: bad chunk signature (expected "ElfChnk")
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dd {

struct Error {
  std::string message;            // what was wrong and, where it helps, what was expected
  std::string source;             // file name, "<stdin>", or empty when not from a file
  std::optional<uint64_t> line;   // 1-based line in a text source
  std::optional<uint64_t> offset; // byte offset in a binary source

  static Error at(std::string message) { return Error{std::move(message), {}, {}, {}}; }
  static Error atLine(std::string source, uint64_t line, std::string message) {
    return Error{std::move(message), std::move(source), line, {}};
  }
  static Error atOffset(std::string source, uint64_t offset, std::string message) {
    return Error{std::move(message), std::move(source), {}, offset};
  }

  // Returns a copy that names `file` as its source when none was set yet.
  Error inFile(const std::string &file) const;

  // "source:line: message", "source: offset 0x1f: message", or just "message".
  std::string str() const;
};

} // namespace dd
