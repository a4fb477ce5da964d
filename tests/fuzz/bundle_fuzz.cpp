// Fuzz target: a bundle's manifest and signature as a player downloads them. The input is
// manifest.json's bytes, a NUL byte, then manifest.json.sig's text (no NUL: all manifest, no
// signature). parse_manifest reads the manifest alone (what an attacker reaches only once a
// signature verifies, but it must hold on its own), and verify_signed_manifest reads the pair
// against a fixed test key, the one the seed (the demo's manifest, tests/fuzz/bundle/corpus)
// is signed with, so mutations of a validly signed input reach the rollback check.
//
// Fails (aborts) on a crash, a sanitizer report, an exception, or a broken contract: an
// accepted manifest is exactly manifest_to_json's bytes, its content_version is its files',
// every path passes the path rules, the limits hold; a manifest comes with ok() and only then;
// a verified one is refused as a rollback at its own sequence.
//
// Built as bundle_fuzzer (libFuzzer, MAJLIS_FUZZ=ON) and as bundle_replay (every build; ctest
// replays corpus/ and crashes/ through it). See tests/fuzz/README.md.
#include "fuzz_support.h"
#include "fleet/bundle.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

using namespace majlis::fleet;

namespace {

// A key pair made for this target only (majlis keygen); it signs nothing else.
constexpr const char* kTestSecretKey =
    "majlis-ed25519-secret QaE+RKT99zAONY2vZDbOt+jkZKNlQt+L57VVpxO/UFodnDaGK7+qs+uOIqZe+XS8aS9w838tFbEmJ8pb5tj5SA==\n";

using majlis::fuzz::check;

void check_accepted(const ManifestResult& r, std::string_view bytes) {
    check(r.ok() == r.manifest.has_value(), "a manifest without ok(), or ok() without one:", r.message);
    if (!r.ok()) {
        check(!r.message.empty(), "a refusal without a message");
        return;
    }
    const Manifest& m = *r.manifest;
    check(manifest_to_json(m) == bytes, "accepted bytes that are not canonical");
    check(content_version_of(m.files) == m.content_version, "content_version not the files'");
    check(m.format == kManifestFormat && m.sequence >= 1 && m.sequence <= kMaxSequence, "format or sequence");
    check(m.files.size() <= kMaxFiles, "too many files");
    for (const ManifestFile& f : m.files) {
        check(check_bundle_path(f.path).empty(), "a path breaking the rules:", f.path);
        check(f.size <= kMaxFileBytes && is_sha256_hex(f.sha256), "a size or hash out of bounds:", f.path);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const PublicKey key = [] {
        std::string error;
        const auto secret = parse_secret_key(kTestSecretKey, "test key", error);
        check(secret.has_value(), "the test key:", error);
        return secret->public_key();
    }();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t nul = input.rfind('\0');
    const std::string_view manifest = nul == std::string_view::npos ? input : input.substr(0, nul);
    const std::string_view sig = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
    try {
        check_accepted(parse_manifest(manifest), manifest);
        const ManifestResult v = verify_signed_manifest(manifest, sig, key, 0);
        check_accepted(v, manifest);
        if (v.ok()) {
            const ManifestResult again = verify_signed_manifest(manifest, sig, key, v.manifest->sequence);
            check(again.error == ManifestError::Rollback && !again.manifest, "its own sequence is not a rollback");
        }
    } catch (const std::exception& e) {
        check(false, "an exception:", e.what());
    }
    return 0;
}
