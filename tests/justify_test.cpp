// Align::Justify: kashida in Arabic lines (where, how much) and inter-word spaces elsewhere.
// Expected kashida places are written out by hand as the word with "ـ" where the stretch goes,
// checked against the priorities in app/text/justify.cpp (after Seen/Sad; before final Teh
// Marbuta/Heh/Dal; before final Alef/Tah/Lam/Kaf/Gaf; before medial Beh-like + Reh/Yeh; before
// final Waw/Ain/Qaf/Feh; before any other final letter).
#include "core/log.h"
#include "text/text_internal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace majlis;
using namespace majlis::text;

namespace {

const std::string kFonts = std::string(MAJLIS_SOURCE_DIR) + "/fonts";
constexpr uint32_t kLatin = uint32_t('L') << 24 | uint32_t('a') << 16 | uint32_t('t') << 8 | uint32_t('n');  // hb_script_t

std::u32string to_u32(const std::string& s) {
    const Utf32Text t = decode_utf8(s);
    return std::u32string(t.cps.begin(), t.cps.end());
}
std::string to_utf8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) {
        if (c < 0x80) out += char(c);
        else if (c < 0x800) { out += char(0xC0 | (c >> 6)); out += char(0x80 | (c & 0x3F)); }
        else { out += char(0xE0 | (c >> 12)); out += char(0x80 | ((c >> 6) & 0x3F)); out += char(0x80 | (c & 0x3F)); }
    }
    return out;
}

// The text with "ـ" at each site find_kashida_sites picks (every join allowed).
std::string sites_of(const std::string& text) {
    const std::u32string cps = to_u32(text);
    std::vector<KashidaSite> sites;
    find_kashida_sites(cps.data(), cps.size(), nullptr, sites);
    std::u32string out;
    size_t next = 0;
    for (size_t i = 0; i < cps.size(); ++i) {
        if (next < sites.size() && sites[next].before == i) {
            out += U'\u0640';
            ++next;
        }
        out += cps[i];
    }
    return to_utf8(out);
}

struct Engine {
    std::vector<std::string> log_lines;
    Log log = Log::capture(&log_lines);
    TextEngine engine;
    Engine() : engine(config(), log) {}
    static TextEngine::Config config() {
        TextEngine::Config c;
        c.fonts_dir = kFonts;
        return c;
    }
    Style style(std::string lang, float width, Align align = Align::Justify) {
        Style s;
        s.lang = std::move(lang);
        s.size_px = 32;
        s.max_width = width;
        s.align = align;
        return s;
    }
    float natural(const std::string& text, const std::string& lang) {
        return engine.layout(text, style(lang, 0, Align::Start))->lines.at(0).width;
    }
    // The body font's tatweel (Noto Naskh Arabic), between two letters (alone it is Common
    // script and comes from the default chain).
    const Glyph& tatweel() {
        for (const Glyph& g : engine.layout("بـب", style("ar", 0, Align::Start))->lines.at(0).runs.at(0).glyphs)
            if (g.cluster == 2) return g;
        throw std::runtime_error("no tatweel");
    }
    uint32_t tatweel_id() { return tatweel().id; }
};

// Tatweel glyphs per cluster (byte offset of the letter they follow).
std::map<uint32_t, int> tatweels(const Line& line, uint32_t id) {
    std::map<uint32_t, int> out;
    for (const GlyphRun& r : line.runs)
        for (const Glyph& g : r.glyphs)
            if (g.id == id) ++out[g.cluster];
    return out;
}

// What justification added to `line` compared with the same line unjustified: the line's text
// with one "ـ" per kashida site (after the letter and its marks), and the tatweels per site.
struct Kashidas {
    std::string text;
    std::vector<int> counts;
};
Kashidas kashidas_of(const std::string& text, const Line& justified, const Line& plain, uint32_t id) {
    const auto after = tatweels(justified, id), before = tatweels(plain, id);
    std::vector<uint32_t> clusters;  // where clusters start, to find the end of a letter's cluster
    for (const GlyphRun& r : plain.runs)
        for (const Glyph& g : r.glyphs) clusters.push_back(g.cluster);
    std::sort(clusters.begin(), clusters.end());
    Kashidas k;
    k.text = text.substr(justified.start, justified.end - justified.start);
    while (!k.text.empty() && k.text.back() == ' ') k.text.pop_back();
    std::vector<std::pair<uint32_t, int>> sites;
    for (auto [cluster, n] : after) {
        const int added = n - (before.count(cluster) ? before.at(cluster) : 0);
        if (added <= 0) continue;
        auto next = std::upper_bound(clusters.begin(), clusters.end(), cluster);
        sites.push_back({next == clusters.end() ? justified.end : *next, added});
    }
    for (auto it = sites.rbegin(); it != sites.rend(); ++it) k.text.insert(it->first - justified.start, "\u0640");
    for (auto [at, n] : sites) k.counts.push_back(n);
    return k;
}

// Lays out `line` twice, at the width of `line` plus `gap`: the first line is `line`, justified
// (the copy goes to the last line, which is not).
struct OneLine {
    std::shared_ptr<const Layout> layout, plain;
    Kashidas kashidas;
    float width = 0;
    std::string text;
};
OneLine justify_one(Engine& e, const std::string& line, float gap, const std::string& lang = "ar") {
    const std::string text = line + " " + line;
    OneLine o;
    o.text = text;
    o.width = e.natural(line, lang) + gap;
    o.layout = e.engine.layout(text, e.style(lang, o.width));
    o.plain = e.engine.layout(text, e.style(lang, o.width, Align::Start));
    EXPECT_EQ(o.layout->lines.size(), 2u) << line;
    EXPECT_EQ(o.plain->lines.size(), 2u) << line;
    if (o.layout->lines.size() == 2 && o.plain->lines.size() == 2)
        o.kashidas = kashidas_of(text, o.layout->lines[0], o.plain->lines[0], e.tatweel_id());
    return o;
}

float tatweel_px(Engine& e) { return e.tatweel().advance; }

}  // namespace

// The rules on their own: one site per word, the best priority, the later of equals.
TEST(KashidaSites, OnePerWordByPriority) {
    EXPECT_EQ(sites_of("مسجد"), "مسـجد");        // 2: after Seen (beats 3: before final Dal)
    EXPECT_EQ(sites_of("مدرسة"), "مدرسـة");      // 2: after Seen (beats 3: before Dal, Teh Marbuta)
    EXPECT_EQ(sites_of("كتاب"), "كتـاب");        // 4: before final Alef
    EXPECT_EQ(sites_of("السلام"), "السـلام");    // 2: after Seen; never inside lam-alef
    EXPECT_EQ(sites_of("جميل"), "جميـل");        // 4: before final Lam
    EXPECT_EQ(sites_of("كبير"), "كبـير");        // 5: before medial Yeh + Reh (later of two)
    EXPECT_EQ(sites_of("فهم"), "فهـم");          // 7: before final Meem (Heh is not final)
    EXPECT_EQ(sites_of("محمد"), "محمـد");        // 3: before final Dal
    EXPECT_EQ(sites_of("قلم"), "قلـم");          // 7
    EXPECT_EQ(sites_of("شمع"), "شـمع");          // 2: after Sheen (Seen family) beats 6: Ain
    EXPECT_EQ(sites_of("نحو"), "نحـو");          // 6: before final Waw
    EXPECT_EQ(sites_of("فصل"), "فصـل");          // 2: after Sad
    EXPECT_EQ(sites_of("وجه"), "وجـه");          // 3: before final Heh
    EXPECT_EQ(sites_of("مستشفى"), "مستشـفى");    // 2: the later Seen-family join; not before final Alef Maksura
    EXPECT_EQ(sites_of("المدينة"), "المدينـة");  // 3: before Teh Marbuta (later than before Dal)
    EXPECT_EQ(sites_of("مؤتمر"), "مـؤتمر");      // 6: before final Waw with Hamza (beats 7: Reh)
    EXPECT_EQ(sites_of("الدولي"), "الـدولي");    // 3: before Dal; never before the final Yeh
}

TEST(KashidaSites, MarksStayOnTheirLetters) {
    // The tatweel goes after the letter's harakat, before the next letter.
    EXPECT_EQ(sites_of("بَسْمَلَة"), "بَسْـمَلَة");
    EXPECT_EQ(sites_of("كَبِيرَة"), "كَبِـيرَة");
}

TEST(KashidaSites, UserTatweelZwnjAndPersian) {
    EXPECT_EQ(sites_of("كتـاب"), "كتــاب");           // 1: after the tatweel the author typed
    EXPECT_EQ(sites_of("می‌خواهم"), "می‌خـواهم");    // no join across ZWNJ; Farsi Yeh final: never
    EXPECT_EQ(sites_of("کتاب"), "کتـاب");             // Keheh is of the Gaf family; before final Alef
}

TEST(KashidaSites, NeverWhereLettersDoNotJoin) {
    // Lam-alef, after the non-joining letters ا د ذ ر ز و, before a final Yeh: no site at all.
    EXPECT_EQ(sites_of("لا"), "لا");
    EXPECT_EQ(sites_of("علي"), "علي");
    EXPECT_EQ(sites_of("ورد زاد دار ذر"), "ورد زاد دار ذر");
    EXPECT_EQ(sites_of("Summit 2025"), "Summit 2025");
}

TEST(KashidaSites, AnyWhiteSpaceEndsAWord) {
    EXPECT_EQ(sites_of("مسجد\tكبير\u2028قلم\u2003فهم  "), "مسـجد\tكبـير\u2028قلـم\u2003فهـم  ");
    EXPECT_EQ(sites_of("\t\t"), "\t\t");
    EXPECT_EQ(sites_of(""), "");
}

TEST(KashidaSites, AllowedJoinsOnly) {
    // Where the font forbids the best join (HarfBuzz's flag), the word takes its next best.
    const std::u32string w = to_u32("مسجد");
    std::vector<uint8_t> allowed(w.size(), 1);
    allowed[2] = 0;  // before ج: the Seen join
    std::vector<KashidaSite> sites;
    find_kashida_sites(w.data(), w.size(), allowed.data(), sites);
    ASSERT_EQ(sites.size(), 1u);
    EXPECT_EQ(sites[0].before, 3u);  // before the final Dal
    EXPECT_EQ(sites[0].priority, 3);
}

// In the engine: a dozen lines, each site with one tatweel (the gap is one tatweel per site
// and 2 px, which go to the spaces).
TEST(Justify, KashidaPlacesInLines) {
    Engine e;
    const float t = tatweel_px(e);
    ASSERT_GT(t, 4.0f);
    struct Case {
        std::string line, expected, lang = "ar";
    };
    const Case cases[] = {
        {"مسجد كبير", "مسـجد كبـير"},
        {"مدرسة جميلة", "مدرسـة جميلـة"},
        {"الكتاب الجديد", "الكتـاب الجديـد"},
        {"السلام عليكم", "السـلام عليكـم"},
        {"فهم قلم محمد", "فهـم قلـم محمـد"},
        {"شمع نحو فصل", "شـمع نحـو فصـل"},
        {"بَسْمَلَة كَبِيرَة", "بَسْـمَلَة كَبِـيرَة"},
        {"كتـاب مفيد", "كتــاب مفيـد"},
        {"مستشفى المدينة", "مستشـفى المدينـة"},
        {"وجه نحو", "وجـه نحـو"},
        {"می‌خواهم کتاب", "می‌خـواهم کتـاب", "fa"},
        {"مؤتمر Summit الدولي", "مـؤتمر Summit الـدولي"},
    };
    for (const Case& c : cases) {
        const int sites = int(to_u32(c.expected).size() - to_u32(c.line).size());
        OneLine o = justify_one(e, c.line, float(sites) * t + 2.0f, c.lang);
        EXPECT_EQ(o.kashidas.text, c.expected);
        EXPECT_EQ(o.kashidas.counts, std::vector<int>(size_t(sites), 1)) << c.line;
        ASSERT_FALSE(o.layout->lines.empty());
        EXPECT_NEAR(o.layout->lines[0].width, o.width, 0.5f) << c.line;
    }
}

TEST(Justify, NoKashidaWhereLettersDoNotJoin) {
    // Lam-alef, ا د ذ ر ز و, a final Yeh: the whole gap goes to the spaces.
    Engine e;
    for (const std::string line : {"لا علي", "ورد زاد دار", "لا لأن ذر"}) {
        OneLine o = justify_one(e, line, 20);
        EXPECT_EQ(o.kashidas.text, line);
        ASSERT_FALSE(o.layout->lines.empty());
        EXPECT_NEAR(o.layout->lines[0].width, o.width, 0.5f) << line;
    }
}

TEST(Justify, OneTatweelGoesToTheBestSite) {
    Engine e;
    const float t = tatweel_px(e);
    // مسجد: after Seen (2); محمد: before Dal (3); قلم: before Meem (7).
    OneLine o = justify_one(e, "قلم محمد مسجد", t + 1.0f);
    EXPECT_EQ(o.kashidas.text, "قلم محمد مسـجد");
    o = justify_one(e, "قلم محمد مسجد", 2 * t + 1.0f);
    EXPECT_EQ(o.kashidas.text, "قلم محمـد مسـجد");
}

TEST(Justify, StretchLimitThenSpaces) {
    // Two words with sites and a gap of ten tatweels: at most three at a site (0.7 em), the
    // rest widens the space.
    Engine e;
    const float t = tatweel_px(e);
    OneLine o = justify_one(e, "مسجد محمد", 10 * t);
    EXPECT_EQ(o.kashidas.text, "مسـجد محمـد");
    EXPECT_EQ(o.kashidas.counts, (std::vector<int>{3, 3}));
    ASSERT_FALSE(o.layout->lines.empty());
    EXPECT_NEAR(o.layout->lines[0].width, o.width, 0.5f);
}

TEST(Justify, ArabicParagraphLinesAreEqualWidth) {
    Engine e;
    const std::string text =
        "عُقد منتدى آسيا الوسطى وروسيا في مبنى بلدية حكومة جمهورية طاجيكستان برئاسة رئيس الجمهورية. "
        "وفي مكان الحدث، قصر المؤتمرات، رحب الرئيس بحرارة وإخلاص برؤساء الدول المشاركين في المؤتمر، "
        "واحدًا تلو الآخر، ثم بدأت القمة الثانية في قاعة سرازم الرائعة بحضور الوفود والضيوف.";
    const uint32_t id = e.tatweel_id();
    for (float width : {300.0f, 420.0f, 613.0f, 900.0f}) {
        auto l = e.engine.layout(text, e.style("ar", width));
        auto plain = e.engine.layout(text, e.style("ar", width, Align::Start));
        ASSERT_GE(l->lines.size(), 3u);
        ASSERT_EQ(l->lines.size(), plain->lines.size());
        int added = 0;
        for (size_t i = 0; i + 1 < l->lines.size(); ++i) {
            const Line& line = l->lines[i];
            EXPECT_NEAR(line.width, width, 0.5f) << "width " << width << " line " << i;
            // The glyphs fill the box edge to edge: the rightmost ends at the width.
            float right = 0;
            for (const GlyphRun& r : line.runs)
                for (const Glyph& g : r.glyphs) right = std::max(right, g.x + g.advance);
            EXPECT_NEAR(right, width, 0.5f) << "width " << width << " line " << i;
            for (auto [c, n] : tatweels(line, id)) added += n;
        }
        EXPECT_GT(added, 0) << width;
        // The last line is not stretched: the same glyphs as unjustified.
        EXPECT_TRUE(tatweels(l->lines.back(), id).empty());
        EXPECT_EQ(l->lines.back().width, plain->lines.back().width);
    }
}

TEST(Justify, NeverAfterNonJoiningOrInsideLamAlef) {
    // Over a paragraph at many widths: every tatweel added follows a letter that joins the next.
    Engine e;
    const std::string text =
        "الإعلان المشترك لقادة الدول: تعزيز التعاون الاقتصادي والثقافي، لا سيما في مجالات الطاقة "
        "والنقل والتعليم، ودعم الاستقرار والأمن في المنطقة، وإلى اللقاء في القمة القادمة بإذن الله.";
    const uint32_t id = e.tatweel_id();
    const std::u32string never = U"اأإآدذرزوؤةى";
    for (float width = 260; width < 900; width += 37) {
        auto l = e.engine.layout(text, e.style("ar", width));
        auto plain = e.engine.layout(text, e.style("ar", width, Align::Start));
        ASSERT_EQ(l->lines.size(), plain->lines.size());
        for (size_t i = 0; i < l->lines.size(); ++i) {
            const Kashidas k = kashidas_of(text, l->lines[i], plain->lines[i], id);
            const std::u32string s = to_u32(k.text);
            for (size_t j = 0; j < s.size(); ++j) {
                if (s[j] != U'\u0640') continue;
                size_t b = j;  // the letter before, past its marks
                while (b > 0 && s[b - 1] >= 0x064B && s[b - 1] <= 0x0652) --b;
                ASSERT_GT(b, 0u) << k.text;
                EXPECT_EQ(never.find(s[b - 1]), std::u32string::npos) << k.text;
                ASSERT_LT(j + 1, s.size()) << k.text;
                EXPECT_FALSE(s[b - 1] == U'ل' && std::u32string(U"اأإآ").find(s[j + 1]) != std::u32string::npos)
                    << k.text;
                EXPECT_NE(s[j + 1], U' ') << k.text;
            }
            if (i + 1 == l->lines.size()) {
                EXPECT_EQ(k.text.find("\u0640"), std::string::npos);
            }
        }
    }
}

TEST(Justify, LatinAndRussianWidenSpacesOnly) {
    Engine e;
    const std::pair<std::string, std::string> texts[] = {
        {"en", "The summit of Central Asia and Russia opened in the Palace of Congresses with a "
               "welcome from the host and a photograph of the heads of state before the session."},
        {"ru", "Саммит Центральной Азии и России открылся во Дворце конгрессов приветствием хозяина "
               "и общей фотографией глав государств перед началом заседания."},
    };
    for (const auto& [lang, text] : texts) {
        auto l = e.engine.layout(text, e.style(lang, 500));
        auto plain = e.engine.layout(text, e.style(lang, 500, Align::Start));
        ASSERT_GE(l->lines.size(), 2u);
        ASSERT_EQ(l->lines.size(), plain->lines.size());
        for (size_t i = 0; i + 1 < l->lines.size(); ++i) {
            EXPECT_NEAR(l->lines[i].width, 500.0f, 0.5f) << lang << " line " << i;
            // The same glyphs; only spaces got wider.
            std::vector<Glyph> a, b;
            for (const GlyphRun& r : l->lines[i].runs) a.insert(a.end(), r.glyphs.begin(), r.glyphs.end());
            for (const GlyphRun& r : plain->lines[i].runs) b.insert(b.end(), r.glyphs.begin(), r.glyphs.end());
            ASSERT_EQ(a.size(), b.size());
            uint32_t content_end = l->lines[i].end;  // trailing spaces are not widened
            while (text[content_end - 1] == ' ') --content_end;
            for (size_t j = 0; j < a.size(); ++j) {
                EXPECT_EQ(a[j].id, b[j].id);
                if (text[a[j].cluster] == ' ' && a[j].cluster < content_end) {
                    EXPECT_GT(a[j].advance, b[j].advance);
                } else {
                    EXPECT_EQ(a[j].advance, b[j].advance);
                }
            }
        }
    }
}

TEST(Justify, LatinInAnArabicLineKeepsItsLetters) {
    // A mixed line: kashidas in the Arabic words, the Latin word as it was, spaces wider.
    Engine e;
    const float t = tatweel_px(e);
    OneLine o = justify_one(e, "مؤتمر Summit الدولي", 2 * t + 6.0f);
    ASSERT_FALSE(o.layout->lines.empty());
    EXPECT_EQ(o.kashidas.text, "مـؤتمر Summit الـدولي");
    for (const GlyphRun& r : o.layout->lines[0].runs) {
        if (r.script != kLatin) continue;
        const GlyphRun* same = nullptr;  // the same run unjustified
        for (const GlyphRun& p : o.plain->lines[0].runs)
            if (!p.glyphs.empty() && p.glyphs[0].cluster == r.glyphs.at(0).cluster) same = &p;
        ASSERT_NE(same, nullptr);
        ASSERT_EQ(r.glyphs.size(), same->glyphs.size());
        for (size_t j = 0; j < r.glyphs.size(); ++j) {
            EXPECT_EQ(r.glyphs[j].id, same->glyphs[j].id);
            if (o.text[r.glyphs[j].cluster] == ' ') continue;  // the spaces around it are wider
            EXPECT_EQ(r.glyphs[j].advance, same->glyphs[j].advance);
            if (j > 0 && o.text[r.glyphs[j - 1].cluster] != ' ') {
                EXPECT_NEAR(r.glyphs[j].x - r.glyphs[j - 1].x, same->glyphs[j].x - same->glyphs[j - 1].x, 1e-3f);
            }
        }
    }
    // An Arabic word in a left-to-right paragraph is not stretched.
    OneLine latin = justify_one(e, "The مسجد of Dushanbe", 2 * t, "en");
    EXPECT_EQ(latin.kashidas.text, "The مسجد of Dushanbe");
}

TEST(Justify, MarksKeepTheirPlaceOnTheirLetters) {
    // Each mark's offset from its letter is the same justified and not.
    Engine e;
    const float t = tatweel_px(e);
    OneLine o = justify_one(e, "بَسْمَلَة كَبِيرَة", 2 * t + 2.0f);
    ASSERT_FALSE(o.layout->lines.empty());
    auto offsets = [](const Line& line) {  // cluster -> x of each glyph minus x of the cluster's base
        std::map<uint32_t, std::vector<float>> xs;
        for (const GlyphRun& r : line.runs)
            for (const Glyph& g : r.glyphs) xs[g.cluster].push_back(g.x);
        std::map<uint32_t, std::vector<float>> out;
        for (auto& [c, v] : xs) {
            for (float x : v) out[c].push_back(x - v.back());
        }
        return out;
    };
    const auto a = offsets(o.layout->lines[0]);
    const auto b = offsets(o.plain->lines[0]);
    for (const auto& [cluster, v] : b) {
        ASSERT_TRUE(a.count(cluster));
        // Clusters that got tatweels have them in front (visually left of the letter); compare the rest.
        const std::vector<float>& w = a.at(cluster);
        ASSERT_GE(w.size(), v.size());
        for (size_t j = 0; j < v.size(); ++j) EXPECT_NEAR(w[w.size() - v.size() + j] - w.back(), v[j] - v.back(), 1e-3f);
    }
}

TEST(Justify, LineWithoutSpacesStretchesByKashidaAlone) {
    // A one-word line (the word before a break): the whole gap in its kashida, exactly.
    Engine e;
    OneLine o = justify_one(e, "المستشفيات", 10.0f);
    ASSERT_FALSE(o.layout->lines.empty());
    EXPECT_NEAR(o.layout->lines[0].width, o.width, 0.5f);
    EXPECT_EQ(o.kashidas.text, "المستشـفيات");
}

TEST(Justify, AOneWordLineFarFromTheMarginKeepsItsWidth) {
    // A short word, then one too long to join it: stretched to the margin the short word would
    // be a bar across the box (the fuzzer's input: 270 tatweels after two letters at 1920 px).
    // More than a tatweel of rest at its site leaves it at its natural width, with no kashida.
    Engine e;
    const std::string long_word = "المستشفياتالمستشفياتالمستشفيات";
    const float width = e.natural(long_word, "ar") + 2;
    const std::string text = "قلم " + long_word;
    auto l = e.engine.layout(text, e.style("ar", width));
    auto plain = e.engine.layout(text, e.style("ar", width, Align::Start));
    ASSERT_EQ(l->lines.size(), 2u);
    ASSERT_EQ(plain->lines.size(), 2u);
    EXPECT_GT(width - plain->lines[0].width, 10 * tatweel_px(e)) << "the case needs a wide gap";
    EXPECT_NEAR(l->lines[0].width, plain->lines[0].width, 0.01f);
    EXPECT_TRUE(tatweels(l->lines[0], e.tatweel_id()).empty());
    EXPECT_EQ(l->glyph_count(), plain->glyph_count());
}

TEST(Justify, ALineAForcedBreakEndsIsNotStretched) {
    // As a paragraph's last line (and as CSS justifies): a line ended by U+2028, a form feed or
    // a vertical tab keeps its natural width; the line the width broke is justified.
    Engine e;
    for (const std::string brk : {"\u2028", "\f", "\v"}) {
        const std::string text = "مسجد كبير" + brk + "مسجد محمد قلم مسجد محمد قلم";
        const float width = e.natural("مسجد محمد قلم", "ar") + 30;
        auto l = e.engine.layout(text, e.style("ar", width));
        auto plain = e.engine.layout(text, e.style("ar", width, Align::Start));
        ASSERT_EQ(l->lines.size(), 3u) << brk.size();
        ASSERT_EQ(plain->lines.size(), 3u);
        EXPECT_NEAR(l->lines[0].width, plain->lines[0].width, 0.01f) << "forced break, length " << brk.size();
        EXPECT_NEAR(l->lines[1].width, width, 0.5f) << "broken by the width: justified";
        EXPECT_NEAR(l->lines[2].width, plain->lines[2].width, 0.01f) << "the paragraph's last";
    }
}

TEST(Justify, HostileTextAtManyWidths) {
    // Marks on marks, ZWJ/ZWNJ, typed tatweels, digits, Latin, tabs, bidi controls, a lone mark:
    // every width lays out, no line is wider than the box unless it was before justification,
    // and no glyph gets a position or advance that is not a number or a negative advance.
    Engine e;
    const std::string text =
        "ـــ بِّـــسْمِ \u200dب\u200d \u200cك\u200cت \t مسجد\tكبير ١٢٣ 2025 «Dushanbe» \u2067نص\u2069 "
        "لا لأ \u0651\u0650 ئ ؤ ة ى سسسسسسسسسسسسسسسسسسسسسسسسسسسسس ـ ـ ـ وورر";
    for (float width = 1; width < 700; width += 23) {
        auto l = e.engine.layout(text, e.style("ar", width));
        auto plain = e.engine.layout(text, e.style("ar", width, Align::Start));
        ASSERT_EQ(l->lines.size(), plain->lines.size()) << width;
        for (size_t i = 0; i < l->lines.size(); ++i) {
            const Line& line = l->lines[i];
            EXPECT_LE(line.width, std::max(width, plain->lines[i].width) + 0.5f) << width << " line " << i;
            for (const GlyphRun& r : line.runs)
                for (const Glyph& g : r.glyphs) EXPECT_TRUE(std::isfinite(g.x) && std::isfinite(g.advance) && g.advance >= 0);
        }
    }
}
