# The package analysis's warnings: what in a `.crate` could not be read as
# it should. Paths and parser errors stay verbatim.

tarball-path-not-utf8 = entry path `{ $path }` is not valid UTF-8; kept lossily
tarball-entry-duplicate = entry `{ $path }` appears more than once; the last copy is kept
manifest-too-large = `{ $path }` is { $size }, over the { $max } limit; not parsed
manifest-unparsable = failed to parse `{ $path }`: { $why }
manifest-missing = no readable Cargo.toml in the package
manifest-version-not-semver = manifest version `{ $version }` is not semver
vcs-info-unparsable = failed to parse `{ $path }`: { $why }
source-unparsable = failed to parse `{ $path }`: { $why }
analysis-internal-error = the analysis stopped on an internal error ({ $why })

# A `.crate` archive that cannot be read.
tarball-read = failed to read the .crate archive: { $why }
tarball-entry-read = failed to read entry `{ $path }` of the .crate archive: { $why }
tarball-unsafe-path = unsafe path in the .crate archive: `{ $path }`
tarball-outside-top = entry `{ $path }` is outside the top folder `{ $top }` of the .crate archive
tarball-too-many-entries = the .crate archive has more than { $limit } entries
tarball-too-large = the .crate archive inflates to more than { $limit }
tarball-empty = the .crate archive is empty
tarball-analysis-failed = the analysis of the .crate failed ({ $why })
tarball-analysis-stopped = its analysis was stopped at its limit
tarball-docs-view-siblings-failed = docs.rs view with sibling crates: { $why }
tarball-origin-cargo-cache = cargo's local cache
tarball-origin-cache = our cache
tarball-origin-download = downloaded
tarball-refused = refused: { $why }
tarball-refused-warning = the published .crate of `{ $krate }` { $version } was refused: { $why }
