# The sources' sentences: how the HTTP stack, the registry index, git, the
# web APIs, the advisory database and the dump download say what failed.
# Outside words (an OS, TLS or parser error, a URL, a path) stay verbatim.

# The HTTP stack.
http-invalid-url = invalid URL `{ $url }`
http-offline = offline and nothing cached for `{ $url }`
http-unreachable = host `{ $host }` is unreachable
http-timeout = the request to `{ $url }` timed out
http-stalled = `{ $url }` sent nothing for { $secs } s
http-not-found = `{ $url }` was not found (http status { $status })
http-rate-limited = rate limited by the server for `{ $url }`
http-rate-limited-for = rate limited by the server for `{ $url }` (it asked to wait { $secs } s)
http-status = `{ $url }` answered http status { $status }
http-transport = the request to `{ $url }` failed: { $why }
http-too-large = `{ $url }` sent more than { $limit } (the limit for this kind of answer)
http-redirect-too-many = `{ $url }` redirects more than { $n } times
http-redirect-invalid = `{ $url }` redirects to an invalid location
http-redirect-scheme = `{ $url }` redirects to a `{ $scheme }` URL
http-cache-vanished = `{ $url }` answered 304 but the cached copy is gone
http-build = the HTTP client cannot be built: { $why }

# Crate names.
name-empty = the name is empty
name-too-long = the name is longer than { $max } characters
name-bad-start = the name must start with an ASCII letter
name-bad-char = the name contains `{ $c }`; only ASCII letters, digits, `-` and `_` are allowed

# The registry index.
index-where-line = line { $n }
index-where-cache-entry = cache entry { $n }
index-skipped = { $place }: skipped: { $why }
index-at = { $place }: { $what }
index-line-malformed = not a valid index entry: { $why }
index-line-schema = unknown index schema version v={ $v }
index-line-version = invalid version `{ $version }`: { $why }
index-pubtime-ignored = { $krate } { $version }: unreadable pubtime `{ $text }` ignored
index-cache-entry-truncated = truncated entry
index-cache-entry-not-utf8 = entry for version `{ $version }` is not UTF-8
index-line-other-crate = skipped a line naming `{ $other }` in the index file of `{ $krate }`
index-line-duplicate-version = skipped a second line for { $krate } { $version } (versions are unique)
index-file-not-utf8 = index file is not valid UTF-8; invalid bytes replaced
index-fell-back-to-cargo-cache = sparse index unavailable ({ $why }); read cargo's local cache
index-invalid-name = invalid crate name `{ $krate }`: { $problem }
index-not-found = no crate named `{ $krate }` in the registry
index-unavailable = the index entry of `{ $krate }` is unavailable and no local cache has it: { $why }
index-not-cached = no cached index entry for `{ $krate }` (offline: looked in cargo's registry cache and cratescope's cache)
index-cargo-cache-unreadable = cargo's index cache file { $path } for `{ $krate }` cannot be read: { $why }
index-config-fetch = the registry config { $url } cannot be fetched: { $why }
index-config-parse = invalid registry config { $location }: { $why }
index-invalid-checksum = invalid checksum `{ $cksum }` for `{ $krate }` { $version }: expected 64 hex digits
index-checksum-mismatch = checksum mismatch for `{ $krate }` { $version } from { $from }: expected { $expected }, got { $actual }
index-download = `{ $krate }` { $version } cannot be downloaded: { $why }
index-crate-not-cached = no cached .crate file for `{ $krate }` { $version } (offline)
index-io = cannot read { $path }: { $why }

# Git repositories.
git-open = cannot open the git repository at { $path }
git-head = HEAD of the git repository at { $path } cannot be resolved
git-empty = the git repository at { $path } has no commits
git-object = object { $id } of the git repository at { $path } cannot be read
git-references = the references of the git repository at { $path } cannot be listed
git-url-refused = repository URL `{ $url }` refused: { $why }
git-url-empty = the URL is empty
git-url-not-a-url = not a URL with a scheme, an scp-like address or an absolute path
git-url-scheme = only https, http, git, ssh and file URLs can be cloned
git-url-no-host = the URL has no host
git-url-not-git-host = the host serves packages or documentation, not git
git-url-no-owner-repository = the URL names no owner/repository
git-url-no-group-repository = the URL names no group/repository
git-url-no-repository-path = the URL names no repository path
git-url-metadata-not-https = a repository from crate metadata must be an https URL
git-url-metadata-credentials = a repository from crate metadata may not carry credentials
git-url-metadata-port = a repository from crate metadata may not name a port (allow the host in the configuration to use one)
git-url-metadata-private-name = a repository from crate metadata must be on a public host name (allow the host in the configuration to use another)
git-url-metadata-local = a repository from crate metadata must be remote
git-address-not-public = refused to clone `{ $url }`: `{ $host }` resolves to { $addr }, which is not a public address (allow the host in the configuration to clone from it)
git-address-unresolved = refused to clone `{ $url }`: `{ $host }` does not resolve ({ $why })
git-not-cached = no cached clone of `{ $url }` while offline
git-clone = cloning `{ $url }` failed: { $why }
git-fetch = fetching `{ $url }` failed: { $why }
git-cache = the clone cache directory { $path } cannot be prepared: { $why }
git-shallow = { $n ->
    [one] shallow clone with 1 boundary commit: history before the boundary is missing, so the first commit and long windows may be incomplete
   *[other] shallow clone with { $n } boundary commits: history before the boundary is missing, so the first commit and long windows may be incomplete
}
git-mailmap-unreadable = .mailmap partly unreadable: one person's commits may be counted as several authors
git-vcs-sha-not-hex = vcs sha `{ $sha }` is not a full hex object id
git-no-commit-by-day = no commit on the default branch by the evaluation day: file facts are empty
git-file-too-large = skipped `{ $path }`: larger than { $limit }
git-fuzz-manifest-invalid = `{ $manifest }` is not valid TOML; listed `{ $listing }` instead

# The web APIs (crates.io, GitHub, docs.rs).
online-what-crate = crate `{ $krate }`
online-what-version = version { $version }
online-what-docs = docs of `{ $krate }` { $version }
online-what-repository = repository `{ $repo }`
online-what-downloads = downloads
online-what-reverse-dependencies = reverse dependencies
online-what-user-owners = user owners
online-what-team-owners = team owners
online-what-contributors = contributors
online-what-commit-activity = commit activity
online-what-issues = issues
online-what-issue-comments = issue comments
online-not-found = { $what } was not found on { $service } (http status { $status })
online-unreachable = { $service } is unreachable (host `{ $host }`)
online-rate-limited-for = { $service } rate limit reached for { $what }
online-rate-limited-for-until = { $service } rate limit reached for { $what }; retry after { $at }
online-rate-exhausted = { $service } rate limit exhausted
online-rate-exhausted-until = { $service } rate limit exhausted until { $at }
online-hint-set-token = set GITHUB_TOKEN
online-hint-token-spent = the token's budget is spent
online-refused-no-user-agent = { $service } was not called: it asks API clients for a contact; set `{ $variable }='yourtool (you@example.org)'`
online-offline = offline and nothing cached for { $what } from { $service }
online-invalid-response = invalid response from { $service } for { $what }: { $why }
online-invalid-name = invalid { $kind } name `{ $name }`
online-http = the request to { $service } for { $what } failed: { $why }
online-body-not-json = the body is not valid JSON ({ $why })
online-body-lacks = the body lacks { $what }
online-body-lacks-list = the body has no `{ $key }` list
online-partial = { $what }: { $why }
online-partial-stale = { $what }: the network failed, the cached answer of { $day } was used
online-partial-not-found = not found (http status { $status })
online-partial-status-after-retries = http status { $status } after { $retries ->
    [one] 1 retry
   *[other] { $retries } retries
}
online-partial-transport-after-retries = transport error after { $retries ->
    [one] 1 retry
   *[other] { $retries } retries
}
github-still-computing = still being computed by GitHub after { $tries ->
    [one] 1 try
   *[other] { $tries } tries
}
docs-rs-not-built-yet = docs.rs has not built { $krate } { $version } yet (released under a day ago)
docs-rs-unknown-version = docs.rs does not know { $krate } { $version } (http status { $status })
docs-rs-other-version = docs.rs answered for another version ({ $version })

# The RustSec advisory database.
advisory-no-crates-dir = the advisory database at { $path } has no `crates/` directory
advisory-unparsable-files = the advisory database at { $path } has { $n ->
    [one] 1 advisory file that does not parse
   *[other] { $n } advisory files that do not parse
}: { $files }
advisory-empty = the advisory database at { $path } holds no advisories in `crates/`
advisory-read-dir = the advisory directory { $path } cannot be listed: { $why }
advisory-no-cached-clone = no cached advisory database clone at { $path } (offline mode does not clone)
advisory-cache = the advisory database cache directory { $path } cannot be prepared: { $why }
advisory-git-spawn = `{ $command }` cannot run for the advisory database { $path }: { $why }
advisory-git-failed = `{ $command }` failed for the advisory database { $path }: { $why }

# Downloading the crates.io database dump.
dump-download-request = the request failed
dump-download-status = the server answered http status { $status }
dump-download-bad-range = the server resumed without a usable Content-Range
dump-download-resumed-elsewhere = asked to resume at byte { $asked }, the server sent from { $sent }
dump-download-interrupted = interrupted after { $after }; run again to resume
dump-download-short = got { $got } of { $total }; run again to resume
dump-download-refused-twice = the server refused to resume and then to start over
