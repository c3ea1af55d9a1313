// The destination types, one file each; Destination::Create picks one.
#ifndef LOGHEALTH_SRC_DESTINATIONS_DESTINATION_TYPES_H_
#define LOGHEALTH_SRC_DESTINATIONS_DESTINATION_TYPES_H_

#include <memory>

#include "loghealth/destinations.h"

namespace loghealth {
namespace destinations {

// Each takes the secrets Create read: `secret` is the type's own (the HMAC
// key, the routing key, the API key; "" when it has none).
std::unique_ptr<Destination> NewWebhook(const DestinationConfig& config, std::string hmac_key);
std::unique_ptr<Destination> NewSlack(const DestinationConfig& config);
std::unique_ptr<Destination> NewPagerDuty(const DestinationConfig& config,
                                          std::string routing_key);
std::unique_ptr<Destination> NewOpsgenie(const DestinationConfig& config, std::string api_key);
std::unique_ptr<Destination> NewMsTeams(const DestinationConfig& config);
std::unique_ptr<Destination> NewConsole(const DestinationConfig& config);

}  // namespace destinations
}  // namespace loghealth

#endif  // LOGHEALTH_SRC_DESTINATIONS_DESTINATION_TYPES_H_
