// Content time: the event's time zone through ICU (whatever the machine's TZ), --at parsing,
// the event clock (--at, --clock-speed, never backwards, following the wall clock when it is
// set, the zone of the event shown), and now/next/today/announcements at
// their boundaries on a model built by hand (no files).
#include "test_support.h"
#include "content/content.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <optional>
#include <string>
#include <thread>

using namespace majlis::content;

namespace {

using majlis::testing::utc;

LocalDateTime local(int y, int mo, int d, int h, int mi, int s = 0) {
    LocalDateTime t;
    t.date = Date{y, mo, d};
    t.minute_of_day = h * 60 + mi;
    t.second = s;
    return t;
}

std::string show(const LocalDateTime& t) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.date.year, t.date.month, t.date.day,
                  t.minute_of_day / 60, t.minute_of_day % 60, t.second);
    return buf;
}

LocalDateTime to_local(int64_t ms, const std::string& zone) {
    LocalDateTime t;
    EXPECT_TRUE(utc_to_local(ms, zone, t)) << zone;
    return t;
}

int64_t to_utc(const LocalDateTime& t, const std::string& zone) {
    int64_t ms = std::numeric_limits<int64_t>::min();
    EXPECT_TRUE(local_to_utc(t, zone, ms)) << show(t) << " " << zone;
    return ms;
}

// Sets TZ for one scope and puts the old value back.
class ScopedTz {
public:
    explicit ScopedTz(const char* tz) {
        if (const char* old = std::getenv("TZ")) old_ = old;
        setenv("TZ", tz, 1);
        tzset();
    }
    ~ScopedTz() {
        if (old_)
            setenv("TZ", old_->c_str(), 1);
        else
            unsetenv("TZ");
        tzset();
    }

private:
    std::optional<std::string> old_;
};

}  // namespace

//-----------------------------------------------------------------------------
// Time zones and conversions
//-----------------------------------------------------------------------------

TEST(ContentTime, DushanbeIsUtcPlusFive) {
    EXPECT_EQ(show(to_local(utc(2025, 10, 9, 5, 30), "Asia/Dushanbe")), "2025-10-09T10:30:00");
    EXPECT_EQ(to_utc(local(2025, 10, 9, 10, 30), "Asia/Dushanbe"), utc(2025, 10, 9, 5, 30));
    // Across midnight both ways, and seconds kept.
    EXPECT_EQ(show(to_local(utc(2025, 10, 9, 19, 0, 7), "Asia/Dushanbe")), "2025-10-10T00:00:07");
    EXPECT_EQ(to_utc(local(2025, 10, 10, 4, 59, 59), "Asia/Dushanbe"), utc(2025, 10, 9, 23, 59, 59));
    // No DST: the offset is the same in January and July.
    EXPECT_EQ(show(to_local(utc(2025, 1, 15, 12, 0), "Asia/Dushanbe")), "2025-01-15T17:00:00");
    EXPECT_EQ(show(to_local(utc(2025, 7, 15, 12, 0), "Asia/Dushanbe")), "2025-07-15T17:00:00");
    // Leap day.
    EXPECT_EQ(show(to_local(utc(2024, 2, 29, 20, 0), "Asia/Dushanbe")), "2024-03-01T01:00:00");
    EXPECT_EQ(to_utc(local(2024, 2, 29, 12, 0), "Asia/Dushanbe"), utc(2024, 2, 29, 7, 0));
}

TEST(ContentTime, RoundTripEveryQuarterHourOfTheSummit) {
    for (int64_t ms = utc(2025, 10, 8, 0, 0); ms < utc(2025, 10, 11, 0, 0); ms += 15 * 60 * 1000)
        EXPECT_EQ(to_utc(to_local(ms, "Asia/Dushanbe"), "Asia/Dushanbe"), ms);
}

TEST(ContentTime, BerlinSpringForward) {
    // 2025-03-30 01:00 UTC: 02:00 CET becomes 03:00 CEST.
    const std::string z = "Europe/Berlin";
    EXPECT_EQ(show(to_local(utc(2025, 3, 30, 0, 59, 59), z)), "2025-03-30T01:59:59");
    EXPECT_EQ(show(to_local(utc(2025, 3, 30, 1, 0, 0), z)), "2025-03-30T03:00:00");
    EXPECT_EQ(to_utc(local(2025, 3, 30, 1, 59, 59), z), utc(2025, 3, 30, 0, 59, 59));
    EXPECT_EQ(to_utc(local(2025, 3, 30, 3, 0), z), utc(2025, 3, 30, 1, 0));
    // 02:30 does not exist. ICU's default (UCAL_WALLTIME_LAST): read with the offset before the
    // transition (+01:00), i.e. 01:30 UTC, which is 03:30 summer time.
    EXPECT_EQ(to_utc(local(2025, 3, 30, 2, 30), z), utc(2025, 3, 30, 1, 30));
    EXPECT_EQ(show(to_local(to_utc(local(2025, 3, 30, 2, 30), z), z)), "2025-03-30T03:30:00");
}

TEST(ContentTime, BerlinFallBack) {
    // 2025-10-26 01:00 UTC: 03:00 CEST becomes 02:00 CET; 02:00..02:59 happens twice.
    const std::string z = "Europe/Berlin";
    EXPECT_EQ(show(to_local(utc(2025, 10, 26, 0, 30), z)), "2025-10-26T02:30:00");
    EXPECT_EQ(show(to_local(utc(2025, 10, 26, 1, 30), z)), "2025-10-26T02:30:00");
    EXPECT_EQ(show(to_local(utc(2025, 10, 26, 0, 59, 59), z)), "2025-10-26T02:59:59");
    EXPECT_EQ(show(to_local(utc(2025, 10, 26, 1, 0), z)), "2025-10-26T02:00:00");
    // Ambiguous 02:30: ICU's default (UCAL_WALLTIME_LAST) takes the later moment (standard time).
    EXPECT_EQ(to_utc(local(2025, 10, 26, 2, 30), z), utc(2025, 10, 26, 1, 30));
    // Unambiguous times either side.
    EXPECT_EQ(to_utc(local(2025, 10, 26, 1, 59), z), utc(2025, 10, 25, 23, 59));
    EXPECT_EQ(to_utc(local(2025, 10, 26, 3, 0), z), utc(2025, 10, 26, 2, 0));
    // Summer and winter offsets.
    EXPECT_EQ(show(to_local(utc(2025, 7, 1, 12, 0), z)), "2025-07-01T14:00:00");
    EXPECT_EQ(show(to_local(utc(2025, 12, 1, 12, 0), z)), "2025-12-01T13:00:00");
}

TEST(ContentTime, KnownAndUnknownZones) {
    for (const char* z : {"Asia/Dushanbe", "Europe/Berlin", "America/New_York", "Asia/Almaty", "UTC",
                          "Etc/UTC", "Europe/Kyiv", "Europe/Kiev", "Asia/Kolkata", "America/Argentina/Buenos_Aires"})
        EXPECT_TRUE(is_known_time_zone(z)) << z;
    for (const char* z : {"", "Nowhere/City", "asia/dushanbe", "Asia/Dushanbe ", " Asia/Dushanbe", "Asia/",
                          "/Dushanbe", "GMT+5", "GMT+05:00", "UTC+05:00", "+05:00", "Etc/Unknown", "PST", "IST",
                          "Japan", "Factory", "SystemV/EST5", "Asia/Душанбе", "Asia\\Dushanbe"})
        EXPECT_FALSE(is_known_time_zone(z)) << "'" << z << "'";
    LocalDateTime t;
    int64_t ms = 0;
    EXPECT_FALSE(utc_to_local(0, "Nowhere/City", t));
    EXPECT_FALSE(utc_to_local(0, "Etc/Unknown", t));
    EXPECT_FALSE(local_to_utc(local(2025, 10, 9, 10, 30), "Nowhere/City", ms));
    EXPECT_FALSE(local_to_utc(local(2025, 10, 9, 10, 30), "GMT+5", ms));
    // Known zone after an unknown one (the calendar cache is per zone).
    EXPECT_TRUE(utc_to_local(utc(2025, 10, 9, 5, 30), "Asia/Dushanbe", t));
    EXPECT_EQ(show(t), "2025-10-09T10:30:00");
}

TEST(ContentTime, LocalToUtcRefusesImpossibleFields) {
    int64_t ms = 0;
    for (const LocalDateTime& t : {local(2025, 2, 29, 10, 0), local(2025, 13, 1, 10, 0), local(2025, 0, 1, 10, 0),
                                   local(2025, 4, 31, 10, 0), local(2025, 1, 0, 10, 0), local(2025, 1, 1, 24, 0),
                                   local(2025, 1, 1, 10, 0, 60), local(0, 1, 1, 0, 0)})
        EXPECT_FALSE(local_to_utc(t, "Asia/Dushanbe", ms)) << show(t);
}

// The machine's zone must not matter: results are the same with TZ=America/New_York and TZ=UTC.
TEST(ContentTime, MachineTimeZoneDoesNotMatter) {
    for (const char* tz : {"America/New_York", "UTC", "Asia/Tokyo"}) {
        ScopedTz scoped(tz);
        SCOPED_TRACE(tz);
        EXPECT_EQ(show(to_local(utc(2025, 10, 9, 5, 30), "Asia/Dushanbe")), "2025-10-09T10:30:00");
        EXPECT_EQ(to_utc(local(2025, 10, 9, 10, 30), "Asia/Dushanbe"), utc(2025, 10, 9, 5, 30));
        EXPECT_EQ(show(to_local(utc(2025, 3, 30, 1, 0), "Europe/Berlin")), "2025-03-30T03:00:00");
        EventClock clock("Asia/Dushanbe", utc(2025, 10, 9, 5, 30), 1.0);
        LocalDateTime now = clock.now_local();
        EXPECT_EQ(now.date, (Date{2025, 10, 9}));
        EXPECT_EQ(now.minute_of_day, 10 * 60 + 30);
    }
}

//-----------------------------------------------------------------------------
// Parsing --at
//-----------------------------------------------------------------------------

TEST(ContentTime, ParseLocalDateTime) {
    struct Ok {
        const char* in;
        const char* out;
    };
    for (const Ok& c : {Ok{"2025-10-09T10:30", "2025-10-09T10:30:00"}, Ok{"2025-10-09T10:30:15", "2025-10-09T10:30:15"},
                        Ok{"2025-10-09T00:00", "2025-10-09T00:00:00"}, Ok{"2025-10-09T23:59:59", "2025-10-09T23:59:59"},
                        Ok{"2024-02-29T12:00", "2024-02-29T12:00:00"}, Ok{"2000-02-29T12:00", "2000-02-29T12:00:00"},
                        Ok{"2025-12-31T23:59", "2025-12-31T23:59:00"}, Ok{"0001-01-01T00:00", "0001-01-01T00:00:00"}}) {
        auto t = parse_local_date_time(c.in);
        ASSERT_TRUE(t.has_value()) << c.in;
        EXPECT_EQ(show(*t), c.out);
    }
    for (const char* bad :
         {"", "2025-13-40T25:61", "2025-13-01T10:00", "2025-00-01T10:00", "2025-10-00T10:00", "2025-10-32T10:00",
          "2025-02-29T10:00", "1900-02-29T10:00", "2025-04-31T10:00", "2025-10-09T24:00", "2025-10-09T10:60",
          "2025-10-09T10:30:60", "2025-10-09", "2025-10-09T10", "2025-10-09T1:30", "2025-10-9T10:30",
          "25-10-09T10:30", "2025-10-09 10:30", "2025-10-09t10:30", "2025-10-09T10:30Z", "2025-10-09T10:30+05:00",
          "2025-10-09T10:30:15.5", "2025-10-09T10:30:", " 2025-10-09T10:30", "2025-10-09T10:30 ", "2025/10/09T10:30",
          "+025-10-09T10:30", "2025-1a-09T10:30", "0000-01-01T00:00", "２０２５-10-09T10:30"})
        EXPECT_FALSE(parse_local_date_time(bad).has_value()) << "'" << bad << "'";
    // A string_view that is not NUL-terminated: only its own characters count.
    std::string s = "2025-10-09T10:30:15";
    EXPECT_EQ(show(*parse_local_date_time(std::string_view(s).substr(0, 16))), "2025-10-09T10:30:00");
}

//-----------------------------------------------------------------------------
// EventClock
//-----------------------------------------------------------------------------

namespace {
int64_t steady_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
}  // namespace

TEST(ContentTime, ClockAtRunsAtItsSpeed) {
    const int64_t at = utc(2025, 10, 9, 5, 30);
    const int64_t t0 = steady_us();  // microseconds
    EventClock clock("Asia/Dushanbe", at, 60.0);
    const int64_t t1 = steady_us();
    EXPECT_EQ(clock.time_zone(), "Asia/Dushanbe");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const int64_t t2 = steady_us();
    const int64_t now = clock.now_utc_ms();
    const int64_t t3 = steady_us();
    // At least (t2 - t1) and at most (t3 - t0) of real time passed inside the clock: × 60.
    const int64_t advance = now - at;
    EXPECT_GE(advance, (t2 - t1) * 60 / 1000 - 1);
    EXPECT_LE(advance, (t3 - t0) * 60 / 1000 + 1);
    EXPECT_GE(advance, 50 * 60 - 1);  // ~3 s of event time for ~50 ms slept
    LocalDateTime l = clock.now_local();
    EXPECT_EQ(l.date, (Date{2025, 10, 9}));
    EXPECT_EQ(l.minute_of_day, 10 * 60 + 30);  // still within the minute (a ~3 s advance)
}

TEST(ContentTime, ClockDefaultsToRealNow) {
    const int64_t before =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    EventClock clock("UTC");
    const int64_t now = clock.now_utc_ms();
    const int64_t after =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    EXPECT_GE(now, before);
    EXPECT_LE(now, after + 1);
}

TEST(ContentTime, ClockNeverRunsBackwards) {
    for (double speed : {1.0, 60.0, 0.5, 86400.0}) {
        EventClock clock("Asia/Dushanbe", utc(2025, 10, 9, 5, 30), speed);
        int64_t last = clock.now_utc_ms();
        for (int i = 0; i < 200000; ++i) {
            int64_t now = clock.now_utc_ms();
            ASSERT_GE(now, last) << "speed " << speed << " step " << i;
            last = now;
        }
    }
}

TEST(ContentTime, ClockSpeedIsSane) {
    const int64_t at = utc(2025, 10, 9, 5, 30);
    // Not a positive number: real time. Absurdly large: clamped (1e5).
    for (double speed : {0.0, -60.0, std::nan(""), -std::numeric_limits<double>::infinity()}) {
        const int64_t t0 = steady_us();
        EventClock clock("Asia/Dushanbe", at, speed);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const int64_t advance = clock.now_utc_ms() - at;
        const int64_t t1 = steady_us();
        EXPECT_GE(advance, 19) << speed;
        EXPECT_LE(advance, (t1 - t0) / 1000 + 1) << speed;
    }
    for (double speed : {1e12, std::numeric_limits<double>::infinity()}) {
        const int64_t t0 = steady_us();
        EventClock clock("Asia/Dushanbe", at, speed);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        const int64_t advance = clock.now_utc_ms() - at;
        const int64_t t1 = steady_us();
        EXPECT_GE(advance, 10 * 100000 - 1) << speed;
        EXPECT_LE(advance, (t1 - t0) * 100000 / 1000 + 1) << speed;
    }
    // Near the end of time it saturates instead of wrapping around.
    EventClock late("UTC", std::numeric_limits<int64_t>::max() - 10, 1e5);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    EXPECT_EQ(late.now_utc_ms(), std::numeric_limits<int64_t>::max());
}

TEST(ContentTime, ClockInUnknownZoneShowsUtc) {
    EventClock clock("Nowhere/City", utc(2025, 10, 9, 5, 30), 1.0);
    LocalDateTime l = clock.now_local();
    EXPECT_EQ(l.date, (Date{2025, 10, 9}));
    EXPECT_EQ(l.minute_of_day, 5 * 60 + 30);
}

namespace {
// A wall clock and a monotonic clock the test moves by hand: frames of 16 ms, and the wall
// clock set like NTP sets a Raspberry Pi's after boot.
struct HandClocks {
    int64_t wall_ms = utc(2025, 10, 9, 5, 30);
    int64_t steady_ns = 1'000'000'000;
    ClockSource source() {
        return ClockSource{[this] { return wall_ms; }, [this] { return steady_ns; }};
    }
    void run_ms(int64_t ms) {
        wall_ms += ms;
        steady_ns += ms * 1'000'000;
    }
};

constexpr int64_t kHourMs = 3'600'000;

// Frames of 16 ms for `ms`: the clock read each frame never decreases, and advances by at
// most 1.1 times the frame (slewing) plus the rounding of milliseconds.
int64_t run_frames(EventClock& clock, HandClocks& hand, int64_t ms, int64_t last) {
    for (int64_t t = 0; t < ms; t += 16) {
        hand.run_ms(16);
        const int64_t now = clock.now_utc_ms();
        EXPECT_GE(now, last) << "backwards within one sequence";
        EXPECT_LE(now - last, 18) << "a jump within one sequence";
        last = now;
    }
    return last;
}
}  // namespace

TEST(ContentTime, ClockFollowsTheWallClockSteppedByHours) {
    HandClocks hand;
    EventClock clock("Asia/Dushanbe", std::nullopt, 1.0, hand.source());
    EXPECT_EQ(clock.now_utc_ms(), hand.wall_ms);
    int64_t last = run_frames(clock, hand, 2000, clock.now_utc_ms());
    EXPECT_EQ(last, hand.wall_ms);
    EXPECT_EQ(clock.steps(), 0u);
    // NTP steps a clock that booted three hours behind: the clock takes it at once, as a step.
    hand.wall_ms += 3 * kHourMs;
    EXPECT_EQ(clock.now_utc_ms(), hand.wall_ms);
    EXPECT_EQ(clock.steps(), 1u);
    EXPECT_EQ(show(clock.now_local()), "2025-10-09T13:30:02");  // 05:30:02 UTC + 3 h, in Dushanbe (+5)
    last = run_frames(clock, hand, 1000, clock.now_utc_ms());
    EXPECT_EQ(last, hand.wall_ms);
    // And back by five hours (a clock that was ahead): taken at once, a second step.
    hand.wall_ms -= 5 * kHourMs;
    EXPECT_EQ(clock.now_utc_ms(), hand.wall_ms);
    EXPECT_EQ(clock.steps(), 2u);
    last = run_frames(clock, hand, 1000, clock.now_utc_ms());
    EXPECT_EQ(last, hand.wall_ms);
    EXPECT_EQ(clock.steps(), 2u);
}

TEST(ContentTime, ClockFollowsSmallWallClockChangesSmoothly) {
    HandClocks hand;
    EventClock clock("UTC", std::nullopt, 1.0, hand.source());
    int64_t last = clock.now_utc_ms();
    // Set back by 0.8 s: no step, never backwards; caught up within ten seconds (10 % slew).
    hand.wall_ms -= 800;
    last = run_frames(clock, hand, 7000, last);
    EXPECT_EQ(clock.steps(), 0u);
    EXPECT_GT(last, hand.wall_ms);  // still catching up
    last = run_frames(clock, hand, 2000, last);
    EXPECT_EQ(last, hand.wall_ms);
    // Forward by 0.5 s: followed at most 10 % fast, no step.
    hand.wall_ms += 500;
    last = run_frames(clock, hand, 6000, last);
    EXPECT_EQ(last, hand.wall_ms);
    EXPECT_EQ(clock.steps(), 0u);
}

TEST(ContentTime, SimulatedClockIgnoresTheWallClock) {
    HandClocks hand;
    const int64_t at = utc(2025, 10, 9, 5, 30);
    EventClock clock("Asia/Dushanbe", at, 60.0, hand.source());
    hand.run_ms(1000);
    hand.wall_ms -= 7 * kHourMs;
    EXPECT_EQ(clock.now_utc_ms(), at + 60'000);
    EXPECT_EQ(clock.steps(), 0u);
    clock.freeze();
    hand.run_ms(1000);
    EXPECT_EQ(clock.now_utc_ms(), at);  // frozen at its start
}

TEST(ContentTime, ClockZoneFollowsTheEventShown) {
    HandClocks hand;
    EventClock clock("Asia/Dushanbe", std::nullopt, 1.0, hand.source());
    EXPECT_EQ(show(clock.now_local()), "2025-10-09T10:30:00");
    // A content swap to an event in Berlin (summer time, +2): the same moment, Berlin's wall time.
    clock.set_time_zone("Europe/Berlin");
    EXPECT_EQ(clock.time_zone(), "Europe/Berlin");
    EXPECT_EQ(show(clock.now_local()), "2025-10-09T07:30:00");
    EXPECT_EQ(clock.steps(), 0u);  // real time does not move
}

TEST(ContentTime, AtWaitsForTheEventsZone) {
    // --at given while the content was broken at start: the clock starts in UTC ...
    HandClocks hand;
    EventClock clock("UTC", local(2025, 10, 9, 10, 30), 1.0, hand.source());
    EXPECT_EQ(clock.now_utc_ms(), utc(2025, 10, 9, 10, 30));
    hand.run_ms(2000);
    // ... and once valid content names Dushanbe, --at is Dushanbe's 10:30 (a step).
    clock.set_time_zone("Asia/Dushanbe");
    EXPECT_EQ(clock.now_utc_ms(), utc(2025, 10, 9, 5, 30) + 2000);
    EXPECT_EQ(show(clock.now_local()), "2025-10-09T10:30:02");
    EXPECT_EQ(clock.steps(), 1u);
    clock.set_time_zone("Asia/Dushanbe");
    EXPECT_EQ(clock.steps(), 1u);
}

//-----------------------------------------------------------------------------
// Now, next, today, announcements (a model built by hand)
//-----------------------------------------------------------------------------

namespace {

Session session(const char* id, Date date, int sh, int sm, int eh, int em, const char* hall) {
    Session s;
    s.id = id;
    s.date = date;
    s.start = Minutes{sh * 60 + sm};
    s.end = Minutes{eh * 60 + em};
    s.hall = hall;
    s.title.by_lang["en"] = id;
    return s;
}

// 9 October: sarazm s1 09:00-10:00, s2 10:00-10:30 (back to back), s3 11:00-12:00;
//            kohi   k1 09:30-11:30.
// 10 October: sarazm s4 09:00-10:00.
Event summit() {
    Event e;
    e.id = "test";
    e.time_zone = "Asia/Dushanbe";
    e.start_date = Date{2025, 10, 9};
    e.end_date = Date{2025, 10, 10};
    const Date d1{2025, 10, 9}, d2{2025, 10, 10};
    Day day1;
    day1.date = d1;
    day1.sessions = {session("s1", d1, 9, 0, 10, 0, "sarazm"), session("k1", d1, 9, 30, 11, 30, "kohi"),
                     session("s2", d1, 10, 0, 10, 30, "sarazm"), session("s3", d1, 11, 0, 12, 0, "sarazm")};
    Day day2;
    day2.date = d2;
    day2.sessions = {session("s4", d2, 9, 0, 10, 0, "sarazm")};
    e.days = {day1, day2};
    return e;
}

std::string id_of(const Session* s) { return s ? s->id : "-"; }

std::string nn(const Event& e, std::string_view hall, const LocalDateTime& t) {
    NowNext r = now_next(e, hall, t);
    return id_of(r.now) + "/" + id_of(r.next);
}

}  // namespace

TEST(ContentTime, NowNextBoundaries) {
    const Event e = summit();
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 8, 0)), "-/s1");         // before the day
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 8, 59, 59)), "-/s1");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 9, 0, 0)), "s1/s2");     // exactly at the start
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 9, 59, 59)), "s1/s2");   // a second before the end
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 10, 0, 0)), "s2/s3");    // at the end: back to back
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 10, 29, 59)), "s2/s3");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 10, 30, 0)), "-/s3");    // at the end: a gap follows
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 10, 45)), "-/s3");       // between sessions
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 11, 0)), "s3/s4");       // next is on a later day
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 12, 0)), "-/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 23, 59, 59)), "-/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 9, 59, 59)), "s4/-");   // the last session
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 10, 0)), "-/-");        // after the last
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 12, 10, 0)), "-/-");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 9, 1, 10, 0)), "-/s1");         // weeks before
    // A session is "now" only on its own date: 09:30 on the 10th is not s1's 09:30.
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 9, 30)), "s4/-");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 8, 9, 30)), "-/s1");
}

TEST(ContentTime, NowNextHallsDoNotInterfere) {
    const Event e = summit();
    EXPECT_EQ(nn(e, "kohi", local(2025, 10, 9, 9, 0)), "-/k1");
    EXPECT_EQ(nn(e, "kohi", local(2025, 10, 9, 10, 0)), "k1/-");   // sarazm's s2/s3 are not kohi's
    EXPECT_EQ(nn(e, "kohi", local(2025, 10, 9, 11, 30)), "-/-");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 10, 45)), "-/s3");  // k1 runs, but in kohi
    EXPECT_EQ(nn(e, "nowhere", local(2025, 10, 9, 10, 0)), "-/-");
}

TEST(ContentTime, NowNextAllHalls) {
    // Empty hall id: every hall. now = the first running in agenda order (earliest start), next =
    // the soonest start anywhere after now.
    const Event e = summit();
    EXPECT_EQ(nn(e, "", local(2025, 10, 9, 8, 0)), "-/s1");
    EXPECT_EQ(nn(e, "", local(2025, 10, 9, 9, 0)), "s1/k1");
    EXPECT_EQ(nn(e, "", local(2025, 10, 9, 9, 45)), "s1/s2");
    EXPECT_EQ(nn(e, "", local(2025, 10, 9, 10, 15)), "k1/s3");
    EXPECT_EQ(nn(e, "", local(2025, 10, 9, 10, 45)), "k1/s3");
    EXPECT_EQ(nn(e, "", local(2025, 10, 9, 11, 30)), "s3/s4");
    EXPECT_EQ(nn(e, "", local(2025, 10, 10, 10, 0)), "-/-");
}

TEST(ContentTime, NowNextSessionDateFallsBackToItsDay) {
    Event e = summit();
    for (Day& d : e.days)
        for (Session& s : d.sessions) s.date = Date{};  // as if built without per-session dates
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 10, 0)), "s2/s3");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 12, 0)), "-/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 9, 0)), "s4/-");
}

// A party 23:00-01:30 (end 25:30, content.h: Session) stays on the 9th and is on until 01:30
// on the 10th; the 10th's first session is next all the while.
TEST(ContentTime, NowNextAcrossMidnight) {
    Event e = summit();
    e.days[0].sessions.push_back(session("party", Date{2025, 10, 9}, 23, 0, 25, 30, "sarazm"));
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 22, 59, 59)), "-/party");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 23, 0)), "party/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 23, 59)), "party/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 9, 23, 59, 59)), "party/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 0, 0)), "party/s4");   // midnight
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 0, 30)), "party/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 1, 29, 59)), "party/s4");
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 10, 1, 30)), "-/s4");      // at its end
    EXPECT_EQ(nn(e, "sarazm", local(2025, 10, 11, 0, 30)), "-/-");       // not the night after
    // The whole venue: a session of the 10th after midnight runs beside it; the party, of the
    // earlier day, is first in agenda order.
    e.days[1].sessions.insert(e.days[1].sessions.begin(), session("film", Date{2025, 10, 10}, 0, 15, 1, 0, "kohi"));
    EXPECT_EQ(nn(e, "", local(2025, 10, 10, 0, 0)), "party/film");
    EXPECT_EQ(nn(e, "", local(2025, 10, 10, 0, 30)), "party/s4");
    EXPECT_EQ(nn(e, "kohi", local(2025, 10, 10, 0, 30)), "film/-");
    // Seconds from a date's midnight, across a month and a year.
    EXPECT_EQ(seconds_since(Date{2025, 10, 9}, local(2025, 10, 10, 0, 30)), 86400 + 1800);
    EXPECT_EQ(seconds_since(Date{2025, 12, 31}, local(2026, 1, 1, 0, 0, 1)), 86401);
    EXPECT_EQ(seconds_since(Date{2024, 2, 28}, local(2024, 3, 1, 0, 0)), 2 * 86400);  // leap year
    EXPECT_EQ(seconds_since(Date{2025, 10, 10}, local(2025, 10, 9, 23, 0)), -3600);
}

TEST(ContentTime, NowNextEmptyEvent) {
    Event e;
    EXPECT_EQ(nn(e, "", local(2025, 10, 9, 10, 0)), "-/-");
    EXPECT_EQ(today(e, local(2025, 10, 9, 10, 0)), nullptr);
    EXPECT_TRUE(active_announcements(e, local(2025, 10, 9, 10, 0)).empty());
}

TEST(ContentTime, Today) {
    const Event e = summit();
    auto day_of = [&](const LocalDateTime& t) {
        const Day* d = today(e, t);
        return d ? d->date : Date{};
    };
    EXPECT_EQ(day_of(local(2025, 9, 1, 12, 0)), (Date{2025, 10, 9}));     // before: the first day
    EXPECT_EQ(day_of(local(2025, 10, 8, 23, 59, 59)), (Date{2025, 10, 9}));
    EXPECT_EQ(day_of(local(2025, 10, 9, 0, 0)), (Date{2025, 10, 9}));     // during
    EXPECT_EQ(day_of(local(2025, 10, 9, 23, 59, 59)), (Date{2025, 10, 9}));
    EXPECT_EQ(day_of(local(2025, 10, 10, 0, 0)), (Date{2025, 10, 10}));
    EXPECT_EQ(day_of(local(2025, 10, 11, 0, 0)), (Date{2025, 10, 10}));   // after: the last day
    EXPECT_EQ(day_of(local(2026, 1, 1, 0, 0)), (Date{2025, 10, 10}));
}

TEST(ContentTime, TodaySkipsToTheNextDayInAGap) {
    Event e = summit();
    e.days[1].date = Date{2025, 10, 12};  // days 9 and 12; on the 10th the next one is the 12th
    const Day* d = today(e, local(2025, 10, 10, 12, 0));
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->date, (Date{2025, 10, 12}));
}

TEST(ContentTime, ActiveAnnouncements) {
    Event e = summit();
    auto ann = [](const char* id, std::optional<LocalDateTime> from, std::optional<LocalDateTime> until) {
        Announcement a;
        a.id = id;
        a.text.by_lang["en"] = id;
        a.valid_from = from;
        a.valid_until = until;
        return a;
    };
    e.announcements = {ann("window", local(2025, 10, 9, 9, 0), local(2025, 10, 9, 12, 0)),
                       ann("always", std::nullopt, std::nullopt),
                       ann("from11", local(2025, 10, 9, 11, 0), std::nullopt),
                       ann("until10", std::nullopt, local(2025, 10, 9, 10, 0))};
    auto active = [&](const LocalDateTime& t) {
        std::string ids;
        for (const Announcement* a : active_announcements(e, t)) ids += (ids.empty() ? "" : ",") + a->id;
        return ids;
    };
    EXPECT_EQ(active(local(2025, 10, 9, 8, 59, 59)), "always,until10");
    EXPECT_EQ(active(local(2025, 10, 9, 9, 0, 0)), "window,always,until10");   // from is inclusive
    EXPECT_EQ(active(local(2025, 10, 9, 9, 59, 59)), "window,always,until10");
    EXPECT_EQ(active(local(2025, 10, 9, 10, 0, 0)), "window,always");          // until is exclusive
    EXPECT_EQ(active(local(2025, 10, 9, 10, 59, 59)), "window,always");
    EXPECT_EQ(active(local(2025, 10, 9, 11, 0, 0)), "window,always,from11");
    EXPECT_EQ(active(local(2025, 10, 9, 11, 59, 59)), "window,always,from11");
    EXPECT_EQ(active(local(2025, 10, 9, 12, 0, 0)), "always,from11");
    EXPECT_EQ(active(local(2025, 10, 8, 13, 0, 0)), "always,until10");         // the day before, later hour
    EXPECT_EQ(active(local(2026, 1, 1, 0, 0)), "always,from11");
}

//-----------------------------------------------------------------------------
// Dayparts: where the day stands in a hall, and what is shown then (a model built by hand)
//-----------------------------------------------------------------------------

namespace {

// summit() with a coffee break in sarazm 10:30-11:00 (kind break) and a welcome coffee
// 08:00-09:00 before the first session.
Event summit_with_breaks() {
    Event e = summit();
    const Date d1{2025, 10, 9};
    Session coffee = session("coffee", d1, 10, 30, 11, 0, "sarazm"), welcome = session("welcome", d1, 8, 0, 9, 0, "sarazm");
    coffee.kind = welcome.kind = SessionKind::Break;
    e.days[0].sessions.insert(e.days[0].sessions.begin(), welcome);
    e.days[0].sessions.push_back(coffee);
    return e;
}

std::string phase(const Event& e, std::string_view hall, const LocalDateTime& t) {
    const std::optional<DayPhase> p = day_phase(e, hall, t);
    return p ? day_phase_name(*p) : "-";
}

Daypart during(DayPhase p) {
    Daypart d;
    d.during = p;
    return d;
}

}  // namespace

TEST(ContentTime, DayPhaseInAHall) {
    const Event e = summit_with_breaks();
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 0, 0)), "before");
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 8, 30)), "before");     // a break before the opening
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 8, 59, 59)), "before");
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 9, 0)), "sessions");    // start inclusive
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 10, 29, 59)), "sessions");
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 10, 30)), "breaks");    // the coffee break
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 10, 59, 59)), "breaks");
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 11, 0)), "sessions");
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 12, 0)), "after");      // end exclusive
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 9, 23, 59, 59)), "after");
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 10, 8, 0)), "before");     // each day its own
    EXPECT_EQ(phase(e, "sarazm", local(2025, 10, 11, 10, 0)), "-");         // no sessions that day
    EXPECT_EQ(phase(e, "nowhere", local(2025, 10, 9, 10, 0)), "-");
    // The whole venue: kohi's k1 (09:30-11:30) is on during sarazm's coffee break.
    EXPECT_EQ(phase(e, "", local(2025, 10, 9, 10, 30)), "sessions");
    EXPECT_EQ(phase(e, "kohi", local(2025, 10, 9, 10, 30)), "sessions");
    EXPECT_EQ(phase(e, "kohi", local(2025, 10, 9, 9, 0)), "before");
    EXPECT_EQ(phase(e, "", local(2025, 10, 9, 12, 0)), "after");
    // A gap between two sessions is a break; a session cancelled live is not held.
    Event gap = summit();
    EXPECT_EQ(phase(gap, "sarazm", local(2025, 10, 9, 10, 45)), "breaks");
    gap.days[0].sessions[3].live.cancelled = true;  // s3, the day's last in sarazm
    EXPECT_EQ(phase(gap, "sarazm", local(2025, 10, 9, 10, 45)), "after");
    EXPECT_EQ(phase(gap, "sarazm", local(2025, 10, 9, 11, 30)), "after");
    // A day with only breaks has no phases.
    Event breaks_only = summit();
    breaks_only.days[1].sessions[0].kind = SessionKind::Break;
    EXPECT_EQ(phase(breaks_only, "sarazm", local(2025, 10, 10, 9, 30)), "-");
}

TEST(ContentTime, DayPhaseOfASessionPastMidnight) {
    // A party 23:00-01:30 (end 25:30): the next morning at 01:00 it is still on.
    Event e = summit();
    e.days[0].sessions.push_back(session("party", Date{2025, 10, 9}, 23, 0, 25, 30, "kohi"));
    EXPECT_EQ(phase(e, "kohi", local(2025, 10, 9, 22, 0)), "breaks");
    EXPECT_EQ(phase(e, "kohi", local(2025, 10, 10, 1, 0)), "sessions");
    EXPECT_EQ(phase(e, "kohi", local(2025, 10, 10, 1, 30)), "after");
}

TEST(ContentTime, DaypartsHoldAtTheirBoundaries) {
    Daypart d;
    d.days = {Date{2025, 10, 10}};
    d.from = Minutes{9 * 60};
    d.until = Minutes{24 * 60};
    EXPECT_FALSE(d.holds(local(2025, 10, 9, 12, 0), std::nullopt));       // another day
    EXPECT_FALSE(d.holds(local(2025, 10, 10, 8, 59, 59), std::nullopt));
    EXPECT_TRUE(d.holds(local(2025, 10, 10, 9, 0), std::nullopt));        // from is inclusive
    EXPECT_TRUE(d.holds(local(2025, 10, 10, 23, 59, 59), std::nullopt));  // until 24:00: the day's end
    EXPECT_FALSE(d.holds(local(2025, 10, 11, 0, 0), std::nullopt));
    d.days.clear();
    d.until = Minutes{10 * 60};
    EXPECT_TRUE(d.holds(local(2025, 10, 11, 9, 59, 59), std::nullopt));
    EXPECT_FALSE(d.holds(local(2025, 10, 11, 10, 0), std::nullopt));      // until is exclusive
    const Daypart b = during(DayPhase::Breaks);
    EXPECT_TRUE(b.holds(local(2025, 10, 9, 10, 0), DayPhase::Breaks));
    EXPECT_FALSE(b.holds(local(2025, 10, 9, 10, 0), DayPhase::Sessions));
    EXPECT_FALSE(b.holds(local(2025, 10, 9, 10, 0), std::nullopt));       // a day without sessions
    EXPECT_TRUE(Daypart{}.always());
    EXPECT_TRUE(Daypart{}.holds(local(2025, 10, 9, 10, 0), std::nullopt));
}

TEST(ContentTime, AnnouncementsWithDayparts) {
    Event e = summit_with_breaks();
    auto ann = [](const char* id, Daypart when) {
        Announcement a;
        a.id = id;
        a.text.by_lang["en"] = id;
        a.when = when;
        return a;
    };
    Daypart morning;
    morning.from = Minutes{9 * 60};
    morning.until = Minutes{10 * 60};
    Daypart day_two;
    day_two.days = {Date{2025, 10, 10}};
    e.announcements = {ann("always", {}), ann("coffee", during(DayPhase::Breaks)), ann("morning", morning),
                       ann("welcome", during(DayPhase::Before)), ann("day-two", day_two)};
    // Valid from 08:00 only: the absolute window and the daily one both limit it.
    e.announcements[3].valid_from = local(2025, 10, 9, 8, 0);
    auto active = [&](std::string_view hall, const LocalDateTime& t) {
        std::string ids;
        for (const Announcement* a : active_announcements(e, t, hall)) ids += (ids.empty() ? "" : ",") + a->id;
        return ids;
    };
    EXPECT_EQ(active("sarazm", local(2025, 10, 9, 7, 59)), "always");
    EXPECT_EQ(active("sarazm", local(2025, 10, 9, 8, 0)), "always,welcome");
    EXPECT_EQ(active("sarazm", local(2025, 10, 9, 9, 0)), "always,morning");
    EXPECT_EQ(active("sarazm", local(2025, 10, 9, 10, 0)), "always");
    EXPECT_EQ(active("sarazm", local(2025, 10, 9, 10, 30)), "always,coffee");
    EXPECT_EQ(active("", local(2025, 10, 9, 10, 30)), "always");        // kohi's session is on
    EXPECT_EQ(active("kohi", local(2025, 10, 9, 10, 30)), "always");
    EXPECT_EQ(active("sarazm", local(2025, 10, 9, 11, 0)), "always");
    EXPECT_EQ(active("sarazm", local(2025, 10, 10, 8, 0)), "always,welcome,day-two");
    EXPECT_EQ(active("sarazm", local(2025, 10, 10, 9, 30)), "always,morning,day-two");
    EXPECT_EQ(active("sarazm", local(2025, 10, 11, 9, 30)), "always,morning");
    // The default: the whole venue.
    EXPECT_EQ(active_announcements(e, local(2025, 10, 9, 10, 30)).size(), 1u);
}

TEST(ContentTime, ActiveSlidesAndTheNextDaypartChange) {
    const Event e = summit_with_breaks();
    std::vector<Slide> playlist(4);
    playlist[1].when = during(DayPhase::Breaks);
    playlist[2].when.from = Minutes{10 * 60 + 15};
    playlist[2].when.until = Minutes{10 * 60 + 45};
    playlist[3].when.days = {Date{2025, 10, 10}};
    auto shown = [&](std::string_view hall, const LocalDateTime& t) {
        std::string s;
        for (const Slide* slide : active_slides(e, playlist, hall, t)) s += std::to_string(slide - playlist.data());
        return s;
    };
    EXPECT_EQ(shown("sarazm", local(2025, 10, 9, 10, 14, 59)), "0");
    EXPECT_EQ(shown("sarazm", local(2025, 10, 9, 10, 15)), "02");
    EXPECT_EQ(shown("sarazm", local(2025, 10, 9, 10, 30)), "012");
    EXPECT_EQ(shown("", local(2025, 10, 9, 10, 30)), "02");
    EXPECT_EQ(shown("sarazm", local(2025, 10, 9, 10, 45)), "01");
    EXPECT_EQ(shown("sarazm", local(2025, 10, 10, 10, 30)), "023");    // day two: after s4
    // The next change: the nearest from/until, session start or end in the hall, or midnight.
    auto next = [&](std::string_view hall, const LocalDateTime& t) {
        return next_daypart_change_in(e, playlist, hall, t).value_or(-1);
    };
    EXPECT_EQ(next("sarazm", local(2025, 10, 9, 10, 0)), 15 * 60);       // from 10:15
    EXPECT_EQ(next("sarazm", local(2025, 10, 9, 10, 14, 59)), 1);
    EXPECT_EQ(next("sarazm", local(2025, 10, 9, 10, 15)), 15 * 60);      // s2 ends, the coffee begins
    EXPECT_EQ(next("sarazm", local(2025, 10, 9, 10, 40)), 5 * 60);       // until 10:45
    EXPECT_EQ(next("sarazm", local(2025, 10, 9, 10, 50)), 10 * 60);      // s3 at 11:00
    EXPECT_EQ(next("kohi", local(2025, 10, 9, 10, 50)), 40 * 60);        // k1 ends 11:30
    EXPECT_EQ(next("sarazm", local(2025, 10, 9, 23, 59, 30)), 30);       // midnight: `days`
    EXPECT_EQ(next("sarazm", local(2025, 10, 11, 0, 0)), 10 * 60 * 60 + 15 * 60);
    // Nothing with dayparts: nothing to wait for.
    EXPECT_FALSE(next_daypart_change_in(e, std::vector<Slide>(3), "sarazm", local(2025, 10, 9, 10, 0)));
}
