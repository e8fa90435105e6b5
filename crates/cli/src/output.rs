//! Output formats: how a decoded packet is written.
//!
//! * [`OutputFormat::Jsonl`]: one JSON object per line, for scripts and `jq`:
//!
//!   ```text
//!   {"index":0,"time":1795445387.572453000,"length":140,"layers":[{"proto":"eth",...}]}
//!   ```
//!
//!   `index` counts packets from 0 in file order; `time` is seconds since the Unix
//!   epoch as a JSON number with exactly nine decimals, written digit for digit from
//!   the capture's integer timestamp (`null` when the capture has none); `length` is
//!   the packet's length on the wire, and `caplen`, present only when it differs, the
//!   number of bytes the capture kept. `layers` is the `mediafabric-decode` layer model;
//!   `error` (`{"layer", "offset", "reason"}`) appears when a layer could not be read.
//! * [`OutputFormat::Text`]: one readable line per packet: index, time, length, then
//!   the decoder's summary of every layer.
//!
//! This module only formats; it knows nothing about capture files.

use std::io::{self, Write};

use mediafabric_decode::Decoded;

use crate::time::Timestamp;

/// How packets are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per line: index, time, length, layers and any error.
    Jsonl,
    /// One readable line per packet: index, time, length and a summary of each layer.
    Text,
}

/// The capture's facts about one packet, printed before its layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketInfo {
    /// Position in the file, from 0.
    pub index: u64,
    /// Capture time, when the record has one.
    pub time: Option<Timestamp>,
    /// Length on the wire.
    pub length: u32,
    /// Bytes captured.
    pub caplen: usize,
}

impl PacketInfo {
    /// Whether the capture kept fewer (or, in a damaged file, more) bytes than the wire
    /// length.
    fn caplen_differs(&self) -> bool {
        u64::try_from(self.caplen).map_or(true, |c| c != u64::from(self.length))
    }
}

/// Writes one packet in the chosen format, ending with a newline.
pub fn write_packet<W: Write>(
    out: &mut W,
    format: OutputFormat,
    info: &PacketInfo,
    decoded: &Decoded,
) -> io::Result<()> {
    match format {
        OutputFormat::Jsonl => write_jsonl(out, info, decoded),
        OutputFormat::Text => write_text(out, info, decoded),
    }
}

/// `{"index":..,"time":..,"length":..[,"caplen":..],"layers":[..][,"error":{..}]}`.
///
/// The object is assembled here rather than through a `serde_json::Value` so that
/// `time` is written exactly (a JSON number built from integers, never an `f64`) and
/// the keys keep this order.
pub fn write_jsonl<W: Write>(out: &mut W, info: &PacketInfo, decoded: &Decoded) -> io::Result<()> {
    write!(out, "{{\"index\":{},\"time\":", info.index)?;
    match info.time {
        Some(t) => write!(out, "{t}")?,
        None => out.write_all(b"null")?,
    }
    write!(out, ",\"length\":{}", info.length)?;
    if info.caplen_differs() {
        write!(out, ",\"caplen\":{}", info.caplen)?;
    }
    out.write_all(b",\"layers\":")?;
    serde_json::to_writer(&mut *out, &decoded.layers).map_err(io::Error::from)?;
    if let Some(e) = &decoded.error {
        out.write_all(b",\"error\":")?;
        serde_json::to_writer(&mut *out, &e.to_json()).map_err(io::Error::from)?;
    }
    out.write_all(b"}\n")
}

/// `0 1795445387.572453000 140 eth 8e:2a:.. > a6:23:.. type 0x0800 / ipv4 ...`.
///
/// The length reads `96/140` when only 96 of 140 bytes were captured; the time is `-`
/// when the record has none.
pub fn write_text<W: Write>(out: &mut W, info: &PacketInfo, decoded: &Decoded) -> io::Result<()> {
    write!(out, "{} ", info.index)?;
    match info.time {
        Some(t) => write!(out, "{t} ")?,
        None => out.write_all(b"- ")?,
    }
    if info.caplen_differs() {
        write!(out, "{}/", info.caplen)?;
    }
    writeln!(out, "{} {}", info.length, decoded.summary())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mediafabric_decode::DecodeError;
    use serde_json::{Value, json};

    fn decoded(error: bool) -> Decoded {
        Decoded {
            layers: vec![json!({"proto": "payload", "length": 3})],
            error: error.then(|| DecodeError {
                layer: "ipv4",
                offset: 14,
                reason: "version is 6, expected 4".into(),
            }),
        }
    }

    fn info(caplen: usize) -> PacketInfo {
        PacketInfo {
            index: 7,
            time: Some(Timestamp::from_pcap(1_700_000_000, 123_456_789, true)),
            length: 3,
            caplen,
        }
    }

    fn jsonl(info: &PacketInfo, d: &Decoded) -> String {
        let mut v = Vec::new();
        write_jsonl(&mut v, info, d).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn jsonl_keeps_every_time_digit_and_key_order() {
        let line = jsonl(&info(3), &decoded(false));
        assert_eq!(
            line,
            "{\"index\":7,\"time\":1700000000.123456789,\"length\":3,\
             \"layers\":[{\"proto\":\"payload\",\"length\":3}]}\n"
        );
        // Still valid JSON.
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["index"], 7);
    }

    #[test]
    fn jsonl_caplen_and_error() {
        let line = jsonl(&info(2), &decoded(true));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["caplen"], 2);
        assert_eq!(v["length"], 3);
        assert_eq!(
            v["error"],
            json!({"layer": "ipv4", "offset": 14, "reason": "version is 6, expected 4"})
        );
        let no_time = PacketInfo {
            time: None,
            ..info(3)
        };
        let v: Value = serde_json::from_str(&jsonl(&no_time, &decoded(false))).unwrap();
        assert_eq!(v["time"], Value::Null);
        assert!(v.get("caplen").is_none());
    }

    #[test]
    fn text_line() {
        let mut v = Vec::new();
        write_text(&mut v, &info(2), &decoded(true)).unwrap();
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "7 1700000000.123456789 2/3 payload 3 bytes \
             [error: ipv4 at offset 14: version is 6, expected 4]\n"
        );
    }
}
