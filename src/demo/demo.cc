// LoadDemo: the three districts of the article, written in one transaction through the use
// cases. The parts live in demo_*.cc; demo_internal.h is what they share.
#include "demo/demo.h"

#include <boost/json.hpp>

#include "demo/demo_internal.h"
#include "storage/store.h"

namespace nq::app {

Status LoadDemo(Service& service) {
  Actor actor;
  actor.name = "demo";
  auto reply = service.Mutate(actor, "demo", [](WriteScope& scope) -> Result<Reply> {
    // Looks at one row, not all of them: the store may be large.
    NQ_TRY(bool has_units, storage::HasRows<domain::Unit>(scope.tx()));
    if (has_units) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the database already holds data; the demo loads only into an empty one");
    }
    demo::Demo demo(scope);
    NQ_RETURN_IF_ERROR(demo::LoadFoundation(demo));
    NQ_RETURN_IF_ERROR(demo::LoadBaThuoc(demo));
    NQ_RETURN_IF_ERROR(demo::LoadBaThuocReports(demo));
    NQ_RETURN_IF_ERROR(demo::LoadThanhSon(demo));
    NQ_RETURN_IF_ERROR(demo::LoadBinhDaiCascade(demo));
    NQ_RETURN_IF_ERROR(demo::LoadBinhDaiPlans(demo));
    NQ_RETURN_IF_ERROR(demo::LoadReform2025(demo));
    json::object body;
    body["units"] = demo.units_created;
    body["documents"] = demo.documents_created;
    body["items"] = demo.items_created;
    body["assignments"] = demo.assignments_created;
    return Reply{201, std::move(body), false};
  });
  if (!reply) return std::unexpected(std::move(reply).error());
  return Ok();
}

}  // namespace nq::app
