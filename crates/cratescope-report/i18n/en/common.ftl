# Shared pieces: labels of dimensions, scenarios, sources and tiers, lengths
# of time, and the wrapper of sentences stored before messages existed.

legacy-text = { $text }

duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
duration-months = { $n ->
    [one] { $n } month
   *[other] { $n } months
}
duration-years = { $n ->
    [one] { $n } year
   *[other] { $n } years
}

dimension-stability = Version stability
dimension-community = Community activity
dimension-documentation = Documentation
dimension-usage = Production usage
dimension-performance = Performance work
dimension-ecosystem = Ecosystem integration
dimension-maintenance = Maintenance
dimension-security = Security
dimension-footprint = Build footprint

scenario-prototype = Prototype / MVP
scenario-enterprise = Enterprise production
scenario-performance = Performance-critical
scenario-learning = Learning / research

source-index = registry index
source-tarball = published .crate
source-git = git repository
source-advisories = RustSec advisory database
source-crates-io = crates.io API
source-github = GitHub API
source-docs-rs = docs.rs
source-benchmarks = benchmark results
source-dump = crates.io db dump
source-catalog = catalog

tier-industry-standard = Industry standard
tier-production-ready = Production ready
tier-mature = Mature
tier-early = Early
tier-dormant = Dormant
tier-experimental = Experimental
tier-avoid = Avoid

source-reason = { $source }: { $reason }
source-no-data = { $source }: no data
source-not-consulted = { $source }: not consulted

# Used by the tests: a source a test takes away.
test-source-taken-away = taken away by the test
