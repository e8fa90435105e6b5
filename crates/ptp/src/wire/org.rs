//! Typed ORGANIZATION_EXTENSION TLVs (IEEE 1588-2019 §14.3) of the profiles this SDK
//! serves: the SMPTE ST 2059-2 synchronization metadata TLV and the IEEE 802.1AS
//! Follow_Up information and message interval request TLVs.
//!
//! An organization extension's value is organizationId (3 octets, an OUI or CID),
//! organizationSubType (3 octets) and dataField. [`OrgExtension`] is that split, zero
//! copy; the typed structs parse and emit the dataField of their own (OUI, subtype).

use crate::error::{Error, Result, need, room};

/// The SMPTE OUI, 68-97-E8 (SMPTE ST 2059-2 §7.1).
pub const SMPTE_OUI: [u8; 3] = [0x68, 0x97, 0xE8];
/// The IEEE 802.1 OUI, 00-80-C2 (IEEE 802.1AS-2020 §10.6.4.3.6).
pub const IEEE_802_1_OUI: [u8; 3] = [0x00, 0x80, 0xC2];

/// An ORGANIZATION_EXTENSION value split into its three parts, borrowing the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrgExtension<'a> {
    /// organizationId.
    pub organization_id: [u8; 3],
    /// organizationSubType (24 bits).
    pub organization_sub_type: u32,
    /// dataField.
    pub data: &'a [u8],
}

impl<'a> OrgExtension<'a> {
    /// Splits a TLV value.
    pub fn parse(value: &'a [u8]) -> Result<OrgExtension<'a>> {
        need("ORGANIZATION_EXTENSION", value, 6)?;
        Ok(OrgExtension {
            organization_id: [value[0], value[1], value[2]],
            organization_sub_type: u32::from_be_bytes([0, value[3], value[4], value[5]]),
            data: &value[6..],
        })
    }

    /// Length of the value on the wire.
    pub fn buffer_len(&self) -> usize {
        6 + self.data.len()
    }

    /// Writes the value (not the TLV type and length) into `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        if self.organization_sub_type > 0x00FF_FFFF {
            return Err(Error::OutOfRange {
                field: "organizationSubType",
                value: u64::from(self.organization_sub_type),
                max: 0x00FF_FFFF,
            });
        }
        let n = self.buffer_len();
        room(buf, n)?;
        buf[..3].copy_from_slice(&self.organization_id);
        buf[3..6].copy_from_slice(&self.organization_sub_type.to_be_bytes()[1..]);
        buf[6..n].copy_from_slice(self.data);
        Ok(n)
    }
}

fn u48(b: &[u8]) -> u64 {
    u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]])
}

fn put_u48(field: &'static str, v: u64, b: &mut [u8]) -> Result<()> {
    if v >= 1 << 48 {
        return Err(Error::OutOfRange {
            field,
            value: v,
            max: (1 << 48) - 1,
        });
    }
    b[..6].copy_from_slice(&v.to_be_bytes()[2..]);
    Ok(())
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    i32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// SMPTE ST 2059-2:2021 §7.2 synchronization metadata (organizationSubType 1), carried
/// in a Management message by an ST 2059-2 grandmaster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SmpteSyncMetadata {
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
    /// daylightSaving: bit 0 current, bit 1 at the next jump, bit 2 at the previous jam.
    pub daylight_saving: u8,
    /// leapSecondJump: bit 0 set when the next jump changes the leap second count.
    pub leap_second_jump: u8,
}

impl SmpteSyncMetadata {
    /// organizationSubType of this TLV.
    pub const SUB_TYPE: u32 = 1;
    /// Length of its dataField.
    pub const DATA_LEN: usize = 42;

    /// Reads the dataField.
    pub fn parse(data: &[u8]) -> Result<Self> {
        need("SMPTE synchronization metadata", data, Self::DATA_LEN)?;
        Ok(SmpteSyncMetadata {
            default_system_frame_rate_numerator: u32_at(data, 0),
            default_system_frame_rate_denominator: u32_at(data, 4),
            master_locking_status: data[8],
            time_address_flags: data[9],
            current_local_offset: i32_at(data, 10),
            jump_seconds: i32_at(data, 14),
            time_of_next_jump: u48(&data[18..]),
            time_of_next_jam: u48(&data[24..]),
            time_of_previous_jam: u48(&data[30..]),
            previous_jam_local_offset: i32_at(data, 36),
            daylight_saving: data[40],
            leap_second_jump: data[41],
        })
    }

    /// Writes the dataField.
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        room(b, Self::DATA_LEN)?;
        b[0..4].copy_from_slice(&self.default_system_frame_rate_numerator.to_be_bytes());
        b[4..8].copy_from_slice(&self.default_system_frame_rate_denominator.to_be_bytes());
        b[8] = self.master_locking_status;
        b[9] = self.time_address_flags;
        b[10..14].copy_from_slice(&self.current_local_offset.to_be_bytes());
        b[14..18].copy_from_slice(&self.jump_seconds.to_be_bytes());
        put_u48("timeOfNextJump", self.time_of_next_jump, &mut b[18..])?;
        put_u48("timeOfNextJam", self.time_of_next_jam, &mut b[24..])?;
        put_u48("timeOfPreviousJam", self.time_of_previous_jam, &mut b[30..])?;
        b[36..40].copy_from_slice(&self.previous_jam_local_offset.to_be_bytes());
        b[40] = self.daylight_saving;
        b[41] = self.leap_second_jump;
        Ok(Self::DATA_LEN)
    }
}

/// IEEE 802.1AS-2020 §11.4.4.3 Follow_Up information TLV (organizationSubType 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FollowUpInformation {
    /// cumulativeScaledRateOffset: (rateRatio - 1) * 2^41.
    pub cumulative_scaled_rate_offset: i32,
    /// gmTimeBaseIndicator.
    pub gm_time_base_indicator: u16,
    /// lastGmPhaseChange: a ScaledNs, 96 bits (nanoseconds * 2^16), as the high 32 bits
    /// and the low 64 bits.
    pub last_gm_phase_change_high: u32,
    /// The low 64 bits of lastGmPhaseChange.
    pub last_gm_phase_change_low: u64,
    /// scaledLastGmFreqChange.
    pub scaled_last_gm_freq_change: i32,
}

impl FollowUpInformation {
    /// organizationSubType of this TLV.
    pub const SUB_TYPE: u32 = 1;
    /// Length of its dataField.
    pub const DATA_LEN: usize = 22;

    /// Reads the dataField.
    pub fn parse(d: &[u8]) -> Result<Self> {
        need("Follow_Up information", d, Self::DATA_LEN)?;
        Ok(FollowUpInformation {
            cumulative_scaled_rate_offset: i32_at(d, 0),
            gm_time_base_indicator: u16::from_be_bytes([d[4], d[5]]),
            last_gm_phase_change_high: u32_at(d, 6),
            last_gm_phase_change_low: u64::from_be_bytes([
                d[10], d[11], d[12], d[13], d[14], d[15], d[16], d[17],
            ]),
            scaled_last_gm_freq_change: i32_at(d, 18),
        })
    }

    /// Writes the dataField.
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        room(b, Self::DATA_LEN)?;
        b[0..4].copy_from_slice(&self.cumulative_scaled_rate_offset.to_be_bytes());
        b[4..6].copy_from_slice(&self.gm_time_base_indicator.to_be_bytes());
        b[6..10].copy_from_slice(&self.last_gm_phase_change_high.to_be_bytes());
        b[10..18].copy_from_slice(&self.last_gm_phase_change_low.to_be_bytes());
        b[18..22].copy_from_slice(&self.scaled_last_gm_freq_change.to_be_bytes());
        Ok(Self::DATA_LEN)
    }
}

/// IEEE 802.1AS-2020 §10.6.4.3 message interval request TLV (organizationSubType 2),
/// carried in Signaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MessageIntervalRequest {
    /// linkDelayInterval (log2 seconds; 127 stop, 126 initial, -128 no change).
    pub link_delay_interval: i8,
    /// timeSyncInterval.
    pub time_sync_interval: i8,
    /// announceInterval.
    pub announce_interval: i8,
    /// flags: [`MessageIntervalRequest::COMPUTE_NEIGHBOR_RATE_RATIO`],
    /// [`MessageIntervalRequest::COMPUTE_MEAN_LINK_DELAY`],
    /// [`MessageIntervalRequest::ONE_STEP_RECEIVE_CAPABLE`].
    pub flags: u8,
}

impl MessageIntervalRequest {
    /// computeNeighborRateRatio (802.1AS bit 1, counting the least significant as 0;
    /// Wireshark and other gPTP stacks read it so).
    pub const COMPUTE_NEIGHBOR_RATE_RATIO: u8 = 0x02;
    /// computeMeanLinkDelay (formerly computeNeighborPropDelay), bit 2.
    pub const COMPUTE_MEAN_LINK_DELAY: u8 = 0x04;
    /// oneStepReceiveCapable, bit 3.
    pub const ONE_STEP_RECEIVE_CAPABLE: u8 = 0x08;

    /// organizationSubType of this TLV.
    pub const SUB_TYPE: u32 = 2;
    /// Length of its dataField (four fields and two reserved octets).
    pub const DATA_LEN: usize = 6;

    /// Reads the dataField.
    pub fn parse(d: &[u8]) -> Result<Self> {
        need("message interval request", d, Self::DATA_LEN)?;
        Ok(MessageIntervalRequest {
            link_delay_interval: d[0] as i8,
            time_sync_interval: d[1] as i8,
            announce_interval: d[2] as i8,
            flags: d[3],
        })
    }

    /// Writes the dataField.
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        room(b, Self::DATA_LEN)?;
        b[0] = self.link_delay_interval as u8;
        b[1] = self.time_sync_interval as u8;
        b[2] = self.announce_interval as u8;
        b[3] = self.flags;
        b[4] = 0;
        b[5] = 0;
        Ok(Self::DATA_LEN)
    }
}

/// The IEEE C37.238 (power profile) OUI, 1C-12-9D.
pub const IEEE_C37_238_OUI: [u8; 3] = [0x1C, 0x12, 0x9D];

/// IEEE C37.238-2011 §5.12 power profile TLV (organizationSubType 1), in Announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PowerProfile2011 {
    /// grandmasterID.
    pub grandmaster_id: u16,
    /// grandmasterTimeInaccuracy, ns.
    pub grandmaster_time_inaccuracy: u32,
    /// networkTimeInaccuracy, ns.
    pub network_time_inaccuracy: u32,
}

impl PowerProfile2011 {
    /// organizationSubType of this TLV.
    pub const SUB_TYPE: u32 = 1;
    /// Length of its dataField (with two reserved octets).
    pub const DATA_LEN: usize = 12;

    /// Reads the dataField.
    pub fn parse(d: &[u8]) -> Result<Self> {
        need("C37.238-2011 TLV", d, Self::DATA_LEN)?;
        Ok(PowerProfile2011 {
            grandmaster_id: u16::from_be_bytes([d[0], d[1]]),
            grandmaster_time_inaccuracy: u32_at(d, 2),
            network_time_inaccuracy: u32_at(d, 6),
        })
    }

    /// Writes the dataField.
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        room(b, Self::DATA_LEN)?;
        b[0..2].copy_from_slice(&self.grandmaster_id.to_be_bytes());
        b[2..6].copy_from_slice(&self.grandmaster_time_inaccuracy.to_be_bytes());
        b[6..10].copy_from_slice(&self.network_time_inaccuracy.to_be_bytes());
        b[10..12].fill(0);
        Ok(Self::DATA_LEN)
    }
}

/// IEEE C37.238-2017 power profile TLV (organizationSubType 2), in Announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PowerProfile2017 {
    /// grandmasterID.
    pub grandmaster_id: u16,
    /// totalTimeInaccuracy, ns.
    pub total_time_inaccuracy: u32,
}

impl PowerProfile2017 {
    /// organizationSubType of this TLV.
    pub const SUB_TYPE: u32 = 2;
    /// Length of its dataField: grandmasterID, four reserved octets,
    /// totalTimeInaccuracy, two reserved octets (as ptp4l sends it and Wireshark reads
    /// it).
    pub const DATA_LEN: usize = 12;

    /// Reads the dataField.
    pub fn parse(d: &[u8]) -> Result<Self> {
        need("C37.238-2017 TLV", d, Self::DATA_LEN)?;
        Ok(PowerProfile2017 {
            grandmaster_id: u16::from_be_bytes([d[0], d[1]]),
            total_time_inaccuracy: u32_at(d, 6),
        })
    }

    /// Writes the dataField.
    pub fn emit(&self, b: &mut [u8]) -> Result<usize> {
        room(b, Self::DATA_LEN)?;
        b[0..2].copy_from_slice(&self.grandmaster_id.to_be_bytes());
        b[2..6].fill(0);
        b[6..10].copy_from_slice(&self.total_time_inaccuracy.to_be_bytes());
        b[10..12].fill(0);
        Ok(Self::DATA_LEN)
    }
}

/// A typed organization extension, where this crate knows the (OUI, subtype).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KnownOrgExtension {
    /// SMPTE ST 2059-2 synchronization metadata.
    SmpteSyncMetadata(SmpteSyncMetadata),
    /// IEEE 802.1AS Follow_Up information.
    FollowUpInformation(FollowUpInformation),
    /// IEEE 802.1AS message interval request.
    MessageIntervalRequest(MessageIntervalRequest),
    /// IEEE C37.238-2011.
    PowerProfile2011(PowerProfile2011),
    /// IEEE C37.238-2017.
    PowerProfile2017(PowerProfile2017),
}

impl OrgExtension<'_> {
    /// The typed form, when the (OUI, subtype) is one this crate knows and the dataField
    /// has exactly its length; `Ok(None)` for others (kept raw).
    pub fn known(&self) -> Result<Option<KnownOrgExtension>> {
        let d = self.data;
        let (want, k) = match (self.organization_id, self.organization_sub_type) {
            (SMPTE_OUI, SmpteSyncMetadata::SUB_TYPE) => (
                SmpteSyncMetadata::DATA_LEN,
                KnownOrgExtension::SmpteSyncMetadata(SmpteSyncMetadata::parse(d)?),
            ),
            (IEEE_802_1_OUI, FollowUpInformation::SUB_TYPE) => (
                FollowUpInformation::DATA_LEN,
                KnownOrgExtension::FollowUpInformation(FollowUpInformation::parse(d)?),
            ),
            (IEEE_802_1_OUI, MessageIntervalRequest::SUB_TYPE) => (
                MessageIntervalRequest::DATA_LEN,
                KnownOrgExtension::MessageIntervalRequest(MessageIntervalRequest::parse(d)?),
            ),
            (IEEE_C37_238_OUI, PowerProfile2011::SUB_TYPE) => (
                PowerProfile2011::DATA_LEN,
                KnownOrgExtension::PowerProfile2011(PowerProfile2011::parse(d)?),
            ),
            (IEEE_C37_238_OUI, PowerProfile2017::SUB_TYPE) => (
                PowerProfile2017::DATA_LEN,
                KnownOrgExtension::PowerProfile2017(PowerProfile2017::parse(d)?),
            ),
            _ => return Ok(None),
        };
        if d.len() != want {
            return Err(Error::Invalid {
                field: "lengthField",
                offset: 0,
                expected: "the length of the organization extension's dataField",
                found: d.len() as u64,
            });
        }
        Ok(Some(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smpte_metadata_round_trip() {
        let m = SmpteSyncMetadata {
            default_system_frame_rate_numerator: 30000,
            default_system_frame_rate_denominator: 1001,
            master_locking_status: 4,
            time_address_flags: 0b01,
            current_local_offset: 3600,
            jump_seconds: -3600,
            time_of_next_jump: 0x0000_6B04_5259,
            time_of_next_jam: 0x0000_6B04_5260,
            time_of_previous_jam: 0x0000_6B00_0000,
            previous_jam_local_offset: 7200,
            daylight_saving: 0b011,
            leap_second_jump: 0,
        };
        let mut d = [0u8; 42];
        assert_eq!(m.emit(&mut d).unwrap(), 42);
        assert_eq!(&d[..8], &[0, 0, 0x75, 0x30, 0, 0, 0x03, 0xE9]);
        assert_eq!(SmpteSyncMetadata::parse(&d).unwrap(), m);
        let mut v = [0u8; 48];
        let o = OrgExtension {
            organization_id: SMPTE_OUI,
            organization_sub_type: SmpteSyncMetadata::SUB_TYPE,
            data: &d,
        };
        assert_eq!(o.emit(&mut v).unwrap(), 48);
        assert_eq!(&v[..6], &[0x68, 0x97, 0xE8, 0, 0, 1]);
        assert_eq!(OrgExtension::parse(&v).unwrap(), o);
        assert!(SmpteSyncMetadata::parse(&d[..41]).is_err());
        let bad = SmpteSyncMetadata {
            time_of_next_jam: 1 << 48,
            ..m
        };
        assert!(bad.emit(&mut d).is_err());
    }

    #[test]
    fn ieee_802_1as_tlvs_round_trip() {
        let f = FollowUpInformation {
            cumulative_scaled_rate_offset: -12345,
            gm_time_base_indicator: 7,
            last_gm_phase_change_high: 1,
            last_gm_phase_change_low: 0x0102_0304_0506_0708,
            scaled_last_gm_freq_change: 99,
        };
        let mut d = [0u8; 22];
        f.emit(&mut d).unwrap();
        assert_eq!(FollowUpInformation::parse(&d).unwrap(), f);
        let m = MessageIntervalRequest {
            link_delay_interval: 127,
            time_sync_interval: -3,
            announce_interval: -128,
            flags: 3,
        };
        let mut d = [0xFFu8; 6];
        m.emit(&mut d).unwrap();
        assert_eq!(d, [127, 0xFD, 0x80, 3, 0, 0]);
        assert_eq!(MessageIntervalRequest::parse(&d).unwrap(), m);
    }

    #[test]
    fn power_profile_tlvs_and_known() {
        let p = PowerProfile2011 {
            grandmaster_id: 3,
            grandmaster_time_inaccuracy: 60,
            network_time_inaccuracy: 0,
        };
        let mut d = [0xAAu8; 12];
        p.emit(&mut d).unwrap();
        assert_eq!(d, [0, 3, 0, 0, 0, 60, 0, 0, 0, 0, 0, 0]);
        let o = OrgExtension {
            organization_id: IEEE_C37_238_OUI,
            organization_sub_type: 1,
            data: &d,
        };
        assert_eq!(
            o.known().unwrap(),
            Some(KnownOrgExtension::PowerProfile2011(p))
        );
        let q = PowerProfile2017 {
            grandmaster_id: 9,
            total_time_inaccuracy: 100,
        };
        let mut d = [0u8; 12];
        q.emit(&mut d).unwrap();
        assert_eq!(PowerProfile2017::parse(&d).unwrap(), q);
        let short = OrgExtension {
            organization_id: IEEE_C37_238_OUI,
            organization_sub_type: 2,
            data: &d[..10],
        };
        assert!(short.known().is_err());
        let other = OrgExtension {
            organization_id: [1, 2, 3],
            organization_sub_type: 2,
            data: &d,
        };
        assert_eq!(other.known().unwrap(), None);
    }
}
