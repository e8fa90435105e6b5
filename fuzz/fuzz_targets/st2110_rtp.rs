//! RTP and RFC 4175 payload headers: any bytes parse or give an error inside the input;
//! what parses re-emits byte for byte (header, payload and padding; ESN and SRD
//! headers), and every row's data lies inside the payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mediafabric_st2110::rfc4175::{Payload, SrdHeader, emit_headers, headers_len};
use mediafabric_st2110::rtp::{Header, Packet};

fuzz_target!(|data: &[u8]| {
    match Packet::new_checked(data) {
        Ok(p) => {
            let h = Header::parse(&p);
            let mut out = vec![0u8; data.len()];
            // Re-emitting the header, payload and padding gives the input back, but the
            // padding octets before the count, which we write as zero.
            let n = h.emit_packet(p.payload(), &mut out).expect("room for what was read");
            assert_eq!(n, data.len());
            let pad = p.padding_len();
            assert_eq!(&out[..n - pad], &data[..n - pad]);
            assert_eq!(out[n - 1], data[n - 1]);
            assert_eq!(Header::parse(&Packet::new_checked(&out[..]).unwrap()), h);
            payload(p.payload());
        }
        Err(e) => assert!(e.offset().unwrap_or(0) <= data.len(), "{e:?}"),
    }
    payload(data);
});

fn payload(b: &[u8]) {
    match Payload::parse(b) {
        Ok(p) => {
            let rows: Vec<SrdHeader> = p.rows().map(|r| r.header).collect();
            assert_eq!(rows.len(), p.row_count());
            let mut end = p.header_len();
            for r in p.rows() {
                assert_eq!(r.data_offset, end);
                end += r.data.len();
            }
            assert!(end <= b.len());
            // Rows with 15-bit numbers re-emit the same header bytes.
            let mut out = vec![0u8; headers_len(rows.len())];
            if emit_headers(p.extended_sequence_number(), &rows, &mut out).is_ok() {
                assert_eq!(&out[..], &b[..p.header_len()]);
            }
        }
        Err(e) => assert!(e.offset().unwrap_or(0) <= b.len(), "{e:?}"),
    }
}
