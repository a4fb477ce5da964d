// The kiosk (kiosk.h): the Kiosk class — open a route, draw the current screen, what a tapped
// target does, reset, the idle timer and the accessors tests use — and routes and targets written
// as strings at its edge. The rest of the kiosk, by name, is listed in kiosk_internal.h.
#include "screens/kiosk_internal.h"

#include <algorithm>
#include <cmath>

namespace majlis::screens {

namespace kiosk {

//-----------------------------------------------------------------------------
// Routes
//-----------------------------------------------------------------------------

const content::Session* find_session(const content::Event& ev, std::string_view id, int* day) {
    for (size_t d = 0; d < ev.days.size(); ++d)
        for (const content::Session& s : ev.days[d].sessions)
            if (s.id == id) {
                if (day) *day = int(d);
                return &s;
            }
    return nullptr;
}

namespace {

constexpr std::pair<Route::Kind, std::string_view> kRouteNames[] = {
    {Route::Kind::Home, "home"},           {Route::Kind::Agenda, "agenda"},
    {Route::Kind::Roster, "roster"},       {Route::Kind::Documents, "documents"},
    {Route::Kind::Session, "session"},     {Route::Kind::Participant, "participant"},
    {Route::Kind::Document, "document"},
};
bool has_id(Route::Kind k) {
    return k == Route::Kind::Session || k == Route::Kind::Participant || k == Route::Kind::Document;
}

std::string to_string(const Route& r) {
    for (const auto& [kind, name] : kRouteNames)
        if (kind == r.kind) return has_id(kind) ? std::string(name) + ":" + r.id : std::string(name);
    return "home";
}
// "home", "agenda", "session:ID", ...; nullopt for anything else (an id where none belongs too).
std::optional<Route> parse_route(std::string_view s) {
    const size_t colon = s.find(':');
    const std::string_view name = s.substr(0, colon);
    const std::string_view id = colon == s.npos ? std::string_view() : s.substr(colon + 1);
    for (const auto& [kind, n] : kRouteNames)
        if (n == name && has_id(kind) == (colon != s.npos)) return Route{kind, std::string(id)};
    return std::nullopt;
}

std::string to_string(const Target& t) {
    switch (t.kind) {
    case Target::Kind::None: return {};
    case Target::Kind::Back: return "back";
    case Target::Kind::Home: return "home";
    case Target::Kind::Open: return to_string(t.route);
    case Target::Kind::Language: return "lang:" + t.lang;
    case Target::Kind::Day: return "day:" + std::to_string(t.index);
    case Target::Kind::Contents: return "toc:" + std::to_string(t.index);
    case Target::Kind::TextSmaller: return "text-";
    case Target::Kind::TextLarger: return "text+";
    }
    return {};
}

// The route's screen exists in this content (the thing it shows is there).
bool route_valid(const Route& r, const content::Event& ev) {
    switch (r.kind) {
    case Route::Kind::Session: return find_session(ev, r.id) != nullptr;
    case Route::Kind::Participant: return ev.participant(r.id) != nullptr;
    case Route::Kind::Document: return ev.document(r.id) != nullptr;
    default: return true;
    }
}

// The screens a route is reached through from home (what Back leads to after open()).
std::vector<Route::Kind> parents(const Route& r) {
    using K = Route::Kind;
    switch (r.kind) {
    case K::Home: return {};
    case K::Session: return {K::Home, K::Agenda};
    case K::Participant: return {K::Home, K::Roster};
    case K::Document: return {K::Home, K::Documents};
    default: return {K::Home};
    }
}

}  // namespace

}  // namespace kiosk

using namespace kiosk;

//-----------------------------------------------------------------------------
// Kiosk
//-----------------------------------------------------------------------------

Kiosk::Kiosk(KioskConfig config) : s_(std::make_unique<State>()) { s_->config = config; }
Kiosk::~Kiosk() = default;

// What a touch in progress, a fling, a reader position and the idle timer hold: dropped when
// the kiosk opens a route or resets (the idle timer restarts at the next draw).
void forget_interaction(Kiosk::State& s) {
    s.press = {};
    s.fling = {};
    s.anchor.reset();
    s.jump_block = -1;
    s.hits.clear();
    s.named_hits_stale = true;
    s.last_activity = std::numeric_limits<double>::quiet_NaN();
}

bool Kiosk::open(const std::string& name, const content::Event& event) {
    const std::optional<Route> route = parse_route(name);
    if (!route || !route_valid(*route, event)) return false;
    State& s = *s_;
    s.stack.clear();
    for (Route::Kind k : parents(*route)) s.stack.push_back(State::Entry{Route{k, {}}});
    s.stack.push_back(State::Entry{*route});
    if (route->kind == Route::Kind::Session) {
        int day = -1;
        find_session(event, route->id, &day);
        for (State::Entry& e : s.stack)
            if (e.route.kind == Route::Kind::Agenda) e.day = day;
    }
    forget_interaction(s);
    return true;
}

void Kiosk::State::activate(const Target& t, const content::Event& ev) {
    using K = Target::Kind;
    if (t.kind == K::Back) {
        if (stack.size() > 1) stack.pop_back();
        fling.active = false;
    } else if (t.kind == K::Home) {
        stack.resize(1);
        stack[0].scroll[0] = stack[0].scroll[1] = 0;
        fling.active = false;
    } else if (t.kind == K::Language) {
        lang = t.lang;
    } else if (t.kind == K::Day) {
        top().day = t.index;
        top().scroll[0] = 0;
        fling.active = false;
    } else if (t.kind == K::Contents) {
        jump_block = t.index;
    } else if (t.kind == K::TextSmaller || t.kind == K::TextLarger) {
        const int pct = std::clamp(text_pct + (t.kind == K::TextLarger ? kTextPctStep : -kTextPctStep), kTextPctMin,
                                   kTextPctMax);
        if (pct == text_pct) return;
        // Keep the place: the block at the top of the view stays there.
        const float at = top().scroll[0];
        anchor.reset();
        for (size_t b = 0; b < block_y.size(); ++b)
            if (block_y[b] >= 0 && block_y[b] <= at && at < block_y[b] + block_h[b] && block_h[b] > 0 && at > 0)
                anchor = Anchor{int(b), (at - block_y[b]) / block_h[b]};
        text_pct = pct;
        fling.active = false;
    } else if (t.kind == K::Open && route_valid(t.route, ev)) {
        navigate(t.route);
    }
}

void Kiosk::draw(const ScreenFrame& frame) {
    State& s = *s_;
    if (std::isnan(s.last_activity)) s.last_activity = frame.seconds;
    // Content changed under us (live reload): go back to a screen that still exists.
    while (s.stack.size() > 1 && !route_valid(s.top().route, frame.event)) s.stack.pop_back();
    if (s.stack.empty() || !route_valid(s.stack.front().route, frame.event)) s.stack.assign(1, State::Entry{});

    advance_fling(s, frame.seconds);  // inertia up to this frame (kiosk_gestures.cpp)

    s.hits.clear();
    s.named_hits_stale = true;
    for (State::Pane& p : s.panes) p.live = false;
    Ctx c(s, frame, s.lang.empty() ? frame.lang : s.lang);
    if (!frame.background_cleared) c.dl->AddRectFilled(ImVec2(0, 0), frame.size, c.p.bg);

    const Route& r = s.top().route;
    switch (r.kind) {
    case Route::Kind::Home: draw_home(c); break;
    case Route::Kind::Agenda: draw_agenda(c); break;
    case Route::Kind::Roster: draw_roster(c); break;
    case Route::Kind::Documents: draw_documents(c); break;
    case Route::Kind::Session: draw_session(c, *find_session(frame.event, r.id)); break;
    case Route::Kind::Participant: draw_participant(c, *frame.event.participant(r.id)); break;
    case Route::Kind::Document: draw_reader(c, *frame.event.document(r.id)); break;
    }
}

double Kiosk::next_change_in(const ScreenFrame& frame) const {
    const State& s = *s_;
    if (s.fling.active || s.jump_block >= 0 || s.anchor) return 0;
    if (std::isnan(s.last_activity)) return 0;  // not drawn yet
    // The idle timeout (also with a finger down: a press that neither moves nor lifts that long
    // is taken as lost, see idle_expired).
    double next = std::max(0.0, s.last_activity + s.config.idle_timeout_s - frame.seconds);
    // A press shown as pressed stops being a tap after 0.5 s.
    // (Once, not every frame after: a finger resting on the glass asks for no frames.)
    const double tap_ends = s.press.t0 + kTapMaxSeconds - frame.seconds;
    if (s.press.active && !s.press.dragging && tap_ends > 0) next = std::min(next, tap_ends);
    if (s.top().route.kind == Route::Kind::Home) {  // the clock
        const double to_minute = frame.now_utc_ms > 0 ? double(60000 - frame.now_utc_ms % 60000) / 1000.0
                                                      : double(60 - frame.now.second);
        next = std::min(next, to_minute);
    }
    return next;
}

// A press counts like any other input: its down and each move restart the timer, so a finger
// still on the glass but silent for the whole timeout is a lost release (a touch controller that
// dropped the up event, a USB reset mid-touch), and the kiosk goes back to the loop anyway.
bool Kiosk::idle_expired(double seconds) const {
    const State& s = *s_;
    if (std::isnan(s.last_activity)) return false;
    return seconds - s.last_activity >= s.config.idle_timeout_s;
}

void Kiosk::reset() {
    State& s = *s_;
    s.stack.assign(1, State::Entry{});
    s.lang.clear();
    s.text_pct = 100;
    forget_interaction(s);
    s.reader_blocks.clear();
    s.styled.clear();
}

size_t Kiosk::texts_held() const { return s_->reader_blocks.size() + s_->styled.size(); }

const std::string& Kiosk::lang() const { return s_->lang; }
std::string Kiosk::route() const { return to_string(s_->top().route); }
std::vector<std::string> Kiosk::history() const {
    std::vector<std::string> out;
    for (const State::Entry& e : s_->stack) out.push_back(to_string(e.route));
    return out;
}
const std::vector<HitArea>& Kiosk::hit_areas() const {
    const State& s = *s_;
    if (s.named_hits_stale) {
        s.named_hits.clear();
        for (const State::Hit& h : s.hits) s.named_hits.push_back(HitArea{to_string(h.target), h.min, h.max});
        s.named_hits_stale = false;
    }
    return s.named_hits;
}
const HitArea* Kiosk::hit_area(std::string_view id) const {
    for (const HitArea& h : hit_areas())
        if (h.id == id) return &h;
    return nullptr;
}
float Kiosk::scroll() const { return s_->top().scroll[0]; }
float Kiosk::max_scroll() const { return s_->panes[0].live ? s_->panes[0].max_scroll() : 0.0f; }
float Kiosk::content_height() const { return s_->panes[0].live ? s_->panes[0].content_h : 0.0f; }
float Kiosk::text_scale() const { return float(s_->text_pct) / 100.0f; }
bool Kiosk::animating() const { return s_->fling.active; }
const KioskConfig& Kiosk::config() const { return s_->config; }
void Kiosk::set_px_per_mm(float px_per_mm) {
    if (px_per_mm > 0) s_->config.px_per_mm = px_per_mm;
}

void Kiosk::set_idle_timeout(double seconds) {
    if (seconds > 0) s_->config.idle_timeout_s = seconds;
}


}  // namespace majlis::screens
