// The player's sync (app/fleet/sync.h) against a real HTTP server on a loopback port (cpp-httplib
// in this process, serving a bundle directory with ETags as the hub does): the first sync
// assembles and loads the folder; a changed file downloads only its object; a player whose hub
// is down boots from its cache and catches up when the hub appears; a flipped byte in an object,
// the manifest or the signature, an older or equal sequence, a '..' path, a bundle that fails
// the check, and symlinks planted in the cache are refused or not followed, reported in the
// status, and leave current as it was. Then a player's settings (player.toml, --hub URLs) and
// `majlis --config player.toml --headless` end to end.
#include "fleet/sync.h"

#include "core/log.h"
#include "fleet/broker.h"  // ChildProcess
#include "fleet/player.h"
#include "test_support.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>

namespace fs = std::filesystem;
using namespace majlis;
using namespace majlis::fleet;
using majlis::testing::TempFolder;
using majlis::testing::read_file;
using majlis::testing::write_file;
using majlis::testing::kDemoContent;

namespace {

// A bundle directory served under /bundle/ as the hub serves it: ETag (the body's SHA-256) and
// 304 on If-None-Match. Counts requests and body bytes per path. Port 0: any free one.
class BundleServer {
public:
    BundleServer(fs::path dir, int port = 0) : dir_(std::move(dir)) {
        server_.Get(R"(/bundle/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
            const std::string rel = req.matches[1];
            if (hostile && hostile(rel, res)) return;
            std::lock_guard lock(mutex_);
            ++requests_[rel];
            if (rel.find("..") != std::string::npos || !fs::is_regular_file(dir_ / rel)) {
                res.status = 404;
                return;
            }
            const std::string body = read_file(dir_ / rel);
            const std::string etag = "\"" + sha256_hex(body) + "\"";
            res.set_header("ETag", etag);
            if (req.get_header_value("If-None-Match") == etag) {
                ++not_modified_;
                res.status = 304;
                return;
            }
            bytes_[rel] += body.size();
            res.set_content(body, "application/octet-stream");
        });
        port_ = port ? (server_.bind_to_port("127.0.0.1", port) ? port : -1) : server_.bind_to_any_port("127.0.0.1");
        EXPECT_GT(port_, 0) << "cannot listen on loopback";
        if (port_ <= 0) return;
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~BundleServer() {
        if (!thread_.joinable()) return;
        server_.stop();
        thread_.join();
    }
    // Set before requests come: answers a request its own way when it returns true.
    std::function<bool(const std::string& rel, httplib::Response& res)> hostile;
    int port() const { return port_; }
    std::string manifest_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/bundle/manifest.json"; }
    int requests(const std::string& rel) {
        std::lock_guard lock(mutex_);
        return requests_[rel];
    }
    // Object requests and the object bytes sent.
    int object_requests() {
        std::lock_guard lock(mutex_);
        int n = 0;
        for (const auto& [rel, count] : requests_) n += rel.starts_with("objects/") ? count : 0;
        return n;
    }
    uint64_t object_bytes() {
        std::lock_guard lock(mutex_);
        uint64_t n = 0;
        for (const auto& [rel, count] : bytes_) n += rel.starts_with("objects/") ? count : 0;
        return n;
    }
    int not_modified() {
        std::lock_guard lock(mutex_);
        return not_modified_;
    }
    void reset_counts() {
        std::lock_guard lock(mutex_);
        requests_.clear();
        bytes_.clear();
        not_modified_ = 0;
    }

private:
    fs::path dir_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::map<std::string, int> requests_;
    std::map<std::string, uint64_t> bytes_;
    int not_modified_ = 0;
};

// A free loopback port, by binding to port 0 and letting it go (the hub that is not there yet).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = -1;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    if (fd >= 0) ::close(fd);
    EXPECT_GT(port, 0);
    return port;
}

// A publisher (key, content folder, bundle directory), a served bundle, and a player's cache.
struct Fleet {
    TempFolder tmp{"majlis-sync"};
    fs::path content = tmp.path / "content", bundle = tmp.path / "bundle", cache = tmp.path / "cache";
    SecretKey secret;
    PublicKey pub;
    std::vector<std::string> lines;
    Log log = Log::capture(&lines);
    std::mutex lines_mutex;

    Fleet() {
        fs::copy(kDemoContent, content, fs::copy_options::recursive);
        std::string error;
        EXPECT_TRUE(generate_keys((tmp.path / "keys").string(), error)) << error;
        secret = *load_secret_key(tmp / "keys/majlis.key", error);
        pub = *load_public_key(tmp / "keys/majlis.pub", error);
    }
    // Publishes the content folder; its sequence.
    uint64_t publish() {
        std::vector<std::string> ignored;
        Log quiet = Log::capture(&ignored);
        const PublishResult r = publish_bundle(content.string(), secret, bundle.string(), {}, quiet);
        EXPECT_EQ(r.status, PublishStatus::Published) << r.error;
        return r.sequence;
    }
    // A change to one file, still valid content.
    void edit_agenda(const std::string& comment) {
        std::ofstream(content / "agenda.toml", std::ios::app) << "# " << comment << "\n";
    }
    SyncConfig config(const std::string& url) const {
        SyncConfig c;
        c.manifest_url = url;
        c.trusted = pub;
        c.cache_dir = cache.string();
        c.connect_timeout_ms = 2000;
        return c;
    }
    Manifest served_manifest() { return *parse_manifest(read_file(bundle / "manifest.json")).manifest; }
    // Serves `m` as the bundle's manifest, signed with the publisher's key (what publish would
    // never write: tests of what a player must refuse even when it is validly signed).
    void serve_signed(const Manifest& m) {
        const std::string bytes = manifest_to_json(m);
        write_file(bundle / "manifest.json", bytes);
        write_file(bundle / "manifest.json.sig", sign(bytes, secret));
    }
    std::string current_target() const { return fs::read_symlink(cache / "current").string(); }
    size_t count_lines(const std::string& needle) {
        size_t n = 0;
        for (const std::string& line : lines) n += line.find(needle) != std::string::npos;
        return n;
    }
};

// Every file of the content folder is in the player's current folder, byte for byte.
void expect_same_tree(const fs::path& want, const fs::path& got) {
    size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(want)) {
        if (!e.is_regular_file()) continue;
        ++files;
        const fs::path rel = e.path().lexically_relative(want);
        EXPECT_EQ(read_file(got / rel), read_file(e.path())) << rel;
    }
    size_t got_files = 0;
    for (const auto& e : fs::recursive_directory_iterator(got)) got_files += e.is_regular_file();
    EXPECT_EQ(got_files, files);
}

size_t unique_objects(const Manifest& m) {
    std::set<std::string> shas;
    for (const auto& f : m.files) shas.insert(f.sha256);
    return shas.size();
}

}  // namespace

TEST(FleetSync, fleet_sync_first_sync_assembles_the_folder_and_loads) {
    Fleet fleet;
    const uint64_t seq = fleet.publish();
    BundleServer hub(fleet.bundle);
    BundleSync sync(fleet.config(hub.manifest_url()), fleet.log);
    std::vector<uint64_t> swapped;
    sync.on_swapped = [&](uint64_t s) { swapped.push_back(s); };
    ASSERT_TRUE(sync.check());

    const SyncStatus st = sync.status();
    EXPECT_EQ(st.sequence, seq);
    EXPECT_EQ(st.content_version, fleet.served_manifest().content_version);
    EXPECT_EQ(st.last_error, "");
    EXPECT_TRUE(st.hub_reachable);
    EXPECT_GT(st.last_success_time, 0);
    EXPECT_EQ(swapped, std::vector<uint64_t>{seq});
    EXPECT_EQ(fleet.current_target(), "bundles/" + std::to_string(seq));
    EXPECT_EQ(sync.content_dir(), (fleet.cache / "current").string());
    expect_same_tree(fleet.content, fleet.cache / "current");
    EXPECT_TRUE(content::load_event(sync.content_dir()).ok());
    // Its manifest and signature beside it, as served.
    EXPECT_EQ(read_file(fleet.cache / "bundles" / (std::to_string(seq) + ".manifest.json")), read_file(fleet.bundle / "manifest.json"));
    EXPECT_EQ(read_file(fleet.cache / "bundles" / (std::to_string(seq) + ".manifest.json.sig")),
              read_file(fleet.bundle / "manifest.json.sig"));
    // Each object once, hard-linked into the folder.
    const Manifest m = fleet.served_manifest();
    EXPECT_EQ(size_t(hub.object_requests()), unique_objects(m));
    EXPECT_EQ(st.objects_downloaded, unique_objects(m));
    struct stat sb {};
    ASSERT_EQ(::stat((fleet.cache / "current/event.toml").c_str(), &sb), 0);
    EXPECT_GE(sb.st_nlink, 2u);
    EXPECT_EQ(sb.st_mode & 0222, 0u) << "objects are read-only";
    // Readable by a display running as another user than the sync (mkdtemp makes folders 0700).
    ASSERT_EQ(::stat((fleet.cache / "current").c_str(), &sb), 0);
    EXPECT_EQ(sb.st_mode & 0777, 0755u);

    // Nothing new: the manifest is not modified (304), nothing else is asked for.
    hub.reset_counts();
    ASSERT_TRUE(sync.check());
    EXPECT_EQ(hub.not_modified(), 1);
    EXPECT_EQ(hub.requests("manifest.json.sig"), 0);
    EXPECT_EQ(hub.object_requests(), 0);
    EXPECT_EQ(swapped.size(), 1u);

    // A second player on the same cache would swap current under the first: refused.
    BundleSync second(fleet.config(hub.manifest_url()), fleet.log);
    EXPECT_FALSE(second.check());
    EXPECT_NE(second.status().last_error.find("in use by another player"), std::string::npos)
        << second.status().last_error;
    EXPECT_EQ(fleet.current_target(), "bundles/" + std::to_string(seq));
}

TEST(FleetSync, fleet_sync_a_changed_file_downloads_only_its_object) {
    Fleet fleet;
    const uint64_t first = fleet.publish();
    BundleServer hub(fleet.bundle);
    BundleSync sync(fleet.config(hub.manifest_url()), fleet.log);
    ASSERT_TRUE(sync.check());

    fleet.edit_agenda("hall B moved to 10:30");
    const uint64_t second = fleet.publish();
    ASSERT_GT(second, first);
    hub.reset_counts();
    ASSERT_TRUE(sync.check());
    EXPECT_EQ(sync.status().sequence, second);
    EXPECT_EQ(hub.object_requests(), 1);
    EXPECT_EQ(hub.object_bytes(), fs::file_size(fleet.content / "agenda.toml"));
    expect_same_tree(fleet.content, fleet.cache / "current");
    EXPECT_EQ(fleet.current_target(), "bundles/" + std::to_string(second));
    EXPECT_TRUE(fs::is_directory(fleet.cache / "bundles" / std::to_string(first))) << "the previous one is kept";

    // A third: the first bundle, its manifest and the agenda only it named are cleaned away.
    const std::string first_agenda = sha256_hex(read_file(fleet.cache / "bundles" / std::to_string(first) / "agenda.toml"));
    fleet.edit_agenda("and back to 10:00");
    const uint64_t third = fleet.publish();
    ASSERT_TRUE(sync.check());
    EXPECT_EQ(sync.status().sequence, third);
    EXPECT_FALSE(fs::exists(fleet.cache / "bundles" / std::to_string(first)));
    EXPECT_FALSE(fs::exists(fleet.cache / "bundles" / (std::to_string(first) + ".manifest.json")));
    EXPECT_FALSE(fs::exists(fleet.cache / "objects" / first_agenda));
    EXPECT_TRUE(fs::is_directory(fleet.cache / "bundles" / std::to_string(second)));
    std::set<std::string> entries;
    for (const auto& e : fs::directory_iterator(fleet.cache / "bundles")) entries.insert(e.path().filename().string());
    EXPECT_EQ(entries.size(), 6u) << "two folders, their manifests and signatures, nothing else";
}

TEST(FleetSync, fleet_sync_boots_from_its_cache_with_the_hub_down_and_catches_up) {
    Fleet fleet;
    const uint64_t first = fleet.publish();
    {
        BundleServer hub(fleet.bundle);
        BundleSync sync(fleet.config(hub.manifest_url()), fleet.log);
        ASSERT_TRUE(sync.check());
    }
    // Restarted with no hub: the cached bundle, verified again, is the content.
    const int port = free_port();
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/bundle/manifest.json";
    SyncConfig config = fleet.config(url);
    config.poll_s = 3600;  // only check_now() wakes it
    BundleSync sync(config, fleet.log);
    EXPECT_EQ(sync.status().sequence, first);
    EXPECT_TRUE(content::load_event(sync.content_dir()).ok());
    std::atomic<uint64_t> swapped{0};
    sync.on_swapped = [&](uint64_t s) { swapped = s; };
    sync.start();
    ASSERT_TRUE(sync.wait_checks(1, 10000));
    sync.check_now();
    ASSERT_TRUE(sync.wait_checks(2, 10000));
    SyncStatus st = sync.status();
    EXPECT_FALSE(st.hub_reachable);
    EXPECT_NE(st.last_error.find("hub unreachable"), std::string::npos) << st.last_error;
    EXPECT_EQ(st.sequence, first);
    EXPECT_EQ(fleet.count_lines("hub unreachable"), 1u) << "logged once per outage";

    // The hub appears with new content; MQTT's announcement (check_now) brings it at once.
    fleet.edit_agenda("late change");
    const uint64_t second = fleet.publish();
    BundleServer hub(fleet.bundle, port);
    sync.check_now();
    ASSERT_TRUE(sync.wait_checks(3, 10000));
    st = sync.status();
    EXPECT_TRUE(st.hub_reachable);
    EXPECT_EQ(st.sequence, second);
    EXPECT_EQ(st.last_error, "");
    EXPECT_EQ(swapped.load(), second);
    EXPECT_EQ(fleet.count_lines("hub reachable again"), 1u);
    expect_same_tree(fleet.content, fleet.cache / "current");
}

// A failed check is tried again within seconds (2, 4, 8 ... s), not at the next poll: a hub that
// appears 3 s after the first check failed is caught up within 5 s more, with a 60 s poll and no
// announcement (nothing calls check_now). The outage is logged once, whatever the tries.
TEST(FleetSync, fleet_sync_tries_a_failed_check_again_soon) {
    Fleet fleet;
    const uint64_t first = fleet.publish();
    const int port = free_port();
    SyncConfig config = fleet.config("http://127.0.0.1:" + std::to_string(port) + "/bundle/manifest.json");
    config.poll_s = 60;
    BundleSync sync(config, fleet.log);
    sync.start();
    ASSERT_TRUE(sync.wait_checks(1, 10000));
    EXPECT_FALSE(sync.status().hub_reachable);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    BundleServer hub(fleet.bundle, port);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (sync.status().sequence != first && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const SyncStatus st = sync.status();
    EXPECT_EQ(st.sequence, first) << "not caught up 5 s after the hub came";
    EXPECT_EQ(st.last_error, "");
    EXPECT_EQ(fleet.count_lines("hub unreachable"), 1u) << "logged once per outage";
}

// The player has bundle 1; the hub then serves something it must refuse. Current stays.
struct Refusal : ::testing::Test {
    Fleet fleet;
    uint64_t first = 0;
    std::unique_ptr<BundleServer> hub;
    std::unique_ptr<BundleSync> sync;
    void SetUp() override {
        first = fleet.publish();
        hub = std::make_unique<BundleServer>(fleet.bundle);
        sync = std::make_unique<BundleSync>(fleet.config(hub->manifest_url()), fleet.log);
        ASSERT_TRUE(sync->check());
    }
    // Checks, expects a refusal whose status names `why`, and the first bundle still current.
    void expect_refused(const std::string& why) {
        EXPECT_FALSE(sync->check());
        const SyncStatus st = sync->status();
        EXPECT_NE(st.last_error.find(why), std::string::npos) << st.last_error;
        EXPECT_TRUE(st.hub_reachable);
        EXPECT_EQ(st.sequence, first);
        EXPECT_EQ(fleet.current_target(), "bundles/" + std::to_string(first));
        EXPECT_TRUE(content::load_event(sync->content_dir()).ok());
        EXPECT_GE(fleet.count_lines(why), 1u) << "logged";
        for (const auto& e : fs::directory_iterator(fleet.cache / "bundles"))
            EXPECT_NE(e.path().filename().string()[0], '.') << "a half-made folder was left: " << e.path();
    }
    void flip_byte(const fs::path& p, size_t at) {
        std::string bytes = read_file(p);
        ASSERT_LT(at, bytes.size());
        bytes[at] ^= 0x01;
        write_file(p, bytes);
    }
};

TEST_F(Refusal, fleet_sync_refuses_a_tampered_object) {
    fleet.edit_agenda("changed");
    fleet.publish();
    const std::string sha = sha256_hex(read_file(fleet.content / "agenda.toml"));
    flip_byte(fleet.bundle / "objects" / sha, 10);
    expect_refused("tampered");
    EXPECT_FALSE(fs::exists(fleet.cache / "objects" / sha));
    EXPECT_FALSE(fs::exists(fleet.cache / "objects" / (".tmp-" + sha)));
    // Fixed on the hub: the next check takes it (a failed object is tried again, same manifest).
    flip_byte(fleet.bundle / "objects" / sha, 10);
    EXPECT_TRUE(sync->check());
    EXPECT_EQ(sync->status().last_error, "");
}

TEST_F(Refusal, fleet_sync_refuses_an_object_longer_than_its_manifest_says) {
    fleet.edit_agenda("changed");
    fleet.publish();
    const std::string sha = sha256_hex(read_file(fleet.content / "agenda.toml"));
    std::ofstream(fleet.bundle / "objects" / sha, std::ios::app) << std::string(100000, 'x');
    expect_refused("more than its");
}

TEST_F(Refusal, fleet_sync_refuses_a_tampered_manifest_and_does_not_fetch_it_again) {
    fleet.edit_agenda("changed");
    fleet.publish();
    const std::string bytes = read_file(fleet.bundle / "manifest.json");
    flip_byte(fleet.bundle / "manifest.json", bytes.find("\"created\"") + 14);  // a digit of the time
    hub->reset_counts();
    expect_refused("bad signature");
    EXPECT_EQ(hub->requests("manifest.json"), 2) << "fetched once more after 300 ms before refusing";
    EXPECT_EQ(hub->object_requests(), 0) << "nothing unsigned is acted on";
    // The hub serves the same bytes: 304, still refused, not logged again.
    EXPECT_FALSE(sync->check());
    EXPECT_EQ(hub->not_modified(), 1);
    EXPECT_NE(sync->status().last_error.find("bad signature"), std::string::npos);
    EXPECT_EQ(fleet.count_lines("bad signature"), 1u);
}

TEST_F(Refusal, fleet_sync_refuses_a_tampered_signature) {
    fleet.edit_agenda("changed");
    fleet.publish();
    std::string sig = read_file(fleet.bundle / "manifest.json.sig");
    sig[5] = sig[5] == 'A' ? 'B' : 'A';
    write_file(fleet.bundle / "manifest.json.sig", sig);
    expect_refused("bad signature");
}

TEST_F(Refusal, fleet_sync_refuses_an_older_or_equal_sequence) {
    // A newer bundle reaches the player; then the hub serves the first one again.
    const std::string old_manifest = read_file(fleet.bundle / "manifest.json");
    const std::string old_sig = read_file(fleet.bundle / "manifest.json.sig");
    fleet.edit_agenda("changed");
    const uint64_t second = fleet.publish();
    ASSERT_TRUE(sync->check());
    first = second;  // what must stay current from here
    write_file(fleet.bundle / "manifest.json", old_manifest);
    write_file(fleet.bundle / "manifest.json.sig", old_sig);
    expect_refused("rollback");
    // The same sequence with other content, validly signed: a rollback too.
    fleet.edit_agenda("again");
    fleet.publish();
    Manifest m = fleet.served_manifest();
    m.sequence = second;
    fleet.serve_signed(m);
    expect_refused("rollback");
    // And after a restart the sequence is remembered (from the cache's verified manifest).
    sync.reset();
    sync = std::make_unique<BundleSync>(fleet.config(hub->manifest_url()), fleet.log);
    EXPECT_EQ(sync->status().sequence, second);
    write_file(fleet.bundle / "manifest.json", old_manifest);
    write_file(fleet.bundle / "manifest.json.sig", old_sig);
    expect_refused("rollback");
}

TEST_F(Refusal, fleet_sync_refuses_a_signed_manifest_with_a_path_leaving_the_folder) {
    Manifest m = fleet.served_manifest();
    m.sequence += 1;
    const std::string evil = "owned\n";
    write_file(fleet.bundle / "objects" / sha256_hex(evil), evil);
    for (const std::string path : {"../escaped.toml", "images/../../escaped.toml", "/tmp/escaped.toml"}) {
        Manifest bad = m;
        bad.files.push_back({path, evil.size(), sha256_hex(evil)});
        bad.content_version = content_version_of(bad.files);
        fleet.serve_signed(bad);
        expect_refused("malformed");
    }
    EXPECT_FALSE(fs::exists(fleet.cache / "escaped.toml"));
    EXPECT_FALSE(fs::exists(fleet.cache / "bundles/escaped.toml"));
    EXPECT_FALSE(fs::exists("/tmp/escaped.toml"));
}

TEST_F(Refusal, fleet_sync_refuses_a_signed_bundle_that_fails_the_check) {
    // publish refuses such content; a hand-made manifest, validly signed, brings it anyway.
    Manifest m = fleet.served_manifest();
    m.sequence += 1;
    const std::string broken = "[[day]\ndate = 2025-10-09\n";
    write_file(fleet.bundle / "objects" / sha256_hex(broken), broken);
    for (auto& f : m.files)
        if (f.path == "agenda.toml") f = {"agenda.toml", broken.size(), sha256_hex(broken)};
    m.content_version = content_version_of(m.files);
    fleet.serve_signed(m);
    expect_refused("fails majlis check");
    EXPECT_FALSE(fs::exists(fleet.cache / "bundles" / std::to_string(m.sequence)));
}

TEST_F(Refusal, fleet_sync_never_follows_a_symlink_planted_in_the_cache) {
    // objects/<sha> of the next bundle's agenda planted as a link to a file outside the cache.
    fleet.edit_agenda("changed");
    fleet.publish();
    const std::string agenda = read_file(fleet.content / "agenda.toml");
    const std::string sha = sha256_hex(agenda);
    const fs::path outside = fleet.tmp.path / "outside.toml";
    write_file(outside, std::string(agenda.size(), 'o'));  // the right size, the wrong bytes
    fs::create_symlink(outside, fleet.cache / "objects" / sha);
    ASSERT_TRUE(sync->check());
    EXPECT_EQ(read_file(fleet.cache / "current/agenda.toml"), agenda);
    EXPECT_EQ(read_file(outside), std::string(agenda.size(), 'o')) << "written through the link";
    EXPECT_FALSE(fs::is_symlink(fleet.cache / "objects" / sha));

    // The cache's bundles/ replaced by a link: refused as a whole, nothing written there.
    sync.reset();
    const fs::path elsewhere = fleet.tmp.path / "elsewhere";
    fs::create_directory(elsewhere);
    fs::rename(fleet.cache / "bundles", fleet.tmp.path / "bundles.moved");
    fs::create_directory_symlink(elsewhere, fleet.cache / "bundles");
    BundleSync linked(fleet.config(hub->manifest_url()), fleet.log);
    EXPECT_FALSE(linked.check());
    EXPECT_NE(linked.status().last_error.find("bundles is not a folder"), std::string::npos)
        << linked.status().last_error;
    EXPECT_TRUE(fs::is_empty(elsewhere));
}

TEST(FleetSync, fleet_sync_repairs_an_incomplete_cached_bundle_and_refuses_a_foreign_one) {
    Fleet fleet;
    const uint64_t seq = fleet.publish();
    BundleServer hub(fleet.bundle);
    {
        BundleSync sync(fleet.config(hub.manifest_url()), fleet.log);
        ASSERT_TRUE(sync.check());
    }
    // A file of the current bundle lost (a bad SD card): assembled again from the same manifest.
    fs::remove(fleet.cache / "current/participants.toml");
    {
        BundleSync sync(fleet.config(hub.manifest_url()), fleet.log);
        EXPECT_EQ(sync.status().sequence, seq);
        ASSERT_TRUE(sync.check());
        expect_same_tree(fleet.content, fleet.cache / "current");
    }
    // Another publisher's key: the cached bundle is not trusted, not shown, and the hub's refused.
    SyncConfig other = fleet.config(hub.manifest_url());
    std::string error;
    TempFolder keys("majlis-keys");
    ASSERT_TRUE(generate_keys(keys.path.string(), error)) << error;
    other.trusted = *load_public_key(keys / "majlis.pub", error);
    BundleSync sync(other, fleet.log);
    EXPECT_EQ(sync.status().sequence, 0u);
    EXPECT_FALSE(fs::exists(fleet.cache / "current"));
    EXPECT_FALSE(sync.check());
    EXPECT_NE(sync.status().last_error.find("bad signature"), std::string::npos) << sync.status().last_error;
}

TEST(FleetSync, fleet_sync_player_settings_from_player_toml) {
    EXPECT_EQ(manifest_url_for("http://hub:8080"), "http://hub:8080/bundle/manifest.json");
    EXPECT_EQ(manifest_url_for("http://hub:8080/"), "http://hub:8080/bundle/manifest.json");
    EXPECT_EQ(manifest_url_for("https://cdn.example.org/summit"), "https://cdn.example.org/summit/manifest.json");
    EXPECT_EQ(manifest_url_for("https://cdn.example.org/summit/"), "https://cdn.example.org/summit/manifest.json");
    EXPECT_EQ(manifest_url_for("https://cdn.example.org/x/manifest.json"), "https://cdn.example.org/x/manifest.json");

    TempFolder tmp("majlis-toml");
    const std::string toml = tmp / "player.toml";
    write_file(toml, "hub = \"http://hub.venue.lan:8080\"\ntrust = \"/etc/majlis/majlis.pub\"\nscreen_id = \"hall-a-door\"\n"
                "groups = [\"doors\", \"hall-a\"]\nvenue = \"dushanbe\"\ncache = \"/var/cache/majlis\"\npoll = 30\n"
                "mqtt = \"mqtt://hall-a-door:secret@hub.venue.lan:1883\"\nthumbnail_spread = 2.5\n");
    PlayerSettings s;
    std::string error;
    ASSERT_TRUE(read_player_toml(toml, s, error)) << error;
    EXPECT_EQ(s.hub, "http://hub.venue.lan:8080");
    EXPECT_EQ(s.trust, "/etc/majlis/majlis.pub");
    EXPECT_EQ(s.screen_id, "hall-a-door");
    EXPECT_EQ(s.groups, (std::vector<std::string>{"doors", "hall-a"}));
    EXPECT_EQ(s.venue, "dushanbe");
    EXPECT_EQ(s.cache, "/var/cache/majlis");
    EXPECT_EQ(s.poll_s, 30);
    EXPECT_EQ(s.mqtt, "mqtt://hall-a-door:secret@hub.venue.lan:1883");
    EXPECT_EQ(s.thumbnail_spread_s, 2.5);

    // Mistakes name the file, line and column, and change nothing.
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"hub = \"http://h\"\ntrust = \"k.pub\"\nscren_id = \"x\"\n", ":3:1: unknown key 'scren_id'"},
        {"poll = 0\n", ":1:8: poll must be a number of seconds from 1 to 86400"},
        {"groups = \"doors\"\n", ":1:10: groups must be a list of strings"},
        {"thumbnail_spread = -1\n", ":1:20: thumbnail_spread must be a number of seconds from 0 to 3600"},
        {"screen_id = 7\n", ":1:13: screen_id must be a string"},
        {"screen_id = \"hall a\"\n", "screen id 'hall a' must be 1 to 64 of A-Z a-z 0-9 _ -"},
        {"hub = \"ftp://hub\"\ntrust = \"k.pub\"\n", "hub must be an http:// or https:// URL"},
        {"hub = [\n", toml + ":"},
    };
    for (const auto& [text, want] : bad) {
        write_file(toml, text);
        PlayerSettings unchanged = s;
        error.clear();
        EXPECT_FALSE(read_player_toml(toml, unchanged, error)) << text;
        EXPECT_NE(error.find(want), std::string::npos) << text << " gave: " << error;
        EXPECT_EQ(unchanged.screen_id, "hall-a-door");
    }
    // A hub needs a key, which may come from the file or a flag: checked once both are in.
    PlayerSettings no_key;
    no_key.hub = "http://hub:8080";
    EXPECT_NE(check_player_settings(no_key).find("a hub needs the publisher's key to trust"), std::string::npos);
    no_key.trust = "k.pub";
    EXPECT_EQ(check_player_settings(no_key), "");
}

TEST(FleetSync, fleet_sync_headless_player_through_the_binary) {
    Fleet fleet;
    const uint64_t first = fleet.publish();
    BundleServer hub(fleet.bundle);
    // player.toml holds the settings; --poll on the command line wins over its poll.
    const std::string toml = fleet.tmp / "player.toml";
    write_file(toml, "hub = \"http://127.0.0.1:" + std::to_string(hub.port()) + "\"\ntrust = \"" + (fleet.tmp / "keys/majlis.pub") +
                    "\"\ncache = \"" + fleet.cache.string() + "\"\nscreen_id = \"door-1\"\npoll = 3600\n");
    const std::string output = fleet.tmp / "player.log";
    majlis::testing::ChildProcess player({MAJLIS_BIN, "--config", toml, "--poll", "1", "--headless"}, output);
    auto shows = [&](uint64_t seq) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        std::error_code ec;
        while (std::chrono::steady_clock::now() < until && player.running()) {
            if (fs::read_symlink(fleet.cache / "current", ec).string() == "bundles/" + std::to_string(seq)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    };
    ASSERT_TRUE(shows(first)) << read_file(output);
    fleet.edit_agenda("moved by the operator");
    const uint64_t second = fleet.publish();
    ASSERT_TRUE(shows(second)) << read_file(output);
    const int status = player.stop(SIGTERM);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << read_file(output);
    const std::string log = read_file(output);
    EXPECT_NE(log.find("swapped in bundle " + std::to_string(second)), std::string::npos) << log;
    EXPECT_NE(log.find("SIGTERM: clean exit"), std::string::npos) << log;
    expect_same_tree(fleet.content, fleet.cache / "current");
}

TEST_F(Refusal, fleet_sync_survives_a_hostile_or_stalled_hub) {
    // A redirect to another protocol is not followed (http and https only).
    hub->hostile = [](const std::string& rel, httplib::Response& res) {
        if (rel != "manifest.json") return false;
        res.set_redirect("file:///etc/passwd");
        return true;
    };
    expect_refused("manifest: ");
    // Garbage where the manifest and its signature should be.
    hub->hostile = [](const std::string& rel, httplib::Response& res) {
        res.set_content(std::string(300, '\x7f') + rel, "application/json");
        return true;
    };
    expect_refused("bad signature");
    // A hub that accepts the connection and then says nothing: the transfer's timeout ends it.
    SyncConfig impatient = fleet.config(hub->manifest_url());
    impatient.manifest_timeout_ms = 300;
    sync.reset();
    sync = std::make_unique<BundleSync>(impatient, fleet.log);
    hub->hostile = [](const std::string&, httplib::Response&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        return false;
    };
    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(sync->check());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1400));
    const SyncStatus st = sync->status();
    EXPECT_FALSE(st.hub_reachable);
    EXPECT_NE(st.last_error.find("hub unreachable"), std::string::npos) << st.last_error;
    EXPECT_EQ(st.sequence, first);
    hub->hostile = nullptr;
}

TEST_F(Refusal, fleet_sync_refuses_what_it_cannot_write_and_catches_up_later) {
    // The cache cannot take the new object (RLIMIT_FSIZE stands in for a full disk: the write
    // fails the same way, EFBIG instead of ENOSPC); the screen keeps the first bundle.
    fleet.edit_agenda(std::string(4000, 'x'));
    const uint64_t second = fleet.publish();
    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ignore, &old);
    rlimit saved {};
    getrlimit(RLIMIT_FSIZE, &saved);
    rlimit small = saved;
    small.rlim_cur = 1000;
    setrlimit(RLIMIT_FSIZE, &small);
    const bool checked = sync->check();
    setrlimit(RLIMIT_FSIZE, &saved);
    sigaction(SIGXFSZ, &old, nullptr);
    EXPECT_FALSE(checked);
    const std::string sha = sha256_hex(read_file(fleet.content / "agenda.toml"));
    EXPECT_NE(sync->status().last_error.find("cannot write object " + sha.substr(0, 12)), std::string::npos)
        << sync->status().last_error;
    EXPECT_EQ(fleet.current_target(), "bundles/" + std::to_string(first));
    EXPECT_FALSE(fs::exists(fleet.cache / "objects" / (".tmp-" + sha)));
    // Room again: the next check takes it.
    EXPECT_TRUE(sync->check());
    EXPECT_EQ(sync->status().sequence, second);
}

TEST(FleetSync, fleet_sync_group_takes_one_value_per_flag) {
    // One group per --group, as player.toml lists them: `--group doors hall-a` is a mistake
    // (refused, exit 2), not two groups; `--group doors check DIR` is a group and a subcommand.
    TempFolder tmp("majlis-group");
    auto run = [&](std::vector<std::string> args) {
        const std::string output = tmp / "out.log";
        args.insert(args.begin(), MAJLIS_BIN);
        majlis::testing::ChildProcess majlis(args, output);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (majlis.running() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const int status = majlis.stop(SIGKILL);
        return std::make_pair(WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(output));
    };
    const auto [two, two_output] = run({"--group", "doors", "hall-a", "check", kDemoContent.string()});
    EXPECT_EQ(two, 2) << two_output;
    EXPECT_NE(two_output.find("hall-a"), std::string::npos) << two_output;
    const auto [one, one_output] = run({"--group", "doors", "--group", "hall-a", "check", kDemoContent.string()});
    EXPECT_EQ(one, 0) << one_output;
}
