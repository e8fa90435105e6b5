//! Linux runtime pieces for mediafabric (std only).
//!
//! The protocol crates are sans-IO and `no_std`; this crate is where sockets, kernel
//! timestamps (`SO_TIMESTAMPING`) and PTP hardware clocks (`/dev/ptpN`) will live, so
//! that nothing OS-specific leaks into them.
//!
//! **Status:** not yet implemented; the PTP engine issue brings the clock and
//! timestamping implementations. Nothing here is used by the rest of the workspace yet.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Whether the running kernel exposes PTP hardware clocks (`/sys/class/ptp`).
pub fn has_ptp_clocks() -> bool {
    std::fs::read_dir("/sys/class/ptp")
        .map(|mut d| d.next().is_some())
        .unwrap_or(false)
}
