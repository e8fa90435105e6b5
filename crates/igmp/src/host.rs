//! The multicast host side (RFC 9776 §5, RFC 9777 §6), sans-IO.
