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

// Every line broken, in several ways.
const std::vector<std::string>& AllFailingLines() {
  static const auto* lines = [] {
    auto* out = new std::vector<std::string>();
    const auto& src = MainCorpus().lines;
    for (size_t i = 0; i < src.size(); ++i) {
      std::string l(src[i]);
      switch (i % 4) {
        case 0: {  // a required key renamed
          const size_t at = l.find("\"eventVersion\"");
          if (at != std::string::npos) l.replace(at, 14, "\"eventVersioX\"");
          break;
        }
        case 1: {  // a timestamp nobody can read
          const size_t at = l.find("\"eventTime\":\"");
          if (at != std::string::npos) l.replace(at + 13, 4, "xxxx");
          break;
        }
        case 2:  // truncated
          l.resize(l.size() / 2);
          break;
        default: {  // an object where a string goes
          const size_t at = l.find("\"eventVersion\":");
          if (at != std::string::npos) l.insert(at + 15, "{\"a\":1},\"x\":");
          break;
        }
      }
      out->push_back(std::move(l));
    }
    return out;
  }();
  return *lines;
}


}  // namespace bench
}  // namespace loghealth
