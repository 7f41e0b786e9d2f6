// Runs a shell command and returns what it printed on stdout (the tests that run the built
// binary, e.g. `dcomdoctor simulate ... --json`).
#pragma once

#include <cstdio>
#include <string>

namespace dd::test {

// A word for sh: 'text', with each ' written as '\''.
inline std::string shellQuote(const std::string &s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string runCommand(const std::string &command) {
  FILE *pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = pipe ? fread(buf, 1, sizeof buf, pipe) : 0)
    out.append(buf, n);
  if (pipe)
    pclose(pipe);
  return out;
}

} // namespace dd::test
