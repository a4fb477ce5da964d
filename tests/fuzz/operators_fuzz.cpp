// Fuzz target: the hub's login (app/fleet/operators.h), the Authorization header of any request
// to a hub started with --operators. The input is the header's whole value ("Basic ...").
//
// Against one operators file written once ("ops", password "sesame", its hash made with
// libsodium's smallest Argon2 limits so that a check takes microseconds, not 100 ms). Fails
// (aborts) on a crash, a sanitizer report, an exception, or a broken contract:
//   - Operators::parse_basic takes only "Basic " and strict base64 of "name:password" (at most
//     1024 bytes), and what it gives is exactly that: the name without a ':', the header the
//     same bytes when made again from them;
//   - Operators::check names "ops" only for credentials that are ops's, and nothing otherwise.
//
// Built as operators_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as operators_replay (every build;
// ctest replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "core/log.h"
#include "fleet/operators.h"

#include <sodium.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

using namespace majlis;
using namespace majlis::fleet;
namespace fs = std::filesystem;

namespace {

using majlis::fuzz::check;

std::string base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // its NUL
    return out;
}

// The operators file (in a folder of its own, removed at exit) and the Operators read from it.
struct Site {
    fs::path root;
    Log log{[](LogLevel, std::string_view) {}};
    std::unique_ptr<Operators> operators;
    Site() {
        check(sodium_init() >= 0, "libsodium");
        std::string pattern = (fs::temp_directory_path() / "majlis-operators-fuzz-XXXXXX").string();
        check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
        root = pattern;
        char hash[crypto_pwhash_STRBYTES];
        const std::string password = "sesame";
        check(crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MIN,
                                crypto_pwhash_MEMLIMIT_MIN) == 0,
              "hash");
        std::ofstream(root / "operators") << "# the fuzz target's\nops:" << hash << "\n";
        std::string error;
        operators = Operators::load((root / "operators").string(), error, log);
        if (!operators) std::fprintf(stderr, "operators_fuzz: %s\n", error.c_str());
        check(operators != nullptr, "the operators file did not load");
    }
    ~Site() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Site site;
    const std::string_view header(reinterpret_cast<const char*>(data), size);
    const std::optional<Operators::Credentials> credentials = Operators::parse_basic(header);
    if (credentials) {
        check(header.size() <= 1024 && header.starts_with("Basic "), "parsed a header that is not Basic");
        check(credentials->name.find(':') == std::string::npos, "a name with a ':'");
        check("Basic " + base64(credentials->name + ":" + credentials->password) == header,
              "the credentials do not make the header again");
    }
    const std::optional<std::string> who = site.operators->check(header);
    if (who) {
        check(*who == "ops", "named someone not in the file");
        check(credentials && credentials->name == "ops" && credentials->password == "sesame",
              "let in credentials that are not ops's");
    }
    return 0;
}
