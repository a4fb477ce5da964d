// majlis fleet: a player's life on the fleet. What `majlis --hub URL --mqtt URL ...` adds to the
// display: its presence on the broker, the hub's commands, screenshots and thumbnails.
//
// ScreenAgent ties presence.h (MQTT) and sync.h (bundles) to the app through a few callbacks and
// knows nothing of windows, GL or screens (app/cli.cpp wires it to DisplayApp and the platform,
// for a player given a broker: without one, no dashboard lists the screen and nothing is sent):
//
//   a bundle announced   -> BundleSync::check_now: a new bundle is fetched at once, not at the
//                           next poll
//   (commands are signed by the hub; one the trusted key did not sign, for another screen, stale
//   or replayed is refused by the presence, logged and kept in the status's last_error until a
//   good one arrives)
//   command `reload`     -> Hooks::reload (the app reloads its content folder) and check_now
//   command `identify`   -> Hooks::identify("<id>\n<address>", 10 s): the screen shows who it is
//   alerts (control.h)   -> Hooks::alert(the alert to show, or nullptr): the presence checks
//                           every signed control message on the screen's alert topics, keeps
//                           the accepted ones in AgentConfig::mqtt.control_dir and hands over
//                           the active alert whenever it changes (at start too, from that
//                           folder); a refused one is kept in the status's last_error until one
//                           is accepted. The status's `alert` is the acknowledgement the hub,
//                           the tests and bench/fleet wait for: Shown::alert, what the app's last
//                           frame showed; for a headless player (which draws no frame) the alert
//                           handed over, said at once (not at the loop's next update)
//   live changes         -> Hooks::live(the merged live changes, never null): the presence checks
//                           the signed live sets on the screen's three live topics, keeps them
//                           like alerts and hands the merged set over whenever it changes (at
//                           start too). The status's `live` is the issued time of the newest
//                           set applied (0 none): for a player that draws, once Shown::live (the
//                           set its last frame was drawn with) is the set handed over; for a
//                           headless one, the set handed over, said at once
//   overrides            -> Hooks::screen_override(the merged override, empty: none): the presence
//                           checks the signed overrides on the screen's three override topics,
//                           keeps them like alerts and hands the merged one over whenever it
//                           changes (at start too). The status's `override` is the issued time
//                           of the newest override applied (0 none), said once Shown::
//                           screen_override (what the app was given when the loop measured the
//                           mode and language it reports) is the one handed over, so that it
//                           goes out with the mode, language and power it brings; `power` is
//                           Shown::display_on
//   command `screenshot` -> capture_wanted() says yes; the app's loop draws a frame, reads it
//                           back and gives it to picture_taken(); a worker encodes it (PNG) and
//                           PUTs it to <hub>/screens/<id>/screenshot.png
//   thumbnails           -> the same, scaled to thumbnail_width px wide, PUT to
//                           <hub>/screens/<id>/thumbnail.png: once the first frame is up, after
//                           each new content version shown, and every thumbnail_s seconds. A
//                           new content version's thumbnail waits thumbnail_delay_s(): a delay
//                           drawn once per player, at random from 0 to thumbnail_spread_s, so
//                           that 100 screens taking one bundle (all within the same second,
//                           woken by the hub's announcement) do not all upload in that second;
//                           a newer version within the delay starts it again (one thumbnail, of
//                           what is shown last). The first frame's is sent at once.
//   bundle_swapped()     -> the sync's thread, right after a new bundle is swapped in: the status
//                           goes out at once with the new sequence, not at the loop's next turn
//                           (a thumbnail render may hold the loop for seconds); before any content
//                           is shown, the loop's next update tells it with the new content's lang
//   update(Shown)        -> the loop's measures (about once a second) with the sync's (sequence,
//                           content version, errors, the clock offset to the hub) and the
//                           process's (uptime, RSS, temperature, address) -> ScreenPresence,
//                           which publishes on a change of state and every 30 s
//
// <hub> is --hub's scheme://host:port (a static bundle server takes no uploads: they fail,
// logged once per kind until one succeeds). Uploads never pile up: one worker, at most one
// screenshot and one thumbnail waiting (a newer frame replaces a waiting one); each is PUT once
// with a connect timeout and a whole-transfer timeout, and a failure is logged and kept as the
// status's last_error until an upload of its kind succeeds (a thumbnail sent after a refused
// screenshot does not hide that the screenshot failed) -- never retried in a loop: the next
// command or thumbnail sends a new picture.
//
// Threads: update(), capture_wanted() and picture_taken() on the app's loop; the commands on
// presence's MQTT thread (Hooks are called there: keep them short, thread-safe); encoding and
// uploads on the agent's worker. The destructor stops the worker (a transfer under way is
// aborted) and the presence (which publishes the offline status).
#pragma once

#include "fleet/presence.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace majlis::fleet {

class BundleSync;

struct AgentConfig {
    std::string screen_id;
    std::vector<std::string> groups;
    MqttSettings mqtt;                 // the broker
    std::string hub;                   // --hub; uploads go to its scheme://host:port ("" none)
    std::string version;               // majlis's, for the status
    double thumbnail_s = 300;          // 0: thumbnails only at start and on new content
    double thumbnail_spread_s = 10;    // a new content's thumbnail waits 0 to this many s (0: none)
    int thumbnail_width = 480;         // px
    bool headless = false;             // draws no frame: the alert handed over is the one shown
    int connect_timeout_ms = 5000;     // an upload's connection
    int upload_timeout_ms = 30000;     // an upload's whole transfer
};

// A frame read back: 8-bit RGBA, rows top first.
struct AgentPicture {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
};

// What the app shows, measured by its loop.
struct Shown {
    std::string mode, hall, lang;
    double fps = 0;
    int width = 0, height = 0, rotation = 0;
    uint64_t content_generation = 0;   // LiveContent's: a new one is a new thumbnail
    std::string content_error;         // the shown folder's first error, "" when none
    std::string alert;                 // the id of the alert the last frame showed, "" none
    // The live changes the last frame was drawn with (DisplayApp::shown_live_changes), for a
    // player that draws: the status's `live` names the set handed over once this is it.
    std::shared_ptr<const content::LiveChanges> live;
    // The override the app was given when mode and lang were read (DisplayApp::screen_override),
    // the display's power as run (platform LoopStats::display_on; headless: as the app asks), and
    // what of the override the app could not take (an unknown hall or language), "" none.
    content::ScreenOverride screen_override;
    bool display_on = true;
    std::string override_error;
};

class ScreenAgent {
public:
    struct Hooks {
        std::function<void()> reload;                                         // MQTT thread
        std::function<void(const std::string& text, double seconds)> identify;  // MQTT thread
        // PNG bytes of a picture (platform::encode_png); the worker's thread.
        std::function<bool(const AgentPicture&, std::string& png)> encode_png;
        // The alert to show now, nullptr for none (presence.h: on_alert); any thread, short.
        std::function<void(std::shared_ptr<const content::Alert>)> alert;
        // The live changes to apply now (presence.h: on_live); any thread, short.
        std::function<void(std::shared_ptr<const content::LiveChanges>)> live;
        // The override to apply now (presence.h: on_override); any thread, short.
        std::function<void(const content::ScreenOverride&)> screen_override;
    };

    // Starts the presence and the worker. `sync` may be null (no hub); it
    // must outlive the agent, as must whatever the hooks reach.
    ScreenAgent(AgentConfig config, BundleSync* sync, Hooks hooks, Log& log);
    ~ScreenAgent();
    ScreenAgent(const ScreenAgent&) = delete;
    ScreenAgent& operator=(const ScreenAgent&) = delete;

    void update(const Shown& shown);                 // the loop, about once a second
    bool capture_wanted() const;                     // the loop, each turn
    void picture_taken(AgentPicture picture);        // the loop: hands it to the worker
    void bundle_swapped();                           // any thread (BundleSync::on_swapped's)

    // The status last given to the presence (tests).
    ScreenStatus status() const;
    // This player's wait before a new content's thumbnail: in [0, thumbnail_spread_s).
    double thumbnail_delay_s() const { return thumbnail_delay_s_; }

private:
    struct Upload {
        std::string name;                            // screenshot, thumbnail
        std::shared_ptr<const AgentPicture> picture;
    };
    void on_command(const std::string& command, const std::string& request);
    void run();
    void send(const Upload& upload);

    AgentConfig config_;
    BundleSync* sync_;
    Hooks hooks_;
    Log& log_;
    std::string origin_;                             // the hub's scheme://host:port
    double thumbnail_delay_s_ = 0;                   // drawn once (thumbnail_spread_s)
    std::atomic<bool> screenshot_asked_{false}, thumbnail_due_{false};
    // The loop's own (update() and picture_taken() only).
    uint64_t thumbnail_generation_ = UINT64_MAX;
    std::chrono::steady_clock::time_point last_thumbnail_{};
    std::optional<std::chrono::steady_clock::time_point> thumbnail_at_;  // a new content's, waiting
    std::chrono::steady_clock::time_point last_slow_{};  // temperature and address, every 10 s
    std::optional<double> temperature_;
    std::string address_;
    // Shared with the worker and the MQTT thread.
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::optional<Upload> waiting_screenshot_, waiting_thumbnail_;
    std::string screenshot_error_, thumbnail_error_; // each kind's last failed upload, "" once one
                                                     // of that kind succeeds: a thumbnail sent after
                                                     // a refused screenshot does not hide it
    std::string refused_error_;                      // the last refused command (presence.h:
    uint64_t refused_commands_ = 0;                  // CommandCheck), "" once one is accepted
    std::string handed_alert_;                       // a headless player's shown alert (its id)
    int64_t handed_live_ = 0;                        // the issued time of the live set handed over
    std::shared_ptr<const content::LiveChanges> handed_changes_;  // and the set itself
    int64_t applied_live_ = 0;                       // the loop's: the last set a frame was drawn with
    content::ScreenOverride handed_override_;        // the override handed over
    int64_t handed_override_ms_ = 0;                 // and its issued time
    int64_t applied_override_ms_ = 0;                // the loop's: the last one the app was given
    std::string refused_control_;                    // the same for control messages (control.h)
    uint64_t refused_controls_ = 0;
    ScreenStatus status_;
    bool showing_content_ = false;                   // status_ holds the loop's measures of content
    bool stop_ = false;
    std::atomic<bool> abort_{false};
    std::thread worker_;
    std::unique_ptr<ScreenPresence> presence_;       // last: its MQTT thread calls into the above
};

// --hub's scheme://host[:port], "" when it is not an http(s) URL.
std::string hub_origin(std::string_view hub);
// `picture` scaled down to `width` px wide (box filter; a narrower picture is kept as it is).
AgentPicture scale_to_width(const AgentPicture& picture, int width);

}  // namespace majlis::fleet
