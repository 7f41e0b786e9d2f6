// The worked examples of docs/fix.md, run as the page gives them: each ```sh block that runs
// `dcomdoctor fix` is run by bash in an empty folder where `examples` is the source's examples
// folder and `dcomdoctor` the built binary; it must exit 0 and print every line of the ```text
// block that follows it. Every apply.ps1 it writes keeps to the PowerShell subset
// (tests/fix/PsSubset.h) and every changes.reg reads back through `reg dump`. The `fix` commands
// of docs/first-hour.md run the same way. The page names every file the folder can hold.
#include "fix/PsSubset.h"
#include "support/Conformance.h"
#include "support/Run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Block {
  std::string lang, text;
};

// The fenced blocks of a Markdown page, in order.
std::vector<Block> fencedBlocks(const std::string &page) {
  std::vector<Block> out;
  std::istringstream in(page);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      if (!inside)
        out.push_back(Block{line.substr(3), ""});
      inside = !inside;
      continue;
    }
    if (inside)
      out.back().text += line + "\n";
  }
  return out;
}

// A fresh folder with `examples` pointing at the source's.
fs::path workFolder(const std::string &name) {
  fs::path dir = fs::temp_directory_path() / ("dd-fixdoc-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::create_directory_symlink(fs::path(DCOMDOCTOR_SOURCE_DIR) / "examples", dir / "examples");
  return dir;
}

// Runs `script` with bash in `dir`, `dcomdoctor` on the PATH: its output and "exit status N".
std::string runScript(const fs::path &dir, const std::string &script) {
  std::ofstream(dir / "block.sh") << script;
  const std::string bin = fs::path(DCOMDOCTOR_BINARY).parent_path().string();
  return dd::test::runCommand("cd '" + dir.string() + "' && PATH='" + bin + "':\"$PATH\" bash -e block.sh 2>&1; " +
                              "echo \"exit status $?\"");
}

// Every apply.ps1 under `dir` in the subset, every changes.reg readable; how many of each.
std::pair<int, int> checkFiles(const fs::path &dir) {
  std::pair<int, int> seen{0, 0};
  for (const auto &e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename() == "apply.ps1") {
      ++seen.first;
      for (const std::string &problem : dd::test::checkPsSubset(dd::test::readFileText(e.path())))
        ADD_FAILURE() << e.path() << ": " << problem;
    }
    if (e.path().filename() == "changes.reg") {
      ++seen.second;
      std::string out = dd::test::runCommand("'" + std::string(DCOMDOCTOR_BINARY) + "' reg dump '" + e.path().string() +
                                             "' >/dev/null 2>&1; echo $?");
      EXPECT_EQ(out, "0\n") << e.path();
    }
  }
  return seen;
}

TEST(FixDoc, WorkedExamplesRunAsWritten) {
  const std::string page = dd::test::readFileText(fs::path(DCOMDOCTOR_SOURCE_DIR) / "docs/fix.md");
  ASSERT_FALSE(page.empty());
  std::vector<Block> blocks = fencedBlocks(page);
  int run = 0, scripts = 0, regs = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].lang != "sh" || blocks[i].text.find("dcomdoctor fix ") == std::string::npos)
      continue;
    fs::path dir = workFolder(std::to_string(i));
    std::string out = runScript(dir, blocks[i].text);
    EXPECT_NE(out.find("exit status 0\n"), std::string::npos) << blocks[i].text << out;
    ASSERT_TRUE(i + 1 < blocks.size() && blocks[i + 1].lang == "text") << "no output shown after " << blocks[i].text;
    std::istringstream expected(blocks[i + 1].text);
    for (std::string line; std::getline(expected, line);) {
      if (!line.empty()) {
        EXPECT_NE(out.find(line + "\n"), std::string::npos) << "docs/fix.md says: " << line << "\nbut: " << out;
      }
    }
    auto [ps, reg] = checkFiles(dir);
    scripts += ps;
    regs += reg;
    ++run;
    fs::remove_all(dir);
  }
  EXPECT_EQ(run, 4) << "the four worked examples";
  EXPECT_GE(scripts, 7);
  EXPECT_GE(regs, 3);
  for (const char *file : {"`README.txt`", "`proof.txt`", "`HOST/changes.reg`", "`HOST/apply.ps1`",
                           "`HOST/user-rights.inf`", "`HOST/steps.txt`", "`HOST/backup.xml`", ".\\apply.ps1 -Rollback"})
    EXPECT_NE(page.find(file), std::string::npos) << file;
}

TEST(FixDoc, FirstHourFixCommandsRun) {
  const std::string page = dd::test::readFileText(fs::path(DCOMDOCTOR_SOURCE_DIR) / "docs/first-hour.md");
  int run = 0;
  for (const Block &b : fencedBlocks(page)) {
    if (b.lang != "sh" || b.text.find("dcomdoctor fix ") == std::string::npos)
      continue;
    fs::path dir = workFolder("first-hour");
    std::string out = runScript(dir, b.text);
    EXPECT_NE(out.find("exit status 0\n"), std::string::npos) << b.text << out;
    EXPECT_EQ(checkFiles(dir).first, 4) << "plan/ and fix-hmi2/: OPCSRV and HMI2 each";
    ++run;
    fs::remove_all(dir);
  }
  EXPECT_EQ(run, 1);
}

} // namespace
