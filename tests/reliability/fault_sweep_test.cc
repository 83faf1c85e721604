// The fault sweep (docs/reliability.md): a mixed write workload through the real HTTP API of a
// server over a real SQLite file, run again and again with one I/O call failed — the Nth read,
// write, sync or truncate, with EIO, ENOSPC or a short write (storage/testing/fault_vfs.h) —
// for N over the calls the workload makes. After each run the files are taken as a crash
// would leave them and opened again; then every request answered 2xx must be there, every
// request answered otherwise must have left no trace, the integrity check (`nqtrack check`)
// must find nothing, and every refusal must be a clear 503 or 507 problem. After a failed sync
// the server must refuse every write until restarted, and go on serving reads.
//
// NQ_FAULT_POINTS bounds the injection points tried (default 90: every k-th call of each kind);
// NQ_FAULT_POINTS=all tries every one (`make reliability`).
//
// PgFaultTest does the same against a real PostgreSQL server with an I/O error injected inside
// it (tests/support/pg_fault_preload.cc): a failed fdatasync or write of its write-ahead log, a
// failed read of a data file. NQ_FAULT_POINTS=all arms each before every request of the
// workload; otherwise before every 5th.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <thread>

#include "api/app.h"
#include "app/auth.h"
#include "app/check.h"
#include "app/engine_loader.h"
#include "app/setup.h"
#include "http/http_server.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
#include "storage/testing/fault_vfs.h"
#include "support/http_client.h"
#include "support/pg_cluster.h"
#include "support/server_process.h"

namespace nq::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using storage::testing::Fault;
using storage::testing::FaultPlan;
using storage::testing::FaultVfs;
using storage::testing::IoCall;

constexpr const char* kPassword = "fault-sweep-password";
constexpr UnixMillis kNow = 1'795'737'600'000;  // 2026-11-27

// A SQLite file, or a PostgreSQL database when `db` is its URI.
Result<std::unique_ptr<storage::Database>> OpenStore(const std::string& db) {
  if (storage::PostgresDatabase::IsConnectionUri(db)) {
    NQ_TRY(auto database, storage::PostgresDatabase::Open(db));
    return std::unique_ptr<storage::Database>(std::move(database));
  }
  NQ_TRY(auto database, storage::SqliteDatabase::Open(db));
  return std::unique_ptr<storage::Database>(std::move(database));
}

// The application over one store (a SQLite file or a PostgreSQL URI), served on a loopback port
// when `serve`.
struct Stack {
  Stack(const std::string& db, FakeClock& clock, bool serve) {
    auto opened = OpenStore(db);
    if (!opened) {
      error = opened.error().message;
      return;
    }
    database = std::move(*opened);
    auto data = app::ReadEngineData(*database);
    if (!data) {
      error = data.error().message;
      return;
    }
    engine = std::make_unique<engine::Engine>(std::move(*data));
    service = std::make_unique<app::Service>(*database, *engine, clock);
    auth = std::make_unique<app::Authenticator>(*service);
    if (!serve) return;
    app = std::make_unique<api::App>(*service, *auth);
    http::HttpServer::Options options;
    options.threads = 2;
    auto started = http::HttpServer::Start(
        options, [this](const http::HttpRequest& request) { return app->Handle(request); });
    if (!started) {
      error = started.error().message;
      return;
    }
    server = std::move(*started);
  }
  ~Stack() {
    if (server) server->Stop();
  }
  uint16_t port() const { return server->port(); }

  std::string error;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<app::Service> service;
  std::unique_ptr<app::Authenticator> auth;
  std::unique_ptr<api::App> app;
  std::unique_ptr<http::HttpServer> server;
};

// What the workload needs from the store it starts from.
struct World {
  Headers session;
  int64_t indicator = 0, commune_a = 0, commune_b = 0, assignment = 0, kind_commune = 0,
          district = 0;
};

// One write of the workload and its answer.
struct Outcome {
  std::string name;
  std::string key;  // its Idempotency-Key: how its rows are found in the audit
  int status = 0;   // -1: not sent (it needed an earlier write that was refused)
  std::string body;
  std::string code;  // the problem's code when refused
};

bool Ok2xx(int status) { return status >= 200 && status < 300; }

json::value Parse(const std::string& body) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  return ec ? json::value() : value;
}

// A refusal saying the write may have been kept: its commit met a failed sync, or the
// connection to the database was lost during it.
bool SaysFateUnknown(const Outcome& outcome) {
  return outcome.body.find("whether the last write was kept is unknown") != std::string::npos;
}

// Sends one write as the administrator with Idempotency-Key `key`.
Outcome Send(uint16_t port, const World& world, const std::string& name, const std::string& key,
             const std::string& method, const std::string& target, const json::value& body,
             Headers extra = {}) {
  Outcome outcome{name, key, 0, "", ""};
  Headers headers = world.session;
  headers.emplace_back("Idempotency-Key", key);
  for (auto& header : extra) headers.push_back(std::move(header));
  ClientResponse response = Request(port, method, target, json::serialize(body), headers, 10000);
  outcome.status = response.status;
  outcome.body = response.body;
  if (!Ok2xx(response.status)) {
    json::value problem = Parse(response.body);
    if (problem.is_object() && problem.as_object().contains("code") &&
        response.Header("content-type") == "application/problem+json") {
      outcome.code = std::string(problem.at("code").as_string());
    }
  }
  return outcome;
}

// One more write after a workload: a value of 2025 under Idempotency-Key `key`.
Outcome SendProbe(uint16_t port, const World& world, const std::string& key) {
  return Send(port, world, "probe", key, "POST", "/api/v1/values",
              json::object{{"values", json::array{json::object{{"indicator_id", world.indicator},
                                                               {"unit_id", world.commune_a},
                                                               {"period", "2025"},
                                                               {"value", 7}}}}});
}

// The mixed workload: values, evidence, a report opened, submitted and accepted, a
// reorganisation, an import, more values and a unit; each with its own Idempotency-Key.
// `before`, when given, is called with each request's index before it is sent.
std::vector<Outcome> RunWorkload(uint16_t port, const World& world,
                                 const std::string& prefix = "sweep",
                                 const std::function<void(size_t)>& before = {}) {
  std::vector<Outcome> outcomes;
  auto send = [&](const std::string& name, const std::string& method, const std::string& target,
                  const json::value& body, Headers extra = {}) -> Outcome& {
    if (before) before(outcomes.size());
    outcomes.push_back(Send(port, world, name, fmt::format("{}-{}", prefix, outcomes.size()),
                            method, target, body, std::move(extra)));
    return outcomes.back();
  };
  auto skip = [&](const std::string& name) {
    outcomes.push_back(Outcome{name, fmt::format("{}-{}", prefix, outcomes.size()), -1, "", ""});
  };
  auto value = [&](int64_t unit, const char* period, int64_t number) {
    return json::object{{"indicator_id", world.indicator},
                        {"unit_id", unit},
                        {"period", period},
                        {"value", number}};
  };
  send("values", "POST", "/api/v1/values",
       json::object{{"values", json::array{value(world.commune_a, "2021", 1200),
                                           value(world.commune_b, "2021", 900)}}});
  send("evidence", "PATCH", fmt::format("/api/v1/assignments/{}", world.assignment),
       json::object{
           {"status", "done"},
           {"completed_on", "2026-11-20"},
           {"evidence", json::object{{"document_number", "05-BC/ĐU"},
                                     {"attendance", json::array{json::object{{"group", "đảng viên"},
                                                                             {"count", 120}}}}}}},
       {{"If-Match", "\"1\""}});
  const Outcome& report =
      send("report", "POST", "/api/v1/reports",
           json::object{{"unit_id", world.commune_a},
                        {"period", "2021"},
                        {"sections", json::object{{"results", "Kết quả tốt"}}}});
  int64_t report_id = 0;
  if (report.status == 201) report_id = Parse(report.body).at("id").as_int64();
  const std::string transitions = fmt::format("/api/v1/reports/{}/transitions", report_id);
  if (report_id == 0) {
    skip("submit");
    skip("accept");
  } else if (!Ok2xx(
                 send("submit", "POST", transitions, json::object{{"action", "submit"}}).status)) {
    skip("accept");
  } else {
    send("accept", "POST", transitions, json::object{{"action", "accept"}});
  }
  send("reorganisation", "POST", "/api/v1/reorganisations",
       json::object{{"operations",
                     json::array{json::object{{"op", "open"},
                                              {"date", "2026-12-01"},
                                              {"unit", json::object{{"code", "dien-lu"},
                                                                    {"name", "Đảng bộ xã Điền Lư"},
                                                                    {"kind", "xa"},
                                                                    {"parent", "ba-thuoc"}}}}}}});
  send("import", "POST", "/api/v1/imports/datavaluesets",
       json::object{{"dataValues", json::array{json::object{{"dataElement", "dan-so"},
                                                            {"period", "2022"},
                                                            {"orgUnit", "lung-cao"},
                                                            {"value", "1300"}},
                                               json::object{{"dataElement", "dan-so"},
                                                            {"period", "2022"},
                                                            {"orgUnit", "co-lung"},
                                                            {"value", "-3"}}}}});
  send("values-2", "POST", "/api/v1/values",
       json::object{{"values", json::array{value(world.commune_b, "2023", 950)}}});
  send("unit", "POST", "/api/v1/units",
       json::object{{"code", "thanh-son"},
                    {"name", "Thành Sơn"},
                    {"kind_id", world.kind_commune},
                    {"parent_id", world.district},
                    {"valid_from", "2015-01-01"}});
  return outcomes;
}

// The files as a crash right now would leave them: the database and its log, no shared memory.
fs::path CrashImage(const fs::path& path) {
  fs::path image = path.parent_path() / (path.stem().string() + "-crash.db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(image.string() + suffix);
  fs::copy_file(path, image);
  if (fs::exists(path.string() + "-wal"))
    fs::copy_file(path.string() + "-wal", image.string() + "-wal");
  return image;
}

// Makes the world of the workload in the store `stack` serves: a small tree, an indicator, an
// obligation owed by two communes, and the administrator's session (stored, so every copy of
// the store can use it).
void MakeWorld(Stack& stack, World& world) {
  ASSERT_EQ(stack.error, "");
  ASSERT_TRUE(app::CreateFirstAdministrator(*stack.service, *stack.auth, "admin", kPassword));
  const uint16_t port = stack.port();
  world.session = SignInAdmin(port, kPassword);
  auto create = [&](const std::string& target, const json::object& body) {
    return CreateOrDie(port, world.session, target, body);
  };
  auto kind = [&](const char* code, const char* name, int level) {
    return create("/api/v1/unit-kinds", {{"code", code}, {"name", name}, {"level", level}});
  };
  auto unit = [&](const char* code, const char* name, int64_t kind_id, int64_t parent) {
    return create("/api/v1/units", {{"code", code},
                                    {"name", name},
                                    {"kind_id", kind_id},
                                    {"parent_id", parent},
                                    {"valid_from", "2015-01-01"}});
  };
  const int64_t province = unit("thanh-hoa", "Thanh Hóa", kind("tinh", "Đảng bộ tỉnh", 1), 1);
  world.district = unit("ba-thuoc", "Bá Thước", kind("huyen", "Đảng bộ huyện", 2), province);
  world.kind_commune = kind("xa", "Đảng bộ xã, thị trấn", 3);
  world.commune_a = unit("lung-cao", "Lũng Cao", world.kind_commune, world.district);
  world.commune_b = unit("co-lung", "Cổ Lũng", world.kind_commune, world.district);
  world.indicator = create("/api/v1/indicators", {{"code", "dan-so"},
                                                  {"name", "Dân số"},
                                                  {"value_type", "number"},
                                                  {"unit_aggregation", "sum"},
                                                  {"time_aggregation", "last"},
                                                  {"period_type", "year"}});
  ClientResponse obligation =
      Request(port, "POST", "/api/v1/obligations",
              json::serialize(json::object{{"code", "quan-triet"},
                                           {"title", "Tổ chức hội nghị quán triệt"},
                                           {"issuer_unit_id", world.district},
                                           {"issued_on", "2026-10-01"},
                                           {"due_on", "2027-03-31"}}),
              world.session);
  ASSERT_EQ(obligation.status, 201) << obligation.body;
  world.assignment = Parse(obligation.body).at("assignments").at(0).at("id").as_int64();
}

// The store the sweep starts from, made once: a small tree, an indicator, an obligation owed by
// two communes, and the administrator's session (stored, so every copy can use it).
class FaultSweepTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    FaultVfs::Install();
    dir_ = fs::temp_directory_path() / fmt::format("nq-fault-{}", ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    clock_ = new FakeClock(kNow);
    Stack stack(dir_ / "base.db", *clock_, /*serve=*/true);
    MakeWorld(stack, world_);
  }

  static void TearDownTestSuite() {
    fs::remove_all(dir_);
    delete clock_;
  }

  // A fresh copy of the base store (closed, so one file) at `path`.
  static void CopyBase(const fs::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
    fs::copy_file(dir_ / "base.db", path);
  }

  static fs::path dir_;
  static FakeClock* clock_;
  static World world_;
};

fs::path FaultSweepTest::dir_;
FakeClock* FaultSweepTest::clock_ = nullptr;
World FaultSweepTest::world_;

// Tallies over the sweep.
struct Tally {
  int points = 0, fired = 0, acknowledged = 0, refused = 0, lost = 0, traces = 0, sync_unknown = 0,
      unclear = 0, integrity = 0, writes_after_sync_failure = 0, reads_refused = 0;
};

// Rows the request with Idempotency-Key `key` left: its stored answer and its audit rows.
std::pair<int64_t, int64_t> Traces(storage::Database& database, const std::string& key) {
  int64_t stored = -1, audited = -1;
  auto read = database.Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(auto a, tx.Query("SELECT COUNT(*) FROM idempotency WHERE key = ?", {key}));
    NQ_TRY(auto b, tx.Query("SELECT COUNT(*) FROM audit WHERE idempotency_key = ?", {key}));
    stored = a.at(0).Int(0);
    audited = b.at(0).Int(0);
    return Ok();
  });
  EXPECT_TRUE(read) << read.error().message;
  return {stored, audited};
}

// One run of the workload with `plan` armed (none: count the calls); what it found is added to
// `tally`, each finding a test failure naming the plan.
void RunPoint(const fs::path& dir, const World& world, FakeClock& clock,
              const std::optional<FaultPlan>& plan, Tally& tally,
              storage::testing::IoCounts* counts = nullptr) {
  const std::string name = plan ? plan->ToString() : "none";
  const fs::path path = dir / "run.db";
  std::vector<Outcome> outcomes;
  fs::path image;
  bool reads_served = false;
  {
    Stack stack(path, clock, /*serve=*/true);
    ASSERT_EQ(stack.error, "") << name;
    FaultVfs::Arm(plan);
    outcomes = RunWorkload(stack.port(), world);
    // Reads go on whatever happened to the writes (a one-shot fault may take one of them).
    for (int i = 0; i < 2 && !reads_served; ++i) {
      ClientResponse units = Request(stack.port(), "GET", "/api/v1/units", "", world.session);
      reads_served = units.status == 200;
    }
    // A write after the workload: refused after a failed sync, accepted otherwise (unless the
    // fault falls on this write itself).
    const int64_t fired_before = FaultVfs::Fired();
    const bool sync_failed = plan && plan->call == IoCall::kSync && fired_before > 0;
    Outcome probe = SendProbe(stack.port(), world, "sweep-probe");
    if (sync_failed) {
      tally.writes_after_sync_failure += Ok2xx(probe.status);
      EXPECT_EQ(probe.status, 503) << name << ": a write after a failed sync: " << probe.body;
    } else if (fired_before > 0) {
      EXPECT_TRUE(Ok2xx(probe.status)) << name << ": the server goes on after " << probe.body;
    }
    outcomes.push_back(std::move(probe));
    tally.fired += FaultVfs::Fired() > 0;
    if (counts) *counts = FaultVfs::Counts();
    FaultVfs::Disarm();
    stack.server->Stop();
    image = CrashImage(path);
  }
  tally.reads_refused += !reads_served;
  EXPECT_TRUE(reads_served) << name << ": reads are still served";

  // Opened again as after a restart.
  Stack after(image, clock, /*serve=*/false);
  ASSERT_EQ(after.error, "") << name;
  auto report = app::CheckConsistency(*after.service);
  ASSERT_TRUE(report) << name << ": " << report.error().message;
  tally.integrity += static_cast<int>(report->problems.size());
  for (const std::string& problem : report->problems) ADD_FAILURE() << name << ": " << problem;
  bool refused_with_sync_failure = false;
  for (const Outcome& outcome : outcomes) {
    if (outcome.status < 0) continue;
    auto [stored, audited] = Traces(*after.database, outcome.key);
    if (Ok2xx(outcome.status)) {
      ++tally.acknowledged;
      const bool present = stored == 1 && audited > 0;
      tally.lost += !present;
      EXPECT_TRUE(present) << name << ": " << outcome.name << " answered " << outcome.status
                           << " but is not in the store (stored " << stored << ", audit " << audited
                           << ")";
      continue;
    }
    ++tally.refused;
    const bool clear = (outcome.status == 503 && outcome.code == "unavailable") ||
                       (outcome.status == 507 && outcome.code == "storage_full");
    tally.unclear += !clear;
    EXPECT_TRUE(clear) << name << ": " << outcome.name << " answered " << outcome.status << " "
                       << outcome.body;
    // After a failed sync the write that met it may or may not have reached the disk: its
    // answer says so, and either is allowed (counted). Every other refusal leaves nothing.
    const bool unknown =
        SaysFateUnknown(outcome) || outcome.body.find("failed to sync") != std::string::npos;
    const bool trace = stored != 0 || audited != 0;
    if (trace && unknown && !refused_with_sync_failure) {
      ++tally.sync_unknown;
    } else if (trace) {
      ++tally.traces;
      ADD_FAILURE() << name << ": " << outcome.name << " answered " << outcome.status
                    << " but left rows (stored " << stored << ", audit " << audited << ")";
    }
    refused_with_sync_failure = refused_with_sync_failure || unknown;
  }
  ++tally.points;
}

TEST_F(FaultSweepTest, EveryAnswerTellsTheTruthAfterAnyFailedIoCall) {
  const fs::path dir = dir_ / "runs";
  fs::create_directories(dir);
  // The workload without faults: every write answered 2xx, and how many calls of each kind it
  // makes.
  CopyBase(dir / "run.db");
  Tally clean;
  storage::testing::IoCounts counts;
  RunPoint(dir, world_, *clock_, std::nullopt, clean, &counts);
  ASSERT_EQ(clean.refused, 0) << "the workload without faults must succeed";
  ASSERT_EQ(clean.acknowledged, 10);

  // The points: every call of each kind and fault, or every k-th within the budget.
  std::vector<FaultPlan> plans;
  for (IoCall call : storage::testing::kIoCalls) {
    for (Fault fault : {Fault::kIoError, Fault::kDiskFull, Fault::kShortWrite}) {
      if (fault == Fault::kShortWrite && call != IoCall::kWrite) continue;
      if (fault == Fault::kDiskFull && (call == IoCall::kRead || call == IoCall::kSync)) continue;
      for (int64_t n = 1; n <= counts.Of(call); ++n) plans.push_back({call, n, fault, false});
    }
  }
  const char* budget_env = std::getenv("NQ_FAULT_POINTS");
  const std::string budget_text = budget_env ? budget_env : "90";
  size_t budget = budget_text == "all" ? plans.size() : std::stoul(budget_text);
  const size_t stride =
      std::max<size_t>(1, (plans.size() + budget - 1) / std::max<size_t>(1, budget));
  Tally tally;
  for (size_t i = 0; i < plans.size(); i += stride) {
    CopyBase(dir / "run.db");
    RunPoint(dir, world_, *clock_, plans[i], tally);
    if (::testing::Test::HasFatalFailure()) break;
  }
  std::printf(
      "fault sweep: calls of the workload read %lld write %lld sync %lld truncate %lld; "
      "injection points %zu of %zu tried (every %zu), fired %d; answers 2xx %d, refused %d; "
      "false 2xx %d, refused but present %d, unknown after a failed sync %d, unclear answers %d, "
      "integrity problems %d, writes accepted after a failed sync %d, reads refused %d\n",
      static_cast<long long>(counts.Of(IoCall::kRead)),
      static_cast<long long>(counts.Of(IoCall::kWrite)),
      static_cast<long long>(counts.Of(IoCall::kSync)),
      static_cast<long long>(counts.Of(IoCall::kTruncate)), static_cast<size_t>(tally.points),
      plans.size(), stride, tally.fired, tally.acknowledged, tally.refused, tally.lost,
      tally.traces, tally.sync_unknown, tally.unclear, tally.integrity,
      tally.writes_after_sync_failure, tally.reads_refused);
  EXPECT_EQ(tally.lost, 0);
  EXPECT_EQ(tally.traces, 0);
  EXPECT_GT(tally.fired, 0);
}

// A small filesystem of its own (tmpfs), mounted for the test; unavailable where the machine
// does not allow mounting.
class SmallDisk final {
 public:
  explicit SmallDisk(const fs::path& at, const char* size) : at_(at) {
    fs::create_directories(at_);
    const std::string command =
        fmt::format("mount -t tmpfs -o size={} nq-disk-full '{}' 2>&1", size, at_.string());
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[256];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe)) why_ += buffer;
    mounted_ = pipe && ::pclose(pipe) == 0;
    if (!mounted_ && why_.empty()) why_ = "mount failed";
  }
  ~SmallDisk() {
    if (mounted_) (void)std::system(fmt::format("umount '{}'", at_.string()).c_str());
    fs::remove_all(at_);
  }
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }

  // Fills what is left with a file; how many bytes it took.
  int64_t Fill() {
    FILE* file = std::fopen((at_ / "filler").c_str(), "ab");
    std::string block(4096, 'x');
    int64_t written = 0;
    while (std::fwrite(block.data(), 1, block.size(), file) == block.size()) {
      if (std::fflush(file) != 0) break;
      written += static_cast<int64_t>(block.size());
    }
    std::fclose(file);
    return written;
  }
  void Free() { fs::remove(at_ / "filler"); }

 private:
  fs::path at_;
  bool mounted_ = false;
  std::string why_;
};

// What the workload met on a full disk, and after space returned.
struct FullDiskRun {
  std::vector<Outcome> full, freed;
  int reads = 0, reads_served = 0;
};

// With the store `stack` serves on `disk`: fills the disk, runs the workload and some reads,
// frees the space and runs the workload again under other keys, without a restart.
FullDiskRun RunOnAFullDisk(Stack& stack, SmallDisk& disk, const World& world, const char* store) {
  FullDiskRun run;
  const int64_t filled = disk.Fill();
  std::printf("disk full (%s): %lld bytes of filler\n", store, static_cast<long long>(filled));
  run.full = RunWorkload(stack.port(), world);
  for (const char* target : {"/api/v1/units", "/api/v1/indicators", "/api/v1/reports"}) {
    ++run.reads;
    run.reads_served += Request(stack.port(), "GET", target, "", world.session).status == 200;
  }
  disk.Free();
  run.freed = RunWorkload(stack.port(), world, "freed");
  return run;
}

// The answers of `run` against the store as it was opened again (`after`): on the full disk
// writes were refused with 507 (or 503) and reads served, nothing acknowledged is missing,
// nothing refused was kept, and once space returned every write went through.
void CheckFullDiskRun(const FullDiskRun& run, Stack& after, const char* store) {
  int refused = 0, acknowledged = 0, storage_full = 0;
  for (const Outcome& outcome : run.full) {
    if (outcome.status < 0) continue;
    if (Ok2xx(outcome.status)) {
      ++acknowledged;
      continue;
    }
    if (refused++ == 0) {
      std::printf("disk full (%s): the first refusal, %s: %d %s\n", store, outcome.name.c_str(),
                  outcome.status, outcome.body.c_str());
    }
    storage_full += outcome.status == 507;
    EXPECT_TRUE((outcome.status == 507 && outcome.code == "storage_full") ||
                (outcome.status == 503 && outcome.code == "unavailable"))
        << store << ": " << outcome.name << " answered " << outcome.status << " " << outcome.body;
  }
  EXPECT_EQ(run.reads_served, run.reads) << store << ": reads are served on a full disk";
  EXPECT_GT(refused, 0) << store << ": a full disk refuses writes";
  EXPECT_GT(storage_full, 0) << store << ": a full disk is said as such (507 storage_full)";
  int lost = 0, kept = 0, recovered = 0;
  for (const std::vector<Outcome>* outcomes : {&run.full, &run.freed}) {
    for (const Outcome& outcome : *outcomes) {
      if (outcome.status < 0) continue;
      auto [stored, audited] = Traces(*after.database, outcome.key);
      if (Ok2xx(outcome.status)) {
        lost += !(stored == 1 && audited > 0);
        EXPECT_TRUE(stored == 1 && audited > 0)
            << store << ": " << outcome.key << " acknowledged but lost";
      } else {
        kept += stored != 0 || audited != 0;
        EXPECT_TRUE(stored == 0 && audited == 0)
            << store << ": " << outcome.key << " refused but kept";
      }
    }
  }
  for (const Outcome& outcome : run.freed) {
    recovered += Ok2xx(outcome.status);
    EXPECT_TRUE(Ok2xx(outcome.status)) << store << ": after space returned: " << outcome.name
                                       << " answered " << outcome.status << " " << outcome.body;
  }
  auto report = app::CheckConsistency(*after.service);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  std::printf(
      "disk full (%s): writes refused %d (507: %d), acknowledged %d, lost %d, refused but kept "
      "%d; reads served %d of %d; after space returned %d of %zu writes accepted\n",
      store, refused, storage_full, acknowledged, lost, kept, run.reads_served, run.reads,
      recovered, run.freed.size());
}

// The workload on a full disk, for real: every write refused with 507 (or 503), reads served,
// nothing acknowledged lost, nothing refused kept; once space returns, writes are accepted again
// without a restart.
TEST_F(FaultSweepTest, AFullDiskRefusesWritesServesReadsAndRecovers) {
  SmallDisk disk(dir_ / "small", "4m");
  if (!disk.mounted()) {
    std::printf("disk full: skipped, cannot mount a small filesystem here: %s\n",
                disk.why().c_str());
    GTEST_SKIP() << "cannot mount a small filesystem: " << disk.why();
  }
  const fs::path path = dir_ / "small" / "nq.db";
  fs::copy_file(dir_ / "base.db", path);
  FullDiskRun run;
  {
    Stack stack(path, *clock_, /*serve=*/true);
    ASSERT_EQ(stack.error, "");
    // The engine is loaded: now the disk fills up.
    std::printf("disk full (SQLite): a 4 MiB tmpfs, the store %lld bytes\n",
                static_cast<long long>(fs::file_size(path)));
    run = RunOnAFullDisk(stack, disk, world_, "SQLite");
    stack.server->Stop();
    const fs::path image = CrashImage(path);
    for (const char* suffix : {"", "-wal"}) {
      fs::remove(dir_ / fmt::format("full-crash.db{}", suffix));
      if (fs::exists(image.string() + suffix)) {
        fs::copy_file(image.string() + suffix, dir_ / fmt::format("full-crash.db{}", suffix));
      }
    }
  }
  Stack after(dir_ / "full-crash.db", *clock_, /*serve=*/false);
  ASSERT_EQ(after.error, "");
  CheckFullDiskRun(run, after, "SQLite");
}

// The same on PostgreSQL: a cluster of the test's own whose database lives in a tablespace on a
// small filesystem (its write-ahead log stays on the ordinary disk, as when a tablespace fills
// up). A table that cannot grow refuses the write (SQLSTATE 53100): 507. After the run the
// database is stopped at once and started again, and what was acknowledged must be there.
TEST_F(FaultSweepTest, AFullDiskUnderPostgresRefusesWritesServesReadsAndRecovers) {
  const std::string bin = PgCluster::Bin();
  if (bin.empty()) {
    std::printf("disk full (PostgreSQL): skipped, no PostgreSQL server binaries\n");
    GTEST_SKIP() << "no PostgreSQL server binaries (install postgresql-15)";
  }
  const fs::path dir = dir_ / "pg-full";
  SmallDisk disk(dir / "small", "32m");
  if (!disk.mounted()) {
    std::printf("disk full (PostgreSQL): skipped, cannot mount a small filesystem here: %s\n",
                disk.why().c_str());
    GTEST_SKIP() << "cannot mount a small filesystem: " << disk.why();
  }
  PgCluster cluster(bin, dir / "cluster", /*database=*/"");
  ASSERT_TRUE(cluster.ok()) << "cannot start PostgreSQL in " << dir;
  const fs::path space = dir / "small" / "space";
  fs::create_directories(space);
  cluster.GiveToServer(dir / "small");
  cluster.GiveToServer(space);
  ASSERT_TRUE(cluster.Sql(fmt::format("CREATE TABLESPACE small LOCATION '{}'", space.string())));
  ASSERT_TRUE(cluster.Sql("CREATE DATABASE nq_full TABLESPACE small"));
  const std::string db = cluster.uri("nq_full");
  World world;
  FullDiskRun run;
  {
    Stack stack(db, *clock_, /*serve=*/true);
    MakeWorld(stack, world);
    if (::testing::Test::HasFatalFailure()) return;
    run = RunOnAFullDisk(stack, disk, world, "PostgreSQL");
    stack.server->Stop();
  }
  cluster.StopImmediately();
  ASSERT_TRUE(cluster.Start()) << "PostgreSQL does not start again";
  Stack after(db, *clock_, /*serve=*/false);
  ASSERT_EQ(after.error, "");
  CheckFullDiskRun(run, after, "PostgreSQL");
}

// I/O errors inside PostgreSQL: the shim tests/support/pg_fault_preload.cc, preloaded into the
// server processes of a cluster of the test's own, fails one call with EIO when armed through
// its control file. Arming writes the whole line at once (a rename); the process that meets the
// fault first renames the control file to `.fired`, so the fault fires exactly once.
class PgFaultControl final {
 public:
  explicit PgFaultControl(fs::path path) : path_(std::move(path)) {}
  const fs::path& path() const { return path_; }

  // Arms "CALL SUBSTRING ERRNO", e.g. "fdatasync pg_wal/ eio".
  void Arm(const std::string& line) {
    fs::remove(Fired());
    const fs::path draft = path_.string() + ".draft";
    std::ofstream(draft) << line << '\n';
    // The server's processes run as another user: they must be able to append to it.
    fs::permissions(draft, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                               fs::perms::group_write | fs::perms::others_read |
                               fs::perms::others_write);
    fs::rename(draft, path_);
  }

  // Disarms it; what the process that met the fault wrote ("PID CALL PATH"), or nothing when
  // no call met it.
  std::optional<std::string> Disarm() {
    fs::remove(path_);
    if (!fs::exists(Fired())) return std::nullopt;
    std::ifstream in(Fired());
    std::string line;
    std::getline(in, line);
    return line;
  }

 private:
  fs::path Fired() const { return path_.string() + ".fired"; }
  fs::path path_;
};

// One fault inside the server: the call failed, a part of its file's path, and the request of
// the workload before which it is armed.
struct PgFault {
  std::string call;   // fdatasync, pwrite, pread
  std::string where;  // pg_wal/ (the write-ahead log), base/ (the database's data files)
  size_t before = 0;
};

// One run of the workload in a database of its own, copied from the base one.
struct PgRun {
  std::string name, database;
  std::vector<Outcome> outcomes;
};

// Tallies over the points.
struct PgTally {
  int points = 0, fired = 0, acknowledged = 0, refused = 0, unavailable = 0, lost = 0, kept = 0,
      unknown = 0, unknown_kept = 0, unclear = 0, integrity = 0, recovered = 0, stale_figures = 0;
  double slowest_recovery = 0;
};

// Once PostgreSQL is back, the product accepts writes again without a restart: the probe, sent
// again under the same Idempotency-Key while it is refused (each refusal a clear 503), for up to
// `limit` seconds. Its last answer, and after how long.
std::pair<Outcome, double> ProbeUntilAccepted(uint16_t port, const World& world,
                                              const std::string& key, const std::string& name,
                                              double limit) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    Outcome probe = SendProbe(port, world, key);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (Ok2xx(probe.status) || seconds > limit) return {std::move(probe), seconds};
    EXPECT_TRUE(probe.status == 503 && probe.code == "unavailable")
        << name << ": a write while PostgreSQL recovers answered " << probe.status << " "
        << probe.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// The answers of `run` against its database as it is now (`when`): every 2xx there, every
// refusal a 503 `unavailable` problem that left nothing — except a write whose answer says its
// fate is unknown (the connection was lost during its commit), which may be there either way.
// Counted in `tally` when given.
void CheckPgRun(storage::Database& database, const PgRun& run, const char* when, PgTally* tally) {
  PgTally counts;
  for (const Outcome& outcome : run.outcomes) {
    if (outcome.status < 0) continue;
    auto [stored, audited] = Traces(database, outcome.key);
    const std::string what =
        fmt::format("{}: {} answered {} {} ({}: stored {}, audit {})", run.name, outcome.name,
                    outcome.status, outcome.body, when, stored, audited);
    if (Ok2xx(outcome.status)) {
      ++counts.acknowledged;
      counts.lost += !(stored == 1 && audited > 0);
      EXPECT_TRUE(stored == 1 && audited > 0) << what << ": acknowledged but not there";
      continue;
    }
    ++counts.refused;
    const bool unavailable = outcome.status == 503 && outcome.code == "unavailable";
    counts.unavailable += unavailable;
    counts.unclear += !unavailable;
    EXPECT_TRUE(unavailable) << what << ": not a clear 503 problem";
    const bool trace = stored != 0 || audited != 0;
    if (SaysFateUnknown(outcome)) {
      ++counts.unknown;
      counts.unknown_kept += trace;
      EXPECT_TRUE(!trace || (stored == 1 && audited > 0)) << what << ": kept in part";
    } else {
      counts.kept += trace;
      EXPECT_FALSE(trace) << what << ": refused but kept";
    }
  }
  if (!tally) return;
  tally->acknowledged += counts.acknowledged;
  tally->lost += counts.lost;
  tally->refused += counts.refused;
  tally->unavailable += counts.unavailable;
  tally->unclear += counts.unclear;
  tally->unknown += counts.unknown;
  tally->unknown_kept += counts.unknown_kept;
  tally->kept += counts.kept;
}

// One point: a copy of the base database served, the workload run with `fault` armed before
// its request (none: the workload as it is), then one more write until PostgreSQL is back and
// accepts it, and reads, without a restart of the application; the answers are checked against
// the database as the application sees it now.
void RunPgPoint(PgCluster& cluster, PgFaultControl& control, const World& world, FakeClock& clock,
                const std::optional<PgFault>& fault, PgRun& run, PgTally& tally) {
  // FILE_COPY: the copy ends with a checkpoint. Copied with WAL_LOG (the default), a PANIC
  // soon after the copy took the copy's identity sequences back to the template's values (the
  // next write refused with a duplicate key on audit_pkey): the copied sequence pages count
  // values as logged ahead that no WAL of the copy logged.
  ASSERT_TRUE(cluster.Sql(
      fmt::format("CREATE DATABASE {} TEMPLATE nq_base STRATEGY FILE_COPY", run.database)))
      << run.name;
  Stack stack(cluster.uri(run.database), clock, /*serve=*/true);
  ASSERT_EQ(stack.error, "") << run.name;
  std::string armed;
  if (fault) {
    armed = fmt::format("{} {}", fault->call, fault->where);
    if (fault->where == "base/") {  // this database's files only: base/OID/
      auto read = stack.database->Read([&](storage::Transaction& tx) -> Status {
        NQ_TRY(auto rows,
               tx.Query("SELECT oid FROM pg_database WHERE datname = current_database()"));
        armed += fmt::format("{}/", rows.at(0).Int(0));
        return Ok();
      });
      ASSERT_TRUE(read) << read.error().message;
    }
  }
  auto arm = [&](size_t request) {
    if (fault && request == fault->before) control.Arm(armed + " eio");
  };
  run.outcomes = RunWorkload(stack.port(), world, run.database, arm);
  const std::optional<std::string> fired = control.Disarm();
  tally.fired += fired.has_value();
  auto [probe, back] =
      ProbeUntilAccepted(stack.port(), world, run.database + "-probe", run.name, 60);
  int reads = 0;
  for (const char* target : {"/api/v1/units", "/api/v1/reports", "/api/v1/indicators"}) {
    reads += Request(stack.port(), "GET", target, "", world.session).status == 200;
  }
  EXPECT_EQ(reads, 3) << run.name << ": reads are served once PostgreSQL is back";
  EXPECT_TRUE(Ok2xx(probe.status)) << run.name << ": a write once PostgreSQL is back answered "
                                   << probe.status << " " << probe.body;
  tally.recovered += Ok2xx(probe.status) && reads == 3;
  tally.slowest_recovery = std::max(tally.slowest_recovery, back);
  run.outcomes.push_back(std::move(probe));
  // The figures served now are the store's: those a server started afresh on it serves (a
  // write kept by a commit in doubt is in both).
  const std::string series =
      fmt::format("/api/v1/rollups/series?indicator_id={}&unit_id={}&from=2021&to=2025",
                  world.indicator, world.district);
  const ClientResponse served = Request(stack.port(), "GET", series, "", world.session);
  {
    Stack fresh(cluster.uri(run.database), clock, /*serve=*/true);
    ASSERT_EQ(fresh.error, "") << run.name;
    const ClientResponse expected = Request(fresh.port(), "GET", series, "", world.session);
    ASSERT_EQ(expected.status, 200) << expected.body;
    tally.stale_figures += served.body != expected.body;
    EXPECT_EQ(served.body, expected.body)
        << run.name << ": the figures served after the fault are not the store's";
  }
  std::string answers;
  for (const Outcome& outcome : run.outcomes) answers += fmt::format(" {}", outcome.status);
  std::printf("pg faults: %s: %s; answers%s; a write accepted again after %.1f s\n",
              run.name.c_str(), fired ? ("met by " + *fired).c_str() : "not met", answers.c_str(),
              back);
  CheckPgRun(*stack.database, run, "after PostgreSQL was back", nullptr);
  ++tally.points;
}

// The injected faults inside PostgreSQL (docs/reliability.md): for each point, a fresh copy of
// the base database served on loopback and the mixed workload run with one fault armed before
// one of its requests — the next fdatasync of the write-ahead log fails with EIO, or the next
// write of it (PostgreSQL PANICs, and its postmaster recovers from the log by itself), or the next
// read of one of the database's data files (an ERROR). Every 2xx must be in the database, every
// other answer a clear 503 that left nothing (unless it says its fate is unknown), the product
// must answer again once PostgreSQL is back without being restarted; and all of it again after
// the database is stopped at once and started. NQ_FAULT_POINTS=all tries the fault before every
// request; otherwise every 5th point (two of each fault).
class PgFaultTest : public FaultSweepTest {};

TEST_F(PgFaultTest, EveryAnswerTellsTheTruthThroughIoErrorsInsidePostgres) {
  const std::string bin = PgCluster::Bin();
  if (bin.empty()) {
    std::printf("pg faults: skipped, no PostgreSQL server binaries\n");
    GTEST_SKIP() << "no PostgreSQL server binaries (install postgresql-15)";
  }
  const fs::path dir = dir_ / "pg-faults";
  fs::create_directories(dir / "control");
  PgFaultControl control(dir / "control" / "fault");
  PgCluster cluster(bin, dir / "cluster", /*database=*/"",
                    fmt::format("LD_PRELOAD='{}' NQ_PGFAULT_CONTROL='{}'", NQ_PG_FAULT_PRELOAD,
                                control.path().string()));
  ASSERT_TRUE(cluster.ok()) << "cannot start PostgreSQL in " << dir;
  cluster.GiveToServer(dir / "control");
  // A small buffer pool, so that the data files are read while the workload runs (as on a
  // server whose data outgrows its memory), not once and then kept. Before its recovery after a
  // PANIC the server syncs its whole data folder, one fsync a file by default (over 500 files a
  // database copy here, seconds under load); one syncfs instead.
  ASSERT_TRUE(cluster.Sql("ALTER SYSTEM SET shared_buffers = '1MB'"));
  ASSERT_TRUE(cluster.Sql("ALTER SYSTEM SET recovery_init_sync_method = 'syncfs'"));
  cluster.StopImmediately();
  ASSERT_TRUE(cluster.Start()) << "PostgreSQL does not start again";
  ASSERT_TRUE(cluster.Sql("CREATE DATABASE nq_base"));
  World world;
  {
    Stack stack(cluster.uri("nq_base"), *clock_, /*serve=*/true);
    MakeWorld(stack, world);
    if (::testing::Test::HasFatalFailure()) return;
  }

  std::vector<PgRun> runs;
  PgTally clean;
  runs.push_back({"no fault", "nq_clean", {}});
  RunPgPoint(cluster, control, world, *clock_, std::nullopt, runs.back(), clean);
  if (::testing::Test::HasFatalFailure()) return;
  ASSERT_EQ(clean.fired, 0);
  const size_t requests = runs.back().outcomes.size() - 1;  // without the probe
  for (const Outcome& outcome : runs.back().outcomes) {
    ASSERT_TRUE(Ok2xx(outcome.status)) << "without a fault, " << outcome.name << " answered "
                                       << outcome.status << " " << outcome.body;
  }

  std::vector<PgFault> faults;
  for (const auto& [call, where] : {std::pair{"fdatasync", "pg_wal/"},
                                    std::pair{"pwrite", "pg_wal/"}, std::pair{"pread", "base/"}}) {
    for (size_t before = 0; before < requests; ++before) faults.push_back({call, where, before});
  }
  const char* budget = std::getenv("NQ_FAULT_POINTS");
  const size_t stride = budget && std::string(budget) == "all" ? 1 : 5;
  PgTally tally;
  for (size_t i = 0; i < faults.size(); i += stride) {
    const PgFault& fault = faults[i];
    runs.push_back({fmt::format("{} {} before request {} ({})", fault.call, fault.where,
                                fault.before, runs.front().outcomes[fault.before].name),
                    fmt::format("nq_run_{}", i),
                    {}});
    RunPgPoint(cluster, control, world, *clock_, fault, runs.back(), tally);
    if (::testing::Test::HasFatalFailure()) return;
  }

  // All again after the database stopped at once and started: nothing acknowledged lost, and
  // the integrity check finds nothing in any of the databases.
  cluster.StopImmediately();
  ASSERT_TRUE(cluster.Start()) << "PostgreSQL does not start again";
  for (const PgRun& run : runs) {
    Stack after(cluster.uri(run.database), *clock_, /*serve=*/false);
    ASSERT_EQ(after.error, "") << run.name;
    auto report = app::CheckConsistency(*after.service);
    ASSERT_TRUE(report) << run.name << ": " << report.error().message;
    tally.integrity += static_cast<int>(report->problems.size());
    for (const std::string& problem : report->problems)
      ADD_FAILURE() << run.name << ": " << problem;
    CheckPgRun(*after.database, run, "after an immediate stop and start",
               &run == &runs.front() ? nullptr : &tally);
  }
  int panics = 0;
  std::ifstream log(dir / "cluster" / "server.log");
  for (std::string line; std::getline(log, line);)
    panics += line.find("PANIC:") != std::string::npos;
  std::printf(
      "pg faults: points tried %d of %zu (every %zu), fired %d, PostgreSQL PANICs %d; answered "
      "2xx %d, refused %d (503 unavailable: %d); lost (false 2xx) %d, refused but kept %d, "
      "unclear answers %d, commits in doubt %d (kept %d), integrity problems %d, figures not the "
      "store's %d; recovered %d of "
      "%d (reads served and a write accepted once PostgreSQL was back, without a restart, within "
      "%.1f s)\n",
      tally.points, faults.size(), stride, tally.fired, panics, tally.acknowledged, tally.refused,
      tally.unavailable, tally.lost, tally.kept, tally.unclear, tally.unknown, tally.unknown_kept,
      tally.integrity, tally.stale_figures, tally.recovered, tally.points, tally.slowest_recovery);
  EXPECT_EQ(tally.lost, 0);
  EXPECT_EQ(tally.kept, 0);
  EXPECT_EQ(tally.unclear, 0);
  EXPECT_GT(tally.fired, 0);
  EXPECT_GT(panics, 0);
}

TEST(FaultPlanTest, ReadsBackWhatItWrites) {
  for (const char* text : {"read#1:eio", "write#12:enospc", "write#3:short", "sync#2:eio+"}) {
    auto plan = FaultPlan::Parse(text);
    ASSERT_TRUE(plan) << text;
    EXPECT_EQ(plan->ToString(), text);
  }
  for (const char* text :
       {"", "write", "write#0:eio", "write#x:eio", "seek#1:eio", "read#1:boom"}) {
    EXPECT_FALSE(FaultPlan::Parse(text)) << text;
  }
}

}  // namespace
}  // namespace nq::testing
