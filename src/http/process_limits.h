// What the server asks of its process: the memory of large request bodies given back once they
// are answered, and the share of the descriptor limit its connections may hold.
#pragma once

#include <cstddef>

namespace nq::http {

// Gives the memory of a large request back to the system once it is answered: glibc keeps
// freed blocks of a few MB in its arenas (its mmap threshold grows with them), so a burst of
// large bodies would otherwise leave the process that large. At most every 100 ms; thread-safe.
void GiveMemoryBack();

// Three quarters of the process's descriptor limit: the rest stays for the store, the logs and
// the files of exports and imports.
size_t DefaultMaxConnections();

}  // namespace nq::http
