// majlis fleet: a player's settings (see player.h).
#include "fleet/player.h"
#include "content/screens_config.h"

#include <toml++/toml.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>

namespace majlis::fleet {

namespace {

constexpr size_t kMaxTomlBytes = 64 * 1024;

std::string at(const std::string& path, const toml::source_region& where) {
    return path + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column) + ": ";
}

// What is wrong with one of the values, each on its own (the file's keys, before flags win).
std::string bad_value(const PlayerSettings& s) {
    if (!s.hub.empty() && !s.hub.starts_with("http://") && !s.hub.starts_with("https://"))
        return "hub must be an http:// or https:// URL, got '" + s.hub + "'";
    if (!s.screen_id.empty() && !is_valid_id(s.screen_id))
        return "screen id '" + s.screen_id + "' must be 1 to 64 of A-Z a-z 0-9 _ -";
    if (!is_valid_id(s.venue)) return "venue '" + s.venue + "' must be 1 to 64 of A-Z a-z 0-9 _ -";
    std::set<std::string> seen;
    for (const std::string& g : s.groups) {
        if (!is_valid_id(g)) return "group '" + g + "' must be 1 to 64 of A-Z a-z 0-9 _ -";
        if (!seen.insert(g).second) return "group '" + g + "' given twice";
    }
    if (!(s.poll_s >= kMinPollSeconds && s.poll_s <= kMaxPollSeconds)) return "poll must be from 1 to 86400 seconds";
    if (!(s.thumbnail_s >= 0 && s.thumbnail_s <= kMaxThumbnailSeconds))
        return "thumbnail must be from 0 to 86400 seconds";
    if (!(s.thumbnail_spread_s >= 0 && s.thumbnail_spread_s <= kMaxThumbnailSpreadSeconds))
        return "thumbnail_spread must be from 0 to 3600 seconds";
    if (!s.mqtt.empty() && !s.mqtt.starts_with("mqtt://") && !s.mqtt.starts_with("mqtts://"))
        return "mqtt must be an mqtt:// or mqtts:// URL";
    return "";
}

}  // namespace

bool is_valid_id(std::string_view id) { return content::valid_screen_id(id); }  // screens.toml's rule too

std::string manifest_url_for(std::string_view hub) {
    const size_t scheme = hub.find("://");
    const size_t path = hub.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    std::string url(hub);
    if (path == std::string_view::npos || hub.substr(path) == "/") {
        if (!url.empty() && url.back() == '/') url.pop_back();
        return url + "/bundle/manifest.json";
    }
    if (url.ends_with(".json")) return url;
    if (url.back() != '/') url += '/';
    return url + "manifest.json";
}

std::string default_cache_dir() {
    if (const char* dir = std::getenv("CACHE_DIRECTORY"); dir && *dir) {
        std::string first(dir);  // systemd may list several, ':'-separated
        return first.substr(0, first.find(':'));
    }
    if (::geteuid() == 0) return "/var/cache/majlis";
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/majlis";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/majlis";
    return "/tmp/majlis-cache";
}

std::string default_screen_id() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || !*host) return "screen";
    std::string id(host, std::min<size_t>(std::char_traits<char>::length(host), 64));
    for (char& c : id)
        if (!is_valid_id(std::string_view(&c, 1))) c = '-';
    return id;
}

bool read_player_toml(const std::string& path, PlayerSettings& settings, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot read";
        return false;
    }
    std::string text(kMaxTomlBytes + 1, '\0');
    in.read(text.data(), std::streamsize(text.size()));
    text.resize(size_t(in.gcount()));
    if (text.size() > kMaxTomlBytes) {
        error = path + ": more than " + std::to_string(kMaxTomlBytes) + " bytes";
        return false;
    }
    toml::table root;
    try {
        root = toml::parse(std::string_view(text), std::string_view(path));
    } catch (const toml::parse_error& e) {
        error = at(path, e.source()) + std::string(e.description());
        return false;
    }
    PlayerSettings read = settings;
    auto text_value = [&](const toml::node& node, const std::string& key, std::string& out) {
        if (const auto* s = node.as_string()) {
            out = s->get();
            return true;
        }
        error = at(path, node.source()) + key + " must be a string";
        return false;
    };
    for (const auto& [key_node, node] : root) {
        const std::string key(key_node.str());
        bool ok = true;
        if (key == "hub") ok = text_value(node, key, read.hub);
        else if (key == "trust") ok = text_value(node, key, read.trust);
        else if (key == "screen_id") ok = text_value(node, key, read.screen_id);
        else if (key == "venue") ok = text_value(node, key, read.venue);
        else if (key == "cache") ok = text_value(node, key, read.cache);
        else if (key == "mqtt") ok = text_value(node, key, read.mqtt);
        else if (key == "mqtt_password_file") ok = text_value(node, key, read.mqtt_password_file);
        else if (key == "thumbnail") {
            const std::optional<double> v = node.value<double>();
            ok = v && *v >= 0 && *v <= kMaxThumbnailSeconds;
            if (ok) read.thumbnail_s = *v;
            else error = at(path, node.source()) + "thumbnail must be a number of seconds from 0 to 86400";
        } else if (key == "thumbnail_spread") {
            const std::optional<double> v = node.value<double>();
            ok = v && *v >= 0 && *v <= kMaxThumbnailSpreadSeconds;
            if (ok) read.thumbnail_spread_s = *v;
            else error = at(path, node.source()) + "thumbnail_spread must be a number of seconds from 0 to 3600";
        }
        else if (key == "poll") {
            const std::optional<double> v = node.value<double>();  // an integer or a float
            ok = v && *v >= kMinPollSeconds && *v <= kMaxPollSeconds;
            if (ok) read.poll_s = *v;
            else error = at(path, node.source()) + "poll must be a number of seconds from 1 to 86400";
        } else if (key == "groups") {
            const auto* list = node.as_array();
            ok = list != nullptr;
            if (ok) read.groups.clear();
            for (size_t i = 0; ok && list && i < list->size(); ++i) {
                const auto* g = (*list)[i].as_string();
                ok = g != nullptr;
                if (ok) read.groups.push_back(g->get());
            }
            if (!ok) error = at(path, node.source()) + "groups must be a list of strings";
        } else {
            error = at(path, key_node.source()) + "unknown key '" + key +
                    "' (hub, trust, screen_id, groups, venue, cache, poll, mqtt, mqtt_password_file, thumbnail, thumbnail_spread)";
            return false;
        }
        if (!ok) return false;
    }
    if (std::string why = bad_value(read); !why.empty()) {
        error = path + ": " + why;
        return false;
    }
    settings = std::move(read);
    return true;
}

std::string check_player_settings(const PlayerSettings& s) {
    if (std::string why = bad_value(s); !why.empty()) return why;
    if (!s.hub.empty() && s.trust.empty()) return "a hub needs the publisher's key to trust (--trust FILE.pub)";
    return "";
}

}  // namespace majlis::fleet
