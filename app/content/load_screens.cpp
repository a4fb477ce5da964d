// majlis content: screens.toml, each screen's role (screens_config.h); see loader.h.
//
// Read after event.toml (its halls, languages and named playlists are what the roles name).
// Every value is checked where it is written: a mode, hall, language, playlist or rotation the
// event does not have, an idle timeout out of range, an id the fleet would refuse, a hall with a
// mode other than "room", a screen whose mode resolves to "room" with no hall it could get.
#include "content/loader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace majlis::content::detail {

namespace {
constexpr double kMinIdleTimeoutS = 5, kMaxIdleTimeoutS = 86400;  // as majlis --idle-timeout
}

void Loader::load_screens_toml() {
    std::optional<toml::table> doc = parse_toml("screens.toml", false);
    if (!doc) return;
    const Rec root = root_rec(*doc);
    check_keys(*doc, "", {"default", "group", "screen"});
    ScreensConfig& config = event_.screens;
    std::vector<std::string> hall_ids, playlist_names;
    for (const Hall& h : event_.halls) hall_ids.push_back(h.id);
    for (const auto& [name, slides] : event_.playlists) playlist_names.push_back(name);
    static const std::vector<std::string> modes = {"lobby", "room", "kiosk", "loop"};

    // One entry; `what` names it in messages ("screen 'sarazm-door'").
    auto read_role = [&](const toml::table& t, const std::string& prefix, const std::string& what) {
        ScreenRole role;
        const Rec r{&t, what, prefix, at(t)};
        check_keys(t, prefix, {"mode", "hall", "lang", "langs", "rotate", "playlist", "idle_timeout", "high_contrast"});
        SourcePos pos, hall_pos;
        if (auto mode = get_string(r, "mode", false, &pos)) {
            if (std::find(modes.begin(), modes.end(), *mode) == modes.end())
                error(pos, "unknown mode " + quote(*mode) + " (lobby, room, kiosk or loop)" + did_you_mean(*mode, modes));
            else role.mode = *mode;
        }
        if (auto hall = get_string(r, "hall", false, &hall_pos)) {
            if (!event_.hall(*hall))
                error(hall_pos, "unknown hall " + quote(*hall) + did_you_mean(*hall, hall_ids));
            else if (!role.mode.empty() && role.mode != "room")
                error(hall_pos, "'hall' applies to mode \"room\" only (a room sign), not " + quote(role.mode));
            else role.hall = *hall;
        }
        const bool languages = !event_.languages.display.empty();
        auto event_language = [&](const std::string& code, const SourcePos& p) {
            if (!check_language(code, p)) return false;
            const auto& shown = event_.languages.display;
            if (languages && std::find(shown.begin(), shown.end(), code) == shown.end()) {
                error(p, "language " + quote(code) + " is not one of the event's ('languages.display')");
                return false;
            }
            return true;
        };
        const auto langs = get_strings(r, "langs", false);
        for (const auto& [code, p] : langs)
            if (event_language(code, p) && std::find(role.langs.begin(), role.langs.end(), code) == role.langs.end())
                role.langs.push_back(code);
        check_twice(r, "langs", langs);
        if (const toml::node* n = t.get("langs"); n && n->is_array() && n->as_array()->empty())
            error(at(*n), quote(prefix + "langs") + " is empty (leave it out: every language of the event)");
        if (auto lang = get_string(r, "lang", false, &pos); lang && event_language(*lang, pos)) {
            if (!role.langs.empty() && std::find(role.langs.begin(), role.langs.end(), *lang) == role.langs.end())
                error(pos, "language " + quote(*lang) + " is not in " + quote(prefix + "langs"));
            else role.lang = *lang;
        }
        if (const toml::node* n = get(r, "rotate", false)) {
            const auto* i = n->as_integer();
            if (!i) wrong_type(r, "rotate", *n, "an integer");
            else if (const int64_t v = i->get(); v != 0 && v != 90 && v != 180 && v != 270)
                error(at(*n), quote(prefix + "rotate") + " must be 0, 90, 180 or 270, not " + std::to_string(v));
            else role.rotate = int(v);
        }
        if (auto name = get_string(r, "playlist", false, &pos)) {
            if (!event_.playlists.count(*name))
                error(pos, "unknown playlist " + quote(*name) + " (event.toml's [[playlists." + *name + "]])" +
                               did_you_mean(*name, playlist_names));
            else role.playlist = *name;
        }
        if (const toml::node* n = get(r, "idle_timeout", false)) {
            if (!n->is_number()) {
                wrong_type(r, "idle_timeout", *n, "a number of seconds");
            } else {
                const double s = n->is_integer() ? double(n->as_integer()->get()) : n->as_floating_point()->get();
                if (!(s >= kMinIdleTimeoutS && s <= kMaxIdleTimeoutS)) {
                    char v[64];
                    std::snprintf(v, sizeof v, "%g", s);
                    error(at(*n), quote(prefix + "idle_timeout") + " must be from 5 to 86400 seconds, not " + v);
                } else {
                    role.idle_timeout_s = s;
                }
            }
        }
        role.high_contrast = get_bool(r, "high_contrast");
        return role;
    };
    // [group.NAME] and [screen.ID]: tables of entries by id.
    auto read_entries = [&](const char* key, const char* kind, std::map<std::string, ScreenRole>& into) {
        const toml::table* t = get_table(root, key, false);
        if (!t) return;
        for (const auto& [k, v] : *t) {
            const std::string id(k.str());
            const std::string prefix = std::string(key) + "." + id + ".";
            if (!valid_screen_id(id)) {
                error(at(k), std::string(kind) + " id " + quote(id) + " must be 1 to 64 of A-Z a-z 0-9 _ -");
                continue;
            }
            if (!v.is_table()) {
                error(at(v), quote(std::string(key) + "." + id) + " must be a table, not " + type_name(v));
                continue;
            }
            into[id] = read_role(*v.as_table(), prefix, std::string(kind) + " " + quote(id));
        }
    };
    if (const toml::table* d = get_table(root, "default", false)) config.defaults = read_role(*d, "default.", "");
    read_entries("group", "group", config.groups);
    read_entries("screen", "screen", config.screens);

    // A room sign needs a hall: one the entry, a group or [default] could give it.
    bool group_hall = false;
    for (const auto& [g, role] : config.groups) group_hall = group_hall || !role.hall.empty();
    const std::string default_hall = config.defaults ? config.defaults->hall : "";
    const std::string default_mode = config.defaults ? config.defaults->mode : "";
    if (default_mode == "room" && default_hall.empty())
        error(at(*doc->get("default")), "[default] says mode \"room\" but gives no 'hall' (every screen not listed "
                                        "would be a room sign without a hall)");
    for (const auto& [id, role] : config.screens) {
        const std::string mode = role.mode.empty() ? default_mode : role.mode;
        if (mode == "room" && role.hall.empty() && default_hall.empty() && !group_hall)
            error(at(*doc->get("screen")->as_table()->get(id)),
                  "screen " + quote(id) + " is a room sign (mode \"room\") but no entry gives it a 'hall'");
    }
}

}  // namespace majlis::content::detail
