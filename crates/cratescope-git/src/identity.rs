//! Telling bots from humans among commit authors.
//!
//! A bot is an identity whose name or email contains `[bot]` (GitHub apps
//! such as `dependabot[bot]`), or whose name or email local part starts with
//! one of the automation names in [`BOT_NAMES`]. It deliberately ignores
//! commit messages and committer identities: a human's commit merged by a
//! bot stays a human commit.

/// Automation accounts that commit under their own names without the
/// `[bot]` suffix (older Dependabot and Renovate setups, Actions' own
/// `github-actions <github-actions@github.com>`).
const BOT_NAMES: &[&str] = &["dependabot", "renovate", "github-actions"];

/// Whether an author (after `.mailmap`) is an automation account.
pub fn is_bot(name: &str, email: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    let email = email.trim().to_ascii_lowercase();
    if name.contains("[bot]") || email.contains("[bot]") {
        return true;
    }
    // GitHub noreply addresses look like `12345+login@users.noreply.github.com`.
    let local = email.split('@').next().unwrap_or("");
    let login = local.rsplit('+').next().unwrap_or(local);
    BOT_NAMES
        .iter()
        .any(|bot| name.starts_with(bot) || login.starts_with(bot))
}

#[cfg(test)]
mod tests {
    use super::is_bot;

    #[test]
    fn bots_and_humans() {
        assert!(is_bot(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com"
        ));
        assert!(is_bot("Renovate Bot", "bot@renovateapp.com"));
        assert!(is_bot("github-actions", "github-actions@github.com"));
        assert!(is_bot(
            "Someone",
            "41898282+github-actions[bot]@users.noreply.github.com"
        ));
        assert!(!is_bot("David Tolnay", "dtolnay@gmail.com"));
        assert!(!is_bot("Ana", "12345+ana@users.noreply.github.com"));
        // A human whose name merely contains "bot" is not a bot.
        assert!(!is_bot("Abbott", "abbott@example.org"));
    }
}
