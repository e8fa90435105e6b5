//! `mediafabric._native`: the Python extension module of mediafabric.
//!
//! This crate only converts types between Python and the Rust crates that do the work:
//! `mediafabric-decode` (the layer model), `mediafabric-vxlan` (header, encapsulation,
//! forwarding database, VTEP), `mediafabric-ptp` (PTP messages), `mediafabric-igmp`
//! (IGMP and MLD messages, router and host state machines), `mediafabric-st2110` (SMPTE
//! ST 2110-20 video, ST 2110-21, ST 2022-7) and `pcap-file` (capture files). It adds no protocol logic. The public Python API is the `mediafabric` package (`python/mediafabric/`),
//! which re-exports what is defined here; the classes carry the public module name in
//! their `__module__`.
//!
//! Rules kept throughout:
//!
//! - Byte inputs accept any buffer-protocol object and are read in place (module `buf`).
//! - Bad input raises `mediafabric.ParseError` (a `ValueError` with `layer`, `offset`
//!   and `reason`), bad arguments raise `ValueError` or `TypeError` (module `errors`); no
//!   input makes this module panic.

mod buf;
mod convert;
mod decode;
mod errors;
mod igmp;
mod igmp_state;
mod pcap;
mod ptp;
mod st2110;
mod vxlan;

use pyo3::prelude::*;

/// The native part of mediafabric. Import from `mediafabric`, not from here.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    decode::register(m)?;
    igmp::register(m)?;
    igmp_state::register(m)?;
    pcap::register(m)?;
    ptp::register(m)?;
    st2110::register(m)?;
    vxlan::register(m)?;
    Ok(())
}
