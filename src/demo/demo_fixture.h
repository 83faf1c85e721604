// SharedDemoTest<Suite>: the demo loaded once per test suite into a real SQLite file, with the
// clock at 27/11/2026 (03:00 UTC). Each suite (the CRTP argument) gets its own database.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>
#include <typeinfo>

#include "app/engine_loader.h"
#include "demo/demo.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::app {

template <typename Suite>
class SharedDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(
        std::filesystem::temp_directory_path() /
        fmt::format("nq-demo-{}-{}", ::getpid(), typeid(Suite).hash_code()));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    auto database = storage::SqliteDatabase::Open((*dir_ / "nq.db").string());
    ASSERT_TRUE(database) << database.error().message;
    database_ = database->release();
    auto data = app::ReadEngineData(*database_);
    ASSERT_TRUE(data) << data.error().message;
    engine_ = new engine::Engine(std::move(*data));
    clock_ = new FakeClock(int64_t{1'795'737'600'000} + 3 * 3'600'000);  // 2026-11-27 03:00
    service_ = new Service(*database_, *engine_, *clock_);
    load_ = new Status(LoadDemo(*service_));
  }
  static void TearDownTestSuite() {
    delete load_;
    delete service_;
    delete clock_;
    delete engine_;
    delete database_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  void SetUp() override {
    ASSERT_NE(load_, nullptr) << "the suite set-up failed";
    ASSERT_TRUE(*load_) << load_->error().message;
  }

  static domain::Id UnitIdOf(std::string_view code) {
    auto unit = database_->Read(
        [&](storage::Transaction& tx) { return storage::GetByCode<domain::Unit>(tx, code); });
    EXPECT_TRUE(unit) << code;
    return unit ? unit->id : 0;
  }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline storage::SqliteDatabase* database_ = nullptr;
  static inline engine::Engine* engine_ = nullptr;
  static inline FakeClock* clock_ = nullptr;
  static inline Service* service_ = nullptr;
  static inline Status* load_ = nullptr;
};

}  // namespace nq::app
