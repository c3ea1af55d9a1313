// The registry of built-in log types: every one of Panther's 77 native types
// is there, loads, compiles into a classifier, and is found by name.
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "loghealth/classifier.h"
#include "loghealth/log_types.h"

namespace loghealth {
namespace {

using ::testing::HasSubstr;

TEST(BuiltinLogTypes, AllSeventySevenLoadAndCompile) {
  const std::vector<std::string>& names = BuiltinLogTypes();
  // panther-semantics.md 7.2: 77 of panther-analysis v1.33.0's 90 schemas are native.
  EXPECT_EQ(names.size(), 77u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), names.size());
  for (const std::string& name : names) {
    auto schema = BuiltinLogType(name);
    ASSERT_TRUE(schema.ok()) << name << ": " << schema.status();
    EXPECT_EQ(schema->schema(), name);
    EXPECT_FALSE(IsNativeSchema(*schema)) << name << " still needs a native parser";
    auto classifier = Classifier::Create({*schema});
    EXPECT_TRUE(classifier.ok()) << name << ": " << classifier.status();
  }
  for (const char* name : {"AWS.CloudTrail", "AWS.VPCFlow", "AWS.ALB", "AWS.S3ServerAccess",
                           "AWS.GuardDuty", "GSuite.Reports", "Crowdstrike.Unknown", "Zeek.DNS",
                           "Syslog.RFC5424", "Microsoft365.Audit.General"}) {
    EXPECT_TRUE(unique.count(name)) << name;
  }
}

TEST(BuiltinLogTypes, UnknownNamesSuggestTheNearest) {
  auto missing = BuiltinLogType("AWS.CloudTrial");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()),
              HasSubstr("no built-in log type \"AWS.CloudTrial\" (did you mean \"AWS.CloudTrail\"?)"));
}

TEST(BuiltinLogTypes, ByVendor) {
  const std::vector<std::string> gitlab = BuiltinLogTypesOf("GitLab");
  EXPECT_EQ(gitlab, (std::vector<std::string>{"GitLab.API", "GitLab.Audit", "GitLab.Exceptions",
                                              "GitLab.Git", "GitLab.Integrations",
                                              "GitLab.Production"}));
  EXPECT_EQ(BuiltinLogTypesOf("Crowdstrike").size(), 18u);
  EXPECT_EQ(BuiltinLogTypesOf("AWS").size(), 11u);
  EXPECT_TRUE(BuiltinLogTypesOf("Nope").empty());
}

}  // namespace
}  // namespace loghealth
