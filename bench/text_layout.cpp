// text_layout: how long majlis takes to lay out a page of text, against HarfBuzz alone and Pango.
//
//   build/text_layout [--fonts DIR] [--data DIR] [--iterations N] [--only arabic|russian]
//
// A benchmark, not a test: it prints `name: value` lines and always exits 0 once it has run
// (1 only when it cannot run at all, e.g. a text file is missing). Figures are medians over N
// iterations (default 50), in microseconds of wall-clock time (std::chrono::steady_clock).
//
// Texts: bench/data/arabic.txt (2,500+ characters, 6 paragraphs, with digits and a few harakat)
// and bench/data/russian.txt, laid out at 32 px into a 1600 px column, role "body", language
// "ar" / "ru", with the fonts the engine's FontStack resolves from fonts/stack.toml.
//
// What each figure measures
//   <text>_layout_us        TextEngine::layout() of the whole text with cold caches: the layout
//                           and shape caches are cleared before each iteration (outside the timed
//                           region); the FontStack stays loaded (font loading is not counted).
//                           `layout_us` is the Arabic figure (the headline: Arabic, 2,000+ chars).
//   <text>_harfbuzz_only_us hb_shape() of every run of the same text and nothing else. The runs
//                           come from the engine's own stage functions (decode_utf8,
//                           split_paragraphs, resolve_bidi, resolve_scripts, resolve_fonts,
//                           itemize_runs), run once up front. Each run is shaped the way
//                           shape_run() does it (the whole paragraph as context, same flags,
//                           same hb_font at scale = upem) into one reused hb_buffer_t.
//   <text>_pango_us         Pango (PangoFT2 font map: no cairo surface or renderer involved) lays
//                           out the same text: a fresh PangoLayout per iteration, wrapped by word
//                           at 1600 px, absolute size 32 px, the engine's family chain, the
//                           language set, round glyph positions off; the layout is forced with
//                           pango_layout_get_line_count() and pango_layout_get_extents() (logical
//                           rectangle: line heights, like the engine's line boxes).
//                           <text>_pango_line_count_only_us is the same without the extents.
//   <text>_cached_layout_us TextEngine::layout() of one paragraph that is already in the layout
//                           cache (same text, same style): median over all paragraphs and iterations.
//   ratio_vs_harfbuzz       layout_us / harfbuzz_only_us (target <= 1.5)
//   ratio_vs_pango          layout_us / pango_us (target <= 0.33)
//
// Fairness of the Pango figure (warm but not cached):
//   Pango is warmed up with a few untimed layouts of the same text first, so that what it keeps
//   per font map stays warm, just as the engine keeps its FontStack: the fontset for the
//   description and language (PangoFcFontMap's fontset cache), the fonts and their hb_font_t,
//   fontconfig's sorted pattern and per-font coverage, PangoFT2's per-glyph metrics, and
//   HarfBuzz's per-face tables and shape plans. As far as we know Pango 1.50 keeps no cache of
//   shaping or layout results keyed by text: every fresh PangoLayout computes log attributes
//   (its own UAX #14), itemizes (FriBidi levels, scripts, font per character), shapes with
//   HarfBuzz and breaks lines, which is the work the engine does with its caches cleared.
//   Measured with callgrind on the Arabic text, Pango's hb_shape work is about 2.4 times the
//   engine's: it reshapes the rest of an item after each line break (a paragraph of four lines
//   is shaped about 1 + 3/4 + 2/4 + 1/4 times), where the engine shapes a paragraph once and
//   reshapes only at unsafe-to-break cuts. That is Pango's real cost for this text, not
//   overhead of the benchmark. The engine's caches are cleared before every iteration, so a
//   warm engine would be much faster still (see cached_layout_us). Destroying the result
//   (g_object_unref of the PangoLayout, the last reference to the engine's Layout) happens
//   outside the timed region for both.
//
// Timing: each contender is timed one iteration at a time, interleaved with the others (see
// bench_sample), so that a machine busy with something else slows all of them alike; the
// absolute figures still move with the machine's load, the ratios much less.
#include "core/log.h"
#include "text/text.h"

#include <hb.h>
#include <pango/pango.h>
#include <pango/pangoft2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef MAJLIS_BENCH_FONTS_DIR
#define MAJLIS_BENCH_FONTS_DIR "fonts"
#endif
#ifndef MAJLIS_BENCH_DATA_DIR
#define MAJLIS_BENCH_DATA_DIR "bench/data"
#endif

namespace {

using namespace majlis::text;
using Clock = std::chrono::steady_clock;

constexpr float kSizePx = 32.0f;
constexpr float kWidthPx = 1600.0f;
constexpr int kWarmup = 5;
constexpr double kTargetRatioVsHarfbuzz = 1.5;
constexpr double kTargetRatioVsPango = 0.33;

double micros(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::micro>(b - a).count();
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) * 0.5;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    // A final newline would give Pango an extra empty line; the engine would not: drop it.
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return true;
}

// One text and its setup for every contender.
struct Sample {
    std::string name;        // "arabic", "russian"
    std::string lang;        // "ar", "ru"
    std::string families;    // Pango family list, the engine's chain for the main script
    std::string utf8;
    std::vector<std::string> paragraphs;  // utf8 split at the engine's paragraph separators
};

// Figures per text.
struct Result {
    size_t chars = 0, paragraphs = 0, runs = 0, glyphs = 0, lines = 0, pango_lines = 0;
    double layout_us = 0, harfbuzz_us = 0, pango_us = 0, pango_line_count_only_us = 0,
           cached_us = 0;
    std::string fonts, pango_fonts;  // what each one actually drew with
};

Style make_style(const Sample& s) {
    Style st;
    st.font_role = "body";
    st.size_px = kSizePx;
    st.lang = s.lang;
    st.max_width = kWidthPx;
    return st;
}

// Each contender is set up once and then timed one iteration at a time; the iterations of all
// contenders are interleaved (engine, HarfBuzz, Pango, engine, ...) so that a busy machine slows
// them alike and the ratios stay meaningful.
struct Timer {
    std::vector<double> samples;
    template <class F> void time(F&& f) {
        const auto a = Clock::now();
        f();
        const auto b = Clock::now();
        samples.push_back(micros(a, b));
    }
};

// --- majlis: cold layout ------------------------------------------------------------------

struct EngineCold {
    TextEngine& engine;
    const Sample& s;
    Style style;
    std::shared_ptr<const Layout> layout;
    Timer timer;

    EngineCold(TextEngine& e, const Sample& sample) : engine(e), s(sample), style(make_style(sample)) {}

    void run() {
        engine.clear_caches();
        layout.reset();  // frees the previous result outside the timed region
        timer.time([&] { layout = engine.layout(s.utf8, style); });
    }
    void report(Result& r) {
        r.layout_us = median(timer.samples);
        r.lines = layout->lines.size();
        std::set<std::string> used;
        for (const Line& l : layout->lines)
            for (const GlyphRun& run : l.runs) used.insert(run.face->file_name);
        for (const auto& f : used) r.fonts += (r.fonts.empty() ? "" : ", ") + f;
    }
};

// --- majlis: cache hit --------------------------------------------------------------------

void bench_engine_cached(TextEngine& engine, const Sample& s, int iterations, Result& r) {
    const Style style = make_style(s);
    for (const auto& p : s.paragraphs) engine.layout(p, style);  // fill the layout cache
    const uint64_t hits_before = engine.stats().layout_hits;
    Timer timer;
    timer.samples.reserve(size_t(iterations) * s.paragraphs.size());
    for (int i = 0; i < iterations; ++i)
        for (const auto& p : s.paragraphs) timer.time([&] { engine.layout(p, style); });
    const uint64_t hits = engine.stats().layout_hits - hits_before;
    if (hits != uint64_t(iterations) * s.paragraphs.size())
        std::fprintf(stderr, "text_layout: warning: %s: only %llu of %zu cached layouts were cache hits\n",
                     s.name.c_str(), (unsigned long long)hits, size_t(iterations) * s.paragraphs.size());
    r.cached_us = median(timer.samples);
}

// --- HarfBuzz alone -----------------------------------------------------------------------

struct HarfbuzzOnly {
    struct Run {
        size_t paragraph = 0;
        uint32_t start = 0, end = 0;
        hb_font_t* font = nullptr;
        hb_script_t script = HB_SCRIPT_INVALID;
        bool rtl = false;
    };
    std::vector<std::vector<char32_t>> paras;
    std::vector<Run> runs;
    hb_buffer_t* buf = hb_buffer_create();
    hb_language_t lang;
    size_t glyphs = 0;
    Timer timer;

    HarfbuzzOnly(const FontStack& fonts, const Sample& s, Result& r)
        : lang(hb_language_from_string(s.lang.c_str(), -1)) {
        // Itemization, once, by the engine's own stages (what layout() does before shaping).
        const Utf32Text text = decode_utf8(s.utf8);
        const auto spans = split_paragraphs(text.cps);
        const bool rtl_language = s.lang == "ar";
        for (const ParagraphSpan& span : spans) {
            const char32_t* cps = text.cps.data() + span.start;
            const size_t n = span.end - span.start;
            std::vector<uint8_t> levels;
            std::vector<uint32_t> scripts;
            std::vector<const Face*> faces;
            resolve_bidi(cps, n, Direction::Auto, rtl_language, levels);
            resolve_scripts(cps, n, scripts);
            resolve_fonts(fonts, "body", s.lang, cps, n, scripts, faces, nullptr);
            for (const TextRun& run : itemize_runs(n, levels, scripts, faces)) {
                if (!run.face) continue;
                runs.push_back({paras.size(), run.start, run.end, static_cast<hb_font_t*>(run.face->hb_font),
                                hb_script_t(run.script), bool(run.level & 1)});
            }
            paras.emplace_back(cps, cps + n);
        }
        r.runs = runs.size();
        r.chars = text.cps.size();
        r.paragraphs = spans.size();
    }
    ~HarfbuzzOnly() { hb_buffer_destroy(buf); }

    // hb_shape of every run, as shape_run() calls it, into the one buffer.
    void shape_all() {
        glyphs = 0;
        for (const Run& run : runs) {
            const auto& p = paras[run.paragraph];
            hb_buffer_clear_contents(buf);
            hb_buffer_add_utf32(buf, reinterpret_cast<const uint32_t*>(p.data()), int(p.size()), run.start,
                                int(run.end - run.start));
            hb_buffer_set_direction(buf, run.rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
            hb_buffer_set_script(buf, run.script);
            hb_buffer_set_language(buf, lang);
            unsigned flags = HB_BUFFER_FLAG_DEFAULT;
            if (run.start == 0) flags |= HB_BUFFER_FLAG_BOT;
            if (run.end == p.size()) flags |= HB_BUFFER_FLAG_EOT;
            hb_buffer_set_flags(buf, hb_buffer_flags_t(flags));
            hb_shape(run.font, buf, nullptr, 0);
            glyphs += hb_buffer_get_length(buf);
        }
    }
    void run() { timer.time([&] { shape_all(); }); }
    void report(Result& r) {
        r.glyphs = glyphs;
        r.harfbuzz_us = median(timer.samples);
    }
};

// --- Pango --------------------------------------------------------------------------------

struct PangoRun {
    const Sample& s;
    PangoFontMap* map = pango_ft2_font_map_new();
    PangoContext* ctx = nullptr;
    PangoFontDescription* desc = pango_font_description_new();
    Timer timer, timer_count;
    size_t lines = 0;
    std::string fonts;

    explicit PangoRun(const Sample& sample) : s(sample) {
        pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(map), 96, 96);  // no effect on absolute sizes
        ctx = pango_font_map_create_context(map);
        pango_context_set_round_glyph_positions(ctx, FALSE);
        pango_context_set_language(ctx, pango_language_from_string(s.lang.c_str()));
        pango_font_description_set_family(desc, s.families.c_str());
        pango_font_description_set_absolute_size(desc, kSizePx * PANGO_SCALE);
    }
    ~PangoRun() {
        pango_font_description_free(desc);
        g_object_unref(ctx);
        g_object_unref(map);
    }

    // A fresh layout of the whole text, computed; `extents` also asks for the logical extents.
    PangoLayout* make(bool extents) {
        PangoLayout* layout = pango_layout_new(ctx);
        pango_layout_set_font_description(layout, desc);
        pango_layout_set_width(layout, int(kWidthPx * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
        pango_layout_set_text(layout, s.utf8.data(), int(s.utf8.size()));
        lines = size_t(pango_layout_get_line_count(layout));
        if (extents) {
            PangoRectangle logical;
            pango_layout_get_extents(layout, nullptr, &logical);
            if (logical.height < 0) ++lines;  // keeps the call from being optimised away
        }
        return layout;
    }
    void run() {
        PangoLayout* layout = nullptr;
        timer.time([&] { layout = make(true); });
        g_object_unref(layout);
        timer_count.time([&] { layout = make(false); });
        g_object_unref(layout);
    }
    void report(Result& r) {
        PangoLayout* layout = make(true);
        r.pango_lines = size_t(pango_layout_get_line_count(layout));
        std::set<std::string> used;
        for (GSList* l = pango_layout_get_lines_readonly(layout); l; l = l->next) {
            for (GSList* rl = static_cast<PangoLayoutLine*>(l->data)->runs; rl; rl = rl->next) {
                auto* run = static_cast<PangoGlyphItem*>(rl->data);
                PangoFontDescription* d = pango_font_describe(run->item->analysis.font);
                used.insert(pango_font_description_get_family(d));
                pango_font_description_free(d);
            }
        }
        for (const auto& f : used) r.pango_fonts += (r.pango_fonts.empty() ? "" : ", ") + f;
        g_object_unref(layout);
        r.pango_us = median(timer.samples);
        r.pango_line_count_only_us = median(timer_count.samples);
    }
};

void bench_sample(TextEngine& engine, const Sample& s, int iterations, Result& r) {
    EngineCold cold(engine, s);
    HarfbuzzOnly hb(engine.fonts(), s, r);
    PangoRun pango(s);
    for (int i = 0; i < kWarmup; ++i) {  // untimed: fills what each keeps across layouts
        cold.run();
        hb.run();
        pango.run();
    }
    cold.timer.samples.clear();
    hb.timer.samples.clear();
    pango.timer.samples.clear();
    pango.timer_count.samples.clear();
    for (int i = 0; i < iterations; ++i) {
        cold.run();
        hb.run();
        pango.run();
    }
    cold.report(r);
    hb.report(r);
    pango.report(r);
    bench_engine_cached(engine, s, iterations, r);
}

// --- output -------------------------------------------------------------------------------

void print(const char* name, double v, int decimals) { std::printf("%s: %.*f\n", name, decimals, v); }
void print(const std::string& name, double v, int decimals) { print(name.c_str(), v, decimals); }
void print(const std::string& name, size_t v) { std::printf("%s: %zu\n", name.c_str(), v); }
void print(const std::string& name, const std::string& v) { std::printf("%s: %s\n", name.c_str(), v.c_str()); }

void usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s [--fonts DIR] [--data DIR] [--iterations N] [--only NAME]\n"
                 "  --fonts DIR       folder with stack.toml (default %s)\n"
                 "  --data DIR        folder with arabic.txt and russian.txt (default %s)\n"
                 "  --iterations N    timed iterations per figure, median reported (default 50)\n"
                 "  --only NAME       run one text only: arabic or russian (for profiling)\n",
                 argv0, MAJLIS_BENCH_FONTS_DIR, MAJLIS_BENCH_DATA_DIR);
}

}  // namespace

int main(int argc, char** argv) {
    std::string fonts_dir = MAJLIS_BENCH_FONTS_DIR;
    std::string data_dir = MAJLIS_BENCH_DATA_DIR;
    int iterations = 50;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) {
                usage(argv[0]);
                std::exit(2);
            }
            out = argv[++i];
        };
        std::string v;
        if (arg == "--fonts") value(fonts_dir);
        else if (arg == "--data") value(data_dir);
        else if (arg == "--only") value(only);
        else if (arg == "--iterations") {
            value(v);
            iterations = std::max(1, std::atoi(v.c_str()));
        } else if (arg == "-h" || arg == "--help") {
            usage(argv[0]);
            return 0;
        } else {
            usage(argv[0]);
            return 2;
        }
    }

    std::vector<Sample> samples = {
        {"arabic", "ar", "Noto Naskh Arabic,Noto Sans,DejaVu Sans", {}, {}},
        {"russian", "ru", "Noto Sans,DejaVu Sans", {}, {}},
    };
    if (!only.empty()) {
        std::erase_if(samples, [&](const Sample& s) { return s.name != only; });
        if (samples.empty()) {
            std::fprintf(stderr, "text_layout: --only: no text named '%s' (arabic, russian)\n", only.c_str());
            return 2;
        }
    }
    for (Sample& s : samples) {
        const std::string path = data_dir + "/" + s.name + ".txt";
        if (!read_file(path, s.utf8)) {
            std::fprintf(stderr, "text_layout: cannot read %s\n", path.c_str());
            return 1;
        }
        const Utf32Text text = decode_utf8(s.utf8);
        for (const ParagraphSpan& span : split_paragraphs(text.cps))
            s.paragraphs.push_back(s.utf8.substr(text.byte_offset[span.start],
                                                 text.byte_offset[span.end] - text.byte_offset[span.start]));
    }

    majlis::Log log;
    log.min_level = majlis::LogLevel::Warning;
    TextEngine::Config config;
    config.fonts_dir = fonts_dir;
    TextEngine engine(config, log);  // fonts are loaded here, before anything is timed

    std::vector<Result> results(samples.size());
    for (size_t i = 0; i < samples.size(); ++i) bench_sample(engine, samples[i], iterations, results[i]);

    print("iterations", size_t(iterations));
    print("size_px", kSizePx, 0);
    print("max_width_px", kWidthPx, 0);
    for (size_t i = 0; i < samples.size(); ++i) {
        const std::string& n = samples[i].name;
        const Result& r = results[i];
        print(n + "_chars", r.chars);
        print(n + "_paragraphs", r.paragraphs);
        print(n + "_runs", r.runs);
        print(n + "_glyphs", r.glyphs);
        print(n + "_lines", r.lines);
        print(n + "_pango_lines", r.pango_lines);
        print(n + "_fonts", r.fonts);
        print(n + "_pango_fonts", r.pango_fonts);
        print(n + "_layout_us", r.layout_us, 1);
        print(n + "_harfbuzz_only_us", r.harfbuzz_us, 1);
        print(n + "_pango_us", r.pango_us, 1);
        print(n + "_pango_line_count_only_us", r.pango_line_count_only_us, 1);
        print(n + "_cached_layout_us", r.cached_us, 3);
        print(n + "_ratio_vs_harfbuzz", r.harfbuzz_us > 0 ? r.layout_us / r.harfbuzz_us : 0, 2);
        print(n + "_ratio_vs_pango", r.pango_us > 0 ? r.layout_us / r.pango_us : 0, 2);
    }
    // The headline figures: the Arabic text (the first one run).
    const Result& ar = results[0];
    print("lines", ar.lines);
    print("pango_lines", ar.pango_lines);
    print("layout_us", ar.layout_us, 1);
    print("harfbuzz_only_us", ar.harfbuzz_us, 1);
    print("pango_us", ar.pango_us, 1);
    print("cached_layout_us", ar.cached_us, 3);
    print("ratio_vs_harfbuzz", ar.harfbuzz_us > 0 ? ar.layout_us / ar.harfbuzz_us : 0, 2);
    print("target_ratio_vs_harfbuzz", kTargetRatioVsHarfbuzz, 1);
    print("ratio_vs_pango", ar.pango_us > 0 ? ar.layout_us / ar.pango_us : 0, 2);
    print("target_ratio_vs_pango", kTargetRatioVsPango, 2);
    return 0;
}
