//! NPACKETS from the packetization of ST 2110-20.

use crate::format::Format;
use crate::packetize::{Packetizer, PacketizerConfig, PackingMode};
use crate::video::VideoLayout;

use super::{Error, Scan};

/// The RTP fixed header without CSRCs or extension (RFC 3550 §5.1), in octets.
pub const RTP_HEADER: u32 = 12;
/// The RFC 4175 Extended Sequence Number (ST 2110-20 §6.1.3), in octets.
pub const EXTENDED_SEQUENCE_NUMBER: u32 = 2;
/// One Sample Row Data header: Length, F and Row Number, C and Offset (RFC 4175 §4.3,
/// ST 2110-20 §6.1.4), in octets.
pub const SRD_HEADER: u32 = 6;
/// ST 2110-20 §6.3.3: the block of Block Packing Mode, in octets.
pub const BPM_BLOCK: u32 = 180;
/// ST 2110-20 §6.3.3: the sample data of every Block Packing Mode packet but the last of
/// a frame or field: seven 180-octet blocks.
pub const BPM_PACKET_OCTETS: u32 = 7 * BPM_BLOCK;
/// ST 2110-10 §6.3: the Extended UDP Size Limit (`MAXUDP=8960`), in octets.
pub const EXTENDED_UDP_SIZE_LIMIT: u32 = 8960;

/// How sample rows are cut into packets (ST 2110-20 §6.3, the SDP `PM` parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Packing {
    /// `2110BPM`, Block Packing Mode: every packet but the last of a frame (or field)
    /// carries exactly 1260 octets of sample data, rows running on from packet to
    /// packet.
    Block,
    /// `2110GPM`, General Packing Mode, filling each packet: as many whole pgroups as
    /// fit in a UDP payload of `max_udp` octets, a row that ends inside a packet
    /// continuing in the same packet under a further Sample Row Data header while at
    /// least one pgroup still fits.
    General {
        /// The UDP payload limit: 1460 (Standard UDP Size Limit) or the SDP `MAXUDP`.
        max_udp: u32,
    },
    /// `2110GPM` with one row per packet: each row split into as few packets as the
    /// UDP payload limit allows (as the Media Transport Library's single-line mode
    /// sends it; GStreamer's `rtpvrawpay` fills packets across rows, like
    /// [`Packing::General`]). With 1460 octets, a 1080p 4:2:2 10-bit row
    /// of 4800 octets takes 4 packets, and a frame 4320.
    SingleRow {
        /// The UDP payload limit.
        max_udp: u32,
    },
}

fn geometry(field: &'static str, value: u32, expected: &'static str) -> Error {
    Error::OutOfRange {
        field,
        value: value as i128,
        expected,
    }
}

/// NPACKETS for a frame of `width` x `height` pixels of `format` sent with `packing`:
/// the count for the whole frame, both fields of an interlaced or PsF frame (each field
/// of `height / 2` lines is packetized on its own, as its packets carry one F bit).
///
/// Widths that are not a whole number of pgroups, heights that do not split into whole
/// pgroup rows (per field), payload limits too small for one pgroup, and Block Packing
/// Mode with a pgroup that does not divide 180 octets are errors.
pub fn packets_per_frame(
    format: Format,
    width: u32,
    height: u32,
    scan: Scan,
    packing: Packing,
) -> Result<u32, Error> {
    let pg = format.pgroup();
    let row_octets = format.row_octets(width).ok_or(geometry(
        "width",
        width,
        "a positive whole number of pgroups",
    ))?;
    let fields = if scan.has_fields() { 2 } else { 1 };
    let lines = height / fields;
    if height == 0 || !height.is_multiple_of(fields) || !lines.is_multiple_of(pg.rows) {
        return Err(geometry(
            "height",
            height,
            "whole pgroup rows in every field (even for interlace; 4:2:0 rows come in pairs)",
        ));
    }
    let rows = lines / pg.rows;
    let per_field = match packing {
        Packing::Block => {
            if !BPM_BLOCK.is_multiple_of(pg.octets) {
                return Err(Error::BlockPackingUnavailable { octets: pg.octets });
            }
            packetizer_count(format, width, height, scan, PackingMode::Block, 8960)?
        }
        Packing::SingleRow { max_udp } => {
            let room = data_room(max_udp, pg.octets)?;
            rows as u64 * row_octets.div_ceil(room) as u64
        }
        Packing::General { max_udp } => {
            data_room(max_udp, pg.octets)?;
            packetizer_count(format, width, height, scan, PackingMode::General, max_udp)?
        }
    };
    u32::try_from(per_field * fields as u64)
        .map_err(|_| Error::Unrepresentable { what: "NPACKETS" })
}

/// Whole pgroups of sample data a packet with a single row segment holds.
fn data_room(max_udp: u32, pgroup: u32) -> Result<u32, Error> {
    let overhead = RTP_HEADER + EXTENDED_SEQUENCE_NUMBER + SRD_HEADER;
    let room = max_udp.saturating_sub(overhead) / pgroup * pgroup;
    if room == 0 {
        return Err(geometry(
            "MAXUDP",
            max_udp,
            "room for the RTP and RFC 4175 headers and one pgroup",
        ));
    }
    Ok(room)
}

/// Packets per field as the crate's own [`Packetizer`] sends them (its planner is the
/// one definition of how rows are cut: whole pgroups, a row continuing in the same
/// packet under another SRD header, at most three SRD headers per packet), so the
/// schedule's NPACKETS always equals what a sender built on this crate emits.
fn packetizer_count(
    format: Format,
    width: u32,
    height: u32,
    scan: Scan,
    mode: PackingMode,
    max_udp: u32,
) -> Result<u64, Error> {
    let layout = VideoLayout::new(format, width, height, scan.has_fields())
        .map_err(|_| geometry("height", height, "a raster the packetizer accepts"))?;
    let config = PacketizerConfig {
        layout,
        packing: mode,
        max_udp: max_udp as usize,
        payload_type: 96,
        ssrc: 0,
    };
    let p = Packetizer::new(config, 0).map_err(|e| match e {
        crate::Error::Invalid { .. } => Error::BlockPackingUnavailable {
            octets: format.pgroup().octets,
        },
        _ => geometry(
            "MAXUDP",
            max_udp,
            "room for the RTP and RFC 4175 headers and one pgroup",
        ),
    })?;
    Ok(u64::from(p.packets_per_field()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Depth, Sampling};

    const UYVP: Format = Format::new(Sampling::YCbCr422, Depth::Bits10);

    #[test]
    fn errors() {
        assert!(packets_per_frame(UYVP, 1919, 1080, Scan::Progressive, Packing::Block).is_err());
        assert!(packets_per_frame(UYVP, 1920, 1081, Scan::Interlaced, Packing::Block).is_err());
        assert!(
            packets_per_frame(
                UYVP,
                1920,
                1080,
                Scan::Progressive,
                Packing::SingleRow { max_udp: 20 }
            )
            .is_err()
        );
        let y16 = Format::new(Sampling::YCbCr422, Depth::Bits16);
        assert_eq!(
            packets_per_frame(y16, 1920, 1080, Scan::Progressive, Packing::Block),
            Err(Error::BlockPackingUnavailable { octets: 8 })
        );
    }
}
