//! The typed description of an ST 2110-20 video session: one stream, or two duplicated
//! streams for SMPTE ST 2022-7; read from a [`Session`] and written back.

use core::fmt::{self, Write};

use super::attr::{Fmtp, Group, MediaClock, RefClock, Rtpmap, SourceFilter};
use super::text::{Connection, Media, Origin, Session, Timing};
use super::video::VideoFormat;
use super::{err, is_line_text, is_token};
use crate::VIDEO_CLOCK_RATE;
use crate::error::{Error, Result};

/// The reference clocks (`a=ts-refclk`) of a stream: one or more alternatives (RFC 7273
/// §4.8), at most [`RefClocks::CAPACITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RefClocks<'a> {
    clocks: [Option<RefClock<'a>>; RefClocks::CAPACITY],
}

impl<'a> RefClocks<'a> {
    /// The most reference clocks kept for one stream.
    pub const CAPACITY: usize = 4;

    /// No clock (not valid in a [`VideoSdp`]: ST 2110-10 requires one).
    pub const fn new() -> RefClocks<'a> {
        RefClocks {
            clocks: [None; RefClocks::CAPACITY],
        }
    }

    /// One clock.
    pub const fn one(clock: RefClock<'a>) -> RefClocks<'a> {
        let mut c = RefClocks::new();
        c.clocks[0] = Some(clock);
        c
    }

    /// Adds a clock; an error naming `ts-refclk` when there are already
    /// [`RefClocks::CAPACITY`].
    pub fn push(&mut self, clock: RefClock<'a>) -> Result<()> {
        self.push_at(clock, 0)
    }

    fn push_at(&mut self, clock: RefClock<'a>, line: usize) -> Result<()> {
        let slot = self.clocks.iter_mut().find(|c| c.is_none()).ok_or(err(
            line,
            "ts-refclk",
            "at most 4 reference clocks per stream",
        ))?;
        *slot = Some(clock);
        Ok(())
    }

    /// The clocks, in order.
    pub fn iter(&self) -> impl Iterator<Item = RefClock<'a>> + '_ {
        self.clocks.iter().map_while(|c| *c)
    }

    /// The first clock.
    pub fn first(&self) -> Option<RefClock<'a>> {
        self.clocks[0]
    }

    /// How many clocks there are.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.clocks[0].is_none()
    }
}

/// One RTP stream of the session: one media section (`m=video`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stream<'a> {
    /// `a=mid` (RFC 5888): required for each of two duplicated streams.
    pub mid: Option<&'a str>,
    /// The UDP destination port (`m=`), 1..65535.
    pub port: u16,
    /// The destination (`c=`, of the section or else of the session).
    pub destination: Connection,
    /// `a=source-filter` (RFC 4570), of the section or else of the session.
    pub source_filter: Option<SourceFilter>,
    /// `a=ts-refclk` (ST 2110-10), of the section or else of the session.
    pub ref_clocks: RefClocks<'a>,
}

impl<'a> Stream<'a> {
    /// A stream to `destination`:`port` with one reference clock.
    pub const fn new(port: u16, destination: Connection, ref_clock: RefClock<'a>) -> Stream<'a> {
        Stream {
            mid: None,
            port,
            destination,
            source_filter: None,
            ref_clocks: RefClocks::one(ref_clock),
        }
    }
}

/// The description of an ST 2110-20 video stream, or of two identical streams sent on
/// two paths for SMPTE ST 2022-7 seamless protection (`a=group:DUP`, RFC 7104).
///
/// Parsing (see [`VideoSdp::parse`]) requires, for every `m=video` section:
/// `RTP/AVP` with one payload type, a `c=` (its own or the session's), `a=rtpmap:<pt>
/// raw/90000`, an `a=fmtp:<pt>` with every required ST 2110-20 parameter, at least one
/// `a=ts-refclk` and one `a=mediaclk:direct=...` (its own or the session's, ST
/// 2110-10). Two sections need `a=group:DUP` naming both `a=mid`s, and must carry the
/// same payload type, format and media clock. Other lines and attributes (`a=recvonly`,
/// `a=framerate`, `b=`, `a=extmap`, ...) are accepted and not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VideoSdp<'a> {
    /// `o=`.
    pub origin: Origin<'a>,
    /// `s=`.
    pub session_name: &'a str,
    /// The session's `i=`.
    pub session_info: Option<&'a str>,
    /// The first `t=` (`0 0` for a permanent session).
    pub timing: Timing,
    /// The RTP payload type (dynamic, usually 96..127).
    pub payload_type: u8,
    /// The ST 2110-20 format parameters.
    pub format: VideoFormat,
    /// `a=mediaclk`: always `direct` (ST 2110-10 writes `direct=0`).
    pub media_clock: MediaClock<'a>,
    /// The stream (the first of two for ST 2022-7).
    pub primary: Stream<'a>,
    /// The duplicate stream for ST 2022-7, when there is one.
    pub secondary: Option<Stream<'a>>,
}

/// Where each item of a [`VideoSdp`] was read, for errors (all 0 when built in memory).
#[derive(Debug, Clone, Copy, Default)]
struct StreamLines {
    m: usize,
    c: usize,
    source_filter: usize,
    fmtp: usize,
    ts_refclk: usize,
    mediaclk: usize,
    mid: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct LineMap {
    o: usize,
    s: usize,
    i: usize,
    group: usize,
    streams: [StreamLines; 2],
}

const DIRECT_CLOCK: &str =
    "direct=<offset> (ST 2110-10: the RTP clock follows the reference clock)";

/// What one media section says, before the two sections are compared.
struct Section<'a> {
    payload_type: u8,
    format: VideoFormat,
    media_clock: MediaClock<'a>,
    stream: Stream<'a>,
    lines: StreamLines,
}

/// Session-level values a media section inherits when it has none of its own.
#[derive(Default)]
struct Inherited<'a> {
    source_filter: Option<(usize, SourceFilter)>,
    ref_clocks: RefClocks<'a>,
    ref_clock_line: usize,
    media_clock: Option<(usize, MediaClock<'a>)>,
}

/// Reads the attributes of one level (session or media) that the two levels share.
fn read_shared<'a>(
    attrs: impl Iterator<Item = super::text::Attribute<'a>>,
    into: &mut Inherited<'a>,
    mut other: impl FnMut(super::text::Attribute<'a>) -> Result<()>,
) -> Result<()> {
    for a in attrs {
        let value = a.value.unwrap_or("");
        match a.name {
            "source-filter" => {
                if into.source_filter.is_some() {
                    return Err(err(
                        a.line,
                        "source-filter",
                        "one a=source-filter per stream",
                    ));
                }
                into.source_filter = Some((a.line, SourceFilter::parse(value, a.line)?));
            }
            "ts-refclk" => {
                into.ref_clocks
                    .push_at(RefClock::parse(value, a.line)?, a.line)?;
                if into.ref_clock_line == 0 {
                    into.ref_clock_line = a.line;
                }
            }
            "mediaclk" => {
                if into.media_clock.is_some() {
                    return Err(err(a.line, "mediaclk", "one a=mediaclk"));
                }
                into.media_clock = Some((a.line, MediaClock::parse(value, a.line)?));
            }
            _ => other(a)?,
        }
    }
    Ok(())
}

fn read_section<'a>(
    session: &Session<'a>,
    media: &Media<'a>,
    inherited: &Inherited<'a>,
) -> Result<Section<'a>> {
    let m = media.media_line();
    let m_line = media.line();
    if m.media != "video" {
        return Err(err(m_line, "m", "m=video (ST 2110-20)"));
    }
    if m.proto != "RTP/AVP" {
        return Err(err(m_line, "m", "the RTP/AVP transport (ST 2110-10)"));
    }
    if m.port_count.is_some() {
        return Err(err(m_line, "m", "one port, without /<number of ports>"));
    }
    let mut formats = m.formats();
    let pt_text = formats.next().unwrap_or("");
    if formats.next().is_some() {
        return Err(err(
            m_line,
            "m",
            "one payload type for an ST 2110-20 stream",
        ));
    }
    let payload_type = match super::parse_u64(pt_text) {
        Some(n) if n <= 127 => n as u8,
        _ => return Err(err(m_line, "m", "an RTP payload type 0..127")),
    };

    let mut connections = media.connections();
    let (c_line, destination) = match connections.next() {
        Some(c) => c,
        None => match session.connection() {
            Some(c) => (session_connection_line(session), c),
            None => {
                return Err(err(
                    m_line,
                    "c",
                    "a c= line in the media section or the session (RFC 8866 §5.7)",
                ));
            }
        },
    };
    if let Some((line, _)) = connections.next() {
        return Err(err(line, "c", "one c= line per ST 2110 stream"));
    }

    let mut own = Inherited::default();
    let mut rtpmap: Option<(usize, Rtpmap<'a>)> = None;
    let mut fmtp: Option<(usize, Fmtp<'a>)> = None;
    let mut mid: Option<(usize, &'a str)> = None;
    read_shared(media.attributes(), &mut own, |a| {
        let value = a.value.unwrap_or("");
        match a.name {
            "rtpmap" => {
                let r = Rtpmap::parse(value, a.line)?;
                if r.payload_type == payload_type {
                    if rtpmap.is_some() {
                        return Err(err(a.line, "rtpmap", "one a=rtpmap for the payload type"));
                    }
                    rtpmap = Some((a.line, r));
                }
            }
            "fmtp" => {
                let f = Fmtp::parse(value, a.line)?;
                if f.payload_type != payload_type {
                    return Err(err(a.line, "fmtp", "the payload type of the m= line"));
                }
                if fmtp.is_some() {
                    return Err(err(a.line, "fmtp", "one a=fmtp for the payload type"));
                }
                fmtp = Some((a.line, f));
            }
            "mid" => {
                if mid.is_some() {
                    return Err(err(a.line, "mid", "one a=mid per media section"));
                }
                match a.value {
                    Some(v) if is_token(v) => mid = Some((a.line, v)),
                    _ => return Err(err(a.line, "mid", "an identification tag (a token)")),
                }
            }
            _ => {}
        }
        Ok(())
    })?;

    let (_, rtpmap) = rtpmap.ok_or(err(
        m_line,
        "rtpmap",
        "a=rtpmap:<pt> raw/90000 for the payload type of m= (RFC 4175)",
    ))?;
    if !rtpmap.encoding.eq_ignore_ascii_case("raw")
        || rtpmap.clock_rate != VIDEO_CLOCK_RATE
        || rtpmap.parameters.is_some()
    {
        return Err(err(
            rtpmap_line(media, payload_type),
            "rtpmap",
            "raw/90000 for the payload type of m= (RFC 4175, ST 2110-20)",
        ));
    }
    let (fmtp_line, fmtp) = fmtp.ok_or(err(
        m_line,
        "fmtp",
        "a=fmtp:<pt> with the ST 2110-20 parameters",
    ))?;
    let format = VideoFormat::from_fmtp(&fmtp, fmtp_line)?;

    let (sf_line, source_filter) = match own.source_filter.or(inherited.source_filter) {
        Some((l, f)) => (l, Some(f)),
        None => (0, None),
    };
    let (ts_line, ref_clocks) = if own.ref_clocks.is_empty() {
        (inherited.ref_clock_line, inherited.ref_clocks)
    } else {
        (own.ref_clock_line, own.ref_clocks)
    };
    if ref_clocks.is_empty() {
        return Err(err(
            m_line,
            "ts-refclk",
            "a=ts-refclk in the media section or the session (ST 2110-10, RFC 7273)",
        ));
    }
    let (mc_line, media_clock) = own.media_clock.or(inherited.media_clock).ok_or(err(
        m_line,
        "mediaclk",
        "a=mediaclk:direct=<offset> in the media section or the session (ST 2110-10, RFC 7273)",
    ))?;
    if !matches!(media_clock, MediaClock::Direct { .. }) {
        return Err(err(mc_line, "mediaclk", DIRECT_CLOCK));
    }
    Ok(Section {
        payload_type,
        format,
        media_clock,
        stream: Stream {
            mid: mid.map(|(_, m)| m),
            port: m.port,
            destination,
            source_filter,
            ref_clocks,
        },
        lines: StreamLines {
            m: m_line,
            c: c_line,
            source_filter: sf_line,
            fmtp: fmtp_line,
            ts_refclk: ts_line,
            mediaclk: mc_line,
            mid: mid.map_or(m_line, |(l, _)| l),
        },
    })
}

fn session_connection_line(session: &Session<'_>) -> usize {
    session
        .session_lines()
        .find(|l| l.kind == 'c')
        .map_or(0, |l| l.number)
}

fn rtpmap_line(media: &Media<'_>, payload_type: u8) -> usize {
    media
        .attributes()
        .filter(|a| a.name == "rtpmap")
        .find(|a| {
            a.value
                .and_then(|v| Rtpmap::parse(v, a.line).ok())
                .is_some_and(|r| r.payload_type == payload_type)
        })
        .map_or(media.line(), |a| a.line)
}

impl<'a> VideoSdp<'a> {
    /// A single-stream description: session `o=` and `s=`, `t=0 0`, the payload type,
    /// format, `mediaclk:direct=0` and the stream.
    pub const fn new(
        origin: Origin<'a>,
        session_name: &'a str,
        payload_type: u8,
        format: VideoFormat,
        primary: Stream<'a>,
    ) -> VideoSdp<'a> {
        VideoSdp {
            origin,
            session_name,
            session_info: None,
            timing: Timing { start: 0, stop: 0 },
            payload_type,
            format,
            media_clock: MediaClock::Direct {
                offset: Some(0),
                rate: None,
            },
            primary,
            secondary: None,
        }
    }

    /// Reads and checks an ST 2110-20 description.
    pub fn parse(text: &'a str) -> Result<VideoSdp<'a>> {
        VideoSdp::from_session(&Session::parse(text)?)
    }

    /// Reads and checks an ST 2110-20 description from bytes (UTF-8).
    pub fn parse_bytes(bytes: &'a [u8]) -> Result<VideoSdp<'a>> {
        VideoSdp::from_session(&Session::parse_bytes(bytes)?)
    }

    /// Reads the ST 2110-20 description out of a checked [`Session`].
    pub fn from_session(session: &Session<'a>) -> Result<VideoSdp<'a>> {
        let mut inherited = Inherited::default();
        let mut dup: Option<(usize, Group<'a>)> = None;
        read_shared(session.attributes(), &mut inherited, |a| {
            if a.name == "group" {
                let g = Group::parse(a.value.unwrap_or(""), a.line)?;
                if g.semantics == "DUP" {
                    if dup.is_some() {
                        return Err(err(a.line, "group", "one a=group:DUP"));
                    }
                    dup = Some((a.line, g));
                }
            }
            Ok(())
        })?;
        let mut lines = LineMap::default();
        for l in session.session_lines() {
            match l.kind {
                'o' => lines.o = l.number,
                's' => lines.s = l.number,
                'i' => lines.i = l.number,
                _ => {}
            }
        }
        if session.timing_lines() > 1 {
            let line = session
                .session_lines()
                .filter(|l| l.kind == 't')
                .nth(1)
                .map_or(0, |l| l.number);
            return Err(err(
                line,
                "t",
                "one t= line (t=0 0 for a permanent ST 2110 session)",
            ));
        }
        let mut media = session.media();
        let Some(first) = media.next() else {
            let end = session.lines().last().map_or(1, |l| l.number + 1);
            return Err(err(end, "m", "an m=video section"));
        };
        let first = read_section(session, &first, &inherited)?;
        let second = match media.next() {
            Some(m) => Some(read_section(session, &m, &inherited)?),
            None => None,
        };
        if let Some(third) = media.next() {
            return Err(err(
                third.line(),
                "m",
                "one ST 2110-20 stream, or two joined by a=group:DUP (ST 2022-7)",
            ));
        }
        lines.streams[0] = first.lines;
        if let Some(s) = &second {
            lines.streams[1] = s.lines;
            let (line, group) = dup.ok_or(err(
                s.lines.m,
                "group",
                "a=group:DUP naming the a=mid of both media sections (RFC 7104, ST 2022-7)",
            ))?;
            lines.group = line;
            let mut mids = group.mids();
            let named = [mids.next(), mids.next()];
            let have = [first.stream.mid, s.stream.mid];
            let all_named = have.iter().all(|h| h.is_some() && named.contains(h));
            if mids.next().is_some() || named[0] == named[1] || !all_named {
                return Err(err(
                    line,
                    "group",
                    "DUP naming exactly the a=mid of each of the two media sections",
                ));
            }
            if s.payload_type != first.payload_type {
                return Err(err(
                    s.lines.m,
                    "m",
                    "the payload type of the first DUP stream",
                ));
            }
            if s.format != first.format {
                return Err(err(
                    s.lines.fmtp,
                    "fmtp",
                    "the format parameters of the first DUP stream (ST 2022-7)",
                ));
            }
            if s.media_clock != first.media_clock {
                return Err(err(
                    s.lines.mediaclk,
                    "mediaclk",
                    "the media clock of the first DUP stream (ST 2022-7)",
                ));
            }
        } else if let Some((line, group)) = dup {
            let ok = group.mids().count() == 1 && group.mids().next() == first.stream.mid;
            return Err(err(
                line,
                "group",
                if ok {
                    "DUP naming two media sections: only one is present (RFC 7104)"
                } else {
                    "DUP naming the a=mid of existing media sections (RFC 7104)"
                },
            ));
        }
        let sdp = VideoSdp {
            origin: session.origin(),
            session_name: session.name(),
            session_info: session.info(),
            timing: session.timing(),
            payload_type: first.payload_type,
            format: first.format,
            media_clock: first.media_clock,
            primary: first.stream,
            secondary: second.map(|s| s.stream),
        };
        sdp.check(&lines)?;
        Ok(sdp)
    }

    /// The streams: the primary, then the secondary when there is one.
    pub fn streams(&self) -> impl Iterator<Item = &Stream<'a>> + '_ {
        core::iter::once(&self.primary).chain(self.secondary.as_ref())
    }

    /// Checks everything [`VideoSdp::parse`] checks, for a description built in memory
    /// (errors carry line 0).
    pub fn validate(&self) -> Result<()> {
        self.check(&LineMap::default())
    }

    fn check(&self, lines: &LineMap) -> Result<()> {
        Origin::check_text(self.origin.username, self.origin.address, lines.o)?;
        if self.session_name.is_empty() || !is_line_text(self.session_name) {
            return Err(err(lines.s, "s", "a session name on one line"));
        }
        if self.session_info.is_some_and(|i| !is_line_text(i)) {
            return Err(err(lines.i, "i", "session information on one line"));
        }
        let first = &lines.streams[0];
        if self.payload_type > 127 {
            return Err(err(first.m, "m", "an RTP payload type 0..127"));
        }
        self.format.check(first.fmtp)?;
        match self.media_clock {
            MediaClock::Direct { .. } => {}
            _ => {
                return Err(err(first.mediaclk, "mediaclk", DIRECT_CLOCK));
            }
        }
        for (stream, l) in self.streams().zip(&lines.streams) {
            if stream.port == 0 {
                return Err(err(l.m, "m", "a port 1..65535"));
            }
            if stream.mid.is_some_and(|m| !is_token(m)) {
                return Err(err(l.mid, "mid", "an identification tag (a token)"));
            }
            stream.destination.check(l.c)?;
            if let Some(f) = &stream.source_filter {
                f.check(l.source_filter)?;
                if f.destination
                    .is_some_and(|d| d != stream.destination.address)
                {
                    return Err(err(
                        l.source_filter,
                        "source-filter",
                        "the c= address (or *) as the destination (RFC 4570 §3)",
                    ));
                }
            }
            if stream.ref_clocks.is_empty()
                || stream
                    .ref_clocks
                    .clocks
                    .iter()
                    .skip_while(|c| c.is_some())
                    .any(|c| c.is_some())
            {
                return Err(err(
                    l.ts_refclk,
                    "ts-refclk",
                    "at least one a=ts-refclk (ST 2110-10)",
                ));
            }
            for c in stream.ref_clocks.iter() {
                // Text kept as written must read back as itself.
                if let RefClock::Other(s) = c
                    && (!is_line_text(s) || RefClock::parse(s, l.ts_refclk) != Ok(c))
                {
                    return Err(err(
                        l.ts_refclk,
                        "ts-refclk",
                        "a clock source RFC 7273 defines",
                    ));
                }
            }
        }
        if let Some(secondary) = &self.secondary {
            let (a, b) = (self.primary.mid, secondary.mid);
            if a.is_none() || b.is_none() || a == b {
                return Err(err(
                    lines.group,
                    "mid",
                    "a distinct a=mid on each of the two DUP streams (RFC 7104)",
                ));
            }
        }
        Ok(())
    }

    /// Writes the description (RFC 8866 line order, CRLF line endings) after checking it
    /// as [`VideoSdp::validate`] does. A writer that fails gives an error naming
    /// `output`.
    pub fn write_to<W: Write>(&self, w: &mut W) -> Result<()> {
        self.validate()?;
        write!(w, "{}", Unchecked(self))
            .map_err(|_| err(0, "output", "a writer that takes the whole description"))
    }

    /// The length of the text [`VideoSdp::write_to`] writes.
    pub fn buffer_len(&self) -> usize {
        let mut count = Count(0);
        let _ = write!(count, "{}", Unchecked(self));
        count.0
    }

    /// Writes the description into `buf` and returns its length in bytes; the text is
    /// `core::str::from_utf8(&buf[..n])`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        self.validate()?;
        let needed = self.buffer_len();
        if buf.len() < needed {
            return Err(Error::BufferTooSmall {
                needed,
                available: buf.len(),
            });
        }
        let mut cursor = Cursor { buf, len: 0 };
        write!(cursor, "{}", Unchecked(self))
            .map_err(|_| err(0, "output", "a buffer that takes the whole description"))?;
        Ok(cursor.len)
    }
}

/// Writes without checking.
struct Unchecked<'s, 'a>(&'s VideoSdp<'a>);

impl fmt::Display for Unchecked<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        write!(f, "v=0\r\no={}\r\ns={}\r\n", s.origin, s.session_name)?;
        if let Some(i) = s.session_info {
            write!(f, "i={i}\r\n")?;
        }
        write!(f, "t={} {}\r\n", s.timing.start, s.timing.stop)?;
        if let Some(secondary) = &s.secondary {
            write!(
                f,
                "a=group:DUP {} {}\r\n",
                s.primary.mid.unwrap_or("-"),
                secondary.mid.unwrap_or("-")
            )?;
        }
        for stream in s.streams() {
            write!(
                f,
                "m=video {} RTP/AVP {}\r\nc={}\r\n",
                stream.port, s.payload_type, stream.destination
            )?;
            if let Some(sf) = &stream.source_filter {
                write!(f, "a=source-filter:{sf}\r\n")?;
            }
            write!(
                f,
                "a=rtpmap:{} raw/{}\r\na=fmtp:{} {}\r\n",
                s.payload_type, VIDEO_CLOCK_RATE, s.payload_type, s.format
            )?;
            for c in stream.ref_clocks.iter() {
                write!(f, "a=ts-refclk:{c}\r\n")?;
            }
            write!(f, "a=mediaclk:{}\r\n", s.media_clock)?;
            if let Some(mid) = stream.mid {
                write!(f, "a=mid:{mid}\r\n")?;
            }
        }
        Ok(())
    }
}

struct Count(usize);

impl Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

struct Cursor<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Write for Cursor<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}
