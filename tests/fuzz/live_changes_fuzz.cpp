// Fuzz target: the JSON body of live session changes and announcements (app/content/
// live_changes.h), as a screen takes it from the broker: parse_live_changes on the bytes, then
// what parses is written back (to_json) and applied to the demo event (loaded once) at 10:45 on
// the summit day, with the demo's fingerprints in the seeds so that changes reach the sessions.
//
// Fails (aborts) on a crash, a sanitizer report, an exception, or a broken contract: a refusal
// always says why; what parses writes back into JSON that parses to the same value; applying
// never changes the event it is given, keeps each day's sessions in order of start with every
// start before its end within the day, drops only with a reason, and adds no more
// announcements (to the ticker, and as slides to the loop) than there are.
//
// Built as live_changes_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as live_changes_replay (every
// build; ctest replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "content/content.h"
#include "content/live_changes.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace majlis::content;

namespace {

using majlis::fuzz::check;

const Event& demo() {
    static const std::shared_ptr<const Event> ev = [] {
        LoadResult r = load_event(std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025");
        check(r.ok(), "the demo event does not load");
        return r.event;
    }();
    return *ev;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    std::string error;
    const std::optional<LiveChanges> changes = parse_live_changes(json, error);
    if (!changes) {
        check(!error.empty(), "a refusal without a reason");
        return 0;
    }
    const std::optional<LiveChanges> again = parse_live_changes(to_json(*changes), error);
    check(again.has_value(), "to_json wrote what parse refuses");
    check(*again == *changes, "to_json and parse disagree");

    const Event& ev = demo();
    const std::string before = session_fingerprint(ev.days.front().sessions.front());
    std::vector<DroppedChange> dropped;
    const int64_t now = 1759988700000;  // 2025-10-09T10:45 in Dushanbe
    const auto applied = apply_live_changes(ev, *changes, now, &dropped);
    check(applied != nullptr, "no event");
    check(session_fingerprint(ev.days.front().sessions.front()) == before, "the event given was changed");
    check(dropped.size() <= changes->sessions.size(), "more dropped than there were");
    for (const DroppedChange& d : dropped) check(!d.reason.empty() && !d.session.empty(), "dropped without a reason");
    for (const Day& day : applied->days) {
        for (size_t i = 0; i < day.sessions.size(); ++i) {
            const Session& s = day.sessions[i];
            // A delay stops the start at 23:59; the end may run past midnight, less than a day later.
            check(s.start.value >= 0 && s.start.value < 24 * 60 && s.start < s.end &&
                      s.end.value - s.start.value < 24 * 60,
                  "a session outside its day");
            check(i == 0 || !(s.start < day.sessions[i - 1].start), "sessions out of order");
            check(!s.live.moved || applied->hall(s.hall), "moved to a hall the event lacks");
        }
    }
    check(applied->announcements.size() <= ev.announcements.size() + changes->announcements.size(), "announcements");
    check(applied->playlist.size() <= ev.playlist.size() + 1 + changes->announcements.size(), "slides");
    return 0;
}
