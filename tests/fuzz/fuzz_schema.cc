// Fuzzes schema loading (YAML and JSON) and compiling what loads.
#include <cstdint>
#include <string>

#include "loghealth/classifier.h"
#include "loghealth/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto format : {loghealth::SchemaFormat::kYaml, loghealth::SchemaFormat::kJson}) {
    loghealth::SchemaLoadResult r = loghealth::LoadSchema(text, "fuzz", format);
    if (r.ok()) {
      (void)loghealth::SchemaToJson(*r.schema);
      auto c = loghealth::Classifier::Create({*r.schema});
      if (c.ok()) {
        loghealth::ClassifierStream stream(*c);
        stream.Classify("{\"a\": 1, \"b\": \"x\"}");
        stream.Classify("a b c");
      }
    } else {
      (void)r.ErrorText();
    }
  }
  return 0;
}
