// Values in and out over HTTP: dataValueSets and CSV imports (sync and as a job), exports,
// job status, and a refused import that changes nothing.
#include "api/server_fixture.h"

namespace nq::testing {
namespace {

class ExchangeApiTest : public ServerFixture {};

TEST_F(ExchangeApiTest, DataValueSetsGoInAndComeOut) {
  BuildTree();
  json::object document{{"dataValues", json::array{json::object{{"dataElement", "dan-so"},
                                                                {"period", "2021"},
                                                                {"orgUnit", "lung-cao"},
                                                                {"categoryOptionCombo", "default"},
                                                                {"value", "1200"}},
                                                   json::object{{"dataElement", "dan-so"},
                                                                {"period", "2021"},
                                                                {"orgUnit", "co-lung"},
                                                                {"value", "-3"}}}}};
  auto imported = Post("/api/v1/imports/datavaluesets", document);
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(Json(imported).at("written").to_number<int64_t>(), 2);

  auto exported = Get("/api/v1/exports/datavaluesets?unit_id=ba-thuoc&from=2021&to=2021");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_NE(exported.body.find(R"("orgUnit":"lung-cao")"), std::string::npos);
  EXPECT_NE(exported.body.find(R"("value":"1200")"), std::string::npos);

  auto csv = Get("/api/v1/exports/values.csv?unit_id=ba-thuoc&from=2021&to=2021");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("dan-so,co-lung,2021,'-3,"), std::string::npos) << csv.body;
}

TEST_F(ExchangeApiTest, ABadRecordIsRefusedWithItsPointerAndNothingChanges) {
  BuildTree();
  auto before = RowCounts();
  json::object document{{"dataValues", json::array{json::object{{"dataElement", "dan-so"},
                                                                {"period", "2021"},
                                                                {"orgUnit", "lung-cao"},
                                                                {"value", "7"}},
                                                   json::object{{"dataElement", "dan-so"},
                                                                {"period", "2021"},
                                                                {"orgUnit", "lung-cao-x"},
                                                                {"value", "7"}},
                                                   json::object{{"dataElement", "dan-so"},
                                                                {"period", "2021"},
                                                                {"orgUnit", "co-lung"},
                                                                {"attributeOptionCombo", "abc"},
                                                                {"value", "7"}}}}};
  auto refused = Post("/api/v1/imports/datavaluesets", document);
  ASSERT_EQ(refused.status, 400) << refused.body;
  json::value body = Json(refused);
  ASSERT_EQ(body.at("errors").as_array().size(), 2u) << refused.body;
  EXPECT_EQ(body.at("errors").at(0).at("pointer").as_string(), "/dataValues/1/orgUnit");
  EXPECT_EQ(body.at("errors").at(1).at("pointer").as_string(),
            "/dataValues/2/attributeOptionCombo");
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ExchangeApiTest, ACsvImportRunsAsAJob) {
  BuildTree();
  auto started = Send("POST", "/api/v1/imports/values.csv?async=true",
                      "\xEF\xBB\xBFindicator_code,unit_code,period,value,comment\r\n"
                      "dan-so,lung-cao,2021,1200,\"điều tra, 2021\"\r\n",
                      {{"Content-Type", "text/csv"}});
  ASSERT_EQ(started.status, 202) << started.body;
  std::string location = started.Header("location");
  ASSERT_FALSE(location.empty());
  json::value status;
  // The job ends on its own thread; poll its status (each poll is a real request).
  for (int attempt = 0; attempt < 10'000; ++attempt) {
    status = Json(Get(location));
    std::string_view state = status.at("state").as_string();
    if (state != "queued" && state != "running") break;
  }
  EXPECT_EQ(status.at("state").as_string(), "done") << json::serialize(status);
  EXPECT_EQ(status.at("result").at("written").to_number<int64_t>(), 1);
  EXPECT_EQ(Get("/api/v1/jobs/999").status, 404);
}

}  // namespace
}  // namespace nq::testing
