//! Management TLV identifiers (IEEE 1588-2019 §15.5.2.3, Table 59).
//!
//! The typed bodies of each management TLV are still to come; today a MANAGEMENT TLV
//! is read as its managementId and raw data.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(ManagementId(0x2000).name(), Some("DEFAULT_DATA_SET"));
        assert_eq!(ManagementId::TIME_STATUS_NP.0, 0xC000);
        assert_eq!(ManagementId(0x7777).name(), None);
    }
}
