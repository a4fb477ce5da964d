// Fuzz target: the content loader. The first byte picks a file of the demo event
// (assets/dushanbe-2025) -- event.toml, agenda.toml, participants.toml, documents.toml, a
// document body in Markdown, or the event's own interface phrases (phrases/ar.toml: ICU
// MessageFormat patterns; the demo has none, so the file is removed again after each input), or
// screens.toml (each screen's role: modes, halls, languages, playlists the other files define)
// -- and the rest replaces that file in a copy of the folder made
// once in a temporary directory; load_event then reads and validates the whole folder, so the
// other files' references (halls, speakers, documents) are checked against the fuzzed one.
// The file is restored after each input. (The font coverage check is left out: it is the text
// engine's, which text_layout_fuzz covers.)
//
// Fails (aborts) on a crash, a sanitizer report, an exception, or a result that breaks the
// loader's contract: an event exactly when there are no errors, every diagnostic with a
// message and a file relative to the folder.
//
// Built as content_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as content_replay (every build;
// ctest replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "content/content.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace fs = std::filesystem;
using namespace majlis::content;

namespace {

// What the first byte picks (modulo the count).
const char* const kFiles[] = {"event.toml",     "agenda.toml",
                              "participants.toml", "documents.toml",
                              "documents/final-declaration.en.md", "phrases/ar.toml", "screens.toml"};

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write(const fs::path& p, const char* data, size_t size) {
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(data, std::streamsize(size));
}

using majlis::fuzz::check;

// The demo folder copied into a fresh temporary directory, removed at exit.
struct DemoCopy {
    fs::path dir;
    DemoCopy() {
        std::string tmpl = (fs::temp_directory_path() / "majlis-content-fuzz-XXXXXX").string();
        check(::mkdtemp(tmpl.data()) != nullptr, "cannot make a temporary directory");
        dir = tmpl;
        fs::copy(fs::path(MAJLIS_SOURCE_DIR) / "assets" / "dushanbe-2025", dir, fs::copy_options::recursive);
        fs::create_directories(dir / "phrases");
    }
    ~DemoCopy() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static DemoCopy demo;
    if (size < 1) return 0;
    const fs::path file = demo.dir / kFiles[data[0] % std::size(kFiles)];
    const bool existed = fs::exists(file);
    const std::string original = read(file);
    write(file, reinterpret_cast<const char*>(data) + 1, size - 1);

    LoadResult r;
    try {
        r = load_event(demo.dir.string());
    } catch (...) {
        check(false, "load_event threw");
    }
    if (existed) {
        write(file, original.data(), original.size());
    } else {
        std::error_code ec;
        fs::remove(file, ec);
    }

    check(r.readable, "the folder was unreadable");
    check(r.ok() == (r.errors() == 0), "an event with errors, or no event without one");
    for (const Diagnostic& d : r.diagnostics) {
        const std::string line = d.format();
        check(!d.message.empty() && !d.pos.file.empty() && d.pos.file[0] != '/', "a malformed diagnostic:", line);
    }
    return 0;
}
