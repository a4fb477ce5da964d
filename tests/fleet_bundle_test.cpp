// Signed content bundles (app/fleet/bundle.h): key files, SHA-256, the manifest's exact bytes and
// every rule of it, signatures (tampering, wrong key, rollback), publishing the demo (objects
// named by their hashes, unchanged content, one edit, content check refuses, symlinks), and
// `majlis keygen` / `majlis publish` through the built binary.
#include "fleet/bundle.h"

#include "core/log.h"
#include "test_support.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <sys/stat.h>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace majlis;
using namespace majlis::fleet;
using majlis::testing::TempFolder;
using majlis::testing::read_file;
using majlis::testing::write_file;
using majlis::testing::kDemoContent;

namespace {

const std::string kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";  // sha256("abc")

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

struct Keys {
    TempFolder dir{"majlis-keys"};
    SecretKey secret;
    PublicKey pub;
    Keys() {
        std::string error;
        if (!generate_keys(dir.path.string(), error)) ADD_FAILURE() << error;
        secret = *load_secret_key(dir / kSecretKeyFile, error);
        pub = *load_public_key(dir / kPublicKeyFile, error);
    }
};

// A manifest of `files` (content_version computed), as publish would write it.
std::string manifest_bytes(std::vector<ManifestFile> files, uint64_t sequence = 7) {
    Manifest m;
    m.sequence = sequence;
    m.created = "2026-12-06T19:55:00Z";
    m.files = std::move(files);
    m.content_version = content_version_of(m.files);
    return manifest_to_json(m);
}

std::set<std::string> files_under(const fs::path& root) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) out.insert(e.path().lexically_relative(root).generic_string());
    return out;
}

std::vector<std::string> object_names(const fs::path& bundle) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(bundle / "objects")) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

struct Published {
    PublishResult result;
    std::vector<std::string> log;
};
Published publish(const fs::path& content, const SecretKey& key, const fs::path& bundle) {
    Published p;
    Log log = Log::capture(&p.log);
    p.result = publish_bundle(content.string(), key, bundle.string(), content::LoadOptions{}, log);
    return p;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines) s += l + "\n";
    return s;
}

}  // namespace

// --- Keys ---------------------------------------------------------------------------------------

TEST(FleetKeys, KeygenWritesASecretOnlyTheOwnerReadsAndAPublicLine) {
    TempFolder dir("majlis-keys");
    std::string error;
    ASSERT_TRUE(generate_keys(dir / "hub", error)) << error;
    const fs::path key = dir.path / "hub" / "majlis.key", pub = dir.path / "hub" / "majlis.pub";
    EXPECT_EQ(mode_of(key), 0600u);
    EXPECT_EQ(mode_of(pub), 0644u);
    // base64 (ORIGINAL, padded) of 64 and 32 bytes: 88 and 44 characters; one line each.
    EXPECT_TRUE(std::regex_match(read_file(key), std::regex("majlis-ed25519-secret [A-Za-z0-9+/]{86}==\n")))
        << read_file(key);
    EXPECT_TRUE(std::regex_match(read_file(pub), std::regex("majlis-ed25519-public [A-Za-z0-9+/]{43}=\n"))) << read_file(pub);
    const auto secret = load_secret_key(key.string(), error);
    const auto pk = load_public_key(pub.string(), error);
    ASSERT_TRUE(secret && pk) << error;
    EXPECT_EQ(secret->public_key().bytes, pk->bytes);
    EXPECT_EQ(public_key_line(*pk), read_file(pub));
}

TEST(FleetKeys, KeygenNeverOverwritesAKey) {
    TempFolder dir("majlis-keys");
    std::string error;
    ASSERT_TRUE(generate_keys(dir.path.string(), error)) << error;
    const std::string before = read_file(dir / kSecretKeyFile);
    EXPECT_FALSE(generate_keys(dir.path.string(), error));
    EXPECT_EQ(error, (dir / kSecretKeyFile) +
                         ": already exists; a key is never overwritten (remove it first to replace it)");
    EXPECT_EQ(read_file(dir / kSecretKeyFile), before);
}

TEST(FleetKeys, MalformedKeyFilesAreRefusedNamingTheFile) {
    Keys keys;
    const std::string good_secret = read_file(keys.dir / kSecretKeyFile), good_pub = read_file(keys.dir / kPublicKeyFile);
    std::string error;
    EXPECT_FALSE(parse_public_key(good_secret, "k.pub", error));
    EXPECT_EQ(error, "k.pub: not a majlis public key file (it must be one line starting 'majlis-ed25519-public ')");
    EXPECT_FALSE(parse_public_key("majlis-ed25519-public AAAA\n", "k.pub", error));
    EXPECT_EQ(error, "k.pub: the key is not the base64 of 32 bytes");
    EXPECT_FALSE(parse_public_key(good_pub + "\n", "k.pub", error));  // a second line
    EXPECT_FALSE(parse_secret_key("majlis-ed25519-secret " + good_pub.substr(22), "k.key", error));
    EXPECT_EQ(error, "k.key: the key is not the base64 of 64 bytes");
    // The public half of the secret key replaced by another key's: damaged.
    Keys other;
    std::string damaged = good_secret;
    const std::string other_secret = read_file(other.dir / kSecretKeyFile);
    damaged.replace(22 + 44, 44, other_secret.substr(22 + 44, 44));
    EXPECT_FALSE(parse_secret_key(damaged, "k.key", error));
    EXPECT_EQ(error, "k.key: the secret key's public half does not match its seed (the file is damaged)");
    EXPECT_FALSE(load_public_key(keys.dir / "missing.pub", error));
    EXPECT_EQ(error, (keys.dir / "missing.pub") + ": No such file or directory");
}

// --- SHA-256 and the manifest --------------------------------------------------------------------

TEST(FleetManifest, Sha256OfBytesAndOfAFile) {
    EXPECT_EQ(sha256_hex("abc"), kAbc);
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    TempFolder dir("majlis-sha");
    write_file(dir / "f", "abc");
    std::string error;
    EXPECT_EQ(sha256_file_hex(dir / "f", error).value_or(""), kAbc);
    // A file larger than one read block (64 KiB) hashes like its bytes.
    const std::string big(200000, 'x');
    write_file(dir / "big", big);
    EXPECT_EQ(sha256_file_hex(dir / "big", error).value_or(""), sha256_hex(big));
}

TEST(FleetManifest, ExactBytesAndRoundTrip) {
    const std::vector<ManifestFile> files{{"b/c.md", 0, sha256_hex("")}, {"a.toml", 3, kAbc}};
    // The canonical list sorts by path: "a.toml" first.
    const std::string cv =
        sha256_hex(std::string("a.toml\0" "3\0", 9) + kAbc + "\n" + std::string("b/c.md\0" "0\0", 9) + sha256_hex("") + "\n");
    EXPECT_EQ(content_version_of(files), cv);
    Manifest m;
    m.sequence = 1796586900;
    m.created = "2026-12-06T19:55:00Z";
    m.files = {files[1], files[0]};
    m.content_version = cv;
    const std::string bytes = manifest_to_json(m);
    EXPECT_EQ(bytes, "{\"format\":1,\"sequence\":1796586900,\"content_version\":\"" + cv +
                         "\",\"created\":\"2026-12-06T19:55:00Z\",\"files\":[{\"path\":\"a.toml\",\"size\":3,"
                         "\"sha256\":\"" + kAbc + "\"},{\"path\":\"b/c.md\",\"size\":0,\"sha256\":\"" +
                         sha256_hex("") + "\"}]}\n");
    const ManifestResult r = parse_manifest(bytes);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.manifest->sequence, 1796586900u);
    EXPECT_EQ(r.manifest->content_version, cv);
    ASSERT_EQ(r.manifest->files.size(), 2u);
    EXPECT_EQ(r.manifest->files[1].path, "b/c.md");
    EXPECT_EQ(manifest_to_json(*r.manifest), bytes);
}

TEST(FleetManifest, EveryPathRuleRefusesTheWholeManifest) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"../event.toml", "'..' segment"},
        {"documents/../../etc/passwd", "'..' segment"},
        {"./event.toml", "'.' segment"},
        {"/etc/passwd", "absolute path (leading '/')"},
        {"documents//a.md", "empty segment"},
        {"documents/", "empty segment"},
        {"documents\\a.md", "backslash"},
        {std::string("a\x01" "b"), "control character"},
        {"a\x7f", "control character"},
        {std::string(513, 'a'), "longer than 512 bytes"},
        {"", "empty path"},
    };
    for (const auto& [path, why] : cases) {
        EXPECT_EQ(check_bundle_path(path), why) << path;
        const ManifestResult r = parse_manifest(manifest_bytes({{path, 3, kAbc}}));
        EXPECT_EQ(r.error, ManifestError::Malformed) << path;
        EXPECT_EQ(r.message, "files[0].path: " + why) << path;
        EXPECT_FALSE(r.manifest);
    }
    EXPECT_EQ(check_bundle_path("a\xff"), "not valid UTF-8");
    EXPECT_EQ(check_bundle_path(std::string(512, 'a')), "");
    EXPECT_EQ(check_bundle_path("documents/قرار.md"), "");

    const ManifestResult twice = parse_manifest(manifest_bytes({{"a.toml", 3, kAbc}, {"a.toml", 3, kAbc}}));
    EXPECT_EQ(twice.error, ManifestError::Malformed);
    EXPECT_EQ(twice.message, "files[1].path: 'a.toml' is listed twice");
    const ManifestResult both = parse_manifest(manifest_bytes({{"a", 3, kAbc}, {"a/b", 3, kAbc}}));
    EXPECT_EQ(both.message, "'a' is both a file and a folder");
    const ManifestResult unsorted = parse_manifest(manifest_bytes({{"b", 3, kAbc}, {"a", 3, kAbc}}));
    EXPECT_EQ(unsorted.message, "files[1].path: files are not sorted by path");
}

TEST(FleetManifest, OtherRulesAndLimits) {
    const std::string good = manifest_bytes({{"a.toml", 3, kAbc}});
    ASSERT_TRUE(parse_manifest(good).ok());
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const size_t at = s.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return parse_manifest(s.replace(at, from.size(), to));
    };
    EXPECT_EQ(replaced("\"format\":1", "\"format\":2").message,
              "format 2 is not supported (this majlis reads format 1)");
    EXPECT_EQ(replaced("\"sequence\":7", "\"sequence\":0").message, "sequence must be an integer from 1 to 2^63-1");
    EXPECT_EQ(replaced("\"sequence\":7", "\"sequence\":-7").message, "sequence must be an integer from 1 to 2^63-1");
    EXPECT_EQ(replaced("\"sequence\":7", "\"sequence\":7.0").message, "sequence must be an integer from 1 to 2^63-1");
    EXPECT_EQ(replaced(kAbc, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD").message,
              "files[0].sha256: must be 64 lowercase hex digits");
    EXPECT_EQ(replaced("\"size\":3", "\"size\":1073741825").message, "files[0].size: must be an integer from 0 to 1 GiB");
    EXPECT_EQ(replaced("\"size\":3", "\"size\":4").message, "content_version does not match the files listed");
    EXPECT_EQ(replaced("T19:55:00Z", "T25:55:00Z").message, "created must be a UTC time like 2026-12-06T19:55:00Z");
    EXPECT_EQ(replaced("\"format\":1,", "\"format\":1,\"extra\":1,").message, "unknown key 'extra'");
    EXPECT_EQ(replaced("\"sequence\":7,", "").message, "no 'sequence'");
    EXPECT_EQ(replaced("\"format\":1", "\"format\":1,\"format\":1").message, "not in the canonical form publish writes");
    EXPECT_EQ(replaced("\"format\":1", "\"format\": 1").message, "not in the canonical form publish writes");
    EXPECT_EQ(parse_manifest("{\"format\":1").message, "not JSON");
    EXPECT_EQ(parse_manifest("[]").message, "not a JSON object");
    EXPECT_EQ(parse_manifest(std::string(kMaxManifestBytes + 1, ' ')).message, "larger than 67108864 bytes");
    std::vector<ManifestFile> many(kMaxFiles + 1, ManifestFile{"", 0, kAbc});
    for (size_t i = 0; i < many.size(); ++i) many[i].path = std::to_string(1000000 + i);
    EXPECT_EQ(parse_manifest(manifest_bytes(many)).message, "more than 100000 files");
    many.pop_back();
    EXPECT_TRUE(parse_manifest(manifest_bytes(many)).ok());
}

// --- Signatures ----------------------------------------------------------------------------------

TEST(FleetSignature, RoundTripTamperingWrongKeyAndRollback) {
    Keys keys, other;
    const std::string bytes = manifest_bytes({{"a.toml", 3, kAbc}}, 100);
    const std::string sig = sign(bytes, keys.secret);
    EXPECT_TRUE(std::regex_match(sig, std::regex("[A-Za-z0-9+/]{86}==\n"))) << sig;
    const ManifestResult ok = verify_signed_manifest(bytes, sig, keys.pub, 99);
    ASSERT_TRUE(ok.ok()) << ok.message;
    EXPECT_EQ(ok.manifest->sequence, 100u);
    EXPECT_TRUE(verify_signed_manifest(bytes, sig.substr(0, sig.size() - 1), keys.pub, 0).ok());  // no "\n"

    for (size_t i : {size_t(0), bytes.size() / 2, bytes.size() - 1}) {
        std::string flipped = bytes;
        flipped[i] ^= 0x01;
        const ManifestResult r = verify_signed_manifest(flipped, sig, keys.pub, 0);
        EXPECT_EQ(r.error, ManifestError::BadSignature) << i;
        EXPECT_EQ(r.message, "the signature does not match the manifest and the trusted key");
    }
    for (size_t i : {size_t(0), size_t(40), size_t(85)}) {
        std::string flipped = sig;
        flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
        EXPECT_EQ(verify_signed_manifest(bytes, flipped, keys.pub, 0).error, ManifestError::BadSignature) << i;
    }
    const ManifestResult garbage = verify_signed_manifest(bytes, "not base64!\n", keys.pub, 0);
    EXPECT_EQ(garbage.error, ManifestError::BadSignature);
    EXPECT_EQ(garbage.message, "the signature is not the base64 of 64 bytes");
    EXPECT_EQ(verify_signed_manifest(bytes, sig, other.pub, 0).error, ManifestError::BadSignature);
    EXPECT_EQ(verify_signed_manifest(bytes, sign(bytes, other.secret), keys.pub, 0).error, ManifestError::BadSignature);

    const ManifestResult equal = verify_signed_manifest(bytes, sig, keys.pub, 100);
    EXPECT_EQ(equal.error, ManifestError::Rollback);
    EXPECT_EQ(equal.message, "sequence 100 is not above the last accepted 100");
    EXPECT_FALSE(equal.manifest);
    EXPECT_EQ(verify_signed_manifest(bytes, sig, keys.pub, 5000).error, ManifestError::Rollback);

    // Validly signed but broken: Malformed, not trusted.
    const std::string bad = manifest_bytes({{"../x", 3, kAbc}}, 200);
    EXPECT_EQ(verify_signed_manifest(bad, sign(bad, keys.secret), keys.pub, 0).error, ManifestError::Malformed);
}

// --- Publishing ---------------------------------------------------------------------------------

TEST(FleetPublish, TheDemoBecomesObjectsNamedByTheirHashesAndASignedManifest) {
    Keys keys;
    TempFolder out("majlis-bundle");
    const fs::path bundle = out.path / "bundle";
    const Published p = publish(kDemoContent, keys.secret, bundle);
    ASSERT_EQ(p.result.status, PublishStatus::Published) << p.result.error << joined(p.log);
    EXPECT_TRUE(p.log.empty()) << joined(p.log);
    EXPECT_GE(p.result.sequence, uint64_t(std::time(nullptr)) - 60);

    // The manifest lists every file of the demo, with its size and hash.
    const std::set<std::string> demo = files_under(kDemoContent);
    std::set<std::string> listed, hashes;
    for (const ManifestFile& f : p.result.manifest.files) {
        listed.insert(f.path);
        hashes.insert(f.sha256);
        EXPECT_EQ(f.size, fs::file_size(kDemoContent / f.path)) << f.path;
        EXPECT_EQ(f.sha256, sha256_hex(read_file(kDemoContent / f.path))) << f.path;
    }
    EXPECT_EQ(listed, demo);
    // Each object's name is its hash, and there is one per distinct file.
    const std::vector<std::string> objects = object_names(bundle);
    EXPECT_EQ(std::set<std::string>(objects.begin(), objects.end()), hashes);
    for (const std::string& name : objects) EXPECT_EQ(sha256_hex(read_file(bundle / "objects" / name)), name);
    EXPECT_EQ(p.result.new_objects, objects.size());

    const std::string bytes = read_file(bundle / "manifest.json");
    EXPECT_EQ(bytes, manifest_to_json(p.result.manifest));
    const ManifestResult v = verify_signed_manifest(bytes, read_file(bundle / "manifest.json.sig"), keys.pub, 0);
    ASSERT_TRUE(v.ok()) << v.message;
    EXPECT_EQ(v.manifest->sequence, p.result.sequence);
    EXPECT_FALSE(fs::exists(bundle / "manifest.json.new"));
    EXPECT_FALSE(fs::exists(bundle / "manifest.json.sig.new"));

    // Again: unchanged, nothing rewritten.
    const Published again = publish(kDemoContent, keys.secret, bundle);
    EXPECT_EQ(again.result.status, PublishStatus::Unchanged) << again.result.error;
    EXPECT_EQ(again.result.sequence, p.result.sequence);
    EXPECT_EQ(again.result.new_objects, 0u);
    EXPECT_EQ(read_file(bundle / "manifest.json"), bytes);

    // An object lost from the bundle: unchanged still, and the object is back.
    fs::remove(bundle / "objects" / objects.front());
    const Published restored = publish(kDemoContent, keys.secret, bundle);
    EXPECT_EQ(restored.result.status, PublishStatus::Unchanged) << restored.result.error;
    EXPECT_EQ(restored.result.new_objects, 1u);
    EXPECT_EQ(sha256_hex(read_file(bundle / "objects" / objects.front())), objects.front());
    EXPECT_EQ(read_file(bundle / "manifest.json"), bytes);
}

TEST(FleetPublish, OneEditedFileGivesANewSequenceAndExactlyOneNewObject) {
    Keys keys;
    TempFolder out("majlis-bundle");
    const fs::path content = out.path / "content", bundle = out.path / "bundle";
    fs::copy(kDemoContent, content, fs::copy_options::recursive);
    const Published first = publish(content, keys.secret, bundle);
    ASSERT_EQ(first.result.status, PublishStatus::Published) << first.result.error;
    const size_t objects_before = object_names(bundle).size();

    std::string doc = read_file(content / "documents/final-declaration.en.md");
    write_file(content / "documents/final-declaration.en.md", doc + "\nOne more line.\n");
    const Published second = publish(content, keys.secret, bundle);
    ASSERT_EQ(second.result.status, PublishStatus::Published) << second.result.error;
    EXPECT_GT(second.result.sequence, first.result.sequence);
    EXPECT_EQ(second.result.new_objects, 1u);
    EXPECT_EQ(object_names(bundle).size(), objects_before + 1);
    EXPECT_NE(second.result.manifest.content_version, first.result.manifest.content_version);
    EXPECT_TRUE(verify_signed_manifest(read_file(bundle / "manifest.json"), read_file(bundle / "manifest.json.sig"), keys.pub,
                                       first.result.sequence)
                    .ok());
}

TEST(FleetPublish, ContentThatFailsCheckIsRefusedWithCheckDiagnosticsAndNothingWritten) {
    Keys keys;
    TempFolder out("majlis-bundle");
    const fs::path content = out.path / "content", bundle = out.path / "bundle";
    fs::copy(kDemoContent, content, fs::copy_options::recursive);
    std::string agenda = read_file(content / "agenda.toml");
    const size_t at = agenda.find("hall = \"press-centre\"");
    ASSERT_NE(at, std::string::npos);
    write_file(content / "agenda.toml", agenda.replace(at, 21, "hall = \"press-centr\""));

    const Published p = publish(content, keys.secret, bundle);
    EXPECT_EQ(p.result.status, PublishStatus::Refused);
    EXPECT_FALSE(fs::exists(bundle));
    // The same diagnostics as `majlis check`, each in the log.
    const content::LoadResult checked = content::load_event(content.string());
    ASSERT_GT(checked.errors(), 0u);
    ASSERT_EQ(p.result.diagnostics.size(), checked.diagnostics.size());
    for (size_t i = 0; i < checked.diagnostics.size(); ++i) {
        EXPECT_EQ(p.result.diagnostics[i].format(), checked.diagnostics[i].format());
        EXPECT_NE(joined(p.log).find(checked.diagnostics[i].format()), std::string::npos) << joined(p.log);
    }
    EXPECT_NE(joined(p.log).find("agenda.toml:"), std::string::npos) << joined(p.log);
    EXPECT_EQ(p.result.error, content.string() + ": " + std::to_string(checked.errors()) +
                                  " error(s); not published (see `majlis check`)");
}

TEST(FleetPublish, ASymlinkInTheContentIsRefusedNamingIt) {
    Keys keys;
    TempFolder out("majlis-bundle");
    const fs::path content = out.path / "content", bundle = out.path / "bundle";
    fs::copy(kDemoContent, content, fs::copy_options::recursive);
    fs::create_symlink("/etc/passwd", content / "images" / "passwd");
    const Published p = publish(content, keys.secret, bundle);
    EXPECT_EQ(p.result.status, PublishStatus::Refused);
    EXPECT_EQ(p.result.error,
              content.string() + ": images/passwd: a symbolic link; content is published as files, never as links");
    EXPECT_FALSE(fs::exists(bundle));
    // A link to a folder too (never followed).
    fs::remove(content / "images" / "passwd");
    fs::create_directory_symlink(content / "documents", content / "docs");
    EXPECT_EQ(publish(content, keys.secret, bundle).result.status, PublishStatus::Refused);
    EXPECT_FALSE(fs::exists(bundle));
    // Hidden files (.git, editor swap files) are not published.
    fs::remove(content / "docs");
    write_file(content / ".event.toml.swp", "x");
    const Published hidden = publish(content, keys.secret, bundle);
    ASSERT_EQ(hidden.result.status, PublishStatus::Published) << hidden.result.error;
    EXPECT_EQ(hidden.result.manifest.files.size(), files_under(kDemoContent).size());
}

TEST(FleetPublish, ABundleSignedByAnotherKeyIsResignedNotUnchanged) {
    Keys keys, other;
    TempFolder out("majlis-bundle");
    const fs::path bundle = out.path / "bundle";
    const Published first = publish(kDemoContent, keys.secret, bundle);
    ASSERT_EQ(first.result.status, PublishStatus::Published);
    const Published second = publish(kDemoContent, other.secret, bundle);
    ASSERT_EQ(second.result.status, PublishStatus::Published) << second.result.error;
    EXPECT_GT(second.result.sequence, first.result.sequence);
    EXPECT_EQ(second.result.new_objects, 0u);
    EXPECT_TRUE(
        verify_signed_manifest(read_file(bundle / "manifest.json"), read_file(bundle / "manifest.json.sig"), other.pub, 0).ok());
}

// --- The command line ---------------------------------------------------------------------------

namespace {
using Ran = majlis::testing::MajlisRun;
const auto majlis_run = majlis::testing::run_majlis;
}  // namespace

TEST(FleetCli, KeygenAndPublish) {
    TempFolder dir("majlis-cli-bundle");
    const std::string keys = dir / "keys", bundle = dir / "bundle", content = dir / "content";
    Ran k = majlis_run("keygen --out '" + keys + "'");
    ASSERT_EQ(k.code, 0) << k.out;
    EXPECT_EQ(k.out, "wrote " + keys + "/majlis.key (secret: keep it where you publish) and " + keys +
                         "/majlis.pub (give it to screens: --trust)\n");
    Ran again = majlis_run("keygen --out '" + keys + "'");
    EXPECT_EQ(again.code, 2);
    EXPECT_EQ(again.out, "majlis: error: keygen: " + keys +
                             "/majlis.key: already exists; a key is never overwritten (remove it first to replace it)\n");

    fs::copy(kDemoContent, content, fs::copy_options::recursive);
    const std::string args = "publish '" + content + "' --key '" + keys + "/majlis.key' --out '" + bundle + "'";
    Ran p = majlis_run(args);
    ASSERT_EQ(p.code, 0) << p.out;
    std::smatch m;
    const size_t n = files_under(kDemoContent).size();
    ASSERT_TRUE(std::regex_match(p.out, m, std::regex("published sequence ([0-9]+): ([0-9]+) files, ([0-9]+) new objects\n")))
        << p.out;
    EXPECT_EQ(m[2].str(), std::to_string(n));
    EXPECT_EQ(m[3].str(), std::to_string(object_names(bundle).size()));
    const std::string sequence = m[1].str();
    Ran same = majlis_run(args);
    EXPECT_EQ(same.code, 0);
    EXPECT_EQ(same.out, "unchanged sequence " + sequence + ": " + std::to_string(n) + " files, 0 new objects\n");

    // A character no font covers: `check` refuses it (through the real fonts), so publish does.
    std::string event = read_file(fs::path(content) / "event.toml");
    const std::string key = "\nname.en = \"";
    event.insert(event.find(key) + key.size(), "\xF0\x93\x80\x80");  // U+13000
    write_file(fs::path(content) / "event.toml", event);
    Ran refused = majlis_run(args);
    EXPECT_EQ(refused.code, 1) << refused.out;
    EXPECT_NE(refused.out.find("majlis: error: publish: event.toml:"), std::string::npos) << refused.out;
    EXPECT_NE(refused.out.find(": error: 'name.en' has U+13000 EGYPTIAN HIEROGLYPH A001, which no font for 'en' covers"),
              std::string::npos)
        << refused.out;
    EXPECT_EQ(majlis_run(args).out, refused.out);  // nothing was written: the same again

    write_file(dir / "bad.key", "majlis-ed25519-secret nope\n");
    Ran bad = majlis_run("publish '" + content + "' --key '" + (dir / "bad.key") + "' --out '" + bundle + "'");
    EXPECT_EQ(bad.code, 2);
    EXPECT_EQ(bad.out, "majlis: error: publish: " + (dir / "bad.key") + ": the key is not the base64 of 64 bytes\n");
    Ran usage = majlis_run("publish '" + content + "'");
    EXPECT_EQ(usage.code, 2);
}
