//! The floating-point codes of Max Resp Code and QQIC.
//!
//! IGMPv3 (RFC 9776 §4.1.1, §4.1.7) and MLDv2's QQIC (RFC 9777 §5.1.9) use an 8-bit
//! code: below 128 it is the value itself; otherwise the bits are `1 exp(3) mant(4)`
//! and the value is `(mant | 0x10) << (exp + 3)`. MLDv2's Maximum Response Code
//! (RFC 9777 §5.1.3) is the 16-bit analogue: below 32768 the value itself, otherwise
//! `1 exp(3) mant(12)` meaning `(mant | 0x1000) << (exp + 3)`.
//!
//! Encoding rounds down to the nearest representable value (a shorter response time
//! or query interval is the safe side) and saturates at the largest one; every
//! representable value encodes exactly, so `decode(encode(v)) == v` for those.

/// The largest value an 8-bit code represents: `0x1F << 10`.
pub const CODE8_MAX: u32 = 0x1F << 10;
/// The largest value a 16-bit code represents: `0x1FFF << 10`.
pub const CODE16_MAX: u32 = 0x1FFF << 10;

/// The value of an 8-bit code (units as the field's: 1/10 s for Max Resp Code,
/// seconds for QQIC).
pub const fn decode_code8(code: u8) -> u32 {
    if code < 0x80 {
        code as u32
    } else {
        let exp = ((code >> 4) & 0x07) as u32;
        let mant = (code & 0x0F) as u32;
        (mant | 0x10) << (exp + 3)
    }
}

/// The 8-bit code for `value`, rounded down to a representable value, saturating at
/// [`CODE8_MAX`].
pub const fn encode_code8(value: u32) -> u8 {
    if value < 0x80 {
        return value as u8;
    }
    if value >= CODE8_MAX {
        return 0xFF;
    }
    // value = (mant | 0x10) << (exp + 3) with the leading one at bit exp + 7.
    let top = 31 - value.leading_zeros(); // bit index of the leading one, 7..=14
    let exp = top - 7;
    let mant = (value >> (exp + 3)) & 0x0F;
    0x80 | ((exp as u8) << 4) | mant as u8
}

/// The value of a 16-bit MLDv2 Maximum Response Code, in milliseconds.
pub const fn decode_code16(code: u16) -> u32 {
    if code < 0x8000 {
        code as u32
    } else {
        let exp = ((code >> 12) & 0x07) as u32;
        let mant = (code & 0x0FFF) as u32;
        (mant | 0x1000) << (exp + 3)
    }
}

/// The 16-bit code for `value` milliseconds, rounded down, saturating at
/// [`CODE16_MAX`].
pub const fn encode_code16(value: u32) -> u16 {
    if value < 0x8000 {
        return value as u16;
    }
    if value >= CODE16_MAX {
        return 0xFFFF;
    }
    let top = 31 - value.leading_zeros(); // 15..=22
    let exp = top - 15;
    let mant = (value >> (exp + 3)) & 0x0FFF;
    0x8000 | ((exp as u16) << 12) | mant as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code8_round_trips_and_encoding_floors() {
        for c in 0..=255u8 {
            assert_eq!(encode_code8(decode_code8(c)), c, "code {c:#x}");
        }
        assert_eq!(decode_code8(0x80), 128);
        assert_eq!(decode_code8(0xFF), 31744);
        // Between two representable values, encoding goes down.
        assert_eq!(decode_code8(encode_code8(129)), 128);
        assert_eq!(decode_code8(encode_code8(135)), 128);
        assert_eq!(decode_code8(encode_code8(136)), 136);
        assert_eq!(encode_code8(u32::MAX), 0xFF);
        let mut last = 0;
        for v in 0..=40_000u32 {
            let d = decode_code8(encode_code8(v));
            assert!(d <= v && d >= last, "{v}");
            last = d;
        }
    }

    #[test]
    fn every_code16_round_trips_and_encoding_floors() {
        for c in 0..=u16::MAX {
            assert_eq!(encode_code16(decode_code16(c)), c, "code {c:#x}");
        }
        assert_eq!(decode_code16(0x8000), 32768);
        assert_eq!(decode_code16(0xFFFF), CODE16_MAX);
        assert_eq!(encode_code16(u32::MAX), 0xFFFF);
        let mut last = 0;
        for v in (0..=9_000_000u32).step_by(7) {
            let d = decode_code16(encode_code16(v));
            assert!(d <= v && d >= last, "{v}");
            last = d;
        }
    }
}
