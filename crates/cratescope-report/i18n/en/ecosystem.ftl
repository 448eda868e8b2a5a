# The whole ecosystem: rank, emerging, alternatives, report --from-dump.

eco-error-no-dump = no usable crates.io database dump ({ $reason }): run `cratescope dump fetch` or pass --db-dump PATH
eco-reason-dump-absent = none was fetched or named
eco-error-table = cannot read the crates.io database dump: { $reason }
eco-error-unknown-query = no crates.io category or keyword `{ $given }`
eco-error-unknown-query-near = no crates.io category or keyword `{ $given }`; did you mean { $near }?
eco-error-unknown-category = no crates.io category `{ $given }`
eco-error-unknown-category-near = no crates.io category `{ $given }`; did you mean { $near }?
eco-error-not-in-dump = `{ $name }` is not in the crates.io dump of { $day }
eco-error-not-in-dump-near = `{ $name }` is not in the crates.io dump of { $day }; did you mean { $near }?
eco-error-no-release = `{ $name }` had no release published by { $day }
eco-error-window = a window of { $days } days cannot be measured: the dump keeps daily downloads for { $min } to { $max } days
eco-note-stale-dump = the crates.io dump is of { $day }, { $age } old: run `cratescope dump fetch` for a current one
eco-note-import-failed = a newer dump could not be imported ({ $reason }); the import of { $day } is used
eco-note-no-advisories = advisories not checked: { $reason }
eco-note-as-of = as of { $day }: releases and dependencies published by then, downloads only where the dump's 90 days reach back (dump of { $dump }), owners and categories as they are today
eco-deep-failed = `{ $name }` kept its shallow card: { $reason }
eco-section-emerging = Emerging

eco-list-empty = No crate to list.
eco-count = { $n }
eco-clauses = { $first }; { $next }
eco-trend-rising = ↑ ×{ $ratio }
eco-trend-falling = ↓ ×{ $ratio }
eco-trend-steady = → ×{ $ratio }
eco-trend-from-zero = ↑ from 0
eco-trend-no-downloads = no downloads
eco-trend-young = too young
eco-trend-not-measured = not measured
eco-dependents-owners = { $n } ({ $owners ->
    [one] { $owners } owner
   *[other] { $owners } owners
})
eco-age = { $age }
eco-owners-change = { $before } → { $after }

eco-col-rank = #
eco-col-crate = Crate
eco-col-version = Version
eco-col-tier = Tier
eco-col-composite = Composite
eco-col-downloads = Downloads
eco-col-trend = Trend
eco-col-dependents = Dependents (owners)
eco-col-evidence = Evidence
eco-col-age = Age
eco-col-owners-change = Dependent owners
eco-col-vs-category = vs category
eco-col-migrated = Owners migrated

eco-ev-deep = deep-evaluated
eco-ev-latest = latest { $version } on { $day } ({ $releases ->
    [one] { $releases } release
   *[other] { $releases } releases
})
eco-ev-yanked = { $n } of { $of } yanked
eco-ev-cohort = { $line }: { $n }
eco-ev-cohorts = dependents by line { $lines }
eco-ev-advisories = advisories { $ids }
eco-ev-compared-with = against `{ $category }`
eco-ev-score = score { $score }
eco-ev-named-by = named by { $ids }
eco-ev-successor = successor of { $from }: same repository and owners, active since { $from } stalled
eco-ev-migrated = { $n ->
    [one] { $n } dependent
   *[other] { $n } dependents
} ({ $owners ->
    [one] { $owners } owner
   *[other] { $owners } owners
}) moved here from { $from }, e.g. { $examples }
eco-ev-shared-categories = same category { $categories }
eco-ev-shared-keywords = same keyword { $keywords }

eco-rank-title-category = { $name } (`{ $slug }`): { $total ->
    [one] { $total } crate
   *[other] { $total } crates
}, best first (crates.io dump of { $day })
eco-rank-title-keyword = Keyword `{ $keyword }`: { $total ->
    [one] { $total } crate
   *[other] { $total } crates
}, best first (crates.io dump of { $day })
eco-rank-footer-shallow = Shallow tier, from the dump and RustSec: documentation, performance work, unsafe code and repository history are not read and count as not measured, never as 0; `--deep K` evaluates the first K in full.
eco-footer-as-of = As of { $day }: only releases, dependencies and downloads the dump dates before the end of that day.
eco-emerging-title = Emerging crates: young crates rising fastest over { $window } days (crates.io dump of { $day })
eco-emerging-title-category = Emerging crates in `{ $slug }`: young crates rising fastest over { $window } days (crates.io dump of { $day })
eco-emerging-footer = Young: first published less than two years ago. Score: download growth of the window's recent half over its older half, against the median of the crate's category, plus the growth of distinct owners among its dependents. Downloads and owners too small to call are left out.
eco-alternatives-title = In better standing for the job of { $name } (crates.io dump of { $day })
eco-alternatives-footer = Named by an advisory against the crate first, then by owners whose dependents dropped it and added the other crate in the same release, then by shallow composite. Crates of the same categories and keywords that score no higher are not listed.
