// The progress line of long verbs (cli/ProgressLine.h): the texts it writes, tested directly, and
// the verbs themselves: piped, they write nothing to stderr; on a terminal (a pseudo-terminal
// from util-linux's `script`), the line is drawn with \r and erased.
#include "cli/ProgressLine.h"
#include "support/Conformance.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace dd::cli;
namespace fs = std::filesystem;

TEST(ProgressLine, Count) {
  EXPECT_EQ(progressCount("matrix: client hosts", 12, 400), "matrix: client hosts: 12/400");
  EXPECT_EQ(progressCount("reading", 7), "reading: 7");
}

TEST(ProgressLine, Bar) {
  EXPECT_EQ(progressBar(0, 100, 10), "[          ]   0%");
  EXPECT_EQ(progressBar(25, 100, 10), "[##        ]  25%");
  EXPECT_EQ(progressBar(100, 100, 10), "[##########] 100%");
  EXPECT_EQ(progressBar(500, 100, 10), "[##########] 100%") << "done past the total is full, not more";
  EXPECT_EQ(progressBar(3, 0, 4), "[    ]   0%") << "no total: an empty bar, no division by zero";
  EXPECT_EQ(progressBar(64, 128).size(), 30u + 2 + 5);
}

TEST(ProgressLine, FramePadsOverALongerPreviousText) {
  EXPECT_EQ(progressFrame("abc", 0), "\rabc");
  EXPECT_EQ(progressFrame("abc", 6), "\rabc   ");
  EXPECT_EQ(progressFrame("abcdef", 3), "\rabcdef");
  EXPECT_EQ(progressErase(4), "\r    \r");
  EXPECT_EQ(progressErase(0), "") << "nothing drawn, nothing to erase";
}

TEST(ProgressLine, OffWhenStderrIsNotATerminal) {
  // The test runner's stderr may be a terminal: point descriptor 2 at a file for this check.
  const fs::path file = fs::temp_directory_path() / ("dd-progress-" + std::to_string(::getpid()));
  std::fflush(stderr);
  const int saved = ::dup(2);
  FILE *f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  ::dup2(::fileno(f), 2);
  {
    ProgressLine line;
    EXPECT_FALSE(line.on());
    line.update("working: 1/2");
  }
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::fclose(f);
  std::ifstream in(file);
  std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, "");
  fs::remove(file);
}

namespace {

struct Output {
  int status = -1;
  std::string err;
};

// Runs `dcomdoctor ARGS` with stdout to /dev/null and stderr to a file (not a terminal), or,
// with `terminal`, under `script` so that stderr is a pseudo-terminal.
Output runVerb(const std::string &args, bool terminal) {
  const fs::path err = fs::temp_directory_path() / ("dd-progress-err-" + std::to_string(::getpid()));
  std::string command = "'" + std::string(DCOMDOCTOR_BINARY) + "' " + args + " >/dev/null";
  if (terminal)
    command = "script -qec \"" + command + "\" /dev/null >'" + err.string() + "' 2>&1 </dev/null";
  else
    command += " 2>'" + err.string() + "' </dev/null";
  const int raw = std::system(command.c_str());
  Output o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err, std::ios::binary);
  o.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  fs::remove(err);
  return o;
}

bool haveScript() { return std::system("script -qec true /dev/null >/dev/null 2>&1") == 0; }

std::string example() { return "'" + (dd::test::sourceDir() / "examples" / "plant" / "plant.toml").string() + "'"; }

} // namespace

TEST(ProgressLine, LongVerbsPrintNothingExtraWhenPiped) {
  for (const std::string &args : {"matrix " + example(), "matrix " + example() + " --json", "audit " + example(),
                                  "report " + example() + " --no-audit", "explain 0x80070005 --plant " + example()}) {
    Output o = runVerb(args, false);
    EXPECT_LE(o.status, 1) << args;
    EXPECT_EQ(o.err, "") << args;
  }
}

TEST(ProgressLine, EventsOverSeveralLogsPrintNothingExtraWhenPiped) {
  DD_REQUIRE_CONFORMANCE(dir);
  const fs::path logs = dir / "evtx";
  const std::string args =
      "events '" + (logs / "system.evtx").string() + "' '" + (logs / "security.evtx").string() + "'";
  Output o = runVerb(args, false);
  EXPECT_LE(o.status, 1);
  EXPECT_EQ(o.err.find('\r'), std::string::npos) << o.err;
  if (!haveScript())
    GTEST_SKIP() << "util-linux `script` is not available: no pseudo-terminal to test with";
  Output tty = runVerb(args, true);
  EXPECT_NE(tty.err.find("\rreading logs: 1/2"), std::string::npos) << tty.err;
}

TEST(ProgressLine, OnATerminalTheLineIsDrawnAndErased) {
  if (!haveScript())
    GTEST_SKIP() << "util-linux `script` is not available: no pseudo-terminal to test with";
  Output o = runVerb("matrix " + example(), true);
  EXPECT_NE(o.err.find("\rmatrix: client hosts: 1/3"), std::string::npos) << o.err;
  // Erased at the end: the last thing written is blanks and a carriage return.
  ASSERT_FALSE(o.err.empty());
  EXPECT_EQ(o.err.back(), '\r') << o.err;
}
