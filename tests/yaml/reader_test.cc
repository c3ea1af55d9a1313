// The YAML reader: hand-worked documents, errors with their places, bounds,
// and a differential check against yaml-cpp over every real YAML file we
// have (examples, Panther's schemas and schema tests, the fuzz corpus).
#include "src/yaml/reader.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "src/util/text_checks.h"
#include "tests/testing/paths.h"
#include "yaml-cpp/yaml.h"

namespace loghealth {
namespace yaml {
namespace {

// A compact rendering of a tree: {k:v,...} [a,...] plain 'quoted' ~null.
std::string Show(const Node& n) {
  switch (n.type()) {
    case NodeType::kNull: return "~";
    case NodeType::kScalar: return n.plain() ? n.scalar() : "'" + n.scalar() + "'";
    case NodeType::kSequence: {
      std::string s = "[";
      for (size_t i = 0; i < n.items().size(); ++i) s += (i ? "," : "") + Show(n.items()[i]);
      return s + "]";
    }
    case NodeType::kMap: {
      std::string s = "{";
      for (size_t i = 0; i < n.entries().size(); ++i) {
        s += (i ? "," : "") + Show(n.entries()[i].first) + ":" + Show(n.entries()[i].second);
      }
      return s + "}";
    }
    default: return "?";
  }
}

std::string Read(const std::string& text) {
  std::vector<Node> docs;
  ReadError error;
  if (!ReadDocuments(text, &docs, &error)) {
    return "error " + std::to_string(error.mark.line + 1) + ":" +
           std::to_string(error.mark.column + 1) + " " + error.message;
  }
  std::string s;
  for (const Node& d : docs) s += (s.empty() ? "" : " --- ") + Show(d);
  return s;
}

TEST(YamlReader, BlockCollections) {
  EXPECT_EQ(Read("a: 1\nb: two\n"), "{a:1,b:two}");
  EXPECT_EQ(Read("a:\n  b: 1\n  c:\n    - x\n    - y\nd: 2\n"), "{a:{b:1,c:[x,y]},d:2}");
  // A sequence as a mapping value may sit at the key's indentation.
  EXPECT_EQ(Read("fields:\n- name: a\n  type: string\n- name: b\nnext: 1\n"),
            "{fields:[{name:a,type:string},{name:b}],next:1}");
  EXPECT_EQ(Read("- - a\n  - b\n- c\n"), "[[a,b],c]");
  EXPECT_EQ(Read("a:\nb: ~\nc: null\n"), "{a:~,b:~,c:~}");
  EXPECT_EQ(Read("# head\n\na: 1 # note\n\n# tail\n"), "{a:1}");
  EXPECT_EQ(Read("url: http://x.y/z:8080\nt: 10:30\n"), "{url:http://x.y/z:8080,t:10:30}");
}

TEST(YamlReader, Scalars) {
  EXPECT_EQ(Read("a: 'it''s'\nb: \"t\\tab \\u00e9 \\U0001F600\"\n"),
            "{a:'it's',b:'t\tab \xC3\xA9 \xF0\x9F\x98\x80'}");
  EXPECT_EQ(Read("a: \"\\ud83d\\ude00\"\n"), "{a:'\xF0\x9F\x98\x80'}");  // a UTF-16 pair
  EXPECT_EQ(Read("a: plain words\n  go on\n\n  and on\nb: 1\n"), "{a:plain words go on\nand on,b:1}");
  EXPECT_EQ(Read("a: \"one\n  two\n\n  three\"\n"), "{a:'one two\nthree'}");
  EXPECT_EQ(Read("\"quoted key\": 1\n'k2': 2\n"), "{'quoted key':1,'k2':2}");
}

TEST(YamlReader, BlockScalars) {
  EXPECT_EQ(Read("a: |\n  line 1\n    more\n  line 3\nb: 1\n"),
            "{a:'line 1\n  more\nline 3\n',b:1}");
  EXPECT_EQ(Read("a: |-\n  x\n\n"), "{a:'x'}");
  EXPECT_EQ(Read("a: |+\n  x\n\n\nb: 1\n"), "{a:'x\n\n\n',b:1}");
  EXPECT_EQ(Read("a: >\n  folded\n  text\n\n  para\n    kept\n  end\n"),
            "{a:'folded text\npara\n  kept\nend\n'}");
  EXPECT_EQ(Read("a: >-\n  one\n  two\n"), "{a:'one two'}");
  EXPECT_EQ(Read("a: |2\n    indented\n  base\n"), "{a:'  indented\nbase\n'}");
  EXPECT_EQ(Read("a: |\nb: 1\n"), "{a:'',b:1}");  // empty
  EXPECT_EQ(Read("- |\n  in a list\n- x\n"), "['in a list\n',x]");
}

TEST(YamlReader, FlowAndJson) {
  EXPECT_EQ(Read("{\"a\": [1, 2, {\"b\": null}], \"c\":\"d\"}"), "{'a':[1,2,{'b':~}],'c':'d'}");
  EXPECT_EQ(Read("a: [x, y]\nb: {k: v, w}\n"), "{a:[x,y],b:{k:v,w:~}}");
  EXPECT_EQ(Read("a: [\n  one,\n  two # c\n]\n"), "{a:[one,two]}");
  EXPECT_EQ(Read("[a: 1, b]"), "[{a:1},b]");
  EXPECT_EQ(Read("{a:1}"), "{a:1:~}");  // YAML: "a:1" is one plain scalar
  EXPECT_EQ(Read("[]"), "[]");
}

TEST(YamlReader, DocumentsLineEndingsAndBom) {
  EXPECT_EQ(Read("a: 1\n---\nb: 2\n...\n---\n- c\n"), "{a:1} --- {b:2} --- [c]");
  EXPECT_EQ(Read("---\n---\na: 1\n"), "~ --- {a:1}");
  EXPECT_EQ(Read("\xEF\xBB\xBF" "a: 1\r\nb: 2\r\n"), "{a:1,b:2}");
  EXPECT_EQ(Read(""), "");
  EXPECT_EQ(Read("--- |\n  text\n"), "'text\n'");
}

TEST(YamlReader, MarksAreWhereNodesStart) {
  std::vector<Node> docs;
  ReadError error;
  ASSERT_TRUE(ReadDocuments("a: 1\nb:\n  - x\n  - {c: d}\n", &docs, &error));
  const Node& root = docs[0];
  EXPECT_EQ(root["b"].mark().line, 2);
  EXPECT_EQ(root["b"].mark().column, 2);
  EXPECT_EQ(root["b"].items()[1]["c"].mark().column, 8);
  EXPECT_EQ(root.entries()[1].first.mark().line, 1);
  EXPECT_FALSE(root["missing"]);
  EXPECT_EQ(root["missing"].mark().line, -1);
}

TEST(YamlReader, ErrorsSayWhatAndWhere) {
  EXPECT_EQ(Read("a: 1\n  b: 2\n"), "error 2:4 a ':' followed by a space inside a value "
                                     "(quote the value, or check the indentation)");
  EXPECT_EQ(Read("a: \"open\n"), "error 1:4 a quoted value is not closed");
  EXPECT_EQ(Read("a: [1, 2\n"), "error 1:4 a flow sequence [ is not closed");
  EXPECT_EQ(Read("a:\n\tb: 2\n"), "error 2:1 a tab in the indentation (YAML indents with spaces)");
  EXPECT_EQ(Read("a: &x 1\n"), "error 1:4 anchors (&) are not supported");
  EXPECT_EQ(Read("a: *x\n"), "error 1:4 aliases (*) are not supported");
  EXPECT_EQ(Read("a: !!str 1\n"), "error 1:4 tags (!) are not supported");
  EXPECT_EQ(Read("? a\n: b\n"), "error 1:1 explicit keys (?) are not supported");
  EXPECT_EQ(Read("%YAML 1.2\n---\na: 1\n"), "error 1:1 directives (%) are not supported");
  EXPECT_EQ(Read("a: \"\\q\"\n"), "error 1:5 unknown escape '\\q'");
  EXPECT_EQ(Read("a: \"\\ud800\"\n"),
            "error 1:5 an escape that is not a Unicode character (a lone surrogate?)");
  EXPECT_EQ(Read("a: 1\n- b\n"), "error 2:1 a list item where a key was expected");
  EXPECT_EQ(Read("a: 1 ]\n"), "{a:1 ]}");  // plain scalars may hold ']' in block context
  EXPECT_EQ(Read("a\xff: 1"), "error 1:1 the text is not valid UTF-8");
  // Found by fuzzing: a backslash as the last byte read past the end.
  EXPECT_EQ(Read("low: [\"\\\\\\"), "error 1:7 a quoted value is not closed");
}

TEST(YamlReader, NestingIsBounded) {
  std::string deep(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Read(deep), "error 1:513 nested more than 512 levels deep");
  std::string block;
  for (int i = 0; i < 600; ++i) block += std::string(i, ' ') + "k:\n";
  EXPECT_EQ(Read(block), "error 513:513 nested more than 512 levels deep");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// ---- against yaml-cpp --------------------------------------------------------

std::string ShowCpp(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null: return "~";
    case YAML::NodeType::Scalar: return n.Tag() == "!" ? "'" + n.Scalar() + "'" : n.Scalar();
    case YAML::NodeType::Sequence: {
      std::string s = "[";
      bool first = true;
      for (const YAML::Node& item : n) {
        s += (first ? "" : ",") + ShowCpp(item);
        first = false;
      }
      return s + "]";
    }
    case YAML::NodeType::Map: {
      std::string s = "{";
      bool first = true;
      for (const auto& entry : n) {
        s += (first ? "" : ",") + ShowCpp(entry.first) + ":" + ShowCpp(entry.second);
        first = false;
      }
      return s + "}";
    }
    default: return "?";
  }
}

std::vector<std::string> YamlFilesUnder(const std::string& dir, bool any_name = false) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const std::string ext = it->path().extension().string();
    if (it->is_regular_file() &&
        (any_name || ext == ".yml" || ext == ".yaml" || ext == ".json")) {
      files.push_back(it->path().string());
    }
  }
  return files;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file yaml-cpp reads must read the same here (trees with plain vs
// quoted scalars). Returns how many files were compared.
int CompareWithYamlCpp(const std::vector<std::string>& files, bool must_agree_on_errors) {
  int compared = 0;
  for (const std::string& path : files) {
    const std::string text = ReadFile(path);
    int line = 0;
    if (!CheckYamlText(text, &line).empty()) continue;  // yaml-cpp may hang on these
    std::vector<YAML::Node> theirs;
    bool their_ok = true;
    try {
      theirs = YAML::LoadAll(text);
    } catch (const YAML::Exception&) {
      their_ok = false;
    }
    std::vector<Node> ours;
    ReadError error;
    const bool our_ok = ReadDocuments(text, &ours, &error);
    if (their_ok) {
      EXPECT_TRUE(our_ok) << path << ": " << error.mark.line + 1 << ": " << error.message;
      if (!our_ok) continue;
      ++compared;
      std::string a, b;
      for (const Node& d : ours) a += Show(d) + "\n";
      for (const YAML::Node& d : theirs) b += ShowCpp(d) + "\n";
      EXPECT_EQ(a, b) << path;
    } else if (must_agree_on_errors) {
      EXPECT_FALSE(our_ok) << path << " (yaml-cpp refuses it)";
    }
  }
  return compared;
}

TEST(YamlReader, SameTreesAsYamlCppOnExamples) {
  const std::string root = testing::SourceRoot();
  std::vector<std::string> files = YamlFilesUnder(root + "/examples");
  const std::vector<std::string> more = YamlFilesUnder(root + "/tests/data");
  files.insert(files.end(), more.begin(), more.end());
  EXPECT_GE(CompareWithYamlCpp(files, false), 6);
}

TEST(YamlReader, SameTreesAsYamlCppOnPantherFiles) {
  const std::string dir = testing::ConformanceDir();
  if (dir.empty()) GTEST_SKIP() << "no conformance folder";
  // Panther's 89 schemas and their tests (input: | blocks, several documents).
  EXPECT_GE(CompareWithYamlCpp(YamlFilesUnder(dir), true), 100);
}

TEST(YamlReader, SameTreesAsYamlCppOnTheFuzzCorpus) {
  // Mostly mangled schemas: where yaml-cpp reads one, so must we, alike.
  const std::string root = testing::SourceRoot();
  EXPECT_GE(CompareWithYamlCpp(YamlFilesUnder(root + "/tests/fuzz/corpus/schema", true), false),
            1);
}

TEST(YamlReader, ReadsWhatHungYamlCpp) {
  // yaml-cpp 0.7 never returns on this one; here it is an answer at once.
  const std::string text =
      ReadFile(testing::SourceRoot() + "/tests/fuzz/known_hangs/yaml_cpp_hang_5.yml");
  ASSERT_FALSE(text.empty());
  const auto start = std::chrono::steady_clock::now();
  std::vector<Node> docs;
  ReadError error;
  EXPECT_FALSE(ReadDocuments(text, &docs, &error));
  EXPECT_FALSE(error.message.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

}  // namespace
}  // namespace yaml
}  // namespace loghealth
