// Service::Mutate on each store: an idempotency key replays the first reply and writes nothing
// again; the same key with another request is refused.
#include <boost/json.hpp>

#include "app/service_fixture.h"

namespace nq::app {
namespace {

using domain::UnitKind;

class MutateTest : public ServiceOnStoreTest {
 protected:
  Result<Reply> AddKind(const std::string& key, const std::string& fingerprint,
                        const std::string& code) {
    Actor actor{"admin", "127.0.0.1", key};
    return service_->Mutate(actor, fingerprint, [&](WriteScope& scope) -> Result<Reply> {
      NQ_TRY(UnitKind kind, storage::Insert(scope.tx(), UnitKind{0, code, "Xã", "Commune", 4}));
      NQ_RETURN_IF_ERROR(scope.Audit("create", "unit_kind", kind.id, nullptr, json::object{}));
      return Reply{201, json::object{{"id", kind.id}}, false};
    });
  }
  int64_t Count(const std::string& table) {
    return ServiceOnStoreTest::Count(fmt::format("SELECT COUNT(*) FROM {}", table));
  }
};

INSTANTIATE_TEST_SUITE_P(Stores, MutateTest, ::testing::Values("Sqlite", "Postgres"),
                         StoreParamName);

TEST_P(MutateTest, ReplayedKeyAnswersTheFirstReplyAndWritesNothing) {
  auto first = AddKind("key-1", "POST /unit-kinds xa", "xa");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->replayed);
  auto again = AddKind("key-1", "POST /unit-kinds xa", "xa");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(json::serialize(again->body), json::serialize(first->body));
  EXPECT_EQ(Count("unit_kinds"), 1);
  EXPECT_EQ(Count("audit"), 1);
  EXPECT_EQ(Count("idempotency"), 1);
}

TEST_P(MutateTest, SameKeyForAnotherRequestIsAlreadyExists) {
  ASSERT_TRUE(AddKind("key-1", "POST /unit-kinds xa", "xa"));
  auto other = AddKind("key-1", "POST /unit-kinds phuong", "phuong");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(Count("unit_kinds"), 1);
}

TEST_P(MutateTest, FailedMutationLeavesNoIdempotencyRecord) {
  ASSERT_TRUE(AddKind("key-1", "a", "xa"));
  auto duplicate = AddKind("key-2", "b", "xa");  // unique code violated
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(Count("idempotency"), 1);
  EXPECT_EQ(Count("audit"), 1);
}

}  // namespace
}  // namespace nq::app
