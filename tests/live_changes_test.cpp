// Live session changes and announcements (app/content/live_changes.h): the JSON body read
// exactly and every refusal with its reason, written back to the same value, the sessions'
// fingerprints, and the demo event with changes applied (times shifted and re-sorted, halls
// changed, flags set, announcements valid now added to the ticker and the loop; a change made
// against another version of a session, or for a session or hall the event lacks, dropped).
#include "content/content.h"
#include "content/live_changes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace majlis;
using namespace majlis::content;

namespace {

const std::string kDemo = std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025";

std::shared_ptr<const Event> demo() {
    static std::shared_ptr<const Event> ev = [] {
        const LoadResult r = load_event(kDemo);
        EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].format());
        return r.event;
    }();
    return ev;
}

const Session* find(const Event& ev, const std::string& id) {
    for (const Day& d : ev.days)
        for (const Session& s : d.sessions)
            if (s.id == id) return &s;
    return nullptr;
}

std::string fingerprint(const std::string& id) { return session_fingerprint(*find(*demo(), id)); }

int64_t utc_at(const std::string& local) {
    int64_t u = 0;
    EXPECT_TRUE(local_to_utc(*parse_local_date_time(local), demo()->time_zone, u));
    return u;
}

//-----------------------------------------------------------------------------
// The JSON body
//-----------------------------------------------------------------------------

TEST(LiveChangesJson, ReadsTheDocumentedBodyExactly) {
    std::string error;
    const auto c = parse_live_changes(R"({"sessions":[{"session":"statements","based_on":"0123456789abcdef",
        "delay_minutes":20,"hall":"banquet-hall","full":true,"cancelled":false}],
        "announcements":[{"id":"lunch","text":{"ar":"الغداء","en":"Lunch is served"},"from":1000,"until":2000}]})",
                                      error);
    ASSERT_TRUE(c) << error;
    EXPECT_EQ(error, "");
    ASSERT_EQ(c->sessions.size(), 1u);
    EXPECT_EQ(c->sessions[0], (SessionChange{"statements", "0123456789abcdef", 20, "banquet-hall", true, false}));
    ASSERT_EQ(c->announcements.size(), 1u);
    const LiveAnnouncement& a = c->announcements[0];
    EXPECT_EQ(a.id, "lunch");
    EXPECT_EQ(a.text, (std::map<std::string, std::string>{{"ar", "الغداء"}, {"en", "Lunch is served"}}));
    EXPECT_EQ(a.from_ms, 1000);
    EXPECT_EQ(a.until_ms, 2000);
    // Written back: the same value, the defaults left out.
    EXPECT_EQ(to_json(*c),
              R"({"announcements":[{"from":1000,"id":"lunch","text":{"ar":"الغداء","en":"Lunch is served"},"until":2000}],)"
              R"("sessions":[{"based_on":"0123456789abcdef","delay_minutes":20,"full":true,"hall":"banquet-hall","session":"statements"}]})");
    const auto again = parse_live_changes(to_json(*c), error);
    ASSERT_TRUE(again) << error;
    EXPECT_EQ(*again, *c);
    // Both lists are optional.
    const auto none = parse_live_changes("{}", error);
    ASSERT_TRUE(none) << error;
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(to_json(*none), "{}");
}

TEST(LiveChangesJson, RefusesEverythingElseSayingWhere) {
    const std::string fp = "0123456789abcdef";
    auto session = [&](const std::string& fields) {
        return R"({"sessions":[{"session":"opening","based_on":")" + fp + "\"" + fields + "}]}";
    };
    auto announcement = [](const std::string& fields) { return R"({"announcements":[{"id":"a")" + fields + "}]}"; };
    const std::pair<std::string, std::string> cases[] = {
        {"", "not JSON"},
        {"[1]", "not a JSON object"},
        {R"({"sessions":[],"extra":1})", "extra is not a known field"},
        {R"({"sessions":{}})", "sessions is not a list"},
        {R"({"sessions":[1]})", "sessions[0] is not an object"},
        {R"({"sessions":[{"based_on":"0123456789abcdef","full":true}]})", "sessions[0].session is missing"},
        {R"({"sessions":[{"session":"Opening!","based_on":"0123456789abcdef","full":true}]})",
         "sessions[0].session is not an id (1 to 64 lower-case letters, digits and '-')"},
        {R"({"sessions":[{"session":"opening","full":true}]})", "sessions[0].based_on is missing"},
        {R"({"sessions":[{"session":"opening","based_on":"0123456789ABCDEF","full":true}]})",
         "sessions[0].based_on is not a session fingerprint (16 lower-case hex digits)"},
        {session(R"(,"delay_minutes":721)"), "sessions[0].delay_minutes is out of range (0 to 720)"},
        {session(R"(,"delay_minutes":-5)"), "sessions[0].delay_minutes is out of range (0 to 720)"},
        {session(R"(,"delay_minutes":2.5)"), "sessions[0].delay_minutes is not a whole number"},
        {session(R"(,"delay_minutes":"20")"), "sessions[0].delay_minutes is not a whole number"},
        {session(R"(,"hall":"")"), "sessions[0].hall is not an id (1 to 64 lower-case letters, digits and '-')"},
        {session(R"(,"full":1)"), "sessions[0].full is not true or false"},
        {session(R"(,"cancelled":null)"), "sessions[0].cancelled is not true or false"},
        {session(R"(,"moved":true)"), "sessions[0].moved is not a known field"},
        {session(""), "sessions[0] changes nothing (a delay, a hall, full or cancelled)"},
        {session(R"(,"delay_minutes":0,"full":false)"), "sessions[0] changes nothing (a delay, a hall, full or cancelled)"},
        {R"({"sessions":[{"session":"opening","based_on":"0123456789abcdef","full":true},)"
         R"({"session":"opening","based_on":"0123456789abcdef","cancelled":true}]})",
         "sessions[1].session 'opening' is changed twice"},
        {announcement(""), "announcements[0].text is missing"},
        {announcement(R"(,"text":{})"), "announcements[0].text is not an object of 1 to 16 languages"},
        {announcement(R"(,"text":"hello")"), "announcements[0].text is not an object of 1 to 16 languages"},
        {announcement(R"(,"text":{"english":"x"})"), "announcements[0].text.english is not a language code"},
        {announcement(R"(,"text":{"en":7})"), "announcements[0].text.en is not a string"},
        {announcement(R"(,"text":{"en":""})"), "announcements[0].text.en is empty"},
        {announcement(R"(,"text":{"en":"a\nb"})"), "announcements[0].text.en holds control characters"},
        {announcement(R"(,"text":{"en":"x"},"from":-1)"), "announcements[0].from is out of range (0 to 9007199254740992)"},
        {announcement(R"(,"text":{"en":"x"},"from":5,"until":5)"), "announcements[0].until is not after from"},
        {R"({"announcements":[{"text":{"en":"x"}}]})", "announcements[0].id is missing"},
        {R"({"announcements":[{"id":"a","text":{"en":"x"}},{"id":"a","text":{"en":"y"}}]})",
         "announcements[1].id 'a' is used twice"},
        {"{\"announcements\":[{\"id\":\"a\",\"text\":{\"en\":\"\xC3\x28\"}}]}", "not JSON"},  // broken UTF-8
        {R"({"announcements":[{"id":"a","text":{"en":")" + std::string(kMaxLiveTextBytes + 1, 'x') + R"("}}]})",
         "announcements[0].text.en is longer than 1024 bytes"},
    };
    for (const auto& [json, why] : cases) {
        std::string error;
        EXPECT_FALSE(parse_live_changes(json, error)) << json;
        EXPECT_EQ(error, why) << json;
    }
    std::string big = R"({"announcements":[{"id":"a","text":{"en":")" + std::string(kMaxLiveChangesBytes, 'x') + R"("}}]})";
    std::string error;
    EXPECT_FALSE(parse_live_changes(big, error));
    EXPECT_EQ(error, "live changes of " + std::to_string(big.size()) + " bytes (at most 262144)");
    std::string many = R"({"sessions":[)";
    for (size_t i = 0; i <= kMaxSessionChanges; ++i)
        many += std::string(i ? "," : "") + R"({"session":"s)" + std::to_string(i) + R"(","based_on":"0123456789abcdef","full":true})";
    many += "]}";
    EXPECT_FALSE(parse_live_changes(many, error));
    EXPECT_EQ(error, "sessions has more than 500 entries");
}

//-----------------------------------------------------------------------------
// Fingerprints
//-----------------------------------------------------------------------------

TEST(LiveChangesFingerprint, ChangesWithWhatTheBundleSaysAboutTheSessionOnly) {
    const Session& s = *find(*demo(), "statements");
    const std::string fp = session_fingerprint(s);
    EXPECT_EQ(fp.size(), 16u);
    EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(fp, session_fingerprint(*find(*demo(), "opening")));
    auto changed = [&](auto edit) {
        Session copy = s;
        edit(copy);
        return session_fingerprint(copy);
    };
    EXPECT_NE(changed([](Session& c) { c.start.value += 5; }), fp);
    EXPECT_NE(changed([](Session& c) { c.end.value += 5; }), fp);
    EXPECT_NE(changed([](Session& c) { c.date.day += 1; }), fp);
    EXPECT_NE(changed([](Session& c) { c.hall = "banquet-hall"; }), fp);
    EXPECT_NE(changed([](Session& c) { c.title.by_lang["en"] += "!"; }), fp);
    EXPECT_NE(changed([](Session& c) { c.title.by_lang["kk"] = "x"; }), fp);
    // Not what the bundle says of it apart from that (speakers, description) ...
    EXPECT_EQ(changed([](Session& c) { c.speakers.clear(); }), fp);
    EXPECT_EQ(changed([](Session& c) { c.description.by_lang.clear(); }), fp);
    // ... and not what live changes made of it: the applied event's session has the bundle's.
    LiveChanges lc;
    lc.sessions.push_back({"statements", fp, 20, "banquet-hall", true, false});
    const auto applied = apply_live_changes(*demo(), lc, 0);
    EXPECT_EQ(session_fingerprint(*find(*applied, "statements")), fp);
}

//-----------------------------------------------------------------------------
// Applying
//-----------------------------------------------------------------------------

TEST(LiveChangesApply, ShiftsMovesAndFlagsSessionsAndDropsWhatDoesNotMatch) {
    LiveChanges lc;
    lc.sessions = {
        {"statements", fingerprint("statements"), 20, "", false, false},
        {"press-statement", fingerprint("press-statement"), 0, "banquet-hall", false, false},
        {"chair-address", fingerprint("chair-address"), 0, "", false, true},
        {"working-lunch", fingerprint("working-lunch"), 0, "", true, false},
        {"opening", "0000000000000000", 10, "", false, false},             // made against another version
        {"gala", fingerprint("opening"), 0, "", true, false},             // no such session
        {"closing", fingerprint("closing"), 0, "ballroom", false, false},  // no such hall
        {"media-briefing", fingerprint("media-briefing"), 360, "", false, false},  // runs past midnight
    };
    std::vector<DroppedChange> dropped;
    const auto ev = apply_live_changes(*demo(), lc, 0, &dropped);
    ASSERT_TRUE(ev);
    ASSERT_EQ(dropped.size(), 3u);
    EXPECT_EQ(dropped[0].format(),
              "live change of session 'opening' dropped: the bundle changed the session since the change was made");
    EXPECT_EQ(dropped[1].format(), "live change of session 'gala' dropped: the event has no such session (any more)");
    EXPECT_EQ(dropped[2].format(), "live change of session 'closing' dropped: the event has no hall 'ballroom'");

    const Session& st = *find(*ev, "statements");
    EXPECT_EQ(st.start.value, 11 * 60 + 20);
    EXPECT_EQ(st.end.value, 12 * 60 + 40);
    EXPECT_EQ(st.live.delay_minutes, 20);
    EXPECT_EQ(st.live.bundle_start.value, 11 * 60);
    EXPECT_EQ(st.live.bundle_end.value, 12 * 60 + 20);
    EXPECT_FALSE(st.live.moved);
    EXPECT_EQ(st.hall, "sarazm");

    const Session& ps = *find(*ev, "press-statement");
    EXPECT_EQ(ps.hall, "banquet-hall");
    EXPECT_TRUE(ps.live.moved);
    EXPECT_EQ(ps.live.bundle_hall, "press-centre");
    EXPECT_EQ(ps.start.value, 13 * 60);

    EXPECT_TRUE(find(*ev, "chair-address")->live.cancelled);
    EXPECT_TRUE(find(*ev, "working-lunch")->live.full);
    EXPECT_FALSE(find(*ev, "opening")->live.any());
    EXPECT_FALSE(find(*ev, "closing")->live.any());
    const Session& mb = *find(*ev, "media-briefing");  // 17:45-18:15 + 6 h: 23:45-00:15, still on its day
    EXPECT_EQ(mb.start.value, 23 * 60 + 45);
    EXPECT_EQ(mb.end.value, 24 * 60 + 15);

    // The day's sessions by their new start: the statements (11:20) still come before the
    // adoption (12:20), the briefing stays last: the order is the bundle's.
    std::vector<std::string> order;
    for (const Session& s : ev->days[0].sessions) order.push_back(s.id);
    std::vector<std::string> expected;
    for (const Session& s : demo()->days[0].sessions) expected.push_back(s.id);
    EXPECT_EQ(order, expected);

    // Now and next: the cancelled address is neither; the statements come at 11:20.
    const NowNext nn = now_next(*ev, "sarazm", *parse_local_date_time("2025-10-09T10:45"));
    EXPECT_EQ(nn.now, nullptr);
    ASSERT_NE(nn.next, nullptr);
    EXPECT_EQ(nn.next->id, "statements");
    // The moved session is next in its new hall, and for the old hall only when asked for.
    const LocalDateTime noon = *parse_local_date_time("2025-10-09T12:50");
    ASSERT_TRUE(now_next(*ev, "banquet-hall", noon).next);
    EXPECT_EQ(now_next(*ev, "banquet-hall", noon).next->id, "press-statement");
    EXPECT_EQ(now_next(*ev, "press-centre", noon).next->id, "media-briefing");
    EXPECT_EQ(now_next(*ev, "press-centre", noon, true).next->id, "press-statement");
    // The event itself is untouched.
    EXPECT_FALSE(find(*demo(), "statements")->live.any());
    EXPECT_EQ(find(*demo(), "statements")->start.value, 11 * 60);
}

TEST(LiveChangesApply, ADelayPastTheNextSessionReordersTheDay) {
    LiveChanges lc;
    lc.sessions = {{"opening", fingerprint("opening"), 45, "", false, false}};  // 10:30 -> 11:15
    const auto ev = apply_live_changes(*demo(), lc, 0);
    std::vector<std::string> order;
    for (const Session& s : ev->days[0].sessions) order.push_back(s.id);
    const auto at = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
    EXPECT_LT(at("chair-address"), at("opening"));
    EXPECT_LT(at("statements"), at("opening"));
    EXPECT_LT(at("opening"), at("adoption"));
}

TEST(LiveChangesApply, AnnouncementsValidNowJoinTheTickerAndTheLoop) {
    LiveChanges lc;
    const int64_t ten = utc_at("2025-10-09T10:00"), eleven = utc_at("2025-10-09T11:00");
    lc.announcements = {
        {"always", {{"en", "Welcome"}}, std::nullopt, std::nullopt},
        {"morning", {{"en", "Coffee"}, {"ru", "Кофе"}}, ten, eleven},
        {"later", {{"en", "Lunch"}}, eleven, std::nullopt},
    };
    const size_t slides = demo()->playlist.size(), bundle = demo()->announcements.size();
    const auto ev = apply_live_changes(*demo(), lc, utc_at("2025-10-09T10:30"));
    ASSERT_EQ(ev->announcements.size(), bundle + 2);
    const Announcement& morning = ev->announcements[bundle + 1];
    EXPECT_EQ(morning.id, "morning");
    EXPECT_EQ(morning.text.by_lang.at("ru"), "Кофе");
    ASSERT_TRUE(morning.valid_from && morning.valid_until);
    EXPECT_EQ(*morning.valid_from, *parse_local_date_time("2025-10-09T10:00"));  // the event's local time
    EXPECT_EQ(*morning.valid_until, *parse_local_date_time("2025-10-09T11:00"));
    // In the ticker at 10:30 with the bundle's own.
    std::vector<std::string> active;
    for (const Announcement* a : active_announcements(*ev, *parse_local_date_time("2025-10-09T10:30"))) active.push_back(a->id);
    EXPECT_NE(std::find(active.begin(), active.end(), "morning"), active.end());
    EXPECT_NE(std::find(active.begin(), active.end(), "always"), active.end());
    // In the loop: after the playlist.
    ASSERT_EQ(ev->playlist.size(), slides + 2);
    EXPECT_EQ(ev->playlist[slides].kind, SlideKind::Announcement);
    EXPECT_EQ(ev->playlist[slides].text.by_lang.at("en"), "Welcome");
    // And after each named playlist (screens.toml gives them to screens: the demo's press wall).
    const size_t press = demo()->playlists.at("press").size();
    ASSERT_EQ(ev->playlists.at("press").size(), press + 2);
    EXPECT_EQ(ev->playlists.at("press")[press].text.by_lang.at("en"), "Welcome");
    EXPECT_EQ(ev->playlists.at("press")[press + 1].text.by_lang.at("en"), "Coffee");
    // Applied again when the next one starts or ends.
    EXPECT_EQ(next_live_change_at(lc, utc_at("2025-10-09T10:30")), eleven);
    EXPECT_EQ(next_live_change_at(lc, eleven), std::nullopt);
    const auto later = apply_live_changes(*demo(), lc, eleven);
    ASSERT_EQ(later->announcements.size(), bundle + 2);
    EXPECT_EQ(later->announcements[bundle + 1].id, "later");
    // An empty playlist kept its title slide first.
    Event empty = *demo();
    empty.playlist.clear();
    const auto with = apply_live_changes(empty, lc, eleven);
    ASSERT_EQ(with->playlist.size(), 3u);
    EXPECT_EQ(with->playlist[0].kind, SlideKind::Title);
}

}  // namespace
