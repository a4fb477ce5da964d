// majlis content: time. The event's time zone through ICU (its own tz database, so the machine's
// zone and TZ never matter), --at and --clock-speed (EventClock), and what is on now and next.
//
// Index of this file
//   [SECTION] ICU helpers
//   [SECTION] Time zones and conversions
//   [SECTION] Parsing --at
//   [SECTION] EventClock
//   [SECTION] Now, next, today, announcements
//   [SECTION] Dayparts (content.h: Daypart, day_phase)
#include "content/content.h"

#include <unicode/ucal.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace majlis::content {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] ICU helpers
//-----------------------------------------------------------------------------

// Zone ids are ASCII; anything else is refused before ICU sees it.
bool to_uchars(const std::string& s, UChar* out, int cap) {
    if (s.empty() || (int)s.size() >= cap) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x21 || c > 0x7e) return false;
        out[i] = (UChar)c;
    }
    out[s.size()] = 0;
    return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool valid_local(const LocalDateTime& t) {
    return t.date.year >= 1 && t.date.year <= 9999 && t.date.month >= 1 && t.date.month <= 12 &&
           t.date.day >= 1 && t.date.day <= days_in_month(t.date.year, t.date.month) &&
           t.minute_of_day >= 0 && t.minute_of_day < 1440 && t.second >= 0 && t.second < 60;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Time zones and conversions
//-----------------------------------------------------------------------------

// Known means: a zone of ICU's tz database (a system id, not a custom "GMT+05:00", not
// "Etc/Unknown", which ICU silently substitutes for anything it does not know), written as
// IANA writes it ("Area/Location", case-sensitive), or "UTC". IANA links such as "Europe/Kiev"
// or "Asia/Calcutta" are accepted (they name the same rules; ICU 72's own canonical ids are
// CLDR's, which are sometimes the older IANA name). Refused: ICU's Java-era three-letter ids
// ("PST", "IST"), single-word legacy aliases ("Japan", "Cuba"), "SystemV/...", "Factory".
bool is_known_time_zone(const std::string& time_zone) {
    if (time_zone != "UTC") {
        size_t slash = time_zone.find('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == time_zone.size()) return false;
        if (time_zone.rfind("SystemV/", 0) == 0 || time_zone == "Etc/Unknown") return false;
    }
    UChar id[128];
    if (!to_uchars(time_zone, id, 128)) return false;
    UChar canonical[128];
    UBool system = false;
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = ucal_getCanonicalTimeZoneID(id, -1, canonical, 128, &system, &status);
    if (U_FAILURE(status) || !system || len <= 0) return false;
    static const UChar kUnknown[] = u"Etc/Unknown";
    if (len == 11 && std::char_traits<UChar>::compare(canonical, kUnknown, 11) == 0) return false;
    return true;
}

ZoneCalendar::~ZoneCalendar() {
    if (cal_) ucal_close(static_cast<UCalendar*>(cal_));
}

// A Gregorian calendar in `zone`, kept while the zone stays the same (the render loop converts
// "now" every frame; opening a calendar each time would be wasteful). Null for unknown zones.
void* ZoneCalendar::get(const std::string& zone) {
    if (cal_ && zone == zone_) return cal_;
    if (!is_known_time_zone(zone)) return nullptr;
    UChar id[128];
    if (!to_uchars(zone, id, 128)) return nullptr;
    UErrorCode status = U_ZERO_ERROR;
    UCalendar* cal = ucal_open(id, -1, "en_US_POSIX", UCAL_GREGORIAN, &status);
    if (U_FAILURE(status) || !cal) {
        if (cal) ucal_close(cal);
        return nullptr;
    }
    // Proleptic Gregorian: no switch to the Julian calendar in 1582.
    ucal_setGregorianChange(cal, -8.64e15, &status);
    // Lenient, so that wall times in a DST gap resolve (see to_utc); the fields are validated
    // before they reach the calendar.
    ucal_setAttribute(cal, UCAL_LENIENT, 1);
    if (cal_) ucal_close(static_cast<UCalendar*>(cal_));
    cal_ = cal;
    zone_ = zone;
    return cal_;
}

bool ZoneCalendar::to_local(int64_t utc_ms, const std::string& time_zone, LocalDateTime& out) {
    auto* cal = static_cast<UCalendar*>(get(time_zone));
    if (!cal) return false;
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(cal, (UDate)utc_ms, &status);
    int year = ucal_get(cal, UCAL_EXTENDED_YEAR, &status);
    int month = ucal_get(cal, UCAL_MONTH, &status) + 1;
    int day = ucal_get(cal, UCAL_DATE, &status);
    int hour = ucal_get(cal, UCAL_HOUR_OF_DAY, &status);
    int minute = ucal_get(cal, UCAL_MINUTE, &status);
    int second = ucal_get(cal, UCAL_SECOND, &status);
    if (U_FAILURE(status)) return false;
    out.date = Date{year, month, day};
    out.minute_of_day = hour * 60 + minute;
    out.second = second;
    return true;
}

// Wall times that do not exist or exist twice (DST transitions) resolve as ICU does by default
// (UCAL_WALLTIME_LAST for both):
//   - skipped (spring forward, e.g. Berlin 2025-03-30 02:30): read with the offset in force
//     before the transition, so 02:30 is 01:30 UTC, shown afterwards as 03:30 summer time;
//   - repeated (fall back, e.g. Berlin 2025-10-26 02:30): the later of the two moments, the one
//     in standard time (01:30 UTC).
bool ZoneCalendar::to_utc(const LocalDateTime& local, const std::string& time_zone, int64_t& utc_ms) {
    if (!valid_local(local)) return false;
    auto* cal = static_cast<UCalendar*>(get(time_zone));
    if (!cal) return false;
    UErrorCode status = U_ZERO_ERROR;
    ucal_clear(cal);
    ucal_set(cal, UCAL_EXTENDED_YEAR, local.date.year);
    ucal_set(cal, UCAL_MONTH, local.date.month - 1);
    ucal_set(cal, UCAL_DATE, local.date.day);
    ucal_set(cal, UCAL_HOUR_OF_DAY, local.minute_of_day / 60);
    ucal_set(cal, UCAL_MINUTE, local.minute_of_day % 60);
    ucal_set(cal, UCAL_SECOND, local.second);
    ucal_set(cal, UCAL_MILLISECOND, 0);
    UDate ms = ucal_getMillis(cal, &status);
    if (U_FAILURE(status)) return false;
    utc_ms = (int64_t)std::llround(ms);
    return true;
}

bool utc_to_local(int64_t utc_ms, const std::string& time_zone, LocalDateTime& out) {
    ZoneCalendar calendar;
    return calendar.to_local(utc_ms, time_zone, out);
}

bool local_to_utc(const LocalDateTime& local, const std::string& time_zone, int64_t& utc_ms) {
    ZoneCalendar calendar;
    return calendar.to_utc(local, time_zone, utc_ms);
}

//-----------------------------------------------------------------------------
// [SECTION] Parsing --at
//-----------------------------------------------------------------------------

std::optional<LocalDateTime> parse_local_date_time(std::string_view s) {
    // YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, nothing before or after, digits exactly.
    if (s.size() != 16 && s.size() != 19) return std::nullopt;
    auto digits = [&](size_t at, size_t n, int& value) {
        value = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    };
    int y, mo, d, h, mi, sec = 0;
    if (!digits(0, 4, y) || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d) ||
        s[10] != 'T' || !digits(11, 2, h) || s[13] != ':' || !digits(14, 2, mi))
        return std::nullopt;
    if (s.size() == 19 && (s[16] != ':' || !digits(17, 2, sec))) return std::nullopt;
    if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
    LocalDateTime t;
    t.date = Date{y, mo, d};
    t.minute_of_day = h * 60 + mi;
    t.second = sec;
    if (!valid_local(t)) return std::nullopt;
    return t;
}

//-----------------------------------------------------------------------------
// [SECTION] EventClock
//-----------------------------------------------------------------------------

namespace {
constexpr double kMinSpeed = 1e-3;      // a thousandth of real time
constexpr double kMaxSpeed = 1e5;       // a day in under a second
constexpr int64_t kNsPerMs = 1'000'000;

// Speeds that are not positive numbers (0, negative, NaN) run at real time; others are clamped
// to [kMinSpeed, kMaxSpeed].
double sane_speed(double speed) {
    if (!(speed > 0)) return 1.0;
    return speed < kMinSpeed ? kMinSpeed : speed > kMaxSpeed ? kMaxSpeed : speed;
}

// The wall clock minus the monotonic one, in ns. Nanoseconds since 1970 fit an int64_t until
// 2262; a wall clock set further than kMaxWallMs (about 146 years) from 1970 is read as that,
// so the sums cannot overflow.
int64_t wall_offset_ns(int64_t wall_ms, int64_t steady_ns) {
    constexpr int64_t kMaxWallMs = std::numeric_limits<int64_t>::max() / kNsPerMs / 2;
    return std::clamp(wall_ms, -kMaxWallMs, kMaxWallMs) * kNsPerMs - steady_ns;
}

// Floor division: shown times before 1970 round down like the others.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

ClockSource ClockSource::system() {
    ClockSource s;
    s.wall_utc_ms = [] {
        return (int64_t)std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    s.steady_ns = [] {
        return (int64_t)std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    };
    return s;
}

EventClock::EventClock(std::string time_zone, std::optional<int64_t> start_utc_ms, double speed, ClockSource source)
    : source_(std::move(source)), time_zone_(std::move(time_zone)), speed_(sane_speed(speed)) {
    const int64_t steady = source_.steady_ns();
    const int64_t wall = source_.wall_utc_ms();
    simulated_ = start_utc_ms.has_value() || speed_ != 1.0;
    start_utc_ms_ = start_utc_ms.value_or(wall);
    start_steady_ns_ = steady;
    offset_ns_ = wall_offset_ns(wall, steady);
    last_steady_ns_ = steady;
}

EventClock::EventClock(std::string time_zone, const LocalDateTime& start_local, double speed, ClockSource source)
    : EventClock(std::move(time_zone), int64_t{0}, speed, std::move(source)) {
    start_local_ = start_local;
    resolve_start_local();
}

// The --at moment in the clock's zone (UTC's wall time in an unknown zone, e.g. while no valid
// content named one).
void EventClock::resolve_start_local() {
    if (!start_local_) return;
    if (!calendar_.to_utc(*start_local_, time_zone_, start_utc_ms_))
        calendar_.to_utc(*start_local_, "UTC", start_utc_ms_);
}

void EventClock::set_time_zone(const std::string& time_zone) {
    if (time_zone == time_zone_) return;
    time_zone_ = time_zone;
    if (start_local_) {
        const int64_t before = start_utc_ms_;
        resolve_start_local();
        if (start_utc_ms_ != before) ++steps_;  // the same local moment is another instant
    }
}

void EventClock::freeze() {
    if (!simulated_) {
        start_utc_ms_ = now_utc_ms();
        simulated_ = true;
    }
    speed_ = 0;
}

// Real time: shown = steady + offset, the offset moved towards (wall - steady) by at most
// kSlewRate of the monotonic time since the last reading, so shown time advances at 0.9 to 1.1
// times real time while it catches up; a gap beyond kStepMs re-anchors (a step).
// Simulated: start + elapsed × speed, saturating rather than overflowing (a --at near the end
// of time at full speed).
int64_t EventClock::now_utc_ms() {
    const int64_t steady = source_.steady_ns();
    if (simulated_) {
        int64_t elapsed_ns = steady - start_steady_ns_;
        if (elapsed_ns < 0) elapsed_ns = 0;
        int64_t advance_ms;
        if (speed_ == 1.0) {
            advance_ms = elapsed_ns / kNsPerMs;
        } else {
            long double ms = (long double)elapsed_ns * (long double)speed_ / 1e6L;
            const long double cap = (long double)(std::numeric_limits<int64_t>::max() / 4);
            advance_ms = ms > cap ? (int64_t)cap : (int64_t)ms;
        }
        if (start_utc_ms_ > std::numeric_limits<int64_t>::max() - advance_ms)
            return std::numeric_limits<int64_t>::max();
        return start_utc_ms_ + advance_ms;
    }
    const int64_t target_ns = wall_offset_ns(source_.wall_utc_ms(), steady);
    const int64_t gap_ns = target_ns - offset_ns_;
    if (gap_ns > kStepMs * kNsPerMs || gap_ns < -kStepMs * kNsPerMs) {
        offset_ns_ = target_ns;
        ++steps_;
    } else {
        const int64_t since = steady > last_steady_ns_ ? steady - last_steady_ns_ : 0;
        const int64_t slew = (int64_t)((double)since * kSlewRate);
        offset_ns_ += std::clamp(gap_ns, -slew, slew);
    }
    last_steady_ns_ = std::max(last_steady_ns_, steady);
    return floor_div(steady + offset_ns_, kNsPerMs);
}

// In an unknown zone (the loader refuses those; this is for a clock made by hand) the local
// time is UTC's.
LocalDateTime EventClock::local(int64_t utc_ms) {
    LocalDateTime t;
    if (!calendar_.to_local(utc_ms, time_zone_, t)) calendar_.to_local(utc_ms, "UTC", t);
    return t;
}

LocalDateTime EventClock::now_local() { return local(now_utc_ms()); }

//-----------------------------------------------------------------------------
// [SECTION] Now, next, today, announcements
//-----------------------------------------------------------------------------

int64_t days_from_civil(const Date& d) {
    const int y = d.year - (d.month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (unsigned)(d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d.day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + (int64_t)doe - 719468;
}

int64_t seconds_since(const Date& date, const LocalDateTime& now) {
    return (days_from_civil(now.date) - days_from_civil(date)) * 86400 + now.minute_of_day * 60 + now.second;
}

namespace {
// A session's date: its own, or (for models built by hand) its day's.
const Date& session_date(const Day& day, const Session& s) { return s.date == Date{} ? day.date : s.date; }
}  // namespace

// now: the session in the hall whose [start, end) holds `now`, counted from its date's midnight
// (so one running past midnight is on until its end the next day). next: the session
// in the hall that starts soonest strictly after `now`, today or on a later day. An empty
// hall_id means every hall (the lobby): now is then the first such session in agenda order
// (earliest date and start, then file order), next the soonest start anywhere (ties: agenda order).
// A session cancelled live (Session::live) is neither.
NowNext now_next(const Event& event, std::string_view hall_id, const LocalDateTime& now, bool moved_away) {
    NowNext r;
    Date now_date{}, next_date{};
    int next_start = 0;
    for (const Day& day : event.days) {
        for (const Session& s : day.sessions) {
            const bool here = s.hall == hall_id || (moved_away && s.live.moved && s.live.bundle_hall == hall_id);
            if (!hall_id.empty() && !here) continue;
            if (s.live.cancelled) continue;  // called off live: neither now nor next
            const Date& date = session_date(day, s);
            const int64_t now_s = seconds_since(date, now), start_s = s.start.value * 60;
            if (start_s <= now_s && now_s < s.end.value * 60) {
                if (!r.now || date < now_date || (date == now_date && s.start < r.now->start)) {
                    r.now = &s;
                    now_date = date;
                }
            }
            const bool after = start_s > now_s;
            if (after) {
                if (!r.next || date < next_date || (date == next_date && s.start.value < next_start)) {
                    r.next = &s;
                    next_date = date;
                    next_start = s.start.value;
                }
            }
        }
    }
    return r;
}

const Day* today(const Event& event, const LocalDateTime& now) {
    const Day* next = nullptr;
    for (const Day& day : event.days) {
        if (day.date == now.date) return &day;
        if (day.date > now.date && (!next || day.date < next->date)) next = &day;
    }
    if (next) return next;
    const Day* last = nullptr;
    for (const Day& day : event.days)
        if (!last || day.date >= last->date) last = &day;
    return last;
}

std::vector<const Announcement*> active_announcements(const Event& event, const LocalDateTime& now,
                                                      std::string_view hall_id) {
    std::vector<const Announcement*> out;
    std::optional<std::optional<DayPhase>> phase;  // worked out once, when a `during` asks
    for (const Announcement& a : event.announcements) {
        if (a.valid_from && now < *a.valid_from) continue;
        if (a.valid_until && !(now < *a.valid_until)) continue;
        if (a.when.during && !phase) phase = day_phase(event, hall_id, now);
        if (!a.when.holds(now, phase.value_or(std::nullopt))) continue;
        out.push_back(&a);
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Dayparts
//-----------------------------------------------------------------------------

const char* day_phase_name(DayPhase phase) {
    switch (phase) {
    case DayPhase::Before: return "before";
    case DayPhase::Sessions: return "sessions";
    case DayPhase::Breaks: return "breaks";
    case DayPhase::After: return "after";
    }
    return "before";
}

bool Daypart::holds(const LocalDateTime& now, std::optional<DayPhase> phase) const {
    if (!days.empty() && std::find(days.begin(), days.end(), now.date) == days.end()) return false;
    if (from && now.minute_of_day < from->value) return false;
    if (until && now.minute_of_day >= until->value) return false;
    if (during && phase != during) return false;
    return true;
}

namespace {
// A session's start and end in seconds from the midnight of now's date (one begun the day
// before and running past midnight starts below 0); false when it is not on that date at all.
bool session_on_date(const Day& day, const Session& s, const LocalDateTime& now, int64_t& start_s, int64_t& end_s) {
    const int64_t shift = int64_t(now.minute_of_day) * 60 + now.second - seconds_since(session_date(day, s), now);
    start_s = shift + int64_t(s.start.value) * 60;
    end_s = shift + int64_t(s.end.value) * 60;
    return end_s > 0 && start_s < 86400;
}
}  // namespace

std::optional<DayPhase> day_phase(const Event& event, std::string_view hall_id, const LocalDateTime& now) {
    const int64_t now_s = int64_t(now.minute_of_day) * 60 + now.second;
    int64_t first = std::numeric_limits<int64_t>::max(), last = std::numeric_limits<int64_t>::min();
    bool on = false;
    for (const Day& day : event.days) {
        for (const Session& s : day.sessions) {
            if ((!hall_id.empty() && s.hall != hall_id) || s.live.cancelled || s.kind == SessionKind::Break) continue;
            int64_t start_s, end_s;
            if (!session_on_date(day, s, now, start_s, end_s)) continue;
            first = std::min(first, start_s);
            last = std::max(last, end_s);
            if (start_s <= now_s && now_s < end_s) on = true;
        }
    }
    if (first > last) return std::nullopt;  // no sessions that day
    if (on) return DayPhase::Sessions;
    if (now_s < first) return DayPhase::Before;
    if (now_s >= last) return DayPhase::After;
    return DayPhase::Breaks;
}

std::vector<const Slide*> active_slides(const Event& event, const std::vector<Slide>& playlist,
                                        std::string_view hall_id, const LocalDateTime& now) {
    std::vector<const Slide*> out;
    out.reserve(playlist.size());
    std::optional<std::optional<DayPhase>> phase;
    for (const Slide& s : playlist) {
        if (s.when.during && !phase) phase = day_phase(event, hall_id, now);
        if (s.when.holds(now, phase.value_or(std::nullopt))) out.push_back(&s);
    }
    return out;
}

// The candidates are all whole minutes of now's date (midnight: 1440), so the answer is too;
// a candidate that changes nothing only costs the caller one redraw.
std::optional<int> next_daypart_change_in(const Event& event, const std::vector<Slide>& playlist,
                                          std::string_view hall_id, const LocalDateTime& now) {
    const int now_s = now.minute_of_day * 60 + now.second;
    bool any = false, phases = false;
    int next_s = 1440 * 60;  // midnight: `days` and the day's phases start over
    auto consider_s = [&](int64_t at_s) {
        if (at_s > now_s && at_s < next_s) next_s = int(at_s);
    };
    auto consider = [&](int minute) { consider_s(int64_t(minute) * 60); };
    auto add = [&](const Daypart& d) {
        if (d.always()) return;
        any = true;
        phases = phases || d.during.has_value();
        if (d.from) consider(d.from->value);
        if (d.until) consider(d.until->value);
    };
    for (const Slide& s : playlist) add(s.when);
    if (!any) return std::nullopt;
    if (phases) {
        for (const Day& day : event.days)
            for (const Session& s : day.sessions) {
                int64_t start_s, end_s;
                if ((!hall_id.empty() && s.hall != hall_id) || !session_on_date(day, s, now, start_s, end_s)) continue;
                consider_s(start_s);
                consider_s(end_s);
            }
    }
    return next_s - now_s;
}

}  // namespace majlis::content
