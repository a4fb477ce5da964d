// majlis fleet: signed content bundles. Keys, SHA-256, the manifest, signing and verifying,
// and publishing a content folder into a bundle directory any static HTTP server can serve.
//
//   majlis keygen --out DIR                                  DIR/majlis.key (0600) + DIR/majlis.pub
//   majlis publish CONTENT_DIR --key DIR/majlis.key --out BUNDLE_DIR
//
// A bundle directory (the hub serves it under /bundle/; a player copies it into its cache):
//
//   BUNDLE_DIR/objects/<sha256>        each file's bytes, named by their SHA-256 (lowercase hex);
//                                      never changed once written, so caches keep them forever
//   BUNDLE_DIR/manifest.json           what the bundle holds; its exact bytes are what is signed
//   BUNDLE_DIR/manifest.json.sig       base64 (libsodium's ORIGINAL variant, padded) of the
//                                      64-byte detached Ed25519 signature of manifest.json, and "\n"
//
// manifest.json, written by manifest_to_json (deterministic: same Manifest, same bytes), one
// line, keys in this order, files sorted by path (byte order), then "\n":
//
//   {"format":1,"sequence":1796586900,"content_version":"<64 hex>","created":"2026-12-06T19:55:00Z",
//    "files":[{"path":"agenda.toml","size":5120,"sha256":"<64 hex>"},...]}
//
//   format           1; any other value is refused (a new format gets a new number)
//   sequence         1 .. 2^63-1; each publish: max(previous sequence + 1, Unix time in seconds),
//                    so it grows even when the bundle directory is lost. A player refuses a
//                    manifest whose sequence is not above the last one it accepted (a rollback:
//                    an old, validly signed bundle served again).
//   content_version  sha256 hex of the canonical file list: for each file sorted by path,
//                    "path\0size\0sha256\n" (size in decimal). Equal content, equal version,
//                    whatever the sequence: publishing unchanged content writes nothing.
//   created          UTC, "YYYY-MM-DDTHH:MM:SSZ"
//   files            path: relative, '/'-separated, valid UTF-8, 1..512 bytes, no empty, '.' or
//                    '..' segment, no leading '/', no backslash, no control character (< 0x20,
//                    0x7F); no path twice and no path that is also a folder of another path;
//                    size: 0 .. 1 GiB; sha256: 64 lowercase hex digits. At most 100,000 files.
//
// parse_manifest is strict: unknown keys, wrong types, a content_version that does not match the
// files, or any broken rule refuse the manifest as a whole (a player keeps what it shows).
// verify_signed_manifest checks the signature over the raw bytes FIRST (nothing unsigned is
// parsed), then parses, then refuses a rollback.
//
// Publishing (publish_bundle; the CLI and the hub call it in-process: no exit, no stdout; errors
// and the loader's diagnostics go to the Log):
//   1. the content folder is loaded exactly as `majlis check` loads it (same LoadOptions, so the
//      same font coverage check); any error refuses it and nothing is written;
//   2. the folder is walked in sorted order: regular files and folders only; a symlink (or a
//      fifo, socket, device) refuses it with an error naming it; names starting with '.' (.git,
//      editor swap files) are skipped; every path must pass the manifest's path rules;
//   3. each file is hashed (streamed); its size and mtime are compared before and after, and a
//      file that changed while publishing fails the publish (the hub retries on the next change);
//   4. if the content_version equals BUNDLE_DIR's current manifest's: Unchanged (missing objects
//      are still restored); otherwise missing objects are written (temp name, fsync, rename),
//      then manifest.json.sig.new and manifest.json.new, renamed in, the signature first. A
//      reader that sees a mismatched pair retries once after 300 ms before calling it tampered.
//
// Crypto is libsodium's (Debian libsodium-dev): Ed25519 (crypto_sign_detached), SHA-256
// (crypto_hash_sha256), base64 (sodium_bin2base64), sodium_memzero for secret keys.
#pragma once

#include "content/content.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace majlis {
class Log;
}

namespace majlis::fleet {

// --- Keys ---------------------------------------------------------------------------------------
// Text files of one line each, so they can be pasted into config and diffed:
//   majlis.key  "majlis-ed25519-secret <base64 of libsodium's 64-byte secret key>\n"  mode 0600
//   majlis.pub  "majlis-ed25519-public <base64 of the 32-byte public key>\n"
// A player is given the .pub file (--trust PATH).

struct PublicKey {
    std::array<unsigned char, 32> bytes{};
};
struct SecretKey {
    std::array<unsigned char, 64> bytes{};  // libsodium's: seed + public key
    ~SecretKey();                           // wiped (sodium_memzero)
    PublicKey public_key() const;
};

inline constexpr const char* kSecretKeyFile = "majlis.key";
inline constexpr const char* kPublicKeyFile = "majlis.pub";

// Makes DIR (if missing) and writes DIR/majlis.key (O_CREAT|O_EXCL, 0600: an existing key is
// never overwritten) and DIR/majlis.pub. False with `error` set ("DIR/majlis.key: already
// exists; ...") on any failure.
bool generate_keys(const std::string& dir, std::string& error);

// The key in a key file; nullopt with `error` naming the file and what is wrong with it.
std::optional<SecretKey> load_secret_key(const std::string& path, std::string& error);
std::optional<PublicKey> load_public_key(const std::string& path, std::string& error);
// The same, from a file's text (`name` is used in errors).
std::optional<SecretKey> parse_secret_key(std::string_view text, const std::string& name, std::string& error);
std::optional<PublicKey> parse_public_key(std::string_view text, const std::string& name, std::string& error);
std::string public_key_line(const PublicKey& key);  // what majlis.pub holds

// --- SHA-256 ------------------------------------------------------------------------------------

std::string sha256_hex(std::string_view bytes);  // 64 lowercase hex digits
// A file's SHA-256, read in blocks; nullopt with `error` when it cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path, std::string& error);
bool is_sha256_hex(std::string_view s);          // 64 lowercase hex digits

// --- The manifest -------------------------------------------------------------------------------

inline constexpr int kManifestFormat = 1;
inline constexpr size_t kMaxFiles = 100000;
inline constexpr size_t kMaxPathBytes = 512;
inline constexpr uint64_t kMaxFileBytes = uint64_t(1) << 30;
inline constexpr size_t kMaxManifestBytes = 64u << 20;  // more is refused unread
inline constexpr uint64_t kMaxSequence = (uint64_t(1) << 63) - 1;

struct ManifestFile {
    std::string path;
    uint64_t size = 0;
    std::string sha256;
};

struct Manifest {
    int format = kManifestFormat;
    uint64_t sequence = 0;
    std::string content_version;
    std::string created;               // "2026-12-06T19:55:00Z"
    std::vector<ManifestFile> files;   // sorted by path
};

// What is wrong with a bundle path ("" when it is fine): the manifest's path rules.
std::string check_bundle_path(std::string_view path);
// sha256 hex of the canonical list ("path\0size\0sha256\n" per file, sorted by path).
std::string content_version_of(const std::vector<ManifestFile>& files);
std::string manifest_to_json(const Manifest& manifest);  // the exact bytes that are signed

enum class ManifestError {
    None,
    Malformed,     // not a manifest of this format, or a rule broken
    BadSignature,  // the signature is not the trusted key's over these bytes (or not base64)
    Rollback,      // validly signed, but its sequence is not above the last one accepted
};
const char* manifest_error_name(ManifestError e);  // "malformed", "bad signature", "rollback"

struct ManifestResult {
    std::optional<Manifest> manifest;  // set only when error == None
    ManifestError error = ManifestError::None;
    std::string message;               // why, for the log ("files[3].path: '..' segment")
    bool ok() const { return error == ManifestError::None; }
};

ManifestResult parse_manifest(std::string_view bytes);

// --- Signing ------------------------------------------------------------------------------------

// The signature line: base64 of the detached Ed25519 signature of `bytes`, and "\n".
std::string sign(std::string_view bytes, const SecretKey& key);
// Why `sig_text` (a signature line as sign() writes it; one trailing "\n" allowed) is not the
// signature of `bytes` by `key`, "" when it is. `what` names the bytes in the reason.
std::string check_signature(std::string_view bytes, std::string_view sig_text, const PublicKey& key,
                            std::string_view what);
// `sig_text` is manifest.json.sig's content (one trailing "\n" allowed). A sequence <=
// `last_sequence` is a Rollback (pass 0 when nothing was accepted yet).
ManifestResult verify_signed_manifest(std::string_view manifest_bytes, std::string_view sig_text,
                                      const PublicKey& key, uint64_t last_sequence);

// --- Publishing ---------------------------------------------------------------------------------

enum class PublishStatus {
    Published,  // a new manifest with a new sequence
    Unchanged,  // the bundle already holds this content (its manifest is left alone)
    Refused,    // the content is not publishable: check's errors, a symlink, a bad name, limits
    Failed,     // reading or writing failed (IO), or the content changed while publishing
};
const char* publish_status_name(PublishStatus s);  // "published", "unchanged", "refused", "failed"

struct PublishResult {
    PublishStatus status = PublishStatus::Failed;
    uint64_t sequence = 0;           // of the bundle's manifest after this publish (0: none)
    Manifest manifest;               // the bundle's manifest after this publish (Published/Unchanged)
    size_t new_objects = 0;          // objects written by this publish
    std::vector<content::Diagnostic> diagnostics;  // the loader's, as `majlis check` prints them
    std::string error;               // one line: why Refused or Failed
};

// `options` must be what `majlis check` uses (the font coverage check included). Every
// diagnostic is written to `log` (area "publish", Diagnostic::format), then the outcome.
PublishResult publish_bundle(const std::string& content_dir, const SecretKey& key, const std::string& bundle_dir,
                             const content::LoadOptions& options, Log& log);

}  // namespace majlis::fleet
