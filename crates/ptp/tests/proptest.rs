//! Property tests of the wire format: every valid header, body, timestamp, interval,
//! typed TLV and management dataField survives emit then parse unchanged; parsed
//! messages re-emit byte for byte; the parsers never panic on arbitrary input or on
//! truncated and bit-flipped valid messages, and their error offsets stay inside the
//! input; framing for Layer 2, UDP/IPv4 and UDP/IPv6 round-trips through `locate`, with
//! UDP checksums that etherparse verifies on its own.
//!
//! Borrowed parts of the typed values (texts, lists, raw bytes) are generated as owned
//! vectors and leaked to get `'static` slices: a few hundred bytes per case, in a test.

use std::net::{Ipv4Addr, Ipv6Addr};

use mediafabric_ptp::wire::header::MessageType;
use mediafabric_ptp::wire::management::{
    AlternateTimeOffsetProperties, ClockDescription, CurrentDataSet, DefaultDataSet, ParentDataSet,
    PortAddress, PortDataSet, TimePropertiesDataSet, TransparentClockPortDataSet, WireList,
};
use mediafabric_ptp::wire::message::ManagementFields;
use mediafabric_ptp::wire::org::{
    FollowUpInformation, IEEE_802_1_OUI, IEEE_C37_238_OUI, KnownOrgExtension,
    MessageIntervalRequest, OrgExtension, PowerProfile2011, PowerProfile2017, SMPTE_OUI,
    SmpteSyncMetadata,
};
use mediafabric_ptp::wire::tlv::TlvIter;
use mediafabric_ptp::wire::tlvs::{
    AlternateTimeOffsetIndicator, Authentication, EnhancedAccuracyMetrics, UnicastGrant,
    UnicastRequest,
};
use mediafabric_ptp::wire::transport::{
    Transport, add_to_correction, locate, set_origin_timestamp,
};
use mediafabric_ptp::wire::{
    Announce, Body, ClockAccuracy, ClockIdentity, ClockQuality, FlagField, HEADER_LEN, Header,
    ManagementData, ManagementErrorStatus, ManagementId, ManagementTlv, Message, PortIdentity,
    PtpText, TimeInterval, TimeSource, Timestamp, TlvBody, TlvType, TypedTlv,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union;

type B<T> = BoxedStrategy<T>;

fn leak(v: Vec<u8>) -> &'static [u8] {
    Box::leak(v.into_boxed_slice())
}

fn bytes(max: usize) -> B<&'static [u8]> {
    vec(any::<u8>(), 0..=max).prop_map(leak).boxed()
}

fn text(max: usize) -> B<PtpText<'static>> {
    bytes(max).prop_map(PtpText).boxed()
}

fn timestamp() -> B<Timestamp> {
    (0..=Timestamp::MAX_SECONDS, 0..1_000_000_000u32)
        .prop_map(|(seconds, nanoseconds)| Timestamp {
            seconds,
            nanoseconds,
        })
        .boxed()
}

fn interval() -> B<TimeInterval> {
    any::<i64>().prop_map(TimeInterval).boxed()
}

fn clock_identity() -> B<ClockIdentity> {
    any::<[u8; 8]>().prop_map(ClockIdentity).boxed()
}

fn port_identity() -> B<PortIdentity> {
    (clock_identity(), any::<u16>())
        .prop_map(|(clock_identity, port_number)| PortIdentity {
            clock_identity,
            port_number,
        })
        .boxed()
}

fn quality() -> B<ClockQuality> {
    (any::<u8>(), any::<u8>(), any::<u16>())
        .prop_map(|(c, a, v)| ClockQuality {
            clock_class: c,
            clock_accuracy: ClockAccuracy(a),
            offset_scaled_log_variance: v,
        })
        .boxed()
}

fn any_message_type() -> B<MessageType> {
    (0u8..16).prop_map(MessageType::from_bits).boxed()
}

fn u48() -> B<u64> {
    (0..(1u64 << 48)).boxed()
}

fn float() -> B<f64> {
    use proptest::num::f64 as F;
    (F::NORMAL | F::SUBNORMAL | F::ZERO | F::INFINITE | F::NEGATIVE | F::POSITIVE).boxed()
}

// ------------------------------------------------------------------ management data

/// A PortAddress on the wire, written here independently of the crate.
fn port_address_bytes() -> B<Vec<u8>> {
    (any::<u16>(), vec(any::<u8>(), 0..=16))
        .prop_map(|(proto, addr)| {
            let mut v = proto.to_be_bytes().to_vec();
            v.extend_from_slice(&(addr.len() as u16).to_be_bytes());
            v.extend_from_slice(&addr);
            v
        })
        .boxed()
}

fn port_address_list(max: usize) -> B<WireList<'static>> {
    vec(port_address_bytes(), 0..=max)
        .prop_map(|l| WireList {
            count: l.len(),
            bytes: leak(l.concat()),
        })
        .boxed()
}

/// A faultRecord (§15.5.3.1.5) with faultRecordLength counting the octets after it.
fn fault_record_bytes() -> B<Vec<u8>> {
    (
        timestamp(),
        any::<u8>(),
        vec(any::<u8>(), 0..12),
        vec(any::<u8>(), 0..12),
        vec(any::<u8>(), 0..12),
    )
        .prop_map(|(t, sev, a, b, c)| {
            let mut r = Vec::new();
            r.extend_from_slice(&t.seconds.to_be_bytes()[2..]);
            r.extend_from_slice(&t.nanoseconds.to_be_bytes());
            r.push(sev);
            for s in [a, b, c] {
                r.push(s.len() as u8);
                r.extend_from_slice(&s);
            }
            let mut v = (r.len() as u16).to_be_bytes().to_vec();
            v.extend_from_slice(&r);
            v
        })
        .boxed()
}

const OCTET_IDS: [ManagementId; 21] = [
    ManagementId::PRIORITY1,
    ManagementId::PRIORITY2,
    ManagementId::DOMAIN,
    ManagementId::SLAVE_ONLY,
    ManagementId::LOG_ANNOUNCE_INTERVAL,
    ManagementId::ANNOUNCE_RECEIPT_TIMEOUT,
    ManagementId::LOG_SYNC_INTERVAL,
    ManagementId::VERSION_NUMBER,
    ManagementId::CLOCK_ACCURACY,
    ManagementId::TRACEABILITY_PROPERTIES,
    ManagementId::UNICAST_NEGOTIATION_ENABLE,
    ManagementId::PATH_TRACE_ENABLE,
    ManagementId::ACCEPTABLE_MASTER_TABLE_ENABLED,
    ManagementId::ALTERNATE_TIME_OFFSET_MAX_KEY,
    ManagementId::EXTERNAL_PORT_CONFIGURATION_ENABLED,
    ManagementId::MASTER_ONLY,
    ManagementId::HOLDOVER_UPGRADE_ENABLE,
    ManagementId::EXT_PORT_CONFIG_PORT_DATA_SET,
    ManagementId::PRIMARY_DOMAIN,
    ManagementId::DELAY_MECHANISM,
    ManagementId::LOG_MIN_PDELAY_REQ_INTERVAL,
];

/// Every ManagementData variant with an ID that carries it.
fn management() -> B<ManagementTlv<'static>> {
    use ManagementData as D;
    use ManagementId as I;
    let with = |id: ManagementId, s: B<D<'static>>| {
        s.prop_map(move |data| ManagementTlv {
            management_id: id,
            data,
        })
        .boxed()
    };
    let arms: Vec<B<ManagementTlv<'static>>> = vec![
        any::<u16>()
            .prop_map(|id| ManagementTlv {
                management_id: ManagementId(id),
                data: D::Empty,
            })
            .boxed(),
        with(
            I::CLOCK_DESCRIPTION,
            (
                (any::<u16>(), text(16), bytes(16), any::<u16>(), bytes(16)),
                (
                    any::<[u8; 3]>(),
                    text(20),
                    text(20),
                    text(20),
                    any::<[u8; 6]>(),
                ),
            )
                .prop_map(|((ct, plp, pa, proto, addr), (m, pd, rd, ud, prof))| {
                    D::ClockDescription(ClockDescription {
                        clock_type: ct,
                        physical_layer_protocol: plp,
                        physical_address: pa,
                        protocol_address: PortAddress {
                            network_protocol: proto,
                            address: addr,
                        },
                        manufacturer_identity: m,
                        product_description: pd,
                        revision_data: rd,
                        user_description: ud,
                        profile_identity: prof,
                    })
                })
                .boxed(),
        ),
        with(
            I::USER_DESCRIPTION,
            text(40).prop_map(D::UserDescription).boxed(),
        ),
        with(I::INITIALIZE, any::<u16>().prop_map(D::Initialize).boxed()),
        with(
            I::FAULT_LOG,
            vec(fault_record_bytes(), 0..4)
                .prop_map(|l| {
                    D::FaultLog(WireList {
                        count: l.len(),
                        bytes: leak(l.concat()),
                    })
                })
                .boxed(),
        ),
        with(
            I::DEFAULT_DATA_SET,
            (
                any::<(bool, bool, u16, u8)>(),
                quality(),
                any::<u8>(),
                clock_identity(),
                any::<u8>(),
            )
                .prop_map(|((ts, so, np, p1), q, p2, id, dom)| {
                    D::DefaultDataSet(DefaultDataSet {
                        two_step_flag: ts,
                        slave_only: so,
                        number_ports: np,
                        priority1: p1,
                        clock_quality: q,
                        priority2: p2,
                        clock_identity: id,
                        domain_number: dom,
                    })
                })
                .boxed(),
        ),
        with(
            I::CURRENT_DATA_SET,
            (any::<u16>(), interval(), interval())
                .prop_map(|(s, o, d)| {
                    D::CurrentDataSet(CurrentDataSet {
                        steps_removed: s,
                        offset_from_master: o,
                        mean_path_delay: d,
                    })
                })
                .boxed(),
        ),
        with(
            I::PARENT_DATA_SET,
            (
                port_identity(),
                any::<(bool, u16, i32, u8)>(),
                quality(),
                any::<u8>(),
                clock_identity(),
            )
                .prop_map(|(p, (ps, v, r, p1), q, p2, gm)| {
                    D::ParentDataSet(ParentDataSet {
                        parent_port_identity: p,
                        parent_stats: ps,
                        observed_parent_offset_scaled_log_variance: v,
                        observed_parent_clock_phase_change_rate: r,
                        grandmaster_priority1: p1,
                        grandmaster_clock_quality: q,
                        grandmaster_priority2: p2,
                        grandmaster_identity: gm,
                    })
                })
                .boxed(),
        ),
        with(
            I::TIME_PROPERTIES_DATA_SET,
            any::<(i16, u8, u8)>()
                .prop_map(|(o, f, s)| {
                    D::TimePropertiesDataSet(TimePropertiesDataSet {
                        current_utc_offset: o,
                        flags: f,
                        time_source: TimeSource(s),
                    })
                })
                .boxed(),
        ),
        with(
            I::PORT_DATA_SET,
            (
                port_identity(),
                any::<(u8, i8)>(),
                interval(),
                any::<(i8, u8, i8, u8, i8, u8)>(),
            )
                .prop_map(|(p, (st, dr), d, (la, art, ls, dm, lp, vn))| {
                    D::PortDataSet(PortDataSet {
                        port_identity: p,
                        port_state: st,
                        log_min_delay_req_interval: dr,
                        peer_mean_path_delay: d,
                        log_announce_interval: la,
                        announce_receipt_timeout: art,
                        log_sync_interval: ls,
                        delay_mechanism: dm,
                        log_min_pdelay_req_interval: lp,
                        version_number: vn,
                    })
                })
                .boxed(),
        ),
        with(I::TIME, timestamp().prop_map(D::Time).boxed()),
        with(
            I::UTC_PROPERTIES,
            any::<(i16, u8)>()
                .prop_map(|(o, f)| D::UtcProperties {
                    current_utc_offset: o,
                    flags: f,
                })
                .boxed(),
        ),
        with(
            I::TIMESCALE_PROPERTIES,
            any::<(u8, u8)>()
                .prop_map(|(f, s)| D::TimescaleProperties {
                    flags: f,
                    time_source: TimeSource(s),
                })
                .boxed(),
        ),
        with(
            I::PATH_TRACE_LIST,
            vec(any::<[u8; 8]>(), 1..5)
                .prop_map(|l| {
                    D::PathTraceList(WireList {
                        count: l.len(),
                        bytes: leak(l.concat()),
                    })
                })
                .boxed(),
        ),
        with(
            I::GRANDMASTER_CLUSTER_TABLE,
            (any::<i8>(), port_address_list(4))
                .prop_map(|(q, a)| D::GrandmasterClusterTable {
                    log_query_interval: q,
                    addresses: a,
                })
                .boxed(),
        ),
        with(
            I::UNICAST_MASTER_TABLE,
            (any::<i8>(), port_address_list(4))
                .prop_map(|(q, a)| D::UnicastMasterTable {
                    log_query_interval: q,
                    addresses: a,
                })
                .boxed(),
        ),
        (
            prop_oneof![
                Just(I::UNICAST_MASTER_MAX_TABLE_SIZE),
                Just(I::ACCEPTABLE_MASTER_MAX_TABLE_SIZE)
            ],
            any::<u16>(),
        )
            .prop_map(|(id, n)| ManagementTlv {
                management_id: id,
                data: D::MaxTableSize(n),
            })
            .boxed(),
        with(
            I::ACCEPTABLE_MASTER_TABLE,
            vec(any::<[u8; 11]>(), 0..4)
                .prop_map(|l| {
                    D::AcceptableMasterTable(WireList {
                        count: l.len(),
                        bytes: leak(l.concat()),
                    })
                })
                .boxed(),
        ),
        with(
            I::ALTERNATE_MASTER,
            any::<(u8, i8, u8)>()
                .prop_map(|(f, i, n)| D::AlternateMaster {
                    flags: f,
                    log_alternate_multicast_sync_interval: i,
                    number_of_alternate_masters: n,
                })
                .boxed(),
        ),
        with(
            I::ALTERNATE_TIME_OFFSET_NAME,
            (any::<u8>(), text(12))
                .prop_map(|(k, n)| D::AlternateTimeOffsetName {
                    key_field: k,
                    display_name: n,
                })
                .boxed(),
        ),
        with(
            I::ALTERNATE_TIME_OFFSET_ENABLE,
            any::<(u8, u8)>()
                .prop_map(|(k, f)| D::AlternateTimeOffsetEnable {
                    key_field: k,
                    flags: f,
                })
                .boxed(),
        ),
        with(
            I::ALTERNATE_TIME_OFFSET_PROPERTIES,
            (any::<(u8, i32, i32)>(), u48())
                .prop_map(|((k, c, j), t)| {
                    D::AlternateTimeOffsetProperties(AlternateTimeOffsetProperties {
                        key_field: k,
                        current_offset: c,
                        jump_seconds: j,
                        time_of_next_jump: t,
                    })
                })
                .boxed(),
        ),
        with(
            I::TRANSPARENT_CLOCK_DEFAULT_DATA_SET,
            (clock_identity(), any::<(u16, u8, u8)>())
                .prop_map(|(c, (n, d, p))| D::TransparentClockDefaultDataSet {
                    clock_identity: c,
                    number_ports: n,
                    delay_mechanism: d,
                    primary_domain: p,
                })
                .boxed(),
        ),
        with(
            I::TRANSPARENT_CLOCK_PORT_DATA_SET,
            (port_identity(), any::<(bool, i8)>(), interval())
                .prop_map(|(p, (f, l), d)| {
                    D::TransparentClockPortDataSet(TransparentClockPortDataSet {
                        port_identity: p,
                        faulty_flag: f,
                        log_min_pdelay_req_interval: l,
                        peer_mean_path_delay: d,
                    })
                })
                .boxed(),
        ),
        (prop::sample::select(OCTET_IDS.to_vec()), any::<u8>())
            .prop_map(|(id, v)| ManagementTlv {
                management_id: id,
                data: D::Octet(v),
            })
            .boxed(),
        // linuxptp's implementation-specific range keeps its bytes.
        (0xC000u16..=0xDFFF, vec(any::<u8>(), 1..40))
            .prop_map(|(id, b)| ManagementTlv {
                management_id: ManagementId(id),
                data: D::Raw(leak(b)),
            })
            .boxed(),
    ];
    Union::new(arms).boxed()
}

// ------------------------------------------------------------------ typed TLVs

fn known_org() -> B<KnownOrgExtension> {
    use KnownOrgExtension as K;
    prop_oneof![
        (
            any::<(u32, u32, u8, u8, i32, i32)>(),
            (u48(), u48(), u48()),
            any::<(i32, u8, u8)>()
        )
            .prop_map(|((n, d, ls, tf, lo, js), (tj, nj, pj), (pl, ds, lsj))| {
                K::SmpteSyncMetadata(SmpteSyncMetadata {
                    default_system_frame_rate_numerator: n,
                    default_system_frame_rate_denominator: d,
                    master_locking_status: ls,
                    time_address_flags: tf,
                    current_local_offset: lo,
                    jump_seconds: js,
                    time_of_next_jump: tj,
                    time_of_next_jam: nj,
                    time_of_previous_jam: pj,
                    previous_jam_local_offset: pl,
                    daylight_saving: ds,
                    leap_second_jump: lsj,
                })
            }),
        any::<(i32, u16, u32, u64, i32)>().prop_map(|(c, g, h, l, f)| {
            K::FollowUpInformation(FollowUpInformation {
                cumulative_scaled_rate_offset: c,
                gm_time_base_indicator: g,
                last_gm_phase_change_high: h,
                last_gm_phase_change_low: l,
                scaled_last_gm_freq_change: f,
            })
        }),
        any::<(i8, i8, i8, u8)>().prop_map(|(l, t, a, f)| {
            K::MessageIntervalRequest(MessageIntervalRequest {
                link_delay_interval: l,
                time_sync_interval: t,
                announce_interval: a,
                flags: f,
            })
        }),
        any::<(u16, u32, u32)>().prop_map(|(g, a, b)| {
            K::PowerProfile2011(PowerProfile2011 {
                grandmaster_id: g,
                grandmaster_time_inaccuracy: a,
                network_time_inaccuracy: b,
            })
        }),
        any::<(u16, u32)>().prop_map(|(g, t)| {
            K::PowerProfile2017(PowerProfile2017 {
                grandmaster_id: g,
                total_time_inaccuracy: t,
            })
        }),
    ]
    .boxed()
}

/// The (OUI, subtype, dataField) of a known organization extension, emitted by its
/// typed form.
fn known_org_parts(k: &KnownOrgExtension) -> ([u8; 3], u32, Vec<u8>) {
    use KnownOrgExtension as K;
    let mut d = vec![0u8; 64];
    let (oui, sub, n) = match k {
        K::SmpteSyncMetadata(x) => (SMPTE_OUI, SmpteSyncMetadata::SUB_TYPE, x.emit(&mut d)),
        K::FollowUpInformation(x) => (
            IEEE_802_1_OUI,
            FollowUpInformation::SUB_TYPE,
            x.emit(&mut d),
        ),
        K::MessageIntervalRequest(x) => (
            IEEE_802_1_OUI,
            MessageIntervalRequest::SUB_TYPE,
            x.emit(&mut d),
        ),
        K::PowerProfile2011(x) => (IEEE_C37_238_OUI, PowerProfile2011::SUB_TYPE, x.emit(&mut d)),
        K::PowerProfile2017(x) => (IEEE_C37_238_OUI, PowerProfile2017::SUB_TYPE, x.emit(&mut d)),
        other => panic!("not covered: {other:?}"),
    };
    d.truncate(n.expect("a known extension emits"));
    (oui, sub, d)
}

fn org_tlv_type() -> B<TlvType> {
    prop_oneof![
        Just(TlvType::ORGANIZATION_EXTENSION),
        Just(TlvType::ORGANIZATION_EXTENSION_PROPAGATE),
        Just(TlvType::ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE),
    ]
    .boxed()
}

/// TLV types without a typed body (so they stay `Other`).
fn untyped_tlv_type() -> B<TlvType> {
    any::<u16>()
        .prop_filter("typed", |t| {
            !matches!(
                *t,
                0x0001..=0x0009 | 0x4000 | 0x4001 | 0x8000 | 0x8008 | 0x8009
            )
        })
        .prop_map(TlvType)
        .boxed()
}

fn typed_tlv() -> B<TypedTlv<'static>> {
    let t = |tlv_type: TlvType, body: TlvBody<'static>| TypedTlv { tlv_type, body };
    let arms: Vec<B<TypedTlv<'static>>> = vec![
        management()
            .prop_map(move |m| t(TlvType::MANAGEMENT, TlvBody::Management(m)))
            .boxed(),
        (any::<(u16, u16)>(), text(30))
            .prop_map(move |((e, id), d)| {
                t(
                    TlvType::MANAGEMENT_ERROR_STATUS,
                    TlvBody::ManagementErrorStatus(ManagementErrorStatus {
                        management_error_id: e,
                        management_id: ManagementId(id),
                        display_data: d,
                    }),
                )
            })
            .boxed(),
        (org_tlv_type(), any::<[u8; 3]>(), 0u32..1 << 24, bytes(40))
            .prop_map(move |(ty, oui, sub, data)| {
                t(
                    ty,
                    TlvBody::OrganizationExtension(OrgExtension {
                        organization_id: oui,
                        organization_sub_type: sub,
                        data,
                    }),
                )
            })
            .boxed(),
        (org_tlv_type(), known_org())
            .prop_map(move |(ty, k)| {
                let (oui, sub, d) = known_org_parts(&k);
                t(
                    ty,
                    TlvBody::OrganizationExtension(OrgExtension {
                        organization_id: oui,
                        organization_sub_type: sub,
                        data: leak(d),
                    }),
                )
            })
            .boxed(),
        (any_message_type(), any::<(i8, u32)>())
            .prop_map(move |(m, (p, d))| {
                t(
                    TlvType::REQUEST_UNICAST_TRANSMISSION,
                    TlvBody::RequestUnicastTransmission(UnicastRequest {
                        message_type: m,
                        log_inter_message_period: p,
                        duration_field: d,
                    }),
                )
            })
            .boxed(),
        (any_message_type(), any::<(i8, u32, bool)>())
            .prop_map(move |(m, (p, d, r))| {
                t(
                    TlvType::GRANT_UNICAST_TRANSMISSION,
                    TlvBody::GrantUnicastTransmission(UnicastGrant {
                        message_type: m,
                        log_inter_message_period: p,
                        duration_field: d,
                        renewal_invited: r,
                    }),
                )
            })
            .boxed(),
        any_message_type()
            .prop_map(move |m| {
                t(
                    TlvType::CANCEL_UNICAST_TRANSMISSION,
                    TlvBody::CancelUnicastTransmission(m),
                )
            })
            .boxed(),
        any_message_type()
            .prop_map(move |m| {
                t(
                    TlvType::ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION,
                    TlvBody::AcknowledgeCancelUnicastTransmission(m),
                )
            })
            .boxed(),
        vec(any::<[u8; 8]>(), 0..5)
            .prop_map(move |l| {
                t(
                    TlvType::PATH_TRACE,
                    TlvBody::PathTrace(WireList {
                        count: l.len(),
                        bytes: leak(l.concat()),
                    }),
                )
            })
            .boxed(),
        (any::<(u8, i32, i32)>(), u48(), text(20))
            .prop_map(move |((k, c, j), n, name)| {
                t(
                    TlvType::ALTERNATE_TIME_OFFSET_INDICATOR,
                    TlvBody::AlternateTimeOffsetIndicator(AlternateTimeOffsetIndicator {
                        key_field: k,
                        current_offset: c,
                        jump_seconds: j,
                        time_of_next_jump: n,
                        display_name: name,
                    }),
                )
            })
            .boxed(),
        (any::<(u8, u8, u32)>(), bytes(40))
            .prop_map(move |((spp, s, k), rest)| {
                t(
                    TlvType::AUTHENTICATION,
                    TlvBody::Authentication(Authentication {
                        spp,
                        sec_param_indicator: s,
                        key_id: k,
                        rest,
                    }),
                )
            })
            .boxed(),
        (any::<(u8, u8)>(), vec(interval(), 5), vec(float(), 5))
            .prop_map(move |((bc, tc), m, v)| {
                t(
                    TlvType::ENHANCED_ACCURACY_METRICS,
                    TlvBody::EnhancedAccuracyMetrics(EnhancedAccuracyMetrics {
                        bc_hop_count: bc,
                        tc_hop_count: tc,
                        max_gm_inaccuracy: m[0],
                        var_gm_inaccuracy: v[0],
                        max_transient_inaccuracy: m[1],
                        var_transient_inaccuracy: v[1],
                        max_dynamic_inaccuracy: m[2],
                        var_dynamic_inaccuracy: v[2],
                        max_static_instance_inaccuracy: m[3],
                        var_static_instance_inaccuracy: v[3],
                        max_static_medium_inaccuracy: m[4],
                        var_static_medium_inaccuracy: v[4],
                    }),
                )
            })
            .boxed(),
        (0usize..64)
            .prop_map(move |n| t(TlvType::PAD, TlvBody::Pad(n)))
            .boxed(),
        (untyped_tlv_type(), bytes(40))
            .prop_map(move |(ty, b)| t(ty, TlvBody::Other(b)))
            .boxed(),
    ];
    Union::new(arms).boxed()
}

// ------------------------------------------------------------------ messages

fn body() -> B<Body> {
    let arms: Vec<B<Body>> = vec![
        timestamp()
            .prop_map(|t| Body::Sync {
                origin_timestamp: t,
            })
            .boxed(),
        timestamp()
            .prop_map(|t| Body::DelayReq {
                origin_timestamp: t,
            })
            .boxed(),
        timestamp()
            .prop_map(|t| Body::FollowUp {
                precise_origin_timestamp: t,
            })
            .boxed(),
        (timestamp(), port_identity())
            .prop_map(|(t, p)| Body::DelayResp {
                receive_timestamp: t,
                requesting_port_identity: p,
            })
            .boxed(),
        timestamp()
            .prop_map(|t| Body::PdelayReq {
                origin_timestamp: t,
            })
            .boxed(),
        (timestamp(), port_identity())
            .prop_map(|(t, p)| Body::PdelayResp {
                request_receipt_timestamp: t,
                requesting_port_identity: p,
            })
            .boxed(),
        (timestamp(), port_identity())
            .prop_map(|(t, p)| Body::PdelayRespFollowUp {
                response_origin_timestamp: t,
                requesting_port_identity: p,
            })
            .boxed(),
        (
            timestamp(),
            any::<(i16, u8, u8, u16, u8)>(),
            quality(),
            clock_identity(),
        )
            .prop_map(|(t, (o, p1, p2, s, ts), q, gm)| {
                Body::Announce(Announce {
                    origin_timestamp: t,
                    current_utc_offset: o,
                    grandmaster_priority1: p1,
                    grandmaster_clock_quality: q,
                    grandmaster_priority2: p2,
                    grandmaster_identity: gm,
                    steps_removed: s,
                    time_source: TimeSource(ts),
                })
            })
            .boxed(),
        port_identity()
            .prop_map(|p| Body::Signaling {
                target_port_identity: p,
            })
            .boxed(),
        (port_identity(), any::<(u8, u8)>(), 0u8..16)
            .prop_map(|(p, (s, b), a)| {
                Body::Management(ManagementFields {
                    target_port_identity: p,
                    starting_boundary_hops: s,
                    boundary_hops: b,
                    action_field: a,
                })
            })
            .boxed(),
        Just(Body::Reserved).boxed(),
    ];
    Union::new(arms).boxed()
}

fn header() -> B<Header> {
    (
        (0u8..16, 0u8..16, any::<u8>(), any::<u8>()),
        (any::<u16>(), interval(), any::<u32>()),
        (port_identity(), any::<u16>(), any::<u8>(), any::<i8>()),
        prop::sample::select(vec![4u8, 5, 6, 7, 0xE, 0xF]),
    )
        .prop_map(
            |((sdo, minor, dom, msdo), (f, c, mts), (spi, seq, cf, lmi), rsv)| {
                let mut h = Header::new(MessageType::Reserved(rsv));
                h.major_sdo_id = sdo;
                h.minor_version_ptp = minor;
                h.domain_number = dom;
                h.minor_sdo_id = msdo;
                h.flag_field = FlagField::from_bits_retain(f);
                h.correction_field = c;
                h.message_type_specific = mts;
                h.source_port_identity = spi;
                h.sequence_id = seq;
                h.control_field = cf;
                h.log_message_interval = lmi;
                h
            },
        )
        .boxed()
}

/// A valid message and the typed TLVs of its suffix.
#[derive(Debug, Clone)]
struct Valid {
    header: Header,
    body: Body,
    tlvs: Vec<TypedTlv<'static>>,
}

impl Valid {
    fn bytes(&self) -> Vec<u8> {
        let suffix_len: usize = self.tlvs.iter().map(TypedTlv::buffer_len).sum();
        let mut suffix = vec![0u8; suffix_len];
        let mut at = 0;
        for t in &self.tlvs {
            at += t.emit(&mut suffix[at..]).unwrap();
        }
        let m = Message {
            header: self.header,
            body: self.body,
            suffix: &suffix,
        };
        let mut out = vec![0u8; m.buffer_len()];
        assert_eq!(m.emit(&mut out).unwrap(), out.len());
        out
    }

    /// The header as it comes back: messageLength and messageType set by emit.
    fn expected_header(&self, len: usize) -> Header {
        let mut h = self.header;
        h.message_length = len as u16;
        if !matches!(self.body, Body::Reserved) {
            h.message_type = self.body.message_type();
        }
        h
    }
}

fn valid() -> B<Valid> {
    (header(), body(), vec(typed_tlv(), 0..4))
        .prop_map(|(header, body, tlvs)| Valid { header, body, tlvs })
        .boxed()
}

/// Reads everything the crate can read from `buf` without panicking, and checks that
/// every error offset lies inside the input.
fn read_everything(buf: &[u8]) {
    let within = |e: &mediafabric_ptp::Error| {
        if let Some(o) = e.offset() {
            assert!(
                o <= buf.len(),
                "offset {o} past the input ({}): {e}",
                buf.len()
            );
        }
    };
    let m = match Message::parse(buf) {
        Ok(m) => m,
        Err(e) => {
            within(&e);
            return;
        }
    };
    // A parsed message re-emits to what parses to the same message (reserved octets
    // are written as zero, so the bytes may differ there).
    let mut out = vec![0u8; m.buffer_len()];
    m.emit(&mut out).unwrap();
    assert_eq!(Message::parse(&out).unwrap(), m);
    for t in m.tlvs() {
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                within(&e);
                continue;
            }
        };
        assert!(t.offset + t.buffer_len() <= buf.len());
        match TypedTlv::parse(&t) {
            Err(e) => within(&e),
            Ok(typed) => {
                let mut out = vec![0u8; typed.buffer_len()];
                typed.emit(&mut out).unwrap();
                // Compared as bytes: a NaN variance in ENHANCED_ACCURACY_METRICS makes
                // the derived PartialEq false even for the same value.
                let again = TlvIter::new(&out, 0).next().unwrap().unwrap();
                let again = TypedTlv::parse(&again).unwrap();
                let mut out2 = vec![0u8; again.buffer_len()];
                again.emit(&mut out2).unwrap();
                assert_eq!(out2, out);
                match typed.body {
                    TlvBody::OrganizationExtension(o) => {
                        let _ = o.known();
                    }
                    TlvBody::Management(mt) => match mt.data {
                        ManagementData::FaultLog(l) => {
                            assert_eq!(l.fault_records().count(), l.count);
                        }
                        ManagementData::GrandmasterClusterTable { addresses, .. }
                        | ManagementData::UnicastMasterTable { addresses, .. } => {
                            assert_eq!(addresses.port_addresses().count(), addresses.count);
                        }
                        ManagementData::AcceptableMasterTable(l) => {
                            assert_eq!(l.acceptable_masters().count(), l.count);
                        }
                        ManagementData::PathTraceList(l) => {
                            assert_eq!(l.clock_identities().count(), l.count);
                        }
                        _ => {}
                    },
                    TlvBody::PathTrace(l) => assert_eq!(l.clock_identities().count(), l.count),
                    _ => {}
                }
            }
        }
    }
}

fn transport() -> B<Transport> {
    let mac = any::<[u8; 6]>();
    prop_oneof![
        (mac, any::<[u8; 6]>()).prop_map(|(s, d)| Transport::Layer2 {
            src_mac: s,
            dst_mac: d
        }),
        (
            mac,
            any::<[u8; 6]>(),
            any::<[u8; 4]>(),
            any::<[u8; 4]>(),
            any::<u8>(),
            0u8..64
        )
            .prop_map(|(s, d, a, b, ttl, dscp)| Transport::Udp4 {
                src_mac: s,
                dst_mac: d,
                src: Ipv4Addr::from(a),
                dst: Ipv4Addr::from(b),
                ttl,
                dscp,
            }),
        (
            mac,
            any::<[u8; 6]>(),
            any::<[u8; 16]>(),
            any::<[u8; 16]>(),
            any::<u8>(),
            0u8..64,
            any::<bool>()
        )
            .prop_map(|(s, d, a, b, hl, dscp, tr)| Transport::Udp6 {
                src_mac: s,
                dst_mac: d,
                src: Ipv6Addr::from(a),
                dst: Ipv6Addr::from(b),
                hop_limit: hl,
                dscp,
                checksum_trailer: tr,
            }),
    ]
    .boxed()
}

/// Checks the UDP checksum of a framed message with etherparse alone; `None` for
/// Layer 2.
fn udp_checksum_ok(frame: &[u8]) -> Option<bool> {
    use etherparse::{NetSlice, SlicedPacket, TransportSlice};
    let p = SlicedPacket::from_ethernet(frame).expect("etherparse reads the frame");
    let Some(TransportSlice::Udp(udp)) = p.transport else {
        return None;
    };
    let h = udp.to_header();
    let want = match p.net {
        Some(NetSlice::Ipv4(ip)) => h
            .calc_checksum_ipv4_raw(
                ip.header().source(),
                ip.header().destination(),
                udp.payload(),
            )
            .unwrap(),
        Some(NetSlice::Ipv6(ip)) => h
            .calc_checksum_ipv6_raw(
                ip.header().source(),
                ip.header().destination(),
                udp.payload(),
            )
            .unwrap(),
        _ => panic!("UDP without IP"),
    };
    Some(h.checksum == want)
}

proptest! {
    // 512 cases unless PROPTEST_CASES says otherwise (for longer local runs).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn timestamp_and_interval_round_trip(t in timestamp(), c in interval()) {
        let mut b = [0u8; 10];
        t.emit(&mut b).unwrap();
        prop_assert_eq!(Timestamp::parse(&b).unwrap(), t);
        let mut h = Header::new(MessageType::Sync);
        h.correction_field = c;
        let mut hb = [0u8; HEADER_LEN];
        h.emit(&mut hb).unwrap();
        prop_assert_eq!(Header::parse(&hb).unwrap().correction_field, c);
    }

    #[test]
    fn message_round_trips(v in valid()) {
        let bytes = v.bytes();
        let m = Message::parse(&bytes).unwrap();
        prop_assert_eq!(m.header, v.expected_header(bytes.len()));
        prop_assert_eq!(m.body, v.body);
        let typed: Vec<TypedTlv<'_>> = m
            .tlvs()
            .map(|t| TypedTlv::parse(&t.unwrap()).unwrap())
            .collect();
        prop_assert_eq!(&typed, &v.tlvs);
        // and the parsed message re-emits byte for byte
        let mut out = vec![0u8; m.buffer_len()];
        m.emit(&mut out).unwrap();
        prop_assert_eq!(out, bytes);
    }

    #[test]
    fn typed_tlv_round_trips(t in typed_tlv()) {
        let mut b = vec![0u8; t.buffer_len()];
        prop_assert_eq!(t.emit(&mut b).unwrap(), b.len());
        let raw = TlvIter::new(&b, 0).next().unwrap().unwrap();
        prop_assert_eq!(raw.buffer_len(), b.len());
        let back = TypedTlv::parse(&raw).unwrap();
        prop_assert_eq!(back, t);
        let mut again = vec![0u8; back.buffer_len()];
        back.emit(&mut again).unwrap();
        prop_assert_eq!(again, b);
    }

    #[test]
    fn management_data_round_trips(m in management()) {
        let mut b = vec![0u8; m.buffer_len()];
        m.emit(&mut b).unwrap();
        prop_assert_eq!(ManagementTlv::parse(&b).unwrap(), m);
    }

    #[test]
    fn known_organization_extensions_round_trip(k in known_org()) {
        let (oui, sub, d) = known_org_parts(&k);
        let o = OrgExtension { organization_id: oui, organization_sub_type: sub, data: &d };
        prop_assert_eq!(o.known().unwrap(), Some(k));
        let mut v = vec![0u8; o.buffer_len()];
        o.emit(&mut v).unwrap();
        prop_assert_eq!(OrgExtension::parse(&v).unwrap(), o);
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in vec(any::<u8>(), 0..160)) {
        read_everything(&b);
        // also as a TLV of every typed kind
        for ty in [1u16, 2, 3, 4, 5, 6, 7, 8, 9, 0x4000, 0x4001, 0x8000, 0x8008, 0x8009] {
            let t = mediafabric_ptp::wire::Tlv { tlv_type: TlvType(ty), value: &b, offset: 0 };
            match TypedTlv::parse(&t) {
                Ok(x) => {
                    let mut out = vec![0u8; x.buffer_len()];
                    x.emit(&mut out).unwrap();
                }
                Err(e) => prop_assert!(e.offset().unwrap_or(0) <= b.len() + 4, "{}", e),
            }
        }
        let _ = locate(&b);
    }

    #[test]
    fn arbitrary_messages_with_a_valid_header_never_panic(
        v in valid(),
        tail in vec(any::<u8>(), 0..120),
    ) {
        // a valid header and body followed by garbage TLVs
        let mut b = v.bytes();
        let keep = HEADER_LEN + v.body.len();
        b.truncate(keep);
        b.extend_from_slice(&tail);
        let n = b.len() as u16;
        b[2..4].copy_from_slice(&n.to_be_bytes());
        read_everything(&b);
    }

    #[test]
    fn truncations_and_bit_flips_never_panic(
        v in valid(),
        cut in any::<prop::sample::Index>(),
        flips in vec((any::<prop::sample::Index>(), 0u8..8), 1..6),
    ) {
        let b = v.bytes();
        let n = cut.index(b.len());
        let short = &b[..n];
        let e = Message::parse(short).unwrap_err();
        prop_assert!(e.offset().unwrap_or(0) <= n);
        read_everything(short);
        let mut f = b.clone();
        for (i, bit) in &flips {
            let i = i.index(f.len());
            f[i] ^= 1 << bit;
        }
        read_everything(&f);
    }

    #[test]
    fn transport_framing_round_trips(v in valid(), t in transport(), delta in interval()) {
        let msg = v.bytes();
        let mut frame = vec![0u8; t.frame_len(msg.len())];
        prop_assert_eq!(t.frame(&msg, &mut frame).unwrap(), frame.len());
        let loc = locate(&frame).unwrap();
        prop_assert_eq!(loc.offset, t.overhead());
        prop_assert_eq!(&frame[loc.offset..loc.offset + msg.len()], &msg[..]);
        let udp = matches!(t, Transport::Udp4 { .. } | Transport::Udp6 { .. });
        prop_assert_eq!(loc.udp_offset.is_some(), udp);
        prop_assert_eq!(udp_checksum_ok(&frame), if udp { Some(true) } else { None });
        if let Some(u) = loc.udp_offset {
            let port = u16::from_be_bytes([frame[u + 2], frame[u + 3]]);
            let event = Message::parse(&msg).unwrap().header.message_type.is_event();
            prop_assert_eq!(port, if event { 319 } else { 320 });
        }
        // one-step and transparent clock updates keep the checksum right
        let before = Message::parse(&msg).unwrap().header.correction_field;
        let new = add_to_correction(&mut frame, delta).unwrap();
        prop_assert_eq!(new.0, before.0.saturating_add(delta.0));
        prop_assert_eq!(
            Message::parse(&frame[loc.offset..]).unwrap().header.correction_field,
            new
        );
        prop_assert_ne!(udp_checksum_ok(&frame), Some(false));
        let ts = Timestamp { seconds: 0x1234_5678, nanoseconds: 999_999_999 };
        let stamped = set_origin_timestamp(&mut frame, ts);
        if matches!(v.body, Body::Sync { .. } | Body::DelayReq { .. } | Body::PdelayReq { .. } | Body::FollowUp { .. }) {
            stamped.unwrap();
            let m = Message::parse(&frame[loc.offset..]).unwrap();
            let got = match m.body {
                Body::Sync { origin_timestamp }
                | Body::DelayReq { origin_timestamp }
                | Body::PdelayReq { origin_timestamp } => origin_timestamp,
                Body::FollowUp { precise_origin_timestamp } => precise_origin_timestamp,
                _ => unreachable!(),
            };
            prop_assert_eq!(got, ts);
        } else {
            prop_assert!(stamped.is_err());
        }
        prop_assert_ne!(udp_checksum_ok(&frame), Some(false));
    }
}
