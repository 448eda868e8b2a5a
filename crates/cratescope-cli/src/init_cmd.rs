//! `cratescope init`: write a commented `cratescope.toml` (the policy with
//! its inheritance explained, model overrides, endpoints). Every line of the
//! template is commented out except the table headers, so the file changes
//! nothing until a key is uncommented; a test checks that it parses, and that
//! every key it mentions is a key the readers accept.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::cli::print;

/// The file `init` writes.
pub(crate) const TEMPLATE: &str = include_str!("init.toml");

/// Arguments of `cratescope init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Where to write it
    #[arg(long, value_name = "FILE", default_value = "cratescope.toml")]
    path: PathBuf,
    /// Replace an existing file
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(a: InitArgs) -> Result<u8> {
    if a.path.exists() && !a.force {
        bail!(
            "`{}` already exists; pass --force to replace it",
            a.path.display()
        );
    }
    std::fs::write(&a.path, TEMPLATE)
        .with_context(|| format!("cannot write `{}`", a.path.display()))?;
    print(&format!(
        "wrote {}: every key is commented out; uncomment what you need (docs/audit.md documents [audit])\n",
        a.path.display()
    ))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cratescope_engine::audit::policy;
    use cratescope_engine::config::ConfigFile;

    fn read(text: &str) -> ConfigFile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cratescope.toml");
        std::fs::write(&path, text).unwrap();
        ConfigFile::load(Some(&path))
            .unwrap_or_else(|e| panic!("{}\n{text}", cratescope_engine::error::chain(&e)))
    }

    #[test]
    fn the_template_parses_and_changes_nothing() {
        let file = read(TEMPLATE);
        let p = policy::from_table(file.audit.as_ref().unwrap()).unwrap();
        assert_eq!(p, policy::Policy::default());
        assert_eq!(file.model, Default::default());
    }

    #[test]
    fn every_commented_example_is_valid_when_uncommented() {
        // Uncomment every `# key = value` and `# [table]` line: the result
        // must still be read by the same readers (so no key is misspelt).
        let mut text = String::new();
        for line in TEMPLATE.lines() {
            let body = line.strip_prefix("# ").unwrap_or(line);
            let is_code = body.starts_with('[')
                || body
                    .split_once(" = ")
                    .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' '));
            if line.starts_with("# ") && is_code {
                text.push_str(body);
            } else if !line.starts_with('#') {
                text.push_str(line);
            }
            text.push('\n');
        }
        let file = read(&text);
        let p = policy::from_table(file.audit.as_ref().unwrap())
            .unwrap_or_else(|e| panic!("{}", cratescope_engine::error::chain(&e)));
        assert_eq!(p.targets.len(), 2);
        assert_eq!(p.allow.len(), 1);
        assert_eq!(p.ignore.len(), 1);
        assert_eq!(p.transitive_inherit, ["max_unsafe_density"]);
        let model = cratescope_score::Model::embedded()
            .with_overrides(&file.model)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(model.scenarios.iter().any(|s| s.id == "embedded"));
    }
}
