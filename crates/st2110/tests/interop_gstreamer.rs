//! ST 2110-20 interop with GStreamer 1.22, run live (issue 5).
//!
//! - GStreamer to us: `videotestsrc` frames go through a `tee` both to a `filesink`
//!   (GStreamer's own raw frames) and through `rtpvrawpay` and `rtpstreampay` (RFC 4571
//!   framing, so no network is needed) to a file; our [`Depacketizer`] rebuilds every
//!   frame from those packets byte for byte, with nothing lost; and our [`Packetizer`],
//!   given GStreamer's frames, SSRC, sequence numbers, timestamps and size limit, writes
//!   the very packets `rtpvrawpay` wrote (up to where GStreamer puts a fourth row
//!   segment in a packet, which ours never does).
//! - Us to GStreamer: our [`Packetizer`] sends frames at the departure times of the
//!   ST 2110-21 schedule into a pcap file (Ethernet/IPv4/UDP, port 5004); GStreamer's
//!   `pcapparse` and `rtpvrawdepay` turn it back into frames byte-identical to ours, and
//!   our analyzer classifies the same file narrow (`2110TPN`).
//! - GStreamer's own unpaced stream (the recorded capture in `tests/data/`) is not
//!   compliant, by CInst.
//!
//! Formats: UYVP (YCbCr-4:2:2 10-bit), UYVY (YCbCr-4:2:2 8-bit), RGB (8-bit) and I420
//! (YCbCr-4:2:0 8-bit), each also at a width where GStreamer pads its rows to a
//! multiple of 4 octets. UYVP, UYVY and RGB are the RFC 4175 pgroup order already, row
//! after row, once the row padding is dropped; I420 is planar in GStreamer and goes
//! through [`i420_planar_to_pgroups`] / [`i420_pgroups_to_planar`].
//!
//! Needs `gst-launch-1.0` with videotestsrc, tee, queue, filesrc, filesink (base and
//! core), rtpvrawpay, rtpvrawdepay, rtpstreampay (good) and pcapparse (bad). Without
//! them the tests skip with a message, unless `CI=true`, where they fail.

mod common_gst;

use std::time::Duration;

use common_gst::{Scratch, gstreamer_with, launch, read, read_pcap, rfc4571_packets, words};
use mediafabric_ptp::st2059::{Rate, rtp_timestamp_of_frame};
use mediafabric_st2110::depacketize::{Depacketizer, DepacketizerConfig};
use mediafabric_st2110::format::{Depth, Format, Sampling};
use mediafabric_st2110::pacing::{
    Analyzer, Arrival, Compliance, Datum, DrainOrigin, Measure, Packing, Report, Scan, Schedule,
    SenderType, packets_per_frame,
};
use mediafabric_st2110::packetize::{MAX_SRDS, Packetizer, PacketizerConfig};
use mediafabric_st2110::rfc4175::Payload;
use mediafabric_st2110::rtp::Packet;
use mediafabric_st2110::video::VideoLayout;

// =====================================================================================
// Planar 4:2:0 and strided rows <-> the RFC 4175 pgroup layout.
//
// Self-contained (core only, typed errors, no panics on any input) so that it can move
// into the library as it is, for the CLI's `--planar`.
// =====================================================================================

/// Where the three planes of a planar 8-bit 4:2:0 picture are: the luma plane (`Y`),
/// then the blue (`Cb`, `U`) and red (`Cr`, `V`) colour-difference planes at half the
/// width and half the height: the `I420` of GStreamer and the `yuv420p` of FFmpeg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlanarI420 {
    /// Picture width in pixels (even).
    pub width: u32,
    /// Picture height in lines (even).
    pub height: u32,
    /// Octets from one luma row to the next (at least `width`).
    pub y_stride: usize,
    /// Octets from one colour-difference row to the next (at least `width / 2`).
    pub c_stride: usize,
    /// Where the Cb plane starts.
    pub cb_offset: usize,
    /// Where the Cr plane starts.
    pub cr_offset: usize,
}

/// Why a conversion between layouts was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConvertError {
    /// The geometry does not describe a 4:2:0 picture: a width or height of zero or odd,
    /// a stride shorter than its row, or planes that overlap.
    Geometry {
        /// Which value is wrong.
        field: &'static str,
        /// Its value.
        value: u64,
    },
    /// A buffer shorter than the layout needs.
    BufferTooSmall {
        /// Which buffer.
        which: &'static str,
        /// Octets needed.
        needed: usize,
        /// Octets given.
        available: usize,
    },
}

impl PlanarI420 {
    /// Planes back to back with no padding (a raw `.yuv` file).
    pub const fn packed(width: u32, height: u32) -> PlanarI420 {
        let y = width as usize;
        let c = (width / 2) as usize;
        let cb = y * height as usize;
        PlanarI420 {
            width,
            height,
            y_stride: y,
            c_stride: c,
            cb_offset: cb,
            cr_offset: cb + c * (height / 2) as usize,
        }
    }

    /// GStreamer's `I420` (`gst_video_info_set_format`): every row padded to a multiple
    /// of 4 octets, the planes back to back.
    pub const fn gstreamer(width: u32, height: u32) -> PlanarI420 {
        let y = (width as usize).next_multiple_of(4);
        let c = (width as usize / 2).next_multiple_of(4);
        let cb = y * height as usize;
        PlanarI420 {
            width,
            height,
            y_stride: y,
            c_stride: c,
            cb_offset: cb,
            cr_offset: cb + c * (height / 2) as usize,
        }
    }

    /// Octets of the whole planar picture (to the end of the last Cr row's padding).
    /// Saturates at `usize::MAX` (a geometry no buffer can hold).
    pub const fn planar_len(&self) -> usize {
        let plane_c = self.c_stride.saturating_mul((self.height / 2) as usize);
        let end_cb = self.cb_offset.saturating_add(plane_c);
        let end_cr = self.cr_offset.saturating_add(plane_c);
        let end_y = self.y_stride.saturating_mul(self.height as usize);
        let m = if end_cb > end_cr { end_cb } else { end_cr };
        if m > end_y { m } else { end_y }
    }

    /// Octets of the picture in RFC 4175 pgroups: 6 per 2x2 block.
    pub const fn pgroup_len(&self) -> usize {
        (self.width as usize)
            .saturating_mul(self.height as usize)
            .saturating_mul(3)
            / 2
    }

    fn check(
        &self,
        planar: usize,
        planar_name: &'static str,
        pgroups: usize,
    ) -> Result<(), ConvertError> {
        let (w, h) = (self.width as usize, self.height as usize);
        let geometry = |field, value: usize| ConvertError::Geometry {
            field,
            value: value as u64,
        };
        if w == 0 || w % 2 != 0 {
            return Err(geometry("width", w));
        }
        if h == 0 || h % 2 != 0 {
            return Err(geometry("height", h));
        }
        if self.y_stride < w {
            return Err(geometry("y_stride", self.y_stride));
        }
        if self.c_stride < w / 2 {
            return Err(geometry("c_stride", self.c_stride));
        }
        let plane_c = self.c_stride.saturating_mul(h / 2);
        let y_end = self.y_stride.saturating_mul(h);
        // The planes may come in any order but must not overlap.
        let (first, second) = if self.cb_offset <= self.cr_offset {
            (self.cb_offset, self.cr_offset)
        } else {
            (self.cr_offset, self.cb_offset)
        };
        if first < y_end {
            return Err(geometry("colour-difference plane offset", first));
        }
        if second < first.saturating_add(plane_c) {
            return Err(geometry("colour-difference plane offset", second));
        }
        let need = self.planar_len();
        if planar < need {
            return Err(ConvertError::BufferTooSmall {
                which: planar_name,
                needed: need,
                available: planar,
            });
        }
        if pgroups < self.pgroup_len() {
            return Err(ConvertError::BufferTooSmall {
                which: "pgroups",
                needed: self.pgroup_len(),
                available: pgroups,
            });
        }
        Ok(())
    }
}

/// Planar I420 to RFC 4175 §4.4 pgroups for YCbCr-4:2:0 8-bit: for each line pair, for
/// each 2x2 block left to right, the octets `Y00 Y01 Y10 Y11 Cb00 Cr00` (upper line's
/// two luma samples, then the lower line's, then the block's colour-difference pair).
/// Padding in `planar` is ignored.
pub fn i420_planar_to_pgroups(
    layout: &PlanarI420,
    planar: &[u8],
    pgroups: &mut [u8],
) -> Result<(), ConvertError> {
    layout.check(planar.len(), "planar", pgroups.len())?;
    let w = layout.width as usize;
    let blocks = w / 2;
    for (pair, out) in pgroups[..layout.pgroup_len()]
        .chunks_exact_mut(blocks * 6)
        .enumerate()
    {
        let upper = &planar[2 * pair * layout.y_stride..][..w];
        let lower = &planar[(2 * pair + 1) * layout.y_stride..][..w];
        let cb = &planar[layout.cb_offset + pair * layout.c_stride..][..blocks];
        let cr = &planar[layout.cr_offset + pair * layout.c_stride..][..blocks];
        for (k, pg) in out.chunks_exact_mut(6).enumerate() {
            pg.copy_from_slice(&[
                upper[2 * k],
                upper[2 * k + 1],
                lower[2 * k],
                lower[2 * k + 1],
                cb[k],
                cr[k],
            ]);
        }
    }
    Ok(())
}

/// RFC 4175 §4.4 YCbCr-4:2:0 8-bit pgroups to planar I420 (the inverse of
/// [`i420_planar_to_pgroups`]). Padding octets of `planar` are left as they are.
pub fn i420_pgroups_to_planar(
    layout: &PlanarI420,
    pgroups: &[u8],
    planar: &mut [u8],
) -> Result<(), ConvertError> {
    layout.check(planar.len(), "planar", pgroups.len())?;
    let w = layout.width as usize;
    let blocks = w / 2;
    for (pair, row) in pgroups[..layout.pgroup_len()]
        .chunks_exact(blocks * 6)
        .enumerate()
    {
        for (k, pg) in row.chunks_exact(6).enumerate() {
            let y0 = 2 * pair * layout.y_stride + 2 * k;
            let y1 = y0 + layout.y_stride;
            planar[y0..y0 + 2].copy_from_slice(&pg[0..2]);
            planar[y1..y1 + 2].copy_from_slice(&pg[2..4]);
            planar[layout.cb_offset + pair * layout.c_stride + k] = pg[4];
            planar[layout.cr_offset + pair * layout.c_stride + k] = pg[5];
        }
    }
    Ok(())
}

/// Rows of `row_octets` that start every `stride` octets (GStreamer pads the rows of
/// packed formats to a multiple of 4 octets) copied back to back, as the pgroup layout
/// has them.
pub fn strided_rows_to_pgroups(
    row_octets: usize,
    stride: usize,
    rows: usize,
    strided: &[u8],
    pgroups: &mut [u8],
) -> Result<(), ConvertError> {
    check_strided(row_octets, stride, rows, strided.len(), pgroups.len())?;
    for (r, out) in pgroups[..row_octets * rows]
        .chunks_exact_mut(row_octets)
        .enumerate()
    {
        out.copy_from_slice(&strided[r * stride..][..row_octets]);
    }
    Ok(())
}

/// The inverse of [`strided_rows_to_pgroups`]; padding octets are left as they are.
pub fn pgroups_to_strided_rows(
    row_octets: usize,
    stride: usize,
    rows: usize,
    pgroups: &[u8],
    strided: &mut [u8],
) -> Result<(), ConvertError> {
    check_strided(row_octets, stride, rows, strided.len(), pgroups.len())?;
    for (r, row) in pgroups[..row_octets * rows]
        .chunks_exact(row_octets)
        .enumerate()
    {
        strided[r * stride..][..row_octets].copy_from_slice(row);
    }
    Ok(())
}

fn check_strided(
    row_octets: usize,
    stride: usize,
    rows: usize,
    strided: usize,
    pgroups: usize,
) -> Result<(), ConvertError> {
    if row_octets == 0 {
        return Err(ConvertError::Geometry {
            field: "row_octets",
            value: 0,
        });
    }
    if stride < row_octets {
        return Err(ConvertError::Geometry {
            field: "stride",
            value: stride as u64,
        });
    }
    // The last row needs no padding after it.
    let need = if rows == 0 {
        0
    } else {
        stride.saturating_mul(rows - 1).saturating_add(row_octets)
    };
    if strided < need {
        return Err(ConvertError::BufferTooSmall {
            which: "strided",
            needed: need,
            available: strided,
        });
    }
    let packed = row_octets.saturating_mul(rows);
    if pgroups < packed {
        return Err(ConvertError::BufferTooSmall {
            which: "pgroups",
            needed: packed,
            available: pgroups,
        });
    }
    Ok(())
}

// =====================================================================================
// The formats tried, and how GStreamer lays each out.
// =====================================================================================

/// One stream format: GStreamer's name for it and ours.
#[derive(Debug, Clone, Copy)]
struct Case {
    gst: &'static str,
    sampling: Sampling,
    depth: Depth,
    width: u32,
    height: u32,
}

const fn case(gst: &'static str, width: u32, height: u32) -> Case {
    let (sampling, depth) = match gst.as_bytes() {
        b"UYVP" => (Sampling::YCbCr422, Depth::Bits10),
        b"UYVY" => (Sampling::YCbCr422, Depth::Bits8),
        b"RGB" => (Sampling::Rgb, Depth::Bits8),
        b"I420" => (Sampling::YCbCr420, Depth::Bits8),
        _ => panic!("a format this test knows"),
    };
    Case {
        gst,
        sampling,
        depth,
        width,
        height,
    }
}

const UYVP_640X360: Case = case("UYVP", 640, 360);
/// 161 pgroups of 5 octets: 805-octet rows, which GStreamer pads to 808.
const UYVP_322X240: Case = case("UYVP", 322, 240);
const UYVY_320X240: Case = case("UYVY", 320, 240);
const RGB_320X240: Case = case("RGB", 320, 240);
/// 966-octet rows, padded to 968.
const RGB_322X240: Case = case("RGB", 322, 240);
const I420_320X240: Case = case("I420", 320, 240);
/// Luma rows of 322 padded to 324, colour-difference rows of 161 padded to 164.
const I420_322X240: Case = case("I420", 322, 240);

/// Frames per run.
const FRAMES: usize = 3;

impl Case {
    fn layout(&self) -> VideoLayout {
        VideoLayout::new(
            Format::new(self.sampling, self.depth),
            self.width,
            self.height,
            false,
        )
        .unwrap()
    }

    fn name(&self) -> String {
        format!("{}-{}x{}", self.gst, self.width, self.height)
    }

    fn planar(&self) -> Option<PlanarI420> {
        (self.gst == "I420").then(|| PlanarI420::gstreamer(self.width, self.height))
    }

    /// GStreamer's row stride of a packed format: the row rounded up to 4 octets.
    fn stride(&self) -> usize {
        self.layout().row_bytes().next_multiple_of(4)
    }

    /// Octets of one frame in GStreamer's raw buffers.
    fn gst_frame_len(&self) -> usize {
        match self.planar() {
            Some(p) => p.planar_len(),
            None => self.stride() * self.height as usize,
        }
    }

    /// GStreamer's raw frame in the RFC 4175 pgroup layout.
    fn pgroups_of(&self, gst: &[u8]) -> Vec<u8> {
        let l = self.layout();
        let mut out = vec![0; l.frame_bytes()];
        match self.planar() {
            Some(p) => i420_planar_to_pgroups(&p, gst, &mut out),
            None => strided_rows_to_pgroups(
                l.row_bytes(),
                self.stride(),
                l.rows() as usize,
                gst,
                &mut out,
            ),
        }
        .unwrap();
        out
    }

    fn raw_caps(&self) -> String {
        format!(
            "video/x-raw,format={},width={},height={},framerate=50/1",
            self.gst, self.width, self.height
        )
    }

    /// The RTP caps `rtpvrawdepay` needs (RFC 4175 §6.1 parameters, as strings).
    fn rtp_caps(&self) -> String {
        format!(
            "application/x-rtp,media=video,clock-rate=90000,encoding-name=RAW,sampling={},\
             depth=(string){},width=(string){},height=(string){},payload=96",
            self.sampling.name(),
            self.depth.bits(),
            self.width,
            self.height
        )
    }
}

/// GStreamer's RTP payloader's size limit in these tests (`mtu`: the whole RTP packet).
const GST_MTU: usize = 1400;

/// Runs GStreamer once: the same `videotestsrc` buffers to a raw file and, through
/// `rtpvrawpay` and `rtpstreampay`, to an RFC 4571 file. Returns (raw, RTP packets).
fn gstreamer_sends(c: &Case, dir: &Scratch) -> (Vec<u8>, Vec<Vec<u8>>) {
    // A zone plate that moves from frame to frame: every row and frame differs.
    launch(&words(&format!(
        "videotestsrc num-buffers={FRAMES} pattern=zone-plate kx2=20 ky2=20 kt2=3 ! {} ! \
         tee name=t ! queue ! filesink location={} \
         t. ! queue ! rtpvrawpay mtu={GST_MTU} pt=96 ! rtpstreampay ! filesink location={}",
        c.raw_caps(),
        dir.location("gst.raw"),
        dir.location("gst.rtp"),
    )));
    let raw = read(&dir.path("gst.raw"));
    let stream = read(&dir.path("gst.rtp"));
    let packets = rfc4571_packets(&stream)
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    (raw, packets)
}

fn gstreamer_to_us(c: Case) {
    let test = format!("gstreamer_to_us {}", c.name());
    if !gstreamer_with(
        &test,
        &[
            "videotestsrc",
            "tee",
            "queue",
            "filesink",
            "rtpvrawpay",
            "rtpstreampay",
        ],
    ) {
        return;
    }
    let dir = Scratch::new(&format!("tx-{}", c.name()));
    let (raw, packets) = gstreamer_sends(&c, &dir);
    assert_eq!(
        raw.len(),
        FRAMES * c.gst_frame_len(),
        "{test}: raw frame size"
    );
    let expected: Vec<Vec<u8>> = raw
        .chunks_exact(c.gst_frame_len())
        .map(|f| c.pgroups_of(f))
        .collect();
    // The frames differ, so a frame put in the wrong place would show.
    assert!(expected.windows(2).all(|w| w[0] != w[1]), "{test}");

    let layout = c.layout();
    let mut config = DepacketizerConfig::new(layout);
    config.payload_type = Some(96);
    let mut d = Depacketizer::allocate(config);
    let mut got = Vec::new();
    for (i, p) in packets.iter().enumerate() {
        assert!(
            p.len() <= GST_MTU,
            "{test}: packet {i} of {} octets",
            p.len()
        );
        let pushed = d
            .push(p)
            .unwrap_or_else(|e| panic!("{test}: packet {i} refused: {e}"));
        for f in pushed.iter() {
            assert!(f.complete, "{test}: frame {} incomplete", got.len());
            assert_eq!(f.lost_bytes, 0);
            assert_eq!(d.lost(f.slot).count(), 0);
            got.push((f.rtp_timestamp.unwrap(), d.frame(f.slot).to_vec()));
        }
    }
    assert_eq!(got.len(), FRAMES, "{test}: frames rebuilt");
    for (i, ((_, ours), theirs)) in got.iter().zip(&expected).enumerate() {
        if let Some(at) = ours.iter().zip(theirs).position(|(a, b)| a != b) {
            panic!(
                "{test}: frame {i} differs from GStreamer's first at octet {at} (row {})",
                at / layout.row_bytes()
            );
        }
    }
    // 50 frames a second on the 90 kHz clock: 1800 ticks apart.
    for w in got.windows(2) {
        assert_eq!(w[1].0.wrapping_sub(w[0].0), 1800, "{test}");
    }
    let k = d.counters();
    assert_eq!(
        (k.complete, k.incomplete, k.sequence_gaps, k.invalid, k.late),
        (FRAMES as u64, 0, 0, 0, 0),
        "{test}: {k:?}"
    );
    assert_eq!(k.packets, packets.len() as u64);

    // Our packetizer, limited like rtpvrawpay (mtu counts the whole RTP packet, our
    // limit the UDP payload: the same octets), cuts the rows at the same places.
    // GStreamer puts up to four SRD headers in a packet where rows are short; ours
    // stops at MAX_SRDS (3), and there the packets part ways.
    let srds = |p: &[u8]| {
        Payload::parse(Packet::new_checked(p).unwrap().payload())
            .unwrap()
            .row_count()
    };
    let ours = our_packets_like_gstreamer(&c, &packets, &expected);
    match packets.iter().position(|p| srds(p) > MAX_SRDS) {
        None => {
            assert_eq!(ours.len(), packets.len(), "{test}: packet count");
            for (i, (a, b)) in ours.iter().zip(&packets).enumerate() {
                assert!(a == b, "{test}: packet {i} differs from rtpvrawpay's");
            }
        }
        Some(first) => {
            // Identical up to GStreamer's first packet with a fourth segment.
            assert!(first > 0);
            for (i, (a, b)) in ours.iter().zip(&packets).take(first).enumerate() {
                assert!(a == b, "{test}: packet {i} differs from rtpvrawpay's");
            }
            assert_ne!(ours[first], packets[first]);
            assert_eq!(srds(&ours[first]), MAX_SRDS);
        }
    }
}

/// Packetizes `frames` (pgroup layout) with GStreamer's SSRC, payload type, sequence
/// numbers and RTP timestamps and a UDP payload limit of its MTU.
fn our_packets_like_gstreamer(c: &Case, gst: &[Vec<u8>], frames: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let first = Packet::new_checked(&gst[0][..]).unwrap();
    let esn = Payload::parse(first.payload())
        .unwrap()
        .extended_sequence_number();
    let seq = u32::from(esn) << 16 | u32::from(first.sequence_number());
    let mut timestamps = Vec::new();
    for p in gst {
        let p = Packet::new_checked(&p[..]).unwrap();
        if timestamps.last() != Some(&p.timestamp()) {
            timestamps.push(p.timestamp());
        }
    }
    assert_eq!(timestamps.len(), frames.len());
    let config = PacketizerConfig {
        max_udp: GST_MTU,
        ..PacketizerConfig::new(c.layout(), first.payload_type(), first.ssrc())
    };
    let mut p = Packetizer::new(config, seq).unwrap();
    let mut out = Vec::new();
    let mut buf = vec![0u8; GST_MTU];
    for (frame, ts) in frames.iter().zip(timestamps) {
        let mut f = p.field(0, ts);
        while let Some(n) = f.next_into(frame, &mut buf) {
            out.push(buf[..n.unwrap()].to_vec());
        }
    }
    out
}

#[test]
fn gstreamer_to_us_uyvp_640x360() {
    gstreamer_to_us(UYVP_640X360);
}

#[test]
fn gstreamer_to_us_uyvp_322x240_padded() {
    gstreamer_to_us(UYVP_322X240);
}

#[test]
fn gstreamer_to_us_uyvy_320x240() {
    gstreamer_to_us(UYVY_320X240);
}

#[test]
fn gstreamer_to_us_rgb_320x240() {
    gstreamer_to_us(RGB_320X240);
}

#[test]
fn gstreamer_to_us_rgb_322x240_padded() {
    gstreamer_to_us(RGB_322X240);
}

#[test]
fn gstreamer_to_us_i420_320x240() {
    gstreamer_to_us(I420_320X240);
}

#[test]
fn gstreamer_to_us_i420_322x240_padded() {
    gstreamer_to_us(I420_322X240);
}

// =====================================================================================
// Us to GStreamer, paced.
// =====================================================================================

/// The first frame after 2026-01-01 00:00:00 TAI at 50 frames a second (frame `n`'s
/// alignment point is `n / 50` s after the SMPTE Epoch).
const FIRST_FRAME: u128 = 1_767_225_600 * 50 + 1;

/// Frames of octets from xorshift64*: every octet value occurs, in no pattern, and
/// every bit pattern is a valid picture in these formats (10-bit samples included), so
/// any misplaced octet shows.
fn our_frames(c: &Case, seed: u64) -> Vec<Vec<u8>> {
    let mut x = seed | 1;
    (0..FRAMES)
        .map(|_| {
            (0..c.layout().frame_bytes())
                .map(|_| {
                    x ^= x >> 12;
                    x ^= x << 25;
                    x ^= x >> 27;
                    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
                })
                .collect()
        })
        .collect()
}

/// What we sent: the frames, the packets with their departure times, the schedule.
struct Sent {
    frames: Vec<Vec<u8>>,
    packets: Vec<(Duration, Vec<u8>)>,
    schedule: Schedule,
}

/// Packetizes `FRAMES` frames under the Standard UDP Size Limit, each packet leaving at
/// its ST 2110-21 read time (narrow, gapped) rounded up to the nanosecond, RTP
/// timestamps from the frame's alignment point; the sequence number wraps in the first
/// frame.
fn we_send(c: &Case) -> Sent {
    let layout = c.layout();
    let frames = our_frames(
        c,
        0x4D46_0000 ^ u64::from(c.width) << 16 ^ u64::from(c.height),
    );
    let config = PacketizerConfig::new(layout, 96, 0x4D46_2110);
    let mut p = Packetizer::new(config, 65_530).unwrap();
    // NPACKETS is what the packetizer sends (see
    // `npackets_of_the_pacing_model_match_the_packetizer` for where the pacing model's
    // own count differs).
    let npackets = p.packets_per_field();
    let schedule = Schedule::new(
        Rate::FPS_50,
        Scan::Progressive,
        c.height,
        npackets,
        SenderType::Narrow,
    )
    .unwrap();
    let mut packets = Vec::new();
    let mut buf = vec![0u8; 1460];
    for (k, frame) in frames.iter().enumerate() {
        let n = FIRST_FRAME + k as u128;
        let ts = rtp_timestamp_of_frame(Rate::FPS_50, Rate::HZ_90000, n);
        assert_eq!(ts, schedule.rtp_timestamp(n));
        let mut f = p.field(0, ts);
        let mut j = 0;
        while let Some(len) = f.next_into(frame, &mut buf) {
            let ns = schedule.departure(n, j).unwrap().ceil();
            let t = Duration::new((ns / 1_000_000_000) as u64, (ns % 1_000_000_000) as u32);
            packets.push((t, buf[..len.unwrap()].to_vec()));
            j += 1;
        }
        assert_eq!(j, npackets);
    }
    Sent {
        frames,
        packets,
        schedule,
    }
}

/// The analyzer's view of a pcap's packets (times in ns since the SMPTE Epoch).
fn arrivals(packets: &[(Duration, Vec<u8>)]) -> Vec<Arrival> {
    packets
        .iter()
        .map(|(t, udp)| {
            let rtp = Packet::new_checked(&udp[..]).unwrap();
            let first_srd = Payload::parse(rtp.payload())
                .unwrap()
                .rows()
                .next()
                .unwrap();
            Arrival {
                time_ns: t.as_nanos(),
                rtp_timestamp: rtp.timestamp(),
                marker: rtp.marker(),
                sequence: rtp.sequence_number(),
                length: udp.len() as u32,
                second_field: first_srd.header.field,
            }
        })
        .collect()
}

fn analyze(analyzer: Analyzer, arrivals: &[Arrival]) -> Report {
    let mut an = analyzer;
    for a in arrivals {
        an.push(a).unwrap();
    }
    an.finish();
    an.report()
}

fn us_to_gstreamer(c: Case) {
    let test = format!("us_to_gstreamer {}", c.name());
    let dir = Scratch::new(&format!("rx-{}", c.name()));
    let sent = we_send(&c);
    let pcap = dir.path("ours.pcap");
    common_gst::write_pcap(&pcap, &sent.packets);

    // The file read back: our analyzer finds it narrow, the first packet of every frame
    // at TRO, at most one packet in the bucket and the virtual receiver buffer never
    // ahead of the reads.
    let back = read_pcap(&read(&pcap));
    assert_eq!(back, sent.packets, "{test}: pcap round trip");
    let s = sent.schedule;
    for analyzer in [
        Analyzer::new(s).starting_at_first_packet(),
        Analyzer::new(s).datum(Datum::RtpTimestamp),
    ] {
        let r = analyze(analyzer, &arrivals(&back));
        assert_eq!(r.compliance, Some(Compliance::Narrow), "{test}: {r:#?}");
        assert_eq!(r.worst, None);
        assert_eq!(r.lost, 0);
        assert_eq!(r.cinst_max.unwrap().value, 1, "{test}");
        assert_eq!(
            (r.vrx_min.unwrap().value, r.vrx_max.unwrap().value),
            (0, 0),
            "{test}"
        );
        assert_eq!(r.rtp_offset_min.unwrap().value, 0);
        assert_eq!(r.rtp_offset_max.unwrap().value, 0);
        assert!(r.fpt_min.unwrap().value >= s.tro());
        assert!(r.fpt_max.unwrap().value.floor() <= s.tro().floor() + 1);
    }
    // Both ways of starting see every frame: the first packet starts one, or (by
    // default) the first after a marker, which skips nothing here but the first frame.
    let r = analyze(
        Analyzer::new(s).starting_at_first_packet(),
        &arrivals(&back),
    );
    assert_eq!(r.frames, FRAMES as u64);
    assert_eq!(r.packets, sent.packets.len() as u64);

    if !gstreamer_with(&test, &["filesrc", "pcapparse", "rtpvrawdepay", "filesink"]) {
        return;
    }
    launch(&words(&format!(
        "filesrc location={} ! pcapparse dst-port={} ! {} ! rtpvrawdepay ! filesink location={}",
        dir.location("ours.pcap"),
        common_gst::PORT,
        c.rtp_caps(),
        dir.location("gst.raw")
    )));
    let raw = read(&dir.path("gst.raw"));
    assert_eq!(
        raw.len(),
        FRAMES * c.gst_frame_len(),
        "{test}: rtpvrawdepay wrote {} octets",
        raw.len()
    );
    for (i, (theirs, ours)) in raw
        .chunks_exact(c.gst_frame_len())
        .zip(&sent.frames)
        .enumerate()
    {
        let theirs = c.pgroups_of(theirs);
        if let Some(at) = theirs.iter().zip(ours).position(|(a, b)| a != b) {
            panic!(
                "{test}: GStreamer's frame {i} differs from ours first at octet {at} (row {})",
                at / c.layout().row_bytes()
            );
        }
    }
}

#[test]
fn us_to_gstreamer_uyvp_640x360() {
    us_to_gstreamer(UYVP_640X360);
}

#[test]
fn us_to_gstreamer_uyvp_322x240_padded() {
    us_to_gstreamer(UYVP_322X240);
}

#[test]
fn us_to_gstreamer_uyvy_320x240() {
    us_to_gstreamer(UYVY_320X240);
}

#[test]
fn us_to_gstreamer_rgb_320x240() {
    us_to_gstreamer(RGB_320X240);
}

#[test]
fn us_to_gstreamer_rgb_322x240_padded() {
    us_to_gstreamer(RGB_322X240);
}

#[test]
fn us_to_gstreamer_i420_320x240() {
    us_to_gstreamer(I420_320X240);
}

#[test]
fn us_to_gstreamer_i420_322x240_padded() {
    us_to_gstreamer(I420_322X240);
}

// =====================================================================================
// GStreamer's own stream through the analyzer.
// =====================================================================================

/// GStreamer 1.22's rtpvrawpay, unpaced (tests/data/README.md): 420 packets per 20 ms
/// frame sent in a burst. Capture times are not PTP time, so frames are found from
/// the first packet and the drain grid starts there.
#[test]
fn gstreamer_unpaced_stream_is_not_compliant() {
    let pcap = read(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gst-rfc4175-uyvp-640x360.pcap"
    )));
    let packets = read_pcap(&pcap);
    let s = Schedule::new(
        Rate::FPS_50,
        Scan::Progressive,
        360,
        420,
        SenderType::Narrow,
    )
    .unwrap();
    let r = analyze(
        Analyzer::new(s)
            .starting_at_first_packet()
            .drain_origin(DrainOrigin::FirstPacket),
        &arrivals(&packets),
    );
    assert_eq!((r.frames, r.packets, r.lost), (2, 840, 0));
    assert_eq!(r.compliance, Some(Compliance::NotCompliant), "{r:#?}");
    // The measure that decides it is CInst: the burst fills the bucket far past the
    // wide CMAX (16), where a paced sender keeps it at 1.
    let w = r.worst.unwrap();
    assert_eq!(w.measure, Measure::CInst, "{w:?}");
    assert_eq!(w.limit, r.limits.cmax_wide.map(i64::from));
    assert_eq!(r.limits.cmax_wide, Some(16));
    assert!(w.value > 16 * 10, "{w:?}");
    assert_eq!(i64::from(r.cinst_max.unwrap().value), w.value);
    // VRX is past the narrow VRX_FULL (8) as well: the reads take one packet per TRS
    // (about 46 us) while the packets came all at once. (Without PTP time both frames,
    // sent 1.5 ms apart, fall on the same alignment point, so VRX counts both.)
    assert!(r.vrx_max.unwrap().value > i64::from(r.limits.vrx_full_narrow));
    assert!(r.vrx_min.unwrap().value >= 0);
}
/// NPACKETS from `pacing::packets_per_frame` (General Packing Mode) against the
/// packets our packetizer sends. They differ where rows are short enough for a packet
/// to hold a fourth row segment: the model fills packets without the packetizer's
/// limit of MAX_SRDS (3) SRD headers. 4:2:2 8-bit 320x240 under 1460 octets: the model
/// says 108, the packetizer sends 110; 4:2:2 10-bit 640x360 under MAXUDP 8960: the model
/// says 65, the packetizer sends 120 (three 1600-octet rows a packet). Every case that
/// differs is listed when it fails.
#[test]

fn npackets_of_the_pacing_model_match_the_packetizer() {
    let mut differ = Vec::new();
    for c in [
        UYVP_640X360,
        UYVP_322X240,
        UYVY_320X240,
        RGB_320X240,
        RGB_322X240,
        I420_320X240,
        I420_322X240,
    ] {
        for max_udp in [1400, 1460, 8960] {
            let config = PacketizerConfig {
                max_udp,
                ..PacketizerConfig::new(c.layout(), 96, 1)
            };
            let sent = Packetizer::new(config, 0).unwrap().packets_per_field();
            let model = packets_per_frame(
                c.layout().format,
                c.width,
                c.height,
                Scan::Progressive,
                Packing::General {
                    max_udp: max_udp as u32,
                },
            );
            if model != Ok(sent) {
                differ.push(format!(
                    "{} MAXUDP {max_udp}: model {model:?}, packetizer {sent}",
                    c.name()
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{differ:#?}");
}

// =====================================================================================
// The layout converters on their own.
// =====================================================================================

#[test]
fn i420_pgroup_order_is_rfc_4175() {
    // 4x2: luma 0..8 row by row, Cb 100 101, Cr 200 201.
    let p = PlanarI420::packed(4, 2);
    assert_eq!((p.planar_len(), p.pgroup_len()), (12, 12));
    let planar = [0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 200, 201];
    let mut pg = [0u8; 12];
    i420_planar_to_pgroups(&p, &planar, &mut pg).unwrap();
    // Y00 Y01 Y10 Y11 Cb Cr for each 2x2 block (RFC 4175 §4.4).
    assert_eq!(pg, [0, 1, 4, 5, 100, 200, 2, 3, 6, 7, 101, 201]);
    let mut back = [0u8; 12];
    i420_pgroups_to_planar(&p, &pg, &mut back).unwrap();
    assert_eq!(back, planar);
}

#[test]
fn i420_with_gstreamer_strides_round_trips() {
    let p = PlanarI420::gstreamer(322, 6);
    assert_eq!((p.y_stride, p.c_stride), (324, 164));
    assert_eq!(
        (p.cb_offset, p.cr_offset, p.planar_len()),
        (324 * 6, 324 * 6 + 164 * 3, 324 * 6 + 164 * 6)
    );
    assert_eq!(
        PlanarI420::gstreamer(320, 240).planar_len(),
        320 * 240 * 3 / 2
    );
    let pg: Vec<u8> = (0..p.pgroup_len()).map(|i| (i * 7 % 251) as u8).collect();
    let mut planar = vec![0xEE; p.planar_len()];
    i420_pgroups_to_planar(&p, &pg, &mut planar).unwrap();
    // Padding untouched.
    assert_eq!(&planar[322..324], &[0xEE, 0xEE]);
    assert_eq!(&planar[p.cb_offset + 161..p.cb_offset + 164], &[0xEE; 3]);
    let mut again = vec![0; p.pgroup_len()];
    i420_planar_to_pgroups(&p, &planar, &mut again).unwrap();
    assert_eq!(again, pg);
}

#[test]
fn converters_refuse_bad_geometry_and_short_buffers() {
    let p = PlanarI420::packed(4, 2);
    let mut pg = [0u8; 12];
    assert_eq!(
        i420_planar_to_pgroups(&p, &[0; 11], &mut pg),
        Err(ConvertError::BufferTooSmall {
            which: "planar",
            needed: 12,
            available: 11
        })
    );
    assert_eq!(
        i420_pgroups_to_planar(&p, &[0; 11], &mut [0; 12]),
        Err(ConvertError::BufferTooSmall {
            which: "pgroups",
            needed: 12,
            available: 11
        })
    );
    let odd = PlanarI420::packed(3, 2);
    assert_eq!(
        i420_planar_to_pgroups(&odd, &[0; 64], &mut [0; 64]),
        Err(ConvertError::Geometry {
            field: "width",
            value: 3
        })
    );
    let overlap = PlanarI420 {
        cr_offset: p.cb_offset,
        ..p
    };
    assert!(matches!(
        i420_planar_to_pgroups(&overlap, &[0; 64], &mut [0; 64]),
        Err(ConvertError::Geometry { .. })
    ));
    let huge = PlanarI420 {
        c_stride: usize::MAX / 2,
        ..PlanarI420::packed(4, 8)
    };
    assert!(matches!(
        i420_planar_to_pgroups(&huge, &[0; 64], &mut [0; 64]),
        Err(ConvertError::Geometry { .. } | ConvertError::BufferTooSmall { .. })
    ));
    assert!(matches!(
        strided_rows_to_pgroups(0, 4, 2, &[0; 8], &mut [0; 8]),
        Err(ConvertError::Geometry {
            field: "row_octets",
            ..
        })
    ));
    assert!(matches!(
        strided_rows_to_pgroups(usize::MAX / 2, usize::MAX / 2, 3, &[0; 8], &mut [0; 8]),
        Err(ConvertError::BufferTooSmall { .. })
    ));
    let narrow = PlanarI420 { y_stride: 3, ..p };
    assert_eq!(
        i420_planar_to_pgroups(&narrow, &[0; 64], &mut [0; 64]),
        Err(ConvertError::Geometry {
            field: "y_stride",
            value: 3
        })
    );

    // Strided rows: the last row needs no padding after it.
    let strided = [1, 2, 3, 0, 4, 5, 6];
    let mut rows = [0u8; 6];
    strided_rows_to_pgroups(3, 4, 2, &strided, &mut rows).unwrap();
    assert_eq!(rows, [1, 2, 3, 4, 5, 6]);
    let mut out = [9u8; 8];
    pgroups_to_strided_rows(3, 4, 2, &rows, &mut out).unwrap();
    assert_eq!(out, [1, 2, 3, 9, 4, 5, 6, 9]);
    assert!(matches!(
        strided_rows_to_pgroups(3, 2, 2, &strided, &mut rows),
        Err(ConvertError::Geometry {
            field: "stride",
            ..
        })
    ));
    assert!(matches!(
        strided_rows_to_pgroups(3, 4, 2, &strided[..6], &mut rows),
        Err(ConvertError::BufferTooSmall {
            which: "strided",
            ..
        })
    ));
    assert!(matches!(
        pgroups_to_strided_rows(3, 4, 2, &rows[..5], &mut out),
        Err(ConvertError::BufferTooSmall {
            which: "pgroups",
            ..
        })
    ));
}
