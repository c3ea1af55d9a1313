// Every schema Panther published in panther-analysis v1.33.0 loads: the
// declarative ones as usable, the native ones reported as native.
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "loghealth/schema.h"
#include "tests/testing/paths.h"

namespace loghealth {
namespace {

TEST(ConformanceSchemas, EveryPublishedSchemaLoads) {
  const std::string dir = testing::ConformanceDir();
  if (dir.empty()) {
    GTEST_SKIP() << "../shared/conformance/panther-analysis-v1.33.0 is absent "
                    "(outside the loghealth environment); not checked";
  }
  const absl::StatusOr<std::vector<std::string>> found = FindSchemaFiles(dir);
  ASSERT_TRUE(found.ok()) << found.status();
  const std::vector<std::string>& files = *found;
  // panther-semantics.md section 7.2: 90 schema files, 77 native. One of the
  // 90 (a duplicate name) is not in the copy; count what is there.
  int declarative = 0, native = 0;
  std::map<std::string, int> by_parser;
  for (const std::string& file : files) {
    SchemaLoadResult r = LoadSchemaFile(file);
    ASSERT_TRUE(r.ok()) << r.ErrorText();
    if (IsNativeSchema(*r.schema)) {
      ++native;
    } else {
      ++declarative;
      const auto& p = r.schema->parser();
      by_parser[p.has_fastmatch() ? "fastmatch"
                : p.has_csv()     ? "csv"
                : p.has_regex()   ? "regex"
                                  : "json"]++;
    }
  }
  EXPECT_EQ(native, 77);
  EXPECT_EQ(declarative, 12);
  EXPECT_EQ(by_parser["json"], 4);
  EXPECT_EQ(by_parser["fastmatch"], 4);
  EXPECT_EQ(by_parser["csv"], 4);
}

}  // namespace
}  // namespace loghealth
