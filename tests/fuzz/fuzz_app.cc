// The fuzz targets of the application's decoders, chosen at compile time by NQ_FUZZ_TARGET: the
// values CSV, DHIS2 dataValueSets, a bundle (envelope, upgrade, every record's decoder and the
// checks within the bundle) and a reorganisation batch. Each takes the request body as the API
// would.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "app/bundle/bundle_decode.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/values_csv.h"
#include "app/reorg/reorg.h"
#include "formats/json_reader.h"

namespace nq::fuzz {

[[noreturn]] void Broken(const char* what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

void ValuesCsv(std::string_view input) {
  std::vector<nq::Error> errors;
  (void)nq::app::ParseValuesCsv(input, errors);
}

// A refused record is named; what is read is within what was sent.
void DataValueSets(std::string_view input) {
  std::vector<nq::Error> errors;
  auto records = nq::app::ParseDataValueSets(input, errors);
  if (!records) return;
  for (const nq::Error& error : errors) {
    if (error.field.empty()) Broken("a refused dataValue without a pointer");
  }
}

// An upgraded bundle is current: upgrading it again changes nothing. A bundle decodes with
// either every record or a count of the bad ones.
void Bundle(std::string_view input) {
  auto body = nq::formats::ParseJsonBody(input);
  if (!body || !nq::app::CheckBundleEnvelope(*body)) return;
  const boost::json::value upgraded = nq::app::UpgradeBundle(*body);
  if (nq::app::CheckBundleEnvelope(upgraded) && nq::app::UpgradeBundle(upgraded) != upgraded) {
    Broken("UpgradeBundle of an upgraded bundle changed it");
  }
  const nq::app::DecodedBundle decoded = nq::app::DecodeBundle(upgraded);
  if (decoded.rejected == 0 && !decoded.errors.empty()) Broken("errors without a rejected record");
  if (decoded.rejected > 0 && decoded.errors.empty()) Broken("rejected records without an error");
}

void Reorganisation(std::string_view input) {
  auto body = nq::formats::ParseJsonBody(input);
  if (!body) return;
  auto operations = nq::app::DecodeReorganisation(*body);
  if (!operations && operations.error().field.empty()) Broken("a refused batch names no field");
}

}  // namespace nq::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  nq::fuzz::NQ_FUZZ_TARGET(input);
  return 0;
}
