// Golden images: `majlis render` of the text samples (tests/data/golden/samples.tsv) and of every
// content screen in ar, ru, en and tg (tests/data/golden/screens/screens.tsv), compared with the
// checked-in PNGs.
//
// Tolerance (explicit, as Magnum's CompareImageToFile): a pixel differs when one of its channels
// is off by more than kChannelTolerance; the test fails when more than kMaxDifferingFraction of
// the pixels differ or the mean absolute channel difference exceeds kMaxMeanDifference. That
// absorbs llvmpipe's rounding across CPUs, and catches a moved, missing or unjoined letter.
//
// Re-record after an intended change:  MAJLIS_RECORD_GOLDEN=1 build/golden_test
// and then LOOK at every PNG in tests/data/golden before committing it.
#include "platform.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

constexpr int kChannelTolerance = 40;
constexpr double kMaxDifferingFraction = 0.002;
constexpr double kMaxMeanDifference = 0.6;

const fs::path kGoldenDir = fs::path(MAJLIS_TEST_DATA_DIR) / "golden";

struct Sample {
    std::string name, args;  // args: everything after `majlis render` but the output
    fs::path dir;            // where NAME.png lives
};

std::vector<std::vector<std::string>> read_tsv(const fs::path& file) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, '\t')) f.push_back(field);
        rows.push_back(std::move(f));
    }
    return rows;
}

// The text screen: name, lang, font-size, size, extra arguments; the text is NAME.txt.
std::vector<Sample> load_text_samples() {
    std::vector<Sample> out;
    for (const auto& f : read_tsv(kGoldenDir / "samples.tsv")) {
        if (f.size() < 4) continue;
        const std::string text = (kGoldenDir / (f[0] + ".txt")).string();
        out.push_back({f[0],
                       "--screen text --text-file '" + text + "' --lang " + f[1] + " --font-size " + f[2] + " --size " +
                           f[3] + " " + (f.size() > 4 ? f[4] : ""),
                       kGoldenDir});
    }
    return out;
}

// The content screens on the demo event: name, arguments.
std::vector<Sample> load_screen_samples() {
    std::vector<Sample> out;
    for (const auto& f : read_tsv(kGoldenDir / "screens" / "screens.tsv"))
        if (f.size() >= 2) out.push_back({f[0], f[1], kGoldenDir / "screens"});
    return out;
}

std::string test_name(const std::string& name) {
    std::string n = name;
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return n;
}

struct Diff {
    double differing_fraction = 1, mean = 255;
};

Diff compare(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, std::vector<uint8_t>& diff_rgba) {
    Diff d;
    size_t differing = 0;
    double total = 0;
    diff_rgba.assign(a.size(), 255);
    for (size_t p = 0; p + 3 < a.size(); p += 4) {
        int worst = 0;
        for (int c = 0; c < 4; ++c) {
            const int delta = std::abs(int(a[p + c]) - int(b[p + c]));
            total += delta;
            worst = std::max(worst, delta);
        }
        if (worst > kChannelTolerance) ++differing;
        diff_rgba[p] = 255;
        diff_rgba[p + 1] = diff_rgba[p + 2] = uint8_t(255 - std::min(255, worst * 4));
    }
    d.differing_fraction = double(differing) / double(a.size() / 4);
    d.mean = total / double(a.size());
    return d;
}

class Golden : public ::testing::TestWithParam<Sample> {};

}  // namespace

TEST_P(Golden, RenderMatchesReference) {
    const Sample& s = GetParam();
    const fs::path out_dir = fs::temp_directory_path() / "majlis-golden";
    fs::create_directories(out_dir);
    const fs::path actual = out_dir / (s.name + ".png");
    fs::remove(actual);
    const std::string cmd = std::string("env -u DISPLAY MAJLIS_DATA_DIR='") + MAJLIS_SOURCE_DIR + "' '" + MAJLIS_BIN +
                            "' render " + s.args + " -o '" + actual.string() + "' 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

    int w = 0, h = 0;
    std::vector<uint8_t> got;
    ASSERT_TRUE(majlis::platform::read_png(actual.string(), w, h, got)) << actual;
    const fs::path reference = s.dir / (s.name + ".png");
    if (const char* rec = std::getenv("MAJLIS_RECORD_GOLDEN"); rec && *rec == '1') {
        fs::copy_file(actual, reference, fs::copy_options::overwrite_existing);
        std::printf("recorded %s — look at it before committing\n", reference.c_str());
        return;
    }
    int rw = 0, rh = 0;
    std::vector<uint8_t> want;
    ASSERT_TRUE(majlis::platform::read_png(reference.string(), rw, rh, want))
        << "no reference image " << reference << " (record with MAJLIS_RECORD_GOLDEN=1)";
    ASSERT_EQ(w, rw);
    ASSERT_EQ(h, rh);
    std::vector<uint8_t> diff;
    const Diff d = compare(got, want, diff);
    const fs::path diff_path = out_dir / (s.name + ".diff.png");
    majlis::platform::write_png(diff_path.string(), w, h, diff);
    EXPECT_LE(d.differing_fraction, kMaxDifferingFraction)
        << s.name << ": " << d.differing_fraction * 100 << " % of pixels differ; actual " << actual << ", diff "
        << diff_path;
    EXPECT_LE(d.mean, kMaxMeanDifference) << s.name << ": mean difference " << d.mean;
}

// The comparison itself must be able to fail: a shifted image is caught.
TEST(GoldenCompare, AShiftedImageDiffers) {
    int w = 0, h = 0;
    std::vector<uint8_t> img;
    ASSERT_TRUE(majlis::platform::read_png((kGoldenDir / "arabic_harakat.png").string(), w, h, img));
    std::vector<uint8_t> shifted(img.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 4; ++c)
                shifted[size_t((y * w + x) * 4 + c)] = img[size_t((y * w + std::max(0, x - 3)) * 4 + c)];
    std::vector<uint8_t> diff;
    const Diff d = compare(img, shifted, diff);
    EXPECT_GT(d.differing_fraction, kMaxDifferingFraction);
    const Diff same = compare(img, img, diff);
    EXPECT_EQ(same.differing_fraction, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Samples, Golden, ::testing::ValuesIn(load_text_samples()),
                         [](const ::testing::TestParamInfo<Sample>& info) { return test_name(info.param.name); });
INSTANTIATE_TEST_SUITE_P(Screens, Golden, ::testing::ValuesIn(load_screen_samples()),
                         [](const ::testing::TestParamInfo<Sample>& info) { return test_name(info.param.name); });
