#include "bench/bench_corpus.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace loghealth {
namespace bench {
namespace fs = std::filesystem;

std::string SourceRoot() {
  if (const char* w = std::getenv("BUILD_WORKSPACE_DIRECTORY")) return w;
  return ".";
}

namespace {
std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

const Corpus& MainCorpus() {
  static const Corpus* corpus = [] {
    std::string path;
    if (const char* env = std::getenv("LOGHEALTH_BENCH_CORPUS")) {
      path = env;
    } else {
      // 20,000 lines, generated once into a temporary folder.
      const fs::path dir = fs::temp_directory_path() / "loghealth-bench";
      path = (dir / "corpus_mixed.ndjson").string();
      if (!fs::exists(path)) {
        fs::create_directories(dir);
        const std::string cmd = "PEERS_LINES=20000 CORPUS_DIR='" + dir.string() +
                                "' python3 '" + SourceRoot() +
                                "/../shared/bench/gen_corpus.py' > /dev/null";
        if (std::system(cmd.c_str()) != 0) {
          std::fprintf(stderr, "could not generate the corpus (%s); set "
                               "LOGHEALTH_BENCH_CORPUS\n", cmd.c_str());
          std::exit(2);
        }
      }
    }
    auto* c = new Corpus();
    c->data = Slurp(path);
    size_t start = 0;
    while (start < c->data.size()) {
      size_t end = c->data.find('\n', start);
      if (end == std::string::npos) end = c->data.size();
      if (end > start) c->lines.emplace_back(c->data.data() + start, end - start);
      start = end + 1;
    }
    return c;
  }();
  return *corpus;
}

std::string MainSchemaText() {
  const char* env = std::getenv("LOGHEALTH_BENCH_SCHEMA");
  return Slurp(env ? env : SourceRoot() + "/../shared/bench/cloudtrail_like.yml");
}

}  // namespace bench
}  // namespace loghealth
