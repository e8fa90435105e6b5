//! Round trips: `parse(emit(x)) == x` for RTP headers and RFC 4175 payload headers,
//! and no input makes a parser panic.

use mediafabric_st2110::rfc4175::{Payload, SrdHeader, emit_headers, headers_len};
use mediafabric_st2110::rtp::{Csrcs, Extension, Header, Packet};
use proptest::prelude::*;

fn srd() -> impl Strategy<Value = SrdHeader> {
    (0u16..64, any::<bool>(), 0u16..0x8000, 0u16..0x8000).prop_map(
        |(length, field, row_number, offset)| SrdHeader {
            length,
            field,
            row_number,
            offset,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn rtp_round_trip(
        marker in any::<bool>(),
        payload_type in 0u8..128,
        sequence_number in any::<u16>(),
        timestamp in any::<u32>(),
        ssrc in any::<u32>(),
        csrcs in proptest::collection::vec(any::<u32>(), 0..=15),
        ext in proptest::option::of((any::<u16>(), proptest::collection::vec(any::<u8>(), 0..8))),
        payload in proptest::collection::vec(any::<u8>(), 0..64),
        padding in 0u8..8,
    ) {
        let ext_data: Option<(u16, Vec<u8>)> = ext.map(|(p, mut d)| {
            d.resize(d.len() / 4 * 4, 0);
            (p, d)
        });
        let h = Header {
            marker,
            payload_type,
            sequence_number,
            timestamp,
            ssrc,
            csrcs: Csrcs::new(&csrcs).unwrap(),
            extension: ext_data.as_ref().map(|(profile, data)| Extension { profile: *profile, data }),
            padding,
        };
        let mut buf = vec![0u8; h.buffer_len() + payload.len() + usize::from(padding)];
        let n = h.emit_packet(&payload, &mut buf).unwrap();
        prop_assert_eq!(n, buf.len());
        let p = Packet::new_checked(&buf[..]).unwrap();
        prop_assert_eq!(p.payload(), &payload[..]);
        prop_assert_eq!(Header::parse(&p), h);
        // A short buffer is an error, never a panic.
        prop_assert!(h.emit_packet(&payload, &mut vec![0u8; n - 1]).is_err());
    }

    #[test]
    fn rfc4175_round_trip(esn in any::<u16>(), headers in proptest::collection::vec(srd(), 1..5)) {
        let data_len: usize = headers.iter().map(|h| usize::from(h.length)).sum();
        let mut buf = vec![0u8; headers_len(headers.len()) + data_len];
        let n = emit_headers(esn, &headers, &mut buf).unwrap();
        for (i, b) in buf[n..].iter_mut().enumerate() {
            *b = i as u8;
        }
        let p = Payload::parse(&buf).unwrap();
        prop_assert_eq!(p.extended_sequence_number(), esn);
        let got: Vec<SrdHeader> = p.rows().map(|r| r.header).collect();
        prop_assert_eq!(&got, &headers);
        let joined: Vec<u8> = p.rows().flat_map(|r| r.data.iter().copied()).collect();
        prop_assert_eq!(&joined[..], &buf[n..]);
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..96)) {
        if let Ok(p) = Packet::new_checked(&b[..]) {
            let _ = Header::parse(&p);
            let _ = p.csrcs().count();
            if let Some(e) = p.header_extension().and_then(|e| e.elements()) {
                let _ = e.count();
            }
            if let Ok(pl) = Payload::parse(p.payload()) {
                let _ = pl.rows().count();
                let _ = pl.trailing();
            }
        }
        if let Ok(pl) = Payload::parse(&b) {
            let total: usize = pl.rows().map(|r| r.data.len()).sum();
            prop_assert!(total + pl.header_len() <= b.len());
        }
    }
}
