//! Whole frames: the VXLAN decapsulator never panics, its errors point inside the
//! frame, and what it accepts re-encapsulates (same fixed source port) and decapsulates
//! again to the same header, inner frame, addresses, ports and VLAN; the general
//! decoder of crates/decode never panics and agrees with the decapsulator on every
//! frame the decapsulator accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mediafabric_fuzz::check_frame(data);
    mediafabric_fuzz::check_decoder(data);
});
