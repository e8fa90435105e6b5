//! VXLAN for mediafabric: the header (RFC 7348) with its Group Based Policy and
//! Generic Protocol Extension forms, encapsulation and decapsulation of whole frames
//! without allocation, and the state of a VTEP (forwarding database with learning and
//! ageing, flood lists for head-end replication, allow-lists).
//!
//! # Layout
//!
//! - [`header`]: the 8-byte VXLAN header: zero-copy [`Packet`] view and owned [`Header`].
//! - [`encap`]: [`Encapsulation`] writes Ethernet (optional 802.1Q), IPv4 or IPv6, UDP,
//!   VXLAN and the inner frame into a caller buffer; [`decapsulate`] checks every outer
//!   layer and returns the inner frame as a slice of the input. The outer layers are
//!   read and written with [etherparse].
//! - [`fdb`]: the forwarding database, fixed-capacity or growable.
//! - [`vtep`]: a sans-IO tunnel end point tying them together, in fixed arrays
//!   ([`FixedVtep`]) or growable storage ([`GrowableVtep`]).
//!
//! # Example
//!
//! ```
//! use core::net::Ipv4Addr;
//! use mediafabric_vxlan::{decapsulate, DecapConfig, Encapsulation, Header, OuterIp, Vni};
//!
//! let inner = [0xffu8, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06];
//! let vni = Vni::new(4242)?;
//! let encap = Encapsulation::new(
//!     [2, 0, 0, 0, 0, 1],
//!     [2, 0, 0, 0, 0, 2],
//!     OuterIp::V4 { src: Ipv4Addr::new(10, 77, 0, 1), dst: Ipv4Addr::new(10, 77, 0, 2) },
//!     Header::new(vni),
//! );
//! let mut buf = [0u8; 128];
//! let n = encap.encapsulate(&inner, &mut buf)?;
//! let d = decapsulate(&buf[..n], &DecapConfig::default())?;
//! assert_eq!(d.header.vni, vni);
//! assert_eq!(d.inner, &inner);
//! # Ok::<(), mediafabric_vxlan::Error>(())
//! ```
//!
//! # Safety contract
//!
//! No function of this crate panics on any input: short, long or garbage buffers give
//! an [`Error`] naming the layer, the byte offset and what was expected. The crate has
//! no `unsafe` code.
//!
//! # Cargo features
//!
//! - `std` (default): implies `alloc`; `std::error::Error` for the error types.
//! - `alloc`: [`GrowableFdb`], [`GrowableSet`] and [`GrowableVtep`]: forwarding
//!   database, flood list and allow-lists on the heap, growing to the limits given.
//! - `serde`: `Serialize`/`Deserialize` for the header types.
//!
//! Without default features the crate is `#![no_std]` and never allocates.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod encap;
pub mod error;
pub mod fdb;
pub mod header;
pub mod vtep;

pub use encap::{
    DecapConfig, Decapsulated, Encapsulation, OuterIp, SourcePort, UdpChecksum, VlanTag,
    decapsulate, flow_hash, source_port,
};
pub use error::{Error, Layer, Result};
#[cfg(feature = "alloc")]
pub use fdb::GrowableFdb;
pub use fdb::{Entry, EntryKind, Fdb, FdbCounters, FdbError, FixedFdb, Learn};
pub use header::{
    Extension, Format, GPE_PORT, Gpe, GroupPolicy, HEADER_LEN, Header, LINUX_LEGACY_PORT,
    NextProtocol, PORT, Packet, Vni,
};
pub use vtep::{
    AllowList, Destinations, FixedSet, FixedVtep, Received, RxError, SetFull, SetStorage, Vtep,
    VtepCounters,
};
#[cfg(feature = "alloc")]
pub use vtep::{GrowableSet, GrowableVtep};
