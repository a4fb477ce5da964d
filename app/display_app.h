// The display app: which screen shows when, fed by live content and the event clock.
//
//   lobby   signage: header, clock, now/next, agenda, ticker (or a room sign with --hall)
//   kiosk   touch browsing; after the idle timeout it shows the loop in the default language,
//           and a touch brings the kiosk back at home
//   loop    the playlist, slide chosen from the wall clock (screens agree without a network)
//
// The same client draws into the window and into `majlis render` PNGs. It redraws only when
// something changed (render on demand): next_frame_in() tells the platform how long it may
// sleep.
#pragma once

#include "content/content.h"
#include "content/live_changes.h"
#include "content/screen_override.h"
#include "platform.h"
#include "screens/screens.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace majlis {

class Log;
namespace screens {
class Kiosk;
}

enum class Mode { Lobby, Kiosk, Loop };

struct DisplayOptions {
    Mode mode = Mode::Lobby;
    std::string hall;                 // lobby: room sign for this hall
    std::string lang;                 // empty: the event's default language
    bool high_contrast = false;
    double idle_timeout_s = 90;       // kiosk
    float px_per_mm = 1920.0f / 1210.0f;  // kiosk hit targets (55" 1080p unless known)
    std::string screen;               // render: "lobby", "kiosk-home", "session:ID", "loop:N", ...
    // The screen's id and groups (--screen-id, --group, player.toml): its role in the content's
    // screens.toml (content/screens_config.h). No id: no role, the command line alone.
    std::string screen_id;
    std::vector<std::string> groups;
    // Set by a role only (the command line has none): the loop's named playlist ("": the
    // event's [[playlist]]), the languages offered (empty: the event's), the rotation (-1: the
    // window's own, --rotate).
    std::string playlist;
    std::vector<std::string> langs;
    int rotate = -1;
};

class DisplayApp : public platform::FrameClient {
public:
    DisplayApp(DisplayOptions options, std::string fonts_dir, Log& log);
    ~DisplayApp() override;

    // Where the event comes from: live (the window) or fixed (render).
    void set_live(content::LiveContent* live) { live_ = live; }
    void set_event(std::shared_ptr<const content::Event> event) { fixed_ = std::move(event); }
    // The fonts the text engine uses: a stack the caller loaded already and keeps for the app's
    // life (the CLI's, loaded once per process); without it start() loads fonts_dir's.
    void share_fonts(text::FontStack* fonts) { shared_fonts_ = fonts; }
    // The clock takes the zone of the event shown, each frame; its steps (the wall clock set)
    // redraw at once and are logged.
    void set_clock(std::unique_ptr<content::EventClock> clock) {
        clock_ = std::move(clock);
        drawn_clock_steps_ = clock_ ? clock_->steps() : 0;
    }
    void set_error_text(std::string text);  // shown when there is no valid content at all

    // A fleet's `identify`: `text` (the screen's id and address) large over whatever shows for
    // `seconds`, at most kIdentifySeconds (a screen must not stay covered). Thread-safe (the
    // MQTT thread calls it): the next frame takes it, and the window draws one within a quarter
    // second; the frame after the time is up shows the screen again.
    static constexpr double kIdentifySeconds = 10;
    void show_identify(std::string text, double seconds);
    // An emergency alert over every mode (screens::draw_alert), nullptr to end it. Thread-safe
    // (the fleet's thread calls it): the next frame draws it, at once (render on demand wakes).
    // The app ends it by itself once the event clock's UTC time reaches its expires_ms (when
    // non-zero). Underneath, the mode's own state (the kiosk's page, the loop) is left as it was,
    // so the screen returns to exactly what it showed (a kiosk whose idle timeout passed during a
    // longer alert then goes back to its loop, as it would have without one). A kiosk ignores
    // touches during the alert, but for the takeover's language buttons: one tapped shows that
    // language alone for kAlertChoiceSeconds.
    static constexpr double kAlertChoiceSeconds = 30;
    void show_alert(std::shared_ptr<const content::Alert> alert);
    std::string shown_alert() const;  // the id of the alert the last frame showed ("" none)
    // `render --screen alert --lang L`: the alert in L alone, as a kiosk visitor's choice.
    void choose_alert_language(std::string lang);
    // Session changes and announcements made live (content/live_changes.h); nullptr: none.
    // Thread-safe (the fleet's thread calls it): the next frame shows the event with them
    // applied. They are applied again only when the event, the changes or an announcement's
    // validity change, not every frame; each change the event cannot take is logged once.
    void set_live_changes(std::shared_ptr<const content::LiveChanges> changes);
    // The screen's role from the shown event's screens.toml (content/screens_config.h), by
    // DisplayOptions::screen_id and groups, goes over DisplayOptions: mode, hall, language(s),
    // rotation, playlist, idle timeout, high contrast. It is resolved again for each event shown
    // (a new bundle or a live reload changes the role at the next frame); a role whose mode is
    // "room" without a hall keeps the screen's own mode and hall (logged, and told by
    // override_problem()). rotation(): the role's, for the platform (-1: the window's own).
    int rotation() const override;
    // A fleet's screen override (content/screen_override.h): the mode, hall, language or display
    // power an operator sets over DisplayOptions and the role, which stay the base (the empty
    // override brings exactly them back). Thread-safe (the fleet's thread calls it): the next frame takes it, at
    // once (render on demand wakes). Every mode switches to every other at run time (a kiosk
    // entered so opens at home, the kiosk being made for any mode the app starts in); a hall or a
    // language the event shown does not have keeps the screen's own setting for that field,
    // logged once and told by override_problem(). Power off: each frame draws black and nothing
    // else, the next is due in kBlankFrameSeconds, and display_on() is false (the platform
    // switches the display off) -- but an alert always wins: while there is one to show, the
    // display is on and the alert drawn (an evacuation notice reaches a blanked hall).
    static constexpr double kBlankFrameSeconds = 5;
    void set_override(content::ScreenOverride o);
    content::ScreenOverride screen_override() const;  // the one set last (thread-safe)
    // What of the override the event shown cannot take ("" nothing), for the status; logged
    // once when it changes (the loop's thread).
    std::string override_problem();
    bool display_on() const override;
    // What the last frame showed, for the screen's status (the loop's thread).
    std::string shown_lang() const;  // before any frame (or a new override's): what the next one shows
    std::string shown_mode() const;  // lobby, room (a lobby with a hall), kiosk, loop
    std::string shown_hall() const;  // mode room: the hall's id; "" otherwise
    // The live changes the last frame was drawn with (the pointer set_live_changes was given;
    // nullptr before any): the fleet's acknowledgement that a set is applied.
    std::shared_ptr<const content::LiveChanges> shown_live_changes() const { return shown_changes_; }

    // Render: opens the route of DisplayOptions::screen; false (and a message) if unknown.
    bool open_screen(const content::Event& event, std::string& error);

    void start(text::GlyphTextureHost& textures) override;
    void use_images(platform::ImageTextures& images) override;
    void frame(const platform::FrameInfo& info) override;
    void stop() override;
    ImVec4 clear_color() const override;
    double next_frame_in() const override;
    void pointer(const platform::Pointer& event) override;
    // What the last frame changed: while the frame before showed the same lobby with nothing
    // over it and its still part has not changed since (screens::lobby_motion), the ticker's
    // strip alone -- moved by the ticker's step, with the text that came in at its edge -- and
    // the room sign's countdown where its second changed, or nothing; everything otherwise
    // (another mode, a content swap, a new language, size or clock step, an alert, identify, an
    // override, a blank screen, the room sign laid out anew).
    platform::Damage frame_damage() const override { return damage_; }

private:
    struct Images;
    // What a frame shows for an override over the event's role for the screen over base_ (or
    // options_ before the first frame), and what of the role or override the event cannot take.
    struct Settings {
        DisplayOptions shown;
        bool blank = false;   // power off
        std::string problem;  // "" none
    };
    Settings resolve(const content::ScreenOverride& o, const content::Event* ev) const;
    // The frame's: takes the override set last and switches to what it resolves to.
    void take_override(const content::Event* ev);
    void note_override_problem(const std::string& problem);
    std::shared_ptr<const content::Event> event() const;
    // The next frame may show something else than the last (an override or an event not taken by
    // a frame yet, or no frame at all): the status resolves what it will show.
    bool next_differs() const;
    const content::Event* role_event_ = nullptr;  // the event take_override last resolved the role from
    // `ev` with languages.display = the role's langs (kept between frames; `ev` itself when the
    // role offers every language).
    std::shared_ptr<const content::Event> with_role_languages(std::shared_ptr<const content::Event> ev);
    std::shared_ptr<const content::Event> langs_event_, langs_from_;
    // `ev` with the live changes applied at now_utc_ms (frame thread; kept between frames).
    std::shared_ptr<const content::Event> with_live_changes(std::shared_ptr<const content::Event> ev, int64_t now_utc_ms);
    double steady_seconds() const;
    DisplayOptions options_;
    std::string fonts_dir_;
    text::FontStack* shared_fonts_ = nullptr;
    Log& log_;
    content::LiveContent* live_ = nullptr;
    std::shared_ptr<const content::Event> fixed_;
    std::unique_ptr<content::EventClock> clock_;
    std::unique_ptr<text::ImGuiTextEngine> engine_;
    std::unique_ptr<Images> images_;
    std::unique_ptr<screens::Kiosk> kiosk_;
    screens::TextScreen error_screen_;
    screens::FormatCache formats_;            // ICU dates and names between frames
    std::vector<platform::Pointer> pending_;  // pointer events for the next frame
    bool kiosk_attract_ = false;              // kiosk mode showing the loop after idling
    long loop_slide_ = -1;                    // render loop:N: this slide, fully shown
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    // What the last frame showed, for render on demand.
    uint64_t drawn_generation_ = 0;
    bool trim_next_frame_ = false;  // give free memory back before the next frame (platform/heap.h)
    bool drawn_broken_ = false;
    uint64_t drawn_clock_steps_ = 0;          // clock_->steps() when last drawn (a step redraws)
    double due_at_ = 0;                       // steady seconds when a redraw is due
    ImVec2 last_size_{0, 0};
    std::string last_lang_;
    double last_frame_time_ = 0;
    bool first_frame_logged_ = false;         // (a headless player renders once per screenshot)
    // A lobby as a frame showed it with nothing over it, for frame_damage(): the next frame
    // showing the same one before still_until_ms changes the ticker's strip alone.
    struct LobbyShown {
        std::shared_ptr<const content::Event> event;  // as drawn (role languages, live changes)
        uint64_t generation = 0, clock_steps = 0;
        std::string lang, hall;
        bool high_contrast = false, marker = false;
        ImVec2 size;
        int64_t utc_ms = 0, still_until_ms = 0;
        bool ticker_moving = false;
        ImVec4 ticker;  // its strip, when it moves
        float ticker_offset = 0, ticker_cycle = 0;  // screens::LobbyMotion's
        bool ticker_rtl = false;
        std::vector<ImVec4> ticking;  // the room sign's countdown (LobbyMotion's), and
        float ticking_scale = 0;
        int64_t tick_ms = 0;          // when it next changes
        bool same_ticking(const LobbyShown& o) const {
            return ticking_scale == o.ticking_scale &&
                   std::equal(ticking.begin(), ticking.end(), o.ticking.begin(), o.ticking.end(),
                              [](const ImVec4& a, const ImVec4& b) { return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w; });
        }
        bool same_lobby(const LobbyShown& o) const {
            return event == o.event && generation == o.generation && clock_steps == o.clock_steps && lang == o.lang &&
                   hall == o.hall && high_contrast == o.high_contrast && marker == o.marker && size.x == o.size.x &&
                   size.y == o.size.y;
        }
    };
    std::optional<LobbyShown> lobby_shown_;
    platform::Damage damage_;                 // what the last frame changed
    // show_identify(), from another thread: the text and until when (steady seconds).
    mutable std::mutex identify_mutex_;
    std::string identify_text_;
    double identify_until_ = 0;
    std::atomic<bool> identify_new_{false};  // not drawn yet: draw now
    // set_live_changes(), from another thread; the event shown with them (frame thread): made
    // from which event and changes, until when (the next announcement starting or ending).
    mutable std::mutex live_changes_mutex_;
    std::shared_ptr<const content::LiveChanges> live_changes_;
    std::atomic<bool> live_changes_new_{false};
    std::shared_ptr<const content::Event> applied_, applied_from_;
    std::shared_ptr<const content::LiveChanges> applied_changes_;
    std::shared_ptr<const content::LiveChanges> shown_changes_;  // taken by the last frame, empty ones too
    std::optional<int64_t> applied_until_;
    // show_alert(), from another thread; shown_alert_: what the last frame drew.
    mutable std::mutex alert_mutex_;
    std::shared_ptr<const content::Alert> alert_;
    std::string shown_alert_;
    std::atomic<bool> alert_new_{false};
    // The language a kiosk visitor chose on the takeover (frame thread), for which alert, until when.
    std::string alert_lang_, alert_lang_id_;
    double alert_lang_until_ = 0;
    void draw_alert(const screens::ScreenFrame& f, const content::Alert& alert, double& next);
    // set_override(), from another thread; base_: the command line's options, kept at the first
    // frame (render's open_screen may set the mode before it); drawn_black_: the last frame was
    // blank (power off, no alert).
    mutable std::mutex override_mutex_;
    content::ScreenOverride override_;
    std::atomic<bool> override_new_{true};  // not taken by a frame yet
    std::optional<DisplayOptions> base_;
    bool override_blank_ = false;           // the override taken last says power off
    bool drawn_black_ = false;
    std::string override_problem_;          // logged last (the loop's thread)
};

}  // namespace majlis
