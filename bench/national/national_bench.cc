// national_bench: the national-scale benchmark of issue #5 in one process run. Generates the
// data set, measures the machine's memory bandwidth, loads our engine and every peer (SQLite,
// PostgreSQL, DuckDB through node), runs Q1–Q6 on each, cross-checks every answer by checksum
// against the engine's, and writes the results as JSON. Exits 2 when any checksum differs.
// bench/run.sh drives it (and the HTTP and import measures) and renders the report.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "bench/national/bandwidth.h"
#include "bench/national/engine_side.h"
#include "bench/national/exports.h"
#include "bench/national/postgres_peer.h"
#include "bench/national/sqlite_peer.h"
#include "bench/national/timing.h"

namespace nq::bench {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string size = "S";
  std::string structure = "new";
  uint64_t seed = 20260101;
  std::string data_dir;
  std::string out;
  std::string pg;          // server URI; empty: no PostgreSQL peer
  std::string duckdb_dir;  // bench/duckdb; empty: no DuckDB peer
  std::string product_store;
  size_t i1_values = 0;
  int hot_runs = 5;
  int q1_runs = 200;
  double budget = 10;
  double timeout = 60;
  bool no_sqlite = false;
  bool no_bandwidth = false;
  bool dump_sql = false;
};

template <typename... Args>
void Log(fmt::format_string<Args...> format, Args&&... args) {
  fmt::print(stderr, "national_bench: {}\n", fmt::format(format, std::forward<Args>(args)...));
}

[[noreturn]] void Die(const Error& error) {
  Log("{}", error.message);
  std::exit(1);
}

json::array PhasesJson(const LoadPhases& phases) {
  json::array out;
  for (const auto& [name, seconds] : phases) out.push_back({{"phase", name}, {"seconds", seconds}});
  return out;
}

json::object TimingJson(const Timing& timing) {
  json::object out{{"cold_ms", timing.cold_ms},
                   {"median_ms", timing.median_ms},
                   {"p99_ms", timing.p99_ms},
                   {"hot_runs", timing.hot_runs},
                   {"checksum", timing.checksum}};
  if (!timing.error.empty()) out["error"] = timing.error;
  return out;
}

RunLimits LimitsFor(std::string_view query, const Options& options) {
  if (query == "Q1") return {options.q1_runs, options.budget};
  return {options.hot_runs, options.budget};
}

// One system: its name, approach, load phases and the timing of each query.
struct SystemResult {
  std::string system;
  std::string approach;
  json::array load;
  json::object queries;
  json::object extra;
};

json::object SystemJson(const SystemResult& result) {
  json::object out{{"system", result.system},
                   {"approach", result.approach},
                   {"load", result.load},
                   {"queries", result.queries}};
  for (const auto& [key, value] : result.extra) out[key] = value;
  return out;
}

template <typename Run>
void RunQueries(const std::string& label, const Options& options, Run run, SystemResult& result) {
  for (std::string_view query : kQueries) {
    std::function<Result<std::string>()> once = [&] { return run(query); };
    if (!run.answers(query)) continue;
    const Timing timing = Measure(once, LimitsFor(query, options));
    Log("{} {}: cold {:.2f} ms, median {:.2f} ms, p99 {:.2f} ms ({} hot runs) {}{}", label, query,
        timing.cold_ms, timing.median_ms, timing.p99_ms, timing.hot_runs, timing.checksum,
        timing.error.empty() ? "" : " ERROR " + timing.error);
    result.queries[query] = TimingJson(timing);
  }
}

// Adapts a checksum function over SQL to RunQueries.
struct SqlRunner {
  const Dataset* data;
  const QueryPlan* plan;
  Approach approach;
  Dialect dialect;
  std::function<Result<std::string>(const std::string&)> checksum;
  bool answers(std::string_view query) const {
    return !QuerySql(*data, *plan, query, approach, dialect).empty();
  }
  Result<std::string> operator()(std::string_view query) const {
    return checksum(QuerySql(*data, *plan, query, approach, dialect));
  }
};

// The processor time Q6 takes over all threads, median of a few runs: on a machine shared with
// other work, the wall time grows with the load and this does not.
double RecomputeCpuMs(const std::function<Result<std::string>()>& run_q6) {
  auto cpu_ms = [] {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
  };
  std::vector<double> samples;
  for (int run = 0; run < 5; ++run) {
    const double start = cpu_ms();
    if (auto done = run_q6(); !done) Die(done.error());
    samples.push_back(cpu_ms() - start);
  }
  return Median(samples);
}

// Q6 against the memory-bandwidth roofline: the bytes the full recompute reads from the value
// columns (a column read for two tables counts twice) and the bytes the engine holds, at Q6's
// median time, beside the bandwidth measured in the same run, and Q6's processor time.
json::object RecomputeJson(const engine::Engine& engine, const QueryPlan& plan,
                           const std::function<Result<std::string>()>& run_q6, double median_ms,
                           size_t value_bytes, const std::optional<Bandwidth>& bandwidth) {
  auto counts =
      engine.RollupAll(plan.nation_id, Date::FromDays(plan.as_of), plan.commune_depth, 1,
                       [](int, domain::Id, const domain::Period&, const engine::FigureColumns&) {});
  if (!counts) Die(counts.error());
  const double cpu_ms = RecomputeCpuMs(run_q6);
  const double seconds = median_ms / 1000;
  const double read_gbps = static_cast<double>(counts->bytes_read) / seconds / 1e9;
  const double held_gbps = static_cast<double>(value_bytes) / seconds / 1e9;
  json::object out{{"median_ms", median_ms},
                   {"cpu_ms", cpu_ms},
                   {"tables", counts->tables},
                   {"figures", counts->figures},
                   {"numbers_read", counts->numbers_read},
                   {"bytes_read", counts->bytes_read},
                   {"value_bytes", value_bytes},
                   {"read_gbps", read_gbps},
                   {"held_gbps", held_gbps}};
  std::string against;
  if (bandwidth) {
    const double roofline = bandwidth->two_threads_gbps;
    out["bandwidth_gbps"] = roofline;
    out["read_fraction"] = read_gbps / roofline;
    out["held_fraction"] = held_gbps / roofline;
    against = fmt::format(
        " = {:.1f} % of the {:.1f} GB/s measured on 2 threads ({:.1f} % "
        "counting the values held once)",
        100 * read_gbps / roofline, roofline, 100 * held_gbps / roofline);
  }
  Log("engine Q6: {} tables, {} figures; read {:.0f} MB of value columns ({:.0f} MB held) in "
      "{:.2f} ms ({:.2f} ms of processor time on 2 threads): {:.1f} GB/s{}",
      counts->tables, counts->figures, static_cast<double>(counts->bytes_read) / 1e6,
      static_cast<double>(value_bytes) / 1e6, median_ms, cpu_ms, read_gbps, against);
  return out;
}

SystemResult RunEngine(const Dataset& data, const QueryPlan& plan, const Options& options,
                       const std::optional<Bandwidth>& bandwidth) {
  SystemResult result{"nqtrack engine", "in-process", {}, {}, {}};
  const int64_t rss_start = ResidentBytes();
  EngineLoad load = LoadEngine(data);
  Log("engine: {} values in {:.1f} s, {} value bytes, RSS +{} MB", load.value_count,
      load.values_seconds, load.value_bytes, load.rss_values_bytes >> 20);
  result.load = PhasesJson({{"structure", load.structure_seconds},
                            {"values", load.values_seconds},
                            {"assignments", load.assignments_seconds}});
  const double values = static_cast<double>(std::max<size_t>(load.value_count, 1));
  result.extra["memory"] =
      json::object{{"values", load.value_count},
                   {"value_bytes", load.value_bytes},
                   {"value_bytes_per_value", static_cast<double>(load.value_bytes) / values},
                   {"rss_values_bytes", load.rss_values_bytes},
                   {"rss_bytes_per_value", static_cast<double>(load.rss_values_bytes) / values},
                   {"rss_total_bytes", ResidentBytes() - rss_start}};
  const GoalTable goals(data);
  struct EngineRunner {
    const engine::Engine* engine;
    const Dataset* data;
    const QueryPlan* plan;
    const GoalTable* goals;
    bool answers(std::string_view) const { return true; }
    Result<std::string> operator()(std::string_view query) const {
      return RunEngineQuery(*engine, *data, *plan, *goals, query);
    }
  };
  RunQueries("engine", options, EngineRunner{load.engine.get(), &data, &plan, &goals}, result);
  if (const json::value* q6 = result.queries.if_contains("Q6")) {
    result.extra["recompute"] = RecomputeJson(
        *load.engine, plan, [&] { return RunEngineQuery(*load.engine, data, plan, goals, "Q6"); },
        json::value_to<double>(q6->at("median_ms")), load.value_bytes, bandwidth);
  }
  return result;
}

std::vector<SystemResult> RunSqlite(const Dataset& data, const QueryPlan& plan,
                                    const Options& options) {
  const Clock::time_point start = Clock::now();
  auto peer = SqlitePeer::Create(options.data_dir + "/sqlite-peer.db");
  if (!peer) Die(peer.error());
  auto phases = (*peer)->Load(data);
  if (!phases) Die(phases.error());
  Log("sqlite: loaded in {:.1f} s", SecondsSince(start));
  (*peer)->SetTimeout(options.timeout);
  std::vector<SystemResult> results;
  for (Approach approach : {Approach::kRecursive, Approach::kClosure}) {
    SystemResult result{"SQLite " + std::string(sqlite3_libversion()),
                        std::string(ApproachName(approach)),
                        PhasesJson(*phases),
                        {},
                        {}};
    RunQueries("sqlite " + result.approach, options,
               SqlRunner{&data, &plan, approach, Dialect::kSqlite,
                         [&](const std::string& sql) { return (*peer)->Checksum(sql); }},
               result);
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<SystemResult> RunPostgres(const Dataset& data, const QueryPlan& plan,
                                      const Options& options, json::object& memory) {
  const Clock::time_point start = Clock::now();
  auto peer = PostgresPeer::Create(options.pg, "nqbench");
  if (!peer) Die(peer.error());
  auto phases = (*peer)->Load(data);
  if (!phases) Die(phases.error());
  Log("postgres: loaded in {:.1f} s", SecondsSince(start));
  const Clock::time_point flat_start = Clock::now();
  auto flat_phases = (*peer)->BuildFlattened(data);
  if (!flat_phases) Die(flat_phases.error());
  const double flat_seconds = SecondsSince(flat_start);
  Log("postgres: flattened analytics table built in {:.1f} s", flat_seconds);
  // Only the queries are stopped after the timeout; loads and the build run to the end.
  if (auto set = (*peer)->SetTimeout(options.timeout); !set) Die(set.error());
  const std::string version = (*peer)->Version().value_or("?");
  if (auto footprint = (*peer)->ValueFootprint()) {
    memory["postgres_value_table_bytes"] = footprint->bytes;
    memory["postgres_value_rows"] = footprint->rows;
    memory["postgres_bytes_per_row"] = static_cast<double>(footprint->bytes) /
                                       static_cast<double>(std::max<int64_t>(1, footprint->rows));
  }
  std::vector<SystemResult> results;
  for (Approach approach :
       {Approach::kRecursive, Approach::kClosure, Approach::kLtree, Approach::kFlat}) {
    SystemResult result{
        "PostgreSQL " + version, std::string(ApproachName(approach)), PhasesJson(*phases), {}, {}};
    if (approach == Approach::kFlat) {
      result.load = PhasesJson(*flat_phases);
      result.extra["build_seconds"] = flat_seconds;
    }
    RunQueries("postgres " + result.approach, options,
               SqlRunner{&data, &plan, approach, Dialect::kPostgres,
                         [&](const std::string& sql) { return (*peer)->Checksum(sql); }},
               result);
    results.push_back(std::move(result));
  }
  return results;
}

// DuckDB runs in node (bench/duckdb/run.mjs): it reads the CSV files and the SQL from a JSON
// file and answers with the same shape of results.
std::vector<SystemResult> RunDuckdb(const Dataset& data, const QueryPlan& plan,
                                    const Options& options) {
  json::array queries;
  for (Approach approach : {Approach::kRecursive, Approach::kClosure}) {
    for (std::string_view query : kQueries) {
      const RunLimits limits = LimitsFor(query, options);
      queries.push_back({{"query", query},
                         {"approach", ApproachName(approach)},
                         {"sql", QuerySql(data, plan, query, approach, Dialect::kDuckdb)},
                         {"hot_runs", limits.hot_runs},
                         {"budget_seconds", limits.budget_seconds}});
    }
  }
  const std::string config_path = options.data_dir + "/duckdb-queries.json";
  const std::string output_path = options.data_dir + "/duckdb-results.json";
  std::filesystem::remove(output_path);
  {
    std::ofstream config(config_path);
    config << json::serialize(json::object{{"csv_dir", options.data_dir + "/csv"},
                                           {"db_path", options.data_dir + "/duckdb-peer.db"},
                                           {"threads", 2},
                                           {"timeout_seconds", options.timeout},
                                           {"queries", queries}});
  }
  const std::string command =
      fmt::format("node {}/run.mjs {} {}", options.duckdb_dir, config_path, output_path);
  Log("duckdb: {}", command);
  std::vector<SystemResult> results;
  if (std::system(command.c_str()) != 0 || !std::filesystem::exists(output_path)) {
    Log("duckdb: the node runner failed; DuckDB left out of this run");
    return results;
  }
  std::ifstream in(output_path);
  std::stringstream text;
  text << in.rdbuf();
  const json::value output = json::parse(text.str());
  const std::string system = "DuckDB " + json::value_to<std::string>(output.at("version"));
  for (Approach approach : {Approach::kRecursive, Approach::kClosure}) {
    SystemResult result{
        system, std::string(ApproachName(approach)), output.at("load").as_array(), {}, {}};
    for (const json::value& entry : output.at("results").as_array()) {
      if (entry.at("approach").as_string() != result.approach) continue;
      result.queries[entry.at("query").as_string()] = entry.at("timing").as_object();
    }
    results.push_back(std::move(result));
  }
  return results;
}

// Every system's checksum of each query against the engine's.
json::object CrossCheck(const std::vector<SystemResult>& systems, bool& ok) {
  json::object checks;
  for (std::string_view query : kQueries) {
    const json::object& reference_timing = systems.front().queries.at(query).as_object();
    const json::string reference = reference_timing.at("checksum").as_string();
    json::array mismatches;
    json::array timeouts;
    int compared = 0;
    for (const SystemResult& system : systems) {
      const json::value* timing = system.queries.if_contains(query);
      if (timing == nullptr) continue;
      ++compared;
      const json::object& object = timing->as_object();
      if (object.at("checksum").as_string() == reference && !object.contains("error")) continue;
      if (object.at("checksum").as_string().empty() && object.contains("error") &&
          object.at("error").as_string().starts_with("timeout")) {
        timeouts.push_back({{"system", system.system}, {"approach", system.approach}});
        continue;
      }
      ok = false;
      mismatches.push_back({{"system", system.system},
                            {"approach", system.approach},
                            {"checksum", object.at("checksum")}});
      Log("MISMATCH {} {} {}: {} != {}", query, system.system, system.approach,
          json::serialize(object.at("checksum")), reference.c_str());
    }
    checks[query] = json::object{{"reference", reference},
                                 {"systems_compared", compared},
                                 {"mismatches", mismatches},
                                 {"timeouts", timeouts}};
  }
  return checks;
}

json::object DatasetJson(const Dataset& data, double seconds) {
  json::object out{{"size", SizeName(data.size)},
                   {"structure", data.structure == Structure::kNew ? "new" : "old"},
                   {"seed", data.seed},
                   {"units", data.units.size()},
                   {"indicators", data.indicators.size()},
                   {"values_stored", data.values.size()},
                   {"values_current", data.CurrentValueCount()},
                   {"goals", data.goals.size()},
                   {"obligations", data.obligations.size()},
                   {"assignments", data.assignments.size()},
                   {"generate_seconds", seconds}};
  json::array depths;
  for (int depth = 0; depth < data.depths; ++depth) depths.push_back(data.UnitsAtDepth(depth));
  out["units_by_depth"] = depths;
  return out;
}

json::object PlanJson(const Dataset& data, const QueryPlan& plan) {
  return {{"province_id", plan.province_id},
          {"province", data.unit(plan.province_id).name},
          {"province_code", data.unit(plan.province_id).code},
          {"trend_indicator_id", plan.trend_indicator_id},
          {"trend_indicator_code", data.indicator(plan.trend_indicator_id).code},
          {"q1_period", PeriodCode(plan.q1_period)},
          {"q2_quarter", PeriodCode(plan.q2_quarter)},
          {"q5_year", plan.q5_year},
          {"obligation_id", plan.obligation_id},
          {"q3_as_of", Date::FromDays(plan.q3_as_of).ToString()},
          {"as_of", Date::FromDays(plan.as_of).ToString()},
          {"commune_depth", plan.commune_depth}};
}

// Every query's SQL by approach, one file each (Q1-closure.sql…), for reading and for psql.
int DumpSql(const Dataset& data, const QueryPlan& plan, const std::string& dir) {
  std::filesystem::create_directories(dir);
  for (Approach approach :
       {Approach::kRecursive, Approach::kClosure, Approach::kLtree, Approach::kFlat}) {
    for (std::string_view query : kQueries) {
      const std::string sql = QuerySql(data, plan, query, approach, Dialect::kPostgres);
      if (sql.empty()) continue;
      std::string name(ApproachName(approach));
      name = name.substr(0, name.find(' '));
      std::ofstream(fmt::format("{}/{}-{}.sql", dir, query, name)) << sql << ";\n";
    }
  }
  return 0;
}

int Main(const Options& options) {
  std::filesystem::create_directories(options.data_dir);
  auto size = ParseSize(options.size);
  if (!size) Die(size.error());
  const Structure structure = options.structure == "old" ? Structure::kOld : Structure::kNew;
  Clock::time_point start = Clock::now();
  const Dataset data = Generate({*size, structure, options.seed});
  const double generate_seconds = SecondsSince(start);
  const QueryPlan plan = PlanQueries(data);
  Log("generated {} units, {} values ({} current), {} assignments in {:.1f} s", data.units.size(),
      data.values.size(), data.CurrentValueCount(), data.assignments.size(), generate_seconds);
  if (options.dump_sql) return DumpSql(data, plan, options.data_dir + "/sql");
  json::object results{{"dataset", DatasetJson(data, generate_seconds)},
                       {"plan", PlanJson(data, plan)}};

  if (!options.duckdb_dir.empty()) {
    start = Clock::now();
    if (auto written = WriteCsv(data, options.data_dir + "/csv"); !written) Die(written.error());
    Log("csv written in {:.1f} s", SecondsSince(start));
  }
  std::optional<Bandwidth> measured;
  if (!options.no_bandwidth) {
    const Bandwidth bandwidth =
        MeasureBandwidth(*size == Size::kTiny ? size_t{64} << 20 : size_t{2} << 30);
    Log("memory read bandwidth: {:.1f} GB/s on 1 thread, {:.1f} GB/s on 2",
        bandwidth.one_thread_gbps, bandwidth.two_threads_gbps);
    results["bandwidth"] = json::object{{"one_thread_gbps", bandwidth.one_thread_gbps},
                                        {"two_threads_gbps", bandwidth.two_threads_gbps},
                                        {"bytes", bandwidth.bytes}};
    measured = bandwidth;
  }

  std::vector<SystemResult> systems;
  systems.push_back(RunEngine(data, plan, options, measured));
  json::object memory = systems.front().extra.at("memory").as_object();
  if (!options.no_sqlite) {
    for (SystemResult& result : RunSqlite(data, plan, options))
      systems.push_back(std::move(result));
  }
  if (!options.pg.empty()) {
    for (SystemResult& result : RunPostgres(data, plan, options, memory)) {
      systems.push_back(std::move(result));
    }
  }
  if (!options.duckdb_dir.empty()) {
    for (SystemResult& result : RunDuckdb(data, plan, options))
      systems.push_back(std::move(result));
  }
  if (!options.product_store.empty()) {
    start = Clock::now();
    const std::string structure_copy = options.product_store + ".structure";
    if (auto written = WriteProductStore(data, options.product_store, structure_copy); !written) {
      Die(written.error());
    }
    results["product_store_seconds"] = SecondsSince(start);
    Log("product store written in {:.1f} s", SecondsSince(start));
    if (options.i1_values > 0) {
      const std::string path = options.data_dir + "/i1-datavaluesets.json";
      if (auto written = WriteDataValueSets(data, options.i1_values, path); !written) {
        Die(written.error());
      }
    }
  }

  bool ok = true;
  results["checks"] = CrossCheck(systems, ok);
  results["ok"] = ok;
  results["memory"] = memory;
  json::array systems_json;
  for (const SystemResult& result : systems) systems_json.push_back(SystemJson(result));
  results["systems"] = systems_json;
  if (!options.out.empty()) {
    std::ofstream out(options.out);
    out << json::serialize(results) << "\n";
  }
  Log("{}", ok ? "every checksum matches the engine's" : "CHECKSUM MISMATCH");
  return ok ? 0 : 2;
}

}  // namespace
}  // namespace nq::bench

int main(int argc, char** argv) {
  nq::bench::Options options;
  CLI::App app{"The national-scale benchmark of issue #5 (bench/national/README.md)"};
  app.add_option("--size", options.size, "tiny, XS, S (default) or M");
  app.add_option("--structure", options.structure, "new (34 provinces, default) or old (63)");
  app.add_option("--seed", options.seed, "generator seed");
  app.add_option("--data-dir", options.data_dir, "where peers' files go")->required();
  app.add_option("--out", options.out, "results JSON");
  app.add_option("--pg", options.pg, "PostgreSQL server URI without database; empty: no peer");
  app.add_option("--duckdb-dir", options.duckdb_dir, "bench/duckdb; empty: no DuckDB peer");
  app.add_option("--product-store", options.product_store,
                 "write the data set into a product store here (for nqtrack serve)");
  app.add_option("--i1-values", options.i1_values, "values in the I1 dataValueSets file");
  app.add_option("--hot-runs", options.hot_runs, "hot runs per query (default 5)");
  app.add_option("--q1-runs", options.q1_runs, "hot runs of Q1 (default 200)");
  app.add_flag("--dump-sql", options.dump_sql,
               "write every query's SQL under DATA_DIR/sql and stop");
  app.add_flag("--no-bandwidth", options.no_bandwidth, "skip the memory-bandwidth probe");
  app.add_option("--budget", options.budget, "seconds of hot runs per query and system at most");
  app.add_option("--timeout", options.timeout, "seconds a peer's query may run (default 60)");
  app.add_flag("--no-sqlite", options.no_sqlite, "leave the SQLite peer out");
  CLI11_PARSE(app, argc, argv);
  return nq::bench::Main(options);
}
