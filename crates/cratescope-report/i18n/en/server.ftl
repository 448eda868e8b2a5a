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
