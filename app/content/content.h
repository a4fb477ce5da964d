// majlis content: an event as venue staff write it, loaded, validated and kept live.
//
// Index of this file
//   [SECTION] The content folder (what staff edit; the format in brief, docs/content.md in full)
//   [SECTION] The model (plain structs the screens read; never modified once loaded)
//   [SECTION] Diagnostics (FILE:LINE:COL: error|warning: message; part of the contract)
//   [SECTION] Loading and validating (load_event; what `majlis check DIR` runs)
//   [SECTION] Time (the event's time zone, --at, --clock-speed, now/next)
//   [SECTION] Live content (inotify, loading off the render thread, one swap between frames)
//
// The content model knows nothing of GLFW, GL or the text engine. Where validation needs the
// fonts (characters no font covers), the caller passes a coverage function.
#pragma once

#include "content/screens_config.h"
#include "i18n/i18n.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace majlis {
class Log;
}

namespace majlis::content {

//-----------------------------------------------------------------------------
// [SECTION] The content folder
//-----------------------------------------------------------------------------
// One folder per event, swapped whole; the demo is assets/dushanbe-2025/. Human-edited files:
//
//   event.toml          the manifest: name per language, dates, IANA time zone, languages
//                       (display order, default, fallback chain), halls, theme, playlist,
//                       announcements
//   agenda.toml         [[day]] tables with [[day.session]]: start/end, hall, kind, title and
//                       description per language, speakers (participant ids), documents
//   participants.toml   [[participant]]: id, name and title per language, country, protocol
//                       order, optional portrait and flag images
//   documents.toml      [[document]]: id, title per language, body per language as a Markdown
//                       file (documents/ID.LANG.md)
//   screens.toml        optional: each screen's role by its id and groups (screens_config.h)
//   images/             PNG or JPEG files referenced from the above
//
// Every user-facing string is a table keyed by language: `title.ar = "..."`, `title.ru = "..."`.
// Paths are relative to the content folder and may not leave it (no "..", no absolute paths,
// no symlinks pointing outside). Files larger than kMaxFileBytes are refused.

constexpr uint64_t kMaxFileBytes = 4u << 20;        // a TOML or Markdown file
constexpr uint64_t kMaxImageBytes = 16u << 20;      // a PNG or JPEG file
constexpr int kMaxImageSide = 8192;                 // px

//-----------------------------------------------------------------------------
// [SECTION] The model
//-----------------------------------------------------------------------------

// Where something was written: for messages that point staff at the right line.
struct SourcePos {
    std::string file;   // relative to the content folder, e.g. "agenda.toml"; "" = the folder
    int line = 0;       // 1-based; 0 = the file as a whole
    int column = 0;     // 1-based, in characters (code points, as toml++ counts); 0 = none
};

// A string in several languages. get() follows the event's fallback chain.
struct LocalText {
    std::map<std::string, std::string> by_lang;  // "ar" -> "..."
    SourcePos pos;
    bool empty() const { return by_lang.empty(); }
};

struct Date {
    int year = 0, month = 0, day = 0;
    auto operator<=>(const Date&) const = default;
};

// A wall-clock time in the event's time zone: minutes since midnight.
struct Minutes {
    int value = 0;
    auto operator<=>(const Minutes&) const = default;
};

// A moment in the event's local time (what the agenda and --at speak in).
struct LocalDateTime {
    Date date;
    int minute_of_day = 0;   // 0 .. 1439
    int second = 0;          // 0 .. 59
    auto operator<=>(const LocalDateTime&) const = default;
};

struct Hall {
    std::string id;
    LocalText name;
    SourcePos pos;
};

enum class SessionKind { Arrival, Ceremony, Photo, Plenary, Statement, Bilateral, Press, Adoption, Break, Other };
const char* session_kind_name(SessionKind kind);  // "arrival", ... as written in agenda.toml

// A session is held on one date (the day it is listed under in the agenda); start and end
// count minutes from that date's midnight. A session running past midnight (a congress party
// 23:00-01:30) keeps its start date and has an end past 24:00: end 25:30 (1530) is 01:30 the
// next day. So start is 0 .. 1439 and start < end < start + 1440 (less than a day); screens
// show the end modulo a day ("23:00-01:30") and place sessions against the clock with
// seconds_since() (content::now_next, the screens' "now" and "past").
struct Session {
    std::string id;
    Date date;
    Minutes start, end;
    std::string hall;                    // a Hall id
    SessionKind kind = SessionKind::Other;
    LocalText title, description;
    std::vector<std::string> speakers;   // Participant ids, in speaking order
    std::vector<std::string> documents;  // Document ids (e.g. adopted at this session)
    // As a conference's schedule gives them (schedule.h), or agenda.toml; empty when not given.
    LocalText subtitle;
    std::string track;                   // "Security", as the programme names it
    std::string language;                // the language it is held in ("en")
    std::string url;                     // its page on the conference's site
    SourcePos pos;
    // Changed live, without a new bundle (live_changes.h); all as below when it was not. The
    // fields above are then as changed (start and end shifted, hall where it is now); these
    // keep what the bundle said, for "was 10:00" and "moved from".
    struct Live {
        int delay_minutes = 0;       // start and end are this much later than the bundle's
        Minutes bundle_start, bundle_end;
        bool moved = false;          // hall is not the bundle's
        std::string bundle_hall;     // the bundle's hall, when moved
        bool full = false;           // the hall is full
        bool cancelled = false;      // not held: never "now" or "next"
        bool any() const { return delay_minutes != 0 || moved || full || cancelled; }
    } live;
};

struct Day {
    Date date;
    LocalText title;
    std::vector<Session> sessions;       // sorted by start
};

struct Participant {
    std::string id;
    LocalText name;                      // may hold the person's own language too (name.kk)
    std::string native_lang;             // the language of the name as the person writes it
    LocalText title;                     // role: "President of the Republic of Tajikistan"
    std::string country;                 // ISO 3166-1 alpha-2, upper case ("TJ")
    int protocol_order = 0;              // 1 = first
    std::string portrait, flag;          // image paths in the folder; empty = none
    LocalText biography;                 // from a schedule export (schedule.h) or participants.toml
    std::string avatar_url;              // a picture on the web (schedule exports); not fetched
    std::string url;                     // their page (participants.toml); shown as a QR code
    SourcePos pos;
};

// A document body parsed from Markdown (md4c): blocks of spans.
struct Span {
    std::string text;
    bool emphasis = false, strong = false;
};
struct Block {
    enum class Kind { Heading, Paragraph, ListItem };
    Kind kind = Kind::Paragraph;
    int level = 0;          // heading 1..6; list nesting depth 1..; paragraph: the depth of the
                            // list item it continues (a loose item's later paragraphs), else 0
    bool ordered = false;   // list item of a numbered list
    int number = 0;         // its number (numbered lists)
    std::vector<Span> spans;
};
struct DocumentBody {
    std::string file;       // documents/final-declaration.ar.md
    std::vector<Block> blocks;
};

struct Document {
    std::string id;
    LocalText title;
    LocalText summary;                              // optional short excerpt for screens
    std::map<std::string, DocumentBody> body;       // by language
    bool illustrative = false;                      // not an official text: screens say so
    bool justify = true;                            // the reader sets right-to-left bodies justified
                                                    // (kashida, text::Align::Justify); false: ragged
    std::string url;                                // the document on the web; shown as a QR code
    SourcePos pos;
};

// Dayparts: when in the event's days a playlist item or an announcement is shown, on top of
// anything else that limits it (an announcement's valid_from/valid_until). Every part given must
// hold; none given: always. Only the local wall clock and the agenda decide, so what a screen shows
// stays a pure function of the time (screens/loop.h).
//   days     the event days it is shown on (dates within start_date..end_date); empty: every day
//   from     local time of day it starts being shown, inclusive; until: it stops, exclusive
//            (from < until: a window over midnight is two items, one until 24:00, one from 00:00)
//   during   where the day stands in the screen's hall (DayPhase; day_phase below)
// The venue's words, in event.toml: `days = [2025-10-09]`, `from = "08:00"` (or a TOML time,
// 08:00:00, as agenda.toml writes them), `until = "24:00"`, `during = "breaks"`.
enum class DayPhase {
    Before,    // the day's first session has not started (before the opening)
    Sessions,  // a session (other than a break) is on
    Breaks,    // between the day's first and last session, none on, or a session of kind break
    After,     // the day's last session has ended
};
const char* day_phase_name(DayPhase phase);  // "before", "sessions", "breaks", "after"

struct Daypart {
    std::vector<Date> days;
    std::optional<Minutes> from, until;   // until may be 24:00 (1440): the end of the day
    std::optional<DayPhase> during;
    bool always() const { return days.empty() && !from && !until && !during; }
    // Whether it holds at `now`, where the day stands at `phase` (day_phase: nullopt on a day
    // without sessions in the hall, when no `during` holds).
    bool holds(const LocalDateTime& now, std::optional<DayPhase> phase) const;
};

struct Announcement {
    std::string id;
    LocalText text;
    std::optional<LocalDateTime> valid_from, valid_until;  // event local time, inclusive start
    Daypart when;                                          // and, each day, only then
    SourcePos pos;
};

enum class SlideKind { Title, Agenda, NowNext, Participant, Document, Image, Announcement };
enum class Transition { Crossfade, Slide, Cut };

struct Slide {
    SlideKind kind = SlideKind::Title;
    double duration_s = 10;
    Transition transition = Transition::Crossfade;
    std::string ref;        // participant or document id, or image path, per kind
    LocalText text;         // announcement slides
    Daypart when;           // shown only then (the loop leaves it out at other times)
    SourcePos pos;
};

struct Color {
    uint8_t r = 0, g = 0, b = 0, a = 255;
};

struct Theme {
    Color background{16, 24, 42, 255}, foreground{244, 241, 232, 255}, accent{201, 162, 39, 255};
    Color muted{150, 160, 175, 255};
    std::string logo;       // image path; empty = none
};

struct Languages {
    std::vector<std::string> display;    // in display order, e.g. ar, ru, en, tg
    std::string default_lang;            // shown after idle timeout
    std::vector<std::string> fallback;   // tried in order after the asked language
};

struct Event {
    std::string dir;                     // the content folder it was loaded from
    std::string id;
    LocalText name;
    Date start_date, end_date;
    std::string time_zone;               // IANA, e.g. "Asia/Dushanbe"
    Languages languages;
    std::vector<Hall> halls;
    Theme theme;
    std::vector<Slide> playlist;
    std::map<std::string, std::vector<Slide>> playlists;  // named: [[playlists.NAME]] (screens.toml)
    std::vector<Announcement> announcements;
    std::vector<Day> days;               // sorted by date
    std::vector<Participant> participants;  // sorted by protocol order
    std::vector<Document> documents;
    // The event's own wording of interface phrases (phrases/<lang>.toml); null: none. Screens
    // look here before the shipped catalogue (i18n::phrase).
    std::shared_ptr<const i18n::Catalogue> phrases;
    ScreensConfig screens;               // screens.toml; empty without one

    // The text in `lang`, else along the fallback chain, else any; "" if there is none.
    const std::string& text(const LocalText& t, std::string_view lang) const;
    const Hall* hall(std::string_view id) const;
    const Participant* participant(std::string_view id) const;
    const Document* document(std::string_view id) const;
};

//-----------------------------------------------------------------------------
// [SECTION] Diagnostics
//-----------------------------------------------------------------------------

enum class Severity { Warning, Error };

struct Diagnostic {
    SourcePos pos;
    Severity severity = Severity::Error;
    std::string message;
    // "agenda.toml:12:5: error: unknown hall 'sarazn' (did you mean 'sarazm'?)"
    std::string format() const;
};

//-----------------------------------------------------------------------------
// [SECTION] Loading and validating
//-----------------------------------------------------------------------------

// Characters of `text` (written in language `lang`) that no font in that language's chain has:
// the text engine provides it (FontStack); tests can pass their own. Returns code points.
using CoverageCheck = std::function<std::vector<char32_t>(std::string_view text, std::string_view lang)>;

struct LoadOptions {
    CoverageCheck coverage;              // null: the font check is skipped
};

struct LoadResult {
    std::shared_ptr<const Event> event;  // null when there are errors
    std::vector<Diagnostic> diagnostics; // errors and warnings, in file then line order
    bool readable = true;                // false: the folder itself could not be read (exit 2)
    bool ok() const { return event != nullptr; }
    size_t errors() const;
    size_t warnings() const;
};

// Loads and validates a content folder. Never throws, never crashes on any bytes: every
// problem becomes a Diagnostic with the file, line and column it was found at.
LoadResult load_event(const std::string& dir, const LoadOptions& options = {});

// `majlis check DIR`: prints each diagnostic on its own line to `out` and returns the exit
// code: 0 valid (warnings allowed), 1 errors, 2 the folder could not be read.
int check_command(const std::string& dir, const LoadOptions& options, std::FILE* out);

//-----------------------------------------------------------------------------
// [SECTION] Time
//-----------------------------------------------------------------------------
// "Now", "next" and "today" are the event's, in its time zone, whatever the machine's zone.
// Time zone arithmetic is ICU's (its own tz database), so a machine set to UTC or Moscow shows
// Dushanbe's local time.

// Converts between UTC (milliseconds since the Unix epoch) and the event's local time.
// Unknown zones return false. A ZoneCalendar keeps ICU's calendar between conversions (the
// render loop converts every frame); it is not shared between threads. The free functions
// open one per call.
class ZoneCalendar {
public:
    ZoneCalendar() = default;
    ~ZoneCalendar();
    ZoneCalendar(const ZoneCalendar&) = delete;
    ZoneCalendar& operator=(const ZoneCalendar&) = delete;
    bool to_local(int64_t utc_ms, const std::string& time_zone, LocalDateTime& out);
    bool to_utc(const LocalDateTime& local, const std::string& time_zone, int64_t& utc_ms);

private:
    void* get(const std::string& time_zone);  // UCalendar*
    void* cal_ = nullptr;
    std::string zone_;
};
bool utc_to_local(int64_t utc_ms, const std::string& time_zone, LocalDateTime& out);
bool local_to_utc(const LocalDateTime& local, const std::string& time_zone, int64_t& utc_ms);
bool is_known_time_zone(const std::string& time_zone);

// Parses "2025-10-09T10:30" or "2025-10-09T10:30:15" (event local time).
std::optional<LocalDateTime> parse_local_date_time(std::string_view s);

// Where the event clock reads the time. The wall clock (CLOCK_REALTIME: what NTP and operators
// set, so it may step by hours, forward or back) and a monotonic clock (CLOCK_MONOTONIC: never
// steps). The system's by default; tests pass their own to step the wall clock.
struct ClockSource {
    std::function<int64_t()> wall_utc_ms;   // milliseconds since the Unix epoch
    std::function<int64_t()> steady_ns;     // nanoseconds since some fixed moment
    static ClockSource system();
};

// The event clock: real time, or a chosen moment (--at) running at a chosen speed
// (--clock-speed).
//
// Real time follows the wall clock, so that every screen shows the same "now" and the same
// loop slide (screens/loop.h). A Raspberry Pi boots with a wrong time and NTP steps it later;
// the clock takes such steps in one of two ways:
//   - small (at most kStepMs): followed smoothly, the monotonic clock's rate adjusted by at
//     most kSlewRate, so time never runs backwards and never jumps;
//   - larger, either way: the clock re-anchors on the wall clock at once and counts a step.
//     steps() is how many so far; within one count the time never decreases. The display app
//     treats a new count as a discontinuity (redraws at once, logs it).
// Simulated time (--at, or a speed other than 1) is start + elapsed × speed with elapsed from
// the monotonic clock: it ignores the wall clock after the start.
//
// The clock speaks the time zone of the event shown: the display app sets it each frame
// (set_time_zone), so a content swap to another event brings that event's zone. A start given
// in event local time (--at) is resolved in the zone the clock has, again each time the zone
// changes (counted as a step): --at given while the content is broken at start (zone "UTC")
// becomes the event's local moment once good content arrives.
//
// Reading the clock updates it (slewing, steps); it is read on the render thread only.
class EventClock {
public:
    static constexpr int64_t kStepMs = 1000;  // wall clock changes beyond this are steps
    static constexpr double kSlewRate = 0.1;  // smaller ones: a second caught up in ten

    // start_utc_ms: the moment a simulated clock starts at; unset with speed 1: real time
    // (unset with another speed: the wall clock's time now). speed: event seconds per real
    // second.
    EventClock(std::string time_zone, std::optional<int64_t> start_utc_ms = std::nullopt, double speed = 1.0,
               ClockSource source = ClockSource::system());
    // Simulated from a moment in event local time (--at), resolved in the clock's zone.
    EventClock(std::string time_zone, const LocalDateTime& start_local, double speed = 1.0,
               ClockSource source = ClockSource::system());

    int64_t now_utc_ms();
    LocalDateTime now_local();
    // utc_ms in the clock's zone (UTC's local time in an unknown zone).
    LocalDateTime local(int64_t utc_ms);
    const std::string& time_zone() const { return time_zone_; }
    void set_time_zone(const std::string& time_zone);
    double speed() const { return speed_; }  // event seconds per real second; 0 when frozen
    uint64_t steps() const { return steps_; }
    // Stops the clock at its start (real time: at the wall clock's time now): previews
    // (`majlis render --at`) show exactly that moment, however long rendering takes.
    void freeze();

private:
    void resolve_start_local();
    ClockSource source_;
    std::string time_zone_;
    bool simulated_ = false;
    int64_t start_utc_ms_ = 0;                  // simulated: the start
    std::optional<LocalDateTime> start_local_;  // simulated from --at: start_utc_ms_ follows the zone
    int64_t start_steady_ns_ = 0;               // simulated: the monotonic clock at the start
    int64_t offset_ns_ = 0;                     // real: shown time = steady + offset
    int64_t last_steady_ns_ = 0;                // real: at the last reading (slewing)
    double speed_ = 1.0;
    uint64_t steps_ = 0;
    ZoneCalendar calendar_;
};

// Days since 1970-01-01 (proleptic Gregorian).
int64_t days_from_civil(const Date& date);
// Seconds from the midnight that begins `date` to `now`: negative before that date, 86400 and
// more on later dates. A session of `date` runs while start * 60 <= this < end * 60, also
// after midnight when its end is past 24:00.
int64_t seconds_since(const Date& date, const LocalDateTime& now);

// What is on in a hall at `now`, and what comes next (today or later), leaving out sessions
// cancelled live. Pointers into `event`.
struct NowNext {
    const Session* now = nullptr;
    const Session* next = nullptr;
};
// `moved_away`: the hall's sessions moved live to another hall count too (a room sign says
// where they went).
NowNext now_next(const Event& event, std::string_view hall_id, const LocalDateTime& now, bool moved_away = false);
// The day to show as "today": the event day matching now's date, else the next one, else the last.
const Day* today(const Event& event, const LocalDateTime& now);
// Announcements valid at `now` and whose dayparts hold there in `hall_id` ("" = the whole
// venue: see day_phase), in file order.
std::vector<const Announcement*> active_announcements(const Event& event, const LocalDateTime& now,
                                                      std::string_view hall_id = {});

// Where now's date stands in a hall (DayPhase), from the day's sessions there that are not
// cancelled live ("" = every hall of the venue). The day's span runs from the first start to
// the last end of its sessions other than breaks (a morning coffee before the opening is still
// "before"); within it, "sessions" while one of them is on (start inclusive, end exclusive, as
// now_next counts), else "breaks" (a gap, or a session of kind break). Nullopt on a date with
// no such sessions in the hall: then no `during` holds.
std::optional<DayPhase> day_phase(const Event& event, std::string_view hall_id, const LocalDateTime& now);
// The items of `playlist` whose dayparts hold at `now` in `hall_id`, in playlist order.
std::vector<const Slide*> active_slides(const Event& event, const std::vector<Slide>& playlist,
                                        std::string_view hall_id, const LocalDateTime& now);
// Seconds from `now` to the next moment at which a daypart of `playlist` may start or stop
// holding: a `from` or `until`, a start or end of a session in the hall, or midnight; nullopt
// when no item has dayparts. (All are whole minutes: a screen that redraws each minute, like
// the lobby for its announcements, needs no more.)
std::optional<int> next_daypart_change_in(const Event& event, const std::vector<Slide>& playlist,
                                          std::string_view hall_id, const LocalDateTime& now);

//-----------------------------------------------------------------------------
// [SECTION] Live content
//-----------------------------------------------------------------------------
// Watches a content folder and reloads it on a worker thread after changes settle (editor saves,
// `cp` in progress, rsync temp files). A new version replaces the current one only when it loads
// with no errors; the render thread picks it up with current() at the start of a frame (one
// pointer swap). While the folder is broken, the last good version stays on screen, the errors
// are logged once with their positions, and broken() is true so screens can show operators a
// small marker.
//
// Changes are seen two ways, always both: inotify (at once), and a check of the folder's
// signature (every entry's name, type, inode, size and times; no contents read) every poll_ms.
// The check is what sees changes on NFS and SMB shares, where inotify reports no writes made by
// other machines, and it is what keeps live reload going when inotify is unavailable (limits
// reached, a container without it) or fails while running: then watching() says Polling, which
// is logged once as an error and shown with the operator's marker (needs_operator()) until
// restart. A reload comes at the latest max_wait_ms after the first change it waits for, even
// while a writer never pauses; a half-written folder then simply fails validation (the last good
// version stays) or is replaced again by the next reload.
class LiveContent {
public:
    struct Config {
        std::string dir;
        LoadOptions options;
        int settle_ms = 300;         // quiet time after the last change before reloading
        int max_wait_ms = 10000;     // a reload comes at most this long after the first change
        int poll_ms = 5000;          // how often the folder's signature is checked
        bool use_inotify = true;     // false: as if inotify were unavailable (tests)
        // false: only reload_now() reloads. For a folder that changes only by an atomic swap
        // whose maker calls reload_now() (a player's bundle cache, fleet/sync.h): the swap's own
        // events, and the link counts its cleaning changes under the shown files, would each
        // reload the same content once more.
        bool follow_changes = true;
        // With follow_changes, a schedule URL in event.toml (schedule_fetch.h) is fetched into the
        // folder on a thread of its own: at once when the URL is new, then every `poll` (±10 %);
        // a new copy or a new fetch problem reloads at once. 0: event.toml's poll; tests set it.
        int schedule_poll_ms = 0;
        // Not empty: a folder that is not there yet at start is no error; this is logged once
        // (info) instead (a player before its first bundle: "waiting for its first bundle from ...").
        std::string missing_note;
    };
    // How changes are seen. Inotify: at once (and by the signature check). Polling: only by the
    // signature check, within poll_ms (inotify unavailable or failed; stays so until restart).
    // Stopped: not at all, until restart (the worker could not start).
    enum class Watching { Inotify, Polling, Stopped };
    LiveContent(Config config, Log& log);
    ~LiveContent();                  // stops the worker
    LiveContent(const LiveContent&) = delete;
    LiveContent& operator=(const LiveContent&) = delete;

    std::shared_ptr<const Event> current() const;   // null only if the first load failed
    bool broken() const { return broken_.load(); }  // the folder has errors now
    Watching watching() const { return watching_.load(); }
    // The operator's marker shows: the folder has errors, or changes are not seen at once.
    bool needs_operator() const { return broken() || watching() != Watching::Inotify; }
    // Increments on each swap: 1 after a good first load, 0 while nothing was ever loaded.
    uint64_t generation() const { return generation_.load(); }
    std::vector<Diagnostic> last_diagnostics() const;  // of the latest load, good or not

    // Called by the worker when a new version was swapped in (optional; e.g. to wake the
    // render loop). Runs on the worker thread. Set it right after construction, before the
    // folder can change. (Config::options.coverage is called on the worker thread too, so it
    // must be safe to call while the render thread draws.)
    std::function<void()> on_change;

    // Blocks until the worker has read every change made so far and finished the reload that
    // covers it (tests). False on timeout.
    bool wait_idle(int timeout_ms);

    // Asks the worker to reload the folder now, without waiting for changes or their settle time
    // (the operator's SIGHUP: the frame loop calls it). Returns at once; thread-safe, not
    // async-signal-safe. Counts as a change, so wait_idle() afterwards waits for that reload.
    void reload_now();

private:
    void run();
    // One load; false: the folder changed meanwhile and the result was dropped (never when
    // `keep` is set: the wait is over, whatever was loaded counts).
    bool reload(bool keep);
    void apply(LoadResult result, bool initial);
    void stop_inotify(const std::string& why);  // Inotify -> Polling, logged
    void fetch_schedules();                     // the fetcher thread (schedule_fetch.h)
    Config config_;
    Log& log_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Event> current_;
    std::vector<Diagnostic> diagnostics_;
    std::atomic<bool> broken_{false};
    std::atomic<Watching> watching_{Watching::Inotify};
    std::atomic<uint64_t> generation_{0};
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> changes_seen_{0}, changes_done_{0};
    std::atomic<uint64_t> sync_asked_{0}, sync_done_{0};  // wait_idle: "read every event queued so far"
    std::atomic<bool> reload_asked_{false};             // reload_now(): reload without settling
    std::condition_variable idle_cv_;                   // with mutex_: counters moved
    int inotify_fd_ = -1;
    int wake_fd_ = -1;               // eventfd to wake the worker (stop, wait_idle, reload_now)
    struct Watches;                  // the worker's inotify watches and signature (live.cpp)
    std::unique_ptr<Watches> watches_;
    std::thread worker_;
    std::thread fetcher_;
    std::condition_variable fetcher_cv_;  // with mutex_: stop_ set
};

}  // namespace majlis::content
