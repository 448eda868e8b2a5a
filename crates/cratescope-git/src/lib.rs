//! Repository history analysis for cratescope, with gitoxide.
