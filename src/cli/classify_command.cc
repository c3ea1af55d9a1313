// loghealth classify: newline-delimited logs in, events and failures out.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/numbers.h"
#include "loghealth/classifier.h"
#include "loghealth/database.h"
#include "src/cli/commands.h"
#include "src/cli/schema_args.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth classify [--schema PATH...] [--log-type NAME...] [--source-id ID]\n"
    "                          [--source-label LABEL] [--failures PATH]\n"
    "                          [--glue-timestamps] [--db PATH] [--row-id-seed N]\n"
    "                          [INPUT...]\n\n"
    "Classifies newline-delimited logs from the INPUT files (or standard input)\n"
    "against the schemas (files, or folders of them) and the built-in log types\n"
    "named by --log-type (AWS.CloudTrail, AWS.VPCFlow, ...: loghealth log-types\n"
    "lists them; a schema marked `parser: native` is served by its built-in).\n"
    "Writes one event per line (a CloudTrail file's Records: one per record)\n"
    "to standard output, one classification failure per line to --failures\n"
    "(standard error when not given), and last, on standard error, the summary\n"
    "  lines=N events=E failures=F skipped=S\n\n"
    "  --glue-timestamps  write timestamps in Panther's data-lake layout\n"
    "  --db PATH          also write every failure into the panther_monitor\n"
    "                     database PATH (SQLite; created when missing;\n"
    "                     docs/database.md), in batches\n"
    "  --row-id-seed N    seed p_row_id with the positive integer N (the row ids\n"
    "                     are N in hex, then a counter): the same input\n"
    "                     classified again gets the same row ids, and the\n"
    "                     database keeps each failure once\n\n"
    "Exits 0 when the input was processed (even if lines failed), 2 on usage or\n"
    "schema errors, 1 when an input cannot be read.\n";

// Reads lines of any length with large reads (no per-line allocation once
// the buffer has grown to the longest line).
class LineReader {
 public:
  explicit LineReader(FILE* f) : file_(f), buffer_(1 << 20) {}

  // False at the end of the input. The line excludes its '\n'.
  bool Next(std::string_view* line) {
    while (true) {
      const char* begin = buffer_.data() + start_;
      const void* nl = std::memchr(begin, '\n', end_ - start_);
      if (nl != nullptr) {
        const size_t len = static_cast<const char*>(nl) - begin;
        *line = std::string_view(begin, len);
        start_ += len + 1;
        return true;
      }
      if (eof_) {
        if (start_ == end_) return false;
        *line = std::string_view(begin, end_ - start_);
        start_ = end_;
        return true;
      }
      // Move the partial line to the front; grow if it fills the buffer.
      std::memmove(buffer_.data(), begin, end_ - start_);
      end_ -= start_;
      start_ = 0;
      if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
      const size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
      if (n == 0) eof_ = true;
      end_ += n;
    }
  }

 private:
  FILE* file_;
  std::vector<char> buffer_;
  size_t start_ = 0, end_ = 0;
  bool eof_ = false;
};

}  // namespace

int ClassifyCommand(const std::vector<std::string>& args) {
  std::vector<std::string> schema_paths, log_types, inputs;
  ClassifierOptions options;
  std::string failures_path, db_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) { return TakeValue(args, &i, out); };
    std::string v;
    if (IsHelpFlag(a)) {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--schema" && value(&v)) {
      schema_paths.push_back(v);
    } else if (a == "--log-type" && value(&v)) {
      log_types.push_back(v);
    } else if (a == "--source-id" && value(&v)) {
      options.source_id = v;
    } else if (a == "--source-label" && value(&v)) {
      options.source_label = v;
    } else if (a == "--failures" && value(&v)) {
      failures_path = v;
    } else if (a == "--glue-timestamps") {
      options.data_lake_timestamps = true;
    } else if (a == "--db" && value(&v)) {
      db_path = v;
    } else if (a == "--row-id-seed" && value(&v)) {
      if (!absl::SimpleAtoi(v, &options.row_id_seed) || options.row_id_seed == 0) {
        std::fprintf(stderr, "classify: --row-id-seed needs a positive integer, got %s\n",
                     v.c_str());
        return 2;
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "classify: unknown option or missing value: %s\n\n%s",
                   a.c_str(), kHelp);
      return 2;
    } else {
      inputs.push_back(a);
    }
  }
  if (schema_paths.empty() && log_types.empty()) {
    std::fprintf(stderr, "classify: at least one --schema or --log-type is needed\n\n%s",
                 kHelp);
    return 2;
  }
  std::vector<LogSchema> schemas;
  if (!LoadSchemaPaths(schema_paths, &schemas)) return 2;
  if (!AddBuiltinLogTypes(log_types, &schemas)) return 2;
  auto classifier = Classifier::Create(schemas, options);
  if (!classifier.ok()) {
    std::fprintf(stderr, "classify: %s\n", std::string(classifier.status().message()).c_str());
    return 2;
  }
  FILE* failures = stderr;
  std::unique_ptr<FILE, int (*)(FILE*)> failures_file(nullptr, &std::fclose);
  if (!failures_path.empty()) {
    failures_file.reset(std::fopen(failures_path.c_str(), "wb"));
    if (!failures_file) {
      std::fprintf(stderr, "classify: cannot write %s: %s\n",
                   failures_path.c_str(), std::strerror(errno));
      return 2;
    }
    failures = failures_file.get();
  }
  if (inputs.empty()) inputs.push_back("-");
  std::unique_ptr<MonitorDatabase> db;
  if (!db_path.empty()) {
    // Its own thread: SQLite's work beside the classifying, on two cores.
    MonitorDatabaseOptions db_options;
    db_options.background_writer = true;
    auto opened = MonitorDatabase::Open(db_path, db_options);
    if (!opened.ok()) {
      std::fprintf(stderr, "classify: %s\n", std::string(opened.status().message()).c_str());
      return 2;
    }
    db = *std::move(opened);
    // Failures go to the database; a file only when asked for.
    if (failures_path.empty()) failures = nullptr;
  }

  ClassifierStream stream(*classifier);
  int status = 0;
  for (const std::string& input : inputs) {
    FILE* in = input == "-" ? stdin : std::fopen(input.c_str(), "rb");
    if (in == nullptr) {
      std::fprintf(stderr, "classify: cannot read %s: %s\n", input.c_str(),
                   std::strerror(errno));
      status = 1;
      continue;
    }
    stream.NewInput();  // a csv header or skipLines belong to one file
    LineReader reader(in);
    std::string_view line;
    while (reader.Next(&line)) {
      const ClassifyResult& r = stream.Classify(line);
      if (r.kind == ClassifyResult::Kind::kEvent) {
        std::fwrite(r.json.data(), 1, r.json.size(), stdout);
        std::fputc('\n', stdout);
      } else if (r.kind == ClassifyResult::Kind::kFailure) {
        if (failures != nullptr) {
          std::fwrite(r.json.data(), 1, r.json.size(), failures);
          std::fputc('\n', failures);
        }
        if (db != nullptr) {
          if (absl::Status st = db->AddFailure(r.json, line); !st.ok()) {
            std::fprintf(stderr, "classify: %s\n", std::string(st.message()).c_str());
            return 1;
          }
        }
      }
    }
    if (in != stdin) std::fclose(in);
  }
  std::fflush(stdout);
  if (failures != nullptr) std::fflush(failures);
  if (db != nullptr) {
    if (absl::Status st = db->Flush(); !st.ok()) {
      std::fprintf(stderr, "classify: %s\n", std::string(st.message()).c_str());
      return 1;
    }
  }
  const ClassifierStats& s = stream.stats();
  std::fprintf(stderr, "lines=%llu events=%llu failures=%llu skipped=%llu\n",
               static_cast<unsigned long long>(s.logs),
               static_cast<unsigned long long>(s.event_records),
               static_cast<unsigned long long>(s.failures),
               static_cast<unsigned long long>(s.skipped));
  return status;
}

}  // namespace cli
}  // namespace loghealth
