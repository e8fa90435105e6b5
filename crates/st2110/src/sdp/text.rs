//! The text layer of SDP (RFC 8866 §5, §9): lines, their order, and the fields of the
//! `v=`, `o=`, `s=`, `c=`, `b=`, `t=`, `m=` and `a=` lines, all borrowed from the input.

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{err, is_token, parse_u64};
use crate::error::Result;

/// Splits text into lines without judging them: yields (line number, byte offset,
/// content without its CRLF or LF).
#[derive(Debug, Clone)]
pub(crate) struct RawLines<'a> {
    rest: &'a str,
    offset: usize,
    number: usize,
}

impl<'a> RawLines<'a> {
    pub(crate) fn new(text: &'a str, offset: usize, first_number: usize) -> RawLines<'a> {
        RawLines {
            rest: text,
            offset,
            number: first_number,
        }
    }
}

impl<'a> Iterator for RawLines<'a> {
    type Item = (usize, usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let (line, consumed) = match self.rest.find('\n') {
            Some(i) => (&self.rest[..i], i + 1),
            None => (self.rest, self.rest.len()),
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let item = (self.number, self.offset, line);
        self.rest = &self.rest[consumed..];
        self.offset += consumed;
        self.number += 1;
        Some(item)
    }
}

/// One line of a session description: `<type>=<value>` (RFC 8866 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Line<'a> {
    /// The line number, counting from 1 at the start of the description.
    pub number: usize,
    /// The type letter (`v`, `o`, `s`, ..., `m`, `a`).
    pub kind: char,
    /// Everything after the `=`, without the line ending.
    pub value: &'a str,
}

/// Every non-empty line of a checked description or of one of its sections.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    raw: RawLines<'a>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        for (number, _, raw) in self.raw.by_ref() {
            // A checked description has `x=` on every line but blank trailing ones.
            let mut chars = raw.chars();
            if let (Some(kind), Some('=')) = (chars.next(), chars.next()) {
                return Some(Line {
                    number,
                    kind,
                    value: chars.as_str(),
                });
            }
        }
        None
    }
}

/// An attribute line `a=<name>[:<value>]` (RFC 8866 §5.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Attribute<'a> {
    /// The line it is on.
    pub line: usize,
    /// The attribute name (`rtpmap`, `fmtp`, `ts-refclk`, ...), a token.
    pub name: &'a str,
    /// The value after the `:`, `None` for a property attribute such as `a=recvonly`.
    pub value: Option<&'a str>,
}

impl<'a> Attribute<'a> {
    /// Reads the text after `a=` on line `line`.
    pub fn parse(text: &'a str, line: usize) -> Result<Attribute<'a>> {
        let (name, value) = match text.split_once(':') {
            Some((n, v)) => (n, Some(v)),
            None => (text, None),
        };
        if !is_token(name) {
            return Err(err(line, "a", "an attribute name made of token characters"));
        }
        if value == Some("") {
            return Err(err(line, "a", "a value after the ':'"));
        }
        Ok(Attribute { line, name, value })
    }
}

/// The attribute lines of a section, in order.
#[derive(Debug, Clone)]
pub struct Attributes<'a> {
    lines: Lines<'a>,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Attribute<'a>;

    fn next(&mut self) -> Option<Attribute<'a>> {
        for l in self.lines.by_ref() {
            if l.kind == 'a'
                && let Ok(a) = Attribute::parse(l.value, l.number)
            {
                return Some(a);
            }
        }
        None
    }
}

/// The address type of `o=` and `c=` (RFC 8866 §5.2, §5.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressType {
    /// `IP4`.
    Ip4,
    /// `IP6`.
    Ip6,
}

impl AddressType {
    /// `IP4` or `IP6`.
    pub const fn name(self) -> &'static str {
        match self {
            AddressType::Ip4 => "IP4",
            AddressType::Ip6 => "IP6",
        }
    }

    /// Reads `IP4` or `IP6`.
    pub fn from_name(s: &str) -> Option<AddressType> {
        match s {
            "IP4" => Some(AddressType::Ip4),
            "IP6" => Some(AddressType::Ip6),
            _ => None,
        }
    }

    /// The type of an address.
    pub const fn of(address: &IpAddr) -> AddressType {
        match address {
            IpAddr::V4(_) => AddressType::Ip4,
            IpAddr::V6(_) => AddressType::Ip6,
        }
    }

    pub(crate) fn parse_address(self, s: &str, line: usize, field: &'static str) -> Result<IpAddr> {
        match self {
            AddressType::Ip4 => s
                .parse::<Ipv4Addr>()
                .map(IpAddr::V4)
                .map_err(|_| err(line, field, "an IPv4 address in dotted decimal")),
            AddressType::Ip6 => s
                .parse::<Ipv6Addr>()
                .map(IpAddr::V6)
                .map_err(|_| err(line, field, "an IPv6 address")),
        }
    }
}

impl fmt::Display for AddressType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn fields(s: &str) -> impl Iterator<Item = &str> {
    s.split(' ').filter(|f| !f.is_empty())
}

/// The `o=` line: who made the description and which version it is (RFC 8866 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin<'a> {
    /// `<username>`: the originator's login, `-` when there is none.
    pub username: &'a str,
    /// `<sess-id>`: a number identifying the session.
    pub session_id: u64,
    /// `<sess-version>`: increased whenever the description changes.
    pub session_version: u64,
    /// `<addrtype>` (the `<nettype>` is always `IN`).
    pub address_type: AddressType,
    /// `<unicast-address>`: the originating host, an address or a name.
    pub address: &'a str,
}

impl<'a> Origin<'a> {
    /// Reads the text after `o=` on line `line`.
    pub fn parse(text: &'a str, line: usize) -> Result<Origin<'a>> {
        let mut f = fields(text);
        let mut next = |expected| f.next().ok_or(err(line, "o", expected));
        let username = next("<username> <sess-id> <sess-version> IN <addrtype> <address>")?;
        let session_id = parse_u64(next("<sess-id> after <username>")?).ok_or(err(
            line,
            "o",
            "<sess-id> as a decimal number below 2^64",
        ))?;
        let session_version = parse_u64(next("<sess-version> after <sess-id>")?).ok_or(err(
            line,
            "o",
            "<sess-version> as a decimal number below 2^64",
        ))?;
        if next("<nettype> IN after <sess-version>")? != "IN" {
            return Err(err(line, "o", "<nettype> IN"));
        }
        let address_type = AddressType::from_name(next("<addrtype> IP4 or IP6")?).ok_or(err(
            line,
            "o",
            "<addrtype> IP4 or IP6",
        ))?;
        let address = next("<unicast-address> after <addrtype>")?;
        if f.next().is_some() {
            return Err(err(line, "o", "exactly six fields"));
        }
        Origin::check_text(username, address, line)?;
        Ok(Origin {
            username,
            session_id,
            session_version,
            address_type,
            address,
        })
    }

    pub(crate) fn check_text(username: &str, address: &str, line: usize) -> Result<()> {
        let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic() || b >= 0x80);
        if !ok(username) {
            return Err(err(
                line,
                "o",
                "<username> without spaces or control characters",
            ));
        }
        if !ok(address) {
            return Err(err(
                line,
                "o",
                "<unicast-address> without spaces or control characters",
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Origin<'_> {
    /// The text after `o=`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} IN {} {}",
            self.username, self.session_id, self.session_version, self.address_type, self.address
        )
    }
}

/// A `c=` line: where the media goes (RFC 8866 §5.7).
///
/// An IPv4 multicast address carries a TTL and may carry a number of addresses
/// (`239.1.1.1/64/3`); an IPv6 multicast address may carry a number of addresses; a
/// unicast address carries neither. Host names are not accepted: ST 2110 streams are
/// addressed by IP literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Connection {
    /// The (first) address.
    pub address: IpAddr,
    /// The TTL of an IPv4 multicast address.
    pub ttl: Option<u8>,
    /// The number of consecutive multicast addresses, when given.
    pub count: Option<u32>,
}

impl Connection {
    /// A unicast or IPv6 multicast address with no TTL and no count.
    pub const fn new(address: IpAddr) -> Connection {
        Connection {
            address,
            ttl: None,
            count: None,
        }
    }

    /// An IPv4 multicast address with its TTL.
    pub const fn multicast_v4(address: Ipv4Addr, ttl: u8) -> Connection {
        Connection {
            address: IpAddr::V4(address),
            ttl: Some(ttl),
            count: None,
        }
    }

    /// Reads the text after `c=` on line `line`.
    pub fn parse(text: &str, line: usize) -> Result<Connection> {
        let mut f = fields(text);
        if f.next() != Some("IN") {
            return Err(err(line, "c", "<nettype> IN"));
        }
        let address_type = f.next().and_then(AddressType::from_name).ok_or(err(
            line,
            "c",
            "<addrtype> IP4 or IP6",
        ))?;
        let spec = f.next().ok_or(err(line, "c", "<connection-address>"))?;
        if f.next().is_some() {
            return Err(err(line, "c", "exactly three fields"));
        }
        let mut parts = spec.split('/');
        let address = address_type.parse_address(parts.next().unwrap_or(""), line, "c")?;
        let mut number = |what| -> Result<Option<u32>> {
            match parts.next() {
                None => Ok(None),
                Some(p) => match parse_u64(p) {
                    Some(n) if n <= u64::from(u32::MAX) => Ok(Some(n as u32)),
                    _ => Err(err(line, "c", what)),
                },
            }
        };
        let connection = match address {
            IpAddr::V4(a) if a.is_multicast() => {
                let ttl = number("a TTL 0..255 after the IPv4 multicast address")?.ok_or(err(
                    line,
                    "c",
                    "a TTL after an IPv4 multicast address (RFC 8866 §5.7)",
                ))?;
                let ttl = u8::try_from(ttl).map_err(|_| err(line, "c", "a TTL 0..255"))?;
                let count = number("a number of addresses after the TTL")?;
                Connection {
                    address,
                    ttl: Some(ttl),
                    count,
                }
            }
            IpAddr::V6(a) if a.is_multicast() => Connection {
                address,
                ttl: None,
                count: number("a number of addresses after the IPv6 multicast address")?,
            },
            _ => Connection::new(address),
        };
        if parts.next().is_some() {
            return Err(err(
                line,
                "c",
                "no more '/' fields (a TTL only for IPv4 multicast, a count only for multicast)",
            ));
        }
        connection.check(line)?;
        Ok(connection)
    }

    /// Checks the combination of address, TTL and count (RFC 8866 §5.7).
    pub fn check(&self, line: usize) -> Result<()> {
        let multicast = self.address.is_multicast();
        match self.address {
            IpAddr::V4(_) if multicast && self.ttl.is_none() => {
                return Err(err(line, "c", "a TTL for an IPv4 multicast address"));
            }
            IpAddr::V6(_) if self.ttl.is_some() => {
                return Err(err(line, "c", "no TTL for an IPv6 address"));
            }
            _ if !multicast && (self.ttl.is_some() || self.count.is_some()) => {
                return Err(err(line, "c", "no TTL or count for a unicast address"));
            }
            _ => {}
        }
        if self.count == Some(0) {
            return Err(err(line, "c", "a number of addresses of at least 1"));
        }
        Ok(())
    }
}

impl fmt::Display for Connection {
    /// The text after `c=`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IN {} {}", AddressType::of(&self.address), self.address)?;
        if let Some(ttl) = self.ttl {
            write!(f, "/{ttl}")?;
        }
        if let Some(n) = self.count {
            write!(f, "/{n}")?;
        }
        Ok(())
    }
}

/// The first `t=` line: start and stop times, NTP seconds, 0 for unbounded (RFC 8866
/// §5.9). ST 2110 sessions write `t=0 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Timing {
    /// `<start-time>`.
    pub start: u64,
    /// `<stop-time>`.
    pub stop: u64,
}

impl Timing {
    /// Reads the text after `t=` on line `line`.
    pub fn parse(text: &str, line: usize) -> Result<Timing> {
        let mut f = fields(text);
        let mut time = |what| f.next().and_then(parse_u64).ok_or(err(line, "t", what));
        let start = time("<start-time> as a decimal number")?;
        let stop = time("<stop-time> as a decimal number after <start-time>")?;
        if f.next().is_some() {
            return Err(err(line, "t", "exactly two fields"));
        }
        Ok(Timing { start, stop })
    }
}

/// An `m=` line (RFC 8866 §5.14): `<media> <port>[/<number of ports>] <proto> <fmt> ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MediaLine<'a> {
    /// `<media>`: `video`, `audio`, ...
    pub media: &'a str,
    /// `<port>`: the transport port (the RTP port).
    pub port: u16,
    /// `<number of ports>`, when given.
    pub port_count: Option<u16>,
    /// `<proto>`: `RTP/AVP` for ST 2110.
    pub proto: &'a str,
    formats: &'a str,
}

impl<'a> MediaLine<'a> {
    /// Reads the text after `m=` on line `line`.
    pub fn parse(text: &'a str, line: usize) -> Result<MediaLine<'a>> {
        let mut f = fields(text);
        let media =
            f.next()
                .filter(|m| is_token(m))
                .ok_or(err(line, "m", "<media> such as video"))?;
        let port_spec = f.next().ok_or(err(line, "m", "<port> after <media>"))?;
        let (port, count) = match port_spec.split_once('/') {
            Some((p, n)) => (p, Some(n)),
            None => (port_spec, None),
        };
        let port16 = |s: &str, what| {
            parse_u64(s)
                .and_then(|n| u16::try_from(n).ok())
                .ok_or(err(line, "m", what))
        };
        let port = port16(port, "<port> 0..65535")?;
        let port_count = match count {
            Some(n) => match port16(n, "<number of ports> 1..65535 after '/'")? {
                0 => return Err(err(line, "m", "<number of ports> of at least 1")),
                n => Some(n),
            },
            None => None,
        };
        let proto = f.next().filter(|p| p.split('/').all(is_token)).ok_or(err(
            line,
            "m",
            "<proto> such as RTP/AVP after <port>",
        ))?;
        // Whatever follows the third field.
        let rest = after_fields(text, 3);
        if rest.is_empty() {
            return Err(err(line, "m", "at least one <fmt> after <proto>"));
        }
        if !fields(rest).all(is_token) {
            return Err(err(line, "m", "<fmt> values made of token characters"));
        }
        Ok(MediaLine {
            media,
            port,
            port_count,
            proto,
            formats: rest,
        })
    }

    /// The `<fmt>` values (RTP payload type numbers for `RTP/AVP`).
    pub fn formats(&self) -> impl Iterator<Item = &'a str> + 'a {
        fields(self.formats)
    }
}

/// The text after the first `n` space-separated fields, without leading spaces.
fn after_fields(s: &str, n: usize) -> &str {
    let mut rest = s.trim_start_matches(' ');
    for _ in 0..n {
        rest = rest
            .split_once(' ')
            .map_or("", |(_, r)| r)
            .trim_start_matches(' ');
    }
    rest.trim_end_matches(' ')
}

fn check_bandwidth(text: &str, line: usize) -> Result<()> {
    match text.split_once(':') {
        Some((t, n)) if is_token(t) && parse_u64(n).is_some() => Ok(()),
        _ => Err(err(line, "b", "<bwtype>:<bandwidth> (RFC 8866 §5.8)")),
    }
}

/// The order of lines in the session part (RFC 8866 §9); `t` and `r` share a place.
fn session_rank(kind: u8) -> Option<(u8, bool)> {
    // (rank, may repeat)
    Some(match kind {
        b'v' => (0, false),
        b'o' => (1, false),
        b's' => (2, false),
        b'i' => (3, false),
        b'u' => (4, false),
        b'e' => (5, true),
        b'p' => (6, true),
        b'c' => (7, false),
        b'b' => (8, true),
        b't' | b'r' => (9, true),
        b'z' => (10, false),
        b'k' => (11, false),
        b'a' => (12, true),
        _ => return None,
    })
}

/// The order of lines in a media section (RFC 8866 §9).
fn media_rank(kind: u8) -> Option<(u8, bool)> {
    Some(match kind {
        b'm' => (0, false),
        b'i' => (1, false),
        b'c' => (2, true),
        b'b' => (3, true),
        b'k' => (4, false),
        b'a' => (5, true),
        _ => return None,
    })
}

const SESSION_ORDER: &str =
    "session lines in the order v o s i u e p c b t r z k a, then m (RFC 8866 §9)";
const MEDIA_ORDER: &str = "media lines in the order m i c b k a (RFC 8866 §9)";

/// A checked session description, borrowed from its text (RFC 8866).
///
/// [`Session::parse`] checks the whole text once: every line is `<type>=<value>` with a
/// known type letter, the lines come in the order of RFC 8866 §9, `v=0`, `o=`, `s=` and
/// at least one `t=` are there, and the fields of `o=`, `c=`, `b=`, `t=`, `m=` and the
/// names of `a=` lines are well formed. Lines end in CRLF or LF; empty lines may only
/// trail. The values of attributes are read on demand (see [`super::attr`]), and
/// unknown attributes stay available through [`Session::attributes`] and
/// [`Media::attributes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session<'a> {
    text: &'a str,
    origin: Origin<'a>,
    name: &'a str,
    info: Option<&'a str>,
    connection: Option<Connection>,
    timing: Timing,
    timing_lines: usize,
    session_end: usize,
    first_media_line: usize,
    media_count: usize,
}

impl<'a> Session<'a> {
    /// Reads and checks a session description.
    pub fn parse(text: &'a str) -> Result<Session<'a>> {
        let mut origin = None;
        let mut name = None;
        let mut info = None;
        let mut connection = None;
        let mut timing = None;
        let mut timing_lines = 0;
        let mut session_end = text.len();
        let mut first_media_line = 0;
        let mut media_count = 0;
        let mut blank = None;
        let mut last_line = 0;
        let mut in_media = false;
        // (rank, kind) of the previous line in the current section.
        let mut previous: Option<(u8, u8)> = None;
        for (number, offset, raw) in RawLines::new(text, 0, 1) {
            last_line = number;
            if raw.is_empty() {
                blank.get_or_insert(number);
                continue;
            }
            if let Some(b) = blank {
                return Err(err(b, "line", "no empty line inside a description"));
            }
            if raw.bytes().any(|b| b == b'\r' || b == 0) {
                return Err(err(
                    number,
                    "line",
                    "no CR (except before LF) or NUL inside a line",
                ));
            }
            let bytes = raw.as_bytes();
            if bytes.len() < 2 || bytes[1] != b'=' || !bytes[0].is_ascii_lowercase() {
                return Err(err(
                    number,
                    "line",
                    "<type>=<value> with a lower-case type letter",
                ));
            }
            let kind = bytes[0];
            let value = &raw[2..];
            if number == 1 {
                if kind != b'v' {
                    return Err(err(1, "v", "v=0 as the first line (RFC 8866 §5.1)"));
                }
            } else if kind == b'v' {
                return Err(err(number, "v", "one v= line, the first"));
            }
            if kind == b'm' {
                if !in_media {
                    session_end = offset;
                    first_media_line = number;
                }
                in_media = true;
                media_count += 1;
                previous = None;
            }
            let rank = if in_media {
                media_rank(kind).ok_or(err(number, "line", MEDIA_ORDER))?
            } else {
                session_rank(kind).ok_or(err(number, "line", "a type letter RFC 8866 defines"))?
            };
            if let Some((prev_rank, prev_kind)) = previous {
                let order = if in_media { MEDIA_ORDER } else { SESSION_ORDER };
                if rank.0 < prev_rank || (rank.0 == prev_rank && !rank.1) {
                    return Err(err(number, "line", order));
                }
                if kind == b'r' && !matches!(prev_kind, b't' | b'r') {
                    return Err(err(number, "r", "an r= line right after t= or r="));
                }
            } else if kind == b'r' {
                return Err(err(number, "r", "an r= line right after t= or r="));
            }
            // Where the line sits in the session order (a media line comes after all).
            let place = if in_media { 13 } else { rank.0 };
            if place > 1 && origin.is_none() {
                return Err(err(number, "o", "o= as the second line (RFC 8866 §5.2)"));
            }
            if place > 2 && name.is_none() {
                return Err(err(number, "s", "s= as the third line (RFC 8866 §5.3)"));
            }
            if place > 9 && timing.is_none() {
                return Err(err(
                    number,
                    "t",
                    "a t= line before z=, k=, a= and m= (RFC 8866 §5.9)",
                ));
            }
            previous = Some((rank.0, kind));
            match kind {
                b'v' if value != "0" => return Err(err(number, "v", "0 (RFC 8866 §5.1)")),
                b'o' => origin = Some(Origin::parse(value, number)?),
                b's' if value.is_empty() => {
                    return Err(err(
                        number,
                        "s",
                        "a session name (a single space when there is none)",
                    ));
                }
                b's' => name = Some(value),
                b'i' if !in_media => info = Some(value),
                b'c' => {
                    let c = Connection::parse(value, number)?;
                    if !in_media {
                        connection = Some(c);
                    }
                }
                b'b' => check_bandwidth(value, number)?,
                b't' => {
                    let t = Timing::parse(value, number)?;
                    timing.get_or_insert(t);
                    timing_lines += 1;
                }
                b'a' => {
                    Attribute::parse(value, number)?;
                }
                b'm' => {
                    MediaLine::parse(value, number)?;
                }
                _ => {}
            }
        }
        if last_line == 0 || blank == Some(1) {
            return Err(err(1, "v", "v=0 as the first line (RFC 8866 §5.1)"));
        }
        let end = last_line + 1;
        let origin = origin.ok_or(err(end.min(2), "o", "o= as the second line"))?;
        let name = name.ok_or(err(end.min(3), "s", "s= as the third line"))?;
        let timing = timing.ok_or(err(end, "t", "at least one t= line (RFC 8866 §5.9)"))?;
        Ok(Session {
            text,
            origin,
            name,
            info,
            connection,
            timing,
            timing_lines,
            session_end,
            first_media_line,
            media_count,
        })
    }

    /// Reads a description from bytes, which must be UTF-8 (RFC 8866 §5: the default
    /// character set); the error names the first line that is not.
    pub fn parse_bytes(bytes: &'a [u8]) -> Result<Session<'a>> {
        match core::str::from_utf8(bytes) {
            Ok(text) => Session::parse(text),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                Err(err(line, "line", "UTF-8 text"))
            }
        }
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// `o=`.
    pub fn origin(&self) -> Origin<'a> {
        self.origin
    }

    /// `s=`: the session name.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The session-level `i=`: session information.
    pub fn info(&self) -> Option<&'a str> {
        self.info
    }

    /// The session-level `c=`, which applies to media sections without their own.
    pub fn connection(&self) -> Option<Connection> {
        self.connection
    }

    /// The first `t=` line.
    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// How many `t=` lines there are (at least one).
    pub fn timing_lines(&self) -> usize {
        self.timing_lines
    }

    /// Every line of the description.
    pub fn lines(&self) -> Lines<'a> {
        Lines {
            raw: RawLines::new(self.text, 0, 1),
        }
    }

    /// The lines of the session part (before the first `m=`).
    pub fn session_lines(&self) -> Lines<'a> {
        Lines {
            raw: RawLines::new(&self.text[..self.session_end], 0, 1),
        }
    }

    /// The session-level attributes, in order, known or not.
    pub fn attributes(&self) -> Attributes<'a> {
        Attributes {
            lines: self.session_lines(),
        }
    }

    /// The first session-level attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<Attribute<'a>> {
        self.attributes().find(|a| a.name == name)
    }

    /// The number of media sections.
    pub fn media_count(&self) -> usize {
        self.media_count
    }

    /// The media sections, in order.
    pub fn media(&self) -> MediaSections<'a> {
        MediaSections {
            rest: &self.text[self.session_end..],
            offset: self.session_end,
            number: self.first_media_line,
        }
    }
}

/// The media sections of a [`Session`].
#[derive(Debug, Clone)]
pub struct MediaSections<'a> {
    rest: &'a str,
    offset: usize,
    number: usize,
}

impl<'a> Iterator for MediaSections<'a> {
    type Item = Media<'a>;

    fn next(&mut self) -> Option<Media<'a>> {
        let mut lines = RawLines::new(self.rest, self.offset, self.number);
        let (line, _, first) = lines.next()?;
        let media_line = MediaLine::parse(first.get(2..)?, line).ok()?;
        let body_start = self.rest.len() - lines.rest.len();
        let mut end = self.rest.len();
        let mut next_number = None;
        for (number, offset, raw) in lines {
            if raw.starts_with("m=") {
                end = offset - self.offset;
                next_number = Some(number);
                break;
            }
        }
        let media = Media {
            line,
            media: media_line,
            body: &self.rest[body_start..end],
            body_line: line + 1,
        };
        self.offset += end;
        self.rest = &self.rest[end..];
        match next_number {
            Some(n) => self.number = n,
            None => self.rest = "",
        }
        Some(media)
    }
}

/// One media section: its `m=` line and the lines after it up to the next `m=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Media<'a> {
    line: usize,
    media: MediaLine<'a>,
    body: &'a str,
    body_line: usize,
}

impl<'a> Media<'a> {
    /// The line number of the `m=` line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The `m=` line.
    pub fn media_line(&self) -> MediaLine<'a> {
        self.media
    }

    /// The lines after `m=` in this section.
    pub fn lines(&self) -> Lines<'a> {
        Lines {
            raw: RawLines::new(self.body, 0, self.body_line),
        }
    }

    /// The media-level `i=`: the media title.
    pub fn info(&self) -> Option<&'a str> {
        self.lines().find(|l| l.kind == 'i').map(|l| l.value)
    }

    /// The media-level `c=` lines with their line numbers.
    pub fn connections(&self) -> impl Iterator<Item = (usize, Connection)> + 'a {
        self.lines().filter(|l| l.kind == 'c').filter_map(|l| {
            Connection::parse(l.value, l.number)
                .ok()
                .map(|c| (l.number, c))
        })
    }

    /// The media-level attributes, in order, known or not.
    pub fn attributes(&self) -> Attributes<'a> {
        Attributes {
            lines: self.lines(),
        }
    }

    /// The first media-level attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<Attribute<'a>> {
        self.attributes().find(|a| a.name == name)
    }
}
