# The installability signal (D6): can `cargo install` build a binary crate on the day.

install-no-binary = no binary target: nothing to `cargo install`
install-package-unread = the published .crate was not read: whether there is a binary to install is unknown
install-bins = { $n ->
    [one] { $n } binary target
   *[other] { $n } binary targets
  }
install-rust-version-ok = rust-version { $declared } is released (stable Rust of the day: { $stable })
install-rust-version-future = rust-version { $declared } needs a Rust newer than the stable { $stable } of the day: `cargo install` fails
install-deps-resolve = every dependency of a default build has a release its requirement admits
install-deps-published = every dependency of a default build has a published release its requirement admits (yanks on that day unknown)
install-dep-unresolvable = { $krate } { $req } admits no release in the index on the day: `cargo install` fails
install-deps-unread = dependencies not checked (index entry unread): { $crates }
install-deps-not-checked = dependencies not checked: the index was not looked up for them
install-path-dep-missing = path dependency { $krate } is missing from the published dependency list
install-lock = ships Cargo.lock (`cargo install --locked` builds what the author tested)
install-no-lock = no Cargo.lock in the package: `cargo install --locked` has nothing to lock to
