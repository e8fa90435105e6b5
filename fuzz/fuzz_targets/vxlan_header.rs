//! The 8-byte VXLAN header: any bytes parse in both formats (or, when short, give a
//! truncation error), re-emit exactly their defined bits, and parse back to the same
//! value; a header built from the input emits and parses back unchanged, or is refused
//! for a GPE version above 3.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mediafabric_fuzz::{Bytes, defined_bits};
use mediafabric_vxlan::{
    Error, Extension, Format, Gpe, GroupPolicy, HEADER_LEN, Header, Layer, NextProtocol, Packet,
    Vni,
};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Vxlan, Format::Gpe] {
        if data.len() < HEADER_LEN {
            assert_eq!(
                Header::parse_bytes(data, format),
                Err(Error::Truncated {
                    layer: Layer::Vxlan,
                    offset: 0,
                    needed: HEADER_LEN,
                    available: data.len(),
                })
            );
            continue;
        }
        let bytes: [u8; 8] = data[..8].try_into().unwrap();
        let h = Header::parse_bytes(data, format).expect("8 bytes always parse");
        let p = Packet::new_checked(data).unwrap();
        assert_eq!(h.vni, p.vni());
        assert_eq!(h.vni_valid, p.i_flag());
        assert_eq!(p.payload(), &data[8..]);
        match (format, h.extension) {
            (Format::Vxlan, Extension::None) => assert!(!p.g_flag()),
            (Format::Vxlan, Extension::Gbp(g)) => {
                assert!(p.g_flag());
                assert_eq!(g.group_policy_id, p.group_policy_id());
                assert_eq!(g.dont_learn, p.dont_learn());
                assert_eq!(g.policy_applied, p.policy_applied());
            }
            (Format::Gpe, Extension::Gpe(g)) => {
                assert_eq!(g.version, p.gpe_version());
                assert_eq!(g.next_protocol.is_some(), p.gpe_p_flag());
                if let Some(np) = g.next_protocol {
                    assert_eq!(u8::from(np), p.next_protocol());
                }
            }
            other => panic!("{other:?} from {bytes:02x?}"),
        }
        let out = h.to_bytes().expect("a parsed header always emits");
        assert_eq!(out, defined_bits(bytes, format), "{h:?}");
        assert_eq!(Header::parse_bytes(&out, format).unwrap(), h);
        if defined_bits(bytes, format) == bytes {
            assert_eq!(out, bytes, "reserved bits zero, yet not byte-exact");
        }
    }

    // A header built from the bytes after the first eight.
    let mut b = Bytes(data.get(8..).unwrap_or_default());
    if b.is_empty() {
        return;
    }
    let sel = b.u8();
    let vni = Vni::new(u32::from_be_bytes([0, b.u8(), b.u8(), b.u8()])).unwrap();
    let x = b.u8();
    let extension = match sel % 3 {
        0 => Extension::None,
        1 => Extension::Gbp(GroupPolicy {
            dont_learn: x & 1 != 0,
            policy_applied: x & 2 != 0,
            group_policy_id: b.u16(),
        }),
        _ => Extension::Gpe(Gpe {
            version: b.u8() % 8,
            oam: x & 1 != 0,
            bum: x & 2 != 0,
            next_protocol: (x & 4 != 0).then(|| NextProtocol::from(b.u8())),
        }),
    };
    let h = Header {
        vni_valid: sel & 0x80 != 0,
        vni,
        extension,
    };
    let mut buf = [0xA5u8; 10];
    match h.emit(&mut buf) {
        Ok(n) => {
            assert_eq!(n, HEADER_LEN);
            assert_eq!(&buf[8..], &[0xA5, 0xA5], "emit wrote past the header");
            let out: [u8; 8] = buf[..8].try_into().unwrap();
            assert_eq!(defined_bits(out, h.format()), out, "reserved bit set");
            assert_eq!(Header::parse_bytes(&out, h.format()).unwrap(), h);
        }
        Err(Error::OutOfRange { field, .. }) => {
            assert_eq!(field, "gpe.version");
            assert!(matches!(h.extension, Extension::Gpe(g) if g.version > 3));
            assert_eq!(buf, [0xA5; 10], "written on error");
        }
        Err(e) => panic!("{h:?}: {e}"),
    }
});
