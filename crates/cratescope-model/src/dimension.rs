//! The maturity dimensions (the seed matrix's seven, plus security).

use serde::{Deserialize, Serialize};

/// The maturity dimensions, in the order the seed matrix lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// D1 version stability.
    Stability,
    /// D2 community activity.
    Community,
    /// D3 documentation completeness.
    Documentation,
    /// D4 production usage.
    Usage,
    /// D5 performance.
    Performance,
    /// D6 ecosystem integration.
    Ecosystem,
    /// D7 maintenance status.
    Maintenance,
    /// D8 security.
    Security,
    /// Build footprint: what a crate costs to build and ship (dependency
    /// weight, build script, download size, no_std). Shown on the card as
    /// its own group, never part of the composite and not one of the
    /// dimensions of [`Dimension::ALL`]: it is not speed.
    Footprint,
}

impl Dimension {
    /// All dimensions in display order.
    pub const ALL: [Dimension; 8] = [
        Dimension::Stability,
        Dimension::Community,
        Dimension::Documentation,
        Dimension::Usage,
        Dimension::Performance,
        Dimension::Ecosystem,
        Dimension::Maintenance,
        Dimension::Security,
    ];

    /// The stable id used in JSON and config.
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Stability => "stability",
            Dimension::Community => "community",
            Dimension::Documentation => "documentation",
            Dimension::Usage => "usage",
            Dimension::Performance => "performance",
            Dimension::Ecosystem => "ecosystem",
            Dimension::Maintenance => "maintenance",
            Dimension::Security => "security",
            Dimension::Footprint => "footprint",
        }
    }

    /// Parse a stable id (the eight dimensions and the footprint group).
    pub fn from_id(id: &str) -> Option<Dimension> {
        Dimension::ALL
            .into_iter()
            .chain([Dimension::Footprint])
            .find(|d| d.id() == id)
    }

    /// The seed matrix's code, D1…D8.
    pub fn code(self) -> &'static str {
        match self {
            Dimension::Stability => "D1",
            Dimension::Community => "D2",
            Dimension::Documentation => "D3",
            Dimension::Usage => "D4",
            Dimension::Performance => "D5",
            Dimension::Ecosystem => "D6",
            Dimension::Maintenance => "D7",
            Dimension::Security => "D8",
            Dimension::Footprint => "F",
        }
    }
}
