// The `evtx` verb: `evtx dump FILE... [--jsonl|--xml] [--threads N]` prints every record of
// .evtx files, decoded by dd::evtx (src/evtx/Reader.h). The triage verbs built on the same
// reader (`events`, `explain`) live in EventsCommand.cpp.
#include "cli/Commands.h"
#include "cli/ProgressLine.h"

#include "evtx/Reader.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace dd::cli {
namespace {

enum class DumpFormat { Text, Jsonl, Xml };

struct DumpOptions {
  std::vector<std::string> files;
  bool jsonl = false;
  bool xml = false;
  unsigned threads = 0;
  bool recover = false;
  bool progress = true;
};

// A progress bar on stderr (ProgressLine), only when stderr is a terminal and the input is large.
class Progress {
public:
  Progress(uint64_t total, bool wanted) : total_(total), line_(wanted && total >= (64u << 20)) {}
  void advance(uint64_t bytes) {
    done_ += bytes;
    if (line_.on())
      line_.update(progressBar(done_, total_) + " " + std::to_string(done_ >> 20) + "/" + std::to_string(total_ >> 20) +
                   " MB");
  }

private:
  uint64_t total_, done_ = 0;
  ProgressLine line_;
};

// Text mode keeps one record a line whatever the values hold: a line feed, carriage return and
// tab are written as \n, \r and \t, other control characters as \xHH. Backslashes stay as they
// are, so that paths and DOMAIN\user read as Windows writes them (docs/evtx.md: --jsonl for
// values exactly).
void appendEscaped(std::string &out, std::string_view text) {
  size_t done = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != 0x7f)
      continue;
    out.append(text.substr(done, i - done));
    done = i + 1;
    switch (c) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: out += fmt::format("\\x{:02x}", c);
    }
  }
  out.append(text.substr(done));
}

void appendField(std::string &out, std::string_view text) {
  if (text.empty())
    out += '-';
  else
    appendEscaped(out, text);
}

// One line a record for people: time, record number, provider, event id, level, computer,
// user, then the data pairs. The record number is the one `events` cites: System/EventRecordID
// (what Event Viewer shows), or the record header's when the event has none; a log saved from
// a filter numbers its records anew in their headers, and that number follows as file_record=.
void appendTextLine(std::string &out, const evtx::Event &e) {
  evtx::appendFileTime(out, e.time());
  const uint64_t number = e.eventRecordId.value_or(e.recordId);
  out += fmt::format(" #{}", number);
  if (number != e.recordId)
    out += fmt::format(" file_record={}", e.recordId);
  out += ' ';
  appendField(out, e.provider);
  out += fmt::format(" {} level={} ", e.eventId ? std::to_string(*e.eventId) : "-",
                     e.level ? std::to_string(*e.level) : "-");
  appendField(out, e.computer);
  out += " user=";
  appendField(out, e.userSid);
  if (e.damaged)
    out += " [damaged]";
  for (const auto &item : e.data) {
    out += ' ';
    appendEscaped(out, item.name);
    out += '=';
    appendEscaped(out, item.value);
  }
  out.push_back('\n');
}

int runDump(const DumpOptions &o) {
  const DumpFormat format = o.xml ? DumpFormat::Xml : o.jsonl ? DumpFormat::Jsonl : DumpFormat::Text;
  evtx::ReadOptions options;
  options.threads = o.threads;
  options.recover = o.recover;
  options.output = format == DumpFormat::Xml     ? evtx::Output::Xml
                   : format == DumpFormat::Jsonl ? evtx::Output::Jsonl
                                                 : evtx::Output::Events;
  uint64_t total = 0;
  for (const auto &f : o.files) {
    struct stat st {};
    if (f != "-" && ::stat(f.c_str(), &st) == 0)
      total += static_cast<uint64_t>(st.st_size);
  }
  Progress progress(total, o.progress);
  static char stdoutBuffer[1 << 16];
  std::setvbuf(stdout, stdoutBuffer, _IOFBF, sizeof stdoutBuffer);
  if (format == DumpFormat::Xml)
    std::fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n", stdout);

  int status = 0;
  size_t failed = 0;
  std::string text;
  for (const auto &file : o.files) {
    auto summary = evtx::readFile(file, options, [&](evtx::ChunkResult &chunk) {
      if (format == DumpFormat::Text) {
        text.clear();
        for (const auto &e : chunk.events)
          appendTextLine(text, e);
        std::fwrite(text.data(), 1, text.size(), stdout);
      } else {
        std::fwrite(chunk.text.data(), 1, chunk.text.size(), stdout);
      }
      progress.advance(chunk.bytes);
    });
    if (!summary) {
      const auto &err = summary.error();
      std::fprintf(stderr, "dcomdoctor: %s\n", err.source.empty() ? err.message.c_str() : err.str().c_str());
      ++failed;
      continue;
    }
    for (const auto &p : summary->problems)
      std::fprintf(stderr, "dcomdoctor: %s: %s\n", file.c_str(), p.c_str());
    if (summary->anythingSkipped()) {
      std::fprintf(stderr,
                   "dcomdoctor: %s: %llu records read (%llu of them damaged), %llu skipped; "
                   "%llu damaged chunks\n",
                   file.c_str(), static_cast<unsigned long long>(summary->records),
                   static_cast<unsigned long long>(summary->damagedRecords),
                   static_cast<unsigned long long>(summary->recordsSkipped),
                   static_cast<unsigned long long>(summary->damagedChunks));
      status = 1;
    }
  }
  if (format == DumpFormat::Xml)
    std::fputs("</Events>\n", stdout);
  std::fflush(stdout);
  if (failed)
    return failed == o.files.size() ? 2 : 1;
  return status;
}

void addEvtxDump(CLI::App &evtx, int &exitStatus) {
  auto options = std::make_shared<DumpOptions>();
  CLI::App *dump =
      evtx.add_subcommand("dump", "Print every record of .evtx files, in record order: one line each (text or "
                                  "--jsonl), or --xml. Damaged chunks and records are reported on stderr with their "
                                  "offsets and the good records are still printed (exit 1 if anything was skipped).");
  dump->add_option("FILE", options->files, ".evtx files ('-' reads standard input)")->required();
  auto *jsonl =
      dump->add_flag("--jsonl,--json", options->jsonl, "one JSON object a record a line (fields: docs/evtx.md)");
  dump->add_flag("--xml", options->xml, "the records as XML, as Event Viewer shows them")->excludes(jsonl);
  dump->add_option("--threads", options->threads, "decoding threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  dump->add_flag("--recover", options->recover,
                 "also read intact records past damage inside a chunk and in chunks whose "
                 "header is unusable (more than evtxexport and evtx_dump.py read)");
  dump->add_flag("!--no-progress", options->progress, "no progress bar, even on a terminal");
  dump->footer("Example:\n  dcomdoctor evtx dump --jsonl System.evtx | grep '\"event_id\":10016'");
  dump->callback([options, &exitStatus] { exitStatus = runDump(*options); });
}

} // namespace

void addEvtxCommand(CLI::App &app, int &exitStatus) {
  CLI::App *evtx = app.add_subcommand("evtx", "Read Windows event logs (.evtx)");
  evtx->require_subcommand(1);
  evtx->footer("Example:\n  dcomdoctor evtx dump --jsonl System.evtx");
  addEvtxDump(*evtx, exitStatus);
  // Further `evtx` subcommands register here. The triage (`events`, `explain`) is its own
  // verb group in EventsCommand.cpp and reads logs through evtx::readEvents.
}

} // namespace dd::cli
