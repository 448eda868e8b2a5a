# The engine's sentences: how each source answered, warnings met while
# collecting.

advisory-db-age = { $n } advisories, { $age } old
advisory-db-age-unknown = { $n } advisories, age unknown (not a git checkout)
advisory-db-unparsable = { $n ->
    [one] 1 file does not parse
   *[other] { $n } files do not parse
}
advisory-db-stale = { $n } advisories, { $age } old (older than { $limit })
advisory-db-stale-warning = the RustSec advisory database is { $age } old, older than { $limit }: advisories published since are not checked; update it
advisory-db-unavailable = { $why } (pass { $flag } or set { $variable })
advisory-files-skipped = { $n ->
    [one] 1 advisory file does not parse and was skipped, its advisories are not checked: { $files }
   *[other] { $n } advisory files do not parse and were skipped, their advisories are not checked: { $files }
}

# How long ago.
engine-age = { $age }
engine-age-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
engine-age-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}

# Collecting a crate's facts.
engine-published-as = `{ $asked }` is published as `{ $name }`
engine-no-publish-dates = the index has no publish dates for some versions; --as-of cannot filter them
engine-time-ran-out = not read: the evaluation's time limit of { $secs } s ran out ({ $what })
engine-what-index-entry = the index entry of `{ $krate }`
engine-what-crate-file = the .crate
engine-what-dependency-versions = dependency versions
engine-what-dependency-tree = the dependency tree
engine-what-advisory-database = the advisory database
engine-what-repository = the repository
engine-what-web-apis = the web APIs
engine-task-failed = { $what }: the analysis stopped ({ $why })
engine-dependency-unreadable = dependency `{ $dep }`: { $why }
engine-tree-not-resolved = dependency tree not resolved: cannot read { $crates }

# The registry index as a source.
index-stale-copy = registry unreachable: cached index from { $day }, { $age } old
index-cached-copy = cached copy, { $age } old
index-cached-copy-offline = offline: cached copy, { $age } old
index-cargo-cache = cargo's local cache ({ $path })
index-cargo-cache-unreachable = registry unreachable: cargo's local cache ({ $path })

# The repository as a source.
git-no-repository = no repository URL in the manifest (use --repo)
git-repo-not-a-directory = --repo `{ $repo }` is not a directory
git-repo-missing = --repo `{ $repo }` does not exist
github-not-on-github = repository `{ $repo }` is not on GitHub
online-not-reconstructible = cannot be reconstructed for { $day }: the API reports today's figures
repo-no-origin = --repo { $repo } has no `origin` remote: cannot confirm it is the repository of `{ $krate }` ({ $manifest })
repo-mismatch = --repo { $repo } is not the repository of `{ $krate }` ({ $manifest }): its history may belong to another project
repo-mismatch-origin = --repo { $repo } (origin { $origin }) is not the repository of `{ $krate }` ({ $manifest }): its history may belong to another project

# The database dump as a source.
dump-absent = no dump was read: run `cratescope dump fetch` or pass --db-dump PATH
dump-crate-missing = `{ $krate }` is not in the dump of { $day }
dump-of = dump of { $day }
dump-of-stale = dump of { $day }, { $age } old: run `cratescope dump fetch` for a current one
dump-stale-warning = the crates.io database dump is { $age } old ({ $day }): its usage figures are that old
dump-newer-not-imported = a newer file was not imported ({ $why }), the previous import is used
dump-newer-not-imported-warning = crates.io database dump: a newer file was not imported ({ $why }); using the import of { $day }
dump-not-imported = { $path } could not be imported: { $why }
dump-reconstructed-for = dependents reconstructed for { $day }, not downloads or owners
dump-read = cannot read { $path }: { $why }
dump-read-at = cannot read { $path } (at `{ $file }`): { $why }
dump-layout = { $path } is not a crates.io database dump: { $why }
dump-row = { $path }: `{ $file }` line { $line }: { $why }
dump-write = cannot write { $path }: { $why }
dump-bad-table = the dump table { $path } is unusable: { $why }
dump-download = cannot download the dump from { $url }: { $why }

# A local crate (eval --path).
local-no-registry = local crate: not read from a registry (use `eval NAME` for a published crate)
local-directory = local directory { $path }
local-not-in-git = the directory is not inside a git repository
local-entry-limit = stopped reading after { $n } entries (limit)
local-file-too-large = { $path }: { $size }, not read (limit)
local-total-limit = stopped reading at { $path }: { $limit } in total (limit)
local-tree-not-resolved = dependency tree not resolved: a local crate is not resolved from the registry
local-workspace-root-missing = the manifest inherits from a workspace (`*.workspace = true`) whose root was not found: those keys were not read
local-workspace-keys-missing = not in the workspace root { $root }: { $keys }

# History.
history-quarantined = stored evaluation { $id } of `{ $krate }` is unreadable ({ $why }); it was moved to the quarantine table
history-no-trends = no trends: { $why }

# Errors that end an evaluation or a run.
error-invalid-name = invalid crate name `{ $krate }`: { $problem }
error-invalid-version = invalid version `{ $version }` for `{ $krate }`: { $why }
error-crate-not-found = no crate named `{ $krate }` in the registry
error-crate-not-found-did-you-mean = no crate named `{ $krate }` in the registry; did you mean { $suggestions }?
error-version-not-found = `{ $krate }` has no version { $version }; nearest: { $nearest }
error-no-release-by = `{ $krate }` had no release published by { $day }
error-no-readable-release = the index entry of `{ $krate }` has no readable release ({ $n ->
    [one] 1 line skipped
   *[other] { $n } lines skipped
})
error-no-readable-release-first = the index entry of `{ $krate }` has no readable release ({ $n ->
    [one] 1 line skipped
   *[other] { $n } lines skipped
}; first problem: { $first })
error-index = cannot read `{ $krate }` from the registry index: { $why }
error-timeout = reading { $what } took longer than the time limit of { $secs } s
error-not-a-crate = no Cargo.toml in { $path }: --path names a crate's directory
error-no-package-name = { $path } has no [package] name
error-io = cannot read { $path }: { $why }
error-config = invalid configuration in { $path }: { $problem }
error-model = invalid model: { $why }
error-store = the history store failed: { $why }
error-http-client = cannot build the HTTP client: { $why }
error-dump-download = cannot download the crates.io database dump: { $why }
error-dump-import = cannot import the crates.io database dump { $path }: { $why }
error-no-dump = no crates.io database dump: run `cratescope dump fetch` or pass --db-dump PATH
error-task = a background task stopped: { $why }
error-lost = the evaluation of `{ $what }` did not finish
error-runtime = cannot start the async runtime: { $why }

# Configuration files (cratescope.toml, catalogs, [model] overrides).
config-read = cannot read the file ({ $why })
config-syntax = line { $line }, column { $column }: { $why }
config-invalid = { $why }
config-unknown-top-key = unknown key or table `{ $key }`
config-unknown-key = unknown key `{ $key }` in { $table }
config-did-you-mean = { $problem }; did you mean `{ $suggestion }`?
config-value-zero = `{ $key }` must be at least 1
config-catalog-version = `{ $key }` is { $version }; this cratescope reads catalog version 1
config-value-duplicate = `{ $key }` is listed twice
config-value-empty = `{ $key }` is empty
config-value-weight = `{ $key }` must be a number from 0 to 1, not { $value }
config-value-no-weight = `{ $key }` weighs no dimension
config-value-not-listed = `{ $key }` says which scenarios apply to { $name }, which the category does not list
config-value-no-scenario = `{ $key }` names scenario { $id }, which the category does not define
config-model = { $why }
dump-table-write = cannot write the dump table { $path }: { $why }
dump-table-open = cannot open the dump table { $path }: { $why }
dump-table-read = cannot read the dump table { $path }: { $why }
