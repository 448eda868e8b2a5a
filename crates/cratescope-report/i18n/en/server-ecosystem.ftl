# The server's pages from the crates.io dump: crates.io categories ranked,
# emerging crates, alternatives on crate pages.

eco-rank-footer-shallow-page = Shallow tier, from the dump and RustSec: documentation, performance work, unsafe code and repository history are not read and count as not measured, never as 0. The decision matrix below compares the full evaluations stored for the first crates.
server-nav-crates-io = crates.io categories
server-nav-emerging = Emerging
server-eco-index-title = crates.io categories
server-eco-index-counts = { $categories ->
    [one] { $categories } category
   *[other] { $categories } categories
} in the crates.io dump of { $day }; each lists its crates (subcategories included), best first.
server-eco-col-category = Category
server-eco-col-slug = Slug
server-eco-col-crates = Crates
server-eco-emerging-title = Emerging crates
server-eco-alternatives = Alternatives
server-eco-matrix-none = None of the first { $top } crates has a full evaluation stored here: open a crate's page to evaluate it, or track it for the scheduled updates.
server-eco-matrix-some = Full evaluations stored for { $n } of the first { $top } crates, under the model's scenarios.
server-eco-unavailable = Nothing from the crates.io dump on this server: { $reason }
server-eco-loading = the crates.io dump is being loaded; try again in a few seconds
server-eco-busy = the server is busy computing lists from the crates.io dump for other requests; try again shortly
server-eco-not-now = Alternatives were not computed for this visit: { $reason }
server-invalid-category-slug = invalid crates.io category slug `{ $slug }`
server-eco-stopped = the computation stopped on an internal error (logged)
server-eco-computing = they are still being computed; reload the page in a few seconds
