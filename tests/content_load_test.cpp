// The content loader and validator (load_event, check_command): one test per class of problem,
// each asserting the exact diagnostics (FILE:LINE:COL: severity: message, a contract staff and
// scripts rely on); a valid event loading with the right model values; the demo folder passing.
//
// Fixture folders are written into a temporary directory from the strings below; the images
// they use come from tests/data/content/images (made with stb_image_write, see the README there).
#include <gtest/gtest.h>

#include "content/content.h"
#include "content/load_detail.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace majlis::content;

namespace {

const fs::path kImages = fs::path(MAJLIS_TEST_DATA_DIR) / "content" / "images";

// A content folder in a temporary directory, removed afterwards.
class Folder {
public:
    Folder() {
        static int n = 0;
        dir_ = fs::temp_directory_path() / ("majlis-content-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~Folder() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void write(const std::string& rel, const std::string& text) const {
        const fs::path p = dir_ / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
    }
    void image(const std::string& fixture, const std::string& rel) const {
        const fs::path p = dir_ / rel;
        fs::create_directories(p.parent_path());
        fs::copy_file(kImages / fixture, p, fs::copy_options::overwrite_existing);
    }
    void remove(const std::string& rel) const { fs::remove(dir_ / rel); }
    std::string path() const { return dir_.string(); }
    const fs::path& dir() const { return dir_; }

private:
    fs::path dir_;
};

const char* kEvent = R"(id = "test-summit"
name.en = "Test Summit"
name.ru = "Тестовый саммит"
start_date = 2025-10-09
end_date = 2025-10-10
time_zone = "Asia/Dushanbe"

[languages]
display = ["en", "ru"]
default = "en"
fallback = ["ru"]

[theme]
accent = "#C9A22780"
logo = "images/logo.png"

[[hall]]
id = "sarazm"
name.en = "Sarazm"
name.ru = "Саразм"

[[hall]]
id = "press-centre"
name.en = "Press centre"
name.ru = "Пресс-центр"

[[playlist]]
kind = "title"
duration = 8

[[playlist]]
kind = "participant"
participant = "rahmon"
transition = "cut"

[[playlist]]
kind = "announcement"
duration = 5.5
text.en = "Welcome"
text.ru = "Добро пожаловать"

[[announcement]]
id = "lunch"
text.en = "Lunch at 13:00"
text.ru = "Обед в 13:00"
valid_from = 2025-10-09T12:00:00
valid_until = 2025-10-09T13:00:00
)";

const char* kAgenda = R"([[day]]
date = 2025-10-10
title.en = "Day two"
title.ru = "День второй"

[[day.session]]
id = "closing"
start = 11:00:00
end = 11:30:00
hall = "sarazm"
kind = "ceremony"
title.en = "Closing"
title.ru = "Закрытие"

[[day]]
date = 2025-10-09
title.en = "Day one"
title.ru = "День первый"

[[day.session]]
id = "press"
start = 13:00:00
end = 13:30:00
hall = "press-centre"
kind = "press"
title.en = "Press statement"
title.ru = "Заявление для прессы"
speakers = ["rahmon"]

[[day.session]]
id = "opening"
start = 10:30:00
end = 10:50:00
hall = "sarazm"
kind = "ceremony"
title.en = "Opening"
title.ru = "Открытие"
description.en = "The Chair opens the summit."
description.ru = "Председатель открывает саммит."
speakers = ["rahmon", "tokayev"]
documents = ["declaration"]

[[day.session]]
id = "statements"
start = 10:50:00
end = 12:00:00
hall = "sarazm"
kind = "statement"
title.en = "Statements"
title.ru = "Выступления"
)";

const char* kParticipants = R"([[participant]]
id = "tokayev"
protocol_order = 2
country = "KZ"
native_lang = "kk"
name.kk = "Қасым-Жомарт Тоқаев"
name.ru = "Касым-Жомарт Токаев"
name.en = "Kassym-Jomart Tokayev"
title.en = "President of Kazakhstan"
title.ru = "Президент Казахстана"
flag = "images/kz.png"

[[participant]]
id = "rahmon"
protocol_order = 1
country = "TJ"
name.en = "Emomali Rahmon"
name.ru = "Эмомали Рахмон"
title.en = "President of Tajikistan"
title.ru = "Президент Таджикистана"
portrait = "images/rahmon.jpg"
)";

const char* kDocuments = R"([[document]]
id = "declaration"
illustrative = true
title.en = "Final Declaration"
title.ru = "Итоговая декларация"
summary.en = "The heads of state agree."
summary.ru = "Главы государств согласны."
body.en = "documents/declaration.en.md"
body.ru = "documents/declaration.ru.md"
)";

const char* kBodyEn = R"(# Final Declaration

The heads of state, *meeting* in **Dushanbe**,

1. agree on trade;
2. agree on:
   - transport,
   - energy;
3. agree on *culture*.

## Annex

Done in Dushanbe.
)";

const char* kBodyRu = "# Итоговая декларация\n\nГлавы государств согласны.\n";

// A folder with a complete, valid event: every test starts from it and breaks one thing.
void write_valid(const Folder& f) {
    f.write("event.toml", kEvent);
    f.write("agenda.toml", kAgenda);
    f.write("participants.toml", kParticipants);
    f.write("documents.toml", kDocuments);
    f.write("documents/declaration.en.md", kBodyEn);
    f.write("documents/declaration.ru.md", kBodyRu);
    f.image("ok.png", "images/logo.png");
    f.image("ok.png", "images/kz.png");
    f.image("ok.jpg", "images/rahmon.jpg");
}

std::vector<std::string> lines(const LoadResult& r) {
    std::vector<std::string> out;
    for (const Diagnostic& d : r.diagnostics) out.push_back(d.format());
    return out;
}

using Lines = std::vector<std::string>;

LoadResult load(const Folder& f, const LoadOptions& options = {}) { return load_event(f.path(), options); }

// Replaces the text `from` (which must occur once) in one of the valid files.
void edit(const Folder& f, const std::string& rel, const std::string& from, const std::string& to) {
    std::ifstream in(f.dir() / rel, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    ASSERT_EQ(text.find(from, at + 1), std::string::npos) << from;
    text.replace(at, from.size(), to);
    f.write(rel, text);
}

std::string span_text(const Block& b) {
    std::string s;
    for (const Span& sp : b.spans) s += sp.text;
    return s;
}

}  // namespace

//-----------------------------------------------------------------------------
// A valid event and the model
//-----------------------------------------------------------------------------

TEST(ContentLoad, ValidEventLoadsWithNoDiagnostics) {
    Folder f;
    write_valid(f);
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r), Lines{});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.readable);
    const Event& e = *r.event;
    EXPECT_EQ(e.dir, f.path());
    EXPECT_EQ(e.id, "test-summit");
    EXPECT_EQ(e.time_zone, "Asia/Dushanbe");
    EXPECT_EQ(e.start_date, (Date{2025, 10, 9}));
    EXPECT_EQ(e.end_date, (Date{2025, 10, 10}));
    EXPECT_EQ(e.languages.display, (std::vector<std::string>{"en", "ru"}));
    EXPECT_EQ(e.languages.default_lang, "en");
    EXPECT_EQ(e.languages.fallback, (std::vector<std::string>{"ru"}));
    EXPECT_EQ(e.text(e.name, "ru"), "Тестовый саммит");
    EXPECT_EQ(e.name.pos.file, "event.toml");
    EXPECT_EQ(e.name.pos.line, 2);
    EXPECT_EQ(e.name.pos.column, 1);

    // Theme: given colours parsed, the others keep their defaults.
    EXPECT_EQ(e.theme.accent.r, 0xC9);
    EXPECT_EQ(e.theme.accent.g, 0xA2);
    EXPECT_EQ(e.theme.accent.b, 0x27);
    EXPECT_EQ(e.theme.accent.a, 0x80);
    EXPECT_EQ(e.theme.background.r, Theme{}.background.r);
    EXPECT_EQ(e.theme.logo, "images/logo.png");

    ASSERT_EQ(e.halls.size(), 2u);
    ASSERT_NE(e.hall("press-centre"), nullptr);
    EXPECT_EQ(e.text(e.hall("press-centre")->name, "ru"), "Пресс-центр");
    EXPECT_EQ(e.hall("nowhere"), nullptr);

    ASSERT_EQ(e.playlist.size(), 3u);
    EXPECT_EQ(e.playlist[0].kind, SlideKind::Title);
    EXPECT_EQ(e.playlist[0].duration_s, 8);
    EXPECT_EQ(e.playlist[0].transition, Transition::Crossfade);
    EXPECT_EQ(e.playlist[1].kind, SlideKind::Participant);
    EXPECT_EQ(e.playlist[1].ref, "rahmon");
    EXPECT_EQ(e.playlist[1].duration_s, 10);
    EXPECT_EQ(e.playlist[1].transition, Transition::Cut);
    EXPECT_EQ(e.playlist[2].duration_s, 5.5);
    EXPECT_EQ(e.text(e.playlist[2].text, "en"), "Welcome");

    ASSERT_EQ(e.announcements.size(), 1u);
    ASSERT_TRUE(e.announcements[0].valid_from.has_value());
    EXPECT_EQ(e.announcements[0].valid_from->minute_of_day, 12 * 60);
    EXPECT_EQ(e.announcements[0].valid_until->date, (Date{2025, 10, 9}));

    // Days sorted by date, sessions by start.
    ASSERT_EQ(e.days.size(), 2u);
    EXPECT_EQ(e.days[0].date, (Date{2025, 10, 9}));
    EXPECT_EQ(e.days[1].date, (Date{2025, 10, 10}));
    ASSERT_EQ(e.days[0].sessions.size(), 3u);
    EXPECT_EQ(e.days[0].sessions[0].id, "opening");
    EXPECT_EQ(e.days[0].sessions[1].id, "statements");
    EXPECT_EQ(e.days[0].sessions[2].id, "press");
    const Session& opening = e.days[0].sessions[0];
    EXPECT_EQ(opening.date, (Date{2025, 10, 9}));
    EXPECT_EQ(opening.start.value, 10 * 60 + 30);
    EXPECT_EQ(opening.end.value, 10 * 60 + 50);
    EXPECT_EQ(opening.hall, "sarazm");
    EXPECT_EQ(opening.kind, SessionKind::Ceremony);
    EXPECT_EQ(opening.speakers, (std::vector<std::string>{"rahmon", "tokayev"}));
    EXPECT_EQ(opening.documents, (std::vector<std::string>{"declaration"}));
    EXPECT_EQ(e.text(opening.description, "ru"), "Председатель открывает саммит.");
    EXPECT_EQ(opening.pos.file, "agenda.toml");
    EXPECT_EQ(opening.pos.line, 30);
    EXPECT_EQ(e.days[0].sessions[2].kind, SessionKind::Press);

    // Participants sorted by protocol order.
    ASSERT_EQ(e.participants.size(), 2u);
    EXPECT_EQ(e.participants[0].id, "rahmon");
    EXPECT_EQ(e.participants[1].id, "tokayev");
    const Participant* t = e.participant("tokayev");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->protocol_order, 2);
    EXPECT_EQ(t->country, "KZ");
    EXPECT_EQ(t->native_lang, "kk");
    EXPECT_EQ(t->name.by_lang.at("kk"), "Қасым-Жомарт Тоқаев");
    EXPECT_EQ(t->flag, "images/kz.png");
    EXPECT_EQ(t->portrait, "");
    EXPECT_EQ(e.participant("rahmon")->portrait, "images/rahmon.jpg");

    // Documents and their bodies.
    const Document* d = e.document("declaration");
    ASSERT_NE(d, nullptr);
    EXPECT_TRUE(d->illustrative);
    EXPECT_TRUE(d->justify) << "the reader justifies right-to-left bodies unless told not to";
    EXPECT_EQ(e.text(d->summary, "ru"), "Главы государств согласны.");
    ASSERT_EQ(d->body.size(), 2u);
    EXPECT_EQ(d->body.at("en").file, "documents/declaration.en.md");
    const std::vector<Block>& b = d->body.at("en").blocks;
    ASSERT_EQ(b.size(), 9u);
    EXPECT_EQ(b[0].kind, Block::Kind::Heading);
    EXPECT_EQ(b[0].level, 1);
    EXPECT_EQ(span_text(b[0]), "Final Declaration");
    EXPECT_EQ(b[1].kind, Block::Kind::Paragraph);
    ASSERT_EQ(b[1].spans.size(), 5u);
    EXPECT_EQ(b[1].spans[0].text, "The heads of state, ");
    EXPECT_EQ(b[1].spans[1].text, "meeting");
    EXPECT_TRUE(b[1].spans[1].emphasis);
    EXPECT_FALSE(b[1].spans[1].strong);
    EXPECT_EQ(b[1].spans[3].text, "Dushanbe");
    EXPECT_TRUE(b[1].spans[3].strong);
    EXPECT_EQ(b[2].kind, Block::Kind::ListItem);
    EXPECT_TRUE(b[2].ordered);
    EXPECT_EQ(b[2].number, 1);
    EXPECT_EQ(b[2].level, 1);
    EXPECT_EQ(span_text(b[2]), "agree on trade;");
    EXPECT_EQ(b[3].number, 2);
    EXPECT_EQ(span_text(b[3]), "agree on:");
    EXPECT_EQ(b[4].kind, Block::Kind::ListItem);
    EXPECT_FALSE(b[4].ordered);
    EXPECT_EQ(b[4].level, 2);
    EXPECT_EQ(span_text(b[4]), "transport,");
    EXPECT_EQ(span_text(b[5]), "energy;");
    EXPECT_EQ(b[6].number, 3);
    EXPECT_EQ(b[6].level, 1);
    EXPECT_EQ(b[7].kind, Block::Kind::Heading);
    EXPECT_EQ(b[7].level, 2);
    EXPECT_EQ(span_text(b[8]), "Done in Dushanbe.");
}

TEST(ContentLoad, TextFollowsTheFallbackChain) {
    Event e;
    e.languages.display = {"ar", "ru", "en", "tg"};
    e.languages.default_lang = "ar";
    e.languages.fallback = {"en", "ru"};
    LocalText t;
    t.by_lang = {{"ru", "R"}, {"en", "E"}, {"ar", "A"}};
    EXPECT_EQ(e.text(t, "ar"), "A");  // the language asked for
    EXPECT_EQ(e.text(t, "tg"), "E");  // then the fallback chain in order: en before ru
    t.by_lang.erase("en");
    EXPECT_EQ(e.text(t, "tg"), "R");
    t.by_lang = {{"ar", "A"}, {"kk", "K"}};
    EXPECT_EQ(e.text(t, "tg"), "A");  // then the default
    t.by_lang = {{"kk", "K"}, {"tg", "T"}};
    EXPECT_EQ(e.text(t, "en"), "T");  // then any: display order first
    t.by_lang = {{"kk", "K"}};
    EXPECT_EQ(e.text(t, "en"), "K");  // then whatever there is
    t.by_lang.clear();
    EXPECT_EQ(e.text(t, "en"), "");
}

TEST(ContentLoad, DiagnosticFormat) {
    Diagnostic d;
    d.pos = {"agenda.toml", 14, 8};
    d.message = "unknown hall 'sarazn' (did you mean 'sarazm'?)";
    EXPECT_EQ(d.format(), "agenda.toml:14:8: error: unknown hall 'sarazn' (did you mean 'sarazm'?)");
    d.pos = {"documents/x.md", 3, 0};
    d.severity = Severity::Warning;
    d.message = "m";
    EXPECT_EQ(d.format(), "documents/x.md:3: warning: m");
    d.pos = {"event.toml", 0, 0};
    d.severity = Severity::Error;
    d.message = "missing file";
    EXPECT_EQ(d.format(), "event.toml: error: missing file");
    d.pos = {};
    d.message = "folder 'x' does not exist";
    EXPECT_EQ(d.format(), "error: folder 'x' does not exist");
    EXPECT_STREQ(session_kind_name(SessionKind::Bilateral), "bilateral");
    EXPECT_STREQ(session_kind_name(SessionKind::Break), "break");
}

// `justify = false`: the reader keeps the document's right-to-left bodies ragged.
TEST(ContentLoad, DocumentJustifyCanBeTurnedOff) {
    Folder f;
    write_valid(f);
    edit(f, "documents.toml", "illustrative = true", "illustrative = true\njustify = false");
    LoadResult r = load(f);
    EXPECT_EQ(lines(r), Lines{});
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r.event->document("declaration")->justify);
    edit(f, "documents.toml", "justify = false", "justify = \"no\"");
    EXPECT_EQ(lines(load(f)), Lines{"documents.toml:4:11: error: 'justify' must be a boolean, not a string"});
}

TEST(ContentLoad, OptionalFilesMayBeLeftOut) {
    Folder f;
    write_valid(f);
    f.remove("participants.toml");
    f.remove("documents.toml");
    f.write("event.toml", std::string(kEvent).substr(0, std::string(kEvent).find("[[playlist]]")));
    f.write("agenda.toml", "[[day]]\ndate = 2025-10-09\n");
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r), Lines{});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.event->participants.empty());
    EXPECT_TRUE(r.event->documents.empty());
}

//-----------------------------------------------------------------------------
// The folder and its files
//-----------------------------------------------------------------------------

TEST(ContentLoad, FolderThatCannotBeRead) {
    const LoadResult r = load_event("/nonexistent/majlis-event");
    EXPECT_FALSE(r.readable);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(lines(r), Lines{"error: folder '/nonexistent/majlis-event' does not exist"});

    Folder f;
    f.write("file.txt", "x");
    const std::string file = (f.dir() / "file.txt").string();
    const LoadResult r2 = load_event(file);
    EXPECT_FALSE(r2.readable);
    EXPECT_EQ(lines(r2), Lines{"error: '" + file + "' is not a folder"});
}

TEST(ContentLoad, MissingFiles) {
    Folder f;
    const LoadResult r = load(f);
    EXPECT_TRUE(r.readable);  // the folder is there; its files are not
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(lines(r), (Lines{"event.toml: error: missing file", "agenda.toml: error: missing file"}));

    write_valid(f);
    f.remove("agenda.toml");
    fs::create_directory(f.dir() / "agenda.toml");
    EXPECT_EQ(lines(load(f)), Lines{"agenda.toml: error: not a file"});
}

TEST(ContentLoad, TomlSyntaxError) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "title.en = \"Day two\"", "title.en = \"Day two");
    EXPECT_EQ(
        lines(load(f)),
        Lines{"agenda.toml:3:20: error: syntax error while parsing string: unescaped control characters other than TAB "
              "(U+0009) are explicitly prohibited"});

    write_valid(f);
    edit(f, "agenda.toml", "id = \"closing\"\n", "id = \"closing\"\nid = \"closing-2\"\n");
    EXPECT_EQ(
        lines(load(f)),
        Lines{
            "agenda.toml:8:6: error: syntax error while parsing key-value pair: cannot redefine existing string 'id'"});
}

TEST(ContentLoad, DeeplyNestedKeys) {
    // toml++ recurses once per level of a dotted key: such files are refused before parsing.
    Folder f;
    write_valid(f);
    std::string deep = "x";
    for (int i = 0; i < 50000; ++i) deep += ".x";
    f.write("participants.toml", "# roster\n" + deep + " = 1\n");
    f.write("documents.toml", "[document]\nid = " + std::string(40, '[') + "\n");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "participants.toml:2:65: error: nested too deeply (more than 32 levels)",
                  "documents.toml:2:38: error: nested too deeply (more than 32 levels)",
              }));
    // Dots in strings, comments and numbers do not count.
    write_valid(f);
    edit(f, "documents.toml", "illustrative = true", "illustrative = true # " + deep);
    edit(f, "documents.toml", "summary.en = \"The heads of state agree.\"", "summary.en = \"" + deep + "\"");
    EXPECT_EQ(lines(load(f)), Lines{});
}

TEST(ContentLoad, TimeWithoutSeconds) {
    // TOML 1.0 has no time without seconds: the most likely slip gets its own message.
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "start = 11:00:00", "start = 11:00");
    EXPECT_EQ(lines(load(f)), Lines{"agenda.toml:8:9: error: time '11:00' needs seconds: write '11:00:00'"});

    write_valid(f);
    edit(f, "event.toml", "valid_from = 2025-10-09T12:00:00", "valid_from = 2025-10-09T12:00");
    EXPECT_EQ(
        lines(load(f)),
        Lines{"event.toml:46:14: error: date-time '2025-10-09T12:00' needs seconds: write '2025-10-09T12:00:00'"});
}

TEST(ContentLoad, InvalidUtf8) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "title.ru = \"День второй\"", "title.ru = \"День \xFF\"");
    EXPECT_EQ(lines(load(f)), Lines{"agenda.toml:4:18: error: invalid UTF-8 (byte 0xFF)"});

    // A sequence cut short is reported at its first byte; so are surrogates and overlong forms.
    write_valid(f);
    f.write("documents/declaration.ru.md", "# Заголовок\n\nТекст \xD0\n");
    EXPECT_EQ(lines(load(f)), Lines{"documents/declaration.ru.md:3:7: error: invalid UTF-8 (byte 0xD0)"});
    f.write("documents/declaration.ru.md", "ok \xED\xA0\x80");
    EXPECT_EQ(lines(load(f)), Lines{"documents/declaration.ru.md:1:4: error: invalid UTF-8 (byte 0xED)"});
    f.write("documents/declaration.ru.md", "\xC0\xAF");
    EXPECT_EQ(lines(load(f)), Lines{"documents/declaration.ru.md:1:1: error: invalid UTF-8 (byte 0xC0)"});
}

TEST(ContentLoad, UnknownKeys) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "time_zone =", "tme_zone =");
    EXPECT_EQ(lines(load(f)),
              (Lines{"event.toml: error: missing key 'time_zone'",
                     "event.toml:6:1: error: unknown key 'tme_zone' (did you mean 'time_zone'?)"}));

    // At every level, named by its path inside its table; no suggestion when nothing is close.
    write_valid(f);
    edit(f, "event.toml", "fallback = [\"ru\"]", "fallback = [\"ru\"]\ndefualt = \"en\"");
    edit(f, "agenda.toml", "hall = \"press-centre\"", "hall = \"press-centre\"\nstrat = 13:00:00\ncolour = \"red\"");
    edit(f, "participants.toml", "portrait =", "protrait =");
    edit(f, "documents.toml", "illustrative", "ilustrative");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:12:1: error: unknown key 'languages.defualt' (did you mean 'languages.default'?)",
                  "agenda.toml:25:1: error: unknown key 'strat' (did you mean 'start'?)",
                  "agenda.toml:26:1: error: unknown key 'colour'",
                  "participants.toml:21:1: error: unknown key 'protrait' (did you mean 'portrait'?)",
                  "documents.toml:3:1: error: unknown key 'ilustrative' (did you mean 'illustrative'?)",
              }));
}

TEST(ContentLoad, MissingRequiredFields) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "hall = \"press-centre\"\n", "");
    edit(f, "agenda.toml", "title.en = \"Closing\"\ntitle.ru = \"Закрытие\"\n", "");
    edit(f, "participants.toml", "protocol_order = 1\n", "");
    edit(f, "documents.toml", "body.en = \"documents/declaration.en.md\"\nbody.ru = \"documents/declaration.ru.md\"\n",
         "");
    edit(f, "event.toml", "default = \"en\"\n", "");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:8:1: error: missing key 'languages.default'",
                  "agenda.toml:6:1: error: missing key 'title' in session 'closing'",
                  "agenda.toml:18:1: error: missing key 'hall' in session 'press'",
                  "participants.toml:13:1: error: missing key 'protocol_order' in participant 'rahmon'",
                  "documents.toml:1:1: error: missing key 'body' in document 'declaration'",
              }));
}

TEST(ContentLoad, WrongTypes) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "start_date = 2025-10-09", "start_date = \"2025-10-09\"");
    edit(f, "agenda.toml", "start = 13:00:00", "start = 2025-10-09T13:00:00");
    edit(f, "agenda.toml", "speakers = [\"rahmon\"]", "speakers = \"rahmon\"");
    edit(f, "agenda.toml", "title.en = \"Statements\"", "title = \"Statements\"");
    edit(f, "participants.toml", "protocol_order = 2", "protocol_order = \"2\"");
    edit(f, "participants.toml", "title.ru = \"Президент Казахстана\"", "title.ru = 5");
    edit(f, "documents.toml", "illustrative = true", "illustrative = \"yes\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:4:14: error: 'start_date' must be a date, not a string",
                  "agenda.toml:50:1: error: syntax error while parsing key-value pair: cannot redefine existing "
                  "string as dotted key-value pair",
                  "participants.toml:3:18: error: 'protocol_order' must be an integer, not a string",
                  "participants.toml:10:12: error: 'title.ru' must be a string, not an integer",
                  "documents.toml:3:16: error: 'illustrative' must be a boolean, not a string",
              }));
    // (a syntax error stops agenda.toml; fix it and the rest is reported)
    edit(f, "agenda.toml", "title = \"Statements\"\ntitle.ru = \"Выступления\"", "title = \"Statements\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:4:14: error: 'start_date' must be a date, not a string",
                  "agenda.toml:22:9: error: 'start' must be a time, not a date-time",
                  "agenda.toml:28:12: error: 'speakers' must be an array, not a string",
                  "agenda.toml:49:9: error: 'title' must be a table of texts by language, not a string",
                  "participants.toml:3:18: error: 'protocol_order' must be an integer, not a string",
                  "participants.toml:10:12: error: 'title.ru' must be a string, not an integer",
                  "documents.toml:3:16: error: 'illustrative' must be a boolean, not a string",
              }));

    // [day] where [[day]] is meant; an item of a list that is not a string.
    write_valid(f);
    f.write("agenda.toml", "[day]\ndate = 2025-10-09\n");
    edit(f, "event.toml", "display = [\"en\", \"ru\"]", "display = [\"en\", 7]");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:9:18: error: 'languages.display' item must be a string, not an integer",
                  "agenda.toml:1:1: error: 'day' must be an array of tables ([[day]]), not a table",
              }));
}

TEST(ContentLoad, UnknownIds) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "hall = \"press-centre\"", "hall = \"press-center\"");
    edit(f, "agenda.toml", "hall = \"sarazm\"\nkind = \"ceremony\"\ntitle.en = \"Opening\"",
         "hall = \"sarazn\"\nkind = \"ceremony\"\ntitle.en = \"Opening\"");
    edit(f, "agenda.toml", "speakers = [\"rahmon\", \"tokayev\"]", "speakers = [\"rahmon\", \"tokaev\", \"putin\"]");
    edit(f, "agenda.toml", "documents = [\"declaration\"]", "documents = [\"decleration\"]");
    edit(f, "event.toml", "participant = \"rahmon\"", "participant = \"rahman\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:33:15: error: unknown participant 'rahman' (did you mean 'rahmon'?)",
                  "agenda.toml:24:8: error: unknown hall 'press-center' (did you mean 'press-centre'?)",
                  "agenda.toml:34:8: error: unknown hall 'sarazn' (did you mean 'sarazm'?)",
                  "agenda.toml:40:23: error: unknown participant 'tokaev' (did you mean 'tokayev'?)",
                  "agenda.toml:40:33: error: unknown participant 'putin'",
                  "agenda.toml:41:14: error: unknown document 'decleration' (did you mean 'declaration'?)",
              }));
}

TEST(ContentLoad, InvalidAndDuplicateIds) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "id = \"statements\"", "id = \"opening\"");
    edit(f, "event.toml", "id = \"press-centre\"", "id = \"sarazm\"");
    edit(f, "participants.toml", "protocol_order = 1", "protocol_order = 2");
    edit(f, "participants.toml", "id = \"rahmon\"", "id = \"Rahmon\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:23:6: error: duplicate hall id 'sarazm' (first at line 18)",
                  "event.toml:33:15: error: unknown participant 'rahmon' (did you mean 'Rahmon'?)",
                  "agenda.toml:24:8: error: unknown hall 'press-centre'",
                  "agenda.toml:28:13: error: unknown participant 'rahmon' (did you mean 'Rahmon'?)",
                  "agenda.toml:40:13: error: unknown participant 'rahmon' (did you mean 'Rahmon'?)",
                  "agenda.toml:44:6: error: duplicate session id 'opening' (first at line 31)",
                  "participants.toml:14:6: error: invalid id 'Rahmon' (use lower-case letters, digits and '-')",
                  "participants.toml:15:18: error: duplicate protocol_order 2 (first at line 3)",
              }));

    write_valid(f);
    edit(f, "agenda.toml", "date = 2025-10-10", "date = 2025-10-09");
    edit(f, "agenda.toml", "speakers = [\"rahmon\", \"tokayev\"]", "speakers = [\"rahmon\", \"tokayev\", \"rahmon\"]");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  // The two days of one date hold the closing and the statements at once.
                  "agenda.toml:6:1: error: session 'closing' overlaps session 'statements' in hall 'sarazm' "
                  "(11:00\u201311:30)",
                  "agenda.toml:16:8: error: duplicate day 2025-10-09 (first at line 2)",
                  "agenda.toml:40:34: error: 'speakers' lists 'rahmon' twice",
              }));
}

// An end earlier than the start is the next day's (content.h: Session); through a whole night it
// is more likely a slip: a warning.
TEST(ContentLoad, SessionEndingBeforeItStarts) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "start = 13:00:00\nend = 13:30:00", "start = 10:30:00\nend = 10:00:00");
    edit(f, "agenda.toml", "start = 11:00:00\nend = 11:30:00", "start = 11:00:00\nend = 11:00:00");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "agenda.toml:6:1: error: session 'closing' ends when it starts (11:00)",
                  "agenda.toml:20:1: warning: session 'press' ends (10:00) before it starts (10:30): it runs past "
                  "midnight until then, 23 hours; is its end right?",
              }));
}

// A session past midnight (23:00-01:30) stays on its day with its end past 24:00, and the next
// day's sessions in its hall must not start before it ends.
TEST(ContentLoad, SessionPastMidnight) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "start = 13:00:00\nend = 13:30:00", "start = 23:00:00\nend = 01:30:00");
    LoadResult r = load(f);
    EXPECT_EQ(lines(r), Lines{});
    ASSERT_TRUE(r.ok());
    const Day& day_one = r.event->days.at(0);
    EXPECT_EQ(day_one.date, (Date{2025, 10, 9}));
    const Session& press = day_one.sessions.back();
    EXPECT_EQ(press.id, "press");
    EXPECT_EQ(press.start.value, 23 * 60);
    EXPECT_EQ(press.end.value, 25 * 60 + 30);
    edit(f, "agenda.toml", "start = 11:00:00\nend = 11:30:00\nhall = \"sarazm\"",
         "start = 00:30:00\nend = 01:00:00\nhall = \"press-centre\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{"agenda.toml:6:1: error: session 'closing' overlaps session 'press' in hall 'press-centre' "
                     "(00:30\u201301:00)"}));
}

TEST(ContentLoad, OverlappingSessions) {
    Folder f;
    write_valid(f);
    // statements 10:40-12:00 runs into opening 10:30-10:50; press moves into sarazm 11:00-11:10.
    edit(f, "agenda.toml", "start = 10:50:00\nend = 12:00:00", "start = 10:40:00\nend = 12:00:00");
    edit(f, "agenda.toml", "start = 13:00:00\nend = 13:30:00\nhall = \"press-centre\"",
         "start = 11:00:00\nend = 11:10:00\nhall = \"sarazm\"");
    EXPECT_EQ(
        lines(load(f)),
        (Lines{
            "agenda.toml:20:1: error: session 'press' overlaps session 'statements' in hall 'sarazm' (11:00–11:10)",
            "agenda.toml:43:1: error: session 'statements' overlaps session 'opening' in hall 'sarazm' (10:40–10:50)",
        }));
}

TEST(ContentLoad, DatesOutsideTheEvent) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "date = 2025-10-10", "date = 2025-10-12");
    edit(f, "event.toml", "valid_until = 2025-10-09T13:00:00", "valid_until = 2025-10-11T13:00:00");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:47:15: error: 'valid_until' (2025-10-11T13:00) is outside the event's dates (2025-10-09 "
                  "to 2025-10-10)",
                  "agenda.toml:2:8: error: day 2025-10-12 is outside the event's dates (2025-10-09 to 2025-10-10)",
              }));

    write_valid(f);
    edit(f, "event.toml", "end_date = 2025-10-10", "end_date = 2025-10-08");
    edit(f, "event.toml", "valid_from = 2025-10-09T12:00:00", "valid_from = 2025-10-09T14:00:00");
    EXPECT_EQ(
        lines(load(f)),
        (Lines{
            "event.toml:5:12: error: 'end_date' (2025-10-08) is before 'start_date' (2025-10-09)",
            "event.toml:42:1: error: announcement 'lunch' ends (2025-10-09T13:00) before it starts (2025-10-09T14:00)",
        }));
}

TEST(ContentLoad, Dayparts) {
    // A playlist item and an announcement shown only at some times of the event's days.
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "text.ru = \"Добро пожаловать\"",
         "text.ru = \"Добро пожаловать\"\ndays = [2025-10-10]\nfrom = \"08:00\"\nuntil = \"24:00\"\nduring = \"breaks\"");
    edit(f, "event.toml", "valid_until = 2025-10-09T13:00:00",
         "valid_until = 2025-10-09T13:00:00\nfrom = 12:30:00\nduring = \"before\"");
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r), Lines{});
    ASSERT_TRUE(r.ok());
    const Event& e = *r.event;
    ASSERT_EQ(e.playlist.size(), 3u);
    EXPECT_TRUE(e.playlist[0].when.always());
    const Daypart& d = e.playlist[2].when;
    EXPECT_EQ(d.days, (std::vector<Date>{Date{2025, 10, 10}}));
    EXPECT_EQ(d.from, Minutes{8 * 60});
    EXPECT_EQ(d.until, Minutes{24 * 60});
    EXPECT_EQ(d.during, DayPhase::Breaks);
    ASSERT_EQ(e.announcements.size(), 1u);
    const Daypart& a = e.announcements[0].when;
    EXPECT_TRUE(a.days.empty());
    EXPECT_EQ(a.from, Minutes{12 * 60 + 30});
    EXPECT_FALSE(a.until.has_value());
    EXPECT_EQ(a.during, DayPhase::Before);
}

TEST(ContentLoad, DaypartProblems) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "valid_until = 2025-10-09T13:00:00",
         "valid_until = 2025-10-09T13:00:00\ndays = [2025-10-09, 2025-10-12, 2025-10-09]\nfrom = \"25:00\"\n"
         "until = \"9:30\"\nduring = \"brakes\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:48:21: error: 'days' lists 2025-10-12, not a day of the event (2025-10-09 to 2025-10-10)",
                  "event.toml:48:33: error: 'days' lists 2025-10-09 twice",
                  "event.toml:49:8: error: 'from' must be a time of day from \"00:00\" to \"23:59\" (\"08:30\"), not '25:00'",
                  "event.toml:50:9: error: 'until' must be a time of day from \"00:00\" to \"24:00\" (\"08:30\"), not '9:30'",
                  "event.toml:51:10: error: 'during' must be 'before', 'sessions', 'breaks' or 'after', not 'brakes' "
                  "(did you mean 'breaks'?)",
              }));

    write_valid(f);
    edit(f, "event.toml", "text.ru = \"Добро пожаловать\"",
         "text.ru = \"Добро пожаловать\"\ndays = 2025-10-09\nfrom = \"10:00\"\nuntil = 09:30:00");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:41:8: error: 'days' must be an array of dates ([2025-10-09]), not a date",
                  "event.toml:43:9: error: 'until' (09:30) is not after 'from' (10:00); for a window over midnight give "
                  "two items, one until \"24:00\" and one from \"00:00\"",
              }));

    write_valid(f);
    edit(f, "event.toml", "text.ru = \"Добро пожаловать\"",
         "text.ru = \"Добро пожаловать\"\ndays = []\nfrom = 10:00:30\nuntil = true\nduring = 3\nwhen = \"always\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:41:8: error: 'days' is empty (leave it out: every day)",
                  "event.toml:42:8: error: 'from' must be a whole minute, not 10:00:30",
                  "event.toml:43:9: error: 'until' must be a time of day (\"08:30\"), not a boolean",
                  "event.toml:44:10: error: 'during' must be a string, not an integer",
                  "event.toml:45:1: error: unknown key 'when'",
              }));
}

TEST(ContentLoad, UnknownTimeZone) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "time_zone = \"Asia/Dushanbe\"", "time_zone = \"Asia/Dushanbee\"");
    EXPECT_EQ(lines(load(f)), Lines{"event.toml:6:13: error: unknown time zone 'Asia/Dushanbee'"});
    edit(f, "event.toml", "time_zone = \"Asia/Dushanbee\"", "time_zone = \"GMT+5\"");
    EXPECT_EQ(lines(load(f)), Lines{"event.toml:6:13: error: unknown time zone 'GMT+5'"});
    edit(f, "event.toml", "time_zone = \"GMT+5\"", "time_zone = \"UTC\"");
    EXPECT_EQ(lines(load(f)), Lines{});
}

TEST(ContentLoad, UnknownLanguageCodes) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "display = [\"en\", \"ru\"]", "display = [\"en\", \"ru\", \"xx\"]");
    edit(f, "event.toml", "fallback = [\"ru\"]", "fallback = [\"RU\"]");
    edit(f, "participants.toml", "native_lang = \"kk\"", "native_lang = \"kz\"");
    edit(f, "agenda.toml", "title.en = \"Day two\"", "title.eng = \"Day two\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:9:24: error: unknown language 'xx'",
                  "event.toml:11:13: error: unknown language 'RU' (did you mean 'ru'?)",
                  "agenda.toml:3:7: error: unknown language 'eng' (did you mean 'en'?)",
                  "participants.toml:5:15: error: unknown language 'kz'",
              }));

    // Script and region subtags are fine; a name needs the native language's entry.
    write_valid(f);
    edit(f, "participants.toml", "name.kk = ", "name.kk-Cyrl-KZ = ");
    EXPECT_EQ(lines(load(f)), Lines{"participants.toml:5:15: error: no 'name.kk' for native_lang 'kk'"});
}

TEST(ContentLoad, DefaultLanguageNotDisplayed) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "default = \"en\"", "default = \"tg\"");
    EXPECT_EQ(lines(load(f)), Lines{"event.toml:10:11: error: default language 'tg' is not in 'languages.display'"});
}

TEST(ContentLoad, OtherValues) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "kind = \"press\"", "kind = \"pres\"");
    edit(f, "agenda.toml", "start = 10:30:00", "start = 10:30:15");
    edit(f, "event.toml", "accent = \"#C9A22780\"", "accent = \"#C9A2\"");
    edit(f, "event.toml", "kind = \"title\"\nduration = 8", "kind = \"titel\"\nduration = 0");
    edit(f, "event.toml", "transition = \"cut\"", "transition = \"fade\"\nimage = \"images/logo.png\"");
    edit(f, "event.toml", "valid_from = 2025-10-09T12:00:00", "valid_from = 2025-10-09T12:00:00+05:00");
    edit(f, "participants.toml", "country = \"KZ\"", "country = \"kz\"");
    edit(f, "participants.toml", "protocol_order = 1", "protocol_order = 0");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:14:10: error: invalid colour '#C9A2' (write '#RRGGBB' or '#RRGGBBAA')",
                  "event.toml:28:8: error: unknown slide kind 'titel' (did you mean 'title'?)",
                  "event.toml:29:12: error: 'duration' must be more than 0 and at most 86400 seconds, not 0",
                  "event.toml:34:14: error: unknown transition 'fade'",
                  "event.toml:35:9: error: 'image' does not apply to a 'participant' slide",
                  "event.toml:47:14: error: 'valid_from' must not have a UTC offset",
                  "agenda.toml:25:8: error: unknown session kind 'pres' (did you mean 'press'?)",
                  "agenda.toml:32:9: error: 'start' must be a whole minute, not 10:30:15",
                  "participants.toml:4:11: error: unknown country 'kz' (did you mean 'KZ'?)",
                  "participants.toml:15:18: error: 'protocol_order' must be from 1 to 1000000, not 0",
              }));
}

//-----------------------------------------------------------------------------
// Paths and images
//-----------------------------------------------------------------------------

TEST(ContentLoad, PathsLeavingTheFolder) {
    Folder f;
    write_valid(f);
    edit(f, "documents.toml", "body.en = \"documents/declaration.en.md\"", "body.en=\"documents/../../etc/passwd\"");
    edit(f, "participants.toml", "flag = \"images/kz.png\"", "flag = \"/etc/passwd\"");
    fs::create_symlink("/etc", f.dir() / "images" / "etc");
    edit(f, "participants.toml", "portrait = \"images/rahmon.jpg\"", "portrait = \"images/etc/passwd\"");
    // Inside after all: fine.
    edit(f, "event.toml", "logo = \"images/logo.png\"", "logo = \"documents/../images/./logo.png\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "participants.toml:11:8: error: path '/etc/passwd' leaves the content folder",
                  "participants.toml:21:12: error: path 'images/etc/passwd' leaves the content folder",
                  "documents.toml:8:9: error: path 'documents/../../etc/passwd' leaves the content folder",
              }));

    // One of the fixed files as a link to a file outside.
    write_valid(f);
    Folder outside;
    outside.write("agenda.toml", kAgenda);
    f.remove("agenda.toml");
    fs::create_symlink(outside.dir() / "agenda.toml", f.dir() / "agenda.toml");
    EXPECT_EQ(lines(load(f)), Lines{"agenda.toml: error: path 'agenda.toml' leaves the content folder"});

    // Links that stay inside are followed.
    f.remove("agenda.toml");
    f.write("agenda-v2.toml", kAgenda);
    fs::create_symlink("agenda-v2.toml", f.dir() / "agenda.toml");
    EXPECT_EQ(lines(load(f)), Lines{});
}

TEST(ContentLoad, MissingOrUnreadableImages) {
    Folder f;
    write_valid(f);
    f.remove("images/kz.png");
    fs::create_directory(f.dir() / "images" / "kz.png");
    f.remove("images/logo.png");
    edit(f, "documents.toml", "body.ru = \"documents/declaration.ru.md\"", "body.ru = \"documents/declaration.tg.md\"");
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:15:8: error: missing file 'images/logo.png'",
                  "participants.toml:11:8: error: 'images/kz.png' is not a file",
                  "documents.toml:9:11: error: missing file 'documents/declaration.tg.md'",
              }));
    if (::geteuid() != 0) {  // root reads anything
        write_valid(f);
        fs::permissions(f.dir() / "images" / "kz.png", fs::perms::none);
        EXPECT_EQ(lines(load(f)), Lines{"participants.toml:11:8: error: cannot read file 'images/kz.png'"});
    }
}

TEST(ContentLoad, UndecodableImages) {
    Folder f;
    write_valid(f);
    f.image("not-an-image.png", "images/logo.png");
    f.image("truncated.png", "images/kz.png");
    f.image("wide.png", "images/rahmon.jpg");
    EXPECT_EQ(
        lines(load(f)),
        (Lines{
            "event.toml:15:8: error: 'images/logo.png' is not a PNG or JPEG image",
            "participants.toml:11:8: error: image 'images/kz.png' cannot be decoded",
            "participants.toml:21:12: error: image 'images/rahmon.jpg' too large (9000×1 px, at most 8192 px a side)",
        }));
}

TEST(ContentLoad, FilesOverTheSizeLimits) {
    Folder f;
    write_valid(f);
    // Sizes are checked before reading: sparse files cost nothing.
    fs::resize_file(f.dir() / "images" / "logo.png", kMaxImageBytes + 1);
    std::string big = kAgenda;
    big += "# " + std::string(kMaxFileBytes, 'x') + "\n";
    f.write("agenda.toml", big);
    fs::resize_file(f.dir() / "documents" / "declaration.ru.md", 5u << 20);
    EXPECT_EQ(lines(load(f)),
              (Lines{
                  "event.toml:15:8: error: image 'images/logo.png' too large (16.1 MiB, at most 16 MiB)",
                  "agenda.toml: error: file too large (4.1 MiB, at most 4 MiB)",
                  "documents.toml:9:11: error: file 'documents/declaration.ru.md' too large (5.0 MiB, at most 4 MiB)",
              }));
}

//-----------------------------------------------------------------------------
// Translations and fonts
//-----------------------------------------------------------------------------

TEST(ContentLoad, MissingTranslationsAreWarnings) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "display = [\"en\", \"ru\"]", "display = [\"en\", \"ru\", \"tg\"]");
    edit(f, "event.toml", "fallback = [\"ru\"]", "fallback = [\"ru\", \"en\"]");
    f.write("agenda.toml", "[[day]]\ndate = 2025-10-09\ntitle.ru = \"День\"\ntitle.tg = \"Рӯз\"\n");
    f.write("participants.toml",
            "[[participant]]\nid = \"rahmon\"\nprotocol_order = 1\ncountry = \"TJ\"\n"
            "name.en = \"Emomali Rahmon\"\nname.ru = \"Эмомали Рахмон\"\nname.tg = \"Эмомалӣ Раҳмон\"\n"
            "title.en = \"President\"\n");
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r),
              (Lines{
                  "event.toml:2:1: warning: missing translation 'tg' of name (shown in 'ru')",
                  "event.toml:19:1: warning: missing translation 'tg' of name (shown in 'ru')",
                  "event.toml:24:1: warning: missing translation 'tg' of name (shown in 'ru')",
                  "event.toml:39:1: warning: missing translation 'tg' of text (shown in 'ru')",
                  "event.toml:44:1: warning: missing translation 'tg' of text (shown in 'ru')",
                  "agenda.toml:3:1: warning: missing translation 'en' of title (shown in 'ru')",
                  "participants.toml:8:1: warning: missing translation 'ru' of title (shown in 'en')",
                  "participants.toml:8:1: warning: missing translation 'tg' of title (shown in 'en')",
                  "documents.toml:4:1: warning: missing translation 'tg' of title (shown in 'ru')",
                  "documents.toml:6:1: warning: missing translation 'tg' of summary (shown in 'ru')",
                  "documents.toml:8:1: warning: missing translation 'tg' of body (shown in 'ru')",
              }));
    EXPECT_TRUE(r.ok());  // warnings only
    EXPECT_EQ(r.errors(), 0u);
    EXPECT_EQ(r.warnings(), 11u);
}

TEST(ContentLoad, CharactersNoFontCovers) {
    // A stand-in for the font stack: nothing for Arabic covers Cyrillic.
    LoadOptions options;
    options.coverage = [](std::string_view text, std::string_view lang) {
        std::vector<char32_t> missing;
        if (lang != "ar") return missing;
        size_t i = 0;
        while (i < text.size()) {
            const char32_t cp = majlis::text::next_code_point(text, i);
            if (cp >= 0x400 && cp <= 0x4FF) missing.push_back(cp);
        }
        return missing;
    };
    Folder f;
    write_valid(f);
    edit(f, "documents.toml", "title.ru = \"Итоговая декларация\"",
         "title.ru = \"Итоговая декларация\"\ntitle.ar = \"الإعلان \\u0627 ҷ ҷ\"");
    f.write("documents/declaration.ar.md", "# الإعلان\n\nنص *ҷ*\n");
    edit(f, "documents.toml", "body.ru = ", "body.ar = \"documents/declaration.ar.md\"\nbody.ru = ");
    const LoadResult r = load(f, options);
    EXPECT_EQ(lines(r),
              (Lines{
                  "documents.toml:6:28: error: 'title.ar' has U+04B7 CYRILLIC SMALL LETTER CHE WITH DESCENDER, which "
                  "no font for 'ar' covers",
                  "documents/declaration.ar.md:3:5: error: text has U+04B7 CYRILLIC SMALL LETTER CHE WITH DESCENDER, "
                  "which no font for 'ar' covers",
              }));
    // Without a coverage function the check is skipped.
    EXPECT_EQ(lines(load(f)), Lines{});
}

//-----------------------------------------------------------------------------
// Markdown
//-----------------------------------------------------------------------------

TEST(ContentLoad, UnsupportedMarkdownIsAWarning) {
    Folder f;
    write_valid(f);
    f.write("documents/declaration.ru.md",
            "# Декларация\n"                                        // 1
            "\n"                                                    // 2
            "Текст со [ссылкой](https://x.tj) и ![флаг](f.png).\n"  // 3
            "\n"                                                    // 4
            "| a | b |\n"                                           // 5
            "|---|---|\n"                                           // 6
            "| 1 | 2 |\n"                                           // 7
            "\n"                                                    // 8
            "<div>html</div>\n"                                     // 9
            "\n"                                                    // 10
            "```\n"                                                 // 11
            "code\n"                                                // 12
            "```\n"                                                 // 13
            "\n"                                                    // 14
            "> цитата\n"                                            // 15
            "\n"                                                    // 16
            "---\n"                                                 // 17
            "\n"                                                    // 18
            "`x` &amp; &#1239; &foo;\n");                           // 19
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r),
              (Lines{
                  "documents/declaration.ru.md:3:10: warning: unsupported Markdown (link) shown as plain text",
                  "documents/declaration.ru.md:3:36: warning: unsupported Markdown (image) shown as plain text",
                  "documents/declaration.ru.md:5:1: warning: unsupported Markdown (table) shown as plain text",
                  "documents/declaration.ru.md:9:1: warning: unsupported Markdown (HTML) shown as plain text",
                  "documents/declaration.ru.md:11:1: warning: unsupported Markdown (code) shown as plain text",
                  "documents/declaration.ru.md:15:1: warning: unsupported Markdown (quote) shown as plain text",
                  "documents/declaration.ru.md:17:1: warning: unsupported Markdown (horizontal rule) left out",
                  "documents/declaration.ru.md:19:1: warning: unsupported Markdown (code) shown as plain text",
                  "documents/declaration.ru.md:19:19: warning: unsupported Markdown (HTML entity '&foo;') shown as "
                  "plain text",
              }));
    ASSERT_TRUE(r.ok());
    const std::vector<Block>& b = r.event->document("declaration")->body.at("ru").blocks;
    ASSERT_EQ(b.size(), 8u);
    EXPECT_EQ(span_text(b[1]), "Текст со ссылкой и флаг.");
    EXPECT_EQ(span_text(b[2]), "a | b");
    EXPECT_EQ(span_text(b[3]), "1 | 2");
    EXPECT_EQ(span_text(b[4]), "<div>html</div>");
    EXPECT_EQ(span_text(b[5]), "code");
    EXPECT_EQ(span_text(b[6]), "цитата");
    EXPECT_EQ(span_text(b[7]), "x & ӗ &foo;");
}

// A block is laid out in one go in the frame that opens the reader: one longer than the engine
// lays out within a frame (20,000 characters, see loader.h) is a warning at its first text.
// Characters, not bytes: 'ж' is two bytes; a soft line break counts as the space it becomes.
TEST(ContentLoad, BlockTooLongToLayOutInAFrameIsAWarning) {
    Folder f;
    write_valid(f);
    auto repeat = [](const std::string& s, int n) {
        std::string out;
        for (int i = 0; i < n; ++i) out += s;
        return out;
    };
    f.write("documents/declaration.ru.md",
            "# Декларация\n"                                              // 1
            "\n"                                                          // 2
            + repeat("ж", 20000) + "\n"                                   // 3: at the limit
            "\n"                                                          // 4
            "  " + repeat("ж", 10000) + "\n"                              // 5: 10,000 + ' ' ...
            + repeat("ж", 10000) + "\n"                                   // 6: ... + 10,000
            "\n"                                                          // 7
            "- короткий пункт\n"                                          // 8
            "- " + repeat("a", 20002) + "\n");                            // 9
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r),
              (Lines{
                  "documents/declaration.ru.md:5:3: warning: paragraph too long to lay out within a frame (20001 "
                  "characters, at most 20000): split it",
                  "documents/declaration.ru.md:9:3: warning: list item too long to lay out within a frame (20002 "
                  "characters, at most 20000): split it",
              }));
    EXPECT_TRUE(r.ok());
}

TEST(ContentLoad, ManyMarkdownWarningsAreCapped) {
    Folder f;
    write_valid(f);
    std::string body;
    for (int i = 0; i < 150; ++i) body += "[link](https://example.org/" + std::to_string(i) + ")\n\n";
    f.write("documents/declaration.ru.md", body);
    const LoadResult r = load(f);
    const Lines l = lines(r);
    ASSERT_EQ(l.size(), 101u);
    EXPECT_EQ(l[0], "documents/declaration.ru.md: warning: unsupported Markdown in 50 more places (not listed)");
    EXPECT_EQ(l[1], "documents/declaration.ru.md:1:1: warning: unsupported Markdown (link) shown as plain text");
    EXPECT_EQ(l[100], "documents/declaration.ru.md:199:1: warning: unsupported Markdown (link) shown as plain text");
    EXPECT_TRUE(r.ok());
}

TEST(ContentLoad, MarkdownBlocks) {
    using majlis::content::detail::MarkdownIssue;
    using majlis::content::detail::parse_markdown;
    std::vector<MarkdownIssue> issues;
    // A loose list: an item's first paragraph is the item, later ones follow at its depth.
    const std::vector<Block> b = parse_markdown(
        "\xEF\xBB\xBF"
        "Title\n"        // 1 (after a byte order mark)
        "=====\n"        // 2
        "\n"             // 3
        "5. first\n"     // 4
        "\n"             // 5
        "   more\n"      // 6
        "\n"             // 7
        "6. second\n"    // 8
        "\n"             // 9
        "Sub\n"          // 10
        "---\n"          // 11
        "\n"             // 12
        "***\n"          // 13
        "\n"             // 14
        "- - -\n"        // 15
        "# Atx\n"        // 16
        "---\n"          // 17
        "line one  \n"   // 18 (hard break)
        "line _two_\n",  // 19
        &issues);
    ASSERT_EQ(b.size(), 7u);
    EXPECT_EQ(b[0].kind, Block::Kind::Heading);
    EXPECT_EQ(b[0].level, 1);
    EXPECT_EQ(span_text(b[0]), "Title");
    EXPECT_EQ(b[1].kind, Block::Kind::ListItem);
    EXPECT_EQ(b[1].number, 5);
    EXPECT_EQ(span_text(b[1]), "first");
    EXPECT_EQ(b[2].kind, Block::Kind::Paragraph);
    EXPECT_EQ(b[2].level, 1);
    EXPECT_EQ(span_text(b[2]), "more");
    EXPECT_EQ(b[3].number, 6);
    EXPECT_EQ(b[4].kind, Block::Kind::Heading);
    EXPECT_EQ(b[4].level, 2);
    EXPECT_EQ(b[5].kind, Block::Kind::Heading);
    EXPECT_EQ(span_text(b[5]), "Atx");
    EXPECT_EQ(b[6].kind, Block::Kind::Paragraph);
    EXPECT_EQ(b[6].level, 0);
    ASSERT_EQ(b[6].spans.size(), 2u);
    EXPECT_EQ(b[6].spans[0].text, "line one\nline ");
    EXPECT_EQ(b[6].spans[1].text, "two");
    EXPECT_TRUE(b[6].spans[1].emphasis);
    // Rules: not the setext underlines (lines 2 and 11), each rule once.
    ASSERT_EQ(issues.size(), 3u);
    for (const MarkdownIssue& i : issues) {
        EXPECT_EQ(i.what, "horizontal rule");
        EXPECT_TRUE(i.left_out);
    }
    EXPECT_EQ(issues[0].line, 13);
    EXPECT_EQ(issues[1].line, 15);
    EXPECT_EQ(issues[2].line, 17);
}

TEST(ContentLoad, MessageHelpers) {
    using namespace majlis::content::detail;
    EXPECT_EQ(nearest("sarazn", {"grand-foyer", "sarazm", "press-centre"}), "sarazm");
    EXPECT_EQ(nearest("tme_zone", {"time_zone", "name"}), "time_zone");
    EXPECT_EQ(nearest("tiem_zone", {"time_zone"}), "time_zone");  // a transposition is one edit
    EXPECT_EQ(nearest("xx", {"ar", "ru"}), "");
    EXPECT_EQ(nearest("ab", {"ar"}), "ar");
    EXPECT_EQ(nearest("abcd", {"abxy"}), "");  // short words: one edit at most
    EXPECT_EQ(code_point_label(0x04B7), "U+04B7 CYRILLIC SMALL LETTER CHE WITH DESCENDER");
    EXPECT_EQ(code_point_label(0xE000), "U+E000");
    EXPECT_EQ(code_point_label(0x1F600), "U+1F600 GRINNING FACE");
    EXPECT_EQ(format_size(17), "17 bytes");
    EXPECT_EQ(format_size((4u << 20) + 1), "4.1 MiB");
    EXPECT_EQ(format_limit(4u << 20), "4 MiB");
    EXPECT_EQ(find_invalid_utf8("ok \xF4\x90\x80\x80"), 3u);  // past U+10FFFF
    EXPECT_EQ(find_invalid_utf8("ок ✓ 😀"), std::string::npos);
}

//-----------------------------------------------------------------------------
// `majlis check`
//-----------------------------------------------------------------------------

namespace {
struct CheckOutput {
    int code;
    std::string text;
};
CheckOutput run_check(const std::string& dir) {
    char* buf = nullptr;
    size_t size = 0;
    FILE* out = open_memstream(&buf, &size);
    const int code = check_command(dir, {}, out);
    std::fclose(out);
    CheckOutput r{code, std::string(buf, size)};
    std::free(buf);
    return r;
}
}  // namespace

TEST(ContentLoad, CheckCommandPrintsDiagnosticsAndASummary) {
    Folder f;
    write_valid(f);
    CheckOutput ok = run_check(f.path());
    EXPECT_EQ(ok.code, 0);
    EXPECT_EQ(ok.text, f.path() + ": 0 errors, 0 warnings\n");

    edit(f, "event.toml", "display = [\"en\", \"ru\"]", "display = [\"en\", \"ru\", \"tg\"]");
    CheckOutput warn = run_check(f.path());
    EXPECT_EQ(warn.code, 0);  // warnings allowed
    EXPECT_NE(warn.text.find("\n" + f.path() + ": 0 errors, 19 warnings\n"), std::string::npos) << warn.text;

    write_valid(f);
    edit(f, "agenda.toml", "hall = \"press-centre\"", "hall = \"press-center\"");
    edit(f, "documents.toml", "title.ru = \"Итоговая декларация\"\n", "");
    CheckOutput bad = run_check(f.path());
    EXPECT_EQ(bad.code, 1);
    EXPECT_EQ(bad.text,
              "agenda.toml:24:8: error: unknown hall 'press-center' (did you mean 'press-centre'?)\n"
              "documents.toml:4:1: warning: missing translation 'ru' of title (shown in 'en')\n" +
                  f.path() + ": 1 error, 1 warning\n");

    CheckOutput unreadable = run_check("/nonexistent/majlis-event");
    EXPECT_EQ(unreadable.code, 2);
    EXPECT_EQ(
        unreadable.text,
        "error: folder '/nonexistent/majlis-event' does not exist\n/nonexistent/majlis-event: 1 error, 0 warnings\n");
}

//-----------------------------------------------------------------------------
// Never throws: every exit is a result
//-----------------------------------------------------------------------------

TEST(ContentLoad, HostileValuesAreQuotedSafely) {
    Folder f;
    write_valid(f);
    edit(f, "agenda.toml", "hall = \"press-centre\"", "hall = \"a\\nb\\u0007" + std::string(100, 'x') + "\"");
    const Lines l = lines(load(f));
    ASSERT_EQ(l.size(), 1u);
    // 80 characters (a, newline, b, BEL and 76 x), then the ellipsis.
    EXPECT_EQ(l[0], "agenda.toml:24:8: error: unknown hall 'a\\nb\\u{7}" + std::string(76, 'x') + "…'");
}

//-----------------------------------------------------------------------------
// The demo
//-----------------------------------------------------------------------------

TEST(ContentLoad, DemoFolderHasNoErrors) {
    const std::string dir = std::string(MAJLIS_SOURCE_DIR) + "/assets/dushanbe-2025";
    const auto t0 = std::chrono::steady_clock::now();
    const LoadResult r = load_event(dir);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::string all;
    for (const std::string& l : lines(r)) all += l + "\n";
    EXPECT_EQ(r.errors(), 0u) << all;
    ASSERT_TRUE(r.ok()) << all;
    EXPECT_FALSE(r.event->days.empty());
    EXPECT_FALSE(r.event->participants.empty());
    EXPECT_FALSE(r.event->documents.empty());
    std::printf("demo: %zu warnings, loaded in %.1f ms\n", r.warnings(), ms);
}

// The README's worked example: a congress from its frab export, with its screens' roles.
TEST(ContentLoad, CongressSampleIsClean) {
    const LoadResult r = load_event(std::string(MAJLIS_SOURCE_DIR) + "/assets/samples/congress");
    EXPECT_TRUE(lines(r).empty()) << ::testing::PrintToString(lines(r));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.event->days.size(), 3u);
    EXPECT_EQ(r.event->halls.size(), 3u);
    const ScreenRole door = resolve_screen_role(r.event->screens, "kinozal-door", {"doors"});
    EXPECT_EQ(door.mode, "room");
    EXPECT_EQ(door.hall, "kinozal");
    EXPECT_EQ(door.rotate, 90);
    EXPECT_EQ(resolve_screen_role(r.event->screens, "info-kiosk", {}).mode, "kiosk");
    EXPECT_EQ(resolve_screen_role(r.event->screens, "somewhere", {}).mode, "lobby");
}

//-----------------------------------------------------------------------------
// screens.toml and named playlists (content/screens_config.h)
//-----------------------------------------------------------------------------

namespace {

const char* kFoyerPlaylist = R"(
[[playlists.foyer]]
kind = "agenda"

[[playlists.foyer]]
kind = "participant"
participant = "rahmon"
duration = 6
)";

const char* kScreens = R"([default]
mode = "loop"

[group.doors]
mode = "room"
lang = "ru"

[group.kiosks]
mode = "kiosk"
idle_timeout = 60

[screen.sarazm-door]
hall = "sarazm"
rotate = 90

[screen.foyer]
playlist = "foyer"
langs = ["ru", "en"]
high_contrast = true
)";

}  // namespace

TEST(ContentLoad, ScreensTomlGivesEachScreenItsRole) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "valid_until = 2025-10-09T13:00:00\n", std::string("valid_until = 2025-10-09T13:00:00\n") + kFoyerPlaylist);
    f.write("screens.toml", kScreens);
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r), Lines{});
    ASSERT_TRUE(r.ok());
    const Event& e = *r.event;
    // The named playlist has the playlist's slides, the event's own playlist is untouched.
    ASSERT_EQ(e.playlists.size(), 1u);
    const std::vector<Slide>& foyer = e.playlists.at("foyer");
    ASSERT_EQ(foyer.size(), 2u);
    EXPECT_EQ(foyer[0].kind, SlideKind::Agenda);
    EXPECT_EQ(foyer[1].kind, SlideKind::Participant);
    EXPECT_EQ(foyer[1].ref, "rahmon");
    EXPECT_EQ(foyer[1].duration_s, 6);
    EXPECT_EQ(e.playlist.size(), 3u);

    // The screen's entry, then its groups in the order given (the first that sets a field
    // wins), then [default].
    ScreenRole door = resolve_screen_role(e.screens, "sarazm-door", {"doors"});
    EXPECT_EQ(door.mode, "room");
    EXPECT_EQ(door.hall, "sarazm");
    EXPECT_EQ(door.lang, "ru");
    EXPECT_EQ(door.rotate, 90);
    EXPECT_EQ(door.playlist, "");
    ScreenRole foyer_screen = resolve_screen_role(e.screens, "foyer", {});
    EXPECT_EQ(foyer_screen.mode, "loop");
    EXPECT_EQ(foyer_screen.playlist, "foyer");
    EXPECT_EQ(foyer_screen.langs, (std::vector<std::string>{"ru", "en"}));
    EXPECT_EQ(foyer_screen.lang, "ru");  // the first of langs
    EXPECT_EQ(foyer_screen.high_contrast, true);
    EXPECT_FALSE(foyer_screen.rotate.has_value());
    ScreenRole kiosk = resolve_screen_role(e.screens, "unlisted", {"kiosks", "doors"});
    EXPECT_EQ(kiosk.mode, "kiosk");  // kiosks is listed first
    EXPECT_EQ(kiosk.lang, "ru");     // from doors: kiosks gives none
    EXPECT_EQ(kiosk.idle_timeout_s, 60);
    ScreenRole other = resolve_screen_role(e.screens, "unlisted", {"doors", "kiosks"});
    EXPECT_EQ(other.mode, "room");
    EXPECT_EQ(other.idle_timeout_s, 60);
    EXPECT_EQ(resolve_screen_role(e.screens, "unlisted", {}).mode, "loop");
    // A screen without an id has no role, whatever [default] says.
    EXPECT_EQ(resolve_screen_role(e.screens, "", {"doors"}), ScreenRole{});

    // Without screens.toml: no roles at all.
    f.remove("screens.toml");
    const LoadResult none = load(f);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none.event->screens.empty());
    EXPECT_EQ(resolve_screen_role(none.event->screens, "sarazm-door", {"doors"}), ScreenRole{});
}

TEST(ContentLoad, ScreensTomlProblems) {
    Folder f;
    write_valid(f);
    edit(f, "event.toml", "valid_until = 2025-10-09T13:00:00\n", std::string("valid_until = 2025-10-09T13:00:00\n") + kFoyerPlaylist);
    f.write("screens.toml", R"([default]
mode = "room"
colour = "red"

[group.doors]
mode = "rom"

[screen.sarazm-door]
mode = "lobby"
hall = "sarazm"
lang = "de"
rotate = 45
playlist = "foye"
idle_timeout = 2
high_contrast = "yes"

[screen."bad id!"]
mode = "kiosk"

[screen.press-door]
mode = "room"

[screen.kiosk]
hall = "sarazn"
langs = ["en", "en"]
lang = "ru"
rotate = "90"
)");
    const LoadResult r = load(f);
    EXPECT_EQ(lines(r),
              (Lines{
                  "screens.toml:1:1: error: [default] says mode \"room\" but gives no 'hall' (every screen not "
                  "listed would be a room sign without a hall)",
                  "screens.toml:3:1: error: unknown key 'default.colour'",
                  "screens.toml:6:8: error: unknown mode 'rom' (lobby, room, kiosk or loop) (did you mean 'room'?)",
                  "screens.toml:10:8: error: 'hall' applies to mode \"room\" only (a room sign), not 'lobby'",
                  "screens.toml:11:8: error: language 'de' is not one of the event's ('languages.display')",
                  "screens.toml:12:10: error: 'screen.sarazm-door.rotate' must be 0, 90, 180 or 270, not 45",
                  "screens.toml:13:12: error: unknown playlist 'foye' (event.toml's [[playlists.foye]]) (did you "
                  "mean 'foyer'?)",
                  "screens.toml:14:16: error: 'screen.sarazm-door.idle_timeout' must be from 5 to 86400 seconds, "
                  "not 2",
                  "screens.toml:15:17: error: 'screen.sarazm-door.high_contrast' must be a boolean, not a string",
                  "screens.toml:17:9: error: screen id 'bad id!' must be 1 to 64 of A-Z a-z 0-9 _ -",
                  "screens.toml:20:1: error: screen 'press-door' is a room sign (mode \"room\") but no entry gives "
                  "it a 'hall'",
                  // [default]'s mode, and no entry gives a hall
                  "screens.toml:23:1: error: screen 'kiosk' is a room sign (mode \"room\") but no entry gives it "
                  "a 'hall'",
                  "screens.toml:24:8: error: unknown hall 'sarazn' (did you mean 'sarazm'?)",
                  "screens.toml:25:16: error: 'screen.kiosk.langs' lists 'en' twice",
                  "screens.toml:26:8: error: language 'ru' is not in 'screen.kiosk.langs'",
                  "screens.toml:27:10: error: 'screen.kiosk.rotate' must be an integer, not a string",
              }));
    EXPECT_FALSE(r.ok());

    // Named playlists: a name that is not an id, and the slides' own checks.
    Folder g;
    write_valid(g);
    edit(g, "event.toml", "valid_until = 2025-10-09T13:00:00\n",
         "valid_until = 2025-10-09T13:00:00\n\n[[playlists.Foyer]]\nkind = \"agenda\"\n\n[[playlists.press]]\n"
         "kind = \"participant\"\nparticipant = \"nobody\"\n");
    g.write("screens.toml", "[screen.x]\nplaylist = \"press\"\nlang = \"de-XX\"\n");
    const LoadResult p = load(g);
    const Lines got = lines(p);
    ASSERT_GE(got.size(), 2u);
    EXPECT_EQ(got[0], "event.toml:49:13: error: playlist name 'Foyer' must be lower-case letters, digits and '-'");
    bool nobody = false;
    for (const std::string& l : got) nobody = nobody || l.find("event.toml:54:15: error: unknown participant 'nobody'") == 0;
    EXPECT_TRUE(nobody) << ::testing::PrintToString(got);
}
