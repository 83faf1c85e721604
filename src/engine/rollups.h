// The figures of the engine as functions of the model; Engine takes the lock and calls these.
#pragma once

#include <span>

#include "engine/engine.h"
#include "engine/model.h"

namespace nq::engine::internal {

// A computed indicator may be built from computed ones; deeper than this is a definition loop.
inline constexpr int kMaxComputedDepth = 8;

// One unit's rows, in period order, combined over time. `last` uses only the latest row.
double CombineOverTime(domain::TimeAggregation aggregation, std::span<const ValueRow> rows);

Result<IndicatorRollup> RollupIndicator(const Model& model, Id indicator_id, Id unit_id,
                                        const domain::Period& period, Date as_of);
Result<std::vector<UnitFigure>> RollupTree(const Model& model, Id indicator_id, Id root_unit_id,
                                           const domain::Period& period, Date as_of, int max_depth);
Result<RecomputeCounts> RollupAll(const Model& model, Id root_unit_id, Date as_of, int max_depth,
                                  int workers, const FigureSink& sink);
Result<std::vector<UnitCompleteness>> CompletenessTree(const Model& model, Id obligation_id,
                                                       Id root_unit_id, Date as_of, int max_depth);
Result<ObligationRollup> RollupObligation(const Model& model, Id obligation_id, Id unit_id,
                                          Date as_of);
Result<TargetProgress> Progress(const Model& model, Id item_id, Date as_of);
Result<Coverage> CoverageOf(const Model& model, Id upper_document_id, Id lower_document_id);
Result<CascadeMatrix> Cascade(const Model& model, Id document_id, Date as_of);

}  // namespace nq::engine::internal
