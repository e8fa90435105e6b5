//! The subcommands, one module each.
//!
//! A subcommand module holds its clap arguments (`…Args`) and a `run` function that
//! returns `Result<(), Failure>`; `main` maps a [`Failure`](crate::failure::Failure) to
//! its message and exit code.

pub mod decode;
pub mod igmp;
pub mod st2110;
