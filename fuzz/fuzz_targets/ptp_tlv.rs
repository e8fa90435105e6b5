//! PTP TLVs: any suffix iterates without panicking, each TLV either types or gives an
//! error inside the input; a typed TLV re-emits to bytes that type back to the same
//! value, and a TLV the crate keeps raw re-emits byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mediafabric_ptp::wire::{TlvBody, TlvIter, TypedTlv};

fuzz_target!(|data: &[u8]| {
    let mut walked = 0usize;
    for t in TlvIter::new(data, 0) {
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                assert!(e.offset().unwrap_or(0) <= data.len());
                break;
            }
        };
        assert_eq!(t.offset, walked);
        walked += t.buffer_len();
        let typed = match TypedTlv::parse(&t) {
            Ok(x) => x,
            Err(e) => {
                assert!(e.offset().unwrap_or(0) <= data.len(), "{e:?}");
                continue;
            }
        };
        assert_eq!(typed.value_len(), t.value.len(), "typed length differs");
        let mut out = vec![0u8; typed.buffer_len()];
        assert_eq!(typed.emit(&mut out).unwrap(), out.len());
        let back = TlvIter::new(&out, 0).next().unwrap().unwrap();
        let retyped = TypedTlv::parse(&back).expect("what we emit types again");
        assert_eq!(retyped, typed, "parse(emit(x)) != x");
        if matches!(typed.body, TlvBody::Other(_)) {
            assert_eq!(&out[4..], t.value, "raw TLV not kept byte for byte");
        }
    }
    assert!(walked <= data.len());
});
