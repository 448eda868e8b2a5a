# `cratescope audit`: findings, rules, hints, warnings and notes; the
# terminal report, the pull-request Markdown and the SARIF rules.

## The report's frame

audit-header = cratescope audit of { $lockfile } as of { $date } (model { $model }; { $policy }; advisories: { $advisories })
audit-policy-file = policy { $path }
audit-policy-defaults = built-in policy
audit-db = RustSec, { $count } loaded, updated { $date } ({ $age } ago)
audit-db-ahead = RustSec, { $count } loaded, updated { $date } (after the audit's day)
audit-db-undated = RustSec, { $count } loaded
audit-db-not-checked = not checked
audit-warning-label = warning
audit-note-label = note
audit-hint-label = hint
audit-path-label = path
audit-every-package = every package:
audit-untouched-heading = Not touched by this change ({ $count }): reported, not failing the gate
audit-allowed-line = { $name } { $version } ({ $rules }): { $reason }
audit-change-summary = change against { $base }: { $parts }
audit-change-count-added = { $count } added
audit-change-count-bumped = { $count } bumped
audit-change-count-checksum = { $count } with another checksum
audit-change-count-removed = { $count } removed
audit-change-count-unchanged = { $count } unchanged
audit-summary = { $counts } ({ $cached } from cache); { $advisories } — { $verdict }
audit-summary-untouched = { $summary } ({ $count } untouched by the change would fail)
audit-summary-counts = { $packages } packages: { $fail } fail, { $warn } warn, { $allowed } allowed, { $pass } pass
audit-summary-out-of-scope = { $count } out of scope
audit-summary-local = { $count } local
audit-summary-advisories = advisories: { $found }
audit-summary-no-advisories = advisories: none
audit-summary-ignored = { $advisories } ({ $count } ignored)
audit-summary-not-checked = advisories NOT checked
audit-summary-kind-count = { $count } { $kind }
audit-summary-holds = policy holds
audit-summary-fails = policy FAILS

## Verdicts, roles and changes

audit-verdict-fail = FAIL
audit-verdict-warn = WARN
audit-verdict-allowed = ALLOWED
audit-verdict-pass = pass
audit-verdict-skip = skip
audit-role-direct = direct ({ $members })
audit-role-transitive = transitive
audit-role-local = local path
audit-role-dev-only = dev-only
audit-role-other-target = other target
audit-role-unreachable = unreachable
audit-source-git = git
audit-source-registry = another registry
audit-tier = { $icon } { $tier }
audit-tier-composite = { $icon } { $tier } { $composite }
audit-change-added = added
audit-change-bumped = bumped from { $from }
audit-change-checksum = checksum changed
audit-change-brought = { $change } with { $by }

## Findings

audit-kind-vulnerability = vulnerability
audit-kind-unsound = unsound
audit-kind-unmaintained = unmaintained
audit-kind-notice = notice
audit-kind-yanked = yanked
audit-severity-critical = critical
audit-severity-high = high
audit-severity-medium = medium
audit-severity-low = low
audit-severity-none = none
audit-finding = { $id } { $kind } ({ $date }): { $title }
audit-finding-rated = { $id } { $kind }, { $severity } ({ $date }): { $title }
audit-finding-scored = { $id } { $kind }, { $severity } { $score } ({ $date }): { $title }
audit-finding-yanked = { $name } { $version } was yanked from the registry
audit-finding-line = { $head }. { $upgrade }
audit-finding-upgrade = Upgrade to ≥ { $version }.
audit-finding-no-later = No later release.
audit-finding-no-fix = No fixed release.
audit-finding-patched = Patched: { $patched }.
audit-finding-ignored = { $finding } (ignored: { $reason })
audit-rule-line = { $rule }: { $message }
audit-allowed-because = allowed: { $reason }
audit-out-of-scope = out of scope: { $reason }
audit-unchecked-line = not checked: { $reason }

## Score rules

audit-denied-tier = tier { $tier } is denied
audit-denied-tier-because = tier { $tier } is denied: { $reasons }
audit-min-composite = composite { $score } < { $min }
audit-min-dimension = { $dimension } { $score } < { $min }
audit-max-unsafe-density = { $density } unsafe per 1k lines > { $max }
audit-min-scenario-stars = { $scenario }: { $stars } stars < { $min }
audit-unchecked-min-composite = min-composite: no composite (no dimension had evidence)
audit-unchecked-min-dimension = min-dimension: { $dimension } has no score
audit-unchecked-unsafe-density = max-unsafe-density: unsafe use not measured (no tarball)
audit-unchecked-scenario = min-scenario-stars: no { $scenario } scenario on the card

## Problems

audit-unevaluable = not evaluated: { $reason }
audit-unevaluable-task = not evaluated: the evaluation task failed
audit-git-package = from git ({ $url }): no registry data and no advisory check
audit-other-registry = from another registry ({ $url }): not evaluated, no advisory check
audit-cannot-check = { $rule } could not be checked: { $reason }
audit-unchecked-rule = { $rule }: { $reason }
audit-unchecked-license-unevaluated = licence not checked: the package was not evaluated
audit-license-none = no licence expression in its manifest
audit-license-not-read = its manifest could not be read
audit-license-unparsable = licence { $license } is not an SPDX expression
audit-license-not-allowed = licence { $license } is not allowed by the policy
audit-banned = banned by the policy
audit-banned-reason = banned by the policy: { $reason }
audit-banned-instead = banned by the policy; use { $instead } instead
audit-banned-reason-instead = banned by the policy: { $reason }; use { $instead } instead
audit-duplicate = { $count } versions of { $name } in the tree ({ $versions }); this one is pulled in by { $by }
audit-checksum-mismatch = the lockfile's checksum { $lockfile } is not the registry's { $registry }
audit-publish-age = published { $date }, { $days } ago: younger than the policy's minimum of { $min }
audit-new-build-script = has a build script; { $before } had none
audit-new-proc-macro = is a proc-macro library; { $before } was not
audit-new-links = links the native library { $links }; { $before } linked none
audit-publisher-change = published by { $now }; { $version } was published by { $before }
audit-trusted-publishing-dropped = published with a token by { $by }; { $version } was published by trusted publishing
audit-new-owner = owners added within { $days } of this release: { $owners }
audit-typosquat = its name can be mistaken for { $popular } ({ $how }), which has { $dependents } dependents to its { $own }
audit-how-separator = the same letters, other separators
audit-how-affix = an rs or rust affix
audit-how-plural = a plural
audit-how-one-edit = one letter apart
audit-reason-no-pubtime = the index records no publish time
audit-reason-crate-unread = the .crate of { $version } could not be read ({ $reason })
audit-reason-crate-task = the .crate files could not be read
audit-reason-no-dump = no crates.io dump (`cratescope dump fetch`, or --db-dump)
audit-reason-dump-unusable = the crates.io dump cannot be used ({ $reason })
audit-reason-not-in-dump = { $name } is not in the crates.io dump

## Scope

audit-scope-dev-only = reached only through dev-dependencies
audit-scope-other-target = only for other targets: { $targets }
audit-scope-unreachable = no workspace member depends on it

## Hints

audit-hint-update = upgrade { $name } to ≥ { $version } (`cargo update -p { $name } --precise { $version }`), or ignore { $id } with a reason in [[audit.ignore]]
audit-hint-parent = { $parent } requires { $name } { $req }, which excludes the fixed { $fixed }: upgrade { $parent_name } to ≥ { $to } (`cargo update -p { $parent_name } --precise { $to }`), or ignore { $id } with a reason in [[audit.ignore]]
audit-hint-parent-member = { $parent } requires { $name } { $req }, which excludes the fixed { $fixed }: change that requirement in the Cargo.toml of { $parent }
audit-hint-parent-none = { $parent } requires { $name } { $req }, which excludes the fixed { $fixed }, and no later release of it admits one: replace it, or ignore { $id } with a reason in [[audit.ignore]]
audit-hint-needs-rust = { $hint } (the fix needs Rust { $needs })
audit-hint-needs-rust-over = { $hint } (the fix needs Rust { $needs }; the workspace declares { $workspace })
audit-hint-no-fix = no fixed release: replace { $name }, or ignore { $id } with a reason in [[audit.ignore]]
audit-hint-no-fix-via = no fixed release: replace { $name } (pulled in by { $via }), or ignore { $id } with a reason in [[audit.ignore]]
audit-hint-yanked-update = move off the yanked version: `cargo update -p { $name }` (to ≥ { $version })
audit-hint-yanked-replace = no later release: replace { $name }
audit-hint-yanked-replace-via = no later release: replace { $name } (pulled in by { $via })
audit-hint-unevaluable = run without --offline (or `cargo fetch` first) so the registry data can be read, or set `unevaluable = "warn"` in [audit]
audit-hint-git = git packages get no advisory check: prefer a published release, list the repository in [audit.sources] allow_git, or set `git_packages = "allow"` in [audit]
audit-hint-registry = list the registry in [audit.sources] allow_registries, or set `other_registry_packages = "allow"` in [audit]
audit-hint-license = accept the licence in [audit.licenses] allow, add an exception for { $name }, or replace it
audit-hint-banned = remove { $name } or what pulls it in (`cargo tree -i { $name }`), or take it off [audit.bans] deny
audit-hint-duplicate = `cargo tree -d -i { $name }` shows what pulls in each version: upgrade them to one, or list it in [audit.bans] skip_duplicates
audit-hint-checksum = the lockfile does not match what the registry serves: regenerate the entry (`cargo update -p { $name }`) and find out where the other checksum came from
audit-hint-publish-age = wait until { $name } has been public for the policy's minimum age, or keep the version before it
audit-hint-cannot-check = make the data available (run without --offline, or fetch the crates.io dump), or lower the rule to "warn" in the policy
audit-hint-supply-chain = review what changed in { $name } before merging ({ $rule }), or set the rule to "allow" in [audit.supply_chain]
audit-hint-replace = replace { $name }, or accept it with a reason: [[audit.allow]] crate = "{ $name }"
audit-hint-replace-transitive = replace { $name }, or accept it with a reason: [[audit.allow]] crate = "{ $name }" (or relax [audit.transitive])
audit-hint-replace-via = replace { $name } (pulled in by { $via }), or accept it with a reason: [[audit.allow]] crate = "{ $name }" (or relax [audit.transitive])

## Warnings and notes

audit-warning-stale-db = the advisory database is stale: last updated { $date } ({ $age } ago), the policy allows { $max }; update it (`git pull` in { $path }, or run without --advisory-db and --offline)
audit-warning-stale-db-newest = the advisory database is stale: last updated { $date } ({ $age } ago, from its newest advisory: not a git checkout), the policy allows { $max }; update it ({ $path })
audit-warning-not-checked-flag = advisories were NOT checked: the advisory database could not be loaded ({ $reason }); --allow-missing-advisory-db accepts running without it
audit-warning-not-checked-policy = advisories were NOT checked: the advisory database could not be loaded ({ $reason }); the policy (allow_missing_advisory_db) accepts running without it
audit-advisory-db-not-loaded = not loaded: { $reason }
audit-warning-allow-expired = the allow-list entry for { $name } expired on { $date }: its crate is judged again
audit-warning-ignore-expired = the ignore entry for { $id } expired on { $date }: the advisory counts again
audit-deny-toml-unsupported = deny.toml: { $key } is not applied by cratescope
audit-deny-toml-deprecated = deny.toml: { $key } is deprecated in cargo-deny and not applied
audit-deny-toml-stricter = deny.toml: { $key } = "{ $value }" cannot be applied exactly: every such advisory fails instead
audit-note-members-from-lockfile = workspace members taken from the lockfile (no manifest): their dev-dependencies and targets are unknown, so every package counts as a normal dependency for every target
audit-note-direct-from-posted-lockfile = direct dependencies taken from the lockfile (sent without a manifest)
audit-note-metadata-failed = { $reason }; workspace members taken from the lockfile
audit-note-generated-lockfile = `{ $path }` did not exist: generated with `{ $command }`
audit-note-git-skipped = repositories were not read (git source skipped): cloning every dependency is not what a CI gate should do; set `evaluate_git = true` in [audit] to read them
audit-note-no-metadata-scope = exclude_dev and targets cannot be applied to the members' own dependencies without cargo metadata: they all count as normal dependencies for every target
audit-note-unannotated = the index entries of { $count } { $count ->
    [one] package
   *[other] packages
} could not be read ({ $crates }); their dependencies count as normal dependencies for every target
audit-note-cache-write-failed = { $count } { $count ->
    [one] evaluation
   *[other] evaluations
} could not be written to the evaluation cache
audit-note-allow-not-needed = the allow-list entry for { $name } is not needed: { $name } { $version } meets the policy's score rules
audit-note-allow-unused = the allow-list entry for { $name } matches no evaluated package
audit-note-ignore-unused = the ignore entry for { $id } matches no advisory in this lockfile
audit-note-base = judged what the change from { $base } adds or bumps ({ $changed } { $changed ->
    [one] package
   *[other] packages
}); findings on the { $unchanged } { $unchanged ->
    [one] package
   *[other] packages
} it did not touch are listed apart and do not fail the gate (--all judges them too)
audit-note-no-dump = publishers, owners, trusted publishing and confusable names were not checked: { $reason }

## Pull-request Markdown

audit-md-title = cratescope audit: { $summary }
audit-md-evidence = Supply-chain evidence ({ $count } changed { $count ->
    [one] package
   *[other] packages
})
audit-md-removed = Removed by this change ({ $count })
audit-md-notes = Notes ({ $count })
audit-md-all-packages = All { $count } packages
audit-md-more-rows = … and { $count } more { $count ->
    [one] row
   *[other] rows
} (the JSON and SARIF outputs list every one)
audit-md-cut = The rest of this report was cut to stay under GitHub's comment limit; the JSON and SARIF outputs have everything.
audit-col-verdict = verdict
audit-col-crate = crate
audit-col-version = version
audit-col-change = change
audit-col-dep = dependency
audit-col-composite = composite
audit-col-tier = tier
audit-col-reason = rule / reason
audit-col-source = source
audit-col-package = package
audit-col-compared = compared with
audit-col-published = published
audit-col-publisher = publisher
audit-col-owners = owners added
audit-col-trusted = trusted publishing
audit-col-build-script = build script
audit-col-proc-macro = proc-macro
audit-col-links = links
audit-col-confusable = confusable with
audit-published = { $date } ({ $age } ago)
audit-publisher-was = { $now } (was { $before })
audit-trusted-publishing = trusted publishing
audit-trusted-share = { $trusted } of { $releases }
audit-yes = yes
audit-no = no
audit-new = new

## SARIF

audit-sarif-direct = { $name } { $version } (direct dependency): { $text }
audit-sarif-transitive = { $name } { $version } (transitive dependency): { $text }
audit-sarif-srcroot = The root of the audited workspace's repository.
audit-rule-advisory-full = RustSec advisory { $id } ({ $kind }) on the locked version: { $title }
audit-rule-advisory-help = Upgrade to a version the advisory does not affect, or ignore { $id } with a reason in [[audit.ignore]]; its RustSec page has the details

audit-rule-denied-tier-short = The crate's tier is one the policy denies
audit-rule-denied-tier-full = The maturity tier of the locked version (from its evaluation) is listed in the policy's deny_tiers; ⛔ avoid comes from a gate such as unmaintained, deprecated or archived, and the message names it
audit-rule-denied-tier-help = Replace the crate, or accept it with a reason in [[audit.allow]]
audit-rule-min-composite-short = The composite score is below the policy's minimum
audit-rule-min-composite-full = The composite maturity score of the locked version is below min_composite
audit-rule-min-composite-help = Replace the crate, accept it with a reason in [[audit.allow]], or lower min_composite
audit-rule-min-dimension-short = A dimension score is below the policy's minimum
audit-rule-min-dimension-full = A dimension score of the locked version is below its min_dimension entry
audit-rule-min-dimension-help = Replace the crate, accept it with a reason in [[audit.allow]], or lower the minimum
audit-rule-max-unsafe-density-short = Unsafe code per 1k lines is above the policy's maximum
audit-rule-max-unsafe-density-full = Unsafe blocks, functions and impls per 1,000 lines of the locked version exceed max_unsafe_density
audit-rule-max-unsafe-density-help = Review the unsafe code, accept the crate with a reason in [[audit.allow]], or raise the maximum
audit-rule-min-scenario-stars-short = Fewer stars than required in the policy's scenario
audit-rule-min-scenario-stars-full = The locked version has fewer stars in the policy's scenario than min_scenario_stars
audit-rule-min-scenario-stars-help = Replace the crate, or accept it with a reason in [[audit.allow]]
audit-rule-unevaluable-short = A registry package in scope could not be evaluated
audit-rule-unevaluable-full = The registry data of a package in the policy's scope could not be read (offline without cargo's cache, an index or tarball that cannot be read), so its rules cannot be checked
audit-rule-unevaluable-help = Run without --offline or run cargo fetch first, or set unevaluable to warn in [audit]
audit-rule-git-package-short = A package comes from a git repository
audit-rule-git-package-full = A package from a git repository has no registry data and gets no advisory check
audit-rule-git-package-help = Prefer a published release, list the repository in [audit.sources] allow_git, or set git_packages to allow
audit-rule-other-registry-package-short = A package comes from another registry
audit-rule-other-registry-package-full = A package from a registry other than crates.io is not evaluated and gets no advisory check
audit-rule-other-registry-package-help = List the registry in [audit.sources] allow_registries, or set other_registry_packages to allow
audit-rule-yanked-short = The locked version was yanked
audit-rule-yanked-full = The locked version was yanked from the registry: its authors withdrew it
audit-rule-yanked-help = Move to a later release with cargo update
audit-rule-license-short = The licence is not allowed by the policy
audit-rule-license-full = The SPDX licence expression of the package cannot be satisfied with the licences the policy allows
audit-rule-license-help = Allow the licence in [audit.licenses], add an exception for the crate, or replace it
audit-rule-license-unknown-short = The package declares no readable licence
audit-rule-license-unknown-full = The manifest has no SPDX licence expression (or one that does not parse), so the licence policy cannot accept it
audit-rule-license-unknown-help = Ask the authors to declare a licence, add an exception, or set unlicensed in [audit.licenses]
audit-rule-banned-short = The crate is banned by the policy
audit-rule-banned-full = The crate is on the policy's deny list ([audit.bans] deny) and is not only pulled in by one of its allowed wrappers
audit-rule-banned-help = Remove it or what pulls it in, or take it off the deny list
audit-rule-duplicate-short = Several versions of one crate are in the tree
audit-rule-duplicate-full = More than one version of the crate is built; the older ones are reported with the packages that pull them in
audit-rule-duplicate-help = Upgrade the packages that pull in the older version, or list it in [audit.bans] skip_duplicates
audit-rule-publish-age-short = The locked version is younger than the policy allows
audit-rule-publish-age-full = The locked version was published fewer days before the audit than min_publish_age_days: a malicious release is usually caught within days
audit-rule-publish-age-help = Wait, or keep the previous release
audit-rule-publisher-change-short = Published by someone else than the version before
audit-rule-publisher-change-full = The crates.io user who published this version is not the one who published the version compared with (the base's, or the previous release)
audit-rule-publisher-change-help = Check that the new publisher is expected before merging
audit-rule-new-owner-short = An owner was added shortly before this release
audit-rule-new-owner-full = An owner was added to the crate within new_owner_days before the locked version's release: the pattern of account takeovers and handed-over crates
audit-rule-new-owner-help = Check who the new owner is before merging
audit-rule-new-build-script-short = A build script appeared
audit-rule-new-build-script-full = The locked version has a build script, which runs at build time with the builder's rights; the version compared with had none
audit-rule-new-build-script-help = Read the build script before merging
audit-rule-new-proc-macro-short = A proc-macro appeared
audit-rule-new-proc-macro-full = The locked version is a proc-macro library, which runs in the compiler; the version compared with was not
audit-rule-new-proc-macro-help = Read the macro code before merging
audit-rule-new-links-short = A native library link appeared
audit-rule-new-links-full = The locked version links a native library (links key) that the version compared with did not
audit-rule-new-links-help = Check where the native library comes from before merging
audit-rule-typosquat-short = The name can be mistaken for a much more depended-on crate's
audit-rule-typosquat-full = The name differs from a crate with many times its dependents by one letter, a separator, an rs or rust affix, or a plural: the shape of typosquatting
audit-rule-typosquat-help = Check that this is the crate you meant
audit-rule-trusted-publishing-dropped-short = Published with a token where trusted publishing was used before
audit-rule-trusted-publishing-dropped-full = The version compared with was published by trusted publishing, and the locked one by a user's token: a stolen token publishes this way
audit-rule-trusted-publishing-dropped-help = Check with the authors that the release is theirs before merging
audit-rule-checksum-mismatch-short = The lockfile's checksum is not the registry's
audit-rule-checksum-mismatch-full = The checksum Cargo.lock records for the package differs from the one the registry index gives for that version
audit-rule-checksum-mismatch-help = Regenerate the entry with cargo update and find out where the other checksum came from
audit-rule-cannot-check-short = A rule the policy makes failing could not be checked
audit-rule-cannot-check-full = The data a failing rule needs was not available, so the gate does not pass on it
audit-rule-cannot-check-help = Make the data available, or lower the rule to warn in the policy
