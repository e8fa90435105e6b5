//! PTP (IEEE 1588-2019) for C: parsing any message into plain data, iterating its TLVs
//! without allocating, typed views of the common TLVs, message builders, and framing
//! with in-place one-step updates.
//!
//! Everything is done by [`mediafabric_ptp::wire`]; this module only converts. Offsets
//! handed back to C (suffix, TLV values, data fields) are byte offsets from the start of
//! the caller's buffer, computed from the slices the crate borrows from it.

use core::ffi::{CStr, c_char};
use core::net::IpAddr;
use core::ptr;

use mediafabric_ptp::Error;
use mediafabric_ptp::wire::builder::{Built, MessageBuilder};
use mediafabric_ptp::wire::management::{
    CurrentDataSet, DefaultDataSet, ManagementData, ManagementErrorStatus, ManagementId,
    ManagementTlv, ParentDataSet, PortDataSet, TimePropertiesDataSet,
};
use mediafabric_ptp::wire::org::{KnownOrgExtension, OrgExtension, SMPTE_OUI, SmpteSyncMetadata};
use mediafabric_ptp::wire::tlv::{TLV_HEADER_LEN, Tlv, TlvIter};
use mediafabric_ptp::wire::tlvs::{TlvBody, TypedTlv};
use mediafabric_ptp::wire::transport::{self, Located, Transport};
use mediafabric_ptp::wire::{
    Body, ClockAccuracy, ClockIdentity, ClockQuality, FlagField, HEADER_LEN, Header, Message,
    MessageType, PortIdentity, TimeInterval, TimeSource, Timestamp, TlvType,
};

use crate::{
    Failure, MF_IP_FAMILY_V4, MF_IP_FAMILY_V6, MF_LAYER_ETHERNET, MF_LAYER_IPV4, MF_LAYER_IPV6,
    MF_LAYER_NONE, MF_LAYER_PTP, MF_LAYER_UDP, MF_STATUS_BUFFER_TOO_SMALL, MF_STATUS_END,
    MF_STATUS_INVALID_FIELD, MF_STATUS_OUT_OF_RANGE, MF_STATUS_TRUNCATED, guard, guard_value,
    in_slice, mf_error, mf_ip_addr, mf_status, no_overlap, non_null, non_null_mut, out_slice,
};

// ---------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------

/// Length of the common message header (IEEE 1588-2019 §13.3.1, Table 35).
pub const MF_PTP_HEADER_LEN: usize = 34;
/// UDP port of event messages (IEEE 1588-2019 Annex C.2 and D.2).
pub const MF_PTP_EVENT_PORT: u16 = 319;
/// UDP port of general messages (IEEE 1588-2019 Annex C.2 and D.2).
pub const MF_PTP_GENERAL_PORT: u16 = 320;
/// Ethertype of the IEEE 802.3 transport (IEEE 1588-2019 Annex E.2).
pub const MF_PTP_ETHERTYPE: u16 = 0x88F7;
/// The largest secondsField of a timestamp, 2^48 - 1 (IEEE 1588-2019 §5.3.3).
pub const MF_PTP_SECONDS_MAX: u64 = 0xFFFF_FFFF_FFFF;
/// logMessageInterval of messages that carry none (IEEE 1588-2019 §13.3.2.14).
pub const MF_PTP_NO_INTERVAL: i8 = 0x7F;

/// messageType (4 bits, IEEE 1588-2019 §13.3.2.2, Table 36). Any value 0..=15 can be
/// read; the constants name the ten the standard defines, the others are reserved.
pub type mf_ptp_message_type = u8;

/// Sync (event).
pub const MF_PTP_MESSAGE_TYPE_SYNC: mf_ptp_message_type = 0x0;
/// Delay_Req (event).
pub const MF_PTP_MESSAGE_TYPE_DELAY_REQ: mf_ptp_message_type = 0x1;
/// Pdelay_Req (event).
pub const MF_PTP_MESSAGE_TYPE_PDELAY_REQ: mf_ptp_message_type = 0x2;
/// Pdelay_Resp (event).
pub const MF_PTP_MESSAGE_TYPE_PDELAY_RESP: mf_ptp_message_type = 0x3;
/// Follow_Up (general).
pub const MF_PTP_MESSAGE_TYPE_FOLLOW_UP: mf_ptp_message_type = 0x8;
/// Delay_Resp (general).
pub const MF_PTP_MESSAGE_TYPE_DELAY_RESP: mf_ptp_message_type = 0x9;
/// Pdelay_Resp_Follow_Up (general).
pub const MF_PTP_MESSAGE_TYPE_PDELAY_RESP_FOLLOW_UP: mf_ptp_message_type = 0xA;
/// Announce (general).
pub const MF_PTP_MESSAGE_TYPE_ANNOUNCE: mf_ptp_message_type = 0xB;
/// Signaling (general).
pub const MF_PTP_MESSAGE_TYPE_SIGNALING: mf_ptp_message_type = 0xC;
/// Management (general).
pub const MF_PTP_MESSAGE_TYPE_MANAGEMENT: mf_ptp_message_type = 0xD;

/// flagField bit alternateMasterFlag (IEEE 1588-2019 §13.3.2.8, Table 37, octet 0 bit 0).
pub const MF_PTP_FLAG_ALTERNATE_MASTER: u16 = 0x0100;
/// flagField bit twoStepFlag (octet 0 bit 1): a Follow_Up or Pdelay_Resp_Follow_Up
/// carries the precise time.
pub const MF_PTP_FLAG_TWO_STEP: u16 = 0x0200;
/// flagField bit unicastFlag (octet 0 bit 2).
pub const MF_PTP_FLAG_UNICAST: u16 = 0x0400;
/// flagField bit PTP profile Specific 1 (octet 0 bit 5).
pub const MF_PTP_FLAG_PROFILE_SPECIFIC_1: u16 = 0x2000;
/// flagField bit PTP profile Specific 2 (octet 0 bit 6).
pub const MF_PTP_FLAG_PROFILE_SPECIFIC_2: u16 = 0x4000;
/// flagField bit leap61 (octet 1 bit 0; Announce).
pub const MF_PTP_FLAG_LEAP_61: u16 = 0x0001;
/// flagField bit leap59 (octet 1 bit 1; Announce).
pub const MF_PTP_FLAG_LEAP_59: u16 = 0x0002;
/// flagField bit currentUtcOffsetValid (octet 1 bit 2; Announce).
pub const MF_PTP_FLAG_CURRENT_UTC_OFFSET_VALID: u16 = 0x0004;
/// flagField bit ptpTimescale (octet 1 bit 3; Announce).
pub const MF_PTP_FLAG_PTP_TIMESCALE: u16 = 0x0008;
/// flagField bit timeTraceable (octet 1 bit 4; Announce).
pub const MF_PTP_FLAG_TIME_TRACEABLE: u16 = 0x0010;
/// flagField bit frequencyTraceable (octet 1 bit 5; Announce).
pub const MF_PTP_FLAG_FREQUENCY_TRACEABLE: u16 = 0x0020;
/// flagField bit synchronizationUncertain (octet 1 bit 6).
pub const MF_PTP_FLAG_SYNCHRONIZATION_UNCERTAIN: u16 = 0x0040;

/// actionField GET (IEEE 1588-2019 §15.4.1.6, Table 57).
pub const MF_PTP_ACTION_GET: u8 = 0;
/// actionField SET.
pub const MF_PTP_ACTION_SET: u8 = 1;
/// actionField RESPONSE.
pub const MF_PTP_ACTION_RESPONSE: u8 = 2;
/// actionField COMMAND.
pub const MF_PTP_ACTION_COMMAND: u8 = 3;
/// actionField ACKNOWLEDGE.
pub const MF_PTP_ACTION_ACKNOWLEDGE: u8 = 4;

// tlvType values (IEEE 1588-2019 §14.1.1, Table 52). Checked against the crate by a
// unit test.

/// tlvType MANAGEMENT (0x0001).
pub const MF_PTP_TLV_TYPE_MANAGEMENT: u16 = 0x0001;
/// tlvType MANAGEMENT_ERROR_STATUS (0x0002).
pub const MF_PTP_TLV_TYPE_MANAGEMENT_ERROR_STATUS: u16 = 0x0002;
/// tlvType ORGANIZATION_EXTENSION (0x0003).
pub const MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION: u16 = 0x0003;
/// tlvType REQUEST_UNICAST_TRANSMISSION (0x0004).
pub const MF_PTP_TLV_TYPE_REQUEST_UNICAST_TRANSMISSION: u16 = 0x0004;
/// tlvType GRANT_UNICAST_TRANSMISSION (0x0005).
pub const MF_PTP_TLV_TYPE_GRANT_UNICAST_TRANSMISSION: u16 = 0x0005;
/// tlvType CANCEL_UNICAST_TRANSMISSION (0x0006).
pub const MF_PTP_TLV_TYPE_CANCEL_UNICAST_TRANSMISSION: u16 = 0x0006;
/// tlvType ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION (0x0007).
pub const MF_PTP_TLV_TYPE_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION: u16 = 0x0007;
/// tlvType PATH_TRACE (0x0008).
pub const MF_PTP_TLV_TYPE_PATH_TRACE: u16 = 0x0008;
/// tlvType ALTERNATE_TIME_OFFSET_INDICATOR (0x0009).
pub const MF_PTP_TLV_TYPE_ALTERNATE_TIME_OFFSET_INDICATOR: u16 = 0x0009;
/// tlvType ORGANIZATION_EXTENSION_PROPAGATE (0x4000).
pub const MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION_PROPAGATE: u16 = 0x4000;
/// tlvType ENHANCED_ACCURACY_METRICS (0x4001).
pub const MF_PTP_TLV_TYPE_ENHANCED_ACCURACY_METRICS: u16 = 0x4001;
/// tlvType ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE (0x8000).
pub const MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE: u16 = 0x8000;
/// tlvType L1_SYNC (0x8001).
pub const MF_PTP_TLV_TYPE_L1_SYNC: u16 = 0x8001;
/// tlvType PORT_COMMUNICATION_AVAILABILITY (0x8002).
pub const MF_PTP_TLV_TYPE_PORT_COMMUNICATION_AVAILABILITY: u16 = 0x8002;
/// tlvType PROTOCOL_ADDRESS (0x8003).
pub const MF_PTP_TLV_TYPE_PROTOCOL_ADDRESS: u16 = 0x8003;
/// tlvType SLAVE_RX_SYNC_TIMING_DATA (0x8004).
pub const MF_PTP_TLV_TYPE_SLAVE_RX_SYNC_TIMING_DATA: u16 = 0x8004;
/// tlvType SLAVE_RX_SYNC_COMPUTED_DATA (0x8005).
pub const MF_PTP_TLV_TYPE_SLAVE_RX_SYNC_COMPUTED_DATA: u16 = 0x8005;
/// tlvType SLAVE_TX_EVENT_TIMESTAMPS (0x8006).
pub const MF_PTP_TLV_TYPE_SLAVE_TX_EVENT_TIMESTAMPS: u16 = 0x8006;
/// tlvType CUMULATIVE_RATE_RATIO (0x8007).
pub const MF_PTP_TLV_TYPE_CUMULATIVE_RATE_RATIO: u16 = 0x8007;
/// tlvType PAD (0x8008).
pub const MF_PTP_TLV_TYPE_PAD: u16 = 0x8008;
/// tlvType AUTHENTICATION (0x8009).
pub const MF_PTP_TLV_TYPE_AUTHENTICATION: u16 = 0x8009;

/// Every tlvType constant with the name it stands for, for the unit test.
#[cfg(test)]
const TLV_TYPE_CONSTANTS: [(u16, &str); 21] = [
    (MF_PTP_TLV_TYPE_MANAGEMENT, "MANAGEMENT"),
    (
        MF_PTP_TLV_TYPE_MANAGEMENT_ERROR_STATUS,
        "MANAGEMENT_ERROR_STATUS",
    ),
    (
        MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION,
        "ORGANIZATION_EXTENSION",
    ),
    (
        MF_PTP_TLV_TYPE_REQUEST_UNICAST_TRANSMISSION,
        "REQUEST_UNICAST_TRANSMISSION",
    ),
    (
        MF_PTP_TLV_TYPE_GRANT_UNICAST_TRANSMISSION,
        "GRANT_UNICAST_TRANSMISSION",
    ),
    (
        MF_PTP_TLV_TYPE_CANCEL_UNICAST_TRANSMISSION,
        "CANCEL_UNICAST_TRANSMISSION",
    ),
    (
        MF_PTP_TLV_TYPE_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION,
        "ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION",
    ),
    (MF_PTP_TLV_TYPE_PATH_TRACE, "PATH_TRACE"),
    (
        MF_PTP_TLV_TYPE_ALTERNATE_TIME_OFFSET_INDICATOR,
        "ALTERNATE_TIME_OFFSET_INDICATOR",
    ),
    (
        MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION_PROPAGATE,
        "ORGANIZATION_EXTENSION_PROPAGATE",
    ),
    (
        MF_PTP_TLV_TYPE_ENHANCED_ACCURACY_METRICS,
        "ENHANCED_ACCURACY_METRICS",
    ),
    (
        MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE,
        "ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE",
    ),
    (MF_PTP_TLV_TYPE_L1_SYNC, "L1_SYNC"),
    (
        MF_PTP_TLV_TYPE_PORT_COMMUNICATION_AVAILABILITY,
        "PORT_COMMUNICATION_AVAILABILITY",
    ),
    (MF_PTP_TLV_TYPE_PROTOCOL_ADDRESS, "PROTOCOL_ADDRESS"),
    (
        MF_PTP_TLV_TYPE_SLAVE_RX_SYNC_TIMING_DATA,
        "SLAVE_RX_SYNC_TIMING_DATA",
    ),
    (
        MF_PTP_TLV_TYPE_SLAVE_RX_SYNC_COMPUTED_DATA,
        "SLAVE_RX_SYNC_COMPUTED_DATA",
    ),
    (
        MF_PTP_TLV_TYPE_SLAVE_TX_EVENT_TIMESTAMPS,
        "SLAVE_TX_EVENT_TIMESTAMPS",
    ),
    (
        MF_PTP_TLV_TYPE_CUMULATIVE_RATE_RATIO,
        "CUMULATIVE_RATE_RATIO",
    ),
    (MF_PTP_TLV_TYPE_PAD, "PAD"),
    (MF_PTP_TLV_TYPE_AUTHENTICATION, "AUTHENTICATION"),
];

// managementId values (IEEE 1588-2019 §15.5.2.3, Table 59; the `_NP` ones are
// linuxptp's implementation-specific IDs). Checked against the crate by a unit test.

/// managementId NULL_PTP_MANAGEMENT (0x0000).
pub const MF_PTP_MANAGEMENT_ID_NULL_PTP_MANAGEMENT: u16 = 0x0000;
/// managementId CLOCK_DESCRIPTION (0x0001).
pub const MF_PTP_MANAGEMENT_ID_CLOCK_DESCRIPTION: u16 = 0x0001;
/// managementId USER_DESCRIPTION (0x0002).
pub const MF_PTP_MANAGEMENT_ID_USER_DESCRIPTION: u16 = 0x0002;
/// managementId SAVE_IN_NON_VOLATILE_STORAGE (0x0003).
pub const MF_PTP_MANAGEMENT_ID_SAVE_IN_NON_VOLATILE_STORAGE: u16 = 0x0003;
/// managementId RESET_NON_VOLATILE_STORAGE (0x0004).
pub const MF_PTP_MANAGEMENT_ID_RESET_NON_VOLATILE_STORAGE: u16 = 0x0004;
/// managementId INITIALIZE (0x0005).
pub const MF_PTP_MANAGEMENT_ID_INITIALIZE: u16 = 0x0005;
/// managementId FAULT_LOG (0x0006).
pub const MF_PTP_MANAGEMENT_ID_FAULT_LOG: u16 = 0x0006;
/// managementId FAULT_LOG_RESET (0x0007).
pub const MF_PTP_MANAGEMENT_ID_FAULT_LOG_RESET: u16 = 0x0007;
/// managementId DEFAULT_DATA_SET (0x2000).
pub const MF_PTP_MANAGEMENT_ID_DEFAULT_DATA_SET: u16 = 0x2000;
/// managementId CURRENT_DATA_SET (0x2001).
pub const MF_PTP_MANAGEMENT_ID_CURRENT_DATA_SET: u16 = 0x2001;
/// managementId PARENT_DATA_SET (0x2002).
pub const MF_PTP_MANAGEMENT_ID_PARENT_DATA_SET: u16 = 0x2002;
/// managementId TIME_PROPERTIES_DATA_SET (0x2003).
pub const MF_PTP_MANAGEMENT_ID_TIME_PROPERTIES_DATA_SET: u16 = 0x2003;
/// managementId PORT_DATA_SET (0x2004).
pub const MF_PTP_MANAGEMENT_ID_PORT_DATA_SET: u16 = 0x2004;
/// managementId PRIORITY1 (0x2005).
pub const MF_PTP_MANAGEMENT_ID_PRIORITY1: u16 = 0x2005;
/// managementId PRIORITY2 (0x2006).
pub const MF_PTP_MANAGEMENT_ID_PRIORITY2: u16 = 0x2006;
/// managementId DOMAIN (0x2007).
pub const MF_PTP_MANAGEMENT_ID_DOMAIN: u16 = 0x2007;
/// managementId SLAVE_ONLY (0x2008).
pub const MF_PTP_MANAGEMENT_ID_SLAVE_ONLY: u16 = 0x2008;
/// managementId LOG_ANNOUNCE_INTERVAL (0x2009).
pub const MF_PTP_MANAGEMENT_ID_LOG_ANNOUNCE_INTERVAL: u16 = 0x2009;
/// managementId ANNOUNCE_RECEIPT_TIMEOUT (0x200A).
pub const MF_PTP_MANAGEMENT_ID_ANNOUNCE_RECEIPT_TIMEOUT: u16 = 0x200A;
/// managementId LOG_SYNC_INTERVAL (0x200B).
pub const MF_PTP_MANAGEMENT_ID_LOG_SYNC_INTERVAL: u16 = 0x200B;
/// managementId VERSION_NUMBER (0x200C).
pub const MF_PTP_MANAGEMENT_ID_VERSION_NUMBER: u16 = 0x200C;
/// managementId ENABLE_PORT (0x200D).
pub const MF_PTP_MANAGEMENT_ID_ENABLE_PORT: u16 = 0x200D;
/// managementId DISABLE_PORT (0x200E).
pub const MF_PTP_MANAGEMENT_ID_DISABLE_PORT: u16 = 0x200E;
/// managementId TIME (0x200F).
pub const MF_PTP_MANAGEMENT_ID_TIME: u16 = 0x200F;
/// managementId CLOCK_ACCURACY (0x2010).
pub const MF_PTP_MANAGEMENT_ID_CLOCK_ACCURACY: u16 = 0x2010;
/// managementId UTC_PROPERTIES (0x2011).
pub const MF_PTP_MANAGEMENT_ID_UTC_PROPERTIES: u16 = 0x2011;
/// managementId TRACEABILITY_PROPERTIES (0x2012).
pub const MF_PTP_MANAGEMENT_ID_TRACEABILITY_PROPERTIES: u16 = 0x2012;
/// managementId TIMESCALE_PROPERTIES (0x2013).
pub const MF_PTP_MANAGEMENT_ID_TIMESCALE_PROPERTIES: u16 = 0x2013;
/// managementId UNICAST_NEGOTIATION_ENABLE (0x2014).
pub const MF_PTP_MANAGEMENT_ID_UNICAST_NEGOTIATION_ENABLE: u16 = 0x2014;
/// managementId PATH_TRACE_LIST (0x2015).
pub const MF_PTP_MANAGEMENT_ID_PATH_TRACE_LIST: u16 = 0x2015;
/// managementId PATH_TRACE_ENABLE (0x2016).
pub const MF_PTP_MANAGEMENT_ID_PATH_TRACE_ENABLE: u16 = 0x2016;
/// managementId GRANDMASTER_CLUSTER_TABLE (0x2017).
pub const MF_PTP_MANAGEMENT_ID_GRANDMASTER_CLUSTER_TABLE: u16 = 0x2017;
/// managementId UNICAST_MASTER_TABLE (0x2018).
pub const MF_PTP_MANAGEMENT_ID_UNICAST_MASTER_TABLE: u16 = 0x2018;
/// managementId UNICAST_MASTER_MAX_TABLE_SIZE (0x2019).
pub const MF_PTP_MANAGEMENT_ID_UNICAST_MASTER_MAX_TABLE_SIZE: u16 = 0x2019;
/// managementId ACCEPTABLE_MASTER_TABLE (0x201A).
pub const MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_TABLE: u16 = 0x201A;
/// managementId ACCEPTABLE_MASTER_TABLE_ENABLED (0x201B).
pub const MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_TABLE_ENABLED: u16 = 0x201B;
/// managementId ACCEPTABLE_MASTER_MAX_TABLE_SIZE (0x201C).
pub const MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_MAX_TABLE_SIZE: u16 = 0x201C;
/// managementId ALTERNATE_MASTER (0x201D).
pub const MF_PTP_MANAGEMENT_ID_ALTERNATE_MASTER: u16 = 0x201D;
/// managementId ALTERNATE_TIME_OFFSET_ENABLE (0x201E).
pub const MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_ENABLE: u16 = 0x201E;
/// managementId ALTERNATE_TIME_OFFSET_NAME (0x201F).
pub const MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_NAME: u16 = 0x201F;
/// managementId ALTERNATE_TIME_OFFSET_MAX_KEY (0x2020).
pub const MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_MAX_KEY: u16 = 0x2020;
/// managementId ALTERNATE_TIME_OFFSET_PROPERTIES (0x2021).
pub const MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_PROPERTIES: u16 = 0x2021;
/// managementId EXTERNAL_PORT_CONFIGURATION_ENABLED (0x3000).
pub const MF_PTP_MANAGEMENT_ID_EXTERNAL_PORT_CONFIGURATION_ENABLED: u16 = 0x3000;
/// managementId MASTER_ONLY (0x3001).
pub const MF_PTP_MANAGEMENT_ID_MASTER_ONLY: u16 = 0x3001;
/// managementId HOLDOVER_UPGRADE_ENABLE (0x3002).
pub const MF_PTP_MANAGEMENT_ID_HOLDOVER_UPGRADE_ENABLE: u16 = 0x3002;
/// managementId EXT_PORT_CONFIG_PORT_DATA_SET (0x3003).
pub const MF_PTP_MANAGEMENT_ID_EXT_PORT_CONFIG_PORT_DATA_SET: u16 = 0x3003;
/// managementId TRANSPARENT_CLOCK_DEFAULT_DATA_SET (0x4000).
pub const MF_PTP_MANAGEMENT_ID_TRANSPARENT_CLOCK_DEFAULT_DATA_SET: u16 = 0x4000;
/// managementId TRANSPARENT_CLOCK_PORT_DATA_SET (0x4001).
pub const MF_PTP_MANAGEMENT_ID_TRANSPARENT_CLOCK_PORT_DATA_SET: u16 = 0x4001;
/// managementId PRIMARY_DOMAIN (0x4002).
pub const MF_PTP_MANAGEMENT_ID_PRIMARY_DOMAIN: u16 = 0x4002;
/// managementId DELAY_MECHANISM (0x6000).
pub const MF_PTP_MANAGEMENT_ID_DELAY_MECHANISM: u16 = 0x6000;
/// managementId LOG_MIN_PDELAY_REQ_INTERVAL (0x6001).
pub const MF_PTP_MANAGEMENT_ID_LOG_MIN_PDELAY_REQ_INTERVAL: u16 = 0x6001;
/// linuxptp implementation-specific managementId TIME_STATUS_NP (0xC000).
pub const MF_PTP_MANAGEMENT_ID_TIME_STATUS_NP: u16 = 0xC000;
/// linuxptp implementation-specific managementId GRANDMASTER_SETTINGS_NP (0xC001).
pub const MF_PTP_MANAGEMENT_ID_GRANDMASTER_SETTINGS_NP: u16 = 0xC001;
/// linuxptp implementation-specific managementId PORT_DATA_SET_NP (0xC002).
pub const MF_PTP_MANAGEMENT_ID_PORT_DATA_SET_NP: u16 = 0xC002;
/// linuxptp implementation-specific managementId SUBSCRIBE_EVENTS_NP (0xC003).
pub const MF_PTP_MANAGEMENT_ID_SUBSCRIBE_EVENTS_NP: u16 = 0xC003;
/// linuxptp implementation-specific managementId PORT_PROPERTIES_NP (0xC004).
pub const MF_PTP_MANAGEMENT_ID_PORT_PROPERTIES_NP: u16 = 0xC004;
/// linuxptp implementation-specific managementId PORT_STATS_NP (0xC005).
pub const MF_PTP_MANAGEMENT_ID_PORT_STATS_NP: u16 = 0xC005;

/// Every managementId constant with the name it stands for, for the unit test.
#[cfg(test)]
const MANAGEMENT_ID_CONSTANTS: [(u16, &str); 57] = [
    (
        MF_PTP_MANAGEMENT_ID_NULL_PTP_MANAGEMENT,
        "NULL_PTP_MANAGEMENT",
    ),
    (MF_PTP_MANAGEMENT_ID_CLOCK_DESCRIPTION, "CLOCK_DESCRIPTION"),
    (MF_PTP_MANAGEMENT_ID_USER_DESCRIPTION, "USER_DESCRIPTION"),
    (
        MF_PTP_MANAGEMENT_ID_SAVE_IN_NON_VOLATILE_STORAGE,
        "SAVE_IN_NON_VOLATILE_STORAGE",
    ),
    (
        MF_PTP_MANAGEMENT_ID_RESET_NON_VOLATILE_STORAGE,
        "RESET_NON_VOLATILE_STORAGE",
    ),
    (MF_PTP_MANAGEMENT_ID_INITIALIZE, "INITIALIZE"),
    (MF_PTP_MANAGEMENT_ID_FAULT_LOG, "FAULT_LOG"),
    (MF_PTP_MANAGEMENT_ID_FAULT_LOG_RESET, "FAULT_LOG_RESET"),
    (MF_PTP_MANAGEMENT_ID_DEFAULT_DATA_SET, "DEFAULT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_CURRENT_DATA_SET, "CURRENT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_PARENT_DATA_SET, "PARENT_DATA_SET"),
    (
        MF_PTP_MANAGEMENT_ID_TIME_PROPERTIES_DATA_SET,
        "TIME_PROPERTIES_DATA_SET",
    ),
    (MF_PTP_MANAGEMENT_ID_PORT_DATA_SET, "PORT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_PRIORITY1, "PRIORITY1"),
    (MF_PTP_MANAGEMENT_ID_PRIORITY2, "PRIORITY2"),
    (MF_PTP_MANAGEMENT_ID_DOMAIN, "DOMAIN"),
    (MF_PTP_MANAGEMENT_ID_SLAVE_ONLY, "SLAVE_ONLY"),
    (
        MF_PTP_MANAGEMENT_ID_LOG_ANNOUNCE_INTERVAL,
        "LOG_ANNOUNCE_INTERVAL",
    ),
    (
        MF_PTP_MANAGEMENT_ID_ANNOUNCE_RECEIPT_TIMEOUT,
        "ANNOUNCE_RECEIPT_TIMEOUT",
    ),
    (MF_PTP_MANAGEMENT_ID_LOG_SYNC_INTERVAL, "LOG_SYNC_INTERVAL"),
    (MF_PTP_MANAGEMENT_ID_VERSION_NUMBER, "VERSION_NUMBER"),
    (MF_PTP_MANAGEMENT_ID_ENABLE_PORT, "ENABLE_PORT"),
    (MF_PTP_MANAGEMENT_ID_DISABLE_PORT, "DISABLE_PORT"),
    (MF_PTP_MANAGEMENT_ID_TIME, "TIME"),
    (MF_PTP_MANAGEMENT_ID_CLOCK_ACCURACY, "CLOCK_ACCURACY"),
    (MF_PTP_MANAGEMENT_ID_UTC_PROPERTIES, "UTC_PROPERTIES"),
    (
        MF_PTP_MANAGEMENT_ID_TRACEABILITY_PROPERTIES,
        "TRACEABILITY_PROPERTIES",
    ),
    (
        MF_PTP_MANAGEMENT_ID_TIMESCALE_PROPERTIES,
        "TIMESCALE_PROPERTIES",
    ),
    (
        MF_PTP_MANAGEMENT_ID_UNICAST_NEGOTIATION_ENABLE,
        "UNICAST_NEGOTIATION_ENABLE",
    ),
    (MF_PTP_MANAGEMENT_ID_PATH_TRACE_LIST, "PATH_TRACE_LIST"),
    (MF_PTP_MANAGEMENT_ID_PATH_TRACE_ENABLE, "PATH_TRACE_ENABLE"),
    (
        MF_PTP_MANAGEMENT_ID_GRANDMASTER_CLUSTER_TABLE,
        "GRANDMASTER_CLUSTER_TABLE",
    ),
    (
        MF_PTP_MANAGEMENT_ID_UNICAST_MASTER_TABLE,
        "UNICAST_MASTER_TABLE",
    ),
    (
        MF_PTP_MANAGEMENT_ID_UNICAST_MASTER_MAX_TABLE_SIZE,
        "UNICAST_MASTER_MAX_TABLE_SIZE",
    ),
    (
        MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_TABLE,
        "ACCEPTABLE_MASTER_TABLE",
    ),
    (
        MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_TABLE_ENABLED,
        "ACCEPTABLE_MASTER_TABLE_ENABLED",
    ),
    (
        MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_MAX_TABLE_SIZE,
        "ACCEPTABLE_MASTER_MAX_TABLE_SIZE",
    ),
    (MF_PTP_MANAGEMENT_ID_ALTERNATE_MASTER, "ALTERNATE_MASTER"),
    (
        MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_ENABLE,
        "ALTERNATE_TIME_OFFSET_ENABLE",
    ),
    (
        MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_NAME,
        "ALTERNATE_TIME_OFFSET_NAME",
    ),
    (
        MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_MAX_KEY,
        "ALTERNATE_TIME_OFFSET_MAX_KEY",
    ),
    (
        MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_PROPERTIES,
        "ALTERNATE_TIME_OFFSET_PROPERTIES",
    ),
    (
        MF_PTP_MANAGEMENT_ID_EXTERNAL_PORT_CONFIGURATION_ENABLED,
        "EXTERNAL_PORT_CONFIGURATION_ENABLED",
    ),
    (MF_PTP_MANAGEMENT_ID_MASTER_ONLY, "MASTER_ONLY"),
    (
        MF_PTP_MANAGEMENT_ID_HOLDOVER_UPGRADE_ENABLE,
        "HOLDOVER_UPGRADE_ENABLE",
    ),
    (
        MF_PTP_MANAGEMENT_ID_EXT_PORT_CONFIG_PORT_DATA_SET,
        "EXT_PORT_CONFIG_PORT_DATA_SET",
    ),
    (
        MF_PTP_MANAGEMENT_ID_TRANSPARENT_CLOCK_DEFAULT_DATA_SET,
        "TRANSPARENT_CLOCK_DEFAULT_DATA_SET",
    ),
    (
        MF_PTP_MANAGEMENT_ID_TRANSPARENT_CLOCK_PORT_DATA_SET,
        "TRANSPARENT_CLOCK_PORT_DATA_SET",
    ),
    (MF_PTP_MANAGEMENT_ID_PRIMARY_DOMAIN, "PRIMARY_DOMAIN"),
    (MF_PTP_MANAGEMENT_ID_DELAY_MECHANISM, "DELAY_MECHANISM"),
    (
        MF_PTP_MANAGEMENT_ID_LOG_MIN_PDELAY_REQ_INTERVAL,
        "LOG_MIN_PDELAY_REQ_INTERVAL",
    ),
    (MF_PTP_MANAGEMENT_ID_TIME_STATUS_NP, "TIME_STATUS_NP"),
    (
        MF_PTP_MANAGEMENT_ID_GRANDMASTER_SETTINGS_NP,
        "GRANDMASTER_SETTINGS_NP",
    ),
    (MF_PTP_MANAGEMENT_ID_PORT_DATA_SET_NP, "PORT_DATA_SET_NP"),
    (
        MF_PTP_MANAGEMENT_ID_SUBSCRIBE_EVENTS_NP,
        "SUBSCRIBE_EVENTS_NP",
    ),
    (
        MF_PTP_MANAGEMENT_ID_PORT_PROPERTIES_NP,
        "PORT_PROPERTIES_NP",
    ),
    (MF_PTP_MANAGEMENT_ID_PORT_STATS_NP, "PORT_STATS_NP"),
];

// ---------------------------------------------------------------------------------
// Plain-data structs: header and body
// ---------------------------------------------------------------------------------

/// A PTP timestamp (IEEE 1588-2019 §5.3.3): 48-bit seconds and nanoseconds below 10^9.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_timestamp {
    /// secondsField, at most `MF_PTP_SECONDS_MAX`.
    pub seconds: u64,
    /// nanosecondsField, below 1000000000.
    pub nanoseconds: u32,
}

/// A PortIdentity (IEEE 1588-2019 §5.3.5).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_port_identity {
    /// clockIdentity (§5.3.4), eight octets in wire order.
    pub clock_identity: [u8; 8],
    /// portNumber (0xFFFF: all ports).
    pub port_number: u16,
}

/// A ClockQuality (IEEE 1588-2019 §5.3.7).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_clock_quality {
    /// clockClass (§7.6.2.5).
    pub clock_class: u8,
    /// clockAccuracy (§7.6.2.6, Table 5): 0x20 within 25 ns, ..., 0xFE unknown.
    pub clock_accuracy: u8,
    /// offsetScaledLogVariance (§7.6.3.5).
    pub offset_scaled_log_variance: u16,
}

/// The common message header (IEEE 1588-2019 §13.3, Table 35).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_header {
    /// majorSdoId (4 bits, §13.3.2.1).
    pub major_sdo_id: u8,
    /// messageType (4 bits, `MF_PTP_MESSAGE_TYPE_*`; other values are reserved).
    pub message_type: mf_ptp_message_type,
    /// minorVersionPTP (4 bits): 1 for IEEE 1588-2019, 0 for 1588-2008 senders.
    pub minor_version_ptp: u8,
    /// versionPTP (4 bits), always 2 after a successful parse.
    pub version_ptp: u8,
    /// messageLength: header, body and TLVs, in bytes.
    pub message_length: u16,
    /// domainNumber.
    pub domain_number: u8,
    /// minorSdoId.
    pub minor_sdo_id: u8,
    /// flagField (§13.3.2.8): `MF_PTP_FLAG_*` bits; unnamed bits are kept as they came.
    pub flag_field: u16,
    /// correctionField (§13.3.2.9): nanoseconds multiplied by 2^16.
    pub correction_field: i64,
    /// messageTypeSpecific (§13.3.2.10).
    pub message_type_specific: u32,
    /// sourcePortIdentity.
    pub source_port_identity: mf_ptp_port_identity,
    /// sequenceId.
    pub sequence_id: u16,
    /// controlField (§13.3.2.13, obsolete: 0 Sync, 1 Delay_Req, 2 Follow_Up,
    /// 3 Delay_Resp, 4 Management, 5 all others).
    pub control_field: u8,
    /// logMessageInterval (§13.3.2.14); `MF_PTP_NO_INTERVAL` (0x7F) when it has none.
    pub log_message_interval: i8,
}

/// The body of a message (IEEE 1588-2019 §13.5 - §13.12, §15.4.1), every member of
/// every message type in one struct. A member is valid for the message types named
/// in its description and zero for the others (and for reserved message types, whose
/// bytes after the header are all suffix).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_body {
    /// originTimestamp: Sync, Delay_Req, Pdelay_Req, Announce.
    pub origin_timestamp: mf_ptp_timestamp,
    /// preciseOriginTimestamp: Follow_Up.
    pub precise_origin_timestamp: mf_ptp_timestamp,
    /// receiveTimestamp: Delay_Resp.
    pub receive_timestamp: mf_ptp_timestamp,
    /// requestReceiptTimestamp: Pdelay_Resp.
    pub request_receipt_timestamp: mf_ptp_timestamp,
    /// responseOriginTimestamp: Pdelay_Resp_Follow_Up.
    pub response_origin_timestamp: mf_ptp_timestamp,
    /// requestingPortIdentity: Delay_Resp, Pdelay_Resp, Pdelay_Resp_Follow_Up.
    pub requesting_port_identity: mf_ptp_port_identity,
    /// currentUtcOffset, seconds (TAI - UTC): Announce.
    pub current_utc_offset: i16,
    /// grandmasterPriority1: Announce.
    pub grandmaster_priority1: u8,
    /// grandmasterClockQuality: Announce.
    pub grandmaster_clock_quality: mf_ptp_clock_quality,
    /// grandmasterPriority2: Announce.
    pub grandmaster_priority2: u8,
    /// grandmasterIdentity: Announce.
    pub grandmaster_identity: [u8; 8],
    /// stepsRemoved: Announce.
    pub steps_removed: u16,
    /// timeSource (§7.6.2.8, Table 6: 0x20 GNSS, 0xA0 INTERNAL_OSCILLATOR, ...):
    /// Announce.
    pub time_source: u8,
    /// targetPortIdentity: Signaling, Management.
    pub target_port_identity: mf_ptp_port_identity,
    /// startingBoundaryHops: Management.
    pub starting_boundary_hops: u8,
    /// boundaryHops: Management.
    pub boundary_hops: u8,
    /// actionField (4 bits, `MF_PTP_ACTION_*`): Management.
    pub action_field: u8,
}

/// A parsed message: header, body and where its TLVs are.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_message {
    /// The common header.
    pub header: mf_ptp_header,
    /// The body fields of the header's message type.
    pub body: mf_ptp_body,
    /// Offset of the TLV suffix in the caller's buffer: the header and body length.
    pub suffix_offset: usize,
    /// Length of the suffix (messageLength minus header and body; 0 without TLVs).
    /// Bytes after messageLength in the buffer are not part of the message.
    pub suffix_len: usize,
}

// ---------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------

impl From<Error> for Failure {
    /// A crate error about the bytes of a message (truncated, invalid field) is in the
    /// PTP layer; one about the caller's values (output buffer, out-of-range value) has
    /// no layer.
    fn from(error: Error) -> Failure {
        let layer = match error {
            Error::Truncated { .. } | Error::Invalid { .. } => MF_LAYER_PTP,
            _ => MF_LAYER_NONE,
        };
        Failure::Ptp { error, layer }
    }
}

/// The status code of a PTP crate error.
pub(crate) fn error_status(e: &Error) -> mf_status {
    match e {
        Error::Truncated { .. } => MF_STATUS_TRUNCATED,
        Error::BufferTooSmall { .. } => MF_STATUS_BUFFER_TOO_SMALL,
        Error::OutOfRange { .. } => MF_STATUS_OUT_OF_RANGE,
        _ => MF_STATUS_INVALID_FIELD,
    }
}

/// Fills the numbers of an `mf_error` from a PTP crate error; returns its field name
/// and expected value.
pub(crate) fn error_detail(e: &Error, out: &mut mf_error) -> (&'static str, &'static str) {
    if let Some(o) = e.offset() {
        out.has_offset = true;
        out.offset = o;
    }
    match *e {
        Error::Truncated {
            what,
            needed,
            available,
            ..
        } => {
            out.needed = needed;
            out.available = available;
            (what, "")
        }
        Error::Invalid {
            field,
            expected,
            found,
            ..
        } => {
            out.found = found;
            (field, expected)
        }
        Error::BufferTooSmall { needed, available } => {
            out.needed = needed;
            out.available = available;
            ("out", "")
        }
        Error::OutOfRange { field, value, max } => {
            out.found = value;
            out.max = max;
            (field, "")
        }
        _ => ("", ""),
    }
}

/// A PTP crate error from a function reading a whole frame, with the layer it was
/// found in: the crate names the frame's fields (`etherType`, `nextHeader`, ...) but
/// has no layer of its own, so the field names are mapped here.
fn frame_failure(error: Error) -> Failure {
    let layer = match error {
        Error::Truncated { what: "frame", .. } => MF_LAYER_ETHERNET,
        Error::Invalid { field, .. } => match field {
            "etherType" => MF_LAYER_ETHERNET,
            "IPv4 header" => MF_LAYER_IPV4,
            "nextHeader" => MF_LAYER_IPV6,
            "destination port" | "UDP length" => MF_LAYER_UDP,
            _ => MF_LAYER_PTP,
        },
        other => return Failure::from(other),
    };
    Failure::Ptp { error, layer }
}

// ---------------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------------

fn ts_to_c(t: Timestamp) -> mf_ptp_timestamp {
    mf_ptp_timestamp {
        seconds: t.seconds,
        nanoseconds: t.nanoseconds,
    }
}

/// A timestamp from C, checked by the crate (`MF_STATUS_OUT_OF_RANGE` for seconds above
/// 2^48 - 1 or nanoseconds of 10^9 or more).
fn ts_from_c(t: mf_ptp_timestamp) -> Result<Timestamp, Failure> {
    Ok(Timestamp::new(t.seconds, t.nanoseconds)?)
}

fn pid_to_c(p: PortIdentity) -> mf_ptp_port_identity {
    mf_ptp_port_identity {
        clock_identity: p.clock_identity.0,
        port_number: p.port_number,
    }
}

fn pid_from_c(p: mf_ptp_port_identity) -> PortIdentity {
    PortIdentity {
        clock_identity: ClockIdentity(p.clock_identity),
        port_number: p.port_number,
    }
}

fn quality_to_c(q: ClockQuality) -> mf_ptp_clock_quality {
    mf_ptp_clock_quality {
        clock_class: q.clock_class,
        clock_accuracy: q.clock_accuracy.0,
        offset_scaled_log_variance: q.offset_scaled_log_variance,
    }
}

fn quality_from_c(q: mf_ptp_clock_quality) -> ClockQuality {
    ClockQuality {
        clock_class: q.clock_class,
        clock_accuracy: ClockAccuracy(q.clock_accuracy),
        offset_scaled_log_variance: q.offset_scaled_log_variance,
    }
}

fn header_to_c(h: &Header) -> mf_ptp_header {
    mf_ptp_header {
        major_sdo_id: h.major_sdo_id,
        message_type: h.message_type.bits(),
        minor_version_ptp: h.minor_version_ptp,
        version_ptp: h.version_ptp,
        message_length: h.message_length,
        domain_number: h.domain_number,
        minor_sdo_id: h.minor_sdo_id,
        flag_field: h.flag_field.bits(),
        correction_field: h.correction_field.0,
        message_type_specific: h.message_type_specific,
        source_port_identity: pid_to_c(h.source_port_identity),
        sequence_id: h.sequence_id,
        control_field: h.control_field,
        log_message_interval: h.log_message_interval,
    }
}

fn body_to_c(b: &Body) -> mf_ptp_body {
    let mut o = mf_ptp_body::default();
    match *b {
        Body::Sync { origin_timestamp }
        | Body::DelayReq { origin_timestamp }
        | Body::PdelayReq { origin_timestamp } => o.origin_timestamp = ts_to_c(origin_timestamp),
        Body::FollowUp {
            precise_origin_timestamp,
        } => o.precise_origin_timestamp = ts_to_c(precise_origin_timestamp),
        Body::DelayResp {
            receive_timestamp,
            requesting_port_identity,
        } => {
            o.receive_timestamp = ts_to_c(receive_timestamp);
            o.requesting_port_identity = pid_to_c(requesting_port_identity);
        }
        Body::PdelayResp {
            request_receipt_timestamp,
            requesting_port_identity,
        } => {
            o.request_receipt_timestamp = ts_to_c(request_receipt_timestamp);
            o.requesting_port_identity = pid_to_c(requesting_port_identity);
        }
        Body::PdelayRespFollowUp {
            response_origin_timestamp,
            requesting_port_identity,
        } => {
            o.response_origin_timestamp = ts_to_c(response_origin_timestamp);
            o.requesting_port_identity = pid_to_c(requesting_port_identity);
        }
        Body::Announce(a) => {
            o.origin_timestamp = ts_to_c(a.origin_timestamp);
            o.current_utc_offset = a.current_utc_offset;
            o.grandmaster_priority1 = a.grandmaster_priority1;
            o.grandmaster_clock_quality = quality_to_c(a.grandmaster_clock_quality);
            o.grandmaster_priority2 = a.grandmaster_priority2;
            o.grandmaster_identity = a.grandmaster_identity.0;
            o.steps_removed = a.steps_removed;
            o.time_source = a.time_source.0;
        }
        Body::Signaling {
            target_port_identity,
        } => o.target_port_identity = pid_to_c(target_port_identity),
        Body::Management(m) => {
            o.target_port_identity = pid_to_c(m.target_port_identity);
            o.starting_boundary_hops = m.starting_boundary_hops;
            o.boundary_hops = m.boundary_hops;
            o.action_field = m.action_field;
        }
        Body::Reserved => {}
    }
    o
}

/// The offset of `sub` in `base`, where the crate handed back a slice borrowed from the
/// caller's buffer; 0 for an empty slice (which may point anywhere).
fn offset_in(base: &[u8], sub: &[u8]) -> usize {
    if sub.is_empty() {
        return 0;
    }
    let at = (sub.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
    debug_assert!(
        at + sub.len() <= base.len(),
        "a slice of the caller's buffer"
    );
    at
}

// ---------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------

/// Room for the longest name (with its NUL) in the static name tables below; a longer
/// name in the crate fails the build.
const NAME_CAP: usize = 48;

/// A name from the crate as a NUL-terminated array, at compile time.
const fn c_name(s: &str) -> [u8; NAME_CAP] {
    let b = s.as_bytes();
    assert!(b.len() < NAME_CAP, "name too long for NAME_CAP");
    let mut out = [0u8; NAME_CAP];
    let mut i = 0;
    while i < b.len() {
        out[i] = b[i];
        i += 1;
    }
    out
}

/// Builds, at compile time, the table of every 16-bit value the crate names, so the C
/// strings are the crate's own names with a NUL added.
macro_rules! name_table {
    ($count:ident, $table:ident, $name_of:expr) => {
        const $count: usize = {
            let mut n = 0;
            let mut v: u32 = 0;
            while v <= 0xFFFF {
                if $name_of(v as u16).is_some() {
                    n += 1;
                }
                v += 1;
            }
            n
        };
        static $table: [(u16, [u8; NAME_CAP]); $count] = {
            let mut t = [(0u16, [0u8; NAME_CAP]); $count];
            let mut n = 0;
            let mut v: u32 = 0;
            while v <= 0xFFFF {
                if let Some(name) = $name_of(v as u16) {
                    t[n] = (v as u16, c_name(name));
                    n += 1;
                }
                v += 1;
            }
            t
        };
    };
}

const fn message_type_name(v: u16) -> Option<&'static str> {
    if v > 0x0F {
        return None;
    }
    MessageType::from_bits(v as u8).name()
}

const fn tlv_type_name(v: u16) -> Option<&'static str> {
    TlvType(v).name()
}

const fn management_id_name(v: u16) -> Option<&'static str> {
    ManagementId(v).name()
}

name_table!(MESSAGE_TYPE_COUNT, MESSAGE_TYPE_NAMES, message_type_name);
name_table!(TLV_TYPE_COUNT, TLV_TYPE_NAMES, tlv_type_name);
name_table!(MANAGEMENT_ID_COUNT, MANAGEMENT_ID_NAMES, management_id_name);

/// The static C name of `v` in a table sorted by value, or `unknown`.
fn lookup_name(
    table: &'static [(u16, [u8; NAME_CAP])],
    v: u16,
    unknown: &'static CStr,
) -> *const c_char {
    match table.binary_search_by_key(&v, |(k, _)| *k) {
        Ok(i) => table[i].1.as_ptr().cast(),
        Err(_) => unknown.as_ptr(),
    }
}

/// The standard's name of a messageType (`"Sync"`, `"Delay_Req"`, `"Follow_Up"`,
/// `"Pdelay_Resp_Follow_Up"`, `"Announce"`, `"Management"`, ...; IEEE 1588-2019 Table 36).
///
/// Never returns NULL: a reserved value (4 - 7, 0xE, 0xF) or a value above 15 gives
/// `"unknown message type"`. The string is NUL-terminated, static, and must not be
/// freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_ptp_message_type_str(message_type: mf_ptp_message_type) -> *const c_char {
    guard_value(c"unknown message type".as_ptr(), || {
        lookup_name(
            &MESSAGE_TYPE_NAMES,
            u16::from(message_type),
            c"unknown message type",
        )
    })
}

/// The standard's name of a tlvType (`"MANAGEMENT"`, `"ORGANIZATION_EXTENSION"`,
/// `"PATH_TRACE"`, ...; IEEE 1588-2019 §14.1.1, Table 52).
///
/// Never returns NULL: a reserved, experimental or otherwise unnamed value gives
/// `"unknown TLV type"`. The string is NUL-terminated, static, and must not be freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_ptp_tlv_type_str(tlv_type: u16) -> *const c_char {
    guard_value(c"unknown TLV type".as_ptr(), || {
        lookup_name(&TLV_TYPE_NAMES, tlv_type, c"unknown TLV type")
    })
}

/// The name of a managementId: the standard's for the IDs of IEEE 1588-2019 Table 59
/// (`"DEFAULT_DATA_SET"`, `"PRIORITY1"`, ...) and linuxptp's for its implementation-
/// specific ones (`"TIME_STATUS_NP"`, `"PORT_DATA_SET_NP"`, ...).
///
/// Never returns NULL: any other value (reserved or implementation-specific) gives
/// `"unknown managementId"`. The string is NUL-terminated, static, and must not be
/// freed.
#[unsafe(no_mangle)]
pub extern "C" fn mf_ptp_management_id_str(management_id: u16) -> *const c_char {
    guard_value(c"unknown managementId".as_ptr(), || {
        lookup_name(&MANAGEMENT_ID_NAMES, management_id, c"unknown managementId")
    })
}

// ---------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------

/// Parses one PTP message (the UDP payload, or the Ethernet payload of the Layer 2
/// transport: see `mf_ptp_locate` to find it in a frame) into `*out`
/// (IEEE 1588-2019 §13).
///
/// The header and the body of its message type are read; TLVs are left in place and
/// described by `out->suffix_offset` and `out->suffix_len` (iterate them with
/// `mf_ptp_tlv_iter_init` and `mf_ptp_tlv_next`). Bytes after messageLength are
/// ignored (§13.1); a reserved message type has an all-zero body and everything after
/// the header is suffix.
///
/// Errors (layer `MF_LAYER_PTP`, offsets from `buf`): `MF_STATUS_TRUNCATED` when `len`
/// is below the header length or messageLength; `MF_STATUS_INVALID_FIELD` for a
/// versionPTP other than 2, a messageLength below the header and body of its type, or a
/// timestamp with nanoseconds of 10^9 or more. `*out` is written only on success.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// a writable `mf_ptp_message`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_message_parse(
    buf: *const u8,
    len: usize,
    out: *mut mf_ptp_message,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        let m = Message::parse(buf)?;
        let c = mf_ptp_message {
            header: header_to_c(&m.header),
            body: body_to_c(&m.body),
            suffix_offset: HEADER_LEN + m.body.len(),
            suffix_len: m.suffix.len(),
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------
// TLVs: typed views
// ---------------------------------------------------------------------------------

/// Which typed view of a TLV `mf_ptp_tlv` carries (`MF_PTP_TLV_KIND_*`).
pub type mf_ptp_tlv_kind = u32;

/// No typed view: a tlvType without one here (reserved, experimental, AUTHENTICATION,
/// ENHANCED_ACCURACY_METRICS, PAD, ...), or a known type whose value carries more than
/// its typed form accounts for. `value_offset` and `value_len` give the bytes.
pub const MF_PTP_TLV_KIND_OTHER: mf_ptp_tlv_kind = 0;
/// MANAGEMENT (§15.5.2): `management` is valid.
pub const MF_PTP_TLV_KIND_MANAGEMENT: mf_ptp_tlv_kind = 1;
/// MANAGEMENT_ERROR_STATUS (§15.5.4): `management_error_status` is valid.
pub const MF_PTP_TLV_KIND_MANAGEMENT_ERROR_STATUS: mf_ptp_tlv_kind = 2;
/// ORGANIZATION_EXTENSION, ORGANIZATION_EXTENSION_PROPAGATE or
/// ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE (§14.3; `tlv_type` says which):
/// `organization_extension` is valid.
pub const MF_PTP_TLV_KIND_ORGANIZATION_EXTENSION: mf_ptp_tlv_kind = 3;
/// REQUEST_UNICAST_TRANSMISSION (§16.1.4.1): `unicast` (message_type,
/// log_inter_message_period, duration_field) is valid.
pub const MF_PTP_TLV_KIND_REQUEST_UNICAST_TRANSMISSION: mf_ptp_tlv_kind = 4;
/// GRANT_UNICAST_TRANSMISSION (§16.1.4.2): `unicast` (all members) is valid.
pub const MF_PTP_TLV_KIND_GRANT_UNICAST_TRANSMISSION: mf_ptp_tlv_kind = 5;
/// CANCEL_UNICAST_TRANSMISSION (§16.1.4.3): `unicast.message_type` is valid.
pub const MF_PTP_TLV_KIND_CANCEL_UNICAST_TRANSMISSION: mf_ptp_tlv_kind = 6;
/// ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION (§16.1.4.4): `unicast.message_type` is
/// valid.
pub const MF_PTP_TLV_KIND_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION: mf_ptp_tlv_kind = 7;
/// PATH_TRACE (§16.2.5): `path_trace` is valid.
pub const MF_PTP_TLV_KIND_PATH_TRACE: mf_ptp_tlv_kind = 8;
/// ALTERNATE_TIME_OFFSET_INDICATOR (§16.3.3): `alternate_time_offset_indicator` is
/// valid.
pub const MF_PTP_TLV_KIND_ALTERNATE_TIME_OFFSET_INDICATOR: mf_ptp_tlv_kind = 9;

/// What the dataField of a MANAGEMENT TLV holds (`MF_PTP_MANAGEMENT_DATA_*`). The data
/// is read the same way whatever the actionField (a GET usually has none, a RESPONSE
/// or SET has it).
pub type mf_ptp_management_data_kind = u32;

/// No dataField (GET requests, commands, NULL_PTP_MANAGEMENT).
pub const MF_PTP_MANAGEMENT_DATA_EMPTY: mf_ptp_management_data_kind = 0;
/// DEFAULT_DATA_SET (§15.5.3.3.1): `default_data_set` is valid.
pub const MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET: mf_ptp_management_data_kind = 1;
/// CURRENT_DATA_SET (§15.5.3.4.1): `current_data_set` is valid.
pub const MF_PTP_MANAGEMENT_DATA_CURRENT_DATA_SET: mf_ptp_management_data_kind = 2;
/// PARENT_DATA_SET (§15.5.3.5.1): `parent_data_set` is valid.
pub const MF_PTP_MANAGEMENT_DATA_PARENT_DATA_SET: mf_ptp_management_data_kind = 3;
/// TIME_PROPERTIES_DATA_SET (§15.5.3.6.1): `time_properties_data_set` is valid.
pub const MF_PTP_MANAGEMENT_DATA_TIME_PROPERTIES_DATA_SET: mf_ptp_management_data_kind = 4;
/// PORT_DATA_SET (§15.5.3.7.1): `port_data_set` is valid.
pub const MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET: mf_ptp_management_data_kind = 5;
/// An ID whose dataField is one octet and a reserved octet (PRIORITY1, PRIORITY2,
/// DOMAIN, SLAVE_ONLY, LOG_ANNOUNCE_INTERVAL, ANNOUNCE_RECEIPT_TIMEOUT,
/// LOG_SYNC_INTERVAL, VERSION_NUMBER, CLOCK_ACCURACY, TRACEABILITY_PROPERTIES,
/// UNICAST_NEGOTIATION_ENABLE, PATH_TRACE_ENABLE, ACCEPTABLE_MASTER_TABLE_ENABLED,
/// ALTERNATE_TIME_OFFSET_MAX_KEY, EXTERNAL_PORT_CONFIGURATION_ENABLED, MASTER_ONLY,
/// HOLDOVER_UPGRADE_ENABLE, EXT_PORT_CONFIG_PORT_DATA_SET, PRIMARY_DOMAIN,
/// DELAY_MECHANISM, LOG_MIN_PDELAY_REQ_INTERVAL): `octet` is valid.
pub const MF_PTP_MANAGEMENT_DATA_OCTET: mf_ptp_management_data_kind = 6;
/// Any other ID (CLOCK_DESCRIPTION, USER_DESCRIPTION, TIME, the tables, linuxptp's
/// `_NP` IDs, ...), or a dataField of unexpected length: read `data_offset` and
/// `data_len`.
pub const MF_PTP_MANAGEMENT_DATA_OTHER: mf_ptp_management_data_kind = 7;

/// DEFAULT_DATA_SET (IEEE 1588-2019 §15.5.3.3.1).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_default_data_set {
    /// defaultDS.twoStepFlag (TSC bit).
    pub two_step_flag: bool,
    /// defaultDS.slaveOnly (SO bit).
    pub slave_only: bool,
    /// defaultDS.numberPorts.
    pub number_ports: u16,
    /// defaultDS.priority1.
    pub priority1: u8,
    /// defaultDS.clockQuality.
    pub clock_quality: mf_ptp_clock_quality,
    /// defaultDS.priority2.
    pub priority2: u8,
    /// defaultDS.clockIdentity.
    pub clock_identity: [u8; 8],
    /// defaultDS.domainNumber.
    pub domain_number: u8,
}

/// CURRENT_DATA_SET (IEEE 1588-2019 §15.5.3.4.1).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_current_data_set {
    /// currentDS.stepsRemoved.
    pub steps_removed: u16,
    /// currentDS.offsetFromMaster, nanoseconds multiplied by 2^16.
    pub offset_from_master: i64,
    /// currentDS.meanPathDelay, nanoseconds multiplied by 2^16.
    pub mean_path_delay: i64,
}

/// PARENT_DATA_SET (IEEE 1588-2019 §15.5.3.5.1); also the grandmaster fields an
/// Announce is built from (`mf_ptp_build_announce`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_parent_data_set {
    /// parentDS.parentPortIdentity.
    pub parent_port_identity: mf_ptp_port_identity,
    /// parentDS.parentStats (PS bit).
    pub parent_stats: bool,
    /// parentDS.observedParentOffsetScaledLogVariance.
    pub observed_parent_offset_scaled_log_variance: u16,
    /// parentDS.observedParentClockPhaseChangeRate.
    pub observed_parent_clock_phase_change_rate: i32,
    /// parentDS.grandmasterPriority1.
    pub grandmaster_priority1: u8,
    /// parentDS.grandmasterClockQuality.
    pub grandmaster_clock_quality: mf_ptp_clock_quality,
    /// parentDS.grandmasterPriority2.
    pub grandmaster_priority2: u8,
    /// parentDS.grandmasterIdentity.
    pub grandmaster_identity: [u8; 8],
}

/// TIME_PROPERTIES_DATA_SET (IEEE 1588-2019 §15.5.3.6.1); also the time properties an
/// Announce is built from.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_time_properties_data_set {
    /// timePropertiesDS.currentUtcOffset, seconds.
    pub current_utc_offset: i16,
    /// The flags in the order of flagField's second octet: `MF_PTP_FLAG_LEAP_61` (bit
    /// 0), `_LEAP_59`, `_CURRENT_UTC_OFFSET_VALID`, `_PTP_TIMESCALE`, `_TIME_TRACEABLE`,
    /// `_FREQUENCY_TRACEABLE` (bit 5).
    pub flags: u8,
    /// timePropertiesDS.timeSource (Table 6).
    pub time_source: u8,
}

/// PORT_DATA_SET (IEEE 1588-2019 §15.5.3.7.1).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_port_data_set {
    /// portDS.portIdentity.
    pub port_identity: mf_ptp_port_identity,
    /// portDS.portState (Table 20): 1 INITIALIZING, 2 FAULTY, 3 DISABLED, 4 LISTENING,
    /// 5 PRE_MASTER, 6 MASTER, 7 PASSIVE, 8 UNCALIBRATED, 9 SLAVE.
    pub port_state: u8,
    /// portDS.logMinDelayReqInterval.
    pub log_min_delay_req_interval: i8,
    /// portDS.meanLinkDelay (peerMeanPathDelay in IEEE 1588-2008), nanoseconds
    /// multiplied by 2^16.
    pub peer_mean_path_delay: i64,
    /// portDS.logAnnounceInterval.
    pub log_announce_interval: i8,
    /// portDS.announceReceiptTimeout.
    pub announce_receipt_timeout: u8,
    /// portDS.logSyncInterval.
    pub log_sync_interval: i8,
    /// portDS.delayMechanism: 1 E2E, 2 P2P, 3 COMMON_P2P, 0xFE NO_MECHANISM.
    pub delay_mechanism: u8,
    /// portDS.logMinPdelayReqInterval.
    pub log_min_pdelay_req_interval: i8,
    /// portDS.versionNumber (low nibble) and minorVersionNumber (high nibble).
    pub version_number: u8,
}

/// The value of a MANAGEMENT TLV (IEEE 1588-2019 §15.5.2): managementId and its
/// dataField.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_management_tlv {
    /// managementId (`MF_PTP_MANAGEMENT_ID_*`; `mf_ptp_management_id_str` names it).
    pub management_id: u16,
    /// Which member below holds the data (`MF_PTP_MANAGEMENT_DATA_*`).
    pub data_kind: mf_ptp_management_data_kind,
    /// Offset of the dataField in the caller's buffer (the TLV value after the
    /// managementId). Ignored by `mf_ptp_management_tlv_value`.
    pub data_offset: usize,
    /// Length of the dataField, pad octet included (0 when absent). Ignored by
    /// `mf_ptp_management_tlv_value`.
    pub data_len: usize,
    /// For `MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET`.
    pub default_data_set: mf_ptp_default_data_set,
    /// For `MF_PTP_MANAGEMENT_DATA_CURRENT_DATA_SET`.
    pub current_data_set: mf_ptp_current_data_set,
    /// For `MF_PTP_MANAGEMENT_DATA_PARENT_DATA_SET`.
    pub parent_data_set: mf_ptp_parent_data_set,
    /// For `MF_PTP_MANAGEMENT_DATA_TIME_PROPERTIES_DATA_SET`.
    pub time_properties_data_set: mf_ptp_time_properties_data_set,
    /// For `MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET`.
    pub port_data_set: mf_ptp_port_data_set,
    /// For `MF_PTP_MANAGEMENT_DATA_OCTET`: the octet (an interval is this octet read as
    /// `int8_t`; flags are its bits).
    pub octet: u8,
}

/// The value of a MANAGEMENT_ERROR_STATUS TLV (IEEE 1588-2019 §15.5.4).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_management_error_status {
    /// managementErrorId (Table 109): 1 RESPONSE_TOO_BIG, 2 NO_SUCH_ID, 3 WRONG_LENGTH,
    /// 4 WRONG_VALUE, 5 NOT_SETABLE, 6 NOT_SUPPORTED, 7 UNPOPULATED, 0xFFFE
    /// GENERAL_ERROR.
    pub management_error_id: u16,
    /// managementId of the request that failed.
    pub management_id: u16,
    /// Offset of the displayData text (after its length octet) in the caller's buffer;
    /// 0 when absent.
    pub display_data_offset: usize,
    /// Length of the displayData text in bytes (UTF-8, not NUL-terminated); 0 when
    /// absent.
    pub display_data_len: usize,
}

/// Which typed view `mf_ptp_org_extension` carries (`MF_PTP_ORG_TYPED_*`).
pub type mf_ptp_org_typed = u32;

/// No typed view: read `data_offset` and `data_len`.
pub const MF_PTP_ORG_TYPED_NONE: mf_ptp_org_typed = 0;
/// SMPTE ST 2059-2 synchronization metadata (organizationId 68-97-E8, subtype 1):
/// `smpte` is valid.
pub const MF_PTP_ORG_TYPED_SMPTE_SYNC_METADATA: mf_ptp_org_typed = 1;

/// The SMPTE OUI 68-97-E8 as a number (SMPTE ST 2059-2 §7.1).
pub const MF_PTP_SMPTE_OUI: u32 = 0x68_97E8;
/// organizationSubType of the SMPTE synchronization metadata TLV.
pub const MF_PTP_SMPTE_SYNC_METADATA_SUB_TYPE: u32 = 1;
/// Length of the value `mf_ptp_smpte_tlv_value` writes: organizationId (3),
/// organizationSubType (3) and the 42-octet dataField.
pub const MF_PTP_SMPTE_TLV_VALUE_LEN: usize = 48;

/// SMPTE ST 2059-2:2021 §7.2 synchronization metadata.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_smpte_sync_metadata {
    /// defaultSystemFrameRate numerator.
    pub default_system_frame_rate_numerator: u32,
    /// defaultSystemFrameRate denominator.
    pub default_system_frame_rate_denominator: u32,
    /// masterLockingStatus: 0 not in use, 1 free run, 2 cold locking, 3 warm locking,
    /// 4 locked.
    pub master_locking_status: u8,
    /// timeAddressFlags: bit 0 drop frame, bit 1 color frame identification.
    pub time_address_flags: u8,
    /// currentLocalOffset, seconds.
    pub current_local_offset: i32,
    /// jumpSeconds: the size of the next discontinuity of the local offset, seconds.
    pub jump_seconds: i32,
    /// timeOfNextJump, PTP seconds (48 bits).
    pub time_of_next_jump: u64,
    /// timeOfNextJam, PTP seconds (48 bits).
    pub time_of_next_jam: u64,
    /// timeOfPreviousJam, PTP seconds (48 bits).
    pub time_of_previous_jam: u64,
    /// previousJamLocalOffset, seconds.
    pub previous_jam_local_offset: i32,
    /// daylightSaving: bit 0 current, bit 1 at the next jump, bit 2 at the previous
    /// jam.
    pub daylight_saving: u8,
    /// leapSecondJump: bit 0 set when the next jump changes the leap second count.
    pub leap_second_jump: u8,
}

/// The value of an organization extension TLV (IEEE 1588-2019 §14.3.2).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_org_extension {
    /// organizationId (an OUI or CID), in wire order.
    pub organization_id: [u8; 3],
    /// organizationSubType (24 bits).
    pub organization_sub_type: u32,
    /// Offset of the dataField in the caller's buffer.
    pub data_offset: usize,
    /// Length of the dataField.
    pub data_len: usize,
    /// Which typed view is valid (`MF_PTP_ORG_TYPED_*`).
    pub typed: mf_ptp_org_typed,
    /// For `MF_PTP_ORG_TYPED_SMPTE_SYNC_METADATA`.
    pub smpte: mf_ptp_smpte_sync_metadata,
}

/// The unicast negotiation TLVs (IEEE 1588-2019 §16.1.4); the TLV's kind says which
/// members are valid.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_unicast_tlv {
    /// messageType requested, granted or cancelled (`MF_PTP_MESSAGE_TYPE_*`).
    pub message_type: mf_ptp_message_type,
    /// logInterMessagePeriod: request and grant.
    pub log_inter_message_period: i8,
    /// durationField, seconds: request and grant (0 in a grant: denied).
    pub duration_field: u32,
    /// renewalInvited (R flag): grant.
    pub renewal_invited: bool,
}

/// A PATH_TRACE TLV (IEEE 1588-2019 §16.2.5): `count` clock identities of 8 octets
/// each, from `offset` in the caller's buffer.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_path_trace {
    /// Number of clock identities in pathSequence.
    pub count: usize,
    /// Offset of the first one in the caller's buffer.
    pub offset: usize,
}

/// An ALTERNATE_TIME_OFFSET_INDICATOR TLV (IEEE 1588-2019 §16.3.3).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_alternate_time_offset_indicator {
    /// keyField.
    pub key_field: u8,
    /// currentOffset, seconds.
    pub current_offset: i32,
    /// jumpSeconds.
    pub jump_seconds: i32,
    /// timeOfNextJump, seconds (48 bits).
    pub time_of_next_jump: u64,
    /// Offset of the displayName text (after its length octet) in the caller's buffer;
    /// 0 when empty.
    pub display_name_offset: usize,
    /// Length of the displayName text (UTF-8, not NUL-terminated).
    pub display_name_len: usize,
}

/// One TLV of a message (IEEE 1588-2019 §14.1): where it is, and a typed view of its
/// value when it has one. Offsets are from the start of the caller's buffer.
///
/// Only the member that `kind` names is valid; the others are zero.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_tlv {
    /// tlvType (`MF_PTP_TLV_TYPE_*`; `mf_ptp_tlv_type_str` names it).
    pub tlv_type: u16,
    /// lengthField: the length of the value.
    pub length_field: u16,
    /// Offset of the TLV (its tlvType) in the caller's buffer.
    pub offset: usize,
    /// Offset of the value in the caller's buffer.
    pub value_offset: usize,
    /// Length of the value (`length_field`).
    pub value_len: usize,
    /// Which typed view is valid (`MF_PTP_TLV_KIND_*`).
    pub kind: mf_ptp_tlv_kind,
    /// For `MF_PTP_TLV_KIND_MANAGEMENT`.
    pub management: mf_ptp_management_tlv,
    /// For `MF_PTP_TLV_KIND_MANAGEMENT_ERROR_STATUS`.
    pub management_error_status: mf_ptp_management_error_status,
    /// For `MF_PTP_TLV_KIND_ORGANIZATION_EXTENSION`.
    pub organization_extension: mf_ptp_org_extension,
    /// For the four unicast negotiation kinds.
    pub unicast: mf_ptp_unicast_tlv,
    /// For `MF_PTP_TLV_KIND_PATH_TRACE`.
    pub path_trace: mf_ptp_path_trace,
    /// For `MF_PTP_TLV_KIND_ALTERNATE_TIME_OFFSET_INDICATOR`.
    pub alternate_time_offset_indicator: mf_ptp_alternate_time_offset_indicator,
}

/// A TLV iterator (IEEE 1588-2019 §14.1): plain data owned by the caller, no
/// allocation. Set it up with `mf_ptp_tlv_iter_init` and pass it with the same buffer
/// to `mf_ptp_tlv_next`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_tlv_iter {
    /// Offset of the next TLV in the caller's buffer.
    pub offset: usize,
    /// Offset of the end of the message's TLVs (its messageLength).
    pub end: usize,
}

fn default_ds_to_c(s: &DefaultDataSet) -> mf_ptp_default_data_set {
    mf_ptp_default_data_set {
        two_step_flag: s.two_step_flag,
        slave_only: s.slave_only,
        number_ports: s.number_ports,
        priority1: s.priority1,
        clock_quality: quality_to_c(s.clock_quality),
        priority2: s.priority2,
        clock_identity: s.clock_identity.0,
        domain_number: s.domain_number,
    }
}

fn default_ds_from_c(s: &mf_ptp_default_data_set) -> DefaultDataSet {
    DefaultDataSet {
        two_step_flag: s.two_step_flag,
        slave_only: s.slave_only,
        number_ports: s.number_ports,
        priority1: s.priority1,
        clock_quality: quality_from_c(s.clock_quality),
        priority2: s.priority2,
        clock_identity: ClockIdentity(s.clock_identity),
        domain_number: s.domain_number,
    }
}

fn current_ds_to_c(s: &CurrentDataSet) -> mf_ptp_current_data_set {
    mf_ptp_current_data_set {
        steps_removed: s.steps_removed,
        offset_from_master: s.offset_from_master.0,
        mean_path_delay: s.mean_path_delay.0,
    }
}

fn current_ds_from_c(s: &mf_ptp_current_data_set) -> CurrentDataSet {
    CurrentDataSet {
        steps_removed: s.steps_removed,
        offset_from_master: TimeInterval(s.offset_from_master),
        mean_path_delay: TimeInterval(s.mean_path_delay),
    }
}

fn parent_ds_to_c(s: &ParentDataSet) -> mf_ptp_parent_data_set {
    mf_ptp_parent_data_set {
        parent_port_identity: pid_to_c(s.parent_port_identity),
        parent_stats: s.parent_stats,
        observed_parent_offset_scaled_log_variance: s.observed_parent_offset_scaled_log_variance,
        observed_parent_clock_phase_change_rate: s.observed_parent_clock_phase_change_rate,
        grandmaster_priority1: s.grandmaster_priority1,
        grandmaster_clock_quality: quality_to_c(s.grandmaster_clock_quality),
        grandmaster_priority2: s.grandmaster_priority2,
        grandmaster_identity: s.grandmaster_identity.0,
    }
}

fn parent_ds_from_c(s: &mf_ptp_parent_data_set) -> ParentDataSet {
    ParentDataSet {
        parent_port_identity: pid_from_c(s.parent_port_identity),
        parent_stats: s.parent_stats,
        observed_parent_offset_scaled_log_variance: s.observed_parent_offset_scaled_log_variance,
        observed_parent_clock_phase_change_rate: s.observed_parent_clock_phase_change_rate,
        grandmaster_priority1: s.grandmaster_priority1,
        grandmaster_clock_quality: quality_from_c(s.grandmaster_clock_quality),
        grandmaster_priority2: s.grandmaster_priority2,
        grandmaster_identity: ClockIdentity(s.grandmaster_identity),
    }
}

fn time_properties_to_c(s: &TimePropertiesDataSet) -> mf_ptp_time_properties_data_set {
    mf_ptp_time_properties_data_set {
        current_utc_offset: s.current_utc_offset,
        flags: s.flags,
        time_source: s.time_source.0,
    }
}

fn time_properties_from_c(s: &mf_ptp_time_properties_data_set) -> TimePropertiesDataSet {
    TimePropertiesDataSet {
        current_utc_offset: s.current_utc_offset,
        flags: s.flags,
        time_source: TimeSource(s.time_source),
    }
}

fn port_ds_to_c(s: &PortDataSet) -> mf_ptp_port_data_set {
    mf_ptp_port_data_set {
        port_identity: pid_to_c(s.port_identity),
        port_state: s.port_state,
        log_min_delay_req_interval: s.log_min_delay_req_interval,
        peer_mean_path_delay: s.peer_mean_path_delay.0,
        log_announce_interval: s.log_announce_interval,
        announce_receipt_timeout: s.announce_receipt_timeout,
        log_sync_interval: s.log_sync_interval,
        delay_mechanism: s.delay_mechanism,
        log_min_pdelay_req_interval: s.log_min_pdelay_req_interval,
        version_number: s.version_number,
    }
}

fn port_ds_from_c(s: &mf_ptp_port_data_set) -> PortDataSet {
    PortDataSet {
        port_identity: pid_from_c(s.port_identity),
        port_state: s.port_state,
        log_min_delay_req_interval: s.log_min_delay_req_interval,
        peer_mean_path_delay: TimeInterval(s.peer_mean_path_delay),
        log_announce_interval: s.log_announce_interval,
        announce_receipt_timeout: s.announce_receipt_timeout,
        log_sync_interval: s.log_sync_interval,
        delay_mechanism: s.delay_mechanism,
        log_min_pdelay_req_interval: s.log_min_pdelay_req_interval,
        version_number: s.version_number,
    }
}

fn smpte_to_c(s: &SmpteSyncMetadata) -> mf_ptp_smpte_sync_metadata {
    mf_ptp_smpte_sync_metadata {
        default_system_frame_rate_numerator: s.default_system_frame_rate_numerator,
        default_system_frame_rate_denominator: s.default_system_frame_rate_denominator,
        master_locking_status: s.master_locking_status,
        time_address_flags: s.time_address_flags,
        current_local_offset: s.current_local_offset,
        jump_seconds: s.jump_seconds,
        time_of_next_jump: s.time_of_next_jump,
        time_of_next_jam: s.time_of_next_jam,
        time_of_previous_jam: s.time_of_previous_jam,
        previous_jam_local_offset: s.previous_jam_local_offset,
        daylight_saving: s.daylight_saving,
        leap_second_jump: s.leap_second_jump,
    }
}

fn smpte_from_c(s: &mf_ptp_smpte_sync_metadata) -> SmpteSyncMetadata {
    SmpteSyncMetadata {
        default_system_frame_rate_numerator: s.default_system_frame_rate_numerator,
        default_system_frame_rate_denominator: s.default_system_frame_rate_denominator,
        master_locking_status: s.master_locking_status,
        time_address_flags: s.time_address_flags,
        current_local_offset: s.current_local_offset,
        jump_seconds: s.jump_seconds,
        time_of_next_jump: s.time_of_next_jump,
        time_of_next_jam: s.time_of_next_jam,
        time_of_previous_jam: s.time_of_previous_jam,
        previous_jam_local_offset: s.previous_jam_local_offset,
        daylight_saving: s.daylight_saving,
        leap_second_jump: s.leap_second_jump,
    }
}

/// The C view of a MANAGEMENT TLV whose value starts at `value_offset`.
fn management_to_c(
    m: &ManagementTlv<'_>,
    value_offset: usize,
    value_len: usize,
) -> mf_ptp_management_tlv {
    // The dataField follows the two octets of managementId (§15.5.2).
    let mut o = mf_ptp_management_tlv {
        management_id: m.management_id.0,
        data_offset: value_offset + 2,
        data_len: value_len.saturating_sub(2),
        ..Default::default()
    };
    o.data_kind = match &m.data {
        ManagementData::Empty => MF_PTP_MANAGEMENT_DATA_EMPTY,
        ManagementData::DefaultDataSet(s) => {
            o.default_data_set = default_ds_to_c(s);
            MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET
        }
        ManagementData::CurrentDataSet(s) => {
            o.current_data_set = current_ds_to_c(s);
            MF_PTP_MANAGEMENT_DATA_CURRENT_DATA_SET
        }
        ManagementData::ParentDataSet(s) => {
            o.parent_data_set = parent_ds_to_c(s);
            MF_PTP_MANAGEMENT_DATA_PARENT_DATA_SET
        }
        ManagementData::TimePropertiesDataSet(s) => {
            o.time_properties_data_set = time_properties_to_c(s);
            MF_PTP_MANAGEMENT_DATA_TIME_PROPERTIES_DATA_SET
        }
        ManagementData::PortDataSet(s) => {
            o.port_data_set = port_ds_to_c(s);
            MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET
        }
        ManagementData::Octet(v) => {
            o.octet = *v;
            MF_PTP_MANAGEMENT_DATA_OCTET
        }
        _ => MF_PTP_MANAGEMENT_DATA_OTHER,
    };
    o
}

/// The C form of one TLV of `buf`, typed by the crate. Errors in the value have offsets
/// from the start of `buf`.
fn tlv_to_c(buf: &[u8], tlv: &Tlv<'_>) -> Result<mf_ptp_tlv, Failure> {
    let typed = TypedTlv::parse(tlv)?;
    let value_offset = tlv.offset + TLV_HEADER_LEN;
    let value_len = tlv.value.len();
    let mut o = mf_ptp_tlv {
        tlv_type: tlv.tlv_type.0,
        length_field: tlv.length_field(),
        offset: tlv.offset,
        value_offset,
        value_len,
        ..Default::default()
    };
    o.kind = match &typed.body {
        TlvBody::Management(m) => {
            o.management = management_to_c(m, value_offset, value_len);
            MF_PTP_TLV_KIND_MANAGEMENT
        }
        TlvBody::ManagementErrorStatus(e) => {
            o.management_error_status = error_status_to_c(buf, e);
            MF_PTP_TLV_KIND_MANAGEMENT_ERROR_STATUS
        }
        TlvBody::OrganizationExtension(x) => {
            o.organization_extension = org_to_c(buf, x, value_offset, value_len)?;
            MF_PTP_TLV_KIND_ORGANIZATION_EXTENSION
        }
        TlvBody::RequestUnicastTransmission(r) => {
            o.unicast = mf_ptp_unicast_tlv {
                message_type: r.message_type.bits(),
                log_inter_message_period: r.log_inter_message_period,
                duration_field: r.duration_field,
                renewal_invited: false,
            };
            MF_PTP_TLV_KIND_REQUEST_UNICAST_TRANSMISSION
        }
        TlvBody::GrantUnicastTransmission(g) => {
            o.unicast = mf_ptp_unicast_tlv {
                message_type: g.message_type.bits(),
                log_inter_message_period: g.log_inter_message_period,
                duration_field: g.duration_field,
                renewal_invited: g.renewal_invited,
            };
            MF_PTP_TLV_KIND_GRANT_UNICAST_TRANSMISSION
        }
        TlvBody::CancelUnicastTransmission(t) => {
            o.unicast.message_type = t.bits();
            MF_PTP_TLV_KIND_CANCEL_UNICAST_TRANSMISSION
        }
        TlvBody::AcknowledgeCancelUnicastTransmission(t) => {
            o.unicast.message_type = t.bits();
            MF_PTP_TLV_KIND_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION
        }
        TlvBody::PathTrace(l) => {
            o.path_trace = mf_ptp_path_trace {
                count: l.count,
                offset: if l.count == 0 {
                    0
                } else {
                    offset_in(buf, l.bytes)
                },
            };
            MF_PTP_TLV_KIND_PATH_TRACE
        }
        TlvBody::AlternateTimeOffsetIndicator(a) => {
            o.alternate_time_offset_indicator = mf_ptp_alternate_time_offset_indicator {
                key_field: a.key_field,
                current_offset: a.current_offset,
                jump_seconds: a.jump_seconds,
                time_of_next_jump: a.time_of_next_jump,
                display_name_offset: offset_in(buf, a.display_name.0),
                display_name_len: a.display_name.0.len(),
            };
            MF_PTP_TLV_KIND_ALTERNATE_TIME_OFFSET_INDICATOR
        }
        _ => MF_PTP_TLV_KIND_OTHER,
    };
    Ok(o)
}

fn error_status_to_c(buf: &[u8], e: &ManagementErrorStatus<'_>) -> mf_ptp_management_error_status {
    mf_ptp_management_error_status {
        management_error_id: e.management_error_id,
        management_id: e.management_id.0,
        display_data_offset: offset_in(buf, e.display_data.0),
        display_data_len: e.display_data.0.len(),
    }
}

fn org_to_c(
    buf: &[u8],
    x: &OrgExtension<'_>,
    value_offset: usize,
    value_len: usize,
) -> Result<mf_ptp_org_extension, Failure> {
    // The dataField is the tail of the value.
    let data_offset = value_offset + value_len - x.data.len();
    let mut o = mf_ptp_org_extension {
        organization_id: x.organization_id,
        organization_sub_type: x.organization_sub_type,
        data_offset,
        data_len: x.data.len(),
        ..Default::default()
    };
    debug_assert!(x.data.is_empty() || offset_in(buf, x.data) == data_offset);
    // The crate's errors here are relative to the dataField.
    if let Some(KnownOrgExtension::SmpteSyncMetadata(s)) =
        x.known().map_err(|e| e.shifted(data_offset))?
    {
        o.typed = MF_PTP_ORG_TYPED_SMPTE_SYNC_METADATA;
        o.smpte = smpte_to_c(&s);
    }
    Ok(o)
}

// ---------------------------------------------------------------------------------
// TLVs: iteration
// ---------------------------------------------------------------------------------

/// Sets `*out` up to iterate the TLVs of `msg`, a message `mf_ptp_message_parse` read
/// from the same `buf` and `len`.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` when `msg`'s suffix does not lie inside `len`
/// bytes (it was parsed from another buffer). `*out` is written only on success.
///
/// # Safety
///
/// `buf` must be NULL or point to `len` readable bytes; `msg` must be NULL or point to
/// an `mf_ptp_message`; `out` must be NULL or point to a writable `mf_ptp_tlv_iter`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_tlv_iter_init(
    buf: *const u8,
    len: usize,
    msg: *const mf_ptp_message,
    out: *mut mf_ptp_tlv_iter,
) -> mf_status {
    guard(ptr::null_mut(), || {
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let _ = unsafe { in_slice(buf, len, "buf") }?;
        let msg = non_null(msg, "msg")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and points to a message (caller's promise); plain data.
        let m = unsafe { msg.read() };
        let end = m
            .suffix_offset
            .checked_add(m.suffix_len)
            .filter(|end| *end <= len)
            .ok_or(Failure::invalid_argument(
                "msg",
                "a message parsed from this buffer (suffix inside len)",
                m.suffix_offset.saturating_add(m.suffix_len) as u64,
            ))?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe {
            out.write(mf_ptp_tlv_iter {
                offset: m.suffix_offset,
                end,
            })
        };
        Ok(())
    })
}

/// Reads the next TLV (IEEE 1588-2019 §14.1) into `*out` and moves `*iter` past it.
///
/// Returns `MF_STATUS_OK` with a TLV, `MF_STATUS_END` (not an error: `*out` and `*err`
/// are untouched) when there are no more, or an error:
/// - `MF_STATUS_TRUNCATED` when a TLV's lengthField runs past the end of the message
///   (or fewer than 4 bytes are left): the iterator is then at its end, so the next
///   call returns `MF_STATUS_END`;
/// - `MF_STATUS_TRUNCATED` or `MF_STATUS_INVALID_FIELD` when the value of a known TLV
///   type is malformed (too short for its type, a timestamp with nanoseconds of 10^9
///   or more, an SMPTE TLV of the wrong length, ...): the iterator has moved past that
///   TLV, so the next call reads the one after it;
/// - `MF_STATUS_INVALID_ARGUMENT` when `*iter` does not fit `len` (not set up for this
///   buffer).
///
/// Errors have layer `MF_LAYER_PTP` and offsets from `buf`. `*out` is written only on
/// `MF_STATUS_OK`.
///
/// # Safety
///
/// `iter` must be NULL or point to a writable `mf_ptp_tlv_iter`; `buf` must be NULL or
/// point to `len` readable bytes; `out` must be NULL or point to a writable
/// `mf_ptp_tlv`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_tlv_next(
    iter: *mut mf_ptp_tlv_iter,
    buf: *const u8,
    len: usize,
    out: *mut mf_ptp_tlv,
    err: *mut mf_error,
) -> mf_status {
    let mut at_end = false;
    let status = guard(err, || {
        let iter = non_null_mut(iter, "iter")?;
        // SAFETY: the caller promises `len` readable bytes at `buf`.
        let buf = unsafe { in_slice(buf, len, "buf") }?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and points to an iterator (caller's promise); plain data.
        let it = unsafe { iter.read() };
        if it.end > buf.len() || it.offset > it.end {
            return Err(Failure::invalid_argument(
                "iter",
                "an iterator set up by mf_ptp_tlv_iter_init for this buffer",
                it.end as u64,
            ));
        }
        let mut tlvs = TlvIter::new(&buf[it.offset..it.end], it.offset);
        let next = tlvs.next();
        let advanced = match &next {
            Some(Ok(t)) => mf_ptp_tlv_iter {
                offset: t.offset + t.buffer_len(),
                end: it.end,
            },
            // Nothing more, or a TLV running past the end: iteration is over.
            _ => mf_ptp_tlv_iter {
                offset: it.end,
                end: it.end,
            },
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { iter.write(advanced) };
        match next {
            None => {
                at_end = true;
                Ok(())
            }
            Some(Err(e)) => Err(e.into()),
            Some(Ok(t)) => {
                let c = tlv_to_c(buf, &t)?;
                // SAFETY: non-NULL and writable (caller's promise).
                unsafe { out.write(c) };
                Ok(())
            }
        }
    });
    if status == crate::MF_STATUS_OK && at_end {
        MF_STATUS_END
    } else {
        status
    }
}

// ---------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------

/// What every message of one port shares (IEEE 1588-2019 §13.3.2): the header fields
/// the builders fill in. Set it up with `mf_ptp_builder_init`, then change what
/// differs from the defaults.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_builder {
    /// sourcePortIdentity of every message.
    pub source_port_identity: mf_ptp_port_identity,
    /// domainNumber (default 0).
    pub domain_number: u8,
    /// majorSdoId, 0..=15 (default 0; above 15 is `MF_STATUS_OUT_OF_RANGE`).
    pub major_sdo_id: u8,
    /// minorSdoId (default 0).
    pub minor_sdo_id: u8,
    /// minorVersionPTP, 0..=15 (default 1, IEEE 1588-2019; 0 talks like IEEE 1588-2008
    /// peers such as linuxptp 3.1).
    pub minor_version_ptp: u8,
    /// portDS.logSyncInterval, the logMessageInterval of Sync and Follow_Up (default
    /// 0).
    pub log_sync_interval: i8,
    /// portDS.logAnnounceInterval, the logMessageInterval of Announce (default 1).
    pub log_announce_interval: i8,
    /// portDS.logMinDelayReqInterval, the logMessageInterval of Delay_Resp (default
    /// 0).
    pub log_min_delay_req_interval: i8,
    /// Set unicastFlag on every message (default false).
    pub unicast: bool,
}

/// One TLV to append to a built message: tlvType and its value, copied as they are
/// (the library writes tlvType and lengthField in front). Build typed values with
/// `mf_ptp_management_tlv_value` and `mf_ptp_smpte_tlv_value`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mf_ptp_tlv_spec {
    /// tlvType (`MF_PTP_TLV_TYPE_*`).
    pub tlv_type: u16,
    /// The value; may be NULL when `value_len` is 0. Must not overlap the output
    /// buffer.
    pub value: *const u8,
    /// Length of the value, at most 65535 (it goes into lengthField).
    pub value_len: usize,
}

/// Fills `*out` with the defaults of a port whose messages carry
/// `source_port_identity`: domain 0, SDO ids 0, minorVersionPTP 1, logSyncInterval 0,
/// logAnnounceInterval 1, logMinDelayReqInterval 0, multicast. The defaults are the
/// PTP crate's.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_ptp_builder`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_builder_init(
    source_port_identity: mf_ptp_port_identity,
    out: *mut mf_ptp_builder,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        // Read the defaults back from the headers the crate's builder makes.
        let b = MessageBuilder::new(pid_from_c(source_port_identity));
        let sync = b.sync(0, Timestamp::default(), false).header;
        let announce = b
            .announce(
                0,
                &ParentDataSet {
                    parent_port_identity: PortIdentity::default(),
                    parent_stats: false,
                    observed_parent_offset_scaled_log_variance: 0,
                    observed_parent_clock_phase_change_rate: 0,
                    grandmaster_priority1: 0,
                    grandmaster_clock_quality: ClockQuality::default(),
                    grandmaster_priority2: 0,
                    grandmaster_identity: ClockIdentity::default(),
                },
                0,
                &TimePropertiesDataSet {
                    current_utc_offset: 0,
                    flags: 0,
                    time_source: TimeSource::INTERNAL_OSCILLATOR,
                },
            )
            .header;
        let delay_resp = b
            .delay_resp(0, Timestamp::default(), PortIdentity::default())
            .header;
        let c = mf_ptp_builder {
            source_port_identity,
            domain_number: sync.domain_number,
            major_sdo_id: sync.major_sdo_id,
            minor_sdo_id: sync.minor_sdo_id,
            minor_version_ptp: sync.minor_version_ptp,
            log_sync_interval: sync.log_message_interval,
            log_announce_interval: announce.log_message_interval,
            log_min_delay_req_interval: delay_resp.log_message_interval,
            unicast: sync.flag_field.contains(FlagField::UNICAST),
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(c) };
        Ok(())
    })
}

/// The crate's builder for a C one; the 4-bit fields are checked (the crate would
/// silently keep their low bits).
fn builder_from_c(b: &mf_ptp_builder) -> Result<MessageBuilder, Failure> {
    for (field, value) in [
        ("builder.major_sdo_id", b.major_sdo_id),
        ("builder.minor_version_ptp", b.minor_version_ptp),
    ] {
        if value > 0x0F {
            return Err(Failure::OutOfRange {
                field,
                value: u64::from(value),
                max: 0x0F,
            });
        }
    }
    Ok(MessageBuilder::new(pid_from_c(b.source_port_identity))
        .domain_number(b.domain_number)
        .sdo_id(b.major_sdo_id, b.minor_sdo_id)
        .minor_version(b.minor_version_ptp)
        .log_sync_interval(b.log_sync_interval)
        .log_announce_interval(b.log_announce_interval)
        .log_min_delay_req_interval(b.log_min_delay_req_interval)
        .unicast(b.unicast))
}

/// The body every builder shares: reads the builder, makes the message with `make`,
/// and writes it with the caller's TLVs into `out`.
///
/// # Safety
///
/// The pointers must be as documented on the `mf_ptp_build_*` functions.
#[allow(clippy::too_many_arguments)]
unsafe fn build(
    builder: *const mf_ptp_builder,
    make: impl FnOnce(&MessageBuilder) -> Result<Built, Failure>,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let builder = non_null(builder, "builder")?;
        // SAFETY: non-NULL and points to a builder (caller's promise); plain data.
        let b = builder_from_c(&unsafe { builder.read() })?;
        let specs: &[mf_ptp_tlv_spec] = if n_tlvs == 0 {
            &[]
        } else {
            let p = non_null(tlvs, "tlvs")?;
            if n_tlvs > isize::MAX as usize / core::mem::size_of::<mf_ptp_tlv_spec>() {
                return Err(Failure::invalid_argument(
                    "n_tlvs",
                    "a count of TLV specs that fits in memory",
                    n_tlvs as u64,
                ));
            }
            // SAFETY: non-NULL, the size fits a slice (checked), and the caller promises
            // `n_tlvs` readable specs.
            unsafe { core::slice::from_raw_parts(p, n_tlvs) }
        };
        let mut typed = Vec::with_capacity(specs.len());
        for spec in specs {
            no_overlap(
                spec.value,
                spec.value_len,
                out,
                out_len,
                "tlvs[].value",
                "a TLV value that does not overlap `out`",
            )?;
            let value = if spec.value_len == 0 {
                &[][..]
            } else {
                // SAFETY: the caller promises `value_len` readable bytes; they do not
                // overlap `out` (checked above).
                unsafe { in_slice(spec.value, spec.value_len, "tlvs[].value") }?
            };
            typed.push(TypedTlv {
                tlv_type: TlvType(spec.tlv_type),
                body: TlvBody::Other(value),
            });
        }
        // SAFETY: the caller promises `out_len` writable bytes at `out`, overlapping no
        // TLV value (checked above).
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        let built = make(&b)?;
        match built.emit(&typed, out) {
            Ok(n) => {
                // SAFETY: non-NULL and writable (caller's promise).
                unsafe { written.write(n) };
                Ok(())
            }
            Err(e) => {
                if let Error::BufferTooSmall { needed, .. } = e {
                    // SAFETY: non-NULL and writable (caller's promise).
                    unsafe { written.write(needed) };
                }
                Err(e.into())
            }
        }
    })
}

/// Builds a Sync (IEEE 1588-2019 §13.6): logMessageInterval from
/// `builder->log_sync_interval`, twoStepFlag when `two_step` (a Follow_Up will carry the
/// precise time), controlField 0. A one-step clock writes the real originTimestamp at
/// transmission with `mf_ptp_set_origin_timestamp`.
///
/// Every `mf_ptp_build_*` function writes the whole message (header, body, then the
/// `n_tlvs` TLVs of `tlvs` in order, messageLength set) into `out` and its length into
/// `*written`. `correction_field` is nanoseconds multiplied by 2^16. Errors:
/// `MF_STATUS_BUFFER_TOO_SMALL` with `*written` = bytes needed; `MF_STATUS_OUT_OF_RANGE`
/// for a timestamp out of range (seconds above 2^48 - 1, nanoseconds of 10^9 or more),
/// a builder's 4-bit field above 15, an actionField above 15, a TLV value longer than
/// 65535 or a message longer than 65535; `MF_STATUS_INVALID_ARGUMENT` for a TLV value
/// overlapping `out`. On failure the contents of `out` are unspecified.
///
/// # Safety
///
/// For every `mf_ptp_build_*` function: `builder` must be NULL or point to an
/// `mf_ptp_builder`; `tlvs` must point to `n_tlvs` specs (it may be NULL when `n_tlvs`
/// is 0), each `value` to `value_len` readable bytes; `out` must be NULL or point to
/// `out_len` writable bytes; `written` must be NULL or point to a writable `size_t`;
/// `err` must be NULL or point to a writable `mf_error`; the same for the data-set
/// pointers of `mf_ptp_build_announce`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_sync(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    origin_timestamp: mf_ptp_timestamp,
    two_step: bool,
    correction_field: i64,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(b.sync(sequence_id, ts_from_c(origin_timestamp)?, two_step)
            .correction(TimeInterval(correction_field)))
    };
    // SAFETY: the pointers are the caller's, as documented above.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Follow_Up (IEEE 1588-2019 §13.7) for the two-step Sync of the same
/// sequenceId: logMessageInterval from `builder->log_sync_interval`, controlField 2.
/// Arguments, errors and output as for `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_follow_up(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    precise_origin_timestamp: mf_ptp_timestamp,
    correction_field: i64,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(
            b.follow_up(sequence_id, ts_from_c(precise_origin_timestamp)?)
                .correction(TimeInterval(correction_field)),
        )
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Delay_Req (IEEE 1588-2019 §13.6): logMessageInterval 0x7F, controlField 1.
/// Arguments, errors and output as for `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_delay_req(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    origin_timestamp: mf_ptp_timestamp,
    correction_field: i64,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(b.delay_req(sequence_id, ts_from_c(origin_timestamp)?)
            .correction(TimeInterval(correction_field)))
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Delay_Resp (IEEE 1588-2019 §13.8) answering the Delay_Req of
/// `requesting_port_identity` with the same sequenceId: logMessageInterval from
/// `builder->log_min_delay_req_interval`, controlField 3. `correction_field` is the
/// request's correctionField (§11.3.2). Arguments, errors and output as for
/// `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_delay_resp(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    receive_timestamp: mf_ptp_timestamp,
    requesting_port_identity: mf_ptp_port_identity,
    correction_field: i64,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(b.delay_resp(
            sequence_id,
            ts_from_c(receive_timestamp)?,
            pid_from_c(requesting_port_identity),
        )
        .correction(TimeInterval(correction_field)))
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Pdelay_Req (IEEE 1588-2019 §13.9): logMessageInterval 0x7F, controlField 5,
/// ten reserved octets after originTimestamp. Arguments, errors and output as for
/// `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_pdelay_req(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    origin_timestamp: mf_ptp_timestamp,
    correction_field: i64,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(b.pdelay_req(sequence_id, ts_from_c(origin_timestamp)?)
            .correction(TimeInterval(correction_field)))
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Pdelay_Resp (IEEE 1588-2019 §13.10) answering the Pdelay_Req of
/// `requesting_port_identity`: twoStepFlag when `two_step`, logMessageInterval 0x7F,
/// controlField 5. Arguments, errors and output as for `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_pdelay_resp(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    request_receipt_timestamp: mf_ptp_timestamp,
    requesting_port_identity: mf_ptp_port_identity,
    two_step: bool,
    correction_field: i64,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(b.pdelay_resp(
            sequence_id,
            ts_from_c(request_receipt_timestamp)?,
            pid_from_c(requesting_port_identity),
            two_step,
        )
        .correction(TimeInterval(correction_field)))
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Pdelay_Resp_Follow_Up (IEEE 1588-2019 §13.11): logMessageInterval 0x7F,
/// controlField 5. Arguments, errors and output as for `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_pdelay_resp_follow_up(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    response_origin_timestamp: mf_ptp_timestamp,
    requesting_port_identity: mf_ptp_port_identity,
    correction_field: i64,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(b.pdelay_resp_follow_up(
            sequence_id,
            ts_from_c(response_origin_timestamp)?,
            pid_from_c(requesting_port_identity),
        )
        .correction(TimeInterval(correction_field)))
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds an Announce (IEEE 1588-2019 §13.5, §9.5.3) from the clock's data sets: the
/// grandmaster fields from `*parent` (its other members are not carried), stepsRemoved,
/// currentUtcOffset, timeSource and the flags of flagField's second octet from
/// `*time_properties`; logMessageInterval from `builder->log_announce_interval`,
/// controlField 5. Arguments, errors and output as for `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`; `parent` must be NULL or point to an
/// `mf_ptp_parent_data_set` and `time_properties` to an
/// `mf_ptp_time_properties_data_set`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_announce(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    origin_timestamp: mf_ptp_timestamp,
    parent: *const mf_ptp_parent_data_set,
    steps_removed: u16,
    time_properties: *const mf_ptp_time_properties_data_set,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        let parent = non_null(parent, "parent")?;
        let time_properties = non_null(time_properties, "time_properties")?;
        // SAFETY: non-NULL and pointing to the data sets (caller's promise); plain data.
        let (p, t) = unsafe { (parent.read(), time_properties.read()) };
        let mut built = b.announce(
            sequence_id,
            &parent_ds_from_c(&p),
            steps_removed,
            &time_properties_from_c(&t),
        );
        if let Body::Announce(a) = &mut built.body {
            a.origin_timestamp = ts_from_c(origin_timestamp)?;
        }
        Ok(built)
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Signaling message (IEEE 1588-2019 §13.12) to `target_port_identity`
/// (all ones: every port): logMessageInterval 0x7F, controlField 5; its TLVs (unicast
/// negotiation, organization extensions, ...) are `tlvs`. Arguments, errors and output
/// as for `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_signaling(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    target_port_identity: mf_ptp_port_identity,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| Ok(b.signaling(sequence_id, pid_from_c(target_port_identity)));
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Builds a Management message (IEEE 1588-2019 §15.4.1) to `target_port_identity`
/// with `action_field` (`MF_PTP_ACTION_*`, at most 15) and startingBoundaryHops =
/// boundaryHops = `boundary_hops`: logMessageInterval 0x7F, controlField 4. The
/// MANAGEMENT TLV (from `mf_ptp_management_tlv_value`) or another TLV goes in `tlvs`.
/// Arguments, errors and output as for `mf_ptp_build_sync`.
///
/// # Safety
///
/// As for `mf_ptp_build_sync`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_build_management(
    builder: *const mf_ptp_builder,
    sequence_id: u16,
    target_port_identity: mf_ptp_port_identity,
    action_field: u8,
    boundary_hops: u8,
    tlvs: *const mf_ptp_tlv_spec,
    n_tlvs: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    let make = |b: &MessageBuilder| {
        Ok(b.management(
            sequence_id,
            pid_from_c(target_port_identity),
            action_field,
            boundary_hops,
        ))
    };
    // SAFETY: the pointers are the caller's, as documented on mf_ptp_build_sync.
    unsafe { build(builder, make, tlvs, n_tlvs, out, out_len, written, err) }
}

/// Writes `result`'s length into `*written`, or the size needed on
/// `MF_STATUS_BUFFER_TOO_SMALL`.
///
/// # Safety
///
/// `written` must be non-NULL and writable.
unsafe fn report_written(result: Result<usize, Error>, written: *mut usize) -> Result<(), Failure> {
    match result {
        Ok(n) => {
            // SAFETY: non-NULL and writable (the caller's promise).
            unsafe { written.write(n) };
            Ok(())
        }
        Err(e) => {
            if let Error::BufferTooSmall { needed, .. } = e {
                // SAFETY: as above.
                unsafe { written.write(needed) };
            }
            Err(e.into())
        }
    }
}

/// Writes the value of a MANAGEMENT TLV (IEEE 1588-2019 §15.5.2: managementId, then the
/// dataField padded to an even length) into `out`, for an `mf_ptp_tlv_spec` of type
/// `MF_PTP_TLV_TYPE_MANAGEMENT`.
///
/// `tlv->data_kind` says where the data comes from: `MF_PTP_MANAGEMENT_DATA_EMPTY`
/// (none: GET requests, commands), one of the typed kinds (the matching member of
/// `*tlv`; `MF_PTP_MANAGEMENT_DATA_OCTET` uses `tlv->octet`), or
/// `MF_PTP_MANAGEMENT_DATA_OTHER` (the `data_len` bytes at `data`, copied as they are,
/// not padded). `data` is only read for `MF_PTP_MANAGEMENT_DATA_OTHER` and may be NULL
/// when `data_len` is 0; `tlv->data_offset` and `tlv->data_len` are ignored, so the
/// view `mf_ptp_tlv_next` gives writes back the same bytes (pass the buffer's
/// dataField as `data` for `MF_PTP_MANAGEMENT_DATA_OTHER`).
///
/// Errors: `MF_STATUS_BUFFER_TOO_SMALL` with `*written` = bytes needed;
/// `MF_STATUS_INVALID_ARGUMENT` for an unknown `data_kind`, a typed kind that is not
/// what `management_id` carries (a PORT_DATA_SET for PRIORITY1, an octet for
/// DEFAULT_DATA_SET, ...) or `data` overlapping `out`; `MF_STATUS_OUT_OF_RANGE` for
/// values that do not fit.
///
/// # Safety
///
/// `tlv` must be NULL or point to an `mf_ptp_management_tlv`; `data` must be NULL or
/// point to `data_len` readable bytes; `out` must be NULL or point to `out_len`
/// writable bytes; `written` must be NULL or point to a writable `size_t`; `err` must
/// be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_management_tlv_value(
    tlv: *const mf_ptp_management_tlv,
    data: *const u8,
    data_len: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let tlv = non_null(tlv, "tlv")?;
        // SAFETY: non-NULL and points to a management TLV (caller's promise); plain data.
        let t = unsafe { tlv.read() };
        let raw: &[u8] = if t.data_kind == MF_PTP_MANAGEMENT_DATA_OTHER && data_len > 0 {
            no_overlap(
                data,
                data_len,
                out,
                out_len,
                "data",
                "data that does not overlap `out`",
            )?;
            // SAFETY: the caller promises `data_len` readable bytes at `data`, which do
            // not overlap `out` (checked above).
            unsafe { in_slice(data, data_len, "data") }?
        } else {
            &[]
        };
        // SAFETY: the caller promises `out_len` writable bytes at `out`.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        let d = match t.data_kind {
            MF_PTP_MANAGEMENT_DATA_EMPTY => ManagementData::Empty,
            MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET => {
                ManagementData::DefaultDataSet(default_ds_from_c(&t.default_data_set))
            }
            MF_PTP_MANAGEMENT_DATA_CURRENT_DATA_SET => {
                ManagementData::CurrentDataSet(current_ds_from_c(&t.current_data_set))
            }
            MF_PTP_MANAGEMENT_DATA_PARENT_DATA_SET => {
                ManagementData::ParentDataSet(parent_ds_from_c(&t.parent_data_set))
            }
            MF_PTP_MANAGEMENT_DATA_TIME_PROPERTIES_DATA_SET => {
                ManagementData::TimePropertiesDataSet(time_properties_from_c(
                    &t.time_properties_data_set,
                ))
            }
            MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET => {
                ManagementData::PortDataSet(port_ds_from_c(&t.port_data_set))
            }
            MF_PTP_MANAGEMENT_DATA_OCTET => ManagementData::Octet(t.octet),
            MF_PTP_MANAGEMENT_DATA_OTHER => ManagementData::Raw(raw),
            other => {
                return Err(Failure::invalid_argument(
                    "tlv.data_kind",
                    "an MF_PTP_MANAGEMENT_DATA_* constant",
                    u64::from(other),
                ));
            }
        };
        let m = ManagementTlv {
            management_id: ManagementId(t.management_id),
            data: d,
        };
        // SAFETY: `written` is non-NULL and writable (caller's promise).
        unsafe { report_written(m.emit(out), written) }?;
        // A typed kind must be the one the managementId carries: the crate reads the
        // bytes back as that kind only then.
        if !matches!(
            t.data_kind,
            MF_PTP_MANAGEMENT_DATA_EMPTY | MF_PTP_MANAGEMENT_DATA_OTHER
        ) {
            let back = ManagementTlv::parse(&out[..m.buffer_len()])
                .ok()
                .map(|back| management_to_c(&back, 0, m.buffer_len()).data_kind);
            if back != Some(t.data_kind) {
                return Err(Failure::invalid_argument(
                    "tlv.data_kind",
                    "the kind of data tlv.management_id carries",
                    u64::from(t.data_kind),
                ));
            }
        }
        Ok(())
    })
}

/// Writes the value of an SMPTE ST 2059-2 synchronization metadata TLV (SMPTE ST
/// 2059-2:2021 §7.2: organizationId 68-97-E8, organizationSubType 1, the 42-octet
/// dataField) into `out`, `MF_PTP_SMPTE_TLV_VALUE_LEN` (48) bytes, for an
/// `mf_ptp_tlv_spec` of type `MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION` (which an ST
/// 2059-2 grandmaster sends in a Management message).
///
/// Errors: `MF_STATUS_BUFFER_TOO_SMALL` with `*written` = 48; `MF_STATUS_OUT_OF_RANGE`
/// for a 48-bit time above 2^48 - 1.
///
/// # Safety
///
/// `metadata` must be NULL or point to an `mf_ptp_smpte_sync_metadata`; `out` must be
/// NULL or point to `out_len` writable bytes; `written` must be NULL or point to a
/// writable `size_t`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_smpte_tlv_value(
    metadata: *const mf_ptp_smpte_sync_metadata,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let metadata = non_null(metadata, "metadata")?;
        // SAFETY: the caller promises `out_len` writable bytes at `out`.
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: non-NULL and points to the metadata (caller's promise); plain data.
        let s = smpte_from_c(&unsafe { metadata.read() });
        let mut data = [0u8; SmpteSyncMetadata::DATA_LEN];
        s.emit(&mut data)?;
        let x = OrgExtension {
            organization_id: SMPTE_OUI,
            organization_sub_type: SmpteSyncMetadata::SUB_TYPE,
            data: &data,
        };
        // SAFETY: `written` is non-NULL and writable (caller's promise).
        unsafe { report_written(x.emit(out), written) }
    })
}

// ---------------------------------------------------------------------------------
// Transports
// ---------------------------------------------------------------------------------

/// How a message is carried (`MF_PTP_TRANSPORT_*`).
pub type mf_ptp_transport_kind = u32;

/// IEEE 802.3 / Ethernet, ethertype 0x88F7 (IEEE 1588-2019 Annex E).
pub const MF_PTP_TRANSPORT_L2: mf_ptp_transport_kind = 0;
/// UDP over IPv4 (Annex C).
pub const MF_PTP_TRANSPORT_UDP4: mf_ptp_transport_kind = 1;
/// UDP over IPv6 (Annex D).
pub const MF_PTP_TRANSPORT_UDP6: mf_ptp_transport_kind = 2;

/// Everything `mf_ptp_frame` needs around a message. Fill it with
/// `mf_ptp_transport_init`, then set the source addresses.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mf_ptp_transport {
    /// `MF_PTP_TRANSPORT_L2`, `_UDP4` or `_UDP6`.
    pub kind: mf_ptp_transport_kind,
    /// Source MAC address.
    pub src_mac: [u8; 6],
    /// Destination MAC address.
    pub dst_mac: [u8; 6],
    /// Source address (UDP): IPv4 for `MF_PTP_TRANSPORT_UDP4`, IPv6 for `_UDP6`.
    /// Ignored for Layer 2.
    pub src: mf_ip_addr,
    /// Destination address (UDP), of the same family. Ignored for Layer 2.
    pub dst: mf_ip_addr,
    /// IPv4 TTL or IPv6 hop limit (UDP).
    pub ttl: u8,
    /// DSCP, 0..=63 (UDP; 46 is expedited forwarding).
    pub dscp: u8,
    /// UDP over IPv6 only: append the two octets of Annex D.6 after the message, which
    /// a one-step clock may change to keep the UDP checksum right (linuxptp always
    /// appends them).
    pub checksum_trailer: bool,
}

/// Where the message of a frame is (`mf_ptp_locate`). Offsets are from the start of
/// the frame.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct mf_ptp_location {
    /// The transport found (`MF_PTP_TRANSPORT_*`).
    pub kind: mf_ptp_transport_kind,
    /// Offset of the PTP message: parse `len - offset` bytes from there.
    pub offset: usize,
    /// Offset of the IP header (UDP); for Layer 2, the Ethernet payload (= `offset`).
    pub ip_offset: usize,
    /// Offset of the UDP header (UDP); 0 for Layer 2.
    pub udp_offset: usize,
}

/// Fills `*out` for `kind` with the standard's destination (IEEE 1588-2019 Annexes C.3,
/// D.3, E.3): the peer delay address when `peer_delay` (224.0.0.107, FF02::6B,
/// 01-80-C2-00-00-0E; for Pdelay_* messages), else the primary one (224.0.1.129,
/// FF0E::181 (global scope, linuxptp's default), 01-1B-19-00-00-00), with the matching
/// multicast MAC; TTL 1, DSCP 0, no checksum trailer. The source addresses are zero:
/// set them.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for an unknown `kind`. `*out` is written only
/// on success.
///
/// # Safety
///
/// `out` must be NULL or point to a writable `mf_ptp_transport`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_transport_init(
    kind: mf_ptp_transport_kind,
    peer_delay: bool,
    out: *mut mf_ptp_transport,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let out = non_null_mut(out, "out")?;
        let (dst_mac, family, dst): (_, _, Option<IpAddr>) = match kind {
            MF_PTP_TRANSPORT_L2 => (
                if peer_delay {
                    transport::L2_PDELAY_MAC
                } else {
                    transport::L2_PRIMARY_MAC
                },
                MF_IP_FAMILY_V4,
                None,
            ),
            MF_PTP_TRANSPORT_UDP4 => {
                let g = if peer_delay {
                    transport::IPV4_PDELAY
                } else {
                    transport::IPV4_PRIMARY
                };
                (
                    transport::ipv4_multicast_mac(g),
                    MF_IP_FAMILY_V4,
                    Some(g.into()),
                )
            }
            MF_PTP_TRANSPORT_UDP6 => {
                let g = if peer_delay {
                    transport::IPV6_PDELAY
                } else {
                    transport::ipv6_primary(0x0E)
                };
                (
                    transport::ipv6_multicast_mac(g),
                    MF_IP_FAMILY_V6,
                    Some(g.into()),
                )
            }
            other => return Err(kind_failure(other)),
        };
        let zero = mf_ip_addr {
            family,
            bytes: [0; 16],
        };
        let t = mf_ptp_transport {
            kind,
            src_mac: [0; 6],
            dst_mac,
            src: zero,
            dst: dst.map_or(zero, mf_ip_addr::from_ip),
            ttl: 1,
            dscp: 0,
            checksum_trailer: false,
        };
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(t) };
        Ok(())
    })
}

fn kind_failure(kind: mf_ptp_transport_kind) -> Failure {
    Failure::invalid_argument(
        "transport.kind",
        "MF_PTP_TRANSPORT_L2 (0), _UDP4 (1) or _UDP6 (2)",
        u64::from(kind),
    )
}

fn transport_from_c(t: &mf_ptp_transport) -> Result<Transport, Failure> {
    Ok(match t.kind {
        MF_PTP_TRANSPORT_L2 => Transport::Layer2 {
            src_mac: t.src_mac,
            dst_mac: t.dst_mac,
        },
        MF_PTP_TRANSPORT_UDP4 => {
            let want = "an IPv4 address (MF_IP_FAMILY_V4) for MF_PTP_TRANSPORT_UDP4";
            let (IpAddr::V4(src), IpAddr::V4(dst)) =
                (t.src.to_ip("transport.src")?, t.dst.to_ip("transport.dst")?)
            else {
                let field = if t.src.family == MF_IP_FAMILY_V4 {
                    "transport.dst"
                } else {
                    "transport.src"
                };
                return Err(Failure::invalid_argument(field, want, 6));
            };
            Transport::Udp4 {
                src_mac: t.src_mac,
                dst_mac: t.dst_mac,
                src,
                dst,
                ttl: t.ttl,
                dscp: t.dscp,
            }
        }
        MF_PTP_TRANSPORT_UDP6 => {
            let want = "an IPv6 address (MF_IP_FAMILY_V6) for MF_PTP_TRANSPORT_UDP6";
            let (IpAddr::V6(src), IpAddr::V6(dst)) =
                (t.src.to_ip("transport.src")?, t.dst.to_ip("transport.dst")?)
            else {
                let field = if t.src.family == MF_IP_FAMILY_V6 {
                    "transport.dst"
                } else {
                    "transport.src"
                };
                return Err(Failure::invalid_argument(field, want, 4));
            };
            Transport::Udp6 {
                src_mac: t.src_mac,
                dst_mac: t.dst_mac,
                src,
                dst,
                hop_limit: t.ttl,
                dscp: t.dscp,
                checksum_trailer: t.checksum_trailer,
            }
        }
        other => return Err(kind_failure(other)),
    })
}

/// The length of the frame `mf_ptp_frame` writes for a message of `message_len` bytes:
/// 14 (Ethernet), + 20 + 8 (UDP/IPv4) or 40 + 8 (UDP/IPv6), + the message, + 2 with
/// the IPv6 checksum trailer.
///
/// Returns `MF_STATUS_INVALID_ARGUMENT` for an unknown kind and
/// `MF_STATUS_OUT_OF_RANGE` when the sum overflows `size_t`. `*out` is written only on
/// success.
///
/// # Safety
///
/// `transport` must be NULL or point to an `mf_ptp_transport`; `out` must be NULL or
/// point to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_frame_len(
    transport: *const mf_ptp_transport,
    message_len: usize,
    out: *mut usize,
) -> mf_status {
    guard(ptr::null_mut(), || {
        let transport = non_null(transport, "transport")?;
        let out = non_null_mut(out, "out")?;
        // SAFETY: non-NULL and points to a transport (caller's promise); plain data.
        let t = transport_from_c(&unsafe { transport.read() })?;
        let extra = t.frame_len(0);
        let n = message_len.checked_add(extra).ok_or(Failure::OutOfRange {
            field: "message_len",
            value: message_len as u64,
            max: (usize::MAX - extra) as u64,
        })?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(n) };
        Ok(())
    })
}

/// Writes a whole Ethernet frame carrying `message` (a built or parsed PTP message)
/// into `out` (IEEE 1588-2019 Annexes C, D, E): event messages go to UDP port 319,
/// general ones to 320, chosen from the messageType; the IPv4 header checksum and the
/// UDP checksum are computed (IPv4: Don't Fragment set, identification 0).
///
/// Errors: `MF_STATUS_BUFFER_TOO_SMALL` with `*written` = bytes needed (see
/// `mf_ptp_frame_len`); `MF_STATUS_TRUNCATED` for a message shorter than the header;
/// `MF_STATUS_OUT_OF_RANGE` for a DSCP above 63 or a message too long for one datagram;
/// `MF_STATUS_INVALID_ARGUMENT` for an unknown kind, an address of the wrong family or
/// `out` overlapping `message`. On failure the contents of `out` are unspecified.
///
/// # Safety
///
/// `transport` must be NULL or point to an `mf_ptp_transport`; `message` must be NULL
/// or point to `message_len` readable bytes; `out` must be NULL or point to `out_len`
/// writable bytes; `written` must be NULL or point to a writable `size_t`; `err` must
/// be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_frame(
    transport: *const mf_ptp_transport,
    message: *const u8,
    message_len: usize,
    out: *mut u8,
    out_len: usize,
    written: *mut usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        let transport = non_null(transport, "transport")?;
        no_overlap(
            message,
            message_len,
            out,
            out_len,
            "out",
            "a buffer that does not overlap `message`",
        )?;
        // SAFETY: the caller promises `message_len` readable bytes at `message`.
        let message = unsafe { in_slice(message, message_len, "message") }?;
        // SAFETY: the caller promises `out_len` writable bytes at `out`, which do not
        // overlap `message` (checked above).
        let out = unsafe { out_slice(out, out_len, "out") }?;
        let written = non_null_mut(written, "written")?;
        // SAFETY: non-NULL and points to a transport (caller's promise); plain data.
        let t = transport_from_c(&unsafe { transport.read() })?;
        // SAFETY: `written` is non-NULL and writable (caller's promise).
        unsafe { report_written(t.frame(message, out), written) }
    })
}

fn location_to_c(l: &Located) -> mf_ptp_location {
    mf_ptp_location {
        kind: match (l.udp_offset, l.ipv6) {
            (None, _) => MF_PTP_TRANSPORT_L2,
            (Some(_), false) => MF_PTP_TRANSPORT_UDP4,
            (Some(_), true) => MF_PTP_TRANSPORT_UDP6,
        },
        offset: l.offset,
        ip_offset: l.ip_offset,
        udp_offset: l.udp_offset.unwrap_or(0),
    }
}

/// Finds the PTP message in an Ethernet frame (IEEE 802.1Q or 802.1ad tags allowed)
/// carried over Layer 2 (ethertype 0x88F7), UDP/IPv4 or UDP/IPv6 (destination port 319
/// or 320).
///
/// Errors name the layer: `MF_STATUS_TRUNCATED` (`MF_LAYER_ETHERNET`: the frame ends
/// before the header at `offset`), `MF_STATUS_INVALID_FIELD` for another etherType
/// (`MF_LAYER_ETHERNET`), an IPv4 packet not carrying UDP (`MF_LAYER_IPV4`), an IPv6
/// next header other than UDP (`MF_LAYER_IPV6`; extension headers are not followed) or
/// another UDP port (`MF_LAYER_UDP`). `*out` is written only on success.
///
/// # Safety
///
/// `frame` must be NULL or point to `len` readable bytes; `out` must be NULL or point to
/// a writable `mf_ptp_location`; `err` must be NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_locate(
    frame: *const u8,
    len: usize,
    out: *mut mf_ptp_location,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` readable bytes at `frame`.
        let frame = unsafe { in_slice(frame, len, "frame") }?;
        let out = non_null_mut(out, "out")?;
        let l = transport::locate(frame).map_err(frame_failure)?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { out.write(location_to_c(&l)) };
        Ok(())
    })
}

/// Adds `delta` (nanoseconds multiplied by 2^16, saturating) to the correctionField of
/// the PTP message in `frame`, in place (a transparent clock's residence time, a
/// one-step clock's correction; IEEE 1588-2019 §10.2, §11.5), and updates the UDP
/// checksum (an IPv4 checksum of zero, "not computed", stays zero). The new
/// correctionField goes to `*correction_field`.
///
/// Errors: those of `mf_ptp_locate`; `MF_STATUS_TRUNCATED` (`MF_LAYER_PTP`) when the
/// frame ends inside the PTP header; `MF_STATUS_INVALID_FIELD` (`MF_LAYER_UDP`) for a
/// UDP length that does not fit the frame. `*correction_field` is written only on
/// success. The frame is unchanged after an error, except after the UDP length error:
/// the PTP crate checks the UDP header last, so the correctionField has been updated
/// and the UDP checksum has not.
///
/// # Safety
///
/// `frame` must be NULL or point to `len` readable and writable bytes;
/// `correction_field` must be NULL or point to a writable `int64_t`; `err` must be NULL
/// or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_add_to_correction(
    frame: *mut u8,
    len: usize,
    delta: i64,
    correction_field: *mut i64,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` writable bytes at `frame`.
        let frame = unsafe { out_slice(frame, len, "frame") }?;
        let correction_field = non_null_mut(correction_field, "correction_field")?;
        let new =
            transport::add_to_correction(frame, TimeInterval(delta)).map_err(frame_failure)?;
        // SAFETY: non-NULL and writable (caller's promise).
        unsafe { correction_field.write(new.0) };
        Ok(())
    })
}

/// Writes `origin_timestamp` into the first body field of the Sync, Delay_Req,
/// Pdelay_Req (originTimestamp) or Follow_Up (preciseOriginTimestamp) in `frame`, in
/// place, as a one-step clock does at transmission (IEEE 1588-2019 §9.5.9), and updates
/// the UDP checksum (an IPv4 checksum of zero stays zero).
///
/// Errors: those of `mf_ptp_locate`; `MF_STATUS_INVALID_FIELD` (`MF_LAYER_PTP`) for
/// another messageType; `MF_STATUS_TRUNCATED` when the frame ends before the timestamp;
/// `MF_STATUS_OUT_OF_RANGE` for seconds above 2^48 - 1 or nanoseconds of 10^9 or more;
/// `MF_STATUS_INVALID_FIELD` (`MF_LAYER_UDP`) for a UDP length that does not fit the
/// frame. The frame is unchanged after an error, except after the UDP length error: the
/// PTP crate checks the UDP header last, so the timestamp has been written and the UDP
/// checksum has not.
///
/// # Safety
///
/// `frame` must be NULL or point to `len` readable and writable bytes; `err` must be
/// NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_set_origin_timestamp(
    frame: *mut u8,
    len: usize,
    origin_timestamp: mf_ptp_timestamp,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` writable bytes at `frame`.
        let frame = unsafe { out_slice(frame, len, "frame") }?;
        let t = ts_from_c(origin_timestamp)?;
        transport::set_origin_timestamp(frame, t).map_err(frame_failure)
    })
}

/// Recomputes the UDP checksum of the framed PTP message in `frame`, in place, after
/// any change to the message (RFC 768; RFC 8200 §8.1). A Layer 2 frame has none and is
/// left as it is.
///
/// Errors: those of `mf_ptp_locate`; `MF_STATUS_INVALID_FIELD` (`MF_LAYER_UDP`) for a
/// UDP length that does not fit the frame.
///
/// # Safety
///
/// `frame` must be NULL or point to `len` readable and writable bytes; `err` must be
/// NULL or point to a writable `mf_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mf_ptp_fix_udp_checksum(
    frame: *mut u8,
    len: usize,
    err: *mut mf_error,
) -> mf_status {
    guard(err, || {
        // SAFETY: the caller promises `len` writable bytes at `frame`.
        let frame = unsafe { out_slice(frame, len, "frame") }?;
        transport::fix_udp_checksum(frame).map_err(frame_failure)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cstr(p: *const c_char) -> &'static str {
        assert!(!p.is_null());
        // SAFETY: the library returns static NUL-terminated strings.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn constants_are_the_crates() {
        assert_eq!(MF_PTP_HEADER_LEN, HEADER_LEN);
        assert_eq!(MF_PTP_EVENT_PORT, mediafabric_ptp::EVENT_PORT);
        assert_eq!(MF_PTP_GENERAL_PORT, mediafabric_ptp::GENERAL_PORT);
        assert_eq!(MF_PTP_ETHERTYPE, mediafabric_ptp::ETHERTYPE);
        assert_eq!(MF_PTP_SECONDS_MAX, Timestamp::MAX_SECONDS);
        assert_eq!(
            MF_PTP_NO_INTERVAL,
            mediafabric_ptp::wire::builder::NO_INTERVAL
        );
        let flags = [
            (MF_PTP_FLAG_ALTERNATE_MASTER, "alternateMasterFlag"),
            (MF_PTP_FLAG_TWO_STEP, "twoStepFlag"),
            (MF_PTP_FLAG_UNICAST, "unicastFlag"),
            (MF_PTP_FLAG_PROFILE_SPECIFIC_1, "ptpProfileSpecific1"),
            (MF_PTP_FLAG_PROFILE_SPECIFIC_2, "ptpProfileSpecific2"),
            (MF_PTP_FLAG_LEAP_61, "leap61"),
            (MF_PTP_FLAG_LEAP_59, "leap59"),
            (
                MF_PTP_FLAG_CURRENT_UTC_OFFSET_VALID,
                "currentUtcOffsetValid",
            ),
            (MF_PTP_FLAG_PTP_TIMESCALE, "ptpTimescale"),
            (MF_PTP_FLAG_TIME_TRACEABLE, "timeTraceable"),
            (MF_PTP_FLAG_FREQUENCY_TRACEABLE, "frequencyTraceable"),
            (
                MF_PTP_FLAG_SYNCHRONIZATION_UNCERTAIN,
                "synchronizationUncertain",
            ),
        ];
        // Every flag the crate names, and nothing else.
        assert_eq!(flags.len(), FlagField::NAMED.len());
        for ((bits, name), (crate_name, crate_flag)) in flags.iter().zip(FlagField::NAMED.iter()) {
            assert_eq!(*bits, crate_flag.bits(), "{name}");
            assert_eq!(name, crate_name);
        }
        let types = [
            (MF_PTP_MESSAGE_TYPE_SYNC, MessageType::Sync),
            (MF_PTP_MESSAGE_TYPE_DELAY_REQ, MessageType::DelayReq),
            (MF_PTP_MESSAGE_TYPE_PDELAY_REQ, MessageType::PdelayReq),
            (MF_PTP_MESSAGE_TYPE_PDELAY_RESP, MessageType::PdelayResp),
            (MF_PTP_MESSAGE_TYPE_FOLLOW_UP, MessageType::FollowUp),
            (MF_PTP_MESSAGE_TYPE_DELAY_RESP, MessageType::DelayResp),
            (
                MF_PTP_MESSAGE_TYPE_PDELAY_RESP_FOLLOW_UP,
                MessageType::PdelayRespFollowUp,
            ),
            (MF_PTP_MESSAGE_TYPE_ANNOUNCE, MessageType::Announce),
            (MF_PTP_MESSAGE_TYPE_SIGNALING, MessageType::Signaling),
            (MF_PTP_MESSAGE_TYPE_MANAGEMENT, MessageType::Management),
        ];
        for (c, t) in types {
            assert_eq!(c, t.bits());
            assert_eq!(cstr(mf_ptp_message_type_str(c)), t.name().unwrap());
        }
        assert_eq!(MESSAGE_TYPE_COUNT, types.len());
        for action in 0..=4u8 {
            let name = mediafabric_ptp::wire::ManagementFields::action_name(action).unwrap();
            let c = [
                MF_PTP_ACTION_GET,
                MF_PTP_ACTION_SET,
                MF_PTP_ACTION_RESPONSE,
                MF_PTP_ACTION_COMMAND,
                MF_PTP_ACTION_ACKNOWLEDGE,
            ][usize::from(action)];
            assert_eq!(c, action, "{name}");
        }
        assert_eq!(MF_PTP_SMPTE_OUI.to_be_bytes()[1..], SMPTE_OUI);
        assert_eq!(
            MF_PTP_SMPTE_SYNC_METADATA_SUB_TYPE,
            SmpteSyncMetadata::SUB_TYPE
        );
        assert_eq!(MF_PTP_SMPTE_TLV_VALUE_LEN, 6 + SmpteSyncMetadata::DATA_LEN);
    }

    #[test]
    fn names_are_the_crates_with_a_nul() {
        // Every named value has its constant here, and the other way round.
        assert_eq!(TLV_TYPE_CONSTANTS.len(), TLV_TYPE_COUNT);
        for (v, name) in TLV_TYPE_CONSTANTS {
            assert_eq!(TlvType(v).name(), Some(name));
            assert_eq!(cstr(mf_ptp_tlv_type_str(v)), name);
        }
        assert_eq!(MANAGEMENT_ID_CONSTANTS.len(), MANAGEMENT_ID_COUNT);
        for (v, name) in MANAGEMENT_ID_CONSTANTS {
            assert_eq!(ManagementId(v).name(), Some(name));
            assert_eq!(cstr(mf_ptp_management_id_str(v)), name);
        }
        for v in 0..=u16::MAX {
            if TlvType(v).name().is_none() {
                assert_eq!(cstr(mf_ptp_tlv_type_str(v)), "unknown TLV type");
            }
            if ManagementId(v).name().is_none() {
                assert_eq!(cstr(mf_ptp_management_id_str(v)), "unknown managementId");
            }
        }
        for v in [4u8, 7, 0xE, 0xF, 0x10, 0x80, 0xFF] {
            assert_eq!(cstr(mf_ptp_message_type_str(v)), "unknown message type");
        }
    }

    /// The captured frames of the C tests (`tests/ptp_frames.h`), by name.
    fn captured_frames() -> Vec<(&'static str, Vec<u8>)> {
        let text = include_str!("../tests/ptp_frames.h");
        let mut frames = Vec::new();
        for block in text.split("static const uint8_t ").skip(1) {
            let name = block.split('[').next().unwrap();
            let body = &block[block.find('{').unwrap() + 1..block.find('}').unwrap()];
            let bytes = body
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| u8::from_str_radix(t.trim_start_matches("0x"), 16).unwrap())
                .collect();
            frames.push((name, bytes));
        }
        assert_eq!(frames.len(), 23);
        frames
    }

    /// Parses `msg` and reads every TLV; returns the number of TLVs, or None when the
    /// message does not parse. Panics if the library reports a panic or iterates
    /// forever.
    fn parse_all(msg: &[u8]) -> Option<usize> {
        let mut m = mf_ptp_message::default();
        // SAFETY: valid pointers and lengths for the whole block.
        unsafe {
            let s = mf_ptp_message_parse(msg.as_ptr(), msg.len(), &mut m, ptr::null_mut());
            assert_ne!(s, crate::MF_STATUS_PANIC);
            if s != crate::MF_STATUS_OK {
                return None;
            }
            let mut it = mf_ptp_tlv_iter::default();
            assert_eq!(
                mf_ptp_tlv_iter_init(msg.as_ptr(), msg.len(), &m, &mut it),
                crate::MF_STATUS_OK
            );
            let mut t = mf_ptp_tlv::default();
            let mut e = core::mem::MaybeUninit::<mf_error>::uninit();
            for n in 0..=msg.len() {
                let s = mf_ptp_tlv_next(&mut it, msg.as_ptr(), msg.len(), &mut t, e.as_mut_ptr());
                assert_ne!(s, crate::MF_STATUS_PANIC);
                if s == MF_STATUS_END {
                    return Some(n);
                }
                if s == crate::MF_STATUS_OK {
                    assert!(t.value_offset + t.value_len <= msg.len());
                }
            }
        }
        panic!("the TLV iterator did not end");
    }

    #[test]
    fn every_cut_and_byte_change_of_the_captures_is_handled() {
        for (name, frame) in captured_frames() {
            let mut loc = mf_ptp_location::default();
            // SAFETY: valid pointers and length.
            let s =
                unsafe { mf_ptp_locate(frame.as_ptr(), frame.len(), &mut loc, ptr::null_mut()) };
            assert_eq!(s, crate::MF_STATUS_OK, "{name}");
            let msg = &frame[loc.offset..];
            let tlvs = parse_all(msg).unwrap_or_else(|| panic!("{name} parses"));
            assert_eq!(tlvs, usize::from(name.starts_with("mgmt_")), "{name}");
            for cut in 0..msg.len() {
                parse_all(&msg[..cut]);
            }
            for i in 0..msg.len() {
                for v in [0x00, 0xFF, 0x80, 0x01, msg[i] ^ 0x10] {
                    let mut m = msg.to_vec();
                    m[i] = v;
                    parse_all(&m);
                }
            }
            // The frame functions on every cut of the frame.
            for cut in 0..=frame.len() {
                let mut f = frame[..cut].to_vec();
                let mut c = 0i64;
                // SAFETY: valid pointers and lengths.
                unsafe {
                    let e = ptr::null_mut();
                    for s in [
                        mf_ptp_locate(f.as_ptr(), f.len(), &mut loc, e),
                        mf_ptp_fix_udp_checksum(f.as_mut_ptr(), f.len(), e),
                        mf_ptp_add_to_correction(f.as_mut_ptr(), f.len(), 1, &mut c, e),
                        mf_ptp_set_origin_timestamp(
                            f.as_mut_ptr(),
                            f.len(),
                            mf_ptp_timestamp::default(),
                            e,
                        ),
                    ] {
                        assert_ne!(s, crate::MF_STATUS_PANIC, "{name} cut at {cut}");
                    }
                }
            }
        }
    }
}
