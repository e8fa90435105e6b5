//! `mediafabric st2110 ...`: SMPTE ST 2110-20 video from and to captures.
//!
//! - `schedule`: the ST 2110-21 sender parameters of the stream an SDP describes;
//! - `packetize`: raw frames to a pcap whose packets follow the -21 schedule and whose
//!   RTP timestamps follow ST 2110-10;
//! - `depacketize`: a capture back to raw frames, with every loss reported;
//! - `analyze`: the ST 2110-21 and -10 report of a captured stream.
//!
//! Everything protocol-shaped is `mediafabric-st2110`'s: this module reads files,
//! frames packets for the pcap and prints.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use etherparse::PacketBuilder;
use mediafabric_ptp::st2059::{Rate, next_alignment_point, rtp_timestamp_of_frame};
use mediafabric_ptp::wire::Timestamp;
use mediafabric_st2110::depacketize::{Depacketizer, DepacketizerConfig};
use mediafabric_st2110::format::{Depth, Format};
use mediafabric_st2110::pacing::{
    Analyzer, Arrival, Compliance, DrainOrigin, Measure, Nanos, Report, Scan, Schedule, SenderType,
};
use mediafabric_st2110::packetize::{Packetizer, PacketizerConfig, PackingMode, STANDARD_UDP_SIZE};
use mediafabric_st2110::redundancy::{Leg, Merger, Verdict};
use mediafabric_st2110::rtp::Packet as RtpPacket;
use mediafabric_st2110::sdp::VideoSdp;
use mediafabric_st2110::video::{VideoLayout, convert_i420};
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};
use pcap_file::{DataLink, TsResolution};

use crate::capture::{CaptureReader, Packet};
use crate::failure::Failure;
use crate::progress::Progress;

/// `mediafabric st2110 ...`.
#[derive(Debug, Clone, Args)]
pub struct St2110Args {
    /// What to do.
    #[command(subcommand)]
    pub command: St2110Command,
}

/// The `st2110` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum St2110Command {
    /// Print the ST 2110-21 sender parameters of the stream an SDP file describes:
    /// TFRAME, NPACKETS, TRS, TRO, CMAX and VRX_FULL.
    ///
    /// Times are exact: a decimal number of nanoseconds, or with --json
    /// {"num": .., "den": ..} nanoseconds where the decimal does not terminate.
    Schedule(ScheduleArgs),
    /// Packetize raw frames (RFC 4175 pgroups, row after row) into a pcap; an SDP with
    /// an ST 2022-7 pair gets every packet on both legs.
    ///
    /// Packet times follow the ST 2110-21 schedule of the sender type; RTP timestamps
    /// follow ST 2110-10 (the 90 kHz media clock of the SMPTE Epoch). Packet times are
    /// PTP (TAI) time.
    #[command(after_long_help = crate::failure::EXIT_CODES_HELP)]
    Packetize(PacketizeArgs),
    /// Reassemble the stream an SDP file describes from a capture into raw frames; for
    /// an ST 2022-7 pair, the first copy of each packet from either leg is used, and
    /// each leg's loss is reported.
    ///
    /// Frames are written one after another in the RFC 4175 pgroup layout, row after
    /// row (GStreamer's raw UYVP, UYVY and RGB layout), or planar with --planar where
    /// the sampling has one (I420 for 4:2:0 8-bit). Lost data is reported on standard
    /// error and is never made up: incomplete frames are left out unless
    /// --keep-incomplete, which writes them with the missing bytes zero.
    #[command(after_long_help = crate::failure::EXIT_CODES_HELP)]
    Depacketize(DepacketizeArgs),
    /// Analyze the stream an SDP file describes in a capture: ST 2110-21 (CInst, VRX,
    /// the sender class) and ST 2110-10 (first packet time, RTP offset, latency, RTP
    /// timestamp steps). For an ST 2022-7 pair, the primary leg is analyzed.
    #[command(after_long_help = crate::failure::EXIT_CODES_HELP)]
    Analyze(AnalyzeArgs),
}

/// `--tp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TpArg {
    /// Narrow gapped sender (type N).
    #[value(name = "2110TPN")]
    Narrow,
    /// Narrow linear sender (type NL).
    #[value(name = "2110TPNL")]
    NarrowLinear,
    /// Wide sender (type W).
    #[value(name = "2110TPW")]
    Wide,
}

impl TpArg {
    fn sender(self) -> SenderType {
        match self {
            TpArg::Narrow => SenderType::Narrow,
            TpArg::NarrowLinear => SenderType::NarrowLinear,
            TpArg::Wide => SenderType::Wide,
        }
    }
}

/// Arguments of `st2110 schedule`.
#[derive(Debug, Clone, Args)]
pub struct ScheduleArgs {
    /// The SDP file of the stream.
    #[arg(long, value_name = "FILE")]
    pub sdp: PathBuf,
    /// The sender type, instead of the SDP's TP.
    #[arg(long, value_enum)]
    pub tp: Option<TpArg>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `st2110 packetize`.
#[derive(Debug, Clone, Args)]
pub struct PacketizeArgs {
    /// The SDP file of the stream.
    #[arg(long, value_name = "FILE")]
    pub sdp: PathBuf,
    /// Raw frames, one after another (or "-" for standard input).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// The pcap to write (nanosecond timestamps, Ethernet).
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// The sender type, instead of the SDP's TP.
    #[arg(long, value_enum)]
    pub tp: Option<TpArg>,
    /// PTP time (seconds since the SMPTE Epoch, up to nine decimals) at or after which
    /// the first frame's alignment point falls. Default 0.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub ptp_time: Option<Duration>,
    /// The input is planar I420 (4:2:0 8-bit only).
    #[arg(long)]
    pub planar: bool,
    /// RTP SSRC.
    #[arg(long, default_value_t = 0x4d46_4142)]
    pub ssrc: u32,
}

/// Arguments of `st2110 depacketize`.
#[derive(Debug, Clone, Args)]
pub struct DepacketizeArgs {
    /// The SDP file of the stream.
    #[arg(long, value_name = "FILE")]
    pub sdp: PathBuf,
    /// The capture (pcap or pcapng; "-" for standard input).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the frames.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// Write planar I420 (4:2:0 8-bit only).
    #[arg(long)]
    pub planar: bool,
    /// Also write incomplete frames, their missing bytes zero.
    #[arg(long)]
    pub keep_incomplete: bool,
}

/// Arguments of `st2110 analyze`.
#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    /// The SDP file of the stream.
    #[arg(long, value_name = "FILE")]
    pub sdp: PathBuf,
    /// The capture (pcap or pcapng; "-" for standard input).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Seconds to add to capture times to make them PTP (TAI) time, e.g. 37 for a
    /// capture stamped in UTC in 2026. Default 0: capture times are PTP time.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    pub tai_offset: i64,
    /// Anchor the ST 2110-21 drain at the first packet instead of the SMPTE Epoch (for
    /// captures whose clock is not PTP).
    #[arg(long)]
    pub unsynchronized: bool,
    /// The sender type whose read schedule the receiver model drains at, instead of
    /// the SDP's TP (gapped for 2110TPN, linear for 2110TPNL and 2110TPW).
    #[arg(long, value_enum)]
    pub tp: Option<TpArg>,
    /// Packets per frame (ST 2110-21 NPACKETS). Default: counted in the capture
    /// (between the first two frame ends of the stream), or, reading standard input,
    /// what our packetizer sends for the SDP.
    #[arg(long, value_name = "N")]
    pub npackets: Option<u32>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Reads `12`, `12.5` or `0.000000001` as an exact [`Duration`].
fn parse_seconds(s: &str) -> Result<Duration, String> {
    let bad = || format!("'{s}' is not a number of seconds (e.g. 12 or 12.25)");
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 9 {
        return Err(format!("'{s}': at most nine decimals (nanoseconds)"));
    }
    let secs: u64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let nanos: u32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().map_err(|_| bad())?
    };
    Ok(Duration::new(secs, nanos))
}

/// Runs `mediafabric st2110 ...`.
pub fn run(args: &St2110Args) -> Result<(), Failure> {
    match &args.command {
        St2110Command::Schedule(a) => schedule(a),
        St2110Command::Packetize(a) => packetize(a),
        St2110Command::Depacketize(a) => depacketize(a),
        St2110Command::Analyze(a) => analyze(a),
    }
}

fn input_failure(path: &Path, reason: impl std::fmt::Display) -> Failure {
    Failure::Input {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

/// The stream an SDP describes, in the library's terms.
struct Stream {
    layout: VideoLayout,
    packing: PackingMode,
    max_udp: usize,
    payload_type: u8,
    rate: Rate,
    sender: SenderType,
    troff_us: Option<u32>,
    /// Progressive segmented frame (`segmented` in the SDP, with `interlace`).
    segmented: bool,
    /// The legs: the primary stream, and the ST 2022-7 secondary when the SDP pairs
    /// two with `a=group:DUP`.
    legs: Vec<LegAddr>,
}

/// Where one leg's packets go.
#[derive(Debug, Clone, Copy)]
struct LegAddr {
    destination: IpAddr,
    source: Option<IpAddr>,
    port: u16,
}

impl Stream {
    fn load(path: &Path, tp: Option<TpArg>) -> Result<Stream, Failure> {
        let text = std::fs::read_to_string(path).map_err(|e| input_failure(path, e))?;
        let sdp = VideoSdp::parse(&text).map_err(|e| input_failure(path, e))?;
        let f = &sdp.format;
        let format = Format::new(f.sampling, f.depth);
        let layout = VideoLayout::new(format, f.width, f.height, f.interlace)
            .map_err(|e| input_failure(path, e))?;
        let packing = f.packing_mode;
        let sender = tp.map_or(f.tp, TpArg::sender);
        Ok(Stream {
            layout,
            packing,
            max_udp: f.maxudp.map_or(STANDARD_UDP_SIZE, usize::from),
            payload_type: sdp.payload_type,
            rate: f.exactframerate,
            sender,
            troff_us: f.troff,
            segmented: f.segmented,
            legs: std::iter::once(&sdp.primary)
                .chain(sdp.secondary.as_ref())
                .map(|st| LegAddr {
                    destination: st.destination.address,
                    source: st.source_filter.as_ref().and_then(|s| s.sources().next()),
                    port: st.port,
                })
                .collect(),
        })
    }

    fn scan(&self) -> Scan {
        match (self.layout.interlaced, self.segmented) {
            (true, true) => Scan::Psf,
            (true, false) => Scan::Interlaced,
            (false, _) => Scan::Progressive,
        }
    }

    fn packetizer(&self, ssrc: u32) -> Result<Packetizer, Failure> {
        let config = PacketizerConfig {
            layout: self.layout,
            packing: self.packing,
            max_udp: self.max_udp,
            payload_type: self.payload_type,
            ssrc,
        };
        Packetizer::new(config, 0).map_err(|e| input_failure(Path::new("SDP"), e))
    }

    /// The -21 schedule for NPACKETS packets per frame.
    fn schedule(&self, npackets: u32) -> Result<Schedule, Failure> {
        let bad = |e: mediafabric_st2110::pacing::Error| input_failure(Path::new("SDP"), e);
        let mut s = Schedule::new(
            self.rate,
            self.scan(),
            self.layout.height,
            npackets,
            self.sender,
        )
        .map_err(bad)?;
        if self.max_udp != STANDARD_UDP_SIZE {
            s = s.with_max_udp(self.max_udp as u32).map_err(bad)?;
        }
        if let Some(us) = self.troff_us {
            s = s.with_troff_micros(us).map_err(bad)?;
        }
        Ok(s)
    }
}

/// An exact number of nanoseconds as JSON: a decimal number when it terminates, else
/// `{"num": .., "den": ..}`.
fn exact_json(n: Nanos) -> String {
    let n = n.reduced();
    if n.is_terminating() {
        n.to_string()
    } else {
        format!("{{\"num\":{},\"den\":{}}}", n.numerator(), n.denominator())
    }
}

fn schedule(a: &ScheduleArgs) -> Result<(), Failure> {
    let stream = Stream::load(&a.sdp, a.tp)?;
    let p = stream.packetizer(0)?;
    let npackets = p.packets_per_field() * stream.layout.fields();
    let s = stream.schedule(npackets)?;
    let mut out = String::new();
    if a.json {
        let _ = writeln!(
            out,
            "{{\"tframe_ns\":{},\"npackets\":{},\"trs_ns\":{},\"tro_ns\":{},\"cmax\":{},\"vrx_full\":{}}}",
            exact_json(s.tframe()),
            s.npackets(),
            exact_json(s.trs()),
            exact_json(s.tro()),
            s.cmax().map_or("null".to_string(), |c| c.to_string()),
            s.vrx_full()
        );
    } else {
        let _ = writeln!(out, "TFRAME    {} ns", s.tframe().reduced());
        let _ = writeln!(out, "NPACKETS  {}", s.npackets());
        let _ = writeln!(out, "TRS       {} ns", s.trs().reduced());
        let _ = writeln!(out, "TRO       {} ns", s.tro().reduced());
        let _ = writeln!(
            out,
            "CMAX      {}",
            s.cmax().map_or(
                "none (ST 2110-21 sets no wide CMAX at this packet rate)".into(),
                |c| c.to_string()
            )
        );
        let _ = writeln!(out, "VRX_FULL  {}", s.vrx_full());
    }
    io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(Failure::Output)
}

fn open_input(path: &Path) -> Result<(Box<dyn Read>, Option<u64>), Failure> {
    if path.as_os_str() == "-" {
        return Ok((Box::new(io::stdin().lock()), None));
    }
    let f = File::open(path).map_err(|e| input_failure(path, e))?;
    let size = f.metadata().ok().map(|m| m.len());
    Ok((Box::new(BufReader::with_capacity(1 << 20, f)), size))
}

fn create_output(path: &Path) -> Result<BufWriter<File>, Failure> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(Failure::Output)
}

/// A multicast group's Ethernet address (RFC 1112 §6.4, RFC 2464 §7), or a locally
/// administered one for unicast.
fn mac_for(ip: IpAddr) -> [u8; 6] {
    match ip {
        IpAddr::V4(a) if a.is_multicast() => {
            let o = a.octets();
            [0x01, 0x00, 0x5e, o[1] & 0x7f, o[2], o[3]]
        }
        IpAddr::V6(a) if a.is_multicast() => {
            let o = a.octets();
            [0x33, 0x33, o[12], o[13], o[14], o[15]]
        }
        _ => [0x02, 0, 0, 0, 0, 0x02],
    }
}

fn packetize(a: &PacketizeArgs) -> Result<(), Failure> {
    let stream = Stream::load(&a.sdp, a.tp)?;
    let layout = stream.layout;
    let mut p = stream.packetizer(a.ssrc)?;
    let fields = layout.fields();
    let per_field = p.packets_per_field();
    let s = stream.schedule(per_field * fields)?;
    let frame_bytes = layout.frame_bytes();
    if a.planar {
        // Checked once here so that the loop's conversion cannot fail.
        convert_i420(&layout, &mut [], &mut [], true)
            .or_else(|e| match e {
                mediafabric_st2110::Error::BufferTooSmall { .. } => Ok(()),
                e => Err(e),
            })
            .map_err(|e| input_failure(&a.sdp, format!("--planar: {e}")))?;
    }

    // The first frame: the next alignment point at or after --ptp-time.
    let start = a.ptp_time.unwrap_or_default();
    let t0 = Timestamp::new(start.as_secs(), start.subsec_nanos())
        .map_err(|e| input_failure(Path::new("--ptp-time"), format!("{e:?}")))?;
    let first_frame = next_alignment_point(stream.rate, t0).frame;
    let field_rate = Rate::new(stream.rate.numerator() * 2, stream.rate.denominator())
        .map_err(|e| input_failure(&a.sdp, format!("{e:?}")))?;

    let (mut input, size) = open_input(&a.input)?;
    let header = PcapHeader {
        datalink: DataLink::ETHERNET,
        ts_resolution: TsResolution::NanoSecond,
        snaplen: 65_535,
        ..PcapHeader::default()
    };
    let mut writer = PcapWriter::with_header(create_output(&a.output)?, header)
        .map_err(|e| Failure::Output(io::Error::other(e)))?;
    // Each leg's addresses; a leg without a source filter sends from a documentation
    // address (RFC 5737 / RFC 3849), one per leg.
    let legs: Vec<OutLeg> = stream
        .legs
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let src = l.source.unwrap_or(match l.destination {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1 + i as u8)),
                IpAddr::V6(_) => {
                    IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1 + i as u16))
                }
            });
            OutLeg {
                src_ip: src,
                dst_ip: l.destination,
                src_mac: [0x02, 0x4d, 0x46, 0x00, 0x00, 0x01 + i as u8],
                dst_mac: mac_for(l.destination),
                port: l.port,
            }
        })
        .collect();
    let mut frame = vec![0u8; frame_bytes];
    let mut planar = if a.planar {
        vec![0u8; frame_bytes]
    } else {
        Vec::new()
    };
    let mut rtp = vec![0u8; stream.max_udp];
    let mut wire = Vec::with_capacity(stream.max_udp + 62);
    let mut progress = Progress::for_input(size);
    let mut n: u128 = 0;
    let mut read: u64 = 0;
    loop {
        let target = if a.planar { &mut planar } else { &mut frame };
        match read_frame(&mut input, target) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(input_failure(&a.input, e)),
        }
        read += frame_bytes as u64;
        if a.planar {
            convert_i420(&layout, &mut frame, &mut planar, false)
                .map_err(|e| input_failure(&a.input, e))?;
        }
        let number = first_frame + n;
        let mut index = 0u32;
        for field in 0..fields {
            let ts = if fields == 2 {
                rtp_timestamp_of_frame(field_rate, Rate::HZ_90000, 2 * number + u128::from(field))
            } else {
                rtp_timestamp_of_frame(stream.rate, Rate::HZ_90000, number)
            };
            let mut f = p.field(field, ts);
            while let Some(len) = f.next_into(&frame, &mut rtp) {
                let len = len.map_err(|e| input_failure(&a.input, e))?;
                let t = s
                    .departure(number, index)
                    .ok()
                    .and_then(|d| d.to_timestamp_ceil())
                    .ok_or_else(|| input_failure(&a.input, "departure time out of range"))?;
                index += 1;
                let time = Duration::new(t.seconds, t.nanoseconds);
                for &OutLeg {
                    src_ip,
                    dst_ip,
                    src_mac,
                    dst_mac,
                    port,
                } in &legs
                {
                    wire.clear();
                    let builder = PacketBuilder::ethernet2(src_mac, dst_mac);
                    let builder = match (src_ip, dst_ip) {
                        (IpAddr::V4(s4), IpAddr::V4(d4)) => {
                            builder.ipv4(s4.octets(), d4.octets(), 64)
                        }
                        (IpAddr::V6(s6), IpAddr::V6(d6)) => {
                            builder.ipv6(s6.octets(), d6.octets(), 64)
                        }
                        _ => {
                            return Err(input_failure(
                                &a.sdp,
                                "source and destination families differ",
                            ));
                        }
                    };
                    builder
                        .udp(port, port)
                        .write(&mut wire, &rtp[..len])
                        .map_err(|e| Failure::Output(io::Error::other(e)))?;
                    writer
                        .write_packet(&PcapPacket::new(time, wire.len() as u32, &wire))
                        .map_err(|e| Failure::Output(io::Error::other(e)))?;
                }
            }
        }
        n += 1;
        progress.set(read);
    }
    progress.finish();
    writer.into_writer().flush().map_err(Failure::Output)?;
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "mediafabric: {n} frames, {} packets each, from frame {first_frame} of the SMPTE Epoch",
        per_field * fields
    );
    Ok(())
}

/// Addresses of one leg's packets in the pcap `packetize` writes.
#[derive(Debug, Clone, Copy)]
struct OutLeg {
    src_ip: IpAddr,
    dst_ip: IpAddr,
    src_mac: [u8; 6],
    dst_mac: [u8; 6],
    port: u16,
}

/// Reads one whole frame; `Ok(false)` at a clean end, an error for a partial frame.
fn read_frame(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<bool> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) if got == 0 => return Ok(false),
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "the input ends inside a frame: {got} of {} bytes",
                        buf.len()
                    ),
                ));
            }
            Ok(k) => got += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// The RTP packet of the stream in a captured frame (its UDP payload) and the leg it
/// came on (0 primary, 1 the ST 2022-7 secondary).
fn stream_payload<'a>(p: &Packet<'a>, stream: &Stream) -> Option<(usize, &'a [u8])> {
    let sliced = match p.linktype? {
        1 => etherparse::SlicedPacket::from_ethernet(p.data).ok()?,
        113 => etherparse::SlicedPacket::from_linux_sll(p.data).ok()?,
        101 | 228 | 229 => etherparse::SlicedPacket::from_ip(p.data).ok()?,
        276 => {
            let proto = u16::from_be_bytes([*p.data.first()?, *p.data.get(1)?]);
            etherparse::SlicedPacket::from_ether_type(proto.into(), p.data.get(20..)?).ok()?
        }
        _ => return None,
    };
    let dst: IpAddr = match sliced.net? {
        etherparse::NetSlice::Ipv4(v4) => IpAddr::V4(v4.header().destination_addr()),
        etherparse::NetSlice::Ipv6(v6) => IpAddr::V6(v6.header().destination_addr()),
        _ => return None,
    };
    let etherparse::TransportSlice::Udp(udp) = sliced.transport? else {
        return None;
    };
    let leg = stream
        .legs
        .iter()
        .position(|l| udp.destination_port() == l.port && dst == l.destination)?;
    Some((leg, udp.payload()))
}

/// The 32-bit extended sequence number of an ST 2110-20 packet.
fn extended_sequence(payload: &[u8]) -> Option<u32> {
    let rtp = RtpPacket::new_checked(payload).ok()?;
    let p = mediafabric_st2110::rfc4175::Payload::parse(rtp.payload()).ok()?;
    Some(p.sequence_number(rtp.sequence_number()))
}

fn depacketize(a: &DepacketizeArgs) -> Result<(), Failure> {
    let stream = Stream::load(&a.sdp, None)?;
    let layout = stream.layout;
    if a.planar && !(layout.format.depth == Depth::Bits8 && layout.pgroup().rows == 2) {
        return Err(input_failure(
            &a.sdp,
            "--planar: only 4:2:0 8-bit has a planar (I420) form here",
        ));
    }
    let mut config = DepacketizerConfig::new(layout);
    config.payload_type = Some(stream.payload_type);
    let mut d = Depacketizer::allocate(config);
    let (input, size) = open_input(&a.input)?;
    let path = a.input.display().to_string();
    let mut reader = CaptureReader::new(input).map_err(|e| input_failure(&a.input, e))?;
    let mut out = create_output(&a.output)?;
    let mut progress = Progress::for_input(size);
    let mut err = io::stderr().lock();
    let mut written = 0u64;
    let mut skipped = 0u64;
    let mut frame_no = 0u64;
    let mut refused = 0u64;
    let mut merger = Merger::new();
    let mut scratch = vec![0u8; layout.frame_bytes()];
    let mut planar = if a.planar {
        vec![0u8; layout.frame_bytes()]
    } else {
        Vec::new()
    };
    let mut index = 0u64;
    let result = loop {
        let packet = match reader.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break Ok(()),
            Err(error) => {
                break Err(Failure::Damaged {
                    path: path.clone(),
                    error,
                    packets: index,
                });
            }
        };
        index += 1;
        let Some((leg, payload)) = stream_payload(&packet, &stream) else {
            continue;
        };
        if stream.legs.len() > 1 {
            // ST 2022-7: pass on the first copy of each packet from either leg.
            let Some(seq) = extended_sequence(payload) else {
                refused += 1;
                continue;
            };
            let leg = if leg == 0 { Leg::A } else { Leg::B };
            if merger.push(leg, seq) != Verdict::First {
                continue;
            }
        }
        let pushed = match d.push(payload) {
            Ok(p) => p,
            Err(e) => {
                refused += 1;
                let _ = writeln!(err, "mediafabric: packet {}: refused: {e}", index - 1);
                continue;
            }
        };
        for c in pushed.iter() {
            let ts = c.rtp_timestamp.map_or("?".into(), |t| t.to_string());
            if !c.complete {
                let ranges: Vec<String> = d
                    .lost(c.slot)
                    .map(|r| {
                        let row = r.start / layout.row_bytes();
                        format!(
                            "row {row} bytes {}..{}",
                            r.start - row * layout.row_bytes(),
                            r.end - row * layout.row_bytes()
                        )
                    })
                    .collect();
                let _ = writeln!(
                    err,
                    "mediafabric: frame {frame_no} (RTP timestamp {ts}): {} bytes lost: {}",
                    c.lost_bytes,
                    ranges.join(", ")
                );
                if !a.keep_incomplete {
                    skipped += 1;
                    frame_no += 1;
                    continue;
                }
            }
            scratch.copy_from_slice(d.frame(c.slot));
            for r in d.lost(c.slot) {
                scratch[r].fill(0);
            }
            let data: &[u8] = if a.planar {
                convert_i420(&layout, &mut scratch, &mut planar, true)
                    .map_err(|e| input_failure(&a.sdp, e))?;
                &planar
            } else {
                &scratch
            };
            out.write_all(data).map_err(Failure::Output)?;
            written += 1;
            frame_no += 1;
        }
        progress.set(reader.bytes_read());
    };
    progress.finish();
    result?;
    out.flush().map_err(Failure::Output)?;
    if stream.legs.len() > 1 {
        merger.finish();
        for (name, leg) in [("primary", Leg::A), ("secondary", Leg::B)] {
            let l = merger.leg(leg);
            let _ = writeln!(
                err,
                "mediafabric: ST 2022-7 {name} leg: {} packets, {} used, {} duplicates, {} missing on this leg",
                l.packets, l.first, l.duplicates, l.gaps
            );
        }
        let _ = writeln!(
            err,
            "mediafabric: ST 2022-7 merged: {} packets, {} lost on both legs",
            merger.merged().packets,
            merger.merged().lost
        );
    }
    let c = d.counters();
    let _ = writeln!(
        err,
        "mediafabric: {written} frames written, {skipped} incomplete left out; {} packets, {} refused, {} sequence gaps, {} reordered, {} duplicates, {} late",
        c.packets, refused, c.sequence_gaps, c.reordered, c.duplicate_packets, c.late
    );
    Ok(())
}

fn compliance_name(c: Compliance) -> &'static str {
    match c {
        Compliance::Narrow => "narrow",
        Compliance::NarrowLinear => "narrow-linear",
        Compliance::Wide => "wide",
        Compliance::NotCompliant => "not-compliant",
    }
}

fn measure_name(m: Measure) -> &'static str {
    match m {
        Measure::CInst => "CInst",
        Measure::VrxOverflow => "VRX overflow",
        Measure::VrxUnderflow => "VRX underflow",
    }
}

fn analyze(a: &AnalyzeArgs) -> Result<(), Failure> {
    let stream = Stream::load(&a.sdp, a.tp)?;
    let npackets = match a.npackets {
        Some(n) => n,
        None => match count_packets_per_frame(&a.input, &stream)? {
            Some(n) => n,
            None => stream.packetizer(0)?.packets_per_field() * stream.layout.fields(),
        },
    };
    let schedule = stream.schedule(npackets)?;
    let mut analyzer: Option<Analyzer> = None;
    let (input, size) = open_input(&a.input)?;
    let path = a.input.display().to_string();
    let mut reader = CaptureReader::new(input).map_err(|e| input_failure(&a.input, e))?;
    let mut progress = Progress::for_input(size);
    let mut index = 0u64;
    let mut rtp_errors = 0u64;
    let offset = i128::from(a.tai_offset) * 1_000_000_000;
    let result = loop {
        let packet = match reader.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break Ok(()),
            Err(error) => {
                break Err(Failure::Damaged {
                    path: path.clone(),
                    error,
                    packets: index,
                });
            }
        };
        index += 1;
        let (Some((0, payload)), Some(time)) = (stream_payload(&packet, &stream), packet.timestamp)
        else {
            continue;
        };
        let Ok(rtp) = RtpPacket::new_checked(payload) else {
            rtp_errors += 1;
            continue;
        };
        let Ok(time_ns) = u128::try_from(time.nanos() + offset) else {
            continue;
        };
        let second_field = rtp
            .payload()
            .get(4)
            .is_some_and(|b| b & 0x80 != 0 && stream.layout.interlaced);
        let arrival = Arrival {
            time_ns,
            rtp_timestamp: rtp.timestamp(),
            marker: rtp.marker(),
            sequence: rtp.sequence_number(),
            length: payload.len() as u32,
            second_field,
        };
        // A capture that starts with the first packet of a frame (its first row segment
        // at row 0, pixel 0) has that frame analyzed too; otherwise the analyzer waits
        // for the first marker.
        let analyzer = analyzer.get_or_insert_with(|| {
            let mut an = Analyzer::new(schedule);
            if a.unsynchronized {
                an = an.drain_origin(DrainOrigin::FirstPacket);
            }
            let starts_frame = mediafabric_st2110::rfc4175::Payload::parse(rtp.payload())
                .ok()
                .and_then(|p| p.rows().next())
                .is_some_and(|r| {
                    r.header.row_number == 0 && r.header.offset == 0 && !r.header.field
                });
            if starts_frame {
                an = an.starting_at_first_packet();
            }
            an
        });
        if analyzer.push(&arrival).is_err() {
            rtp_errors += 1;
        }
        progress.set(reader.bytes_read());
    };
    progress.finish();
    result?;
    let mut analyzer = analyzer.unwrap_or_else(|| Analyzer::new(schedule));
    analyzer.finish();
    let r = analyzer.report();
    let text = if a.json {
        report_json(&r, &schedule, rtp_errors)
    } else {
        report_text(&r, &schedule, rtp_errors)
    };
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(Failure::Output)
}

/// Packets of the stream between its first two frame ends (marker bits of the last
/// field), when the input is a file that has two.
fn count_packets_per_frame(path: &Path, stream: &Stream) -> Result<Option<u32>, Failure> {
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let (input, _) = open_input(path)?;
    let mut reader = CaptureReader::new(input).map_err(|e| input_failure(path, e))?;
    let mut count: Option<u32> = None;
    let interlaced = stream.layout.interlaced;
    while let Ok(Some(packet)) = reader.next_packet() {
        let Some((0, payload)) = stream_payload(&packet, stream) else {
            continue;
        };
        let Ok(rtp) = RtpPacket::new_checked(payload) else {
            continue;
        };
        if let Some(c) = count.as_mut() {
            *c += 1;
        }
        let second = rtp.payload().get(4).is_some_and(|b| b & 0x80 != 0);
        if rtp.marker() && (!interlaced || second) {
            match count {
                None => count = Some(0),
                Some(c) => return Ok(Some(c)),
            }
        }
    }
    Ok(None)
}

fn report_json(r: &Report, s: &Schedule, rtp_errors: u64) -> String {
    let ext_i = |e: &Option<mediafabric_st2110::pacing::Extreme<i64>>| {
        e.as_ref().map_or("null".into(), |e| {
            format!("{{\"value\":{},\"frame\":{}}}", e.value, e.ordinal)
        })
    };
    let ext_u = |e: &Option<mediafabric_st2110::pacing::Extreme<u32>>| {
        e.as_ref().map_or("null".into(), |e| {
            format!("{{\"value\":{},\"frame\":{}}}", e.value, e.ordinal)
        })
    };
    let ext_n = |e: &Option<mediafabric_st2110::pacing::Extreme<Nanos>>| {
        e.as_ref().map_or("null".into(), |e| {
            format!(
                "{{\"value\":{},\"frame\":{}}}",
                exact_json(e.value),
                e.ordinal
            )
        })
    };
    let worst = r.worst.as_ref().map_or("null".into(), |w| {
        format!(
            "{{\"frame\":{},\"measure\":\"{}\",\"value\":{},\"limit\":{}}}",
            w.ordinal,
            measure_name(w.measure),
            w.value,
            w.limit.map_or("null".into(), |l| l.to_string())
        )
    });
    format!(
        "{{\"compliance\":{},\"worst\":{},\"frames\":{},\"packets\":{},\"lost\":{},\"rtpErrors\":{},\
\"schedule\":{{\"tframe_ns\":{},\"npackets\":{},\"trs_ns\":{},\"tro_ns\":{},\"cmax\":{},\"vrx_full\":{}}},\
\"cinstMax\":{},\"vrxMax\":{},\"vrxMin\":{},\"fptMin_ns\":{},\"fptMax_ns\":{},\"rtpOffsetMin\":{},\"rtpOffsetMax\":{},\
\"latencyMin_ns\":{},\"latencyMax_ns\":{},\"rtpDeltaMin\":{},\"rtpDeltaMax\":{}}}\n",
        r.compliance
            .map_or("null".into(), |c| format!("\"{}\"", compliance_name(c))),
        worst,
        r.frames,
        r.packets,
        r.lost,
        rtp_errors,
        exact_json(s.tframe()),
        s.npackets(),
        exact_json(s.trs()),
        exact_json(s.tro()),
        s.cmax().map_or("null".into(), |c| c.to_string()),
        s.vrx_full(),
        ext_u(&r.cinst_max),
        ext_i(&r.vrx_max),
        ext_i(&r.vrx_min),
        ext_n(&r.fpt_min),
        ext_n(&r.fpt_max),
        ext_i(&r.rtp_offset_min),
        ext_i(&r.rtp_offset_max),
        ext_n(&r.latency_min),
        ext_n(&r.latency_max),
        ext_u(&r.rtp_delta_min),
        ext_u(&r.rtp_delta_max),
    )
}

fn report_text(r: &Report, s: &Schedule, rtp_errors: u64) -> String {
    let mut o = String::new();
    let class = r.compliance.map_or("no complete frame", compliance_name);
    let _ = writeln!(o, "ST 2110-21: {class}");
    if let Some(w) = &r.worst {
        let _ = writeln!(
            o,
            "  worst: frame {} {} {} (limit {})",
            w.ordinal,
            measure_name(w.measure),
            w.value,
            w.limit.map_or("none".into(), |l| l.to_string())
        );
    }
    let _ = writeln!(
        o,
        "  {} frames, {} packets, {} lost, {} not RTP; NPACKETS {}, TRS {} ns, TRO {} ns, CMAX {}, VRX_FULL {}",
        r.frames,
        r.packets,
        r.lost,
        rtp_errors,
        s.npackets(),
        s.trs().reduced(),
        s.tro().reduced(),
        s.cmax().map_or("none".into(), |c| c.to_string()),
        s.vrx_full()
    );
    let pair = |a: Option<String>, b: Option<String>| match (a, b) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "-".into(),
    };
    let _ = writeln!(
        o,
        "  CInst max {}; VRX {}",
        r.cinst_max
            .as_ref()
            .map_or("-".into(), |e| e.value.to_string()),
        pair(
            r.vrx_min.as_ref().map(|e| e.value.to_string()),
            r.vrx_max.as_ref().map(|e| e.value.to_string())
        )
    );
    let _ = writeln!(
        o,
        "ST 2110-10: first packet time {} ns; RTP offset {} ticks; latency {} ns; RTP timestamp step {}",
        pair(
            r.fpt_min.as_ref().map(|e| e.value.reduced().to_string()),
            r.fpt_max.as_ref().map(|e| e.value.reduced().to_string())
        ),
        pair(
            r.rtp_offset_min.as_ref().map(|e| e.value.to_string()),
            r.rtp_offset_max.as_ref().map(|e| e.value.to_string())
        ),
        pair(
            r.latency_min
                .as_ref()
                .map(|e| e.value.reduced().to_string()),
            r.latency_max
                .as_ref()
                .map(|e| e.value.reduced().to_string())
        ),
        pair(
            r.rtp_delta_min.as_ref().map(|e| e.value.to_string()),
            r.rtp_delta_max.as_ref().map(|e| e.value.to_string())
        ),
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_macs() {
        assert_eq!(parse_seconds("1.5").unwrap(), Duration::from_millis(1500));
        assert!(parse_seconds("x").is_err());
        assert_eq!(
            mac_for(IpAddr::V4(Ipv4Addr::new(239, 129, 2, 3))),
            [0x01, 0x00, 0x5e, 0x01, 0x02, 0x03]
        );
        assert_eq!(
            mac_for("ff3e::8000:1".parse().unwrap()),
            [0x33, 0x33, 0x80, 0x00, 0x00, 0x01]
        );
    }

    #[test]
    fn exact_numbers() {
        assert_eq!(exact_json(Nanos::new(3, 2).unwrap()), "1.5");
        assert_eq!(
            exact_json(Nanos::new(100_100, 27).unwrap()),
            "{\"num\":100100,\"den\":27}"
        );
    }
}
