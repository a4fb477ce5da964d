// QR codes (screens/painter.h): a session's, document's or person's URL drawn on the kiosk's
// screens and the loop's slides is read back from the rendered PNG by a QR decoder (zbarimg, of
// Debian's zbar-tools) and must be the URL exactly, in left-to-right and right-to-left languages,
// landscape and portrait. A changed URL decodes to the changed URL, a screen without one has no
// code, and the painter encodes each URL once however many frames show it. The content side: a
// `url` that is not http(s) or too long is an error at its line and column.
#include "screens/painter.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
namespace mt = majlis::testing;
namespace screens = majlis::screens;
namespace content = majlis::content;
using mt::TempFolder;

namespace {

// The demo's URLs (assets/dushanbe-2025).
const std::string kSessionUrl = "https://summit.example/sessions/adoption";
const std::string kDocumentUrl = "https://summit.example/documents/joint-action-plan-2025-2027";
const std::string kPersonUrl = "https://president.kg";

// What zbarimg reads in a PNG: each code's text, one a line ("" when it finds none).
std::string decode(const std::string& png) {
    const std::string cmd = "zbarimg --raw -q '" + png + "' 2>/dev/null";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// `majlis render` of one screen into `dir`/NAME.png; the PNG's path.
std::string render(const TempFolder& dir, const std::string& screen, const std::string& lang, const std::string& size,
                   const std::string& content = {}, const std::string& at = "2025-10-09T10:45") {
    std::string name = screen + "_" + lang + "_" + size + "_" + at;
    for (char& c : name)
        if (c == ':') c = '-';
    const std::string png = dir / (name + ".png");
    const mt::MajlisRun r =
        mt::run_majlis("render --screen '" + screen + "' --lang " + lang + " --at " + at + " --size " + size +
                            (content.empty() ? "" : " --content '" + content + "'") + " -o '" + png + "'");
    EXPECT_EQ(r.code, 0) << r.out;
    return png;
}

struct Case {
    std::string screen, lang, size, url;
    std::string at = "2025-10-09T10:45";
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.screen << " " << c.lang << " " << c.size; }

class QrRendered : public ::testing::TestWithParam<Case> {};

TEST_P(QrRendered, DecodesToTheUrl) {
    const Case& c = GetParam();
    TempFolder dir("majlis-qr");
    EXPECT_EQ(decode(render(dir, c.screen, c.lang, c.size, {}, c.at)), c.url);
}

INSTANTIATE_TEST_SUITE_P(
    Screens, QrRendered,
    ::testing::Values(
        // The kiosk: session, participant, document reader.
        Case{"session:adoption", "ar", "1920x1080", kSessionUrl}, Case{"session:adoption", "en", "1080x1920", kSessionUrl},
        Case{"session:adoption", "ru", "1920x1080", kSessionUrl}, Case{"session:adoption", "tg", "1080x1920", kSessionUrl},
        Case{"participant:japarov", "ar", "1080x1920", kPersonUrl},
        Case{"participant:japarov", "tg", "1920x1080", kPersonUrl},
        Case{"document:joint-action-plan-2025-2027", "ar", "1920x1080", kDocumentUrl},
        Case{"document:joint-action-plan-2025-2027", "ru", "1080x1920", kDocumentUrl},
        // The loop: Japarov's slide (5) and the action plan's (10).
        Case{"loop:5", "ar", "1920x1080", kPersonUrl}, Case{"loop:5", "en", "1080x1920", kPersonUrl},
        Case{"loop:10", "ar", "1080x1920", kDocumentUrl}, Case{"loop:10", "tg", "1920x1080", kDocumentUrl},
        // The now/next slide (1): the adoption on now in the Sarazm Hall, and coming next.
        Case{"loop:1", "ar", "1920x1080", kSessionUrl, "2025-10-09T12:25"},
        Case{"loop:1", "en", "1080x1920", kSessionUrl, "2025-10-09T12:25"},
        Case{"loop:1", "ru", "1920x1080", kSessionUrl, "2025-10-09T12:10"}),
    [](const ::testing::TestParamInfo<Case>& i) {
        std::string n = i.param.screen + "_" + i.param.lang + "_" + i.param.size + "_" + i.param.at.substr(11);
        for (char& c : n)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return n;
    });

// A screen whose item has no URL shows no code.
TEST(QrCode, NoUrlNoCode) {
    TempFolder dir("majlis-qr");
    EXPECT_EQ(decode(render(dir, "session:chair-address", "ar", "1920x1080")), "");
    EXPECT_EQ(decode(render(dir, "loop:9", "en", "1920x1080")), "");
    EXPECT_EQ(decode(render(dir, "loop:1", "en", "1920x1080")), "");  // now/next at 10:45: no session has one
}

// The code is the content's: a URL changed in the folder decodes as changed (the test cannot
// pass by a code drawn from elsewhere).
TEST(QrCode, AChangedUrlDecodesChanged) {
    TempFolder dir("majlis-qr");
    const fs::path content = dir.path / "event";
    fs::copy(mt::kDemoContent, content, fs::copy_options::recursive);
    const std::string changed = "https://summit.example/documents/plan?lang=ar&v=2";
    std::string docs = mt::read_file(content / "documents.toml");
    const size_t at = docs.find(kDocumentUrl);
    ASSERT_NE(at, std::string::npos);
    docs.replace(at, kDocumentUrl.size(), changed);
    mt::write_file(content / "documents.toml", docs);
    for (const char* screen : {"document:joint-action-plan-2025-2027", "loop:10"})
        EXPECT_EQ(decode(render(dir, screen, "ar", "1920x1080", content.string())), changed) << screen;
}

// The sizing rule: a code at least a tenth of the distance wide, whole-px modules, shrunk to the
// room given; each URL encoded once.
TEST(QrCode, SizedForTheDistanceInWholePixels) {
    const float ppm = 1920.0f / 1210.0f;  // a 55" 1080p panel
    for (float distance : {screens::paint::kKioskScanMm, screens::paint::kWallScanMm}) {
        const screens::paint::QrCode q = screens::paint::qr_code(kDocumentUrl, ppm, distance, 4000);
        ASSERT_TRUE(q);
        const int n = q.modules->size;
        EXPECT_GE(float(q.module_px * n), distance / 10 * ppm);        // wide enough
        EXPECT_LT(float((q.module_px - 1) * n), distance / 10 * ppm);  // and no wider than it needs
        EXPECT_EQ(q.side, float(q.module_px * (n + 2 * screens::paint::kQrQuietModules)));
    }
    const screens::paint::QrCode small = screens::paint::qr_code(kDocumentUrl, ppm, screens::paint::kWallScanMm, 200);
    ASSERT_TRUE(small);
    EXPECT_LE(small.side, 200.0f);
    EXPECT_FALSE(screens::paint::qr_code(kDocumentUrl, ppm, screens::paint::kWallScanMm, 40));  // under 2 px a module
    EXPECT_FALSE(screens::paint::qr_code("", ppm, screens::paint::kWallScanMm, 4000));
    EXPECT_EQ(screens::paint::qr_caption("https://www.summit.example/agenda/"), "summit.example/agenda");
}

TEST(QrCode, EncodesEachUrlOnce) {
    const std::string url = "https://summit.example/once";
    const size_t before = screens::paint::qr_encodings();
    ImGuiContext* ctx = mt::headless_imgui();
    for (int frame = 0; frame < 3; ++frame) {
        ImGui::NewFrame();
        const screens::paint::QrCode q = screens::paint::qr_code(url, 2.0f, screens::paint::kKioskScanMm, 1000);
        screens::paint::draw_qr(ImGui::GetBackgroundDrawList(), ImVec2(10.4f, 20.6f), q);
        ImGui::Render();
    }
    ImGui::DestroyContext(ctx);
    EXPECT_EQ(screens::paint::qr_encodings(), before + 1);
}

// `url` keys: http(s) only, bounded, reported where they are written.
TEST(QrCode, ContentRefusesBadUrls) {
    TempFolder dir("majlis-qr");
    const fs::path content = dir.path / "event";
    fs::copy(mt::kDemoContent, content, fs::copy_options::recursive);
    std::string docs = mt::read_file(content / "documents.toml");
    const size_t at = docs.find("\"" + kDocumentUrl + "\"");
    ASSERT_NE(at, std::string::npos);
    docs.replace(at + 1, kDocumentUrl.size(), "ftp://summit.example/plan");
    mt::write_file(content / "documents.toml", docs);
    std::string people = mt::read_file(content / "participants.toml");
    const size_t pat = people.find("\"" + kPersonUrl + "\"");
    ASSERT_NE(pat, std::string::npos);
    people.replace(pat + 1, kPersonUrl.size(), "https://president.kg/" + std::string(600, 'a'));
    mt::write_file(content / "participants.toml", people);

    const content::LoadResult r = content::load_event(content.string());
    auto line_col = [](const std::string& text, size_t offset) {
        const size_t line_start = text.rfind('\n', offset) + 1;
        return std::pair<int, int>(int(std::count(text.begin(), text.begin() + long(offset), '\n')) + 1,
                                   int(offset - line_start) + 1);
    };
    bool doc_seen = false, person_seen = false;
    for (const content::Diagnostic& d : r.diagnostics) {
        if (d.pos.file == "documents.toml" && d.message.find("must start with https:// or http://") != std::string::npos) {
            doc_seen = true;
            EXPECT_EQ(std::pair(d.pos.line, d.pos.column), line_col(docs, at)) << d.format();
        }
        if (d.pos.file == "participants.toml" && d.message.find("at most 512") != std::string::npos) {
            person_seen = true;
            EXPECT_EQ(std::pair(d.pos.line, d.pos.column), line_col(people, pat)) << d.format();
        }
    }
    EXPECT_TRUE(doc_seen && person_seen) << (r.diagnostics.empty() ? "no diagnostics" : r.diagnostics[0].format());
}

}  // namespace
