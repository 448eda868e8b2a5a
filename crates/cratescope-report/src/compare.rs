//! `cratescope compare`: several crates side by side, one column each
//! (dimensions, composite, tier, scenario stars).

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::Evaluation;
use super::i18n::{self, Lang, Word, word};
use super::markdown::cell;
use super::table::score1;

fn rows(evals: &[Evaluation], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![word(lang, Word::Dimension).to_string()];
    header.extend(evals.iter().map(|e| format!("{} {}", e.name, e.version)));
    let mut rows = Vec::new();
    if let Some(first) = evals.first() {
        for d in &first.dimensions {
            let mut r = vec![i18n::dimension(lang, &d.id).to_string()];
            for e in evals {
                let dim = e.dimension(&d.id);
                r.push(match dim {
                    Some(x) => {
                        format!("{} {}", x.icon.clone().unwrap_or_default(), score1(x.score))
                            .trim()
                            .to_string()
                    }
                    None => "–".into(),
                });
            }
            rows.push(r);
        }
        let mut r = vec![word(lang, Word::Composite).to_string()];
        r.extend(
            evals
                .iter()
                .map(|e| format!("{} ({:.2})", score1(e.composite), e.confidence)),
        );
        rows.push(r);
        let mut r = vec![word(lang, Word::Tier).to_string()];
        r.extend(evals.iter().map(|e| {
            let mut t = i18n::tier(lang, e.tier);
            if e.provisional {
                t.push_str(&format!(" ({})", word(lang, Word::Provisional)));
            }
            t
        }));
        rows.push(r);
        for s in &first.scenarios {
            let mut r = vec![i18n::scenario(lang, &s.id)];
            r.extend(evals.iter().map(|e| {
                e.scenarios
                    .iter()
                    .find(|x| x.id == s.id)
                    .map(|x| i18n::stars(x.stars))
                    .unwrap_or_default()
            }));
            rows.push(r);
        }
    }
    (header, rows)
}

/// A terminal table.
pub fn table(evals: &[Evaluation], lang: Lang) -> String {
    let (header, rows) = rows(evals, lang);
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header);
    for r in rows {
        t.add_row(r);
    }
    format!("{t}\n")
}

/// A Markdown table.
pub fn markdown(evals: &[Evaluation], lang: Lang) -> String {
    let (header, rows) = rows(evals, lang);
    let mut o = format!(
        "| {} |\n",
        header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    o.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in rows {
        o.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    o
}
