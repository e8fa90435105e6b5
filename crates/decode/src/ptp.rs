//! The `ptp` layer: IEEE 1588-2019 header, body and TLVs with the standard's names.

use mediafabric_ptp::wire::{
    Body, FlagField, ManagementData, ManagementErrorStatus, Message, PortIdentity, PtpText,
    Timestamp, Tlv, TlvBody, TypedTlv,
};
use serde_json::{Map, Value, json};

fn timestamp(t: &Timestamp) -> Value {
    json!({"secondsField": t.seconds, "nanosecondsField": t.nanoseconds})
}

fn port_identity(p: &PortIdentity) -> Value {
    json!({"clockIdentity": p.clock_identity.to_string(), "portNumber": p.port_number})
}

fn hex(b: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

/// The JSON fields of a PTP message (without `proto`); `base` is the message's offset
/// in the frame, used for TLV error offsets.
pub(crate) fn message_fields(m: &Message<'_>, base: usize) -> Map<String, Value> {
    let h = &m.header;
    let mut o = Map::new();
    let mt = h.message_type;
    o.insert(
        "messageType".into(),
        match mt.name() {
            Some(n) => Value::String(n.into()),
            None => Value::from(mt.bits()),
        },
    );
    o.insert("majorSdoId".into(), h.major_sdo_id.into());
    o.insert("minorSdoId".into(), h.minor_sdo_id.into());
    o.insert("versionPTP".into(), h.version_ptp.into());
    o.insert("minorVersionPTP".into(), h.minor_version_ptp.into());
    o.insert("messageLength".into(), h.message_length.into());
    o.insert("domainNumber".into(), h.domain_number.into());
    let mut flags = Map::new();
    for (name, f) in FlagField::NAMED {
        flags.insert(name.into(), h.flag_field.contains(f).into());
    }
    o.insert("flagField".into(), Value::Object(flags));
    o.insert("correctionField".into(), h.correction_field.scaled().into());
    o.insert("messageTypeSpecific".into(), h.message_type_specific.into());
    o.insert(
        "sourcePortIdentity".into(),
        port_identity(&h.source_port_identity),
    );
    o.insert("sequenceId".into(), h.sequence_id.into());
    o.insert("controlField".into(), h.control_field.into());
    o.insert("logMessageInterval".into(), h.log_message_interval.into());
    match &m.body {
        Body::Sync { origin_timestamp }
        | Body::DelayReq { origin_timestamp }
        | Body::PdelayReq { origin_timestamp } => {
            o.insert("originTimestamp".into(), timestamp(origin_timestamp));
        }
        Body::FollowUp {
            precise_origin_timestamp,
        } => {
            o.insert(
                "preciseOriginTimestamp".into(),
                timestamp(precise_origin_timestamp),
            );
        }
        Body::DelayResp {
            receive_timestamp,
            requesting_port_identity,
        } => {
            o.insert("receiveTimestamp".into(), timestamp(receive_timestamp));
            o.insert(
                "requestingPortIdentity".into(),
                port_identity(requesting_port_identity),
            );
        }
        Body::PdelayResp {
            request_receipt_timestamp,
            requesting_port_identity,
        } => {
            o.insert(
                "requestReceiptTimestamp".into(),
                timestamp(request_receipt_timestamp),
            );
            o.insert(
                "requestingPortIdentity".into(),
                port_identity(requesting_port_identity),
            );
        }
        Body::PdelayRespFollowUp {
            response_origin_timestamp,
            requesting_port_identity,
        } => {
            o.insert(
                "responseOriginTimestamp".into(),
                timestamp(response_origin_timestamp),
            );
            o.insert(
                "requestingPortIdentity".into(),
                port_identity(requesting_port_identity),
            );
        }
        Body::Announce(a) => {
            o.insert("originTimestamp".into(), timestamp(&a.origin_timestamp));
            o.insert("currentUtcOffset".into(), a.current_utc_offset.into());
            o.insert(
                "grandmasterPriority1".into(),
                a.grandmaster_priority1.into(),
            );
            let q = &a.grandmaster_clock_quality;
            o.insert(
                "grandmasterClockQuality".into(),
                json!({
                    "clockClass": q.clock_class,
                    "clockAccuracy": q.clock_accuracy.0,
                    "offsetScaledLogVariance": q.offset_scaled_log_variance,
                }),
            );
            o.insert(
                "grandmasterPriority2".into(),
                a.grandmaster_priority2.into(),
            );
            o.insert(
                "grandmasterIdentity".into(),
                a.grandmaster_identity.to_string().into(),
            );
            o.insert("stepsRemoved".into(), a.steps_removed.into());
            o.insert("timeSource".into(), a.time_source.0.into());
        }
        Body::Signaling {
            target_port_identity,
        } => {
            o.insert(
                "targetPortIdentity".into(),
                port_identity(target_port_identity),
            );
        }
        Body::Management(mf) => {
            o.insert(
                "targetPortIdentity".into(),
                port_identity(&mf.target_port_identity),
            );
            o.insert(
                "startingBoundaryHops".into(),
                mf.starting_boundary_hops.into(),
            );
            o.insert("boundaryHops".into(), mf.boundary_hops.into());
            o.insert(
                "actionField".into(),
                match mediafabric_ptp::wire::ManagementFields::action_name(mf.action_field) {
                    Some(n) => Value::String(n.into()),
                    None => Value::from(mf.action_field),
                },
            );
        }
        Body::Reserved => {}
    }
    let mut tlvs = Vec::new();
    let mut tlv_error = Value::Null;
    for t in m.tlvs() {
        match t {
            Ok(t) => {
                let mut f = Map::new();
                f.insert(
                    "tlvType".into(),
                    match t.tlv_type.name() {
                        Some(n) => Value::String(n.into()),
                        None => Value::from(t.tlv_type.0),
                    },
                );
                f.insert("lengthField".into(), t.length_field().into());
                if let Err(e) = tlv_fields(&t, &mut f) {
                    f.insert(
                        "error".into(),
                        json!({"offset": base + e.offset().unwrap_or(0), "reason": e.to_string()}),
                    );
                }
                tlvs.push(Value::Object(f));
            }
            Err(e) => {
                tlv_error = json!({
                    "offset": base + e.offset().unwrap_or(0),
                    "reason": e.to_string(),
                });
            }
        }
    }
    o.insert("tlvs".into(), Value::Array(tlvs));
    if !tlv_error.is_null() {
        o.insert("tlvError".into(), tlv_error);
    }
    o
}

fn name_or_number(name: Option<&'static str>, n: u64) -> Value {
    match name {
        Some(s) => Value::String(s.into()),
        None => Value::from(n),
    }
}

fn text(t: &PtpText<'_>) -> Value {
    match t.as_str() {
        Some(s) => Value::String(s.into()),
        None => Value::String(hex(t.0)),
    }
}

fn quality(q: &mediafabric_ptp::wire::ClockQuality) -> Value {
    json!({
        "clockClass": q.clock_class,
        "clockAccuracy": q.clock_accuracy.0,
        "offsetScaledLogVariance": q.offset_scaled_log_variance,
    })
}

fn management_data(d: &ManagementData<'_>, f: &mut Map<String, Value>) {
    use ManagementData as D;
    let mut put = |k: &str, v: Value| {
        f.insert(k.into(), v);
    };
    match d {
        D::Empty => {}
        D::ClockDescription(c) => {
            put("clockType", c.clock_type.into());
            put("physicalLayerProtocol", text(&c.physical_layer_protocol));
            put("physicalAddress", hex(c.physical_address).into());
            put(
                "protocolAddress",
                json!({
                    "networkProtocol": c.protocol_address.network_protocol,
                    "addressField": hex(c.protocol_address.address),
                }),
            );
            put("manufacturerIdentity", hex(&c.manufacturer_identity).into());
            put("productDescription", text(&c.product_description));
            put("revisionData", text(&c.revision_data));
            put("userDescription", text(&c.user_description));
            put("profileIdentity", hex(&c.profile_identity).into());
        }
        D::UserDescription(t) => put("userDescription", text(t)),
        D::Initialize(k) => put("initializationKey", (*k).into()),
        D::FaultLog(l) => put("numberOfFaultRecords", l.count.into()),
        D::DefaultDataSet(s) => {
            put("twoStepFlag", s.two_step_flag.into());
            put("slaveOnly", s.slave_only.into());
            put("numberPorts", s.number_ports.into());
            put("priority1", s.priority1.into());
            put("clockQuality", quality(&s.clock_quality));
            put("priority2", s.priority2.into());
            put("clockIdentity", s.clock_identity.to_string().into());
            put("domainNumber", s.domain_number.into());
        }
        D::CurrentDataSet(s) => {
            put("stepsRemoved", s.steps_removed.into());
            put("offsetFromMaster", s.offset_from_master.scaled().into());
            put("meanPathDelay", s.mean_path_delay.scaled().into());
        }
        D::ParentDataSet(s) => {
            put("parentPortIdentity", port_identity(&s.parent_port_identity));
            put("parentStats", s.parent_stats.into());
            put(
                "observedParentOffsetScaledLogVariance",
                s.observed_parent_offset_scaled_log_variance.into(),
            );
            put(
                "observedParentClockPhaseChangeRate",
                s.observed_parent_clock_phase_change_rate.into(),
            );
            put("grandmasterPriority1", s.grandmaster_priority1.into());
            put(
                "grandmasterClockQuality",
                quality(&s.grandmaster_clock_quality),
            );
            put("grandmasterPriority2", s.grandmaster_priority2.into());
            put(
                "grandmasterIdentity",
                s.grandmaster_identity.to_string().into(),
            );
        }
        D::TimePropertiesDataSet(s) => {
            put("currentUtcOffset", s.current_utc_offset.into());
            put("flags", s.flags.into());
            put("timeSource", s.time_source.0.into());
        }
        D::PortDataSet(s) => {
            put("portIdentity", port_identity(&s.port_identity));
            put("portState", s.port_state.into());
            put(
                "logMinDelayReqInterval",
                s.log_min_delay_req_interval.into(),
            );
            put("peerMeanPathDelay", s.peer_mean_path_delay.scaled().into());
            put("logAnnounceInterval", s.log_announce_interval.into());
            put("announceReceiptTimeout", s.announce_receipt_timeout.into());
            put("logSyncInterval", s.log_sync_interval.into());
            put("delayMechanism", s.delay_mechanism.into());
            put(
                "logMinPdelayReqInterval",
                s.log_min_pdelay_req_interval.into(),
            );
            put("versionNumber", s.version_number.into());
        }
        D::Time(t) => put("currentTime", timestamp(t)),
        D::UtcProperties {
            current_utc_offset,
            flags,
        } => {
            put("currentUtcOffset", (*current_utc_offset).into());
            put("flags", (*flags).into());
        }
        D::TimescaleProperties { flags, time_source } => {
            put("flags", (*flags).into());
            put("timeSource", time_source.0.into());
        }
        D::PathTraceList(l) => put(
            "pathSequence",
            l.clock_identities()
                .map(|c| Value::String(c.to_string()))
                .collect(),
        ),
        D::GrandmasterClusterTable {
            log_query_interval,
            addresses,
        }
        | D::UnicastMasterTable {
            log_query_interval,
            addresses,
        } => {
            put("logQueryInterval", (*log_query_interval).into());
            put("actualTableSize", addresses.count.into());
            put(
                "portAddresses",
                addresses
                    .port_addresses()
                    .map(|a| json!({"networkProtocol": a.network_protocol, "addressField": hex(a.address)}))
                    .collect(),
            );
        }
        D::MaxTableSize(n) => put("maxTableSize", (*n).into()),
        D::AcceptableMasterTable(l) => {
            put("actualTableSize", l.count.into());
            put(
                "acceptableMasters",
                l.acceptable_masters()
                    .map(|(p, a)| json!({"acceptablePortIdentity": port_identity(&p), "alternatePriority1": a}))
                    .collect(),
            );
        }
        D::AlternateMaster {
            flags,
            log_alternate_multicast_sync_interval,
            number_of_alternate_masters,
        } => {
            put("flags", (*flags).into());
            put(
                "logAlternateMulticastSyncInterval",
                (*log_alternate_multicast_sync_interval).into(),
            );
            put(
                "numberOfAlternateMasters",
                (*number_of_alternate_masters).into(),
            );
        }
        D::AlternateTimeOffsetName {
            key_field,
            display_name,
        } => {
            put("keyField", (*key_field).into());
            put("displayName", text(display_name));
        }
        D::AlternateTimeOffsetEnable { key_field, flags } => {
            put("keyField", (*key_field).into());
            put("flags", (*flags).into());
        }
        D::AlternateTimeOffsetProperties(p) => {
            put("keyField", p.key_field.into());
            put("currentOffset", p.current_offset.into());
            put("jumpSeconds", p.jump_seconds.into());
            put("timeOfNextJump", p.time_of_next_jump.into());
        }
        D::TransparentClockDefaultDataSet {
            clock_identity,
            number_ports,
            delay_mechanism,
            primary_domain,
        } => {
            put("clockIdentity", clock_identity.to_string().into());
            put("numberPorts", (*number_ports).into());
            put("delayMechanism", (*delay_mechanism).into());
            put("primaryDomain", (*primary_domain).into());
        }
        D::TransparentClockPortDataSet(p) => {
            put("portIdentity", port_identity(&p.port_identity));
            put("faultyFlag", p.faulty_flag.into());
            put(
                "logMinPdelayReqInterval",
                p.log_min_pdelay_req_interval.into(),
            );
            put("peerMeanPathDelay", p.peer_mean_path_delay.scaled().into());
        }
        D::Octet(v) => put("value", (*v).into()),
        D::Raw(r) => put("dataField", hex(r).into()),
        _ => {}
    }
}

fn org_fields(o: &mediafabric_ptp::wire::org::OrgExtension<'_>, f: &mut Map<String, Value>) {
    use mediafabric_ptp::wire::org::KnownOrgExtension as K;
    f.insert("organizationId".into(), hex(&o.organization_id).into());
    f.insert("organizationSubType".into(), o.organization_sub_type.into());
    match o.known() {
        Ok(Some(K::SmpteSyncMetadata(m))) => {
            f.insert(
                "defaultSystemFrameRate".into(),
                json!({
                    "numerator": m.default_system_frame_rate_numerator,
                    "denominator": m.default_system_frame_rate_denominator,
                }),
            );
            f.insert("masterLockingStatus".into(), m.master_locking_status.into());
            f.insert("timeAddressFlags".into(), m.time_address_flags.into());
            f.insert("currentLocalOffset".into(), m.current_local_offset.into());
            f.insert("jumpSeconds".into(), m.jump_seconds.into());
            f.insert("timeOfNextJump".into(), m.time_of_next_jump.into());
            f.insert("timeOfNextJam".into(), m.time_of_next_jam.into());
            f.insert("timeOfPreviousJam".into(), m.time_of_previous_jam.into());
            f.insert(
                "previousJamLocalOffset".into(),
                m.previous_jam_local_offset.into(),
            );
            f.insert("daylightSaving".into(), m.daylight_saving.into());
            f.insert("leapSecondJump".into(), m.leap_second_jump.into());
        }
        Ok(Some(K::FollowUpInformation(m))) => {
            f.insert(
                "cumulativeScaledRateOffset".into(),
                m.cumulative_scaled_rate_offset.into(),
            );
            f.insert(
                "gmTimeBaseIndicator".into(),
                m.gm_time_base_indicator.into(),
            );
            f.insert(
                "lastGmPhaseChange".into(),
                ((u128::from(m.last_gm_phase_change_high) << 64)
                    | u128::from(m.last_gm_phase_change_low))
                .to_string()
                .into(),
            );
            f.insert(
                "scaledLastGmFreqChange".into(),
                m.scaled_last_gm_freq_change.into(),
            );
        }
        Ok(Some(K::MessageIntervalRequest(m))) => {
            f.insert("linkDelayInterval".into(), m.link_delay_interval.into());
            f.insert("timeSyncInterval".into(), m.time_sync_interval.into());
            f.insert("announceInterval".into(), m.announce_interval.into());
            f.insert("flags".into(), m.flags.into());
        }
        Ok(Some(K::PowerProfile2011(m))) => {
            f.insert("grandmasterId".into(), m.grandmaster_id.into());
            f.insert(
                "grandmasterTimeInaccuracy".into(),
                m.grandmaster_time_inaccuracy.into(),
            );
            f.insert(
                "networkTimeInaccuracy".into(),
                m.network_time_inaccuracy.into(),
            );
        }
        Ok(Some(K::PowerProfile2017(m))) => {
            f.insert("grandmasterId".into(), m.grandmaster_id.into());
            f.insert("totalTimeInaccuracy".into(), m.total_time_inaccuracy.into());
        }
        _ => {
            f.insert("dataField".into(), hex(o.data).into());
        }
    }
}

fn tlv_fields(t: &Tlv<'_>, f: &mut Map<String, Value>) -> Result<(), mediafabric_ptp::Error> {
    let typed = TypedTlv::parse(t)?;
    match &typed.body {
        TlvBody::Management(m) => {
            f.insert(
                "managementId".into(),
                name_or_number(m.management_id.name(), u64::from(m.management_id.0)),
            );
            management_data(&m.data, f);
        }
        TlvBody::ManagementErrorStatus(e) => {
            f.insert(
                "managementErrorId".into(),
                name_or_number(
                    ManagementErrorStatus::error_name(e.management_error_id),
                    u64::from(e.management_error_id),
                ),
            );
            f.insert(
                "managementId".into(),
                name_or_number(e.management_id.name(), u64::from(e.management_id.0)),
            );
            f.insert("displayData".into(), text(&e.display_data));
        }
        TlvBody::OrganizationExtension(o) => org_fields(o, f),
        TlvBody::RequestUnicastTransmission(r) => {
            f.insert(
                "messageType".into(),
                name_or_number(r.message_type.name(), u64::from(r.message_type.bits())),
            );
            f.insert(
                "logInterMessagePeriod".into(),
                r.log_inter_message_period.into(),
            );
            f.insert("durationField".into(), r.duration_field.into());
        }
        TlvBody::GrantUnicastTransmission(g) => {
            f.insert(
                "messageType".into(),
                name_or_number(g.message_type.name(), u64::from(g.message_type.bits())),
            );
            f.insert(
                "logInterMessagePeriod".into(),
                g.log_inter_message_period.into(),
            );
            f.insert("durationField".into(), g.duration_field.into());
            f.insert("renewalInvited".into(), g.renewal_invited.into());
        }
        TlvBody::CancelUnicastTransmission(m)
        | TlvBody::AcknowledgeCancelUnicastTransmission(m) => {
            f.insert(
                "messageType".into(),
                name_or_number(m.name(), u64::from(m.bits())),
            );
        }
        TlvBody::PathTrace(l) => {
            f.insert(
                "pathSequence".into(),
                l.clock_identities()
                    .map(|c| Value::String(c.to_string()))
                    .collect(),
            );
        }
        TlvBody::AlternateTimeOffsetIndicator(a) => {
            f.insert("keyField".into(), a.key_field.into());
            f.insert("currentOffset".into(), a.current_offset.into());
            f.insert("jumpSeconds".into(), a.jump_seconds.into());
            f.insert("timeOfNextJump".into(), a.time_of_next_jump.into());
            f.insert("displayName".into(), text(&a.display_name));
        }
        TlvBody::Authentication(a) => {
            f.insert("spp".into(), a.spp.into());
            f.insert("secParamIndicator".into(), a.sec_param_indicator.into());
            f.insert("keyId".into(), a.key_id.into());
            f.insert("rest".into(), hex(a.rest).into());
        }
        TlvBody::EnhancedAccuracyMetrics(m) => {
            f.insert("bcHopCount".into(), m.bc_hop_count.into());
            f.insert("tcHopCount".into(), m.tc_hop_count.into());
            for (k, max, var) in [
                ("GmInaccuracy", m.max_gm_inaccuracy, m.var_gm_inaccuracy),
                (
                    "TransientInaccuracy",
                    m.max_transient_inaccuracy,
                    m.var_transient_inaccuracy,
                ),
                (
                    "DynamicInaccuracy",
                    m.max_dynamic_inaccuracy,
                    m.var_dynamic_inaccuracy,
                ),
                (
                    "StaticInstanceInaccuracy",
                    m.max_static_instance_inaccuracy,
                    m.var_static_instance_inaccuracy,
                ),
                (
                    "StaticMediumInaccuracy",
                    m.max_static_medium_inaccuracy,
                    m.var_static_medium_inaccuracy,
                ),
            ] {
                f.insert(format!("max{k}"), max.scaled().into());
                // JSON has no NaN or infinity: those become null.
                f.insert(format!("var{k}"), var.into());
            }
        }
        TlvBody::Pad(n) => {
            f.insert("padLength".into(), (*n).into());
        }
        TlvBody::Other(v) => {
            f.insert("value".into(), hex(v).into());
        }
        _ => {}
    }
    Ok(())
}
