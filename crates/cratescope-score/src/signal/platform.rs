//! Does a `[target.'cfg(…)'.dependencies]` entry apply to a common build?
//!
//! A dependency declared for one platform only (reqwest's wasm-only
//! `wasm-streams`) says nothing about how current the crate keeps its
//! dependencies for everyone else. "Common" means one of Rust's tier-1
//! targets (the ones the Rust project guarantees to build and test): a
//! dependency counts when its `cfg` holds on at least one of them.
//!
//! Evaluated here, without a dependency, on the small `cfg` grammar cargo
//! accepts (`all`, `any`, `not`, names, `key = "value"`); a plain target
//! triple is compared with the tier-1 triples. Unknown names and keys are
//! false, as on a build that does not set them (`cfg(loom)`,
//! `cfg(tokio_unstable)`); what cannot be parsed counts as applying (the
//! dependency is kept, the conservative choice). Nesting is bounded, so
//! hostile input cannot exhaust the stack.

/// A tier-1 target and the cfg values it sets.
struct Target {
    triple: &'static str,
    arch: &'static str,
    os: &'static str,
    family: &'static str,
    env: &'static str,
    vendor: &'static str,
    pointer_width: &'static str,
}

/// Rust's tier-1 targets (with host tools), as of 2026.
const TIER1: &[Target] = &[
    Target {
        triple: "x86_64-unknown-linux-gnu",
        arch: "x86_64",
        os: "linux",
        family: "unix",
        env: "gnu",
        vendor: "unknown",
        pointer_width: "64",
    },
    Target {
        triple: "aarch64-unknown-linux-gnu",
        arch: "aarch64",
        os: "linux",
        family: "unix",
        env: "gnu",
        vendor: "unknown",
        pointer_width: "64",
    },
    Target {
        triple: "i686-unknown-linux-gnu",
        arch: "x86",
        os: "linux",
        family: "unix",
        env: "gnu",
        vendor: "unknown",
        pointer_width: "32",
    },
    Target {
        triple: "x86_64-pc-windows-msvc",
        arch: "x86_64",
        os: "windows",
        family: "windows",
        env: "msvc",
        vendor: "pc",
        pointer_width: "64",
    },
    Target {
        triple: "i686-pc-windows-msvc",
        arch: "x86",
        os: "windows",
        family: "windows",
        env: "msvc",
        vendor: "pc",
        pointer_width: "32",
    },
    Target {
        triple: "x86_64-pc-windows-gnu",
        arch: "x86_64",
        os: "windows",
        family: "windows",
        env: "gnu",
        vendor: "pc",
        pointer_width: "64",
    },
    Target {
        triple: "aarch64-apple-darwin",
        arch: "aarch64",
        os: "macos",
        family: "unix",
        env: "",
        vendor: "apple",
        pointer_width: "64",
    },
];

/// Deeper nesting than this is not a real manifest.
const MAX_DEPTH: usize = 32;

/// Whether a dependency's `target` holds on at least one tier-1 target.
pub fn applies_to_common_build(target: &str) -> bool {
    let t = target.trim();
    let Some(rest) = t.strip_prefix("cfg(") else {
        // A plain triple.
        return TIER1.iter().any(|x| x.triple == t);
    };
    let Some(inner) = rest.strip_suffix(')') else {
        return true;
    };
    let Some(expr) = parse(inner) else {
        return true;
    };
    TIER1.iter().any(|x| eval(&expr, x))
}

#[derive(Debug)]
enum Expr {
    All(Vec<Expr>),
    Any(Vec<Expr>),
    Not(Box<Expr>),
    Name(String),
    KeyValue(String, String),
}

fn eval(e: &Expr, t: &Target) -> bool {
    match e {
        Expr::All(xs) => xs.iter().all(|x| eval(x, t)),
        Expr::Any(xs) => xs.iter().any(|x| eval(x, t)),
        Expr::Not(x) => !eval(x, t),
        Expr::Name(n) => match n.as_str() {
            "unix" => t.family == "unix",
            "windows" => t.family == "windows",
            // debug_assertions, test, miri, doc, docsrs, custom cfgs: not
            // set on a plain build.
            _ => false,
        },
        Expr::KeyValue(k, v) => match k.as_str() {
            "target_arch" => t.arch == v,
            "target_os" => t.os == v,
            "target_family" => t.family == v,
            "target_env" => t.env == v,
            "target_vendor" => t.vendor == v,
            "target_pointer_width" => t.pointer_width == v,
            "target_endian" => v == "little",
            // Every tier-1 target has these.
            "target_has_atomic" => {
                matches!(v.as_str(), "8" | "16" | "32" | "ptr")
                    || (v == "64" && t.pointer_width == "64")
            }
            "panic" => v == "unwind",
            _ => false,
        },
    }
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

fn parse(text: &str) -> Option<Expr> {
    let mut p = Parser {
        s: text.as_bytes(),
        pos: 0,
    };
    let e = p.expr(0)?;
    p.ws();
    (p.pos == p.s.len()).then_some(e)
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.ws();
        let start = self.pos;
        while self.pos < self.s.len()
            && (self.s[self.pos].is_ascii_alphanumeric() || self.s[self.pos] == b'_')
        {
            self.pos += 1;
        }
        (self.pos > start).then(|| String::from_utf8_lossy(&self.s[start..self.pos]).into_owned())
    }

    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.pos;
        while self.pos < self.s.len() && self.s[self.pos] != b'"' {
            self.pos += 1;
        }
        let v = String::from_utf8_lossy(&self.s[start..self.pos]).into_owned();
        self.eat(b'"').then_some(v)
    }

    fn list(&mut self, depth: usize) -> Option<Vec<Expr>> {
        if !self.eat(b'(') {
            return None;
        }
        let mut out = Vec::new();
        loop {
            if self.eat(b')') {
                return Some(out);
            }
            out.push(self.expr(depth + 1)?);
            if !self.eat(b',') {
                return self.eat(b')').then_some(out);
            }
        }
    }

    fn expr(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            return None;
        }
        let name = self.ident()?;
        match name.as_str() {
            "all" => Some(Expr::All(self.list(depth)?)),
            "any" => Some(Expr::Any(self.list(depth)?)),
            "not" => {
                let mut xs = self.list(depth)?;
                (xs.len() == 1).then(|| Expr::Not(Box::new(xs.remove(0))))
            }
            _ => {
                if self.eat(b'=') {
                    Some(Expr::KeyValue(name, self.string()?))
                } else {
                    Some(Expr::Name(name))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::applies_to_common_build as applies;

    #[test]
    fn common_platforms_and_others() {
        assert!(applies("cfg(unix)"));
        assert!(applies("cfg(windows)"));
        assert!(applies("cfg(not(target_arch = \"wasm32\"))"));
        assert!(applies("cfg(all(unix, not(target_os = \"macos\")))"));
        assert!(applies("x86_64-pc-windows-gnu"));
        assert!(applies("cfg(target_os = \"macos\")"));
        assert!(!applies("cfg(target_arch = \"wasm32\")"));
        assert!(!applies("cfg(target_os = \"android\")"));
        assert!(!applies(
            "cfg(any(target_os = \"ios\", target_os = \"android\"))"
        ));
        assert!(!applies("wasm32-unknown-unknown"));
        assert!(!applies("cfg(loom)"));
        assert!(!applies("cfg(any())"));
        assert!(applies("cfg(not(miri))"));
        // Unparsable: kept.
        assert!(applies("cfg(all(unix"));
        // Hostile nesting: bounded, kept.
        let deep = format!("cfg({}unix{})", "not(".repeat(10_000), ")".repeat(10_000));
        assert!(applies(&deep));
    }
}
