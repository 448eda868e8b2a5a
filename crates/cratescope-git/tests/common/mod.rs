//! Builds real git repositories with the `git` CLI for the tests: chosen
//! authors, committer dates, merges, tags and files, isolated from the
//! machine's git configuration.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A repository in a temporary directory.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
}

/// An author identity.
pub type Who<'a> = (&'a str, &'a str);

pub fn git_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let home = dir.join(".test-home");
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", &home)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl TestRepo {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        git_in(dir.path(), &["init", "-q", "-b", "main"], &[]);
        TestRepo { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args, &[])
    }

    pub fn write(&self, file: &str, text: &str) {
        let p: PathBuf = self.path().join(file);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    /// Write `files` and commit them as `who` at `date` (author and committer).
    pub fn commit(&self, who: Who<'_>, date: &str, files: &[(&str, &str)]) -> String {
        for (f, t) in files {
            self.write(f, t);
        }
        self.git(&["add", "-A"]);
        let env = [
            ("GIT_AUTHOR_NAME", who.0),
            ("GIT_AUTHOR_EMAIL", who.1),
            ("GIT_AUTHOR_DATE", date),
            ("GIT_COMMITTER_DATE", date),
        ];
        git_in(
            self.path(),
            &[
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                &format!("change by {} at {date}", who.0),
            ],
            &env,
        );
        self.head()
    }

    /// Merge `branch` into the current branch with a merge commit at `date`.
    pub fn merge(&self, who: Who<'_>, date: &str, branch: &str) -> String {
        let env = [
            ("GIT_AUTHOR_NAME", who.0),
            ("GIT_AUTHOR_EMAIL", who.1),
            ("GIT_AUTHOR_DATE", date),
            ("GIT_COMMITTER_DATE", date),
        ];
        git_in(
            self.path(),
            &["merge", "-q", "--no-ff", "--no-edit", branch],
            &env,
        );
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// `git log --no-merges` count in the window, as the spec's reference.
    pub fn git_log_count(&self, since: &str, until: &str, path: Option<&str>) -> u32 {
        let mut args = vec![
            "log".to_string(),
            "--no-merges".into(),
            "--format=%H".into(),
            format!("--since={since}"),
            format!("--until={until}"),
            "HEAD".into(),
        ];
        if let Some(p) = path {
            args.push("--".into());
            args.push(p.into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.git(&args).lines().count() as u32
    }

    /// `git shortlog -sne --no-merges` in the window: (count, "Name <email>").
    pub fn git_shortlog(&self, since: &str, until: &str, path: Option<&str>) -> Vec<(u32, String)> {
        let mut args = vec![
            "shortlog".to_string(),
            "-sne".into(),
            "--no-merges".into(),
            format!("--since={since}"),
            format!("--until={until}"),
            "HEAD".into(),
        ];
        if let Some(p) = path {
            args.push("--".into());
            args.push(p.into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.git(&args)
            .lines()
            .filter_map(|l| {
                let (n, who) = l.trim().split_once('\t')?;
                Some((n.trim().parse().ok()?, who.to_string()))
            })
            .collect()
    }
}
