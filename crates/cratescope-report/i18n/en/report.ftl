# The report's own words: labels of the card, the comparison, the matrix
# document and the server's pages, and the sentences the report writes
# itself (verdicts, top picks, source counts, tier rules).

# A label of the catalog (dimension, scenario, source, tier, ring) alone.
report-label = { $label }
# A tier with its icon.
report-tier = { $icon } { $tier }
# Alternatives of equal standing: "a, b or c".
report-or = { $first } or { $last }

word-composite = Composite
word-tier = Tier
word-confidence = Confidence
word-confidence-short = Conf.
word-dimension = Dimension
word-level = Level
word-score = Score
word-evidence = Evidence
word-repository = Repository
word-license = License
word-first-release = First release
word-latest-version = Latest version
word-versions = Versions
word-evaluated = Evaluated
word-yanked = yanked
word-downloads = Downloads
word-github-stars = GitHub stars
word-production-usage = Production usage
word-stars = Stars
word-scenarios = Scenarios
word-scenario = Scenario
word-note = Why
word-strengths = Strengths
word-risks = Risks
word-sources = Sources
word-provisional = provisional
word-no-data = no data
word-basic-info = Basic information
word-as-of = as of
word-model = model
word-none = none
word-quick-start = Quick start
word-from-readme = from the README of
word-status = Status
word-axes = Axes
word-status-ok = ok
word-status-unavailable = unavailable
word-status-stale = stale
word-unknown = unknown
word-crate = Crate
word-warning = warning
word-not-applicable = n/a
word-signal = signal
word-weight = weight
word-source = source
word-gate = gate
word-composite-range = could be
word-dash-means = – no score: less than the model's minimum share of evidence was available
word-not-applicable-means = n/a: the catalog says this scenario is not what the crate is for

doc-title = Rust crate maturity matrix
doc-date = Date
doc-model-version = Model version
doc-crates-evaluated = Crates evaluated
doc-data-sources = Data sources
doc-next-update = Next scheduled update
doc-contents = Contents
doc-decision-matrix = Decision matrix
doc-trends = Trends
doc-method = Method
doc-not-evaluated = not evaluated
doc-ring = Ring
doc-quarters = Last quarters
doc-momentum = Momentum
doc-weight = Weight
doc-rule = Rule
doc-levels = Dimension levels
doc-tiers = Tiers
doc-dimensions = Dimensions
doc-unavailable = What was unavailable
doc-source = Source
doc-scenario-picks = Top pick per scenario
doc-nothing-unavailable = every source answered for every evaluated crate
doc-method-intro = Every score is computed from measured data: signals are normalised to [0, 1] by breakpoints, averaged per dimension by weight into a 1.0–5.0 score (left out, shown as –, when less than the minimum share of evidence is available; never counted as 0), and dimensions are averaged into the composite. Gates cap a dimension or force ⛔. Scenario stars are the rounded weighted mean of the dimensions with evidence, clamped to 1–5. Scores are shown with one decimal, halves rounded up.
doc-symbols = ■ squares show a dimension's level; { $tiers } are tiers; ⭐ are scenario stars; * provisional

report-capped-at = capped at { $cap }: { $reason }
report-footprint-evidence = not part of the composite; { $evidence }
report-usage-unknown = unknown ({ $why })
report-choose-avoid = Choose { $choose } for { $choose_for }; avoid { $avoid } for { $avoid_for }.
report-choose-only = Choose { $choose } for { $choose_for }; no crate here scores ⭐⭐ or less in any scenario.
report-all-weak = No crate here scores more than ⭐⭐ in any scenario.
report-none-scored = No crate of this category could be scored.
report-top-pick = Top pick: { $name } ({ $composite }, { $tier })
report-no-history = No stored history yet: trends need evaluations of this category's crates from at least two quarters.
report-one-quarter = Only one quarter is stored: trends need at least two.
report-source-counts = { $ok } ok{ $stale ->
        [0] {""}
       *[other] , { $stale } stale
    }{ $unavailable ->
        [0] {""}
       *[other] , { $unavailable } unavailable
    }
report-source-line = { $counts }, { $fetched }
report-fetched = fetched { $from }
report-fetched-range = fetched { $from } – { $to }
report-crates = { $n ->
    [one] { $n } crate
   *[other] { $n } crates
}
report-lines-omitted = … { $n ->
    [one] { $n } more line
   *[other] { $n } more lines
} in the README
report-more-verbose = … { $n } more (--verbose)
report-momentum = { $delta }/quarter
report-failure = { $name } — not evaluated: { $reason }
report-unavailable-source = { $source } ({ $counts }): { $reasons }
report-evaluated-count = { $ok } / { $total }

rule-composite = composite ≥ { $v }
rule-confidence = confidence ≥ { $v }
rule-dimension-at-least = { $dimension } ≥ { $v }
rule-dimension-below = { $dimension } < { $v }
rule-first-release = first release { $days } ago or more
rule-not-finished = not confirmed finished
rule-below = below every rule above
rule-avoid = an avoid gate fired (yanked, unmaintained advisory, deprecated…)

ring-adopt = adopt
ring-trial = trial
ring-assess = assess
ring-hold = hold

badge-label = maturity
badge-not-evaluated = not evaluated
badge-value = { $score } { $tier }
badge-value-provisional = { $score } { $tier } (provisional)

chart-history-title = { $name }: composite score over time
chart-point = { $date } { $version }: { $composite } ({ $tier })
