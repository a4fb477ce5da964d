// Shaping oracle: the engine's glyphs checked against hb-shape, run by run, and against
// checked-in reference outputs (in the manner of HarfBuzz's own shaping tests).
//
// Cases: tests/data/shaping/cases.txt (format documented at its top). For each case:
//
//  shaping/OracleCase.MatchesHbShape/<name>
//     The case is laid out with TextEngine (fonts/stack.toml, no wrapping). Every run of the
//     layout is shaped again by the hb-shape program (Debian libharfbuzz-bin) on the run's font
//     file, with the run's direction, script and language, the paragraph text before and after
//     the run as context (--text-before/--text-after), --bot / --eot exactly where the engine
//     sets HB_BUFFER_FLAG_BOT / EOT (the run starts / ends the paragraph), cluster level 0 and
//     UTF-8 byte clusters. Glyph ids, clusters (hb-shape's are relative to the run, the engine's
//     to the whole input), advances and x/y offsets must be equal glyph by glyph, in visual
//     order. Values are compared in font units: each run is read from a layout made at
//     size_px = the upem of its font, where one px is one font unit.
//     Also: a glyph 0 (.notdef) is allowed only where no font of the run's chain has the character.
//     hb-shape runs the same HarfBuzz library the engine links, so this checks the engine's use of
//     HarfBuzz (run splitting, context, flags, direction, script, language, clusters, scaling,
//     visual placement), not HarfBuzz itself.
//
//  shaping/OracleCase.MatchesReference/<name>
//     The engine's output must equal tests/data/shaping/expected/<name>.txt: font file, script,
//     level, byte range and glyph=cluster[@dx,dy]+advance per run. This catches changes of
//     itemization (a different font or run split) that hb-shape would happily agree with. Each
//     reference records the sha256 of the font files it used; when an installed font differs the
//     test fails saying so (the font package changed): check the new output and re-record.
//
//  shaping_facts.*
//     Facts a person can check: lam-alef takes Noto Naskh's lam-alef forms, ZWNJ breaks joining,
//     brackets and % / - come from Noto Sans inside Arabic, Tajik letters come from Noto Sans, ...
//
// Recording (only cases where the engine agrees with hb-shape are written):
//   MAJLIS_RECORD=1 build/shaping_oracle_test --gtest_filter='shaping/OracleCase.MatchesReference/*'
#include "core/log.h"
#include "text/text.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace majlis::text;

const char* const kHbShape = "/usr/bin/hb-shape";
const char* const kSha256sum = "/usr/bin/sha256sum";
const fs::path kCasesFile = fs::path(MAJLIS_TEST_DATA_DIR) / "shaping" / "cases.txt";
const fs::path kExpectedDir = fs::path(MAJLIS_TEST_DATA_DIR) / "shaping" / "expected";
const std::string kFontsDir = std::string(MAJLIS_SOURCE_DIR) + "/fonts";

//-----------------------------------------------------------------------------
// Small helpers: processes, UTF-8, script tags
//-----------------------------------------------------------------------------

struct Process {
    int status = -1;  // exit status, -1 when it could not run or was killed
    std::string out;  // stdout (stderr goes to /dev/null: hb-shape 6.0 echoes --text-before there)
};

// Runs argv[0] with argv (no shell: the text goes through unquoted), collects stdout.
Process run_process(const std::vector<std::string>& argv) {
    Process result;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return result;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int err = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (err == 0) {
        char buf[4096];
        ssize_t got;
        while ((got = read(fds[0], buf, sizeof buf)) > 0) result.out.append(buf, size_t(got));
        int st = 0;
        if (waitpid(pid, &st, 0) == pid && WIFEXITED(st)) result.status = WEXITSTATUS(st);
    }
    close(fds[0]);
    return result;
}

// The argv as a shell command a person can paste (for failure messages).
std::string shell_line(const std::vector<std::string>& argv) {
    std::string s;
    for (const std::string& a : argv) {
        if (!s.empty()) s += ' ';
        const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789-_=./,:+") == std::string::npos;
        if (plain) {
            s += a;
            continue;
        }
        s += '\'';
        for (char c : a) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
        s += '\'';
    }
    return s;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

// The code point starting at byte b of a (valid) UTF-8 string.
char32_t codepoint_at(const std::string& s, size_t b) {
    const Utf32Text t = decode_utf8(std::string_view(s).substr(b));
    return t.cps.empty() ? 0 : t.cps[0];
}

std::string hex_cp(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", unsigned(c));
    return buf;
}

// hb_script_t values are ISO 15924 tags packed big-endian ('Arab').
std::string script_tag(uint32_t s) { return {char(s >> 24), char(s >> 16), char(s >> 8), char(s)}; }
constexpr uint32_t tag(const char (&s)[5]) {
    return (uint32_t(uint8_t(s[0])) << 24) | (uint32_t(uint8_t(s[1])) << 16) | (uint32_t(uint8_t(s[2])) << 8) |
           uint32_t(uint8_t(s[3]));
}
std::string script_lower(uint32_t s) {
    std::string t = script_tag(s);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return t;
}

//-----------------------------------------------------------------------------
// Cases
//-----------------------------------------------------------------------------

struct Case {
    std::string name, role, lang, dir_name;
    Direction dir = Direction::Auto;
    std::string raw;   // the text field as written in cases.txt (escapes kept)
    std::string text;  // UTF-8, escapes resolved
    int line = 0;
};

// gtest prints parameters (and ctest test names show them): the case name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

bool unescape(const std::string& in, std::string& out, std::string& error) {
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '\\') {
            out += in[i];
            continue;
        }
        if (i + 1 < in.size() && in[i + 1] == '\\') {
            out += '\\';
            ++i;
            continue;
        }
        const size_t digits = i + 1 < in.size() && in[i + 1] == 'u' ? 4 : i + 1 < in.size() && in[i + 1] == 'U' ? 8 : 0;
        if (digits == 0 || i + 2 + digits > in.size()) {
            error = "bad escape at column " + std::to_string(i + 1);
            return false;
        }
        const std::string hex = in.substr(i + 2, digits);
        if (hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
            error = "bad hex digits in escape '" + in.substr(i, 2 + digits) + "'";
            return false;
        }
        const unsigned long cp = std::stoul(hex, nullptr, 16);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            error = "escape is not a Unicode scalar value: " + hex;
            return false;
        }
        append_utf8(out, char32_t(cp));
        i += 1 + digits;
    }
    return true;
}

struct CaseFile {
    std::vector<Case> cases;
    std::vector<std::string> errors;
};

const CaseFile& case_file() {
    static const CaseFile file = [] {
        CaseFile f;
        std::ifstream in(kCasesFile);
        if (!in) {
            f.errors.push_back("cannot read " + kCasesFile.string());
            return f;
        }
        std::string line;
        int no = 0;
        while (std::getline(in, line)) {
            ++no;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty() || line[0] == '#') continue;
            const std::string where = kCasesFile.string() + ":" + std::to_string(no) + ": ";
            std::vector<std::string> fields;
            size_t pos = 0;
            for (int k = 0; k < 4; ++k) {
                const size_t semi = line.find(';', pos);
                if (semi == std::string::npos) break;
                fields.push_back(line.substr(pos, semi - pos));
                pos = semi + 1;
            }
            if (fields.size() != 4) {
                f.errors.push_back(where + "expected name;role;lang;dir;text");
                continue;
            }
            Case c;
            c.name = fields[0];
            c.role = fields[1];
            c.lang = fields[2];
            c.dir_name = fields[3];
            c.raw = line.substr(pos);
            c.line = no;
            if (c.name.empty() || c.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
                f.errors.push_back(where + "case name must be [a-z0-9_]+: '" + c.name + "'");
                continue;
            }
            if (c.dir_name == "auto") c.dir = Direction::Auto;
            else if (c.dir_name == "ltr") c.dir = Direction::LTR;
            else if (c.dir_name == "rtl") c.dir = Direction::RTL;
            else {
                f.errors.push_back(where + "dir must be auto, ltr or rtl");
                continue;
            }
            std::string error;
            if (!unescape(c.raw, c.text, error)) {
                f.errors.push_back(where + error);
                continue;
            }
            if (c.text.empty()) {
                f.errors.push_back(where + "empty text");
                continue;
            }
            if (split_paragraphs(decode_utf8(c.text).cps).size() != 1) {
                f.errors.push_back(where + "the text must be exactly one paragraph");
                continue;
            }
            for (const Case& other : f.cases)
                if (other.name == c.name) f.errors.push_back(where + "duplicate case name " + c.name);
            f.cases.push_back(std::move(c));
        }
        return f;
    }();
    return file;
}

const Case* find_case(const std::string& name) {
    for (const Case& c : case_file().cases)
        if (c.name == name) return &c;
    return nullptr;
}

//-----------------------------------------------------------------------------
// The engine's output, in font units
//-----------------------------------------------------------------------------

std::vector<std::string>& log_lines() {
    static std::vector<std::string> lines;
    return lines;
}

TextEngine& engine() {
    static majlis::Log log = majlis::Log::capture(&log_lines());
    static TextEngine eng([] {
        TextEngine::Config config;
        config.fonts_dir = kFontsDir;
        return config;
    }(), log);
    return eng;
}

Style style_for(const Case& c, float size_px) {
    Style s;
    s.font_role = c.role;
    s.lang = c.lang;
    s.dir = c.dir;
    s.size_px = size_px;
    s.max_width = 0;  // no wrapping
    return s;
}

struct G {
    uint32_t id = 0, cluster = 0;
    long ax = 0, dx = 0, dy = 0;  // font units
    bool operator==(const G&) const = default;
};

std::string format_glyphs(const std::vector<G>& glyphs) {
    std::string s;
    for (const G& g : glyphs) {
        if (!s.empty()) s += '|';
        s += std::to_string(g.id) + "=" + std::to_string(g.cluster);
        if (g.dx || g.dy) s += "@" + std::to_string(g.dx) + "," + std::to_string(g.dy);
        s += "+" + std::to_string(g.ax);
    }
    return s;
}

struct EngineRun {
    const Face* face = nullptr;
    uint32_t script = 0;
    uint8_t level = 0;
    uint32_t start = 0, end = 0;  // byte range of the input (logical), end exclusive
    std::vector<G> glyphs;        // visual order
};

struct EngineOutput {
    std::vector<EngineRun> runs;     // visual order, left to right
    std::vector<std::string> problems;
};

// Lays the case out and reads every run back in font units. The run's byte range is not in
// the Layout: the runs of a line partition it, so a run spans from its smallest cluster to the
// next run's smallest cluster in logical order (or the line's end).
EngineOutput engine_output(const Case& c) {
    EngineOutput out;
    auto base = engine().layout(c.text, style_for(c, 1000.0f));
    if (base->lines.size() != 1) {
        out.problems.push_back("expected one line without wrapping, got " + std::to_string(base->lines.size()));
        return out;
    }
    const Line& line = base->lines[0];
    if (line.start != 0 || line.end != c.text.size())
        out.problems.push_back("the line covers bytes " + std::to_string(line.start) + "-" + std::to_string(line.end) +
                               ", not the whole input (0-" + std::to_string(c.text.size()) + ")");
    std::vector<uint32_t> starts;
    for (const GlyphRun& run : line.runs) {
        if (run.glyphs.empty()) {
            out.problems.push_back("a run without glyphs");
            continue;
        }
        uint32_t lo = UINT32_MAX;
        for (const Glyph& g : run.glyphs) lo = std::min(lo, g.cluster);
        starts.push_back(lo);
    }
    std::sort(starts.begin(), starts.end());
    if (std::adjacent_find(starts.begin(), starts.end()) != starts.end())
        out.problems.push_back("two runs start at the same byte");

    for (size_t r = 0; r < line.runs.size(); ++r) {
        const GlyphRun& run = line.runs[r];
        if (run.glyphs.empty() || !run.face) continue;
        EngineRun er;
        er.face = run.face;
        er.script = run.script;
        er.level = run.level;
        er.start = UINT32_MAX;
        for (const Glyph& g : run.glyphs) er.start = std::min(er.start, g.cluster);
        auto next = std::upper_bound(starts.begin(), starts.end(), er.start);
        er.end = next == starts.end() ? line.end : *next;
        // The same layout at size = upem: one px is one font unit.
        auto at_upem = engine().layout(c.text, style_for(c, float(run.face->upem)));
        if (at_upem->lines.size() != 1 || at_upem->lines[0].runs.size() != line.runs.size() ||
            at_upem->lines[0].runs[r].face != run.face ||
            at_upem->lines[0].runs[r].glyphs.size() != run.glyphs.size()) {
            out.problems.push_back("the layout at size " + std::to_string(run.face->upem) +
                                   " px has other runs than at 1000 px");
            continue;
        }
        const GlyphRun& ur = at_upem->lines[0].runs[r];
        auto units = [&](float v, const char* what) {
            const long n = std::lround(v);
            if (std::fabs(v - float(n)) > 0.01f)
                out.problems.push_back(std::string(what) + " " + std::to_string(v) + " px at size = upem (" +
                                       run.face->file_name + ") is not a whole number of font units");
            return n;
        };
        float pen = ur.x;  // the engine places g.x = pen + x_offset and moves pen by the advance
        for (size_t i = 0; i < ur.glyphs.size(); ++i) {
            const Glyph& g = ur.glyphs[i];
            G out_g;
            out_g.id = g.id;
            out_g.cluster = g.cluster;
            if (g.cluster != run.glyphs[i].cluster || g.id != run.glyphs[i].id)
                out.problems.push_back("glyphs differ between sizes (they must not: shaping is size-independent)");
            out_g.ax = units(g.advance, "advance");
            out_g.dx = units(g.x - pen, "x offset");
            out_g.dy = units(-g.y, "y offset");
            pen += g.advance;
            er.glyphs.push_back(out_g);
        }
        out.runs.push_back(std::move(er));
    }
    return out;
}

//-----------------------------------------------------------------------------
// hb-shape
//-----------------------------------------------------------------------------

struct HbShape {
    std::vector<std::string> argv;
    std::vector<G> glyphs;  // clusters made absolute (byte offsets into the whole input)
    std::string error;
};

// Shapes bytes [start, end) of `text` (one paragraph) the way the engine shapes a run.
HbShape hb_shape(const std::string& text, uint32_t start, uint32_t end, const Face& face, uint32_t script,
                 bool rtl, const std::string& lang) {
    HbShape r;
    r.argv = {kHbShape,
              "--font-file=" + face.path,
              "--face-index=" + std::to_string(face.index),
              "--font-funcs=ot",
              "--font-size=" + std::to_string(face.upem),
              "--direction=" + std::string(rtl ? "rtl" : "ltr"),
              "--script=" + script_lower(script),
              "--language=" + lang,
              "--cluster-level=0",
              "--utf8-clusters",
              "--output-format=json",
              "--no-glyph-names"};
    // The whole paragraph around the run is context, as the engine passes it to HarfBuzz.
    if (start > 0) r.argv.push_back("--text-before=" + text.substr(0, start));
    if (end < text.size()) r.argv.push_back("--text-after=" + text.substr(end));
    // The engine sets BOT/EOT only where the run starts/ends the paragraph; hb-shape sets
    // them only when asked.
    if (start == 0) r.argv.push_back("--bot");
    if (end == text.size()) r.argv.push_back("--eot");
    r.argv.push_back("--text=" + text.substr(start, end - start));
    const Process p = run_process(r.argv);
    if (p.status != 0) {
        r.error = "hb-shape failed (status " + std::to_string(p.status) + ")";
        return r;
    }
    try {
        const auto j = nlohmann::json::parse(p.out);
        for (const auto& e : j) {
            G g;
            g.id = e.at("g").get<uint32_t>();
            g.cluster = e.at("cl").get<uint32_t>() + start;
            g.ax = e.at("ax").get<long>();
            g.dx = e.at("dx").get<long>();
            g.dy = e.at("dy").get<long>();
            r.glyphs.push_back(g);
        }
    } catch (const std::exception& e) {
        r.error = std::string("cannot parse hb-shape output: ") + e.what() + ": " + p.out;
    }
    return r;
}

std::string harfbuzz_version() {
    static const std::string v = [] {
        const Process p = run_process({kHbShape, "--version"});
        std::string first = p.out.substr(0, p.out.find('\n'));
        const size_t sp = first.rfind(' ');
        return sp == std::string::npos ? first : first.substr(sp + 1);
    }();
    return v;
}

std::string sha256_of(const std::string& path) {
    static std::map<std::string, std::string> cache;
    if (auto it = cache.find(path); it != cache.end()) return it->second;
    const Process p = run_process({kSha256sum, "--", path});
    std::string sum = p.status == 0 && p.out.size() >= 64 ? p.out.substr(0, 64) : "";
    cache[path] = sum;
    return sum;
}

// Everything wrong between the engine and hb-shape for one case (empty: they agree).
std::vector<std::string> oracle_problems(const Case& c, const EngineOutput& eo) {
    std::vector<std::string> problems = eo.problems;
    for (const EngineRun& run : eo.runs) {
        const bool rtl = run.level & 1;
        const HbShape hb = hb_shape(c.text, run.start, run.end, *run.face, run.script, rtl, c.lang);
        const std::string what = "run " + run.face->file_name + " " + script_tag(run.script) + " level " +
                                 std::to_string(run.level) + " bytes " + std::to_string(run.start) + "-" +
                                 std::to_string(run.end) + " \"" + c.text.substr(run.start, run.end - run.start) + "\"";
        if (!hb.error.empty()) {
            problems.push_back(what + ": " + hb.error + "\n    " + shell_line(hb.argv));
            continue;
        }
        if (hb.glyphs != run.glyphs) {
            problems.push_back(what + ": the engine and hb-shape differ (glyph=byte@dx,dy+advance, visual order)\n" +
                               "    engine:   " + format_glyphs(run.glyphs) + "\n" +
                               "    hb-shape: " + format_glyphs(hb.glyphs) + "\n" +
                               "    (hb-shape clusters shifted by +" + std::to_string(run.start) + ")\n    " +
                               shell_line(hb.argv));
        }
        // .notdef only where the run's whole fallback chain lacks the character.
        for (const G& g : run.glyphs) {
            if (g.id != 0) continue;
            const char32_t cp = codepoint_at(c.text, g.cluster);
            for (const Face* f : engine().fonts().chain(c.role, run.script, c.lang))
                if (f->has(cp)) {
                    problems.push_back(what + ": " + hex_cp(cp) + " drawn as .notdef from " + run.face->file_name +
                                       " although " + f->file_name + " in the chain has it");
                    break;
                }
        }
    }
    return problems;
}

//-----------------------------------------------------------------------------
// Reference files
//-----------------------------------------------------------------------------

std::string self_exe() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("build/shaping_oracle_test") : p.string();
}

std::string record_command() {
    return "MAJLIS_RECORD=1 " + self_exe() + " --gtest_filter='shaping/OracleCase.MatchesReference/*'";
}

std::string case_line(const Case& c) {
    return "case;" + c.name + ";" + c.role + ";" + c.lang + ";" + c.dir_name + ";" + c.raw;
}

std::string run_line(const EngineRun& r) {
    return "run;" + r.face->file_name + ";" + script_tag(r.script) + ";" + std::to_string(r.level) + ";" +
           std::to_string(r.start) + "-" + std::to_string(r.end) + ";" + format_glyphs(r.glyphs);
}

// The faces a case used, sorted by file name.
std::vector<const Face*> faces_of(const EngineOutput& eo) {
    std::vector<const Face*> faces;
    for (const EngineRun& r : eo.runs)
        if (std::find(faces.begin(), faces.end(), r.face) == faces.end()) faces.push_back(r.face);
    std::sort(faces.begin(), faces.end(), [](const Face* a, const Face* b) { return a->file_name < b->file_name; });
    return faces;
}

std::string render_reference(const Case& c, const EngineOutput& eo) {
    std::ostringstream s;
    s << "# Shaping reference for case " << c.name << " of tests/data/shaping/cases.txt (majlis text engine,\n"
      << "# checked against hb-shape when recorded). Do not edit: re-record with\n"
      << "#   MAJLIS_RECORD=1 build/shaping_oracle_test --gtest_filter='shaping/OracleCase.MatchesReference/*'\n"
      << "# font;FILE;upem=U;sha256=H  a font file used, as installed when recorded\n"
      << "# run;FILE;SCRIPT;LEVEL;BYTES;glyph=cluster[@dx,dy]+advance|...  runs in visual order, left to\n"
      << "#   right; font units; clusters are byte offsets into the case text\n"
      << case_line(c) << "\n"
      << "harfbuzz;" << harfbuzz_version() << "\n";
    for (const Face* f : faces_of(eo))
        s << "font;" << f->file_name << ";upem=" << f->upem << ";sha256=" << sha256_of(f->path) << "\n";
    for (const EngineRun& r : eo.runs) s << run_line(r) << "\n";
    return s.str();
}

//-----------------------------------------------------------------------------
// The per-case tests
//-----------------------------------------------------------------------------

class OracleCase : public ::testing::TestWithParam<Case> {};

TEST_P(OracleCase, MatchesHbShape) {
    const Case& c = GetParam();
    ASSERT_TRUE(fs::exists(kHbShape)) << kHbShape << " is missing: install libharfbuzz-bin";
    SCOPED_TRACE(kCasesFile.string() + ":" + std::to_string(c.line) + ": " + c.name);
    const EngineOutput eo = engine_output(c);
    ASSERT_FALSE(eo.runs.empty()) << "the engine produced no runs";
    for (const std::string& p : oracle_problems(c, eo)) ADD_FAILURE() << p;
}

TEST_P(OracleCase, MatchesReference) {
    const Case& c = GetParam();
    ASSERT_TRUE(fs::exists(kHbShape)) << kHbShape << " is missing: install libharfbuzz-bin";
    SCOPED_TRACE(kCasesFile.string() + ":" + std::to_string(c.line) + ": " + c.name);
    const fs::path path = kExpectedDir / (c.name + ".txt");
    const EngineOutput eo = engine_output(c);
    ASSERT_FALSE(eo.runs.empty()) << "the engine produced no runs";

    if (const char* rec = std::getenv("MAJLIS_RECORD"); rec && std::string(rec) == "1") {
        const auto problems = oracle_problems(c, eo);
        if (!problems.empty()) {
            for (const std::string& p : problems) ADD_FAILURE() << p;
            FAIL() << "not recording " << path << ": the engine disagrees with hb-shape (see above)";
        }
        for (const Face* f : faces_of(eo))
            ASSERT_EQ(sha256_of(f->path).size(), 64u) << "cannot hash " << f->path;
        fs::create_directories(kExpectedDir);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << render_reference(c, eo);
        ASSERT_TRUE(out.good()) << "cannot write " << path;
        std::printf("recorded %s\n", path.c_str());
        return;
    }

    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "no reference " << path << "; record it (after checking the case) with\n  "
                    << record_command();
    std::vector<std::string> runs_expected, fonts_expected;
    std::string case_expected, hb_expected;
    for (std::string l; std::getline(in, l);) {
        if (l.rfind("case;", 0) == 0) case_expected = l;
        else if (l.rfind("harfbuzz;", 0) == 0) hb_expected = l.substr(9);
        else if (l.rfind("font;", 0) == 0) fonts_expected.push_back(l);
        else if (l.rfind("run;", 0) == 0) runs_expected.push_back(l);
    }
    ASSERT_EQ(case_expected, case_line(c)) << "the case changed since " << path
                                           << " was recorded; check it and re-record with\n  " << record_command();

    // The fonts first: a different font file explains (and hides) every glyph difference.
    bool font_changed = false;
    for (const std::string& fl : fonts_expected) {
        // font;FILE;upem=U;sha256=H
        std::vector<std::string> f;
        std::stringstream ss(fl);
        for (std::string part; std::getline(ss, part, ';');) f.push_back(part);
        ASSERT_EQ(f.size(), 4u) << "malformed line in " << path << ": " << fl;
        const std::string& file = f[1];
        const std::string sha = f[3].substr(f[3].find('=') + 1);
        const Face* installed = nullptr;
        for (const auto& face : engine().fonts().faces())
            if (face->file_name == file) installed = face.get();
        if (!installed) {
            ADD_FAILURE() << "the reference " << path << " was recorded with the font " << file
                          << ", which the engine no longer loads (font package removed or fonts/stack.toml changed).\n"
                          << "Check the new output against hb-shape and re-record with\n  " << record_command();
            font_changed = true;
            continue;
        }
        const std::string now = sha256_of(installed->path);
        if (now != sha) {
            ADD_FAILURE() << "FONT PACKAGE CHANGED: " << installed->path << " has sha256 " << now
                          << " but the reference " << path << " was recorded with sha256 " << sha << ".\n"
                          << "The installed font file is not the one the references were made with (a Debian "
                             "package upgrade?).\nIf MatchesHbShape still passes, re-record every reference with\n  "
                          << record_command();
            font_changed = true;
        }
    }
    if (font_changed) return;

    std::vector<std::string> runs_now;
    for (const EngineRun& r : eo.runs) runs_now.push_back(run_line(r));
    if (runs_now != runs_expected) {
        std::string msg = "the engine's output differs from " + path.string() + "\n  expected:\n";
        for (const std::string& l : runs_expected) msg += "    " + l + "\n";
        msg += "  now:\n";
        for (const std::string& l : runs_now) msg += "    " + l + "\n";
        if (!hb_expected.empty() && hb_expected != harfbuzz_version())
            msg += "  note: recorded with HarfBuzz " + hb_expected + ", now " + harfbuzz_version() + "\n";
        msg += "  A change of itemization (font choice, run split) or of shaping. If it is intended and\n"
               "  MatchesHbShape passes, re-record with\n    " + record_command();
        ADD_FAILURE() << msg;
    }
}

std::vector<Case> all_cases() { return case_file().cases; }

INSTANTIATE_TEST_SUITE_P(shaping, OracleCase, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// The case file itself, and no reference left over from a removed case.
TEST(shaping_cases, FileIsWellFormed) {
    const CaseFile& f = case_file();
    for (const std::string& e : f.errors) ADD_FAILURE() << e;
    EXPECT_GE(f.cases.size(), 30u);
}

TEST(shaping_cases, NoStaleReferences) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(kExpectedDir, ec)) {
        const std::string stem = entry.path().stem().string();
        EXPECT_TRUE(entry.path().extension() == ".txt" && find_case(stem))
            << entry.path() << " belongs to no case of " << kCasesFile << "; delete it";
    }
}

//-----------------------------------------------------------------------------
// Facts a person can check
//-----------------------------------------------------------------------------

std::string glyph_name(const Face* face, uint32_t id) {
    char buf[128] = {};
    if (FT_Get_Glyph_Name(static_cast<FT_Face>(face->ft_face), id, buf, sizeof buf) != 0) return "";
    return buf;
}

// The runs of a case (by name, so the facts follow cases.txt) or of any text.
EngineOutput output_of(const std::string& case_name) {
    const Case* c = find_case(case_name);
    if (!c) {
        ADD_FAILURE() << "no case " << case_name << " in " << kCasesFile;
        return {};
    }
    return engine_output(*c);
}

EngineOutput output_of_text(const std::string& text, const std::string& lang, const std::string& role = "body") {
    Case c;
    c.name = "adhoc";
    c.role = role;
    c.lang = lang;
    c.dir_name = "auto";
    c.text = c.raw = text;
    return engine_output(c);
}

// The run and glyph holding the cluster starting at byte b (the first glyph in visual order).
struct Hit {
    const EngineRun* run = nullptr;
    const G* glyph = nullptr;
};
Hit glyph_at(const EngineOutput& eo, uint32_t b) {
    for (const EngineRun& r : eo.runs)
        for (const G& g : r.glyphs)
            if (g.cluster == b) return {&r, &g};
    return {};
}

const EngineRun* run_at(const EngineOutput& eo, uint32_t b) {
    for (const EngineRun& r : eo.runs)
        if (r.start <= b && b < r.end) return &r;
    return nullptr;
}

// Byte offset of the n-th occurrence (0-based) of `needle` in the case's text.
uint32_t byte_of(const std::string& case_name, const std::string& needle, int nth = 0) {
    const Case* c = find_case(case_name);
    if (!c) return UINT32_MAX;
    size_t pos = c->text.find(needle);
    while (pos != std::string::npos && nth-- > 0) pos = c->text.find(needle, pos + 1);
    EXPECT_NE(pos, std::string::npos) << "'" << needle << "' not in case " << case_name;
    return pos == std::string::npos ? UINT32_MAX : uint32_t(pos);
}

// Lam-alef: Noto Naskh Arabic has no single lam-alef glyph; its 'rlig' lookup turns the pair
// into a lam form carrying the whole advance and a zero-width alef form drawn over it.
TEST(shaping_facts, LamAlefTakesNaskhLamAlefForms) {
    struct Want { const char* name; const char* alef_glyph; };
    const Want wants[] = {
        {"ar_lam_alef", "uniFE8E.rlig"},              // لا    alef
        {"ar_lam_alef_hamza_above", "uniFE84.rlig"},  // الأ   alef with hamza above, final
        {"ar_lam_alef_hamza_below", "uniFE88.rlig"},  // لإ    alef with hamza below, final
        {"ar_lam_alef_madda", "uniFE82.rlig"},        // الآ   alef with madda, final
    };
    for (const Want& w : wants) {
        SCOPED_TRACE(w.name);
        const EngineOutput eo = output_of(w.name);
        const Case* c = find_case(w.name);
        ASSERT_TRUE(c);
        const uint32_t lam = byte_of(w.name, "ل");
        const uint32_t alef = lam + 2;  // the alef right after the lam (all alefs are 2 bytes)
        const Hit l = glyph_at(eo, lam), a = glyph_at(eo, alef);
        ASSERT_TRUE(l.glyph && a.glyph);
        EXPECT_EQ(l.run->face->file_name, "NotoNaskhArabic-Regular.ttf");
        EXPECT_EQ(l.run, a.run);
        EXPECT_EQ(glyph_name(l.run->face, l.glyph->id).rfind("uniFEDF.rlig", 0), 0u)
            << "lam: " << glyph_name(l.run->face, l.glyph->id);
        EXPECT_EQ(glyph_name(a.run->face, a.glyph->id), w.alef_glyph);
        EXPECT_EQ(a.glyph->ax, 0) << "the alef form is drawn over the lam form";
        EXPECT_GT(l.glyph->ax, 0);
    }
    // A fatha between lam and alef stays on the lam: still the lam-alef pair.
    const EngineOutput eo = output_of("ar_lam_alef_fatha");
    ASSERT_EQ(eo.runs.size(), 1u);
    std::vector<std::string> names;
    for (const G& g : eo.runs[0].glyphs) names.push_back(glyph_name(eo.runs[0].face, g.id));
    EXPECT_EQ(names, (std::vector<std::string>{"uniFE8E.rlig", "uni064E", "uniFEDF.rlig"}));
}

// Amiri (role "display") has real lam-alef ligatures and the Allah ligature.
TEST(shaping_facts, DisplayRoleUsesAmiri) {
    for (const char* name : {"ar_display_amiri", "ar_display_amiri_lam_alef"}) {
        SCOPED_TRACE(name);
        const EngineOutput eo = output_of(name);
        const Case* c = find_case(name);
        ASSERT_TRUE(c);
        for (const EngineRun& r : eo.runs) {
            const std::string text = c->text.substr(r.start, r.end - r.start);
            const bool brackets_or_digits = text.find_first_of("()-0123456789") != std::string::npos;
            if (r.script == tag("Arab") && !brackets_or_digits) {
                EXPECT_EQ(r.face->file_name, "Amiri-Regular.ttf") << "run \"" << text << "\"";
            }
        }
    }
    const EngineOutput eo = output_of("ar_display_amiri_lam_alef");
    const Hit l = glyph_at(eo, 0);
    ASSERT_TRUE(l.glyph);
    EXPECT_NE(glyph_name(l.run->face, l.glyph->id).find("LamAlf"), std::string::npos)
        << glyph_name(l.run->face, l.glyph->id);
    // Amiri has ( ) and ASCII digits itself: nothing falls back to Noto Sans there.
    for (const EngineRun& r : eo.runs) EXPECT_EQ(r.face->file_name, "Amiri-Regular.ttf");
}

// The language selects localized forms: Amiri's Urdu digits, Noto Sans's Serbian be.
TEST(shaping_facts, LanguageSelectsLocalForms) {
    const EngineOutput ur = output_of("ur_digits_amiri");
    int urdu_forms = 0;
    for (const EngineRun& r : ur.runs)
        for (const G& g : r.glyphs) urdu_forms += glyph_name(r.face, g.id).find(".urd") != std::string::npos;
    EXPECT_GE(urdu_forms, 3) << "four, six and seven take their Urdu shapes";
    const EngineOutput sr = output_of("sr_cyrillic");
    const Hit be = glyph_at(sr, byte_of("sr_cyrillic", "б"));
    ASSERT_TRUE(be.glyph);
    EXPECT_EQ(glyph_name(be.run->face, be.glyph->id), "uni0431.loclSRB");
}

// ZWNJ stops joining: the letter before it takes the form it has at the end of a word; ZWJ
// forces joining: the letter before it takes the form it has before another letter.
TEST(shaping_facts, ZwnjBreaksAndZwjForcesJoining) {
    // می‌خواهم: the yeh before the ZWNJ is final (as in "می" alone), not medial (as in "میخواهم").
    const std::string yeh = "ی";
    const EngineOutput with_zwnj = output_of("fa_zwnj");
    const EngineOutput alone = output_of_text("می", "fa");
    const EngineOutput joined = output_of_text("میخواهم", "fa");
    const uint32_t b = byte_of("fa_zwnj", yeh);
    const Hit z = glyph_at(with_zwnj, b), a = glyph_at(alone, b), j = glyph_at(joined, b);
    ASSERT_TRUE(z.glyph && a.glyph && j.glyph);
    EXPECT_EQ(z.glyph->id, a.glyph->id) << "yeh before ZWNJ: " << glyph_name(z.run->face, z.glyph->id)
                                        << ", yeh at the end of a word: " << glyph_name(a.run->face, a.glyph->id);
    EXPECT_NE(z.glyph->id, j.glyph->id) << "yeh inside a word is medial";
    // The khah after the ZWNJ starts a word again: initial, as in "خواهم" alone.
    const EngineOutput rest = output_of_text("خواهم", "fa");
    const Hit kz = glyph_at(with_zwnj, byte_of("fa_zwnj", "خ")), kr = glyph_at(rest, 0);
    ASSERT_TRUE(kz.glyph && kr.glyph);
    EXPECT_EQ(kz.glyph->id, kr.glyph->id);

    // ب‌ب: the first beh is isolated (as "ب" alone), the second too.
    const EngineOutput zwnj = output_of("ar_zwnj_inside");
    const EngineOutput beh = output_of_text("ب", "ar");
    const Hit b0 = glyph_at(zwnj, 0), b1 = glyph_at(zwnj, byte_of("ar_zwnj_inside", "ب", 1)), bb = glyph_at(beh, 0);
    ASSERT_TRUE(b0.glyph && b1.glyph && bb.glyph);
    EXPECT_EQ(b0.glyph->id, bb.glyph->id);
    EXPECT_EQ(b1.glyph->id, bb.glyph->id);

    // ع‍: the ain before ZWJ is initial, as in "عب", not isolated as in "ع".
    const EngineOutput zwj = output_of("ar_zwj_after");
    const EngineOutput ain_beh = output_of_text("عب", "ar");
    const EngineOutput ain = output_of_text("ع", "ar");
    const Hit z0 = glyph_at(zwj, 0), i0 = glyph_at(ain_beh, 0), s0 = glyph_at(ain, 0);
    ASSERT_TRUE(z0.glyph && i0.glyph && s0.glyph);
    // The ZWJ's own glyph shares the ain's cluster; take the one that is not blank.
    uint32_t ain_glyph = 0;
    for (const G& g : z0.run->glyphs)
        if (g.cluster == 0 && g.ax > 0) ain_glyph = g.id;
    EXPECT_EQ(ain_glyph, i0.glyph->id) << glyph_name(z0.run->face, ain_glyph);
    EXPECT_NE(ain_glyph, s0.glyph->id);
}

// Noto Naskh Arabic has no ( ) - % /: inside Arabic text they come from Noto Sans, in runs of
// their own, at the Arabic level (so HarfBuzz mirrors the brackets).
TEST(shaping_facts, FallbackPunctuationComesFromNotoSans) {
    struct Want { const char* name; const char* chars; };
    for (const Want& w : {Want{"ar_brackets", "()"}, Want{"ar_percent", "%"}, Want{"ar_slash", "/"},
                          Want{"ar_date_range", "-"}, Want{"mixed_ar_latin_brackets", "("}}) {
        SCOPED_TRACE(w.name);
        const EngineOutput eo = output_of(w.name);
        for (const char* ch = w.chars; *ch; ++ch) {
            const uint32_t b = byte_of(w.name, std::string(1, *ch));
            const EngineRun* r = run_at(eo, b);
            ASSERT_TRUE(r) << *ch;
            EXPECT_EQ(r->face->file_name, "NotoSans-Regular.ttf") << "'" << *ch << "'";
            const Hit h = glyph_at(eo, b);
            ASSERT_TRUE(h.glyph);
            EXPECT_NE(h.glyph->id, 0u);
        }
    }
    // In the right-to-left run "(" is drawn with the glyph of ")" (mirrored), and vice versa.
    const EngineOutput eo = output_of("ar_brackets");
    const Hit open = glyph_at(eo, byte_of("ar_brackets", "(")), close = glyph_at(eo, byte_of("ar_brackets", ")"));
    ASSERT_TRUE(open.glyph && close.glyph);
    EXPECT_TRUE(open.run->level & 1);
    EXPECT_EQ(glyph_name(open.run->face, open.glyph->id), "parenright");
    EXPECT_EQ(glyph_name(close.run->face, close.glyph->id), "parenleft");
    // The Arabic letters stay in Noto Naskh Arabic.
    EXPECT_EQ(run_at(eo, 0)->face->file_name, "NotoNaskhArabic-Regular.ttf");
}

// Every Tajik, Kazakh, Kyrgyz, Uzbek and Turkmen letter is in Noto Sans: one font, no .notdef.
TEST(shaping_facts, CentralAsianLettersComeFromNotoSans) {
    for (const char* name : {"tg_letters", "kk_letters", "ky_letters", "uz_cyrillic", "tk_latin", "uz_latin", "ru_text"}) {
        SCOPED_TRACE(name);
        const EngineOutput eo = output_of(name);
        ASSERT_FALSE(eo.runs.empty());
        for (const EngineRun& r : eo.runs) {
            EXPECT_EQ(r.face->file_name, "NotoSans-Regular.ttf");
            for (const G& g : r.glyphs) EXPECT_NE(g.id, 0u) << "at byte " << g.cluster;
        }
    }
}

// Dates after Arabic: without isolation the UBA shows 2025-2027 as 2027-2025 (the documented
// pitfall); inside LRI ... PDI the range reads left to right.
TEST(shaping_facts, DateRangeOrder) {
    auto x_of = [](const EngineOutput& eo, uint32_t b) {
        // Visual position: the index of the glyph in left-to-right order across all runs.
        size_t i = 0;
        for (const EngineRun& r : eo.runs)
            for (const G& g : r.glyphs) {
                if (g.cluster == b) return i;
                ++i;
            }
        return size_t(-1);
    };
    const EngineOutput plain = output_of("ar_date_range");
    const uint32_t y2025 = byte_of("ar_date_range", "2025"), y2027 = byte_of("ar_date_range", "2027");
    EXPECT_GT(x_of(plain, y2025), x_of(plain, y2027)) << "2027 is drawn left of 2025";
    const EngineOutput iso = output_of("ar_date_range_isolated");
    const uint32_t i2025 = byte_of("ar_date_range_isolated", "2025"), i2027 = byte_of("ar_date_range_isolated", "2027");
    EXPECT_LT(x_of(iso, i2025), x_of(iso, i2027)) << "2025 is drawn left of 2027";
    // The digits keep their logical order inside their own run.
    const EngineRun* r = run_at(iso, i2025);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->level % 2, 0) << "digits are at an even (left-to-right) level";
}

// A paragraph starting with a bare mark gets HarfBuzz's dotted circle (BOT set by the engine).
TEST(shaping_facts, LeadingMarkGetsDottedCircle) {
    const EngineOutput eo = output_of("ar_leading_mark");
    ASSERT_FALSE(eo.runs.empty());
    bool dotted = false;
    for (const EngineRun& r : eo.runs)
        for (const G& g : r.glyphs) dotted |= glyph_name(r.face, g.id) == "uni25CC";
    EXPECT_TRUE(dotted);
}

// Fallback to the end of the chain: DejaVu Sans has U+1F600; nothing has U+4E2D, which is drawn
// as .notdef of the chain's first font and logged once.
TEST(shaping_facts, EmojiAndTofu) {
    const EngineOutput emoji = output_of("emoji_dejavu");
    const EngineRun* r = run_at(emoji, byte_of("emoji_dejavu", "😀"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->face->file_name, "DejaVuSans.ttf");
    EXPECT_NE(glyph_at(emoji, byte_of("emoji_dejavu", "😀")).glyph->id, 0u);

    for (const char* name : {"tofu_no_font", "tofu_in_arabic"}) {
        SCOPED_TRACE(name);
        const EngineOutput eo = output_of(name);
        const Hit h = glyph_at(eo, byte_of(name, "中"));
        ASSERT_TRUE(h.glyph);
        EXPECT_EQ(h.glyph->id, 0u);
        EXPECT_EQ(h.run->face->file_name, "NotoSans-Regular.ttf");
    }
    bool logged = false;
    for (const std::string& l : log_lines()) logged |= l.find("U+4E2D") != std::string::npos;
    EXPECT_TRUE(logged) << "the missing character is logged";
}

// Marks stay with their base letters: in the basmala every mark is in the Naskh run, at zero advance.
TEST(shaping_facts, HarakatStayOnTheirLetters) {
    const EngineOutput eo = output_of("ar_basmala");
    ASSERT_EQ(eo.runs.size(), 1u) << "one Arabic run in Noto Naskh Arabic";
    EXPECT_EQ(eo.runs[0].face->file_name, "NotoNaskhArabic-Regular.ttf");
    const Case* c = find_case("ar_basmala");
    int marks = 0;
    for (const G& g : eo.runs[0].glyphs) {
        const char32_t cp = codepoint_at(c->text, g.cluster);
        const std::string name = glyph_name(eo.runs[0].face, g.id);
        if (name.rfind("uni064", 0) == 0 || name.rfind("uni065", 0) == 0 || name.rfind("uni0670", 0) == 0) {
            ++marks;
            EXPECT_EQ(g.ax, 0) << name;
            EXPECT_NE(g.id, 0u);
            EXPECT_GE(cp, 0x0621u) << "a mark's cluster is its base letter's";
        }
    }
    EXPECT_GE(marks, 10);
}

}  // namespace
