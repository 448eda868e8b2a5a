# The command line's own sentences: how errors, warnings and notes are
# introduced on stderr, and what a command says about its flags and files.

cli-error = error: { $what }
cli-caused-by = { "  " }caused by: { $what }
cli-warning = warning: { $what }
cli-note = note: { $what }
cli-did-you-mean = { $problem }; did you mean { $suggestions }?

cli-advisory-db-missing = the advisory database { $path } does not exist (--advisory-db, CRATESCOPE_ADVISORY_DB or advisory_db in cratescope.toml)
cli-bad-date = invalid { $what } `{ $value }`: expected YYYY-MM-DD
cli-as-of-future = --as-of { $day } is in the future (today is { $today }): nothing is known about it yet
cli-path-not-a-directory = --path { $path } is not a directory
cli-repo-missing = --repo { $repo } does not exist
cli-repo-one-crate = --repo names one repository; evaluate one crate at a time with it
cli-explain-unknown = no signal or dimension named `{ $id }` (`cratescope explain` lists them all)
cli-cannot-write = cannot write { $path }: { $why }
cli-exists = { $path } exists; pass { $flag } to replace it
cli-catalog-wrote = wrote { $path }: edit it, then { $command }
cli-report-wrote = wrote { $path } ({ $ok } of { $total } crates evaluated)
cli-report-from-cache = { $n } of { $total } crates from the evaluation cache ({ $dir }; { $flag } collects again)

cli-track-by-name = { $arg }: track a crate by name; `update` always evaluates its latest release
cli-track-unchecked = `{ $krate }` could not be checked against the registry ({ $why }); tracked anyway
cli-no-category = no catalog category `{ $id }`; categories: { $categories }
cli-name-a-crate = name at least one crate or --category
cli-tracking = tracking { $n } more { $n ->
    [one] crate
   *[other] crates
}; { $total } tracked
cli-untracked = untracked { $n } { $n ->
    [one] crate
   *[other] crates
}; { $total } tracked; stored history is kept
cli-none-tracked = no tracked crates: add some with { $command }
cli-no-stored-card = no stored evaluation with id { $id }
cli-stored-card-of-other = stored evaluation { $id } is of `{ $other }`, not `{ $krate }`
cli-card-format = --card renders one card: use --format table, json or markdown
cli-no-history = no stored evaluation of `{ $krate }`: { $track } then `update`, or { $backfill }
cli-verify-ok = integrity check: ok
cli-verify-failed = integrity check: FAILED
cli-verify-not-applicable = integrity check: not applicable (PostgreSQL checks its own pages)
cli-verify-rows = stored evaluations read back: { $ok } ok, { $now } quarantined now, { $all } in quarantine in all

cli-dump-missing = the dump { $path } does not exist
cli-dump-summary = dump of { $day }: { $crates } crates, { $versions } versions, { $dependencies } dependency rows, { $imported }
cli-dump-applied = applied to the previous import: { $updated } crates changed, { $moved } moved, { $inserted } new, { $deleted } removed, { $unchanged } unchanged
cli-dump-imported = imported
cli-dump-import-current = import already current
cli-dump-current = already current
cli-dump-downloaded = downloaded { $bytes }
cli-dump-downloaded-resumed = downloaded { $bytes } (resumed at { $from })
cli-dump-import-failed = the dump cannot be imported ({ $why }); the previous import is kept: { $kept }
cli-serve-zero-duration = { $flag } must be longer than 0
cli-init-wrote = wrote { $path }: every key is commented out; uncomment what you need ({ $doc } documents { $table })
cli-cannot-listen = cannot listen on { $addr }: { $why }
cli-server-stopped = the server stopped: { $why }
cli-model-not-toml = the model cannot be written as TOML: { $why }
cli-init-exists = `{ $path }` already exists; pass { $flag } to replace it
