#include "display_app.h"

#include "core/log.h"
#include "heap.h"
#include "screens/kiosk.h"
#include "screens/lobby.h"
#include "screens/loop.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace majlis {

// The platform's picture textures, as the screens ask for them. A new version of the content,
// or a kiosk visitor gone, lets go of the pictures the screen no longer draws.
struct DisplayApp::Images : screens::ImageSource {
    platform::ImageTextures* textures = nullptr;
    uint64_t generation = 0;  // of the content last drawn
    ImTextureID image(const std::string& path, ImVec2* size) override {
        return textures ? textures->load(path, size) : nullptr;
    }
    void drawing(uint64_t content_generation) {
        if (content_generation != generation) screen_changed();
        generation = content_generation;
    }
    void screen_changed() {
        if (textures) textures->screen_changed();
    }
};

DisplayApp::DisplayApp(DisplayOptions options, std::string fonts_dir, Log& log)
    : options_(std::move(options)), fonts_dir_(std::move(fonts_dir)), log_(log), images_(std::make_unique<Images>()) {
    screens::KioskConfig kc;
    kc.idle_timeout_s = options_.idle_timeout_s;
    kc.px_per_mm = options_.px_per_mm;
    kiosk_ = std::make_unique<screens::Kiosk>(kc);
    error_screen_.size_fraction = 1.0f / 30;
}

DisplayApp::~DisplayApp() = default;

void DisplayApp::set_error_text(std::string text) { error_screen_.text = std::move(text); }

void DisplayApp::show_identify(std::string text, double seconds) {
    std::lock_guard lock(identify_mutex_);
    identify_text_ = std::move(text);
    identify_until_ = steady_seconds() + std::clamp(seconds, 0.0, kIdentifySeconds);
    identify_new_ = true;
}

void DisplayApp::show_alert(std::shared_ptr<const content::Alert> alert) {
    std::lock_guard lock(alert_mutex_);
    alert_ = std::move(alert);
    alert_new_ = true;
}

std::string DisplayApp::shown_alert() const {
    std::lock_guard lock(alert_mutex_);
    return shown_alert_;
}

void DisplayApp::choose_alert_language(std::string lang) {
    alert_lang_ = std::move(lang);
    alert_lang_id_.clear();  // whichever alert shows
    alert_lang_until_ = HUGE_VAL;
}

// The takeover for one frame: a kiosk's touches go to its language buttons (and nowhere else).
void DisplayApp::draw_alert(const screens::ScreenFrame& f, const content::Alert& alert, double& next) {
    const double time = f.seconds;
    if (!alert_lang_id_.empty() && alert_lang_id_ != alert.id) alert_lang_.clear();  // another alert
    if (time >= alert_lang_until_) alert_lang_.clear();
    screens::AlertView view;
    view.language_buttons = options_.mode == Mode::Kiosk;
    view.lang = alert_lang_;
    if (view.language_buttons) {
        if (options_.px_per_mm > 0) view.px_per_mm = options_.px_per_mm;
        for (const platform::Pointer& p : pending_) {
            if (p.kind != platform::Pointer::Kind::Up) continue;
            const std::string lang = screens::alert_language_at(f, alert, view, p.pos);
            if (lang.empty()) continue;
            alert_lang_ = view.lang = lang;
            alert_lang_id_ = alert.id;
            alert_lang_until_ = time + kAlertChoiceSeconds;
        }
    }
    screens::draw_alert(f, alert, view);
    next = std::min(next, screens::alert_next_change_in(f, alert, view));
    if (!alert_lang_.empty()) next = std::min(next, alert_lang_until_ - time);
}

void DisplayApp::set_live_changes(std::shared_ptr<const content::LiveChanges> changes) {
    std::lock_guard lock(live_changes_mutex_);
    live_changes_ = std::move(changes);
    live_changes_new_ = true;
}

std::shared_ptr<const content::Event> DisplayApp::with_live_changes(std::shared_ptr<const content::Event> ev,
                                                                    int64_t now_utc_ms) {
    std::shared_ptr<const content::LiveChanges> changes;
    {
        std::lock_guard lock(live_changes_mutex_);
        live_changes_new_ = false;
        changes = live_changes_;
    }
    shown_changes_ = changes;
    if (!changes || changes->empty()) {
        applied_.reset();
        applied_from_.reset();
        applied_changes_.reset();
        applied_until_.reset();
        return ev;
    }
    const bool same = ev == applied_from_ && changes == applied_changes_;
    if (same && applied_ && (!applied_until_ || now_utc_ms < *applied_until_)) return applied_;
    std::vector<content::DroppedChange> dropped;
    applied_ = content::apply_live_changes(*ev, *changes, now_utc_ms, &dropped);
    if (!same)  // an announcement starting or ending drops nothing new
        for (const content::DroppedChange& d : dropped) log_.warning("live", d.format());
    applied_from_ = std::move(ev);
    applied_changes_ = std::move(changes);
    applied_until_ = content::next_live_change_at(*applied_changes_, now_utc_ms);
    return applied_;
}

void DisplayApp::set_override(content::ScreenOverride o) {
    std::lock_guard lock(override_mutex_);
    override_ = std::move(o);
    override_new_ = true;
}

content::ScreenOverride DisplayApp::screen_override() const {
    std::lock_guard lock(override_mutex_);
    return override_;
}

DisplayApp::Settings DisplayApp::resolve(const content::ScreenOverride& o, const content::Event* ev) const {
    Settings s{base_ ? *base_ : options_, o.power == "off", ""};
    DisplayOptions& d = s.shown;
    auto note = [&s](const std::string& problem) { s.problem += (s.problem.empty() ? "" : "; ") + problem; };
    // The role: screens.toml's values were checked against the event when it loaded.
    if (ev) {
        const content::ScreenRole role = content::resolve_screen_role(ev->screens, d.screen_id, d.groups);
        if (role.mode == "room" && role.hall.empty()) {
            note("screens.toml: screen '" + d.screen_id + "' is a room sign without a hall; its own mode shows");
        } else if (!role.mode.empty()) {
            d.mode = role.mode == "kiosk" ? Mode::Kiosk : role.mode == "loop" ? Mode::Loop : Mode::Lobby;
            d.hall = role.mode == "room" ? role.hall : "";
        }
        if (!role.lang.empty()) d.lang = role.lang;
        d.langs = role.langs;
        d.playlist = role.playlist;
        d.rotate = role.rotate.value_or(-1);
        if (role.idle_timeout_s) d.idle_timeout_s = *role.idle_timeout_s;
        if (role.high_contrast) d.high_contrast = *role.high_contrast;
    }
    if (o.mode == "room" && ev && !ev->hall(o.hall)) {
        note("override: hall '" + o.hall + "' is not one of this event's; the screen's own mode shows");
    } else if (!o.mode.empty()) {
        d.mode = o.mode == "kiosk" ? Mode::Kiosk : o.mode == "loop" ? Mode::Loop : Mode::Lobby;
        d.hall = o.mode == "room" ? o.hall : "";
    }
    const auto& langs = ev ? ev->languages.display : std::vector<std::string>{};
    if (!o.lang.empty() && ev && std::find(langs.begin(), langs.end(), o.lang) == langs.end())
        note("override: language '" + o.lang + "' is not one of this event's; the screen's own language shows");
    else if (!o.lang.empty())
        d.lang = o.lang;
    // An override's language the role does not offer is offered too (first: it shows).
    if (!d.langs.empty() && !d.lang.empty() && std::find(d.langs.begin(), d.langs.end(), d.lang) == d.langs.end())
        d.langs.insert(d.langs.begin(), d.lang);
    return s;
}

int DisplayApp::rotation() const {
    const DisplayOptions& base = base_ ? *base_ : options_;
    if (base.screen_id.empty()) return -1;  // no role: the window's own, as before
    const auto ev = event();
    if (!ev) return options_.rotate;
    return content::resolve_screen_role(ev->screens, base.screen_id, base.groups).rotate.value_or(-1);
}

std::shared_ptr<const content::Event> DisplayApp::with_role_languages(std::shared_ptr<const content::Event> ev) {
    const std::vector<std::string>& langs = options_.langs;
    if (langs.empty() || langs == ev->languages.display) {
        langs_event_.reset();
        langs_from_.reset();
        return ev;
    }
    if (langs_event_ && langs_from_ == ev && langs_event_->languages.display == langs) return langs_event_;
    auto copy = std::make_shared<content::Event>(*ev);
    copy->languages.display = langs;
    if (std::find(langs.begin(), langs.end(), copy->languages.default_lang) == langs.end())
        copy->languages.default_lang = langs.front();
    langs_from_ = std::move(ev);
    langs_event_ = std::move(copy);
    return langs_event_;
}

void DisplayApp::note_override_problem(const std::string& problem) {
    if (problem == override_problem_) return;
    if (!problem.empty()) log_.warning("app", problem);
    override_problem_ = problem;
}

std::string DisplayApp::override_problem() {
    const auto ev = event();
    note_override_problem(resolve(screen_override(), ev.get()).problem);
    return override_problem_;
}

void DisplayApp::take_override(const content::Event* ev) {
    content::ScreenOverride o;
    {
        std::lock_guard lock(override_mutex_);
        override_new_ = false;
        o = override_;
    }
    if (!base_) base_ = options_;
    role_event_ = ev;
    const Settings s = resolve(o, ev);
    note_override_problem(s.problem);
    override_blank_ = s.blank;
    const DisplayOptions& d = s.shown;
    if (d.mode == options_.mode && d.hall == options_.hall && d.lang == options_.lang && d.langs == options_.langs &&
        d.playlist == options_.playlist && d.rotate == options_.rotate && d.idle_timeout_s == options_.idle_timeout_s &&
        d.high_contrast == options_.high_contrast)
        return;
    if (d.mode == Mode::Kiosk && options_.mode != Mode::Kiosk && ev) {  // a kiosk entered opens at home
        kiosk_->reset();
        kiosk_->open("home", *ev);
        kiosk_attract_ = false;
    }
    const DisplayOptions before = options_;
    options_.mode = d.mode;
    options_.hall = d.hall;
    options_.lang = d.lang;
    options_.langs = d.langs;
    options_.playlist = d.playlist;
    options_.rotate = d.rotate;
    options_.idle_timeout_s = d.idle_timeout_s;
    options_.high_contrast = d.high_contrast;
    kiosk_->set_idle_timeout(d.idle_timeout_s);
    if (d.mode == before.mode && d.hall == before.hall && d.lang == before.lang) return;  // the same screen
    last_lang_.clear();
    images_->screen_changed();  // the pictures of what showed before go
    log_.info("app", std::string(!o.empty() ? "override: " : "the screen's role: ") + shown_mode() +
                         (options_.hall.empty() ? "" : " " + options_.hall) +
                         (options_.lang.empty() ? "" : ", " + options_.lang));
}

bool DisplayApp::display_on() const {
    if (screen_override().power != "off") return true;
    std::lock_guard lock(alert_mutex_);
    return alert_ != nullptr;  // an alert always wins
}

std::string DisplayApp::shown_lang() const {
    const bool next = next_differs() || last_lang_.empty();  // what the next frame shows
    if (!next) return last_lang_;
    const auto ev = event();
    const Settings s = resolve(screen_override(), ev.get());
    if (!s.shown.lang.empty()) return s.shown.lang;
    return ev ? ev->languages.default_lang : "";
}

std::string DisplayApp::shown_mode() const {
    Mode mode = options_.mode;
    bool room = !options_.hall.empty();
    if (next_differs()) {
        const Settings s = resolve(screen_override(), event().get());
        mode = s.shown.mode;
        room = !s.shown.hall.empty();
    }
    switch (mode) {
    case Mode::Lobby: return room ? "room" : "lobby";
    case Mode::Kiosk: return "kiosk";
    case Mode::Loop: return "loop";
    }
    return "lobby";
}

std::string DisplayApp::shown_hall() const {
    if (!next_differs()) return options_.mode == Mode::Lobby ? options_.hall : "";
    const Settings s = resolve(screen_override(), event().get());
    return s.shown.mode == Mode::Lobby ? s.shown.hall : "";
}

std::shared_ptr<const content::Event> DisplayApp::event() const { return live_ ? live_->current() : fixed_; }

bool DisplayApp::next_differs() const {
    return override_new_ || !base_ || event().get() != role_event_ ||
           (live_ && live_->generation() != drawn_generation_);
}

double DisplayApp::steady_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

bool DisplayApp::open_screen(const content::Event& event, std::string& error) {
    const std::string& s = options_.screen;
    if (s.empty() || s == "lobby") {
        options_.mode = Mode::Lobby;
        return true;
    }
    if (s == "loop") {
        options_.mode = Mode::Loop;
        return true;
    }
    if (s.rfind("loop:", 0) == 0) {
        char* end = nullptr;
        const long n = std::strtol(s.c_str() + 5, &end, 10);
        const auto named = event.playlists.find(
            content::resolve_screen_role(event.screens, options_.screen_id, options_.groups).playlist);
        const long count = named == event.playlists.end() ? long(screens::loop_slide_count(event))
                                                           : std::max(1l, long(named->second.size()));
        if (!end || *end || end == s.c_str() + 5 || n < 0 || n >= count) {
            error = "no slide '" + s.substr(5) + "' in the playlist (it has " + std::to_string(count) +
                    " slides, loop:0 to loop:" + std::to_string(count - 1) + ")";
            return false;
        }
        options_.mode = Mode::Loop;
        loop_slide_ = n;
        return true;
    }
    static const std::pair<const char*, const char*> kRoutes[] = {
        {"kiosk-home", "home"}, {"agenda", "agenda"}, {"roster", "roster"}, {"documents", "documents"}};
    std::string route = s;
    for (const auto& [name, r] : kRoutes)
        if (s == name) route = r;
    options_.mode = Mode::Kiosk;
    if (!kiosk_->open(route, event)) {
        error = "unknown screen '" + s +
                "' (lobby, kiosk-home, agenda, session:ID, roster, participant:ID, document:ID, loop:N)";
        return false;
    }
    return true;
}

void DisplayApp::start(text::GlyphTextureHost& textures) {
    text::ImGuiTextEngine::Config config;
    config.fonts_dir = fonts_dir_;
    config.fonts = shared_fonts_;
    config.textures = &textures;
    engine_ = std::make_unique<text::ImGuiTextEngine>(config, log_);
}

void DisplayApp::use_images(platform::ImageTextures& images) { images_->textures = &images; }

void DisplayApp::stop() {
    engine_.reset();
    images_->textures = nullptr;
}

ImVec4 DisplayApp::clear_color() const {
    auto ev = event();
    if (!ev || options_.high_contrast || drawn_black_) return ImVec4(0, 0, 0, 1);
    const content::Color& c = ev->theme.background;
    return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1);
}

void DisplayApp::pointer(const platform::Pointer& p) { pending_.push_back(p); }

void DisplayApp::frame(const platform::FrameInfo& info) {
    std::optional<LobbyShown> lobby_shown;  // this frame's, when it is a lobby with nothing over it
    if (trim_next_frame_) {
        engine_->screen_changed();  // the atlas pages and layouts the last frame did not use go
        platform::return_free_memory();
    }
    bool visitor_left = false;
    engine_->begin_frame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    // Screens draw in their own coordinates (the platform may turn the frame): clip to them.
    dl->PushClipRect(ImVec2(0, 0), info.size, false);
    auto ev = event();
    std::shared_ptr<const content::Alert> alert;
    {
        std::lock_guard lock(alert_mutex_);
        alert_new_ = false;
        alert = alert_;
    }
    images_->drawing(live_ ? live_->generation() : 0);
    last_size_ = info.size;
    last_frame_time_ = steady_seconds();
    take_override(ev.get());
    drawn_black_ = override_blank_ && !alert;  // an alert always wins over power off
    // An alert ends by itself at its expiry, by the event clock's UTC time.
    auto expire = [&](int64_t utc_ms) {
        if (!alert || alert->expires_ms == 0 || utc_ms < alert->expires_ms) return;
        log_.info("app", "alert " + alert->id + " expired");
        std::lock_guard lock(alert_mutex_);
        if (alert_ == alert) alert_.reset();
        alert.reset();
    };
    auto until_expiry = [&](double next, int64_t utc_ms) {  // real seconds
        if (!alert || alert->expires_ms == 0 || !clock_) return next;
        return std::min(next, double(alert->expires_ms - utc_ms) / 1000.0 / std::max(clock_->speed(), 1e-3));
    };
    int64_t utc_ms = 0;
    if (!ev && alert && clock_) expire(utc_ms = clock_->now_utc_ms());
    if (drawn_black_) {  // power off: black, nothing else, rarely redrawn
        due_at_ = last_frame_time_ + kBlankFrameSeconds;
    } else if (!ev && alert) {  // no content at all: the alert still takes the screen
        static const content::Event none;
        screens::ScreenFrame f{*engine_, dl, info.size, none, content::LocalDateTime{}};
        f.now_utc_ms = utc_ms;
        f.seconds = info.time;
        f.high_contrast = options_.high_contrast;
        double next = 1.0;
        draw_alert(f, *alert, next);
        due_at_ = last_frame_time_ + std::max(0.0, until_expiry(next, utc_ms));
    } else if (!ev) {
        error_screen_.draw(*engine_, dl, info.size);  // never a blank screen
        due_at_ = last_frame_time_ + 1.0;
    } else {
        // The zone is the shown event's: a content swap may bring another event (or the first
        // valid one, resolving --at). Local time and UTC come from one reading.
        clock_->set_time_zone(ev->time_zone);
        const int64_t now_utc_ms = clock_->now_utc_ms();
        const content::LocalDateTime now = clock_->local(now_utc_ms);
        expire(now_utc_ms);
        ev = with_role_languages(with_live_changes(std::move(ev), now_utc_ms));
        if (clock_->steps() != drawn_clock_steps_) {
            char at[32];
            std::snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:%02d", now.date.year, now.date.month, now.date.day,
                          now.minute_of_day / 60, now.minute_of_day % 60, now.second);
            log_.warning("app", std::string("the clock stepped (the wall clock was set, or --at took the event's "
                                            "time zone): now ") + at + " " + ev->time_zone);
            drawn_clock_steps_ = clock_->steps();
        }
        const std::string lang = options_.lang.empty() ? ev->languages.default_lang : options_.lang;
        screens::ScreenFrame f{*engine_, dl, info.size, *ev, now};
        f.now_utc_ms = now_utc_ms;
        f.seconds = info.time;
        f.lang = lang;
        f.images = images_.get();
        f.formats = &formats_;
        f.high_contrast = options_.high_contrast;
        f.hall = options_.hall;  // dayparts' `during` reads the day in it
        f.background_cleared = true;  // clear_color() is the theme's background (black in high contrast)
        if (auto named = ev->playlists.find(options_.playlist); named != ev->playlists.end())
            f.playlist = &named->second;  // the role's (live announcements appended to it too)
        double next = 1.0;
        if (alert) {
            draw_alert(f, *alert, next);  // the mode underneath is left as it is
            next = until_expiry(next, now_utc_ms);
        } else if (override_blank_) {  // the alert over a blanked screen just ended
            drawn_black_ = true;
            next = kBlankFrameSeconds;
        } else switch (options_.mode) {
        case Mode::Lobby: {
            screens::LobbyOptions lo;
            lo.hall = options_.hall;
            const screens::LobbyMotion motion = screens::draw_lobby(f, lo);
            next = motion.next_change / std::max(clock_->speed(), 1e-3);  // event s -> real s
            lobby_shown = LobbyShown{ev,
                                     live_ ? live_->generation() : 0,
                                     drawn_clock_steps_,
                                     f.lang,
                                     options_.hall,
                                     options_.high_contrast,
                                     false,  // the marker: below
                                     info.size,
                                     now_utc_ms,
                                     now_utc_ms + std::llround(motion.still_for * 1000.0),
                                     motion.ticker_moving,
                                     ImVec4(motion.ticker_min.x, motion.ticker_min.y, motion.ticker_max.x,
                                            motion.ticker_max.y),
                                     motion.ticker_offset_px,
                                     motion.ticker_cycle_px,
                                     motion.ticker_rtl,
                                     motion.ticking,
                                     motion.ticking_scale,
                                     now_utc_ms + std::llround(motion.next_tick * 1000.0)};
            break;
        }
        case Mode::Loop:
            if (loop_slide_ >= 0) {
                screens::draw_slide(f, size_t(loop_slide_));
            } else {
                screens::draw_loop(f);
                next = screens::loop_next_change_in(f) / std::max(clock_->speed(), 1e-3);
            }
            break;
        case Mode::Kiosk: {
            // Hit targets of 9 mm need the panel's density; trust only plausible reports
            // (1 to 40 px per mm: a 110" wall to a phone).
            if (info.px_per_mm >= 1.0f && info.px_per_mm <= 40.0f) kiosk_->set_px_per_mm(info.px_per_mm);
            // Input first: a touch on the attract loop wakes the kiosk at home.
            for (const platform::Pointer& p : pending_) {
                screens::PointerEvent e;
                e.kind = p.kind == platform::Pointer::Kind::Down   ? screens::PointerEvent::Kind::Down
                         : p.kind == platform::Pointer::Kind::Move ? screens::PointerEvent::Kind::Move
                                                                   : screens::PointerEvent::Kind::Up;
                e.pos = p.pos;
                e.seconds = p.time;
                if (kiosk_attract_) {
                    if (e.kind == screens::PointerEvent::Kind::Up) {
                        kiosk_attract_ = false;
                        kiosk_->reset();
                        kiosk_->open("home", *ev);
                    }
                    continue;
                }
                f.lang = kiosk_->lang().empty() ? lang : kiosk_->lang();
                kiosk_->input(e, f);
            }
            if (!kiosk_attract_ && kiosk_->idle_expired(info.time)) {
                log_.info("app", "kiosk idle: back to the loop in the default language");
                kiosk_->reset();
                kiosk_attract_ = true;
                visitor_left = true;
                images_->screen_changed();  // the visitor's portraits go after this frame
            }
            if (kiosk_attract_) {
                f.lang = ev->languages.default_lang;
                screens::draw_loop(f);
                next = screens::loop_next_change_in(f) / std::max(clock_->speed(), 1e-3);
            } else {
                f.lang = kiosk_->lang().empty() ? lang : kiosk_->lang();
                kiosk_->draw(f);
                next = kiosk_->next_change_in(f);
            }
            break;
        }
        }
        // The folder has errors, or its changes are not seen at once (live reload degraded).
        const bool marker = live_ && live_->needs_operator() && !alert && !drawn_black_;
        if (marker) screens::draw_operator_marker(f);
        if (lobby_shown) lobby_shown->marker = marker;
        if (applied_until_)  // a live announcement starts or ends
            next = std::min(next, double(*applied_until_ - now_utc_ms) / 1000.0 / std::max(clock_->speed(), 1e-3));
        due_at_ = last_frame_time_ + std::max(0.0, next);
        last_lang_ = f.lang;
    }
    {  // identify: over the screen, until its time is up (then a frame without it is due)
        identify_new_ = false;
        std::lock_guard lock(identify_mutex_);
        if (last_frame_time_ < identify_until_ && !drawn_black_) {
            screens::draw_identify(*engine_, dl, info.size, identify_text_);
            due_at_ = std::min(due_at_, identify_until_);
            lobby_shown.reset();
        }
    }
    // What changed since the last frame, while the lobby stands still: the ticker's strip moved
    // by the step(s) it took, with what came in at its edge (or the whole strip where the ticker
    // started or stopped, or the operators' marker sits on it), and the room sign's countdown
    // where it ticked (its boxes where they stayed; elsewhere the layout moved: everything), or
    // nothing; else everything.
    damage_ = platform::Damage();
    const bool ticked = lobby_shown && lobby_shown_ && lobby_shown->utc_ms >= lobby_shown_->tick_ms;
    if (lobby_shown && lobby_shown_ && lobby_shown->same_lobby(*lobby_shown_) &&
        lobby_shown->utc_ms >= lobby_shown_->utc_ms && lobby_shown->utc_ms < lobby_shown_->still_until_ms &&
        lobby_shown->same_ticking(*lobby_shown_)) {
        damage_.everything = false;
        const LobbyShown &was = *lobby_shown_, &is = *lobby_shown;
        const float width = is.ticker.z - is.ticker.x;
        const float moved = std::fmod(is.ticker_offset - was.ticker_offset + is.ticker_cycle, std::max(is.ticker_cycle, 1.0f));
        const bool scrolled = was.ticker_moving && is.ticker_moving && !is.marker && was.ticker.x == is.ticker.x &&
                              was.ticker.y == is.ticker.y && was.ticker.z == is.ticker.z && was.ticker.w == is.ticker.w &&
                              was.ticker_cycle == is.ticker_cycle && was.ticker_rtl == is.ticker_rtl && moved < width / 2;
        if (scrolled && moved > 0) {  // left to right text moves left, new text comes in on the right
            const ImVec4 strip = is.ticker;
            damage_.scrolls.push_back({strip, ImVec2(is.ticker_rtl ? moved : -moved, 0)});
            damage_.rects.push_back(is.ticker_rtl ? ImVec4(strip.x, strip.y, strip.x + moved, strip.w)
                                                  : ImVec4(strip.z - moved, strip.y, strip.z, strip.w));
        } else if (!scrolled) {
            if (was.ticker_moving) damage_.rects.push_back(was.ticker);
            if (is.ticker_moving) damage_.rects.push_back(is.ticker);
        }
        if (ticked) damage_.rects.insert(damage_.rects.end(), is.ticking.begin(), is.ticking.end());
    }
    lobby_shown_ = std::move(lobby_shown);
    {
        std::lock_guard lock(alert_mutex_);
        shown_alert_ = alert ? alert->id : std::string();
    }
    if (!first_frame_logged_)
        log_.info("app", "first frame drawn (" + std::to_string(info.size.x > 0 ? int(info.size.x) : 0) + "x" +
                             std::to_string(int(info.size.y)) + ")");
    first_frame_logged_ = true;
    pending_.clear();
    // A new version of the content, or a kiosk visitor gone: what the old version or the visitor's
    // pages held is let go — pictures at the end of this frame, glyph pages and cached layouts
    // at the start of the next, which then gives the free memory back to the system
    // (platform/heap.h tells why glibc keeps it otherwise). So a kiosk's memory comes back to
    // its attract loop's after each visitor instead of keeping what every visitor opened.
    const uint64_t generation = live_ ? live_->generation() : 0;
    trim_next_frame_ = (generation != drawn_generation_ && drawn_generation_ != 0) || visitor_left;
    drawn_generation_ = generation;
    drawn_broken_ = live_ && live_->needs_operator();
    dl->PopClipRect();
    engine_->end_frame();
}

double DisplayApp::next_frame_in() const {
    if (!pending_.empty() || identify_new_ || alert_new_ || live_changes_new_ || override_new_) return 0;
    if (live_ && (live_->generation() != drawn_generation_ || live_->needs_operator() != drawn_broken_)) return 0;
    // A wall clock step (NTP setting a Raspberry Pi's clock after boot) redraws at once: the
    // clock, the countdowns and the loop's slide all changed. Reading the clock notices it.
    if (clock_ && event()) {
        clock_->now_utc_ms();
        if (clock_->steps() != drawn_clock_steps_) return 0;
    }
    return std::max(0.0, due_at_ - steady_seconds());
}

}  // namespace majlis
