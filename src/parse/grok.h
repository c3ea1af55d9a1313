// Grok: %{PATTERN} and %{PATTERN:field} references expanded into an RE2
// expression, with Panther's built-in pattern library and a schema's own
// patternDefinitions (which may refer to each other, but not in a cycle).
#ifndef LOGHEALTH_SRC_PARSE_GROK_H_
#define LOGHEALTH_SRC_PARSE_GROK_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loghealth {
namespace grok {

using Definitions = std::vector<std::pair<std::string, std::string>>;

// The built-in library: name -> RE2 pattern (which may itself use %{...}).
const std::vector<std::pair<std::string_view, std::string_view>>& Builtins();

// Expands every reference in `pattern`. %{NAME} becomes a non-capturing
// group, %{NAME:field} a named group `(?P<field>...)`. On failure returns
// false with a message such as `unknown pattern %{IPV5} (did you mean
// %{IPV4}?)` or `pattern definitions refer to each other in a cycle: A -> B -> A`.
bool Expand(const Definitions& definitions, std::string_view pattern,
            std::string* out, std::string* error);

// Checks the user's definitions (names ^[A-Z][A-Z0-9_]*$, not redefining a
// built-in, no cycles), expands `pattern` and compiles it with RE2,
// returning RE2's own error text when it rejects the expression.
bool CheckDefinitionsAndPattern(const Definitions& definitions,
                                std::string_view pattern, std::string* error);

// Compiles `pattern` (plain RE2, no %{...}); false with RE2's error text.
bool CheckPlainRegex(std::string_view pattern, std::string* error);

}  // namespace grok
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_PARSE_GROK_H_
