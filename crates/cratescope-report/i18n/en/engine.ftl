# The engine's sentences: how each source answered, warnings met while
# collecting.

advisory-db-age = { $n } advisories, { $age } old
advisory-db-age-unknown = { $n } advisories, age unknown (not a git checkout)
advisory-db-unparsable = { $n ->
    [one] 1 file does not parse
   *[other] { $n } files do not parse
}
