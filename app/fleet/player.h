// majlis fleet: a player's settings, from the command line and from player.toml.
//
//   majlis --hub URL --trust PUBKEY [--screen-id ID] [--group G ...] [--venue V] [--cache DIR]
//          [--poll SECONDS] [--mqtt URL] [--mqtt-password-file FILE] [--thumbnail SECONDS]
//          [--thumbnail-spread SECONDS] [--config FILE] [--headless]
//
// The same settings may be written in a player.toml (--config FILE; without it
// /etc/majlis/player.toml when that file exists); a flag given on the command line wins over
// the file. Every key is optional; an unknown key, a wrong type or a bad value is an error
// naming the file, line and column (a typo must not silently leave a screen unmanaged):
//
//   hub = "http://hub.venue.lan:8080"      # the hub, or the folder `majlis publish` wrote on
//                                          # any static HTTP server
//   trust = "/etc/majlis/majlis.pub"       # the publisher's public key (majlis keygen)
//   screen_id = "hall-a-door"              # [A-Za-z0-9_-], 1 to 64 characters
//   groups = ["doors", "hall-a"]
//   venue = "dushanbe"                     # the MQTT topic's venue id (default "venue")
//   cache = "/var/cache/majlis"
//   poll = 60                              # seconds between checks of the manifest
//   mqtt = "mqtt://hall-a-door:secret@hub.venue.lan:1883"
//   mqtt_password_file = "/etc/majlis/mqtt.password"   # the broker password, when not in mqtt
//   thumbnail = 300                        # seconds between thumbnails sent to the hub (0: only
//                                          # at start and after each new content version)
//   thumbnail_spread = 10                  # a new content version's thumbnail waits a delay
//                                          # drawn from 0 to this many seconds (fleet/agent.h)
//
// --hub URL names the manifest (manifest_url_for):
//   http://hub:8080            a URL with no path is the hub: http://hub:8080/bundle/manifest.json
//   https://cdn.org/summit/    a URL with a path is the bundle folder: .../summit/manifest.json
//   https://cdn.org/x/manifest.json    taken as it is
//
// The cache (default_cache_dir): $CACHE_DIRECTORY (systemd's CacheDirectory=majlis), else
// /var/cache/majlis when running as root, else $XDG_CACHE_HOME/majlis, else ~/.cache/majlis.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace majlis::fleet {

struct PlayerSettings {
    std::string hub;                  // empty: no hub, the content folder is --content's
    std::string trust;                // path of the publisher's .pub file
    std::string screen_id;            // empty: the host name (made a valid id)
    std::vector<std::string> groups;
    std::string venue = "venue";
    std::string cache;                // empty: default_cache_dir()
    double poll_s = 60;
    std::string mqtt;                 // mqtt://user:password@host:port; empty: no presence
    std::string mqtt_password_file;   // the password, when the URL has none
    double thumbnail_s = 300;         // seconds between thumbnails (fleet/agent.h); 0: none periodic
    double thumbnail_spread_s = 10;   // a new content's thumbnail waits 0 to this many s (agent.h)
};

inline constexpr const char* kDefaultPlayerToml = "/etc/majlis/player.toml";
inline constexpr double kMinPollSeconds = 1, kMaxPollSeconds = 86400;
inline constexpr double kMaxThumbnailSeconds = 86400, kMaxThumbnailSpreadSeconds = 3600;

// Reads player.toml into `settings` (keys present replace what is there). False with `error`
// ("FILE:LINE:COL: message") on an unreadable file, bad TOML, an unknown key or a bad value;
// rules across keys wait for check_player_settings, once the flags are in.
bool read_player_toml(const std::string& path, PlayerSettings& settings, std::string& error);

// What is wrong with the settings taken together ("" when nothing): a hub needs a key to trust,
// ids and groups must be valid ids, the poll within its range.
std::string check_player_settings(const PlayerSettings& settings);

bool is_valid_id(std::string_view id);            // [A-Za-z0-9_-]{1,64}: screens, groups, venues
std::string manifest_url_for(std::string_view hub);
std::string default_cache_dir();
std::string default_screen_id();                  // the host name, other characters as '-'

}  // namespace majlis::fleet
