// Schedule exports (content/schedule.h): frab schedule.xml and c3voc/pretalx schedule.json read
// into the content model. Tiny exports and their exact model, written out as text (one line per
// hall, session and participant), every refusal at its line and column (XML) or JSON pointer,
// the mapping problems as warnings; a content folder naming an export in event.toml with the
// TOML's overrides; `majlis import` and the folder it writes passing `check`.
#include <gtest/gtest.h>

#include "content/content.h"
#include "content/schedule.h"
#include "core/log.h"
#include "test_support.h"

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace majlis::content;
using majlis::testing::read_file;
using majlis::testing::TempFolder;
using majlis::testing::write_file;

namespace {

const std::string kData = std::string(MAJLIS_TEST_DATA_DIR) + "/schedules/";

std::string fmt(const Date& d) {
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", d.year, d.month, d.day);
    return b;
}
std::string fmt(Minutes m) {
    char b[24];  // room for any int the compiler can imagine
    std::snprintf(b, sizeof b, "%02d:%02d", m.value / 60, m.value % 60);
    return b;
}
std::string fmt(const LocalText& t) {
    std::string out;
    for (const auto& [lang, s] : t.by_lang) out += " " + lang + "=" + s;
    return out;
}
std::string fmt(const SourcePos& p) {
    return p.line ? ":" + std::to_string(p.line) + ":" + std::to_string(p.column) : std::string();
}

// The model as lines: what the tests compare exactly.
std::string dump_sessions(const std::vector<Day>& days) {
    std::string out;
    for (const Day& d : days) {
        out += "day " + fmt(d.date) + fmt(d.title) + "\n";
        for (const Session& s : d.sessions) {
            out += "  " + s.id + " " + fmt(s.start) + "-" + fmt(s.end) + " " + s.hall + " " +
                   session_kind_name(s.kind) + fmt(s.pos) + " |" + fmt(s.title);
            if (!s.subtitle.empty()) out += " | subtitle" + fmt(s.subtitle);
            if (!s.description.empty()) out += " | description" + fmt(s.description);
            if (!s.speakers.empty()) {
                out += " | speakers";
                for (const std::string& id : s.speakers) out += " " + id;
            }
            if (!s.track.empty()) out += " | track " + s.track;
            if (!s.language.empty()) out += " | language " + s.language;
            if (!s.url.empty()) out += " | url " + s.url;
            out += "\n";
        }
    }
    return out;
}
std::string dump_halls(const std::vector<Hall>& halls) {
    std::string out;
    for (const Hall& h : halls) out += "hall " + h.id + fmt(h.pos) + " |" + fmt(h.name) + "\n";
    return out;
}
std::string dump_participants(const std::vector<Participant>& people) {
    std::string out;
    for (const Participant& p : people) {
        out += "participant " + p.id + " " + std::to_string(p.protocol_order) + " |" + fmt(p.name);
        if (!p.title.empty()) out += " | title" + fmt(p.title);
        if (!p.biography.empty()) out += " | biography" + fmt(p.biography);
        if (!p.avatar_url.empty()) out += " | avatar " + p.avatar_url;
        out += "\n";
    }
    return out;
}
std::string dump_diagnostics(const std::vector<Diagnostic>& diags) {
    std::string out;
    for (const Diagnostic& d : diags) out += d.format() + "\n";
    return out;
}

std::string dump(const Schedule& s) {
    std::string out = dump_diagnostics(s.diagnostics);
    if (!s.ok()) return out;
    out += "event " + s.id + fmt(s.title) + " " + (s.start_date ? fmt(*s.start_date) : "-") + " " +
           (s.end_date ? fmt(*s.end_date) : "-") + " " + s.time_zone + "\n";
    return out + dump_halls(s.halls) + dump_sessions(s.days) + dump_participants(s.participants);
}

Schedule parse(const std::string& text, const std::string& file, const std::string& zone = "",
               const std::string& lang = "") {
    ScheduleOptions o;
    o.file = file;
    o.time_zone = zone;
    o.lang = lang;
    return parse_schedule(text, o);
}
std::string xml(const std::string& text, const std::string& zone = "") { return dump(parse(text, "s.xml", zone)); }
std::string json(const std::string& text, const std::string& zone = "") { return dump(parse(text, "s.json", zone)); }

// A frab document around `days` (<day> elements).
std::string frab(const std::string& days, const std::string& conference_extra = "") {
    return "<schedule>\n<conference><acronym>t</acronym><title>T</title>" + conference_extra + "</conference>\n" +
           days + "</schedule>\n";
}
// One frab <event> (its id, start, duration and the rest as given).
std::string frab_event(const std::string& id, const std::string& date, const std::string& duration,
                       const std::string& extra = "") {
    return "<event id=\"" + id + "\"><title>E" + id + "</title><date>" + date + "</date><duration>" + duration +
           "</duration>" + extra + "</event>";
}

// A c3voc document with one day of `rooms` (the JSON object's members).
std::string c3voc(const std::string& rooms, const std::string& conference_extra = "") {
    return R"({"schedule": {"version": "1", "conference": {"acronym": "t", "title": "T")" + conference_extra +
           R"(, "days": [{"index": 1, "date": "2026-12-27", "rooms": {)" + rooms + "}}]}}}";
}

//-----------------------------------------------------------------------------
// frab schedule.xml
//-----------------------------------------------------------------------------

// Three days, three rooms (one Cyrillic), a session past midnight and one across it, Arabic,
// Cyrillic and German names, entities (double-escaped, numeric), optional fields left out; the
// times carry +01:00 only, so the zone is Etc/GMT-1. A session is on the date it starts (104 at
// 01:00 is on the 28th, though frab lists it under the 27th); texts are keyed by the session's
// language, names by the default ("en").
TEST(ScheduleXml, CongressExport) {
    EXPECT_EQ(dump(parse(read_file(kData + "congress.xml"), "congress.xml")),
              "event mjc26 en=Majlis Congress 2026 2026-12-27 2026-12-29 Etc/GMT-1\n"
              "hall saal-1:16:5 | en=Saal 1\n"
              "hall kinozal:73:5 | en=Кинозал\n"
              "hall zuse:123:5 | en=Zuse\n"
              "day 2026-12-27\n"
              "  101 10:30-11:00 saal-1 ceremony:17:7 | en=Opening | description en=Welcome to the congress. | speakers 7 8 | track Ceremonies | language en\n"
              "  102 11:00-12:00 saal-1 other:35:7 | de=Rock & Roll \u2013 the <history> | subtitle de=Three chords \u00a0and the truth | description de=A talk in two parts:\n1. chords\n2. truth | speakers 9 | track Culture | language de | url https://events.example.org/mjc26/talk/102\n"
              "  103 23:30-24:30 saal-1 other:59:7 | en=Late night lightning talks | language en\n"
              "day 2026-12-28\n"
              "  104 01:00-02:30 kinozal other:74:7 | ru=Кино после полуночи | description ru=Фильм и обсуждение. | speakers 7 | language ru\n"
              "  201 10:00-10:30 saal-1 break:94:7 | en=Coffee break\n"
              "  202 10:30-11:15 saal-1 other:106:7 | ar=مستقبل الخط العربي | subtitle ar=الحرف والشاشة | description ar=محاضرة عن الخط العربي على الشاشات. | speakers 8 | track Culture | language ar\n"
              "  203 14:00-16:00 zuse other:124:7 | en=Workshop: soldering | speakers 9 7 | track Hardware | language en\n"
              "day 2026-12-29\n"
              "  301 17:00-17:45 saal-1 ceremony:145:7 | en=Closing | speakers 7 8 | track Ceremonies | language en\n"
              "participant 7 0 | en=Анна Петрова\n"
              "participant 8 0 | en=ليلى الفاسي\n"
              "participant 9 0 | en=Jürgen Müller\n");
}

// The content's zone wins over the export's offset: +01:00 times in Asia/Dushanbe (+05:00).
TEST(ScheduleXml, PlacedInTheContentsZone) {
    EXPECT_EQ(xml(frab("<day date=\"2026-12-27\"><room name=\"A\">" +
                       frab_event("1", "2026-12-27T20:30:00+01:00", "00:30") + "</room></day>"),
                  "Asia/Dushanbe"),
              "event t en=T 2026-12-28 2026-12-28 Asia/Dushanbe\n"
              "hall a:3:24 | en=A\n"
              "day 2026-12-28\n"
              "  1 00:30-01:00 a other:3:39 | en=E1\n");
}

// time_zone_name (newer frab) is taken; times without an offset are in it.
TEST(ScheduleXml, TimeZoneName) {
    EXPECT_EQ(xml(frab("<day date=\"2026-07-01\"><room name=\"A\"><event id=\"5\"><title>X</title>"
                       "<start>09:15</start><duration>1:05</duration></event></room></day>",
                       "<time_zone_name>Europe/Berlin</time_zone_name>")),
              "event t en=T 2026-07-01 2026-07-01 Europe/Berlin\n"
              "hall a:3:24 | en=A\n"
              "day 2026-07-01\n"
              "  5 09:15-10:20 a other:3:39 | en=X\n");
}

// An unknown zone name is a warning; the offset is used instead.
TEST(ScheduleXml, UnknownTimeZoneName) {
    EXPECT_EQ(xml(frab("<day><room name=\"A\">" + frab_event("1", "2026-12-27T10:00:00+03:00", "00:30") +
                           "</room></day>",
                       "\n<time_zone_name>Europe/Atlantis</time_zone_name>")),
              "s.xml:3:1: warning: unknown time zone 'Europe/Atlantis' (the times' UTC offset is used)\n"
              "event t en=T 2026-12-27 2026-12-27 Etc/GMT-3\n"
              "hall a:4:6 | en=A\n"
              "day 2026-12-27\n"
              "  1 10:00-10:30 a other:4:21 | en=E1\n");
}

TEST(ScheduleXml, HalfHourOffsetNeedsAZone) {
    const std::string doc =
        frab("<day><room name=\"A\">" + frab_event("1", "2026-12-27T10:00:00+05:30", "00:30") + "</room></day>");
    EXPECT_EQ(xml(doc), "s.xml: error: the export names no time zone and its times carry the UTC offset +05:30, which "
                        "no zone has all year: set 'time_zone' in event.toml\n");
    EXPECT_EQ(xml(doc, "Asia/Kolkata"), "event t en=T 2026-12-27 2026-12-27 Asia/Kolkata\n"
                                        "hall a:3:6 | en=A\n"
                                        "day 2026-12-27\n"
                                        "  1 10:00-10:30 a other:3:21 | en=E1\n");
}

TEST(ScheduleXml, NoZoneAndNoOffset) {
    EXPECT_EQ(xml(frab("<day date=\"2026-12-27\"><room name=\"A\"><event id=\"1\"><title>X</title><start>10:00</start>"
                       "<duration>00:30</duration></event></room></day>")),
              "s.xml: error: the export names no time zone and its times carry no UTC offset: set 'time_zone' in "
              "event.toml\n");
}

// Missing optional fields: no subtitle, abstract, track, language, persons; the conference
// without dates takes the sessions'.
TEST(ScheduleXml, OnlyWhatIsRequired) {
    EXPECT_EQ(xml(frab("<day><room name=\"A\">" + frab_event("7", "2026-12-30T10:00:00Z", "00:05") +
                       frab_event("8", "2026-12-31T10:00:00Z", "00:05") + "</room></day>")),
              "event t en=T 2026-12-30 2026-12-31 UTC\n"
              "hall a:3:6 | en=A\n"
              "day 2026-12-30\n"
              "  7 10:00-10:05 a other:3:21 | en=E7\n"
              "day 2026-12-31\n"
              "  8 10:00-10:05 a other:3:119 | en=E8\n");
}

// Room names become ids: transliterated, lower case, '-' for the rest; the same id twice gets a
// number.
TEST(ScheduleXml, HallIds) {
    std::string rooms;
    int id = 1;
    for (const char* name : {"Saal 1", "Saal-1", "Кинозал", "قاعة ٢", "Hall &amp; Foyer", "!!!"})
        rooms += std::string("<room name=\"") + name + "\">" +
                 frab_event(std::to_string(id++), "2026-12-27T10:00:00Z", "00:10") + "</room>";
    const Schedule s = parse(frab("<day>" + rooms + "</day>"), "s.xml");
    EXPECT_EQ(dump_halls(s.halls), "hall saal-1:3:6 | en=Saal 1\n"
                                   "hall saal-1-2:3:131 | en=Saal-1\n"
                                   "hall kinozal:3:256 | en=Кинозал\n"
                                   "hall qa-t-2:3:382 | en=قاعة ٢\n"
                                   "hall hall-foyer:3:507 | en=Hall & Foyer\n"
                                   "hall room:3:642 | en=!!!\n");
}

// Mapping problems are warnings: an event naming another room than the one it is in, an event
// without duration (left out), a person without a name (left out).
TEST(ScheduleXml, MappingProblemsAreWarnings) {
    EXPECT_EQ(xml(frab("<day><room name=\"A\">\n" +
                       frab_event("1", "2026-12-27T10:00:00Z", "00:30", "<room>B</room><persons><person/></persons>") +
                       "\n<event id=\"2\"><title>N</title><date>2026-12-27T11:00:00Z</date></event>\n</room></day>")),
              "s.xml:4:91: warning: event '1' names room 'B' but is in room 'A' (shown in 'A')\n"
              "s.xml:4:114: warning: a <person> without a name (left out)\n"
              "s.xml:5:1: warning: event '2' has no duration (left out)\n"
              "event t en=T 2026-12-27 2026-12-27 UTC\n"
              "hall a:3:6 | en=A\n"
              "day 2026-12-27\n"
              "  1 10:00-10:30 a other:4:1 | en=E1\n");
}

// Errors: at the element's line and column.
TEST(ScheduleXml, Errors) {
    // Malformed XML: pugixml's offset as line and column.
    EXPECT_EQ(xml("<schedule>\n  <conference>\n    <title>T</titel>\n"),
              "s.xml:3:15: error: malformed XML: Start-end tags mismatch\n");
    EXPECT_EQ(xml("<schedule>\n<conference>"), "s.xml:2:12: error: malformed XML: Start-end tags mismatch\n");
    EXPECT_EQ(xml("<programme/>"), "s.xml:1:1: error: the root element must be <schedule>, not <programme>\n");
    EXPECT_EQ(xml("<schedule>\n  <version>1</version>\n</schedule>"),
              "s.xml:1:1: error: <conference> is required in <schedule>\n");
    EXPECT_EQ(xml("<schedule><conference><acronym>x</acronym></conference></schedule>"),
              "s.xml:1:11: error: <title> is required in <conference>\n");
    EXPECT_EQ(xml(frab("<day date=\"2026-13-01\"/>")), "s.xml:3:1: error: <day> date '2026-13-01' is not a date (YYYY-MM-DD)\n");
    EXPECT_EQ(xml(frab("<day><room>" + frab_event("1", "2026-12-27T10:00:00Z", "00:30") + "</room></day>")),
              "s.xml:3:6: error: <room> needs a name\n");
    EXPECT_EQ(xml(frab("<day><room name=\"A\">\n  <event id=\"x1\"><title>T</title></event></room></day>")),
              "s.xml:4:3: error: <event> id 'x1' is not a positive integer\n"
              "s.xml:4:3: error: <event> needs a <date> or a <start>\n");
    EXPECT_EQ(xml(frab("<day><room name=\"A\">\n" + frab_event("1", "2026-12-27T25:00:00Z", "0:30") + "</room></day>")),
              "s.xml:4:32: error: <date> '2026-12-27T25:00:00Z' is not a date-time (YYYY-MM-DDTHH:MM:SS+HH:MM)\n");
    EXPECT_EQ(xml(frab("<day><room name=\"A\">\n" + frab_event("1", "2026-12-27T10:00:00Z", "half an hour") + "</room></day>")),
              "s.xml:4:65: error: <duration> 'half an hour' is not a duration (HH:MM)\n");
    EXPECT_EQ(xml(frab("<day><room name=\"A\">" + frab_event("1", "2026-12-27T10:00:00Z", "0:30") +
                       "\n" + frab_event("1", "2026-12-27T11:00:00Z", "0:30") + "</room></day>")),
              "s.xml:4:1: error: duplicate event id '1'\n");
    EXPECT_EQ(xml(frab("<day><room name=\"A\"><event id=\"3\"><title> </title><date>2026-12-27T10:00:00Z</date>"
                       "<duration>0:30</duration></event></room></day>")),
              "s.xml:3:35: error: <title> is required in <event>\n");
}

TEST(ScheduleXml, Bounds) {
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += "<a>";
    EXPECT_EQ(xml("<schedule>" + deep), "s.xml:1:130: error: malformed XML: Start-end tags mismatch\n");
    std::string closed = deep;
    for (int i = 0; i < 40; ++i) closed += "</a>";
    EXPECT_EQ(xml("<schedule>" + closed + "</schedule>"),
              "s.xml:1:104: error: nested too deeply (more than 32 levels)\n");
    EXPECT_EQ(xml(frab("<day><room name=\"A\">" +
                       frab_event("1", "2026-12-27T10:00:00Z", "0:30",
                                  "<abstract>" + std::string(kMaxScheduleText + 1, 'x') + "</abstract>") +
                       "</room></day>")),
              "s.xml:3:110: error: <abstract> is longer than 65536 bytes\n");
    EXPECT_EQ(xml("<schedule>\n<title>\xFF</title>"), "s.xml:2:8: error: invalid UTF-8 (byte 0xFF)\n");
    EXPECT_EQ(xml("schedule"),
              "s.xml:1:1: error: not a schedule export: frab schedule.xml starts with '<', schedule.json with '{'\n");
    EXPECT_EQ(xml(""), "s.xml: error: not a schedule export: frab schedule.xml starts with '<', schedule.json with '{'\n");
}

// A DOCTYPE's entities are not expanded (no billion laughs); an unknown entity stays as written.
TEST(ScheduleXml, EntitiesAreNotExpanded) {
    const Schedule s = parse("<!DOCTYPE schedule [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>" +
                                 frab("<day><room name=\"A\"><event id=\"1\"><title>&b; &bogus; &#x627;</title>"
                                      "<date>2026-12-27T10:00:00Z</date><duration>0:30</duration></event></room></day>"),
                             "s.xml");
    ASSERT_TRUE(s.ok()) << dump(s);
    EXPECT_EQ(s.days.at(0).sessions.at(0).title.by_lang.at("en"), "&b; &bogus; \u0627");
}

//-----------------------------------------------------------------------------
// c3voc / pretalx schedule.json
//-----------------------------------------------------------------------------

// Two days, two rooms, time_zone_name, pretalx persons (code, name, Markdown biography, avatar)
// and a frab one (id, public_name), null optional fields, entities, a session across midnight.
TEST(ScheduleJson, CongressExport) {
    EXPECT_EQ(dump(parse(read_file(kData + "congress.json"), "congress.json")),
              "event mjc26 en=Majlis Congress 2026 2026-12-27 2026-12-28 Europe/Berlin\n"
              "hall saal-1 | en=Saal 1\n"
              "hall kinozal | en=Кинозал\n"
              "day 2026-12-27\n"
              "  501 10:30-11:15 saal-1 other | en=Welcome & orientation | description en=What to expect \u2013 briefly. "
              "| speakers abc123 44 | language en | url https://pretalx.example.org/mjc26/talk/QWERTY/\n"
              "  503 11:00-12:00 kinozal other | ru=Фильм | speakers def456 | track Culture | language ru "
              "| url https://pretalx.example.org/mjc26/talk/ZXCVBN/\n"
              "  502 23:00-25:00 saal-1 other | en=Night session | subtitle en=until two | track Culture | language en "
              "| url https://pretalx.example.org/mjc26/talk/ASDFGH/\n"
              "day 2026-12-28\n"
              "  601 12:00-12:30 saal-1 ceremony | en=Closing | speakers abc123 | language en "
              "| url https://pretalx.example.org/mjc26/talk/POIUYT/\n"
              "participant abc123 0 | en=Анна Петрова | biography en=Организатор конгресса. "
              "| avatar https://pretalx.example.org/media/avatars/abc123.png\n"
              "participant 44 0 | en=Jürgen Müller\n"
              "participant def456 0 | en=ليلى الفاسي\n");
}

// A room not in conference.rooms, and an event naming another room: warnings.
TEST(ScheduleJson, MappingProblemsAreWarnings) {
    EXPECT_EQ(json(c3voc(R"("A": [{"id": 1, "title": "X", "date": "2026-12-27T10:00:00+02:00", "duration": "00:30", "room": "B"}])",
                         R"(, "rooms": [{"name": "C", "guid": "x"}])")),
              "s.json: warning: /schedule/conference/days/0/rooms/A: room 'A' is not in /schedule/conference/rooms "
              "(added as a hall)\n"
              "s.json: warning: /schedule/conference/days/0/rooms/A/0/room: event '1' names room 'B' but is in room 'A' "
              "(shown in 'A')\n"
              "event t en=T 2026-12-27 2026-12-27 Etc/GMT-2\n"
              "hall c | en=C\n"
              "hall a | en=A\n"
              "day 2026-12-27\n"
              "  1 10:00-10:30 a other | en=X\n");
}

// pretalx's start "HH:MM" with the day's date when there is no date-time; null fields are absent.
TEST(ScheduleJson, StartOnTheDaysDate) {
    EXPECT_EQ(json(c3voc(R"("A": [{"id": 9, "title": "X", "start": "09:05", "duration": "1:00", "subtitle": null,
                                   "track": null, "abstract": null, "persons": [{"name": "Ἀριστοτέλης"}]}])",
                         R"(, "time_zone_name": "Asia/Tbilisi")")),
              "event t en=T 2026-12-27 2026-12-27 Asia/Tbilisi\n"
              "hall a | en=A\n"
              "day 2026-12-27\n"
              "  9 09:05-10:05 a other | en=X | speakers aristoteles\n"
              "participant aristoteles 0 | en=Ἀριστοτέλης\n");
}

// Errors: a JSON pointer to the value at fault; malformed JSON at its line and column.
TEST(ScheduleJson, Errors) {
    EXPECT_EQ(json("{\n  \"schedule\": {,\n}"), "s.json:2:16: error: malformed JSON: syntax error while parsing object key - "
                                                   "unexpected ','; expected string literal\n");
    EXPECT_EQ(json("{\"schedule\": [1,]}"), "s.json:1:17: error: malformed JSON: syntax error while parsing value - "
                                              "unexpected ']'; expected '[', '{', or a literal\n");
    // A number beyond a double's range: nlohmann's out_of_range, not a parse_error (once uncaught:
    // the fuzzer's crash-c8f70c15...), at the number's first character.
    EXPECT_EQ(json("{\n  \"schedule\": {\"version\": 1E400}}"),
              "s.json:2:27: error: malformed JSON: number overflow parsing '1E400'\n");
    EXPECT_EQ(json("{\"schedule\": 55E5555555555.55}"),
              "s.json:1:14: error: malformed JSON: number overflow parsing '55E5555555555'\n");
    EXPECT_EQ(json("{\"note\": \"1E400\",\n \"schedule\": 1E400}"),  // the number, not the same text before it
              "s.json:2:14: error: malformed JSON: number overflow parsing '1E400'\n");
    EXPECT_EQ(json("{}"), "s.json: error: 'schedule' is required\n");
    EXPECT_EQ(json(R"({"schedule": {"conference": []}})"),
              "s.json: error: /schedule/conference: must be an object, not an array\n");
    EXPECT_EQ(json(R"({"schedule": {"conference": {"days": []}}})"),
              "s.json: error: /schedule/conference: 'title' is required\n");
    EXPECT_EQ(json(c3voc(R"("Saal 1": [{"id": 1, "title": "X", "start": "25:00", "duration": "00:30"}])")),
              "s.json: error: /schedule/conference/days/0/rooms/Saal 1/0/start: '25:00' is not a time (HH:MM)\n");
    EXPECT_EQ(json(c3voc(R"("a/b~c": [{"id": 0, "title": "X", "date": "2026-12-27T10:00:00Z", "duration": "30"}])")),
              "s.json: error: /schedule/conference/days/0/rooms/a~1b~0c/0/id: must be a positive integer, not 0\n"
              "s.json: error: /schedule/conference/days/0/rooms/a~1b~0c/0/duration: '30' is not a duration (HH:MM)\n");
    EXPECT_EQ(json(c3voc(R"("A": [{"id": "7", "title": 5, "date": "2026-12-27", "duration": "00:30"}])")),
              "s.json: error: /schedule/conference/days/0/rooms/A/0/id: must be an integer, not a string\n"
              "s.json: error: /schedule/conference/days/0/rooms/A/0/title: must be a string, not an integer\n"
              "s.json: error: /schedule/conference/days/0/rooms/A/0/date: '2026-12-27' is not a date-time "
              "(YYYY-MM-DDTHH:MM:SS+HH:MM)\n");
    EXPECT_EQ(json(c3voc(R"("A": [{"id": 1, "title": "X", "date": "2026-12-27T10:00:00Z", "duration": "0:30"},
                                  {"id": 1, "title": "Y", "date": "2026-12-27T11:00:00Z", "duration": "0:30"}])")),
              "s.json: error: /schedule/conference/days/0/rooms/A/1: duplicate event id '1'\n");
    EXPECT_EQ(json(c3voc(R"("A": 3)")), "s.json: error: /schedule/conference/days/0/rooms/A: must be an array, not an integer\n");
    EXPECT_EQ(json("{\"a\": " + std::string(40, '[')), "s.json:1:38: error: nested too deeply (more than 32 levels)\n");
}

// Overlapping sessions in one room are the export's to fix: imported anyway (the loader warns).
TEST(ScheduleJson, OverlapsAreImported) {
    const Schedule s = parse(c3voc(R"("A": [{"id": 1, "title": "X", "date": "2026-12-27T10:00:00Z", "duration": "1:00"},
                                         {"id": 2, "title": "Y", "date": "2026-12-27T10:30:00Z", "duration": "1:00"}])"),
                             "s.json");
    ASSERT_TRUE(s.ok()) << dump(s);
    EXPECT_EQ(dump_sessions(s.days), "day 2026-12-27\n"
                                     "  1 10:00-11:00 a other | en=X\n"
                                     "  2 10:30-11:30 a other | en=Y\n");
}

//-----------------------------------------------------------------------------
// A content folder naming an export: imported, then the TOML overrides it
//-----------------------------------------------------------------------------

// A folder with the congress export and the given TOML files.
struct Folder {
    TempFolder dir{"majlis-schedule"};
    explicit Folder(const std::string& event_toml, const std::string& agenda_toml = "",
                    const std::string& participants_toml = "", const std::string& export_file = "congress.xml") {
        write_file(dir / "schedule.xml", read_file(kData + export_file));
        write_file(dir / "event.toml", event_toml);
        if (!agenda_toml.empty()) write_file(dir / "agenda.toml", agenda_toml);
        if (!participants_toml.empty()) write_file(dir / "participants.toml", participants_toml);
    }
    LoadResult load() const { return load_event(dir.path.string()); }
};

const std::string kEvent = "languages.display = [\"en\", \"ar\"]\n"
                           "languages.default = \"en\"\n"
                           "time_zone = \"Europe/Berlin\"\n"
                           "[schedule]\n"
                           "file = \"schedule.xml\"\n";

// event.toml with only the languages and the export: the rest comes from it; no agenda.toml.
TEST(ScheduleFolder, ImportedWhole) {
    const Folder f(kEvent);
    const LoadResult r = f.load();
    EXPECT_EQ(dump_diagnostics(r.diagnostics), "");  // 103 runs past midnight: no problem
    ASSERT_TRUE(r.ok());
    const Event& e = *r.event;
    EXPECT_EQ(e.id + fmt(e.name) + " " + fmt(e.start_date) + " " + fmt(e.end_date) + " " + e.time_zone,
              "mjc26 en=Majlis Congress 2026 2026-12-27 2026-12-29 Europe/Berlin");
    EXPECT_EQ(dump_halls(e.halls), "hall saal-1:16:5 | en=Saal 1\n"
                                   "hall kinozal:73:5 | en=Кинозал\n"
                                   "hall zuse:123:5 | en=Zuse\n");
    EXPECT_EQ(dump_participants(e.participants), "participant 7 1 | en=Анна Петрова\n"
                                                 "participant 8 2 | en=ليلى الفاسي\n"
                                                 "participant 9 3 | en=Jürgen Müller\n");
    EXPECT_EQ(e.days.size(), 3u);
    EXPECT_EQ(e.days.at(1).sessions.at(0).id, "104");
}

// The TOML is authoritative: a hall's names, an Arabic title, a hidden session, a session of its
// own, a participant's title and order, an imported session moved to another hall.
TEST(ScheduleFolder, TomlOverrides) {
    const Folder f(kEvent + "[[hall]]\nid = \"saal-1\"\nname.ar = \"القاعة ١\"\n"
                            "[[hall]]\nid = \"foyer\"\nname = { en = \"Foyer\", ar = \"البهو\" }\n",
                   "[[day]]\ndate = 2026-12-27\ntitle = { en = \"Day one\", ar = \"اليوم الأول\" }\n"
                   "[[day.session]]\nid = \"101\"\ntitle.ar = \"الافتتاح\"\n"
                   "[[day.session]]\nid = \"103\"\nhidden = true\n"
                   "[[day.session]]\nid = \"102\"\nhall = \"foyer\"\nstart = 11:15:00\n"
                   "[[day.session]]\nid = \"own\"\nstart = 12:00:00\nend = 12:30:00\nhall = \"zuse\"\nkind = \"press\"\n"
                   "title = { en = \"Press\", ar = \"مؤتمر صحفي\" }\nspeakers = [\"8\"]\n",
                   "[[participant]]\nid = \"8\"\nname.ar = \"ليلى الفاسي\"\ntitle = { en = \"Calligrapher\", ar = \"خطاطة\" }\n"
                   "protocol_order = 1\n"
                   "[[participant]]\nid = \"host\"\nprotocol_order = 2\nname = { en = \"Host\", ar = \"المضيف\" }\n");
    const LoadResult r = f.load();
    EXPECT_EQ(dump_diagnostics(r.diagnostics), "");  // 103 runs past midnight: no problem
    ASSERT_TRUE(r.ok());
    const Event& e = *r.event;
    EXPECT_EQ(dump_halls(e.halls), "hall saal-1:16:5 | ar=القاعة ١ en=Saal 1\n"
                                   "hall kinozal:73:5 | en=Кинозал\n"
                                   "hall zuse:123:5 | en=Zuse\n"
                                   "hall foyer:9:1 | ar=البهو en=Foyer\n");
    EXPECT_EQ(dump_sessions({e.days.at(0)}),
              "day 2026-12-27 ar=اليوم الأول en=Day one\n"
              "  101 10:30-11:00 saal-1 ceremony:17:7 | ar=الافتتاح en=Opening | description en=Welcome to the congress. | speakers 7 8 | track Ceremonies | language en\n"
              "  102 11:15-12:15 foyer other:10:1 | de=Rock & Roll \u2013 the <history> | subtitle de=Three chords \u00a0and the truth | description de=A talk in two parts:\n1. chords\n2. truth | speakers 9 | track Culture | language de | url https://events.example.org/mjc26/talk/102\n"
              "  own 12:00-12:30 zuse press:14:1 | ar=مؤتمر صحفي en=Press | speakers 8\n");
    EXPECT_EQ(dump_participants(e.participants), "participant 8 1 | ar=ليلى الفاسي en=ليلى الفاسي | title ar=خطاطة en=Calligrapher\n"
                                                 "participant host 2 | ar=المضيف en=Host\n"
                                                 "participant 7 3 | en=Анна Петрова\n"
                                                 "participant 9 4 | en=Jürgen Müller\n");
}

// Problems: the export's overlaps are warnings, the TOML's errors; an override under another
// day; an export that is missing or broken, at its own line and column.
TEST(ScheduleFolder, Problems) {
    {
        const Folder f(kEvent, "[[day]]\ndate = 2026-12-28\n"
                               "[[day.session]]\nid = \"101\"\ntitle.ar = \"الافتتاح\"\n"
                               "[[day.session]]\nid = \"own\"\nstart = 10:15:00\nend = 10:45:00\nhall = \"saal-1\"\n"
                               "kind = \"press\"\ntitle = { en = \"Press\", ar = \"مؤتمر صحفي\" }\n");
        EXPECT_EQ(dump_diagnostics(f.load().diagnostics),
                  "agenda.toml:3:1: error: session '101' is on 2026-12-27 in the schedule: write what overrides it under that day\n"
                  "agenda.toml:6:1: error: session 'own' overlaps session '201' in hall 'saal-1' (10:15\u201310:30)\n"
                  "schedule.xml:106:7: error: session '202' overlaps session 'own' in hall 'saal-1' (10:30\u201310:45)\n");
    }
    {
        const Folder f(kEvent, "", "", "congress.json");  // the JSON under the XML's name: read by its content
        TempFolder& d = const_cast<TempFolder&>(f.dir);
        std::string j = read_file(kData + "congress.json");
        j.replace(j.find("\"date\": \"2026-12-27T23:00:00+01:00\""), 35, "\"date\": \"2026-12-27T10:45:00+01:00\"");
        write_file(d / "schedule.xml", j);
        EXPECT_EQ(dump_diagnostics(f.load().diagnostics),
                  "schedule.xml: warning: session '502' overlaps session '501' in hall 'saal-1' (10:45\u201311:15)\n");
        EXPECT_TRUE(f.load().ok());
    }
    {
        const Folder f(kEvent, "", "", "broken.xml");
        EXPECT_EQ(dump_diagnostics(f.load().diagnostics), "schedule.xml:4:20: error: malformed XML: Start-end tags mismatch\n");
    }
    {
        const Folder f("languages.display = [\"en\"]\nlanguages.default = \"en\"\n[schedule]\nfile = \"programme.xml\"\n"
                       "url = \"https://pretalx.example.org/x/schedule/export/schedule.xml\"\n");
        EXPECT_EQ(dump_diagnostics(f.load().diagnostics), "event.toml:4:8: error: missing file 'programme.xml'\n"
                                                          "event.toml:5:7: error: give 'schedule.file' or 'schedule.url', not both\n");
    }
    {
        const Folder f("languages.display = [\"en\"]\nlanguages.default = \"en\"\n[schedule]\n"
                       "url = \"https://pretalx.example.org/x/schedule/export/schedule.xml\"\n");
        EXPECT_EQ(dump_diagnostics(f.load().diagnostics),
                  "event.toml:4:7: error: the schedule at https://pretalx.example.org/x/schedule/export/schedule.xml has "
                  "not been fetched yet (majlis fetches it into fetched/schedule-663589179ca28b91; `majlis check` "
                  "fetches it once)\n");
    }
}

// A party past midnight is imported whole, on its start day (end 25:30, no warning), and a
// session of the next day that starts before it ends overlaps it (a warning: the export's).
TEST(ScheduleFolder, PastMidnight) {
    TempFolder dir{"majlis-schedule"};
    write_file(dir / "event.toml", kEvent);
    write_file(dir / "schedule.xml",
               c3voc(R"("A": [{"id": 1, "title": "Party", "date": "2026-12-27T23:00:00+01:00", "duration": "2:30"},
                             {"id": 2, "title": "Film", "date": "2026-12-28T01:00:00+01:00", "duration": "1:00"},
                             {"id": 3, "title": "Talk", "date": "2026-12-28T09:00:00+01:00", "duration": "1:00"}])"));
    const LoadResult r = load_event(dir.path.string());
    EXPECT_EQ(dump_diagnostics(r.diagnostics),
              "schedule.xml: warning: session '2' overlaps session '1' in hall 'a' (01:00\u201301:30)\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(dump_sessions(r.event->days), "day 2026-12-27\n"
                                            "  1 23:00-25:30 a other | en=Party\n"
                                            "day 2026-12-28\n"
                                            "  2 01:00-02:00 a other | en=Film\n"
                                            "  3 09:00-10:00 a other | en=Talk\n");
}

// Characters no font covers in the export's titles and names are warnings (a stand-in for the
// font stack: nothing for English covers Arabic).
TEST(ScheduleFolder, CharactersNoFontCovers) {
    const Folder f(kEvent);
    LoadOptions options;
    options.coverage = [](std::string_view text, std::string_view lang) {
        std::vector<char32_t> missing;
        if (lang == "en" && text.find("\u0644") != std::string_view::npos) missing.push_back(0x0644);
        return missing;
    };
    const LoadResult r = load_event(f.dir.path.string(), options);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(dump_diagnostics(r.diagnostics),
              "schedule.xml:31:11: warning: the name of participant '8' has U+0644 ARABIC LETTER LAM, which no font "
              "for 'en' covers\n");
}

// The export is a file of the folder like any other: an edit is picked up live, a broken
// export keeps the last good version on screen.
TEST(ScheduleFolder, LiveReload) {
    const Folder f(kEvent);
    majlis::Log log{[](majlis::LogLevel, std::string_view) {}};
    LiveContent::Config c;
    c.dir = f.dir.path.string();
    c.settle_ms = 50;
    LiveContent live(c, log);
    ASSERT_TRUE(live.current());
    std::string xml = read_file(f.dir / "schedule.xml");
    const std::string old_title = "<title>Closing</title>";
    xml.replace(xml.find(old_title), old_title.size(), "<title>Farewell</title>");
    write_file(f.dir / "schedule.xml", xml);
    ASSERT_TRUE(live.wait_idle(10000));
    EXPECT_EQ(live.current()->days.at(2).sessions.at(0).title.by_lang.at("en"), "Farewell");
    EXPECT_FALSE(live.broken());
    write_file(f.dir / "schedule.xml", "<schedule><conference>");
    ASSERT_TRUE(live.wait_idle(10000));
    EXPECT_TRUE(live.broken());
    EXPECT_EQ(live.current()->days.at(2).sessions.at(0).title.by_lang.at("en"), "Farewell");
}

//-----------------------------------------------------------------------------
// majlis import
//-----------------------------------------------------------------------------

// The folder written passes check, and loads into the same sessions as the export itself.
TEST(ScheduleImport, WritesAFolderThatPassesCheck) {
    for (const char* name : {"congress.xml", "congress.json"}) {
        TempFolder out{"majlis-import"};
        const auto r = majlis::testing::run_majlis("import '" + kData + name + "' --out '" + (out / "event") + "'");
        EXPECT_EQ(r.code, 0) << r.out;
        const auto check = majlis::testing::run_majlis("check '" + (out / "event") + "'");
        EXPECT_EQ(check.code, 0) << check.out;
        EXPECT_EQ(check.out.find(": error:"), std::string::npos) << check.out;
        const LoadResult loaded = load_event(out / "event");
        ASSERT_TRUE(loaded.ok());
        const Schedule s = parse(read_file(kData + name), name);
        EXPECT_EQ(dump_halls(loaded.event->halls).size() > 0, true);
        // Positions differ (the TOML's lines); the rest is the same.
        auto without_pos = [](std::vector<Day> days) {
            for (Day& d : days)
                for (Session& x : d.sessions) x.pos = {};
            return dump_sessions(days);
        };
        EXPECT_EQ(without_pos(loaded.event->days), without_pos(s.days)) << name;
    }
}

TEST(ScheduleImport, ExactFiles) {
    const Schedule s = parse(c3voc(R"("Saal 1": [{"id": 1, "title": "It's \"X\"", "date": "2026-12-27T10:00:00+01:00",
                                    "duration": "0:30", "language": "de", "persons": [{"code": "AB1", "name": "Анна"}]}])"),
                             "s.json");
    ASSERT_TRUE(s.ok());
    const auto files = schedule_to_toml(s);
    EXPECT_EQ(files.at("event.toml"), "end_date = 2026-12-27\n"
                                      "id = 't'\n"
                                      "name = { en = 'T' }\n"
                                      "start_date = 2026-12-27\n"
                                      "time_zone = 'Etc/GMT-1'\n"
                                      "\n"
                                      "[languages]\n"
                                      "default = 'de'\n"
                                      "display = [ 'de' ]\n"
                                      "\n"
                                      "[[hall]]\n"
                                      "id = 'saal-1'\n"
                                      "name = { en = 'Saal 1' }\n");
    EXPECT_EQ(files.at("agenda.toml"), "[[day]]\n"
                                       "date = 2026-12-27\n"
                                       "\n"
                                       "    [[day.session]]\n"
                                       "    end = 10:30:00\n"
                                       "    hall = 'saal-1'\n"
                                       "    id = '1'\n"
                                       "    kind = 'other'\n"
                                       "    language = 'de'\n"
                                       "    speakers = [ 'ab1' ]\n"
                                       "    start = 10:00:00\n"
                                       "    title = { de = \"It's \\\"X\\\"\" }\n");
    EXPECT_EQ(files.at("participants.toml"), "[[participant]]\n"
                                             "id = 'ab1'\n"
                                             "name = { en = 'Анна' }\n"
                                             "protocol_order = 1\n");
}

TEST(ScheduleImport, MalformedExportFails) {
    TempFolder out{"majlis-import"};
    auto r = majlis::testing::run_majlis("import '" + kData + "broken.xml' --out '" + (out / "x") + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "broken.xml:4:20: error: malformed XML: Start-end tags mismatch\n");
    EXPECT_FALSE(fs::exists(out / "x"));
    r = majlis::testing::run_majlis("import '" + kData + "broken.json' --out '" + (out / "x") + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "broken.json:8:112: error: malformed JSON: syntax error while parsing object key - unexpected '}'; "
                     "expected string literal\n");
    r = majlis::testing::run_majlis("import '" + kData + "bad-start.json' --out '" + (out / "x") + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "bad-start.json: error: /schedule/conference/days/0/rooms/Saal 1/1/start: '25:00' is not a time (HH:MM)\n");
    write_file(out / "taken", "x");
    r = majlis::testing::run_majlis("import '" + kData + "congress.json' --out '" + out.path.string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.out.find("exists and is not an empty folder"), std::string::npos) << r.out;
    r = majlis::testing::run_majlis("import '" + kData + "missing.xml' --out '" + (out / "y") + "'");
    EXPECT_EQ(r.code, 1);
    r = majlis::testing::run_majlis("import '" + kData + "congress.xml' --out '" + (out / "y") + "' --language english");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "error: unknown language 'english' (a code such as 'en', 'ar', 'ru')\n");
    r = majlis::testing::run_majlis("import '" + kData + "congress.xml' --out '" + (out / "y") + "' --time-zone GMT+5");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "error: unknown time zone 'GMT+5' (an IANA zone such as 'Europe/Berlin')\n");
    EXPECT_FALSE(fs::exists(out / "y"));
    r = majlis::testing::run_majlis("import '" + kData + "congress.xml'");
    EXPECT_EQ(r.code, 2) << r.out;  // --out is required
}

}  // namespace
