//! The maturity matrix document as one standalone HTML file: inline CSS, inline
//! SVG (radar and bars from `svg.rs`), a few lines of inline JavaScript to sort
//! the decision matrix, no external assets, readable offline.
//!
//! It renders the same [`Document`] as the Markdown renderer. Every string that
//! comes from a crate (description, README snippet, evidence, names) passes
//! through [`escape`]; only markup written here is emitted raw. It ignores
//! anything that would need the network (fonts, scripts, images).

use super::Evaluation;
use super::document::{
    CategorySection, CrateEntry, DocWord as W, Document, DocumentView, EntryResult, best_scenario,
    category_anchor, crate_anchor, crate_count, doc_word, scenario_name, source_line, source_name,
    tier_rules, tier_short, trend_rows, usage_level,
};
use super::i18n::{self, Lang, Word};
use super::svg::{self, Axis};
use super::table::{dimension_evidence, score1, tier_line};
use cratescope_model::Dimension;
use cratescope_score::Model;

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// The page's CSS: system fonts, readable tables, print-friendly.
const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1f2328;line-height:1.45}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f6f8fa}table.sortable th{cursor:pointer}table.sortable th::after{content:' ⇅';color:#8c959f}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}.meta dt{font-weight:600}.meta dd{margin:0}
article.crate{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.desc{color:#57606a;font-style:italic}.failed{border-color:#cf222e}.reason{color:#cf222e}
.composite{font-size:1.1rem;font-weight:600}pre{background:#f6f8fa;padding:.5rem;overflow:auto}
.cols{display:flex;flex-wrap:wrap;gap:2rem}.cols>div{flex:1;min-width:280px}
nav ul{columns:2}";

/// Sorts a `table.sortable` by the clicked column; numbers use `data-v`.
const JS: &str = "document.querySelectorAll('table.sortable').forEach(function(t){t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),num=th.getAttribute('data-type')==='num',dir=th.getAttribute('data-dir')==='desc'?1:-1;th.setAttribute('data-dir',dir===1?'asc':'desc');rows.sort(function(a,c){var x=a.cells[i].getAttribute('data-v')||a.cells[i].textContent,y=c.cells[i].getAttribute('data-v')||c.cells[i].textContent;if(num){x=parseFloat(x);y=parseFloat(y);if(isNaN(x))x=-1;if(isNaN(y))y=-1;return(x-y)*dir;}return x.localeCompare(y)*dir;});rows.forEach(function(r){b.appendChild(r);});});});});";

fn axes(e: &Evaluation, lang: Lang) -> Vec<Axis> {
    Dimension::ALL
        .iter()
        .map(|d| {
            let r = e.dimension(d.id());
            Axis {
                short: d.code().to_string(),
                label: i18n::dimension(lang, d.id()).to_string(),
                score: r.and_then(|r| r.score),
                icon: r.and_then(|r| r.icon.clone()),
            }
        })
        .collect()
}

/// Render the document as one HTML page.
pub fn render(d: &Document, model: &Model, lang: Lang) -> String {
    let w = |x| doc_word(lang, x);
    let mut o = String::new();
    let (ok, total) = d.counts();
    let lang_attr = match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    o.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_attr}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n",
        escape(w(W::Title)),
        d.as_of
    ));

    // 1. Header.
    o.push_str(&format!(
        "<header>\n<h1>{}</h1>\n<dl class=\"meta\">\n",
        escape(w(W::Title))
    ));
    let mut meta =
        |k: &str, v: String| o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(k), v));
    meta(w(W::Date), d.as_of.to_string());
    meta(w(W::ModelVersion), escape(&model.version));
    meta(w(W::CratesEvaluated), format!("{ok} / {total}"));
    meta(w(W::NextUpdate), d.next_update().to_string());
    o.push_str("</dl>\n");
    o.push_str(&format!(
        "<table class=\"sources\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        escape(w(W::DataSources)),
        escape(w(W::Status))
    ));
    for s in d.source_summaries() {
        o.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            source_name(s.id),
            escape(&source_line(&s))
        ));
    }
    o.push_str("</tbody></table>\n</header>\n");

    // 2. Contents.
    o.push_str(&format!(
        "<nav>\n<h2>{}</h2>\n<ul>\n",
        escape(w(W::Contents))
    ));
    for s in &d.sections {
        o.push_str(&format!(
            "<li><a href=\"#{}\">{}</a> ({})</li>\n",
            escape(&category_anchor(&s.category.id)),
            escape(s.category.name.get(lang)),
            escape(&crate_count(lang, s.crates.len()))
        ));
    }
    for (id, word) in [
        ("decision-matrix", W::DecisionMatrix),
        ("trends", W::Trends),
        ("method", W::Method),
    ] {
        o.push_str(&format!(
            "<li><a href=\"#{id}\">{}</a></li>\n",
            escape(w(word))
        ));
    }
    o.push_str("</ul>\n</nav>\n");

    // 3. Categories.
    for s in &d.sections {
        o.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            escape(&category_anchor(&s.category.id)),
            escape(s.category.name.get(lang))
        ));
        for c in &s.crates {
            crate_html(&mut o, s, c, lang);
        }
        o.push_str("</section>\n");
    }

    // 4. Decision matrix.
    o.push_str(&format!(
        "<section id=\"decision-matrix\">\n<h2>{}</h2>\n<table class=\"sortable\" id=\"matrix\"><thead><tr><th data-type=\"text\">{}</th><th data-type=\"text\">{}</th><th data-type=\"num\">{}</th><th data-type=\"num\">{}</th><th data-type=\"num\">{}</th><th data-type=\"text\">{}</th></tr></thead><tbody>\n",
        escape(w(W::DecisionMatrix)),
        escape(w(W::Category)),
        escape(w(W::Crate)),
        escape(i18n::word(lang, Word::Composite)),
        escape(i18n::word(lang, Word::Tier)),
        escape(i18n::word(lang, Word::Confidence)),
        escape(w(W::BestScenario))
    ));
    for r in d.decision_rows() {
        let cat = escape(r.section.category.name.get(lang));
        let href = escape(&crate_anchor(&r.section.category.id, &r.entry.name));
        match &r.entry.result {
            EntryResult::Evaluated { evaluation: e } => o.push_str(&format!(
                "<tr><td>{cat}</td><td><a href=\"#{href}\">{}</a> {}</td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td data-v=\"{:.2}\">{:.2}</td><td>{}</td></tr>\n",
                escape(&e.name),
                escape(&e.version),
                e.composite.map(|c| format!("{c:.2}")).unwrap_or_else(|| "-1".into()),
                score1(e.composite),
                // Higher is better in every numeric column, so tiers sort by inverted rank.
                10 - e.tier.rank(),
                escape(&tier_short(e, lang)),
                e.confidence,
                e.confidence,
                escape(&best_scenario(r.section, e, lang))
            )),
            EntryResult::Failed { reason } => o.push_str(&format!(
                "<tr class=\"failed\"><td>{cat}</td><td><a href=\"#{href}\">{}</a></td><td data-v=\"-1\">–</td><td data-v=\"-1\" class=\"reason\">{}: {}</td><td data-v=\"-1\">–</td><td>–</td></tr>\n",
                escape(&r.entry.name),
                escape(w(W::NotEvaluated)),
                escape(reason)
            )),
        }
    }
    o.push_str("</tbody></table>\n</section>\n");

    // 5. Trends.
    o.push_str(&format!(
        "<section id=\"trends\">\n<h2>{}</h2>\n",
        escape(w(W::Trends))
    ));
    for s in &d.sections {
        o.push_str(&format!("<h3>{}</h3>\n", escape(s.category.name.get(lang))));
        match d.trend_of(&s.category.id) {
            None => o.push_str(&format!("<p>{}</p>\n", escape(w(W::NoHistory)))),
            Some(t) => {
                o.push_str(&format!(
                    "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
                    escape(w(W::Crate)),
                    escape(w(W::Ring)),
                    escape(w(W::Momentum)),
                    escape(i18n::word(lang, Word::Note))
                ));
                for r in trend_rows(t) {
                    o.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        escape(&r.name),
                        escape(&r.ring),
                        escape(&r.momentum),
                        escape(&r.note)
                    ));
                }
                o.push_str("</tbody></table>\n");
            }
        }
    }
    o.push_str("</section>\n");

    // 6. Method.
    o.push_str(&format!(
        "<section id=\"method\">\n<h2>{}</h2>\n<p>{}</p>\n<div class=\"cols\"><div>\n<h3>{}</h3>\n<table><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        escape(w(W::Method)),
        escape(w(W::MethodIntro)),
        escape(w(W::Dimensions)),
        escape(i18n::word(lang, Word::Dimension)),
        escape(w(W::Weight))
    ));
    for dim in Dimension::ALL {
        let weight = model.composite.weights.get(&dim).copied().unwrap_or(0.0);
        o.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{weight:.2}</td></tr>\n",
            dim.code(),
            escape(i18n::dimension(lang, dim.id()))
        ));
    }
    o.push_str(&format!(
        "</tbody></table>\n</div><div>\n<h3>{}</h3>\n<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        escape(w(W::Tiers)),
        escape(i18n::word(lang, Word::Tier)),
        escape(w(W::Rule))
    ));
    for (tier, rule) in tier_rules(model, lang) {
        o.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            escape(&i18n::tier(lang, tier)),
            escape(&rule)
        ));
    }
    let ic = &model.icons;
    o.push_str(&format!(
        "</tbody></table>\n<p>{}: ⭐ ≥ {:.1} · ✅ ≥ {:.1} · 🟡 ≥ {:.1} · 🔴 &lt; {:.1}</p>\n</div></div>\n<h3>{}</h3>\n<ul>\n",
        escape(w(W::Icons)),
        ic.star,
        ic.check,
        ic.warn,
        ic.warn,
        escape(w(W::Unavailable))
    ));
    let mut any = false;
    for s in d
        .source_summaries()
        .iter()
        .filter(|s| s.unavailable + s.stale > 0)
    {
        any = true;
        o.push_str(&format!(
            "<li>{} ({}): {}</li>\n",
            source_name(s.id),
            escape(&source_line(s)),
            escape(&s.reasons.join("; "))
        ));
    }
    for (name, reason) in d.failures() {
        any = true;
        o.push_str(&format!(
            "<li>{} {}: {}</li>\n",
            escape(name),
            escape(w(W::NotEvaluated)),
            escape(reason)
        ));
    }
    if !any {
        o.push_str(&format!("<li>{}</li>\n", escape(w(W::NothingUnavailable))));
    }
    o.push_str("</ul>\n</section>\n");
    o.push_str(&format!("<script>\n{JS}\n</script>\n</body>\n</html>\n"));
    o
}

fn crate_html(o: &mut String, s: &CategorySection, c: &CrateEntry, lang: Lang) {
    let w = |x| doc_word(lang, x);
    let iw = |x| i18n::word(lang, x);
    let id = escape(&crate_anchor(&s.category.id, &c.name));
    let e = match &c.result {
        EntryResult::Failed { reason } => {
            o.push_str(&format!(
                "<article class=\"crate failed\" id=\"{id}\"><h3>{}</h3><p class=\"reason\"><strong>{}</strong>: {}</p></article>\n",
                escape(&c.name),
                escape(w(W::NotEvaluated)),
                escape(reason)
            ));
            return;
        }
        EntryResult::Evaluated { evaluation } => evaluation,
    };
    o.push_str(&format!(
        "<article class=\"crate\" id=\"{id}\">\n<h3>{} {}</h3>\n",
        escape(&e.name),
        escape(&e.version)
    ));
    if let Some(desc) = &e.info.description {
        o.push_str(&format!("<p class=\"desc\">{}</p>\n", escape(desc.trim())));
    }
    o.push_str(&format!(
        "<p class=\"composite\">{}: {} · {} · {}: {:.2}</p>\n",
        escape(iw(Word::Composite)),
        score1(e.composite),
        escape(&tier_line(e, lang)),
        escape(iw(Word::Confidence)),
        e.confidence
    ));
    o.push_str("<div class=\"cols\"><div>\n");
    o.push_str(&format!(
        "<h4>{}</h4>\n<table class=\"info\"><tbody>\n",
        escape(iw(Word::BasicInfo))
    ));
    let row = |o: &mut String, k: &str, v: String| {
        o.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>\n", escape(k), v))
    };
    let repo = match e.info.repository.as_deref() {
        // Only web links become links: a `javascript:` URL stays text.
        Some(r) if r.starts_with("https://") || r.starts_with("http://") => {
            format!(
                "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                escape(r)
            )
        }
        Some(r) => escape(r),
        None => "–".into(),
    };
    row(o, iw(Word::Repository), repo);
    if let Some(l) = &e.info.license {
        row(o, iw(Word::License), escape(l));
    }
    row(
        o,
        iw(Word::FirstRelease),
        e.info
            .first_release
            .map(|d| d.to_string())
            .unwrap_or_else(|| "–".into()),
    );
    if let Some(v) = &e.info.latest_version {
        let date = e
            .info
            .latest_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        row(o, w(W::CurrentVersion), format!("{}{date}", escape(v)));
    }
    if e.info.latest_version.as_deref() != Some(e.version.as_str()) {
        let date = e
            .info
            .evaluated_release
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        row(
            o,
            w(W::EvaluatedVersion),
            format!("{}{date}", escape(&e.version)),
        );
    }
    row(o, iw(Word::Versions), e.info.versions.to_string());
    if let Some(dl) = e.info.downloads {
        row(o, iw(Word::Downloads), dl.to_string());
    }
    if let Some(st) = e.info.stars {
        row(o, iw(Word::Stars), st.to_string());
    }
    row(o, w(W::ProductionUsage), escape(&usage_level(e, lang)));
    o.push_str("</tbody></table>\n</div><div class=\"charts\">\n");
    let ax = axes(e, lang);
    o.push_str(&svg::radar(&format!("{} {}", e.name, e.version), &ax));
    o.push_str(&svg::bars(iw(Word::Dimension), &ax));
    o.push_str("\n</div></div>\n");

    o.push_str(&format!(
        "<table class=\"dims\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        escape(iw(Word::Dimension)),
        escape(iw(Word::Score)),
        escape(iw(Word::Confidence)),
        escape(iw(Word::Evidence))
    ));
    for dim in &e.dimensions {
        o.push_str(&format!(
            "<tr><td>{}</td><td>{} {}</td><td>{:.2}</td><td>{}</td></tr>\n",
            escape(i18n::dimension(lang, &dim.id)),
            escape(&dim.icon.clone().unwrap_or_default()),
            score1(dim.score),
            dim.confidence,
            escape(&dimension_evidence(dim, lang))
        ));
    }
    o.push_str("</tbody></table>\n<div class=\"cols\">\n");
    for (title, items) in [(Word::Strengths, &e.strengths), (Word::Risks, &e.risks)] {
        o.push_str(&format!("<div><h4>{}</h4><ul>\n", escape(iw(title))));
        if items.is_empty() {
            o.push_str(&format!("<li>{}</li>\n", escape(iw(Word::None))));
        }
        for i in items {
            o.push_str(&format!("<li>{}</li>\n", escape(i)));
        }
        o.push_str("</ul></div>\n");
    }
    o.push_str("</div>\n");
    o.push_str(&format!(
        "<h4>{}</h4>\n<table class=\"scenarios\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        escape(iw(Word::Scenarios)),
        escape(iw(Word::Scenario)),
        escape(iw(Word::Stars)),
        escape(iw(Word::Note))
    ));
    for sc in &e.scenarios {
        o.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&scenario_name(s, &sc.id, lang)),
            i18n::stars(sc.stars),
            escape(&sc.note)
        ));
    }
    o.push_str("</tbody></table>\n");
    if let Some(snippet) = &e.info.readme_snippet {
        o.push_str(&format!(
            "<h4>{}</h4>\n<p><small>{} {} {}</small></p>\n<pre><code>{}</code></pre>\n",
            escape(w(W::QuickStart)),
            escape(w(W::FromReadme)),
            escape(&e.name),
            escape(&e.version),
            escape(snippet.trim_end())
        ));
    }
    o.push_str("</article>\n");
}

/// The number of `<script` openings in a page: the renderer writes exactly one.
pub fn script_tags(page: &str) -> usize {
    page.to_ascii_lowercase().matches("<script").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn empty_document_is_a_complete_page_with_one_script() {
        let d = Document {
            as_of: jiff::civil::date(2026, 11, 25),
            sections: Vec::new(),
            trends: None,
        };
        let page = render(&d, &Model::v1(), Lang::Zh);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.trim_end().ends_with("</html>"));
        assert_eq!(script_tags(&page), 1);
        assert!(page.contains("lang=\"zh\""));
    }
}
