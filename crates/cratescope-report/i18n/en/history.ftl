# History, update, backfill and trends as text (`update`, `history`,
# `backfill`, `trends`): headings, lines and column heads.

# What an `update` changed.
history-nothing-tracked = no tracked crates: add some with `{ $command }`
history-resumed = resumed an interrupted update: { $n ->
    [one] 1 crate was already done
   *[other] { $n } crates were already done
}
history-tier-moves = tier moves:
history-moved-up = { $krate }: { $from } → { $to } (up; composite { $before } → { $after })
history-moved-down = { $krate }: { $from } → { $to } (down; composite { $before } → { $after })
history-composite-changes = composite changes:
history-shifted = { $krate }: { $before } → { $after } ({ $delta })
history-first-evaluations = first evaluations:
history-new = { $krate }: { $tier } ({ $composite })
history-failed-heading = failed (retried by the next `update`):
history-failed = { $krate }: { $why }
history-updated = updated { $n ->
    [one] 1 crate
   *[other] { $n } crates
}: { $same } unchanged, { $failed } failed
# A composite that is not there.
history-no-composite = –

# The history of one crate.
history-stored = { $krate }: { $n ->
    [one] 1 stored evaluation
   *[other] { $n } stored evaluations
}
history-col-id = id
history-col-as-of = as of
history-col-version = version
history-col-tier = tier
history-col-composite = comp
history-col-confidence = conf
history-col-evaluated = evaluated
history-backfill = backfill
history-legend-dimension = { $code } { $dimension }
history-legend-provisional = { "*" } provisional
history-trend-heading = trend (1–5 scale, oldest → newest):
history-trend-composite = composite
history-trend-delta = { $first } → { $last } ({ $delta })
history-trend-no-score = no score
history-not-reconstructible-cell = n/r
history-not-reconstructible = n/r: not reconstructible for that past day (the source reports only the present)

# Backfill, one line per crate and quarter.
backfill-stored = { $krate } { $quarter } ({ $date }): { $version } { $tier } composite { $composite }
backfill-already-stored = { $line } (already stored)
backfill-unreconstructed = { $line }; present-only signals not reconstructed in: { $dimensions }
backfill-skipped = { $krate } { $quarter } ({ $date }): skipped: { $why }

# The trends table.
trends-col-crate = crate
trends-col-ring = ring
trends-col-composite = comp
trends-col-momentum = momentum
trends-col-releases = releases
trends-col-downloads = downloads
trends-col-why = why
