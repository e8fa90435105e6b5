//! Management TLV identifiers (IEEE 1588-2019 §15.5.2.3, Table 59).
//!
//! [`ManagementTlv::parse`] reads a MANAGEMENT TLV's value into its managementId and a
//! typed [`ManagementData`] for every ID of Table 59 (§15.5.3); implementation-specific
//! IDs (linuxptp's `*_NP`) and reserved ones are kept as raw bytes with their ID, so
//! everything re-emits byte for byte.

use crate::error::{Error, Result, need, room};
use crate::wire::types::{
    ClockIdentity, ClockQuality, PortIdentity, TimeInterval, TimeSource, Timestamp,
};

/// IEEE 1588-2019 managementId, kept as its number so that implementation-specific
/// values (such as linuxptp's `*_NP` range 0xC000-0xDFFF) survive a round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ManagementId(pub u16);

macro_rules! management_ids {
    ($($name:ident = $value:literal),* $(,)?) => {
        impl ManagementId {
            $(
                #[doc = concat!("`", stringify!($name), "`.")]
                pub const $name: ManagementId = ManagementId($value);
            )*

            /// The standard's (or linuxptp's, for `_NP` values) name, or `None`.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($name)),)*
                    _ => None,
                }
            }
        }
    };
}

management_ids! {
    NULL_PTP_MANAGEMENT = 0x0000,
    CLOCK_DESCRIPTION = 0x0001,
    USER_DESCRIPTION = 0x0002,
    SAVE_IN_NON_VOLATILE_STORAGE = 0x0003,
    RESET_NON_VOLATILE_STORAGE = 0x0004,
    INITIALIZE = 0x0005,
    FAULT_LOG = 0x0006,
    FAULT_LOG_RESET = 0x0007,
    DEFAULT_DATA_SET = 0x2000,
    CURRENT_DATA_SET = 0x2001,
    PARENT_DATA_SET = 0x2002,
    TIME_PROPERTIES_DATA_SET = 0x2003,
    PORT_DATA_SET = 0x2004,
    PRIORITY1 = 0x2005,
    PRIORITY2 = 0x2006,
    DOMAIN = 0x2007,
    SLAVE_ONLY = 0x2008,
    LOG_ANNOUNCE_INTERVAL = 0x2009,
    ANNOUNCE_RECEIPT_TIMEOUT = 0x200A,
    LOG_SYNC_INTERVAL = 0x200B,
    VERSION_NUMBER = 0x200C,
    ENABLE_PORT = 0x200D,
    DISABLE_PORT = 0x200E,
    TIME = 0x200F,
    CLOCK_ACCURACY = 0x2010,
    UTC_PROPERTIES = 0x2011,
    TRACEABILITY_PROPERTIES = 0x2012,
    TIMESCALE_PROPERTIES = 0x2013,
    UNICAST_NEGOTIATION_ENABLE = 0x2014,
    PATH_TRACE_LIST = 0x2015,
    PATH_TRACE_ENABLE = 0x2016,
    GRANDMASTER_CLUSTER_TABLE = 0x2017,
    UNICAST_MASTER_TABLE = 0x2018,
    UNICAST_MASTER_MAX_TABLE_SIZE = 0x2019,
    ACCEPTABLE_MASTER_TABLE = 0x201A,
    ACCEPTABLE_MASTER_TABLE_ENABLED = 0x201B,
    ACCEPTABLE_MASTER_MAX_TABLE_SIZE = 0x201C,
    ALTERNATE_MASTER = 0x201D,
    ALTERNATE_TIME_OFFSET_ENABLE = 0x201E,
    ALTERNATE_TIME_OFFSET_NAME = 0x201F,
    ALTERNATE_TIME_OFFSET_MAX_KEY = 0x2020,
    ALTERNATE_TIME_OFFSET_PROPERTIES = 0x2021,
    EXTERNAL_PORT_CONFIGURATION_ENABLED = 0x3000,
    MASTER_ONLY = 0x3001,
    HOLDOVER_UPGRADE_ENABLE = 0x3002,
    EXT_PORT_CONFIG_PORT_DATA_SET = 0x3003,
    TRANSPARENT_CLOCK_DEFAULT_DATA_SET = 0x4000,
    TRANSPARENT_CLOCK_PORT_DATA_SET = 0x4001,
    PRIMARY_DOMAIN = 0x4002,
    DELAY_MECHANISM = 0x6000,
    LOG_MIN_PDELAY_REQ_INTERVAL = 0x6001,
    TIME_STATUS_NP = 0xC000,
    GRANDMASTER_SETTINGS_NP = 0xC001,
    PORT_DATA_SET_NP = 0xC002,
    SUBSCRIBE_EVENTS_NP = 0xC003,
    PORT_PROPERTIES_NP = 0xC004,
    PORT_STATS_NP = 0xC005,
}

/// IEEE 1588-2019 §5.3.9 PTPText: a length octet and that many UTF-8 octets, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PtpText<'a>(pub &'a [u8]);

impl<'a> PtpText<'a> {
    /// The text, when it is valid UTF-8.
    pub fn as_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.0).ok()
    }

    /// Bytes on the wire (length octet included).
    pub fn buffer_len(&self) -> usize {
        1 + self.0.len()
    }

    fn read(b: &'a [u8], at: usize, what: &'static str) -> Result<(PtpText<'a>, usize)> {
        let Some(&n) = b.get(at) else {
            return Err(trunc(what, at, 1, b));
        };
        let end = at + 1 + usize::from(n);
        if b.len() < end {
            return Err(trunc(what, at, 1 + usize::from(n), b));
        }
        Ok((PtpText(&b[at + 1..end]), end))
    }

    fn write(&self, b: &mut [u8], at: usize, field: &'static str) -> Result<usize> {
        let n = u8::try_from(self.0.len()).map_err(|_| Error::OutOfRange {
            field,
            value: self.0.len() as u64,
            max: 255,
        })?;
        b[at] = n;
        b[at + 1..at + 1 + self.0.len()].copy_from_slice(self.0);
        Ok(at + 1 + self.0.len())
    }
}

/// IEEE 1588-2019 §5.3.6 PortAddress, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortAddress<'a> {
    /// networkProtocol (Table 4): 1 UDP/IPv4, 2 UDP/IPv6, 3 IEEE 802.3, ...
    pub network_protocol: u16,
    /// addressField (addressLength octets).
    pub address: &'a [u8],
}

impl<'a> PortAddress<'a> {
    fn read(b: &'a [u8], at: usize) -> Result<(PortAddress<'a>, usize)> {
        if b.len() < at + 4 {
            return Err(trunc("PortAddress", at, 4, b));
        }
        let proto = u16::from_be_bytes([b[at], b[at + 1]]);
        let n = usize::from(u16::from_be_bytes([b[at + 2], b[at + 3]]));
        if b.len() < at + 4 + n {
            return Err(trunc("PortAddress", at, 4 + n, b));
        }
        Ok((
            PortAddress {
                network_protocol: proto,
                address: &b[at + 4..at + 4 + n],
            },
            at + 4 + n,
        ))
    }

    fn len(&self) -> usize {
        4 + self.address.len()
    }

    fn write(&self, b: &mut [u8], at: usize) -> Result<usize> {
        let n = u16::try_from(self.address.len()).map_err(|_| Error::OutOfRange {
            field: "addressLength",
            value: self.address.len() as u64,
            max: u64::from(u16::MAX),
        })?;
        b[at..at + 2].copy_from_slice(&self.network_protocol.to_be_bytes());
        b[at + 2..at + 4].copy_from_slice(&n.to_be_bytes());
        b[at + 4..at + 4 + self.address.len()].copy_from_slice(self.address);
        Ok(at + 4 + self.address.len())
    }
}

fn trunc(what: &'static str, at: usize, needed: usize, b: &[u8]) -> Error {
    Error::Truncated {
        what,
        offset: at,
        needed,
        available: b.len().saturating_sub(at),
    }
}

/// CLOCK_DESCRIPTION (§15.5.3.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockDescription<'a> {
    /// clockType (bit flags, §15.5.3.1.2.1): 0x8000 ordinary, 0x4000 boundary, ...
    pub clock_type: u16,
    /// physicalLayerProtocol.
    pub physical_layer_protocol: PtpText<'a>,
    /// physicalAddress.
    pub physical_address: &'a [u8],
    /// protocolAddress.
    pub protocol_address: PortAddress<'a>,
    /// manufacturerIdentity (an OUI).
    pub manufacturer_identity: [u8; 3],
    /// productDescription.
    pub product_description: PtpText<'a>,
    /// revisionData.
    pub revision_data: PtpText<'a>,
    /// userDescription.
    pub user_description: PtpText<'a>,
    /// profileIdentity.
    pub profile_identity: [u8; 6],
}

/// One FAULT_LOG record (§15.5.3.1.5), borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaultRecord<'a> {
    /// faultTime.
    pub fault_time: Timestamp,
    /// severityCode (Table 60).
    pub severity_code: u8,
    /// faultName.
    pub fault_name: PtpText<'a>,
    /// faultValue.
    pub fault_value: PtpText<'a>,
    /// faultDescription.
    pub fault_description: PtpText<'a>,
}

impl FaultRecord<'_> {
    /// Bytes of the record on the wire, faultRecordLength included.
    pub fn buffer_len(&self) -> usize {
        2 + 10
            + 1
            + self.fault_name.buffer_len()
            + self.fault_value.buffer_len()
            + self.fault_description.buffer_len()
    }
}

/// A list of fixed-size items read lazily from the wire (clock identities, port
/// addresses, fault records, acceptable masters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WireList<'a> {
    /// Number of items.
    pub count: usize,
    /// Their bytes.
    pub bytes: &'a [u8],
}

impl<'a> WireList<'a> {
    /// The clock identities of a PATH_TRACE_LIST.
    pub fn clock_identities(&self) -> impl Iterator<Item = ClockIdentity> + 'a {
        self.bytes.chunks_exact(8).map(|c| {
            let mut id = [0u8; 8];
            id.copy_from_slice(c);
            ClockIdentity(id)
        })
    }

    /// The port addresses of a unicast master or grandmaster cluster table.
    pub fn port_addresses(&self) -> impl Iterator<Item = PortAddress<'a>> + 'a {
        let b = self.bytes;
        let mut at = 0;
        core::iter::from_fn(move || {
            let (a, next) = PortAddress::read(b, at).ok()?;
            at = next;
            Some(a)
        })
    }

    /// The entries of an acceptable master table: port identity and alternatePriority1.
    pub fn acceptable_masters(&self) -> impl Iterator<Item = (PortIdentity, u8)> + 'a {
        self.bytes
            .chunks_exact(11)
            .filter_map(|c| Some((PortIdentity::parse(c).ok()?, c[10])))
    }

    /// The records of a FAULT_LOG.
    pub fn fault_records(&self) -> impl Iterator<Item = FaultRecord<'a>> + 'a {
        let b = self.bytes;
        let mut at = 0;
        core::iter::from_fn(move || {
            let (r, next) = read_fault_record(b, at).ok()?;
            at = next;
            Some(r)
        })
    }
}

fn read_fault_record(b: &[u8], at: usize) -> Result<(FaultRecord<'_>, usize)> {
    if b.len() < at + 13 {
        return Err(trunc("faultRecord", at, 13, b));
    }
    let len = usize::from(u16::from_be_bytes([b[at], b[at + 1]]));
    let fault_time = Timestamp::parse(&b[at + 2..]).map_err(|e| e.shifted(at + 2))?;
    let severity_code = b[at + 12];
    let (fault_name, p) = PtpText::read(b, at + 13, "faultName")?;
    let (fault_value, p) = PtpText::read(b, p, "faultValue")?;
    let (fault_description, p) = PtpText::read(b, p, "faultDescription")?;
    if p - at != len + 2 && p - at != len {
        // faultRecordLength counts the record without (2019) or with (some
        // implementations) its own two octets; anything else is inconsistent.
        return Err(Error::Invalid {
            field: "faultRecordLength",
            offset: at,
            expected: "the length of the record",
            found: len as u64,
        });
    }
    Ok((
        FaultRecord {
            fault_time,
            severity_code,
            fault_name,
            fault_value,
            fault_description,
        },
        p,
    ))
}

/// DEFAULT_DATA_SET (§15.5.3.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DefaultDataSet {
    /// defaultDS.twoStepFlag (TSC).
    pub two_step_flag: bool,
    /// defaultDS.slaveOnly (SO).
    pub slave_only: bool,
    /// defaultDS.numberPorts.
    pub number_ports: u16,
    /// defaultDS.priority1.
    pub priority1: u8,
    /// defaultDS.clockQuality.
    pub clock_quality: ClockQuality,
    /// defaultDS.priority2.
    pub priority2: u8,
    /// defaultDS.clockIdentity.
    pub clock_identity: ClockIdentity,
    /// defaultDS.domainNumber.
    pub domain_number: u8,
}

/// CURRENT_DATA_SET (§15.5.3.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CurrentDataSet {
    /// currentDS.stepsRemoved.
    pub steps_removed: u16,
    /// currentDS.offsetFromMaster.
    pub offset_from_master: TimeInterval,
    /// currentDS.meanPathDelay.
    pub mean_path_delay: TimeInterval,
}

/// PARENT_DATA_SET (§15.5.3.5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParentDataSet {
    /// parentDS.parentPortIdentity.
    pub parent_port_identity: PortIdentity,
    /// parentDS.parentStats (PS).
    pub parent_stats: bool,
    /// parentDS.observedParentOffsetScaledLogVariance.
    pub observed_parent_offset_scaled_log_variance: u16,
    /// parentDS.observedParentClockPhaseChangeRate.
    pub observed_parent_clock_phase_change_rate: i32,
    /// parentDS.grandmasterPriority1.
    pub grandmaster_priority1: u8,
    /// parentDS.grandmasterClockQuality.
    pub grandmaster_clock_quality: ClockQuality,
    /// parentDS.grandmasterPriority2.
    pub grandmaster_priority2: u8,
    /// parentDS.grandmasterIdentity.
    pub grandmaster_identity: ClockIdentity,
}

/// TIME_PROPERTIES_DATA_SET (§15.5.3.6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimePropertiesDataSet {
    /// timePropertiesDS.currentUtcOffset.
    pub current_utc_offset: i16,
    /// Flags: bit 0 leap61, 1 leap59, 2 currentUtcOffsetValid, 3 ptpTimescale,
    /// 4 timeTraceable, 5 frequencyTraceable.
    pub flags: u8,
    /// timePropertiesDS.timeSource.
    pub time_source: TimeSource,
}

/// PORT_DATA_SET (§15.5.3.7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortDataSet {
    /// portDS.portIdentity.
    pub port_identity: PortIdentity,
    /// portDS.portState (Table 20): 1 INITIALIZING ... 9 SLAVE.
    pub port_state: u8,
    /// portDS.logMinDelayReqInterval.
    pub log_min_delay_req_interval: i8,
    /// portDS.meanLinkDelay (peerMeanPathDelay in 2008).
    pub peer_mean_path_delay: TimeInterval,
    /// portDS.logAnnounceInterval.
    pub log_announce_interval: i8,
    /// portDS.announceReceiptTimeout.
    pub announce_receipt_timeout: u8,
    /// portDS.logSyncInterval.
    pub log_sync_interval: i8,
    /// portDS.delayMechanism (1 E2E, 2 P2P, 0xFE disabled, 3 COMMON_P2P).
    pub delay_mechanism: u8,
    /// portDS.logMinPdelayReqInterval.
    pub log_min_pdelay_req_interval: i8,
    /// portDS.versionNumber (low nibble) and minorVersionNumber (high nibble).
    pub version_number: u8,
}

/// ALTERNATE_TIME_OFFSET_PROPERTIES (§15.5.3.2.5) and the body of the
/// ALTERNATE_TIME_OFFSET_INDICATOR TLV (§16.3.3) without its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AlternateTimeOffsetProperties {
    /// keyField.
    pub key_field: u8,
    /// currentOffset, seconds.
    pub current_offset: i32,
    /// jumpSeconds.
    pub jump_seconds: i32,
    /// timeOfNextJump, seconds (48 bits).
    pub time_of_next_jump: u64,
}

/// TRANSPARENT_CLOCK_PORT_DATA_SET (§15.5.3.10.1 of 1588-2008, kept in 2019).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransparentClockPortDataSet {
    /// portIdentity.
    pub port_identity: PortIdentity,
    /// faultyFlag (FLT).
    pub faulty_flag: bool,
    /// logMinPdelayReqInterval.
    pub log_min_pdelay_req_interval: i8,
    /// peerMeanPathDelay.
    pub peer_mean_path_delay: TimeInterval,
}

/// The dataField of a MANAGEMENT TLV, typed by managementId.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ManagementData<'a> {
    /// No dataField (GET requests may omit it; the commands and NULL have none).
    Empty,
    /// CLOCK_DESCRIPTION.
    ClockDescription(ClockDescription<'a>),
    /// USER_DESCRIPTION.
    UserDescription(PtpText<'a>),
    /// INITIALIZE: initializationKey.
    Initialize(u16),
    /// FAULT_LOG: the records.
    FaultLog(WireList<'a>),
    /// DEFAULT_DATA_SET.
    DefaultDataSet(DefaultDataSet),
    /// CURRENT_DATA_SET.
    CurrentDataSet(CurrentDataSet),
    /// PARENT_DATA_SET.
    ParentDataSet(ParentDataSet),
    /// TIME_PROPERTIES_DATA_SET.
    TimePropertiesDataSet(TimePropertiesDataSet),
    /// PORT_DATA_SET.
    PortDataSet(PortDataSet),
    /// TIME: currentTime.
    Time(Timestamp),
    /// UTC_PROPERTIES: currentUtcOffset and flags (leap61, leap59, UTCV).
    UtcProperties {
        /// currentUtcOffset.
        current_utc_offset: i16,
        /// Flags: bit 0 leap61, 1 leap59, 2 currentUtcOffsetValid.
        flags: u8,
    },
    /// TIMESCALE_PROPERTIES: ptpTimescale flag and timeSource.
    TimescaleProperties {
        /// Flags: bit 3 ptpTimescale.
        flags: u8,
        /// timeSource.
        time_source: TimeSource,
    },
    /// PATH_TRACE_LIST: clock identities.
    PathTraceList(WireList<'a>),
    /// GRANDMASTER_CLUSTER_TABLE.
    GrandmasterClusterTable {
        /// logQueryInterval.
        log_query_interval: i8,
        /// The port addresses.
        addresses: WireList<'a>,
    },
    /// UNICAST_MASTER_TABLE.
    UnicastMasterTable {
        /// logQueryInterval.
        log_query_interval: i8,
        /// The port addresses.
        addresses: WireList<'a>,
    },
    /// UNICAST_MASTER_MAX_TABLE_SIZE or ACCEPTABLE_MASTER_MAX_TABLE_SIZE.
    MaxTableSize(u16),
    /// ACCEPTABLE_MASTER_TABLE.
    AcceptableMasterTable(WireList<'a>),
    /// ALTERNATE_MASTER.
    AlternateMaster {
        /// Flags: bit 0 transmitAlternateMulticastSync.
        flags: u8,
        /// logAlternateMulticastSyncInterval.
        log_alternate_multicast_sync_interval: i8,
        /// numberOfAlternateMasters.
        number_of_alternate_masters: u8,
    },
    /// ALTERNATE_TIME_OFFSET_NAME.
    AlternateTimeOffsetName {
        /// keyField.
        key_field: u8,
        /// displayName.
        display_name: PtpText<'a>,
    },
    /// ALTERNATE_TIME_OFFSET_ENABLE: keyField and enable flag.
    AlternateTimeOffsetEnable {
        /// keyField.
        key_field: u8,
        /// Flags: bit 0 enable.
        flags: u8,
    },
    /// ALTERNATE_TIME_OFFSET_PROPERTIES.
    AlternateTimeOffsetProperties(AlternateTimeOffsetProperties),
    /// TRANSPARENT_CLOCK_DEFAULT_DATA_SET.
    TransparentClockDefaultDataSet {
        /// clockIdentity.
        clock_identity: ClockIdentity,
        /// numberPorts.
        number_ports: u16,
        /// delayMechanism.
        delay_mechanism: u8,
        /// primaryDomain.
        primary_domain: u8,
    },
    /// TRANSPARENT_CLOCK_PORT_DATA_SET.
    TransparentClockPortDataSet(TransparentClockPortDataSet),
    /// Every ID whose dataField is one octet and a reserved octet: PRIORITY1,
    /// PRIORITY2, DOMAIN, SLAVE_ONLY, LOG_ANNOUNCE_INTERVAL, ANNOUNCE_RECEIPT_TIMEOUT,
    /// LOG_SYNC_INTERVAL, VERSION_NUMBER, CLOCK_ACCURACY, TRACEABILITY_PROPERTIES,
    /// UNICAST_NEGOTIATION_ENABLE, PATH_TRACE_ENABLE, ACCEPTABLE_MASTER_TABLE_ENABLED,
    /// ALTERNATE_TIME_OFFSET_MAX_KEY, EXTERNAL_PORT_CONFIGURATION_ENABLED, MASTER_ONLY,
    /// HOLDOVER_UPGRADE_ENABLE, EXT_PORT_CONFIG_PORT_DATA_SET, PRIMARY_DOMAIN,
    /// DELAY_MECHANISM, LOG_MIN_PDELAY_REQ_INTERVAL. Signed values (the intervals) are
    /// the octet as `i8`; flags are bits of it.
    Octet(u8),
    /// An implementation-specific or reserved ID, or a dataField of unexpected
    /// length, kept as it came.
    Raw(&'a [u8]),
}

/// A MANAGEMENT TLV value: managementId and dataField.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManagementTlv<'a> {
    /// managementId.
    pub management_id: ManagementId,
    /// dataField.
    pub data: ManagementData<'a>,
}

fn is_octet_id(id: ManagementId) -> bool {
    matches!(
        id,
        ManagementId::PRIORITY1
            | ManagementId::PRIORITY2
            | ManagementId::DOMAIN
            | ManagementId::SLAVE_ONLY
            | ManagementId::LOG_ANNOUNCE_INTERVAL
            | ManagementId::ANNOUNCE_RECEIPT_TIMEOUT
            | ManagementId::LOG_SYNC_INTERVAL
            | ManagementId::VERSION_NUMBER
            | ManagementId::CLOCK_ACCURACY
            | ManagementId::TRACEABILITY_PROPERTIES
            | ManagementId::UNICAST_NEGOTIATION_ENABLE
            | ManagementId::PATH_TRACE_ENABLE
            | ManagementId::ACCEPTABLE_MASTER_TABLE_ENABLED
            | ManagementId::ALTERNATE_TIME_OFFSET_MAX_KEY
            | ManagementId::EXTERNAL_PORT_CONFIGURATION_ENABLED
            | ManagementId::MASTER_ONLY
            | ManagementId::HOLDOVER_UPGRADE_ENABLE
            | ManagementId::EXT_PORT_CONFIG_PORT_DATA_SET
            | ManagementId::PRIMARY_DOMAIN
            | ManagementId::DELAY_MECHANISM
            | ManagementId::LOG_MIN_PDELAY_REQ_INTERVAL
    )
}

fn ti(b: &[u8], at: usize) -> TimeInterval {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[at..at + 8]);
    TimeInterval(i64::from_be_bytes(v))
}

fn even(n: usize) -> usize {
    n + (n & 1)
}

impl<'a> ManagementTlv<'a> {
    /// Reads a MANAGEMENT TLV value (after tlvType and lengthField). Offsets in errors
    /// are relative to the start of the value.
    pub fn parse(v: &'a [u8]) -> Result<ManagementTlv<'a>> {
        need("MANAGEMENT", v, 2)?;
        let id = ManagementId(u16::from_be_bytes([v[0], v[1]]));
        let d = &v[2..];
        let data = Self::parse_data(id, d).map_err(|e| e.shifted(2))?;
        Ok(ManagementTlv {
            management_id: id,
            data,
        })
    }

    fn parse_data(id: ManagementId, d: &'a [u8]) -> Result<ManagementData<'a>> {
        use ManagementData as D;
        use ManagementId as I;
        if d.is_empty() {
            return Ok(D::Empty);
        }
        let fixed = |n: usize| -> Result<()> {
            if d.len() < n {
                Err(trunc("managementData", 0, n, d))
            } else {
                Ok(())
            }
        };
        let data = match id {
            _ if is_octet_id(id) => {
                fixed(2)?;
                D::Octet(d[0])
            }
            I::CLOCK_DESCRIPTION => {
                fixed(2)?;
                let clock_type = u16::from_be_bytes([d[0], d[1]]);
                let (physical_layer_protocol, p) = PtpText::read(d, 2, "physicalLayerProtocol")?;
                if d.len() < p + 2 {
                    return Err(trunc("physicalAddress", p, 2, d));
                }
                let n = usize::from(u16::from_be_bytes([d[p], d[p + 1]]));
                if d.len() < p + 2 + n {
                    return Err(trunc("physicalAddress", p, 2 + n, d));
                }
                let physical_address = &d[p + 2..p + 2 + n];
                let (protocol_address, p) = PortAddress::read(d, p + 2 + n)?;
                if d.len() < p + 4 {
                    return Err(trunc("manufacturerIdentity", p, 4, d));
                }
                let manufacturer_identity = [d[p], d[p + 1], d[p + 2]];
                let (product_description, p) = PtpText::read(d, p + 4, "productDescription")?;
                let (revision_data, p) = PtpText::read(d, p, "revisionData")?;
                let (user_description, p) = PtpText::read(d, p, "userDescription")?;
                if d.len() < p + 6 {
                    return Err(trunc("profileIdentity", p, 6, d));
                }
                let mut profile_identity = [0u8; 6];
                profile_identity.copy_from_slice(&d[p..p + 6]);
                D::ClockDescription(ClockDescription {
                    clock_type,
                    physical_layer_protocol,
                    physical_address,
                    protocol_address,
                    manufacturer_identity,
                    product_description,
                    revision_data,
                    user_description,
                    profile_identity,
                })
            }
            I::USER_DESCRIPTION => D::UserDescription(PtpText::read(d, 0, "userDescription")?.0),
            I::INITIALIZE => {
                fixed(2)?;
                D::Initialize(u16::from_be_bytes([d[0], d[1]]))
            }
            I::FAULT_LOG => {
                fixed(2)?;
                let count = usize::from(u16::from_be_bytes([d[0], d[1]]));
                let mut at = 2;
                for _ in 0..count {
                    at = read_fault_record(d, at)?.1;
                }
                D::FaultLog(WireList {
                    count,
                    bytes: &d[2..at],
                })
            }
            I::DEFAULT_DATA_SET => {
                fixed(20)?;
                D::DefaultDataSet(DefaultDataSet {
                    two_step_flag: d[0] & 1 != 0,
                    slave_only: d[0] & 2 != 0,
                    number_ports: u16::from_be_bytes([d[2], d[3]]),
                    priority1: d[4],
                    clock_quality: ClockQuality::parse(&d[5..])?,
                    priority2: d[9],
                    clock_identity: ClockIdentity::parse(&d[10..])?,
                    domain_number: d[18],
                })
            }
            I::CURRENT_DATA_SET => {
                fixed(18)?;
                D::CurrentDataSet(CurrentDataSet {
                    steps_removed: u16::from_be_bytes([d[0], d[1]]),
                    offset_from_master: ti(d, 2),
                    mean_path_delay: ti(d, 10),
                })
            }
            I::PARENT_DATA_SET => {
                fixed(32)?;
                D::ParentDataSet(ParentDataSet {
                    parent_port_identity: PortIdentity::parse(d)?,
                    parent_stats: d[10] & 1 != 0,
                    observed_parent_offset_scaled_log_variance: u16::from_be_bytes([d[12], d[13]]),
                    observed_parent_clock_phase_change_rate: i32::from_be_bytes([
                        d[14], d[15], d[16], d[17],
                    ]),
                    grandmaster_priority1: d[18],
                    grandmaster_clock_quality: ClockQuality::parse(&d[19..])?,
                    grandmaster_priority2: d[23],
                    grandmaster_identity: ClockIdentity::parse(&d[24..])?,
                })
            }
            I::TIME_PROPERTIES_DATA_SET => {
                fixed(4)?;
                D::TimePropertiesDataSet(TimePropertiesDataSet {
                    current_utc_offset: i16::from_be_bytes([d[0], d[1]]),
                    flags: d[2],
                    time_source: TimeSource(d[3]),
                })
            }
            I::PORT_DATA_SET => {
                fixed(26)?;
                D::PortDataSet(PortDataSet {
                    port_identity: PortIdentity::parse(d)?,
                    port_state: d[10],
                    log_min_delay_req_interval: d[11] as i8,
                    peer_mean_path_delay: ti(d, 12),
                    log_announce_interval: d[20] as i8,
                    announce_receipt_timeout: d[21],
                    log_sync_interval: d[22] as i8,
                    delay_mechanism: d[23],
                    log_min_pdelay_req_interval: d[24] as i8,
                    version_number: d[25],
                })
            }
            I::TIME => D::Time(Timestamp::parse(d)?),
            I::UTC_PROPERTIES => {
                fixed(4)?;
                D::UtcProperties {
                    current_utc_offset: i16::from_be_bytes([d[0], d[1]]),
                    flags: d[2],
                }
            }
            I::TIMESCALE_PROPERTIES => {
                fixed(2)?;
                D::TimescaleProperties {
                    flags: d[0],
                    time_source: TimeSource(d[1]),
                }
            }
            I::PATH_TRACE_LIST => D::PathTraceList(WireList {
                count: d.len() / 8,
                bytes: &d[..d.len() - d.len() % 8],
            }),
            I::GRANDMASTER_CLUSTER_TABLE | I::UNICAST_MASTER_TABLE => {
                let (count, start) = if id == I::GRANDMASTER_CLUSTER_TABLE {
                    fixed(2)?;
                    (usize::from(d[1]), 2)
                } else {
                    fixed(3)?;
                    (usize::from(u16::from_be_bytes([d[1], d[2]])), 3)
                };
                let mut at = start;
                for _ in 0..count {
                    at = PortAddress::read(d, at)?.1;
                }
                let addresses = WireList {
                    count,
                    bytes: &d[start..at],
                };
                let log_query_interval = d[0] as i8;
                if id == I::GRANDMASTER_CLUSTER_TABLE {
                    D::GrandmasterClusterTable {
                        log_query_interval,
                        addresses,
                    }
                } else {
                    D::UnicastMasterTable {
                        log_query_interval,
                        addresses,
                    }
                }
            }
            I::UNICAST_MASTER_MAX_TABLE_SIZE | I::ACCEPTABLE_MASTER_MAX_TABLE_SIZE => {
                fixed(2)?;
                D::MaxTableSize(u16::from_be_bytes([d[0], d[1]]))
            }
            I::ACCEPTABLE_MASTER_TABLE => {
                fixed(2)?;
                let count = usize::from(u16::from_be_bytes([d[0], d[1]]));
                fixed(2 + 11 * count)?;
                D::AcceptableMasterTable(WireList {
                    count,
                    bytes: &d[2..2 + 11 * count],
                })
            }
            I::ALTERNATE_MASTER => {
                fixed(4)?;
                D::AlternateMaster {
                    flags: d[0],
                    log_alternate_multicast_sync_interval: d[1] as i8,
                    number_of_alternate_masters: d[2],
                }
            }
            I::ALTERNATE_TIME_OFFSET_NAME => {
                fixed(2)?;
                D::AlternateTimeOffsetName {
                    key_field: d[0],
                    display_name: PtpText::read(d, 1, "displayName")?.0,
                }
            }
            I::ALTERNATE_TIME_OFFSET_ENABLE => {
                fixed(2)?;
                D::AlternateTimeOffsetEnable {
                    key_field: d[0],
                    flags: d[1],
                }
            }
            I::ALTERNATE_TIME_OFFSET_PROPERTIES => {
                fixed(16)?;
                D::AlternateTimeOffsetProperties(AlternateTimeOffsetProperties {
                    key_field: d[0],
                    current_offset: i32::from_be_bytes([d[1], d[2], d[3], d[4]]),
                    jump_seconds: i32::from_be_bytes([d[5], d[6], d[7], d[8]]),
                    time_of_next_jump: u64::from_be_bytes([
                        0, 0, d[9], d[10], d[11], d[12], d[13], d[14],
                    ]),
                })
            }
            I::TRANSPARENT_CLOCK_DEFAULT_DATA_SET => {
                fixed(12)?;
                D::TransparentClockDefaultDataSet {
                    clock_identity: ClockIdentity::parse(d)?,
                    number_ports: u16::from_be_bytes([d[8], d[9]]),
                    delay_mechanism: d[10],
                    primary_domain: d[11],
                }
            }
            I::TRANSPARENT_CLOCK_PORT_DATA_SET => {
                fixed(20)?;
                D::TransparentClockPortDataSet(TransparentClockPortDataSet {
                    port_identity: PortIdentity::parse(d)?,
                    faulty_flag: d[10] & 1 != 0,
                    log_min_pdelay_req_interval: d[11] as i8,
                    peer_mean_path_delay: ti(d, 12),
                })
            }
            _ => return Ok(D::Raw(d)),
        };
        // The typed form must account for every byte (up to one pad octet), or it
        // would not re-emit what came: keep anything else raw.
        let t = ManagementTlv {
            management_id: id,
            data,
        };
        if even(t.data_len()) == d.len() || t.data_len() == d.len() {
            Ok(data)
        } else {
            Ok(D::Raw(d))
        }
    }

    /// Length of the dataField this value emits (before padding to an even length).
    pub fn data_len(&self) -> usize {
        use ManagementData as D;
        match &self.data {
            D::Empty => 0,
            D::ClockDescription(c) => {
                2 + c.physical_layer_protocol.buffer_len()
                    + 2
                    + c.physical_address.len()
                    + c.protocol_address.len()
                    + 4
                    + c.product_description.buffer_len()
                    + c.revision_data.buffer_len()
                    + c.user_description.buffer_len()
                    + 6
            }
            D::UserDescription(t) => t.buffer_len(),
            D::Initialize(_) | D::Octet(_) | D::MaxTableSize(_) => 2,
            D::FaultLog(l) => 2 + l.bytes.len(),
            D::DefaultDataSet(_) => 20,
            D::CurrentDataSet(_) => 18,
            D::ParentDataSet(_) => 32,
            D::TimePropertiesDataSet(_) | D::UtcProperties { .. } | D::AlternateMaster { .. } => 4,
            D::PortDataSet(_) => 26,
            D::Time(_) => 10,
            D::TimescaleProperties { .. } | D::AlternateTimeOffsetEnable { .. } => 2,
            D::PathTraceList(l) => l.bytes.len(),
            D::GrandmasterClusterTable { addresses, .. } => 2 + addresses.bytes.len(),
            D::UnicastMasterTable { addresses, .. } => 3 + addresses.bytes.len(),
            D::AcceptableMasterTable(l) => 2 + l.bytes.len(),
            D::AlternateTimeOffsetName { display_name, .. } => 1 + display_name.buffer_len(),
            D::AlternateTimeOffsetProperties(_) => 16,
            D::TransparentClockDefaultDataSet { .. } => 12,
            D::TransparentClockPortDataSet(_) => 20,
            D::Raw(r) => r.len(),
        }
    }

    /// Length of the whole value on the wire: managementId and the dataField padded to
    /// an even length (§15.5.3: "a pad octet when needed"). Raw data is not padded.
    pub fn buffer_len(&self) -> usize {
        2 + match self.data {
            ManagementData::Raw(r) => r.len(),
            _ => even(self.data_len()),
        }
    }

    /// Writes the value (managementId and dataField, not the TLV type and length).
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        use ManagementData as D;
        let n = self.buffer_len();
        room(buf, n)?;
        let b = &mut buf[..n];
        b.fill(0);
        b[..2].copy_from_slice(&self.management_id.0.to_be_bytes());
        let d = &mut b[2..];
        match &self.data {
            D::Empty => {}
            D::ClockDescription(c) => {
                d[..2].copy_from_slice(&c.clock_type.to_be_bytes());
                let p = c
                    .physical_layer_protocol
                    .write(d, 2, "physicalLayerProtocol")?;
                let pl =
                    u16::try_from(c.physical_address.len()).map_err(|_| Error::OutOfRange {
                        field: "physicalAddressLength",
                        value: c.physical_address.len() as u64,
                        max: u64::from(u16::MAX),
                    })?;
                d[p..p + 2].copy_from_slice(&pl.to_be_bytes());
                d[p + 2..p + 2 + c.physical_address.len()].copy_from_slice(c.physical_address);
                let p = c
                    .protocol_address
                    .write(d, p + 2 + c.physical_address.len())?;
                d[p..p + 3].copy_from_slice(&c.manufacturer_identity);
                let p = c
                    .product_description
                    .write(d, p + 4, "productDescription")?;
                let p = c.revision_data.write(d, p, "revisionData")?;
                let p = c.user_description.write(d, p, "userDescription")?;
                d[p..p + 6].copy_from_slice(&c.profile_identity);
            }
            D::UserDescription(t) => {
                t.write(d, 0, "userDescription")?;
            }
            D::Initialize(k) | D::MaxTableSize(k) => d[..2].copy_from_slice(&k.to_be_bytes()),
            D::Octet(v) => d[0] = *v,
            D::FaultLog(l) => {
                let c = u16::try_from(l.count).map_err(|_| Error::OutOfRange {
                    field: "numberOfFaultRecords",
                    value: l.count as u64,
                    max: u64::from(u16::MAX),
                })?;
                d[..2].copy_from_slice(&c.to_be_bytes());
                d[2..2 + l.bytes.len()].copy_from_slice(l.bytes);
            }
            D::DefaultDataSet(s) => {
                d[0] = u8::from(s.two_step_flag) | (u8::from(s.slave_only) << 1);
                d[2..4].copy_from_slice(&s.number_ports.to_be_bytes());
                d[4] = s.priority1;
                s.clock_quality.emit(&mut d[5..])?;
                d[9] = s.priority2;
                d[10..18].copy_from_slice(&s.clock_identity.0);
                d[18] = s.domain_number;
            }
            D::CurrentDataSet(s) => {
                d[..2].copy_from_slice(&s.steps_removed.to_be_bytes());
                d[2..10].copy_from_slice(&s.offset_from_master.0.to_be_bytes());
                d[10..18].copy_from_slice(&s.mean_path_delay.0.to_be_bytes());
            }
            D::ParentDataSet(s) => {
                s.parent_port_identity.emit(d)?;
                d[10] = u8::from(s.parent_stats);
                d[12..14]
                    .copy_from_slice(&s.observed_parent_offset_scaled_log_variance.to_be_bytes());
                d[14..18].copy_from_slice(&s.observed_parent_clock_phase_change_rate.to_be_bytes());
                d[18] = s.grandmaster_priority1;
                s.grandmaster_clock_quality.emit(&mut d[19..])?;
                d[23] = s.grandmaster_priority2;
                d[24..32].copy_from_slice(&s.grandmaster_identity.0);
            }
            D::TimePropertiesDataSet(s) => {
                d[..2].copy_from_slice(&s.current_utc_offset.to_be_bytes());
                d[2] = s.flags;
                d[3] = s.time_source.0;
            }
            D::PortDataSet(s) => {
                s.port_identity.emit(d)?;
                d[10] = s.port_state;
                d[11] = s.log_min_delay_req_interval as u8;
                d[12..20].copy_from_slice(&s.peer_mean_path_delay.0.to_be_bytes());
                d[20] = s.log_announce_interval as u8;
                d[21] = s.announce_receipt_timeout;
                d[22] = s.log_sync_interval as u8;
                d[23] = s.delay_mechanism;
                d[24] = s.log_min_pdelay_req_interval as u8;
                d[25] = s.version_number;
            }
            D::Time(t) => {
                t.emit(d)?;
            }
            D::UtcProperties {
                current_utc_offset,
                flags,
            } => {
                d[..2].copy_from_slice(&current_utc_offset.to_be_bytes());
                d[2] = *flags;
            }
            D::TimescaleProperties { flags, time_source } => {
                d[0] = *flags;
                d[1] = time_source.0;
            }
            D::PathTraceList(l) => d[..l.bytes.len()].copy_from_slice(l.bytes),
            D::GrandmasterClusterTable {
                log_query_interval,
                addresses,
            } => {
                d[0] = *log_query_interval as u8;
                d[1] = u8::try_from(addresses.count).map_err(|_| Error::OutOfRange {
                    field: "actualTableSize",
                    value: addresses.count as u64,
                    max: 255,
                })?;
                d[2..2 + addresses.bytes.len()].copy_from_slice(addresses.bytes);
            }
            D::UnicastMasterTable {
                log_query_interval,
                addresses,
            } => {
                d[0] = *log_query_interval as u8;
                let c = u16::try_from(addresses.count).map_err(|_| Error::OutOfRange {
                    field: "actualTableSize",
                    value: addresses.count as u64,
                    max: u64::from(u16::MAX),
                })?;
                d[1..3].copy_from_slice(&c.to_be_bytes());
                d[3..3 + addresses.bytes.len()].copy_from_slice(addresses.bytes);
            }
            D::AcceptableMasterTable(l) => {
                let c = u16::try_from(l.count).map_err(|_| Error::OutOfRange {
                    field: "actualTableSize",
                    value: l.count as u64,
                    max: u64::from(u16::MAX),
                })?;
                d[..2].copy_from_slice(&c.to_be_bytes());
                d[2..2 + l.bytes.len()].copy_from_slice(l.bytes);
            }
            D::AlternateMaster {
                flags,
                log_alternate_multicast_sync_interval,
                number_of_alternate_masters,
            } => {
                d[0] = *flags;
                d[1] = *log_alternate_multicast_sync_interval as u8;
                d[2] = *number_of_alternate_masters;
            }
            D::AlternateTimeOffsetName {
                key_field,
                display_name,
            } => {
                d[0] = *key_field;
                display_name.write(d, 1, "displayName")?;
            }
            D::AlternateTimeOffsetEnable { key_field, flags } => {
                d[0] = *key_field;
                d[1] = *flags;
            }
            D::AlternateTimeOffsetProperties(p) => {
                if p.time_of_next_jump >= 1 << 48 {
                    return Err(Error::OutOfRange {
                        field: "timeOfNextJump",
                        value: p.time_of_next_jump,
                        max: (1 << 48) - 1,
                    });
                }
                d[0] = p.key_field;
                d[1..5].copy_from_slice(&p.current_offset.to_be_bytes());
                d[5..9].copy_from_slice(&p.jump_seconds.to_be_bytes());
                d[9..15].copy_from_slice(&p.time_of_next_jump.to_be_bytes()[2..]);
            }
            D::TransparentClockDefaultDataSet {
                clock_identity,
                number_ports,
                delay_mechanism,
                primary_domain,
            } => {
                d[..8].copy_from_slice(&clock_identity.0);
                d[8..10].copy_from_slice(&number_ports.to_be_bytes());
                d[10] = *delay_mechanism;
                d[11] = *primary_domain;
            }
            D::TransparentClockPortDataSet(s) => {
                s.port_identity.emit(d)?;
                d[10] = u8::from(s.faulty_flag);
                d[11] = s.log_min_pdelay_req_interval as u8;
                d[12..20].copy_from_slice(&s.peer_mean_path_delay.0.to_be_bytes());
            }
            D::Raw(r) => d[..r.len()].copy_from_slice(r),
        }
        Ok(n)
    }
}

/// MANAGEMENT_ERROR_STATUS (§15.5.4): managementErrorId, managementId and an optional
/// displayData.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManagementErrorStatus<'a> {
    /// managementErrorId (Table 109): 1 RESPONSE_TOO_BIG, 2 NO_SUCH_ID, 3 WRONG_LENGTH,
    /// 4 WRONG_VALUE, 5 NOT_SETABLE, 6 NOT_SUPPORTED, 7 UNPOPULATED, 0xFFFE GENERAL_ERROR.
    pub management_error_id: u16,
    /// managementId of the request.
    pub management_id: ManagementId,
    /// displayData (empty when absent).
    pub display_data: PtpText<'a>,
}

impl<'a> ManagementErrorStatus<'a> {
    /// The name of a managementErrorId, or `None`.
    pub const fn error_name(id: u16) -> Option<&'static str> {
        Some(match id {
            0x0001 => "RESPONSE_TOO_BIG",
            0x0002 => "NO_SUCH_ID",
            0x0003 => "WRONG_LENGTH",
            0x0004 => "WRONG_VALUE",
            0x0005 => "NOT_SETABLE",
            0x0006 => "NOT_SUPPORTED",
            0x0007 => "UNPOPULATED",
            0xFFFE => "GENERAL_ERROR",
            _ => return None,
        })
    }

    /// Reads the TLV value.
    pub fn parse(v: &'a [u8]) -> Result<Self> {
        need("MANAGEMENT_ERROR_STATUS", v, 8)?;
        let display_data = if v.len() > 8 {
            PtpText::read(v, 8, "displayData")?.0
        } else {
            PtpText(&[])
        };
        Ok(ManagementErrorStatus {
            management_error_id: u16::from_be_bytes([v[0], v[1]]),
            management_id: ManagementId(u16::from_be_bytes([v[2], v[3]])),
            display_data,
        })
    }

    /// Length of the value on the wire (displayData padded to even; absent when empty).
    pub fn buffer_len(&self) -> usize {
        8 + if self.display_data.0.is_empty() {
            0
        } else {
            even(self.display_data.buffer_len())
        }
    }

    /// Writes the value.
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        let n = self.buffer_len();
        room(b, n)?;
        b[..n].fill(0);
        b[..2].copy_from_slice(&self.management_error_id.to_be_bytes());
        b[2..4].copy_from_slice(&self.management_id.0.to_be_bytes());
        if !self.display_data.0.is_empty() {
            self.display_data.write(b, 8, "displayData")?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec;
    use std::vec::Vec;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// MANAGEMENT TLV values (after type and length) of ptp4l's RESPONSEs to pmc, from
    /// captures/ptp/ptp4l-pmc-management.pcap.
    const RESPONSES: [&str; 11] = [
        "20000100000164f8feffff808e2a0ffffe604ed70000",
        "2001000000000000000000000000000000000000",
        "20028e2a0ffffe604ed700000000ffff7fffffff64f8feffff808e2a0ffffe604ed7",
        "2003002500a0",
        "20048e2a0ffffe604ed7000106fd0000000000000000fe03fd01fd02",
        "20056400",
        "20068000",
        "20070000",
        "000180000a49454545203830322e3300068e2a0f604ed7000100040a4d000100000000023b3b023b3b00001b19000100",
        "00020000",
        "c0000000000000000000000000000000000000000000000000000000000000000000000000000000000000008e2a0ffffe604ed7",
    ];

    #[test]
    fn ptp4l_responses_are_typed_and_reemit_byte_exact() {
        for h in RESPONSES {
            let v = unhex(h);
            let t = ManagementTlv::parse(&v).unwrap();
            assert!(
                !matches!(t.data, ManagementData::Raw(_)) || t.management_id.0 >= 0xC000,
                "{h} not typed"
            );
            let mut out = vec![0u8; t.buffer_len()];
            t.emit(&mut out).unwrap();
            assert_eq!(out, v, "{:?}", t.management_id.name());
        }
    }

    #[test]
    fn typed_values_match_ptp4l() {
        let v = unhex(RESPONSES[0]);
        let ManagementData::DefaultDataSet(d) = ManagementTlv::parse(&v).unwrap().data else {
            panic!()
        };
        assert!(d.two_step_flag);
        assert!(!d.slave_only);
        assert_eq!(d.number_ports, 1);
        assert_eq!(d.priority1, 100);
        assert_eq!(d.clock_quality.clock_class, 248);
        assert_eq!(d.priority2, 128);
        let v = unhex(RESPONSES[4]);
        let ManagementData::PortDataSet(p) = ManagementTlv::parse(&v).unwrap().data else {
            panic!()
        };
        assert_eq!(p.port_state, 6);
        assert_eq!(p.log_sync_interval, -3);
        assert_eq!(p.delay_mechanism, 1);
        assert_eq!(p.version_number, 2);
        let v = unhex(RESPONSES[8]);
        let ManagementData::ClockDescription(c) = ManagementTlv::parse(&v).unwrap().data else {
            panic!()
        };
        assert_eq!(c.clock_type, 0x8000);
        assert_eq!(c.physical_layer_protocol.as_str(), Some("IEEE 802.3"));
        assert_eq!(c.protocol_address.network_protocol, 1);
        assert_eq!(c.protocol_address.address, &[10, 77, 0, 1]);
        assert_eq!(c.product_description.as_str(), Some(";;"));
        assert_eq!(c.profile_identity, [0x00, 0x1b, 0x19, 0x00, 0x01, 0x00]);
    }

    #[test]
    fn truncated_data_is_an_error_with_offset() {
        let v = unhex(RESPONSES[8]);
        for n in 3..v.len() - 1 {
            let r = ManagementTlv::parse(&v[..n]);
            // Either an error, or (when the cut lands on a boundary that still fits
            // the layout) never a panic.
            if let Err(e) = r {
                assert!(e.offset().unwrap_or(0) <= n);
            }
        }
        assert!(ManagementTlv::parse(&[0x20]).is_err());
    }

    #[test]
    fn error_status_round_trip() {
        let e = ManagementErrorStatus {
            management_error_id: 2,
            management_id: ManagementId::TIME,
            display_data: PtpText(b"nope"),
        };
        let mut b = [0u8; 14];
        assert_eq!(e.emit(&mut b).unwrap(), 14);
        assert_eq!(ManagementErrorStatus::parse(&b).unwrap(), e);
        assert_eq!(ManagementErrorStatus::error_name(2), Some("NO_SUCH_ID"));
    }
}
