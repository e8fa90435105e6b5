//! Every PTP message of every capture in `tests/data/ptp/` (linuxptp 3.1 and 4.2, see its
//! README.md) parses, types every TLV, and re-emits byte for byte: the message, each
//! TLV, and each known organization extension's dataField.

mod common;

use std::collections::BTreeSet;

use mediafabric_ptp::wire::management::ManagementData;
use mediafabric_ptp::wire::org::KnownOrgExtension;
use mediafabric_ptp::wire::transport::locate;
use mediafabric_ptp::wire::{Message, TlvBody, TlvType, TypedTlv};

/// The one deliberately inconsistent message of the captures: a hand-made GET PRIORITY1
/// whose TLV lengthField (3) disagrees with messageLength (README.md,
/// ptp4l-pmc-management-errors.pcap, sequenceId 250).
fn is_crafted_inconsistent(file: &str, m: &Message<'_>) -> bool {
    file == "ptp4l-pmc-management-errors.pcap" && m.header.sequence_id == 250
}

fn known_data_len(k: &KnownOrgExtension, out: &mut [u8]) -> usize {
    match k {
        KnownOrgExtension::SmpteSyncMetadata(x) => x.emit(out),
        KnownOrgExtension::FollowUpInformation(x) => x.emit(out),
        KnownOrgExtension::MessageIntervalRequest(x) => x.emit(out),
        KnownOrgExtension::PowerProfile2011(x) => x.emit(out),
        KnownOrgExtension::PowerProfile2017(x) => x.emit(out),
        other => panic!("a known extension this test does not cover: {other:?}"),
    }
    .expect("a known extension re-emits")
}

/// Whether `out` and `want` differ only in the reserved octet after a one-octet
/// management dataField (Table 59 layouts such as PRIORITY1: value, reserved), which the
/// crate writes as zero. pmc 3.1 leaves that octet uninitialised in its SETs (0x6f in
/// ptp4l-pmc-management-errors.pcap); IEEE 1588-2019 §5.3.9 / §15.5.3 ask receivers to
/// ignore reserved octets, so the typed form does not keep it.
fn only_reserved_differs(t: &TypedTlv<'_>, out: &[u8], want: &[u8]) -> bool {
    let TlvBody::Management(m) = &t.body else {
        return false;
    };
    if !matches!(m.data, ManagementData::Octet(_)) || out.len() != want.len() || out.len() != 8 {
        return false;
    }
    out[..7] == want[..7] && out[7] == 0
}

#[test]
fn every_captured_message_and_tlv_round_trips_byte_exact() {
    let mut messages = 0usize;
    let mut tlv_types = BTreeSet::new();
    let mut known_orgs = BTreeSet::new();
    let mut typed_ids = BTreeSet::new();
    let mut failures = Vec::new();
    for path in common::capture_files() {
        let file = common::short(&path);
        for (i, frame) in common::frames(&path).iter().enumerate() {
            let n = i + 1;
            let loc = locate(frame).unwrap_or_else(|e| panic!("{file} #{n}: locate: {e}"));
            let bytes = &frame[loc.offset..];
            let m = match Message::parse(bytes) {
                Ok(m) => m,
                Err(e) => {
                    failures.push(format!("{file} #{n}: Message::parse: {e}"));
                    continue;
                }
            };
            messages += 1;
            let len = m.buffer_len();
            assert_eq!(len, usize::from(m.header.message_length), "{file} #{n}");
            let mut out = vec![0u8; len];
            m.emit(&mut out).unwrap();
            if out != bytes[..len] {
                failures.push(format!("{file} #{n}: message re-emit differs"));
            }
            if is_crafted_inconsistent(&file, &m) {
                // Its only TLV claims 3 bytes (one short of a MANAGEMENT TLV for
                // PRIORITY1) and leaves one stray byte: both are errors inside the message.
                let items: Vec<_> = m.tlvs().collect();
                assert_eq!(items.len(), 2, "{file} #{n}");
                let t = items[0].unwrap();
                let e = TypedTlv::parse(&t).unwrap_err();
                assert!(e.offset().unwrap() < len, "{file} #{n}: {e}");
                let e = items[1].unwrap_err();
                assert!(e.offset().unwrap() < len, "{file} #{n}: {e}");
                continue;
            }
            for t in m.tlvs() {
                let t = match t {
                    Ok(t) => t,
                    Err(e) => {
                        failures.push(format!("{file} #{n}: TLV: {e}"));
                        continue;
                    }
                };
                tlv_types.insert(t.tlv_type.0);
                let typed = match TypedTlv::parse(&t) {
                    Ok(x) => x,
                    Err(e) => {
                        failures.push(format!("{file} #{n}: TypedTlv::parse: {e}"));
                        continue;
                    }
                };
                let want = &bytes[t.offset..t.offset + t.buffer_len()];
                let mut out = vec![0u8; typed.buffer_len()];
                typed.emit(&mut out).unwrap();
                if out != want && !only_reserved_differs(&typed, &out, want) {
                    failures.push(format!(
                        "{file} #{n}: TLV {:#06x} at {} re-emits {out:02x?}, captured {want:02x?}",
                        t.tlv_type.0, t.offset
                    ));
                }
                match typed.body {
                    TlvBody::OrganizationExtension(o) => match o.known() {
                        Ok(Some(k)) => {
                            known_orgs
                                .insert(format!("{k:?}").split('(').next().unwrap().to_owned());
                            let mut d = vec![0u8; o.data.len()];
                            let w = known_data_len(&k, &mut d);
                            if w != o.data.len() || d != o.data {
                                failures.push(format!("{file} #{n}: {k:?} re-emits {d:02x?}"));
                            }
                        }
                        Ok(None) => failures.push(format!(
                            "{file} #{n}: organization extension {:02x?}/{} not typed",
                            o.organization_id, o.organization_sub_type
                        )),
                        Err(e) => failures.push(format!("{file} #{n}: known(): {e}")),
                    },
                    TlvBody::Management(mt) => {
                        let id = mt.management_id;
                        // Every Table 59 ID with a dataField comes back typed;
                        // linuxptp's own (0xC000-0xDFFF) stay raw.
                        match mt.data {
                            ManagementData::Raw(_) if id.0 < 0xC000 => failures.push(format!(
                                "{file} #{n}: {:?} ({:#06x}) not typed",
                                id.name(),
                                id.0
                            )),
                            ManagementData::Raw(_) | ManagementData::Empty => {}
                            _ => {
                                typed_ids.insert(id.name().unwrap_or("?"));
                            }
                        }
                    }
                    TlvBody::Other(_) => failures.push(format!(
                        "{file} #{n}: TLV {:#06x} ({:?}) not typed",
                        t.tlv_type.0,
                        t.tlv_type.name()
                    )),
                    _ => {}
                }
            }
        }
    }
    if !failures.is_empty() {
        // The same fault usually repeats in every message of a kind: show each once.
        let mut seen = std::collections::BTreeMap::<String, (String, usize)>::new();
        for f in &failures {
            let key = f
                .split_once(": ")
                .map(|(_, r)| r.to_owned())
                .unwrap_or_else(|| f.clone());
            seen.entry(key).or_insert_with(|| (f.clone(), 0)).1 += 1;
        }
        let lines: Vec<String> = seen.values().map(|(f, c)| format!("{f} (x{c})")).collect();
        panic!("{} failures:\n{}", failures.len(), lines.join("\n"));
    }
    assert!(messages > 1500, "only {messages} messages");
    // What the captures are known to hold (README.md): if one is re-recorded without
    // it, the coverage this test promises is gone.
    for t in [
        TlvType::MANAGEMENT,
        TlvType::MANAGEMENT_ERROR_STATUS,
        TlvType::ORGANIZATION_EXTENSION,
        TlvType::REQUEST_UNICAST_TRANSMISSION,
        TlvType::GRANT_UNICAST_TRANSMISSION,
        TlvType::CANCEL_UNICAST_TRANSMISSION,
        TlvType::ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION,
        TlvType::PATH_TRACE,
        TlvType::ALTERNATE_TIME_OFFSET_INDICATOR,
    ] {
        assert!(
            tlv_types.contains(&t.0),
            "no {:?} TLV in the captures",
            t.name()
        );
    }
    for k in [
        "FollowUpInformation",
        "PowerProfile2011",
        "PowerProfile2017",
    ] {
        assert!(
            known_orgs.contains(k),
            "no {k} in the captures: {known_orgs:?}"
        );
    }
    for id in [
        "CLOCK_DESCRIPTION",
        "USER_DESCRIPTION",
        "DEFAULT_DATA_SET",
        "CURRENT_DATA_SET",
        "PARENT_DATA_SET",
        "TIME_PROPERTIES_DATA_SET",
        "PORT_DATA_SET",
        "PRIORITY1",
        "LOG_SYNC_INTERVAL",
        "TIMESCALE_PROPERTIES",
        "DELAY_MECHANISM",
        "ALTERNATE_TIME_OFFSET_PROPERTIES",
        "ALTERNATE_TIME_OFFSET_NAME",
        "ALTERNATE_TIME_OFFSET_ENABLE",
    ] {
        assert!(
            typed_ids.contains(id),
            "no typed {id} in the captures: {typed_ids:?}"
        );
    }
}
