// The built-in grok library Panther's regex parser offers (names from its
// gork package), written for RE2: no look-around, no atomic groups.
#include "src/parse/grok.h"

namespace loghealth {
namespace grok {

const std::vector<std::pair<std::string_view, std::string_view>>& Builtins() {
  static const auto* builtins =
      new std::vector<std::pair<std::string_view, std::string_view>>{
          // Text
          {"DATA", R"(.*?)"},
          {"GREEDYDATA", R"(.*)"},
          {"NOTSPACE", R"(\S+)"},
          {"SPACE", R"(\s*)"},
          {"WORD", R"(\b\w+\b)"},
          {"QUOTEDSTRING",
           R"((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`))"},
          {"UUID", R"([A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12})"},
          {"USERNAME", R"([a-zA-Z0-9._-]+)"},
          // Numbers
          {"INT", R"((?:[+-]?[0-9]+))"},
          {"BASE10NUM", R"((?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)))"},
          {"NUMBER", R"((?:%{BASE10NUM}))"},
          {"BASE16NUM", R"((?:[+-]?(?:0[xX])?[0-9A-Fa-f]+))"},
          {"POSINT", R"(\b[1-9][0-9]*\b)"},
          {"NONNEGINT", R"(\b[0-9]+\b)"},
          // Networking
          {"CISCOMAC", R"((?:(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4}))"},
          {"WINDOWSMAC", R"((?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2}))"},
          {"COMMONMAC", R"((?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2}))"},
          {"MAC", R"((?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC}))"},
          {"IPV4",
           R"((?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))"},
          // Longest forms first: RE2 alternation is leftmost-first.
          {"IPV6",
           R"((?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4})"
           R"(|(?:[0-9A-Fa-f]{1,4}:){1,4}:%{IPV4})"
           R"(|::(?:[Ff]{4}(?::0{1,4})?:)?%{IPV4})"
           R"(|fe80:(?::[0-9A-Fa-f]{0,4}){0,4}%[0-9A-Za-z]+)"
           R"(|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4})"
           R"(|(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){1,2})"
           R"(|(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3})"
           R"(|(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4})"
           R"(|(?:[0-9A-Fa-f]{1,4}:){1,2}(?::[0-9A-Fa-f]{1,4}){1,5})"
           R"(|[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6})"
           R"(|:(?:(?::[0-9A-Fa-f]{1,4}){1,7}|:))"
           R"(|(?:[0-9A-Fa-f]{1,4}:){1,7}:))"},
          {"IP", R"((?:%{IPV6}|%{IPV4}))"},
          {"HOSTNAME",
           R"(\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*\.?)"},
          {"IPORHOST", R"((?:%{IP}|%{HOSTNAME}))"},
          {"HOSTPORT", R"(%{IPORHOST}:%{POSINT})"},
          // Paths and URIs
          {"UNIXPATH", R"((?:/[\w_%!$@:.,+~-]*)+)"},
          {"TTY", R"((?:/dev/(?:pts|tty[pq]?)(?:\w+)?/?[0-9]+))"},
          {"WINPATH", R"((?:[A-Za-z]+:|\\)(?:\\[^\\?*]*)+)"},
          {"PATH", R"((?:%{UNIXPATH}|%{WINPATH}))"},
          {"URIPROTO", R"([A-Za-z][A-Za-z0-9+.-]+)"},
          {"URIHOST", R"(%{IPORHOST}(?::%{POSINT})?)"},
          {"URIPATH", R"((?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+)"},
          {"URIPARAM", R"(\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*)"},
          {"URIPATHPARAM", R"(%{URIPATH}(?:%{URIPARAM})?)"},
          {"URI",
           R"(%{URIPROTO}://(?:%{USERNAME}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?)"},
          // Dates and times
          {"MONTH",
           R"(\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b)"},
          {"MONTHNUM", R"((?:1[0-2]|0?[1-9]))"},
          {"MONTHNUM2", R"((?:0[1-9]|1[0-2]))"},
          {"MONTHDAY", R"((?:3[01]|[12][0-9]|0?[1-9]))"},
          {"DAY",
           R"((?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?))"},
          {"YEAR", R"((?:\d\d){1,2})"},
          {"HOUR", R"((?:2[0-3]|[01]?[0-9]))"},
          {"MINUTE", R"((?:[0-5][0-9]))"},
          {"SECOND", R"((?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?))"},
          {"TIME", R"(%{HOUR}:%{MINUTE}(?::%{SECOND})?)"},
          {"KITCHEN", R"((?:1[0-2]|0?[1-9]):%{MINUTE}\s?(?:[AaPp][Mm]))"},
          {"DATE_US", R"(%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR})"},
          {"DATE_EU", R"(%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR})"},
          {"DATE", R"((?:%{DATE_US}|%{DATE_EU}))"},
          {"DATETIME", R"(%{DATE}[- ]%{TIME})"},
          {"DATESTAMP", R"(%{DATE}[- ]%{TIME})"},
          {"ISO8601_TIMEZONE", R"((?:Z|[+-]%{HOUR}(?::?%{MINUTE})))"},
          {"ISO8601_SECOND", R"((?:%{SECOND}|60))"},
          {"TIMESTAMP_ISO8601",
           R"(%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?)"},
          {"TZ", R"((?:[PMCE][SD]T|UTC|GMT))"},
          {"TZOFFSET", R"((?:[+-][0-9]{4}))"},
          {"TIMESTAMP_RFC822", R"(%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ})"},
          {"TIMESTAMP_RFC2822",
           R"(%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE})"},
          {"TIMESTAMP_OTHER", R"(%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR})"},
          {"TIMESTAMP_EVENTLOG",
           R"(%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND})"},
          {"SYSLOGTIMESTAMP", R"(%{MONTH} +%{MONTHDAY} %{TIME})"},
          {"HTTPDATE", R"(%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT})"},
          // Aliases
          {"NS", R"(%{NOTSPACE})"},
          {"QS", R"(%{QUOTEDSTRING})"},
          {"HOST", R"(%{HOSTNAME})"},
          {"PID", R"(%{POSINT})"},
          {"USER", R"(%{USERNAME})"},
      };
  return *builtins;
}

}  // namespace grok
}  // namespace loghealth
