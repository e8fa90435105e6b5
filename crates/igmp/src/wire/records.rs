//! What IGMPv3 and MLDv2 share: source address lists and group (multicast address)
//! records, generic over the address family.
//!
//! Lists and records come in two forms with one type: read from the wire (borrowing the
//! message's bytes, checked once when the message is parsed) or given by the caller for
//! building (borrowing a slice). Both iterate the same way and compare equal when they
//! hold the same values, so `parse(emit(x)) == x`.

use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, Result, room, truncated};

/// An address family's address as it sits on the wire.
pub trait WireAddr: Copy + PartialEq + fmt::Debug {
    /// Bytes on the wire.
    const LEN: usize;
    /// Reads one from exactly `LEN` bytes.
    fn read(b: &[u8]) -> Self;
    /// Writes it into exactly `LEN` bytes.
    fn write(&self, b: &mut [u8]);
    /// Reads one from the front of `b`, returning it and the rest (`None` when `b` is
    /// shorter than `LEN`).
    fn split_read(b: &[u8]) -> Option<(Self, &[u8])>;
}

impl WireAddr for Ipv4Addr {
    const LEN: usize = 4;
    #[inline]
    fn read(b: &[u8]) -> Self {
        let mut a = [0u8; 4];
        a.copy_from_slice(&b[..4]);
        Ipv4Addr::from(a)
    }
    fn write(&self, b: &mut [u8]) {
        b.copy_from_slice(&self.octets());
    }
    #[inline]
    fn split_read(b: &[u8]) -> Option<(Self, &[u8])> {
        let (a, rest) = b.split_first_chunk::<4>()?;
        Some((Ipv4Addr::from(*a), rest))
    }
}

impl WireAddr for Ipv6Addr {
    const LEN: usize = 16;
    #[inline]
    fn read(b: &[u8]) -> Self {
        b.first_chunk::<16>()
            .map_or(Ipv6Addr::UNSPECIFIED, |a| Ipv6Addr::from(*a))
    }
    fn write(&self, b: &mut [u8]) {
        b.copy_from_slice(&self.octets());
    }
    #[inline]
    fn split_read(b: &[u8]) -> Option<(Self, &[u8])> {
        let (a, rest) = b.split_first_chunk::<16>()?;
        Some((Ipv6Addr::from(*a), rest))
    }
}

/// A list of source addresses.
#[derive(Clone, Copy)]
pub enum AddrList<'a, A: WireAddr> {
    /// Read from a message: `count` addresses back to back.
    Wire(&'a [u8]),
    /// Given by the caller.
    Addrs(&'a [A]),
}

impl<A: WireAddr> Default for AddrList<'_, A> {
    fn default() -> Self {
        AddrList::Addrs(&[])
    }
}

impl<'a, A: WireAddr> AddrList<'a, A> {
    /// Number of addresses.
    pub fn len(&self) -> usize {
        match self {
            AddrList::Wire(b) => b.len() / A::LEN,
            AddrList::Addrs(a) => a.len(),
        }
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The addresses.
    #[inline]
    pub fn iter(&self) -> AddrIter<'a, A> {
        match *self {
            AddrList::Wire(b) => AddrIter {
                wire: &b[..b.len() / A::LEN * A::LEN],
                given: [].iter(),
            },
            AddrList::Addrs(a) => AddrIter {
                wire: &[],
                given: a.iter(),
            },
        }
    }

    /// Bytes on the wire.
    pub fn buffer_len(&self) -> usize {
        self.len() * A::LEN
    }

    fn write(&self, b: &mut [u8]) {
        for (i, a) in self.iter().enumerate() {
            a.write(&mut b[i * A::LEN..(i + 1) * A::LEN]);
        }
    }
}

/// Iterator over the addresses of an [`AddrList`].
#[derive(Debug, Clone)]
pub struct AddrIter<'a, A> {
    /// Addresses still to read from the wire (a whole number of them).
    wire: &'a [u8],
    /// Caller-given addresses still to yield (empty for a list read from the wire).
    given: core::slice::Iter<'a, A>,
}

impl<A: WireAddr> Iterator for AddrIter<'_, A> {
    type Item = A;

    #[inline]
    fn next(&mut self) -> Option<A> {
        if let Some((a, rest)) = A::split_read(self.wire) {
            self.wire = rest;
            return Some(a);
        }
        self.given.next().copied()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.wire.len() / A::LEN + self.given.len();
        (n, Some(n))
    }
}

impl<A: WireAddr> ExactSizeIterator for AddrIter<'_, A> {}

impl<A: WireAddr> PartialEq for AddrList<'_, A> {
    fn eq(&self, o: &Self) -> bool {
        self.len() == o.len() && self.iter().eq(o.iter())
    }
}

impl<A: WireAddr> fmt::Debug for AddrList<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Record Type of a group record (RFC 9776 §4.2.12, RFC 9777 §5.2.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    /// 1: MODE_IS_INCLUDE (current state).
    ModeIsInclude,
    /// 2: MODE_IS_EXCLUDE (current state).
    ModeIsExclude,
    /// 3: CHANGE_TO_INCLUDE_MODE (filter mode change).
    ChangeToIncludeMode,
    /// 4: CHANGE_TO_EXCLUDE_MODE (filter mode change).
    ChangeToExcludeMode,
    /// 5: ALLOW_NEW_SOURCES (source list change).
    AllowNewSources,
    /// 6: BLOCK_OLD_SOURCES (source list change).
    BlockOldSources,
    /// Any other value; receivers ignore such records (RFC 9776 §4.2.12).
    Unknown(u8),
}

impl RecordType {
    /// From the wire value.
    #[inline]
    pub const fn from_u8(v: u8) -> Self {
        match v {
            1 => RecordType::ModeIsInclude,
            2 => RecordType::ModeIsExclude,
            3 => RecordType::ChangeToIncludeMode,
            4 => RecordType::ChangeToExcludeMode,
            5 => RecordType::AllowNewSources,
            6 => RecordType::BlockOldSources,
            v => RecordType::Unknown(v),
        }
    }

    /// The wire value.
    pub const fn to_u8(self) -> u8 {
        match self {
            RecordType::ModeIsInclude => 1,
            RecordType::ModeIsExclude => 2,
            RecordType::ChangeToIncludeMode => 3,
            RecordType::ChangeToExcludeMode => 4,
            RecordType::AllowNewSources => 5,
            RecordType::BlockOldSources => 6,
            RecordType::Unknown(v) => v,
        }
    }

    /// The RFC's name, or `None` for an unknown type.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            RecordType::ModeIsInclude => "MODE_IS_INCLUDE",
            RecordType::ModeIsExclude => "MODE_IS_EXCLUDE",
            RecordType::ChangeToIncludeMode => "CHANGE_TO_INCLUDE_MODE",
            RecordType::ChangeToExcludeMode => "CHANGE_TO_EXCLUDE_MODE",
            RecordType::AllowNewSources => "ALLOW_NEW_SOURCES",
            RecordType::BlockOldSources => "BLOCK_OLD_SOURCES",
            RecordType::Unknown(_) => return None,
        })
    }
}

/// One group record (IGMPv3) or multicast address record (MLDv2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupRecord<'a, A: WireAddr> {
    /// Record Type.
    pub record_type: RecordType,
    /// Multicast Address.
    pub group: A,
    /// Source Addresses.
    pub sources: AddrList<'a, A>,
    /// Auxiliary Data (a multiple of 4 bytes), kept as it came.
    pub aux_data: &'a [u8],
}

impl<A: WireAddr> GroupRecord<'_, A> {
    /// Bytes on the wire.
    pub fn buffer_len(&self) -> usize {
        4 + A::LEN + self.sources.buffer_len() + self.aux_data.len()
    }

    fn write(&self, b: &mut [u8]) -> Result<usize> {
        if !self.aux_data.len().is_multiple_of(4) || self.aux_data.len() > 255 * 4 {
            return Err(Error::OutOfRange {
                field: "Aux Data Len",
                value: self.aux_data.len() as u32,
                max: 255 * 4,
            });
        }
        let n = self.sources.len();
        let n16 = u16::try_from(n).map_err(|_| Error::OutOfRange {
            field: "Number of Sources",
            value: n as u32,
            max: u32::from(u16::MAX),
        })?;
        let len = self.buffer_len();
        room(b, len)?;
        b[0] = self.record_type.to_u8();
        b[1] = (self.aux_data.len() / 4) as u8;
        b[2..4].copy_from_slice(&n16.to_be_bytes());
        self.group.write(&mut b[4..4 + A::LEN]);
        let s = 4 + A::LEN;
        self.sources.write(&mut b[s..s + self.sources.buffer_len()]);
        b[s + self.sources.buffer_len()..len].copy_from_slice(self.aux_data);
        Ok(len)
    }
}

/// The records of a report.
#[derive(Clone, Copy)]
pub enum Records<'a, A: WireAddr> {
    /// Read from a message (checked when it was parsed): `count` records in `bytes`.
    Wire {
        /// Number of records.
        count: usize,
        /// Their bytes.
        bytes: &'a [u8],
    },
    /// Given by the caller.
    Given(&'a [GroupRecord<'a, A>]),
}

impl<'a, A: WireAddr> Records<'a, A> {
    /// Number of records.
    pub fn len(&self) -> usize {
        match self {
            Records::Wire { count, .. } => *count,
            Records::Given(r) => r.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records.
    #[inline]
    pub fn iter(&self) -> RecordIter<'a, A> {
        match *self {
            Records::Wire { count, bytes } => RecordIter {
                wire: bytes,
                left: count,
                given: [].iter(),
            },
            Records::Given(g) => RecordIter {
                wire: &[],
                left: 0,
                given: g.iter(),
            },
        }
    }

    /// Bytes on the wire.
    pub fn buffer_len(&self) -> usize {
        match self {
            Records::Wire { bytes, .. } => bytes.len(),
            Records::Given(r) => r.iter().map(GroupRecord::buffer_len).sum(),
        }
    }

    pub(crate) fn write(&self, b: &mut [u8]) -> Result<usize> {
        match self {
            Records::Wire { bytes, .. } => {
                room(b, bytes.len())?;
                b[..bytes.len()].copy_from_slice(bytes);
                Ok(bytes.len())
            }
            Records::Given(r) => {
                let mut at = 0;
                for rec in r.iter() {
                    at += rec.write(&mut b[at..])?;
                }
                Ok(at)
            }
        }
    }

    /// Checks `count` records in `b` (which starts at `base` in the message) and
    /// returns the records and the bytes they take.
    #[inline]
    pub(crate) fn check(b: &'a [u8], count: usize, base: usize) -> Result<(Self, usize)> {
        let head = 4 + A::LEN;
        let mut at = 0;
        for _ in 0..count {
            let Some(h) = b.get(at..at + head) else {
                return Err(truncated("group record", base + at, head, base + b.len()));
            };
            let len = head
                + usize::from(u16::from_be_bytes([h[2], h[3]])) * A::LEN
                + usize::from(h[1]) * 4;
            if b.len() - at < len {
                return Err(truncated("group record", base + at, len, base + b.len()));
            }
            at += len;
        }
        Ok((
            Records::Wire {
                count,
                bytes: &b[..at],
            },
            at,
        ))
    }
}

/// Iterator over the records of a [`Records`].
#[derive(Debug, Clone)]
pub struct RecordIter<'a, A: WireAddr> {
    /// Records still to read from the wire (checked when the message was parsed).
    wire: &'a [u8],
    left: usize,
    /// Caller-given records still to yield.
    given: core::slice::Iter<'a, GroupRecord<'a, A>>,
}

impl<'a, A: WireAddr> Iterator for RecordIter<'a, A> {
    type Item = GroupRecord<'a, A>;

    #[inline]
    fn next(&mut self) -> Option<GroupRecord<'a, A>> {
        if self.left > 0 {
            // A short slice (impossible after the parse's check) ends the iteration
            // rather than panicking.
            let head = 4 + A::LEN;
            let h = self.wire.first_chunk::<4>()?;
            let n = usize::from(u16::from_be_bytes([h[2], h[3]])) * A::LEN;
            let len = head + n + usize::from(h[1]) * 4;
            let (rec, rest) = self.wire.split_at_checked(len)?;
            let (fixed, var) = rec.split_at(head);
            let (sources, aux_data) = var.split_at(n);
            self.wire = rest;
            self.left -= 1;
            return Some(GroupRecord {
                record_type: RecordType::from_u8(fixed[0]),
                group: A::read(&fixed[4..]),
                sources: AddrList::Wire(sources),
                aux_data,
            });
        }
        self.given.next().copied()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.given.len(), Some(self.left + self.given.len()))
    }
}

impl<A: WireAddr> PartialEq for Records<'_, A> {
    fn eq(&self, o: &Self) -> bool {
        self.len() == o.len() && self.iter().eq(o.iter())
    }
}

impl<A: WireAddr> fmt::Debug for Records<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Reads `n` addresses at `b[at..]` as a list (checked), for queries.
pub(crate) fn read_sources<'a, A: WireAddr>(
    b: &'a [u8],
    at: usize,
    n: usize,
    what: &'static str,
) -> Result<AddrList<'a, A>> {
    let end = at + n * A::LEN;
    if b.len() < end {
        return Err(truncated(what, at, n * A::LEN, b.len()));
    }
    Ok(AddrList::Wire(&b[at..end]))
}

pub(crate) fn write_sources<A: WireAddr>(l: &AddrList<'_, A>, b: &mut [u8]) {
    l.write(b)
}
