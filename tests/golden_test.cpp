// Golden images: `majlis render --screen text` for each sample of tests/data/golden/samples.tsv,
// compared with the checked-in PNG.
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
    std::string name, lang, font_size, size, extra;
};

std::vector<Sample> load_samples() {
    std::vector<Sample> out;
    std::ifstream in(kGoldenDir / "samples.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string field;
        while (std::getline(ss, field, '\t')) f.push_back(field);
        if (f.size() < 4) continue;
        out.push_back({f[0], f[1], f[2], f[3], f.size() > 4 ? f[4] : ""});
    }
    return out;
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
                            "' render --screen text --text-file '" + (kGoldenDir / (s.name + ".txt")).string() +
                            "' --lang " + s.lang + " --font-size " + s.font_size + " --size " + s.size + " " +
                            s.extra + " -o '" + actual.string() + "' 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

    int w = 0, h = 0;
    std::vector<uint8_t> got;
    ASSERT_TRUE(majlis::platform::read_png(actual.string(), w, h, got)) << actual;
    const fs::path reference = kGoldenDir / (s.name + ".png");
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

INSTANTIATE_TEST_SUITE_P(Samples, Golden, ::testing::ValuesIn(load_samples()),
                         [](const ::testing::TestParamInfo<Sample>& info) { return info.param.name; });
