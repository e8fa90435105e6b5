//! SDP (RFC 8866) for SMPTE ST 2110-20 video streams.
