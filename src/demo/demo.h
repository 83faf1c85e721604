// The demo data: three districts from the article the product was conceived from.
#pragma once

#include "app/service.h"

namespace nq::app {

// Loads the demo into an empty store through the ordinary use cases (so every row has its
// audit record). Fails with failed_precondition when the store already holds units.
Status LoadDemo(Service& service);

}  // namespace nq::app
