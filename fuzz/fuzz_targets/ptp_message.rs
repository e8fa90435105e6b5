//! PTP messages: any bytes either parse or give an error pointing inside the input.
//! A parsed message re-emits to bytes that parse back to the same message, and to the
//! input itself except where the input's reserved bits were not zero; the zero-copy
//! `MessageView` accepts exactly what `Message::parse` accepts and agrees with it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mediafabric_ptp::wire::{Message, MessageView};

fuzz_target!(|data: &[u8]| {
    let parsed = Message::parse(data);
    let view = MessageView::new_checked(data);
    assert_eq!(parsed.is_ok(), view.is_ok(), "view and parse disagree");
    let m = match parsed {
        Ok(m) => m,
        Err(e) => {
            if let Some(off) = e.offset() {
                assert!(off <= data.len(), "{e:?} beyond {} bytes", data.len());
            }
            return;
        }
    };
    let v = view.unwrap();
    assert_eq!(v.to_message(), m);
    assert_eq!(v.suffix(), m.suffix);
    assert_eq!(v.sequence_id(), m.header.sequence_id);
    let mut out = vec![0u8; m.buffer_len()];
    assert_eq!(m.emit(&mut out).unwrap(), m.buffer_len());
    let again = Message::parse(&out).expect("what we emit parses");
    assert_eq!(again, m, "parse(emit(parse(x))) != parse(x)");
    // The re-emit equals the input but for reserved bits the standard makes zero on
    // send: the header and body bytes of Table 35 - 56 that carry no field.
    let len = m.buffer_len();
    let mut want = data[..len].to_vec();
    let mut got = out.clone();
    for b in [&mut want, &mut got] {
        // messageTypeSpecific is kept; reserved octets in the bodies are not.
        match m.header.message_type.bits() {
            0x2 => b[44..54].fill(0), // Pdelay_Req reserved
            0xB => b[46] = 0,         // Announce reserved octet
            0xD => {
                b[46] &= 0x0F; // Management reserved nibble
                b[47] = 0; // Management reserved octet
            }
            _ => {}
        }
    }
    assert_eq!(got, want, "re-emit differs in a field that carries meaning");
});
