// screens.toml: one bundle configures every screen of the venue.
//
// The content folder may hold a screens.toml that gives each screen, by its id (a player's
// --screen-id, a local `majlis --screen-id ID` too), its role: what it shows (mode, hall),
// in which language(s), turned how, which playlist its loop plays, how long a kiosk waits for
// a visitor. Groups (a player's --group, player.toml's `groups`) and [default] give what a
// screen's own entry leaves out:
//
//   [default]                 every screen the file does not name, and what an entry leaves out
//   mode = "loop"
//   [group.doors]             screens in group "doors"
//   mode = "room"
//   [screen.sarazm-door]      one screen, by id
//   hall = "sarazm"
//   lang = "ru"               the language shown first (and a kiosk's after its idle timeout)
//   langs = ["ru", "en"]      the languages the screen offers (see below)
//   rotate = 90               the screen is mounted turned clockwise (0, 90, 180, 270)
//   playlist = "foyer"        the loop's playlist: event.toml's [[playlists.foyer]]
//   idle_timeout = 60         a kiosk's seconds without a touch before its loop (5 to 86400)
//   high_contrast = true
//
// Resolution, field by field (resolve_screen_role): the screen's [screen.ID] entry, else the
// first of its groups (in the order the player lists them) whose [group.G] entry sets the
// field, else [default], else the screen's own command line (DisplayOptions). A screen with no
// id, or a folder without screens.toml, is exactly its command line. At run time the fleet's
// screen override (screen_override.h) goes over the resolved role (display_app.h); the role is
// resolved again for every event shown, so a new bundle or a live reload changes a screen's
// role at once.
//
// mode and hall: a hall applies to mode "room" (a room sign) only; a role whose mode resolves to
// "room" without a hall keeps the screen's own mode (logged). langs: the event's display
// languages this screen offers, in this order: a kiosk's language buttons and an alert's
// languages on it (the screen is shown the event with languages.display = langs); lang, when
// not given, is the first of langs. Values are checked when the folder is loaded (`majlis
// check`, load_screens.cpp), so a role that loads uses only halls, languages and playlists the
// event has.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis::content {

// One entry of screens.toml; an empty field (or nullopt) leaves it to the next layer.
struct ScreenRole {
    std::string mode;                      // "" or lobby, room, kiosk, loop
    std::string hall;                      // mode room: the hall's id
    std::string lang;                      // the language shown first
    std::vector<std::string> langs;        // the languages offered; empty: all the event's
    std::optional<int> rotate;             // 0, 90, 180, 270
    std::string playlist;                  // a name of Event::playlists; "": the event's [[playlist]]
    std::optional<double> idle_timeout_s;  // kiosk
    std::optional<bool> high_contrast;

    bool operator==(const ScreenRole&) const = default;
};

struct ScreensConfig {
    std::optional<ScreenRole> defaults;            // [default]
    std::map<std::string, ScreenRole> groups;      // [group.NAME]
    std::map<std::string, ScreenRole> screens;     // [screen.ID]
    bool empty() const { return !defaults && groups.empty() && screens.empty(); }
};

// The role of screen `id` in groups `groups` (the first listed wins over later ones), every
// layer merged field by field (see above). An empty id gets the empty role: the command line.
ScreenRole resolve_screen_role(const ScreensConfig& config, std::string_view id,
                               const std::vector<std::string>& groups);

// A screen's or a group's id as the fleet writes them: [A-Za-z0-9_-]{1,64} (fleet::is_valid_id).
bool valid_screen_id(std::string_view id);

}  // namespace majlis::content
