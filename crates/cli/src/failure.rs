//! Why a command failed, and the exit code each reason gets.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (per-packet decoding errors are part of the output, not failures; a reader that closed the pipe early, as `head` does, is success too) |
//! | 1 | the output could not be written |
//! | 2 | the command line is wrong (clap's usage error) |
//! | 3 | the input cannot be opened or read, or is not a pcap or pcapng file; nothing was printed |
//! | 4 | the capture is damaged or truncated partway: the packets before the damage were printed, then the reading stopped |

use std::fmt;
use std::io;
use std::process::ExitCode;

use crate::capture::CaptureError;

/// Exit code: the output could not be written.
pub const EXIT_OUTPUT: u8 = 1;
/// Exit code: the input cannot be read or is not a capture.
pub const EXIT_INPUT: u8 = 3;
/// Exit code: the capture is damaged partway through.
pub const EXIT_DAMAGED: u8 = 4;

/// The exit codes as `--help` shows them.
pub const EXIT_CODES_HELP: &str = "\
Exit status:
  0  success; packets that fail to decode are reported in the output, not as failures
  1  the output could not be written
  2  the command line is wrong
  3  the input cannot be opened or read, or is not a pcap or pcapng file
  4  the capture is truncated or damaged partway: the packets before the damage were
     printed, then an error message";

/// Why a command failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Failure {
    /// The input cannot be opened or read, or is not a capture.
    Input {
        /// The path as the user gave it.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The capture is damaged partway through.
    Damaged {
        /// The path as the user gave it.
        path: String,
        /// Where and how.
        error: CaptureError,
        /// Packets read before the damage.
        packets: u64,
    },
    /// Writing the output failed.
    Output(io::Error),
}

impl Failure {
    /// The process exit code for this failure. A closed output pipe is not a failure of
    /// the tool: its reader simply wanted no more (`mediafabric decode f.pcap | head`).
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Failure::Output(_) => ExitCode::from(EXIT_OUTPUT),
            Failure::Input { .. } => ExitCode::from(EXIT_INPUT),
            Failure::Damaged { .. } => ExitCode::from(EXIT_DAMAGED),
        }
    }

    /// Whether there is anything to tell the user (a closed pipe is silent).
    pub fn is_quiet(&self) -> bool {
        matches!(self, Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input { path, reason } => write!(f, "{path}: {reason}"),
            Failure::Damaged {
                path,
                error,
                packets,
            } => {
                let s = if *packets == 1 { "" } else { "s" };
                write!(f, "{path}: {error} ({packets} packet{s} read before it)")
            }
            Failure::Output(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl std::error::Error for Failure {}
