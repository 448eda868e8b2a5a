//! The dependency graph between crates: how many crates depend on each one
//! through others (the transitive closure of reverse dependencies), for
//! every crate at once at import time, and for one crate at a past date.
//!
//! All crates at once: the graph is condensed into strongly connected
//! components (cycles exist: A's default version may depend on B while B's
//! depends on an older A), and the components are visited in topological
//! order carrying one bit per source crate, 256 sources per pass. A pass
//! costs one sweep over the edges, so the whole computation is
//! `sources / 256 × edges` word operations instead of one graph search per
//! crate.

/// Sources handled per pass: 4 × 64 bits.
const WORDS: usize = 4;

/// For each node, the number of distinct other nodes that depend on it,
/// directly or through others. `edges` are `(target, dependent)` pairs: the
/// dependent depends on the target.
pub(crate) fn closure_sizes(n: usize, edges: &[(u32, u32)]) -> Vec<u64> {
    let adj = Csr::new(n, edges.iter().map(|&(t, d)| (t, d)));
    let (comp, n_comps) = tarjan(n, &adj);
    let mut size = vec![0u64; n_comps];
    for &c in &comp {
        size[c as usize] += 1;
    }
    // Edges between components, ordered so that a component's incoming
    // edges are all applied before its outgoing ones: Tarjan numbers a
    // component after everything reachable from it, so higher ids come first.
    let mut dag: Vec<(u32, u32)> = edges
        .iter()
        .map(|&(t, d)| (comp[t as usize], comp[d as usize]))
        .filter(|(a, b)| a != b)
        .collect();
    dag.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    dag.dedup();

    let mut has_dependent = vec![false; n];
    for &(t, d) in edges {
        if t != d {
            has_dependent[t as usize] = true;
        }
    }
    let sources: Vec<u32> = (0..n as u32)
        .filter(|&v| has_dependent[v as usize])
        .collect();
    let mut closure = vec![0u64; n];
    let mut mask = vec![[0u64; WORDS]; n_comps];
    for batch in sources.chunks(64 * WORDS) {
        for m in mask.iter_mut() {
            *m = [0; WORDS];
        }
        for (j, &s) in batch.iter().enumerate() {
            mask[comp[s as usize] as usize][j / 64] |= 1 << (j % 64);
        }
        for &(u, w) in &dag {
            let from = mask[u as usize];
            if from == [0; WORDS] {
                continue;
            }
            let to = &mut mask[w as usize];
            for k in 0..WORDS {
                to[k] |= from[k];
            }
        }
        let mut count = vec![0u64; batch.len()];
        for (c, m) in mask.iter().enumerate() {
            for (k, word) in m.iter().enumerate() {
                let mut bits = *word;
                while bits != 0 {
                    let j = bits.trailing_zeros() as usize;
                    count[k * 64 + j] += size[c];
                    bits &= bits - 1;
                }
            }
        }
        for (j, &s) in batch.iter().enumerate() {
            // Its own component counts it once; the others in a cycle with it
            // do depend on it.
            closure[s as usize] = count[j].saturating_sub(1);
        }
    }
    closure
}

/// Compressed adjacency lists.
pub(crate) struct Csr {
    pub offsets: Vec<u32>,
    pub targets: Vec<u32>,
}

impl Csr {
    pub(crate) fn new(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Csr {
        let mut offsets = vec![0u32; n + 1];
        for (a, _) in pairs.clone() {
            offsets[a as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0u32; offsets[n] as usize];
        for (a, b) in pairs {
            let slot = &mut fill[a as usize];
            targets[*slot as usize] = b;
            *slot += 1;
        }
        Csr { offsets, targets }
    }

    pub(crate) fn of(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }
}

/// Strongly connected components, iteratively (no recursion: chains of
/// thousands of crates must not overflow the stack). Returns each node's
/// component id and the number of components; ids follow Tarjan's order, a
/// component after every component reachable from it.
fn tarjan(n: usize, adj: &Csr) -> (Vec<u32>, usize) {
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<(u32, u32)> = Vec::new(); // (node, next edge position)
    let mut next_index = 0u32;
    let mut n_comps = 0u32;
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        call.push((root, adj.offsets[root as usize]));
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut pos)) = call.last_mut() {
            let end = adj.offsets[v as usize + 1];
            if *pos < end {
                let w = adj.targets[*pos as usize];
                *pos += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = next_index;
                    low[w as usize] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    call.push((w, adj.offsets[w as usize]));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent as usize] = low[parent as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        comp[w as usize] = n_comps;
                        if w == v {
                            break;
                        }
                    }
                    n_comps += 1;
                }
            }
        }
    }
    (comp, n_comps as usize)
}

/// What the dump can say about a past day: every dependency row of every
/// version, and when each version was its crate's default version.
#[derive(Debug, Default)]
pub(crate) struct PastGraph {
    /// Per target crate, the range of `rows` naming it.
    pub offsets: Vec<u32>,
    /// Dependent version index, with [`RUNTIME_BIT`] set for normal/build rows.
    pub rows: Vec<u32>,
    /// Crate of each version.
    pub ver_crate: Vec<u32>,
    /// Each version was its crate's default from this instant (Unix seconds)…
    pub from: Vec<i64>,
    /// …until this one (exclusive); `from == until` when it never was.
    pub until: Vec<i64>,
}

/// Marks a dependency row that is not a dev-dependency.
pub(crate) const RUNTIME_BIT: u32 = 1 << 31;

/// Dependents of one crate at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PastCounts {
    pub dependents: u64,
    pub runtime: u64,
    pub indirect: u64,
}

impl PastGraph {
    fn default_at(&self, v: usize, at: i64) -> bool {
        self.from[v] <= at && at < self.until[v]
    }

    /// Distinct crates whose default version at `at` depends on `target`.
    fn direct(&self, target: usize, at: i64, runtime_only: bool, out: &mut Vec<u32>) {
        out.clear();
        let (a, b) = (
            self.offsets[target] as usize,
            self.offsets[target + 1] as usize,
        );
        for &r in &self.rows[a..b] {
            if runtime_only && r & RUNTIME_BIT == 0 {
                continue;
            }
            let v = (r & !RUNTIME_BIT) as usize;
            if self.default_at(v, at) {
                let c = self.ver_crate[v];
                if c as usize != target {
                    out.push(c);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Direct (all kinds and runtime) and indirect dependents of `target`
    /// as they were at `at`.
    pub(crate) fn counts_at(&self, target: usize, at: i64) -> PastCounts {
        let n = self.offsets.len().saturating_sub(1);
        if target >= n {
            return PastCounts {
                dependents: 0,
                runtime: 0,
                indirect: 0,
            };
        }
        let mut all = Vec::new();
        self.direct(target, at, false, &mut all);
        let mut runtime = Vec::new();
        self.direct(target, at, true, &mut runtime);
        // Breadth-first over runtime edges for the closure.
        let mut seen = vec![false; n];
        seen[target] = true;
        let mut queue: Vec<u32> = Vec::new();
        for &c in &runtime {
            if !seen[c as usize] {
                seen[c as usize] = true;
                queue.push(c);
            }
        }
        let mut head = 0;
        while head < queue.len() {
            let x = queue[head] as usize;
            head += 1;
            // The seen flags deduplicate: no per-node sort.
            let (a, b) = (self.offsets[x] as usize, self.offsets[x + 1] as usize);
            for &r in &self.rows[a..b] {
                if r & RUNTIME_BIT == 0 {
                    continue;
                }
                let v = (r & !RUNTIME_BIT) as usize;
                if self.default_at(v, at) {
                    let c = self.ver_crate[v];
                    if !seen[c as usize] {
                        seen[c as usize] = true;
                        queue.push(c);
                    }
                }
            }
        }
        PastCounts {
            dependents: all.len() as u64,
            runtime: runtime.len() as u64,
            indirect: (queue.len() - runtime.len()) as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: one search per node.
    fn naive(n: usize, edges: &[(u32, u32)]) -> Vec<u64> {
        let adj = Csr::new(n, edges.iter().copied());
        (0..n)
            .map(|s| {
                let mut seen = vec![false; n];
                seen[s] = true;
                let mut stack = vec![s as u32];
                let mut count = 0;
                while let Some(v) = stack.pop() {
                    for &w in adj.of(v as usize) {
                        if !seen[w as usize] {
                            seen[w as usize] = true;
                            count += 1;
                            stack.push(w);
                        }
                    }
                }
                count
            })
            .collect()
    }

    #[test]
    fn closure_matches_a_search_per_node_with_cycles_and_many_batches() {
        // A pseudo-random graph of 700 nodes (three batches of 256 sources)
        // with cycles and self-loops, reproducible without a RNG crate.
        let n = 700usize;
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut edges = Vec::new();
        for _ in 0..2_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = (x % n as u64) as u32;
            let b = ((x >> 20) % n as u64) as u32;
            edges.push((a, b));
        }
        edges.push((5, 5));
        assert_eq!(closure_sizes(n, &edges), naive(n, &edges));
    }

    #[test]
    fn a_chain_and_a_cycle() {
        // 0 <- 1 <- 2 (2 depends on 1 depends on 0); 3 <-> 4.
        let edges = [(0, 1), (1, 2), (3, 4), (4, 3)];
        assert_eq!(closure_sizes(5, &edges), vec![2, 1, 0, 1, 1]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        // Depth 200 000: a recursive search would overflow a test thread's stack.
        let n = 200_000u32;
        let chain: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let (comp, count) = tarjan(n as usize, &Csr::new(n as usize, chain.iter().copied()));
        assert_eq!(count, n as usize);
        // The end of the chain (reachable from everything) is numbered first.
        assert_eq!(comp[n as usize - 1], 0);
        let mut cycle = chain;
        cycle.push((n - 1, 0));
        let (_, count) = tarjan(n as usize, &Csr::new(n as usize, cycle.iter().copied()));
        assert_eq!(count, 1);
    }
}
