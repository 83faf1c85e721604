// Every stored entity, listed once, one X(Type) each: the store, the JSON codec, the bundle and
// the use cases instantiate their templates for these lists.
#pragma once

#include "domain/document.h"
#include "domain/indicator.h"
#include "domain/notice.h"
#include "domain/obligation.h"
#include "domain/people.h"
#include "domain/report.h"
#include "domain/unit.h"

// clang-format off
// What the API creates, changes and deletes through the plain entity routes.
#define NQ_EDITABLE_ENTITIES(X) \
  X(domain::UnitKind) \
  X(domain::Unit) \
  X(domain::Term) \
  X(domain::Field) \
  X(domain::Person) \
  X(domain::Indicator) \
  X(domain::Document) \
  X(domain::Item) \
  X(domain::Link) \
  X(domain::Obligation) \
  X(domain::Assignment) \
  X(domain::Report) \
  X(domain::Recommendation) \
  X(domain::Responsibility) \
  X(domain::Comment) \
  X(domain::Declaration) \
  X(domain::Regime) \
  X(domain::Extension) \
  X(domain::Notice)
// With the unit versions, which the tree's changes write: every table of data but the values.
#define NQ_DATA_ENTITIES(X) NQ_EDITABLE_ENTITIES(X) X(domain::UnitVersion)
// With the values (their versions kept apart): every record a bundle holds.
#define NQ_STORED_RECORDS(X) NQ_DATA_ENTITIES(X) X(domain::Value)
// clang-format on
