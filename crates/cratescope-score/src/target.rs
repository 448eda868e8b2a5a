//! Which platform-specific dependencies apply to a build: `target = "cfg(…)"`
//! and plain target triples, evaluated with `cfg-expr` against rustc's
//! built-in description of a target. The one cfg evaluator of the project:
//! the engine resolves dependency trees with it, the ecosystem signal asks
//! whether a dependency applies to a common build.
//!
//! A normal build sets no custom flags: `cfg(loom)`, `cfg(tokio_unstable)`,
//! `cfg(miri)`, `cfg(test)`, `cfg(docsrs)` and `cfg(feature = …)` are false
//! (features cannot appear in a dependency's `target` anyway); `debug_assertions`
//! is true (a dev build). Target features are rustc's baseline for the
//! target's architecture. A predicate that does not parse counts as applying:
//! a dependency is never dropped on a parse quirk, and an expression longer
//! than [`MAX_CFG_BYTES`] is not parsed at all (it counts as applying).

use cfg_expr::targets::{TargetInfo, get_builtin_target_by_triple};
use cfg_expr::{Expression, Predicate, TargetPredicate};

/// The platform a tree is resolved for when nothing else is said: the most
/// common build host and CI runner.
pub const DEFAULT_TRIPLE: &str = "x86_64-unknown-linux-gnu";

/// No real `target` key comes near this; a longer one is hostile and
/// counts as applying without being parsed.
pub const MAX_CFG_BYTES: usize = 4096;

/// A build platform: a built-in target triple.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    info: &'static TargetInfo,
}

/// Problems naming a platform.
#[derive(Debug, thiserror::Error)]
#[error("unknown target triple `{0}` (rustc's built-in targets are known)")]
pub struct UnknownTarget(pub String);

impl Platform {
    /// A built-in target by triple.
    pub fn new(triple: &str) -> Result<Platform, UnknownTarget> {
        get_builtin_target_by_triple(triple)
            .map(|info| Platform { info })
            .ok_or_else(|| UnknownTarget(triple.to_string()))
    }

    /// [`DEFAULT_TRIPLE`].
    pub fn linux() -> Platform {
        // A built-in triple: its absence would be a build defect of cfg-expr.
        Platform::new(DEFAULT_TRIPLE).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The triple.
    pub fn triple(&self) -> &str {
        self.info.triple.as_str()
    }

    /// The target's operating system (`linux`, `windows`, `macos`…; None
    /// for bare-metal targets).
    pub fn os(&self) -> Option<&str> {
        self.info.os.as_ref().map(|o| o.as_str())
    }

    /// The target's architecture (`x86_64`, `aarch64`, `wasm32`…).
    pub fn arch(&self) -> &str {
        self.info.arch.as_str()
    }

    /// Whether a dependency's `target` (a `cfg(…)` expression or a triple)
    /// applies on this platform.
    pub fn applies(&self, target: &str) -> bool {
        let t = target.trim();
        if !t.starts_with("cfg(") {
            return t == self.triple();
        }
        if t.len() > MAX_CFG_BYTES {
            return true;
        }
        let Ok(expr) = Expression::parse(t) else {
            return true;
        };
        expr.eval(|p| match p {
            Predicate::Target(tp) => self.target_predicate(tp),
            Predicate::DebugAssertions => true,
            Predicate::TargetFeature(f) => self.baseline_feature(f),
            Predicate::Test
            | Predicate::ProcMacro
            | Predicate::Feature(_)
            | Predicate::Flag(_)
            | Predicate::KeyValue { .. } => false,
        })
    }

    fn target_predicate(&self, tp: &TargetPredicate) -> bool {
        tp.matches(self.info)
    }

    /// rustc's default target features for the architecture (no
    /// `-C target-cpu`): what `cfg(target_feature = …)` sees in a plain build.
    fn baseline_feature(&self, feature: &str) -> bool {
        let baseline: &[&str] = match self.info.arch.as_str() {
            "x86_64" => &["fxsr", "sse", "sse2"],
            "aarch64" => &["neon", "fp"],
            _ => &[],
        };
        baseline.contains(&feature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_x86_64_evaluates_like_cargo() {
        let p = Platform::linux();
        for (target, expected) in [
            ("cfg(unix)", true),
            ("cfg(windows)", false),
            ("cfg(target_os = \"linux\")", true),
            ("cfg(target_os = \"macos\")", false),
            ("cfg(not(target_arch = \"wasm32\"))", true),
            ("cfg(target_arch = \"wasm32\")", false),
            ("cfg(all(unix, not(target_os = \"macos\")))", true),
            (
                "cfg(any(target_os = \"ios\", target_os = \"android\"))",
                false,
            ),
            ("cfg(any())", false),
            ("cfg(all())", true),
            ("cfg(loom)", false),
            ("cfg(not(loom))", true),
            ("cfg(tokio_unstable)", false),
            ("cfg(target_feature = \"sse2\")", true),
            ("cfg(target_feature = \"avx2\")", false),
            ("cfg(target_pointer_width = \"64\")", true),
            ("cfg(target_env = \"gnu\")", true),
            ("x86_64-unknown-linux-gnu", true),
            ("x86_64-pc-windows-msvc", false),
            ("cfg(this is not a cfg", true),
        ] {
            assert_eq!(p.applies(target), expected, "{target}");
        }
    }

    #[test]
    fn other_platforms_by_triple() {
        let w = Platform::new("x86_64-pc-windows-msvc").unwrap();
        assert!(w.applies("cfg(windows)"));
        assert!(!w.applies("cfg(unix)"));
        let m = Platform::new("aarch64-apple-darwin").unwrap();
        assert!(m.applies("cfg(target_os = \"macos\")"));
        assert!(m.applies("cfg(target_vendor = \"apple\")"));
        assert!(Platform::new("not-a-triple").is_err());
    }
}
