# The server's pages: navigation, the leaderboard, the crate, category,
# comparison, queued and error pages.

server-site = cratescope
server-nav-trends = Trends
server-search-label = Crate
server-search-button = Show
server-footer = Scores are computed from measured data; a source that could not be read is shown as unavailable, never as 0.
server-json = JSON
server-badge = badge
server-leaderboard = Leaderboard
server-categories = Categories
server-trend = Trend
server-last-evaluated = Last evaluated
server-history = History
server-history-json = History as JSON
server-no-scored-history = No scored evaluation stored yet.
server-comparison = Comparison
server-back = Back to the matrix
server-not-stored = not evaluated yet
server-nothing-stored = No crate is evaluated here yet: open any crate's page (or search for one) to evaluate it.
server-index-counts = { $stored ->
    [one] { $stored } crate evaluated
   *[other] { $stored } crates evaluated
}, { $tracked } tracked.
server-index-counts-every = { $stored ->
    [one] { $stored } crate evaluated
   *[other] { $stored } crates evaluated
}, { $tracked } tracked, re-evaluated every { $every }.
server-every-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
server-trend-since = { $delta } since { $date }
server-evaluated = Evaluated { $ago } ({ $at }, as of { $as_of })
server-stored-count = { $n ->
    [one] { $n } stored evaluation.
   *[other] { $n } stored evaluations.
}
server-category-counts = { $evaluated } of { $total } crates evaluated
server-queued-title = { $name } (queued)
server-queued = Queued: { $name } has not been evaluated here yet. { $state } This page reloads by itself every { $secs } s.
server-queue-waiting = It is waiting in the queue.
server-queue-running = It is being evaluated now.
server-queue-position = It is number { $n } in the queue.
server-not-stored-yet = Not stored yet (open their pages to evaluate them):
server-ago-now = just now
server-ago-minutes = { $n } min ago
server-ago-hours = { $n } h ago
server-ago-days = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}

# What the server answers when a request is refused, times out or fails
# (connection limits, body limits, queue and audit slots, the store).
server-too-many-connections = too many connections; try again in a moment
server-body-timeout = the request body did not arrive within { $secs } s
server-body-too-large = the request body is larger than { $kib } KiB
server-body-unreadable = the request body could not be read
server-no-answer = no answer within { $secs } s: the history store may be locked or down
server-response-unreadable = the response could not be read
server-internal-error = internal error
server-store-down = the history store is not available: { $reason }
server-rate-limited = too many requests from this client; try again in { $secs } s
server-evaluation-failed = the evaluation failed: { $reason }
server-audit-client-waiting = an audit from this client is already waiting for its turn; try again when it is answered
server-audit-queue-full = too many audits are waiting; try again shortly
server-audit-slot-timeout = no audit slot came free in time; try again shortly
server-queue-full = the evaluation queue is full ({ $n } waiting); try again later
server-queue-client-share = { $n ->
    [one] { $n } evaluation asked for by this client is already waiting; try again when it is done
   *[other] { $n } evaluations asked for by this client are already waiting; try again when they are done
}
server-eval-overran = the evaluation did not finish within { $secs } s and was stopped
server-eval-panicked = the evaluation stopped on an internal error (logged); nothing was stored
server-eval-cancelled = the evaluation was cancelled; nothing was stored
server-store-read-only = this server's history store is read-only, so nothing new can be evaluated and stored
server-health-ok = ok
server-health-ok-read-only = ok (read-only store)
server-no-stored-evaluation = no stored evaluation of { $krate }
server-no-such-category = no such category in the catalog
server-no-category = no category { $id } in the catalog
server-lockfile-too-large = the Cargo.lock is larger than { $limit }
server-body-unreadable-because = cannot read the request body: { $why }
server-unknown-audit-format = unknown format { $format }: json or sarif
server-body-not-utf8 = the body is not UTF-8 text
server-invalid-json = invalid JSON body: { $why }
server-audit-timeout = the audit did not finish within { $secs } s
server-badge-path = badges end in .svg: /badges/NAME.svg
server-name-with-version = invalid crate name `{ $name }`: give a name without a version
server-invalid-crate-name = invalid crate name `{ $name }`: crates.io names are 1–64 ASCII letters, digits, `-` and `_`, starting with a letter
server-invalid-category-id = invalid category id `{ $id }`
server-compare-no-crates = name the crates to compare: /compare?crates=a,b
server-compare-too-many = at most { $n } crates on one comparison
server-no-such-page = no such page
