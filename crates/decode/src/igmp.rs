//! The `igmp` and `mld` layers (RFC 9776, RFC 9777 and their predecessors).

use core::net::{Ipv4Addr, Ipv6Addr};

use mediafabric_igmp::wire::codec::{decode_code8, decode_code16};
use mediafabric_igmp::wire::records::{GroupRecord, Records, WireAddr};
use mediafabric_igmp::wire::{igmp, mld};
use serde_json::{Map, Value, json};

fn records<A: WireAddr + ToString>(r: &Records<'_, A>) -> Value {
    Value::Array(
        r.iter()
            .map(|g: GroupRecord<'_, A>| {
                json!({
                    "recordType": g.record_type.to_u8(),
                    "recordTypeName": g.record_type.name(),
                    "auxDataLen": g.aux_data.len() / 4,
                    "numberOfSources": g.sources.len(),
                    "multicastAddress": g.group.to_string(),
                    "sources": g.sources.iter().map(|s| Value::String(s.to_string())).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// The JSON fields of an IGMP message (without `proto`), or the parse error.
pub(crate) fn igmp_fields(b: &[u8]) -> Result<Map<String, Value>, mediafabric_igmp::Error> {
    let m = igmp::Message::parse(b)?;
    let len = m.buffer_len().min(b.len());
    let mut o = Map::new();
    o.insert("type".into(), b[0].into());
    o.insert("typeName".into(), igmp::type_name(b[0]).into());
    o.insert("version".into(), m.version().into());
    o.insert("maxRespCode".into(), b[1].into());
    let mrt = m.max_resp_time();
    o.insert(
        "maxRespTime".into(),
        if matches!(
            m,
            igmp::Message::QueryV1 { .. }
                | igmp::Message::QueryV2 { .. }
                | igmp::Message::QueryV3 { .. }
        ) {
            json!(f64::from(mrt) / 10.0)
        } else {
            Value::Null
        },
    );
    o.insert("checksum".into(), u16::from_be_bytes([b[2], b[3]]).into());
    o.insert(
        "checksumValid".into(),
        igmp::checksum_valid(&b[..len]).into(),
    );
    let group = |g: &Ipv4Addr| Value::String(g.to_string());
    match &m {
        igmp::Message::QueryV1 { group: g }
        | igmp::Message::QueryV2 { group: g, .. }
        | igmp::Message::ReportV1 { group: g }
        | igmp::Message::ReportV2 { group: g }
        | igmp::Message::LeaveV2 { group: g } => {
            o.insert("groupAddress".into(), group(g));
        }
        igmp::Message::QueryV3 {
            group: g,
            s_flag,
            qrv,
            qqic,
            sources,
            ..
        } => {
            o.insert("groupAddress".into(), group(g));
            o.insert("sFlag".into(), (*s_flag).into());
            o.insert("qrv".into(), (*qrv).into());
            o.insert("qqic".into(), (*qqic).into());
            o.insert("qqi".into(), decode_code8(*qqic).into());
            o.insert(
                "sources".into(),
                sources
                    .iter()
                    .map(|s| Value::String(s.to_string()))
                    .collect(),
            );
        }
        igmp::Message::ReportV3 { records: r } => {
            o.insert("numberOfGroupRecords".into(), r.len().into());
            o.insert("groupRecords".into(), records(r));
        }
        igmp::Message::Other { .. } => {}
    }
    Ok(o)
}

/// The JSON fields of an MLD message (without `proto`), or the parse error.
pub(crate) fn mld_fields(
    b: &[u8],
    src: &Ipv6Addr,
    dst: &Ipv6Addr,
) -> Result<Map<String, Value>, mediafabric_igmp::Error> {
    let m = mld::Message::parse(b)?;
    let len = m.buffer_len().min(b.len());
    let mut o = Map::new();
    o.insert("type".into(), b[0].into());
    o.insert("typeName".into(), mld::type_name(b[0]).into());
    o.insert("version".into(), m.version().into());
    o.insert("checksum".into(), u16::from_be_bytes([b[2], b[3]]).into());
    o.insert(
        "checksumValid".into(),
        mld::checksum_valid(&b[..len], src, dst).into(),
    );
    let addr = |g: &Ipv6Addr| Value::String(g.to_string());
    match &m {
        mld::Message::QueryV1 {
            max_response_delay,
            group,
        } => {
            o.insert("maxRespCode".into(), (*max_response_delay).into());
            o.insert("maxRespDelayMs".into(), (*max_response_delay).into());
            o.insert("multicastAddress".into(), addr(group));
        }
        mld::Message::QueryV2 {
            max_response_code,
            group,
            s_flag,
            qrv,
            qqic,
            sources,
        } => {
            o.insert("maxRespCode".into(), (*max_response_code).into());
            o.insert(
                "maxRespDelayMs".into(),
                decode_code16(*max_response_code).into(),
            );
            o.insert("multicastAddress".into(), addr(group));
            o.insert("sFlag".into(), (*s_flag).into());
            o.insert("qrv".into(), (*qrv).into());
            o.insert("qqic".into(), (*qqic).into());
            o.insert("qqi".into(), decode_code8(*qqic).into());
            o.insert(
                "sources".into(),
                sources
                    .iter()
                    .map(|s| Value::String(s.to_string()))
                    .collect(),
            );
        }
        mld::Message::ReportV1 { group } | mld::Message::DoneV1 { group } => {
            o.insert("multicastAddress".into(), addr(group));
        }
        mld::Message::ReportV2 { records: r } => {
            o.insert("numberOfRecords".into(), r.len().into());
            o.insert("groupRecords".into(), records(r));
        }
    }
    Ok(o)
}
