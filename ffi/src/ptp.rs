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
    Body, ClockAccuracy, ClockIdentity, ClockQuality, FlagField, Header, HEADER_LEN, Message,
    MessageType, PortIdentity, TimeInterval, TimeSource, Timestamp, TlvType,
};

use crate::{
    Failure, MF_IP_FAMILY_V4, MF_IP_FAMILY_V6, MF_LAYER_ETHERNET, MF_LAYER_IPV4, MF_LAYER_IPV6,
    MF_LAYER_PTP, MF_LAYER_UDP, MF_STATUS_BUFFER_TOO_SMALL, MF_STATUS_END,
    MF_STATUS_INVALID_FIELD, MF_STATUS_OUT_OF_RANGE, MF_STATUS_TRUNCATED, guard, guard_value,
    in_slice, mf_error, mf_ip_addr, mf_layer, mf_status, no_overlap, non_null, non_null_mut,
    out_slice,
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
    (MF_PTP_TLV_TYPE_MANAGEMENT_ERROR_STATUS, "MANAGEMENT_ERROR_STATUS"),
    (MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION, "ORGANIZATION_EXTENSION"),
    (MF_PTP_TLV_TYPE_REQUEST_UNICAST_TRANSMISSION, "REQUEST_UNICAST_TRANSMISSION"),
    (MF_PTP_TLV_TYPE_GRANT_UNICAST_TRANSMISSION, "GRANT_UNICAST_TRANSMISSION"),
    (MF_PTP_TLV_TYPE_CANCEL_UNICAST_TRANSMISSION, "CANCEL_UNICAST_TRANSMISSION"),
    (MF_PTP_TLV_TYPE_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION, "ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION"),
    (MF_PTP_TLV_TYPE_PATH_TRACE, "PATH_TRACE"),
    (MF_PTP_TLV_TYPE_ALTERNATE_TIME_OFFSET_INDICATOR, "ALTERNATE_TIME_OFFSET_INDICATOR"),
    (MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION_PROPAGATE, "ORGANIZATION_EXTENSION_PROPAGATE"),
    (MF_PTP_TLV_TYPE_ENHANCED_ACCURACY_METRICS, "ENHANCED_ACCURACY_METRICS"),
    (MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE, "ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE"),
    (MF_PTP_TLV_TYPE_L1_SYNC, "L1_SYNC"),
    (MF_PTP_TLV_TYPE_PORT_COMMUNICATION_AVAILABILITY, "PORT_COMMUNICATION_AVAILABILITY"),
    (MF_PTP_TLV_TYPE_PROTOCOL_ADDRESS, "PROTOCOL_ADDRESS"),
    (MF_PTP_TLV_TYPE_SLAVE_RX_SYNC_TIMING_DATA, "SLAVE_RX_SYNC_TIMING_DATA"),
    (MF_PTP_TLV_TYPE_SLAVE_RX_SYNC_COMPUTED_DATA, "SLAVE_RX_SYNC_COMPUTED_DATA"),
    (MF_PTP_TLV_TYPE_SLAVE_TX_EVENT_TIMESTAMPS, "SLAVE_TX_EVENT_TIMESTAMPS"),
    (MF_PTP_TLV_TYPE_CUMULATIVE_RATE_RATIO, "CUMULATIVE_RATE_RATIO"),
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
    (MF_PTP_MANAGEMENT_ID_NULL_PTP_MANAGEMENT, "NULL_PTP_MANAGEMENT"),
    (MF_PTP_MANAGEMENT_ID_CLOCK_DESCRIPTION, "CLOCK_DESCRIPTION"),
    (MF_PTP_MANAGEMENT_ID_USER_DESCRIPTION, "USER_DESCRIPTION"),
    (MF_PTP_MANAGEMENT_ID_SAVE_IN_NON_VOLATILE_STORAGE, "SAVE_IN_NON_VOLATILE_STORAGE"),
    (MF_PTP_MANAGEMENT_ID_RESET_NON_VOLATILE_STORAGE, "RESET_NON_VOLATILE_STORAGE"),
    (MF_PTP_MANAGEMENT_ID_INITIALIZE, "INITIALIZE"),
    (MF_PTP_MANAGEMENT_ID_FAULT_LOG, "FAULT_LOG"),
    (MF_PTP_MANAGEMENT_ID_FAULT_LOG_RESET, "FAULT_LOG_RESET"),
    (MF_PTP_MANAGEMENT_ID_DEFAULT_DATA_SET, "DEFAULT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_CURRENT_DATA_SET, "CURRENT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_PARENT_DATA_SET, "PARENT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_TIME_PROPERTIES_DATA_SET, "TIME_PROPERTIES_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_PORT_DATA_SET, "PORT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_PRIORITY1, "PRIORITY1"),
    (MF_PTP_MANAGEMENT_ID_PRIORITY2, "PRIORITY2"),
    (MF_PTP_MANAGEMENT_ID_DOMAIN, "DOMAIN"),
    (MF_PTP_MANAGEMENT_ID_SLAVE_ONLY, "SLAVE_ONLY"),
    (MF_PTP_MANAGEMENT_ID_LOG_ANNOUNCE_INTERVAL, "LOG_ANNOUNCE_INTERVAL"),
    (MF_PTP_MANAGEMENT_ID_ANNOUNCE_RECEIPT_TIMEOUT, "ANNOUNCE_RECEIPT_TIMEOUT"),
    (MF_PTP_MANAGEMENT_ID_LOG_SYNC_INTERVAL, "LOG_SYNC_INTERVAL"),
    (MF_PTP_MANAGEMENT_ID_VERSION_NUMBER, "VERSION_NUMBER"),
    (MF_PTP_MANAGEMENT_ID_ENABLE_PORT, "ENABLE_PORT"),
    (MF_PTP_MANAGEMENT_ID_DISABLE_PORT, "DISABLE_PORT"),
    (MF_PTP_MANAGEMENT_ID_TIME, "TIME"),
    (MF_PTP_MANAGEMENT_ID_CLOCK_ACCURACY, "CLOCK_ACCURACY"),
    (MF_PTP_MANAGEMENT_ID_UTC_PROPERTIES, "UTC_PROPERTIES"),
    (MF_PTP_MANAGEMENT_ID_TRACEABILITY_PROPERTIES, "TRACEABILITY_PROPERTIES"),
    (MF_PTP_MANAGEMENT_ID_TIMESCALE_PROPERTIES, "TIMESCALE_PROPERTIES"),
    (MF_PTP_MANAGEMENT_ID_UNICAST_NEGOTIATION_ENABLE, "UNICAST_NEGOTIATION_ENABLE"),
    (MF_PTP_MANAGEMENT_ID_PATH_TRACE_LIST, "PATH_TRACE_LIST"),
    (MF_PTP_MANAGEMENT_ID_PATH_TRACE_ENABLE, "PATH_TRACE_ENABLE"),
    (MF_PTP_MANAGEMENT_ID_GRANDMASTER_CLUSTER_TABLE, "GRANDMASTER_CLUSTER_TABLE"),
    (MF_PTP_MANAGEMENT_ID_UNICAST_MASTER_TABLE, "UNICAST_MASTER_TABLE"),
    (MF_PTP_MANAGEMENT_ID_UNICAST_MASTER_MAX_TABLE_SIZE, "UNICAST_MASTER_MAX_TABLE_SIZE"),
    (MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_TABLE, "ACCEPTABLE_MASTER_TABLE"),
    (MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_TABLE_ENABLED, "ACCEPTABLE_MASTER_TABLE_ENABLED"),
    (MF_PTP_MANAGEMENT_ID_ACCEPTABLE_MASTER_MAX_TABLE_SIZE, "ACCEPTABLE_MASTER_MAX_TABLE_SIZE"),
    (MF_PTP_MANAGEMENT_ID_ALTERNATE_MASTER, "ALTERNATE_MASTER"),
    (MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_ENABLE, "ALTERNATE_TIME_OFFSET_ENABLE"),
    (MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_NAME, "ALTERNATE_TIME_OFFSET_NAME"),
    (MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_MAX_KEY, "ALTERNATE_TIME_OFFSET_MAX_KEY"),
    (MF_PTP_MANAGEMENT_ID_ALTERNATE_TIME_OFFSET_PROPERTIES, "ALTERNATE_TIME_OFFSET_PROPERTIES"),
    (MF_PTP_MANAGEMENT_ID_EXTERNAL_PORT_CONFIGURATION_ENABLED, "EXTERNAL_PORT_CONFIGURATION_ENABLED"),
    (MF_PTP_MANAGEMENT_ID_MASTER_ONLY, "MASTER_ONLY"),
    (MF_PTP_MANAGEMENT_ID_HOLDOVER_UPGRADE_ENABLE, "HOLDOVER_UPGRADE_ENABLE"),
    (MF_PTP_MANAGEMENT_ID_EXT_PORT_CONFIG_PORT_DATA_SET, "EXT_PORT_CONFIG_PORT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_TRANSPARENT_CLOCK_DEFAULT_DATA_SET, "TRANSPARENT_CLOCK_DEFAULT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_TRANSPARENT_CLOCK_PORT_DATA_SET, "TRANSPARENT_CLOCK_PORT_DATA_SET"),
    (MF_PTP_MANAGEMENT_ID_PRIMARY_DOMAIN, "PRIMARY_DOMAIN"),
    (MF_PTP_MANAGEMENT_ID_DELAY_MECHANISM, "DELAY_MECHANISM"),
    (MF_PTP_MANAGEMENT_ID_LOG_MIN_PDELAY_REQ_INTERVAL, "LOG_MIN_PDELAY_REQ_INTERVAL"),
    (MF_PTP_MANAGEMENT_ID_TIME_STATUS_NP, "TIME_STATUS_NP"),
    (MF_PTP_MANAGEMENT_ID_GRANDMASTER_SETTINGS_NP, "GRANDMASTER_SETTINGS_NP"),
    (MF_PTP_MANAGEMENT_ID_PORT_DATA_SET_NP, "PORT_DATA_SET_NP"),
    (MF_PTP_MANAGEMENT_ID_SUBSCRIBE_EVENTS_NP, "SUBSCRIBE_EVENTS_NP"),
    (MF_PTP_MANAGEMENT_ID_PORT_PROPERTIES_NP, "PORT_PROPERTIES_NP"),
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
    fn from(error: Error) -> Failure {
        Failure::Ptp {
            error,
            layer: MF_LAYER_PTP,
        }
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
        _ => MF_LAYER_PTP,
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
    debug_assert!(at + sub.len() <= base.len(), "a slice of the caller's buffer");
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
fn lookup_name(table: &'static [(u16, [u8; NAME_CAP])], v: u16, unknown: &'static CStr) -> *const c_char {
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
        lookup_name(&MESSAGE_TYPE_NAMES, u16::from(message_type), c"unknown message type")
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
        lookup_name(
            &MANAGEMENT_ID_NAMES,
            management_id,
            c"unknown managementId",
        )
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
fn management_to_c(m: &ManagementTlv<'_>, value_offset: usize, value_len: usize) -> mf_ptp_management_tlv {
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
                offset: if l.count == 0 { 0 } else { offset_in(buf, l.bytes) },
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
        assert_eq!(MF_PTP_NO_INTERVAL, mediafabric_ptp::wire::builder::NO_INTERVAL);
        let flags = [
            (MF_PTP_FLAG_ALTERNATE_MASTER, "alternateMasterFlag"),
            (MF_PTP_FLAG_TWO_STEP, "twoStepFlag"),
            (MF_PTP_FLAG_UNICAST, "unicastFlag"),
            (MF_PTP_FLAG_PROFILE_SPECIFIC_1, "ptpProfileSpecific1"),
            (MF_PTP_FLAG_PROFILE_SPECIFIC_2, "ptpProfileSpecific2"),
            (MF_PTP_FLAG_LEAP_61, "leap61"),
            (MF_PTP_FLAG_LEAP_59, "leap59"),
            (MF_PTP_FLAG_CURRENT_UTC_OFFSET_VALID, "currentUtcOffsetValid"),
            (MF_PTP_FLAG_PTP_TIMESCALE, "ptpTimescale"),
            (MF_PTP_FLAG_TIME_TRACEABLE, "timeTraceable"),
            (MF_PTP_FLAG_FREQUENCY_TRACEABLE, "frequencyTraceable"),
            (MF_PTP_FLAG_SYNCHRONIZATION_UNCERTAIN, "synchronizationUncertain"),
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
        assert_eq!(MF_PTP_SMPTE_SYNC_METADATA_SUB_TYPE, SmpteSyncMetadata::SUB_TYPE);
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
}
