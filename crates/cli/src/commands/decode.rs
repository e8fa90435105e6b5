//! `mediafabric decode`: every packet of a capture, layer by layer.
//!
//! Reads the capture with [`CaptureReader`], decodes each packet with
//! [`mediafabric_decode::decode`] for the packet's link type, and prints it through
//! [`output`](crate::output). A packet that cannot be decoded (including one of an
//! unsupported link type) gets an `error` in its output line and the next packet is
//! decoded as usual; damage to the file itself stops the reading after everything
//! before it has been printed.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use clap::Args;
use mediafabric_decode::{DecodeError, Decoded, LinkType, Options, RtpEncoding};

use crate::capture::{CaptureReader, Packet};
use crate::failure::Failure;
use crate::output::{OutputFormat, PacketInfo, write_packet};
use crate::progress::Progress;

/// Size of the output buffer.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// Arguments of `mediafabric decode`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = crate::failure::EXIT_CODES_HELP)]
pub struct DecodeArgs {
    /// The capture to read: a pcap or pcapng file, or "-" for standard input.
    ///
    /// The format is recognised from the file's magic number, not its name. pcap with
    /// microsecond or nanosecond timestamps in either byte order; pcapng with any number
    /// of sections and interfaces. Link types: Ethernet (1), Linux cooked capture SLL
    /// (113) and SLL2 (276, what `tcpdump -i any` writes), raw IP (101).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// How to print each packet.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl, value_name = "FORMAT")]
    pub format: OutputFormat,

    /// Also decode UDP traffic to or from PORT as VXLAN (RFC 7348; GBP when the G flag
    /// is set). Repeat the option for several ports.
    ///
    /// Ports 4789 (IANA) and 8472 (the Linux kernel's default) are always decoded as
    /// VXLAN.
    #[arg(long = "vxlan-port", value_name = "PORT",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub vxlan_ports: Vec<u16>,

    /// Also decode UDP traffic to or from PORT as VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe).
    /// Repeat the option for several ports.
    ///
    /// Port 4790 (IANA) is always decoded as VXLAN-GPE.
    #[arg(long = "gpe-port", value_name = "PORT",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub gpe_ports: Vec<u16>,

    /// Decode UDP traffic to or from PORT as RTP (RFC 3550) carrying ENCODING (the
    /// rtpmap encoding name): `raw` also decodes the RFC 4175 / SMPTE ST 2110-20 payload
    /// header; any other name decodes the RTP header only. Repeat for several ports.
    #[arg(long = "rtp", value_name = "PORT=ENCODING", value_parser = parse_rtp)]
    pub rtp: Vec<(u16, String)>,

    /// Decode the ST 2110-20 stream(s) an SDP file describes (their ports as RTP with
    /// RFC 4175 payload headers). Repeat for several files.
    #[arg(long = "sdp", value_name = "FILE")]
    pub sdp: Vec<PathBuf>,

    /// Print at most N packets, then stop reading.
    #[arg(short = 'c', long, value_name = "N")]
    pub count: Option<u64>,

    /// Skip the first N packets of the file. Indexes still count from the start of the
    /// file, so packet 0 is always the file's first.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip: u64,
}

impl DecodeArgs {
    /// The decoder's options: the defaults plus the ports given on the command line.
    /// The options, with the ports of the `--sdp` files (an unreadable or invalid SDP
    /// file is an input failure).
    pub fn options_with_sdp(&self) -> Result<Options, Failure> {
        let mut o = self.options();
        for path in &self.sdp {
            let fail = |reason: String| Failure::Input {
                path: path.display().to_string(),
                reason,
            };
            let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
            let sdp =
                mediafabric_st2110::sdp::VideoSdp::parse(&text).map_err(|e| fail(e.to_string()))?;
            for stream in std::iter::once(&sdp.primary).chain(sdp.secondary.as_ref()) {
                o.rtp_ports.retain(|(p, _)| *p != stream.port);
                o.rtp_ports.push((stream.port, RtpEncoding::Raw));
            }
        }
        Ok(o)
    }

    /// The options the command line gives (ports; `--sdp` files are read by
    /// [`DecodeArgs::options_with_sdp`]).
    pub fn options(&self) -> Options {
        let mut o = Options::default();
        for (port, enc) in &self.rtp {
            o.rtp_ports.retain(|(p, _)| p != port);
            o.rtp_ports.push((*port, RtpEncoding::from_name(enc)));
        }
        for &p in &self.vxlan_ports {
            if !o.vxlan_ports.contains(&p) {
                o.vxlan_ports.push(p);
            }
        }
        for &p in &self.gpe_ports {
            if !o.gpe_ports.contains(&p) {
                o.gpe_ports.push(p);
            }
        }
        o
    }
}

/// Runs `mediafabric decode`, printing to standard output.
pub fn run(args: &DecodeArgs) -> Result<(), Failure> {
    let path = args.file.display().to_string();
    let (source, size) = open(args)?;
    let mut reader = CaptureReader::new(source).map_err(|e| Failure::Input {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let options = args.options_with_sdp()?;
    let mut progress = Progress::for_input(size);
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, io::stdout().lock());

    let mut index: u64 = 0;
    let mut printed: u64 = 0;
    let result = loop {
        if args.count.is_some_and(|c| printed >= c) {
            break Ok(());
        }
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
        if index >= args.skip {
            let decoded = decode_packet(&packet, &options);
            let info = PacketInfo {
                index,
                time: packet.timestamp,
                length: packet.original_len,
                caplen: packet.data.len(),
            };
            if let Err(e) = write_packet(&mut out, args.format, &info, &decoded) {
                break Err(Failure::Output(e));
            }
            printed += 1;
        }
        index += 1;
        progress.set(reader.bytes_read());
    };
    progress.finish();
    // What was decoded reaches the output before any message about the damage after it.
    let flushed = out.flush().map_err(Failure::Output);
    match result {
        Err(Failure::Output(e)) => Err(Failure::Output(e)),
        other => flushed.and(other),
    }
}

/// Opens the input; returns it with its size when it is a regular file.
fn open(args: &DecodeArgs) -> Result<(Box<dyn Read>, Option<u64>), Failure> {
    if args.file.as_os_str() == "-" {
        return Ok((Box::new(io::stdin().lock()), None));
    }
    let fail = |what: &str, e: io::Error| Failure::Input {
        path: args.file.display().to_string(),
        reason: format!("{what}: {e}"),
    };
    let file = File::open(&args.file).map_err(|e| fail("cannot open", e))?;
    let meta = file.metadata().map_err(|e| fail("cannot read", e))?;
    if meta.is_dir() {
        return Err(Failure::Input {
            path: args.file.display().to_string(),
            reason: "is a directory, not a capture file".into(),
        });
    }
    let size = meta.is_file().then_some(meta.len());
    Ok((Box::new(file), size))
}

/// Decodes one packet for its link type; an unknown or unsupported link type is the
/// packet's error.
pub fn decode_packet(packet: &Packet<'_>, options: &Options) -> Decoded {
    let link_error = |reason: String| Decoded {
        layers: Vec::new(),
        error: Some(DecodeError {
            layer: "link",
            offset: 0,
            reason,
        }),
    };
    match packet.linktype {
        None => link_error(format!(
            "interface {} is not described by any Interface Description Block",
            packet.interface_id
        )),
        Some(n) => match LinkType::from_linktype(n) {
            Some(link) => mediafabric_decode::decode(packet.data, link, options),
            None => link_error(format!(
                "link type {n} is not supported (supported: Ethernet 1, Linux SLL 113, \
                 Linux SLL2 276, raw IP 101)"
            )),
        },
    }
}

/// Reads `PORT=ENCODING` (`5004=raw`).
fn parse_rtp(s: &str) -> Result<(u16, String), String> {
    let (port, enc) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}': expected PORT=ENCODING, e.g. 5004=raw"))?;
    let port: u16 = port
        .parse()
        .ok()
        .filter(|&p| p > 0)
        .ok_or_else(|| format!("'{port}' is not a UDP port (1-65535)"))?;
    if enc.is_empty() {
        return Err(format!("'{s}': the encoding name is missing"));
    }
    Ok((port, enc.to_string()))
}
