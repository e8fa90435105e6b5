//! The values of the attributes an ST 2110 description uses, read from their text and
//! written back: `rtpmap` and `fmtp` (RFC 8866 §6.6, §6.15), `source-filter` (RFC
//! 4570), `group` and `mid` (RFC 5888, with the `DUP` semantics of RFC 7104),
//! `ts-refclk` and `mediaclk` (RFC 7273, as SMPTE ST 2110-10 uses them).

use core::fmt;
use core::net::IpAddr;

use mediafabric_ptp::st2059::Rate;

use super::text::AddressType;
use super::{err, is_token, parse_u64};
use crate::error::Result;

fn fields(s: &str) -> impl Iterator<Item = &str> {
    s.split(' ').filter(|f| !f.is_empty())
}

fn payload_type(s: &str, line: usize, field: &'static str) -> Result<u8> {
    match parse_u64(s) {
        Some(n) if n <= 127 => Ok(n as u8),
        _ => Err(err(line, field, "an RTP payload type 0..127")),
    }
}

/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`
/// (RFC 8866 §6.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rtpmap<'a> {
    /// The RTP payload type it maps.
    pub payload_type: u8,
    /// The encoding (media subtype) name: `raw` for ST 2110-20.
    pub encoding: &'a str,
    /// The RTP clock rate in Hz: 90000 for video.
    pub clock_rate: u32,
    /// The encoding parameters (channels for audio), when given.
    pub parameters: Option<&'a str>,
}

impl<'a> Rtpmap<'a> {
    /// Reads the value of an `rtpmap` attribute on line `line`.
    pub fn parse(value: &'a str, line: usize) -> Result<Rtpmap<'a>> {
        const EXPECTED: &str = "<payload type> <encoding name>/<clock rate>";
        let (pt, map) = value.split_once(' ').ok_or(err(line, "rtpmap", EXPECTED))?;
        let payload_type = payload_type(pt, line, "rtpmap")?;
        let mut parts = map.trim_matches(' ').splitn(3, '/');
        let encoding = parts
            .next()
            .filter(|e| is_token(e))
            .ok_or(err(line, "rtpmap", EXPECTED))?;
        let clock_rate = parts
            .next()
            .and_then(parse_u64)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n != 0)
            .ok_or(err(
                line,
                "rtpmap",
                "a clock rate in Hz, 1..2^32-1, after the encoding name",
            ))?;
        let parameters = parts.next();
        if parameters.is_some_and(|p| p.is_empty() || p.contains(' ')) {
            return Err(err(line, "rtpmap", "encoding parameters without spaces"));
        }
        Ok(Rtpmap {
            payload_type,
            encoding,
            clock_rate,
            parameters,
        })
    }
}

impl fmt::Display for Rtpmap<'_> {
    /// The attribute's value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}/{}",
            self.payload_type, self.encoding, self.clock_rate
        )?;
        if let Some(p) = self.parameters {
            write!(f, "/{p}")?;
        }
        Ok(())
    }
}

/// `a=fmtp:<payload type> <parameters>` (RFC 8866 §6.15), parameters separated by `;`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fmtp<'a> {
    /// The RTP payload type the parameters are for.
    pub payload_type: u8,
    /// The parameter text after the payload type.
    pub parameters: &'a str,
}

impl<'a> Fmtp<'a> {
    /// Reads the value of an `fmtp` attribute on line `line`.
    pub fn parse(value: &'a str, line: usize) -> Result<Fmtp<'a>> {
        let (pt, parameters) =
            value
                .split_once(' ')
                .ok_or(err(line, "fmtp", "<payload type> <parameters>"))?;
        Ok(Fmtp {
            payload_type: payload_type(pt, line, "fmtp")?,
            parameters,
        })
    }

    /// The parameters in order: `name=value` or a bare `name`, empty items skipped and
    /// spaces around names and values trimmed.
    pub fn params(&self) -> FmtpParams<'a> {
        FmtpParams {
            items: self.parameters.split(';'),
        }
    }
}

/// The parameters of an [`Fmtp`].
#[derive(Debug, Clone)]
pub struct FmtpParams<'a> {
    items: core::str::Split<'a, char>,
}

/// One format parameter: `name=value`, or a flag such as `interlace` with no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FmtpParam<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The value, `None` for a flag.
    pub value: Option<&'a str>,
}

impl<'a> Iterator for FmtpParams<'a> {
    type Item = FmtpParam<'a>;

    fn next(&mut self) -> Option<FmtpParam<'a>> {
        for item in self.items.by_ref() {
            let item = item.trim_matches(' ');
            if item.is_empty() {
                continue;
            }
            return Some(match item.split_once('=') {
                Some((n, v)) => FmtpParam {
                    name: n.trim_matches(' '),
                    value: Some(v.trim_matches(' ')),
                },
                None => FmtpParam {
                    name: item,
                    value: None,
                },
            });
        }
        None
    }
}

/// The filter mode of a source filter (RFC 4570 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterMode {
    /// `incl`: only the listed sources.
    Include,
    /// `excl`: all but the listed sources.
    Exclude,
}

impl FilterMode {
    /// `incl` or `excl`.
    pub const fn name(self) -> &'static str {
        match self {
            FilterMode::Include => "incl",
            FilterMode::Exclude => "excl",
        }
    }
}

/// `a=source-filter: <mode> IN <addrtype> <dest-address> <src-list>` (RFC 4570 §3):
/// the sources a receiver accepts (or refuses) for a destination, for source-specific
/// multicast (IGMPv3 / MLDv2).
///
/// Addresses are IP literals; the destination may be `*` (every `c=` address of the
/// section). At most [`SourceFilter::MAX_SOURCES`] sources are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceFilter {
    /// `incl` or `excl`.
    pub mode: FilterMode,
    /// The address type of the destination and sources.
    pub address_type: AddressType,
    /// The destination address, `None` for `*`.
    pub destination: Option<IpAddr>,
    sources: [Option<IpAddr>; SourceFilter::MAX_SOURCES],
}

impl SourceFilter {
    /// The most sources one filter keeps.
    pub const MAX_SOURCES: usize = 8;

    /// A filter for `destination` (or every address, for `None`) and `sources` (one to
    /// [`SourceFilter::MAX_SOURCES`], all of `address_type`).
    pub fn new(
        mode: FilterMode,
        address_type: AddressType,
        destination: Option<IpAddr>,
        sources: &[IpAddr],
    ) -> Result<SourceFilter> {
        let mut f = SourceFilter {
            mode,
            address_type,
            destination,
            sources: [None; SourceFilter::MAX_SOURCES],
        };
        if sources.is_empty() || sources.len() > SourceFilter::MAX_SOURCES {
            return Err(err(0, "source-filter", "1 to 8 source addresses"));
        }
        for (slot, s) in f.sources.iter_mut().zip(sources) {
            *slot = Some(*s);
        }
        f.check(0)?;
        Ok(f)
    }

    /// An `incl` filter of one source for one IP destination.
    pub fn include(destination: IpAddr, source: IpAddr) -> Result<SourceFilter> {
        SourceFilter::new(
            FilterMode::Include,
            AddressType::of(&destination),
            Some(destination),
            &[source],
        )
    }

    /// The source addresses, in order.
    pub fn sources(&self) -> impl Iterator<Item = IpAddr> + '_ {
        self.sources.iter().map_while(|s| *s)
    }

    /// Checks that every address is of the filter's address type and that there is at
    /// least one source.
    pub fn check(&self, line: usize) -> Result<()> {
        let t = self.address_type;
        if self.destination.is_some_and(|d| AddressType::of(&d) != t)
            || self.sources().any(|s| AddressType::of(&s) != t)
        {
            return Err(err(
                line,
                "source-filter",
                "addresses of the filter's address type",
            ));
        }
        if self.sources().next().is_none()
            || self
                .sources
                .iter()
                .skip_while(|s| s.is_some())
                .any(|s| s.is_some())
        {
            return Err(err(line, "source-filter", "at least one source address"));
        }
        Ok(())
    }

    /// Reads the value of a `source-filter` attribute on line `line`.
    pub fn parse(value: &str, line: usize) -> Result<SourceFilter> {
        const EXPECTED: &str = "<incl|excl> IN <IP4|IP6> <dest-address> <src-address>...";
        let mut f = fields(value);
        let mode = match f.next() {
            Some("incl") => FilterMode::Include,
            Some("excl") => FilterMode::Exclude,
            _ => return Err(err(line, "source-filter", EXPECTED)),
        };
        if f.next() != Some("IN") {
            return Err(err(
                line,
                "source-filter",
                "<nettype> IN after the filter mode",
            ));
        }
        let address_type = f.next().and_then(AddressType::from_name).ok_or(err(
            line,
            "source-filter",
            "<addrtype> IP4 or IP6",
        ))?;
        let destination = match f.next() {
            Some("*") => None,
            Some(d) => Some(address_type.parse_address(d, line, "source-filter")?),
            None => return Err(err(line, "source-filter", EXPECTED)),
        };
        let mut sources = [None; SourceFilter::MAX_SOURCES];
        for (n, s) in f.enumerate() {
            let slot = sources.get_mut(n).ok_or(err(
                line,
                "source-filter",
                "at most 8 source addresses",
            ))?;
            *slot = Some(address_type.parse_address(s, line, "source-filter")?);
        }
        let filter = SourceFilter {
            mode,
            address_type,
            destination,
            sources,
        };
        filter.check(line)?;
        Ok(filter)
    }
}

impl fmt::Display for SourceFilter {
    /// The attribute's value, with the leading space RFC 4570 writes after the colon.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, " {} IN {} ", self.mode.name(), self.address_type)?;
        match self.destination {
            Some(d) => write!(f, "{d}")?,
            None => f.write_str("*")?,
        }
        for s in self.sources() {
            write!(f, " {s}")?;
        }
        Ok(())
    }
}

/// `a=group:<semantics> <mid> ...` (RFC 5888 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Group<'a> {
    /// The semantics: `DUP` for ST 2022-7 duplicated streams (RFC 7104).
    pub semantics: &'a str,
    mids: &'a str,
}

impl<'a> Group<'a> {
    /// Reads the value of a `group` attribute on line `line`.
    pub fn parse(value: &'a str, line: usize) -> Result<Group<'a>> {
        let value = value.trim_matches(' ');
        let (semantics, mids) = value.split_once(' ').unwrap_or((value, ""));
        if !is_token(semantics) {
            return Err(err(line, "group", "<semantics> such as DUP"));
        }
        if !fields(mids).all(is_token) {
            return Err(err(
                line,
                "group",
                "identification tags made of token characters",
            ));
        }
        Ok(Group { semantics, mids })
    }

    /// The identification tags (`a=mid` values), in order.
    pub fn mids(&self) -> impl Iterator<Item = &'a str> + 'a {
        fields(self.mids)
    }
}

/// The version of PTP a `ts-refclk:ptp=` clock runs (RFC 7273 §4.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PtpVersion {
    /// `IEEE1588-2002`.
    Ieee1588_2002,
    /// `IEEE1588-2008`: what SMPTE ST 2059-2 and ST 2110-10 write.
    Ieee1588_2008,
    /// `IEEE1588-2019`.
    Ieee1588_2019,
    /// `IEEE802.1AS-2011`.
    Ieee802_1As2011,
}

impl PtpVersion {
    /// Every version.
    pub const ALL: [PtpVersion; 4] = [
        PtpVersion::Ieee1588_2002,
        PtpVersion::Ieee1588_2008,
        PtpVersion::Ieee1588_2019,
        PtpVersion::Ieee802_1As2011,
    ];

    /// The name as SDP writes it.
    pub const fn name(self) -> &'static str {
        match self {
            PtpVersion::Ieee1588_2002 => "IEEE1588-2002",
            PtpVersion::Ieee1588_2008 => "IEEE1588-2008",
            PtpVersion::Ieee1588_2019 => "IEEE1588-2019",
            PtpVersion::Ieee802_1As2011 => "IEEE802.1AS-2011",
        }
    }

    /// Reads a version name.
    pub fn from_name(s: &str) -> Option<PtpVersion> {
        PtpVersion::ALL.into_iter().find(|v| v.name() == s)
    }
}

/// An EUI-64 such as a PTP grandmaster's clock identity, written `39-A7-94-FF-FE-07-CB-D0`.
pub type Eui64 = [u8; 8];

/// A MAC address, written `CA-FE-01-CA-FE-02`.
pub type MacAddress = [u8; 6];

fn parse_hex_pairs<const N: usize>(s: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let mut parts = s.split('-');
    for b in out.iter_mut() {
        let p = parts.next()?;
        if p.len() != 2 || !p.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        *b = u8::from_str_radix(p, 16).ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn write_hex_pairs(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            f.write_str("-")?;
        }
        write!(f, "{b:02X}")?;
    }
    Ok(())
}

/// A reference clock, the value of `a=ts-refclk` (RFC 7273 §4.8; SMPTE ST 2110-10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefClock<'a> {
    /// `ptp=<version>:<grandmaster>[:<domain>]`: a PTP grandmaster with its clock
    /// identity, and (for IEEE 1588-2008 and later) its domain number 0..127.
    Ptp {
        /// The PTP version.
        version: PtpVersion,
        /// The grandmaster's clock identity.
        grandmaster: Eui64,
        /// The domain number.
        domain: Option<u8>,
    },
    /// `ptp=<version>:traceable`: any PTP grandmaster traceable to TAI.
    PtpTraceable(PtpVersion),
    /// `localmac=<MAC>`: the sender's free-running clock, named by the MAC address of
    /// the interface it sends from (SMPTE ST 2110-10).
    LocalMac(MacAddress),
    /// Any other clock source RFC 7273 allows (`ntp=...`, `gps`, `local`, `private`,
    /// a PTP domain name, ...), kept as written.
    Other(&'a str),
}

impl<'a> RefClock<'a> {
    /// Reads the value of a `ts-refclk` attribute on line `line`.
    pub fn parse(value: &'a str, line: usize) -> Result<RefClock<'a>> {
        const PTP: &str = "ptp=<version>:<grandmaster EUI-64 as 8 hex pairs joined by '-'>[:<domain 0..127>] or ptp=<version>:traceable (RFC 7273 §4.8)";
        if value.is_empty() || value.bytes().any(|b| b == b' ' || b.is_ascii_control()) {
            return Err(err(
                line,
                "ts-refclk",
                "a clock source without spaces (RFC 7273 §4.8)",
            ));
        }
        if let Some(ptp) = value.strip_prefix("ptp=") {
            let mut parts = ptp.split(':');
            let Some(version) = parts.next().and_then(PtpVersion::from_name) else {
                // A version RFC 7273 leaves open for extension: keep it as written.
                return Ok(RefClock::Other(value));
            };
            let server = parts.next().ok_or(err(line, "ts-refclk", PTP))?;
            if server == "traceable" {
                if parts.next().is_some() {
                    return Err(err(line, "ts-refclk", PTP));
                }
                return Ok(RefClock::PtpTraceable(version));
            }
            let grandmaster = parse_hex_pairs::<8>(server).ok_or(err(line, "ts-refclk", PTP))?;
            let domain = match parts.next() {
                None => None,
                Some(d) if d.starts_with("domain-name=") && parts.next().is_none() => {
                    return Ok(RefClock::Other(value));
                }
                Some(d) => match parse_u64(d) {
                    Some(n) if n <= 127 => Some(n as u8),
                    _ => return Err(err(line, "ts-refclk", PTP)),
                },
            };
            if parts.next().is_some() {
                return Err(err(line, "ts-refclk", PTP));
            }
            return Ok(RefClock::Ptp {
                version,
                grandmaster,
                domain,
            });
        }
        if let Some(mac) = value.strip_prefix("localmac=") {
            return parse_hex_pairs::<6>(mac).map(RefClock::LocalMac).ok_or(err(
                line,
                "ts-refclk",
                "localmac=<MAC address as 6 hex pairs joined by '-'>",
            ));
        }
        Ok(RefClock::Other(value))
    }
}

impl fmt::Display for RefClock<'_> {
    /// The attribute's value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefClock::Ptp {
                version,
                grandmaster,
                domain,
            } => {
                write!(f, "ptp={}:", version.name())?;
                write_hex_pairs(f, grandmaster)?;
                if let Some(d) = domain {
                    write!(f, ":{d}")?;
                }
                Ok(())
            }
            RefClock::PtpTraceable(v) => write!(f, "ptp={}:traceable", v.name()),
            RefClock::LocalMac(mac) => {
                f.write_str("localmac=")?;
                write_hex_pairs(f, mac)
            }
            RefClock::Other(s) => f.write_str(s),
        }
    }
}

/// The media clock, the value of `a=mediaclk` (RFC 7273 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaClock<'a> {
    /// `direct[=<offset>] [rate=<num>/<den>]`: the RTP clock is derived directly from
    /// the reference clock, RTP timestamp `offset` at its epoch (ST 2110-10 writes
    /// `direct=0`), at `rate` when it differs from the RTP clock rate.
    Direct {
        /// The RTP timestamp at the reference clock's epoch, when written.
        offset: Option<u64>,
        /// The media clock rate, when written.
        rate: Option<Rate>,
    },
    /// `sender`: the media clock is the sender's own.
    Sender,
    /// Any other form (`IEEE1722=...`, one with an `id=`), kept as written.
    Other(&'a str),
}

impl<'a> MediaClock<'a> {
    /// `direct=<offset>`.
    pub const fn direct(offset: u64) -> MediaClock<'static> {
        MediaClock::Direct {
            offset: Some(offset),
            rate: None,
        }
    }

    /// Reads the value of a `mediaclk` attribute on line `line`.
    pub fn parse(value: &'a str, line: usize) -> Result<MediaClock<'a>> {
        const DIRECT: &str = "direct[=<offset>] [rate=<numerator>/<denominator>] (RFC 7273 §5)";
        let mut f = fields(value);
        let first = f
            .next()
            .ok_or(err(line, "mediaclk", "a media clock source"))?;
        let offset = match first.strip_prefix("direct") {
            Some("") => None,
            Some(o) => match o.strip_prefix('=').and_then(parse_u64) {
                Some(n) => Some(n),
                None => return Err(err(line, "mediaclk", DIRECT)),
            },
            None if first == "sender" && f.next().is_none() => return Ok(MediaClock::Sender),
            None if value.bytes().any(|b| b.is_ascii_control()) => {
                return Err(err(line, "mediaclk", "no control characters"));
            }
            None => return Ok(MediaClock::Other(value)),
        };
        let rate = match f.next() {
            None => None,
            Some(r) => {
                let (n, d) = r
                    .strip_prefix("rate=")
                    .and_then(|r| r.split_once('/'))
                    .ok_or(err(line, "mediaclk", DIRECT))?;
                let n = parse_u64(n).and_then(|n| u32::try_from(n).ok());
                let d = parse_u64(d).and_then(|d| u32::try_from(d).ok());
                match (n, d) {
                    (Some(n), Some(d)) => Some(Rate::new(n, d).map_err(|_| {
                        err(
                            line,
                            "mediaclk",
                            "a rate with a non-zero numerator and denominator",
                        )
                    })?),
                    _ => return Err(err(line, "mediaclk", DIRECT)),
                }
            }
        };
        if f.next().is_some() {
            return Err(err(line, "mediaclk", DIRECT));
        }
        Ok(MediaClock::Direct { offset, rate })
    }
}

impl fmt::Display for MediaClock<'_> {
    /// The attribute's value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaClock::Direct { offset, rate } => {
                f.write_str("direct")?;
                if let Some(o) = offset {
                    write!(f, "={o}")?;
                }
                if let Some(r) = rate {
                    write!(f, " rate={}/{}", r.numerator(), r.denominator())?;
                }
                Ok(())
            }
            MediaClock::Sender => f.write_str("sender"),
            MediaClock::Other(s) => f.write_str(s),
        }
    }
}
