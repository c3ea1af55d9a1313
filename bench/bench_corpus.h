// The benchmark corpus and schema: from $LOGHEALTH_BENCH_CORPUS and
// $LOGHEALTH_BENCH_SCHEMA, or generated with ../shared/bench/gen_corpus.py.
#ifndef LOGHEALTH_BENCH_BENCH_CORPUS_H_
#define LOGHEALTH_BENCH_BENCH_CORPUS_H_

#include <string>
#include <string_view>
#include <vector>

namespace loghealth {
namespace bench {

struct Corpus {
  std::string data;                     // the whole file
  std::vector<std::string_view> lines;  // into `data`
};

// The source tree (bazel run sets BUILD_WORKSPACE_DIRECTORY).
std::string SourceRoot();
const Corpus& MainCorpus();        // exits with a message if it cannot be had
std::string MainSchemaText();
// The main corpus with every line broken, four ways in turn: a required key
// renamed, an unreadable timestamp, cut in half, an object for a string.
const std::vector<std::string>& AllFailingLines();

}  // namespace bench
}  // namespace loghealth

#endif  // LOGHEALTH_BENCH_BENCH_CORPUS_H_
