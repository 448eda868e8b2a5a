pub mod checkers;
