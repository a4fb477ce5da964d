// screens.toml's roles resolved for one screen: see screens_config.h (the file is read in
// load_screens.cpp).
#include "content/screens_config.h"

namespace majlis::content {

namespace {

// Each field `over` leaves unset is taken from `under`.
void fill(ScreenRole& over, const ScreenRole& under) {
    if (over.mode.empty()) over.mode = under.mode;
    if (over.hall.empty()) over.hall = under.hall;
    if (over.lang.empty()) over.lang = under.lang;
    if (over.langs.empty()) over.langs = under.langs;
    if (!over.rotate) over.rotate = under.rotate;
    if (over.playlist.empty()) over.playlist = under.playlist;
    if (!over.idle_timeout_s) over.idle_timeout_s = under.idle_timeout_s;
    if (!over.high_contrast) over.high_contrast = under.high_contrast;
}

}  // namespace

ScreenRole resolve_screen_role(const ScreensConfig& config, std::string_view id,
                               const std::vector<std::string>& groups) {
    ScreenRole role;
    if (id.empty()) return role;
    if (auto it = config.screens.find(std::string(id)); it != config.screens.end()) role = it->second;
    for (const std::string& g : groups)
        if (auto it = config.groups.find(g); it != config.groups.end()) fill(role, it->second);
    if (config.defaults) fill(role, *config.defaults);
    if (role.lang.empty() && !role.langs.empty()) role.lang = role.langs.front();
    return role;
}

bool valid_screen_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

}  // namespace majlis::content
