//! IGMP and MLD messages: any bytes parse or give an error inside the input; a parsed
//! message emits (with a fresh checksum) bytes that parse back to the same message.
#![no_main]

use core::net::Ipv6Addr;

use libfuzzer_sys::fuzz_target;
use mediafabric_igmp::wire::{igmp, mld};

fuzz_target!(|data: &[u8]| {
    match igmp::Message::parse(data) {
        Ok(m) => {
            let mut out = vec![0u8; m.buffer_len()];
            if m.emit(&mut out).is_ok() {
                assert!(igmp::checksum_valid(&out));
                let back = igmp::Message::parse_verified(&out).expect("what we emit parses");
                assert_eq!(back, m);
            }
        }
        Err(e) => assert!(e.offset().unwrap_or(0) <= data.len(), "{e:?}"),
    }
    let src: Ipv6Addr = "fe80::1".parse().unwrap();
    match mld::Message::parse(data) {
        Ok(m) => {
            let dst = m.destination();
            let mut out = vec![0u8; m.buffer_len()];
            if m.emit(&src, &dst, &mut out).is_ok() {
                assert!(mld::checksum_valid(&out, &src, &dst));
                assert_eq!(mld::Message::parse(&out).expect("what we emit parses"), m);
            }
        }
        Err(e) => assert!(e.offset().unwrap_or(0) <= data.len(), "{e:?}"),
    }
});
