# The score crate's sentences: evidence of signals, notes of dimensions,
# gates, tiers, scenarios, strengths and risks.

signal-not-applicable = not applicable: { $reason }
signal-no-breakpoints = model: no breakpoints for `{ $signal }`

## Composition

clauses = { $parts }
list = { $items }
no-data = no data
old-data = old data
refused = refused
model-parameter-missing = model: parameter `{ $key }` is missing

## Where a figure came from (appended to evidence)

provenance-none = { "" }
provenance-api-and-dump = { " " }(crates.io API; db dump of { $date }: { $figure })
provenance-dump-of = { " " }(crates.io db dump of { $date })
provenance-dump = { " " }(crates.io db dump)
dump-past-not-reconstructible = { $what } (a past date: not reconstructible)

## Registry index and forges

index-no-live-releases = no live releases
index-no-pubtime = no publish dates (pubtime) for this crate
index-no-releases = no releases
index-no-stable-releases = no stable releases
git-no-commits-12m = no commits in the last 12 months
github-no-issue-responses = no recent issues with a response to measure
github-few-prs = only { $n } pull requests in 12 months
github-no-prs = pull requests not answered
github-no-stars = stars not answered
github-few-issues = only { $n } issues in the last year
github-no-issues = issues not answered

## D1 Version stability

stability-line-span = { $line } line from { $first } to { $last }
stability-breaking-cadence = { $n ->
    [one] 1 new compatible line in the last { $window }
   *[other] { $n } new compatible lines in the last { $window }
}
stability-past-1 = { $version } is past 1.0
stability-pre-1 = { $version } is pre-1.0
stability-history-span = { $n } releases from { $first } to { $last }
stability-line-releases = { $n ->
    [one] 1 release on { $line } after its first
   *[other] { $n } releases on { $line } after its first
}
stability-release-count = { $n ->
    [one] 1 release published
   *[other] { $n } releases published
}
stability-yanked = { $yanked } of { $total } versions yanked
stability-yanks-unknown = which versions were yanked by { $date } is not known: the index tells which are yanked today, not since when
stability-no-rust-version-field = cargo had no rust-version field before { $since }
stability-msrv = rust-version = { $version }
stability-no-msrv = no rust-version declared

## D2 Community activity

community-repository-wide = { $what } (repository-wide, shared with other crates)
community-authors-12m = { $n ->
    [one] 1 author in the last 12 months
   *[other] { $n } authors in the last 12 months
}
community-absence-factor = { $n } of { $authors } authors made 50% of commits in 12 months ({ $names })
community-api-no-owners = owners not answered
community-dump-no-owners = no owners
community-owners = { $users } user owners and { $teams } team owners{ $source }
community-commits = { $n ->
    [one] 1 commit
   *[other] { $n } commits
}
community-issue-events = { $n } maintainer issue events
community-in-90-days = { $what } in 90 days
community-issue-response = median first response in { $days } days
community-pr-closure = { $share } of { $n } pull requests closed
community-stars = { $n ->
    [one] 1 star
   *[other] { $n } stars
}
condition-source-not-read = { $what } ({ $source } not read)
condition-owners-not-measured = owners not measured
condition-authors-not-measured = commit authors not measured

## D3 Documentation

docs-not-fully-analysed = documentation not fully analysed ({ $why })
docs-as-docs-rs-across = { " " }across { $crates } (as docs.rs documents it)
docs-as-docs-rs = { " " }(as docs.rs documents it)
docs-no-public-items = no public items to document
docs-coverage = { $documented } of { $total } public items documented{ $across } ({ $pct })
docs-examples-coverage = { $with_examples } of { $total } public items have a code example{ $across } ({ $pct })
docs-crate-docs = crate-level docs of { $chars } chars
docs-readme = { $path }: { $chars } chars, { $code_blocks ->
    [one] 1 code block
   *[other] { $code_blocks } code blocks
}, { $sections ->
    [one] 1 section
   *[other] { $sections } sections
}
docs-no-readme = no README in the package
docs-examples-in-repository = { $n ->
    [one] 1 example
   *[other] { $n } examples
} in the repository (git), not in the package: { $files }
docs-example-files = { $n ->
    [one] 1 example in the package
   *[other] { $n } examples in the package
}
docs-examples-included = examples included
docs-no-examples-anywhere = no examples/ in the package or the repository (examples in the API documentation count under doc-examples)
docs-no-examples-in-package = no examples in the package (the repository was not read)
docs-changelog-present = { $path } present
docs-changelog-in-repository = { $path } in the repository (git), not in the package
docs-no-changelog-anywhere = no changelog file in the package or the repository (release notes on the forge are not read)
docs-no-changelog-in-package = no changelog in the package (the repository was not read)
docs-metadata-complete = all { $total } metadata fields present
docs-metadata-missing = { $have } of { $total } metadata fields; missing { $missing }
docs-rs-built = docs.rs built this version
docs-binary-only = a binary: its users read the README and `--help`, not API docs
docs-through-facade = documented through its facade { $facade }
docs-rs-failed = docs.rs build failed
docs-rs-pending = build not finished yet (release under a day old)
gate-docs-build-failed = docs.rs failed to build { $krate } { $version }

## D4 Production usage

usage-per-month = { $n }/month
usage-downloads = { $n } downloads/month over the last 90 days{ $source }
usage-downloads-binary = { $n } downloads/month (binary crate: scaled ×{ $scale }){ $source }
usage-api-no-recent-downloads = recent downloads not answered
usage-dump-no-downloads = no downloads for this date
usage-binary-no-dependents = binary-only crate: nothing depends on it
usage-api-no-dependents = reverse dependencies not answered
usage-dump-no-dependents = no dependents for this date
usage-dependents = { $n ->
    [one] 1 crate depends on it directly{ $source }
   *[other] { $n } crates depend on it directly{ $source }
}
usage-dependent-owners = { $n } distinct owners among dependents
usage-dump-no-owners = no owners
usage-indirect-dependents = { $n ->
    [one] 1 crate depends on it indirectly
   *[other] { $n } crates depend on it indirectly
}
usage-growth-factor = ×{ $x }
usage-growth = downloads { $growth } quarter over quarter{ $source }
usage-no-growth-history = not enough download history for growth

## D5 Performance work

perf-benches-in-repository = { $n ->
    [one] 1 benchmark
   *[other] { $n } benchmarks
} in the repository (git), not in the package: { $files }
perf-bench-files = { $n ->
    [one] 1 benchmark file in the package
   *[other] { $n } benchmark files in the package
}
perf-benches-in-package = benchmarks in the package
perf-bench-targets = { $n } [[bench]] targets in the manifest
perf-bench-harness = benchmark harness { $crates }
perf-bench-nightly-only = { $n ->
    [one] 1 bench file needs
   *[other] { $n } bench files need
} nightly Rust (libtest's unstable harness), and no stable harness or CI workflow builds them: a suite nothing keeps building
perf-ci-runs-benchmarks = a CI workflow runs benchmarks
perf-no-ci-benchmarks = no CI workflow runs benchmarks
perf-packaged-ci-runs-benchmarks = a packaged CI workflow runs benchmarks
perf-packaged-ci-no-benchmarks = packaged CI workflows run no benchmarks
perf-no-benchmarks-anywhere = no benchmarks in the package, its manifest or the repository
perf-no-benchmarks-in-package = no benchmarks in the package or its manifest
perf-no-suite = no benchmark suite seen: nothing to run in CI or to track
perf-tracking-dev-dependency = dev-dependency { $crates }
perf-tracking-ci = CI: { $line }
perf-no-tracking = no benchmark regression tracking in CI

## D6 Ecosystem integration

freshness-only-for-target = { $krate } (only for `{ $target }`)
freshness-private-feature = { $krate } (behind a private `__` feature)
freshness-needs-rust = { $version } needs Rust { $rust }
freshness-not-looked-up = dependencies' latest versions not looked up
freshness-wide-range = { $krate } { $req } (a deliberate wide range)
freshness-behind = { $lines ->
    [one] { $krate } { $req } (latest { $latest }, 1 line behind)
   *[other] { $krate } { $req } (latest { $latest }, { $lines } lines behind)
}
freshness-behind-new = { $lines ->
    [one] { $krate } { $req } (latest { $latest }, 1 line behind; the newest line is { $age } old and counts in full at { $grace })
   *[other] { $krate } { $req } (latest { $latest }, { $lines } lines behind; the newest line is { $age } old and counts in full at { $grace })
}
freshness-behind-all = { $krate } { $req } (latest { $latest }, older than the { $lines } newest lines)
freshness-pinned = { $krate } { $req } ({ $notes })
freshness-held-back = held back for the MSRV: { $deps }
freshness-not-counted = not counted: { $deps }
freshness-unknown = { $n } not looked up
freshness-no-dependencies = no dependencies a common build uses
freshness-all-current = all { $n } dependency requirements admit the latest line
freshness-some-behind = { $behind } of { $n } requirements behind: { $deps }
toolchain-edition = edition { $edition }
toolchain-edition-old = edition { $edition } (current: { $current })
toolchain-msrv = rust-version set
toolchain-no-msrv = no rust-version
toolchain-stable = stable toolchain
toolchain-nightly = needs nightly (#![feature({ $features })])
license-declared = license { $license }
license-file = custom license in { $path }
license-none = no license declared
integrations-none = no optional ecosystem integrations
integrations = optional integrations: { $crates }
discoverability = { $keywords } keywords, { $categories } categories

## D7 Maintenance

maintenance-release-freshness = latest release { $version } on { $date } ({ $age } ago; expected gap { $expected })
maintenance-release-activity = { $n ->
    [one] 1 release in the last { $window }
   *[other] { $n } releases in the last { $window }
}
maintenance-commits-year = { $n } commits in the last 365 days
maintenance-commits-year-path = { $n } commits touching the crate's path in the last 365 days
maintenance-issue-care = { $share } of { $n } issues got a maintainer response
gate-unmaintained = { $id }: { $title }
gate-archived = the repository is archived
gate-badge = the manifest's maintenance badge says { $status }
gate-description-says = the manifest's description says: “{ $text }”
gate-readme-says = the README's opening says: “{ $text }”
gate-superseded-by = superseded by { $successor }: { $place ->
    [readme] the README's opening
   *[description] the manifest's description
} says “{ $text }”
gate-superseded-dump = superseded by { $successor } (crates.io dump): published from the same repository by the same owners, created after it and released since, while this crate stalled; { $why }
gate-superseded-dump-renamed = its name marks it as the next version
gate-superseded-dump-moved = dependents of { $owners ->
    [one] one owner
   *[other] { $owners } distinct owners
} dropped this crate for it in one release
gate-version-metadata-deprecated = version { $version } is marked `+deprecated` in its build metadata
gate-all-yanked = every one of the { $n } versions is yanked
gate-prerelease-only = only prerelease or 0.0.x versions exist

## D8 Security

advisory-kind-vulnerability = vulnerability
advisory-kind-unsound = unsound
advisory-kind-unmaintained = unmaintained
advisory-kind-notice = notice
security-no-open-advisories = no open advisories on { $version }
security-open-advisories = open on { $version }: { $ids }
security-tree-not-resolved = dependency tree not resolved
security-tree-clean = no advisories in the dependency tree
security-tree-advisories = in the dependency tree: { $advisories }
security-tree-finding-direct = { $id } ({ $krate } { $version }, { $kind }, direct)
security-tree-finding-indirect = { $id } ({ $krate } { $version }, { $kind }, indirect)
security-no-recent-advisories = no vulnerability or soundness advisory for this crate in the last { $window } days: no fix to time
security-patch-speed = median { $days } days to a patched release over { $n ->
    [one] { $n } advisory
   *[other] { $n } advisories
  } of the last { $window } days
security-patch-speed-open = median { $days } days to a fix over { $n ->
    [one] { $n } advisory
   *[other] { $n } advisories
  } of the last { $window } days, { $open } of them still open (counted as open so far)
security-forbid-unsafe = #![forbid(unsafe_code)]
security-unsafe-not-counted = code not fully analysed ({ $why }): unsafe not counted
security-unsafe-density = { $blocks } unsafe blocks, { $fns } unsafe fns, { $impls } unsafe impls in { $lines } lines ({ $per_k } per 1k)
security-fuzz-targets-ci = { $n } fuzz targets, run in CI ({ $ci })
security-fuzz-targets = { $n } fuzz targets
security-fuzz-ci = fuzzing runs in CI ({ $ci })
security-fuzz-in-package = a fuzz/ crate in the package
security-no-fuzz = no fuzz targets in the repository
security-policy-present = { $path } present
security-no-policy = no security policy in the repository
security-trusted-publishing = published by trusted publishing
security-api-token = published with an API token
gate-open-advisory = { $id } ({ $kind }) affects { $version }: { $title }
gate-package-refused = published .crate of { $krate } { $version }: { $reason }

## Build footprint

footprint-note = build footprint (5 = light): shown, not part of the composite
footprint-links = links native library `{ $library }`
footprint-build-script = has a build script
footprint-no-build-script = no build script
footprint-tree = { $n ->
    [one] 1 crate in the default-feature dependency tree
   *[other] { $n } crates in the default-feature dependency tree
}
footprint-direct-unresolved = { $n } direct dependencies with default features (tree not resolved)
footprint-direct = { $n } direct dependencies
footprint-crate-size = { $size } .crate
footprint-no-std = supports no_std
footprint-std = requires std

## Analysis limits

not-analysed-place-file = { $krate }: { $path }
not-analysed-place-crate = { $krate }
not-analysed-nesting = { $place } not analysed: nested { $found } deep, limit { $max }
not-analysed-chain = { $place } not analysed: an expression of { $found } operators, limit { $max }
not-analysed-file-bytes = { $place } not analysed: a file of { $found } bytes, limit { $max }
not-analysed-line-bytes = { $place } not analysed: a line of { $found } bytes, limit { $max }
not-analysed-total-bytes = { $place } not analysed: source totals { $found } bytes, limit { $max }
not-analysed-modules = { $place } not analysed: module files reach { $found }, limit { $max }
not-analysed-wall-time = { $place } not analysed: analysis took { $found } ms, limit { $max }
not-analysed-reexports = { $place } not analysed: re-exports took { $found } resolution steps, limit { $max }
not-analysed-macros = { $place } not analysed: macros expand { $found } times, limit { $max }
not-analysed-tokens = { $place } not analysed: tokens reach { $found }, limit { $max }
not-analysed-memory = { $place } not analysed: memory reaches { $found } bytes, limit { $max }
not-analysed-stopped = { $place } not analysed: stopped at its limit
not-analysed-internal = { $place } not analysed: internal error
not-analysed-and-more = { $first } (and { $more } more)

## Dimensions, tiers, scenarios

sources-not-read = { $sources } not read
dimension-no-data = no data: { $parts }
dimension-thin = not enough data: { $measured } of the signal weight measured
dimension-score = { $dimension } { $score }
finished-line-since = { $line } since { $date }
finished-line = { $line }
finished-no-advisory = no advisory in RustSec
finished-advisories-not-checked = advisories not checked ({ $reason })
finished-dependencies-current = dependencies current
finished-freshness-not-measured = dependency freshness not measured
finished-usage = usage { $score }
finished-usage-not-measured = usage not measured ({ $reason })
finished-unconfirmed = finished-crate rule not confirmed: { $missing }
finished-not-settled = the { $line } line is younger than { $days }
finished-gated = the { $gate } gate fired
finished-advisory = an advisory affects this version
finished-dependencies-behind = dependencies behind (freshness { $freshness } < { $min })
finished-usage-low = usage { $score } < { $min }
finished-applied = finished: { $evidence }
evidence-floored = { $evidence }; feature-complete: floored at { $floor }
tier-rule-not-measured = { $dimension } not measured
tier-rule-low-confidence = confidence { $confidence } < { $min }
tier-no-evidence = no dimension had enough evidence
tier-not-granted = { $tier } not granted: { $why }
tier-old-and-quiet = no release since { $date }
tier-quiet-repository = { $n ->
    [one] 1 commit in the last 12 months
   *[other] { $n } commits in the last 12 months
}
tier-quiet-repository-not-read = repository activity unknown ({ $reason })
tier-not-finished = not finished: { $why }
tier-dormant-because = dormant: { $evidence }
tier-quiet-not-finished = quiet, not finished — cannot tell whether anyone still works on it: { $evidence }
tier-quiet-cannot-tell = quiet — cannot tell finished from abandoned: { $evidence }
scenario-no-evidence = no dimension this scenario weighs has evidence
scenario-weighted-by = weighted by { $parts }
scenario-avoid = avoid: { $reason }
veto-open-advisory = at most { $stars }: open advisory on this version
veto-single-maintainer = at most { $stars }: one owner, and one author makes half the commits
veto-speed-unverified = unverified: no benchmark results
veto-not-checked = { $note } — not checked: { $why }
veto-needs-facts = the stored card does not keep the facts this check reads
scenario-unverified = unverified: { $why }
scenario-requires = at most { $stars }: requires { $signal }
strength = { $dimension }: { $evidence }
risk-gate = { $dimension } ({ $gate }): { $reason }
risk-weak = { $dimension } { $score }: { $evidence }
not-measured = { $dimensions } (no score) — { $sources }
not-measured-dimensions = { $dimensions } (no score)
not-measured-sources = { $sources }
not-measured-source = { $source } ({ $reason })
not-measured-source-stale = { $source } stale ({ $reason })
not-measured-not-consulted = { $source } (not consulted)

## Trends

trend-composite = composite { $composite }
trend-composite-none = composite –
trend-momentum = momentum { $momentum }/quarter
trend-momentum-none = no earlier quarter
trend-tier = tier { $tier }
trend-gated = gated by { $gates }
trend-declining = declining: momentum { $momentum }/quarter ≤ -{ $threshold }
trend-steady = steady or rising: { $momentum }
trend-rising = rising: momentum { $momentum }/quarter ≥ { $threshold }
trend-young = young: first release { $days } before { $date }
trend-fast = fast-moving: { $releases } releases in the last quarter
trend-assess = not yet production ready, neither rising nor declining
trend-no-evaluation = no stored evaluation
trend-not-reconstructible = not reconstructible as of { $date }: { $lost } of { $total } signals need present-day sources
trend-partly-reconstructed = partly reconstructed as of { $date }: { $lost } of { $total } signals need present-day sources
