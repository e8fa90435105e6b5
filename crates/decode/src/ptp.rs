//! The `ptp` layer: IEEE 1588-2019 header, body and TLVs with the standard's names.

use mediafabric_ptp::wire::{
    Body, FlagField, ManagementId, Message, PortIdentity, Timestamp, TlvType,
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
                tlv_fields(t.tlv_type, t.value, &mut f);
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

fn tlv_fields(t: TlvType, v: &[u8], f: &mut Map<String, Value>) {
    match t {
        TlvType::MANAGEMENT if v.len() >= 2 => {
            let id = ManagementId(u16::from_be_bytes([v[0], v[1]]));
            f.insert(
                "managementId".into(),
                match id.name() {
                    Some(n) => Value::String(n.into()),
                    None => Value::from(id.0),
                },
            );
            f.insert("dataField".into(), hex(&v[2..]).into());
        }
        TlvType::MANAGEMENT_ERROR_STATUS if v.len() >= 8 => {
            f.insert(
                "managementErrorId".into(),
                u16::from_be_bytes([v[0], v[1]]).into(),
            );
            let id = ManagementId(u16::from_be_bytes([v[2], v[3]]));
            f.insert(
                "managementId".into(),
                match id.name() {
                    Some(n) => Value::String(n.into()),
                    None => Value::from(id.0),
                },
            );
        }
        TlvType::ORGANIZATION_EXTENSION
        | TlvType::ORGANIZATION_EXTENSION_PROPAGATE
        | TlvType::ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE
            if v.len() >= 6 =>
        {
            f.insert("organizationId".into(), hex(&v[..3]).into());
            f.insert(
                "organizationSubType".into(),
                u32::from_be_bytes([0, v[3], v[4], v[5]]).into(),
            );
            f.insert("dataField".into(), hex(&v[6..]).into());
        }
        TlvType::PATH_TRACE => {
            let ids: Vec<Value> = v
                .chunks_exact(8)
                .map(|c| {
                    let mut id = [0u8; 8];
                    id.copy_from_slice(c);
                    Value::String(mediafabric_ptp::wire::ClockIdentity(id).to_string())
                })
                .collect();
            f.insert("pathSequence".into(), Value::Array(ids));
        }
        _ => {
            f.insert("value".into(), hex(v).into());
        }
    }
}
