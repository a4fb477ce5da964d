// Fuzz target: HTTP requests to the hub (app/fleet/hub.h), after cpp-httplib has parsed them:
// Hub::handle with any method, path, If-None-Match and body. The input is
//
//     1 byte picking the method (modulo 6: GET HEAD POST PUT DELETE PATCH), then the path up to
//     the first '\n', then If-None-Match up to the next '\n', then the body
//
// against one hub started once (a copy of the demo event, a fresh key, a temporary folder, no
// MQTT, listening on a free loopback port that nothing calls). Fails (aborts) on a crash, a
// sanitizer report, an exception, or a broken contract: no 500 (nothing a request says is an
// IO error of the hub's), a status from 200 to 599, a streamed file always inside the hub's own
// folder, a stored upload always a PNG under STATE/screens/<valid id>/.
//
// Built as hub_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as hub_replay (every build; ctest replays
// corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "fleet/hub.h"
#include "fleet/presence.h"

#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

using namespace majlis;
using namespace majlis::fleet;
namespace fs = std::filesystem;

namespace {

using majlis::fuzz::check;

// The hub, its folder and its log (dropped: the fuzzer needs no lines).
struct Site {
    fs::path root;
    Log log{[](LogLevel, std::string_view) {}};
    std::unique_ptr<Hub> hub;
    Site() {
        std::string pattern = (fs::temp_directory_path() / "majlis-hub-fuzz-XXXXXX").string();
        check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
        root = pattern;
        const fs::path source = MAJLIS_SOURCE_DIR;
        fs::copy(source / "assets" / "dushanbe-2025", root / "content", fs::copy_options::recursive);
        std::string error;
        check(generate_keys((root / "keys").string(), error), "keygen");
        HubConfig config;
        config.content_dir = (root / "content").string();
        config.key_path = (root / "keys" / kSecretKeyFile).string();
        config.listen = "127.0.0.1:0";
        config.state_dir = (root / "state").string();
        config.dashboard_dir = (source / "assets" / "dashboard").string();
        hub = Hub::start(config, log, error);
        if (!hub) std::fprintf(stderr, "hub_fuzz: %s\n", error.c_str());
        check(hub != nullptr, "the hub did not start");
    }
    ~Site() {
        hub.reset();
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

Site& site() {
    static Site s;
    return s;
}

bool inside(const fs::path& path, const fs::path& folder) {
    const std::string p = fs::weakly_canonical(path).string(), f = fs::weakly_canonical(folder).string() + "/";
    return p.compare(0, f.size(), f) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static const char* const kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"};
    Site& s = site();
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto line = [&rest] {
        const size_t end = rest.find('\n');
        std::string out(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        return out;
    };
    HttpRequest request;
    request.method = kMethods[data[0] % 6];
    request.path = line();
    request.if_none_match = line();
    request.body = std::string(rest);

    const HttpResponse r = s.hub->handle(request);
    check(r.status >= 200 && r.status <= 599, "a status out of range");
    check(r.status != 500, "a request made the hub fail (500)");
    if (!r.file.empty()) check(inside(r.file, s.root / "state"), "a file outside the hub's folder served");
    if (request.method == "PUT" && r.status == 204) {
        check(request.body.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0, "a non-PNG stored");
        const size_t slash = request.path.find('/', 9);
        check(request.path.compare(0, 9, "/screens/") == 0 && slash != std::string::npos &&
                  valid_fleet_id(std::string_view(request.path).substr(9, slash - 9)),
              "an upload stored outside /screens/<id>/");
    }
    return 0;
}
