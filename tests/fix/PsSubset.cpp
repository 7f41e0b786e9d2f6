// The PowerShell subset checker (see PsSubset.h).
#include "fix/PsSubset.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace dd::test {

namespace {

enum class T { Var, Str, DStr, Num, Param, Op, Word, Punct };
struct Token {
  T kind;
  std::string text;
  std::vector<std::string> vars; // DStr: the $names inside
};

struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool wordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':';
}
bool nameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (c == '`' || c == '|') {
      throw Bad(std::string("'") + c + "' is outside the subset (no backticks, no pipelines)");
    } else if (c == '@' && i + 1 < line.size() && (line[i + 1] == '\'' || line[i + 1] == '"')) {
      throw Bad("here-strings are outside the subset");
    } else if (c == '@' && i + 1 < line.size() && (line[i + 1] == '{' || line[i + 1] == '(')) {
      out.push_back({T::Punct, std::string(line.substr(i, 2)), {}});
      i += 2;
    } else if (c == '\'') {
      std::string s;
      for (++i;; ++i) {
        if (i >= line.size())
          throw Bad("a single-quoted string is not closed on its line");
        if (line[i] == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          s += '\'';
          ++i;
        } else if (line[i] == '\'') {
          break;
        } else {
          s += line[i];
        }
      }
      ++i;
      out.push_back({T::Str, s, {}});
    } else if (c == '"') {
      Token t{T::DStr, "", {}};
      for (++i;; ++i) {
        if (i >= line.size())
          throw Bad("a double-quoted string is not closed on its line");
        if (line[i] == '"')
          break;
        if (line[i] == '$') {
          if (i + 1 < line.size() && line[i + 1] == '(')
            throw Bad("$( ) subexpressions are outside the subset");
          size_t j = i + 1;
          while (j < line.size() && nameChar(line[j]))
            ++j;
          if (j > i + 1)
            t.vars.emplace_back(line.substr(i + 1, j - i - 1));
        }
        t.text += line[i];
      }
      ++i;
      out.push_back(std::move(t));
    } else if (c == '$') {
      size_t j = i + 1;
      while (j < line.size() && nameChar(line[j]))
        ++j;
      if (j == i + 1)
        throw Bad("'$' without a variable name ($( ) subexpressions are outside the subset)");
      out.push_back({T::Var, std::string(line.substr(i + 1, j - i - 1)), {}});
      i = j;
    } else if (c == '-' && i + 1 < line.size() && std::isalpha(static_cast<unsigned char>(line[i + 1]))) {
      size_t j = i + 1;
      while (j < line.size() && std::isalpha(static_cast<unsigned char>(line[j])))
        ++j;
      std::string name(line.substr(i + 1, j - i - 1));
      bool op = name == "eq" || name == "ne" || name == "and" || name == "or" || name == "not";
      out.push_back({op ? T::Op : T::Param, name, {}});
      i = j;
    } else if (c == '+') {
      out.push_back({T::Op, "+", {}});
      ++i;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_') {
      size_t j = i;
      while (j < line.size() && wordChar(line[j]))
        ++j;
      // A word ends before a member access: "GetNetworkCredential().Password".
      std::string w(line.substr(i, j - i));
      bool digits = std::all_of(w.begin(), w.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); });
      out.push_back({digits ? T::Num : T::Word, w, {}});
      i = j;
    } else if (std::string_view("(){}[],=;.&").find(c) != std::string_view::npos) {
      out.push_back({T::Punct, std::string(1, c), {}});
      ++i;
    } else {
      throw Bad(std::string("the character '") + c + "' is outside the subset");
    }
  }
  return out;
}

bool isCmdlet(const std::string &w) {
  static const std::set<std::string> verbs{"Get",  "Set",   "New",  "Remove", "Add",    "Write", "Read",
                                           "Join", "Split", "Test", "Import", "Export", "Invoke"};
  auto dash = w.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == w.size() || w.find('-', dash + 1) != std::string::npos ||
      w.find('.') != std::string::npos)
    return false;
  return verbs.count(w.substr(0, dash)) > 0;
}

class Parser {
public:
  std::vector<std::string> problems;

  void line(size_t number, std::string_view text) {
    try {
      toks_ = tokenize(text);
      pos_ = 0;
      if (toks_.empty())
        return;
      statement();
      ++statements_;
      if (pos_ != toks_.size())
        throw Bad("unexpected '" + toks_[pos_].text + "'");
    } catch (const Bad &e) {
      problems.push_back("line " + std::to_string(number) + ": " + e.what());
    }
  }

  void finish() {
    if (!blocks_.empty())
      problems.push_back("end of script: " + std::to_string(blocks_.size()) + " block(s) not closed with '}'");
  }

private:
  std::vector<Token> toks_;
  size_t pos_ = 0;
  int statements_ = 0;
  std::vector<std::string> blocks_; // "if", "else", "try", "catch"
  std::set<std::string> assigned_{"true", "false", "null", "MyInvocation", "LASTEXITCODE"};

  bool at(T k, std::string_view text = {}) const {
    return pos_ < toks_.size() && toks_[pos_].kind == k && (text.empty() || toks_[pos_].text == text);
  }
  bool punct(std::string_view p) const { return at(T::Punct, p); }
  bool word(std::string_view w) const {
    return pos_ < toks_.size() && toks_[pos_].kind == T::Word && toks_[pos_].text.size() == w.size() &&
           std::equal(w.begin(), w.end(), toks_[pos_].text.begin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  }
  void expect(std::string_view p) {
    if (!punct(p))
      throw Bad("expected '" + std::string(p) + "'" +
                (pos_ < toks_.size() ? " before '" + toks_[pos_].text + "'" : ""));
    ++pos_;
  }
  void end() {
    if (pos_ != toks_.size())
      throw Bad("unexpected '" + toks_[pos_].text + "' at the end of the statement");
  }
  void use(const std::string &name) {
    if (name == "_") {
      if (std::find(blocks_.begin(), blocks_.end(), "catch") == blocks_.end())
        throw Bad("$_ outside a catch block");
      return;
    }
    if (!assigned_.count(name))
      throw Bad("$" + name + " is used before it is assigned");
  }
  bool commandStarts() const {
    return punct("&") || (pos_ < toks_.size() && toks_[pos_].kind == T::Word && isCmdlet(toks_[pos_].text));
  }

  void statement() {
    if (word("param")) {
      if (statements_ != 0)
        throw Bad("param( ) must be the first statement");
      ++pos_;
      expect("(");
      expect("[");
      if (!word("switch"))
        throw Bad("param( ) takes [switch] parameters only");
      ++pos_;
      expect("]");
      if (!at(T::Var))
        throw Bad("param( ) needs a $name");
      assigned_.insert(toks_[pos_++].text);
      expect(")");
    } else if (word("if")) {
      ++pos_;
      expect("(");
      commandOrExpr();
      expect(")");
      expect("{");
      blocks_.push_back("if");
    } else if (word("try")) {
      ++pos_;
      expect("{");
      blocks_.push_back("try");
    } else if (word("throw")) {
      ++pos_;
      if (pos_ < toks_.size())
        expr();
    } else if (punct("}")) {
      closeBlock();
    } else if (at(T::Var)) {
      assignment();
    } else if (commandStarts()) {
      command();
    } else {
      throw Bad("not a statement of the subset: '" + toks_[pos_].text + "'");
    }
  }

  void closeBlock() {
    ++pos_;
    if (blocks_.empty())
      throw Bad("'}' without an open block");
    std::string open = blocks_.back();
    blocks_.pop_back();
    if (word("else")) {
      if (open != "if")
        throw Bad("else after a " + open + " block");
      ++pos_;
      expect("{");
      blocks_.push_back("else");
    } else if (word("catch")) {
      if (open != "try")
        throw Bad("catch after a " + open + " block");
      ++pos_;
      expect("{");
      blocks_.push_back("catch");
    } else if (open == "try") {
      throw Bad("try without catch");
    }
  }

  void assignment() {
    std::string name = toks_[pos_++].text;
    bool indexed = false;
    while (punct("[")) {
      ++pos_;
      expr();
      expect("]");
      indexed = true;
    }
    if (indexed)
      use(name); // $state['x'] = ... needs $state
    expect("=");
    commandOrExpr();
    if (name != "null")
      assigned_.insert(name);
  }

  void commandOrExpr() {
    if (commandStarts())
      command();
    else
      expr();
  }

  void command() {
    if (punct("&")) {
      ++pos_;
      if (!at(T::Word) || toks_[pos_].text.size() < 5 || toks_[pos_].text.substr(toks_[pos_].text.size() - 4) != ".exe")
        throw Bad("'&' must call a program by its name.exe");
    } else if (!at(T::Word) || !isCmdlet(toks_[pos_].text)) {
      throw Bad("not a cmdlet of the subset");
    }
    ++pos_;
    while (pos_ < toks_.size() && !punct(")")) {
      if (at(T::Param)) {
        ++pos_;
        continue;
      }
      value();
      while (punct(",")) {
        ++pos_;
        value();
      }
    }
  }

  void value() {
    if (at(T::Word) || at(T::Num)) {
      ++pos_;
      return;
    }
    term();
  }

  void expr() {
    if (at(T::Op, "not"))
      ++pos_;
    term();
    while (at(T::Op) || punct(",")) {
      if (at(T::Op, "not"))
        throw Bad("-not between two terms");
      ++pos_;
      term();
    }
  }

  void term() {
    if (pos_ >= toks_.size())
      throw Bad("a value is missing at the end of the line");
    const Token &t = toks_[pos_];
    if (t.kind == T::Str || t.kind == T::Num) {
      ++pos_;
    } else if (t.kind == T::DStr) {
      for (const std::string &v : t.vars)
        use(v);
      ++pos_;
    } else if (t.kind == T::Var) {
      use(t.text);
      ++pos_;
      while (punct("[")) {
        ++pos_;
        expr();
        expect("]");
      }
      members();
    } else if (punct("(")) {
      ++pos_;
      commandOrExpr();
      expect(")");
      members();
    } else if (punct("@{")) {
      ++pos_;
      hash();
    } else if (punct("@(")) {
      ++pos_;
      expect(")");
    } else {
      throw Bad("not a value of the subset: '" + t.text + "'");
    }
  }

  void members() {
    while (punct(".")) {
      ++pos_;
      if (!at(T::Word))
        throw Bad("'.' must be followed by a member name");
      ++pos_;
      if (punct("(")) {
        ++pos_;
        if (!punct(")"))
          expr();
        expect(")");
      }
    }
  }

  void hash() {
    while (!punct("}")) {
      if (!at(T::Word))
        throw Bad("@{ } takes name = value entries");
      ++pos_;
      expect("=");
      expr();
      if (punct(";"))
        ++pos_;
      else if (!punct("}"))
        throw Bad("entries of @{ } are separated by ';'");
    }
    ++pos_;
  }
};

} // namespace

std::vector<std::string> checkPsSubset(std::string_view script) {
  Parser p;
  size_t number = 0, start = 0;
  while (start <= script.size()) {
    size_t nl = script.find('\n', start);
    std::string_view line = script.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    p.line(++number, line);
    if (nl == std::string_view::npos)
      break;
    start = nl + 1;
  }
  p.finish();
  return p.problems;
}

} // namespace dd::test
