// type: console -- the built-in alerts page: every System Error is on it
// already, so "delivering" is only recording that it was shown.
#include "src/destinations/destination_types.h"

namespace loghealth {
namespace destinations {
namespace {

class Console : public Destination {
 public:
  explicit Console(const DestinationConfig& config) : Destination(config) {}

  HttpRequest BuildRequest(const monitor::Alert&, bool, std::string_view, int) const override {
    return HttpRequest{};  // never sent: sends_http() is false
  }
};

}  // namespace

std::unique_ptr<Destination> NewConsole(const DestinationConfig& config) {
  return std::make_unique<Console>(config);
}

}  // namespace destinations
}  // namespace loghealth
