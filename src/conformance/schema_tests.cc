#include "src/conformance/schema_tests.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "loghealth/timestamp.h"
#include "simdjson.h"
#include "src/util/text_checks.h"
#include "src/yaml/reader.h"

namespace loghealth {
namespace conformance {
namespace fs = std::filesystem;

std::vector<std::string> FindSchemaTestFiles(const std::string& path) {
  std::vector<std::string> files;
  auto is_test = [](const fs::path& p) {
    const std::string name = p.filename().string();
    auto ends = [&](const std::string& suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends("_tests.yml") || ends("_tests.yaml");
  };
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    if (is_test(path)) files.push_back(path);
    return files;
  }
  for (auto it = fs::recursive_directory_iterator(path, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && is_test(it->path())) {
      files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

absl::Status LoadSchemaTests(const std::string& path, std::vector<SchemaTestCase>* cases) {
  std::vector<yaml::Node> docs;
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  int bad_line = 0;
  const std::string unsafe = CheckYamlText(text, &bad_line);
  if (!unsafe.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", bad_line, ": ", unsafe));
  }
  yaml::ReadError read_error;
  if (!yaml::ReadDocuments(text, &docs, &read_error)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", read_error.mark.line + 1, ": invalid YAML: ",
                          read_error.message));
  }
  for (const yaml::Node& doc : docs) {
    if (doc.IsNull()) continue;
    SchemaTestCase c;
    c.file = path;
    c.line = doc.mark().line + 1;
    if (!doc.IsMap()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", c.line, ": a test case must be a mapping"));
    }
    for (const auto& entry : doc.entries()) {
      const std::string key = entry.first.scalar();
      if (key == "results") {
        if (!entry.second.IsSequence()) {
          return absl::InvalidArgumentError(absl::StrCat(path, ":", entry.second.mark().line + 1,
                                ": results must be a list of events"));
        }
        for (const yaml::Node& r : entry.second.items()) c.results.push_back(r.scalar());
        continue;
      }
      if (key == "expectFailure") {
        // loghealth's: the input must fail, with this reason (and field).
        c.expect_failure = true;
        const yaml::Node& f = entry.second;
        if (!f.IsMap() && !f.IsNull()) {
          return absl::InvalidArgumentError(absl::StrCat(path, ":", f.mark().line + 1,
                                ": expectFailure must be a mapping of reason and field"));
        }
        if (f.IsMap()) {
          for (const auto& [k, v] : f.entries()) {
            if (k.scalar() == "reason" && v.IsScalar()) {
              c.failure_reason = v.scalar();
            } else if (k.scalar() == "field" && v.IsScalar()) {
              c.failure_field = v.scalar();
            } else {
              return absl::InvalidArgumentError(absl::StrCat(path, ":", k.mark().line + 1, ": unknown key \"",
                                    k.scalar(), "\" in expectFailure (reason, field)"));
            }
          }
        }
        continue;
      }
      if (key != "name" && key != "logType" && key != "input" && key != "result") {
        return absl::InvalidArgumentError(absl::StrCat(path, ":", entry.first.mark().line + 1, ": unknown key \"", key,
                              "\" in a test case"));
      }
      if (!entry.second.IsScalar() && !entry.second.IsNull()) {
        return absl::InvalidArgumentError(absl::StrCat(path, ":", entry.second.mark().line + 1, ": ", key,
                              " must be text"));
      }
      const std::string& value = entry.second.scalar();
      if (key == "name") {
        c.name = value;
      } else if (key == "logType") {
        c.log_type = value;
      } else if (key == "input") {
        c.input = value;
      } else {
        c.results.insert(c.results.begin(), value);
      }
    }
    if (c.expect_failure && !c.results.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", c.line, ": a case has result(s) or expectFailure, not both"));
    }
    cases->push_back(std::move(c));
  }
  return absl::OkStatus();
}

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string Show(element e) {
  std::string s = simdjson::minify(e);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

bool IsNumber(element_type t) {
  return t == element_type::INT64 || t == element_type::UINT64 ||
         t == element_type::DOUBLE;
}

void Compare(element want, element got, const std::string& path,
             std::vector<std::string>* diffs) {
  const element_type wt = want.type(), gt = got.type();
  if (IsNumber(wt) && IsNumber(gt)) {
    bool equal;
    if (wt != element_type::DOUBLE && gt != element_type::DOUBLE) {
      equal = Show(want) == Show(got);
    } else {
      equal = double(want) == double(got);
    }
    if (!equal) diffs->push_back(absl::StrCat(path, ": want ", Show(want), ", got ", Show(got)));
    return;
  }
  if (wt != gt) {
    diffs->push_back(absl::StrCat(path, ": want ", Show(want), ", got ", Show(got)));
    return;
  }
  switch (wt) {
    case element_type::OBJECT: {
      std::map<std::string, element> w, g;
      for (auto field : want.get_object()) w[std::string(field.key)] = field.value;
      for (auto field : got.get_object()) g[std::string(field.key)] = field.value;
      for (const auto& [k, v] : w) {
        const std::string p = path.empty() ? k : path + "." + k;
        auto it = g.find(k);
        if (it == g.end()) {
          diffs->push_back(absl::StrCat(p, ": missing (want ", Show(v), ")"));
        } else {
          Compare(v, it->second, p, diffs);
        }
      }
      for (const auto& [k, v] : g) {
        if (!w.count(k)) {
          diffs->push_back(absl::StrCat(path.empty() ? k : path + "." + k,
                                        ": unexpected ", Show(v)));
        }
      }
      return;
    }
    case element_type::ARRAY: {
      std::vector<element> w, g;
      for (auto e : want.get_array()) w.push_back(e);
      for (auto e : got.get_array()) g.push_back(e);
      if (w.size() != g.size()) {
        diffs->push_back(absl::StrCat(path, ": want ", w.size(), " elements ",
                                      Show(want), ", got ", g.size(), " ", Show(got)));
        return;
      }
      for (size_t i = 0; i < w.size(); ++i) {
        Compare(w[i], g[i], absl::StrCat(path, "[", i, "]"), diffs);
      }
      return;
    }
    default:
      if (Show(want) != Show(got)) {
        diffs->push_back(absl::StrCat(path, ": want ", Show(want), ", got ", Show(got)));
      }
  }
}

std::set<std::string> StringSet(element e) {
  std::set<std::string> out;
  simdjson::dom::array a;
  if (e.get_array().get(a)) return out;
  for (auto v : a) {
    std::string_view s;
    if (!v.get_string().get(s)) out.insert(std::string(s));
  }
  return out;
}

bool Instant(element e, Timestamp* t) {
  std::string_view s;
  if (e.get_string().get(s)) return false;
  static const TimeCodec codec = *TimeCodec::Compile("rfc3339");
  TimeParseError err;
  return codec.Parse(s, TimeValueKind::kString, t, &err) == TimeParseStatus::kOk;
}

}  // namespace

std::vector<std::string> CompareEvents(std::string_view expected_text,
                                       std::string_view actual_text,
                                       const std::string& log_type) {
  std::vector<std::string> diffs;
  std::string expected(expected_text);
  for (const char* tmpl : {"{{ .LogType }}", "{{.LogType}}"}) {
    for (size_t pos; (pos = expected.find(tmpl)) != std::string::npos;) {
      expected.replace(pos, std::string_view(tmpl).size(), log_type);
    }
  }
  simdjson::dom::parser want_parser, got_parser;
  element want, got;
  if (auto error = want_parser.parse(expected).get(want)) {
    return {absl::StrCat("the expected result is not JSON: ", simdjson::error_message(error))};
  }
  if (auto error = got_parser.parse(std::string(actual_text)).get(got)) {
    return {absl::StrCat("the event is not JSON: ", simdjson::error_message(error))};
  }
  simdjson::dom::object w, g;
  if (want.get_object().get(w) || got.get_object().get(g)) {
    return {"expected and actual must both be JSON objects"};
  }
  // The Panther fields, by their own rules; the rest by JSON equality.
  std::map<std::string, element> wmap, gmap;
  for (auto f : w) wmap[std::string(f.key)] = f.value;
  for (auto f : g) gmap[std::string(f.key)] = f.value;
  for (const char* key : {"p_parse_time", "p_row_id"}) {
    auto it = gmap.find(key);
    std::string_view s;
    if (it == gmap.end() || it->second.get_string().get(s) || s.empty()) {
      diffs.push_back(absl::StrCat(key, ": missing or empty"));
    }
    wmap.erase(key);
    gmap.erase(key);
  }
  if (wmap.count("p_event_time")) {
    Timestamp a, b;
    if (!gmap.count("p_event_time") || !Instant(wmap["p_event_time"], &a) ||
        !Instant(gmap["p_event_time"], &b) || !a.SameInstant(b)) {
      diffs.push_back(absl::StrCat(
          "p_event_time: want ", Show(wmap["p_event_time"]), ", got ",
          gmap.count("p_event_time") ? Show(gmap["p_event_time"]) : "nothing"));
    }
  } else {
    std::string_view parse_time, event_time;
    auto pt = g["p_parse_time"], et = g["p_event_time"];
    if (pt.error() || et.error() || pt.get_string().get(parse_time) ||
        et.get_string().get(event_time) || parse_time != event_time) {
      diffs.push_back("p_event_time: the expected event has none, so it must equal p_parse_time");
    }
  }
  wmap.erase("p_event_time");
  gmap.erase("p_event_time");
  std::set<std::string> any_keys;
  for (const auto& [k, v] : wmap) if (k.rfind("p_any_", 0) == 0) any_keys.insert(k);
  for (const auto& [k, v] : gmap) if (k.rfind("p_any_", 0) == 0) any_keys.insert(k);
  for (const std::string& k : any_keys) {
    const std::set<std::string> ws = wmap.count(k) ? StringSet(wmap[k]) : std::set<std::string>{};
    const std::set<std::string> gs = gmap.count(k) ? StringSet(gmap[k]) : std::set<std::string>{};
    if (ws != gs) {
      std::string want_list, got_list;
      for (const auto& s : ws) absl::StrAppend(&want_list, want_list.empty() ? "" : ", ", s);
      for (const auto& s : gs) absl::StrAppend(&got_list, got_list.empty() ? "" : ", ", s);
      diffs.push_back(absl::StrCat(k, ": want {", want_list, "}, got {", got_list, "}"));
    }
    wmap.erase(k);
    gmap.erase(k);
  }
  for (const auto& [k, v] : wmap) {
    auto it = gmap.find(k);
    if (it == gmap.end()) {
      diffs.push_back(absl::StrCat(k, ": missing (want ", Show(v), ")"));
    } else {
      Compare(v, it->second, k, &diffs);
    }
  }
  for (const auto& [k, v] : gmap) {
    if (!wmap.count(k)) diffs.push_back(absl::StrCat(k, ": unexpected ", Show(v)));
  }
  return diffs;
}

}  // namespace conformance
}  // namespace loghealth
