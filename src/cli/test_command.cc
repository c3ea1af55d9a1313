// loghealth test: run Panther's schema tests against loghealth.
#include <cstdio>
#include <map>
#include <memory>

#include "loghealth/classifier.h"
#include "src/cli/commands.h"
#include "src/conformance/schema_tests.h"

namespace loghealth {
namespace cli {
namespace {

constexpr char kHelp[] =
    "usage: loghealth test PATH...\n\n"
    "Finds log schemas and Panther schema tests (*_tests.yml) under the PATHs,\n"
    "classifies every test input with the schema its logType names, and compares\n"
    "the event with the expected result under Panther's rules (p_event_time as an\n"
    "instant, p_any_* as sets, p_parse_time and p_row_id not compared, the rest\n"
    "as JSON). Prints 'PASS name', 'FAIL name' with the differences, or 'SKIP\n"
    "name (native parser)', and last 'N passed, M failed'. Exits 1 if any failed.\n";

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
  int passed = 0, failed = 0, skipped = 0;
  for (const std::string& path : paths) {
    std::string error;
    for (const std::string& file : FindSchemaFiles(path, &error)) {
      SchemaLoadResult r = LoadSchemaFile(file);
      if (r.ok()) {
        schemas[r.schema->schema()] = *r.schema;
      } else if (r.schema.has_value() && !r.schema->schema().empty()) {
        load_errors[r.schema->schema()] = r.ErrorText();
      } else {
        std::printf("FAIL %s (schema does not load)\n%s", file.c_str(),
                    r.ErrorText().c_str());
        ++failed;
      }
    }
    for (const std::string& file : conformance::FindSchemaTestFiles(path)) {
      if (!conformance::LoadSchemaTests(file, &cases, &error)) {
        std::printf("FAIL %s\n  %s\n", file.c_str(), error.c_str());
        ++failed;
      }
    }
  }
  std::map<std::string, std::shared_ptr<const Classifier>> classifiers;
  for (const conformance::SchemaTestCase& c : cases) {
    const std::string label = c.name.empty() ? c.file : c.name;
    auto fail = [&](const std::string& why) {
      std::printf("FAIL %s (%s:%d)\n%s", label.c_str(), c.file.c_str(), c.line,
                  why.c_str());
      ++failed;
    };
    auto schema = schemas.find(c.log_type);
    if (schema == schemas.end()) {
      auto le = load_errors.find(c.log_type);
      fail(le != load_errors.end() ? le->second
                                   : "  no schema for logType " + c.log_type + "\n");
      continue;
    }
    if (IsNativeSchema(schema->second)) {
      std::printf("SKIP %s (native parser)\n", label.c_str());
      ++skipped;
      continue;
    }
    auto& classifier = classifiers[c.log_type];
    if (!classifier) {
      auto created = Classifier::Create({schema->second});
      if (!created.ok()) {
        fail("  " + std::string(created.status().message()) + "\n");
        continue;
      }
      classifier = *created;
    }
    ClassifierStream stream(classifier);
    const ClassifyResult& r = stream.Classify(c.input);
    if (r.kind != ClassifyResult::kEvent) {
      fail(r.kind == ClassifyResult::kFailure
               ? "  classification failed: " + std::string(r.json) + "\n"
               : "  the input is blank\n");
      continue;
    }
    if (c.results.size() != 1) {
      fail("  want " + std::to_string(c.results.size()) + " events, got 1\n");
      continue;
    }
    const std::vector<std::string> diffs =
        conformance::CompareEvents(c.results[0], r.json, c.log_type);
    if (!diffs.empty()) {
      std::string why;
      for (const std::string& d : diffs) why += "  " + d + "\n";
      why += "  event: " + std::string(r.json) + "\n";
      fail(why);
      continue;
    }
    std::printf("PASS %s\n", label.c_str());
    ++passed;
  }
  if (skipped > 0) {
    std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  } else {
    std::printf("%d passed, %d failed\n", passed, failed);
  }
  return failed > 0 ? 1 : 0;
}

}  // namespace cli
}  // namespace loghealth
