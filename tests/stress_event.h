// An event made to strain the screens, written as a content folder at test time (reproducible
// from its seed), so that screen tests are not tuned to the demo:
//
//  - the eight languages of the summit (ar, ru, en, tg, kk, ky, uz, tk), each with its own
//    letters (Kazakh ә ғ қ ң ө ұ ү һ і, Tajik ҳ ҷ ӣ ӯ, Turkmen ä ç ň ş ý ž, Uzbek oʻ gʻ, Arabic
//    with harakat), every text in every language;
//  - 12 halls, 80 sessions over 3 days (every hall busy every day, up to 5 speakers each);
//  - names and titles three times as long as the demo's (a hall's name about 100 characters,
//    a session's title about 100, a participant's name about 60 and title about 135);
//  - 30 participants: one with no portrait, one with a 6,000 x 4,000 portrait (the others none);
//  - a document whose Russian body is 500 KB of Markdown (headings, paragraphs, lists,
//    emphasis), the other languages' a few KB, and a second, short one;
//  - a playlist with every kind of slide, and four long announcements.
// Words come from a small vocabulary per language, picked by a std::mt19937 from the seed
// (taken modulo, so every standard library picks the same).
#pragma once

#include "platform.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace majlis::testing {

struct StressEvent {
    static constexpr const char* kLanguages[] = {"ar", "ru", "en", "tg", "kk", "ky", "uz", "tk"};
    static constexpr int kHalls = 12, kSessions = 80, kDays = 3, kParticipants = 30;
    static constexpr const char* kNoPortrait = "p00";      // participant ids
    static constexpr const char* kHugePortrait = "p01";
    static constexpr const char* kBigDocument = "big-report";
    // A page's address `bytes` long (QR codes: content allows at most 512 bytes).
    static std::string url(size_t bytes) {
        std::string u = "https://summit.example/";
        while (u.size() < bytes) u += "page-";
        u.resize(bytes);
        return u;
    }
    static constexpr const char* kFirstDay = "2026-05-12";
};

namespace stress_detail {

inline const std::vector<std::string>& words(const std::string& lang) {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> vocab = {
        {"ar", {"القِمَّة", "التعاون", "الاقتصادي", "الإقليمي", "المؤتمر", "رؤساء", "الدول", "الطاقة", "والمياه",
                "النقل", "الاستثمار", "الأمن", "جَلسة", "عامّة", "حوار", "الشباب", "الثقافة", "التنمية",
                "المستدامة", "آسيا", "الوسطى", "لِلتَّعاوُن", "المشترك"}},
        {"ru", {"саммит", "сотрудничество", "региональной", "безопасности", "экономического", "развития",
                "транспортных", "коридоров", "энергетики", "водных", "ресурсов", "пленарное", "заседание",
                "глав", "государств", "молодёжи", "культуры", "инвестиций", "объединённых"}},
        {"en", {"summit", "cooperation", "regional", "security", "economic", "development", "transport",
                "corridors", "energy", "water", "resources", "plenary", "session", "heads", "of", "state",
                "youth", "culture", "investment", "dialogue", "partnership"}},
        {"tg", {"саммит", "ҳамкорӣ", "минтақавӣ", "амният", "иқтисодӣ", "рушди", "долонҳои", "нақлиётӣ",
                "энергетика", "захираҳои", "обӣ", "ҷаласаи", "пленарӣ", "сарони", "давлатҳо", "ҷавонон",
                "фарҳанг", "сармоягузорӣ", "муколама", "ӯҳдадорӣ"}},
        {"kk", {"саммит", "ынтымақтастық", "өңірлік", "қауіпсіздік", "экономикалық", "даму", "көлік",
                "дәліздері", "энергетика", "су", "ресурстары", "пленарлық", "отырыс", "мемлекет", "басшылары",
                "жастар", "мәдениет", "инвестиция", "үнқатысу", "ұлттық", "һәм", "іскерлік"}},
        {"ky", {"саммит", "кызматташтык", "аймактык", "коопсуздук", "экономикалык", "өнүктүрүү",
                "транспорттук", "коридорлор", "энергетика", "суу", "ресурстары", "пленардык", "жыйын",
                "мамлекет", "башчылары", "жаштар", "маданият", "инвестиция", "аңгеме", "үндөшүү"}},
        {"uz", {"sammit", "hamkorlik", "mintaqaviy", "xavfsizlik", "iqtisodiy", "rivojlanish", "transport",
                "yoʻlaklari", "energetika", "suv", "resurslari", "yalpi", "majlis", "davlat", "rahbarlari",
                "yoshlar", "madaniyat", "sarmoya", "muloqot", "oʻzaro", "gʻalaba", "choʻl"}},
        {"tk", {"sammit", "hyzmatdaşlyk", "sebitleýin", "howpsuzlyk", "ykdysady", "ösüş", "ulag",
                "geçelgeleri", "energetika", "suw", "serişdeleri", "umumy", "mejlis", "döwlet", "baştutanlary",
                "ýaşlar", "medeniýet", "maýa", "goýum", "gepleşik", "žurnal", "ňaşy"}},
    };
    for (const auto& [l, w] : vocab)
        if (l == lang) return w;
    return vocab[2].second;
}

inline const std::vector<std::string>& name_parts(const std::string& lang) {
    static const std::vector<std::string> arabic = {"عبد العزيز", "محمد", "نور الدين", "كمال", "رستم", "شوكت", "بن", "أحمد"};
    static const std::vector<std::string> cyrillic = {"Абдулазиз", "Нурланович", "Қасымжомарт", "Өмірзақов",
                                                      "Ҷамшедов", "Үсөнбеков", "Рустамович", "Шавкатов"};
    static const std::vector<std::string> latin = {"Abdulaziz", "Nurlanovich", "Gʻayratjon", "Oʻrazmuhammedow",
                                                   "Ýagşymyradow", "Rustamovich", "Şawkat", "Berdimuhamedov"};
    if (lang == "ar") return arabic;
    if (lang == "ru" || lang == "tg" || lang == "kk" || lang == "ky") return cyrillic;
    return latin;
}

struct Writer {
    std::mt19937 rng;
    explicit Writer(uint32_t seed) : rng(seed) {}
    size_t pick(size_t n) { return size_t(rng() % uint32_t(n)); }

    // Words of `lang` until the text is at least `chars` characters (code points) long.
    std::string text(const std::string& lang, size_t chars, const std::vector<std::string>& from) {
        std::string out;
        size_t n = 0;
        while (n < chars) {
            const std::string& w = from[pick(from.size())];
            if (!out.empty()) out += ' ', ++n;
            out += w;
            for (unsigned char c : w) n += (c & 0xC0) != 0x80;
        }
        return out;
    }
    std::string words(const std::string& lang, size_t chars) { return text(lang, chars, stress_detail::words(lang)); }
    std::string name(const std::string& lang, size_t chars) { return text(lang, chars, name_parts(lang)); }

    // `key.LANG = "…"` for every language.
    std::string keyed(const std::string& key, size_t chars, bool is_name = false) {
        std::string out;
        for (const char* l : StressEvent::kLanguages)
            out += key + "." + l + " = \"" + (is_name ? name(l, chars) : words(l, chars)) + "\"\n";
        return out;
    }

    // A Markdown body of at least `bytes`.
    std::string markdown(const std::string& lang, size_t bytes) {
        std::string out;
        int section = 0;
        while (out.size() < bytes) {
            out += "# " + std::to_string(++section) + ". " + words(lang, 60) + "\n\n";
            out += words(lang, 300) + " *" + words(lang, 20) + "* " + words(lang, 200) + " **" + words(lang, 15) +
                   "**.\n\n";
            for (int i = 1; i <= 3; ++i) out += std::to_string(i) + ". " + words(lang, 90) + "\n";
            out += "\n";
            for (int i = 0; i < 2; ++i) out += "- " + words(lang, 70) + "\n";
            out += "\n## " + words(lang, 40) + "\n\n" + words(lang, 400) + ".\n\n";
        }
        return out;
    }
};

inline std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace stress_detail

// Writes the event into `dir` (created; an existing folder is replaced).
inline void write_stress_event(const std::filesystem::path& dir, uint32_t seed = 7) {
    namespace fs = std::filesystem;
    using namespace stress_detail;
    using S = StressEvent;
    fs::remove_all(dir);
    fs::create_directories(dir / "documents");
    fs::create_directories(dir / "images");
    Writer w(seed);

    // A 6,000 x 4,000 portrait: bands of colour (small as a PNG, large once decoded).
    {
        const int pw = 6000, ph = 4000;
        std::vector<uint8_t> rgba(size_t(pw) * size_t(ph) * 4);
        for (int y = 0; y < ph; ++y)
            for (int x = 0; x < pw; ++x) {
                uint8_t* p = &rgba[(size_t(y) * size_t(pw) + size_t(x)) * 4];
                p[0] = uint8_t(60 + (y / 400) * 18);
                p[1] = uint8_t(90 + (x / 600) * 14);
                p[2] = 140;
                p[3] = 255;
            }
        platform::write_png((dir / "images" / "portrait-huge.png").string(), pw, ph, rgba);
    }

    std::ofstream ev(dir / "event.toml");
    ev << "id = \"stress\"\n" << w.keyed("name", 105) << "start_date = " << S::kFirstDay
       << "\nend_date = 2026-05-14\ntime_zone = \"Asia/Dushanbe\"\n\n[languages]\ndisplay = [";
    for (const char* l : S::kLanguages) ev << "\"" << l << "\"" << (l == std::string("tk") ? "" : ", ");
    ev << "]\ndefault = \"ru\"\nfallback = [\"en\", \"ru\"]\n\n";
    for (int h = 0; h < S::kHalls; ++h) ev << "[[hall]]\nid = \"hall-" << h << "\"\n" << w.keyed("name", 100) << "\n";
    const char* kinds[] = {"title", "now-next", "agenda", "participant", "participant", "document", "image", "announcement"};
    for (const char* kind : kinds) {
        ev << "[[playlist]]\nkind = \"" << kind << "\"\nduration = 10\n";
        if (kind == std::string("participant"))
            ev << "participant = \"" << (w.pick(2) ? S::kHugePortrait : S::kNoPortrait) << "\"\n";
        if (kind == std::string("document")) ev << "document = \"" << S::kBigDocument << "\"\n";
        if (kind == std::string("image")) ev << "image = \"images/portrait-huge.png\"\n";
        if (kind == std::string("announcement")) ev << w.keyed("text", 210);
        ev << "\n";
    }
    for (int a = 0; a < 4; ++a)
        ev << "[[announcement]]\nid = \"notice-" << a << "\"\n" << w.keyed("text", 210) << "valid_from = 2026-05-1"
           << 2 + a % 3 << "T08:00:00\nvalid_until = 2026-05-14T20:00:00\n\n";
    ev.close();

    std::ofstream pa(dir / "participants.toml");
    const char* kCountries[] = {"TJ", "KZ", "KG", "RU", "TM", "UZ"};
    for (int p = 0; p < S::kParticipants; ++p) {
        const std::string id = "p" + two(p);
        pa << "[[participant]]\nid = \"" << id << "\"\nprotocol_order = " << p + 1 << "\ncountry = \""
           << kCountries[p % 6] << "\"\nnative_lang = \""
           << S::kLanguages[p % 8] << "\"\n"
           << w.keyed("name", 60, true) << w.keyed("title", 135);
        if (id == S::kHugePortrait) pa << "portrait = \"images/portrait-huge.png\"\n";
        // Every other person has a page (a QR code): short, or as long as content allows.
        if (p % 2 == 0) pa << "url = \"" << S::url(p % 4 == 0 ? 40 : 512) << "\"\n";
        pa << "\n";
    }
    pa.close();

    std::ofstream dc(dir / "documents.toml");
    for (const char* id : {S::kBigDocument, "short-note"}) {
        dc << "[[document]]\nid = \"" << id << "\"\nillustrative = true\n" << w.keyed("title", 180)
           << w.keyed("summary", 600);
        dc << "url = \"" << S::url(id == std::string(S::kBigDocument) ? 512 : 60) << "\"\n";
        for (const char* l : S::kLanguages) {
            const std::string file = std::string("documents/") + id + "." + l + ".md";
            const bool big = id == std::string(S::kBigDocument) && l == std::string("ru");
            std::ofstream(dir / file) << w.markdown(l, big ? 500 * 1024 : 4 * 1024);
            dc << "body." << l << " = \"" << file << "\"\n";
        }
        dc << "\n";
    }
    dc.close();

    // 80 sessions: per day, the halls in turn, each hall's sessions 100 minutes apart from
    // 08:00 (offset 5 minutes a hall), 30 to 95 minutes long.
    std::ofstream ag(dir / "agenda.toml");
    const char* session_kinds[] = {"arrival", "ceremony", "photo", "plenary", "statement",
                                   "bilateral", "press", "adoption", "break", "other"};
    int n = 0;
    for (int d = 0; d < S::kDays; ++d) {
        ag << "[[day]]\ndate = 2026-05-1" << 2 + d << "\n" << w.keyed("title", 110) << "\n";
        const int today = S::kSessions / S::kDays + (d < S::kSessions % S::kDays ? 1 : 0);
        for (int j = 0; j < today; ++j, ++n) {
            const int hall = j % S::kHalls, slot = j / S::kHalls;
            const int start = 8 * 60 + slot * 100 + hall * 5, end = start + 30 + int(w.pick(14)) * 5;
            ag << "[[day.session]]\nid = \"s" << n << "\"\nstart = " << two(start / 60) << ":" << two(start % 60)
               << ":00\nend = " << two(end / 60) << ":" << two(end % 60) << ":00\nhall = \"hall-" << hall
               << "\"\nkind = \"" << session_kinds[n % 10] << "\"\n"
               << w.keyed("title", 100) << w.keyed("description", 400) << "speakers = [";
            const int speakers = 1 + int(w.pick(5));
            for (int s = 0; s < speakers; ++s)
                ag << (s ? ", " : "") << "\"p" << two(int((n * 7 + s * 3) % S::kParticipants)) << "\"";
            ag << "]\n" << (n % 9 == 0 ? std::string("documents = [\"") + S::kBigDocument + "\"]\n" : "");
            if (n % 3 == 0) ag << "url = \"" << S::url(n % 2 ? 80 : 300) << "\"\n";
            ag << "\n";
        }
    }
}

}  // namespace majlis::testing
