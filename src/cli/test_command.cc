// loghealth test: run Panther's schema tests against loghealth.
#include <cstdio>
#include <map>
#include <memory>

#include "loghealth/classifier.h"
#include "loghealth/log_types.h"
#include "simdjson.h"
#include "src/cli/commands.h"
#include "src/conformance/schema_tests.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth test PATH...\n\n"
    "Finds log schemas and Panther schema tests (*_tests.yml) under the PATHs,\n"
    "classifies every test input with the schema its logType names, and compares\n"
    "the events with the expected results under Panther's rules (p_event_time as\n"
    "an instant, p_any_* as sets, p_parse_time and p_row_id not compared, the\n"
    "rest as JSON).\n\n"
    "A schema marked `parser: native` (or a logType with no schema under the\n"
    "PATHs) is served by loghealth's built-in type of that name (loghealth\n"
    "log-types). Cases of built-in types run twice: alone, and with every built-in\n"
    "type of the vendor attached (the expected one tried last), so that no sibling\n"
    "takes their lines. A case with `expectFailure: {reason, field}` must fail.\n"
    "The parse time is 2024-06-15T12:00:00Z for every case, so that times read\n"
    "without a year (inferYear) get the same year whenever the tests run.\n\n"
    "Prints 'PASS name' or 'FAIL name' with the differences, and last\n"
    "'N passed, M failed, 0 skipped'. Exits 1 if any failed.\n";

// The vendor of a log type: "AWS" of "AWS.CloudTrail".
std::string VendorOf(const std::string& log_type) {
  return log_type.substr(0, log_type.find('.'));
}

std::string FieldOf(std::string_view json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  std::string_view v;
  if (parser.parse(std::string(json)).get(e) || e[key].get_string().get(v)) return "";
  return std::string(v);
}

// The events of a result, one per line.
std::vector<std::string_view> EventsOf(const ClassifyResult& r) {
  std::vector<std::string_view> out;
  std::string_view rest = r.json;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    out.push_back(rest.substr(0, nl));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return out;
}

// 2024-06-15T12:00:00Z: the parse time of every case.
ClassifierOptions TestOptions() {
  ClassifierOptions o;
  o.clock = [] { return Timestamp::FromUnixNanos(1718452800LL * 1000000000); };
  return o;
}

class Runner {
 public:
  // The differences of one classification from what the case expects; ""
  // when it passes. `with_siblings` names the classifier's other types in
  // messages.
  std::string Check(const conformance::SchemaTestCase& c, const ClassifyResult& r,
                    bool with_siblings) {
    const std::string where = with_siblings ? " (with the vendor's other types attached)" : "";
    if (c.expect_failure) {
      if (r.kind == ClassifyResult::Kind::kFailure) {
        std::string why;
        if (!c.failure_reason.empty() &&
            FieldOf(r.json, "reason") != c.failure_reason) {
          why += "  want reason " + c.failure_reason + ", got " + FieldOf(r.json, "reason") +
                 where + "\n";
        }
        if (!c.failure_field.empty() && FieldOf(r.json, "field") != c.failure_field) {
          why += "  want field " + c.failure_field + ", got " + FieldOf(r.json, "field") +
                 where + "\n";
        }
        return why.empty() ? "" : why + "  failure: " + std::string(r.json) + "\n";
      }
      return "  want a failure, got " +
             std::string(r.kind == ClassifyResult::Kind::kEvent
                             ? "an event of " + std::string(r.log_type)
                             : "nothing (skipped)") +
             where + ": " + std::string(r.json) + "\n";
    }
    if (r.kind != ClassifyResult::Kind::kEvent) {
      return r.kind == ClassifyResult::Kind::kFailure
                 ? "  classification failed" + where + ": " + std::string(r.json) + "\n"
                 : "  the input is blank (or gives no event)" + where + "\n";
    }
    if (r.log_type != c.log_type) {
      return "  classified as " + std::string(r.log_type) + where + "\n";
    }
    const std::vector<std::string_view> events = EventsOf(r);
    if (events.size() != c.results.size()) {
      return "  want " + std::to_string(c.results.size()) + " events, got " +
             std::to_string(events.size()) + "\n";
    }
    std::string why;
    for (size_t i = 0; i < events.size(); ++i) {
      for (const std::string& d : conformance::CompareEvents(c.results[i], events[i], c.log_type)) {
        why += "  " + (events.size() > 1 ? "event " + std::to_string(i) + ": " : "") + d + "\n";
      }
      if (!why.empty()) {
        why += "  event: " + std::string(events[i]) + "\n";
        break;
      }
    }
    return why;
  }

  std::shared_ptr<const Classifier> Alone(const std::string& log_type, const LogSchema& schema,
                                          std::string* error) {
    auto& c = alone_[log_type];
    if (!c) {
      auto created = Classifier::Create({schema}, TestOptions());
      if (!created.ok()) {
        *error = std::string(created.status().message());
        return nullptr;
      }
      c = *created;
    }
    return c;
  }

  // Every built-in type of the vendor, `log_type` given last; a type whose
  // schema file is under the PATHs (and not native) is taken from there, so
  // a schema being edited is tested as it stands.
  std::shared_ptr<const Classifier> WithSiblings(const std::string& log_type,
                                                 const LogSchema& own,
                                                 const std::map<std::string, LogSchema>& files,
                                                 std::string* error) {
    auto& c = siblings_[log_type];
    if (!c) {
      std::vector<LogSchema> schemas;
      for (const std::string& name : BuiltinLogTypesOf(VendorOf(log_type))) {
        if (name == log_type) continue;
        auto file = files.find(name);
        if (file != files.end() && !IsNativeSchema(file->second)) {
          schemas.push_back(file->second);
          continue;
        }
        auto s = BuiltinLogType(name);
        if (!s.ok()) {
          *error = std::string(s.status().message());
          return nullptr;
        }
        schemas.push_back(*std::move(s));
      }
      schemas.push_back(own);
      auto created = Classifier::Create(schemas, TestOptions());
      if (!created.ok()) {
        *error = std::string(created.status().message());
        return nullptr;
      }
      c = *created;
    }
    return c;
  }

 private:
  std::map<std::string, std::shared_ptr<const Classifier>> alone_, siblings_;
};

}  // namespace

int TestCommand(const std::vector<std::string>& args) {
  std::vector<std::string> paths;
  for (const std::string& a : args) {
    if (IsHelpFlag(a)) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "test: unknown option %s\n\n%s", a.c_str(), kHelp);
      return 2;
    }
    paths.push_back(a);
  }
  if (paths.empty()) {
    std::fprintf(stderr, "test: no PATH given\n\n%s", kHelp);
    return 2;
  }
  // Every schema under the paths, by log type; load errors are remembered
  // and reported on the cases that need the schema.
  std::map<std::string, LogSchema> schemas;
  std::map<std::string, std::string> load_errors;
  std::vector<conformance::SchemaTestCase> cases;
  int passed = 0, failed = 0;
  for (const std::string& path : paths) {
    const absl::StatusOr<std::vector<std::string>> files = FindSchemaFiles(path);
    if (!files.ok()) {
      std::printf("FAIL %s\n", std::string(files.status().message()).c_str());
      ++failed;
      continue;
    }
    for (const std::string& file : *files) {
      SchemaLoadResult r = LoadSchemaFile(file);
      if (r.ok()) {
        // A schema of loghealth's own beats one that names a native parser,
        // in whatever order the PATHs came.
        auto it = schemas.find(r.schema->schema());
        if (it == schemas.end() || IsNativeSchema(it->second)) {
          schemas[r.schema->schema()] = *r.schema;
        }
      } else if (r.schema.has_value() && !r.schema->schema().empty()) {
        load_errors[r.schema->schema()] = r.ErrorText();
      } else {
        std::printf("FAIL %s (schema does not load)\n%s", file.c_str(),
                    r.ErrorText().c_str());
        ++failed;
      }
    }
    for (const std::string& file : conformance::FindSchemaTestFiles(path)) {
      if (absl::Status loaded = conformance::LoadSchemaTests(file, &cases); !loaded.ok()) {
        std::printf("FAIL %s\n  %s\n", file.c_str(), std::string(loaded.message()).c_str());
        ++failed;
      }
    }
  }
  Runner runner;
  for (const conformance::SchemaTestCase& c : cases) {
    const std::string label = c.name.empty() ? c.file : c.name;
    auto fail = [&](const std::string& why) {
      std::printf("FAIL %s (%s:%d)\n%s", label.c_str(), c.file.c_str(), c.line,
                  why.c_str());
      ++failed;
    };
    // The schema the case names: its file's, unless that needs a native
    // parser (or there is none): then the built-in.
    auto schema = schemas.find(c.log_type);
    const bool builtin = BuiltinLogType(c.log_type).ok();
    LogSchema chosen;
    if (schema != schemas.end() && !IsNativeSchema(schema->second)) {
      chosen = schema->second;
    } else if (auto b = BuiltinLogType(c.log_type); b.ok()) {
      chosen = *std::move(b);
    } else if (schema != schemas.end()) {
      fail("  " + std::string(b.status().message()) + "\n");
      continue;
    } else {
      auto le = load_errors.find(c.log_type);
      fail(le != load_errors.end() ? le->second
                                   : "  no schema for logType " + c.log_type + "\n");
      continue;
    }
    std::string error;
    auto alone = runner.Alone(c.log_type, chosen, &error);
    if (!alone) {
      fail("  " + error + "\n");
      continue;
    }
    std::string why;
    {
      ClassifierStream stream(alone);
      why = runner.Check(c, stream.Classify(c.input), /*with_siblings=*/false);
    }
    if (why.empty() && builtin) {
      auto siblings = runner.WithSiblings(c.log_type, chosen, schemas, &error);
      if (!siblings) {
        why = "  " + error + "\n";
      } else {
        ClassifierStream stream(siblings);
        why = runner.Check(c, stream.Classify(c.input), /*with_siblings=*/true);
      }
    }
    if (!why.empty()) {
      fail(why);
      continue;
    }
    std::printf("PASS %s\n", label.c_str());
    ++passed;
  }
  // Nothing is skipped any more (native types are built in); the count
  // stays in the line that scripts read.
  std::printf("%d passed, %d failed, 0 skipped\n", passed, failed);
  return failed > 0 ? 1 : 0;
}

}  // namespace cli
}  // namespace loghealth
