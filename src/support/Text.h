// The few string helpers every layer needs, once: names are compared as Windows compares account,
// group, host and value names (ASCII case-insensitively), and text is trimmed of white space.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace dd {

inline char lowerAscii(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// "OPCSRV" == "opcsrv"; only ASCII letters fold (as Windows' own name comparisons of these do).
inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lowerAscii(x) == lowerAscii(y); });
}

inline bool istartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Whether `needle` occurs in `haystack`, ignoring ASCII case; an empty needle always does.
inline bool icontains(std::string_view haystack, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i)
    if (iequals(haystack.substr(i, needle.size()), needle))
      return true;
  return false;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    c = lowerAscii(c);
  return out;
}

// Without leading and trailing white space (std::isspace: blanks, tabs, line ends).
inline std::string_view trimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// Where `needle` first occurs in `hay` at or after `from`, ignoring ASCII case; npos when it does
// not, or when `needle` is empty.
inline size_t ifind(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || from > hay.size())
    return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle))
      return i;
  return std::string_view::npos;
}

} // namespace dd
